"""A claim's rounding-aware p-values for a stack of published tables: replications as rows.

This module owns :func:`aware_rows`: for R sets of a claim's published
numbers, each with its own rounding box (the replications of a calibration),
the p-values :func:`.outcome.aware` gives at one (n, deff) point, computed
for all R at once.  Every number set is a row of one array pass through the
kind's test (its evaluate function stacks number sets and rounding boxes
by point: the attribute ``stacks``): the sign of each number's effect on
each component (read, as :func:`.corners.corners_of` reads it, by moving
the number across its rounding interval with the others printed), each
component's two least favourable corners, the components there and at the
printed numbers, combined as :func:`.outcome.aware` combines them.  A kind
that does not stack is evaluated set by set (same numbers, slower).
"""

from __future__ import annotations

import numpy as np

from .claim_context import Prepared
from .decide import Evidence, intersection_union
from .outcome import _worst
from .stacking import bounded_components, effects, split_rows, stacked_components

__all__ = ["aware_rows", "plain_rows"]


def plain_rows(prep: Prepared, pcts: list, n: float, deff: float) -> Evidence:
    """The claim's evidence, each row's numbers taken as exact (:func:`.outcome.evaluate_at`)."""
    rows = np.asarray(pcts[0]).shape[0]
    nn, dd = np.full(rows, float(n)), np.full(rows, float(deff))
    return intersection_union(stacked_components(prep, pcts, nn, dd))


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
    numbers and box, and its corners from :func:`.corners.corners_of` at
    ``signs_at`` (:func:`.corners.claim_corners` reads the signs at the
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
    stacked = [np.concatenate([m[j] for m in moved]) for j in range(len(pcts))]
    size = rows * len(moved)
    n_s, deff_s = (np.full(size, float(x)) for x in signs_at)
    blocks = [
        split_rows(t, len(moved), size) for t in stacked_components(prep, stacked, n_s, deff_s)
    ]
    at = [[b[k] for b in blocks] for k in range(len(moved))]
    # (components, rows, numbers)
    signs = np.stack([effects(at[2 * k], at[2 * k + 1]) for k in range(len(numbers))], axis=-1)
    nn, dd = np.full(rows, float(n)), np.full(rows, float(deff))
    base = stacked_components(prep, pcts, nn, dd, box=box)
    bounded = bounded_components(prep, len(base))
    comps = []
    for c, b in enumerate(base):
        if bounded[c]:
            comps.append(b)
            continue
        ends = [_corner(pcts, box, numbers, signs[c], hurt) for hurt in (True, False)]
        both = [np.concatenate([e[j] for e in ends]) for j in range(len(pcts))]
        nn2, dd2 = np.full(2 * rows, float(n)), np.full(2 * rows, float(deff))
        t = stacked_components(prep, both, nn2, dd2, only=c)[0]
        comps.append(_worst(b, *split_rows(t, 2, 2 * rows)))
    out = intersection_union(comps)
    return (
        np.broadcast_to(np.asarray(out.pvalue_support, float), (rows,)),
        np.broadcast_to(np.asarray(out.pvalue_contradict, float), (rows,)),
    )
