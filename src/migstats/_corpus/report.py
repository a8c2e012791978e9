"""A report: its published tables, items, dimensions, sample design, claims and quantifiers.

This module owns :class:`Report`, the one object that bundles everything
migstats knows about one survey report, and its constructors from tidy
DataFrames and from a wide crosstab as reports print it.  Every part is
checked by the one schema-driven validator (:mod:`migstats._corpus.schema`);
the problems of every part are collected into one
:class:`~migstats.DataValidationError`.

Reading and writing package directories and the bundled reports live in
:mod:`migstats._corpus.report_package`.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Callable, Mapping, Sequence
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
from .claim_kinds import kinds_where
from .claims import validate_claims, validate_quantifiers
from .design import SampleDesign
from .presentation import check_presentation
from .schema import (
    MAX_PROBLEMS_SHOWN,
    Problem,
    generic_schema,
    validate_resource,
)
from .tables import (
    NON_PARTITION_DIMENSIONS,
    bundled_resource,
    validate_items,
    validate_tables,
)

__all__ = ["DEFAULT_REPORT", "Report", "infer_items"]

#: Short name of chapter 7 of SCP (2024), the bundled first report and the default.
DEFAULT_REPORT = "scp2024-ch7"


# --------------------------------------------------------------------------
# dimensions
# --------------------------------------------------------------------------
def _dimension_spec(
    dimensions: Any, tables: pd.DataFrame, *, infer: bool = True
) -> tuple[dict, tuple, tuple]:
    """``(groups by dimension, ordered dimensions, partition dimensions)``.

    ``dimensions`` maps a name to its groups in order (a list: ordered) or to
    ``{"groups": [...], "ordered": bool, "partition": bool}``; None infers
    them from the tables in order of appearance (unordered).  With
    ``infer``, a dimension of the tables that ``dimensions`` leaves out is
    added, inferred; without, it stays unknown (the table check reports it).
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
        if infer and dim not in spec:
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

    The table is the item's tables other than ``"text"``, ``;``-separated
    (``"text"`` if it has none); the scale is
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
                "table": ";".join(own) if own else "text",
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
    def design_facts(self) -> Mapping[str, Any]:
        """The publisher's design facts with their sources (``designFacts``; may be empty).

        Each is ``{"value": ..., "source": ...}``; see docs/another-report.md.
        """
        facts = self.metadata.get("designFacts", {})
        return MappingProxyType(dict(facts)) if isinstance(facts, Mapping) else MappingProxyType({})

    @property
    def alpha(self) -> float | None:
        """The significance level the publisher states (``designFacts.alpha``), or None."""
        fact = self.design_facts.get("alpha")
        return None if not isinstance(fact, Mapping) else fact.get("value")

    def _presentation(self) -> Mapping[str, Any]:
        """``metadata`` with its presentation keys checked (every problem at once)."""
        if problems := check_presentation(self.metadata, self.table_ids):
            raise MigstatsValueError(
                f"report {self.name!r}: " + "; ".join(f"{k} {m}" for k, m in problems)
            )
        return self.metadata

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages of the table titles: ``titleLanguage`` first, then the translations.

        ``titleLanguage`` is the language of ``tableTitles`` (default ``"en"``,
        project convention: English in code and docs); ``tableTitlesByLanguage``
        maps further languages to their titles (see docs/another-report.md).

        Examples
        --------
        >>> from migstats import load_report
        >>> load_report().languages
        ('en', 'nl')
        """
        meta = self._presentation()
        first = meta.get("titleLanguage", "en")
        return (first, *(k for k in meta.get("tableTitlesByLanguage", {}) if k != first))

    def titles(self, language: str = "en") -> Mapping[str, str]:
        """The table titles in ``language`` (one of :attr:`languages`), by table id.

        Examples
        --------
        >>> from migstats import load_report
        >>> load_report().titles("nl")["7.3"][:30]
        'Opvattingen over arbeidsmigrat'
        """
        languages = self.languages
        if language not in languages:
            allowed = f"a language of report {self.name!r}: {', '.join(languages)}"
            raise invalid_value("language", allowed, language)
        if language == languages[0]:
            return self.table_titles
        return MappingProxyType(dict(self.metadata["tableTitlesByLanguage"][language]))

    @property
    def figure_tag(self) -> str:
        """Text added in parentheses to figure titles: ``figureTag``, default the name.

        An empty ``figureTag`` adds nothing (the bundled chapter 7 report's).

        Examples
        --------
        >>> from migstats import load_report
        >>> load_report("pew-inequality-2020").figure_tag
        'pew-inequality-2020'
        """
        return str(self._presentation().get("figureTag", self.name))

    @property
    def default_response(self) -> str | None:
        """The response analysed when none is named: ``defaultResponse``, else None.

        None means each item's first published response (in the order of
        ``tables.csv``).  Read by :func:`migstats.gradient`,
        :func:`migstats.gradient_table` and the gaps figure.

        Examples
        --------
        >>> from migstats import load_report
        >>> load_report().default_response, load_report("pew-inequality-2020").default_response
        ('agree', None)
        """
        value = self._presentation().get("defaultResponse", None)
        return None if value is None else str(value)

    def table_source(self, table_id: str) -> str:
        """The source of one table: ``tableSources[table_id]``, else the report's ``source``.

        Examples
        --------
        >>> from migstats import load_report
        >>> load_report("pew-inequality-2020").table_source("top_priority")[:25]
        'Pew Research Center (2020'
        """
        return str(self._presentation().get("tableSources", {}).get(table_id, self.source))

    def catalogue(self) -> pd.DataFrame:
        """One row per table: ``table, title_<language>..., items, dimensions, source``.

        One title column per language of :attr:`languages`; ``source`` is
        :meth:`table_source`.

        Examples
        --------
        >>> from migstats import load_report
        >>> list(load_report().catalogue().columns)
        ['table', 'title_en', 'title_nl', 'items', 'dimensions', 'source']
        """
        out = self.list_tables().drop(columns="title")
        for pos, lang in enumerate(self.languages, start=1):
            names = self.titles(lang)
            out.insert(pos, f"title_{lang}", [names.get(t, "") for t in out["table"]])
        out["source"] = [self.table_source(t) for t in out["table"]]
        return out

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
        _check_frame_arguments(tables, items, claims, quantifiers, design, table_titles)
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
        if c is not None:
            check_claim_dimensions(c, ordered, "DataFrame claims", problems, from_file=False)
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
        if frame.shape[0] == 0 or frame.shape[1] == 0:
            raise invalid_value(
                "frame", "a crosstab with at least one group and one answer", f"shape {frame.shape}"
            )
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
        return _PACKAGE_IO["read"](path)

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
        return _PACKAGE_IO["write"](self, path)


# --------------------------------------------------------------------------
# reading and writing packages
# --------------------------------------------------------------------------
#: The package reader and writer, registered by :mod:`.report_package` when
#: the package :mod:`migstats._corpus` is imported (so that this module need
#: not import the module that builds Reports from files: no import cycle).
_PACKAGE_IO: dict[str, Callable[..., Any]] = {}


def register_package_io(read: Callable[..., Report], write: Callable[..., Path]) -> None:
    """Register the functions behind :meth:`Report.from_directory` and :meth:`Report.save`."""
    _PACKAGE_IO.update(read=read, write=write)


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


#: Claim kinds whose test runs over a dimension's groups in order (the audit's
#: preparers call ``ordered_profile`` for them): their dimension must be ordered.
ORDERED_KINDS = frozenset(kinds_where(groups="direction") + kinds_where(groups="profile"))


def check_claim_dimensions(
    claims: pd.DataFrame, ordered: Sequence[str], label: str, problems: _Problems, *, from_file
) -> None:
    """A testable claim of an :data:`ORDERED_KINDS` kind names an ordered dimension.

    So that nothing that validates is rejected by the audit later.
    """
    cols = {"kind", "dimension"}
    if not cols <= set(claims.columns):
        return
    reasons = claims["untestable_reason"] if "untestable_reason" in claims else [""] * len(claims)
    for pos, (label_row, kind, dim, why) in enumerate(
        zip(claims.index, claims["kind"], claims["dimension"], reasons, strict=True)
    ):
        if kind in ORDERED_KINDS and not str(why or "").strip() and dim not in ordered:
            problems.problems.append(
                Problem(
                    label,
                    pos + 2 if from_file else label_row,
                    "dimension",
                    dim,
                    f"kind {kind!r} needs an ordered dimension ({', '.join(ordered) or 'none'}; "
                    f'declare it with "ordered": true), but got {dim!r}',
                )
            )


def _check_frame_arguments(tables, items, claims, quantifiers, design, table_titles) -> None:
    """Types of :meth:`Report.from_frames`' arguments; an empty ``tables`` is refused."""
    if not isinstance(tables, pd.DataFrame):
        raise invalid_value("tables", "a pandas DataFrame", type(tables).__name__)
    if tables.empty:
        raise invalid_value(
            "tables", "a DataFrame with at least one row (one published number)", "no rows"
        )
    for name, value in (("items", items), ("claims", claims), ("quantifiers", quantifiers)):
        if value is not None and not isinstance(value, pd.DataFrame):
            raise invalid_value(name, "a pandas DataFrame or None", type(value).__name__)
    if not isinstance(design, SampleDesign):
        raise invalid_value("design", "a migstats.SampleDesign", type(design).__name__)
    if table_titles is not None and not (
        isinstance(table_titles, Mapping)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in table_titles.items())
    ):
        raise invalid_value("table_titles", "a mapping table id (str) -> title (str)", table_titles)
