"""_base layer: re-exports the names other layers may import.

Other layers import from this package, never from its files."""

from .columns import (
    AUDIT_COLUMNS,
    CHECK_COLUMNS,
    CLAIM_COLUMNS,
    COMPARE_GROUPS_COLUMNS,
    GRADIENT_COLUMNS,
    GRADIENT_TABLE_COLUMNS,
    INTERVAL_COLUMNS,
    ITEM_COLUMNS,
    RECONSTRUCT_COLUMNS,
    REQUIRED_COLUMNS,
    SCALE_MEAN_COLUMNS,
    TABLE_COLUMNS,
)
from .results import (
    ConfidenceInterval,
    Result,
)
from .validation import (
    ALTERNATIVES,
    INT64_LIMIT,
    MAX_EXACT_N,
    DataValidationError,
    InfeasibleError,
    MigstatsError,
    MigstatsValueError,
    check_alternative,
    check_broadcast,
    check_confidence_level,
    check_deff,
    check_in_unit_interval,
    check_n,
    check_option,
    check_percent,
    check_same_length,
    check_weights,
    invalid_value,
)
from .verdicts import CHECK_VERDICTS, CLAIM_VERDICTS
