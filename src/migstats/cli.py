"""The ``migstats`` command line.

This module owns the argument parser and the plain-text, Markdown and CSV
rendering of tables for the terminal.  Each subcommand is registered by a
small function decorated with :func:`subcommand` that adds its sub-parser and
sets ``func`` to a handler ``handler(args) -> int``; new subcommands (``audit``,
``ci``, ``compare``, ``gradient``, ``check``, ``plot``) are added the same way.

Exit codes: 0 success; 2 bad arguments or bad input (argparse's usage errors
and every :class:`~migstats.MigstatsError`), with the message on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

import pandas as pd

from . import __version__
from ._data import DIMENSIONS, TABLE_IDS, TABLE_TITLES, list_tables, load_items, load_table
from ._validation import MigstatsError, MigstatsValueError, check_option

__all__ = ["FORMATS", "build_parser", "format_frame", "main", "subcommand"]

#: Output formats every subcommand that prints a table should offer.
FORMATS: tuple[str, ...] = ("text", "markdown", "csv")

#: Exit code for bad arguments or bad input (argparse uses 2 for usage errors).
EXIT_USAGE = 2

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
    >>> from migstats import cli
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
    >>> from migstats.cli import format_frame
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
@subcommand
def _add_tables(sub) -> None:
    p = sub.add_parser(
        "tables",
        help="list the chapter's tables",
        description="List the tables of chapter 7 with their titles, items and breakdowns.",
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
    >>> from migstats.cli import build_parser
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
        on stderr) and for a :class:`~migstats.MigstatsError` raised by a
        command (``migstats: error: <message>`` on stderr).

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
    >>> from migstats.cli import main
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
    except MigstatsError as exc:
        print(f"migstats: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
