"""The ``larger_gradient`` and ``small_difference`` claim kinds: one gradient against another.

The difference of absolute slope indices (``compare_gradient_results``).
"""

from __future__ import annotations

import numpy as np

from ..._corpus import split_list
from ..claim_context import ClaimContext, Prepared
from ..components import sii
from ..decide import Evidence, directional, fmt, intersection_union, safe_z
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

    def ev(pcts, n, deff, with_ci=True):
        a = sii(P, pcts[0], n, deff, s, gap)
        tests = []
        for ref, pr, pct in zip(refs, R, pcts[1:], strict=True):
            b = sii(pr, pct, n, deff, s, gap)
            c = compare_gradient_results(a, b, confidence_level=1 - s.alpha)
            est = np.asarray(c.abs_estimate, float)
            z = sign * safe_z(est, c.abs_standard_error[s.scenario])
            p_s, p_c = directional(z)
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
        return intersection_union(tests)

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
