"""Command ``audit``: every claim of a report (default: chapter 7) with its verdict.

A thin face over :func:`migstats.audit`; the rendering of its result is
:func:`migstats._audit.render_audit` (shared with docs/regenerate.py), or
:func:`migstats.audit_html` for ``--format html``; both read the settings
from the result.
"""

from __future__ import annotations

import argparse

from ... import _audit
from ..._base import check_alpha
from ..._core import CORRECTIONS
from ..._corpus import DEFAULT_GROUP_INFLATION, GROUP_INFLATION_RULES
from ..options import Command, UsageError, deff_arg, number, optional_size, report_arg
from ..progress import Progress
from ..render import emit

#: Formats of ``migstats audit``: those of every command plus a self-contained HTML page.
AUDIT_FORMATS: tuple[str, ...] = (*_audit.OUTPUT_FORMATS, "html")

AUDIT_EPILOG = """\
examples:
  migstats audit                              every claim of chapter 7, readable
  migstats audit --n 1500 --deff 1.5          the headline at a smaller, weighted sample
  migstats audit --correction holm            family-wise (Holm) instead of the FDR
  migstats audit --headline conservative      the smallest plausible n, largest deff
  migstats audit --reading plain              quantifiers read by their definition
  migstats audit --format csv --output a.csv  the full table for a spreadsheet
  migstats audit --format markdown            the document in docs/audit.md
  migstats audit --format html --output audit.html    one self-contained page
  migstats audit --report pew-inequality-2020         another (bundled) report
  migstats audit --report my_report/                  your own report package

The headline takes each design value from --n/--deff if given, else from what the
report publishes (n; a margin of error -> deff at the upper end of its rounding),
else the defaults (the lowest plausible n; deff 2 for weighted data); every output
labels each value published, derived or assumed. Verdicts (supported, depends on
n, not supported, contradicted) use the p-values adjusted over all tested claims
(default: Benjamini-Hochberg FDR). "changes with" says whether a verdict changes
across the plausible n and design effects (n/deff), within the rounding of the
published numbers (rounding) or with the reading of its quantifier (reading).
"""


def _audit_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--correction",
        choices=CORRECTIONS,
        default=_audit.DEFAULT_CORRECTION,
        help="multiple-testing correction over the tested claims (default: "
        f"{_audit.DEFAULT_CORRECTION}, the Benjamini-Hochberg false discovery rate; holm: "
        "family-wise; none: per claim)",
    )
    p.add_argument(
        "--alpha",
        type=number,
        default=None,
        help="significance level over the tested claims (default: the report's published "
        f"alpha, else {_audit.DEFAULT_ALPHA:g})",
    )
    p.add_argument(
        "--headline",
        choices=_audit.HEADLINES,
        default=_audit.DEFAULT_HEADLINE,
        help="where the headline verdict is taken (default: resolved = --n/--deff, else the "
        "report's published facts, else the defaults)",
    )
    p.add_argument(
        "--group-inflation",
        choices=GROUP_INFLATION_RULES,
        default=DEFAULT_GROUP_INFLATION,
        help="how a group's variance allows for its under-representation when only an "
        "overall deff is known (default: %(default)s)",
    )
    p.add_argument("--deffs", metavar="D1,D2,...", default=None, help=DEFFS_HELP)
    p.add_argument(
        "--n-points",
        type=int,
        default=_audit.N_GRID_POINTS,
        help=f"sample sizes of the robustness grid (default {_audit.N_GRID_POINTS})",
    )
    p.add_argument(
        "--reading",
        choices=_audit.READINGS,
        default=_audit.DEFAULT_READING,
        help="reading of the verbal quantifiers the verdicts are taken at (default: usage, "
        "the report's own use of a word, else strict); the verdict under every reading "
        "is in the column verdict_by_reading",
    )
    p.add_argument(
        "--format",
        choices=AUDIT_FORMATS,
        default="text",
        help="output format (default: text); text and markdown are rounded and in percent, "
        "csv and json hold the full-precision result, html is one self-contained page "
        "(needs --output)",
    )
    p.add_argument(
        "-o", "--output", metavar="FILE", default=None, help="write to FILE (says where on stderr)"
    )


#: Help of ``--deffs``: the robustness grid's design effects and their default.
DEFFS_HELP = (
    "design effects of the robustness grid (default: the range the report's published deff "
    "or margin of error allows, else 1,1.5,2)"
)


def _grid_arg(value: str | None) -> tuple[float, ...] | None:
    """``--deffs``: comma-separated design effects, each validated (None: the audit's default)."""
    if value is None:
        return None
    try:
        return tuple(float(deff_arg(float(v))) for v in value.split(","))
    except (TypeError, ValueError):
        raise UsageError(
            f"--deffs must be design effects > 0 separated by commas, but got {value!r}"
        ) from None


def _grid_kwargs(args: argparse.Namespace) -> dict:
    return {
        "deffs": _grid_arg(args.deffs),
        "n_points": args.n_points,
        "headline": args.headline,
        "group_inflation": args.group_inflation,
    }


def _run_audit(args: argparse.Namespace) -> int:
    n = optional_size(args.n)
    deff = deff_arg(args.deff)
    alpha = (
        None if args.alpha is None else check_alpha(args.alpha, "--alpha", _audit.ALPHA_BELOW_HALF)
    )
    report = report_arg(args)
    if args.format == "html" and args.output is None:
        raise UsageError("--format html needs --output FILE.html (one self-contained page)")
    with Progress(f"auditing the claims of {report.name}") as progress:
        result = _audit.audit(
            report=report,
            n=n,
            deff=deff,
            alpha=alpha,
            correction=args.correction,
            reading=args.reading,
            **_grid_kwargs(args),
        )
        if args.format == "html":
            from ...audit_page import audit_html  # the page's renderer, only for it

            progress.stage("drawing the page")
            text = audit_html(result)
    if args.format != "html":
        text = _audit.render_audit(result, args.format)
    emit(text, args.output)
    return 0


COMMANDS = (
    Command(
        "audit",
        "audit every claim of a report (default: chapter 7)",
        "Test every registered claim of chapter 7 (or of --report) against the published "
        "numbers (migstats.audit): estimate, interval, adjusted p-value, break-even n, verdict, "
        "and whether the verdict holds across the plausible sample sizes, design effects "
        "and the rounding of the published numbers.",
        AUDIT_EPILOG,
        ("n", "deff", "report"),
        _audit_arguments,
        _run_audit,
        {
            "--n": "total sample size of the headline (default: the report's published n, "
            "else the lower end of its plausible range)",
            "--deff": "Kish design effect of the headline (default: the report's published deff "
            "or the one its margin of error implies, else 2 for weighted data)",
        },
    ),
)
