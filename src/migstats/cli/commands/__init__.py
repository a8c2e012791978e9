"""The commands of ``migstats``, one module per command or group of commands.

:data:`COMMANDS` is the command table that :func:`migstats.cli.app.build_parser`
reads, in the order ``migstats --help`` lists them.
"""

from __future__ import annotations

from . import audit, calibrate, check, gradient, plot, proportions, report, tables

#: The command table: every sub-command, in help order.
COMMANDS = (
    *tables.COMMANDS,
    *audit.COMMANDS,
    *proportions.COMMANDS,
    *gradient.COMMANDS,
    *check.COMMANDS,
    *plot.COMMANDS,
    *report.COMMANDS,
    *calibrate.COMMANDS,
)

__all__ = ["COMMANDS"]
