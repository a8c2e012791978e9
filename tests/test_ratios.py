"""Tests of migstats._core.ratios: Koopman's score test and interval of a ratio."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import optimize, special

import migstats
from migstats import ratio_ci, ratio_test


def koopman_z(k1, n1, k2, n2, r0) -> float:
    """Koopman's score statistic by brute force: constrained MLE maximised numerically."""

    def nll(p2):
        p1 = r0 * p2
        return -(
            k1 * np.log(p1)
            + (n1 - k1) * np.log1p(-p1)
            + k2 * np.log(p2)
            + (n2 - k2) * np.log1p(-p2)
        )

    upper = min(1.0, 1.0 / r0) - 1e-12
    p2 = optimize.minimize_scalar(
        nll, bounds=(1e-12, upper), method="bounded", options={"xatol": 1e-13}
    ).x
    p1 = r0 * p2
    var = p1 * (1 - p1) / n1 + r0**2 * p2 * (1 - p2) / n2
    return (k1 / n1 - r0 * k2 / n2) / np.sqrt(var)


class TestRatioCi:
    def test_koopman_worked_example(self):
        # Koopman (1984): 36/40 vs 16/80, 95% limits 2.940 and 7.152 (Nam
        # 1995), as recorded in statsmodels' tests (test_proportion.py)
        lo, hi = ratio_ci(36, 40, 16, 80)
        assert lo == pytest.approx(2.940, abs=5e-4)
        assert hi == pytest.approx(7.152, abs=5e-4)

    def test_arrays_and_undefined(self):
        lo, hi = ratio_ci([36, 10], [40, 40], [16, 0], [80, 80])
        assert lo.shape == (2,)
        assert np.isfinite(lo[0]) and np.isfinite(hi[0])
        assert not np.isfinite(hi[1])  # k2 = 0: no finite upper limit

    @settings(deadline=None, max_examples=30)
    @given(
        p1=st.floats(0.1, 0.9),
        p2=st.floats(0.1, 0.9),
        n=st.integers(100, 3000),
        deff=st.floats(1.0, 3.0),
    )
    def test_inverts_brute_force_statistic(self, p1, p2, n, deff):
        # at each end of the 95% interval Koopman's statistic of the effective
        # counts (brute force) is -/+ 1.96
        lo, hi = ratio_ci(p1 * n, n, p2 * n, n, deff=deff)
        assume(np.isfinite(lo) and np.isfinite(hi))
        m, e = p1 * n / deff, n / deff
        assert koopman_z(m, e, p2 * n / deff, e, lo) == pytest.approx(1.959964, abs=1e-3)
        assert koopman_z(m, e, p2 * n / deff, e, hi) == pytest.approx(-1.959964, abs=1e-3)
        assert lo <= p1 / p2 <= hi

    @pytest.mark.parametrize(
        ("kwargs", "name"),
        [
            ({"k1": 50, "n1": 40}, "k1"),
            ({"n2": 0}, "n2"),
            ({"confidence_level": 1.5}, "confidence_level"),
            ({"deff": 0}, "deff"),
        ],
    )
    def test_bad_input(self, kwargs, name):
        args = {"k1": 36, "n1": 40, "k2": 16, "n2": 80, **kwargs}
        with pytest.raises(ValueError, match=name):
            ratio_ci(**args)


class TestRatioTest:
    @settings(deadline=None)
    @given(
        p1=st.floats(0.05, 0.95),
        p2=st.floats(0.05, 0.95),
        n1=st.integers(30, 3000),
        n2=st.integers(30, 3000),
        r0=st.floats(0.3, 3.0),
    )
    def test_statistic_matches_brute_force(self, p1, p2, n1, n2, r0):
        res = ratio_test(p1 * n1, n1, p2 * n2, n2, value=r0, alternative="greater")
        z = koopman_z(p1 * n1, n1, p2 * n2, n2, r0)
        assert res.statistic == pytest.approx(z, rel=1e-4, abs=1e-5)
        assert res.pvalue == pytest.approx(special.ndtr(-z), rel=1e-3, abs=1e-6)
        assert res.estimate == pytest.approx(p1 / p2)

    def test_duality_with_interval(self):
        # the two-sided 5% test rejects exactly the ratios outside the 95% interval
        lo, hi = ratio_ci(36, 40, 16, 80)
        for value, rejected in [(lo * 0.99, True), (lo * 1.01, False), (hi * 1.01, True)]:
            assert (ratio_test(36, 40, 16, 80, value=value).pvalue < 0.05) is rejected

    def test_unpacks(self):
        statistic, pvalue = ratio_test(36, 40, 16, 80)
        assert statistic > 0 and 0 <= pvalue < 0.05

    @pytest.mark.parametrize(
        ("kwargs", "name"),
        [
            ({"value": 0}, "value"),
            ({"value": "x"}, "value"),
            ({"alternative": "up"}, "alternative"),
        ],
    )
    def test_bad_input(self, kwargs, name):
        with pytest.raises(ValueError, match=name):
            ratio_test(36, 40, 16, 80, **kwargs)

    def test_exported(self):
        assert {"ratio_ci", "ratio_test", "RatioResult"} <= set(migstats.__all__)


class TestRatioCiAtTheBoundary:
    """The interval inverts the score test also where a group is at 0% or 100%."""

    @pytest.mark.parametrize(
        ("k1", "n1", "k2", "n2"),
        [(995, 1000, 1000, 1000), (1000, 1000, 995, 1000), (100, 100, 100, 100), (0, 100, 5, 100)],
    )
    def test_limits_are_where_the_brute_force_statistic_reaches_the_critical_value(
        self, k1, n1, k2, n2
    ):
        import warnings

        crit = special.ndtri(0.975)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            lo, hi = ratio_ci(k1, n1, k2, n2)
        est = (k1 / n1) / (k2 / n2)
        assert lo <= est <= hi
        if lo > 0:
            assert koopman_z(k1, n1, k2, n2, lo) == pytest.approx(crit, abs=1e-4)
        if np.isfinite(hi):
            assert koopman_z(k1, n1, k2, n2, hi) == pytest.approx(-crit, abs=1e-4)

    @settings(max_examples=40, deadline=None)
    @given(
        n1=st.integers(20, 2000),
        n2=st.integers(20, 2000),
        f1=st.floats(0.05, 0.95),
        f2=st.floats(0.05, 0.95),
    )
    def test_agrees_with_statsmodels_away_from_the_boundary(self, n1, n2, f1, f2):
        from statsmodels.stats.proportion import confint_proportions_2indep

        k1, k2 = round(f1 * n1), round(f2 * n2)
        expected = confint_proportions_2indep(
            k1, n1, k2, n2, compare="ratio", method="score", correction=False
        )
        np.testing.assert_allclose(ratio_ci(k1, n1, k2, n2), expected, rtol=1e-6)


def riskscoreci_lower_at_zero(x1, n1, n2, confidence_level=0.95) -> float:
    """R ``PropCIs::riskscoreci``'s lower limit when ``x2 = 0`` (its closed form, transcribed).

    The branch ``(x2 == 0) && (x1 != 0)``: the middle root of its cubic in
    ``p0``, then ``ll = (1 - (n1 - x1)(1 - p0) / (n1 - (n2 + n1) p0)) / p0``;
    its upper limit there is ``Inf``.
    """
    z, x2 = special.ndtri(0.5 + confidence_level / 2), 0.0
    a1 = n2 * (n2 * (n2 + n1) * x1 + n1 * (n2 + x1) * z**2)
    a2 = -n2 * (n2 * n1 * (x2 + x1) + 2 * (n2 + n1) * x2 * x1 + n1 * (n2 + x2 + 2 * x1) * z**2)
    a3 = 2 * n2 * n1 * x2 * (x2 + x1) + (n2 + n1) * x2**2 * x1 + n2 * n1 * (x2 + x1) * z**2
    b1, b2, b3 = a2 / a1, a3 / a1, -n1 * x2**2 * (x2 + x1) / a1
    c1, c2 = b2 - b1**2 / 3, b3 - b1 * b2 / 3 + 2 * b1**3 / 27
    theta = np.arccos(np.sqrt(27) * c2 / (2 * c1 * np.sqrt(-c1)))
    r = 2 * np.sqrt(-c1 / 3)
    roots = sorted([-r * np.cos(np.pi / 3 - theta / 3), -r * np.cos(np.pi / 3 + theta / 3),
                    r * np.cos(theta / 3)])  # fmt: skip
    p0 = roots[1] - b1 / 3
    return (1 - (n1 - x1) * (1 - p0) / (x2 + n1 - (n2 + n1) * p0)) / p0


class TestNoCasesInAGroup:
    """A group at 0%: the limits R ``PropCIs::riskscoreci`` gives, not NaN."""

    @settings(max_examples=40, deadline=None)
    @given(n1=st.integers(5, 3000), n2=st.integers(5, 3000), f1=st.floats(0.001, 1.0))
    def test_none_in_the_second_group(self, n1, n2, f1):
        k1 = max(1, round(f1 * n1))
        lo, hi = ratio_ci(k1, n1, 0, n2)
        assert hi == np.inf
        assert lo == pytest.approx(riskscoreci_lower_at_zero(k1, n1, n2), rel=1e-6)
        # and the brute-force statistic reaches the critical value there
        assert koopman_z(k1, n1, 0, n2, lo) == pytest.approx(special.ndtri(0.975), abs=1e-3)

    def test_none_in_either_group(self):
        # riskscoreci: x1 = x2 = 0 gives [0, Inf]
        assert tuple(ratio_ci(0, 100, 0, 200)) == (0.0, np.inf)
        lo, hi = ratio_ci([0, 0], [100, 100], [0, 5], [100, 100])
        assert lo.tolist() == [0.0, 0.0] and hi[0] == np.inf and np.isfinite(hi[1])
