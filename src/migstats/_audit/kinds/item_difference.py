"""The ``item_difference`` claim kind: two items answered by the same respondents."""

from __future__ import annotations

import numpy as np

from ..._base import invalid_value, z_critical
from ..._corpus import split_list
from ..claim_context import ClaimContext, Prepared
from ..decide import Evidence, directional, intersection_union, safe_z
from ..fast import paired_se
from .registry import registers


def prepare_item_difference(claim: dict, ctx: ClaimContext) -> Prepared:
    """``item_difference``: items answered by the same respondents (higher than each reference)."""
    P, s = ctx.profile(claim), ctx.settings
    refs = split_list(claim["reference"])
    R = [ctx.profile(claim, item=r) for r in refs]
    if len(P.groups) != 1 or any(len(x.groups) != 1 for x in R):
        raise invalid_value("groups", "a single group for item_difference", claim["groups"])
    zc = z_critical(s.alpha)

    def one(p1, pct, ref, n_eff):
        p2 = pct[0] / 100.0
        se = paired_se(p1, p2, n_eff, s.scenario)
        est = np.full(np.shape(n_eff), p1 - p2)
        z = safe_z(est, se)
        p_s, p_c = directional(z)
        return Evidence(
            f"{claim['item']} minus {ref} (points)",
            100 * est,
            100 * (est - zc * se),
            100 * (est + zc * se),
            np.full(np.shape(z), 1 - s.alpha),
            p_s,
            p_c,
            z,
            f"{claim['item']} {100 * p1:.1f}% vs {ref} {100 * p2:.1f}%",
        )

    def ev(pcts, n, deff, with_ci=True):
        p1, n_eff = pcts[0][0] / 100.0, n * P.n_frac[0] / deff
        return intersection_union(
            [one(p1, pct, ref, n_eff) for ref, pct in zip(refs, pcts[1:], strict=True)]
        )

    m = (
        f"z test for two items answered by the same respondents ({s.scenario} "
        "correlation), three-decision rule, Wald interval"
    )
    if len(refs) > 1:
        m += "; against each reference (intersection-union)"
    return Prepared(claim, [P, *R], ev, m)


registers("item_difference")(prepare_item_difference)
