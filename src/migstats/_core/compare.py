"""Tests comparing proportions, and multiple-testing adjustment.

This module owns

* :func:`compare` -- test and confidence interval for ``p1 - p2`` of two
  independent groups (Miettinen-Nurminen score, Mee/Pearson score, Wald,
  Fisher exact, Boschloo exact), with test and interval that agree;
* :func:`chi2_homogeneity` -- the chi-square test that g proportions are
  equal, with a first-order Rao-Scott design-effect correction;
* :func:`adjust_pvalues` -- Holm, Hochberg, Hommel, Bonferroni,
  Benjamini-Hochberg and Benjamini-Yekutieli adjustment (R ``p.adjust``).

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
import pandas as pd

from .._base import (
    ConfidenceInterval,
    PerformanceWarning,
    Result,
    check_alternative,
    check_confidence_level,
    check_counts,
    check_deff,
    check_in_unit_interval,
    check_numeric,
    check_option,
    finish_array,
    invalid_value,
    series_index,
    z_critical,
)
from .proportions import (
    check_pair,
    check_score_sizes,
    diff_limits,
    score_limits,
    score_statistic,
)

__all__ = [
    "COMPARE_METHODS",
    "CORRECTIONS",
    "Chi2Result",
    "CompareResult",
    "adjust_pvalues",
    "chi2_homogeneity",
    "compare",
]

#: Methods of :func:`compare`.
COMPARE_METHODS = ("score", "mee", "wald", "exact", "boschloo")

#: Above this many 2 x 2 tables, ``(n1 + 1) * (n2 + 1)``, ``compare(method="boschloo")``
#: warns with a :class:`migstats.PerformanceWarning`: measured with scipy 1.17
#: on one core, ``scipy.stats.boschloo_exact`` takes about 2 s at n1 = n2 = 400
#: (161,201 tables) and grows faster than the table count.
BOSCHLOO_WARN_TABLES = 250_000
#: Methods of :func:`adjust_pvalues`: statsmodels names, plus R ``p.adjust``
#: aliases ``"BH"`` and ``"fdr"`` (= ``"fdr_bh"``) and ``"BY"`` (= ``"fdr_by"``).
CORRECTIONS = (
    "holm",
    "hochberg",
    "hommel",
    "bonferroni",
    "fdr_bh",
    "fdr_by",
    "BH",
    "BY",
    "fdr",
    "none",
)
_STATSMODELS_CORRECTION = {
    "holm": "holm",
    "hochberg": "simes-hochberg",
    "hommel": "hommel",
    "bonferroni": "bonferroni",
    "fdr_bh": "fdr_bh",
    "BH": "fdr_bh",
    "fdr": "fdr_bh",
    "fdr_by": "fdr_by",
    "BY": "fdr_by",
}
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


@dataclasses.dataclass(frozen=True, repr=False)
class Chi2Result(Result):
    """Result of :func:`chi2_homogeneity`.

    Attributes
    ----------
    statistic : float or ndarray
        Pearson chi-square divided by ``deff``.
    pvalue : float or ndarray
        Upper tail of chi-square with ``df`` degrees of freedom.
    df : int
        Number of groups minus one.
    deff : float or ndarray
        Design effect used.

    Notes
    -----
    No ``confidence_interval``: the omnibus hypothesis "all g proportions
    are equal" has no single estimand to put an interval on (as in scipy's
    ``chi2_contingency``).  Intervals for pairs of groups come from
    :func:`compare` or :func:`diff_ci`.
    """

    _unpack = ("statistic", "pvalue")

    statistic: Any
    pvalue: Any
    df: int
    deff: Any


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


def compare_pvalue(k1, n1, k2, n2, deff, method: str, alternative: str) -> np.ndarray:
    """p-value of the normal-theory tests of :func:`compare` (validated input)."""
    x1, m1, x2, m2 = k1 / deff, n1 / deff, k2 / deff, n2 / deff
    return _z_pvalue(_statistic(x1, m1, x2, m2, method), alternative)


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

    Returns
    -------
    CompareResult
        ``estimate``, ``confidence_interval``, ``statistic``, ``pvalue``,
        ``method``, ``alternative``, ``n1``, ``n2``, ``ci_method``,
        ``confidence_level``; unpacks as ``statistic, pvalue``.

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
    """
    method = check_option(method, "method", COMPARE_METHODS)
    alternative = check_alternative(alternative)
    level = check_confidence_level(confidence_level)
    if alternative != "two-sided" and level <= 0.5:
        raise invalid_value("confidence_level", "above 0.5 for a one-sided alternative", level)
    a1, b1, a2, b2, d = check_pair(k1, n1, k2, n2, deff)
    x1, m1, x2, m2 = a1 / d, b1 / d, a2 / d, b2 / d
    if method in ("exact", "boschloo"):
        for value, arr, name in ((k1, x1, "k1"), (n1, m1, "n1"), (k2, x2, "k2"), (n2, m2, "n2")):
            if (arr != np.round(arr)).any():
                raise invalid_value(
                    name,
                    f"a whole number (after division by deff) for method {method!r}",
                    value,
                )
        if method == "boschloo" and ((m1 + 1.0) * (m2 + 1.0) > BOSCHLOO_WARN_TABLES).any():
            warnings.warn(
                f"compare(method='boschloo') with group sizes n1 = {np.max(m1):g} and "
                f"n2 = {np.max(m2):g} enumerates (n1 + 1)(n2 + 1) tables at many nuisance "
                "values and may take minutes; method='score' is the large-sample choice",
                PerformanceWarning,
                stacklevel=2,
            )
        stat, pval = _exact(x1, m1, x2, m2, method, alternative)
    else:
        if method == "score":
            check_score_sizes(b1, b2, d, method)
        stat = _statistic(x1, m1, x2, m2, method)
        pval = _z_pvalue(stat, alternative)
    low, high, ci_method = _interval(x1, m1, x2, m2, method, alternative, level)
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
    )


def chi2_homogeneity(k: Any, n: Any, *, deff: Any = 1.0) -> Chi2Result:
    """Chi-square test that the proportions of g groups are equal.

    Parameters
    ----------
    k : array_like
        Successes per group, groups on the last axis (shape ``(..., g)``,
        ``g >= 2``); may be fractional.  Leading axes are separate tables
        (e.g. one row per candidate n).
    n : array_like
        Group sizes, broadcast against ``k``.
    deff : array_like, optional
        Design effect (default 1), a number or an array broadcastable to the
        leading shape ``k.shape[:-1]``; the statistic is divided by it.

    Returns
    -------
    Chi2Result
        ``statistic``, ``pvalue``, ``df = g - 1`` and ``deff``; unpacks as
        ``statistic, pvalue``.

    Raises
    ------
    MigstatsValueError
        On invalid counts or sizes, fewer than 2 groups, a ``deff`` that is
        not > 0, or shapes that do not broadcast.

    Notes
    -----
    Pearson's statistic for the g x 2 table, ``X2 = sum_i n_i (p_i -
    pbar)**2 / (pbar (1 - pbar))`` with ``pbar = sum k / sum n``, referred
    to chi-square with g - 1 degrees of freedom: R ``prop.test(k, n,
    correct = FALSE)`` and ``chisq.test(cbind(k, n - k), correct = FALSE)``,
    and ``scipy.stats.chi2_contingency(..., correction=False)``.  It is
    written out (rather than calling scipy) so that it vectorises over
    leading axes; the tests check it against scipy.  With a design effect
    the statistic is ``X2 / deff``, the first-order Rao-Scott correction
    with a common design effect (Rao & Scott 1981, 1984), which equals the
    Pearson statistic on the effective counts ``k / deff`` of
    ``n / deff``.  When every group has proportion 0 (or every group 1) the
    statistic is 0/0; migstats returns statistic 0 and p-value 1 (all
    observed proportions are equal), where R returns NaN.

    References
    ----------
    .. [1] Rao, J. N. K. & Scott, A. J. (1981). The analysis of categorical
       data from complex sample surveys: chi-squared tests for goodness of
       fit and independence in two-way tables. Journal of the American
       Statistical Association 76, 221-230.
    .. [2] Rao, J. N. K. & Scott, A. J. (1984). On chi-squared tests for
       multiway contingency tables with cell proportions estimated from
       survey data. Annals of Statistics 12, 46-60.
    .. [3] Fleiss, J. L., Levin, B. & Paik, M. C. (2003). Statistical Methods
       for Rates and Proportions, 3rd ed. Wiley, sec. 9.1.

    Examples
    --------
    R: ``prop.test(c(15, 25), c(50, 50), correct = FALSE)``: X-squared =
    4.1667, df = 1, p-value = 0.04123.

    >>> from migstats import chi2_homogeneity
    >>> res = chi2_homogeneity([15, 25], [50, 50])
    >>> print(f"{res.statistic:.4f} {res.df} {res.pvalue:.5f}")
    4.1667 1 0.04123
    >>> res = chi2_homogeneity([15, 25], [50, 50], deff=1.5)
    >>> print(f"{res.statistic:.4f} {res.pvalue:.4f}")
    2.7778 0.0956
    """
    from scipy import stats

    k_a, n_a, _ = check_counts(k, n, "k", "n")
    if k_a.ndim < 1 or k_a.shape[-1] < 2:
        raise invalid_value("k", "counts of at least 2 groups (groups on the last axis)", k)
    d = check_deff(deff)
    try:
        d_b = np.broadcast_to(d, k_a.shape[:-1])
    except ValueError:
        raise invalid_value(
            "deff", f"a number or an array broadcastable to shape {k_a.shape[:-1]}", deff
        ) from None
    pooled = k_a.sum(axis=-1) / n_a.sum(axis=-1)
    num = np.sum(n_a * (k_a / n_a - pooled[..., None]) ** 2, axis=-1)
    den = pooled * (1.0 - pooled)
    with np.errstate(divide="ignore", invalid="ignore"):
        x2 = np.where(den > 0, num / den, 0.0) / d_b
    df = int(k_a.shape[-1] - 1)
    pval = stats.chi2.sf(x2, df)
    return Chi2Result(
        statistic=finish_array(x2), pvalue=finish_array(pval), df=df, deff=finish_array(d_b)
    )


def _holm(p: np.ndarray) -> np.ndarray:
    """Holm (1979) step-down adjusted p-values of a 1-d array."""
    m = p.size
    order = np.argsort(p, kind="stable")
    stepped = np.maximum.accumulate(p[order] * np.arange(m, 0, -1))
    out = np.empty(m)
    out[order] = np.minimum(stepped, 1.0)
    return out


def adjust_pvalues(p: Any, *, method: str = "holm") -> Any:
    """Adjust p-values for multiple testing (R ``p.adjust``).

    Parameters
    ----------
    p : array_like
        p-values in [0, 1], any shape (one family); NaN marks a missing
        test.
    method : str, optional
        ``"holm"`` (default), ``"hochberg"``, ``"hommel"``, ``"bonferroni"``,
        ``"fdr_bh"`` (alias ``"BH"``, ``"fdr"``), ``"fdr_by"`` (alias
        ``"BY"``) or ``"none"``.  Names must match exactly.

    Returns
    -------
    ndarray or pandas.Series
        Adjusted p-values of the same shape (a Series with the same index for
        Series input).

    Raises
    ------
    MigstatsValueError
        If a p-value is outside [0, 1] or infinite, or ``method`` is unknown.

    Notes
    -----
    Wraps ``statsmodels.stats.multitest.multipletests`` (statsmodels names
    ``simes-hochberg``, ``hommel``, ``bonferroni``, ``fdr_bh``, ``fdr_by``).
    Holm's step-down adjustment, ``min(1, cummax((m - i + 1) p_(i)))``, is
    written out because statsmodels 0.15 runs a full ``gc.collect()`` on
    every Holm call (tens of milliseconds in a large process), which the
    audit, calling it per claim, cannot afford; the tests check both against
    the definition.  The results equal R ``p.adjust`` with ``"holm"``,
    ``"hochberg"``, ``"hommel"``, ``"bonferroni"``, ``"BH"``, ``"BY"``.
    Holm, Hochberg and Hommel control the family-wise error rate (Hochberg
    and Hommel under positive dependence), Benjamini-Hochberg the false
    discovery rate under positive dependence, Benjamini-Yekutieli under any
    dependence.  NaN p-values are left NaN and excluded from the family
    (the family size is the number of non-NaN values), as R ``p.adjust``
    does with its default ``n = length(p[!is.na(p)])``.

    References
    ----------
    .. [1] Holm, S. (1979). A simple sequentially rejective multiple test
       procedure. Scandinavian Journal of Statistics 6, 65-70.
    .. [2] Hochberg, Y. (1988). A sharper Bonferroni procedure for multiple
       tests of significance. Biometrika 75, 800-802.
    .. [3] Hommel, G. (1988). A stagewise rejective multiple test procedure
       based on a modified Bonferroni test. Biometrika 75, 383-386.
    .. [4] Benjamini, Y. & Hochberg, Y. (1995). Controlling the false
       discovery rate. Journal of the Royal Statistical Society B 57,
       289-300.
    .. [5] Benjamini, Y. & Yekutieli, D. (2001). The control of the false
       discovery rate in multiple testing under dependency. Annals of
       Statistics 29, 1165-1188.

    Examples
    --------
    >>> from migstats import adjust_pvalues
    >>> adjust_pvalues([0.01, 0.02, 0.03, 0.04, 0.05]).round(4)
    array([0.05, 0.08, 0.09, 0.09, 0.09])
    >>> adjust_pvalues([0.01, 0.02, float("nan"), 0.04], method="BH").round(4)
    array([0.03, 0.03,  nan, 0.04])
    """
    method = check_option(method, "method", CORRECTIONS)
    arr = check_numeric(p, "p")
    present = ~np.isnan(arr)
    check_in_unit_interval(arr[present], "p")
    out = arr.copy()
    if method == "holm" and present.any():
        out[present] = _holm(arr[present])
    elif method != "none" and present.any():
        from statsmodels.stats.multitest import multipletests

        out[present] = multipletests(arr[present], method=_STATSMODELS_CORRECTION[method])[1]
    if isinstance(p, pd.Series):
        return pd.Series(out, index=p.index, name=p.name)
    return out
