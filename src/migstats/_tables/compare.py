"""Differences between the groups of one dimension for one item (:func:`compare_groups`).

An omnibus chi-square test of homogeneity, then every pair of groups: the
difference with its interval, the z test, adjusted p-values and the
break-even n -- by default all rounding-aware (they hold for every true value
the rounding of the two printed percentages allows, :func:`migstats.compare`).
The steps: select the profile (:class:`_Setup`), then per ``(n, deff)`` the
omnibus row (:func:`_omnibus_row`) and the pairwise rows
(:func:`_pair_rows`, :func:`_breakeven`, :func:`_boxes`).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._base import COMPARE_GROUPS_COLUMNS, MAX_ALPHA, check_option, invalid_value
from .._core import BREAKEVEN_METHODS, PERCENT_SCALE
from .._corpus import SampleDesign
from .context import TableContext, in_group_order
from .units import in_points
from .widening import widen

__all__ = ["compare_groups"]

#: Columns added by ``rounding_aware=True``.
_ROUNDING_COLUMNS = ("plain_ci_low", "plain_ci_high", "rounding_added")

#: Most total sizes below the rounding box's break-even n examined one by one
#: for the n from which a pair of an unweighted design is significant for
#: good (project convention: bounds the time; the switching seen in practice
#: ends within a few dozen sizes of it).
GRIM_SCAN_WINDOW = 100


@dataclasses.dataclass(frozen=True)
class _Setup:
    """The profile compared and the options, fixed across the (n, deff) scenarios."""

    ctx: TableContext
    item: str
    response: str
    dimension: str
    prof: pd.DataFrame
    order: list
    shares: np.ndarray
    method: str
    correction: str
    rounding_aware: bool
    complete: bool = True
    rounding_method: str = "box"

    @property
    def percent(self) -> np.ndarray:
        return self.prof["percent"].to_numpy(dtype=float)

    @property
    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Indices of the first and second group of every pair, in the dimension's order."""
        pairs = list(itertools.combinations(range(len(self.order)), 2))
        return np.array([a for a, _ in pairs]), np.array([b for _, b in pairs])


def _base_row(setup: _Setup, n_total: int, d: float) -> dict[str, Any]:
    return {
        "item": setup.item,
        "response": setup.response,
        "dimension": setup.dimension,
        "n": n_total,
        "deff": d,
    }


def _omnibus_row(setup: _Setup, k: np.ndarray, sizes: np.ndarray, n_total: int, d: float):
    """The chi-square test of homogeneity across all groups (one test: no adjustment)."""
    from .._core import chi2_homogeneity

    omni = chi2_homogeneity(k, sizes, deff=d)
    return {
        **_base_row(setup, n_total, d),
        "comparison": "all groups" if setup.complete else "published groups",
        "group1": ", ".join(setup.order),
        "group2": None,
        "statistic": float(omni.statistic),
        "df": int(omni.df),
        "pvalue": float(omni.pvalue),
        "pvalue_adjusted": float(omni.pvalue),
        "method": "chi2_homogeneity",
        "correction": "none",
    }


def _boxes(setup: _Setup, sizes: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Centre and half-width (proportions) of every group's box of true values.

    With group sizes: :meth:`TableContext.true_intervals` (for an unweighted
    design only whole counts, GRIM); without (the break-even search over n):
    the rounding intervals.
    """
    if sizes is None:
        lo, hi = setup.ctx.percent_intervals(setup.prof)
    else:
        lo, hi = setup.ctx.true_intervals(setup.prof, sizes)
    return (lo + hi) / 2.0 / PERCENT_SCALE, (hi - lo) / 2.0 / PERCENT_SCALE


def _breakeven_box(setup: _Setup, d: float, p: np.ndarray, h: np.ndarray) -> np.ndarray:
    """:func:`migstats.breakeven_n` of every pair with centres ``p`` and half-widths ``h``."""
    from .._core import breakeven_n

    i1, i2 = setup.pairs
    s = setup.ctx.size_fractions(setup.dimension, setup.order)
    return np.atleast_1d(
        breakeven_n(
            p[i1],
            p[i2],
            s[i1],
            s[i2],
            alpha=1.0 - setup.ctx.confidence_level,
            deff=d,
            method=setup.method,
            half_width1=h[i1],
            half_width2=h[i2],
            rounding_method=setup.rounding_method,
        )
    ).astype(float)


def _breakeven(setup: _Setup, d: float) -> np.ndarray:
    """Break-even n of every pair at ``1 - confidence_level`` (NaN where undefined).

    The same box as the p-value: the rounding interval (weighted designs),
    or, for an unweighted design, the whole counts in it at each n (GRIM),
    where significance can switch on and off with n; then the n from which
    the pair is significant for good (:func:`_for_good`).
    """
    if 1.0 - setup.ctx.confidence_level >= MAX_ALPHA:
        return np.full(len(setup.pairs[0]), np.nan)
    if not setup.rounding_aware:
        return _breakeven_box(setup, d, setup.percent / PERCENT_SCALE, np.zeros(len(setup.order)))
    p, h = _boxes(setup, None)
    full = _breakeven_box(setup, d, p, h)
    if setup.ctx.design.weighted or setup.rounding_method != "box":
        return full
    # below the break-even n of the most favourable corner no point of the box is significant
    i1, i2 = setup.pairs
    toward = np.zeros(len(p))
    toward[i1], toward[i2] = np.sign(p[i1] - p[i2]), -np.sign(p[i1] - p[i2])
    best = _breakeven_box(setup, d, np.clip(p + toward * h, 0.0, 1.0), np.zeros(len(p)))
    return _for_good(setup, d, full, best)


def _for_good(setup: _Setup, d: float, full: np.ndarray, best: np.ndarray) -> np.ndarray:
    """The n from which each pair stays significant with whole counts (unweighted designs).

    Whole counts narrow the box (GRIM) only inside the rounding box, so a
    pair significant over the whole rounding box from ``full`` on is
    significant from there for good; below ``best`` (the most favourable
    corner's break-even n) it never is.  Below ``full`` the rounding-aware
    p-value of :func:`_pair_rows` is computed at every total n, from the top
    down, until one is not significant -- at most :data:`GRIM_SCAN_WINDOW`
    sizes per pair; a pair significant throughout its window gets the
    window's lower end (significant from there for good, if not the
    smallest such n).
    """
    alpha = 1.0 - setup.ctx.confidence_level
    out = full.copy()
    todo = np.isfinite(full) & (full > best)
    lowest = np.where(todo, np.maximum(np.maximum(full - GRIM_SCAN_WINDOW, best), 1.0), full)
    sizes_of = [range(int(lo), int(hi)) for lo, hi, t in zip(lowest, full, todo, strict=True) if t]
    for n in sorted(set().union(*sizes_of), reverse=True):
        active = todo & (n < full) & (n >= lowest)
        if not active.any():
            continue
        sizes = setup.ctx.variance_sizes(setup.dimension, setup.order, n)
        if (sizes < 1).any():
            break
        pv = _scan_pvalues(setup, sizes, d)
        hit = active & (pv >= alpha)
        out[hit] = n + 1
        todo &= ~hit
    out[todo] = lowest[todo]
    return out


def _scan_pvalues(setup: _Setup, sizes: np.ndarray, d: float) -> np.ndarray:
    """The rounding-aware p-values of :func:`_pvalues` alone (no interval: faster).

    ``migstats._core.compare_pvalue`` is the p-value :func:`migstats.compare`
    reports, so these equal ``_pvalues(...)[2]``.
    """
    from .._core import compare_pvalue

    i1, i2 = setup.pairs
    k = setup.percent / PERCENT_SCALE * sizes
    c, h = _boxes(setup, sizes)
    with np.errstate(divide="ignore", invalid="ignore"):
        plain = compare_pvalue(k[i1], sizes[i1], k[i2], sizes[i2], d, setup.method, "two-sided")
        boxed = compare_pvalue(
            c[i1] * sizes[i1],
            sizes[i1],
            c[i2] * sizes[i2],
            sizes[i2],
            d,
            setup.method,
            "two-sided",
            half_width1=h[i1],
            half_width2=h[i2],
            rounding_method=setup.rounding_method,
        )
    return np.maximum(np.asarray(plain, float), np.asarray(boxed, float))


def _pvalues(setup: _Setup, k: np.ndarray, sizes: np.ndarray, d: float) -> tuple:
    """``(plain result, rounding-aware result or None, p-values)`` of every pair."""
    from .._core import compare

    i1, i2 = setup.pairs
    kw = {"method": setup.method, "confidence_level": setup.ctx.confidence_level, "deff": d}
    res = compare(k[i1], sizes[i1], k[i2], sizes[i2], **kw)
    pv = np.asarray(res.pvalue, dtype=float)
    if not setup.rounding_aware:
        return res, None, pv
    c, h = _boxes(setup, sizes)
    boxed = compare(
        c[i1] * sizes[i1],
        sizes[i1],
        c[i2] * sizes[i2],
        sizes[i2],
        half_width1=h[i1],
        half_width2=h[i2],
        rounding_method=setup.rounding_method,
        **kw,
    )
    return res, boxed, np.maximum(pv, np.asarray(boxed.pvalue, dtype=float))


def _pair_rows(
    setup: _Setup, k: np.ndarray, sizes: np.ndarray, n_total: int, d: float, be: np.ndarray
):
    """One row per pair of groups: difference, interval, z test, adjusted p, break-even n."""
    from .._core import adjust_pvalues

    i1, i2 = setup.pairs
    res, boxed, pv = _pvalues(setup, k, sizes, d)
    low, high = (np.asarray(x, dtype=float) for x in res.confidence_interval)
    extra: dict[str, Any] = {}
    if boxed is not None:
        w = widen(low, high, *(np.asarray(x, dtype=float) for x in boxed.confidence_interval))
        low, high = w.ci_low, w.ci_high
        extra = dict(zip(_ROUNDING_COLUMNS, w[2:], strict=True))
    adj = np.asarray(adjust_pvalues(pv, method=setup.correction), dtype=float)
    pct = setup.percent
    return [
        {
            **_base_row(setup, n_total, d),
            **{key: float(v[j]) for key, v in extra.items()},
            "comparison": "pair",
            "group1": setup.order[a],
            "group2": setup.order[b],
            "percent1": pct[a],
            "percent2": pct[b],
            "estimate": float(np.asarray(res.estimate)[j]),
            "ci_low": float(low[j]),
            "ci_high": float(high[j]),
            "statistic": float(np.asarray(res.statistic)[j]),
            "df": pd.NA,
            "pvalue": pv[j],
            "pvalue_adjusted": adj[j],
            "breakeven_n": be[j],
            "method": setup.method,
            "correction": setup.correction,
        }
        for j, (a, b) in enumerate(zip(i1, i2, strict=True))
    ]


def _scenario_rows(setup: _Setup, n_total: int, d: float, be: np.ndarray) -> list[dict[str, Any]]:
    """The omnibus row and the pairwise rows at one (n, deff)."""
    sizes = setup.ctx.variance_sizes(setup.dimension, setup.order, n_total)
    k = setup.percent / PERCENT_SCALE * sizes
    return [
        _omnibus_row(setup, k, sizes, n_total, d),
        *_pair_rows(setup, k, sizes, n_total, d, be),
    ]


def _published_profile(
    ctx: TableContext, item: str, dimension: str, response: str
) -> tuple[pd.DataFrame, bool]:
    """The published groups' rows in the dimension's order, and whether every group is there.

    A dimension with some groups unpublished for this item is compared over
    the (at least two) groups that are published; with fewer, or an unknown
    item, dimension or response, :meth:`TableContext.profile` raises its
    usual error.
    """
    rows = ctx.rows
    if response is None:
        of_item = rows[(rows["item"] == item) & (rows["dimension"] == dimension)]
        if of_item.empty:  # unknown item or dimension: profile() names it
            return ctx.profile(item, dimension, response), True
        response = ctx.response_of(of_item["response"])
    sub = rows[
        (rows["item"] == item) & (rows["dimension"] == dimension) & (rows["response"] == response)
    ]
    every = ctx.groups.get(dimension, ())
    present = set(sub["group"])
    order = [g for g in every if g in present]
    if len(order) < 2 or len(order) == len(every):
        return ctx.profile(item, dimension, response), True
    return in_group_order(sub, order, item, response, dimension), False


def compare_groups(
    table: str | pd.DataFrame,
    item: str,
    dimension: str,
    *,
    design: SampleDesign | None = None,
    report: Any = None,
    response: str | None = None,
    n: Any = None,
    deff: Any = None,
    correction: str = "holm",
    method: str = "score",
    confidence_level: float = 0.95,
    rounding_aware: bool = True,
    rounding_method: str = "box",
    items: Any = None,
    groups: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Test the differences between the groups of one dimension for one item.

    Parameters
    ----------
    table : str or pandas.DataFrame
        A chapter table id (with its text figures) or a tidy DataFrame.
    item : str
        Item id; an unknown item raises an error listing the valid ones.
    dimension : str
        A partition dimension of the item (``"education"``, ``"income"``).
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
        Group sizes ``design.group_sizes(dimension, n)`` and shares.
    response : str, optional
        Which published response; default as in :func:`migstats.gradient`
        (the report's ``defaultResponse`` where the item publishes it, else
        its first published response).
    n : int or 1-d array of int, optional
        Total sample size(s); default ``design.n``.  An array gives one block
        of rows per ``n`` (each block adjusted separately).
    deff : float or 1-d array of float, optional
        Kish design effect(s); default ``design.deff``.  With several ``n``
        and ``deff`` the rows repeat for every combination (column
        ``deff``).
    correction : str, default "holm"
        Multiple-testing adjustment of the pairwise p-values, one of
        :data:`migstats._core.CORRECTIONS` (R ``p.adjust`` names,
        ``"none"``).
    method : str, default "score"
        Two-group test of :func:`migstats.compare` (``"score"``,
        ``"mee"``, ``"wald"``; the exact tests need whole counts).
    confidence_level : float, default 0.95
        Level of the difference intervals; ``1 - confidence_level`` is also
        the significance level of the break-even n.
    rounding_aware : bool, default True
        Make every pairwise p-value, adjusted p-value, break-even n and
        interval hold for every pair of true values the two printed
        percentages allow (see Notes); the plain interval moves to
        ``plain_ci_low``/``plain_ci_high`` and ``rounding_added`` is the
        extra width.  False tests the printed numbers as if exact.
    rounding_method : {"box", "sheppard"}, default "box"
        How the rounding enters (:func:`migstats.compare`).
    items, groups : optional
        Item catalogue and dimension groups for a user DataFrame.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COMPARE_GROUPS_COLUMNS`.  Per ``n``, first one row
        ``comparison = "all groups"`` (``"published groups"`` when some
        groups of the dimension are not published for this item: the rows
        then cover the published ones only): the chi-square test of homogeneity
        (``statistic`` = X2 / deff, ``df`` = G - 1, ``pvalue``; it is a
        single test, so ``pvalue_adjusted`` = ``pvalue``); then one row per pair
        of groups (``group1`` before ``group2`` in the dimension's order):
        ``estimate`` = p1 - p2 with its interval (percentage points, as
        every table-level frame: ``attrs['units'] == 'percent'``), z
        ``statistic``, ``pvalue``, ``pvalue_adjusted`` (over the pairs of this
        block) and ``breakeven_n``: the smallest total n at which this
        difference would be significant at ``1 - confidence_level``
        (two-sided, unadjusted), with the same shares and deff.

    Raises
    ------
    MigstatsValueError
        For an unknown item, dimension or response (the message lists the
        valid ones), fewer than two published groups, or invalid ``n``, ``deff``,
        ``correction``, ``method``, ``confidence_level``.

    Notes
    -----
    Counts are ``k_g = p_g n_g`` of the assumed group sizes (fractional: the
    percentages are weighted).  The omnibus test is
    :func:`migstats.chi2_homogeneity` (Pearson's X2 on the G x 2 table,
    divided by the design effect: first-order Rao-Scott); the pairwise
    tests are :func:`migstats.compare` (Miettinen-Nurminen score test and
    interval by default) and are adjusted with
    :func:`migstats.adjust_pvalues` (Holm 1979 by default, which controls
    the family-wise error rate under any dependence).  The pairs share
    groups, so the tests are dependent; Holm does not need independence.
    The break-even n comes from :func:`migstats.breakeven_n`.

    **Rounding-aware tests and intervals.**  Each printed percentage
    stands for a true value in its rounding interval (with an unweighted
    design: the whole counts in it, as in :func:`table_intervals`).  The
    p-value is the largest over that box of true values (its least
    favourable point, :func:`migstats.compare` with the box's centre and
    half-widths), the interval the union over it with the plain interval,
    so test and interval agree; the Holm adjustment and the break-even n
    (:func:`migstats.breakeven_n` with the rounding intervals) use these
    p-values.  The omnibus chi-square test is not rounding-aware.

    References
    ----------
    .. [1] Miettinen, O., & Nurminen, M. (1985). Comparative analysis of two
       rates. *Statistics in Medicine*, 4, 213-226.
    .. [2] Rao, J. N. K., & Scott, A. J. (1981). *Journal of the American
       Statistical Association*, 76, 221-230.
    .. [3] Holm, S. (1979). A simple sequentially rejective multiple test
       procedure. *Scandinavian Journal of Statistics*, 6, 65-70.

    Examples
    --------
    At the defaults -- the design's n = 2900 and deff 2, rounding-aware
    pairwise p-values and break-even n (80% and 81% may hide equal shares,
    so that pair is never significant):

    >>> from migstats import compare_groups
    >>> cg = compare_groups("7.5", "language_lessons", "education")
    >>> print(cg[["group1", "group2", "pvalue", "pvalue_adjusted", "breakeven_n"]].round(4)
    ...       .to_string(index=False))
                           group1       group2  pvalue  pvalue_adjusted  breakeven_n
    bo/vmbo, havo/vwo/mbo, hbo/wo          NaN  0.0927           0.0927          NaN
                          bo/vmbo havo/vwo/mbo  1.0000           1.0000          inf
                          bo/vmbo       hbo/wo  0.1105           0.3315       4374.0
                     havo/vwo/mbo       hbo/wo  0.1916           0.3832       6529.0

    Taking the printed numbers as exact, still at deff 2:

    >>> plain = compare_groups("7.5", "language_lessons", "education", rounding_aware=False)
    >>> plain["pvalue"].round(4).tolist()
    [0.0927, 0.7088, 0.0456, 0.0815]
    """
    from .._core import CORRECTIONS

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
    correction = check_option(correction, "correction", CORRECTIONS)
    # The cell counts p_g * n_g are fractional (weighted percentages), so the
    # exact tests of compare(), which need whole counts, are not offered here.
    method = check_option(
        method, "method (a test for fractional counts)", sorted(BREAKEVEN_METHODS)
    )
    prof, complete = _published_profile(ctx, item, dimension, response)
    order = prof["group"].tolist()
    every = list(ctx.groups.get(dimension, ())) if not complete else order
    shares = ctx.require_shares(dimension, every)[[every.index(g) for g in order]]
    if not isinstance(rounding_aware, bool | np.bool_):
        raise invalid_value("rounding_aware", "True or False", rounding_aware)
    from .._core import ROUNDING_METHODS

    rounding_method = check_option(rounding_method, "rounding_method", ROUNDING_METHODS)
    setup = _Setup(
        ctx,
        item,
        str(prof["response"].iloc[0]),
        dimension,
        prof,
        order,
        shares,
        method,
        correction,
        bool(rounding_aware),
        complete,
        rounding_method,
    )
    # break-even n does not depend on the n of the rows: once per deff
    be = {d: _breakeven(setup, d) for d in dict.fromkeys(d for _, d in ctx.scenarios())}
    out = [
        row for n_total, d in ctx.scenarios() for row in _scenario_rows(setup, n_total, d, be[d])
    ]
    extra_cols = list(_ROUNDING_COLUMNS) if rounding_aware else []
    result = pd.DataFrame(out, columns=[*COMPARE_GROUPS_COLUMNS, *extra_cols])
    result["df"] = result["df"].astype("Int64")
    points = ["estimate", "ci_low", "ci_high", *extra_cols]
    result[points] = result[points].astype(float) * PERCENT_SCALE
    return in_points(result)
