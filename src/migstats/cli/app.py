"""The ``migstats`` command line: the parser built from the command table, and the entry point.

The commands live in :mod:`migstats.cli.commands` (one module per command
or group of commands), each a row of the table :data:`COMMANDS`; their shared
options are declared once as argparse parent parsers in
:mod:`migstats.cli.options`; rendering is in :mod:`migstats.cli.render` and
:mod:`migstats._audit` (the audit report).  The command line computes
nothing itself: it validates arguments, calls the library and renders the
result.

Exit codes: 0 success; 2 for every user error, with one line on stderr:
bad arguments or bad input (argparse's usage errors and every
:class:`~migstats.MigstatsError` or :class:`ValueError`) and a missing
optional dependency (``plot`` without matplotlib turns the
:class:`ImportError` into a usage error that says what to install).
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence
from typing import NoReturn

from .. import __version__
from .._base import MigstatsError, MigstatsWarning
from .commands import COMMANDS
from .examples import EPILOG
from .options import add_command

__all__ = ["COMMANDS", "EXIT_BROKEN_PIPE", "EXIT_USAGE", "build_parser", "main"]

#: Exit code for bad arguments or bad input (argparse uses 2 for usage errors).
EXIT_USAGE = 2

#: Exit code when the reader of stdout went away (``migstats audit | head``):
#: 128 + SIGPIPE (13), what a shell reports for a process killed by SIGPIPE.
EXIT_BROKEN_PIPE = 141


class _OneLineParser(argparse.ArgumentParser):
    """An argparse parser whose usage errors are one line on stderr (exit 2).

    argparse prints the whole usage block before the message; a usage error
    of migstats is one line that names the flag and points to ``--help``.
    Sub-parsers are of the same class (argparse's default).
    """

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Build the ``migstats`` argument parser with every registered subcommand.

    Parameters
    ----------
    command : str, optional
        The one command to build in full (the one the user runs, see
        :func:`main`); the others get their name and one-line help only,
        which is all ``migstats --help`` shows.  Default: every command in
        full.

    Returns
    -------
    argparse.ArgumentParser
        A fresh parser (``prog="migstats"``) with one sub-parser per row of
        :data:`COMMANDS`, in table order.

    Raises
    ------
    argparse.ArgumentError
        If two commands of the table use the same name.

    Notes
    -----
    Built anew on every call, so tests and embedding applications cannot
    leak state between runs.

    References
    ----------
    .. [1] Python documentation, argparse.

    Examples
    --------
    >>> from migstats.cli.app import build_parser
    >>> args = build_parser().parse_args(["show", "7.2", "--format", "csv"])
    >>> args.command, args.table, args.format
    ('show', '7.2', 'csv')
    """
    parser = _OneLineParser(
        prog="migstats",
        description=(
            "Reanalyse published survey percentage tables: the tables of chapter 7 "
            "'Asiel en migratie' (SCP 2024, LISS panel September 2023) and your own."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"migstats {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for cmd in COMMANDS:
        if command is None or cmd.name == command:
            add_command(sub, cmd)
        else:
            sub.add_parser(cmd.name, help=cmd.help)
    return parser


def _command_named(argv: Sequence[str] | None) -> str | None:
    """The command ``argv`` runs: its first argument that is not an option, if a command.

    (The top-level options, ``--help`` and ``--version``, take no value.)
    """
    args = sys.argv[1:] if argv is None else list(argv)
    first = next((a for a in args if not a.startswith("-")), None)
    return first if any(c.name == first for c in COMMANDS) else None


def _one_line_warning(
    message: Warning | str, category: type | None = None, *args: object, **kwargs: object
) -> None:
    """Show a migstats warning as one line on stderr (no source line); drop any other.

    The category is checked here too: a library first imported during the
    command may put its own "always" filter in front of the command's
    "ignore" (statsmodels does so for its model warnings).
    """
    if category is not None and not issubclass(category, MigstatsWarning):
        return
    print(f"migstats: warning: {message}", file=sys.stderr)


def _command_parser(parser: argparse.ArgumentParser, command: str) -> argparse.ArgumentParser:
    """The sub-parser of ``command`` (the command the user ran)."""
    for action in parser._actions:
        choices = getattr(action, "choices", None)
        if isinstance(choices, dict) and command in choices:
            return choices[command]
    return parser


def _as_flag(message: str, command_parser: argparse.ArgumentParser) -> str:
    """``"deff must ..."`` -> ``"--deff must ..."`` when ``--deff`` is a flag of the command run.

    The library names arguments as Python does (``deff``, ``confidence_level``);
    on the command line the user typed the flag, so the message names that --
    but only a flag of the command at hand (``show`` has a positional
    ``table``, not ``--table``).
    """
    name, sep, rest = message.partition(" must ")
    flag = "--" + name.replace("_", "-")
    if sep and name.isidentifier() and flag in command_parser._option_string_actions:
        return f"{flag}{sep}{rest}"
    return message


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``migstats`` command line and return its exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; default ``sys.argv[1:]``.

    Returns
    -------
    int
        0 on success (also for ``--help`` and ``--version``); 2 for a usage
        error (argparse's message on stderr), for a missing subcommand (help
        on stderr), for a :class:`~migstats.MigstatsError` or
        :class:`ValueError` raised by a command and for a missing optional
        dependency (``migstats: error: <message>`` on stderr).

    Raises
    ------
    Exception
        Only unexpected errors (bugs) propagate; input errors become exit
        code 2.

    Notes
    -----
    ``main`` never calls :func:`sys.exit` itself, so it can be called from
    Python and tests; the console script and ``python -m migstats`` wrap it
    in ``SystemExit``.

    References
    ----------
    .. [1] Python documentation, argparse; exit status 2 for command-line
       usage errors follows the convention of argparse and POSIX utilities.

    Examples
    --------
    >>> from migstats.cli.app import main
    >>> main(["show", "7.6", "--format", "csv"])
    item,response,total,bo/vmbo,havo/vwo/mbo,hbo/wo,Q1,Q2,Q3,Q4,Q5
    close_borders,agree,33,47,37,21,36,38,33,29,29
    0
    """
    parser = build_parser(_command_named(argv))  # the command run, in full
    try:
        args = parser.parse_args(None if argv is None else list(argv))
    except SystemExit as exc:  # argparse: --help, --version or a usage error
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_USAGE)
    if getattr(args, "func", None) is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        # third-party (statsmodels, scipy, numpy) warnings never reach the
        # terminal; migstats' own warnings are printed as one line each
        with warnings.catch_warnings():  # restores filters and showwarning
            warnings.simplefilter("ignore")
            warnings.simplefilter("always", MigstatsWarning)
            warnings.showwarning = _one_line_warning
            return int(args.func(args))
    except (MigstatsError, ValueError) as exc:  # MigstatsValueError is both
        message = _as_flag(str(exc), _command_parser(parser, args.command))
        print(f"migstats: error: {message}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. ``migstats audit | head``
        # Python docs, "Note on SIGPIPE": point stdout at devnull so the
        # interpreter's final flush does not raise a second time.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
