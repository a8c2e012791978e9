"""Bad and extreme input to the core functions and ``deff_from_margin_of_error``.

Every case asserts :class:`migstats.MigstatsValueError` with a message that
starts with the argument's name; the valid-but-extreme cases assert a
correct answer and that no third-party warning reaches the caller.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import migstats as m
from migstats import MigstatsValueError


def _pop():
    return m.SurveyPopulation(
        [0.25, 0.35, 0.40], [0.5, 0.4, 0.3], dimensions=["education"], groups=[["lo", "mid", "hi"]]
    )


def _pop2():
    shares = np.outer([0.25, 0.35, 0.40], [0.5, 0.5])
    p = np.full((3, 2), 0.4)
    return m.SurveyPopulation(
        shares, p, dimensions=["education", "stratum"], groups=[["lo", "mid", "hi"], ["a", "b"]]
    )


def _sim(**kw):
    args = {"population": _pop(), "n": 100, "replications": 2, "seed": 1, **kw}
    population, n = args.pop("population"), args.pop("n")
    return m.simulate_surveys(population, n, **args)


dfm = m.deff_from_margin_of_error

# (id, call, argument name the message starts with, text the message must contain)
CASES = [
    # ---- deff_from_margin_of_error: margins no survey can produce
    ("moe-tiny", lambda: dfm(0.001, 1000), "moe_points", "min_deff = 0.25"),
    ("moe-1e-300", lambda: dfm(1e-300, 1000), "moe_points", "min_deff"),
    ("moe-subnormal", lambda: dfm(5e-324, 1000), "moe_points", "min_deff"),
    ("moe-tiny-str", lambda: dfm("0.01", 1000), "moe_points", "deff = 1.04e-05"),
    ("moe-below-min", lambda: dfm(1.0, 1000), "moe_points", "min_deff"),
    ("moe-own-min", lambda: dfm(3.1, 1000, min_deff=1.5), "moe_points", "min_deff = 1.5"),
    ("moe-population", lambda: dfm(1.2, 4000, population=5000), "moe_points", "population"),
    ("moe-n-above-pop", lambda: dfm(1.6, 6878, population=3000), "n", "population = 3000"),
    ("moe-pop-zero", lambda: dfm(1.6, 6878, population=0), "population", ">= 1"),
    ("moe-pop-nan", lambda: dfm(1.6, 6878, population=np.nan), "population", "finite"),
    ("moe-pop-text", lambda: dfm(1.6, 6878, population="9000"), "population", "number"),
    ("moe-pop-bool", lambda: dfm(1.6, 6878, population=True), "population", "number"),
    ("moe-min-zero", lambda: dfm(1.6, 6878, min_deff=0), "min_deff", "> 0"),
    ("moe-min-neg", lambda: dfm(1.6, 6878, min_deff=-1), "min_deff", "> 0"),
    ("moe-min-inf", lambda: dfm(1.6, 6878, min_deff=np.inf), "min_deff", "finite"),
    ("moe-min-text", lambda: dfm(1.6, 6878, min_deff="1"), "min_deff", "number"),
    # ---- deff_from_margin_of_error: contradictory or malformed
    ("moe-dec-contra", lambda: dfm(0.4, 1000, moe_decimals=0), "moe_decimals", "1 decimal"),
    ("moe-dec-contra2", lambda: dfm("3.25", 1000, moe_decimals=1), "moe_decimals", "2 decimal"),
    ("moe-dec-float", lambda: dfm(3.1, 1000, moe_decimals=1.0), "moe_decimals", "integer"),
    ("moe-dec-bool", lambda: dfm(3.1, 1000, moe_decimals=True), "moe_decimals", "integer"),
    ("moe-zero", lambda: dfm(0, 1000), "moe_points", "> 0"),
    ("moe-100", lambda: dfm(100, 1000), "moe_points", "< 100"),
    ("moe-neg", lambda: dfm(-2, 1000), "moe_points", "> 0"),
    ("moe-nan", lambda: dfm(np.nan, 1000), "moe_points", "> 0"),
    ("moe-inf", lambda: dfm(np.inf, 1000), "moe_points", "> 0"),
    ("moe-none", lambda: dfm(None, 1000), "moe_points", "margin"),
    ("moe-list", lambda: dfm([2, 3], 1000), "moe_points", "margin"),
    ("moe-n-float", lambda: dfm(3.1, 1000.5), "n", ""),
    ("moe-n-neg", lambda: dfm(3.1, -5), "n", ""),
    ("moe-p-one", lambda: dfm(3.1, 1000, p=1), "p", ""),
    ("moe-level-95", lambda: dfm(3.1, 1000, confidence_level=95), "confidence_level", ""),
    # ---- simulate_surveys
    ("sim-n-huge", lambda: _sim(n=10**20), "n", "2**53"),
    ("sim-n-text", lambda: _sim(n="100"), "n", "whole number"),
    ("sim-n-zero", lambda: _sim(n=0), "n", "whole number"),
    ("sim-n-float", lambda: _sim(n=10.5), "n", "whole number"),
    ("sim-n-bool", lambda: _sim(n=True), "n", "whole number"),
    ("sim-n-nan", lambda: _sim(n=np.nan), "n", "whole number"),
    ("sim-group-text", lambda: _sim(n={"education": ["10", "20", "30"]}), "n", "not text"),
    ("sim-group-one-text", lambda: _sim(n={"education": "10"}), "n", "not text"),
    ("sim-group-len", lambda: _sim(n={"education": [10, 20]}), "n", "3 group sizes"),
    ("sim-group-neg", lambda: _sim(n={"education": [10, -1, 5]}), "n", "whole sizes"),
    ("sim-group-frac", lambda: _sim(n={"education": [10, 1.5, 5]}), "n", "whole sizes"),
    ("sim-group-nan", lambda: _sim(n={"education": [10, np.nan, 5]}), "n", "whole sizes"),
    ("sim-group-bool", lambda: _sim(n={"education": [True, False, True]}), "n", "not text"),
    ("sim-group-dim", lambda: _sim(n={"income": [10, 20, 30]}), "n", "keyed by one of"),
    ("sim-group-two", lambda: _sim(n={"education": [1, 2, 3], "x": [1]}), "n", "exactly one"),
    ("sim-group-huge", lambda: _sim(n={"education": [2**53, 1, 1]}), "n", "at most"),
    ("sim-reps-huge", lambda: _sim(replications=10**12), "replications", "1e+08"),
    ("sim-reps-zero", lambda: _sim(replications=0), "replications", ">= 1"),
    ("sim-reps-text", lambda: _sim(replications="10"), "replications", "whole number"),
    ("sim-reps-frac", lambda: _sim(replications=2.5), "replications", "whole number"),
    ("sim-seed-neg", lambda: _sim(seed=-1), "seed", ">= 0"),
    ("sim-seed-text", lambda: _sim(seed="abc"), "seed", "whole number"),
    ("sim-seed-float", lambda: _sim(seed=1.5), "seed", "whole number"),
    ("sim-seed-float-whole", lambda: _sim(seed=2.0), "seed", "an int"),
    ("sim-seed-bool", lambda: _sim(seed=True), "seed", "whole number"),
    ("sim-seed-and-rng", lambda: _sim(rng=np.random.default_rng(1)), "seed", "None when rng"),
    ("sim-rng-int", lambda: _sim(seed=None, rng=5), "rng", "Generator"),
    ("sim-weight-str", lambda: _sim(weight_by="education"), "weight_by", "not a string"),
    ("sim-weight-unknown", lambda: _sim(weight_by=["income"]), "weight_by", "['education']"),
    ("sim-weight-repeat", lambda: _sim(weight_by=["education"] * 2), "weight_by", "repeats"),
    ("sim-weight-int", lambda: _sim(weight_by=5), "weight_by", "list"),
    ("sim-dims-str", lambda: _sim(dimensions="education"), "dimensions", "not a string"),
    ("sim-dims-unknown", lambda: _sim(dimensions=["income"]), "dimensions", "dimension names"),
    (
        "sim-zero-share-group",
        lambda: _sim(n={"education": [10, 20, 30]}, sample_shares=[0, 0.5, 0.5]),
        "sample_shares",
        "group 'lo'",
    ),
    (
        "sim-zero-share-weighting",
        lambda: _sim(sample_shares=[0, 0.5, 0.5], weight_by=["education"]),
        "sample_shares",
        "weighting cell",
    ),
    (
        "sim-zero-share-cell",
        lambda: _sim(
            population=_pop2(),
            sample_shares=np.array([[0, 0.25], [0.25, 0.25], [0.25, 0.0]]),
            weight_by=["education", "stratum"],
        ),
        "sample_shares",
        "weighting cell",
    ),
    ("sim-shares-sum", lambda: _sim(sample_shares=[0.2, 0.2, 0.2]), "sample_shares", "summing"),
    ("sim-shares-shape", lambda: _sim(sample_shares=[0.5, 0.5]), "sample_shares", "shape"),
    ("sim-decimals", lambda: _sim(decimals=-1), "decimals", ">= 0"),
    ("sim-decimals-text", lambda: _sim(decimals="1"), "decimals", "whole number"),
    ("sim-rounding", lambda: _sim(rounding="up_or_down"), "rounding", ""),
    ("sim-population", lambda: m.simulate_surveys("pop", 100), "population", "SurveyPopulation"),
    # ---- intervals
    ("mci-overflow", lambda: m.multinomial_ci([1e308] * 3), "counts", "finite total"),
    ("mean-overflow", lambda: m.mean_score_ci([1e308] * 3), "counts", "finite total"),
    ("mean-t-n-eff-1", lambda: m.mean_score_ci([1, 1], method="t", deff=2.0), "counts", "n_eff"),
    ("diff-mn-eff-1", lambda: m.diff_ci(1, 1, 0, 1, method="miettinen_nurminen", deff=2), "n1", ""),
]


@pytest.mark.parametrize(
    ("call", "name", "text"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_refused_with_the_argument_named(call, name, text):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no third-party warning before the refusal
        with pytest.raises(MigstatsValueError) as info:
            call()
    message = str(info.value)
    assert re.match(rf"{re.escape(name)} must", message), message
    assert text in message, message


def test_at_least_fifty_cases():
    assert len(CASES) >= 50


# valid but extreme input: a correct answer and no warning
def _no_warning(call):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return call()


class TestAnswers:
    def test_margin_within_bounds(self):
        # Pew: (1.6 / (100 * 1.959964 * sqrt(0.25 / 6878)))**2 = 1.833
        r = _no_warning(lambda: dfm(1.6, 6878, population=250_000_000))
        assert r.deff == pytest.approx(1.833, abs=1e-3)

    def test_min_deff_can_be_lowered(self):
        # 1.0 point at n = 1000: (1 / 3.0990)**2 = 0.1041
        r = _no_warning(lambda: dfm(1.0, 1000, min_deff=0.1))
        assert r.deff == pytest.approx((1.0 / (100 * 1.959963984540054 * 0.5 / 1000**0.5)) ** 2)

    def test_more_decimals_than_written(self):
        # "3" published as 3.0 (one decimal): rounding interval 2.95-3.05
        r = _no_warning(lambda: dfm(3, 1000, moe_decimals=1))
        assert (r.margin_low, r.margin_high) == pytest.approx((2.95, 3.05))

    def test_proportion_ci_empty(self):
        ci = _no_warning(lambda: m.proportion_ci([], []))
        assert ci.low.shape == (0,) and ci.high.shape == (0,)

    def test_diff_ci_empty(self):
        ci = _no_warning(lambda: m.diff_ci([], [], [], []))
        assert ci.low.shape == (0,)

    def test_multinomial_large_counts(self):
        # statsmodels warns on the way for these counts ([10**5] * 10 too, slowly)
        ci = _no_warning(lambda: m.multinomial_ci([10_000, 10_000]))
        assert np.all((ci.low < 0.5) & (ci.high > 0.5))

    def test_mean_score_large_counts(self):
        res = _no_warning(lambda: m.mean_score_ci([1e300] * 3))
        assert res.estimate == pytest.approx(2.0)

    def test_goodman_upper_bound(self):
        ci = _no_warning(
            lambda: m.multinomial_ci([0, 255], method="goodman", confidence_level=0.875)
        )
        assert ci.high.max() <= 1.0 and ci.low.min() >= 0.0

    def test_simulate_numpy_seed_and_sizes(self):
        sims = _no_warning(lambda: _sim(seed=np.int64(3), n={"education": np.array([10, 20, 30])}))
        assert sims.n[:, 1:].tolist() == [[10, 20, 30]] * 2

    def test_simulate_weight_by_tuple(self):
        sims = _no_warning(lambda: _sim(weight_by=("education",)))
        assert sims.weighted

    def test_simulate_zero_share_unweighted_group_is_nan(self):
        # a group never sampled has no respondents: NaN (documented), not an error
        sims = _no_warning(lambda: _sim(sample_shares=[0, 0.5, 0.5]))
        assert np.isnan(sims.percent[:, 1]).all() and (sims.n[:, 1] == 0).all()

    def test_slope_index_huge_deff(self):
        # log-scale RII limits exp(log_rii -+ z se) with se ~ 1e3: 0 and inf, no overflow warning
        res = _no_warning(lambda: m.slope_index([0.3, 0.5, 0.7], 3, [0.3, 0.4, 0.3], deff=1e6))
        # proportions rising with rank: the top above the bottom, RII > 1 whatever deff
        assert res.rii_ci.low == 0.0 and res.rii_ci.high == np.inf
        assert res.rii > 1.0


@given(st.floats(0.01, 30.0), st.integers(10, 10**6), st.floats(0.1, 3.0))
def test_margin_refused_exactly_below_min_deff(moe, n, min_deff):
    # independent: statsmodels' normal half-width at p = 0.5 for n respondents
    from statsmodels.stats.proportion import proportion_confint

    lo, hi = proportion_confint(0.5 * n, n, alpha=0.05, method="normal")
    implied = (moe / (100 * (hi - lo) / 2)) ** 2
    assume(abs(implied / min_deff - 1) > 1e-9)
    if implied < min_deff:
        with pytest.raises(MigstatsValueError, match=r"^moe_points must .*min_deff"):
            dfm(moe, n, min_deff=min_deff, moe_decimals=20)
    else:
        r = dfm(moe, n, min_deff=min_deff, moe_decimals=20)
        assert r.deff == pytest.approx(implied, rel=1e-9)


@pytest.mark.parametrize(
    "seed", [[1, 0, 1500, 0], (3, 2), np.array([4, 5]), np.random.SeedSequence(7)]
)
def test_simulate_accepts_seed_sequences(seed):
    a = _no_warning(lambda: _sim(seed=seed))
    b = m.simulate_surveys(_pop(), 100, replications=2, rng=np.random.default_rng(seed))
    assert np.array_equal(a.percent, b.percent, equal_nan=True)


@pytest.mark.parametrize("seed", [[], [1, -1], [1.5], ["a"], [True]])
def test_simulate_refuses_bad_seed_sequences(seed):
    with pytest.raises(MigstatsValueError, match=r"^seed must"):
        _sim(seed=seed)
