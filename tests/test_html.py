"""The HTML audit page (migstats._audit.audit_html): structure and content.

The page is parsed with the standard library's html.parser and compared with
the audit DataFrame it renders: every claim present once, verdicts and
numbers equal (the rows carry them as exact attributes), the published
numbers and thresholds read independently from the package's tables, and no
network reference anywhere (one self-contained file).
"""

from __future__ import annotations

import dataclasses
import math
import re
import sys
from html.parser import HTMLParser

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import migstats
from migstats import audit_html


class Page(HTMLParser):
    """Collects the elements, attributes and text of an HTML page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.rows: list[dict] = []  # claim rows: attributes plus cell texts
        self.stack: list[str] = []
        self._row: dict | None = None
        self._cell: list[str] | None = None
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if tag not in ("br", "meta", "input", "line", "rect", "circle", "path", "img"):
            self.stack.append(tag)
        if tag == "tr" and "data-claim-id" in a:
            self._row = {"attrs": a, "cells": []}
        elif self._row is not None and tag in ("td", "th") and self._cell is None:
            self._cell = []
            self._depth = len(self.stack)

    def handle_endtag(self, tag):
        if self._cell is not None and tag in ("td", "th") and len(self.stack) == self._depth:
            self._row["cells"].append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "tr" and self._row is not None and self._cell is None:
            self.rows.append(self._row)
            self._row = None
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def all(self, tag: str) -> list[dict]:
        return [a for t, a in self.elements if t == tag]


@pytest.fixture(scope="module")
def frame(chapter_result) -> pd.DataFrame:
    return chapter_result


@pytest.fixture(scope="module")
def page(frame) -> Page:
    return Page(audit_html(frame, figures=None))


def _number(text: str) -> float:
    return math.nan if text == "" else float(text)


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


class TestContent:
    def test_every_claim_once_in_order(self, page, frame):
        ids = [r["attrs"]["data-claim-id"] for r in page.rows]
        assert ids == frame["claim_id"].tolist()

    def test_verdicts_equal_and_in_words(self, page, frame):
        for r, verdict in zip(page.rows, frame["verdict"], strict=True):
            assert r["attrs"]["data-verdict"] == verdict
            assert r["cells"][3].endswith(verdict)  # the badge: symbol + word

    @pytest.mark.parametrize(
        ("attr", "column"),
        [
            ("data-estimate", "estimate"),
            ("data-ci-low", "ci_low"),
            ("data-ci-high", "ci_high"),
            ("data-pvalue-adjusted", "pvalue_adjusted"),
            ("data-breakeven-n", "breakeven_n"),
        ],
    )
    def test_numbers_equal(self, page, frame, attr, column):
        for r, value in zip(page.rows, frame[column], strict=True):
            assert _same(_number(r["attrs"][attr]), float(value)), (
                r["attrs"]["data-claim-id"],
                attr,
            )

    def test_reason_and_robustness_shown(self, page, frame):
        for r, (_, f) in zip(page.rows, frame.iterrows(), strict=True):
            assert r["cells"][4] == " ".join(f["reason"].split())
            assert " ".join(f["verdict_range"].split()) in r["cells"][-1]

    def test_summary_counts(self, page, frame):
        text = " ".join(page.text)
        for verdict, k in frame["verdict"].value_counts().items():
            assert f"{verdict} ({k})" in text
        assert f"every claim but the supported ({(frame['verdict'] != 'supported').sum()})" in text

    def test_assumptions_up_front(self, page):
        text = " ".join(page.text)
        d = migstats.LISS_2023
        assert f"{d.n:,} (assumed" in text
        assert f"{d.n_range[0]:,} to {d.n_range[1]:,}" in text
        assert "fdr_bh" in text and "alpha = 0.05" in text  # the default correction: BH

    def test_published_numbers_behind_the_row(self, page):
        # C01 rests on the table 7.1 shares of scores 6-10 (total), read here directly.
        t = migstats.load_table("7.1")
        sel = t[(t["dimension"] == "total") & t["response"].isin([str(s) for s in range(6, 11)])]
        row = next(r for r in page.rows if r["attrs"]["data-claim-id"] == "C01")
        assert f"{sel['percent'].sum():g}%" in row["cells"][2]
        assert " + ".join(f"{x:g}" for x in sel["percent"]) in row["cells"][2]

    def test_quantifier_threshold_shown(self, page, frame):
        q = migstats.load_quantifiers().set_index("quantifier")
        levels = frame[(frame["kind"] == "level") & (frame["verdict"] != "untestable")]
        for _, f in levels.iterrows():
            lo, hi = q.loc[f["quantifier"], ["min_percent", "max_percent"]]
            row = next(r for r in page.rows if r["attrs"]["data-claim-id"] == f["claim_id"])
            assert f"vs {lo:g}\u2013{hi:g}%" in row["cells"][5]


_FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, width=64), st.sampled_from([0.0, -0.0])
)


class TestNumbersRoundTrip:
    @given(values=st.lists(_FLOATS, min_size=5, max_size=5))
    def test_any_float_survives_exactly(self, frame, values):
        # property: whatever the audit's numbers, the page carries them exactly
        # (NaN as empty, infinities as JavaScript's Infinity) and renders without error.
        columns = ["estimate", "ci_low", "ci_high", "pvalue_adjusted", "breakeven_n"]
        one = frame.to_frame().iloc[[0]].copy()
        one.loc[:, columns] = values
        p = Page(audit_html(dataclasses.replace(frame, frame=one), figures=None))
        (row,) = p.rows
        for attr, value in zip(
            [
                "data-estimate",
                "data-ci-low",
                "data-ci-high",
                "data-pvalue-adjusted",
                "data-breakeven-n",
            ],
            values,
            strict=True,
        ):
            assert _same(_number(row["attrs"][attr]), value)


class TestArguments:
    def test_assumptions_of_the_result_are_stated(self):
        claims = migstats.load_claims().head(12)
        res = migstats.audit(claims=claims, n=3100, deff=1.5, alpha=0.1, correction="BH")
        text = " ".join(Page(audit_html(res, figures=None)).text)
        assert "3,100 (assumed" in text and "1.5; robustness" in text
        assert "significance level 0.1" in text and "family-wise" not in text
        assert f"BH: {res.error_rate}" in text and "FDR 10%" in res.error_rate

    def test_another_report_states_its_own_title_and_design(self):
        rep = migstats.load_report("pew-inequality-2020")
        page = audit_html(migstats.audit(report=rep), figures=None)
        text = " ".join(Page(page).text)
        assert rep.title in text and rep.design.name in text
        assert "chapter 7" not in page and "LISS" not in page

    def test_reference_numbers_shown(self, page):
        # C15 compares always_shelter_war_refugees with family_reunification (the
        # registry's reference): both published profiles are behind the row.
        t = migstats.load_table("7.2")
        row = next(r for r in page.rows if r["attrs"]["data-claim-id"] == "C15")
        for item in ("always_shelter_war_refugees", "family_reunification"):
            share = t[
                (t["item"] == item) & (t["response"] == "agree") & (t["dimension"] == "total")
            ]
            assert f"{item} (agree), total" in row["cells"][2]
            assert f"{share['percent'].iloc[0]:g}%" in row["cells"][2]


class TestStructure:
    def test_one_self_contained_file(self, page):
        for tag, attrs in page.elements:
            for key in ("src", "href", "xlink:href", "action"):
                value = attrs.get(key) or ""
                assert not value.startswith(("http:", "https:", "//")), (tag, key, value)
        assert not page.all("link") and not page.all("img") and not page.all("iframe")
        assert all("src" not in a for a in page.all("script"))
        assert len(page.all("style")) >= 1 and len(page.all("script")) == 1

    def test_semantic_table(self, page):
        tables = [a for a in page.all("table") if a.get("id") == "claims"]
        assert len(tables) == 1
        assert page.all("caption")
        scopes = [a.get("scope") for a in page.all("th")]
        assert all(s in ("col", "row") for s in scopes)
        assert scopes.count("row") >= len(page.rows)

    def test_native_labelled_controls(self, page):
        names = {a.get("name") for a in page.all("select")}
        assert names == {"verdict", "section", "dimension"}
        assert [a.get("name") for a in page.all("input")] == ["q"]
        assert page.all("details") and len(page.all("details")) == len(page.rows)

    def test_badge_contrast_wcag_aa(self):
        # WCAG 2.1 relative luminance and contrast ratio (success criterion 1.4.3):
        # every verdict badge's text against its background is at least 4.5 : 1.
        from migstats.audit_page.assets import CSS

        def luminance(hex_colour: str) -> float:
            c = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
            c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
            return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

        rules = re.findall(
            r"\.v-[a-z-]+ \{ background: (#[0-9a-f]{6}); color: (#[0-9a-f]{6});", CSS
        )
        assert len(rules) == 7
        for bg, fg in rules:
            hi, lo = sorted((luminance(bg), luminance(fg)), reverse=True)
            assert (hi + 0.05) / (lo + 0.05) >= 4.5, (bg, fg)

    def test_print_stylesheet(self):
        from migstats.audit_page.assets import CSS

        assert "@media print" in CSS and "display: table-row !important" in CSS


class TestFigures:
    def test_figures_inline(self, frame):
        pytest.importorskip("matplotlib")
        p = Page(audit_html(frame, figures=("breakeven",)))
        assert len(p.all("figure")) == 1
        assert sum(a.get("aria-label", "").startswith("Break-even") for a in p.all("svg")) == 1
        ids = [a["id"] for _, a in p.elements if "id" in a]
        assert len(ids) == len(set(ids))  # figure ids prefixed: unique in the page

    def test_without_matplotlib_a_note(self, frame, monkeypatch):
        monkeypatch.setitem(sys.modules, "matplotlib", None)
        text = audit_html(frame)
        assert "need matplotlib" in text and "<figure>" not in text


class TestBadInput:
    def test_result(self):
        with pytest.raises(ValueError, match="result"):
            audit_html(pd.DataFrame({"claim_id": ["C01"]}))

    def test_figures(self, frame):
        with pytest.raises(ValueError, match="figures"):
            audit_html(frame, figures=("pie",))

    def test_report_with_result(self, frame):
        with pytest.raises(ValueError, match="report"):
            audit_html(frame, report="scp2024-ch7")
