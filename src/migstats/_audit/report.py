"""Report rendering: an audit frame as text, Markdown, CSV or JSON, and its summary.

This module owns :func:`audit_summary` (one paragraph), :func:`render_audit`
(the terminal table, the Markdown document of docs/audit.md, the CSV and the
JSON of ``migstats audit``) and the markers :data:`GENERATED_BEGIN` /
:data:`GENERATED_END` of the generated block in docs/audit.md, which
``docs/regenerate.py`` replaces.  It computes nothing: it describes an
:class:`~.result.AuditResult` (the frame and the settings that produced it).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._base import CLAIM_VERDICTS, __version__, check_option
from .._corpus import BUNDLED_REPORTS, DEFAULT_REPORT, READINGS
from .assumptions import assumption_items, assumption_record
from .decide import (
    CONTRADICTED,
    DEPENDS_ON_N,
    INCONSISTENT,
    NOT_SUPPORTED,
    ROBUSTNESS,
    SUPPORTED,
    UNTESTABLE,
)
from .formats import (
    OUTPUT_FORMATS,
    aligned_text,
    count_text,
    format_frame,
    level_label,
    md,
    pvalue_text,
    records,
    to_json,
)
from .result import AuditResult, check_result
from .settings import DEFAULT_ALPHA, DEFAULT_CORRECTION, HEADLINE_MEANING

__all__ = ["GENERATED_BEGIN", "GENERATED_END", "audit_summary", "render_audit"]

#: Width (characters) to which ``migstats audit`` wraps claim texts and the
#: summary in text output: the classic terminal width.
TEXT_WIDTH = 80

#: Indentation of a claim's text under its row in ``migstats audit`` text output.
CLAIM_INDENT = 5

#: Decimals of percentages and points in the text and Markdown audit.  The
#: published numbers are whole percentages, so one decimal shows every digit
#: that carries information.
AUDIT_DECIMALS = 1

#: The generated part of docs/audit.md lies between these two lines
#: (written by ``python docs/regenerate.py``).
GENERATED_BEGIN = "<!-- BEGIN GENERATED -->"
GENERATED_END = "<!-- END GENERATED -->"


def audit_summary(result: AuditResult) -> str:
    """One paragraph summarising an audit.

    Parameters
    ----------
    result : AuditResult
        The result of :func:`migstats.audit`.

    Returns
    -------
    str
        How many claims there are, how many were tested, and how many are
        supported, depend on n, are not supported, contradicted, inconsistent
        and untestable, how many tested claims are supported under every
        plausible n and deff (column ``robustness``), plus how many verdicts
        depend on n/deff or on rounding; with quantifier claims, how many
        verdicts depend on the quantifier's reading and how many claims are
        supported under each reading.

    Raises
    ------
    MigstatsValueError
        If ``result`` is not an :class:`AuditResult`.

    Notes
    -----
    "Tested" counts the claims that received a statistical test
    (``text_table`` consistency checks and untestable claims are not).

    References
    ----------
    .. [1] Holm, S. (1979). A simple sequentially rejective multiple test
       procedure. *Scandinavian Journal of Statistics*, 6(2), 65--70.

    Examples
    --------
    >>> import migstats
    >>> res = migstats.audit(claims=migstats.load_claims().head(4))
    >>> print(migstats.audit_summary(res))  # doctest: +NORMALIZE_WHITESPACE
    4 claims: 2 tested statistically, 1 checked for consistency with the tables,
    1 untestable. Of the 2 tested: 0 supported, 2 depends on n, 0 not supported,
    0 contradicted. Of the 1 text-table check: 1 supported, 0 inconsistent. Of
    the tested claims, 0 are supported under every plausible n and deff, 2
    change verdict within the plausible range of n and deff and 1 within the
    rounding of the published numbers. Of the 2 claims with a quantifier, 1
    depends on its reading; of all claims, supported under the strict, usage and
    plain reading: 1, 1, 2.
    """
    return summary_text(check_result(result).frame)


def summary_text(df: pd.DataFrame) -> str:
    """The paragraph of :func:`audit_summary` for an audit frame."""
    # the columns as arrays, counted with numpy (a pandas selection per count is slower)
    verdict = df["verdict"].astype(str).to_numpy()
    counts = {v: int((verdict == v).sum()) for v in CLAIM_VERDICTS}
    is_text = df["kind"].astype(str).to_numpy() == "text_table"
    untestable = counts[UNTESTABLE]
    checked = int(is_text.sum())
    tested = len(df) - untestable - checked
    tested_rows = ~is_text & (verdict != UNTESTABLE)
    ranges = df["verdict_range"].astype(str).to_numpy()[tested_rows]
    depends = sum(r.startswith("depends") for r in ranges)
    robust = int((df["robustness"].astype(str).to_numpy()[tested_rows] == ROBUSTNESS[0]).sum())
    sensitive = df["rounding_sensitive"].fillna(False).astype(bool).to_numpy()
    sens = int(sensitive[tested_rows].sum())

    def tally(rows: np.ndarray, verdicts: Sequence[str]) -> str:
        return ", ".join(f"{int((verdict[rows] == v).sum())} {v}" for v in verdicts)

    return (
        f"{_count(len(df), 'claim')}: {tested} tested statistically, {checked} checked for "
        f"consistency with the tables, {untestable} untestable. Of the {tested} tested: "
        + tally(tested_rows, (SUPPORTED, DEPENDS_ON_N, NOT_SUPPORTED, CONTRADICTED))
        + f". Of the {_count(checked, 'text-table check')}: "
        + tally(is_text, (SUPPORTED, INCONSISTENT))
        + f". Of the tested claims, {robust} {_are(robust)} supported under every plausible "
        f"n and deff, {depends} change verdict within the plausible range of n "
        f"and deff and {sens} within the rounding of the published numbers." + reading_summary(df)
    )


def _count(k: int, noun: str) -> str:
    """``k`` and ``noun``, plural unless ``k`` is 1 ('1 claim', '3 claims')."""
    return f"{k} {noun}" if k == 1 else f"{k} {noun}s"


def _are(k: int) -> str:
    return "is" if k == 1 else "are"


def supported_by_reading(df: pd.DataFrame) -> dict[str, int]:
    """Claims supported under each reading of the quantifiers (others as at the headline).

    Read from ``verdict_by_reading`` ("strict: ...; usage: ...; plain: ...");
    a claim without a range quantifier counts with its headline verdict.
    """
    out: dict[str, int] = {}
    by = df["verdict_by_reading"] if "verdict_by_reading" in df else pd.Series("", index=df.index)
    for text, verdict in zip(by.astype(str), df["verdict"].astype(str), strict=True):
        words = dict(part.split(": ", 1) for part in text.split("; ")) if text else {}
        for reading in READINGS:
            out[reading] = out.get(reading, 0) + (words.get(reading, verdict) == SUPPORTED)
    return out


def reading_summary(df: pd.DataFrame) -> str:
    """The summary's sentence on the quantifier readings (empty without quantifier claims)."""
    if "reading_sensitive" not in df or not df["verdict_by_reading"].astype(str).ne("").any():
        return ""
    sensitive = int(df["reading_sensitive"].fillna(False).astype(bool).sum())
    quantified = int(df["verdict_by_reading"].astype(str).ne("").sum())
    counts = supported_by_reading(df)
    return (
        f" Of the {quantified} claims with a quantifier, {sensitive} "
        f"{'depends' if sensitive == 1 else 'depend'} on its reading; of all claims, "
        "supported under the strict, usage and plain reading: "
        + ", ".join(str(counts[r]) for r in READINGS)
        + "."
    )


def audit_settings_record(result: AuditResult) -> dict:
    """The settings of an audit as plain values (the JSON ``settings`` and the Markdown table)."""
    s, design = result.settings, result.design
    head_n, head_deff = s.headline_point
    return {
        "report": None if result.report is None else result.report.name,
        "headline": s.headline,
        "headline_n": int(head_n),
        "headline_deff": float(head_deff),
        "rounding_aware": bool(s.rounding_aware),
        "migstats_version": __version__,
        "design": design.name or "custom design",
        "n": int(s.n),
        "n_range": [int(v) for v in design.n_range],
        "deff": float(s.deff),
        "robustness_n_grid": [int(v) for v in design.n_grid(s.n_points)],
        "robustness_deffs": [float(d) for d in s.deffs],
        "alpha": float(s.alpha),
        "correction": s.correction,
        "equivalence_margin_points": float(s.margin),
        "gradient_correlation": s.scenario,
        "decimals": int(design.decimals),
        "rounding": design.rounding,
        "weighted": bool(design.weighted),
        **assumption_record(result),
    }


def _is_true(value: Any) -> bool:
    return value is not pd.NA and value is not None and bool(value)


def _changes_with(row: Any) -> str:
    if row.verdict == UNTESTABLE:
        return "-"
    parts = []
    if str(row.verdict_range).startswith("depends"):
        parts.append("n/deff")
    if _is_true(row.rounding_sensitive):
        parts.append("rounding")
    if _is_true(getattr(row, "reading_sensitive", None)):
        parts.append("reading")
    return ", ".join(parts) if parts else "-"


def _estimate_cell(row: Any, level: float) -> str:
    """Estimate and interval; the interval's level is named when it is not ``level``."""
    if math.isnan(float(row.estimate)):
        return "-"
    d = AUDIT_DECIMALS
    cell = f"{row.estimate:.{d}f} [{row.ci_low:.{d}f}, {row.ci_high:.{d}f}]"
    own = float(row.confidence_level)
    if row.kind != "text_table" and not math.isnan(own) and not math.isclose(own, level):
        cell += f" ({level_label(own)})"
    return cell


def _robustness_cell(row: Any) -> str:
    if row.verdict == UNTESTABLE:
        return "-"
    text = str(row.verdict_range)
    if row.kind == "text_table" or row.rounding_sensitive is pd.NA:
        return text
    central = getattr(row, "verdict_central", None)
    optimistic = getattr(row, "verdict_optimistic", None)
    if central is not None and optimistic is not None:
        text += f"; central: {central}, optimistic: {optimistic}"
    text += (
        "; changes within rounding" if _is_true(row.rounding_sensitive) else "; robust to rounding"
    )
    if _is_true(getattr(row, "reading_sensitive", None)):
        text += f"; depends on the reading ({row.verdict_by_reading})"
    return text


def _audit_level(df: pd.DataFrame) -> float:
    """The most common interval level of the tested claims (named in the header)."""
    levels = df.loc[df["kind"] != "text_table", "confidence_level"].dropna()
    return float(levels.mode().iloc[0]) if len(levels) else 0.95


def render_audit(result: AuditResult, fmt: str = "text") -> str:
    """Render the result of :func:`migstats.audit` for a terminal, a document or a program.

    Parameters
    ----------
    result : AuditResult
        The result of :func:`migstats.audit`: its frame, and the settings,
        design and report it was computed with (which the header states).
    fmt : {"text", "markdown", "csv", "json"}, default "text"
        ``text``: a compact table (id, verdict, estimate with interval,
        adjusted p-value, break-even n, what the verdict changes with) with
        each claim's text wrapped under its row, then the summary paragraph
        of :func:`migstats.audit_summary`.  ``markdown``: a complete document
        (title, the assumptions used, the summary, the verdict counts and one
        table of claims per section of the report with a robustness column).
        ``csv``: the full frame.  ``json``: an object with ``settings``,
        ``summary`` and ``claims`` (the records of the full frame).

    Returns
    -------
    str
        The rendered audit, ending in a newline.

    Raises
    ------
    MigstatsValueError
        If ``fmt`` is not one of :data:`OUTPUT_FORMATS` or ``result`` is not
        an :class:`AuditResult`.

    Notes
    -----
    The settings are read from ``result``: those the audit was computed with.
    Estimates and intervals are in percent (levels) or percentage points
    (differences, slope indices of inequality), as the audit's ``estimand``
    column says; for ``text_table`` claims the "interval" is the range that
    the rounding of the published numbers allows.  A break-even n of "none"
    means that no sample size makes the claim significant in its direction
    (``inf`` in the DataFrame).  JSON is strict: NaN becomes ``null`` and an
    infinite break-even n the string ``"inf"``.  The output holds no date,
    so a regenerated document changes only when the results change.

    References
    ----------
    .. [1] Holm, S. (1979). A simple sequentially rejective multiple test
       procedure. *Scandinavian Journal of Statistics*, 6(2), 65-70.
    .. [2] GitHub Flavored Markdown Spec, section "Tables (extension)".

    Examples
    --------
    >>> import migstats
    >>> from migstats._audit import render_audit
    >>> res = migstats.audit(claims=migstats.load_claims().head(2))
    >>> text = render_audit(res)
    >>> print(next(line for line in text.splitlines() if line.startswith("id ")))
    id   verdict       estimate [95% CI]  p adj.  break-even n  changes with
    >>> render_audit(res, "csv").splitlines()[0].split(",")[:3]
    ['claim_id', 'section', 'kind']
    """
    check_option(fmt, "fmt", OUTPUT_FORMATS)
    result = check_result(result)
    df = result.frame
    settings = audit_settings_record(result)
    summary = summary_text(df)
    if fmt == "csv":
        return format_frame(df, "csv")
    if fmt == "json":
        return to_json({"settings": settings, "summary": summary, "claims": records(df)})
    if fmt == "markdown":
        return _audit_markdown(result, settings, summary)
    return _audit_text(result, settings, summary)


def _n_phrase(s: dict[str, Any], label: str = "plausible") -> str:
    """How n is known: a plausible range (chapter 7: n not published) or the design's n."""
    lo, hi = s["n_range"]
    if lo == hi:
        return "as published" if s["n"] == lo else f"published n {lo:,}"
    return f"not published; {label} {lo:,}-{hi:,}"


def _settings_line(s: dict[str, Any]) -> str:
    return (
        f"Assumptions: n = {s['n']:,} ({_n_phrase(s)}), "
        f"deff = {s['deff']:.3g}, alpha = {s['alpha']:g} with {s['correction']} correction, "
        f"rounding {s['rounding']}. Verdicts at n = {s['headline_n']:,}, "
        f"deff {s['headline_deff']:.3g} ({s['headline']})"
        + ("; p-values rounding-aware." if s["rounding_aware"] else ".")
    )


#: The columns the rows' cells are read from (:func:`_estimate_cell`,
#: :func:`_changes_with`, :func:`_robustness_cell`).
_CELL_COLUMNS = (
    "kind",
    "verdict",
    "estimate",
    "ci_low",
    "ci_high",
    "confidence_level",
    "verdict_range",
    "rounding_sensitive",
    "reading_sensitive",
    "verdict_by_reading",
    "verdict_central",
    "verdict_optimistic",
)


def _cell_rows(df: pd.DataFrame) -> list:
    """The rows of ``df`` as named tuples of the columns the cells read (those it has)."""
    return list(df[[c for c in _CELL_COLUMNS if c in df.columns]].itertuples())


def _audit_text(result: AuditResult, settings: dict[str, Any], summary: str) -> str:
    df = result.frame
    level = _audit_level(df)
    rows = _cell_rows(df)
    display = pd.DataFrame(
        {
            "id": df["claim_id"],
            "verdict": df["verdict"],
            f"estimate [{level_label(level)} CI]": [_estimate_cell(r, level) for r in rows],
            "p adj.": [pvalue_text(v) or "-" for v in df["pvalue_adjusted"]],
            "break-even n": [count_text(v) or "-" for v in df["breakeven_n"]],
            "changes with": [_changes_with(r) for r in rows],
        }
    )
    lines = aligned_text(display).splitlines()
    out = [
        textwrap.fill(f"Audit of {result.title}: {len(df)} claims", TEXT_WIDTH),
        textwrap.fill(_settings_line(settings), TEXT_WIDTH),
        *(
            textwrap.fill(f"{label.capitalize()}: {text}.", TEXT_WIDTH, subsequent_indent="  ")
            for label, text in assumption_items(result)
        ),
        "",
        lines[0],
    ]
    indent = " " * CLAIM_INDENT
    for line, claim in zip(lines[1:], df["claim"], strict=True):
        out.append(line)
        out.append(
            textwrap.fill(
                " ".join(str(claim).split()),
                TEXT_WIDTH,
                initial_indent=indent,
                subsequent_indent=indent,
            )
        )
    note = (
        f"Estimates in percent (levels) or points (differences, slope indices) with "
        f"{level_label(level)} intervals; a claim tested against a range ('about X', no or "
        "small difference: two one-sided tests) shows the interval of matching level, "
        "marked. text_table rows show the range the rounding allows. Intervals and "
        "break-even n are not adjusted for multiplicity; p adj. and the verdicts are. "
        "break-even n: smallest total n at which the claim alone is significant ('none': "
        "no n suffices)."
    )
    out += ["", textwrap.fill(note, TEXT_WIDTH), "", textwrap.fill(summary, TEXT_WIDTH)]
    return "\n".join(out) + "\n"


def _audit_command(result: AuditResult) -> str:
    """The command line that writes this document (the settings that differ from the defaults)."""
    s, design, report = result.settings, result.design, result.report
    command = "migstats audit --format markdown"
    if report is not None and report.name != DEFAULT_REPORT:
        # a bundled report by name; any other by the directory of its package
        bundled = report.name in BUNDLED_REPORTS
        command += f" --report {report.name if bundled else '<its package directory>'}"
    if s.n != design.n:
        command += f" --n {s.n}"
    if s.deff != design.deff:
        command += f" --deff {s.deff:g}"
    if s.alpha != DEFAULT_ALPHA:
        command += f" --alpha {s.alpha:g}"
    if s.correction != DEFAULT_CORRECTION:
        command += f" --correction {s.correction}"
    return command


def _section_title(section: Any) -> str:
    """'7.1.2;7.2.1' -> 'Sections 7.1.2, 7.2.1'; 'box 7.1' -> 'Box 7.1'."""
    parts = [p.strip() for p in str(section).split(";")]
    if all(p[:1].isdigit() for p in parts):
        return ("Sections " if len(parts) > 1 else "Section ") + ", ".join(parts)
    return ", ".join(p[:1].upper() + p[1:] for p in parts)


def _preamble(s: dict[str, Any]) -> str:
    """What the Markdown audit does, in one sentence (n published or not, from the design)."""
    lo, hi = s["n_range"]
    return (
        "Every registered claim is tested against the published "
        f"({'weighted, ' if s['weighted'] else ''}rounded) percentages under the "
        "assumptions below; "
        + (
            "the sample size is not published, so every verdict is also shown across its "
            "plausible range."
            if lo != hi
            else "every verdict is also shown across the robustness grid."
        )
    )


def _markdown_assumptions(result: AuditResult, s: dict[str, Any]) -> list[str]:
    """Title, preamble and the table of assumptions of the Markdown audit."""
    df = result.frame
    grid = ", ".join(f"{v:,}" for v in s["robustness_n_grid"])
    deffs = ", ".join(f"{d:.3g}" for d in s["robustness_deffs"])
    level = level_label(_audit_level(df))
    weighting = (
        "weighted percentages: counts are those of a hypothetical unweighted sample"
        if s["weighted"]
        else "unweighted"
    )
    preamble = _preamble(s)
    design_ref = (
        "the design passed to the audit"
        if result.report is None
        else f"the design of report `{result.report.name}`"
    )
    return [
        f"# Audit of {result.title}",
        "",
        f"Generated by `{_audit_command(result)}` (migstats {s['migstats_version']}). " + preamble,
        "",
        "## Assumptions",
        "",
        "| assumption | value |",
        "|---|---|",
        f"| sample design | `{s['design']}` (see {design_ref}) |",
        f"| total sample size n | {s['n']:,} ({_n_phrase(s, 'plausible range')}) |",
        f"| design effect (Kish) | {s['deff']:.3g} (central) |",
        f"| headline verdict | at n = {s['headline_n']:,} and deff {s['headline_deff']:.3g} "
        f"({s['headline']}: {HEADLINE_MEANING[s['headline']]}); "
        "the central (n and deff above) and optimistic (largest n, smallest deff) verdicts "
        "are shown as sensitivity |",
        "| rounding-aware p-values | "
        + (
            "yes: every p-value is the largest over the true values the rounding allows |"
            if s["rounding_aware"]
            else "no: the printed numbers are taken as exact |"
        ),
        f"| significance level | {s['alpha']:g} |",
        f"| multiple-testing correction | {s['correction']}: {result.error_rate} |",
        f"| confidence level of the intervals | {level}, or as marked for claims tested "
        "against a range (two one-sided tests); not adjusted for multiplicity |",
        f"| robustness grid | n = {grid}; deff = {deffs} |",
        f"| rounding of the published numbers | {s['decimals']} decimals, rule "
        f"`{s['rounding']}` (a tie may have gone either way) |",
        f"| weighting | {weighting} |",
        f"| equivalence margin (no or small difference) | +-{s['equivalence_margin_points']:g} "
        "points on the scale of the slope index of inequality |",
        "| correlation of two estimates from the same respondents | "
        f"{s['gradient_correlation'].replace('_', ' ')} |",
        *(f"| {label} | {md(text)} |" for label, text in assumption_items(result)),
    ]


def _markdown_claims(df: pd.DataFrame, s: dict[str, Any]) -> list[str]:
    """The claims of the Markdown audit: one table per section of the chapter."""
    level_value = _audit_level(df)
    out = [
        "",
        "## Claims",
        "",
        "Estimates are in percent (levels) or percentage points (differences, slope indices "
        f"of inequality) with {level_label(level_value)} intervals; for `text_table` claims "
        "the interval is "
        "the range that the rounding of the published numbers allows. *p adj.* is the "
        f"{s['correction']}-adjusted p-value on which the verdict rests; *break-even n* is "
        "the smallest total sample size at which the claim alone would be significant "
        "(unadjusted, "
        + ("rounding-aware, " if s["rounding_aware"] else "")
        + f"at the headline's deff {s['headline_deff']:.3g}; *none*: "
        "no sample size suffices). *Robustness* gives the verdict across the robustness "
        "grid, the central and optimistic verdicts, and whether the verdict of the printed "
        "numbers changes when they move within their rounding.",
    ]
    header = [
        "| id | claim | verdict | estimand | estimate [CI] | p adj. | break-even n "
        "| robustness | reason |",
        "|---|---|---|---|---:|---:|---:|---|---|",
    ]
    for section, part in df.groupby("section", sort=False):
        title = _section_title(section) if str(section).strip() else "Claims"
        out += ["", f"### {title}", "", *header]
        for r in part.itertuples():
            cells = [
                r.claim_id,
                md(r.claim),
                f"**{r.verdict}**",
                "-" if r.estimand in ("", "nan") else md(r.estimand),
                _estimate_cell(r, level_value),
                pvalue_text(r.pvalue_adjusted) or "-",
                count_text(r.breakeven_n) or "-",
                md(_robustness_cell(r)),
                "-" if r.reason in ("", "nan") else md(r.reason),
            ]
            out.append("| " + " | ".join(cells) + " |")
    return out


def _audit_markdown(result: AuditResult, s: dict[str, Any], summary: str) -> str:
    """The Markdown document of an audit (docs/audit.md's generated block)."""
    df = result.frame
    out = _markdown_assumptions(result, s)
    out += ["", "## Summary", "", summary, "", "| verdict | claims |", "|---|---:|"]
    out += [f"| {v} | {int((df['verdict'] == v).sum())} |" for v in CLAIM_VERDICTS]
    out += _markdown_claims(df, s)
    return "\n".join(out) + "\n"
