"""Tests for migstats._core.proportions.

Expected values come from published worked examples (source in a comment),
R output quoted in statsmodels' test suite, direct formulas written in the
test, scipy implementations, brute-force likelihood maximisation and
identities -- never from the function under test.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import optimize, stats

from migstats import (
    ConfidenceInterval,
    MeanResult,
    MigstatsValueError,
    diff_ci,
    mean_score_ci,
    multinomial_ci,
    proportion_ci,
)
from migstats._core.differences import (
    DIFF_METHODS,
    _constrained_p2,
    score_statistic,
)
from migstats._core.proportions import PROPORTION_METHODS

Z95 = stats.norm.isf(0.025)


@st.composite
def count_and_n(draw, max_n=3000, fractional=True):
    n = draw(st.integers(1, max_n))
    if fractional and draw(st.booleans()):
        # fractional counts (weighted data) but no denormal-scale counts such as
        # 1e-300, where n - k == n in floating point and symmetry is meaningless
        k = draw(st.one_of(st.just(0.0), st.floats(1e-6, n, allow_nan=False)))
    else:
        k = draw(st.integers(0, n))
    return float(k), float(n)


levels = st.floats(0.5, 0.999)
# fewer examples for the slower property tests (score intervals, scipy loops)
FEW = settings(max_examples=max(10, settings.default.max_examples // 2))
# proportions: exactly 0 or 1, or away from the underflow range
fractions = st.one_of(st.just(0.0), st.just(1.0), st.floats(1e-6, 1 - 1e-6))


# --------------------------------------------------------------------------
# proportion_ci
# --------------------------------------------------------------------------


class TestProportionCI:
    # Newcombe (1998a), Statistics in Medicine 17:857-872, Table II, 95 %
    # limits for 81/263, 15/148, 0/20, 1/29: method 1 is Wald, method 3 the
    # Wilson score interval, method 4 with continuity correction, method 5
    # Clopper-Pearson.
    NEWCOMBE_1998A: ClassVar = {
        (81, 263): {
            "wilson": (0.2553, 0.3662),
            "wilson_cc": (0.2535, 0.3682),
            "clopper_pearson": (0.2527, 0.3676),
        },
        (15, 148): {
            "wilson": (0.0624, 0.1605),
            "wilson_cc": (0.0598, 0.1644),
            "clopper_pearson": (0.0578, 0.1617),
        },
        (0, 20): {
            "wilson": (0.0, 0.1611),
            "wilson_cc": (0.0, 0.2005),
            "clopper_pearson": (0.0, 0.1684),
        },
        (1, 29): {
            "wilson": (0.0061, 0.1718),
            "wilson_cc": (0.0018, 0.1963),
            "clopper_pearson": (0.0009, 0.1776),
        },
    }

    @pytest.mark.parametrize("kn", list(NEWCOMBE_1998A))
    @pytest.mark.parametrize("method", ["wilson", "wilson_cc", "clopper_pearson"])
    def test_newcombe_1998a_table(self, kn, method):
        low, high = proportion_ci(*kn, method=method)
        assert_allclose([low, high], self.NEWCOMBE_1998A[kn][method], atol=5.1e-5)

    @FEW
    @given(st.integers(1, 2000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
    def test_matches_scipy_binomtest(self, kn):
        k, n = kn
        res = stats.binomtest(k, n)
        for ours, theirs in [
            ("wilson", "wilson"),
            ("wilson_cc", "wilsoncc"),
            ("clopper_pearson", "exact"),
        ]:
            expected = res.proportion_ci(method=theirs)
            got = proportion_ci(k, n, method=ours)
            assert_allclose(got, tuple(expected), atol=1e-9)

    @given(st.integers(1, 2000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
    def test_wilson_cc_newcombe_closed_form(self, kn):
        # Newcombe (1998a) method 4, written out.
        k, n = kn
        p, q, z = k / n, 1 - k / n, Z95
        low = (2 * n * p + z**2 - 1 - z * np.sqrt(z**2 - 2 - 1 / n + 4 * p * (n * q + 1))) / (
            2 * (n + z**2)
        )
        high = (2 * n * p + z**2 + 1 + z * np.sqrt(z**2 + 2 - 1 / n + 4 * p * (n * q - 1))) / (
            2 * (n + z**2)
        )
        low = 0.0 if k == 0 else low
        high = 1.0 if k == n else high
        assert_allclose(proportion_ci(k, n, method="wilson_cc"), (low, high), atol=1e-12)

    def test_wald_is_unclipped_direct_formula(self):
        k, n = np.array([1.0, 50.0, 99.0]), 100.0
        p = k / n
        half = Z95 * np.sqrt(p * (1 - p) / n)
        low, high = proportion_ci(k, n, method="wald")
        assert_allclose(low, p - half, rtol=1e-13)
        assert_allclose(high, p + half, rtol=1e-13)
        assert low[0] < 0 and high[2] > 1  # not clipped: documented behaviour

    def test_agresti_coull_formula_and_clipping(self):
        # Agresti & Coull (1998): add z^2/2 successes and failures.
        k, n = np.array([0.0, 30.0]), np.array([10.0, 100.0])
        nt = n + Z95**2
        pt = (k + Z95**2 / 2) / nt
        half = Z95 * np.sqrt(pt * (1 - pt) / nt)
        low, high = proportion_ci(k, n, method="agresti_coull")
        assert_allclose(high, pt + half, rtol=1e-12)
        assert low[0] == 0.0 and pt[0] - half[0] < 0  # clipped at 0
        assert_allclose(low[1], pt[1] - half[1], rtol=1e-12)

    def test_jeffreys_beta_quantiles_and_endpoints(self):
        k, n = np.array([0.0, 7.0, 20.0]), 20.0
        low, high = proportion_ci(k, n, method="jeffreys")
        assert_allclose(low[1], stats.beta.ppf(0.025, 7.5, 13.5), rtol=1e-12)
        assert_allclose(high[1], stats.beta.isf(0.025, 7.5, 13.5), rtol=1e-12)
        assert low[0] == 0.0 and high[2] == 1.0
        assert_allclose(high[0], stats.beta.isf(0.025, 0.5, 20.5), rtol=1e-12)

    @FEW
    @given(count_and_n(), st.floats(1.0, 4.0), st.sampled_from(PROPORTION_METHODS))
    def test_deff_identity(self, kn, deff, method):
        k, n = kn
        got = proportion_ci(k, n, method=method, deff=deff)
        assert_allclose(got, proportion_ci(k / deff, n / deff, method=method), rtol=1e-12)
        assert_allclose(
            proportion_ci(k, n, method=method, deff=1.0), proportion_ci(k, n, method=method)
        )

    @FEW
    @given(count_and_n(), levels, st.sampled_from(PROPORTION_METHODS))
    def test_contains_estimate_and_bounds(self, kn, level, method):
        k, n = kn
        low, high = proportion_ci(k, n, method=method, confidence_level=level)
        p = k / n
        assert low <= p + 1e-12 and p - 1e-12 <= high
        if method != "wald":
            assert 0.0 <= low <= high <= 1.0

    @FEW
    @given(count_and_n(), levels, levels, st.sampled_from(PROPORTION_METHODS))
    def test_widens_with_level(self, kn, l1, l2, method):
        assume(abs(l1 - l2) > 1e-6)
        k, n = kn
        lo_level, hi_level = sorted([l1, l2])
        a = proportion_ci(k, n, method=method, confidence_level=lo_level)
        b = proportion_ci(k, n, method=method, confidence_level=hi_level)
        assert b.low <= a.low + 1e-12 and a.high <= b.high + 1e-12

    @given(count_and_n(), st.floats(1.0, 5.0), st.sampled_from(PROPORTION_METHODS))
    def test_widens_with_deff(self, kn, deff, method):
        k, n = kn
        a = proportion_ci(k, n, method=method)
        b = proportion_ci(k, n, method=method, deff=deff)
        assert (b.high - b.low) >= (a.high - a.low) - 1e-12

    @given(
        st.floats(0.01, 0.99),
        st.integers(20, 2000),
        st.sampled_from(["wilson", "wilson_cc", "clopper_pearson", "jeffreys", "agresti_coull"]),
    )
    def test_narrows_with_n(self, p, n, method):
        a = proportion_ci(p * n, n, method=method)
        b = proportion_ci(p * 2 * n, 2 * n, method=method)
        assert (b.high - b.low) < (a.high - a.low)

    @given(count_and_n(), st.sampled_from(PROPORTION_METHODS))
    def test_label_symmetry(self, kn, method):
        # Interval for failures is the mirror image of the one for successes.
        k, n = kn
        a = proportion_ci(k, n, method=method)
        b = proportion_ci(n - k, n, method=method)
        assert_allclose([a.low, a.high], [1 - b.high, 1 - b.low], atol=1e-9)

    def test_array_in_array_out_and_broadcasting(self):
        ci = proportion_ci([10, 20, 30], 100)
        assert isinstance(ci, ConfidenceInterval)
        assert ci.low.shape == (3,)
        for i, k in enumerate([10, 20, 30]):
            assert_allclose(ci.low[i], proportion_ci(k, 100).low)
        grid = proportion_ci(np.array([[10], [20]]), np.array([100, 200, 300]))
        assert grid.low.shape == (2, 3)

    def test_scalar_in_scalar_out(self):
        low, _ = proportion_ci(5, 10)
        assert np.ndim(low) == 0 and isinstance(low, float)

    def test_series_in_series_out(self):
        k = pd.Series([10.0, 20.0], index=["a", "b"])
        ci = proportion_ci(k, 100)
        assert isinstance(ci.low, pd.Series) and list(ci.low.index) == ["a", "b"]

    @pytest.mark.parametrize(
        "kwargs, match",
        [
            ({"k": 11, "n": 10}, "k"),
            ({"k": -1, "n": 10}, "k"),
            ({"k": float("nan"), "n": 10}, "k"),
            ({"k": 1, "n": 0}, "n"),
            ({"k": 1, "n": -5}, "n"),
            ({"k": 1, "n": float("nan")}, "n"),
            ({"k": 1, "n": 10, "method": "wilsoncc"}, "method"),
            ({"k": 1, "n": 10, "method": "Wilson"}, "method"),
            ({"k": 1, "n": 10, "confidence_level": 1.0}, "confidence_level"),
            ({"k": 1, "n": 10, "confidence_level": 95}, "confidence_level"),
            ({"k": 1, "n": 10, "deff": 0}, "deff"),
            ({"k": [1, 2, 3], "n": [10, 10]}, "k, n"),
            ({"k": "3", "n": 10}, "k"),
        ],
    )
    def test_bad_input(self, kwargs, match):
        k = kwargs.pop("k")
        n = kwargs.pop("n")
        with pytest.raises(MigstatsValueError, match=match):
            proportion_ci(k, n, **kwargs)


# --------------------------------------------------------------------------
# diff_ci
# --------------------------------------------------------------------------


def _newcombe_reference(k1, n1, k2, n2, method):
    """Newcombe's combination of scipy's single-proportion limits."""
    r1, r2 = stats.binomtest(k1, n1), stats.binomtest(k2, n2)
    l1, u1 = r1.proportion_ci(method=method)
    l2, u2 = r2.proportion_ci(method=method)
    p1, p2 = k1 / n1, k2 / n2
    d = p1 - p2
    return d - np.hypot(p1 - l1, u2 - p2), d + np.hypot(u1 - p1, p2 - l2)


def _score_interval_bruteforce(x1, n1, x2, n2, correction, level=0.95):
    """Score interval with the restricted MLE found numerically.

    Independent of migstats: the restricted likelihood is maximised with
    scipy.optimize.minimize_scalar and the limits are found with brentq.
    """
    z = stats.norm.isf((1 - level) / 2)
    p1h, p2h = x1 / n1, x2 / n2

    def loglik(q, d):
        p = q + d
        terms = []
        for c, m, pr in ((x1, n1, p), (x2, n2, q)):
            terms.append(c * np.log(pr) if c > 0 else 0.0)
            terms.append((m - c) * np.log1p(-pr) if m > c else 0.0)
        return sum(terms)

    def stat(d):
        lo, hi = max(0.0, -d), min(1.0, 1.0 - d)
        eps = 1e-12
        res = optimize.minimize_scalar(
            lambda q: -loglik(q, d),
            bounds=(lo + eps, hi - eps),
            method="bounded",
            options={"xatol": 1e-13},
        )
        q = res.x
        var = (q + d) * (1 - q - d) / n1 + q * (1 - q) / n2
        if correction:
            var *= (n1 + n2) / (n1 + n2 - 1)
        return (p1h - p2h - d) / np.sqrt(var)

    edge = 1 - 1e-9
    d_hat = min(max(p1h - p2h, -edge), edge)
    low = -1.0 if p1h - p2h <= -1 else optimize.brentq(lambda d: stat(d) - z, -edge, d_hat)
    high = 1.0 if p1h - p2h >= 1 else optimize.brentq(lambda d: stat(d) + z, d_hat, edge)
    return low, high


class TestDiffCI:
    # Newcombe (1998b), Statistics in Medicine 17:873-890, Table II: 95 %
    # limits for p1 - p2, method 10 (hybrid score) for examples (a)-(h) and
    # method 11 (with continuity correction) for (a) and (b).
    NEWCOMBE_1998B_M10: ClassVar = {
        (56, 70, 48, 80): (0.0524, 0.3339),
        (9, 10, 3, 10): (0.1705, 0.8090),
        (6, 7, 2, 7): (0.0582, 0.8062),
        (5, 56, 0, 29): (-0.0381, 0.1926),
        (0, 10, 0, 20): (-0.1611, 0.2775),
        (0, 10, 0, 10): (-0.2775, 0.2775),
        (10, 10, 0, 20): (0.6791, 1.0),
        (10, 10, 0, 10): (0.6075, 1.0),
    }
    NEWCOMBE_1998B_M11: ClassVar = {
        (56, 70, 48, 80): (0.0428, 0.3422),
        (9, 10, 3, 10): (0.1013, 0.8387),
    }

    @pytest.mark.parametrize("case", list(NEWCOMBE_1998B_M10))
    def test_newcombe_1998b_method10(self, case):
        assert_allclose(diff_ci(*case), self.NEWCOMBE_1998B_M10[case], atol=5.1e-5)

    @pytest.mark.parametrize("case", list(NEWCOMBE_1998B_M11))
    def test_newcombe_1998b_method11(self, case):
        got = diff_ci(*case, method="newcombe_cc")
        assert_allclose(got, self.NEWCOMBE_1998B_M11[case], atol=5.1e-5)

    def test_r_propcis_fagerland_example(self):
        # Fagerland, Lydersen & Laake (2015) example 7/34 vs 1/34; R values as
        # quoted in statsmodels' test_proportion.py:
        # PropCIs::diffscoreci(7, 34, 1, 34, 0.95) -> 0.0270416, 0.3452912
        # PropCIs::wald2ci(7, 34, 1, 34, 0.95, adjust="AC") -> 0.01161167, 0.32172166
        # PropCIs::wald2ci(7, 34, 1, 34, 0.95, adjust="Wald") -> 0.02916942, 0.32377176
        assert_allclose(
            diff_ci(7, 34, 1, 34, method="miettinen_nurminen"), (0.0270416, 0.3452912), atol=1e-6
        )
        assert_allclose(
            diff_ci(7, 34, 1, 34, method="agresti_caffo"), (0.01161167, 0.32172166), atol=1e-7
        )
        assert_allclose(diff_ci(7, 34, 1, 34, method="wald"), (0.02916942, 0.32377176), atol=1e-7)
        # 0/30 vs 30/30: unclipped Agresti-Caffo would reach 1/32 - 31/32 - 1.96 *
        # sqrt(2 * (1/32)(31/32) / 32) = -0.9375 - 0.085 < -1; migstats clips it.
        low, high = diff_ci(0, 30, 30, 30, method="agresti_caffo")
        assert low == -1.0 and high < -0.85
        # Fagerland et al. (2015, Table) print 0.028 to 0.34 for the score
        # interval; that is Mee's version (no N/(N-1) factor).
        assert_allclose(diff_ci(7, 34, 1, 34, method="mee"), (0.028, 0.34), atol=0.005)

    @FEW
    @given(
        st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
        st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    )
    def test_newcombe_matches_published_formula(self, g1, g2):
        (k1, n1), (k2, n2) = g1, g2
        assert_allclose(
            diff_ci(k1, n1, k2, n2), _newcombe_reference(k1, n1, k2, n2, "wilson"), atol=1e-9
        )
        assert_allclose(
            diff_ci(k1, n1, k2, n2, method="newcombe_cc"),
            _newcombe_reference(k1, n1, k2, n2, "wilsoncc"),
            atol=1e-9,
        )

    @pytest.mark.parametrize(
        "case",
        [
            (7, 34, 1, 34),
            (0, 10, 0, 20),
            (10, 10, 0, 20),
            (5, 56, 0, 29),
            (0, 10, 10, 10),
            (3.4, 17.0, 12.25, 40.0),
            (150, 400, 130, 380),
        ],
    )
    @pytest.mark.parametrize("method", ["miettinen_nurminen", "mee"])
    def test_score_interval_bruteforce(self, case, method):
        expected = _score_interval_bruteforce(*case, correction=(method == "miettinen_nurminen"))
        assert_allclose(diff_ci(*case, method=method), expected, atol=2e-6)

    @given(st.integers(1, 400), st.integers(1, 400), fractions, fractions, st.floats(-0.999, 0.999))
    def test_restricted_mle_maximises_likelihood(self, n1, n2, f1, f2, d):
        x1, x2 = f1 * n1, f2 * n2
        q = float(_constrained_p2(x1, float(n1), x2, float(n2), np.array(d)))
        lo, hi = max(0.0, -d), min(1.0, 1.0 - d)
        assert lo <= q <= hi

        def loglik(v):
            v = np.asarray(v, dtype=float)
            p = v + d
            with np.errstate(divide="ignore", invalid="ignore"):
                t = (
                    (x1 * np.log(p) if x1 > 0 else 0.0)
                    + ((n1 - x1) * np.log1p(-p) if n1 > x1 else 0.0)
                    + (x2 * np.log(v) if x2 > 0 else 0.0)
                    + ((n2 - x2) * np.log1p(-v) if n2 > x2 else 0.0)
                )
            return np.nan_to_num(t, nan=-np.inf)

        best = loglik(np.linspace(lo, hi, 20001)).max()
        assert loglik(q) >= best - 1e-7 * max(1.0, abs(best))

    def test_bisection_fallback(self, monkeypatch):
        # If scipy's bracketing solver reports failure, the vectorised
        # bisection fallback must give the same limits.
        from types import SimpleNamespace

        from scipy.optimize import elementwise

        case = (np.array([7.0, 0.0, 10.0]), 34.0, np.array([1.0, 0.0, 0.0]), 20.0)
        expected = diff_ci(*case, method="miettinen_nurminen")

        def failing(f, init, args=()):
            lo = np.asarray(init[0])
            return SimpleNamespace(x=np.full(lo.shape, np.nan), success=np.zeros(lo.shape, bool))

        monkeypatch.setattr(elementwise, "find_root", failing)
        got = diff_ci(*case, method="miettinen_nurminen")
        assert_allclose(got, expected, atol=1e-12)

    def test_score_statistic_matches_statsmodels_at_zero(self):
        # statsmodels' score test is correct at delta = 0 (pooled estimate).
        from statsmodels.stats.proportion import score_test_proportions_2indep

        for x1, n1, x2, n2 in [(7, 34, 1, 34), (15, 50, 25, 50), (120, 300, 90, 310)]:
            res = score_test_proportions_2indep(x1, n1, x2, n2, correction=True)
            z = score_statistic(
                float(x1), float(n1), float(x2), float(n2), np.array(0.0), correction=True
            )
            assert_allclose(z, res.statistic, rtol=1e-12)

    @given(fractions, st.integers(1, 400), fractions, st.integers(1, 400))
    def test_score_statistic_decreasing_in_delta(self, f1, n1, f2, n2):
        deltas = np.linspace(-0.999, 0.999, 301)
        z = score_statistic(f1 * n1, float(n1), f2 * n2, float(n2), deltas, correction=True)
        assert np.all(np.diff(z) <= 1e-9)

    @FEW
    @given(count_and_n(800), count_and_n(800), st.sampled_from(DIFF_METHODS))
    def test_swap_groups_flips_interval(self, g1, g2, method):
        (k1, n1), (k2, n2) = g1, g2
        assume(n1 + n2 > 1)
        a = diff_ci(k1, n1, k2, n2, method=method)
        b = diff_ci(k2, n2, k1, n1, method=method)
        assert_allclose([a.low, a.high], [-b.high, -b.low], atol=1e-9)

    @given(count_and_n(800), count_and_n(800), levels, st.sampled_from(DIFF_METHODS))
    def test_contains_estimate_and_bounds(self, g1, g2, level, method):
        (k1, n1), (k2, n2) = g1, g2
        assume(n1 + n2 > 1)
        low, high = diff_ci(k1, n1, k2, n2, method=method, confidence_level=level)
        if method == "agresti_caffo":
            # centred on the adjusted estimate, which it must contain (the raw
            # one it may miss at tiny n: 0/1 vs 1/1 gives d = -1 outside it)
            d = (k1 + 1) / (n1 + 2) - (k2 + 1) / (n2 + 2)
        else:
            d = k1 / n1 - k2 / n2
        assert low <= d + 1e-9 and d - 1e-9 <= high
        if method != "wald":
            assert -1.0 - 1e-12 <= low and high <= 1.0 + 1e-12

    @given(count_and_n(800), count_and_n(800), levels, levels, st.sampled_from(DIFF_METHODS))
    def test_widens_with_level(self, g1, g2, l1, l2, method):
        (k1, n1), (k2, n2) = g1, g2
        assume(n1 + n2 > 1 and abs(l1 - l2) > 1e-6)
        lo_level, hi_level = sorted([l1, l2])
        a = diff_ci(k1, n1, k2, n2, method=method, confidence_level=lo_level)
        b = diff_ci(k1, n1, k2, n2, method=method, confidence_level=hi_level)
        assert b.low <= a.low + 1e-9 and a.high <= b.high + 1e-9

    @given(count_and_n(800), count_and_n(800), st.floats(1.0, 3.0), st.sampled_from(DIFF_METHODS))
    def test_deff_identity(self, g1, g2, deff, method):
        (k1, n1), (k2, n2) = g1, g2
        assume((n1 + n2) / deff > 1)
        got = diff_ci(k1, n1, k2, n2, method=method, deff=deff)
        if method == "agresti_caffo":
            # pseudo-counts on the nominal counts, variance times deff:
            # statsmodels' centre, its half-width times sqrt(deff), clipped
            from statsmodels.stats.proportion import confint_proportions_2indep

            lo, hi = confint_proportions_2indep(k1, n1, k2, n2, method="agresti-caffo")
            half = (hi - lo) / 2 * np.sqrt(deff)
            ref = np.clip([(lo + hi) / 2 - half, (lo + hi) / 2 + half], -1.0, 1.0)
        else:
            ref = diff_ci(k1 / deff, n1 / deff, k2 / deff, n2 / deff, method=method)
        assert_allclose(got, ref, atol=1e-12)

    @given(
        count_and_n(60),
        count_and_n(60),
        levels,
        st.floats(1.0, 5.0),
        st.floats(1.0, 5.0),
        st.sampled_from(DIFF_METHODS),
    )
    def test_widens_with_deff(self, g1, g2, level, d1, d2, method):
        (k1, n1), (k2, n2) = g1, g2
        small, large = sorted([d1, d2])
        assume((n1 + n2) / large > 1)
        a = diff_ci(k1, n1, k2, n2, method=method, confidence_level=level, deff=small)
        b = diff_ci(k1, n1, k2, n2, method=method, confidence_level=level, deff=large)
        assert b.low <= a.low + 1e-9 and a.high <= b.high + 1e-9
        if method != "wald":
            assert -1.0 <= b.low and b.high <= 1.0

    def test_agresti_caffo_widens_with_deff_regression(self):
        # issue example: 0/1 vs 3/3 at level 0.5 moved the upper limit from
        # -0.247 (deff 1) up to 0.047 but the lower one inwards from -0.686 to -0.523
        a = diff_ci(0, 1, 3, 3, method="agresti_caffo", confidence_level=0.5)
        b = diff_ci(0, 1, 3, 3, method="agresti_caffo", confidence_level=0.5, deff=3)
        assert b.low <= a.low and a.high <= b.high
        # same centre (1/3 - 4/5), half-width times sqrt(3)
        centre = 1 / 3 - 4 / 5
        assert_allclose((b.low + b.high) / 2, centre, atol=1e-12)
        assert_allclose(b.high - b.low, np.sqrt(3) * (a.high - a.low), atol=1e-12)

    @pytest.mark.parametrize("method", DIFF_METHODS)
    def test_vectorised_equals_elementwise(self, method):
        k1 = np.array([0.0, 5.0, 33.3, 60.0])
        n1 = np.array([10.0, 40.0, 100.0, 60.0])
        k2 = np.array([3.0, 5.0, 20.0, 1.0])
        n2 = 50.0
        low, high = diff_ci(k1, n1, k2, n2, method=method)
        for i in range(4):
            ref = diff_ci(k1[i], n1[i], k2[i], n2, method=method)
            assert_allclose([low[i], high[i]], ref, atol=1e-12)

    @pytest.mark.parametrize(
        "args, kwargs, match",
        [
            ((11, 10, 1, 10), {}, "k1"),
            ((1, 10, -1, 10), {}, "k2"),
            ((1, 0, 1, 10), {}, "n1"),
            ((1, 10, 1, float("nan")), {}, "n2"),
            ((1, 10, 1, 10), {"method": "newcomb"}, "method"),
            ((1, 10, 1, 10), {"confidence_level": 0.0}, "confidence_level"),
            (([1, 2], [10, 10, 10], 1, 10), {}, "k1, n1"),
            (([1, 2], 10, [1, 2, 3], 10), {}, "k1, n1, k2, n2"),
            ((0.1, 0.5, 0.1, 0.4), {"method": "miettinen_nurminen"}, "n1"),
        ],
    )
    def test_bad_input(self, args, kwargs, match):
        with pytest.raises(MigstatsValueError, match=match):
            diff_ci(*args, **kwargs)


# --------------------------------------------------------------------------
# multinomial_ci
# --------------------------------------------------------------------------


class TestMultinomialCI:
    # Sison & Glaz (1995), JASA 90:366-369, example 1.  Sison-Glaz limits as
    # computed with R MultinomialCI (quoted in statsmodels'
    # results_multinomial_proportions.py); Goodman limits printed in the
    # paper to 3 decimals.
    COUNTS = (56, 72, 73, 59, 62, 87, 58)
    SISON_GLAZ = np.array(
        [
            [0.07922912, 0.1643361],
            [0.11349036, 0.1985973],
            [0.11563169, 0.2007386],
            [0.08565310, 0.1707601],
            [0.09207709, 0.1771840],
            [0.14561028, 0.2307172],
            [0.08351178, 0.1686187],
        ]
    )
    GOODMAN = np.array(
        [
            [0.085, 0.166],
            [0.115, 0.204],
            [0.116, 0.207],
            [0.091, 0.173],
            [0.096, 0.181],
            [0.143, 0.239],
            [0.089, 0.171],
        ]
    )

    def test_sison_glaz_example(self):
        low, high = multinomial_ci(self.COUNTS)
        assert_allclose(np.column_stack([low, high]), self.SISON_GLAZ, atol=1e-4)

    def test_goodman_example(self):
        low, high = multinomial_ci(self.COUNTS, method="goodman")
        assert_allclose(np.column_stack([low, high]), self.GOODMAN, atol=5.1e-4)

    def test_goodman_formula(self):
        # Goodman (1965): score intervals with chi2_1 quantile at 1 - alpha/k.
        c = np.array(self.COUNTS, float)
        n, k = c.sum(), c.size
        a = stats.chi2.isf(0.05 / k, 1)
        p = c / n
        disc = np.sqrt(a * (a + 4 * n * p * (1 - p)))
        low, high = multinomial_ci(c, method="goodman")
        assert_allclose(low, (a + 2 * n * p - disc) / (2 * (n + a)), rtol=1e-12)
        assert_allclose(high, (a + 2 * n * p + disc) / (2 * (n + a)), rtol=1e-12)

    def test_fractional_effective_counts(self):
        with pytest.raises(MigstatsValueError, match="counts"):
            multinomial_ci(self.COUNTS, deff=1.3)
        got = multinomial_ci(self.COUNTS, deff=1.3, round_counts=True)
        ref = multinomial_ci(np.round(np.array(self.COUNTS) / 1.3))
        assert_allclose(got, ref)
        # integer effective counts are accepted
        assert_allclose(multinomial_ci([20, 40, 60], deff=2.0), multinomial_ci([10, 20, 30]))
        # goodman uses the fractional counts directly
        assert_allclose(
            multinomial_ci(self.COUNTS, method="goodman", deff=1.3),
            multinomial_ci(np.array(self.COUNTS) / 1.3, method="goodman"),
        )

    @settings(max_examples=6)  # statsmodels' Sison-Glaz is slow
    @given(
        st.lists(st.integers(0, 30), min_size=3, max_size=8).filter(lambda c: sum(c) > 0),
        st.sampled_from(["sison_glaz", "goodman"]),
        st.randoms(use_true_random=False),
    )
    def test_properties(self, counts, method, rnd):
        c = np.array(counts, float)
        low, high = multinomial_ci(c, method=method)
        p = c / c.sum()
        assert np.all(low <= p + 1e-12) and np.all(p - 1e-12 <= high)
        assert np.all(low >= 0) and np.all(high <= 1)
        # relabelling the categories permutes the intervals
        perm = list(range(len(c)))
        rnd.shuffle(perm)
        low2, high2 = multinomial_ci(c[perm], method=method)
        assert_allclose(low2, low[perm], atol=1e-9)
        assert_allclose(high2, high[perm], atol=1e-9)

    def test_goodman_bound_regression(self):
        # statsmodels returns 1.0000000000000002 here; the limit is a Wilson
        # (score) limit and lies in [0, 1] mathematically
        low, high = multinomial_ci([0, 255], method="goodman", confidence_level=0.875)
        assert high[1] == 1.0 and low[0] == 0.0

    @given(
        st.lists(st.integers(0, 300), min_size=2, max_size=6).filter(lambda c: sum(c) > 0),
        st.floats(0.5, 0.999),
        st.floats(1.0, 4.0),
    )
    def test_goodman_bounds_in_unit_interval(self, counts, level, deff):
        low, high = multinomial_ci(counts, method="goodman", confidence_level=level, deff=deff)
        assert np.all(low >= 0.0) and np.all(high <= 1.0) and np.all(low <= high)

    def test_large_counts_no_warning(self):
        # Sison-Glaz at [10000, 10000] (and [10**5] * 10): statsmodels takes
        # the log of a negative Edgeworth factor on its way; no warning may
        # reach the caller, and the interval is close to Goodman's (both
        # about p -+ z sqrt(pq/n) with a Bonferroni-like z)
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("error")
            sg = multinomial_ci([10_000, 10_000])
            gm = multinomial_ci([10_000, 10_000], method="goodman")
        assert np.all(np.abs(sg.low - gm.low) < 2e-3)
        assert np.all(sg.low < 0.5) and np.all(sg.high > 0.5)

    def test_goodman_widens_with_level(self):
        a = multinomial_ci(self.COUNTS, method="goodman", confidence_level=0.9)
        b = multinomial_ci(self.COUNTS, method="goodman", confidence_level=0.99)
        assert np.all(b.low < a.low) and np.all(a.high < b.high)

    def test_series(self):
        s = pd.Series(self.COUNTS, index=list("abcdefg"))
        ci = multinomial_ci(s)
        assert isinstance(ci.high, pd.Series) and list(ci.high.index) == list("abcdefg")

    @pytest.mark.parametrize(
        "counts, kwargs, match",
        [
            ([1, -2, 3], {}, "counts"),
            ([0, 0, 0], {}, "counts"),
            ([1, float("nan"), 3], {}, "counts"),
            ([5], {}, "counts"),
            ([[1, 2], [3, 4]], {}, "counts"),
            ([1, 2, 3], {"method": "sison"}, "method"),
            ([1, 2, 3], {"deff": [1, 2]}, "deff"),
            ([1, 2, 3], {"round_counts": "yes"}, "round_counts"),
            ([1, 2, 3], {"confidence_level": 1.5}, "confidence_level"),
        ],
    )
    def test_bad_input(self, counts, kwargs, match):
        with pytest.raises(MigstatsValueError, match=match):
            multinomial_ci(counts, **kwargs)


# --------------------------------------------------------------------------
# mean_score_ci
# --------------------------------------------------------------------------


class TestMeanScoreCI:
    COUNTS = np.array([12, 8, 15, 20, 30, 25, 18, 10, 6, 9])

    def test_t_equals_one_sample_t_on_expanded_data(self):
        data = np.repeat(np.arange(1, 11), self.COUNTS)
        ref = stats.ttest_1samp(data, 0.0).confidence_interval(0.95)
        res = mean_score_ci(self.COUNTS, method="t")
        assert_allclose(res.estimate, data.mean(), rtol=1e-13)
        assert_allclose(res.standard_error, stats.sem(data), rtol=1e-12)
        assert_allclose(res.confidence_interval, (ref.low, ref.high), rtol=1e-12)

    def test_normal_direct_formula(self):
        data = np.repeat(np.arange(1, 11), self.COUNTS)
        se = data.std(ddof=0) / np.sqrt(data.size)
        res = mean_score_ci(self.COUNTS)
        assert isinstance(res, MeanResult)
        assert_allclose(res.standard_error, se, rtol=1e-12)
        assert_allclose(res.confidence_interval, (data.mean() - Z95 * se, data.mean() + Z95 * se))
        est, se2 = res  # unpacks as estimate, standard_error
        assert est == res.estimate and se2 == res.standard_error

    @given(
        st.lists(st.floats(0, 200), min_size=2, max_size=10).filter(lambda c: sum(c) > 5),
        st.floats(-5, 5),
        st.floats(0.1, 5),
        st.floats(1.0, 3.0),
        st.sampled_from(["normal", "t"]),
    )
    def test_affine_and_deff_properties(self, counts, shift, scale, deff, method):
        c = np.array(counts)
        s = np.arange(1.0, c.size + 1.0)
        base = mean_score_ci(c, s, method=method)
        moved = mean_score_ci(c, shift + scale * s, method=method)
        assert_allclose(moved.estimate, shift + scale * base.estimate, atol=1e-9)
        assert_allclose(moved.standard_error, scale * base.standard_error, rtol=1e-9, atol=1e-12)
        # reversing the scale mirrors the mean
        rev = mean_score_ci(c[::-1], s, method=method)
        assert_allclose(rev.estimate, c.size + 1 - base.estimate, atol=1e-9)
        if method == "normal":
            wide = mean_score_ci(c, s, deff=deff)
            assert_allclose(wide.standard_error, np.sqrt(deff) * base.standard_error, rtol=1e-12)
        lo, hi = base.confidence_interval
        assert lo <= base.estimate <= hi

    @pytest.mark.parametrize(
        "args, kwargs, match",
        [
            (([1, 2, 3], [1, 2]), {}, "scores"),
            (([1, 2, 3], [1, float("nan"), 2]), {}, "scores"),
            (([0, 0, 0],), {}, "counts"),
            (([1, 2, 3],), {"method": "z"}, "method"),
            (([1, 2, 3],), {"deff": -1}, "deff"),
            (([0.5, 0.2, 0.1],), {"method": "t"}, "counts"),
        ],
    )
    def test_bad_input(self, args, kwargs, match):
        with pytest.raises(MigstatsValueError, match=match):
            mean_score_ci(*args, **kwargs)


# --------------------------------------------------------------------------
# numerical edges (issue 12)
# --------------------------------------------------------------------------


class TestNumericalEdges:
    def test_jeffreys_contains_k_over_n_at_tiny_fractional_counts(self):
        # the equal-tailed Beta(0.55, 5.45) interval at level 0.5 is about
        # (0.0129, 0.1316) and excludes 0.05 / 5 = 0.01: extended to 0.01
        low, high = proportion_ci(0.05, 5, method="jeffreys", confidence_level=0.5)
        assert low == 0.01
        assert high == pytest.approx(stats.beta.isf(0.25, 0.55, 5.45), rel=1e-12)
        low, high = proportion_ci(4.95, 5, method="jeffreys", confidence_level=0.5)
        assert high == pytest.approx(0.99, rel=1e-15)

    def test_newcombe_limit_is_clipped_only_at_its_exact_bound(self):
        ci = diff_ci(1, 1, 0, 1.5, method="newcombe", confidence_level=0.6827917669480095)
        assert ci.high == 1.0
        # Wald keeps its (real) overshoot visible
        assert diff_ci(9, 10, 1, 10, method="wald").high > 1.0

    @pytest.mark.parametrize("method", ["miettinen_nurminen", "mee"])
    def test_score_limit_at_extreme_sizes_matches_closed_form(self, method):
        # x1 = n1 and x2 = n2: for delta > 0 the restricted p2 is 1 - delta
        # (the likelihood increases up to that bound), so p1 = 1 and
        # z(delta)**2 = delta**2 / (delta (1 - delta) / n2 * c), c = N/(N-1)
        # for MN, 1 for Mee; the upper limit solves z = -z_0.75:
        # delta / (1 - delta) = z**2 c / n2.
        d, n1, n2 = 1.25, 1.0 / 1.25, 94157.625 / 1.25
        c = (n1 + n2) / (n1 + n2 - 1.0) if method == "miettinen_nurminen" else 1.0
        r = stats.norm.isf(0.25) ** 2 * c / n2
        high = diff_ci(1, 1, 94157.625, 94157.625, method=method, confidence_level=0.5, deff=d).high
        assert high == pytest.approx(r / (1 + r), rel=1e-9)

    @pytest.mark.parametrize("k", [5e-324, 1e-310, 1e-100, 1e-5, 0.019])
    def test_clopper_pearson_at_subnormal_and_tiny_counts(self, k):
        low, high = proportion_ci(k, 10, method="clopper_pearson")
        assert 0.0 <= low <= k / 10 <= high <= 1.0
        # upper limit: continuous in k, at k -> 0 it tends to the k = 0 limit
        assert high == pytest.approx(1 - 0.025 ** (1 / 10), rel=0.05)
        _, high2 = proportion_ci(10 - k, 10, method="clopper_pearson")
        assert high2 == 1.0 or high2 >= (10 - k) / 10

    def test_clopper_pearson_closed_form_agrees_with_scipy_where_both_work(self):
        # at k = 0.019 (closed form) and 0.021 (scipy) the limits are continuous
        a = proportion_ci(0.0199999, 10, method="clopper_pearson").low
        b = proportion_ci(0.0200001, 10, method="clopper_pearson").low
        assert a == pytest.approx(b, rel=1e-3)
        k = 0.01
        closed = proportion_ci(k, 10, method="clopper_pearson").low
        assert closed == pytest.approx(stats.beta.ppf(0.025, k, 10 - k + 1), rel=1e-10)

    def test_wilson_is_exact_at_the_boundaries_and_matches_statsmodels(self):
        from statsmodels.stats.proportion import proportion_confint

        assert proportion_ci(0.0, 39.75, confidence_level=0.5).low == 0.0
        assert proportion_ci(39.75, 39.75).high == 1.0
        low = proportion_ci(5e-324, 10).low
        assert 0.0 <= low <= 5e-325
        rng = np.random.default_rng(4)
        n = rng.uniform(1, 1e4, 1000)
        k = rng.random(1000) * n
        assert_allclose(proportion_ci(k, n), proportion_confint(k, n, method="wilson"), atol=1e-15)


def test_wilson_two_dimensional_cells_near_n():
    """A 2-d array with a cell within 1 of n (the mirror branch) gives each cell's limits.

    Found by hypothesis through ``table_intervals(..., method="wilson_cc")``: the
    mirror indexed a 2-d array with flat indices.  Reference: statsmodels'
    ``proportion_confint(method="wilson")`` cell by cell.
    """
    from statsmodels.stats.proportion import proportion_confint

    k = np.array([[0.5, 49.7], [3.0, 4.0]])
    low, high = proportion_ci(k, 50)
    ref_low, ref_high = proportion_confint(k.ravel(), 50, method="wilson")
    np.testing.assert_allclose(low.ravel(), ref_low, rtol=1e-9)
    np.testing.assert_allclose(high.ravel(), ref_high, rtol=1e-9)
    assert low.shape == high.shape == (2, 2)


@given(
    st.lists(st.floats(0.0, 100.0), min_size=1, max_size=6),
    st.floats(2.0, 1e5),
    st.floats(1.0, 3.0),
    st.floats(0.5, 0.999),
)
def test_the_audit_engine_s_wilson_limits_are_proportion_ci_s(pct, n, d, level):
    """wilson_of_arrays (the audit's, no checks) is proportion_ci's Wilson, bit for bit."""
    from migstats import proportion_ci
    from migstats._core import wilson_of_arrays

    k = np.array(pct) / 100.0 * n
    nn, dd = np.full(k.shape, n), np.full(k.shape, d)
    low, high = wilson_of_arrays(k, nn, dd, level)
    want = proportion_ci(k, nn, method="wilson", confidence_level=level, deff=dd)
    np.testing.assert_array_equal(low, np.asarray(want.low, float))
    np.testing.assert_array_equal(high, np.asarray(want.high, float))
