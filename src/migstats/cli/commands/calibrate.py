"""Command ``calibrate``: a report's audit measured on simulations of its own design.

A thin face over :func:`migstats.calibrate`; progress goes to standard
error, and only when standard error is a terminal.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from ... import _audit
from ..._base import check_alpha
from ..._core import CORRECTIONS
from ..options import Command, deff_arg, number, optional_size, size_arg
from ..render import version_settings, write_result

#: Replications per scenario of ``migstats calibrate`` (project convention:
#: a first look in minutes; raise it for MC SEs of about a point).
DEFAULT_CLI_REPLICATIONS = 20

CALIBRATE_EPILOG = """\
examples:
  migstats calibrate --report pew-inequality-2020 --replications 20 --seed 1
  migstats calibrate --replications 200 --workers 2 --format csv --output cal.csv
  migstats calibrate --report my_report/ --effects 0.05 0.1 0.2

Each scenario simulates the report's own design (n, groups, design effect,
rounding, claims) under a known truth; type I is the share of claims false in
the population that the audit supports, power the share of true claims it
supports, FDR false over all supported claims; "oracle" rates come from an
audit told the true n and every group's true design effect. mc_se is the Monte
Carlo standard error.
"""


def _calibrate_arguments(p: argparse.ArgumentParser) -> None:
    from ..._calibration import DEFAULT_CHUNK_SIZE, DEFAULT_EFFECTS  # when the command runs

    p.add_argument(
        "--replications",
        type=number,
        default=DEFAULT_CLI_REPLICATIONS,
        help=f"simulated reports per scenario (default {DEFAULT_CLI_REPLICATIONS})",
    )
    p.add_argument("--seed", type=number, default=None, help="root seed (default: fresh)")
    p.add_argument("--workers", type=number, default=None, help="processes (default: CPUs)")
    p.add_argument(
        "--chunk-size",
        type=number,
        default=DEFAULT_CHUNK_SIZE,
        help=f"replications per chunk (default {DEFAULT_CHUNK_SIZE})",
    )
    p.add_argument(
        "--effects",
        type=number,
        nargs="+",
        default=list(DEFAULT_EFFECTS),
        help="gaps in proportion between extreme groups (default 0.05 0.1)",
    )
    p.add_argument(
        "--correction",
        choices=CORRECTIONS,
        default=_audit.DEFAULT_CORRECTION,
        help="multiple-testing correction of the audits (default: the audit's)",
    )


def _progress(done: int, total: int) -> None:
    sys.stderr.write(f"\rcalibrate: chunk {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _display(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["effect"] = [f"{v:g}" for v in frame["effect"]]
    for col in ("estimate", "mc_se"):
        out[col] = [_audit.pct(v) for v in frame[col]]
    return out


def _run_calibrate(args: argparse.Namespace) -> int:
    from ..._calibration import calibrate  # imported by the command that uses it

    res = calibrate(
        args.report,
        replications=size_arg(args.replications, "--replications"),
        seed=None if args.seed is None else size_arg(args.seed, "--seed", minimum=0),
        effects=args.effects,
        n=optional_size(args.n),
        deff=deff_arg(args.deff),
        alpha=check_alpha(args.alpha, "--alpha", _audit.ALPHA_BELOW_HALF),  # the audit's
        correction=args.correction,
        max_workers=None if args.workers is None else size_arg(args.workers, "--workers"),
        chunk_size=size_arg(args.chunk_size, "--chunk-size"),
        progress=_progress if sys.stderr.isatty() else None,
    )
    frame = res.to_frame()
    footer = (
        f"{res.replications} replications per scenario, seed {res.seed}; simulated n = {res.n}, "
        f"deff = {res.deff:.3g} (oracle told {res.deff_true:.3g}); the simulated tables printed "
        f"with {res.decimals} decimals, rounded {res.rounding}; alpha = {res.alpha:g}, "
        f"correction {res.correction}. Effects are gaps in proportion between the extreme "
        "groups; rates in percent."
    )
    return write_result(
        args,
        frame,
        _display(frame),
        title=f"Calibration of the audit of {res.report}",
        footer=footer,
        settings=version_settings(**res.settings()),
    )


COMMANDS = (
    Command(
        "calibrate",
        "error rates of a report's audit on simulations of its design",
        "Simulate the report's own design with a known truth and measure its audit's "
        "type I error, false discovery rate and power per claim kind and effect, with "
        "Monte Carlo standard errors (migstats.calibrate).",
        CALIBRATE_EPILOG,
        ("n", "deff", "alpha", "report", "output"),
        _calibrate_arguments,
        _run_calibrate,
    ),
)
