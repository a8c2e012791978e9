"""Confidence intervals for one binomial proportion.

* :func:`proportion_ci` -- one binomial proportion (Wilson, Wilson with
  continuity correction, Clopper-Pearson, Jeffreys, Agresti-Coull, Wald),
  with the vectorised limits for effective counts that :mod:`.differences`
  reuses (Newcombe's hybrid interval is built from Wilson limits).

Counts ``k`` may be fractional (``k = percent / 100 * n`` for a weighted
percentage) and so may group sizes ``n`` (expected group sizes ``N * share``).
The Kish design effect ``deff`` divides both, ``k_eff = k / deff`` and
``n_eff = n / deff``, so the estimate is unchanged and the interval widens by
about ``sqrt(deff)``.

The two-sample intervals are in :mod:`.differences`, the multinomial and
mean intervals in :mod:`.multinomial`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._base import (
    ConfidenceInterval,
    check_confidence_level,
    check_counts,
    check_option,
    finish_array,
    series_index,
    z_critical,
)

__all__ = ["PROPORTION_METHODS", "proportion_ci", "wilson_of_arrays"]

#: Methods of :func:`proportion_ci`.
PROPORTION_METHODS = (
    "wilson",
    "wilson_cc",
    "clopper_pearson",
    "jeffreys",
    "agresti_coull",
    "wald",
)
# migstats method name -> statsmodels.stats.proportion.proportion_confint name.
_STATSMODELS_PROPORTION = {
    "wilson": "wilson",
    "jeffreys": "jeffreys",
    "agresti_coull": "agresti_coull",
}
#: Continuity correction of Wilson's interval, in counts (Newcombe 1998a,
#: method 4: ``|p - pi| - 1/(2n)``): half an observation.
CONTINUITY_CORRECTION = 0.5

# --------------------------------------------------------------------------
# interval limits for effective counts
# --------------------------------------------------------------------------


def _wilson(k: np.ndarray, n: np.ndarray, confidence_level: float):
    """Vectorised Wilson limits (k, n already effective), free of cancellation.

    The limits are the roots of ``a pi**2 - (2 p + z**2/n) pi + p**2 = 0``
    with ``a = 1 + z**2/n`` (Wilson 1927); statsmodels'
    ``proportion_confint(method="wilson")`` computes ``center -+ dist``,
    whose smaller root loses all digits to cancellation for tiny ``p``
    (a lower limit of 8.7e-19 instead of 0 at ``k = 0``, above ``k/n`` for
    a subnormal ``k``).  Here the far root is ``center + dist`` (for
    ``p < 1/2``; ``1 - `` the mirror for ``p >= 1/2``) and the near one
    comes from the product of the roots, ``low * high = p**2 / a``, which
    has no cancellation: 0 at ``k = 0`` and 1 at ``k = n`` exactly.  Written
    out also because it is cheaper than the statsmodels call (no input
    conversion, no clipping pass); the tests compare it with statsmodels.
    """
    z = z_critical(1.0 - confidence_level)
    k, n = np.broadcast_arrays(np.asarray(k, dtype=float), np.asarray(n, dtype=float))
    shape = k.shape
    k, n = k.ravel().copy(), n.ravel().copy()  # flat: the mirror below indexes flat
    inv = 1.0 / n
    p = k * inv
    h = (0.5 * z * z) * inv  # z**2 / (2 n)
    dist = 1.0 - p  # dist = z sqrt(p (1 - p) / n + z**2 / (4 n**2)), in place
    dist *= p
    dist += (0.25 * z * z) * inv
    dist *= inv
    np.sqrt(dist, out=dist)
    dist *= z
    far = p + h
    far += dist  # = a * high, with a = 1 + z**2 / n
    low = p * p
    low /= far  # product of the roots, low * high = p**2 / a: 0 at k = 0
    h *= 2.0
    h += 1.0  # a
    high = far
    high /= h
    rest = n - k
    if rest.size and rest.min() < 1.0:
        # mirror on the few cells within 1 of n:
        # 1 - high = (1 - p)**2 / (a (1 - low)), so high = 1 at k = n exactly
        i = np.flatnonzero(rest < 1.0)
        q = rest[i] * inv[i]
        mirror = q + (h[i] - 1.0) / 2.0 + dist[i]  # = a (1 - low)
        high[i] = 1.0 - q * q / mirror
    return low.reshape(shape), high.reshape(shape)


def _wilson_cc(k: np.ndarray, n: np.ndarray, confidence_level: float):
    """Wilson interval with continuity correction (Newcombe 1998a, method 4).

    The limits solve ``|p - pi| - 1/(2n) = z * sqrt(pi (1 - pi) / n)``, i.e.
    they are Wilson limits at ``k -+ 1/2``; a limit is 0 (1) when the shifted
    count falls at or below 0 (at or above n), where the corrected
    acceptance region reaches the boundary.  For whole ``k`` this is
    Newcombe's closed form (and ``scipy.stats.binomtest(...).proportion_ci
    (method="wilsoncc")``); the shifted-count form also covers fractional k.
    """
    k_lo = k - CONTINUITY_CORRECTION
    k_hi = k + CONTINUITY_CORRECTION
    lo_ok = k_lo > 0
    hi_ok = k_hi < n
    low_w, _ = _wilson(np.where(lo_ok, k_lo, k), n, confidence_level)
    _, high_w = _wilson(np.where(hi_ok, k_hi, k), n, confidence_level)
    return np.where(lo_ok, low_w, 0.0), np.where(hi_ok, high_w, 1.0)


def wilson_of_arrays(k: np.ndarray, n: np.ndarray, deff: np.ndarray, confidence_level: float):
    """:func:`proportion_ci`'s Wilson limits of counts already checked: its computation alone.

    ``k``, ``n``, ``deff`` float arrays that broadcast, ``k <= n``; the
    limits of the effective counts ``k / deff`` of ``n / deff``.  For the
    audit's engine, whose shares come from validated tables.
    """
    return _wilson(k / deff, n / deff, confidence_level)


def _proportion_limits(k: np.ndarray, n: np.ndarray, method: str, confidence_level: float):
    """Limits for effective counts; returns float arrays of k's shape."""
    if method == "wilson":
        return _wilson(k, n, confidence_level)
    if method == "wilson_cc":
        return _wilson_cc(k, n, confidence_level)
    if method == "wald":
        # Written out (one line) rather than statsmodels' "normal", because
        # statsmodels clips the Wald limits to [0, 1]; migstats leaves them
        # unclipped so that the method's known overshoot stays visible.
        p = k / n
        half = z_critical(1.0 - confidence_level) * np.sqrt(p * (1.0 - p) / n)
        return p - half, p + half
    if method == "clopper_pearson":
        return _clopper_pearson(k, n, confidence_level)
    from statsmodels.stats.proportion import proportion_confint

    low, high = proportion_confint(
        np.array(k, dtype=float, ndmin=1),  # a writeable copy, not a broadcast view
        np.array(n, dtype=float, ndmin=1),
        alpha=1.0 - confidence_level,
        method=_STATSMODELS_PROPORTION[method],
    )
    low = np.reshape(np.asarray(low, dtype=float), np.shape(k))
    high = np.reshape(np.asarray(high, dtype=float), np.shape(k))
    if method == "jeffreys":
        # Brown, Cai & DasGupta (2001, sec. 4.1.2): the Jeffreys lower limit
        # is 0 when k = 0 and the upper limit 1 when k = n.
        low = np.where(k == 0, 0.0, low)
        high = np.where(k == n, 1.0, high)
        # For fractional effective counts below about 0.1 (or that close to
        # n) the equal-tailed Beta(k + 1/2, n - k + 1/2) interval excludes
        # k/n; migstats extends it to k/n, the continuous form of the rule above.
        p = k / n
        low, high = np.minimum(low, p), np.maximum(high, p)
    return low, high


def _clopper_pearson(k: np.ndarray, n: np.ndarray, confidence_level: float):
    """Clopper-Pearson limits: beta quantiles, with the closed form at tiny counts.

    ``low = B^-1(alpha/2; k, n - k + 1)``, ``high = B^-1(1 - alpha/2; k + 1,
    n - k)`` (statsmodels ``proportion_confint(method="beta")`` computes the
    same with ``scipy.stats.beta``; here ``scipy.special.betaincinv`` is
    called directly so that counts below :data:`CP_TINY_COUNT`, on which
    boost overflows or stops at the smallest normal double, never reach it).
    Limits are 0 at ``k = 0`` and 1 at ``k = n``.
    """
    from scipy import special

    tail = (1.0 - confidence_level) / 2.0
    k, n = np.broadcast_arrays(np.asarray(k, dtype=float), np.asarray(n, dtype=float))
    tiny_lo = k < CP_TINY_COUNT
    tiny_hi = (n - k) < CP_TINY_COUNT
    k_lo = np.where(tiny_lo, 1.0, k)  # placeholders, replaced below
    n_lo = np.where(tiny_lo, 2.0, n)
    k_hi = np.where(tiny_hi, 1.0, k)
    n_hi = np.where(tiny_hi, 2.0, n)
    low = special.betaincinv(k_lo, n_lo - k_lo + 1.0, tail)
    high = special.betaincinv(k_hi + 1.0, n_hi - k_hi, 1.0 - tail)
    if tiny_lo.any():
        low = np.where(tiny_lo, _cp_lower_tiny(k, n, confidence_level), low)
    if tiny_hi.any():
        high = np.where(tiny_hi, 1.0 - _cp_lower_tiny(n - k, n, confidence_level), high)
    return np.reshape(low, np.shape(k)), np.reshape(high, np.shape(k))


#: Below this effective count (or this close to n) the Clopper-Pearson limit
#: on that side comes from the closed form of :func:`_cp_lower_tiny`; the
#: beta quantile of scipy/boost returns the smallest normal double instead
#: of a smaller limit below about k = 1e-3 and overflows at subnormal k.
CP_TINY_COUNT = 0.02


def _cp_lower_tiny(k: np.ndarray, n: np.ndarray, confidence_level: float) -> np.ndarray:
    """Clopper-Pearson lower limit for a tiny count ``0 <= k < CP_TINY_COUNT``.

    The lower limit ``q`` solves ``I_q(k, n - k + 1) = alpha / 2``.  For
    tiny ``q``, ``I_q(a, b) = q**a / (a B(a, b)) * (1 + O(a b q))``
    (DLMF 8.17.8), so ``q = (alpha/2 * a B(a, b))**(1/a)`` with relative
    error of order ``k n q``; at ``k < 0.02`` the limit is below
    ``(1/2)**50 ~ 1e-15`` and the error is negligible for any realistic n.
    ``a B(a, b) = Gamma(a + 1) Gamma(b) / Gamma(a + b)`` is evaluated with
    ``gammaln`` so that subnormal ``k`` works; the limit is 0 at ``k = 0``
    and underflows to 0 for k below about 1e-3.
    """
    from scipy import special

    tail = (1.0 - confidence_level) / 2.0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        b = n - k + 1.0
        log_ab = special.gammaln(k + 1.0) + special.gammaln(b) - special.gammaln(k + b)
        out = np.exp((np.log(tail) + log_ab) / k)
    return np.where(k > 0, out, 0.0)


def proportion_ci(
    k: Any,
    n: Any,
    *,
    method: str = "wilson",
    confidence_level: float = 0.95,
    deff: Any = 1.0,
) -> ConfidenceInterval:
    """Confidence interval for a binomial proportion ``k / n``.

    Parameters
    ----------
    k : array_like
        Number of "successes"; may be fractional (``percent / 100 * n``).
    n : array_like
        Group size, a finite number > 0; may be fractional (an expected size
        ``N * share``).  Broadcast against ``k`` and ``deff``.
    method : {"wilson", "wilson_cc", "clopper_pearson", "jeffreys", \
"agresti_coull", "wald"}, optional
        Interval method (default ``"wilson"``); see Notes.
    confidence_level : float, optional
        Two-sided confidence level in (0, 1); default 0.95.
    deff : array_like, optional
        Kish design effect (default 1, simple random sampling).  The interval
        is computed for ``k / deff`` successes out of ``n / deff``.

    Returns
    -------
    ConfidenceInterval
        ``(low, high)``: floats for scalar input, arrays of the
        broadcast shape otherwise, pandas Series if ``k`` or ``n`` is a
        Series.

    Raises
    ------
    MigstatsValueError
        If ``k`` is NaN, negative or larger than ``n``; ``n`` is not a finite
        number > 0; ``deff`` is not > 0; ``method`` is unknown;
        ``confidence_level`` is not in (0, 1); or the shapes do not
        broadcast.

    Notes
    -----
    With ``p = k/n`` and ``z`` the ``(1 + level)/2`` normal quantile:

    * ``wilson`` -- Wilson (1927) score interval, the recommended default
      (Brown, Cai & DasGupta 2001; Newcombe 1998a method 3).  Equals
      ``statsmodels.stats.proportion.proportion_confint(method="wilson")``
      (to a few ulps),
      ``scipy.stats.binomtest(k, n).proportion_ci(method="wilson")`` and
      R ``prop.test(k, n, correct=FALSE)$conf.int``.  Written out: the
      nearer limit comes from the product of the two roots, so it has no
      cancellation (exactly 0 at ``k = 0`` and 1 at ``k = n``, never beyond
      ``k/n`` for tiny counts), and it is as fast as the statsmodels call
      (``benchmarks/bench_proportion_ci.py``).
    * ``wilson_cc`` -- Wilson with continuity correction (Newcombe 1998a
      method 4; R ``prop.test(k, n)$conf.int``, scipy ``"wilsoncc"``).
      statsmodels 0.15 has no such method, so it is computed here as the
      Wilson limits at ``k -+ 1/2`` (algebraically Newcombe's formula).
    * ``clopper_pearson`` -- the "exact" beta-quantile interval (statsmodels
      ``"beta"``, R ``binom.test``), from ``scipy.special.betaincinv``.  For
      fractional effective counts the beta quantiles are the continuous
      extension and the guarantee of coverage >= level no longer holds
      exactly.  Below an effective count of 0.02 (or that close to n) the
      limit on that side has a closed form (DLMF 8.17.8; the limit is below
      1e-15 there), because boost's quantile overflows at subnormal counts.
    * ``jeffreys`` -- equal-tailed Beta(k + 1/2, n - k + 1/2) interval
      (statsmodels ``"jeffreys"``), with the lower limit set to 0 at
      ``k = 0`` and the upper to 1 at ``k = n`` as recommended by Brown,
      Cai & DasGupta (2001).  For a fractional effective count below about
      0.1 (or that close to n) the equal-tailed interval excludes ``k/n``;
      migstats then extends the limit to ``k/n`` (the continuous form of the
      same rule), so the interval always contains the estimate.  With a
      design effect and an effective count below 1 (or within 1 of the
      effective n) the limit on that side can move slightly *inward* as
      ``deff`` grows (the Beta(1/2 + k) quantile is not monotone in n at
      tiny k): the widening with ``deff`` holds for
      effective counts of at least 1 on both sides.
    * ``agresti_coull`` -- Agresti & Coull (1998), ``z**2/2`` successes and
      failures added; as in statsmodels the limits are clipped to [0, 1].
    * ``wald`` -- ``p -+ z sqrt(p (1 - p) / n)``, **not** clipped: its
      limits can fall below 0 or above 1, and it has zero width at
      ``k = 0`` or ``k = n``.  Shown for comparison only.

    Wilson's limits lie in [0, 1] mathematically (statsmodels clips them
    only against floating-point error).

    References
    ----------
    .. [1] Newcombe, R. G. (1998a). Two-sided confidence intervals for the
       single proportion: comparison of seven methods. Statistics in
       Medicine 17, 857-872.
    .. [2] Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval
       estimation for a binomial proportion. Statistical Science 16,
       101-133.
    .. [3] Agresti, A. & Coull, B. A. (1998). Approximate is better than
       "exact" for interval estimation of binomial proportions. The American
       Statistician 52, 119-126.
    .. [4] Kish, L. (1965). Survey Sampling. Wiley (design effect).

    Examples
    --------
    Newcombe's (1998a) example 81/263:

    >>> from migstats import proportion_ci
    >>> ci = proportion_ci(81, 263)
    >>> print(f"{ci.low:.4f} {ci.high:.4f}")
    0.2553 0.3662
    >>> low, high = proportion_ci(81, 263, method="wilson_cc")
    >>> print(f"{low:.4f} {high:.4f}")
    0.2535 0.3682

    Arrays broadcast, and a design effect widens the interval:

    >>> ci = proportion_ci(300, 1000, deff=[1.0, 2.0])
    >>> ci.low.round(4), ci.high.round(4)
    (array([0.2724, 0.2615]), array([0.3291, 0.3416]))
    """
    method = check_option(method, "method", PROPORTION_METHODS)
    level = check_confidence_level(confidence_level)
    k_a, n_a, d_a = check_counts(k, n, "k", "n", deff)
    if np.ndim(deff) == 0 and d_a.size and d_a.flat[0] == 1.0:
        low, high = _proportion_limits(k_a, n_a, method, level)  # no design effect
    else:
        low, high = _proportion_limits(k_a / d_a, n_a / d_a, method, level)
    index = series_index(k, n)
    return ConfidenceInterval(finish_array(low, index), finish_array(high, index))
