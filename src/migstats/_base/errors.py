"""The migstats error family and the one form of its messages.

This module owns the error classes (:class:`MigstatsError`,
:class:`MigstatsValueError`, :class:`InfeasibleError`,
:class:`DataValidationError`), the warning classes (:class:`MigstatsWarning`,
:class:`PerformanceWarning`) and :func:`invalid_value`, which builds every
argument error in the form ``"<name> must be <allowed>, but got <value>"``
(the scipy.stats style).  The argument checks themselves live in
:mod:`migstats._base.checks`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = [
    "DataValidationError",
    "InfeasibleError",
    "MigstatsError",
    "MigstatsValueError",
    "MigstatsWarning",
    "PerformanceWarning",
    "invalid_value",
]


class MigstatsError(Exception):
    """Base class of every error raised on purpose by migstats."""


class MigstatsValueError(MigstatsError, ValueError):
    """A function argument has a value that migstats does not accept.

    Subclasses :class:`ValueError`, so ``except ValueError`` catches it.
    """


class InfeasibleError(MigstatsValueError):
    """A rounded distribution admits no integer count vector at all.

    Raised only where a feasible set is *required* (for example when drawing
    from it); functions that *test* feasibility return a result instead.
    """


class DataValidationError(MigstatsValueError):
    """A data file does not meet its schema.

    The message names the file, the (1-based, header = row 1) row and the
    column, e.g. ``"tables.csv, row 14, column 'percent': ..."``.
    """

    def __init__(self, file: str, row: int | None, column: str | None, problem: str):
        self.file = file
        self.row = row
        self.column = column
        self.problem = problem
        where = [file]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(", ".join(where) + ": " + problem)


class MigstatsWarning(UserWarning):
    """A documented result that needs the caller's attention (e.g. an undefined test).

    Issued where migstats answers rather than raises: the result is the
    documented one, the warning says why it may not be what was expected.
    """


class PerformanceWarning(MigstatsWarning):
    """A call that is valid but will be slow (e.g. an exact test on large counts)."""


def _show(value: Any) -> str:
    """Short, readable rendering of a bad value for error messages."""
    arr = np.asarray(value) if not isinstance(value, str) else None
    if arr is not None and arr.ndim > 0 and arr.size > 8:
        return f"array of shape {arr.shape}"
    return repr(value.tolist() if isinstance(value, np.ndarray) else value)


def invalid_value(name: str, allowed: str, value: Any) -> MigstatsValueError:
    """The error for a bad argument: ``"<name> must be <allowed>, but got <value>"``.

    Shared by every layer so that all messages have one form; raise what it
    returns (``raise invalid_value("n", "a whole number >= 1", n)``).
    """
    return MigstatsValueError(f"{name} must be {allowed}, but got {_show(value)}")
