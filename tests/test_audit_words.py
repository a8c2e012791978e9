"""Tests for the audit's verdict words, quantifier readings, general statements and hedges.

Expected values come from computations written out here (the pooled score
z by hand at the ends of the plausible range, the quantifier table's own
ranges), from brute force (every single-item audit of a general statement)
or from identities (an intersection-union p-value is the largest of its
components'), never from the function under test.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

import migstats
from migstats._audit import render_audit
from migstats._audit.decide import (
    ROBUSTNESS,
    breakeven_clause,
    headline_word,
)
from migstats._audit.readings import reading_table
from migstats._base import CLAIM_COLUMNS

EDU = ["bo/vmbo", "havo/vwo/mbo", "hbo/wo"]
Z975 = stats.norm.ppf(0.975)


def table(item: str, *, total=None, education=None, table_id="7.5") -> pd.DataFrame:
    rows = []
    if total is not None:
        rows.append((table_id, item, "agree", "total", "total", float(total)))
    if education is not None:
        rows += [
            (table_id, item, "agree", "education", g, float(v))
            for g, v in zip(EDU, education, strict=True)
        ]
    return pd.DataFrame(
        rows, columns=["table", "item", "response", "dimension", "group", "percent"]
    )


def claim(cid="C01", **kw) -> dict:
    row = dict.fromkeys(CLAIM_COLUMNS, "")
    row.update(
        claim_id=cid,
        section="7.1.1",
        table="7.5",
        item="item_a",
        response="agree",
        kind="difference",
        dimension="education",
        groups="hbo/wo>bo/vmbo",
        claim="synthetic claim",
    )
    row.update(kw)
    return row


def run(claims, t, **kw):
    kw.setdefault("rounding_aware", False)
    return migstats.audit(claims=pd.DataFrame(claims), tables=t, **kw)


def level_z(p: float, n: float, p0: float) -> float:
    """One-sample score z against p0, by hand."""
    return (p - p0) / math.sqrt(p0 * (1 - p0) / n)


class TestHeadlineWords:
    def test_words_are_the_registry(self):
        assert migstats.CLAIM_VERDICTS == (
            "supported",
            "depends on n",
            "not supported",
            "contradicted",
            "inconsistent",
            "untestable",
        )

    def test_depends_on_n_when_the_largest_plausible_n_suffices(self):
        # total 53% against 'majority' (> 50): z by hand at the headline (n 1,500,
        # deff 2) and at the largest plausible n with deff 1 (5,480)
        n_lo, n_hi = migstats.LISS_2023.n_range
        assert level_z(0.53, n_lo / 2, 0.5) < Z975 < level_z(0.53, n_hi, 0.5)
        c = claim(kind="level", dimension="total", groups="total", quantifier="majority")
        r = run([c], table("item_a", total=53)).frame.iloc[0]
        assert r["verdict"] == "depends on n"
        assert "alone it would be supported from n = " in r["reason"]
        assert r["reason"].startswith("depends on n: ")

    def test_not_supported_when_no_plausible_n_suffices(self):
        n_hi = migstats.LISS_2023.n_range[1]
        assert level_z(0.51, n_hi, 0.5) < Z975  # not even at the largest n, deff 1
        c = claim(kind="level", dimension="total", groups="total", quantifier="majority")
        r = run([c], table("item_a", total=51)).frame.iloc[0]
        assert r["verdict"] == "not supported"
        assert r["robustness"] == ROBUSTNESS[2]
        be = r["breakeven_n"]
        assert math.isfinite(be) and be > n_hi
        assert f"from n = {int(be):,}" in r["reason"] and "above" in r["reason"]

    def test_published_n_depends_only_on_deff(self):
        # n published (range = n): the grid holds that n, so 'depends on n' needs a deff
        # of the grid that supports: at n 1,000, deff 2 z < 1.96 < z at deff 1
        d = migstats.LISS_2023.replace(n=1000, n_range=(1000, 1000), deff=2.0)
        assert level_z(0.54, 500, 0.5) < Z975 < level_z(0.54, 1000, 0.5)
        c = claim(kind="level", dimension="total", groups="total", quantifier="majority")
        r = run([c], table("item_a", total=54), design=d).frame.iloc[0]
        assert r["verdict"] == "depends on n"
        assert "published n 1,000" in r["reason"]
        assert level_z(0.52, 1000, 0.5) < Z975  # at no deff of the grid
        r = run([c], table("item_a", total=52), design=d).frame.iloc[0]
        assert r["verdict"] == "not supported"

    @given(
        word=st.sampled_from(migstats.CLAIM_VERDICTS),
        robust=st.sampled_from(ROBUSTNESS),
    )
    def test_headline_word_only_splits_not_supported(self, word, robust):
        out = headline_word(word, robust)
        if word != "not supported":
            assert out == word
        else:
            assert out == ("not supported" if robust == ROBUSTNESS[2] else "depends on n")

    @given(
        be=st.one_of(st.floats(2, 1e7), st.just(math.inf)),
        lo=st.integers(100, 5000),
        width=st.integers(0, 5000),
    )
    def test_breakeven_clause_places_n(self, be, lo, width):
        hi = lo + width
        text = breakeven_clause("not supported", be, (lo, hi), 2.0)
        if not math.isfinite(be):
            assert text == "alone it would be supported at no n at deff 2"
        elif lo == hi:
            assert text.endswith(f"(published n {lo:,})")
        else:
            side = "below" if be < lo else "within" if be <= hi else "above"
            assert text.endswith(f"({side} {lo:,}-{hi:,})")
        assert breakeven_clause("supported", be, (lo, hi), 2.0) == ""

    def test_summary_counts_each_word(self):
        cs = [
            claim("C01", kind="level", dimension="total", groups="total", quantifier="majority"),
            claim(
                "C02",
                item="item_b",
                kind="level",
                dimension="total",
                groups="total",
                quantifier="majority",
            ),
        ]
        t = pd.concat([table("item_a", total=53), table("item_b", total=51)])
        res = run(cs, t)
        assert "0 supported, 1 depends on n, 1 not supported, 0 contradicted" in (
            migstats.audit_summary(res)
        )


class TestReadings:
    def test_reading_table_holds_each_reading(self):
        q = migstats.load_quantifiers()
        for reading in ("strict", "usage", "plain"):
            t = reading_table(q, reading).set_index("quantifier")
            for name in ("comfortable_majority", "slightly_less_than_half", "majority"):
                r = migstats.quantifier_readings(name, quantifiers=q)[reading].range
                assert t.loc[name, "min_percent"] == r.low
                assert t.loc[name, "max_percent"] == r.high
                assert t.loc[name, "test"] == r.test

    def test_verdict_depends_on_reading(self):
        # 58% 'comfortable majority': strict > 60 (contradicted side), usage >= 57.5,
        # plain > 50; at n = 20,000 (deff 1) the plain reading is supported by hand
        q = migstats.quantifier_readings("comfortable_majority")
        assert q["strict"].range.low == 60 and q["plain"].range.low == 50
        assert level_z(0.58, 20000, 0.5) > Z975
        d = migstats.LISS_2023.replace(n=20000, n_range=(20000, 20000), deff=1.0)
        c = claim(
            kind="level", dimension="total", groups="total", quantifier="comfortable_majority"
        )
        t = table("item_a", total=58)
        res = run([c], t, design=d, deffs=(1.0,))
        r = res.frame.iloc[0]
        assert level_z(0.58, 20000, 0.6) < -Z975  # strict: contradicted, by hand
        words = dict(p.split(": ") for p in r["verdict_by_reading"].split("; "))
        assert words["strict"] == "contradicted" and words["plain"] == "supported"
        assert bool(r["reading_sensitive"]) is True
        assert r["reading"] == "usage" and r["verdict"] == words["usage"]
        for reading in ("strict", "plain"):
            other = run([c], t, design=d, deffs=(1.0,), reading=reading).frame.iloc[0]
            assert other["verdict"] == words[reading]
        summary = migstats.audit_summary(res)
        assert "1 depends on its reading" in summary and summary.startswith("1 claim: ")
        assert "reading" in render_audit(res).split("changes with")[1]

    def test_no_quantifier_no_reading(self):
        r = run([claim()], table("item_a", education=[50, 55, 60])).frame.iloc[0]
        assert r["reading"] == "" and r["verdict_by_reading"] == ""
        assert pd.isna(r["reading_sensitive"])

    def test_unknown_reading_refused(self):
        with pytest.raises(migstats.MigstatsValueError, match="reading"):
            run([claim()], table("item_a", education=[50, 55, 60]), reading="loose")


class TestGeneralStatements:
    def test_intersection_union_over_items(self):
        # each item alone, then the statement over both: support p is the larger one
        t = pd.concat(
            [table("item_a", education=[50, 56, 62]), table("item_b", education=[50, 52, 57])]
        )
        alone = [
            run([claim(item=i)], t).frame.iloc[0]["pvalue_support"] for i in ("item_a", "item_b")
        ]
        both = run([claim(item="item_a;item_b")], t).frame.iloc[0]
        assert both["pvalue_support"] == pytest.approx(max(alone), rel=1e-9)
        assert "over the 2 items item_a, item_b" in both["reason"]
        assert "on item_b" in both["reason"]  # the binding (least supported) item
        assert "every item must qualify" in both["method"]

    def test_chapter_general_statements_run(self):
        res = migstats.audit(claims=migstats.load_claims().query("claim_id in ['C94', 'C113']"))
        f = res.frame.set_index("claim_id")
        assert "over the 2 items" in f.loc["C94", "reason"]
        assert f.loc["C113", "verdict"] in migstats.CLAIM_VERDICTS


class TestAssumptionsShown:
    def test_hedge_in_reason(self):
        res = run([claim(hedge="lijkt")], table("item_a", education=[50, 55, 60]))
        assert res.frame.iloc[0]["hedge"] == "lijkt"
        assert "(the text hedges the claim: 'lijkt')" in res.frame.iloc[0]["reason"]

    def test_text_and_markdown_state_error_rate_and_reading(self):
        res = run([claim()], table("item_a", education=[50, 55, 60]))
        for fmt in ("text", "markdown"):
            out = " ".join(render_audit(res, fmt).split())
            assert res.error_rate in out
            assert "usage" in out
        assert '"error_rate"' in render_audit(res, "json")

    def test_equal_shares_in_reason_and_text(self):
        d = migstats.LISS_2023
        t = pd.DataFrame(
            [("7.5", "item_a", "agree", "age", g, v) for g, v in (("young", 40), ("old", 60))],
            columns=["table", "item", "response", "dimension", "group", "percent"],
        )
        c = claim(dimension="age", groups="old>young")
        res = migstats.audit(claims=pd.DataFrame([c]), tables=t, design=d)
        reason = res.frame.iloc[0]["reason"]
        assert "assumed: age class sizes unknown: equal shares assumed" in reason
        for fmt in ("text", "markdown"):
            out = " ".join(render_audit(res, fmt).split())
            assert "age class sizes unknown: equal shares assumed (C01)" in out

    def test_rounding_clause_never_repeats_the_verdict(self):
        res = migstats.audit()
        for verdict, reason in zip(res.frame["verdict"], res.frame["reason"], strict=True):
            assert f"could also be {verdict}" not in reason
            assert not np.any([w in reason for w in ("not significant",)])


def test_missing_table_message_reads_as_a_sentence():
    c = migstats.load_claims().head(3).copy()
    c.loc[0, "table"] = "T9"
    with pytest.raises(migstats.DataValidationError) as err:
        migstats.audit(claims=c)
    text = str(err.value)
    assert "must name published tables (7.1," in text
    assert "but got 'T9' (not a published table)" in text
    assert "tables of the published tables" not in text


def test_given_tables_with_a_repeated_or_incomplete_key_are_refused_at_once():
    """A repeated row would be read as a second part of its number; a missing key column
    or value has no group to be read for: every problem refused, with its row and column."""
    c = claim(kind="level", dimension="total", groups="total", quantifier="comfortable_majority")
    t = table("item_a", total=58)
    with pytest.raises(migstats.DataValidationError) as err:
        run([c], pd.concat([t, t.assign(percent=150.0)], ignore_index=True))
    assert [(p.row, p.column) for p in err.value.problems] == [(1, "group"), (1, "percent")]
    assert "duplicate row for (table, item, response, dimension, group)" in str(err.value)
    with pytest.raises(migstats.DataValidationError, match="column 'group': required column"):
        run([c], t.drop(columns=["group"]))
    with pytest.raises(migstats.DataValidationError, match="row 0, column 'item': a value is"):
        run([c], t.assign(item=None))
    # found valid once, the same content is remembered (not checked again); changed, it is not
    from migstats._corpus.tables import CHECKED_TABLES
    from migstats._corpus.validated import is_validated_frame

    run([c], t)
    assert is_validated_frame(CHECKED_TABLES, t.copy())
    assert not is_validated_frame(CHECKED_TABLES, t.assign(percent=59.0))


def test_every_reading_false_runs_the_headline_reading_only():
    c = claim(kind="level", dimension="total", groups="total", quantifier="comfortable_majority")
    t = table("item_a", total=58)
    full = run([c], t).frame.iloc[0]
    only = run([c], t, every_reading=False).frame.iloc[0]
    assert only["verdict"] == full["verdict"] and only["reading"] == full["reading"]
    assert only["verdict_by_reading"] == "" and pd.isna(only["reading_sensitive"])
    with pytest.raises(migstats.MigstatsValueError, match="every_reading"):
        run([c], t, every_reading="yes")


def test_cli_reading_option(tmp_path, capsys):
    from migstats.cli.app import main

    target = tmp_path / "a.csv"
    args = ["audit", "--report", "pew-inequality-2020", "--format", "csv"]
    assert main([*args, "--reading", "strict", "--output", str(target)]) == 0
    frame = pd.read_csv(target, keep_default_na=False)
    assert set(frame["reading"]) <= {"", "strict"}
    assert {"verdict_by_reading", "reading_sensitive", "hedge"} <= set(frame.columns)
    assert main([*args, "--reading", "loose"]) == 2
    assert "--reading" in capsys.readouterr().err


def test_evaluate_claim_takes_the_reading():
    # 58% 'ruime meerderheid' at n = 20,000, deff 1: strict > 60 is contradicted and
    # plain > 50 supported, by the score z by hand
    assert level_z(0.585, 20000, 0.6) < -Z975 and level_z(0.575, 20000, 0.5) > Z975
    c = claim(kind="level", dimension="total", groups="total", quantifier="comfortable_majority")
    t = table("item_a", total=58)
    words = {
        r: migstats.evaluate_claim(c, tables=t, n=20000, deff=1.0, reading=r).verdict
        for r in ("strict", "plain")
    }
    assert words == {"strict": "contradicted", "plain": "supported"}


class TestSharedEvidence:
    """The readings share the evidence of their unchanged claims: same audit, less work."""

    CLAIMS = ("C01", "C13", "C18", "C19", "C20", "C75", "C90")

    def _audit(self):
        claims = migstats.load_claims()
        return migstats.audit(claims=claims[claims["claim_id"].isin(self.CLAIMS)])

    def test_same_frame_with_and_without_sharing(self, monkeypatch):
        import contextlib

        from migstats._audit import readings

        shared = self._audit().to_frame()
        monkeypatch.setattr(readings, "shared_evidence", contextlib.nullcontext)
        alone = self._audit().to_frame()
        pd.testing.assert_frame_equal(shared, alone)
        assert shared["verdict_by_reading"].str.len().gt(0).any()  # the readings did run

    def test_each_claim_evaluated_once_per_point(self, monkeypatch):
        from migstats._audit import outcome

        calls = []
        real = outcome._aware

        def counted(prep, corners, n, deff, with_ci=False, worst=None):
            key = (np.asarray(n, float).tobytes(), np.asarray(deff, float).tobytes())
            calls.append((id(prep), *key, bool(with_ci)))
            return real(prep, corners, n, deff, with_ci, worst)

        monkeypatch.setattr(outcome, "_aware", counted)
        self._audit()
        assert len(calls) == len(set(calls))


@pytest.mark.parametrize(("correction", "rate"), [("fdr_bh", "FDR"), ("holm", "FWER")])
def test_markdown_names_the_error_rate_the_correction_controls(correction, rate):
    claims = migstats.load_claims().head(8)
    res = migstats.audit(claims=claims, correction=correction, every_reading=False)
    text = render_audit(res, "markdown")
    assert res.error_rate in text and res.error_rate.startswith(rate)
    assert rate == "FWER" or "family-wise" not in text
    assert "resolved: each design value as given" in text


@pytest.mark.parametrize("report", ["scp2024-ch7", "pew-inequality-2020"])
def test_the_quantifiers_a_reading_changes_are_the_rows_its_table_changes(report):
    """A reading re-audits the claims of the quantifiers whose range differs: those
    whose rows of the two reading tables differ."""
    from migstats._audit.readings import READINGS, _changed, reading_table, readings_by_quantifier

    q = migstats.load_report(report).quantifiers
    readings = readings_by_quantifier(q)
    tables = {r: reading_table(q, r, readings) for r in READINGS}
    cols = ["min_percent", "max_percent", "low_inclusive", "high_inclusive", "test"]
    for a in READINGS:
        for b in READINGS:
            rows = (tables[a][cols] != tables[b][cols]).any(axis=1)
            assert _changed(readings, a, b) == set(tables[a]["quantifier"][rows])
