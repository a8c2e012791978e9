"""Confidence intervals for proportions and their differences.

This module owns the interval estimates of the statistical core:

* :func:`proportion_ci` -- one binomial proportion (Wilson, Wilson with
  continuity correction, Clopper-Pearson, Jeffreys, Agresti-Coull, Wald);
* :func:`diff_ci` -- the difference ``p1 - p2`` of two independent
  proportions (Newcombe's hybrid score with and without continuity
  correction, Agresti-Caffo, Wald, Miettinen-Nurminen and Mee score);
* :func:`multinomial_ci` -- simultaneous intervals for the categories of one
  multinomial distribution (Sison-Glaz, Goodman);
* :func:`mean_score_ci` -- the mean of an ordinal score (for example a
  10-point scale) from the category counts.

It also holds the vectorised Miettinen-Nurminen score statistic that
:mod:`migstats._core.compare` uses, so that the score test and the score interval
are computed by the same code and agree exactly.  The names shared with
:mod:`~migstats._core.compare` (public-for-sharing inside the core, not part of
the public API) are :func:`score_statistic`, :func:`score_limits`,
:func:`diff_limits`, :func:`check_pair` and :func:`check_score_sizes`.

Counts ``k`` may be fractional (``k = percent / 100 * n`` for a weighted
percentage) and so may group sizes ``n`` (expected group sizes ``N * share``).
The Kish design effect ``deff`` divides both, ``k_eff = k / deff`` and
``n_eff = n / deff``, so the estimate is unchanged and the interval widens by
about ``sqrt(deff)``.  Methods that are defined only for whole counts
(Sison-Glaz) say so and raise on fractional effective counts.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from .._base import (
    ConfidenceInterval,
    Result,
    check_broadcast,
    check_confidence_level,
    check_counts,
    check_deff,
    check_numeric,
    check_option,
    check_weights,
    finish_array,
    invalid_value,
    series_index,
    z_critical,
)

__all__ = [
    "DIFF_METHODS",
    "MEAN_METHODS",
    "MULTINOMIAL_METHODS",
    "PROPORTION_METHODS",
    "MeanResult",
    "diff_ci",
    "mean_score_ci",
    "multinomial_ci",
    "proportion_ci",
]

#: Methods of :func:`proportion_ci`.
PROPORTION_METHODS = (
    "wilson",
    "wilson_cc",
    "clopper_pearson",
    "jeffreys",
    "agresti_coull",
    "wald",
)
#: Methods of :func:`diff_ci`.
DIFF_METHODS = (
    "newcombe",
    "newcombe_cc",
    "agresti_caffo",
    "wald",
    "miettinen_nurminen",
    "mee",
)
#: Methods of :func:`multinomial_ci`.
MULTINOMIAL_METHODS = ("sison_glaz", "goodman")
#: Methods of :func:`mean_score_ci`.
MEAN_METHODS = ("normal", "t")

# migstats method name -> statsmodels.stats.proportion.proportion_confint name.
_STATSMODELS_PROPORTION = {
    "wilson": "wilson",
    "jeffreys": "jeffreys",
    "agresti_coull": "agresti_coull",
}
# migstats method name -> statsmodels confint_proportions_2indep name.
_STATSMODELS_DIFF = {"newcombe": "newcomb", "agresti_caffo": "agresti-caffo", "wald": "wald"}
_STATSMODELS_MULTINOMIAL = {"sison_glaz": "sison-glaz", "goodman": "goodman"}

#: Continuity correction of Wilson's interval, in counts (Newcombe 1998a,
#: method 4: ``|p - pi| - 1/(2n)``): half an observation.
CONTINUITY_CORRECTION = 0.5

#: Number of halvings in the fallback bisection that inverts the score test
#: where the bracketing solver does not converge.  The bracket has length at
#: most 2 (differences lie in [-1, 1]) and ``2 * 2**-64 < 1.1e-19``, far below
#: any meaningful digit of a limit.
BISECTION_ITERATIONS = 64


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
    shape = np.shape(k)
    k = np.atleast_1d(np.asarray(k, dtype=float))
    n = np.atleast_1d(np.asarray(n, dtype=float))
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
    if rest.min() < 1.0:
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


# --------------------------------------------------------------------------
# Miettinen-Nurminen / Mee score statistic (vectorised)
# --------------------------------------------------------------------------


def _constrained_p2(x1, n1, x2, n2, delta):
    """Maximum-likelihood p2 under the restriction ``p1 - p2 = delta``.

    Closed-form root of the likelihood-equation cubic (Miettinen & Nurminen
    1985, appendix; trigonometric solution of Farrington & Manning 1990),
    laid out as in statsmodels' ``score_test_proportions_2indep`` but with
    ``delta`` allowed to be an array and with the linear coefficient
    ``(n2 * delta - N - 2 * x2) * delta + x`` derived from the score equation
    ``x1/(p2+d) - (n1-x1)/(1-p2-d) + x2/p2 - (n2-x2)/(1-p2) = 0``
    (statsmodels 0.15 has ``x2`` in place of the first ``n2``, statsmodels
    issue #10269, so its restricted estimates are wrong for ``delta != 0``).
    The ``np.clip``/``np.maximum`` calls guard only against floating-point
    rounding (an ``arccos`` argument of ``1 + 1e-16``, a square root of
    ``-1e-17``); they do not alter data.
    """
    nobs = n1 + n2
    count = x1 + x2
    a3 = 3.0 * nobs
    b = (n1 + 2.0 * n2) * delta - nobs - count
    c = (n2 * delta - nobs - 2.0 * x2) * delta + count
    d = x2 * delta * (1.0 - delta)
    v = b / a3
    q = v**3 - b * c / (6.0 * nobs**2) + d / (2.0 * nobs)
    root = np.sqrt(np.maximum(v**2 - c / a3, 0.0))
    p = np.where(q < 0, -root, root)
    degenerate = (p == 0) | (q == 0)
    safe_p = np.where(degenerate, 1.0, p)
    cos_arg = np.clip(q / safe_p**3, -1.0, 1.0)
    angle = (np.pi + np.arccos(cos_arg)) / 3.0
    p2 = np.where(degenerate, -v, 2.0 * safe_p * np.cos(angle) - v)
    # delta = 0: the restricted estimate is the pooled proportion.
    pooled = count / nobs
    p2 = np.where(delta == 0, pooled, p2)
    lo, hi = np.maximum(0.0, -delta), np.minimum(1.0, 1.0 - delta)
    p2 = np.clip(p2, lo, hi)
    return _polish_p2(p2, x1, n1, x2, n2, delta, lo, hi)


#: Newton steps that polish the closed-form restricted estimate.  The
#: trigonometric root of the cubic loses digits when N is large and delta
#: tiny (its coefficients are of order N and cancel), enough to make the
#: score statistic jitter non-monotonically at delta ~ 1e-5 for N ~ 1e5;
#: Newton's method on the (strictly decreasing) score equation restores
#: the root to machine precision in one or two steps from there.
POLISH_STEPS = 3


def _polish_p2(p2, x1, n1, x2, n2, delta, lo, hi):
    """Settle the restricted estimate ``p2`` on the score equation (vectorised).

    ``g(p2) = x1/(p2+d) - (n1-x1)/(1-p2-d) + x2/p2 - (n2-x2)/(1-p2)`` (a
    term with a zero count counts as 0) is strictly decreasing on
    ``(lo, hi)``.  Where ``g(hi) >= 0`` (``g(lo) <= 0``) the likelihood is
    maximised on that bound and ``p2`` is set to it exactly: the closed
    form lands only near the bound and ``1 - p2 - delta`` would then be
    pure rounding error.  Elsewhere safeguarded Newton steps are kept only
    where they stay inside the bounds and reduce ``|g|``, so the closed form
    is never made worse.
    """
    delta = np.asarray(delta, dtype=float) + 0.0  # -0.0 -> +0.0: the bounds below test its sign
    x1, n1, x2, n2, delta, lo, hi = np.broadcast_arrays(x1, n1, x2, n2, delta, lo, hi)
    p2 = np.array(np.broadcast_to(p2, x1.shape), dtype=float, copy=True)

    def term(num, den):
        return np.where(num == 0, 0.0, num / den)

    def score_of(a, b, c, e):
        # a = p1, b = 1 - p1, c = p2, e = 1 - p2
        return term(x1, a) - term(n1 - x1, b) + term(x2, c) - term(n2 - x2, e)

    def score_and_slope(q):
        a, b, c, e = q + delta, 1.0 - q - delta, q, 1.0 - q
        dg = -term(x1, a**2) - term(n1 - x1, b**2) - term(x2, c**2) - term(n2 - x2, e**2)
        return score_of(a, b, c, e), dg

    pos = delta >= 0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # g on the bounds, with the vanishing probability written as exact 0
        zero, one = np.zeros_like(delta), np.ones_like(delta)
        g_hi = np.where(
            pos, score_of(one, zero, 1.0 - delta, delta), score_of(1.0 + delta, -delta, one, zero)
        )
        g_lo = np.where(
            pos, score_of(delta, 1.0 - delta, zero, one), score_of(zero, one, -delta, 1.0 + delta)
        )
        at_hi = g_hi >= 0
        at_lo = g_lo <= 0
        g, dg = score_and_slope(p2)
        for _ in range(POLISH_STEPS):
            step_ok = np.isfinite(g) & np.isfinite(dg) & (dg < 0) & (p2 > lo) & (p2 < hi)
            if not step_ok.any():
                break
            cand = np.where(step_ok, p2 - g / np.where(step_ok, dg, -1.0), p2)
            g2, dg2 = score_and_slope(cand)
            better = step_ok & (cand > lo) & (cand < hi) & (np.abs(g2) < np.abs(g))
            p2 = np.where(better, cand, p2)
            g = np.where(better, g2, g)
            dg = np.where(better, dg2, dg)
    return np.where(at_hi, hi, np.where(at_lo, lo, p2))


def score_statistic(x1, n1, x2, n2, delta, *, correction: bool):
    """Score statistic for ``H0: p1 - p2 = delta`` (vectorised).

    ``z = (p1_hat - p2_hat - delta) / sqrt(V)``, with ``V`` the binomial
    variance at the restricted estimates, times ``N / (N - 1)`` when
    ``correction`` (Miettinen & Nurminen 1985).  ``correction=False`` is
    Mee's (1984) statistic; at ``delta = 0`` its square is Pearson's
    chi-square for the 2 x 2 table.  Where ``V = 0`` the statistic is 0 if
    the numerator is 0 and +-inf otherwise.
    """
    p2 = _constrained_p2(x1, n1, x2, n2, delta)
    p1 = p2 + delta
    var = p1 * (1.0 - p1) / n1 + p2 * (1.0 - p2) / n2
    if correction:
        nobs = n1 + n2
        var = var * nobs / (nobs - 1.0)
    num = x1 / n1 - x2 / n2 - delta
    with np.errstate(divide="ignore", invalid="ignore"):
        z = num / np.sqrt(var)
        limit = np.sign(num) * np.inf
    return np.where(num == 0, 0.0, np.where(var > 0, z, limit))


def _bisect_decreasing(func, lo, hi, target):
    """Vectorised bisection for ``func(x) = target`` with ``func`` decreasing.

    Fallback for :func:`score_limits` should the bracketing solver report
    non-convergence; robust to infinite function values at the bracket ends.
    """
    lo = np.array(lo, dtype=float, copy=True)
    hi = np.array(hi, dtype=float, copy=True)
    for _ in range(BISECTION_ITERATIONS):
        mid = 0.5 * (lo + hi)
        right = func(mid) > target
        lo = np.where(right, mid, lo)
        hi = np.where(right, hi, mid)
    return 0.5 * (lo + hi)


def _score_gap(delta, x1, n1, x2, n2, target, correction):
    """``arctan(z(delta)) - arctan(target)``: finite even where ``z = +-inf``."""
    z = score_statistic(x1, n1, x2, n2, delta, correction=bool(np.all(correction)))
    return np.arctan(z) - np.arctan(target)


def score_limits(x1, n1, x2, n2, z_crit: float, *, correction: bool):
    """Score interval: all delta whose score statistic lies in [-z, z].

    ``x`` and ``n`` are effective counts and sizes (broadcast arrays).  The
    statistic is decreasing in delta, from +inf at -1 to -inf at +1, so each
    limit is the root of a monotone function on ``[-1, d_hat]`` or
    ``[d_hat, 1]``; both are solved at once with scipy's vectorised
    bracketing solver ``scipy.optimize.elementwise.find_root`` (Chandrupatla's
    method) applied to ``arctan(z)``, which keeps the bracket ends finite.
    A limit is -1 (+1) when ``d_hat`` is itself -1 (+1).
    """
    from scipy.optimize import elementwise

    shape = np.shape(x1)
    diff = np.ravel(x1 / n1 - x2 / n2)
    size = diff.size
    a1, b1, a2, b2 = (np.tile(np.ravel(v), 2) for v in (x1, n1, x2, n2))
    lo = np.concatenate([np.full(size, -1.0), diff])
    hi = np.concatenate([diff, np.full(size, 1.0)])
    target = np.concatenate([np.full(size, z_crit), np.full(size, -z_crit)])
    valid = lo < hi
    res = elementwise.find_root(
        _score_gap,
        (lo, np.where(valid, hi, lo + 1.0)),
        args=(a1, b1, a2, b2, target, np.full(2 * size, correction)),
    )
    roots = np.asarray(res.x, dtype=float)
    failed = valid & ~np.asarray(res.success)
    if failed.any():

        def f(delta):
            return score_statistic(
                a1[failed], b1[failed], a2[failed], b2[failed], delta, correction=correction
            )

        roots[failed] = _bisect_decreasing(f, lo[failed], hi[failed], target[failed])
    # d_hat = -1: lower limit -1; d_hat = +1: upper limit +1.
    roots = np.where(valid, roots, np.concatenate([np.full(size, -1.0), np.full(size, 1.0)]))
    return roots[:size].reshape(shape), roots[size:].reshape(shape)


def check_score_sizes(n1: np.ndarray, n2: np.ndarray, deff: np.ndarray, method: str) -> None:
    if ((n1 + n2) / deff <= 1.0).any():
        raise invalid_value(
            "n1",
            f"such that the effective total (n1 + n2) / deff exceeds 1 for method {method!r}",
            n1,
        )


def _clip_exact(low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Clip Newcombe limits to [-1, 1], where they lie mathematically.

    ``d + sqrt((u1 - p1)**2 + (p2 - l2)**2) <= p1 + (u1 - p1) - p2 + p2 <= 1``
    because every term is bounded by the Wilson limits in [0, 1]; floating
    point can overshoot by an ulp (``1.0000000000000002``).  Anything
    beyond 1e-12 is a real error and is left visible (not clipped).
    """
    eps = 1e-12
    low = np.where((low < -1.0) & (low >= -1.0 - eps), -1.0, low)
    high = np.where((high > 1.0) & (high <= 1.0 + eps), 1.0, high)
    return low, high


def diff_limits(x1, n1, x2, n2, method: str, confidence_level: float):
    """Difference limits for effective counts (broadcast float arrays)."""
    if method in _STATSMODELS_DIFF:
        from statsmodels.stats.proportion import confint_proportions_2indep

        x1, n1, x2, n2 = (np.array(v, dtype=float) for v in (x1, n1, x2, n2))  # writeable
        low, high = confint_proportions_2indep(
            x1, n1, x2, n2, method=_STATSMODELS_DIFF[method], alpha=1.0 - confidence_level
        )
        low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
        if method == "newcombe":
            low, high = _clip_exact(low, high)
        if method == "agresti_caffo":
            # statsmodels leaves Agresti-Caffo unclipped; clip it to [-1, 1]
            # as the one-sample Agresti-Coull interval is clipped to [0, 1].
            low, high = np.clip(low, -1.0, 1.0), np.clip(high, -1.0, 1.0)
        return low, high
    if method == "newcombe_cc":
        # Newcombe (1998b) method 11: the hybrid-score combination of the
        # continuity-corrected Wilson limits (statsmodels has no cc variant).
        p1, p2 = x1 / n1, x2 / n2
        l1, u1 = _wilson_cc(x1, n1, confidence_level)
        l2, u2 = _wilson_cc(x2, n2, confidence_level)
        d = p1 - p2
        return _clip_exact(
            d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
            d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2),
        )
    return score_limits(
        x1,
        n1,
        x2,
        n2,
        z_critical(1.0 - confidence_level),
        correction=(method == "miettinen_nurminen"),
    )


# --------------------------------------------------------------------------
# public functions
# --------------------------------------------------------------------------


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


def diff_ci(
    k1: Any,
    n1: Any,
    k2: Any,
    n2: Any,
    *,
    method: str = "newcombe",
    confidence_level: float = 0.95,
    deff: Any = 1.0,
) -> ConfidenceInterval:
    """Confidence interval for the difference ``p1 - p2`` of two independent proportions.

    Parameters
    ----------
    k1, n1 : array_like
        Successes and size of group 1 (both may be fractional, see
        :func:`proportion_ci`).
    k2, n2 : array_like
        Successes and size of group 2.
    method : {"newcombe", "newcombe_cc", "agresti_caffo", "wald", \
"miettinen_nurminen", "mee"}, optional
        Interval method (default ``"newcombe"``); see Notes.
    confidence_level : float, optional
        Two-sided confidence level in (0, 1); default 0.95.
    deff : array_like, optional
        Kish design effect, applied to both groups (default 1).

    Returns
    -------
    ConfidenceInterval
        ``(low, high)`` for ``p1 - p2``; floats, arrays of the broadcast
        shape, or Series if an input is a Series.

    Raises
    ------
    MigstatsValueError
        On invalid counts or sizes (as in :func:`proportion_ci`), an unknown
        ``method``, a ``confidence_level`` outside (0, 1), shapes that do not
        broadcast, or (``"miettinen_nurminen"``) an effective total ``(n1 + n2)/deff``
        of at most 1.

    Notes
    -----
    With ``p_i = k_i / n_i``, ``d = p1 - p2`` and ``(l_i, u_i)`` the Wilson
    limits of group i:

    * ``newcombe`` -- hybrid score interval, Newcombe (1998b) method 10:
      ``L = d - sqrt((p1 - l1)**2 + (u2 - p2)**2)``,
      ``U = d + sqrt((u1 - p1)**2 + (p2 - l2)**2)``.  statsmodels
      ``confint_proportions_2indep(method="newcomb")``; R
      ``DescTools::BinomDiffCI(method="score")``.
    * ``newcombe_cc`` -- the same with continuity-corrected Wilson limits,
      Newcombe (1998b) method 11 (not in statsmodels; computed here).
    * ``agresti_caffo`` -- Wald interval after adding one success and one
      failure to each group (Agresti & Caffo 2000); statsmodels
      ``"agresti-caffo"``, R ``PropCIs::wald2ci(adjust="AC")``.
    * ``wald`` -- ``d -+ z sqrt(p1 q1/n1 + p2 q2/n2)``; statsmodels
      ``"wald"``, R ``PropCIs::wald2ci(adjust="Wald")``.
    * ``miettinen_nurminen`` -- inversion of the Miettinen & Nurminen (1985)
      score test (variance at the restricted maximum-likelihood estimates,
      times ``N/(N-1)``); the interval of :func:`migstats.compare` with
      ``method="score"``.  Same definition as statsmodels
      ``confint_proportions_2indep(method="score")`` and R
      ``DescTools::BinomDiffCI(method="mn")``.
    * ``mee`` -- the same without ``N/(N-1)`` (Mee 1984; DescTools
      ``"mee"``); it inverts the Pearson chi-square test of R
      ``prop.test(correct=FALSE)``.

    The score limits are found with scipy's vectorised bracketing root
    finder (``scipy.optimize.elementwise.find_root``) on the closed-form
    score statistic, computed here rather than through statsmodels because
    (i) statsmodels 0.15's restricted estimate for ``delta != 0`` uses a
    wrong cubic coefficient (statsmodels issue #10269; its interval for
    Fagerland's 7/34 - 1/34 example is 0.0273 to 0.3434 instead of R
    ``PropCIs::diffscoreci``'s 0.0270 to 0.3453, which migstats reproduces),
    (ii) its inversion is scalar-only and fails (NaN) at zero cells and at
    limits of +-1.  The score statistic is decreasing in ``delta``, so the
    interval is ``{delta : |z(delta)| <= z}``.
    Newcombe limits lie in [-1, 1] mathematically; an overshoot of at most
    1e-12 (floating point, e.g. ``1.0000000000000002``) is set to the bound,
    anything larger would stay visible.  The restricted estimates of the
    score methods are set exactly on a bound of ``[max(0, -delta),
    min(1, 1 - delta)]`` where the likelihood is maximised there and are
    polished by Newton steps elsewhere, so the limits are roots of the
    exact statistic even at ``n`` ~ 1e5 and limits ~ 1e-6.
    Wald limits are not clipped to [-1, 1], so that the method's overshoot
    stays visible; Agresti-Caffo limits are clipped to [-1, 1] (statsmodels
    does not clip them); the others lie in [-1, 1] by construction.  With ``deff`` every method uses
    ``k_i / deff`` and ``n_i / deff``.

    References
    ----------
    .. [1] Newcombe, R. G. (1998b). Interval estimation for the difference
       between independent proportions: comparison of eleven methods.
       Statistics in Medicine 17, 873-890.
    .. [2] Miettinen, O. & Nurminen, M. (1985). Comparative analysis of two
       rates. Statistics in Medicine 4, 213-226.
    .. [3] Mee, R. W. (1984). Confidence bounds for the difference between
       two probabilities. Biometrics 40, 1175-1176.
    .. [4] Agresti, A. & Caffo, B. (2000). Simple and effective confidence
       intervals for proportions and differences of proportions result from
       adding two successes and two failures. The American Statistician 54,
       280-288.
    .. [5] Fagerland, M. W., Lydersen, S. & Laake, P. (2015). Recommended
       confidence intervals for two independent binomial proportions.
       Statistical Methods in Medical Research 24, 224-254.

    Examples
    --------
    Newcombe's (1998b) example 56/70 - 48/80:

    >>> from migstats import diff_ci
    >>> ci = diff_ci(56, 70, 48, 80)
    >>> print(f"{ci.low:.4f} {ci.high:.4f}")
    0.0524 0.3339
    >>> ci = diff_ci(56, 70, 48, 80, method="newcombe_cc")
    >>> print(f"{ci.low:.4f} {ci.high:.4f}")
    0.0428 0.3422
    >>> ci = diff_ci(7, 34, 1, 34, method="miettinen_nurminen")
    >>> print(f"{ci.low:.3f} {ci.high:.3f}")
    0.027 0.345
    """
    method = check_option(method, "method", DIFF_METHODS)
    level = check_confidence_level(confidence_level)
    x1, m1, x2, m2, d = check_pair(k1, n1, k2, n2, deff)
    if method == "miettinen_nurminen":
        check_score_sizes(m1, m2, d, method)
    low, high = diff_limits(x1 / d, m1 / d, x2 / d, m2 / d, method, level)
    index = series_index(k1, n1, k2, n2)
    return ConfidenceInterval(finish_array(low, index), finish_array(high, index))


def check_pair(k1, n1, k2, n2, deff):
    """Validate two groups and a design effect; broadcast all five."""
    a1, b1, _ = check_counts(k1, n1, "k1", "n1")
    a2, b2, _ = check_counts(k2, n2, "k2", "n2")
    d = check_deff(deff)
    a1, b1, a2, b2, d = check_broadcast(k1=a1, n1=b1, k2=a2, n2=b2, deff=d)
    return a1, b1, a2, b2, d.astype(float)


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
    Wraps ``statsmodels.stats.proportion.multinomial_proportions_confint``.

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
    from statsmodels.stats.proportion import multinomial_proportions_confint

    region = multinomial_proportions_confint(
        eff, alpha=1.0 - level, method=_STATSMODELS_MULTINOMIAL[method]
    )
    index = counts.index if isinstance(counts, pd.Series) else None
    return ConfidenceInterval(finish_array(region[:, 0], index), finish_array(region[:, 1], index))


def _check_multinomial_counts(counts: Any) -> np.ndarray:
    c = check_numeric(counts, "counts")
    if c.ndim != 1 or c.shape[0] < 2:
        raise invalid_value("counts", "a 1-d sequence of at least 2 category counts", counts)
    if not np.isfinite(c).all():
        raise invalid_value("counts", "finite (not NaN or infinite)", counts)
    if (c < 0).any():
        raise invalid_value("counts", "counts >= 0", counts)
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
