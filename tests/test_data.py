"""Tests of the corpus data layer (migstats._corpus.tables) and the packaged data files.

Expected values are typed from the chapter text (SCP 2024, chapter 7 "Asiel en
migratie"), not from the loader's output; row counts follow from the layout of
each printed table (items x responses x 9 columns).
"""

from __future__ import annotations

import csv
import json
import math
import re
from importlib.resources import files

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import migstats
from migstats import (
    DIMENSIONS,
    TABLE_IDS,
    DataValidationError,
    MigstatsValueError,
    as_table,
    list_tables,
    load_items,
    load_table,
    validate_items,
    validate_tables,
)
from migstats._corpus.package import resource_schema
from migstats._corpus.tables import ITEM_COLUMNS, TABLE_COLUMNS

DATA = files("migstats") / "data"
EDU = ["bo/vmbo", "havo/vwo/mbo", "hbo/wo"]
INC = ["Q1", "Q2", "Q3", "Q4", "Q5"]

# Item ids fixed in CONTRIBUTING.md, per table.
CONTRIBUTING_ITEMS = {
    "7.1": ["refugee_intake"],
    "7.2": [
        "more_refugees_own_municipality",
        "always_shelter_war_refugees",
        "family_reunification",
        "return_safe_country",
    ],
    "7.3": [
        "no_labour_migrants",
        "labour_migrant_cap",
        "temporary_labour_migrants_only",
        "easier_shortage_occupations",
    ],
    "7.4": ["spread_by_population"],
    "7.5": ["paid_work", "language_lessons"],
    "7.6": ["close_borders"],
    "7.7": ["responsiveness", "procedural_justice", "results"],
}

# Rows per table from the printed layout: 7.1 is one row of 10 scale points;
# 7.2-7.7 have 9 columns (totaal, 3 education, 5 income quintiles) per row:
# 7.2: 4 items x 1 ((helemaal) eens) = 4 rows; 7.3: 4 x 1; 7.4: 1 item x 2
# (eens, oneens); 7.5: 2 x 1; 7.6: 1 x 1; 7.7: 3 items x 2 (mee eens, mee oneens).
# text: figure 7.1 score 6-10 (total 71, education 82/75/59, Q1 72, Q5 68) = 6;
# 57% disagree own municipality = 1; urbanisation 55/59/~50/~50/~50 = 5;
# COB periods ~57 / 51-54 / 61 = 3.
EXPECTED_ROWS = {
    "7.1": 10,
    "7.2": 4 * 9,
    "7.3": 4 * 9,
    "7.4": 2 * 9,
    "7.5": 2 * 9,
    "7.6": 1 * 9,
    "7.7": 6 * 9,
    "text": 6 + 1 + 5 + 3,
}

# (table, item, response, dimension, group, percent), typed from the chapter.
SPOT_CHECKS = [
    ("7.1", "refugee_intake", "10", "total", "total", 28),  # table 7.1, last column
    ("7.1", "refugee_intake", "5", "total", "total", 15),
    ("7.2", "more_refugees_own_municipality", "agree", "education", "bo/vmbo", 5),
    ("7.2", "family_reunification", "agree", "education", "hbo/wo", 53),
    ("7.2", "return_safe_country", "agree", "income", "Q3", 80),
    ("7.3", "temporary_labour_migrants_only", "agree", "income", "Q5", 48),
    ("7.3", "no_labour_migrants", "agree", "education", "bo/vmbo", 28),
    ("7.4", "spread_by_population", "disagree", "total", "total", 21),
    ("7.5", "language_lessons", "agree", "income", "Q5", 87),
    ("7.6", "close_borders", "agree", "education", "hbo/wo", 21),
    ("7.7", "procedural_justice", "agree", "education", "bo/vmbo", 3),
    ("7.7", "results", "disagree", "income", "Q3", 76),
    ("text", "refugee_intake", "6-10", "education", "bo/vmbo", 82),
    ("text", "cob_more_refugees", "disagree", "period", "2021-2022", 52.5),
]


def corpus_text(name: str = "tables.csv") -> str:
    return (DATA / name).read_text(encoding="utf-8")


def all_rows() -> pd.DataFrame:
    return pd.concat([load_table(t) for t in TABLE_IDS], ignore_index=True)


def line_of(text: str, pattern: str) -> int:
    """1-based line number (header = 1) of the first line starting with ``pattern``."""
    for i, line in enumerate(text.splitlines(), start=1):
        if line.startswith(pattern):
            return i
    raise AssertionError(pattern)


# --------------------------------------------------------------------------
class TestLoadTable:
    @pytest.mark.parametrize("table_id", TABLE_IDS)
    def test_loads_with_expected_rows_and_columns(self, table_id):
        t = load_table(table_id)
        assert len(t) == EXPECTED_ROWS[table_id]
        assert list(t.columns) == list(TABLE_COLUMNS)  # no derived columns
        assert (t["table"] == table_id).all()
        assert t["percent"].between(0, 100).all()
        assert not t.isna().any().any()

    def test_total_row_count(self):
        assert len(corpus_text().splitlines()) - 1 == sum(EXPECTED_ROWS.values()) == 196

    @pytest.mark.parametrize(("table", "item", "response", "dim", "group", "pct"), SPOT_CHECKS)
    def test_spot_checks(self, table, item, response, dim, group, pct):
        t = load_table(table)
        sel = t[
            (t["item"] == item)
            & (t["response"] == response)
            & (t["dimension"] == dim)
            & (t["group"] == group)
        ]
        assert len(sel) == 1
        assert sel["percent"].iloc[0] == pct

    def test_table_7_1_is_the_printed_row(self):
        # "2 2 4 6 15 10 11 14 8 28" (table 7.1)
        t = load_table("7.1")
        assert t["response"].tolist() == [str(i) for i in range(1, 11)]
        assert t["percent"].tolist() == [2, 2, 4, 6, 15, 10, 11, 14, 8, 28]

    def test_table_7_6_row(self):
        # "(helemaal) eens 33 47 37 21 36 38 33 29 29" (table 7.6)
        t = load_table("7.6")
        assert t["percent"].tolist() == [33, 47, 37, 21, 36, 38, 33, 29, 29]
        assert t["group"].astype(str).tolist() == ["total", *EDU, *INC]

    @pytest.mark.parametrize("table_id", [t for t in TABLE_IDS if t != "text"])
    def test_items_are_those_of_contributing(self, table_id):
        t = load_table(table_id)
        assert list(dict.fromkeys(t["item"])) == CONTRIBUTING_ITEMS[table_id]

    def test_disagree_only_in_tables_7_4_and_7_7(self):
        rows = all_rows()
        tables = set(rows.loc[(rows.response == "disagree") & (rows.table != "text"), "table"])
        assert tables == {"7.4", "7.7"}

    def test_groups_are_ordered_categoricals_in_chapter_order(self):
        t = load_table("7.2")
        assert isinstance(t["group"].dtype, pd.CategoricalDtype)
        assert t["group"].cat.ordered
        cats = list(t["group"].cat.categories)
        assert cats[:9] == ["total", *EDU, *INC]
        assert t["dimension"].cat.ordered
        first_item = t[t["item"] == "family_reunification"].sample(frac=1, random_state=1)
        assert first_item.sort_values("group")["group"].astype(str).tolist() == [
            "total",
            *EDU,
            *INC,
        ]

    def test_text_rows(self):
        t = load_table("text")
        assert t["text_reported"].all()
        approx = t.loc[t["approximate"], "percent"].tolist()
        assert approx == [50, 50, 50, 57, 52.5]
        cob = t[t["item"] == "cob_more_refugees"]
        assert cob["reported"].tolist() == ["57", "51-54", "61"]
        assert "midpoint" in cob["source"].iloc[1]

    def test_only_text_rows_are_text_reported(self):
        rows = all_rows()
        assert (rows["text_reported"] == (rows["table"] == "text")).all()
        assert not rows.loc[rows.table != "text", "approximate"].any()

    def test_returns_a_copy(self):
        t = load_table("7.2")
        t.loc[0, "percent"] = 99.0
        assert load_table("7.2").loc[0, "percent"] == 12

    @pytest.mark.parametrize("bad", ["7.8", "7", "Table 7.2", "", None, 7.2, "TEXT"])
    def test_unknown_id_lists_valid_ids(self, bad):
        with pytest.raises(MigstatsValueError, match="table_id") as err:
            load_table(bad)
        assert "'7.1'" in str(err.value) and "'text'" in str(err.value)

    def test_reported_matches_percent(self):
        rows = all_rows()
        single = rows[~rows["reported"].str.contains("-")]
        assert (single["reported"].astype(float) == single["percent"]).all()

    def test_sources_name_their_table(self):
        rows = all_rows()
        tab = rows[rows.table != "text"]
        assert all(s.startswith(f"Table {t},") for s, t in zip(tab.source, tab.table, strict=True))
        txt = rows[rows.table == "text"]
        assert all(s.startswith("Section 7.1.") for s in txt.source)


class TestInternalConsistency:
    """Identities the published numbers must satisfy (independent of the validator)."""

    def test_table_7_1_sums_to_100_within_rounding(self):
        s = load_table("7.1")["percent"].sum()
        assert abs(s - 100) <= 10 * 0.5

    def test_text_71_equals_sum_of_scores_6_to_10(self):
        t1 = load_table("7.1")
        assert t1.loc[t1.response.astype(int) >= 6, "percent"].sum() == 71
        txt = load_table("text")
        assert txt.loc[(txt.response == "6-10") & (txt.group == "total"), "percent"].item() == 71

    def test_totals_within_group_ranges(self):
        rows = all_rows()
        rows = rows[rows.table != "text"]
        for (_t, _i, _r), blk in rows.groupby(["table", "item", "response"]):
            total = blk.loc[blk.dimension == "total", "percent"]
            if total.empty:
                continue
            for dim in ("education", "income"):
                g = blk.loc[blk.dimension == dim, "percent"]
                if len(g):
                    assert g.min() - 0.5 <= total.item() <= g.max() + 0.5

    def test_agree_plus_disagree_at_most_100(self):
        rows = all_rows()
        two = rows[rows.table.isin(["7.4", "7.7"])]
        sums = two.groupby(["item", "dimension", "group"], observed=True)["percent"].sum()
        assert (sums <= 100 + 2 * 0.5).all()


class TestLoadItems:
    def test_columns_and_ids(self):
        items = load_items()
        assert list(items.columns) == list(ITEM_COLUMNS)
        expected = [i for ids in CONTRIBUTING_ITEMS.values() for i in ids] + ["cob_more_refugees"]
        assert items["item"].tolist() == expected

    def test_every_table_item_is_in_items(self):
        assert set(all_rows()["item"]) <= set(load_items()["item"])

    def test_external_only_cob(self):
        items = load_items().set_index("item")
        assert items["external"].dtype == bool
        assert items.index[items["external"]].tolist() == ["cob_more_refugees"]

    def test_wording_as_printed(self):
        items = load_items().set_index("item")
        # Footnote a of table 7.6 (typed from the chapter).
        assert items.loc["close_borders", "wording_nl"] == (
            "Nederland moet de grenzen sluiten voor asielzoekers, zelfs als dat betekent dat "
            "Nederland zich dan niet houdt aan afspraken tussen landen en Europese regels."
        )
        assert items.loc["refugee_intake", "scale"] == "10-point"
        assert items.loc["spread_by_population", "responses_reported"] == "agree;disagree"

    def test_responses_reported_cover_the_data(self):
        items = load_items().set_index("item")
        rows = all_rows()
        for item, blk in rows.groupby("item"):
            allowed = set(items.loc[item, "responses_reported"].split(";"))
            assert set(blk["response"]) <= allowed

    def test_returns_a_copy(self):
        items = load_items()
        items.loc[0, "item"] = "changed"
        assert load_items().loc[0, "item"] == "refugee_intake"


class TestListTables:
    def test_listing(self):
        lt = list_tables()
        assert list(lt.columns) == [
            "table",
            "title_en",
            "title_nl",
            "items",
            "dimensions",
            "source",
        ]
        assert lt["table"].tolist() == list(TABLE_IDS)
        row = lt.set_index("table").loc["7.7"]
        assert row["items"] == "responsiveness; procedural_justice; results"
        assert row["dimensions"] == "total; education; income"
        assert row["title_nl"].startswith("Oordelen over het overheidsfunctioneren")
        assert "urbanisation" in lt.set_index("table").loc["text", "dimensions"]


# --------------------------------------------------------------------------
# broken files
# --------------------------------------------------------------------------
def write(tmp_path, text: str, name: str = "tables.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def replace_line(text: str, lineno: int, old: str, new: str) -> str:
    lines = text.splitlines()
    assert old in lines[lineno - 1]
    lines[lineno - 1] = lines[lineno - 1].replace(old, new, 1)
    return "\n".join(lines) + "\n"


class TestValidateTablesFiles:
    def test_packaged_file_is_valid(self):
        out = validate_tables(DATA / "tables.csv")
        assert len(out) == 196

    def expect(self, tmp_path, text, row, column, match=None):
        with pytest.raises(DataValidationError, match=match) as err:
            validate_tables(write(tmp_path, text))
        assert err.value.file == "tables.csv"
        assert err.value.row == row
        assert err.value.column == column
        assert str(err.value).startswith(
            f"tables.csv, row {row}" + (f", column {column!r}" if column else "")
        )
        return err.value

    def test_percent_out_of_range(self, tmp_path):
        text = corpus_text()
        n = line_of(text, "7.6,close_borders,agree,education,hbo/wo,")
        bad = replace_line(text, n, ",21,21,", ",121,121,")
        self.expect(tmp_path, bad, n, "percent", r"\[0, 100\]")

    def test_percent_nan_and_empty(self, tmp_path):
        text = corpus_text()
        n = line_of(text, "7.5,paid_work,agree,income,Q2,")
        self.expect(tmp_path, replace_line(text, n, ",54,54,", ",nan,54,"), n, "percent", "NaN")
        self.expect(tmp_path, replace_line(text, n, ",54,54,", ",,54,"), n, "percent")

    def test_unknown_group(self, tmp_path):
        text = corpus_text()
        n = line_of(text, "7.3,labour_migrant_cap,agree,income,Q4,")
        self.expect(tmp_path, replace_line(text, n, ",Q4,", ",Q6,"), n, "group", "Q6")

    def test_group_in_wrong_dimension(self, tmp_path):
        text = corpus_text()
        n = line_of(text, "7.3,labour_migrant_cap,agree,income,Q4,")
        self.expect(tmp_path, replace_line(text, n, ",income,Q4,", ",education,Q4,"), n, "group")

    def test_unknown_table_and_item(self, tmp_path):
        text = corpus_text()
        n = line_of(text, "7.2,family_reunification,agree,total,")
        err = self.expect(tmp_path, replace_line(text, n, "7.2,", "7.9,"), n, "table")
        assert "7.1" in str(err)
        self.expect(
            tmp_path,
            replace_line(text, n, "family_reunification", "family_reunion"),
            n,
            "item",
        )

    def test_item_in_wrong_table(self, tmp_path):
        text = corpus_text()
        n = line_of(text, "7.2,family_reunification,agree,total,")
        self.expect(tmp_path, replace_line(text, n, "7.2,", "7.3,"), n, "table", "belongs")

    def test_unknown_response(self, tmp_path):
        text = corpus_text()
        n = line_of(text, "7.2,family_reunification,agree,total,")
        self.expect(tmp_path, replace_line(text, n, ",agree,", ",disagree,"), n, "response")

    def test_bad_boolean(self, tmp_path):
        text = corpus_text()
        n = line_of(text, "7.6,close_borders,agree,total,")
        self.expect(
            tmp_path, replace_line(text, n, ",false,false,", ",no,false,"), n, "approximate"
        )

    def test_text_reported_must_match_table(self, tmp_path):
        text = corpus_text()
        n = line_of(text, "7.6,close_borders,agree,total,")
        self.expect(
            tmp_path, replace_line(text, n, ",false,false,", ",false,true,"), n, "text_reported"
        )

    def test_reported_must_match_percent(self, tmp_path):
        text = corpus_text()
        n = line_of(text, "7.6,close_borders,agree,total,")
        self.expect(tmp_path, replace_line(text, n, ",33,33,", ",33,34,"), n, "percent")
        self.expect(tmp_path, replace_line(text, n, ",33,33,", ",33,33%,"), n, "reported")
        n2 = line_of(text, "text,cob_more_refugees,disagree,period,2021-2022,")
        self.expect(tmp_path, replace_line(text, n2, ",52.5,", ",52,"), n2, "percent", "midpoint")

    def test_table_7_1_must_sum_to_100(self, tmp_path):
        text = corpus_text()
        n = line_of(text, "7.1,refugee_intake,10,")
        # 28 -> 34 makes the sum 106 > 100 + 10 x 0.5; error at the first 7.1 row.
        err = self.expect(tmp_path, replace_line(text, n, ",28,28,", ",34,34,"), 2, "percent")
        assert "106" in str(err)
        # 28 -> 32 gives 104, still consistent with rounding.
        assert len(validate_tables(write(tmp_path, replace_line(text, n, ",28,28,", ",32,32,"))))

    def test_total_outside_group_range(self, tmp_path):
        text = corpus_text()
        n = line_of(text, "7.6,close_borders,agree,total,")
        # education groups 47/37/21 and income 36..29: 48 is outside [20.5, 47.5].
        err = self.expect(tmp_path, replace_line(text, n, ",33,33,", ",48,48,"), n, "percent")
        assert "education" in str(err)
        # 47 is within education's widened range but outside income's [28.5, 38.5].
        err = self.expect(tmp_path, replace_line(text, n, ",33,33,", ",47,47,"), n, "percent")
        assert "income" in str(err)

    def test_urbanisation_range_uses_the_table_total(self, tmp_path):
        text = corpus_text()
        n = line_of(text, "7.4,spread_by_population,agree,total,")
        # total 52 must lie within the text's urbanisation range [50, 59] +- 0.5 too;
        # 49 is within education [40, 61] and income [44, 60] but not urbanisation.
        err = self.expect(tmp_path, replace_line(text, n, ",52,52,", ",49,49,"), n, "percent")
        assert "urbanisation" in str(err)

    def test_duplicate_row(self, tmp_path):
        lines = corpus_text().splitlines()
        n = 5  # table 7.1, response "4"
        lines.insert(n, lines[n - 1])  # duplicate line n as line n + 1
        self.expect(tmp_path, "\n".join(lines) + "\n", n + 1, "group", "duplicate")

    def test_group_order(self, tmp_path):
        lines = corpus_text().splitlines()
        n = line_of(corpus_text(), "7.5,paid_work,agree,income,Q2,")
        lines[n - 1], lines[n] = lines[n], lines[n - 1]  # swap Q2 and Q3
        self.expect(tmp_path, "\n".join(lines) + "\n", n + 1, "group", "order")

    def test_header(self, tmp_path):
        text = corpus_text().replace("percent,reported", "reported,percent", 1)
        self.expect(tmp_path, text, 1, None, "header")

    def test_missing_file(self, tmp_path):
        with pytest.raises(MigstatsValueError, match="readable CSV file"):
            validate_tables(tmp_path / "nope.csv")


class TestValidateItemsFiles:
    def test_packaged_file_is_valid(self):
        assert len(validate_items(DATA / "items.csv")) == 17

    def expect(self, tmp_path, text, row, column):
        with pytest.raises(DataValidationError) as err:
            validate_items(write(tmp_path, text, "items.csv"), schema=resource_schema("items"))
        assert (err.value.file, err.value.row, err.value.column) == ("items.csv", row, column)

    def test_duplicate_item(self, tmp_path):
        text = corpus_text("items.csv").replace("paid_work,7.5", "language_lessons,7.5", 1)
        n = line_of(text, "language_lessons,7.5")
        self.expect(tmp_path, text, n + 1, "item")

    def test_bad_table_scale_and_boolean(self, tmp_path):
        text = corpus_text("items.csv")
        n = line_of(text, "results,7.7")
        self.expect(tmp_path, replace_line(text, n, "results,7.7", "results,7.8"), n, "table")
        self.expect(tmp_path, replace_line(text, n, "5-point agree", "7-point agree"), n, "scale")
        self.expect(
            tmp_path,
            replace_line(text, n, "results achieved,false", "results achieved,no"),
            n,
            "external",
        )

    def test_bad_item_id(self, tmp_path):
        text = corpus_text("items.csv")
        n = line_of(text, "results,7.7")
        self.expect(tmp_path, replace_line(text, n, "results,7.7", "Results,7.7"), n, "item")

    def test_tables_against_a_custom_catalogue(self, tmp_path):
        # An item missing from the catalogue makes its table rows invalid.
        text = corpus_text("items.csv")
        n = line_of(text, "paid_work,7.5")
        lines = text.splitlines()
        del lines[n - 1]
        path = write(tmp_path, "\n".join(lines) + "\n", "items.csv")
        with pytest.raises(DataValidationError, match="paid_work") as err:
            validate_tables(DATA / "tables.csv", items=path)
        assert err.value.column == "item"
        assert err.value.row == line_of(corpus_text(), "7.5,paid_work")


# --------------------------------------------------------------------------
# as_table on DataFrames
# --------------------------------------------------------------------------
AGREE_ITEMS = [
    (item, table) for table, ids in CONTRIBUTING_ITEMS.items() if table != "7.1" for item in ids
]


@st.composite
def tidy_frames(draw):
    """Valid tidy frames: chapter items with random but consistent percentages."""
    chosen = draw(st.lists(st.sampled_from(AGREE_ITEMS), min_size=1, max_size=3, unique=True))
    rows = []
    for item, table in chosen:
        dims = draw(st.lists(st.sampled_from(["education", "income"]), unique=True, max_size=2))
        ranges = []
        for dim in dims:
            pcts = draw(
                st.lists(
                    st.integers(0, 100),
                    min_size=len(DIMENSIONS[dim]),
                    max_size=len(DIMENSIONS[dim]),
                )
            )
            ranges.append((min(pcts), max(pcts)))
            rows += [
                dict(table=table, item=item, response="agree", dimension=dim, group=g, percent=p)
                for g, p in zip(DIMENSIONS[dim], pcts, strict=True)
            ]
        lo = max([r[0] for r in ranges], default=0)
        hi = min([r[1] for r in ranges], default=100)
        # A total exists when the rounding-widened ranges overlap; an item without
        # breakdowns always gets one.
        if not dims or (lo <= hi + 1 and draw(st.booleans())):
            total = draw(st.integers(max(0, math.ceil(lo - 0.5)), min(100, math.floor(hi + 0.5))))
            rows.append(
                dict(
                    table=table,
                    item=item,
                    response="agree",
                    dimension="total",
                    group="total",
                    percent=total,
                )
            )
    frame = pd.DataFrame(rows)
    frame["percent"] = frame["percent"].astype(float)
    if draw(st.booleans()):
        frame["source"] = "generated"
    if draw(st.booleans()):
        frame["approximate"] = draw(st.booleans())
    return frame


def corpus_frame() -> pd.DataFrame:
    df = all_rows()
    df["dimension"] = df["dimension"].astype(str)
    df["group"] = df["group"].astype(str)
    return df


class TestAsTable:
    def test_table_id(self):
        pd.testing.assert_frame_equal(as_table("7.3"), load_table("7.3"))

    @pytest.mark.parametrize("bad", ["7.8", 3, None, [1, 2]])
    def test_bad_table_argument(self, bad):
        with pytest.raises(MigstatsValueError, match="table"):
            as_table(bad)

    def test_corpus_as_user_frame_is_valid(self):
        out = as_table(corpus_frame())
        pd.testing.assert_frame_equal(out, all_rows())

    def test_defaults(self):
        df = pd.DataFrame(
            {
                "table": "7.6",
                "item": "close_borders",
                "response": "agree",
                "dimension": ["total"],
                "group": ["total"],
                "percent": [33.0],
            }
        )
        out = as_table(df)
        assert out.loc[0, "reported"] == "33"
        assert out.loc[0, "source"] == "user"
        assert not out.loc[0, "approximate"] and not out.loc[0, "text_reported"]
        assert out["percent"].dtype == float and out["approximate"].dtype == bool

    def test_missing_required_column(self):
        df = corpus_frame().drop(columns="group")
        with pytest.raises(DataValidationError, match="group") as err:
            as_table(df)
        assert err.value.column == "group" and err.value.row is None

    def test_extra_columns_are_kept(self):
        df = corpus_frame().assign(note="x")
        out = as_table(df)
        assert list(out.columns) == [*TABLE_COLUMNS, "note"]

    def test_input_not_modified(self):
        df = corpus_frame()
        before = df.copy()
        as_table(df.drop(columns=["source", "approximate"]))
        pd.testing.assert_frame_equal(df, before)

    def test_no_silent_coercion_of_strings(self):
        df = corpus_frame()
        df["percent"] = df["percent"].astype(str)
        with pytest.raises(DataValidationError, match="number") as err:
            as_table(df)
        assert err.value.column == "percent" and err.value.row == 0

    def test_decimals(self):
        df = pd.DataFrame(
            {
                "table": "7.6",
                "item": "close_borders",
                "response": "agree",
                "dimension": ["total"],
                "group": ["total"],
                "percent": [33.4],
            }
        )
        with pytest.raises(DataValidationError, match="decimals"):
            as_table(df)
        assert as_table(df, decimals=1).loc[0, "reported"] == "33.4"
        with pytest.raises(MigstatsValueError, match="decimals"):
            as_table(df, decimals=-1)

    def test_custom_groups_and_items(self):
        items = pd.DataFrame(
            {
                "item": ["trust"],
                "table": ["T1"],
                "scale": ["5-point agree"],
                "responses_reported": ["agree"],
            }
        )
        df = pd.DataFrame(
            {
                "table": "T1",
                "item": "trust",
                "response": "agree",
                "dimension": ["total", "region", "region"],
                "group": ["total", "north", "south"],
                "percent": [40.0, 30.0, 50.0],
            }
        )
        groups = {"total": ["total"], "region": ["south", "north"]}
        out = as_table(df, items=items, groups=groups)
        assert out.sort_values("group")["group"].astype(str).tolist() == ["total", "south", "north"]
        bad = df.assign(percent=[60.0, 30.0, 50.0])
        with pytest.raises(DataValidationError, match="region"):
            as_table(bad, items=items, groups=groups)
        assert len(as_table(bad, items=items, groups=groups, partitions=()))
        with pytest.raises(MigstatsValueError, match="partitions"):
            as_table(df, items=items, groups=groups, partitions=["country"])
        with pytest.raises(MigstatsValueError, match="groups"):
            as_table(df, items=items, groups={"a": ["x"], "b": ["x"]})

    @given(tidy_frames())
    def test_round_trip(self, df):
        out = as_table(df)
        for c in ("table", "item", "response", "dimension", "group"):
            assert out[c].astype(str).tolist() == df[c].astype(str).tolist()
        np.testing.assert_array_equal(out["percent"].to_numpy(), df["percent"].to_numpy())
        pd.testing.assert_frame_equal(as_table(out), out)
        assert (out["reported"].astype(float) == out["percent"]).all()

    @given(tidy_frames(), st.randoms(use_true_random=False))
    def test_shuffling_rows_validates_identically(self, df, rnd):
        order = list(df.index)
        rnd.shuffle(order)
        shuffled = df.loc[order]
        pd.testing.assert_frame_equal(as_table(shuffled), as_table(df).loc[order])

    @settings(max_examples=40)
    @given(
        pos=st.integers(0, 195),
        corruption=st.sampled_from(
            [
                "percent_high",
                "percent_low",
                "percent_nan",
                "percent_inf",
                "group",
                "table",
                "other_table",
                "item",
                "dimension",
                "response",
                "approximate",
            ]
        ),
        offset=st.integers(0, 1000),
    )
    def test_single_cell_corruption_is_rejected(self, pos, corruption, offset):
        df = corpus_frame()
        df.index = df.index + offset  # non-default labels: errors must name the label
        label = df.index[pos]
        column = {
            "percent_high": "percent",
            "percent_low": "percent",
            "percent_nan": "percent",
            "percent_inf": "percent",
            "group": "group",
            "table": "table",
            "other_table": "table",
            "item": "item",
            "dimension": "dimension",
            "response": "response",
            "approximate": "approximate",
        }[corruption]
        value = {
            "percent_high": 100.5,
            "percent_low": -1.0,
            "percent_nan": np.nan,
            "percent_inf": np.inf,
            "group": "Q6",
            "table": "7.8",
            "other_table": "7.3" if df.loc[label, "table"] != "7.3" else "7.2",
            "item": "no_such_item",
            "dimension": "region",
            "response": "maybe",
            "approximate": None,
        }[corruption]
        if corruption == "other_table" and df.loc[label, "table"] == "text":
            value = "7.5" if df.loc[label, "item"] != "paid_work" else "7.6"
        if column == "percent":
            df[column] = df[column].astype(float)
        else:
            df[column] = df[column].astype(object)
        df.loc[label, column] = value
        with pytest.raises(DataValidationError) as err:
            as_table(df)
        assert err.value.file == "DataFrame table"
        assert err.value.row == label
        assert err.value.column == column


# --------------------------------------------------------------------------
# datapackage.json
# --------------------------------------------------------------------------
def load_json(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def resources() -> list[dict]:
    return load_json("datapackage.json")["resources"]


def check_field(values: list[str], field: dict, missing: set[str]) -> None:
    """Check one CSV column (as strings) against a Table Schema field."""
    cons = field.get("constraints", {})
    name = field["name"]
    for i, v in enumerate(values, start=2):
        where = f"{name}, row {i}"
        if v in missing or v == "":
            assert not cons.get("required", False), f"{where}: required value missing"
            continue
        ftype = field.get("type", "string")
        if ftype == "number":
            x = float(v)
            assert math.isfinite(x), where
            if "minimum" in cons:
                assert x >= cons["minimum"], where
            if "maximum" in cons:
                assert x <= cons["maximum"], where
        elif ftype == "integer":
            assert re.fullmatch(r"-?\d+", v), where
        elif ftype == "boolean":
            true = field.get("trueValues", ["true", "True", "TRUE", "1"])
            false = field.get("falseValues", ["false", "False", "FALSE", "0"])
            assert v in true or v in false, f"{where}: {v!r} is not a boolean"
        if "enum" in cons:
            assert v in cons["enum"], f"{where}: {v!r} not in enum"
        if "pattern" in cons:
            assert re.fullmatch(cons["pattern"], v), f"{where}: {v!r} does not match pattern"
    if cons.get("unique"):
        present = [v for v in values if v not in missing]
        assert len(set(present)) == len(present), f"{name}: values not unique"


class TestDatapackage:
    def test_descriptor(self):
        pkg = load_json("datapackage.json")
        assert pkg["name"] and pkg["sources"]
        names = {r["name"] for r in pkg["resources"]}
        assert {"tables", "items", "claims"} <= names

    def test_every_csv_in_data_is_a_resource(self):
        csvs = {p.name for p in DATA.iterdir() if p.name.endswith(".csv")}
        assert csvs == {r["path"] for r in resources()}

    @pytest.mark.parametrize("res", resources(), ids=lambda r: r["name"])
    def test_resource_matches_schema(self, res):
        assert (DATA / res["path"]).is_file()
        assert isinstance(res["schema"], str) and (DATA / res["schema"]).is_file()
        schema = resource_schema(res["name"])  # generic schema + the chapter's constraints
        with (DATA / res["path"]).open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            rows = list(reader)
        assert header == [f["name"] for f in schema["fields"]]
        assert all(len(r) == len(header) for r in rows)
        missing = set(schema.get("missingValues", [""]))
        for j, field in enumerate(schema["fields"]):
            check_field([r[j] for r in rows], field, missing)
        pk = schema.get("primaryKey")
        if pk:
            pk = [pk] if isinstance(pk, str) else pk
            idx = [header.index(k) for k in pk]
            keys = [tuple(r[i] for i in idx) for r in rows]
            assert len(set(keys)) == len(keys), f"{res['name']}: duplicate primary key"

    def test_tables_foreign_key_to_items(self):
        schema = load_json("tables.schema.json")
        (fk,) = schema["foreignKeys"]
        assert fk["reference"] == {"resource": "items", "fields": "item"}
        tables = pd.read_csv(DATA / "tables.csv", dtype=str, keep_default_na=False)
        items = pd.read_csv(DATA / "items.csv", dtype=str, keep_default_na=False)
        assert set(tables["item"]) <= set(items["item"])

    def test_schema_enums_agree_with_code(self):
        fields = {f["name"]: f for f in resource_schema("tables")["fields"]}
        assert fields["table"]["constraints"]["enum"] == list(TABLE_IDS)
        assert fields["dimension"]["constraints"]["enum"] == list(DIMENSIONS)
        groups = [g for gs in DIMENSIONS.values() for g in gs]
        assert fields["group"]["constraints"]["enum"] == groups
        assert fields["item"]["constraints"]["enum"] == load_items()["item"].tolist()


def test_public_names_exported():
    for name in (
        "load_table",
        "list_tables",
        "load_items",
        "as_table",
        "validate_tables",
        "validate_items",
        "DIMENSIONS",
        "TABLE_IDS",
    ):
        assert name in migstats.__all__


# --------------------------------------------------------------------------
# every problem of a file at once
# --------------------------------------------------------------------------
def broken_corpus() -> pd.DataFrame:
    """tables.csv with four problems: no ``source`` column, a percent of 121 on
    line 12, a group 'Q6' on line 20 and line 2 repeated as the last line (198)."""
    df = pd.read_csv(DATA / "tables.csv", dtype=str, keep_default_na=False)
    df = df.drop(columns="source")
    assert df.loc[10, "table"] == "7.2" and df.loc[18, "dimension"] == "income"
    df.loc[10, ["percent", "reported"]] = "121"
    df.loc[18, "group"] = "Q6"
    return pd.concat([df, df.iloc[[0]]], ignore_index=True)


class TestEveryProblemAtOnce:
    def test_file_lists_every_problem_with_file_row_column(self, tmp_path):
        path = tmp_path / "tables.csv"
        broken_corpus().to_csv(path, index=False)
        with pytest.raises(DataValidationError) as err:
            validate_tables(path, schema=resource_schema("tables"))
        problems = err.value.problems
        assert [(p.source, p.row, p.column) for p in problems] == [
            ("tables.csv", 1, "source"),
            ("tables.csv", 12, "percent"),
            ("tables.csv", 20, "group"),
            ("tables.csv", 198, "group"),
        ]
        assert "missing" in problems[0].message
        assert "[0, 100]" in problems[1].message and problems[1].value == "121"
        assert "'Q5'" in problems[2].message and problems[2].value == "Q6"  # the enum
        assert "duplicate" in problems[3].message and "row 2" in problems[3].message
        # one error, whose message has one line per problem
        lines = str(err.value).splitlines()
        assert len(lines) == 4
        assert all(line.startswith("tables.csv, row ") for line in lines)
        assert (err.value.row, err.value.column) == (1, "source")

    def test_dataframe_is_named_as_a_dataframe(self):
        df = broken_corpus()
        df["percent"] = df["percent"].astype(float)
        for column in ("approximate", "text_reported"):
            df[column] = df[column] == "true"
        df.index = df.index + 100  # rows are named by their index labels
        with pytest.raises(DataValidationError) as err:
            validate_tables(df, schema=resource_schema("tables"))
        problems = err.value.problems
        assert [(p.source, p.row, p.column) for p in problems] == [
            ("DataFrame table", None, "source"),
            ("DataFrame table", 110, "percent"),
            ("DataFrame table", 118, "group"),
            ("DataFrame table", 296, "group"),
        ]
        assert "tables.csv" not in str(err.value)
        assert str(err.value).startswith("DataFrame table, column 'source'")

    def test_one_bad_cell_does_not_cascade(self, tmp_path):
        # a group percent of 121 also breaks the total's range rule, which is not
        # reported: rules see only rows whose cells passed the schema
        text = corpus_text()
        n = line_of(text, "7.6,close_borders,agree,education,hbo/wo,")
        with pytest.raises(DataValidationError) as err:
            validate_tables(write(tmp_path, replace_line(text, n, ",21,21,", ",121,121,")))
        assert [(p.row, p.column) for p in err.value.problems] == [(n, "percent")]

    def test_rules_collect_every_finding(self, tmp_path):
        text = corpus_text()
        n1 = line_of(text, "7.6,close_borders,agree,total,")
        n2 = line_of(text, "7.5,paid_work,agree,income,Q2,")
        text = replace_line(text, n1, ",33,33,", ",33,34,")  # reported != percent
        text = replace_line(text, n2, ",false,false,", ",false,true,")  # text_reported
        with pytest.raises(DataValidationError) as err:
            validate_tables(write(tmp_path, text))
        assert [(p.row, p.column) for p in err.value.problems] == sorted(
            [(n1, "percent"), (n2, "text_reported")]
        )

    def test_generic_schema_has_no_chapter_vocabulary(self):
        for name in ("tables", "items", "claims", "quantifiers"):
            generic = json.dumps(load_json(f"{name}.schema.json")["fields"])
            for chapter_fact in ('"7.1"', "C[0-9]", '"education"', "Q5", "hbo/wo"):
                assert chapter_fact not in generic, (name, chapter_fact)

    def test_chapter_descriptor_only_adds_constraints(self):
        for res in resources():
            generic = load_json(res["schema"])
            refined = resource_schema(res["name"])
            assert [f["name"] for f in refined["fields"]] == [f["name"] for f in generic["fields"]]
            for g, r in zip(generic["fields"], refined["fields"], strict=True):
                assert g["type"] == r["type"]
                assert set(g.get("constraints", {})) <= set(r.get("constraints", {}))


@settings(deadline=None)
@given(
    values=st.lists(
        st.one_of(
            st.sampled_from(["", " ", "NA", "a", "ab", "abc", "7.1", "x y", "C01", "C1"]),
            st.text(max_size=4),
            st.none(),
            st.floats(allow_nan=True),
            st.integers(-3, 3),
        ),
        max_size=8,
    ),
    constraints=st.fixed_dictionaries(
        {},
        optional={
            "required": st.booleans(),
            "enum": st.lists(st.sampled_from(["a", "ab", "7.1", "C01", ""]), max_size=3),
            "pattern": st.sampled_from(["[a-z]+", "C[0-9]{2}", "[0-9]+\\.[0-9]"]),
            "minLength": st.integers(0, 3),
            "maxLength": st.integers(1, 3),
        },
    ),
)
def test_text_cells_taken_at_once_are_those_checked_one_by_one(values, constraints):
    """The schema validator takes plain texts of a text column at once; every value,
    problem and message is the cell-by-cell checks' own."""
    from migstats._corpus import schema

    field = {"name": "x", "type": "string", "constraints": constraints}
    missing = frozenset(["", "NA"])
    got = schema._column(values, field, True, missing)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(schema, "_plain_text", lambda v, *args: [False] * len(v))
        want = schema._column(values, field, True, missing)
    assert got[1] == want[1]
    assert [repr(x) for x in got[0]] == [repr(x) for x in want[0]]
