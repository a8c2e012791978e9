"""Intervals for the published numbers of a table: per cell and for a scale's mean.

:func:`table_intervals` gives a confidence interval for every published
percentage (optionally widened by the rounding, :func:`rounding_aware_ci`);
:func:`scale_mean` gives the mean of a K-point scale item with its sampling
interval and the exact range its rounding allows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._base import SCALE_MEAN_COLUMNS, check_option, check_weights, invalid_value
from .._core import PERCENT_SCALE, feasible_counts
from .._corpus import SampleDesign
from .context import TableContext, linear_range, tables_label
from .units import in_points
from .widening import rounding_aware_ci

__all__ = ["scale_mean", "table_intervals"]


# --------------------------------------------------------------------------
# table_intervals
# --------------------------------------------------------------------------


def _cells(ctx: TableContext) -> pd.DataFrame:
    """Every published number with the assumed group size, per candidate n."""
    rows_df = ctx.rows
    keep = rows_df[
        (rows_df["dimension"] == "total") | rows_df["dimension"].isin(ctx.design.dimensions)
    ]
    ctx.check_groups(set(keep["dimension"]))
    frames = [
        keep.assign(
            n=int(n_total),
            deff=float(d),
            n_group=np.array(
                [
                    ctx.group_size(dim, grp, int(n_total))
                    for dim, grp in zip(keep["dimension"], keep["group"], strict=True)
                ],
                dtype=np.int64,
            ),
        )
        for d in ctx.deffs
        for n_total in ctx.ns
    ]
    return pd.concat(frames, ignore_index=True)


def table_intervals(
    table: str | pd.DataFrame,
    *,
    design: SampleDesign | None = None,
    report: Any = None,
    n: Any = None,
    deff: Any = None,
    method: str = "wilson",
    confidence_level: float = 0.95,
    rounding_aware: bool = True,
    items: Any = None,
    groups: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Confidence interval for every published percentage of a table.

    Parameters
    ----------
    table : str or pandas.DataFrame
        A chapter table id (with its text figures) or a tidy DataFrame.
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
        Group sizes (``design.group_sizes``) and rounding rule.
    n : int or 1-d array of int, optional
        Total sample size(s); default ``design.n``.  An array repeats every
        cell per ``n``.
    deff : float or 1-d array of float, optional
        Kish design effect(s); default ``design.deff``.  With several ``n``
        and ``deff`` the rows repeat for every combination (column
        ``deff``).
    method : str, default "wilson"
        Interval method of :func:`migstats.proportion_ci` (``"wilson"``,
        ``"wilson_cc"``, ``"clopper_pearson"``, ``"jeffreys"``,
        ``"agresti_coull"``, ``"wald"``).
    confidence_level : float, default 0.95
        Two-sided confidence level.
    rounding_aware : bool, default True
        Widen each interval to the union of the intervals over every true
        value the printed percentage allows (see Notes) and add the columns
        ``percent_low, percent_high`` (the rounding interval),
        ``plain_ci_low, plain_ci_high`` (the interval at the printed value)
        and ``rounding_added`` (how much wider the interval is, in points).
        False: the interval at the printed value only.
    items, groups : optional
        Item catalogue and dimension groups for a user DataFrame.

    Returns
    -------
    pandas.DataFrame
        One row per published number (of the total and of every dimension
        for which the design has shares) and ``n``, with the columns
        :data:`INTERVAL_COLUMNS`: ``percent`` (published), ``estimate``
        (equal to ``percent``), ``ci_low``, ``ci_high``, all in percent, as
        every table-level frame (``attrs["units"] == "percent"``).

    Raises
    ------
    MigstatsValueError
        For an unknown table id, a bad DataFrame, a bad ``n``, ``deff``,
        ``method`` or ``confidence_level``, or a non-boolean
        ``rounding_aware``.

    Notes
    -----
    Each cell is treated as ``k = p n_g`` "successes" out of the assumed
    group size ``n_g`` (fractional ``k``: the percentages are weighted), with
    effective size ``n_g / deff``; the interval is
    ``proportion_ci(k, n_g, method=method, deff=deff)``.

    **Rounding-aware intervals.**  A printed ``p`` stands for any true value
    in ``[lo, hi]`` (:func:`migstats.rounding_interval`).  The union of the
    intervals over all true values is ``[min_{x in [lo, hi]} L(x), max_x
    U(x)]``.  For Wilson, Wilson with continuity correction,
    Clopper-Pearson and Jeffreys both limits are non-decreasing in the count
    ``x n_g``: Wilson's limits are the roots of
    ``(x - pi)^2 = z^2 pi (1 - pi) / n``, each increasing in ``x``; the
    corrected version shifts ``x`` by a constant; the beta quantiles of
    Clopper-Pearson and Jeffreys increase with the first shape parameter and
    decrease with the second (stochastic ordering of the beta family).  So
    the union is ``[L(lo), U(hi)]``, computed exactly from the two ends.
    The Wald and Agresti-Coull limits are *not* monotone near 0 and 1 (the
    lower Wald limit ``x - z sqrt(x (1 - x) / n)`` decreases for
    ``x (1 - x) < z^2 (1 - 2x)^2 / (4 n)``), so for them the extremes are
    taken over :data:`ROUNDING_GRID_POINTS` equally spaced true values in
    ``[lo, hi]`` (ends included) -- an approximation, exact where the limits
    are monotone.  Dimensions for which the design has no shares (no group
    sizes, e.g. urbanisation) are left out.

    With an unweighted design (``design.weighted`` False) the true values
    are whole counts out of ``n_g``, so ``[lo, hi]`` shrinks to the
    percentages of the feasible counts ``[c_lo, c_hi]`` of
    :func:`migstats.count_range` (the one-category feasible set; GRIM); a
    cell no whole count fits keeps ``[lo, hi]`` (:func:`check_table` reports
    it).  With weighted percentages (the chapter's) any true value in
    ``[lo, hi]`` is possible.

    References
    ----------
    .. [1] Newcombe, R. G. (1998). Two-sided confidence intervals for the
       single proportion: comparison of seven methods. *Statistics in
       Medicine*, 17, 857-872.
    .. [2] Brown, L. D., Cai, T. T., & DasGupta, A. (2001). Interval
       estimation for a binomial proportion. *Statistical Science*, 16,
       101-133.
    .. [3] Kish, L. (1965). *Survey Sampling*. Wiley (design effect).

    Examples
    --------
    >>> from migstats import table_intervals
    >>> ti = table_intervals("7.6", n=2000)
    >>> row = ti[ti.group == "hbo/wo"].iloc[0]
    >>> int(row.n_group), float(row.estimate), ti.attrs["units"]
    (768, 21.0, 'percent')
    >>> [round(float(x), 2) for x in (row.ci_low, row.plain_ci_low, row.plain_ci_high, row.ci_high)]
    [16.76, 17.22, 25.35, 25.88]
    """
    from .._core import PROPORTION_METHODS

    method = check_option(method, "method", PROPORTION_METHODS)
    if not isinstance(rounding_aware, bool | np.bool_):
        raise invalid_value("rounding_aware", "True or False", rounding_aware)
    ctx = TableContext.build(
        table,
        design=design,
        report=report,
        n=n,
        deff=deff,
        items=items,
        groups=groups,
        confidence_level=confidence_level,
    )
    cells = _cells(ctx)
    out = cells[["table", "item", "response", "dimension", "group", "n", "n_group", "percent"]]
    out = out.assign(estimate=cells["percent"].to_numpy(dtype=float))
    out = pd.concat([out, _interval_columns(ctx, cells, method, rounding_aware)], axis=1)
    return in_points(out.reset_index(drop=True))


def _interval_columns(
    ctx: TableContext, cells: pd.DataFrame, method: str, rounding_aware: bool
) -> pd.DataFrame:
    """The interval columns of :func:`table_intervals`, in percent (points).

    Each cell at its group's own design effect (:meth:`SampleDesign.group_design`);
    plain intervals are :func:`migstats.proportion_ci` at the printed value,
    rounding-aware ones :func:`rounding_aware_ci` over the true values.
    """
    from .._core import proportion_ci

    level = ctx.confidence_level
    d = cells["deff"].to_numpy(dtype=float) * np.array(
        [
            ctx.deff_ratios(dim, [grp])[0]
            for dim, grp in zip(cells["dimension"], cells["group"], strict=True)
        ]
    )
    percent = cells["percent"].to_numpy(dtype=float)
    n_g = cells["n_group"].to_numpy(dtype=float)
    info = {"method": method, "confidence_level": level, "deff": d}
    if not rounding_aware:
        low, high = proportion_ci(
            percent / PERCENT_SCALE * n_g, n_g, method=method, confidence_level=level, deff=d
        )
        ci = {"ci_low": np.asarray(low, dtype=float), "ci_high": np.asarray(high, dtype=float)}
        return pd.DataFrame({**_scaled(ci), **info}, index=cells.index)
    plo, phi = ctx.true_intervals(cells, n_g)
    w = rounding_aware_ci(percent, plo, phi, n_g, method=method, confidence_level=level, deff=d)
    ci = {"ci_low": w.ci_low, "ci_high": w.ci_high}
    plain = {
        "plain_ci_low": w.plain_ci_low,
        "plain_ci_high": w.plain_ci_high,
        "rounding_added": w.rounding_added,
    }
    rounding = {"percent_low": plo, "percent_high": phi}
    return pd.DataFrame({**_scaled(ci), **info, **rounding, **_scaled(plain)}, index=cells.index)


def _scaled(columns: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """Proportions to percent (points): times :data:`migstats.PERCENT_SCALE`."""
    return {k: np.asarray(v, dtype=float) * PERCENT_SCALE for k, v in columns.items()}


# --------------------------------------------------------------------------
# scale_mean
# --------------------------------------------------------------------------


def _mean_row(
    ctx: TableContext,
    key: tuple[str, str, str],
    block: pd.DataFrame,
    scenario: tuple[int, float],
    scores: Any,
    method: str,
) -> dict[str, Any]:
    """One complete distribution at one (n, deff): sampling interval and rounding ranges."""
    from .._core import mean_score_ci

    item, dim, grp = key
    n_total, d = scenario
    codes = ctx.complete_codes(item)
    block = block.set_index("response").loc[list(codes)].reset_index()
    k = len(codes)
    s = np.arange(1.0, k + 1.0) if scores is None else check_weights(scores, k, "scores")
    n_g = ctx.group_size(dim, grp, n_total)
    d_g = d * ctx.deff_ratios(dim, [grp])[0]
    p = block["percent"].to_numpy(dtype=float)
    res = mean_score_ci(
        p / PERCENT_SCALE * n_g, s, confidence_level=ctx.confidence_level, deff=d_g, method=method
    )
    lo, hi = ctx.percent_intervals(block)
    r_lo, r_hi = linear_range(s, lo, hi, complete=True)
    fc = feasible_counts(list(block["reported"].astype(str)), n_g, rounding=ctx.rule)
    c_lo, c_hi = fc.bounds(s) if fc.consistent else (np.nan, np.nan)
    return {
        "table": tables_label(block["table"]),
        "item": item,
        "dimension": dim,
        "group": grp,
        "n": int(n_total),
        "deff": float(d_g),
        "n_group": n_g,
        "estimate": float(res.estimate),
        "standard_error": float(res.standard_error),
        "ci_low": float(res.confidence_interval.low),
        "ci_high": float(res.confidence_interval.high),
        "rounding_low": r_lo / PERCENT_SCALE,
        "rounding_high": r_hi / PERCENT_SCALE,
        "counts_low": float(c_lo),
        "counts_high": float(c_hi),
    }


def scale_mean(
    table: str | pd.DataFrame = "7.1",
    *,
    design: SampleDesign | None = None,
    report: Any = None,
    n: Any = None,
    deff: Any = None,
    scores: Any = None,
    method: str = "normal",
    confidence_level: float = 0.95,
    items: Any = None,
    groups: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Mean of a K-point scale item with its interval and the range rounding allows.

    Parameters
    ----------
    table : str or pandas.DataFrame, default "7.1"
        A chapter table id or a tidy DataFrame; every complete K-point
        distribution in it (all codes ``"1"..."K"`` of an item published for
        one group) is analysed.
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
        Group sizes and rounding rule.
    n : int or 1-d array of int, optional
        Total sample size(s); default ``design.n``.
    deff : float or 1-d array of float, optional
        Kish design effect(s); default ``design.deff``.  With several ``n``
        and ``deff`` the rows repeat for every combination (column
        ``deff``).
    scores : array_like, optional
        Score of each code; default ``1, ..., K``.
    method : {"normal", "t"}, default "normal"
        Interval method of :func:`migstats.mean_score_ci`.
    confidence_level : float, default 0.95
        Two-sided confidence level.
    items, groups : optional
        Item catalogue and dimension groups for a user DataFrame.

    Returns
    -------
    pandas.DataFrame
        One row per distribution and ``n``: ``table, item, dimension, group,
        n, n_group, estimate`` (mean of the published percentages, normalised
        to sum 100), ``standard_error, ci_low, ci_high`` (sampling interval),
        ``rounding_low, rounding_high`` (exact range of the mean over all
        true percentages within the rounding that sum to 100 -- valid for
        weighted data) and ``counts_low, counts_high`` (exact range over the
        whole count vectors of size ``n_group`` that round to the published
        numbers -- exact for unweighted data; NaN if none exists).

    Raises
    ------
    MigstatsValueError
        If the table holds no complete K-point distribution, or for invalid
        ``n``, ``deff``, ``scores``, ``method``, ``confidence_level``.

    Notes
    -----
    The sampling interval is :func:`migstats.mean_score_ci` on the
    fractional counts ``p_i n_g / 100``.  Rounding adds a separate,
    deterministic uncertainty: the true percentages ``t`` satisfy
    ``lo <= t <= hi`` and ``sum t = 100``, so the true mean lies in
    ``[min, max] sum_i s_i t_i / 100`` over that box-and-simplex polytope, a
    linear programme (:func:`scipy.optimize.linprog`).  With whole counts
    the range is :meth:`FeasibleCounts.bounds` with the scores as weights
    (a greedy fill that is exact).  Both ranges describe rounding only; a
    conservative overall interval is ``[ci_low - (estimate - rounding_low),
    ci_high + (rounding_high - estimate)]``.

    References
    ----------
    .. [1] Agresti, A. (2010). *Analysis of Ordinal Categorical Data*, 2nd
       ed. Wiley, sec. 2.1.
    .. [2] Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test.
       *Social Psychological and Personality Science*, 8(4), 363-369.

    Examples
    --------
    >>> from migstats import scale_mean
    >>> m = scale_mean("7.1").iloc[0]
    >>> print(m[["estimate", "ci_low", "ci_high"]].astype(float).round(2).tolist())
    [7.18, 7.05, 7.31]
    >>> print(m[["rounding_low", "rounding_high"]].astype(float).round(3).tolist())
    [7.055, 7.305]
    """
    from .._core import MEAN_METHODS

    method = check_option(method, "method", MEAN_METHODS)
    ctx = TableContext.build(
        table,
        design=design,
        report=report,
        n=n,
        deff=deff,
        items=items,
        groups=groups,
        confidence_level=confidence_level,
    )
    blocks = [b for b in ctx.blocks() if b[2]]
    if not blocks:
        raise invalid_value(
            "table",
            "a table with a complete K-point distribution (e.g. '7.1')",
            table if isinstance(table, str) else "a DataFrame without one",
        )
    out = [
        _mean_row(ctx, key, block, scenario, scores, method)
        for scenario in ctx.scenarios()
        for key, block, _ in blocks
        if ctx.has_sizes(key[1])
    ]
    return pd.DataFrame(out, columns=list(SCALE_MEAN_COLUMNS))
