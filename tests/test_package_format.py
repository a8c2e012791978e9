"""The richer package format: labelled answer sets declared complete.

Expected values: sums of the published percentages (40 + 30 + 20 = 90 is 10
points short of 100, beyond 3 x 0.5 of rounding), written by hand.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import migstats
from migstats import DataValidationError, Report, SampleDesign
from migstats._corpus import complete_responses

LABELS = ["satisfied", "neutral", "dissatisfied"]


def _report(percents, scale="complete: satisfied;neutral;dissatisfied") -> Report:
    t = pd.DataFrame(
        {
            "table": "T1",
            "item": "sat",
            "response": LABELS,
            "dimension": "total",
            "group": "total",
            "percent": percents,
        }
    )
    items = pd.DataFrame(
        {
            "item": ["sat"],
            "table": ["T1"],
            "scale": [scale],
            "responses_reported": [";".join(LABELS)],
        }
    )
    design = SampleDesign(n=1000, n_range=(1000, 1000), shares={"total": {"total": 1.0}})
    return Report.from_frames(t, design=design, items=items)


class TestCompleteLabelledSet:
    def test_sum_90_refused(self):
        with pytest.raises(DataValidationError, match=r"sum to 100 within 3 x 0\.5"):
            _report([40, 30, 20])

    def test_sum_90_accepted_when_not_declared(self):
        assert len(_report([40, 30, 20], scale="categories").tables) == 3

    @pytest.mark.parametrize("percents", [[40, 30, 30], [40, 30, 31], [40, 30, 29]])
    def test_sum_within_rounding_accepted(self, percents):
        assert len(_report(percents).tables) == 3

    def test_check_table_tests_the_sum(self):
        checks = migstats.check_table("T1", report=_report([40, 30, 30]))
        assert "sum" in set(checks["check"])

    @pytest.mark.parametrize("scale", ["complete:", "complete: a;;b", "complete: a;a", "x"])
    def test_malformed_declaration_declares_nothing(self, scale):
        assert complete_responses(scale) is None

    @given(st.lists(st.text("abcxyz", min_size=1, max_size=5), min_size=1, max_size=6, unique=True))
    def test_roundtrip(self, labels):
        assert complete_responses("complete: " + ";".join(labels)) == tuple(labels)


def _two_tables(item_table: str) -> Report:
    t = pd.DataFrame(
        {
            "table": ["3.1", "3.1", "3.2", "3.2"],
            "item": "trust",
            "response": ["yes", "no", "yes", "no"],
            "dimension": "total",
            "group": "total",
            "percent": [40, 60, 40, 60],
        }
    )
    items = pd.DataFrame(
        {
            "item": ["trust"],
            "table": [item_table],
            "scale": ["yes/no"],
            "responses_reported": ["yes;no"],
        }
    )
    design = SampleDesign(n=1000, n_range=(1000, 1000), shares={"total": {"total": 1.0}})
    return Report.from_frames(t, design=design, items=items)


class TestItemInSeveralTables:
    @pytest.mark.parametrize("item_table", ["3.1;3.2", "3.2;3.1", "3.1; 3.2", "3.1;3.2;9.9"])
    def test_accepted(self, item_table):
        assert _two_tables(item_table).table_ids == ("3.1", "3.2")

    def test_other_table_refused_with_a_clear_message(self):
        with pytest.raises(DataValidationError) as info:
            _two_tables("3.1")
        msg = str(info.value)
        assert "row 2, column 'table': unknown table id '3.2'" in msg
        assert "items=)" not in msg

    def test_inferred_catalogue_lists_every_table(self):
        t = _two_tables("3.1;3.2").tables
        cat = migstats.Report.from_frames(
            t[["table", "item", "response", "dimension", "group", "percent"]]
            .astype(str)
            .astype({"percent": float}),
            design=SampleDesign(n=1000, n_range=(1000, 1000), shares={"total": {"total": 1.0}}),
        ).items
        assert cat["table"].tolist() == ["3.1;3.2"]

    def test_item_tables_identity(self):
        from migstats._corpus.table_rules import item_tables

        assert item_tables(";".join(["a", "b", "c"])) == ("a", "b", "c")


# --------------------------------------------------------------------------
# design facts with their sources
# --------------------------------------------------------------------------
@pytest.fixture
def pkg(tmp_path):
    from migstats.cli.commands.report import template_report

    return template_report().save(tmp_path / "pkg")


def _facts(pkg, facts) -> None:
    import json

    path = pkg / "datapackage.json"
    desc = json.loads(path.read_text())
    desc["designFacts"] = facts
    path.write_text(json.dumps(desc))


GOOD_FACTS = {
    "n": {"value": 1000, "source": "methods, p. 2"},
    "alpha": {"value": 0.05, "source": "methods, p. 3: 'significant at the 5% level'"},
    "margin_of_error": {"value": 3.5, "source": "methods, p. 2"},
    "confidence_level": {"value": 0.95, "source": "methods, p. 2"},
    "weighted": {"value": True, "source": "methods, p. 2"},
    "group_sizes": {"value": {"age": {"18-34": 280, "35-54": None}}, "source": "table A1"},
    "shares": {"value": {"age": {"18-34": 0.28}}, "source": "table A1"},
    "pooled_shares": {
        "value": [{"dimension": "age", "groups": ["35-54", "55+"], "share": 0.72}],
        "source": "p. 5: '72% are 35 or older'",
    },
}


class TestDesignFacts:
    def test_good_facts_kept(self, pkg):
        _facts(pkg, GOOD_FACTS)
        r = Report.from_directory(pkg)
        assert r.alpha == 0.05
        assert r.design_facts["pooled_shares"]["value"][0]["share"] == 0.72

    def test_roundtrip_through_save(self, pkg, tmp_path):
        _facts(pkg, GOOD_FACTS)
        again = Report.from_directory(Report.from_directory(pkg).save(tmp_path / "again"))
        assert dict(again.design_facts) == GOOD_FACTS

    def test_cli_reports_alpha_and_pooled_share(self, pkg, capsys):
        from migstats.cli.app import main

        _facts(pkg, GOOD_FACTS)
        assert main(["validate", str(pkg)]) == 0
        out = capsys.readouterr().out
        assert "alpha = 0.05" in out
        assert "pooled share: age: 35-54+55+ = 72% (split unknown" in out

    def test_pew_states_its_facts(self):
        pew = migstats.load_report("pew-inequality-2020")
        assert pew.design_facts["n"]["value"] == pew.design.n == 6878
        assert pew.alpha is None  # looked for, not published
        assert "NOT FOUND" in pew.design_facts["alpha"]["source"]

    @pytest.mark.parametrize(
        ("name", "fact", "expected"),
        [
            ("alpha", {"value": 0, "source": "x"}, "in (0, 0.5)"),
            ("alpha", {"value": 1.5, "source": "x"}, "in (0, 0.5)"),
            ("alpha", {"value": 0.5, "source": "x"}, "in (0, 0.5)"),
            ("alpha", {"value": "5%", "source": "x"}, "'5%'"),
            ("alpha", {"value": 0.05}, "exactly 'value' and 'source'"),
            ("alpha", {"value": 0.05, "source": " "}, "source must say"),
            ("alpha", 0.05, "exactly 'value' and 'source'"),
            ("n", {"value": 999, "source": "x"}, "the design's n is 1000"),
            ("n", {"value": 10.5, "source": "x"}, "whole number"),
            ("weighted", {"value": False, "source": "x"}, "the design's weighted"),
            ("weighted", {"value": "yes", "source": "x"}, "true or false"),
            ("margin_of_error", {"value": -1, "source": "x"}, "in (0, 100)"),
            ("confidence_level", {"value": 95, "source": "x"}, "in (0, 1)"),
            ("deff", {"value": 0, "source": "x"}, "(0, inf)"),
            ("group_sizes", {"value": {"sex": {"m": 5}}, "source": "x"}, "dimension 'sex'"),
            ("group_sizes", {"value": {"age": {"old": 5}}, "source": "x"}, "group 'old'"),
            ("group_sizes", {"value": {"age": {"55+": 0}}, "source": "x"}, "[1, inf)"),
            ("group_sizes", {"value": [1], "source": "x"}, "dimension -> {group"),
            ("shares", {"value": {"age": {"55+": 1.2}}, "source": "x"}, "[0, 1]"),
            ("pooled_shares", {"value": {}, "source": "x"}, "must be a list"),
            ("pooled_shares", {"value": [5], "source": "x"}, "exactly dimension, groups, share"),
            (
                "pooled_shares",
                {"value": [{"dimension": "age", "groups": ["55+"], "share": 0.2}], "source": "x"},
                "two or more",
            ),
            (
                "pooled_shares",
                {
                    "value": [{"dimension": "sex", "groups": ["a", "b"], "share": 0.2}],
                    "source": "x",
                },
                "dimension 'sex'",
            ),
            (
                "pooled_shares",
                {
                    "value": [{"dimension": "age", "groups": ["a", "b"], "share": 0.2}],
                    "source": "x",
                },
                "['a', 'b']",
            ),
            (
                "pooled_shares",
                {
                    "value": [{"dimension": "age", "groups": ["18-34", "55+"], "share": 0}],
                    "source": "x",
                },
                "share must be a number in (0, 1]",
            ),
            ("sample_size", {"value": 5, "source": "x"}, "must name a known fact"),
        ],
    )
    def test_bad_fact(self, pkg, name, fact, expected):
        _facts(pkg, {name: fact})
        with pytest.raises(DataValidationError) as info:
            Report.from_directory(pkg)
        found = [p for p in info.value.problems if p.column == f"designFacts.{name}"]
        assert found and expected in found[0].message

    @pytest.mark.parametrize("facts", [5, "x", [1], None])
    def test_facts_not_an_object(self, pkg, facts):
        _facts(pkg, facts)
        with pytest.raises(DataValidationError, match="designFacts"):
            Report.from_directory(pkg)

    def test_every_problem_at_once(self, pkg):
        _facts(pkg, {"alpha": {"value": 2, "source": "x"}, "n": {"value": 5, "source": "x"}})
        with pytest.raises(DataValidationError) as info:
            Report.from_directory(pkg)
        assert len(info.value.problems) == 2

    @given(st.floats(0.0001, 0.4999))
    def test_any_alpha_below_one_half_accepted(self, alpha):
        # the audit's (1 - 2 alpha) intervals need alpha < 1/2 (check_alpha)
        from migstats._corpus import check_design_facts

        facts = {"alpha": {"value": alpha, "source": "p. 1"}}
        assert check_design_facts(facts, None, {"total": ("total",)}) == []
