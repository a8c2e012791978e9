"""Tests of migstats._core.slope_covariance: covariance of two SIIs, its LP range."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migstats import slope_correlation_range, slope_index, slope_index_covariance
from migstats._base import InfeasibleError

EDU = np.array([0.26, 0.35, 0.39])
INC = np.full(5, 0.2)


def _population(dependence: float = 0.4) -> tuple[np.ndarray, np.ndarray]:
    """A joint education x income table with positive dependence and an answer
    share that depends on both (with an interaction)."""
    e_idx, i_idx = np.meshgrid(np.arange(3), np.arange(5), indexing="ij")
    raw = np.outer(EDU, INC) * np.exp(dependence * (e_idx - 1) * (i_idx - 2))
    # iterative proportional fitting back to the margins (Deming & Stephan 1940)
    for _ in range(200):
        raw *= (EDU / raw.sum(axis=1))[:, None]
        raw *= (INC / raw.sum(axis=0))[None, :]
    logit = -0.6 + 0.5 * e_idx + 0.15 * i_idx - 0.05 * e_idx * i_idx
    return raw, 1 / (1 + np.exp(-logit))


def _monte_carlo(joint, cell_p, n, reps, seed):
    """Correlation of the two SIIs over simulated simple random samples."""
    rng = np.random.default_rng(seed)
    probs = np.concatenate([(joint * cell_p).ravel(), (joint * (1 - cell_p)).ravel()])
    draws = rng.multinomial(n, probs, size=reps)
    yes = draws[:, :15].reshape(reps, 3, 5)
    total = yes + draws[:, 15:].reshape(reps, 3, 5)
    p_edu = yes.sum(axis=2) / total.sum(axis=2)
    p_inc = yes.sum(axis=1) / total.sum(axis=1)
    sii_e = slope_index(p_edu, total.sum(axis=2), EDU).sii
    sii_i = slope_index(p_inc, total.sum(axis=1), INC).sii
    return np.corrcoef(sii_e, sii_i)[0, 1], np.std(sii_e, ddof=1)


class TestSlopeIndexCovariance:
    def _check_mc(self, reps, seed):
        joint, cell_p = _population()
        n = 2000
        rho_mc, sd_e = _monte_carlo(joint, cell_p, n, reps, seed)
        res = slope_index_covariance(joint, cell_p, n)
        # SE of a sample correlation ~ (1 - rho^2) / sqrt(reps); 4 SE.
        tol = 4 * (1 - rho_mc**2) / np.sqrt(reps)
        assert abs(res.correlation - rho_mc) < tol
        # the variance term is the one slope_index uses: SD within 4 MC SE (SE of
        # an SD ~ sd / sqrt(2 reps))
        assert abs(res.sii_standard_error1 - sd_e) < 4 * sd_e / np.sqrt(2 * reps)
        assert res.correlation > 0.1  # the setting has a real, positive correlation

    def test_monte_carlo_fast(self):
        self._check_mc(reps=3000, seed=1)

    @pytest.mark.slow
    def test_monte_carlo_large(self):
        self._check_mc(reps=60000, seed=2)

    def test_variance_matches_slope_index(self):
        joint, cell_p = _population()
        pi_e = (joint * cell_p).sum(axis=1) / EDU
        res = slope_index_covariance(joint, cell_p, 1500, deff=2.0)
        ref = slope_index(pi_e, 1500 * EDU, EDU, deff=2.0)
        assert res.sii_standard_error1 == pytest.approx(float(ref.sii_standard_error), rel=1e-12)

    def test_same_grouping_gives_correlation_one(self):
        # identity: a diagonal joint table makes the two groupings the same
        joint = np.diag([0.3, 0.3, 0.4])
        cell_p = np.full((3, 3), 0.5) + np.diag([-0.2, 0.0, 0.2])
        assert slope_index_covariance(joint, cell_p, 1000).correlation == pytest.approx(1.0)

    @given(
        st.lists(st.floats(0.05, 1), min_size=6, max_size=6),
        st.lists(st.floats(0.0, 1.0), min_size=6, max_size=6),
        st.floats(1.0, 4.0),
    )
    @settings(deadline=None)
    def test_properties(self, raw, cells, deff):
        joint = np.array(raw).reshape(2, 3)
        joint /= joint.sum()
        cell_p = np.array(cells).reshape(2, 3)
        res = slope_index_covariance(joint, cell_p, 1000, deff=deff)
        if np.isfinite(res.correlation):
            assert -1 - 1e-9 <= res.correlation <= 1 + 1e-9
            # correlation does not depend on n or deff
            other = slope_index_covariance(joint, cell_p, 50)
            assert other.correlation == pytest.approx(res.correlation, abs=1e-9)

    def test_bad_input(self):
        joint, cell_p = _population()
        with pytest.raises(ValueError, match="joint"):
            slope_index_covariance(joint * 2, cell_p, 100)
        with pytest.raises(ValueError, match="cell_p"):
            slope_index_covariance(joint, cell_p[:2], 100)
        with pytest.raises(ValueError, match=r"^n "):
            slope_index_covariance(joint, cell_p, 0)
        with pytest.raises(ValueError, match="deff"):
            slope_index_covariance(joint, cell_p, 100, deff=0)


class TestSlopeCorrelationRange:
    def _margins(self):
        joint, cell_p = _population()
        p_e = (joint * cell_p).sum(axis=1) / EDU
        p_i = (joint * cell_p).sum(axis=0) / INC
        return joint, cell_p, p_e, p_i

    def test_contains_the_truth(self):
        joint, cell_p, p_e, p_i = self._margins()
        rho = slope_index_covariance(joint, cell_p, 1000).correlation
        for dep in ("none", "positive_quadrant"):  # the table is PQD by construction
            r = slope_correlation_range(EDU, INC, p_e, p_i, dependence=dep)
            assert r.low - 1e-9 <= rho <= r.high + 1e-9
        known = slope_correlation_range(EDU, INC, p_e, p_i, joint=joint)
        assert known.low - 1e-9 <= rho <= known.high + 1e-9

    def test_brute_force_over_tables(self):
        # random tables with the margins (IPF of random seeds) and random cell
        # answer shares fitted to the margins never leave the LP range
        _, _, p_e, p_i = self._margins()
        r = slope_correlation_range(EDU, INC, p_e, p_i)
        pqd = slope_correlation_range(EDU, INC, p_e, p_i, dependence="positive_quadrant")
        assert r.low < pqd.low <= pqd.high <= r.high + 1e-12
        rng = np.random.default_rng(3)
        for _ in range(200):
            w = rng.gamma(0.5, size=(3, 5)) + 1e-9
            m = w * rng.uniform(size=(3, 5))
            for _ in range(300):  # fit w to the shares, then m to the yes-margins
                w *= (EDU / w.sum(axis=1))[:, None]
                w *= (INC / w.sum(axis=0))[None, :]
            for _ in range(300):
                m *= (EDU * p_e / m.sum(axis=1))[:, None]
                m *= (INC * p_i / m.sum(axis=0))[None, :]
            if (m > w).any():
                continue
            rho = slope_index_covariance(w, m / w, 1000).correlation
            assert r.low - 1e-6 <= rho <= r.high + 1e-6

    def test_ends_attained_near_frechet(self):
        # the answer equal to a function of education only and a comonotone
        # table: the range must reach far up (identity for the upper end)
        r = slope_correlation_range([0.5, 0.5], [0.5, 0.5], [0.3, 0.7], [0.3, 0.7])
        assert r.high == pytest.approx(1.0, abs=1e-9)

    def test_infeasible_margins(self):
        with pytest.raises(InfeasibleError, match="tolerance"):
            slope_correlation_range(EDU, INC, [0.2, 0.3, 0.4], [0.8] * 5)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="dependence"):
            slope_correlation_range(EDU, INC, [0.5] * 3, [0.5] * 5, dependence="tp2")
        with pytest.raises(ValueError, match="p1"):
            slope_correlation_range(EDU, INC, [0.5] * 2, [0.5] * 5)
        with pytest.raises(ValueError, match="tolerance"):
            slope_correlation_range(EDU, INC, [0.5] * 3, [0.5] * 5, tolerance=-1)
        with pytest.raises(ValueError, match="dependence"):
            slope_correlation_range(
                EDU,
                INC,
                [0.5] * 3,
                [0.5] * 5,
                joint=np.outer(EDU, INC),
                dependence="positive_quadrant",
            )

    @given(
        st.lists(st.floats(0.05, 0.95), min_size=3, max_size=3),
        st.floats(0.0, 0.02),
    )
    @settings(deadline=None, max_examples=30)
    def test_range_properties(self, p_e, tol):
        # income answer shares consistent with the education ones: all equal to
        # the overall share
        p_e = np.array(p_e)
        overall = float(EDU @ p_e)
        r = slope_correlation_range(EDU, INC, p_e, [overall] * 5, tolerance=tol)
        pqd = slope_correlation_range(
            EDU, INC, p_e, [overall] * 5, tolerance=tol, dependence="positive_quadrant"
        )
        assert -1 - 1e-9 <= r.low <= pqd.low + 1e-9 <= pqd.high + 2e-9 <= r.high + 3e-9 <= 1 + 4e-9


@settings(deadline=None, max_examples=60)
@given(
    g1=st.integers(2, 4),
    g2=st.integers(2, 5),
    tol=st.sampled_from([0.0, 0.005, 0.02]),
    dependence=st.sampled_from(["none", "positive_quadrant"]),
    data=st.data(),
)
def test_the_programmes_are_solved_as_linprog_solves_them(g1, g2, tol, dependence, data):
    """_solve_lp (HiGHS through milp) gives linprog(method="highs")'s status and optimum,
    bit for bit, on the correlation range's programmes, both directions, feasible or not."""
    from scipy.optimize import linprog

    from migstats._core.slope_covariance import _lp_constraints, _lp_rows, _solve_lp

    def shares(k):
        w = np.array(data.draw(st.lists(st.floats(0.05, 1.0), min_size=k, max_size=k)))
        return w / w.sum()

    w1, w2 = shares(g1), shares(g2)
    p1 = np.array(data.draw(st.lists(st.floats(0.0, 1.0), min_size=g1, max_size=g1)))
    p2 = np.array(data.draw(st.lists(st.floats(0.0, 1.0), min_size=g2, max_size=g2)))
    a_eq, b_eq, a_ub, b_ub, bounds = _lp_constraints(w1, w2, p1, p2, tol, dependence, None)
    cost = np.array(data.draw(st.lists(st.floats(-1.0, 1.0), min_size=2 * g1 * g2,
                                       max_size=2 * g1 * g2)))  # fmt: skip
    rows = _lp_rows(tuple(w1.tolist()), tuple(w2.tolist()), dependence)
    for sign in (1.0, -1.0):
        got = _solve_lp(sign * cost, a_ub, b_ub, a_eq, b_eq, bounds)
        stacked = _solve_lp(sign * cost, a_ub, b_ub, a_eq, b_eq, bounds, rows)
        assert stacked.status == got.status and (got.status or stacked.fun == got.fun)
        want = linprog(sign * cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq,
                       bounds=bounds, method="highs")  # fmt: skip
        assert (got.status == 0) == (want.status == 0)
        if want.status == 0:
            assert got.fun == want.fun  # the same programme to the same solver: the same optimum
