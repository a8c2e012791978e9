"""The corpus data layer: read and validate the published tables of chapter 7.

This module owns the reading of ``data/tables.csv`` and ``data/items.csv``
(through :func:`importlib.resources.files`, never ``__file__``), their
validation against the schema of CONTRIBUTING.md and ``data/*.schema.json``,
and :func:`as_table`, the single entry point through which every table-level
function accepts either a chapter table id or a user's tidy DataFrame.

The loaders return the numbers as published: no derived columns.  Parsed
files are cached; every public function returns a fresh copy.

Source: chapter 7 "Asiel en migratie" of a 2024 report of the Netherlands
Institute for Social Research (SCP), based on the LISS panel, September 2023
("Bron: SCP (SCO'23)").  See ``docs/data.md``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._base import (
    ITEM_COLUMNS,
    REQUIRED_COLUMNS,
    TABLE_COLUMNS,
    DataValidationError,
    MigstatsValueError,
    invalid_value,
)
from .package import bundled, register_validator
from .schema import _is_missing, generic_schema, table_schema, validate_resource
from .table_rules import table_rules
from .validated import is_validated_frame, remember_frame

__all__ = [
    "CHECKED_TABLES",
    "DIMENSIONS",
    "ITEM_COLUMNS",
    "NON_PARTITION_DIMENSIONS",
    "TABLE_COLUMNS",
    "TABLE_IDS",
    "TABLE_TITLES",
    "as_table",
    "check_given_tables",
    "list_tables",
    "load_items",
    "load_table",
    "validate_items",
    "validate_tables",
]

#: Table ids of the chapter, in chapter order; "text" holds the numbers that
#: are reported only in the running text.
TABLE_IDS: tuple[str, ...] = ("7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "7.7", "text")


#: Scales used in ``data/items.csv``.
SCALES: tuple[str, ...] = (
    "10-point",
    "5-point agree-disagree",
    "agree-disagree, points not stated",
)

#: Dimensions and their groups in chapter order.  Education follows the
#: column heads of tables 7.2-7.7 ("bo, vmbo" | "havo, vwo, mbo" | "hbo, wo"),
#: income the quintile columns "1e".."5e" (Q1 = lowest).  Urbanisation uses the
#: five CBS urbanisation classes named in section 7.1.3 (from appendix table
#: B7.3); period the COB survey periods quoted in section 7.1.1.
DIMENSIONS: Mapping[str, tuple[str, ...]] = {
    "total": ("total",),
    "education": ("bo/vmbo", "havo/vwo/mbo", "hbo/wo"),
    "income": ("Q1", "Q2", "Q3", "Q4", "Q5"),
    "urbanisation": (
        "non-urban",
        "weakly urban",
        "moderately urban",
        "strongly urban",
        "very strongly urban",
    ),
    "period": ("2014-2019", "2021-2022", "winter 2022/23"),
}

#: Dimensions whose groups do *not* partition the surveyed population, so the
#: total need not lie between their groups: "total" itself and "period" (the
#: COB periods are separate surveys).  Every other dimension is a partition.
NON_PARTITION_DIMENSIONS: frozenset[str] = frozenset({"total", "period"})

#: Published numbers are whole percentages (every table and text figure of
#: chapter 7), so the default rounding resolution is 0 decimals.
DEFAULT_DECIMALS = 0

#: A number rounded to ``d`` decimals is within half a unit of its last
#: digit: the rounding half-width is ``ROUNDING_HALF_UNIT * 10**-d``.
ROUNDING_HALF_UNIT = 0.5

#: Titles of the chapter's tables: Dutch verbatim from the chapter (including
#: the printed "het spreiding" of table 7.4), English translation.
TABLE_TITLES: Mapping[str, tuple[str, str]] = {
    "7.1": (
        "Opvattingen over het opnemen van vluchtelingen, bevolking 18 jaar en ouder, "
        "2023 (in procenten)",
        "Views on admitting refugees, population aged 18 and over, 2023 (percent)",
    ),
    "7.2": (
        "Opvattingen over het opvangen van vluchtelingen, naar opleiding en inkomen, "
        "bevolking 18 jaar en ouder, 2023 (in procenten)",
        "Views on taking in refugees, by education and income, population aged 18 and "
        "over, 2023 (percent)",
    ),
    "7.3": (
        "Opvattingen over arbeidsmigratie, naar opleiding en inkomen, bevolking 18 jaar "
        "en ouder, 2023 (in procenten)",
        "Views on labour migration, by education and income, population aged 18 and "
        "over, 2023 (percent)",
    ),
    "7.4": (
        "Opvattingen over het spreiding van asielzoekers naar gemeenteomvang, naar "
        "opleiding en inkomen, bevolking 18 jaar en ouder, 2023 (in procenten)",
        "Views on spreading asylum seekers by municipality size, by education and "
        "income, population aged 18 and over, 2023 (percent)",
    ),
    "7.5": (
        "Opvattingen over mogelijkheden tot participatie tijdens asielopvang, naar "
        "opleiding en inkomen, bevolking 18 jaar en ouder, 2023 (in procenten)",
        "Views on opportunities to participate during asylum reception, by education "
        "and income, population aged 18 and over, 2023 (percent)",
    ),
    "7.6": (
        "Opvatting dat Nederland de grenzen moet sluiten voor asielzoekers, zelfs als dat "
        "betekent dat Nederland zich niet houdt aan internationale afspraken, naar "
        "opleiding en inkomen, bevolking 18 jaar en ouder, 2023 (in procenten)",
        "View that the Netherlands should close its borders to asylum seekers even if "
        "this means breaking international agreements, by education and income, "
        "population aged 18 and over, 2023 (percent)",
    ),
    "7.7": (
        "Oordelen over het overheidsfunctioneren in het asielbeleid, naar opleiding en "
        "inkomen, bevolking 18 jaar en ouder, 2023 (in procenten)",
        "Judgements of government performance in asylum policy, by education and "
        "income, population aged 18 and over, 2023 (percent)",
    ),
    "text": (
        "Cijfers die alleen in de lopende tekst staan",
        "Numbers reported only in the running text",
    ),
}

_TABLE_SOURCES: Mapping[str, str] = {
    **{t: f"SCP (SCO'23), chapter 7, table {t}; LISS panel, September 2023" for t in TABLE_IDS},
    "text": (
        "SCP, chapter 7, running text (sections 7.1.1 and 7.1.3; urbanisation from "
        "appendix table B7.3); COB trend from Miltenburg et al. (2023)"
    ),
}


# --------------------------------------------------------------------------
# items
# --------------------------------------------------------------------------
def validate_items(
    source: Any, *, schema: Mapping | None = None, name: str = "items"
) -> pd.DataFrame:
    """Validate an item catalogue (a CSV path or DataFrame) like ``data/items.csv``.

    Parameters
    ----------
    source : str, os.PathLike, importlib.resources Traversable or pandas.DataFrame
        A CSV file with the columns of ``data/items.schema.json`` (in that
        order; optional columns may be left out), or a DataFrame with at
        least the columns ``item``, ``table``, ``scale`` and
        ``responses_reported``.
    schema : mapping, optional
        A report's Table Schema for its items (e.g. chapter 7's, stricter);
        default: the generic ``data/items.schema.json``.
    name : str, default "items"
        Argument name for a DataFrame in error messages (``"DataFrame items"``).

    Returns
    -------
    pandas.DataFrame
        The catalogue with ``external`` as bool (when present) and the
        other columns as strings, in the input's row order.

    Raises
    ------
    DataValidationError
        Listing every problem, each naming file (``"DataFrame items"`` for a
        frame), row (file line with the header as row 1, or the index label)
        and column: missing columns, missing or empty values, malformed or
        duplicate item ids, booleans other than ``true``/``false``.

    Notes
    -----
    The checks are those of the schema, run by
    :func:`~migstats._corpus.schema.validate_resource`.

    References
    ----------
    .. [1] Frictionless Data, Table Schema, https://specs.frictionlessdata.io/table-schema/

    Examples
    --------
    >>> from migstats._corpus.tables import validate_items
    >>> import pandas as pd
    >>> cat = pd.DataFrame({"item": ["q1"], "table": ["7.1"], "scale": ["10-point"],
    ...                     "responses_reported": ["1;2;3;4;5;6;7;8;9;10"]})
    >>> validate_items(cat)["item"].tolist()
    ['q1']
    """
    schema = generic_schema("items") if schema is None else schema
    return validate_resource(source, schema, name=name)


# --------------------------------------------------------------------------
# tables
# --------------------------------------------------------------------------
def _check_groups_mapping(groups: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    if not isinstance(groups, Mapping) or not groups:
        raise MigstatsValueError(
            f"groups must be a non-empty mapping dimension -> ordered groups, but got {groups!r}"
        )
    out: dict[str, tuple[str, ...]] = {}
    seen: dict[str, str] = {}
    for dim, labels in groups.items():
        if isinstance(labels, str) or not isinstance(labels, Sequence) or not labels:
            raise MigstatsValueError(
                f"groups[{dim!r}] must be a non-empty sequence of group labels, but got {labels!r}"
            )
        for g in labels:
            if not isinstance(g, str) or not g:
                raise MigstatsValueError(f"groups[{dim!r}] must hold strings, but got {g!r}")
            if g in seen:
                raise MigstatsValueError(
                    f"groups must use each label in one dimension only, but got {g!r} in "
                    f"{seen[g]!r} and {dim!r}"
                )
            seen[g] = dim
        out[str(dim)] = tuple(labels)
    return out


def _check_partitions(partitions: Any, dims: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    if partitions is None:
        return tuple(d for d in dims if d not in NON_PARTITION_DIMENSIONS)
    if isinstance(partitions, str):
        raise MigstatsValueError(
            f"partitions must be a collection of dimension names, but got {partitions!r}"
        )
    parts = tuple(partitions)
    for d in parts:
        if d not in dims:
            raise MigstatsValueError(
                f"partitions must name dimensions of groups ({', '.join(dims)}), but got {d!r}"
            )
    return parts


def bundled_resource(name: str) -> pd.DataFrame:
    """The validated resource ``name`` of the bundled chapter package (cached; copy it)."""
    return bundled(name)


def _item_catalogue(items: Any) -> pd.DataFrame:
    return bundled_resource("items") if items is None else validate_items(items)


def validate_tables(
    source: Any,
    *,
    items: Any = None,
    groups: Mapping[str, Sequence[str]] | None = None,
    partitions: Collection[str] | None = None,
    decimals: int = DEFAULT_DECIMALS,
    schema: Mapping | None = None,
    name: str = "table",
) -> pd.DataFrame:
    """Validate published percentages in the tidy schema of ``data/tables.csv``.

    Parameters
    ----------
    source : str, os.PathLike, importlib.resources Traversable or pandas.DataFrame
        A CSV file with exactly the columns of ``data/tables.csv`` in that order
        (``table,item,response,dimension,group,percent,reported,approximate,
        text_reported,source``), or a DataFrame with all ten columns (use
        :func:`as_table` to fill the optional ones).
    items : str, os.PathLike, pandas.DataFrame or None, optional
        The item catalogue that defines the known items, the table each item
        belongs to and the responses it may have (``responses_reported``);
        a CSV path or DataFrame as accepted by :func:`validate_items`.
        Default ``None``: the chapter's ``data/items.csv``.
    groups : mapping of str to sequence of str, optional
        Known dimensions and their groups in order.  Default: :data:`DIMENSIONS`.
    partitions : collection of str, optional
        Dimensions whose groups partition the population, so that the total
        must lie within the groups' range.  Default: every dimension of
        ``groups`` except :data:`NON_PARTITION_DIMENSIONS` (``total``, ``period``).
    decimals : int, default 0
        Decimals to which the numbers were rounded (chapter 7: whole
        percentages).  Sets the rounding half-width ``0.5 * 10**-decimals``
        used by the consistency checks.
    schema : mapping, optional
        A report's Table Schema for its tables (e.g. chapter 7's, with its
        table ids, items and groups as enums); default: the generic
        ``data/tables.schema.json``.
    name : str, default "table"
        Argument name for a DataFrame in error messages (``"DataFrame table"``).

    Returns
    -------
    pandas.DataFrame
        The ten columns with canonical dtypes (strings; ``percent`` float;
        ``approximate``/``text_reported`` bool; ``dimension`` and ``group``
        ordered Categoricals in the order of ``groups``), in the input's row
        order; a DataFrame's extra columns are kept after them.

    Raises
    ------
    DataValidationError
        Listing every problem found, each naming file (``"DataFrame table"``
        for a frame), row (file line with the header as row 1; the index
        label for a DataFrame), column, the value and what is allowed.
    MigstatsValueError
        If ``groups``, ``partitions`` or ``decimals`` are malformed.

    Notes
    -----
    The schema (``data/tables.schema.json``) checks the columns, cell types
    (non-empty strings, no missing values, ``percent`` a number in
    [0, 100], booleans ``true``/``false`` in files and ``True``/``False`` in
    frames), ``reported`` as a number or range, the unique key ``(table,
    item, response, dimension, group)`` and that every item is in the item
    catalogue.  Then the rules of :mod:`migstats._corpus.table_rules`, each
    on the rows that passed the checks before it:

    1. ``table`` is an item-catalogue table or ``"text"``, and the item's
       own table (or ``"text"``); ``response`` is one of the item's
       ``responses_reported``; ``dimension`` and ``group`` are known and
       the group belongs to the dimension; ``text_reported`` is true
       exactly for ``table == "text"``;
    2. ``reported`` equals ``percent`` (a range ``"51-54"`` must have its
       midpoint in ``percent``) and has at most ``decimals`` decimals;
    3. files only: groups appear in chapter order within each
       ``(table, item, response, dimension)`` block;
    4. sums: within one table, item and group the reported responses
       (ranges such as ``"6-10"`` excluded, as they overlap single codes)
       add up to at most ``100 + k h`` for ``k`` numbers with rounding
       half-width ``h``; a complete ``K``-point distribution (table 7.1)
       must satisfy ``|sum - 100| <= k h``;
    5. totals: the total of an item and response must lie within
       ``[min - h, max + h]`` of the groups of every partition dimension
       whose groups are all present, since a total is a weighted mean of
       its groups (rounding moves each number by at most ``h``).

    Step 5 is exact only if every respondent belongs to one group; the
    chapter's income breakdown leaves out respondents with unknown income,
    which could in principle put a total outside the income range.  No
    published total of chapter 7 does, so a failure is treated as a data
    error.

    References
    ----------
    .. [1] Frictionless Data, Table Schema, https://specs.frictionlessdata.io/table-schema/
    .. [2] SCP (2024), chapter 7 "Asiel en migratie", tables 7.1-7.7.

    Examples
    --------
    >>> import pandas as pd
    >>> from migstats._corpus.tables import validate_tables
    >>> df = pd.DataFrame({"table": ["7.6"], "item": ["close_borders"],
    ...     "response": ["agree"], "dimension": ["total"], "group": ["total"],
    ...     "percent": [133.0], "reported": ["133"], "approximate": [False],
    ...     "text_reported": [False], "source": ["typo"]})
    >>> try:
    ...     validate_tables(df)
    ... except ValueError as err:
    ...     print(err)
    DataFrame table, row 0, column 'percent': must be a number in [0, 100], but got 133
    """
    if isinstance(decimals, bool) or not isinstance(decimals, numbers.Integral) or decimals < 0:
        raise MigstatsValueError(f"decimals must be an integer >= 0, but got {decimals!r}")
    decimals = int(decimals)
    half = ROUNDING_HALF_UNIT * 10.0 ** (-decimals)
    dims = _check_groups_mapping(DIMENSIONS if groups is None else groups)
    parts = _check_partitions(partitions, dims)
    catalogue = _item_catalogue(items)
    from_file = not isinstance(source, pd.DataFrame)
    rules = table_rules(catalogue, dims, parts, decimals, half, ordered=from_file)
    typed = validate_resource(
        source,
        generic_schema("tables") if schema is None else schema,
        name=name,
        rules=rules,
        foreign={"items": catalogue},
    )
    out = _categorical_groups(typed, dims)
    remember_frame(CHECKED_TABLES, out)  # what check_given_tables checks, it has passed
    return out


#: The kind under which tables found valid are remembered by their content
#: (:mod:`.validated`): by :func:`validate_tables` and :func:`check_given_tables`.
CHECKED_TABLES = "tables"


def check_given_tables(tables: pd.DataFrame, name: str = "tables") -> pd.DataFrame:
    """``tables`` unchanged if the audit can read it; else every problem refused at once.

    The fields of ``data/tables.schema.json`` that the audit reads, for
    tables given as a DataFrame to a function that runs on them without
    :func:`validate_tables` (the audit takes a report's own tables, whose
    items and groups it does not know): the key columns (``table, item,
    response, dimension, group``) present, filled and unique -- a repeated
    row would be read as a second part of its number -- and each
    ``percent`` a number in [0, 100] (never turned into a count larger than
    its group or a NaN).  Keys are read as text, as the audit reads them.
    Tables found valid before (by this check or :func:`validate_tables`, a
    report's own) and unchanged since are not checked again: they are
    remembered by their content (:mod:`.validated`).

    Raises
    ------
    DataValidationError
        Listing every problem (``problems``), each with its row label, column and value.

    Examples
    --------
    >>> import pandas as pd
    >>> from migstats._corpus import check_given_tables
    >>> row = {"table": "1", "item": "a", "response": "yes", "dimension": "total",
    ...        "group": "total", "percent": 40.0}
    >>> try:
    ...     check_given_tables(pd.DataFrame([row, dict(row, percent=150.0)]))
    ... except ValueError as err:
    ...     print([(p.column, p.message[:18]) for p in err.problems])
    [('group', 'duplicate row for '), ('percent', 'must be a number i')]
    """
    if not isinstance(tables, pd.DataFrame) or "percent" not in tables.columns:
        raise invalid_value(
            "tables",
            "a DataFrame of tidy tables with a 'percent' column (see migstats.as_table)",
            (
                "columns " + ", ".join(map(str, tables.columns))
                if isinstance(tables, pd.DataFrame)
                else type(tables).__name__
            ),
        )
    if is_validated_frame(CHECKED_TABLES, tables):
        return tables
    schema = generic_schema("tables")
    keys = list(schema["primaryKey"])
    fields = [f for f in schema["fields"] if f["name"] in (*keys, "percent")]
    present = [k for k in keys if k in tables.columns]
    frame = pd.DataFrame(
        {
            **{k: [None if _is_missing(v) else str(v) for v in tables[k]] for k in present},
            "percent": tables["percent"],
        },
        index=tables.index,
    )
    validate_resource(frame, {"fields": fields, "primaryKey": keys}, name=name)
    remember_frame(CHECKED_TABLES, tables)
    return tables


def _categorical_groups(typed: pd.DataFrame, dims: Mapping[str, tuple[str, ...]]) -> pd.DataFrame:
    """``dimension`` and ``group`` as ordered Categoricals in the order of ``dims`` (in place).

    Built from codes: the rules have checked every label, and this is several
    times faster than letting pandas look the labels up.
    """
    for column, labels in (
        ("dimension", list(dims)),
        ("group", [g for groups in dims.values() for g in groups]),
    ):
        code = {label: i for i, label in enumerate(labels)}
        dtype = pd.CategoricalDtype(labels, ordered=True)
        typed[column] = pd.Categorical.from_codes([code[v] for v in typed[column]], dtype=dtype)
    return typed


# --------------------------------------------------------------------------
# public loaders
# --------------------------------------------------------------------------
def _check_table_id(table_id: Any) -> str:
    if not isinstance(table_id, str) or table_id not in TABLE_IDS:
        raise MigstatsValueError(
            f"table_id must be one of {', '.join(repr(t) for t in TABLE_IDS)}, but got {table_id!r}"
        )
    return table_id


def load_table(table_id: str) -> pd.DataFrame:
    """Load one published table of chapter 7 as tidy rows.

    Parameters
    ----------
    table_id : str
        ``"7.1"`` … ``"7.7"``, or ``"text"`` for the numbers reported only in
        the running text (figure 7.1 by education and income quintile, the
        57% disagreeing with more refugees in one's own municipality, table
        7.4's item by urbanisation and the COB trend).

    Returns
    -------
    pandas.DataFrame
        One row per published number with the columns ``table, item,
        response, dimension, group, percent, reported, approximate,
        text_reported, source`` (see CONTRIBUTING.md).  ``dimension`` and
        ``group`` are ordered Categoricals in chapter order (categories: all
        dimensions and groups of :data:`DIMENSIONS`); rows are in the order of
        the report.  No derived columns are added.

    Raises
    ------
    MigstatsValueError
        If ``table_id`` is unknown; the message lists the valid ids.

    Notes
    -----
    ``data/tables.csv`` is read with ``importlib.resources``, validated by
    :func:`validate_tables` once per session and cached; each call returns a
    copy, so modifying the result does not affect later calls.  Every number
    was transcribed twice (by hand and by a parser over the chapter text)
    and the two transcriptions reconciled.  The percentages are weighted
    (LISS weights), rounded to whole numbers; the chapter gives no counts.

    References
    ----------
    .. [1] SCP (2024), chapter 7 "Asiel en migratie" ("Bron: SCP (SCO'23)"),
       LISS panel, September 2023.

    Examples
    --------
    >>> from migstats import load_table
    >>> t = load_table("7.6")
    >>> print(t[["dimension", "group", "percent"]].head(4).to_string(index=False))
    dimension        group  percent
        total        total     33.0
    education      bo/vmbo     47.0
    education havo/vwo/mbo     37.0
    education       hbo/wo     21.0
    >>> load_table("7.1")["percent"].tolist()
    [2.0, 2.0, 4.0, 6.0, 15.0, 10.0, 11.0, 14.0, 8.0, 28.0]
    """
    _check_table_id(table_id)
    data = bundled_resource("tables")
    return data[data["table"] == table_id].reset_index(drop=True).copy()


def load_items() -> pd.DataFrame:
    """Load the survey items of chapter 7.

    Returns
    -------
    pandas.DataFrame
        One row per item with the columns ``item, table, wording_nl,
        wording_en, scale, scale_low, scale_high, responses_reported,
        label_nl, label_en, external, notes``.  ``wording_nl`` is the Dutch
        question wording as printed in the table footnote, ``responses_reported``
        a ``;``-separated list, ``external`` is True for ``cob_more_refugees``
        (Continu Onderzoek Burgerperspectieven, not the LISS survey).

    Raises
    ------
    DataValidationError
        If the packaged ``data/items.csv`` is malformed (never for a release).

    Notes
    -----
    Cached; each call returns a copy.  The scale of tables 7.3-7.7 is not
    described in those tables; the five-point scale of footnote a of table
    7.2 is assumed (see the ``notes`` column and ``docs/data.md``).

    References
    ----------
    .. [1] SCP (2024), chapter 7 "Asiel en migratie", footnotes of tables 7.1-7.7.

    Examples
    --------
    >>> from migstats import load_items
    >>> items = load_items()
    >>> items.set_index("item").loc["close_borders", "label_en"]
    'close the borders to asylum seekers'
    >>> int(items["external"].sum())
    1
    """
    return bundled_resource("items").copy()


def list_tables() -> pd.DataFrame:
    """List the chapter's tables with titles, items and dimensions.

    Returns
    -------
    pandas.DataFrame
        One row per table id (``"7.1"`` … ``"7.7"``, ``"text"``) with columns
        ``table``, ``title_en``, ``title_nl`` (verbatim), ``items`` and
        ``dimensions`` (``"; "``-separated, in chapter order) and ``source``.

    Raises
    ------
    DataValidationError
        If the packaged data are malformed (never for a release).

    Notes
    -----
    Items and dimensions are read from the validated ``data/tables.csv``, so
    the listing cannot disagree with the data.

    References
    ----------
    .. [1] SCP (2024), chapter 7 "Asiel en migratie".

    Examples
    --------
    >>> from migstats import list_tables
    >>> lt = list_tables()
    >>> lt["table"].tolist()
    ['7.1', '7.2', '7.3', '7.4', '7.5', '7.6', '7.7', 'text']
    >>> lt.set_index("table").loc["7.5", "items"]
    'paid_work; language_lessons'
    """
    data = bundled_resource("tables")
    rows = []
    for t in TABLE_IDS:
        sub = data[data["table"] == t]
        dims = [str(d) for d in sub["dimension"].cat.categories if (sub["dimension"] == d).any()]
        rows.append(
            {
                "table": t,
                "title_en": TABLE_TITLES[t][1],
                "title_nl": TABLE_TITLES[t][0],
                "items": "; ".join(dict.fromkeys(sub["item"])),
                "dimensions": "; ".join(dims),
                "source": _TABLE_SOURCES[t],
            }
        )
    return pd.DataFrame(rows)


def as_table(
    table: str | pd.DataFrame,
    *,
    items: Any = None,
    groups: Mapping[str, Sequence[str]] | None = None,
    partitions: Collection[str] | None = None,
    decimals: int = DEFAULT_DECIMALS,
) -> pd.DataFrame:
    """Return a validated tidy table from a chapter table id or a user's DataFrame.

    Every table-level function of migstats calls this first, so that a
    chapter table and another report's table go through the same checks.

    Parameters
    ----------
    table : str or pandas.DataFrame
        A chapter table id (see :func:`list_tables`), or a tidy DataFrame with
        at least the columns ``table, item, response, dimension, group,
        percent``.  Optional columns get defaults: ``reported`` = the percent
        written without a trailing ``.0`` (``12.0`` -> ``"12"``),
        ``approximate=False``, ``text_reported`` = ``table == "text"``,
        ``source="user"``.
    items : str, os.PathLike, pandas.DataFrame or None, optional
        Item catalogue for a DataFrame (see :func:`validate_tables`); needs
        the columns ``item, table, scale, responses_reported``.  Default: the
        chapter's items.  Ignored for a table id.
    groups : mapping of str to sequence of str, optional
        Dimensions and ordered groups; default :data:`DIMENSIONS`.
    partitions : collection of str, optional
        Dimensions whose groups partition the population (see
        :func:`validate_tables`).
    decimals : int, default 0
        Decimals of the published numbers.

    Returns
    -------
    pandas.DataFrame
        The ten schema columns with canonical dtypes (``dimension`` and
        ``group`` ordered Categoricals), any extra user columns after them,
        rows and index as given.

    Raises
    ------
    MigstatsValueError
        For an unknown table id (listing the valid ids) or an argument of the
        wrong type.
    DataValidationError
        For a DataFrame that breaks the schema; the message names the row
        (index label) and column.

    Notes
    -----
    A DataFrame is never altered in place and never silently repaired:
    values are either accepted as they are or rejected.  The defaults for
    missing optional columns are the only additions.  ``text_reported``
    defaults to ``table == "text"`` because the schema requires the two to
    agree (for a user table without ``"text"`` rows it is all False).

    References
    ----------
    .. [1] Wickham, H. (2014). Tidy data. Journal of Statistical Software 59(10).

    Examples
    --------
    >>> import pandas as pd
    >>> from migstats import as_table
    >>> df = pd.DataFrame({"table": "7.6", "item": "close_borders", "response": "agree",
    ...                    "dimension": ["education"] * 3,
    ...                    "group": ["hbo/wo", "bo/vmbo", "havo/vwo/mbo"],
    ...                    "percent": [21, 47, 37]})
    >>> t = as_table(df)
    >>> t.sort_values("group")["group"].tolist()
    ['bo/vmbo', 'havo/vwo/mbo', 'hbo/wo']
    >>> t["reported"].tolist(), t["source"].iloc[0]
    (['21', '47', '37'], 'user')
    >>> as_table("7.4").shape
    (18, 10)
    """
    if isinstance(table, str):
        if table not in TABLE_IDS:
            raise MigstatsValueError(
                f"table must be a DataFrame or one of {', '.join(repr(t) for t in TABLE_IDS)}, "
                f"but got {table!r}"
            )
        return load_table(table)
    if not isinstance(table, pd.DataFrame):
        raise MigstatsValueError(
            f"table must be a chapter table id (str) or a pandas DataFrame, but got "
            f"{type(table).__name__}"
        )
    if len(table) == 0:
        raise MigstatsValueError(
            "table must be a DataFrame with at least one row, but got an empty DataFrame"
        )
    if any(column not in table.columns for column in REQUIRED_COLUMNS) or (
        "reported" not in table.columns and table["percent"].isna().any()
    ):
        # check the user's own columns first, so that no error names a
        # column (``reported``) that only the defaults below would add
        required = table_schema("tables")
        required["fields"] = [f for f in required["fields"] if f["name"] in REQUIRED_COLUMNS]
        validate_resource(table, required, name="table")  # raises, naming every problem
    frame = table.copy()
    if "reported" not in frame.columns:
        frame["reported"] = frame["percent"].map(_default_reported)
    if "approximate" not in frame.columns:
        frame["approximate"] = False
    if "text_reported" not in frame.columns:
        frame["text_reported"] = (frame["table"] == "text").to_numpy(dtype=bool)
    if "source" not in frame.columns:
        frame["source"] = "user"
    try:
        return validate_tables(
            frame, items=items, groups=groups, partitions=partitions, decimals=decimals
        )
    except DataValidationError as exc:
        if items is not None and groups is not None:
            raise
        raise _with_hint(exc) from None


#: Appended to the errors of a user's table checked against chapter 7's items or groups.
OWN_TABLE_HINT = (
    "hint: without items= and groups=, a table is checked against chapter 7's items, "
    "table ids and dimensions. For your own table pass items= (a catalogue with the "
    "columns item, table, scale, responses_reported) and groups= ({dimension: [groups "
    "in order]}), or build a migstats.Report (Report.from_frames infers the items)."
)


def _with_hint(exc: DataValidationError) -> DataValidationError:
    """``exc`` with :data:`OWN_TABLE_HINT` as its last line (same problems)."""
    out = DataValidationError(exc.file, exc.row, exc.column, f"{exc.problem}\n{OWN_TABLE_HINT}")
    out.problems = getattr(exc, "problems", [])
    return out


def _default_reported(value: Any) -> Any:
    """``str(percent)`` without a trailing ``.0``; non-numbers pass through for validation."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_):
        if math.isfinite(value):
            return np.format_float_positional(float(value), trim="-")
    return value


register_validator("items", lambda path, schema: validate_items(path, schema=schema))
register_validator(
    "tables", lambda path, schema: validate_tables(path, items=bundled("items"), schema=schema)
)
