"""One validator for every tabular data file: Frictionless Table Schemas, all problems at once.

This module owns the checking of a data file (or a DataFrame standing for
one) against its Frictionless Table Schema (``data/*.schema.json``): the
header, field types (string, number, integer, boolean), the constraints
``required``, ``unique``, ``enum``, ``pattern``, ``minimum``, ``maximum``,
``minLength``, ``maxLength``, the ``primaryKey`` and the ``foreignKeys``.
Checks a schema cannot state (a distribution summing to 100 within
rounding, a claim pointing at a published number) are *rules*: short
functions that the resource modules pass in and that run, in order, on the
rows that passed everything before them, so one bad cell does not cascade.

Every problem found is collected and reported together in one
:class:`~migstats.DataValidationError`, each naming the file (or
``"DataFrame <argument>"``), the row (file line with the header as row 1,
or the DataFrame's index label), the column, the bad value and what is
allowed.  The schemas in ``data/`` are generic (any report); a report adds
its own stricter facts with :func:`refine_schema`.
"""

from __future__ import annotations

import copy
import functools
import json
import math
import numbers
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .._base import DataValidationError, MigstatsValueError
from .paths import read_csv_text, read_text

__all__ = [
    "MAX_PROBLEMS_SHOWN",
    "Finding",
    "GenericRefinement",
    "Problem",
    "Rule",
    "data_file",
    "generic_schema",
    "refine_schema",
    "refined_generic",
    "table_schema",
    "validate_resource",
]

#: At most this many problems are written into the error message; all of them
#: are in the error's ``problems`` attribute.
MAX_PROBLEMS_SHOWN = 100

#: Frictionless default true/false values (Table Schema, boolean type).
_DEFAULT_TRUE = ("true", "True", "TRUE", "1")
_DEFAULT_FALSE = ("false", "False", "FALSE", "0")

_NUMERIC_TYPES = ("number", "integer")


class Problem(NamedTuple):
    """One problem of a data file: where, the bad value and what is allowed."""

    source: str
    row: Any
    column: str | None
    value: Any
    message: str

    def __str__(self) -> str:
        where = [self.source]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return ", ".join(where) + ": " + self.message


class Finding(NamedTuple):
    """A problem found by a rule: row position (0-based), column and message."""

    pos: int | None
    column: str | None
    message: str


#: A cross-row or cross-file check: takes the typed rows that passed every
#: earlier check (index = 0-based row position) and returns its findings.
Rule = Callable[[pd.DataFrame], Iterable[Finding]]


# --------------------------------------------------------------------------
# schemas
# --------------------------------------------------------------------------
def data_file(name: str):
    """The packaged file ``data/<name>`` (an importlib.resources Traversable)."""
    return files("migstats") / "data" / name


@functools.cache
def generic_schema(name: str) -> dict:
    """The generic Table Schema of resource ``name``, cached and shared: do not change it."""
    return _read_schema(name)


def _read_schema(name: str) -> dict:
    return json.loads(data_file(f"{name}.schema.json").read_text(encoding="utf-8"))


def table_schema(name: str) -> dict:
    """The generic Table Schema of resource ``name`` (``data/<name>.schema.json``), a copy."""
    return copy.deepcopy(generic_schema(name))


class GenericRefinement(dict):
    """A resource's generic schema with a report's stricter constraints added.

    What :func:`refined_generic` returns: a table that passed it passes the
    generic schema too, which the memory of validated tables may count
    (:mod:`migstats._corpus.validated`).  A plain dict otherwise.
    """


def refined_generic(name: str, constraints: Mapping[str, Mapping] | None) -> GenericRefinement:
    """The generic schema of resource ``name`` refined by ``constraints`` (:func:`refine_schema`).

    Examples
    --------
    >>> s = refined_generic("claims", {"claim_id": {"pattern": "C[0-9]+"}})
    >>> isinstance(s, GenericRefinement), isinstance(s, dict)
    (True, True)
    """
    return GenericRefinement(refine_schema(generic_schema(name), constraints))


def refine_schema(schema: Mapping, constraints: Mapping[str, Mapping] | None) -> dict:
    """``schema`` with a report's stricter field constraints added.

    Every constraint of both must hold: ``required``/``unique`` combine with
    *or*, ``enum`` with intersection, ``minimum``/``maximum`` take the
    stricter bound, two patterns must both match.  ``constraints`` maps a
    field name to its extra constraints (the ``reportConstraints`` of a
    resource in a data package descriptor).

    Examples
    --------
    >>> s = {"fields": [{"name": "x", "type": "number", "constraints": {"minimum": 0}}]}
    >>> refine_schema(s, {"x": {"minimum": 5, "required": True}})["fields"][0]["constraints"]
    {'minimum': 5, 'required': True}
    """
    out = copy.deepcopy(dict(schema))
    fields = {f["name"]: f for f in out["fields"]}
    for name, extra in (constraints or {}).items():
        if name not in fields:
            raise MigstatsValueError(
                f"reportConstraints must name fields of the schema ({', '.join(fields)}), "
                f"but got {name!r}"
            )
        cons = fields[name].setdefault("constraints", {})
        for key, value in extra.items():
            if key not in cons:
                cons[key] = value
            elif key in ("required", "unique"):
                cons[key] = bool(cons[key]) or bool(value)
            elif key == "enum":
                cons[key] = [v for v in value if v in cons[key]]
            elif key in ("minimum", "minLength"):
                cons[key] = max(cons[key], value)
            elif key in ("maximum", "maxLength"):
                cons[key] = min(cons[key], value)
            elif key == "pattern" and value != cons[key]:
                cons[key] = f"(?=(?:{cons[key]})$)(?:{value})"
            else:
                cons[key] = value
    return out


# --------------------------------------------------------------------------
# reading
# --------------------------------------------------------------------------
def _read(source: Any, name: str, file: str | None) -> tuple[pd.DataFrame, str, bool]:
    """(frame, source label, rows counted as file lines) for a DataFrame or CSV source."""
    if isinstance(source, pd.DataFrame):
        if file is not None:
            return source, file, True
        return source, f"DataFrame {name}", False
    if isinstance(source, str | os.PathLike):
        source = Path(source)
    label = getattr(source, "name", str(source))
    if not hasattr(source, "read_bytes") or not source.is_file():
        raise MigstatsValueError(
            f"{name} must be a readable CSV file or a DataFrame, but got {source!r}"
        )
    if isinstance(source, Path):
        text = read_text(source, label)
    else:  # an importlib.resources Traversable (the bundled data)
        try:
            text = source.read_bytes().decode("utf-8")
        except (OSError, AttributeError, UnicodeDecodeError) as exc:
            raise DataValidationError(
                label, None, None, f"{name} must be a readable UTF-8 CSV file ({exc})"
            ) from None
    frame = read_csv_text(text, label)
    return frame, label, True


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


# --------------------------------------------------------------------------
# cells
# --------------------------------------------------------------------------
def _cell(raw: Any, field: Mapping, from_file: bool, missing: frozenset) -> tuple[Any, str | None]:
    """(typed value or None when missing, problem or None) for one cell."""
    ftype = field.get("type", "string")
    if _is_missing(raw) or (isinstance(raw, str) and raw in missing):
        return None, None
    if ftype == "string":
        if not isinstance(raw, str):
            return None, (
                f"must be a string, but got {_plain(raw)!r} ({type(raw).__name__}); "
                "read CSV files with dtype=str"
            )
        return raw, None
    if ftype in _NUMERIC_TYPES:
        return _number_cell(raw, ftype, from_file)
    if ftype == "boolean":
        if from_file:
            true = field.get("trueValues", _DEFAULT_TRUE)
            false = field.get("falseValues", _DEFAULT_FALSE)
            if raw in true or raw in false:
                return raw in true, None
            allowed = " or ".join(repr(v) for v in (*true, *false))
            return None, f"must be {allowed}, but got {raw!r}"
        if isinstance(raw, bool | np.bool_):
            return bool(raw), None
        return None, f"must be True or False, but got {_plain(raw)!r}"
    raise MigstatsValueError(
        f"schema field type must be string, number, integer or boolean, but got {ftype!r}"
    )


def _number_cell(raw: Any, ftype: str, from_file: bool) -> tuple[Any, str | None]:
    if from_file and isinstance(raw, str):
        try:
            value = float(raw)
        except ValueError:
            hint = ""
            if re.fullmatch(r"-?[0-9]+,[0-9]+", raw.strip()):
                hint = f" (a decimal comma? write {raw.strip().replace(',', '.')!r})"
            return None, f"must be a number, but got {raw!r}{hint}"
    elif isinstance(raw, numbers.Real) and not isinstance(raw, bool | np.bool_):
        value = float(raw)
    else:
        return None, f"must be a number, but got {_plain(raw)!r} ({type(raw).__name__})"
    if math.isnan(value):
        return None, None
    if not math.isfinite(value):
        return None, f"must be a finite number, but got {_plain(raw)!r}"
    if ftype == "integer" and value != round(value):
        return None, f"must be a whole number, but got {_plain(raw)!r}"
    return value, None


def _constraint_problem(value: Any, cons: Mapping) -> str | None:
    """The first broken constraint of a present, typed value (or None)."""
    if "enum" in cons and value not in cons["enum"]:
        shown = ", ".join(repr(e) for e in cons["enum"] if e != "")
        return f"must be one of {shown}, but got {value!r}"
    if "pattern" in cons and not re.fullmatch(cons["pattern"], value):
        hint = ""
        if isinstance(value, str) and re.fullmatch(r"[0-9]+,[0-9]+", value.strip()):
            hint = f" (a decimal comma? write {value.strip().replace(',', '.')!r})"
        return f"must match the pattern {cons['pattern']}, but got {value!r}{hint}"
    low, high = cons.get("minimum"), cons.get("maximum")
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            allowed = f"in [{low:g}, {high:g}]"
        else:
            allowed = f"at least {low:g}" if low is not None else f"at most {high:g}"
        shown = f"{value:g}" if isinstance(value, float) else repr(value)
        return f"must be a number {allowed}, but got {shown}"
    if "minLength" in cons and len(value) < cons["minLength"]:
        return f"must have at least {cons['minLength']} characters, but got {value!r}"
    if "maxLength" in cons and len(value) > cons["maxLength"]:
        return f"must have at most {cons['maxLength']} characters, but got {value!r}"
    return None


def _column(values: Sequence[Any], field: Mapping, from_file: bool, missing: frozenset):
    """Typed values and the (position, message) problems of one column."""
    cons = field.get("constraints", {})
    typed: list[Any] = []
    found: list[tuple[int, str]] = []
    plain = _plain_text(values, field, cons, missing)
    for pos, raw in enumerate(values):
        if plain[pos]:  # a text that the checks below would take as it is
            typed.append(raw)
            continue
        value, problem = _cell(raw, field, from_file, missing)
        blank = isinstance(value, str) and not value.strip()
        if problem is None and (value is None or blank) and cons.get("required"):
            problem = f"a value is required, but got {_plain(raw)!r}" + (
                "" if blank or raw in missing else " (NaN/None is a missing value)"
            )
        elif problem is None and value is not None:
            problem = _constraint_problem(value, cons)
        if problem is not None:
            found.append((pos, problem))
        typed.append(value)
    return typed, found


def _plain_text(values: Sequence[Any], field: Mapping, cons: Mapping, missing: frozenset) -> list:
    """Per cell, whether it is text that :func:`_column` would take unchanged, without problem.

    Only for a ``string`` field: a text that is not a missing value, not
    blank, and meets the enumeration, pattern and lengths (the checks of
    :func:`_constraint_problem`, each value tested at once); any other cell
    (a number, a missing or blank value, a broken constraint) goes through
    the cell-by-cell checks, which say what is wrong.
    """
    if field.get("type", "string") != "string" or "minimum" in cons or "maximum" in cons:
        return [False] * len(values)
    try:  # a schema whose enumeration or pattern cannot be read: every cell one by one
        enum = set(cons["enum"]) if "enum" in cons else None
        pattern = re.compile(cons["pattern"]) if "pattern" in cons else None
    except (TypeError, re.error):
        return [False] * len(values)
    shortest, longest = cons.get("minLength", 0), cons.get("maxLength")
    return [
        type(v) is str
        and v not in missing
        and bool(v.strip())
        and (enum is None or v in enum)
        and (pattern is None or pattern.fullmatch(v) is not None)
        and len(v) >= shortest
        and (longest is None or len(v) <= longest)
        for v in values
    ]


# --------------------------------------------------------------------------
# header, keys
# --------------------------------------------------------------------------
def _header(frame: pd.DataFrame, schema: Mapping, from_file: bool) -> list[Finding]:
    names = [f["name"] for f in schema["fields"]]
    out: list[Finding] = []
    if frame.columns.duplicated().any():
        for dup in dict.fromkeys(frame.columns[frame.columns.duplicated()]):
            out.append(Finding(-1, str(dup), "duplicate column"))
    for f in schema["fields"]:
        if f.get("constraints", {}).get("required") and f["name"] not in frame.columns:
            out.append(Finding(-1, f["name"], "required column is missing"))
    if from_file:
        unknown = [c for c in frame.columns if c not in names]
        for c in unknown:
            out.append(Finding(-1, c, f"is not a column of the schema ({', '.join(names)})"))
        present = [c for c in frame.columns if c in names]
        if present != [n for n in names if n in present]:
            out.append(
                Finding(
                    -1,
                    None,
                    f"header must be {','.join(names)} (in this order; optional columns may "
                    f"be left out), but got {','.join(map(str, frame.columns))}",
                )
            )
    return out


def _as_list(fields: Any) -> list[str]:
    return [fields] if isinstance(fields, str) else list(fields)


def _unusable(pos: int, names: Sequence[str], values: tuple, bad: set) -> bool:
    """A key with a missing value or a cell that already has a problem is not compared."""
    return any(v is None or v == "" or (pos, k) in bad for k, v in zip(names, values, strict=True))


def _key_findings(typed: Mapping[str, list], schema: Mapping, bad: set, row) -> list[Finding]:
    """Duplicates of ``unique`` fields and of the ``primaryKey`` (cells in ``bad`` left out)."""
    out: list[Finding] = []
    keys = [[f["name"]] for f in schema["fields"] if f.get("constraints", {}).get("unique")]
    pk = _as_list(schema.get("primaryKey", []))
    if pk and pk not in keys:
        keys.append(pk)
    for key in keys:
        if any(k not in typed for k in key):
            continue
        seen: dict[tuple, int] = {}
        for pos, values in enumerate(zip(*(typed[k] for k in key), strict=True)):
            if _unusable(pos, key, values, bad):
                continue
            if values in seen:
                shown = values[0] if len(key) == 1 else values
                out.append(
                    Finding(
                        pos,
                        key[-1],
                        f"duplicate row for ({', '.join(key)}) = {shown!r}: the key must be "
                        f"unique, but row {row(seen[values])} has it too",
                    )
                )
            else:
                seen[values] = pos
    return out


def _foreign_findings(
    typed: Mapping[str, list], schema: Mapping, bad: set, foreign: Mapping[str, pd.DataFrame]
) -> list[Finding]:
    """Values of ``foreignKeys`` fields that the referenced resource does not hold."""
    out: list[Finding] = []
    for fk in schema.get("foreignKeys", []):
        fields = _as_list(fk["fields"])
        ref = fk["reference"]
        resource, ref_fields = ref.get("resource", ""), _as_list(ref["fields"])
        target = typed if resource == "" else foreign.get(resource)
        if target is None or any(f not in typed for f in fields):
            continue
        known = set(zip(*(list(target[f]) for f in ref_fields), strict=True))
        what = f"resource {resource!r}" if resource else "this file"
        for pos, values in enumerate(zip(*(typed[f] for f in fields), strict=True)):
            if values in known or _unusable(pos, fields, values, bad):
                continue
            shown = values[0] if len(values) == 1 else values
            out.append(
                Finding(
                    pos,
                    fields[-1],
                    f"unknown {'/'.join(fields)} {shown!r}: it must be "
                    f"{'an' if ref_fields[0][:1] in 'aeiou' else 'a'} "
                    f"{'/'.join(ref_fields)} of {what}",
                )
            )
    return out


# --------------------------------------------------------------------------
# the validator
# --------------------------------------------------------------------------
_DTYPES = {"string": object, "number": float, "integer": float, "boolean": object}


def validate_resource(
    source: Any,
    schema: Mapping,
    *,
    name: str,
    rules: Sequence[Rule] = (),
    foreign: Mapping[str, pd.DataFrame] | None = None,
    complete: bool = False,
    file: str | None = None,
) -> pd.DataFrame:
    """Validate a CSV file or DataFrame against a Table Schema and rules; every problem at once.

    Parameters
    ----------
    source : str, os.PathLike, importlib.resources Traversable or pandas.DataFrame
        A CSV file (read as text; header = row 1) or a DataFrame (typed
        values: numbers as numbers, booleans as ``True``/``False``).
    schema : mapping
        A Frictionless Table Schema (see :func:`table_schema`,
        :func:`refine_schema`).
    name : str
        The argument's name, used for a DataFrame (``"DataFrame <name>"``).
    rules : sequence of callables
        Checks beyond the schema, run in order on the typed rows that passed
        every earlier check; each returns :class:`Finding` s.
    foreign : mapping of str to pandas.DataFrame, optional
        Validated resources that ``foreignKeys`` refer to, by resource name.
    complete : bool, default False
        Add absent optional fields, filled with missing values (``""`` or NaN).
    file : str, optional
        Name a DataFrame was read from: errors then say ``"<file>, row <line>"``.

    Returns
    -------
    pandas.DataFrame
        Typed copy: schema fields in schema order (numbers float, booleans
        bool, missing strings ``""``), then a DataFrame's other columns.  A
        file gets a RangeIndex; a DataFrame keeps its index.

    Raises
    ------
    DataValidationError
        Listing every problem found (attribute ``problems``, a list of
        :class:`Problem`); ``file``, ``row`` and ``column`` are the first's.

    References
    ----------
    .. [1] Frictionless Data, Table Schema, https://specs.frictionlessdata.io/table-schema/

    Examples
    --------
    >>> import pandas as pd
    >>> schema = {"fields": [
    ...     {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
    ...     {"name": "p", "type": "number", "constraints": {"minimum": 0, "maximum": 100}}]}
    >>> df = pd.DataFrame({"id": ["a", "a"], "p": [50.0, 120.0]})
    >>> try:
    ...     validate_resource(df, schema, name="shares")
    ... except ValueError as exc:
    ...     err = exc
    >>> for problem in err.problems:
    ...     print(problem.row, problem.column, problem.value)
    1 id a
    1 p 120.0
    >>> print(str(err).splitlines()[1])
    DataFrame shares, row 1, column 'p': must be a number in [0, 100], but got 120
    """
    frame, label, from_file = _read(source, name, file)
    index = frame.index

    def row(pos: int | None) -> Any:
        if pos is None or pos < 0:
            return 1 if (from_file and pos is not None) else None
        return pos + 2 if from_file else _plain(index[pos])

    findings = _header(frame, schema, from_file)
    cols, types, found = _parse(frame, schema, from_file, complete)
    findings += found
    bad = {(f.pos, f.column) for f in findings}
    findings += _key_findings(cols, schema, bad, row)
    findings += _foreign_findings(cols, schema, bad, foreign or {})
    typed = _typed_frame(cols, types, len(frame))
    findings += _run_rules(rules, typed, findings, len(frame))
    if findings:
        raise _error(findings, frame, label, row, from_file)
    return _result(typed, types, frame, from_file)


def _run_rules(rules: Sequence[Rule], typed: pd.DataFrame, findings: list, n: int) -> list:
    """Findings of ``rules`` on the rows without problems so far.

    A rule that needs a column the file lacks (``KeyError``) is skipped: a
    missing column disables only the checks that need it, every other check
    still runs, so one pass reports every problem.
    """
    out: list[Finding] = []
    ok = np.ones(n, dtype=bool)
    for rule in rules:
        for f in (*findings, *out):
            if f.pos is not None and f.pos >= 0:
                ok[f.pos] = False
        try:
            out += list(rule(typed if ok.all() else typed[ok]))
        except KeyError:
            continue
    return out


def _parse(frame: pd.DataFrame, schema: Mapping, from_file: bool, complete: bool):
    """(typed columns as lists with None for missing, field types, cell findings)."""
    missing = frozenset(schema.get("missingValues", [""]))
    cols: dict[str, list[Any]] = {}
    types: dict[str, str] = {}
    findings: list[Finding] = []
    usable = not frame.columns.duplicated().any()
    for field in schema["fields"]:
        fname = field["name"]
        types[fname] = field.get("type", "string")
        if usable and fname in frame.columns:
            cols[fname], found = _column(frame[fname].tolist(), field, from_file, missing)
            findings += [Finding(pos, fname, msg) for pos, msg in found]
        elif usable and complete:  # an absent optional field: missing in every row
            cols[fname] = [None] * len(frame)
    return cols, types, findings


def _typed_frame(cols: Mapping[str, list], types: Mapping[str, str], n: int) -> pd.DataFrame:
    """Columns as float (numbers, NaN if missing), str ("" if missing) or bool (if complete)."""
    data: dict[str, Any] = {}
    for c, values in cols.items():
        if types[c] in _NUMERIC_TYPES:
            data[c] = np.array([math.nan if v is None else v for v in values], dtype=float)
        elif types[c] == "string":
            data[c] = pd.Series(["" if v is None else v for v in values], dtype=object)
        elif None not in values:
            data[c] = np.array(values, dtype=bool)
        else:
            data[c] = pd.Series(values, dtype=object)
    return pd.DataFrame(data, index=pd.RangeIndex(n))


def _result(typed, types, frame, from_file) -> pd.DataFrame:
    # the typed columns in schema order (they are built in it: then the frame itself,
    # which nothing else holds)
    order = [c for c in types if c in typed.columns]
    out = typed if list(typed.columns) == order else typed[order].copy()
    if not from_file:
        out.index = frame.index
        extra = [c for c in frame.columns if c not in types]
        if extra:
            out = pd.concat([out, frame[extra]], axis=1)
    return out


def _error(findings, frame, label, row, from_file) -> DataValidationError:
    columns = {c: i for i, c in enumerate(frame.columns)}
    findings = sorted(
        dict.fromkeys(findings),
        key=lambda f: (-2 if f.pos is None else f.pos, columns.get(f.column, len(columns))),
    )
    problems = []
    for f in findings:
        value = None
        if f.pos is not None and f.pos >= 0 and f.column in columns:
            value = _plain(frame[f.column].iloc[f.pos])
        problems.append(Problem(label, row(f.pos), f.column, value, f.message))
    first, rest = problems[0], problems[1:]
    lines = [str(p) for p in rest[: MAX_PROBLEMS_SHOWN - 1]]
    if len(rest) > len(lines):
        lines.append(f"... and {len(rest) - len(lines)} more problems (see .problems)")
    err = DataValidationError(
        first.source, first.row, first.column, "\n".join([first.message, *lines])
    )
    err.problems = problems
    return err
