"""Slope and relative index of inequality (SII, RII) across ordered groups.

* :func:`ridits` and :func:`slope_index` -- slope and relative index of
  inequality, which put groupings with different numbers of groups
  (3 education levels, 5 income quintiles) on one 0--1 population-rank scale.

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
    MigstatsWarning,
    Result,
    check_broadcast,
    check_confidence_level,
    check_deff,
    check_in_unit_interval,
    group_extremes,
    group_sums,
    z_critical,
)
from .gradient_inputs import (
    _check_group_lengths,
    _check_shares,
    _group_array,
    _group_sizes,
    _out,
    _wald,
)

__all__ = [
    "InequalityResult",
    "checked_slope_inputs",
    "ridits",
    "slope_index",
    "slope_index_of_arrays",
    "slope_index_without_warning",
    "warn_zero_standard_error",
]


@dataclasses.dataclass(frozen=True, repr=False)
class InequalityResult(Result):
    """Result of :func:`slope_index`.

    Attributes
    ----------
    sii : float or ndarray
        Slope index of inequality: fitted proportion at the top of the
        ordering (ridit 1) minus the fitted proportion at the bottom
        (ridit 0), in proportion units (multiply by 100 for percentage
        points).  Positive when the proportion increases along the ordering.
    sii_ci : ConfidenceInterval
        Wald interval for ``sii`` (not clipped to [-1, 1]).
    sii_standard_error : float or ndarray
        Standard error of ``sii``.
    rii : float or ndarray
        Relative index of inequality, fitted(1) / fitted(0); NaN where a
        fitted endpoint is not positive.
    rii_ci : ConfidenceInterval
        Interval for ``rii`` from the delta method on the log scale.
    log_rii_standard_error : float or ndarray
        Standard error of ``log(rii)``.
    statistic : float or ndarray
        Wald z statistic ``sii / sii_standard_error``.
    pvalue : float or ndarray
        Two-sided p-value for ``sii == 0``.
    intercept : float or ndarray
        Fitted proportion at ridit 0 (bottom of the ordering).
    confidence_level : float
        Confidence level of the intervals.
    """

    sii: Any
    sii_ci: ConfidenceInterval
    sii_standard_error: Any
    rii: Any
    rii_ci: ConfidenceInterval
    log_rii_standard_error: Any
    statistic: Any
    pvalue: Any
    intercept: Any
    confidence_level: float = 0.95

    _unpack = ("statistic", "pvalue")


# --------------------------------------------------------------------------
# ridits, SII and RII
# --------------------------------------------------------------------------


def ridits(shares: Any) -> np.ndarray:
    r"""Ridits (cumulative-share midpoints) of ordered groups.

    Parameters
    ----------
    shares : array_like
        Population share of each group, ordered from the bottom to the top of
        the ranking, each in (0, 1) and summing to 1 (group axis last;
        leading axes broadcast).  Shares that do not sum to 1 are rejected,
        not rescaled: normalise published shares yourself.

    Returns
    -------
    ndarray
        For group :math:`g`, :math:`r_g = \sum_{j<g} w_j + w_g / 2`: the
        mean population rank (0 = bottom, 1 = top) of the group's members.
        Strictly increasing and inside (0, 1); the share-weighted mean is
        1/2.

    Raises
    ------
    MigstatsValueError
        If a share is NaN or outside (0, 1), the shares do not sum to 1
        (within :data:`migstats._base.SHARES_SUM_ATOL`) or there are fewer than 2 groups.

    Notes
    -----
    The ridit ("relative to an identified distribution") of Bross (1958) is
    the rank score used by the slope and relative index of inequality
    (Pamuk 1985; Mackenbach & Kunst 1997): each group is placed at the
    midpoint of the population-rank interval it occupies.

    References
    ----------
    .. [1] Bross, I. D. J. (1958). How to use ridit analysis. *Biometrics*,
       14(1), 18--38.
    .. [2] Mackenbach, J. P., & Kunst, A. E. (1997). Measuring the magnitude
       of socio-economic inequalities in health. *Social Science & Medicine*,
       44(6), 757--771.

    Examples
    --------
    >>> from migstats import ridits
    >>> ridits([0.2, 0.2, 0.2, 0.2, 0.2]).round(2).tolist()
    [0.1, 0.3, 0.5, 0.7, 0.9]
    >>> ridits([0.25, 0.35, 0.40]).round(3).tolist()
    [0.125, 0.425, 0.8]
    """
    w = _check_shares(shares)
    return np.cumsum(w, axis=-1) - w / 2.0


def slope_index(
    p: Any,
    n: Any,
    shares: Any,
    *,
    confidence_level: float = 0.95,
    deff: Any = 1.0,
) -> InequalityResult:
    r"""Slope and relative index of inequality (SII, RII) across ordered groups.

    The group proportions are regressed on the groups' ridits (population
    rank midpoints, see :func:`ridits`) by least squares weighted with the
    population shares; the SII is the fitted difference between the top
    (ridit 1) and the bottom (ridit 0) of the ordering, the RII their ratio.

    Parameters
    ----------
    p : array_like
        Group proportions in [0, 1], bottom to top (group axis last; leading
        axes broadcast, one index per row).  Divide percentages by 100.
    n : float or array_like
        Group sample sizes (group axis last), or a scalar total sample size,
        in which case the group sizes are ``n * shares`` (may be
        fractional).  ``n`` only affects the standard errors.
    shares : array_like
        Population shares of the groups, each in (0, 1), summing to 1.
    confidence_level : float
        Confidence level of the intervals, default 0.95.
    deff : float or array_like
        Kish design effect (broadcast against ``p``): the variance of each
        group proportion is ``deff * p (1 - p) / n``.

    Returns
    -------
    InequalityResult
        ``sii`` with Wald ``sii_ci`` and ``sii_standard_error``; ``rii`` with ``rii_ci``
        (delta method on the log scale) and ``log_rii_standard_error``; Wald
        ``statistic`` and two-sided ``pvalue`` for ``sii == 0``; the fitted
        bottom value ``intercept``.  Where every group proportion is 0 or 1
        the standard error is 0 and the Wald test is undefined (a
        :class:`migstats.MigstatsWarning` says so): ``statistic`` and
        ``pvalue`` are NaN where the SII is 0 and +/-inf and 0 otherwise,
        ``sii`` and its interval are exact (0 width).

    Raises
    ------
    MigstatsValueError
        If ``p`` is NaN or outside [0, 1], ``n < 1``, the shares are invalid
        (see :func:`ridits`), the numbers of groups differ, there are fewer
        than 2 groups, ``deff <= 0`` or ``confidence_level`` is not in (0, 1).

    Notes
    -----
    **Estimate.**  With shares :math:`w_g`, ridits :math:`r_g`, weighted
    means :math:`\bar r = \sum w_g r_g = 1/2` and :math:`\bar p = \sum w_g
    p_g`, the weighted least-squares line :math:`\hat p(r) = a + b r` has

    .. math::

        \mathrm{SII} = b = \sum_g c_g p_g, \quad
        c_g = \frac{w_g (r_g - \bar r)}{\sum_j w_j (r_j - \bar r)^2},
        \qquad a = \bar p - b \bar r, \qquad
        \mathrm{RII} = \frac{a + b}{a}.

    The weights are the *population* shares (equal to weighting by
    :math:`n_g` when the sample is proportional, :math:`n_g = N w_g`), as in
    Pamuk (1985) and Mackenbach & Kunst (1997): the SII is then a property of
    the population -- the slope of the least-squares line through the
    population ranked by the grouping variable -- and the same quantity as
    the coefficient of an individual-level regression of the outcome on the
    rank (Moreno-Betancur et al. 2015).  Inverse-variance weights
    :math:`n_g / (p_g q_g)` were not chosen: they make the estimand depend
    on the observed proportions (groups near 50 % count less), are infinite
    when a group proportion is 0 or 1, and correlate the weights with the
    estimates.  For an exactly linear profile both give the same SII.

    **Standard errors.**  The group proportions are independent with
    variances :math:`v_g = \mathrm{deff}\, p_g (1 - p_g) / n_g`, and the
    estimates are fixed linear combinations of them, so
    :math:`\operatorname{var}(\mathrm{SII}) = \sum c_g^2 v_g` (the WLS
    "sandwich" covariance with known group variances).  The residual-based
    covariance of the G-point regression is *not* used: it measures lack of
    linear fit with :math:`G - 2` degrees of freedom (one for three
    education groups, none for two groups), not sampling error (Hayes &
    Berry 2002).  For the RII, with :math:`u = d + c` and :math:`d_g = w_g -
    \bar r c_g` (so :math:`a = d \cdot p` and :math:`a + b = u \cdot p`),

    .. math::

        \operatorname{var}(\log \mathrm{RII}) =
        \sum_g \left(\frac{u_g}{a + b} - \frac{d_g}{a}\right)^2 v_g ,

    and the interval is :math:`\exp(\log \mathrm{RII} \pm z\, \mathrm{se})`.

    These formulas are written out because statsmodels' ``WLS`` offers
    only residual-based covariances, and the closed forms vectorise over
    many profiles.  Because the fitted line is extrapolated half a group
    beyond the extreme groups' midpoints, the RII is NaN when a fitted
    endpoint is 0 or negative.  Like the Wald interval for one proportion,
    the variance is 0 for groups with ``p`` equal to 0 or 1.

    With two groups the SII is twice the difference of the two proportions
    (their ridits are always 1/2 apart), whatever the shares.

    References
    ----------
    .. [1] Pamuk, E. R. (1985). Social class inequality in mortality from
       1921 to 1972 in England and Wales. *Population Studies*, 39(1),
       17--31.
    .. [2] Mackenbach, J. P., & Kunst, A. E. (1997). Measuring the magnitude
       of socio-economic inequalities in health: an overview of available
       measures illustrated with two examples from Europe. *Social Science &
       Medicine*, 44(6), 757--771.
    .. [3] Moreno-Betancur, M., Latouche, A., Menvielle, G., Kunst, A. E., &
       Rey, G. (2015). Relative index of inequality and slope index of
       inequality: a structured regression framework for estimation.
       *Epidemiology*, 26(4), 518--527.
    .. [4] Hayes, L. J., & Berry, G. (2002). Sampling variability of the
       Kunst--Mackenbach relative index of inequality. *Journal of
       Epidemiology and Community Health*, 56(10), 762--765.

    Examples
    --------
    An exactly linear profile over income quintiles recovers its slope:

    >>> from migstats import slope_index
    >>> res = slope_index([0.60, 0.62, 0.64, 0.66, 0.68], 2000, [0.2] * 5)
    >>> round(res.sii, 4), round(res.rii, 4)
    (0.1, 1.1695)
    >>> [round(x, 4) for x in res.sii_ci]
    [0.0258, 0.1742]

    Three education groups with unequal shares:

    >>> res = slope_index([0.59, 0.75, 0.82], 2000, [0.26, 0.35, 0.39])
    >>> round(res.sii, 3), round(res.sii_standard_error, 3)
    (0.323, 0.036)
    """
    result = slope_index_without_warning(p, n, shares, confidence_level=confidence_level, deff=deff)
    warn_zero_standard_error(result, stacklevel=3)
    return result


def warn_zero_standard_error(result: InequalityResult, stacklevel: int) -> None:
    """Warn that a slope index's Wald standard error is 0 in some row (every group at 0 or 1)."""
    if (np.asarray(result.sii_standard_error, dtype=float) == 0).any():
        warnings.warn(
            "slope_index: every group proportion is 0 or 1 in some row, so the Wald "
            "standard error of the SII is 0 and its test is undefined there (statistic NaN "
            "for an SII of 0, else infinite; use trend_test, which is defined at the boundary)",
            MigstatsWarning,
            stacklevel=stacklevel,
        )


def slope_index_without_warning(
    p: Any,
    n: Any,
    shares: Any,
    *,
    confidence_level: float = 0.95,
    deff: Any = 1.0,
    rii: bool = True,
) -> InequalityResult:
    """:func:`slope_index` without its warning about a zero standard error.

    For callers that handle that case themselves (the audit's engine), so
    that they need no :func:`warnings.catch_warnings` block, which changes
    the process-wide filters and is not safe where threads run audits.
    ``rii=False`` leaves the relative index's fields NaN (``rii``,
    ``rii_ci``, ``log_rii_standard_error``) for a caller that reads the SII
    alone: about a third of the work at many rows; every other field is the
    same.
    """
    p_arr, n_arr, w, d, level = checked_slope_inputs(p, n, shares, confidence_level, deff)
    return slope_index_of_arrays(p_arr, n_arr, w, d, level, rii)


def checked_slope_inputs(p: Any, n: Any, shares: Any, confidence_level: Any, deff: Any) -> tuple:
    """``(p, n, shares, deff, level)`` of :func:`slope_index`, checked and broadcast.

    ``n`` as group sizes (a total split by the shares); what
    :func:`slope_index_of_arrays` takes.
    """
    level = check_confidence_level(confidence_level)
    p_arr = check_in_unit_interval(_group_array(p, "p"), "p")
    w = _check_shares(shares)
    _check_group_lengths(p=p_arr, shares=w)
    n_arr = _group_sizes(n, w, p_arr.shape[-1])
    d = check_deff(deff)
    p_arr, n_arr, _, d = check_broadcast(p=p_arr, n=n_arr, shares=w, deff=d)
    return p_arr, n_arr, w, d, level


def slope_index_of_arrays(
    p: np.ndarray, n: np.ndarray, shares: np.ndarray, deff: np.ndarray, level: float, rii: bool
) -> InequalityResult:
    """:func:`slope_index_without_warning` of arrays already checked: its computation alone.

    ``p``, ``n`` (group sizes) and ``deff`` float arrays of one shape
    (group axis last), ``shares`` the population shares (group axis last),
    ``level`` a confidence level: what the checks of
    :func:`slope_index_without_warning` return.  For the audit's engine,
    whose numbers come from validated tables (the checks are half the cost
    of one small slope index, and the audit computes hundreds); no check is
    repeated here.
    """
    p_arr, n_arr, w, d = p, n, shares, deff
    # the coefficients depend on the shares alone: computed on them as given
    # (one row for many rows of numbers) and broadcast in the sums below
    r = np.cumsum(w, axis=-1) - w / 2.0
    rbar = (w * r).sum(axis=-1, keepdims=True)
    rc = r - rbar
    c = w * rc / (w * rc**2).sum(axis=-1, keepdims=True)  # slope coefficients
    dco = w - rbar * c  # intercept (fitted value at ridit 0) coefficients
    uco = dco + c  # fitted value at ridit 1
    # variances over the row's largest deff (the standard errors take its square
    # root back): a deff near the float maximum does not overflow
    # (the row sums and maxima as np.sum and np.max give them, a vector operation
    # per group: group_sums, group_extremes)
    dmax = group_extremes(d, low=False)
    v = (d / dmax[..., None]) * p_arr * (1.0 - p_arr) / n_arr

    sii = group_sums(c * p_arr)
    a = group_sums(dco * p_arr)
    top = group_sums(uco * p_arr)
    sii_standard_error = np.sqrt(dmax) * np.sqrt(group_sums(c**2 * v))
    stat, pvalue, sii_ci = _wald(sii, sii_standard_error, level)

    if rii:
        log_rii, log_se = _log_rii(a, top, dco, uco, v, dmax)
        zc = z_critical(1.0 - level)
        # exp of a log beyond the float range: the limits 0 and inf (a fitted bottom
        # near 0 gives an RII and interval limits too large for a float)
        with np.errstate(over="ignore", under="ignore"):
            ratio = np.exp(log_rii)
            rii_low, rii_high = np.exp(log_rii - zc * log_se), np.exp(log_rii + zc * log_se)
    else:
        ratio = rii_low = rii_high = log_se = np.full(np.shape(sii), np.nan)
    return InequalityResult(
        sii=_out(sii),
        sii_ci=ConfidenceInterval(_out(sii_ci.low), _out(sii_ci.high)),
        sii_standard_error=_out(sii_standard_error),
        rii=_out(ratio),
        rii_ci=ConfidenceInterval(_out(rii_low), _out(rii_high)),
        log_rii_standard_error=_out(log_se),
        statistic=_out(stat),
        pvalue=_out(pvalue),
        intercept=_out(a),
        confidence_level=level,
    )


def _log_rii(
    a: np.ndarray,
    top: np.ndarray,
    dco: np.ndarray,
    uco: np.ndarray,
    v: np.ndarray,
    dmax: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """``log(top / a)`` and its delta-method standard error, in log space.

    ``v`` are the group variances divided by ``dmax``.  The gradient of
    ``log(top / a)`` in the group proportions is ``uco / top - dco / a =
    (uco a - dco top) / (top a)``; with a fitted bottom ``a`` (or top) near
    0 the ratios overflow, so the standard error is formed from the scaled
    numerator and the logs: ``log se = log m + (log sum (g / m)^2 v + log
    dmax) / 2 - log top - log a`` with ``m`` the largest ``|g|``.  NaN where
    a fitted endpoint is not positive.
    """
    ok = (a > 0) & (top > 0)
    a1, t1 = np.where(ok, a, 1.0), np.where(ok, top, 1.0)
    g = uco * a1[..., None] - dco * t1[..., None]
    m = np.abs(g).max(axis=-1)
    m1 = np.where(m > 0, m, 1.0)
    q = ((g / m1[..., None]) ** 2 * v).sum(axis=-1)
    with np.errstate(divide="ignore"):  # log 0 = -inf: a standard error of 0
        log_se = np.log(m1) + 0.5 * (np.log(q) + np.log(dmax)) - np.log(t1) - np.log(a1)
    with np.errstate(over="ignore"):  # beyond the float range: inf
        se = np.exp(log_se)
    return np.where(ok, np.log(t1) - np.log(a1), np.nan), np.where(ok, se, np.nan)
