"""numpy's and pandas' own results for the audit's small arrays, without their per-call work.

This module owns the helpers that give, bit for bit, what a numpy or pandas
function gives for the arrays the audit handles by the thousand (a few
groups per row, a few rows per claim), where that function's own call costs
more than the computation: row sums and extremes over a few groups
(:func:`group_sums`, :func:`group_extremes`), stacking and tiling
(:func:`stack_rows`, :func:`tile_blocks`) and a frame's rows as dicts
(:func:`frame_records`).  Each says which function it equals and is tested
against it; none computes a statistic.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "IN_ORDER_TERMS",
    "frame_records",
    "group_extremes",
    "group_sums",
    "stack_rows",
    "tile_blocks",
]


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts, column to value, as ``frame.to_dict("records")``.

    Built from each column's list at once: for the small tables of a report
    several times faster than pandas' conversion, and the same dicts for
    columns of numbers, booleans and text (numpy numbers of an object column
    unboxed; tested against pandas).  A missing value of a nullable column
    (pandas' ``boolean``, ``Int64``, ``string``) stays ``pd.NA``, where
    pandas 3 gives None: the claims and quantifiers read with it have no
    such column.

    Examples
    --------
    >>> frame_records(pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}))
    [{'a': 1, 'b': 'x'}, {'a': 2, 'b': 'y'}]
    """
    columns = list(frame.columns)
    if not columns:
        return [{} for _ in range(len(frame))]
    values = [_unboxed(frame.iloc[:, j]) for j in range(len(columns))]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _unboxed(column: pd.Series) -> list:
    """A column's values as Python objects: ``tolist``, and an object column's numpy
    numbers and booleans as Python's (what pandas' records do with them)."""
    values = column.tolist()
    if column.dtype == object:
        return [v.item() if isinstance(v, _NUMPY_NUMBERS) else v for v in values]
    return values


#: The numpy scalars ``to_dict("records")`` turns into Python numbers and booleans.
_NUMPY_NUMBERS = (np.integer, np.floating, np.bool_)


#: Fewer numbers than this numpy adds in order, from 0 (the base case of its
#: pairwise summation, ``pairwise_sum`` in numpy's ``loops_utils``).
IN_ORDER_TERMS = 8


def group_sums(x: np.ndarray) -> np.ndarray:
    """``np.sum(x, axis=-1)`` over a few groups (the last axis), bit for bit, faster.

    numpy reduces a short last axis row by row (for thousands of rows of
    five groups about ten times slower than adding whole columns) and adds
    fewer than :data:`IN_ORDER_TERMS` numbers in order, starting from 0: so
    one vector addition per group, in that order, gives every row's sum as
    ``np.sum`` does (tested bit for bit, signed zeros and NaN included).
    Other arrays (one row, integers, half precision, eight groups or more)
    go to ``np.sum``.

    Examples
    --------
    >>> group_sums(np.array([[0.1, 0.2, 0.3], [1.0, 2.0, 3.0]])).tolist()
    [0.6000000000000001, 6.0]
    """
    x = np.asarray(x)
    if not _few_groups(x):
        return x.sum(axis=-1)
    groups = x.shape[-1]
    out = 0.0 + x[..., 0]
    for j in range(1, groups):
        out = out + x[..., j]
    return out


def _few_groups(x: np.ndarray) -> bool:
    """Rows (2-d or more) of 1 to 7 groups of float32 or float64, which numpy sums in
    order in their own precision (float16 it sums in float32)."""
    groups = x.shape[-1] if x.ndim else 0
    return x.ndim >= 2 and x.dtype in _SUMMED_IN_ORDER and 0 < groups < IN_ORDER_TERMS


#: The float types numpy adds in their own precision.
_SUMMED_IN_ORDER = (np.dtype(np.float32), np.dtype(np.float64))


def group_extremes(x: np.ndarray, *, low: bool = True) -> np.ndarray:
    """``x.min(axis=-1)`` (``low=False``: ``x.max(axis=-1)``) over a few groups, faster.

    One comparison per group, in order from the first, as numpy's reductions
    compare (tested against them).  Other arrays as for :func:`group_sums`.
    """
    x = np.asarray(x)
    if not _few_groups(x):
        return x.min(axis=-1) if low else x.max(axis=-1)
    groups = x.shape[-1]
    pick = np.minimum if low else np.maximum
    out = x[..., 0].copy()
    for j in range(1, groups):
        out = pick(out, x[..., j])
    return out


def stack_rows(arrays: Sequence[Any]) -> np.ndarray:
    """``np.stack(arrays)``: arrays of one shape along a new first axis.

    ``np.array`` of the list is the same array without ``np.stack``'s
    per-call work (about four times faster for the small arrays of an
    audit, which stacks thousands); arrays of different shapes are refused
    (``ValueError``), as ``np.stack`` refuses them.

    Examples
    --------
    >>> stack_rows([np.arange(2.0), np.ones(2)]).tolist()
    [[0.0, 1.0], [1.0, 1.0]]
    """
    return np.array(arrays) if len(arrays) else np.stack(arrays)


def tile_blocks(values: np.ndarray, times: int) -> np.ndarray:
    """``np.tile(values, times)`` of a 1-d array: ``times`` copies, one after another.

    Examples
    --------
    >>> tile_blocks(np.arange(2), 3).tolist()
    [0, 1, 0, 1, 0, 1]
    """
    return np.concatenate([values] * times) if times > 0 else np.tile(values, times)
