"""Verbal quantifiers: the numeric reading of "a majority", "about four in ten", "nearly twice".

This module owns the quantifier tables (the bundled sets, one per language:
``data/quantifiers.csv`` is chapter 7's Dutch set,
``data/quantifier_sets/en.csv`` the English one), the rules a quantifier
table must meet beyond its Table Schema (ranges sane and nested, rank words
without a range), the choice of a set per report
(:func:`resolve_quantifiers`: a set name or a table) and the look-up of one
quantifier's range (:func:`quantifier_range`).

A quantifier reads on one of two scales (``scale`` column): ``percent`` (a
share, for ``level`` and ``consensus`` claims) or ``ratio`` (the ratio of two
groups' shares, for ``ratio`` claims: "nearly twice as likely").  The rank
words ``highest`` and ``lowest`` (``test`` = ``highest`` / ``lowest``) have no
range: a ``rank`` claim compares the group with every other group.

Each quantifier has a range of readings (:func:`quantifier_readings`): the
strict reading (the project's convention, ``min_percent`` .. ``max_percent``),
the plain reading (what the words mean by definition: "ruime meerderheid" is
a majority) and the report's usage reading (the strict range widened to the
numbers the report itself attaches the word to).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

import pandas as pd

from .._base import frame_records, invalid_value
from .schema import Finding, data_file, generic_schema, validate_resource
from .validated import is_validated_frame, remember_frame

__all__ = [
    "QUANTIFIER_SCALES",
    "QUANTIFIER_SETS",
    "RANK_TESTS",
    "READINGS",
    "QuantifierRange",
    "QuantifierReading",
    "load_quantifiers",
    "quantifier_range",
    "quantifier_rows",
    "range_of_row",
    "resolve_quantifiers",
    "validate_quantifiers",
]

#: File names inside the package's ``data`` directory.
QUANTIFIERS_FILE = "quantifiers.csv"
QUANTIFIERS_SCHEMA = "quantifiers.schema.json"

#: Folder of ``data`` holding the bundled quantifier sets other than chapter 7's.
QUANTIFIER_SETS_DIR = "quantifier_sets"

#: The bundled quantifier sets, by name -> file under ``data``: ``"nl"`` is
#: chapter 7's Dutch set (the resource ``quantifiers`` of the chapter's
#: package, the default), ``"en"`` the English set for reports in English.
QUANTIFIER_SETS: Mapping[str, str] = {
    "nl": QUANTIFIERS_FILE,
    "en": f"{QUANTIFIER_SETS_DIR}/en.csv",
}

#: Default set: chapter 7's (Dutch).
DEFAULT_QUANTIFIER_SET = "nl"

#: Scales a quantifier reads on (``scale`` column; empty means ``percent``).
QUANTIFIER_SCALES = ("percent", "ratio")

#: Tests of rank words: the group's share above (``highest``) or below
#: (``lowest``) every other group's.  They have no range.
RANK_TESTS = ("highest", "lowest")

#: Tests of range quantifiers.
RANGE_TESTS = ("above", "below", "within")

#: The ends a range of each scale may not leave (the cap of ``above`` and the
#: floor of ``below``).  A ratio of shares above 100 is not a plausible
#: reading of any phrase, so 100 stands for "no upper bound" on both scales.
SCALE_LIMITS: Mapping[str, tuple[float, float]] = {"percent": (0.0, 100.0), "ratio": (0.0, 100.0)}

#: The readings of a quantifier, strictest first: ``strict`` (the convention in
#: ``min_percent`` .. ``max_percent``), ``usage`` (the report's own usage,
#: columns ``usage_*``) and ``plain`` (the definition, columns ``plain_*``).
#: Project convention: usage comes before plain because it is evidence from
#: the report itself, while plain is the loosest reading the words allow.
READINGS = ("strict", "usage", "plain")

#: Columns of the plain and usage readings: (low, high, source).
READING_COLUMNS: Mapping[str, tuple[str, str, str]] = {
    "usage": ("usage_min_percent", "usage_max_percent", "usage_source"),
    "plain": ("plain_min_percent", "plain_max_percent", "plain_source"),
}


class QuantifierRange(NamedTuple):
    """Numeric reading of a verbal quantifier.

    ``test`` is ``"above"`` (the value exceeds ``low``), ``"below"`` (it is
    under ``high``), ``"within"`` (``low <= value <= high``) or a rank test
    (``"highest"``, ``"lowest"``; ``low``/``high`` then span the whole scale
    and are not used).  ``scale`` is ``"percent"`` (a share, in percent) or
    ``"ratio"`` (a ratio of two shares).
    """

    low: float
    high: float
    test: str
    low_inclusive: bool
    high_inclusive: bool
    scale: str = "percent"


class QuantifierReading(NamedTuple):
    """One reading of a quantifier: its name, its range and where it comes from.

    ``reading`` is one of :data:`READINGS`; ``range`` the
    :class:`QuantifierRange` under that reading; ``source`` says why (the
    rationale of the convention, the definition, or the lines and tables of
    the report that attach the word to a number).  ``same_as_strict`` is
    True where the table gives no range of its own for this reading.
    """

    reading: str
    range: QuantifierRange
    source: str
    same_as_strict: bool


def _scale(value: Any) -> str:
    return str(value) if value else "percent"


def quantifier_ranges_sane(q: pd.DataFrame) -> Iterator[Finding]:
    """A range is not empty; ``"above"`` ends at the scale's cap, ``"below"`` starts at 0.

    Rank words (``highest``, ``lowest``) span the whole percent scale: their
    range is not used.
    """
    scales = q["scale"].tolist() if "scale" in q.columns else [""] * len(q)
    for pos, r, given in zip(q.index, frame_records(q), scales, strict=True):
        scale = _scale(given)
        floor, cap = SCALE_LIMITS.get(scale, SCALE_LIMITS["percent"])
        if r["test"] in RANK_TESTS:
            if scale != "percent" or r["min_percent"] != floor or r["max_percent"] != cap:
                yield Finding(
                    pos,
                    "test",
                    f"a rank test ({r['test']!r}) must have scale 'percent', min_percent 0 "
                    f"and max_percent 100 (the range is not used), but got "
                    f"{scale!r}, {r['min_percent']:g}, {r['max_percent']:g}",
                )
        elif not r["min_percent"] < r["max_percent"]:
            yield Finding(
                pos,
                "max_percent",
                f"must be greater than min_percent ({r['min_percent']:g}), "
                f"but got {r['max_percent']:g}",
            )
        elif r["test"] == "above" and r["max_percent"] != cap:
            yield Finding(
                pos,
                "max_percent",
                f"must be {cap:g} for test 'above', but got {r['max_percent']:g}",
            )
        elif r["test"] == "below" and r["min_percent"] != floor:
            yield Finding(
                pos,
                "min_percent",
                f"must be {floor:g} for test 'below', but got {r['min_percent']:g}",
            )


def quantifiers_nested(q: pd.DataFrame) -> Iterator[Finding]:
    """A range lies inside the range of the quantifier it is ``nested_in`` (same scale)."""
    ranges = {
        k: (lo, hi)
        for k, lo, hi in zip(q["quantifier"], q["min_percent"], q["max_percent"], strict=True)
    }
    for pos, r in zip(q.index, frame_records(q), strict=True):
        parent = r["nested_in"]
        if parent and parent in ranges:
            lo, hi = ranges[parent]
            if r["min_percent"] < lo or r["max_percent"] > hi:
                yield Finding(
                    pos,
                    "nested_in",
                    f"must name a quantifier whose range contains [{r['min_percent']:g}, "
                    f"{r['max_percent']:g}], but {parent!r} is [{lo:g}, {hi:g}]",
                )


def _present(value: Any) -> bool:
    """A number cell that holds a value (not missing, not NaN)."""
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def quantifier_readings_sane(q: pd.DataFrame) -> Iterator[Finding]:
    """A plain or usage reading gives both ends, a source, and contains the strict range.

    A reading may not span the whole scale (it would test nothing) and is
    not given for rank words.
    """
    scales = q["scale"].tolist() if "scale" in q.columns else [""] * len(q)
    rows = frame_records(q)
    for reading, (lo_col, hi_col, src_col) in READING_COLUMNS.items():
        if lo_col not in q.columns or hi_col not in q.columns:
            continue
        for pos, r, scale in zip(q.index, rows, scales, strict=True):
            lo, hi = r[lo_col], r[hi_col]
            if not _present(lo) and not _present(hi):
                continue
            floor, cap = SCALE_LIMITS.get(_scale(scale), SCALE_LIMITS["percent"])
            if not (_present(lo) and _present(hi)):
                yield Finding(pos, lo_col, f"must be given together with {hi_col}, or neither")
            elif r["test"] in RANK_TESTS:
                yield Finding(pos, lo_col, f"must be empty for a rank word, but got {lo:g}")
            elif not str(r.get(src_col, "") or ""):
                yield Finding(pos, src_col, f"must say where the {reading} reading comes from")
            elif not (floor <= lo < hi <= cap) or (lo == floor and hi == cap):
                yield Finding(
                    pos,
                    hi_col,
                    f"must give a range inside [{floor:g}, {cap:g}] that is not empty and not "
                    f"the whole scale, but got [{lo:g}, {hi:g}]",
                )
            elif lo > r["min_percent"] or hi < r["max_percent"]:
                yield Finding(
                    pos,
                    lo_col,
                    f"must give a range that contains the strict reading "
                    f"[{r['min_percent']:g}, {r['max_percent']:g}], but got [{lo:g}, {hi:g}]",
                )


def validate_quantifiers(
    source: Any, *, schema: Mapping | None = None, file: str | None = None
) -> pd.DataFrame:
    """Check a quantifier table against its schema and the rules of quantifier ranges.

    Parameters
    ----------
    source : str, os.PathLike, importlib.resources Traversable or pandas.DataFrame
        A CSV file or DataFrame with the columns of ``data/quantifiers.schema.json``.
    schema : mapping, optional
        A report's Table Schema for quantifiers; default: the generic one.
    file : str, optional
        File name a DataFrame was read from (errors then count file lines).

    Returns
    -------
    pandas.DataFrame
        Typed copy (``min_percent``/``max_percent`` float, ``*_inclusive``
        bool, missing strings ``""``), every schema column present.

    Raises
    ------
    DataValidationError
        Listing every problem: schema violations, an empty range, an
        ``"above"`` range not ending at 100, a ``"below"`` range not
        starting at 0, a rank word with a range, a ``nested_in`` that does
        not exist or does not contain the range.

    Examples
    --------
    >>> from migstats import load_quantifiers
    >>> q = load_quantifiers().head(2).assign(max_percent=[90.0, 100.0])
    >>> try:
    ...     validate_quantifiers(q)
    ... except ValueError as err:
    ...     print(str(err)[:63])
    DataFrame quantifiers, row 0, column 'max_percent': must be 100
    """
    given = isinstance(source, pd.DataFrame) and file is None
    if given and is_validated_frame("quantifiers", source, schema):  # validated before
        return source.copy()
    typed = validate_resource(
        source,
        generic_schema("quantifiers") if schema is None else schema,
        name="quantifiers",
        rules=[quantifier_ranges_sane, quantifiers_nested, quantifier_readings_sane],
        complete=True,
        file=file,
    )
    remember_frame("quantifiers", typed, schema)
    return typed


@functools.cache
def _bundled_set(name: str) -> pd.DataFrame:
    """The validated bundled set ``name`` (cached: copy before changing it)."""
    if name == DEFAULT_QUANTIFIER_SET:
        from .tables import bundled_resource

        return bundled_resource("quantifiers")
    folder, _, file = QUANTIFIER_SETS[name].rpartition("/")
    return validate_quantifiers(data_file(folder) / file)


def load_quantifiers(name: str = DEFAULT_QUANTIFIER_SET) -> pd.DataFrame:
    """The numeric reading of every verbal quantifier of a bundled set.

    Parameters
    ----------
    name : {"nl", "en"}, default "nl"
        The set: ``"nl"`` is chapter 7's Dutch set (``data/quantifiers.csv``),
        ``"en"`` the English set (``data/quantifier_sets/en.csv``).

    Returns
    -------
    pandas.DataFrame
        One row per quantifier with the columns ``quantifier, phrase_nl,
        phrase_en, min_percent, max_percent, low_inclusive,
        high_inclusive, test, nested_in, rationale, scale`` (``min_percent``
        and ``max_percent`` are floats, the ``*_inclusive`` columns
        booleans; ``scale`` is ``"percent"`` or ``"ratio"``, empty meaning
        percent).  A fresh copy on every call.

    Raises
    ------
    MigstatsValueError
        If ``name`` is not a bundled set.
    DataValidationError
        If the set's file breaks its schema (``quantifiers.schema.json``) or
        a range is empty, an ``"above"`` range does not end at 100, a
        ``"below"`` range does not start at 0, or a range is not inside the
        quantifier named in ``nested_in``.  The message names the file, the
        row and the column.

    Notes
    -----
    The ranges are conventions, written down once so that every claim is
    read the same way: "about X" is X plus or minus 5 percentage points
    (in English also "about / roughly N in ten": N x 10 plus or minus 5),
    "just over/under X" lies within 5 points on that side of X ("nearly
    half": [45, 50)), and the qualified majorities follow the three-fifths
    and two-thirds thresholds of parliamentary rules.  On the ratio scale
    "about twice" is [1.75, 2.25] (2 plus or minus a quarter of the step from
    "as likely" to "twice"), "nearly twice" [1.75, 2) and "half as likely"
    the reciprocal of "about twice".  Each row's ``rationale`` says which
    convention it follows.  Psychological research shows that verbal
    probability and quantity expressions have fuzzy, context-dependent but
    widely shared numeric meanings (Wallsten et al. 1986; Mosteller & Youtz
    1990; Moxey & Sanford 1993); it does not pin them down to a point, so
    the audit lets you pass your own table (``audit(quantifiers=...)``).

    References
    ----------
    .. [1] Wallsten, T. S., Budescu, D. V., Rapoport, A., Zwick, R., &
       Forsyth, B. (1986). Measuring the vague meanings of probability
       terms. *Journal of Experimental Psychology: General*, 115(4),
       348--365.
    .. [2] Mosteller, F., & Youtz, C. (1990). Quantifying probabilistic
       expressions. *Statistical Science*, 5(1), 2--12.
    .. [3] Moxey, L. M., & Sanford, A. J. (1993). *Communicating
       Quantities: A Psychological Perspective*. Lawrence Erlbaum.

    Examples
    --------
    >>> from migstats import load_quantifiers
    >>> q = load_quantifiers().set_index("quantifier")
    >>> r = q.loc["a_third"]
    >>> float(r.min_percent), float(r.max_percent), r.test
    (28.3, 38.3, 'within')
    >>> q.loc["majority", "phrase_nl"]
    'een meerderheid'
    >>> en = load_quantifiers("en").set_index("quantifier")
    >>> float(en.loc["nearly_half", "min_percent"]), en.loc["nearly_twice", "scale"]
    (45.0, 'ratio')
    """
    if not isinstance(name, str) or name not in QUANTIFIER_SETS:
        raise invalid_value(
            "name", "a bundled quantifier set (" + ", ".join(QUANTIFIER_SETS) + ")", name
        )
    return _bundled_set(name).copy()


def resolve_quantifiers(quantifiers: Any = None) -> pd.DataFrame:
    """The quantifier table an audit or a validation uses.

    Parameters
    ----------
    quantifiers : None, str or pandas.DataFrame
        None: chapter 7's Dutch set; a set name of :data:`QUANTIFIER_SETS`
        (``"nl"``, ``"en"``); or a table with the columns of
        ``data/quantifiers.schema.json``, validated by
        :func:`validate_quantifiers`.

    Returns
    -------
    pandas.DataFrame
        The validated table (a copy).

    Raises
    ------
    MigstatsValueError
        For an unknown set name or an argument of another type.
    DataValidationError
        If a table breaks the schema or the range rules.

    Examples
    --------
    >>> resolve_quantifiers("en").set_index("quantifier").loc["most", "test"]
    'above'
    """
    if quantifiers is None:
        return load_quantifiers()
    if isinstance(quantifiers, str):
        if quantifiers not in QUANTIFIER_SETS:
            raise invalid_value(
                "quantifiers",
                "a bundled set (" + ", ".join(QUANTIFIER_SETS) + ") or a DataFrame",
                quantifiers,
            )
        return load_quantifiers(quantifiers)
    if isinstance(quantifiers, pd.DataFrame):
        return validate_quantifiers(quantifiers)
    raise invalid_value(
        "quantifiers", "None, a bundled set name or a DataFrame", type(quantifiers).__name__
    )


def quantifier_range(name: str, *, quantifiers: pd.DataFrame | None = None) -> QuantifierRange:
    """The range (in percent, or on the ratio scale) that a verbal quantifier stands for.

    Parameters
    ----------
    name : str
        Key of the quantifier (``quantifier`` column of the table), e.g.
        ``"majority"`` or ``"a_third"``.
    quantifiers : pandas.DataFrame, optional
        A quantifier table with the columns of :func:`load_quantifiers`;
        default: chapter 7's set.

    Returns
    -------
    QuantifierRange
        ``(low, high, test, low_inclusive, high_inclusive, scale)``.

    Raises
    ------
    MigstatsValueError
        If ``name`` is not a known quantifier.

    Notes
    -----
    See :func:`load_quantifiers` for where the ranges come from.

    References
    ----------
    .. [1] Mosteller, F., & Youtz, C. (1990). Quantifying probabilistic
       expressions. *Statistical Science*, 5(1), 2--12.

    Examples
    --------
    >>> from migstats import quantifier_range
    >>> quantifier_range("majority")[:5]
    (50.0, 100.0, 'above', False, True)
    >>> r = quantifier_range("three_quarters")
    >>> r.low, r.high, r.test, r.scale
    (70.0, 80.0, 'within', 'percent')
    """
    q = _bundled_set(DEFAULT_QUANTIFIER_SET) if quantifiers is None else quantifiers
    keys = q["quantifier"].tolist()
    if not isinstance(name, str) or name not in keys:
        raise invalid_value("name", "a quantifier of the quantifier table", name)
    return range_of_row(q.iloc[keys.index(name)])


def quantifier_rows(q: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Every row of the quantifier table ``q`` as a dict, by quantifier (a name's first row).

    For callers that read many quantifiers of one table (the audit): one
    pass over the table instead of a row lookup per quantifier.
    """
    rows: dict[str, dict[str, Any]] = {}
    for r in frame_records(q):
        rows.setdefault(r["quantifier"], r)
    return rows


def range_of_row(r: Any) -> QuantifierRange:
    """The :class:`QuantifierRange` of one row of a quantifier table (a Series or a dict)."""
    return QuantifierRange(
        low=float(r["min_percent"]),
        high=float(r["max_percent"]),
        test=str(r["test"]),
        low_inclusive=bool(r["low_inclusive"]),
        high_inclusive=bool(r["high_inclusive"]),
        scale=_scale(r.get("scale", "")),
    )


def _reading(r: pd.Series, reading: str, strict: QuantifierRange) -> QuantifierReading:
    """The ``reading`` of the quantifier row ``r`` (strict where the row gives none)."""
    if reading == "strict" or reading not in READING_COLUMNS:
        return QuantifierReading("strict", strict, str(r["rationale"]), False)
    lo_col, hi_col, src_col = READING_COLUMNS[reading]
    lo, hi = r.get(lo_col), r.get(hi_col)
    source = str(r.get(src_col, "") or "")
    if not (_present(lo) and _present(hi)):
        note = source or f"No {reading} reading recorded"
        return QuantifierReading(reading, strict, f"{note}: the strict reading applies.", True)
    floor, cap = SCALE_LIMITS.get(strict.scale, SCALE_LIMITS["percent"])
    lo, hi = float(lo), float(hi)
    test = "below" if lo == floor else "above" if hi == cap else "within"
    new_end = reading == "usage"  # a rounding interval's end is inclusive; "more than" is not
    low_inc = strict.low_inclusive if lo == strict.low else new_end
    high_inc = strict.high_inclusive if hi == strict.high else new_end
    return QuantifierReading(
        reading, QuantifierRange(lo, hi, test, low_inc, high_inc, strict.scale), source, False
    )
