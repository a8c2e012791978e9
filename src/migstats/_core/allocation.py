"""The count vector closest to target counts under bounds and a sum: greedy allocation.

This module owns the search behind :meth:`migstats.FeasibleCounts.closest`:
the minimiser of ``sum_i (c_i - t_i)^2`` over ``lower_i <= c_i <= lower_i +
w_i`` with a fixed total, found without listing the units.  Exact Python
integers throughout.  Private to the ``_core`` package.
"""

from __future__ import annotations


def _closest_allocation(
    targets: list[int], scale: int, lower: list[int], widths: list[int], take: int
) -> list[int]:
    """The counts ``lower + a`` nearest to ``targets / scale`` in squared distance.

    ``0 <= a_i <= widths_i`` and ``sum(a) == take``; the distance is
    ``sum_i (c_i - targets_i / scale)^2``.
    A separable convex objective under one sum constraint and bounds is
    minimised by greedy marginal allocation (Gross 1956; Ibaraki and Katoh
    1988, ch. 4): starting from ``lower``, the ``take`` units go to the
    smallest marginal costs, which increase within each part.  The unit
    raising ``c_i`` to ``v`` costs ``(2 v scale - 2 targets_i - scale) /
    scale``; the number of units of part ``i`` with scaled cost at most
    ``lam`` is a clipped floor, so the ``take``-th smallest cost ``lam*`` is
    found by bisection over the integers.  Every unit cheaper than ``lam*``
    is taken and the remaining ones (cost exactly ``lam*``, at most one per
    part) go to the earliest parts (ties favour earlier parts).
    ``O(k log(n))`` integer operations, memory independent of the counts.
    """

    def taken(lam: int) -> list[int]:
        # units of i with scaled cost <= lam: v <= (lam + scale + 2 t_i) / (2 scale)
        return [
            min(max((lam + scale + 2 * t) // (2 * scale) - lo, 0), w)
            for t, lo, w in zip(targets, lower, widths, strict=True)
        ]

    c = list(lower)
    if not take:
        return c
    big = 2 * max(abs(t) for t in targets) + 2 * scale
    n = sum(lower) + take  # every count is at most n
    low, high = -big, 2 * scale * (n + 1) + big
    while low < high:  # smallest lam with at least `take` units at cost <= lam
        mid = (low + high) // 2
        if sum(taken(mid)) >= take:
            high = mid
        else:
            low = mid + 1
    below = taken(low - 1)
    at = taken(low)
    extra = take - sum(below)
    for i in range(len(c)):
        c[i] += below[i]
        if extra and at[i] > below[i]:
            c[i] += 1
            extra -= 1
    return c
