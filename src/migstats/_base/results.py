"""Result containers shared by the whole library.

This module owns :class:`ConfidenceInterval` (a NamedTuple, so
``low, high = ci`` works, as in :mod:`scipy.stats`) and :class:`Result`, the
base of migstats' frozen result dataclasses.  A result has a readable
``repr``, :meth:`Result.to_dict` and :meth:`Result.to_frame`, and can be
unpacked like a tuple where the subclass defines ``_unpack`` (for example
``statistic, pvalue = res``).

:class:`ConfidenceInterval` is the one type for every *confidence* interval
migstats returns.  The other ``(low, high)`` types are not confidence
statements, and each says why it is separate:

* :class:`~migstats.RoundingInterval` -- the true values a rounded number may
  stand for; carries ``low_inclusive``/``high_inclusive``, ``decimals`` and
  the rounding rule.
* :class:`~migstats.QuantifierRange` -- the range a quantifier ("a majority")
  names; carries inclusivity and which side a claim is tested against.
* :class:`~migstats.Range` -- the exact, attained ends of a set (the counts
  a rounded percentage allows, extremes over feasible count vectors, implied
  group shares); one type for every such bound, not an interval estimate.
* :class:`~migstats._tables.WidenedInterval` -- a rounding-aware confidence
  interval together with the plain one it widens and the width added.
"""

from __future__ import annotations

import dataclasses
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

__all__ = ["ConfidenceInterval", "Result"]


class ConfidenceInterval(NamedTuple):
    """A confidence interval ``(low, high)``; fields may be arrays.

    Also the ``confidence_interval`` field of a result; in a tidy frame its
    ends are the columns ``ci_low`` and ``ci_high``.
    """

    low: Any
    high: Any


def _plain(value: Any) -> Any:
    """Convert NumPy scalars/arrays and nested results to plain Python."""
    if isinstance(value, Result):
        return value.to_dict()
    if isinstance(value, ConfidenceInterval):
        return {"low": _plain(value.low), "high": _plain(value.high)}
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.DataFrame):
        return value.to_dict(orient="records")
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _short(value: Any) -> str:
    if isinstance(value, float | np.floating):
        return f"{value:.6g}"
    if isinstance(value, np.ndarray):
        if value.size > 6:
            return f"array(shape={value.shape})"
        return np.array2string(value, precision=4, separator=", ")
    if isinstance(value, ConfidenceInterval):
        return f"ConfidenceInterval(low={_short(value.low)}, high={_short(value.high)})"
    if isinstance(value, pd.DataFrame):
        return f"<DataFrame {value.shape[0]}x{value.shape[1]}>"
    return repr(value)


@dataclasses.dataclass(frozen=True)
class Result:
    """Base class of migstats results (frozen dataclasses).

    Subclasses add fields.  ``_unpack`` may name the fields that tuple
    unpacking yields (``statistic, pvalue = result``).
    """

    _unpack = ()  # class attribute, not a field

    def __repr__(self) -> str:
        parts = [
            f"{f.name}={_short(getattr(self, f.name))}" for f in dataclasses.fields(self) if f.repr
        ]
        return f"{type(self).__name__}({', '.join(parts)})"

    def __iter__(self):
        if not self._unpack:
            raise TypeError(f"{type(self).__name__} cannot be unpacked")
        return iter(getattr(self, name) for name in self._unpack)

    def to_dict(self) -> dict[str, Any]:
        """Fields as a dict of plain Python values (JSON-serialisable)."""
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}

    def to_frame(self) -> pd.DataFrame:
        """Scalar fields as a one-row DataFrame; array fields as columns.

        Intervals are expanded into ``<name>_low`` / ``<name>_high`` columns
        (``ci_low``/``ci_high`` for a field called ``confidence_interval``).
        """
        cols: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if isinstance(v, ConfidenceInterval):
                prefix = "ci" if f.name == "confidence_interval" else f.name
                cols[f"{prefix}_low"] = v.low
                cols[f"{prefix}_high"] = v.high
            elif isinstance(v, Result | pd.DataFrame | dict):
                continue
            else:
                cols[f.name] = v
        shape = np.broadcast_shapes(*(np.shape(v) for v in cols.values()))
        if shape == ():
            return pd.DataFrame([cols])
        return pd.DataFrame(
            {k: np.broadcast_to(np.asarray(v), shape).ravel() for k, v in cols.items()}
        )
