"""The audit's headline: published facts first, the group inflation rules, the error rate.

Expected values come from independent sources: the margin-of-error formula
written out (Kish 1965, section 8.2), brute-force weighting configurations
for the group bound, statsmodels' Benjamini-Hochberg, and hand-made report
facts.
"""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

import migstats
from migstats._audit import error_rate_phrase, resolve_headline
from migstats._audit.settings import DEFAULT_CORRECTION, audit_settings
from migstats._corpus import GROUP_INFLATION_RULES, inflated_design, kish_group_bound

SOURCE_KINDS = {"published", "derived", "assumed"}


def _kish(pi, s, cv2):
    """Kish deff of weighting and the groups' variance multipliers, by definition."""
    pi, s, cv2 = map(np.asarray, (pi, s, cv2))
    m = pi / s * (1 + cv2)
    return float(np.sum(pi * m)), m


class TestKishGroupBound:
    def test_no_weighting_no_inflation(self):
        assert kish_group_bound(1.0, [0.1, 0.5, 0.9]) == pytest.approx([1.0, 1.0, 1.0])

    def test_attained_by_equal_weights_within_groups(self):
        # the bound m: sample the group at s = pi / m, the rest self-weighting
        pi = np.array([0.25, 0.35, 0.40])
        for d in (1.1, 1.5, 2.0):
            m = float(kish_group_bound(d, pi[0]))
            s0 = pi[0] / m
            s = np.concatenate([[s0], pi[1:] / pi[1:].sum() * (1 - s0)])
            deff, mult = _kish(pi, s, np.zeros(3))
            assert deff == pytest.approx(d, rel=1e-9)
            assert mult[0] == pytest.approx(m, rel=1e-9)

    def test_below_the_simpler_bound(self):
        # (D - (1 - pi)^2) / pi drops the factor 1 / (1 - s_g) >= 1
        pi = np.linspace(0.05, 0.95, 19)
        for d in (1.0, 1.3, 2.0, 4.0):
            assert np.all(kish_group_bound(d, pi) <= (d - (1 - pi) ** 2) / pi + 1e-12)

    def test_brute_force_configurations(self):
        rng = np.random.default_rng(1)
        pi = np.array([0.2, 0.3, 0.5])
        for _ in range(2000):
            s = rng.dirichlet(np.ones(3))
            cv2 = rng.exponential(0.3, 3)
            deff, m = _kish(pi, s, cv2)
            assert np.all(m <= kish_group_bound(deff, pi) * (1 + 1e-9))

    @given(st.floats(1.0, 5.0), st.floats(1.0, 5.0), st.floats(0.01, 0.99, allow_subnormal=False))
    def test_monotone_in_deff(self, d1, d2, pi):
        lo, hi = sorted((d1, d2))
        assert 1.0 - 1e-12 <= kish_group_bound(lo, pi) <= kish_group_bound(hi, pi) + 1e-12

    @pytest.mark.parametrize(
        ("deff", "share", "name"),
        [(0.9, 0.3, "deff"), (1.5, 0.0, "share"), (1.5, 1.0, "share"), (1.5, np.nan, "share")],
    )
    def test_bad_input(self, deff, share, name):
        with pytest.raises(ValueError, match=name):
            kish_group_bound(deff, share)


class TestInflatedDesign:
    design = migstats.SampleDesign(
        2900, (2900, 2900), {"edu": {"low": 0.25, "mid": 0.35, "high": 0.40}}, deff=1.5
    )

    def test_scenario_halves_the_first_groups_selection(self):
        d = inflated_design(self.design, "scenario")
        q = d.sample_group_shares("edu").to_numpy()
        # selected at half rate: 0.125 / (0.125 + 0.75)
        assert q[0] == pytest.approx(0.125 / 0.875)
        assert d.group_deffs("edu").tolist() == pytest.approx([1.5 * 1.125, 1.5, 1.5])

    def test_bound_sets_every_group(self):
        d = inflated_design(self.design, "bound", 1.5)
        expected = kish_group_bound(1.5, [0.25, 0.35, 0.40])
        assert d.group_deffs("edu", 1.5).to_numpy() == pytest.approx(expected)

    def test_published_groups_left_alone(self):
        d = self.design.with_published_groups("edu", {"low": 500, "mid": 1000, "high": 1400})
        for rule in GROUP_INFLATION_RULES:
            assert inflated_design(d, rule) is d

    def test_bad_rule(self):
        with pytest.raises(ValueError, match="group_inflation"):
            inflated_design(self.design, "worst")


def _pew_margin_deff_high():
    # Kish (1965) 8.2: deff = (moe / (100 z sqrt(p (1 - p) / n)))^2, at the upper
    # end 1.65 of the rounding interval of the printed 1.6
    z = stats.norm.ppf(0.975)
    return (1.65 / (100 * z * np.sqrt(0.25 / 6878))) ** 2


class TestResolveHeadline:
    def test_defaults_where_nothing_is_published(self):
        h = resolve_headline(migstats.LISS_2023)
        assert (h.n, h.deff, h.group_inflation) == (1500, 2.0, "none")
        rows = h.frame().set_index("quantity")
        assert rows.loc["n", "source_kind"] == "assumed"
        assert "lower end" in rows.loc["n", "source"]
        assert set(rows["source_kind"]) <= SOURCE_KINDS

    def test_published_margin_gives_the_upper_deff(self):
        pew = migstats.load_report("pew-inequality-2020")
        h = resolve_headline(pew.design, pew)
        assert h.n == 6878
        assert h.deff == pytest.approx(_pew_margin_deff_high(), rel=1e-9)
        rows = h.frame().set_index("quantity")
        assert rows.loc["n", "source_kind"] == "published"
        assert rows.loc["deff", "source_kind"] == "derived"
        assert h.group_inflation == "scenario"

    def test_explicit_values_win(self):
        pew = migstats.load_report("pew-inequality-2020")
        h = resolve_headline(pew.design, pew, n=5000, deff=1.2, group_inflation="none")
        assert (h.n, h.deff, h.group_inflation) == (5000, 1.2, "none")
        assert "given by the caller" in h.frame().set_index("quantity").loc["deff", "source"]

    def test_margin_refers_to_the_published_n(self):
        # an explicit n moves the headline, not the n the published margin refers to
        pew = migstats.load_report("pew-inequality-2020")
        h = resolve_headline(pew.design, pew, n=3000)
        assert h.n == 3000
        assert h.deff == pytest.approx(_pew_margin_deff_high(), rel=1e-9)

    def test_published_deff_beats_the_margin(self):
        pew = migstats.load_report("pew-inequality-2020")
        facts = {**pew.metadata.get("designFacts", {})}
        facts["deff"] = {"value": 1.4, "source": "methods, p. 2"}
        rep = dataclasses.replace(pew, metadata={**pew.metadata, "designFacts": facts})
        h = resolve_headline(rep.design, rep)
        assert h.deff == 1.4
        assert h.frame().set_index("quantity").loc["deff", "source"] == "methods, p. 2"

    def test_bad_rule(self):
        with pytest.raises(ValueError, match="group_inflation"):
            resolve_headline(migstats.LISS_2023, group_inflation="max")


class TestErrorRate:
    def test_phrases(self):
        assert error_rate_phrase("fdr_bh", 0.05, 83) == "FDR 5% (Benjamini-Hochberg) over 83 claims"
        assert error_rate_phrase("holm", 0.05, 83) == "FWER 5% (Holm) over 83 claims"
        assert error_rate_phrase("none", 0.05, 83) == "per-claim 5%"

    def test_default_is_bh(self):
        assert DEFAULT_CORRECTION == "fdr_bh"
        assert audit_settings(None, None, None, None).correction == "fdr_bh"

    def test_publishers_alpha_is_the_default(self):
        pew = migstats.load_report("pew-inequality-2020")
        facts = {**pew.metadata.get("designFacts", {})}
        facts["alpha"] = {"value": 0.01, "source": "methods, p. 3"}
        rep = dataclasses.replace(pew, metadata={**pew.metadata, "designFacts": facts})
        s = audit_settings(rep.design, None, None, None, report=rep)
        assert s.alpha == 0.01
        assert s.alpha_origin == ("published", "methods, p. 3")
        assert audit_settings(rep.design, None, None, 0.1, report=rep).alpha == 0.1
        assert audit_settings(rep.design, None, None, None).alpha == 0.05


@pytest.fixture(scope="module")
def pew():
    return migstats.audit(report="pew-inequality-2020")


class TestAuditHeadline:
    def test_pew_judged_at_its_own_deff(self, pew):
        n, deff = pew.settings.headline_point
        assert n == 6878
        assert deff == pytest.approx(_pew_margin_deff_high(), rel=1e-9)

    def test_error_rate_counts_tested_claims(self, pew):
        m = int(pew.frame["pvalue_adjusted"].notna().sum())
        assert pew.error_rate == f"FDR 5% (Benjamini-Hochberg) over {m} claims"

    def test_design_values_frame(self, pew):
        dv = pew.design_values()
        assert list(dv.columns) == ["quantity", "value", "source_kind", "source"]
        assert {"n", "deff", "group_n", "group_deff", "alpha"} <= set(dv["quantity"])
        assert set(dv["source_kind"]) <= SOURCE_KINDS
        assert (dv["source"].str.len() > 0).all()

    def test_explicit_n_and_deff_move_the_headline(self):
        claims = migstats.load_claims().head(25)
        res = migstats.audit(claims=claims, n=5480, deff=1.0, group_inflation="none")
        assert res.settings.headline_point == (5480.0, 1.0)
        f = res.frame
        assert (f["verdict"] == f["verdict_central"]).all()
        default = migstats.audit(claims=claims)
        assert default.settings.headline_point == (1500.0, 2.0)
        assert (default.frame["verdict"] != f["verdict"]).any()

    def test_bh_adjusted_pvalues(self, pew):
        from statsmodels.stats.multitest import multipletests

        t = pew.frame[pew.frame["pvalue"].notna()]
        assert np.allclose(t["pvalue_adjusted"], multipletests(t["pvalue"], method="fdr_bh")[1])

    def test_bad_group_inflation(self):
        with pytest.raises(ValueError, match="group_inflation"):
            migstats.audit(claims=migstats.load_claims().head(2), group_inflation="all")


class TestDesignProvenanceFromFacts:
    """A package's design and its audit tell the same origins of n and deff."""

    def test_pew_n_published_and_deff_derived_from_its_margin(self, pew):
        design = migstats.load_report("pew-inequality-2020").design
        prov = design.provenance().set_index("quantity")
        facts = migstats.load_report("pew-inequality-2020").metadata["designFacts"]
        assert tuple(prov.loc["n", ["source_kind", "source"]]) == (
            "published",
            facts["n"]["source"],
        )
        assert prov.loc["deff", "source_kind"] == "derived"
        assert "+/-1.6 points at n = 6878" in prov.loc["deff", "source"]
        # the audit's own list agrees on the kinds
        audit_kinds = pew.design_values().set_index("quantity")["source_kind"]
        assert audit_kinds["n"] == "published" and audit_kinds["deff"] == "derived"

    def test_a_deff_that_the_margin_does_not_give_stays_assumed(self, tmp_path):
        pew = migstats.load_report("pew-inequality-2020")
        pew.save(tmp_path / "p")
        path = tmp_path / "p" / "datapackage.json"
        desc = json.loads(path.read_text())
        desc["design"]["deff"] = 1.5  # not what +/-1.6 at n = 6,878 gives (1.83)
        path.write_text(json.dumps(desc))
        prov = migstats.load_report(tmp_path / "p").design.provenance().set_index("quantity")
        assert prov.loc["deff", "source_kind"] == "assumed"


class TestRobustnessGridFromPublishedFacts:
    def test_pew_grid_is_the_range_its_margin_allows(self, pew):
        r = migstats.deff_from_margin_of_error(1.6, 6878)  # Kish: +/-1.6 at n = 6,878
        np.testing.assert_allclose(pew.settings.deffs, [r.low, 1.83, r.high])
        # no verdict rests on a design effect the published margin rules out
        ranges = " ".join(pew.frame["verdict_range"].astype(str))
        assert "deff 1.5" not in ranges and "deff 2" not in ranges and "deff 1 " not in ranges

    def test_chapter_without_facts_keeps_the_default_grid(self):
        s = audit_settings(migstats.LISS_2023, None, None, None, report=migstats.load_report())
        assert s.deffs == (1.0, 1.5, 2.0)

    def test_an_explicit_grid_wins(self):
        pew = migstats.load_report("pew-inequality-2020")
        s = audit_settings(pew.design, None, None, None, report=pew, deffs=[1.0, 3.0])
        assert {1.0, 3.0} <= set(s.deffs)
