"""Column names of every tidy frame migstats returns, in one place.

Each constant lists the columns, in order, of one kind of frame; the layers
import the constants from :mod:`migstats._base`, and users read them through
the one public mapping :data:`COLUMNS` (keyed by the function that returns the
frame).  The glossary (docs/glossary.md) defines every word used here, and
``tests/test_glossary.py`` checks it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

#: Columns of :func:`audit`, in order.
AUDIT_COLUMNS = (
    "claim_id",
    "section",
    "kind",
    "table",
    "item",
    "response",
    "dimension",
    "groups",
    "quantifier",
    "claim",
    "reported",
    "hedge",
    "estimand",
    "estimate",
    "ci_low",
    "ci_high",
    "confidence_level",
    "pvalue",
    "pvalue_adjusted",
    "pvalue_support",
    "pvalue_contradict",
    "breakeven_n",
    "breakeven_n_adjusted",
    "verdict",
    "verdict_central",
    "verdict_optimistic",
    "verdict_range",
    "robustness",
    "rounding_sensitive",
    "reading",
    "verdict_by_reading",
    "reading_sensitive",
    "method",
    "reason",
)

#: Columns of :func:`check_table`, in this order.
CHECK_COLUMNS: tuple[str, ...] = (
    "check",
    "table",
    "item",
    "response",
    "dimension",
    "groups",
    "n",
    "observed",
    "expected_low",
    "expected_high",
    "verdict",
    "detail",
)

#: Columns of :func:`reconstruct_counts`, in this order.
RECONSTRUCT_COLUMNS: tuple[str, ...] = (
    "table",
    "item",
    "response",
    "dimension",
    "group",
    "n",
    "n_group",
    "percent",
    "count",
    "count_low",
    "count_high",
    "n_feasible",
    "consistent",
)

#: Columns of :func:`table_intervals` (with ``rounding_aware=True`` four more
#: follow: ``percent_low, percent_high, plain_ci_low, plain_ci_high`` and
#: ``rounding_added``).
INTERVAL_COLUMNS: tuple[str, ...] = (
    "table",
    "item",
    "response",
    "dimension",
    "group",
    "n",
    "n_group",
    "percent",
    "estimate",
    "ci_low",
    "ci_high",
    "method",
    "confidence_level",
    "deff",
)

#: Columns of :func:`scale_mean`, in this order.
SCALE_MEAN_COLUMNS: tuple[str, ...] = (
    "table",
    "item",
    "dimension",
    "group",
    "n",
    "deff",
    "n_group",
    "estimate",
    "standard_error",
    "ci_low",
    "ci_high",
    "rounding_low",
    "rounding_high",
    "counts_low",
    "counts_high",
)

#: Columns of :func:`compare_groups`, in this order.
COMPARE_GROUPS_COLUMNS: tuple[str, ...] = (
    "comparison",
    "item",
    "response",
    "dimension",
    "group1",
    "group2",
    "n",
    "deff",
    "percent1",
    "percent2",
    "estimate",
    "ci_low",
    "ci_high",
    "statistic",
    "df",
    "pvalue",
    "pvalue_adjusted",
    "breakeven_n",
    "method",
    "correction",
)

#: Columns of :func:`gradient_table`, in this order.
GRADIENT_TABLE_COLUMNS: tuple[str, ...] = (
    "table",
    "item",
    "response",
    "dimension",
    "n",
    "deff",
    "gap",
    "gap_ci_low",
    "gap_ci_high",
    "trend_statistic",
    "trend_pvalue",
    "sii",
    "sii_ci_low",
    "sii_ci_high",
    "rii",
    "rii_ci_low",
    "rii_ci_high",
    "log_odds_per_step",
    "log_odds_ci_low",
    "log_odds_ci_high",
    "sii_difference",
    "sii_difference_ci_low",
    "sii_difference_ci_high",
    "sii_difference_worst_ci_low",
    "sii_difference_worst_ci_high",
    "steeper",
    "steeper_worst_ci_low",
    "steeper_worst_ci_high",
)

#: Columns of the claims registry, in file order (from the schema).
CLAIM_COLUMNS = (
    "claim_id",
    "section",
    "table",
    "item",
    "response",
    "kind",
    "dimension",
    "groups",
    "reference",
    "quantifier",
    "check",
    "reported",
    "claim",
    "phrase_nl",
    "untestable_reason",
    "notes",
    "hedge",
)

#: Columns of ``data/tables.csv`` in file order (CONTRIBUTING.md, data schema).
TABLE_COLUMNS: tuple[str, ...] = (
    "table",
    "item",
    "response",
    "dimension",
    "group",
    "percent",
    "reported",
    "approximate",
    "text_reported",
    "source",
)

#: Columns a user's DataFrame must have; the others get defaults in :func:`as_table`.
REQUIRED_COLUMNS: tuple[str, ...] = ("table", "item", "response", "dimension", "group", "percent")

#: Columns of ``data/items.csv`` in file order.
ITEM_COLUMNS: tuple[str, ...] = (
    "item",
    "table",
    "wording_nl",
    "wording_en",
    "scale",
    "scale_low",
    "scale_high",
    "responses_reported",
    "label_nl",
    "label_en",
    "external",
    "notes",
)

#: Columns of :meth:`GradientResult.to_frame`, in this order.  The first
#: fourteen are the core summary; the rest are supporting statistics.
GRADIENT_COLUMNS = (
    "gap",
    "gap_ci_low",
    "gap_ci_high",
    "trend_statistic",
    "trend_pvalue",
    "log_odds_per_step",
    "log_odds_ci_low",
    "log_odds_ci_high",
    "sii",
    "sii_ci_low",
    "sii_ci_high",
    "rii",
    "rii_ci_low",
    "rii_ci_high",
    "trend_z",
    "log_odds_pvalue",
    "sii_pvalue",
    "first_group",
    "last_group",
    "n_groups",
    "n_total",
    "confidence_level",
    "deff",
)

#: Columns of :meth:`SimulatedSurveys.to_frame`: migstats' tidy table columns
#: plus the replication, the unrounded weighted percentage, the truth, the
#: realised group size, effective size and Kish design effect.
SIMULATION_COLUMNS = (
    "replication",
    "item",
    "response",
    "dimension",
    "group",
    "percent",
    "weighted_percent",
    "true_percent",
    "n",
    "n_effective",
    "deff",
)

#: Columns of :meth:`SampleDesign.provenance`: one row per design value, how
#: it came about (``published``, ``derived`` or ``assumed``) and its source.
PROVENANCE_COLUMNS: tuple[str, ...] = ("quantity", "value", "source_kind", "source")

#: Columns of :meth:`CalibrationResult.to_frame`: one row per truth scenario,
#: claim kind and rate, with its Monte Carlo standard error.
CALIBRATION_COLUMNS = (
    "scenario",
    "kind",
    "effect",
    "n",
    "rate",
    "estimate",
    "mc_se",
    "claims",
    "replications",
)

#: Column names of every tidy frame, keyed by the function or data file that
#: gives it (``COLUMNS["check_table"]``).  The one public name for column
#: names; read-only.
COLUMNS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "audit": AUDIT_COLUMNS,
        "check_table": CHECK_COLUMNS,
        "reconstruct_counts": RECONSTRUCT_COLUMNS,
        "table_intervals": INTERVAL_COLUMNS,
        "scale_mean": SCALE_MEAN_COLUMNS,
        "compare_groups": COMPARE_GROUPS_COLUMNS,
        "gradient_table": GRADIENT_TABLE_COLUMNS,
        "GradientResult.to_frame": GRADIENT_COLUMNS,
        "load_claims": CLAIM_COLUMNS,
        "load_table": TABLE_COLUMNS,
        "as_table (required)": REQUIRED_COLUMNS,
        "load_items": ITEM_COLUMNS,
        "SimulatedSurveys.to_frame": SIMULATION_COLUMNS,
        "SampleDesign.provenance": PROVENANCE_COLUMNS,
        "CalibrationResult.to_frame": CALIBRATION_COLUMNS,
    }
)
