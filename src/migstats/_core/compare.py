"""`compare`: the test of two independent proportions, with an interval that agrees with it.

This module owns :func:`compare` -- test and confidence interval for
``p1 - p2`` of two independent groups (Miettinen-Nurminen score, Mee/Pearson
score, Wald, Fisher exact, Boschloo exact), with test and interval that
agree -- and how the rounding of the printed shares enters both (the
rounding box, or Sheppard's variance).  The test of g proportions is in
:mod:`migstats._core.homogeneity`, multiple-testing adjustment in
:mod:`migstats._core.multiple_testing`.

Counts may be fractional and a Kish design effect ``deff`` divides counts
and sizes (see :mod:`migstats._core.proportions`).  The internal
:func:`compare_pvalue` is shared with :func:`migstats.breakeven_n` so that the
break-even search uses exactly the test of :func:`compare`.
"""

from __future__ import annotations

import dataclasses
import warnings
from typing import Any

import numpy as np

from .._base import (
    ConfidenceInterval,
    PerformanceWarning,
    Result,
    check_alternative,
    check_confidence_level,
    check_numeric,
    check_option,
    finish_array,
    invalid_value,
    series_index,
    z_critical,
)
from .differences import (
    check_pair,
    check_score_sizes,
    diff_limits,
    score_limits,
    score_statistic,
)

__all__ = ["COMPARE_METHODS", "DIFF_BOUNDS", "ROUNDING_METHODS", "CompareResult", "compare"]

#: Methods of :func:`compare`.
COMPARE_METHODS = ("score", "mee", "wald", "exact", "boschloo")

#: Above this many 2 x 2 tables, ``(n1 + 1) * (n2 + 1)``, ``compare(method="boschloo")``
#: warns with a :class:`migstats.PerformanceWarning`: measured with scipy 1.17
#: on one core, ``scipy.stats.boschloo_exact`` takes about 2 s at n1 = n2 = 400
#: (161,201 tables) and grows faster than the table count.
BOSCHLOO_WARN_TABLES = 250_000
# Interval reported by compare() for each test.
_CI_METHOD = {
    "score": "miettinen_nurminen",
    "mee": "mee",
    "wald": "wald",
    "exact": "newcombe",
    "boschloo": "newcombe",
}
#: Bounds of a difference of proportions, used as the open end of one-sided
#: intervals.
DIFF_BOUNDS = (-1.0, 1.0)
#: How :func:`compare` accounts for the rounding of the printed shares:
#: ``"box"`` -- the least favourable true values the rounding allows (the
#: supremum of the p-value over the rounding box, the default);
#: ``"sheppard"`` -- the rounding error added as variance, ``h**2 / 3`` per
#: printed share of half-width ``h`` (Sheppard 1898).
ROUNDING_METHODS = ("box", "sheppard")
#: True values per group (ends included) at which the Wald test is evaluated
#: across the rounding box (a 9 x 9 grid, corners included; its statistic is
#: monotone like the score tests', docs/methods.md section 3.6, so the grid
#: returns the corner's value).
WALD_ROUNDING_GRID = 9
#: Tests whose statistic is monotone in each count (the derivative of z in
#: each share has a fixed sign: docs/methods.md section 3.6), so that its
#: extremes over the rounding box lie at two corners.
MONOTONE_TESTS = ("score", "mee")


@dataclasses.dataclass(frozen=True, repr=False)
class CompareResult(Result):
    """Result of :func:`compare`.

    Attributes
    ----------
    estimate : float or ndarray
        ``p1 - p2``.
    confidence_interval : ConfidenceInterval
        Interval for ``p1 - p2`` (one-sided intervals end at -1 or 1).
    statistic : float or ndarray
        z statistic (score, mee, wald); the sample odds ratio (exact); the
        Fisher p-value used as Boschloo's statistic (boschloo).
    pvalue : float or ndarray
        p-value for ``alternative``.
    method : str
        The test.
    alternative : str
        ``"two-sided"``, ``"less"`` (``p1 < p2``) or ``"greater"``.
    n1, n2 : float or ndarray
        Group sizes as given (before division by ``deff``).
    ci_method : str
        The :func:`migstats.diff_ci` method of the interval.
    confidence_level : float
        Confidence level of the interval.
    rounding_method : str
        How the rounding of the printed shares entered ``pvalue`` and the
        interval: ``"box"``, ``"sheppard"`` or ``"none"`` (no rounding
        half-widths, or ``rounding_aware=False``).

    Notes
    -----
    ``statistic`` is always the statistic at the printed shares; with
    rounding it no longer determines ``pvalue``.
    """

    _unpack = ("statistic", "pvalue")

    estimate: Any
    confidence_interval: ConfidenceInterval
    statistic: Any
    pvalue: Any
    method: str
    alternative: str
    n1: Any
    n2: Any
    ci_method: str
    confidence_level: float
    rounding_method: str = "none"


def _z_pvalue(z: np.ndarray, alternative: str) -> np.ndarray:
    from scipy import special

    if alternative == "two-sided":
        return np.minimum(2.0 * special.ndtr(-np.abs(z)), 1.0)
    if alternative == "greater":
        return special.ndtr(-z)
    return special.ndtr(z)


def _wald_parts(x1, n1, x2, n2):
    p1, p2 = x1 / n1, x2 / n2
    d = p1 - p2
    se = np.sqrt(p1 * (1.0 - p1) / n1 + p2 * (1.0 - p2) / n2)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = d / se
        limit = np.sign(d) * np.inf
    z = np.where(d == 0, 0.0, np.where(se > 0, z, limit))
    return d, se, z


def _statistic(x1, n1, x2, n2, method: str) -> np.ndarray:
    """z statistic of the normal-theory tests for effective counts."""
    if method == "wald":
        return _wald_parts(x1, n1, x2, n2)[2]
    return score_statistic(x1, n1, x2, n2, np.zeros_like(x1), correction=(method == "score"))


def box_points(p1, h1, p2, h2, method: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """True proportions of the rounding box at which a test's extremes lie.

    Returns ``(x1, x2, straddles)``: candidate true proportions with a new
    leading axis, and whether the box of differences contains 0.  For the
    score tests (:data:`MONOTONE_TESTS`) the candidates are the two corners
    ``(low1, high2)`` (smallest statistic) and ``(high1, low2)`` (largest);
    for the Wald test a :data:`WALD_ROUNDING_GRID` grid with its corners.
    The box is ``[p - h, p + h]`` intersected with [0, 1].
    """
    lo1, hi1 = np.clip(p1 - h1, 0.0, 1.0), np.clip(p1 + h1, 0.0, 1.0)
    lo2, hi2 = np.clip(p2 - h2, 0.0, 1.0), np.clip(p2 + h2, 0.0, 1.0)
    straddles = (lo1 - hi2 <= 0.0) & (hi1 - lo2 >= 0.0)
    if method in MONOTONE_TESTS:
        return np.stack([lo1, hi1]), np.stack([hi2, lo2]), straddles
    t = np.linspace(0.0, 1.0, WALD_ROUNDING_GRID)
    a, b = (v.ravel() for v in np.meshgrid(t, t, indexing="ij"))
    shape = (-1,) + (1,) * np.ndim(lo1)
    x1 = lo1 + a.reshape(shape) * (hi1 - lo1)
    x2 = lo2 + b.reshape(shape) * (hi2 - lo2)
    return x1, x2, straddles


def _box_pvalue(p1, m1, p2, m2, h1, h2, method, alternative):
    """Supremum of the p-value over the rounding box (effective sizes ``m``)."""
    x1, x2, straddles = box_points(p1, h1, p2, h2, method)
    m1b, m2b = np.broadcast_to(m1, x1.shape), np.broadcast_to(m2, x2.shape)
    z = _statistic(x1 * m1b, m1b, x2 * m2b, m2b, method)
    z_min, z_max = z.min(axis=0), z.max(axis=0)
    if alternative == "greater":
        return _z_pvalue(z_min, "greater")
    if alternative == "less":
        return _z_pvalue(z_max, "less")
    nearest = np.where(z_min > 0, z_min, np.where(z_max < 0, z_max, 0.0))
    return np.where(straddles, 1.0, _z_pvalue(nearest, "two-sided"))


def _sheppard_z(z, p1, p2, h1, h2):
    """The statistic with the rounding variance ``(h1**2 + h2**2) / 3`` added."""
    d = p1 - p2
    extra = (np.square(h1) + np.square(h2)) / 3.0
    with np.errstate(divide="ignore", invalid="ignore"):
        var0 = np.where(np.isfinite(z) & (z != 0), np.square(d / z), 0.0)
        out = d / np.sqrt(var0 + extra)
    return np.where(d == 0, 0.0, np.where(var0 + extra > 0, out, z))


def compare_pvalue(
    k1,
    n1,
    k2,
    n2,
    deff,
    method: str,
    alternative: str,
    *,
    half_width1: Any = 0.0,
    half_width2: Any = 0.0,
    rounding_method: str = "box",
) -> np.ndarray:
    """p-value of the normal-theory tests of :func:`compare` (validated input).

    With rounding half-widths (proportions) it is the rounding-aware
    p-value of :func:`compare` (shared with :func:`migstats.breakeven_n`).
    """
    x1, m1, x2, m2 = k1 / deff, n1 / deff, k2 / deff, n2 / deff
    h1, h2 = np.asarray(half_width1, float), np.asarray(half_width2, float)
    if not (np.any(h1 > 0) or np.any(h2 > 0)):
        return _z_pvalue(_statistic(x1, m1, x2, m2, method), alternative)
    p1, p2 = x1 / m1, x2 / m2
    if rounding_method == "sheppard":
        z = _sheppard_z(_statistic(x1, m1, x2, m2, method), p1, p2, h1, h2)
        return _z_pvalue(z, alternative)
    return _box_pvalue(p1, m1, p2, m2, h1, h2, method, alternative)


def _exact(x1, n1, x2, n2, method: str, alternative: str):
    """Fisher / Boschloo test for each broadcast element (scalar scipy calls)."""
    from scipy import stats

    stat = np.empty(x1.shape)
    pval = np.empty(x1.shape)
    for idx in np.ndindex(x1.shape):
        a, b = int(x1[idx]), int(x2[idx])
        c, d = int(n1[idx]) - a, int(n2[idx]) - b
        if method == "exact":
            res = stats.fisher_exact([[a, c], [b, d]], alternative=alternative)
        else:
            # boschloo_exact treats the columns as the two samples.
            res = stats.boschloo_exact([[a, b], [c, d]], alternative=alternative)
        stat[idx], pval[idx] = res.statistic, res.pvalue
    return stat, pval


def _interval(x1, n1, x2, n2, method: str, alternative: str, level: float):
    """Interval matching the test: two-sided at ``level`` or one-sided bound."""
    ci_method = _CI_METHOD[method]
    two_sided_level = level if alternative == "two-sided" else 2.0 * level - 1.0
    if method in ("score", "mee"):
        low, high = score_limits(
            x1, n1, x2, n2, z_critical(1.0 - two_sided_level), correction=(method == "score")
        )
    elif method == "wald":
        d, se, _ = _wald_parts(x1, n1, x2, n2)
        half = z_critical(1.0 - two_sided_level) * se
        low, high = d - half, d + half
    else:
        low, high = diff_limits(x1, n1, x2, n2, ci_method, two_sided_level)
    if alternative == "greater":
        high = np.full_like(low, DIFF_BOUNDS[1])
    elif alternative == "less":
        low = np.full_like(high, DIFF_BOUNDS[0])
    return low, high, ci_method


def compare(
    k1: Any,
    n1: Any,
    k2: Any,
    n2: Any,
    *,
    method: str = "score",
    alternative: str = "two-sided",
    confidence_level: float = 0.95,
    deff: Any = 1.0,
    half_width1: Any = 0.0,
    half_width2: Any = 0.0,
    rounding_method: str = "box",
    rounding_aware: bool = True,
) -> CompareResult:
    """Test ``p1 = p2`` for two independent groups, with an interval for ``p1 - p2``.

    Parameters
    ----------
    k1, n1 : array_like
        Successes and size of group 1 (may be fractional, except for the
        exact tests).
    k2, n2 : array_like
        Successes and size of group 2.  All inputs broadcast, e.g. an array
        of candidate ``n`` gives one result per candidate.
    method : {"score", "mee", "wald", "exact", "boschloo"}, optional
        Test (default ``"score"``); see Notes.
    alternative : {"two-sided", "less", "greater"}, optional
        ``"greater"`` is ``H1: p1 > p2``; ``"less"`` is ``H1: p1 < p2``.
    confidence_level : float, optional
        Level of the interval in (0, 1), default 0.95.  For a one-sided
        ``alternative`` the interval is one-sided (ends at 1 or -1).
    deff : array_like, optional
        Kish design effect applied to both groups (default 1).
    half_width1, half_width2 : array_like, optional
        Rounding half-widths of the printed shares ``k1/n1`` and ``k2/n2``,
        as proportions (0.005 for a whole percentage; default 0: the shares
        are exact).  The true shares lie in ``[k/n - h, k/n + h]`` (within
        [0, 1]); the p-value and the interval then hold for every true
        value the printed numbers allow (see Notes).
    rounding_method : {"box", "sheppard"}, optional
        ``"box"`` (default): the p-value is the largest p-value over the
        rounding box (its least favourable point) and the interval the union
        of the intervals over it.  ``"sheppard"``: the rounding error is
        added as variance ``h**2 / 3`` per share (uniform on ``[-h, h]``).
    rounding_aware : bool, optional
        False ignores ``half_width1`` and ``half_width2`` (the test of the
        printed numbers as if exact); default True.

    Returns
    -------
    CompareResult
        ``estimate``, ``confidence_interval``, ``statistic``, ``pvalue``,
        ``method``, ``alternative``, ``n1``, ``n2``, ``ci_method``,
        ``confidence_level``, ``rounding_method``; unpacks as
        ``statistic, pvalue``.

    Raises
    ------
    MigstatsValueError
        On invalid counts/sizes (as in :func:`migstats.diff_ci`), an unknown
        ``method`` or ``alternative``, ``confidence_level`` outside (0, 1)
        (or not above 0.5 with a one-sided ``alternative``),
        shapes that do not broadcast, an effective total ``(n1+n2)/deff <= 1``
        for ``method="score"``, or non-integer effective counts for the exact
        tests.

    Notes
    -----
    * ``score`` -- Miettinen & Nurminen (1985) score test, ``z = (p1 - p2) /
      sqrt(pbar (1 - pbar) (1/n1 + 1/n2) N/(N-1))`` with the pooled
      proportion ``pbar`` and ``N = n1 + n2``; the interval is the MN score
      interval (:func:`migstats.diff_ci` ``"miettinen_nurminen"``), which
      inverts the same statistic.  The p-value equals statsmodels
      ``test_proportions_2indep(method="score")``.
    * ``mee`` -- the same without ``N/(N-1)``: the pooled z-test, whose
      two-sided p-value is that of R ``prop.test(x, n, correct=FALSE)`` and
      ``chisq.test(correct=FALSE)`` on the 2 x 2 table (``z**2`` is Pearson's
      X-squared); the interval is Mee's (1984) score interval.  (R's
      ``prop.test`` itself reports a Wald-type interval that does not
      correspond to its test.)
    * ``wald`` -- unpooled ``z = (p1 - p2) / sqrt(p1 q1/n1 + p2 q2/n2)``
      (statsmodels ``test_proportions_2indep(method="wald")``) and the Wald
      interval ``p1 - p2 -+ z se``; anti-conservative for small counts.
    * ``exact`` -- Fisher's exact conditional test (``scipy.stats.fisher_exact``,
      R ``fisher.test``); statistic is the sample odds ratio.  The interval
      is Newcombe's hybrid score interval, which is *not* the inversion of
      Fisher's test, so the two can disagree near the 5 % boundary.
    * ``boschloo`` -- Boschloo's unconditional exact test
      (``scipy.stats.boschloo_exact``), uniformly more powerful than
      Fisher's; slow for large n.  Newcombe interval as for ``exact``.

    For the score, mee and wald methods test and interval agree: for a
    two-sided test ``pvalue < 1 - confidence_level`` exactly when the
    interval excludes 0 (the statistic is monotone in the hypothesised
    difference and the limits are found to machine precision).  One-sided
    tests pair with one-sided intervals at the same level (the bound of the
    two-sided interval at level ``2 * confidence_level - 1``).  Where the variance is
    0 (for instance ``k1 = k2 = 0``) a zero difference gives statistic 0
    and p-value 1, and a non-zero difference gives +-inf and p-value 0.

    The exact tests need whole effective counts and sizes (``k / deff`` and
    ``n / deff``); fractional input raises instead of being rounded.

    **Rounding.**  A published share is rounded: the estimate the survey
    produced lies somewhere in ``[p - h, p + h]``.  With ``"box"`` the
    p-value is ``sup p(x1, x2)`` over that box: a valid p-value whatever the
    unrounded estimates were (it is at least the p-value at them), and
    conservative by at most the rounding.  The score and Mee statistics are
    non-decreasing in ``x1`` and non-increasing in ``x2`` (the derivative of
    z has a fixed sign; docs/methods.md section 3.6), so the supremum is
    attained at the corner nearest to no difference: ``(low1, high2)`` for
    ``"greater"``, ``(high1, low2)`` for ``"less"``, and for a two-sided test
    whichever of the two is nearer to 0 -- or 1 when the box contains equal
    shares.  The Wald statistic is monotone by the same argument; it is
    evaluated on a :data:`WALD_ROUNDING_GRID` grid that contains the corners.  The interval is the
    union of the intervals over the same points (with the plain one), so
    test and interval still agree: the union excludes 0 exactly when every
    point's interval does, i.e. when the supremum p-value is below the
    level.  ``"sheppard"`` (Sheppard 1898; Kendall & Stuart 1977, sec. 3.18)
    divides the statistic's difference by ``sqrt(V + (h1**2 + h2**2) / 3)``
    with ``V`` the test's variance, and widens the interval by the same
    factor; it is an average, not a bound, correction (and a one-sided
    p-value against the estimate's direction, above 1/2, can fall).  The
    exact tests take no half-widths.

    References
    ----------
    .. [1] Miettinen, O. & Nurminen, M. (1985). Comparative analysis of two
       rates. Statistics in Medicine 4, 213-226.
    .. [2] Mee, R. W. (1984). Confidence bounds for the difference between
       two probabilities. Biometrics 40, 1175-1176.
    .. [3] Newcombe, R. G. (1998). Interval estimation for the difference
       between independent proportions: comparison of eleven methods.
       Statistics in Medicine 17, 873-890.
    .. [4] Boschloo, R. D. (1970). Raised conditional level of significance
       for the 2 x 2-table when testing the equality of two probabilities.
       Statistica Neerlandica 24, 1-35.
    .. [5] Agresti, A. (2013). Categorical Data Analysis, 3rd ed. Wiley,
       sec. 3.1 and 3.5.
    .. [6] Röhmel, J. & Mansmann, U. (1999). Unconditional non-asymptotic
       one-sided tests for independent binomial proportions when the
       interest lies in showing non-inferiority and/or superiority.
       Biometrical Journal 41, 149-170.
    .. [7] Sheppard, W. F. (1898). On the calculation of the most probable
       values of frequency-constants, for data arranged according to
       equidistant divisions of a scale. Proceedings of the London
       Mathematical Society 29, 353-380.
    .. [8] Kendall, M. G. & Stuart, A. (1977). The Advanced Theory of
       Statistics, vol. 1, 4th ed. Griffin, sec. 3.18.

    Examples
    --------
    R: ``prop.test(c(15, 25), c(50, 50), correct = FALSE)`` gives
    X-squared = 4.1667, p-value = 0.04123:

    >>> from migstats import compare
    >>> res = compare(15, 50, 25, 50, method="mee")
    >>> print(f"{res.statistic**2:.4f} {res.pvalue:.5f}")
    4.1667 0.04123
    >>> res = compare(15, 50, 25, 50)          # Miettinen-Nurminen score
    >>> low, high = res.confidence_interval
    >>> print(f"{res.pvalue:.4f} [{low:.4f}, {high:.4f}]")
    0.0423 [-0.3791, -0.0070]

    One result per candidate sample size:

    >>> res = compare(0.3 * 100, 100, 0.4 * 100, 100, deff=[1.0, 1.5, 2.0])
    >>> res.pvalue.round(3)
    array([0.139, 0.228, 0.297])

    Printed as whole percentages (30% and 36% of 1,000 each), the p-value
    holds for every true value in [29.5, 30.5] and [35.5, 36.5]:

    >>> plain = compare(300, 1000, 360, 1000)
    >>> boxed = compare(300, 1000, 360, 1000, half_width1=0.005, half_width2=0.005)
    >>> round(float(plain.pvalue), 4), round(float(boxed.pvalue), 4)
    (0.0043, 0.0174)
    """
    method = check_option(method, "method", COMPARE_METHODS)
    alternative = check_alternative(alternative)
    level = check_confidence_level(confidence_level)
    if alternative != "two-sided" and level <= 0.5:
        raise invalid_value("confidence_level", "above 0.5 for a one-sided alternative", level)
    a1, b1, a2, b2, d = check_pair(k1, n1, k2, n2, deff)
    h1, h2, rmethod = _check_rounding(half_width1, half_width2, rounding_method, rounding_aware)
    if rmethod != "none" and method not in BOX_TESTS:
        raise invalid_value(
            "half_width1",
            f"0 for method {method!r} (rounding needs a normal-theory test)",
            half_width1,
        )
    try:
        a1, b1, a2, b2, d, h1, h2 = np.broadcast_arrays(a1, b1, a2, b2, d, h1, h2)
    except ValueError:
        raise invalid_value(
            "half_width1", "half-widths that broadcast with the counts", half_width1
        ) from None
    x1, m1, x2, m2 = a1 / d, b1 / d, a2 / d, b2 / d
    if method in ("exact", "boschloo"):
        given = {"k1": (k1, x1), "n1": (n1, m1), "k2": (k2, x2), "n2": (n2, m2)}
        stat, pval = _exact_test(given, method, alternative)
    else:
        if method == "score":
            check_score_sizes(b1, b2, d, method)
        stat = _statistic(x1, m1, x2, m2, method)
        pval = _z_pvalue(stat, alternative)
        if rmethod != "none":
            pval = compare_pvalue(
                a1,
                b1,
                a2,
                b2,
                d,
                method,
                alternative,
                half_width1=h1,
                half_width2=h2,
                rounding_method=rmethod,
            )
    low, high, ci_method = _interval(x1, m1, x2, m2, method, alternative, level)
    if rmethod != "none":
        low, high = _rounding_interval(
            (x1, m1, x2, m2), (h1, h2), (low, high), method, alternative, level, rmethod
        )
    index = series_index(k1, n1, k2, n2)
    return CompareResult(
        estimate=finish_array(a1 / b1 - a2 / b2, index),
        confidence_interval=ConfidenceInterval(finish_array(low, index), finish_array(high, index)),
        statistic=finish_array(stat, index),
        pvalue=finish_array(pval, index),
        method=method,
        alternative=alternative,
        n1=finish_array(b1, index),
        n2=finish_array(b2, index),
        ci_method=ci_method,
        confidence_level=level,
        rounding_method=rmethod,
    )


#: Tests of :func:`compare` that accept rounding half-widths.
BOX_TESTS = ("score", "mee", "wald")


def _exact_test(
    given: dict[str, tuple[Any, np.ndarray]], method: str, alternative: str
) -> tuple[np.ndarray, np.ndarray]:
    """Fisher or Boschloo test of :func:`compare` on whole effective counts.

    ``given`` maps ``k1, n1, k2, n2`` to (the value passed, the effective
    array); a value that is not a whole number is refused under its name,
    and Boschloo on many tables warns first (:data:`BOSCHLOO_WARN_TABLES`).
    """
    for name, (value, arr) in given.items():
        if (arr != np.round(arr)).any():
            raise invalid_value(
                name,
                f"a whole number (after division by deff) for method {method!r}",
                value,
            )
    x1, m1, x2, m2 = (arr for _value, arr in given.values())
    if method == "boschloo" and ((m1 + 1.0) * (m2 + 1.0) > BOSCHLOO_WARN_TABLES).any():
        warnings.warn(
            f"compare(method='boschloo') with group sizes n1 = {np.max(m1):g} and "
            f"n2 = {np.max(m2):g} enumerates (n1 + 1)(n2 + 1) tables at many nuisance "
            "values and may take minutes; method='score' is the large-sample choice",
            PerformanceWarning,
            stacklevel=3,
        )
    return _exact(x1, m1, x2, m2, method, alternative)


def _check_rounding(half_width1, half_width2, rounding_method, rounding_aware):
    """Validated half-widths and the rounding method in effect ("none" if none)."""
    if not isinstance(rounding_aware, bool | np.bool_):
        raise invalid_value("rounding_aware", "True or False", rounding_aware)
    rounding_method = check_option(rounding_method, "rounding_method", ROUNDING_METHODS)
    out = []
    for value, name in ((half_width1, "half_width1"), (half_width2, "half_width2")):
        h = check_numeric(value, name)
        if not np.isfinite(h).all() or (h < 0).any() or (h > 0.5).any():
            raise invalid_value(name, "a rounding half-width in [0, 0.5] (a proportion)", value)
        out.append(h)
    active = bool(rounding_aware) and bool((out[0] > 0).any() or (out[1] > 0).any())
    return out[0], out[1], (rounding_method if active else "none")


def _rounding_interval(effective, half_widths, plain, method, alternative, level, rmethod):
    """The interval widened for rounding: union over the box, or Sheppard's variance."""
    x1, m1, x2, m2 = effective
    h1, h2 = half_widths
    low, high = plain
    p1, p2 = x1 / m1, x2 / m2
    if rmethod == "sheppard":
        z = _statistic(x1, m1, x2, m2, "wald")
        d = p1 - p2
        extra = (np.square(h1) + np.square(h2)) / 3.0
        with np.errstate(divide="ignore", invalid="ignore"):
            var0 = np.where(np.isfinite(z) & (z != 0), np.square(d / z), 0.0)
            factor = np.where(var0 > 0, np.sqrt((var0 + extra) / var0), 1.0)
        width_low = np.where(var0 > 0, (d - low) * factor, d - low + np.sqrt(extra))
        width_high = np.where(var0 > 0, (high - d) * factor, high - d + np.sqrt(extra))
        new_low = np.where(low <= DIFF_BOUNDS[0], low, np.maximum(d - width_low, -1.0))
        new_high = np.where(high >= DIFF_BOUNDS[1], high, np.minimum(d + width_high, 1.0))
        return new_low, new_high
    c1, c2, _ = box_points(p1, h1, p2, h2, method)
    b1, b2 = np.broadcast_to(m1, c1.shape), np.broadcast_to(m2, c2.shape)
    lows, highs, _ = _interval(c1 * b1, b1, c2 * b2, b2, method, alternative, level)
    return np.minimum(low, lows.min(axis=0)), np.maximum(high, highs.max(axis=0))
