"""Group shares the published tables themselves imply (:func:`implied_group_shares`).

Every item that reports a total and all groups of a dimension gives an
equation ``total = sum_g s_g p_g``; this module solves the constrained least
squares problem for a point (SLSQP, refined on its active set) and the
linear programmes for the exact range of each share over the share vectors
consistent with every equation's rounding (HiGHS).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .._base import MigstatsValueError, Result, invalid_value
from .._core import PERCENT_SCALE, Range
from .._corpus import SampleDesign
from .context import INTERVAL_ATOL, TableContext, tables_label

__all__ = [
    "ACTIVE_SET_TOL",
    "RANK_TOL",
    "SLSQP_FTOL",
    "SLSQP_MAXITER",
    "ImpliedShares",
    "implied_group_shares",
]

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

#: Tolerance of "lies in the range" decisions, in proportion units.
_SHARE_ATOL = INTERVAL_ATOL / PERCENT_SCALE


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
    ranges : Range
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
    ranges: Range
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
# the equations
# --------------------------------------------------------------------------


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
            "table": tables_label([tot["table"].iloc[0], *sub["table"]]),
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


def _equations_of(ctx: TableContext, dimension: Any) -> tuple[list[str], pd.DataFrame]:
    """The groups of ``dimension`` in order and its equations (validating ``dimension``)."""
    rows_df = ctx.rows
    present = [
        d
        for d in dict.fromkeys(rows_df["dimension"])
        if d not in ctx.non_partitions and d in ctx.groups
    ]
    if not isinstance(dimension, str) or dimension not in present:
        raise invalid_value("dimension", "one of " + ", ".join(repr(d) for d in present), dimension)
    order = list(ctx.groups[dimension])
    eq = _share_equations(rows_df.assign(row_index=rows_df.index), dimension, order)
    if eq.empty:
        raise MigstatsValueError(
            f"dimension must have at least one item with a total and every group "
            f"({', '.join(order)}) published without approximation, but {dimension!r} has none "
            "in these tables"
        )
    return order, eq


class _System(NamedTuple):
    """The equations as arrays: published ``P``, ``T`` and their rounding intervals."""

    P: np.ndarray
    T: np.ndarray
    Plo: np.ndarray
    Phi: np.ndarray
    Tlo: np.ndarray
    Thi: np.ndarray


def _system(ctx: TableContext, eq: pd.DataFrame, order: Sequence[str]) -> _System:
    lo_all, hi_all = ctx.percent_intervals()
    gidx = eq[[f"_index_{g}" for g in order]].to_numpy(dtype=int)
    tidx = eq["total_index"].to_numpy(dtype=int)
    return _System(
        eq[list(order)].to_numpy(dtype=float),
        eq["total"].to_numpy(dtype=float),
        lo_all[gidx],
        hi_all[gidx],
        lo_all[tidx],
        hi_all[tidx],
    )


# --------------------------------------------------------------------------
# the solver: least-squares point and exact ranges
# --------------------------------------------------------------------------


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


def _least_squares_point(system: _System) -> tuple[np.ndarray, float, bool]:
    """``(point, residual_rms, identified)``: least squares on the simplex (SLSQP + KKT)."""
    from scipy.optimize import minimize

    P, T = system.P, system.T
    G = P.shape[1]
    A, b = P / PERCENT_SCALE, T / PERCENT_SCALE
    res = minimize(
        lambda s: float(np.sum((A @ s - b) ** 2)),
        np.full(G, 1.0 / G),
        jac=lambda s: 2.0 * A.T @ (A @ s - b),
        method="SLSQP",
        bounds=[(0.0, 1.0)] * G,
        constraints=[{"type": "eq", "fun": lambda s: np.sum(s) - 1.0, "jac": lambda s: np.ones(G)}],
        options={"ftol": SLSQP_FTOL, "maxiter": SLSQP_MAXITER},
    )
    point = _polish_simplex_ls(A, b, res.x)
    residual_rms = float(np.sqrt(np.mean((P @ point - T) ** 2)))
    identified = np.linalg.matrix_rank(np.vstack([A, np.ones(G)]), tol=RANK_TOL) == G
    return point, residual_rms, bool(identified)


def _share_ranges(system: _System) -> tuple[bool, np.ndarray, np.ndarray, float]:
    """``(feasible, low, high, min_widening)`` of the consistent shares, by linear programmes."""
    from scipy.optimize import linprog

    G = system.P.shape[1]
    A_ub = np.vstack([system.Plo, -system.Phi])
    b_ub = np.concatenate([system.Thi, -system.Tlo])
    lp = {
        "A_ub": A_ub,
        "b_ub": b_ub,
        "A_eq": np.ones((1, G)),
        "b_eq": [1.0],
        "bounds": [(0.0, 1.0)] * G,
        "method": "highs",
    }
    first = linprog(np.eye(G)[0], **lp)
    low = np.full(G, np.nan)
    high = np.full(G, np.nan)
    if first.status != 0:
        return False, low, high, _min_widening(A_ub, b_ub, G)
    for g in range(G):
        r_min = first if g == 0 else linprog(np.eye(G)[g], **lp)
        r_max = linprog(-np.eye(G)[g], **lp)
        low[g], high[g] = r_min.fun, -r_max.fun
    return True, low, high, 0.0


def _min_widening(A_ub: np.ndarray, b_ub: np.ndarray, G: int) -> float:
    """Smallest ``e >= 0`` with ``sum s lo <= hi_T + e`` and ``sum s hi >= lo_T - e``."""
    from scipy.optimize import linprog

    c = np.zeros(G + 1)
    c[-1] = 1.0
    r_w = linprog(
        c,
        A_ub=np.hstack([A_ub, -np.ones((A_ub.shape[0], 1))]),
        b_ub=b_ub,
        A_eq=np.hstack([np.ones((1, G)), [[0.0]]]),
        b_eq=[1.0],
        bounds=[(0.0, 1.0)] * G + [(0.0, None)],
        method="highs",
    )
    return float(r_w.fun)


# --------------------------------------------------------------------------
# the answer
# --------------------------------------------------------------------------


def _message(
    dimension: str,
    order: Sequence[str],
    m: int,
    comparison: pd.DataFrame,
    feasible: bool,
    identified: bool,
    widen: float,
) -> str:
    """What the data allow, in plain language."""
    if not feasible:
        return (
            f"{m} equations: NO {dimension} shares are consistent with every item's rounding; "
            f"the totals' intervals must be widened by at least {widen:.3f} percentage points. "
            f"A number may be misprinted, the {dimension} groups may not cover all respondents "
            "of the total (missing values), or the rounding differs from the design's."
        )
    inside = comparison["design_share_in_range"]
    dshares = comparison["design_share"]
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
    return message


# --------------------------------------------------------------------------
# implied_group_shares
# --------------------------------------------------------------------------


def implied_group_shares(
    dimension: str,
    *,
    tables: Any = None,
    design: SampleDesign | None = None,
    report: Any = None,
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
    ctx = TableContext.build(
        tables,
        design=design,
        report=report,
        items=items,
        groups=groups,
        several_tables=True,
        described=False,  # the shares a design lacks are what it estimates
    )
    order, eq = _equations_of(ctx, dimension)
    system = _system(ctx, eq, order)
    point, residual_rms, identified = _least_squares_point(system)
    feasible, low, high, widen = _share_ranges(system)
    dshares = ctx.shares(dimension, order)
    dshares = np.full(len(order), np.nan) if dshares is None else dshares
    comparison = pd.DataFrame(
        {
            "group": order,
            "design_share": dshares,
            "point": point,
            "range_low": low,
            "range_high": high,
            "design_share_in_range": (low - _SHARE_ATOL <= dshares)
            & (dshares <= high + _SHARE_ATOL),
            "point_in_range": (low - _SHARE_ATOL <= point) & (point <= high + _SHARE_ATOL),
        }
    )
    m = len(system.T)
    return ImpliedShares(
        dimension=dimension,
        groups=tuple(order),
        point=point,
        ranges=Range(low, high),
        feasible=bool(feasible),
        identified=bool(identified),
        message=_message(dimension, order, m, comparison, feasible, identified, widen),
        n_equations=int(m),
        residual_rms=residual_rms,
        min_widening=widen,
        design_shares=dshares,
        equations=eq[["table", "item", "response", "total", *order]].copy(),
        comparison=comparison,
    )
