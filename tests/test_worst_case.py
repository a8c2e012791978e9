"""Tests of migstats._core.worst_case: the exact worst-case p-value of the SII over a box."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from migstats import slope_index, slope_index_worst_pvalue

EDU = [0.26, 0.35, 0.39]


def _grid_max_pvalue(low, high, n, shares, deff, alternative, points):
    """Brute force: the largest p-value of slope_index over a grid of the box."""
    counts = np.broadcast_to(points, len(low))
    axes = [np.linspace(lo, hi, m) for lo, hi, m in zip(low, high, counts, strict=True)]
    grid = np.array(list(itertools.product(*axes)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        z = np.asarray(slope_index(grid, n, shares, deff=deff).statistic, dtype=float)
    p = {"greater": norm.sf(z), "less": norm.cdf(z)}.get(alternative, 2 * norm.sf(np.abs(z)))
    return float(np.nanmax(p))


def _box(percents, decimals_half=0.5):
    pr = np.asarray(percents, dtype=float)
    return np.clip(pr - decimals_half, 0, 100) / 100, np.clip(pr + decimals_half, 0, 100) / 100


class TestSlopeIndexWorstPvalue:
    @given(
        st.sampled_from([2, 3, 5]).flatmap(
            lambda g: st.tuples(
                st.lists(st.integers(0, 100), min_size=g, max_size=g),
                st.lists(st.floats(0.05, 1.0), min_size=g, max_size=g),
            )
        ),
        st.integers(30, 800),
        st.sampled_from([1.0, 1.5, 2.0]),
        st.sampled_from(["two-sided", "greater", "less"]),
    )
    @settings(deadline=None, max_examples=60)
    def test_never_below_brute_force(self, profile, n, deff, alternative):
        percents, raw = profile
        shares = np.array(raw) / np.sum(raw)
        low, high = _box(percents)
        res = slope_index_worst_pvalue(low, high, n, shares, deff=deff, alternative=alternative)
        points = {2: 41, 3: 21, 5: 7}[len(percents)]
        brute = _grid_max_pvalue(low, high, n, shares, deff, alternative, points)
        # the library maximises over the whole box, which contains the grid
        # (1e-12: float round-off of the same formula at the same point)
        assert res.pvalue >= brute - 1e-12
        assert np.all(res.p >= low - 1e-15) and np.all(res.p <= high + 1e-15)

    def test_issue_extreme_case_beats_the_corner_rule(self):
        # printed 1/53/1 %, N = 200, deff 2: the corner toward 0 is not the
        # least favourable point (the SE grows toward 50 %)
        low, high = _box([1, 53, 1])
        res = slope_index_worst_pvalue(low, high, 200, EDU, deff=2)
        corner = slope_index([0.015, 0.535, 0.005], 200, EDU, deff=2)  # SII toward 0
        brute = _grid_max_pvalue(low, high, 200, EDU, 2, "two-sided", 41)
        assert res.pvalue >= brute - 1e-12
        assert res.pvalue > 1.5 * float(corner.pvalue)

    def test_interior_minimum_found(self):
        # a wide box (found by a random search) where the minimum of z is
        # interior in the first group: near 1 its SE shrinks faster than the
        # estimate moves; a fine brute-force grid agrees to its resolution
        low, high = np.array([0.615, 0.384, 0.997]), np.array([1.0, 0.795, 1.0])
        res = slope_index_worst_pvalue(low, high, 300, EDU, alternative="greater")
        brute = _grid_max_pvalue(low, high, 300, EDU, 1.0, "greater", [4001, 11, 11])
        assert res.pvalue >= brute - 1e-12
        assert res.pvalue == pytest.approx(brute, rel=1e-5)  # grid step 1e-4
        assert low[0] + 0.01 < res.p[0] < high[0] - 0.01  # not a corner

    def test_box_containing_zero(self):
        low, high = _box([40, 40, 40])
        assert slope_index_worst_pvalue(low, high, 1000, EDU).pvalue == pytest.approx(1.0)
        one_sided = slope_index_worst_pvalue(low, high, 1000, EDU, alternative="greater")
        assert one_sided.pvalue >= 0.5

    def test_point_box_equals_slope_index(self):
        p = np.array([0.3, 0.45, 0.5])
        res = slope_index_worst_pvalue(p, p, 900, EDU, deff=1.3)
        assert res.pvalue == pytest.approx(float(slope_index(p, 900, EDU, deff=1.3).pvalue))

    def test_bad_input(self):
        with pytest.raises(ValueError, match="high"):
            slope_index_worst_pvalue([0.3, 0.4], [0.2, 0.5], 100, [0.5, 0.5])
        with pytest.raises(ValueError, match="low"):
            slope_index_worst_pvalue([-0.1, 0.4], [0.2, 0.5], 100, [0.5, 0.5])
        with pytest.raises(ValueError, match="high"):
            slope_index_worst_pvalue([0.1, 0.4], [0.2, 0.5, 0.6], 100, [0.5, 0.5])
        with pytest.raises(ValueError, match="alternative"):
            slope_index_worst_pvalue([0.1, 0.4], [0.2, 0.5], 100, [0.5, 0.5], alternative="x")
        with pytest.raises(ValueError, match="shares"):
            slope_index_worst_pvalue([0.1, 0.4], [0.2, 0.5], 100, [0.5, 0.6])
