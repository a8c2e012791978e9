"""The ``gradient`` claim kind: the sign of the slope index of inequality.

Also owns the gradient measure a profile allows (SII, or the extreme-group
gap when only the extreme groups are published), shared by the gradient kinds.

Claims of this kind are evaluated claim by claim (no
:class:`~..claim_context.Kernel`; their points and rounding corners are
still one array pass, ``stacks``): the test's one component is a Wald ratio
whose p-values are bounded over the rounding box, and the kernel protocol
carries no box; the bound (:func:`migstats._core.slope_index_box`) also
takes one set of population shares per call, where claims on different
groupings have different shares and numbers of groups.
"""

from __future__ import annotations

import numpy as np

from ..claim_context import ClaimContext, Prepared
from ..components import box_pvalues, sii, sii_box, zero_variance_note
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
        # safe_z, not r.statistic: NaN where every group is at 0% or 100% (SE 0)
        z = sign * safe_z(r.sii, r.sii_standard_error)
        p_s, p_c = directional(z)
        if box is not None:
            # a Wald ratio whose standard error moves with the shares: the
            # proven bound of its p-values over the rounding box
            b = sii_box(P, box[0], n, deff, s, gap)
            low, high = (b.sii_low, b.sii_high) if sign > 0 else (-b.sii_high, -b.sii_low)
            se = (b.least_variance.sii_standard_error, b.most_variance.sii_standard_error)
            p_s, p_c = box_pvalues(low, high, *se)
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
    m = "slope index of inequality (Wald), three-decision rule"
    if gap:
        m += (
            "; only the extreme groups are published: their gap per unit of ridit span "
            "(gap_slope_index) stands in for the SII"
        )
    if P.assumption:
        m += f"; assumption: {P.assumption}"
    return Prepared(claim, [P], ev, m)


registers("gradient")(prepare_gradient)
