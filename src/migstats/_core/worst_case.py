"""The exact largest p-value of the slope index over a box of group proportions.

* :func:`slope_index_worst_pvalue` -- the maximum of the Wald p-value of
  :func:`migstats.slope_index` over every profile in a box (the rounding
  box of printed percentages, or a whole-count box), found exactly: corners
  where the statistic is quasi-concave, Dinkelbach's method with convex
  subproblems where it is quasi-convex.

The slope index's standard error moves with the proportions to first order
(:math:`\\partial Q / \\partial p_g = k_g (1 - 2 p_g)`), so the least
favourable point of a box is not the corner that moves the estimate toward 0
in general; this module finds the true one.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from typing import Any, NamedTuple

import numpy as np

from .._base import (
    Result,
    check_alternative,
    check_in_unit_interval,
    group_sums,
    invalid_value,
)
from .inequality import (
    checked_slope_inputs,
    slope_index,
    slope_index_of_arrays,
    slope_index_without_warning,
)

__all__ = [
    "DINKELBACH_TOLERANCE",
    "SlopeIndexBox",
    "WorstCasePvalue",
    "quotient_range",
    "slope_index_box",
    "slope_index_box_of_arrays",
    "slope_index_worst_pvalue",
]

#: Stopping rule of Dinkelbach's iteration: stop when the subproblem's
#: minimum is above ``-DINKELBACH_TOLERANCE`` (project convention: far below
#: any reported digit of a z statistic).
DINKELBACH_TOLERANCE = 1e-12

#: Largest number of Dinkelbach steps (it converges superlinearly; a handful
#: suffice in practice -- project convention).
DINKELBACH_MAX_STEPS = 100

#: L-BFGS-B settings for the convex subproblems (tight: the result must not
#: stop short of the minimum; project convention).
_LBFGSB = {"ftol": 1e-15, "gtol": 1e-12, "maxiter": 2000}

#: Most groups searched (the corners are enumerated: 2**G of them).
MAX_GROUPS = 12


@dataclasses.dataclass(frozen=True, repr=False)
class WorstCasePvalue(Result):
    """Result of :func:`slope_index_worst_pvalue`.

    Attributes
    ----------
    pvalue : float
        Largest p-value over the box.
    statistic : float
        The Wald z statistic of :func:`migstats.slope_index` at ``p``.
    p : ndarray
        The least favourable profile in the box (one of several when the
        maximum is not unique).
    alternative : str
        The alternative hypothesis.
    """

    pvalue: float
    statistic: float
    p: Any
    alternative: str = "two-sided"

    _unpack = ("statistic", "pvalue")


def _linear_and_quadratic(n: Any, shares: Any, deff: Any, groups: int):
    """SII = c . p and var = sum k p (1 - p), read off slope_index itself."""
    half = np.full((groups + 1, groups), 0.5)
    half[1:] += 0.25 * np.eye(groups)  # shift each group up by 1/4
    sii = np.asarray(slope_index(half, n, shares, deff=deff).sii)
    c = (sii[1:] - sii[0]) / 0.25
    zeroed = np.full((groups + 1, groups), 0.5)
    zeroed[1:][np.eye(groups, dtype=bool)] = 0.0  # one group at 0: drops its term
    se2 = np.asarray(slope_index(zeroed, n, shares, deff=deff).sii_standard_error) ** 2
    k = 4.0 * (se2[0] - se2[1:])
    return c, np.clip(k, 0.0, None)  # clip: round-off of a difference only


def _z(p: np.ndarray, c: np.ndarray, k: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return (p @ c) / np.sqrt((k * p * (1 - p)).sum(axis=-1))


def _dinkelbach(low, high, c, k, start):
    """min of z = L / sqrt(Q) over the box where L > 0 everywhere (quasi-convex)."""
    from scipy.optimize import minimize

    p, t = start, float(_z(start, c, k))
    for _ in range(DINKELBACH_MAX_STEPS):

        def fun(x, t=t):
            q = max(float((k * x * (1 - x)).sum()), 1e-300)
            grad = c - t * k * (1 - 2 * x) / (2 * np.sqrt(q))
            return float(x @ c) - t * np.sqrt(q), grad

        res = minimize(
            fun,
            p,
            jac=True,
            method="L-BFGS-B",
            bounds=list(zip(low, high, strict=True)),
            options=_LBFGSB,
        )
        x = np.clip(res.x, low, high)
        if fun(x)[0] >= -DINKELBACH_TOLERANCE * max(1.0, t):
            break
        p, t = x, float(_z(x, c, k))
    return p


def _min_signed_z(low, high, c, k):
    """Least favourable point for the claim c . p > 0: argmin of z over the box."""
    corners = np.array(list(itertools.product(*zip(low, high, strict=True))))
    z = _z(corners, c, k)
    at_low_l = np.where(c > 0, low, high)  # the corner with the smallest estimate
    if float(at_low_l @ c) < 0:
        # z is quasi-concave where L < 0: its minimum over box ∩ {L <= 0} is at
        # a vertex, a corner with L < 0 (z < 0) or a point with L = 0 (z = 0)
        return corners[int(np.argmin(np.where(corners @ c < 0, z, np.inf)))]
    if float(at_low_l @ c) == 0:
        return at_low_l
    best = corners[int(np.nanargmin(np.where(np.isnan(z), np.inf, z)))]
    return _dinkelbach(low, high, c, k, best)


def _check_box(low: Any, high: Any) -> tuple[np.ndarray, np.ndarray]:
    lo = check_in_unit_interval(np.asarray(low, dtype=float), "low")
    hi = check_in_unit_interval(np.asarray(high, dtype=float), "high")
    problems = []
    if lo.ndim != 1 or not 2 <= lo.size <= MAX_GROUPS:
        problems.append(invalid_value("low", f"one profile of 2 to {MAX_GROUPS} groups", low))
    if hi.shape != lo.shape:
        problems.append(invalid_value("high", f"an array of the shape of low {lo.shape}", high))
    elif (hi < lo).any():
        problems.append(invalid_value("high", ">= low in every group", high))
    if problems:
        raise type(problems[0])("; ".join(str(e) for e in problems))
    return lo, hi


def slope_index_worst_pvalue(
    low: Any,
    high: Any,
    n: Any,
    shares: Any,
    *,
    deff: Any = 1.0,
    alternative: str = "two-sided",
) -> WorstCasePvalue:
    r"""Largest Wald p-value of the slope index over a box of group proportions.

    Parameters
    ----------
    low, high : array_like
        Ends of the box, one profile of group proportions (bottom to top of
        the ordering), in [0, 1]; for printed percentages the ends of their
        rounding intervals divided by 100.
    n, shares, deff
        As in :func:`migstats.slope_index`.
    alternative : {"two-sided", "greater", "less"}
        ``"greater"``: the claim is a positive slope index (the p-value is
        that of ``SII <= 0``); ``"two-sided"`` as the ``pvalue`` of
        :func:`migstats.slope_index`.

    Returns
    -------
    WorstCasePvalue
        ``pvalue`` (the maximum over the box), ``statistic`` and the profile
        ``p`` where it is attained.

    Raises
    ------
    MigstatsValueError
        If ``low`` or ``high`` is outside [0, 1], ``high < low``, they differ
        in shape or are not one profile of 2 to :data:`MAX_GROUPS` groups, or
        ``n``, ``shares``, ``deff`` are invalid for :func:`migstats.slope_index`.

    Notes
    -----
    The statistic is the one of :func:`migstats.slope_index`: :math:`z =
    L(p)/\sqrt{Q(p)}` with :math:`L = \sum_g c_g p_g` linear and :math:`Q =
    \sum_g k_g p_g (1 - p_g)`, :math:`k_g = c_g^2\,\mathrm{deff}_g / n_g \ge
    0`, concave; the coefficients are read off :func:`migstats.slope_index`
    itself, so there is one implementation of the statistic.  For the claim
    :math:`\mathrm{SII} > 0` the p-value is largest where :math:`z` is
    smallest:

    * where :math:`L > 0` on the whole box, :math:`z` is quasi-convex: for
      :math:`t > 0`, :math:`\{z \le t\} = \{L - t\sqrt Q \le 0\}`, a
      sublevel set of a convex function (:math:`\sqrt Q` is concave as the
      square root of a non-negative concave function).  Dinkelbach's (1967)
      method finds the minimum exactly: with :math:`t` the current value of
      :math:`z`, minimise the convex :math:`L - t\sqrt Q` over the box
      (L-BFGS-B, a convex problem, so its local minimum is global); stop
      when that minimum is 0, else move :math:`t` to :math:`z` at the
      minimiser.  Started from the best corner.
    * where the box reaches :math:`L \le 0`, :math:`z` is quasi-concave on
      :math:`\{L < 0\}` (its superlevel sets :math:`\{L - t\sqrt Q \ge 0\}`,
      :math:`t < 0`, are convex), so the minimum over the polytope
      :math:`\{L \le 0\}` of the box is at one of its vertices: a corner of
      the box with :math:`L < 0`, or a point with :math:`L = 0` (:math:`z =
      0`, p-value 1/2).

    ``"less"`` is the same for :math:`-z`; ``"two-sided"`` is 1 when the
    box contains :math:`L = 0` and otherwise twice the one-sided maximum
    toward 0.  Tested against a brute-force grid search of random boxes in
    ``tests/test_worst_case.py``.  One profile per call (2**G corners are
    enumerated).

    References
    ----------
    .. [1] Dinkelbach, W. (1967). On nonlinear fractional programming.
       *Management Science*, 13(7), 492--498.
    .. [2] Berger, R. L., & Boos, D. D. (1994). P values maximized over a
       confidence set for the nuisance parameter. *JASA*, 89, 1012--1016.

    Examples
    --------
    Printed 1/53/1 % at N = 200 and deff 2: the least favourable point is not
    the corner that moves the estimate toward 0.

    >>> from migstats import slope_index, slope_index_worst_pvalue
    >>> shares = [0.26, 0.35, 0.39]
    >>> res = slope_index_worst_pvalue([0.005, 0.525, 0.005], [0.015, 0.535, 0.015],
    ...                                200, shares, deff=2, alternative="greater")
    >>> corner = slope_index([0.015, 0.535, 0.005], 200, shares, deff=2)
    >>> bool(res.pvalue > corner.pvalue / 2)
    True
    """
    from scipy.stats import norm

    alt = check_alternative(alternative)
    lo, hi = _check_box(low, high)
    c, k = _linear_and_quadratic(n, shares, deff, lo.size)
    l_min = float(np.where(c > 0, lo, hi) @ c)
    l_max = float(np.where(c > 0, hi, lo) @ c)
    if alt == "two-sided" and l_min <= 0 <= l_max:
        lam = 0.0 if l_max == l_min else l_max / (l_max - l_min)  # a point with L = 0
        point = lam * np.where(c > 0, lo, hi) + (1 - lam) * np.where(c > 0, hi, lo)
    else:
        sign = {"greater": 1.0, "less": -1.0}.get(alt, 1.0 if l_min > 0 else -1.0)
        point = _min_signed_z(lo, hi, sign * c, k)
    z = float(slope_index_without_warning(point, n, shares, deff=deff).statistic)  # se 0: NaN, kept
    if alt == "two-sided" and l_min <= 0 <= l_max:
        z = 0.0
    pvalue = {"greater": norm.sf(z), "less": norm.cdf(z)}.get(alt, 2 * norm.sf(abs(z)))
    return WorstCasePvalue(pvalue=float(pvalue), statistic=z, p=point, alternative=alt)


class SlopeIndexBox(NamedTuple):
    """Result of :func:`slope_index_box` (arrays over the leading axes of ``n``)."""

    sii_low: Any  # smallest slope index over the box
    sii_high: Any  # largest slope index over the box
    least_variance: Any  # slope_index at the profile of least variance
    most_variance: Any  # slope_index at the profile of most variance


def slope_index_box(
    low: Any,
    high: Any,
    n: Any,
    shares: Any,
    *,
    confidence_level: float = 0.95,
    deff: Any = 1.0,
    rii: bool = True,
) -> SlopeIndexBox:
    r"""The slope index's range and its extreme variances over a box of proportions.

    Parameters
    ----------
    low, high : array_like
        Ends of the box, one profile of group proportions (group axis last),
        ``low <= high``, in [0, 1].
    n, shares, confidence_level, deff
        As in :func:`migstats.slope_index` (``n`` may carry leading axes:
        one row per point).
    rii : bool, default True
        Whether ``least_variance`` and ``most_variance`` carry the relative
        index (``False``: its fields NaN, for a caller that reads the SII
        alone; see :func:`slope_index_without_warning`).

    Returns
    -------
    SlopeIndexBox
        ``sii_low``, ``sii_high``: the exact range of the SII over the box;
        ``least_variance``, ``most_variance``: :func:`migstats.slope_index`
        at the profiles where its variance is smallest and largest.

    Notes
    -----
    The SII is linear in the proportions, :math:`L = \sum_g c_g p_g`
    (weighted least squares on fixed ridits), so its range is reached at the
    corners where every :math:`p_g` sits at the end its coefficient's sign
    calls for; :math:`c` is read off :func:`migstats.slope_index` at the
    unit profiles.  Its variance :math:`Q = \sum_g k_g p_g (1 - p_g)`,
    :math:`k_g \ge 0`, is separable and concave in each :math:`p_g`, so it is
    largest with every :math:`p_g` at the point of its interval nearest 1/2
    and smallest at the end farthest from 1/2.  These four numbers bound
    :math:`z = L / \sqrt{Q}` over the box (:func:`quotient_range`): a
    proven bound, not the exact extreme, which
    :func:`slope_index_worst_pvalue` finds by search for one profile.

    Examples
    --------
    >>> from migstats._core import slope_index_box
    >>> b = slope_index_box([0.395, 0.495, 0.595], [0.405, 0.505, 0.605], 1000, [0.3, 0.4, 0.3])
    >>> round(float(b.sii_low), 4), round(float(b.sii_high), 4)
    (0.2714, 0.3)
    """
    lo = np.asarray(low, dtype=float)
    hi = np.asarray(high, dtype=float)
    farthest, nearest = _extreme_profiles(lo, hi)
    # se = 0 at a 0/1 profile: kept, without the warning; the inputs checked once
    # (the nearest profile lies between the ends, of the farthest one's shape)
    _, n_arr, w, d, level = checked_slope_inputs(farthest, n, shares, confidence_level, deff)
    check_in_unit_interval(nearest, "p")
    return slope_index_box_of_arrays(lo, hi, n_arr, w, d, level, rii)


def _extreme_profiles(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The box's profiles of least and most variance: each end farthest from, nearest to 1/2."""
    return np.where(np.abs(lo - 0.5) > np.abs(hi - 0.5), lo, hi), np.clip(0.5, lo, hi)


def slope_index_box_of_arrays(
    lo: np.ndarray,
    hi: np.ndarray,
    n: np.ndarray,
    shares: np.ndarray,
    deff: np.ndarray,
    level: float,
    rii: bool,
) -> SlopeIndexBox:
    """:func:`slope_index_box` of arrays already checked: its computation alone.

    ``lo``, ``hi``: the box's ends (float arrays in [0, 1], group axis
    last); ``n`` (group sizes) and ``deff`` float arrays of the shape the
    ends and they broadcast to, ``shares`` the population shares, ``level``
    a confidence level (what :func:`~.inequality.checked_slope_inputs`
    returns).  As :func:`~.inequality.slope_index_of_arrays`, for the
    audit's engine, whose numbers come from validated tables; tested bit
    for bit against :func:`slope_index_box`.
    """
    farthest, nearest = _extreme_profiles(lo, hi)
    least, most = (
        slope_index_of_arrays(np.broadcast_to(x, n.shape), n, shares, deff, level, rii)
        for x in (farthest, nearest)
    )
    c = _sii_coefficients(shares, lo.shape[-1])
    # the SII is c . p (slope_index's own sum), at the corners c's signs call for
    shape = np.shape(least.sii)
    return SlopeIndexBox(
        np.broadcast_to(group_sums(c * np.where(c > 0, lo, hi)), shape).astype(float),
        np.broadcast_to(group_sums(c * np.where(c > 0, hi, lo)), shape).astype(float),
        least,
        most,
    )


def _sii_coefficients(shares: Any, groups: int) -> np.ndarray:
    """The slope index's coefficients ``c`` (SII = ``c . p``): its value at the unit profiles.

    Computed once per shares (:func:`functools.lru_cache` on their values).
    """
    w = np.asarray(shares, dtype=float)
    if w.ndim != 1:
        return np.asarray(slope_index_without_warning(np.eye(groups), 1.0, shares).sii, dtype=float)
    return _unit_coefficients(tuple(w.tolist()), groups)


@functools.lru_cache(maxsize=1024)
def _unit_coefficients(shares: tuple, groups: int) -> np.ndarray:
    out = np.asarray(
        slope_index_without_warning(np.eye(groups), 1.0, list(shares)).sii, dtype=float
    )
    out.setflags(write=False)
    return out


def quotient_range(low: Any, high: Any, se_low: Any, se_high: Any) -> tuple[np.ndarray, np.ndarray]:
    r"""Bounds of ``z = L / se`` for ``L`` in ``[low, high]`` and ``se`` in ``[se_low, se_high]``.

    Interval arithmetic for a quotient with a non-negative denominator: the
    smallest ``z`` is ``low / se_high`` if ``low > 0`` and ``low / se_low``
    otherwise, the largest ``high / se_low`` if ``high > 0`` and ``high /
    se_high`` otherwise (``se = 0`` gives +/-inf, or 0 for ``L = 0``).  Valid
    whatever links ``L`` and ``se``, hence a proven (if not always sharp)
    bound of a Wald statistic over a box (Moore 1966, chapter 2).

    References
    ----------
    .. [1] Moore, R. E. (1966). *Interval Analysis*. Prentice-Hall.

    Examples
    --------
    >>> from migstats._core import quotient_range
    >>> [float(x) for x in quotient_range(1.0, 2.0, 0.5, 1.0)]
    [1.0, 4.0]
    >>> [float(x) for x in quotient_range(-1.0, 2.0, 0.5, 1.0)]
    [-2.0, 4.0]
    """
    lo, hi, s_lo, s_hi = np.broadcast_arrays(
        *(np.asarray(x, dtype=float) for x in (low, high, se_low, se_high))
    )

    def ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.sign(num) * np.inf)
        return np.where(np.isnan(z), 0.0, z)

    return (
        ratio(lo, np.where(lo > 0, s_hi, s_lo)),
        ratio(hi, np.where(hi > 0, s_lo, s_hi)),
    )
