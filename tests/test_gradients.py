"""Tests for migstats._core.gradients (trend test, logistic slope, ridits, SII/RII).

Expected values come from R's documented example, from statsmodels functions
that implement the same model by a different route (Mantel's linear-by-linear
test, Logit on expanded 0/1 data, WLS), from closed forms written out here
(Armitage's textbook formula, Woolf's log odds ratio, the sandwich variance in
matrix form, Newcombe's interval from Wilson limits), from identities and from
Monte Carlo simulation -- never from the functions under test.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy import stats

from migstats import (
    COLUMNS,
    GradientResult,
    InequalityResult,
    MigstatsValueError,
    compare_gradient_results,
    gradient_from_proportions,
    gradient_table,
    logistic_slope,
    ridits,
    slope_index,
    trend_test,
)

# R: ?prop.trend.test example.
#   smokers  <- c(83, 90, 129, 70); patients <- c(86, 93, 136, 82)
#   prop.trend.test(smokers, patients)
#   X-squared = 8.2249, df = 1, p-value = 0.004132
SMOKERS = np.array([83.0, 90.0, 129.0, 70.0])
PATIENTS = np.array([86.0, 93.0, 136.0, 82.0])
R_TREND_CHISQ = 8.2249
R_TREND_P = 0.004132


# ---------------------------------------------------------------- strategies


@st.composite
def count_profiles(draw, min_groups=2, max_groups=6, max_n=400, integer=True):
    """(k, n): ordered groups with 0 < pooled proportion < 1."""
    g = draw(st.integers(min_groups, max_groups))
    n = np.array(draw(st.lists(st.integers(5, max_n), min_size=g, max_size=g)), float)
    # proportions 0, 1 or in [1e-6, 1 - 1e-6]: no denormal-scale counts
    frac_st = st.one_of(st.just(0.0), st.just(1.0), st.floats(1e-6, 1 - 1e-6))
    frac = np.array(draw(st.lists(frac_st, min_size=g, max_size=g)))
    k = np.round(frac * n) if integer else frac * n
    assume(0 < k.sum() < n.sum())
    return k, n


@st.composite
def share_vectors(draw, min_groups=2, max_groups=7):
    g = draw(st.integers(min_groups, max_groups))
    raw = np.array(draw(st.lists(st.floats(0.05, 1.0), min_size=g, max_size=g)))
    return raw / raw.sum()


@st.composite
def sii_inputs(draw, min_groups=2, max_groups=6):
    w = draw(share_vectors(min_groups, max_groups))
    g = w.size
    p = np.array(draw(st.lists(st.floats(0.02, 0.98), min_size=g, max_size=g)))
    n = draw(st.integers(100, 20000))
    return p, float(n), w


def _not_separated(k, n, s):
    succ, fail = s[k > 0], s[(n - k) > 0]
    return succ.size > 0 and fail.size > 0 and fail.max() > succ.min() and succ.max() > fail.min()


# ---------------------------------------------------------------- trend_test


def armitage_textbook(k, n, s):
    """Armitage (1955) as in Agresti (2013, eq. 5.x): T / sqrt(var0(T))."""
    big_n = n.sum()
    pbar = k.sum() / big_n
    t = np.sum(s * (k - n * pbar))
    var = pbar * (1 - pbar) * (np.sum(n * s**2) - np.sum(n * s) ** 2 / big_n)
    return t / np.sqrt(var)


class TestTrendTest:
    def test_r_reference(self):
        res = trend_test(SMOKERS, PATIENTS)
        assert res.statistic == pytest.approx(R_TREND_CHISQ, abs=5e-5)
        assert res.pvalue == pytest.approx(R_TREND_P, abs=5e-7)
        assert res.df == 1
        stat, pvalue = res
        assert (stat, pvalue) == (res.statistic, res.pvalue)

    def test_textbook_formula(self):
        z = armitage_textbook(SMOKERS, PATIENTS, np.arange(1.0, 5.0))
        res = trend_test(SMOKERS, PATIENTS)
        assert res.z == pytest.approx(z, rel=1e-12)
        assert res.z**2 == pytest.approx(res.statistic, rel=1e-12)

    def test_r_regression_definition(self):
        # R computes the statistic as the regression sum of squares of
        # lm(p ~ score, weights = n / (pbar * qbar)).
        p = SMOKERS / PATIENTS
        pbar = SMOKERS.sum() / PATIENTS.sum()
        s = np.arange(1.0, 5.0)
        fit = sm.WLS(p, sm.add_constant(s), weights=PATIENTS / (pbar * (1 - pbar))).fit()
        assert trend_test(SMOKERS, PATIENTS).statistic == pytest.approx(fit.ess, rel=1e-10)
        assert trend_test(SMOKERS, PATIENTS).slope == pytest.approx(fit.params[1], rel=1e-10)

    @given(count_profiles())
    def test_equals_mantel_times_n_over_n_minus_1(self, kn):
        # statsmodels' linear-by-linear statistic is (N - 1) r^2 = (N-1)/N * X^2.
        from statsmodels.stats.contingency_tables import Table

        k, n = kn
        s = np.arange(1.0, k.size + 1)
        # Table adds nothing for zero cells unless shift_zeros; use the raw table.
        tab = Table(np.column_stack([k, n - k]), shift_zeros=False)
        mh = tab.test_ordinal_association(row_scores=s, col_scores=np.array([1.0, 0.0]))
        big_n = n.sum()
        res = trend_test(k, n)
        assert res.statistic == pytest.approx(mh.zscore**2 * big_n / (big_n - 1), rel=1e-8)
        assert np.sign(res.z) == np.sign(mh.zscore)

    @given(count_profiles(integer=False))
    def test_z_squared_and_reversal(self, kn):
        k, n = kn
        res = trend_test(k, n)
        rev = trend_test(k[::-1], n[::-1])
        assert res.z**2 == pytest.approx(res.statistic, rel=1e-10)
        assert rev.z == pytest.approx(-res.z, rel=1e-9, abs=1e-12)
        assert rev.statistic == pytest.approx(res.statistic, rel=1e-9, abs=1e-12)
        assert rev.slope == pytest.approx(-res.slope, rel=1e-9, abs=1e-12)

    @given(
        count_profiles(),
        st.floats(-50, 50),
        st.floats(0.01, 100),
    )
    def test_affine_invariance(self, kn, a, b):
        k, n = kn
        s = np.arange(1.0, k.size + 1)
        base = trend_test(k, n, scores=s)
        moved = trend_test(k, n, scores=a + b * s)
        assert moved.statistic == pytest.approx(base.statistic, rel=1e-7, abs=1e-10)
        assert moved.z == pytest.approx(base.z, rel=1e-7, abs=1e-10)
        assert moved.slope * b == pytest.approx(base.slope, rel=1e-7, abs=1e-12)
        flipped = trend_test(k, n, scores=a - b * s)
        assert flipped.z == pytest.approx(-base.z, rel=1e-7, abs=1e-10)

    @given(count_profiles(), st.floats(1.0, 10.0))
    def test_scaling_counts_scales_statistic(self, kn, c):
        # Identity: multiplying every count by c multiplies X^2 by c; a common
        # design effect d divides it by d.
        k, n = kn
        base = trend_test(k, n).statistic
        assert trend_test(c * k, c * n).statistic == pytest.approx(c * base, rel=1e-9)
        assert trend_test(k, n, deff=c).statistic == pytest.approx(base / c, rel=1e-9)

    @given(count_profiles())
    def test_alternatives(self, kn):
        k, n = kn
        two = trend_test(k, n).pvalue
        gr = trend_test(k, n, alternative="greater").pvalue
        le = trend_test(k, n, alternative="less").pvalue
        assert gr + le == pytest.approx(1.0, abs=1e-12)
        assert two == pytest.approx(min(1.0, 2 * min(gr, le)), rel=1e-8, abs=1e-14)

    def test_vectorised_rows_equal_single_calls(self):
        k = np.array([[10.0, 20, 30], [30, 20, 10], [5, 5, 6]])
        n = np.array([50.0, 60, 70])
        res = trend_test(k, n)
        assert res.statistic.shape == (3,)
        for i in range(3):
            assert res.statistic[i] == pytest.approx(trend_test(k[i], n).statistic)
        frame = res.to_frame()
        assert len(frame) == 3

    def test_per_group_deff_is_effective_counts(self):
        d = np.array([1.0, 2.0, 1.5, 1.2])
        a = trend_test(SMOKERS, PATIENTS, deff=d)
        b = trend_test(SMOKERS / d, PATIENTS / d)
        assert a.statistic == pytest.approx(b.statistic)

    def test_no_variation_gives_nan(self):
        res = trend_test([0, 0, 0], [10, 20, 30])
        assert np.isnan(res.statistic) and np.isnan(res.pvalue)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="same length"):
            trend_test([1, 2, 3], [10, 10])
        with pytest.raises(ValueError, match="k must"):
            trend_test([1, np.nan, 3], [10, 10, 10])
        with pytest.raises(ValueError, match="k must"):
            trend_test([1, 12, 3], [10, 10, 10])
        with pytest.raises(ValueError, match="k must"):
            trend_test([1, -1, 3], [10, 10, 10])
        with pytest.raises(ValueError, match="n must"):
            trend_test([1, 2, 3], [10, 0, 10])
        with pytest.raises(ValueError, match="k must"):
            trend_test([1], [10])
        with pytest.raises(ValueError, match="scores must"):
            trend_test([1, 2, 3], [10, 10, 10], scores=[1, 1, 1])
        with pytest.raises(ValueError, match="scores must"):
            trend_test([1, 2, 3], [10, 10, 10], scores=[1, 2])
        with pytest.raises(ValueError, match="alternative"):
            trend_test([1, 2, 3], [10, 10, 10], alternative="bigger")
        with pytest.raises(MigstatsValueError, match="deff"):
            trend_test([1, 2, 3], [10, 10, 10], deff=0)


# ---------------------------------------------------------------- logistic_slope


def _expanded_logit(k, n, s):
    y = np.concatenate(
        [np.r_[np.ones(int(a)), np.zeros(int(b - a))] for a, b in zip(k, n, strict=True)]
    )
    x = np.repeat(s, n.astype(int))
    return sm.Logit(y, sm.add_constant(x)).fit(disp=0, tol=1e-12, maxiter=200)


class TestLogisticSlope:
    def test_matches_logit_on_expanded_data_r_example(self):
        s = np.arange(1.0, 5.0)
        ref = _expanded_logit(SMOKERS, PATIENTS, s)
        res = logistic_slope(SMOKERS, PATIENTS)
        assert res.estimate == pytest.approx(ref.params[1], rel=1e-6)
        assert res.intercept == pytest.approx(ref.params[0], rel=1e-6)
        assert res.standard_error == pytest.approx(ref.bse[1], rel=1e-5)
        assert res.pvalue == pytest.approx(ref.pvalues[1], rel=1e-4)
        lo, hi = ref.conf_int(0.05)[1]
        assert res.confidence_interval.low == pytest.approx(lo, rel=1e-5)
        assert res.confidence_interval.high == pytest.approx(hi, rel=1e-5)

    @given(count_profiles(max_groups=5, max_n=60))
    def test_matches_logit_on_expanded_data(self, kn):
        k, n = kn
        s = np.arange(1.0, k.size + 1)
        assume(_not_separated(k, n, s))
        ref = _expanded_logit(k, n, s)
        res = logistic_slope(k, n)
        assert res.estimate == pytest.approx(ref.params[1], rel=1e-5, abs=1e-7)
        assert res.standard_error == pytest.approx(ref.bse[1], rel=1e-4)

    def test_two_groups_is_woolf_log_odds_ratio(self):
        # 2 x 2 table: log OR = log(ad / bc), se = sqrt(1/a + 1/b + 1/c + 1/d).
        k, n = np.array([30.0, 55.0]), np.array([100.0, 120.0])
        a, b, c, d = k[1], n[1] - k[1], k[0], n[0] - k[0]
        res = logistic_slope(k, n)
        assert res.estimate == pytest.approx(np.log(a * d / (b * c)), rel=1e-8)
        assert res.standard_error == pytest.approx(np.sqrt(1 / a + 1 / b + 1 / c + 1 / d), rel=1e-6)
        assert res.odds_ratio == pytest.approx(a * d / (b * c), rel=1e-8)

    @given(count_profiles(integer=False), st.floats(1.0, 4.0))
    def test_deff_scales_se_not_estimate(self, kn, d):
        k, n = kn
        s = np.arange(1.0, k.size + 1)
        assume(_not_separated(k, n, s))
        base = logistic_slope(k, n)
        assume(np.isfinite(base.estimate))
        inflated = logistic_slope(k, n, deff=d)
        # A single deff scales the log-likelihood by 1/deff: the maximiser is
        # the same and the information is divided by deff.  logistic_slope
        # fits once with the sizes n and scales the SE, so the identity holds
        # to rounding (a few ulps), however flat the likelihood (near
        # separation, where refitting with n / deff would stop IRLS at a
        # different iterate: statsmodels' deviance criterion tol=1e-8).
        assert inflated.estimate == base.estimate
        assert inflated.standard_error == pytest.approx(base.standard_error * np.sqrt(d), rel=1e-14)
        # a deff that differs between groups is a different weighting: still a
        # finite fit whose estimate moves little for mild differences
        uneven = logistic_slope(k, n, deff=np.linspace(1.0, d, k.size))
        assert np.isfinite(uneven.standard_error)

    @given(count_profiles(integer=False), st.floats(0.5, 0.9), st.floats(0.91, 0.999))
    def test_interval_properties(self, kn, lev1, lev2):
        k, n = kn
        s = np.arange(1.0, k.size + 1)
        assume(_not_separated(k, n, s))
        r1 = logistic_slope(k, n, confidence_level=lev1)
        assume(np.isfinite(r1.estimate) and abs(r1.estimate) < 10)  # well-posed fits only
        r2 = logistic_slope(k, n, confidence_level=lev2)
        assert r1.confidence_interval.low <= r1.estimate <= r1.confidence_interval.high
        assert r2.confidence_interval.low <= r1.confidence_interval.low
        assert r2.confidence_interval.high >= r1.confidence_interval.high
        assert r1.odds_ratio_ci.low <= r1.odds_ratio <= r1.odds_ratio_ci.high
        rev = logistic_slope(k[::-1], n[::-1])
        assert rev.estimate == pytest.approx(-r1.estimate, rel=1e-5, abs=1e-7)
        # swapping the outcome coding flips the sign too
        flip = logistic_slope(n - k, n)
        assert flip.estimate == pytest.approx(-r1.estimate, rel=1e-5, abs=1e-7)

    def test_separation_gives_nan(self):
        res = logistic_slope([0, 0, 5], [10, 10, 10])
        assert np.isnan(res.estimate) and np.isnan(res.pvalue)
        assert np.isnan(logistic_slope([10, 10, 10], [10, 10, 10]).estimate)
        # quasi-complete: the middle group is mixed, outer groups pure
        assert np.isnan(logistic_slope([0, 4, 10], [10, 10, 10]).estimate)
        # not separated: finite
        assert np.isfinite(logistic_slope([0, 4, 9], [10, 10, 10]).estimate)

    def test_vectorised(self):
        k = np.array([[10.0, 20, 30], [0, 0, 3], [30, 20, 10]])
        res = logistic_slope(k, [50, 50, 50])
        assert res.estimate.shape == (3,)
        assert np.isnan(res.estimate[1])
        assert res.estimate[0] == pytest.approx(logistic_slope(k[0], [50, 50, 50]).estimate)
        assert res.estimate[2] == pytest.approx(-res.estimate[0], rel=1e-6)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="same length"):
            logistic_slope([1, 2, 3], [10, 10])
        with pytest.raises(ValueError, match="confidence_level"):
            logistic_slope([1, 2, 3], [10, 10, 10], confidence_level=95)
        with pytest.raises(ValueError, match="k must"):
            logistic_slope([1, np.nan, 3], [10, 10, 10])


# ---------------------------------------------------------------- ridits


class TestRidits:
    def test_equal_quintiles(self):
        np.testing.assert_allclose(ridits([0.2] * 5), [0.1, 0.3, 0.5, 0.7, 0.9])

    def test_worked_example(self):
        # By hand: 0.26/2 = 0.13; 0.26 + 0.35/2 = 0.435; 0.61 + 0.39/2 = 0.805.
        np.testing.assert_allclose(ridits([0.26, 0.35, 0.39]), [0.13, 0.435, 0.805])

    @given(share_vectors())
    def test_properties(self, w):
        r = ridits(w)
        assert np.all((r > 0) & (r < 1))
        assert np.all(np.diff(r) > 0)
        assert np.sum(w * r) == pytest.approx(0.5)
        # Bross's definition: P(X below the group) + P(X in the group) / 2.
        brute = [w[:g].sum() + w[g] / 2 for g in range(w.size)]
        np.testing.assert_allclose(r, brute, atol=1e-12)
        # reversing the order reflects the ridits
        np.testing.assert_allclose(ridits(w[::-1])[::-1], 1 - r, atol=1e-12)

    def test_rows(self):
        r = ridits([[0.5, 0.5], [0.25, 0.75]])
        np.testing.assert_allclose(r, [[0.25, 0.75], [0.125, 0.625]])

    def test_bad_shares(self):
        with pytest.raises(ValueError, match="shares"):
            ridits([0.26, 0.35, 0.38])  # sums to 0.99
        with pytest.raises(ValueError, match="shares"):
            ridits([0.5, np.nan, 0.5])
        with pytest.raises(ValueError, match="shares"):
            ridits([1.0])
        with pytest.raises(ValueError, match="shares"):
            ridits([0.0, 1.0])
        with pytest.raises(ValueError, match="shares"):
            ridits([1.2, -0.2])


# ---------------------------------------------------------------- slope_index


def sandwich_var(p, n_g, w, deff=1.0):
    """Var of (a, b) from the WLS sandwich in matrix form with known variances."""
    r = np.cumsum(w) - w / 2
    x = np.column_stack([np.ones_like(r), r])
    wm = np.diag(w)
    v = np.diag(deff * p * (1 - p) / n_g)
    bread = np.linalg.inv(x.T @ wm @ x)
    return bread @ x.T @ wm @ v @ wm @ x @ bread


class TestSlopeIndex:
    @given(share_vectors(), st.floats(0.05, 0.5), st.floats(-0.4, 0.4))
    def test_linear_profile_recovers_slope(self, w, a, b):
        r = ridits(w)
        p = a + b * r
        assume(np.all((p > 0) & (p < 1)))
        res = slope_index(p, 1000, w)
        assert res.sii == pytest.approx(b, abs=1e-12)
        assert res.intercept == pytest.approx(a, abs=1e-12)
        if a + b > 0:
            assert res.rii == pytest.approx((a + b) / a, rel=1e-10)

    @given(share_vectors(), st.floats(0.01, 0.99))
    def test_constant_profile(self, w, c):
        res = slope_index(np.full(w.size, c), 1000, w)
        assert res.sii == pytest.approx(0.0, abs=1e-12)
        assert res.rii == pytest.approx(1.0, abs=1e-10)
        assert res.sii_ci.low < 0 < res.sii_ci.high

    @given(sii_inputs())
    def test_point_estimate_matches_statsmodels_wls(self, inp):
        p, n, w = inp
        r = ridits(w)
        fit = sm.WLS(p, sm.add_constant(r), weights=w).fit()
        res = slope_index(p, n, w)
        assert res.sii == pytest.approx(fit.params[1], rel=1e-9, abs=1e-12)
        assert res.intercept == pytest.approx(fit.params[0], rel=1e-9, abs=1e-12)

    @given(sii_inputs(), st.floats(1.0, 3.0))
    def test_variance_matches_matrix_sandwich(self, inp, d):
        p, n, w = inp
        cov = sandwich_var(p, n * w, w, d)
        res = slope_index(p, n, w, deff=d)
        assert res.sii_standard_error == pytest.approx(np.sqrt(cov[1, 1]), rel=1e-9)
        # delta method for log RII = log(a + b) - log(a), written in (a, b)
        a, b = res.intercept, res.sii
        if a > 0 and a + b > 0:
            grad = np.array([1 / (a + b) - 1 / a, 1 / (a + b)])
            assert res.log_rii_standard_error == pytest.approx(np.sqrt(grad @ cov @ grad), rel=1e-8)
            zc = stats.norm.ppf(0.975)
            assert res.rii_ci.low == pytest.approx(
                res.rii * np.exp(-zc * res.log_rii_standard_error)
            )

    @given(st.floats(0.02, 0.98), st.floats(0.02, 0.98), st.floats(0.05, 0.95))
    def test_two_groups_is_twice_the_difference(self, p1, p2, s1):
        w = np.array([s1, 1 - s1])
        n_g = 500.0 * w
        res = slope_index([p1, p2], n_g, w)
        assert res.sii == pytest.approx(2 * (p2 - p1), abs=1e-12)
        se = 2 * np.sqrt(p1 * (1 - p1) / n_g[0] + p2 * (1 - p2) / n_g[1])
        assert res.sii_standard_error == pytest.approx(se, rel=1e-10)

    @given(sii_inputs(), st.floats(1.01, 4.0), st.floats(0.5, 0.94), st.floats(1.5, 10.0))
    def test_interval_monotonicity(self, inp, d, level, mult):
        p, n, w = inp
        base = slope_index(p, n, w, confidence_level=level)
        width = base.sii_ci.high - base.sii_ci.low
        assert base.sii_ci.low <= base.sii <= base.sii_ci.high
        if np.isfinite(base.rii):
            assert base.rii_ci.low <= base.rii <= base.rii_ci.high
        wider_d = slope_index(p, n, w, confidence_level=level, deff=d)
        wider_l = slope_index(p, n, w, confidence_level=0.99)
        narrower = slope_index(p, n * mult, w, confidence_level=level)
        for other, cmp in ((wider_d, 1), (wider_l, 1), (narrower, -1)):
            assert other.sii == pytest.approx(base.sii)
            other_width = other.sii_ci.high - other.sii_ci.low
            assert cmp * (other_width - width) > 0

    @given(
        share_vectors(max_groups=5),
        st.floats(0.2, 0.4),
        st.floats(-0.2, 0.3),
        st.data(),
    )
    def test_refining_groups_keeps_linear_slope(self, w, a, b, data):
        # Individual-level linear relation pi(x) = a + b x in the population
        # rank x: each group's proportion is the line at its ridit.  Splitting
        # one group into two (each on the same line) leaves the SII at b.
        g = data.draw(st.integers(0, w.size - 1))
        f = data.draw(st.floats(0.1, 0.9))
        w2 = np.concatenate([w[:g], [f * w[g], (1 - f) * w[g]], w[g + 1 :]])
        p = a + b * ridits(w)
        p2 = a + b * ridits(w2)
        # the split groups average back to the parent group
        assert f * p2[g] + (1 - f) * p2[g + 1] == pytest.approx(p[g])
        r1, r2 = slope_index(p, 2000, w), slope_index(p2, 2000, w2)
        assert r1.sii == pytest.approx(b, abs=1e-12)
        assert r2.sii == pytest.approx(r1.sii, abs=1e-12)

    @given(sii_inputs(max_groups=5), st.data())
    def test_split_with_equal_p_keeps_rank_covariance(self, inp, data):
        # Splitting a group into two with the same p leaves the weighted
        # covariance of ridit and p unchanged; the SII then changes only by
        # the ratio of the weighted ridit variances (documented behaviour).
        p, n, w = inp
        g = data.draw(st.integers(0, w.size - 1))
        f = data.draw(st.floats(0.1, 0.9))
        w2 = np.concatenate([w[:g], [f * w[g], (1 - f) * w[g]], w[g + 1 :]])
        p2 = np.concatenate([p[:g], [p[g], p[g]], p[g + 1 :]])

        def rvar(ws):
            r = ridits(ws)
            return np.sum(ws * (r - 0.5) ** 2)

        r1, r2 = slope_index(p, n, w), slope_index(p2, n, w2)
        assert r2.sii * rvar(w2) == pytest.approx(r1.sii * rvar(w), rel=1e-9, abs=1e-13)

    @given(sii_inputs())
    def test_reversal_and_outcome_flip(self, inp):
        p, n, w = inp
        res = slope_index(p, n, w)
        rev = slope_index(p[::-1], n, w[::-1])
        assert rev.sii == pytest.approx(-res.sii, abs=1e-12)
        assert rev.sii_standard_error == pytest.approx(res.sii_standard_error, rel=1e-9)
        flip = slope_index(1 - p, n, w)
        assert flip.sii == pytest.approx(-res.sii, abs=1e-12)
        assert flip.sii_standard_error == pytest.approx(res.sii_standard_error, rel=1e-9)

    def test_monte_carlo_standard_error(self):
        # Simulated binomial group counts: the empirical SD of the SII over
        # 4000 tables agrees with the analytic standard error.
        rng = np.random.default_rng(20231)
        w = np.array([0.26, 0.35, 0.39])
        n_g = np.array([400, 700, 900])
        p = np.array([0.59, 0.75, 0.82])
        k = rng.binomial(n_g, p, size=(4000, 3))
        sims = slope_index(k / n_g, n_g, w)
        se = slope_index(p, n_g, w).sii_standard_error
        assert np.std(sims.sii) == pytest.approx(se, rel=0.05)
        assert np.mean(sims.sii) == pytest.approx(slope_index(p, n_g, w).sii, abs=0.1 * se)

    def test_vectorised_with_row_deff(self):
        p = np.array([[0.59, 0.75, 0.82], [0.40, 0.45, 0.47]])
        w = [0.26, 0.35, 0.39]
        n_g = 2000 * np.asarray(w)
        res = slope_index(p, n_g, w, deff=np.array([[1.0], [2.0]]))
        assert res.sii.shape == (2,)
        assert res.sii_standard_error[1] == pytest.approx(
            slope_index(p[1], n_g, w, deff=2.0).sii_standard_error
        )
        frame = res.to_frame()
        assert list(frame.columns[:3]) == ["sii", "sii_ci_low", "sii_ci_high"]
        assert len(frame) == 2

    def test_total_n_equals_split_n(self):
        w = np.array([0.26, 0.35, 0.39])
        a = slope_index([0.59, 0.75, 0.82], 2000, w)
        b = slope_index([0.59, 0.75, 0.82], 2000 * w, w)
        assert a.sii_standard_error == pytest.approx(b.sii_standard_error)

    @given(
        st.lists(st.floats(0.0, 1.0), min_size=3, max_size=3),
        st.lists(st.floats(0.0, 1.0), min_size=3, max_size=3),
        st.floats(10.0, 1e5),
        st.floats(1.0, 3.0),
        st.floats(0.05, 0.3),
    )
    def test_the_audit_engine_s_slope_index_is_the_checked_one(self, a, b, n, d, alpha):
        """The engine's slope index (``sii_at``: the computation without its checks, on
        numbers of validated tables) is :func:`slope_index_without_warning`'s, bit for bit,
        over rows of points with their own n and deff."""
        from migstats._audit.components import SlopeForm, sii_at
        from migstats._core import slope_index_without_warning

        w = np.array([0.26, 0.35, 0.39])
        form = SlopeForm(tuple(w.tolist()), tuple(w.tolist()), None)
        pct = 100.0 * np.array([a, b])
        nn, dd = np.array([n, 2 * n]), np.array([d, 1.0])
        got = sii_at(form, pct, nn, dd, alpha, False)
        want = slope_index_without_warning(
            pct / 100.0, nn[:, None] * w, w, confidence_level=1 - alpha, deff=dd[:, None],
            rii=False,
        )  # fmt: skip
        _assert_same_slope_index(got, want)

    @given(
        st.lists(st.floats(0.0, 1.0), min_size=3, max_size=3),
        st.floats(10.0, 1e5),
        st.floats(1.0, 3.0),
        st.floats(0.05, 0.3),
    )
    def test_the_audit_engine_s_gap_index_is_the_checked_one(self, p, n, d, alpha):
        """The engine's gap-based slope index (``sii_at`` with ``gap``: the computation
        without its checks) is :func:`gap_slope_index_without_warning`'s, bit for bit."""
        from migstats._audit.components import SlopeForm, sii_at
        from migstats._core import gap_slope_index_without_warning

        w = np.array([0.26, 0.35, 0.39])
        form = SlopeForm(tuple(w.tolist()), tuple(w.tolist()), (0.2, 0.3, 0.1, 0.4))
        pct = 100.0 * np.array([p, p[::-1]])
        nn, dd = np.array([n, 2 * n]), np.array([d, 1.0])
        got = sii_at(form, pct, nn, dd, alpha, True)
        q, n_g = pct / 100.0, nn[:, None] * w
        want = gap_slope_index_without_warning(
            q[:, 0], q[:, -1], n_g[:, 0], n_g[:, -1], [0.2, 0.3, 0.1, 0.4],
            confidence_level=1 - alpha, deff=dd[:, None],
        )  # fmt: skip
        _assert_same_slope_index(got, want)

    @given(
        st.lists(st.floats(0.0, 1.0), min_size=3, max_size=3),
        st.lists(st.floats(0.0, 0.02), min_size=3, max_size=3),
        st.floats(10.0, 1e5),
        st.floats(1.0, 3.0),
        st.floats(0.05, 0.3),
        st.booleans(),
    )
    def test_the_audit_engine_s_box_is_the_checked_one(self, p, width, n, d, alpha, gap):
        """The engine's slope index over the rounding box (``sii_box_at``: the computation
        without its checks) is :func:`slope_index_box`'s, bit for bit, over rows of points
        with their own n and deff; also for the extreme groups' gap."""
        from migstats._audit.components import SlopeForm, sii_box_at
        from migstats._core import gap_per_ridit, slope_index_box

        w = np.array([0.26, 0.35, 0.39])
        form = SlopeForm(tuple(w.tolist()), tuple(w.tolist()), tuple(w.tolist()))
        lo = np.clip(np.array([p, p[::-1]]) - width, 0.0, 1.0)
        hi = np.clip(np.array([p, p[::-1]]) + width, 0.0, 1.0)
        nn, dd = np.array([n, 2 * n]), np.array([d, 1.0])
        got = sii_box_at(form, (100.0 * lo, 100.0 * hi), nn, dd, alpha, gap)
        cols = [0, -1] if gap else slice(None)
        want = slope_index_box(
            (100.0 * lo / 100.0)[:, cols], (100.0 * hi / 100.0)[:, cols],
            (nn[:, None] * w)[:, cols], [0.5, 0.5] if gap else w,
            confidence_level=1 - alpha, deff=dd[:, None], rii=False,
        )  # fmt: skip
        factor = float(gap_per_ridit(0.5, w)) if gap else 1.0  # the gap's rescaling
        for g, x in ((got.sii_low, want.sii_low), (got.sii_high, want.sii_high)):
            np.testing.assert_array_equal(g, np.asarray(x) * factor if gap else x)
        for a, b in (
            (got.least_variance, want.least_variance),
            (got.most_variance, want.most_variance),
        ):
            for field in ("sii", "sii_standard_error"):
                b_value = np.asarray(getattr(b, field), float)
                np.testing.assert_array_equal(
                    getattr(a, field), b_value * factor if gap else b_value
                )

    @given(sii_inputs(), st.floats(1.0, 3.0), st.floats(0.5, 0.999))
    def test_without_the_relative_index_the_rest_is_unchanged(self, inp, d, level):
        """``rii=False`` (the audit's engine) leaves the RII out and every other field as it is."""
        from migstats._core import slope_index_box, slope_index_without_warning

        p, n, w = inp
        full = slope_index_without_warning(p, n, w, confidence_level=level, deff=d)
        lean = slope_index_without_warning(p, n, w, confidence_level=level, deff=d, rii=False)
        for field in ("sii", "sii_standard_error", "statistic", "pvalue", "intercept"):
            np.testing.assert_array_equal(getattr(lean, field), getattr(full, field))
        np.testing.assert_array_equal(lean.sii_ci, full.sii_ci)
        assert np.isnan(lean.rii) and np.isnan(lean.log_rii_standard_error)
        assert np.isnan(lean.rii_ci.low) and np.isnan(lean.rii_ci.high)
        lo, hi = np.clip(p - 0.005, 0, 1), np.clip(p + 0.005, 0, 1)
        box, lean_box = (
            slope_index_box(lo, hi, n, w, confidence_level=level, deff=d, rii=r)
            for r in (True, False)
        )
        np.testing.assert_array_equal(
            [lean_box.sii_low, lean_box.sii_high], [box.sii_low, box.sii_high]
        )
        for a, b in (
            (lean_box.least_variance, box.least_variance),
            (lean_box.most_variance, box.most_variance),
        ):
            np.testing.assert_array_equal(a.sii_standard_error, b.sii_standard_error)
            assert np.isnan(a.rii)

    def test_rii_nan_when_fitted_bottom_not_positive(self):
        res = slope_index([0.01, 0.5, 0.99], 1000, [1 / 3, 1 / 3, 1 / 3])
        assert res.intercept < 0
        assert np.isnan(res.rii) and np.isnan(res.rii_ci.low)
        assert np.isfinite(res.sii)

    def test_bad_input(self):
        w = [0.2] * 5
        with pytest.raises(ValueError, match="same length"):
            slope_index([0.5, 0.6, 0.7], 1000, w)
        with pytest.raises(ValueError, match="same length"):
            slope_index([0.5] * 5, [100, 100], w)
        with pytest.raises(ValueError, match="shares"):
            slope_index([0.5] * 3, 1000, [0.26, 0.35, 0.38])
        with pytest.raises(ValueError, match="p must"):
            slope_index([0.5, np.nan, 0.5, 0.5, 0.5], 1000, w)
        with pytest.raises(ValueError, match="p must"):
            slope_index([50, 60, 70, 80, 90], 1000, w)  # percentages, not proportions
        with pytest.raises(ValueError, match="p must"):
            slope_index([0.5], 1000, [1.0])
        with pytest.raises(ValueError, match="n must"):
            slope_index([0.5] * 5, 0, w)
        with pytest.raises(ValueError, match="n must"):
            slope_index([0.5] * 5, np.nan, w)
        with pytest.raises(ValueError, match="deff"):
            slope_index([0.5] * 5, 1000, w, deff=-1)
        with pytest.raises(ValueError, match="confidence_level"):
            slope_index([0.5] * 5, 1000, w, confidence_level=1.0)


# ---------------------------------------------------------------- gradient_from_proportions

EDU_P = np.array([0.59, 0.75, 0.82])
EDU_W = np.array([0.26, 0.35, 0.39])


class TestGradientStats:
    def test_components_agree_with_functions(self):
        g = gradient_from_proportions(EDU_P, 2000, EDU_W, groups=["low", "mid", "high"], deff=1.3)
        n_g = 2000 * EDU_W
        k = EDU_P * n_g
        assert isinstance(g, GradientResult)
        assert g.groups == ("low", "mid", "high")
        np.testing.assert_allclose(g.n, n_g)
        assert g.gap == pytest.approx(0.23)
        assert g.trend.statistic == pytest.approx(trend_test(k, n_g, deff=1.3).statistic)
        assert g.logistic.estimate == pytest.approx(logistic_slope(k, n_g).estimate)
        assert g.sii == pytest.approx(slope_index(EDU_P, n_g, EDU_W).sii)
        assert g.sii_ci == slope_index(EDU_P, n_g, EDU_W, deff=1.3).sii_ci
        assert g.rii == pytest.approx(g.inequality.rii)

    def test_without_the_logistic_slope_the_rest_is_the_same(self):
        every = gradient_from_proportions(EDU_P, 2000, EDU_W, deff=1.3)
        some = gradient_from_proportions(EDU_P, 2000, EDU_W, deff=1.3, logistic=False)
        assert some.inequality == every.inequality and some.trend == every.trend
        assert (some.gap, some.gap_ci) == (every.gap, every.gap_ci)
        assert np.isnan([some.logistic.estimate, *some.logistic.confidence_interval]).all()
        with pytest.raises(ValueError, match="logistic"):
            gradient_from_proportions(EDU_P, 2000, EDU_W, logistic="no")

    def test_gradient_table_without_logistic_slopes(self):
        every = gradient_table()
        some = gradient_table(logistic=False)
        logit = [c for c in every.columns if "log_odds" in c]
        assert logit and some[logit].isna().all().all()
        rest = [c for c in every.columns if c not in logit]
        pd.testing.assert_frame_equal(some[rest], every[rest])

    def test_gap_ci_is_newcombe(self):
        # Integer counts; Newcombe (1998) method 10 via statsmodels' "newcomb".
        from statsmodels.stats.proportion import confint_proportions_2indep

        p = np.array([30 / 120, 50 / 150, 90 / 200])
        n = np.array([120.0, 150.0, 200.0])
        g = gradient_from_proportions(p, n)
        lo, hi = confint_proportions_2indep(90, 200, 30, 120, method="newcomb", compare="diff")
        assert g.gap_ci.low == pytest.approx(lo, abs=1e-8)
        assert g.gap_ci.high == pytest.approx(hi, abs=1e-8)
        # shares default to the sample composition
        np.testing.assert_allclose(g.shares, n / n.sum())

    def test_gap_ci_from_wilson_limits_with_deff(self):
        # Newcombe's hybrid score interval written out from Wilson limits at
        # the effective sample sizes n / deff.
        from statsmodels.stats.proportion import proportion_confint

        d = 1.5
        g = gradient_from_proportions(EDU_P, 2000, EDU_W, deff=d)
        n_g = 2000 * EDU_W / d
        (l1, u1), (l2, u2) = (
            proportion_confint(EDU_P[i] * n_g[i], n_g[i], method="wilson") for i in (2, 0)
        )
        p1, p2 = EDU_P[2], EDU_P[0]
        lo = p1 - p2 - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
        hi = p1 - p2 + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
        assert g.gap_ci.low == pytest.approx(lo, abs=1e-8)
        assert g.gap_ci.high == pytest.approx(hi, abs=1e-8)

    def test_to_frame(self):
        g = gradient_from_proportions(EDU_P, 2000, EDU_W, groups=["a", "b", "c"])
        row = g.to_frame()
        assert tuple(row.columns) == COLUMNS["GradientResult.to_frame"]
        assert tuple(row.columns[:14]) == (
            "gap", "gap_ci_low", "gap_ci_high", "trend_statistic", "trend_pvalue",
            "log_odds_per_step", "log_odds_ci_low", "log_odds_ci_high", "sii",
            "sii_ci_low", "sii_ci_high", "rii", "rii_ci_low", "rii_ci_high",
        )  # fmt: skip
        assert len(row) == 1
        assert row.loc[0, "sii"] == pytest.approx(g.sii)
        assert row.loc[0, "first_group"] == "a" and row.loc[0, "n_groups"] == 3
        assert row.loc[0, "n_total"] == pytest.approx(2000)
        assert pd.api.types.is_float_dtype(row["gap"])
        d = g.to_dict()
        assert d["inequality"]["sii"] == pytest.approx(g.sii)

    @given(sii_inputs(min_groups=3, max_groups=5))
    def test_reversal_flips_every_sign(self, inp):
        p, n, w = inp
        a = gradient_from_proportions(p, n, w)
        b = gradient_from_proportions(p[::-1], n, w[::-1])
        assert b.gap == pytest.approx(-a.gap)
        assert b.gap_ci.low == pytest.approx(-a.gap_ci.high, abs=1e-9)
        assert b.trend.z == pytest.approx(-a.trend.z, rel=1e-8, abs=1e-12)
        assert b.logistic.estimate == pytest.approx(-a.logistic.estimate, rel=1e-5, abs=1e-7)
        assert b.sii == pytest.approx(-a.sii, abs=1e-12)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="same length"):
            gradient_from_proportions([0.5, 0.6, 0.7], 1000, [0.5, 0.5])
        with pytest.raises(ValueError, match="same length"):
            gradient_from_proportions([0.5, 0.6, 0.7], [100, 100], EDU_W)
        with pytest.raises(ValueError, match="same length"):
            gradient_from_proportions([0.5, 0.6, 0.7], 1000, EDU_W, groups=["a", "b"])
        with pytest.raises(ValueError, match="shares"):
            gradient_from_proportions([0.5, 0.6, 0.7], 1000, [0.26, 0.35, 0.38])
        with pytest.raises(ValueError, match="p must"):
            gradient_from_proportions([0.5], 1000, [1.0])
        with pytest.raises(ValueError, match="p must"):
            gradient_from_proportions([0.5, np.nan, 0.7], 1000, EDU_W)
        with pytest.raises(ValueError, match="n must"):
            gradient_from_proportions([0.5, 0.6, 0.7], 1000)  # a total needs shares
        with pytest.raises(ValueError, match="n must"):
            gradient_from_proportions([0.5, 0.6, 0.7], -5, EDU_W)
        with pytest.raises(ValueError, match="deff"):
            gradient_from_proportions([0.5, 0.6, 0.7], 1000, EDU_W, deff=[1, 2, 3])
        with pytest.raises(ValueError, match="groups"):
            gradient_from_proportions([0.5, 0.6, 0.7], 1000, EDU_W, groups="abc")


# ---------------------------------------------------------------- compare_gradient_results


class TestCompareGradients:
    def test_identical_inputs(self):
        a = slope_index(EDU_P, 2000, EDU_W)
        c = compare_gradient_results(a, a)
        assert c.estimate == 0 and c.abs_estimate == 0
        for scen in ("independent", "worst_case", "best_case"):
            assert c.pvalue[scen] == pytest.approx(1.0)
        assert c.standard_error["best_case"] == 0
        # no profiles (InequalityResult): the default is rho = -1, and says so
        assert c.assumption == "worst_case" and c.provenance == "assumed"
        assert c.pvalue["selected"] == pytest.approx(1.0)

    @given(sii_inputs(), sii_inputs(), st.floats(-1, 1))
    def test_nesting_swap_and_formulas(self, ia, ib, rho):
        a = slope_index(*ia)
        b = slope_index(*ib)
        c = compare_gradient_results(a, b, correlation=rho)
        sa, sb = a.sii_standard_error, b.sii_standard_error
        zc = stats.norm.ppf(0.975)
        assert c.estimate == pytest.approx(a.sii - b.sii)
        assert c.standard_error["independent"] == pytest.approx(np.hypot(sa, sb))
        assert c.standard_error["selected"] == pytest.approx(
            np.sqrt(max(sa**2 + sb**2 - 2 * rho * sa * sb, 0)), abs=1e-12
        )
        ci = {
            scen: c.confidence_interval(scen)
            for scen in ("worst_case", "independent", "best_case", "selected")
        }
        assert ci["worst_case"].low <= ci["independent"].low + 1e-15
        assert ci["independent"].low <= ci["best_case"].low + 1e-15
        assert ci["best_case"].high <= ci["independent"].high + 1e-15
        assert ci["independent"].high <= ci["worst_case"].high + 1e-15
        assert ci["worst_case"].low <= ci["selected"].low + 1e-12
        assert ci["selected"].high <= ci["worst_case"].high + 1e-12
        assert ci["worst_case"].high == pytest.approx(c.estimate + zc * (sa + sb))
        assert c.pvalue["worst_case"] >= c.pvalue["independent"] - 1e-15
        # swapping a and b flips the signs and keeps the widths
        s = compare_gradient_results(b, a, correlation=rho)
        assert s.estimate == pytest.approx(-c.estimate)
        assert s.abs_estimate == pytest.approx(-c.abs_estimate)
        assert s.confidence_interval("worst_case").low == pytest.approx(
            -c.confidence_interval("worst_case").high
        )
        assert s.pvalue["independent"] == pytest.approx(c.pvalue["independent"])
        # absolute scale: |a| - |b|
        assert c.abs_estimate == pytest.approx(abs(a.sii) - abs(b.sii))

    def test_user_correlation_endpoints(self):
        a = slope_index(EDU_P, 2000, EDU_W)
        b = slope_index([0.72, 0.70, 0.71, 0.69, 0.68], 2000, [0.2] * 5)
        for rho, scen in ((0.0, "independent"), (-1.0, "worst_case"), (1.0, "best_case")):
            c = compare_gradient_results(a, b, correlation=rho)
            assert c.standard_error["selected"] == pytest.approx(c.standard_error[scen])
        # opposite signs: on the absolute scale the correlation enters with a
        # flipped sign
        assert np.sign(a.sii) != np.sign(b.sii)
        c = compare_gradient_results(a, b, correlation=0.5)
        assert c.abs_standard_error["selected"] == pytest.approx(
            compare_gradient_results(a, b, correlation=-0.5).standard_error["selected"]
        )

    def test_gradient_results_and_one_sided(self):
        a = gradient_from_proportions(EDU_P, 2000, EDU_W)
        b = gradient_from_proportions([0.72, 0.70, 0.71, 0.69, 0.68], 2000, [0.2] * 5)
        two = compare_gradient_results(a, b)
        gr = compare_gradient_results(a, b, alternative="greater")
        assert two.estimate == pytest.approx(a.sii - b.sii)
        assert gr.pvalue["worst_case"] == pytest.approx(two.pvalue["worst_case"] / 2)
        assert gr.confidence_interval("independent").high == np.inf
        assert (
            gr.confidence_interval("independent").low > two.confidence_interval("independent").low
        )
        frame = two.to_frame()
        assert frame.shape == (8, 9)
        assert set(frame["scenario"]) == {"independent", "worst_case", "best_case", "selected"}

    def test_vectorised(self):
        p = np.array([[0.59, 0.75, 0.82], [0.40, 0.45, 0.47]])
        a = slope_index(p, 2000, EDU_W)
        b = slope_index(p[::-1], 2000, EDU_W)
        c = compare_gradient_results(a, b)
        np.testing.assert_allclose(c.estimate, a.sii - b.sii)
        assert c.confidence_interval("worst_case").low.shape == (2,)

    def test_bad_input(self):
        a = slope_index(EDU_P, 2000, EDU_W)
        with pytest.raises(ValueError, match="correlation"):
            compare_gradient_results(a, a, correlation=1.5)
        with pytest.raises(ValueError, match="correlation"):
            compare_gradient_results(a, a, correlation=np.nan)
        with pytest.raises(ValueError, match="b must"):
            compare_gradient_results(a, 0.3)
        with pytest.raises(ValueError, match="confidence_level"):
            compare_gradient_results(a, a, confidence_level=0)
        with pytest.raises(ValueError, match="alternative"):
            compare_gradient_results(a, a, alternative="steeper")
        assert isinstance(a, InequalityResult)


class TestConfidenceIntervalAccessors:
    """The results' confidence_interval() returns the fields it names."""

    def test_gradient_result(self):
        g = gradient_from_proportions([0.4, 0.5, 0.6], [500, 500, 500], EDU_W)
        assert g.confidence_interval("sii") == g.inequality.sii_ci
        assert g.confidence_interval("log_odds") == g.logistic.confidence_interval
        with pytest.raises(ValueError, match="statistic"):
            g.confidence_interval("slope")

    def test_gradient_comparison(self):
        a = gradient_from_proportions([0.3, 0.5, 0.7], [500, 500, 500], EDU_W)
        b = gradient_from_proportions([0.45, 0.5, 0.55], [500, 500, 500], EDU_W)
        c = compare_gradient_results(a, b)
        assert c.confidence_interval() == c.confidence_interval("selected")
        low, high = c.confidence_interval("independent", scale="absolute")
        half = stats.norm.isf(0.025) * c.abs_standard_error["independent"]
        assert (low, high) == pytest.approx((c.abs_estimate - half, c.abs_estimate + half))
        # the worst case (rho = -1) is the widest interval
        w, i = c.confidence_interval("worst_case"), c.confidence_interval("independent")
        assert w.high - w.low >= i.high - i.low
        with pytest.raises(ValueError, match="scenario"):
            c.confidence_interval("pessimistic")


def _assert_same_slope_index(got, want) -> None:
    """Two slope index results with the same SII, standard error, test and interval, bit for bit."""
    for field in ("sii", "sii_standard_error", "statistic", "pvalue", "intercept"):
        np.testing.assert_array_equal(getattr(got, field), getattr(want, field))
    np.testing.assert_array_equal(got.sii_ci, want.sii_ci)
