"""Trend in proportions across ordered groups: test and logistic slope.

* :func:`trend_test` -- Cochran--Armitage chi-square test for a linear trend
  in proportions (R ``prop.trend.test``);
* :func:`logistic_slope` -- binomial GLM of the proportion on group scores:
  log odds ratio per step (Agresti 2013, ch. 5).

Conventions as in :mod:`migstats._core.gradients`: proportions in [0, 1], the
group axis last, fractional counts allowed, ``deff`` the Kish design effect.
"""

from __future__ import annotations

import dataclasses
import warnings
from typing import Any

import numpy as np

from .._base import (
    ConfidenceInterval,
    Result,
    check_alternative,
    check_broadcast,
    check_confidence_level,
    check_deff,
)
from .gradient_inputs import (
    _check_counts,
    _check_scores,
    _out,
    _wald,
)

__all__ = ["SlopeResult", "TrendResult", "logistic_slope", "trend_test"]


@dataclasses.dataclass(frozen=True, repr=False)
class TrendResult(Result):
    """Result of :func:`trend_test`.

    Attributes
    ----------
    statistic : float or ndarray
        Chi-square statistic with 1 degree of freedom (``z ** 2``).
    pvalue : float or ndarray
        p-value for the chosen ``alternative``.
    z : float or ndarray
        Signed square root of ``statistic``: positive when the proportion
        increases with the score.
    slope : float or ndarray
        Weighted least-squares slope of the group proportions on the scores
        (weights ``n``): change in proportion per unit score.
    alternative : str
        The alternative hypothesis.
    df : int
        Degrees of freedom of the chi-square statistic (always 1).

    Notes
    -----
    No ``confidence_interval``: the Cochran--Armitage statistic is a score
    test of "no linear trend" and estimates nothing on a scale an interval
    could be read on (``slope`` is descriptive).  Intervals for the size of
    a gradient come from :func:`logistic_slope` (log odds ratio per step)
    and :func:`slope_index` (SII, RII), both in :class:`GradientResult`.
    """

    statistic: Any
    pvalue: Any
    z: Any
    slope: Any
    alternative: str = "two-sided"
    df: int = 1

    _unpack = ("statistic", "pvalue")


@dataclasses.dataclass(frozen=True, repr=False)
class SlopeResult(Result):
    """Result of :func:`logistic_slope`.

    Attributes
    ----------
    estimate : float or ndarray
        Log odds ratio per unit score (per group step with the default
        scores ``1, 2, ..., G``).
    confidence_interval : ConfidenceInterval
        Wald interval for ``estimate``.
    standard_error : float or ndarray
        Standard error of ``estimate``.
    statistic : float or ndarray
        Wald z statistic ``estimate / standard_error``.
    pvalue : float or ndarray
        Two-sided Wald p-value for ``estimate == 0``.
    odds_ratio : float or ndarray
        ``exp(estimate)``.
    odds_ratio_ci : ConfidenceInterval
        ``exp`` of the interval for ``estimate``.
    intercept : float or ndarray
        Fitted log odds at score 0.
    confidence_level : float
        Confidence level of the intervals.
    """

    estimate: Any
    confidence_interval: ConfidenceInterval
    standard_error: Any
    statistic: Any
    pvalue: Any
    odds_ratio: Any
    odds_ratio_ci: ConfidenceInterval
    intercept: Any
    confidence_level: float = 0.95

    _unpack = ("statistic", "pvalue")


def trend_test(
    k: Any,
    n: Any,
    *,
    scores: Any = None,
    alternative: str = "two-sided",
    deff: Any = 1.0,
) -> TrendResult:
    r"""Cochran--Armitage chi-square test for a linear trend in proportions.

    Parameters
    ----------
    k : array_like
        Number of "successes" per group (may be fractional, e.g. a weighted
        percentage times the group size).  The last axis indexes the ordered
        groups; leading axes are broadcast (one test per row).
    n : array_like
        Group sizes, same number of groups as ``k``.
    scores : array_like, optional
        One score per group (last axis).  Default ``1, 2, ..., G``, as R's
        ``prop.trend.test(x, n, score = seq_along(x))``.  Only differences
        between scores matter: the test is invariant under ``a + b * scores``
        with ``b > 0`` (``b < 0`` flips the sign of ``z``).
    alternative : {"two-sided", "greater", "less"}
        ``"greater"``: the proportion increases with the score (``z > 0``);
        ``"less"``: it decreases.  The two-sided p-value is that of the
        chi-square statistic with 1 df, as in R.
    deff : float or array_like
        Kish design effect; the test is computed on the effective counts
        ``k / deff`` and ``n / deff`` (broadcast against ``k``, so a
        per-group design effect is possible).  With one common ``deff`` the
        statistic is divided by ``deff`` (the first-order Rao--Scott
        correction).

    Returns
    -------
    TrendResult
        ``statistic`` (chi-square, 1 df), ``pvalue``, signed ``z``
        (``z ** 2 == statistic``) and ``slope`` (the n-weighted
        least-squares slope of the proportions on the scores: change in
        proportion per unit score).  ``statistic`` and ``pvalue`` are NaN
        when the pooled proportion is 0 or 1 (no variation at all).

    Raises
    ------
    MigstatsValueError
        If ``k`` or ``n`` is NaN, negative, ``k > n``, ``n < 1``, the group
        counts of ``k``, ``n`` or ``scores`` differ, there are fewer than 2
        groups, the scores are all equal, ``deff <= 0`` or ``alternative`` is
        unknown.

    Notes
    -----
    With group proportions :math:`p_g = k_g/n_g`, pooled proportion
    :math:`\bar p = \sum k_g / \sum n_g` and :math:`\bar s = \sum n_g s_g /
    \sum n_g`,

    .. math::

        z = \frac{\sum_g n_g (p_g - \bar p)(s_g - \bar s)}
                 {\sqrt{\bar p (1 - \bar p) \sum_g n_g (s_g - \bar s)^2}},
        \qquad X^2 = z^2 \sim \chi^2_1 .

    This is Armitage's (1955) statistic with denominator :math:`N` (not
    :math:`N - 1`), identical to R's ``prop.trend.test``, which computes it
    as the regression sum of squares of a weighted linear regression of
    :math:`p_g` on :math:`s_g` with weights :math:`n_g / (\bar p \bar q)`.
    The closed form is written out here (rather than wrapping
    ``statsmodels.stats.contingency_tables.Table.test_ordinal_association``)
    because statsmodels computes the Mantel linear-by-linear statistic, which
    is :math:`(N - 1)/N` times this one, and because the closed form
    vectorises over many profiles at once.

    The test assumes independent binomial counts per group; a design effect
    inflates the variance of every group proportion by ``deff``.

    References
    ----------
    .. [1] Armitage, P. (1955). Tests for linear trends in proportions and
       frequencies. *Biometrics*, 11(3), 375--386.
    .. [2] Cochran, W. G. (1954). Some methods for strengthening the common
       chi-square tests. *Biometrics*, 10(4), 417--451.
    .. [3] Agresti, A. (2013). *Categorical Data Analysis* (3rd ed.),
       section 5.3.5. Wiley.
    .. [4] R Core Team. ``stats::prop.trend.test``.
    .. [5] Rao, J. N. K., & Scott, A. J. (1981). The analysis of categorical
       data from complex sample surveys. *JASA*, 76(374), 221--230.

    Examples
    --------
    The example of R's ``?prop.trend.test``:

    >>> from migstats import trend_test
    >>> res = trend_test([83, 90, 129, 70], [86, 93, 136, 82])
    >>> round(res.statistic, 4), round(res.pvalue, 6)
    (8.2249, 0.004132)
    >>> round(res.z, 4)  # negative: the proportion falls with the score
    -2.8679

    One-sided, and with a design effect of 1.5:

    >>> round(trend_test([83, 90, 129, 70], [86, 93, 136, 82],
    ...                  alternative="less", deff=1.5).pvalue, 5)
    0.0096
    """
    alternative = check_alternative(alternative)
    k_arr, n_arr = _check_counts(k, n)
    s = _check_scores(scores, k_arr.shape[-1])
    d = check_deff(deff)
    k_arr, n_arr, s, d = check_broadcast(k=k_arr, n=n_arr, scores=s, deff=d)
    ke, ne = k_arr / d, n_arr / d

    big_n = ne.sum(axis=-1)
    pbar = ke.sum(axis=-1) / big_n
    sbar = (ne * s).sum(axis=-1) / big_n
    sc = s - sbar[..., None]
    sxx = (ne * sc**2).sum(axis=-1)
    sxy = (ke * sc).sum(axis=-1)  # = sum n (p - pbar)(s - sbar)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = sxy / np.sqrt(pbar * (1.0 - pbar) * sxx)
    slope = sxy / sxx
    statistic = z**2
    from scipy import special

    if alternative == "two-sided":
        pvalue = special.chdtrc(1, statistic)  # chi2(1) survival, = scipy.stats.chi2.sf
    elif alternative == "greater":
        pvalue = special.ndtr(-z)
    else:
        pvalue = special.ndtr(z)
    return TrendResult(
        statistic=_out(statistic),
        pvalue=_out(pvalue),
        z=_out(z),
        slope=_out(slope),
        alternative=alternative,
    )


# --------------------------------------------------------------------------
# logistic slope
# --------------------------------------------------------------------------


def _separated(k: np.ndarray, n: np.ndarray, s: np.ndarray) -> bool:
    """True when the grouped binomial MLE of (intercept, slope) does not exist.

    For one covariate the logistic MLE is infinite exactly when the
    individual-level data are (quasi-)completely separated: all successes at
    scores >= t and all failures at scores <= t, or the reverse (Albert &
    Anderson 1984).  This includes "no successes" and "no failures".
    """
    succ = s[k > 0]
    fail = s[(n - k) > 0]
    if succ.size == 0 or fail.size == 0:
        return True
    return bool(fail.max() <= succ.min() or succ.max() <= fail.min())


def _glm() -> tuple[Any, Any]:
    """statsmodels' GLM class and its families module.

    The GLM module itself: statsmodels.api would also import the time-series
    and graphics packages (about 0.3 s) that no migstats function uses.
    Imported before any :func:`warnings.catch_warnings` block that silences
    a fit: statsmodels puts an "always" filter for its model warnings in
    front of the filters when it is first imported, which inside the block
    would override the block's "ignore" and let a perfect-separation warning
    through to the caller.
    """
    from statsmodels.genmod import families
    from statsmodels.genmod.generalized_linear_model import GLM

    return GLM, families


def _fit_logistic(p: np.ndarray, w: np.ndarray, s: np.ndarray, glm: tuple) -> tuple[float, ...]:
    GLM, families = glm
    exog = np.column_stack([np.ones_like(s), s])
    model = GLM(p, exog, family=families.Binomial(), var_weights=w)
    fit = model.fit()
    return float(fit.params[0]), float(fit.params[1]), float(fit.bse[1])


def logistic_slope(
    k: Any,
    n: Any,
    *,
    scores: Any = None,
    confidence_level: float = 0.95,
    deff: Any = 1.0,
) -> SlopeResult:
    r"""Log odds ratio per group step from a binomial GLM on ordered groups.

    Fits the logit model :math:`\operatorname{logit} \pi_g = \alpha + \beta
    s_g` to the grouped binomial data by maximum likelihood and reports
    :math:`\beta` with a Wald interval.

    Parameters
    ----------
    k : array_like
        Number of successes per group (may be fractional); group axis last,
        leading axes broadcast (one fit per row).
    n : array_like
        Group sizes, same number of groups as ``k``.
    scores : array_like, optional
        One score per group; default ``1, 2, ..., G`` so that
        :math:`\beta` is the log odds ratio per group step.
    confidence_level : float
        Confidence level of the Wald interval, default 0.95.
    deff : float or array_like
        Kish design effect, broadcast against ``k``: the fit uses the
        effective group sizes ``n / deff`` as binomial weights, so standard
        errors grow by ``sqrt(deff)`` while the estimate is unchanged (for a
        common ``deff``).

    Returns
    -------
    SlopeResult
        ``estimate`` (log odds ratio per unit score), ``confidence_interval``,
        ``standard_error``, Wald ``statistic`` and two-sided ``pvalue``,
        ``odds_ratio`` and ``odds_ratio_ci``, ``intercept``.  All are NaN
        when the maximum-likelihood estimate does not exist (complete or
        quasi-complete separation, e.g. ``p = [0, 0, 0.4]``, or a pooled
        proportion of 0 or 1).

    Raises
    ------
    MigstatsValueError
        On invalid counts, scores, ``deff`` or ``confidence_level`` (see
        :func:`trend_test`).

    Notes
    -----
    Wraps ``statsmodels.api.GLM`` with ``family=Binomial()``, the group
    proportions as ``endog`` and ``var_weights = n / deff``; for integer
    counts this is the same likelihood as a logistic regression on the
    expanded 0/1 data (``statsmodels.api.Logit``, R ``glm(cbind(k, n - k) ~
    score, family = binomial)``).  Fractional counts are handled as a
    quasi-likelihood with the binomial variance, the standard treatment of
    weighted survey proportions.  One fit per profile is needed because the
    likelihood is maximised iteratively (IRLS).

    The log odds ratio is symmetric in the outcome coding (coding
    "disagree" instead of "agree" flips its sign) and, unlike a difference
    of proportions, does not depend on where on the 0--1 scale the profile
    lies; it does depend on the number of groups (a "step" between two of
    three education groups is not a step between two of five quintiles) --
    use :func:`slope_index` to compare groupings.

    References
    ----------
    .. [1] Agresti, A. (2013). *Categorical Data Analysis* (3rd ed.),
       chapter 5 (logistic regression; linear logit model for ordered
       groups, section 5.3.4). Wiley.
    .. [2] Albert, A., & Anderson, J. A. (1984). On the existence of maximum
       likelihood estimates in logistic regression models. *Biometrika*,
       71(1), 1--10.
    .. [3] statsmodels ``GLM`` with ``families.Binomial``.

    Examples
    --------
    >>> from migstats import logistic_slope
    >>> res = logistic_slope([83, 90, 129, 70], [86, 93, 136, 82])
    >>> round(res.estimate, 4), round(res.standard_error, 4)
    (-0.6316, 0.2285)
    >>> round(res.odds_ratio, 3)
    0.532
    """
    level = check_confidence_level(confidence_level)
    k_arr, n_arr = _check_counts(k, n)
    s = _check_scores(scores, k_arr.shape[-1])
    d = check_deff(deff)
    k_arr, n_arr, s, d = check_broadcast(k=k_arr, n=n_arr, scores=s, deff=d)

    lead = k_arr.shape[:-1]
    intercept = np.full(lead, np.nan)
    beta = np.full(lead, np.nan)
    se = np.full(lead, np.nan)
    glm = _glm()  # imported before the block (see _glm)
    for idx in np.ndindex(lead):
        kk, nn, ss = k_arr[idx], n_arr[idx], s[idx]
        if _separated(kk, nn, ss):
            continue
        with warnings.catch_warnings():
            # A profile close to separation may trigger a convergence warning;
            # the estimate then reflects the (very flat) likelihood faithfully.
            warnings.simplefilter("ignore")
            dd = d[idx]
            if np.all(dd == dd[0]):
                # One deff for the whole profile scales the log-likelihood by
                # 1/deff: same maximiser, information / deff.  Fitting with the
                # sizes n and multiplying the SE by sqrt(deff) gives exactly
                # that, independent of where IRLS stops on a flat likelihood.
                intercept[idx], beta[idx], se[idx] = _fit_logistic(kk / nn, nn, ss, glm)
                se[idx] *= np.sqrt(dd[0])
            else:
                intercept[idx], beta[idx], se[idx] = _fit_logistic(kk / nn, nn / dd, ss, glm)

    stat, pvalue, ci = _wald(beta, se, level)
    with np.errstate(over="ignore"):  # a huge log-odds limit is an infinite odds ratio
        odds_ratio = np.exp(beta)
        odds_ratio_ci = ConfidenceInterval(_out(np.exp(ci.low)), _out(np.exp(ci.high)))
    return SlopeResult(
        estimate=_out(beta),
        confidence_interval=ConfidenceInterval(_out(ci.low), _out(ci.high)),
        standard_error=_out(se),
        statistic=_out(stat),
        pvalue=_out(pvalue),
        odds_ratio=_out(odds_ratio),
        odds_ratio_ci=odds_ratio_ci,
        intercept=_out(intercept),
        confidence_level=level,
    )
