"""Command ``audit``: every claim of a report (default: chapter 7) with its verdict.

A thin face over :func:`migstats.audit`; the rendering is
:func:`migstats._audit.render_audit` (shared with docs/regenerate.py), or
:func:`migstats.audit_html` for ``--format html``.
"""

from __future__ import annotations

import argparse

from ... import _audit
from ..._core import CORRECTIONS
from ..._corpus import LISS_2023
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
  migstats audit --format csv --output a.csv  the full table for a spreadsheet
  migstats audit --format markdown            the document in docs/audit.md
  migstats audit --format html --output audit.html    one self-contained page
  migstats audit --report pew-inequality-2020         another (bundled) report
  migstats audit --report my_report/                  your own report package

Verdicts use the p-values adjusted over all tested claims. "changes with" says
whether a verdict changes across the plausible n and design effects (n/deff)
or within the rounding of the published numbers (rounding).
"""

#: The page title of chapter 7's HTML audit (audit_html's default).
CHAPTER_HTML_TITLE = "Audit of the claims of chapter 7 (SCP 2024, LISS panel 2023)"


def _audit_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--correction",
        choices=CORRECTIONS,
        default=_audit.DEFAULT_CORRECTION,
        help="multiple-testing correction over the tested claims (default: holm)",
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


def html_page(report, df, *, n, deff, alpha, correction) -> str:
    """The HTML audit of ``report``: chapter 7 with every figure, another report with break-even.

    The gaps and distribution figures draw chapter 7's tables, so another
    report's page has the break-even figure only and its own title.
    """
    if report.is_default:
        return audit_html(df, design=LISS_2023, n=n, deff=deff, alpha=alpha, correction=correction)
    return audit_html(
        df,
        design=report.design,
        n=n,
        deff=deff,
        alpha=alpha,
        correction=correction,
        claims=report.claims,
        tables=report.tables,
        quantifiers=report.quantifiers,
        title=f"Audit of the claims of {report.title} ({report.name})",
        figures=("breakeven",),
    )


def _run_audit(args: argparse.Namespace) -> int:
    n = optional_size(args.n)
    deff = deff_arg(args.deff)
    alpha = alpha_arg(args)
    report = report_arg(args)
    if args.format == "html" and args.output is None:
        raise UsageError("--format html needs --output FILE.html (one self-contained page)")
    design = LISS_2023 if report.is_default else report.design
    extra = {} if report.is_default else {"report": report}
    with Progress(f"auditing the claims of {report.name}") as progress:
        df = _audit.audit(
            design=design, n=n, deff=deff, alpha=alpha, correction=args.correction, **extra
        )
        progress.stage("drawing the page")
        if args.format == "html":
            text = html_page(report, df, n=n, deff=deff, alpha=alpha, correction=args.correction)
    if args.format != "html":
        text = _audit.render_audit(
            df,
            args.format,
            design=design,
            n=n,
            deff=deff,
            alpha=alpha,
            correction=args.correction,
            **extra,
        )
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
