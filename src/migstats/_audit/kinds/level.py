"""The ``level`` claim kind: every named group's share in a quantifier's range.

One-sample score tests against the quantifier's bound(s), Wilson intervals;
claims of the kind with the same test and number of groups are evaluated
together (:func:`level_rows`, the kind's kernel).
"""

from __future__ import annotations

import functools

import numpy as np

from ..._base import tile_blocks
from ..._corpus import split_list
from ..claim_context import ClaimContext, Kernel, Prepared
from ..components import level_pvalues, level_test
from .registry import registers


def level_rows(test: str, pct, n_eff, low, high) -> list[tuple]:
    """Every group's components (:func:`~..components.level_pvalues`), over rows.

    ``pct``, ``n_eff``: (rows, groups); ``low``, ``high``: the quantifier's
    bounds per row.  The kernel of the ``level`` kind: group by group, the
    sides of a range within each group, as its evaluate function orders them.
    """
    rows, groups = pct.shape
    # every group's rows in one call (the tests are elementwise), then group by group
    flat = level_pvalues(
        pct.T.ravel(), n_eff.T.ravel(), tile_blocks(low, groups), tile_blocks(high, groups), test
    )
    return [
        tuple(x[j * rows : (j + 1) * rows] for x in part) for j in range(groups) for part in flat
    ]


def level_kernel(P, ix: list, q) -> Kernel:
    """The kernel of the groups ``ix`` of profile ``P`` against the range ``q`` (level_test's)."""

    def inputs(pcts, n, deff):
        rows = n.size
        n_eff = n[:, None] * P.n_frac[None, ix] / deff[:, None]
        return pcts[0][:, ix], n_eff, np.full(rows, q.low), np.full(rows, q.high)

    per_group = 2 if q.test == "within" else 1  # a range's two sides
    rows = functools.partial(level_rows, q.test)
    return Kernel(("level", q.test, len(ix)), inputs, rows, count=per_group * len(ix))


def prepare_level(claim: dict, ctx: ClaimContext) -> Prepared:
    """``level``: every named group's share against the quantifier's range."""
    P, s = ctx.profile(claim), ctx.settings
    q = ctx.quantifier(claim["quantifier"])
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
    ev.kernel = level_kernel(P, ix, q)

    m = "one-sample score test"
    m += " (two one-sided tests)" if q.test == "within" else " (three-decision rule)"
    m += ", Wilson interval"
    if len(ix) > 1:
        m += "; every group must qualify (intersection-union)"
    return Prepared(claim, [P], ev, m)


registers("level")(prepare_level)
