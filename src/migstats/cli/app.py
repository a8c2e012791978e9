"""The ``migstats`` command line.

This module owns the argument parser and the plain-text, Markdown, CSV and
JSON rendering of results for the terminal.  Each subcommand is registered by
a small function decorated with :func:`subcommand` that adds its sub-parser
and sets ``func`` to a handler ``handler(args) -> int``.  The subcommands are
``tables`` and ``show`` (the published tables), ``audit`` (every claim of
chapter 7, :func:`render_audit`), ``ci``, ``compare``, ``gradient`` and
``check`` (one analysis each, thin faces over :func:`migstats.proportion_ci`,
:func:`migstats.compare` with :func:`migstats.breakeven_n`,
:func:`migstats.gradient` and :func:`migstats.check_table`) and ``plot``
(:mod:`migstats.plots`).  The command line computes nothing itself: it
validates arguments, calls the library and renders the result.

Exit codes: 0 success; 2 bad arguments or bad input (argparse's usage errors
and every :class:`~migstats.MigstatsError` or :class:`ValueError`), with the
message on stderr; 1 when ``plot`` lacks the optional matplotlib.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .. import __version__
from .._base import (
    CHECK_VERDICTS,
    MigstatsError,
    MigstatsValueError,
    check_confidence_level,
    check_deff,
    check_n,
    check_option,
    check_percent,
    invalid_value,
)
from .._core import PERCENT_SCALE
from .._corpus import (
    DIMENSIONS,
    LISS_2023,
    TABLE_IDS,
    TABLE_TITLES,
    list_tables,
    load_items,
    load_table,
)

__all__ = [
    "FORMATS",
    "GENERATED_BEGIN",
    "GENERATED_END",
    "OUTPUT_FORMATS",
    "build_parser",
    "format_frame",
    "main",
    "render_audit",
    "subcommand",
]

#: Output formats every subcommand that prints a table should offer.
FORMATS: tuple[str, ...] = ("text", "markdown", "csv")

#: Exit code for bad arguments or bad input (argparse uses 2 for usage errors).
EXIT_USAGE = 2

#: Exit code when the reader of stdout went away (``migstats audit | head``):
#: 128 + SIGPIPE (13), what a shell reports for a process killed by SIGPIPE.
EXIT_BROKEN_PIPE = 141

#: Marker put before an approximate number ("about", "rond de") in text and
#: Markdown output.
APPROX_MARK = "~"

_LABELS = ("id", "en", "nl")

_RESPONSE_LABELS = {
    "en": {"agree": "(strongly) agree", "disagree": "(strongly) disagree"},
    "nl": {"agree": "(helemaal) eens", "disagree": "(helemaal) oneens"},
}

EPILOG = """\
examples:
  migstats tables                       list the chapter's tables
  migstats show 7.2                     table 7.2 as the report lays it out
  migstats show 7.7 --labels en         with English row labels
  migstats show 7.1 --format csv        table 7.1 as CSV (one row of 10)
  migstats show text --format markdown  numbers reported only in the text
  python -m migstats show 7.6           the same without the console script
  migstats audit                        every claim of chapter 7 with its verdict
  migstats ci 56 --n 2000               interval for a published percentage
  migstats compare 72 68 --n1 450 --n2 450
  migstats gradient 7.5 language_lessons --dimension income
  migstats check 7.2                    internal consistency of a table
  migstats plot gaps -o gaps.png        a figure (needs the plot extra)

Numbers are the published (weighted, rounded) percentages; "~" marks numbers
the text gives as approximate ("rond de", "ongeveer").
"""

Handler = Callable[[argparse.Namespace], int]
Registrar = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]

_REGISTRARS: list[Registrar] = []


def subcommand(func: Registrar) -> Registrar:
    """Register a function that adds one sub-parser (use as a decorator).

    Parameters
    ----------
    func : callable
        ``func(subparsers)`` receives the object returned by
        :meth:`argparse.ArgumentParser.add_subparsers`, adds its parser and
        calls ``set_defaults(func=handler)`` with ``handler(args) -> int``.

    Returns
    -------
    callable
        ``func`` itself, so the decorator can be stacked.

    Raises
    ------
    MigstatsValueError
        If ``func`` is not callable.

    Notes
    -----
    Subcommands appear in ``--help`` in the order they were registered.  A
    handler signals bad input by raising a :class:`~migstats.MigstatsError`;
    :func:`main` turns it into a message on stderr and exit code 2.

    References
    ----------
    .. [1] Python documentation, argparse, "Sub-commands".

    Examples
    --------
    >>> from migstats.cli import app as cli
    >>> @cli.subcommand
    ... def _add_hello(sub):
    ...     p = sub.add_parser("hello", help="say hello")
    ...     p.set_defaults(func=lambda args: print("hello") or 0)
    >>> cli.main(["hello"])
    hello
    0
    >>> _ = cli._REGISTRARS.pop()  # unregister the example again
    """
    if not callable(func):
        raise MigstatsValueError(f"func must be callable, but got {func!r}")
    _REGISTRARS.append(func)
    return func


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="output format (default: text)",
    )


def format_frame(frame: pd.DataFrame, fmt: str, *, title: str = "", footer: str = "") -> str:
    """Render a DataFrame as aligned text, a Markdown table or CSV.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table to render (its index is not printed).
    fmt : {"text", "markdown", "csv"}
        Output format.
    title, footer : str, default ""
        Printed above and below the table in text and Markdown output;
        omitted from CSV so that CSV stays machine-readable.

    Returns
    -------
    str
        The rendered table, ending in a newline.

    Raises
    ------
    MigstatsValueError
        If ``fmt`` is not one of :data:`FORMATS`.

    Notes
    -----
    In text and Markdown, columns whose cells all read as numbers (optionally
    prefixed by the approximate marker ``~`` or written as a range ``a-b``)
    are right-aligned, all others left-aligned.

    References
    ----------
    .. [1] GitHub Flavored Markdown Spec, section "Tables (extension)".

    Examples
    --------
    >>> import pandas as pd
    >>> from migstats.cli.app import format_frame
    >>> df = pd.DataFrame({"group": ["bo/vmbo", "hbo/wo"], "percent": [47, 21]})
    >>> print(format_frame(df, "markdown"), end="")
    | group | percent |
    |---|---:|
    | bo/vmbo | 47 |
    | hbo/wo | 21 |
    >>> print(format_frame(df, "text"), end="")
    group    percent
    bo/vmbo       47
    hbo/wo        21
    """
    check_option(fmt, "fmt", FORMATS)
    if fmt == "csv":
        return frame.to_csv(index=False, lineterminator="\n")
    if fmt == "markdown":
        cols = [str(c) for c in frame.columns]
        numeric = [_is_numeric_column(frame[c]) for c in frame.columns]
        lines = ["| " + " | ".join(cols) + " |"]
        lines.append("|" + "|".join("---:" if num else "---" for num in numeric) + "|")
        for row in frame.itertuples(index=False):
            lines.append("| " + " | ".join(_md_cell(v) for v in row) + " |")
        body = "\n".join(lines)
        parts = [f"**{title}**\n" if title else "", body, f"\n{footer}" if footer else ""]
        return "\n".join(p for p in parts if p) + "\n"
    text = _aligned_text(frame)
    parts = [title, text, footer]
    return "\n".join(p for p in parts if p) + "\n"


def _aligned_text(frame: pd.DataFrame) -> str:
    """Plain-text table: labels left-aligned, numbers right-aligned, two-space gaps."""
    cols = [str(c) for c in frame.columns]
    cells = [[str(v) for v in frame[c]] for c in frame.columns]
    numeric = [_is_numeric_column(frame[c]) for c in frame.columns]
    widths = [max([len(h)] + [len(v) for v in col]) for h, col in zip(cols, cells, strict=True)]

    def line(values: Sequence[str]) -> str:
        out = [
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(out).rstrip()

    rows = [line(cols)] + [line(r) for r in zip(*cells, strict=True)] if cols else []
    return "\n".join(rows)


def _md_cell(value: object) -> str:
    return str(value).replace("|", "\\|")


def _is_numeric_column(col: pd.Series) -> bool:
    if pd.api.types.is_numeric_dtype(col.dtype):
        return True
    vals = [str(v).lstrip(APPROX_MARK) for v in col if str(v) != ""]
    return bool(vals) and all(_looks_numeric(v) for v in vals)


def _looks_numeric(text: str) -> bool:
    try:
        float(text.split("-")[0])
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------
# tables
# --------------------------------------------------------------------------
TABLES_EPILOG = """\
examples:
  migstats tables                   the tables, their items and breakdowns
  migstats tables --lang nl         with the Dutch titles as printed
  migstats tables --format csv      machine-readable
"""


@subcommand
def _add_tables(sub) -> None:
    p = sub.add_parser(
        "tables",
        help="list the chapter's tables",
        description="List the tables of chapter 7 with their titles, items and breakdowns.",
        epilog=TABLES_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_format(p)
    p.add_argument(
        "--lang",
        choices=("en", "nl"),
        default="en",
        help="language of the titles (default: en)",
    )
    p.set_defaults(func=_run_tables)


def _run_tables(args: argparse.Namespace) -> int:
    lt = list_tables()
    title_col = f"title_{args.lang}"
    cols = ["table", "items", title_col]
    if args.format == "csv":
        cols = list(lt.columns)
    out = lt[cols].rename(columns={title_col: "title"}) if args.format != "csv" else lt[cols]
    sys.stdout.write(format_frame(out, args.format))
    return 0


# --------------------------------------------------------------------------
# show
# --------------------------------------------------------------------------
@subcommand
def _add_show(sub) -> None:
    p = sub.add_parser(
        "show",
        help="print one table as the report lays it out",
        description=(
            "Print one published table: one row per item and response, columns "
            "total | education groups | income quintiles (table 7.1: one row of the "
            "10 scale points). 'text' lists the numbers reported only in the running text."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("table", help=f"table id: {', '.join(TABLE_IDS)}")
    _add_format(p)
    p.add_argument(
        "--labels",
        choices=_LABELS,
        default="id",
        help="row labels: item ids (default), English or Dutch labels",
    )
    p.set_defaults(func=_run_show)


def _wide_table(table_id: str, labels: str, mark_approximate: bool) -> pd.DataFrame:
    """Pivot a tidy table into the report's layout (cells = numbers as printed)."""
    tidy = load_table(table_id)
    cell = tidy["reported"].astype(str)
    if mark_approximate:
        cell = cell.where(~tidy["approximate"], APPROX_MARK + cell)
    tidy = tidy.assign(cell=cell)
    item_order = list(dict.fromkeys(tidy["item"]))
    if set(tidy["dimension"].astype(str)) == {"total"} and tidy["response"].nunique() > 1:
        # Table 7.1: one row per item, the scale points as columns.
        wide = tidy.pivot(index="item", columns="response", values="cell")
        responses = list(dict.fromkeys(tidy["response"]))
        wide = wide.reindex(index=item_order, columns=responses).reset_index()
        wide.columns.name = None
        return _relabel(wide, labels, with_response=False)
    groups = [g for labels_ in DIMENSIONS.values() for g in labels_ if (tidy["group"] == g).any()]
    keys = list(dict.fromkeys(zip(tidy["item"], tidy["response"], strict=True)))
    wide = tidy.pivot(index=["item", "response"], columns="group", values="cell")
    wide = wide.reindex(index=pd.MultiIndex.from_tuples(keys, names=["item", "response"]))
    wide = wide.reindex(columns=groups).fillna("")
    wide.columns = [str(c) for c in wide.columns]
    return _relabel(wide.reset_index(), labels, with_response=True)


def _relabel(wide: pd.DataFrame, labels: str, *, with_response: bool) -> pd.DataFrame:
    if labels == "id":
        return wide
    items = load_items().set_index("item")
    wide = wide.assign(item=wide["item"].map(items[f"label_{labels}"]))
    if with_response:
        names = _RESPONSE_LABELS[labels]
        wide = wide.assign(response=wide["response"].map(lambda r: names.get(r, r)))
    return wide


def _run_show(args: argparse.Namespace) -> int:
    if args.table not in TABLE_IDS:
        raise _UsageError(f"table must be one of {', '.join(TABLE_IDS)}, but got {args.table!r}")
    mark = args.format != "csv"
    wide = _wide_table(args.table, args.labels, mark)
    name = "Numbers reported only in the text" if args.table == "text" else f"Table {args.table}"
    title = f"{name}. {TABLE_TITLES[args.table][1]}" if args.table != "text" else name + "."
    footer = ""
    if mark and (wide.astype(str).map(lambda v: v.startswith(APPROX_MARK))).to_numpy().any():
        footer = f"{APPROX_MARK} approximate (the text says about/around); a-b: a range."
    src = (
        "Source: SCP chapter 7, running text; COB trend: Miltenburg et al. (2023)."
        if args.table == "text"
        else "Source: SCP (SCO'23), LISS panel, September 2023; weighted, rounded percentages."
    )
    footer = "\n".join(f for f in (footer, src) if f)
    sys.stdout.write(format_frame(wide, args.format, title=title, footer=footer))
    return 0


# --------------------------------------------------------------------------
# shared helpers of the analysis subcommands
# --------------------------------------------------------------------------

#: Output formats of the analysis subcommands (``audit``, ``ci``, ``compare``,
#: ``gradient``, ``check``): the table formats plus JSON.  Text and Markdown
#: are for reading (percent and percentage points, rounded); CSV and JSON
#: carry the library's full-precision result in the library's units.
OUTPUT_FORMATS: tuple[str, ...] = (*FORMATS, "json")

#: Exit code when an optional dependency (matplotlib, for ``plot``) is missing:
#: not a usage error, the environment lacks the ``plot`` extra.
EXIT_MISSING_DEPENDENCY = 1

#: Width (characters) to which ``migstats audit`` wraps claim texts and the
#: summary in text output: the classic terminal width.
TEXT_WIDTH = 80

#: Indentation of a claim's text under its row in ``migstats audit`` text output.
CLAIM_INDENT = 5

#: p-values below this are printed as ``<0.0001`` (four decimals are shown).
P_FLOOR = 1e-4

#: Decimals of percentages and points in the text and Markdown audit.  The
#: published numbers are whole percentages, so one decimal shows every digit
#: that carries information.
AUDIT_DECIMALS = 1

#: Decimals of percentages and points in the text and Markdown output of
#: ``ci``, ``compare``, ``gradient`` and ``check``.
RESULT_DECIMALS = 2

#: The generated part of docs/audit.md lies between these two lines
#: (written by ``python docs/regenerate.py``).
GENERATED_BEGIN = "<!-- BEGIN GENERATED -->"
GENERATED_END = "<!-- END GENERATED -->"

#: Rounding rule assumed for a percentage given to ``migstats ci`` (the
#: chapter does not state its rule, so a tie may have gone either way).
DEFAULT_ROUNDING = "up_or_down"

#: Defaults of :func:`migstats.audit` that ``migstats audit`` shares (used to
#: write the command that reproduces a Markdown audit).
DEFAULT_AUDIT_ALPHA = 0.05
DEFAULT_AUDIT_CORRECTION = "holm"


def _number(text: str) -> int | float:
    """argparse ``type``: a number (an int if written as one); ranges are checked later."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, but got {text!r}") from None


def _percent_arg(text: str, name: str) -> float:
    """A published percentage given on the command line, validated."""
    try:
        value = _number(text)
    except argparse.ArgumentTypeError:
        raise invalid_value(name, "a percentage in [0, 100]", text) from None
    return float(check_percent(value, name))


def _size_arg(value: Any, name: str, minimum: int = 1) -> int:
    return int(check_n(value, name, minimum=minimum))


def _add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=OUTPUT_FORMATS,
        default="text",
        help=(
            "output format (default: text); text and markdown are rounded and in percent, "
            "csv and json hold the full-precision result"
        ),
    )
    parser.add_argument(
        "--output",
        metavar="FILE",
        default=None,
        help="write to FILE instead of standard output",
    )


def _emit(text: str, output: str | None) -> None:
    """Write ``text`` to standard output or to the file ``output``."""
    if output is None:
        sys.stdout.write(text)
        return
    try:
        with open(output, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except OSError as exc:
        raise _UsageError(
            f"--output must be a writable file, but got {output!r} ({exc.strerror})"
        ) from None


def _json_value(value: Any) -> Any:
    """Strict-JSON value: NaN/NA -> null, +-inf -> "inf"/"-inf", NumPy -> Python."""
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
    return value


def _to_json(payload: Any) -> str:
    return json.dumps(_json_value(payload), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    cols = [str(c) for c in frame.columns]
    return [
        dict(zip(cols, row, strict=True))
        for row in frame.astype(object).itertuples(index=False, name=None)
    ]


def _render_result(
    machine: pd.DataFrame,
    display: pd.DataFrame,
    fmt: str,
    *,
    title: str,
    footer: str,
    settings: dict[str, Any],
) -> str:
    """Text/Markdown from the display frame; CSV/JSON from the full-precision frame."""
    if fmt == "csv":
        return format_frame(machine, "csv")
    if fmt == "json":
        return _to_json({"settings": settings, "results": _records(machine)})
    return format_frame(display, fmt, title=title, footer=footer)


def _pct(x: Any, decimals: int = RESULT_DECIMALS) -> str:
    """A proportion as a percentage (a difference as points), rounded; NaN -> ''."""
    x = float(x)
    return "" if math.isnan(x) else f"{PERCENT_SCALE * x:.{decimals}f}"


def _num(x: Any, decimals: int = RESULT_DECIMALS) -> str:
    x = float(x)
    return "" if math.isnan(x) else f"{x:.{decimals}f}"


def _p(p: Any) -> str:
    p = float(p)
    if math.isnan(p):
        return ""
    return f"<{P_FLOOR:g}" if p < P_FLOOR else f"{p:.4f}"


def _count(n: Any) -> str:
    """A sample size: thousands separators; inf -> 'none'; NaN -> ''."""
    n = float(n)
    if math.isnan(n):
        return ""
    if math.isinf(n):
        return "none"
    return f"{int(n):,}" if n == int(n) else f"{n:,.1f}"


def _level_label(level: float) -> str:
    return f"{100 * level:g}%"


# --------------------------------------------------------------------------
# audit
# --------------------------------------------------------------------------
AUDIT_EPILOG = """\
examples:
  migstats audit                              every claim of chapter 7, readable
  migstats audit --n 1500 --deff 1.5          under a smaller, weighted sample
  migstats audit --correction BH              Benjamini-Hochberg instead of Holm
  migstats audit --format csv --output a.csv  the full table for a spreadsheet
  migstats audit --format markdown            the document in docs/audit.md

Verdicts use the p-values adjusted over all tested claims. "changes with" says
whether a verdict changes across the plausible n and design effects (n/deff)
or within the rounding of the published numbers (rounding).
"""


@subcommand
def _add_audit(sub) -> None:
    from .._core import CORRECTIONS

    p = sub.add_parser(
        "audit",
        help="audit every claim of chapter 7",
        description=(
            "Test every registered claim of chapter 7 against the published numbers "
            "(migstats.audit): estimate, interval, adjusted p-value, break-even n, verdict, "
            "and whether the verdict holds across the plausible sample sizes, design effects "
            "and the rounding of the published numbers."
        ),
        epilog=AUDIT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--n",
        type=_number,
        default=None,
        help=f"total sample size (default: the design's, {LISS_2023.n})",
    )
    p.add_argument(
        "--deff", type=_number, default=None, help="Kish design effect (default: the design's, 1)"
    )
    p.add_argument(
        "--alpha", type=_number, default=0.05, help="family-wise significance level (default 0.05)"
    )
    p.add_argument(
        "--correction",
        choices=CORRECTIONS,
        default="holm",
        help="multiple-testing correction over the tested claims (default: holm)",
    )
    _add_output(p)
    p.set_defaults(func=_run_audit)


def _run_audit(args: argparse.Namespace) -> int:
    from .. import _audit

    n = None if args.n is None else _size_arg(args.n, "--n")
    deff = None if args.deff is None else float(check_deff(args.deff, "--deff"))
    alpha = check_confidence_level(args.alpha, "--alpha")
    df = _audit.audit(design=LISS_2023, n=n, deff=deff, alpha=alpha, correction=args.correction)
    text = render_audit(
        df, args.format, design=LISS_2023, n=n, deff=deff, alpha=alpha, correction=args.correction
    )
    _emit(text, args.output)
    return 0


def _audit_settings(design: Any, n: Any, deff: Any, alpha: float, correction: str) -> dict:
    from .._audit import DEFAULT_EQUIVALENCE_MARGIN, DEFF_GRID, N_GRID_POINTS

    return {
        "migstats_version": __version__,
        "design": design.name or "custom design",
        "n": int(design.n if n is None else n),
        "n_range": [int(v) for v in design.n_range],
        "deff": float(design.deff if deff is None else deff),
        "robustness_n_grid": [int(v) for v in design.n_grid(N_GRID_POINTS)],
        "robustness_deffs": [float(d) for d in DEFF_GRID],
        "alpha": float(alpha),
        "correction": correction,
        "equivalence_margin_points": float(DEFAULT_EQUIVALENCE_MARGIN),
        "gradient_correlation": "worst_case",
        "decimals": int(design.decimals),
        "rounding": design.rounding,
        "weighted": bool(design.weighted),
    }


def _is_true(value: Any) -> bool:
    return value is not pd.NA and value is not None and bool(value)


def _changes_with(row: Any) -> str:
    if row.verdict == "untestable":
        return "-"
    parts = []
    if str(row.verdict_range).startswith("depends"):
        parts.append("n/deff")
    if _is_true(row.rounding_sensitive):
        parts.append("rounding")
    return ", ".join(parts) if parts else "-"


def _estimate_cell(row: Any, level: float) -> str:
    """Estimate and interval; the interval's level is named when it is not ``level``."""
    if math.isnan(float(row.estimate)):
        return "-"
    d = AUDIT_DECIMALS
    cell = f"{row.estimate:.{d}f} [{row.ci_low:.{d}f}, {row.ci_high:.{d}f}]"
    own = float(row.confidence_level)
    if row.kind != "text_table" and not math.isnan(own) and not math.isclose(own, level):
        cell += f" ({_level_label(own)})"
    return cell


def _robustness_cell(row: Any) -> str:
    if row.verdict == "untestable":
        return "-"
    text = str(row.verdict_range)
    if row.kind == "text_table" or row.rounding_sensitive is pd.NA:
        return text
    return text + (
        "; changes within rounding" if _is_true(row.rounding_sensitive) else "; robust to rounding"
    )


def _audit_level(df: pd.DataFrame) -> float:
    """The most common interval level of the tested claims (named in the header)."""
    levels = df.loc[df["kind"] != "text_table", "confidence_level"].dropna()
    return float(levels.mode().iloc[0]) if len(levels) else 0.95


def render_audit(
    df: pd.DataFrame,
    fmt: str = "text",
    *,
    design: Any = None,
    n: int | None = None,
    deff: float | None = None,
    alpha: float = 0.05,
    correction: str = "holm",
) -> str:
    """Render the result of :func:`migstats.audit` for a terminal, a document or a program.

    Parameters
    ----------
    df : pandas.DataFrame
        The result of :func:`migstats.audit` (its columns
        ``migstats._audit.AUDIT_COLUMNS``).
    fmt : {"text", "markdown", "csv", "json"}, default "text"
        ``text``: a compact table (id, verdict, estimate with interval,
        adjusted p-value, break-even n, what the verdict changes with) with
        each claim's text wrapped under its row, then the summary paragraph
        of :func:`migstats.audit_summary`.  ``markdown``: a complete document
        (title, the assumptions used, the summary, the verdict counts and one
        table of claims per section of the chapter with a robustness column).
        ``csv``: the full DataFrame.  ``json``: an object with ``settings``,
        ``summary`` and ``claims`` (the records of the full DataFrame).
    design : SampleDesign, optional
        The design the audit used; default :data:`migstats.LISS_2023`.
    n, deff : optional
        The sample size and design effect the audit used (None: the
        design's).
    alpha : float, default 0.05
        The family-wise significance level the audit used.
    correction : str, default "holm"
        The multiple-testing correction the audit used.

    Returns
    -------
    str
        The rendered audit, ending in a newline.

    Raises
    ------
    MigstatsValueError
        If ``fmt`` is not one of :data:`OUTPUT_FORMATS` or ``df`` lacks the
        audit's columns.

    Notes
    -----
    The settings are only *described* here; they must be those that were
    passed to :func:`migstats.audit` (``migstats audit`` does so).
    Estimates and intervals are in percent (levels) or percentage points
    (differences, slope indices of inequality), as the audit's ``estimand``
    column says; for ``text_table`` claims the "interval" is the range that
    the rounding of the published numbers allows.  A break-even n of "none"
    means that no sample size makes the claim significant in its direction
    (``inf`` in the DataFrame).  JSON is strict: NaN becomes ``null`` and an
    infinite break-even n the string ``"inf"``.  The output holds no date,
    so a regenerated document changes only when the results change.

    References
    ----------
    .. [1] Holm, S. (1979). A simple sequentially rejective multiple test
       procedure. *Scandinavian Journal of Statistics*, 6(2), 65-70.
    .. [2] GitHub Flavored Markdown Spec, section "Tables (extension)".

    Examples
    --------
    >>> import migstats
    >>> from migstats.cli.app import render_audit
    >>> df = migstats.audit(claims=migstats.load_claims().head(2))
    >>> text = render_audit(df)
    >>> print(next(line for line in text.splitlines() if line.startswith("id ")))
    id   verdict    estimate [95% CI]  p adj.   break-even n  changes with
    >>> render_audit(df, "csv").splitlines()[0].split(",")[:3]
    ['claim_id', 'section', 'kind']
    """
    from .._audit import AUDIT_COLUMNS, audit_summary

    check_option(fmt, "fmt", OUTPUT_FORMATS)
    if not isinstance(df, pd.DataFrame) or not set(AUDIT_COLUMNS) <= set(df.columns):
        raise invalid_value("df", "the DataFrame returned by migstats.audit", type(df).__name__)
    design = LISS_2023 if design is None else design
    settings = _audit_settings(design, n, deff, alpha, correction)
    summary = audit_summary(df)
    if fmt == "csv":
        return format_frame(df, "csv")
    if fmt == "json":
        return _to_json({"settings": settings, "summary": summary, "claims": _records(df)})
    if fmt == "markdown":
        return _audit_markdown(df, settings, summary, design)
    return _audit_text(df, settings, summary)


def _settings_line(s: dict[str, Any]) -> str:
    lo, hi = s["n_range"]
    return (
        f"Assumptions: n = {s['n']:,} (not published; plausible {lo:,}-{hi:,}), "
        f"deff = {s['deff']:g}, alpha = {s['alpha']:g} with {s['correction']} correction, "
        f"rounding {s['rounding']}."
    )


def _audit_text(df: pd.DataFrame, settings: dict[str, Any], summary: str) -> str:
    level = _audit_level(df)
    display = pd.DataFrame(
        {
            "id": df["claim_id"],
            "verdict": df["verdict"],
            f"estimate [{_level_label(level)} CI]": [
                _estimate_cell(r, level) for r in df.itertuples()
            ],
            "p adj.": [_p(v) or "-" for v in df["pvalue_adjusted"]],
            "break-even n": [_count(v) or "-" for v in df["breakeven_n"]],
            "changes with": [_changes_with(r) for r in df.itertuples()],
        }
    )
    lines = _aligned_text(display).splitlines()
    out = [
        f"Audit of chapter 7: {len(df)} claims",
        textwrap.fill(_settings_line(settings), TEXT_WIDTH),
        "",
        lines[0],
    ]
    indent = " " * CLAIM_INDENT
    for line, claim in zip(lines[1:], df["claim"], strict=True):
        out.append(line)
        out.append(
            textwrap.fill(
                " ".join(str(claim).split()),
                TEXT_WIDTH,
                initial_indent=indent,
                subsequent_indent=indent,
            )
        )
    note = (
        f"Estimates in percent (levels) or points (differences, slope indices) with "
        f"{_level_label(level)} intervals; a claim tested against a range ('about X', no or "
        "small difference: two one-sided tests) shows the interval of matching level, "
        "marked. text_table rows show the range the rounding allows. Intervals and "
        "break-even n are not adjusted for multiplicity; p adj. and the verdicts are. "
        "break-even n: smallest total n at which the claim alone is significant ('none': "
        "no n suffices)."
    )
    out += ["", textwrap.fill(note, TEXT_WIDTH), "", textwrap.fill(summary, TEXT_WIDTH)]
    return "\n".join(out) + "\n"


def _md(text: Any) -> str:
    """One Markdown table cell: whitespace collapsed, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _audit_command(s: dict[str, Any], design: Any) -> str:
    command = "migstats audit --format markdown"
    if s["n"] != design.n:
        command += f" --n {s['n']}"
    if s["deff"] != design.deff:
        command += f" --deff {s['deff']:g}"
    if s["alpha"] != DEFAULT_AUDIT_ALPHA:
        command += f" --alpha {s['alpha']:g}"
    if s["correction"] != DEFAULT_AUDIT_CORRECTION:
        command += f" --correction {s['correction']}"
    return command


def _section_title(section: Any) -> str:
    """'7.1.2;7.2.1' -> 'Sections 7.1.2, 7.2.1'; 'box 7.1' -> 'Box 7.1'."""
    parts = [p.strip() for p in str(section).split(";")]
    if all(p[:1].isdigit() for p in parts):
        return ("Sections " if len(parts) > 1 else "Section ") + ", ".join(parts)
    return ", ".join(p[:1].upper() + p[1:] for p in parts)


def _audit_markdown(df: pd.DataFrame, s: dict[str, Any], summary: str, design: Any) -> str:
    from .._base import CLAIM_VERDICTS as VERDICTS

    lo, hi = s["n_range"]
    grid = ", ".join(f"{v:,}" for v in s["robustness_n_grid"])
    deffs = ", ".join(f"{d:g}" for d in s["robustness_deffs"])
    level_value = _audit_level(df)
    level = _level_label(level_value)
    tested = int(((df["kind"] != "text_table") & (df["verdict"] != "untestable")).sum())
    weighting = (
        "weighted percentages: counts are those of a hypothetical unweighted sample"
        if s["weighted"]
        else "unweighted"
    )
    out = [
        '# Audit of chapter 7 "Asiel en migratie" (SCP 2024)',
        "",
        f"Generated by `{_audit_command(s, design)}` (migstats {s['migstats_version']}). "
        "Every claim the chapter makes about its numbers is tested against the published "
        "(weighted, rounded) percentages under the assumptions below; the sample size is "
        "not published, so every verdict is also shown across its plausible range.",
        "",
        "## Assumptions",
        "",
        "| assumption | value |",
        "|---|---|",
        f"| sample design | `{s['design']}` (see docs/data.md) |",
        f"| total sample size n | {s['n']:,} (not published; plausible range {lo:,}-{hi:,}) |",
        f"| design effect (Kish) | {s['deff']:g} |",
        f"| significance level | {s['alpha']:g}, family-wise over the {tested} tested claims |",
        f"| multiple-testing correction | {s['correction']} |",
        f"| confidence level of the intervals | {level}, or as marked for claims tested "
        "against a range (two one-sided tests); not adjusted for multiplicity |",
        f"| robustness grid | n = {grid}; deff = {deffs} |",
        f"| rounding of the published numbers | {s['decimals']} decimals, rule "
        f"`{s['rounding']}` (a tie may have gone either way) |",
        f"| weighting | {weighting} |",
        f"| equivalence margin (no or small difference) | +-{s['equivalence_margin_points']:g} "
        "points on the scale of the slope index of inequality |",
        "| correlation of two estimates from the same respondents | worst case |",
        "",
        "## Summary",
        "",
        summary,
        "",
        "| verdict | claims |",
        "|---|---:|",
    ]
    out += [f"| {v} | {int((df['verdict'] == v).sum())} |" for v in VERDICTS]
    out += [
        "",
        "## Claims",
        "",
        "Estimates are in percent (levels) or percentage points (differences, slope indices "
        f"of inequality) with {level} intervals; for `text_table` claims the interval is "
        "the range that the rounding of the published numbers allows. *p adj.* is the "
        f"{s['correction']}-adjusted p-value on which the verdict rests; *break-even n* is "
        "the smallest total sample size at which the claim alone would be significant "
        f"(unadjusted, deff {s['deff']:g}; *none*: no sample size suffices). *Robustness* "
        "gives the verdict across the robustness grid and whether it changes when the "
        "published numbers move within their rounding.",
    ]
    header = [
        "| id | claim | verdict | estimand | estimate [CI] | p adj. | break-even n "
        "| robustness | reason |",
        "|---|---|---|---|---:|---:|---:|---|---|",
    ]
    for section, part in df.groupby("section", sort=False):
        out += ["", f"### {_section_title(section)}", "", *header]
        for r in part.itertuples():
            cells = [
                r.claim_id,
                _md(r.claim),
                f"**{r.verdict}**",
                "-" if r.estimand in ("", "nan") else _md(r.estimand),
                _estimate_cell(r, level_value),
                _p(r.pvalue_adjusted) or "-",
                _count(r.breakeven_n) or "-",
                _md(_robustness_cell(r)),
                "-" if r.reason in ("", "nan") else _md(r.reason),
            ]
            out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
# ci
# --------------------------------------------------------------------------
CI_EPILOG = """\
examples:
  migstats ci 56 --n 2000                         Wilson interval for 56% of 2000
  migstats ci 56 --n 2000 --deff 1.5              for a weighted sample
  migstats ci 56 --n 2000 --method clopper_pearson --level 0.99
  migstats ci 56 --n 2000 --rounding-aware        also over every true value in [55.5, 56.5]
  migstats ci 7.5 --n 900 --rounding-aware --format json

The percentage is read as k = p/100 * n "successes" out of n (fractional for
weighted data); the design effect shrinks both to k/deff out of n/deff.
With --rounding-aware the decimals are those printed (56: none, 7.5: one)
unless --decimals says otherwise.
"""


@subcommand
def _add_ci(sub) -> None:
    from .._core import PROPORTION_METHODS, ROUNDING_RULES

    p = sub.add_parser(
        "ci",
        help="confidence interval for a published percentage",
        description=(
            "Confidence interval for a published percentage p of a group of size n "
            "(migstats.proportion_ci with k = p/100 * n); with --rounding-aware also the "
            "union of the intervals over every true value the printed number allows "
            "(migstats.rounding_interval)."
        ),
        epilog=CI_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("percent", help="the published percentage as printed, e.g. 56 or 7.5")
    p.add_argument("--n", type=_number, required=True, help="size of the group (an integer)")
    p.add_argument(
        "--method",
        choices=PROPORTION_METHODS,
        default="wilson",
        help="interval method (default: wilson)",
    )
    p.add_argument(
        "--deff", type=_number, default=1.0, help=f"Kish design effect (default {LISS_2023.deff:g})"
    )
    p.add_argument("--level", type=_number, default=0.95, help="confidence level (default 0.95)")
    p.add_argument(
        "--rounding-aware",
        action="store_true",
        help="also give the union of the intervals over the rounding interval",
    )
    p.add_argument(
        "--decimals",
        type=_number,
        default=None,
        help="decimals printed (default: as written); only with --rounding-aware",
    )
    p.add_argument(
        "--rounding",
        choices=ROUNDING_RULES,
        default=None,
        help=f"rounding rule (default: {DEFAULT_ROUNDING}); only with --rounding-aware",
    )
    _add_output(p)
    p.set_defaults(func=_run_ci)


def _ci_frame(
    text: str,
    n: int,
    *,
    method: str,
    level: float,
    deff: float,
    rounding_aware: bool,
    decimals: int | None,
    rounding: str,
) -> pd.DataFrame:
    """One row: the interval of ``migstats ci`` (proportions), columns as table_intervals.

    The union over the rounding interval ``[lo, hi]`` (intersected with
    [0, 100]) is the smallest lower and largest upper limit over
    ``ROUNDING_GRID_POINTS`` equally spaced true values, ends included: exact
    for the methods whose limits are monotone in the count (the ends decide),
    a fine grid for Wald and Agresti-Coull -- the rule of
    :func:`migstats.table_intervals`.
    """
    from .._core import proportion_ci, rounding_interval
    from .._tables import ROUNDING_GRID_POINTS

    p = _percent_arg(text, "percent")
    low, high = proportion_ci(
        p / PERCENT_SCALE * n, n, method=method, confidence_level=level, deff=deff
    )
    row: dict[str, Any] = {
        "percent": p,
        "n": n,
        "deff": deff,
        "n_effective": n / deff,
        "method": method,
        "confidence_level": level,
        "estimate": p / PERCENT_SCALE,
        "ci_low": float(low),
        "ci_high": float(high),
    }
    if rounding_aware:
        # a string keeps the printed decimals; an explicit --decimals overrides them
        # (a printed "56" read with one decimal stands for 56.0)
        value = text.strip() if decimals is None else p
        iv = rounding_interval(value, decimals=decimals, rounding=rounding)
        lo = max(float(iv.low), 0.0)
        hi = min(float(iv.high), float(PERCENT_SCALE))
        grid = np.linspace(lo, hi, ROUNDING_GRID_POINTS) / PERCENT_SCALE
        g_low, g_high = proportion_ci(grid * n, n, method=method, confidence_level=level, deff=deff)
        u_low = min(float(np.min(g_low)), row["ci_low"])
        u_high = max(float(np.max(g_high)), row["ci_high"])
        row.update(
            percent_low=lo,
            percent_high=hi,
            plain_ci_low=row["ci_low"],
            plain_ci_high=row["ci_high"],
            ci_low=u_low,
            ci_high=u_high,
            rounding_added=(u_high - u_low) - (row["ci_high"] - row["ci_low"]),
        )
    return pd.DataFrame([row])


def _run_ci(args: argparse.Namespace) -> int:
    _percent_arg(args.percent, "percent")
    n = _size_arg(args.n, "--n")
    deff = float(check_deff(args.deff, "--deff"))
    level = check_confidence_level(args.level, "--level")
    for name, value in (("--decimals", args.decimals), ("--rounding", args.rounding)):
        if value is not None and not args.rounding_aware:
            raise _UsageError(f"{name} needs --rounding-aware, but got {name} {value}")
    decimals = None if args.decimals is None else _size_arg(args.decimals, "--decimals", 0)
    frame = _ci_frame(
        args.percent,
        n,
        method=args.method,
        level=level,
        deff=deff,
        rounding_aware=args.rounding_aware,
        decimals=decimals,
        rounding=args.rounding or DEFAULT_ROUNDING,
    )
    r = frame.iloc[0]
    shown = args.percent.strip()
    lvl = _level_label(level)
    plain = (r.plain_ci_low, r.plain_ci_high) if args.rounding_aware else (r.ci_low, r.ci_high)
    rows = [
        ("published percentage", shown),
        ("group size n", f"{n:,}"),
        ("design effect", f"{deff:g}"),
        ("effective n (n / deff)", f"{float(r.n_effective):,.1f}"),
        (f"{lvl} {args.method} interval (%)", f"{_pct(plain[0])} to {_pct(plain[1])}"),
    ]
    if args.rounding_aware:
        rows += [
            (
                "true values the rounding allows (%)",
                f"{_num(r.percent_low)} to {_num(r.percent_high)}",
            ),
            ("union over the rounding interval (%)", f"{_pct(r.ci_low)} to {_pct(r.ci_high)}"),
            ("width added by the rounding (points)", _pct(r.rounding_added)),
        ]
    display = pd.DataFrame(rows, columns=["quantity", "value"])
    text = _render_result(
        frame,
        display,
        args.format,
        title=f"Interval for {shown}% of n = {n:,}",
        footer="k = p/100 * n successes out of n, both divided by deff (migstats.proportion_ci).",
        settings={"migstats_version": __version__, "units": "proportions"},
    )
    _emit(text, args.output)
    return 0


# --------------------------------------------------------------------------
# compare
# --------------------------------------------------------------------------
COMPARE_EPILOG = """\
examples:
  migstats compare 72 68 --n1 450 --n2 450            score test, 72% vs 68%
  migstats compare 72 68 --n1 450 --n2 450 --deff 1.5
  migstats compare 47 21 --n1 762 --n2 1113 --method wald --alpha 0.01
  migstats compare 72 68 --n1 450 --n2 450 --alternative greater

The interval has level 1 - alpha, so it excludes 0 exactly when the score,
mee or wald test is significant. The break-even n is the smallest total
n1 + n2 (at the same shares n1/(n1+n2), n2/(n1+n2)) at which the observed
difference would be significant (migstats.breakeven_n).
"""


@subcommand
def _add_compare(sub) -> None:
    from .._core import COMPARE_METHODS

    p = sub.add_parser(
        "compare",
        help="test the difference between two published percentages",
        description=(
            "Difference between two published percentages of independent groups: estimate, "
            "interval, test statistic and p-value (migstats.compare), and the break-even "
            "total n at which it would be significant (migstats.breakeven_n)."
        ),
        epilog=COMPARE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("percent1", help="published percentage of group 1")
    p.add_argument("percent2", help="published percentage of group 2")
    p.add_argument("--n1", type=_number, required=True, help="size of group 1")
    p.add_argument("--n2", type=_number, required=True, help="size of group 2")
    p.add_argument(
        "--method", choices=COMPARE_METHODS, default="score", help="test (default: score)"
    )
    p.add_argument(
        "--alternative",
        choices=("two-sided", "less", "greater"),
        default="two-sided",
        help="greater: p1 > p2; less: p1 < p2 (default: two-sided)",
    )
    p.add_argument(
        "--deff", type=_number, default=1.0, help=f"Kish design effect (default {LISS_2023.deff:g})"
    )
    p.add_argument("--alpha", type=_number, default=0.05, help="significance level (default 0.05)")
    _add_output(p)
    p.set_defaults(func=_run_compare)


#: Names of the interval that :func:`migstats.compare` reports for each test.
_CI_NAMES = {
    "miettinen_nurminen": "Miettinen-Nurminen score",
    "mee": "Mee score",
    "wald": "Wald",
    "newcombe": "Newcombe hybrid score",
}


#: What :func:`migstats.compare` reports as ``statistic`` for each test.
_STATISTIC_NAMES = {
    "exact": "sample odds ratio",
    "boschloo": "Fisher p-value (Boschloo's statistic)",
}


def _run_compare(args: argparse.Namespace) -> int:
    from .._core import BREAKEVEN_METHODS, breakeven_n, compare

    p1 = _percent_arg(args.percent1, "percent1")
    p2 = _percent_arg(args.percent2, "percent2")
    n1 = _size_arg(args.n1, "--n1")
    n2 = _size_arg(args.n2, "--n2")
    deff = float(check_deff(args.deff, "--deff"))
    alpha = check_confidence_level(args.alpha, "--alpha")
    k1, k2 = p1 / PERCENT_SCALE * n1, p2 / PERCENT_SCALE * n2
    res = compare(
        k1,
        n1,
        k2,
        n2,
        method=args.method,
        alternative=args.alternative,
        confidence_level=1.0 - alpha,
        deff=deff,
    )
    total = n1 + n2
    if args.method in BREAKEVEN_METHODS:
        be = float(
            breakeven_n(
                p1 / PERCENT_SCALE,
                p2 / PERCENT_SCALE,
                n1 / total,
                n2 / total,
                alpha=alpha,
                deff=deff,
                method=args.method,
                alternative=args.alternative,
            )
        )
    else:
        be = math.nan
    frame = res.to_frame().assign(
        percent1=p1,
        percent2=p2,
        deff=deff,
        alpha=alpha,
        significant=bool(res.pvalue < alpha),
        breakeven_n=be,
    )
    lvl = _level_label(1.0 - alpha)
    low, high = res.confidence_interval
    verdict = "significant" if res.pvalue < alpha else "not significant"
    rows = [
        ("group 1", f"{args.percent1.strip()}% of {n1:,}"),
        ("group 2", f"{args.percent2.strip()}% of {n2:,}"),
        ("design effect", f"{deff:g}"),
        ("difference (points)", _pct(res.estimate)),
        (
            f"{lvl} {_CI_NAMES.get(res.ci_method, res.ci_method)} interval (points)",
            f"{_pct(low)} to {_pct(high)}",
        ),
        (_STATISTIC_NAMES.get(args.method, f"{args.method} z statistic"), _num(res.statistic, 3)),
        (f"p-value ({args.alternative})", _p(res.pvalue)),
        (f"at alpha = {alpha:g}", verdict),
        ("break-even total n", _count(be) or "not available for this test"),
    ]
    display = pd.DataFrame(rows, columns=["quantity", "value"])
    footer = (
        f"break-even n: smallest n1 + n2 with the shares {n1 / total:.3g} and {n2 / total:.3g} at "
        "which this difference is significant ('none': no n)."
    )
    text = _render_result(
        frame,
        display,
        args.format,
        title=f"{args.percent1.strip()}% versus {args.percent2.strip()}%",
        footer=footer,
        settings={"migstats_version": __version__, "units": "proportions"},
    )
    _emit(text, args.output)
    return 0


# --------------------------------------------------------------------------
# gradient
# --------------------------------------------------------------------------
GRADIENT_EPILOG = """\
examples:
  migstats gradient 7.5 language_lessons --dimension income
  migstats gradient 7.6 close_borders                    both education and income
  migstats gradient 7.7 results --response disagree --n 1500 --deff 1.5
  migstats gradient 7.1 refugee_intake --response 6-10 --dimension education

Gap: highest minus lowest group (Newcombe interval). Trend: Cochran-Armitage.
SII: slope index of inequality (fitted top minus bottom of the ordering, on the
ridit scale of the design's group shares); RII: their ratio. Logistic slope:
log odds ratio per group step.
"""


@subcommand
def _add_gradient(sub) -> None:
    from .._tables import GRADIENT_DIMENSIONS

    p = sub.add_parser(
        "gradient",
        help="education or income gradient of one item",
        description=(
            "Gradient of one item across the ordered education or income groups "
            "(migstats.gradient): extreme-group gap, Cochran-Armitage trend test, slope and "
            "relative index of inequality, logistic slope."
        ),
        epilog=GRADIENT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("table", help=f"table id: {', '.join(TABLE_IDS)}")
    p.add_argument("item", help="item id (see migstats show TABLE)")
    p.add_argument(
        "--dimension",
        choices=GRADIENT_DIMENSIONS,
        default=None,
        help="education or income (default: both)",
    )
    p.add_argument("--response", default="agree", help="published response (default: agree)")
    p.add_argument(
        "--n", type=_number, default=None, help=f"total sample size (default {LISS_2023.n})"
    )
    p.add_argument(
        "--deff",
        type=_number,
        default=None,
        help=f"Kish design effect (default {LISS_2023.deff:g})",
    )
    p.add_argument("--level", type=_number, default=0.95, help="confidence level (default 0.95)")
    _add_output(p)
    p.set_defaults(func=_run_gradient)


def _check_table_arg(table: str) -> str:
    if table not in TABLE_IDS:
        raise _UsageError(f"table must be one of {', '.join(TABLE_IDS)}, but got {table!r}")
    return table


def _run_gradient(args: argparse.Namespace) -> int:
    from .._tables import GRADIENT_DIMENSIONS, gradient

    table = _check_table_arg(args.table)
    n = LISS_2023.n if args.n is None else _size_arg(args.n, "--n")
    deff = LISS_2023.deff if args.deff is None else float(check_deff(args.deff, "--deff"))
    level = check_confidence_level(args.level, "--level")
    dims = GRADIENT_DIMENSIONS if args.dimension is None else (args.dimension,)
    frames, blocks, profiles = [], [], []
    for dim in dims:
        g = gradient(
            table,
            args.item,
            dim,
            design=LISS_2023,
            response=args.response,
            n=n,
            deff=deff,
            confidence_level=level,
        )
        f = g.to_frame()
        f.insert(0, "dimension", dim)
        f.insert(0, "response", args.response)
        f.insert(0, "item", args.item)
        f.insert(0, "table", table)
        f.insert(4, "n", n)
        frames.append(f)
        blocks.append(_gradient_display(g, dim, level))
        profiles.append(f"{dim}: " + _gradient_profile(g))
    machine = pd.concat(frames, ignore_index=True)
    display = pd.concat(blocks, ignore_index=True)
    footer = "\n".join(
        [
            *profiles,
            f"n = {n:,} (assumed), deff = {deff:g}; group sizes from the design's shares. "
            "Gap and SII in percentage points (positive: higher in the upper groups).",
        ]
    )
    text = _render_result(
        machine,
        display,
        args.format,
        title=f"Gradient of {args.item} ({args.response}), table {table}",
        footer=footer,
        settings={"migstats_version": __version__, "units": "proportions"},
    )
    _emit(text, args.output)
    return 0


def _gradient_profile(g: Any) -> str:
    return ", ".join(
        f"{grp} {PERCENT_SCALE * p:g}% (n {float(n):,.0f})"
        for grp, p, n in zip(g.groups, np.atleast_1d(g.p), np.atleast_1d(g.n), strict=True)
    )


def _gradient_display(g: Any, dim: str, level: float) -> pd.DataFrame:
    lvl = _level_label(level)
    t, s, lg = g.trend, g.inequality, g.logistic
    rows = [
        (
            dim,
            f"gap, {g.groups[-1]} minus {g.groups[0]} (points)",
            _pct(g.gap),
            f"{_pct(g.gap_ci.low)} to {_pct(g.gap_ci.high)}",
            "",
        ),
        (dim, "Cochran-Armitage trend, chi2 (1 df)", _num(t.statistic, 2), "", _p(t.pvalue)),
        (
            dim,
            "slope index of inequality (points)",
            _pct(s.sii),
            f"{_pct(s.sii_ci.low)} to {_pct(s.sii_ci.high)}",
            _p(s.pvalue),
        ),
        (
            dim,
            "relative index of inequality",
            _num(s.rii, 3),
            f"{_num(s.rii_ci.low, 3)} to {_num(s.rii_ci.high, 3)}",
            "",
        ),
        (
            dim,
            "log odds ratio per step",
            _num(lg.estimate, 3),
            f"{_num(lg.confidence_interval.low, 3)} to {_num(lg.confidence_interval.high, 3)}",
            _p(lg.pvalue),
        ),
    ]
    return pd.DataFrame(rows, columns=["dimension", "quantity", "estimate", f"{lvl} CI", "p"])


# --------------------------------------------------------------------------
# check
# --------------------------------------------------------------------------
CHECK_EPILOG = """\
examples:
  migstats check 7.2                 every consistency check of table 7.2
  migstats check 7.1 --details       with the explanation of every check
  migstats check 7.3 --n 1500        count-based checks at n = 1500
  migstats check text --format csv

A check fails ("inconsistent") only if no true values within the rounding of
the published numbers make the relation hold (migstats.check_table).
"""


@subcommand
def _add_check(sub) -> None:
    p = sub.add_parser(
        "check",
        help="consistency checks of one table",
        description=(
            "Check a published table for internal consistency given its rounding "
            "(migstats.check_table): sums, totals against groups, combined responses and "
            "whole-count (GRIM-type) feasibility."
        ),
        epilog=CHECK_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("table", help=f"table id: {', '.join(TABLE_IDS)}")
    p.add_argument(
        "--n",
        type=_number,
        default=None,
        help=f"total n for the count checks (default {LISS_2023.n})",
    )
    p.add_argument(
        "--details", action="store_true", help="explain every check (default: only failures)"
    )
    _add_output(p)
    p.set_defaults(func=_run_check)


def _run_check(args: argparse.Namespace) -> int:
    from .._tables import check_table

    table = _check_table_arg(args.table)
    n = None if args.n is None else _size_arg(args.n, "--n")
    chk = check_table(table, design=LISS_2023, n=n)

    def expected(r: Any) -> str:
        if pd.isna(r.expected_low):
            return ""
        return f"{r.expected_low:.{RESULT_DECIMALS}f}-{r.expected_high:.{RESULT_DECIMALS}f}"

    display = pd.DataFrame(
        {
            "check": chk["check"],
            "item": chk["item"],
            "response": chk["response"],
            "dimension": chk["dimension"],
            "groups": chk["groups"],
            "n": ["range" if pd.isna(v) else f"{int(v)}" for v in chk["n"]],
            "observed": [_num(v, 1) for v in chk["observed"]],
            "allowed": [expected(r) for r in chk.itertuples()],
            "verdict": chk["verdict"],
        }
    )
    if args.details:
        display["detail"] = chk["detail"].map(_md if args.format == "markdown" else str)
    counts = chk["verdict"].value_counts()
    footer_lines = [
        f"{len(chk)} checks: "
        + ", ".join(f"{int(counts.get(v, 0))} {v}" for v in CHECK_VERDICTS)
        + ". n = range: summary across the design's plausible n."
    ]
    if not args.details:
        bad = chk[chk["verdict"] == "inconsistent"]
        for r in bad.itertuples():
            footer_lines.append(f"- {r.check}, {r.item}, {r.dimension}: {r.detail}")
    text = _render_result(
        chk,
        display,
        args.format,
        title=f"Consistency checks of table {table}",
        footer="\n".join(footer_lines),
        settings={"migstats_version": __version__},
    )
    _emit(text, args.output)
    return 0


#: Verdicts of :func:`migstats.check_table`, in the order they are counted.


# --------------------------------------------------------------------------
# plot
# --------------------------------------------------------------------------
PLOT_EPILOG = """\
examples:
  migstats plot gaps -o gaps.png                 forest plot of every item's SII
  migstats plot gaps --measure gap -o gaps.svg   extreme-group gaps instead
  migstats plot distribution -o dist.svg         table 7.1 with simultaneous intervals
  migstats plot breakeven -o breakeven.pdf       break-even n of every claim

The format follows the file suffix (.png, .svg or .pdf). Needs the plot
extra: pip install 'migstats[plot]'.
"""

#: The plots ``migstats plot`` can draw.
PLOT_NAMES = ("gaps", "distribution", "breakeven")


@subcommand
def _add_plot(sub) -> None:
    p = sub.add_parser(
        "plot",
        help="draw a figure (needs matplotlib)",
        description=(
            "Draw one of the figures of migstats.plots to a file: gaps (education and income "
            "gradients of every item), distribution (table 7.1 with simultaneous intervals and "
            "the rounding range) or breakeven (break-even n of every claim against the "
            "plausible n)."
        ),
        epilog=PLOT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("name", choices=PLOT_NAMES, help="which figure")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write")
    p.add_argument(
        "--measure", choices=("sii", "gap"), default="sii", help="gaps: SII or gap (default sii)"
    )
    p.add_argument("--table", default="7.1", help="distribution: table id (default 7.1)")
    p.add_argument(
        "--n", type=_number, default=None, help=f"total sample size (default {LISS_2023.n})"
    )
    p.add_argument(
        "--deff",
        type=_number,
        default=None,
        help=f"Kish design effect (default {LISS_2023.deff:g})",
    )
    p.set_defaults(func=_run_plot)


def _run_plot(args: argparse.Namespace) -> int:
    from .. import plots

    try:  # a bad suffix fails before any computation
        plots.figure_format(args.output)
    except MigstatsValueError:
        raise _UsageError(
            f"--output must end in .png, .svg or .pdf, but got {args.output!r}"
        ) from None
    n = None if args.n is None else _size_arg(args.n, "--n")
    deff = None if args.deff is None else float(check_deff(args.deff, "--deff"))
    if args.name == "distribution":
        _check_table_arg(args.table)
    elif args.table != "7.1":
        raise _UsageError(f"--table is used only by the distribution plot, but got {args.table!r}")
    if args.name != "gaps" and args.measure != "sii":
        raise _UsageError(f"--measure is used only by the gaps plot, but got {args.measure!r}")
    try:
        if args.name == "gaps":
            fig = plots.plot_gaps(design=LISS_2023, measure=args.measure, n=n, deff=deff)
        elif args.name == "distribution":
            fig = plots.plot_distribution(args.table, design=LISS_2023, n=n, deff=deff)
        else:
            fig = plots.plot_breakeven(design=LISS_2023, n=n, deff=deff)
    except ImportError as exc:
        print(f"migstats: error: {exc}", file=sys.stderr)
        return EXIT_MISSING_DEPENDENCY
    try:
        path = plots.save(fig, args.output)
    except OSError as exc:
        raise _UsageError(
            f"--output must be a writable file, but got {args.output!r} ({exc.strerror})"
        ) from None
    print(f"wrote {path}")
    return 0


# --------------------------------------------------------------------------
# parser and entry point
# --------------------------------------------------------------------------
class _UsageError(MigstatsError):
    """A command-line argument that argparse could not check itself."""


def build_parser() -> argparse.ArgumentParser:
    """Build the ``migstats`` argument parser with every registered subcommand.

    Returns
    -------
    argparse.ArgumentParser
        A fresh parser (``prog="migstats"``) with one sub-parser per function
        registered by :func:`subcommand`, in registration order.

    Raises
    ------
    argparse.ArgumentError
        If two registered subcommands use the same name.

    Notes
    -----
    Built anew on every call, so tests and embedding applications cannot
    leak state between runs.

    References
    ----------
    .. [1] Python documentation, argparse.

    Examples
    --------
    >>> from migstats.cli.app import build_parser
    >>> args = build_parser().parse_args(["show", "7.2", "--format", "csv"])
    >>> args.command, args.table, args.format
    ('show', '7.2', 'csv')
    """
    parser = argparse.ArgumentParser(
        prog="migstats",
        description=(
            "Reanalyse published survey percentage tables: the tables of chapter 7 "
            "'Asiel en migratie' (SCP 2024, LISS panel September 2023) and your own."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"migstats {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in _REGISTRARS:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``migstats`` command line and return its exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; default ``sys.argv[1:]``.

    Returns
    -------
    int
        0 on success (also for ``--help`` and ``--version``); 2 for a usage
        error (argparse's message on stderr), for a missing subcommand (help
        on stderr) and for a :class:`~migstats.MigstatsError` or
        :class:`ValueError` raised by a command (``migstats: error:
        <message>`` on stderr); 1 if ``plot`` lacks matplotlib.

    Raises
    ------
    Exception
        Only unexpected errors (bugs) propagate; input errors become exit
        code 2.

    Notes
    -----
    ``main`` never calls :func:`sys.exit` itself, so it can be called from
    Python and tests; the console script and ``python -m migstats`` wrap it
    in ``SystemExit``.

    References
    ----------
    .. [1] Python documentation, argparse; exit status 2 for command-line
       usage errors follows the convention of argparse and POSIX utilities.

    Examples
    --------
    >>> from migstats.cli.app import main
    >>> main(["show", "7.6", "--format", "csv"])
    item,response,total,bo/vmbo,havo/vwo/mbo,hbo/wo,Q1,Q2,Q3,Q4,Q5
    close_borders,agree,33,47,37,21,36,38,33,29,29
    0
    """
    parser = build_parser()
    try:
        args = parser.parse_args(None if argv is None else list(argv))
    except SystemExit as exc:  # argparse: --help, --version or a usage error
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_USAGE)
    if getattr(args, "func", None) is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except (MigstatsError, ValueError) as exc:  # MigstatsValueError is both
        print(f"migstats: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. ``migstats audit | head``
        # Python docs, "Note on SIGPIPE": point stdout at devnull so the
        # interpreter's final flush does not raise a second time.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
