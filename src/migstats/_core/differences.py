"""Confidence intervals for the difference of two independent proportions.

* :func:`diff_ci` -- the difference ``p1 - p2`` of two independent
  proportions (Newcombe's hybrid score with and without continuity
  correction, Agresti-Caffo, Wald, Miettinen-Nurminen and Mee score).

It also holds the vectorised Miettinen-Nurminen score statistic that
:mod:`migstats._core.compare` uses, so that the score test and the score interval
are computed by the same code and agree exactly.  The names shared with
:mod:`~migstats._core.compare` (public-for-sharing inside the core, not part of
the public API) are :func:`score_statistic`, :func:`score_limits`,
:func:`diff_limits`, :func:`check_pair` and :func:`check_score_sizes`.

Counts and group sizes may be fractional; the Kish design effect ``deff``
divides both (see :mod:`.proportions`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._base import (
    ConfidenceInterval,
    check_broadcast,
    check_confidence_level,
    check_counts,
    check_deff,
    check_option,
    finish_array,
    invalid_value,
    series_index,
    z_critical,
)
from .proportions import _wilson, _wilson_cc

__all__ = ["DIFF_METHODS", "diff_ci"]

#: Methods of :func:`diff_ci`.
DIFF_METHODS = (
    "newcombe",
    "newcombe_cc",
    "agresti_caffo",
    "wald",
    "miettinen_nurminen",
    "mee",
)
# migstats method name -> statsmodels confint_proportions_2indep name.
# ("newcombe" is written out: see diff_limits.)
_STATSMODELS_DIFF = {"agresti_caffo": "agresti-caffo", "wald": "wald"}

#: Number of halvings in the fallback bisection that inverts the score test
#: where the bracketing solver does not converge.  The bracket has length at
#: most 2 (differences lie in [-1, 1]) and ``2 * 2**-64 < 1.1e-19``, far below
#: any meaningful digit of a limit.
BISECTION_ITERATIONS = 64


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
    q = v**3 - (b / nobs) * (c / nobs) / 6.0 + d / (2.0 * nobs)  # b c / N^2: no overflow
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
            if not better.any():
                break  # nothing moved: every further step would propose the same
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
    the numerator is 0 and +-inf otherwise.  With ``correction`` an
    effective total ``N = n1 + n2`` of at most 1 leaves ``N / (N - 1)``
    undefined: the statistic is NaN there (:func:`migstats.compare`
    refuses such sizes), whatever the shares.
    """
    p2 = _constrained_p2(x1, n1, x2, n2, delta)
    p1 = p2 + delta
    var = p1 * (1.0 - p1) / n1 + p2 * (1.0 - p2) / n2
    undefined = np.zeros(np.shape(var), dtype=bool)
    if correction:
        nobs = n1 + n2
        undefined = nobs <= 1.0
        var = var * nobs / np.where(undefined, 1.0, nobs - 1.0)
    num = x1 / n1 - x2 / n2 - delta
    with np.errstate(divide="ignore", invalid="ignore"):
        z = num / np.sqrt(var)
        limit = np.sign(num) * np.inf
    z = np.where(num == 0, 0.0, np.where(var > 0, z, limit))
    return np.where(undefined, np.nan, z)


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
        if method == "agresti_caffo":
            # statsmodels leaves Agresti-Caffo unclipped; clip it to [-1, 1]
            # as the one-sample Agresti-Coull interval is clipped to [0, 1].
            low, high = np.clip(low, -1.0, 1.0), np.clip(high, -1.0, 1.0)
        return low, high
    if method in ("newcombe", "newcombe_cc"):
        # Newcombe (1998b) methods 10 and 11: the hybrid-score combination of
        # the Wilson limits (method 11: continuity-corrected).  Written out, as
        # statsmodels has no cc variant, and its method 10
        # (confint_proportions_2indep(method="newcomb")) squares n in its Wilson
        # step: an overflow from n ~ 1e154 and, at n = 1e300, an interval some
        # 1e142 times too wide; the tests compare with statsmodels elsewhere.
        wilson = _wilson_cc if method == "newcombe_cc" else _wilson
        p1, p2 = x1 / n1, x2 / n2
        l1, u1 = wilson(x1, n1, confidence_level)
        l2, u2 = wilson(x2, n2, confidence_level)
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


def agresti_caffo_limits(x1, n1, x2, n2, deff, confidence_level: float):
    """Agresti-Caffo limits on the nominal counts, the variance times ``deff``.

    The pseudo-counts (one success and one failure per group) are added to
    the nominal counts and the design effect inflates the Wald variance of
    the adjusted difference (Kish 1965, sec. 8.2).  Adding them to the
    effective counts ``k / deff`` instead moves the centre towards 0 as
    ``deff`` grows, so that one limit moved inwards (0/1 vs 3/3 at level
    0.5: upper limit -0.247 at deff 1, 0.047 at deff 3, lower -0.686 and
    -0.523).  Wraps statsmodels ``confint_proportions_2indep(method=
    "agresti-caffo")`` (unclipped, so centre and half-width are exact) and
    scales its half-width by ``sqrt(deff)``; at ``deff = 1`` it is the
    statsmodels interval clipped to [-1, 1].
    """
    from statsmodels.stats.proportion import confint_proportions_2indep

    x1, n1, x2, n2 = (np.array(v, dtype=float) for v in (x1, n1, x2, n2))  # writeable
    low, high = confint_proportions_2indep(
        x1, n1, x2, n2, method="agresti-caffo", alpha=1.0 - confidence_level
    )
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    centre, half = (low + high) / 2.0, (high - low) / 2.0 * np.sqrt(deff)
    return np.clip(centre - half, -1.0, 1.0), np.clip(centre + half, -1.0, 1.0)


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
      ``U = d + sqrt((u1 - p1)**2 + (p2 - l2)**2)``.  Matches statsmodels
      ``confint_proportions_2indep(method="newcomb")`` (written out: its
      Wilson step overflows for n beyond about 1e154) and R
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
    does not clip them); the others lie in [-1, 1] by construction.  With ``deff`` every method
    except Agresti-Caffo uses ``k_i / deff`` and ``n_i / deff``; Agresti-Caffo adds its
    pseudo-counts to the nominal counts and multiplies the variance by ``deff``, so that
    its interval widens on both sides as ``deff`` grows.

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
    if method == "agresti_caffo":
        low, high = agresti_caffo_limits(x1, m1, x2, m2, d, level)
    else:
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
