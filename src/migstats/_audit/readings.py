"""Quantifier readings in the audit: the verdict under each reading, and which one decided.

A verbal quantifier ("a comfortable majority") has three readings
(:func:`migstats.quantifier_readings`): ``strict`` (the project's
convention), ``usage`` (widened to the report's own use of the word) and
``plain`` (what the words say by definition).  The audit takes its headline
verdict at :data:`DEFAULT_READING` and repeats the whole audit -- the
multiplicity adjustment included -- under every other reading that changes
a quantifier the claims use, so that a verdict that changes across the
readings is flagged (``reading_sensitive``) with the verdict under each
(``verdict_by_reading``).
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from .._base import check_option, frame_records
from .._corpus import READINGS, quantifier_rows, readings_of_row
from .claim_context import ClaimContext
from .corners import claims_rounding_corners
from .family import headline_verdicts, prepared, run_audit
from .kinds import prepare
from .outcome import shared_evidence

__all__ = ["DEFAULT_READING", "READINGS", "audit_readings", "reading_table"]

#: The reading the headline verdict is taken at.  Project convention: the
#: report's own usage, where the report attaches the word to a number (the
#: loosest such use bounds what its authors mean: docs/methods.md, section
#: 6); else the strict reading (the usage reading of a word the report
#: never attaches to a number outside the strict range *is* the strict one).
DEFAULT_READING = "usage"


#: Tests of the quantifiers that have a range (rank words have none).
RANGE_TESTS = ("above", "below", "within")


def readings_by_quantifier(quantifiers: pd.DataFrame) -> dict[str, dict]:
    """Every range quantifier's readings (:func:`migstats.quantifier_readings`), by name."""
    return {
        name: readings_of_row(row)
        for name, row in quantifier_rows(quantifiers).items()
        if row["test"] in RANGE_TESTS
    }


def reading_table(
    quantifiers: pd.DataFrame, reading: str, readings: dict | None = None
) -> pd.DataFrame:
    """The quantifier table with every quantifier's range replaced by its ``reading``.

    ``readings``: :func:`readings_by_quantifier` of ``quantifiers``, when known.

    Examples
    --------
    >>> import migstats
    >>> q = reading_table(migstats.load_quantifiers(), "plain")
    >>> row = q.set_index("quantifier").loc["comfortable_majority"]
    >>> float(row["min_percent"]), row["test"]
    (50.0, 'above')
    """
    check_option(reading, "reading", READINGS)
    readings = readings_by_quantifier(quantifiers) if readings is None else readings
    out = quantifiers.copy()
    # each row's range under the reading (None: a rank word, which has no range)
    ranges = [
        readings[name][reading].range if test in RANGE_TESTS else None
        for name, test in zip(out["quantifier"], out["test"], strict=True)
    ]
    for column, field in _RANGE_FIELDS:
        old = out[column]
        new = [v if r is None else getattr(r, field) for v, r in zip(old, ranges, strict=True)]
        out[column] = pd.Series(new, index=out.index, dtype=old.dtype)  # column by column
    return out


#: The quantifier table's columns a reading replaces, and the range's field for each.
_RANGE_FIELDS = (
    ("min_percent", "low"),
    ("max_percent", "high"),
    ("low_inclusive", "low_inclusive"),
    ("high_inclusive", "high_inclusive"),
    ("test", "test"),
)


def _deciding(readings: dict, name: str, reading: str) -> str:
    """The reading whose range a quantifier has under ``reading`` ('strict' where it has none).

    ``readings``: :func:`readings_by_quantifier` of the table (empty for a word without a range).
    """
    if name not in readings:
        return ""
    return "strict" if readings[name][reading].same_as_strict else reading


def audit_readings(
    claims: pd.DataFrame,
    ctx: ClaimContext,
    reading: str = DEFAULT_READING,
    every_reading: bool = True,
) -> pd.DataFrame:
    """The audit frame at ``reading``, with the verdict under every reading of each quantifier.

    The other readings re-prepare only the claims whose quantifier they
    change and give the headline verdicts of the whole family (the
    multiplicity adjustment and the robustness grid included); a reading
    that changes no quantifier the claims use is not run again.  Fills
    ``reading`` (the reading whose range decided the headline verdict;
    empty for a claim without a range quantifier), ``verdict_by_reading``
    ("strict: ...; usage: ...; plain: ...") and ``reading_sensitive``
    (whether the verdict differs between the readings; NA without one).
    ``every_reading=False`` runs the headline reading only (``reading`` is
    filled, ``verdict_by_reading`` empty and ``reading_sensitive`` NA).
    """
    check_option(reading, "reading", READINGS)
    with shared_evidence():  # the readings share the evidence of their unchanged claims
        return _audit_readings(claims, ctx, reading, every_reading)


def _audit_readings(
    claims: pd.DataFrame, ctx: ClaimContext, reading: str, every_reading: bool
) -> pd.DataFrame:
    """The body of :func:`audit_readings` (its arguments checked)."""
    readings = readings_by_quantifier(ctx.quantifiers)
    tables = {r: reading_table(ctx.quantifiers, r, readings) for r in READINGS}
    head_ctx = dataclasses.replace(ctx, quantifiers=tables[reading])
    records = frame_records(claims)
    base = prepared(claims, head_ctx, records)
    frame = run_audit(claims, head_ctx, base)
    verdicts = {reading: frame["verdict"].astype(str).tolist()}
    for r in READINGS if every_reading else ():
        if r == reading:
            continue
        changed = _changed(readings, reading, r)
        todo = [i for i, c in enumerate(records) if c["quantifier"] in changed]
        if not todo:
            verdicts[r] = verdicts[reading]
            continue
        r_ctx = dataclasses.replace(ctx, quantifiers=tables[r])
        preps, corners = list(base[0]), list(base[1])
        for i in todo:
            preps[i] = prepare(records[i], r_ctx)
        found = claims_rounding_corners([preps[i] for i in todo], ctx.settings)
        for i, c in zip(todo, found, strict=True):
            corners[i] = c
        verdicts[r] = headline_verdicts(preps, corners, ctx.settings)
    return _with_readings(frame, verdicts, reading, readings)


def _changed(readings: dict, a: str, b: str) -> set[str]:
    """The quantifiers whose range differs between the readings ``a`` and ``b``.

    ``readings``: :func:`readings_by_quantifier` of the table (whose rows
    :func:`reading_table` replaces by these ranges).
    """
    return {name for name, r in readings.items() if r[a].range != r[b].range}


def _with_readings(
    frame: pd.DataFrame, verdicts: dict[str, list[str]], reading: str, readings: dict
) -> pd.DataFrame:
    """``frame`` with ``reading``, ``verdict_by_reading`` and ``reading_sensitive`` filled.

    ``readings``: :func:`readings_by_quantifier` of the quantifier table.
    """
    out = frame.copy()
    deciding, by_reading, sensitive = [], [], []
    headline = out["verdict"].tolist()
    for i, name in enumerate(out["quantifier"].tolist()):
        word = _deciding(readings, name, reading)
        deciding.append(word)
        if not word or headline[i] == "untestable" or len(verdicts) == 1:
            by_reading.append("")
            sensitive.append(pd.NA)
            continue
        words = {r: verdicts[r][i] for r in READINGS}
        by_reading.append("; ".join(f"{r}: {v}" for r, v in words.items()))
        sensitive.append(len(set(words.values())) > 1)
    out["reading"] = deciding
    out["verdict_by_reading"] = by_reading
    out["reading_sensitive"] = pd.array(sensitive, dtype="boolean")
    return out
