"""Hypothesis strategies for property-based tests of code that reads rounded tables.

This module owns test-data generators for users' own property-based tests
(and migstats' test suite): true count vectors, their published rounded
percentages, and whole published tables in the migstats schema, all drawn
from known true counts so that a test can check that an analysis recovers
(or at least contains) the truth.

It needs `hypothesis <https://hypothesis.readthedocs.io>`_ (the ``test``
extra) and is therefore not imported by ``import migstats``; import it as
``migstats.strategies``.

Rounding of the true percentages ``100 c / n`` is exact
(:func:`migstats.round_half` arithmetic).  Under the default rule
``"up_or_down"`` a value exactly half way is rounded up or down as
hypothesis chooses, so both directions of a tie are exercised.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from hypothesis import strategies as st

from ._base import check_n, check_option, invalid_value
from ._core import PERCENT_SCALE, ROUNDING_RULES, decimal_strings, round_rational

__all__ = [
    "DEFAULT_GROUPS",
    "DEFAULT_GROUP_N",
    "DEFAULT_K",
    "DEFAULT_N",
    "TABLE_COLUMNS",
    "RoundedDistribution",
    "count_vectors",
    "published_tables",
    "rounded_distributions",
]

#: Default strategy for the number of respondents: small enough for fast
#: brute-force checks, large enough to have GRIM-consistent ties.
DEFAULT_N = st.integers(min_value=1, max_value=2000)

#: Default strategy for the number of (published) categories.
DEFAULT_K = st.integers(min_value=1, max_value=10)

#: Columns of :func:`published_tables` (the migstats tidy schema subset).
TABLE_COLUMNS = ("table", "item", "response", "dimension", "group", "percent", "reported")

#: Default strategy for the number of respondents per group in
#: :func:`published_tables` (a few hundred per group, as in a panel survey).
DEFAULT_GROUP_N = st.integers(min_value=20, max_value=1500)

#: Groups of the education dimension in the chapter-7 corpus, used as the
#: default groups of :func:`published_tables`.
DEFAULT_GROUPS = ("bo/vmbo", "havo/vwo/mbo", "hbo/wo")


def _strategy(value: Any, name: str, minimum: int) -> st.SearchStrategy:
    if isinstance(value, st.SearchStrategy):
        return value
    check_n(value, name, minimum=minimum)
    if np.ndim(value) != 0:
        raise invalid_value(name, "an integer or a hypothesis strategy", value)
    return st.just(int(value))


def _drawn(value: Any, name: str, minimum: int) -> int:
    """Check a value drawn from a user's strategy (it may produce anything)."""
    arr = check_n(value, name, minimum=minimum)
    if arr.ndim != 0:
        raise invalid_value(name, "a single integer", value)
    return int(arr)


@st.composite
def _counts(draw: Any, n: int, k: int) -> np.ndarray:
    cuts = sorted(draw(st.lists(st.integers(0, n), min_size=k - 1, max_size=k - 1)))
    return np.diff(np.array([0, *cuts, n], dtype=np.int64))


def count_vectors(
    n: int | st.SearchStrategy[int] = DEFAULT_N,
    k: int | st.SearchStrategy[int] = DEFAULT_K,
) -> st.SearchStrategy[np.ndarray]:
    """Strategy for count vectors: ``k`` non-negative integers that sum to ``n``.

    Parameters
    ----------
    n : int or strategy of int, default :data:`DEFAULT_N`
        Total (>= 1).
    k : int or strategy of int, default :data:`DEFAULT_K`
        Number of categories (>= 1).

    Returns
    -------
    hypothesis.strategies.SearchStrategy
        Draws int64 arrays of length ``k`` summing to ``n`` (zeros allowed),
        built from ``k - 1`` sorted cut points in ``0..n`` (which shrinks
        well: toward all respondents in the last category).

    Raises
    ------
    MigstatsValueError
        If ``n`` or ``k`` is neither a strategy nor a positive integer.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(count_vectors(n=40, k=3))
    ... def check(c):
    ...     assert c.sum() == 40 and len(c) == 3 and (c >= 0).all()
    >>> check()
    """
    n_s = _strategy(n, "n", 1)
    k_s = _strategy(k, "k", 1)
    return st.tuples(n_s, k_s).flatmap(
        lambda nk: _counts(_drawn(nk[0], "n", 1), _drawn(nk[1], "k", 1))
    )


class RoundedDistribution(NamedTuple):
    """True counts together with their published rounded percentages.

    Attributes
    ----------
    counts : ndarray of int
        True counts of the published categories, then (with
        ``remainder=True``) the unpublished rest as the last element.
    n : int
        Number of respondents.
    reported : tuple of str
        Published percentages as printed (``decimals`` decimals), one per
        published category.
    percents : ndarray of float
        The same as floats.
    decimals : int
        Decimals printed.
    rounding : str
        The rule used (``"up_or_down"``: each tie went the way hypothesis
        chose).
    remainder : bool
        Whether the last count is an unpublished remainder.
    """

    counts: np.ndarray
    n: int
    reported: tuple[str, ...]
    percents: np.ndarray
    decimals: int
    rounding: str
    remainder: bool


def _publish(draw: Any, counts: np.ndarray, n: int, decimals: int, rounding: str) -> np.ndarray:
    """Exact rounded percentages (as integers ``m``, value ``m / 10**decimals``)."""
    num = PERCENT_SCALE * counts.astype(np.int64)
    den = np.full(num.shape, n, dtype=np.int64)
    d = np.full(num.shape, decimals, dtype=np.int64)
    if rounding != "up_or_down":
        return np.asarray(round_rational(num, den, d, rounding), dtype=np.int64)
    up = np.asarray(round_rational(num, den, d, "half_up"), dtype=np.int64)
    down = np.asarray(round_rational(num, den, d, "half_down"), dtype=np.int64)
    ties = np.flatnonzero(up != down)
    out = down.copy()
    for i in ties:
        if draw(st.booleans()):
            out[i] = up[i]
    return out


@st.composite
def _rounded(
    draw: Any, n_s: Any, k_s: Any, dec_s: Any, rounding: str, remainder: bool
) -> RoundedDistribution:
    n = _drawn(draw(n_s), "n", 1)
    k = _drawn(draw(k_s), "k", 1)
    decimals = _drawn(draw(dec_s), "decimals", 0)
    counts = draw(_counts(n, k + int(remainder)))
    published = counts[:k]
    m = _publish(draw, published, n, decimals, rounding)
    d = np.full(m.shape, decimals, dtype=np.int64)
    reported = tuple(str(s) for s in decimal_strings(m, d))
    percents = m.astype(float) / 10.0**decimals
    return RoundedDistribution(counts, n, reported, percents, decimals, rounding, remainder)


def rounded_distributions(
    n: int | st.SearchStrategy[int] = DEFAULT_N,
    k: int | st.SearchStrategy[int] = DEFAULT_K,
    *,
    decimals: int | st.SearchStrategy[int] = 0,
    rounding: str = "up_or_down",
    remainder: bool = False,
) -> st.SearchStrategy[RoundedDistribution]:
    """Strategy for true counts and the rounded percentages a report would print.

    Parameters
    ----------
    n : int or strategy of int, default :data:`DEFAULT_N`
        Number of respondents (>= 1).
    k : int or strategy of int, default :data:`DEFAULT_K`
        Number of *published* categories (>= 1).
    decimals : int or strategy of int, default 0
        Decimals printed (>= 0).
    rounding : str, default "up_or_down"
        One of :data:`migstats.ROUNDING_RULES`; with ``"up_or_down"`` every
        exact tie is rounded up or down at hypothesis' choice.
    remainder : bool, default False
        If True, draw ``k + 1`` counts and publish only the first ``k``
        (the last is the unpublished rest, as in an agree/disagree summary
        of a 5-point item).

    Returns
    -------
    hypothesis.strategies.SearchStrategy
        Draws :class:`RoundedDistribution` tuples.

    Raises
    ------
    MigstatsValueError
        For an unknown rule or invalid ``n``, ``k``, ``decimals``.

    Examples
    --------
    The true counts always lie in the feasible set of their own rounded
    percentages:

    >>> from hypothesis import given, settings
    >>> from migstats import feasible_counts
    >>> @settings(max_examples=20)
    ... @given(rounded_distributions(n=300, k=3, remainder=True))
    ... def round_trip(dist):
    ...     fc = feasible_counts(dist.reported, dist.n, remainder=True)
    ...     assert fc.contains(dist.counts)
    >>> round_trip()
    """
    rounding = check_option(rounding, "rounding", ROUNDING_RULES)
    if not isinstance(remainder, bool | np.bool_):
        raise invalid_value("remainder", "True or False", remainder)
    return _rounded(
        _strategy(n, "n", 1),
        _strategy(k, "k", 1),
        _strategy(decimals, "decimals", 0),
        rounding,
        bool(remainder),
    )


@st.composite
def _tables(
    draw: Any,
    responses: tuple[str, ...],
    groups: tuple[str, ...],
    dimension: str,
    n_s: Any,
    dec_s: Any,
    rounding: str,
    remainder: bool,
    table: str,
    item: str,
    include_truth: bool,
) -> pd.DataFrame:
    decimals = _drawn(draw(dec_s), "decimals", 0)
    k = len(responses)
    group_counts = []
    for _ in groups:
        n = _drawn(draw(n_s), "n", 1)
        group_counts.append(draw(_counts(n, k + int(remainder))))
    total = np.sum(group_counts, axis=0)
    rows = []
    for dim, grp, counts in [
        ("total", "total", total),
        *((dimension, g, c) for g, c in zip(groups, group_counts, strict=True)),
    ]:
        n = int(counts.sum())
        m = _publish(draw, counts[:k], n, decimals, rounding)
        d = np.full(m.shape, decimals, dtype=np.int64)
        printed = decimal_strings(m, d)
        for j, resp in enumerate(responses):
            row = {
                "table": table,
                "item": item,
                "response": resp,
                "dimension": dim,
                "group": grp,
                "percent": float(m[j]) / 10.0**decimals,
                "reported": str(printed[j]),
            }
            if include_truth:
                row["count"] = int(counts[j])
                row["n"] = n
            rows.append(row)
    return pd.DataFrame(rows)


def published_tables(
    *,
    responses: Sequence[str] = ("agree", "disagree"),
    groups: Sequence[str] = DEFAULT_GROUPS,
    dimension: str = "education",
    n: int | st.SearchStrategy[int] = DEFAULT_GROUP_N,
    decimals: int | st.SearchStrategy[int] = 0,
    rounding: str = "up_or_down",
    remainder: bool = True,
    table: str = "7.7",
    item: str = "responsiveness",
    include_truth: bool = False,
) -> st.SearchStrategy[pd.DataFrame]:
    """Strategy for a published table in the migstats tidy schema, from true counts.

    Parameters
    ----------
    responses : sequence of str, default ("agree", "disagree")
        Published response categories.
    groups : sequence of str, default the education groups
        Groups of the dimension (one true count vector is drawn per group).
    dimension : str, default "education"
        Name of the grouping dimension.
    n : int or strategy of int, default :data:`DEFAULT_GROUP_N`
        Respondents per group (drawn independently for every group).
    decimals : int or strategy of int, default 0
        Decimals printed.
    rounding : str, default "up_or_down"
        One of :data:`migstats.ROUNDING_RULES`.
    remainder : bool, default True
        If True every group also has an unpublished rest category, so the
        published percentages need not add up to 100.
    table, item : str, default "7.7", "responsiveness"
        Values of the ``table`` and ``item`` columns.  The defaults name a
        chapter item that publishes "agree" and "disagree" on a 5-point
        scale, so a drawn table can be passed as it is to
        :func:`migstats.check_table` and the other table-level functions
        (whose item catalogue is :func:`migstats.load_items`); with other
        names pass your own catalogue as ``items=``.
    include_truth : bool, default False
        Add columns ``count`` (the true count) and ``n`` (the group size).

    Returns
    -------
    hypothesis.strategies.SearchStrategy
        Draws DataFrames with columns :data:`TABLE_COLUMNS` (plus ``count``
        and ``n`` with ``include_truth``): first the rows of dimension and
        group ``"total"``, then each group's rows, one row per response.
        The total's counts are the sums of the groups' counts, so the total
        row is consistent with its groups by construction (in real reports
        the total may also include respondents with a missing group).

    Raises
    ------
    MigstatsValueError
        For empty or repeated ``responses``/``groups``, an unknown rule or
        invalid ``n``/``decimals``.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(published_tables(include_truth=True))
    ... def check(df):
    ...     tot = df[df.group == "total"].set_index("response")["count"]
    ...     grp = df[df.group != "total"].groupby("response")["count"].sum()
    ...     assert (tot == grp[tot.index]).all()
    >>> check()
    """
    responses = tuple(str(r) for r in responses)
    groups = tuple(str(g) for g in groups)
    for name, values in (("responses", responses), ("groups", groups)):
        if not values or len(set(values)) != len(values):
            raise invalid_value(name, "a non-empty sequence of distinct labels", list(values))
    rounding = check_option(rounding, "rounding", ROUNDING_RULES)
    for name, flag in (("remainder", remainder), ("include_truth", include_truth)):
        if not isinstance(flag, bool | np.bool_):
            raise invalid_value(name, "True or False", flag)
    return _tables(
        responses,
        groups,
        str(dimension),
        _strategy(n, "n", 1),
        _strategy(decimals, "decimals", 0),
        rounding,
        bool(remainder),
        str(table),
        str(item),
        bool(include_truth),
    )
