"""Gradients across ordered groups: one profile's gradient and comparing two.

* :func:`gradient_from_proportions` -- the trend test, logistic slope, SII/RII
  (:mod:`.trend`, :mod:`.inequality`) plus the extreme-group gap for one
  ordered profile, as one :class:`GradientResult` with a tidy one-row
  ``to_frame()``;
* :func:`compare_gradient_results` -- difference between two SIIs (for example the
  education and the income gradient of one item), at the least favourable
  correlation the published margins allow (by default under positive
  quadrant dependence), under independence and at rho = -1 and +1.

Conventions: ``p`` are proportions in [0, 1] (divide published percentages
by 100); the group axis is the **last** axis of every array argument and
leading axes are broadcast, so one call can handle many items.  Counts may be
fractional (``k = p * n`` from weighted percentages) and ``deff`` is the Kish
design effect (effective counts ``k / deff`` and ``n / deff``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._base import (
    GRADIENT_COLUMNS,
    ConfidenceInterval,
    Result,
    check_alternative,
    check_confidence_level,
    check_deff,
    check_in_unit_interval,
    check_option,
    invalid_value,
    z_critical,
)
from .gradient_inputs import (
    _check_group_lengths,
    _check_scores,
    _check_shares,
    _group_array,
    _group_sizes,
    _out,
    _scalar,
)
from .inequality import InequalityResult, slope_index
from .slope_covariance import (
    DEFAULT_CORRELATION,
    SlopeCorrelation,
    _given_correlation,
    gradient_correlation,
)
from .trend import SlopeResult, TrendResult, logistic_slope, trend_test

__all__ = [
    "GradientComparison",
    "GradientResult",
    "compare_gradient_results",
    "gradient_from_proportions",
]

#: Correlation scenarios reported by :func:`compare_gradient_results`.
_SCENARIOS = ("selected", "independent", "worst_case", "best_case")


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

    Every quantity is given for four correlations ``rho`` between the two
    SII estimates: ``selected`` (the least favourable value in the range the
    ``correlation`` argument chose, by default the range the published
    margins allow under positive quadrant dependence), ``independent``
    (rho = 0), ``worst_case`` (rho = -1 for the signed difference: the
    widest interval whatever the dependence) and ``best_case`` (rho = +1:
    the narrowest interval).

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
    correlation : float or ndarray
        The correlation of the ``selected`` scenario for ``estimate``: the
        lower end of the range (largest variance).
    abs_correlation : float or ndarray
        The same for ``abs_estimate``: the lower end where the two SIIs have
        the same sign, the upper end where they have opposite signs.
    correlation_low, correlation_high : float or ndarray
        The range the ``selected`` correlation was taken from (arrays when
        the given :class:`SlopeCorrelation` has one range per element).
    provenance : str
        Where that range comes from: ``"published"`` (a joint table),
        ``"derived"`` (the published margins, under ``assumption``) or
        ``"assumed"``.
    assumption : str
        The basis of the range (see :func:`migstats.gradient_correlation`).
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
    abs_correlation: Any = None
    correlation_low: float = float("nan")
    correlation_high: float = float("nan")
    provenance: str = "assumed"
    assumption: str = "worst_case"
    alternative: str = "two-sided"
    confidence_level: float = 0.95

    def confidence_interval(
        self, scenario: str = "selected", *, scale: str = "signed"
    ) -> ConfidenceInterval:
        """Interval for the difference under one correlation scenario.

        Parameters
        ----------
        scenario : {"selected", "independent", "worst_case", "best_case"}, default "selected"
            Correlation of the two SII estimates (see the class notes).
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
        fixed = {"independent": 0.0, "worst_case": -1.0, "best_case": 1.0}
        for scale, est, se, pv, rho in (
            ("signed", self.estimate, self.standard_error, self.pvalue, self.correlation),
            (
                "absolute",
                self.abs_estimate,
                self.abs_standard_error,
                self.abs_pvalue,
                self.abs_correlation,
            ),
        ):
            for scen in _SCENARIOS:
                ci = self.confidence_interval(scen, scale=scale)
                with np.errstate(divide="ignore", invalid="ignore"):
                    z = np.true_divide(est, se[scen])
                rows.append(
                    {
                        "scale": scale,
                        "scenario": scen,
                        "correlation": fixed.get(scen, rho),
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
    logistic: bool = True,
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
    logistic : bool, default True
        Fit the logistic slope; ``False`` leaves ``logistic``'s fields NaN,
        for a caller that reads the gap, trend or slope index only (the
        binomial GLM is about half of the work).

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
    from .differences import diff_ci

    if not isinstance(logistic, bool | np.bool_):
        raise invalid_value("logistic", "True or False", logistic)
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
        logistic=(
            logistic_slope(k, n_g, scores=s, confidence_level=level, deff=d)
            if logistic
            else _no_slope(level)
        ),
        inequality=slope_index(p_arr, n_g, w, confidence_level=level, deff=d),
        confidence_level=level,
        deff=d,
    )


def _no_slope(level: float) -> SlopeResult:
    """A logistic slope not fitted (``gradient_from_proportions(logistic=False)``): NaN."""
    nan = float("nan")
    return SlopeResult(
        nan, ConfidenceInterval(nan, nan), nan, nan, nan, nan, ConfidenceInterval(nan, nan), nan,
        level,
    )  # fmt: skip


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


def _correlation_of(
    a: Any, b: Any, correlation: Any, joint: Any, tolerance: float
) -> SlopeCorrelation:
    """The range of rho: from the two profiles where ``correlation`` needs them."""
    if correlation is None:
        both = isinstance(a, GradientResult) and isinstance(b, GradientResult)
        correlation = DEFAULT_CORRELATION if both else "worst_case"
    given = _given_correlation(correlation)
    if given is not None and joint is None:
        return given
    if not (isinstance(a, GradientResult) and isinstance(b, GradientResult)):
        raise invalid_value(
            "correlation",
            "a number, a pair, a SlopeCorrelation, 'independent' or 'worst_case' when a or "
            "b is an InequalityResult (the range from the margins needs each profile: pass "
            "GradientResults, or gradient_correlation(...))",
            correlation,
        )
    return gradient_correlation(
        a.shares, b.shares, a.p, b.p, correlation=correlation, joint=joint, tolerance=tolerance
    )


def abs_difference(
    ia: InequalityResult, ib: InequalityResult, rng: SlopeCorrelation
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(|a| - |b|, its standard error, the correlation used)`` of two slope indices.

    The ``selected`` scenario of :func:`compare_gradient_results`'s
    ``abs_estimate`` (which calls it), alone: the correlation at the least
    favourable end of ``rng`` for the two signs, the delta method's
    standard error (Casella and Berger 2002, section 5.5.4).  Elementwise;
    for a caller that needs that statistic only, over many rows.
    """
    sa = np.asarray(ia.sii_standard_error, dtype=float)
    sb = np.asarray(ib.sii_standard_error, dtype=float)
    xa = np.asarray(ia.sii, dtype=float)
    xb = np.asarray(ib.sii, dtype=float)
    sign = np.sign(xa) * np.sign(xb)
    abs_rho = rng.least_favourable(sign)
    # max(., 0) only removes negative rounding error of order 1e-17.
    se = np.sqrt(np.maximum(sa**2 + sb**2 - 2.0 * (sign * abs_rho) * sa * sb, 0.0))
    shape = np.broadcast_shapes(xa.shape, xb.shape)
    return (np.abs(xa) - np.abs(xb)) + np.zeros(shape), se, abs_rho


def abs_difference_ci(est: Any, se: Any, level: float) -> ConfidenceInterval:
    """Two-sided interval of :func:`abs_difference`'s ``|a| - |b|`` at ``level``, alone.

    :meth:`GradientComparison.confidence_interval` ``("selected",
    scale="absolute")`` of :func:`compare_gradient_results` for the same
    inputs (the normal interval ``est +- z se``, Casella and Berger 2002,
    section 5.5.4), without the other scenarios' statistics: for a caller
    that shows that interval only.
    """
    return _interval(np.asarray(est, dtype=float), np.asarray(se, dtype=float), level, "two-sided")[
        1
    ]


def compare_gradient_results(
    a: GradientResult | InequalityResult,
    b: GradientResult | InequalityResult,
    *,
    confidence_level: float = 0.95,
    correlation: Any = None,
    joint: Any = None,
    tolerance: float = 0.0,
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
    correlation : str, float, (low, high) or SlopeCorrelation, optional
        The correlation of the two SII estimates for the ``"selected"``
        scenario; the least favourable value in the range is used.
        ``"positive_quadrant"``: the sharp range the two profiles' margins
        allow when the two groupings are positively quadrant dependent;
        ``"margins"``: the range over every joint table; ``"independent"``:
        0; ``"worst_case"``: -1; a number or a pair ``(low, high)``: that
        value or range; a :class:`SlopeCorrelation` from
        :func:`gradient_correlation`.  Default (None): ``"positive_quadrant"``
        when ``a`` and ``b`` are GradientResults (they carry their profiles),
        else ``"worst_case"``; the result's ``assumption`` says which.
    joint : array_like, optional
        A published joint table of the two groupings (rows: ``a``'s groups,
        columns: ``b``'s), replacing the margins' range of joint tables
        (``provenance="published"``).
    tolerance : float, default 0
        Rounding half-width of the group proportions (0.005 for whole
        percents), for :func:`gradient_correlation`.
    alternative : {"two-sided", "greater", "less"}
        For the p-values and intervals: ``"greater"`` tests
        ``sii_a - sii_b > 0`` (and ``|sii_a| - |sii_b| > 0``, i.e. ``a`` is
        steeper), with one-sided intervals.

    Returns
    -------
    GradientComparison
        ``estimate = sii_a - sii_b`` and ``abs_estimate = |sii_a| -
        |sii_b|``, each with standard errors, intervals and p-values (dicts
        keyed by scenario: ``selected``, ``independent``, ``worst_case``,
        ``best_case``), the correlations used and their range, provenance
        and assumption.  ``to_frame()`` gives them in long format.

    Raises
    ------
    MigstatsValueError
        If ``a`` or ``b`` is not a gradient result, ``correlation`` is not
        valid (or needs profiles that an InequalityResult lacks), or
        ``confidence_level`` / ``alternative`` / ``joint`` / ``tolerance`` is
        invalid.

    Notes
    -----
    .. math::

        \operatorname{var}(\mathrm{SII}_a - \mathrm{SII}_b)
        = \sigma_a^2 + \sigma_b^2 - 2 \rho \sigma_a \sigma_b .

    When both gradients come from the same respondents (education and
    income breakdowns of one survey item), the estimates are dependent.
    :math:`\rho` is not identified by the published margins, but it is
    bounded: :func:`gradient_correlation` gives the sharp range the margins
    allow (linear programmes over the joint tables and cross-cell answer
    shares; :func:`slope_correlation_range`), narrowed by positive quadrant
    dependence (Lehmann 1966) by default.  The ``selected`` scenario takes
    the least favourable :math:`\rho` in that range -- the one with the
    largest variance, hence the widest interval and, for any estimate on
    the side of the alternative, the largest p-value: the lower end for the
    signed difference.  :math:`\rho = -1` (``worst_case``, :math:`\sigma =
    \sigma_a + \sigma_b`) holds whatever the dependence and is always
    reported, with :math:`\rho = 0` and :math:`\rho = +1` (``best_case``,
    :math:`|\sigma_a - \sigma_b|`).  The error rates of the default are
    checked by simulation in ``tests/test_gradient_correlation.py`` (docs/methods.md,
    section 4.9).

    **Sign conventions.**  Each SII is positive when the proportion rises
    from the bottom to the top of its ordering.  ``estimate`` compares
    signed gradients; "steeper" is about magnitude, which ``abs_estimate``
    compares: it is positive when ``a`` has the larger absolute gradient,
    whichever the directions.  Its standard error uses the delta method
    with :math:`\partial |x| / \partial x = \operatorname{sign}(x)`, so that
    :math:`\rho` enters as :math:`\operatorname{sign}(a)
    \operatorname{sign}(b) \rho` (the least favourable end is then the upper
    one where the signs differ).  This approximation is poor when an SII is
    within about two standard errors of 0 (the distribution of
    :math:`|\widehat{\mathrm{SII}}|` is then a folded normal).

    References
    ----------
    .. [1] Fréchet, M. (1951). Sur les tableaux de corrélation dont les
       marges sont données. *Annales de l'Université de Lyon, Section A*,
       14, 53--77.
    .. [2] Lehmann, E. L. (1966). Some concepts of dependence. *Annals of
       Mathematical Statistics*, 37(5), 1137--1153.
    .. [3] Mackenbach, J. P., & Kunst, A. E. (1997). *Social Science &
       Medicine*, 44(6), 757--771.
    .. [4] Casella, G., & Berger, R. L. (2002). *Statistical Inference*
       (2nd ed.), section 5.5.4 (delta method). Duxbury.

    Examples
    --------
    >>> from migstats import compare_gradient_results, gradient_from_proportions
    >>> edu = gradient_from_proportions([0.59, 0.75, 0.82], 2000, [0.26, 0.35, 0.39])
    >>> inc = gradient_from_proportions([0.72, 0.70, 0.71, 0.69, 0.68], 2000, [0.2] * 5)
    >>> cmp = compare_gradient_results(edu, inc)
    >>> round(cmp.estimate, 3), round(cmp.abs_estimate, 3)
    (0.368, 0.278)
    >>> cmp.provenance, cmp.assumption, bool(-1 < cmp.correlation < 0)
    ('derived', 'positive_quadrant', True)
    >>> se = cmp.standard_error
    >>> round(se["independent"], 3), round(se["worst_case"], 3)
    (0.051, 0.073)
    >>> bool(se["independent"] < se["selected"] < se["worst_case"])
    True
    """
    level = check_confidence_level(confidence_level)
    alternative = check_alternative(alternative)
    ia = _inequality_of(a, "a")
    ib = _inequality_of(b, "b")
    rng = _correlation_of(a, b, correlation, joint, tolerance)
    sa = np.asarray(ia.sii_standard_error, dtype=float)
    sb = np.asarray(ib.sii_standard_error, dtype=float)
    xa = np.asarray(ia.sii, dtype=float)
    xb = np.asarray(ib.sii, dtype=float)

    def _se(r: Any) -> np.ndarray:
        # max(., 0) only removes negative rounding error of order 1e-17.
        return np.sqrt(np.maximum(sa**2 + sb**2 - 2.0 * r * sa * sb, 0.0))

    rho = rng.least_favourable(1.0)
    se = {
        "selected": _se(rho),
        "independent": _se(0.0),
        "worst_case": sa + sb,
        "best_case": np.abs(sa - sb),
    }
    abs_est, abs_selected, abs_rho = abs_difference(ia, ib, rng)
    abs_se = dict(se, selected=abs_selected)
    est = np.broadcast_to(xa - xb, np.broadcast_shapes(xa.shape, xb.shape)).astype(float)
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
        correlation=_out(rho),
        abs_correlation=_out(abs_rho),
        correlation_low=_out(rng.low),
        correlation_high=_out(rng.high),
        provenance=rng.provenance,
        assumption=rng.assumption,
        alternative=alternative,
        confidence_level=level,
    )
