"""Gradients of an item across ordered groups (education levels, income quintiles).

Three entry points, one job each: :func:`gradient` (one item, one dimension,
one ``n`` and ``deff``: a :class:`~migstats.GradientResult`),
:func:`compare_gradients` (one item: is its gradient steeper in one dimension
than in another?) and :func:`gradient_table` (every item, every ordered dimension and
their comparison, at every ``n`` and ``deff``: a tidy frame).  The statistics
are :func:`migstats.gradient_from_proportions` and
:func:`migstats.compare_gradient_results`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._base import GRADIENT_TABLE_COLUMNS, invalid_value
from .._core import PERCENT_SCALE
from .._corpus import SampleDesign, dimension_orders
from .context import TableContext, choices, in_group_order, tables_label
from .gradient_box import aware_gradient, gradient_corners
from .units import in_points

__all__ = [
    "GRADIENT_DIMENSIONS",
    "compare_gradients",
    "gradient",
    "gradient_dimensions",
    "gradient_table",
]

#: Dimensions whose gradient :func:`gradient_table` and :func:`compare_gradients`
#: compare by default, in this order (the first minus the second).
GRADIENT_DIMENSIONS: tuple[str, str] = ("education", "income")

#: The columns of :meth:`GradientResult.to_frame` that :func:`gradient_table`
#: copies, one row per item and dimension.
_GRADIENT_RESULT_COLUMNS: tuple[str, ...] = GRADIENT_TABLE_COLUMNS[
    GRADIENT_TABLE_COLUMNS.index("gap") : GRADIENT_TABLE_COLUMNS.index("log_odds_ci_high") + 1
]


#: The columns of :func:`gradient_table` in percentage points (gaps, SII and
#: their differences); the RII, log-odds, statistics and p-values have no unit.
GRADIENT_POINT_COLUMNS: tuple[str, ...] = tuple(
    c for c in GRADIENT_TABLE_COLUMNS if c.startswith(("gap", "sii", "steeper"))
)


def _gradient_from_profile(
    ctx: TableContext,
    prof: pd.DataFrame,
    dimension: str,
    n: int,
    deff: float,
    aware: bool = False,
):
    """gradient_from_proportions of one complete profile, rounding-aware if ``aware``."""
    return aware_gradient(gradient_corners(ctx, prof, dimension, n, deff, aware))


def _gradient_of(ctx: TableContext, item: str, dimension: str, response: str, aware: bool = False):
    """gradient_from_proportions of one item, dimension and response at the context's n and deff."""
    prof = ctx.profile(item, dimension, response)
    return _gradient_from_profile(ctx, prof, dimension, ctx.n, ctx.deff, aware)


def gradient(
    table: str | pd.DataFrame,
    item: str,
    dimension: str,
    *,
    design: SampleDesign | None = None,
    report: Any = None,
    response: str | None = None,
    n: Any = None,
    deff: Any = None,
    confidence_level: float = 0.95,
    rounding_aware: bool = True,
    items: Any = None,
    groups: Mapping[str, Sequence[str]] | None = None,
):
    """One item, one dimension, one ``n`` and ``deff``: the gradient as a GradientResult.

    Parameters
    ----------
    table : str or pandas.DataFrame
        A chapter table id (with its text figures) or a tidy DataFrame.
    item : str
        Item id; an unknown item raises an error listing the table's items.
    dimension : str
        ``"education"`` or ``"income"`` (any partition dimension of the table
        for which the design has shares).
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
        Group sizes ``design.group_sizes(dimension, n)`` and shares
        ``design.group_shares(dimension)`` (for the ridits of the SII).
    response : str, optional
        Which published response (``"6-10"`` for figure 7.1); default the
        report's ``defaultResponse`` where the item publishes it (chapter 7:
        ``"agree"``), else the item's first published response.
    n : int, optional
        Total sample size; default ``design.n``.
    deff : float, optional
        Kish design effect; default ``design.deff``.
    confidence_level : float, default 0.95
        Confidence level of every interval.
    rounding_aware : bool, default True
        Intervals (gap, SII, RII, logistic slope) cover, and p-values (trend,
        SII, logistic slope) hold for, every true value the rounding of the
        printed percentages allows (see Notes); False takes them as exact.
    items, groups : optional
        Item catalogue and dimension groups for a user DataFrame.

    Returns
    -------
    GradientResult
        From :func:`migstats.gradient_from_proportions`: extreme-group gap with its
        Newcombe interval, Cochran-Armitage trend test, logistic slope per
        step, SII and RII.  A result object of the core, so in proportion
        units like every core result (the gap 0.26 is 26 points);
        :func:`gradient_table` gives the same numbers as a frame in percent.

    Raises
    ------
    MigstatsValueError
        For an unknown item, dimension or response (the message lists the
        valid ones), a dimension with groups missing, a design without shares
        for the dimension, or invalid ``n``, ``deff``, ``confidence_level``.

    Notes
    -----
    The published percentages (weighted) are treated as proportions in
    groups of the assumed sizes, ``k_g = p_g n_g`` (fractional counts); the
    design effect shrinks every group to ``n_g / deff``.  The group sizes
    follow from ``n`` and the design's shares; both are assumptions, so
    repeat the analysis across ``design.n_grid()`` and plausible ``deff``
    (:func:`gradient_table` takes an array of ``n``).

    **Rounding.**  Each printed percentage stands for a box of true values
    (:meth:`TableContext.true_intervals`).  The gradient statistics rise with
    the groups above the middle ridit and fall with those below, so the two
    corners of the box that move every group towards (or away from) a flat
    profile bound them; intervals are the union over the printed profile and
    both corners, and each p-value is the one at the corner nearer to no
    gradient, or 1 when the box allows no gradient -- the least favourable
    point, as in :func:`migstats.compare` (docs/methods.md, section 3.1).
    ``gap``, ``sii`` and the other estimates stay those of the printed numbers.

    References
    ----------
    .. [1] Armitage, P. (1955). Tests for linear trends in proportions and
       frequencies. *Biometrics*, 11(3), 375-386.
    .. [2] Mackenbach, J. P., & Kunst, A. E. (1997). Measuring the magnitude
       of socio-economic inequalities in health. *Social Science &
       Medicine*, 44(6), 757-771.

    Examples
    --------
    >>> from migstats import gradient
    >>> g = gradient("7.6", "close_borders", "education")
    >>> g.groups
    ('bo/vmbo', 'havo/vwo/mbo', 'hbo/wo')
    >>> round(g.gap, 2), round(float(g.sii), 3), bool(g.trend.pvalue < 1e-10)
    (-0.26, -0.39, True)
    """
    ctx = TableContext.build(
        table,
        design=design,
        report=report,
        n=n,
        deff=deff,
        items=items,
        groups=groups,
        confidence_level=confidence_level,
        single="gradient",
    )
    if not isinstance(rounding_aware, bool | np.bool_):
        raise invalid_value("rounding_aware", "True or False", rounding_aware)
    return _gradient_of(ctx, item, dimension, response, bool(rounding_aware))


def compare_gradients(
    table: str | pd.DataFrame,
    item: str,
    *,
    design: SampleDesign | None = None,
    report: Any = None,
    response: str | None = None,
    n: Any = None,
    deff: Any = None,
    confidence_level: float = 0.95,
    dimensions: tuple[str, str] = GRADIENT_DIMENSIONS,
    correlation: Any = None,
    joint: Any = None,
    alternative: str = "two-sided",
    items: Any = None,
    groups: Mapping[str, Sequence[str]] | None = None,
):
    """One item, two dimensions: is its gradient steeper in one (SII difference)?

    Parameters
    ----------
    table : str or pandas.DataFrame
        A chapter table id (with its text figures) or a tidy DataFrame.  To
        compare two gradient results you computed yourself, use
        :func:`migstats.compare_gradient_results`.
    item : str
        Item id.
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
        Group sizes and shares of both dimensions.
    response : str, optional
        Which published response; default as in :func:`gradient`.
    n : int, optional
        Total sample size; default ``design.n``.
    deff : float, optional
        Kish design effect; default ``design.deff``.
    confidence_level : float, default 0.95
        Confidence level of the intervals.
    dimensions : tuple of two str, default ("education", "income")
        The two gradients compared, first minus second.
    correlation : str, float, (low, high) or SlopeCorrelation, optional
        The correlation of the two SII estimates for the ``"selected"``
        scenario, as in :func:`migstats.compare_gradient_results`; default
        the least favourable one in the range the two published profiles
        allow under positive quadrant dependence, with each group's share
        free within its rounding interval.
    joint : array_like, optional
        A published joint table of the two dimensions' groups (rows: the
        first dimension), replacing the range over joint tables.
    alternative : {"two-sided", "greater", "less"}, default "two-sided"
        For the p-values and intervals; ``"greater"`` tests that the first
        gradient is larger (for ``abs_estimate``: steeper).
    items, groups : optional
        Item catalogue and dimension groups for a user DataFrame.

    Returns
    -------
    GradientComparison
        From the core comparison (:func:`migstats.compare_gradient_results`):
        ``estimate = SII_first - SII_second`` and ``abs_estimate`` (positive
        when the first gradient is steeper), each with standard errors,
        intervals and p-values at the selected correlation, under
        independence, at correlation -1 (``worst_case``) and +1
        (``best_case``), with the correlation's range, ``provenance`` and
        ``assumption``; ``to_frame()`` gives them in long format; a core result
        object, so in proportion units (:func:`gradient_table` gives the SII difference in
        points).

    Raises
    ------
    MigstatsValueError
        As :func:`gradient`, for either dimension; or if ``dimensions`` is
        not two distinct dimension names.

    Notes
    -----
    Education and income breakdowns of one item come from the same
    respondents, so the two SII estimates are dependent with a correlation
    the published margins do not identify; the worst case is the
    conservative answer (see the core function).  The SII is used because
    it puts 3 education groups and 5 income quintiles on one population-rank
    scale.  The comparison takes the printed numbers as exact; the
    rounding-aware intervals of the same comparison (the union over the
    corners of both rounding boxes) are the ``sii_difference`` and
    ``steeper`` columns of :func:`gradient_table`.

    References
    ----------
    .. [1] Mackenbach, J. P., & Kunst, A. E. (1997). *Social Science &
       Medicine*, 44(6), 757-771.
    .. [2] Fréchet, M. (1951). Sur les tableaux de corrélation dont les
       marges sont données. *Annales de l'Université de Lyon, A*, 14, 53-77.

    Examples
    --------
    >>> from migstats import compare_gradients
    >>> cmp = compare_gradients("7.3", "temporary_labour_migrants_only")
    >>> round(float(cmp.estimate), 3), round(float(cmp.abs_estimate), 3)
    (-0.17, 0.17)
    >>> bool(cmp.pvalue["worst_case"] < 0.05)  # at the default deff 2: not significant
    False
    >>> cmp1 = compare_gradients("7.3", "temporary_labour_migrants_only", deff=1.0)
    >>> bool(cmp1.pvalue["worst_case"] < 0.05)  # at deff 1: steeper whatever the correlation
    True
    """
    from .._core import compare_gradient_results

    if (
        not isinstance(dimensions, tuple | list)
        or len(dimensions) != 2
        or dimensions[0] == dimensions[1]
    ):
        raise invalid_value("dimensions", "two distinct dimension names", dimensions)
    ctx = TableContext.build(
        table,
        design=design,
        report=report,
        n=n,
        deff=deff,
        items=items,
        groups=groups,
        confidence_level=confidence_level,
        single="compare_gradients",
    )
    a, b = (_gradient_of(ctx, item, dim, response) for dim in dimensions)
    return compare_gradient_results(
        a,
        b,
        confidence_level=ctx.confidence_level,
        correlation=correlation,
        joint=joint,
        tolerance=_rounding_tolerance(ctx, item, dimensions, response),
        alternative=alternative,
    )


def _rounding_tolerance(ctx: TableContext, item: str, dimensions: Any, response: str) -> float:
    """Largest distance of a true group share from the printed one, over both profiles."""
    from .context import _percent_intervals

    out = 0.0
    for dim in dimensions:
        prof = ctx.profile(item, dim, response)
        lo, hi = _percent_intervals(prof, ctx.rule)
        p = prof["percent"].to_numpy(dtype=float)
        out = max(out, float(np.max(np.maximum(p - lo, hi - p))) / PERCENT_SCALE)
    return out


def gradient_dimensions(ctx: TableContext, dimensions: Any) -> dict[str, tuple[str, ...]]:
    """The ordered dimensions :func:`gradient_table` analyses, each with its groups in order.

    ``dimensions`` is a declaration read by
    :func:`migstats._corpus.dimension_orders`: its ordered dimensions, in the
    declared group order (the context's order where it lists no groups).
    ``None`` takes every partition dimension of the context as ordered, in
    the context's group order (chapter 7: its dimension table; a user
    DataFrame: the ``groups`` argument).  Only dimensions for which the
    design has shares can be analysed (the SII needs them); others are left
    out, as are unordered ones.
    """
    declared = dimension_orders(dimensions)
    if dimensions is None:
        candidates = {d: tuple(g) for d, g in ctx.groups.items() if d not in ctx.non_partitions}
    else:
        candidates = {
            d: tuple(o.groups) if o.groups is not None else tuple(ctx.groups.get(d, ()))
            for d, o in declared.items()
            if o.ordered and d not in ctx.non_partitions
        }
    return {d: g for d, g in candidates.items() if g and d in ctx.design.dimensions}


def _gradient_items(
    ctx: TableContext, dims: Mapping[str, tuple[str, ...]]
) -> list[tuple[str, str, str]]:
    """(table label, item, response) with a complete profile in some gradient dimension."""
    out = []
    for (item, resp), block in ctx.rows.groupby(["item", "response"], sort=False):
        for dim, order in dims.items():
            sub = block[block["dimension"] == dim]
            if set(sub["group"]) == set(order) and not sub["approximate"].any():
                out.append((tables_label(block["table"]), item, resp))
                break
    return out


def _for_response(
    candidates: list[tuple[str, str, str]], response: Any, ctx: TableContext
) -> list[tuple[str, str, str]]:
    """The candidates of ``response``; items without it keep their only response.

    ``response`` None: each item's default response (:meth:`TableContext.response_of`).
    """
    by_item: dict[str, list[str]] = {}
    for _, it, r in candidates:
        by_item.setdefault(it, []).append(r)
    if response is None:
        chosen = {it: ctx.response_of(rs) for it, rs in by_item.items()}
        return [c for c in candidates if c[2] == chosen[c[1]]]
    if not isinstance(response, str):
        raise invalid_value("response", "a response label or None", response)
    if response not in {r for rs in by_item.values() for r in rs}:
        raise invalid_value("response", "one of " + choices(r for _, _, r in candidates), response)
    return [
        c
        for c in candidates
        if c[2] == response or (response not in by_item[c[1]] and len(by_item[c[1]]) == 1)
    ]


def _comparison_columns(cmp: Any, corners: Sequence[Any] = ()) -> dict[str, float]:
    """The columns of :data:`GRADIENT_TABLE_COLUMNS` that compare the two gradients.

    ``corners``: the comparisons at the corners of the two rounding boxes;
    the intervals become the union over them (rounding-aware).
    """
    every = [cmp, *corners]

    def ends(scenario: str, scale: str = "signed") -> tuple[float, float]:
        ivs = [c.confidence_interval(scenario, scale=scale) for c in every]
        return float(min(iv.low for iv in ivs)), float(max(iv.high for iv in ivs))

    independent, worst = ends("independent"), ends("worst_case")
    steeper = ends("worst_case", "absolute")
    return {
        "sii_difference": float(cmp.estimate),
        "sii_difference_ci_low": independent[0],
        "sii_difference_ci_high": independent[1],
        "sii_difference_worst_ci_low": worst[0],
        "sii_difference_worst_ci_high": worst[1],
        "steeper": float(cmp.abs_estimate),
        "steeper_worst_ci_low": steeper[0],
        "steeper_worst_ci_high": steeper[1],
    }


def _item_rows(
    ctx: TableContext,
    profiles: Mapping[tuple, pd.DataFrame],
    candidate: tuple[str, str, str],
    scenario: tuple[int, float],
    dims: Mapping[str, tuple[str, ...]],
    compared_pair: tuple[str, str] | None,
    aware: bool = False,
    logistic: bool = True,
) -> list[dict[str, Any]]:
    """Rows of one item and response at one (n, deff): each dimension and their comparison."""
    from .._core import compare_gradient_results

    tab, item, resp = candidate
    n_total, d = scenario
    res, boxes = {}, {}
    for dim, order in dims.items():
        sub = profiles.get((item, resp, dim))
        if sub is None or set(sub["group"]) != set(order):
            continue
        prof = in_group_order(sub, order, item, resp, dim)
        boxes[dim] = gradient_corners(ctx, prof, dim, n_total, d, aware, logistic)
        res[dim] = aware_gradient(boxes[dim])
    compared = {}
    if compared_pair is not None and all(x in res for x in compared_pair):
        level = ctx.confidence_level
        a, b = (boxes[x] for x in compared_pair)
        # the columns use the independent and rho = -1 scenarios only: no
        # linear programme for the selected correlation
        rho = "worst_case"
        cmp = compare_gradient_results(
            a.printed, b.printed, confidence_level=level, correlation=rho
        )
        corners = []
        if aware:
            corners = [
                compare_gradient_results(x, y, confidence_level=level, correlation=rho)
                for x in (a.low, a.high)
                for y in (b.low, b.high)
            ]
        compared = _comparison_columns(cmp, corners)
    out = []
    for dim, g in res.items():
        f = g.to_frame().iloc[0]
        out.append(
            {
                "table": tab,
                "item": item,
                "response": resp,
                "dimension": dim,
                "n": n_total,
                "deff": d,
                **{c: f[c] for c in _GRADIENT_RESULT_COLUMNS},
                **compared,
            }
        )
    return out


def _compared_pair(compared: Any, dims: Mapping[str, Any]) -> tuple[str, str] | None:
    """The validated ``compared`` argument of :func:`gradient_table` (see there)."""
    if compared is None:
        return GRADIENT_DIMENSIONS if all(d in dims for d in GRADIENT_DIMENSIONS) else None
    if (
        not isinstance(compared, tuple | list)
        or len(compared) != 2
        or compared[0] == compared[1]
        or any(d not in dims for d in compared)
    ):
        raise invalid_value(
            "compared",
            "two distinct ordered dimensions with design shares (" + ", ".join(dims) + ")",
            compared,
        )
    return (str(compared[0]), str(compared[1]))


def gradient_table(
    *,
    tables: Any = None,
    design: SampleDesign | None = None,
    report: Any = None,
    n: Any = None,
    deff: Any = None,
    response: str | None = None,
    every_response: bool = False,
    confidence_level: float = 0.95,
    rounding_aware: bool = True,
    items: Any = None,
    groups: Mapping[str, Sequence[str]] | None = None,
    dimensions: Any = None,
    compared: tuple[str, str] | None = None,
    logistic: bool = True,
) -> pd.DataFrame:
    """Every item, every ordered dimension and a comparison, at every ``n`` and ``deff``: a frame.

    Parameters
    ----------
    tables : None, str, list of str or pandas.DataFrame, optional
        None (default) = every table of the chapter with the text figures
        (so the share choosing 6-10 by education from figure 7.1 is
        included); a table id, a list of ids or a user DataFrame.
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
        Group sizes and shares.
    n : int or 1-d array of int, optional
        Total sample size(s); default ``design.n``; an array repeats every
        row per ``n``.
    deff : float or 1-d array of float, optional
        Kish design effect(s); default ``design.deff``.  With several ``n``
        and ``deff`` the rows repeat for every combination (column
        ``deff``).
    response : str, optional
        Which response of each item; items without it use their only
        published response (``"6-10"`` for table 7.1's item, ``"disagree"``
        for the COB item).  Default: the report's ``defaultResponse`` where an
        item publishes it (chapter 7: ``"agree"``), else each item's first
        published response.
    every_response : bool, default False
        Analyse every published response of every item (``response`` must
        then be None).
    confidence_level : float, default 0.95
        Confidence level of every interval.
    rounding_aware : bool, default True
        As in :func:`gradient`; the comparison intervals are the union over
        the corners of both rounding boxes.  False takes the printed
        numbers as exact.
    items, groups : optional
        Item catalogue and dimension groups for a user DataFrame.
    dimensions : mapping, optional
        The report's dimensions (which are ordered, groups in order; read by
        :func:`migstats._corpus.dimension_orders`, e.g. ``{"age": ["18-34",
        "35-54", "55+"], "party": {"groups": ["rep", "dem"], "ordered":
        False}}``): every ordered one is analysed, unordered ones are not.
        Default: every partition dimension of the tables (``groups``, or
        chapter 7's dimensions), in that group order.  Either way only
        dimensions with design shares are analysed.
    compared : tuple of two str, optional
        The two dimensions whose gradients the comparison columns compare
        (first minus second).  Default ``("education", "income")`` when both
        are analysed, else no comparison (NaN columns).
    logistic : bool, default True
        Fit the logistic slopes (``log_odds_per_step`` and its interval and
        p-value); ``False`` leaves those columns NaN, for a caller that reads
        the gaps, trends or slope indices only (about half of the work).

    Returns
    -------
    pandas.DataFrame
        One row per item, response, analysed dimension with a
        complete profile, and ``n``, with the columns
        :data:`GRADIENT_TABLE_COLUMNS`: ``gap`` (last minus first group) and
        its Newcombe interval, ``trend_pvalue`` (Cochran-Armitage), ``sii``
        and its interval, ``rii``, ``log_odds_per_step``; and the comparison
        of the two ``compared`` gradients of the item (same value on every
        row of the item, NaN if a compared dimension is incomplete or there is
        no comparison): ``sii_difference`` = first minus second SII
        (default education minus income) with intervals under independence
        and in the worst case, and ``steeper`` = ``|SII_first| -
        |SII_second|`` with its worst-case interval.  Gaps, SII and their
        differences in percentage points (:data:`GRADIENT_POINT_COLUMNS`,
        ``attrs["units"] == "percent"``); RII and log-odds have no unit.

    Raises
    ------
    MigstatsValueError
        For invalid tables, ``n``, ``deff``, ``confidence_level`` or a
        ``response`` that no item has.

    Notes
    -----
    Every row is :func:`gradient` of one profile and every comparison is
    :func:`compare_gradients`; see those for the assumptions.  The p-values
    are not adjusted for the number of rows.

    References
    ----------
    .. [1] Mackenbach, J. P., & Kunst, A. E. (1997). *Social Science &
       Medicine*, 44(6), 757-771.

    Examples
    --------
    >>> from migstats import gradient_table
    >>> gt = gradient_table()
    >>> gt.shape
    (31, 28)
    >>> row = gt[(gt.item == "close_borders") & (gt.dimension == "education")].iloc[0]
    >>> round(float(row.sii), 1), round(float(row.steeper), 1), gt.attrs["units"]
    (-39.0, 27.5, 'percent')
    """
    ctx = TableContext.build(
        tables,
        design=design,
        report=report,
        n=n,
        deff=deff,
        items=items,
        groups=groups,
        confidence_level=confidence_level,
        several_tables=True,
    )
    if not isinstance(rounding_aware, bool | np.bool_):
        raise invalid_value("rounding_aware", "True or False", rounding_aware)
    dims = gradient_dimensions(ctx, dimensions)
    pair = _compared_pair(compared, dims)
    if not isinstance(every_response, bool | np.bool_):
        raise invalid_value("every_response", "True or False", every_response)
    if not isinstance(logistic, bool | np.bool_):
        raise invalid_value("logistic", "True or False", logistic)
    if every_response and response is not None:
        raise invalid_value("response", "None when every_response is True", response)
    candidates = _gradient_items(ctx, dims)
    if not every_response:
        candidates = _for_response(candidates, response, ctx)
    rows_df = ctx.rows
    profiles = {
        key: sub
        for key, sub in rows_df[rows_df["dimension"].isin(list(dims))].groupby(
            ["item", "response", "dimension"], sort=False
        )
    }
    out = [
        row
        for scenario in ctx.scenarios()
        for candidate in candidates
        for row in _item_rows(
            ctx, profiles, candidate, scenario, dims, pair, bool(rounding_aware), logistic
        )
    ]
    frame = pd.DataFrame(out, columns=list(GRADIENT_TABLE_COLUMNS))
    frame[list(GRADIENT_POINT_COLUMNS)] = (
        frame[list(GRADIENT_POINT_COLUMNS)].astype(float) * PERCENT_SCALE
    )
    return in_points(frame)
