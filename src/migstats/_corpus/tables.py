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

import functools
import io
import math
import numbers
import os
import re
from collections.abc import Collection, Mapping, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._base import (
    ITEM_COLUMNS,
    REQUIRED_COLUMNS,
    TABLE_COLUMNS,
    DataValidationError,
    MigstatsValueError,
)

__all__ = [
    "DIMENSIONS",
    "NON_PARTITION_DIMENSIONS",
    "TABLE_COLUMNS",
    "TABLE_IDS",
    "TABLE_TITLES",
    "as_table",
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

#: Tolerance for comparing a range's midpoint with ``percent`` (floating point only).
_FLOAT_TOL = 1e-9

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

_TRUE, _FALSE = "true", "false"
_NUMBER_RE = re.compile(r"^[0-9]+(\.[0-9]+)?$")
_RANGE_RE = re.compile(r"^([0-9]+(?:\.[0-9]+)?)-([0-9]+(?:\.[0-9]+)?)$")
_ITEM_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_K_POINT_RE = re.compile(r"^([0-9]+)-point\b")

_STRING_COLUMNS = ("table", "item", "response", "dimension", "group", "reported", "source")
_BOOL_COLUMNS = ("approximate", "text_reported")


# --------------------------------------------------------------------------
# reading
# --------------------------------------------------------------------------
def _data_file(name: str):
    """The packaged data file ``name`` as an importlib.resources Traversable."""
    return files("migstats") / "data" / name


def _read_csv_strings(source: Any) -> tuple[pd.DataFrame, str]:
    """Read a CSV as all-string columns (no NA parsing); return (frame, file name)."""
    if isinstance(source, str | os.PathLike):
        source = Path(source)
    name = getattr(source, "name", str(source))
    try:
        with source.open("r", encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, AttributeError) as exc:
        raise MigstatsValueError(
            f"source must be a readable CSV file or a DataFrame, but got {source!r} ({exc})"
        ) from None
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False)
    return frame, name


def _row_label(frame: pd.DataFrame, pos: int, from_file: bool) -> Any:
    """Row as the user sees it: file line (header = row 1) or DataFrame index label."""
    if from_file:
        return pos + 2
    label = frame.index[pos]
    return label.item() if isinstance(label, np.generic) else label


# --------------------------------------------------------------------------
# column parsers (strings from a file, or objects from a DataFrame)
# --------------------------------------------------------------------------
# The checks loop over plain Python lists: tables have tens to hundreds of rows,
# for which this is several times faster than chains of small pandas operations.


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def _first(flags: Sequence[bool]) -> int | None:
    for i, flag in enumerate(flags):
        if flag:
            return i
    return None


def _fail_pos(frame, pos, column, problem, file, from_file):
    value = frame[column].iloc[pos] if column in frame.columns else None
    if isinstance(value, np.generic):
        value = value.item()
    text = problem(value) if callable(problem) else problem
    raise DataValidationError(file, _row_label(frame, pos, from_file), column, text)


def _check_flags(frame, flags, column, file, from_file, problem) -> None:
    pos = _first(flags)
    if pos is not None:
        _fail_pos(frame, pos, column, problem, file, from_file)


def _check_strings(frame, column, file, from_file, *, allow_empty=False) -> list[str]:
    values = frame[column].tolist()
    pos = _first([not isinstance(v, str) for v in values])
    if pos is not None:
        v = values[pos]
        problem = (
            "missing value (NaN/None)"
            if _is_missing(v)
            else f"must be a string, but got {v!r} ({type(v).__name__}); read CSV files "
            "with dtype=str"
        )
        _fail_pos(frame, pos, column, problem, file, from_file)
    if not allow_empty:
        _check_flags(
            frame, [not v.strip() for v in values], column, file, from_file, "must not be empty"
        )
    return values


def _parse_bool(frame, column, file, from_file) -> np.ndarray:
    col = frame[column]
    if from_file:
        values = col.tolist()
        _check_flags(
            frame,
            [v not in (_TRUE, _FALSE) for v in values],
            column,
            file,
            from_file,
            lambda v: f"must be 'true' or 'false', but got {v!r}",
        )
        return np.array([v == _TRUE for v in values], dtype=bool)
    if col.dtype == np.dtype(bool):
        return col.to_numpy(dtype=bool)
    values = col.tolist()
    pos = _first([not isinstance(v, bool | np.bool_) for v in values])
    if pos is not None:
        v = values[pos]
        problem = (
            "missing value (NaN/None)"
            if _is_missing(v)
            else f"must be True or False, but got {v!r}"
        )
        _fail_pos(frame, pos, column, problem, file, from_file)
    return np.array(values, dtype=bool)


def _parse_percent(frame, file, from_file) -> np.ndarray:
    col = frame["percent"]
    if not from_file and col.dtype.kind in "iuf":
        arr = col.to_numpy(dtype=float)
    else:
        values = col.tolist()
        parsed = []
        for pos, v in enumerate(values):
            if from_file:
                try:
                    parsed.append(float(v) if v.strip() else math.nan)
                except ValueError:
                    _fail_pos(
                        frame, pos, "percent", f"must be a number, but got {v!r}", file, from_file
                    )
            elif _is_missing(v):
                parsed.append(math.nan)
            elif isinstance(v, numbers.Real) and not isinstance(v, bool | np.bool_):
                parsed.append(float(v))
            else:
                _fail_pos(
                    frame,
                    pos,
                    "percent",
                    f"must be a number, but got {v!r} ({type(v).__name__})",
                    file,
                    from_file,
                )
        arr = np.array(parsed, dtype=float)
    _check_flags(frame, np.isnan(arr), "percent", file, from_file, "missing value (NaN/None)")
    _check_flags(
        frame,
        (arr < 0) | (arr > 100),
        "percent",
        file,
        from_file,
        lambda v: f"must be a percentage in [0, 100], but got {v!r}",
    )
    return arr


def _decimals_of(token: str) -> int:
    return len(token.split(".")[1]) if "." in token else 0


def _check_reported(frame, reported, percent, decimals, file, from_file) -> None:
    """``reported`` is a number equal to ``percent``, or a range whose midpoint it is."""
    for pos, (r, p) in enumerate(zip(reported, percent, strict=True)):
        if _NUMBER_RE.match(r):
            tokens, value = [r], float(r)
        elif m := _RANGE_RE.match(r):
            lo, hi = float(m.group(1)), float(m.group(2))
            if lo > hi:
                _fail_pos(frame, pos, "reported", f"range {r!r} has low > high", file, from_file)
            tokens, value = [m.group(1), m.group(2)], (lo + hi) / 2
        else:
            _fail_pos(
                frame,
                pos,
                "reported",
                f"must be a number such as '12' or a range such as '51-54', but got {r!r}",
                file,
                from_file,
            )
        if not math.isclose(value, p, rel_tol=0.0, abs_tol=_FLOAT_TOL):
            what = "the range midpoint" if len(tokens) == 2 else "the number"
            _fail_pos(
                frame,
                pos,
                "percent",
                f"must equal {what} in reported ({r!r} -> {value:g}), but got {float(p)!r}",
                file,
                from_file,
            )
        if max(_decimals_of(t) for t in tokens) > decimals:
            _fail_pos(
                frame,
                pos,
                "reported",
                f"has more decimals than decimals={decimals} allows, got {r!r}",
                file,
                from_file,
            )


# --------------------------------------------------------------------------
# items
# --------------------------------------------------------------------------
def validate_items(source: Any) -> pd.DataFrame:
    """Validate an item catalogue (a CSV path or DataFrame) like ``data/items.csv``.

    Parameters
    ----------
    source : str, os.PathLike, importlib.resources Traversable or pandas.DataFrame
        A CSV file with exactly the columns of ``data/items.csv`` (in that
        order), or a DataFrame with at least the columns ``item``, ``table``,
        ``scale`` and ``responses_reported``.

    Returns
    -------
    pandas.DataFrame
        The catalogue with ``external`` as bool (when present) and the
        other columns as strings, in the input's row order.

    Raises
    ------
    DataValidationError
        Naming file (``"DataFrame"`` for a frame), row (file line with the
        header as row 1, or the index label) and column: missing columns,
        missing or empty values, malformed or duplicate item ids, unknown
        table ids or scales, booleans other than ``true``/``false``.

    Notes
    -----
    ``notes`` may be empty; every other column is required.  The checks
    mirror ``data/items.schema.json``.

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
    from_file = not isinstance(source, pd.DataFrame)
    if from_file:
        frame, file = _read_csv_strings(source)
        if tuple(frame.columns) != ITEM_COLUMNS:
            raise DataValidationError(
                file,
                1,
                None,
                f"header must be {','.join(ITEM_COLUMNS)}, but got {','.join(frame.columns)}",
            )
        required = tuple(c for c in ITEM_COLUMNS if c not in ("external", "notes"))
    else:
        frame, file = source, "DataFrame"
        required = ("item", "table", "scale", "responses_reported")
        for column in required:
            if column not in frame.columns:
                raise DataValidationError(file, None, column, "required column is missing")
    for column in required:
        _check_strings(frame, column, file, from_file)
    if "notes" in frame.columns:
        _check_strings(frame, "notes", file, from_file, allow_empty=True)
    out = frame.copy()
    ids = frame["item"]
    bad = ~ids.map(lambda v: bool(_ITEM_ID_RE.match(v))).to_numpy(dtype=bool)
    _check_flags(
        frame,
        bad,
        "item",
        file,
        from_file,
        lambda v: f"must be snake_case (a-z, 0-9, _), but got {v!r}",
    )
    _check_flags(
        frame,
        ids.duplicated().to_numpy(),
        "item",
        file,
        from_file,
        lambda v: f"duplicate item id {v!r}",
    )
    if from_file:
        _check_flags(
            frame,
            ~frame["table"].isin(TABLE_IDS).to_numpy(dtype=bool),
            "table",
            file,
            from_file,
            lambda v: f"must be one of {', '.join(TABLE_IDS)}, but got {v!r}",
        )
        _check_flags(
            frame,
            ~frame["scale"].isin(SCALES).to_numpy(dtype=bool),
            "scale",
            file,
            from_file,
            lambda v: f"must be one of {', '.join(repr(s) for s in SCALES)}, but got {v!r}",
        )
    bad = frame["responses_reported"].map(
        lambda v: any(tok.strip() == "" or tok != tok.strip() for tok in v.split(";"))
    )
    _check_flags(
        frame,
        bad.to_numpy(dtype=bool),
        "responses_reported",
        file,
        from_file,
        lambda v: f"must be responses separated by ';' without blanks, but got {v!r}",
    )
    if "external" in frame.columns:
        out["external"] = _parse_bool(frame, "external", file, from_file)
    return out.reset_index(drop=True) if from_file else out


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


def _item_catalogue(items: Any) -> pd.DataFrame:
    if items is None:
        return _corpus_items()
    return validate_items(items)


def _complete_responses(scale: str) -> tuple[str, ...] | None:
    """Codes '1'..'K' of a 'K-point' numeric scale (None for labelled scales)."""
    m = _K_POINT_RE.match(scale)
    if m is None or "agree" in scale:
        return None
    return tuple(str(i) for i in range(1, int(m.group(1)) + 1))


def validate_tables(
    source: Any,
    *,
    items: Any = None,
    groups: Mapping[str, Sequence[str]] | None = None,
    partitions: Collection[str] | None = None,
    decimals: int = DEFAULT_DECIMALS,
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
        The first problem found, naming file (``"DataFrame"`` for a frame),
        row (file line with the header as row 1; the index label for a
        DataFrame) and column.
    MigstatsValueError
        If ``groups``, ``partitions`` or ``decimals`` are malformed.

    Notes
    -----
    Checks, in order:

    1. columns: a file must have exactly the ten columns in order; a
       DataFrame must have all ten;
    2. cell types: non-empty strings, no missing values, ``percent`` a
       number in [0, 100], booleans ``true``/``false`` in files and
       ``True``/``False`` in frames;
    3. vocabularies: ``table`` is an item-catalogue table or ``"text"``;
       ``item`` is in the catalogue and is reported in its own table (or in
       ``"text"``); ``response`` is one of the item's ``responses_reported``;
       ``dimension`` and ``group`` are known and the group belongs to the
       dimension; ``text_reported`` is true exactly for ``table == "text"``;
    4. ``reported`` equals ``percent`` (a range ``"51-54"`` must have its
       midpoint in ``percent``) and has at most ``decimals`` decimals;
    5. no duplicate key ``(table, item, response, dimension, group)``;
    6. files only: groups appear in chapter order within each
       ``(table, item, response, dimension)`` block;
    7. sums: within one table, item and group the reported responses
       (ranges such as ``"6-10"`` excluded, as they overlap single codes)
       add up to at most ``100 + k h`` for ``k`` numbers with rounding
       half-width ``h``; a complete ``K``-point distribution (table 7.1)
       must satisfy ``|sum - 100| <= k h``;
    8. totals: the total of an item and response must lie within
       ``[min - h, max + h]`` of the groups of every partition dimension
       whose groups are all present, since a total is a weighted mean of
       its groups (rounding moves each number by at most ``h``).

    Step 8 is exact only if every respondent belongs to one group; the
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
    DataFrame, row 0, column 'percent': must be a percentage in [0, 100],
    but got 133.0
    """
    if isinstance(decimals, bool) or not isinstance(decimals, numbers.Integral) or decimals < 0:
        raise MigstatsValueError(f"decimals must be an integer >= 0, but got {decimals!r}")
    decimals = int(decimals)
    half = ROUNDING_HALF_UNIT * 10.0 ** (-decimals)
    dims = _check_groups_mapping(DIMENSIONS if groups is None else groups)
    if partitions is None:
        parts = tuple(d for d in dims if d not in NON_PARTITION_DIMENSIONS)
    else:
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
    catalogue = _item_catalogue(items)

    from_file = not isinstance(source, pd.DataFrame)
    if from_file:
        frame, file = _read_csv_strings(source)
        if tuple(frame.columns) != TABLE_COLUMNS:
            raise DataValidationError(
                file,
                1,
                None,
                f"header must be {','.join(TABLE_COLUMNS)}, but got {','.join(frame.columns)}",
            )
    else:
        frame, file = source, "DataFrame"
        for column in TABLE_COLUMNS:
            if column not in frame.columns:
                raise DataValidationError(file, None, column, "required column is missing")
        if frame.columns.duplicated().any():
            dup = frame.columns[frame.columns.duplicated()][0]
            raise DataValidationError(file, None, str(dup), "duplicate column")

    # 2. cell types
    cols = {c: _check_strings(frame, c, file, from_file) for c in _STRING_COLUMNS}
    percent = _parse_percent(frame, file, from_file)
    approximate = _parse_bool(frame, "approximate", file, from_file)
    text_reported = _parse_bool(frame, "text_reported", file, from_file)
    tables, items_, responses = cols["table"], cols["item"], cols["response"]
    dimensions, groups_ = cols["dimension"], cols["group"]

    # 3. vocabularies
    item_table = dict(zip(catalogue["item"], catalogue["table"], strict=True))
    table_ids = tuple(dict.fromkeys([*item_table.values(), "text"]))
    known_tables = frozenset(table_ids)
    _check_flags(
        frame,
        [t not in known_tables for t in tables],
        "table",
        file,
        from_file,
        lambda v: f"unknown table id {v!r}; valid ids are {', '.join(table_ids)}",
    )
    _check_flags(
        frame,
        [i not in item_table for i in items_],
        "item",
        file,
        from_file,
        lambda v: f"unknown item {v!r}; it must be listed in the item catalogue (items.csv)",
    )
    pos = _first([t != "text" and t != item_table[i] for t, i in zip(tables, items_, strict=True)])
    if pos is not None:
        _fail_pos(
            frame,
            pos,
            "table",
            f"item {items_[pos]!r} belongs to table {item_table[items_[pos]]!r} (or 'text'), "
            f"but got {tables[pos]!r}",
            file,
            from_file,
        )
    allowed_resp = {
        i: frozenset(r.split(";"))
        for i, r in zip(catalogue["item"], catalogue["responses_reported"], strict=True)
    }
    pos = _first([r not in allowed_resp[i] for i, r in zip(items_, responses, strict=True)])
    if pos is not None:
        it = items_[pos]
        _fail_pos(
            frame,
            pos,
            "response",
            f"must be one of {', '.join(repr(r) for r in sorted(allowed_resp[it]))} for item "
            f"{it!r}, but got {responses[pos]!r}",
            file,
            from_file,
        )
    _check_flags(
        frame,
        [d not in dims for d in dimensions],
        "dimension",
        file,
        from_file,
        lambda v: f"unknown dimension {v!r}; valid dimensions are {', '.join(dims)}",
    )
    pos = _first([g not in dims[d] for d, g in zip(dimensions, groups_, strict=True)])
    if pos is not None:
        d = dimensions[pos]
        _fail_pos(
            frame,
            pos,
            "group",
            f"unknown group {groups_[pos]!r} for dimension {d!r}; valid groups are "
            f"{', '.join(dims[d])}",
            file,
            from_file,
        )
    _check_flags(
        frame,
        [bool(tr) != (t == "text") for tr, t in zip(text_reported, tables, strict=True)],
        "text_reported",
        file,
        from_file,
        lambda v: f"must be true exactly for table 'text', but got {v!r}",
    )

    # 4. reported vs percent
    _check_reported(frame, cols["reported"], percent, decimals, file, from_file)

    # 5. duplicate keys
    keys = list(zip(tables, items_, responses, dimensions, groups_, strict=True))
    seen: set[tuple[str, ...]] = set()
    for pos, key in enumerate(keys):
        if key in seen:
            _fail_pos(
                frame,
                pos,
                "group",
                "duplicate row for (" + ", ".join(repr(k) for k in key) + ")",
                file,
                from_file,
            )
        seen.add(key)

    # 6. group order within blocks (files)
    if from_file:
        rank = {g: i for labels in dims.values() for i, g in enumerate(labels)}
        last: dict[tuple[str, ...], int] = {}
        for pos, key in enumerate(keys):
            block, r = key[:4], rank[key[4]]
            if block in last and r <= last[block]:
                d = key[3]
                _fail_pos(
                    frame,
                    pos,
                    "group",
                    f"groups of dimension {d!r} must appear in the order {', '.join(dims[d])}",
                    file,
                    from_file,
                )
            last[block] = r

    # 7. sums of responses within a table, item and group
    _check_sums(frame, keys, percent, catalogue, half, file, from_file)

    # 8. totals within the range of their groups
    _check_totals(frame, keys, percent, dims, parts, half, file, from_file)

    dim_dtype = pd.CategoricalDtype(list(dims), ordered=True)
    all_groups = [g for labels in dims.values() for g in labels]
    group_dtype = pd.CategoricalDtype(all_groups, ordered=True)
    dim_code = {d: i for i, d in enumerate(dims)}
    group_code = {g: i for i, g in enumerate(all_groups)}
    data: dict[str, Any] = {
        "table": tables,
        "item": items_,
        "response": responses,
        "dimension": pd.Categorical.from_codes([dim_code[d] for d in dimensions], dtype=dim_dtype),
        "group": pd.Categorical.from_codes([group_code[g] for g in groups_], dtype=group_dtype),
        "percent": percent,
        "reported": cols["reported"],
        "approximate": approximate,
        "text_reported": text_reported,
        "source": cols["source"],
    }
    index = pd.RangeIndex(len(frame)) if from_file else frame.index
    out = pd.DataFrame(data, index=index)
    extra = [c for c in frame.columns if c not in TABLE_COLUMNS]
    if extra:
        out = pd.concat([out, frame[extra]], axis=1)
    return out


def _check_sums(frame, keys, percent, catalogue, half, file, from_file) -> None:
    """Step 7 of :func:`validate_tables`: responses of one group add up to <= 100."""
    complete = {
        i: _complete_responses(str(sc))
        for i, sc in zip(catalogue["item"], catalogue.get("scale", ""), strict=True)
    }
    blocks: dict[tuple[str, ...], list[Any]] = {}
    for pos, ((t, i, r, d, g), p) in enumerate(zip(keys, percent, strict=True)):
        if "-" in r:  # ranges such as "6-10" overlap the single codes
            continue
        b = blocks.setdefault((t, i, d, g), [0, 0.0, 0, pos])
        b[0] += 1
        b[1] += float(p)
        b[2] += complete[i] is not None and r in complete[i]
    for (_t, i, _d, _g), (k, total, n_scale, pos) in blocks.items():
        slack = k * half + _FLOAT_TOL
        full = complete[i] is not None and n_scale == k == len(complete[i])
        if full and abs(total - 100.0) > slack:
            problem = (
                f"the {k} responses of a complete distribution must sum to 100 within "
                f"{k} x {half:g} (rounding), but they sum to {total:g}"
            )
        elif not full and k > 1 and total > 100.0 + slack:
            problem = (
                f"the {k} responses reported for this group sum to {total:g}, more than "
                f"100 + {k} x {half:g} (rounding) allows"
            )
        else:
            continue
        _fail_pos(frame, pos, "percent", problem, file, from_file)


def _check_totals(frame, keys, percent, dims, parts, half, file, from_file) -> None:
    """Step 8 of :func:`validate_tables`: totals lie within their groups' range."""
    part_set = frozenset(d for d in parts if d != "total")
    ranges: dict[tuple[str, ...], list[Any]] = {}
    totals = []
    for pos, ((t, i, r, d, g), p) in enumerate(zip(keys, percent, strict=True)):
        if d == "total":
            totals.append((pos, i, r, float(p)))
        elif d in part_set:
            b = ranges.setdefault((i, r, d, t), [math.inf, -math.inf, set()])
            b[0], b[1] = min(b[0], p), max(b[1], p)
            b[2].add(g)
    by_item: dict[tuple[str, str], list[tuple[str, str, float, float]]] = {}
    for (i, r, d, t), (lo, hi, present) in ranges.items():
        if len(present) == len(dims[d]):
            by_item.setdefault((i, r), []).append((d, t, float(lo), float(hi)))
    for pos, i, r, p in totals:
        for d, t, lo, hi in by_item.get((i, r), ()):
            if not (lo - half - _FLOAT_TOL <= p <= hi + half + _FLOAT_TOL):
                _fail_pos(
                    frame,
                    pos,
                    "percent",
                    f"total {p:g} of item {i!r}, response {r!r} lies outside the range of its "
                    f"{d} groups [{lo:g}, {hi:g}] (table {t}) widened by the rounding "
                    f"half-width {half:g}",
                    file,
                    from_file,
                )


@functools.lru_cache(maxsize=1)
def _corpus_items() -> pd.DataFrame:
    return validate_items(_data_file("items.csv"))


@functools.lru_cache(maxsize=1)
def _corpus_tables() -> pd.DataFrame:
    return validate_tables(_data_file("tables.csv"), items=_corpus_items())


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
    data = _corpus_tables()
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
    return _corpus_items().copy()


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
    data = _corpus_tables()
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
    for column in REQUIRED_COLUMNS:
        if column not in table.columns:
            raise DataValidationError("DataFrame", None, column, "required column is missing")
    frame = table.copy()
    if "reported" not in frame.columns:
        frame["reported"] = frame["percent"].map(_default_reported)
    if "approximate" not in frame.columns:
        frame["approximate"] = False
    if "text_reported" not in frame.columns:
        frame["text_reported"] = (frame["table"] == "text").to_numpy(dtype=bool)
    if "source" not in frame.columns:
        frame["source"] = "user"
    return validate_tables(
        frame, items=items, groups=groups, partitions=partitions, decimals=decimals
    )


def _default_reported(value: Any) -> Any:
    """``str(percent)`` without a trailing ``.0``; non-numbers pass through for validation."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_):
        if math.isfinite(value):
            return np.format_float_positional(float(value), trim="-")
    return value
