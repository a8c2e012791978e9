"""A profile's gradient over the rounding box of its printed numbers.

This module owns :class:`GradientCorners` (a profile's
:func:`migstats.gradient_from_proportions` as printed and at the two corners
of its rounding box, with the slope index's p-value bound over the box),
:func:`gradient_corners`, which computes them, and :func:`aware_gradient`,
which makes one rounding-aware gradient of them: the intervals' union over
the corners, the p-values at the corner nearer to no gradient.
"""

from __future__ import annotations

import dataclasses
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .._core import PERCENT_SCALE, quotient_range, slope_index_box
from .context import TableContext

__all__ = ["GradientCorners", "aware_gradient", "gradient_corners"]


class GradientCorners(NamedTuple):
    """A profile's gradient as printed and at the two corners of its rounding box."""

    printed: Any
    low: Any  # every group moved to the end of its box that lowers the SII
    high: Any  # ... that raises it
    sii_pvalue: float = float("nan")  # the SII's p-value bound over the box (NaN: not aware)


def gradient_corners(
    ctx: TableContext,
    prof: pd.DataFrame,
    dimension: str,
    n: int,
    deff: float,
    aware: bool,
    logistic: bool = True,
) -> GradientCorners:
    """gradient_from_proportions of one complete profile (rows in group order), and its corners.

    The SII, the extreme-group gap and the trend statistic all grow with the
    upper groups' and shrink with the lower groups' proportions (the groups
    above and below the middle ridit), so the box's two corners
    ``p -+ sign(r - 1/2) h`` bound them (see :func:`rounding_aware_slope_index`).
    """
    from .._core import gradient_from_proportions, ridits

    order = prof["group"].tolist()
    shares = ctx.require_shares(dimension, order)
    sizes = ctx.variance_sizes(dimension, order, n)

    def at(p):
        return gradient_from_proportions(
            p,
            sizes,
            shares,
            groups=order,
            confidence_level=ctx.confidence_level,
            deff=deff,
            logistic=logistic,
        )

    printed = at(prof["percent"].to_numpy(dtype=float) / PERCENT_SCALE)
    if not aware:
        return GradientCorners(printed, None, None)
    lo, hi = ctx.true_intervals(prof, ctx.group_sizes(dimension, order, n))
    up = np.sign(ridits(shares) - 0.5) > 0
    down = np.sign(ridits(shares) - 0.5) < 0
    p = prof["percent"].to_numpy(dtype=float)
    p_low = np.where(up, lo, np.where(down, hi, p)) / PERCENT_SCALE
    p_high = np.where(up, hi, np.where(down, lo, p)) / PERCENT_SCALE
    box = slope_index_box(
        np.asarray(lo, float) / PERCENT_SCALE,
        np.asarray(hi, float) / PERCENT_SCALE,
        sizes,
        shares,
        confidence_level=ctx.confidence_level or 0.95,
        deff=deff,
    )
    z_min, z_max = quotient_range(
        box.sii_low,
        box.sii_high,
        box.least_variance.sii_standard_error,
        box.most_variance.sii_standard_error,
    )
    # two-sided: the smallest |z| over the box (0 where its range holds 0)
    z_near = 0.0 if z_min <= 0 <= z_max else min(abs(float(z_min)), abs(float(z_max)))
    from scipy import special  # here, not at import: scipy.special alone costs about 0.15 s

    return GradientCorners(printed, at(p_low), at(p_high), float(2.0 * special.ndtr(-z_near)))


def _union(plain: Any, low: Any, high: Any) -> Any:
    """The union of three intervals (ConfidenceInterval)."""
    from .._base import ConfidenceInterval

    return ConfidenceInterval(
        float(min(plain.low, low.low, high.low)), float(max(plain.high, low.high, high.high))
    )


def _toward_zero(g: GradientCorners, part: str, estimate: str) -> float:
    """p-value of ``g.<part>`` at the corner nearer to no gradient (1 when the box allows none).

    ``estimate`` names the field of ``part`` whose sign is the gradient's
    direction (``sii``, ``z``, ``estimate``).
    """
    est, lo, hi = (float(getattr(getattr(x, part), estimate)) for x in g[:3])
    if lo <= 0 <= hi:
        return 1.0
    plain, p_lo, p_hi = (float(getattr(x, part).pvalue) for x in g[:3])
    return max(plain, p_lo if est > 0 else p_hi)


def aware_gradient(g: GradientCorners) -> Any:
    """The printed gradient with intervals and p-values that hold over the rounding box.

    Intervals (gap, SII, RII, logistic slope) are the union over the printed
    profile and the box's two corners; the trend and logistic p-values are
    taken at the corner nearer to no gradient (1 if the box allows none), as
    in :func:`migstats.compare`; the SII's, whose standard error moves with
    the shares to first order, is the proven bound over the whole box
    (:func:`migstats._core.slope_index_box`, as the audit's gradient claims).
    """
    if g.low is None:
        return g.printed
    a, lo, hi = g.printed, g.low, g.high
    ineq = dataclasses.replace(
        a.inequality,
        sii_ci=_union(a.sii_ci, lo.sii_ci, hi.sii_ci),
        rii_ci=_union(a.rii_ci, lo.rii_ci, hi.rii_ci),
        # a Wald ratio whose standard error moves with the shares: the proven
        # bound over the box (slope_index_box, quotient_range), as the audit's
        pvalue=max(float(a.inequality.pvalue), g.sii_pvalue),
    )
    trend = dataclasses.replace(a.trend, pvalue=_toward_zero(g, "trend", "z"))
    logit = dataclasses.replace(
        a.logistic,
        confidence_interval=_union(
            a.logistic.confidence_interval,
            lo.logistic.confidence_interval,
            hi.logistic.confidence_interval,
        ),
        pvalue=_toward_zero(g, "logistic", "estimate"),
    )
    return dataclasses.replace(
        a,
        gap_ci=_union(a.gap_ci, lo.gap_ci, hi.gap_ci),
        trend=trend,
        logistic=logit,
        inequality=ineq,
    )
