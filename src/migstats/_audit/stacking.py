"""A claim's test at many number sets in one call: number sets stacked by point.

This module owns how the engine calls a kind's evaluate function
(:class:`~.claim_context.Prepared`): at the claim's numbers and points
(:func:`components_at`), for one component alone where the kind can
(:func:`component_at`: the attribute ``apart``), and for many number sets
at once (:func:`stacked_components`, :func:`at_sets`, :func:`at_pairs`): a
kind whose evaluate function has the attribute ``stacks`` takes each
profile's numbers as an array (rows, groups) whose row ``r`` belongs to
point ``r`` -- every statistic elementwise over the rows, a rounding box
stacked the same way -- so that the corners of a claim's rounding box, the
sign search over its numbers and the replications of a calibration are
each one array pass.  A kind that does not stack is evaluated set by set
(same numbers).  Also here: which components bound their own p-values over
the box (:func:`bounded_components`) and the sign of each number's effect
on each component (:func:`effects`).
"""

from __future__ import annotations

import numpy as np

from .._base import broadcast_as, stack_rows, tile_blocks
from .claim_context import Prepared
from .decide import Evidence

__all__ = [
    "at_pairs",
    "at_sets",
    "bounded_components",
    "component_at",
    "components_at",
    "effect_signs",
    "effects",
    "sets_by_point",
    "split_rows",
    "stacked_components",
]


def bounded_components(prep: Prepared, count: int) -> list[bool]:
    """Which of the claim's ``count`` components return their own bound over the box.

    A kind's evaluate function says so in its attribute ``bounded`` (one
    bool per component, or a function of the count); by default none does.
    """
    flags = getattr(prep.evaluate, "bounded", None)
    if flags is None:
        return [False] * count
    return list(flags(count) if callable(flags) else flags)


def _points(n, deff) -> tuple[np.ndarray, np.ndarray]:
    n = np.atleast_1d(np.asarray(n, dtype=float))
    return n, broadcast_as(deff, n.shape, float)


def components_at(prep: Prepared, pcts, n, deff, with_ci=False, box=None) -> list[Evidence]:
    """The components of the claim's test at the numbers ``pcts`` and points ``(n, deff)``.

    With ``box`` (the rounding box, :func:`.outcome.box_of`) the Wald-ratio
    components return the proven bounds of their p-values over it
    (:mod:`.components`).
    """
    n, deff = _points(n, deff)
    out = prep.evaluate(pcts, n, deff, with_ci=with_ci, box=box)
    return [out] if isinstance(out, Evidence) else list(out)


def component_at(prep: Prepared, pcts, n, deff, c: int, with_ci=False, box=None) -> Evidence:
    """Component ``c`` of the claim's test at the numbers ``pcts`` and points ``(n, deff)``.

    Only that component is computed when the kind's evaluate function can
    (its attribute ``apart``: it takes ``only=c`` and returns that component);
    otherwise every component is and ``c`` is picked.
    """
    if not getattr(prep.evaluate, "apart", False):
        return components_at(prep, pcts, n, deff, with_ci, box)[c]
    n, deff = _points(n, deff)
    return prep.evaluate(pcts, n, deff, with_ci=with_ci, box=box, only=c)


def stacked_components(
    prep: Prepared, pcts: list, n, deff, with_ci=False, box=None, only=None
) -> list[Evidence]:
    """The claim's components on rows: ``pcts`` (rows, groups) per profile, a point per row.

    ``box``: per profile ``(low, high)`` of the same shape, or None.  With
    ``only``: that component alone (a list of one).  In one call where the
    kind stacks (the attribute ``stacks``), else row by row, joined.
    """
    n, deff = _points(n, deff)
    if not getattr(prep.evaluate, "stacks", False):
        return _row_by_row(prep, pcts, n, deff, with_ci, box, only)
    if only is not None:
        return [component_at(prep, pcts, n, deff, only, with_ci, box)]
    return components_at(prep, pcts, n, deff, with_ci, box)


def _row_by_row(prep, pcts, n, deff, with_ci, box, only) -> list[Evidence]:
    """:func:`stacked_components` for a kind that does not stack: one call per row, joined."""
    per = []
    for r in range(n.size):
        row_box = None if box is None else [(lo[r], hi[r]) for lo, hi in box]
        at, n_r, d_r = [p[r] for p in pcts], n[r : r + 1], deff[r : r + 1]
        if only is None:
            per.append(components_at(prep, at, n_r, d_r, with_ci, row_box))
        else:
            per.append([component_at(prep, at, n_r, d_r, only, with_ci, row_box)])
    return [_joined([c[k] for c in per]) for k in range(len(per[0]))]


def _joined(parts: list[Evidence]) -> Evidence:
    """Evidence of single rows joined into one over the rows."""
    first = parts[0]
    fields = [
        np.concatenate([np.ravel(np.asarray(t[f], float)) for t in parts]) for f in range(1, 8)
    ]
    return Evidence(first.estimand, *fields, first.detail)


def split_rows(t: Evidence, parts: int, size: int) -> list[Evidence]:
    """Evidence over ``size`` rows cut into ``parts`` equal blocks of rows.

    A block's ``estimand`` and ``detail`` are those of the whole (the first
    row's): only the numeric fields of a stacked evaluation are read.
    """
    fields = [broadcast_as(x, (size,), float) for x in t[1:8]]
    m = size // parts
    return [
        Evidence(t.estimand, *(f[k * m : (k + 1) * m] for f in fields), t.detail)
        for k in range(parts)
    ]


def at_sets(prep: Prepared, sets: list, n, deff, with_ci=False, only=None) -> list[list[Evidence]]:
    """The claim's components at each number set of ``sets`` (lists per profile), at the points.

    In one call, the sets stacked by point (:func:`stacked_components`).
    With ``only``: component ``only`` alone (a list of one per set).
    """
    n, deff = _points(n, deff)
    if not sets:
        return []
    if len(sets) == 1:
        if only is None:
            return [components_at(prep, sets[0], n, deff, with_ci)]
        return [[component_at(prep, sets[0], n, deff, only, with_ci)]]
    size = n.size * len(sets)
    pcts, nn, dd = sets_by_point(sets, n, deff)
    comps = stacked_components(prep, pcts, nn, dd, with_ci, only=only)
    blocks = [split_rows(t, len(sets), size) for t in comps]
    return [[b[k] for b in blocks] for k in range(len(sets))]


def sets_by_point(
    sets: list, n: np.ndarray, deff: np.ndarray
) -> tuple[list, np.ndarray, np.ndarray]:
    """Number sets as rows: ``(pcts, n, deff)``, set after set, each at every point in turn.

    ``sets``: number sets (one array per profile each); row ``k * m + r``
    holds set ``k`` at point ``r`` of the ``m`` points.
    """
    m = n.size
    pcts = [np.repeat(stack_rows([pts[j] for pts in sets]), m, axis=0) for j in range(len(sets[0]))]
    return pcts, tile_blocks(n, len(sets)), tile_blocks(deff, len(sets))


def at_pairs(prep: Prepared, sets: list, pairs, n, deff, with_ci=False) -> dict:
    """Components at number sets: ``{(set, component): Evidence}`` for each pair of ``pairs``.

    Each component alone where the kind can (:func:`component_at`), its sets
    in one call (:func:`at_sets`); else every component, all the sets in
    one call.
    """
    pairs = list(dict.fromkeys(pairs))
    out: dict = {}
    if getattr(prep.evaluate, "apart", False):
        for c in sorted({c for _, c in pairs}):
            ks = [k for k, cc in pairs if cc == c]
            got = at_sets(prep, [sets[k] for k in ks], n, deff, with_ci, only=c)
            out.update({(k, c): g[0] for k, g in zip(ks, got, strict=True)})
        return out
    ks = list(dict.fromkeys(k for k, _ in pairs))
    every = dict(zip(ks, at_sets(prep, [sets[k] for k in ks], n, deff, with_ci), strict=True))
    return {(k, c): every[k][c] for k, c in pairs}


def effects(low: list[Evidence], high: list[Evidence]) -> np.ndarray:
    """Sign of raising a number on each component's support statistic (0: no effect).

    ``low`` / ``high``: the components with the number at the low / high end
    of its rounding interval (arrays over rows).  Returns (components,
    rows): :func:`effect_signs` of their fields, every component at once.
    """

    def field(ts: list[Evidence], name: str) -> np.ndarray:
        return stack_rows([np.asarray(getattr(t, name), float) for t in ts])

    return effect_signs(
        *(
            field(ts, name)
            for name in ("z", "pvalue_support", "pvalue_contradict")
            for ts in (low, high)
        )
    )


def effect_signs(z_low, z_high, ps_low, ps_high, pc_low, pc_high) -> np.ndarray:
    """Sign of raising a number, from the fields at the low and high end (elementwise).

    The sign of the change of the support statistic ``z`` where both are
    finite and differ, else of the support p-value's fall, else of the
    contradiction p-value's rise (docs/methods.md, section 3.6: a monotone
    component's sign does not depend on the other numbers).
    """
    with np.errstate(invalid="ignore"):  # inf - inf: read as no change below
        ps = ps_low - ps_high
        pc = pc_high - pc_low
        by_z = np.isfinite(z_low) & np.isfinite(z_high) & (z_low != z_high)
        by_ps = ~by_z & np.isfinite(ps) & (ps != 0)
        by_pc = ~by_z & ~by_ps & np.isfinite(pc) & (pc != 0)
        sign = np.where(by_z, np.sign(np.where(by_z, z_high - z_low, 0.0)), 0.0)
    sign = np.where(by_ps, np.sign(np.where(by_ps, ps, 0.0)), sign)
    return np.where(by_pc, np.sign(np.where(by_pc, pc, 0.0)), sign)
