"""The audit's assumptions in words, the same for every output format.

This module owns what the text, Markdown, JSON and HTML outputs say about
the assumptions an audit rests on, beyond its settings: the error rate the
verdicts control and over how many claims (``AuditResult.error_rate``), the
quantifier reading, each
design value's provenance (published, derived or assumed, with its source)
and the assumptions made for single claims (equal shares for a dimension
whose group sizes are not published, periods taken as independent samples).
It computes nothing: it reads an :class:`~.result.AuditResult`.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from .result import AuditResult

__all__ = ["assumption_items", "claim_assumptions", "design_provenance"]

#: The words of a per-claim assumption in the ``method`` column.
_ASSUMPTION = re.compile(r"assumption: ([^;]+)")


def design_provenance(result: AuditResult) -> list[dict[str, str]]:
    """Each design value with its provenance: ``quantity``, ``value``, ``source_kind``, ``source``.

    Read from ``result.design_values()`` where the result offers it, else
    from ``design.provenance()``; empty when neither exists.
    """
    getter = getattr(result, "design_values", None) or getattr(result.design, "provenance", None)
    if getter is None:
        return []
    table = getter()
    if isinstance(table, pd.DataFrame):
        return [{k: str(v) for k, v in row.items()} for row in table.to_dict("records")]
    return [{k: str(v) for k, v in dict(row).items()} for row in table]


def claim_assumptions(frame: pd.DataFrame) -> list[str]:
    """The assumptions made for single claims, each once, with the claims they concern.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"claim_id": ["C1", "C2"], "method": [
    ...     "score test; assumption: age class sizes unknown: equal shares assumed", "z"]})
    >>> claim_assumptions(f)
    ['age class sizes unknown: equal shares assumed (C1)']
    """
    found: dict[str, list[str]] = {}
    for cid, method in zip(frame["claim_id"], frame["method"], strict=True):
        for text in _ASSUMPTION.findall(str(method)):
            found.setdefault(text.strip(), []).append(str(cid))
    return [f"{text} ({', '.join(ids)})" for text, ids in found.items()]


def _provenance_text(rows: list[dict[str, str]]) -> str:
    return "; ".join(
        str(r.get("quantity", ""))
        + (f" = {r['value']}" if r.get("value") not in (None, "", "nan") else "")
        + f" ({r.get('source_kind', '')}"
        + (f": {r['source']}" if r.get("source") else "")
        + ")"
        for r in rows
    )


def assumption_items(result: AuditResult) -> list[tuple[str, str]]:
    """``(label, text)`` of the assumptions every format states beside its settings."""
    frame = result.frame
    reading = getattr(result, "reading", "usage")
    items = [
        ("error rate", result.error_rate),
        (
            "quantifier reading",
            f"{reading} (the report's own use of a word where it records one, else strict); "
            "verdicts under every reading in verdict_by_reading"
            if reading == "usage"
            else f"{reading}; verdicts under every reading in verdict_by_reading",
        ),
    ]
    prov = design_provenance(result)
    if prov:
        items.append(("design values", _provenance_text(prov)))
    assumed = claim_assumptions(frame)
    if assumed:
        items.append(("assumed for single claims", "; ".join(assumed)))
    return items


def assumption_record(result: AuditResult) -> dict[str, Any]:
    """The assumptions of :func:`assumption_items` as plain values (the JSON ``settings``)."""
    return {
        "reading": getattr(result, "reading", "usage"),
        "error_rate": result.error_rate,
        "design_provenance": design_provenance(result),
        "claim_assumptions": claim_assumptions(result.frame),
    }
