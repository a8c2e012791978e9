"""_tables layer: analyses of whole published tables; re-exports the names other layers may import.

One file per analysis, each starting from a :class:`~.context.TableContext`:
``context`` (the arguments resolved once: rows, groups, group sizes, deff,
rounding), ``check`` (:func:`check_table`), ``shares``
(:func:`implied_group_shares`), ``counts`` (:func:`reconstruct_counts`),
``intervals`` (:func:`table_intervals`, :func:`scale_mean`), ``compare``
(:func:`compare_groups`), ``gradients`` (:func:`gradient`,
:func:`compare_gradients`, :func:`gradient_table`), ``widening`` (the one
rounding-aware widening of an interval, :func:`rounding_aware_ci`) and
``units`` (the one unit convention).

Every function takes ``table`` = a chapter table id (``"7.2"``) or a user's
tidy DataFrame in the schema of ``data/tables.csv`` (read through
:func:`migstats.as_table`), and a :class:`~migstats.SampleDesign` whose
sample size, group shares, design effect and rounding rule are the
*assumptions* under which the numbers are analysed (default: the design of
``report``, itself by default the report ``"scp2024-ch7"`` loaded by name).
One unit (:mod:`.units`): every share, estimate, interval end, gap, slope
index and difference of a table-level frame is in percent (percentage points
for a difference; ``frame.attrs["units"] == "percent"``), and
``rounding_aware=True`` is the default of every function that has it.

Other layers import from this package, never from its files.
"""

from .._base import (
    CHECK_COLUMNS,
    COMPARE_GROUPS_COLUMNS,
    GRADIENT_TABLE_COLUMNS,
    INTERVAL_COLUMNS,
    RECONSTRUCT_COLUMNS,
    SCALE_MEAN_COLUMNS,
)
from .._core import BREAKEVEN_METHODS
from .check import N_RANGE_POINTS, check_table
from .compare import compare_groups
from .context import INTERVAL_ATOL
from .counts import reconstruct_counts
from .gradients import GRADIENT_DIMENSIONS, compare_gradients, gradient, gradient_table
from .intervals import scale_mean, table_intervals
from .shares import (
    ACTIVE_SET_TOL,
    RANK_TOL,
    SLSQP_FTOL,
    SLSQP_MAXITER,
    ImpliedShares,
    implied_group_shares,
)
from .widening import (
    MONOTONE_PROPORTION_METHODS,
    ROUNDING_GRID_POINTS,
    RoundingAwareSlope,
    WidenedInterval,
    rounding_aware_ci,
    rounding_aware_slope_index,
    widen,
)

__all__ = [
    "ACTIVE_SET_TOL",
    "BREAKEVEN_METHODS",
    "CHECK_COLUMNS",
    "COMPARE_GROUPS_COLUMNS",
    "GRADIENT_DIMENSIONS",
    "GRADIENT_TABLE_COLUMNS",
    "INTERVAL_ATOL",
    "INTERVAL_COLUMNS",
    "MONOTONE_PROPORTION_METHODS",
    "N_RANGE_POINTS",
    "RANK_TOL",
    "RECONSTRUCT_COLUMNS",
    "ROUNDING_GRID_POINTS",
    "SCALE_MEAN_COLUMNS",
    "SLSQP_FTOL",
    "SLSQP_MAXITER",
    "ImpliedShares",
    "RoundingAwareSlope",
    "WidenedInterval",
    "check_table",
    "compare_gradients",
    "compare_groups",
    "gradient",
    "gradient_table",
    "implied_group_shares",
    "reconstruct_counts",
    "rounding_aware_ci",
    "rounding_aware_slope_index",
    "scale_mean",
    "table_intervals",
    "widen",
]
