"""Command-line options shared by several commands, declared once.

This module owns the argparse *parent parsers* of the shared options
(``--n``, ``--deff``, ``--alpha``, ``--confidence-level``, ``--format``,
``--output``), the argument types and checks that turn a command-line string
into a validated value (with the flag's name in the message), the one helper
that adds a command's sub-parser (:func:`add_command`) and
:class:`UsageError`.  Flags follow docs/glossary.md: ``--alpha`` is the
significance level of tests, ``--confidence-level`` the coverage of
intervals.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .._audit import FORMATS, OUTPUT_FORMATS
from .._base import (
    MigstatsError,
    check_confidence_level,
    check_deff,
    check_n,
    check_percent,
    invalid_value,
)
from .._corpus import LISS_2023, TABLE_IDS

#: Default significance level of the tests (``--alpha``).
DEFAULT_ALPHA = 0.05

#: Default coverage of the intervals (``--confidence-level``).
DEFAULT_CONFIDENCE_LEVEL = 0.95


class UsageError(MigstatsError):
    """A command-line argument that argparse could not check itself."""


def number(text: str) -> int | float:
    """argparse ``type``: a number (an int if written as one); ranges are checked later."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, but got {text!r}") from None


def percent_arg(text: str, name: str) -> float:
    """A published percentage given on the command line, validated."""
    try:
        value = number(text)
    except argparse.ArgumentTypeError:
        raise invalid_value(name, "a percentage in [0, 100]", text) from None
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


def table_arg(table: str) -> str:
    """A table id of the chapter, or a usage error listing them."""
    if table not in TABLE_IDS:
        raise UsageError(f"table must be one of {', '.join(TABLE_IDS)}, but got {table!r}")
    return table


def _parent(*options: tuple[Sequence[str], dict[str, Any]]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(add_help=False)
    for flags, kwargs in options:
        parser.add_argument(*flags, **kwargs)
    return parser


def sample_size() -> argparse.ArgumentParser:
    """``--n``: a sample size (the design's total n unless the command says otherwise)."""
    return _parent(
        (
            ["--n"],
            dict(
                type=number,
                default=None,
                help=f"sample size (default: the design's total n, {LISS_2023.n}; "
                "ci: the group's n, required)",
            ),
        )
    )


def design_effect() -> argparse.ArgumentParser:
    """``--deff``: the Kish design effect."""
    return _parent(
        (
            ["--deff"],
            dict(
                type=number,
                default=None,
                help=f"Kish design effect (default: the design's, {LISS_2023.deff:g})",
            ),
        )
    )


def significance_level() -> argparse.ArgumentParser:
    """``--alpha``: significance level of the tests."""
    return _parent(
        (
            ["--alpha"],
            dict(
                type=number,
                default=DEFAULT_ALPHA,
                help=f"significance level of the tests (default {DEFAULT_ALPHA:g}; "
                "family-wise in audit)",
            ),
        )
    )


def confidence_level() -> argparse.ArgumentParser:
    """``--confidence-level``: coverage of the intervals."""
    return _parent(
        (
            ["--confidence-level"],
            dict(
                type=number,
                default=DEFAULT_CONFIDENCE_LEVEL,
                help=f"confidence level of the intervals (default {DEFAULT_CONFIDENCE_LEVEL:g})",
            ),
        )
    )


def table_format() -> argparse.ArgumentParser:
    """``--format`` of the commands that print a published table."""
    return _parent(
        (
            ["--format"],
            dict(choices=FORMATS, default="text", help="output format (default: text)"),
        )
    )


def result_output() -> argparse.ArgumentParser:
    """``--format`` and ``--output`` of the commands that print a result."""
    return _parent(
        (
            ["--format"],
            dict(
                choices=OUTPUT_FORMATS,
                default="text",
                help="output format (default: text); text and markdown are rounded and in "
                "percent, csv and json hold the full-precision result",
            ),
        ),
        (
            ["--output"],
            dict(metavar="FILE", default=None, help="write to FILE instead of standard output"),
        ),
    )


#: The shared options by name: a command lists the ones it takes.
PARENTS: dict[str, Callable[[], argparse.ArgumentParser]] = {
    "n": sample_size,
    "deff": design_effect,
    "alpha": significance_level,
    "confidence_level": confidence_level,
    "table_format": table_format,
    "output": result_output,
}


@dataclass(frozen=True)
class Command:
    """One row of the command table: a sub-command and how to build and run it.

    Attributes
    ----------
    name, help, description, epilog : str
        As shown by ``migstats --help`` and ``migstats NAME --help``.
    options : tuple of str
        Keys of :data:`PARENTS`: the shared options the command takes.
    add_arguments : callable
        ``add_arguments(parser)`` adds the command's own arguments.
    run : callable
        ``run(args) -> int``, the exit code.
    """

    name: str
    help: str
    description: str
    epilog: str
    options: tuple[str, ...]
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


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
        description=command.description,
        epilog=command.epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[PARENTS[name]() for name in command.options],
    )
    command.add_arguments(parser)
    parser.set_defaults(func=command.run)
    return parser
