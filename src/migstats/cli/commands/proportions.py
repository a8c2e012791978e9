"""Commands ``ci`` and ``compare``: one or two published percentages.

``ci`` is a thin face over :func:`migstats.proportion_ci` (with the
published percentage read as ``k = p/100 * n``), ``compare`` over
:func:`migstats.compare` and :func:`migstats.breakeven_n`.
"""

from __future__ import annotations

import argparse
import math
from typing import Any

import pandas as pd

from ..._audit import count_text, level_label, num, pct, pvalue_text
from ..._base import invalid_value
from ..._core import PERCENT_SCALE
from ..options import (
    Command,
    UsageError,
    alpha_arg,
    confidence_level_arg,
    deff_arg,
    number,
    percent_arg,
    size_arg,
)
from ..render import deff_text, version_settings, write_result

#: Rounding rule assumed for a percentage given to ``migstats ci`` (the
#: chapter does not state its rule, so a tie may have gone either way).
DEFAULT_ROUNDING = "up_or_down"

CI_EPILOG = """\
examples:
  migstats ci 56 --n 2000                         Wilson interval for 56% of 2000
  migstats ci 56 --n 2000 --deff 1.5              for a weighted sample
  migstats ci 56 --n 2000 --method clopper_pearson --confidence-level 0.99
  migstats ci 56 --n 2000 --rounding-aware        also over every true value in [55.5, 56.5]
  migstats ci 7.5 --n 900 --rounding-aware --format json

The percentage is read as k = p/100 * n "successes" out of n (fractional for
weighted data); the design effect shrinks both to k/deff out of n/deff.
With --rounding-aware the decimals are those printed (56: none, 7.5: one)
unless --decimals says otherwise.
"""


def _ci_arguments(p: argparse.ArgumentParser) -> None:
    from ..._core import PROPORTION_METHODS, ROUNDING_RULES

    p.add_argument("percent", help="the published percentage as printed, e.g. 56 or 7.5")
    p.add_argument(
        "--method",
        choices=PROPORTION_METHODS,
        default="wilson",
        help="interval method (default: wilson)",
    )
    p.add_argument(
        "--rounding-aware",
        action="store_true",
        help="also give the union of the intervals over the rounding interval",
    )
    p.add_argument(
        "--decimals",
        type=number,
        default=None,
        help="decimals printed (default: as written); only with --rounding-aware",
    )
    p.add_argument(
        "--rounding",
        choices=ROUNDING_RULES,
        default=None,
        help=f"rounding rule (default: {DEFAULT_ROUNDING}); only with --rounding-aware",
    )


def _with_decimals(text: str, decimals: int) -> str:
    """The printed number written with ``--decimals`` decimals ("56", 2 -> "56.00")."""
    from decimal import Decimal

    shown = max(0, -int(Decimal(text).as_tuple().exponent))
    if shown > decimals:
        raise UsageError(
            f"--decimals must be at least the {shown} decimals printed in {text}, "
            f"but got --decimals {decimals}"
        )
    return f"{Decimal(text):.{decimals}f}"


def _rounding_union(
    text: str,
    n: int,
    row: dict[str, Any],
    *,
    method: str,
    confidence_level: float,
    deff: float,
    decimals: int | None,
    rounding: str,
) -> dict[str, Any]:
    """The interval's union over the true values the printed number allows.

    The rule of :func:`migstats.table_intervals`:
    :func:`migstats._tables.rounding_aware_ci` over the rounding interval
    ``[lo, hi]`` intersected with [0, 100].
    """
    from ..._core import rounding_interval
    from ..._tables import rounding_aware_ci

    # a string keeps the printed decimals; an explicit --decimals overrides them
    # (a printed "56" read with one decimal stands for 56.0)
    value = text.strip() if decimals is None else _with_decimals(text.strip(), decimals)
    iv = rounding_interval(value, decimals=decimals, rounding=rounding)
    lo = max(float(iv.low), 0.0)
    hi = min(float(iv.high), float(PERCENT_SCALE))
    w = rounding_aware_ci(
        row["percent"], lo, hi, n, method=method, confidence_level=confidence_level, deff=deff
    )
    return dict(
        percent_low=lo,
        percent_high=hi,
        plain_ci_low=float(w.plain_ci_low),
        plain_ci_high=float(w.plain_ci_high),
        ci_low=float(w.ci_low),
        ci_high=float(w.ci_high),
        rounding_added=float(w.rounding_added),
    )


def _ci_frame(
    text: str,
    n: int,
    *,
    method: str,
    confidence_level: float,
    deff: float,
    rounding_aware: bool,
    decimals: int | None,
    rounding: str,
) -> pd.DataFrame:
    """One row: the interval of ``migstats ci`` (proportions), columns as table_intervals."""
    from ..._core import proportion_ci

    p = percent_arg(text, "percent")
    low, high = proportion_ci(
        p / PERCENT_SCALE * n, n, method=method, confidence_level=confidence_level, deff=deff
    )
    row: dict[str, Any] = {
        "percent": p,
        "n": n,
        "deff": deff,
        "n_effective": n / deff,
        "method": method,
        "confidence_level": confidence_level,
        "estimate": p / PERCENT_SCALE,
        "ci_low": float(low),
        "ci_high": float(high),
    }
    if rounding_aware:
        row.update(
            _rounding_union(
                text,
                n,
                row,
                method=method,
                confidence_level=confidence_level,
                deff=deff,
                decimals=decimals,
                rounding=rounding,
            )
        )
    return pd.DataFrame([row])


def _ci_display(args: argparse.Namespace, r: Any, level: float) -> pd.DataFrame:
    """The rows of ``migstats ci`` for reading (percent, rounded)."""
    lvl = level_label(level)
    plain = (r.plain_ci_low, r.plain_ci_high) if args.rounding_aware else (r.ci_low, r.ci_high)
    rows = [
        ("published percentage", args.percent.strip()),
        ("group size n", f"{int(r.n):,}"),
        ("design effect", deff_text(r.deff)),
        ("effective n (n / deff)", f"{float(r.n_effective):,.1f}"),
        (f"{lvl} {args.method} interval (%)", f"{pct(plain[0])} to {pct(plain[1])}"),
    ]
    if args.rounding_aware:
        rows += [
            (
                "true values the rounding allows (%)",
                f"{num(r.percent_low)} to {num(r.percent_high)}",
            ),
            ("union over the rounding interval (%)", f"{pct(r.ci_low)} to {pct(r.ci_high)}"),
            ("width added by the rounding (points)", pct(r.rounding_added)),
        ]
    return pd.DataFrame(rows, columns=["quantity", "value"])


def _run_ci(args: argparse.Namespace) -> int:
    if args.n is None:
        raise UsageError("--n (the group's size) is required for ci, but got none")
    percent_arg(args.percent, "percent")
    n = size_arg(args.n, "--n")
    deff = deff_arg(args.deff, 1.0)  # as proportion_ci / compare: the user gives group sizes
    level = confidence_level_arg(args)
    for name, value in (("--decimals", args.decimals), ("--rounding", args.rounding)):
        if value is not None and not args.rounding_aware:
            raise UsageError(f"{name} needs --rounding-aware, but got {name} {value}")
    decimals = None if args.decimals is None else size_arg(args.decimals, "--decimals", 0)
    frame = _ci_frame(
        args.percent,
        n,
        method=args.method,
        confidence_level=level,
        deff=deff,
        rounding_aware=args.rounding_aware,
        decimals=decimals,
        rounding=args.rounding or DEFAULT_ROUNDING,
    )
    return write_result(
        args,
        frame,
        _ci_display(args, frame.iloc[0], level),
        title=f"Interval for {args.percent.strip()}% of n = {n:,}",
        footer="k = p/100 * n successes out of n, both divided by deff (migstats.proportion_ci).",
        settings=version_settings(units="proportions"),
    )


COMPARE_EPILOG = """\
examples:
  migstats compare 72 68 --n1 450 --n2 450            score test, 72% vs 68%
  migstats compare 72 68 --n1 450 --n2 450 --deff 1.5
  migstats compare 47 21 --n1 762 --n2 1113 --method wald --alpha 0.01
  migstats compare 72 68 --n1 450 --n2 450 --alternative greater

  migstats compare 47 21 --n1 762 --n2 1113 --total 2900   groups of a survey of 2,900

The interval has level 1 - alpha, so it excludes 0 exactly when the score,
mee or wald test is significant. The break-even n is, as everywhere in
migstats, the smallest total survey n at which the observed difference would
be significant, the groups keeping their shares n1/N and n2/N of the survey
(migstats.breakeven_n). N is --total when the groups are part of a larger
survey; without --total the survey is the two groups (N = n1 + n2).
"""


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


def _compare_arguments(p: argparse.ArgumentParser) -> None:
    from ..._core import COMPARE_METHODS

    p.add_argument("percent1", help="published percentage of group 1")
    p.add_argument("percent2", help="published percentage of group 2")
    p.add_argument("--n1", type=number, required=True, help="size of group 1")
    p.add_argument("--n2", type=number, required=True, help="size of group 2")
    p.add_argument(
        "--total",
        type=number,
        default=None,
        help="size of the survey the two groups belong to, for the break-even n (default: n1 + n2)",
    )
    p.add_argument(
        "--method", choices=COMPARE_METHODS, default="score", help="test (default: score)"
    )
    p.add_argument(
        "--alternative",
        choices=("two-sided", "less", "greater"),
        default="two-sided",
        help="greater: p1 > p2; less: p1 < p2 (default: two-sided)",
    )


def _survey_total(args: argparse.Namespace, n1: int, n2: int) -> int:
    """The survey size N of the break-even n: ``--total`` or ``n1 + n2``."""
    if args.total is None:
        return n1 + n2
    total = size_arg(args.total, "--total")
    if total < n1 + n2:
        raise invalid_value("--total", f"at least n1 + n2 = {n1 + n2}", total)
    return total


def _breakeven(args: argparse.Namespace, p1: float, p2: float, n1: int, n2: int, **kw) -> float:
    """Break-even total survey n at the same group shares (NaN where the test has none)."""
    from ..._core import BREAKEVEN_METHODS, breakeven_n

    if args.method not in BREAKEVEN_METHODS:
        return math.nan
    total = _survey_total(args, n1, n2)
    return float(
        breakeven_n(
            p1 / PERCENT_SCALE,
            p2 / PERCENT_SCALE,
            n1 / total,
            n2 / total,
            method=args.method,
            alternative=args.alternative,
            **kw,
        )
    )


def _compare_display(
    args: argparse.Namespace, res: Any, n1: int, n2: int, deff: float, alpha: float, be: float
) -> pd.DataFrame:
    """The rows of ``migstats compare`` for reading (points, rounded)."""
    low, high = res.confidence_interval
    verdict = "significant" if res.pvalue < alpha else "not significant"
    rows = [
        ("group 1", f"{args.percent1.strip()}% of {n1:,}"),
        ("group 2", f"{args.percent2.strip()}% of {n2:,}"),
        ("design effect", deff_text(deff)),
        ("difference (points)", pct(res.estimate)),
        (
            f"{level_label(1.0 - alpha)} {_CI_NAMES.get(res.ci_method, res.ci_method)} "
            "interval (points)",
            f"{pct(low)} to {pct(high)}",
        ),
        (_STATISTIC_NAMES.get(args.method, f"{args.method} z statistic"), num(res.statistic, 3)),
        (f"p-value ({args.alternative})", pvalue_text(res.pvalue)),
        (f"at alpha = {alpha:g}", verdict),
        ("break-even total survey n", count_text(be) or "not available for this test"),
    ]
    return pd.DataFrame(rows, columns=["quantity", "value"])


def _run_compare(args: argparse.Namespace) -> int:
    from ..._core import compare

    p1 = percent_arg(args.percent1, "percent1")
    p2 = percent_arg(args.percent2, "percent2")
    n1 = size_arg(args.n1, "--n1")
    n2 = size_arg(args.n2, "--n2")
    deff = deff_arg(args.deff, 1.0)  # as proportion_ci / compare: the user gives group sizes
    alpha = alpha_arg(args)
    k1, k2 = p1 / PERCENT_SCALE * n1, p2 / PERCENT_SCALE * n2
    if args.method in ("exact", "boschloo"):
        # the exact tests need whole counts: say which percentage and n do not give one
        # (within 1e-9 of a whole number: 68% of 700 is 476, not 476.00000000000006)
        k1, k2 = (round(k) if abs(k - round(k)) <= 1e-9 * n else k for k, n in ((k1, n1), (k2, n2)))
        for flag, p, n, k in (("1", p1, n1, k1), ("2", p2, n2, k2)):
            if k / deff != round(k / deff):
                raise UsageError(
                    f"percent{flag} and --n{flag} must give a whole count for --method "
                    f"{args.method}, but {p:g}% of {n} (/ deff {deff:g}) is {k / deff:.4g} "
                    "respondents; use --method score or a percentage of n that is a whole count"
                )
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
    be = _breakeven(args, p1, p2, n1, n2, alpha=alpha, deff=deff)
    frame = res.to_frame().assign(
        percent1=p1,
        percent2=p2,
        deff=deff,
        alpha=alpha,
        significant=bool(res.pvalue < alpha),
        breakeven_n=be,
    )
    total = _survey_total(args, n1, n2)
    footer = (
        f"break-even n: smallest total survey n, the groups holding the shares {n1 / total:.3g} "
        f"and {n2 / total:.3g} of it, at which this difference is significant ('none': no n)."
    )
    return write_result(
        args,
        frame,
        _compare_display(args, res, n1, n2, deff, alpha, be),
        title=f"{args.percent1.strip()}% versus {args.percent2.strip()}%",
        footer=footer,
        settings=version_settings(units="proportions"),
    )


COMMANDS = (
    Command(
        "ci",
        "confidence interval for a published percentage",
        "Confidence interval for a published percentage p of a group of size n "
        "(migstats.proportion_ci with k = p/100 * n); with --rounding-aware also the "
        "union of the intervals over every true value the printed number allows "
        "(migstats.rounding_interval).",
        CI_EPILOG,
        ("n", "deff", "confidence_level", "output"),
        _ci_arguments,
        _run_ci,
        {
            "--n": "size of the group the percentage is of (required)",
            "--deff": "Kish design effect of the group (default 1: n is taken as it is, as "
            "migstats.proportion_ci does)",
        },
    ),
    Command(
        "compare",
        "test the difference between two published percentages",
        "Difference between two published percentages of independent groups: estimate, "
        "interval, test statistic and p-value (migstats.compare), and the break-even "
        "total n at which it would be significant (migstats.breakeven_n).",
        COMPARE_EPILOG,
        ("deff", "alpha", "output"),
        _compare_arguments,
        _run_compare,
        {
            "--deff": "Kish design effect of both groups (default 1: n1 and n2 are taken as "
            "they are, as migstats.compare does)",
            "--alpha": "significance level of the test; the interval has level 1 - alpha "
            "(default 0.05)",
        },
    ),
)
