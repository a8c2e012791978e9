"""Rounding-aware widening of a proportion's confidence interval.

A printed percentage ``p`` stands for any true value in its rounding interval
``[lo, hi]``; the rounding-aware interval is the union of the intervals over
all those true values, together with the interval at the printed value.  One
function, :func:`rounding_aware_ci`, computes it for :func:`table_intervals`
and the ``migstats ci`` command; :func:`widen` merges a plain interval with
such a union (also used for the pairwise differences of
:func:`compare_groups`).

Nothing here needs a table: it uses only :func:`migstats.proportion_ci`.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from .._core import PERCENT_SCALE, proportion_ci

__all__ = [
    "MONOTONE_PROPORTION_METHODS",
    "ROUNDING_GRID_POINTS",
    "RoundingAwareSlope",
    "WidenedInterval",
    "rounding_aware_ci",
    "rounding_aware_slope_index",
    "widen",
]

#: Methods of :func:`migstats.proportion_ci` whose limits are non-decreasing
#: in the count, so that the union of intervals over a rounding interval is
#: spanned by its two ends (argued in :func:`table_intervals`).
MONOTONE_PROPORTION_METHODS: frozenset[str] = frozenset(
    {"wilson", "wilson_cc", "clopper_pearson", "jeffreys"}
)

#: Number of true values (ends included) at which :func:`rounding_aware_ci`
#: evaluates the non-monotone methods (Wald, Agresti-Coull) across a rounding
#: interval; with whole percentages the spacing is 0.01 percentage points.
ROUNDING_GRID_POINTS = 101


class WidenedInterval(NamedTuple):
    """A rounding-aware interval with the plain one it widens (arrays, proportions).

    A named tuple rather than :class:`~migstats.ConfidenceInterval` because it
    carries both intervals and the added width, the columns the table
    functions and the CLI print.
    """

    ci_low: Any
    ci_high: Any
    plain_ci_low: Any
    plain_ci_high: Any
    rounding_added: Any


def widen(plain_low: Any, plain_high: Any, union_low: Any, union_high: Any) -> WidenedInterval:
    """Merge a plain interval with the union of intervals over the rounding.

    Parameters
    ----------
    plain_low, plain_high : array_like
        The interval at the printed value.
    union_low, union_high : array_like
        The smallest lower and largest upper limit over the true values.

    Returns
    -------
    WidenedInterval
        ``ci_low = min(plain_low, union_low)``, ``ci_high = max(...)``, the
        plain interval and ``rounding_added`` = widened minus plain width.

    Examples
    --------
    >>> from migstats._tables import widen
    >>> w = widen(0.2, 0.3, 0.19, 0.32)
    >>> float(w.ci_low), float(w.ci_high), round(float(w.rounding_added), 2)
    (0.19, 0.32, 0.03)
    """
    plain_low = np.asarray(plain_low, dtype=float)
    plain_high = np.asarray(plain_high, dtype=float)
    low = np.minimum(union_low, plain_low)
    high = np.maximum(union_high, plain_high)
    added = (high - low) - (plain_high - plain_low)
    return WidenedInterval(low, high, plain_low, plain_high, added)


def rounding_aware_ci(
    percent: Any,
    percent_low: Any,
    percent_high: Any,
    n: Any,
    *,
    method: str = "wilson",
    confidence_level: float = 0.95,
    deff: Any = 1.0,
) -> WidenedInterval:
    """Interval of a printed percentage widened to every true value its rounding allows.

    Parameters
    ----------
    percent : array_like
        The printed percentages (the plain interval is taken at them).
    percent_low, percent_high : array_like
        The true values each stands for, in percent (the rounding interval,
        intersected with [0, 100]; or the whole-count range for unweighted
        data).
    n : array_like
        Sample sizes; the count is ``x n`` for a true proportion ``x``.
    method : str, default "wilson"
        Interval method of :func:`migstats.proportion_ci`.
    confidence_level : float, default 0.95
        Two-sided confidence level.
    deff : float or array_like, default 1.0
        Kish design effect(s).

    Returns
    -------
    WidenedInterval
        The union of the intervals over ``[percent_low, percent_high]`` with
        the plain interval at ``percent`` (proportions).

    Notes
    -----
    The union over all true values is ``[min_x L(x), max_x U(x)]``.  For
    the methods in :data:`MONOTONE_PROPORTION_METHODS` both limits are
    non-decreasing in the count (argued in :func:`migstats.table_intervals`),
    so the union is ``[L(lo), U(hi)]``, exact from the two ends.  Wald and
    Agresti-Coull limits are not monotone near 0 and 1, so for them the
    extremes are taken over :data:`ROUNDING_GRID_POINTS` equally spaced true
    values, ends included -- an approximation, exact where the limits are
    monotone.  Hand-written because statsmodels' ``proportion_confint`` has
    no rounding-aware version.

    References
    ----------
    .. [1] Brown, L. D., Cai, T. T., & DasGupta, A. (2001). Interval
       estimation for a binomial proportion. *Statistical Science*, 16,
       101-133.

    Examples
    --------
    A printed 21% (true value in [20.5, 21.5]) of 768 respondents:

    >>> from migstats._tables import rounding_aware_ci
    >>> w = rounding_aware_ci(21, 20.5, 21.5, 768)
    >>> [round(float(x), 4) for x in (w.ci_low, w.plain_ci_low, w.plain_ci_high, w.ci_high)]
    [0.178, 0.1827, 0.2402, 0.2454]
    """
    lo = np.asarray(percent_low, dtype=float)
    hi = np.asarray(percent_high, dtype=float)
    n = np.asarray(n, dtype=float)
    p = np.asarray(percent, dtype=float) / PERCENT_SCALE
    plain = proportion_ci(p * n, n, method=method, confidence_level=confidence_level, deff=deff)
    if method in MONOTONE_PROPORTION_METHODS:
        grid = np.stack([lo, hi]) / PERCENT_SCALE
    else:
        t = np.linspace(0.0, 1.0, ROUNDING_GRID_POINTS).reshape((-1,) + (1,) * lo.ndim)
        grid = (lo + t * (hi - lo)) / PERCENT_SCALE
    g_low, g_high = proportion_ci(
        grid * n,
        np.broadcast_to(n, grid.shape),
        method=method,
        confidence_level=confidence_level,
        deff=deff,
    )
    return widen(plain[0], plain[1], np.min(g_low, axis=0), np.max(g_high, axis=0))


class RoundingAwareSlope(NamedTuple):
    """The slope index of inequality made rounding-aware (arrays, proportions)."""

    sii: Any
    ci_low: Any
    ci_high: Any
    pvalue: Any


def rounding_aware_slope_index(
    p: Any,
    half_width: Any,
    n: Any,
    shares: Any,
    *,
    confidence_level: float = 0.95,
    deff: Any = 1.0,
) -> RoundingAwareSlope:
    """Slope index of inequality with a test and interval valid over the rounding box.

    Parameters
    ----------
    p : array_like
        Printed proportions, groups on the last axis (leading axes: e.g.
        replications).
    half_width : array_like
        Rounding half-widths of ``p`` (proportions, broadcast to ``p``).
    n, shares, confidence_level, deff
        As in :func:`migstats.slope_index`.

    Returns
    -------
    RoundingAwareSlope
        ``sii`` at the printed values; ``ci_low``, ``ci_high``: the union of
        the intervals over the rounding box; ``pvalue``: the two-sided Wald
        p-value at the box's least favourable point (1 when the box allows
        an SII of 0).

    Notes
    -----
    The SII is linear in the group proportions, ``SII = sum c_g p_g`` with
    ``sign(c_g) = sign(r_g - 1/2)`` (:func:`migstats.slope_index`), so over
    the box ``[p - h, p + h]`` it is smallest at ``p - sign(c) h`` and
    largest at ``p + sign(c) h``; those two corners give the union's limits,
    and the corner that moves the SII toward 0 gives the p-value.  The
    standard error varies across the box through ``p (1 - p)``, a
    *first-order* change (its derivative is ``1 - 2p``), so that corner is
    not the least favourable point in general: the exact maximum of the
    p-value over the box is :func:`migstats.slope_index_worst_pvalue`.  Hand-written because no
    library has a rounding-aware slope index.

    Examples
    --------
    >>> from migstats._tables import rounding_aware_slope_index
    >>> r = rounding_aware_slope_index([0.45, 0.36, 0.29], 0.005, [375, 525, 600],
    ...                                [0.25, 0.35, 0.40])
    >>> round(float(r.sii), 3), round(float(r.ci_low), 3), round(float(r.ci_high), 3)
    (-0.23, -0.336, -0.125)
    """
    from .._core import ridits, slope_index

    p = np.asarray(p, dtype=float)
    h = np.broadcast_to(np.asarray(half_width, dtype=float), p.shape)
    direction = np.sign(ridits(shares) - 0.5)
    kw = {"confidence_level": confidence_level, "deff": deff}
    plain = slope_index(p, n, shares, **kw)
    sii = np.asarray(plain.sii, dtype=float)
    low_at = np.clip(p - direction * h, 0.0, 1.0)
    high_at = np.clip(p + direction * h, 0.0, 1.0)
    low_res, high_res = slope_index(low_at, n, shares, **kw), slope_index(high_at, n, shares, **kw)
    low = np.minimum(np.asarray(low_res.sii_ci.low, float), np.asarray(plain.sii_ci.low, float))
    high = np.maximum(np.asarray(high_res.sii_ci.high, float), np.asarray(plain.sii_ci.high, float))
    straddles = (np.asarray(low_res.sii, float) <= 0) & (np.asarray(high_res.sii, float) >= 0)
    toward = np.where((sii > 0)[..., None], low_at, high_at)
    pvalue = np.asarray(slope_index(toward, n, shares, **kw).pvalue, dtype=float)
    pvalue = np.where(straddles, 1.0, np.maximum(pvalue, np.asarray(plain.pvalue, float)))
    return RoundingAwareSlope(sii, low, high, pvalue)
