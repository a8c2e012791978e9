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

Claims of this kind are evaluated claim by claim (no
:class:`~..claim_context.Kernel`; points and corners are one array pass):
their one component is bounded over the rounding box, which the kernel
protocol does not carry.
"""

from __future__ import annotations

import numpy as np

from ..._base import invalid_value, z_critical
from ..._corpus import split_list
from ..claim_context import ClaimContext, Prepared
from ..components import box_pvalues
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
        raise invalid_value("groups", "a single group for item_difference", claim["groups"])
    zc = z_critical(s.alpha)

    def bound(b1, b2, n_g, deff):
        """Proven bounds of the p-values over the rounding boxes ``b1``, ``b2`` (percent)."""
        # (boxes stacked by point: one row per point)
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

    def one(p1, pct, ref, n_g, deff, boxes):
        p2 = pct[..., 0] / 100.0
        se = paired_se(p1, p2, n_g, deff, s.scenario)
        est = np.broadcast_to(np.asarray(p1 - p2, float), np.shape(n_g)).astype(float)
        z = safe_z(est, se)
        p_s, p_c = directional(z)
        if boxes is not None:
            p_s, p_c = bound(*boxes, n_g, deff)
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

    m = f"z test for two items answered by the same respondents ({CORRELATION_TEXT[s.scenario]})"
    m += ", three-decision rule, Wald interval"
    if len(refs) > 1:
        m += "; against each reference (intersection-union)"
    return Prepared(claim, [P, *R], ev, m)


registers("item_difference")(prepare_item_difference)
