"""A report's dimensions: which breakdowns are ordered, and their groups' order.

This module owns :class:`DimensionOrder` and :func:`dimension_orders`, the one
reading of a declaration of dimensions (from a ``Report``, a package
descriptor's ``"dimensions"`` entry or the user's mapping) into
``{dimension: DimensionOrder(groups, ordered)}``.  Gradient analyses need an
ordered dimension and take its groups in the declared order; pairwise
comparisons work on any dimension.  Dimensions that are not declared are
ordered as the design's shares list their groups, else as the table lists
them (the caller's fallback, documented where it is used).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from .._base import invalid_value

__all__ = ["DimensionOrder", "dimension_orders"]


class DimensionOrder(NamedTuple):
    """One dimension's declaration: its groups in order (None: not listed) and whether ordered."""

    groups: tuple[str, ...] | None
    ordered: bool


def _one(name: str, spec: Any) -> DimensionOrder:
    """Read one dimension's declaration (see :func:`dimension_orders`)."""
    if isinstance(spec, DimensionOrder):
        return spec
    if hasattr(spec, "ordered") and not isinstance(spec, Mapping):
        groups = getattr(spec, "groups", None)
        return DimensionOrder(
            None if groups is None else tuple(map(str, groups)), bool(spec.ordered)
        )
    if isinstance(spec, Mapping):
        # other keys (a definition, its source, group sizes) are the descriptor's metadata
        ordered, groups = spec.get("ordered", True), spec.get("groups")
        if not isinstance(ordered, bool) or not (
            groups is None or (isinstance(groups, Sequence) and not isinstance(groups, str))
        ):
            raise invalid_value(
                f"dimensions[{name!r}]",
                "a mapping with 'groups' (a list) and 'ordered' (True or False)",
                {"groups": groups, "ordered": ordered},
            )
        return DimensionOrder(None if groups is None else tuple(map(str, groups)), ordered)
    if isinstance(spec, Sequence) and not isinstance(spec, str):
        return DimensionOrder(tuple(map(str, spec)), True)
    raise invalid_value(
        f"dimensions[{name!r}]",
        "a list of groups in order, a mapping {'groups': [...], 'ordered': bool} "
        "or an object with groups and ordered attributes",
        spec,
    )


def dimension_orders(dimensions: Any) -> dict[str, DimensionOrder]:
    """Read a declaration of dimensions into ``{name: DimensionOrder(groups, ordered)}``.

    Parameters
    ----------
    dimensions : None, mapping or sequence
        None (nothing declared); a mapping ``name -> spec`` where ``spec`` is
        a list of groups in order (an ordered dimension), a mapping
        ``{"groups": [...], "ordered": bool}`` (the ``"dimensions"`` entry of
        a report package's design, as in
        ``data/reports/pew_inequality_2020/datapackage.json``) or an object with
        ``groups`` and ``ordered`` attributes; or a sequence of objects with
        ``name``, ``groups`` and ``ordered`` attributes.

    Returns
    -------
    dict of str to DimensionOrder

    Raises
    ------
    MigstatsValueError
        For a declaration of another form (the message names the dimension).

    Examples
    --------
    >>> d = dimension_orders({"age": ["18-34", "35-54", "55+"],
    ...                       "party": {"groups": ["rep", "dem"], "ordered": False}})
    >>> d["age"].ordered, d["party"]
    (True, DimensionOrder(groups=('rep', 'dem'), ordered=False))
    """
    if dimensions is None:
        return {}
    if isinstance(dimensions, Mapping):
        return {str(k): _one(str(k), v) for k, v in dimensions.items()}
    if isinstance(dimensions, Sequence) and not isinstance(dimensions, str):
        if all(hasattr(d, "name") for d in dimensions):
            return {str(d.name): _one(str(d.name), d) for d in dimensions}
    raise invalid_value(
        "dimensions",
        "None, a mapping name -> groups/declaration, or a list of dimensions",
        type(dimensions).__name__,
    )
