"""The audit's registry of claim kinds: kind name -> preparer.

Each kind module registers its preparer under the kind's name(s) with
:func:`registers`; :mod:`migstats._audit.kinds` imports every kind module, so
that importing the package fills :data:`PREPARERS`.  What a kind *is* (its
grammar, quantifiers, estimand and interval) is declared in
:data:`migstats._corpus.KIND_REGISTRY`; a name registered here must be
declared there.
"""

from __future__ import annotations

from collections.abc import Callable

from ..._base import invalid_value
from ..._corpus import KIND_REGISTRY
from ..claim_context import ClaimContext, Prepared

__all__ = ["PREPARERS", "registers"]

#: A claim's ``kind`` -> its preparer (filled by the kind modules).
PREPARERS: dict[str, Callable[[dict, ClaimContext], Prepared]] = {}


def registers(*kinds: str) -> Callable:
    """Register the decorated preparer for ``kinds`` (each declared, each registered once)."""

    def register(preparer: Callable) -> Callable:
        for kind in kinds:
            if kind not in KIND_REGISTRY:
                raise invalid_value("kind", "a kind declared in KIND_REGISTRY", kind)
            if kind in PREPARERS:
                raise invalid_value("kind", "a kind registered once", kind)
            PREPARERS[kind] = preparer
        return preparer

    return register
