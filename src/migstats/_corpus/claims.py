"""The claims registry: what a report asserts, in machine-readable form.

This module owns ``data/claims.csv`` (chapter 7's registry: one row per
checkable statement of the chapter) and the rules a registry must meet
beyond its Frictionless Table Schema, run by the one validator
(:func:`~migstats._corpus.schema.validate_resource`): every table, item,
response and dimension a claim refers to must be published, every group it
names must be a group of its dimension (it may be unpublished for the
claim's item: the audit then calls the claim untestable), a claim has what
its kind needs and its quantifier reads on its kind's scale.  It also owns
the small grammar of the ``groups`` column (``"A>B"``, ``"A+B>rest"``,
``"A>B,C"``, ``"all"``, ``"increasing"``, ``"A;B"`` for ratios) and the
look-up of the numbers a claim is about.  The quantifiers live in
:mod:`.quantifiers` (their names are re-exported here).

The statistics of the audit live in :mod:`migstats._audit`."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .._base import CLAIM_COLUMNS, MigstatsValueError, frame_records, invalid_value
from .claim_kinds import KIND_REGISTRY, kinds_where
from .package import register_validator
from .quantifiers import (
    QUANTIFIERS_FILE,
    QUANTIFIERS_SCHEMA,
    QuantifierRange,
    load_quantifiers,
    quantifier_range,
    resolve_quantifiers,
    validate_quantifiers,
)
from .schema import Finding, generic_schema, validate_resource
from .tables import bundled_resource
from .validated import is_validated, remember_validated

# The quantifier names are re-exported for code that imported them from here
# before they moved to :mod:`.quantifiers`.
__all__ = [
    "CHECKS",
    "CLAIM_KINDS",
    "QUANTIFIERS_FILE",
    "QUANTIFIERS_SCHEMA",
    "QuantifierRange",
    "load_claims",
    "load_quantifiers",
    "quantifier_range",
    "validate_claims",
    "validate_quantifiers",
]

#: File names inside the package's ``data`` directory.
CLAIMS_FILE = "claims.csv"
CLAIMS_SCHEMA = "claims.schema.json"

#: The kinds of claim the audit knows (``kind`` column), from the registry
#: (:data:`~.claim_kinds.KIND_REGISTRY`, which documents each).
CLAIM_KINDS = tuple(KIND_REGISTRY)

#: Consistency checks of ``text_table`` claims (``check`` column).
CHECKS = ("equal", "sum", "at_most_100", "weighted_mean")

#: Kinds whose ``groups`` is a comparison ``"A>B"`` (from the registry).
COMPARISON_KINDS = kinds_where(groups="comparison")

#: Kinds that need the whole ordered profile of a dimension (``groups="all"``).
PROFILE_KINDS = kinds_where(groups="profile")

#: Directions of ``gradient`` claims.
GRADIENT_DIRECTIONS = ("increasing", "decreasing")

#: Pseudo-group that pools every group of the dimension not named on the
#: other side of a comparison.
REST = "rest"

#: Separator of the two sides of a ``ratio`` claim's ``groups`` (``"A;B"``:
#: the share of A divided by the share of B; a side may pool groups with ``+``).
RATIO_SEPARATOR = ";"

#: Which quantifiers each kind takes: (scale, tests) (from the registry).
KIND_QUANTIFIERS: Mapping[str, tuple[str, tuple[str, ...]]] = {
    k.name: k.quantifier for k in KIND_REGISTRY.values() if k.quantifier is not None
}


_RANGE = re.compile(r"^(\d+)-(\d+)$")


# --------------------------------------------------------------------------
# the groups grammar
# --------------------------------------------------------------------------


class Comparison(NamedTuple):
    """A parsed ``"A>B"`` groups field.

    ``left`` is the pooled group set on the high side; ``right`` is a tuple
    of pooled group sets, each of which ``left`` must exceed.
    """

    left: tuple[str, ...]
    right: tuple[tuple[str, ...], ...]


def parse_comparison(groups: str, available: Sequence[str]) -> Comparison:
    """Parse ``"A>B"``, ``"A+B>C"``, ``"A>B,C"`` or ``"A>rest"``.

    ``rest`` pools every group of ``available`` not on the left side.  A
    side that is itself a group name (``"65+"``) is that group, not a pool.
    Raises :class:`MigstatsValueError` for a malformed field or unknown
    groups.
    """
    if not isinstance(groups, str) or groups.count(">") != 1:
        raise invalid_value("groups", "a comparison 'A>B'", groups)
    lhs, rhs = groups.split(">")
    left = _pooled(lhs, available)
    right_sets = []
    for part in rhs.split(","):
        members = _pooled(part, available)
        if members == (REST,):
            members = tuple(g for g in available if g not in left)
        right_sets.append(members)
    for g in left + tuple(x for s in right_sets for x in s):
        if g not in available:
            raise invalid_value(
                "groups", "groups published for this item: " + ", ".join(available), g
            )
    for s in right_sets:
        if not s or set(s) & set(left):
            raise invalid_value("groups", "a comparison of disjoint, non-empty group sets", groups)
    return Comparison(left, tuple(right_sets))


def parse_ratio(groups: str, available: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Parse a ``ratio`` claim's ``"A;B"`` (share of A over share of B) into its two sides.

    A side that is a group name is that group; otherwise ``+`` pools groups.
    Raises :class:`MigstatsValueError` for a malformed field, unknown groups
    or overlapping sides.

    Examples
    --------
    >>> parse_ratio("dem;rep", ["rep", "dem"])
    (('dem',), ('rep',))
    """
    if not isinstance(groups, str) or groups.count(RATIO_SEPARATOR) != 1:
        raise invalid_value("groups", "a ratio 'A;B' (share of A over share of B)", groups)
    left, right = (_pooled(x, available) for x in groups.split(RATIO_SEPARATOR))
    for g in left + right:
        if g not in available:
            raise invalid_value("groups", "groups of this dimension: " + ", ".join(available), g)
    if set(left) & set(right):
        raise invalid_value("groups", "a ratio of disjoint group sets", groups)
    return left, right


def _pooled(side: str, available: Sequence[str]) -> tuple[str, ...]:
    """One side of a comparison: a group name as such, else groups pooled with ``+``."""
    side = side.strip()
    if side in available:
        return (side,)
    return tuple(g.strip() for g in side.split("+"))


def split_list(value: str, sep: str = ";") -> list[str]:
    """Split a ``;``-separated field; an empty field gives ``[]``."""
    return [v.strip() for v in value.split(sep)] if value else []


def parse_reported(value: str) -> list[tuple[float, float]]:
    """``"57;51-54"`` -> ``[(57, 57), (51, 54)]`` (ranges as (low, high))."""
    out = []
    for part in split_list(value):
        lo, _, hi = part.partition("-")
        out.append((float(lo), float(hi) if hi else float(lo)))
    return out


# --------------------------------------------------------------------------
# looking numbers up
# --------------------------------------------------------------------------


def response_parts(response: str, table: pd.DataFrame) -> list[str]:
    """Published responses that make up ``response`` in ``table``.

    A response published as such (``"agree"``, ``"6-10"`` in the text
    table) is used directly; a score range ``"a-b"`` not published as such
    is the list of scores ``a, ..., b`` whose shares are summed.
    """
    return _response_parts(response, set(table["response"].astype(str)))


def _response_parts(response: str, published: set) -> list[str]:
    if response in published:
        return [response]
    m = _RANGE.match(response)
    if m:
        lo, hi = int(m.group(1)), int(m.group(2))
        parts = [str(s) for s in range(lo, hi + 1)]
        if lo < hi and all(p in published for p in parts):
            return parts
    raise invalid_value("response", "a response published for this item", response)


class TableColumns(NamedTuple):
    """The tables' columns as arrays, to look numbers up many times (:func:`table_columns`)."""

    table: np.ndarray
    item: np.ndarray
    response: np.ndarray
    dimension: np.ndarray
    group: np.ndarray
    percent: np.ndarray
    approximate: np.ndarray


def table_columns(tables: pd.DataFrame) -> TableColumns:
    """The columns :func:`published_parts` reads, converted once (strings, floats, bools)."""
    text = (tables[c].to_numpy(dtype=str) for c in ("table", "item", "response", "dimension"))
    return TableColumns(
        *text,
        tables["group"].to_numpy(dtype=str),
        tables["percent"].to_numpy(dtype=float),
        tables["approximate"].to_numpy(dtype=bool),
    )


def _among(values: np.ndarray, wanted: Iterable[str]) -> np.ndarray:
    """``np.isin(values, wanted)`` for the few ``wanted`` of a claim: one comparison each.

    (``np.isin`` sorts text arrays: several times slower for one or two values.)
    """
    out = np.zeros(values.shape, dtype=bool)
    for w in wanted:
        out |= values == w
    return out


def published_parts(
    tables: pd.DataFrame | TableColumns,
    table_ids: Sequence[str],
    item: str,
    response: str,
    dimension: str,
) -> dict[str, list[tuple[float, bool]]]:
    """Per group (in table order), the published ``(percent, approximate)`` making up ``response``.

    One part unless ``response`` is a score range published as its scores
    (:func:`response_parts`).  ``tables`` may be its :func:`table_columns`.
    """
    cols = tables if isinstance(tables, TableColumns) else table_columns(tables)
    sel = _among(cols.table, table_ids) & (cols.item == item)
    if not sel.any():
        raise invalid_value("item", f"an item of table(s) {', '.join(table_ids)}", item)
    resp = cols.response[sel]
    parts = _response_parts(response, set(resp.tolist()))
    keep = _among(resp, parts) & (cols.dimension[sel] == dimension)
    if not keep.any():
        raise invalid_value("dimension", f"a dimension published for {item!r}", dimension)
    groups, percent, approx = (x[sel][keep] for x in (cols.group, cols.percent, cols.approximate))
    acc: dict[str, list] = {}
    for g, p, a in zip(groups.tolist(), percent.tolist(), approx.tolist(), strict=True):
        acc.setdefault(g, []).append((p, a))
    if any(len(v) != len(parts) for v in acc.values()):
        raise invalid_value("response", f"published for every group of {dimension!r}", response)
    return acc


def select_rows(
    tables: pd.DataFrame | TableColumns,
    table_ids: Sequence[str],
    item: str,
    response: str,
    dimension: str,
) -> pd.DataFrame:
    """Rows of ``tables`` for one item, response (summing score ranges) and dimension.

    Returns one row per group (in table order) with ``group, percent,
    approximate, n_parts, parts, parts_approximate`` where ``percent`` is
    the sum of the ``n_parts`` published numbers in ``parts`` (one unless
    ``response`` is a score range).  ``tables`` may be its :func:`table_columns`.
    """
    acc = published_parts(tables, table_ids, item, response, dimension)
    return pd.DataFrame(
        {
            "group": list(acc),
            "percent": [sum(p for p, _ in v) for v in acc.values()],
            "approximate": [any(a for _, a in v) for v in acc.values()],
            "n_parts": [len(v) for v in acc.values()],
            "parts": [tuple(p for p, _ in v) for v in acc.values()],
            "parts_approximate": [tuple(a for _, a in v) for v in acc.values()],
        }
    )


# --------------------------------------------------------------------------
# the registry
# --------------------------------------------------------------------------


def plain_tables(tables: pd.DataFrame) -> pd.DataFrame:
    """Tables with the key columns as plain strings (not Categoricals).

    Adds ``approximate = False`` when the column is missing (user tables).
    """
    out = tables.copy()
    for col in ("table", "item", "response", "dimension", "group"):
        out[col] = out[col].astype(str)
    if "approximate" not in out.columns:
        out["approximate"] = False
    out["percent"] = out["percent"].astype(float)
    return out


def chapter_tables(ids: Sequence[str] | None = None) -> pd.DataFrame:
    """The chapter's tables ``ids`` (default: all, via :func:`migstats.load_table`)."""
    from .tables import TABLE_IDS, load_table

    ids = TABLE_IDS if ids is None else sorted(set(ids))
    return plain_tables(pd.concat([load_table(t) for t in ids], ignore_index=True))


def _kind_needs(r: Mapping) -> list[tuple[str, str]]:
    """(column, problem) for columns that the claim's kind needs but are empty (or forbids)."""
    kind, untestable = r["kind"], bool(r["untestable_reason"])
    spec = KIND_REGISTRY.get(kind)
    if spec is None:  # the schema's enum reports an unknown kind
        return []
    out = []
    if spec.quantifier is not None and not untestable and not r["quantifier"]:
        out.append(("quantifier", f"a quantifier is required for kind {kind!r}"))
    if spec.check and not r["check"]:
        out.append(("check", f"a check is required for kind {kind!r}"))
    if not spec.check and r["check"]:
        with_check = " and ".join(kinds_where(check=True))
        out.append(
            (
                "check",
                f"must be empty for kind {kind!r} (only {with_check} claims have a check), "
                f"but got {r['check']!r}",
            )
        )
    if spec.reference and not untestable and not r["reference"]:
        out.append(("reference", f"a reference is required for kind {kind!r}"))
    return out


def claims_use_fitting_quantifiers(
    claims: pd.DataFrame, quantifiers: pd.DataFrame
) -> Iterator[Finding]:
    """A claim's quantifier reads on its kind's scale with a test the kind can use.

    ``level`` and ``consensus`` take a range on the percent scale, ``ratio`` a
    range on the ratio scale, ``rank`` a rank word (``highest``, ``lowest``).
    """
    scales = quantifiers["scale"] if "scale" in quantifiers.columns else None
    info = {
        k: ((str(scales.iloc[i]) or "percent") if scales is not None else "percent", t)
        for i, (k, t) in enumerate(zip(quantifiers["quantifier"], quantifiers["test"], strict=True))
    }
    for pos, r in zip(claims.index, frame_records(claims), strict=True):
        if r["untestable_reason"] or not r["quantifier"] or r["quantifier"] not in info:
            continue
        scale, test = info[r["quantifier"]]
        want = KIND_QUANTIFIERS.get(r["kind"])
        if want is None:
            continue
        if scale != want[0] or test not in want[1]:
            yield Finding(
                pos,
                "quantifier",
                f"must be a quantifier on the {want[0]} scale with test "
                f"{' or '.join(want[1])} for kind {r['kind']!r}, but {r['quantifier']!r} "
                f"is on the {scale} scale with test {test!r}",
            )


def dimension_groups(tables: pd.DataFrame | TableColumns, dimension: str) -> list[str]:
    """Every group of ``dimension`` published anywhere in ``tables`` (order of appearance).

    ``tables`` may be its :func:`table_columns`.
    """
    cols = tables if isinstance(tables, TableColumns) else table_columns(tables)
    return list(dict.fromkeys(cols.group[cols.dimension == dimension].tolist()))


class _Published(NamedTuple):
    """What the claims' rule reads of the tables, computed once for every claim."""

    cols: TableColumns
    tables: set  # the table ids
    dimensions: set
    groups: dict  # dimension -> its groups (dimension_groups), filled as asked


def _published(tables: pd.DataFrame) -> _Published:
    cols = table_columns(tables)
    return _Published(cols, set(cols.table.tolist()), set(cols.dimension.tolist()), {})


def _groups_of(pub: _Published, dimension: str) -> list[str]:
    if dimension not in pub.groups:
        pub.groups[dimension] = dimension_groups(pub.cols, dimension)
    return pub.groups[dimension]


def _published_numbers(r: dict, pub: _Published) -> tuple[str, str] | None:
    """(column, problem) for the first thing the claim points at that is not published."""
    if len(split_list(r["item"])) > 1:  # a general statement: every item must be published
        for item in split_list(r["item"]):
            single = r.copy()
            single["item"] = item
            found = _published_numbers(single, pub)
            if found is not None:
                return found
        return None
    for col in ("table", "item", "response", "dimension", "groups"):
        if not r[col]:
            return col, "a value is required unless the claim is untestable without data"
    table_ids = split_list(r["table"])
    missing = [t for t in table_ids if t not in pub.tables]
    if missing:
        return (
            "table",
            f"must name published tables ({', '.join(sorted(pub.tables))}), but got "
            + ", ".join(repr(t) for t in missing)
            + (" (not a published table)" if len(missing) == 1 else " (not published tables)"),
        )
    cols = pub.cols
    sub = _among(cols.table, table_ids) & (cols.item == r["item"])
    if not sub.any():
        return "item", f"must be an item of table(s) {r['table']}, but got {r['item']!r}"
    found = _dimension_problem(r, cols.response[sub], cols.dimension[sub])
    if found is not None:
        return found
    try:
        first = published_parts(
            cols, table_ids, r["item"], split_list(r["response"])[0], r["dimension"]
        )
        for x in split_list(r["response"])[1:]:
            published_parts(cols, table_ids, r["item"], x, r["dimension"])
    except MigstatsValueError as exc:
        return "response", str(exc)
    try:
        # a group named by a test may be unpublished for this item (the audit then
        # calls the claim untestable), but it must be a group of the dimension
        text = _grammar(r["kind"]) == "text"
        known = list(first) if text else _groups_of(pub, r["dimension"])
        if r["untestable_reason"]:
            # an untestable claim need not follow its kind's grammar: only check names
            _check_names(r["groups"], known)
        else:
            _check_groups(r["kind"], r["check"], r["groups"], known)
    except MigstatsValueError as exc:
        return "groups", str(exc)
    return _reference_problem(r, pub, set(cols.dimension[sub].tolist()))


def _dimension_problem(r: Mapping, responses: np.ndarray, dims: np.ndarray) -> tuple | None:
    """(column, problem) if a response or the dimension is not published for the claim's item."""
    published = set(responses.tolist())
    dims_for = None
    for resp in split_list(r["response"]):
        try:
            parts = _response_parts(resp, published)
        except MigstatsValueError:
            return "response", f"must be a response published for {r['item']!r}, but got {resp!r}"
        d = set(dims[_among(responses, parts)].tolist())
        dims_for = d if dims_for is None else dims_for & d
    if r["dimension"] not in dims_for:
        shown = ", ".join(sorted(dims_for))
        return (
            "dimension",
            f"must be a dimension published for {r['item']!r} ({shown}), "
            f"but got {r['dimension']!r}",
        )
    return None


def _reference_problem(r: Mapping, pub: _Published, item_dims: set) -> tuple[str, str] | None:
    """A reference is another dimension of the item, or an item published by the dimension.

    For ``rank`` claims it lists the groups the claimed group is ranked among.
    ``item_dims``: the dimensions the claim's item is published by.
    """
    if _grammar(r["kind"]) == "rank":
        known = _groups_of(pub, r["dimension"])
        for ref in split_list(r["reference"]):
            if ref not in known or ref == r["groups"]:
                return (
                    "reference",
                    f"must list other groups of {r['dimension']!r} ({', '.join(known)}) "
                    f"for a rank claim, but got {ref!r}",
                )
        return None
    cols = pub.cols
    for ref in split_list(r["reference"]):
        if ref in pub.dimensions:
            ok = ref in item_dims and ref != r["dimension"]
        else:
            ok = bool(
                np.any(
                    (cols.item == ref)
                    & (cols.dimension == r["dimension"])
                    & (cols.response == r["response"])
                )
            )
        if not ok:
            return (
                "reference",
                f"must be another dimension of {r['item']!r} or an item published by "
                f"{r['dimension']!r} with response {r['response']!r}, but got {ref!r}",
            )
    return None


def claims_point_at_published_numbers(
    claims: pd.DataFrame, tables: pd.DataFrame
) -> Iterator[Finding]:
    """Each claim has what its kind needs and points at published tables, items and groups."""
    pub = _published(tables)
    # each claim as a dict of its fields (read many times: faster than a row Series)
    for pos, r in zip(claims.index, frame_records(claims), strict=True):
        for column, problem in _kind_needs(r):
            yield Finding(pos, column, problem)
        if r["untestable_reason"]:  # needs only its text and reason
            continue
        found = _published_numbers(r, pub)
        if found is not None:
            yield Finding(pos, *found)


#: Words of the groups grammar that are not group names.
GROUP_WORDS = ("all", REST, *GRADIENT_DIRECTIONS)


def _check_names(groups: str, available: list[str]) -> None:
    """Every group name in ``groups`` (split at ``>``, ``,``, ``+``, ``;``) is known."""
    if groups in available or groups in GROUP_WORDS:
        return
    for name in re.split(r"[>,;]", groups):
        name = name.strip()
        if name in available or name in GROUP_WORDS:
            continue
        for part in name.split("+"):
            if part.strip() not in available and part.strip() not in GROUP_WORDS:
                raise invalid_value(
                    "groups", "groups of this dimension: " + ", ".join(available), part.strip()
                )


def _grammar(kind: str) -> str:
    """The groups grammar of ``kind`` (an unknown kind, reported by the schema, reads as groups)."""
    spec = KIND_REGISTRY.get(kind)
    return "groups" if spec is None else spec.groups


def _check_groups(kind: str, check: str, groups: str, available: list[str]) -> None:
    """``groups`` follows the grammar its kind declares (:data:`~.claim_kinds.GROUPS_GRAMMARS`)."""
    grammar = _grammar(kind)
    if grammar == "comparison":
        parse_comparison(groups, available)
    elif grammar == "ratio":
        parse_ratio(groups, available)
    elif grammar == "direction":
        if groups not in GRADIENT_DIRECTIONS:
            raise invalid_value("groups", "'increasing' or 'decreasing'", groups)
        if len(available) < 2:
            raise invalid_value("groups", "a dimension with at least 2 groups", available)
    elif grammar == "profile":
        if groups != "all" or len(available) < 2:
            raise invalid_value("groups", "'all' on a dimension with at least 2 groups", groups)
    elif grammar == "rank":
        if groups not in available or len(available) < 2:
            raise invalid_value(
                "groups",
                "one group of a dimension with at least 2 groups: " + ", ".join(available),
                groups,
            )
    elif grammar == "group":
        # the whole population the two items were asked of: a dimension of one group
        if len(available) != 1:
            raise invalid_value(
                "groups",
                "the group of a dimension published as one group, such as 'total' (this "
                f"dimension has {len(available)}: {', '.join(available)})",
                groups,
            )
        if groups not in (*available, "all"):
            raise invalid_value("groups", f"{available[0]!r} or 'all'", groups)
    elif groups == "all":
        return
    else:
        for g in (x.strip() for x in re.split(r"[,;]", groups)):
            if g not in available:
                raise invalid_value(
                    "groups", "groups published for this item: " + ", ".join(available), g
                )


def validate_claims(
    claims: Any,
    *,
    tables: pd.DataFrame | None = None,
    quantifiers: pd.DataFrame | None = None,
    file: str | None = None,
    schema: Mapping | None = None,
) -> pd.DataFrame:
    """Check a claims registry against its schema and the published tables.

    Parameters
    ----------
    claims : pandas.DataFrame, str or os.PathLike
        A registry with the columns of ``data/claims.schema.json`` (strings;
        empty strings or NaN for missing values), or a CSV file of one.
        Only ``claim_id``, ``kind`` and ``claim`` must be present; absent
        optional columns are treated as empty.
    tables : pandas.DataFrame, optional
        Tidy published tables (columns ``table, item, response, dimension,
        group, percent, approximate``); default: every chapter table, read
        with :func:`migstats.load_table`.
    quantifiers : pandas.DataFrame or str, optional
        Quantifier table or bundled set name ("nl", "en"); default chapter 7's set.
    file : str, optional
        File name a DataFrame was read from: errors then say ``"<file>, row
        <line>"`` (header = row 1).  Default: ``"DataFrame claims, row
        <index label>"``.
    schema : mapping, optional
        A report's Table Schema for claims (e.g. chapter 7's, with its id
        and section patterns); default: the generic ``data/claims.schema.json``.

    Returns
    -------
    pandas.DataFrame
        ``claims`` with every schema column, in schema order (a copy).

    Raises
    ------
    DataValidationError
        Listing every problem, each naming the file, the row and the
        column: a value breaks the schema (required values, unique ids,
        patterns, enumerations), a referenced table, item, response,
        dimension, group, reference or quantifier does not exist, or a
        column that a kind needs is empty.

    Notes
    -----
    The schema is read from ``data/claims.schema.json``, so the file and
    its documentation cannot drift apart.  Groups are checked with the
    grammar described there (``"A>B"``, ``"+"`` pooling, ``"rest"``,
    ``"A>B,C"``, ``"all"``, ``"increasing"``/``"decreasing"``).

    References
    ----------
    .. [1] Frictionless Data. *Table Schema* specification.
       https://specs.frictionlessdata.io/table-schema/

    Examples
    --------
    >>> import pandas as pd
    >>> from migstats._corpus.claims import validate_claims, load_claims
    >>> bad = load_claims().head(1).assign(kind="opinion")
    >>> try:
    ...     validate_claims(bad)
    ... except ValueError as e:
    ...     print(str(e)[:55])
    DataFrame claims, row 0, column 'kind': must be one of
    """
    if isinstance(claims, pd.DataFrame):
        present = [c for c in CLAIM_COLUMNS if c in claims.columns]
        claims = claims.copy()
        claims[present] = claims[present].fillna("").astype(str)
    elif not isinstance(claims, str | os.PathLike) and not hasattr(claims, "open"):
        raise invalid_value("claims", "a pandas DataFrame or a CSV file", type(claims).__name__)
    q = resolve_quantifiers(quantifiers) if isinstance(quantifiers, str) else quantifiers
    q = bundled_resource("quantifiers") if q is None else q
    tables = chapter_tables() if tables is None else plain_tables(tables)
    if (
        isinstance(claims, pd.DataFrame)
        and file is None
        and list(claims.columns) == list(CLAIM_COLUMNS)
    ):
        if is_validated(claims, tables, q, schema):  # validated before in this process
            return claims
    typed = validate_resource(
        claims,
        generic_schema("claims") if schema is None else schema,
        name="claims",
        rules=[
            functools.partial(claims_point_at_published_numbers, tables=tables),
            functools.partial(claims_use_fitting_quantifiers, quantifiers=q),
        ],
        foreign={"quantifiers": q},
        complete=True,
        file=file,
    )
    typed = typed[list(CLAIM_COLUMNS)]
    remember_validated(typed, tables, q, schema)
    return typed


def load_claims() -> pd.DataFrame:
    """The registry of chapter 7's checkable claims, validated.

    Returns
    -------
    pandas.DataFrame
        One row per claim with the columns ``claim_id, section, table, item,
        response, kind, dimension, groups, reference, quantifier, check,
        reported, claim, phrase_nl, untestable_reason, notes`` (all strings;
        empty string where a field does not apply).  A fresh copy on every
        call.

    Raises
    ------
    DataValidationError
        If ``data/claims.csv`` breaks its schema or refers to a table, item,
        response, dimension, group, reference or quantifier that does not
        exist (see :func:`validate_claims`); the message names the file,
        row and column.

    Notes
    -----
    Every claim paraphrases a statement of chapter 7 "Asiel en migratie" of
    a 2024 report of the Netherlands Institute for Social Research (SCP)
    in English, with
    its section and a short Dutch key phrase (``phrase_nl``).  The
    ``kind`` column says how the audit tests it; see
    ``data/claims.schema.json`` and docs/methods.md, section 6.

    References
    ----------
    .. [1] Frictionless Data. *Table Schema* specification.
       https://specs.frictionlessdata.io/table-schema/

    Examples
    --------
    >>> from migstats import load_claims
    >>> claims = load_claims()
    >>> len(claims) >= 30
    True
    >>> c01 = claims.set_index("claim_id").loc["C01"]
    >>> c01[["table", "item", "response", "quantifier"]].tolist()
    ['7.1', 'refugee_intake', '6-10', 'overwhelming_majority']
    """
    return bundled_resource("claims").copy()


register_validator("quantifiers", lambda path, schema: validate_quantifiers(path, schema=schema))
register_validator(
    "claims",
    lambda path, schema: validate_claims(
        path,
        tables=bundled_resource("tables"),
        quantifiers=bundled_resource("quantifiers"),
        schema=schema,
    ),
)
