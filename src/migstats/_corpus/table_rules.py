"""Rules for published tables that a Table Schema cannot state.

Each rule is a short named function over the typed rows of a tidy table
(index = 0-based row position) that passed every earlier check, returning
:class:`~migstats._corpus.schema.Finding` s; :func:`validate_tables` runs
them, in the order of :func:`table_rules`, through the one schema-driven
validator (:func:`~migstats._corpus.schema.validate_resource`), which
collects every finding into one error.  They check a table against its item
catalogue and dimensions, ``reported`` against ``percent``, group order,
sums of a group's responses and totals against their groups.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Collection, Iterator, Mapping
from typing import Any

import pandas as pd

from .schema import Finding, Rule

__all__ = ["complete_responses", "item_tables", "table_rules"]

#: Tolerance for comparing sums and midpoints (floating point only).
FLOAT_TOLERANCE = 1e-9

#: Prefix of a ``scale`` that declares a labelled answer set complete (project
#: convention; see docs/another-report.md, "A richer package").
COMPLETE_PREFIX = "complete:"

_RANGE_RE = re.compile(r"^([0-9]+(?:\.[0-9]+)?)-([0-9]+(?:\.[0-9]+)?)$")
_K_POINT_RE = re.compile(r"^([0-9]+)-point\b")


def complete_responses(scale: str) -> tuple[str, ...] | None:
    """The complete answer set a ``scale`` declares (None: not declared complete).

    Two forms declare a complete set, whose reported shares must then sum to
    100 within rounding: a numeric ``'K-point'`` scale (codes ``'1'..'K'``),
    and a labelled set written out in full after ``'complete:'``, separated
    by ``';'`` (``'complete: satisfied;neutral;dissatisfied'``).  Any other
    text (``'5-point agree-disagree'``, ``'categories'``) declares nothing.

    Examples
    --------
    >>> complete_responses("10-point")[-1], complete_responses("5-point agree-disagree")
    ('10', None)
    >>> complete_responses("complete: satisfied; neutral;dissatisfied")
    ('satisfied', 'neutral', 'dissatisfied')
    """
    if scale.startswith(COMPLETE_PREFIX):
        labels = tuple(x.strip() for x in scale[len(COMPLETE_PREFIX) :].split(";"))
        return labels if all(labels) and len(set(labels)) == len(labels) else None
    m = _K_POINT_RE.match(scale)
    if m is None or "agree" in scale:
        return None
    return tuple(str(i) for i in range(1, int(m.group(1)) + 1))


def _rows(d: pd.DataFrame, *columns: str) -> Iterator[tuple[Any, ...]]:
    return zip(d.index, *(d[c].tolist() for c in columns), strict=True)


def item_tables(table: str) -> tuple[str, ...]:
    """The tables of an item: its catalogue ``table``, a ``;``-separated list.

    Examples
    --------
    >>> item_tables("3.1"), item_tables("3.1; 3.2")
    (('3.1',), ('3.1', '3.2'))
    """
    return tuple(t.strip() for t in str(table).split(";") if t.strip())


def tables_of_items(d: pd.DataFrame, catalogue: pd.DataFrame) -> Iterator[Finding]:
    """``table`` is one of the item's own tables (catalogue ``table``, ``;``-separated) or text."""
    item_table = {
        i: item_tables(t) for i, t in zip(catalogue["item"], catalogue["table"], strict=True)
    }
    table_ids = tuple(dict.fromkeys([t for ts in item_table.values() for t in ts] + ["text"]))
    for pos, t, i in _rows(d, "table", "item"):
        if t not in table_ids:
            yield Finding(
                pos,
                "table",
                f"unknown table id {t!r}; valid ids are {', '.join(table_ids)} (the tables "
                "named in the item catalogue's column 'table')",
            )
        elif t != "text" and i in item_table and t not in item_table[i]:
            own = " or ".join(repr(x) for x in (*item_table[i], "text"))
            yield Finding(pos, "table", f"item {i!r} belongs to table {own}, but got {t!r}")


def responses_of_items(d: pd.DataFrame, catalogue: pd.DataFrame) -> Iterator[Finding]:
    """``response`` is one of the item's ``responses_reported``."""
    allowed = {
        i: frozenset(r.split(";"))
        for i, r in zip(catalogue["item"], catalogue["responses_reported"], strict=True)
    }
    for pos, i, r in _rows(d, "item", "response"):
        if i in allowed and r not in allowed[i]:
            shown = ", ".join(repr(x) for x in sorted(allowed[i]))
            yield Finding(pos, "response", f"must be one of {shown} for item {i!r}, but got {r!r}")


def groups_of_dimensions(d: pd.DataFrame, dims: Mapping[str, tuple[str, ...]]) -> Iterator[Finding]:
    """``dimension`` is known and ``group`` is one of its groups."""
    for pos, dim, g in _rows(d, "dimension", "group"):
        if dim not in dims:
            yield Finding(
                pos,
                "dimension",
                f"unknown dimension {dim!r}; valid dimensions are {', '.join(dims)}",
            )
        elif g not in dims[dim]:
            yield Finding(
                pos,
                "group",
                f"unknown group {g!r} for dimension {dim!r}; valid groups are "
                f"{', '.join(dims[dim])}",
            )


def text_reported_means_text(d: pd.DataFrame) -> Iterator[Finding]:
    """``text_reported`` is true exactly for ``table == "text"``."""
    for pos, tr, t in _rows(d, "text_reported", "table"):
        if bool(tr) != (t == "text"):
            yield Finding(
                pos, "text_reported", f"must be true exactly for table 'text', but got {tr!r}"
            )


def _decimals_of(token: str) -> int:
    return len(token.split(".")[1]) if "." in token else 0


def reported_matches_percent(d: pd.DataFrame, decimals: int) -> Iterator[Finding]:
    """``reported`` equals ``percent`` (a range: its midpoint), at most ``decimals`` decimals."""
    for pos, r, p in _rows(d, "reported", "percent"):
        m = _RANGE_RE.match(r)
        tokens = [m.group(1), m.group(2)] if m else [r]
        low, high = float(tokens[0]), float(tokens[-1])
        if low > high:
            yield Finding(
                pos, "reported", f"must be a range low-high with low <= high, but got {r!r}"
            )
            continue
        value = (low + high) / 2
        if not math.isclose(value, p, rel_tol=0.0, abs_tol=FLOAT_TOLERANCE):
            what = "the range midpoint" if m else "the number"
            yield Finding(
                pos, "percent", f"must equal {what} in reported ({r!r} -> {value:g}), but got {p!r}"
            )
        elif max(_decimals_of(t) for t in tokens) > decimals:
            yield Finding(
                pos, "reported", f"must have at most decimals={decimals} decimals, but got {r!r}"
            )


def groups_in_order(d: pd.DataFrame, dims: Mapping[str, tuple[str, ...]]) -> Iterator[Finding]:
    """Within each ``(table, item, response, dimension)`` block, groups follow ``dims``' order."""
    rank = {g: i for labels in dims.values() for i, g in enumerate(labels)}
    last: dict[tuple[str, ...], int] = {}
    for pos, t, i, r, dim, g in _rows(d, "table", "item", "response", "dimension", "group"):
        block = (t, i, r, dim)
        if block in last and rank[g] <= last[block]:
            yield Finding(
                pos,
                "group",
                f"groups of dimension {dim!r} must appear in the order {', '.join(dims[dim])}",
            )
        last[block] = rank[g]


def response_sums(d: pd.DataFrame, catalogue: pd.DataFrame, half: float) -> Iterator[Finding]:
    """A group's responses sum to <= 100 (a complete K-point scale: to 100) within rounding.

    ``k`` numbers each rounded by at most ``half`` move a sum by at most
    ``k * half``.  Ranges such as ``"6-10"`` overlap the single codes and are
    left out.  The finding stands at the block's first row.
    """
    scale = catalogue["scale"] if "scale" in catalogue.columns else [""] * len(catalogue)
    complete = {
        i: complete_responses(str(sc)) for i, sc in zip(catalogue["item"], scale, strict=True)
    }
    blocks: dict[tuple[str, ...], list[Any]] = {}
    for pos, t, i, r, dim, g, p in _rows(
        d, "table", "item", "response", "dimension", "group", "percent"
    ):
        if "-" in r:
            continue
        b = blocks.setdefault((t, i, dim, g), [0, 0.0, 0, pos])
        b[0] += 1
        b[1] += float(p)
        b[2] += complete.get(i) is not None and r in complete[i]
    for (_t, i, _d, _g), (k, total, n_scale, pos) in blocks.items():
        slack = k * half + FLOAT_TOLERANCE
        full = complete.get(i) is not None and n_scale == k == len(complete[i])
        if full and abs(total - 100.0) > slack:
            yield Finding(
                pos,
                "percent",
                f"the {k} responses of a complete distribution must sum to 100 within "
                f"{k} x {half:g} (rounding), but they sum to {total:g}",
            )
        elif not full and k > 1 and total > 100.0 + slack:
            yield Finding(
                pos,
                "percent",
                f"the {k} responses reported for this group must sum to at most 100 + {k} x "
                f"{half:g} (rounding), but they sum to {total:g}",
            )


def totals_within_groups(
    d: pd.DataFrame, dims: Mapping[str, tuple[str, ...]], partitions: Collection[str], half: float
) -> Iterator[Finding]:
    """A total lies within ``[min - half, max + half]`` of each complete partition's groups.

    A total is a weighted mean of the groups of a partition of the
    population; rounding moves each number by at most ``half``.
    """
    part_set = frozenset(p for p in partitions if p != "total")
    ranges: dict[tuple[str, ...], list[Any]] = {}
    totals = []
    for pos, t, i, r, dim, g, p in _rows(
        d, "table", "item", "response", "dimension", "group", "percent"
    ):
        if dim == "total":
            totals.append((pos, i, r, float(p)))
        elif dim in part_set:
            b = ranges.setdefault((i, r, dim, t), [math.inf, -math.inf, set()])
            b[0], b[1] = min(b[0], p), max(b[1], p)
            b[2].add(g)
    by_item: dict[tuple[str, str], list[tuple[str, str, float, float]]] = {}
    for (i, r, dim, t), (lo, hi, present) in ranges.items():
        if len(present) == len(dims[dim]):
            by_item.setdefault((i, r), []).append((dim, t, float(lo), float(hi)))
    for pos, i, r, p in totals:
        for dim, t, lo, hi in by_item.get((i, r), ()):
            if not (lo - half - FLOAT_TOLERANCE <= p <= hi + half + FLOAT_TOLERANCE):
                yield Finding(
                    pos,
                    "percent",
                    f"total {p:g} of item {i!r}, response {r!r} must lie within the range of "
                    f"its {dim} groups [{lo:g}, {hi:g}] (table {t}) widened by the rounding "
                    f"half-width {half:g}",
                )


def table_rules(
    catalogue: pd.DataFrame,
    dims: Mapping[str, tuple[str, ...]],
    partitions: Collection[str],
    decimals: int,
    half: float,
    *,
    ordered: bool,
) -> list[Rule]:
    """The rules of a tidy table, in order; ``ordered`` adds the group-order rule (files)."""
    rules: list[Rule] = [
        functools.partial(tables_of_items, catalogue=catalogue),
        functools.partial(responses_of_items, catalogue=catalogue),
        functools.partial(groups_of_dimensions, dims=dims),
        text_reported_means_text,
        functools.partial(reported_matches_percent, decimals=decimals),
    ]
    if ordered:
        rules.append(functools.partial(groups_in_order, dims=dims))
    rules.append(functools.partial(response_sums, catalogue=catalogue, half=half))
    rules.append(
        functools.partial(totals_within_groups, dims=dims, partitions=partitions, half=half)
    )
    return rules
