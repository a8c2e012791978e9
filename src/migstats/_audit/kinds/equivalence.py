"""The ``no_difference`` and ``consensus`` claim kinds: a negligible gradient.

Two one-sided tests of the SII against the equivalence margin; consensus also
needs every group above the quantifier's lower bound (intersection-union).
"""

from __future__ import annotations

import numpy as np

from ..._base import z_critical
from ..._corpus import QuantifierRange, quantifier_range
from ..claim_context import ClaimContext, Prepared
from ..components import box_pvalues, level_test, sii, sii_box
from ..decide import Evidence, fmt, safe_z, within
from .gradient import gradient_measure
from .registry import registers


def prepare_equivalence(claim: dict, ctx: ClaimContext) -> Prepared:
    """``no_difference`` / ``consensus``: |SII| within the margin (and every group above)."""
    P, s = ctx.ordered_profile(claim, ctx.profile(claim)), ctx.settings
    gap, scale, name = gradient_measure(P.complete)
    consensus = claim["kind"] == "consensus"
    if consensus:
        q = quantifier_range(claim["quantifier"], quantifiers=ctx.quantifiers)
        floor = QuantifierRange(q.low, 100.0, "above", q.low_inclusive, True)
    zq = z_critical(s.alpha, "greater")

    def ev(pcts, n, deff, with_ci=True, box=None):
        r = sii(P, pcts[0], n, deff, s, gap)
        est = scale * np.asarray(r.sii, float)
        se = scale * np.asarray(r.sii_standard_error, float)
        p_s, p_c, z = within(safe_z(est + s.margin, se), safe_z(s.margin - est, se))
        if box is not None:
            p_s, p_c = tost_box(box[0], n, deff)
        t = Evidence(
            f"{name} of {P.label} (points)",
            est,
            est - zq * se,
            est + zq * se,
            np.full(np.shape(z), 1 - 2 * s.alpha),
            p_s,
            p_c,
            z,
            f"{name} {fmt(est)} points against the equivalence margin +/-{s.margin:g}",
        )
        if not consensus:
            return [t]
        levels = [
            side
            for i in range(len(P.groups))
            for side in level_test(
                pcts[0][i],
                n * P.n_frac[i],
                deff,
                floor,
                claim["quantifier"],
                P.groups[i],
                s,
                with_ci,
            )
        ]
        return [*levels, t]

    def tost_box(box, n, deff):
        """Proven upper bounds of the TOST p-values over the rounding box.

        Each side ``(margin +/- est) / se`` is a Wald ratio bounded by
        :func:`~..components.box_pvalues`; the support p-value is the larger
        side's bound, the contradiction p-value Bonferroni over the sides'
        bounds (as :func:`~..decide.within`).
        """
        b = sii_box(P, box, n, deff, s, gap)
        lo, hi = scale * b.sii_low, scale * b.sii_high
        se = (
            scale * b.least_variance.sii_standard_error,
            scale * b.most_variance.sii_standard_error,
        )
        ps_lo, pc_lo = box_pvalues(lo + s.margin, hi + s.margin, *se, tost=True)
        ps_hi, pc_hi = box_pvalues(s.margin - hi, s.margin - lo, *se, tost=True)
        return np.maximum(ps_lo, ps_hi), np.minimum(1.0, 2.0 * np.minimum(pc_lo, pc_hi))

    # the score tests of the groups are monotone; the TOST of the SII (last) is bounded
    ev.bounded = lambda count: [False] * (count - 1) + [True]
    m = f"equivalence test (two one-sided tests) of the {name} against +/- margin, Wald interval"
    if consensus:
        m = (
            "every group above the quantifier's lower bound (score tests, Wilson intervals) and "
            + m
            + " (intersection-union)"
        )
    if gap:
        m += "; only the extreme groups are published"
    if P.assumption:
        m += f"; assumption: {P.assumption}"
    return Prepared(claim, [P], ev, m)


registers("no_difference", "consensus")(prepare_equivalence)
