"""Tests of migstats._core.feasible: the set of count vectors rounded percentages allow.

Every expected value comes from an independent computation: brute-force
enumeration of all count vectors (itertools.product over the counts each
category can take, those found with Python's ``decimal`` module), an
inclusion-exclusion formula for the number of bounded compositions, exact
fractions, or a chi-square goodness-of-fit test against the enumerated set.
"""

from __future__ import annotations

import decimal
import itertools
import math
from collections import Counter
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from migstats import (
    REMAINDER_LABEL,
    ROUNDING_RULES,
    FeasibleCounts,
    InfeasibleError,
    MigstatsValueError,
    count_range,
    feasible_counts,
)
from migstats.strategies import rounded_distributions

# ---------------------------------------------------------------------------
# independent reference
# ---------------------------------------------------------------------------

_HALF = {"half_up": decimal.ROUND_HALF_UP, "half_down": decimal.ROUND_HALF_DOWN}
_MODES = {
    "half_even": decimal.ROUND_HALF_EVEN,
    "floor": decimal.ROUND_FLOOR,
    "ceiling": decimal.ROUND_CEILING,
    "truncate": decimal.ROUND_DOWN,
    **_HALF,
}


def ref_publishable(c: int, n: int, d: int, rule: str) -> set[str]:
    """Strings (d decimals) that 100 c / n can be printed as, via the decimal module.

    Values are >= 0 here, so half_up / half_down are ROUND_HALF_UP / DOWN.
    """
    rules = ("half_up", "half_down") if rule == "up_or_down" else (rule,)
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        x = decimal.Decimal(100 * c) / decimal.Decimal(n)
        quantum = decimal.Decimal(1).scaleb(-d)
        return {str(x.quantize(quantum, rounding=_MODES[r])) for r in rules}


def enumerate_set(reported, n, rule="up_or_down", remainder=False):
    """All count vectors, by brute force over each category's possible counts."""
    options = []
    for p in reported:
        d = len(p.split(".")[1]) if "." in p else 0
        options.append([c for c in range(n + 1) if p in ref_publishable(c, n, d, rule)])
    out = []
    for combo in itertools.product(*options):
        rest = n - sum(combo)
        if remainder and rest >= 0:
            out.append((*combo, rest))
        elif not remainder and rest == 0:
            out.append(combo)
    return out


def inclusion_exclusion(lo, hi, n):
    """Number of integer c with sum c = n and lo <= c <= hi (Python ints).

    Coefficient of z^s in prod (1 - z^(w_i + 1)) / (1 - z): inclusion-exclusion
    over the upper bounds (Stanley, Enumerative Combinatorics I, 1.9).
    """
    lo = [int(v) for v in lo]
    hi = [int(v) for v in hi]
    if any(a > b for a, b in zip(lo, hi, strict=True)):
        return 0
    s = n - sum(lo)
    w = [b - a for a, b in zip(lo, hi, strict=True)]
    k = len(w)
    if s < 0:
        return 0
    total = 0
    for r in range(k + 1):
        for sub in itertools.combinations(range(k), r):
            rest = s - sum(w[i] + 1 for i in sub)
            if rest >= 0:
                total += (-1) ** r * math.comb(rest + k - 1, k - 1)
    return total


small_cases = st.builds(
    lambda n, pcts, rule, rem: (n, [str(p) for p in pcts], rule, rem),
    st.integers(1, 30),
    st.lists(st.integers(0, 100), min_size=1, max_size=3),
    st.sampled_from(ROUNDING_RULES),
    st.booleans(),
)
small_true = st.builds(
    lambda dist, rule: (dist.n, list(dist.reported), rule, dist.remainder),
    st.one_of(
        rounded_distributions(n=st.integers(1, 40), k=st.integers(1, 3), remainder=True),
        rounded_distributions(n=st.integers(1, 40), k=st.integers(1, 4)),
    ),
    st.just("up_or_down"),
)
small_true_rules = st.sampled_from(ROUNDING_RULES).flatmap(
    lambda rule: st.builds(
        lambda dist: (dist.n, list(dist.reported), rule, dist.remainder),
        rounded_distributions(
            n=st.integers(1, 40), k=st.integers(1, 3), rounding=rule, remainder=True
        )
        | rounded_distributions(n=st.integers(1, 40), k=st.integers(1, 4), rounding=rule),
    )
)


# ---------------------------------------------------------------------------
# count
# ---------------------------------------------------------------------------


class TestCount:
    @given(case=st.one_of(small_cases, small_true_rules))
    def test_equals_brute_force(self, case):
        n, reported, rule, rem = case
        fc = feasible_counts(reported, n, rounding=rule, remainder=rem)
        members = enumerate_set(reported, n, rule, rem)
        assert fc.count() == len(members)
        assert fc.consistent == (len(members) > 0)
        assert isinstance(fc.count(), int)

    @given(
        dist=rounded_distributions(
            n=st.integers(100, 20000), k=st.integers(1, 7), decimals=st.integers(0, 1)
        )
        | rounded_distributions(n=st.integers(100, 20000), k=st.integers(1, 5), remainder=True)
    )
    def test_equals_inclusion_exclusion(self, dist):
        fc = feasible_counts(dist.reported, dist.n, remainder=dist.remainder)
        lo, hi = count_range(np.array(dist.reported, dtype=object), dist.n)
        lo, hi = list(lo), list(hi)
        if dist.remainder:
            lo, hi = [*lo, 0], [*hi, dist.n]
        assert fc.count() == inclusion_exclusion(lo, hi, dist.n)

    def test_large_exact(self):
        # k = 10, n = 100,000: the count exceeds 2**64; compare exactly
        p = ["2", "2", "4", "6", "15", "10", "11", "14", "8", "28"]
        n = 100_000
        fc = feasible_counts(p, n)
        lo, hi = count_range(np.array(p, dtype=object), n)
        expected = inclusion_exclusion(lo, hi, n)
        assert expected > 2**64
        assert fc.count() == expected

    @given(dist=rounded_distributions(n=st.integers(1, 300), k=st.integers(1, 4)))
    def test_remainder_never_smaller(self, dist):
        # every exhaustive vector, with a remainder of 0, is in the remainder set
        without = feasible_counts(dist.reported, dist.n).count()
        with_rest = feasible_counts(dist.reported, dist.n, remainder=True).count()
        assert with_rest >= without >= 1


class TestRoundTrip:
    @given(
        dist=st.sampled_from(ROUNDING_RULES).flatmap(
            lambda rule: (
                rounded_distributions(
                    n=st.integers(1, 5000),
                    k=st.integers(1, 8),
                    decimals=st.integers(0, 2),
                    rounding=rule,
                    remainder=False,
                )
                | rounded_distributions(
                    n=st.integers(1, 5000),
                    k=st.integers(1, 8),
                    decimals=st.integers(0, 2),
                    rounding=rule,
                    remainder=True,
                )
            )
        )
    )
    def test_true_counts_are_members(self, dist):
        fc = feasible_counts(
            dist.reported, dist.n, rounding=dist.rounding, remainder=dist.remainder
        )
        assert fc.consistent and fc.reason is None
        assert fc.contains(dist.counts)
        assert (fc.low <= dist.counts).all() and (dist.counts <= fc.high).all()

    @given(dist=rounded_distributions(n=st.integers(1, 3000), k=st.integers(1, 6)))
    def test_numeric_percents_with_decimals(self, dist):
        a = feasible_counts(dist.reported, dist.n)
        b = feasible_counts(dist.percents, dist.n, decimals=dist.decimals)
        assert a.count() == b.count()
        assert a.low.tolist() == b.low.tolist() and a.high.tolist() == b.high.tolist()


# ---------------------------------------------------------------------------
# extremes
# ---------------------------------------------------------------------------


class TestBounds:
    @given(
        case=small_true,
        weights=st.lists(st.integers(-5, 10), min_size=5, max_size=5),
    )
    def test_equal_brute_force_and_attained(self, case, weights):
        n, reported, rule, rem = case
        fc = feasible_counts(reported, n, rounding=rule, remainder=rem)
        members = enumerate_set(reported, n, rule, rem)
        w = weights[: fc.k]
        values = [Fraction(sum(a * b for a, b in zip(w, c, strict=True)), n) for c in members]
        lo, hi = fc.bounds(w)
        assert lo == pytest.approx(float(min(values)), rel=1e-12, abs=1e-12)
        assert hi == pytest.approx(float(max(values)), rel=1e-12, abs=1e-12)
        c_lo, c_hi = fc.extreme_counts(w)
        assert tuple(c_lo) in set(members) and tuple(c_hi) in set(members)
        assert Fraction(int(np.dot(w, c_lo)), n) == min(values)
        assert Fraction(int(np.dot(w, c_hi)), n) == max(values)

    @given(case=small_true)
    def test_percent_bounds_brute_force(self, case):
        n, reported, rule, rem = case
        fc = feasible_counts(reported, n, rounding=rule, remainder=rem)
        members = np.array(enumerate_set(reported, n, rule, rem))
        assert fc.low.tolist() == members.min(axis=0).tolist()
        assert fc.high.tolist() == members.max(axis=0).tolist()
        pb = fc.percent_bounds()
        np.testing.assert_allclose(pb.low, 100 * members.min(axis=0) / n, rtol=1e-14)
        np.testing.assert_allclose(pb.high, 100 * members.max(axis=0) / n, rtol=1e-14)

    @given(
        dist=rounded_distributions(n=st.integers(50, 5000), k=st.integers(2, 8)),
        data=st.data(),
    )
    def test_shift_and_scale_identities(self, dist, data):
        fc = feasible_counts(dist.reported, dist.n)
        w = np.array(data.draw(st.lists(st.integers(-10, 10), min_size=fc.k, max_size=fc.k)))
        a = data.draw(st.integers(-5, 5))
        b = data.draw(st.integers(1, 5))
        lo, hi = fc.bounds(w)
        # sum c = n, so adding a to every weight adds a; scaling scales
        assert fc.bounds(w + a) == pytest.approx((lo + a, hi + a), abs=1e-9)
        assert fc.bounds(b * w) == pytest.approx((b * lo, b * hi), abs=1e-9)
        assert fc.bounds(-w) == pytest.approx((-hi, -lo), abs=1e-9)
        assert lo <= np.dot(w, dist.counts) / dist.n + 1e-12 <= hi + 2e-12

    def test_mean_score_of_ten_point_item(self):
        # the whole set (8953 vectors) enumerated by brute force
        p = ["2", "2", "4", "6", "15", "10", "11", "14", "8", "28"]
        n = 200
        members = np.array(enumerate_set(p, n))
        means = members @ np.arange(1, 11) / n
        lo, hi = feasible_counts(p, n).bounds(np.arange(1, 11))
        assert (lo, hi) == pytest.approx((means.min(), means.max()), rel=1e-13)
        assert len(members) == feasible_counts(p, n).count()


class TestClosest:
    @given(case=small_true)
    def test_minimises_squared_distance(self, case):
        n, reported, rule, rem = case
        fc = feasible_counts(reported, n, rounding=rule, remainder=rem)
        members = enumerate_set(reported, n, rule, rem)
        target = [Fraction(p) * n / 100 for p in reported]
        if rem:
            target.append(n - sum(target))

        def dist2(c):
            return sum((ci - t) ** 2 for ci, t in zip(c, target, strict=True))

        best = min(dist2(c) for c in members)
        got = fc.closest()
        assert tuple(got) in set(members)
        assert dist2(got) == best
        # ties go to earlier categories: got is the lexicographically largest optimum
        optima = [c for c in members if dist2(c) == best]
        assert tuple(got) == max(optima)

    @given(
        dist=rounded_distributions(n=st.integers(1, 3000), k=st.integers(1, 6), decimals=1)
        | rounded_distributions(n=st.integers(1, 3000), k=st.integers(1, 4), remainder=True)
    )
    def test_equals_explicit_greedy(self, dist):
        # reference: list every unit above the lower bounds with its exact
        # marginal cost (Fractions), sort by (cost, category) and take the s
        # cheapest: the greedy allocation written out unit by unit
        fc = feasible_counts(dist.reported, dist.n, remainder=dist.remainder)
        target = [Fraction(p) * dist.n / 100 for p in dist.reported]
        if dist.remainder:
            target.append(dist.n - sum(target))
        units = [
            (2 * (v - target[i]) - 1, i)
            for i in range(fc.k)
            for v in range(int(fc.low[i]) + 1, int(fc.high[i]) + 1)
        ]
        units.sort()
        expected = [int(v) for v in fc.low]
        for _, i in units[: dist.n - sum(expected)]:
            expected[i] += 1
        assert fc.closest().tolist() == expected

    def test_largest_remainder_when_bounds_do_not_bind(self):
        # 33.4% / 33.3% / 33.3% of 1000 -> 334, 333, 333 exactly
        assert feasible_counts(["33.4", "33.3", "33.3"], 1000).closest().tolist() == [
            334,
            333,
            333,
        ]


# ---------------------------------------------------------------------------
# distributions
# ---------------------------------------------------------------------------


class TestMarginals:
    @given(case=small_true)
    def test_equal_enumeration(self, case):
        n, reported, rule, rem = case
        fc = feasible_counts(reported, n, rounding=rule, remainder=rem)
        members = enumerate_set(reported, n, rule, rem)
        m = fc.marginals()
        assert list(m.columns) == ["category", "count", "percent", "n_vectors", "probability"]
        for j, label in enumerate(fc.labels):
            tally = Counter(c[j] for c in members)
            sub = m[m.category == label]
            assert dict(zip(sub["count"].tolist(), sub["n_vectors"].tolist(), strict=True)) == {
                c: tally.get(c, 0) for c in sub["count"].tolist()
            }
            assert set(tally) <= set(sub["count"].tolist())
            assert sub["probability"].sum() == pytest.approx(1.0, abs=1e-12)

    def test_exact_for_large_counts(self):
        p = ["2", "2", "4", "6", "15", "10", "11", "14", "8", "28"]
        fc = feasible_counts(p, 20_000)
        m = fc.marginals()
        total = fc.count()
        sums = m.groupby("category", sort=False)["n_vectors"].sum()
        assert all(int(v) == total for v in sums)


class TestSample:
    @given(case=small_true, seed=st.integers(0, 2**32 - 1))
    def test_every_draw_is_a_member(self, case, seed):
        n, reported, rule, rem = case
        fc = feasible_counts(reported, n, rounding=rule, remainder=rem)
        members = set(enumerate_set(reported, n, rule, rem))
        draws = fc.sample(50, rng=seed)
        assert draws.shape == (50, fc.k) and draws.dtype == np.int64
        assert all(tuple(r) in members for r in draws.tolist())

    @pytest.mark.parametrize(
        ("reported", "n", "remainder"),
        [
            (["10", "20", "30", "40"], 600, False),  # 231 members
            (["2", "5", "93"], 1300, False),  # 127
            (["52", "21"], 450, True),  # agree/disagree with unpublished rest: 20
            (["7", "0", "90"], 400, True),  # skewed: 75
            (["3", "97"], 3100, False),  # 31
            (["1", "4", "95"], 2000, False),  # 331
        ],
    )
    def test_uniform_chi_square(self, reported, n, remainder):
        fc = feasible_counts(reported, n, remainder=remainder)
        members = enumerate_set(reported, n, remainder=remainder)
        assert 5 <= len(members) <= 400
        size = 80 * len(members)
        draws = fc.sample(size, rng=20240917)
        index = {c: i for i, c in enumerate(members)}
        observed = np.bincount([index[tuple(r)] for r in draws.tolist()], minlength=len(members))
        p = stats.chisquare(observed).pvalue
        assert p > 1e-3, p

    def test_marginals_of_large_set(self):
        # n = 5000: thousands of members per category value; empirical marginals
        # of 40,000 draws must match the exact marginals (chi-square per category)
        fc = feasible_counts(["12", "37", "8"], 5000, remainder=True)
        exact = fc.marginals()
        draws = fc.sample(40_000, rng=7)
        for j, label in enumerate(fc.labels):
            sub = exact[exact.category == label]
            obs = np.array([np.count_nonzero(draws[:, j] == c) for c in sub["count"]])
            expected = sub["probability"].to_numpy() * len(draws)
            keep = expected >= 5
            f_obs = np.append(obs[keep], obs[~keep].sum())
            f_exp = np.append(expected[keep], expected[~keep].sum())
            if f_exp[-1] == 0:
                f_obs, f_exp = f_obs[:-1], f_exp[:-1]
            f_exp = f_exp * f_obs.sum() / f_exp.sum()
            assert stats.chisquare(f_obs, f_exp).pvalue > 1e-3, label

    def test_reproducible_with_seed_and_generator(self):
        fc = feasible_counts(["52", "21"], 1000, remainder=True)
        a = fc.sample(20, rng=3)
        b = fc.sample(20, rng=np.random.default_rng(3))
        assert (a == b).all()

    def test_single_member(self):
        fc = feasible_counts(["52", "21"], 100, remainder=True)
        assert fc.sample(3, rng=0).tolist() == [[52, 21, 27]] * 3


# ---------------------------------------------------------------------------
# invariance, inconsistency, input
# ---------------------------------------------------------------------------


class TestReordering:
    @given(
        dist=rounded_distributions(n=st.integers(1, 400), k=st.integers(2, 6))
        | rounded_distributions(n=st.integers(1, 400), k=st.integers(1, 4), remainder=True),
        data=st.data(),
    )
    def test_invariant_under_permutation(self, dist, data):
        k = len(dist.reported)
        perm = data.draw(st.permutations(range(k)))
        labels = [f"c{i}" for i in range(k)]
        a = feasible_counts(dist.reported, dist.n, remainder=dist.remainder, labels=labels)
        b = feasible_counts(
            [dist.reported[i] for i in perm],
            dist.n,
            remainder=dist.remainder,
            labels=[labels[i] for i in perm],
        )
        full = [*perm, k] if dist.remainder else list(perm)
        assert a.count() == b.count()
        assert a.low[full].tolist() == b.low.tolist()
        assert a.high[full].tolist() == b.high.tolist()
        w = np.arange(1, a.k + 1)
        assert a.bounds(w) == pytest.approx(b.bounds(w[full]), abs=1e-12)
        ma = a.marginals().set_index(["category", "count"])["n_vectors"]
        mb = b.marginals().set_index(["category", "count"])["n_vectors"]
        assert ma.sort_index().tolist() == mb.sort_index().tolist()


class TestInconsistent:
    def test_grim_failure(self):
        fc = feasible_counts(["52", "21"], 7, remainder=True)
        assert not fc.consistent and fc.count() == 0
        assert "GRIM" in fc.reason and "'0' (52)" in fc.reason
        assert fc.grim_consistent == (False, False, True)
        for call in (
            lambda: fc.bounds([1, 0, 0]),
            lambda: fc.sample(1),
            fc.closest,
            fc.marginals,
            fc.percent_bounds,
        ):
            with pytest.raises(InfeasibleError, match="no count vector"):
                call()
        assert not fc.contains([4, 1, 2])
        assert len(fc.to_frame()) == 3

    def test_sum_too_small(self):
        # three 33% categories of 100 people: at most 33 each
        fc = feasible_counts(["33", "33", "33"], 100)
        assert not fc.consistent and "99 < n = 100" in fc.reason
        assert feasible_counts(["33", "33", "33"], 100, remainder=True).count() == 1

    def test_sum_too_large(self):
        fc = feasible_counts(["60", "60"], 100, remainder=True)
        assert not fc.consistent and "> n = 100" in fc.reason
        assert isinstance(fc, FeasibleCounts)


class TestInputAndOutput:
    def test_series_labels_and_frame(self):
        s = pd.Series(["52", "21"], index=["agree", "disagree"])
        fc = feasible_counts(s, 1000, remainder=True)
        assert fc.labels == ("agree", "disagree", REMAINDER_LABEL)
        df = fc.to_frame()
        assert list(df.columns) == [
            "category",
            "reported",
            "low",
            "high",
            "percent_low",
            "percent_high",
            "grim_consistent",
        ]
        assert df["category"].tolist() == ["agree", "disagree", "remainder"]
        assert fc.to_dict()["low"] == [515, 205, 260]

    @pytest.mark.parametrize(
        ("args", "kwargs", "arg"),
        [
            ((["52", "48"], 0), {}, "n"),
            ((["52", "48"], -5), {}, "n"),
            ((["52", "48"], 2.5), {}, "n"),
            ((["52", "48"], [10, 20]), {}, "n"),
            ((["52", "101"], 10), {}, "percents"),
            (([52.0, np.nan], 10), {"decimals": 0}, "percents"),
            (([52.0, -1.0], 10), {"decimals": 0}, "percents"),
            (([52.0, 48.0], 10), {}, "decimals"),
            (([52.5, 47.5], 10), {"decimals": 0}, "percents"),
            ((["52", "48"], 10), {"labels": ["a"]}, "labels"),
            ((["52", "48"], 10), {"labels": ["a", "a"]}, "labels"),
            ((["52", "48"], 10), {"labels": ["a", "remainder"], "remainder": True}, "labels"),
            ((["52", "48"], 10), {"rounding": "half-up"}, "rounding"),
            ((["52", "48"], 10), {"remainder": "yes"}, "remainder"),
            (([["52"], ["48"]], 10), {}, "percents"),
            (("52", 10), {}, "percents"),
        ],
    )
    def test_bad_input(self, args, kwargs, arg):
        with pytest.raises(MigstatsValueError, match=arg):
            feasible_counts(*args, **kwargs)

    def test_bad_method_arguments(self):
        fc = feasible_counts(["52", "21"], 1000, remainder=True)
        with pytest.raises(MigstatsValueError, match="weights"):
            fc.bounds([1, 2])
        with pytest.raises(MigstatsValueError, match="weights"):
            fc.bounds([1, np.nan, 0])
        with pytest.raises(MigstatsValueError, match="size"):
            fc.sample(0)
        with pytest.raises(MigstatsValueError, match="counts"):
            fc.contains([1, 2])
        with pytest.raises(MigstatsValueError, match="counts"):
            fc.contains([515.5, 205, 279.5])


# ---------------------------------------------------------------------------
# any n: the n-free routines against the dynamic programme and brute force
# ---------------------------------------------------------------------------


def dp_count(fc: FeasibleCounts) -> int:
    """Size of the set by the dynamic programme over partial sums (widths ~ n)."""
    from migstats._core.compositions import _forward_layers

    widths = (fc.high - fc.low).astype(np.int64)
    slack = fc.n - int(fc.low.sum())
    F, start = _forward_layers(widths, slack)[-1]
    return int(F[0]) if len(F) == 1 and start == slack else 0


def whole_percents(n: int, k: int, seed: int) -> list[str]:
    """Whole-number percentages of a multinomial draw, rounded half up exactly."""
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(n, rng.dirichlet(np.full(k, 3.0)))
    return [str(100 * int(c) // n + (200 * int(c) % (2 * n) >= n)) for c in counts]


@pytest.fixture(params=["rejection", "sequential"])
def method(request, monkeypatch):
    """Force one sampling method (the acceptance threshold decides between them)."""
    import migstats._core.composition_sampling as mod

    monkeypatch.setattr(
        mod, "REJECTION_MIN_ACCEPTANCE", 0.0 if request.param == "rejection" else 2.0
    )
    return request.param


class TestAnyN:
    @given(
        dist=rounded_distributions(
            n=st.integers(1, 5000), k=st.integers(1, 7), decimals=st.integers(0, 1)
        )
        | rounded_distributions(n=st.integers(1, 5000), k=st.integers(1, 5), remainder=True),
        rule=st.sampled_from(ROUNDING_RULES),
    )
    def test_count_equals_dynamic_programme(self, dist, rule):
        fc = feasible_counts(dist.reported, dist.n, rounding=rule, remainder=dist.remainder)
        assert fc.count() == (dp_count(fc) if fc.consistent else 0)

    @given(case=st.one_of(small_cases, small_true_rules), seed=st.integers(0, 2**32 - 1))
    def test_both_samplers_draw_members(self, case, seed):
        import migstats._core.composition_sampling as mod

        n, reported, rule, rem = case
        fc = feasible_counts(reported, n, rounding=rule, remainder=rem)
        if not fc.consistent:
            return
        members = set(enumerate_set(reported, n, rule, rem))
        saved = mod.REJECTION_MIN_ACCEPTANCE
        try:
            for threshold in (0.0, 2.0):
                mod.REJECTION_MIN_ACCEPTANCE = threshold
                draws = fc.sample(20, rng=seed)
                assert draws.shape == (20, fc.k) and draws.dtype == np.int64
                assert all(tuple(r) in members for r in draws.tolist())
        finally:
            mod.REJECTION_MIN_ACCEPTANCE = saved

    @pytest.mark.parametrize(
        ("reported", "n", "remainder"),
        [
            (["10", "20", "30", "40"], 600, False),  # 231 members
            (["7", "0", "90"], 400, True),  # skewed: 75
            (["1", "4", "95"], 2000, False),  # 331
            (["0", "0", "0", "0", "0", "0", "97"], 1000, False),  # corner, 1% accepted: 462
        ],
    )
    def test_uniform_chi_square_each_method(self, reported, n, remainder, method):
        fc = feasible_counts(reported, n, remainder=remainder)
        members = enumerate_set(reported, n, remainder=remainder)
        assert len(members) == fc.count() >= 5
        draws = fc.sample(25 * len(members), rng=20240917)
        index = {c: i for i, c in enumerate(members)}
        observed = np.bincount([index[tuple(r)] for r in draws.tolist()], minlength=len(members))
        assert stats.chisquare(observed).pvalue > 1e-3

    @given(
        dist=rounded_distributions(n=st.integers(1, 400), k=st.integers(1, 5))
        | rounded_distributions(n=st.integers(1, 400), k=st.integers(1, 4), remainder=True)
    )
    def test_bounds_tight_and_attained(self, dist):
        # every per-category bound is attained by a member: the greedy vector
        # that maximises (minimises) category i is in the set and has c_i at it
        fc = feasible_counts(dist.reported, dist.n, remainder=dist.remainder)
        members = enumerate_set(dist.reported, dist.n, remainder=dist.remainder)
        for i in range(fc.k):
            e = np.eye(fc.k)[i]
            lo, hi = fc.extreme_counts(e)
            assert fc.contains(lo) and fc.contains(hi)
            assert (lo[i], hi[i]) == (fc.low[i], fc.high[i])
            assert min(c[i] for c in members) == fc.low[i]
            assert max(c[i] for c in members) == fc.high[i]

    def test_issue_case_ten_to_the_ten(self):
        # 52% and 21% of 10**10 with an unpublished rest: the rest is never
        # negative (53.5 + 21.5 < 100), so the set is the product of the two
        # count ranges: (10**8 + 1)**2 members, from count_range alone
        n = 10**10
        fc = feasible_counts(["52", "21"], n, remainder=True)
        (lo1, lo2), (hi1, hi2) = count_range(np.array(["52", "21"], dtype=object), n)
        assert fc.count() == (int(hi1) - int(lo1) + 1) * (int(hi2) - int(lo2) + 1)
        assert fc.count() == (10**8 + 1) ** 2
        assert fc.closest().tolist() == [52 * 10**8, 21 * 10**8, 27 * 10**8]
        assert fc.contains(fc.sample(200, rng=1)).all()

    @pytest.mark.parametrize("n", [10**9, 10**12, 2 * 10**15 + 7])
    def test_ten_categories_at_huge_n(self, n):
        p = whole_percents(n, 10, seed=5)
        fc = feasible_counts(p, n)
        assert fc.consistent
        lo, hi = count_range(np.array(p, dtype=object), n)
        assert fc.count() == inclusion_exclusion(lo, hi, n)
        draws = fc.sample(300, rng=2)
        assert fc.contains(draws).all()
        assert (draws.sum(axis=1) == n).all()
        closest = fc.closest()
        assert fc.contains(closest)
        low, high = fc.extreme_counts(np.arange(10))
        assert fc.contains(low) and fc.contains(high)

    def test_sequential_draws_at_huge_n(self, monkeypatch):
        import migstats._core.composition_sampling as mod

        monkeypatch.setattr(mod, "REJECTION_MIN_ACCEPTANCE", 2.0)
        fc = feasible_counts(whole_percents(10**12, 6, seed=3), 10**12)
        assert fc.contains(fc.sample(20, rng=4)).all()

    def test_marginals_refuse_huge_tables(self):
        with pytest.raises(MigstatsValueError, match="marginals"):
            feasible_counts(["52", "21"], 10**10, remainder=True).marginals()

    def test_scale_up_by_a_factor_keeps_closest_proportional(self):
        # at n = 10**d * 100 every published value is an exact count
        p = ["12.5", "37.5", "50.0"]
        for n in (1000, 10**9, 10**13):
            c = feasible_counts(p, n).closest().tolist()
            assert c == [n // 8, 3 * n // 8, n // 2]


class TestBadInputAnyKind:
    @pytest.mark.parametrize(
        ("args", "kwargs", "arg"),
        [
            ((["52", "48"], True), {}, "n"),
            ((["52", "48"], "100"), {}, "n"),
            ((["52", "48"], np.nan), {}, "n"),
            ((["52", "48"], np.inf), {}, "n"),
            ((["52", "48"], 10**30), {}, "n"),
            (([True, False], 10), {"decimals": 0}, "percents"),
            (([52.0, np.inf], 10), {"decimals": 0}, "percents"),
            ((["52", "48"], 10), {"decimals": True}, "decimals"),
            (([52.0, 48.0], 10), {"decimals": "0"}, "decimals"),
            (([52.0, 48.0], 10), {"decimals": np.nan}, "decimals"),
            ((["52", None], 10), {}, "percents"),
            ((["52", "48"], 10), {"remainder": 1}, "remainder"),
            ((["52", "48"], 10), {"rounding": None}, "rounding"),
        ],
    )
    def test_constructor(self, args, kwargs, arg):
        with pytest.raises(MigstatsValueError, match=arg):
            feasible_counts(*args, **kwargs)

    @pytest.mark.parametrize(
        ("method_name", "value", "arg"),
        [
            ("sample", True, "size"),
            ("sample", "5", "size"),
            ("sample", 2.5, "size"),
            ("sample", np.nan, "size"),
            ("bounds", [True, False, True], "weights"),
            ("bounds", ["1", "2", "3"], "weights"),
            ("bounds", [1, np.inf, 0], "weights"),
            ("extreme_counts", [1, 2, np.nan], "weights"),
            ("contains", [True, 21, 27], "counts"),
            ("contains", ["52", "21", "27"], "counts"),
            ("contains", [52, 21, np.nan], "counts"),
        ],
    )
    def test_methods(self, method_name, value, arg):
        fc = feasible_counts(["52", "21"], 100, remainder=True)
        with pytest.raises(MigstatsValueError, match=arg) as err:
            getattr(fc, method_name)(value)
        assert "must be" in str(err.value)


class TestThresholdRules:
    @given(
        n=st.integers(1, 60),
        pcts=st.lists(st.integers(0, 100), min_size=1, max_size=3),
        rule=st.sampled_from(["up_from", "down_from"]),
        t=st.integers(1, 9),
        rem=st.booleans(),
    )
    def test_count_equals_brute_force(self, n, pcts, rule, t, rem):
        # each category's counts from round_half (checked against scrutiny's
        # formulas in test_rounding), then every combination
        from migstats import round_half

        reported = [str(p) for p in pcts]
        rounded = round_half(100 * np.arange(n + 1), 0, rule, denominator=n, threshold=t)
        options = [[c for c in range(n + 1) if rounded[c] == p] for p in pcts]
        members = [
            combo
            for combo in itertools.product(*options)
            if (sum(combo) <= n if rem else sum(combo) == n)
        ]
        fc = feasible_counts(reported, n, rounding=rule, threshold=t, remainder=rem)
        assert fc.count() == len(members)
        assert fc.threshold == t
        if members:
            assert fc.contains(fc.sample(10, rng=0)).all()

    def test_threshold_five_is_half_up(self):
        a = feasible_counts(["52", "21"], 1000, remainder=True, rounding="up_from", threshold=5)
        b = feasible_counts(["52", "21"], 1000, remainder=True, rounding="half_up")
        assert a.count() == b.count() and (a.low == b.low).all() and (a.high == b.high).all()
        with pytest.raises(MigstatsValueError, match="threshold"):
            feasible_counts(["52", "21"], 1000, remainder=True, rounding="up_from")
        with pytest.raises(MigstatsValueError, match="threshold"):
            feasible_counts(["52", "48"], 1000, threshold=4)
