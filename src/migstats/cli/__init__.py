"""The command line: ``migstats`` and its subcommands."""

from .app import main

__all__ = ["main"]
