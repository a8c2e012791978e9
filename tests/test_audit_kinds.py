"""Tests for the claims beyond chapter 7 (issue 11, point 4): ratio and rank kinds,
gradients over any ordered dimension, unpublished groups, English quantifiers.

Every report here is a small DataFrame passed to ``migstats.audit(claims=...,
tables=..., design=..., quantifiers=...)``: a dimension chapter 7 does not have
(``age``, ordered), an unordered one (``party``), an unpublished group.
Expected values come from independent computations written out in the tests
(a weighted least-squares SII on ridits, the Koopman score statistic from a
numerically maximised constrained likelihood, two-sample score tests of
statsmodels), from a published worked example (Koopman 1984; its limits as recorded in
statsmodels' tests, which attribute them to Nam 1995), or from identities.
"""

from __future__ import annotations

import itertools
from typing import ClassVar

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import optimize
from scipy.special import ndtr

import migstats
from migstats._audit.kinds.ratio import ratio_confint, ratio_z

AGE = ["18-34", "35-54", "55+"]
PARTY = ["rep", "dem", "ind"]
AGE_SHARES = {"18-34": 0.3, "35-54": 0.35, "55+": 0.35}
PARTY_SHARES = {"rep": 0.4, "dem": 0.4, "ind": 0.2}


def design(n: int = 3000, deff: float = 1.0) -> migstats.SampleDesign:
    return migstats.SampleDesign(
        n=n,
        n_range=(n // 2, 2 * n),
        shares={"age": AGE_SHARES, "party": PARTY_SHARES},
        deff=deff,
    )


def tables(**profiles) -> pd.DataFrame:
    """Tidy rows: ``item=(dimension, {group: percent})`` for each keyword."""
    rows = []
    for item, (dim, values) in profiles.items():
        for g, p in values.items():
            rows.append(("t1", item, "yes", dim, g, float(p), f"{p:g}"))
    return pd.DataFrame(
        rows, columns=["table", "item", "response", "dimension", "group", "percent", "reported"]
    )


def claim(cid="A01", **kw) -> dict:
    base = dict(claim_id=cid, table="t1", response="yes", claim="a claim")
    base.update(kw)
    return base


def total_level(quantifier: str, cid: str = "A01") -> dict:
    """A level claim about the total's share."""
    return claim(
        cid, kind="level", item="worry", dimension="total", groups="total", quantifier=quantifier
    )


def ratio_claim(groups: str, quantifier: str) -> dict:
    """A ratio claim on the party dimension."""
    return claim(
        kind="ratio", item="worry", dimension="party", groups=groups, quantifier=quantifier
    )


def rank_claim(group: str, quantifier: str = "highest", reference: str = "") -> dict:
    """A rank claim on the party dimension."""
    return claim(
        kind="rank",
        item="worry",
        dimension="party",
        groups=group,
        quantifier=quantifier,
        reference=reference,
    )


def run(claims, tabs, *, quantifiers="en", dimensions=None, **kw) -> pd.DataFrame:
    return migstats.audit(
        claims=pd.DataFrame(claims),
        tables=tabs,
        design=kw.pop("design", design()),
        quantifiers=quantifiers,
        dimensions=dimensions,
        correction="none",
        **kw,
    ).set_index("claim_id")


UNORDERED_PARTY = {"party": {"groups": PARTY, "ordered": False}}


# --------------------------------------------------------------------------
# gradients over any ordered dimension
# --------------------------------------------------------------------------


def sii_by_least_squares(p: np.ndarray, shares: np.ndarray) -> float:
    """SII: share-weighted least-squares slope of p on the ridit midpoints (brute force)."""
    ridit = np.cumsum(shares) - shares / 2
    x_bar = np.sum(shares * ridit)
    y_bar = np.sum(shares * p)
    return float(
        np.sum(shares * (ridit - x_bar) * (p - y_bar)) / np.sum(shares * (ridit - x_bar) ** 2)
    )


class TestOrderedDimensions:
    AGE_P: ClassVar[dict] = {"18-34": 30, "35-54": 45, "55+": 62}

    def test_age_gradient_supported_with_independent_sii(self):
        res = run(
            [claim(kind="gradient", item="worry", dimension="age", groups="increasing")],
            tables(worry=("age", self.AGE_P)),
        )
        shares = np.array([AGE_SHARES[g] for g in AGE])
        expected = 100 * sii_by_least_squares(np.array([30, 45, 62]) / 100, shares)
        assert res.loc["A01", "verdict"] == "supported"
        assert res.loc["A01", "estimate"] == pytest.approx(expected, rel=1e-9)

    def test_declared_order_is_used(self):
        # the same numbers with the order declared the other way round: the
        # "increasing" claim now runs against the data
        res = run(
            [claim(kind="gradient", item="worry", dimension="age", groups="increasing")],
            tables(worry=("age", self.AGE_P)),
            dimensions={"age": list(reversed(AGE))},
        )
        assert res.loc["A01", "verdict"] == "contradicted"
        assert res.loc["A01", "estimate"] < 0

    def test_table_order_does_not_matter_once_declared(self):
        shuffled = {g: self.AGE_P[g] for g in ["55+", "18-34", "35-54"]}
        a = run(
            [claim(kind="gradient", item="worry", dimension="age", groups="increasing")],
            tables(worry=("age", shuffled)),
            dimensions={"age": AGE},
        )
        b = run(
            [claim(kind="gradient", item="worry", dimension="age", groups="increasing")],
            tables(worry=("age", self.AGE_P)),
        )
        assert a.loc["A01", "estimate"] == pytest.approx(b.loc["A01", "estimate"], rel=1e-12)

    @pytest.mark.parametrize("kind", ["gradient", "no_difference", "consensus"])
    def test_unordered_dimension_is_a_clear_error(self, kind):
        groups = "increasing" if kind == "gradient" else "all"
        extra = {"quantifier": "majority"} if kind == "consensus" else {}
        with pytest.raises(ValueError, match=r"claim A01: dimension must be an ordered dimension"):
            run(
                [claim(kind=kind, item="worry", dimension="party", groups=groups, **extra)],
                tables(worry=("party", {"rep": 41, "dem": 78, "ind": 60})),
                dimensions=UNORDERED_PARTY,
            )

    def test_unordered_dimension_allows_pairwise_comparisons(self):
        res = run(
            [claim(kind="difference", item="worry", dimension="party", groups="dem>rep")],
            tables(worry=("party", {"rep": 41, "dem": 78, "ind": 60})),
            dimensions=UNORDERED_PARTY,
        )
        assert res.loc["A01", "verdict"] == "supported"
        assert res.loc["A01", "estimate"] == pytest.approx(37.0)

    def test_no_difference_on_age(self):
        flat = {"18-34": 50, "35-54": 51, "55+": 50}
        res = run(
            [claim(kind="no_difference", item="worry", dimension="age", groups="all")],
            tables(worry=("age", flat)),
            design=design(n=20000),
        )
        assert res.loc["A01", "verdict"] == "supported"

    def test_missing_middle_group_uses_extreme_gap(self):
        res = run(
            [claim(kind="gradient", item="worry", dimension="age", groups="increasing")],
            tables(worry=("age", {"18-34": 20, "55+": 35})),
        )
        assert res.loc["A01", "verdict"] == "supported"
        # the gap per unit of the two groups' ridit span: 15 / (1 - 0.35/2 - 0.3/2)
        assert res.loc["A01", "estimate"] == pytest.approx(15.0 / 0.675)
        assert "extreme groups" in res.loc["A01", "method"]

    def test_missing_extreme_group_is_untestable(self):
        res = run(
            [claim(kind="gradient", item="worry", dimension="age", groups="increasing")],
            tables(worry=("age", {"18-34": 20, "35-54": 35})),
        )
        assert res.loc["A01", "verdict"] == "untestable"
        assert "55+" in res.loc["A01", "reason"]


class TestGradientTableDimensions:
    def _frame(self, **kw):
        rows = tables(worry=("age", {"18-34": 30, "35-54": 45, "55+": 62}))
        party = tables(worry=("party", {"rep": 41, "dem": 78, "ind": 60}))
        total = tables(worry=("total", {"total": 52}))
        t = pd.concat([total, rows, party], ignore_index=True)
        items = pd.DataFrame(
            {"item": ["worry"], "table": ["t1"], "scale": ["yes/no"], "responses_reported": ["yes"]}
        )
        groups = {"total": ["total"], "age": AGE, "party": PARTY}
        return migstats.gradient_table(
            tables=t, design=design(), response="yes", items=items, groups=groups, **kw
        )

    def test_age_and_party_analysed_by_default(self):
        gt = self._frame()
        assert set(gt["dimension"]) == {"age", "party"}
        age = gt[gt["dimension"] == "age"].iloc[0]
        shares = np.array([AGE_SHARES[g] for g in AGE])
        expected = sii_by_least_squares(np.array([0.30, 0.45, 0.62]), shares)
        # gradient_table is a table-level frame: in percentage points
        assert age["sii"] == pytest.approx(100 * expected, rel=1e-9)
        assert age["gap"] == pytest.approx(32.0)
        assert gt["sii_difference"].isna().all()  # no default pair outside chapter 7

    def test_unordered_dimension_left_out(self):
        gt = self._frame(dimensions={"age": AGE, "party": {"groups": PARTY, "ordered": False}})
        assert set(gt["dimension"]) == {"age"}

    def test_compared_pair(self):
        gt = self._frame(compared=("age", "party"))
        sii = gt.set_index("dimension")["sii"]
        assert gt["sii_difference"].iloc[0] == pytest.approx(sii["age"] - sii["party"])

    def test_compared_must_be_analysed(self):
        with pytest.raises(ValueError, match="compared"):
            self._frame(
                dimensions={"age": AGE, "party": {"groups": PARTY, "ordered": False}},
                compared=("age", "party"),
            )


# --------------------------------------------------------------------------
# unpublished groups
# --------------------------------------------------------------------------


class TestUnpublishedGroups:
    # item "trust" publishes 18-34 and 55+ only; "worry" publishes all three,
    # so 35-54 is a known group of the dimension
    def _tables(self):
        return pd.concat(
            [
                tables(worry=("age", {"18-34": 30, "35-54": 45, "55+": 62})),
                tables(trust=("age", {"18-34": 20, "55+": 35})),
            ],
            ignore_index=True,
        )

    def test_difference_between_published_groups(self):
        # the printed numbers as exact, at the design's n and deff (the central point)
        res = run(
            [claim(kind="difference", item="trust", dimension="age", groups="55+>18-34")],
            self._tables(),
            headline="central",
            rounding_aware=False,
        )
        n1, n2 = 3000 * AGE_SHARES["55+"], 3000 * AGE_SHARES["18-34"]
        from statsmodels.stats.proportion import test_proportions_2indep

        ref = test_proportions_2indep(0.35 * n1, n1, 0.20 * n2, n2, method="score")
        assert res.loc["A01", "verdict"] == "supported"
        assert res.loc["A01", "pvalue"] == pytest.approx(ref.pvalue, rel=1e-6)

    def test_difference_between_published_groups_at_the_defaults(self):
        # default headline: smallest plausible n (1,500) and deff 2, rounding-aware:
        # the score test at the least favourable corner (55+ down, 18-34 up by 0.5)
        res = run(
            [claim(kind="difference", item="trust", dimension="age", groups="55+>18-34")],
            self._tables(),
        )
        n1, n2 = 1500 * AGE_SHARES["55+"] / 2, 1500 * AGE_SHARES["18-34"] / 2
        from statsmodels.stats.proportion import test_proportions_2indep

        ref = test_proportions_2indep(0.345 * n1, n1, 0.205 * n2, n2, method="score")
        assert res.loc["A01", "verdict"] == "supported"
        assert res.loc["A01", "pvalue"] == pytest.approx(ref.pvalue, rel=1e-6)

    @pytest.mark.parametrize("groups", ["35-54>18-34", "55+>rest", "18-34+35-54>55+"])
    def test_claim_needing_unpublished_group_is_untestable(self, groups):
        res = run(
            [claim(kind="difference", item="trust", dimension="age", groups=groups)],
            self._tables(),
        )
        assert res.loc["A01", "verdict"] == "untestable"
        assert "35-54" in res.loc["A01", "reason"]
        assert "not publish" in res.loc["A01", "reason"]

    def test_level_of_unpublished_group_is_untestable(self):
        res = run(
            [claim(kind="level", item="trust", dimension="age", groups="35-54", quantifier="most")],
            self._tables(),
        )
        assert res.loc["A01", "verdict"] == "untestable"

    def test_unknown_group_is_a_validation_error(self):
        with pytest.raises(ValueError, match="groups"):
            run(
                [claim(kind="difference", item="trust", dimension="age", groups="65+>18-34")],
                self._tables(),
            )

    def test_compare_groups_with_a_group_unpublished(self):
        items = pd.DataFrame(
            {
                "item": ["worry", "trust"],
                "table": ["t1", "t1"],
                "scale": ["yes/no"] * 2,
                "responses_reported": ["yes"] * 2,
            }
        )
        kw = dict(design=design(), response="yes", items=items)
        kw["groups"] = {"total": ["total"], "age": AGE}
        plain = migstats.compare_groups(self._tables(), "trust", "age", rounding_aware=False, **kw)
        assert plain["comparison"].tolist() == ["published groups", "pair"]
        pair = plain.iloc[1]
        assert (pair["group1"], pair["group2"]) == ("18-34", "55+")
        n1, n2 = 3000 * AGE_SHARES["18-34"], 3000 * AGE_SHARES["55+"]
        from statsmodels.stats.proportion import test_proportions_2indep

        ref = test_proportions_2indep(0.20 * n1, n1, 0.35 * n2, n2, method="score")
        assert pair["estimate"] == pytest.approx(-15.0)  # 20 - 35 percentage points
        assert pair["pvalue"] == pytest.approx(ref.pvalue, rel=1e-6)
        # rounding-aware (the default): the least favourable corner, 20.5% vs 34.5%
        boxed = migstats.compare_groups(self._tables(), "trust", "age", **kw).iloc[1]
        ref = test_proportions_2indep(0.205 * n1, n1, 0.345 * n2, n2, method="score")
        assert boxed["pvalue"] == pytest.approx(ref.pvalue, rel=1e-6)


# --------------------------------------------------------------------------
# ratio
# --------------------------------------------------------------------------


def koopman_z(k1, n1, k2, n2, r0) -> float:
    """Koopman's score statistic by brute force: constrained MLE maximised numerically."""

    def nll(p2):
        p1 = r0 * p2
        return -(
            k1 * np.log(p1)
            + (n1 - k1) * np.log1p(-p1)
            + k2 * np.log(p2)
            + (n2 - k2) * np.log1p(-p2)
        )

    upper = min(1.0, 1.0 / r0) - 1e-12
    p2 = optimize.minimize_scalar(
        nll, bounds=(1e-12, upper), method="bounded", options={"xatol": 1e-13}
    ).x
    p1 = r0 * p2
    var = p1 * (1 - p1) / n1 + r0**2 * p2 * (1 - p2) / n2
    return (k1 / n1 - r0 * k2 / n2) / np.sqrt(var)


class TestRatioStatistics:
    def test_koopman_worked_example(self):
        # Koopman (1984) example, 95% limits 2.940 and 7.152 (Nam 1995), as
        # recorded in statsmodels' tests (test_proportion.py)
        lo, hi = ratio_confint(36.0, 40.0, 16.0, 80.0, 1.0, 0.95)
        assert float(lo) == pytest.approx(2.940, abs=5e-4)
        assert float(hi) == pytest.approx(7.152, abs=5e-4)

    @settings(deadline=None)
    @given(
        p1=st.floats(0.05, 0.95),
        p2=st.floats(0.05, 0.95),
        n1=st.integers(30, 3000),
        n2=st.integers(30, 3000),
        r0=st.floats(0.3, 3.0),
    )
    def test_statistic_matches_brute_force(self, p1, p2, n1, n2, r0):
        z = float(ratio_z(p1 * n1, n1, p2 * n2, n2, 1.0, r0))
        assert z == pytest.approx(koopman_z(p1 * n1, n1, p2 * n2, n2, r0), rel=1e-4, abs=1e-5)

    @settings(deadline=None, max_examples=30)
    @given(
        p1=st.floats(0.1, 0.9),
        p2=st.floats(0.1, 0.9),
        n=st.integers(100, 3000),
        deff=st.floats(1.0, 3.0),
    )
    def test_interval_inverts_the_test_with_effective_counts(self, p1, p2, n, deff):
        # duality: at each end of the 95% interval the score statistic of the
        # effective counts k / deff, n / deff is -/+ 1.96
        lo, hi = ratio_confint(p1 * n, n, p2 * n, n, deff, 0.95)
        assume(np.isfinite(lo) and np.isfinite(hi))
        # the statistic by brute force (koopman_z), not the code's own ratio_z
        m, e = p1 * n / deff, n / deff
        z_lo = koopman_z(m, e, p2 * n / deff, e, float(lo))
        z_hi = koopman_z(m, e, p2 * n / deff, e, float(hi))
        assert z_lo == pytest.approx(1.959964, abs=1e-3)
        assert z_hi == pytest.approx(-1.959964, abs=1e-3)


class TestRatioTestDuality:
    @settings(deadline=None, max_examples=40)
    @given(
        pa=st.floats(20.0, 90.0),
        pb=st.floats(10.0, 60.0),
        n=st.floats(200.0, 5000.0),
        deff=st.floats(1.0, 2.5),
    )
    def test_tost_supported_iff_interval_inside_range(self, pa, pb, n, deff):
        # two one-sided score tests at alpha <=> the (1 - 2 alpha) score
        # interval inside the range (inversion of the same statistic)
        from migstats._audit.kinds.ratio import ratio_test
        from migstats._audit.settings import audit_settings

        s = audit_settings(None, 1500, None, 0.05)
        q = migstats.quantifier_range("about_twice", quantifiers=migstats.load_quantifiers("en"))
        arr = np.array([n])
        from migstats._audit.decide import intersection_union

        # a range test comes as its two one-sided sides; together they are the TOST
        t = intersection_union(ratio_test(pa, arr, pb, arr, np.array([deff]), q, "a / b", s, True))
        lo, hi, p = float(t.ci_low[0]), float(t.ci_high[0]), float(t.pvalue_support[0])
        assume(min(abs(lo - q.low), abs(hi - q.high)) > 1e-6 and abs(p - 0.05) > 1e-6)
        assert (p < 0.05) == (q.low < lo and hi < q.high)


class TestRatioKind:
    def _run(self, pa, pb, quantifier, n=3000, **kw):
        return run(
            [ratio_claim("dem;rep", quantifier)],
            tables(worry=("party", {"rep": pb, "dem": pa, "ind": 50})),
            design=design(n=n),
            dimensions=UNORDERED_PARTY,
            **kw,
        ).loc["A01"]

    def test_about_twice_supported(self):
        r = self._run(60, 30, "about_twice", n=20000)
        assert r["verdict"] == "supported"
        assert r["estimate"] == pytest.approx(2.0)
        assert r["confidence_level"] == pytest.approx(0.90)  # TOST

    def test_tost_pvalue_from_brute_force_statistic(self):
        # the printed numbers as exact, at the design's n and deff (the central point)
        r = self._run(78, 41, "nearly_twice", headline="central", rounding_aware=False)
        na = nb = 3000 * 0.4
        z_lo = koopman_z(0.78 * na, na, 0.41 * nb, nb, 1.75)
        z_hi = -koopman_z(0.78 * na, na, 0.41 * nb, nb, 2.0)
        assert r["pvalue_support"] == pytest.approx(max(ndtr(-z_lo), ndtr(-z_hi)), rel=1e-4)

    def test_rounding_aware_tost_pvalue_is_largest_over_the_box(self):
        # default: n = 1,500, deff 2 (effective counts k / 2), p-value the largest
        # over the rounding box of 78 and 41 (every corner and the printed point)
        r = self._run(78, 41, "nearly_twice")
        na = nb = 1500 * 0.4 / 2
        ps = []
        for a, b in itertools.product((77.5, 78.0, 78.5), (40.5, 41.0, 41.5)):
            z_lo = koopman_z(a / 100 * na, na, b / 100 * nb, nb, 1.75)
            z_hi = -koopman_z(a / 100 * na, na, b / 100 * nb, nb, 2.0)
            ps.append(max(ndtr(-z_lo), ndtr(-z_hi)))
        assert r["pvalue_support"] == pytest.approx(max(ps), rel=1e-4)
        plain = self._run(78, 41, "nearly_twice", rounding_aware=False)
        assert plain["pvalue_support"] < r["pvalue_support"]

    def test_ratio_far_outside_is_contradicted(self):
        r = self._run(78, 41, "about_three_times")
        assert r["verdict"] == "contradicted"

    def test_half_as_likely(self):
        r = self._run(25, 50, "half_as_likely", n=20000)
        assert r["verdict"] == "supported"
        assert r["estimate"] == pytest.approx(0.5)

    def test_more_than_twice_one_sided(self):
        r = self._run(80, 30, "more_than_twice", n=20000)
        assert r["verdict"] == "supported"
        assert r["confidence_level"] == pytest.approx(0.95)

    def test_deff_deflates_the_evidence(self):
        # at the central point (the design's n and deff): n = 3000 with deff 2 is
        # n = 1500 with deff 1 (the conservative headline would take deff 2 for all)
        a = self._run(78, 41, "nearly_twice", n=3000, headline="central")
        b = self._run(78, 41, "nearly_twice", n=1500, headline="central")
        c = run(
            [ratio_claim("dem;rep", "nearly_twice")],
            tables(worry=("party", {"rep": 41, "dem": 78, "ind": 50})),
            design=design(n=3000, deff=2.0),
            dimensions=UNORDERED_PARTY,
            headline="central",
        ).loc["A01"]
        assert c["pvalue_support"] == pytest.approx(b["pvalue_support"], rel=1e-9)
        assert a["pvalue_support"] < c["pvalue_support"]

    @pytest.mark.parametrize("rounding_aware", [True, False])
    def test_a_group_at_zero_has_no_upper_limit(self, rounding_aware):
        # 60% over 0%: no finite ratio is rejected (R PropCIs::riskscoreci gives Inf)
        r = self._run(60, 0, "about_twice", rounding_aware=rounding_aware)
        assert r["estimate"] == np.inf and r["ci_high"] == np.inf
        assert 2.25 < r["ci_low"] < 60 / 0.5
        assert r["verdict"] == "contradicted"

    def test_both_groups_at_zero_say_nothing_about_the_ratio(self):
        # 0% over 0%: the estimate is undefined and the interval [0, inf]
        r = self._run(0, 0, "about_twice")
        assert np.isnan(r["estimate"]) and "undefined" in r["reason"]
        assert (r["ci_low"], r["ci_high"]) == (0.0, np.inf)
        assert r["verdict"] == "not supported"

    def test_rounding_box_in_reason(self):
        r = self._run(78, 41, "nearly_twice")
        lo, hi = 77.5 / 41.5, 78.5 / 40.5  # whole percentages: +/- 0.5
        assert f"[{lo:.2f}, {hi:.2f}]" in r["reason"]

    def test_ratio_needing_unpublished_group_is_untestable(self):
        res = run(
            [ratio_claim("dem;ind", "about_twice")],
            pd.concat(
                [
                    tables(worry=("party", {"rep": 41, "dem": 78})),
                    tables(other=("party", {"rep": 41, "dem": 78, "ind": 50})),
                ]
            ),
        )
        assert res.loc["A01", "verdict"] == "untestable"
        assert "ind" in res.loc["A01", "reason"]

    def test_percent_quantifier_rejected_for_ratio(self):
        with pytest.raises(ValueError, match="quantifier"):
            self._run(60, 30, "majority")

    def test_ratio_quantifier_rejected_for_level(self):
        with pytest.raises(ValueError, match="quantifier"):
            run(
                [total_level("about_twice")],
                tables(worry=("total", {"total": 50})),
            )

    @pytest.mark.parametrize("groups", ["dem", "dem;rep;ind", "dem;dem"])
    def test_malformed_groups(self, groups):
        with pytest.raises(ValueError, match="groups"):
            run(
                [ratio_claim(groups, "about_twice")],
                tables(worry=("party", {"rep": 41, "dem": 78, "ind": 50})),
            )


# --------------------------------------------------------------------------
# rank
# --------------------------------------------------------------------------


def dem_highest_box_p(values: dict, shares: dict = PARTY_SHARES) -> float:
    """Support p of "dem is the highest" at n = 1,500, deff 2, rounding-aware, by brute force.

    The largest pairwise score-test p-value (three-decision rule) over the 8
    corners of the three whole percentages' rounding box (+/- 0.5).
    """
    from statsmodels.stats.proportion import test_proportions_2indep

    n = {g: 1500 * s / 2 for g, s in shares.items()}
    worst = 0.0
    for step in itertools.product((-0.5, 0.5), repeat=3):
        x = {g: (values[g] + e) / 100 for g, e in zip(PARTY, step, strict=True)}
        for other in ("rep", "ind"):
            t = test_proportions_2indep(
                x["dem"] * n["dem"], n["dem"], x[other] * n[other], n[other], method="score"
            )
            worst = max(worst, min(1.0, 2 * ndtr(-t.statistic)))
    return worst


class TestRankKind:
    P: ClassVar[dict] = {"rep": 41, "dem": 78, "ind": 60}

    def _run(self, group, quantifier="highest", values=None, reference="", n=3000, **kw):
        return run(
            [rank_claim(group, quantifier, reference)],
            tables(worry=("party", values or self.P)),
            design=design(n=n),
            dimensions=UNORDERED_PARTY,
            **kw,
        ).loc["A01"]

    def test_highest_supported_pvalue_is_largest_pairwise(self):
        from statsmodels.stats.proportion import test_proportions_2indep

        # the printed numbers as exact, at the design's n and deff (the central point)
        r = self._run("dem", headline="central", rounding_aware=False)
        n = {g: 3000 * s for g, s in PARTY_SHARES.items()}
        ps = []
        for other in ("rep", "ind"):
            t = test_proportions_2indep(
                0.78 * n["dem"], n["dem"], self.P[other] / 100 * n[other], n[other], method="score"
            )
            ps.append(2 * ndtr(-t.statistic))  # three-decision rule: support p
        assert r["verdict"] == "supported"
        assert r["pvalue_support"] == pytest.approx(max(ps), rel=1e-6)

    @pytest.mark.parametrize("values", [None, {"rep": 70, "dem": 78, "ind": 73}])
    def test_rounding_aware_pvalue_is_largest_over_the_box(self, values):
        # default: n = 1,500, deff 2 (effective sizes n_g / 2); brute force over
        # the 8 corners of the three groups' rounding box, largest pairwise p
        values = values or self.P
        r = self._run("dem", values=values)
        assert r["pvalue_support"] == pytest.approx(dem_highest_box_p(values), rel=1e-6)

    def test_rounding_box_when_a_distant_group_binds_only_at_the_corner(self):
        # a small third group: at the printed numbers (and with rep alone moved)
        # dem - ind binds, at the least favourable corner dem - rep does; the
        # p-value is still the largest over the 8 corners (brute force)
        shares = {"rep": 0.47, "dem": 0.47, "ind": 0.06}
        values = {"rep": 33, "dem": 42, "ind": 24}
        d = migstats.SampleDesign(n=3000, n_range=(1500, 6000), shares={"party": shares})
        r = run(
            [rank_claim("dem")],
            tables(worry=("party", values)),
            design=d.replace(deff=1.0),
            dimensions=UNORDERED_PARTY,
        ).loc["A01"]
        assert r["pvalue_support"] == pytest.approx(dem_highest_box_p(values, shares), rel=1e-6)

    def test_contradicted_when_another_group_is_significantly_higher(self):
        assert self._run("ind")["verdict"] == "contradicted"

    def test_not_significant_when_close(self):
        r = self._run("dem", values={"rep": 41, "dem": 61, "ind": 60})
        # one point between dem and ind: not significant even at the largest plausible
        # n (6,000) with deff 1 (score z < 1 for 61% vs 60% of a few thousand each)
        assert r["verdict"] == "not supported"

    def test_lowest(self):
        assert self._run("rep", quantifier="lowest")["verdict"] == "supported"
        assert self._run("dem", quantifier="lowest")["verdict"] == "contradicted"

    def test_reference_restricts_the_groups(self):
        r = self._run("ind", reference="rep")
        assert r["verdict"] == "supported"

    def test_unpublished_group_makes_it_untestable(self):
        res = run(
            [rank_claim("dem")],
            pd.concat(
                [
                    tables(worry=("party", {"rep": 41, "dem": 78})),
                    tables(other=("party", {"rep": 41, "dem": 78, "ind": 50})),
                ]
            ),
        )
        assert res.loc["A01", "verdict"] == "untestable"
        assert "ind" in res.loc["A01", "reason"]

    def test_rank_needs_a_rank_word(self):
        with pytest.raises(ValueError, match="quantifier"):
            self._run("dem", quantifier="majority")


# --------------------------------------------------------------------------
# English quantifiers in an audit
# --------------------------------------------------------------------------


class TestEnglishQuantifiers:
    TOTAL = staticmethod(lambda: tables(worry=("total", {"total": 42})))

    def test_english_set_by_name(self):
        res = run(
            [
                total_level("about_four_in_ten", "A01"),
                total_level("nearly_half", "A02"),
                total_level("most", "A03"),
            ],
            self.TOTAL(),
            design=design(n=20000),
        )
        assert res.loc["A01", "verdict"] == "supported"
        assert res.loc["A02", "verdict"] == "contradicted"
        assert res.loc["A03", "verdict"] == "contradicted"

    def test_default_set_is_dutch(self):
        with pytest.raises(ValueError, match="quantifier"):
            run([total_level("about_four_in_ten")], self.TOTAL(), quantifiers=None)

    def test_frame_is_validated(self):
        q = migstats.load_quantifiers("en")
        q.loc[q["quantifier"] == "most", "max_percent"] = 90.0
        with pytest.raises(ValueError, match="max_percent"):
            run([total_level("most")], self.TOTAL(), quantifiers=q)

    def test_unknown_set_name(self):
        with pytest.raises(ValueError, match="quantifiers"):
            run([total_level("most")], self.TOTAL(), quantifiers="de")
