"""A claim's rounding-aware p-values for a stack of published tables: replications as rows.

This module owns :func:`aware_rows`: for R sets of a claim's published
numbers, each with its own rounding box (the replications of a calibration),
the p-values :func:`.outcome.aware` gives at one (n, deff) point, computed
for all R at once.  Every number set is a row of one array pass through the
kind's test (its evaluate function stacks number sets and rounding boxes
by point: the attribute ``stacks``): the sign of each number's effect on
each component (read, as :func:`.outcome.corners_of` reads it, by moving
the number across its rounding interval with the others printed), each
component's two least favourable corners, the components there and at the
printed numbers, combined as :func:`.outcome.aware` combines them.  A kind
that does not stack is evaluated set by set (same numbers, slower).
"""

from __future__ import annotations

import numpy as np

from .claim_context import Prepared
from .decide import Evidence, intersection_union
from .outcome import _worst, bounded_components, components_at

__all__ = ["aware_rows", "plain_rows"]


def _call(prep: Prepared, pcts: list, n: np.ndarray, deff: np.ndarray, box=None, only=None):
    """The claim's components on stacked rows (``only``: that component alone, a list of one)."""
    rows = np.asarray(pcts[0]).shape[0]
    if not getattr(prep.evaluate, "stacks", False):
        per = [
            _call_one(prep, [p[r] for p in pcts], n[r : r + 1], deff[r : r + 1], box, r, only)
            for r in range(rows)
        ]
        return [_joined([c[k] for c in per]) for k in range(len(per[0]))]
    if only is not None and getattr(prep.evaluate, "apart", False):
        return [prep.evaluate(pcts, n, deff, with_ci=False, box=box, only=only)]
    comps = components_at(prep, pcts, n, deff, box=box)
    return comps if only is None else [comps[only]]


def _call_one(prep, pcts, n, deff, box, r: int, only):
    """One row's components (a kind that does not stack)."""
    row_box = None if box is None else [(lo[r], hi[r]) for lo, hi in box]
    comps = components_at(prep, pcts, n, deff, box=row_box)
    return comps if only is None else [comps[only]]


def _joined(parts: list[Evidence]) -> Evidence:
    """Evidence of single rows joined into one over the rows."""
    first = parts[0]
    return Evidence(
        first.estimand,
        *(np.concatenate([np.ravel(np.asarray(t[f], float)) for t in parts]) for f in range(1, 8)),
        first.detail,
    )


def _rows(t: Evidence, start: int, stop: int, size: int) -> Evidence:
    """Rows ``start:stop`` of evidence over ``size`` rows."""

    def cut(x):
        return np.broadcast_to(np.asarray(x, dtype=float), (size,))[start:stop]

    return Evidence(t.estimand, *(cut(x) for x in t[1:8]), t.detail)


def plain_rows(prep: Prepared, pcts: list, n: float, deff: float) -> Evidence:
    """The claim's evidence, each row's numbers taken as exact (:func:`.outcome.evaluate_at`)."""
    rows = np.asarray(pcts[0]).shape[0]
    nn, dd = np.full(rows, float(n)), np.full(rows, float(deff))
    return intersection_union(_call(prep, pcts, nn, dd))


def _effects(low: list[Evidence], high: list[Evidence]) -> np.ndarray:
    """(components, rows): sign of raising one number on each component (0: no effect).

    :func:`.outcome._effect` row by row: the support statistic's change where
    both are finite and differ, else the support p-value's, else the
    contradiction p-value's.
    """
    out = []
    for a, b in zip(low, high, strict=True):
        za, zb = np.asarray(a.z, float), np.asarray(b.z, float)
        ps = np.asarray(a.pvalue_support, float) - np.asarray(b.pvalue_support, float)
        pc = np.asarray(b.pvalue_contradict, float) - np.asarray(a.pvalue_contradict, float)
        by_z = np.isfinite(za) & np.isfinite(zb) & (za != zb)
        by_ps = ~by_z & np.isfinite(ps) & (ps != 0)
        by_pc = ~by_z & ~by_ps & np.isfinite(pc) & (pc != 0)
        with np.errstate(invalid="ignore"):
            sign = np.where(by_z, np.sign(zb - za), 0.0)
        sign = np.where(by_ps, np.sign(np.where(by_ps, ps, 0.0)), sign)
        out.append(np.where(by_pc, np.sign(np.where(by_pc, pc, 0.0)), sign))
    return np.array(out)


def _corner(pcts: list, box: list, numbers: list, signs: np.ndarray, hurt: bool) -> list:
    """Each row's corner for one component: every number at the end its sign calls for.

    ``hurt``: the end that lowers the component's statistic (its support
    p-value is largest there), else the one that raises it; a number
    without effect stays printed.
    """
    out = [np.array(p, dtype=float, copy=True) for p in pcts]
    for k, (j, i) in enumerate(numbers):
        low, high = box[j][0][:, i], box[j][1][:, i]
        up = signs[:, k] > 0
        down = signs[:, k] < 0
        # hurt: a number that raises the statistic at its low end, one that lowers it at its high
        out[j][:, i] = np.where(up, low if hurt else high, out[j][:, i])
        out[j][:, i] = np.where(down, high if hurt else low, out[j][:, i])
    return out


def aware_rows(
    prep: Prepared, pcts: list, box: list, point: tuple, signs_at: tuple
) -> tuple[np.ndarray, np.ndarray]:
    """Rounding-aware ``(pvalue_support, pvalue_contradict)`` of each row's numbers.

    ``pcts``: one array (rows, groups) per profile of the claim, its numbers
    (percent); ``box``: per profile ``(low, high)`` arrays of the same shape,
    each row's rounding box.  Row ``r`` gets what :func:`.outcome.aware`
    gives at ``point`` ``(n, deff)`` with the profiles holding row ``r``'s
    numbers and box, and its corners from :func:`.outcome.corners_of` at
    ``signs_at`` (:func:`.outcome.claim_corners` reads the signs at the
    settings' n and deff).
    """
    n, deff = point
    rows = np.asarray(pcts[0]).shape[0]
    numbers = [(j, i) for j, p in enumerate(pcts) for i in range(np.shape(p)[1])]
    moved = []
    for j, i in numbers:
        for end in (0, 1):
            m = [np.array(p, dtype=float, copy=True) for p in pcts]
            m[j][:, i] = box[j][end][:, i]
            moved.append(m)
    sets = [pcts, *moved]
    stacked = [np.concatenate([s[j] for s in sets]) for j in range(len(pcts))]
    size = rows * len(sets)
    every = _call(
        prep, stacked, np.full(size, float(signs_at[0])), np.full(size, float(signs_at[1]))
    )
    at = [[_rows(t, k * rows, (k + 1) * rows, size) for t in every] for k in range(len(sets))]
    signs = np.stack(
        [_effects(at[1 + 2 * k], at[2 + 2 * k]) for k in range(len(numbers))], axis=-1
    )  # (components, rows, numbers)
    nn, dd = np.full(rows, float(n)), np.full(rows, float(deff))
    base = _call(prep, pcts, nn, dd, box=box)
    bounded = bounded_components(prep, len(base))
    comps = []
    for c, b in enumerate(base):
        if bounded[c]:
            comps.append(b)
            continue
        ends = [_corner(pcts, box, numbers, signs[c], hurt) for hurt in (True, False)]
        both = [np.concatenate([e[j] for e in ends]) for j in range(len(pcts))]
        t = _call(prep, both, np.full(2 * rows, float(n)), np.full(2 * rows, float(deff)), only=c)
        t = t[0]
        comps.append(_worst(b, _rows(t, 0, rows, 2 * rows), _rows(t, rows, 2 * rows, 2 * rows)))
    out = intersection_union(comps)
    return (
        np.broadcast_to(np.asarray(out.pvalue_support, float), (rows,)),
        np.broadcast_to(np.asarray(out.pvalue_contradict, float), (rows,)),
    )
