"""The ``no_difference`` and ``consensus`` claim kinds: a negligible gradient.

Two one-sided tests of the SII against the equivalence margin (points on the
SII scale; the reason gives the margin's Cohen's h at the observed level);
consensus also needs every group above the quantifier's lower bound
(intersection-union).
"""

from __future__ import annotations

import numpy as np

from ..._base import z_critical
from ..._corpus import QuantifierRange, quantifier_range
from ..claim_context import ClaimContext, Prepared
from ..components import level_test, sii
from ..decide import Evidence, fmt, intersection_union, safe_z, within
from .gradient import gradient_measure
from .registry import registers


def margin_in_h(level: float, margin: float) -> str:
    """The SII margin's translation into Cohen's h at the observed level, in words.

    A slope index of ``margin`` points is a line whose two ends (ridit 0 and
    1) lie ``margin`` points apart; centred on the profile's mean ``level``
    (percent), :func:`migstats.margin_to_h` gives that gap's Cohen's h.
    """
    from ..._core import margin_to_h

    half = margin / 2.0
    if not (half <= level <= 100.0 - half):
        return f" (at the observed level {level:.0f}% no gap of {margin:g} points fits in 0-100%)"
    h = float(margin_to_h(level / 100.0, margin / 100.0))
    return f" (Cohen's h {h:.2f} between the ends of the scale at the observed level {level:.0f}%)"


def prepare_equivalence(claim: dict, ctx: ClaimContext) -> Prepared:
    """``no_difference`` / ``consensus``: |SII| within the margin (and every group above)."""
    P, s = ctx.ordered_profile(claim, ctx.profile(claim)), ctx.settings
    gap, scale, name = gradient_measure(P.complete)
    consensus = claim["kind"] == "consensus"
    if consensus:
        q = quantifier_range(claim["quantifier"], quantifiers=ctx.quantifiers)
        floor = QuantifierRange(q.low, 100.0, "above", q.low_inclusive, True)
    zq = z_critical(s.alpha, "greater")

    def ev(pcts, n, deff, with_ci=True):
        r = sii(P, pcts[0], n, deff, s, gap)
        est = scale * np.asarray(r.sii, float)
        se = scale * np.asarray(r.sii_standard_error, float)
        p_s, p_c, z = within(safe_z(est + s.margin, se), safe_z(s.margin - est, se))
        t = Evidence(
            f"{name} of {P.label} (points)",
            est,
            est - zq * se,
            est + zq * se,
            np.full(np.shape(z), 1 - 2 * s.alpha),
            p_s,
            p_c,
            z,
            f"{name} {fmt(est)} points against the equivalence margin +/-{s.margin:g}"
            + margin_in_h(float(P.shares @ pcts[0]), s.margin),
        )
        if not consensus:
            return t
        levels = [
            level_test(
                pcts[0][i],
                n * P.n_frac[i],
                deff,
                floor,
                claim["quantifier"],
                P.groups[i],
                s,
                with_ci,
            )
            for i in range(len(P.groups))
        ]
        return intersection_union([*levels, t])

    m = (
        f"equivalence test (two one-sided tests) of the {name} against +/- {s.margin:g} points "
        "(Cohen's h 0.2, 'small', at a level of 50%; its h at the observed level in the "
        "reason), Wald interval"
    )
    if consensus:
        m = (
            "every group above the quantifier's lower bound (score tests, Wilson intervals) and "
            + m
            + " (intersection-union)"
        )
    if gap:
        m += (
            "; only the extreme groups are published: their gap per unit of ridit span "
            "(gap_slope_index) stands in for the SII"
        )
    if P.assumption:
        m += f"; assumption: {P.assumption}"
    return Prepared(claim, [P], ev, m)


registers("no_difference", "consensus")(prepare_equivalence)
