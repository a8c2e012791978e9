"""Exactly uniform draws of bounded compositions (``0 <= x_i <= w_i``, a fixed sum).

This module owns the sampler behind :meth:`migstats.FeasibleCounts.sample`:
rejection from the box when its exact acceptance rate is high enough, else
sequential sampling with exact conditional counts
(:mod:`migstats._core.compositions`).  Neither method builds an array whose
size grows with the sum.  Private to the ``_core`` package.
"""

from __future__ import annotations

import math

import numpy as np

from .._base import MigstatsError
from .compositions import _box_polynomial, _compositions, _randbelow
from .exact import _INT64_SAFE

__all__ = ["REJECTION_MIN_ACCEPTANCE"]

#: Use rejection sampling when its exact acceptance rate is at least this
#: (at most ``1 / REJECTION_MIN_ACCEPTANCE`` candidates per accepted draw on
#: average); below it, exact sequential sampling (project convention).
REJECTION_MIN_ACCEPTANCE = 1e-3

#: Largest number of candidate rows drawn at once by rejection sampling.
_REJECTION_BATCH = 200_000


def _sample_compositions(
    widths: list[int], total: int, count: int, size: int, gen: np.random.Generator
) -> np.ndarray:
    """``size`` uniform draws of ``x`` with ``0 <= x_i <= widths[i]`` and ``sum(x) == total``.

    ``count`` is the exact number of such vectors (> 0).  The method follows
    from the exact acceptance rate ``a = count / prod_{i != L} (w_i + 1)``
    (``L`` the widest part): rejection from the box when ``a >=``
    :data:`REJECTION_MIN_ACCEPTANCE` (:func:`_sample_rejection`), else
    sequential sampling (:func:`_sample_sequential`).  Returns an int64
    array of shape ``(size, len(widths))``.
    """
    solved = int(np.argmax(widths))
    box = math.prod(w + 1 for i, w in enumerate(widths) if i != solved)
    acceptance = count / box
    if acceptance >= REJECTION_MIN_ACCEPTANCE and sum(widths) < _INT64_SAFE:
        return _sample_rejection(widths, total, size, gen, solved, acceptance)
    return _sample_sequential(widths, total, size, gen)


def _sample_rejection(
    widths: list[int],
    total: int,
    size: int,
    gen: np.random.Generator,
    solved: int,
    acceptance: float,
) -> np.ndarray:
    """Uniform draws by rejection from the box (Devroye 1986, sec. II.3).

    The parts other than ``solved`` are drawn uniformly from their ranges
    (vectorised), ``solved`` takes the rest, and draws where the rest falls
    outside its range are discarded.  A uniform draw from the box
    conditioned on the event is uniform on the set; on average
    ``1 / acceptance`` candidates per draw.
    """
    w = np.asarray(widths, dtype=np.int64)
    k = len(widths)
    others = [i for i in range(k) if i != solved]
    out = np.empty((size, k), dtype=np.int64)
    filled = 0
    while filled < size:
        need = size - filled
        m = int(min(_REJECTION_BATCH, max(64, 1.2 * need / acceptance + 16)))
        cand = np.empty((m, k), dtype=np.int64)
        for i in others:
            cand[:, i] = gen.integers(0, w[i] + 1, size=m, dtype=np.int64)
        cand[:, solved] = 0
        cand[:, solved] = total - cand.sum(axis=1)
        ok = (cand[:, solved] >= 0) & (cand[:, solved] <= w[solved])
        got = cand[ok][:need]
        out[filled : filled + len(got)] = got
        filled += len(got)
    return out


def _sample_sequential(
    widths: list[int], total: int, size: int, gen: np.random.Generator
) -> np.ndarray:
    """Uniform draws by exact sequential sampling (Nijenhuis and Wilf 1978, ch. 13).

    Part ``j`` is drawn from its exact conditional distribution given the
    parts already drawn, by bisection on the exact cumulative number of
    completions ``sum_{y <= x} N_{>j}(t - y)``, itself a bounded composition
    count (inclusion-exclusion with part ``j`` capped at ``x``), all in
    Python integers.  Cost per draw ``O(k * log(max w) * T)`` with
    ``T <= 2**k`` the number of inclusion-exclusion terms.
    """
    k = len(widths)
    polys = [_box_polynomial(widths[j:], total) for j in range(k + 1)]
    suffix = [sum(widths[j:]) for j in range(k + 1)]
    out = np.empty((size, k), dtype=np.int64)
    for row in range(size):
        t = total
        for j in range(k - 1):
            rest, parts = polys[j + 1], k - j

            def cum(x: int, rest=rest, parts=parts, t=t) -> int:
                return sum(
                    c * (_compositions(t - e, parts) - _compositions(t - e - x - 1, parts))
                    for e, c in rest
                    if e <= t
                )

            lo_x, hi_x = max(0, t - suffix[j + 1]), min(widths[j], t)
            u = _randbelow(gen, cum(hi_x))
            while lo_x < hi_x:  # smallest x with cum(x) > u
                mid = (lo_x + hi_x) // 2
                if cum(mid) > u:
                    hi_x = mid
                else:
                    lo_x = mid + 1
            out[row, j] = lo_x
            t -= lo_x
        if not 0 <= t <= widths[k - 1]:  # a wrong count: fail, never return a non-member
            raise MigstatsError(f"internal error: sequential draw left {t} for the last count")
        out[row, k - 1] = t
    return out
