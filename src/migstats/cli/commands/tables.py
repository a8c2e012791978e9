"""Commands ``tables`` and ``show``: the published tables.

``tables`` lists the chapter's tables (:func:`migstats.list_tables`);
``show`` prints one table as the report lays it out
(:func:`migstats.load_table`, pivoted to the printed layout).
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from ..._audit import APPROX_MARK
from ..._corpus import (
    DIMENSIONS,
    TABLE_IDS,
    TABLE_TITLES,
    list_tables,
    load_items,
    load_table,
)
from ..examples import EPILOG
from ..options import Command, UsageError, report_arg, table_arg
from ..render import text_table

_LABELS = ("id", "en", "nl")

_RESPONSE_LABELS = {
    "en": {"agree": "(strongly) agree", "disagree": "(strongly) disagree"},
    "nl": {"agree": "(helemaal) eens", "disagree": "(helemaal) oneens"},
}

TABLES_EPILOG = """\
examples:
  migstats tables                   the tables, their items and breakdowns
  migstats tables --lang nl         with the Dutch titles as printed
  migstats tables --format csv      machine-readable
  migstats tables --report pew-inequality-2020   another report's tables
"""


def _run_tables(args: argparse.Namespace) -> int:
    report = report_arg(args)
    if not report.is_default:
        if args.lang != "en":  # another report's titles are in one language, as given
            raise UsageError(
                f"--lang must be en for report {report.name!r} (its titles are given in one "
                f"language; nl is chapter 7's Dutch), but got {args.lang!r}"
            )
        lt = report.list_tables()
        cols = list(lt.columns) if args.format == "csv" else ["table", "items", "title"]
        sys.stdout.write(text_table(lt[cols], args.format, wide=args.wide))
        return 0
    lt = list_tables()
    title_col = f"title_{args.lang}"
    cols = ["table", "items", title_col]
    if args.format == "csv":
        cols = list(lt.columns)
    out = lt[cols].rename(columns={title_col: "title"}) if args.format != "csv" else lt[cols]
    sys.stdout.write(text_table(out, args.format, wide=args.wide))
    return 0


def _wide_table(table_id: str, labels: str, mark_approximate: bool, report=None) -> pd.DataFrame:
    """Pivot a tidy table into the report's layout (cells = numbers as printed)."""
    default = report is None or report.is_default
    tidy = load_table(table_id) if default else report.table(table_id)
    dimensions = DIMENSIONS if default else report.dimensions
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
    groups = [g for labels_ in dimensions.values() for g in labels_ if (tidy["group"] == g).any()]
    keys = list(dict.fromkeys(zip(tidy["item"], tidy["response"], strict=True)))
    wide = tidy.pivot(index=["item", "response"], columns="group", values="cell")
    wide = wide.reindex(index=pd.MultiIndex.from_tuples(keys, names=["item", "response"]))
    wide = wide.reindex(columns=groups).fillna("")
    wide.columns = [str(c) for c in wide.columns]
    return _relabel(wide.reset_index(), labels, with_response=True, report=report)


def _relabel(wide: pd.DataFrame, labels: str, *, with_response: bool, report=None) -> pd.DataFrame:
    if labels == "id":
        return wide
    items = (load_items() if report is None or report.is_default else report.items).set_index(
        "item"
    )
    if f"label_{labels}" not in items.columns:  # a report without labels: keep the ids
        return wide
    wide = wide.assign(item=wide["item"].map(items[f"label_{labels}"]))
    if with_response:
        names = _RESPONSE_LABELS[labels]
        wide = wide.assign(response=wide["response"].map(lambda r: names.get(r, r)))
    return wide


def _run_show(args: argparse.Namespace) -> int:
    report = report_arg(args)
    if not report.is_default:
        return _show_report(args, report)
    table_arg(args.table, report)
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
    sys.stdout.write(text_table(wide, args.format, title=title, footer=footer, wide=args.wide))
    return 0


def _show_report(args: argparse.Namespace, report) -> int:
    """``show`` for a report other than chapter 7: its title and source, no chapter wording."""
    table = table_arg(args.table, report)
    mark = args.format != "csv"
    wide = _wide_table(table, args.labels, mark, report)
    title = f"Table {table}. {report.table_titles.get(table, '')}".rstrip(". ") + "."
    footer = ""
    if mark and (wide.astype(str).map(lambda v: v.startswith(APPROX_MARK))).to_numpy().any():
        footer = f"{APPROX_MARK} approximate (the text says about/around); a-b: a range."
    src = f"Source: {report.source}" if report.source else f"Report: {report.name}"
    footer = "\n".join(f for f in (footer, src) if f)
    sys.stdout.write(text_table(wide, args.format, title=title, footer=footer, wide=args.wide))
    return 0


def _tables_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--lang",
        choices=("en", "nl"),
        default="en",
        help="language of the titles (default: en; nl: chapter 7's Dutch titles as printed)",
    )


def _show_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("table", help=f"table id: {', '.join(TABLE_IDS)} (or of --report)")
    p.add_argument(
        "--labels",
        choices=_LABELS,
        default="id",
        help="row labels: item ids (default), English or Dutch labels",
    )


COMMANDS = (
    Command(
        "tables",
        "list a report's tables (default: chapter 7)",
        "List the tables of chapter 7 (or of --report) with their titles, items and breakdowns.",
        TABLES_EPILOG,
        ("table_format", "report"),
        _tables_arguments,
        _run_tables,
    ),
    Command(
        "show",
        "print one table as the report lays it out",
        "Print one published table: one row per item and response, columns "
        "total | education groups | income quintiles (table 7.1: one row of the "
        "10 scale points). 'text' lists the numbers reported only in the running text.",
        EPILOG,
        ("table_format", "report"),
        _show_arguments,
        _run_show,
    ),
)
