"""Counts behind a rounded percentage, and the GRIM test built on them.

This module owns the integer counts ``c`` out of ``n`` whose percentage
``100 c / n`` rounds to a published percentage (:func:`count_range`) and the
GRIM test built on it (:func:`grim_percent`, :func:`grim_percent_map`; Brown
and Heathers 2017, R ``scrutiny::grim()`` / ``grim_map()`` with
``percent = TRUE``).  The rounding rules and intervals come from
:mod:`migstats._core.rounding`; all arithmetic is exact integer arithmetic.

Weighted percentages are not counts: GRIM-type checks are exact only for
unweighted data.  For weighted data they describe a hypothetical unweighted
sample (of the effective sample size) and are indicative only.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from .._base import check_broadcast, check_n, invalid_value
from .bounds import Range
from .exact import _ceildiv, _exact, _floordiv, _no_bools, _obj, _parse_reported, _pow10, _safe
from .rounding import (
    _UNITS,
    PERCENT_SCALE,
    _check_percent_range,
    _check_rule,
    _interval_units,
)

__all__ = ["count_range", "grim_percent", "grim_percent_map"]


def _count_range_units(
    m: np.ndarray, d: np.ndarray, n: np.ndarray, rule: str
) -> tuple[np.ndarray, np.ndarray]:
    """Exact integer bounds of ``c`` in [0, n] with ``round(100 c / n) == m / 10**d``."""
    lo, hi, lo_inc, hi_inc = _interval_units(m, d, rule)
    scale = _UNITS * PERCENT_SCALE * _obj(_pow10(d))  # 100 c / n = u / (10 10^d)
    lo, hi, lo_inc, hi_inc, n_b, scale = np.broadcast_arrays(lo, hi, lo_inc, hi_inc, n, scale)
    if _safe(lo, n_b) and _safe(hi, n_b) and _safe(_exact(scale)):
        lo, hi, n_b, scale = _exact(lo), _exact(hi), _exact(n_b), _exact(scale)
    else:
        lo, hi, n_b, scale = _obj(lo), _obj(hi), _obj(n_b), _obj(scale)
    a = lo * n_b
    b = hi * n_b
    c_lo = np.where(lo_inc, _ceildiv(a, scale), _floordiv(a, scale) + 1)
    c_hi = np.where(hi_inc, _floordiv(b, scale), _ceildiv(b, scale) - 1)
    zero = np.zeros(np.shape(c_lo), dtype=np.int64)
    c_lo = np.maximum(_exact(c_lo), zero)
    c_hi = np.minimum(_exact(c_hi), _exact(n_b))
    return _exact(c_lo), _exact(c_hi)


def _check_n_int(n: Any, name: str = "n") -> np.ndarray:
    _no_bools(n, name)
    return check_n(n, name, minimum=1)


def count_range(
    percent: Any,
    n: Any,
    *,
    decimals: Any = None,
    rounding: str = "up_or_down",
    threshold: Any = None,
) -> Range:
    """Counts ``c`` out of ``n`` whose percentage ``100 c / n`` rounds to ``percent``.

    Parameters
    ----------
    percent : str, float or array_like
        Published percentage(s) in [0, 100] (strings keep trailing zeros).
    n : int or array_like of int
        Number of respondents (>= 1), broadcast against ``percent``.
    decimals : int or array_like of int, optional
        Decimals printed; required for numeric ``percent``.
    rounding : str, default "up_or_down"
        One of :data:`ROUNDING_RULES`, or of :data:`THRESHOLD_RULES` with
        ``threshold``.
    threshold : int, optional
        Digit 1..9 for the threshold rules (see :func:`round_half`).

    Returns
    -------
    Range
        ``(low, high)``: the smallest and largest count, int arrays
        (Python-int-valued scalars for scalar input).  Every integer in
        ``low..high`` is a valid count and no other is; ``low > high`` means
        no count is (GRIM inconsistency).

    Raises
    ------
    MigstatsValueError
        For percentages outside [0, 100] or NaN, ``n`` not a positive
        integer, bad ``decimals`` or an unknown rule.

    Notes
    -----
    With the rounding interval written exactly as ``(lo, hi)`` in units of
    ``1 / (10 * 10**d)``, ``100 c / n`` lies in it iff
    ``lo * n <= 1000 * 10**d * c <= hi * n`` (strict where the interval is
    open), so ``low = ceil(lo n / (1000 10^d))`` (or ``floor(.) + 1`` when the
    end is open), ``high`` likewise, intersected with ``0 <= c <= n``.  All
    integer arithmetic; the same count reconstruction as
    R ``scrutiny``'s GRIM with ``percent = TRUE`` and ``items = 1``.

    References
    ----------
    .. [1] Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test: A
       simple technique detects numerous anomalies in the reporting of
       results in psychology. *Social Psychological and Personality
       Science*, 8(4), 363-369. https://doi.org/10.1177/1948550616673876

    Examples
    --------
    >>> r = count_range("52", 1000)
    >>> int(r.low), int(r.high)
    (515, 525)
    >>> r = count_range([7, 8], 50, decimals=0)
    >>> r.low.tolist(), r.high.tolist()
    ([4, 4], [3, 4])
    """
    rule = _check_rule(rounding, threshold)
    m, d, _ = _parse_reported(percent, decimals, "percent")
    _check_percent_range(m, d, "percent", percent)
    nn = _check_n_int(n)
    m, d, nn = check_broadcast(percent=m, decimals=d, n=nn)
    lo, hi = _count_range_units(m, d, nn, rule)
    if lo.ndim == 0:
        return Range(int(lo), int(hi))
    return Range(lo, hi)


def grim_percent(
    percent: Any,
    n: Any,
    *,
    decimals: Any = None,
    rounding: str = "up_or_down",
    threshold: Any = None,
) -> Any:
    """GRIM test for percentages: can ``percent`` come from a whole count out of ``n``?

    Parameters
    ----------
    percent : str, float or array_like
        Published percentage(s) in [0, 100] (strings keep trailing zeros).
    n : int or array_like of int
        Number of respondents (>= 1), broadcast against ``percent``.
    decimals : int or array_like of int, optional
        Decimals printed; required for numeric ``percent``.
    rounding : str, default "up_or_down"
        One of :data:`ROUNDING_RULES`, or of :data:`THRESHOLD_RULES` with
        ``threshold``.
    threshold : int, optional
        Digit 1..9 for the threshold rules (see :func:`round_half`).

    Returns
    -------
    bool, ndarray of bool or pandas.Series of bool
        True where some integer ``0 <= c <= n`` has ``100 c / n`` rounding to
        the published value; a Series (with the index of ``percent``, or of
        ``n``) when either is a pandas Series.

    Raises
    ------
    MigstatsValueError
        As :func:`count_range`.

    Notes
    -----
    Equivalent to R ``scrutiny::grim(x, n, percent = TRUE)`` (Jung 2024) and
    the GRIM test of Brown and Heathers (2017) applied to a proportion, but
    decided in exact integer arithmetic (see :func:`count_range`) instead of
    with a floating point tolerance.  Exact only for unweighted data: a
    weighted percentage is not ``100 c / n`` for an integer ``c``; with
    weights the check refers to a hypothetical sample of size ``n_eff`` and
    is indicative only.

    References
    ----------
    .. [1] Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test.
       *Social Psychological and Personality Science*, 8(4), 363-369.
    .. [2] Jung, L. (2024). scrutiny: Error Detection in Science. R package.

    Examples
    --------
    With 50 respondents every count is 2 percentage points, so odd whole
    percentages are impossible:

    >>> grim_percent([6, 7, 8], 50, decimals=0).tolist()
    [True, False, True]
    >>> bool(grim_percent("15.1", 360))
    False
    """
    r = count_range(percent, n, decimals=decimals, rounding=rounding, threshold=threshold)
    out = np.asarray(r.low) <= np.asarray(r.high)
    if out.ndim == 0:
        return bool(out)
    for src in (percent, n):
        if isinstance(src, pd.Series) and len(src) == len(out) and out.ndim == 1:
            return pd.Series(out, index=src.index, name="consistent")
    return out


def _probability_pass(n: int, d: int, rule: str) -> float:
    """Exact share of the ``100 * 10**d + 1`` reportable values that are GRIM-consistent.

    Closed form, no enumeration (memory and time independent of ``n``):

    * ``n >= 100 * 10**d``: the percentages ``100 c / n`` are at most one
      grid step ``10**-d`` apart, and every value's rounding interval is a
      step long with an end included (at 0 and 100 the value itself is a
      percentage), so every value passes: 1.
    * ``n < 100 * 10**d``: the ``n + 1`` percentages are more than a step
      apart, so no two of them round to the same value (a rounding interval
      is at most one step long): a rounding function hits ``n + 1`` values.
      Under ``"up_or_down"`` a percentage exactly half way between two
      values (``200 * 10**d * c / n`` an odd integer) hits both; the number
      of such ``c`` in ``0..n`` solves the linear congruence
      ``200 * 10**d * c = n (mod 2 n)`` (one residue class modulo
      ``2 n / g`` if ``g = gcd(200 * 10**d, 2 n)`` divides ``n``, else none).

    The tests check it against enumerating every count.
    """
    grid = PERCENT_SCALE * 10**d + 1
    if n >= grid - 1:
        return 1.0
    hits = n + 1
    if rule == "up_or_down":
        a, mod = 2 * PERCENT_SCALE * 10**d, 2 * n
        g = math.gcd(a, mod)
        if n % g == 0:
            step = mod // g
            c0 = (n // g) * pow(a // g, -1, step) % step if step > 1 else 0
            if c0 <= n:
                hits += (n - c0) // step + 1
    return hits / grid


def grim_percent_map(
    data: pd.DataFrame,
    *,
    percent: str = "percent",
    n: str = "n",
    decimals: Any = None,
    rounding: str = "up_or_down",
    threshold: Any = None,
) -> pd.DataFrame:
    """GRIM-test every row of a DataFrame of percentages and sample sizes.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per published percentage.
    percent : str, default "percent"
        Column with the published percentages (strings keep trailing zeros;
        numbers need ``decimals``).
    n : str, default "n"
        Column with the numbers of respondents (positive integers).
    decimals : int, optional
        Decimals printed, for a numeric ``percent`` column.
    rounding : str, default "up_or_down"
        One of :data:`ROUNDING_RULES`, or of :data:`THRESHOLD_RULES` with
        ``threshold``.
    threshold : int, optional
        Digit 1..9 for the threshold rules (see :func:`round_half`).

    Returns
    -------
    pandas.DataFrame
        A copy of ``data`` (all its columns and its index) with two added
        columns: ``consistent`` (bool, :func:`grim_percent`) and
        ``probability_pass`` (float): the share of the ``100 * 10**d + 1``
        values with the row's ``d`` decimals in [0, 100] that would pass for
        this ``n``, i.e. the chance that a value picked uniformly from that
        grid passes.  Values near 1 mean the test has no power (large ``n``).

    Raises
    ------
    MigstatsValueError
        If a column is missing, ``data`` already has a ``consistent`` or
        ``probability_pass`` column, or any value is invalid (as
        :func:`count_range`).

    Notes
    -----
    The analogue of R ``scrutiny::grim_map(data, percent = TRUE)``;
    ``probability_pass`` plays the role of scrutiny's GRIM probability
    (``grim_probability()``/``grim_exp_incon()``, Jung 2024), but is the
    exact share (counted, not the approximation ``1 - (10^D - n) / 10^D``),
    and is its complement: the chance to *pass*.  It is computed in closed
    form (see ``_probability_pass``), so any ``n`` answers as fast as a
    small one.

    References
    ----------
    .. [1] Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test.
       *Social Psychological and Personality Science*, 8(4), 363-369.
    .. [2] Jung, L. (2024). scrutiny: Error Detection in Science. R package
       (``grim_map()``).

    Examples
    --------
    >>> df = pd.DataFrame({"percent": ["7", "8", "15.1"], "n": [50, 50, 360]})
    >>> out = grim_percent_map(df)
    >>> out["consistent"].tolist(), out["probability_pass"].round(4).tolist()
    ([False, True, False], [0.505, 0.505, 0.3606])
    """
    if not isinstance(data, pd.DataFrame):
        raise invalid_value("data", "a pandas DataFrame", type(data).__name__)
    for arg, col in (("percent", percent), ("n", n)):
        if col not in data.columns:
            raise invalid_value(arg, f"a column of data ({', '.join(map(str, data.columns))})", col)
    for col in ("consistent", "probability_pass"):
        if col in data.columns:
            raise invalid_value(
                "data",
                f"free of a column named {col!r} (it would be overwritten)",
                list(data.columns),
            )
    rule = _check_rule(rounding, threshold)
    out = data.copy()
    if len(out) == 0:
        out["consistent"] = pd.Series(dtype=bool)
        out["probability_pass"] = pd.Series(dtype=float)
        return out
    pcol = data[percent].to_numpy(dtype=object)
    m, d, _ = _parse_reported(pcol, decimals, "percent")
    _check_percent_range(m, d, "percent", pcol)
    nn = _check_n_int(data[n].to_numpy(), "n")
    lo, hi = _count_range_units(m, d, nn, rule)
    out["consistent"] = np.asarray(lo <= hi, dtype=bool)
    cache: dict[tuple[int, int], float] = {}
    probs = []
    for ni, di in zip(nn.tolist(), d.tolist(), strict=True):
        key = (int(ni), int(di))
        if key not in cache:
            cache[key] = _probability_pass(key[0], key[1], rule)
        probs.append(cache[key])
    out["probability_pass"] = np.asarray(probs, dtype=float)
    return out
