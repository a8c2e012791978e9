"""The ``item_difference`` claim kind: two items answered by the same respondents.

The standard error of the difference is :func:`migstats.paired_difference`'s:
the largest the two published shares allow (Fréchet 1951), unless
``audit(gradient_correlation=...)`` fixes the correlation at 0 or -1.

The statistic is a Wald ratio ``(p1 - p2) / se`` whose standard error moves
with the shares; over the rounding box its p-values are the proven bounds
of :func:`~..components.box_pvalues`: the difference ranges over ``[p1_low -
p2_high, p1_high - p2_low]``, and every scenario's standard error lies
between ``hypot(se1, se2)`` (each covariance it uses is at most 0) and ``se1
+ se2`` (correlation -1), each share's ``se`` being smallest at the end of
its interval farthest from 1/2 and largest at the point nearest 1/2.

The claims of this kind are evaluated together, one part per reference
(:class:`~..claim_context.KernelPart`, a ``boxed`` kernel,
:func:`paired_rows`): each comparison's p-values at the published numbers
are its bound over the rounding box.
"""

from __future__ import annotations

import functools

import numpy as np

from ..._base import invalid_value, z_critical
from ..._corpus import split_list
from ..claim_context import ClaimContext, Kernel, KernelPart, Prepared
from ..components import box_ends, box_pvalues, over_box_rows
from ..decide import Evidence, directional, fmt, safe_z
from ..fast import paired_se
from .registry import registers

#: The covariance of the two shares each correlation scenario uses, in words.
CORRELATION_TEXT = {
    "positive_quadrant": (
        "paired_difference: the largest variance the two published shares allow, at the "
        "Fréchet lower bound of the share answering yes to both; no assumption"
    ),
    "independent": "independence assumed",
    "worst_case": "correlation -1 assumed: se1 + se2",
}
CORRELATION_TEXT["margins"] = CORRELATION_TEXT["positive_quadrant"]


def prepare_item_difference(claim: dict, ctx: ClaimContext) -> Prepared:
    """``item_difference``: items answered by the same respondents (higher than each reference)."""
    P, s = ctx.profile(claim), ctx.settings
    refs = split_list(claim["reference"])
    R = [ctx.profile(claim, item=r) for r in refs]
    if len(P.groups) != 1 or any(len(x.groups) != 1 for x in R):
        raise invalid_value(
            "dimension",
            "a dimension published as one group (such as 'total') for item_difference",
            claim["dimension"],
        )
    zc = z_critical(s.alpha)

    def one(p1, pct, ref, n_g, deff, boxes):
        p2 = pct[..., 0] / 100.0
        se = paired_se(p1, p2, n_g, deff, s.scenario)
        est = np.broadcast_to(np.asarray(p1 - p2, float), np.shape(n_g)).astype(float)
        p_s, p_c, z = paired_pvalues(p1, p2, n_g, deff, s.scenario)
        if boxes is not None:
            p_s, p_c = paired_over_box(*boxes, n_g, deff)
        return Evidence(
            f"{claim['item']} minus {ref} (points)",
            100 * est,
            100 * (est - zc * se),
            100 * (est + zc * se),
            np.full(np.shape(z), 1 - s.alpha),
            p_s,
            p_c,
            z,
            f"{claim['item']} {fmt(100 * p1)}% vs {ref} {fmt(100 * p2)}%",
        )

    def ev(pcts, n, deff, with_ci=True, box=None):
        p1, n_g = pcts[0][..., 0] / 100.0, n * P.n_frac[0]
        return [
            one(p1, pct, ref, n_g, deff, None if box is None else (box[0], box[k + 1]))
            for k, (ref, pct) in enumerate(zip(refs, pcts[1:], strict=True))
        ]

    ev.bounded = lambda count: [True] * count  # Wald ratios, bounded over the box
    ev.stacks = True  # numbers stacked by point (group axis last)
    kernel = Kernel(
        ("item_difference", float(P.n_frac[0]), s.scenario),
        _inputs,
        functools.partial(paired_rows, float(P.n_frac[0]), s.scenario),
        boxed=True,
        count=1,
    )
    ev.parts = tuple(KernelPart(kernel, (0, k + 1), 1) for k in range(len(refs)))

    m = f"z test for two items answered by the same respondents ({CORRELATION_TEXT[s.scenario]})"
    m += ", three-decision rule, Wald interval"
    if len(refs) > 1:
        m += "; against each reference (intersection-union)"
    return Prepared(claim, [P, *R], ev, m)


def paired_pvalues(p1, p2, n_g, deff, scenario: str) -> tuple:
    """``(pvalue_support, pvalue_contradict, z)`` of ``p1 > p2``, shares of one sample."""
    se = paired_se(p1, p2, n_g, deff, scenario)
    est = np.broadcast_to(np.asarray(p1 - p2, float), np.shape(n_g)).astype(float)
    z = safe_z(est, se)
    return (*directional(z), z)


def paired_over_box(b1, b2, n_g, deff) -> tuple:
    """Proven bounds of those p-values over the rounding boxes ``b1``, ``b2`` (percent).

    (Boxes may be stacked by point: one row per point.)
    """
    (l1, h1), (l2, h2) = ((b[0][..., 0] / 100.0, b[1][..., 0] / 100.0) for b in (b1, b2))
    ends = ((l1, h1), (l2, h2))
    far = [np.where(np.abs(lo - 0.5) > np.abs(hi - 0.5), lo, hi) for lo, hi in ends]
    near = [np.minimum(np.maximum(0.5, lo), hi) for lo, hi in ends]
    se_low = paired_se(*far, n_g, deff, "independent")
    se_high = paired_se(*near, n_g, deff, "worst_case")
    shape = np.shape(n_g)
    return box_pvalues(
        np.broadcast_to(l1 - h2, shape).astype(float),
        np.broadcast_to(h1 - l2, shape).astype(float),
        se_low,
        se_high,
    )


def _inputs(pcts, n, deff, box, at_box) -> tuple:
    """A part's rows: both items' numbers, the points, the boxes' ends (or NaN), ``at_box``."""
    ends = box_ends(pcts, box)
    return pcts[0], pcts[1], n, deff, *ends[0], *ends[1], at_box


def paired_rows(n_frac: float, scenario: str, pa, pb, n, deff, a_lo, a_hi, b_lo, b_hi, at_box):
    """One reference's comparison over the rows (the kernel): as the kind's evaluate function.

    At the rows ``at_box`` (the published numbers) the bound over the
    rounding box, elsewhere the p-values at the rows' numbers.
    """
    n_g = n * n_frac
    p_s, p_c, z = paired_pvalues(pa[..., 0] / 100.0, pb[..., 0] / 100.0, n_g, deff, scenario)

    def bound(i: np.ndarray) -> tuple:
        return paired_over_box((a_lo[i], a_hi[i]), (b_lo[i], b_hi[i]), n_g[i], deff[i])

    return [(*over_box_rows(p_s, p_c, at_box, bound), z)]


registers("item_difference")(prepare_item_difference)
