"""Tests for the claims registry and the quantifier table (migstats._corpus.claims)."""

from __future__ import annotations

import json
import re
from importlib import resources

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
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
        # ids are consecutive, in file order
        numbers = [int(c[1:]) for c in claims["claim_id"]]
        assert numbers == list(range(1, len(claims) + 1))

    def test_columns_match_schema(self, claims):
        schema = json.loads((DATA / "claims.schema.json").read_text())
        assert list(claims.columns) == [f["name"] for f in schema["fields"]]
        assert tuple(claims.columns) == CLAIM_COLUMNS

    def test_every_kind_present(self, claims):
        # chapter 7 has every kind but ratio and rank, which the Pew report has
        from migstats import load_report

        pew = load_report("pew-inequality-2020").claims
        assert set(claims["kind"]) | set(pew["kind"]) == set(CLAIM_KINDS)

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
            for resp in c["response"].split(";"):
                rows = select_rows(tables, ids, c["item"], resp, c["dimension"])
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
