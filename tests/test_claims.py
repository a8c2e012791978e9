"""Tests for the claims registry and the quantifier table (migstats._corpus.claims)."""

from __future__ import annotations

import json
import re
from importlib import resources

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import migstats
from migstats import DataValidationError
from migstats._corpus.claims import (
    CHECKS,
    CLAIM_COLUMNS,
    CLAIM_KINDS,
    chapter_tables,
    parse_comparison,
    parse_reported,
    select_rows,
    validate_claims,
    validate_quantifiers,
)
from migstats._corpus.package import resource_schema

DATA = resources.files("migstats") / "data"
EDU = ["bo/vmbo", "havo/vwo/mbo", "hbo/wo"]
INC = ["Q1", "Q2", "Q3", "Q4", "Q5"]

#: Claims removed when the chapter was re-read (their ids are not reused):
#: C49 (shortage occupations, exempted by 'meestal' and l.253-254), C83 (results,
#: exempted at l.520-521), C89 (an income split no sentence makes), C93 (the same
#: for language lessons), C98 (the cap, whose education differences the text
#: calls smaller, l.233).
RETIRED_CLAIM_IDS = frozenset({"C49", "C83", "C89", "C93", "C98"})


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return migstats.load_claims()


@pytest.fixture(scope="module")
def quantifiers() -> pd.DataFrame:
    return migstats.load_quantifiers()


@pytest.fixture(scope="module")
def tables(claims) -> pd.DataFrame:
    ids = sorted({t for v in claims["table"] for t in v.split(";") if t})
    return chapter_tables(ids)


def _synthetic_tables() -> pd.DataFrame:
    rows = []
    for g, p in zip(["total", *EDU], [50, 40, 50, 60], strict=True):
        dim = "total" if g == "total" else "education"
        rows.append(("7.5", "item_a", "agree", dim, g, p, False))
    return pd.DataFrame(
        rows,
        columns=["table", "item", "response", "dimension", "group", "percent", "approximate"],
    )


def _claim(**kw) -> pd.DataFrame:
    base = dict.fromkeys(CLAIM_COLUMNS, "")
    base.update(
        claim_id="C01",
        section="7.1.1",
        table="7.5",
        item="item_a",
        response="agree",
        kind="difference",
        dimension="education",
        groups="hbo/wo>bo/vmbo",
        claim="synthetic",
    )
    base.update(kw)
    return pd.DataFrame([base])


class TestLoadClaims:
    def test_size_and_ids(self, claims):
        assert len(claims) >= 30
        assert claims["claim_id"].is_unique
        assert all(re.fullmatch(r"C\d{2,3}", c) for c in claims["claim_id"])
        # ids increase in file order and are never reused: a claim that was
        # removed on re-reading the chapter keeps its id retired
        numbers = [int(c[1:]) for c in claims["claim_id"]]
        assert numbers == sorted(numbers)
        assert not RETIRED_CLAIM_IDS & set(claims["claim_id"])

    def test_columns_match_schema(self, claims):
        schema = json.loads((DATA / "claims.schema.json").read_text())
        assert list(claims.columns) == [f["name"] for f in schema["fields"]]
        assert tuple(claims.columns) == CLAIM_COLUMNS

    def test_every_kind_present(self, claims):
        # chapter 7 has no ratio or rank claims (tested on small reports in TestNewKinds)
        assert set(claims["kind"]) == set(CLAIM_KINDS) - {"ratio", "rank"}

    def test_kind_enum_matches_schema(self):
        schema = json.loads((DATA / "claims.schema.json").read_text())
        kind = next(f for f in schema["fields"] if f["name"] == "kind")
        assert tuple(kind["constraints"]["enum"]) == CLAIM_KINDS
        check = next(f for f in schema["fields"] if f["name"] == "check")
        assert set(check["constraints"]["enum"]) - {""} == set(CHECKS)

    def test_every_check_present(self, claims):
        assert set(claims.loc[claims.kind == "text_table", "check"]) == set(CHECKS)

    def test_sections_covered(self, claims):
        sections = {s for v in claims["section"] for s in v.split(";")}
        for s in ["7.1.1", "7.1.2", "7.1.3", "7.1.4", "7.1.5", "box 7.1", "7.2.1"]:
            assert s in sections

    def test_untestable_have_reasons(self, claims):
        untestable = claims[claims["untestable_reason"] != ""]
        assert len(untestable) >= 3
        assert (untestable["untestable_reason"].str.len() > 40).all()

    def test_references_resolve(self, claims, tables):
        """Independent re-check of what validation promises: every testable
        claim's numbers can be looked up in the published tables."""
        for _, c in claims[claims["untestable_reason"] == ""].iterrows():
            ids = c["table"].split(";")
            for item in c["item"].split(";"):  # a general statement lists several
                for resp in c["response"].split(";"):
                    rows = select_rows(tables, ids, item, resp, c["dimension"])
                    assert len(rows) >= 1
                    assert rows["percent"].between(0, 100).all()

    def test_level_claims_have_quantifiers(self, claims, quantifiers):
        level = claims[
            (claims.kind.isin(["level", "consensus"])) & (claims.untestable_reason == "")
        ]
        assert set(level["quantifier"]) <= set(quantifiers["quantifier"])
        assert (level["quantifier"] != "").all()

    def test_paraphrase_not_dutch(self, claims):
        # claims are English paraphrases; Dutch is kept to the short key phrase
        dutch = re.compile(r"\b(het|een|zijn|niet|voor|mensen|dat)\b")
        assert not any(dutch.search(c) for c in claims["claim"])
        assert (claims["phrase_nl"].str.len() < 90).all()

    def test_known_numbers(self, claims):
        # spot checks against the chapter: text 71% = table 7.1 scores 6-10
        c01 = claims.set_index("claim_id").loc["C01"]
        assert (c01["table"], c01["response"], c01["reported"]) == ("7.1", "6-10", "71")

    def test_returns_copy(self):
        a = migstats.load_claims()
        a.loc[0, "claim"] = "changed"
        assert migstats.load_claims().loc[0, "claim"] != "changed"


class TestValidateClaims:
    def test_valid_synthetic(self):
        out = validate_claims(_claim(), tables=_synthetic_tables())
        assert out.loc[0, "groups"] == "hbo/wo>bo/vmbo"

    @pytest.mark.parametrize(
        ("change", "column"),
        [
            ({"kind": "opinion"}, "kind"),
            ({"table": "7.8"}, "table"),
            ({"item": "no_such_item"}, "item"),
            ({"response": "disagree"}, "response"),
            ({"dimension": "income"}, "dimension"),
            ({"groups": "hbo/wo>Q1"}, "groups"),
            ({"groups": "hbo/wo"}, "groups"),
            ({"kind": "level", "groups": "total", "dimension": "total"}, "quantifier"),
            (
                {
                    "kind": "level",
                    "groups": "total",
                    "dimension": "total",
                    "quantifier": "most_people",
                },
                "quantifier",
            ),
            ({"kind": "text_table", "groups": "hbo/wo"}, "check"),
            ({"check": "equal"}, "check"),
            ({"kind": "larger_gradient", "groups": "all"}, "reference"),
            ({"kind": "larger_gradient", "groups": "all", "reference": "income"}, "reference"),
            ({"kind": "gradient", "groups": "up"}, "groups"),
            ({"kind": "no_difference", "groups": "hbo/wo"}, "groups"),
            # item_difference compares two items in the whole sample, not across groups
            ({"kind": "item_difference", "groups": "hbo/wo;bo/vmbo", "reference": "x"}, "groups"),
            ({"kind": "item_difference", "groups": "hbo/wo", "reference": "x"}, "groups"),
            ({"reported": "about 50"}, "reported"),
            ({"claim": ""}, "claim"),
        ],
    )
    def test_bad_row_names_file_row_column(self, change, column):
        with pytest.raises(DataValidationError) as info:
            validate_claims(_claim(**change), tables=_synthetic_tables())
        err = info.value
        assert err.file == "DataFrame claims"  # a DataFrame is not called a file
        assert err.row == 0  # its index label
        assert err.column == column
        assert str(err).startswith(f"DataFrame claims, row 0, column '{column}'")

    @pytest.mark.parametrize("groups", ["total", "all"])
    def test_item_difference_on_the_whole_sample(self, groups):
        row = _claim(kind="item_difference", dimension="total", groups=groups, reference="item_a")
        tables = _synthetic_tables()
        other = tables[tables["dimension"] == "total"].assign(item="item_b")
        with pytest.raises(DataValidationError) as info:  # the reference must differ ...
            validate_claims(row.assign(reference="no_item"), tables=tables)
        assert info.value.column == "reference"
        both = pd.concat([tables, other], ignore_index=True)
        assert len(validate_claims(row.assign(reference="item_b"), tables=both)) == 1

    def test_file_name_counts_lines(self):
        with pytest.raises(DataValidationError, match=r"^my\.csv, row 2, column 'kind'"):
            validate_claims(_claim(kind="opinion"), tables=_synthetic_tables(), file="my.csv")

    def test_chapter_schema_is_stricter(self):
        # generic ids are free text; chapter 7's descriptor requires C01, C02, ...
        row = _claim(claim_id="X1", dimension="education", phrase_nl="")
        assert len(validate_claims(row, tables=_synthetic_tables())) == 1
        with pytest.raises(DataValidationError) as info:
            validate_claims(row, tables=_synthetic_tables(), schema=resource_schema("claims"))
        columns = [p.column for p in info.value.problems]
        assert columns == ["claim_id", "phrase_nl"]

    def test_every_problem_at_once(self):
        two = pd.concat(
            [_claim(kind="opinion"), _claim(claim_id="C02", groups="hbo/wo>Q1")],
            ignore_index=True,
        )
        with pytest.raises(DataValidationError) as info:
            validate_claims(two, tables=_synthetic_tables())
        where = [(p.row, p.column) for p in info.value.problems]
        assert where == [(0, "kind"), (1, "groups")]
        assert str(info.value).count("DataFrame claims, row") == 2

    def test_untestable_needs_only_text_and_reason(self):
        row = pd.DataFrame(
            {"claim_id": ["a-1"], "kind": ["level"], "claim": ["x"], "untestable_reason": ["y"]}
        )
        out = validate_claims(row, tables=_synthetic_tables())
        assert tuple(out.columns) == CLAIM_COLUMNS and out.loc[0, "table"] == ""

    def test_duplicate_id(self):
        two = pd.concat([_claim(), _claim()], ignore_index=True)
        with pytest.raises(DataValidationError, match="row 1, column 'claim_id'"):
            validate_claims(two, tables=_synthetic_tables())

    def test_missing_column(self):
        with pytest.raises(DataValidationError, match="'claim'") as info:
            validate_claims(_claim().drop(columns="claim"), tables=_synthetic_tables())
        assert info.value.row is None
        # optional columns may be left out
        out = validate_claims(_claim().drop(columns="notes"), tables=_synthetic_tables())
        assert out.loc[0, "notes"] == ""

    def test_not_a_frame(self):
        with pytest.raises(ValueError, match="claims"):
            validate_claims([1, 2, 3])

    def test_untestable_without_data(self):
        row = _claim(
            table="",
            item="",
            response="",
            dimension="",
            groups="",
            kind="time_trend",
            untestable_reason="no numbers",
        )
        assert len(validate_claims(row, tables=_synthetic_tables())) == 1


class TestQuantifiers:
    def test_columns_and_types(self, quantifiers):
        schema = json.loads((DATA / "quantifiers.schema.json").read_text())
        assert list(quantifiers.columns) == [f["name"] for f in schema["fields"]]
        assert quantifiers["min_percent"].dtype == float
        assert quantifiers["low_inclusive"].dtype == bool

    def test_ranges_sane(self, quantifiers):
        q = quantifiers
        assert (q.min_percent >= 0).all() and (q.max_percent <= 100).all()
        assert (q.min_percent < q.max_percent).all()
        assert (q.loc[q.test == "above", "max_percent"] == 100).all()
        assert (q.loc[q.test == "below", "min_percent"] == 0).all()

    def test_documented_meanings(self):
        # 'majority' means more than half, tested one-sided above 50
        assert migstats.quantifier_range("majority")[:3] == (50.0, 100.0, "above")
        assert not migstats.quantifier_range("majority").low_inclusive
        assert migstats.quantifier_range("minority")[:3] == (0.0, 50.0, "below")
        # 'about X' = X +/- 5 points, centred on the fraction named
        for name, centre in [
            ("a_third", 100 / 3),
            ("two_thirds", 200 / 3),
            ("three_quarters", 75),
            ("one_in_five", 20),
            ("half", 50),
        ]:
            r = migstats.quantifier_range(name)
            assert r.test == "within"
            assert r.low == pytest.approx(centre - 5, abs=0.05)
            assert r.high == pytest.approx(centre + 5, abs=0.05)

    def test_nesting_declared_is_true(self, quantifiers):
        q = quantifiers.set_index("quantifier")
        nested = q[q.nested_in != ""]
        assert len(nested) >= 10
        for _name, r in nested.iterrows():
            parent = q.loc[r.nested_in]
            assert parent.min_percent <= r.min_percent <= r.max_percent <= parent.max_percent

    def test_majority_ladder(self):
        ladder = ["majority", "comfortable_majority", "overwhelming_majority"]
        lows = [migstats.quantifier_range(n).low for n in ladder]
        assert lows == sorted(lows) and lows[0] == 50

    @given(p=st.floats(0, 100), data=st.data())
    def test_membership_nested(self, quantifiers, p, data):
        q = quantifiers.set_index("quantifier")
        nested = q[q.nested_in != ""]
        name = data.draw(st.sampled_from(sorted(nested.index)))
        child, parent = q.loc[name], q.loc[q.loc[name].nested_in]
        if child.min_percent <= p <= child.max_percent:
            assert parent.min_percent <= p <= parent.max_percent

    def test_unknown_name(self):
        with pytest.raises(ValueError, match="name"):
            migstats.quantifier_range("most")

    def test_broken_table_rejected(self, quantifiers, monkeypatch):
        bad = quantifiers.copy()
        bad.loc[0, "max_percent"] = 40.0  # below its min of 50
        bad.loc[1, "nested_in"] = "no_such_quantifier"
        with pytest.raises(DataValidationError) as info:
            validate_quantifiers(bad)
        assert str(info.value).startswith("DataFrame quantifiers, row 0, column 'max_percent'")
        assert [(p.row, p.column) for p in info.value.problems] == [
            (0, "max_percent"),
            (1, "nested_in"),
        ]

    def test_broken_file_rejected(self, tmp_path):
        text = (DATA / "quantifiers.csv").read_text(encoding="utf-8")
        path = tmp_path / "quantifiers.csv"
        path.write_text(text.replace(",true,", ",yes,", 1), encoding="utf-8")
        with pytest.raises(DataValidationError, match=r"^quantifiers.csv, row \d+, column"):
            validate_quantifiers(path)

    def test_custom_table(self, quantifiers):
        q = quantifiers.copy()
        q.loc[q.quantifier == "majority", "min_percent"] = 55.0
        assert migstats.quantifier_range("majority", quantifiers=q).low == 55.0
        assert migstats.quantifier_range("majority").low == 50.0


class TestGroupsGrammar:
    def test_pairwise(self):
        c = parse_comparison("hbo/wo>bo/vmbo", EDU)
        assert c.left == ("hbo/wo",) and c.right == (("bo/vmbo",),)

    def test_rest_pools_all_others(self):
        c = parse_comparison("Q5>rest", INC)
        assert c.right == (("Q1", "Q2", "Q3", "Q4"),)

    def test_each_and_pool(self):
        c = parse_comparison("bo/vmbo>havo/vwo/mbo,hbo/wo", EDU)
        assert c.right == (("havo/vwo/mbo",), ("hbo/wo",))
        c = parse_comparison("Q1+Q2>Q4+Q5", INC)
        assert c.left == ("Q1", "Q2") and c.right == (("Q4", "Q5"),)

    @pytest.mark.parametrize("bad", ["Q1", "Q1>Q2>Q3", "Q1>Q9", "Q1>Q1", "Q1+Q2>Q2"])
    def test_malformed(self, bad):
        with pytest.raises(ValueError, match="groups"):
            parse_comparison(bad, INC)

    @given(st.lists(st.sampled_from(INC), min_size=2, max_size=5, unique=True), st.integers(1, 4))
    def test_round_trip(self, groups, cut):
        cut = min(cut, len(groups) - 1)
        left, right = groups[:cut], groups[cut:]
        c = parse_comparison("+".join(left) + ">" + "+".join(right), INC)
        assert c.left == tuple(left) and c.right == (tuple(right),)
        rest = parse_comparison("+".join(left) + ">rest", INC)
        assert set(rest.right[0]) == set(INC) - set(left)

    def test_parse_reported(self):
        assert parse_reported("57;51-54") == [(57.0, 57.0), (51.0, 54.0)]
        assert parse_reported("") == []


class TestSelectRows:
    def test_score_range_is_summed(self, tables):
        rows = select_rows(tables, ["7.1"], "refugee_intake", "6-10", "total")
        t71 = tables[(tables.table == "7.1") & tables.response.isin([str(s) for s in range(6, 11)])]
        assert rows.loc[0, "percent"] == pytest.approx(t71["percent"].sum())
        assert rows.loc[0, "n_parts"] == 5

    def test_published_range_used_directly(self, tables):
        rows = select_rows(tables, ["text"], "refugee_intake", "6-10", "education")
        assert rows["group"].tolist() == EDU
        assert (rows["n_parts"] == 1).all()

    def test_unknown(self, tables):
        with pytest.raises(ValueError, match="item"):
            select_rows(tables, ["7.2"], "nope", "agree", "total")
        with pytest.raises(ValueError, match="response"):
            select_rows(tables, ["7.2"], "family_reunification", "7-9", "total")

    def test_fractional_numbers(self):
        t = _synthetic_tables()
        assert np.allclose(
            select_rows(t, ["7.5"], "item_a", "agree", "education")["percent"], [40, 50, 60]
        )


class TestAnyReport:
    """Generic schemas: a report that is not chapter 7 (an age dimension, free ids)."""

    def tables(self) -> pd.DataFrame:
        rows = [("T1", "trust_gov", "agree", "total", "total", 40.0, False)]
        rows += [
            ("T1", "trust_gov", "agree", "age", g, p, False)
            for g, p in [("18-34", 30.0), ("35-64", 40.0), ("65+", 50.0)]
        ]
        return pd.DataFrame(
            rows,
            columns=["table", "item", "response", "dimension", "group", "percent", "approximate"],
        )

    def test_age_claims_validate(self):
        claims = pd.DataFrame(
            {
                "claim_id": ["age-1", "age-2"],
                "kind": ["gradient", "difference"],
                "table": ["T1", "T1"],
                "item": ["trust_gov", "trust_gov"],
                "response": ["agree", "agree"],
                "dimension": ["age", "age"],
                "groups": ["increasing", "65+>18-34"],
                "claim": ["Trust rises with age.", "The old trust more than the young."],
            }
        )
        out = validate_claims(claims, tables=self.tables())
        assert out["dimension"].tolist() == ["age", "age"]
        assert out["phrase_nl"].tolist() == ["", ""]

    def test_unknown_group_and_dimension_listed_together(self):
        claims = pd.DataFrame(
            {
                "claim_id": ["a", "b"],
                "kind": ["difference", "gradient"],
                "table": ["T1", "T1"],
                "item": ["trust_gov", "trust_gov"],
                "response": ["agree", "agree"],
                "dimension": ["age", "region"],
                "groups": ["80+>18-34", "increasing"],
                "claim": ["x", "y"],
            }
        )
        with pytest.raises(DataValidationError) as info:
            validate_claims(claims, tables=self.tables())
        assert [(p.row, p.column) for p in info.value.problems] == [
            (0, "groups"),
            (1, "dimension"),
        ]
        assert "'80'" in str(info.value) and "'region'" in str(info.value)


def test_bundled_package_is_validated_once():
    from migstats._corpus import bundled

    migstats.load_table("7.1")
    migstats.load_claims()
    before = bundled.cache_info()
    migstats.load_table("7.2")
    migstats.load_items()
    migstats.load_claims()
    migstats.load_quantifiers()
    after = bundled.cache_info()
    assert after.misses == before.misses


@pytest.fixture(scope="module")
def en() -> pd.DataFrame:
    return migstats.load_quantifiers("en").set_index("quantifier")


class TestQuantifierSets:
    """The bundled English and Dutch sets (data/quantifier_sets/en.csv, data/quantifiers.csv)."""

    # the readings asked for in issue 11 (conventions documented in each rationale)
    @pytest.mark.parametrize(
        ("key", "low", "high", "test", "scale"),
        [
            ("about_four_in_ten", 35, 45, "within", "percent"),
            ("roughly_a_quarter", 20, 30, "within", "percent"),
            ("nearly_half", 45, 50, "within", "percent"),
            ("six_in_ten", 55, 65, "within", "percent"),
            ("most", 50, 100, "above", "percent"),
            ("majority", 50, 100, "above", "percent"),
            ("nearly_twice", 1.75, 2.0, "within", "ratio"),
            ("about_twice", 1.75, 2.25, "within", "ratio"),
        ],
    )
    def test_readings(self, en, key, low, high, test, scale):
        r = migstats.quantifier_range(key, quantifiers=en.reset_index())
        assert (r.low, r.high, r.test, r.scale) == (low, high, test, scale)

    def test_nearly_excludes_its_target(self, en):
        assert not en.loc["nearly_half", "high_inclusive"]
        assert not en.loc["nearly_twice", "high_inclusive"]

    @pytest.mark.parametrize("n", range(1, 10))
    def test_n_in_ten_is_n_tenths_plus_minus_half_a_tenth(self, en, n):
        word = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"][n - 1]
        for prefix in ("", "about_", "roughly_"):
            row = en.loc[f"{prefix}{word}_in_ten"]
            assert (row["min_percent"], row["max_percent"]) == (10 * n - 5, 10 * n + 5)

    def test_half_as_likely_is_the_reciprocal_of_about_twice(self, en):
        lo, hi = en.loc["half_as_likely", ["min_percent", "max_percent"]]
        assert lo == pytest.approx(1 / 2.25, abs=1e-4) and lo >= 1 / 2.25
        assert hi == pytest.approx(1 / 1.75, abs=1e-4) and hi <= 1 / 1.75

    @pytest.mark.parametrize("name", ["nl", "en"])
    def test_every_reading_has_a_rationale(self, name):
        q = migstats.load_quantifiers(name)
        assert (q["rationale"].str.len() > 20).all()
        ratio = q["scale"] == "ratio"
        assert q.loc[ratio, "rationale"].str.contains("RATIO").all()

    def test_rank_words_in_both_sets(self):
        for name in ("nl", "en"):
            q = migstats.load_quantifiers(name).set_index("quantifier")
            assert q.loc["highest", "test"] == "highest"
            assert q.loc["lowest", "test"] == "lowest"

    def test_shared_ids_read_the_same(self, en):
        nl = migstats.load_quantifiers("nl").set_index("quantifier")
        shared = sorted(set(nl.index) & set(en.index))
        assert {"majority", "nearly_half", "nearly_twice", "half_as_likely"} <= set(shared)
        cols = ["min_percent", "max_percent", "test", "low_inclusive", "high_inclusive"]
        pd.testing.assert_frame_equal(nl.loc[shared, cols], en.loc[shared, cols])

    def test_example_report_ids_align(self, en):
        # the ids of the second example report's quantifiers (issue 11, point 6)
        path = DATA / "reports" / "pew_inequality_2020" / "quantifiers.csv"
        if not path.is_file():
            pytest.skip("example report not bundled")
        pew = pd.read_csv(str(path), dtype=str, keep_default_na=False)
        assert set(pew["quantifier"]) <= set(en.index)
        for _, r in pew.iterrows():
            if r["min_percent"]:
                assert float(r["min_percent"]) == en.loc[r["quantifier"], "min_percent"]
                assert float(r["max_percent"]) == en.loc[r["quantifier"], "max_percent"]

    def test_chapter_set_is_default(self):
        pd.testing.assert_frame_equal(migstats.load_quantifiers(), migstats.load_quantifiers("nl"))

    def test_unknown_set(self):
        with pytest.raises(ValueError, match="name"):
            migstats.load_quantifiers("de")

    def test_rank_word_with_a_range_is_invalid(self):
        q = migstats.load_quantifiers("en")
        q.loc[q["quantifier"] == "highest", "max_percent"] = 50.0
        with pytest.raises(DataValidationError, match="rank test"):
            validate_quantifiers(q)

    def test_unknown_scale_is_invalid(self):
        q = migstats.load_quantifiers("en")
        q.loc[q["quantifier"] == "most", "scale"] = "odds"
        with pytest.raises(DataValidationError, match="scale"):
            validate_quantifiers(q)

    def test_a_table_changed_after_validation_is_validated_again(self):
        """Validated tables are remembered by their content: one changed in place is not."""
        q = validate_quantifiers(migstats.load_quantifiers("en"))
        assert validate_quantifiers(q).equals(q)  # remembered: the same table back
        q.loc[q["quantifier"] == "most", "max_percent"] = 90.0  # changed in place
        with pytest.raises(DataValidationError, match="max_percent"):
            validate_quantifiers(q)

    def test_the_memory_tells_a_missing_value_from_its_text(self):
        """Fingerprints tell a missing cell from the text "None" or "nan", a number from its
        text, and hold text alike whatever dtype holds it."""
        from migstats._corpus.validated import fingerprint

        obj = {"dtype": object}
        differ = [
            ({"x": ["a", None]}, {"x": ["a", "None"]}, obj),
            ({"x": ["a", np.nan]}, {"x": ["a", "nan"]}, obj),
            ({"x": [1, 1.0]}, {"x": [1, "1.0"]}, obj),
            ({"x": ["a", "b"], "y": [1, "1.0"]}, {"x": ["a", "b"], "y": [1, 1.0]}, obj),
        ]
        for a, b, kw in differ:
            assert fingerprint(pd.DataFrame(a, **kw)) != fingerprint(pd.DataFrame(b, **kw)), a
        text = pd.DataFrame({"x": ["a", "b"]}, dtype=object)
        for other in (pd.array(["a", "b"], dtype="string"), pd.Categorical(["a", "b"])):
            assert fingerprint(text) == fingerprint(pd.DataFrame({"x": other}))
        # a table checked with the text "None" does not pass for one with a missing key
        from migstats._corpus import check_given_tables

        row = dict(table="1", item="None", response="yes", dimension="total", group="total")
        check_given_tables(pd.DataFrame([dict(row, percent=40.0)], dtype=object))
        with pytest.raises(DataValidationError, match="column 'item': a value is required"):
            check_given_tables(pd.DataFrame([dict(row, item=None, percent=40.0)], dtype=object))


class TestNewKindsGrammar:
    def test_parse_ratio(self):
        from migstats._corpus.claims import parse_ratio

        assert parse_ratio("a+b;c", ["a", "b", "c"]) == (("a", "b"), ("c",))
        for bad in ("a", "a;b;c", "a;a", "a;z"):
            with pytest.raises(ValueError, match="groups"):
                parse_ratio(bad, ["a", "b", "c"])

    def test_schema_lists_the_new_kinds(self):
        schema = json.loads((DATA / "claims.schema.json").read_text())
        kind = next(f for f in schema["fields"] if f["name"] == "kind")
        assert {"ratio", "rank"} <= set(kind["constraints"]["enum"])
        assert "ratio:" in kind["description"] and "rank:" in kind["description"]

    def test_dimension_orders(self):
        from migstats._corpus import dimension_orders

        d = dimension_orders(
            {"age": ["a", "b"], "party": {"groups": ["x", "y"], "ordered": False, "notes": 1}}
        )
        assert d["age"] == (("a", "b"), True)
        assert d["party"] == (("x", "y"), False)
        with pytest.raises(ValueError, match="dimensions"):
            dimension_orders({"age": {"ordered": "yes"}})
        with pytest.raises(ValueError, match="dimensions"):
            dimension_orders("age")


class TestChapterCoding:
    """The chapter's claims as the chapter makes them (coding rules of docs/another-report.md)."""

    def test_comparatives_are_not_consensus(self, claims):
        # "geringer", "relatief klein": a level claim plus a smaller-difference claim,
        # never a negligible-difference (consensus) claim
        c = claims.set_index("claim_id")
        for level, smaller in (("C38", "C101"), ("C91", "C102"), ("C92", "C103")):
            assert c.loc[level, "kind"] == "level" and c.loc[level, "groups"] == "all"
            assert c.loc[smaller, "kind"] == "small_difference"
            assert c.loc[smaller, "item"] == c.loc[level, "item"]
            assert c.loc[smaller, "reference"]

    def test_no_income_split_the_text_does_not_make(self, claims):
        c = claims.set_index("claim_id")
        assert (c.loc[["C91", "C92"], "dimension"] == "education").all()

    def test_sentence_about_the_total_is_read_for_the_total(self, claims):
        c = claims.set_index("claim_id")
        assert tuple(c.loc["C87", ["dimension", "groups", "reported"]]) == ("total", "total", "70")
        assert c.loc["C88", "kind"] == "level" and c.loc["C88", "groups"] == "total"

    def test_extreme_groups_as_in_the_same_sentence(self, claims):
        c = claims.set_index("claim_id")
        assert c.loc["C57", "groups"] == "hbo/wo>bo/vmbo"
        assert c.loc["C58", "groups"] == "Q5>Q1"

    def test_untestable_missed_claims_give_a_reason(self, claims):
        c = claims.set_index("claim_id")
        for cid in ("C106", "C108", "C109"):
            assert c.loc[cid, "untestable_reason"]
            assert (
                "publish" in c.loc[cid, "untestable_reason"]
                or "figures" in (c.loc[cid, "untestable_reason"])
            )

    def test_hedge_kept_in_paraphrase(self, claims):
        c = claims.set_index("claim_id")
        assert "lijkt" in c.loc["C07", "phrase_nl"]
        assert "it seems" in c.loc["C07", "claim"]
        assert c.loc["C07", "hedge"] == "lijkt"
        # a hedge is a word of the phrase as printed
        hedged = claims[claims["hedge"] != ""]
        assert all(h in p for h, p in zip(hedged["hedge"], hedged["phrase_nl"], strict=True))

    def test_general_statements_name_every_item(self, claims):
        c = claims.set_index("claim_id")
        assert set(c.loc["C90", "item"].split(";")) == {
            "close_borders",
            "temporary_labour_migrants_only",
            "always_shelter_war_refugees",
            "paid_work",
        }
        # C94 and C110 together cover the three themes of l.757-758, with
        # opposite directions (restrictive vs support statements)
        assert c.loc["C94", "groups"] == "decreasing" and c.loc["C110", "groups"] == "increasing"
        assert not set(c.loc["C94", "item"].split(";")) & set(c.loc["C110", "item"].split(";"))
        # language lessons are exempted by the text (small differences, l.761-763)
        general = claims[claims["item"].str.contains(";")]
        assert (
            not general["item"].str.contains("language_lessons").any()
            or (
                general.loc[general["item"].str.contains("language_lessons"), "kind"] == "level"
            ).all()
        )

    def test_multi_item_claim_validated_per_item(self, tables):
        claims = migstats.load_claims()
        bad = claims.copy()
        i = bad.index[bad["claim_id"] == "C94"][0]
        bad.loc[i, "item"] = "close_borders;no_such_item"
        with pytest.raises(DataValidationError, match="no_such_item"):
            validate_claims(bad, tables=tables)


class TestQuantifierReadings:
    """quantifier_readings: strict, usage and plain ranges with their sources."""

    def test_order_and_sources(self):
        r = migstats.quantifier_readings("large_majority")
        assert list(r) == ["strict", "usage", "plain"]
        assert all(v.source for v in r.values())
        assert "l.515-517" in r["usage"].source

    @pytest.mark.parametrize("name", ["comfortable_majority", "large_majority"])
    def test_usage_bounded_by_the_loosest_use(self, name):
        # independent check: the loosest number the chapter attaches the word to
        # (58% for 'ruime meerderheid' at l.187, 60% for 'grote meerderheid' at
        # l.516-517), minus half a unit of its rounding
        loosest = {"comfortable_majority": 58, "large_majority": 60}[name]
        usage = migstats.quantifier_readings(name)["usage"].range
        assert usage.low == loosest - 0.5 and usage.test == "above"

    def test_plain_reading_of_slightly_less_than_half_is_below_half(self):
        # C13: 'iets minder dan de helft (42%)'; the plain reading is 'less than half'
        r = migstats.quantifier_readings("slightly_less_than_half")
        assert (r["plain"].range.low, r["plain"].range.high, r["plain"].range.test) == (
            0.0,
            50.0,
            "below",
        )
        assert r["usage"].range.low <= 42 < r["usage"].range.high

    def test_reading_ranges_contain_the_strict_range(self):
        for q in ("nl", "en"):
            for name in migstats.load_quantifiers(q)["quantifier"]:
                r = migstats.quantifier_readings(name, quantifiers=migstats.load_quantifiers(q))
                s = r["strict"].range
                for reading in ("usage", "plain"):
                    x = r[reading].range
                    assert x.low <= s.low and x.high >= s.high, (q, name, reading)

    def test_every_number_attached_in_the_report_lies_in_the_usage_reading(self, claims):
        # identity: a level claim's reported total figure must lie in its
        # quantifier's usage reading (that is what the usage reading records)
        q = migstats.load_quantifiers()
        for _, c in claims[(claims["kind"] == "level") & (claims["reported"] != "")].iterrows():
            if not c["quantifier"] or c["untestable_reason"]:
                continue
            u = migstats.quantifier_readings(c["quantifier"], quantifiers=q)["usage"].range
            for low, high in parse_reported(c["reported"]):
                assert u.low <= low and high <= u.high, (c["claim_id"], low, u)

    def test_bundled_report(self):
        r = migstats.quantifier_readings("most", report="pew-inequality-2020")
        assert r["usage"].same_as_strict and "P12" in r["usage"].source

    def test_unknown_name(self):
        with pytest.raises(ValueError, match="name"):
            migstats.quantifier_readings("no_such_word")

    def test_one_pass_over_the_table_reads_what_each_lookup_reads(self):
        # the audit reads every quantifier of a table in one pass (dict rows);
        # each must equal the public lookup by name (a pandas row), exactly
        from migstats._audit.readings import readings_by_quantifier

        for q in (migstats.load_quantifiers("nl"), migstats.load_quantifiers("en")):
            every = readings_by_quantifier(q)
            ranged = q.loc[q["test"].isin(["above", "below", "within"]), "quantifier"]
            assert sorted(every) == sorted(ranged)
            for name, readings in every.items():
                assert readings == migstats.quantifier_readings(name, quantifiers=q), name
                assert readings["strict"].range == migstats.quantifier_range(name, quantifiers=q)

    def test_reading_rules(self):
        q = migstats.load_quantifiers()
        i = q.index[q["quantifier"] == "majority"][0]
        bad = q.copy()
        bad.loc[i, "plain_min_percent"] = 55.0  # does not contain the strict (50, 100]
        bad.loc[i, "plain_max_percent"] = 100.0
        bad.loc[i, "plain_source"] = "test"
        j = q.index[q["quantifier"] == "half"][0]
        bad.loc[j, "usage_min_percent"] = 40.0  # no upper end
        with pytest.raises(DataValidationError, match="plain_min_percent") as err:
            validate_quantifiers(bad)
        assert {p.column for p in err.value.problems} >= {"plain_min_percent", "usage_min_percent"}

    @given(low=st.floats(0, 49), width=st.floats(1, 50))
    def test_reading_test_follows_its_ends(self, low, width):
        q = migstats.load_quantifiers()
        i = q.index[q["quantifier"] == "half"][0]
        high = min(low + width, 100.0)
        lo, hi = min(low, 45.0), max(high, 55.0)
        q.loc[i, ["usage_min_percent", "usage_max_percent"]] = [lo, hi]
        q.loc[i, "usage_source"] = "test"
        if lo == 0 and hi == 100:
            return
        r = migstats.quantifier_readings("half", quantifiers=validate_quantifiers(q))["usage"]
        want = "below" if lo == 0 else "above" if hi == 100 else "within"
        assert r.range.test == want and (r.range.low, r.range.high) == (lo, hi)


def _check_phrases():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "tools" / "check_phrases.py"
    spec = importlib.util.spec_from_file_location("check_phrases", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestCheckPhrases:
    """tools/check_phrases.py on a made-up chapter (the real one is never read here)."""

    TEXT = (
        "Een meerderheid (57%) is het oneens met de\n"
        "stelling. De verschillen tussen opleidings- \nen inkomensgroepen zijn maat- \n"
        "schappelijk klein. \u2018Veel\u2019 steun.\n"
    )

    def run(self, tmp_path, phrases, text=TEXT):
        chapter = tmp_path / "chapter.txt"
        chapter.write_text(text, encoding="utf-8")
        claims = tmp_path / "claims.csv"
        rows = "".join(f'C{i:02d},"{p}"\n' for i, p in enumerate(phrases, 1))
        claims.write_text("claim_id,phrase_nl\n" + rows, encoding="utf-8")
        tool = _check_phrases()
        return tool.main([str(chapter), "--claims", str(claims)]), tool.misses(claims, chapter)

    def test_found(self, tmp_path):
        phrases = [
            "een meerderheid (57%) is het oneens met de stelling",  # case, line break
            "opleidings- en inkomensgroepen",  # hyphen kept
            "maatschappelijk klein",  # hyphenation joined
            "(57%) ... oneens ... klein",  # elision, in order
            "'veel' steun",  # curly quotes
            "",  # empty: not checked
        ]
        status, missed = self.run(tmp_path, phrases)
        assert (status, missed) == (0, [])

    def test_missed(self, tmp_path, capsys):
        status, missed = self.run(tmp_path, ["klein ... meerderheid", "(57%) oneens"])
        assert status == 1
        assert [m[0] for m in missed] == ["C01", "C02"]
        assert "C02" in capsys.readouterr().out

    def test_absent_chapter_is_skipped(self, tmp_path, capsys):
        tool = _check_phrases()
        assert tool.main([str(tmp_path / "absent.txt")]) == 0
        assert "skipped" in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["small_difference", "larger_gradient"])
def test_gradient_comparison_without_reference_is_refused_by_validation(kind):
    """Nothing that validates is later rejected by the audit: a comparison needs its reference."""
    claims = migstats.load_claims()
    row = claims[claims["kind"] == kind].head(1).assign(reference="")
    with pytest.raises(ValueError, match=rf"reference is required for kind '{kind}'"):
        migstats.audit(claims=row)


@settings(deadline=None, max_examples=60)
@given(
    cells=st.lists(
        st.one_of(
            st.none(),
            st.text(max_size=3),
            st.floats(allow_nan=True),
            st.integers(-3, 3),
            st.booleans(),
        ),
        min_size=1,
        max_size=8,
    ),
    data=st.data(),
)
def test_fingerprints_tell_frames_apart_by_content(cells, data):
    """Equal content, equal fingerprints (copies, a text column held as pandas' text);
    one cell changed to another value or another kind of value, another fingerprint."""
    from migstats._corpus.validated import fingerprint

    frame = pd.DataFrame({"x": pd.Series(cells, dtype=object)})
    assert fingerprint(frame) == fingerprint(frame.copy())
    if all(isinstance(c, str) for c in cells):
        assert fingerprint(frame) == fingerprint(frame.astype("string"))
    k = data.draw(st.integers(0, len(cells) - 1))
    other = data.draw(st.one_of(st.none(), st.text(max_size=3), st.floats(), st.integers(-3, 3)))
    old = cells[k]
    same = type(other) is type(old) and (other == old or (other != other and old != old))
    if not same:
        changed = frame.copy()
        changed.iloc[k, 0] = other
        assert fingerprint(changed) != fingerprint(frame)
