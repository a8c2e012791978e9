"""Published decimal numbers as exact integers.

This module owns the exact representation behind :mod:`migstats._core.rounding`,
:mod:`migstats._core.grim` and :mod:`migstats._core.feasible`: a published
value with ``d`` decimals is held as an integer ``m`` with value ``m / 10**d``
(strings keep their trailing zeros; numbers need ``decimals``), and the
integer helpers keep arithmetic in int64 where it cannot overflow and in exact
Python integers otherwise.  The names are private to the ``_core`` package,
except :data:`FLOAT_DECIMAL_RTOL` and :func:`decimal_strings`, which the
package shares.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from .._base import check_n, invalid_value

#: Relative tolerance for recognising a float as a decimal with ``decimals``
#: digits (``52.1 * 10`` is ``521.0000000000001`` in binary floating point).
#: Decimal literals are within one unit in the last place (about 1e-16
#: relative) of their value, so 1e-9 only absorbs representation error and
#: never accepts a value that genuinely has more decimals (52.15 with
#: ``decimals=1`` is off by 0.5 units, i.e. ~1e-3 relative).
FLOAT_DECIMAL_RTOL = 1e-9

#: Integers up to this size are handled in int64; larger intermediate
#: products switch to exact Python integers (object arrays).
_INT64_SAFE = 2**62

_DECIMAL_RE = re.compile(r"^\s*([+-]?)(\d+)(?:\.(\d+))?\s*$")


def _no_bools(value: Any, name: str) -> None:
    """Reject booleans inside a sequence of counts (``[True, 5]`` would become ``[1, 5]``)."""
    if isinstance(value, str | bytes):
        return  # check_n rejects text with its own message
    try:
        flat = np.asarray(value, dtype=object).ravel()
    except (TypeError, ValueError):
        return
    if any(isinstance(v, bool | np.bool_) for v in flat):
        raise invalid_value(name, "whole numbers, not booleans", value)


# ---------------------------------------------------------------------------
# exact integer helpers
# ---------------------------------------------------------------------------


def _exact(arr: Any) -> np.ndarray:
    """An integer array in int64 if every value is small enough, else object (Python ints)."""
    a = np.asarray(arr)
    if a.dtype != object and a.dtype != np.uint64:  # uint64 (a bare int >= 2**63) would wrap
        return a.astype(np.int64)
    vals = [int(v) for v in a.ravel()]
    if all(-_INT64_SAFE < v < _INT64_SAFE for v in vals):
        return np.array(vals, dtype=np.int64).reshape(a.shape)
    out = np.empty(len(vals), dtype=object)
    out[:] = vals
    return out.reshape(a.shape)


def _obj(arr: Any) -> np.ndarray:
    """The same integers as an object array of Python ints (overflow-free arithmetic)."""
    a = np.asarray(arr)
    vals = [int(v) for v in a.ravel()]
    out = np.empty(len(vals), dtype=object)
    out[:] = vals
    return out.reshape(a.shape)


def _int_values(x: Any, name: str) -> np.ndarray:
    """Integer-valued input (ints or whole floats, no booleans) as exact integers."""
    xs = np.asarray(x, dtype=object)
    vals = []
    for v in xs.ravel():
        if isinstance(v, bool | np.bool_):
            raise invalid_value(name, "integers, not booleans", x)
        if isinstance(v, int | np.integer):
            vals.append(int(v))
            continue
        try:
            f = float(v)
        except (TypeError, ValueError):
            raise invalid_value(name, "integers", x) from None
        if not np.isfinite(f) or f != round(f):
            raise invalid_value(name, "integers", x)
        vals.append(int(f))
    out = np.empty(len(vals), dtype=object)
    out[:] = vals
    return _exact(out.reshape(xs.shape))


def _safe(*arrays: np.ndarray, factor: int = 1) -> bool:
    """True if products of the arrays' magnitudes (times ``factor``) stay in int64."""
    bound = factor
    for a in arrays:
        a = np.asarray(a)
        if a.dtype == object:
            return False
        m = int(np.max(np.abs(a))) if a.size else 0
        bound *= max(m, 1)
    return bound < _INT64_SAFE


def _floordiv(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a // b


def _ceildiv(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return -((-a) // b)


def _pow10(d: np.ndarray) -> np.ndarray:
    """10**d elementwise, exact (object ints when 10**d leaves int64)."""
    d = np.asarray(d)
    if d.size and int(np.max(d)) <= 18:
        return (np.int64(10) ** d.astype(np.int64)).astype(np.int64)
    return _obj(np.vectorize(lambda e: 10 ** int(e), otypes=[object])(d))


# ---------------------------------------------------------------------------
# parsing published values
# ---------------------------------------------------------------------------


def _check_decimals(decimals: Any) -> np.ndarray | None:
    if decimals is None:
        return None
    _no_bools(decimals, "decimals")
    return check_n(decimals, "decimals", minimum=0)


def _parse_reported(
    value: Any, decimals: Any, name: str
) -> tuple[np.ndarray, np.ndarray, tuple[int, ...]]:
    """Published values as exact integers: ``value == m / 10**d``.

    Returns ``(m, d, shape)``; ``m`` is int64 or object, ``d`` int64, both of
    ``shape``.  Strings give their own number of decimals (trailing zeros
    count, :func:`_parse_strings`); numbers need ``decimals``
    (:func:`_parse_numbers`).
    """
    dec = _check_decimals(decimals)
    if isinstance(value, pd.Series | pd.Index):
        value = value.to_numpy(dtype=object)
    if isinstance(value, str):
        obj = np.array(value, dtype=object)
    else:
        try:
            obj = np.asarray(value, dtype=object)
        except (TypeError, ValueError):
            raise invalid_value(name, "numbers or decimal strings", value) from None
    shape = obj.shape
    flat = obj.ravel()
    if flat.size == 0:
        raise invalid_value(name, "non-empty", value)
    is_str = np.array([isinstance(v, str | np.str_) for v in flat], dtype=bool)
    if is_str.any() and not is_str.all():
        raise invalid_value(
            name,
            "all strings (decimals read from the digits) or all numbers, not a mixture",
            value,
        )
    if is_str.all():
        m_arr, d_arr = _parse_strings(flat, shape, dec, name, value)
    else:
        m_arr, d_arr = _parse_numbers(flat, shape, dec, name, value)
    return m_arr, d_arr, shape


def _parse_strings(
    flat: np.ndarray, shape: tuple[int, ...], dec: np.ndarray | None, name: str, value: Any
) -> tuple[np.ndarray, np.ndarray]:
    """Decimal strings as ``(m, d)``; ``dec``, if given, must match the digits shown."""
    ms, ds = [], []
    for v in flat:
        match = _DECIMAL_RE.match(str(v))
        if match is None:
            raise invalid_value(name, "decimal numbers such as '52' or '52.0'", value)
        sign, whole, frac = match.groups()
        frac = frac or ""
        m = int(whole + frac)
        ms.append(-m if sign == "-" else m)
        ds.append(len(frac))
    m_arr = _exact(np.array(ms, dtype=object).reshape(shape))
    d_arr = np.array(ds, dtype=np.int64).reshape(shape)
    if dec is not None:
        dec_b = _broadcast_decimals(dec, shape)
        if (dec_b != d_arr).any():
            raise invalid_value(
                "decimals",
                f"the number of decimals the strings in {name} show ({_list(d_arr)}) or None",
                dec.tolist(),
            )
    return m_arr, d_arr


def _parse_numbers(
    flat: np.ndarray, shape: tuple[int, ...], dec: np.ndarray | None, name: str, value: Any
) -> tuple[np.ndarray, np.ndarray]:
    """Numbers with ``dec`` decimals as ``(m, d)``, within :data:`FLOAT_DECIMAL_RTOL`."""
    if any(isinstance(v, bool | np.bool_) for v in flat):
        raise invalid_value(name, "numbers, not booleans", value)
    if any(isinstance(v, Fraction) for v in flat):
        raise invalid_value(name, "floats, ints or decimal strings (not fractions)", value)
    try:
        x = np.asarray(flat.astype(float)).reshape(shape)
    except (TypeError, ValueError):
        raise invalid_value(name, "numbers or decimal strings", value) from None
    if np.isnan(x).any():
        raise invalid_value(name, "free of NaN", value)
    if not np.isfinite(x).all():
        raise invalid_value(name, "finite", value)
    if dec is None:
        raise invalid_value(
            "decimals",
            f"given (the number of decimals printed) when {name} holds numbers; "
            "pass strings such as '54.0' to read the decimals from the digits",
            None,
        )
    d_arr = _broadcast_decimals(dec, shape).astype(np.int64)
    scaled = x * 10.0**d_arr
    m_float = np.rint(scaled)
    bad = np.abs(scaled - m_float) > FLOAT_DECIMAL_RTOL * np.maximum(1.0, np.abs(m_float))
    if bad.any():
        raise invalid_value(
            name,
            f"numbers with at most decimals={_list(dec)} decimal places",
            value,
        )
    if np.max(np.abs(m_float)) >= 2**53:
        raise invalid_value(name, "small enough to be held exactly as a float; pass strings", value)
    return m_float.astype(np.int64), d_arr


def _broadcast_decimals(dec: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    try:
        return np.broadcast_to(dec, shape)
    except ValueError:
        raise invalid_value(
            "decimals", f"one integer or one per value (shape {shape})", dec.tolist()
        ) from None


def _list(a: np.ndarray) -> Any:
    a = np.asarray(a)
    return a.tolist() if a.ndim else int(a)


def decimal_strings(m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Decimal strings of ``m / 10**d`` with exactly ``d`` decimals.

    Shared (through :mod:`migstats._core`) with :mod:`migstats.strategies`,
    which prints drawn numbers as a report would.
    """

    def one(mi: int, di: int) -> str:
        mi, di = int(mi), int(di)
        sign = "-" if mi < 0 else ""
        mi = abs(mi)
        if di == 0:
            return f"{sign}{mi}"
        whole, frac = divmod(mi, 10**di)
        return f"{sign}{whole}.{frac:0{di}d}"

    return np.vectorize(one, otypes=[object])(m, d)
