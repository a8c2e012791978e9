"""A report: its published tables, items, dimensions, sample design, claims and quantifiers.

This module owns :class:`Report`, the one object that bundles everything
migstats knows about one survey report, its constructors (from tidy
DataFrames, from a wide crosstab as reports print it, from a report package
directory) and :meth:`Report.save`, which writes a Frictionless data
package directory (``datapackage.json`` with the design and dimensions in
it, plus ``tables.csv``, ``items.csv``, ``claims.csv`` and
``quantifiers.csv``).  Every file is checked by the one schema-driven
validator (:mod:`migstats._corpus.schema`); the problems of every file are
collected into one :class:`~migstats.DataValidationError`.

The bundled reports (chapter 7 of SCP 2024, the default everywhere, and
Pew Research Center's 2020 report on economic inequality) are served by
:func:`load_report` and listed by :func:`list_reports`.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from .._base import (
    CLAIM_COLUMNS,
    REQUIRED_COLUMNS,
    DataValidationError,
    MigstatsValueError,
    invalid_value,
)
from .claims import validate_claims, validate_quantifiers
from .design import LISS_2023, SampleDesign
from .schema import (
    MAX_PROBLEMS_SHOWN,
    Problem,
    data_file,
    generic_schema,
    refine_schema,
    validate_resource,
)
from .tables import (
    DIMENSIONS,
    NON_PARTITION_DIMENSIONS,
    TABLE_TITLES,
    as_table,
    bundled_resource,
    validate_items,
    validate_tables,
)

__all__ = [
    "BUNDLED_REPORTS",
    "DEFAULT_REPORT",
    "PACKAGE_FILES",
    "Report",
    "list_reports",
    "load_report",
    "resolve_report",
]

#: Short name of chapter 7 of SCP (2024), the bundled first report and the default.
DEFAULT_REPORT = "scp2024-ch7"

#: Bundled reports: short name -> package directory inside ``data/`` (None:
#: chapter 7, whose package is ``data/datapackage.json`` itself).
BUNDLED_REPORTS: Mapping[str, str | None] = MappingProxyType(
    {DEFAULT_REPORT: None, "pew-inequality-2020": "reports/pew_inequality_2020"}
)

#: The files of a report package, by resource name; ``items`` and
#: ``quantifiers`` are optional (inferred from the tables / chapter 7's set).
PACKAGE_FILES: Mapping[str, str] = MappingProxyType(
    {
        "tables": "tables.csv",
        "items": "items.csv",
        "claims": "claims.csv",
        "quantifiers": "quantifiers.csv",
    }
)

_DESCRIPTOR = "datapackage.json"
_OPTIONAL = ("items", "quantifiers", "claims")
_DESIGN_FIELDS = (
    "n",
    "n_range",
    "shares",
    "deff",
    "decimals",
    "rounding",
    "weighted",
    "partial_dimensions",
    "name",
    "notes",
)


# --------------------------------------------------------------------------
# dimensions
# --------------------------------------------------------------------------
def _dimension_spec(dimensions: Any, tables: pd.DataFrame) -> tuple[dict, tuple, tuple]:
    """``(groups by dimension, ordered dimensions, partition dimensions)``.

    ``dimensions`` maps a name to its groups in order (a list: ordered) or to
    ``{"groups": [...], "ordered": bool, "partition": bool}``; None infers
    them from the tables in order of appearance (unordered).  A dimension
    of the tables that ``dimensions`` leaves out is added, inferred.
    """
    spec: dict[str, dict] = {}
    if dimensions is not None:
        if not isinstance(dimensions, Mapping):
            raise invalid_value(
                "dimensions",
                "a mapping dimension -> groups (or {'groups': [...], ...})",
                type(dimensions).__name__,
            )
        for dim, value in dimensions.items():
            if str(dim).startswith("_"):  # a comment ("_comment") in a descriptor
                continue
            if isinstance(value, Mapping):
                groups = value.get("groups")
                ordered = bool(value.get("ordered", dim != "total"))
                partition = value.get("partition", dim not in NON_PARTITION_DIMENSIONS)
            else:
                groups, ordered, partition = value, dim != "total", dim != "total"
            if isinstance(groups, str) or not isinstance(groups, Sequence) or not groups:
                raise invalid_value(
                    f"dimensions[{dim!r}]", "a non-empty list of group labels", groups
                )
            spec[str(dim)] = {
                "groups": tuple(str(g) for g in groups),
                "ordered": ordered,
                "partition": bool(partition),
            }
    plain = tables[["dimension", "group"]].astype(str)
    for dim, sub in plain.groupby("dimension", sort=False):
        if dim not in spec:
            spec[dim] = {
                "groups": tuple(dict.fromkeys(sub["group"])),
                "ordered": False,
                "partition": dim != "total",
            }
    total = spec.pop("total", {"groups": ("total",), "ordered": False, "partition": False})
    spec = {"total": total, **spec}
    groups = {d: s["groups"] for d, s in spec.items()}
    ordered = tuple(d for d, s in spec.items() if s["ordered"] and len(s["groups"]) > 1)
    parts = tuple(d for d, s in spec.items() if s["partition"] and d != "total")
    return groups, ordered, parts


def infer_items(tables: pd.DataFrame) -> pd.DataFrame:
    """An item catalogue inferred from tidy tables: each item's table and responses.

    The table is the item's first table other than ``"text"``; the scale is
    ``"categories (inferred)"``; the responses are those published, in order.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"table": ["A", "A"], "item": ["q1", "q1"],
    ...                   "response": ["yes", "no"]})
    >>> infer_items(t)[["item", "table", "responses_reported"]].values.tolist()
    [['q1', 'A', 'yes;no']]
    """
    rows = []
    plain = tables.astype({c: str for c in ("table", "item", "response")})
    for item, sub in plain.groupby("item", sort=False):
        own = [t for t in dict.fromkeys(sub["table"]) if t != "text"]
        rows.append(
            {
                "item": item,
                "table": own[0] if own else "text",
                "scale": "categories (inferred)",
                "responses_reported": ";".join(dict.fromkeys(sub["response"])),
            }
        )
    return pd.DataFrame(rows, columns=["item", "table", "scale", "responses_reported"])


def _with_defaults(tables: pd.DataFrame) -> pd.DataFrame:
    """A tidy frame with the optional table columns filled as :func:`as_table` does."""
    missing = [c for c in REQUIRED_COLUMNS if c not in tables.columns]
    if missing:
        schema = generic_schema("tables")
        required = {**schema, "fields": [f for f in schema["fields"] if f["name"] in missing]}
        validate_resource(tables, required, name="tables")  # names every missing column
    frame = tables.copy()
    if "reported" not in frame.columns:
        frame["reported"] = [
            np.format_float_positional(float(p), trim="-")
            if isinstance(p, int | float | np.number) and math.isfinite(float(p))
            else p
            for p in frame["percent"]
        ]
    if "approximate" not in frame.columns:
        frame["approximate"] = False
    if "text_reported" not in frame.columns:
        frame["text_reported"] = (frame["table"].astype(str) == "text").to_numpy(dtype=bool)
    if "source" not in frame.columns:
        frame["source"] = "user"
    return frame


def _empty_claims() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in CLAIM_COLUMNS})


# --------------------------------------------------------------------------
# collecting problems of several files
# --------------------------------------------------------------------------
class _Problems:
    """Problems of every file of a package, raised together by :meth:`raise_if_any`."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, source: str, column: str | None, value: Any, message: str) -> None:
        self.problems.append(Problem(source, None, column, value, message))

    def run(self, fn, *args, **kwargs) -> Any:
        """``fn(*args, **kwargs)``, or None with its problems collected."""
        try:
            return fn(*args, **kwargs)
        except DataValidationError as exc:
            self.problems.extend(
                getattr(exc, "problems", None)
                or [Problem(exc.file, exc.row, exc.column, None, exc.problem)]
            )
        return None

    def raise_if_any(self) -> None:
        if not self.problems:
            return
        first, rest = self.problems[0], self.problems[1:]
        lines = [str(p) for p in rest[: MAX_PROBLEMS_SHOWN - 1]]
        if len(rest) > len(lines):
            lines.append(f"... and {len(rest) - len(lines)} more problems (see .problems)")
        err = DataValidationError(
            first.source, first.row, first.column, "\n".join([first.message, *lines])
        )
        err.problems = list(self.problems)
        raise err


# --------------------------------------------------------------------------
# the report
# --------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True, eq=False)
class Report:
    """One survey report: published tables, items, dimensions, design, claims, quantifiers.

    Build it with :meth:`from_frames`, :meth:`from_crosstab` or
    :meth:`from_directory` (or :func:`load_report`); the constructors
    validate every part, so a ``Report`` is always consistent.  Every
    table-level function and :func:`migstats.audit` take ``report=``.

    Attributes
    ----------
    name, title, source : str
        Short name, title as published, and where the numbers come from.
    tables : pandas.DataFrame
        Validated tidy rows (``table, item, response, dimension, group,
        percent, reported, approximate, text_reported, source``).
    items : pandas.DataFrame
        The item catalogue (given or inferred from the tables).
    claims, quantifiers : pandas.DataFrame
        Validated claims registry (may be empty) and quantifier readings.
    design : SampleDesign
        The sample design; the default design of every analysis of the report.
    dimensions : Mapping[str, tuple of str]
        Every dimension's groups, in order.
    ordered : tuple of str
        Dimensions whose groups are ordered (gradients make sense).
    partitions : tuple of str
        Dimensions whose groups partition the respondents.
    table_titles : Mapping[str, str]
        Title of each table id (may be empty).
    metadata : Mapping
        Further descriptor fields (sources, publisher, ...), as read.

    Examples
    --------
    >>> import pandas as pd
    >>> from migstats import Report, SampleDesign
    >>> t = pd.DataFrame({"table": "T1", "item": "trust_gov", "response": "yes",
    ...                   "dimension": ["total", "age", "age", "age"],
    ...                   "group": ["total", "18-34", "35-54", "55+"],
    ...                   "percent": [40, 31, 40, 47]})
    >>> d = SampleDesign(n=1000, n_range=(1000, 1000),
    ...                  shares={"age": {"18-34": 0.3, "35-54": 0.35, "55+": 0.35}})
    >>> r = Report.from_frames(t, design=d, dimensions={"age": ["18-34", "35-54", "55+"]},
    ...                        name="my-survey")
    >>> r.table_ids, r.ordered, r.items["responses_reported"].tolist()
    (('T1',), ('age',), ['yes'])
    """

    name: str
    title: str
    tables: pd.DataFrame
    items: pd.DataFrame
    claims: pd.DataFrame
    quantifiers: pd.DataFrame
    design: SampleDesign
    dimensions: Mapping[str, tuple[str, ...]]
    ordered: tuple[str, ...] = ()
    partitions: tuple[str, ...] = ()
    source: str = ""
    table_titles: Mapping[str, str] = dataclasses.field(default_factory=dict)
    metadata: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def __repr__(self) -> str:
        return (
            f"Report(name={self.name!r}, tables={len(self.table_ids)}, "
            f"numbers={len(self.tables)}, items={len(self.items)}, claims={len(self.claims)}, "
            f"dimensions={list(self.dimensions)}, n={self.design.n})"
        )

    # ---- views -----------------------------------------------------------
    @property
    def table_ids(self) -> tuple[str, ...]:
        """The report's table ids, in order of appearance."""
        return tuple(dict.fromkeys(self.tables["table"].astype(str)))

    @property
    def is_default(self) -> bool:
        """Whether this is the bundled chapter 7 report (the default everywhere)."""
        return self.name == DEFAULT_REPORT

    def table(self, table_id: str) -> pd.DataFrame:
        """The rows of one table (a copy), or an error listing the report's table ids."""
        if not isinstance(table_id, str) or table_id not in self.table_ids:
            raise invalid_value(
                "table",
                f"a table of report {self.name!r} ({', '.join(self.table_ids)})",
                table_id,
            )
        t = self.tables
        return t[t["table"].astype(str) == table_id].reset_index(drop=True).copy()

    def rows(self, tables: Any = None) -> pd.DataFrame:
        """Rows of ``tables`` (None: all; an id or list of ids) plus every row on their items.

        As for chapter 7, a table's numbers come with the numbers the text
        reports about the same items (table ``"text"``).
        """
        if tables is None:
            return self.tables.reset_index(drop=True).copy()
        ids = [tables] if isinstance(tables, str) else list(tables)
        for t in ids:
            self.table(t)  # the error lists the valid ids
        t = self.tables
        items = set(t.loc[t["table"].astype(str).isin(ids), "item"].astype(str))
        return t[t["item"].astype(str).isin(items)].reset_index(drop=True).copy()

    def list_tables(self) -> pd.DataFrame:
        """One row per table: ``table, title, items, dimensions``."""
        out = []
        for tid in self.table_ids:
            sub = self.tables[self.tables["table"].astype(str) == tid]
            out.append(
                {
                    "table": tid,
                    "title": self.table_titles.get(tid, ""),
                    "items": "; ".join(dict.fromkeys(sub["item"].astype(str))),
                    "dimensions": "; ".join(dict.fromkeys(sub["dimension"].astype(str))),
                }
            )
        return pd.DataFrame(out, columns=["table", "title", "items", "dimensions"])

    # ---- constructors ------------------------------------------------------
    @classmethod
    def from_frames(
        cls,
        tables: pd.DataFrame,
        *,
        design: SampleDesign,
        items: pd.DataFrame | None = None,
        claims: pd.DataFrame | None = None,
        quantifiers: pd.DataFrame | None = None,
        dimensions: Mapping[str, Any] | None = None,
        name: str = "report",
        title: str = "",
        source: str = "",
        table_titles: Mapping[str, str] | None = None,
    ) -> Report:
        """Build a report from tidy DataFrames, validating every part (all problems at once).

        Parameters
        ----------
        tables : pandas.DataFrame
            Tidy published numbers with at least ``table, item, response,
            dimension, group, percent`` (optional columns as for
            :func:`migstats.as_table`).
        design : SampleDesign
            The report's sample design (see :meth:`SampleDesign.from_percentages`).
        items : pandas.DataFrame, optional
            Item catalogue (``item, table, scale, responses_reported``);
            default: inferred from ``tables`` (:func:`infer_items`).
        claims : pandas.DataFrame, optional
            Claims registry; at most ``claim_id, kind, table, item, response,
            dimension, groups, claim`` plus ``reported``, ``quantifier`` or
            ``reference`` where the kind needs them; an untestable claim needs
            only ``claim_id, kind, claim, untestable_reason``.  Default: none.
        quantifiers : pandas.DataFrame, optional
            Quantifier readings; default: the bundled set (chapter 7's,
            which has English phrases too).
        dimensions : mapping, optional
            Dimension -> groups in order (a list: ordered), or -> ``{"groups":
            [...], "ordered": bool, "partition": bool}``; dimensions of the
            tables left out are inferred (unordered, in order of appearance).
        name, title, source : str
            Labels (used in headers and plot titles).
        table_titles : mapping of str to str, optional
            Title per table id.

        Returns
        -------
        Report

        Raises
        ------
        DataValidationError
            Listing every problem of every part (``DataFrame tables``,
            ``DataFrame claims``, ...), with row and column.
        MigstatsValueError
            For arguments of the wrong type.
        """
        if not isinstance(tables, pd.DataFrame):
            raise invalid_value("tables", "a pandas DataFrame", type(tables).__name__)
        if not isinstance(design, SampleDesign):
            raise invalid_value("design", "a migstats.SampleDesign", type(design).__name__)
        frame = _with_defaults(tables)
        groups, ordered, parts = _dimension_spec(dimensions, frame)
        problems = _Problems()
        cat = problems.run(validate_items, infer_items(frame) if items is None else items)
        q = (
            bundled_resource("quantifiers")
            if quantifiers is None
            else problems.run(validate_quantifiers, quantifiers)
        )
        typed = None
        if cat is not None:
            typed = problems.run(
                validate_tables,
                frame,
                items=cat,
                groups=groups,
                partitions=parts,
                decimals=design.decimals,
                name="tables",
            )
        _check_design(design, groups, "DataFrame design", problems)
        c = _empty_claims() if claims is None else None
        if claims is not None and typed is not None and q is not None:
            c = problems.run(validate_claims, claims, tables=typed, quantifiers=q)
        problems.raise_if_any()
        return cls(
            name=str(name),
            title=str(title),
            tables=typed,
            items=cat,
            claims=c,
            quantifiers=q,
            design=design,
            dimensions=MappingProxyType(groups),
            ordered=ordered,
            partitions=parts,
            source=str(source),
            table_titles=MappingProxyType(dict(table_titles or {})),
        )

    @classmethod
    def from_crosstab(
        cls,
        frame: pd.DataFrame,
        *,
        table: str,
        item: str,
        dimension: str,
        design: SampleDesign,
        orientation: str = "rows",
        total: str = "total",
        **kwargs: Any,
    ) -> Report:
        """Build a report from one wide crosstab as reports print it.

        Parameters
        ----------
        frame : pandas.DataFrame
            ``orientation="rows"``: one row per group (the index), one column
            per answer category; ``"columns"``: the transpose (groups as
            columns, answer categories as rows).  Cells are percentages
            (numbers, or strings as printed: ``"54.0"`` keeps its decimal);
            empty cells (NaN) are numbers not published.
        table, item, dimension : str
            The table id, item id and dimension the crosstab shows.
        design : SampleDesign
            The report's design.
        orientation : {"rows", "columns"}
            Where the groups are.
        total : str, default "total"
            Label of the whole-sample row/column (dimension ``"total"``).
        **kwargs
            Further arguments of :meth:`from_frames` (``claims``, ``name``, ...).

        Returns
        -------
        Report
            Its dimension ``dimension`` is ordered in the crosstab's group order.

        Examples
        --------
        >>> import pandas as pd
        >>> from migstats import Report, SampleDesign
        >>> wide = pd.DataFrame({"agree": [52, 44, 58], "disagree": [45, 53, 39]},
        ...                     index=["total", "men", "women"])
        >>> d = SampleDesign(n=800, n_range=(800, 800),
        ...                  shares={"sex": {"men": 0.5, "women": 0.5}})
        >>> r = Report.from_crosstab(wide, table="Q7", item="q7", dimension="sex", design=d)
        >>> r.tables[["group", "response", "percent"]].head(3).values.tolist()
        [['total', 'agree', 52.0], ['total', 'disagree', 45.0], ['men', 'agree', 44.0]]
        """
        if orientation not in ("rows", "columns"):
            raise invalid_value("orientation", "'rows' or 'columns'", orientation)
        if not isinstance(frame, pd.DataFrame):
            raise invalid_value("frame", "a pandas DataFrame", type(frame).__name__)
        wide = frame if orientation == "rows" else frame.T
        rows = []
        for group, line in wide.iterrows():
            for response, cell in line.items():
                if cell is None or (isinstance(cell, float) and math.isnan(cell)) or cell == "":
                    continue
                text = str(cell).strip()
                try:
                    percent = float(text)
                except ValueError:
                    raise invalid_value(
                        f"frame[{group!r}][{response!r}]", "a percentage", cell
                    ) from None
                is_total = str(group) == total
                rows.append(
                    {
                        "table": table,
                        "item": item,
                        "response": str(response),
                        "dimension": "total" if is_total else dimension,
                        "group": "total" if is_total else str(group),
                        "percent": percent,
                        "reported": text
                        if isinstance(cell, str)
                        else np.format_float_positional(percent, trim="-"),
                    }
                )
        groups = [str(g) for g in wide.index if str(g) != total]
        dims = {dimension: groups, **dict(kwargs.pop("dimensions", None) or {})}
        return cls.from_frames(pd.DataFrame(rows), design=design, dimensions=dims, **kwargs)

    @classmethod
    def from_directory(cls, path: str | os.PathLike) -> Report:
        """Read and validate a report package directory (see :meth:`save` for the layout).

        Raises
        ------
        DataValidationError
            Listing every problem of every file at once: a missing file, a
            missing or misspelled column, bad values (file, row, column), a
            claim pointing at a table, item or group that does not exist, an
            unknown dimension or quantifier, a bad design.
        MigstatsValueError
            If ``path`` is not a directory with a ``datapackage.json``.
        """
        return _read_package(path)

    # ---- writing -----------------------------------------------------------
    def save(self, path: str | os.PathLike) -> Path:
        """Write the report as a Frictionless data package directory.

        Files: ``datapackage.json`` (name, title, source, the design and the
        dimensions, one resource per file), ``tables.csv``, ``items.csv``,
        ``claims.csv`` and ``quantifiers.csv``, each with the columns of its
        schema in schema order.  :meth:`from_directory` reads it back.

        Returns
        -------
        pathlib.Path
            The directory.
        """
        out = Path(path)
        out.mkdir(parents=True, exist_ok=True)
        frames = {
            "tables": self._sorted_tables(),
            "items": self.items,
            "claims": self.claims,
            "quantifiers": self.quantifiers,
        }
        for res, frame in frames.items():
            _write_csv(frame, res, out / PACKAGE_FILES[res])
        (out / _DESCRIPTOR).write_text(
            json.dumps(self._descriptor(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        return out

    def _sorted_tables(self) -> pd.DataFrame:
        t = self.tables.copy()
        key = t.groupby(
            [t[c].astype(str) for c in ("table", "item", "response", "dimension")], sort=False
        ).ngroup()
        rank = {g: i for gs in self.dimensions.values() for i, g in enumerate(gs)}
        order = np.lexsort((t["group"].astype(str).map(rank).to_numpy(), key.to_numpy()))
        return t.iloc[order]

    def _descriptor(self) -> dict:
        d = self.design
        design = {
            "n": d.n,
            "n_range": list(d.n_range),
            "shares": {k: dict(v) for k, v in d.shares.items()},
            "deff": d.deff,
            "decimals": d.decimals,
            "rounding": d.rounding,
            "weighted": d.weighted,
            "partial_dimensions": list(d.partial_dimensions),
            "name": d.name,
            "notes": d.notes,
        }
        extra = dict(self.metadata.get("design_sources", {}))
        dims = {
            k: {"groups": list(v), "ordered": k in self.ordered, "partition": k in self.partitions}
            for k, v in self.dimensions.items()
        }
        meta = {k: v for k, v in self.metadata.items() if k != "design_sources"}
        return {
            "profile": "tabular-data-package",
            "name": self.name,
            "title": self.title,
            "source": self.source,
            **meta,
            "design": {**design, **({"sources": extra} if extra else {})},
            "dimensions": dims,
            "tableTitles": dict(self.table_titles),
            "resources": [
                {
                    "name": res,
                    "path": file,
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "schema": f"{res}.schema.json",
                }
                for res, file in PACKAGE_FILES.items()
            ],
        }


# --------------------------------------------------------------------------
# reading and writing packages
# --------------------------------------------------------------------------
def _write_csv(frame: pd.DataFrame, resource: str, path: Path) -> None:
    schema = generic_schema(resource)
    fields = [f for f in schema["fields"] if f["name"] in frame.columns]
    cols = {}
    for f in fields:
        values = frame[f["name"]]
        if f.get("type") == "boolean":
            cols[f["name"]] = ["" if pd.isna(v) else ("true" if v else "false") for v in values]
        elif f.get("type") in ("number", "integer"):
            cols[f["name"]] = [
                "" if pd.isna(v) else np.format_float_positional(float(v), trim="-") for v in values
            ]
        else:
            cols[f["name"]] = ["" if pd.isna(v) else str(v) for v in values]
    pd.DataFrame(cols, columns=[f["name"] for f in fields]).to_csv(
        path, index=False, lineterminator="\n"
    )


def _design_from(spec: Any, problems: _Problems) -> SampleDesign | None:
    """The descriptor's ``design`` as a SampleDesign (None with a problem)."""
    if not isinstance(spec, Mapping):
        problems.add(_DESCRIPTOR, "design", spec, "a 'design' object is required (n, deff, ...)")
        return None
    kw = {k: spec[k] for k in _DESIGN_FIELDS if k in spec}
    if "deff" not in kw and "margin_of_error" in spec and "n" in spec:
        try:
            kw["deff"] = deff_from_margin(
                spec["margin_of_error"], spec["n"], spec.get("confidence_level", 0.95)
            )
        except (TypeError, ValueError) as exc:
            problems.add(_DESCRIPTOR, "design", spec["margin_of_error"], str(exc))
            return None
    if "n" in kw and "n_range" not in kw:
        kw["n_range"] = (kw["n"], kw["n"])
    if isinstance(kw.get("n_range"), list):
        kw["n_range"] = tuple(kw["n_range"])
    kw.setdefault("shares", {"total": {"total": 1.0}})
    try:
        return SampleDesign(**kw)
    except (MigstatsValueError, TypeError) as exc:
        problems.add(_DESCRIPTOR, "design", None, str(exc))
        return None


def deff_from_margin(
    margin: float, n: int, confidence_level: float = 0.95, p: float = 0.5
) -> float:
    """Kish design effect implied by a stated margin of error (percentage points).

    ``deff = (margin / (100 z sqrt(p (1 - p) / n)))^2`` with ``z`` the normal
    quantile of the two-sided ``confidence_level``: the ratio of the stated
    variance to that of simple random sampling (Kish 1965, section 8.2),
    for the margin of a share ``p = 0.5``, as pollsters state it.

    Raises
    ------
    MigstatsValueError
        For a margin or n that is not positive, or a level outside (0, 1).

    Examples
    --------
    >>> round(deff_from_margin(1.6, 6878), 2)
    1.83
    """
    from scipy.stats import norm

    try:
        margin, n, level = float(margin), float(n), float(confidence_level)
    except (TypeError, ValueError):
        raise invalid_value("margin_of_error", "a number > 0", margin) from None
    if not (margin > 0 and n >= 1 and 0 < level < 1):
        raise invalid_value(
            "margin_of_error, n, confidence_level",
            "> 0, >= 1 and in (0, 1)",
            (margin, n, level),
        )
    z = float(norm.ppf(0.5 + level / 2))
    return (margin / (100.0 * z * math.sqrt(p * (1.0 - p) / n))) ** 2


def _check_design(design: SampleDesign, groups: Mapping, label: str, problems: _Problems):
    for dim, shares in design.shares.items():
        if dim == "total":
            continue
        if dim not in groups:
            problems.add(
                label,
                "shares",
                dim,
                f"design shares name dimension {dim!r}, which is not a dimension of the "
                f"report ({', '.join(groups)})",
            )
            continue
        unknown = [g for g in shares if g not in groups[dim]]
        if unknown:
            problems.add(
                label,
                "shares",
                unknown,
                f"design shares of {dim!r} name groups {unknown!r} that are not groups of "
                f"the dimension ({', '.join(groups[dim])}); add them to the dimension's groups",
            )


def _lenient_tables(raw: pd.DataFrame | None) -> pd.DataFrame | None:
    """The tables as read (numbers coerced, bad ones NaN), to check claims against them."""
    keys = ("table", "item", "response", "dimension", "group", "percent")
    if raw is None or any(k not in raw.columns for k in keys):
        return None
    out = raw.copy()
    out["percent"] = pd.to_numeric(out["percent"], errors="coerce")
    approx = out["approximate"] if "approximate" in out.columns else "false"
    out["approximate"] = pd.Series(approx, index=out.index).astype(str).eq("true")
    return out


def _read_package(path: Any) -> Report:
    root = Path(path)
    desc_path = root / _DESCRIPTOR
    if not desc_path.is_file():
        raise invalid_value(
            "path",
            "a report package directory holding datapackage.json (see migstats init)",
            str(path),
        )
    try:
        desc = json.loads(desc_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataValidationError(
            _DESCRIPTOR, exc.lineno, None, f"is not valid JSON: {exc.msg}"
        ) from None
    problems = _Problems()
    resources = {r.get("name"): r for r in desc.get("resources", []) if isinstance(r, Mapping)}
    files: dict[str, Path | None] = {}
    for res, default in PACKAGE_FILES.items():
        file = root / resources.get(res, {}).get("path", default)
        if file.is_file():
            files[res] = file
        else:
            files[res] = None
            if res not in _OPTIONAL:
                problems.add(file.name, None, None, "required file is missing")
            elif res in resources:
                problems.add(file.name, None, None, "file named in datapackage.json is missing")
    design = _design_from(desc.get("design"), problems)
    schema = {
        res: refine_schema(generic_schema(res), resources.get(res, {}).get("reportConstraints"))
        for res in PACKAGE_FILES
    }
    raw_tables = None
    if files["tables"] is not None:
        raw_tables = pd.read_csv(files["tables"], dtype=str, keep_default_na=False)
    if files["items"] is not None:
        cat = problems.run(validate_items, files["items"], schema=schema["items"])
    elif raw_tables is not None and {"table", "item", "response"} <= set(raw_tables.columns):
        cat = validate_items(infer_items(raw_tables))
    else:
        cat = None
    q = (
        problems.run(validate_quantifiers, files["quantifiers"], schema=schema["quantifiers"])
        if files["quantifiers"] is not None
        else bundled_resource("quantifiers")
    )
    typed, groups, ordered, parts = None, {}, (), ()
    if raw_tables is not None:
        try:
            dim_spec = desc.get("dimensions")
            plain = (
                raw_tables
                if {"dimension", "group"} <= set(raw_tables.columns)
                else (pd.DataFrame(columns=["dimension", "group"]))
            )
            groups, ordered, parts = _dimension_spec(dim_spec, plain)
        except MigstatsValueError as exc:
            problems.add(_DESCRIPTOR, "dimensions", None, str(exc))
        if cat is not None and groups:
            typed = problems.run(
                validate_tables,
                files["tables"],
                items=cat,
                groups=groups,
                partitions=parts,
                decimals=design.decimals if design is not None else 0,
                schema=schema["tables"],
            )
        else:  # a broken catalogue: still report the table's own problems
            problems.run(validate_resource, files["tables"], schema["tables"], name="tables")
    if design is not None and groups:
        _check_design(design, groups, _DESCRIPTOR, problems)
    claims = _empty_claims()
    if files["claims"] is not None:
        # with broken tables, claims are still checked against the rows as read
        against = typed if typed is not None else _lenient_tables(raw_tables)
        if against is not None and q is not None:
            claims = problems.run(
                validate_claims,
                files["claims"],
                tables=against,
                quantifiers=q,
                schema=schema["claims"],
            )
        else:
            problems.run(validate_resource, files["claims"], schema["claims"], name="claims")
    problems.raise_if_any()
    known = {
        "profile",
        "name",
        "title",
        "source",
        "design",
        "dimensions",
        "tableTitles",
        "resources",
    }
    meta = {k: v for k, v in desc.items() if k not in known}
    return Report(
        name=str(desc.get("name", root.name)),
        title=str(desc.get("title", "")),
        tables=typed,
        items=cat,
        claims=claims,
        quantifiers=q,
        design=design,
        dimensions=MappingProxyType(groups),
        ordered=ordered,
        partitions=parts,
        source=str(desc.get("source", "")),
        table_titles=MappingProxyType(dict(desc.get("tableTitles", {}))),
        metadata=MappingProxyType(meta),
    )


# --------------------------------------------------------------------------
# bundled reports
# --------------------------------------------------------------------------
@functools.cache
def _chapter7() -> Report:
    from .package import descriptor

    desc = descriptor()
    ordered = ("education", "income", "urbanisation", "period")
    return Report(
        name=DEFAULT_REPORT,
        title=desc["title"],
        tables=bundled_resource("tables"),
        items=bundled_resource("items"),
        claims=bundled_resource("claims"),
        quantifiers=bundled_resource("quantifiers"),
        design=LISS_2023,
        dimensions=MappingProxyType(dict(DIMENSIONS)),
        ordered=ordered,
        partitions=tuple(d for d in DIMENSIONS if d not in NON_PARTITION_DIMENSIONS),
        source="SCP (SCO'23), LISS panel, September 2023; weighted, rounded percentages.",
        table_titles=MappingProxyType({t: en for t, (_nl, en) in TABLE_TITLES.items()}),
        metadata=MappingProxyType({"sources": desc.get("sources", [])}),
    )


@functools.cache
def _bundled(name: str) -> Report:
    if BUNDLED_REPORTS[name] is None:
        return _chapter7()
    return _read_package(data_file(BUNDLED_REPORTS[name]))


def load_report(name_or_path: Any = DEFAULT_REPORT) -> Report:
    """A bundled report by short name, or a report package directory.

    Parameters
    ----------
    name_or_path : str, os.PathLike or Report, default "scp2024-ch7"
        A short name of :func:`list_reports` (``"scp2024-ch7"``: chapter 7,
        the default; ``"pew-inequality-2020"``), the path of a report
        package directory (see :meth:`Report.save`, ``migstats init``), or a
        :class:`Report` (returned as is).

    Returns
    -------
    Report
        Bundled reports are read once and shared (their frames are
        read-only by convention: copy before changing them).

    Raises
    ------
    MigstatsValueError
        Neither a bundled name nor a package directory (lists the names).
    DataValidationError
        A package that does not validate (every problem at once).

    Examples
    --------
    >>> from migstats import load_report
    >>> pew = load_report("pew-inequality-2020")
    >>> pew.design.n, pew.ordered
    (6878, ('income', 'age'))
    >>> load_report().name
    'scp2024-ch7'
    """
    if isinstance(name_or_path, Report):
        return name_or_path
    if isinstance(name_or_path, str) and name_or_path in BUNDLED_REPORTS:
        return _bundled(name_or_path)
    if isinstance(name_or_path, str | os.PathLike) and (Path(name_or_path) / _DESCRIPTOR).is_file():
        return _read_package(name_or_path)
    raise invalid_value(
        "report",
        "a bundled report (" + ", ".join(BUNDLED_REPORTS) + ") or a report package "
        "directory holding datapackage.json (create one with: migstats init PATH)",
        name_or_path
        if isinstance(name_or_path, str | os.PathLike)
        else type(name_or_path).__name__,
    )


def resolve_report(report: Any) -> Report | None:
    """``None`` stays None (chapter 7 as today); anything else through :func:`load_report`."""
    return None if report is None else load_report(report)


def list_reports() -> pd.DataFrame:
    """The bundled reports: ``name, title, tables, claims, n``.

    Examples
    --------
    >>> from migstats import list_reports
    >>> list_reports()["name"].tolist()
    ['scp2024-ch7', 'pew-inequality-2020']
    """
    rows = []
    for name in BUNDLED_REPORTS:
        r = _bundled(name)
        rows.append(
            {
                "name": name,
                "title": r.title,
                "tables": len(r.table_ids),
                "claims": len(r.claims),
                "n": r.design.n,
            }
        )
    return pd.DataFrame(rows, columns=["name", "title", "tables", "claims", "n"])


def table_of(report: Report | None, table: Any) -> pd.DataFrame:
    """``as_table`` for a report: a table id of the report, or a user's DataFrame."""
    if report is None:
        return as_table(table)
    if isinstance(table, str):
        return report.table(table)
    return as_table(
        table,
        items=report.items,
        groups=report.dimensions,
        partitions=report.partitions,
        decimals=report.design.decimals,
    )
