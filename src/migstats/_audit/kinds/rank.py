"""The ``rank`` claim kind: the group's share is the highest (or lowest).

An intersection-union test over the pairwise score tests (Berger 1982);
its kernel is that of the comparison kinds (claims evaluated together).
"""

from __future__ import annotations

import numpy as np

from ..._corpus import split_list
from ..claim_context import ClaimContext, Prepared
from ..components import diff_test
from .comparison import comparison_kernel
from .registry import registers


def prepare_rank(claim: dict, ctx: ClaimContext) -> Prepared:
    """``rank``: the group's share is the highest (or lowest) of the dimension's groups.

    An intersection-union test (Berger 1982) over the pairwise differences,
    as for "higher than each" comparisons: supported when the group is
    significantly above (below) every other group, contradicted when some
    other group is significantly above (below) it.  The groups compared are
    those of ``reference`` or, if empty, every group of the dimension; an
    unpublished one makes the claim untestable.
    """
    P, s = ctx.profile(claim), ctx.settings
    q = ctx.quantifier(claim["quantifier"])
    me = claim["groups"]
    others = split_list(claim["reference"]) or [
        g for g in ctx.groups_of(claim["dimension"], P) if g != me
    ]
    ctx.require_published(claim, P, [me, *others])
    i, js = P.idx([me])[0], P.idx(others)
    # the pairs compared, each as (group above, group below)
    pairs = [(i, j) if q.test == "highest" else (j, i) for j in js]
    a, b = (list(x) for x in zip(*pairs, strict=True))

    def ev(pcts, n, deff, with_ci=True, box=None):
        # monotone components (score tests): the engine searches the box
        n_g = n[:, None] * P.n_frac[None, :]
        pct = np.broadcast_to(pcts[0], n_g.shape)
        tests = []
        for x, y in pairs:
            label = f"{P.groups[x]} minus {P.groups[y]}"
            tests.append(
                diff_test(pct[:, x], n_g[:, x], pct[:, y], n_g[:, y], deff, label, s, with_ci)
            )
        return tests

    ev.stacks = True  # numbers stacked by point (group axis last)

    def inputs(pcts, n, deff):
        n_g = n[:, None] * P.n_frac[None, :]
        return pcts[0][:, a], n_g[:, a], pcts[0][:, b], n_g[:, b], deff

    ev.kernel = comparison_kernel(inputs, len(js))  # pairwise comparisons
    m = (
        f"two-sample score tests of {me} against each other group "
        f"({q.test}: intersection-union), Miettinen-Nurminen score intervals"
    )
    if P.assumption:
        m += f"; assumption: {P.assumption}"
    return Prepared(claim, [P], ev, m)


registers("rank")(prepare_rank)
