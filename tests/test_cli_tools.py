"""Tests of the analysis subcommands of the command line (migstats.cli).

The command line is a face over the library, so the right check is agreement
with the Python API: every number printed (text) or written (csv, json) must
equal what the library function returns for the same arguments.  A few
values are also checked against independent sources (scipy's Pearson
chi-square, the published tables, a brute-force union of intervals).

``migstats audit`` runs the whole audit (about two seconds), so the audit is
computed once per module; the handlers' calls go through a spy that records
the arguments and answers default calls from that result.
"""

from __future__ import annotations

import io
import json
import math
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import migstats
import migstats._audit as _audit
from migstats._audit import AUDIT_COLUMNS
from migstats.cli import main

# --------------------------------------------------------------------------
# helpers and fixtures
# --------------------------------------------------------------------------


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv):
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def ws(text: str) -> str:
    return " ".join(text.split())


#: Claims audited for the rendering tests: the first 36 cover every kind of
#: claim and every verdict but "inconsistent" (the full audit takes seconds and
#: is checked end to end against docs/audit.md in test_audit_doc.py).
N_CLAIMS = 36


@pytest.fixture(scope="module")
def ref_audit() -> migstats.AuditResult:
    """An audit through the Python API, served to the CLI by the spy below."""
    return migstats.audit(claims=migstats.load_claims().head(N_CLAIMS))


@pytest.fixture
def audit_calls(monkeypatch, ref_audit):
    """Spy on migstats._audit.audit: record the keyword arguments of each call.

    Every call gets ``ref_audit``: the tests check that the command line
    passes its arguments on (recorded here) and renders what the library
    returns, not the audit itself (tests/test_audit.py does).
    """
    calls: list[dict] = []

    def spy(**kwargs):
        calls.append(kwargs)
        return ref_audit  # frozen: the renderers cannot change it

    monkeypatch.setattr(_audit, "audit", spy)
    return calls


# --------------------------------------------------------------------------
# audit
# --------------------------------------------------------------------------
class TestAudit:
    def test_text_is_compact_and_agrees_with_api(self, capsys, audit_calls, ref_audit):
        code, out, err = run(capsys, "audit")
        assert code == 0 and err == ""
        ((call),) = audit_calls
        assert call.pop("report").name == "scp2024-ch7"
        # alpha None: the report's published alpha, else 0.05; the headline resolved
        # from the report's facts; Benjamini-Hochberg over the tested claims
        assert call == {
            "n": None,
            "deff": None,
            "alpha": None,
            "correction": "fdr_bh",
            "deffs": None,  # the range the report publishes, else (1, 1.5, 2)
            "n_points": 9,
            "headline": "resolved",
            "group_inflation": "scenario",
            "reading": "usage",
        }
        lines = out.splitlines()
        # the header names what the result was computed from (its report, else its design)
        assert " ".join(lines[:2]).startswith(f"Audit of {ref_audit.title}"[:40])
        header = next(line for line in lines if line.startswith("id "))
        for col in ("verdict", "estimate [95% CI]", "p adj.", "break-even n", "changes with"):
            assert col in header
        rows = {line.split()[0]: line for line in lines if line[:1] == "C" and line[1:3].isdigit()}
        assert list(rows) == ref_audit["claim_id"].tolist()
        for r in ref_audit.itertuples():
            row = rows[r.claim_id]
            assert row.split()[1] == r.verdict.split()[0]
            if not math.isnan(r.estimate):
                assert f"{r.estimate:.1f} [{r.ci_low:.1f}, {r.ci_high:.1f}]" in row
            if math.isfinite(r.breakeven_n):
                assert f" {int(r.breakeven_n):,} " in row
            elif math.isinf(r.breakeven_n):
                assert " none " in row
        # every line fits a terminal, and the summary paragraph closes the output
        assert max(len(line) for line in lines) <= 100
        assert ws(out).endswith(ws(migstats.audit_summary(ref_audit)))

    def test_claim_text_is_wrapped_under_its_row(self, capsys, audit_calls, ref_audit):
        _, out, _ = run(capsys, "audit")
        claim = ref_audit.set_index("claim_id").loc["C19", "claim"]
        after = out.split("\nC19 ", 1)[1].split("\nC20 ", 1)[0]
        body = after.split("\n", 1)[1]
        assert all(line.startswith("     ") for line in body.splitlines())
        assert ws(body) == ws(claim)

    def test_changes_with_column(self, capsys, audit_calls, ref_audit):
        _, out, _ = run(capsys, "audit")
        rows = {line.split()[0]: line for line in out.splitlines() if line[:1] == "C"}
        for r in ref_audit.itertuples():
            if r.verdict == "untestable":
                continue
            depends = r.verdict_range.startswith("depends")
            rounding = r.rounding_sensitive is not pd.NA and bool(r.rounding_sensitive)
            reading = r.reading_sensitive is not pd.NA and bool(r.reading_sensitive)
            changes = rows[r.claim_id].rstrip()
            words = changes.replace(",", " ").split()[-3:]
            assert ("n/deff" in changes) == depends, r.claim_id
            assert ("rounding" in words) == rounding, r.claim_id
            assert changes.endswith("reading") == reading, r.claim_id

    def test_csv_is_the_full_frame(self, capsys, audit_calls, ref_audit):
        code, out, _ = run(capsys, "audit", "--format", "csv")
        df = pd.read_csv(io.StringIO(out), keep_default_na=False, na_values=[""])
        assert code == 0
        assert list(df.columns) == list(AUDIT_COLUMNS)
        assert df["claim_id"].tolist() == ref_audit["claim_id"].tolist()
        assert df["verdict"].tolist() == ref_audit["verdict"].tolist()
        for col in ("estimate", "ci_low", "ci_high", "pvalue_adjusted", "breakeven_n"):
            np.testing.assert_allclose(
                df[col].to_numpy(float), ref_audit[col].to_numpy(float), rtol=1e-12
            )

    def test_json_records_and_summary(self, capsys, audit_calls, ref_audit):
        doc = run_json(capsys, "audit")
        assert set(doc) == {"settings", "summary", "claims"}
        assert doc["summary"] == migstats.audit_summary(ref_audit)
        s = doc["settings"]
        assert (s["n"], s["n_range"], s["deff"], s["alpha"], s["correction"]) == (
            migstats.LISS_2023.n,
            list(migstats.LISS_2023.n_range),
            migstats.LISS_2023.deff,
            0.05,
            "fdr_bh",
        )
        assert len(doc["claims"]) == len(ref_audit)
        for rec, r in zip(doc["claims"], ref_audit.itertuples(), strict=True):
            assert set(rec) == set(AUDIT_COLUMNS)
            assert rec["claim_id"] == r.claim_id and rec["verdict"] == r.verdict
            for col in ("estimate", "pvalue_adjusted", "breakeven_n"):
                v = getattr(r, col)
                if math.isnan(v):
                    assert rec[col] is None
                elif math.isinf(v):
                    assert rec[col] == "inf"
                else:
                    assert rec[col] == pytest.approx(v, rel=1e-15)
            sens = r.rounding_sensitive
            assert rec["rounding_sensitive"] == (None if sens is pd.NA else bool(sens))

    def test_json_is_strict(self, capsys, audit_calls):
        _, out, _ = run(capsys, "audit", "--format", "json")

        def reject(token):
            raise AssertionError(f"non-standard JSON constant {token}")

        json.loads(out, parse_constant=reject)

    def test_markdown_document(self, capsys, audit_calls, ref_audit):
        code, out, _ = run(capsys, "audit", "--format", "markdown")
        assert code == 0
        assert out.startswith(f"# Audit of {ref_audit.title}")
        for heading in ("## Assumptions", "## Summary", "## Claims"):
            assert f"\n{heading}\n" in out
        assert "| total sample size n | 2,900 (not published; plausible range 1,500-5,480) |" in out
        assert migstats.audit_summary(ref_audit) in out
        rows = [line for line in out.splitlines() if line.startswith("| C")]
        assert [r.split(" | ")[0][2:] for r in rows] == ref_audit.sort_values(
            "section",
            key=lambda s: s.map({v: i for i, v in enumerate(s.unique())}),
            kind="stable",
        )["claim_id"].tolist()
        n_cols = out.splitlines()[
            next(i for i, line in enumerate(out.splitlines()) if line.startswith("| id |"))
        ].count(" | ")
        assert all(r.count(" | ") == n_cols for r in rows)
        for r in ref_audit.itertuples():
            row = next(line for line in rows if line.startswith(f"| {r.claim_id} |"))
            assert f"| **{r.verdict}** |" in row
            sens = r.rounding_sensitive is not pd.NA and bool(r.rounding_sensitive)
            assert ("changes within rounding" in row) == sens
            if not math.isnan(r.estimate):
                cell = f"| {r.estimate:.1f} [{r.ci_low:.1f}, {r.ci_high:.1f}]"
                # intervals at another level than the header's are marked
                marked = r.kind != "text_table" and not math.isclose(r.confidence_level, 0.95)
                assert (cell + (f" ({100 * r.confidence_level:g}%) |" if marked else " |")) in row
        # verdict counts table
        for v in migstats.CLAIM_VERDICTS:
            assert f"| {v} | {int((ref_audit.verdict == v).sum())} |" in out

    def test_output_file(self, capsys, audit_calls, tmp_path):
        target = tmp_path / "audit.md"
        code, out, err = run(capsys, "audit", "--format", "markdown", "--output", target)
        assert code == 0 and out == "" and err == f"wrote {target}\n"
        _, printed, _ = run(capsys, "audit", "--format", "markdown")
        assert target.read_text(encoding="utf-8") == printed

    def test_arguments_are_passed_through(self, capsys, audit_calls):
        doc = run_json(
            capsys,
            "audit",
            "--n",
            "1500",
            "--deff",
            "1.5",
            "--alpha",
            "0.1",
            "--correction",
            "bonferroni",
        )
        call = audit_calls[-1]
        assert (call["n"], call["deff"], call["alpha"], call["correction"]) == (
            1500,
            1.5,
            0.1,
            "bonferroni",
        )
        # the output states the settings of the result it renders (the spy's,
        # computed with the defaults), never the arguments a second time
        s = doc["settings"]
        assert (s["n"], s["deff"], s["alpha"], s["correction"]) == (2900, 2.0, 0.05, "fdr_bh")

    @pytest.mark.parametrize(
        ("argv", "name"),
        [
            (["--n", "0"], "--n"),
            (["--n", "1500.5"], "--n"),
            (["--n", "abc"], "--n"),
            (["--deff", "0"], "--deff"),
            (["--alpha", "1.5"], "--alpha"),
            (["--correction", "sidak_typo"], "--correction"),
            (["--format", "html"], "--format"),
        ],
    )
    def test_bad_arguments(self, capsys, audit_calls, argv, name):
        code, out, err = run(capsys, "audit", *argv)
        assert code == 2 and out == ""
        assert name in err and argv[1] in err
        assert "Traceback" not in err
        assert audit_calls == []  # rejected before the audit runs

    def test_unwritable_output(self, capsys, audit_calls, tmp_path):
        code, _, err = run(capsys, "audit", "--output", tmp_path / "missing" / "a.txt")
        assert code == 2 and err.startswith("migstats: error: --output")


# --------------------------------------------------------------------------
# ci
# --------------------------------------------------------------------------
class TestCi:
    def test_agrees_with_proportion_ci(self, capsys):
        [row] = run_json(capsys, "ci", "56", "--n", "2000")["results"]
        low, high = migstats.proportion_ci(0.56 * 2000, 2000)
        assert row["ci_low"] == pytest.approx(low, rel=1e-15)
        assert row["ci_high"] == pytest.approx(high, rel=1e-15)
        assert (row["percent"], row["n"], row["method"], row["confidence_level"]) == (
            56.0,
            2000,
            "wilson",
            0.95,
        )
        code, out, _ = run(capsys, "ci", "56", "--n", "2000")
        assert code == 0
        assert f"{100 * low:.2f} to {100 * high:.2f}" in out

    def test_options(self, capsys):
        [row] = run_json(
            capsys,
            "ci",
            "56",
            "--n",
            "2000",
            "--method",
            "clopper_pearson",
            "--confidence-level",
            "0.99",
            "--deff",
            "1.5",
        )["results"]
        low, high = migstats.proportion_ci(
            1120, 2000, method="clopper_pearson", confidence_level=0.99, deff=1.5
        )
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high), rel=1e-15)
        assert row["n_effective"] == pytest.approx(2000 / 1.5)

    def test_wilson_matches_scipy(self, capsys):
        # independent: scipy.stats.binomtest's Wilson interval for 1120 of 2000
        [row] = run_json(capsys, "ci", "56", "--n", "2000")["results"]
        ref = stats.binomtest(1120, 2000).proportion_ci(method="wilson")
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((ref.low, ref.high), rel=1e-12)

    def test_rounding_aware_agrees_with_table_intervals(self, capsys):
        # table 7.6: 21% of hbo/wo, a group of 768 at n = 2000
        ti = migstats.table_intervals("7.6", n=2000, deff=1.0, rounding_aware=True)
        ref = ti[(ti.group == "hbo/wo")].iloc[0]
        assert int(ref.n_group) == 768
        [row] = run_json(capsys, "ci", "21", "--n", "768", "--rounding-aware")["results"]
        for col in (
            "ci_low",
            "ci_high",
            "plain_ci_low",
            "plain_ci_high",
            "percent_low",
            "percent_high",
            "rounding_added",
        ):
            # table_intervals answers in percent; `migstats ci` in proportions
            # except the rounding interval percent_low/percent_high
            expected = float(ref[col]) / (1 if col.startswith("percent") else 100)
            assert row[col] == pytest.approx(expected, rel=1e-12, abs=1e-15), col

    def test_rounding_aware_brute_force(self, capsys):
        # independent: the union of Wald intervals over a fine grid of true values
        [row] = run_json(capsys, "ci", "3", "--n", "150", "--method", "wald", "--rounding-aware")[
            "results"
        ]
        x = np.linspace(2.5, 3.5, 20001) / 100
        half = stats.norm.ppf(0.975) * np.sqrt(x * (1 - x) / 150)
        assert row["ci_low"] == pytest.approx(np.min(x - half), abs=1e-6)
        assert row["ci_high"] == pytest.approx(np.max(x + half), abs=1e-6)

    def test_printed_decimals_fix_the_rounding_interval(self, capsys):
        [row] = run_json(capsys, "ci", "7.5", "--n", "900", "--rounding-aware")["results"]
        assert (row["percent_low"], row["percent_high"]) == pytest.approx((7.45, 7.55))
        [row] = run_json(capsys, "ci", "56", "--n", "900", "--rounding-aware", "--decimals", "1")[
            "results"
        ]
        assert (row["percent_low"], row["percent_high"]) == pytest.approx((55.95, 56.05))
        [row] = run_json(
            capsys, "ci", "56", "--n", "900", "--rounding-aware", "--rounding", "half_up"
        )["results"]
        assert (row["percent_low"], row["percent_high"]) == pytest.approx((55.5, 56.5))

    def test_zero_percent_rounding_interval_stays_in_range(self, capsys):
        [row] = run_json(capsys, "ci", "0", "--n", "100", "--rounding-aware")["results"]
        assert (row["percent_low"], row["percent_high"]) == (0.0, 0.5)
        assert row["ci_low"] == pytest.approx(0.0, abs=1e-12)

    def test_text_with_rounding(self, capsys):
        code, out, _ = run(capsys, "ci", "56", "--n", "2000", "--rounding-aware")
        [row] = run_json(capsys, "ci", "56", "--n", "2000", "--rounding-aware")["results"]
        assert code == 0
        assert "55.50 to 56.50" in out
        assert f"{100 * row['ci_low']:.2f} to {100 * row['ci_high']:.2f}" in out
        assert f"{100 * row['plain_ci_low']:.2f} to {100 * row['plain_ci_high']:.2f}" in out

    @pytest.mark.parametrize(
        ("argv", "name", "value"),
        [
            (["120", "--n", "100"], "percent", "120"),
            (["-5", "--n", "100"], "percent", "-5"),
            (["nan", "--n", "100"], "percent", "nan"),
            (["abc", "--n", "100"], "percent", "abc"),
            (["56", "--n", "-3"], "--n", "-3"),
            (["56", "--n", "2000.5"], "--n", "2000.5"),
            (["56", "--n", "100", "--confidence-level", "1.2"], "--confidence-level", "1.2"),
            (["56", "--n", "100", "--deff", "0"], "--deff", "0"),
            (["56", "--n", "100", "--method", "exact"], "--method", "exact"),
            (["56", "--n", "100", "--decimals", "0"], "--decimals", "0"),
            (["56", "--n", "100", "--rounding", "half_up"], "--rounding", "half_up"),
            (["56", "--n", "100", "--rounding-aware", "--decimals", "-1"], "--decimals", "-1"),
            (["7.5", "--n", "100", "--rounding-aware", "--decimals", "0"], "decimals", "0"),
            (["56"], "--n", "required"),
        ],
    )
    def test_bad_arguments(self, capsys, argv, name, value):
        code, out, err = run(capsys, "ci", *argv)
        assert code == 2 and out == ""
        assert name in err and value in err
        assert "Traceback" not in err

    @settings(max_examples=20)
    @given(
        pct=st.integers(0, 100),
        n=st.integers(1, 5000),
        level=st.sampled_from([0.8, 0.9, 0.95, 0.99]),
    )
    def test_property_agreement_and_containment(self, pct, n, level):
        # the CLI reproduces the API; the rounding union contains the plain interval
        # and the published value; a higher level gives a wider interval
        buf = io.StringIO()
        old, sys.stdout = sys.stdout, buf
        try:
            assert (
                main(
                    [
                        "ci",
                        str(pct),
                        "--n",
                        str(n),
                        "--confidence-level",
                        str(level),
                        "--rounding-aware",
                        "--format",
                        "json",
                    ]
                )
                == 0
            )
            assert (
                main(
                    [
                        "ci",
                        str(pct),
                        "--n",
                        str(n),
                        "--confidence-level",
                        "0.999",
                        "--format",
                        "json",
                    ]
                )
                == 0
            )
        finally:
            sys.stdout = old
        first, second = buf.getvalue().split("\n}\n", 1)
        [row] = json.loads(first + "\n}\n")["results"]
        [wide] = json.loads(second)["results"]
        low, high = migstats.proportion_ci(pct / 100 * n, n, confidence_level=level)
        assert (row["plain_ci_low"], row["plain_ci_high"]) == pytest.approx((low, high))
        # (Wilson's lower limit at k = 0 is 0 up to floating-point error)
        assert row["ci_low"] <= row["plain_ci_low"] <= pct / 100 + 1e-12
        assert pct / 100 - 1e-12 <= row["plain_ci_high"]
        assert row["plain_ci_high"] <= row["ci_high"]
        assert wide["ci_low"] <= low + 1e-12 and high <= wide["ci_high"] + 1e-12


# --------------------------------------------------------------------------
# compare
# --------------------------------------------------------------------------
class TestCompare:
    def test_agrees_with_compare_and_breakeven(self, capsys):
        [row] = run_json(capsys, "compare", "72", "68", "--n1", "450", "--n2", "450")["results"]
        res = migstats.compare(0.72 * 450, 450, 0.68 * 450, 450)
        assert row["estimate"] == pytest.approx(res.estimate)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(tuple(res.confidence_interval))
        assert row["statistic"] == pytest.approx(res.statistic)
        assert row["pvalue"] == pytest.approx(res.pvalue)
        assert row["breakeven_n"] == migstats.breakeven_n(0.72, 0.68, 0.5, 0.5)
        assert row["significant"] is False
        code, out, _ = run(capsys, "compare", "72", "68", "--n1", "450", "--n2", "450")
        low, high = res.confidence_interval
        assert code == 0
        assert "4.00" in out and f"{100 * low:.2f} to {100 * high:.2f}" in out
        assert f"{res.pvalue:.4f}" in out and f"{int(row['breakeven_n']):,}" in out

    def test_mee_is_pearson_chi_square(self, capsys):
        # independent: Pearson's X^2 (R chisq.test(correct = FALSE)) on 324/450 vs 306/450
        [row] = run_json(
            capsys, "compare", "72", "68", "--n1", "450", "--n2", "450", "--method", "mee"
        )["results"]
        chi2, p, _, _ = stats.chi2_contingency([[324, 126], [306, 144]], correction=False)
        assert row["statistic"] ** 2 == pytest.approx(chi2, rel=1e-10)
        assert row["pvalue"] == pytest.approx(p, rel=1e-10)

    def test_breakeven_is_the_threshold(self, capsys):
        # identity: significant at the break-even total, not one respondent below
        [row] = run_json(
            capsys, "compare", "47", "40", "--n1", "300", "--n2", "600", "--deff", "1.5"
        )["results"]
        be = row["breakeven_n"]
        for total, significant in ((be, True), (be - 1, False)):
            n1, n2 = total / 3, 2 * total / 3
            p = migstats.compare(0.47 * n1, n1, 0.40 * n2, n2, deff=1.5).pvalue
            assert (p < 0.05) is significant

    def test_level_is_one_minus_alpha(self, capsys):
        [row] = run_json(
            capsys,
            "compare",
            "30",
            "20",
            "--n1",
            "100",
            "--n2",
            "120",
            "--alpha",
            "0.1",
            "--method",
            "wald",
            "--alternative",
            "greater",
        )["results"]
        res = migstats.compare(
            30, 100, 24, 120, method="wald", alternative="greater", confidence_level=0.9
        )
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(tuple(res.confidence_interval))
        assert row["pvalue"] == pytest.approx(res.pvalue)
        assert row["breakeven_n"] == migstats.breakeven_n(
            0.3, 0.2, 100 / 220, 120 / 220, alpha=0.1, method="wald", alternative="greater"
        )

    def test_exact_test_has_no_breakeven(self, capsys):
        code, out, _ = run(
            capsys, "compare", "72", "68", "--n1", "450", "--n2", "450", "--method", "exact"
        )
        res = migstats.compare(324, 450, 306, 450, method="exact")
        assert code == 0 and "not available" in out and f"{res.pvalue:.4f}" in out

    @pytest.mark.parametrize(
        ("argv", "name"),
        [
            (["72", "--n1", "5"], "percent2"),
            (["72", "68", "--n1", "5"], "--n2"),
            (["72", "168", "--n1", "5", "--n2", "5"], "percent2"),
            (["72", "68", "--n1", "0", "--n2", "5"], "--n1"),
            (["72", "68", "--n1", "5", "--n2", "5.5"], "--n2"),
            (["72", "68", "--n1", "5", "--n2", "5", "--alpha", "0"], "--alpha"),
            (["72", "68", "--n1", "5", "--n2", "5", "--method", "t"], "--method"),
        ],
    )
    def test_bad_arguments(self, capsys, argv, name):
        code, out, err = run(capsys, "compare", *argv)
        assert code == 2 and out == "" and name in err
        assert "Traceback" not in err

    @settings(max_examples=20)
    @given(
        p1=st.integers(0, 100),
        p2=st.integers(0, 100),
        n1=st.integers(10, 3000),
        n2=st.integers(10, 3000),
    )
    def test_property_agreement(self, p1, p2, n1, n2):
        buf = io.StringIO()
        old, sys.stdout = sys.stdout, buf
        try:
            code = main(
                ["compare", str(p1), str(p2), "--n1", str(n1), "--n2", str(n2), "--format", "json"]
            )
        finally:
            sys.stdout = old
        assert code == 0
        [row] = json.loads(buf.getvalue())["results"]
        res = migstats.compare(p1 / 100 * n1, n1, p2 / 100 * n2, n2)
        assert row["pvalue"] == pytest.approx(res.pvalue, rel=1e-9, abs=1e-300)
        assert row["ci_low"] <= row["estimate"] <= row["ci_high"]
        # the interval (level 1 - alpha) excludes 0 exactly when the test is significant
        be = row["breakeven_n"]
        if row["significant"]:
            assert row["ci_low"] > 0 or row["ci_high"] < 0
            assert be == "inf" or be <= n1 + n2
        else:
            assert be == "inf" or be > n1 + n2 or p1 == p2


# --------------------------------------------------------------------------
# gradient
# --------------------------------------------------------------------------
class TestGradient:
    def test_agrees_with_gradient(self, capsys):
        doc = run_json(capsys, "gradient", "7.5", "language_lessons", "--dimension", "income")
        [row] = doc["results"]
        ref = migstats.gradient("7.5", "language_lessons", "income").to_frame().iloc[0]
        for col in (
            "gap",
            "gap_ci_low",
            "sii",
            "sii_ci_high",
            "rii",
            "trend_pvalue",
            "log_odds_per_step",
        ):
            assert row[col] == pytest.approx(float(ref[col]), rel=1e-12), col
        assert (row["table"], row["item"], row["dimension"], row["n"]) == (
            "7.5",
            "language_lessons",
            "income",
            2900,
        )
        # published table 7.5: Q1 77%, Q5 87% agree with early language lessons
        assert row["gap"] == pytest.approx(0.10)

    def test_text(self, capsys):
        code, out, _ = run(capsys, "gradient", "7.6", "close_borders")
        assert code == 0
        for dim in ("education", "income"):
            g = migstats.gradient("7.6", "close_borders", dim)
            assert f"{100 * g.sii:.2f}" in out
            assert f"{100 * g.sii_ci.low:.2f} to {100 * g.sii_ci.high:.2f}" in out
            assert f"{100 * g.gap:.2f}" in out
        assert "bo/vmbo 47% (n 762)" in out  # table 7.6: 47% of bo/vmbo

    def test_options(self, capsys):
        doc = run_json(
            capsys,
            "gradient",
            "7.7",
            "results",
            "--response",
            "disagree",
            "--n",
            "1500",
            "--deff",
            "1.5",
            "--confidence-level",
            "0.9",
        )
        ref = (
            migstats.gradient(
                "7.7",
                "results",
                "education",
                response="disagree",
                n=1500,
                deff=1.5,
                confidence_level=0.9,
            )
            .to_frame()
            .iloc[0]
        )
        row = doc["results"][0]
        assert len(doc["results"]) == 2 and row["dimension"] == "education"
        assert row["sii_ci_low"] == pytest.approx(float(ref.sii_ci_low), rel=1e-12)

    @pytest.mark.parametrize(
        ("argv", "name"),
        [
            (["7.9", "paid_work"], "table"),
            (["7.5", "no_such_item"], "item"),
            (["7.5", "paid_work", "--dimension", "region"], "--dimension"),
            (["7.5", "paid_work", "--response", "neutral"], "response"),
            (["7.5", "paid_work", "--n", "0"], "--n"),
        ],
    )
    def test_bad_arguments(self, capsys, argv, name):
        code, out, err = run(capsys, "gradient", *argv)
        assert code == 2 and out == "" and name in err
        assert "Traceback" not in err


# --------------------------------------------------------------------------
# check
# --------------------------------------------------------------------------
class TestCheck:
    @pytest.fixture(scope="class")
    @classmethod
    def ref(cls):
        return migstats.check_table("7.2")

    @pytest.fixture
    def cached(self, monkeypatch, ref):
        """Answer check_table("7.2") from ``ref`` (the csv test runs it for real)."""
        import migstats._tables as _tables

        calls = []

        def spy(table, **kwargs):
            calls.append((table, kwargs))
            return ref.copy()

        monkeypatch.setattr(_tables, "check_table", spy)
        return calls

    def test_text(self, capsys, ref, cached):
        code, out, _ = run(capsys, "check", "7.2")
        ((table, kwargs),) = cached  # the report's own design, passed with the report
        assert kwargs.pop("report").name == "scp2024-ch7"
        assert (table, kwargs) == ("7.2", {"design": migstats.LISS_2023, "n": None})
        counts = ref["verdict"].value_counts()
        assert code == 0
        assert (
            f"{len(ref)} checks: {counts.get('consistent', 0)} consistent, "
            f"{counts.get('inconsistent', 0)} inconsistent" in out
        )
        for detail in ref.loc[ref.verdict == "inconsistent", "detail"]:
            assert detail in out
        rows = [
            line
            for line in out.splitlines()
            if line.split()[:1] and line.split()[0] in set(ref["check"])
        ]
        assert len(rows) == len(ref)

    def test_csv_is_check_table(self, capsys, ref):
        code, out, _ = run(capsys, "check", "7.2", "--format", "csv")
        df = pd.read_csv(io.StringIO(out), keep_default_na=False, na_values=[""])
        assert code == 0
        assert list(df.columns) == list(ref.columns)
        assert df["verdict"].tolist() == ref["verdict"].tolist()
        np.testing.assert_allclose(df["observed"], ref["observed"].astype(float))

    def test_details_and_markdown(self, capsys, ref, cached):
        code, out, _ = run(capsys, "check", "7.2", "--details", "--format", "markdown")
        assert code == 0 and "| detail |" in out
        assert sum(line.startswith("| ") for line in out.splitlines()) == len(ref) + 1

    def test_unknown_table(self, capsys):
        code, out, err = run(capsys, "check", "7.9")
        assert code == 2 and out == "" and "table" in err and "7.9" in err

    def test_bad_n(self, capsys, cached):
        code, _, err = run(capsys, "check", "7.2", "--n", "-1")
        assert code == 2 and "--n" in err and cached == []
        code, _, _ = run(capsys, "check", "7.2", "--n", "1500")
        assert code == 0 and cached[-1][1]["n"] == 1500


# --------------------------------------------------------------------------
# plot
# --------------------------------------------------------------------------
class TestPlot:
    """Dispatch and arguments; the figures themselves are tested in test_plots.py."""

    @pytest.fixture(autouse=True)
    def _agg(self):
        mpl = pytest.importorskip("matplotlib")
        mpl.use("Agg")

    @pytest.fixture
    def plot_calls(self, monkeypatch):
        """Replace the three plot functions by spies that draw an empty figure."""
        from matplotlib.figure import Figure

        from migstats import plots

        calls = []

        def spy(name):
            def draw(*args, **kwargs):
                calls.append((name, args, kwargs))
                fig = Figure(figsize=(2, 2))
                fig.add_subplot().plot([0, 1], [0, 1])
                return fig

            return draw

        for name in ("plot_gaps", "plot_distribution", "plot_breakeven"):
            monkeypatch.setattr(plots, name, spy(name))
        return calls

    def test_distribution_end_to_end(self, capsys, tmp_path):
        # a small n keeps Sison-Glaz fast; svg output is covered by the dispatch test
        target = tmp_path / "dist.png"
        code, out, err = run(capsys, "plot", "distribution", "-o", target, "--n", "30")
        assert code == 0 and out == "" and err == f"wrote {target}\n"
        assert target.stat().st_size > 0

    def test_dispatch_and_arguments(self, capsys, tmp_path, plot_calls):
        argv = {
            "gaps": ["--measure", "gap", "--n", "1500"],
            "distribution": ["--table", "7.1", "--deff", "1.5"],
            "breakeven": [],
        }
        for name, extra in argv.items():
            target = tmp_path / f"{name}.svg"
            code, out, err = run(capsys, "plot", name, "-o", target, *extra)
            assert code == 0 and out == "" and err == f"wrote {target}\n"
            assert target.read_text().lstrip().startswith("<?xml")
        *plot_calls, breakeven = plot_calls
        named = [
            (name, args, {k: getattr(v, "name", v) for k, v in kw.items()})
            for name, args, kw in plot_calls
        ]
        chapter = "scp2024-ch7"
        assert named == [
            (
                "plot_gaps",
                (),
                {
                    "report": chapter,
                    "dimensions": None,
                    "measure": "gap",
                    "response": None,  # the report's default response (chapter 7: agree)
                    "n": 1500,
                    "deff": None,
                },
            ),
            (
                "plot_distribution",
                ("7.1",),
                {"item": None, "report": chapter, "n": None, "deff": 1.5},
            ),
        ]
        # the break-even figure draws the audit's result, with its own settings
        (name, (result,), kwargs) = breakeven
        assert name == "plot_breakeven" and kwargs == {}
        assert isinstance(result, migstats.AuditResult) and result.report.name == "scp2024-ch7"

    @pytest.mark.parametrize(
        ("argv", "name"),
        [
            (["gaps", "-o", "gaps.jpg"], "--output"),
            (["pie", "-o", "x.png"], "name"),
            (["gaps"], "--output"),
            (["distribution", "-o", "x.png", "--table", "7.9"], "table"),
            (["distribution", "-o", "x.png", "--measure", "gap"], "--measure"),
            (["gaps", "-o", "x.png", "--table", "7.2"], "--table"),
            (["gaps", "-o", "x.png", "--n", "0"], "--n"),
        ],
    )
    def test_bad_arguments(self, capsys, tmp_path, monkeypatch, plot_calls, argv, name):
        monkeypatch.chdir(tmp_path)
        code, out, err = run(capsys, "plot", *argv)
        assert code == 2 and out == "" and name in err
        assert list(tmp_path.iterdir()) == [] and plot_calls == []

    def test_missing_matplotlib(self, capsys, tmp_path, monkeypatch):
        monkeypatch.setitem(sys.modules, "matplotlib", None)
        code, out, err = run(capsys, "plot", "distribution", "-o", tmp_path / "d.png")
        assert code == 2 and out == ""  # a user error, as every other
        assert "pip install 'migstats[plot]'" in err and "Traceback" not in err
        assert err.count("\n") == 1
        assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------
# help
# --------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["audit", "ci", "compare", "gradient", "check", "plot"])
def test_help_has_examples(capsys, command):
    code, out, _ = run(capsys, command, "--help")
    assert code == 0
    assert "examples:" in out and f"migstats {command} " in out


def test_main_help_lists_new_commands(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("audit", "ci", "compare", "gradient", "check", "plot"):
        assert f"migstats {command}" in out
