"""The ``larger_gradient`` and ``small_difference`` claim kinds: one gradient against another.

The difference of absolute slope indices (``compare_gradient_results``).
Over the rounding box the p-values are the proven bounds of
:func:`~..components.box_pvalues`: ``|SII_a| - |SII_b|`` ranges over
``[min|a| - max|b|, max|a| - min|b|]`` (each absolute value's range from
the slope index's exact range, :func:`migstats._core.slope_index_box`)
and its standard error between its values at the profiles of least and
most variance (both scenarios' standard errors, ``se_a + se_b`` and
``hypot(se_a, se_b)``, grow with each of ``se_a``, ``se_b``).  An upper
bound, not an exact search.
"""

from __future__ import annotations

import numpy as np

from ..._corpus import split_list
from ..claim_context import ClaimContext, Prepared
from ..components import box_pvalues, sii, sii_box
from ..decide import Evidence, directional, fmt, safe_z
from .gradient import gradient_measure
from .registry import registers


def prepare_gradient_comparison(claim: dict, ctx: ClaimContext) -> Prepared:
    """``larger_gradient`` / ``small_difference``: |SII| against each reference's |SII|."""
    from ..._core import compare_gradient_results

    P, s = ctx.ordered_profile(claim, ctx.profile(claim)), ctx.settings
    refs = split_list(claim["reference"])
    dimensions = set(ctx.tables["dimension"])
    R = [
        ctx.ordered_profile(claim, ctx.profile(claim, dimension=r), r)
        if r in dimensions
        else ctx.ordered_profile(claim, ctx.profile(claim, item=r))
        for r in refs
    ]

    gap, scale, name = gradient_measure(P.complete and all(x.complete for x in R))
    sign = 1.0 if claim["kind"] == "larger_gradient" else -1.0

    def abs_range(b):
        """Range of |SII| over the box from the SII's range."""
        lo, hi = np.asarray(b.sii_low, float), np.asarray(b.sii_high, float)
        top = np.maximum(np.abs(lo), np.abs(hi))
        return np.where((lo <= 0) & (hi >= 0), 0.0, np.minimum(np.abs(lo), np.abs(hi))), top

    def bound(box_a, box_b, pr, n, deff):
        """Proven bounds of the p-values of ``sign (|a| - |b|) / se`` over the box."""
        ba, bb = sii_box(P, box_a, n, deff, s, gap), sii_box(pr, box_b, n, deff, s, gap)
        (a_lo, a_hi), (b_lo, b_hi) = abs_range(ba), abs_range(bb)
        low, high = a_lo - b_hi, a_hi - b_lo
        if sign < 0:
            low, high = -high, -low
        se = [
            compare_gradient_results(x, y, confidence_level=1 - s.alpha).abs_standard_error[
                s.scenario
            ]
            for x, y in (
                (ba.least_variance, bb.least_variance),
                (ba.most_variance, bb.most_variance),
            )
        ]
        return box_pvalues(low, high, *se)

    def ev(pcts, n, deff, with_ci=True, box=None):
        a = sii(P, pcts[0], n, deff, s, gap)
        tests = []
        for k, (ref, pr, pct) in enumerate(zip(refs, R, pcts[1:], strict=True)):
            b = sii(pr, pct, n, deff, s, gap)
            c = compare_gradient_results(a, b, confidence_level=1 - s.alpha)
            est = np.asarray(c.abs_estimate, float)
            z = sign * safe_z(est, c.abs_standard_error[s.scenario])
            p_s, p_c = directional(z)
            if box is not None:
                p_s, p_c = bound(box[0], box[k + 1], pr, n, deff)
            ci = c.confidence_interval(s.scenario, scale="absolute")
            tests.append(
                Evidence(
                    f"|{name}| of {P.label} minus |{name}| of {pr.label} (points)",
                    scale * est,
                    scale * np.asarray(ci[0], float),
                    scale * np.asarray(ci[1], float),
                    np.full(np.shape(z), 1 - s.alpha),
                    p_s,
                    p_c,
                    z,
                    f"|{name}| {fmt(scale * np.abs(a.sii))} vs {fmt(scale * np.abs(b.sii))} "
                    f"points (reference: {ref})",
                )
            )
        return tests

    ev.bounded = lambda count: [True] * count  # Wald ratios, bounded over the box
    m = (
        f"difference of absolute {name}s (compare_gradient_results, {s.scenario} correlation), "
        "three-decision rule, Wald interval"
    )
    if len(refs) > 1:
        m += "; against each reference (intersection-union)"
    if gap:
        m += "; some groups unpublished: extreme-group gaps compared"
    return Prepared(claim, [P, *R], ev, m)


registers("larger_gradient", "small_difference")(prepare_gradient_comparison)
