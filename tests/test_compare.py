"""Tests for migstats._core.compare.

References: R output (quoted with the call), Fisher's tea-tasting table by
hypergeometric enumeration, scipy/statsmodels equivalents, hand-written
definitions of the multiple-testing procedures (including Hommel by
brute-force closed testing), and identities.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import stats

from migstats import (
    Chi2Result,
    CompareResult,
    MigstatsValueError,
    adjust_pvalues,
    chi2_homogeneity,
    compare,
    diff_ci,
)
from migstats._core import CORRECTIONS


@st.composite
def group(draw, max_n=2000, fractional=True):
    n = draw(st.integers(2, max_n))
    if fractional and draw(st.booleans()):
        k = draw(st.floats(0, n, allow_nan=False))
    else:
        k = draw(st.integers(0, n))
    return float(k), float(n)


NORMAL_METHODS = ("score", "mee", "wald")
# fewer examples for the tests that compute score intervals (a few ms each)
FEW = settings(max_examples=max(10, settings.default.max_examples // 2))
alternatives = st.sampled_from(["two-sided", "less", "greater"])


class TestCompare:
    def test_r_prop_test(self):
        # R: prop.test(c(15, 25), c(50, 50), correct = FALSE)
        # X-squared = 4.1667, df = 1, p-value = 0.04123
        res = compare(15, 50, 25, 50, method="mee")
        assert isinstance(res, CompareResult)
        assert_allclose(res.statistic**2, 4.1667, atol=5e-5)
        assert_allclose(res.pvalue, 0.04123, atol=5e-6)
        assert_allclose(res.estimate, -0.2)
        statistic, pvalue = res
        assert statistic == res.statistic and pvalue == res.pvalue

    @FEW
    @given(group(), group())
    def test_mee_equals_pearson_chi2(self, g1, g2):
        (k1, n1), (k2, n2) = g1, g2
        table = np.array([[k1, n1 - k1], [k2, n2 - k2]])
        assume((table.sum(axis=0) > 0).all())
        chi2, p, _, _ = stats.chi2_contingency(table, correction=False)
        res = compare(k1, n1, k2, n2, method="mee")
        assert_allclose(res.statistic**2, chi2, rtol=1e-9, atol=1e-12)
        assert_allclose(res.pvalue, p, rtol=1e-9, atol=1e-15)

    @FEW
    @given(group(), group(), alternatives)
    @pytest.mark.filterwarnings("ignore::RuntimeWarning")  # statsmodels' ratio p1/p2 overflows
    def test_score_and_wald_match_statsmodels(self, g1, g2, alternative):
        from statsmodels.stats.proportion import test_proportions_2indep

        (k1, n1), (k2, n2) = g1, g2
        p1, p2 = k1 / n1, k2 / n2
        assume(0 < (k1 + k2) < (n1 + n2) and 0 < p1 < 1 and 0 < p2 < 1)
        sm_alt = {"two-sided": "two-sided", "greater": "larger", "less": "smaller"}[alternative]
        for method in ("score", "wald"):
            ref = test_proportions_2indep(
                k1, n1, k2, n2, method=method, alternative=sm_alt, correction=True
            )
            res = compare(k1, n1, k2, n2, method=method, alternative=alternative)
            assert_allclose(res.statistic, ref.statistic, rtol=1e-10)
            assert_allclose(res.pvalue, ref.pvalue, rtol=1e-9, atol=1e-300)

    def test_fisher_tea_tasting(self):
        # Fisher's tea-tasting table [[3, 1], [1, 3]] (R ?fisher.test): by
        # enumeration of the hypergeometric distribution, P(X >= 3) = 17/70
        # and the two-sided p-value is 34/70.
        pmf = {x: math.comb(4, x) * math.comb(4, 4 - x) / math.comb(8, 4) for x in range(5)}
        greater = compare(3, 4, 1, 4, method="exact", alternative="greater")
        assert_allclose(greater.pvalue, pmf[3] + pmf[4], rtol=1e-12)
        assert_allclose(greater.pvalue, 17 / 70, rtol=1e-12)
        two = compare(3, 4, 1, 4, method="exact")
        assert_allclose(two.pvalue, 34 / 70, rtol=1e-12)
        assert_allclose(two.statistic, 9.0)  # sample odds ratio 3*3/(1*1)
        assert two.ci_method == "newcombe"
        assert_allclose(two.confidence_interval, diff_ci(3, 4, 1, 4))

    def test_boschloo_matches_scipy(self):
        res = compare(7, 34, 1, 34, method="boschloo", alternative="greater")
        ref = stats.boschloo_exact([[7, 1], [27, 33]], alternative="greater")
        assert_allclose(res.pvalue, ref.pvalue, rtol=1e-10)
        # unconditional test is more powerful than Fisher's here
        assert res.pvalue < compare(7, 34, 1, 34, method="exact", alternative="greater").pvalue

    def test_exact_needs_whole_counts(self):
        with pytest.raises(MigstatsValueError, match="k1"):
            compare(3.5, 10, 2, 10, method="exact")
        with pytest.raises(MigstatsValueError, match="n1"):
            compare(3, 10, 2, 10, method="exact", deff=1.5)
        # deff giving whole effective counts is fine
        assert_allclose(
            compare(6, 20, 4, 20, method="exact", deff=2.0).pvalue,
            compare(3, 10, 2, 10, method="exact").pvalue,
        )

    @FEW
    @given(group(), group(), st.floats(0.8, 0.995), alternatives, st.sampled_from(NORMAL_METHODS))
    def test_test_and_interval_agree(self, g1, g2, level, alternative, method):
        (k1, n1), (k2, n2) = g1, g2
        res = compare(
            k1, n1, k2, n2, method=method, alternative=alternative, confidence_level=level
        )
        alpha = 1 - level
        assume(abs(res.pvalue - alpha) > 1e-9)
        low, high = res.confidence_interval
        excludes_zero = low > 0 or high < 0
        assert (res.pvalue < alpha) == excludes_zero
        if alternative == "greater":
            assert high == 1.0
        if alternative == "less":
            assert low == -1.0

    @FEW
    @given(group(), group(), st.sampled_from(NORMAL_METHODS))
    def test_two_sided_interval_is_diff_ci(self, g1, g2, method):
        (k1, n1), (k2, n2) = g1, g2
        name = {"score": "miettinen_nurminen", "mee": "mee", "wald": "wald"}[method]
        res = compare(k1, n1, k2, n2, method=method)
        assert res.ci_method == name
        assert_allclose(res.confidence_interval, diff_ci(k1, n1, k2, n2, method=name), atol=1e-12)

    @FEW
    @given(group(), group(), alternatives, st.sampled_from(NORMAL_METHODS))
    def test_swap_groups(self, g1, g2, alternative, method):
        (k1, n1), (k2, n2) = g1, g2
        flipped = {"two-sided": "two-sided", "less": "greater", "greater": "less"}[alternative]
        a = compare(k1, n1, k2, n2, method=method, alternative=alternative)
        b = compare(k2, n2, k1, n1, method=method, alternative=flipped)
        assert_allclose(a.estimate, -b.estimate, atol=1e-15)
        assert_allclose(a.statistic, -b.statistic, atol=1e-12)
        assert_allclose(a.pvalue, b.pvalue, rtol=1e-9, atol=1e-15)
        assert_allclose(
            a.confidence_interval,
            (-b.confidence_interval.high, -b.confidence_interval.low),
            atol=1e-9,
        )

    @FEW
    @given(group(), group(), st.sampled_from(NORMAL_METHODS))
    def test_one_sided_is_half_of_two_sided(self, g1, g2, method):
        (k1, n1), (k2, n2) = g1, g2
        two = compare(k1, n1, k2, n2, method=method)
        side = "greater" if two.statistic > 0 else "less"
        one = compare(k1, n1, k2, n2, method=method, alternative=side)
        assert_allclose(one.pvalue, min(1.0, two.pvalue) / 2, rtol=1e-9, atol=1e-300)

    @FEW
    @given(group(), group(), st.floats(1.0, 3.0), st.sampled_from(NORMAL_METHODS))
    def test_deff_identity(self, g1, g2, deff, method):
        (k1, n1), (k2, n2) = g1, g2
        assume((n1 + n2) / deff > 1)
        a = compare(k1, n1, k2, n2, method=method, deff=deff)
        b = compare(k1 / deff, n1 / deff, k2 / deff, n2 / deff, method=method)
        assert_allclose(a.pvalue, b.pvalue, rtol=1e-10, atol=1e-300)
        assert_allclose(a.confidence_interval, b.confidence_interval, atol=1e-12)
        # a design effect > 1 never makes a difference more significant
        plain = compare(k1, n1, k2, n2, method=method)
        assert a.pvalue >= plain.pvalue * (1 - 1e-9)

    @pytest.mark.parametrize("method", [*NORMAL_METHODS, "exact"])
    def test_vectorised_over_candidate_n(self, method):
        n = np.array([50.0, 100.0, 400.0])
        k1, k2 = 0.3 * n, 0.42 * n  # whole numbers for these n
        res = compare(k1, n, k2, n, method=method)
        assert res.pvalue.shape == (3,)
        for i in range(3):
            one = compare(k1[i], n[i], k2[i], n[i], method=method)
            assert_allclose(res.pvalue[i], one.pvalue, rtol=1e-12)
            assert_allclose(res.confidence_interval.low[i], one.confidence_interval.low)
        assert np.all(np.diff(res.pvalue) < 0)  # more data, smaller p

    def test_degenerate_cells(self):
        zero = compare(0, 10, 0, 10, method="wald")
        assert zero.statistic == 0 and zero.pvalue == 1
        full = compare(10, 10, 0, 10, method="wald")
        assert np.isinf(full.statistic) and full.pvalue == 0
        score = compare(0, 10, 0, 20)
        assert (
            score.pvalue == 1 and score.confidence_interval.low < 0 < score.confidence_interval.high
        )

    def test_series_in_series_out(self):
        k1 = pd.Series([10.0, 20.0], index=["x", "y"])
        res = compare(k1, 100, 15, 100)
        assert isinstance(res.pvalue, pd.Series) and list(res.pvalue.index) == ["x", "y"]
        frame = compare(np.array([10.0, 20.0]), 100, 15, 100).to_frame()
        assert {"estimate", "ci_low", "ci_high", "statistic", "pvalue"} <= set(frame.columns)

    @pytest.mark.parametrize(
        "args, kwargs, match",
        [
            ((11, 10, 1, 10), {}, "k1"),
            ((1, 10, 1, 0), {}, "n2"),
            ((1, 10, float("nan"), 10), {}, "k2"),
            ((1, 10, 1, 10), {"method": "fisher"}, "method"),
            ((1, 10, 1, 10), {"alternative": "larger"}, "alternative"),
            ((1, 10, 1, 10), {"confidence_level": -0.1}, "confidence_level"),
            ((1, 10, 1, 10), {"alternative": "less", "confidence_level": 0.4}, "confidence_level"),
            ((1, 10, 1, 10), {"deff": float("inf")}, "deff"),
            (([1, 2], 10, [1, 2, 3], 10), {}, "k1, n1, k2, n2"),
        ],
    )
    def test_bad_input(self, args, kwargs, match):
        with pytest.raises(MigstatsValueError, match=match):
            compare(*args, **kwargs)


class TestChi2Homogeneity:
    def test_r_prop_test(self):
        # R: prop.test(c(15, 25), c(50, 50), correct = FALSE)
        # X-squared = 4.1667, df = 1, p-value = 0.04123
        res = chi2_homogeneity([15, 25], [50, 50])
        assert isinstance(res, Chi2Result)
        assert_allclose(res.statistic, 4.1667, atol=5e-5)
        assert_allclose(res.pvalue, 0.04123, atol=5e-6)
        assert res.df == 1

    @given(st.lists(group(500), min_size=2, max_size=6))
    def test_matches_scipy_chi2_contingency(self, groups):
        k = np.array([g[0] for g in groups])
        n = np.array([g[1] for g in groups])
        table = np.column_stack([k, n - k])
        # scipy's expected frequencies (row x column / total) underflow to 0 when a
        # margin is subnormal (e.g. 5e-324), and it then refuses the table
        assume((table.sum(axis=0) > 1e-300).all())
        chi2, p, df, _ = stats.chi2_contingency(table, correction=False)
        res = chi2_homogeneity(k, n)
        assert_allclose(res.statistic, chi2, rtol=1e-9, atol=1e-12)
        assert_allclose(res.pvalue, p, rtol=1e-8, atol=1e-15)
        assert res.df == df

    @FEW
    @given(group(), group(), st.floats(1.0, 3.0))
    def test_two_groups_equal_mee_squared(self, g1, g2, deff):
        (k1, n1), (k2, n2) = g1, g2
        res = chi2_homogeneity([k1, k2], [n1, n2], deff=deff)
        z = compare(k1, n1, k2, n2, method="mee", deff=deff).statistic
        assert_allclose(res.statistic, z**2, rtol=1e-9, atol=1e-12)

    @given(
        st.lists(group(500), min_size=2, max_size=6),
        st.floats(1.0, 3.0),
        st.randoms(use_true_random=False),
    )
    def test_deff_and_permutation(self, groups, deff, rnd):
        k = np.array([g[0] for g in groups])
        n = np.array([g[1] for g in groups])
        base = chi2_homogeneity(k, n)
        scaled = chi2_homogeneity(k, n, deff=deff)
        assert_allclose(scaled.statistic, base.statistic / deff, rtol=1e-12)
        assert_allclose(
            scaled.statistic, chi2_homogeneity(k / deff, n / deff).statistic, rtol=1e-9, atol=1e-12
        )
        perm = list(range(len(k)))
        rnd.shuffle(perm)
        assert_allclose(
            chi2_homogeneity(k[perm], n[perm]).statistic, base.statistic, rtol=1e-9, atol=1e-12
        )

    def test_leading_axes(self):
        k = np.array([[15.0, 25.0, 30.0], [10.0, 12.0, 20.0]])
        n = np.array([50.0, 50.0, 60.0])
        res = chi2_homogeneity(k, n, deff=[1.0, 2.0])
        assert res.statistic.shape == (2,)
        assert_allclose(res.statistic[1], chi2_homogeneity(k[1], n, deff=2.0).statistic)

    def test_all_zero(self):
        res = chi2_homogeneity([0, 0, 0], [10, 20, 30])
        assert res.statistic == 0 and res.pvalue == 1

    @pytest.mark.parametrize(
        "args, kwargs, match",
        [
            (([1], [10]), {}, "k"),
            (([1, 12], [10, 10]), {}, "k"),
            (([1, 2], [10, 0]), {}, "n"),
            (([1, 2], [10, 10]), {"deff": [1.0, 2.0, 3.0]}, "deff"),
            (([1, 2, 3], [10, 10]), {}, "k, n"),
        ],
    )
    def test_bad_input(self, args, kwargs, match):
        with pytest.raises(MigstatsValueError, match=match):
            chi2_homogeneity(*args, **kwargs)


# --------------------------------------------------------------------------
# reference multiple-testing procedures written from their definitions
# --------------------------------------------------------------------------


def _holm(p):
    m = len(p)
    order = np.argsort(p)
    out = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        out[i] = running
    return out


def _step_up(p, factor):
    """Step-up adjustment: adj_(i) = min_{j >= i} min(1, factor(j) p_(j))."""
    m = len(p)
    order = np.argsort(p)
    out = np.empty(m)
    running = 1.0
    for rank in range(m - 1, -1, -1):
        i = order[rank]
        running = min(running, min(1.0, factor(rank + 1, m) * p[i]))
        out[i] = running
    return out


def _hochberg(p):
    return _step_up(p, lambda i, m: m - i + 1)


def _bh(p):
    return _step_up(p, lambda i, m: m / i)


def _by(p):
    return _step_up(p, lambda i, m: m / i * sum(1 / j for j in range(1, m + 1)))


def _hommel(p):
    """Closed testing with Simes tests: adj_i = max over subsets I containing i of Simes(I)."""
    m = len(p)
    out = np.zeros(m)
    for size in range(1, m + 1):
        for subset in itertools.combinations(range(m), size):
            ps = np.sort(p[list(subset)])
            simes = min(1.0, min(size * ps[j] / (j + 1) for j in range(size)))
            for i in subset:
                out[i] = max(out[i], simes)
    return out


REFERENCES = {
    "holm": _holm,
    "hochberg": _hochberg,
    "hommel": _hommel,
    "bonferroni": lambda p: np.minimum(1.0, len(p) * p),
    "fdr_bh": _bh,
    "fdr_by": _by,
    "none": lambda p: p,
}


class TestAdjustPvalues:
    P = np.array([0.01, 0.02, 0.03, 0.04, 0.05])

    def test_benjamini_hochberg_published_example(self):
        # Benjamini & Hochberg (1995, JRSS B 57, section 4.2): 15 ordered
        # p-values from a clinical trial; at q = 0.05 the step-up procedure
        # rejects the four smallest (Bonferroni-Holm rejects three).
        p = np.array(
            [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
             0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.0000]
        )  # fmt: skip
        assert (adjust_pvalues(p, method="BH") < 0.05).sum() == 4
        assert (adjust_pvalues(p, method="holm") < 0.05).sum() == 3

    def test_hand_computed(self):
        # Holm: sorted p times (5, 4, 3, 2, 1) = .05 .08 .09 .08 .05, then the
        # running maximum: .05 .08 .09 .09 .09.
        assert_allclose(adjust_pvalues(self.P), [0.05, 0.08, 0.09, 0.09, 0.09])
        # BH: p * 5 / rank = .05 for every rank.
        assert_allclose(adjust_pvalues(self.P, method="BH"), [0.05] * 5)
        # Hochberg: (5, 4, 3, 2, 1) * p = .05 .08 .09 .08 .05, running min from the top.
        assert_allclose(adjust_pvalues(self.P, method="hochberg"), [0.05] * 5)
        # BY: BH times 1 + 1/2 + 1/3 + 1/4 + 1/5 = 137/60.
        assert_allclose(adjust_pvalues(self.P, method="BY"), [0.05 * 137 / 60] * 5)
        assert_allclose(adjust_pvalues(self.P, method="bonferroni"), [0.05, 0.1, 0.15, 0.2, 0.25])

    @given(
        st.lists(st.floats(0, 1), min_size=1, max_size=7),
        st.sampled_from(list(REFERENCES)),
    )
    def test_matches_definitions(self, p, method):
        p = np.array(p)
        assert_allclose(adjust_pvalues(p, method=method), REFERENCES[method](p), atol=1e-12)

    @given(
        st.lists(st.floats(0, 1), min_size=1, max_size=10),
        st.sampled_from(CORRECTIONS),
        st.randoms(use_true_random=False),
    )
    def test_properties(self, p, method, rnd):
        p = np.array(p)
        adj = adjust_pvalues(p, method=method)
        assert np.all(adj >= p - 1e-15) and np.all(adj <= 1)
        # order preserving
        order = np.argsort(p, kind="stable")
        assert np.all(np.diff(adj[order]) >= -1e-15)
        # equivariant under reordering
        perm = list(range(len(p)))
        rnd.shuffle(perm)
        assert_allclose(adjust_pvalues(p[perm], method=method), adj[perm], atol=1e-15)

    @settings(max_examples=5)  # statsmodels' Holm runs gc.collect() on every call
    @given(st.lists(st.floats(0, 1), min_size=1, max_size=12))
    def test_holm_matches_statsmodels(self, p):
        from statsmodels.stats.multitest import multipletests

        p = np.array(p)
        assert_allclose(adjust_pvalues(p), multipletests(p, method="holm")[1], atol=1e-15)

    @given(
        st.lists(
            st.one_of(st.floats(0, 1), st.sampled_from([0.0, 0.01, 0.05, 1.0, np.nan])),
            min_size=1,
            max_size=30,
        ),
        st.sampled_from(["bonferroni", "fdr_bh", "fdr_by", "hochberg", "hommel"]),
    )
    def test_bit_for_bit_statsmodels(self, p, method):
        """The written-out corrections follow multipletests' operations exactly (ties, NaN)."""
        from statsmodels.stats.multitest import multipletests

        names = {"hochberg": "simes-hochberg"}
        p = np.array(p)
        want = p.copy()
        present = ~np.isnan(p)
        if present.any():
            want[present] = multipletests(p[present], method=names.get(method, method))[1]
        np.testing.assert_array_equal(adjust_pvalues(p, method=method), want)

    @given(
        st.integers(1, 12),
        st.integers(1, 6),
        st.sampled_from(list(CORRECTIONS)),
        st.randoms(use_true_random=False),
    )
    def test_axis_is_each_slice_alone(self, rows, cols, method, rnd):
        """With ``axis`` every slice is a family: the same as adjusting it alone."""
        p = np.array([[rnd.choice([rnd.random(), rnd.random() / 20, np.nan]) for _ in range(cols)]
                      for _ in range(rows)])  # fmt: skip
        by_column = np.column_stack([adjust_pvalues(c, method=method) for c in p.T])
        np.testing.assert_array_equal(adjust_pvalues(p, method=method, axis=0), by_column)
        np.testing.assert_array_equal(adjust_pvalues(p.T, method=method, axis=1), by_column.T)
        np.testing.assert_array_equal(adjust_pvalues(p, method=method, axis=-2), by_column)
        stacked = np.stack([p, p[::-1]])  # a 3-d array, families along axis 1
        got = adjust_pvalues(stacked, method=method, axis=1)
        np.testing.assert_array_equal(got[0], by_column)

    @pytest.mark.parametrize("axis", [2, -3, 1.0, "0", True])
    def test_axis_must_be_an_axis(self, axis):
        with pytest.raises(MigstatsValueError, match="axis"):
            adjust_pvalues(np.full((3, 2), 0.1), axis=axis)

    def test_aliases(self):
        p = np.array([0.001, 0.2, 0.03, 0.5])
        assert_allclose(adjust_pvalues(p, method="BH"), adjust_pvalues(p, method="fdr_bh"))
        assert_allclose(adjust_pvalues(p, method="fdr"), adjust_pvalues(p, method="fdr_bh"))
        assert_allclose(adjust_pvalues(p, method="BY"), adjust_pvalues(p, method="fdr_by"))

    def test_nan_excluded_from_family(self):
        p = np.array([0.01, np.nan, 0.04])
        adj = adjust_pvalues(p, method="bonferroni")
        assert np.isnan(adj[1])
        assert_allclose(adj[[0, 2]], [0.02, 0.08])  # family size 2, not 3
        assert np.isnan(adjust_pvalues([np.nan, np.nan])).all()

    def test_shape_and_series(self):
        p = np.array([[0.01, 0.02], [0.03, 0.04]])
        assert adjust_pvalues(p).shape == (2, 2)
        assert_allclose(adjust_pvalues(p).ravel(), adjust_pvalues(p.ravel()))
        s = pd.Series([0.01, 0.04], index=["a", "b"])
        out = adjust_pvalues(s)
        assert isinstance(out, pd.Series) and list(out.index) == ["a", "b"]

    @pytest.mark.parametrize(
        "p, kwargs, match",
        [
            ([0.1, 1.2], {}, "p"),
            ([-0.1], {}, "p"),
            ([0.1, np.inf], {}, "p"),
            ([0.1], {"method": "fdr_b"}, "method"),
            ([0.1], {"method": "Holm"}, "method"),
            ([0.1], {"method": "sidak"}, "method"),
        ],
    )
    def test_bad_input(self, p, kwargs, match):
        with pytest.raises(MigstatsValueError, match=match):
            adjust_pvalues(p, **kwargs)


class TestRoundingAware:
    """compare(half_width1=..., half_width2=...): p-values over the rounding box.

    Independent references: brute force over a fine grid of true values in the
    box (the supremum the method claims to attain at two corners), identities
    (h = 0 gives the plain test) and the duality of test and interval.
    """

    H = 0.005  # whole percentages

    @staticmethod
    def grid_sup(p1, n1, p2, n2, h, method="score", alternative="two-sided", points=41):
        t = np.linspace(-h, h, points)
        x1 = np.clip(p1 + t[:, None], 0, 1)
        x2 = np.clip(p2 + t[None, :], 0, 1)
        pv = compare(
            x1 * n1,
            np.full(x1.shape, float(n1)),
            x2 * n2,
            float(n2),
            method=method,
            alternative=alternative,
        ).pvalue
        return float(np.max(pv))

    @pytest.mark.parametrize(
        ("p1", "p2", "n1", "n2", "alternative"),
        [
            (0.30, 0.36, 1000, 1000, "two-sided"),
            (0.82, 0.59, 762, 1113, "two-sided"),
            (0.03, 0.01, 5480, 2000, "two-sided"),
            (0.45, 0.40, 400, 700, "greater"),
            (0.45, 0.40, 400, 700, "less"),
        ],
    )
    @pytest.mark.parametrize("method", ["score", "mee", "wald"])
    def test_equals_brute_force_supremum(self, p1, p2, n1, n2, alternative, method):
        boxed = compare(
            p1 * n1,
            n1,
            p2 * n2,
            n2,
            method=method,
            alternative=alternative,
            half_width1=self.H,
            half_width2=self.H,
        )
        sup = self.grid_sup(p1, n1, p2, n2, self.H, method, alternative)
        # the grid contains the corners: equal for the monotone score tests,
        # and the Wald grid of 9 x 9 lies inside the 41 x 41 one
        assert float(boxed.pvalue) >= sup - 1e-12 or method == "wald"
        assert float(boxed.pvalue) == pytest.approx(sup, rel=1e-9, abs=1e-15)

    def test_box_with_equal_shares_gives_one(self):
        # 30% and 31% printed: true values 30.4 and 30.6 vs 30.5 and 30.5 allowed
        res = compare(300, 1000, 310, 1000, half_width1=self.H, half_width2=self.H)
        assert res.pvalue == 1.0
        assert res.confidence_interval.low < 0 < res.confidence_interval.high

    def test_switched_off_and_zero_width_are_plain(self):
        plain = compare(300, 1000, 360, 1000)
        off = compare(
            300, 1000, 360, 1000, half_width1=self.H, half_width2=self.H, rounding_aware=False
        )
        zero = compare(300, 1000, 360, 1000, half_width1=0.0, half_width2=0.0)
        assert off.pvalue == plain.pvalue == zero.pvalue
        assert off.rounding_method == zero.rounding_method == "none"
        assert off.confidence_interval == plain.confidence_interval

    @settings(deadline=None)
    @given(
        group(),
        group(),
        st.floats(0, 0.02),
        st.floats(0, 0.02),
        st.sampled_from(["score", "mee", "wald"]),
        st.sampled_from(["two-sided", "greater", "less"]),
        st.sampled_from(["box", "sheppard"]),
    )
    def test_never_below_plain(self, g1, g2, h1, h2, method, alternative, rmethod):
        (k1, n1), (k2, n2) = g1, g2
        assume(n1 + n2 > 2)
        plain = compare(k1, n1, k2, n2, method=method, alternative=alternative)
        aware = compare(
            k1,
            n1,
            k2,
            n2,
            method=method,
            alternative=alternative,
            half_width1=h1,
            half_width2=h2,
            rounding_method=rmethod,
        )
        if rmethod == "box" or plain.pvalue <= 0.5:
            # Sheppard's variance shrinks |z|: a one-sided p-value against the
            # estimate's direction (above 1/2) can fall; the box never does
            assert aware.pvalue >= plain.pvalue - 1e-12
        assert aware.confidence_interval.low <= plain.confidence_interval.low + 1e-12
        assert aware.confidence_interval.high >= plain.confidence_interval.high - 1e-12
        if h1 == h2 == 0:
            assert aware.pvalue == plain.pvalue

    @settings(deadline=None)
    @given(group(fractional=False), group(fractional=False), st.floats(0.001, 0.02))
    def test_box_test_and_interval_agree(self, g1, g2, h):
        (k1, n1), (k2, n2) = g1, g2
        assume(n1 + n2 > 2)
        res = compare(k1, n1, k2, n2, half_width1=h, half_width2=h)
        low, high = res.confidence_interval
        assume(abs(res.pvalue - 0.05) > 1e-6 and min(abs(low), abs(high)) > 1e-9)
        assert (res.pvalue < 0.05) == (low > 0 or high < 0)

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"half_width1": -0.1}, "half_width1"),
            ({"half_width2": 0.7}, "half_width2"),
            ({"half_width1": 0.005, "rounding_method": "exact"}, "rounding_method"),
            ({"half_width1": 0.005, "rounding_aware": "yes"}, "rounding_aware"),
        ],
    )
    def test_bad_input(self, kwargs, match):
        with pytest.raises(MigstatsValueError, match=match):
            compare(30, 100, 40, 100, **kwargs)

    def test_exact_tests_take_no_half_widths(self):
        with pytest.raises(MigstatsValueError, match="half_width1"):
            compare(3, 10, 4, 10, method="exact", half_width1=0.005)


@pytest.mark.parametrize("p", [[], np.empty((0, 3))])
def test_adjust_pvalues_of_no_test(p):
    out = adjust_pvalues(p, method="BH", axis=None if np.ndim(p) == 1 else 0)
    assert out.shape == np.shape(p)
