"""Argument checks shared by every layer, and the one normal quantile.

This module owns the validation of function arguments: each ``check_*``
helper checks one kind of argument and raises a
:class:`~migstats._base.errors.MigstatsValueError` (built by
:func:`~migstats._base.errors.invalid_value`) naming the argument, the
offending value and what is allowed.  Nothing is clipped or coerced
silently: a value is either accepted as it is or rejected.

It also holds the small array helpers several core modules share
(:func:`check_numeric`, :func:`check_size`, :func:`check_counts`,
:func:`series_index`, :func:`finish_array`) and :func:`z_critical`, the
only place in migstats that turns a significance level into a
standard-normal critical value.

The helpers return NumPy arrays (or plain Python scalars) so that callers can
vectorise immediately after validation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .errors import MigstatsValueError, invalid_value

__all__ = [
    "ALTERNATIVES",
    "INT64_LIMIT",
    "MAX_ALPHA",
    "MAX_EXACT_N",
    "SHARES_SUM_ATOL",
    "broadcast_as",
    "check_alpha",
    "check_alternative",
    "check_broadcast",
    "check_confidence_level",
    "check_counts",
    "check_deff",
    "check_in_unit_interval",
    "check_n",
    "check_numeric",
    "check_option",
    "check_percent",
    "check_same_length",
    "check_size",
    "check_weights",
    "finish_array",
    "series_index",
    "z_critical",
]

ALTERNATIVES = ("two-sided", "less", "greater")

#: Absolute tolerance for ``sum(shares) == 1``, the one for every layer.
#: Shares are proportions, so a tolerance of 1e-9 only absorbs floating-point
#: error (e.g. ``5 * [0.2]``); published shares that add up to 0.99 must be
#: normalised by the caller.
SHARES_SUM_ATOL = 1e-9


def _is_bool(value: Any, raw: np.ndarray) -> bool:
    """True if ``value`` is a boolean or holds booleans (``True`` is not a count)."""
    if isinstance(value, bool | np.bool_) or raw.dtype == bool:
        return True
    return raw.dtype == object and any(isinstance(v, bool | np.bool_) for v in raw.ravel())


def _holds_bool(value: list | tuple) -> bool:
    """True if a (nested) list or tuple holds a boolean."""
    return any(
        isinstance(v, bool | np.bool_) or (isinstance(v, list | tuple) and _holds_bool(v))
        for v in value
    )


def _as_float_array(value: Any, name: str) -> np.ndarray:
    """``value`` as a float array; booleans and numbers given as text are rejected.

    ``np.asarray(["2"], dtype=float)`` and ``float(True)`` would convert
    silently, so a string or a boolean is refused wherever migstats expects
    a number (one rule for every argument).  Costs no pass over a float or
    integer array.
    """
    raw = value if isinstance(value, np.ndarray) else np.asarray(value)
    if isinstance(value, list | tuple) and _holds_bool(value):
        # np.asarray([True, 0.2]) is a float array: look at the elements given
        raise invalid_value(name, "numeric (a number, not a boolean)", value)
    if raw.dtype == np.float64:
        return raw
    if raw.dtype.kind in "fiu":
        return raw.astype(float)
    if raw.dtype.kind in "USO" and any(isinstance(v, str | bytes) for v in raw.ravel()):
        # "2" would convert silently; numbers given as text are not accepted here
        raise invalid_value(name, "numeric (a number, not text such as '2')", value)
    if _is_bool(value, raw):
        raise invalid_value(name, "numeric (a number, not a boolean)", value)
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
    """Validate a confidence level strictly between 0 and 1 (a number, not text or a bool)."""
    if isinstance(value, str | bytes | bool | np.bool_):
        raise invalid_value(
            name, "a number strictly between 0 and 1 (not text or a boolean)", value
        )
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise invalid_value(name, "a number strictly between 0 and 1", value) from None
    if not (0.0 < v < 1.0):
        raise invalid_value(name, "a number strictly between 0 and 1", value)
    return v


#: Largest significance level accepted (exclusive): below 1/2 every critical
#: value is positive, which the power formulas assume, and a (1 - 2 alpha)
#: interval (two one-sided tests, Schuirmann 1987) exists.
MAX_ALPHA = 0.5


def check_alpha(value: Any, name: str = "alpha", why: str = "") -> float:
    """Validate a significance level strictly between 0 and :data:`MAX_ALPHA`.

    ``why``: a clause for the message saying why the level must stay below 1/2.

    Examples
    --------
    >>> check_alpha(0.05)
    0.05
    """
    allowed = f"a significance level strictly between 0 and {MAX_ALPHA:g}{why}"
    if isinstance(value, str | bytes | bool | np.bool_):
        raise invalid_value(name, allowed + " (not text or a boolean)", value)
    try:
        a = float(value)
    except (TypeError, ValueError):
        raise invalid_value(name, allowed, value) from None
    if not 0.0 < a < MAX_ALPHA:  # also refuses NaN
        raise invalid_value(name, allowed, value)
    return a


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
    arr = _as_float_array(value, name)
    if not _all_finite(arr):
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
    if arr.size and not (arr.min() > 0 and np.isfinite(arr.max())):
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


# --------------------------------------------------------------------------
# array helpers shared by the core modules
# --------------------------------------------------------------------------


def check_numeric(value: Any, name: str) -> np.ndarray:
    """Return ``value`` as a float array; reject text, booleans and non-numbers.

    Unlike :func:`check_n` it accepts NaN and any sign: callers check the
    range they need.
    """
    return _as_float_array(value, name)


def _all_finite(arr: np.ndarray) -> bool:
    """``np.isfinite(arr).all()`` by two reductions (NaN propagates through min/max)."""
    if arr.size == 0:
        return True
    return bool(np.isfinite(arr.min()) and np.isfinite(arr.max()))


def check_size(value: Any, name: str) -> np.ndarray:
    """Validate group sizes: finite numbers > 0 (fractional sizes are allowed)."""
    arr = _as_float_array(value, name)
    if arr.size and not (arr.min() > 0 and np.isfinite(arr.max())):
        if not _all_finite(arr):
            raise invalid_value(name, "a finite number > 0", value)
        raise invalid_value(name, "a number > 0", value)
    return arr


def check_counts(k: Any, n: Any, k_name: str = "k", n_name: str = "n", deff: Any = 1.0):
    """Validate counts ``k`` of ``n`` and a design effect; broadcast them.

    ``k`` may be fractional (a weighted percentage times ``n``) but must be
    finite, ``>= 0`` and ``<= n``.  Returns float arrays ``(k, n, deff)`` of a
    common shape (read-only broadcast views where no conversion was needed).
    Vectorised and cheap: two reductions per argument and one comparison
    ``k <= n``, so that checking 10**6 cells costs a few milliseconds.
    """
    n_arr = check_size(n, n_name)
    k_arr = _as_float_array(k, k_name)
    if k_arr.size and not (k_arr.min() >= 0 and np.isfinite(k_arr.max())):
        if not _all_finite(k_arr):
            raise invalid_value(k_name, "a finite count (not NaN or infinite)", k)
        raise invalid_value(k_name, "a count >= 0", k)
    d_arr = check_deff(deff)
    k_b, n_b, d_b = check_broadcast(**{k_name: k_arr, n_name: n_arr, "deff": d_arr})
    if (k_b > n_b).any():
        raise invalid_value(k_name, f"a count <= {n_name}", k)
    return k_b, n_b, d_b


def series_index(*values: Any) -> pd.Index | None:
    """The index of the first pandas Series among ``values`` (None if none is)."""
    for v in values:
        if isinstance(v, pd.Series):
            return v.index
    return None


def broadcast_as(value: Any, shape: tuple, dtype: Any = None) -> np.ndarray:
    """``np.broadcast_to(np.asarray(value, dtype), shape)``; the array itself if of that shape.

    The same values without a new view for the (most common) array that is
    already of the shape; read it only, as a broadcast view.

    Examples
    --------
    >>> a = np.arange(3.0)
    >>> broadcast_as(a, (3,)) is a, broadcast_as(0.5, (2,)).tolist()
    (True, [0.5, 0.5])
    """
    a = np.asarray(value, dtype=dtype)
    return a if a.shape == shape else np.broadcast_to(a, shape)


def finish_array(arr: Any, index: pd.Index | None = None) -> Any:
    """Shape a computed array for the caller, as statsmodels does.

    0-d -> Python float; 1-d with a matching pandas ``index`` (from
    :func:`series_index`) -> Series; otherwise a float ndarray.
    """
    arr = np.asarray(arr, dtype=float)
    if arr.ndim == 0:
        return float(arr)
    if index is not None and arr.ndim == 1 and len(index) == arr.shape[0]:
        return pd.Series(arr, index=index)
    return arr


def z_critical(alpha: float, alternative: str = "two-sided") -> float:
    """Standard-normal critical value of a test at significance level ``alpha``.

    ``z = Phi^-1(1 - alpha/2)`` for ``alternative="two-sided"`` and
    ``Phi^-1(1 - alpha)`` for a one-sided test; for a two-sided confidence
    level ``c`` pass ``alpha = 1 - c``.  Computed as ``-ndtri(tail)``
    (:func:`scipy.special.ndtri`, the normal quantile), which equals
    ``scipy.stats.norm.isf(tail)`` and keeps full precision in the tail.
    The only normal-quantile helper of migstats.

    Examples
    --------
    >>> round(z_critical(0.05), 4), round(z_critical(0.05, "greater"), 4)
    (1.96, 1.6449)
    """
    from scipy import special

    tail = alpha / 2.0 if alternative == "two-sided" else alpha
    return float(-special.ndtri(tail))
