"""A report package on disk: reading, checking and writing its directory; the bundled reports.

This module owns the layout of a report package (a Frictionless data package
directory: ``datapackage.json`` with the design and the dimensions, and the
resources ``tables.csv``, ``items.csv``, ``claims.csv``, ``quantifiers.csv``),
its reading with every problem of every file collected into one
:class:`~migstats.DataValidationError` (a missing file, a missing or
misspelled column, bad cells, cross-file rules), its writing
(:meth:`Report.save`), the design effect implied by a stated margin of error,
and the bundled reports (:func:`load_report`, :func:`list_reports`).
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from .._base import DataValidationError, MigstatsValueError, invalid_value
from .claims import validate_claims, validate_quantifiers
from .design import SampleDesign
from .design_facts import check_design_facts
from .design_helpers import deff_from_margin_of_error
from .liss import LISS_2023
from .paths import confined_file, load_json, package_root, read_csv_text, read_text
from .presentation import check_presentation
from .report import (
    DEFAULT_REPORT,
    Report,
    _check_design,
    _dimension_spec,
    _empty_claims,
    _Problems,
    check_claim_dimensions,
    infer_items,
    register_package_io,
)
from .schema import data_file, generic_schema, refined_generic, validate_resource
from .tables import (
    _TABLE_SOURCES,
    DIMENSIONS,
    NON_PARTITION_DIMENSIONS,
    TABLE_TITLES,
    bundled_resource,
    validate_items,
    validate_tables,
)

__all__ = [
    "BUNDLED_REPORTS",
    "PACKAGE_FILES",
    "list_reports",
    "load_report",
    "read_package",
    "resolve_report",
    "write_package",
]

#: Bundled reports: short name -> package directory inside ``data/`` (None:
#: chapter 7, whose package is ``data/datapackage.json`` itself).
BUNDLED_REPORTS: Mapping[str, str | None] = MappingProxyType(
    {DEFAULT_REPORT: None, "pew-inequality-2020": "reports/pew_inequality_2020"}
)

#: The files of a report package, by resource name; ``items``,
#: ``quantifiers`` and ``claims`` are optional (inferred from the tables /
#: chapter 7's quantifier set / none).
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
#: Descriptor keys the loader reads itself; every other key is kept as ``metadata``.
_KNOWN_KEYS = frozenset(
    {"profile", "name", "title", "source", "design", "dimensions", "tableTitles", "resources"}
)


# --------------------------------------------------------------------------
# writing
# --------------------------------------------------------------------------
def write_package(report: Report, path: str | os.PathLike) -> Path:
    """Write ``report`` as a package directory (see :meth:`Report.save`)."""
    out = package_root(path)
    if out.exists() and not out.is_dir():
        raise invalid_value("path", "a directory (new or existing)", str(path))
    frames = {
        "tables": _sorted_tables(report),
        "items": report.items,
        "claims": report.claims,
        "quantifiers": report.quantifiers,
    }
    try:
        out.mkdir(parents=True, exist_ok=True)
        for res, frame in frames.items():
            _write_csv(frame, res, out / PACKAGE_FILES[res])
            _write_json(generic_schema(res), out / _schema_file(res))
        _write_json(_descriptor(report), out / _DESCRIPTOR)
    except OSError as exc:
        raise invalid_value(
            "path", f"a directory that can be created and written ({exc.strerror})", str(path)
        ) from None
    return out


def _schema_file(resource: str) -> str:
    """The file name of a resource's Table Schema, shipped inside the package."""
    return f"{resource}.schema.json"


def _write_json(value: Any, path: Path) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _sorted_tables(report: Report) -> pd.DataFrame:
    """Rows with each (table, item, response, dimension) block's groups in dimension order."""
    t = report.tables
    key = t.groupby(
        [t[c].astype(str) for c in ("table", "item", "response", "dimension")], sort=False
    ).ngroup()
    rank = {g: i for gs in report.dimensions.values() for i, g in enumerate(gs)}
    order = np.lexsort((t["group"].astype(str).map(rank).to_numpy(), key.to_numpy()))
    return t.iloc[order]


def _descriptor(report: Report) -> dict:
    d = report.design
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
    dims = {
        k: {"groups": list(v), "ordered": k in report.ordered, "partition": k in report.partitions}
        for k, v in report.dimensions.items()
    }
    return {
        "profile": "tabular-data-package",
        "name": report.name,
        "title": report.title,
        "source": report.source,
        **dict(report.metadata),
        "design": design,
        "dimensions": dims,
        "tableTitles": dict(report.table_titles),
        "resources": [
            {
                "name": res,
                "path": file,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": _schema_file(res),
            }
            for res, file in PACKAGE_FILES.items()
        ],
    }


def _write_csv(frame: pd.DataFrame, resource: str, path: Path) -> None:
    schema = generic_schema(resource)
    fields = schema["fields"]  # every column, empty where absent: Frictionless' header check
    cols = {}
    for f in fields:
        values = frame[f["name"]] if f["name"] in frame.columns else [None] * len(frame)
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


def _published(facts: Any, name: str) -> str | None:
    """The source of a published design fact ``name`` (None: not published, or malformed)."""
    fact = facts.get(name) if isinstance(facts, Mapping) else None
    if not isinstance(fact, Mapping) or fact.get("value") is None:
        return None
    source = fact.get("source")
    return source if isinstance(source, str) and source else None


def _fact_sources(spec: Mapping, facts: Any, derived: bool) -> dict[str, tuple[str, str]]:
    """The design values' origins that the package's ``designFacts`` state.

    ``n`` (and an ``n_range`` of that n alone) and ``deff`` are published
    where ``designFacts`` gives them with a source; a deff computed from a
    published margin of error is derived, with the margin's source.  Values
    without a stated origin keep the design's defaults.
    """
    out: dict[str, tuple[str, str]] = {}
    if (source := _published(facts, "n")) is not None:
        out["n"] = ("published", source)
        if list(spec.get("n_range", [spec.get("n")] * 2)) == [spec.get("n")] * 2:
            out["n_range"] = ("published", f"the published n ({source})")
    if (source := _published(facts, "deff")) is not None:
        out["deff"] = ("published", source)
    elif (margin := _margin_origin(spec, facts, derived)) is not None:
        out["deff"] = ("derived", margin)
    return out


def _margin_origin(spec: Mapping, facts: Any, derived: bool) -> str | None:
    """How the design's deff follows from a published margin of error (None: it does not).

    The deff was computed from the design's ``margin_of_error`` (``derived``),
    or it is given and equals, to two decimals, the one the published margin
    (``designFacts.margin_of_error``) implies at the design's n.
    """
    source = _published(facts, "margin_of_error")
    moe = spec.get(
        "margin_of_error", facts.get("margin_of_error", {}).get("value") if source else None
    )
    level = spec.get("confidence_level", 0.95)
    if moe is None or "n" not in spec:
        return None
    if not derived:
        try:
            implied = deff_from_margin_of_error(moe, spec["n"], confidence_level=level).deff
        except (TypeError, ValueError, ArithmeticError):
            return None
        if not isinstance(spec.get("deff"), int | float) or abs(spec["deff"] - implied) >= 0.005:
            return None
    return (
        f"Kish design effect of the published margin of error +/-{moe} points at n = "
        f"{spec['n']} and a {level:.0%} level, p = 50% ({source or 'the design'}), as printed"
    )


def _design_from(spec: Any, problems: _Problems, facts: Any = None) -> SampleDesign | None:
    """The descriptor's ``design`` as a SampleDesign (None with a problem).

    ``facts``: the descriptor's ``designFacts``, the origins of the values
    (:func:`_fact_sources`).
    """
    if not isinstance(spec, Mapping):
        problems.add(_DESCRIPTOR, "design", spec, "a 'design' object is required (n, deff, ...)")
        return None
    kw = {k: spec[k] for k in _DESIGN_FIELDS if k in spec}
    derived = "deff" not in kw and "margin_of_error" in spec
    if "margin_of_error" in spec and "n" in spec:  # checked even beside a stated deff
        try:
            derived = deff_from_margin_of_error(
                spec["margin_of_error"],
                spec["n"],
                confidence_level=spec.get("confidence_level", 0.95),
            ).deff
            kw.setdefault("deff", derived)
        except (TypeError, ValueError, ArithmeticError) as exc:
            problems.add(_DESCRIPTOR, "design", spec["margin_of_error"], _short(exc))
            return None
    if "n" in kw and "n_range" not in kw:
        kw["n_range"] = (kw["n"], kw["n"])
    if isinstance(kw.get("n_range"), list):
        kw["n_range"] = tuple(kw["n_range"])
    kw.setdefault("shares", {"total": {"total": 1.0}})
    if "sources" not in kw and (stated := _fact_sources(spec, facts, derived)):
        kw["sources"] = stated
    try:
        return SampleDesign(**kw)
    except (MigstatsValueError, TypeError, ArithmeticError) as exc:
        problems.add(_DESCRIPTOR, "design", None, _short(exc))
        return None


def _short(exc: BaseException) -> str:
    """An error's message, cut to a readable length (a 5,000-digit number stays out)."""
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 300 else text[:300] + " ..."


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


# --------------------------------------------------------------------------
# reading
# --------------------------------------------------------------------------
def _descriptor_of(root: Path) -> dict:
    allowed = "a report package directory holding datapackage.json (see migstats init)"
    if not root.is_dir():
        raise invalid_value("path", allowed, str(root))
    desc_path, why = confined_file(root, _DESCRIPTOR, "descriptor")
    if why is not None:
        raise DataValidationError(_DESCRIPTOR, None, None, why)
    if desc_path is None:
        raise invalid_value("path", allowed, str(root))
    desc = load_json(read_text(desc_path, _DESCRIPTOR), _DESCRIPTOR)
    if not isinstance(desc, Mapping):
        raise DataValidationError(_DESCRIPTOR, None, None, "must hold a JSON object")
    return desc


def _resources(desc: Mapping, problems: _Problems) -> dict[str, Mapping]:
    """The descriptor's resources by name (malformed entries reported, left out)."""
    raw = desc.get("resources", [])
    if not isinstance(raw, list):
        problems.add(_DESCRIPTOR, "resources", raw, _resources_problem(raw))
        return {}
    out: dict[str, Mapping] = {}
    for pos, res in enumerate(raw):
        if not isinstance(res, Mapping) or not isinstance(res.get("name"), str):
            problems.add(
                _DESCRIPTOR,
                f"resources[{pos}]",
                None,
                "must be an object with a string 'name' (tables, items, claims, quantifiers), "
                f"but got {type(res).__name__}",
            )
            continue
        out[res["name"]] = res
    return out


def _resources_problem(raw: Any) -> str:
    return f"must be a list of resource objects, but got {type(raw).__name__} {raw!r:.40}"


def _files(root: Path, resources: Mapping, problems: _Problems) -> dict[str, Path | None]:
    """Each resource's file, confined to ``root`` (None if absent or refused).

    A refused path (outside the package, not a regular file) and a missing
    required or named file are problems; nothing is read here.
    """
    files: dict[str, Path | None] = {}
    for res, default in PACKAGE_FILES.items():
        spec = resources.get(res, {})
        raw = spec.get("path", default)
        schema_ref = spec.get("schema")
        if isinstance(schema_ref, str):
            _, why = confined_file(root, schema_ref, f"{res} schema")
            if why is not None:
                problems.add(_DESCRIPTOR, "resources", None, why)
        files[res], why = confined_file(root, raw, res)
        if why is not None:
            problems.add(_DESCRIPTOR, "resources", None, why)
        elif files[res] is None and res not in _OPTIONAL:
            problems.add(str(raw), None, None, "required file is missing")
        elif files[res] is None and res in resources:
            problems.add(str(raw), None, None, "file named in datapackage.json is missing")
    return files


def _raw_tables(files: dict, resources: Mapping, problems: _Problems) -> pd.DataFrame | None:
    """The tables file as strings (None with its problem; then not read again)."""
    if files["tables"] is None:
        return None
    label = str(resources.get("tables", {}).get("path", PACKAGE_FILES["tables"]))
    raw = problems.run(lambda: read_csv_text(read_text(files["tables"], label), label))
    if raw is None:
        files["tables"] = None
    elif raw.empty:
        problems.add(label, None, None, "holds no rows: a report needs at least one number")
    return raw


def _catalogue(files, raw_tables, schema, problems) -> pd.DataFrame | None:
    """The item catalogue: items.csv, else inferred from the tables as read.

    A broken items.csv is reported and the tables are then checked against
    the catalogue they imply, so their own problems are still found.
    """
    if files["items"] is not None:
        cat = problems.run(validate_items, files["items"], schema=schema["items"])
        if cat is not None:
            return cat
    if raw_tables is not None and {"table", "item", "response"} <= set(raw_tables.columns):
        return problems.run(validate_items, infer_items(raw_tables), name="items (inferred)")
    return None


def _dimensions_of(desc: Mapping, raw_tables: pd.DataFrame, problems: _Problems) -> tuple:
    """``(groups, ordered, partitions)``: the descriptor's dimensions (strict when given)."""
    plain = (
        raw_tables
        if {"dimension", "group"} <= set(raw_tables.columns)
        else pd.DataFrame(columns=["dimension", "group"])
    )
    spec = desc.get("dimensions")
    try:
        return _dimension_spec(spec, plain, infer=spec is None)
    except MigstatsValueError as exc:
        problems.add(_DESCRIPTOR, "dimensions", None, str(exc))
        return {}, (), ()


def _tables_of(files, raw_tables, cat, dims, design, schema, problems):
    """The validated tables (None with their problems collected)."""
    groups, _ordered, parts = dims
    if cat is None or not groups:  # a broken catalogue: still report the table's own problems
        problems.run(validate_resource, files["tables"], schema["tables"], name="tables")
        return None
    return problems.run(
        validate_tables,
        files["tables"],
        items=cat,
        groups=groups,
        partitions=parts,
        decimals=design.decimals if design is not None else 0,
        schema=schema["tables"],
    )


def _claims_of(files, typed, raw_tables, q, schema, problems) -> pd.DataFrame | None:
    """The validated claims; with broken tables, checked against the rows as read."""
    if files["claims"] is None:
        return _empty_claims()
    against = typed if typed is not None else _lenient_tables(raw_tables)
    q = q if q is not None else _lenient_quantifiers(files)
    if against is None or q is None:
        problems.run(validate_resource, files["claims"], schema["claims"], name="claims")
        return None
    return problems.run(
        validate_claims, files["claims"], tables=against, quantifiers=q, schema=schema["claims"]
    )


def _lenient_quantifiers(files: Mapping[str, Path | None]) -> pd.DataFrame | None:
    """A broken quantifiers.csv as read, to still check the claims against it.

    Without its ``quantifier`` column, every quantifier the claims name is
    taken as known: only the checks that need the column are disabled.
    """
    if files["quantifiers"] is None or files["claims"] is None:
        return None
    try:
        raw = read_csv_text(read_text(files["quantifiers"], "quantifiers"), "quantifiers")
        if "quantifier" in raw.columns:
            return raw
        claims = read_csv_text(read_text(files["claims"], "claims"), "claims")
    except DataValidationError:
        return None
    named = claims["quantifier"] if "quantifier" in claims.columns else pd.Series(dtype=str)
    return pd.DataFrame({"quantifier": named.unique()})


def _schemas(resources: Mapping, problems: _Problems) -> dict[str, dict]:
    """Each resource's generic schema refined by its ``reportConstraints`` (if well-formed)."""
    out = {}
    for res in PACKAGE_FILES:
        extra = resources.get(res, {}).get("reportConstraints")
        out[res] = generic_schema(res)
        if extra is not None and not (
            isinstance(extra, Mapping) and all(isinstance(v, Mapping) for v in extra.values())
        ):
            problems.add(
                _DESCRIPTOR,
                f"{res}.reportConstraints",
                None,
                "must be an object mapping column -> constraints object",
            )
            continue
        try:
            out[res] = refined_generic(res, extra)
        except (MigstatsValueError, TypeError) as exc:
            problems.add(_DESCRIPTOR, f"{res}.reportConstraints", None, str(exc))
    return out


def _table_titles(raw: Any, problems: _Problems) -> dict[str, str]:
    if isinstance(raw, Mapping) and all(isinstance(v, str) for v in raw.values()):
        return {str(k): v for k, v in raw.items()}
    problems.add(_DESCRIPTOR, "tableTitles", None, "must be an object mapping table id -> title")
    return {}


def read_package(path: str | os.PathLike) -> Report:
    """Read and validate a report package directory (see :meth:`Report.from_directory`).

    The descriptor is read first (its design and dimensions), then items,
    quantifiers, tables and claims, each with its Table Schema refined by
    the resource's ``reportConstraints``.  A file that cannot be checked
    against a broken one is still checked against its own schema, so every
    problem is reported at once.
    """
    root = package_root(path)
    desc = _descriptor_of(root)
    problems = _Problems()
    resources = _resources(desc, problems)
    files = _files(root, resources, problems)
    design = _design_from(desc.get("design"), problems, desc.get("designFacts"))
    schema = _schemas(resources, problems)
    titles = _table_titles(desc.get("tableTitles", {}), problems)
    raw = _raw_tables(files, resources, problems)
    cat = _catalogue(files, raw, schema, problems)
    q = bundled_resource("quantifiers")
    if files["quantifiers"] is not None:
        q = problems.run(validate_quantifiers, files["quantifiers"], schema=schema["quantifiers"])
    typed, dims = None, ({}, (), ())
    if raw is not None:
        dims = _dimensions_of(desc, raw, problems)
        typed = _tables_of(files, raw, cat, dims, design, schema, problems)
    if design is not None and dims[0]:
        _check_design(design, dims[0], _DESCRIPTOR, problems)
    if "designFacts" in desc:
        for column, message in check_design_facts(desc["designFacts"], design, dims[0]):
            problems.add(_DESCRIPTOR, column, None, message)
    if typed is not None:
        for key, message in check_presentation(desc, set(typed["table"].astype(str))):
            problems.add(_DESCRIPTOR, key, None, message)
    claims = _claims_of(files, typed, raw, q, schema, problems)
    if claims is not None and raw is not None:
        label = str(resources.get("claims", {}).get("path", PACKAGE_FILES["claims"]))
        check_claim_dimensions(claims, dims[1], label, problems, from_file=True)
    problems.raise_if_any()
    groups, ordered, parts = dims
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
        table_titles=MappingProxyType(titles),
        metadata=MappingProxyType({k: v for k, v in desc.items() if k not in _KNOWN_KEYS}),
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
        metadata=MappingProxyType(
            {
                "sources": desc.get("sources", []),
                "titleLanguage": "en",
                "tableTitlesByLanguage": {"nl": {t: nl for t, (nl, _en) in TABLE_TITLES.items()}},
                "tableSources": dict(_TABLE_SOURCES),
                "figureTag": "",
                "defaultResponse": desc.get("defaultResponse", None),
            }
        ),
    )


@functools.cache
def _bundled(name: str) -> Report:
    if BUNDLED_REPORTS[name] is None:
        return _chapter7()
    return read_package(data_file(BUNDLED_REPORTS[name]))


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
        return read_package(name_or_path)
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


register_package_io(read_package, write_package)
