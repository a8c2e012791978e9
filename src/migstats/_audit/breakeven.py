"""Break-even n of a family of claims, alone and after the correction, on refined grids of n.

This module owns :func:`family_breakeven`: for every tested claim the
smallest total n from which it is supported for good -- alone (its own
support p-value below alpha) and after the report's multiplicity correction
(the whole family's p-values recomputed at that n and adjusted together).
Both use the very p-values of the audit (:func:`~.outcome.aware`: the same
rounding box, the same test), evaluated for all claims at once on one
geometric grid of n, refined inside every claim's bracket down to whole n
around where its p-value is predicted to cross alpha (the search alone on
each claim's own refinements, the search after the correction on the
family's, where a new n needs only the claims whose bracket holds it: the
others' p-values are bounded by their neighbours', :class:`_FamilySearch`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from .across import claims_pvalues_at
from .decide import SUPPORTED, verdict_words
from .fast import adjust_for_verdicts
from .settings import BREAKEVEN_N_MAX, AuditSettings

#: Points of the first geometric grid of n (project convention: neighbours
#: about 13% apart, refined below; at this density the refinement of chapter
#: 7's family ends after two rounds, at 48 to 96 points after three, and a
#: round costs about as much as 200 points more in the first grid).
GRID_POINTS = 128

#: Whole n inside a bracket up to which all of them are evaluated at once
#: (project convention: a round of that many points costs about one round's
#: fixed cost).
FILL_POINTS = 16

#: Smallest total n searched (a survey of one respondent has no test).
N_FLOOR = 2


def _smallest_n(prep) -> int:
    """Smallest whole n with at least one respondent in each of the claim's groups."""
    return math.ceil(max(float(N_FLOOR), *(float(np.max(1.0 / p.n_frac)) for p in prep.profiles)))


def first_grid(preps: Sequence = ()) -> np.ndarray:
    """The search's first grid of total n: geometric, and every claim's floor of ``preps``.

    The family changes only at a claim's floor (below it the claim takes no
    part in the correction), so the adjusted verdicts can turn there
    whatever the p-values do; with the floors on the grid the search sees it.
    """
    grid = np.round(np.geomspace(N_FLOOR, BREAKEVEN_N_MAX, GRID_POINTS))
    floors = [float(_smallest_n(p)) for p in preps]
    return np.unique(np.concatenate([grid, [f for f in floors if f <= BREAKEVEN_N_MAX]]))


def first_points(prep, grid: np.ndarray) -> np.ndarray:
    """The n at which the search first evaluates the claim: the first ``grid``, from its floor."""
    return np.maximum(grid, _smallest_n(prep))


def _supported(preps, corners, floors, ns: np.ndarray, deff: float, s: AuditSettings):
    """``(alone, adjusted)``: per claim and n, the p-value that decides and whether supported.

    Each is a pair of arrays (claims x ns): the support p-value alone and
    the adjusted p-value, and the verdicts they give.
    """
    tests = _evaluated(preps, corners, floors, [ns] * len(preps), deff)
    ps = np.array([t[0] for t in tests]).reshape(len(preps), -1)
    pc = np.array([t[1] for t in tests]).reshape(len(preps), -1)
    return (ps, ps < s.alpha), _adjusted(ps, pc, s)


def _evaluated(preps, corners, floors, points: list, deff: float) -> list[tuple]:
    """Each claim's ``(support, contradict)`` p-values at its points: NaN below its floor.

    Below its floor a claim is not evaluated (its test needs a respondent
    per group): it takes no part in the family there.
    """
    at = [(np.maximum(n, f), deff) for n, f in zip(points, floors, strict=True)]
    tests = claims_pvalues_at(preps, corners, at)
    return [
        tuple(np.where(n >= f, x, np.nan) for x in t)
        for t, n, f in zip(tests, points, floors, strict=True)
    ]


def _adjusted(ps: np.ndarray, pc: np.ndarray, s: AuditSettings) -> tuple:
    """The family's adjusted p-values (claims x points; NaN: not evaluated) and its verdicts."""
    p = np.minimum(ps, pc)
    p_adj = adjust_for_verdicts(p, s.correction, s.alpha)  # each n a family
    good = np.isfinite(p) & (verdict_words(p_adj, ps, pc, s.alpha) == SUPPORTED)
    return np.where(np.isfinite(p), p_adj, np.nan), good


def _brackets(
    ns: np.ndarray, good: np.ndarray, known: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per claim: the last n where it is not supported, the next evaluated n, their indices.

    ``ns`` is sorted; ``known`` (claims x ns, default all) marks the n at
    which each claim was evaluated, the others are passed over.  A claim
    supported everywhere gets ``(ns[0] - 1, ns[0])`` (every claim is
    evaluated at ``ns[0]``); one not supported at its largest n gets
    ``(inf, inf)``.  The indices are those of the two n (-1 if none).
    """
    bad = ~good if known is None else known & ~good
    last = np.where(bad.any(axis=1), ns.size - 1 - np.argmax(bad[:, ::-1], axis=1), -1)
    after = np.arange(ns.size)[None, :] > last[:, None]
    if known is not None:
        after &= known
    nxt = np.where(after.any(axis=1), np.argmax(after, axis=1), -1)
    low = np.where(last >= 0, ns[np.maximum(last, 0)], ns[0] - 1.0)
    high = np.where(nxt >= 0, ns[np.maximum(nxt, 0)], np.inf)
    return np.where(np.isfinite(high), low, np.inf), high, last, nxt


def _crossing(low: float, high: float, p_low: float, p_high: float, alpha: float) -> float:
    """Where the p-value is predicted to cross ``alpha`` between two n (NaN: no prediction).

    The normal quantile ``z`` of a two-sided p-value grows about as sqrt(n)
    at fixed shares, so ``z`` is interpolated linearly in sqrt(n) between
    the bracket's ends (a secant step; the prediction only places points).
    """
    from scipy import special

    if not (alpha <= p_low < 1.0 and 0.0 < p_high < alpha):
        return np.nan
    z_low, z_high, z_alpha = (-special.ndtri(x / 2.0) for x in (p_low, p_high, alpha))
    t = (z_alpha - z_low) / (z_high - z_low)
    return float((np.sqrt(low) + t * (np.sqrt(high) - np.sqrt(low))) ** 2)


def _inside(low: float, high: float, guess: float) -> np.ndarray:
    """The whole n strictly inside ``(low, high)`` to evaluate next.

    Every whole n once at most :data:`FILL_POINTS` are left; else the two n
    either side of the predicted crossing ``guess`` (:func:`_crossing`),
    with the bracket's midpoint when the guess is outside its middle half,
    so that every round narrows the bracket to at most three quarters
    whatever the prediction; without a prediction, the bracket's quarters
    (project convention: on chapter 7 the prediction is within one n of
    the crossing for most claims, and the search ends after two rounds).
    """
    width = high - low
    if width - 1 <= FILL_POINTS:
        return np.arange(low + 1, high)
    if np.isfinite(guess):
        c = math.ceil(guess)
        points = [c - 1.0, float(c)]
        if not low + width / 4 <= c <= high - width / 4:
            points.append(low + width / 2)
    else:
        points = list(low + width * np.arange(1, 4) / 4)
    # the distinct whole n inside, in order (np.unique's result; a few numbers: faster in Python)
    inside = {float(x) for x in np.round(np.array(points)) if low < x < high}
    return np.array(sorted(inside), dtype=float)


def _openings(
    ns: np.ndarray, p: np.ndarray, good: np.ndarray, alpha: float, known=None
) -> list[np.ndarray]:
    """Per claim, the whole n to evaluate next inside its open bracket (empty: closed).

    ``p``: the p-values (claims x ns) the prediction reads; ``known`` as
    in :func:`_brackets`.
    """
    low, high, last, nxt = _brackets(ns, good, known)
    out = [np.empty(0)] * len(low)
    open_ = np.isfinite(high)
    open_[open_] = high[open_] - low[open_] > 1
    for k in np.flatnonzero(open_):
        i, j = last[k], nxt[k]
        guess = _crossing(low[k], high[k], p[k, i], p[k, j], alpha) if i >= 0 else np.nan
        out[k] = _inside(low[k], high[k], guess)
    return out


def _next_points(ns: np.ndarray, searches: list, alpha: float) -> np.ndarray:
    """The whole n of the next round: inside every open bracket, not yet evaluated."""
    new = [x for p, good in searches for x in _openings(ns, p, good, alpha)]
    if not new:
        return np.empty(0)
    return np.setdiff1d(np.unique(np.concatenate(new)), ns)


class _AloneSearch(NamedTuple):
    """Every claim's search alone on one grid: each claim's support p-values where known.

    ``known`` (claims x ns) marks the n at which a claim was evaluated (the
    first grid, its own refinements and the family's n it was evaluated
    at); its bracket is read from those alone (:func:`_brackets`).
    """

    ns: np.ndarray
    p: np.ndarray
    known: np.ndarray

    def openings(self, alpha: float) -> list[np.ndarray]:
        """Per claim, the n to evaluate next (inside its open bracket, never known)."""
        return _openings(self.ns, self.p, self.p < alpha, alpha, self.known)

    def merged(self, points: list[np.ndarray], tests: list) -> _AloneSearch:
        """The search with each claim's support p-values ``tests[i][0]`` at ``points[i]``."""
        grid = np.union1d(self.ns, np.concatenate(points))
        p = np.full((len(points), grid.size), np.nan)
        known = np.zeros(p.shape, dtype=bool)
        old = np.searchsorted(grid, self.ns)
        p[:, old], known[:, old] = self.p, self.known
        for i, (pts, t) in enumerate(zip(points, tests, strict=True)):
            at = np.searchsorted(grid, pts)
            p[i, at], known[i, at] = t[0], True
        return _AloneSearch(grid, p, known)

    def ends(self, alpha: float) -> np.ndarray:
        """Each claim's break-even n alone: the n after its last unsupported one."""
        return _brackets(self.ns, self.p < alpha, self.known)[1]


def family_breakeven(
    preps: list, corners: list, deff: float, s: AuditSettings, first: tuple | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Break-even n of every claim of ``preps``: ``(alone, adjusted)``, ``inf`` if none.

    The smallest whole total n from which, on the grid, the claim is
    supported at every larger n: alone (support p-value below alpha) and
    after the correction of the family of ``preps`` at the same n and deff
    (the verdict rule of the audit on the adjusted p-values).  Every test of
    the audit loses p-value as n grows (its statistics grow as sqrt(n) at
    fixed shares), so the unadjusted break-even n is the smallest n at
    which the claim is supported; Holm's, Hochberg's and the
    Benjamini-Hochberg adjusted p-values grow with every raw p-value, so the
    same holds after the correction while the family stays the same.  It
    changes where a claim reaches its floor and joins the correction, which
    can undo a support for a while: every floor is a point of the first
    grid (:func:`first_grid`), so the search sees it.  "From which for good"
    guards the rest.

    The first grid (:func:`first_grid`) is refined inside each claim's
    bracket until it is one n wide: either side of where the p-value is
    predicted to cross alpha (:func:`_crossing`), guarded so that each
    round narrows the bracket at least by a quarter, and at every whole n
    once few are left (:func:`_inside`); the prediction only chooses
    where to look, the answer is read off the evaluated n.  The search
    after the correction refines one grid for the whole family
    (:class:`_FamilySearch`: at a new n only the claims whose bracket holds
    it are evaluated, the others' p-values bounded by their neighbours');
    each claim's search alone refines its own brackets, from every n at
    which the claim was evaluated (the first grid, its own refinements and
    the family's n inside its family bracket).  Each round is one call of
    :func:`~.across.claims_pvalues_at` (claims of a kind together), and a
    second where the bounds leave a verdict open.  ``first``: the first
    grid and each claim's ``(support, contradict)`` p-values at its n there
    (:func:`first_points`), when already evaluated.
    """
    if not preps:
        return np.empty(0), np.empty(0)
    floors = np.array([_smallest_n(p) for p in preps], dtype=float)
    ns = first_grid(preps)
    if first is not None and np.array_equal(first[0], ns):
        # below its floor a claim takes no part (as _evaluated leaves it)
        tests = [
            tuple(np.where(ns >= f, x, np.nan) for x in t)
            for t, f in zip(first[1], floors, strict=True)
        ]
    else:
        tests = _evaluated(preps, corners, floors, [ns] * len(preps), deff)
    ps, pc = (np.array([t[k] for t in tests]).reshape(len(preps), -1) for k in (0, 1))
    family = _FamilySearch.start(ns, ps, pc, s)
    alone = _AloneSearch(ns, ps, np.ones(ps.shape, dtype=bool))
    while True:
        new = _next_points(family.ns, [family.search], s.alpha)
        own = alone.openings(s.alpha)
        if not new.size and not any(x.size for x in own):
            break
        need = family.needs(new)
        points = [np.union1d(x, need[i]) for i, x in enumerate(own)]
        tests = _evaluated(preps, corners, floors, points, deff)
        if new.size:
            family = family.refined(new, need, points, tests, preps, corners, floors, deff)
        alone = alone.merged(points, tests)
    ends_alone = alone.ends(s.alpha)
    ends_adjusted = _brackets(family.ns, family.search[1])[1]
    return np.maximum(ends_alone, floors), np.maximum(ends_adjusted, floors)


#: Corrections whose adjusted p-values grow with every raw p-value of the
#: family, so that bounds on the raw p-values bound them: Bonferroni, Holm,
#: Hochberg, Benjamini-Hochberg and Benjamini-Yekutieli, as R ``p.adjust``
#: defines them (derived here: each is a running maximum or minimum, over
#: the sorted p-values, of a p-value times a constant of its rank, and raising
#: one p-value raises or keeps every such term; tests/test_one_pass.py checks
#: the search against every claim evaluated at every n).  For the others
#: (Hommel) every claim is evaluated at every n.
MONOTONE_CORRECTIONS = frozenset(
    {"none", "bonferroni", "holm", "hochberg", "fdr_bh", "BH", "fdr", "fdr_by", "BY"}
)


class _FamilySearch(NamedTuple):
    """The search after the correction: its grid and, per claim and n, what is known there.

    ``low`` / ``high`` bound each claim's raw p-value (the smaller of its two
    p-values; NaN below its floor), equal where it was evaluated;
    ``search`` is ``(adjusted, supported)`` as :func:`_next_points` reads
    them (the adjusted p-value only places the next points: at a bounded n
    its upper bound for the claims evaluated there, NaN for the others).
    Between two n of the grid every claim's p-value lies between its values
    there and the family is the same as at the lower one.  Both are
    assumptions, the search's own: a test's p-value falls with n below
    alpha (its statistic grows as sqrt(n); above 1/2 a range test's may
    rise, and alpha is below 1/2), and a claim's p-value is NaN only below
    its floor (a point of the first grid) or below an n where its test is
    refused, where every claim is evaluated (its bounds are not finite).
    So a claim supported at the lower n is supported in between, and the
    verdict of a claim whose bracket holds a new n is decided by adjusting
    its own p-value there with the others' bounds, low and high: each
    adjusted p-value grows with every raw p-value
    (:data:`MONOTONE_CORRECTIONS`).  Where the bounds leave it open, every
    claim is evaluated at that n.
    """

    ns: np.ndarray
    low: np.ndarray
    high: np.ndarray
    search: tuple
    s: AuditSettings

    @classmethod
    def start(cls, ns, ps, pc, s: AuditSettings) -> _FamilySearch:
        """The search on a grid at which every claim was evaluated (``ps``, ``pc``)."""
        p = np.minimum(ps, pc)
        return cls(ns, p, p, _adjusted(ps, pc, s), s)

    def needs(self, new: np.ndarray) -> list[np.ndarray]:
        """Per claim, the new n at which it is evaluated: those inside its bracket."""
        if self.s.correction not in MONOTONE_CORRECTIONS:
            return [new] * self.low.shape[0]
        low, high, _, _ = _brackets(self.ns, self.search[1])
        return [new[(new > lo) & (new < hi)] for lo, hi in zip(low, high, strict=True)]

    def refined(self, new, need, points, tests, preps, corners, floors, deff) -> _FamilySearch:
        """The search with the n ``new``, from the claims evaluated there (see the class)."""
        s, m = self.s, len(preps)
        b = np.searchsorted(self.ns, new)  # the next n of the grid; b - 1 the one before
        ps, pc = np.full((m, new.size), np.nan), np.full((m, new.size), np.nan)
        asked = np.zeros((m, new.size), dtype=bool)
        for i in range(m):
            at = np.searchsorted(new, need[i])
            own = np.searchsorted(points[i], need[i])
            ps[i, at], pc[i, at], asked[i, at] = tests[i][0][own], tests[i][1][own], True
        p = np.minimum(ps, pc)
        member = floors[:, None] <= new[None, :]
        low = np.where(asked, p, np.where(member, self.low[:, b], np.nan))
        high = np.where(asked, p, np.where(member, self.high[:, b - 1], np.nan))
        padj = np.full((m, new.size), np.nan)
        good = self.search[1][:, b - 1].copy()
        if s.correction in MONOTONE_CORRECTIONS:
            # adjusted as the full evaluation adjusts (adjust_for_verdicts), so that a
            # claim evaluated with every other claim exact gets the same verdict
            adj_low, adj_high = (adjust_for_verdicts(x, s.correction, s.alpha) for x in (low, high))
            decided = (adj_high < s.alpha) | (adj_low >= s.alpha) | ~(ps <= pc)
            good = np.where(asked, (adj_high < s.alpha) & (ps <= pc), good)
            padj = np.where(asked, adj_high, np.nan)
            # where the bounds leave a verdict open (or a member has none): every claim there
            unbounded = member & ~(np.isfinite(low) & np.isfinite(high))
            full = np.flatnonzero(((asked & np.isfinite(p) & ~decided) | unbounded).any(axis=0))
        else:
            full = np.arange(new.size)
        if full.size:
            every = _evaluated(preps, corners, floors, [new[full]] * m, deff)
            fps, fpc = (np.array([t[k] for t in every]).reshape(m, -1) for k in (0, 1))
            padj[:, full], good[:, full] = _adjusted(fps, fpc, s)
            low[:, full] = high[:, full] = np.minimum(fps, fpc)
        grid, (lo, hi, pa, gd) = _merged(
            self.ns, (self.low, self.high, *self.search), new, (low, high, padj, good)
        )
        return _FamilySearch(grid, lo, hi, (pa, gd), s)


def _merged(ns: np.ndarray, search: tuple, new: np.ndarray, more: tuple) -> tuple:
    """``(ns, search)`` with the points ``new`` (and their columns ``more``) added, in order.

    A point already in ``ns`` is kept once (its values are the same: each
    claim's p-values at a point are computed once per audit).
    """
    keep = ~np.isin(new, ns)
    grid = np.concatenate([ns, new[keep]])
    order = np.argsort(grid, kind="stable")
    merged = tuple(
        np.concatenate([a, b[:, keep]], axis=1)[:, order] for a, b in zip(search, more, strict=True)
    )
    return grid[order], merged
