"""Ratio of two independent proportions: Koopman's score test and interval.

This module owns :func:`ratio_test` (the score statistic of ``H0: p1 / p2 =
value``, vectorised) and :func:`ratio_ci` (its inversion, the score
interval of the ratio), with :class:`RatioResult`.  The test wraps
statsmodels (``test_proportions_2indep`` with ``compare="ratio",
method="score"``); the interval inverts that test by root finding
(statsmodels' closed-form ratio interval is wrong at a proportion of 1, see
:func:`ratio_limits`); the design effect enters through the
effective counts ``k / deff`` and sizes ``n / deff`` (Kish 1965), as in
:func:`migstats.compare`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from .._base import (
    ConfidenceInterval,
    Result,
    check_alternative,
    check_broadcast,
    check_confidence_level,
    check_counts,
    finish_array,
    invalid_value,
    series_index,
)

__all__ = ["RATIO_SCORE_CORRECTION", "RatioResult", "ratio_ci", "ratio_test"]

#: Whether the score statistic uses the Miettinen-Nurminen variance factor
#: N / (N - 1).  False: Koopman's (1984) score statistic, as R's
#: ``PropCIs::riskscoreci``; Koopman's example (36/40 vs 16/80) then gives the
#: 95% interval 2.940 to 7.152 recorded in statsmodels' tests (attributed
#: there to Nam 1995).  At survey sizes the factor changes nothing visible.
RATIO_SCORE_CORRECTION = False


@dataclasses.dataclass(frozen=True, repr=False)
class RatioResult(Result):
    """Result of :func:`ratio_test`.

    Attributes
    ----------
    estimate : float or ndarray
        The ratio of the two proportions ``(k1 / n1) / (k2 / n2)``.
    statistic : float or ndarray
        Koopman's score statistic of ``H0: p1 / p2 = value`` (positive when
        the observed ratio exceeds ``value``).
    pvalue : float or ndarray
        Its p-value under ``alternative``.
    value : float
        The ratio under the null hypothesis.
    alternative : str
        ``"two-sided"``, ``"greater"`` or ``"less"``.
    """

    _unpack = ("statistic", "pvalue")

    estimate: Any
    statistic: Any
    pvalue: Any
    value: float
    alternative: str


def _inputs(k1, n1, k2, n2, deff):
    a1, b1, d = check_counts(k1, n1, "k1", "n1", deff)
    a2, b2, _ = check_counts(k2, n2, "k2", "n2")
    a1, b1, a2, b2, d = check_broadcast(k1=a1, n1=b1, k2=a2, n2=b2, deff=d)
    return a1 / d, b1 / d, a2 / d, b2 / d


def _check_value(value: Any) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise invalid_value("value", "a ratio > 0", value) from None
    if not (np.isfinite(v) and v > 0):
        raise invalid_value("value", "a ratio > 0", value)
    return v


def ratio_statistic(x1, m1, x2, m2, value: float) -> np.ndarray:
    """Koopman's score statistic on effective counts (validated input, vectorised).

    The one computation behind :func:`ratio_test` (and the audit's ratio
    claims): statsmodels ``test_proportions_2indep(compare="ratio",
    method="score", correction=RATIO_SCORE_CORRECTION)``.  A statistic that
    is not finite (both proportions 0) is returned as 0.
    """
    from statsmodels.stats.proportion import test_proportions_2indep

    x1, m1, x2, m2 = np.broadcast_arrays(*(np.asarray(x, float) for x in (x1, m1, x2, m2)))
    with np.errstate(divide="ignore", invalid="ignore"):
        res = test_proportions_2indep(
            x1,
            m1,
            x2,
            m2,
            value=value,
            method="score",
            compare="ratio",
            alternative="two-sided",
            correction=RATIO_SCORE_CORRECTION,
        )
    z = np.asarray(res.statistic, float)
    return np.where(np.isfinite(z), z, 0.0)


def ratio_limits(x1, m1, x2, m2, confidence_level: float) -> tuple[np.ndarray, np.ndarray]:
    """Score interval of the ratio on effective counts (validated input).

    The inversion of :func:`ratio_statistic`: the ratios ``v`` whose
    two-sided score test does not reject, ``|z(v)| <= z_{1 - alpha/2}``
    (Koopman 1984), found by Brent's method on ``log v`` (the statistic
    decreases in ``v``); 0 as the lower limit when ``k1 = 0``, ``inf`` as the
    upper one where no finite ratio is rejected (``k2 = 0``); ``[0, inf]``
    when ``k1 = k2 = 0``, as R ``PropCIs::riskscoreci`` gives them.  (Where
    a share of 1 meets a share of 0 in effective groups of about three or
    fewer, riskscoreci's closed form takes a root of its cubic that does not
    invert the statistic; the limit here does.)

    Not statsmodels' ``confint_proportions_2indep(compare="ratio")``, whose
    closed-form root is wrong at a proportion of 1 (995/1000 against
    1000/1000 gives [0.9975, 0.9988], which excludes the estimate 0.995, with
    complex intermediate values); away from the boundary both agree
    (tests/test_ratios.py).
    """
    from scipy import special

    crit = float(special.ndtri(0.5 + confidence_level / 2.0))
    arrays = np.broadcast_arrays(*(np.asarray(x, float) for x in (x1, m1, x2, m2)))
    low = np.full(arrays[0].shape, np.nan)
    high = np.full(arrays[0].shape, np.nan)
    for i in np.ndindex(low.shape):
        a, m, b, o = (float(x[i]) for x in arrays)
        if not (m > 0 and o > 0):
            continue
        if a <= 0 and b <= 0:  # no information on the ratio
            low[i], high[i] = 0.0, np.inf
            continue
        est = (a / m) / (b / o) if b > 0 else np.inf
        low[i], high[i] = (
            _score_root(a, m, b, o, est, crit, -1),
            _score_root(a, m, b, o, est, crit, +1),
        )
    return low, high


#: Ratios searched by :func:`_score_root`: a factor of 2**RATIO_SEARCH_STEPS
#: either side of the estimate (project convention; far beyond any survey ratio).
RATIO_SEARCH_STEPS = 80

#: Where the upper limit's search starts when ``k1 = 0`` (project convention:
#: the statistic there is about 1e-4, far from any critical value).
TINY_RATIO = 1e-9


def _score_root(a, m, b, o, est, crit, side) -> float:
    """The ratio on ``side`` (-1 lower, +1 upper) of ``est`` where ``|z|`` reaches ``crit``."""
    from scipy import optimize

    def excess(log_v: float) -> float:
        z = float(ratio_statistic(a, m, b, o, float(np.exp(log_v))))
        return -side * z - crit  # >= 0 once the ratio is rejected on this side

    if side < 0 and a <= 0:
        return 0.0
    if side > 0 and b <= 0:
        return np.inf
    # at the estimate z = 0; with k1 = 0 (estimate 0) z is near 0 for a tiny
    # ratio, with k2 = 0 (estimate inf) for a huge one
    start = np.log(est) if 0 < est < np.inf else np.log(TINY_RATIO) * (1 if est == 0 else -1)
    inner = start
    for _ in range(RATIO_SEARCH_STEPS):
        outer = inner + side * np.log(2.0)
        if excess(outer) >= 0:
            return float(np.exp(optimize.brentq(excess, min(inner, outer), max(inner, outer))))
        inner = outer
    return 0.0 if side < 0 else np.inf


def ratio_ci(
    k1: Any, n1: Any, k2: Any, n2: Any, *, confidence_level: float = 0.95, deff: Any = 1.0
) -> ConfidenceInterval:
    """Score (Koopman) confidence interval of the ratio ``p1 / p2`` of two independent shares.

    Parameters
    ----------
    k1, n1, k2, n2 : array_like
        Counts and sizes of the two groups (``k`` may be fractional).
    confidence_level : float
        Two-sided confidence level; default 0.95.
    deff : array_like
        Kish design effect; the effective counts are ``k / deff``.

    Returns
    -------
    ConfidenceInterval
        ``(low, high)``: floats for scalar input, arrays otherwise; the
        upper limit is ``inf`` where ``k2 = 0`` (no finite ratio is
        rejected), and the interval ``[0, inf]`` where ``k1 = k2 = 0``.

    Raises
    ------
    MigstatsValueError
        For counts outside ``[0, n]``, sizes below 1, an invalid
        ``confidence_level`` or ``deff``, or shapes that do not broadcast.

    Notes
    -----
    The inversion of Koopman's (1984) score test (:func:`ratio_test`'s
    statistic, by Brent's method on the log ratio), the interval of R
    ``PropCIs::riskscoreci``; it agrees with statsmodels
    ``confint_proportions_2indep(compare="ratio", method="score",
    correction=False)`` away from proportions of 0 and 1, where statsmodels'
    closed-form root fails (:func:`ratio_limits`).

    References
    ----------
    .. [1] Koopman, P. A. R. (1984). Confidence intervals for the ratio of
       two binomial proportions. *Biometrics*, 40(2), 513--517.

    Examples
    --------
    Koopman's example (36/40 against 16/80):

    >>> low, high = ratio_ci(36, 40, 16, 80)
    >>> round(low, 3), round(high, 3)
    (2.94, 7.152)
    """
    level = check_confidence_level(confidence_level)
    x1, m1, x2, m2 = _inputs(k1, n1, k2, n2, deff)
    low, high = ratio_limits(x1, m1, x2, m2, level)
    index = series_index(k1, n1, k2, n2)
    return ConfidenceInterval(finish_array(low, index), finish_array(high, index))


def ratio_test(
    k1: Any,
    n1: Any,
    k2: Any,
    n2: Any,
    *,
    value: float = 1.0,
    alternative: str = "two-sided",
    deff: Any = 1.0,
) -> RatioResult:
    """Koopman's score test of ``H0: p1 / p2 = value`` for two independent shares.

    Parameters
    ----------
    k1, n1, k2, n2 : array_like
        Counts and sizes of the two groups (``k`` may be fractional).
    value : float
        The ratio under the null hypothesis; default 1.
    alternative : {"two-sided", "greater", "less"}
        ``"greater"``: the ratio exceeds ``value``.
    deff : array_like
        Kish design effect; the effective counts are ``k / deff``.

    Returns
    -------
    RatioResult
        ``estimate``, ``statistic``, ``pvalue`` (floats for scalar input).

    Raises
    ------
    MigstatsValueError
        For invalid counts, ``value`` not a positive ratio, an unknown
        ``alternative`` or an invalid ``deff``.

    Notes
    -----
    statsmodels ``test_proportions_2indep(compare="ratio", method="score",
    correction=False)``; its inversion is :func:`ratio_ci`.  A statistic
    that is not finite (``k1 = k2 = 0``, no information on the ratio) is
    reported as 0 (p-value 1 two-sided).

    References
    ----------
    .. [1] Koopman, P. A. R. (1984). Confidence intervals for the ratio of
       two binomial proportions. *Biometrics*, 40(2), 513--517.

    Examples
    --------
    >>> res = ratio_test(36, 40, 16, 80, value=2.0, alternative="greater")
    >>> round(res.estimate, 2), res.pvalue < 0.001
    (4.5, True)
    """
    from scipy import special

    v = _check_value(value)
    alternative = check_alternative(alternative)
    x1, m1, x2, m2 = _inputs(k1, n1, k2, n2, deff)
    z = ratio_statistic(x1, m1, x2, m2, v)
    if alternative == "two-sided":
        p = np.minimum(1.0, 2.0 * special.ndtr(-np.abs(z)))
    else:
        p = special.ndtr(-z) if alternative == "greater" else special.ndtr(z)
    with np.errstate(divide="ignore", invalid="ignore"):
        est = (x1 / m1) / (x2 / m2)
    index = series_index(k1, n1, k2, n2)
    return RatioResult(
        finish_array(est, index), finish_array(z, index), finish_array(p, index), v, alternative
    )
