"""The ``no_difference`` and ``consensus`` claim kinds: a negligible gradient.

Two one-sided tests of the SII against the equivalence margin (points on the
SII scale; the reason gives the margin's Cohen's h at the observed level);
of two groups, of their Cohen's h against the margin's h at a level of 50%
(:func:`migstats.equivalence_h`: a margin that means the same at every
level).  Consensus also needs every group above the quantifier's lower
bound (intersection-union).

The claims of these kinds are evaluated together in parts
(:class:`~..claim_context.KernelPart`): the groups' level tests of
``consensus`` with every claim's level tests (:func:`.level.level_kernel`),
the TOST of the slope index with the claims whose profiles have the same
slope-index form (a ``boxed`` kernel, :func:`.gradient.slope_rows`: its p-values at
the published numbers are its bound over the rounding box).  Claims of two
groups (Cohen's h) are evaluated claim by claim, their points and corners
in one array pass: no kernel is written for :func:`migstats.equivalence_h`
yet (neither bundled report has such a claim).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..._base import z_critical
from ..._corpus import QuantifierRange
from ..claim_context import ClaimContext, KernelPart, Prepared
from ..components import (
    SlopeForm,
    box_pvalues,
    level_test,
    sides,
    sii,
    sii_box,
    zero_variance_note,
)
from ..decide import Evidence, fmt, safe_z, within
from .gradient import SlopeSpec, gradient_measure, slope_kernel
from .level import level_kernel
from .registry import registers


def margin_in_h(level: float, margin: float) -> str:
    """The SII margin's translation into Cohen's h at the observed level, in words.

    A slope index of ``margin`` points is a line whose two ends (ridit 0 and
    1) lie ``margin`` points apart; centred on the profile's mean ``level``
    (percent), :func:`migstats.margin_to_h` gives that gap's Cohen's h.
    """
    from ..._core import margin_to_h

    half = margin / 2.0
    if not (half <= level <= 100.0 - half):
        return f" (at the observed level {level:.0f}% no gap of {margin:g} points fits in 0-100%)"
    h = float(margin_to_h(level / 100.0, margin / 100.0))
    return f" (Cohen's h {h:.2f} between the ends of the scale at the observed level {level:.0f}%)"


def sii_within(P, pct, n, deff, s, gap: bool, name: str, box=None) -> Evidence:
    """Two one-sided tests of the SII (points) against +/- ``s.margin``.

    With ``box`` (the rounding box) the p-values are proven upper bounds over
    it: each side ``(margin +/- est) / se`` is a Wald ratio bounded by
    :func:`~..components.box_pvalues`; support takes the larger side's
    bound, contradiction Bonferroni over the sides' bounds (as
    :func:`~..decide.within`).
    """
    zq = z_critical(s.alpha, "greater")
    r = sii(P, pct, n, deff, s, gap)
    est = 100.0 * np.asarray(r.sii, float)
    se = 100.0 * np.asarray(r.sii_standard_error, float)
    p_s, p_c, z = tost_pvalues(r, s.margin)
    if box is not None:
        p_s, p_c = tost_over_box(sii_box(P, box, n, deff, s, gap), s.margin)
    return Evidence(
        f"{name} of {P.label} (points)",
        est,
        est - zq * se,
        est + zq * se,
        np.full(np.shape(z), 1 - 2 * s.alpha),
        p_s,
        p_c,
        z,
        f"{name} {fmt(est)} points against the equivalence margin +/-{s.margin:g}"
        + margin_in_h(float(np.ravel(pct @ P.shares)[0]), s.margin)
        + zero_variance_note(r.sii_standard_error),
    )


def tost_pvalues(r, margin: float) -> tuple:
    """``(pvalue_support, pvalue_contradict, z)`` of the slope index ``r`` within +/- ``margin``."""
    est = 100.0 * np.asarray(r.sii, float)
    se = 100.0 * np.asarray(r.sii_standard_error, float)
    return within(safe_z(est + margin, se), safe_z(margin - est, se))


def tost_over_box(b, margin: float) -> tuple:
    """Their bounds over the rounding box (``b``: :func:`~..components.sii_box`).

    Each side ``(margin +/- est) / se`` is a Wald ratio bounded by
    :func:`~..components.box_pvalues`; support takes the larger side's bound,
    contradiction Bonferroni over the sides' bounds (as :func:`~..decide.within`).
    """
    lo, hi = 100.0 * b.sii_low, 100.0 * b.sii_high
    ses = [100.0 * x.sii_standard_error for x in (b.least_variance, b.most_variance)]
    ps_lo, pc_lo = box_pvalues(lo + margin, hi + margin, *ses, tost=True)
    ps_hi, pc_hi = box_pvalues(margin - hi, margin - lo, *ses, tost=True)
    return np.maximum(ps_lo, ps_hi), np.minimum(1.0, 2.0 * np.minimum(pc_lo, pc_hi))


def h_within(P, pct, n, deff, s, delta: float) -> list[Evidence]:
    """Two groups: two one-sided tests of Cohen's h against +/- ``delta`` (equivalence_h).

    Returned as the two sides (:func:`~..components.sides`): h is monotone in
    each share and its standard error does not depend on them, so each side
    reaches its worst case at a corner of the rounding box.
    """
    from ..._core import equivalence_h

    zq = z_critical(s.alpha, "greater")
    r = equivalence_h(
        pct[..., -1] / 100.0, n * P.n_frac[-1], pct[..., 0] / 100.0, n * P.n_frac[0],
        margin=delta, deff=deff,
    )  # fmt: skip
    est = np.asarray(r.estimate, float)
    se = np.asarray(r.standard_error, float)
    z_lo, z_hi = safe_z(est + delta, se), safe_z(delta - est, se)
    p_s, p_c, z = within(z_lo, z_hi)
    points = float(np.ravel(r.margin_points)[0])
    at_level = f"{100 * points:.1f} points" if np.isfinite(points) else "no gap"
    t = Evidence(
        f"Cohen's h of {P.groups[-1]} vs {P.groups[0]}, {P.label}",
        est,
        est - zq * se,
        est + zq * se,
        np.full(np.shape(z), 1 - 2 * s.alpha),
        p_s,
        p_c,
        z,
        f"h {float(np.ravel(est)[0]):.3f} ({fmt(pct[..., -1])}% vs {fmt(pct[..., 0])}%) "
        "against the "
        f"equivalence margin +/-{delta:.3f} (the {s.margin:g}-point margin's h at 50%; "
        f"{at_level} at the observed level)",
    )
    return sides(t, z_lo, z_hi)


def consensus_side(q: QuantifierRange) -> QuantifierRange:
    """The side of the quantifier's range every group of a ``consensus`` claim must be on.

    Above its lower bound ("broad support", "a majority"; of a range such as
    "two thirds", its lower end); below its upper bound for a quantifier
    whose range starts at 0 ("a minority": every group under half), whether
    its table says ``below`` or ``within``.  The lower bound 0 of such a
    range would be no condition at all (and a score test against a share of
    0 has no variance).

    Examples
    --------
    >>> from migstats import QuantifierRange, quantifier_range
    >>> consensus_side(quantifier_range("broad_support"))[:3]
    (60.0, 100.0, 'above')
    >>> consensus_side(quantifier_range("minority"))[:3]
    (0.0, 50.0, 'below')
    >>> consensus_side(QuantifierRange(0.0, 25.0, "within", True, True))[:3]
    (0.0, 25.0, 'below')
    """
    if q.test == "below" or q.low <= 0.0:
        return QuantifierRange(q.low, q.high, "below", q.low_inclusive, q.high_inclusive, q.scale)
    return QuantifierRange(q.low, 100.0, "above", q.low_inclusive, True)


def prepare_equivalence(claim: dict, ctx: ClaimContext) -> Prepared:
    """``no_difference`` / ``consensus``: |SII| (or, of two groups, |h|) within the margin."""
    from ..._core import margin_to_h

    P, s = ctx.ordered_profile(claim, ctx.profile(claim)), ctx.settings
    gap, _, name = gradient_measure(P.complete)
    two = P.complete and len(P.groups) == 2
    delta = float(margin_to_h(0.5, s.margin / 100.0))
    consensus = claim["kind"] == "consensus"
    if consensus:
        floor = consensus_side(ctx.quantifier(claim["quantifier"]))

    def ev(pcts, n, deff, with_ci=True, box=None):
        if two:
            t = h_within(P, pcts[0], n, deff, s, delta)
        else:
            t = [sii_within(P, pcts[0], n, deff, s, gap, name, box and box[0])]
        if not consensus:
            return t
        levels = [
            side
            for i in range(len(P.groups))
            for side in level_test(
                pcts[0][..., i],
                n * P.n_frac[i],
                deff,
                floor,
                claim["quantifier"],
                P.groups[i],
                s,
                with_ci,
            )
        ]
        return [*levels, *t]

    # score tests and the sides of h are monotone; the TOST of the SII (last) is bounded
    ev.bounded = lambda count: [False] * (count - 1) + [not two]
    ev.stacks = True  # numbers stacked by point (group axis last)
    if not two:
        form = SlopeForm.of(P)
        spec = SlopeSpec(form, gap, float(s.alpha), tost_pvalues, tost_over_box, float(s.margin))
        tost = slope_kernel(spec)
        every = list(range(len(P.groups)))
        levels = [KernelPart(level_kernel(P, every, floor), (0,), len(every))] if consensus else []
        ev.parts = (*levels, KernelPart(tost, (0,), 1))
    method = _method(P, s, name, gap, two, consensus and floor.test, delta)
    return Prepared(claim, [P], ev, method)


def _method(P, s, name: str, gap: bool, two: bool, consensus: Any, delta: float) -> str:
    """The method in words (``consensus``: the side every group must be on, else False)."""
    if two:
        m = (
            "equivalence test (two one-sided tests, equivalence_h) of the two groups' Cohen's "
            f"h against +/- {delta:.3f}: the h of the {s.margin:g}-point margin at a level of "
            "50% (Cohen's 'small' 0.2 for the default), the same at every level; Wald interval"
        )
    else:
        m = (
            f"equivalence test (two one-sided tests) of the {name} against +/- {s.margin:g} "
            "points (Cohen's h 0.2, 'small', at a level of 50%; its h at the observed level in "
            "the reason), Wald interval"
        )
    if consensus:
        side = (
            "below the quantifier's upper"
            if consensus == "below"
            else "above the quantifier's lower"
        )
        m = (
            f"every group {side} bound (score tests, Wilson intervals) and "
            + m
            + " (intersection-union)"
        )
    if gap:
        m += (
            "; only the extreme groups are published: their gap per unit of ridit span "
            "(gap_slope_index) stands in for the SII"
        )
    if P.assumption:
        m += f"; assumption: {P.assumption}"
    return m


registers("no_difference", "consensus")(prepare_equivalence)
