"""The audit's assumptions in words, the same for every output format.

This module owns what the text, Markdown, JSON and HTML outputs say about
the assumptions an audit rests on, beyond its settings: the error rate the
verdicts control and over how many claims, the quantifier reading, each
design value's provenance (published, derived or assumed, with its source)
and the assumptions made for single claims (equal shares for a dimension
whose group sizes are not published, periods taken as independent samples).
It computes nothing: it reads an :class:`~.result.AuditResult`.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from .decide import UNTESTABLE
from .result import AuditResult

__all__ = ["assumption_items", "claim_assumptions", "design_provenance", "error_rate"]

#: What each multiplicity correction controls (statsmodels ``multipletests``
#: methods; Benjamini & Hochberg 1995, Benjamini & Yekutieli 2001 for the
#: false discovery rate, Holm 1979 and the others for the family-wise rate).
ERROR_RATES = {
    "none": "per-claim error rate",
    "fdr_bh": "false discovery rate",
    "fdr_by": "false discovery rate",
    "BH": "false discovery rate",
    "BY": "false discovery rate",
    "fdr": "false discovery rate",
}

#: The words of a per-claim assumption in the ``method`` column.
_ASSUMPTION = re.compile(r"assumption: ([^;]+)")


def tested_count(frame: pd.DataFrame) -> int:
    """The claims that received a statistical test (not text checks, not untestable)."""
    return int(((frame["kind"] != "text_table") & (frame["verdict"] != UNTESTABLE)).sum())


def error_rate(correction: str, alpha: float, tested: int) -> str:
    """The error rate the verdicts control, in words.

    Examples
    --------
    >>> error_rate("holm", 0.05, 83)
    'family-wise error rate 5% over 83 claims (holm)'
    >>> error_rate("fdr_bh", 0.05, 1)
    'false discovery rate 5% over 1 claim (fdr_bh)'
    """
    rate = ERROR_RATES.get(correction, "family-wise error rate")
    claims = "claim" if tested == 1 else "claims"
    return f"{rate} {alpha:.0%} over {tested:,} {claims} ({correction})"


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
    s, frame = result.settings, result.frame
    reading = getattr(result, "reading", "usage")
    items = [
        ("error rate", error_rate(s.correction, s.alpha, tested_count(frame))),
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
    s = result.settings
    return {
        "reading": getattr(result, "reading", "usage"),
        "error_rate": error_rate(s.correction, s.alpha, tested_count(result.frame)),
        "design_provenance": design_provenance(result),
        "claim_assumptions": claim_assumptions(result.frame),
    }
