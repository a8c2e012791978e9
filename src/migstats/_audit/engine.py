"""The audit engine: test every registered claim against the published numbers.

This module owns :func:`audit` (one row per claim: estimate, interval,
p-values before and after multiplicity adjustment, break-even n, verdict,
robustness of the verdict across the plausible sample sizes and design
effects, and sensitivity to the rounding of the published numbers),
:func:`evaluate_claim` (the verdict of one claim as a pure function of the
claim, the tables and the design) and :func:`audit_summary`.

The statistics are those of the core modules -- :func:`migstats.compare`,
:func:`migstats.diff_ci`, :func:`migstats.proportion_ci`,
:func:`migstats.slope_index`, :func:`migstats.compare_gradient_results`,
:func:`migstats.breakeven_n`, :func:`migstats.adjust_pvalues`,
:func:`migstats.rounding_interval` -- and of statsmodels; this module only
decides which test a claim calls for and how its outcome reads.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import math
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import ndtr

from .._base import (
    AUDIT_COLUMNS,
    CLAIM_VERDICTS,
    ConfidenceInterval,
    MigstatsValueError,
    Result,
    check_confidence_level,
    check_option,
    invalid_value,
)
from .._corpus import (
    COMPARISON_KINDS,
    QuantifierRange,
    chapter_tables,
    load_claims,
    load_quantifiers,
    parse_comparison,
    parse_reported,
    plain_tables,
    quantifier_range,
    select_rows,
    split_list,
    validate_claims,
)

__all__ = [
    "AUDIT_COLUMNS",
    "DEFAULT_EQUIVALENCE_MARGIN",
    "ClaimResult",
    "audit",
    "audit_summary",
    "evaluate_claim",
]

# --------------------------------------------------------------------------
# documented constants
# --------------------------------------------------------------------------

#: Equivalence margin for "no / small difference" claims, in percentage
#: points on the scale of the slope index of inequality (SII).  Convention:
#: Cohen's (1988) "small" effect for two proportions, h = 0.2, is the
#: distance between 45% and 55% (h = 2 asin(sqrt(.55)) - 2 asin(sqrt(.45))
#: = 0.2003), i.e. 10 points around the middle of the scale; a gradient
#: whose whole interval lies within +/- 10 points is smaller than a small
#: effect (the "smallest effect size of interest" logic of Lakens 2017).
DEFAULT_EQUIVALENCE_MARGIN = 10.0

#: Design effects over which the verdicts' robustness is shown (the project
#: convention, see docs/methods.md section 5: 1 = simple random sampling,
#: 1.5 and 2 = the range typical of weighted panel estimates, Kish 1965).
DEFF_GRID = (1.0, 1.5, 2.0)

#: Number of sample sizes in the design's plausible range (``design.n_grid``)
#: at which the verdicts' robustness is shown.
N_GRID_POINTS = 9

#: Half-width (percentage points) of the uncertainty of numbers the text
#: gives only approximately ("around 50%", "between 51 and 54%"): read as
#: rounded to the nearest multiple of 5, so +/- 2.5.  Convention.
APPROXIMATE_HALF_WIDTH = 2.5

#: Largest total sample size searched for the break-even n; a claim not
#: supported at this n is reported with break-even n = inf.
BREAKEVEN_N_MAX = 10_000_000

#: :func:`migstats.breakeven_n` accepts significance levels below 0.5; for
#: larger ``alpha`` the audit searches the break-even n itself.
BREAKEVEN_ALPHA_MAX = 0.5


#: Scenarios for the unknown correlation between two estimates from the same
#: respondents (see :func:`migstats.compare_gradient_results`).
CORRELATION_SCENARIOS = ("worst_case", "independent")


_FLOAT_COLUMNS = (
    "estimate",
    "ci_low",
    "ci_high",
    "confidence_level",
    "pvalue",
    "pvalue_adjusted",
    "pvalue_support",
    "pvalue_contradict",
    "breakeven_n",
)

_DIMENSIONS_INDEPENDENT = ("period",)  # each group is its own survey


# --------------------------------------------------------------------------
# results
# --------------------------------------------------------------------------


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
        One of ``supported, not significant, contradicted, inconsistent,
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


class _Test(NamedTuple):
    """One evaluation of a claim; fields are arrays over (n, deff) points."""

    estimand: str
    estimate: Any
    ci_low: Any
    ci_high: Any
    confidence_level: Any
    pvalue_support: Any
    pvalue_contradict: Any
    z: Any  # support statistic: larger = more evidence for the claim
    detail: str


@dataclasses.dataclass
class _Profile:
    """The published numbers of one item x response x dimension."""

    label: str
    groups: tuple
    percent: np.ndarray
    d_low: np.ndarray  # percent - lowest true value the rounding allows
    d_high: np.ndarray  # highest true value - percent
    n_frac: np.ndarray  # group n = total n * n_frac
    shares: np.ndarray  # population shares of the published groups (sum 1)
    complete: bool  # every group of the dimension is published
    assumption: str = ""

    def idx(self, names: Sequence[str]) -> list[int]:
        return [self.groups.index(g) for g in names]


@dataclasses.dataclass
class _Settings:
    alpha: float
    margin: float  # percentage points
    scenario: str
    decimals: int
    rounding: str


@dataclasses.dataclass
class _Prepared:
    claim: dict
    profiles: list
    evaluate: Callable[..., _Test] | None
    method: str
    untestable: str = ""
    text_check: Callable[[list], tuple] | None = None
    pairwise: tuple | None = None  # (group a, group b) indices for breakeven_n


# --------------------------------------------------------------------------
# decision rules (normal tails via scipy.special.ndtr: vectorised and fast)
# --------------------------------------------------------------------------


def _directional(z: Any) -> tuple[np.ndarray, np.ndarray]:
    """Three-decision rule: p-values for 'claimed direction' and 'opposite'.

    Each is twice the one-sided normal tail, i.e. a two-sided test at level
    alpha whose sign decides the direction (Shaffer 1980).
    """
    z = np.asarray(z, dtype=float)
    return np.minimum(1.0, 2.0 * ndtr(-z)), np.minimum(1.0, 2.0 * ndtr(z))


def _within(z_lo: Any, z_hi: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two one-sided tests (Schuirmann 1987) from the z statistics of both bounds.

    ``z_lo`` tests "above the lower bound", ``z_hi`` "below the upper
    bound".  Returns ``(pvalue_support, pvalue_contradict, z)``: the TOST p-value (the
    larger one-sided p), the p-value for "outside the range" (the smaller
    opposite one-sided p, doubled: Bonferroni over the two sides) and the
    binding z.
    """
    z_lo, z_hi = np.asarray(z_lo, dtype=float), np.asarray(z_hi, dtype=float)
    pvalue_support = np.maximum(ndtr(-z_lo), ndtr(-z_hi))
    p_contra = np.minimum(1.0, 2.0 * np.minimum(ndtr(z_lo), ndtr(z_hi)))
    return pvalue_support, p_contra, np.minimum(z_lo, z_hi)


def _safe_z(est: Any, se: Any) -> np.ndarray:
    """est / se, with +/-inf (or 0 for est == 0) where se == 0."""
    est, se = np.broadcast_arrays(np.asarray(est, float), np.asarray(se, float))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, est / np.where(se > 0, se, 1.0), np.sign(est) * np.inf)
    return np.where(np.isnan(z), 0.0, z)


def _iut(tests: Sequence[_Test]) -> _Test:
    """Combine components that must all hold (intersection-union test).

    Support needs every component: p = the largest pvalue_support (Berger 1982).
    Contradiction needs one component to fail: Bonferroni over the
    components.  Estimate and interval are those of the binding (least
    supported) component.
    """
    if len(tests) == 1:
        return tests[0]
    m = len(tests)
    ps = np.stack([np.broadcast_to(t.pvalue_support, np.shape(tests[0].z)) for t in tests])
    pc = np.stack([np.broadcast_to(t.pvalue_contradict, ps.shape[1:]) for t in tests])
    zs = np.stack([np.broadcast_to(t.z, ps.shape[1:]) for t in tests])
    i = np.argmax(ps, axis=0)

    def pick(field: str) -> np.ndarray:
        vals = np.stack(
            [np.broadcast_to(np.asarray(getattr(t, field), float), ps.shape[1:]) for t in tests]
        )
        return np.take_along_axis(vals, i[None], axis=0)[0]

    first = int(i.ravel()[0])
    return _Test(
        tests[first].estimand,
        pick("estimate"),
        pick("ci_low"),
        pick("ci_high"),
        pick("confidence_level"),
        ps.max(axis=0),
        np.minimum(1.0, m * pc.min(axis=0)),
        zs.min(axis=0),
        tests[first].detail + f" (the least supported of {m} conditions that must all hold)",
    )


def _fmt(x: Any, digits: int = 1) -> str:
    return f"{float(np.ravel(x)[0]):.{digits}f}"


def _pfmt(p: float) -> str:
    """'p = 0.021' or 'p < 0.0001'."""
    if not np.isfinite(p):
        return "p = nan"
    return f"p = {p:.2g}" if p >= 1e-4 else "p < 0.0001"


# --------------------------------------------------------------------------
# design and rounding adapters
# --------------------------------------------------------------------------


def _design_shares(design: Any, dimension: str) -> dict | None:
    """Population shares {group: share} of a dimension, or None if unknown."""
    if dimension == "total":
        return {"total": 1.0}
    try:
        shares = design.group_shares(dimension)
    except (KeyError, ValueError):
        return None
    return {str(k): float(v) for k, v in dict(shares).items()}


@functools.lru_cache(maxsize=4096)
def _interval(value: float, decimals: int, rounding: str) -> tuple[float, float]:
    """Rounding interval of one published number (cached: called often)."""
    from .._core import rounding_interval

    iv = rounding_interval(round(value, decimals), decimals=decimals, rounding=rounding)
    return float(iv.low), float(iv.high)


def _rounding_deltas(
    parts: Sequence[float], approx: Sequence[bool], s: _Settings
) -> tuple[float, float]:
    """How far the true (sum of) value(s) may lie below / above the published one.

    Approximate numbers ("around 50%") get +/- APPROXIMATE_HALF_WIDTH.  The
    true values cannot leave [0, 100].
    """
    lo_total = hi_total = 0.0
    for v, a in zip(parts, approx, strict=True):
        if a:
            lo, hi = v - APPROXIMATE_HALF_WIDTH, v + APPROXIMATE_HALF_WIDTH
        else:
            lo, hi = _interval(float(v), s.decimals, s.rounding)
        lo_total += v - max(lo, 0.0)
        hi_total += min(hi, 100.0) - v
    return lo_total, hi_total


def _profile(
    tables: pd.DataFrame,
    table_ids: Sequence[str],
    item: str,
    response: str,
    dimension: str,
    design: Any,
    s: _Settings,
) -> _Profile:
    rows = select_rows(tables, table_ids, item, response, dimension)
    groups = tuple(rows["group"])
    percent = rows["percent"].to_numpy(float)
    deltas = [
        _rounding_deltas(p, a, s)
        for p, a in zip(rows["parts"], rows["parts_approximate"], strict=True)
    ]
    d_low = np.array([d[0] for d in deltas])
    d_high = np.array([d[1] for d in deltas])
    label = f"{item} ({response}), {dimension}"
    g = len(groups)
    if dimension in _DIMENSIONS_INDEPENDENT:
        return _Profile(
            label,
            groups,
            percent,
            d_low,
            d_high,
            np.ones(g),
            np.full(g, 1.0 / g),
            True,
            assumption=f"each {dimension} is an independent sample of n",
        )
    shares = _design_shares(design, dimension)
    if shares is None:
        w = np.full(g, 1.0 / g)
        return _Profile(
            label,
            groups,
            percent,
            d_low,
            d_high,
            w,
            w,
            True,
            assumption=f"{dimension} class sizes unknown: equal shares assumed",
        )
    missing = [x for x in groups if x not in shares]
    if missing:
        raise invalid_value("groups", f"groups of the design's {dimension!r} breakdown", missing)
    w = np.array([shares[x] for x in groups])
    return _Profile(
        label, groups, percent, d_low, d_high, w, w / w.sum(), set(groups) == set(shares)
    )


# --------------------------------------------------------------------------
# components (vectorised over the (n, deff) points)
# --------------------------------------------------------------------------


def _score_z(pct: float, n_eff: np.ndarray, bound: float) -> np.ndarray:
    """One-sample score statistic of a share (percent) against ``bound`` (percent).

    ``z = (p - p0) / sqrt(p0 (1 - p0) / n_eff)``: the statistic of
    statsmodels ``proportions_ztest(count, nobs, value=p0, prop_var=p0)``,
    whose interval is Wilson's.  Written out because statsmodels reads an
    array of counts as several samples, and here one share is evaluated at
    many sample sizes at once.
    """
    p, p0 = pct / 100.0, bound / 100.0
    return (p - p0) / np.sqrt(p0 * (1.0 - p0) / n_eff)


def _level_test(
    pct: float,
    n_g: np.ndarray,
    deff: np.ndarray,
    q: QuantifierRange,
    name: str,
    label: str,
    s: _Settings,
    with_ci: bool,
) -> _Test:
    """A share against a quantifier's range: one-sample score tests."""
    n_eff = n_g / deff
    if q.test == "above":
        z = _score_z(pct, n_eff, q.low)
        p_s, p_c = _directional(z)
        level, goal = 1.0 - s.alpha, f"above {q.low:g}"
    elif q.test == "below":
        z = -_score_z(pct, n_eff, q.high)
        p_s, p_c = _directional(z)
        level, goal = 1.0 - s.alpha, f"below {q.high:g}"
    else:
        p_s, p_c, z = _within(_score_z(pct, n_eff, q.low), -_score_z(pct, n_eff, q.high))
        level, goal = 1.0 - 2.0 * s.alpha, f"within [{q.low:g}, {q.high:g}]"
    lo = hi = np.full(np.shape(z), np.nan)
    if with_ci:
        from .._core import proportion_ci

        k = pct / 100.0 * n_g
        ci = proportion_ci(k, n_g, method="wilson", confidence_level=level, deff=deff)
        lo, hi = 100.0 * np.asarray(ci[0], float), 100.0 * np.asarray(ci[1], float)
    detail = f"{label}: {pct:.1f}% against '{name}' ({goal})"
    return _Test(
        f"share of {label} (%)",
        np.full(np.shape(z), pct),
        lo,
        hi,
        np.full(np.shape(z), level),
        p_s,
        p_c,
        z,
        detail,
    )


def _diff_test(
    pa: np.ndarray,
    na: np.ndarray,
    pb: np.ndarray,
    nb: np.ndarray,
    deff: np.ndarray,
    label: str,
    s: _Settings,
    with_ci: bool,
) -> _Test:
    """Share a higher than share b (independent groups): score test, Newcombe interval.

    The test is the Miettinen-Nurminen score test of statsmodels
    ``test_proportions_2indep(method="score")`` on the effective counts
    ``k / deff`` and sizes ``n / deff`` -- the test of
    :func:`migstats.compare` (``method="score"``), called directly because
    the audit needs only its statistic, at many sample sizes at once, and
    ``compare`` also computes an interval by bisection.
    """
    from statsmodels.stats.proportion import test_proportions_2indep

    ka, kb = pa / 100.0 * na, pb / 100.0 * nb
    res = test_proportions_2indep(
        ka / deff,
        na / deff,
        kb / deff,
        nb / deff,
        method="score",
        compare="diff",
        alternative="two-sided",
        correction=True,
    )
    z = np.asarray(res.statistic, float)
    p_s, p_c = _directional(z)
    lo = hi = np.full(np.shape(z), np.nan)
    if with_ci:
        from .._core import diff_ci

        ci = diff_ci(ka, na, kb, nb, method="newcombe", confidence_level=1 - s.alpha, deff=deff)
        lo, hi = 100.0 * np.asarray(ci[0], float), 100.0 * np.asarray(ci[1], float)
    detail = f"{label}: {_fmt(pa)}% vs {_fmt(pb)}%"
    est = np.broadcast_to(pa - pb, np.shape(z)).astype(float)
    return _Test(
        f"difference {label} (points)",
        est,
        lo,
        hi,
        np.full(np.shape(z), 1 - s.alpha),
        p_s,
        p_c,
        z,
        detail,
    )


def _sii(prof: _Profile, pct: np.ndarray, n: np.ndarray, deff: np.ndarray, s: _Settings, gap: bool):
    """Slope index of inequality of a profile (or of its two extreme groups)."""
    from .._core import slope_index

    n_g = n[:, None] * prof.n_frac[None, :]
    p = pct / 100.0
    if gap:
        # two groups: SII = 2 x (last - first) whatever the shares
        return slope_index(
            p[[0, -1]],
            n_g[:, [0, -1]],
            [0.5, 0.5],
            confidence_level=1 - s.alpha,
            deff=deff[:, None],
        )
    return slope_index(p, n_g, prof.shares, confidence_level=1 - s.alpha, deff=deff[:, None])


# --------------------------------------------------------------------------
# preparing one claim: which numbers, which test
# --------------------------------------------------------------------------

_ALL_DIMENSIONS = ("total", "education", "income", "urbanisation", "period")


def _prepare(
    claim: dict,
    tables: pd.DataFrame,
    design: Any,
    quantifiers: pd.DataFrame,
    s: _Settings,
) -> _Prepared:
    kind = claim["kind"]
    if claim["untestable_reason"]:
        return _Prepared(claim, [], None, "", untestable=claim["untestable_reason"])
    ids = split_list(claim["table"])
    item, dim, _groups = claim["item"], claim["dimension"], claim["groups"]
    all_ids = sorted(set(tables["table"]))

    def prof(it: str = item, dm: str = dim) -> _Profile:
        return _profile(
            tables, ids if it == item else all_ids, it, claim["response"], dm, design, s
        )

    if kind == "text_table":
        return _prepare_text(claim, tables, ids, design, s)
    if kind == "level":
        return _prepare_level(claim, prof(), quantifiers, s)
    if kind in COMPARISON_KINDS:
        return _prepare_comparison(claim, prof(), s)
    if kind == "gradient":
        return _prepare_gradient(claim, prof(), s)
    if kind in ("no_difference", "consensus"):
        return _prepare_equivalence(claim, prof(), quantifiers, s)
    if kind in ("small_difference", "larger_gradient"):
        refs = split_list(claim["reference"])
        ref_profiles = [prof(dm=r) if r in _ALL_DIMENSIONS else prof(it=r) for r in refs]
        return _prepare_gradient_comparison(claim, prof(), refs, ref_profiles, s)
    if kind == "item_difference":
        return _prepare_item_difference(claim, prof(), prof(it=claim["reference"]), s)
    raise invalid_value("kind", "a kind the audit can test", kind)  # pragma: no cover


def _prepare_level(claim, P: _Profile, quantifiers, s: _Settings) -> _Prepared:
    q = quantifier_range(claim["quantifier"], quantifiers=quantifiers)
    groups = claim["groups"]
    ix = P.idx(list(P.groups) if groups == "all" else split_list(groups, ","))

    def ev(pcts, n, deff, with_ci=True):
        return _iut(
            [
                _level_test(
                    pcts[0][i],
                    n * P.n_frac[i],
                    deff,
                    q,
                    claim["quantifier"],
                    P.groups[i],
                    s,
                    with_ci,
                )
                for i in ix
            ]
        )

    m = "one-sample score test"
    m += " (two one-sided tests)" if q.test == "within" else " (three-decision rule)"
    m += ", Wilson interval"
    if len(ix) > 1:
        m += "; every group must qualify (intersection-union)"
    return _Prepared(claim, [P], ev, m)


def _prepare_comparison(claim, P: _Profile, s: _Settings) -> _Prepared:
    comp = parse_comparison(claim["groups"], list(P.groups))
    left = P.idx(comp.left)
    rights = [P.idx(r) for r in comp.right]

    def pooled(pct, n, ix):
        n_g = n[:, None] * P.n_frac[None, ix]
        return (n_g * pct[ix]).sum(axis=1) / n_g.sum(axis=1), n_g.sum(axis=1)

    def ev(pcts, n, deff, with_ci=True):
        pa, na = pooled(pcts[0], n, left)
        tests = []
        for r, names in zip(rights, comp.right, strict=True):
            pb, nb = pooled(pcts[0], n, r)
            label = "+".join(comp.left) + " minus " + "+".join(names)
            tests.append(_diff_test(pa, na, pb, nb, deff, label, s, with_ci))
        return _iut(tests)

    m = "two-sample score test (three-decision rule), Newcombe hybrid-score interval"
    if any(len(x) > 1 for x in [left, *rights]):
        m += "; pooled groups weighted by group size"
    if len(rights) > 1:
        m += "; higher than each (intersection-union)"
    if P.assumption:
        m += f"; assumption: {P.assumption}"
    pair = None
    if len(left) == 1 and len(rights) == 1 and len(rights[0]) == 1 and not P.assumption:
        pair = (left[0], rights[0][0])
    return _Prepared(claim, [P], ev, m, pairwise=pair)


def _prepare_gradient(claim, P: _Profile, s: _Settings) -> _Prepared:
    sign = 1.0 if claim["groups"] == "increasing" else -1.0
    gap = not P.complete
    scale = 50.0 if gap else 100.0
    name = "extreme-group gap" if gap else "SII"

    def ev(pcts, n, deff, with_ci=True):
        r = _sii(P, pcts[0], n, deff, s, gap)
        z = sign * np.asarray(r.statistic, float)
        p_s, p_c = _directional(z)
        est = scale * np.asarray(r.sii, float)
        return _Test(
            f"{name} of {P.label} (points)",
            est,
            scale * np.asarray(r.sii_ci[0], float),
            scale * np.asarray(r.sii_ci[1], float),
            np.full(np.shape(z), 1 - s.alpha),
            p_s,
            p_c,
            z,
            f"{name} {_fmt(est)} points across {claim['dimension']} ({claim['groups']} claimed)",
        )

    m = "slope index of inequality (Wald), three-decision rule"
    if gap:
        m += "; only the extreme groups are published: extreme-group gap used"
    if P.assumption:
        m += f"; assumption: {P.assumption}"
    return _Prepared(claim, [P], ev, m)


def _prepare_equivalence(claim, P: _Profile, quantifiers, s: _Settings) -> _Prepared:
    gap = not P.complete
    scale = 50.0 if gap else 100.0
    name = "extreme-group gap" if gap else "SII"
    consensus = claim["kind"] == "consensus"
    if consensus:
        q = quantifier_range(claim["quantifier"], quantifiers=quantifiers)
        floor = QuantifierRange(q.low, 100.0, "above", q.low_inclusive, True)
    zq = float(stats.norm.ppf(1 - s.alpha))

    def ev(pcts, n, deff, with_ci=True):
        r = _sii(P, pcts[0], n, deff, s, gap)
        est = scale * np.asarray(r.sii, float)
        se = scale * np.asarray(r.sii_standard_error, float)
        p_s, p_c, z = _within(_safe_z(est + s.margin, se), _safe_z(s.margin - est, se))
        t = _Test(
            f"{name} of {P.label} (points)",
            est,
            est - zq * se,
            est + zq * se,
            np.full(np.shape(z), 1 - 2 * s.alpha),
            p_s,
            p_c,
            z,
            f"{name} {_fmt(est)} points against the equivalence margin +/-{s.margin:g}",
        )
        if not consensus:
            return t
        levels = [
            _level_test(
                pcts[0][i],
                n * P.n_frac[i],
                deff,
                floor,
                claim["quantifier"],
                P.groups[i],
                s,
                with_ci,
            )
            for i in range(len(P.groups))
        ]
        return _iut([*levels, t])

    m = f"equivalence test (two one-sided tests) of the {name} against +/- margin"
    if consensus:
        m = (
            "every group above the quantifier's lower bound (score tests) and "
            + m
            + " (intersection-union)"
        )
    if gap:
        m += "; only the extreme groups are published"
    if P.assumption:
        m += f"; assumption: {P.assumption}"
    return _Prepared(claim, [P], ev, m)


def _prepare_gradient_comparison(claim, P, refs, R, s: _Settings) -> _Prepared:
    from .._core import compare_gradient_results

    gap = not (P.complete and all(x.complete for x in R))
    sign = 1.0 if claim["kind"] == "larger_gradient" else -1.0
    scale = 50.0 if gap else 100.0
    name = "extreme-group gap" if gap else "SII"

    def ev(pcts, n, deff, with_ci=True):
        a = _sii(P, pcts[0], n, deff, s, gap)
        tests = []
        for ref, pr, pct in zip(refs, R, pcts[1:], strict=True):
            b = _sii(pr, pct, n, deff, s, gap)
            c = compare_gradient_results(a, b, confidence_level=1 - s.alpha)
            est = np.asarray(c.abs_estimate, float)
            z = sign * _safe_z(est, c.abs_standard_error[s.scenario])
            p_s, p_c = _directional(z)
            ci = c.confidence_interval(s.scenario, scale="absolute")
            tests.append(
                _Test(
                    f"|{name}| of {P.label} minus |{name}| of {pr.label} (points)",
                    scale * est,
                    scale * np.asarray(ci[0], float),
                    scale * np.asarray(ci[1], float),
                    np.full(np.shape(z), 1 - s.alpha),
                    p_s,
                    p_c,
                    z,
                    f"|{name}| {_fmt(scale * np.abs(a.sii))} vs {_fmt(scale * np.abs(b.sii))} "
                    f"points (reference: {ref})",
                )
            )
        return _iut(tests)

    m = (
        f"difference of absolute {name}s (compare_gradient_results, {s.scenario} correlation), "
        "three-decision rule"
    )
    if len(refs) > 1:
        m += "; against each reference (intersection-union)"
    if gap:
        m += "; some groups unpublished: extreme-group gaps compared"
    return _Prepared(claim, [P, *R], ev, m)


def _prepare_item_difference(claim, P: _Profile, R: _Profile, s: _Settings) -> _Prepared:
    if not len(P.groups) == len(R.groups) == 1:
        raise invalid_value("groups", "a single group for item_difference", claim["groups"])
    zc = float(stats.norm.ppf(1 - s.alpha / 2))
    ref = claim["reference"]

    def ev(pcts, n, deff, with_ci=True):
        p1, p2 = pcts[0][0] / 100.0, pcts[1][0] / 100.0
        n_eff = n * P.n_frac[0] / deff
        se1 = np.sqrt(p1 * (1 - p1) / n_eff)
        se2 = np.sqrt(p2 * (1 - p2) / n_eff)
        se = se1 + se2 if s.scenario == "worst_case" else np.hypot(se1, se2)
        est = np.full(np.shape(n_eff), p1 - p2)
        z = _safe_z(est, se)
        p_s, p_c = _directional(z)
        return _Test(
            f"{claim['item']} minus {ref} (points)",
            100 * est,
            100 * (est - zc * se),
            100 * (est + zc * se),
            np.full(np.shape(z), 1 - s.alpha),
            p_s,
            p_c,
            z,
            f"{claim['item']} {100 * p1:.1f}% vs {ref} {100 * p2:.1f}%",
        )

    m = (
        f"z test for two items answered by the same respondents ({s.scenario} "
        "correlation), three-decision rule"
    )
    return _Prepared(claim, [P, R], ev, m)


def _prepare_text(
    claim: dict, tables: pd.DataFrame, ids: list, design: Any, s: _Settings
) -> _Prepared:
    """text_table claims: rounding-interval arithmetic, no test."""
    check = claim["check"]
    rep_iv = []
    for lo, hi in parse_reported(claim["reported"]):
        rep_iv.append(
            (lo - _rounding_deltas([lo], [False], s)[0], hi + _rounding_deltas([hi], [False], s)[1])
        )
    profiles = []
    for resp in split_list(claim["response"]):
        for t in ids:
            try:
                profiles.append(
                    _profile(tables, [t], claim["item"], resp, claim["dimension"], design, s)
                )
                break
            except MigstatsValueError:
                continue
        else:
            raise invalid_value("response", f"published in table(s) {claim['table']}", resp)

    def overlap(a, b) -> bool:
        return a[0] <= b[1] and b[0] <= a[1]

    def check_fn(pcts):
        P = profiles[0]
        if check in ("equal", "sum"):
            names = (
                list(P.groups)
                if claim["groups"] in ("all", "")
                else split_list(claim["groups"], ",")
            )
            ix = P.idx(names)
            if len(ix) != len(rep_iv):
                raise invalid_value(
                    "reported", f"{len(ix)} number(s), one per group", claim["reported"]
                )
            bad = []
            for i, iv in zip(ix, rep_iv, strict=True):
                tiv = (pcts[0][i] - P.d_low[i], pcts[0][i] + P.d_high[i])
                if not overlap(tiv, iv):
                    bad.append(
                        f"{P.groups[i]}: text {iv[0]:g} to {iv[1]:g} vs tables "
                        f"{tiv[0]:g} to {tiv[1]:g}"
                    )
            i0 = ix[0]
            what = "sum of the published shares" if check == "sum" else "published numbers"
            msg = (
                f"the text's number(s) agree with the {what} within rounding"
                if not bad
                else "the text's number(s) differ from the tables beyond rounding: "
                + "; ".join(bad)
            )
            return (
                not bad,
                msg,
                pcts[0][i0],
                pcts[0][i0] - P.d_low[i0],
                pcts[0][i0] + P.d_high[i0],
            )
        if check == "at_most_100":
            total = sum(float(p[0]) for p in pcts)
            low = sum(float(p[0] - pr.d_low[0]) for p, pr in zip(pcts, profiles, strict=True))
            high = sum(float(p[0] + pr.d_high[0]) for p, pr in zip(pcts, profiles, strict=True))
            ok = low <= 100.0
            msg = f"the responses add up to {total:g}% (at least {low:g} within rounding), " + (
                "leaving room for the other categories" if ok else "more than 100%"
            )
            return ok, msg, total, low, high
        # weighted_mean: group numbers with design shares against the total
        w = P.shares
        low = float(np.sum(w * (pcts[0] - P.d_low)))
        high = float(np.sum(w * (pcts[0] + P.d_high)))
        iv = rep_iv[0]
        ok = overlap((low, high), iv)
        msg = (
            f"the share-weighted mean of the groups lies in [{low:.1f}, {high:.1f}], which "
            f"{'overlaps' if ok else 'misses'} the total's {iv[0]:g} to {iv[1]:g}"
        )
        if P.assumption:
            msg += f"; assumption: {P.assumption}"
        return ok, msg, float(np.sum(w * pcts[0])), low, high

    method = {
        "equal": "rounding intervals of text and table must overlap",
        "sum": "rounding interval of the text's number must overlap the sum of the "
        "table's rounding intervals",
        "at_most_100": "lower rounding bounds of the responses must add up to at most 100",
        "weighted_mean": "design-share-weighted mean of the groups' rounding intervals must "
        "overlap the total's rounding interval",
    }[check]
    return _Prepared(claim, profiles, None, method, text_check=check_fn)


# --------------------------------------------------------------------------
# evaluation
# --------------------------------------------------------------------------


def _reported_mismatch(prep: _Prepared, s: _Settings) -> str:
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
        lo2 = lo - _rounding_deltas([lo], [False], s)[0]
        hi2 = hi + _rounding_deltas([hi], [False], s)[1]
        if not any(a <= hi2 and lo2 <= b for a, b in ivs):
            bad.append(f"{lo:g}" if lo == hi else f"{lo:g}-{hi:g}")
    if not bad:
        return ""
    return (
        "the text's " + ", ".join(bad) + " matches none of the published numbers the claim rests on"
    )


def _verdicts(p_adj: Any, pvalue_support: Any, pvalue_contradict: Any, alpha: float) -> np.ndarray:
    p_adj, pvalue_support, pvalue_contradict = np.broadcast_arrays(
        np.asarray(p_adj, float),
        np.asarray(pvalue_support, float),
        np.asarray(pvalue_contradict, float),
    )
    sig = np.isfinite(p_adj) & (p_adj < alpha)
    return np.where(
        sig,
        np.where(pvalue_support <= pvalue_contradict, "supported", "contradicted"),
        "not significant",
    )


def _base_pcts(prep: _Prepared) -> list[np.ndarray]:
    return [p.percent.copy() for p in prep.profiles]


def _at(prep: _Prepared, pcts, n, deff, with_ci=False) -> _Test:
    n = np.atleast_1d(np.asarray(n, dtype=float))
    deff = np.broadcast_to(np.asarray(deff, dtype=float), n.shape)
    return prep.evaluate(pcts, n, deff, with_ci=with_ci)


def _corners(prep: _Prepared, n: float, deff: float) -> list[list[np.ndarray]]:
    """Published numbers moved to the rounding limits that most hurt / help the claim.

    Whether raising a number helps the claim is read from the sign of its
    effect on the claim's support statistic (one number at a time).
    """
    base = _base_pcts(prep)
    z0 = float(_at(prep, base, n, deff).z[0])
    signs = []
    for j, pr in enumerate(prep.profiles):
        sj = np.zeros(len(pr.percent))
        for i in range(len(pr.percent)):
            up = [b.copy() for b in base]
            up[j][i] += max(pr.d_high[i], 1e-6) if pr.d_high[i] > 0 else -pr.d_low[i]
            step = up[j][i] - base[j][i]
            dz = float(_at(prep, up, n, deff).z[0]) - z0
            sj[i] = np.sign(dz) * np.sign(step) if np.isfinite(dz) else 0.0
        signs.append(sj)
    worst, best = [], []
    for b, pr, sj in zip(base, prep.profiles, signs, strict=True):
        best.append(np.where(sj > 0, b + pr.d_high, np.where(sj < 0, b - pr.d_low, b)))
        worst.append(np.where(sj > 0, b - pr.d_low, np.where(sj < 0, b + pr.d_high, b)))
    return [worst, best]


def _breakeven(prep: _Prepared, deff: float, alpha: float) -> float:
    """Smallest total n at which the claim alone would be supported (no adjustment)."""
    base = _base_pcts(prep)
    if prep.pairwise is not None and alpha < BREAKEVEN_ALPHA_MAX:
        from .._core import breakeven_n

        a, b = prep.pairwise
        pr = prep.profiles[0]
        if pr.percent[a] <= pr.percent[b]:
            return math.inf
        return float(
            breakeven_n(
                pr.percent[a] / 100.0,
                pr.percent[b] / 100.0,
                pr.n_frac[a],
                pr.n_frac[b],
                alpha=alpha,
                deff=deff,
                method="score",
                alternative="two-sided",
            )
        )
    n_min = max(2.0, max(float(np.max(1.0 / p.n_frac)) for p in prep.profiles))

    def ok(ns: np.ndarray) -> np.ndarray:
        return np.asarray(_at(prep, base, ns, deff).pvalue_support, float) < alpha

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


@contextlib.contextmanager
def _cheap_collections():
    """Make explicit ``gc.collect()`` calls cheap for the duration.

    statsmodels' ``multipletests`` (behind :func:`migstats.adjust_pvalues`
    for every correction but Holm, which migstats computes itself) calls
    ``gc.collect()`` on every adjustment, which costs about 0.1 s with numpy,
    scipy and pandas loaded; the audit adjusts the family once per (n, deff)
    point.  ``gc.freeze()`` moves the existing objects to the
    permanent generation so that those collections only scan new objects;
    ``gc.unfreeze()`` puts them back afterwards.  Results are unaffected.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _adjust(p: np.ndarray, correction: str) -> np.ndarray:
    from .._core import adjust_pvalues

    out = np.full(np.shape(p), np.nan)
    ok = np.isfinite(p)
    if ok.any():
        out[ok] = np.asarray(adjust_pvalues(np.asarray(p)[ok], method=correction), dtype=float)
    return out


#: Corrections whose adjusted p-values lie between p and m * p (m tests), so
#: that a verdict can often be decided without recomputing the family.
_BOUNDED_CORRECTIONS = frozenset(
    {"holm", "bonferroni", "sidak", "holm-sidak", "simes-hochberg", "hommel", "fdr_bh", "none"}
)


def _adjust_for_verdicts(p: np.ndarray, correction: str, alpha: float) -> np.ndarray:
    """Adjusted p-values, exact where they matter for the verdict.

    For the corrections of :data:`_BOUNDED_CORRECTIONS` the adjusted value
    lies in ``[p, m p]``; when that alone places every p-value on one side
    of ``alpha`` the family is not re-adjusted and the bound is returned
    (``p`` if ``p >= alpha``, ``m p`` if ``m p < alpha``).
    """
    m = int(np.isfinite(p).sum())
    if correction in _BOUNDED_CORRECTIONS:
        decided = ~np.isfinite(p) | (p >= alpha) | (m * p < alpha)
        if decided.all():
            return np.where(p >= alpha, p, m * p)
    return _adjust(p, correction)


def _adjusted_one(pv: np.ndarray, i: int, p_new: float, correction: str, alpha: float) -> float:
    """Adjusted p-value of claim ``i`` if its raw p-value were ``p_new``.

    Only its position relative to ``alpha`` matters to the verdict, so the
    family is re-adjusted only when the bounds ``p <= p_adj <= m p`` leave it
    open.
    """
    m = int(np.isfinite(pv).sum())
    if p_new >= alpha:
        return p_new
    if correction in _BOUNDED_CORRECTIONS and m * p_new < alpha:
        return m * p_new
    pv2 = pv.copy()
    pv2[i] = p_new
    return float(_adjust(pv2, correction)[i])


def _summarise_range(V: np.ndarray, n_grid: Sequence[float], deffs: Sequence[float]) -> str:
    uniq = set(V.ravel().tolist())
    if uniq == {"supported"}:
        return "supported at every plausible n and deff"
    if uniq == {"contradicted"}:
        return "contradicted at every plausible n and deff"
    if uniq == {"not significant"}:
        return "not significant at any plausible n and deff"
    parts = []
    for d, row in zip(deffs, V, strict=True):
        row = list(row)
        if len(set(row)) == 1:
            parts.append(f"{row[0]} at every plausible n at deff {d:g}")
            continue
        target = "supported" if "supported" in row else "contradicted"
        first = row.index(target)
        if all(v == target for v in row[first:]):
            parts.append(f"{target} from n >= {int(n_grid[first]):,} at deff {d:g}")
        else:
            ns = ", ".join(f"{int(x):,}" for x, v in zip(n_grid, row, strict=True) if v == target)
            parts.append(f"{target} at n = {ns} at deff {d:g}")
    return "depends on n and deff: " + "; ".join(parts)


# --------------------------------------------------------------------------
# argument checks
# --------------------------------------------------------------------------


def _corrections() -> tuple[str, ...]:
    from .._core import compare as _compare

    return tuple(getattr(_compare, "CORRECTIONS", ("holm", "bonferroni", "fdr_bh", "none")))


def _check_args(design, n, deff, alpha, correction, margin, gradient_correlation):
    from .._base import check_deff, check_n
    from .._corpus import SampleDesign

    if not isinstance(design, SampleDesign):
        raise invalid_value("design", "a SampleDesign", type(design).__name__)
    alpha = check_confidence_level(alpha, "alpha")
    n = int(check_n(design.n if n is None else n, "n"))
    deff = float(check_deff(design.deff if deff is None else deff, "deff"))
    correction = check_option(correction, "correction", _corrections())
    try:
        m = float(margin)
    except (TypeError, ValueError):
        raise invalid_value("margin", "a number in (0, 100]", margin) from None
    if not (0 < m <= 100):
        raise invalid_value("margin", "a number in (0, 100]", margin)
    check_option(gradient_correlation, "gradient_correlation", CORRELATION_SCENARIOS)
    return n, deff, alpha, correction, m


def _settings(design, alpha, margin, scenario) -> _Settings:
    return _Settings(alpha, margin, scenario, int(design.decimals), str(design.rounding))


def _resolve_inputs(claims, tables, quantifiers):
    q = load_quantifiers() if quantifiers is None else quantifiers
    if claims is None:
        c = load_claims() if quantifiers is None else validate_claims(load_claims(), quantifiers=q)
    else:
        c = validate_claims(claims, tables=tables, quantifiers=q)
    if tables is None:
        tables = chapter_tables()
    else:
        tables = plain_tables(tables)
    return c, tables, q


# --------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------


def _outcome(prep: _Prepared, n: float, deff: float, s: _Settings) -> ClaimResult:
    """Unadjusted verdict of one prepared claim."""
    c = prep.claim
    nan_ci = ConfidenceInterval(np.nan, np.nan)
    if prep.untestable:
        return ClaimResult(
            c["claim_id"],
            c["kind"],
            "",
            np.nan,
            nan_ci,
            np.nan,
            np.nan,
            np.nan,
            np.nan,
            "untestable",
            "",
            prep.untestable,
        )
    if prep.text_check is not None:
        ok, msg, est, lo, hi = prep.text_check(_base_pcts(prep))
        return ClaimResult(
            c["claim_id"],
            c["kind"],
            "number from the tables (rounding bounds)",
            float(est),
            ConfidenceInterval(float(lo), float(hi)),
            np.nan,
            np.nan,
            np.nan,
            np.nan,
            "supported" if ok else "inconsistent",
            prep.method,
            msg,
        )
    t = _at(prep, _base_pcts(prep), n, deff, with_ci=True)
    t = _Test(t.estimand, *(float(np.ravel(x)[0]) for x in t[1:8]), t.detail)
    p = min(t.pvalue_support, t.pvalue_contradict)
    mismatch = _reported_mismatch(prep, s)
    verdict = (
        "inconsistent"
        if mismatch
        else str(_verdicts(p, t.pvalue_support, t.pvalue_contradict, s.alpha))
    )
    reason = mismatch or t.detail
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
        reason,
    )


def evaluate_claim(
    claim: pd.Series | dict,
    *,
    tables: pd.DataFrame | None = None,
    design: Any = None,
    n: int | None = None,
    deff: float | None = None,
    alpha: float = 0.05,
    margin: float = DEFAULT_EQUIVALENCE_MARGIN,
    quantifiers: pd.DataFrame | None = None,
    gradient_correlation: str = "worst_case",
) -> ClaimResult:
    """Test one claim against the published numbers (no multiplicity adjustment).

    A pure function of the claim, the tables and the design: the building
    block of :func:`audit`, which adds the family-wise adjustment, the
    robustness across n and deff, the rounding sensitivity and the
    break-even n.

    Parameters
    ----------
    claim : pandas.Series or dict
        One row of a claims registry (columns of ``data/claims.csv``).
    tables : pandas.DataFrame, optional
        Tidy published tables (``table, item, response, dimension, group,
        percent`` and optionally ``approximate``); default: every table of
        the chapter.
    design : SampleDesign, optional
        Sample design; default :data:`migstats.LISS_2023`.  Gives the group
        shares, the default n and deff and the rounding of the numbers.
    n : int, optional
        Total sample size; default ``design.n``.
    deff : float, optional
        Kish design effect; default ``design.deff``.
    alpha : float
        Significance level, default 0.05.
    margin : float
        Equivalence margin in percentage points on the SII scale for
        ``no_difference`` and ``consensus`` claims, default
        :data:`DEFAULT_EQUIVALENCE_MARGIN` (10).
    quantifiers : pandas.DataFrame, optional
        Quantifier table; default :func:`migstats.load_quantifiers`.
    gradient_correlation : {"worst_case", "independent"}
        Assumed correlation between two estimates from the same respondents
        (gradient comparisons, item comparisons); default the worst case.

    Returns
    -------
    ClaimResult
        Estimate, interval, ``pvalue_support``, ``pvalue_contradict``, ``pvalue``,
        the unadjusted ``verdict``, the ``method`` and the ``reason``.

    Raises
    ------
    MigstatsValueError
        If an argument is invalid (the message names it).
    DataValidationError
        If the claim does not validate against the tables.

    Notes
    -----
    The tests per kind are described in docs/methods.md, section 6, and in
    :func:`audit`.  Weighted percentages give fractional "counts"
    ``k = p * n_g``; all tests accept them.

    References
    ----------
    .. [1] Shaffer, J. P. (1980). Control of directional errors with
       stagewise multiple test procedures. *Annals of Statistics*, 8(6),
       1342--1347.
    .. [2] Schuirmann, D. J. (1987). A comparison of the two one-sided tests
       procedure and the power approach for assessing the equivalence of
       average bioavailability. *Journal of Pharmacokinetics and
       Biopharmaceutics*, 15(6), 657--680.

    Examples
    --------
    >>> import migstats

    Figure 7.1: 82% of those with at most vmbo against 59% of those with
    hbo/wo want fewer refugees (claim C19), at the design's n = 2900:

    >>> claims = migstats.load_claims().set_index("claim_id", drop=False)
    >>> r = migstats.evaluate_claim(claims.loc["C19"])
    >>> r.verdict, round(r.estimate, 1), [round(x, 1) for x in r.confidence_interval]
    ('supported', 23.0, [18.9, 26.9])
    >>> migstats.evaluate_claim(claims.loc["C19"], n=60).verdict
    'not significant'
    """
    from .._corpus import LISS_2023

    design = LISS_2023 if design is None else design
    n, deff, alpha, _, margin = _check_args(
        design, n, deff, alpha, "holm", margin, gradient_correlation
    )
    row = pd.DataFrame([dict(claim)])
    c, tables, q = _resolve_inputs(row, tables, quantifiers)
    s = _settings(design, alpha, margin, gradient_correlation)
    prep = _prepare(c.iloc[0].to_dict(), tables, design, q, s)
    return _outcome(prep, n, deff, s)


def audit(
    *,
    design: Any = None,
    n: int | None = None,
    deff: float | None = None,
    alpha: float = 0.05,
    correction: str = "holm",
    claims: pd.DataFrame | None = None,
    tables: pd.DataFrame | None = None,
    quantifiers: pd.DataFrame | None = None,
    margin: float = DEFAULT_EQUIVALENCE_MARGIN,
    gradient_correlation: str = "worst_case",
    deffs: Sequence[float] = DEFF_GRID,
    n_points: int = N_GRID_POINTS,
) -> pd.DataFrame:
    """Audit every claim of a registry: one row per claim with its verdict.

    Parameters
    ----------
    design : SampleDesign, optional
        Sample design; default :data:`migstats.LISS_2023`.  Supplies the
        group shares, the default ``n`` and ``deff``, the plausible n range
        (``design.n_grid``) and how the numbers were rounded.
    n : int, optional
        Total sample size; ``None`` means ``design.n``.
    deff : float, optional
        Kish design effect; ``None`` means ``design.deff``.
    alpha : float
        Family-wise significance level, in (0, 1); default 0.05.
    correction : str
        Multiplicity correction over the family of tested claims, passed to
        :func:`migstats.adjust_pvalues`; default ``"holm"``.
    claims : pandas.DataFrame, optional
        A claims registry; default :func:`migstats.load_claims`.
    tables : pandas.DataFrame, optional
        Tidy published tables; default: the chapter's tables.
    quantifiers : pandas.DataFrame, optional
        Numeric reading of the verbal quantifiers; default
        :func:`migstats.load_quantifiers`.
    margin : float
        Equivalence margin (percentage points, SII scale) for
        ``no_difference`` and ``consensus`` claims; default 10
        (:data:`DEFAULT_EQUIVALENCE_MARGIN`).
    gradient_correlation : {"worst_case", "independent"}
        Correlation assumed between two estimates from the same respondents;
        default ``"worst_case"`` (conservative).
    deffs : sequence of float
        Design effects for ``verdict_range``; default (1, 1.5, 2).
    n_points : int
        Number of sample sizes from ``design.n_grid`` for
        ``verdict_range``; default 9.

    Returns
    -------
    pandas.DataFrame
        One row per claim with the columns :data:`AUDIT_COLUMNS`:
        the claim's fields; ``estimand`` (what ``estimate`` is),
        ``estimate``, ``ci_low``, ``ci_high``, ``confidence_level``; ``pvalue_support``
        and ``pvalue_contradict`` (p-values of the tests whose rejection would
        support or contradict the claim), ``pvalue`` (their minimum) and
        ``pvalue_adjusted``; ``breakeven_n`` (smallest total n at which the claim
        alone would be supported at ``alpha``, inf if none); ``verdict``;
        ``verdict_range`` (the verdict across ``design.n_grid`` and
        ``deffs``); ``rounding_sensitive`` (whether the verdict changes when
        the published numbers move within their rounding); ``method`` and
        ``reason``.  Float columns are float64, ``rounding_sensitive`` is a
        nullable boolean (NA for untestable and text_table claims), the rest
        strings.

    Raises
    ------
    MigstatsValueError
        If ``alpha`` is not in (0, 1), ``correction`` is unknown, ``n`` is
        not a positive integer, ``deff`` or ``margin`` is invalid (the
        message names the argument).
    DataValidationError
        If ``claims`` does not validate against ``tables``.

    Notes
    -----
    **Tests per kind.**  ``level``: one-sample score test of the share
    against the quantifier's bound ("above", "below") or two one-sided
    tests for a range ("within").  ``difference``, ``time_trend``,
    ``urbanisation``: two-sample score test (:func:`migstats.compare`,
    ``method="score"``), pooled sides weighted by group size.
    ``gradient``: sign of the slope index of inequality (SII,
    :func:`migstats.slope_index`).  ``no_difference``: two one-sided
    tests that ``|SII| < margin`` -- an equivalence test, so "no
    significant gradient" is *not* evidence of no gradient.
    ``consensus``: every group above the quantifier's lower bound and
    ``|SII| < margin``.  ``larger_gradient`` / ``small_difference``:
    ``|SII_a| - |SII_b|`` from :func:`migstats.compare_gradient_results` with the
    worst-case correlation.  ``item_difference``: two items from the same
    respondents, worst-case correlation.  ``text_table``: interval
    arithmetic on the rounding intervals (no test; verdict ``supported``
    or ``inconsistent``).  Claims that must hold for several groups or
    references are intersection-union tests (Berger 1982).

    **Verdicts.**  A claim's ``pvalue`` is ``min(pvalue_support,
    pvalue_contradict)``; for directional claims this is the two-sided p-value
    and the sign decides (the three-decision rule; Shaffer 1980 shows
    that Holm's procedure controls directional errors).  ``pvalue_adjusted``
    applies ``correction`` over the family of tested claims (text_table
    and untestable claims are not tested), and the verdict uses it:
    ``supported`` / ``contradicted`` if ``pvalue_adjusted < alpha`` in the
    claimed / opposite direction, ``not significant`` otherwise.  The
    confidence intervals are not adjusted.  A claim whose quoted numbers
    match none of the published numbers it rests on is ``inconsistent``;
    registered untestable claims are ``untestable`` with the reason.

    **Robustness.**  ``verdict_range`` repeats the whole audit (including
    the adjustment) at every n of ``design.n_grid(n_points)`` and every
    deff of ``deffs``.  ``rounding_sensitive`` re-evaluates the claim with
    every published number it uses moved to the end of its rounding
    interval that most helps, and then the end that most hurts, the claim
    (e.g. a difference at ``(p1 + 0.5, p2 - 0.5)`` and
    ``(p1 - 0.5, p2 + 0.5)``), keeping the other claims' p-values.

    **Counts.**  The percentages are weighted, so ``k = p * n_g`` are
    fractional "counts" of a hypothetical sample; the design effect
    deflates n to ``n / deff``.

    References
    ----------
    .. [1] Holm, S. (1979). A simple sequentially rejective multiple test
       procedure. *Scandinavian Journal of Statistics*, 6(2), 65--70.
    .. [2] Shaffer, J. P. (1980). Control of directional errors with
       stagewise multiple test procedures. *Annals of Statistics*, 8(6),
       1342--1347.
    .. [3] Berger, R. L. (1982). Multiparameter hypothesis testing and
       acceptance sampling. *Technometrics*, 24(4), 295--300.
    .. [4] Schuirmann, D. J. (1987). *Journal of Pharmacokinetics and
       Biopharmaceutics*, 15(6), 657--680.
    .. [5] Lakens, D. (2017). Equivalence tests: a practical primer for t
       tests, correlations, and meta-analyses. *Social Psychological and
       Personality Science*, 8(4), 355--362.

    Examples
    --------
    >>> import migstats

    The first twenty claims of chapter 7:

    >>> claims = migstats.load_claims().head(20)
    >>> res = migstats.audit(claims=claims).set_index("claim_id")
    >>> res.loc["C19", ["verdict", "verdict_range"]].tolist()
    ['supported', 'supported at every plausible n and deff']
    >>> res.loc["C02", ["kind", "verdict"]].tolist()
    ['text_table', 'supported']
    """
    from .._corpus import LISS_2023

    design = LISS_2023 if design is None else design
    n, deff, alpha, correction, margin = _check_args(
        design, n, deff, alpha, correction, margin, gradient_correlation
    )
    deff_grid = [float(d) for d in np.atleast_1d(np.asarray(deffs, dtype=float))]
    from .._base import check_deff, check_n

    check_deff(deff_grid, "deffs")
    n_points = int(check_n(n_points, "n_points", minimum=1))
    c, tables, q = _resolve_inputs(claims, tables, quantifiers)
    s = _settings(design, alpha, margin, gradient_correlation)
    with _cheap_collections():
        return _audit(c, tables, q, s, design, n, deff, alpha, correction, deff_grid, n_points)


def _audit(c, tables, q, s, design, n, deff, alpha, correction, deff_grid, n_points):
    """The body of :func:`audit` (validated arguments)."""
    preps = [_prepare(r, tables, design, q, s) for r in c.to_dict("records")]
    outcomes = [_outcome(p, n, deff, s) for p in preps]

    tested = np.array(
        [
            p.evaluate is not None and o.verdict != "inconsistent"
            for p, o in zip(preps, outcomes, strict=True)
        ]
    )
    pv = np.array([o.pvalue if t else np.nan for o, t in zip(outcomes, tested, strict=True)])
    padj = _adjust(pv, correction)
    verdicts = [
        str(_verdicts(pa, o.pvalue_support, o.pvalue_contradict, alpha)) if t else o.verdict
        for o, t, pa in zip(outcomes, tested, padj, strict=True)
    ]

    # robustness: the whole family at every (n, deff) point of the grid
    n_grid = [float(x) for x in np.atleast_1d(design.n_grid(n_points))]
    nn, dd = (x.ravel() for x in np.meshgrid(n_grid, deff_grid))  # deff-major order
    idx = np.flatnonzero(tested)
    grid_tests = [_at(preps[i], _base_pcts(preps[i]), nn, dd) for i in idx]
    P_s = np.array([np.asarray(t.pvalue_support, float) for t in grid_tests]).reshape(len(idx), -1)
    P_c = np.array([np.asarray(t.pvalue_contradict, float) for t in grid_tests]).reshape(
        len(idx), -1
    )
    P_adj = (
        np.column_stack(
            [_adjust_for_verdicts(col, correction, alpha) for col in np.minimum(P_s, P_c).T]
        )
        if len(idx)
        else np.empty((0, nn.size))
    )
    V = _verdicts(P_adj, P_s, P_c, alpha).reshape(len(idx), len(deff_grid), len(n_grid))
    ranges = {int(i): _summarise_range(V[r], n_grid, deff_grid) for r, i in enumerate(idx)}

    rows = []
    for i, (prep, o) in enumerate(zip(preps, outcomes, strict=True)):
        cl = prep.claim
        if tested[i]:
            vr = ranges[i]
            # rounding: this claim at the unfavourable / favourable corners
            alt = set()
            for pc in _corners(prep, n, deff):
                t = _at(prep, pc, n, deff)
                ps, pc_ = float(t.pvalue_support[0]), float(t.pvalue_contradict[0])
                alt.add(
                    str(
                        _verdicts(
                            _adjusted_one(pv, i, min(ps, pc_), correction, alpha), ps, pc_, alpha
                        )
                    )
                )
            sensitive = bool(alt - {verdicts[i]})
            be = _breakeven(prep, deff, alpha)
            reason = f"{verdicts[i]}: {o.reason}; {correction}-adjusted {_pfmt(padj[i])}"
            if o.verdict != verdicts[i]:
                # the interval shown is unadjusted: say what it alone would give
                p_alone = min(float(o.pvalue_support), float(o.pvalue_contradict))
                reason += f"; unadjusted ({_pfmt(p_alone)}) it would be {o.verdict}"
            if sensitive:
                reason += (
                    "; within the rounding of the published numbers the verdict "
                    "could also be " + " or ".join(sorted(alt - {verdicts[i]}))
                )
        else:
            vr = (
                "does not depend on n or deff"
                if o.verdict in ("supported", "inconsistent")
                else "untestable"
            )
            sensitive = pd.NA
            be = np.nan
            reason = o.reason
        rows.append(
            {
                **{
                    k: cl[k]
                    for k in (
                        "claim_id",
                        "section",
                        "kind",
                        "table",
                        "item",
                        "response",
                        "dimension",
                        "groups",
                        "quantifier",
                        "claim",
                        "reported",
                    )
                },
                "estimand": o.estimand,
                "estimate": o.estimate,
                "ci_low": o.confidence_interval.low,
                "ci_high": o.confidence_interval.high,
                "confidence_level": o.confidence_level,
                "pvalue": o.pvalue if tested[i] else np.nan,
                "pvalue_adjusted": padj[i],
                "pvalue_support": o.pvalue_support,
                "pvalue_contradict": o.pvalue_contradict,
                "breakeven_n": be,
                "verdict": verdicts[i],
                "verdict_range": vr,
                "rounding_sensitive": sensitive,
                "method": o.method,
                "reason": reason,
            }
        )
    out = pd.DataFrame(rows, columns=list(AUDIT_COLUMNS))
    for col in _FLOAT_COLUMNS:
        out[col] = out[col].astype("float64")
    out["rounding_sensitive"] = out["rounding_sensitive"].astype("boolean")
    for col in set(AUDIT_COLUMNS) - set(_FLOAT_COLUMNS) - {"rounding_sensitive"}:
        out[col] = out[col].astype(str)
    return out


def audit_summary(df: pd.DataFrame) -> str:
    """One paragraph summarising an audit.

    Parameters
    ----------
    df : pandas.DataFrame
        The result of :func:`audit` (needs the columns ``verdict``,
        ``rounding_sensitive`` and ``verdict_range``).

    Returns
    -------
    str
        How many claims there are, how many were tested, and how many are
        supported, not significant, contradicted, inconsistent and
        untestable, plus how many verdicts depend on n/deff or on rounding.

    Raises
    ------
    MigstatsValueError
        If ``df`` is not a DataFrame with a ``verdict`` column of known
        verdicts.

    Notes
    -----
    "Tested" counts the claims that received a statistical test
    (``text_table`` consistency checks and untestable claims are not).

    References
    ----------
    .. [1] Holm, S. (1979). A simple sequentially rejective multiple test
       procedure. *Scandinavian Journal of Statistics*, 6(2), 65--70.

    Examples
    --------
    >>> import pandas as pd
    >>> from migstats import audit_summary
    >>> df = pd.DataFrame({"kind": ["level", "level", "text_table", "time_trend"],
    ...                    "verdict": ["supported", "not significant", "supported",
    ...                                "untestable"],
    ...                    "verdict_range": ["supported at every plausible n and deff",
    ...                                      "depends on n and deff: ...",
    ...                                      "does not depend on n or deff", "untestable"],
    ...                    "rounding_sensitive": [False, True, None, None]})
    >>> print(audit_summary(df))
    4 claims: 2 tested statistically, 1 checked for consistency with the tables,
    1 untestable. Of the 2 tested: 1 supported, 1 not significant, 0
    contradicted. Of the 1 text-table checks: 1 supported, 0 inconsistent. Of the
    tested claims, 1 change verdict within the plausible range of n and deff and
    1 within the rounding of the published numbers.
    """
    if not isinstance(df, pd.DataFrame) or "verdict" not in df.columns:
        raise invalid_value("df", "an audit DataFrame with a 'verdict' column", type(df).__name__)
    unknown = set(df["verdict"]) - set(CLAIM_VERDICTS)
    if unknown:
        raise invalid_value("df", "verdicts among " + ", ".join(CLAIM_VERDICTS), sorted(unknown))
    counts = {v: int((df["verdict"] == v).sum()) for v in CLAIM_VERDICTS}
    is_text = (
        df["kind"].eq("text_table") if "kind" in df.columns else pd.Series(False, index=df.index)
    )
    untestable = counts["untestable"]
    checked = int(is_text.sum())
    tested = len(df) - untestable - checked
    tested_rows = ~is_text & (df["verdict"] != "untestable")
    depends = 0
    if "verdict_range" in df.columns:
        depends = int(
            df.loc[tested_rows, "verdict_range"].astype(str).str.startswith("depends").sum()
        )
    sens = 0
    if "rounding_sensitive" in df.columns:
        sens = int(df.loc[tested_rows, "rounding_sensitive"].fillna(False).astype(bool).sum())

    def tally(rows: pd.Series, verdicts: Sequence[str]) -> str:
        return ", ".join(f"{int((df.loc[rows, 'verdict'] == v).sum())} {v}" for v in verdicts)

    return (
        f"{len(df)} claims: {tested} tested statistically, {checked} checked for consistency "
        f"with the tables, {untestable} untestable. Of the {tested} tested: "
        + tally(tested_rows, ("supported", "not significant", "contradicted"))
        + f". Of the {checked} text-table checks: "
        + tally(is_text, ("supported", "inconsistent"))
        + f". Of the tested claims, {depends} change verdict within the plausible range of n "
        f"and deff and {sens} within the rounding of the published numbers."
    )
