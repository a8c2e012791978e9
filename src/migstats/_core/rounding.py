"""Rounding rules, rounding intervals and the GRIM test for percentages.

This module owns everything migstats knows about *one* rounded number:

* the rounding rules (:data:`ROUNDING_RULES`) and exact rounding of rationals
  (:func:`round_half`);
* the set of true values a published number may stand for
  (:func:`rounding_interval`, the analogue of R ``scrutiny::unround()``);
* the integer counts ``c`` out of ``n`` whose percentage ``100 c / n`` rounds
  to a published percentage (:func:`count_range`) and the GRIM test built on
  it (:func:`grim_percent`, :func:`grim_percent_map`; Brown and Heathers
  2017, R ``scrutiny::grim()`` / ``grim_map()`` with ``percent = TRUE``).

Everything is computed in exact integer arithmetic: a published value with
``d`` decimals is held as an integer ``m`` with value ``m / 10**d`` and its
rounding interval as integers in tenths of a last digit, so no floating
point tie (``0.125`` is not a double) can flip a verdict.  Values given as
strings keep their trailing zeros (``"54.0"`` has one decimal, ``"54"`` none);
values given as numbers need an explicit ``decimals``.

Rounding intervals are *not* clipped to [0, 100]: a reported ``0`` with
``decimals=0`` has the interval [-0.5, 0.5].  Functions that work with counts
(:func:`count_range`, :func:`grim_percent` and :mod:`migstats._core.feasible`)
intersect with the possible counts ``0 <= c <= n`` themselves, so there a
reported 0 can only come from [0, 0.5].

Weighted percentages are not counts: GRIM-type checks are exact only for
unweighted data.  For weighted data they describe a hypothetical unweighted
sample (of the effective sample size) and are indicative only.
"""

from __future__ import annotations

import dataclasses
import math
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from .._base import Result, check_broadcast, check_n, check_option, invalid_value
from .bounds import Range
from .exact import (  # FLOAT_DECIMAL_RTOL and _INT64_SAFE: re-exported for other modules
    _INT64_SAFE,  # noqa: F401
    FLOAT_DECIMAL_RTOL,
    _ceildiv,
    _exact,
    _floordiv,
    _int_values,
    _no_bools,
    _obj,
    _parse_reported,
    _pow10,
    _safe,
    decimal_strings,
)

__all__ = [
    "ALL_RULES",
    "FLOAT_DECIMAL_RTOL",
    "MAX_DECIMALS",
    "PERCENT_SCALE",
    "ROUNDING_FUNCTIONS",
    "ROUNDING_RULES",
    "THRESHOLD_RULES",
    "RoundingInterval",
    "count_range",
    "decimal_strings",
    "grim_percent",
    "grim_percent_map",
    "round_half",
    "round_rational",
    "rounding_interval",
]

#: The rounding rules migstats understands.  ``"up_or_down"`` (the default,
#: as in R ``scrutiny``) is not a function: it says that a value exactly half
#: way between two candidates may have been rounded either way, which is the
#: honest assumption when the report does not say how it rounded.  The other
#: rules: ``half_up`` (ties toward +infinity; scrutiny "up"), ``half_down``
#: (ties toward -infinity; "down"), ``half_even`` (ties to the even last
#: digit of the exact decimal value -- not the binary double that R's and
#: Python's ``round()`` see; scrutiny's "even" differs, see
#: :func:`rounding_interval`), ``truncate`` (toward zero; "trunc"),
#: ``ceiling`` and ``floor``.
ROUNDING_RULES = (
    "up_or_down",
    "half_up",
    "half_down",
    "half_even",
    "truncate",
    "ceiling",
    "floor",
)

#: Rules with a threshold digit ``t`` (1..9), as R ``scrutiny``'s
#: ``round_up_from()`` / ``round_down_from()``: ``up_from`` rounds up when the
#: first dropped part is at least ``t/10`` of a last digit, ``down_from``
#: rounds down unless it exceeds ``t/10``.  ``t = 5`` gives ``half_up`` /
#: ``half_down``.  They need the ``threshold`` argument.
THRESHOLD_RULES = ("up_from", "down_from")

#: Every value of ``rounding`` the functions of this module accept.
ALL_RULES = ROUNDING_RULES + THRESHOLD_RULES

#: Units of the exact interval ends: tenths of a last digit.
_UNITS = 10

#: Rules that map every value to exactly one rounded value (all but
#: ``"up_or_down"``); only these can be *applied* by :func:`round_half`.
ROUNDING_FUNCTIONS = ROUNDING_RULES[1:]


def _check_rule(rounding: Any, threshold: Any, allowed: tuple[str, ...] = ALL_RULES) -> str:
    """Validate ``rounding`` and ``threshold``; the internal rule key (``"up_from:6"``)."""
    rounding = check_option(rounding, "rounding", allowed)
    if rounding in THRESHOLD_RULES:
        if threshold is None:
            raise invalid_value(
                "threshold", f"a digit from 1 to 9 with rounding={rounding!r}", threshold
            )
        if (
            isinstance(threshold, bool | np.bool_)
            or not isinstance(threshold, int | np.integer)
            or not 1 <= int(threshold) <= 9
        ):
            raise invalid_value("threshold", "an integer digit from 1 to 9", threshold)
        return f"{rounding}:{int(threshold)}"
    if threshold is not None:
        raise invalid_value(
            "threshold",
            f"None unless rounding is one of {', '.join(map(repr, THRESHOLD_RULES))}",
            threshold,
        )
    return rounding


#: Largest ``decimals`` :func:`round_half` accepts (exact for all of them).
MAX_DECIMALS = 10_000

#: Percentages are parts of 100.
PERCENT_SCALE = 100


def round_rational(num: np.ndarray, den: np.ndarray, d: np.ndarray, rule: str) -> np.ndarray:
    """Round ``num / den`` to ``d`` decimals under ``rule``; return ``m`` with result ``m/10**d``.

    Shared (through :mod:`migstats._core`) with :mod:`migstats.strategies`,
    which draws published numbers under the same rules.

    ``den > 0``.  Pure integer arithmetic: ``q, r = divmod(num * 10**d, den)``
    and the rule decides from ``q``, the sign and ``2 r`` versus ``den``
    (``10 r`` versus ``t den`` for the threshold rules ``"up_from:<t>"``,
    ``"down_from:<t>"``).
    """
    p = _pow10(d)
    if _safe(num, p) and _safe(den, factor=_UNITS):
        num, den, p = _exact(num), _exact(den), _exact(p)
    else:
        num, den, p = _obj(num), _obj(den), _obj(p)
    scaled = num * p
    q = scaled // den
    r = scaled - q * den  # 0 <= r < den
    twice = 2 * r
    name, t = _split_rule(rule)
    if name == "up_from":  # scrutiny's round_up_from() without its tolerance
        up = _UNITS * r >= t * den
    elif name == "down_from":  # round_down_from(): up only when the rest exceeds 1 - t/10
        up = _UNITS * r > (_UNITS - t) * den
    elif rule == "half_up":
        up = twice >= den
    elif rule == "half_down":
        up = twice > den
    elif rule == "half_even":
        up = (twice > den) | ((twice == den) & (q % 2 == 1))
    elif rule == "floor":
        up = np.zeros(np.shape(q), dtype=bool)
    elif rule == "ceiling":
        up = r > 0
    elif rule == "truncate":
        up = (r > 0) & (num < 0)
    else:  # pragma: no cover - callers validate
        raise invalid_value("rounding", "one of " + ", ".join(map(repr, ROUNDING_FUNCTIONS)), rule)
    if np.asarray(q).dtype != np.int64:  # object path (0-d arithmetic yields bare Python ints)
        return _exact(_obj(q) + _obj(np.asarray(up, dtype=np.int64)))
    return _exact(q + np.asarray(up, dtype=np.int64))


def _check_percent_range(m: np.ndarray, d: np.ndarray, name: str, value: Any) -> None:
    """Exact check 0 <= m / 10**d <= 100."""
    top = PERCENT_SCALE * _obj(_pow10(d))
    mo = _obj(m)
    if ((mo < 0) | (mo > top)).any():
        raise invalid_value(name, "a percentage in [0, 100]", value)


# ---------------------------------------------------------------------------
# rounding intervals
# ---------------------------------------------------------------------------


def _split_rule(rule: str) -> tuple[str, int]:
    """``"up_from:6"`` -> ``("up_from", 6)``; other rules -> ``(rule, 5)``."""
    name, _, t = rule.partition(":")
    return name, int(t) if t else 5


def _interval_units(
    m: np.ndarray, d: np.ndarray, rule: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Rounding interval of ``m / 10**d`` as integers in units of ``1 / (10 * 10**d)``.

    Returns ``(lo, hi, lo_inclusive, hi_inclusive)``: a true value ``x`` rounds
    to ``m / 10**d`` iff ``lo < 10 * 10**d * x < hi`` with the ends included as
    flagged.  Tenths of a last digit hold every rule, the threshold rules
    ``up_from``/``down_from`` included (``rule`` is then ``"up_from:<t>"``).
    """
    m = _exact(m)
    ten_m = _UNITS * m
    shape = np.shape(m)
    true = np.ones(shape, dtype=bool)
    false = np.zeros(shape, dtype=bool)
    name, t = _split_rule(rule)
    if name == "up_or_down":
        return ten_m - 5, ten_m + 5, true, true
    if name == "half_up":
        return ten_m - 5, ten_m + 5, true, false
    if name == "half_down":
        return ten_m - 5, ten_m + 5, false, true
    if name == "half_even":
        even = np.asarray(m % 2 == 0, dtype=bool)
        return ten_m - 5, ten_m + 5, even, even.copy()
    if name == "floor":
        return ten_m, ten_m + 10, true, false
    if name == "ceiling":
        return ten_m - 10, ten_m, false, true
    if name == "truncate":
        pos = np.asarray(m > 0, dtype=bool)
        neg = np.asarray(m < 0, dtype=bool)
        lo = np.where(pos, ten_m, ten_m - 10)
        hi = np.where(neg, ten_m, ten_m + 10)
        return _exact(lo), _exact(hi), pos, neg
    if name == "up_from":  # round up from the digit t: [v - (10 - t)/10, v + t/10) last digits
        return ten_m - (10 - t), ten_m + t, true, false
    if name == "down_from":  # round down up to the digit t: (v - t/10, v + (10 - t)/10]
        return ten_m - t, ten_m + (10 - t), false, true
    raise invalid_value("rounding", "one of " + ", ".join(map(repr, ALL_RULES)), rule)


def _to_fraction(v: Any) -> Fraction:
    if isinstance(v, str | np.str_):
        return Fraction(str(v).strip())
    if isinstance(v, np.integer):
        return Fraction(int(v))
    if isinstance(v, np.floating):
        return Fraction(float(v))
    return Fraction(v)


class OptionalThreshold:
    """Mixin for results with a ``threshold`` field used only by the threshold rules.

    ``to_dict`` leaves the field out when it is None, so results of the
    other rules keep exactly their former fields (the field is also
    ``repr=False``).
    """

    threshold: int | None

    def to_dict(self) -> dict[str, Any]:
        """Fields as a dict; ``threshold`` only for the threshold rules."""
        out = super().to_dict()  # type: ignore[misc]
        if self.threshold is None:
            out.pop("threshold")
        return out


@dataclasses.dataclass(frozen=True, eq=False)
class RoundingInterval(OptionalThreshold, Result):
    """The true values a published (rounded) number may stand for.

    Attributes
    ----------
    reported : str or ndarray of str
        The published value(s) as decimal strings with their decimals.
    decimals : int or ndarray of int
        Number of decimals of each published value.
    rounding : str
        The rounding rule assumed.
    low, high : float or ndarray
        Ends of the interval (the nearest doubles to the exact decimal ends).
    low_inclusive, high_inclusive : bool or ndarray of bool
        Whether each end belongs to the interval.
    threshold : int or None
        The threshold digit of the rules ``up_from``/``down_from`` (None
        otherwise; then left out of ``to_dict``/``to_frame``).

    Notes
    -----
    The interval is not clipped to [0, 100] (see the module notes).  Use
    :meth:`contains` for exact membership tests; ``low``/``high`` are floats
    for display and plotting.
    """

    reported: Any
    decimals: Any
    rounding: str
    low: Any
    high: Any
    low_inclusive: Any
    high_inclusive: Any
    threshold: int | None = dataclasses.field(default=None, repr=False)

    def to_frame(self) -> pd.DataFrame:
        """Fields as columns; ``threshold`` only for the threshold rules."""
        frame = super().to_frame()
        return frame.drop(columns="threshold") if self.threshold is None else frame

    def contains(self, x: Any) -> Any:
        """Whether ``x`` lies in the interval, decided exactly.

        Parameters
        ----------
        x : float, int, str, fractions.Fraction or array_like
            Candidate true values; broadcast against the interval.  Floats are
            taken at their exact binary value, strings (``"0.125"``) and
            fractions at their exact decimal / rational value.

        Returns
        -------
        bool or ndarray of bool

        Examples
        --------
        >>> iv = rounding_interval("52", rounding="half_up")
        >>> bool(iv.contains(51.5)), bool(iv.contains(52.5)), bool(iv.contains("52.4999"))
        (True, False, True)
        """
        m, d, _ = _parse_reported(self.reported, None, "reported")
        lo, hi, lo_inc, hi_inc = _interval_units(m, d, _check_rule(self.rounding, self.threshold))
        xs = np.asarray(x, dtype=object) if not isinstance(x, str) else np.array(x, dtype=object)
        xs, lo, hi, lo_inc, hi_inc, d = np.broadcast_arrays(
            xs, _obj(lo), _obj(hi), lo_inc, hi_inc, d
        )

        def one(xv, lov, hiv, li, hinc, dv) -> bool:
            if isinstance(xv, float | np.floating) and not np.isfinite(xv):
                raise invalid_value("x", "finite", x)
            units = _to_fraction(xv) * _UNITS * 10 ** int(dv)
            above = units >= lov if li else units > lov
            below = units <= hiv if hinc else units < hiv
            return bool(above and below)

        out = np.vectorize(one, otypes=[bool])(xs, lo, hi, lo_inc, hi_inc, d)
        return bool(out) if out.ndim == 0 else out


def rounding_interval(
    value: Any, *, decimals: Any = None, rounding: str = "up_or_down", threshold: Any = None
) -> RoundingInterval:
    """Interval of true values that round to a published value.

    Parameters
    ----------
    value : str, float, int or array_like
        Published value(s).  Strings keep trailing zeros (``"54.0"`` has one
        decimal, ``"54"`` none) and need no ``decimals``; numbers do.  Any
        sign is allowed (this function is not specific to percentages).
    decimals : int or array_like of int, optional
        Number of decimals printed.  Required for numeric ``value``; for
        strings it must agree with the digits shown (or be None).
    rounding : str, default "up_or_down"
        One of :data:`ROUNDING_RULES`.  With ``h = 0.5 * 10**-decimals``:
        ``up_or_down`` [v-h, v+h] (a tie may have gone either way);
        ``half_up`` [v-h, v+h); ``half_down`` (v-h, v+h]; ``half_even``
        closed if the last digit of v is even, open if odd; ``truncate``
        (toward zero) [v, v+2h) for v > 0, (v-2h, v] for v < 0 and (-2h, 2h)
        for v = 0; ``ceiling`` (v-2h, v]; ``floor`` [v, v+2h).  The
        threshold rules (:data:`THRESHOLD_RULES`, need ``threshold = t``):
        ``up_from`` [v - (10-t) h/5, v + t h/5), ``down_from``
        (v - t h/5, v + (10-t) h/5].
    threshold : int, optional
        The digit (1..9) of the threshold rules ``up_from``/``down_from``
        (R ``scrutiny``'s ``threshold``); must be None for the other rules.

    Returns
    -------
    RoundingInterval
        Fields ``reported, decimals, rounding, low, high, low_inclusive,
        high_inclusive`` (arrays for array input) and the exact
        :meth:`RoundingInterval.contains`.

    Raises
    ------
    MigstatsValueError
        If ``value`` is NaN, not a decimal number, mixes strings and numbers,
        has more decimals than ``decimals``; if ``decimals`` is missing for
        numeric input, negative or not an integer; if ``rounding`` is unknown.

    Notes
    -----
    The analogue of R ``scrutiny::unround()`` (Jung 2024), with these
    differences (scrutiny 0.6.1, ``R/unround.R`` and ``R/round.R``, read,
    not run; docs/methods.md section 1.1 has the full list):

    * ``half_even`` follows exact decimal arithmetic: a true value exactly
      half way is a tie and goes to the even last digit, so the interval of
      a value with an even last digit is closed at both ends (open at both if
      odd).  R's and Python's ``round()`` round the binary double instead,
      and scrutiny's ``"even"`` interval is open at both ends.
    * Every end is decided exactly; scrutiny's rounding functions add a
      tolerance ("dust", about 1.5e-9 of a last-digit unit) at ties.
    * scrutiny's ``anti_trunc`` has no counterpart (for positive values it is
      ``ceiling``); ``half_up`` and ``half_down`` are scrutiny's
      ``"up"``/``"down"`` with ``symmetric = FALSE``.
    * ``up_from``/``down_from`` with ``threshold`` follow scrutiny's
      ``round_up_from()``/``round_down_from()`` (``R/round.R``), which
      0.6.1's ``unround()`` does not offer (it widens ``"up"``/``"down"``
      by ``threshold`` instead).
    * The other rules (``up_or_down``, ``half_up``, ``half_down``,
      ``truncate``, ``ceiling``, ``floor``) give the same intervals.

    The interval is
    *not* clipped to [0, 100]; callers that deal with percentages intersect
    it with [0, 100] where meaningful (a reported 0 can only come from
    [0, 0.5]).  The ends are computed exactly as integers in units of
    ``h`` and converted to the nearest double for ``low``/``high``.

    References
    ----------
    .. [1] Jung, L. (2024). scrutiny: Error Detection in Science. R package,
       https://lhdjung.github.io/scrutiny/ (``unround()``, ``reround()``).

    Examples
    --------
    >>> iv = rounding_interval("52")
    >>> iv.low, iv.high, bool(iv.low_inclusive), bool(iv.high_inclusive)
    (51.5, 52.5, True, True)
    >>> iv = rounding_interval([0.5, 3.0], decimals=1, rounding="half_even")
    >>> iv.low.tolist(), iv.high.tolist(), iv.low_inclusive.tolist()
    ([0.45, 2.95], [0.55, 3.05], [False, True])
    >>> rounding_interval("4.50", rounding="floor").high
    4.51
    """
    rule = _check_rule(rounding, threshold)
    m, d, shape = _parse_reported(value, decimals, "value")
    lo, hi, lo_inc, hi_inc = _interval_units(m, d, rule)
    den = _UNITS * _obj(_pow10(d))
    to_float = np.vectorize(lambda a, b: int(a) / int(b), otypes=[float])
    low = to_float(_obj(lo), den)
    high = to_float(_obj(hi), den)
    reported = decimal_strings(m, d)

    def out(a: np.ndarray, kind: type) -> Any:
        a = np.asarray(a)
        if a.ndim == 0:
            return kind(a[()])
        return a.astype(object) if kind is str else a.astype(kind)

    return RoundingInterval(
        reported=out(reported, str),
        decimals=out(d, int),
        rounding=rounding,
        low=out(low, float),
        high=out(high, float),
        low_inclusive=out(np.broadcast_to(lo_inc, shape), bool),
        high_inclusive=out(np.broadcast_to(hi_inc, shape), bool),
        threshold=None if threshold is None else int(threshold),
    )


# ---------------------------------------------------------------------------
# applying a rule
# ---------------------------------------------------------------------------


def round_half(
    x: Any,
    decimals: Any,
    rounding: str = "half_up",
    *,
    denominator: Any = None,
    threshold: Any = None,
) -> Any:
    """Round exactly to ``decimals`` decimals under a rounding rule.

    Parameters
    ----------
    x : float, int, str, fractions.Fraction or array_like
        Values to round.  Floats are taken at their exact binary value
        (``2.675`` is slightly below 2.675 and rounds to 2.67 under every
        half rule, as in Python's ``decimal`` module); strings and fractions
        exactly.  With ``denominator``, ``x`` holds integer numerators.
    decimals : int or array_like of int
        Number of decimals to keep (>= 0), broadcast against ``x``.
    rounding : str, default "half_up"
        One of :data:`ROUNDING_FUNCTIONS` (``"up_or_down"`` is not a function
        and is rejected: use ``"half_up"`` and ``"half_down"`` for its two
        branches).
    denominator : int or array_like of int, optional
        If given, round the rationals ``x / denominator`` (positive integer
        denominators), e.g. ``round_half(100 * c, 0, denominator=n)`` for the
        whole-number percentage of ``c`` out of ``n``.
    threshold : int, optional
        The digit (1..9) for the rules ``"up_from"`` (round up when the
        dropped part is at least ``threshold / 10`` of a last digit) and
        ``"down_from"`` (round down unless it exceeds that), as R
        ``scrutiny::round_up_from()`` / ``round_down_from()`` without their
        tolerance; must be None for the other rules.

    Returns
    -------
    float or ndarray of float
        Rounded values: the nearest double to the exact decimal result.

    Raises
    ------
    MigstatsValueError
        For an unknown rule, negative/non-integer ``decimals``, NaN or
        infinite ``x``, non-integer numerators or a non-positive denominator.

    Notes
    -----
    Written with integer arithmetic rather than ``numpy.round`` because
    ``numpy.round`` rounds the binary double (half-even on
    ``x * 10**decimals``, itself rounded) and cannot express the other rules;
    with ``q, r = divmod(num * 10**decimals, den)`` a tie is the exact
    condition ``2 r == den``.  Agrees with Python's
    ``decimal.Decimal.quantize`` with ``ROUND_HALF_EVEN``, ``ROUND_FLOOR``,
    ``ROUND_CEILING`` and ``ROUND_DOWN`` (truncate), and with
    ``ROUND_HALF_UP`` / ``ROUND_HALF_DOWN`` for non-negative values
    (migstats' ``half_up`` sends ties toward +infinity also for negative
    values, as ``scrutiny::round_up()`` with ``symmetric = FALSE``).

    References
    ----------
    .. [1] Jung, L. (2024). scrutiny: Error Detection in Science. R package
       (``reround()``).
    .. [2] Python ``decimal`` module, rounding modes,
       https://docs.python.org/3/library/decimal.html#rounding-modes

    Examples
    --------
    >>> float(round_half(0.125, 2)), float(round_half("0.125", 2))
    (0.13, 0.13)
    >>> float(round_half("0.125", 2, "half_even")), float(round_half(2.675, 2))
    (0.12, 2.67)
    >>> round_half([100, 200, 50], 0, "half_even", denominator=8).tolist()
    [12.0, 25.0, 6.0]
    """
    rule = _check_rule(rounding, threshold, ROUNDING_FUNCTIONS + THRESHOLD_RULES)
    _no_bools(decimals, "decimals")
    d = check_n(decimals, "decimals", minimum=0)
    if d.size and int(d.max()) > MAX_DECIMALS:
        raise invalid_value(
            "decimals",
            f"an integer from 0 to {MAX_DECIMALS:,} (the result is a float, which shows no "
            "more; larger values would only cost time)",
            decimals,
        )
    if denominator is None:
        if isinstance(x, str):
            xs = np.array(x, dtype=object)
        else:
            xs = np.asarray(x, dtype=object)
        flat = xs.ravel()
        nums, dens = [], []
        for v in flat:
            if isinstance(v, bool | np.bool_):
                raise invalid_value("x", "numbers, not booleans", x)
            if isinstance(v, float | np.floating) and not np.isfinite(v):
                raise invalid_value("x", "finite numbers (not NaN or infinite)", x)
            try:
                f = _to_fraction(v)
            except (TypeError, ValueError):
                raise invalid_value("x", "numbers, decimal strings or fractions", x) from None
            nums.append(f.numerator)
            dens.append(f.denominator)
        num = _exact(np.array(nums, dtype=object).reshape(xs.shape))
        den = _exact(np.array(dens, dtype=object).reshape(xs.shape))
    else:
        num = _int_values(x, "x")
        _no_bools(denominator, "denominator")
        den = check_n(denominator, "denominator")
    num, den, d = np.broadcast_arrays(num, den, d)
    m = round_rational(num, den, d, rule)
    if m.dtype == object or (np.abs(m).max(initial=0) >= 2**53):
        out = np.vectorize(lambda a, b: int(a) / 10 ** int(b), otypes=[float])(m, d)
    else:
        out = m.astype(float) / 10.0 ** d.astype(float)
    out = np.asarray(out, dtype=float)
    return out[()] if out.ndim == 0 else out


# ---------------------------------------------------------------------------
# counts and GRIM
# ---------------------------------------------------------------------------


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
