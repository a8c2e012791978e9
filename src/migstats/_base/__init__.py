"""_base layer: re-exports the names other layers may import.

Files: ``errors.py`` (the error family and :func:`invalid_value`),
``checks.py`` (argument checks, shared array helpers, :func:`z_critical`),
``arrays.py`` (numpy's and pandas' results for small arrays, faster),
``results.py`` (:class:`Result`, :class:`ConfidenceInterval`),
``columns.py`` (column names of every tidy frame, :data:`COLUMNS`),
``verdicts.py`` (the verdict words), ``version.py`` (``__version__``).
Other layers import from this package, never from its files."""

from .arrays import (
    IN_ORDER_TERMS,
    frame_records,
    group_extremes,
    group_sums,
    stack_rows,
    tile_blocks,
)
from .checks import (
    ALTERNATIVES,
    INT64_LIMIT,
    MAX_ALPHA,
    MAX_EXACT_N,
    SHARES_SUM_ATOL,
    broadcast_as,
    check_alpha,
    check_alternative,
    check_broadcast,
    check_confidence_level,
    check_counts,
    check_deff,
    check_in_unit_interval,
    check_n,
    check_numeric,
    check_option,
    check_percent,
    check_same_length,
    check_size,
    check_weights,
    finish_array,
    series_index,
    z_critical,
)
from .columns import (
    AUDIT_COLUMNS,
    CALIBRATION_COLUMNS,
    CHECK_COLUMNS,
    CLAIM_COLUMNS,
    COLUMNS,
    COMPARE_GROUPS_COLUMNS,
    GRADIENT_COLUMNS,
    GRADIENT_TABLE_COLUMNS,
    INTERVAL_COLUMNS,
    ITEM_COLUMNS,
    PROVENANCE_COLUMNS,
    RECONSTRUCT_COLUMNS,
    REQUIRED_COLUMNS,
    SCALE_MEAN_COLUMNS,
    SIMULATION_COLUMNS,
    TABLE_COLUMNS,
)
from .errors import (
    DataValidationError,
    InfeasibleError,
    MigstatsError,
    MigstatsValueError,
    MigstatsWarning,
    PerformanceWarning,
    invalid_value,
)
from .results import (
    ConfidenceInterval,
    Result,
)
from .verdicts import CHECK_VERDICTS, CLAIM_VERDICTS
from .version import __version__
