"""Command ``plot``: draw one of the figures of :mod:`migstats.plots` to a file."""

from __future__ import annotations

import argparse
import sys

from ..._base import MigstatsValueError
from ..._corpus import LISS_2023
from ..options import Command, UsageError, deff_arg, optional_size, report_arg, table_arg

#: Exit code when an optional dependency (matplotlib, for ``plot``) is missing:
#: not a usage error, the environment lacks the ``plot`` extra.
EXIT_MISSING_DEPENDENCY = 1

PLOT_EPILOG = """\
examples:
  migstats plot gaps -o gaps.png                 forest plot of every item's SII
  migstats plot gaps --measure gap -o gaps.svg   extreme-group gaps instead
  migstats plot distribution -o dist.svg         table 7.1 with simultaneous intervals
  migstats plot breakeven -o breakeven.pdf       break-even n of every claim
  migstats plot breakeven --report pew-inequality-2020 -o pew.svg

The format follows the file suffix (.png, .svg or .pdf). Needs the plot
extra: pip install 'migstats[plot]'.
"""

#: The plots ``migstats plot`` can draw.
PLOT_NAMES = ("gaps", "distribution", "breakeven")


def _plot_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", choices=PLOT_NAMES, help="which figure")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write")
    p.add_argument(
        "--measure", choices=("sii", "gap"), default="sii", help="gaps: SII or gap (default sii)"
    )
    p.add_argument("--table", default="7.1", help="distribution: table id (default 7.1)")


def _check_suffix(args: argparse.Namespace) -> None:
    """The output file's suffix names a format matplotlib can write."""
    from ... import plots

    try:
        plots.figure_format(args.output)
    except MigstatsValueError:
        raise UsageError(
            f"--output must end in .png, .svg or .pdf, but got {args.output!r}"
        ) from None


def _run_plot(args: argparse.Namespace) -> int:
    from ... import _audit, plots

    _check_suffix(args)  # a bad suffix fails before any computation
    n = optional_size(args.n)
    deff = deff_arg(args.deff)
    report = report_arg(args)
    if not report.is_default:
        if args.name != "breakeven":
            raise UsageError(
                f"--report {args.report}: only the breakeven plot is drawn for a report other "
                f"than chapter 7 ({args.name} draws chapter 7's tables), but got {args.name!r}"
            )
        return _report_breakeven(args, report, n, deff)
    if args.name == "distribution":
        table_arg(args.table)
    elif args.table != "7.1":
        raise UsageError(f"--table is used only by the distribution plot, but got {args.table!r}")
    if args.name != "gaps" and args.measure != "sii":
        raise UsageError(f"--measure is used only by the gaps plot, but got {args.measure!r}")
    try:
        if args.name == "gaps":
            fig = plots.plot_gaps(design=LISS_2023, measure=args.measure, n=n, deff=deff)
        elif args.name == "distribution":
            fig = plots.plot_distribution(args.table, design=LISS_2023, n=n, deff=deff)
        else:
            fig = plots.plot_breakeven(_audit.audit(report=report, n=n, deff=deff))
    except ImportError as exc:
        print(f"migstats: error: {exc}", file=sys.stderr)
        return EXIT_MISSING_DEPENDENCY
    _save(fig, args)
    return 0


def _report_breakeven(args: argparse.Namespace, report, n, deff) -> int:
    """The break-even plot of another report's audit, titled with the report's name."""
    from ... import _audit, plots

    df = _audit.audit(report=report, n=n, deff=deff)
    try:
        fig = plots.plot_breakeven(
            df, title=f"Break-even sample size of every tested claim: {report.name}\n(unadjusted)"
        )
    except ImportError as exc:
        print(f"migstats: error: {exc}", file=sys.stderr)
        return EXIT_MISSING_DEPENDENCY
    _save(fig, args)
    return 0


def _save(fig, args: argparse.Namespace) -> None:
    from ... import plots

    try:
        path = plots.save(fig, args.output)
    except OSError as exc:
        raise UsageError(
            f"--output must be a writable file, but got {args.output!r} ({exc.strerror})"
        ) from None
    print(f"wrote {path}")


COMMANDS = (
    Command(
        "plot",
        "draw a figure (needs matplotlib)",
        "Draw one of the figures of migstats.plots to a file: gaps (education and income "
        "gradients of every item), distribution (table 7.1 with simultaneous intervals and "
        "the rounding range) or breakeven (break-even n of every claim against the "
        "plausible n).",
        PLOT_EPILOG,
        ("n", "deff", "report"),
        _plot_arguments,
        _run_plot,
    ),
)
