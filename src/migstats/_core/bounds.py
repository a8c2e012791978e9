"""Exact bounds: the one type for the smallest and largest value of a set.

:class:`Range` is what migstats returns where a ``(low, high)`` pair is not an
interval *estimate* but the exact, deterministic ends of a set: the counts
a rounded percentage allows (:func:`migstats.count_range`), the extremes over
the feasible count vectors (:class:`migstats.FeasibleCounts`), the group
shares a table's rounded totals allow (:func:`migstats.implied_group_shares`).
Confidence intervals are :class:`migstats.ConfidenceInterval` instead.
"""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = ["Range"]


class Range(NamedTuple):
    """Exact minimum and maximum ``(low, high)`` of a set; fields may be arrays.

    Not a confidence interval: every value in the set lies in ``[low,
    high]`` and both ends are attained.  Where the set can be empty (the
    counts of :func:`migstats.count_range`), ``low > high`` says so.

    Examples
    --------
    >>> from migstats import count_range
    >>> low, high = count_range("52", 1000)
    >>> int(low), int(high)
    (515, 525)
    """

    low: Any
    high: Any
