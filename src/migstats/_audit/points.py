"""A claim's p-values known per point (n, deff): the audit's cache of evaluated points.

This module owns :class:`PointCache` and its four operations: the points
``(n, deff)`` asked for (:func:`as_points`), those not yet known
(:func:`missing_points`, :func:`plan`), recording new ones
(:func:`store_points`) and reading known ones back (:func:`read_points`,
:func:`read_keys`), each one array operation
over the points (a point's key is the complex number ``n + i deff``, so
that the keys sort and search as numpy arrays), and the cache of a
claim and its rounding corners within one audit (:func:`point_cache`).
"""

from __future__ import annotations

import numpy as np

from .._base import broadcast_as
from .memo import memoised

__all__ = [
    "PointCache",
    "as_points",
    "missing_points",
    "plan",
    "point_cache",
    "point_keys",
    "read_keys",
    "read_points",
    "store_points",
]


class PointCache:
    """The p-values ``(support, contradict)`` of one claim at the points evaluated so far.

    ``keys``: the points' keys (:func:`_keys`), sorted; ``ps``, ``pc``: the
    p-values in the same order.
    """

    __slots__ = ("keys", "pc", "ps")

    def __init__(self) -> None:
        self.keys = np.empty(0, dtype=complex)
        self.ps = np.empty(0)
        self.pc = np.empty(0)


def _keys(n: np.ndarray, deff: np.ndarray) -> np.ndarray:
    """The points' keys ``n + i deff`` (exact: both parts are the floats themselves)."""
    keys = np.empty(np.shape(n), dtype=complex)
    keys.real, keys.imag = n, deff
    return keys


def as_points(n, deff) -> tuple[np.ndarray, np.ndarray]:
    """Points ``(n, deff)`` as two flat float arrays of one length."""
    n = np.atleast_1d(np.asarray(n, dtype=float)).ravel()
    return n, broadcast_as(deff, n.shape, float)


def point_cache(prep, corners) -> PointCache:
    """The claim's p-values known per point: one cache per claim and corners.

    Shared inside :func:`~.outcome.shared_evidence` (the audit's memo);
    outside it, a new cache.
    """
    return memoised(("points", id(prep), id(corners)), (prep, corners), PointCache)


def _found(known: PointCache, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each key would sit in ``known`` and whether it is there."""
    at = np.searchsorted(known.keys, keys)
    inside = at < known.keys.size
    hit = np.zeros(keys.shape, dtype=bool)
    hit[inside] = known.keys[at[inside]] == keys[inside]
    return at, hit


def point_keys(n, deff) -> np.ndarray:
    """The keys of the points ``(n, deff)`` (numbers or arrays, :func:`as_points`)."""
    return _keys(*as_points(n, deff))


def missing_points(
    known: PointCache, n: np.ndarray, deff: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct points ``(n, deff)`` not in ``known``: ``(n, deff)`` arrays, in key order."""
    return plan(known, _keys(n, deff))[0]


def plan(known: PointCache, keys: np.ndarray) -> tuple[tuple, np.ndarray | None]:
    """``(missing, at)``: the distinct points of ``keys`` not in ``known`` (``(n, deff)``
    arrays) and, when none is missing, where each key sits in ``known`` (else None)."""
    if known.keys.size:
        at, hit = _found(known, keys)
        if hit.all():
            return (np.empty(0), np.empty(0)), at
        keys = keys[~hit]
    if keys.size > 1:  # (one key is already distinct and sorted)
        keys = np.unique(keys)
    return (keys.real.copy(), keys.imag.copy()), None


def read_keys(known: PointCache, keys: np.ndarray, at: np.ndarray | None = None) -> tuple:
    """The known p-values ``(support, contradict)`` at the points of ``keys``.

    ``at``: where the keys sit in ``known``, if known (:func:`plan`).

    Raises
    ------
    KeyError
        If a point is not known (a caller's error: evaluate it first).
    """
    if at is None:
        at, hit = _found(known, keys)
        if not hit.all():
            raise KeyError(f"points not evaluated: {int((~hit).sum())} of {hit.size}")
    return known.ps[at], known.pc[at]


def store_points(known: PointCache, missing: tuple, ps, pc) -> None:
    """Record the p-values ``ps``, ``pc`` (arrays over the points ``missing``) in ``known``."""
    keys = _keys(*missing)
    every = np.concatenate([known.keys, keys])
    order = np.argsort(every, kind="stable")
    known.keys = every[order]
    for name, new in (("ps", ps), ("pc", pc)):
        values = broadcast_as(new, keys.shape, float)
        setattr(known, name, np.concatenate([getattr(known, name), values])[order])


def read_points(
    known: PointCache, n: np.ndarray, deff: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The known p-values ``(support, contradict)`` at the points ``(n, deff)``."""
    return read_keys(known, _keys(n, deff))
