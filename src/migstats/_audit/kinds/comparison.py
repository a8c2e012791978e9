"""Comparison kinds (``difference``, ``time_trend``, ``urbanisation``): group a above group b.

Two-sample score tests of (pooled) shares with their Miettinen-Nurminen
intervals; the kinds share the ``"A>B"`` grammar (``COMPARISON_KINDS``).
Claims with the same number of comparisons are evaluated together
(:func:`comparison_rows`, the kinds' kernel).
"""

from __future__ import annotations

import numpy as np

from ..._base import tile_blocks
from ..._corpus import COMPARISON_KINDS, parse_comparison
from ..claim_context import ClaimContext, Kernel, Prepared
from ..components import diff_interval, diff_pvalues, diff_test, pooled_share
from .registry import registers


def comparison_rows(pa, na, pb, nb, deff) -> list[tuple]:
    """Each comparison's components (:func:`~..components.diff_pvalues`), over rows.

    ``pa``, ``na``, ``pb``, ``nb``: (rows, comparisons), share a minus share
    b in each column; ``deff`` per row.  The kernel of the comparison kinds
    and of ``rank`` (its pairwise comparisons).
    """
    rows, r = pb.shape
    # every comparison's rows in one call (the test is elementwise), then column by column
    flat = diff_pvalues(*(x.T.ravel() for x in (pa, na, pb, nb)), tile_blocks(deff, r))
    return [tuple(x[j * rows : (j + 1) * rows] for x in flat) for j in range(r)]


def comparison_intervals(pa, na, pb, nb, deff) -> tuple:
    """Every comparison's score interval over the rows: ``(diff_interval, its rows)``.

    The rows of :func:`comparison_rows`, one comparison after another;
    those whose effective total is at most 1 have no interval
    (:func:`~..components.diff_test`) and are left out.  The audit computes
    them with every other claim's in one call of
    :func:`~..components.diff_interval`, into its cache.
    """
    a, m, b, mb = (x.T.ravel() for x in (pa, na, pb, nb))
    d = tile_blocks(deff, pb.shape[1])
    ok = (m + mb) / d > 1.0
    return diff_interval, (a[ok], m[ok], b[ok], mb[ok], d[ok])


def comparison_kernel(inputs, r: int) -> Kernel:
    """The kernel of a claim of ``r`` comparisons whose rows ``inputs`` gives."""
    return Kernel(("comparison", r), inputs, comparison_rows, comparison_intervals, count=r)


def prepare_comparison(claim: dict, ctx: ClaimContext) -> Prepared:
    """Comparison kinds: (pooled) group a higher than each (pooled) group b."""
    P, s = ctx.profile(claim), ctx.settings
    every = ctx.groups_of(claim["dimension"], P)
    comp = parse_comparison(claim["groups"], every)
    # "rest" pools every group of the dimension, so an unpublished one makes it untestable
    ctx.require_published(claim, P, [*comp.left, *(x for r in comp.right for x in r)])
    left = P.idx(comp.left)
    rights = [P.idx(r) for r in comp.right]

    def ev(pcts, n, deff, with_ci=True, box=None):
        # monotone components (score tests): the engine searches the box
        pa, na = pooled_share(P, pcts[0], n, left)
        tests = []
        for r, names in zip(rights, comp.right, strict=True):
            pb, nb = pooled_share(P, pcts[0], n, r)
            label = "+".join(comp.left) + " minus " + "+".join(names)
            tests.append(diff_test(pa, na, pb, nb, deff, label, s, with_ci))
        return tests

    ev.stacks = True  # numbers stacked by point (group axis last)

    def inputs(pcts, n, deff):
        pa, na = pooled_share(P, pcts[0], n, left)
        pb, nb = zip(*(pooled_share(P, pcts[0], n, r) for r in rights), strict=True)
        r = len(rights)
        return (
            np.repeat(pa[:, None], r, axis=1),  # np.tile of a column, faster
            np.repeat(na[:, None], r, axis=1),
            *map(np.column_stack, (pb, nb)),
            deff,
        )

    ev.kernel = comparison_kernel(inputs, len(rights))

    m = "two-sample score test (three-decision rule), Miettinen-Nurminen score interval"
    if any(len(x) > 1 for x in [left, *rights]):
        m += "; pooled groups weighted by group size"
    if len(rights) > 1:
        m += "; higher than each (intersection-union)"
    if P.assumption:
        m += f"; assumption: {P.assumption}"
    return Prepared(claim, [P], ev, m)


registers(*COMPARISON_KINDS)(prepare_comparison)
