"""Style sheet and script of the HTML audit report (:func:`migstats.audit_html`).

This module owns the two strings inlined into the report page: :data:`CSS`
(screen and print styles) and :data:`SCRIPT` (filtering, sorting, search
and printing of the claims table).  They live here as plain strings so the
report stays one self-contained file: no network, no external library.

The script reads its starting state from the page address' fragment or
query (``report.html#verdict=supported&section=7.1.1&q=asylum&sort=pvalue``)
and writes the state back into the fragment, so a filtered view can be
linked, and a headless browser's ``--dump-dom`` shows the filtered table.
It marks ``<html data-ready="1">`` when it has run, and records uncaught
errors in ``<html data-script-errors>``.

Colours: the verdict badges pair a light tint with dark text (contrast
ratio >= 7 : 1, WCAG 2.1 AAA for text) and a word and symbol, so the
verdict never rests on colour alone (WCAG 1.4.1).
"""

from __future__ import annotations

__all__ = ["CSS", "SCRIPT"]

CSS = """
:root { --fg: #1a1a1a; --muted: #4a4a4a; --line: #c8c8c8; --bg: #ffffff;
  --band: #dbeaf7; --accent: #0b5394; font-size: 15px; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
  background: var(--bg); margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 1500px;
  line-height: 1.4; }
h1 { font-size: 1.6rem; margin: .2rem 0 .4rem; }
h2 { font-size: 1.25rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid var(--line); }
a { color: var(--accent); }
.lede { max-width: 70rem; color: var(--muted); margin: 0 0 .8rem; }
.top { display: flex; flex-wrap: wrap; gap: 0 3rem; align-items: flex-start; }
.top > div { flex: 0 1 auto; }
.top > .summary { max-width: 34rem; }
dl.assumptions { display: grid; grid-template-columns: max-content auto; gap: .15rem 1rem;
  margin: 0; }
dl.assumptions dt { font-weight: 600; }
dl.assumptions dd { margin: 0; }
.summary svg { display: block; }
.quick { display: flex; flex-wrap: wrap; gap: .4rem; margin: .5rem 0 0; padding: 0;
  list-style: none; }
button, select, input { font: inherit; color: var(--fg); }
button.chip { border: 1px solid #6b6b6b; background: #f4f4f4; border-radius: 1rem;
  padding: .15rem .7rem; cursor: pointer; }
button.chip:hover { background: #e6e6e6; }
:focus-visible { outline: 3px solid #1f6fd1; outline-offset: 2px; }
form.controls { display: flex; flex-wrap: wrap; gap: .6rem 1.2rem; align-items: end;
  margin: .8rem 0; padding: .6rem .8rem; background: #f6f6f6; border: 1px solid var(--line);
  border-radius: 4px; }
form.controls label { display: flex; flex-direction: column; font-size: .85rem;
  font-weight: 600; gap: .15rem; }
form.controls select, form.controls input { font-weight: 400; padding: .2rem .3rem;
  border: 1px solid #6b6b6b; border-radius: 3px; background: #fff; min-width: 10rem; }
form.controls button { padding: .25rem .8rem; border: 1px solid #6b6b6b; border-radius: 3px;
  background: #fff; cursor: pointer; }
#status { font-weight: 600; margin: .3rem 0; }
table.claims { border-collapse: collapse; width: 100%; font-size: .9rem; }
table.claims caption { text-align: left; font-weight: 600; padding: .3rem 0; }
table.claims th, table.claims td { border-bottom: 1px solid var(--line); padding: .35rem .3rem;
  vertical-align: top; text-align: left; }
table.claims thead th { position: sticky; top: 0; background: #eef2f6; z-index: 1;
  border-bottom: 2px solid #8a8a8a; white-space: nowrap; }
table.claims thead th button { all: unset; cursor: pointer; font-weight: 700; }
table.claims thead th button:focus-visible { outline: 3px solid #1f6fd1; }
table.claims thead th button::after { content: " \\2195"; color: #6b6b6b; }
table.claims thead th[aria-sort=ascending] button::after { content: " \\2191"; color: var(--fg); }
table.claims thead th[aria-sort=descending] button::after { content: " \\2193"; color: var(--fg); }
table.claims tbody th { font-weight: 700; white-space: nowrap; }
td.claim { min-width: 12rem; max-width: 28rem; }
td.num { font-variant-numeric: tabular-nums; }
td.num .meta { display: block; }
td.reason { min-width: 11rem; max-width: 24rem; font-size: .85rem; }
td.robust { min-width: 9rem; max-width: 18rem; font-size: .8rem; }
.meta { color: var(--muted); font-size: .8rem; }
.badge { display: inline-block; border: 1.5px solid; border-radius: .3rem; padding: .05rem .4rem;
  font-weight: 700; white-space: nowrap; font-size: .85rem; }
.v-supported { background: #d9f2e8; color: #00422e; border-color: #007a5a; }
.v-depends-on-n { background: #dcebf7; color: #003a5c; border-color: #0072b2; }
.v-not-supported { background: #fdf0d2; color: #4d3300; border-color: #8f6400; }
.v-contradicted { background: #fbe0d3; color: #6b2200; border-color: #b34700; }
.v-inconsistent { background: #f7e1ee; color: #5c1f45; border-color: #a8437f; }
.v-untestable { background: #ececec; color: #2b2b2b; border-color: #666666; }
.v-other { background: #ffffff; color: #1a1a1a; border-color: #1a1a1a; }
.flag { display: inline-block; margin-top: .2rem; font-size: .8rem; font-weight: 600;
  color: #6b2200; }
details summary { cursor: pointer; color: var(--accent); font-size: .85rem; margin-top: .25rem; }
details .numbers { margin: .3rem 0; border-collapse: collapse; font-size: .82rem; }
details .numbers caption { font-weight: 400; color: var(--muted); text-align: left; }
details .numbers th, details .numbers td { border: 1px solid var(--line); padding: .1rem .4rem;
  text-align: left; }
details p { margin: .3rem 0; font-size: .85rem; }
svg.mark { display: block; margin-top: .15rem; overflow: visible; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .9rem; max-width: 60rem; }
.note { color: var(--muted); font-style: italic; }
.legend { font-size: .85rem; color: var(--muted); max-width: 70rem; }
@page { size: A4 landscape; margin: 1cm; }
@media print {
  :root { font-size: 9pt; }
  td.claim, td.reason, td.robust { min-width: 0; }
  body { max-width: none; padding: 0; }
  form.controls, .quick, .noprint { display: none !important; }
  table.claims tbody tr[hidden] { display: table-row !important; }
  table.claims thead th { position: static; }
  table.claims thead th button::after { content: ""; }
  details > summary { display: none; }
  details::details-content { display: contents; content-visibility: visible; }
  tr, figure { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""

SCRIPT = r"""
(function () {
  "use strict";
  var root = document.documentElement;
  window.addEventListener("error", function (e) {
    root.setAttribute("data-script-errors", (root.getAttribute("data-script-errors") || "") +
      (e.message || "error") + ";");
  });
  var table = document.getElementById("claims");
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var form = document.getElementById("controls");
  var fields = { verdict: form.elements.verdict, section: form.elements.section,
    dimension: form.elements.dimension, q: form.elements.q };
  var status = document.getElementById("status");
  var state = { sort: "", dir: "ascending" };
  var NOT_SUPPORTED = "all-but-supported";

  function readAddress() {
    var text = (location.hash || "").replace(/^#/, "");
    if (!text && location.search) { text = location.search.replace(/^\?/, ""); }
    var params = new URLSearchParams(text);
    Object.keys(fields).forEach(function (key) {
      if (!params.has(key)) { return; }
      var value = params.get(key), field = fields[key];
      if (field.tagName === "SELECT") {
        var ok = Array.prototype.some.call(field.options, function (o) {
          return o.value === value;
        });
        if (!ok) { return; }
      }
      field.value = value;
    });
    if (params.has("sort")) { state.sort = params.get("sort"); }
    if (params.get("dir") === "descending") { state.dir = "descending"; }
  }

  function writeAddress() {
    var params = new URLSearchParams();
    Object.keys(fields).forEach(function (key) {
      if (fields[key].value) { params.set(key, fields[key].value); }
    });
    if (state.sort) { params.set("sort", state.sort); params.set("dir", state.dir); }
    var text = params.toString();
    try {
      history.replaceState(null, "", text ? "#" + text : location.pathname + location.search);
    } catch (err) { /* some file: addresses refuse; the view still works */ }
  }

  function matches(row) {
    var verdict = fields.verdict.value, section = fields.section.value;
    var dimension = fields.dimension.value, query = fields.q.value.trim().toLowerCase();
    var rowVerdict = row.getAttribute("data-verdict");
    if (verdict === NOT_SUPPORTED) {
      if (rowVerdict === "supported") { return false; }
    } else if (verdict && rowVerdict !== verdict) { return false; }
    var sections = " " + row.getAttribute("data-sections") + " ";
    if (section && sections.indexOf(" " + section + " ") < 0) { return false; }
    if (dimension && row.getAttribute("data-dimension") !== dimension) { return false; }
    if (query && row.textContent.toLowerCase().indexOf(query) < 0) { return false; }
    return true;
  }

  function applyFilters() {
    var shown = 0;
    rows.forEach(function (row) {
      var ok = matches(row);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    status.textContent = "Showing " + shown + " of " + rows.length + " claims.";
    root.setAttribute("data-shown", String(shown));
  }

  function sortValue(row, key) {
    var raw = row.getAttribute("data-sort-" + key);
    if (raw === null) { return ""; }
    var kind = table.querySelector("th[data-key='" + key + "']").getAttribute("data-type");
    if (kind === "number") {
      var x = raw === "" ? NaN : parseFloat(raw);
      return isNaN(x) ? null : x;
    }
    return raw;
  }

  function applySort() {
    var heads = table.tHead.querySelectorAll("th[data-key]");
    Array.prototype.forEach.call(heads, function (th) {
      if (th.getAttribute("data-key") === state.sort) { th.setAttribute("aria-sort", state.dir); }
      else { th.removeAttribute("aria-sort"); }
    });
    if (!state.sort) { return; }
    var sign = state.dir === "descending" ? -1 : 1, key = state.sort;
    var keyed = rows.map(function (row, i) { return [sortValue(row, key), i, row]; });
    keyed.sort(function (a, b) {
      if (a[0] === null && b[0] !== null) { return 1; }   /* missing values last */
      if (b[0] === null && a[0] !== null) { return -1; }
      if (a[0] < b[0]) { return -sign; }
      if (a[0] > b[0]) { return sign; }
      return a[1] - b[1];
    });
    keyed.forEach(function (k) { tbody.appendChild(k[2]); });
  }

  function update() { applyFilters(); writeAddress(); }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
  form.addEventListener("reset", function () { setTimeout(update, 0); });
  Array.prototype.forEach.call(table.tHead.querySelectorAll("th[data-key] button"), function (b) {
    b.addEventListener("click", function () {
      var key = b.parentNode.getAttribute("data-key");
      state.dir = state.sort === key && state.dir === "ascending" ? "descending" : "ascending";
      state.sort = key;
      applySort();
      writeAddress();
    });
  });
  var chips = document.querySelectorAll("button[data-show-verdict]");
  Array.prototype.forEach.call(chips, function (b) {
    b.addEventListener("click", function () {
      fields.verdict.value = b.getAttribute("data-show-verdict");
      update();
      table.scrollIntoView();
      fields.verdict.focus();
    });
  });

  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) {
      return !d.open;
    });
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  form.hidden = false;
  Array.prototype.forEach.call(document.querySelectorAll(".needs-script"), function (el) {
    el.hidden = false;
  });
  readAddress();
  applySort();
  applyFilters();
  root.setAttribute("data-ready", "1");
})();
"""
