"""The ``level`` claim kind: every named group's share in a quantifier's range.

One-sample score tests against the quantifier's bound(s), Wilson intervals.
"""

from __future__ import annotations

from ..._corpus import quantifier_range, split_list
from ..claim_context import ClaimContext, Prepared
from ..components import level_test
from .registry import registers


def prepare_level(claim: dict, ctx: ClaimContext) -> Prepared:
    """``level``: every named group's share against the quantifier's range."""
    P, s = ctx.profile(claim), ctx.settings
    q = quantifier_range(claim["quantifier"], quantifiers=ctx.quantifiers)
    groups = claim["groups"]
    names = list(P.groups) if groups == "all" else split_list(groups, ",")
    ctx.require_published(claim, P, names)
    ix = P.idx(names)

    def ev(pcts, n, deff, with_ci=True, box=None):
        # monotone components (one per group, two per group for a range):
        # the engine finds each one's least favourable corner of the rounding box
        return [
            side
            for i in ix
            for side in level_test(
                pcts[0][..., i],
                n * P.n_frac[i],
                deff,
                q,
                claim["quantifier"],
                P.groups[i],
                s,
                with_ci,
            )
        ]

    ev.stacks = True  # numbers stacked by point (group axis last)

    m = "one-sample score test"
    m += " (two one-sided tests)" if q.test == "within" else " (three-decision rule)"
    m += ", Wilson interval"
    if len(ix) > 1:
        m += "; every group must qualify (intersection-union)"
    return Prepared(claim, [P], ev, m)


registers("level")(prepare_level)
