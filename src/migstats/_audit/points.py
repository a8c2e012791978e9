"""A claim's p-values known per point (n, deff): the audit's cache of evaluated points.

This module owns :class:`PointCache` and its four operations: the points
``(n, deff)`` asked for (:func:`as_points`), those not yet known
(:func:`missing_points`), recording new ones (:func:`store_points`) and
reading known ones back (:func:`read_points`), each one array operation
over the points (a point's key is the complex number ``n + i deff``, so
that the keys sort and search as numpy arrays), and the cache of a
claim and its rounding corners within one audit (:func:`point_cache`).
"""

from __future__ import annotations

import numpy as np

from .memo import memoised

__all__ = [
    "PointCache",
    "as_points",
    "missing_points",
    "point_cache",
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
    return n, np.broadcast_to(np.asarray(deff, dtype=float), n.shape)


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


def missing_points(
    known: PointCache, n: np.ndarray, deff: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct points ``(n, deff)`` not in ``known``: ``(n, deff)`` arrays, in key order."""
    keys = _keys(n, deff)
    if known.keys.size:
        keys = keys[~_found(known, keys)[1]]
    keys = np.unique(keys)
    return keys.real.copy(), keys.imag.copy()


def store_points(known: PointCache, missing: tuple, ps, pc) -> None:
    """Record the p-values ``ps``, ``pc`` (arrays over the points ``missing``) in ``known``."""
    keys = _keys(*missing)
    every = np.concatenate([known.keys, keys])
    order = np.argsort(every, kind="stable")
    known.keys = every[order]
    for name, new in (("ps", ps), ("pc", pc)):
        values = np.broadcast_to(np.asarray(new, dtype=float), keys.shape)
        setattr(known, name, np.concatenate([getattr(known, name), values])[order])


def read_points(
    known: PointCache, n: np.ndarray, deff: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The known p-values ``(support, contradict)`` at the points ``(n, deff)``.

    Raises
    ------
    KeyError
        If a point is not known (a caller's error: evaluate it first).
    """
    at, hit = _found(known, _keys(n, deff))
    if not hit.all():
        raise KeyError(f"points not evaluated: {int((~hit).sum())} of {hit.size}")
    return known.ps[at], known.pc[at]
