"""Tests of the correlation a gradient comparison uses, and of its error rates.

* :func:`migstats.gradient_correlation` (``_core/slope_covariance.py``) and
  the ``correlation`` argument of :func:`migstats.compare_gradient_results`;
* a Monte Carlo of the comparison "the education gradient is larger than the
  income gradient": simple random samples from a population whose education
  and income are correlated (a Gaussian copula, latent correlation 0.3--0.5)
  and whose binary answer has given education and income slope indices.
  Under H0 (equal |SII|) the default's rejection rate must stay at or below
  alpha + 2 Monte Carlo SE; its power is reported against rho = -1 and the
  oracle (the true correlation).

The table in docs/methods.md (section 4.9) is printed by::

    PYTHONPATH=src python tests/test_gradient_correlation.py --replications 2000
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from migstats import (
    LISS_2023,
    SlopeCorrelation,
    compare_gradient_results,
    gaussian_copula_shares,
    gradient_correlation,
    gradient_from_proportions,
    slope_correlation_range,
    slope_index,
    slope_index_covariance,
)

EDU = np.array([0.26, 0.35, 0.39])
INC = np.full(5, 0.2)
ALPHA = 0.05


# ---------------------------------------------------------------- the population


def _centred_ridits(w: np.ndarray) -> np.ndarray:
    return np.cumsum(w) - w / 2 - 0.5


def population(latent: float, sii_edu: float, sii_inc: float, level: float = 0.5):
    """Joint table and cross-cell answer shares with the given marginal SIIs.

    The answer share is additive in the two centred ridits, ``level + bE a_e
    + bI b_i``; the marginal SIIs are linear in (bE, bI), so the 2 x 2 system
    for the target SIIs is solved exactly.
    """
    joint = gaussian_copula_shares(EDU, INC, latent)
    a, b = _centred_ridits(EDU), _centred_ridits(INC)

    def margins(cell):
        return (joint * cell).sum(1) / EDU, (joint * cell).sum(0) / INC

    def siis(cell):  # share-weighted least-squares slopes on the centred ridits
        pe, pi = margins(cell)
        return (EDU * a) @ pe / (EDU * a**2).sum(), (INC * b) @ pi / (INC * b**2).sum()

    unit_e = np.repeat(a[:, None], 5, axis=1)
    unit_i = np.repeat(b[None, :], 3, axis=0)
    m = np.column_stack([siis(unit_e), siis(unit_i)])  # SIIs per unit coefficient
    be, bi = np.linalg.solve(m, [sii_edu, sii_inc])
    cell = level + be * unit_e + bi * unit_i
    assert ((cell > 0) & (cell < 1)).all()
    return joint, cell


def simulate(joint, cell, n, reps, seed):
    """Estimated group shares and sizes of ``reps`` simple random samples."""
    rng = np.random.default_rng(seed)
    probs = np.concatenate([(joint * cell).ravel(), (joint * (1 - cell)).ravel()])
    draws = rng.multinomial(n, probs, size=reps)
    yes = draws[:, :15].reshape(reps, 3, 5)
    total = yes + draws[:, 15:].reshape(reps, 3, 5)
    n_e, n_i = total.sum(axis=2), total.sum(axis=1)
    return yes.sum(axis=2) / n_e, n_e, yes.sum(axis=1) / n_i, n_i


def rejection_rates(latent, sii_edu, sii_inc, n, reps, seed):
    """Share of samples in which "education steeper than income" is supported.

    Per scenario: the default (``selected``), rho = 0, rho = -1 and the
    oracle (the true correlation of the two estimates, given as a number).
    """
    joint, cell = population(latent, sii_edu, sii_inc)
    oracle = slope_index_covariance(joint, cell, n).correlation
    p_e, n_e, p_i, n_i = simulate(joint, cell, n, reps, seed)
    ie, ii = slope_index(p_e, n_e, EDU), slope_index(p_i, n_i, INC)
    hits = {"selected": 0, "independent": 0, "worst_case": 0, "oracle": 0}
    for r in range(reps):
        a = slope_index(p_e[r], n_e[r], EDU)
        b = slope_index(p_i[r], n_i[r], INC)
        rho = gradient_correlation(EDU, INC, p_e[r], p_i[r])
        c = compare_gradient_results(a, b, correlation=rho, alternative="greater")
        for scen in ("selected", "independent", "worst_case"):
            hits[scen] += c.abs_pvalue[scen] < ALPHA
        o = compare_gradient_results(a, b, correlation=oracle, alternative="greater")
        hits["oracle"] += o.abs_pvalue["selected"] < ALPHA
    assert np.shape(ie.sii) == np.shape(ii.sii) == (reps,)
    return {k: v / reps for k, v in hits.items()}, oracle


def _mc_se(rate: float, reps: int) -> float:
    return float(np.sqrt(max(rate, ALPHA) * (1 - max(rate, ALPHA)) / reps))


# ---------------------------------------------------------------- gradient_correlation


class TestGradientCorrelation:
    def test_options_and_provenance(self):
        p_e, p_i = [0.47, 0.37, 0.21], [0.36, 0.38, 0.33, 0.29, 0.29]
        pqd = gradient_correlation(EDU, INC, p_e, p_i, tolerance=0.005)
        free = gradient_correlation(EDU, INC, p_e, p_i, correlation="margins", tolerance=0.005)
        ref = slope_correlation_range(EDU, INC, p_e, p_i, tolerance=0.005)
        assert (free.low, free.high) == pytest.approx((ref.low, ref.high))
        assert free.low < pqd.low < pqd.high <= free.high + 1e-9
        assert (pqd.provenance, pqd.assumption) == ("derived", "positive_quadrant")
        assert (free.provenance, free.assumption) == ("derived", "margins")
        ind = gradient_correlation(EDU, INC, p_e, p_i, correlation="independent")
        neg = gradient_correlation(EDU, INC, p_e, p_i, correlation="worst_case")
        assert (ind.low, ind.high, ind.provenance) == (0.0, 0.0, "assumed")
        assert (neg.low, neg.high, neg.assumption) == (-1.0, -1.0, "worst_case")
        given_ = gradient_correlation(EDU, INC, p_e, p_i, correlation=(-0.2, 0.5))
        assert (given_.low, given_.high, given_.assumption) == (-0.2, 0.5, "given")

    def test_published_joint_contains_the_truth(self):
        joint, cell = population(0.4, 0.15, 0.15)
        pe, pi = (joint * cell).sum(1) / EDU, (joint * cell).sum(0) / INC
        true = slope_index_covariance(joint, cell, 2000).correlation
        pub = gradient_correlation(EDU, INC, pe, pi, joint=joint)
        pqd = gradient_correlation(EDU, INC, pe, pi)
        assert pub.provenance == "published" and pub.assumption == "joint"
        # the known table narrows the range, and both contain the truth
        assert pqd.low - 1e-9 <= pub.low <= true <= pub.high <= pqd.high + 1e-9

    def test_tolerance_widened_and_recorded(self):
        # family_reunification (table 7.2): the two profiles' overall shares
        # differ by 1.24 points, more than whole-percent rounding allows
        p_e, p_i = [0.30, 0.40, 0.53], [0.40, 0.43, 0.47, 0.42, 0.46]
        edu = list(LISS_2023.shares["education"].values())
        inc = list(LISS_2023.shares["income"].values())
        gap = abs(np.dot(edu, p_e) - np.dot(inc, p_i)) / 2
        r = gradient_correlation(edu, inc, p_e, p_i, tolerance=0.005)
        assert r.tolerance >= gap > 0.005
        # and at that tolerance the range is the LP's
        ref = slope_correlation_range(
            edu, inc, p_e, p_i, tolerance=r.tolerance, dependence="positive_quadrant"
        )
        assert (r.low, r.high) == pytest.approx((ref.low, ref.high))

    def test_consistent_margins_need_no_widening(self):
        # profiles whose overall shares agree exactly: the smallest feasible
        # tolerance is 0 up to solver slack (a case that once failed by 1e-7)
        p_e = np.array([0.45, 0.5, 0.53])
        r = gradient_correlation(EDU, INC, p_e, [float(EDU @ p_e)] * 5)
        assert 0 <= r.tolerance < 1e-4 and -1 <= r.low <= r.high <= 1

    def test_least_favourable(self):
        r = SlopeCorrelation(-0.3, 0.8, "derived", "positive_quadrant")
        np.testing.assert_array_equal(r.least_favourable(np.array([1, 0, -1])), [-0.3, -0.3, 0.8])

    def test_bad_input(self):
        p_e, p_i = [0.4, 0.5, 0.6], [0.5] * 5
        for bad in (1.5, np.nan, (0.5, -0.5), "negative", (0.1, 0.2, 0.3), True):
            with pytest.raises(ValueError, match="correlation"):
                gradient_correlation(EDU, INC, p_e, p_i, correlation=bad)
        with pytest.raises(ValueError, match="joint"):
            gradient_correlation(
                EDU, INC, p_e, p_i, correlation="independent", joint=np.outer(EDU, INC)
            )
        with pytest.raises(ValueError, match="tolerance"):
            gradient_correlation(EDU, INC, p_e, p_i, tolerance=-0.1)
        with pytest.raises(ValueError, match="p1"):
            gradient_correlation(EDU, INC, [0.4, 0.5], p_i)

    @given(
        st.lists(st.floats(0.02, 0.98), min_size=3, max_size=3),
        st.lists(st.floats(0.02, 0.98), min_size=5, max_size=5),
        st.floats(0.0, 0.01),
    )
    @settings(deadline=None, max_examples=25)
    def test_properties(self, p_e, p_i, tol):
        pqd = gradient_correlation(EDU, INC, p_e, p_i, tolerance=tol)
        assert pqd.tolerance >= tol
        # nested at one tolerance (positive quadrant dependence may need a larger one)
        free = gradient_correlation(
            EDU, INC, p_e, p_i, correlation="margins", tolerance=pqd.tolerance
        )
        assert free.tolerance == pytest.approx(pqd.tolerance)
        assert -1 <= free.low <= pqd.low + 1e-7 <= pqd.high + 2e-7 <= free.high + 3e-7 <= 1 + 4e-7


# ---------------------------------------------------------------- the comparison


_SHARES = st.lists(st.floats(0.05, 1.0), min_size=2, max_size=5).map(
    lambda x: np.array(x) / np.sum(x)
)


@settings(max_examples=20, deadline=None)
@given(
    _SHARES,
    _SHARES,
    st.data(),
    st.sampled_from(["positive_quadrant", "margins"]),
    st.floats(0.0, 0.02),
)
def test_smallest_tolerance_without_its_programme(w1, w2, data, dependence, tolerance):
    """Where the independence table fits (``_fits_within``), the linear programme's smallest
    tolerance is ``|P1 - P2| / 2`` and below the tolerance given, so skipping it changes
    nothing: gradient_correlation equals the result with the programme always solved."""
    from migstats._core import slope_covariance as sc

    shares = st.one_of(st.floats(0.0, 1.0), st.sampled_from([0.0, 0.01, 0.5, 0.99, 1.0]))
    p1 = np.array(data.draw(st.lists(shares, min_size=len(w1), max_size=len(w1))))
    p2 = np.array(data.draw(st.lists(shares, min_size=len(w2), max_size=len(w2))))
    # overall shares close together (as two breakdowns of one survey): the case at hand
    shift = w1 @ p1 - w2 @ p2 + data.draw(st.floats(-0.01, 0.01))
    p2 = np.clip(p2 + shift, 0.0, 1.0)
    assume(all(((x > 0) & (x < 1)).any() for x in (p1, p2)))  # else no correlation at all
    dep = "none" if dependence == "margins" else dependence
    lp = sc._smallest_tolerance(w1, w2, p1, p2, dep, None)
    assert lp >= abs(w1 @ p1 - w2 @ p2) / 2 - 1e-7  # the bound every table obeys
    if sc._fits_within(w1, w2, p1, p2, tolerance):
        assert lp == pytest.approx(abs(w1 @ p1 - w2 @ p2) / 2, abs=1e-7)
        assert lp <= tolerance
    got = gradient_correlation(w1, w2, p1, p2, correlation=dependence, tolerance=tolerance)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sc, "_fits_within", lambda *a: False)
        want = gradient_correlation(w1, w2, p1, p2, correlation=dependence, tolerance=tolerance)
    assert (got.low, got.high, got.tolerance) == (want.low, want.high, want.tolerance)


@given(
    st.lists(st.floats(0.02, 0.98), min_size=3, max_size=3),
    st.lists(st.floats(0.02, 0.98), min_size=5, max_size=5),
    st.floats(-1, 1),
    st.floats(-1, 1),
)
def test_abs_difference_is_compare_gradient_results_selected(p_e, p_i, lo, hi):
    """The kernels' |a| - |b| statistic is compare_gradient_results' own, bit for bit."""
    from migstats._core import abs_difference

    a = slope_index(np.array([p_e, p_e[::-1]]), 2000, EDU)
    b = slope_index(np.array([p_i, p_i[::-1]]), 2000, INC)
    rho = SlopeCorrelation(min(lo, hi), max(lo, hi), "assumed", "given")
    c = compare_gradient_results(a, b, correlation=rho)
    est, se, used = abs_difference(a, b, rho)
    np.testing.assert_array_equal(est, c.abs_estimate)
    np.testing.assert_array_equal(se, c.abs_standard_error["selected"])
    np.testing.assert_array_equal(used, c.abs_correlation)
    # its interval alone is the comparison's selected absolute interval
    from migstats._core import abs_difference_ci

    for level in (0.9, 0.95):
        c = compare_gradient_results(a, b, correlation=rho, confidence_level=level)
        got = abs_difference_ci(est, se, level)
        want = c.confidence_interval("selected", scale="absolute")
        np.testing.assert_array_equal(got.low, want.low)
        np.testing.assert_array_equal(got.high, want.high)


class TestCompareWithCorrelation:
    def _pair(self):
        a = gradient_from_proportions([0.47, 0.37, 0.21], 2000, EDU)
        b = gradient_from_proportions([0.36, 0.38, 0.33, 0.29, 0.29], 2000, INC)
        return a, b

    def test_default_is_least_favourable_under_pqd(self):
        a, b = self._pair()
        c = compare_gradient_results(a, b)
        r = gradient_correlation(EDU, INC, a.p, b.p)
        sa, sb = a.inequality.sii_standard_error, b.inequality.sii_standard_error
        assert (c.correlation_low, c.correlation_high) == pytest.approx((r.low, r.high))
        assert c.standard_error["selected"] == pytest.approx(
            np.sqrt(sa**2 + sb**2 - 2 * r.low * sa * sb)
        )
        # same signs (both negative): the absolute scale also takes the low end
        assert c.abs_correlation == pytest.approx(r.low)
        # the selected variance is the largest over the range (brute force)
        grid = np.linspace(r.low, r.high, 201)
        assert (
            c.standard_error["selected"]
            >= np.sqrt(sa**2 + sb**2 - 2 * grid * sa * sb).max() - 1e-12
        )
        assert c.standard_error["independent"] < c.standard_error["selected"]
        assert c.standard_error["selected"] < c.standard_error["worst_case"]

    def test_opposite_signs_take_the_upper_end_on_the_absolute_scale(self):
        a = gradient_from_proportions([0.3, 0.4, 0.55], 2000, EDU)
        b = gradient_from_proportions([0.50, 0.47, 0.45, 0.43, 0.40], 2000, INC)
        c = compare_gradient_results(a, b)
        assert np.sign(a.sii) != np.sign(b.sii)
        assert c.abs_correlation == pytest.approx(c.correlation_high)
        sa, sb = a.inequality.sii_standard_error, b.inequality.sii_standard_error
        grid = np.linspace(c.correlation_low, c.correlation_high, 201)
        worst = np.sqrt(sa**2 + sb**2 + 2 * grid * sa * sb).max()
        assert c.abs_standard_error["selected"] == pytest.approx(worst)

    def test_published_joint_and_options(self):
        a, b = self._pair()
        joint = gaussian_copula_shares(EDU, INC, 0.4)
        c = compare_gradient_results(a, b, joint=joint)
        assert (c.provenance, c.assumption) == ("published", "joint")
        neg = compare_gradient_results(a, b, correlation="worst_case")
        assert neg.standard_error["selected"] == pytest.approx(neg.standard_error["worst_case"])
        assert neg.provenance == "assumed"

    def test_inequality_results_need_a_range_or_number(self):
        a, b = self._pair()
        with pytest.raises(ValueError, match="correlation"):
            compare_gradient_results(a.inequality, b.inequality, correlation="margins")
        with pytest.raises(ValueError, match="correlation"):
            compare_gradient_results(a.inequality, b, joint=np.outer(EDU, INC))
        r = gradient_correlation(EDU, INC, a.p, b.p)
        c = compare_gradient_results(a.inequality, b.inequality, correlation=r)
        assert c.standard_error["selected"] == pytest.approx(
            compare_gradient_results(a, b).standard_error["selected"]
        )


# ---------------------------------------------------------------- error rates


class TestErrorRates:
    def test_population_has_the_target_siis(self):
        joint, cell = population(0.4, 0.15, 0.15)
        pe, pi = (joint * cell).sum(1) / EDU, (joint * cell).sum(0) / INC
        assert slope_index(pe, 1000, EDU).sii == pytest.approx(0.15)
        assert slope_index(pi, 1000, INC).sii == pytest.approx(0.15)
        # the true correlation lies in the range the true margins allow
        true = slope_index_covariance(joint, cell, 1000).correlation
        r = gradient_correlation(EDU, INC, pe, pi)
        assert r.low <= true <= r.high and true > 0.2

    def test_type_one_error_fast(self):
        reps = 400
        rates, _ = rejection_rates(0.4, 0.15, 0.15, 2900, reps, seed=20261207)
        assert rates["selected"] <= ALPHA + 2 * _mc_se(ALPHA, reps)

    @pytest.mark.slow
    @pytest.mark.parametrize(("latent", "n"), [(0.3, 1500), (0.4, 2900), (0.5, 5480), (0.5, 1500)])
    def test_type_one_error_and_power_slow(self, latent, n):
        reps = 2000
        null, _ = rejection_rates(latent, 0.15, 0.15, n, reps, seed=1)
        for scen in ("selected", "worst_case"):
            assert null[scen] <= ALPHA + 2 * _mc_se(ALPHA, reps)
        alt, _ = rejection_rates(latent, 0.22, 0.12, n, reps, seed=2)
        # the least favourable rho under PQD is never below -1: at least the power of rho = -1
        assert alt["selected"] >= alt["worst_case"]


def _table(reps: int) -> None:  # pragma: no cover - prints the docs table
    print(
        "| latent r | n | true rho | H0: default | H0: rho=-1 | H0: oracle "
        "| power: default | power: rho=-1 | power: rho=0 | power: oracle |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for latent, n in [(0.3, 1500), (0.4, 2900), (0.5, 5480), (0.5, 1500)]:
        null, rho = rejection_rates(latent, 0.15, 0.15, n, reps, seed=1)
        alt, _ = rejection_rates(latent, 0.22, 0.12, n, reps, seed=2)
        print(
            f"| {latent} | {n:,} | {rho:.2f} | {null['selected']:.3f} | "
            f"{null['worst_case']:.3f} | {null['oracle']:.3f} | {alt['selected']:.3f} | "
            f"{alt['worst_case']:.3f} | {alt['independent']:.3f} | {alt['oracle']:.3f} |"
        )


if __name__ == "__main__":  # pragma: no cover
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=2000)
    _table(parser.parse_args().replications)


def test_an_audit_computes_each_correlation_range_once(monkeypatch):
    """Claims comparing the same two profiles (chapter 7 has three such pairs) share one
    range per audit: no two calls with the same margins, shares and tolerance."""
    import migstats
    import migstats._core as core

    calls = []
    original = core.gradient_correlation

    def counted(*args, **kwargs):
        calls.append(
            (
                tuple(np.concatenate([np.ravel(np.asarray(a, float)) for a in args]).tolist()),
                tuple(sorted((k, str(v)) for k, v in kwargs.items())),
            )
        )
        return original(*args, **kwargs)

    monkeypatch.setattr(core, "gradient_correlation", counted)
    migstats.audit()
    assert calls and len(set(calls)) == len(calls)
