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

from typing import Any

from ._base import CHECK_VERDICTS, CLAIM_VERDICTS, COLUMNS, ConfidenceInterval, Result
from ._base import (
    DataValidationError,
    InfeasibleError,
    MigstatsError,
    MigstatsValueError,
    MigstatsWarning,
    PerformanceWarning,
)

# --- corpus (_corpus: tables, design) ---
from ._corpus import (
    DIMENSIONS,
    TABLE_IDS,
    as_table,
    list_tables,
    load_items,
    load_table,
    validate_items,
    validate_tables,
)
from ._corpus import (
    LISS_2023,
    WEIGHTED_DEFAULT_DEFF,
    GroupDesign,
    MarginDeff,
    SampleDesign,
    deff_from_margin_of_error,
    normalize_shares,
)
from ._corpus import Report, list_reports, load_report

# --- rounding (_core.rounding) ---
from ._core import ROUNDING_RULES, RoundingInterval, round_half, rounding_interval

# --- intervals, comparisons, multiplicity (_core) ---
from ._core import CompareResult, adjust_pvalues, compare, diff_ci, proportion_ci

# --- gradients (_core.gradients; arrays in, results out) ---
from ._core import (
    GradientComparison,
    GradientResult,
    InequalityResult,
    compare_gradient_results,
    gradient_from_proportions,
    ridits,
    slope_index,
)

# --- same respondents, margins, worst cases (_core) ---
from ._core import DEFAULT_H_MARGIN, cohen_h, gap_per_ridit, h_to_margin, margin_to_h
from ._core import PairedDifference, paired_difference
from ._core import WorstCasePvalue, slope_index_worst_pvalue
from ._core import SlopeCovariance, slope_correlation_range, slope_index_covariance
from ._core import CORRELATION_OPTIONS, DEFAULT_CORRELATION, SlopeCorrelation
from ._core import gradient_correlation
from ._core import EquivalenceResult, equivalence_h, gap_slope_index

# --- claims and audit (_corpus.claims, _audit) ---
from ._audit import AuditResult, ClaimResult, audit, audit_summary, evaluate_claim
from ._corpus import (
    QuantifierRange,
    QuantifierReading,
    load_claims,
    load_quantifiers,
    quantifier_range,
    quantifier_readings,
)

from ._base import __version__

#: Public names whose module is imported when the name is first used (PEP 562),
#: by the module that holds them: what an audit does not need (the command
#: line's ``migstats audit`` imports none of them).
_LAZY_MODULES: dict[str, tuple[str, ...]] = {
    # reconstruction, GRIM, multinomial and ratio intervals, power, trends,
    # simulation (_core)
    "._core": (
        "REMAINDER_LABEL",
        "FeasibleCounts",
        "Range",
        "feasible_counts",
        "count_range",
        "grim_percent",
        "grim_percent_map",
        "MeanResult",
        "mean_score_ci",
        "multinomial_ci",
        "Chi2Result",
        "chi2_homogeneity",
        "RatioResult",
        "ratio_ci",
        "ratio_test",
        "breakeven_n",
        "minimum_detectable_difference",
        "power_difference",
        "sample_size_difference",
        "SlopeResult",
        "TrendResult",
        "logistic_slope",
        "trend_test",
        "SIMULATION_ROUNDING",
        "SimulatedSurveys",
        "SurveyPopulation",
        "gaussian_copula_shares",
        "simulate_surveys",
    ),
    # tables (_tables; a table id in, a tidy frame or result out)
    "._tables": (
        "ImpliedShares",
        "check_table",
        "compare_gradients",
        "compare_groups",
        "gradient",
        "gradient_table",
        "implied_group_shares",
        "reconstruct_counts",
        "scale_mean",
        "table_intervals",
    ),
    # the HTML page (audit_page) and calibration (_calibration)
    ".audit_page": ("audit_html",),
    "._calibration": ("CalibrationResult", "calibrate"),
}
_LAZY = {name: module for module, names in _LAZY_MODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'migstats' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "CHECK_VERDICTS",
    "CLAIM_VERDICTS",
    "COLUMNS",
    "CORRELATION_OPTIONS",
    "DEFAULT_CORRELATION",
    "DEFAULT_H_MARGIN",
    "DIMENSIONS",
    "LISS_2023",
    "REMAINDER_LABEL",
    "ROUNDING_RULES",
    "SIMULATION_ROUNDING",
    "TABLE_IDS",
    "WEIGHTED_DEFAULT_DEFF",
    "AuditResult",
    "CalibrationResult",
    "Chi2Result",
    "ClaimResult",
    "CompareResult",
    "ConfidenceInterval",
    "DataValidationError",
    "EquivalenceResult",
    "FeasibleCounts",
    "GradientComparison",
    "GradientResult",
    "GroupDesign",
    "ImpliedShares",
    "InequalityResult",
    "InfeasibleError",
    "MarginDeff",
    "MeanResult",
    "MigstatsError",
    "MigstatsValueError",
    "MigstatsWarning",
    "PairedDifference",
    "PerformanceWarning",
    "QuantifierRange",
    "QuantifierReading",
    "Range",
    "RatioResult",
    "Report",
    "Result",
    "RoundingInterval",
    "SampleDesign",
    "SimulatedSurveys",
    "SlopeCorrelation",
    "SlopeCovariance",
    "SlopeResult",
    "SurveyPopulation",
    "TrendResult",
    "WorstCasePvalue",
    "__version__",
    "adjust_pvalues",
    "as_table",
    "audit",
    "audit_html",
    "audit_summary",
    "breakeven_n",
    "calibrate",
    "check_table",
    "chi2_homogeneity",
    "cohen_h",
    "compare",
    "compare_gradient_results",
    "compare_gradients",
    "compare_groups",
    "count_range",
    "deff_from_margin_of_error",
    "diff_ci",
    "equivalence_h",
    "evaluate_claim",
    "feasible_counts",
    "gap_per_ridit",
    "gap_slope_index",
    "gaussian_copula_shares",
    "gradient",
    "gradient_correlation",
    "gradient_from_proportions",
    "gradient_table",
    "grim_percent",
    "grim_percent_map",
    "h_to_margin",
    "implied_group_shares",
    "list_reports",
    "list_tables",
    "load_claims",
    "load_items",
    "load_quantifiers",
    "load_report",
    "load_table",
    "logistic_slope",
    "margin_to_h",
    "mean_score_ci",
    "minimum_detectable_difference",
    "multinomial_ci",
    "normalize_shares",
    "paired_difference",
    "power_difference",
    "proportion_ci",
    "quantifier_range",
    "quantifier_readings",
    "ratio_ci",
    "ratio_test",
    "reconstruct_counts",
    "ridits",
    "round_half",
    "rounding_interval",
    "sample_size_difference",
    "scale_mean",
    "simulate_surveys",
    "slope_correlation_range",
    "slope_index",
    "slope_index_covariance",
    "slope_index_worst_pvalue",
    "table_intervals",
    "trend_test",
    "validate_items",
    "validate_tables",
]
