"""Gradients across ordered groups (education levels, income quintiles).

This module owns the statistics that describe how a proportion changes
across *ordered* groups when only the group percentages, the group sizes (or
the population shares and a total sample size) are known:

* :func:`trend_test` -- Cochran--Armitage chi-square test for a linear trend
  in proportions (R ``prop.trend.test``);
* :func:`logistic_slope` -- binomial GLM of the proportion on group scores:
  log odds ratio per step (Agresti 2013, ch. 5);
* :func:`ridits` and :func:`slope_index` -- slope and relative index of
  inequality (SII, RII), which put groupings with different numbers of groups
  (3 education levels, 5 income quintiles) on one 0--1 population-rank scale;
* :func:`gradient_from_proportions` -- all of the above plus the extreme-group gap for
  one ordered profile, as one :class:`GradientResult` with a tidy one-row
  ``to_frame()``;
* :func:`compare_gradient_results` -- difference between two SIIs (for example the
  education and the income gradient of one item), under independence and
  under the worst and best case for the unknown correlation between them.

Conventions: ``p`` are proportions in [0, 1] (divide published percentages
by 100); the group axis is the **last** axis of every array argument and
leading axes are broadcast, so one call can handle many items.  Counts may be
fractional (``k = p * n`` from weighted percentages) and ``deff`` is the Kish
design effect (effective counts ``k / deff`` and ``n / deff``).
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._base import (
    GRADIENT_COLUMNS,
    SHARES_SUM_ATOL,
    ConfidenceInterval,
    MigstatsValueError,
    MigstatsWarning,
    Result,
    check_alternative,
    check_broadcast,
    check_confidence_level,
    check_deff,
    check_in_unit_interval,
    check_n,
    check_numeric,
    check_option,
    invalid_value,
    z_critical,
)

__all__ = [
    "GradientComparison",
    "GradientResult",
    "InequalityResult",
    "SlopeResult",
    "TrendResult",
    "compare_gradient_results",
    "gradient_from_proportions",
    "logistic_slope",
    "ridits",
    "slope_index",
    "trend_test",
]

#: Smallest number of ordered groups a gradient can be computed from.
MIN_GROUPS = 2


#: Correlation scenarios reported by :func:`compare_gradient_results`.
_SCENARIOS = ("independent", "worst_case", "best_case", "user")


# --------------------------------------------------------------------------
# result classes
# --------------------------------------------------------------------------


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


@dataclasses.dataclass(frozen=True, repr=False)
class GradientResult(Result):
    """Result of :func:`gradient_from_proportions`: every gradient statistic of one profile.

    Attributes
    ----------
    groups : tuple of str
        Group labels, from the bottom to the top of the ordering.
    p : ndarray
        Group proportions.
    n : ndarray
        Group sample sizes (before the design effect).
    shares : ndarray
        Population shares of the groups (sum 1).
    gap : float
        ``p[-1] - p[0]``: last minus first group, in proportion units.
    gap_ci : ConfidenceInterval
        Newcombe hybrid-score interval for ``gap`` (:func:`migstats.diff_ci`).
    trend : TrendResult
        Cochran--Armitage trend test (:func:`trend_test`).
    logistic : SlopeResult
        Log odds ratio per step (:func:`logistic_slope`).
    inequality : InequalityResult
        SII and RII (:func:`slope_index`).
    confidence_level : float
        Confidence level of every interval.
    deff : float
        Kish design effect used throughout.

    Notes
    -----
    ``sii``, ``sii_ci``, ``rii`` and ``rii_ci`` are shortcuts to the fields of
    ``inequality``.  :meth:`to_frame` gives one row with the columns
    ``migstats.COLUMNS["GradientResult.to_frame"]``.
    """

    groups: tuple
    p: Any
    n: Any
    shares: Any
    gap: Any
    gap_ci: ConfidenceInterval
    trend: TrendResult
    logistic: SlopeResult
    inequality: InequalityResult
    confidence_level: float = 0.95
    deff: float = 1.0

    @property
    def sii(self) -> float:
        """Slope index of inequality (``inequality.sii``)."""
        return self.inequality.sii

    @property
    def sii_ci(self) -> ConfidenceInterval:
        """Interval for the SII (``inequality.sii_ci``)."""
        return self.inequality.sii_ci

    @property
    def rii(self) -> float:
        """Relative index of inequality (``inequality.rii``)."""
        return self.inequality.rii

    @property
    def rii_ci(self) -> ConfidenceInterval:
        """Interval for the RII (``inequality.rii_ci``)."""
        return self.inequality.rii_ci

    def confidence_interval(self, statistic: str = "gap") -> ConfidenceInterval:
        """Interval of one gradient statistic, at ``confidence_level``.

        Parameters
        ----------
        statistic : {"gap", "sii", "rii", "log_odds"}, default "gap"
            Extreme-group gap (Newcombe), slope or relative index of
            inequality, or logistic slope per step.

        Returns
        -------
        ConfidenceInterval

        Examples
        --------
        >>> from migstats import gradient_from_proportions
        >>> g = gradient_from_proportions([0.4, 0.5, 0.6], [500, 500, 500], [1/3, 1/3, 1/3])
        >>> g.confidence_interval() == g.gap_ci
        True
        """
        intervals = {
            "gap": self.gap_ci,
            "sii": self.inequality.sii_ci,
            "rii": self.inequality.rii_ci,
            "log_odds": self.logistic.confidence_interval,
        }
        return intervals[check_option(statistic, "statistic", tuple(intervals))]

    def to_frame(self) -> pd.DataFrame:
        """One tidy row with the columns ``migstats.COLUMNS["GradientResult.to_frame"]``."""
        ineq, trend, logit = self.inequality, self.trend, self.logistic
        row = {
            "gap": self.gap,
            "gap_ci_low": self.gap_ci.low,
            "gap_ci_high": self.gap_ci.high,
            "trend_statistic": trend.statistic,
            "trend_pvalue": trend.pvalue,
            "log_odds_per_step": logit.estimate,
            "log_odds_ci_low": logit.confidence_interval.low,
            "log_odds_ci_high": logit.confidence_interval.high,
            "sii": ineq.sii,
            "sii_ci_low": ineq.sii_ci.low,
            "sii_ci_high": ineq.sii_ci.high,
            "rii": ineq.rii,
            "rii_ci_low": ineq.rii_ci.low,
            "rii_ci_high": ineq.rii_ci.high,
            "trend_z": trend.z,
            "log_odds_pvalue": logit.pvalue,
            "sii_pvalue": ineq.pvalue,
            "first_group": self.groups[0],
            "last_group": self.groups[-1],
            "n_groups": len(self.groups),
            "n_total": float(np.sum(self.n)),
            "confidence_level": self.confidence_level,
            "deff": self.deff,
        }
        return pd.DataFrame([{c: _scalar(row[c]) for c in GRADIENT_COLUMNS}])


@dataclasses.dataclass(frozen=True, repr=False)
class GradientComparison(Result):
    """Result of :func:`compare_gradient_results`.

    Every quantity is given for four assumptions about the correlation
    ``rho`` between the two SII estimates: ``independent`` (rho = 0),
    ``worst_case`` (rho = -1 for the signed difference: the widest interval),
    ``best_case`` (rho = +1: the narrowest interval) and ``user`` (the
    ``correlation`` argument; NaN when it was not given).

    Attributes
    ----------
    estimate : float or ndarray
        ``sii_a - sii_b`` (signed difference, proportion units).
    abs_estimate : float or ndarray
        ``|sii_a| - |sii_b|``: positive when ``a`` is the steeper gradient.
    standard_error : dict
        Standard error of ``estimate`` per scenario.
    pvalue : dict
        p-value for ``estimate == 0`` per scenario.
    abs_standard_error, abs_pvalue : dict
        The same for ``abs_estimate``.
    correlation : float or None
        The user-given correlation.
    alternative : str
        The alternative hypothesis.
    confidence_level : float
        Confidence level of the intervals.

    Notes
    -----
    The intervals are not stored: :meth:`confidence_interval` computes the
    one asked for (scenario, scale) from ``estimate`` and ``standard_error``,
    as scipy's result objects do.  :meth:`to_frame` gives one row per
    (scale, scenario) with the columns ``scale, scenario, correlation,
    estimate, standard_error, ci_low, ci_high, statistic, pvalue``.
    """

    estimate: Any
    abs_estimate: Any
    standard_error: dict
    pvalue: dict
    abs_standard_error: dict
    abs_pvalue: dict
    correlation: Any = None
    alternative: str = "two-sided"
    confidence_level: float = 0.95

    def confidence_interval(
        self, scenario: str = "worst_case", *, scale: str = "signed"
    ) -> ConfidenceInterval:
        """Interval for the difference under one correlation scenario.

        Parameters
        ----------
        scenario : {"independent", "worst_case", "best_case", "user"}, default "worst_case"
            Assumed correlation of the two SII estimates (see the class
            notes); the default is the conservative one.
        scale : {"signed", "absolute"}, default "signed"
            ``sii_a - sii_b`` or ``|sii_a| - |sii_b|``.

        Returns
        -------
        ConfidenceInterval

        Examples
        --------
        >>> from migstats import compare_gradient_results, gradient_from_proportions
        >>> a = gradient_from_proportions([0.3, 0.5, 0.7], [500, 500, 500], [1/3, 1/3, 1/3])
        >>> b = gradient_from_proportions([0.45, 0.5, 0.55], [500, 500, 500], [1/3, 1/3, 1/3])
        >>> c = compare_gradient_results(a, b)
        >>> low, high = c.confidence_interval("independent")
        >>> round(low, 3), round(high, 3)
        (0.324, 0.576)
        """
        scenario = check_option(scenario, "scenario", tuple(_SCENARIOS))
        scale = check_option(scale, "scale", ("signed", "absolute"))
        if scale == "signed":
            est, se = self.estimate, self.standard_error[scenario]
        else:
            est, se = self.abs_estimate, self.abs_standard_error[scenario]
        return _interval(
            np.asarray(est, dtype=float),
            np.asarray(se, dtype=float),
            self.confidence_level,
            self.alternative,
        )[1]

    def to_frame(self) -> pd.DataFrame:
        """Long format: one row per scale (signed, absolute) and scenario."""
        rows = []
        rho = {"independent": 0.0, "worst_case": -1.0, "best_case": 1.0}
        for scale, est, se, pv in (
            ("signed", self.estimate, self.standard_error, self.pvalue),
            ("absolute", self.abs_estimate, self.abs_standard_error, self.abs_pvalue),
        ):
            for scen in _SCENARIOS:
                r = rho.get(scen, np.nan if self.correlation is None else self.correlation)
                ci = self.confidence_interval(scen, scale=scale)
                with np.errstate(divide="ignore", invalid="ignore"):
                    z = np.true_divide(est, se[scen])
                rows.append(
                    {
                        "scale": scale,
                        "scenario": scen,
                        "correlation": r,
                        "estimate": est,
                        "standard_error": se[scen],
                        "ci_low": ci.low,
                        "ci_high": ci.high,
                        "statistic": z,
                        "pvalue": pv[scen],
                    }
                )
        frame = pd.DataFrame(rows)
        if all(np.ndim(v) == 0 for v in frame["estimate"]):
            return frame.astype({c: float for c in frame.columns[2:]})
        return frame


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def _scalar(x: Any) -> Any:
    """0-d arrays and NumPy scalars to Python floats; arrays unchanged."""
    arr = np.asarray(x)
    if arr.ndim == 0 and arr.dtype.kind in "fiub":
        return float(arr)
    if arr.ndim == 0:
        return arr.item()
    return arr


def _group_array(value: Any, name: str) -> np.ndarray:
    """A float array with a group axis (ndim >= 1) and at least MIN_GROUPS groups."""
    if isinstance(value, str):
        raise invalid_value(name, f"a sequence of at least {MIN_GROUPS} ordered groups", value)
    arr = check_numeric(value, name)  # no text, no booleans
    if arr.ndim == 0 or arr.shape[-1] < MIN_GROUPS:
        raise invalid_value(name, f"a sequence of at least {MIN_GROUPS} ordered groups", value)
    return arr


def _check_group_lengths(**arrays: np.ndarray) -> int:
    """Every array with a group axis must have the same number of groups."""
    lengths = {k: a.shape[-1] for k, a in arrays.items() if np.ndim(a) > 0}
    if len(set(lengths.values())) > 1:
        desc = ", ".join(f"{k} has length {v}" for k, v in lengths.items())
        raise MigstatsValueError(f"arguments must have the same length, but {desc}")
    return next(iter(lengths.values()))


def _check_counts(k: Any, n: Any) -> tuple[np.ndarray, np.ndarray]:
    """Validate counts k (may be fractional) and group sizes n."""
    k_arr = _group_array(k, "k")
    n_arr = _group_array(n, "n")
    _check_group_lengths(k=k_arr, n=n_arr)
    k_arr = check_n(k_arr, "k", integer=False, minimum=0)
    n_arr = check_n(n_arr, "n", integer=False, minimum=0)
    if (n_arr < 1).any():
        raise _too_small_groups(n)
    k_arr, n_arr = check_broadcast(k=k_arr, n=n_arr)
    if (k_arr > n_arr).any():
        raise invalid_value("k", "<= n in every group", k)
    return k_arr, n_arr


def _check_scores(scores: Any, n_groups: int) -> np.ndarray:
    """Scores: finite, one per group (group axis last), not all equal."""
    if scores is None:
        return np.arange(1.0, n_groups + 1.0)
    arr = check_numeric(scores, "scores") if not isinstance(scores, str) else None
    if arr is None or arr.ndim == 0 or arr.shape[-1] != n_groups:
        raise invalid_value("scores", f"a sequence of {n_groups} numbers (one per group)", scores)
    if not np.isfinite(arr).all():
        raise invalid_value("scores", "finite", scores)
    if (np.ptp(arr, axis=-1) == 0).any():
        raise invalid_value("scores", "not all equal", scores)
    return arr


def _check_shares(shares: Any, name: str = "shares") -> np.ndarray:
    arr = _group_array(shares, name)
    arr = check_in_unit_interval(arr, name, open_ends=True)
    total = arr.sum(axis=-1)
    if not np.allclose(total, 1.0, rtol=0.0, atol=SHARES_SUM_ATOL):
        raise invalid_value(
            name,
            "population shares that sum to 1 (normalise them first, e.g. s / s.sum())",
            shares,
        )
    return arr


def _too_small_groups(n: Any) -> MigstatsValueError:
    """The error for group sizes below 1: say that n * share is too small, and name n."""
    return invalid_value(
        "n",
        "group sizes of at least 1 in every group (a total n split by population "
        "shares gives groups of n * share: too small here, raise n)",
        n,
    )


def _group_sizes(n: Any, shares: np.ndarray | None, n_groups: int | None) -> np.ndarray:
    """n as per-group sizes, or a total (0-d) split as ``n * shares``."""
    n_arr = np.asarray(n, dtype=float) if not isinstance(n, str) else np.asarray(n)
    if n_arr.ndim == 0:
        total = check_n(n, "n", integer=False, minimum=1)
        if shares is None:
            raise invalid_value(
                "n",
                "per-group sizes, or a total together with shares",
                n,
            )
        sizes = total * shares
        return sizes
    n_arr = _group_array(n, "n")
    if n_groups is not None:
        _check_group_lengths(p=np.empty(n_groups), n=n_arr)
    sizes = check_n(n_arr, "n", integer=False, minimum=0)
    if (sizes < 1).any():
        raise _too_small_groups(n)
    return sizes


def _wald(est: np.ndarray, se: np.ndarray, confidence_level: float):
    from scipy import special  # lazily: keeps ``import migstats`` light

    z = z_critical(1.0 - confidence_level)
    with np.errstate(divide="ignore", invalid="ignore"):
        stat = np.true_divide(est, se)
    pvalue = 2.0 * special.ndtr(-np.abs(stat))
    return stat, pvalue, ConfidenceInterval(est - z * se, est + z * se)


def _out(x: Any) -> Any:
    arr = np.asarray(x, dtype=float)
    return float(arr) if arr.ndim == 0 else arr


# --------------------------------------------------------------------------
# trend test
# --------------------------------------------------------------------------


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


def _fit_logistic(p: np.ndarray, w: np.ndarray, s: np.ndarray) -> tuple[float, ...]:
    import statsmodels.api as sm

    exog = np.column_stack([np.ones_like(s), s])
    model = sm.GLM(p, exog, family=sm.families.Binomial(), var_weights=w)
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
                intercept[idx], beta[idx], se[idx] = _fit_logistic(kk / nn, nn, ss)
                se[idx] *= np.sqrt(dd[0])
            else:
                intercept[idx], beta[idx], se[idx] = _fit_logistic(kk / nn, nn / dd, ss)

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
        the standard error is 0 and the Wald test is undefined: ``statistic``
        and ``pvalue`` are NaN (with a :class:`migstats.MigstatsWarning`),
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
    level = check_confidence_level(confidence_level)
    p_arr = check_in_unit_interval(_group_array(p, "p"), "p")
    w = _check_shares(shares)
    _check_group_lengths(p=p_arr, shares=w)
    n_arr = _group_sizes(n, w, p_arr.shape[-1])
    d = check_deff(deff)
    p_arr, n_arr, w, d = check_broadcast(p=p_arr, n=n_arr, shares=w, deff=d)

    r = np.cumsum(w, axis=-1) - w / 2.0
    rbar = (w * r).sum(axis=-1, keepdims=True)
    rc = r - rbar
    c = w * rc / (w * rc**2).sum(axis=-1, keepdims=True)  # slope coefficients
    dco = w - rbar * c  # intercept (fitted value at ridit 0) coefficients
    uco = dco + c  # fitted value at ridit 1
    v = d * p_arr * (1.0 - p_arr) / n_arr

    sii = (c * p_arr).sum(axis=-1)
    a = (dco * p_arr).sum(axis=-1)
    top = (uco * p_arr).sum(axis=-1)
    sii_standard_error = np.sqrt((c**2 * v).sum(axis=-1))
    stat, pvalue, sii_ci = _wald(sii, sii_standard_error, level)
    if (sii_standard_error == 0).any():
        warnings.warn(
            "slope_index: every group proportion is 0 or 1 in some row, so the Wald "
            "standard error of the SII is 0 and its statistic and pvalue are NaN there "
            "(use trend_test, which is defined at the boundary)",
            MigstatsWarning,
            stacklevel=2,
        )

    ok = (a > 0) & (top > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_rii = np.where(ok, np.log(np.where(ok, top / a, 1.0)), np.nan)
        grad = uco / top[..., None] - dco / a[..., None]
        log_se = np.where(ok, np.sqrt((grad**2 * v).sum(axis=-1)), np.nan)
    zc = z_critical(1.0 - level)
    return InequalityResult(
        sii=_out(sii),
        sii_ci=ConfidenceInterval(_out(sii_ci.low), _out(sii_ci.high)),
        sii_standard_error=_out(sii_standard_error),
        rii=_out(np.exp(log_rii)),
        rii_ci=ConfidenceInterval(
            _out(np.exp(log_rii - zc * log_se)), _out(np.exp(log_rii + zc * log_se))
        ),
        log_rii_standard_error=_out(log_se),
        statistic=_out(stat),
        pvalue=_out(pvalue),
        intercept=_out(a),
        confidence_level=level,
    )


# --------------------------------------------------------------------------
# everything for one profile
# --------------------------------------------------------------------------


def gradient_from_proportions(
    p: Any,
    n: Any,
    shares: Any = None,
    *,
    groups: Sequence[str] | None = None,
    scores: Any = None,
    confidence_level: float = 0.95,
    deff: float = 1.0,
) -> GradientResult:
    r"""All gradient statistics of one ordered profile of proportions.

    Parameters
    ----------
    p : array_like, 1-d
        Proportion in [0, 1] per group, from the bottom to the top of the
        ordering (e.g. education low to high, income Q1 to Q5).  Divide
        published percentages by 100.
    n : float or array_like
        Either the group sample sizes (1-d, one per group), or the total
        sample size (a scalar), which is split as ``n * shares`` (the group
        sizes may then be fractional).  With a total, ``shares`` is
        required.
    shares : array_like, optional
        Population shares of the groups, each in (0, 1), summing to 1.
        Default: the sample composition ``n / n.sum()`` (only possible when
        ``n`` gives group sizes; this treats the sample as self-weighting).
    groups : sequence of str, optional
        Group labels; default ``"1", ..., "G"``.
    scores : array_like, optional
        Scores for the trend test and the logistic slope; default
        ``1, ..., G`` (so the logistic slope is per group step).  The SII
        always uses the ridits of ``shares``.
    confidence_level : float
        Confidence level of every interval, default 0.95.
    deff : float
        Kish design effect (a scalar here), applied to every statistic.

    Returns
    -------
    GradientResult
        The extreme-group ``gap`` (last minus first) with its Newcombe
        interval, the ``trend`` test, the ``logistic`` slope and the
        ``inequality`` indices (SII, RII), plus the inputs.  ``to_frame()``
        gives one tidy row with the columns ``migstats.COLUMNS["GradientResult.to_frame"]``.

    Raises
    ------
    MigstatsValueError
        If ``p`` is not a 1-d sequence of at least 2 proportions in [0, 1],
        the lengths of ``p``, ``n``, ``shares``, ``groups`` or ``scores``
        differ, the shares do not sum to 1, ``n < 1``, a total ``n`` comes
        without ``shares``, or ``deff`` / ``confidence_level`` is invalid.

    Notes
    -----
    The counts are ``k = p * n_g``; they are fractional for weighted
    percentages, which every method here accepts (binomial
    quasi-likelihood).  The gap interval is
    ``migstats.diff_ci(k[-1], n[-1], k[0], n[0], method="newcombe")``
    (Newcombe 1998, method 10).  Sign convention: every statistic is
    positive when the proportion *increases* from the first to the last
    group.  The gap uses two groups only; the trend test and the logistic
    slope use all groups but their size depends on the number of groups and
    the scores; the SII uses all groups and is on the same population-rank
    scale for any grouping, so it is the statistic to compare between
    education (3 groups) and income (5 groups), see
    :func:`compare_gradient_results`.

    References
    ----------
    .. [1] Newcombe, R. G. (1998). Interval estimation for the difference
       between independent proportions: comparison of eleven methods.
       *Statistics in Medicine*, 17(8), 873--890.
    .. [2] Armitage, P. (1955). Tests for linear trends in proportions and
       frequencies. *Biometrics*, 11(3), 375--386.
    .. [3] Agresti, A. (2013). *Categorical Data Analysis* (3rd ed.),
       chapter 5. Wiley.
    .. [4] Mackenbach, J. P., & Kunst, A. E. (1997). *Social Science &
       Medicine*, 44(6), 757--771.

    Examples
    --------
    Education (low, middle, high), population shares 0.26/0.35/0.39, total
    n = 2000:

    >>> from migstats import gradient_from_proportions
    >>> g = gradient_from_proportions([0.59, 0.75, 0.82], 2000, [0.26, 0.35, 0.39],
    ...                    groups=["low", "middle", "high"])
    >>> round(g.gap, 2), [round(x, 3) for x in g.gap_ci]
    (0.23, [0.18, 0.28])
    >>> round(g.sii, 3), round(g.trend.statistic, 1)
    (0.323, 81.3)
    >>> row = g.to_frame()
    >>> row[["gap", "sii", "rii"]].round(3).to_dict("records")
    [{'gap': 0.23, 'sii': 0.323, 'rii': 1.563}]
    """
    from .proportions import diff_ci

    level = check_confidence_level(confidence_level)
    d_arr = check_deff(deff)
    if d_arr.ndim != 0:
        raise invalid_value("deff", "a single number in gradient_from_proportions", deff)
    d = float(d_arr)
    p_arr = check_in_unit_interval(_group_array(p, "p"), "p")
    if p_arr.ndim != 1:
        raise invalid_value("p", "a 1-d sequence (one profile)", p)
    n_groups = p_arr.shape[0]

    w = None if shares is None else _check_shares(shares)
    if w is not None:
        if w.ndim != 1:
            raise invalid_value("shares", "a 1-d sequence", shares)
        _check_group_lengths(p=p_arr, shares=w)
    n_g = _group_sizes(n, w, n_groups)
    if n_g.ndim != 1:
        raise invalid_value("n", "a total or a 1-d sequence of group sizes", n)
    if w is None:
        w = n_g / n_g.sum()
    if groups is None:
        labels = tuple(str(i) for i in range(1, n_groups + 1))
    else:
        if isinstance(groups, str):
            raise invalid_value("groups", f"a sequence of {n_groups} labels", groups)
        labels = tuple(str(g) for g in groups)
        _check_group_lengths(p=p_arr, groups=np.empty(len(labels)))
    s = _check_scores(scores, n_groups)

    k = p_arr * n_g
    gap_ci = diff_ci(
        k[-1], n_g[-1], k[0], n_g[0], method="newcombe", confidence_level=level, deff=d
    )
    return GradientResult(
        groups=labels,
        p=p_arr,
        n=n_g,
        shares=w,
        gap=float(p_arr[-1] - p_arr[0]),
        gap_ci=ConfidenceInterval(_out(gap_ci[0]), _out(gap_ci[1])),
        trend=trend_test(k, n_g, scores=s, deff=d),
        logistic=logistic_slope(k, n_g, scores=s, confidence_level=level, deff=d),
        inequality=slope_index(p_arr, n_g, w, confidence_level=level, deff=d),
        confidence_level=level,
        deff=d,
    )


# --------------------------------------------------------------------------
# comparing two gradients
# --------------------------------------------------------------------------


def _inequality_of(x: Any, name: str) -> InequalityResult:
    if isinstance(x, GradientResult):
        return x.inequality
    if isinstance(x, InequalityResult):
        return x
    raise invalid_value(name, "a GradientResult or an InequalityResult", type(x).__name__)


def _interval(est, se, level: float, alternative: str):
    from scipy import special

    """Normal-theory interval and p-value for est with standard error se."""
    with np.errstate(divide="ignore", invalid="ignore"):
        # est == 0 with se == 0 (identical inputs, best case): no evidence, z = 0.
        z = np.where((est == 0) & (se == 0), 0.0, np.true_divide(est, se))
    if alternative == "two-sided":
        q = z_critical(1.0 - level)
        pvalue = 2.0 * special.ndtr(-np.abs(z))
        ci = ConfidenceInterval(_out(est - q * se), _out(est + q * se))
    else:
        q = z_critical(1.0 - level, alternative)
        if alternative == "greater":
            pvalue = special.ndtr(-z)
            ci = ConfidenceInterval(_out(est - q * se), _out(np.full_like(est, np.inf)))
        else:
            pvalue = special.ndtr(z)
            ci = ConfidenceInterval(_out(np.full_like(est, -np.inf)), _out(est + q * se))
    return _out(pvalue), ci


def _check_correlation(value: Any) -> float:
    allowed = "None or a single number in [-1, 1]"
    if isinstance(value, bool | str) or np.ndim(value) != 0:
        raise invalid_value("correlation", allowed, value)
    try:
        rho = float(value)
    except (TypeError, ValueError):
        raise invalid_value("correlation", allowed, value) from None
    if not -1.0 <= rho <= 1.0:  # also rejects NaN
        raise invalid_value("correlation", allowed, value)
    return rho


def compare_gradient_results(
    a: GradientResult | InequalityResult,
    b: GradientResult | InequalityResult,
    *,
    confidence_level: float = 0.95,
    correlation: float | None = None,
    alternative: str = "two-sided",
) -> GradientComparison:
    r"""Compare two slope indices of inequality, e.g. education vs income.

    Parameters
    ----------
    a, b : GradientResult or InequalityResult
        The two gradients (from :func:`gradient_from_proportions` or
        :func:`slope_index`; array-valued results are compared elementwise).
    confidence_level : float
        Confidence level of the intervals, default 0.95.
    correlation : float, optional
        An assumed correlation :math:`\rho \in [-1, 1]` between the two SII
        estimates, reported as the ``"user"`` scenario (NaN if not given).
    alternative : {"two-sided", "greater", "less"}
        For the p-values and intervals: ``"greater"`` tests
        ``sii_a - sii_b > 0`` (and ``|sii_a| - |sii_b| > 0``, i.e. ``a`` is
        steeper), with one-sided intervals.

    Returns
    -------
    GradientComparison
        ``estimate = sii_a - sii_b`` and ``abs_estimate = |sii_a| -
        |sii_b|``, each with standard errors, intervals and p-values (dicts
        keyed by scenario) under independence (:math:`\rho = 0`), the
        worst case (widest interval) and the best case (narrowest interval),
        and the user's :math:`\rho`.  ``to_frame()`` gives them in long
        format.

    Raises
    ------
    MigstatsValueError
        If ``a`` or ``b`` is not a gradient result, ``correlation`` is not in
        [-1, 1], or ``confidence_level`` / ``alternative`` is invalid.

    Notes
    -----
    .. math::

        \operatorname{var}(\mathrm{SII}_a - \mathrm{SII}_b)
        = \sigma_a^2 + \sigma_b^2 - 2 \rho \sigma_a \sigma_b .

    When both gradients come from the same respondents (education and
    income breakdowns of one survey item), the estimates are dependent, and
    :math:`\rho` cannot be estimated from published tables: the marginal
    tables by education and by income do not identify the joint
    distribution of education, income and the answer -- only its Fréchet
    bounds (Fréchet 1951) -- so every :math:`\rho \in [-1, 1]` is
    compatible with the published numbers.  Hence the function reports the
    whole range: :math:`\rho = -1` gives the widest interval
    (:math:`\sigma = \sigma_a + \sigma_b`, the conservative "worst case"),
    :math:`\rho = +1` the narrowest (:math:`\sigma = |\sigma_a - \sigma_b|`,
    "best case"), and :math:`\rho = 0` the usual independence analysis.  A
    conclusion that holds in the worst case holds whatever the dependence.
    (Education and income are positively associated, which typically makes
    the two SII estimates positively correlated, so the independence
    interval is then on the conservative side -- but this is not guaranteed
    by the tables.)

    **Sign conventions.**  Each SII is positive when the proportion rises
    from the bottom to the top of its ordering.  ``estimate`` compares
    signed gradients; "steeper" is about magnitude, which ``abs_estimate``
    compares: it is positive when ``a`` has the larger absolute gradient,
    whichever the directions.  Its standard error uses the delta method
    with :math:`\partial |x| / \partial x = \operatorname{sign}(x)`, so that
    the user's :math:`\rho` enters as :math:`\operatorname{sign}(a)
    \operatorname{sign}(b) \rho`; the worst and best cases are unchanged.
    This approximation is poor when an SII is within about two standard
    errors of 0 (the distribution of :math:`|\widehat{\mathrm{SII}}|` is
    then a folded normal, biased away from 0).

    References
    ----------
    .. [1] Fréchet, M. (1951). Sur les tableaux de corrélation dont les
       marges sont données. *Annales de l'Université de Lyon, Section A*,
       14, 53--77.
    .. [2] Mackenbach, J. P., & Kunst, A. E. (1997). *Social Science &
       Medicine*, 44(6), 757--771.
    .. [3] Casella, G., & Berger, R. L. (2002). *Statistical Inference*
       (2nd ed.), section 5.5.4 (delta method). Duxbury.

    Examples
    --------
    >>> from migstats import compare_gradient_results, gradient_from_proportions
    >>> edu = gradient_from_proportions([0.59, 0.75, 0.82], 2000, [0.26, 0.35, 0.39])
    >>> inc = gradient_from_proportions([0.72, 0.70, 0.71, 0.69, 0.68], 2000, [0.2] * 5)
    >>> cmp = compare_gradient_results(edu, inc)
    >>> round(cmp.estimate, 3), round(cmp.abs_estimate, 3)
    (0.368, 0.278)
    >>> se = cmp.standard_error
    >>> round(se["independent"], 3), round(se["worst_case"], 3)
    (0.051, 0.073)
    >>> cmp.pvalue["worst_case"] < 0.001
    True
    """
    level = check_confidence_level(confidence_level)
    alternative = check_alternative(alternative)
    ia = _inequality_of(a, "a")
    ib = _inequality_of(b, "b")
    rho = None if correlation is None else _check_correlation(correlation)
    sa = np.asarray(ia.sii_standard_error, dtype=float)
    sb = np.asarray(ib.sii_standard_error, dtype=float)
    xa = np.asarray(ia.sii, dtype=float)
    xb = np.asarray(ib.sii, dtype=float)

    def _se(r: float) -> np.ndarray:
        # max(., 0) only removes negative rounding error of order 1e-17.
        return np.sqrt(np.maximum(sa**2 + sb**2 - 2.0 * r * sa * sb, 0.0))

    sign = np.sign(xa) * np.sign(xb)
    se = {
        "independent": _se(0.0),
        "worst_case": sa + sb,
        "best_case": np.abs(sa - sb),
        "user": _se(rho) if rho is not None else np.full(np.shape(sa), np.nan),
    }
    abs_se = dict(se)
    if rho is not None:
        abs_se["user"] = np.sqrt(np.maximum(sa**2 + sb**2 - 2.0 * sign * rho * sa * sb, 0.0))

    est = np.broadcast_to(xa - xb, np.broadcast_shapes(xa.shape, xb.shape)).astype(float)
    abs_est = (np.abs(xa) - np.abs(xb)) + np.zeros_like(est)
    pvalue = {scen: _interval(est, se[scen], level, alternative)[0] for scen in _SCENARIOS}
    abs_pvalue = {
        scen: _interval(abs_est, abs_se[scen], level, alternative)[0] for scen in _SCENARIOS
    }
    return GradientComparison(
        estimate=_out(est),
        abs_estimate=_out(abs_est),
        standard_error={k: _out(v) for k, v in se.items()},
        pvalue=pvalue,
        abs_standard_error={k: _out(v) for k, v in abs_se.items()},
        abs_pvalue=abs_pvalue,
        correlation=rho,
        alternative=alternative,
        confidence_level=level,
    )
