"""Intervals for one multinomial distribution and for the mean of a score.

* :func:`multinomial_ci` -- simultaneous intervals for the categories of one
  multinomial distribution (Sison-Glaz, Goodman);
* :func:`mean_score_ci` -- the mean of an ordinal score (for example a
  10-point scale) from the category counts.

Counts may be fractional and the Kish design effect ``deff`` divides them;
methods that are defined only for whole counts (Sison-Glaz) say so and raise
on fractional effective counts.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from .._base import (
    ConfidenceInterval,
    Result,
    check_confidence_level,
    check_deff,
    check_numeric,
    check_option,
    check_weights,
    finish_array,
    invalid_value,
    z_critical,
)

__all__ = ["MEAN_METHODS", "MULTINOMIAL_METHODS", "MeanResult", "mean_score_ci", "multinomial_ci"]

#: Methods of :func:`multinomial_ci`.
MULTINOMIAL_METHODS = ("sison_glaz", "goodman")
#: Methods of :func:`mean_score_ci`.
MEAN_METHODS = ("normal", "t")

_STATSMODELS_MULTINOMIAL = {"goodman": "goodman"}


def multinomial_ci(
    counts: Any,
    *,
    method: str = "sison_glaz",
    confidence_level: float = 0.95,
    deff: float = 1.0,
    round_counts: bool = False,
) -> ConfidenceInterval:
    """Simultaneous confidence intervals for multinomial proportions.

    Parameters
    ----------
    counts : array_like
        1-d counts of the categories (>= 0, at least one > 0).
    method : {"sison_glaz", "goodman"}, optional
        ``"sison_glaz"`` (default) or ``"goodman"``; see Notes.
    confidence_level : float, optional
        Simultaneous (family) confidence level in (0, 1); default 0.95.
    deff : float, optional
        Kish design effect (a single number): the intervals are computed for
        ``counts / deff``.
    round_counts : bool, optional
        Sison-Glaz is defined for whole counts only.  If the effective counts
        ``counts / deff`` are not whole numbers, the default ``False`` raises;
        ``True`` rounds them to the nearest integer first (changing the
        effective total slightly).  Ignored by ``"goodman"``.

    Returns
    -------
    ConfidenceInterval
        ``(low, high)``, arrays of the length of ``counts`` (Series with the
        same index if ``counts`` is a Series).

    Raises
    ------
    MigstatsValueError
        If ``counts`` is not a 1-d sequence of finite numbers >= 0 with a
        positive sum, ``deff`` is not a single number > 0, ``method`` is
        unknown, ``confidence_level`` is outside (0, 1), or Sison-Glaz gets
        fractional effective counts with ``round_counts=False``.

    Notes
    -----
    ``statsmodels.stats.proportion.multinomial_proportions_confint``'s
    methods: Goodman's is that function's; Sison-Glaz's is its computation
    with the coverage evaluated for many ``c`` at once
    (:func:`~migstats._core.sison_glaz.sison_glaz_region`, the same
    numbers), since statsmodels' one-``c``-at-a-time search with scalar
    Poisson probabilities grows with the counts (about 0.3 s for eight
    categories of 1,600).

    * ``sison_glaz`` -- Sison & Glaz (1995): intervals
      ``[p_i - c/n, p_i + (c + 2 gamma)/n]`` with ``c`` chosen from an
      Edgeworth approximation of the multinomial probability of the box;
      all categories get the same width (truncated at 0 and 1).  Matches R
      ``MultinomialCI::multinomialCI``.  Sison & Glaz illustrate it with at
      least 7 categories; it is an approximation for few categories.
    * ``goodman`` -- Goodman (1965): Bonferroni-adjusted score intervals
      with ``chi2_1`` quantile at ``1 - alpha/k``; conservative, valid when
      all counts are at least about 5.  Works for fractional counts.

    References
    ----------
    .. [1] Sison, C. P. & Glaz, J. (1995). Simultaneous confidence intervals
       and sample size determination for multinomial proportions. Journal of
       the American Statistical Association 90, 366-369.
    .. [2] Goodman, L. A. (1965). On simultaneous confidence intervals for
       multinomial proportions. Technometrics 7, 247-254.

    Examples
    --------
    The first example of Sison & Glaz (1995):

    >>> from migstats import multinomial_ci
    >>> ci = multinomial_ci([56, 72, 73, 59, 62, 87, 58])
    >>> ci.low.round(4)
    array([0.0792, 0.1135, 0.1156, 0.0857, 0.0921, 0.1456, 0.0835])
    >>> ci = multinomial_ci([56, 72, 73, 59, 62, 87, 58], method="goodman")
    >>> ci.high.round(3)
    array([0.166, 0.204, 0.207, 0.173, 0.181, 0.239, 0.171])
    """
    method = check_option(method, "method", MULTINOMIAL_METHODS)
    level = check_confidence_level(confidence_level)
    c = _check_multinomial_counts(counts)
    d = _single_deff(deff)
    if not isinstance(round_counts, bool):
        raise invalid_value("round_counts", "True or False", round_counts)
    eff = c / d
    if method == "sison_glaz" and (eff != np.round(eff)).any():
        if not round_counts:
            raise invalid_value(
                "counts",
                "whole numbers after division by deff for method 'sison_glaz' "
                "(pass round_counts=True to round them, or use method='goodman')",
                counts,
            )
        eff = np.round(eff)
        if eff.sum() <= 0:
            raise invalid_value(
                "counts", "large enough that the rounded effective counts are not all 0", counts
            )
    if method == "sison_glaz":
        region = _sison_glaz(eff, level)
    else:
        region = _statsmodels_region(eff, level, method)
    index = counts.index if isinstance(counts, pd.Series) else None
    return ConfidenceInterval(finish_array(region[:, 0], index), finish_array(region[:, 1], index))


#: Largest floating-point overshoot of a limit beyond [0, 1] that is set to
#: the bound (project convention, as for Newcombe's limits in
#: ``differences.py``): Goodman's score limits lie in [0, 1]
#: mathematically, but statsmodels returns ``1.0000000000000002`` for
#: ``[0, 255]`` at level 0.875.  Anything larger stays visible.
LIMIT_OVERSHOOT = 1e-12


def _sison_glaz(eff: np.ndarray, level: float) -> np.ndarray:
    """Sison-Glaz's region (:func:`~.sison_glaz.sison_glaz_region`); a non-finite limit refused."""
    from .sison_glaz import sison_glaz_region

    region = sison_glaz_region(eff, 1.0 - level)
    if not np.isfinite(region).all():
        raise invalid_value("counts", "counts whose intervals can be computed", eff)
    return region


def _statsmodels_region(eff: np.ndarray, level: float, method: str) -> np.ndarray:
    """statsmodels' simultaneous region (Goodman's), its warnings kept from the caller.

    A non-finite limit is refused.
    """
    import warnings

    from statsmodels.stats.proportion import multinomial_proportions_confint

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        region = multinomial_proportions_confint(
            eff, alpha=1.0 - level, method=_STATSMODELS_MULTINOMIAL[method]
        )
    if not np.isfinite(region).all():
        raise invalid_value("counts", "counts whose intervals statsmodels can compute", eff)
    over = (region > 1.0) & (region <= 1.0 + LIMIT_OVERSHOOT)
    under = (region < 0.0) & (region >= -LIMIT_OVERSHOOT)
    return np.where(over, 1.0, np.where(under, 0.0, region))


def _check_multinomial_counts(counts: Any) -> np.ndarray:
    c = check_numeric(counts, "counts")
    if c.ndim != 1 or c.shape[0] < 2:
        raise invalid_value("counts", "a 1-d sequence of at least 2 category counts", counts)
    if not np.isfinite(c).all():
        raise invalid_value("counts", "finite (not NaN or infinite)", counts)
    if (c < 0).any():
        raise invalid_value("counts", "counts >= 0", counts)
    with np.errstate(over="ignore"):
        total = c.sum()
    if total <= 0:
        raise invalid_value("counts", "counts with a positive total", counts)
    if not np.isfinite(total):
        raise invalid_value("counts", "counts with a finite total (below about 1.8e308)", counts)
    return c


def _single_deff(deff: Any) -> float:
    d = check_deff(deff)
    if d.ndim != 0:
        raise invalid_value("deff", "a single number", deff)
    return float(d)


@dataclasses.dataclass(frozen=True, repr=False)
class MeanResult(Result):
    """Mean of a score with its standard error and confidence interval.

    Attributes
    ----------
    estimate : float
        Mean score ``sum(p_i * s_i)``.
    standard_error : float
        Standard error of the mean (see :func:`mean_score_ci`).
    confidence_interval : ConfidenceInterval
        Interval for the mean.
    n : float
        Total count ``sum(counts)``.
    n_effective : float
        ``n / deff``.
    method : str
        ``"normal"`` or ``"t"``.
    confidence_level : float
        The confidence level used.
    """

    _unpack = ("estimate", "standard_error")

    estimate: float
    standard_error: float
    confidence_interval: ConfidenceInterval
    n: float
    n_effective: float
    method: str
    confidence_level: float


def mean_score_ci(
    counts: Any,
    scores: Any = None,
    *,
    confidence_level: float = 0.95,
    deff: float = 1.0,
    method: str = "normal",
) -> MeanResult:
    """Mean of an ordinal score and its confidence interval, from category counts.

    Parameters
    ----------
    counts : array_like
        1-d counts of the categories (>= 0, positive total; may be
        fractional).
    scores : array_like, optional
        Score of each category (finite, same length); default ``1, 2, ...,
        len(counts)`` (e.g. 1..10 for a 10-point scale).
    confidence_level : float, optional
        Two-sided confidence level in (0, 1); default 0.95.
    deff : float, optional
        Kish design effect (a single number): ``n_eff = sum(counts) / deff``.
    method : {"normal", "t"}, optional
        ``"normal"`` (default): ``SE = sqrt(sum p_i (s_i - m)**2 / n_eff)``
        (the multinomial variance of the mean, divisor n) with a standard
        normal quantile.  ``"t"``: the sample variance (divisor ``n - 1``),
        ``SE = sqrt(deff * s**2 / n)`` and Student's t with ``n_eff - 1``
        degrees of freedom -- for ``deff = 1`` exactly the one-sample t
        interval on the respondent-level scores (R ``t.test``).

    Returns
    -------
    MeanResult
        ``estimate``, ``standard_error``, ``confidence_interval``, ``n``,
        ``n_effective``, ``method``, ``confidence_level``.

    Raises
    ------
    MigstatsValueError
        On invalid ``counts`` (as in :func:`multinomial_ci`), ``scores`` of
        the wrong length or not finite, ``deff`` not a single number > 0,
        ``confidence_level`` outside (0, 1), an unknown ``method``, or
        ``method="t"`` with ``n_eff <= 1``.

    Notes
    -----
    With ``p_i = counts_i / n`` and ``m = sum p_i s_i``, the multinomial
    variance of ``m`` is ``sum p_i (s_i - m)**2 / n`` (the delta method is
    exact here because ``m`` is linear in the ``p_i``).  The ``"t"`` interval
    is written out rather than calling ``scipy.stats.ttest_1samp`` because
    the counts may be fractional and expanding to respondent level would be
    needlessly large; the tests check it against ``ttest_1samp`` on the
    expanded data.  For n in the hundreds the two methods differ in the
    third decimal at most.  Rounding of published percentages is *not*
    taken into account here; the table layer adds the feasible range.

    References
    ----------
    .. [1] Agresti, A. (2010). Analysis of Ordinal Categorical Data, 2nd ed.
       Wiley, sec. 2.1 (mean scores for ordinal responses).
    .. [2] Kish, L. (1965). Survey Sampling. Wiley (design effect).

    Examples
    --------
    >>> from migstats import mean_score_ci
    >>> res = mean_score_ci([10, 20, 40, 20, 10])
    >>> print(f"{res.estimate:.2f} {res.standard_error:.4f}")
    3.00 0.1095
    >>> low, high = res.confidence_interval
    >>> print(f"{low:.3f} {high:.3f}")
    2.785 3.215
    """
    method = check_option(method, "method", MEAN_METHODS)
    level = check_confidence_level(confidence_level)
    c = _check_multinomial_counts(counts)
    d = _single_deff(deff)
    s = (
        np.arange(1.0, c.shape[0] + 1.0)
        if scores is None
        else check_weights(scores, c.shape[0], "scores")
    )
    n = float(c.sum())
    n_eff = n / d
    p = c / n
    mean = float(np.sum(p * s))
    var_ml = float(np.sum(p * (s - mean) ** 2))
    from scipy import stats

    if method == "normal":
        # sqrt(var) * sqrt(deff / n) rather than sqrt(var / n_eff): exact
        # scaling by sqrt(deff) even where var / n is subnormal
        se = float(np.sqrt(var_ml) * np.sqrt(d / n))
        crit = z_critical(1.0 - level)
    else:
        if n <= 1 or n_eff <= 1:
            raise invalid_value(
                "counts", "a total above 1 and above deff (n_eff > 1) for method 't'", counts
            )
        se = float(np.sqrt(var_ml * n / (n - 1.0) * d / n))
        crit = float(stats.t.isf((1.0 - level) / 2.0, n_eff - 1.0))
    ci = ConfidenceInterval(mean - crit * se, mean + crit * se)
    return MeanResult(
        estimate=mean,
        standard_error=se,
        confidence_interval=ci,
        n=n,
        n_effective=n_eff,
        method=method,
        confidence_level=level,
    )
