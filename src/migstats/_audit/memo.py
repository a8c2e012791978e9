"""Results computed once per audit: a cache that lives for one audit call.

This module owns :func:`audit_memo`, :func:`memoised` and :func:`recalled`.  One audit
evaluates the same prepared claims, profiles and points more than once (each
quantifier reading re-runs the family's verdicts; the rounding corners of a
claim with several components evaluate every component; the robustness grid
and the break-even search revisit points).  Inside :func:`audit_memo` a
result is computed once per key and returned again after; outside it,
nothing is cached.  The cache is a context variable (one per thread or
task) and ends with the block; its keys hold the ``id`` of the objects
they are about, which the cache keeps alive meanwhile so that no other
object can take their id.  The objects must not change inside the block
(the batch audit, which writes each replication's numbers into its
profiles, does not use it).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Hashable, Iterator
from typing import Any

import numpy as np

__all__ = ["array_key", "audit_memo", "memoised", "missing_rows", "recalled"]

_CACHE: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "migstats_audit_memo", default=None
)


@contextlib.contextmanager
def audit_memo() -> Iterator[None]:
    """Inside the block, :func:`memoised` computes each result once (nested blocks share it)."""
    if _CACHE.get() is not None:  # already inside one: share it
        yield
        return
    token = _CACHE.set({})
    try:
        yield
    finally:
        _CACHE.reset(token)


def array_key(*values: Any) -> tuple:
    """A hashable key of numbers and arrays: each one's shape and bytes as float64."""
    out: list[Hashable] = []
    for v in values:
        a = np.asarray(v, dtype=float)
        out += [a.shape, a.tobytes()]
    return tuple(out)


def memoised(key: tuple, keep: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()``, or the result already computed for ``key`` inside :func:`audit_memo`.

    ``keep``: the objects whose ids are part of ``key`` (kept alive with the
    result).

    Examples
    --------
    >>> calls = []
    >>> def f():
    ...     calls.append(1)
    ...     return 42
    >>> with audit_memo():
    ...     memoised(("f",), (), f), memoised(("f",), (), f)
    (42, 42)
    >>> len(calls), memoised(("f",), (), f), len(calls)  # outside: not cached
    (1, 42, 2)
    """
    cache = _CACHE.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = (keep, compute())
    return cache[key][1]


def recalled(key: tuple) -> Any:
    """The result already computed for ``key`` inside :func:`audit_memo`, else None.

    Examples
    --------
    >>> with audit_memo():
    ...     _ = memoised(("g",), (), lambda: 7)
    ...     recalled(("g",)), recalled(("h",))
    (7, None)
    """
    cache = _CACHE.get()
    hit = None if cache is None else cache.get(key)
    return None if hit is None else hit[1]


def missing_rows(known: dict, keys: list) -> list:
    """The distinct ``keys`` not yet in ``known``, in the order first asked for.

    For results kept row by row (a claim's p-values per point, an
    interval per row of numbers): the rows not yet known are computed in one
    call and added to ``known``; the others are looked up.

    Examples
    --------
    >>> missing_rows({(1.0,): 0.5}, [(2.0,), (1.0,), (2.0,), (3.0,)])
    [(2.0,), (3.0,)]
    """
    return [k for k in dict.fromkeys(keys) if k not in known]
