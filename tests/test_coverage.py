"""Monte Carlo checks of coverage, size and power (slow; run with ``-m slow``).

Binomial draws are vectorised; every interval function is called once per
setting on the whole array of simulated counts.  With 20,000 draws the
Monte Carlo standard error of a 95 % coverage is 0.15 points, so the
tolerance of 1.5 points is about ten standard errors wide: a failure means
a real miscalibration, not noise.
"""

from __future__ import annotations

import numpy as np
import pytest

from migstats import (
    LISS_2023,
    compare,
    diff_ci,
    multinomial_ci,
    power_difference,
    proportion_ci,
)

pytestmark = pytest.mark.slow

DRAWS = 20_000
LEVEL = 0.95
TOLERANCE = 0.015  # absolute, in coverage units (1.5 points)
# The chapter's group sizes: the smallest group (an income quintile at the
# low end of the plausible n range) and the middle education group at the
# central n of the LISS_2023 design.
SIZES = (
    int(LISS_2023.group_sizes("income", LISS_2023.n_range[0]).min()),
    int(LISS_2023.group_sizes("education").iloc[1]),
)
PROPORTIONS = (0.05, 0.3, 0.5)
# Clopper-Pearson covers at least the nominal level; how much more depends
# on n and p (its exact local average coverage at n = 300, p = 0.05 is about
# 96.4 %, by the binomial sum of the test below).
CONSERVATIVE_SLACK = 0.025
P_WINDOW = 0.01  # half-width of the window of true p for local average coverage
MC_SE_BOUND = 5  # Monte Carlo standard errors allowed between simulation and exact sum


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("p", PROPORTIONS)
@pytest.mark.parametrize("method", ["wilson", "jeffreys", "clopper_pearson"])
def test_proportion_coverage(n, p, method):
    # Coverage at one fixed p oscillates with p (Brown, Cai & DasGupta 2001,
    # Statistical Science 16, 101-133: Jeffreys at n = 300, p = 0.05 covers
    # 93.7 %), so the calibration target is the local average coverage: p is
    # drawn uniformly from p +- P_WINDOW for every simulated survey.
    rng = np.random.default_rng([n, int(p * 100), 1])
    p_true = rng.uniform(p - P_WINDOW, p + P_WINDOW, size=DRAWS)
    k = rng.binomial(n, p_true).astype(float)
    low, high = proportion_ci(k, n, method=method, confidence_level=LEVEL)
    coverage = np.mean((low <= p_true) & (p_true <= high))
    if method == "clopper_pearson":  # guaranteed conservative (up to MC error)
        assert LEVEL - 0.005 < coverage < LEVEL + CONSERVATIVE_SLACK
    else:
        assert abs(coverage - LEVEL) < TOLERANCE


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("p", PROPORTIONS)
@pytest.mark.parametrize("method", ["wilson", "jeffreys", "clopper_pearson"])
def test_proportion_coverage_at_fixed_p_matches_exact_sum(n, p, method):
    # Identity: the Monte Carlo coverage at a fixed p estimates the exact
    # coverage sum_k P(K = k) [p in CI(k)], computed from scipy's binomial pmf.
    from scipy.stats import binom

    rng = np.random.default_rng([n, int(p * 100), 2])
    k = rng.binomial(n, p, size=DRAWS).astype(float)
    low, high = proportion_ci(k, n, method=method, confidence_level=LEVEL)
    simulated = np.mean((low <= p) & (p <= high))
    grid = np.arange(n + 1, dtype=float)
    g_low, g_high = proportion_ci(grid, n, method=method, confidence_level=LEVEL)
    exact = binom.pmf(grid, n, p)[(g_low <= p) & (p <= g_high)].sum()
    se = np.sqrt(exact * (1 - exact) / DRAWS)
    assert abs(simulated - exact) < MC_SE_BOUND * se


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("p", PROPORTIONS)
def test_design_effect_coverage(n, p):
    # Cluster sampling with intra-cluster correlation: beta-binomial clusters
    # of size m = 5 and rho = 0.1 give deff = 1 + (m - 1) rho = 1.4.
    rng = np.random.default_rng([n, int(p * 100), 2])
    m, rho = 5, 0.1
    a = p * (1 - rho) / rho
    b = (1 - p) * (1 - rho) / rho
    clusters = n // m
    pc = rng.beta(a, b, size=(DRAWS, clusters))
    k = rng.binomial(m, pc).sum(axis=1).astype(float)
    deff = 1 + (m - 1) * rho
    low, high = proportion_ci(k, clusters * m, deff=deff)
    coverage = np.mean((low <= p) & (p <= high))
    assert abs(coverage - LEVEL) < TOLERANCE
    naive_low, naive_high = proportion_ci(k, clusters * m)
    assert np.mean((naive_low <= p) & (p <= naive_high)) < coverage


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("p", PROPORTIONS)
@pytest.mark.parametrize("method", ["newcombe", "miettinen_nurminen", "agresti_caffo"])
def test_difference_coverage(n, p, method):
    rng = np.random.default_rng([n, int(p * 100), 3])
    p2 = min(p + 0.05, 0.95)
    n2 = int(n * 0.8)
    k1 = rng.binomial(n, p, size=DRAWS).astype(float)
    k2 = rng.binomial(n2, p2, size=DRAWS).astype(float)
    low, high = diff_ci(k1, n, k2, n2, method=method, confidence_level=LEVEL)
    d = p - p2
    coverage = np.mean((low <= d) & (d <= high))
    assert abs(coverage - LEVEL) < TOLERANCE


@pytest.mark.parametrize("method", ["score", "mee", "wald"])
@pytest.mark.parametrize("p", PROPORTIONS)
def test_size_of_tests(method, p):
    rng = np.random.default_rng([int(p * 100), 4])
    n1, n2 = 500, 700
    k1 = rng.binomial(n1, p, size=DRAWS).astype(float)
    k2 = rng.binomial(n2, p, size=DRAWS).astype(float)
    res = compare(k1, n1, k2, n2, method=method)
    size = np.mean(res.pvalue < 0.05)
    assert abs(size - 0.05) < 0.01


def test_power_formula_matches_simulation():
    rng = np.random.default_rng(5)
    n, p1, p2 = 300, 0.3, 0.4
    k1 = rng.binomial(n, p1, size=DRAWS).astype(float)
    k2 = rng.binomial(n, p2, size=DRAWS).astype(float)
    simulated = np.mean(compare(k1, n, k2, n, method="mee").pvalue < 0.05)
    assert abs(simulated - power_difference(p1, p2, n)) < 0.02


def test_goodman_simultaneous_coverage():
    # Simultaneous coverage of all 7 categories (Goodman is conservative).
    # Sison-Glaz is checked against R's MultinomialCI in test_intervals.py;
    # statsmodels' implementation (~0.2 s per call) is too slow to simulate.
    rng = np.random.default_rng(6)
    probs = np.array([0.1, 0.15, 0.2, 0.12, 0.13, 0.18, 0.12])
    draws = 2000
    hits = 0
    for counts in rng.multinomial(300, probs, size=draws):
        low, high = multinomial_ci(counts, method="goodman")
        hits += bool(np.all((low <= probs) & (probs <= high)))
    assert hits / draws > LEVEL - 0.01
