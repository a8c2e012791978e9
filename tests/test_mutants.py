"""Tests that kill mutants which survived a mutation campaign.

Each test names the mutated line (as in the campaign's report) and checks
the behaviour the mutant changes against an independent source: brute-force
enumeration with exact fractions, scipy's beta quantile, an identity, or a
documented boundary.  See CONTRIBUTING.md ("Mutation testing").
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import migstats
from migstats import MigstatsError, MigstatsValueError


# --------------------------------------------------------------------------
# _core/rounding.py: GRIM pass probability, tie cases (step > 1 -> step > 2)
# --------------------------------------------------------------------------
def _brute_pass_share(n: int, d: int) -> Fraction:
    """Share of the grid values 0, 10**-d, ..., 100 within half a step of some 100 c / n."""
    scale = 10**d
    half = Fraction(1, 2)
    hits = 0
    for v in range(100 * scale + 1):
        if any(abs(Fraction(100 * c * scale, n) - v) <= half for c in range(n + 1)):
            hits += 1
    return Fraction(hits, 100 * scale + 1)


class TestGrimProbabilityTies:
    def test_issue_example(self):
        # percent "0" at n = 8: 100 c / 8 hits 9 values, the four ties
        # 12.5, 37.5, 62.5, 87.5 one more each: 13 of 101
        out = migstats.grim_percent_map(pd.DataFrame({"percent": ["0"], "n": [8]}))
        assert out["probability_pass"].iloc[0] == pytest.approx(13 / 101, abs=1e-15)

    @pytest.mark.parametrize("n", [2, 4, 8, 10, 16, 20, 40, 50, 80])
    def test_even_n_with_ties(self, n):
        # even n dividing 200: the tie cases the campaign never drew
        out = migstats.grim_percent_map(pd.DataFrame({"percent": ["1"], "n": [n]}))
        assert out["probability_pass"].iloc[0] == pytest.approx(
            float(_brute_pass_share(n, 0)), abs=1e-15
        )

    @given(st.integers(1, 99))
    def test_against_brute_force(self, n):
        out = migstats.grim_percent_map(pd.DataFrame({"percent": ["3"], "n": [n]}))
        assert out["probability_pass"].iloc[0] == pytest.approx(
            float(_brute_pass_share(n, 0)), abs=1e-15
        )

    @pytest.mark.parametrize("n", [16, 80, 125, 400])
    def test_one_decimal(self, n):
        out = migstats.grim_percent_map(pd.DataFrame({"percent": ["1.0"], "n": [n]}))
        assert out["probability_pass"].iloc[0] == pytest.approx(
            float(_brute_pass_share(n, 1)), abs=1e-15
        )


# --------------------------------------------------------------------------
# _core/rounding.py: RoundingInterval.contains returns a bool for a scalar
# --------------------------------------------------------------------------
class TestContainsReturnType:
    def test_scalar_gives_bool(self):
        iv = migstats.rounding_interval("12", decimals=0)
        assert type(iv.contains(12.3)) is bool and iv.contains(12.3) is True
        assert iv.contains("12.5") is True  # up_or_down: the tie belongs to both values
        assert iv.contains(12.6) is False

    def test_array_gives_array(self):
        iv = migstats.rounding_interval("12", decimals=0)
        got = iv.contains([11.4, 11.5, 12.5, 12.51])
        assert isinstance(got, np.ndarray) and got.shape == (4,)
        assert got.tolist() == [False, True, True, False]


# --------------------------------------------------------------------------
# _core/differences.py: effective total exactly 1 is refused (<= -> <)
# --------------------------------------------------------------------------
class TestScoreSizeBoundary:
    def test_effective_total_one_refused(self):
        # (1 + 1) / 2 = 1: the Miettinen-Nurminen factor N / (N - 1) is undefined
        with pytest.raises(MigstatsValueError, match=r"^n1 must be such that the effective total"):
            migstats.diff_ci(1, 1, 0, 1, method="miettinen_nurminen", deff=2)

    def test_effective_total_above_one_accepted(self):
        low, high = migstats.diff_ci(1, 1, 0, 1, method="miettinen_nurminen", deff=1.99)
        assert -1.0 <= low <= 1.0 and low <= high <= 1.0


# --------------------------------------------------------------------------
# _core/multinomial.py: the t interval needs n_eff > 1 (exactly 1 is refused)
# --------------------------------------------------------------------------
class TestMeanTBoundary:
    def test_n_effective_one_refused(self):
        with pytest.raises(MigstatsValueError, match=r"^counts must be a total above 1"):
            migstats.mean_score_ci([1, 1], method="t", deff=2.0)

    def test_total_one_refused(self):
        with pytest.raises(MigstatsValueError, match=r"^counts must be a total above 1"):
            migstats.mean_score_ci([0.5, 0.5], method="t")

    def test_just_above_one(self):
        # n = 2, deff = 1.5: n_eff = 4/3, t with 1/3 degree of freedom; the
        # standard error is sqrt(deff * s**2 / n) with s**2 = 0.5 (scores 1, 2)
        from scipy import stats

        res = migstats.mean_score_ci([1, 1], method="t", deff=1.5)
        se = math.sqrt(1.5 * 0.5 / 2)
        assert res.standard_error == pytest.approx(se, rel=1e-12)
        crit = stats.t.isf(0.025, 2 / 1.5 - 1)
        assert res.confidence_interval.high == pytest.approx(1.5 + crit * se, rel=1e-12)


# --------------------------------------------------------------------------
# _core/inequality.py: RII is NaN when the fitted bottom is exactly 0
# --------------------------------------------------------------------------
class TestRiiBoundary:
    def test_fitted_bottom_zero_gives_nan(self):
        # two equal groups: SII = 2 * (0.75 - 0.25) = 1; the fitted bottom is
        # mean - SII / 2 = 0.5 - 0.5 = 0 exactly, where the RII is NaN (documented)
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = migstats.slope_index([0.25, 0.75], 100, [0.5, 0.5])
        assert res.sii == pytest.approx(1.0)
        assert math.isnan(res.rii)

    def test_fitted_bottom_positive_gives_ratio(self):
        # SII = 2 * (0.7 - 0.3) = 0.8, bottom 0.5 - 0.4 = 0.1, top 0.9: RII 9
        res = migstats.slope_index([0.3, 0.7], 100, [0.5, 0.5])
        assert res.rii == pytest.approx(9.0, rel=1e-12)


# --------------------------------------------------------------------------
# _core/proportions.py: tiny-count Clopper-Pearson limit (+ 1.0 -> + 1.1)
# --------------------------------------------------------------------------
class TestClopperPearsonTiny:
    # limits above the smallest normal double, where scipy's beta quantile is exact
    @pytest.mark.parametrize(("k", "n"), [(0.01, 10), (0.015, 3), (0.012, 1000), (0.019, 50)])
    def test_lower_limit_against_beta_quantile(self, k, n):
        from scipy import stats

        low = migstats.proportion_ci(k, n, method="clopper_pearson").low
        ref = stats.beta.ppf(0.025, k, n - k + 1)
        assert low == pytest.approx(ref, rel=1e-6, abs=0)

    @pytest.mark.parametrize(("k", "n"), [(9.99, 10), (49.985, 50)])
    def test_upper_limit_against_beta_quantile(self, k, n):
        from scipy import stats

        high = migstats.proportion_ci(k, n, method="clopper_pearson").high
        ref = stats.beta.ppf(0.975, k + 1, n - k)
        assert high == pytest.approx(ref, rel=1e-6, abs=0)


# --------------------------------------------------------------------------
# _core/feasible.py / compositions.py: the exact sampler fails fast
# --------------------------------------------------------------------------
class _ConstantGenerator:
    """A generator that always draws the largest word (every candidate rejected)."""

    def integers(self, low, high, size, dtype):
        return np.full(size, high - 1, dtype=dtype)


class TestSamplerFailsFast:
    def test_empty_range_refused(self):
        from migstats._core.compositions import _randbelow

        with pytest.raises(MigstatsError, match="empty range"):
            _randbelow(np.random.default_rng(0), 0)

    def test_bounded_rejection_loop(self):
        from migstats._core.compositions import _randbelow

        with pytest.raises(MigstatsError, match="rounds"):
            _randbelow(_ConstantGenerator(), 5)  # 5 = 0b101: a 3-bit draw of 7 is rejected

    @given(st.integers(1, 10**30), st.integers(0, 2**32 - 1))
    def test_draw_below_bound(self, bound, seed):
        from migstats._core.compositions import _randbelow

        assert 0 <= _randbelow(np.random.default_rng(seed), bound) < bound

    def test_sequential_sampler_draws_members(self):
        # brute force: the 3 x 4 table of counts of 9 respondents whose three
        # shares all print as 33 (up_or_down): counts (3, 3, 3) only
        from migstats._core.composition_sampling import _sample_sequential

        fc = migstats.feasible_counts(["33", "33", "33"], 9)
        widths = [int(w) for w in fc.high - fc.low]
        draws = _sample_sequential(widths, fc._slack, 50, np.random.default_rng(5))
        assert (draws.sum(axis=1) == fc._slack).all()
        assert fc.count() == 1


# --------------------------------------------------------------------------
# _tables/compare.py: no break-even n at alpha = MAX_ALPHA (>= -> >)
# --------------------------------------------------------------------------
class TestBreakevenAtMaxAlpha:
    def test_level_one_half_gives_nan(self):
        # alpha = 1 - 0.5 reaches MAX_ALPHA = 0.5, where the power formulas do not hold
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            at = migstats.compare_groups("7.5", "paid_work", "education", confidence_level=0.5)
            above = migstats.compare_groups("7.5", "paid_work", "education", confidence_level=0.51)
        assert at["breakeven_n"].isna().all()
        assert above["breakeven_n"].notna().any()


# --------------------------------------------------------------------------
# _tables/check.py: the counts check's message (count, size, rest category)
# --------------------------------------------------------------------------
def _count_range(percent: float, n: int) -> int:
    """Whole counts c with 100 c / n within half a point of ``percent`` (up_or_down)."""
    lo = Fraction(str(percent)) - Fraction(1, 2)
    hi = Fraction(str(percent)) + Fraction(1, 2)
    return sum(1 for c in range(n + 1) if lo <= Fraction(100 * c, n) <= hi)


class TestCheckTableMessage:
    def test_counts_detail(self):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = migstats.check_table("7.5")
        rows = out[(out["check"] == "counts") & (out["dimension"] == "total")]
        row = rows[rows["item"] == "paid_work"].iloc[0]
        t = migstats.load_table("7.5")
        pub = t[(t["item"] == "paid_work") & (t["dimension"] == "total")]
        # the responses' counts are independent given an unpublished rest category
        # (their sum stays far below n), so the number of vectors is a product
        expected = math.prod(_count_range(p, 2900) for p in pub["percent"])
        assert row["detail"].startswith(
            f"{expected} count vectors of 2900 respondents round to the published numbers"
            " (with an unpublished rest category)."
        ), row["detail"]


# --------------------------------------------------------------------------
# _tables/shares.py: the message names the groups whose design share is outside
# --------------------------------------------------------------------------
class TestImpliedSharesMessage:
    def _design(self, education):
        inc = dict(migstats.LISS_2023.shares["income"])
        return migstats.LISS_2023.replace(shares={"education": education, "income": inc})

    def test_outside(self):
        d = self._design({"bo/vmbo": 0.05, "havo/vwo/mbo": 0.5, "hbo/wo": 0.45})
        res = migstats.implied_group_shares("education", design=d)
        low, high = res.ranges
        outside = [
            g
            for g, s, lo, hi in zip(res.groups, [0.05, 0.5, 0.45], low, high, strict=True)
            if not lo <= s <= hi
        ]
        assert outside  # 0.05 is below every reading of the tables
        assert res.message.endswith(
            "The design's shares lie outside the range for " + ", ".join(outside) + "."
        )

    def test_inside(self):
        res = migstats.implied_group_shares("education")
        low, high = res.ranges
        shares = migstats.LISS_2023.shares["education"]
        assert all(lo <= shares[g] <= hi for g, lo, hi in zip(res.groups, low, high, strict=True))
        # 20 equations (items x responses) in 3 unknown shares: identified
        assert res.identified and res.n_equations == 20
        assert res.message == (
            "20 equations: share vectors consistent with every item's rounding exist; "
            "each share lies in its reported range. The design's shares are within every range."
        )


# --------------------------------------------------------------------------
# _tables/context.py and _tables/counts.py: a report's own catalogue, groups
# --------------------------------------------------------------------------
class TestReportCatalogueAndGroups:
    def test_report_items_are_used(self):
        r = migstats.load_report("pew-inequality-2020")
        out = migstats.reconstruct_counts("inequality_amount", report=r)
        total = out[(out["dimension"] == "total") & (out["response"] == "too_much")].iloc[0]
        assert total["item"] == "amount_of_inequality"
        # 61% of 6,878 within half a point: ceil(60.5% n) .. floor(61.5% n)
        assert (int(total["count_low"]), int(total["count_high"])) == (
            math.ceil(0.605 * 6878),
            math.floor(0.615 * 6878),
        )
        ti = migstats.table_intervals("inequality_amount", report=r)
        assert set(ti["item"]) == {"amount_of_inequality"}

    def test_design_with_other_groups_refused(self):
        inc = dict(migstats.LISS_2023.shares["income"])
        d = migstats.LISS_2023.replace(
            shares={"education": {"low": 0.3, "mid": 0.4, "high": 0.3}, "income": inc}
        )
        with pytest.raises(
            MigstatsValueError,
            match=r"^design must give shares for the groups of dimension 'education' "
            r"\(bo/vmbo, havo/vwo/mbo, hbo/wo\), but got shares for low, mid, high",
        ):
            migstats.reconstruct_counts("7.5", design=d)


# --------------------------------------------------------------------------
# _audit/preparers.py: lower rounding bounds summing to exactly 100 pass
# --------------------------------------------------------------------------
class TestAtMost100Boundary:
    @staticmethod
    def _claim(reported):
        from migstats._base import CLAIM_COLUMNS

        row = dict.fromkeys(CLAIM_COLUMNS, "")
        row.update(
            claim_id="C01",
            section="7.1.1",
            table="7.5",
            item="item_a",
            response="agree;disagree",
            kind="text_table",
            dimension="total",
            groups="total",
            claim="synthetic claim",
            check="at_most_100",
            reported=reported,
        )
        return row

    @staticmethod
    def _table(agree, disagree):
        return pd.DataFrame(
            [
                ("7.5", "item_a", "agree", "total", "total", float(agree)),
                ("7.5", "item_a", "disagree", "total", "total", float(disagree)),
            ],
            columns=["table", "item", "response", "dimension", "group", "percent"],
        )

    @pytest.mark.parametrize(("a", "b", "verdict"), [(50, 51, "supported"), (40, 61, "supported")])
    def test_exactly_100(self, a, b, verdict):
        # 49.5 + 50.5 = 100 exactly: the other categories can be empty
        res = migstats.evaluate_claim(self._claim(f"{a};{b}"), tables=self._table(a, b), deff=1.0)
        assert res.verdict == verdict
        assert "at least 100 within rounding" in res.reason

    def test_above_100(self):
        res = migstats.evaluate_claim(self._claim("50;52"), tables=self._table(50, 52), deff=1.0)
        assert res.verdict == "inconsistent"
        assert "at least 101 within rounding), more than 100%" in res.reason


class TestOwnCatalogueScale:
    """A report's own catalogue declares a 3-point scale: its blocks are complete."""

    @staticmethod
    def _report():
        t = pd.DataFrame(
            {
                "table": "t1",
                "item": "q1",
                "response": ["1", "2", "3"] * 3,
                "dimension": ["total"] * 3 + ["sex"] * 6,
                "group": ["total"] * 3 + ["a"] * 3 + ["b"] * 3,
                "percent": [20.0, 30.0, 50.0] * 3,
            }
        )
        items = pd.DataFrame(
            {"item": ["q1"], "table": ["t1"], "scale": ["3-point"], "responses_reported": ["1;2;3"]}
        )
        design = migstats.SampleDesign.from_percentages(
            10, (10, 10), {"sex": {"a": 50, "b": 50}}, weighted=False
        )
        return migstats.Report.from_frames(t, design=design, items=items)

    def test_complete_scale_from_the_report_catalogue(self):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = migstats.check_table("t1", report=self._report())
        # brute force: (2, 3, 5) is the only vector of 10 whole counts summing
        # to 10 that prints as 20/30/50; a complete scale has no rest category
        counts = out[(out["check"] == "counts") & (out["dimension"] == "total")]
        assert counts["detail"].iloc[0] == (
            "1 count vectors of 10 respondents round to the published numbers."
        )
        assert (out["check"] == "sum").sum() == 3  # one sum check per complete block


# --------------------------------------------------------------------------
# _core/compositions.py: counting compositions, including zero parts
# --------------------------------------------------------------------------
class TestCompositionsCount:
    @pytest.mark.parametrize("parts", [0, 1, 2, 3])
    @pytest.mark.parametrize("total", [-1, 0, 1, 4])
    def test_against_enumeration(self, total, parts):
        import itertools

        from migstats._core.compositions import _compositions

        # brute force: ordered tuples of `parts` integers >= 0 summing to total
        # (the empty tuple is the one composition of 0 into 0 parts)
        brute = sum(
            1 for c in itertools.product(range(max(total, 0) + 1), repeat=parts) if sum(c) == total
        )
        assert _compositions(total, parts) == brute


# --------------------------------------------------------------------------
# _core/compare.py: a rounding box touching equality (hi1 == lo2) straddles it
# --------------------------------------------------------------------------
class TestBoxTouchingEquality:
    @pytest.mark.parametrize("method", ["score", "mee", "wald"])
    def test_pvalue_one(self, method):
        # boxes [0.125, 0.375] and [0.375, 0.625] share the point 0.375
        # (exact binary fractions): equal true proportions are possible, p = 1
        r = migstats.compare(25, 100, 50, 100, method=method, half_width1=0.125, half_width2=0.125)
        assert r.pvalue == 1.0


# --------------------------------------------------------------------------
# _core/differences.py: Miettinen-Nurminen limits exact at large n, tiny limits
# --------------------------------------------------------------------------
def _mn_statistic_by_hand(x1, n1, x2, n2, delta):
    """MN score statistic with the restricted MLE from scipy's brentq on the score equation."""
    from scipy import optimize

    def score(q):  # derivative of the log-likelihood in p2 = q, p1 = q + delta
        a, b = q + delta, 1.0 - q - delta
        terms = [(x1, a), (-(n1 - x1), b), (x2, q), (-(n2 - x2), 1.0 - q)]
        return sum(
            num / den if den > 0 else math.copysign(math.inf, num) for num, den in terms if num != 0
        )

    lo, hi = max(0.0, -delta), min(1.0, 1.0 - delta)
    g_lo, g_hi = score(lo), score(hi)
    if g_lo <= 0:
        q = lo
    elif g_hi >= 0:
        q = hi
    else:
        q = optimize.brentq(score, lo, hi, xtol=1e-300, rtol=1e-15)
    p1t, p2t = q + delta, q
    big_n = n1 + n2
    var = (p1t * (1 - p1t) / n1 + p2t * (1 - p2t) / n2) * big_n / (big_n - 1)
    return (x1 / n1 - x2 / n2 - delta) / math.sqrt(var)


class TestScoreLimitsLargeN:
    @pytest.mark.parametrize(
        ("x1", "n1", "x2", "n2"),
        [(1, 100_000, 0, 100_000), (3, 200_000, 1, 150_000), (0, 50_000, 2, 80_000)],
    )
    def test_limits_are_roots_of_the_statistic(self, x1, n1, x2, n2):
        from scipy import optimize, stats

        z = stats.norm.ppf(0.975)
        d = x1 / n1 - x2 / n2
        low, high = migstats.diff_ci(x1, n1, x2, n2, method="miettinen_nurminen")

        def f(delta, target):
            return _mn_statistic_by_hand(x1, n1, x2, n2, delta) - target

        ref_low = optimize.brentq(f, -1 + 1e-12, d, args=(z,), xtol=1e-18, rtol=1e-13)
        ref_high = optimize.brentq(f, d, 1 - 1e-12, args=(-z,), xtol=1e-18, rtol=1e-13)
        assert low == pytest.approx(ref_low, rel=1e-9, abs=0)
        assert high == pytest.approx(ref_high, rel=1e-9, abs=0)


# --------------------------------------------------------------------------
# _core/simulate.py: a selection factor of 0 is refused (> 0 -> >= 0)
# --------------------------------------------------------------------------
class TestSampleSharesFactor:
    @pytest.mark.parametrize("factor", [0, 0.0, -0.5, float("nan")])
    def test_non_positive_refused(self, factor):
        pop = migstats.SurveyPopulation(
            [0.25, 0.75], [0.5, 0.5], dimensions=["edu"], groups=[["low", "high"]]
        )
        with pytest.raises(MigstatsValueError, match=r"^factors must be positive numbers"):
            pop.sample_shares({"edu": {"low": factor}})

    def test_tiny_positive_accepted(self):
        pop = migstats.SurveyPopulation(
            [0.25, 0.75], [0.5, 0.5], dimensions=["edu"], groups=[["low", "high"]]
        )
        # 0.25 f / (0.25 f + 0.75) at f = 1e-6
        got = pop.sample_shares({"edu": {"low": 1e-6}})
        assert got[0] == pytest.approx(0.25e-6 / (0.25e-6 + 0.75), rel=1e-12)


# --------------------------------------------------------------------------
# _core/simulate.py: group shares are the margins of the joint table
# --------------------------------------------------------------------------
class TestGroupShares:
    def test_margins_of_an_outer_product(self):
        # joint shares = outer(a, b): the margins are a and b exactly
        a, b = np.array([0.25, 0.35, 0.40]), np.array([0.1, 0.6, 0.3])
        pop = migstats.SurveyPopulation(
            np.outer(a, b),
            np.full((3, 3), 0.5),
            dimensions=["education", "income"],
            groups=[["lo", "mid", "hi"], ["q1", "q2", "q3"]],
        )
        np.testing.assert_allclose(pop.group_shares("education"), a, atol=1e-15)
        np.testing.assert_allclose(pop.group_shares("income"), b, atol=1e-15)


# --------------------------------------------------------------------------
# _tables/shares.py: equations in the tables' order (groupby sort=False), and
# only partition dimensions of the design may be estimated
# --------------------------------------------------------------------------
def _chapter_rows() -> pd.DataFrame:
    return pd.concat([migstats.load_table(t) for t in migstats.TABLE_IDS], ignore_index=True)


class TestImpliedSharesEquations:
    def test_equations_follow_the_tables(self):
        res = migstats.implied_group_shares("education")
        rows = _chapter_rows()
        totals = rows[rows["dimension"] == "total"]
        first = {}
        for i, key in enumerate(zip(totals["item"], totals["response"], strict=True)):
            first.setdefault(key, i)
        keys = list(zip(res.equations["item"], res.equations["response"], strict=True))
        positions = [first[k] for k in keys]
        assert positions == sorted(positions)
        # the check means something: publication order is not alphabetical
        assert keys != sorted(keys)

    def test_total_is_not_a_dimension_to_estimate(self):
        rows = _chapter_rows()
        partitions = [d for d in dict.fromkeys(rows["dimension"]) if d not in ("total", "period")]
        with pytest.raises(MigstatsValueError) as err:
            migstats.implied_group_shares("total")
        assert str(err.value) == (
            "dimension must be one of "
            + ", ".join(repr(d) for d in partitions)
            + ", but got 'total'"
        )


# --------------------------------------------------------------------------
# _tables/intervals.py: scale_mean keeps the group rows (has_sizes(dimension))
# --------------------------------------------------------------------------
class TestScaleMeanGroups:
    def test_group_means_by_hand(self):
        edu = list(migstats.LISS_2023.shares["education"])
        dist = {
            "total": [10, 20, 30, 20, 20],
            edu[0]: [20, 30, 20, 20, 10],
            edu[1]: [5, 15, 40, 20, 20],
            edu[2]: [10, 10, 20, 30, 30],
        }
        rows = [
            ("u", "x", str(code), "total" if g == "total" else "education", g, p)
            for g, ps in dist.items()
            for code, p in enumerate(ps, 1)
        ]
        table = pd.DataFrame(
            rows, columns=["table", "item", "response", "dimension", "group", "percent"]
        )
        items = pd.DataFrame(
            [{"item": "x", "table": "u", "scale": "5-point", "responses_reported": "1;2;3;4;5"}]
        )
        out = migstats.scale_mean(
            table,
            design=migstats.LISS_2023,
            items=items,
            groups={"total": ["total"], "education": edu},
        )
        got = dict(zip(out["group"], out["estimate"], strict=True))
        # mean of the codes 1..5 weighted by the percentages
        expected = {g: sum(c * p for c, p in enumerate(ps, 1)) / 100 for g, ps in dist.items()}
        assert got.keys() == expected.keys()
        for g, value in expected.items():
            assert got[g] == pytest.approx(value)


# --------------------------------------------------------------------------
# _audit/fast.py: m p exactly at alpha leaves the verdict open (< not <=)
# --------------------------------------------------------------------------
class TestAdjustForVerdictsTie:
    def test_holm_when_m_p_equals_alpha(self):
        from migstats._audit.fast import adjust_for_verdicts

        # 2 * 0.025 == 0.05 exactly in binary floating point; Holm by hand:
        # sorted 0.01, 0.025 -> 2 * 0.01 = 0.02, max(0.02, 1 * 0.025) = 0.025
        p = np.array([0.01, 0.025])
        assert 2 * p[1] == 0.05
        got = adjust_for_verdicts(p, "holm", 0.05)
        np.testing.assert_allclose(got, [0.02, 0.025], rtol=1e-15)
        assert got[1] < 0.05  # significant under Holm, not under Bonferroni's bound


# --------------------------------------------------------------------------
# _audit/kinds/equivalence.py: the SII's interval is est +/- z se (+ -> -)
# --------------------------------------------------------------------------
class TestNoDifferenceInterval:
    def test_wald_interval_by_hand(self):
        from scipy import stats

        inc = ["Q1", "Q2", "Q3", "Q4", "Q5"]
        pct = np.array([60, 61, 62, 63, 64], float)
        t = pd.DataFrame(
            [("7.5", "item_a", "agree", "income", g, v) for g, v in zip(inc, pct, strict=True)],
            columns=["table", "item", "response", "dimension", "group", "percent"],
        )
        c = dict.fromkeys(migstats._base.CLAIM_COLUMNS, "")
        c.update(
            claim_id="C01",
            section="7.1.1",
            table="7.5",
            item="item_a",
            response="agree",
            kind="no_difference",
            dimension="income",
            groups="all",
            claim="synthetic claim",
        )
        n = 4000
        res = migstats.evaluate_claim(c, tables=t, n=n, deff=1.0, rounding_aware=False)
        # equal quintile shares: ridits .1 .. .9, SII = weighted slope on the ridits
        r, w = np.array([0.1, 0.3, 0.5, 0.7, 0.9]), np.full(5, 0.2)
        coef = w * (r - 0.5) / np.sum(w * (r - 0.5) ** 2)
        p = pct / 100
        sii = 100 * np.sum(coef * p)
        se = 100 * math.sqrt(np.sum(coef**2 * p * (1 - p) / (n * w)))
        z = stats.norm.ppf(0.95)  # the TOST's (1 - 2 alpha) interval at alpha = 0.05
        ci = res.confidence_interval
        assert res.confidence_level == pytest.approx(0.90)
        assert (ci.low, ci.high) == pytest.approx((sii - z * se, sii + z * se), rel=1e-9)


# --------------------------------------------------------------------------
# _audit/kinds/comparison.py: "pooled" is said only of pooled groups (> 1)
# --------------------------------------------------------------------------
class TestComparisonMethodWords:
    @pytest.mark.parametrize(
        ("groups", "pooled"),
        [("hbo/wo>bo/vmbo", False), ("hbo/wo>bo/vmbo+havo/vwo/mbo", True)],
    )
    def test_pooled_only_when_pooling(self, groups, pooled):
        edu = ["bo/vmbo", "havo/vwo/mbo", "hbo/wo"]
        t = pd.DataFrame(
            [
                ("7.5", "item_a", "agree", "education", g, v)
                for g, v in zip(edu, [40, 50, 60], strict=True)
            ],
            columns=["table", "item", "response", "dimension", "group", "percent"],
        )
        c = dict.fromkeys(migstats._base.CLAIM_COLUMNS, "")
        c.update(
            claim_id="C01",
            section="7.1.1",
            table="7.5",
            item="item_a",
            response="agree",
            kind="difference",
            dimension="education",
            groups=groups,
            claim="synthetic claim",
        )
        res = migstats.evaluate_claim(c, tables=t, n=2900, deff=1.0, rounding_aware=False)
        assert ("pooled groups weighted by group size" in res.method) is pooled


# --------------------------------------------------------------------------
# _audit/outcome.py: a number quoted in the text is read as rounded (not
# approximate) on both sides, and written back as it was quoted
# --------------------------------------------------------------------------
def _difference_claim(**kw) -> dict:
    c = dict.fromkeys(migstats._base.CLAIM_COLUMNS, "")
    c.update(
        claim_id="C01",
        section="7.1.1",
        table="7.5",
        item="item_a",
        response="agree",
        kind="difference",
        dimension="education",
        groups="hbo/wo>bo/vmbo",
        claim="synthetic claim",
    )
    c.update(kw)
    return c


@pytest.fixture(scope="module")
def forty_fifty_sixty() -> pd.DataFrame:
    edu = ["bo/vmbo", "havo/vwo/mbo", "hbo/wo"]
    return pd.DataFrame(
        [
            ("7.5", "item_a", "agree", "education", g, v)
            for g, v in zip(edu, [40, 50, 60], strict=True)
        ],
        columns=["table", "item", "response", "dimension", "group", "percent"],
    )


class TestReportedMismatch:
    @pytest.mark.parametrize(
        ("reported", "mismatch"),
        # published 40 and 60 (whole percents): true values in [39.5, 40.5] and
        # [59.5, 60.5]; a quoted r stands for [r - 0.5, r + 0.5], so it matches
        # when |r - 40| <= 1 or |r - 60| <= 1 (by hand)
        [("61", None), ("62", "62"), ("58", "58"), ("63-65", "63-65"), ("59-61", None)],
    )
    def test_rounding_windows_by_hand(self, forty_fifty_sixty, reported, mismatch):
        res = migstats.evaluate_claim(
            _difference_claim(reported=reported), tables=forty_fifty_sixty, n=2900, deff=1.0
        )
        text = f"the text's {mismatch} matches none of the published numbers the claim rests on"
        if mismatch is None:
            assert "matches none" not in res.reason
        else:
            assert res.reason == text


# --------------------------------------------------------------------------
# _audit/kinds/gradient_comparison.py: the bound on the two items' contrast
# correlation over the rounding box, against a brute-force grid of the box
# --------------------------------------------------------------------------
def _brute_box_correlation(w, a, b, steps=2001):
    """``max(|sum w low|, |sum w high|) / sqrt(sum w Va sum w Vb)`` on a grid of the box.

    Per group, ``p11 - p1 p2`` lies in ``[max(-xy, -(1-x)(1-y)), min(x, y) - xy]``
    (Fréchet); low and high are that range's ends minimised / maximised over
    the grid, V the smallest ``p (1 - p)`` of each item.
    """
    low, high, va, vb = [], [], [], []
    for g in range(len(w)):
        x = np.linspace(a[0][g] / 100, a[1][g] / 100, steps)[:, None]
        y = np.linspace(b[0][g] / 100, b[1][g] / 100, steps)[None, :]
        low.append(np.maximum(-x * y, -(1 - x) * (1 - y)).min())
        high.append((np.minimum(x, y) - x * y).max())
        va.append((x * (1 - x)).min())
        vb.append((y * (1 - y)).min())
    w = np.asarray(w)
    scale = math.sqrt(np.sum(w * va) * np.sum(w * vb))
    return min(1.0, max(abs(np.sum(w * low)), abs(np.sum(w * high))) / scale)


class TestBoxCorrelation:
    @pytest.mark.parametrize(
        ("w", "a", "b"),
        [
            # the high end dominates; group 0's boxes cross the diagonal off
            # their corners (the largest min(x, y) - xy is t - t**2 at t = 0.205)
            ([0.3, 0.7], ([19.5, 1.5], [20.5, 2.5]), ([20.0, 19.5], [21.0, 20.5])),
            # the low end dominates; group 0 has x + y >= 1 on its whole box,
            # group 1 x + y <= 1, so each group's lowest is at one known corner
            ([0.5, 0.5], ([30.5, 1.5], [31.5, 2.5]), ([70.0, 19.5], [71.0, 20.5])),
        ],
    )
    def test_matches_brute_force(self, w, a, b):
        from migstats._audit.kinds.gradient_comparison import _box_correlation

        a = tuple(np.array(v) for v in a)
        b = tuple(np.array(v) for v in b)
        expected = _brute_box_correlation(w, a, b)
        assert expected < 1.0  # not capped: the bound's value is seen
        lo, hi = _box_correlation(np.array(w), (a, b))
        assert (lo, hi) == pytest.approx((-expected, expected), rel=1e-9)


# --------------------------------------------------------------------------
# _audit/family.py: the reason says what the unadjusted p-value alone would
# give only when it differs from the family's verdict (!= -> ==)
# --------------------------------------------------------------------------
class TestUnadjustedClause:
    def test_only_when_the_adjustment_changes_the_verdict(self):
        edu = ["bo/vmbo", "havo/vwo/mbo", "hbo/wo"]
        t = pd.DataFrame(
            [
                ("7.5", f"item_{x}", "agree", "education", g, v)
                for x in "abc"
                for g, v in zip(edu, [50, 50, 55.1], strict=True)
            ],
            columns=["table", "item", "response", "dimension", "group", "percent"],
        )
        claims = pd.DataFrame(
            [_difference_claim(claim_id=f"C0{i}", item=f"item_{x}") for i, x in enumerate("abc", 1)]
        )
        kw = dict(claims=claims, tables=t, n=2900, deff=1.0, headline="central")
        holm = migstats.audit(rounding_aware=False, correction="holm", **kw)
        p = holm["pvalue"].to_numpy()
        # Holm by hand: three equal p-values; the smallest is multiplied by 3
        assert (p < 0.05).all() and (3 * p.min() >= 0.05)
        for r in holm.itertuples():
            assert r.verdict != "supported"
            assert "; unadjusted (" in r.reason and "it would be supported" in r.reason
        none = migstats.audit(rounding_aware=False, correction="none", **kw)
        assert (none["verdict"] == "supported").all()
        assert not none["reason"].str.contains("unadjusted").any()


# --------------------------------------------------------------------------
# _audit/report.py: a numbered section is recognised by its first character
# --------------------------------------------------------------------------
class TestSectionTitle:
    @pytest.mark.parametrize(
        ("section", "title"),
        [
            ("7.1.2;7.2.1", "Sections 7.1.2, 7.2.1"),
            ("7.1.2", "Section 7.1.2"),
            ("box 7.1", "Box 7.1"),
        ],
    )
    def test_documented_titles(self, section, title):
        from migstats._audit.report import _section_title

        assert _section_title(section) == title


# --------------------------------------------------------------------------
# _audit/kinds/item_difference.py: the rounding box's bound (percent -> share)
# --------------------------------------------------------------------------
class TestItemDifferenceBox:
    def test_bound_covers_the_unfavourable_corner(self):
        from scipy import stats

        t = pd.DataFrame(
            [
                ("7.5", "item_a", "agree", "total", "total", 56.0),
                ("7.5", "item_b", "agree", "total", "total", 50.0),
            ],
            columns=["table", "item", "response", "dimension", "group", "percent"],
        )
        c = _difference_claim(
            kind="item_difference", dimension="total", groups="total", reference="item_b"
        )
        aware = migstats.evaluate_claim(c, tables=t, n=2000, deff=1.5)
        # the corner least favourable to "item_a higher": 55.5% vs 50.5%, tested
        # with the largest variance over the joint share (Fréchet), by hand
        p1, p2, ne = 0.555, 0.505, 2000 / 1.5
        grid = np.linspace(max(0.0, p1 + p2 - 1), min(p1, p2), 10_001)
        var = (p1 * (1 - p1) + p2 * (1 - p2) - 2 * (grid - p1 * p2)) / ne
        p_corner = 2 * stats.norm.sf((p1 - p2) / math.sqrt(var.max()))
        assert 0.01 < p_corner < 0.5
        assert aware.pvalue_support >= p_corner
        # the bound itself, by hand: the smallest difference over the boxes
        # (55.5 - 50.5) over the largest standard error, correlation -1
        # (se1 + se2) at the shares nearest 1/2 in each box (55.5%, 50%)
        se_high = (math.sqrt(0.555 * 0.445) + math.sqrt(0.5 * 0.5)) / math.sqrt(ne)
        bound = 2 * stats.norm.sf((0.555 - 0.505) / se_high)
        assert aware.pvalue_support == pytest.approx(bound, rel=1e-9)


# --------------------------------------------------------------------------
# _audit/settings.py: the robustness grid's design effects are 1, 1.5 and 2
# (the project convention written in docs/audit.md's settings table)
# --------------------------------------------------------------------------
class TestRobustnessGrid:
    def test_verdict_range_over_the_documented_deffs(self):
        edu = ["bo/vmbo", "havo/vwo/mbo", "hbo/wo"]
        t = pd.DataFrame(
            [
                ("7.5", "item_a", "agree", "education", g, v)
                for g, v in zip(edu, [50, 50, 56], strict=True)
            ],
            columns=["table", "item", "response", "dimension", "group", "percent"],
        )
        c = _difference_claim()
        out = migstats.audit(claims=pd.DataFrame([c]), tables=t, rounding_aware=False)
        parts = out["verdict_range"].iloc[0].split(": ", 1)[1].split("; ")
        assert [p.rsplit(" at deff ", 1)[1] for p in parts] == ["1", "1.5", "2"]
        # the n named for deff 1.5 is the grid's first n at which the claim alone
        # is supported at that deff (evaluate_claim, one point at a time)
        n_from = int(parts[1].split("n >= ")[1].split(" ")[0].replace(",", ""))
        grid = [int(x) for x in np.atleast_1d(migstats.LISS_2023.n_grid(9))]  # 9 sizes
        k = grid.index(n_from)
        at = [
            migstats.evaluate_claim(c, tables=t, n=n, deff=1.5, rounding_aware=False).verdict
            for n in grid[k - 1 : k + 1]
        ]
        assert at == ["not supported", "supported"]


# --------------------------------------------------------------------------
# _audit/decide.py: safe_z is 0 for a zero estimate with a zero standard error
# --------------------------------------------------------------------------
class TestSafeZ:
    def test_documented_values(self):
        from migstats._audit.decide import safe_z

        got = safe_z([0.0, 1.0, -1.0, 1.0], [0.0, 0.0, 0.0, 2.0])
        np.testing.assert_array_equal(got, [0.0, np.inf, -np.inf, 0.5])
