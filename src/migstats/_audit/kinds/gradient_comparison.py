"""The ``larger_gradient`` and ``small_difference`` claim kinds: one gradient against another.

The difference of absolute slope indices (``compare_gradient_results``), with
the correlation of the two estimates from the same respondents taken at its
least favourable value in the range the published numbers allow
(``audit(gradient_correlation=...)``, docs/methods.md, section 6.3):

* one item across two groupings (education and income): the sharp range the
  two published profiles allow, under positive quadrant dependence of the
  groupings by default (:func:`migstats.gradient_correlation`, computed once
  per claim with the rounding half-width as tolerance);
* two items across one grouping: the Fréchet bounds of each group's 2 x 2
  table of the two answers (:func:`migstats._core.paired_contrast_correlation`),
  which need no assumption;
* where only extreme groups are published and two groupings are compared,
  no sharper bound than rho = -1 is derivable from the published numbers:
  rho = -1 is used and the method says so.

Over the rounding box the p-values are the bounds of
:func:`~..components.box_pvalues` (:func:`_box_bound`): ``|SII_a| -
|SII_b|`` ranges over ``[min|a| - max|b|, max|a| - min|b|]`` (each absolute
value's range from the slope index's exact range,
:func:`migstats._core.slope_index_box`); with the correlation ``rho`` the
comparison uses at the printed numbers, the standard error ``sqrt(sa^2 + sb^2
- 2 rho sa sb)`` is a norm of ``(sa, sb)``, so its largest value over the
box is at a corner of the range of ``(sa, sb)``, and it is at least
``hypot(sa, sb)`` at the smallest ``sa``, ``sb`` (``rho <= 0``) or
``sqrt(1 - rho^2) max(sa, sb)`` (``rho > 0``).  The correlation itself is
taken at the printed numbers: for two groupings its range already allows
the rounding (its tolerance); for two items (Fréchet bounds per group) its
movement within the box is not bounded -- the one part of the audit's
worst case that is not proven.

The claims of these kinds are evaluated together, one part per reference
(:class:`~..claim_context.KernelPart`, :func:`comparison_pvalues`): the
comparisons whose profiles have the same slope-index forms (population
shares and group sizes, :class:`~..components.SlopeForm`), the same sign
and the same kind of correlation are one call, each row with its own
numbers, box and correlation range, each comparison at its own rounding
corners; the rows at the published numbers take the box bound (a
``boxed`` kernel).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from ..._base import MigstatsError, group_sums
from ..._corpus import split_list
from ..claim_context import ClaimContext, Kernel, KernelPart, Prepared
from ..components import (
    SlopeForm,
    box_ends,
    box_pvalues,
    over_box_rows,
    sii,
    sii_at,
    sii_box,
    sii_box_at,
)
from ..decide import Evidence, directional, fmt, safe_z
from ..memo import array_key, memoised
from .gradient import gradient_measure
from .registry import registers

#: Correlation scenarios that take the range from the published numbers
#: (the others are fixed values: "independent" 0, "worst_case" -1).
FROM_MARGINS = ("positive_quadrant", "margins")

_FIXED = {"independent": 0.0, "worst_case": -1.0}


@dataclass(frozen=True)
class _Pairing:
    """How the correlation of one comparison is found: fixed, or per item pair."""

    fixed: Any  # a SlopeCorrelation, or None when computed per evaluation (two items)
    weights: Any  # (G,) Fréchet weights of the two items' contrast, when fixed is None
    basis: str  # where the correlation comes from, in words (for the method)
    range: str = ""  # its range at the published numbers


def _tolerance(profiles: list) -> float:
    """The largest rounding half-width of the published numbers, in proportion units."""
    return max(float(np.max(np.maximum(p.d_low, p.d_high))) for p in profiles) / 100.0


def _range_text(low: float, high: float) -> str:
    return f"{low:.2f}" if low == high else f"[{low:.2f}, {high:.2f}]"


def _fixed(scenario: str, why: str = "") -> _Pairing:
    from ..._core import SlopeCorrelation

    rho = _FIXED.get(scenario, -1.0)
    name = "rho = -1, valid whatever the dependence" if rho == -1.0 else "rho = 0 (independence)"
    return _Pairing(SlopeCorrelation(rho, rho, "assumed", scenario), None, name + why)


def _two_groupings(P, pr, s, tol: float) -> _Pairing:
    """One item across two groupings: the range the two profiles' margins allow."""
    from ..._core import gradient_correlation

    # once per audit for the same margins and answer shares (claims comparing the
    # same two profiles, e.g. a larger and a smaller gradient of one item)
    key = ("gradient_correlation", *array_key(P.shares, pr.shares, P.percent, pr.percent))
    rng = memoised(
        (*key, str(s.scenario), float(tol)),
        (),
        lambda: gradient_correlation(
            P.shares, pr.shares, P.percent / 100.0, pr.percent / 100.0,
            correlation=s.scenario, tolerance=tol,
        ),
    )  # fmt: skip
    basis = "positive quadrant dependence" if s.scenario == "positive_quadrant" else "any table"
    text = (
        "correlation of the two slope indices derived from the published margins "
        f"(gradient_correlation, {basis}, tolerance {rng.tolerance:.3g}), least favourable "
        "value of its range used"
    )
    return _Pairing(rng, None, text, _range_text(rng.low, rng.high))


def _two_items(P, pr, gap: bool) -> _Pairing:
    """Two items across one grouping: Fréchet bounds in every group (weights c_g^2 / n_g)."""
    from ..._core import paired_contrast_correlation, ridits

    if gap:
        w = np.zeros(len(P.groups))
        w[[0, -1]] = 1.0 / P.n_frac[[0, -1]]
    else:
        a = np.asarray(ridits(P.shares), float) - 0.5
        w = P.shares**2 * a**2 / P.n_frac
    rng = paired_contrast_correlation(P.percent / 100.0, pr.percent / 100.0, w)
    text = (
        "correlation of the two estimates from the Fréchet bounds of each group's table of "
        "the two answers (paired_contrast_correlation, no assumption), least favourable value "
        "of its range used"
    )
    return _Pairing(None, w, text, _range_text(float(rng.low), float(rng.high)))


def pairing(P, pr, is_dimension: bool, gap: bool, s) -> _Pairing:
    """The correlation of one comparison (see the module docstring)."""
    if s.scenario not in FROM_MARGINS:
        return _fixed(s.scenario)
    if not is_dimension and P.groups == pr.groups:
        return _two_items(P, pr, gap)
    if is_dimension and not gap:
        try:
            return _two_groupings(P, pr, s, _tolerance([P, pr]))
        except MigstatsError as err:  # e.g. a profile of shares all 0 or 1: no range
            return _fixed("worst_case", f": no range from the published margins ({err})")
    return _fixed(
        "worst_case",
        ": only the extreme groups are published, and the published numbers bound the "
        "correlation of the two estimates no sharper",
    )


def _correlation_at(fixed: Any, weights: Any, pa: np.ndarray, pb: np.ndarray) -> Any:
    """The range ``fixed``, or the Fréchet range at the numbers ``pa``, ``pb`` (percent).

    ``weights``: the two items' contrast weights (:func:`_two_items`), when
    ``fixed`` is None.
    """
    if fixed is not None:
        return fixed
    from ..._core import SlopeCorrelation, paired_contrast_correlation

    rng = paired_contrast_correlation(pa / 100.0, pb / 100.0, np.asarray(weights, float))
    low, high = (x if np.ndim(x) else float(x) for x in (rng.low, rng.high))  # by point if stacked
    return SlopeCorrelation(low, high, "derived", "frechet")


def _statistic(a, b, rho: Any, sign: float, level: float) -> tuple:
    """``(|a| - |b|, its interval, the correlation used, z)`` of the slope indices ``a``, ``b``.

    Elementwise; :func:`migstats.compare_gradient_results`'s ``selected``
    absolute scenario with ``rho`` (a :class:`~migstats.SlopeCorrelation`),
    without its other scenarios (:func:`migstats._core.abs_difference`).
    """
    from ..._core import abs_difference, abs_difference_ci

    est, se, used = abs_difference(a, b, rho)
    return est, abs_difference_ci(est, se, level), used, sign * safe_z(est, se)


def _abs_z(a, b, rho: Any, sign: float) -> tuple:
    """``(correlation used, z)`` of :func:`_statistic` alone: no intervals (the kernel's)."""
    from ..._core import abs_difference

    est, se, used = abs_difference(a, b, rho)
    return used, sign * safe_z(est, se)


def _over_box(used, weights: Any, boxes, ba, bb, sign: float) -> tuple:
    """The p-values over the rounding box, the correlation bounded as :func:`_box_correlation`.

    ``used``: the correlation the comparison at the published numbers uses,
    kept where ``weights`` is None (a range fixed for the claim).
    """
    bound = used if weights is None else _box_correlation(weights, boxes)
    return _box_bound(ba, bb, sign, bound)


def prepare_gradient_comparison(claim: dict, ctx: ClaimContext) -> Prepared:
    """``larger_gradient`` / ``small_difference``: |SII| against each reference's |SII|."""
    P, s = ctx.ordered_profile(claim, ctx.profile(claim)), ctx.settings
    refs = split_list(claim["reference"])
    dimensions = set(ctx.published("dimension"))
    R = [
        ctx.ordered_profile(claim, ctx.profile(claim, dimension=r), r)
        if r in dimensions
        else ctx.ordered_profile(claim, ctx.profile(claim, item=r))
        for r in refs
    ]
    gap, scale, name = gradient_measure(P.complete and all(x.complete for x in R))
    sign = 1.0 if claim["kind"] == "larger_gradient" else -1.0
    pairs = [pairing(P, pr, r in dimensions, gap, s) for r, pr in zip(refs, R, strict=True)]

    def one(a, pa, ref, pr, pct, pair, n, deff, boxes=None):
        b = sii(pr, pct, n, deff, s, gap)
        rho = _correlation_at(pair.fixed, pair.weights, pa, pct)
        est, ci, used_at, z = _statistic(a, b, rho, sign, 1 - s.alpha)
        p_s, p_c = directional(z)
        used = float(np.ravel(used_at)[0])
        if boxes is not None:
            ba, bb = (sii_box(x, bx, n, deff, s, gap) for x, bx in ((P, boxes[0]), (pr, boxes[1])))
            used_at = np.asarray(used_at, float)  # at each point
            p_s, p_c = _over_box(used_at, pair.weights, boxes, ba, bb, sign)
        return Evidence(
            f"|{name}| of {P.label} minus |{name}| of {pr.label} (points)",
            scale * est,
            scale * np.asarray(ci[0], float),
            scale * np.asarray(ci[1], float),
            np.full(np.shape(z), 1 - s.alpha),
            p_s,
            p_c,
            z,
            f"|{name}| {fmt(scale * np.abs(a.sii))} vs {fmt(scale * np.abs(b.sii))} "
            f"points (reference: {ref}; correlation {used:.2f})",
        )

    def ev(pcts, n, deff, with_ci=True, box=None, only=None):
        a = sii(P, pcts[0], n, deff, s, gap)
        out = [
            one(a, pcts[0], ref, pr, pct, pair, n, deff, box and (box[0], box[k + 1]))
            for k, (ref, pr, pct, pair) in enumerate(zip(refs, R, pcts[1:], pairs, strict=True))
            if only is None or k == only
        ]
        return out if only is None else out[0]

    ev.apart = True  # one reference's comparison is computed alone (only=)
    ev.stacks = True  # numbers stacked by point (group axis last)

    # not marked bounded: the correlation of two items moves with the shares, so
    # the engine also takes the p-values at each component's corners (the larger wins)
    # one part per reference: each comparison at its own corners, with every
    # claim's comparison of the same forms
    ev.parts = tuple(
        KernelPart(_kernel(_Spec.of(sign, gap, s.alpha, P, [pr], [pair]), [pair]), (0, k + 1), 1)
        for k, (pr, pair) in enumerate(zip(R, pairs, strict=True))
    )
    return Prepared(claim, [P, *R], ev, _method(name, refs, pairs, gap))


class _Spec(NamedTuple):
    """What a comparison's p-values depend on besides its rows: its kernel's key.

    The sign (``larger_gradient`` +1, ``small_difference`` -1), whether the
    extreme groups' gap stands in, the error rate, the claim's profile's
    slope-index form and, per reference, its form and the two items'
    contrast weights (None where the correlation range is fixed per claim).
    """

    sign: float
    gap: bool
    alpha: float
    form: SlopeForm
    refs: tuple

    @classmethod
    def of(cls, sign: float, gap: bool, alpha: float, P, R: list, pairs: list) -> _Spec:
        """The spec of a claim (its profile ``P``, references ``R`` and their pairings)."""
        refs = tuple(
            (
                SlopeForm.of(pr),
                None if pair.fixed is not None else tuple(np.asarray(pair.weights).tolist()),
            )
            for pr, pair in zip(R, pairs, strict=True)
        )
        return cls(float(sign), bool(gap), float(alpha), SlopeForm.of(P), refs)


#: Row arrays per reference, after the claim's own (see :func:`_kernel`).
_PER_REFERENCE = 5


def _kernel(spec: _Spec, pairs: list) -> Kernel:
    """The kernel of a claim: rows ``(pa, n, deff, a_low, a_high, at_box, *per reference)``.

    Per reference: its numbers, its box's ends and the correlation range
    fixed for the claim (NaN where the two items' range is taken by row).
    """

    def inputs(pcts, n, deff, box, at_box) -> tuple:
        box = box_ends(pcts, box)
        rows = [pcts[0], n, deff, *box[0], at_box]
        for k, pair in enumerate(pairs):
            fixed = (np.nan, np.nan) if pair.fixed is None else (pair.fixed.low, pair.fixed.high)
            rows += [pcts[k + 1], *box[k + 1], *(np.full(n.size, float(x)) for x in fixed)]
        return tuple(rows)

    run = functools.partial(comparison_pvalues, spec)
    return Kernel(("gradient_comparison", spec), inputs, run, boxed=True, count=len(pairs))


def comparison_pvalues(spec: _Spec, pa, n, deff, a_low, a_high, at_box, *refs) -> list[tuple]:
    """Each reference's ``(pvalue_support, pvalue_contradict, z)`` over the rows (the kernel).

    The same computation as the kind's evaluate function, elementwise over
    the rows: at the rows ``at_box`` (the published numbers) the p-values
    over the rounding box, elsewhere at the rows' numbers.
    """
    from ..._core import SlopeCorrelation

    a = sii_at(spec.form, pa, n, deff, spec.alpha, spec.gap)
    i = np.flatnonzero(at_box)
    if i.size:
        ba = sii_box_at(spec.form, (a_low[i], a_high[i]), n[i], deff[i], spec.alpha, spec.gap)
    out = []
    for k, (form, weights) in enumerate(spec.refs):
        pb, b_low, b_high, rho_low, rho_high = refs[k * _PER_REFERENCE : (k + 1) * _PER_REFERENCE]
        b = sii_at(form, pb, n, deff, spec.alpha, spec.gap)
        fixed = None if weights is not None else SlopeCorrelation(rho_low, rho_high, "", "")
        rho, z = _abs_z(a, b, _correlation_at(fixed, weights, pa, pb), spec.sign)

        def bound(i: np.ndarray, rho=rho, z=z, b_low=b_low, b_high=b_high, form=form, w=weights):
            boxes = ((a_low[i], a_high[i]), (b_low[i], b_high[i]))
            bb = sii_box_at(form, boxes[1], n[i], deff[i], spec.alpha, spec.gap)
            used = np.broadcast_to(np.asarray(rho, float), z.shape)[i]
            return _over_box(used, w, boxes, ba, bb, spec.sign)

        out.append((*over_box_rows(*directional(z), at_box, bound), z))
    return out


def _abs_range(b) -> tuple[np.ndarray, np.ndarray]:
    """Range of |SII| over the box from the SII's range."""
    lo, hi = np.asarray(b.sii_low, float), np.asarray(b.sii_high, float)
    top = np.maximum(np.abs(lo), np.abs(hi))
    return np.where((lo <= 0) & (hi >= 0), 0.0, np.minimum(np.abs(lo), np.abs(hi))), top


def _box_correlation(weights: Any, boxes) -> tuple[float, float]:
    """Bounds ``(-M, M)`` of the correlation of ``|a|`` and ``|b|`` over the rounding box.

    The two items' contrast correlation (:func:`paired_contrast_correlation`)
    is ``sum w (p11 - p1 p2) / sqrt(V1 V2)`` with ``V = sum w p (1 - p)``; over
    the box each group's ``p11 - p1 p2`` lies in ``[max(-p1 p2, -(1 - p1)(1 -
    p2)), min(p1, p2) - p1 p2]``, bounded termwise (corners and the diagonal), and
    ``V`` is smallest at the end of each interval farthest from 1/2.  The
    absolute values' correlation is ``+-rho`` by the signs, which may change
    within the box, so ``|rho| <= M``: a proven (not sharp) range.
    """
    (a_lo, a_hi), (b_lo, b_hi) = ((np.asarray(x, float) / 100.0 for x in b) for b in boxes)
    w = np.asarray(weights, float)
    low_term = np.maximum(-a_hi * b_hi, -(1 - a_lo) * (1 - b_lo))
    high_term = np.max(
        [np.minimum(x, y) - x * y for x in (a_lo, a_hi) for y in (b_lo, b_hi)], axis=0
    )  # (groups,), or (rows, groups) for boxes stacked by point
    # min(p1, p2) - p1 p2 is bilinear on each side of the diagonal p1 = p2, so its
    # largest value over the box is at a corner or on the diagonal, t - t**2 at the t
    # of the box's diagonal segment nearest 1/2
    t_lo, t_hi = np.maximum(a_lo, b_lo), np.minimum(a_hi, b_hi)
    t = np.clip(0.5, t_lo, np.maximum(t_lo, t_hi))
    high_term = np.where(t_lo <= t_hi, np.maximum(high_term, t - t * t), high_term)
    v_min = [np.minimum(lo * (1 - lo), hi * (1 - hi)) for lo, hi in ((a_lo, a_hi), (b_lo, b_hi))]
    scale = np.sqrt(group_sums(w * v_min[0]) * group_sums(w * v_min[1]))  # np.sum's sums
    top = np.maximum(np.abs(group_sums(w * low_term)), np.abs(group_sums(w * high_term)))
    with np.errstate(divide="ignore", invalid="ignore"):
        m = np.where(scale > 0, np.minimum(top / scale, 1.0), 1.0)
    return -m, m


def _box_bound(ba, bb, sign: float, rho):
    """Bounds of the p-values of ``sign (|a| - |b|) / se`` over the rounding box (see module).

    ``ba``, ``bb``: the two slope indices over the box (:func:`~..components.sii_box`);
    ``rho`` is the correlation used, or its range ``(low, high)`` over the
    box (numbers, or arrays over the points).
    """
    rho_low, rho_high = rho if isinstance(rho, tuple) else (rho, rho)
    (a_lo, a_hi), (b_lo, b_hi) = _abs_range(ba), _abs_range(bb)
    low, high = (a_lo - b_hi, a_hi - b_lo) if sign > 0 else (b_lo - a_hi, b_hi - a_lo)
    sa = [np.asarray(x.sii_standard_error, float) for x in (ba.least_variance, ba.most_variance)]
    sb = [np.asarray(x.sii_standard_error, float) for x in (bb.least_variance, bb.most_variance)]
    se_high = np.max(
        [np.sqrt(np.maximum(x**2 + y**2 - 2 * rho_low * x * y, 0.0)) for x in sa for y in sb],
        axis=0,
    )
    with np.errstate(invalid="ignore"):  # each row takes its own branch
        se_low = np.where(
            rho_high <= 0,
            np.hypot(sa[0], sb[0]),
            np.sqrt(1 - rho_high**2) * np.maximum(sa[0], sb[0]),
        )
    return box_pvalues(low, high, se_low, se_high)


def _method(name: str, refs: list, pairs: list, gap: bool) -> str:
    """The method in words, with the correlation each comparison uses and its range."""
    parts = []
    for basis in dict.fromkeys(p.basis for p in pairs):
        ranges = [
            p.range if len(refs) == 1 else f"{p.range} against {r}"
            for r, p in zip(refs, pairs, strict=True)
            if p.basis == basis and p.range
        ]
        parts.append(
            basis + (f"; range at the published numbers {', '.join(ranges)}" if ranges else "")
        )
    m = (
        f"difference of absolute {name}s (compare_gradient_results; {'; '.join(parts)}), "
        "three-decision rule, Wald interval"
    )
    if len(refs) > 1:
        m += "; against each reference (intersection-union)"
    if gap:
        m += (
            "; some groups unpublished: each extreme-group gap per unit of its ridit span "
            "(gap_slope_index) stands in for the SII"
        )
    return m


registers("larger_gradient", "small_difference")(prepare_gradient_comparison)
