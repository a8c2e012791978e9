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
    @pytest.mark.parametrize(("k", "n"), [(0.01, 10), (0.015, 3), (0.001, 1000), (0.019, 50)])
    def test_lower_limit_against_beta_quantile(self, k, n):
        from scipy import stats

        low = migstats.proportion_ci(k, n, method="clopper_pearson").low
        ref = stats.beta.ppf(0.025, k, n - k + 1)
        assert low == pytest.approx(ref, rel=1e-6)

    @pytest.mark.parametrize(("k", "n"), [(9.99, 10), (49.985, 50)])
    def test_upper_limit_against_beta_quantile(self, k, n):
        from scipy import stats

        high = migstats.proportion_ci(k, n, method="clopper_pearson").high
        ref = stats.beta.ppf(0.975, k + 1, n - k)
        assert high == pytest.approx(ref, rel=1e-6)


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
        fc = migstats.feasible_counts(["33", "33", "33"], 9)
        draws = fc._sample_sequential(50, np.random.default_rng(5))
        assert (draws.sum(axis=1) == fc._slack).all()
        assert fc.count() == 1
