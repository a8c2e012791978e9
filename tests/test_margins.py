"""Tests of migstats._core.margins: Cohen's h margins and gaps per ridit."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from migstats import (
    DEFAULT_H_MARGIN,
    cohen_h,
    equivalence_h,
    gap_per_ridit,
    gap_slope_index,
    h_to_margin,
    margin_to_h,
    ridits,
    slope_index,
)

unit = st.floats(0.0, 1.0, allow_nan=False)


class TestCohenH:
    def test_cohen_table(self):
        # Cohen (1988) Table 6.2.1: phi = 2 arcsin sqrt(p); phi(.50) = 1.5708,
        # phi(.45) = 1.4706 (rounded in the table to 1.571 and 1.471)
        assert float(cohen_h(0.5, 0.45)) == pytest.approx(1.5708 - 1.4706, abs=2e-4)

    def test_issue_numbers(self):
        # the issue's three 10-point gaps: 0.20, 0.34, 0.39
        got = [float(cohen_h(a, b)) for a, b in ((0.55, 0.45), (0.15, 0.05), (0.97, 0.87))]
        assert np.round(got, 2).tolist() == [0.2, 0.34, 0.39]

    @given(unit, unit)
    def test_antisymmetric_and_bounded(self, a, b):
        assert float(cohen_h(a, b)) == pytest.approx(-float(cohen_h(b, a)), abs=1e-12)
        assert abs(float(cohen_h(a, b))) <= np.pi + 1e-12

    def test_bad_input(self):
        with pytest.raises(ValueError, match="p1"):
            cohen_h(1.5, 0.5)
        with pytest.raises(ValueError, match="p2"):
            cohen_h(0.5, float("nan"))


class TestMarginToH:
    @given(st.floats(0.0, 1.0), st.floats(0.0, 1.0))
    @settings(deadline=None)
    def test_round_trip(self, lev, frac):
        margin = frac * 2 * min(lev, 1 - lev)
        h = float(margin_to_h(lev, margin))
        assert float(h_to_margin(lev, h)) == pytest.approx(margin, abs=1e-9)

    @given(st.floats(0.01, 0.99), st.floats(0.0, 0.99))
    @settings(deadline=None)
    def test_inverse_against_root_finding(self, lev, frac):
        # independent inverse: brentq on the forward map
        h = frac * 2 * np.arccos(np.sqrt(abs(1 - 2 * lev)))
        d_max = 2 * min(lev, 1 - lev)
        d = brentq(lambda x: float(cohen_h(lev + x / 2, lev - x / 2)) - h, 0.0, d_max, xtol=1e-13)
        assert float(h_to_margin(lev, h)) == pytest.approx(d, abs=1e-9)

    def test_largest_h_is_reachable(self):
        # at the bound one proportion is 0 or 1 (identity)
        lev = 0.75
        h_max = 2 * np.arccos(np.sqrt(abs(1 - 2 * lev)))
        assert float(h_to_margin(lev, h_max)) == pytest.approx(0.5)
        with pytest.raises(ValueError, match=r"^h "):
            h_to_margin(lev, h_max + 1e-6)

    def test_default_margin_at_half(self):
        # at 50 % the default small margin is about 10 points
        assert float(h_to_margin(0.5, DEFAULT_H_MARGIN)) == pytest.approx(np.sin(0.1))

    def test_bad_input(self):
        with pytest.raises(ValueError, match="margin"):
            margin_to_h(0.03, 0.10)
        with pytest.raises(ValueError, match="level"):
            margin_to_h(1.2, 0.10)
        with pytest.raises(ValueError, match=r"^h "):
            h_to_margin(0.05, 1.5)


class TestGapPerRidit:
    @given(
        st.lists(st.floats(0.05, 1.0), min_size=2, max_size=6),
        st.floats(0.05, 0.5),
        st.floats(-0.4, 0.4),
    )
    @settings(deadline=None)
    def test_linear_profile_recovers_slope_index(self, raw, intercept, slope):
        # identity: for p linear in the ridit, gap / span is the SII
        w = np.array(raw) / np.sum(raw)
        r = ridits(w)
        p = intercept + slope * r
        if (p < 0).any() or (p > 1).any():
            return
        sii = float(slope_index(p, 1000, w).sii)
        assert float(gap_per_ridit(p[-1] - p[0], w)) == pytest.approx(sii, abs=1e-9)

    def test_issue_example(self):
        # the same SII of 20 gives gaps 13.5 (education) and 16.0 (income);
        # normalised they agree
        edu = np.array([26, 35, 38]) / 99
        span = ridits(edu)[-1] - ridits(edu)[0]
        assert round(20 * span, 1) == 13.5
        assert float(gap_per_ridit(20 * span, edu)) == pytest.approx(20.0)
        assert float(gap_per_ridit(16.0, [0.2] * 5)) == pytest.approx(20.0)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="gap"):
            gap_per_ridit(float("inf"), [0.5, 0.5])
        with pytest.raises(ValueError, match="shares"):
            gap_per_ridit(0.1, [0.5, 0.6])


class TestEquivalenceH:
    """Two one-sided tests on Cohen's h."""

    @staticmethod
    def _exact_size(p1: float, p2: float, n: int, alpha: float = 0.05) -> float:
        # exact binomial enumeration of every (k1, k2)
        from scipy.stats import binom

        k = np.arange(n + 1)
        k1, k2 = np.meshgrid(k, k, indexing="ij")
        res = equivalence_h(k1 / n, n, k2 / n, n)
        weight = np.outer(binom.pmf(k, n, p1), binom.pmf(k, n, p2))
        return float((weight * (res.pvalue < alpha)).sum())

    @pytest.mark.parametrize("p2", [0.02, 0.05, 0.2, 0.5, 0.8, 0.95])
    @pytest.mark.parametrize("side", [1, -1])
    def test_size_at_the_margin_by_enumeration(self, p2, side):
        # at |h| = margin the rejection rate is alpha at most (up to the
        # discreteness of an asymptotic test: 0.0503 is the largest found)
        p1 = np.sin(np.arcsin(np.sqrt(p2)) + side * DEFAULT_H_MARGIN / 2) ** 2
        assert float(cohen_h(p1, p2)) == pytest.approx(side * DEFAULT_H_MARGIN)
        size = self._exact_size(p1, p2, 300)
        assert 0.03 < size <= 0.05 + 0.001

    def test_hand_computed(self):
        # h = 2 asin sqrt(.52) - 2 asin sqrt(.49); se = sqrt(2 / 1500)
        h = 2 * np.arcsin(np.sqrt(0.52)) - 2 * np.arcsin(np.sqrt(0.49))
        se = np.sqrt(2 / 1500)
        res = equivalence_h(0.52, 1500, 0.49, 1500)
        from scipy.stats import norm

        assert float(res.estimate) == pytest.approx(h)
        assert float(res.pvalue) == pytest.approx(norm.sf((0.2 - h) / se))

    @given(unit, unit, st.floats(10, 5000), st.floats(0.05, 1.0))
    @settings(deadline=None, max_examples=50)
    def test_properties(self, a, b, n, margin):
        res = equivalence_h(a, n, b, n, margin=margin)
        swap = equivalence_h(b, n, a, n, margin=margin)
        assert float(res.pvalue) == pytest.approx(float(swap.pvalue), abs=1e-12)
        assert 0 <= float(res.pvalue) <= 1
        # equivalence needs |h| < margin
        if float(res.pvalue) < 0.5:
            assert abs(float(res.estimate)) < margin
        pts = float(res.margin_points)
        if np.isfinite(pts):
            assert float(margin_to_h((a + b) / 2, pts)) == pytest.approx(margin, abs=1e-9)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="margin"):
            equivalence_h(0.5, 100, 0.5, 100, margin=0)
        with pytest.raises(ValueError, match="p2"):
            equivalence_h(0.5, 100, 1.5, 100)
        with pytest.raises(ValueError, match="n1"):
            equivalence_h(0.5, 0, 0.5, 100)


class TestGapSlopeIndex:
    EDU = (0.26, 0.35, 0.39)

    @given(st.floats(0.1, 0.4), st.floats(-0.3, 0.3), st.floats(100, 5000))
    @settings(deadline=None, max_examples=40)
    def test_linear_profile_gives_its_slope_index(self, intercept, slope, n):
        # a profile linear in the ridit: the stand-in equals the full SII
        r = ridits(self.EDU)
        p = intercept + 0.25 + slope * (r - 0.5)
        full = slope_index(p, n, self.EDU)
        res = gap_slope_index(p[0], p[-1], n * 0.26, n * 0.39, self.EDU)
        assert float(res.sii) == pytest.approx(float(full.sii), abs=1e-12)
        # Wald SE of the gap, divided by the ridit span (independent formula)
        se_gap = np.sqrt(p[0] * (1 - p[0]) / (n * 0.26) + p[-1] * (1 - p[-1]) / (n * 0.39))
        assert float(res.sii_standard_error) == pytest.approx(se_gap / (r[-1] - r[0]))
        if slope != 0:
            assert float(res.statistic) == pytest.approx((p[-1] - p[0]) / se_gap)

    def test_issue_example_not_steeper(self):
        # same true SII of 20 points on both dimensions: the gaps differ
        # (13.5 vs 16.0), the stand-ins do not
        from migstats import compare_gradient_results

        inc = [0.2] * 5
        e = gap_slope_index(0.40, 0.40 + 0.135, 1e6, 1e6, self.EDU)
        i = gap_slope_index(0.40, 0.40 + 0.16, 1e6, 1e6, inc)
        assert float(e.sii) == pytest.approx(float(i.sii), abs=1e-3)
        c = compare_gradient_results(i, e, correlation="independent", alternative="greater")
        assert abs(c.abs_estimate) < 1e-3 and c.abs_pvalue["selected"] > 0.05

    def test_arrays_and_bad_input(self):
        res = gap_slope_index([0.3, 0.4], 0.5, 500, 500, self.EDU)
        assert np.shape(res.sii) == (2,) and np.isnan(res.rii).all()
        with pytest.raises(ValueError, match="shares"):
            gap_slope_index(0.3, 0.5, 500, 500, [0.5, 0.6])
        with pytest.raises(ValueError, match="p"):
            gap_slope_index(1.3, 0.5, 500, 500, self.EDU)
