"""Command ``check``: the internal consistency of one published table.

A thin face over :func:`migstats.check_table`.
"""

from __future__ import annotations

import argparse
from typing import Any

import pandas as pd

from ..._audit import RESULT_DECIMALS, md, num
from ..._base import CHECK_VERDICTS
from ..._corpus import TABLE_IDS
from ..options import Command, optional_size, report_arg, table_arg
from ..progress import Progress
from ..render import plural, version_settings, write_result

_CONSISTENT, _INCONSISTENT, _UNTESTABLE = CHECK_VERDICTS

CHECK_EPILOG = """\
examples:
  migstats check 7.2                 every consistency check of table 7.2
  migstats check 7.1 --details       with the explanation of every check
  migstats check 7.3 --n 1500        count-based checks at n = 1500
  migstats check text --format csv
  migstats check inequality_amount --report pew-inequality-2020

A check fails ("inconsistent") only if no true values within the rounding of
the published numbers make the relation hold (migstats.check_table).
"""


def _check_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "table", help=f"table id (chapter 7: {', '.join(TABLE_IDS)}; see migstats tables)"
    )
    p.add_argument(
        "--details", action="store_true", help="explain every check (default: only failures)"
    )


def _expected(r: Any) -> str:
    if pd.isna(r.expected_low):
        return ""
    return f"{r.expected_low:.{RESULT_DECIMALS}f}-{r.expected_high:.{RESULT_DECIMALS}f}"


def _check_display(chk: pd.DataFrame, args: argparse.Namespace) -> pd.DataFrame:
    """The checks for reading: observed and allowed values rounded."""
    display = pd.DataFrame(
        {
            "check": chk["check"],
            "item": chk["item"],
            "response": chk["response"],
            "dimension": chk["dimension"],
            "groups": chk["groups"],
            "n": ["range" if pd.isna(v) else f"{int(v)}" for v in chk["n"]],
            "observed": [num(v, 1) for v in chk["observed"]],
            "allowed": [_expected(r) for r in chk.itertuples()],
            "verdict": chk["verdict"],
        }
    )
    if args.details:
        display["detail"] = chk["detail"].map(md if args.format == "markdown" else str)
    return display


def _run_check(args: argparse.Namespace) -> int:
    report = report_arg(args)
    table = table_arg(args.table, report)
    with Progress(f"checking table {table}"):
        from ... import _tables  # the table layer, imported by the commands that use it

        chk = _tables.check_table(
            table, design=report.design, report=report, n=optional_size(args.n)
        )
    counts = chk["verdict"].value_counts()
    footer_lines = [
        f"{plural(len(chk), 'check')}: "
        + ", ".join(f"{int(counts.get(v, 0))} {v}" for v in CHECK_VERDICTS)
        + ". n = range: summary across the design's plausible n."
    ]
    if not args.details:
        bad = chk[chk["verdict"] == _INCONSISTENT]
        for r in bad.itertuples():
            footer_lines.append(f"- {r.check}, {r.item}, {r.dimension}: {r.detail}")
    return write_result(
        args,
        chk,
        _check_display(chk, args),
        title=f"Consistency checks of table {table}",
        footer="\n".join(footer_lines),
        settings=version_settings(),
    )


COMMANDS = (
    Command(
        "check",
        "consistency checks of one table",
        "Check a published table for internal consistency given its rounding "
        "(migstats.check_table): sums, totals against groups, combined responses and "
        "whole-count (GRIM-type) feasibility.",
        CHECK_EPILOG,
        ("n", "output", "report"),
        _check_arguments,
        _run_check,
        {
            "--n": "total sample size for the count-based checks (default: every n of the "
            "plausible range of the report's design; the published n where it is published)"
        },
    ),
)
