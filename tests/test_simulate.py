"""Tests of migstats._core.simulate: the survey simulator.

Expected values come from the population's definition (true percentages by
hand), Monte Carlo against known truth (the mean of the weighted estimates,
the variance of the estimates against Kish's formula), brute force (a
respondent-level loop for the weights) and identities (margins, seeds).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from migstats import SurveyPopulation, gaussian_copula_shares, simulate_surveys
from migstats._base import SIMULATION_COLUMNS

EDU = ("low", "mid", "high")


def two_way(p_edu=(0.45, 0.36, 0.30), stratum=(0.5, 0.5), responses=("yes",)):
    shares = np.outer([0.25, 0.35, 0.40], stratum)
    if len(responses) == 1:
        p = np.repeat(np.asarray(p_edu)[:, None], len(stratum), axis=1)
    else:
        p = np.broadcast_to(np.asarray(p_edu), (*shares.shape, len(p_edu)))
    return SurveyPopulation(
        shares,
        p,
        dimensions=["education", "stratum"],
        groups=[EDU, [f"s{i}" for i in range(len(stratum))]],
        responses=responses,
    )


class TestSurveyPopulation:
    def test_true_percent_by_hand(self):
        pop = two_way()
        tp = pop.true_percent(["education"])
        # total = 0.25*45 + 0.35*36 + 0.40*30 = 35.85
        assert tp.percent.tolist() == pytest.approx([35.85, 45.0, 36.0, 30.0])
        assert tp.columns.tolist() == ["item", "response", "dimension", "group", "percent"]

    def test_sample_shares_factor(self):
        pop = two_way()
        s = pop.sample_shares({"education": {"low": 0.5}})
        margin = s.sum(axis=1)
        # 0.125 / 0.875 for low; the others keep their ratio
        assert margin[0] == pytest.approx(0.125 / 0.875)
        assert margin[1] / margin[2] == pytest.approx(0.35 / 0.40)

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"shares": [0.5, 0.6]}, "shares"),
            ({"proportions": [0.5, 1.5]}, "proportions"),
            ({"groups": [["a", "total"]]}, "groups"),
            ({"dimensions": ["d", "e"]}, "dimensions"),
        ],
    )
    def test_bad_input(self, kwargs, match):
        args = {"shares": [0.5, 0.5], "proportions": [0.5, 0.5], "dimensions": ["d"]}
        args["groups"] = [["a", "b"]]
        args.update(kwargs)
        with pytest.raises(ValueError, match=match):
            SurveyPopulation(**args)

    def test_bad_factor(self):
        with pytest.raises(ValueError, match="factors"):
            two_way().sample_shares({"education": {"nope": 2}})


class TestGaussianCopulaShares:
    @given(
        st.lists(st.floats(0.05, 1), min_size=2, max_size=5),
        st.lists(st.floats(0.05, 1), min_size=2, max_size=5),
        st.floats(-0.9, 0.9),
    )
    def test_margins_exact(self, a, b, rho):
        a, b = np.array(a) / sum(a), np.array(b) / sum(b)
        t = gaussian_copula_shares(a, b, rho)
        assert (t >= 0).all()
        np.testing.assert_allclose(t.sum(axis=1), a, atol=1e-9)
        np.testing.assert_allclose(t.sum(axis=0), b, atol=1e-9)

    def test_independence_at_zero(self):
        t = gaussian_copula_shares([0.3, 0.7], [0.4, 0.6], 0.0)
        np.testing.assert_allclose(t, np.outer([0.3, 0.7], [0.4, 0.6]), atol=1e-7)

    def test_bad_correlation(self):
        with pytest.raises(ValueError, match="correlation"):
            gaussian_copula_shares([0.5, 0.5], [0.5, 0.5], 1.0)


@st.composite
def designs(draw):
    k = draw(st.integers(2, 4))
    shares = np.array(draw(st.lists(st.floats(0.1, 1), min_size=k, max_size=k)))
    p = np.array(draw(st.lists(st.floats(0, 1), min_size=k, max_size=k)))
    factors = np.array(draw(st.lists(st.floats(0.3, 3), min_size=k, max_size=k)))
    pop = SurveyPopulation(
        np.outer(shares / shares.sum(), [0.5, 0.5]),
        np.repeat(p[:, None], 2, axis=1),
        dimensions=["g", "s"],
        groups=[[f"g{i}" for i in range(k)], ["s0", "s1"]],
    )
    sample = pop.sample_shares({"g": dict(zip(pop.groups[0], factors, strict=True))})
    return pop, sample


class TestSimulateSurveysProperties:
    @given(
        designs(),
        st.integers(20, 3000),
        st.integers(1, 30),
        st.integers(0, 2),
        st.sampled_from(["half_up", "half_even", "floor"]),
        st.booleans(),
        st.integers(0, 2**32),
    )
    def test_shapes_ranges_grid_seed_deff(self, design, n, reps, decimals, rule, weighted, seed):
        pop, sample = design
        kw = {
            "replications": reps,
            "sample_shares": sample,
            "weight_by": ["g"] if weighted else None,
            "decimals": decimals,
            "rounding": rule,
        }
        a = simulate_surveys(pop, n, seed=seed, **kw)
        b = simulate_surveys(pop, n, rng=np.random.default_rng(seed), **kw)
        g = 1 + len(pop.groups[0]) + 2  # total, g groups, s groups
        assert a.percent.shape == (reps, g, 1) and a.n.shape == (reps, g)
        np.testing.assert_array_equal(a.percent, b.percent)  # same seed, same result
        ok = ~np.isnan(a.percent)
        assert ok[:, 0].all()  # the total always has respondents
        assert ((a.percent[ok] >= 0) & (a.percent[ok] <= 100)).all()
        scaled = a.percent[ok] * 10**decimals
        np.testing.assert_allclose(scaled, np.round(scaled), atol=1e-6)  # rounding grid
        has = a.n > 0
        assert (a.deff[has] >= 1 - 1e-12).all()  # Cauchy-Schwarz
        assert (a.n[:, 0] == n).all()
        if not weighted:
            assert np.allclose(a.deff[has], 1.0)

    def test_frame_columns_and_rows(self):
        sims = simulate_surveys(two_way(), 500, replications=3, seed=0)
        frame = sims.to_frame()
        assert tuple(frame.columns) == SIMULATION_COLUMNS
        assert len(frame) == 3 * (1 + 3 + 2)

    def test_categorical_percentages_sum(self):
        pop = two_way(p_edu=(0.2, 0.3, 0.5), responses=("a", "b", "c"))
        sims = simulate_surveys(pop, 800, replications=50, seed=2, weight_by=["education"])
        tot = sims.weighted_percent.sum(axis=-1)
        np.testing.assert_allclose(tot[~np.isnan(tot)], 100.0)

    def test_unweighted_percent_is_exact_fraction(self):
        # 1/8 = 12.5 % is a tie: half_even prints 12, half_up 13
        pop = SurveyPopulation([1.0], [0.125], dimensions=["d"], groups=[["a"]])
        sims = simulate_surveys(pop, 8, replications=400, seed=3, rounding="half_even")
        ones = sims.n[:, 0] * sims.weighted_percent[:, 0, 0] / 100 == 1
        assert ones.any()
        assert (sims.percent[ones, 0, 0] == 12).all()

    def test_fixed_group_sizes(self):
        sims = simulate_surveys(two_way(), {"education": [100, 200, 300]}, replications=4, seed=1)
        assert (sims.n[:, 1:4] == [100, 200, 300]).all()

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"replications": 0}, "replications"),
            ({"decimals": -1}, "decimals"),
            ({"rounding": "up_or_down"}, "rounding"),
            ({"seed": 1, "rng": np.random.default_rng(1)}, "seed"),
            ({"sample_shares": [0.5, 0.5]}, "sample_shares"),
            ({"weight_by": ["nope"]}, "dimension"),
        ],
    )
    def test_bad_input(self, kwargs, match):
        with pytest.raises(ValueError, match=match):
            simulate_surveys(two_way(), 100, **kwargs)

    @pytest.mark.parametrize("n", [0, 2.5, "many", True, {"education": [1, 2]}])
    def test_bad_n(self, n):
        with pytest.raises(ValueError, match=r"^n must"):
            simulate_surveys(two_way(), n)


class TestSimulateSurveysMonteCarlo:
    """Known truth: unbiasedness and Kish's design effect."""

    REPS = 4000

    def run(self, **kw):
        pop = two_way()
        sample = pop.sample_shares({"education": {"low": 0.5}, "stratum": {"s0": 2 + 3**0.5}})
        return simulate_surveys(
            pop,
            1500,
            replications=self.REPS,
            sample_shares=sample,
            weight_by=["education", "stratum"],
            seed=11,
            **kw,
        )

    def test_weighted_mean_is_true_proportion(self):
        sims = self.run()
        est = sims.weighted_percent[:, :, 0]
        mc_se = est.std(axis=0, ddof=1) / np.sqrt(self.REPS)
        bias = est.mean(axis=0) - sims.true_percent[:, 0]
        assert (np.abs(bias) < 4 * mc_se).all()

    def test_variance_matches_kish(self):
        # The answer does not vary within an education group, so the
        # variance of a group's weighted estimate is deff p (1 - p) / n_g
        # (Kish 1965).  Compare the Monte Carlo variance with it; the MC
        # relative SE of a variance is sqrt(2 / (R - 1)) ~ 2.2 %.
        sims = self.run()
        cols = sims.columns("education")
        est = sims.weighted_percent[:, cols, 0] / 100
        p = sims.true_percent[cols, 0] / 100
        kish = sims.expected_deff[cols] * p * (1 - p) / sims.expected_n[cols]
        ratio = est.var(axis=0, ddof=1) / kish
        np.testing.assert_allclose(ratio, 1.0, atol=4 * np.sqrt(2 / (self.REPS - 1)) + 0.01)
        # the stratum oversampling alone gives deff = 1.5 in every education group
        np.testing.assert_allclose(sims.expected_deff[cols], 1.5, rtol=1e-12)
        # realised weights use realised cell counts; E[1/n_h] > 1/E[n_h] (Jensen)
        # puts the mean realised deff above 1.5 by about the smallest cell's
        # 1/E[n_h] (1/45 for the under-represented group), never below it
        mean_deff = sims.deff[:, cols].mean(axis=0)
        assert (mean_deff > 1.5 - 0.005).all() and (mean_deff < 1.5 + 0.03).all()

    def test_weights_brute_force(self):
        # respondent-level loop for one survey: weights P_h / (n_h / n)
        pop = two_way()
        sample = pop.sample_shares({"stratum": {"s0": 3.0}})
        sims = simulate_surveys(
            pop, 300, replications=1, sample_shares=sample, weight_by=["stratum"], seed=5
        )
        cells = sims.n[0, 1:4]  # education sizes
        assert cells.sum() == 300
        # recompute the total's Kish deff from the stratum counts
        n_s = sims.n[0, 4:6]
        w = np.repeat(0.5 / (n_s / 300), n_s)
        assert sims.deff[0, 0] == pytest.approx(len(w) * (w**2).sum() / w.sum() ** 2)
