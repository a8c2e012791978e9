"""The verdict words, in one place (see docs/glossary.md).

Claims get one of :data:`CLAIM_VERDICTS` from the audit; a table-level
consistency check gets one of :data:`CHECK_VERDICTS`.
"""

from __future__ import annotations

#: Verdicts of the audit on a claim.  ``supported`` / ``contradicted``: the
#: test is significant at the headline point in the claim's / the opposite
#: direction.  Otherwise ``depends on n`` if the claim is supported at some
#: point of the plausible range of n and deff (the break-even n is shown) and
#: ``not supported`` if at none: "can't tell with this sample" is kept apart
#: from "the numbers do not bear it out".  ``inconsistent``: a text-table
#: check (or a quoted number) that the tables contradict; ``untestable``: the
#: published numbers cannot test the claim.
CLAIM_VERDICTS: tuple[str, ...] = (
    "supported",
    "depends on n",
    "not supported",
    "contradicted",
    "inconsistent",
    "untestable",
)
#: Verdicts of a consistency check (``check_table``, text-table checks).
CHECK_VERDICTS: tuple[str, ...] = ("consistent", "inconsistent", "untestable")
