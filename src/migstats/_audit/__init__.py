"""_audit layer: re-exports the names other layers may import.

Other layers import from this package, never from its files.  The files:
``settings`` (documented defaults, :class:`AuditSettings`), ``profiles`` (the
published numbers a claim rests on), ``components`` (test building blocks),
``claim_context`` (a prepared claim and its context), ``memo`` (results
computed once per audit), ``kinds/`` (one
module per claim kind, each registering its preparer), ``decide`` (the
decision rule and verdict words), ``fast`` (vectorised speed paths, each
mirroring a core function), ``engine`` (:func:`audit`, :func:`evaluate_claim`), ``batch``
(the audit of a stack of simulated tables, prepared once),
``formats`` and ``report`` (rendering).  ``batch`` is imported when
:class:`BatchAudit` is first asked for (PEP 562): an audit does not use it.
"""

from typing import Any

from .._base import AUDIT_COLUMNS
from .assumptions import assumption_items
from .engine import ClaimResult, audit, evaluate_claim
from .formats import (
    APPROX_MARK,
    FORMATS,
    OUTPUT_FORMATS,
    RESULT_DECIMALS,
    aligned_text,
    count_text,
    format_frame,
    level_label,
    md,
    num,
    pct,
    pvalue_text,
    records,
    to_json,
)
from .headline import DESIGN_VALUE_COLUMNS, Headline, error_rate_phrase, resolve_headline
from .readings import DEFAULT_READING, READINGS
from .report import GENERATED_BEGIN, GENERATED_END, audit_summary, render_audit
from .result import AuditResult, check_result
from .settings import (
    ALPHA_BELOW_HALF,
    APPROXIMATE_HALF_WIDTH,
    BREAKEVEN_N_MAX,
    CORRELATION_SCENARIOS,
    DEFAULT_ALPHA,
    DEFAULT_CORRECTION,
    DEFAULT_EQUIVALENCE_MARGIN,
    DEFAULT_HEADLINE,
    DEFF_GRID,
    HEADLINE_MEANING,
    HEADLINES,
    N_GRID_POINTS,
    AuditSettings,
)


def __getattr__(name: str) -> Any:
    if name == "BatchAudit":  # the calibration's batch audit, imported when first used
        from .batch import BatchAudit

        globals()[name] = BatchAudit
        return BatchAudit
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | {"BatchAudit"})


__all__ = [
    "ALPHA_BELOW_HALF",
    "APPROXIMATE_HALF_WIDTH",
    "APPROX_MARK",
    "AUDIT_COLUMNS",
    "BREAKEVEN_N_MAX",
    "CORRELATION_SCENARIOS",
    "DEFAULT_ALPHA",
    "DEFAULT_CORRECTION",
    "DEFAULT_EQUIVALENCE_MARGIN",
    "DEFAULT_HEADLINE",
    "DEFAULT_READING",
    "DEFF_GRID",
    "DESIGN_VALUE_COLUMNS",
    "FORMATS",
    "GENERATED_BEGIN",
    "GENERATED_END",
    "HEADLINES",
    "HEADLINE_MEANING",
    "N_GRID_POINTS",
    "OUTPUT_FORMATS",
    "READINGS",
    "RESULT_DECIMALS",
    "AuditResult",
    "AuditSettings",
    "BatchAudit",
    "ClaimResult",
    "Headline",
    "aligned_text",
    "assumption_items",
    "audit",
    "audit_summary",
    "check_result",
    "count_text",
    "error_rate_phrase",
    "evaluate_claim",
    "format_frame",
    "level_label",
    "md",
    "num",
    "pct",
    "pvalue_text",
    "records",
    "render_audit",
    "resolve_headline",
    "to_json",
]
