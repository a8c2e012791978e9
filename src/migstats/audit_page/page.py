"""The audit as one self-contained HTML page a person can read.

This module owns :func:`audit_html`: it renders the :class:`AuditResult` of
:func:`migstats.audit` (the frame and the settings it was computed under) into a
single HTML document -- styles, script and figures inline, no network --
with the assumptions up front, the verdict counts as a small chart, and
one table row per claim: verdict badge (colour, symbol and word), the
estimate and its interval as a small forest mark against the claim's
threshold or margin, the adjusted p-value, the break-even n against the
plausible range of n, the robustness of the verdict, the reason, and,
behind a disclosure, the published numbers the claim rests on and the
method.  Rendering only: every number comes from the audit frame, the
published tables (:func:`migstats.load_table`) or the quantifier table
(:func:`migstats.quantifier_range`); nothing is recomputed.  Styles and
script are in :mod:`migstats.audit_page.assets`.  A face, not part of the
audit layer: it draws the figures of :mod:`migstats.plots` into the page.
"""

from __future__ import annotations

import html
import io
import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._audit import HEADLINE_MEANING, AuditResult, assumption_items, audit, check_result
from .._base import CLAIM_VERDICTS, MigstatsValueError, invalid_value
from .._corpus import (
    DIMENSIONS,
    KIND_REGISTRY,
    TableColumns,
    published_parts,
    quantifier_range,
    split_list,
    table_columns,
)
from .assets import CSS, SCRIPT

__all__ = ["FIGURES", "audit_html"]

#: The figures of :mod:`migstats.plots` the page can include.
FIGURES: tuple[str, ...] = ("gaps", "distribution", "breakeven")

#: Symbol shown with each verdict word (never colour alone, WCAG 1.4.1).
VERDICT_SYMBOLS = {
    "supported": "\u2713",
    "depends on n": "\u2248",
    "not supported": "\u2013",
    "contradicted": "\u2717",
    "inconsistent": "\u2260",
    "untestable": "?",
}
#: Mark colours of the verdicts: the Okabe-Ito palette (as in
#: :mod:`migstats.plots`), darkened where needed for a 3 : 1 contrast
#: against white (WCAG 1.4.11, non-text contrast).
VERDICT_MARK_COLOURS = {
    "supported": "#007a5a",
    "depends on n": "#0072b2",
    "not supported": "#8f6400",
    "contradicted": "#b34700",
    "inconsistent": "#a8437f",
    "untestable": "#666666",
}

#: Size of the per-row forest and break-even marks (CSS pixels).
MARK_WIDTH, MARK_HEIGHT, MARK_PAD = 136, 30, 8
#: Tick labels of the break-even axis (powers of ten).
_N_TICKS = {1: "10", 2: "100", 3: "1k", 4: "10k", 5: "100k", 6: "1M"}
#: Log10 axis of the break-even mark: from 10 to 1,000,000 respondents.
BREAKEVEN_LOG_RANGE = (1.0, 6.0)
#: Points scale of differences: symmetric, rounded up to this step.
POINTS_STEP = 10.0


NO_VALUE = "\u2014"


def _esc(x: Any) -> str:
    return html.escape(str(x), quote=True)


def _is_missing(x: Any) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def _attr_number(x: Any) -> str:
    """A float as an exact, machine-readable attribute ('' for missing)."""
    if _is_missing(x):
        return ""
    return repr(float(x)) if math.isfinite(float(x)) else ("Infinity" if x > 0 else "-Infinity")


def _fmt(x: Any, digits: int = 1) -> str:
    return "\u2014" if _is_missing(x) else f"{float(x):.{digits}f}"


def _fmt_p(p: Any) -> str:
    if _is_missing(p):
        return "\u2014"
    return "< 0.0001" if p < 1e-4 else f"{p:.4f}" if p < 0.01 else f"{p:.3f}"


def _fmt_n(n: Any) -> str:
    if _is_missing(n):
        return "\u2014"
    return "none (\u221e)" if math.isinf(n) else f"{int(n):,}"


def _slug(word: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(word).lower()).strip("-") or "other"


def _unit(estimand: str) -> str:
    return "points" if str(estimand).endswith("(points)") else "%"


def _badge(verdict: str) -> str:
    cls = f"v-{_slug(verdict)}" if verdict in VERDICT_SYMBOLS else "v-other"
    sym = VERDICT_SYMBOLS.get(verdict, "")
    return f'<span class="badge {cls}"><span aria-hidden="true">{sym}</span> {_esc(verdict)}</span>'


# --------------------------------------------------------------------------
# thresholds and published numbers
# --------------------------------------------------------------------------


def _reference(row: pd.Series, margin: float, quantifiers: pd.DataFrame) -> tuple:
    """(low, high, label, short label) of what the claim's estimate is tested against, or None.

    What a kind is tested against is its declared ``target``
    (:data:`migstats._corpus.KIND_REGISTRY`).
    """
    spec = KIND_REGISTRY.get(row["kind"])
    target = "none" if spec is None else spec.target
    # a share (a level claim, or the binding group of a consensus claim) is drawn
    # against the quantifier; otherwise the kind's declared target
    is_share = str(row["estimand"]).startswith("share of")
    if target == "margin" and not is_share:
        return (-margin, margin, f"equivalence margin \u00b1{margin:g} points", f"\u00b1{margin:g}")
    if (target == "quantifier" or is_share) and row["quantifier"]:
        try:
            q = quantifier_range(row["quantifier"], quantifiers=quantifiers)
        except MigstatsValueError:
            return None
        span = f"{q.low:g}\u2013{q.high:g}%"
        return (q.low, q.high, f"'{row['quantifier']}' read as {span} ({q.test})", span)
    if target == "zero":
        return (0.0, 0.0, "no difference (0)", "0")
    return None


def _lookups(row: pd.Series, reference: str) -> list[tuple[str, str, str]]:
    """(item, response, dimension) of every published profile a claim rests on.

    ``reference`` is the claim registry's ``reference`` field: other items
    (same response and dimension) or another dimension (same item).
    """
    out = [(row["item"], resp, row["dimension"]) for resp in split_list(row["response"])]
    for ref in split_list(reference):
        if ref in DIMENSIONS:
            out += [(row["item"], resp, ref) for resp in split_list(row["response"])]
        else:
            out += [(ref, resp, row["dimension"]) for resp in split_list(row["response"])]
    return out


def _numbers_table(tables: TableColumns, ids: list[str], key: tuple[str, str, str]) -> str:
    """HTML table of one published profile, or a note if it cannot be found.

    ``tables``: the tables' columns (:func:`migstats._corpus.table_columns`,
    converted once for the page).
    """
    item, response, dimension = key
    candidates = [ids] + [
        [t] for t in dict.fromkeys(tables.table[tables.item == item].tolist()) if t not in ids
    ]
    for table_ids in candidates:
        try:
            # per group its published parts (select_rows' numbers, without its frame)
            found = published_parts(tables, table_ids, item, response, dimension)
        except (MigstatsValueError, KeyError):
            continue
        break
    else:
        return (
            f'<p class="note">Not found in the tables: {_esc(item)} ({_esc(response)}), '
            f"{_esc(dimension)}.</p>"
        )
    multi = any(len(v) > 1 for v in found.values())
    body = []
    for g, v in found.items():
        parts = [p for p, _ in v]
        sums = f"<td>{' + '.join(f'{x:g}' for x in parts)}</td>" if multi else ""
        note = " (approximate)" if any(a for _, a in v) else ""
        body.append(f'<tr><th scope="row">{_esc(g)}</th><td>{sum(parts):g}%{note}</td>{sums}</tr>')
    return (
        '<table class="numbers"><caption>Published: table '
        f"{_esc(', '.join(table_ids))}, {_esc(item)} ({_esc(response)}), {_esc(dimension)}"
        '</caption><thead><tr><th scope="col">group</th><th scope="col">percent</th>'
        + ('<th scope="col">sum of</th>' if multi else "")
        + "</tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
    )


def _published(row: pd.Series, tables: TableColumns | None, reference: str) -> str:
    """HTML tables of the published numbers one claim rests on (``tables``: their columns)."""
    if tables is None or not row["item"] or not row["table"]:
        return '<p class="note">No published table numbers are registered for this claim.</p>'
    ids = split_list(row["table"])
    return "".join(_numbers_table(tables, ids, key) for key in _lookups(row, reference))


# --------------------------------------------------------------------------
# inline SVG marks and charts
# --------------------------------------------------------------------------


def _x(value: float, lo: float, hi: float) -> float:
    value = min(max(value, lo), hi)
    return MARK_PAD + (value - lo) / (hi - lo) * (MARK_WIDTH - 2 * MARK_PAD)


def _forest_mark(row: pd.Series, ref: tuple | None, scale: tuple[float, float]) -> str:
    """Estimate, interval and threshold band on a common scale, as inline SVG."""
    est, lo_ci, hi_ci = row["estimate"], row["ci_low"], row["ci_high"]
    if _is_missing(est):
        return ""
    lo, hi = scale
    y = 12
    colour = VERDICT_MARK_COLOURS.get(row["verdict"], "#1a1a1a")
    parts = [
        f'<line x1="{MARK_PAD}" x2="{MARK_WIDTH - MARK_PAD}" y1="22" y2="22" stroke="#8a8a8a"/>'
    ]
    for tick in (lo, (lo + hi) / 2, hi):
        tx = _x(tick, lo, hi)
        parts.append(
            f'<text x="{tx:.1f}" y="30" font-size="7" text-anchor="middle" fill="#4a4a4a">'
            f"{tick:g}</text>"
        )
    if ref is not None:
        a, b = _x(ref[0], lo, hi), _x(ref[1], lo, hi)
        if b - a > 0.5:
            parts.append(
                f'<rect x="{a:.1f}" y="3" width="{b - a:.1f}" height="17" fill="#dbeaf7" '
                'stroke="#0b5394" stroke-dasharray="2 1"/>'
            )
        else:
            parts.append(
                f'<line x1="{a:.1f}" x2="{a:.1f}" y1="2" y2="21" stroke="#0b5394" '
                'stroke-dasharray="3 2"/>'
            )
    if not _is_missing(lo_ci) and not _is_missing(hi_ci):
        parts.append(
            f'<line x1="{_x(lo_ci, lo, hi):.1f}" x2="{_x(hi_ci, lo, hi):.1f}" y1="{y}" y2="{y}" '
            f'stroke="{colour}" stroke-width="2.5"/>'
        )
    parts.append(f'<circle cx="{_x(est, lo, hi):.1f}" cy="{y}" r="3.6" fill="{colour}"/>')
    unit = _unit(row["estimand"])
    label = f"estimate {_fmt(est)} {unit}, interval {_fmt(lo_ci)} to {_fmt(hi_ci)}" + (
        f"; tested against {ref[2]}" if ref is not None else "; no threshold"
    )
    return (
        f'<svg class="mark" role="img" aria-label="{_esc(label)}" width="{MARK_WIDTH}" '
        f'height="{MARK_HEIGHT + 2}" viewBox="0 0 {MARK_WIDTH} {MARK_HEIGHT + 2}">'
        f"<title>{_esc(label)}</title>" + "".join(parts) + "</svg>"
    )


def _breakeven_place(n: float, n_range: tuple[int, int]) -> str:
    if math.isinf(n):
        return "no sample size supports the claim"
    if n_range[0] == n_range[1]:  # n published
        return "at most the published n" if n <= n_range[0] else "above the published n"
    if n < n_range[0]:
        return "below the plausible range"
    if n <= n_range[1]:
        return "inside the plausible range"
    return "above the plausible range"


def _breakeven_mark(n: Any, n_range: tuple[int, int], n_assumed: int) -> str:
    """Break-even n on a log axis against the plausible-n band, as inline SVG."""
    if _is_missing(n):
        return ""
    lo, hi = BREAKEVEN_LOG_RANGE

    def x(v: float) -> float:
        return _x(math.log10(v), lo, hi)

    a, b = x(n_range[0]), x(n_range[1])
    parts = [
        f'<rect x="{a:.1f}" y="3" width="{b - a:.1f}" height="17" fill="#dbeaf7" '
        'stroke="#0b5394"/>',
        f'<line x1="{x(n_assumed):.1f}" x2="{x(n_assumed):.1f}" y1="3" y2="20" stroke="#0b5394"/>',
        f'<line x1="{MARK_PAD}" x2="{MARK_WIDTH - MARK_PAD}" y1="22" y2="22" stroke="#8a8a8a"/>',
    ]
    for e in range(int(lo), int(hi) + 1):
        parts.append(
            f'<text x="{x(10.0**e):.1f}" y="30" font-size="7" text-anchor="middle" '
            f'fill="#4a4a4a">{_N_TICKS.get(e, 10**e)}</text>'
        )
    if math.isinf(n) or n >= 10.0**hi:
        px = MARK_WIDTH - MARK_PAD
        parts.append(f'<path d="M{px - 7},7 L{px},12 L{px - 7},17 Z" fill="#1a1a1a"/>')
    else:
        parts.append(f'<circle cx="{x(max(n, 10.0**lo)):.1f}" cy="12" r="3.6" fill="#1a1a1a"/>')
    label = f"break-even n {_fmt_n(n)}, {_breakeven_place(n, n_range)} " + (
        f"(published n {n_assumed:,})"
        if n_range[0] == n_range[1] == n_assumed
        else f"({n_range[0]:,}\u2013{n_range[1]:,}; assumed n {n_assumed:,})"
    )
    return (
        f'<svg class="mark" role="img" aria-label="{_esc(label)}" width="{MARK_WIDTH}" '
        f'height="{MARK_HEIGHT + 2}" viewBox="0 0 {MARK_WIDTH} {MARK_HEIGHT + 2}">'
        f"<title>{_esc(label)}</title>" + "".join(parts) + "</svg>"
    )


def _summary_chart(counts: dict[str, int]) -> str:
    """Horizontal bar chart of the verdict counts (inline SVG, with a text equivalent)."""
    width, bar_h, label_w = 380, 22, 125
    top = max(max(counts.values(), default=1), 1)
    rows = []
    for i, (verdict, k) in enumerate(counts.items()):
        y = i * (bar_h + 6)
        w = (width - label_w - 40) * k / top
        colour = VERDICT_MARK_COLOURS.get(verdict, "#1a1a1a")
        rows.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="13" '
            f'fill="#1a1a1a">{_esc(verdict)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}"/>'
            f'<text x="{label_w + w + 5:.1f}" y="{y + 15}" font-size="13" '
            f'fill="#1a1a1a">{k}</text>'
        )
    height = len(counts) * (bar_h + 6)
    text = ", ".join(f"{k} {v}" for v, k in counts.items())
    return (
        f'<svg role="img" aria-label="Verdict counts: {_esc(text)}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}"><title>Verdict counts: {_esc(text)}'
        "</title>" + "".join(rows) + "</svg>"
    )


def _inline_svg(svg: str, prefix: str) -> str:
    """A standalone SVG file made fit to inline: no XML prolog or metadata, ids prefixed.

    Prefixing keeps the ids of several figures in one page unique.
    """
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = svg.replace("url(#", f"url(#{prefix}-").replace('href="#', f'href="#{prefix}-')
    return svg


def _figure_svgs(result: AuditResult, figures: Sequence[str]) -> str:
    """The figures of :mod:`migstats.plots` as inline SVG, or a note without matplotlib."""
    if not figures:
        return ""
    try:
        import matplotlib
    except ImportError:
        return (
            '<p class="note">The figures need matplotlib, which is not installed '
            "(pip install 'migstats[plot]'); they are left out.</p>"
        )
    from .. import plots  # faces may import each other

    captions = {
        "gaps": "Education and income gradient of every item (slope index of inequality, "
        "points, 95% intervals).",
        "distribution": "Response distribution of the report's first table with simultaneous "
        "intervals and the range each printed percentage allows.",
        "breakeven": "Break-even sample size of every tested claim against the plausible "
        "range of n.",
    }
    report, n, deff = result.report, result.settings.n, result.settings.deff
    out = []
    for name in figures:
        try:
            if name == "gaps":
                fig = plots.plot_gaps(report=report, n=n, deff=deff)
            elif name == "distribution":
                fig = plots.plot_distribution(report=report, n=n, deff=deff)
            else:
                fig = plots.plot_breakeven(result)
        except MigstatsValueError as exc:  # a figure the report's data cannot give
            out.append(f'<p class="note">No {name} figure: {_esc(str(exc))}</p>')
            continue
        buf = io.StringIO()
        with matplotlib.rc_context({"svg.hashsalt": plots.SVG_HASH_SALT, "svg.fonttype": "path"}):
            fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
        svg = _inline_svg(buf.getvalue(), name)
        svg = svg.replace("<svg ", f'<svg role="img" aria-label="{_esc(captions[name])}" ', 1)
        out.append(f"<figure>{svg}<figcaption>{_esc(captions[name])}</figcaption></figure>")
    return "".join(out)


# --------------------------------------------------------------------------
# page
# --------------------------------------------------------------------------


def _assumptions(result: AuditResult) -> str:
    """The settings, design and report of the audit as a definition list."""
    s, design, frame = result.settings, result.design, result.frame
    n, deff = s.n, s.deff
    head_n, head_deff = s.headline_point
    levels = [f"{x:.0%}" for x in sorted(set(frame["confidence_level"].dropna()))]
    items = [
        ("Report", result.title),
        ("Design", design.name or "custom design"),
        (
            "Sample size n",
            f"{n:,} (published)"
            if (n, n) == tuple(design.n_range)
            else f"{n:,} (assumed; not published)",
        ),
        ("Plausible n", f"{design.n_range[0]:,} to {design.n_range[1]:,}"),
        (
            "Design effect",
            f"{deff:.3g}; robustness also at deff {', '.join(f'{d:.3g}' for d in s.deffs)}",
        ),
        (
            "Headline verdict",
            f"at n = {int(head_n):,} and deff {head_deff:.3g} ({s.headline}: "
            f"{HEADLINE_MEANING[s.headline]}), p-values "
            + ("rounding-aware" if s.rounding_aware else "of the printed numbers")
            + "; the verdicts at the other points are in the robustness column",
        ),
        ("Rounding", f"{design.decimals} decimals, rule '{design.rounding}'"),
        ("Correction", f"{s.correction}: {result.error_rate}; significance level {s.alpha:g}"),
        ("Equivalence margin", f"\u00b1{s.margin:g} points (no-difference and consensus claims)"),
        ("Interval levels", ", ".join(levels) or "\u2014"),
        *((label.capitalize(), text) for label, text in assumption_items(result)),
    ]
    return (
        '<dl class="assumptions">'
        + "".join(f"<dt>{_esc(k)}</dt><dd>{_esc(v)}</dd>" for k, v in items)
        + "</dl>"
    )


def _options(values: Sequence[str], label_all: str) -> str:
    opts = [f'<option value="">{_esc(label_all)}</option>']
    opts += [f'<option value="{_esc(v)}">{_esc(v or "(none)")}</option>' for v in values]
    return "".join(opts)


def _controls(frame: pd.DataFrame, verdicts: Sequence[str]) -> str:
    sections = sorted({s for x in frame["section"] for s in split_list(x) if s})
    dims = sorted(set(frame["dimension"]))
    verdict_opts = _options(verdicts, "all verdicts").replace(
        '<option value="">all verdicts</option>',
        '<option value="">all verdicts</option>'
        '<option value="all-but-supported">every verdict but supported</option>',
    )
    return (
        '<form id="controls" class="controls" hidden role="search" aria-label="Filter the claims">'
        f'<label>Verdict<select name="verdict">{verdict_opts}</select></label>'
        f'<label>Section<select name="section">{_options(sections, "all sections")}'
        "</select></label>"
        f'<label>Dimension<select name="dimension">{_options(dims, "all dimensions")}'
        "</select></label>"
        '<label>Search<input type="search" name="q" placeholder="words in the claim or reason">'
        '</label><button type="reset">Show all</button></form>'
        '<p id="status" role="status" aria-live="polite"></p>'
    )


#: Columns of the claims table: (header, sort key or None, sort type).
_HEADERS = (
    ("Claim", "claim_id", "text"),
    ("Section", "section", "text"),
    ("What the report says", None, ""),
    ("Verdict", "verdict", "text"),
    ("Why", None, ""),
    ("Estimate and interval", "estimate", "number"),
    ("Adjusted p", "pvalue_adjusted", "number"),
    ("Break-even n", "breakeven_n", "number"),
    ("Robustness", None, ""),
)


def _row(r: pd.Series, ctx: dict) -> str:
    ref = _reference(r, ctx["margin"], ctx["quantifiers"])
    sections = " ".join(split_list(r["section"]))
    attrs = {
        "data-claim-id": r["claim_id"],
        "data-verdict": r["verdict"],
        "data-sections": sections,
        "data-dimension": r["dimension"],
        "data-estimate": _attr_number(r["estimate"]),
        "data-ci-low": _attr_number(r["ci_low"]),
        "data-ci-high": _attr_number(r["ci_high"]),
        "data-pvalue-adjusted": _attr_number(r["pvalue_adjusted"]),
        "data-breakeven-n": _attr_number(r["breakeven_n"]),
        "data-sort-claim_id": r["claim_id"],
        "data-sort-section": r["section"],
        "data-sort-verdict": r["verdict"],
        "data-sort-estimate": _attr_number(r["estimate"]),
        "data-sort-pvalue_adjusted": _attr_number(r["pvalue_adjusted"]),
        "data-sort-breakeven_n": _attr_number(r["breakeven_n"]),
    }
    tr = "<tr " + " ".join(f'{k}="{_esc(v)}"' for k, v in attrs.items()) + ">"
    bn = r["breakeven_n"]
    breakeven = (
        NO_VALUE
        if _is_missing(bn)
        else f"{_fmt_n(bn)}{_breakeven_mark(bn, ctx['n_range'], ctx['n'])}"
        f'<span class="meta">{_esc(_breakeven_place(bn, ctx["n_range"]))}</span>'
    )
    rs = r["rounding_sensitive"]
    rounding = (
        "not assessed"
        if _is_missing(rs)
        else (
            '<span class="flag">rounding can change the verdict</span>'
            if rs
            else "robust to rounding"
        )
    )
    meta = " \u00b7 ".join(
        _esc(x)
        for x in (r["kind"], r["table"] and f"table {r['table']}", r["item"], r["dimension"])
        if x
    )
    return (
        f'{tr}<th scope="row">{_esc(r["claim_id"])}</th><td>{_esc(r["section"])}</td>'
        f'<td class="claim">{_esc(r["claim"])}<div class="meta">{meta}</div>'
        f"{_details(r, ref, ctx)}</td>"
        f'<td>{_badge(r["verdict"])}</td><td class="reason">{_esc(r["reason"])}</td>'
        f'<td class="num">{_estimate_cell(r, ref, ctx)}</td>'
        f'<td class="num">{_fmt_p(r["pvalue_adjusted"])}</td><td class="num">{breakeven}</td>'
        f'<td class="robust">{_esc(r["verdict_range"])}<br>'
        f"at the design's n and deff: {_esc(r.get('verdict_central', '-'))}<br>{rounding}"
        f"{_reading_note(r)}</td></tr>"
    )


def _reading_note(r: pd.Series) -> str:
    """The quantifier readings of a claim's verdict (empty without a range quantifier)."""
    by = str(r.get("verdict_by_reading", "") or "")
    if not by:
        return ""
    if r.get("reading_sensitive") is True or str(r.get("reading_sensitive")) == "True":
        return f'<br><span class="flag">depends on the reading</span>: {_esc(by)}'
    return f"<br>reading {_esc(str(r.get('reading', '')))}: same verdict under every reading"


def _estimate_cell(r: pd.Series, ref: tuple | None, ctx: dict) -> str:
    """Estimate, interval in words and the forest mark of one claim."""
    if _is_missing(r["estimate"]):
        return NO_VALUE
    unit = _unit(r["estimand"])
    level = (
        "rounding bounds "
        if _is_missing(r["confidence_level"])
        else f"{r['confidence_level']:.0%} "
    )
    interval = (
        ""
        if _is_missing(r["ci_low"])
        else f'<br><span class="meta">{level}[{_fmt(r["ci_low"])}, {_fmt(r["ci_high"])}]</span>'
    )
    return f"{_fmt(r['estimate'])} {unit}{interval}{_forest_mark(r, ref, ctx['scales'][unit])}" + (
        f'<span class="meta">vs {_esc(ref[3])}</span>' if ref is not None else ""
    )


def _details(r: pd.Series, ref: tuple | None, ctx: dict) -> str:
    """The disclosure behind a row: quoted and published numbers, estimand, method."""
    reference = ctx["references"].get((r["claim_id"], r["item"]), "")
    return (
        "<details><summary>Published numbers and method</summary>"
        + (f"<p>Numbers quoted in the text: {_esc(r['reported'])}</p>" if r["reported"] else "")
        + f"<p><strong>Estimate:</strong> {_esc(r['estimand'] or NO_VALUE)}"
        + (f"; tested against {_esc(ref[2])}" if ref is not None else "")
        + "</p>"
        + _published(r, ctx["tables"], reference)
        + f"<p><strong>Method:</strong> {_esc(r['method'] or NO_VALUE)}</p>"
        + (
            ""
            if _is_missing(r["pvalue"])
            else f"<p><strong>p-values:</strong> unadjusted {_fmt_p(r['pvalue'])}; for the "
            f"claim {_fmt_p(r['pvalue_support'])}; against it {_fmt_p(r['pvalue_contradict'])}</p>"
        )
        + "</details>"
    )


def _points_scale(frame: pd.DataFrame, margin: float) -> tuple[float, float]:
    pts = frame[frame["estimand"].astype(str).str.endswith("(points)")]
    values = np.abs(pts[["estimate", "ci_low", "ci_high"]].to_numpy(dtype=float))
    top = np.nanmax(values, initial=margin)
    top = max(POINTS_STEP * math.ceil(top / POINTS_STEP), 2 * POINTS_STEP)
    return (-top, top)


def _references(registry: pd.DataFrame | None) -> dict:
    """``(claim_id, item) -> reference`` of a claims registry (empty without one)."""
    if registry is None:
        return {}
    return dict(
        zip(
            zip(registry["claim_id"], registry["item"], strict=True),
            registry["reference"],
            strict=True,
        )
    )


def _verdict_counts(frame: pd.DataFrame) -> dict[str, int]:
    """Claims per verdict, in the order of CLAIM_VERDICTS (then any other word)."""
    present = list(dict.fromkeys(frame["verdict"]))
    verdicts = [v for v in CLAIM_VERDICTS if v in present]
    verdicts += [v for v in present if v not in CLAIM_VERDICTS]
    return {v: int((frame["verdict"] == v).sum()) for v in verdicts}


def _body(
    frame: pd.DataFrame, ctx: dict, result: AuditResult, figures: tuple[str, ...], title: str
) -> str:
    """The page's body: header, assumptions, summary, claims table and figures.

    Long (about 60 lines) because it is one flat template of the page.
    """
    counts = _verdict_counts(frame)
    verdicts = list(counts)
    others = len(frame) - counts.get("supported", 0)
    chips = "".join(
        f'<li><button type="button" class="chip" data-show-verdict="{_esc(v)}">'
        f"{_esc(v)} ({k})</button></li>"
        for v, k in counts.items()
    )
    head = "".join(
        f'<th scope="col" data-key="{key}" data-type="{kind}"><button type="button">{_esc(h)}'
        "</button></th>"
        if key
        else f'<th scope="col">{_esc(h)}</th>'
        for h, key, kind in _HEADERS
    )
    rows = "".join(_row(r, ctx) for _, r in frame.iterrows())
    body = (
        f"<header><h1>{_esc(title)}</h1>"
        f'<p class="lede">{len(frame)} claims checked against the published (rounded) '
        f"numbers: {counts.get('supported', 0)} supported, {others} not (yet) "
        "(depends on n, not supported, contradicted, inconsistent or untestable). "
        "Each row shows the "
        "estimate with its interval against what the claim needs, the adjusted p-value, "
        "the sample size at which the claim would hold, and why.</p></header>"
        '<section class="top" aria-label="Assumptions and summary">'
        "<div><h2>Assumptions</h2>"
        + _assumptions(result)
        + '</div><div class="summary"><h2>Verdicts</h2>'
        + _summary_chart(counts)
        + '<ul class="quick needs-script" hidden aria-label="Show the claims with one verdict">'
        + '<li><button type="button" class="chip" data-show-verdict="all-but-supported">'
        + f"every claim but the supported ({others})</button></li>"
        + chips
        + "</ul></div></section>"
        + "<main><h2>Claims</h2>"
        + '<p class="legend">Forest mark: dot = estimate, bar = interval (coloured by '
        "verdict), blue band or dashed line = what the claim is tested against (quantifier "
        "range, equivalence margin or zero). Shares are drawn on 0\u2013100%, differences in "
        f"points on {ctx['scales']['points'][0]:g} to {ctx['scales']['points'][1]:g}. "
        "Break-even mark: dot = smallest n at which the claim alone would hold (log scale), "
        "blue band = plausible n, line = the design's n, triangle = no n suffices.</p>"
        + _controls(frame, verdicts)
        + '<table id="claims" class="claims"><caption>Every claim of the report, with its '
        "verdict and the evidence</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></main>"
        + (
            "<section><h2>Figures</h2>" + _figure_svgs(result, figures) + "</section>"
            if figures
            else ""
        )
    )
    return body


def audit_html(
    result: AuditResult | None = None,
    *,
    report: Any = None,
    figures: Sequence[str] | str | None = "auto",
    title: str | None = None,
) -> str:
    """The audit as one self-contained HTML page (styles, script and figures inline).

    Parameters
    ----------
    result : AuditResult, optional
        A result of :func:`migstats.audit`; default: ``migstats.audit(report=report)``.
        The page states the settings, design and report the result was
        computed with and draws with them.
    report : Report, str or path, optional
        The report to audit when ``result`` is None (default: the default
        report); not allowed together with ``result``, which names its own.
    figures : sequence of str, "auto" or None
        Which figures of :mod:`migstats.plots` to include, from
        ``("gaps", "distribution", "breakeven")``; ``"auto"`` (default): the
        break-even figure, and the gaps and distribution figures when the
        audited tables are the bundled tables those figures draw; None: no
        figure.  Without matplotlib the page says so instead.
    title : str, optional
        Title of the page; default "Audit of the claims of" the report's
        title (:attr:`AuditResult.title`).

    Returns
    -------
    str
        The HTML document (UTF-8 text; write it with
        ``pathlib.Path(path).write_text(page, encoding="utf-8")``).

    Raises
    ------
    MigstatsValueError
        If ``result`` is not an :class:`AuditResult`, both ``result`` and
        ``report`` are given, or ``figures`` names an unknown figure.

    Notes
    -----
    Nothing is recomputed: the numbers come from ``result``, the thresholds
    from :func:`migstats.quantifier_range` (level claims), the audit's
    equivalence margin (no-difference and consensus claims) or zero
    (differences and gradients).  Estimates in percent share the scale
    0-100; differences in points share one symmetric scale.  The page is
    accessible (table headers with ``scope``, a caption, native form
    controls, verdicts in words as well as colour, WCAG AA contrast) and
    prints every row with its details.  The script reads its filters from
    the address (``report.html#verdict=all-but-supported``).

    References
    ----------
    .. [1] W3C (2018). Web Content Accessibility Guidelines (WCAG) 2.1,
       success criteria 1.4.1 (use of colour), 1.4.3 and 1.4.11 (contrast).
    .. [2] Okabe, M., & Ito, K. (2008). Color Universal Design (the palette
       of the verdict marks).

    Examples
    --------
    >>> from migstats import audit_html
    >>> page = audit_html(figures=None)
    >>> page.startswith("<!DOCTYPE html>"), page.count('data-claim-id="C')
    (True, 108)
    """
    if result is None:
        result = audit(report=report)
    elif report is not None:
        raise invalid_value(
            "report", "None when result is given (the result names its report)", report
        )
    result = check_result(result)
    if figures is None:
        figures = ()
    figures = _default_figures(result) if figures == "auto" else tuple(figures)
    for name in figures:
        if name not in FIGURES:
            raise invalid_value("figures", f"names from {FIGURES}", name)
    frame = result.frame.reset_index(drop=True)
    s = result.settings
    ctx = {
        "margin": float(s.margin),
        "quantifiers": result.quantifiers,
        "tables": None if result.tables is None else table_columns(result.tables),
        "scales": {"%": (0.0, 100.0), "points": _points_scale(frame, float(s.margin))},
        "n_range": tuple(int(x) for x in s.design.n_range),
        "n": int(s.n),
        "deff": float(s.deff),
        "references": _references(result.claims),
    }
    title = f"Audit of the claims of {result.title}" if title is None else str(title)
    body = _body(frame, ctx, result, figures, title)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{CSS}</style></head><body>{body}"
        f"<script>{SCRIPT}</script></body></html>\n"
    )


def _default_figures(result: AuditResult) -> tuple[str, ...]:
    """Every figure for an audit of a report; the break-even figure alone for loose frames.

    The gaps and distribution figures draw the report's own tables, so they
    need the report the audit ran on.
    """
    return FIGURES if result.report is not None else ("breakeven",)
