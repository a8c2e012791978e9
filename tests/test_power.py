"""Tests for migstats._core.power.

References: R ``power.prop.test`` output (quoted), statsmodels' power
functions, direct formulas written in the test, round trips, brute-force
scans over N and the test of :func:`migstats.compare` itself for the
break-even consistency.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import stats

from migstats import (
    MigstatsValueError,
    breakeven_n,
    compare,
    minimum_detectable_difference,
    power_difference,
    sample_size_difference,
)

FEW = settings(max_examples=max(10, settings.default.max_examples // 3))
props = st.floats(0.01, 0.99)
alternatives = st.sampled_from(["two-sided", "less", "greater"])


def _r_power(p1, p2, n, alpha=0.05, tside=2):
    """R power.prop.test's p.body (strict = FALSE), transcribed."""
    q = stats.norm.isf(alpha / tside)
    return stats.norm.cdf(
        (np.sqrt(n) * abs(p1 - p2) - q * np.sqrt((p1 + p2) * (1 - (p1 + p2) / 2)))
        / np.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    )


class TestPowerDifference:
    def test_r_power_prop_test(self):
        # R: power.prop.test(n = 50, p1 = .50, p2 = .75) -> power = 0.7401659
        assert_allclose(power_difference(0.5, 0.75, 50), 0.7401659, atol=5e-8)

    @given(props, props, st.floats(2, 5000), st.floats(0.001, 0.2))
    def test_r_formula(self, p1, p2, n, alpha):
        assert_allclose(
            power_difference(p1, p2, n, alpha=alpha),
            _r_power(p1, p2, n, alpha),
            rtol=1e-10,
            atol=1e-300,
        )
        one = power_difference(p1, p2, n, alpha=alpha, alternative="greater" if p1 > p2 else "less")
        assert_allclose(one, _r_power(p1, p2, n, alpha, tside=1), rtol=1e-10, atol=1e-300)

    @given(props, props, st.floats(2, 5000), st.floats(0.2, 5), alternatives)
    def test_statsmodels_unequal_groups(self, p1, p2, n, ratio, alternative):
        # statsmodels always includes the far tail: strict=True.
        from statsmodels.stats.proportion import power_proportions_2indep

        assume(abs(p1 - p2) > 1e-6)
        sm_alt = {"two-sided": "two-sided", "greater": "larger", "less": "smaller"}[alternative]
        ref = power_proportions_2indep(p1 - p2, p2, n, ratio=ratio, alternative=sm_alt).power
        got = power_difference(p1, p2, n, ratio=ratio, alternative=alternative, strict=True)
        assert_allclose(got, ref, rtol=1e-9, atol=1e-12)

    @given(props, props, st.floats(2, 5000), st.floats(1.0, 4.0))
    def test_deff_identity(self, p1, p2, n, deff):
        assert_allclose(
            power_difference(p1, p2, n, deff=deff), power_difference(p1, p2, n / deff), rtol=1e-12
        )

    @given(props, props, st.floats(2, 2000), st.floats(1.01, 3))
    def test_increasing_in_n(self, p1, p2, n, factor):
        assume(abs(p1 - p2) > 1e-3)
        assert power_difference(p1, p2, n * factor) >= power_difference(p1, p2, n)

    @given(props, st.floats(0.001, 0.3), st.floats(0.001, 0.3), st.floats(10, 2000))
    def test_increasing_in_difference(self, p2, d1, d2, n):
        small, large = sorted([d1, d2])
        assume(p2 + large < 1 and large - small > 1e-6)
        assert power_difference(p2 + large, p2, n) >= power_difference(p2 + small, p2, n)

    def test_null_gives_size(self):
        assert_allclose(power_difference(0.3, 0.3, 100), 0.025)
        assert_allclose(power_difference(0.3, 0.3, 100, strict=True), 0.05)
        assert_allclose(power_difference(0.3, 0.3, 100, alternative="greater"), 0.05)

    def test_vectorised_over_n(self):
        n = np.array([50, 100, 200])
        got = power_difference(0.5, 0.75, n)
        assert got.shape == (3,)
        assert_allclose(got, [_r_power(0.5, 0.75, m) for m in n], rtol=1e-12)

    def test_degenerate(self):
        assert power_difference(0.0, 0.0, 100) == 0.0
        assert power_difference(0.0, 1.0, 100) == 1.0

    @pytest.mark.parametrize(
        "args, kwargs, match",
        [
            ((1.2, 0.5, 10), {}, "p1"),
            ((0.5, float("nan"), 10), {}, "p2"),
            ((0.5, 0.6, 0), {}, "n"),
            ((0.5, 0.6, 10), {"alpha": 0.0}, "alpha"),
            ((0.5, 0.6, 10), {"alpha": 0.6}, "alpha"),
            ((0.5, 0.6, 10), {"ratio": -1}, "ratio"),
            ((0.5, 0.6, 10), {"alternative": "one.sided"}, "alternative"),
            ((0.5, 0.6, 10), {"strict": "no"}, "strict"),
            ((0.5, 0.6, 10), {"deff": 0}, "deff"),
            (([0.5, 0.6], 0.6, [10, 20, 30]), {}, "p1, p2, n"),
        ],
    )
    def test_bad_input(self, args, kwargs, match):
        with pytest.raises(MigstatsValueError, match=match):
            power_difference(*args, **kwargs)


class TestSampleSizeDifference:
    def test_r_power_prop_test_example(self):
        # R: power.prop.test(p1 = .50, p2 = .75, power = .90) solves the
        # power equation with uniroot; the exact root, written out here:
        za, zb = stats.norm.isf(0.025), stats.norm.ppf(0.9)
        pbar = 0.625
        exact = ((za * np.sqrt(2 * pbar * (1 - pbar)) + zb * np.sqrt(0.25 + 0.1875)) / 0.25) ** 2
        assert_allclose(sample_size_difference(0.5, 0.75, power=0.9), exact, rtol=1e-12)
        assert_allclose(exact, 76.7, atol=0.05)  # R prints n = 76.7 (3 significant digits)

    @given(props, props, st.floats(0.5, 0.99), st.floats(0.2, 4), st.floats(1, 3), alternatives)
    def test_round_trip(self, p1, p2, power, ratio, deff, alternative):
        assume(abs(p1 - p2) > 1e-3)
        if alternative == "greater":
            assume(p1 > p2)
        if alternative == "less":
            assume(p1 < p2)
        n = sample_size_difference(
            p1, p2, power=power, ratio=ratio, deff=deff, alternative=alternative
        )
        back = power_difference(p1, p2, n, ratio=ratio, deff=deff, alternative=alternative)
        assert_allclose(back, power, rtol=1e-9)

    @FEW
    @given(props, props, st.floats(0.5, 0.99))
    def test_strict_round_trip_and_order(self, p1, p2, power):
        assume(abs(p1 - p2) > 1e-3)
        n_strict = sample_size_difference(p1, p2, power=power, strict=True)
        assert_allclose(power_difference(p1, p2, n_strict, strict=True), power, rtol=1e-8)
        assert n_strict <= sample_size_difference(p1, p2, power=power) * (1 + 1e-12)

    @given(props, props, st.floats(0.5, 0.99), st.floats(0.2, 4))
    def test_matches_statsmodels_one_tail(self, p1, p2, power, ratio):
        from statsmodels.stats.proportion import samplesize_proportions_2indep_onetail

        assume(abs(p1 - p2) > 1e-3)
        ref = samplesize_proportions_2indep_onetail(p1 - p2, p2, power, ratio=ratio)
        assert_allclose(sample_size_difference(p1, p2, power=power, ratio=ratio), ref, rtol=1e-9)

    def test_never(self):
        assert np.isinf(sample_size_difference(0.3, 0.3))
        assert np.isinf(sample_size_difference(0.3, 0.4, alternative="greater"))

    def test_vectorised(self):
        got = sample_size_difference(0.3, np.array([0.35, 0.4, 0.5]))
        assert got.shape == (3,) and np.all(np.diff(got) < 0)

    @pytest.mark.parametrize(
        "kwargs, match",
        [({"power": 0.3}, "power"), ({"power": 1.0}, "power"), ({"alpha": 2}, "alpha")],
    )
    def test_bad_input(self, kwargs, match):
        with pytest.raises(MigstatsValueError, match=match):
            sample_size_difference(0.3, 0.4, **kwargs)


class TestMinimumDetectableDifference:
    @FEW
    @given(
        st.floats(20, 5000),
        st.floats(20, 5000),
        st.floats(0.02, 0.98),
        st.floats(0.5, 0.95),
        alternatives,
    )
    def test_round_trip_and_minimality(self, n1, n2, p, power, alternative):
        mdd = minimum_detectable_difference(n1, n2, p, power=power, alternative=alternative)
        ratio = n2 / n1
        signs = {"greater": [1], "less": [-1], "two-sided": [1, -1]}[alternative]
        reached = []
        for s in signs:
            p1 = p + s * mdd
            if 0 <= p1 <= 1:
                reached.append(power_difference(p1, p, n1, ratio=ratio, alternative=alternative))
        assume(np.isfinite(mdd))
        assert_allclose(max(reached), power, rtol=1e-7)
        # nothing smaller reaches the power in any allowed direction
        for s in signs:
            for frac in (0.5, 0.9, 0.999):
                p1 = p + s * frac * mdd
                if 0 <= p1 <= 1:
                    pw = power_difference(p1, p, n1, ratio=ratio, alternative=alternative)
                    assert pw < power

    def test_equal_groups_half(self):
        # For p = 0.5 both directions are symmetric; check against a direct
        # brentq solve of the R power formula.
        from scipy.optimize import brentq

        ref = brentq(lambda d: _r_power(0.5 + d, 0.5, 500) - 0.8, 1e-6, 0.49)
        assert_allclose(minimum_detectable_difference(500, 500, 0.5), ref, rtol=1e-9)

    @FEW
    @given(st.floats(50, 3000), st.floats(1.1, 4), st.floats(0.05, 0.95))
    def test_decreasing_in_n_increasing_in_deff(self, n, factor, p):
        a = minimum_detectable_difference(n, n, p)
        b = minimum_detectable_difference(n * factor, n * factor, p)
        c = minimum_detectable_difference(n, n, p, deff=factor)
        assert b < a < c

    def test_vectorised_and_infinite(self):
        got = minimum_detectable_difference(np.array([100, 1000]), 500, 0.2)
        assert got.shape == (2,) and got[1] < got[0]
        assert np.isinf(minimum_detectable_difference(100, 100, 1.0, alternative="greater"))

    def test_bad_input(self):
        with pytest.raises(MigstatsValueError, match="p"):
            minimum_detectable_difference(100, 100, 1.5)
        with pytest.raises(MigstatsValueError, match="n2"):
            minimum_detectable_difference(100, -1, 0.5)
        with pytest.raises(MigstatsValueError, match="power"):
            minimum_detectable_difference(100, 100, 0.5, power=0.05)


class TestBreakevenN:
    @given(
        props,
        props,
        st.floats(0.05, 1),
        st.floats(0.05, 1),
        st.floats(1, 3),
        st.sampled_from(["score", "mee", "wald"]),
        alternatives,
        st.floats(0.001, 0.2),
    )
    def test_consistent_with_compare(self, p1, p2, s1, s2, deff, method, alternative, alpha):
        assume(s1 + s2 <= 1)  # two groups of one sample (breakeven_n refuses more)
        n = breakeven_n(
            p1, p2, s1, s2, alpha=alpha, deff=deff, method=method, alternative=alternative
        )
        assume(np.isfinite(n) and n < 1e12)

        def p_at(total):
            n1, n2 = total * s1, total * s2
            return compare(
                p1 * n1, n1, p2 * n2, n2, method=method, alternative=alternative, deff=deff
            ).pvalue

        assert n == np.floor(n)
        assert p_at(n) < alpha
        if (n - 1) * (s1 + s2) / deff > 1 or method != "score":
            if n - 1 >= 1:
                assert p_at(n - 1) >= alpha

    @pytest.mark.parametrize("method", ["score", "mee", "wald"])
    def test_bruteforce_scan(self, method):
        # smallest N found by scanning every N with compare()
        p1, p2, s1, s2 = 0.62, 0.41, 0.3, 0.5
        ns = np.arange(1.0, 400.0)
        if method == "score":
            ns = ns[ns * (s1 + s2) > 1]
        n1, n2 = ns * s1, ns * s2
        pv = compare(p1 * n1, n1, p2 * n2, n2, method=method).pvalue
        expected = ns[np.argmax(pv < 0.05)]
        assert breakeven_n(p1, p2, s1, s2, method=method) == expected
        # significance is monotone in N
        sig = pv < 0.05
        assert np.all(sig[np.argmax(sig) :])

    def test_wald_closed_form(self):
        # z(N) = sqrt(N) d / sqrt(p1 q1 / s1 + p2 q2 / s2)
        p1, p2, s1, s2 = 0.4, 0.3, 0.5, 0.5
        v = p1 * (1 - p1) / s1 + p2 * (1 - p2) / s2
        n_star = stats.norm.isf(0.025) ** 2 * v / (p1 - p2) ** 2
        assert breakeven_n(p1, p2, s1, s2, method="wald") == np.floor(n_star) + 1

    def test_never_and_vectorised(self):
        assert np.isinf(breakeven_n(0.3, 0.3, 0.5, 0.5))
        assert np.isinf(breakeven_n(0.3, 0.4, 0.5, 0.5, alternative="greater"))
        got = breakeven_n(np.array([0.35, 0.4, 0.5]), 0.3, 0.4, 0.4, deff=1.5)
        for i, p1 in enumerate([0.35, 0.4, 0.5]):
            assert got[i] == breakeven_n(p1, 0.3, 0.4, 0.4, deff=1.5)
        assert np.all(np.diff(got) < 0)
        assert breakeven_n(0.4, 0.3, 0.5, 0.5, deff=2.0) > breakeven_n(0.4, 0.3, 0.5, 0.5)

    @pytest.mark.parametrize(
        "args, kwargs, match",
        [
            ((40, 30, 0.5, 0.5), {}, "p1"),
            ((0.4, 0.3, 0.0, 0.5), {}, "share1"),
            ((0.4, 0.3, 0.5, 1.5), {}, "share2"),
            ((0.4, 0.3, 0.5, 0.5), {"method": "exact"}, "method"),
            ((0.4, 0.3, 0.5, 0.5), {"alpha": 0.5}, "alpha"),
            ((0.4, 0.3, 0.5, 0.5), {"deff": -2}, "deff"),
        ],
    )
    def test_bad_input(self, args, kwargs, match):
        with pytest.raises(MigstatsValueError, match=match):
            breakeven_n(*args, **kwargs)


class TestBreakevenRounding:
    """breakeven_n with rounding half-widths: the rounding-aware compare decides."""

    @settings(deadline=None)
    @given(
        st.floats(0.05, 0.95),
        st.floats(0.05, 0.95),
        st.floats(0.1, 0.6),
        st.floats(0.1, 0.6),
        st.floats(0.0, 0.01),
        st.sampled_from(["score", "mee", "wald"]),
        st.sampled_from(["box", "sheppard"]),
    )
    def test_threshold_of_rounding_aware_compare(self, p1, p2, s1, s2, h, method, rmethod):
        from migstats import compare

        assume(s1 + s2 <= 1.0)  # two groups of one survey (breakeven_n refuses more)
        n = breakeven_n(
            p1, p2, s1, s2, method=method, half_width1=h, half_width2=h, rounding_method=rmethod
        )
        plain = breakeven_n(p1, p2, s1, s2, method=method)
        assert n >= plain  # the rounding can only make significance harder
        assume(np.isfinite(n) and n < 1e7)

        def pv(total):
            a, b = total * s1, total * s2
            return float(
                compare(
                    p1 * a,
                    a,
                    p2 * b,
                    b,
                    method=method,
                    half_width1=h,
                    half_width2=h,
                    rounding_method=rmethod,
                ).pvalue
            )

        assert pv(n) < 0.05
        if n - 1 >= 1 and (method != "score" or (n - 1) * (s1 + s2) > 1):
            assert pv(n - 1) >= 0.05

    def test_zero_width_is_plain(self):
        assert breakeven_n(0.4, 0.3, 0.5, 0.5, half_width1=0, half_width2=0) == breakeven_n(
            0.4, 0.3, 0.5, 0.5
        )

    def test_box_allowing_equal_shares_never_significant(self):
        assert breakeven_n(0.40, 0.39, 0.5, 0.5, half_width1=0.005, half_width2=0.005) == np.inf

    def test_bad_half_width(self):
        with pytest.raises(ValueError, match="half_width2"):
            breakeven_n(0.4, 0.3, 0.5, 0.5, half_width2=-1)
