"""Command ``audit``: every claim of chapter 7 with its verdict.

A thin face over :func:`migstats.audit`; the rendering is
:func:`migstats._audit.render_audit` (shared with docs/regenerate.py).
"""

from __future__ import annotations

import argparse

from ... import _audit
from ..._core import CORRECTIONS
from ..._corpus import LISS_2023
from ..options import Command, alpha_arg, deff_arg, optional_size
from ..render import emit

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


def _audit_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--correction",
        choices=CORRECTIONS,
        default=_audit.DEFAULT_CORRECTION,
        help="multiple-testing correction over the tested claims (default: holm)",
    )


def _run_audit(args: argparse.Namespace) -> int:
    n = optional_size(args.n)
    deff = deff_arg(args.deff)
    alpha = alpha_arg(args)
    df = _audit.audit(design=LISS_2023, n=n, deff=deff, alpha=alpha, correction=args.correction)
    text = _audit.render_audit(
        df, args.format, design=LISS_2023, n=n, deff=deff, alpha=alpha, correction=args.correction
    )
    emit(text, args.output)
    return 0


COMMANDS = (
    Command(
        "audit",
        "audit every claim of chapter 7",
        "Test every registered claim of chapter 7 against the published numbers "
        "(migstats.audit): estimate, interval, adjusted p-value, break-even n, verdict, "
        "and whether the verdict holds across the plausible sample sizes, design effects "
        "and the rounding of the published numbers.",
        AUDIT_EPILOG,
        ("n", "deff", "alpha", "output"),
        _audit_arguments,
        _run_audit,
    ),
)
