"""`feasible_counts`: from published percentages to the set of count vectors they allow.

This module owns the constructor of :class:`migstats.FeasibleCounts`
(:mod:`migstats._core.feasible_set`): it reads the published percentages
exactly, gives every category the counts whose percentage rounds to its
value (:func:`migstats.count_range`), says why the set is empty when it is
(GRIM per category, or sums that cannot reach ``n``), and otherwise tightens
each category's bounds by the sum so that every value in them is attained.

Weighted percentages are not counts.  The feasible set is exact only for
unweighted data; for weighted data it describes a hypothetical unweighted
sample of size ``n`` (e.g. the effective sample size, rounded) and is
indicative only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._base import check_n, invalid_value
from .exact import _parse_reported, decimal_strings
from .feasible_set import REMAINDER_LABEL, FeasibleCounts, _plain_numbers
from .grim import _count_range_units
from .rounding import _check_percent_range, _check_rule

__all__ = ["feasible_counts"]


def feasible_counts(
    percents: Any,
    n: int,
    *,
    decimals: Any = None,
    rounding: str = "up_or_down",
    remainder: bool = False,
    labels: Sequence[Any] | None = None,
    threshold: Any = None,
) -> FeasibleCounts:
    """All integer count vectors consistent with rounded percentages.

    Parameters
    ----------
    percents : sequence of str or float, or pandas.Series
        Published percentages of ``k`` mutually exclusive categories, in
        [0, 100].  Strings keep trailing zeros and give the decimals per
        value; numbers need ``decimals``.  A Series' index gives the labels.
    n : int
        Number of respondents (a positive integer).
    decimals : int or sequence of int, optional
        Decimals printed, for numeric ``percents`` (per category or one for
        all).  For strings it must agree with the digits shown or be None.
    rounding : str, default "up_or_down"
        One of :data:`migstats.ROUNDING_RULES`.  The default allows either
        direction at an exact tie.
    remainder : bool, default False
        Add one unpublished category with the rest of the respondents (count
        ``>= 0``), for tables that publish only some categories (e.g. agree
        and disagree of a 5-point item).  If False the categories are
        exhaustive and their counts sum to ``n``.
    labels : sequence, optional
        Category labels (default: the Series index, else ``"0", "1", ...``).
    threshold : int, optional
        Digit 1..9 for the threshold rules ``rounding="up_from"`` /
        ``"down_from"`` (:data:`migstats._core.rounding.THRESHOLD_RULES`).

    Returns
    -------
    FeasibleCounts
        The set, with ``consistent`` and ``reason``, exact per-category
        bounds and the methods ``count, bounds, extreme_counts,
        percent_bounds, marginals, sample, closest, contains, to_frame``.

    Raises
    ------
    MigstatsValueError
        If a percentage is NaN, outside [0, 100] or not a decimal number;
        ``n`` is not a positive integer; ``decimals`` is missing for numeric
        input or wrong; ``labels`` has the wrong length or repeats; or
        ``rounding`` is unknown.  An *inconsistent* distribution is not an
        error: see ``consistent`` and ``reason``.

    Notes
    -----
    Category ``i`` can hold the counts ``lo_i..hi_i`` whose percentage rounds
    to ``p_i`` (:func:`migstats.count_range`; exact integer arithmetic); the
    remainder ``0..n``.  The set is ``{c : sum c = n, lo <= c <= hi}``; it
    is empty iff a range is empty (GRIM inconsistency) or
    ``sum(lo) > n`` or ``sum(hi) < n``.  Otherwise the bounds are tightened
    to ``lo_i' = max(lo_i, n - sum_{j != i} hi_j)`` and
    ``hi_i' = min(hi_i, n - sum_{j != i} lo_j)``, after which every value in
    each range is attained (the other categories can take any total between
    their bound sums).  This generalises GRIM (Brown and Heathers 2017) from
    one percentage to a whole distribution, in the spirit of the
    "SPRITE"-type reconstructions (Heathers et al. 2018), but exhaustively
    and exactly.

    The reconstruction is exact only for unweighted data.  Published
    percentages from weighted data are not ``100 c / n`` for whole ``c``; for
    them the set describes a hypothetical unweighted sample of size ``n``
    (use the effective sample size, rounded) and is indicative only.

    References
    ----------
    .. [1] Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test.
       *Social Psychological and Personality Science*, 8(4), 363-369.
    .. [2] Heathers, J. A., Anaya, J., van der Zee, T., & Brown, N. J. L.
       (2018). Recovering data from summary statistics: Sample Parameter
       Reconstruction via Iterative TEchniques (SPRITE). *PeerJ Preprints*
       6:e26968v1.

    Examples
    --------
    A 10-point item published as whole percentages, with n = 200:

    >>> p = ["2", "2", "4", "6", "15", "10", "11", "14", "8", "28"]
    >>> fc = feasible_counts(p, 200)
    >>> fc.consistent, fc.count()
    (True, 8953)
    >>> lo, hi = fc.bounds(range(1, 11))
    >>> round(lo, 3), round(hi, 3)
    (7.055, 7.305)

    With n = 7 no count gives 52%:

    >>> fc = feasible_counts(["52", "21"], 7, remainder=True)
    >>> fc.consistent, fc.count()
    (False, 0)
    >>> print(fc.reason)
    GRIM: no count out of n = 7 gives the published percentage of categories '0' (52), '1' (21)

    Three categories of 33% cannot come from 100 respondents (at most 33
    each):

    >>> feasible_counts(["33", "33", "33"], 100).consistent
    False
    """
    rule = _check_rule(rounding, threshold)
    if not isinstance(remainder, bool | np.bool_):
        raise invalid_value("remainder", "True or False", remainder)
    n_arr = check_n(_plain_numbers(n, "n", "a positive integer"), "n")
    if n_arr.ndim != 0:
        raise invalid_value("n", "a single positive integer", n)
    n_int = int(n_arr)
    m, d, labs = _published(percents, decimals, labels, bool(remainder))
    lo, hi = _count_range_units(m, d, np.int64(n_int), rule)
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.asarray(hi, dtype=np.int64)
    reported: list[str | None] = [str(v) for v in decimal_strings(m, d)]
    if remainder:
        lo = np.append(lo, 0)
        hi = np.append(hi, n_int)
        reported.append(None)
    grim_ok = lo <= hi
    reason = _empty_reason(lo, hi, n_int, labs, reported)
    consistent = reason is None
    if consistent:
        lo_t = np.maximum(lo, n_int - (hi.sum() - hi))
        hi_t = np.minimum(hi, n_int - (lo.sum() - lo))
        lo, hi = lo_t, hi_t
    lo.flags.writeable = False
    hi.flags.writeable = False
    return FeasibleCounts(
        n=n_int,
        labels=tuple(labs),
        reported=tuple(reported),
        rounding=rounding,
        remainder=bool(remainder),
        low=lo,
        high=hi,
        grim_consistent=tuple(bool(v) for v in grim_ok),
        consistent=consistent,
        reason=reason,
        threshold=None if threshold is None else int(threshold),
    )


def _published(
    percents: Any, decimals: Any, labels: Sequence[Any] | None, remainder: bool
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The published percentages as exact ``(m, d)`` and the category labels, checked."""
    index_labels = None
    if isinstance(percents, pd.Series):
        index_labels = [str(v) for v in percents.index]
        percents = percents.to_numpy(dtype=object)
    if isinstance(percents, str):
        raise invalid_value("percents", "a 1-d sequence of percentages", percents)
    m, d, shape = _parse_reported(percents, decimals, "percents")
    if len(shape) != 1:
        raise invalid_value("percents", "a 1-d sequence of percentages", percents)
    _check_percent_range(m, d, "percents", percents)
    k_pub = shape[0]
    if labels is None:
        labs = index_labels if index_labels is not None else [str(i) for i in range(k_pub)]
    else:
        labs = [str(v) for v in labels]
        if len(labs) != k_pub:
            raise invalid_value(
                "labels", f"a sequence of length {k_pub} (one per percentage)", labels
            )
    if remainder:
        labs = [*labs, REMAINDER_LABEL]
    if len(set(labs)) != len(labs):
        raise invalid_value("labels", "unique (the remainder is labelled 'remainder')", labs)
    return m, d, labs


def _empty_reason(
    lo: np.ndarray, hi: np.ndarray, n: int, labs: list[str], reported: list[str | None]
) -> str | None:
    """Why no count vector fits the ranges ``lo..hi`` and the sum ``n`` (None if one does)."""
    grim_ok = lo <= hi
    if not grim_ok.all():
        bad = [f"{labs[i]!r} ({reported[i]})" for i in np.flatnonzero(~grim_ok)]
        what = "category" if len(bad) == 1 else "categories"
        return (
            f"GRIM: no count out of n = {n} gives the published percentage of "
            f"{what} {', '.join(bad)}"
        )
    if lo.sum() > n:
        return (
            f"the smallest counts the percentages allow sum to {int(lo.sum())} > n = {n}: "
            "even at the bottom of their rounding intervals the percentages add up to "
            "more than 100%"
        )
    if hi.sum() < n:
        return (
            f"the largest counts the percentages allow sum to {int(hi.sum())} < n = {n}: "
            "even at the top of their rounding intervals the percentages add up to less "
            "than 100% (use remainder=True if some categories are not published)"
        )
    return None
