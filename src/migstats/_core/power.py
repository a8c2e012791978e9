"""Power, sample size, detectable differences and break-even survey sizes.

This module owns the design-side calculations for comparing two independent
proportions:

* :func:`power_difference` and :func:`sample_size_difference` -- the normal
  approximation of R ``power.prop.test``, generalised to unequal groups and a
  design effect;
* :func:`minimum_detectable_difference` -- the smallest ``|p1 - p2|`` that a
  design detects with the requested power around a baseline proportion;
* :func:`breakeven_n` -- the smallest total survey size at which an observed
  difference would be significant with the test of :func:`migstats.compare`.

Sizes are per group (``n`` for group 1 and ``ratio * n`` for group 2) and may
be fractional, as in R; the design effect divides them (``n_eff = n/deff``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._base import (
    SHARES_SUM_ATOL,
    check_alpha,
    check_alternative,
    check_broadcast,
    check_deff,
    check_in_unit_interval,
    check_numeric,
    check_option,
    check_size,
    finish_array,
    invalid_value,
    z_critical,
)
from .compare import ROUNDING_METHODS, box_points, compare_pvalue

__all__ = [
    "BREAKEVEN_METHODS",
    "MAX_TOTAL_N",
    "breakeven_n",
    "minimum_detectable_difference",
    "power_difference",
    "sample_size_difference",
]

#: Tests supported by :func:`breakeven_n` (the normal-theory tests of
#: :func:`migstats.compare`; the exact tests need whole counts).
BREAKEVEN_METHODS = ("score", "mee", "wald")
#: Largest total survey size :func:`breakeven_n` reports: 2**53, the largest
#: integer up to which every integer is exactly representable as a double.
MAX_TOTAL_N = 2.0**53
#: Grid points per direction in :func:`minimum_detectable_difference`; the
#: first grid point reaching the power brackets the smallest root, which
#: ``brentq`` then refines to machine precision.
MDD_GRID_POINTS = 256
#: Lowest target power accepted: below 1/2 the normal-approximation sample
#: size formula ``sqrt(n) = (z_a s0 + z_b s1) / |d|`` can turn negative.
MIN_TARGET_POWER = 0.5
#: Halvings of the bracket when solving the ``strict=True`` sample size below
#: the non-strict one (2**-64 of it is far below any meaningful size).
STRICT_HALVINGS = 64


def _check_power(power: Any) -> float:
    try:
        v = float(power)
    except (TypeError, ValueError):
        raise invalid_value("power", f"a number in [{MIN_TARGET_POWER:g}, 1)", power) from None
    if not (MIN_TARGET_POWER <= v < 1.0):
        raise invalid_value("power", f"a number in [{MIN_TARGET_POWER:g}, 1)", power)
    return v


def _check_alpha(alpha: Any) -> float:
    return check_alpha(alpha, "alpha")


def _sds(p1, p2, ratio):
    """Null (pooled) and alternative standard deviations per unit of n1."""
    pbar = (p1 + ratio * p2) / (1.0 + ratio)
    s0 = np.sqrt(pbar * (1.0 - pbar) * (1.0 + 1.0 / ratio))
    s1 = np.sqrt(p1 * (1.0 - p1) + p2 * (1.0 - p2) / ratio)
    return s0, s1


def _power(p1, p2, n1_eff, ratio, alpha, alternative, strict):
    """Power of the pooled z-test (validated, broadcast inputs)."""
    from scipy import stats

    z = z_critical(alpha, alternative)
    s0, s1 = _sds(p1, p2, ratio)
    root_n = np.sqrt(n1_eff)
    d = p1 - p2

    def tail(signed_d):
        num = root_n * signed_d - z * s0
        with np.errstate(divide="ignore", invalid="ignore"):
            val = stats.norm.cdf(num / s1)
        return np.where(s1 > 0, val, (num > 0).astype(float))

    if alternative == "greater":
        return tail(d)
    if alternative == "less":
        return tail(-d)
    out = tail(np.abs(d))
    if strict:
        out = out + tail(-np.abs(d))
    return out


def _common(p1, p2, alpha, alternative, ratio, deff, strict):
    alternative = check_alternative(alternative)
    a = _check_alpha(alpha)
    if not isinstance(strict, bool):
        raise invalid_value("strict", "True or False", strict)
    p1a = check_in_unit_interval(p1, "p1")
    p2a = check_in_unit_interval(p2, "p2")
    r = check_size(ratio, "ratio")
    d = check_deff(deff)
    return p1a, p2a, a, alternative, r, d


def power_difference(
    p1: Any,
    p2: Any,
    n: Any,
    *,
    alpha: float = 0.05,
    alternative: str = "two-sided",
    ratio: Any = 1.0,
    deff: Any = 1.0,
    strict: bool = False,
) -> Any:
    """Power of the two-sample test of proportions (R ``power.prop.test``).

    Parameters
    ----------
    p1, p2 : array_like
        True proportions of groups 1 and 2, in [0, 1].
    n : array_like
        Size of group 1 (> 0, may be fractional); group 2 has ``ratio * n``.
    alpha : float, optional
        Significance level in (0, 0.5); default 0.05.
    alternative : {"two-sided", "less", "greater"}, optional
        ``"greater"`` is ``H1: p1 > p2``.  R's ``"one.sided"`` corresponds to
        the one-sided alternative in the direction of the true difference.
    ratio : array_like, optional
        ``n2 / n1`` (> 0); default 1 (equal groups, as in R).
    deff : array_like, optional
        Kish design effect; both groups count ``n / deff`` (default 1).
    strict : bool, optional
        Include the probability of rejecting in the wrong tail of a
        two-sided test (R ``strict = TRUE``); default ``False`` as in R.

    Returns
    -------
    float or ndarray
        Power, of the broadcast shape of the inputs.

    Raises
    ------
    MigstatsValueError
        If a proportion is outside [0, 1] or NaN, ``n``, ``ratio`` or
        ``deff`` is not a finite number > 0, ``alpha`` is not in (0, 0.5),
        ``alternative`` is unknown, or shapes do not broadcast.

    Notes
    -----
    For the pooled z-test (:func:`migstats.compare` ``method="mee"``, R
    ``prop.test(correct = FALSE)``) with ``n1 = n / deff``,
    ``n2 = ratio * n1`` and ``pbar = (p1 + ratio p2) / (1 + ratio)``::

        power = Phi((sqrt(n1) |p1 - p2| - z s0) / s1)
        s0 = sqrt(pbar (1 - pbar) (1 + 1/ratio)),  s1 = sqrt(p1 q1 + p2 q2 / ratio)

    with ``z`` the ``1 - alpha/2`` (two-sided) or ``1 - alpha`` quantile.  For
    ``ratio = 1`` this is R's ``power.prop.test`` formula exactly; the
    unequal-group form is that of Fleiss, Tytun & Ury (1980) without
    continuity correction and of statsmodels
    ``power_proportions_2indep`` (which always includes the far tail, i.e.
    ``strict=True``).  It is written out here because statsmodels has no
    ``strict=False`` option.  Degenerate cases with ``s1 = 0`` (both ``p``
    in {0, 1}) give power 1 if the null is rejected with certainty and 0
    otherwise (R gives NaN when ``p1 = p2``).  The score test
    (``method="score"``) differs only by the factor ``N/(N-1)``.

    References
    ----------
    .. [1] Fleiss, J. L., Tytun, A. & Ury, H. K. (1980). A simple
       approximation for calculating sample sizes for comparing independent
       proportions. Biometrics 36, 343-346.
    .. [2] Fleiss, J. L., Levin, B. & Paik, M. C. (2003). Statistical Methods
       for Rates and Proportions, 3rd ed. Wiley, sec. 4.2.
    .. [3] R Core Team. ``power.prop.test``, package stats.

    Examples
    --------
    R: ``power.prop.test(n = 50, p1 = .50, p2 = .75)`` gives power =
    0.7401659:

    >>> from migstats import power_difference
    >>> print(f"{power_difference(0.5, 0.75, 50):.7f}")
    0.7401659
    >>> power_difference(0.5, 0.75, [50, 100], deff=1.5).round(3)
    array([0.561, 0.855])
    """
    p1a, p2a, a, alternative, r, d = _common(p1, p2, alpha, alternative, ratio, deff, strict)
    n_a = check_size(n, "n")
    p1b, p2b, nb, rb, db = check_broadcast(p1=p1a, p2=p2a, n=n_a, ratio=r, deff=d)
    return finish_array(_power(p1b, p2b, nb / db, rb, a, alternative, strict))


def sample_size_difference(
    p1: Any,
    p2: Any,
    *,
    power: float = 0.8,
    alpha: float = 0.05,
    alternative: str = "two-sided",
    ratio: Any = 1.0,
    deff: Any = 1.0,
    strict: bool = False,
) -> Any:
    """Size of group 1 needed to detect ``p1 - p2`` (R ``power.prop.test``).

    Parameters
    ----------
    p1, p2 : array_like
        Proportions of groups 1 and 2 under the alternative, in [0, 1].
    power : float, optional
        Target power in [0.5, 1); default 0.8.
    alpha : float, optional
        Significance level in (0, 0.5); default 0.05.
    alternative : {"two-sided", "less", "greater"}, optional
        As in :func:`power_difference`.
    ratio : array_like, optional
        ``n2 / n1``; default 1.
    deff : array_like, optional
        Kish design effect; the result is multiplied by it (default 1).
    strict : bool, optional
        Count the far tail of a two-sided test (R ``strict = TRUE``).

    Returns
    -------
    float or ndarray
        ``n1`` (not rounded up; group 2 needs ``ratio * n1``), ``inf`` when
        no size suffices (``p1 == p2``, or a one-sided ``alternative``
        pointing the other way).

    Raises
    ------
    MigstatsValueError
        As :func:`power_difference`, and if ``power`` is not in [0.5, 1).

    Notes
    -----
    Without ``strict`` the power equation of :func:`power_difference` has
    the closed-form root ``n1 = deff ((z_a s0 + z_b s1) / |p1 - p2|)**2``
    (``z_b`` the ``power`` quantile), the textbook formula of Fleiss et al.
    (2003, eq. 4.14 without continuity correction).  R's
    ``power.prop.test`` finds the same root numerically with ``uniroot``
    (``tol = .Machine$double.eps^0.25``), so R's printed n can differ from
    the exact root in the fifth significant digit.  With ``strict=True`` the
    root is found with ``scipy.optimize.brentq`` below the non-strict
    solution (the far tail only adds power); with very unequal groups the
    far-tail term of the approximation can by itself exceed the target as
    ``n -> 0``, and 0 is then returned.  Powers below 0.5 are not accepted
    because the closed form is then not guaranteed positive.

    References
    ----------
    .. [1] Fleiss, J. L., Levin, B. & Paik, M. C. (2003). Statistical Methods
       for Rates and Proportions, 3rd ed. Wiley, sec. 4.2.
    .. [2] R Core Team. ``power.prop.test``, package stats.

    Examples
    --------
    >>> from migstats import sample_size_difference
    >>> print(f"{sample_size_difference(0.5, 0.75, power=0.9):.4f}")
    76.7069
    >>> sample_size_difference(0.3, [0.35, 0.4], deff=1.5).round(1)
    array([2064.4,  533.9])
    """
    from scipy import optimize, stats

    target = _check_power(power)
    p1a, p2a, a, alternative, r, d = _common(p1, p2, alpha, alternative, ratio, deff, strict)
    p1b, p2b, rb, db = check_broadcast(p1=p1a, p2=p2a, ratio=r, deff=d)
    diff = p1b - p2b
    if alternative == "two-sided":
        effect = np.abs(diff)
    else:
        effect = diff if alternative == "greater" else -diff
    s0, s1 = _sds(p1b, p2b, rb)
    # z_b is the normal quantile of the target power, not a critical value.
    z_a, z_b = z_critical(a, alternative), float(stats.norm.ppf(target))
    with np.errstate(divide="ignore", invalid="ignore"):
        n1 = db * ((z_a * s0 + z_b * s1) / effect) ** 2
    n1 = np.where(effect > 0, n1, np.inf)
    if strict and alternative == "two-sided":
        n1 = n1.copy()
        for idx in np.ndindex(n1.shape):
            hi = n1[idx]
            if not np.isfinite(hi) or hi == 0:
                continue

            def gap(n, idx=idx):
                return (
                    float(_power(p1b[idx], p2b[idx], n / db[idx], rb[idx], a, alternative, True))
                    - target
                )

            if gap(hi) <= 0:
                # the far tail adds nothing within rounding: the one-tail n1
                # is already the answer (no bracket for brentq to refine)
                continue
            lo = hi
            for _ in range(STRICT_HALVINGS):
                if gap(lo) < 0:
                    break
                lo /= 2.0
            else:
                n1[idx] = 0.0  # far tail alone reaches the target (see Notes)
                continue
            n1[idx] = optimize.brentq(gap, lo, hi, xtol=1e-12 * hi, rtol=4 * np.finfo(float).eps)
    return finish_array(n1)


def minimum_detectable_difference(
    n1: Any,
    n2: Any,
    p: Any,
    *,
    power: float = 0.8,
    alpha: float = 0.05,
    alternative: str = "two-sided",
    deff: Any = 1.0,
    strict: bool = False,
) -> Any:
    """Smallest ``|p1 - p2|`` detected with the given power around a baseline ``p``.

    Parameters
    ----------
    n1, n2 : array_like
        Group sizes (> 0, may be fractional; arrays give one result per
        candidate design).
    p : array_like
        Baseline proportion of group 2, in [0, 1].
    power : float, optional
        Target power in [0.5, 1); default 0.8.
    alpha : float, optional
        Significance level in (0, 0.5); default 0.05.
    alternative : {"two-sided", "less", "greater"}, optional
        ``"greater"``: group 1 at ``p + delta``; ``"less"``: at
        ``p - delta``; ``"two-sided"``: the smaller of the two (the
        smallest difference in either direction).
    deff : array_like, optional
        Kish design effect (default 1).
    strict : bool, optional
        As in :func:`power_difference`.

    Returns
    -------
    float or ndarray
        ``delta >= 0``; ``inf`` if no difference within [0, 1] reaches the
        power (for example ``p = 1`` with ``alternative="greater"``).

    Raises
    ------
    MigstatsValueError
        As :func:`power_difference`, and if ``power`` is not in [0.5, 1).

    Notes
    -----
    Solves ``power_difference(p + delta, p, n1, ratio=n2/n1) = power`` (or
    ``p - delta``) for ``delta``.  The power is evaluated on a grid of
    ``MDD_GRID_POINTS`` differences per direction; the first grid point
    reaching the target brackets the smallest root, which
    ``scipy.optimize.brentq`` refines.  Group 2 is the baseline: with
    unequal groups the answer depends on which group is held at ``p``.
    No closed form exists because both standard deviations depend on
    ``delta``.

    References
    ----------
    .. [1] Fleiss, J. L., Levin, B. & Paik, M. C. (2003). Statistical Methods
       for Rates and Proportions, 3rd ed. Wiley, sec. 4.2.
    .. [2] Bloom, H. S. (1995). Minimum detectable effects: a simple way to
       report the statistical power of experimental designs. Evaluation
       Review 19, 547-556.

    Examples
    --------
    >>> from migstats import minimum_detectable_difference
    >>> mdd = minimum_detectable_difference(500, 500, 0.5)
    >>> print(f"{mdd:.4f}")
    0.0881
    >>> minimum_detectable_difference([500, 2000], 500, 0.2, deff=1.5).round(4)
    array([0.0795, 0.0629])
    """
    from scipy import optimize

    target = _check_power(power)
    alternative = check_alternative(alternative)
    a = _check_alpha(alpha)
    if not isinstance(strict, bool):
        raise invalid_value("strict", "True or False", strict)
    n1a = check_size(n1, "n1")
    n2a = check_size(n2, "n2")
    pa = check_in_unit_interval(p, "p")
    d = check_deff(deff)
    n1b, n2b, pb, db = check_broadcast(n1=n1a, n2=n2a, p=pa, deff=d)
    directions = {"greater": (1.0,), "less": (-1.0,), "two-sided": (1.0, -1.0)}[alternative]
    test_alt = "two-sided" if alternative == "two-sided" else alternative
    fractions = np.linspace(0.0, 1.0, MDD_GRID_POINTS + 1)[1:]
    out = np.full(n1b.shape, np.inf)
    for idx in np.ndindex(n1b.shape):
        base, m1, ratio = pb[idx], n1b[idx] / db[idx], n2b[idx] / n1b[idx]

        def pw(delta, sign, base=base, m1=m1, ratio=ratio):
            return _power(base + sign * delta, base, m1, ratio, a, test_alt, strict)

        for sign in directions:
            room = 1.0 - base if sign > 0 else base
            if room <= 0:
                continue
            grid = room * fractions
            reached = np.asarray(pw(grid, sign)) >= target
            if not reached.any():
                continue
            j = int(np.argmax(reached))
            lo = 0.0 if j == 0 else grid[j - 1]
            f = lambda x, s=sign: float(pw(x, s)) - target  # noqa: E731
            root = grid[j] if f(grid[j]) == 0 else optimize.brentq(f, lo, grid[j], xtol=1e-14)
            out[idx] = min(out[idx], root)
    return finish_array(out)


def breakeven_n(
    p1: Any,
    p2: Any,
    share1: Any,
    share2: Any,
    *,
    alpha: float = 0.05,
    deff: Any = 1.0,
    method: str = "score",
    alternative: str = "two-sided",
    half_width1: Any = 0.0,
    half_width2: Any = 0.0,
    rounding_method: str = "box",
) -> Any:
    """Smallest total survey size at which an observed difference is significant.

    The one definition of break-even n in migstats (Python and every CLI
    command): the **total survey n** of which the two groups hold the shares
    ``share1`` and ``share2``.  For groups of a survey with a design, the
    shares follow from it (``compare_groups``, ``audit``); for a bare pair the
    survey is the two groups, ``share1 + share2 = 1`` and the result is
    ``n1 + n2`` at the ratio ``n1 : n2`` (``migstats compare`` without
    ``--total``).

    Parameters
    ----------
    p1, p2 : array_like
        Observed proportions (not percentages) of groups 1 and 2, in [0, 1].
    share1, share2 : array_like
        Shares of the total survey in groups 1 and 2, in (0, 1]: a survey
        of total size N has ``N * share1`` and ``N * share2`` respondents in
        the groups (the groups need not make up the whole survey).
    alpha : float, optional
        Significance level in (0, 0.5); default 0.05.
    deff : array_like, optional
        Kish design effect; effective group sizes are ``N * share / deff``.
    method : {"score", "mee", "wald"}, optional
        The test of :func:`migstats.compare` (default ``"score"``).
    alternative : {"two-sided", "less", "greater"}, optional
        As in :func:`migstats.compare`.
    half_width1, half_width2 : array_like, optional
        Rounding half-widths of the printed ``p1`` and ``p2`` (proportions;
        default 0), as in :func:`migstats.compare`: the break-even n of the
        rounding-aware test.
    rounding_method : {"box", "sheppard"}, optional
        As in :func:`migstats.compare` (default ``"box"``).

    Returns
    -------
    float or ndarray
        The smallest whole N such that ``compare(p1 * N * share1, N * share1,
        p2 * N * share2, N * share2, method=method, alternative=alternative,
        deff=deff, half_width1=half_width1, half_width2=half_width2,
        rounding_method=rounding_method).pvalue < alpha``; ``inf`` if no N up to
        ``MAX_TOTAL_N`` (2**53) suffices, e.g. when ``p1 == p2`` or a
        one-sided alternative points the other way.

    Raises
    ------
    MigstatsValueError
        If a proportion is outside [0, 1], a share is not in (0, 1],
        ``alpha`` is not in (0, 0.5), ``deff`` is not > 0, ``method`` or
        ``alternative`` is unknown, or shapes do not broadcast.

    Notes
    -----
    With fixed proportions and shares the statistics depend on N in closed
    form: for Wald and Mee ``z(N) = sqrt(N) z(1)`` (the pooled proportion
    does not depend on N), and for the Miettinen-Nurminen score test
    ``z(N)**2 = z_mee(1)**2 (N - deff / (share1 + share2))``, because its
    variance factor is ``M / (M - 1)`` with ``M = N (share1 + share2) /
    deff``.  All three are therefore increasing in N, so significance is
    monotone in N and the smallest significant N is well defined.  The
    candidate from the closed form is then checked (and moved by whole
    steps where rounding demands) with the very p-value computation that
    :func:`migstats.compare` uses, so that ``compare`` is significant at
    the returned N and not at N - 1.  Group sizes are the unrounded
    ``N * share``; the score test needs ``M > 1``.

    With rounding half-widths and ``"box"`` the rounding-aware p-value is
    the largest over the box's candidate points (two corners for the score
    tests), each of which is monotone in N, so the break-even N is the
    largest of their break-even Ns -- infinite when the box contains equal
    shares (two-sided).  With ``"sheppard"`` the statistic tends to
    ``d / sqrt(extra)`` as N grows, so no N suffices when ``d**2 <=
    crit**2 * extra``.

    References
    ----------
    .. [1] Miettinen, O. & Nurminen, M. (1985). Comparative analysis of two
       rates. Statistics in Medicine 4, 213-226.
    .. [2] Mee, R. W. (1984). Confidence bounds for the difference between
       two probabilities. Biometrics 40, 1175-1176.

    Examples
    --------
    A 30 % versus 40 % split in two groups that each hold half the survey:

    >>> from migstats import breakeven_n
    >>> int(breakeven_n(0.4, 0.3, 0.5, 0.5))
    351
    >>> breakeven_n(0.4, 0.3, 0.5, 0.5, method="wald", deff=[1.0, 2.0])
    array([346., 692.])

    Printed as whole percentages, the difference could be as small as 9
    points:

    >>> int(breakeven_n(0.4, 0.3, 0.5, 0.5, half_width1=0.005, half_width2=0.005))
    433
    """

    method = check_option(method, "method", BREAKEVEN_METHODS)
    alternative = check_alternative(alternative)
    rounding_method = check_option(rounding_method, "rounding_method", ROUNDING_METHODS)
    a = _check_alpha(alpha)
    p1b, p2b, s1b, s2b, db, h1b, h2b = _breakeven_inputs(
        p1, p2, share1, share2, deff, half_width1, half_width2
    )
    # z at N = 1 (before the score test's N/(N-1) factor) and the minimum N.
    crit = z_critical(a, alternative)
    offset = db / (s1b + s2b) if method == "score" else np.zeros_like(db)
    n_min = np.floor(offset) + 1.0  # smallest whole N with M > 1 (score), else 1
    rounded = bool((h1b > 0).any() or (h2b > 0).any())
    if not rounded:
        candidate, never = _candidate(p1b, p2b, s1b, s2b, db, crit, method, alternative)
    elif rounding_method == "sheppard":
        extra = (h1b**2 + h2b**2) / 3.0
        candidate, never = _candidate(
            p1b, p2b, s1b, s2b, db, crit, method, alternative, extra=extra
        )
    else:
        x1, x2, straddles = box_points(p1b, h1b, p2b, h2b, method)
        c, nv = _candidate(x1, x2, s1b, s2b, db, crit, method, alternative)
        candidate, never = c.max(axis=0), nv.any(axis=0)
        if alternative == "two-sided":
            never = never | straddles
    candidate = np.maximum(candidate, n_min)
    candidate = np.where(never | (candidate > MAX_TOTAL_N), MAX_TOTAL_N, candidate)

    def significant(total):
        n1 = total * s1b
        n2 = total * s2b
        with np.errstate(divide="ignore", invalid="ignore"):
            pv = compare_pvalue(
                p1b * n1,
                n1,
                p2b * n2,
                n2,
                db,
                method,
                alternative,
                half_width1=h1b if rounded else 0.0,
                half_width2=h2b if rounded else 0.0,
                rounding_method=rounding_method,
            )
        return (pv < a) & (total >= n_min)

    return finish_array(_settle(candidate, significant, never, n_min))


def _breakeven_inputs(p1, p2, share1, share2, deff, half_width1, half_width2):
    """:func:`breakeven_n`'s numeric arguments checked and broadcast to one shape."""
    p1a = check_in_unit_interval(p1, "p1")
    p2a = check_in_unit_interval(p2, "p2")
    s1a = _check_share(share1, "share1")
    s2a = _check_share(share2, "share2")
    d = check_deff(deff)
    h1a = _check_half_width(half_width1, "half_width1")
    h2a = _check_half_width(half_width2, "half_width2")
    out = check_broadcast(
        p1=p1a, p2=p2a, share1=s1a, share2=s2a, deff=d, half_width1=h1a, half_width2=h2a
    )
    s1b, s2b = out[2], out[3]
    if (s1b + s2b > 1.0 + SHARES_SUM_ATOL).any():
        # two groups of one sample cannot hold more than all of it
        total = s1b + s2b
        bad = total.max() if total.ndim else float(total)
        raise invalid_value("share1 + share2", "at most 1 (two groups of one sample)", float(bad))
    return out


def _settle(candidate, significant, never, n_min):
    """The exact smallest significant whole N near the closed-form ``candidate``.

    Adjusts by whole steps where floating-point rounding moved the boundary
    (at most a few steps: the candidate is exact up to rounding), then
    returns ``inf`` where no N up to :data:`MAX_TOTAL_N` is significant.
    """
    for _ in range(8):
        up = ~significant(candidate) & (candidate < MAX_TOTAL_N) & ~never
        down = significant(candidate - 1.0) & (candidate > n_min)
        if not (up.any() or down.any()):
            break
        candidate = candidate + up - down
    return np.where(significant(candidate) & ~never, candidate, np.inf)


def _candidate(p1, p2, s1, s2, deff, crit, method, alternative, extra=0.0):
    """Closed-form smallest whole N (before the check) and where no N suffices.

    ``z(N)**2 = d**2 / (var1 / (N - offset) + extra)`` with ``var1`` the
    variance of the difference at N = 1 and ``extra`` Sheppard's rounding
    variance (0 without it), so ``N = offset + var1 / (d**2 / crit**2 -
    extra)`` when ``d**2 / crit**2 > extra``.
    """
    diff = p1 - p2
    if method == "wald":
        var1 = deff * (p1 * (1.0 - p1) / s1 + p2 * (1.0 - p2) / s2)
    else:
        pbar = (p1 * s1 + p2 * s2) / (s1 + s2)
        var1 = deff * pbar * (1.0 - pbar) * (1.0 / s1 + 1.0 / s2)
    offset = deff / (s1 + s2) if method == "score" else np.zeros_like(var1)
    effect = {"two-sided": np.abs(diff), "greater": diff, "less": -diff}[alternative]
    room = effect**2 / crit**2 - extra
    never = (effect <= 0) | (room <= 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        candidate = np.where(var1 > 0, var1 / np.where(room > 0, room, 1.0), 0.0) + offset
    candidate = np.floor(np.where(never, MAX_TOTAL_N, candidate)) + 1.0
    return candidate, never


def _check_half_width(value: Any, name: str) -> np.ndarray:
    arr = check_numeric(value, name)
    if not np.isfinite(arr).all() or (arr < 0).any() or (arr > 0.5).any():
        raise invalid_value(name, "a rounding half-width in [0, 0.5] (a proportion)", value)
    return arr


def _check_share(value: Any, name: str) -> np.ndarray:
    arr = check_numeric(value, name)
    if not np.isfinite(arr).all() or (arr <= 0).any() or (arr > 1).any():
        raise invalid_value(name, "a share in (0, 1]", value)
    return arr
