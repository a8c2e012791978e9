"""Tests of migstats._core.paired_items: two items answered by the same respondents."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migstats import paired_difference

unit = st.floats(0.0, 1.0, allow_nan=False)


def _brute_force_variance(p1: float, p2: float) -> float:
    """Largest n x variance over a fine grid of joint tables with the margins."""
    low, high = max(0.0, p1 + p2 - 1), min(p1, p2)
    p11 = np.linspace(low, high, 2001)
    return float((p1 * (1 - p1) + p2 * (1 - p2) - 2 * (p11 - p1 * p2)).max())


class TestPairedDifference:
    def test_issue_example(self):
        # 70% vs 50%: 0.21 + 0.25 + 2 x 0.15 = 0.76 against (sqrt .21 + sqrt .25)^2
        res = paired_difference(0.7, 0.5, 1)
        assert float(res.standard_error) ** 2 == pytest.approx(0.76)
        assert (np.sqrt(0.21) + 0.5) ** 2 == pytest.approx(0.918, abs=5e-4)

    @given(unit, unit, st.floats(1, 1e5), st.floats(0.5, 4))
    @settings(deadline=None)
    def test_brute_force_and_sum_of_se(self, p1, p2, n, deff):
        res = paired_difference(p1, p2, n, deff=deff)
        var = float(res.standard_error) ** 2
        assert var == pytest.approx(_brute_force_variance(p1, p2) * deff / n, rel=1e-9, abs=1e-15)
        se_sum = np.sqrt(deff / n) * (np.sqrt(p1 * (1 - p1)) + np.sqrt(p2 * (1 - p2)))
        assert var <= se_sum**2 * (1 + 1e-12) + 1e-15
        assert res.both.low <= res.both.high

    def test_monte_carlo_bivariate_binary(self):
        # a bivariate binary sample at the Frechet lower bound has this variance
        rng = np.random.default_rng(5)
        p1, p2, n, reps = 0.7, 0.5, 400, 20000
        p11 = max(0.0, p1 + p2 - 1)
        cells = [p11, p1 - p11, p2 - p11, 1 - p1 - p2 + p11]  # yy, yn, ny, nn
        draws = rng.multinomial(n, cells, size=reps)
        diff = (draws[:, 1] - draws[:, 2]) / n  # p1_hat - p2_hat
        se = float(paired_difference(p1, p2, n).standard_error)
        # SE of a sample SD ~ sd / sqrt(2 reps); 4 SE
        assert abs(diff.std(ddof=1) - se) < 4 * se / np.sqrt(2 * reps)

    def test_pvalue_is_largest_over_joint_tables(self):
        from scipy.stats import norm

        p1, p2, n = 0.55, 0.50, 800
        res = paired_difference(p1, p2, n, alternative="greater")
        for p11 in np.linspace(res.both.low, res.both.high, 50):
            var = (p1 * (1 - p1) + p2 * (1 - p2) - 2 * (p11 - p1 * p2)) / n
            assert norm.sf((p1 - p2) / np.sqrt(var)) <= float(res.pvalue) + 1e-12

    @given(unit, unit, st.floats(1, 1e5))
    def test_pvalues_are_scipy_norm_tails(self, p1, p2, n):
        # written with scipy.special.ndtr: bit for bit scipy.stats.norm's tails of z
        from scipy.stats import norm

        for alt, tail in (
            ("greater", norm.sf),
            ("less", norm.cdf),
            ("two-sided", lambda z: 2.0 * norm.sf(np.abs(z))),
        ):
            res = paired_difference(p1, p2, n, alternative=alt)
            want = tail(np.asarray(res.statistic, float))
            np.testing.assert_array_equal(np.asarray(res.pvalue, float), want)

    def test_arrays_and_alternatives(self):
        res = paired_difference([0.6, 0.4], 0.5, 1000)
        assert np.shape(res.pvalue) == (2,)
        two = paired_difference(0.6, 0.5, 1000).pvalue
        less = paired_difference(0.6, 0.5, 1000, alternative="less").pvalue
        assert two == pytest.approx(2 * (1 - less))

    def test_bad_input(self):
        with pytest.raises(ValueError, match="p1"):
            paired_difference(1.2, 0.5, 100)
        with pytest.raises(ValueError, match="p2"):
            paired_difference(0.5, float("nan"), 100)
        with pytest.raises(ValueError, match=r"^n "):
            paired_difference(0.5, 0.5, 0)
        with pytest.raises(ValueError, match="deff"):
            paired_difference(0.5, 0.5, 100, deff=0)
        with pytest.raises(ValueError, match="alternative"):
            paired_difference(0.5, 0.5, 100, alternative="up")
