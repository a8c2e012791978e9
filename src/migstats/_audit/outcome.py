"""One claim's outcome: its evidence, rounding-aware, at one (n, deff) point.

This module owns :class:`ClaimResult` (the outcome of one claim without
multiplicity adjustment) and how it is reached: the claim's evidence at any
points (:func:`evaluate_at`), made rounding-aware over the corners of the
rounding box of its published numbers (:func:`aware`, :func:`claim_corners`),
its break-even n (:func:`breakeven`), the check of the numbers its text
quotes (:func:`reported_mismatch`) and :func:`outcome`, which puts them
together.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from .._base import ConfidenceInterval, Result
from .._core import MAX_ALPHA
from .._corpus import parse_reported
from .claim_context import Prepared
from .decide import (
    INCONSISTENT,
    SUPPORTED,
    UNTESTABLE,
    Evidence,
    verdict_words,
)
from .profiles import rounding_deltas
from .settings import (
    BREAKEVEN_N_MAX,
    AuditSettings,
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


def evaluate_at(prep: Prepared, pcts, n, deff, with_ci=False) -> Evidence:
    n = np.atleast_1d(np.asarray(n, dtype=float))
    deff = np.broadcast_to(np.asarray(deff, dtype=float), n.shape)
    return prep.evaluate(pcts, n, deff, with_ci=with_ci)


def aware(prep: Prepared, corners: list | None, n, deff, with_ci=False) -> Evidence:
    """The claim's evidence, rounding-aware when ``corners`` are given.

    The rounding-aware p-value of each side is its largest value over the
    published numbers, their least favourable and their most favourable
    rounding corner (:func:`_corners`): the supremum over the rounding box
    of a test monotone in each number (docs/methods.md, section 6.5).  The
    interval is the union of the intervals of the points whose binding
    component is the printed numbers' (same ``estimand``): an interval of
    another component (a slope index where a group's share binds) is not an
    interval of the estimate shown.
    """
    base = evaluate_at(prep, base_pcts(prep), n, deff, with_ci=with_ci)
    if not corners:
        return base
    others = [evaluate_at(prep, c, n, deff, with_ci=with_ci) for c in corners]
    every = [base, *others]
    same = [base, *(t for t in others if t.estimand == base.estimand)]

    def most(field: str, reduce, among: list) -> np.ndarray:
        return reduce.reduce([np.asarray(getattr(t, field), float) for t in among])

    return base._replace(
        ci_low=most("ci_low", np.fmin, same),
        ci_high=most("ci_high", np.fmax, same),
        pvalue_support=most("pvalue_support", np.fmax, every),
        pvalue_contradict=most("pvalue_contradict", np.fmax, every),
    )


def _signs(prep: Prepared, at: list[np.ndarray], n: float, deff: float, todo=None) -> list:
    """Sign of each number's effect on the support statistic at the numbers ``at``.

    One number at a time moved within its rounding interval; only the
    numbers ``todo[j][i]`` (default all) are probed, the others get 0.
    """
    z0 = float(evaluate_at(prep, at, n, deff).z[0])
    signs = []
    for j, pr in enumerate(prep.profiles):
        sj = np.zeros(len(pr.percent))
        for i in range(len(pr.percent)):
            if todo is not None and not todo[j][i]:
                continue
            base = prep.profiles[j].percent[i]
            up = [b.copy() for b in at]
            # from the printed number: towards its upper limit (lower if it has none)
            up[j][i] = base + (max(pr.d_high[i], 1e-6) if pr.d_high[i] > 0 else -pr.d_low[i])
            if up[j][i] == at[j][i]:  # already there: probe the other limit
                up[j][i] = base - pr.d_low[i] if pr.d_low[i] > 0 else base
            step = up[j][i] - at[j][i]
            dz = float(evaluate_at(prep, up, n, deff).z[0]) - z0
            sj[i] = np.sign(dz) * np.sign(step) if np.isfinite(dz) and step else 0.0
        signs.append(sj)
    return signs


def _corner(prep: Prepared, signs: list, hurt: bool) -> list[np.ndarray]:
    """The numbers at the rounding limit that hurts (``hurt``) or helps the claim."""
    out = []
    for pr, sj in zip(prep.profiles, signs, strict=True):
        b = pr.percent
        up, down = b + pr.d_high, b - pr.d_low
        if hurt:
            up, down = down, up
        out.append(np.where(sj > 0, up, np.where(sj < 0, down, b)))
    return out


def corners_of(prep: Prepared, n: float, deff: float) -> list[list[np.ndarray]]:
    """Published numbers moved to the rounding limits that most hurt / help the claim.

    Whether raising a number helps the claim is read from the sign of its
    effect on the claim's support statistic (one number at a time).  A
    number without effect at the printed numbers (a component of an
    intersection-union test that does not bind there, e.g. a rank claim's
    distant group) is probed again at each corner, where its component may
    bind: each component is monotone in each number, so the corners are
    then the extremes of the binding statistic over the box.
    """
    base = base_pcts(prep)
    signs = _signs(prep, base, n, deff)
    out = []
    for hurt in (True, False):
        corner = _corner(prep, signs, hurt)
        todo = [sj == 0 for sj in signs]
        if any(t.any() for t in todo):
            again = _signs(prep, corner, n, deff, todo)
            both = [np.where(sj != 0, sj, a) for sj, a in zip(signs, again, strict=True)]
            corner = _corner(prep, both, hurt)
        out.append(corner)
    return out


def breakeven(prep: Prepared, corners: list | None, deff: float, alpha: float) -> float:
    """Smallest total n at which the claim alone would be supported (no adjustment).

    Rounding-aware when ``corners`` are given: for a pairwise difference,
    :func:`migstats.breakeven_n` with the rounding box of both numbers
    (centre and half-width of ``[p - d_low, p + d_high]``).
    """
    if prep.pairwise is not None and alpha < MAX_ALPHA:
        from .._core import breakeven_n

        a, b = prep.pairwise
        pr = prep.profiles[0]
        if pr.percent[a] <= pr.percent[b]:
            return math.inf
        shift = (pr.d_high - pr.d_low) / 2.0 if corners else np.zeros(len(pr.percent))
        half = (pr.d_high + pr.d_low) / 2.0 if corners else np.zeros(len(pr.percent))
        return float(
            breakeven_n(
                (pr.percent[a] + shift[a]) / 100.0,
                (pr.percent[b] + shift[b]) / 100.0,
                pr.n_frac[a],
                pr.n_frac[b],
                alpha=alpha,
                deff=deff,
                method="score",
                alternative="two-sided",
                half_width1=half[a] / 100.0,
                half_width2=half[b] / 100.0,
            )
        )
    n_min = max(2.0, max(float(np.max(1.0 / p.n_frac)) for p in prep.profiles))

    def ok(ns: np.ndarray) -> np.ndarray:
        return np.asarray(aware(prep, corners, ns, deff).pvalue_support, float) < alpha

    if not ok(np.array([float(BREAKEVEN_N_MAX)]))[0]:
        return math.inf
    lo, hi = math.ceil(n_min), BREAKEVEN_N_MAX
    if ok(np.array([float(lo)]))[0]:
        return float(lo)
    # bracket the smallest supported n with a few vectorised sweeps
    while hi - lo > 1:
        grid = np.unique(np.round(np.geomspace(lo, hi, 66)).astype(np.int64))
        good = ok(grid.astype(float))
        j = int(np.argmax(good))  # first supported point (good[-1] is True)
        hi = int(grid[j])
        lo = int(grid[j - 1]) if j > 0 else lo
    return float(hi)


def claim_corners(prep: Prepared, s: AuditSettings) -> list | None:
    """The rounding corners of a tested claim (None if not rounding-aware or not tested)."""
    if not s.rounding_aware or prep.evaluate is None or prep.untestable:
        return None
    return corners_of(prep, s.n, s.deff)


def outcome(
    prep: Prepared, s: AuditSettings, point: tuple | None = None, corners: list | None = None
) -> ClaimResult:
    """Unadjusted verdict of one prepared claim at ``point`` (default the settings' n, deff)."""
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
    t = aware(prep, corners, n, deff, with_ci=True)
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
