"""migstats.Report: any report's tables, design and claims; report packages; --report on the CLI.

Expected values come from the published numbers themselves (differences of
printed percentages), from the margin-of-error identity, or from the files
the tests write; the bad-input cases each break one rule and check that the
one error lists every problem with file, row and column.
"""

from __future__ import annotations

import importlib.util
import json
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import migstats
from migstats import DataValidationError, Report, SampleDesign, load_report
from migstats._base import CLAIM_VERDICTS
from migstats.cli.app import main
from migstats.cli.commands.report import template_report

ROOT = Path(__file__).resolve().parent.parent
PEW = "pew-inequality-2020"

AGES = ["18-34", "35-54", "55+"]


def age_tables(trust=(42, 33, 41, 50)) -> pd.DataFrame:
    """A made-up table with a dimension chapter 7 does not have (age)."""
    return pd.DataFrame(
        {
            "table": "Q1",
            "item": "trust_government",
            "response": "trust",
            "dimension": ["total", "age", "age", "age"],
            "group": ["total", *AGES],
            "percent": list(trust),
        }
    )


def age_design(n: int = 1000) -> SampleDesign:
    return SampleDesign(
        n=n, n_range=(n, n), shares={"age": {"18-34": 0.3, "35-54": 0.35, "55+": 0.35}}
    )


def age_claim(groups: str, text: str) -> pd.DataFrame:
    """One difference claim over age."""
    return pd.DataFrame(
        {
            "claim_id": ["X1"],
            "kind": ["difference"],
            "table": ["Q1"],
            "item": ["trust_government"],
            "response": ["trust"],
            "dimension": ["age"],
            "groups": [groups],
            "claim": [text],
        }
    )


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def package(tmp_path) -> Path:
    """The template package of ``migstats init``, written by the CLI."""
    path = tmp_path / "pkg"
    assert main(["init", str(path)]) == 0
    return path


def problems_of(path) -> list:
    with pytest.raises(DataValidationError) as info:
        load_report(path)
    return info.value.problems


# --------------------------------------------------------------------------
# building reports
# --------------------------------------------------------------------------
class TestFromFrames:
    def test_age_dimension_items_inferred(self):
        r = Report.from_frames(age_tables(), design=age_design(), dimensions={"age": AGES})
        assert r.dimensions["age"] == tuple(AGES)
        assert r.ordered == ("age",)
        assert r.items[["item", "table", "responses_reported"]].values.tolist() == [
            ["trust_government", "Q1", "trust"]
        ]
        assert r.table_ids == ("Q1",)

    def test_inferred_dimensions_are_unordered(self):
        r = Report.from_frames(age_tables(), design=age_design())
        assert r.dimensions["age"] == tuple(AGES)
        assert r.ordered == ()

    def test_difference_claim_on_age_is_audited(self):
        claims = age_claim("55+>18-34", "Older adults trust more.")
        r = Report.from_frames(
            age_tables(), design=age_design(), claims=claims, dimensions={"age": AGES}
        )
        row = migstats.audit(report=r).iloc[0]
        # the published difference 50 - 33
        assert row["estimate"] == pytest.approx(17.0)
        assert row["ci_low"] < 17.0 < row["ci_high"]
        assert row["verdict"] == "supported"

    def test_unpublished_group_in_dimension(self):
        dims = {"age": [*AGES, "75+"]}  # 75+ declared, not published
        r = Report.from_frames(age_tables(), design=age_design(), dimensions=dims)
        assert r.dimensions["age"][-1] == "75+"
        chk = migstats.check_table("Q1", report=r)
        assert set(chk["verdict"]) <= {"consistent", "untestable"}

    def test_claim_on_unpublished_group_is_rejected(self):
        claims = age_claim("75+>18-34", "The oldest trust more.")
        with pytest.raises(DataValidationError) as info:
            Report.from_frames(
                age_tables(),
                design=age_design(),
                claims=claims,
                dimensions={"age": [*AGES, "75+"]},
            )
        assert (info.value.problems[0].column, info.value.problems[0].row) == ("groups", 0)

    def test_table_functions_take_the_report(self):
        r = Report.from_frames(age_tables(), design=age_design(), dimensions={"age": AGES})
        g = migstats.gradient("Q1", "trust_government", "age", response="trust", report=r)
        assert g.groups == tuple(AGES)
        # the extreme-group gap is the published 50 - 33
        assert g.gap == pytest.approx(0.17)
        ti = migstats.table_intervals("Q1", report=r)
        assert set(ti["group"]) == {"total", *AGES}
        with pytest.raises(ValueError, match="a table of report"):
            migstats.check_table("7.1", report=r)

    def test_design_dimension_must_exist(self):
        d = SampleDesign(n=100, n_range=(100, 100), shares={"region": {"north": 1.0}})
        with pytest.raises(DataValidationError, match="not a dimension of the report"):
            Report.from_frames(age_tables(), design=d)


class TestFromCrosstab:
    WIDE = pd.DataFrame(
        {"agree": [52, 44, 58], "disagree": [45, 53, 39]}, index=["total", "men", "women"]
    )
    DESIGN = SampleDesign(n=800, n_range=(800, 800), shares={"sex": {"men": 0.5, "women": 0.5}})

    def test_rows_and_columns_agree(self):
        a = Report.from_crosstab(
            self.WIDE, table="T", item="q", dimension="sex", design=self.DESIGN
        )
        b = Report.from_crosstab(
            self.WIDE.T,
            table="T",
            item="q",
            dimension="sex",
            design=self.DESIGN,
            orientation="columns",
        )
        cols = ["table", "item", "response", "dimension", "group", "percent", "reported"]
        key = ["dimension", "group", "response"]
        pd.testing.assert_frame_equal(
            a.tables[cols].astype(str).sort_values(key).reset_index(drop=True),
            b.tables[cols].astype(str).sort_values(key).reset_index(drop=True),
        )
        assert len(a.tables) == self.WIDE.size

    def test_printed_strings_keep_decimals(self):
        wide = pd.DataFrame({"agree": ["52.0", "44.5", "59.5"]}, index=["total", "men", "women"])
        d = self.DESIGN.replace(decimals=1)
        r = Report.from_crosstab(wide, table="T", item="q", dimension="sex", design=d, name="x")
        assert r.tables["reported"].tolist() == ["52.0", "44.5", "59.5"]

    def test_bad_orientation(self):
        with pytest.raises(ValueError, match="orientation"):
            Report.from_crosstab(
                self.WIDE,
                table="T",
                item="q",
                dimension="sex",
                design=self.DESIGN,
                orientation="diagonal",
            )


# --------------------------------------------------------------------------
# the design from a margin of error
# --------------------------------------------------------------------------
def dfm(margin, n, level=0.95):
    return migstats.deff_from_margin_of_error(margin, n, confidence_level=level).deff


class TestDeffFromMargin:
    def test_pew(self):
        # design.json of the transcription: (1.6 / 1.1816)^2 = 1.833
        assert dfm(1.6, 6878) == pytest.approx(1.833, abs=1e-3)

    def test_srs_margin_gives_one(self):
        # the textbook 95% margin of n = 1000 at p = 0.5: 3.099 points
        margin = 100 * 1.959963984540054 * math.sqrt(0.25 / 1000)
        assert dfm(margin, 1000) == pytest.approx(1.0)

    @given(
        st.floats(0.1, 20),
        st.integers(10, 10**6),
        st.floats(0.5, 0.999),
    )
    def test_round_trip(self, margin, n, level):
        from scipy.stats import norm

        z = norm.ppf(0.5 + level / 2)
        # margins implying deff < MIN_MARGIN_DEFF (0.25) are refused
        assume((margin / (100 * z * math.sqrt(0.25 / n))) ** 2 >= 0.26)
        deff = dfm(margin, n, level)
        assert 100 * z * math.sqrt(0.25 * deff / n) == pytest.approx(margin, rel=1e-9)

    @pytest.mark.parametrize(
        ("bad", "name"),
        [
            ((0, 100, 0.95), "moe_points"),
            ((1.0, 0, 0.95), "n"),
            ((1.0, 100, 1.0), "confidence_level"),
        ],
    )
    def test_bad(self, bad, name):
        with pytest.raises(ValueError, match=rf"^{name} must"):
            dfm(*bad)


# --------------------------------------------------------------------------
# packages on disk
# --------------------------------------------------------------------------
class TestPackage:
    def test_template_validates_and_round_trips(self, package, tmp_path):
        r = load_report(package)
        assert r.name == "example-survey-2025"
        # the template gives margin_of_error 3.5 at n = 1000 instead of a deff
        assert r.design.deff == pytest.approx(dfm(3.5, 1000))
        out = r.save(tmp_path / "again")
        back = load_report(out)
        pd.testing.assert_frame_equal(
            back.tables.astype(str), r.tables.astype(str), check_categorical=False
        )
        pd.testing.assert_frame_equal(back.claims, r.claims)
        assert back.dimensions == r.dimensions and back.ordered == r.ordered

    def test_template_report_equals_the_files(self, package):
        assert len(load_report(package).claims) == len(template_report().claims)

    def test_missing_file(self, package):
        (package / "tables.csv").unlink()
        found = problems_of(package)
        assert (found[0].source, found[0].message) == (
            "tables.csv",
            "required file is missing",
        )

    def test_missing_and_misspelled_column(self, package):
        text = (package / "tables.csv").read_text()
        (package / "tables.csv").write_text(text.replace("percent,", "precent,", 1))
        found = {(p.source, p.row, p.column, p.message[:20]) for p in problems_of(package)}
        assert ("tables.csv", 1, "percent", "required column is m") in found
        assert ("tables.csv", 1, "precent", "is not a column of t") in found

    def test_percent_out_of_range_and_sums(self, package):
        t = pd.read_csv(package / "tables.csv", dtype=str, keep_default_na=False)
        t.loc[0, ["percent", "reported"]] = "142"  # total trust: out of [0, 100]
        t.loc[2, ["percent", "reported"]] = "71"  # 35-54 trust: 71 + 56 > 100 + rounding
        t.to_csv(package / "tables.csv", index=False)
        found = problems_of(package)
        where = {(p.row, p.column) for p in found}
        assert (2, "percent") in where  # file line 2 = first data row
        assert any("sum to at most 100" in p.message for p in found)

    def test_claims_pointing_at_nothing_all_at_once(self, package):
        c = pd.read_csv(package / "claims.csv", dtype=str, keep_default_na=False)
        c.loc[0, "table"] = "Q9"  # no such table
        c.loc[1, "groups"] = "55+>65+"  # no such group
        c.loc[2, "dimension"] = "region"  # no such dimension
        c.loc[3, "untestable_reason"] = ""  # untestable without reason: needs its numbers
        c.to_csv(package / "claims.csv", index=False)
        q = pd.read_csv(package / "claims.csv", dtype=str, keep_default_na=False)
        assert len(q) == 4
        found = problems_of(package)
        got = {(p.source, p.row, p.column) for p in found}
        assert {("claims.csv", 2, "table"), ("claims.csv", 3, "groups")} <= got
        assert ("claims.csv", 4, "dimension") in got
        assert ("claims.csv", 5, "table") in got

    def test_unknown_dimension_in_tables(self, package):
        t = (package / "tables.csv").read_text()
        (package / "tables.csv").write_text(t.replace(",age,18-34,", ",agee,18-34,", 1))
        found = problems_of(package)
        assert (found[0].source, found[0].row, found[0].column) == ("tables.csv", 3, "dimension")
        assert "valid dimensions are total, age" in found[0].message

    def test_unknown_quantifier(self, package):
        c = pd.read_csv(package / "claims.csv", dtype=str, keep_default_na=False)
        c.loc[0, "quantifier"] = "nearly_all"
        c.to_csv(package / "claims.csv", index=False)
        (p,) = problems_of(package)
        assert (p.source, p.row, p.column) == ("claims.csv", 2, "quantifier")

    def test_unknown_design_dimension(self, package):
        desc = json.loads((package / "datapackage.json").read_text())
        desc["design"]["shares"]["region"] = {"north": 1.0}
        (package / "datapackage.json").write_text(json.dumps(desc))
        (p,) = problems_of(package)
        assert p.source == "datapackage.json" and "region" in p.message

    def test_problems_of_several_files_at_once(self, package):
        (package / "quantifiers.csv").write_text(
            (package / "quantifiers.csv").read_text().replace("within", "inside")
        )
        t = (package / "tables.csv").read_text()
        (package / "tables.csv").write_text(t.replace(",42,42,", ",-42,-42,"))
        sources = {p.source for p in problems_of(package)}
        assert {"quantifiers.csv", "tables.csv"} <= sources

    def test_not_a_package(self, tmp_path):
        with pytest.raises(ValueError, match="migstats init"):
            load_report(tmp_path)
        with pytest.raises(ValueError, match="pew-inequality-2020"):
            load_report("no-such-report")


# --------------------------------------------------------------------------
# the bundled reports
# --------------------------------------------------------------------------
class TestBundled:
    def test_chapter7_is_the_default(self):
        r = load_report()
        assert r.name == "scp2024-ch7"
        assert r.design is migstats.LISS_2023
        pd.testing.assert_frame_equal(
            r.table("7.6"), migstats.load_table("7.6"), check_categorical=False
        )

    def test_chapter7_report_argument_changes_nothing(self):
        claims = migstats.load_claims().head(6)
        a = migstats.audit(claims=claims)
        b = migstats.audit(claims=claims, report="scp2024-ch7")
        pd.testing.assert_frame_equal(a.frame, b.frame)
        pd.testing.assert_frame_equal(
            migstats.check_table("7.2"), migstats.check_table("7.2", report="scp2024-ch7")
        )

    def test_pew_sources_are_pew_or_news(self):
        t = load_report(PEW).tables
        ok = t["source"].str.startswith("Pew:") | t["source"].str.contains("news report")
        assert ok.all()
        assert not t["source"].str.contains(r"^secondary \(not Pew; blog", regex=True).any()
        assert not t["source"].str.contains("summary of the report").any()

    def test_pew_design_from_its_facts(self):
        d = load_report(PEW).design
        assert d.n == 6878 and d.n_range == (6878, 6878)
        assert d.deff == pytest.approx(dfm(1.6, 6878), abs=0.005)

    def test_pew_audit(self):
        a = migstats.audit(report=PEW).set_index("claim_id")
        assert set(a["verdict"]) <= set(CLAIM_VERDICTS)
        # P05: upper minus lower, the published 27 - 17
        assert a.loc["P05", "estimate"] == pytest.approx(10.0)
        # a ratio claim is kept; until its test exists it is untestable, saying why
        p08 = a.loc["P08"]
        assert p08["kind"] == "ratio"
        if p08["verdict"] == "untestable":
            assert "not implemented" in p08["reason"]
        # a claim whose numbers were only in blog summaries stays registered
        assert a.loc["P14", "verdict"] == "untestable"

    def test_list_reports(self):
        lr = migstats.list_reports()
        assert lr["name"].tolist() == ["scp2024-ch7", PEW]
        assert lr.set_index("name").loc[PEW, "n"] == 6878


# --------------------------------------------------------------------------
# command line
# --------------------------------------------------------------------------
class TestCommandLine:
    def test_init_validate_audit(self, capsys, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        code, _, err = run(capsys, "init", "my_report")
        assert code == 0 and err.startswith("wrote ") and "my_report" in err
        code, out, err = run(capsys, "validate", "my_report")
        assert (code, err) == (0, "") and "valid report package" in out
        code, out, err = run(capsys, "audit", "--report", "my_report")
        assert code == 0 and err == ""
        assert out.startswith("Audit of Example survey 2025 (template) (example-survey-2025)")
        assert "chapter 7" not in out

    def test_init_refuses_a_full_directory(self, capsys, package):
        capsys.readouterr()
        code, _, err = run(capsys, "init", str(package))
        assert code == 2 and "new or empty directory" in err

    def test_validate_lists_every_problem(self, capsys, package):
        capsys.readouterr()  # the fixture's "wrote ..."
        t = (package / "tables.csv").read_text()
        (package / "tables.csv").write_text(t.replace(",42,42,", ",142,142,"))
        c = (package / "claims.csv").read_text()
        (package / "claims.csv").write_text(c.replace("55+>18-34", "55+>old"))
        code, out, err = run(capsys, "validate", str(package))
        lines = err.strip().splitlines()
        assert code == 2 and out == ""
        assert lines[0].startswith("tables.csv, row 2, column 'percent'")
        assert any(line.startswith("claims.csv, row 3, column 'groups'") for line in lines)
        assert lines[-1] == f"2 problems in {package}"

    @pytest.mark.parametrize(
        "argv",
        [
            ("tables",),
            ("show", "inequality_amount"),
            ("check", "inequality_amount"),
            ("gradient", "inequality_amount", "amount_of_inequality", "--response", "right_amount"),
            ("audit",),
            ("audit", "--format", "markdown"),
        ],
    )
    def test_report_option_no_chapter_wording(self, capsys, argv):
        code, out, err = run(capsys, *argv, "--report", PEW)
        assert code == 0 and err == ""
        assert "chapter 7" not in out and "SCP" not in out and "LISS" not in out

    def test_show_uses_the_report_title_and_source(self, capsys):
        code, out, _ = run(capsys, "show", "inequality_amount", "--report", PEW)
        assert code == 0
        lines = out.splitlines()
        assert lines[0].startswith("Table inequality_amount. Amount of economic inequality")
        assert lines[-1].startswith("Source: Pew Research Center")

    def test_table_of_another_report(self, capsys):
        code, _, err = run(capsys, "check", "7.2", "--report", PEW)
        assert code == 2 and "inequality_amount" in err

    def test_gradient_dimension_must_be_ordered(self, capsys):
        code, _, err = run(
            capsys,
            "gradient",
            "inequality_amount",
            "amount_of_inequality",
            "--response",
            "right_amount",
            "--dimension",
            "party",
            "--report",
            PEW,
        )
        assert code == 2 and "--dimension must be one of income" in err

    def test_audit_html(self, capsys, tmp_path):
        out = tmp_path / "pew.html"
        code, _, err = run(
            capsys, "audit", "--report", PEW, "--format", "html", "--output", str(out)
        )
        page = out.read_text(encoding="utf-8")
        assert code == 0 and err == f"wrote {out}\n"
        assert page.startswith("<!DOCTYPE html>") or page.lower().startswith("<!doctype html>")
        assert "chapter 7" not in page and "pew-inequality-2020" in page
        for cid in ("P01", "P13a", "P14"):
            assert cid in page

    def test_audit_html_needs_output(self, capsys):
        code, _, err = run(capsys, "audit", "--format", "html", "--report", PEW)
        assert code == 2 and "--output" in err

    def test_plot_gaps_of_another_report(self, capsys, tmp_path):
        target = tmp_path / "g.svg"
        argv = ("plot", "gaps", "--report", PEW, "--response", "right_amount", "-o", str(target))
        code, _, err = run(capsys, *argv)
        assert code == 0 and err == f"wrote {target}\n"
        assert "chapter 7" not in target.read_text() and PEW in target.read_text()

    def test_plot_breakeven(self, capsys, tmp_path):
        pytest.importorskip("matplotlib")
        target = tmp_path / "b.svg"
        code, _, _ = run(capsys, "plot", "breakeven", "--report", PEW, "-o", str(target))
        assert code == 0 and target.exists()
        assert "chapter 7" not in target.read_text()


# --------------------------------------------------------------------------
# generated documents of the second report
# --------------------------------------------------------------------------
def _regenerate():
    spec = importlib.util.spec_from_file_location("regenerate", ROOT / "docs" / "regenerate.py")
    regenerate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(regenerate)
    return regenerate


def test_chapter_html_doc_is_current():
    regenerate = _regenerate()
    html = migstats.audit_html(migstats.audit())
    assert regenerate.AUDIT_HTML.read_text(encoding="utf-8") == html, (
        "run python docs/regenerate.py"
    )


def test_second_report_docs_are_current():
    regenerate = _regenerate()
    second = load_report(PEW)
    df = migstats.audit(report=second)
    md = regenerate.SECOND_MD.read_text(encoding="utf-8")
    assert regenerate.splice(md, regenerate.generated_markdown(df)) == md, (
        "run python docs/regenerate.py"
    )
    html = migstats.audit_html(df)
    assert regenerate.SECOND_HTML.read_text(encoding="utf-8") == html


def test_bundled_package_files_copy_cleanly(tmp_path):
    """The bundled Pew package, copied, is a package like any user's."""
    src = ROOT / "data" / "reports" / "pew_inequality_2020"
    dst = tmp_path / "pew"
    shutil.copytree(src, dst)
    assert len(load_report(dst).claims) == len(load_report(PEW).claims)
