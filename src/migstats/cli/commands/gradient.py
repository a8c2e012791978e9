"""Command ``gradient``: the education or income gradient of one item.

A thin face over :func:`migstats.gradient` (gap, Cochran-Armitage trend,
slope and relative index of inequality, logistic slope).
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np
import pandas as pd

from ..._audit import level_label, num, pct, pvalue_text
from ..._core import PERCENT_SCALE
from ..._corpus import TABLE_IDS
from ..options import (
    Command,
    UsageError,
    confidence_level_arg,
    deff_arg,
    optional_size,
    report_arg,
    table_arg,
)
from ..progress import Progress
from ..render import deff_text, version_settings, write_result

GRADIENT_EPILOG = """\
examples:
  migstats gradient 7.5 language_lessons --dimension income
  migstats gradient 7.6 close_borders                    both education and income
  migstats gradient 7.7 results --response disagree --n 1500 --deff 1.5
  migstats gradient 7.1 refugee_intake --response 6-10 --dimension education
  migstats gradient inequality_amount amount_of_inequality --response right_amount \\
      --report pew-inequality-2020 --dimension income

Gap: highest minus lowest group (Newcombe interval). Trend: Cochran-Armitage.
SII: slope index of inequality (fitted top minus bottom of the ordering, on the
ridit scale of the design's group shares); RII: their ratio. Logistic slope:
log odds ratio per group step.
"""


def _gradient_profile(g: Any) -> str:
    return ", ".join(
        f"{grp} {PERCENT_SCALE * p:g}% (n {float(n):,.0f})"
        for grp, p, n in zip(g.groups, np.atleast_1d(g.p), np.atleast_1d(g.n), strict=True)
    )


def _gradient_display(g: Any, dim: str, level: float) -> pd.DataFrame:
    lvl = level_label(level)
    t, s, lg = g.trend, g.inequality, g.logistic
    rows = [
        (
            dim,
            f"gap, {g.groups[-1]} minus {g.groups[0]} (points)",
            pct(g.gap),
            f"{pct(g.gap_ci.low)} to {pct(g.gap_ci.high)}",
            "",
        ),
        (
            dim,
            "Cochran-Armitage trend, chi2 (1 df)",
            num(t.statistic, 2),
            "",
            pvalue_text(t.pvalue),
        ),
        (
            dim,
            "slope index of inequality (points)",
            pct(s.sii),
            f"{pct(s.sii_ci.low)} to {pct(s.sii_ci.high)}",
            pvalue_text(s.pvalue),
        ),
        (
            dim,
            "relative index of inequality",
            num(s.rii, 3),
            f"{num(s.rii_ci.low, 3)} to {num(s.rii_ci.high, 3)}",
            "",
        ),
        (
            dim,
            "log odds ratio per step",
            num(lg.estimate, 3),
            f"{num(lg.confidence_interval.low, 3)} to {num(lg.confidence_interval.high, 3)}",
            pvalue_text(lg.pvalue),
        ),
    ]
    return pd.DataFrame(rows, columns=["dimension", "quantity", "estimate", f"{lvl} CI", "p"])


def _gradient_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("table", help=f"table id: {', '.join(TABLE_IDS)} (or of --report)")
    p.add_argument("item", help="item id (see migstats show TABLE)")
    p.add_argument(
        "--dimension",
        default=None,
        help="an ordered dimension of the report that the item has (default: every one; "
        "chapter 7: education, income, for some items urbanisation or period); one "
        "without published group shares gets equal shares, as in the audit, and the "
        "output says so",
    )
    p.add_argument(
        "--response",
        default=None,
        help="published response (default: the report's default response where the item "
        "publishes it, chapter 7: agree; else the item's first)",
    )


def _one_dimension(
    args: argparse.Namespace, table: str, dim: str, n: int, deff: float, level: float, report
) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """The gradient across ``dim``: its machine frame, display rows and profile line."""
    from ...plots import assume_equal_shares

    design, _ = assume_equal_shares(report.design, {dim: report.dimensions.get(dim, ())})
    from ... import _tables  # the table layer, imported by the commands that use it

    g = _tables.gradient(
        table,
        args.item,
        dim,
        design=design,
        response=args.response,
        n=n,
        deff=deff,
        confidence_level=level,
        report=report,
    )
    f = g.to_frame()
    f.insert(0, "dimension", dim)
    f.insert(0, "response", args.response)
    f.insert(0, "item", args.item)
    f.insert(0, "table", table)
    f.insert(4, "n", n)
    return f, _gradient_display(g, dim, level), f"{dim}: " + _gradient_profile(g)


def _dimensions(args: argparse.Namespace, report, table: str) -> tuple[str, ...]:
    """``--dimension`` checked against the report's ordered dimensions (default: the item's)."""
    rows = report.rows(table)  # the table's numbers and the text's on the same items
    items = rows["item"].astype(str)
    if not (items == args.item).any():
        choices = ", ".join(repr(i) for i in dict.fromkeys(items))
        raise UsageError(
            f"item must be an item of table {table} ({choices}), but got {args.item!r}"
        )
    if args.response is None:  # preferably a response published by an ordered dimension
        of_item = rows[items == args.item]
        by_order = of_item[of_item["dimension"].astype(str).isin(report.ordered)]
        published = (by_order if len(by_order) else of_item)["response"].astype(str)
        default = report.default_response
        args.response = default if default in set(published) else published.iloc[0]
    mine = rows[
        (rows["item"].astype(str) == args.item) & (rows["response"].astype(str) == args.response)
    ]
    if mine.empty and (rows["item"].astype(str) == args.item).any():
        given = rows.loc[rows["item"].astype(str) == args.item, "response"].astype(str)
        choices = ", ".join(repr(r) for r in dict.fromkeys(given))
        raise UsageError(f"--response must be one of {choices}, but got {args.response!r}")
    counts = mine["dimension"].astype(str).value_counts()
    allowed = tuple(d for d in report.ordered if counts.get(d, 0) >= 2)
    if args.dimension is None:
        if not allowed:
            raise UsageError(
                f"item {args.item!r} of table {table} has no ordered dimension in report "
                f"{report.name!r} (ordered: {', '.join(report.ordered) or 'none'})"
            )
        return allowed
    if args.dimension not in allowed:
        raise UsageError(
            f"--dimension must be one of {', '.join(allowed) or '(none)'}, but got "
            f"{args.dimension!r}"
        )
    return (args.dimension,)


def _run_gradient(args: argparse.Namespace) -> int:
    report = report_arg(args)
    table = table_arg(args.table, report)
    n = optional_size(args.n)
    n = report.design.n if n is None else n
    deff = deff_arg(args.deff, report.design.deff)
    level = confidence_level_arg(args)
    dims = _dimensions(args, report, table)
    with Progress(f"computing the gradient of {args.item}"):
        parts = [_one_dimension(args, table, dim, n, deff, level, report) for dim in dims]
    known = "published" if (n, n) == report.design.n_range else "assumed"
    equal = [d for d in dims if d not in report.design.shares]
    shares = "group sizes from the design's shares"
    if equal:
        shares += (
            f"; {', '.join(equal)}: group shares not published, equal shares assumed "
            "(as the audit does)"
        )
    machine = pd.concat([p[0] for p in parts], ignore_index=True)
    display = pd.concat([p[1] for p in parts], ignore_index=True)
    footer = "\n".join(
        [
            *(p[2] for p in parts),
            f"n = {n:,} ({known}), deff = {deff_text(deff)}; {shares}. "
            "Gap and SII in percentage points (positive: higher in the upper groups).",
            "Intervals and p-values are rounding-aware (every true value the rounding "
            "allows); the estimates and statistics are those of the printed numbers.",
        ]
    )
    return write_result(
        args,
        machine,
        display,
        title=f"Gradient of {args.item} ({args.response}), table {table}",
        footer=footer,
        settings=version_settings(units="proportions", equal_shares_assumed=equal),
    )


COMMANDS = (
    Command(
        "gradient",
        "education or income gradient of one item",
        "Gradient of one item across the ordered education or income groups "
        "(migstats.gradient): extreme-group gap, Cochran-Armitage trend test, slope and "
        "relative index of inequality, logistic slope.",
        GRADIENT_EPILOG,
        ("n", "deff", "confidence_level", "output", "report"),
        _gradient_arguments,
        _run_gradient,
        {
            "--n": "total sample size; group sizes follow from the design's shares (default: "
            "the n of the report's design: published, or assumed where the report gives none)",
            "--deff": "Kish design effect (default: the design effect of the report's design)",
        },
    ),
)
