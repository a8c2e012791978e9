"""Comparison kinds (``difference``, ``time_trend``, ``urbanisation``): group a above group b.

Two-sample score tests of (pooled) shares with their Miettinen-Nurminen
intervals; the kinds share the ``"A>B"`` grammar (``COMPARISON_KINDS``).
"""

from __future__ import annotations

import numpy as np

from ..._corpus import COMPARISON_KINDS, parse_comparison
from ..claim_context import ClaimContext, Prepared
from ..components import diff_test
from .registry import registers


def prepare_comparison(claim: dict, ctx: ClaimContext) -> Prepared:
    """Comparison kinds: (pooled) group a higher than each (pooled) group b."""
    P, s = ctx.profile(claim), ctx.settings
    every = ctx.groups_of(claim["dimension"], P)
    comp = parse_comparison(claim["groups"], every)
    # "rest" pools every group of the dimension, so an unpublished one makes it untestable
    ctx.require_published(claim, P, [*comp.left, *(x for r in comp.right for x in r)])
    left = P.idx(comp.left)
    rights = [P.idx(r) for r in comp.right]

    def pooled(pct, n, ix):
        n_g = n[:, None] * P.n_frac[None, ix]
        # a weighted mean lies within its values: the clip removes round-off only
        x = pct[..., ix]
        mean = np.clip((n_g * x).sum(axis=1) / n_g.sum(axis=1), x.min(axis=-1), x.max(axis=-1))
        return mean, n_g.sum(axis=1)

    def ev(pcts, n, deff, with_ci=True, box=None):
        # monotone components (score tests): the engine searches the box
        pa, na = pooled(pcts[0], n, left)
        tests = []
        for r, names in zip(rights, comp.right, strict=True):
            pb, nb = pooled(pcts[0], n, r)
            label = "+".join(comp.left) + " minus " + "+".join(names)
            tests.append(diff_test(pa, na, pb, nb, deff, label, s, with_ci))
        return tests

    ev.stacks = True  # numbers stacked by point (group axis last)

    m = "two-sample score test (three-decision rule), Miettinen-Nurminen score interval"
    if any(len(x) > 1 for x in [left, *rights]):
        m += "; pooled groups weighted by group size"
    if len(rights) > 1:
        m += "; higher than each (intersection-union)"
    if P.assumption:
        m += f"; assumption: {P.assumption}"
    return Prepared(claim, [P], ev, m)


registers(*COMPARISON_KINDS)(prepare_comparison)
