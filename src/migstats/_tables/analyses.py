"""Table-level analyses of published percentage tables.

This module owns the functions that work on whole published tables rather
than on arrays: consistency checks of a table (:func:`check_table`), the
group shares the tables themselves imply (:func:`implied_group_shares`), the
count vectors the rounded numbers allow (:func:`reconstruct_counts`),
per-cell intervals (:func:`table_intervals`), the mean of the 10-point item
(:func:`scale_mean`), group comparisons (:func:`compare_groups`) and
gradients (:func:`gradient`, :func:`compare_gradients`,
:func:`gradient_table`).

Every function takes ``table`` = a chapter table id (``"7.2"``) or a user's
tidy DataFrame in the schema of ``data/tables.csv`` (read through
:func:`migstats.as_table`), and a :class:`~migstats.SampleDesign` whose
sample size, group shares, design effect and rounding rule are the
*assumptions* under which the numbers are analysed (default
:data:`~migstats.LISS_2023`).  A chapter table id selects the table's rows
**plus** every number the running text reports about the same items (table
``"text"``, e.g. the 71% choosing 6-10 on the item of table 7.1), so that
text figures are checked against, and analysed with, their tables.

Units: columns called ``percent``, ``observed`` and ``expected_*`` are in
percent (the unit of the published tables); statistical estimates
(``estimate``, ``ci_low``, ``ci_high``, gaps, slope indices) are in
proportion units, as in the statistical core (multiply by 100 for percent
or percentage points).

The statistics are computed by the core modules (:mod:`migstats._core.rounding`,
:mod:`migstats._core.feasible`, :mod:`migstats._core.proportions`,
:mod:`migstats._core.compare`, :mod:`migstats._core.power`,
:mod:`migstats._core.gradients`); this module only selects the numbers, applies
the design and arranges tidy results.  The linear programmes of
:func:`implied_group_shares` and of the combined-response check are solved
with :func:`scipy.optimize.linprog` (HiGHS).
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .._base import (
    CHECK_COLUMNS,
    CHECK_VERDICTS,
    COMPARE_GROUPS_COLUMNS,
    GRADIENT_TABLE_COLUMNS,
    INTERVAL_COLUMNS,
    RECONSTRUCT_COLUMNS,
    SCALE_MEAN_COLUMNS,
    MigstatsValueError,
    Result,
    check_confidence_level,
    check_deff,
    check_n,
    check_option,
    check_weights,
    invalid_value,
)
from .._core import PERCENT_SCALE, REMAINDER_LABEL, count_range, feasible_counts, rounding_interval
from .._core import ROUNDING_RULES as _INTERVAL_RULES
from .._corpus import (
    DIMENSIONS,
    LISS_2023,
    NON_PARTITION_DIMENSIONS,
    SCRUTINY_ROUNDING_ALIASES,
    TABLE_IDS,
    SampleDesign,
    as_table,
    load_items,
    load_table,
    validate_items,
)
from .._corpus.tables import _complete_responses

__all__ = [
    "CHECK_COLUMNS",
    "CHECK_VERDICTS",
    "COMPARE_GROUPS_COLUMNS",
    "GRADIENT_TABLE_COLUMNS",
    "INTERVAL_COLUMNS",
    "RECONSTRUCT_COLUMNS",
    "SCALE_MEAN_COLUMNS",
    "ImpliedShares",
    "ShareRanges",
    "check_table",
    "compare_gradients",
    "compare_groups",
    "gradient",
    "gradient_table",
    "implied_group_shares",
    "reconstruct_counts",
    "scale_mean",
    "table_intervals",
]

# --------------------------------------------------------------------------
# constants
# --------------------------------------------------------------------------

#: Verdicts of :func:`check_table`.


#: Methods of :func:`migstats.proportion_ci` whose limits are non-decreasing
#: in the count, so that the union of intervals over a rounding interval is
#: spanned by its two ends (argued in :func:`table_intervals`).
MONOTONE_PROPORTION_METHODS: frozenset[str] = frozenset(
    {"wilson", "wilson_cc", "clopper_pearson", "jeffreys"}
)

#: Number of true values (ends included) at which :func:`table_intervals`
#: evaluates the non-monotone methods (Wald, Agresti-Coull) across a rounding
#: interval; with whole percentages the spacing is 0.01 percentage points.
ROUNDING_GRID_POINTS = 101

#: True values per group (ends included) at which :func:`compare_groups`
#: evaluates the pairwise intervals across the rounding of two printed
#: percentages: a 5 x 5 grid per pair.
ROUNDING_PAIR_GRID = 5

#: Tests of :func:`migstats.compare` for which :func:`migstats.breakeven_n` is
#: defined (the others need whole counts); for them ``breakeven_n`` is NaN.
BREAKEVEN_METHODS: frozenset[str] = frozenset({"score", "mee", "wald"})

#: :func:`migstats.breakeven_n` takes a significance level below 0.5; with
#: ``confidence_level <= 0.5`` the break-even n is NaN.
MAX_BREAKEVEN_ALPHA = 0.5


#: The columns of :meth:`GradientResult.to_frame` that :func:`gradient_table`
#: copies, one row per item and dimension.
_GRADIENT_RESULT_COLUMNS: tuple[str, ...] = GRADIENT_TABLE_COLUMNS[
    GRADIENT_TABLE_COLUMNS.index("gap") : GRADIENT_TABLE_COLUMNS.index("log_odds_ci_high") + 1
]

#: Absolute tolerance (in percent) when comparing interval ends computed in
#: floating point (sums of shares times interval ends).  Published numbers
#: have at most a few decimals, so 1e-9 only absorbs representation error.
INTERVAL_ATOL = 1e-9

#: Number of candidate sample sizes across ``design.n_range`` at which
#: :func:`check_table` repeats its count-based checks
#: (:meth:`SampleDesign.n_grid`, geometric spacing).
N_RANGE_POINTS = 9

#: Convergence tolerance of the SLSQP least-squares point estimate in
#: :func:`implied_group_shares` (objective in squared proportions).
SLSQP_FTOL = 1e-14

#: Iteration limit of SLSQP in :func:`implied_group_shares`.
SLSQP_MAXITER = 500

#: Shares below this value in the SLSQP solution are taken as exactly 0 (the
#: active set) when the solution is refined by solving the KKT equations.
ACTIVE_SET_TOL = 1e-8

#: Numerical tolerance of rank decisions (identifiability of the shares).
RANK_TOL = 1e-10

#: Response label pattern of a combined response such as "6-10".
_RANGE_RESPONSE = re.compile(r"^(\d+)-(\d+)$")

#: A reported number given as a range ("51-54").
_RANGE_REPORTED = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*$")

#: Dimensions whose gradient :func:`gradient_table` and :func:`compare_gradients`
#: compare, in this order (the first minus the second).
GRADIENT_DIMENSIONS: tuple[str, str] = ("education", "income")


# --------------------------------------------------------------------------
# result classes
# --------------------------------------------------------------------------


class ShareRanges(NamedTuple):
    """Smallest and largest share of each group (arrays in group order)."""

    low: Any
    high: Any


@dataclasses.dataclass(frozen=True, repr=False)
class ImpliedShares(Result):
    """Result of :func:`implied_group_shares`.

    Attributes
    ----------
    dimension : str
        The breakdown (e.g. ``"education"``).
    groups : tuple of str
        Its groups, in order.
    point : ndarray
        Least-squares shares on the simplex (sum 1), one per group.
    ranges : ShareRanges
        ``(low, high)``: smallest and largest value of each share over the
        set of share vectors consistent with *every* equation's rounding
        (NaN when that set is empty).
    feasible : bool
        Whether any share vector is consistent with every equation.
    identified : bool
        Whether the equations (with sum-to-one) have full column rank, so
        that the least-squares point is unique.
    message : str
        A plain-language statement of what the data allow.
    n_equations : int
        Number of (item, response) equations used.
    residual_rms : float
        Root mean square of ``total - sum(share * group)`` at ``point``, in
        percentage points.
    min_widening : float
        Smallest extra tolerance (percentage points, added to every total's
        rounding interval) that makes the equations consistent; 0 when
        ``feasible``.
    design_shares : ndarray
        The design's shares for comparison (NaN if the design has none).
    equations : pandas.DataFrame
        The equations: ``table, item, response, total`` and one column per
        group (published percentages).
    comparison : pandas.DataFrame
        One row per group: ``group, design_share, point, range_low,
        range_high, design_share_in_range, point_in_range``.  The
        least-squares point ignores rounding, so it can lie outside a
        group's range (``point_in_range`` False) even when the ranges exist.
    """

    dimension: str
    groups: tuple
    point: Any
    ranges: ShareRanges
    feasible: bool
    identified: bool
    message: str
    n_equations: int
    residual_rms: float
    min_widening: float
    design_shares: Any
    equations: pd.DataFrame
    comparison: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """The :attr:`comparison` frame (one row per group)."""
        return self.comparison.copy()


# --------------------------------------------------------------------------
# helpers: loading, design, intervals
# --------------------------------------------------------------------------


def _interval_rule(design: SampleDesign) -> str:
    """The design's rounding rule in the vocabulary of rounding_interval."""
    rule = design.rounding
    if rule in _INTERVAL_RULES:
        return rule
    return SCRUTINY_ROUNDING_ALIASES[rule]


def _check_design(design: Any) -> SampleDesign:
    if not isinstance(design, SampleDesign):
        raise invalid_value("design", "a migstats.SampleDesign", type(design).__name__)
    return design


@functools.lru_cache(maxsize=1)
def _chapter_all() -> pd.DataFrame:
    """Every row of the chapter (tables and text), read once per session."""
    return pd.concat([load_table(t) for t in TABLE_IDS], ignore_index=True)


def _chapter_rows(table_ids: Sequence[str]) -> pd.DataFrame:
    """Rows of the given chapter tables plus every row about the same items."""
    everything = _chapter_all()
    wanted = everything[everything["table"].isin(list(table_ids))]
    items = set(wanted["item"])
    return everything[everything["item"].isin(items)].reset_index(drop=True).copy()


def _load(
    table: Any,
    design: SampleDesign,
    items: Any = None,
    groups: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Validated tidy rows of a chapter table id (plus text rows) or a DataFrame."""
    if isinstance(table, str):
        as_table(table)  # validates the id with the standard message
        return _chapter_rows([table])
    if isinstance(table, pd.DataFrame):
        return as_table(table, items=items, groups=groups, decimals=design.decimals)
    raise invalid_value(
        "table",
        "a chapter table id (" + ", ".join(repr(t) for t in TABLE_IDS) + ") or a DataFrame",
        type(table).__name__,
    )


def _dimension_groups(groups: Mapping[str, Sequence[str]] | None) -> Mapping[str, tuple]:
    src = DIMENSIONS if groups is None else groups
    return {str(d): tuple(str(g) for g in gs) for d, gs in src.items()}


def _catalogue(items: Any) -> pd.DataFrame:
    return load_items() if items is None else validate_items(items)


def _complete_set(item: str, catalogue: pd.DataFrame) -> tuple[str, ...] | None:
    """The response codes of a complete K-point distribution of ``item`` (or None)."""
    scale = catalogue.loc[catalogue["item"] == item, "scale"]
    if scale.empty:
        return None
    return _complete_responses(str(scale.iloc[0]))


def _total_ns(design: SampleDesign, n: Any) -> np.ndarray:
    """Candidate total sample sizes as a 1-d int array (``None`` -> design.n)."""
    arr = check_n(design.n if n is None else n, "n")
    if arr.ndim > 1:
        raise invalid_value("n", "an integer or a 1-d sequence of integers", n)
    return np.atleast_1d(arr)


def _resolve_deff(design: SampleDesign, deff: Any) -> float:
    if isinstance(deff, str | bool | np.bool_):
        raise invalid_value("deff", "a single number > 0", deff)
    d = check_deff(design.deff if deff is None else deff)
    if d.ndim != 0:
        raise invalid_value("deff", "a single number > 0", deff)
    return float(d)


def _resolve_deffs(design: SampleDesign, deff: Any) -> np.ndarray:
    """Candidate design effects as a 1-d float array (``None`` -> design.deff)."""
    if isinstance(deff, str | bool | np.bool_):
        raise invalid_value("deff", "a number > 0 or a 1-d sequence of them", deff)
    d = check_deff(design.deff if deff is None else deff)
    if d.ndim > 1:
        raise invalid_value("deff", "a number > 0 or a 1-d sequence of them", deff)
    return np.atleast_1d(d).astype(float)


def _design_shares(
    design: SampleDesign, dimension: str, groups: Sequence[str]
) -> np.ndarray | None:
    """The design's shares of ``groups`` (None if the design has no such dimension)."""
    if dimension not in design.dimensions:
        return None
    s = design.group_shares(dimension)
    if set(s.index) != set(groups):
        raise MigstatsValueError(
            f"design must give shares for the groups of dimension {dimension!r} "
            f"({', '.join(groups)}), but got shares for {', '.join(map(str, s.index))}"
        )
    return s.reindex(list(groups)).to_numpy(dtype=float)


def _group_sizes(design: SampleDesign, dimension: str, n: int, groups: Sequence[str]) -> np.ndarray:
    """Whole group sizes summing to ``n`` (largest remainder, design shares)."""
    sizes = design.group_sizes(dimension, int(n))
    return sizes.reindex(list(groups)).to_numpy(dtype=np.int64)


def _count_intervals(
    frame: pd.DataFrame, n_g: np.ndarray, rule: str
) -> tuple[np.ndarray, np.ndarray]:
    """True percentages an unweighted sample of ``n_g`` allows: whole counts only.

    Within the rounding interval only ``100 c / n_g`` for whole ``c`` are
    possible (:func:`migstats.count_range`, GRIM), so the range shrinks to
    ``[100 c_lo / n_g, 100 c_hi / n_g]``.  Cells reported as a range and
    cells no whole count fits keep the continuous rounding interval.
    """
    lo, hi = _percent_intervals(frame, rule)
    reported = frame["reported"].astype(str).to_numpy()
    plain = np.array([_RANGE_REPORTED.match(r) is None for r in reported], dtype=bool)
    if plain.any():
        sizes = np.asarray(n_g, dtype=float)[plain].astype(np.int64)
        c = count_range(list(reported[plain]), sizes, rounding=rule)
        c_lo, c_hi = np.atleast_1d(c.low).astype(float), np.atleast_1d(c.high).astype(float)
        fits = c_lo <= c_hi
        idx = np.flatnonzero(plain)[fits]
        lo[idx] = PERCENT_SCALE * c_lo[fits] / sizes[fits]
        hi[idx] = PERCENT_SCALE * c_hi[fits] / sizes[fits]
    return lo, hi


def _percent_intervals(frame: pd.DataFrame, rule: str) -> tuple[np.ndarray, np.ndarray]:
    """Rounding interval of every published number, intersected with [0, 100].

    Uses the ``reported`` strings (so trailing zeros give the decimals); a
    number reported as a range ("51-54") stands for [low of 51, high of 54].
    """
    reported = frame["reported"].astype(str).to_numpy()
    lo = np.empty(len(reported))
    hi = np.empty(len(reported))
    ranges = [_RANGE_REPORTED.match(r) for r in reported]
    plain = np.array([m is None for m in ranges], dtype=bool)
    if plain.any():
        iv = rounding_interval(list(reported[plain]), rounding=rule)
        lo[plain] = np.atleast_1d(iv.low)
        hi[plain] = np.atleast_1d(iv.high)
    if (~plain).any():
        firsts = [m.group(1) for m in ranges if m is not None]
        lasts = [m.group(2) for m in ranges if m is not None]
        lo[~plain] = np.atleast_1d(rounding_interval(firsts, rounding=rule).low)
        hi[~plain] = np.atleast_1d(rounding_interval(lasts, rounding=rule).high)
    return np.clip(lo, 0.0, float(PERCENT_SCALE)), np.clip(hi, 0.0, float(PERCENT_SCALE))


def _is_range_response(response: str) -> bool:
    return _RANGE_RESPONSE.match(str(response)) is not None


def _range_codes(response: str) -> tuple[str, ...]:
    m = _RANGE_RESPONSE.match(str(response))
    if m is None:  # pragma: no cover - guarded by callers
        return ()
    a, b = int(m.group(1)), int(m.group(2))
    return tuple(str(i) for i in range(a, b + 1))


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Object-typed copy (no categoricals) with interval columns for easy grouping."""
    out = frame.copy()
    for c in ("dimension", "group"):
        out[c] = out[c].astype(str)
    return out


def _tables_label(values: Any) -> str:
    return "+".join(dict.fromkeys(str(v) for v in values))


def _distribution_blocks(
    rows: pd.DataFrame, catalogue: pd.DataFrame
) -> list[tuple[tuple[str, str, str], pd.DataFrame, bool]]:
    """Distributions: (item, dimension, group) blocks of mutually exclusive responses.

    A combined response such as "6-10" is left out of a block that also holds
    the single codes it covers (it overlaps them); otherwise it is a category
    of its own.  Returns ``(key, block, complete)`` with ``complete`` True when
    the block holds every code of the item's K-point scale.
    """
    out = []
    for key, block in rows.groupby(["item", "dimension", "group"], sort=False):
        responses = set(block["response"])
        keep = []
        for r in block["response"]:
            if _is_range_response(r) and set(_range_codes(r)) <= responses:
                keep.append(False)
            else:
                keep.append(True)
        block = block[np.array(keep, dtype=bool)]
        complete_codes = _complete_set(key[0], catalogue)
        complete = complete_codes is not None and set(block["response"]) == set(complete_codes)
        out.append((key, block, complete))
    return out


def _row(**kw: Any) -> dict[str, Any]:
    return {c: kw.get(c, np.nan) for c in CHECK_COLUMNS}


def _verdict(observed: float, low: float, high: float) -> str:
    ok = low - INTERVAL_ATOL <= observed <= high + INTERVAL_ATOL
    return "consistent" if ok else "inconsistent"


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def _weighted_note(design: SampleDesign) -> str:
    if design.weighted:
        return (
            " The design says the percentages are weighted, so the counts are those of a "
            "hypothetical unweighted sample of this size: the verdict is indicative."
        )
    return ""


def _grid_detail(
    grid: Sequence[int],
    bad: Sequence[int],
    *,
    ok: str,
    failed: str,
    tail: str,
    design: SampleDesign,
) -> str:
    """Detail text of a check run at every size of the design's n grid."""
    head = f"across the design's n range ({len(grid)} sizes from {grid[0]} to {grid[-1]}): "
    body = ok if not bad else f"{failed} at n = " + ", ".join(map(str, bad))
    return head + body + tail + _weighted_note(design)


# --------------------------------------------------------------------------
# check_table
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
        resp = ", ".join(block["response"])
        common = dict(
            check="sum",
            table=_tables_label(block["table"]),
            item=item,
            response=resp,
            dimension=dim,
            groups=grp,
            observed=s,
        )
        if block["approximate"].any():
            rows.append(
                _row(**common, verdict="untestable", detail="an approximate number is involved")
            )
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
        verdict = _verdict(s, low, high)
        rows.append(
            _row(
                **common,
                expected_low=low,
                expected_high=high,
                verdict=verdict,
                detail=f"published sum {_fmt(s)}: {what}.",
            )
        )
    return rows


def _total_checks(
    rows_df: pd.DataFrame,
    lo: pd.Series,
    hi: pd.Series,
    design: SampleDesign,
    dims: Mapping[str, tuple],
) -> list[dict[str, Any]]:
    """(b) total vs share-weighted groups and (c) total within the groups' range."""
    out = []
    for (item, resp), block in rows_df.groupby(["item", "response"], sort=False):
        tot = block[block["dimension"] == "total"]
        if tot.empty:
            continue
        trow = tot.iloc[0]
        t_idx = tot.index[0]
        T = float(trow["percent"])
        below_t = T - float(lo[t_idx])
        above_t = float(hi[t_idx]) - T
        for dim in dict.fromkeys(block["dimension"]):
            if dim == "total" or dim in NON_PARTITION_DIMENSIONS:
                continue
            sub = block[block["dimension"] == dim].drop_duplicates("group")
            order = [g for g in dims.get(dim, ()) if g in set(sub["group"])]
            missing = [g for g in dims.get(dim, ()) if g not in set(sub["group"])]
            sub = sub.assign(_row=sub.index).set_index("group").loc[order]
            idx = pd.Index(sub["_row"])
            common = dict(
                table=_tables_label([trow["table"], *sub["table"]]),
                item=item,
                response=resp,
                dimension=dim,
                groups=", ".join(order),
                observed=T,
            )
            approx = bool(trow["approximate"]) or bool(sub["approximate"].any())
            for check in ("total_vs_groups", "total_within_groups"):
                if dim in design.partial_dimensions:
                    out.append(
                        _row(
                            check=check,
                            **common,
                            verdict="untestable",
                            detail=(
                                f"the design's {dim} groups do not cover every respondent "
                                "(SampleDesign.partial_dimensions), so the total need not be "
                                "their weighted mean nor lie within their range"
                            ),
                        )
                    )
                    continue
                if missing:
                    out.append(
                        _row(
                            check=check,
                            **common,
                            verdict="untestable",
                            detail=f"groups {', '.join(missing)} of {dim} are not published",
                        )
                    )
                    continue
                if approx:
                    out.append(
                        _row(
                            check=check,
                            **common,
                            verdict="untestable",
                            detail="an approximate number is involved",
                        )
                    )
                    continue
                glo = lo[idx].to_numpy(dtype=float)
                ghi = hi[idx].to_numpy(dtype=float)
                p = sub["percent"].to_numpy(dtype=float)
                if check == "total_within_groups":
                    low, high = float(glo.min()) - above_t, float(ghi.max()) + below_t
                    detail = (
                        f"a total is a weighted mean of its {dim} groups, so its true value lies "
                        f"within their range [{_fmt(glo.min())}, {_fmt(ghi.max())}] "
                        "(groups widened by rounding)"
                    )
                else:
                    shares = _design_shares(design, dim, order)
                    if shares is None:
                        out.append(
                            _row(
                                check=check,
                                **common,
                                verdict="untestable",
                                detail=f"the design has no shares for dimension {dim!r}",
                            )
                        )
                        continue
                    implied = float(shares @ p)
                    ilo, ihi = float(shares @ glo), float(shares @ ghi)
                    low, high = ilo - above_t, ihi + below_t
                    detail = (
                        f"the {dim} groups weighted by the design's shares imply a total of "
                        f"{implied:.2f} (true value in [{ilo:.2f}, {ihi:.2f}] given the groups' "
                        "rounding)"
                    )
                verdict = _verdict(T, low, high)
                out.append(
                    _row(
                        check=check,
                        **common,
                        expected_low=low,
                        expected_high=high,
                        verdict=verdict,
                        detail=f"published total {_fmt(T)}; {detail}.",
                    )
                )
    return out


def _linear_range(
    weights: np.ndarray, lo: np.ndarray, hi: np.ndarray, complete: bool
) -> tuple[float, float]:
    """Min and max of ``weights @ t`` over ``lo <= t <= hi`` with ``sum t = 100``
    (complete distribution) or ``sum t <= 100`` (partial), by linear programming."""
    from scipy.optimize import linprog

    k = len(weights)
    kw: dict[str, Any] = {"bounds": list(zip(lo, hi, strict=True)), "method": "highs"}
    if complete:
        kw.update(A_eq=np.ones((1, k)), b_eq=[float(PERCENT_SCALE)])
    else:
        kw.update(A_ub=np.ones((1, k)), b_ub=[float(PERCENT_SCALE)])
    res_min = linprog(weights, **kw)
    res_max = linprog(-weights, **kw)
    if res_min.status != 0 or res_max.status != 0:
        return np.nan, np.nan
    return float(res_min.fun), float(-res_max.fun)


def _combined_checks(
    blocks,
    rows_df: pd.DataFrame,
    lo: pd.Series,
    hi: pd.Series,
    design: SampleDesign,
    ns: np.ndarray,
    n_range_points: int,
) -> list[dict[str, Any]]:
    """(d) a combined response ("6-10") against the sum of its single codes."""
    out = []
    _interval_rule(design)
    for (item, dim, grp), block, complete in blocks:
        allrows = rows_df[
            (rows_df["item"] == item) & (rows_df["dimension"] == dim) & (rows_df["group"] == grp)
        ]
        responses = set(block["response"])
        for idx, crow in allrows.iterrows():
            r = crow["response"]
            if not _is_range_response(r) or not set(_range_codes(r)) <= responses:
                continue
            codes = set(_range_codes(r))
            w = np.array([1.0 if x in codes else 0.0 for x in block["response"]])
            R = float(crow["percent"])
            below_r, above_r = R - float(lo[idx]), float(hi[idx]) - R
            common = dict(
                table=_tables_label([*block["table"], crow["table"]]),
                item=item,
                response=r,
                dimension=dim,
                groups=grp,
                observed=R,
            )
            if bool(crow["approximate"]) or block["approximate"].any():
                out.append(
                    _row(
                        check="combined_response",
                        **common,
                        verdict="untestable",
                        detail="an approximate number is involved",
                    )
                )
                continue
            smin, smax = _linear_range(
                w, lo[block.index].to_numpy(float), hi[block.index].to_numpy(float), complete
            )
            low, high = smin - above_r, smax + below_r
            out.append(
                _row(
                    check="combined_response",
                    **common,
                    expected_low=low,
                    expected_high=high,
                    verdict=_verdict(R, low, high),
                    detail=(
                        f"published {r} = {_fmt(R)}; the single codes {min(codes, key=int)}-"
                        f"{max(codes, key=int)} can sum to [{smin:.2f}, {smax:.2f}] given their "
                        "rounding"
                        + (" and the complete distribution's sum of 100" if complete else "")
                        + "."
                    ),
                )
            )
            # the sharper, count-based version at the candidate n and across n_range
            if dim != "total" and dim not in design.dimensions:
                continue
            remainder = not complete
            reported = list(block["reported"].astype(str))
            weights = [*w.tolist(), 0.0] if remainder else w.tolist()

            spec = (design, dim, grp, reported, remainder, weights, above_r, below_r)
            for n_total in ns:
                n_g, low, high, why = _combined_at(spec, int(n_total))
                verdict = "inconsistent" if why else _verdict(R, low, high)
                out.append(
                    _row(
                        check="combined_response_counts",
                        **common,
                        n=int(n_total),
                        expected_low=low,
                        expected_high=high,
                        verdict=verdict,
                        detail=(
                            why
                            or f"with {n_g} respondents in this group, whole counts that round "
                            f"to the published codes give {r} a published value in "
                            f"[{_fmt(low)}, {_fmt(high)}]."
                        )
                        + _weighted_note(design),
                    )
                )
            if n_range_points:
                grid = design.n_grid(n_range_points)
                res = [_combined_at(spec, int(m)) for m in grid]
                bad = [
                    int(m)
                    for m, x in zip(grid, res, strict=True)
                    if x[3] or not (x[1] - INTERVAL_ATOL <= R <= x[2] + INTERVAL_ATOL)
                ]
                low = max(x[1] for x in res)
                high = min(x[2] for x in res)
                out.append(
                    _row(
                        check="combined_response_counts",
                        **common,
                        expected_low=low,
                        expected_high=high,
                        verdict="inconsistent" if bad else "consistent",
                        detail=_grid_detail(
                            grid,
                            bad,
                            ok="consistent at every size",
                            failed="inconsistent",
                            tail="; expected_low/high is the range allowed at every size.",
                            design=design,
                        ),
                    )
                )
    return out


def _size_in(design: SampleDesign, dimension: str, group: str, n_total: int) -> int:
    """Group size at total ``n_total`` (the total itself for dimension "total")."""
    if dimension == "total":
        return int(n_total)
    return _group_size_of(design, dimension, group, n_total)


def _combined_at(spec: tuple, n_total: int) -> tuple:
    """Allowed published range of a combined response from whole counts at ``n_total``."""
    design, dim, grp, reported, remainder, weights, above_r, below_r = spec
    n_g = _size_in(design, dim, grp, n_total)
    fc = feasible_counts(reported, n_g, rounding=_interval_rule(design), remainder=remainder)
    if not fc.consistent:
        return n_g, np.nan, np.nan, f"the distribution itself is infeasible: {fc.reason}"
    b = fc.bounds(weights)
    return n_g, PERCENT_SCALE * b.low - above_r, PERCENT_SCALE * b.high + below_r, None


def _counts_at(design: SampleDesign, key: tuple, reported: list, complete: bool, n_total: int):
    """Group size and feasible set of one distribution at total ``n_total``."""
    _item, dim, grp = key
    n_g = _size_in(design, dim, grp, n_total)
    fc = feasible_counts(reported, n_g, rounding=_interval_rule(design), remainder=not complete)
    return n_g, fc


@functools.lru_cache(maxsize=4096)
def _sizes_of(design: SampleDesign, dimension: str, n_total: int) -> Mapping[str, int]:
    """``design.group_sizes(dimension, n_total)`` as a dict (cached: designs are frozen)."""
    sizes = design.group_sizes(dimension, int(n_total))
    return {str(g): int(v) for g, v in sizes.items()}


def _group_size_of(design: SampleDesign, dimension: str, group: str, n_total: int) -> int:
    return _sizes_of(design, dimension, int(n_total))[group]


def _count_checks(
    blocks, design: SampleDesign, ns: np.ndarray, n_range_points: int
) -> list[dict[str, Any]]:
    """(e) whole counts exist that round to every published number of a group."""
    out = []
    _interval_rule(design)
    for (item, dim, grp), block, complete in blocks:
        common = dict(
            check="counts",
            table=_tables_label(block["table"]),
            item=item,
            response=", ".join(block["response"]),
            dimension=dim,
            groups=grp,
        )
        if dim != "total" and dim not in design.dimensions:
            out.append(
                _row(
                    **common,
                    verdict="untestable",
                    detail=f"the design has no shares (group sizes) for dimension {dim!r}",
                )
            )
            continue
        if block["approximate"].any() or block["reported"].astype(str).str.contains("-").any():
            out.append(
                _row(**common, verdict="untestable", detail="an approximate number is involved")
            )
            continue
        reported = list(block["reported"].astype(str))
        key = (item, dim, grp)
        for n_total in ns:
            n_g, fc = _counts_at(design, key, reported, complete, int(n_total))
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
                    verdict="consistent" if fc.consistent else "inconsistent",
                    detail=detail + "." + _weighted_note(design),
                )
            )
        if n_range_points:
            grid = design.n_grid(n_range_points)
            bad = [
                int(m)
                for m in grid
                if not _counts_at(design, key, reported, complete, int(m))[1].consistent
            ]
            out.append(
                _row(
                    **common,
                    verdict="inconsistent" if bad else "consistent",
                    detail=_grid_detail(
                        grid,
                        bad,
                        ok="feasible at every size",
                        failed="infeasible",
                        tail=".",
                        design=design,
                    ),
                )
            )
    return out


def check_table(
    table: str | pd.DataFrame,
    *,
    design: SampleDesign = LISS_2023,
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
    design : SampleDesign, default LISS_2023
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
        ``verdict`` (``"consistent"``, ``"inconsistent"``, ``"not
        testable"``) and ``detail`` (plain-language explanation).

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
    check with missing groups (figure 7.1 gives only Q1 and Q5) is "not
    testable".  Gross violations of (a) and (c) are already rejected by
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
    design = _check_design(design)
    if isinstance(n_range_points, bool) or not isinstance(n_range_points, int | np.integer):
        raise invalid_value("n_range_points", "an integer >= 0", n_range_points)
    if n_range_points < 0 or n_range_points == 1:
        raise invalid_value("n_range_points", "0 or an integer >= 2", n_range_points)
    ns = _total_ns(design, n)
    frame = _load(table, design, items, groups)
    rows_df = _plain(frame)
    lo_arr, hi_arr = _percent_intervals(rows_df, _interval_rule(design))
    lo = pd.Series(lo_arr, index=rows_df.index)
    hi = pd.Series(hi_arr, index=rows_df.index)
    catalogue = _catalogue(items)
    dims = _dimension_groups(groups)
    blocks = _distribution_blocks(rows_df, catalogue)
    out = []
    out += _sum_checks(blocks, lo, hi)
    out += _total_checks(rows_df, lo, hi, design, dims)
    out += _combined_checks(blocks, rows_df, lo, hi, design, ns, n_range_points)
    out += _count_checks(blocks, design, ns, n_range_points)
    result = pd.DataFrame(out, columns=list(CHECK_COLUMNS))
    result["n"] = result["n"].astype("Int64")
    return result


# --------------------------------------------------------------------------
# implied_group_shares
# --------------------------------------------------------------------------


def _rows_for_tables(
    tables: Any, design: SampleDesign, items: Any, groups: Mapping[str, Sequence[str]] | None
) -> pd.DataFrame:
    """Rows for ``tables`` = None (whole chapter), an id, a list of ids or a DataFrame."""
    if tables is None:
        return _chapter_rows(list(TABLE_IDS))
    if isinstance(tables, str | pd.DataFrame):
        return _load(tables, design, items, groups)
    if isinstance(tables, Sequence) and tables and all(isinstance(t, str) for t in tables):
        for t in tables:
            as_table(t)  # validates each id
        return _chapter_rows(list(tables))
    raise invalid_value(
        "tables",
        "None, a chapter table id, a list of table ids or a DataFrame",
        tables if isinstance(tables, list | tuple) else type(tables).__name__,
    )


def _share_equations(rows_df: pd.DataFrame, dimension: str, order: Sequence[str]) -> pd.DataFrame:
    """One equation per (item, response) with a total and every group of ``dimension``."""
    eq = []
    for (item, resp), block in rows_df.groupby(["item", "response"], sort=False):
        tot = block[block["dimension"] == "total"]
        sub = block[block["dimension"] == dimension]
        if tot.empty or set(sub["group"]) != set(order):
            continue
        if bool(tot["approximate"].any()) or bool(sub["approximate"].any()):
            continue
        sub = sub.drop_duplicates("group").set_index("group").loc[list(order)]
        rec = {
            "table": _tables_label([tot["table"].iloc[0], *sub["table"]]),
            "item": item,
            "response": resp,
            "total": float(tot["percent"].iloc[0]),
            "total_index": tot.index[0],
        }
        for g, i in zip(order, sub["row_index"], strict=True):
            rec[g] = float(rows_df.loc[i, "percent"])
            rec[f"_index_{g}"] = i
        eq.append(rec)
    return pd.DataFrame(eq)


def _polish_simplex_ls(A: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Refine an SLSQP solution of ``min ||A s - b||`` on the simplex.

    SLSQP stops at its tolerance; on the active set it found (shares at 0
    stay 0) the problem is least squares with one equality, whose KKT system
    is linear and is solved here by :func:`numpy.linalg.lstsq`.  The refined
    point is kept only if it is feasible and not worse.
    """
    x = np.clip(x, 0.0, None)
    x = x / x.sum()
    free = x > ACTIVE_SET_TOL
    k = int(free.sum())
    Af = A[:, free]
    kkt = np.zeros((k + 1, k + 1))
    kkt[:k, :k] = 2.0 * Af.T @ Af
    kkt[:k, k] = 1.0
    kkt[k, :k] = 1.0
    rhs = np.concatenate([2.0 * Af.T @ b, [1.0]])
    sol = np.linalg.lstsq(kkt, rhs, rcond=None)[0][:k]
    if np.all(sol >= 0.0):
        y = np.zeros_like(x)
        y[free] = sol
        if np.sum((A @ y - b) ** 2) <= np.sum((A @ x - b) ** 2):
            return y / y.sum()
    return x


def implied_group_shares(
    dimension: str,
    *,
    tables: Any = None,
    design: SampleDesign = LISS_2023,
    items: Any = None,
    groups: Mapping[str, Sequence[str]] | None = None,
) -> ImpliedShares:
    r"""Group shares implied by the published totals and group percentages.

    Every item that reports a total and all groups of ``dimension`` gives an
    equation ``total = sum_g s_g p_g`` (if the groups partition the
    respondents of the total).  This function finds the shares ``s`` that
    the rounded tables allow.

    Parameters
    ----------
    dimension : str
        A partition dimension present in the tables (``"education"``,
        ``"income"``).
    tables : None, str, list of str or pandas.DataFrame, optional
        Which numbers to use: None (default) = every table of the chapter
        (with the text figures, e.g. figure 7.1 by education); a table id; a
        list of ids; or a user DataFrame in the tidy schema.
    design : SampleDesign, default LISS_2023
        Gives the rounding rule and the shares to compare with.
    items, groups : optional
        Item catalogue and dimension groups for a user DataFrame
        (:func:`migstats.as_table`).

    Returns
    -------
    ImpliedShares
        ``point`` (least squares on the simplex), ``ranges`` (exact minimum
        and maximum of each share over the shares consistent with every
        equation's rounding), ``feasible``, ``identified``, ``message``,
        ``min_widening``, ``equations`` and ``comparison`` (against the
        design's shares); ``to_frame()`` returns ``comparison``.

    Raises
    ------
    MigstatsValueError
        If ``dimension`` is not a partition dimension of the tables (the
        message lists those that are), no item gives an equation, or the
        inputs are invalid.

    Notes
    -----
    **Point.**  ``min ||P s - t||^2`` subject to ``s >= 0``, ``sum s = 1``
    (rows of ``P``: the groups' published percentages of one item; ``t``:
    the published totals), solved by :func:`scipy.optimize.minimize` with
    SLSQP and refined by solving the KKT equations on SLSQP's active set
    (SLSQP stops at a tolerance; the refinement makes an exact fit exact).
    It is unique only if ``[P; 1']`` has full column rank
    (``identified``).

    **Ranges.**  With true values ``t_g in [lo_g, hi_g]`` and
    ``T in [lo_T, hi_T]``, a share vector is consistent with an equation iff
    *some* ``t_g`` in their intervals give ``sum_g s_g t_g in [lo_T, hi_T]``.
    The condition is bilinear in ``(s, t)``, but for ``s >= 0`` the set
    ``{sum_g s_g t_g}`` is exactly the interval
    ``[sum_g s_g lo_g, sum_g s_g hi_g]``, so it is equivalent to the two
    linear inequalities

    .. math::

        \sum_g s_g\,lo_g \le hi_T, \qquad \sum_g s_g\,hi_g \ge lo_T .

    The consistent shares therefore form a polytope (with ``s >= 0``,
    ``sum s = 1``), and the extreme values of each ``s_g`` are linear
    programmes, solved exactly by :func:`scipy.optimize.linprog` (HiGHS).
    If the polytope is empty (``feasible`` False), ``min_widening`` is the
    smallest ``e >= 0`` such that widening every total's interval by ``e``
    percentage points on both sides makes it non-empty (one more LP).

    **Interpretation.**  For education the shares are a *finding*: the
    chapter gives no sample composition, and the design's shares are CBS
    population figures for ages 25+ while the survey covers 18+.  For income
    quintiles the shares are 0.2 each by definition among respondents with
    known income, so the ranges are a consistency check of the tables rather
    than an estimate.  Respondents missing from a breakdown (unknown income
    or education) are in the total but in no group; then the identity fails,
    which is a legitimate reason for an infeasible result.  Half-open
    rounding intervals are treated as closed.

    References
    ----------
    .. [1] Lawson, C. L., & Hanson, R. J. (1995). *Solving Least Squares
       Problems*. SIAM (least squares with linear constraints).
    .. [2] Kraft, D. (1988). A software package for sequential quadratic
       programming. DFVLR-FB 88-28 (SLSQP).
    .. [3] Huangfu, Q., & Hall, J. A. J. (2018). Parallelizing the dual
       revised simplex method. *Mathematical Programming Computation*, 10,
       119-142 (HiGHS).
    .. [4] Moore, R. E., Kearfott, R. B., & Cloud, M. J. (2009).
       *Introduction to Interval Analysis*. SIAM.

    Examples
    --------
    >>> from migstats import implied_group_shares
    >>> res = implied_group_shares("education")
    >>> res.feasible, res.n_equations
    (True, 20)
    >>> print(res.to_frame()[["group", "design_share", "range_low", "range_high"]].round(3)
    ...       .to_string(index=False))
           group  design_share  range_low  range_high
         bo/vmbo         0.263      0.121       0.304
    havo/vwo/mbo         0.354      0.286       0.606
          hbo/wo         0.384      0.273       0.411

    Income quintiles (0.2 each by definition) are *not* consistent with
    the published income totals:

    >>> bool(implied_group_shares("income").comparison.design_share_in_range.all())
    False
    """
    from scipy.optimize import linprog, minimize

    design = _check_design(design)
    rows_df = _plain(_rows_for_tables(tables, design, items, groups))
    dims = _dimension_groups(groups)
    present = [
        d
        for d in dict.fromkeys(rows_df["dimension"])
        if d not in NON_PARTITION_DIMENSIONS and d in dims
    ]
    if not isinstance(dimension, str) or dimension not in present:
        raise invalid_value("dimension", "one of " + ", ".join(repr(d) for d in present), dimension)
    order = list(dims[dimension])
    rows_df = rows_df.assign(row_index=rows_df.index)
    eq = _share_equations(rows_df, dimension, order)
    if eq.empty:
        raise MigstatsValueError(
            f"dimension must have at least one item with a total and every group "
            f"({', '.join(order)}) published without approximation, but {dimension!r} has none "
            "in these tables"
        )
    lo_all, hi_all = _percent_intervals(rows_df, _interval_rule(design))
    P = eq[order].to_numpy(dtype=float)
    T = eq["total"].to_numpy(dtype=float)
    gidx = eq[[f"_index_{g}" for g in order]].to_numpy(dtype=int)
    tidx = eq["total_index"].to_numpy(dtype=int)
    Plo, Phi = lo_all[gidx], hi_all[gidx]
    Tlo, Thi = lo_all[tidx], hi_all[tidx]
    G = len(order)
    m = len(T)

    # --- least-squares point on the simplex (SLSQP) ---
    A, b = P / PERCENT_SCALE, T / PERCENT_SCALE
    x0 = np.full(G, 1.0 / G)
    res = minimize(
        lambda s: float(np.sum((A @ s - b) ** 2)),
        x0,
        jac=lambda s: 2.0 * A.T @ (A @ s - b),
        method="SLSQP",
        bounds=[(0.0, 1.0)] * G,
        constraints=[{"type": "eq", "fun": lambda s: np.sum(s) - 1.0, "jac": lambda s: np.ones(G)}],
        options={"ftol": SLSQP_FTOL, "maxiter": SLSQP_MAXITER},
    )
    point = _polish_simplex_ls(A, b, res.x)
    residual_rms = float(np.sqrt(np.mean((P @ point - T) ** 2)))
    identified = np.linalg.matrix_rank(np.vstack([A, np.ones(G)]), tol=RANK_TOL) == G

    # --- exact ranges by linear programming ---
    A_ub = np.vstack([Plo, -Phi])
    b_ub = np.concatenate([Thi, -Tlo])
    lp = {
        "A_ub": A_ub,
        "b_ub": b_ub,
        "A_eq": np.ones((1, G)),
        "b_eq": [1.0],
        "bounds": [(0.0, 1.0)] * G,
        "method": "highs",
    }
    first = linprog(np.eye(G)[0], **lp)
    feasible = first.status == 0
    low = np.full(G, np.nan)
    high = np.full(G, np.nan)
    if feasible:
        for g in range(G):
            r_min = first if g == 0 else linprog(np.eye(G)[g], **lp)
            r_max = linprog(-np.eye(G)[g], **lp)
            low[g], high[g] = r_min.fun, -r_max.fun
        widen = 0.0
    else:
        # smallest e >= 0 with sum s lo <= hi_T + e and sum s hi >= lo_T - e
        c = np.zeros(G + 1)
        c[-1] = 1.0
        A_w = np.hstack([A_ub, -np.ones((2 * m, 1))])
        r_w = linprog(
            c,
            A_ub=A_w,
            b_ub=b_ub,
            A_eq=np.hstack([np.ones((1, G)), [[0.0]]]),
            b_eq=[1.0],
            bounds=[(0.0, 1.0)] * G + [(0.0, None)],
            method="highs",
        )
        widen = float(r_w.fun)

    dshares = _design_shares(design, dimension, order)
    dshares = np.full(G, np.nan) if dshares is None else dshares
    inside = (low - INTERVAL_ATOL / PERCENT_SCALE <= dshares) & (
        dshares <= high + INTERVAL_ATOL / PERCENT_SCALE
    )
    comparison = pd.DataFrame(
        {
            "group": order,
            "design_share": dshares,
            "point": point,
            "range_low": low,
            "range_high": high,
            "design_share_in_range": inside,
            "point_in_range": (low - INTERVAL_ATOL / PERCENT_SCALE <= point)
            & (point <= high + INTERVAL_ATOL / PERCENT_SCALE),
        }
    )
    if feasible:
        outside = [
            g for g, ok, d in zip(order, inside, dshares, strict=True) if not ok and np.isfinite(d)
        ]
        message = (
            f"{m} equations: share vectors consistent with every item's rounding exist; "
            "each share lies in its reported range"
            + (" (not unique)" if not identified else "")
            + ". "
            + (
                "The design's shares lie outside the range for " + ", ".join(outside) + "."
                if outside
                else "The design's shares are within every range."
            )
        )
        off = [g for g, ok in zip(order, comparison["point_in_range"], strict=True) if not ok]
        if off:
            message += (
                " The least-squares point (which ignores rounding) lies outside the range "
                "for " + ", ".join(off) + "."
            )
    else:
        message = (
            f"{m} equations: NO {dimension} shares are consistent with every item's rounding; "
            f"the totals' intervals must be widened by at least {widen:.3f} percentage points. "
            f"A number may be misprinted, the {dimension} groups may not cover all respondents "
            "of the total (missing values), or the rounding differs from the design's."
        )
    equations = eq[["table", "item", "response", "total", *order]].copy()
    return ImpliedShares(
        dimension=dimension,
        groups=tuple(order),
        point=point,
        ranges=ShareRanges(low, high),
        feasible=bool(feasible),
        identified=bool(identified),
        message=message,
        n_equations=int(m),
        residual_rms=residual_rms,
        min_widening=widen,
        design_shares=dshares,
        equations=equations,
        comparison=comparison,
    )


# --------------------------------------------------------------------------
# reconstruct_counts
# --------------------------------------------------------------------------


def reconstruct_counts(
    table: str | pd.DataFrame,
    *,
    design: SampleDesign = LISS_2023,
    n: Any = None,
    items: Any = None,
    groups: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Whole counts that the rounded percentages of a table allow, per group.

    Parameters
    ----------
    table : str or pandas.DataFrame
        A chapter table id (with the text figures about its items) or a tidy
        DataFrame (:func:`migstats.as_table`).
    design : SampleDesign, default LISS_2023
        Group sizes ``design.group_sizes(dimension, n)`` (largest remainder
        from the design's shares) and the rounding rule.
    n : int or 1-d array of int, optional
        Total sample size(s); default ``design.n``.  An array gives one block
        of rows per candidate ``n``.
    items, groups : optional
        Item catalogue and dimension groups for a user DataFrame.

    Returns
    -------
    pandas.DataFrame
        One row per published number (plus one ``"remainder"`` row per
        partial distribution: the unpublished rest of the group) and ``n``,
        with the columns :data:`RECONSTRUCT_COLUMNS`: ``n_group`` (assumed
        group size), ``percent`` (published; NaN for the remainder),
        ``count`` (the feasible vector closest to the published percentages,
        :meth:`FeasibleCounts.closest`), ``count_low``/``count_high`` (exact
        smallest and largest count over all feasible vectors),
        ``n_feasible`` (exact number of feasible count vectors of the
        distribution, a Python int) and ``consistent``.  Dimensions for
        which the design has no shares (no group sizes) are left out.

    Raises
    ------
    MigstatsValueError
        For an unknown table id, a bad DataFrame, a bad ``n`` or a design
        whose shares do not match the table's groups.

    Notes
    -----
    The feasible set of a group is ``{c : sum c = n_g, c_i rounds to p_i}``
    (:func:`migstats.feasible_counts`), with an unpublished rest category
    when the published responses do not form the item's complete scale (e.g.
    "agree" of a 5-point item).  A combined response ("6-10") is left out of
    a group whose single codes are published (it overlaps them).  For an
    inconsistent distribution ``count``, ``count_low`` and ``count_high``
    are missing (``<NA>``) and ``n_feasible`` is 0.

    **Weighted percentages are not counts.**  The chapter's percentages are
    weighted, so no whole count produced them; the counts here are those of
    a *hypothetical unweighted* sample of the assumed size with the assumed
    group sizes -- a device for intervals and tests, not a reconstruction of
    the raw data.  The group sizes are themselves assumptions (design
    shares).

    References
    ----------
    .. [1] Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test.
       *Social Psychological and Personality Science*, 8(4), 363-369.
    .. [2] Heathers, J. A., Anaya, J., van der Zee, T., & Brown, N. J. L.
       (2018). Recovering data from summary statistics: SPRITE. *PeerJ
       Preprints* 6:e26968v1.

    Examples
    --------
    Table 7.6 with an assumed total of 1000 respondents (47%, 37% and 21%
    agree by education):

    >>> from migstats import reconstruct_counts
    >>> rc = reconstruct_counts("7.6", n=1000)
    >>> edu = rc[rc.dimension == "education"]
    >>> print(edu[["group", "response", "n_group", "count", "count_low", "count_high"]]
    ...       .to_string(index=False))
           group  response  n_group  count  count_low  count_high
         bo/vmbo     agree      263    124        123         124
         bo/vmbo remainder      263    139        139         140
    havo/vwo/mbo     agree      353    131        129         132
    havo/vwo/mbo remainder      353    222        221         224
          hbo/wo     agree      384     81         79          82
          hbo/wo remainder      384    303        302         305
    >>> row = rc[(rc.dimension == "total") & (rc.response == "agree")].iloc[0]
    >>> int(row["count"]), int(row.count_low), int(row.count_high)
    (330, 325, 335)
    """
    design = _check_design(design)
    ns = _total_ns(design, n)
    frame = _load(table, design, items, groups)
    rows_df = _plain(frame)
    catalogue = _catalogue(items)
    dims = _dimension_groups(groups)
    blocks = _distribution_blocks(rows_df, catalogue)
    rule = _interval_rule(design)
    out = []
    for n_total in ns:
        sizes_cache: dict[str, pd.Series] = {}
        for (item, dim, grp), block, complete in blocks:
            if dim == "total":
                n_g = int(n_total)
            elif dim in design.dimensions:
                if dim not in sizes_cache:
                    _design_shares(design, dim, dims.get(dim, ()))  # checks the groups
                    sizes_cache[dim] = design.group_sizes(dim, int(n_total))
                n_g = int(sizes_cache[dim][grp])
            else:
                continue
            reported = list(block["reported"].astype(str))
            if any(_RANGE_REPORTED.match(r) for r in reported) or block["approximate"].any():
                continue  # a range or an approximate number has no count reconstruction
            remainder = not complete
            fc = feasible_counts(reported, n_g, rounding=rule, remainder=remainder)
            responses = list(block["response"]) + ([REMAINDER_LABEL] if remainder else [])
            percents = list(block["percent"].astype(float)) + ([np.nan] if remainder else [])
            tables = list(block["table"]) + ([_tables_label(block["table"])] if remainder else [])
            if fc.consistent:
                point = fc.closest()
                c_lo, c_hi = fc.lower, fc.upper
            else:
                point = c_lo = c_hi = [pd.NA] * len(responses)
            n_feasible = fc.count()
            for j, resp in enumerate(responses):
                out.append(
                    {
                        "table": tables[j],
                        "item": item,
                        "response": resp,
                        "dimension": dim,
                        "group": grp,
                        "n": int(n_total),
                        "n_group": n_g,
                        "percent": percents[j],
                        "count": point[j],
                        "count_low": c_lo[j],
                        "count_high": c_hi[j],
                        "n_feasible": n_feasible,
                        "consistent": bool(fc.consistent),
                    }
                )
    result = pd.DataFrame(out, columns=list(RECONSTRUCT_COLUMNS))
    for c in ("count", "count_low", "count_high"):
        result[c] = pd.array([pd.NA if v is pd.NA else int(v) for v in result[c]], dtype="Int64")
    result["n_feasible"] = result["n_feasible"].astype(object)
    return result


# --------------------------------------------------------------------------
# selecting one profile (item x response x dimension)
# --------------------------------------------------------------------------


def _choices(values: Any) -> str:
    return ", ".join(repr(v) for v in dict.fromkeys(values))


def _select_profile(
    rows_df: pd.DataFrame,
    item: Any,
    dimension: Any,
    response: Any,
    dims: Mapping[str, tuple],
) -> pd.DataFrame:
    """Rows of one item, response and dimension, in group order (all groups present)."""
    check_option(item, "item", tuple(dict.fromkeys(rows_df["item"])))
    of_item = rows_df[rows_df["item"] == item]
    partition = tuple(
        d for d in dict.fromkeys(of_item["dimension"]) if d not in NON_PARTITION_DIMENSIONS
    )
    check_option(dimension, "dimension", partition)
    check_option(response, "response", tuple(dict.fromkeys(of_item["response"])))
    sub = of_item[(of_item["dimension"] == dimension) & (of_item["response"] == response)]
    order = list(dims.get(dimension, ()))
    present = set(sub["group"])
    missing = [g for g in order if g not in present]
    if sub.empty or missing:
        raise MigstatsValueError(
            f"dimension must have every group published for item {item!r} and response "
            f"{response!r}, but {dimension!r} lacks {', '.join(missing) or 'all groups'}"
        )
    return sub.drop_duplicates("group").set_index("group").loc[order].reset_index()


def _single_n(design: SampleDesign, n: Any, where: str) -> int:
    arr = check_n(design.n if n is None else n, "n")
    if arr.ndim != 0:
        raise invalid_value("n", f"a single integer in {where} (use gradient_table for several)", n)
    return int(arr)


# --------------------------------------------------------------------------
# gradients
# --------------------------------------------------------------------------


def _gradient_of(
    rows_df: pd.DataFrame,
    item: str,
    dimension: str,
    response: str,
    design: SampleDesign,
    n: int,
    deff: float,
    confidence_level: float,
    dims: Mapping[str, tuple],
):
    prof = _select_profile(rows_df, item, dimension, response, dims)
    return _gradient_from_profile(prof, dimension, design, n, deff, confidence_level)


def _gradient_from_profile(
    prof: pd.DataFrame,
    dimension: str,
    design: SampleDesign,
    n: int,
    deff: float,
    confidence_level: float,
):
    """gradient_from_proportions of one complete profile (rows in group order)."""
    from .._core import gradient_from_proportions

    order = prof["group"].tolist()
    shares = _design_shares(design, dimension, order)
    if shares is None:
        raise invalid_value(
            "design", f"a design with shares for dimension {dimension!r}", design.dimensions
        )
    sizes = _group_sizes(design, dimension, n, order)
    return gradient_from_proportions(
        prof["percent"].to_numpy(dtype=float) / PERCENT_SCALE,
        sizes,
        shares,
        groups=order,
        confidence_level=confidence_level,
        deff=deff,
    )


def gradient(
    table: str | pd.DataFrame,
    item: str,
    dimension: str,
    *,
    design: SampleDesign = LISS_2023,
    response: str = "agree",
    n: Any = None,
    deff: Any = None,
    confidence_level: float = 0.95,
    items: Any = None,
    groups: Mapping[str, Sequence[str]] | None = None,
):
    """Gradient of one item across the ordered groups of one dimension.

    Parameters
    ----------
    table : str or pandas.DataFrame
        A chapter table id (with its text figures) or a tidy DataFrame.
    item : str
        Item id; an unknown item raises an error listing the table's items.
    dimension : str
        ``"education"`` or ``"income"`` (any partition dimension of the table
        for which the design has shares).
    design : SampleDesign, default LISS_2023
        Group sizes ``design.group_sizes(dimension, n)`` and shares
        ``design.group_shares(dimension)`` (for the ridits of the SII).
    response : str, default "agree"
        Which published response (``"6-10"`` for figure 7.1).
    n : int, optional
        Total sample size; default ``design.n``.
    deff : float, optional
        Kish design effect; default ``design.deff``.
    confidence_level : float, default 0.95
        Confidence level of every interval.
    items, groups : optional
        Item catalogue and dimension groups for a user DataFrame.

    Returns
    -------
    GradientResult
        From :func:`migstats.gradient_from_proportions`: extreme-group gap with its
        Newcombe interval, Cochran-Armitage trend test, logistic slope per
        step, SII and RII (all in proportion units); ``to_frame()`` gives one
        tidy row.

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
    design = _check_design(design)
    level = check_confidence_level(confidence_level)
    n_total = _single_n(design, n, "gradient")
    d = _resolve_deff(design, deff)
    rows_df = _plain(_load(table, design, items, groups))
    dims = _dimension_groups(groups)
    return _gradient_of(rows_df, item, dimension, response, design, n_total, d, level, dims)


def compare_gradients(
    table: str | pd.DataFrame,
    item: str,
    *,
    design: SampleDesign = LISS_2023,
    response: str = "agree",
    n: Any = None,
    deff: Any = None,
    confidence_level: float = 0.95,
    dimensions: tuple[str, str] = GRADIENT_DIMENSIONS,
    correlation: float | None = None,
    alternative: str = "two-sided",
    items: Any = None,
    groups: Mapping[str, Sequence[str]] | None = None,
):
    """Compare the education and the income gradient of one item (SII difference).

    Parameters
    ----------
    table : str or pandas.DataFrame
        A chapter table id (with its text figures) or a tidy DataFrame.  To
        compare two gradient results you computed yourself, use
        :func:`migstats.compare_gradient_results`.
    item : str
        Item id.
    design : SampleDesign, default LISS_2023
        Group sizes and shares of both dimensions.
    response : str, default "agree"
        Which published response.
    n : int, optional
        Total sample size; default ``design.n``.
    deff : float, optional
        Kish design effect; default ``design.deff``.
    confidence_level : float, default 0.95
        Confidence level of the intervals.
    dimensions : tuple of two str, default ("education", "income")
        The two gradients compared, first minus second.
    correlation : float, optional
        An assumed correlation between the two SII estimates (reported as the
        ``"user"`` scenario).
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
        intervals and p-values under independence, the worst case (widest
        interval, correlation -1), the best case and the user's correlation;
        ``to_frame()`` gives them in long format.

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
    scale.

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
    >>> bool(cmp.pvalue["worst_case"] < 0.05)  # steeper by education, whatever the correlation
    True
    """
    from .._core import compare_gradient_results

    design = _check_design(design)
    level = check_confidence_level(confidence_level)
    if (
        not isinstance(dimensions, tuple | list)
        or len(dimensions) != 2
        or dimensions[0] == dimensions[1]
    ):
        raise invalid_value("dimensions", "two distinct dimension names", dimensions)
    n_total = _single_n(design, n, "compare_gradients")
    d = _resolve_deff(design, deff)
    rows_df = _plain(_load(table, design, items, groups))
    dims = _dimension_groups(groups)
    a, b = (
        _gradient_of(rows_df, item, dim, response, design, n_total, d, level, dims)
        for dim in dimensions
    )
    return compare_gradient_results(
        a, b, confidence_level=level, correlation=correlation, alternative=alternative
    )


def _gradient_items(rows_df: pd.DataFrame, dims: Mapping[str, tuple]) -> list[tuple[str, str, str]]:
    """(table label, item, response) with a complete profile in some gradient dimension."""
    out = []
    for (item, resp), block in rows_df.groupby(["item", "response"], sort=False):
        for dim in GRADIENT_DIMENSIONS:
            sub = block[block["dimension"] == dim]
            if set(sub["group"]) == set(dims.get(dim, ())) and not sub["approximate"].any():
                out.append((_tables_label(block["table"]), item, resp))
                break
    return out


def gradient_table(
    *,
    tables: Any = None,
    design: SampleDesign = LISS_2023,
    n: Any = None,
    deff: Any = None,
    response: str | None = "agree",
    confidence_level: float = 0.95,
    items: Any = None,
    groups: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Education and income gradients of every item of the chapter in one frame.

    Parameters
    ----------
    tables : None, str, list of str or pandas.DataFrame, optional
        None (default) = every table of the chapter with the text figures
        (so the share choosing 6-10 by education from figure 7.1 is
        included); a table id, a list of ids or a user DataFrame.
    design : SampleDesign, default LISS_2023
        Group sizes and shares.
    n : int or 1-d array of int, optional
        Total sample size(s); default ``design.n``; an array repeats every
        row per ``n``.
    deff : float or 1-d array of float, optional
        Kish design effect(s); default ``design.deff``.  With several ``n``
        and ``deff`` the rows repeat for every combination (column
        ``deff``).
    response : str or None, default "agree"
        Which response of each item; items without it use their only
        published response (``"6-10"`` for table 7.1's item, ``"disagree"``
        for the COB item).  None analyses every published response.
    confidence_level : float, default 0.95
        Confidence level of every interval.
    items, groups : optional
        Item catalogue and dimension groups for a user DataFrame.

    Returns
    -------
    pandas.DataFrame
        One row per item, response, dimension (education, income) with a
        complete profile, and ``n``, with the columns
        :data:`GRADIENT_TABLE_COLUMNS`: ``gap`` (last minus first group) and
        its Newcombe interval, ``trend_pvalue`` (Cochran-Armitage), ``sii``
        and its interval, ``rii``, ``log_odds_per_step``; and the comparison
        of the two gradients of the item (same value on both rows, NaN if a
        dimension is incomplete): ``sii_difference`` = education minus income
        SII with intervals under independence and in the worst case, and
        ``steeper`` = ``|SII_edu| - |SII_inc|`` with its worst-case interval.
        All in proportion units.

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
    >>> round(float(row.sii), 3), round(float(row.steeper), 3)
    (-0.39, 0.275)
    """
    from .._core import compare_gradient_results

    design = _check_design(design)
    level = check_confidence_level(confidence_level)
    ns = _total_ns(design, n)
    ds = _resolve_deffs(design, deff)
    rows_df = _plain(_rows_for_tables(tables, design, items, groups))
    dims = _dimension_groups(groups)
    candidates = _gradient_items(rows_df, dims)
    if response is not None:
        if not isinstance(response, str):
            raise invalid_value("response", "a response label or None", response)
        by_item: dict[str, list[str]] = {}
        for _, it, r in candidates:
            by_item.setdefault(it, []).append(r)
        if response not in {r for rs in by_item.values() for r in rs}:
            raise invalid_value(
                "response", "one of " + _choices(r for _, _, r in candidates), response
            )
        candidates = [
            c
            for c in candidates
            if c[2] == response or (response not in by_item[c[1]] and len(by_item[c[1]]) == 1)
        ]
    profiles = {
        key: sub
        for key, sub in rows_df[rows_df["dimension"].isin(GRADIENT_DIMENSIONS)].groupby(
            ["item", "response", "dimension"], sort=False
        )
    }
    out = []
    for n_total, d in itertools.product(ns, ds):
        for tab, item, resp in candidates:
            res = {}
            for dim in GRADIENT_DIMENSIONS:
                sub = profiles.get((item, resp, dim))
                order = list(dims.get(dim, ()))
                if sub is None or set(sub["group"]) != set(order):
                    continue
                if dim not in design.dimensions:
                    continue
                prof = sub.drop_duplicates("group").set_index("group").loc[order].reset_index()
                res[dim] = _gradient_from_profile(prof, dim, design, int(n_total), d, level)
            cmp = None
            if len(res) == 2:
                cmp = compare_gradient_results(*res.values(), confidence_level=level)
            for dim, g in res.items():
                f = g.to_frame().iloc[0]
                row = {
                    "table": tab,
                    "item": item,
                    "response": resp,
                    "dimension": dim,
                    "n": int(n_total),
                    "deff": float(d),
                    **{c: f[c] for c in _GRADIENT_RESULT_COLUMNS},
                }
                if cmp is not None:
                    row.update(
                        sii_difference=float(cmp.estimate),
                        sii_difference_ci_low=float(cmp.confidence_interval("independent").low),
                        sii_difference_ci_high=float(cmp.confidence_interval("independent").high),
                        sii_difference_worst_ci_low=float(
                            cmp.confidence_interval("worst_case").low
                        ),
                        sii_difference_worst_ci_high=float(
                            cmp.confidence_interval("worst_case").high
                        ),
                        steeper=float(cmp.abs_estimate),
                        steeper_worst_ci_low=float(
                            cmp.confidence_interval("worst_case", scale="absolute").low
                        ),
                        steeper_worst_ci_high=float(
                            cmp.confidence_interval("worst_case", scale="absolute").high
                        ),
                    )
                out.append(row)
    return pd.DataFrame(out, columns=list(GRADIENT_TABLE_COLUMNS))


# --------------------------------------------------------------------------
# table_intervals
# --------------------------------------------------------------------------


def _cells(
    rows_df: pd.DataFrame,
    design: SampleDesign,
    ns: np.ndarray,
    dims: Mapping[str, tuple],
) -> pd.DataFrame:
    """Every published number with the assumed group size, per candidate n."""
    keep = rows_df[(rows_df["dimension"] == "total") | rows_df["dimension"].isin(design.dimensions)]
    frames = []
    for n_total in ns:
        sizes = []
        for dim, grp in zip(keep["dimension"], keep["group"], strict=True):
            if dim == "total":
                sizes.append(int(n_total))
            else:
                sizes.append(_group_size_of(design, dim, grp, int(n_total)))
        frames.append(keep.assign(n=int(n_total), n_group=np.array(sizes, dtype=np.int64)))
    for dim in set(keep["dimension"]) - {"total"}:
        _design_shares(design, dim, dims.get(dim, ()))  # checks the groups match
    if not frames:  # pragma: no cover - ns is never empty
        return keep.assign(n=[], n_group=[])
    return pd.concat(frames, ignore_index=True)


def table_intervals(
    table: str | pd.DataFrame,
    *,
    design: SampleDesign = LISS_2023,
    n: Any = None,
    deff: Any = None,
    method: str = "wilson",
    confidence_level: float = 0.95,
    rounding_aware: bool = False,
    items: Any = None,
    groups: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Confidence interval for every published percentage of a table.

    Parameters
    ----------
    table : str or pandas.DataFrame
        A chapter table id (with its text figures) or a tidy DataFrame.
    design : SampleDesign, default LISS_2023
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
    rounding_aware : bool, default False
        If True, widen each interval to the union of the intervals over every
        true value the printed percentage allows (see Notes) and add the
        columns ``percent_low, percent_high`` (the rounding interval),
        ``plain_ci_low, plain_ci_high`` (the interval at the printed value)
        and ``rounding_added`` (how much wider the interval is, in proportion
        units).
    items, groups : optional
        Item catalogue and dimension groups for a user DataFrame.

    Returns
    -------
    pandas.DataFrame
        One row per published number (of the total and of every dimension
        for which the design has shares) and ``n``, with the columns
        :data:`INTERVAL_COLUMNS`: ``percent`` (published), ``estimate``
        (``percent / 100``), ``ci_low``, ``ci_high`` (proportions).

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
    >>> ti = table_intervals("7.6", n=2000, rounding_aware=True)
    >>> row = ti[ti.group == "hbo/wo"].iloc[0]
    >>> int(row.n_group), float(row.estimate)
    (768, 0.21)
    >>> [round(float(x), 4) for x in (row.ci_low, row.plain_ci_low, row.plain_ci_high, row.ci_high)]
    [0.178, 0.1827, 0.2402, 0.2454]
    """
    from .._core import proportion_ci

    design = _check_design(design)
    level = check_confidence_level(confidence_level)
    from .._core import PROPORTION_METHODS

    method = check_option(method, "method", PROPORTION_METHODS)
    if not isinstance(rounding_aware, bool | np.bool_):
        raise invalid_value("rounding_aware", "True or False", rounding_aware)
    ns = _total_ns(design, n)
    ds = _resolve_deffs(design, deff)
    rows_df = _plain(_load(table, design, items, groups))
    base = _cells(rows_df, design, ns, _dimension_groups(groups))
    cells = pd.concat([base] * len(ds), ignore_index=True)
    d = np.repeat(ds, len(base))
    p = cells["percent"].to_numpy(dtype=float) / PERCENT_SCALE
    n_g = cells["n_group"].to_numpy(dtype=float)
    low, high = proportion_ci(p * n_g, n_g, method=method, confidence_level=level, deff=d)
    out = cells[["table", "item", "response", "dimension", "group", "n", "n_group", "percent"]]
    out = out.assign(
        estimate=p,
        ci_low=np.asarray(low, dtype=float),
        ci_high=np.asarray(high, dtype=float),
        method=method,
        confidence_level=level,
        deff=d,
    )
    if rounding_aware:
        if design.weighted:
            plo, phi = _percent_intervals(cells, _interval_rule(design))
        else:
            plo, phi = _count_intervals(cells, n_g, _interval_rule(design))
        if method in MONOTONE_PROPORTION_METHODS:
            grid = np.stack([plo, phi]) / PERCENT_SCALE
        else:
            t = np.linspace(0.0, 1.0, ROUNDING_GRID_POINTS)[:, None]
            grid = (plo + t * (phi - plo)) / PERCENT_SCALE
        g_low, g_high = proportion_ci(
            grid * n_g,
            np.broadcast_to(n_g, grid.shape),
            method=method,
            confidence_level=level,
            deff=d,
        )
        wide_low = np.minimum(np.min(g_low, axis=0), out["ci_low"].to_numpy())
        wide_high = np.maximum(np.max(g_high, axis=0), out["ci_high"].to_numpy())
        out = out.assign(
            percent_low=plo,
            percent_high=phi,
            plain_ci_low=out["ci_low"],
            plain_ci_high=out["ci_high"],
        )
        out["ci_low"] = wide_low
        out["ci_high"] = wide_high
        out["rounding_added"] = (wide_high - wide_low) - (
            out["plain_ci_high"] - out["plain_ci_low"]
        )
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------
# scale_mean
# --------------------------------------------------------------------------


def scale_mean(
    table: str | pd.DataFrame = "7.1",
    *,
    design: SampleDesign = LISS_2023,
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
    design : SampleDesign, default LISS_2023
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
    [7.18, 7.09, 7.27]
    >>> print(m[["rounding_low", "rounding_high"]].astype(float).round(3).tolist())
    [7.055, 7.305]
    """
    from .._core import MEAN_METHODS, mean_score_ci

    design = _check_design(design)
    level = check_confidence_level(confidence_level)
    method = check_option(method, "method", MEAN_METHODS)
    ns = _total_ns(design, n)
    ds = _resolve_deffs(design, deff)
    rows_df = _plain(_load(table, design, items, groups))
    catalogue = _catalogue(items)
    blocks = [b for b in _distribution_blocks(rows_df, catalogue) if b[2]]
    if not blocks:
        raise invalid_value(
            "table",
            "a table with a complete K-point distribution (e.g. '7.1')",
            table if isinstance(table, str) else "a DataFrame without one",
        )
    rule = _interval_rule(design)
    out = []
    for n_total, d in itertools.product(ns, ds):
        for (item, dim, grp), block, _ in blocks:
            codes = _complete_set(item, catalogue)
            block = block.set_index("response").loc[list(codes)].reset_index()
            k = len(codes)
            s = np.arange(1.0, k + 1.0) if scores is None else check_weights(scores, k, "scores")
            if dim == "total":
                n_g = int(n_total)
            elif dim in design.dimensions:
                n_g = _group_size_of(design, dim, grp, int(n_total))
            else:
                continue
            p = block["percent"].to_numpy(dtype=float)
            res = mean_score_ci(
                p / PERCENT_SCALE * n_g, s, confidence_level=level, deff=d, method=method
            )
            lo, hi = _percent_intervals(block, rule)
            r_lo, r_hi = _linear_range(s, lo, hi, complete=True)
            fc = feasible_counts(list(block["reported"].astype(str)), n_g, rounding=rule)
            c_lo, c_hi = fc.bounds(s) if fc.consistent else (np.nan, np.nan)
            out.append(
                {
                    "table": _tables_label(block["table"]),
                    "item": item,
                    "dimension": dim,
                    "group": grp,
                    "n": int(n_total),
                    "deff": float(d),
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
            )
    return pd.DataFrame(out, columns=list(SCALE_MEAN_COLUMNS))


# --------------------------------------------------------------------------
# compare_groups
# --------------------------------------------------------------------------


def compare_groups(
    table: str | pd.DataFrame,
    item: str,
    dimension: str,
    *,
    design: SampleDesign = LISS_2023,
    response: str = "agree",
    n: Any = None,
    deff: Any = None,
    correction: str = "holm",
    method: str = "score",
    confidence_level: float = 0.95,
    rounding_aware: bool = False,
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
    design : SampleDesign, default LISS_2023
        Group sizes ``design.group_sizes(dimension, n)`` and shares.
    response : str, default "agree"
        Which published response.
    n : int or 1-d array of int, optional
        Total sample size(s); default ``design.n``.  An array gives one block
        of rows per ``n`` (each block adjusted separately).
    deff : float or 1-d array of float, optional
        Kish design effect(s); default ``design.deff``.  With several ``n``
        and ``deff`` the rows repeat for every combination (column
        ``deff``).
    correction : str, default "holm"
        Multiple-testing adjustment of the pairwise p-values, one of
        :data:`migstats._compare.CORRECTIONS` (R ``p.adjust`` names,
        ``"none"``).
    method : str, default "score"
        Two-group test of :func:`migstats.compare` (``"score"``,
        ``"mee"``, ``"wald"``; the exact tests need whole counts).
    confidence_level : float, default 0.95
        Level of the difference intervals; ``1 - confidence_level`` is also
        the significance level of the break-even n.
    rounding_aware : bool, default False
        If True, widen each pairwise interval to cover every pair of true
        values the two printed percentages allow (see Notes); the plain
        interval moves to ``plain_ci_low``/``plain_ci_high`` and
        ``rounding_added`` is the extra width.  Tests and p-values stay
        those of the printed numbers.
    items, groups : optional
        Item catalogue and dimension groups for a user DataFrame.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COMPARE_GROUPS_COLUMNS`.  Per ``n``, first one row
        ``comparison = "all groups"``: the chi-square test of homogeneity
        (``statistic`` = X2 / deff, ``df`` = G - 1, ``pvalue``; it is a
        single test, so ``pvalue_adjusted`` = ``pvalue``); then one row per pair
        of groups (``group1`` before ``group2`` in the dimension's order):
        ``estimate`` = p1 - p2 with its interval (proportions), z
        ``statistic``, ``pvalue``, ``pvalue_adjusted`` (over the pairs of this
        block) and ``breakeven_n``: the smallest total n at which this
        difference would be significant at ``1 - confidence_level``
        (two-sided, unadjusted), with the same shares and deff.

    Raises
    ------
    MigstatsValueError
        For an unknown item, dimension or response (the message lists the
        valid ones), missing groups, or invalid ``n``, ``deff``,
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

    **Rounding-aware intervals.**  Each printed percentage stands for a
    true value in its rounding interval (with an unweighted design: the
    whole counts in it, as in :func:`table_intervals`).  The widened
    interval is the union of the pairwise intervals over a
    :data:`ROUNDING_PAIR_GRID` x :data:`ROUNDING_PAIR_GRID` grid of true
    values (ends included) -- exact when the limits are monotone in the two
    counts, as the score limits are away from 0 and 1.

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
    >>> from migstats import compare_groups
    >>> cg = compare_groups("7.5", "language_lessons", "education")
    >>> print(cg[["group1", "group2", "pvalue", "pvalue_adjusted", "breakeven_n"]].round(4)
    ...       .to_string(index=False))
                           group1       group2  pvalue  pvalue_adjusted  breakeven_n
    bo/vmbo, havo/vwo/mbo, hbo/wo          NaN   0.0086      0.0086          NaN
                          bo/vmbo havo/vwo/mbo   0.5973      0.5973      39905.0
                          bo/vmbo       hbo/wo   0.0047      0.0140       1394.0
                     havo/vwo/mbo       hbo/wo   0.0137      0.0275       1836.0
    """
    from .._core import CORRECTIONS, adjust_pvalues, breakeven_n, chi2_homogeneity, compare

    design = _check_design(design)
    level = check_confidence_level(confidence_level)
    correction = check_option(correction, "correction", CORRECTIONS)
    # The cell counts p_g * n_g are fractional (weighted percentages), so the
    # exact tests of compare(), which need whole counts, are not offered here.
    method = check_option(
        method, "method (a test for fractional counts)", sorted(BREAKEVEN_METHODS)
    )
    ns = _total_ns(design, n)
    ds = _resolve_deffs(design, deff)
    rows_df = _plain(_load(table, design, items, groups))
    dims = _dimension_groups(groups)
    prof = _select_profile(rows_df, item, dimension, response, dims)
    order = prof["group"].tolist()
    shares = _design_shares(design, dimension, order)
    if shares is None:
        raise invalid_value(
            "design", f"a design with shares for dimension {dimension!r}", design.dimensions
        )
    pct = prof["percent"].to_numpy(dtype=float)
    p = pct / PERCENT_SCALE
    pairs = list(itertools.combinations(range(len(order)), 2))
    i1 = np.array([a for a, _ in pairs])
    i2 = np.array([b for _, b in pairs])
    if not isinstance(rounding_aware, bool | np.bool_):
        raise invalid_value("rounding_aware", "True or False", rounding_aware)
    out = []
    for n_total, d in itertools.product(ns, ds):
        sizes = _group_sizes(design, dimension, int(n_total), order).astype(float)
        k = p * sizes
        omni = chi2_homogeneity(k, sizes, deff=d)
        res = compare(
            k[i1], sizes[i1], k[i2], sizes[i2], method=method, confidence_level=level, deff=d
        )
        wide = None
        if rounding_aware:
            wide = _rounding_pair_limits(
                prof, sizes, i1, i2, design, method=method, level=level, deff=d
            )
        pv = np.asarray(res.pvalue, dtype=float)
        adj = np.asarray(adjust_pvalues(pv, method=correction), dtype=float)
        if 1.0 - level < MAX_BREAKEVEN_ALPHA:
            be = np.atleast_1d(
                breakeven_n(
                    p[i1], p[i2], shares[i1], shares[i2], alpha=1.0 - level, deff=d, method=method
                )
            ).astype(float)
        else:
            be = np.full(len(pairs), np.nan)
        base = {
            "item": item,
            "response": response,
            "dimension": dimension,
            "n": int(n_total),
            "deff": float(d),
        }
        out.append(
            {
                **base,
                "comparison": "all groups",
                "group1": ", ".join(order),
                "group2": None,
                "statistic": float(omni.statistic),
                "df": int(omni.df),
                "pvalue": float(omni.pvalue),
                "pvalue_adjusted": float(omni.pvalue),
                "method": "chi2_homogeneity",
                "correction": "none",
            }
        )
        low, high = (np.asarray(x, dtype=float) for x in res.confidence_interval)
        extra: dict[str, Any] = {}
        if wide is not None:
            extra = {"plain_ci_low": low, "plain_ci_high": high}
            low, high = np.minimum(low, wide[0]), np.maximum(high, wide[1])
            extra["rounding_added"] = (high - low) - (
                extra["plain_ci_high"] - extra["plain_ci_low"]
            )
        for j, (a, b) in enumerate(pairs):
            out.append(
                {
                    **base,
                    **{key: float(v[j]) for key, v in extra.items()},
                    "comparison": "pair",
                    "group1": order[a],
                    "group2": order[b],
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
                    "method": method,
                    "correction": correction,
                }
            )
    extra_cols = ["plain_ci_low", "plain_ci_high", "rounding_added"] if rounding_aware else []
    result = pd.DataFrame(out, columns=[*COMPARE_GROUPS_COLUMNS, *extra_cols])
    result["df"] = result["df"].astype("Int64")
    return result


def _rounding_pair_limits(
    prof: pd.DataFrame,
    sizes: np.ndarray,
    i1: np.ndarray,
    i2: np.ndarray,
    design: SampleDesign,
    *,
    method: str,
    level: float,
    deff: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Extreme limits of the pairwise intervals over the true values' grid."""
    from .._core import compare

    rule = _interval_rule(design)
    if design.weighted:
        plo, phi = _percent_intervals(prof, rule)
    else:
        plo, phi = _count_intervals(prof, sizes, rule)
    t = np.linspace(0.0, 1.0, ROUNDING_PAIR_GRID)
    x = (plo[:, None] + t * (phi - plo)[:, None]) / PERCENT_SCALE  # (groups, grid)
    # every (true value of group 1, true value of group 2) pair: (grid, grid, pairs)
    x1 = np.broadcast_to(x[i1].T[:, None, :], (t.size, t.size, i1.size))
    x2 = np.broadcast_to(x[i2].T[None, :, :], (t.size, t.size, i1.size))
    n1 = np.broadcast_to(sizes[i1], x1.shape)
    n2 = np.broadcast_to(sizes[i2], x2.shape)
    ci = compare(
        x1 * n1, n1, x2 * n2, n2, method=method, confidence_level=level, deff=deff
    ).confidence_interval
    lows = np.asarray(ci[0], dtype=float).reshape(-1, i1.size)
    highs = np.asarray(ci[1], dtype=float).reshape(-1, i1.size)
    return lows.min(axis=0), highs.max(axis=0)
