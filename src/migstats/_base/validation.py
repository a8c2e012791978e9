"""Argument checking and the migstats error family.

This module owns the wording of every input error in migstats.  Each helper
checks one kind of argument and raises a :class:`MigstatsValueError` whose
message names the argument, the offending value and what is allowed, in the
form ``"<name> must be <allowed>, but got <value>"`` (the scipy.stats style).
Nothing is clipped or coerced silently: a value is either accepted as it is
or rejected.

The helpers return NumPy arrays (or plain Python scalars) so that callers can
vectorise immediately after validation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

__all__ = [
    "DataValidationError",
    "InfeasibleError",
    "MigstatsError",
    "MigstatsValueError",
    "check_alternative",
    "check_confidence_level",
    "check_deff",
    "check_in_unit_interval",
    "check_n",
    "check_option",
    "check_percent",
    "check_same_length",
    "check_weights",
]

ALTERNATIVES = ("two-sided", "less", "greater")


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


def _as_float_array(value: Any, name: str) -> np.ndarray:
    raw = np.asarray(value) if not isinstance(value, np.ndarray) else value
    if raw.dtype.kind in "USO" and any(isinstance(v, str | bytes) for v in raw.ravel()):
        # "2" would convert silently; numbers given as text are not accepted here
        raise invalid_value(name, "numeric (not a string)", value)
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise invalid_value(name, "numeric", value) from None
    return arr


def check_option(value: Any, name: str, options: Sequence[str]) -> str:
    """Return ``value`` if it is one of ``options`` (exact match, no prefixes)."""
    if not isinstance(value, str) or value not in options:
        raise invalid_value(name, "one of " + ", ".join(repr(o) for o in options), value)
    return value


def check_alternative(value: Any) -> str:
    """Validate ``alternative`` ('two-sided', 'less' or 'greater')."""
    return check_option(value, "alternative", ALTERNATIVES)


def check_confidence_level(value: Any, name: str = "confidence_level") -> float:
    """Validate a confidence level strictly between 0 and 1."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise invalid_value(name, "a number strictly between 0 and 1", value) from None
    if not (0.0 < v < 1.0):
        raise invalid_value(name, "a number strictly between 0 and 1", value)
    return v


def check_in_unit_interval(value: Any, name: str, *, open_ends: bool = False) -> np.ndarray:
    """Validate probabilities/proportions in [0, 1] (or (0, 1) with ``open_ends``)."""
    arr = _as_float_array(value, name)
    if np.isnan(arr).any():
        raise invalid_value(name, "free of NaN", value)
    bad = (arr <= 0) | (arr >= 1) if open_ends else (arr < 0) | (arr > 1)
    if bad.any():
        allowed = "in the open interval (0, 1)" if open_ends else "in [0, 1]"
        raise invalid_value(name, allowed, value)
    return arr


def check_percent(value: Any, name: str = "percent") -> np.ndarray:
    """Validate percentages: finite numbers in [0, 100]. Returns a float array."""
    arr = _as_float_array(value, name)
    if np.isnan(arr).any():
        raise invalid_value(name, "a percentage in [0, 100], not NaN", value)
    if ((arr < 0) | (arr > 100)).any():
        raise invalid_value(name, "a percentage in [0, 100]", value)
    return arr


#: 2**53: above it float64 (the type of validated arrays) no longer holds
#: every integer exactly, so :func:`check_n` checks larger sizes one by one.
MAX_EXACT_N = 2**53

#: 2**63: the first integer that does not fit in int64.
INT64_LIMIT = 2.0**63


def _exact_integers(value: Any, arr: np.ndarray) -> bool:
    """True if the float array ``arr`` equals the integers given in ``value``."""
    if (arr >= INT64_LIMIT).any():
        return False
    try:
        given = np.asarray(value, dtype=object)
    except (TypeError, ValueError):
        return False
    as_int = arr.astype(np.int64).astype(object)
    return bool(np.all(np.vectorize(int, otypes=[object])(given) == as_int))


def check_n(value: Any, name: str = "n", *, integer: bool = True, minimum: float = 1) -> np.ndarray:
    """Validate sample sizes.

    With ``integer=True`` every value must be a whole number ``>= minimum``
    (floats such as ``2000.0`` are accepted, ``2000.5`` is not); with
    ``integer=False`` any finite number ``>= minimum`` (for effective sample
    sizes, which are fractional after a design effect).
    Returns an int64 array (integer) or a float array.
    """
    if isinstance(value, bool) or (isinstance(value, np.ndarray) and value.dtype == bool):
        raise invalid_value(name, "a number, not a boolean", value)
    arr = _as_float_array(value, name)
    if not np.isfinite(arr).all():
        raise invalid_value(name, f"a finite number >= {minimum:g}", value)
    if integer:
        if (arr != np.round(arr)).any() or (arr < minimum).any():
            raise invalid_value(name, f"an integer >= {minimum:g}", value)
        if (arr >= MAX_EXACT_N).any() and not _exact_integers(value, arr):
            raise invalid_value(
                name, "an integer below 2**63 that float64 holds exactly (any up to 2**53)", value
            )
        return arr.astype(np.int64)
    if (arr < minimum).any():
        raise invalid_value(name, f"a number >= {minimum:g}", value)
    return arr


def check_deff(value: Any, name: str = "deff") -> np.ndarray:
    """Validate a Kish design effect: a finite number > 0 (usually >= 1)."""
    arr = _as_float_array(value, name)
    if not np.isfinite(arr).all() or (arr <= 0).any():
        raise invalid_value(name, "a finite number > 0 (1 = simple random sampling)", value)
    return arr


def check_weights(value: Any, k: int, name: str = "weights") -> np.ndarray:
    """Validate a vector of k finite weights."""
    arr = _as_float_array(value, name)
    if arr.ndim != 1 or arr.shape[0] != k:
        raise invalid_value(name, f"a 1-d sequence of length {k}", value)
    if not np.isfinite(arr).all():
        raise invalid_value(name, "finite", value)
    return arr


def check_broadcast(**arrays: Any) -> list[np.ndarray]:
    """Broadcast named arrays (numpy rules), naming them in the error if impossible."""
    try:
        return list(np.broadcast_arrays(*arrays.values()))
    except ValueError:
        names = ", ".join(arrays)
        shapes = ", ".join(f"{k}: {np.shape(v)}" for k, v in arrays.items())
        raise MigstatsValueError(
            f"{names} must have broadcastable shapes, but got shapes {shapes}"
        ) from None


def check_same_length(**arrays: Iterable[Any]) -> int:
    """Check that every named 1-d argument has the same length; return it."""
    lengths = {name: len(np.atleast_1d(np.asarray(a))) for name, a in arrays.items()}
    if len(set(lengths.values())) > 1:
        desc = ", ".join(f"{k} has length {v}" for k, v in lengths.items())
        raise MigstatsValueError(f"arguments must have the same length, but {desc}")
    return next(iter(lengths.values())) if lengths else 0
