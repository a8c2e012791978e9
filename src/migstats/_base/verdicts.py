"""The verdict words, in one place (see docs/glossary.md).

Claims get one of :data:`CLAIM_VERDICTS` from the audit; a table-level
consistency check gets one of :data:`CHECK_VERDICTS`.
"""

from __future__ import annotations

#: Verdicts of the audit on a claim.
CLAIM_VERDICTS: tuple[str, ...] = (
    "supported",
    "not significant",
    "contradicted",
    "inconsistent",
    "untestable",
)
#: Verdicts of a consistency check (``check_table``, text-table checks).
CHECK_VERDICTS: tuple[str, ...] = ("consistent", "inconsistent", "untestable")
