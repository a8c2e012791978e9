"""One claim's outcome: its evidence, rounding-aware, at one (n, deff) point.

This module owns :class:`ClaimResult` (the outcome of one claim without
multiplicity adjustment) and how it is reached: the claim's evidence at any
points (:func:`evaluate_at`), made rounding-aware over the corners of the
rounding box of its published numbers, each component at its own corner
(:func:`aware`, at the corners :mod:`.corners` finds), its p-values at every point
the audit reads, each point evaluated once in one array pass
(:func:`pvalues_at`), the check of the numbers its text quotes
(:func:`reported_mismatch`) and :func:`outcome`, which puts them together.
"""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

import numpy as np

from .._base import ConfidenceInterval, Result, broadcast_as, invalid_value, stack_rows
from .._corpus import parse_reported
from .claim_context import Prepared
from .decide import (
    INCONSISTENT,
    SUPPORTED,
    UNTESTABLE,
    Evidence,
    intersection_union,
    union_pvalues,
    verdict_words,
    worst_pvalues,
)
from .memo import array_key, audit_memo, memoised
from .points import as_points, missing_points, point_cache, read_points, store_points
from .profiles import rounding_deltas
from .settings import (
    AuditSettings,
)
from .stacking import (
    at_pairs,
    at_sets,
    bounded_components,
    components_at,
)


@dataclasses.dataclass(frozen=True, repr=False)
class ClaimResult(Result):
    """Outcome of :func:`evaluate_claim` for one claim (no multiplicity adjustment).

    Attributes
    ----------
    claim_id : str
        The claim.
    kind : str
        Its kind (see ``data/claims.schema.json``).
    estimand : str
        What ``estimate`` is, in words.
    estimate : float
        The estimate (percent or percentage points); NaN if untestable.
    confidence_interval : ConfidenceInterval
        Interval for ``estimate`` at ``confidence_level`` (for text_table claims:
        the bounds the rounding allows).
    confidence_level : float
        Confidence level of the interval.
    pvalue_support : float
        p-value of the test whose rejection supports the claim.
    pvalue_contradict : float
        p-value of the test whose rejection contradicts it.
    pvalue : float
        ``min(pvalue_support, pvalue_contradict)``: the claim's p-value in the family.
    verdict : str
        One of ``supported, not supported, contradicted, inconsistent,
        untestable``, at level ``alpha`` without adjustment.
    method : str
        The test used.
    reason : str
        Why the verdict, in words.
    """

    claim_id: str
    kind: str
    estimand: str
    estimate: float
    confidence_interval: ConfidenceInterval
    confidence_level: float
    pvalue_support: float
    pvalue_contradict: float
    pvalue: float
    verdict: str
    method: str
    reason: str

    _unpack = ("verdict", "pvalue")


def reported_mismatch(prep: Prepared, s: AuditSettings) -> str:
    """Numbers quoted in the text that match none of the numbers the test uses."""
    if not prep.claim["reported"] or prep.evaluate is None:
        return ""
    ivs = [
        (p - pr.d_low[i], p + pr.d_high[i])
        for pr in prep.profiles
        for i, p in enumerate(pr.percent)
    ]
    bad = []
    for lo, hi in parse_reported(prep.claim["reported"]):
        lo2 = lo - rounding_deltas([lo], [False], s)[0]
        hi2 = hi + rounding_deltas([hi], [False], s)[1]
        if not any(a <= hi2 and lo2 <= b for a, b in ivs):
            bad.append(f"{lo:g}" if lo == hi else f"{lo:g}-{hi:g}")
    if not bad:
        return ""
    return (
        "the text's " + ", ".join(bad) + " matches none of the published numbers the claim rests on"
    )


def base_pcts(prep: Prepared) -> list[np.ndarray]:
    return [p.percent.copy() for p in prep.profiles]


def box_of(prep: Prepared) -> list[tuple[np.ndarray, np.ndarray]]:
    """The rounding box of the claim's published numbers: ``(low, high)`` per profile (percent)."""
    return [(p.percent - p.d_low, p.percent + p.d_high) for p in prep.profiles]


class Corners(NamedTuple):
    """A claim's rounding box and each component's least favourable corners.

    ``points`` are the distinct corners evaluated; ``support[c]`` /
    ``contradict[c]`` index the corner where component ``c``'s support /
    contradiction p-value is largest; ``hurt`` / ``help`` are the corners
    least and most favourable to the claim's binding component there.
    """

    box: list
    points: list
    support: list
    contradict: list
    hurt: list
    help: list

    def ends(self, c: int) -> set[int]:
        """The corners of component ``c`` (indices into ``points``)."""
        return {self.support[c], self.contradict[c]}


def evaluate_at(prep: Prepared, pcts, n, deff, with_ci=False) -> Evidence:
    """The claim's evidence at the numbers ``pcts``, taken as exact."""
    return intersection_union(components_at(prep, pcts, n, deff, with_ci))


def _worst(base: Evidence, at_support: Evidence, at_contradict: Evidence) -> Evidence:
    """One component over the box: largest p-values, union of the intervals."""

    def f(t: Evidence, field: str) -> np.ndarray:
        return np.asarray(getattr(t, field), float)

    every = (base, at_support, at_contradict)
    ps, pc = worst_pvalues(*((f(t, "pvalue_support"), f(t, "pvalue_contradict")) for t in every))
    return base._replace(
        ci_low=np.fmin.reduce([f(t, "ci_low") for t in every]),
        ci_high=np.fmax.reduce([f(t, "ci_high") for t in every]),
        pvalue_support=ps,
        pvalue_contradict=pc,
        z=np.fmin(f(base, "z"), f(at_support, "z")),
    )


def shared_evidence():
    """Inside the block, :func:`aware` computes each claim's evidence at given points once.

    One audit evaluates the same prepared claims at the same points more
    than once (each quantifier reading re-runs the family's verdicts; only
    the claims whose reading changes are prepared anew): the claims left
    unchanged return the evidence already computed (:func:`.memo.audit_memo`).
    """
    return audit_memo()


def aware(prep: Prepared, corners: Corners | None, n, deff, with_ci=False, worst=None) -> Evidence:
    """The claim's evidence, rounding-aware when ``corners`` are given.

    ``worst``: its components' p-values over the box at the points, when
    already known (:func:`~.across.claims_components_at`); the same
    evidence, without evaluating the corners again.  Inside
    :func:`shared_evidence`, computed once per claim, corners, points and
    ``with_ci``.
    """
    key = ("aware", id(prep), id(corners), *array_key(n, deff), bool(with_ci))
    return memoised(key, (prep, corners), lambda: _aware(prep, corners, n, deff, with_ci, worst))


def pvalues_at(prep: Prepared, corners: Corners | None, n, deff) -> tuple[np.ndarray, np.ndarray]:
    """The claim's p-values ``(support, contradict)`` of :func:`aware` at the points ``(n, deff)``.

    Inside :func:`shared_evidence` each point of a claim is evaluated once,
    however its points are asked for: the points not yet known are evaluated
    together, in one array pass over them, and the known ones are looked up
    (:func:`~.points.point_cache`).  A caller that first asks for every point it will
    need (the audit does: its other points, the robustness grid and the
    break-even search's first grid) makes every later request a lookup.  A
    point's p-values do not depend on the other points evaluated with it
    (every statistic is elementwise over the points), so they are those of
    :func:`aware` at that point alone.
    """
    n, deff = as_points(n, deff)
    known = point_cache(prep, corners)
    evaluate_points(prep, corners, known, missing_points(known, n, deff))
    return read_points(known, n, deff)


def evaluate_points(prep: Prepared, corners: Corners | None, known, missing: tuple) -> None:
    """Evaluate the claim at the points ``missing`` (``(n, deff)`` arrays), into ``known``.

    In one array pass over the points.
    """
    if missing[0].size:
        t = _aware(prep, corners, *missing)
        store_points(known, missing, t.pvalue_support, t.pvalue_contradict)


def _aware(prep: Prepared, corners: Corners | None, n, deff, with_ci=False, worst=None) -> Evidence:
    """The claim's evidence, rounding-aware when ``corners`` are given (see :func:`aware`).

    Each component's p-values are their largest over the rounding box
    (docs/methods.md, section 6.5): a monotone component's at its own least
    favourable corner (:func:`~.corners.corners_of`), a Wald ratio's the proven bound
    it returns for the box; then the components are combined
    (:func:`~.decide.intersection_union`), so that every component of a
    claim that must hold in several places is at its own worst corner.  A
    component's interval is the union of its intervals at the printed
    numbers and at its two corners; the corners' intervals are computed only
    for the component that binds (the only interval shown).  With ``worst``
    (each component's p-values over the box, known) see :func:`_aware_known`.
    """
    if worst is not None and corners:
        return _aware_known(prep, corners, n, deff, with_ci, worst)
    box = corners.box if corners else None
    base = components_at(prep, base_pcts(prep), n, deff, with_ci=with_ci, box=box)
    if not corners:
        return intersection_union(base)
    # a bounded component's p-values are already its bound over the box: its
    # corners serve its interval only
    bounded = bounded_components(prep, len(base))
    at = _at_corners(prep, corners, bounded, n, deff)
    comps = [
        b if bounded[c] else _worst(b, at[corners.support[c], c], at[corners.contradict[c], c])
        for c, b in enumerate(base)
    ]
    if with_ci:
        ps = stack_rows([broadcast_as(t.pvalue_support, np.shape(comps[0].z)) for t in comps])
        for c in np.unique(np.argmax(ps, axis=0)):
            ends = list(corners.ends(c))
            shown = at_pairs(prep, corners.points, [(k, int(c)) for k in ends], n, deff, True)
            comps[c] = _worst(comps[c], shown[ends[0], c], shown[ends[-1], c])
    return intersection_union(comps)


def _aware_known(
    prep: Prepared, corners: Corners, n, deff, with_ci: bool, worst: tuple
) -> Evidence:
    """:func:`_aware` when each component's p-values over the box are known (``worst``).

    The p-values are those; the numbers as printed and, with ``with_ci``,
    the corners of the binding components (where their intervals are
    also taken) are evaluated in one call, for the estimates, intervals
    and words only: the printed numbers are the first rows, whose words
    the evaluation gives (:func:`~.stacking.split_rows`).  The rounding box
    changes only the p-values of the components it bounds, so the numbers
    are evaluated without it.
    """
    ps = np.asarray(worst[0], float)
    binding = np.unique(np.argmax(ps, axis=0)).tolist() if with_ci else []
    ends = list(dict.fromkeys(k for c in binding for k in sorted(corners.ends(c))))
    every = at_sets(prep, [base_pcts(prep)] + [corners.points[k] for k in ends], n, deff, with_ci)
    comps = [
        b._replace(pvalue_support=worst[0][c], pvalue_contradict=worst[1][c])
        for c, b in enumerate(every[0])
    ]
    for c in binding:
        own = [every[1 + ends.index(k)][c] for k in (corners.support[c], corners.contradict[c])]
        comps[c] = _worst(comps[c], *own)
    return intersection_union(comps)


def _at_corners(prep: Prepared, corners: Corners, bounded: list[bool], n, deff) -> dict:
    """Each unbounded component at its two corners: ``{(corner, component): Evidence}``."""
    needed = [(k, c) for c, b in enumerate(bounded) if not b for k in corners.ends(c)]
    return at_pairs(prep, corners.points, needed, n, deff)


def outcome(
    prep: Prepared,
    s: AuditSettings,
    point: tuple | None = None,
    corners: Corners | None = None,
    with_ci: bool = True,
    worst: tuple | None = None,
) -> ClaimResult:
    """Unadjusted verdict of one prepared claim at ``point`` (default the settings' n, deff).

    ``worst``: its components' p-values over the rounding box at ``point``,
    when already known (:func:`~.across.claims_components_at`).
    ``with_ci=False`` leaves the interval NaN (a family read for its
    verdicts only); with ``worst`` also the estimate and its words.
    """
    n, deff = (s.n, s.deff) if point is None else point
    c = prep.claim
    if prep.untestable:
        nan_ci = ConfidenceInterval(np.nan, np.nan)
        nan4 = (np.nan,) * 4
        return ClaimResult(
            c["claim_id"], c["kind"], "", np.nan, nan_ci, *nan4, UNTESTABLE, "", prep.untestable
        )
    if prep.text_check is not None:
        ok, msg, est, lo, hi = prep.text_check(base_pcts(prep))
        return ClaimResult(
            c["claim_id"],
            c["kind"],
            "number from the tables (rounding bounds)",
            float(est),
            ConfidenceInterval(float(lo), float(hi)),
            *(np.nan,) * 4,
            SUPPORTED if ok else INCONSISTENT,
            prep.method,
            msg,
        )
    if worst is not None and not with_ci:
        nan = np.full(1, np.nan)
        ps, pc = union_pvalues(*worst)
        t = Evidence("", nan, nan, nan, nan, ps, pc, nan, "")
    else:
        t = aware(prep, corners, n, deff, with_ci=with_ci, worst=worst)
    t = Evidence(t.estimand, *(float(np.ravel(x)[0]) for x in t[1:8]), t.detail)
    p = min(t.pvalue_support, t.pvalue_contradict)
    mismatch = reported_mismatch(prep, s)
    verdict = (
        INCONSISTENT
        if mismatch
        else str(verdict_words(p, t.pvalue_support, t.pvalue_contradict, s.alpha))
    )
    return ClaimResult(
        c["claim_id"],
        c["kind"],
        t.estimand,
        t.estimate,
        ConfidenceInterval(t.ci_low, t.ci_high),
        t.confidence_level,
        t.pvalue_support,
        t.pvalue_contradict,
        p,
        verdict,
        prep.method,
        mismatch or t.detail,
    )


def refuse_missing_pvalues(
    preps: list[Prepared], pvalues: np.ndarray, tested: np.ndarray, s: AuditSettings, point: tuple
) -> None:
    """Refuse a family in which a tested claim has no p-value at ``point`` (NaN is no verdict).

    The one rule of :func:`migstats.audit` and of the batch audit
    (:class:`~.batch.BatchAudit`): the only test without a p-value on
    valid tables is the score test of two groups whose effective total
    ``(n1 + n2) / deff`` is at most 1 (:func:`migstats.compare` refuses
    it), so the error names the argument that set the point's deff --
    ``deff`` (the headline or central deff) or ``deffs`` (a grid deff the
    ``headline`` rule picked) -- and the claims without a p-value.
    """
    missing = [
        str(p.claim["claim_id"])
        for p, pv, t in zip(preps, np.asarray(pvalues, float), tested, strict=True)
        if t and np.isnan(pv)
    ]
    if not missing:
        return
    n, deff = point
    own = {float(s.deff), s.point("resolved")[1]}
    name, value = ("deff", deff) if deff in own else ("deffs", list(s.deff_grid))
    shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
    raise invalid_value(
        name,
        f"small enough that every tested comparison keeps an effective size (n1 + n2) / deff "
        f"above 1 at n = {n:,.0f} (at deff {deff:.3g} no p-value for {shown})",
        value,
    )
