"""Command ``plot``: draw one of the figures of :mod:`migstats.plots` for a report, to a file."""

from __future__ import annotations

import argparse

from ..._base import MigstatsValueError
from ..options import Command, UsageError, deff_arg, optional_size, report_arg, table_arg
from ..progress import Progress
from ..render import wrote

PLOT_EPILOG = """\
examples:
  migstats plot gaps -o gaps.png                 forest plot of every item's SII
  migstats plot gaps --measure gap -o gaps.svg   extreme-group gaps instead
  migstats plot distribution -o dist.svg         table 7.1 with simultaneous intervals
  migstats plot breakeven -o breakeven.pdf       break-even n of every claim
  migstats plot gaps --report pew-inequality-2020 --response right_amount -o pew.svg
  migstats plot distribution --report pew-inequality-2020 -o pew-dist.svg

Every figure draws the report at hand (--report; default chapter 7). The
format follows the file suffix (.png, .svg or .pdf). Needs the plot extra:
pip install 'migstats[plot]'.
"""

#: The plots ``migstats plot`` can draw.
PLOT_NAMES = ("gaps", "distribution", "breakeven")

#: The options that only some figures use, with the figures that use them
#: and their defaults (a non-default value for another figure is an error).
FIGURE_OPTIONS = {
    "measure": (("gaps",), "sii"),
    "response": (("gaps",), None),
    "dimension": (("gaps",), None),
    "table": (("distribution",), None),
    "item": (("distribution",), None),
}


def _plot_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", choices=PLOT_NAMES, help="which figure")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write")
    p.add_argument(
        "--measure", choices=("sii", "gap"), default="sii", help="gaps: SII or gap (default sii)"
    )
    p.add_argument(
        "--response",
        default=None,
        help="gaps: the response analysed (default: the report's default response where an "
        "item publishes it, chapter 7: agree; else each item's first)",
    )
    p.add_argument(
        "--dimension",
        action="append",
        default=None,
        help="gaps: an ordered dimension to draw, repeatable (default: the report's ordered "
        "dimensions with published shares; one without shares gets equal shares, as in the "
        "audit, and the figure says so)",
    )
    p.add_argument(
        "--table",
        default=None,
        help="distribution: table id (default: the report's first table with a complete "
        "distribution; chapter 7: 7.1)",
    )
    p.add_argument("--item", default=None, help="distribution: the item, if the table has several")


def _check_suffix(args: argparse.Namespace) -> None:
    """The output file's suffix names a format matplotlib can write."""
    from ... import plots

    try:
        plots.figure_format(args.output)
    except MigstatsValueError:
        raise UsageError(
            f"--output must end in .png, .svg or .pdf, but got {args.output!r}"
        ) from None


def _check_figure_options(args: argparse.Namespace) -> None:
    """Options of another figure are refused, naming the figures that use them."""
    for name, (figures, default) in FIGURE_OPTIONS.items():
        value = getattr(args, name)
        if args.name not in figures and value != default:
            raise UsageError(
                f"--{name} is used only by the {' and '.join(figures)} plot, but got {value!r}"
            )


def _draw(args: argparse.Namespace, report, n, deff):
    """The figure ``args.name`` of ``report``."""
    from ... import plots

    if args.name == "gaps":
        return plots.plot_gaps(
            report=report,
            dimensions=args.dimension,
            measure=args.measure,
            response=args.response,
            n=n,
            deff=deff,
        )
    if args.name == "distribution":
        table = None if args.table is None else table_arg(args.table, report)
        return plots.plot_distribution(table, item=args.item, report=report, n=n, deff=deff)
    return _breakeven(report, n, deff)


def _breakeven(report, n, deff):
    """The break-even figure of ``report``'s audit (titled from the report's data)."""
    from ... import _audit, plots

    return plots.plot_breakeven(_audit.audit(report=report, n=n, deff=deff))


def _run_plot(args: argparse.Namespace) -> int:
    from ... import plots

    _check_suffix(args)  # a bad suffix fails before any computation
    _check_figure_options(args)
    n = optional_size(args.n)
    deff = deff_arg(args.deff)
    report = report_arg(args)
    try:
        with Progress(f"drawing the {args.name} figure of {report.name}"):
            fig = _draw(args, report, n, deff)
    except ImportError as exc:  # the plot extra is missing: a user error, exit 2
        raise UsageError(str(exc)) from None
    try:
        path = plots.save(fig, args.output)
    except OSError as exc:
        raise UsageError(
            f"--output must be a writable file, but got {args.output!r} ({exc.strerror})"
        ) from None
    wrote(path)
    return 0


COMMANDS = (
    Command(
        "plot",
        "draw a figure of a report (needs matplotlib)",
        "Draw one of the figures of migstats.plots for the report at hand (default: "
        "chapter 7) to a file: gaps (the gradients of every item across the ordered "
        "dimensions), distribution (a complete response distribution with simultaneous "
        "intervals and the rounding range) or breakeven (break-even n of every claim against "
        "the plausible n).",
        PLOT_EPILOG,
        ("n", "deff", "report"),
        _plot_arguments,
        _run_plot,
        {
            "--n": "total sample size (default: the n of the report's design: published, or "
            "assumed where the report gives none)",
            "--deff": "Kish design effect (default: the design effect of the report's design)",
        },
    ),
)
