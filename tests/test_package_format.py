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
