"""_audit layer: re-exports the names other layers may import.

Other layers import from this package, never from its files."""

from .engine import (
    APPROXIMATE_HALF_WIDTH,
    AUDIT_COLUMNS,
    BREAKEVEN_ALPHA_MAX,
    BREAKEVEN_N_MAX,
    CORRELATION_SCENARIOS,
    DEFAULT_EQUIVALENCE_MARGIN,
    DEFF_GRID,
    N_GRID_POINTS,
    ClaimResult,
    audit,
    audit_summary,
    evaluate_claim,
)
from .html import audit_html
