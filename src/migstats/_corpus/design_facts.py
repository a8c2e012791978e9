"""A package's published design facts, each with its source: checked, then kept as metadata.

This module owns the descriptor key ``designFacts``: what the publisher
states about the survey (n, margin of error and its confidence level, the
significance level α used in the report's tests, weighting, group sizes and
shares, and shares published only for a pooled group such as "23% with a
migration background, split unknown"), each as ``{"value": ..., "source":
"where it stands"}``.  A value of ``null`` records a fact looked for and not
published (the source says where).  The facts are checked against their
form and against the package's design and dimensions; they document the
design, and the design (``design`` in the descriptor) stays the one input
of the analyses.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["DESIGN_FACTS", "check_design_facts", "pooled_shares_text"]

_DESCRIPTOR = "datapackage.json"


def _number(low: float, high: float, *, low_open: bool, high_open: bool, whole: bool = False):
    def check(value: Any, _ctx: Mapping) -> str | None:
        ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
        ok = ok and math.isfinite(value) and (not whole or float(value).is_integer())
        if ok:
            above = value > low if low_open else value >= low
            below = value < high if high_open else value <= high
            ok = above and below
        if ok:
            return None
        left, right = "(" if low_open else "[", ")" if high_open else "]"
        kind = "a whole number" if whole else "a number"
        return f"must be {kind} in {left}{low:g}, {high:g}{right}, but got {value!r}"

    return check


def _boolean(value: Any, _ctx: Mapping) -> str | None:
    return None if isinstance(value, bool) else f"must be true or false, but got {value!r}"


def _by_group(check_one: Callable[[Any, Mapping], str | None], what: str):
    """A mapping dimension -> group -> value, groups of the package's dimensions."""

    def check(value: Any, ctx: Mapping) -> str | None:
        dims = ctx["dimensions"]
        if not isinstance(value, Mapping) or not all(
            isinstance(v, Mapping) for v in value.values()
        ):
            return f"must be an object dimension -> {{group: {what}}}, but got {value!r:.60}"
        for dim, groups in value.items():
            if dim not in dims:
                return f"names dimension {dim!r}, not one of {', '.join(dims)}"
            for g, v in groups.items():
                if g not in dims[dim]:
                    return f"names group {g!r}, not a group of {dim!r} ({', '.join(dims[dim])})"
                why = None if v is None else check_one(v, ctx)
                if why is not None:
                    return f"[{dim!r}][{g!r}] {why}"
        return None

    return check


def _pooled(value: Any, ctx: Mapping) -> str | None:
    """A list of ``{"dimension", "groups": [two or more], "share"}``: shares of pooled groups."""
    if not isinstance(value, list):
        return f"must be a list of {{dimension, groups, share}} objects, but got {value!r:.60}"
    dims, share = ctx["dimensions"], _number(0, 1, low_open=True, high_open=False)
    for pos, p in enumerate(value):
        if not isinstance(p, Mapping) or set(p) != {"dimension", "groups", "share"}:
            return f"[{pos}] must be an object with exactly dimension, groups, share"
        dim, groups = p["dimension"], p["groups"]
        if dim not in dims:
            return f"[{pos}] names dimension {dim!r}, not one of {', '.join(dims)}"
        if not isinstance(groups, list) or len(groups) < 2 or len(set(groups)) < len(groups):
            return f"[{pos}] groups must list two or more different groups, but got {groups!r}"
        unknown = [g for g in groups if g not in dims[dim]]
        if unknown:
            return f"[{pos}] names groups {unknown!r}, not groups of {dim!r}"
        why = share(p["share"], ctx)
        if why is not None:
            return f"[{pos}] share {why}"
    return None


#: The facts a descriptor's ``designFacts`` may state, with the check of each value.
DESIGN_FACTS: Mapping[str, Callable[[Any, Mapping], str | None]] = {
    "n": _number(1, math.inf, low_open=False, high_open=True, whole=True),
    "margin_of_error": _number(0, 100, low_open=True, high_open=True),
    "confidence_level": _number(0, 1, low_open=True, high_open=True),
    "alpha": _number(0, 0.5, low_open=True, high_open=True),  # the audit's check_alpha
    "deff": _number(0, math.inf, low_open=True, high_open=True),
    "weighted": _boolean,
    "group_sizes": _by_group(_number(1, math.inf, low_open=False, high_open=True, whole=True), "n"),
    "shares": _by_group(_number(0, 1, low_open=False, high_open=False), "share"),
    "pooled_shares": _pooled,
}


def _against_design(name: str, value: Any, design: Any) -> str | None:
    """A fact that the design also states must agree with it."""
    if design is None or value is None:
        return None
    if name == "n" and value != design.n:
        return f"is {value!r}, but the design's n is {design.n!r}"
    if name == "weighted" and value != design.weighted:
        return f"is {value!r}, but the design's weighted is {design.weighted!r}"
    return None


def check_design_facts(raw: Any, design: Any, dimensions: Mapping) -> list[tuple[str, str]]:
    """Problems of a descriptor's ``designFacts`` as ``(column, message)`` pairs.

    Every fact is ``{"value": ..., "source": "<non-empty text>"}`` (``value``
    null: looked for, not published); names outside :data:`DESIGN_FACTS`
    are refused so that a misspelling is not silently ignored.

    Examples
    --------
    >>> facts = {"alpha": {"value": 0.05, "source": "methods appendix, p. 4"},
    ...          "n": {"value": 0.5, "source": "p. 1"}}
    >>> check_design_facts(facts, None, {"total": ("total",)})
    [('designFacts.n', 'value must be a whole number in [1, inf), but got 0.5')]
    """
    if not isinstance(raw, Mapping):
        return [
            ("designFacts", f"must be an object fact -> {{value, source}}, but got {raw!r:.60}")
        ]
    out = []
    ctx = {"dimensions": dimensions}
    for name, fact in raw.items():
        column = f"designFacts.{name}"
        if name not in DESIGN_FACTS:
            out.append((column, f"must name a known fact ({', '.join(DESIGN_FACTS)})"))
        elif not isinstance(fact, Mapping) or set(fact) != {"value", "source"}:
            out.append((column, "must be an object with exactly 'value' and 'source'"))
        elif not isinstance(fact["source"], str) or not fact["source"].strip():
            out.append((column, "source must say where the fact stands (non-empty text)"))
        else:
            why = None if fact["value"] is None else DESIGN_FACTS[name](fact["value"], ctx)
            why = why and f"value {why}"
            why = why or _against_design(name, fact["value"], design)
            if why is not None:
                out.append((column, why))
    return out


def pooled_shares_text(facts: Mapping) -> list[str]:
    """Each pooled share as one line, e.g. ``"origin: turkish+moroccan = 23% (split unknown)"``.

    Examples
    --------
    >>> f = {"pooled_shares": {"value": [{"dimension": "origin", "share": 0.23,
    ...      "groups": ["turkish", "moroccan"]}], "source": "p. 2"}}
    >>> pooled_shares_text(f)
    ['origin: turkish+moroccan = 23% (split unknown; p. 2)']
    """
    fact = facts.get("pooled_shares") if isinstance(facts, Mapping) else None
    if not isinstance(fact, Mapping) or not isinstance(fact.get("value"), list):
        return []
    return [
        f"{p['dimension']}: {'+'.join(p['groups'])} = {100 * p['share']:g}% "
        f"(split unknown; {fact['source']})"
        for p in fact["value"]
    ]
