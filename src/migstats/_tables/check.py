"""Consistency checks of one published table, given its rounding (:func:`check_table`).

Every published number stands for an interval of true values; the checks
are exact interval arithmetic (and, for the count-based checks, whole count
vectors) on these intervals: ``sum`` (a distribution sums to 100),
``total_vs_groups`` and ``total_within_groups`` (a total against its
groups), ``combined_response`` and ``combined_response_counts`` (a combined
response such as "6-10" against its single codes) and ``counts`` (GRIM for a
whole distribution).  Verdicts are :data:`~migstats.CHECK_VERDICTS`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .._base import CHECK_COLUMNS, CHECK_VERDICTS, invalid_value
from .._core import PERCENT_SCALE, feasible_counts
from .._corpus import SampleDesign
from .context import (
    INTERVAL_ATOL,
    TableContext,
    is_range_response,
    linear_range,
    range_codes,
    tables_label,
)

__all__ = ["N_RANGE_POINTS", "check_table"]

CONSISTENT, INCONSISTENT, UNTESTABLE = CHECK_VERDICTS

#: Number of candidate sample sizes across ``design.n_range`` at which
#: :func:`check_table` repeats its count-based checks
#: (:meth:`SampleDesign.n_grid`, geometric spacing).
N_RANGE_POINTS = 9

_APPROXIMATE = "an approximate number is involved"


def _row(**kw: Any) -> dict[str, Any]:
    return {c: kw.get(c, np.nan) for c in CHECK_COLUMNS}


def _verdict(observed: float, low: float, high: float) -> str:
    ok = low - INTERVAL_ATOL <= observed <= high + INTERVAL_ATOL
    return CONSISTENT if ok else INCONSISTENT


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def _block_fields(check: str, key: tuple[str, str, str], block: pd.DataFrame) -> dict[str, Any]:
    """The identifying columns of a row about one distribution (all its responses)."""
    item, dim, grp = key
    return dict(
        check=check,
        table=tables_label(block["table"]),
        item=item,
        response=", ".join(block["response"]),
        dimension=dim,
        groups=grp,
    )


def _grid_detail(
    ctx: TableContext, grid: Sequence[int], bad: Sequence[int], *, ok: str, failed: str, tail: str
) -> str:
    """Detail text of a check run at every size of the design's n grid."""
    head = f"across the design's n range ({len(grid)} sizes from {grid[0]} to {grid[-1]}): "
    body = ok if not bad else f"{failed} at n = " + ", ".join(map(str, bad))
    return head + body + tail + ctx.weighted_note()


# --------------------------------------------------------------------------
# (a) sum
# --------------------------------------------------------------------------


def _sum_checks(blocks, lo: pd.Series, hi: pd.Series) -> list[dict[str, Any]]:
    """(a) the responses of one group must be able to sum to (at most) 100."""
    rows = []
    for (item, dim, grp), block, complete in blocks:
        k = len(block)
        if k < 2 and not complete:
            continue  # a single partial response is always <= 100: nothing to test
        p = block["percent"].to_numpy(dtype=float)
        below = float(np.sum(p - lo[block.index]))  # how far the true values may lie below
        above = float(np.sum(hi[block.index] - p))  # ... and above the published ones
        s = float(p.sum())
        common = _block_fields("sum", (item, dim, grp), block) | {"observed": s}
        if block["approximate"].any():
            rows.append(_row(**common, verdict=UNTESTABLE, detail=_APPROXIMATE))
            continue
        if complete:
            low, high = float(PERCENT_SCALE) - above, float(PERCENT_SCALE) + below
            what = (
                f"the {k} responses form the complete scale, so their true values sum to 100; "
                f"with their rounding the published sum must lie in [{_fmt(low)}, {_fmt(high)}]"
            )
        else:
            low, high = 0.0, float(PERCENT_SCALE) + below
            what = (
                f"the {k} published responses are part of the scale, so their true values sum "
                f"to at most 100; with their rounding the published sum must be <= {_fmt(high)}"
            )
        rows.append(
            _row(
                **common,
                expected_low=low,
                expected_high=high,
                verdict=_verdict(s, low, high),
                detail=f"published sum {_fmt(s)}: {what}.",
            )
        )
    return rows


# --------------------------------------------------------------------------
# (b), (c) a total against its groups
# --------------------------------------------------------------------------


class _Total(NamedTuple):
    """The published total of one (item, response) and how far its truth may lie."""

    row: pd.Series
    value: float
    below: float
    above: float


def _total_checks(ctx: TableContext, lo: pd.Series, hi: pd.Series) -> list[dict[str, Any]]:
    """(b) total vs share-weighted groups and (c) total within the groups' range."""
    out = []
    for (item, resp), block in ctx.rows.groupby(["item", "response"], sort=False):
        tot = block[block["dimension"] == "total"]
        if tot.empty:
            continue
        t_idx = tot.index[0]
        value = float(tot.iloc[0]["percent"])
        total = _Total(tot.iloc[0], value, value - float(lo[t_idx]), float(hi[t_idx]) - value)
        for dim in dict.fromkeys(block["dimension"]):
            if dim == "total" or dim in ctx.non_partitions:
                continue
            out += _total_dim_checks(ctx, block, total, (item, resp, dim), lo, hi)
    return out


def _total_dim_checks(
    ctx: TableContext,
    block: pd.DataFrame,
    total: _Total,
    key: tuple[str, str, str],
    lo: pd.Series,
    hi: pd.Series,
) -> list[dict[str, Any]]:
    """The two total checks of one item, response and dimension."""
    item, resp, dim = key
    sub = block[block["dimension"] == dim].drop_duplicates("group")
    order = [g for g in ctx.groups.get(dim, ()) if g in set(sub["group"])]
    missing = [g for g in ctx.groups.get(dim, ()) if g not in set(sub["group"])]
    sub = sub.assign(_row=sub.index).set_index("group").loc[order]
    common = dict(
        table=tables_label([total.row["table"], *sub["table"]]),
        item=item,
        response=resp,
        dimension=dim,
        groups=", ".join(order),
        observed=total.value,
    )
    approx = bool(total.row["approximate"]) or bool(sub["approximate"].any())
    why = _total_untestable(ctx, dim, missing, approx)
    out = []
    for check in ("total_vs_groups", "total_within_groups"):
        if why is None:
            idx = pd.Index(sub["_row"])
            glo, ghi = lo[idx].to_numpy(dtype=float), hi[idx].to_numpy(dtype=float)
            p = sub["percent"].to_numpy(dtype=float)
            found = _total_range(ctx, check, dim, order, p, glo, ghi, total)
        else:
            found = why
        if isinstance(found, str):
            out.append(_row(check=check, **common, verdict=UNTESTABLE, detail=found))
            continue
        low, high, detail = found
        out.append(
            _row(
                check=check,
                **common,
                expected_low=low,
                expected_high=high,
                verdict=_verdict(total.value, low, high),
                detail=f"published total {_fmt(total.value)}; {detail}.",
            )
        )
    return out


def _total_untestable(
    ctx: TableContext, dim: str, missing: Sequence[str], approx: bool
) -> str | None:
    """Why a total cannot be checked against its ``dim`` groups (None if it can)."""
    if dim in ctx.design.partial_dimensions:
        return (
            f"the design's {dim} groups do not cover every respondent "
            "(SampleDesign.partial_dimensions), so the total need not be "
            "their weighted mean nor lie within their range"
        )
    if missing:
        return f"groups {', '.join(missing)} of {dim} are not published"
    if approx:
        return _APPROXIMATE
    return None


def _total_range(
    ctx: TableContext,
    check: str,
    dim: str,
    order: Sequence[str],
    p: np.ndarray,
    glo: np.ndarray,
    ghi: np.ndarray,
    total: _Total,
) -> tuple[float, float, str] | str:
    """``(low, high, detail)`` the published total may take, or why it is untestable."""
    if check == "total_within_groups":
        low, high = float(glo.min()) - total.above, float(ghi.max()) + total.below
        detail = (
            f"a total is a weighted mean of its {dim} groups, so its true value lies "
            f"within their range [{_fmt(glo.min())}, {_fmt(ghi.max())}] "
            "(groups widened by rounding)"
        )
        return low, high, detail
    shares = ctx.shares(dim, order)
    if shares is None:
        return f"the design has no shares for dimension {dim!r}"
    implied = float(shares @ p)
    ilo, ihi = float(shares @ glo), float(shares @ ghi)
    detail = (
        f"the {dim} groups weighted by the design's shares imply a total of "
        f"{implied:.2f} (true value in [{ilo:.2f}, {ihi:.2f}] given the groups' "
        "rounding)"
    )
    return ilo - total.above, ihi + total.below, detail


# --------------------------------------------------------------------------
# (d) a combined response against its single codes
# --------------------------------------------------------------------------


class _Combined(NamedTuple):
    """One combined response of a group with the single codes it covers."""

    dim: str
    grp: str
    response: str
    value: float
    below: float
    above: float
    reported: list
    complete: bool
    weights: np.ndarray


def _combined_checks(
    ctx: TableContext, blocks, lo: pd.Series, hi: pd.Series, n_range_points: int
) -> list[dict[str, Any]]:
    """(d) a combined response ("6-10") against the sum of its single codes."""
    rows_df = ctx.rows
    out = []
    for (item, dim, grp), block, complete in blocks:
        allrows = rows_df[
            (rows_df["item"] == item) & (rows_df["dimension"] == dim) & (rows_df["group"] == grp)
        ]
        responses = set(block["response"])
        for idx, crow in allrows.iterrows():
            r = crow["response"]
            if not is_range_response(r) or not set(range_codes(r)) <= responses:
                continue
            codes = set(range_codes(r))
            value = float(crow["percent"])
            comb = _Combined(
                dim,
                grp,
                r,
                value,
                value - float(lo[idx]),
                float(hi[idx]) - value,
                list(block["reported"].astype(str)),
                complete,
                np.array([1.0 if x in codes else 0.0 for x in block["response"]]),
            )
            common = dict(
                table=tables_label([*block["table"], crow["table"]]),
                item=item,
                response=r,
                dimension=dim,
                groups=grp,
                observed=value,
            )
            if bool(crow["approximate"]) or block["approximate"].any():
                out.append(
                    _row(
                        check="combined_response", **common, verdict=UNTESTABLE, detail=_APPROXIMATE
                    )
                )
                continue
            out.append(_combined_lp_row(comb, common, lo[block.index], hi[block.index]))
            # the sharper, count-based version at the candidate n and across n_range
            if ctx.has_sizes(dim):
                out += _combined_count_rows(ctx, comb, common, n_range_points)
    return out


def _combined_lp_row(
    comb: _Combined, common: Mapping[str, Any], lo: pd.Series, hi: pd.Series
) -> dict[str, Any]:
    """The interval version: the single codes' sum over their rounding box (an LP)."""
    smin, smax = linear_range(comb.weights, lo.to_numpy(float), hi.to_numpy(float), comb.complete)
    low, high = smin - comb.above, smax + comb.below
    codes = range_codes(comb.response)
    return _row(
        check="combined_response",
        **common,
        expected_low=low,
        expected_high=high,
        verdict=_verdict(comb.value, low, high),
        detail=(
            f"published {comb.response} = {_fmt(comb.value)}; the single codes {codes[0]}-"
            f"{codes[-1]} can sum to [{smin:.2f}, {smax:.2f}] given their "
            "rounding"
            + (" and the complete distribution's sum of 100" if comb.complete else "")
            + "."
        ),
    )


def _combined_at(ctx: TableContext, comb: _Combined, n_total: int) -> tuple:
    """Allowed published range of a combined response from whole counts at ``n_total``."""
    n_g = ctx.group_size(comb.dim, comb.grp, n_total)
    remainder = not comb.complete
    fc = feasible_counts(comb.reported, n_g, rounding=ctx.rule, remainder=remainder)
    if not fc.consistent:
        return n_g, np.nan, np.nan, f"the distribution itself is infeasible: {fc.reason}"
    weights = [*comb.weights.tolist(), 0.0] if remainder else comb.weights.tolist()
    b = fc.bounds(weights)
    return n_g, PERCENT_SCALE * b.low - comb.above, PERCENT_SCALE * b.high + comb.below, None


def _combined_count_rows(
    ctx: TableContext, comb: _Combined, common: Mapping[str, Any], n_range_points: int
) -> list[dict[str, Any]]:
    """The count version at every candidate n and, summarised, across the n range."""
    out = []
    for n_total in ctx.ns:
        n_g, low, high, why = _combined_at(ctx, comb, int(n_total))
        out.append(
            _row(
                check="combined_response_counts",
                **common,
                n=int(n_total),
                expected_low=low,
                expected_high=high,
                verdict=INCONSISTENT if why else _verdict(comb.value, low, high),
                detail=(
                    why
                    or f"with {n_g} respondents in this group, whole counts that round "
                    f"to the published codes give {comb.response} a published value in "
                    f"[{_fmt(low)}, {_fmt(high)}]."
                )
                + ctx.weighted_note(),
            )
        )
    if n_range_points:
        grid = ctx.design.n_grid(n_range_points)
        res = [_combined_at(ctx, comb, int(m)) for m in grid]
        bad = [
            int(m)
            for m, x in zip(grid, res, strict=True)
            if x[3] or not (x[1] - INTERVAL_ATOL <= comb.value <= x[2] + INTERVAL_ATOL)
        ]
        out.append(
            _row(
                check="combined_response_counts",
                **common,
                expected_low=max(x[1] for x in res),
                expected_high=min(x[2] for x in res),
                verdict=INCONSISTENT if bad else CONSISTENT,
                detail=_grid_detail(
                    ctx,
                    grid,
                    bad,
                    ok="consistent at every size",
                    failed="inconsistent",
                    tail="; expected_low/high is the range allowed at every size.",
                ),
            )
        )
    return out


# --------------------------------------------------------------------------
# (e) counts
# --------------------------------------------------------------------------


def _counts_at(
    ctx: TableContext, key: tuple, reported: list, complete: bool, n_total: int, labels: list
):
    """Group size and feasible set of one distribution at ``n_total`` (labelled by response)."""
    _item, dim, grp = key
    n_g = ctx.group_size(dim, grp, n_total)
    fc = feasible_counts(reported, n_g, rounding=ctx.rule, remainder=not complete, labels=labels)
    return n_g, fc


def _count_checks(ctx: TableContext, blocks, n_range_points: int) -> list[dict[str, Any]]:
    """(e) whole counts exist that round to every published number of a group."""
    out = []
    for key, block, complete in blocks:
        dim = key[1]
        common = _block_fields("counts", key, block)
        if not ctx.has_sizes(dim):
            out.append(
                _row(
                    **common,
                    verdict=UNTESTABLE,
                    detail=f"the design has no shares (group sizes) for dimension {dim!r}",
                )
            )
            continue
        if block["approximate"].any() or block["reported"].astype(str).str.contains("-").any():
            out.append(_row(**common, verdict=UNTESTABLE, detail=_APPROXIMATE))
            continue
        reported = list(block["reported"].astype(str))
        labels = list(block["response"].astype(str))
        for n_total in ctx.ns:
            n_g, fc = _counts_at(ctx, key, reported, complete, int(n_total), labels)
            detail = (
                f"{fc.count()} count vectors of {n_g} respondents round to the published "
                "numbers" + (" (with an unpublished rest category)" if not complete else "")
                if fc.consistent
                else f"no count vector of {n_g} respondents fits: {fc.reason}"
            )
            out.append(
                _row(
                    **common,
                    n=int(n_total),
                    observed=float(n_g),
                    verdict=CONSISTENT if fc.consistent else INCONSISTENT,
                    detail=detail + "." + ctx.weighted_note(),
                )
            )
        if n_range_points:
            grid = ctx.design.n_grid(n_range_points)
            bad = [
                int(m)
                for m in grid
                if not _counts_at(ctx, key, reported, complete, int(m), labels)[1].consistent
            ]
            out.append(
                _row(
                    **common,
                    verdict=INCONSISTENT if bad else CONSISTENT,
                    detail=_grid_detail(
                        ctx, grid, bad, ok="feasible at every size", failed="infeasible", tail="."
                    ),
                )
            )
    return out


# --------------------------------------------------------------------------
# check_table
# --------------------------------------------------------------------------


def check_table(
    table: str | pd.DataFrame,
    *,
    design: SampleDesign | None = None,
    report: Any = None,
    n: Any = None,
    n_range_points: int = N_RANGE_POINTS,
    items: Any = None,
    groups: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Check a published table for internal consistency, given its rounding.

    Parameters
    ----------
    table : str or pandas.DataFrame
        A chapter table id (``"7.1"`` ... ``"7.7"``, ``"text"``; the text
        figures about the table's items are included) or a tidy DataFrame in
        the schema of ``data/tables.csv`` (see :func:`migstats.as_table`).
    report : Report, str or path, optional
        The report whose tables, items, dimensions and design to use: a
        :class:`migstats.Report`, a bundled name or a package directory (see
        :func:`migstats.load_report`).  Default: chapter 7, as before.  Table
        ids are the report's, and the report's design is the default ``design``.
    design : SampleDesign, optional
        Default: the report's design (``report.design``; the default report
        is ``"scp2024-ch7"``, whose design is :data:`migstats.LISS_2023`); an
        explicit design wins over the report's, and a user DataFrame needs one
        unless ``report`` is given.
        Assumptions: rounding rule (``design.rounding``) for every check, group
        shares for the ``total_vs_groups`` check, sample size and group sizes
        for the count-based checks.
    n : int or 1-d array of int, optional
        Total sample size(s) for the count-based checks (one row per ``n``);
        default ``design.n``.
    n_range_points : int, default 9
        The count-based checks are also repeated at this many sizes across
        ``design.n_range`` (:meth:`SampleDesign.n_grid`) and summarised in one
        row each (``n`` = NaN); 0 switches this off.
    items, groups : optional
        Item catalogue and dimension groups for a user DataFrame, passed to
        :func:`migstats.as_table` (default: the chapter's).

    Returns
    -------
    pandas.DataFrame
        One row per check with the columns :data:`CHECK_COLUMNS`:
        ``check`` (kind, below), ``table`` (tables involved, ``"7.1+text"``),
        ``item``, ``response`` (or the responses of a distribution),
        ``dimension``, ``groups``, ``n`` (total n for count-based rows, else
        NaN), ``observed`` (the published number checked; group size for
        ``counts``), ``expected_low``/``expected_high`` (the range the
        published number may take for the check to pass, in percent),
        ``verdict`` (``"consistent"``, ``"inconsistent"``,
        ``"untestable"``) and ``detail`` (plain-language explanation).

    Raises
    ------
    MigstatsValueError
        For an unknown table id, a DataFrame that breaks the schema
        (:class:`~migstats.DataValidationError`), a bad ``n`` or
        ``n_range_points``, or a design whose shares do not match the
        table's groups.

    Notes
    -----
    Every published number ``p`` stands for an interval of true values
    ``[lo, hi]`` (:func:`migstats.rounding_interval` under
    ``design.rounding``, intersected with [0, 100]).  The checks are exact
    interval arithmetic on these intervals; a check fails only if **no**
    true values within the rounding make the relation hold.

    ``sum``
        (a) The responses of one group.  A complete distribution (every code
        of a K-point scale, table 7.1) has true values summing to 100, which
        is possible iff ``sum(lo) <= 100 <= sum(hi)``, i.e. iff the published
        sum lies in ``[100 - sum(hi - p), 100 + sum(p - lo)]`` (``100 +- k/2``
        for ``k`` whole percentages).  A partial distribution (agree and
        disagree of a 5-point item) needs ``sum(lo) <= 100``.
    ``total_vs_groups``
        (b) If the groups of a dimension partition the respondents, the true
        total is ``sum_g s_g t_g`` with the group shares ``s_g``
        (``design.group_shares``), so ``[lo_T, hi_T]`` must intersect
        ``[sum s_g lo_g, sum s_g hi_g]``: the published total must lie in
        ``[sum s_g lo_g - (hi_T - T), sum s_g hi_g + (T - lo_T)]``.  The
        detail reports the implied total ``sum s_g p_g``.  The shares are an
        assumption (see :func:`implied_group_shares` for what the tables
        themselves imply); respondents missing from a breakdown (unknown
        income) break the identity.
    ``total_within_groups``
        (c) Whatever the shares, a weighted mean lies within the range of its
        parts: ``[lo_T, hi_T]`` must meet ``[min lo_g, max hi_g]``.
    ``combined_response``
        (d) A combined response (``"6-10"``, reported in the text) against
        the sum of its single codes: the range of ``sum_{j in R} t_j`` over
        the box ``lo <= t <= hi`` with ``sum t = 100`` (complete scale) or
        ``<= 100`` is a linear programme (:func:`scipy.optimize.linprog`).
    ``combined_response_counts``
        The same with whole counts: :meth:`FeasibleCounts.bounds` over the
        feasible count vectors at the group's size (exact for unweighted
        data), at each ``n`` and across ``design.n_range``.
    ``counts``
        GRIM for a whole distribution (:func:`migstats.feasible_counts`):
        some whole count vector of the group's size rounds to every
        published number (an unpublished rest category is added for partial
        distributions).  For the chapter this contains the check that "57%
        disagree" (text) is possible next to "12% agree" (table 7.2).

    Text-reported figures are checked by the same rules: the 71% choosing
    6-10 against table 7.1 (``combined_response``), the 57% disagreeing next
    to the 12% agreeing (``sum``, ``counts``), figure 7.1's education groups
    against the total of 71 (``total_vs_groups``).  Checks involving a number
    the text gives as approximate ("rond de 50%") are "untestable".  A
    check with missing groups (figure 7.1 gives only Q1 and Q5) is
    "untestable".  Gross violations of (a) and (c) are already rejected by
    :func:`migstats.as_table` for a user DataFrame (with a fixed half-width);
    the checks here are rule-aware and also report what passes.  Half-open
    rounding intervals (e.g. ``"half_up"``) are treated as closed: a verdict
    can only err towards "consistent", on a set of measure zero.  For
    weighted percentages (``design.weighted``) count-based verdicts are
    indicative.

    References
    ----------
    .. [1] Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test.
       *Social Psychological and Personality Science*, 8(4), 363-369.
    .. [2] Moore, R. E., Kearfott, R. B., & Cloud, M. J. (2009).
       *Introduction to Interval Analysis*. SIAM.
    .. [3] Jung, L. (2024). scrutiny: Error Detection in Science. R package
       (``unround()``, ``audit()``).

    Examples
    --------
    Table 7.1 with the text's 71% choosing 6-10 and figure 7.1:

    >>> from migstats import check_table

    >>> chk = check_table("7.1", n_range_points=0)
    >>> print(chk[["check", "dimension", "verdict"]].head(6).to_string(index=False))
                       check dimension      verdict
                         sum     total   consistent
             total_vs_groups education   consistent
         total_within_groups education   consistent
             total_vs_groups    income untestable
         total_within_groups    income untestable
           combined_response     total   consistent
    >>> row = chk[chk.check == "combined_response"].iloc[0]
    >>> [float(row.observed), float(row.expected_low), float(row.expected_high)]
    [71.0, 68.0, 74.0]
    """
    if isinstance(n_range_points, bool) or not isinstance(n_range_points, int | np.integer):
        raise invalid_value("n_range_points", "an integer >= 0", n_range_points)
    if n_range_points < 0 or n_range_points == 1:
        raise invalid_value("n_range_points", "0 or an integer >= 2", n_range_points)
    ctx = TableContext.build(table, design=design, report=report, n=n, items=items, groups=groups)
    lo_arr, hi_arr = ctx.percent_intervals()
    lo = pd.Series(lo_arr, index=ctx.rows.index)
    hi = pd.Series(hi_arr, index=ctx.rows.index)
    blocks = ctx.blocks()
    out = []
    out += _sum_checks(blocks, lo, hi)
    out += _total_checks(ctx, lo, hi)
    out += _combined_checks(ctx, blocks, lo, hi, n_range_points)
    out += _count_checks(ctx, blocks, n_range_points)
    result = pd.DataFrame(out, columns=list(CHECK_COLUMNS))
    result["n"] = result["n"].astype("Int64")
    return result
