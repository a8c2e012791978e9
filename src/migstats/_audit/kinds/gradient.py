"""The ``gradient`` claim kind: the sign of the slope index of inequality.

Also owns the gradient measure a profile allows (SII, or the extreme-group
gap when only the extreme groups are published), shared by the gradient kinds.

The claims of this kind are evaluated together (a ``boxed``
:class:`~..claim_context.Kernel`, :func:`slope_rows`): the claims
whose profiles have the same slope-index form (population shares and
group sizes, :class:`~..components.SlopeForm`) and direction are one
call; the test's one component is a Wald ratio whose p-values at the
published numbers are its bound over the rounding box.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ..claim_context import ClaimContext, Kernel, Prepared
from ..components import (
    SlopeForm,
    box_ends,
    box_pvalues,
    over_box_rows,
    sii,
    sii_at,
    sii_box,
    sii_box_at,
    zero_variance_note,
)
from ..decide import Evidence, directional, fmt, safe_z
from .registry import registers


def gradient_measure(complete: bool) -> tuple[bool, float, str]:
    """``(gap, scale, name)`` of the gradient measure a profile allows.

    With every group published: the SII in points (scale 100).  With only
    the extreme groups: the SII their gap stands in for, the gap per unit
    of ridit span (:func:`migstats.gap_slope_index`), in points (scale 100).
    """
    gap = not complete
    return gap, 100.0, ("gap-based SII" if gap else "SII")


def prepare_gradient(claim: dict, ctx: ClaimContext) -> Prepared:
    """``gradient``: the sign of the slope index of inequality (or extreme-group gap)."""
    P, s = ctx.ordered_profile(claim, ctx.profile(claim)), ctx.settings
    sign = 1.0 if claim["groups"] == "increasing" else -1.0
    gap, scale, name = gradient_measure(P.complete)

    def ev(pcts, n, deff, with_ci=True, box=None):
        r = sii(P, pcts[0], n, deff, s, gap)
        p_s, p_c, z = sign_pvalues(r, sign)
        if box is not None:
            # a Wald ratio whose standard error moves with the shares: the
            # proven bound of its p-values over the rounding box
            p_s, p_c = sign_over_box(sii_box(P, box[0], n, deff, s, gap), sign)
        est = scale * np.asarray(r.sii, float)
        return Evidence(
            f"{name} of {P.label} (points)",
            est,
            scale * np.asarray(r.sii_ci[0], float),
            scale * np.asarray(r.sii_ci[1], float),
            np.full(np.shape(z), 1 - s.alpha),
            p_s,
            p_c,
            z,
            f"{name} {fmt(est)} points across {claim['dimension']} ({claim['groups']} claimed)"
            + zero_variance_note(r.sii_standard_error),
        )

    ev.bounded = (True,)  # a Wald ratio: its p-values are bounded over the box
    ev.stacks = True  # numbers stacked by point (group axis last)
    form = SlopeForm.of(P)
    ev.kernel = slope_kernel(
        SlopeSpec(form, gap, float(s.alpha), sign_pvalues, sign_over_box, sign)
    )
    m = "slope index of inequality (Wald), three-decision rule"
    if gap:
        m += (
            "; only the extreme groups are published: their gap per unit of ridit span "
            "(gap_slope_index) stands in for the SII"
        )
    if P.assumption:
        m += f"; assumption: {P.assumption}"
    return Prepared(claim, [P], ev, m)


def sign_pvalues(r, sign: float) -> tuple:
    """``(pvalue_support, pvalue_contradict, z)`` of the sign ``sign`` of the slope index ``r``.

    ``safe_z``, not ``r.statistic``: NaN where every group is at 0% or 100% (SE 0).
    """
    z = sign * safe_z(r.sii, r.sii_standard_error)
    return (*directional(z), z)


def sign_over_box(b, sign: float) -> tuple:
    """The bounds of those p-values over the rounding box (``b``: :func:`~..components.sii_box`)."""
    low, high = (b.sii_low, b.sii_high) if sign > 0 else (-b.sii_high, -b.sii_low)
    se = (b.least_variance.sii_standard_error, b.most_variance.sii_standard_error)
    return box_pvalues(low, high, *se)


class SlopeSpec(NamedTuple):
    """A one-profile test of the slope index, as its kernel's key (:func:`slope_kernel`).

    The profile's slope-index form, whether the extreme groups' gap stands
    in, the error rate, and the test: ``pvalues(r, param)`` gives
    ``(pvalue_support, pvalue_contradict, z)`` of the slope index ``r``,
    ``over_box(b, param)`` their bounds over the rounding box (``param``:
    the claimed sign, or the equivalence margin).
    """

    form: SlopeForm
    gap: bool
    alpha: float
    pvalues: Callable
    over_box: Callable
    param: float


def slope_kernel(spec: SlopeSpec) -> Kernel:
    """The boxed kernel of a one-profile slope-index test: claims of the same spec together."""
    return Kernel(
        ("slope", spec), _inputs, functools.partial(slope_rows, spec), boxed=True, count=1
    )


def _inputs(pcts, n, deff, box, at_box) -> tuple:
    """The kernel's rows: numbers, points, the box's ends (NaN without one) and ``at_box``."""
    low, high = box_ends(pcts, box)[0]
    return pcts[0], n, deff, low, high, at_box


def slope_rows(spec: SlopeSpec, pct, n, deff, low, high, at_box) -> list[tuple]:
    """The test's one component over the rows (the kernel), as the kind's evaluate function.

    At the rows ``at_box`` (the published numbers) the bound over the
    rounding box, elsewhere the p-values at the rows' numbers.
    """
    r = sii_at(spec.form, pct, n, deff, spec.alpha, spec.gap)
    p_s, p_c, z = spec.pvalues(r, spec.param)

    def bound(i: np.ndarray) -> tuple:
        b = sii_box_at(spec.form, (low[i], high[i]), n[i], deff[i], spec.alpha, spec.gap)
        return spec.over_box(b, spec.param)

    return [(*over_box_rows(p_s, p_c, at_box, bound), z)]


registers("gradient")(prepare_gradient)
