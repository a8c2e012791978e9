"""Commands ``tables`` and ``show``: the published tables.

``tables`` lists a report's tables (:meth:`migstats.Report.catalogue`);
``show`` prints one table as the report lays it out
(:meth:`migstats.Report.table`, pivoted to the printed layout).  Both read
everything from the report: titles in each language it gives, item labels,
groups in order, sources.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from ..._audit import APPROX_MARK
from ..._corpus import TABLE_IDS
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
    lang = _language(args.lang, report)
    lt = report.catalogue()
    if args.format == "csv":
        sys.stdout.write(text_table(lt, args.format, wide=args.wide))
        return 0
    out = lt[["table", "items", f"title_{lang}"]].rename(columns={f"title_{lang}": "title"})
    sys.stdout.write(text_table(out, args.format, wide=args.wide))
    return 0


def _language(lang: str, report) -> str:
    """``--lang`` checked against the languages the report's titles are given in."""
    if lang not in report.languages:
        raise UsageError(
            f"--lang must be one of {', '.join(report.languages)} (the languages of the "
            f"table titles of report {report.name!r}), but got {lang!r}"
        )
    return lang


def _wide_table(table_id: str, labels: str, mark_approximate: bool, report) -> pd.DataFrame:
    """Pivot a tidy table into the report's layout (cells = numbers as printed)."""
    tidy = report.table(table_id)
    cell = tidy["reported"].astype(str)
    if mark_approximate:
        cell = cell.where(~tidy["approximate"], APPROX_MARK + cell)
    tidy = tidy.assign(cell=cell)
    item_order = list(dict.fromkeys(tidy["item"]))
    if set(tidy["dimension"].astype(str)) == {"total"} and tidy["response"].nunique() > 1:
        # A whole-sample table of a scale (7.1): one row per item, the scale points as columns.
        wide = tidy.pivot(index="item", columns="response", values="cell")
        responses = list(dict.fromkeys(tidy["response"]))
        wide = wide.reindex(index=item_order, columns=responses).reset_index()
        wide.columns.name = None
        return _relabel(wide, labels, with_response=False, report=report)
    groups = [g for g_ in report.dimensions.values() for g in g_ if (tidy["group"] == g).any()]
    keys = list(dict.fromkeys(zip(tidy["item"], tidy["response"], strict=True)))
    wide = tidy.pivot(index=["item", "response"], columns="group", values="cell")
    wide = wide.reindex(index=pd.MultiIndex.from_tuples(keys, names=["item", "response"]))
    wide = wide.reindex(columns=groups).fillna("")
    wide.columns = [str(c) for c in wide.columns]
    return _relabel(wide.reset_index(), labels, with_response=True, report=report)


def _relabel(wide: pd.DataFrame, labels: str, *, with_response: bool, report) -> pd.DataFrame:
    """Item ids replaced by the report's ``label_<labels>`` (ids where it gives none)."""
    if labels == "id":
        return wide
    items = report.items.drop_duplicates("item").set_index("item")
    if f"label_{labels}" not in items.columns:  # a report without labels: keep the ids
        return wide
    named = wide["item"].map(items[f"label_{labels}"])
    wide = wide.assign(item=named.where(named.notna() & (named != ""), wide["item"]))
    if with_response:
        names = _RESPONSE_LABELS[labels]
        wide = wide.assign(response=wide["response"].map(lambda r: names.get(r, r)))
    return wide


def _run_show(args: argparse.Namespace) -> int:
    report = report_arg(args)
    table = table_arg(args.table, report)
    mark = args.format != "csv"
    wide = _wide_table(table, args.labels, mark, report)
    name = report.table_titles.get(table, "")
    title = f"Table {table}. {name}" if name else f"Table {table}."
    if table == "text":  # the package format's id of the numbers reported only in the text
        title = "Numbers reported only in the text."
    src = report.table_source(table)
    footer = ""
    if mark and (wide.astype(str).map(lambda v: v.startswith(APPROX_MARK))).to_numpy().any():
        footer = f"{APPROX_MARK} approximate (the text says about/around); a-b: a range."
    src = f"Source: {src}" if src else f"Report: {report.name}"
    footer = "\n".join(f for f in (footer, src) if f)
    sys.stdout.write(text_table(wide, args.format, title=title, footer=footer, wide=args.wide))
    return 0


def _tables_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--lang",
        default="en",
        help="language of the titles: one the report gives them in (default: en; "
        "chapter 7 also nl, its Dutch titles as printed)",
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
