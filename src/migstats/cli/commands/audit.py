"""Command ``audit``: every claim of a report (default: chapter 7) with its verdict.

A thin face over :func:`migstats.audit`; the rendering of its result is
:func:`migstats._audit.render_audit` (shared with docs/regenerate.py), or
:func:`migstats.audit_html` for ``--format html``; both read the settings
from the result.
"""

from __future__ import annotations

import argparse

from ... import _audit
from ..._core import CORRECTIONS
from ...audit_page import audit_html
from ..options import Command, UsageError, alpha_arg, deff_arg, optional_size, report_arg
from ..progress import Progress
from ..render import emit

#: Formats of ``migstats audit``: those of every command plus a self-contained HTML page.
AUDIT_FORMATS: tuple[str, ...] = (*_audit.OUTPUT_FORMATS, "html")

AUDIT_EPILOG = """\
examples:
  migstats audit                              every claim of chapter 7, readable
  migstats audit --n 1500 --deff 1.5          under a smaller, weighted sample
  migstats audit --correction BH              Benjamini-Hochberg instead of Holm
  migstats audit --reading plain              quantifiers read by their definition
  migstats audit --format csv --output a.csv  the full table for a spreadsheet
  migstats audit --format markdown            the document in docs/audit.md
  migstats audit --format html --output audit.html    one self-contained page
  migstats audit --report pew-inequality-2020         another (bundled) report
  migstats audit --report my_report/                  your own report package

Verdicts (supported, depends on n, not supported, contradicted) use the
p-values adjusted over all tested claims. "changes with" says whether a verdict
changes across the plausible n and design effects (n/deff), within the
rounding of the published numbers (rounding) or with the reading of its
quantifier (reading).
"""


def _audit_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--correction",
        choices=CORRECTIONS,
        default=_audit.DEFAULT_CORRECTION,
        help="multiple-testing correction over the tested claims (default: holm)",
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
        "--output", metavar="FILE", default=None, help="write to FILE (says where on stderr)"
    )


def _run_audit(args: argparse.Namespace) -> int:
    n = optional_size(args.n)
    deff = deff_arg(args.deff)
    alpha = alpha_arg(args)
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
        )
        if args.format == "html":
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
        ("n", "deff", "alpha", "report"),
        _audit_arguments,
        _run_audit,
        {
            "--n": "total sample size (default: the n of the report's design: published, or "
            "assumed where the report gives none)",
            "--deff": "Kish design effect (default: the design effect of the report's design)",
            "--alpha": "family-wise significance level over all tested claims (default 0.05)",
        },
    ),
)
