"""Bounded compositions: integer vectors ``0 <= x_i <= w_i`` with a fixed sum.

This module owns the exact counting and sampling primitives behind
:mod:`migstats._core.feasible`: the count by inclusion-exclusion (memory
independent of the sum), the dynamic programme over partial sums (used for
marginal distributions and as the reference in tests and benchmarks), and an
exact uniform integer below any Python int.  Private to the ``_core``
package.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

# ---------------------------------------------------------------------------
# exact dynamic programming over partial sums
# ---------------------------------------------------------------------------


def _box_step(F: np.ndarray, start: int, u: int, lo_t: int, hi_t: int) -> tuple[np.ndarray, int]:
    """Convolve a layer with the box ``0..u`` and restrict it to ``[lo_t, hi_t]``.

    ``F`` (object array of Python ints) holds the number of ways to reach
    each partial sum ``start, start + 1, ...``.  Returns ``G`` with
    ``G(s) = sum_{x=0}^{u} F(s - x)`` on ``s in [max(lo_t, start),
    min(hi_t, start + len(F) - 1 + u)]`` and that range's start.  Prefix
    sums make it O(len) exact additions.
    """
    length = len(F)
    new_start = max(lo_t, start)
    new_end = min(hi_t, start + length - 1 + u)
    if new_end < new_start:
        return np.zeros(0, dtype=object), new_start
    cum = np.zeros(length + 1, dtype=object)
    cum[1:] = np.cumsum(F)
    s = np.arange(new_start, new_end + 1)
    hi_idx = np.clip(s - start + 1, 0, length)
    lo_idx = np.clip(s - u - start, 0, length)
    return cum[hi_idx] - cum[lo_idx], new_start


def _forward_layers(u: np.ndarray, total: int) -> list[tuple[np.ndarray, int]]:
    """Layers ``F_0..F_k``: ways for the first ``j`` categories to reach each partial sum.

    Only partial sums from which ``total`` is still reachable are kept
    (``s >= total - sum(u[j:])`` and ``s <= total``).
    """
    k = len(u)
    suffix = np.concatenate([np.cumsum(u[::-1])[::-1], [0]])
    layers = [(np.array([1], dtype=object), 0)]
    for j in range(k):
        F, start = layers[-1]
        lo_t = max(0, total - int(suffix[j + 1]))
        layers.append(_box_step(F, start, int(u[j]), lo_t, total))
    return layers


# ---------------------------------------------------------------------------
# exact counting without arrays of width n
# ---------------------------------------------------------------------------


def _box_polynomial(widths: Sequence[int], cap: int) -> list[tuple[int, int]]:
    """Sparse ``prod_i (1 - z**(w_i + 1))``, terms of degree ``<= cap``, as (degree, coefficient).

    Expanding the product is inclusion-exclusion over the upper bounds
    (Stanley 2012, Enumerative Combinatorics I, sec. 1.9); equal degrees are
    merged, so the number of terms is at most ``min(2**k, cap + 1)``.
    """
    poly: dict[int, int] = {0: 1}
    for w in widths:
        step = int(w) + 1
        if step > cap:
            continue
        new = dict(poly)
        for e, c in poly.items():
            e2 = e + step
            if e2 <= cap:
                v = new.get(e2, 0) - c
                if v:
                    new[e2] = v
                else:
                    new.pop(e2, None)
        poly = new
    return sorted(poly.items())


def _compositions(total: int, parts: int) -> int:
    """Number of ways to write ``total`` as an ordered sum of ``parts`` integers >= 0."""
    if total < 0:
        return 0
    if parts == 0:
        return 1 if total == 0 else 0
    return math.comb(total + parts - 1, parts - 1)


def _count_box(poly: list[tuple[int, int]], parts: int, total: int) -> int:
    """Vectors ``0 <= x_i <= w_i`` (``parts`` of them) summing to ``total``.

    The coefficient of ``z**total`` in ``poly(z) / (1 - z)**parts``, where
    ``poly`` is :func:`_box_polynomial` of the widths (with ``cap >= total``).
    """
    out = 0
    for e, c in poly:
        if e > total:
            break
        out += c * _compositions(total - e, parts)
    return out


#: Most rejection rounds of :func:`_randbelow` before it gives up.  Each
#: round accepts with probability above 1/2 (the candidate has exactly the
#: bit length of ``bound``), so 200 rejections in a row have probability
#: below 2**-200: reaching the limit means a broken generator, not bad luck
#: (derived, with the 1/2 bound).
RANDBELOW_MAX_ROUNDS = 200


def _randbelow(gen: np.random.Generator, bound: int) -> int:
    """A uniform integer in ``[0, bound)`` for any Python int ``bound >= 1`` (exact).

    Raises ``MigstatsError`` for ``bound < 1`` (an empty range: a caller's
    count is wrong) and after :data:`RANDBELOW_MAX_ROUNDS` rejections, so a
    wrong count fails fast instead of looping for ever.
    """
    from .._base import MigstatsError

    if bound < 1:
        raise MigstatsError(
            f"internal error: a uniform draw below {bound} was requested (an empty range)"
        )
    bits = bound.bit_length()
    words = (bits + 31) // 32
    for _ in range(RANDBELOW_MAX_ROUNDS):
        value = 0
        for w in gen.integers(0, 2**32, size=words, dtype=np.uint64).tolist():
            value = (value << 32) | int(w)
        value >>= 32 * words - bits
        if value < bound:
            return value
    raise MigstatsError(
        f"internal error: no uniform draw below {bound} in {RANDBELOW_MAX_ROUNDS} rounds"
    )
