"""migstats: reanalyse published survey percentage tables.

Reports publish rounded percentages by group, without counts or tests.
migstats rebuilds what the rounded numbers allow, puts honest intervals on
them, estimates gradients across ordered groups, tests differences and audits
a report's claims.  Its first corpus is chapter 7 ("Asiel en migratie") of a
2024 SCP report, based on the LISS panel survey of September 2023.

The statistical core works on arrays and tidy DataFrames and knows nothing
of the corpus; the corpus layer reads the validated published tables from
the package's ``data`` directory.
"""

from __future__ import annotations

from ._results import ConfidenceInterval, Result
from ._validation import (
    DataValidationError,
    InfeasibleError,
    MigstatsError,
    MigstatsValueError,
)

# --- corpus (_data, _design) ---
# --- rounding and reconstruction (_rounding, _feasible) ---
# --- intervals (_intervals) ---
# --- comparisons and power (_compare, _power) ---
# --- gradients (_gradients) ---
# --- tables (_tables) ---
# --- claims and audit (_claims, _audit) ---

__version__ = "0.1.0"

__all__ = [
    "ConfidenceInterval",
    "DataValidationError",
    "InfeasibleError",
    "MigstatsError",
    "MigstatsValueError",
    "Result",
    "__version__",
]
