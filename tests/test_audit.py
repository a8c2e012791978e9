"""Tests for the audit engine (migstats._audit).

Expected values come from independent computations written out in the tests
(pooled two-proportion z statistics, Holm by hand, closed-form break-even
sizes, statsmodels' one-sample score test) or from identities (duality of
the score test and the Wilson interval, symmetry of a claim and its
reverse), never from the engine's own output.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import migstats
from migstats import CLAIM_VERDICTS as VERDICTS
from migstats._audit import DEFAULT_EQUIVALENCE_MARGIN
from migstats._base import AUDIT_COLUMNS, CLAIM_COLUMNS
from migstats._core import CORRECTIONS

EDU = ["bo/vmbo", "havo/vwo/mbo", "hbo/wo"]
INC = ["Q1", "Q2", "Q3", "Q4", "Q5"]
Z975 = stats.norm.ppf(0.975)


def evaluate_plain(*args, **kwargs):
    """evaluate_claim with the printed numbers taken as exact and deff 1 (the tests by hand)."""
    kwargs.setdefault("deff", 1.0)
    return migstats.evaluate_claim(*args, rounding_aware=False, **kwargs)


def audit_plain(**kwargs):
    """audit with the headline at n, deff and the printed numbers taken as exact."""
    kwargs.setdefault("headline", "central")
    kwargs.setdefault("deff", 1.0)
    return migstats.audit(rounding_aware=False, **kwargs)


@pytest.fixture(scope="module")
def design():
    return migstats.LISS_2023


@pytest.fixture(scope="module")
def edu_shares(design):
    s = design.group_shares("education")
    return np.array([s[g] for g in EDU])


def table(
    item: str, *, total=None, education=None, income=None, response="agree", table_id="7.5"
) -> pd.DataFrame:
    """A synthetic tidy table for one item."""
    rows = []
    if total is not None:
        rows.append((table_id, item, response, "total", "total", float(total)))
    for dim, groups, values in (("education", EDU, education), ("income", INC, income)):
        if values is not None:
            rows += [
                (table_id, item, response, dim, g, float(v))
                for g, v in zip(groups, values, strict=True)
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


def pooled_z(p1, n1, p2, n2):
    """Miettinen-Nurminen score z for p1 = p2, by hand: the pooled z statistic
    with the variance inflated by N / (N - 1), N = n1 + n2 (Miettinen &
    Nurminen 1985, eq. 8 at delta = 0)."""
    pbar = (p1 * n1 + p2 * n2) / (n1 + n2)
    big_n = n1 + n2
    return (p1 - p2) / math.sqrt(pbar * (1 - pbar) * (1 / n1 + 1 / n2) * big_n / (big_n - 1))


def holm(p):
    """Holm (1979) step-down adjusted p-values, by hand."""
    p = np.asarray(p, float)
    m = len(p)
    order = np.argsort(p)
    adj = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, (m - rank) * p[i])
        adj[i] = min(1.0, running)
    return adj


@pytest.fixture(scope="module")
def chapter_audit(chapter_result):
    return chapter_result


# --------------------------------------------------------------------------
# clear-cut verdicts, both directions
# --------------------------------------------------------------------------


class TestClearCutVerdicts:
    def test_figure_7_1_education_difference_supported(self, design, edu_shares):
        # figure 7.1: 82% (bo/vmbo) vs 59% (hbo/wo) want fewer refugees, n = 2900
        c = migstats.load_claims().set_index("claim_id", drop=False)
        row = c[
            (c.kind == "difference") & (c.item == "refugee_intake") & (c.groups == "bo/vmbo>hbo/wo")
        ].iloc[0]
        res = evaluate_plain(row, n=2900, deff=1.0)
        n1, n2 = 2900 * edu_shares[0], 2900 * edu_shares[2]
        z = pooled_z(0.82, n1, 0.59, n2)
        assert z > 10
        assert res.verdict == "supported"
        assert res.estimate == pytest.approx(23.0)
        assert res.pvalue == pytest.approx(2 * stats.norm.sf(z), rel=1e-6, abs=1e-300)

    def test_same_test_as_compare(self, edu_shares):
        t = table("item_a", education=[61, 60, 66])
        res = evaluate_plain(claim(), tables=t, n=2100, deff=1.5)
        n1, n2 = 2100 * edu_shares[2], 2100 * edu_shares[0]
        from migstats._core.compare import compare

        ref = compare(0.66 * n1, n1, 0.61 * n2, n2, method="score", deff=1.5)
        assert res.pvalue == pytest.approx(float(ref.pvalue), rel=1e-9)

    def test_reversed_income_claim_contradicted(self, design):
        # fabricated: "Q1 agrees more than Q5" on close_borders with Q5 clearly higher
        t = table("close_borders", income=[27, 30, 33, 36, 40], table_id="7.6")
        c = claim(item="close_borders", table="7.6", dimension="income", groups="Q1>Q5")
        res = evaluate_plain(c, tables=t, n=2900, deff=1.0)
        z = pooled_z(0.27, 580, 0.40, 580)
        assert z < -Z975
        assert res.verdict == "contradicted"
        assert res.pvalue_contradict == pytest.approx(2 * stats.norm.sf(-z), rel=1e-6)

    def test_small_difference_tiny_n_not_significant(self):
        t = table("item_a", income=[72, 70, 70, 69, 68])
        c = claim(dimension="income", groups="Q1>Q5")
        res = evaluate_plain(c, tables=t, n=100, deff=1.0)
        z = pooled_z(0.72, 20, 0.68, 20)
        assert abs(z) < Z975
        assert res.verdict == "not supported"  # at this point: neither direction established
        assert res.pvalue == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-6)

    def test_text_table_wrong_number_inconsistent(self):
        t = table("item_a", total=58, table_id="7.2")
        bad = claim(
            table="7.2",
            kind="text_table",
            dimension="total",
            groups="total",
            check="equal",
            reported="61",
        )
        good = dict(bad, reported="58")
        assert evaluate_plain(bad, tables=t).verdict == "inconsistent"
        assert evaluate_plain(good, tables=t).verdict == "supported"

    def test_untestable_has_reason(self):
        c = claim(
            table="",
            item="",
            response="",
            dimension="",
            groups="",
            kind="time_trend",
            untestable_reason="The box gives no figures.",
        )
        res = evaluate_plain(c, tables=table("item_a", total=50))
        assert res.verdict == "untestable"
        assert res.reason == "The box gives no figures."
        assert math.isnan(res.pvalue)

    def test_quoted_number_not_in_tables_is_inconsistent(self):
        t = table("item_a", education=[40, 50, 60])
        c = claim(reported="70;40")
        res = evaluate_plain(c, tables=t)
        assert res.verdict == "inconsistent"
        assert "70" in res.reason


# --------------------------------------------------------------------------
# each kind against an independent computation
# --------------------------------------------------------------------------


class TestLevel:
    def test_majority_matches_statsmodels(self):
        from statsmodels.stats.proportion import proportions_ztest

        t = table("item_a", total=57)
        c = claim(kind="level", dimension="total", groups="total", quantifier="majority")
        res = evaluate_plain(c, tables=t, n=2900, deff=1.0)
        _z, p_one = proportions_ztest(
            0.57 * 2900, 2900, value=0.5, alternative="larger", prop_var=0.5
        )
        assert res.pvalue_support == pytest.approx(2 * p_one, rel=1e-9)
        assert res.verdict == "supported"

    def test_within_range_is_tost(self):
        from statsmodels.stats.proportion import proportions_ztest

        t = table("item_a", total=33)
        c = claim(kind="level", dimension="total", groups="total", quantifier="a_third")
        res = evaluate_plain(c, tables=t, n=1500, deff=1.5)
        n_eff = 1500 / 1.5
        p_lo = proportions_ztest(
            0.33 * n_eff, n_eff, value=0.283, alternative="larger", prop_var=0.283
        )[1]
        p_hi = proportions_ztest(
            0.33 * n_eff, n_eff, value=0.383, alternative="smaller", prop_var=0.383
        )[1]
        assert res.pvalue_support == pytest.approx(max(p_lo, p_hi), rel=1e-9)
        assert res.confidence_level == pytest.approx(0.90)

    def test_deff_is_effective_n(self):
        t = table("item_a", total=53)
        c = claim(kind="level", dimension="total", groups="total", quantifier="majority")
        a = evaluate_plain(c, tables=t, n=3000, deff=2.0)
        b = evaluate_plain(c, tables=t, n=1500, deff=1.0)
        assert a.pvalue_support == pytest.approx(b.pvalue_support, rel=1e-12)

    @given(p=st.integers(51, 95), n=st.integers(200, 6000))
    def test_duality_with_wilson_interval(self, p, n):
        """Score test vs a bound <=> the Wilson interval excludes the bound."""
        t = table("item_a", total=p)
        c = claim(kind="level", dimension="total", groups="total", quantifier="majority")
        res = evaluate_plain(c, tables=t, n=n, deff=1.0)
        assert res.confidence_interval.low <= res.estimate <= res.confidence_interval.high
        if abs(res.confidence_interval.low - 50) > 1e-6:
            assert (res.verdict == "supported") == (res.confidence_interval.low > 50)

    def test_all_groups_intersection_union(self):
        t = table("item_a", education=[75, 62, 80])
        c = claim(kind="level", groups="all", quantifier="majority")
        res = evaluate_plain(c, tables=t, n=2900)
        # the binding group is the lowest one
        assert res.estimate == 62
        t2 = table("item_a", education=[75, 45, 80])
        assert evaluate_plain(c, tables=t2, n=2900).verdict == "contradicted"


class TestDifference:
    def test_pooled_rest(self, design):
        t = table("item_a", income=[44, 52, 55, 55, 60])
        c = claim(dimension="income", groups="Q5>rest")
        res = evaluate_plain(c, tables=t, n=2900, deff=1.0)
        rest = np.mean([44, 52, 55, 55])  # equal quintile shares
        z = pooled_z(0.60, 580, rest / 100, 2320)
        assert res.estimate == pytest.approx(60 - rest)
        assert res.pvalue == pytest.approx(2 * stats.norm.sf(z), rel=1e-6)

    def test_higher_than_each(self):
        t = table("item_a", education=[73, 67, 57])
        c = claim(groups="bo/vmbo>havo/vwo/mbo,hbo/wo")
        res = evaluate_plain(c, tables=t, n=2900)
        assert res.estimate == pytest.approx(6.0)  # the binding (smaller) difference

    @given(a=st.integers(20, 80), b=st.integers(20, 80))
    @settings(max_examples=30)
    def test_reversal_symmetry(self, a, b):
        t = table("item_a", education=[a, 50, b])
        fwd = evaluate_plain(claim(groups="bo/vmbo>hbo/wo"), tables=t, n=2000)
        rev = evaluate_plain(claim(groups="hbo/wo>bo/vmbo"), tables=t, n=2000)
        assert fwd.pvalue == pytest.approx(rev.pvalue, rel=1e-9)
        swap = {
            "supported": "contradicted",
            "contradicted": "supported",
            "not supported": "not supported",
        }
        assert rev.verdict == swap[fwd.verdict]

    @given(n1=st.integers(300, 5000), extra=st.integers(1, 5000))
    @settings(max_examples=30)
    def test_monotone_in_n(self, n1, extra):
        t = table("item_a", education=[55, 57, 59])
        c = claim()
        small = evaluate_plain(c, tables=t, n=n1)
        large = evaluate_plain(c, tables=t, n=n1 + extra)
        assert large.pvalue_support <= small.pvalue_support + 1e-12

    @given(alpha=st.floats(0.001, 0.2), bump=st.floats(0.001, 0.2))
    @settings(max_examples=30)
    def test_monotone_in_alpha(self, alpha, bump):
        t = table("item_a", education=[55, 57, 61])
        c = claim()
        lo = evaluate_plain(c, tables=t, n=2900, alpha=alpha)
        hi = evaluate_plain(c, tables=t, n=2900, alpha=min(alpha + bump, 0.5))
        if lo.verdict == "supported":
            assert hi.verdict == "supported"

    def test_urbanisation_equal_shares(self):
        urb = [
            "non-urban",
            "weakly urban",
            "moderately urban",
            "strongly urban",
            "very strongly urban",
        ]
        t = pd.DataFrame(
            {
                "table": "text",
                "item": "item_a",
                "response": "agree",
                "dimension": "urbanisation",
                "group": urb,
                "percent": [55, 59, 50, 50, 50],
            }
        )
        c = claim(
            table="text",
            kind="urbanisation",
            dimension="urbanisation",
            groups="weakly urban>moderately urban+strongly urban+very strongly urban",
        )
        res = evaluate_plain(c, tables=t, n=2900, deff=1.0)
        z = pooled_z(0.59, 580, 0.50, 1740)
        assert res.pvalue == pytest.approx(2 * stats.norm.sf(z), rel=1e-6)
        assert "equal shares" in res.method


class TestGradients:
    def test_increasing_sign(self):
        t = table("item_a", income=[51, 54, 59, 58, 63])
        up = evaluate_plain(
            claim(kind="gradient", dimension="income", groups="increasing"), tables=t, n=2900
        )
        down = evaluate_plain(
            claim(kind="gradient", dimension="income", groups="decreasing"), tables=t, n=2900
        )
        assert up.estimate > 0 and up.verdict == "supported"
        assert down.verdict == "contradicted"

    def test_no_difference_tost_by_hand(self, design):
        # equal quintile shares: ridits .1,.3,.5,.7,.9; linear profile -> SII = slope
        pct = np.array([60, 61, 62, 63, 64], float)
        t = table("item_a", income=pct)
        c = claim(kind="no_difference", dimension="income", groups="all")
        n = 4000
        res = evaluate_plain(c, tables=t, n=n, deff=1.0)
        r = np.array([0.1, 0.3, 0.5, 0.7, 0.9])
        w = np.full(5, 0.2)
        coef = w * (r - 0.5) / np.sum(w * (r - 0.5) ** 2)
        p = pct / 100
        sii = 100 * np.sum(coef * p)
        se = 100 * math.sqrt(np.sum(coef**2 * p * (1 - p) / (n * w)))
        m = DEFAULT_EQUIVALENCE_MARGIN
        p_tost = max(stats.norm.sf((sii + m) / se), stats.norm.sf((m - sii) / se))
        assert sii == pytest.approx(5.0)
        assert res.estimate == pytest.approx(sii)
        assert res.pvalue_support == pytest.approx(p_tost, rel=1e-6)
        assert res.verdict == "supported"

    def test_no_difference_steep_contradicted(self):
        t = table("item_a", income=[30, 40, 50, 60, 70])
        c = claim(kind="no_difference", dimension="income", groups="all")
        assert evaluate_plain(c, tables=t, n=2900).verdict == "contradicted"

    def test_no_difference_is_not_absence_of_significance(self):
        # a flat-looking but imprecise profile: not significant either way
        t = table("item_a", income=[50, 52, 49, 51, 53])
        c = claim(kind="no_difference", dimension="income", groups="all")
        res = evaluate_plain(c, tables=t, n=150)
        assert res.verdict == "not supported"

    def test_margin_is_an_argument(self):
        t = table("item_a", income=[56, 57, 61, 60, 63])
        c = claim(kind="no_difference", dimension="income", groups="all")
        wide = evaluate_plain(c, tables=t, n=5000, margin=20)
        narrow = evaluate_plain(c, tables=t, n=5000, margin=2)
        assert wide.verdict == "supported"
        assert narrow.verdict == "contradicted"

    def test_consensus(self):
        c = claim(kind="consensus", groups="all", quantifier="broad_support")
        flat = table("item_a", education=[80, 81, 82])
        low = table("item_a", education=[55, 81, 82])
        assert evaluate_plain(c, tables=flat, n=2900).verdict == "supported"
        assert evaluate_plain(c, tables=low, n=2900).verdict != "supported"

    def test_consensus_of_a_minority_is_every_group_below_its_upper_bound(self):
        # "a minority" is the range [0, 50): consensus on it needs every group
        # under 50% (its lower bound 0 is no condition, and a score test
        # against 0 has no variance: no warning may reach the caller)
        c = claim(kind="consensus", groups="all", quantifier="minority")
        under = table("item_a", education=[20, 21, 22])
        over = table("item_a", education=[20, 21, 72])
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            res = evaluate_plain(c, tables=under, n=2900)
            assert res.verdict == "supported"
            assert "below the quantifier's upper bound" in res.method
            # 72% is far above 50% at n = 2900 (z about 17): the claim is contradicted
            assert evaluate_plain(c, tables=over, n=2900).verdict == "contradicted"
            # a range from 0 that its table calls "within" reads the same: below 25%
            q = migstats.load_quantifiers()
            few = q[q["quantifier"] == "small_minority"].assign(quantifier="few", test="within")
            q = pd.concat([q, few], ignore_index=True)
            c_few = dict(c, quantifier="few")
            assert evaluate_plain(c_few, tables=over, n=2900, quantifiers=q).verdict == (
                "contradicted"
            )

    def test_larger_gradient_gap_by_hand(self, edu_shares):
        # only Q1 and Q5 published for income: extreme-group gaps, each per unit of
        # its ridit span (gap_slope_index), compared at rho = -1 (two groupings
        # with unpublished groups: no sharper bound)
        t = pd.concat(
            [
                table("item_a", education=[82, 75, 59]),
                table("item_a", income=[72, 0, 0, 0, 68]).query("group in ['Q1', 'Q5']"),
            ]
        )
        c = claim(kind="larger_gradient", groups="all", reference="income")
        n = 2900
        res = evaluate_plain(c, tables=t, n=n, deff=1.0)
        ne = n * edu_shares
        span_e = 1 - edu_shares[2] / 2 - edu_shares[0] / 2  # ridit of high minus of low
        span_i = 0.9 - 0.1  # income quintiles
        se_a = math.sqrt(0.82 * 0.18 / ne[0] + 0.59 * 0.41 / ne[2]) / span_e
        se_b = math.sqrt(0.72 * 0.28 / 580 + 0.68 * 0.32 / 580) / span_i
        est = (0.82 - 0.59) / span_e - (0.72 - 0.68) / span_i
        z = est / (se_a + se_b)  # worst-case correlation
        assert res.estimate == pytest.approx(100 * est)
        assert res.pvalue_support == pytest.approx(2 * stats.norm.sf(z), rel=1e-6)
        assert "extreme-group" in res.method

    def test_small_difference_is_the_mirror(self):
        t = pd.concat(
            [table("item_a", education=[40, 52, 61]), table("item_a", income=[44, 52, 55, 55, 60])]
        )
        big = evaluate_plain(
            claim(kind="larger_gradient", groups="all", reference="income"), tables=t, n=2900
        )
        small = evaluate_plain(
            claim(kind="small_difference", groups="all", reference="income"), tables=t, n=2900
        )
        assert big.pvalue_support == pytest.approx(small.pvalue_contradict, rel=1e-9)

    def test_independent_correlation_is_less_conservative(self):
        t = pd.concat(
            [table("item_a", education=[40, 52, 61]), table("item_a", income=[44, 52, 55, 55, 60])]
        )
        c = claim(kind="larger_gradient", groups="all", reference="income")
        worst = evaluate_plain(c, tables=t, n=2900, gradient_correlation="worst_case")
        indep = evaluate_plain(c, tables=t, n=2900, gradient_correlation="independent")
        assert indep.pvalue_support < worst.pvalue_support


class TestItemDifference:
    def test_by_hand(self):
        t = pd.concat([table("item_a", total=82), table("item_b", total=56)])
        c = claim(kind="item_difference", dimension="total", groups="total", reference="item_b")
        res = evaluate_plain(c, tables=t, n=2000, deff=1.5, gradient_correlation="worst_case")
        ne = 2000 / 1.5
        se = math.sqrt(0.82 * 0.18 / ne) + math.sqrt(0.56 * 0.44 / ne)
        assert res.pvalue_support == pytest.approx(2 * stats.norm.sf(0.26 / se), rel=1e-6)


class TestTextTable:
    @given(a=st.integers(0, 100), b=st.integers(0, 100))
    @settings(max_examples=40)
    def test_equal_within_rounding(self, a, b):
        # integers rounded either way at a tie: [x - .5, x + .5] overlap iff |a - b| <= 1
        t = table("item_a", total=a, table_id="7.2")
        c = claim(
            table="7.2",
            kind="text_table",
            dimension="total",
            groups="total",
            check="equal",
            reported=str(b),
        )
        res = evaluate_plain(c, tables=t)
        assert (res.verdict == "supported") == (abs(a - b) <= 1)

    def test_sum_of_scores(self):
        pct = [2, 2, 4, 6, 15, 10, 11, 14, 8, 28]
        t = pd.DataFrame(
            {
                "table": "7.1",
                "item": "item_a",
                "response": [str(i) for i in range(1, 11)],
                "dimension": "total",
                "group": "total",
                "percent": pct,
            }
        )
        c = claim(
            table="7.1",
            kind="text_table",
            dimension="total",
            groups="total",
            response="6-10",
            check="sum",
            reported="71",
        )
        assert evaluate_plain(c, tables=t).verdict == "supported"
        # five rounded numbers: the sum is known to +/- 2.5, the text's 74 to +/- 0.5
        assert evaluate_plain(dict(c, reported="73"), tables=t).verdict == "supported"
        assert evaluate_plain(dict(c, reported="75"), tables=t).verdict == "inconsistent"

    def test_at_most_100(self):
        t = pd.concat([table("item_a", total=57, response="disagree"), table("item_a", total=12)])
        c = claim(
            kind="text_table",
            dimension="total",
            groups="total",
            response="agree;disagree",
            check="at_most_100",
            reported="12;57",
        )
        assert evaluate_plain(c, tables=t).verdict == "supported"
        t2 = pd.concat([table("item_a", total=90, response="disagree"), table("item_a", total=12)])
        assert evaluate_plain(c, tables=t2).verdict == "inconsistent"

    def test_weighted_mean(self, edu_shares):
        pct = np.array([82, 75, 59])
        t = table("item_a", education=pct)
        mean = float(edu_shares @ pct)
        c = claim(kind="text_table", groups="all", check="weighted_mean", reported=str(round(mean)))
        assert evaluate_plain(c, tables=t).verdict == "supported"
        far = claim(
            kind="text_table", groups="all", check="weighted_mean", reported=str(round(mean) + 3)
        )
        assert evaluate_plain(far, tables=t).verdict == "inconsistent"


# --------------------------------------------------------------------------
# the whole audit
# --------------------------------------------------------------------------


def _family() -> tuple[pd.DataFrame, pd.DataFrame]:
    t = pd.concat(
        [
            table("item_a", education=[40, 50, 60], income=[50, 50, 51, 52, 53]),
            table("item_b", total=52, education=[51, 52, 53]),
        ]
    )
    claims = pd.DataFrame(
        [
            claim("C01"),  # hbo/wo > bo/vmbo, clear
            claim("C02", dimension="income", groups="Q5>Q1"),  # borderline
            claim(
                "C03",
                item="item_b",
                kind="level",
                dimension="total",
                groups="total",
                quantifier="majority",
            ),
            claim(
                "C04",
                item="item_b",
                kind="text_table",
                dimension="total",
                groups="total",
                check="equal",
                reported="52",
            ),
            claim(
                "C05",
                table="",
                item="",
                response="",
                dimension="",
                groups="",
                kind="time_trend",
                untestable_reason="no numbers at all",
            ),
        ]
    )
    return claims, t


class TestAudit:
    def test_columns_and_dtypes(self):
        claims, t = _family()
        out = audit_plain(claims=claims, tables=t)
        assert tuple(out.columns) == AUDIT_COLUMNS
        for col in (
            "estimate",
            "ci_low",
            "ci_high",
            "confidence_level",
            "pvalue",
            "pvalue_adjusted",
            "pvalue_support",
            "pvalue_contradict",
            "breakeven_n",
        ):
            assert out[col].dtype == np.float64, col
        assert str(out["rounding_sensitive"].dtype) == "boolean"
        for col in ("claim_id", "verdict", "verdict_range", "reason", "method"):
            assert all(isinstance(v, str) for v in out[col])
        assert set(out["verdict"]) <= set(VERDICTS)

    def test_holm_by_hand_and_verdict_uses_adjusted(self):
        claims, t = _family()
        out = audit_plain(claims=claims, tables=t, n=2900, deff=1.0, correction="holm").set_index(
            "claim_id"
        )
        tested = out.loc[["C01", "C02", "C03"]]
        assert np.allclose(tested["pvalue_adjusted"], holm(tested["pvalue"]), rtol=1e-12)
        assert out.loc[["C04", "C05"], "pvalue_adjusted"].isna().all()
        for _, r in tested.iterrows():
            if r.pvalue_adjusted < 0.05:
                assert r.verdict in ("supported", "contradicted")
            else:  # not significant at the headline: the grid tells which of the two words
                assert r.verdict in ("depends on n", "not supported")

    def test_adjustment_can_remove_significance(self):
        # three claims each with p ~ 0.03: significant alone, not after Holm
        t = pd.concat([table(f"item_{x}", education=[50, 50, 55.1]) for x in "abc"])
        claims = pd.DataFrame([claim(f"C0{i}", item=f"item_{x}") for i, x in enumerate("abc", 1)])
        alone = evaluate_plain(claims.iloc[0], tables=t, n=2900)
        assert 0.01 < alone.pvalue < 0.05 and alone.verdict == "supported"
        out = audit_plain(claims=claims, tables=t, n=2900, correction="holm")
        # not significant after Holm at the headline, but supported at larger plausible n
        assert (out["verdict"] == "depends on n").all()
        assert out["verdict_range"].str.startswith("depends on n and deff").all()
        none = audit_plain(claims=claims, tables=t, n=2900, correction="none")
        assert (none["verdict"] == "supported").all()
        # Benjamini-Hochberg (the default): three equal p-values below alpha keep their
        # value (m p_(i) / i = p at i = m), so all three stay supported
        bh = audit_plain(claims=claims, tables=t, n=2900)
        assert np.allclose(bh["pvalue_adjusted"], bh["pvalue"].max())
        assert (bh["verdict"] == "supported").all()

    def test_order_invariance(self):
        claims, t = _family()
        a = audit_plain(claims=claims, tables=t).set_index("claim_id").sort_index()
        b = audit_plain(claims=claims.iloc[::-1], tables=t).set_index("claim_id").sort_index()
        pd.testing.assert_frame_equal(a, b)

    def test_untestable_and_text_rows(self):
        claims, t = _family()
        out = audit_plain(claims=claims, tables=t).set_index("claim_id")
        assert out.loc["C05", "verdict"] == "untestable"
        assert out.loc["C05", "reason"] == "no numbers at all"
        assert out.loc["C04", "verdict"] == "supported"
        assert pd.isna(out.loc["C04", "rounding_sensitive"])

    def test_breakeven_level_closed_form(self):
        # score test vs 50%: z = (p - .5) / sqrt(.25 / n) >= z_.975  <=>  n >= (z * .5 / d)^2
        t = table("item_a", total=53)
        c = pd.DataFrame(
            [claim(kind="level", dimension="total", groups="total", quantifier="majority")]
        )
        out = audit_plain(claims=c, tables=t, deff=1.0)
        expected = math.ceil((Z975 * 0.5 / 0.03) ** 2)
        assert out.loc[0, "breakeven_n"] == pytest.approx(expected, abs=1)

    def test_breakeven_difference_is_threshold(self):
        t = table("item_a", education=[50, 52, 55])
        c = claim()
        out = audit_plain(claims=pd.DataFrame([c]), tables=t, deff=1.0)
        be = int(out.loc[0, "breakeven_n"])
        at = evaluate_plain(c, tables=t, n=be, deff=1.0)
        below = evaluate_plain(c, tables=t, n=be - 2, deff=1.0)
        assert at.verdict == "supported"
        assert below.verdict == "not supported"

    def test_breakeven_wrong_direction_is_inf(self):
        t = table("item_a", education=[60, 52, 55])
        out = audit_plain(claims=pd.DataFrame([claim()]), tables=t)
        assert out.loc[0, "breakeven_n"] == math.inf

    def test_verdict_range_phrases(self):
        t = pd.concat(
            [
                table("item_a", education=[59, 70, 82]),
                table("item_b", education=[50, 50, 50.5]),
                table("item_c", education=[55, 57, 59]),
            ]
        )
        claims = pd.DataFrame([claim(f"C0{i}", item=f"item_{x}") for i, x in enumerate("abc", 1)])
        out = audit_plain(claims=claims, tables=t).set_index("claim_id")["verdict_range"]
        assert out["C01"] == "supported at every plausible n and deff"
        assert out["C02"] == "not supported at any plausible n and deff"
        assert out["C03"].startswith("depends on n and deff")

    def test_rounding_sensitivity_by_hand(self, edu_shares):
        # choose n so that 4 points is significant but 3 is not (alone; one claim)
        t = table("item_a", education=[68, 70, 72])
        n = 4000
        n1, n2 = n * edu_shares[0], n * edu_shares[2]
        z_mid = pooled_z(0.72, n2, 0.68, n1)
        z_worst = pooled_z(0.715, n2, 0.685, n1)
        out = audit_plain(claims=pd.DataFrame([claim()]), tables=t, n=n, deff=1.0)
        assert z_mid > Z975 > z_worst  # premise, computed by hand
        assert out.loc[0, "verdict"] == "supported"
        assert bool(out.loc[0, "rounding_sensitive"])
        clear = migstats.audit(
            claims=pd.DataFrame([claim()]), tables=table("item_a", education=[40, 50, 60]), n=n
        )
        assert not bool(clear.loc[0, "rounding_sensitive"])

    def test_summary_counts(self):
        claims, t = _family()
        out = audit_plain(claims=claims, tables=t)
        text = migstats.audit_summary(out)
        assert text.startswith("5 claims: 3 tested statistically, 1 checked")
        assert "1 untestable" in text

    @pytest.mark.parametrize(
        ("kwargs", "name"),
        [
            ({"alpha": 0}, "alpha"),
            ({"alpha": 1}, "alpha"),
            ({"alpha": 1.5}, "alpha"),
            ({"alpha": float("nan")}, "alpha"),
            ({"correction": "magic"}, "correction"),
            ({"n": 0}, "n"),
            ({"n": -10}, "n"),
            ({"n": 2.5}, "n"),
            ({"deff": 0}, "deff"),
            ({"margin": 0}, "margin"),
            ({"margin": "wide"}, "margin"),
            ({"gradient_correlation": "perfect"}, "gradient_correlation"),
            ({"design": "LISS"}, "design"),
            ({"deffs": [1, -1]}, "deffs"),
            ({"claims": "all"}, "claims"),
        ],
    )
    def test_bad_arguments(self, kwargs, name):
        claims, t = _family()
        kw = {"claims": claims, "tables": t, **kwargs}
        with pytest.raises(ValueError, match=name):
            migstats.audit(**kw)

    @pytest.mark.parametrize(
        ("kwargs", "name"),
        [
            ({"alpha": 2}, "alpha"),
            ({"n": 0}, "n"),
            ({"margin": -1}, "margin"),
            ({"deff": float("inf")}, "deff"),
        ],
    )
    def test_evaluate_claim_bad_arguments(self, kwargs, name):
        with pytest.raises(ValueError, match=name):
            evaluate_plain(claim(), tables=table("item_a", education=[1, 2, 3]), **kwargs)

    def test_evaluate_claim_bad_claim(self):
        with pytest.raises(migstats.DataValidationError, match="column 'groups'"):
            evaluate_plain(claim(groups="hbo/wo>Q9"), tables=table("item_a", education=[1, 2, 3]))

    def test_summary_bad_input(self):
        with pytest.raises(ValueError, match="result"):
            migstats.audit_summary(pd.DataFrame({"verdict": ["true"]}))


class TestChapterAudit:
    def test_one_row_per_claim(self, chapter_audit):
        claims = migstats.load_claims()
        assert chapter_audit["claim_id"].tolist() == claims["claim_id"].tolist()
        assert set(chapter_audit["verdict"]) <= set(VERDICTS)

    def test_untestable_rows(self, chapter_audit):
        claims = migstats.load_claims().set_index("claim_id")
        out = chapter_audit.set_index("claim_id")
        ids = claims.index[claims["untestable_reason"] != ""]
        assert (out.loc[ids, "verdict"] == "untestable").all()
        assert (out.loc[ids, "reason"] == claims.loc[ids, "untestable_reason"]).all()

    def test_text_checks_hold(self, chapter_audit):
        # the chapter's text numbers agree with its tables (checked by hand: 10 + 11 + 14 +
        # 8 + 28 = 71; 57 + 12 <= 100; every quoted table number equals the table)
        text = chapter_audit[chapter_audit.kind == "text_table"]
        assert len(text) >= 8
        assert (text["verdict"] == "supported").all()

    def test_family_is_adjusted(self, chapter_audit):
        from statsmodels.stats.multitest import multipletests

        tested = chapter_audit[chapter_audit["pvalue"].notna()]
        assert len(tested) >= 40
        bh = multipletests(tested["pvalue"], method="fdr_bh")[1]  # the default: BH
        assert np.allclose(tested["pvalue_adjusted"], bh, rtol=1e-9)

    def test_every_verdict_explained(self, chapter_audit):
        assert (chapter_audit["reason"].str.len() > 10).all()
        tested = chapter_audit[chapter_audit["pvalue"].notna()]
        assert (tested["method"].str.len() > 10).all()
        assert (
            tested["verdict_range"]
            .str.match(
                r"(supported|not supported|contradicted|"
                r"depends)"
            )
            .all()
        )

    def test_kinds_all_evaluated(self, chapter_audit):
        from migstats._corpus.claims import CLAIM_KINDS

        kinds = set(chapter_audit.loc[chapter_audit["verdict"] != "untestable", "kind"])
        # chapter 7 has no ratio or rank claims (see TestRatioKind, TestRankKind)
        assert kinds == set(CLAIM_KINDS) - {"ratio", "rank"}

    def test_n_none_means_design_n(self, design):
        claims, t = _family()
        a = audit_plain(claims=claims, tables=t, deff=design.deff)
        b = audit_plain(claims=claims, tables=t, n=design.n, deff=design.deff)
        pd.testing.assert_frame_equal(a.frame, b.frame)


# --------------------------------------------------------------------------
# the speed paths agree with the functions they mirror
# --------------------------------------------------------------------------
class TestFastPaths:
    """Each function of migstats._audit.fast against the core/statsmodels function it mirrors."""

    @settings(max_examples=40)
    @given(
        pct=st.floats(0.5, 99.5),
        bound=st.floats(1.0, 99.0),
        n=st.integers(10, 50_000),
    )
    def test_score_z_is_statsmodels_one_sample_score(self, pct, bound, n):
        from statsmodels.stats.proportion import proportions_ztest

        from migstats._audit.fast import score_z

        z_sm, _ = proportions_ztest(pct / 100 * n, n, value=bound / 100, prop_var=bound / 100)
        z = score_z(pct, np.array([float(n)]), bound)[0]
        assert z == pytest.approx(z_sm, rel=1e-9, abs=1e-9)

    @settings(max_examples=25, deadline=None)
    @given(
        p1=st.floats(1.0, 99.0),
        p2=st.floats(1.0, 99.0),
        n1=st.integers(20, 5000),
        n2=st.integers(20, 5000),
        deff=st.sampled_from([1.0, 1.5, 2.0]),
    )
    def test_score_diff_z_is_compare_statistic(self, p1, p2, n1, n2, deff):
        from migstats._audit.fast import score_diff_z

        k1, k2 = p1 / 100 * n1, p2 / 100 * n2
        ref = migstats.compare(k1, n1, k2, n2, method="score", deff=deff)
        z = score_diff_z(*(np.array([float(x)]) for x in (k1, n1, k2, n2, deff)))[0]
        assert z == pytest.approx(float(ref.statistic), rel=1e-7, abs=1e-9)

    @settings(max_examples=40)
    @given(
        p1=st.floats(0.01, 0.99),
        p2=st.floats(0.01, 0.99),
        n=st.floats(10, 1e5),
    )
    def test_paired_se_is_the_variance_of_a_difference(self, p1, p2, n):
        # identity: Var(a - b) = v1 + v2 - 2 rho sd1 sd2, at rho = -1 (worst case) and 0
        from migstats._audit.fast import paired_se

        v1, v2 = p1 * (1 - p1) / n, p2 * (1 - p2) / n
        worst = math.sqrt(v1 + v2 + 2 * math.sqrt(v1 * v2))
        indep = math.sqrt(v1 + v2)
        assert paired_se(p1, p2, n, 1.0, "worst_case") == pytest.approx(worst, rel=1e-12)
        assert paired_se(p1, p2, n, 1.0, "independent") == pytest.approx(indep, rel=1e-12)

    @pytest.mark.parametrize("rounding", ["up_or_down", "half_up", "half_even", "truncate"])
    @pytest.mark.parametrize(("value", "decimals"), [(56.0, 0), (7.5, 1), (0.0, 0), (100.0, 0)])
    def test_cached_rounding_interval_is_rounding_interval(self, value, decimals, rounding):
        from migstats._audit.fast import cached_rounding_interval

        iv = migstats.rounding_interval(value, decimals=decimals, rounding=rounding)
        assert cached_rounding_interval(value, decimals, rounding) == (
            float(iv.low),
            float(iv.high),
        )

    @settings(deadline=None)
    @given(
        rows=st.lists(
            st.tuples(
                st.one_of(st.none(), st.text(max_size=3)),
                st.one_of(st.none(), st.text(max_size=3)),
                st.one_of(st.none(), st.floats(allow_nan=True)),
                st.booleans(),
                st.integers(-5, 5),
            ),
            max_size=6,
        )
    )
    def test_frame_records_are_to_dict_records(self, rows):
        # what the audit reads claims and quantifiers with: pandas' records, faster
        from migstats._base import frame_records

        cols = list(zip(*rows, strict=True)) if rows else [()] * 5
        frame = pd.DataFrame(
            {
                "text": pd.Series(cols[0], dtype=object),
                "str": pd.Series(cols[1], dtype=object).fillna("").astype(str),
                "number": pd.Series(cols[2], dtype=float),
                "flag": pd.Series(cols[3], dtype=bool),
                "count": pd.Series(cols[4], dtype="int64"),
                "boxed": pd.Series([np.float64(x) for x in cols[4]], dtype=object),
            }
        )
        got, want = frame_records(frame), frame.to_dict("records")
        assert [list(r) for r in got] == [list(r) for r in want]
        for g, w in zip(got, want, strict=True):
            for k in g:
                assert type(g[k]) is type(w[k])
                assert g[k] is w[k] or g[k] == w[k] or (g[k] != g[k] and w[k] != w[k])

    @given(
        rows=st.integers(1, 40),
        groups=st.integers(1, 9),
        data=st.data(),
    )
    def test_group_sums_and_extremes_are_numpy_s(self, rows, groups, data):
        # one vector operation per group: numpy's own row sums, minima and maxima,
        # bit for bit (signed zeros, infinities and NaN included)
        from migstats._base import group_extremes, group_sums

        cells = st.one_of(st.floats(allow_nan=True), st.sampled_from([0.0, -0.0, 1e-300]))
        x = np.array(
            data.draw(st.lists(cells, min_size=rows * groups, max_size=rows * groups))
        ).reshape(rows, groups)
        # any layout numpy reduces: C or Fortran order, a transposed copy, float32, float16
        layout = data.draw(st.sampled_from(["C", "F", "T", "float32", "float16"]))
        with np.errstate(all="ignore"):
            if layout == "F":
                x = np.asfortranarray(x)
            elif layout == "T":
                x = np.ascontiguousarray(x.T).T
            elif layout != "C":
                x = x.astype(layout)
            got, want = group_sums(x), x.sum(axis=-1)
            np.testing.assert_array_equal(got, want)
            assert (np.signbit(got) == np.signbit(want)).all()
            got = (group_extremes(x), group_extremes(x, low=False))
            for g, w in zip(got, (x.min(axis=-1), x.max(axis=-1)), strict=True):
                np.testing.assert_array_equal(g, w)
                assert (np.signbit(g) == np.signbit(w))[~np.isnan(w)].all()

    @given(
        rows=st.integers(1, 6),
        shape=st.lists(st.integers(0, 4), max_size=2),
        times=st.integers(0, 4),
        data=st.data(),
    )
    def test_stack_rows_and_tile_blocks_are_numpy_s(self, rows, shape, times, data):
        # the audit's faster spellings of np.stack (axis 0) and np.tile (1-d)
        from migstats._base import stack_rows, tile_blocks

        size = int(np.prod(shape))
        cells = st.lists(st.floats(allow_nan=True), min_size=size, max_size=size)
        arrays = [np.array(data.draw(cells), dtype=float).reshape(shape) for _ in range(rows)]
        got, want = stack_rows(arrays), np.stack(arrays)
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_array_equal(got, want)
        flat = arrays[0].ravel()
        np.testing.assert_array_equal(tile_blocks(flat, times), np.tile(flat, times))
        assert tile_blocks(flat, times).shape == np.tile(flat, times).shape
        with pytest.raises(ValueError):
            stack_rows([np.zeros(2), np.zeros(3)])

    @settings(deadline=None)
    @given(
        values=st.lists(st.integers(0, 1000), min_size=1, max_size=20),
        decimals=st.sampled_from([0, 1]),
        rounding=st.sampled_from(["up_or_down", "half_up", "half_even", "truncate", "floor"]),
    )
    def test_warmed_rounding_intervals_are_rounding_interval(self, values, decimals, rounding):
        # filled in one vectorised call, each number's interval is the one it has alone
        from migstats._audit import fast

        pcts = [v / 10**decimals for v in values]
        fast._INTERVALS.clear()
        fast.warm_rounding_intervals([*pcts, float("nan")], decimals, rounding)
        assert len(fast._INTERVALS) == len(set(pcts))  # NaN is left to the scalar path
        for v in pcts:
            iv = migstats.rounding_interval(v, decimals=decimals, rounding=rounding)
            assert fast._INTERVALS[(v, decimals, rounding)] == (float(iv.low), float(iv.high))

    @settings(max_examples=40, deadline=None)
    @given(
        p=st.lists(st.floats(1e-6, 1.0), min_size=1, max_size=12),
        correction=st.sampled_from(CORRECTIONS),
        alpha=st.sampled_from([0.01, 0.05, 0.1]),
    )
    def test_adjustments_decide_as_adjust_pvalues(self, p, correction, alpha):
        # the shortcut may return a bound instead of the adjusted value, but never
        # one on the other side of alpha
        from migstats._audit.fast import adjust_for_verdicts, adjusted_each

        p = np.array(p)
        exact = np.asarray(migstats.adjust_pvalues(p, method=correction), float)
        fast = adjust_for_verdicts(p, correction, alpha)
        assert np.array_equal(fast < alpha, exact < alpha)
        # every claim with its p-value replaced (a third of it, and alpha / 7), at once:
        # each the family adjusted by itself, exactly where the bounds leave it open
        idx = np.concatenate([np.arange(p.size), np.arange(p.size)])
        p_new = np.concatenate([p / 3, np.full(p.size, alpha / 7)])
        got = adjusted_each(p, idx, p_new, correction, alpha)
        for k, (i, q) in enumerate(zip(idx, p_new, strict=True)):
            p2 = p.copy()
            p2[i] = q
            exact_one = float(np.asarray(migstats.adjust_pvalues(p2, method=correction))[i])
            assert (got[k] < alpha) == (exact_one < alpha)
            if not (q >= alpha or q * p.size < alpha):
                assert got[k] == exact_one  # adjusted, bit for bit


class TestPreparers:
    def test_dispatch_table_covers_every_registered_kind(self):
        from migstats._audit.kinds import PREPARERS

        kinds = set(migstats.load_claims()["kind"])
        assert kinds <= set(PREPARERS)

    def test_settings_object_validates_like_audit(self):
        from migstats._audit.settings import audit_settings

        with pytest.raises(ValueError, match="correction"):
            audit_settings(None, None, None, 0.05, correction="nope")
        with pytest.raises(ValueError, match="margin"):
            audit_settings(None, None, None, 0.05, margin=0)
        s = audit_settings(None, 1000, 1.5, 0.01, correction="BH")
        assert (s.n, s.deff, s.alpha, s.correction) == (1000, 1.5, 0.01, "BH")

    @pytest.mark.parametrize(("alias", "name"), [("BH", "fdr_bh"), ("fdr", "fdr_bh")])
    def test_r_correction_aliases_give_the_same_audit(self, alias, name):
        # every name of migstats.CORRECTIONS is accepted (R's p.adjust aliases included)
        claims = migstats.load_claims().head(12)
        a = audit_plain(claims=claims, correction=alias)
        b = audit_plain(claims=claims, correction=name)
        pd.testing.assert_series_equal(a["pvalue_adjusted"], b["pvalue_adjusted"])
        assert a["verdict"].tolist() == b["verdict"].tolist()


@pytest.fixture(scope="module")
def frames():
    """The first 40 claims audited at the defaults and with the printed numbers as exact."""
    claims = migstats.load_claims().head(40)
    return (
        migstats.audit(claims=claims),
        migstats.audit(claims=claims, rounding_aware=False),
        claims,
    )


class TestHeadlineAndRounding:
    """Issue 10: rounding-aware p-values and the conservative headline."""

    def test_rounding_aware_pvalues_never_smaller(self, frames):
        aware, plain, _ = frames
        tested = aware.pvalue.notna()
        assert (aware.pvalue[tested] >= plain.pvalue[tested] - 1e-12).all()
        assert (aware.ci_low[tested] <= plain.ci_low[tested] + 1e-9).all()
        assert (aware.ci_high[tested] >= plain.ci_high[tested] - 1e-9).all()

    def test_headline_is_central_audit_at_smallest_n_largest_deff(self, frames):
        aware, _, claims = frames
        lo = migstats.LISS_2023.n_range[0]
        there = migstats.audit(claims=claims, n=lo, deff=2.0, headline="central")
        assert aware.verdict.tolist() == there.verdict.tolist()
        np.testing.assert_allclose(aware.pvalue_adjusted, there.pvalue_adjusted)
        central = migstats.audit(claims=claims, headline="central")
        assert aware.verdict_central.tolist() == central.verdict.tolist()

    def test_headline_never_claims_more_than_central_or_optimistic(self, frames):
        aware, _, _ = frames
        supported = aware.verdict == "supported"
        assert (aware.verdict_central[supported] == "supported").all()
        assert (aware.verdict_optimistic[supported] == "supported").all()

    def test_robustness_words(self, frames):
        aware, _, _ = frames
        tested = (aware.kind != "text_table") & (aware.verdict != "untestable")
        assert set(aware.robustness[tested]) <= {
            "supported at every plausible n and deff",
            "depends on n or deff",
            "not supported at any plausible n and deff",
        }
        every = aware.robustness == "supported at every plausible n and deff"
        assert (aware.verdict[every] == "supported").all()
        assert f"{int(every[tested].sum())} are supported under every plausible n" in (
            migstats.audit_summary(aware)
        )

    @settings(deadline=None, max_examples=20)
    @given(st.integers(51, 70), st.integers(200, 4000), st.integers(1, 3000))
    def test_verdict_monotone_in_n(self, a, n1, extra):
        # a rounding-aware difference: supported at n stays supported at larger n
        t = table("item_a", education=[a, 50, 50])
        c = claim(groups="bo/vmbo>hbo/wo")
        small = migstats.evaluate_claim(c, tables=t, n=n1)
        large = migstats.evaluate_claim(c, tables=t, n=n1 + extra)
        if small.verdict == "supported":
            assert large.verdict == "supported"
        assert large.pvalue <= small.pvalue + 1e-12

    def test_bad_headline(self):
        with pytest.raises(ValueError, match="headline"):
            migstats.audit(claims=migstats.load_claims().head(2), headline="best")
        with pytest.raises(ValueError, match="rounding_aware"):
            migstats.audit(claims=migstats.load_claims().head(2), rounding_aware="no")


class TestRenderHeadline:
    def test_settings_line_names_the_headline(self):
        from migstats._audit import render_audit

        claims = migstats.load_claims().head(3)
        text = render_audit(migstats.audit(claims=claims))
        assert "Verdicts at n = 1,500, deff 2 (resolved); p-values rounding-aware." in (
            " ".join(text.split())
        )
        # the pre-issue-10 reading: the design's n, deff 1, printed numbers as exact
        central = migstats.audit(claims=claims, deff=1.0, headline="central", rounding_aware=False)
        text = render_audit(central)
        assert "Verdicts at n = 2,900, deff 1 (central)." in " ".join(text.split())
