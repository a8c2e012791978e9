"""The audit's claim kinds: one module per kind (or family of kinds sharing a test).

Each module holds a kind's preparer -- which published numbers a claim rests
on, the test it calls for, the interval of the estimand it shows and the
words of its reason -- and registers it under the kind's name
(:mod:`.registry`); each module's docstring names its kinds.
:func:`prepare` looks a claim's kind up in the registry.
"""

from __future__ import annotations

import pandas as pd

from ..._base import MigstatsValueError, invalid_value
from ..claim_context import ClaimContext, Prepared, Untestable
from ..profiles import NotAShare
from . import (
    comparison,
    equivalence,
    gradient,
    gradient_comparison,
    item_difference,
    level,
    rank,
    ratio,
    text_table,
)
from .multi_item import items_of, prepare_items
from .registry import PREPARERS, registers

__all__ = ["PREPARERS", "prepare", "registers", "untestable_unknown_kinds"]


def prepare(claim: dict, ctx: ClaimContext) -> Prepared:
    """Prepare one claim: untestable as registered, or by the preparer of its kind."""
    if claim["untestable_reason"]:
        return Prepared(claim, [], None, "", untestable=claim["untestable_reason"])
    preparer = PREPARERS.get(claim["kind"])
    if preparer is None:  # pragma: no cover - the claims schema lists the kinds
        raise invalid_value("kind", "a kind the audit can test", claim["kind"])
    try:
        if len(items_of(claim)) > 1:
            return prepare_items(claim, ctx, preparer)
        return preparer(claim, ctx)
    except (Untestable, NotAShare) as why:
        return Prepared(claim, [], None, "", untestable=str(why))
    except MigstatsValueError as err:
        if type(err) is not MigstatsValueError:
            raise
        raise MigstatsValueError(f"claim {claim['claim_id']}: {err}") from err


def untestable_unknown_kinds(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims of a kind without a registered preparer become untestable, saying so.

    A kind may be declared (``migstats._corpus.KIND_REGISTRY``, the schema)
    before the audit can test it; such a claim gets ``untestable_reason``
    "kind ... not implemented" instead of an error.
    """
    unknown = ~claims["kind"].isin(list(PREPARERS)) & (claims["untestable_reason"] == "")
    if not unknown.any():
        return claims
    out = claims.copy()
    out.loc[unknown, "untestable_reason"] = [
        f"kind {k!r} not implemented: the audit has no test for it yet"
        for k in out.loc[unknown, "kind"]
    ]
    return out
