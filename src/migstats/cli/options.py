"""Command-line options shared by several commands, declared once.

This module owns the argparse *parent parsers* of the shared options
(``--n``, ``--deff``, ``--alpha``, ``--confidence-level``, ``--format``,
``--output``, ``--wide``, ``--report``), declared once and worded per command
(a command's :attr:`Command.helps` replaces an option's generic help), the
argument types and checks that turn a command-line string into a validated
value (with the flag's name in the message), the one helper that adds a
command's sub-parser (:func:`add_command`) and :class:`UsageError`.  Flags
follow docs/glossary.md: ``--alpha`` is the significance level of tests,
``--confidence-level`` the coverage of intervals.
"""

from __future__ import annotations

import argparse
import re
import shutil
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .._audit import DEFAULT_ALPHA, FORMATS, OUTPUT_FORMATS
from .._base import (
    MigstatsError,
    check_confidence_level,
    check_deff,
    check_n,
    check_percent,
    invalid_value,
)
from .._corpus import BUNDLED_REPORTS, Report, load_report

#: Default coverage of the intervals (``--confidence-level``).
DEFAULT_CONFIDENCE_LEVEL = 0.95


class UsageError(MigstatsError):
    """A command-line argument that argparse could not check itself."""


#: A number written with a decimal comma ("56,5"), as in Dutch and German.
_DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d+,\d+\s*$")


def decimal_comma_hint(text: str) -> str:
    """``"; use a decimal point: 56.5"`` for ``"56,5"``, else ``""``.

    Examples
    --------
    >>> decimal_comma_hint("56,5"), decimal_comma_hint("abc")
    ('; use a decimal point: 56.5', '')
    """
    if isinstance(text, str) and _DECIMAL_COMMA.match(text):
        return f"; use a decimal point: {text.strip().replace(',', '.')}"
    return ""


def number(text: str) -> int | float:
    """argparse ``type``: a number (an int if written as one); ranges are checked later."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a number, but got {text!r}{decimal_comma_hint(text)}"
        ) from None


def percent_arg(text: str, name: str) -> float:
    """A published percentage given on the command line, validated."""
    try:
        value = number(text)
    except argparse.ArgumentTypeError:
        message = str(invalid_value(name, "a percentage in [0, 100]", text))
        raise UsageError(message + decimal_comma_hint(text)) from None
    return float(check_percent(value, name))


def size_arg(value: Any, name: str, minimum: int = 1) -> int:
    """A sample size (or count of decimals) given on the command line, validated."""
    return int(check_n(value, name, minimum=minimum))


def optional_size(value: Any, name: str = "--n") -> int | None:
    """``None`` (the design's) or a validated sample size."""
    return None if value is None else size_arg(value, name)


def deff_arg(value: Any, default: float | None = None) -> float | None:
    """``--deff``: ``default`` if not given, else a validated design effect."""
    return default if value is None else float(check_deff(value, "--deff"))


def alpha_arg(args: argparse.Namespace) -> float:
    """``--alpha``, validated."""
    return check_confidence_level(args.alpha, "--alpha")


def confidence_level_arg(args: argparse.Namespace) -> float:
    """``--confidence-level``, validated."""
    return check_confidence_level(args.confidence_level, "--confidence-level")


def table_arg(table: str, report: Report | None = None) -> str:
    """A table id of the report (default: the default report), or a usage error listing them."""
    report = load_report() if report is None else report
    ids = report.table_ids
    if table not in ids:
        raise UsageError(f"table must be one of {', '.join(ids)}, but got {table!r}")
    return table


def report_arg(args: argparse.Namespace) -> Report:
    """``--report``: the bundled report or package directory it names (default: chapter 7)."""
    name = getattr(args, "report", None)
    return load_report() if name is None else load_report(name)


#: Help of ``--wide`` (text output only).
WIDE_HELP = (
    "text output: print every cell in full, however wide (default: on a terminal, "
    "long cells are cut to fit its width)"
)

#: The shared options by name: the flags and ``add_argument`` keywords of each.
#: A command lists the names it takes; :func:`parent` makes the parent parser.
SHARED_OPTIONS: dict[str, tuple[tuple[tuple[str, ...], dict[str, Any]], ...]] = {
    "n": (
        (
            ("--n",),
            dict(
                type=number,
                default=None,
                help="total sample size (default: the n of the report's design: published, "
                "or assumed where the report gives none)",
            ),
        ),
    ),
    "deff": (
        (
            ("--deff",),
            dict(
                type=number,
                default=None,
                help="Kish design effect (default: the design effect of the report's design)",
            ),
        ),
    ),
    "alpha": (
        (
            ("--alpha",),
            dict(
                type=number,
                default=DEFAULT_ALPHA,
                help=f"significance level of the test (default {DEFAULT_ALPHA:g})",
            ),
        ),
    ),
    "report": (
        (
            ("--report",),
            dict(
                metavar="PATH_OR_NAME",
                default=None,
                help="a report package directory (see migstats init) or a bundled report ("
                + ", ".join(BUNDLED_REPORTS)
                + "); default: chapter 7",
            ),
        ),
    ),
    "confidence_level": (
        (
            ("--confidence-level",),
            dict(
                type=number,
                default=DEFAULT_CONFIDENCE_LEVEL,
                help=f"confidence level of the intervals (default {DEFAULT_CONFIDENCE_LEVEL:g})",
            ),
        ),
    ),
    "table_format": (
        (
            ("--format",),
            dict(choices=FORMATS, default="text", help="output format (default: text)"),
        ),
        (("--wide",), dict(action="store_true", help=WIDE_HELP)),
    ),
    "output": (
        (
            ("--format",),
            dict(
                choices=OUTPUT_FORMATS,
                default="text",
                help="output format (default: text); text and markdown are rounded and in "
                "percent, csv and json hold the full-precision result",
            ),
        ),
        (
            ("-o", "--output"),
            dict(metavar="FILE", default=None, help="write to FILE instead of standard output"),
        ),
        (("--wide",), dict(action="store_true", help=WIDE_HELP)),
    ),
}


def parent(name: str, helps: Mapping[str, str] | None = None) -> argparse.ArgumentParser:
    """A fresh argparse parent parser holding the shared option(s) ``name``.

    Fresh on every call, so that no two sub-parsers share an action object.
    ``helps`` maps a flag (``"--n"``) to the help text of the command at
    hand, replacing the generic one.

    Examples
    --------
    >>> p = parent("n", {"--n": "size of the group (required)"})
    >>> p._option_string_actions["--n"].help
    'size of the group (required)'
    """
    helps = helps or {}
    parser = argparse.ArgumentParser(add_help=False)
    for flags, kwargs in SHARED_OPTIONS[name]:
        worded = {**kwargs, "help": helps[flags[0]]} if flags[0] in helps else kwargs
        parser.add_argument(*flags, **worded)
    return parser


@dataclass(frozen=True)
class Command:
    """One row of the command table: a sub-command and how to build and run it.

    Attributes
    ----------
    name, help, description, epilog : str
        As shown by ``migstats --help`` and ``migstats NAME --help``.
    options : tuple of str
        Keys of :data:`SHARED_OPTIONS`: the shared options the command takes.
    add_arguments : callable
        ``add_arguments(parser)`` adds the command's own arguments.
    run : callable
        ``run(args) -> int``, the exit code.
    helps : mapping of str to str
        The command's wording of shared options, by flag (``{"--n": ...}``);
        options not named keep their generic help.
    """

    name: str
    help: str
    description: str
    epilog: str
    options: tuple[str, ...]
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    helps: Mapping[str, str] = field(default_factory=dict)


#: Widest a help text is wrapped (characters; argparse's own limit is the terminal's).
MAX_HELP_WIDTH = 100


def help_width() -> int:
    """Width to wrap a command's description at: the terminal's (less 2), at most 100."""
    return max(min(shutil.get_terminal_size().columns - 2, MAX_HELP_WIDTH), 40)


def add_command(sub: Any, command: Command) -> argparse.ArgumentParser:
    """Add ``command``'s sub-parser (with its shared options) to ``sub``.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="demo")
    >>> sub = parser.add_subparsers(dest="command")
    >>> cmd = Command("hello", "say hello", "Say hello.", "", ("alpha",),
    ...               lambda p: None, lambda args: 0)
    >>> _ = add_command(sub, cmd)
    >>> parser.parse_args(["hello", "--alpha", "0.01"]).alpha
    0.01
    """
    parser = sub.add_parser(
        command.name,
        help=command.help,
        description=textwrap.fill(command.description, help_width()),
        epilog=command.epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[parent(name, command.helps) for name in command.options],
    )
    command.add_arguments(parser)
    parser.set_defaults(func=command.run)
    return parser
