"""Tests of migstats._corpus.design: SampleDesign and the LISS_2023 assumptions.

Expected values come from hand computation (documented inline), an exact
rational re-implementation of the largest-remainder method, a published
worked example, and identities.
"""

from __future__ import annotations

import dataclasses
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import migstats
from migstats import DIMENSIONS, LISS_2023, MigstatsValueError, SampleDesign, normalize_shares
from migstats._core.rounding import ROUNDING_RULES
from migstats._corpus.design import DESIGN_ROUNDING_RULES


def design(**kw) -> SampleDesign:
    base = dict(n=1000, n_range=(500, 2000), shares={"sex": {"men": 0.5, "women": 0.5}})
    base.update(kw)
    return SampleDesign(**base)


@st.composite
def integer_weights(draw, max_groups=8):
    """Integer weights (>= 1 positive) and the exact shares they define."""
    w = draw(st.lists(st.integers(0, 1000), min_size=1, max_size=max_groups))
    if sum(w) == 0:
        w[0] = 1
    return w


def hamilton_exact(n: int, weights: list[int]) -> tuple[list[int], list[Fraction]]:
    """Largest remainder with exact rationals: floors and remainders."""
    total = sum(weights)
    quotas = [Fraction(n * w, total) for w in weights]
    floors = [math.floor(q) for q in quotas]
    return floors, [q - f for q, f in zip(quotas, floors, strict=True)]


class TestConstruction:
    def test_valid(self):
        d = design(deff=1.5, decimals=1, rounding="half_even", weighted=False, name="x", notes="y")
        assert (d.n, d.n_range, d.deff, d.decimals) == (1000, (500, 2000), 1.5, 1)
        assert d.dimensions == ("sex",)

    def test_frozen_and_hashable(self):
        d = design()
        with pytest.raises(dataclasses.FrozenInstanceError):
            d.n = 5  # type: ignore[misc]
        with pytest.raises(TypeError, match="does not support item assignment"):
            d.shares["sex"]["men"] = 0.9  # type: ignore[index]
        assert hash(d) == hash(design())
        assert d == design()

    def test_float_integers_accepted(self):
        assert design(n=1000.0).n == 1000

    @pytest.mark.parametrize(
        ("kw", "arg"),
        [
            ({"n": 0}, "n"),
            ({"n": 1000.5}, "n"),
            ({"n": True}, "n"),
            ({"n": [1000, 1200]}, "n"),
            ({"n": 3000}, "n_range"),
            ({"n_range": (1200, 900)}, "n_range"),
            ({"n_range": (500,)}, "n_range"),
            ({"n_range": "500-2000"}, "n_range"),
            ({"deff": 0}, "deff"),
            ({"deff": float("nan")}, "deff"),
            ({"decimals": -1}, "decimals"),
            ({"decimals": 0.5}, "decimals"),
            ({"rounding": "bankers"}, "rounding"),
            ({"weighted": "yes"}, "weighted"),
            ({"name": 3}, "name"),
            ({"shares": {}}, "shares"),
            ({"shares": {"sex": {"men": 0.5, "women": 0.49}}}, "shares"),
            ({"shares": {"sex": {"men": 49, "women": 51}}}, "shares"),
            ({"shares": {"sex": {"men": -0.1, "women": 1.1}}}, "shares"),
            ({"shares": {"sex": {"men": float("nan"), "women": 0.5}}}, "shares"),
            ({"shares": {"sex": {"a": 1.0}, "age": {"a": 1.0}}}, "shares"),
            ({"shares": {"sex": [0.5, 0.5]}}, "shares"),
        ],
    )
    def test_invalid(self, kw, arg):
        with pytest.raises(MigstatsValueError, match=arg):
            design(**kw)

    def test_sum_tolerance_is_tight(self):
        design(shares={"s": {"a": 0.1, "b": 0.2, "c": 0.7}})  # 0.1 + 0.2 + 0.7 != 1 in binary
        with pytest.raises(MigstatsValueError, match="normalize_shares"):
            design(shares={"s": {"a": 0.26, "b": 0.35, "c": 0.38}})

    def test_rounding_rules(self):
        assert set(ROUNDING_RULES) <= set(DESIGN_ROUNDING_RULES)
        for rule in DESIGN_ROUNDING_RULES:
            assert design(rounding=rule).rounding == rule

    def test_repr(self):
        r = repr(LISS_2023)
        assert "n=2900" in r and "education: 3 groups" in r and "LISS_2023" in r


class TestNormalizeShares:
    def test_cbs_example(self):
        s = normalize_shares({"low": 26, "mid": 35, "high": 38})
        assert s == pytest.approx({"low": 26 / 99, "mid": 35 / 99, "high": 38 / 99})

    @given(integer_weights(), st.integers(1, 10**6))
    def test_sum_and_scale_invariance(self, w, c):
        a = normalize_shares({f"g{i}": x for i, x in enumerate(w)})
        b = normalize_shares({f"g{i}": c * x for i, x in enumerate(w)})
        assert math.fsum(a.values()) == pytest.approx(1.0, abs=1e-12)
        assert list(a.values()) == pytest.approx(list(b.values()), rel=1e-12, abs=1e-15)
        assert list(a) == [f"g{i}" for i in range(len(w))]

    @pytest.mark.parametrize(
        "bad", [{}, {"a": 0, "b": 0}, {"a": -1, "b": 2}, {"a": float("nan")}, {"a": "1"}, [1, 2]]
    )
    def test_invalid(self, bad):
        with pytest.raises(MigstatsValueError, match="values"):
            normalize_shares(bad)

    def test_from_percentages(self):
        d = SampleDesign.from_percentages(100, (50, 200), {"e": {"a": 26, "b": 35, "c": 38}})
        assert d.group_shares("e").tolist() == pytest.approx([26 / 99, 35 / 99, 38 / 99])
        with pytest.raises(MigstatsValueError, match="percentages"):
            SampleDesign.from_percentages(100, (50, 200), {})


class TestGroupShares:
    def test_series(self):
        s = LISS_2023.group_shares("education")
        assert s.name == "share" and s.index.name == "group"
        assert s.index.tolist() == list(DIMENSIONS["education"])

    def test_unknown_dimension(self):
        with pytest.raises(MigstatsValueError, match="dimension"):
            LISS_2023.group_shares("urbanisation")


class TestGroupSizes:
    def test_worked_example_largest_remainder(self):
        # Wikipedia, "Largest remainder method", example: votes 47,000 / 16,000 /
        # 15,800 / 12,000 / 6,100 / 3,100, 10 seats, Hare quota.  Quotas 4.70,
        # 1.60, 1.58, 1.20, 0.61, 0.31 -> floors 4,1,1,1,0,0 (7 seats); the three
        # left go to remainders .70, .61, .60 -> 5, 2, 1, 1, 1, 0.
        votes = {"Y": 47000, "W": 16000, "R": 15800, "G": 12000, "B": 6100, "P": 3100}
        d = SampleDesign.from_percentages(10, (10, 10), {"party": votes})
        assert d.group_sizes("party").tolist() == [5, 2, 1, 1, 1, 0]

    def test_liss_education_by_hand(self):
        # 2900 x 26/99 = 761.62, x 35/99 = 1025.25, x 38/99 = 1113.13:
        # floors 761 + 1025 + 1113 = 2899, the one left goes to .62 (bo/vmbo).
        assert LISS_2023.group_sizes("education").tolist() == [762, 1025, 1113]
        assert LISS_2023.group_sizes("income").tolist() == [580] * 5

    def test_quotas_float(self):
        q = LISS_2023.group_sizes("education", n=99, integer=False)
        assert q.tolist() == pytest.approx([26, 35, 38])

    def test_ties_go_to_the_first_group(self):
        d = design(shares={"s": {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}})
        assert d.group_sizes("s", 4).tolist() == [2, 1, 1]
        assert d.group_sizes("s", 5).tolist() == [2, 2, 1]

    @given(integer_weights(), st.integers(1, 100_000))
    def test_sum_quota_and_remainder_order(self, w, n):
        names = [f"g{i}" for i in range(len(w))]
        d = SampleDesign.from_percentages(n, (n, n), {"s": dict(zip(names, w, strict=True))})
        sizes = d.group_sizes("s").to_numpy()
        assert sizes.sum() == n
        floors, rem = hamilton_exact(n, w)
        extra = sizes - np.array(floors)
        assert set(extra.tolist()) <= {0, 1}  # quota property: floor or ceiling
        got = [r for r, e in zip(rem, extra, strict=True) if e == 1]
        not_got = [r for r, e in zip(rem, extra, strict=True) if e == 0]
        if got and not_got:  # largest remainders win (exact rationals)
            assert min(got) >= max(not_got)
        assert all(r > 0 for r in got)

    @given(integer_weights(max_groups=5), st.lists(st.integers(1, 10_000), min_size=1, max_size=6))
    def test_array_n_matches_scalar(self, w, ns):
        d = SampleDesign.from_percentages(1, (1, 1), {"s": {f"g{i}": x for i, x in enumerate(w)}})
        table = d.group_sizes("s", ns)
        assert isinstance(table, pd.DataFrame)
        assert table.index.tolist() == ns
        for j, n in enumerate(ns):
            assert table.iloc[j].tolist() == d.group_sizes("s", n).tolist()

    @given(integer_weights(max_groups=5), st.integers(1, 10_000))
    def test_relabelling_invariance(self, w, n):
        names = [f"g{i}" for i in range(len(w))]
        d1 = SampleDesign.from_percentages(1, (1, 1), {"s": dict(zip(names, w, strict=True))})
        rev = dict(zip(names[::-1], w[::-1], strict=True))
        d2 = SampleDesign.from_percentages(1, (1, 1), {"s": rev})
        q1 = d1.group_sizes("s", n, integer=False)
        q2 = d2.group_sizes("s", n, integer=False)
        assert q1.sort_index().tolist() == pytest.approx(q2.sort_index().tolist())

    @pytest.mark.parametrize("bad", [0, -3, 2.5, np.nan, [[1, 2]]])
    def test_bad_n(self, bad):
        with pytest.raises(MigstatsValueError, match="n"):
            LISS_2023.group_sizes("income", bad)

    def test_bad_integer_flag(self):
        with pytest.raises(MigstatsValueError, match="integer"):
            LISS_2023.group_sizes("income", integer="yes")


class TestEffectiveN:
    def test_values(self):
        assert LISS_2023.n_effective() == 1450.0  # deff 2 (weighted default)
        assert LISS_2023.n_effective(deff=2.0) == 1450.0
        np.testing.assert_allclose(LISS_2023.n_effective([1500, 3000], [1.5, 2.0]), [1000, 1500])

    @given(st.integers(1, 10**6), st.integers(1, 10**6), st.floats(0.5, 5))
    def test_monotone(self, n1, n2, deff):
        lo, hi = sorted((n1, n2))
        assert LISS_2023.n_effective(lo, deff) <= LISS_2023.n_effective(hi, deff)
        assert LISS_2023.n_effective(hi, deff) * deff == pytest.approx(hi)
        assert LISS_2023.n_effective(hi, deff + 1) < LISS_2023.n_effective(hi, deff)

    @pytest.mark.parametrize(("n", "deff", "arg"), [(0, 1, "n"), (10, 0, "deff"), (10, -1, "deff")])
    def test_invalid(self, n, deff, arg):
        with pytest.raises(MigstatsValueError, match=arg):
            LISS_2023.n_effective(n, deff)


class TestNGrid:
    def test_liss_geometric(self):
        g = LISS_2023.n_grid(5)
        # geomspace(1500, 5480, 5): ratio (5480/1500)**(1/4) = 1.38255
        expected = [round(1500 * (5480 / 1500) ** (k / 4)) for k in range(5)]
        assert g.tolist() == expected
        assert g.dtype == np.int64

    def test_linear(self):
        assert LISS_2023.n_grid(3, spacing="linear").tolist() == [1500, 3490, 5480]

    @given(st.integers(1, 10**5), st.integers(0, 10**5), st.integers(2, 30))
    def test_properties(self, lo, width, num):
        d = design(n=lo, n_range=(lo, lo + width))
        for spacing in ("geometric", "linear"):
            g = d.n_grid(num, spacing=spacing)
            assert g[0] == lo and g[-1] == lo + width
            assert (np.diff(g) > 0).all()
            assert len(g) <= num
            # wide range: no duplicates (the smallest step, the first, is >= 2)
            ratio = ((lo + width) / lo) ** (1 / (num - 1))
            first_step = lo * (ratio - 1) if spacing == "geometric" else width / (num - 1)
            if first_step >= 2:
                assert len(g) == num

    @pytest.mark.parametrize(
        ("num", "spacing", "arg"),
        [
            (1, "linear", "num"),
            (2.5, "linear", "num"),
            (5, "log", "spacing"),
            ([3], "linear", "num"),
        ],
    )
    def test_invalid(self, num, spacing, arg):
        with pytest.raises(MigstatsValueError, match=arg):
            LISS_2023.n_grid(num, spacing=spacing)


class TestReplace:
    def test_replace(self):
        d = LISS_2023.replace(deff=1.5, n=2000)
        assert (d.deff, d.n) == (1.5, 2000)
        assert (LISS_2023.deff, LISS_2023.n) == (2.0, 2900)
        assert d.shares == LISS_2023.shares

    def test_validates(self):
        with pytest.raises(MigstatsValueError, match="n_range"):
            LISS_2023.replace(n=100)
        with pytest.raises(MigstatsValueError, match="changes"):
            LISS_2023.replace(sample_size=100)


class TestLISS2023:
    def test_values(self):
        d = LISS_2023
        assert (d.n, d.n_range, d.deff, d.decimals) == (2900, (1500, 5480), 2.0, 0)
        assert d.rounding == "up_or_down" and d.weighted is True
        assert d.name == "LISS_2023"
        assert "n is NOT published" in d.notes

    def test_central_n_is_geometric_midpoint_rounded_to_hundreds(self):
        mid = math.sqrt(1500 * 5480)
        assert mid == pytest.approx(2867.06, abs=0.01)
        assert round(mid, -2) == LISS_2023.n

    def test_education_shares_are_normalised_cbs(self):
        s = LISS_2023.group_shares("education")
        assert s.tolist() == pytest.approx([26 / 99, 35 / 99, 38 / 99], abs=1e-15)

    def test_income_quintiles(self):
        assert LISS_2023.group_shares("income").tolist() == [0.2] * 5

    def test_groups_match_the_corpus(self):
        for dim in LISS_2023.dimensions:
            assert tuple(LISS_2023.group_shares(dim).index) == DIMENSIONS[dim]

    def test_exported(self):
        for name in ("LISS_2023", "SampleDesign", "normalize_shares"):
            assert name in migstats.__all__


# ---------------------------------------------------------------------------
# issue 10.1 / 11.3: what shares are for, group sizes and design effects
# ---------------------------------------------------------------------------


@st.composite
def partition_designs(draw):
    """A design with one dimension, optional sample shares, unclassified share, group deffs."""
    w = draw(integer_weights(6))
    shares = normalize_shares({f"g{i}": v for i, v in enumerate(w)})
    q = draw(st.none() | st.lists(st.integers(1, 100), min_size=len(w), max_size=len(w)))
    u = draw(st.floats(0, 0.9))
    deff = draw(st.floats(1, 4))
    gd = draw(st.lists(st.floats(1, 4), min_size=len(w), max_size=len(w)))
    n = draw(st.integers(1, 100_000))
    kw = {}
    if q is not None:
        kw["sample_shares"] = {"d": normalize_shares({f"g{i}": v for i, v in enumerate(q)})}
    return SampleDesign(
        n=n,
        n_range=(n, n),
        shares={"d": shares},
        deff=deff,
        unclassified_share={"d": u},
        group_deff={"d": {f"g{i}": max(v, deff) for i, v in enumerate(gd)}},
        **kw,
    )


class TestGroupDesign:
    @given(partition_designs(), st.integers(1, 10**6))
    def test_sizes_sum_to_classified_n(self, d, n):
        g = d.group_design("d", n)
        assert math.fsum(g.n) == pytest.approx(n * (1 - d.unclassified("d")), rel=1e-12)
        whole = d.group_design("d", n, integer=True).n
        # whole sizes sum to the classified total rounded to a whole number
        assert abs(whole.sum() - n * (1 - d.unclassified("d"))) <= 0.5 + 1e-6
        assert np.all(np.abs(whole - g.n) < 1 + 1e-9)  # floor or ceiling of the quota

    @given(partition_designs(), st.none() | st.floats(1, 5))
    def test_deff_at_least_one(self, d, deff):
        # group deffs >= the design's deff >= 1: every group's deff >= 1
        g = d.group_design("d", deff=deff)
        assert np.all(g.deff >= 1 - 1e-12)
        ratio = d.group_deffs("d").to_numpy() / d.deff
        np.testing.assert_allclose(g.deff, (d.deff if deff is None else deff) * ratio)

    def test_defaults(self):
        d = design()
        g = d.group_design("sex", 1000)
        assert g.n.tolist() == [500.0, 500.0] and g.deff.tolist() == [2.0, 2.0]
        assert design(weighted=False).deff == 1.0
        assert design(deff=None, weighted=True).deff == migstats.WEIGHTED_DEFAULT_DEFF

    def test_arrays(self):
        g = LISS_2023.group_design("income", [1500, 3000], [1.0, 1.5, 2.0])
        assert g.n.shape == (2, 5) and g.deff.shape == (3, 5)
        np.testing.assert_allclose(g.n[1], [600.0] * 5)

    def test_sample_shares_not_population_shares(self):
        d = design(sample_shares={"sex": {"men": 0.4, "women": 0.6}})
        assert d.group_sizes("sex").tolist() == [400, 600]
        assert d.group_shares("sex").tolist() == [0.5, 0.5]  # ridits keep the population

    def test_group_n_published(self):
        d = design(group_n={"sex": {"men": 300, "women": 600}})
        assert d.group_sizes("sex").tolist() == [300, 600]
        assert d.unclassified("sex") == pytest.approx(0.1)
        assert "sex" in d.partial_dimensions
        assert d.group_sizes("sex", 2000).tolist() == [600, 1200]

    def test_unclassified_is_partial(self):
        d = design(unclassified_share={"sex": 0.2})
        assert d.group_sizes("sex").tolist() == [400, 400]
        assert d.partial_dimensions == ("sex",)

    @pytest.mark.parametrize(
        ("kw", "name"),
        [
            ({"sample_shares": {"sex": {"men": 0.5}}}, "sample_shares['sex']"),
            ({"sample_shares": {"sex": {"men": 0.5, "women": 0.6}}}, "sample_shares['sex']"),
            ({"sample_shares": {"age": {"men": 1.0}}}, "sample_shares"),
            ({"group_n": {"sex": {"men": 600, "women": 600}}}, "group_n['sex']"),
            ({"group_n": {"sex": {"men": 1.5, "women": 6}}}, "group_n['sex']['men']"),
            ({"group_deff": {"sex": {"men": 0}}}, "group_deff['sex']['men']"),
            ({"group_deff": {"sex": {"other": 2}}}, "group_deff['sex']"),
            ({"unclassified_share": {"sex": 1.0}}, "unclassified_share['sex']"),
            ({"unclassified_share": ["sex"]}, "unclassified_share"),
            (
                {"group_n": {"sex": {"men": 1, "women": 1}}, "unclassified_share": {"sex": 0.1}},
                "group_n",
            ),
            ({"deff": "2"}, "deff"),
        ],
    )
    def test_bad_input(self, kw, name):
        with pytest.raises(MigstatsValueError, match=rf"^{__import__('re').escape(name)} must"):
            design(**kw)

    def test_liss_default_is_conservative_and_sourced(self):
        # (a) the deff derived from Pew's published +/-1.6 at 6,878 (1.83) and its
        # rounding range's top (1.95), (b) calibration's 1.75: the default is above all.
        pew = migstats.deff_from_margin_of_error("1.6", 6878)
        assert LISS_2023.deff == 2.0 >= pew.high > pew.deff > 1.75


class TestScenarios:
    def test_liss(self):
        sc = LISS_2023.scenarios()
        assert sc["as designed"] is LISS_2023
        u = sc["lowest groups under-represented"]
        # the calibration's design: half the selection rate of the lowest group
        s = 26 / 99
        assert u.sample_group_shares("education").iloc[0] == pytest.approx(
            s * 0.5 / (s * 0.5 + 1 - s)
        )
        assert u.group_shares("education").equals(LISS_2023.group_shares("education"))
        assert u.group_deffs("income").tolist() == [2.25, 2.0, 2.0, 2.0, 2.0]

    def test_calibration_share(self):
        # tools/calibrate.py: 25 % at half rate -> 414.3 of 2,900 (docs/calibration.md)
        d = SampleDesign(2900, (2900, 2900), {"e": {"a": 0.25, "b": 0.35, "c": 0.40}})
        u = d.scenarios()["lowest groups under-represented"]
        assert u.group_sizes("e", integer=False).iloc[0] == pytest.approx(414.29, abs=0.01)

    def test_bad(self):
        with pytest.raises(MigstatsValueError, match=r"^dimensions must"):
            LISS_2023.scenarios(["age"])
        with pytest.raises(MigstatsValueError, match=r"^selection_factor must"):
            LISS_2023.scenarios(selection_factor=0)
        with pytest.raises(MigstatsValueError, match=r"^deff_factor must"):
            LISS_2023.scenarios(deff_factor=-1)


class TestMarginOfError:
    @given(
        st.floats(0.5, 10),
        st.integers(30, 10**6),
        st.sampled_from([0.9, 0.95, 0.99]),
        st.floats(0.05, 0.95),
    )
    def test_round_trip_normal_moe(self, deff, n, level, p):
        from scipy.stats import norm

        moe = 100 * norm.ppf(0.5 + level / 2) * math.sqrt(deff * p * (1 - p) / n)
        r = migstats.deff_from_margin_of_error(moe, n, confidence_level=level, p=p)
        assert r.deff == pytest.approx(deff, rel=1e-9)
        assert r.low <= r.deff <= r.high

    @given(st.integers(1000, 10**5), st.floats(0.1, 0.9), st.floats(1, 4))
    def test_against_statsmodels(self, n, p, deff):
        # independent: statsmodels' normal interval at n / deff has half-width = moe
        from statsmodels.stats.proportion import proportion_confint

        n_eff = n / deff
        lo, hi = proportion_confint(p * n_eff, n_eff, alpha=0.05, method="normal")
        moe = 100 * (hi - lo) / 2
        r = migstats.deff_from_margin_of_error(moe, n, p=p)
        assert r.deff == pytest.approx(deff, rel=1e-9)

    def test_pew(self):
        # design.json: (1.6 / (100 * 1.959964 * sqrt(0.25 / 6878)))^2 = 1.833, 1.72-1.95
        r = migstats.deff_from_margin_of_error(1.6, 6878)
        assert (round(r.deff, 3), round(r.low, 2), round(r.high, 2)) == (1.833, 1.72, 1.95)
        assert (r.margin_low, r.margin_high) == pytest.approx((1.55, 1.65))
        r2 = migstats.deff_from_margin_of_error("2.0", 1000)
        assert r2.margin_high == pytest.approx(2.05)
        r3 = migstats.deff_from_margin_of_error(2, 1000)
        assert r3.margin_high == pytest.approx(2.5)

    def test_design(self):
        d = SampleDesign.from_margin_of_error(
            1.6, 6878, shares={"income": {"lower": 0.3, "middle": 0.5, "upper": 0.2}}
        )
        assert d.n_range == (6878, 6878) and d.weighted
        assert d.deff == pytest.approx(1.833, abs=1e-3)
        c = SampleDesign.from_margin_of_error(
            1.6, 6878, shares={"x": {"a": 1.0}}, conservative=True
        )
        assert c.deff == pytest.approx(1.95, abs=5e-3)

    @pytest.mark.parametrize(
        ("args", "kw", "name"),
        [
            ((0, 100), {}, "moe_points"),
            (("x", 100), {}, "moe_points"),
            ((True, 100), {}, "moe_points"),
            ((2, 0), {}, "n"),
            ((2, [100, 200]), {}, "n"),
            ((2, 100), {"confidence_level": 1.5}, "confidence_level"),
            ((2, 100), {"p": 0}, "p"),
            ((2, 100), {"moe_decimals": -1}, "moe_decimals"),
        ],
    )
    def test_bad_input(self, args, kw, name):
        with pytest.raises(MigstatsValueError, match=rf"^{name} must"):
            migstats.deff_from_margin_of_error(*args, **kw)

    def test_published_groups(self):
        d = design().with_published_groups("sex", {"men": 200, "women": 750}, {"men": "9.8"})
        assert d.group_sizes("sex").tolist() == [200, 750]
        assert d.group_deffs("sex")["women"] == d.deff
        with pytest.raises(MigstatsValueError, match=r"^margins must"):
            design().with_published_groups("sex", {"men": 200, "women": 750}, {"x": 3})
        with pytest.raises(MigstatsValueError, match=r"^dimension must"):
            design().with_published_groups("age", {"men": 200})


class TestOneLookup:
    def test_tables_and_audit_use_the_design(self):
        # a published under-representation changes both the table functions and the audit
        from migstats._audit.profiles import _group_sizes
        from migstats._tables.context import TableContext

        d = LISS_2023.scenarios()["lowest groups under-represented"]
        ctx = TableContext.build("7.6", design=d, n=1000)
        g = d.group_design("education", 1000, integer=True)
        assert ctx.group_sizes("education", g.groups, 1000).tolist() == g.n.tolist()
        np.testing.assert_allclose(
            ctx.variance_sizes("education", g.groups, 1000), g.n / (g.deff / d.deff)
        )
        n_frac = _group_sizes(d, "education", g.groups)[0]
        exact = d.group_design("education", 1000)
        np.testing.assert_allclose(1000 * n_frac, exact.n / (exact.deff / d.deff))


class TestBreakevenOneDefinition:
    """Break-even n is the total survey n, in Python and in every CLI command."""

    def test_compare_groups_agrees_with_cli_compare(self, capsys):
        import json

        from migstats.cli.app import main

        shares = {"bo/vmbo": 0.25, "havo/vwo/mbo": 0.35, "hbo/wo": 0.40}
        d = LISS_2023.replace(shares={**LISS_2023.shares, "education": shares})
        n = 2000  # exact group sizes 500 / 700 / 800
        # `migstats compare` tests the printed numbers as exact: so does compare_groups here
        cg = migstats.compare_groups(
            "7.5", "language_lessons", "education", design=d, n=n, rounding_aware=False
        )
        pairs = cg[cg["breakeven_n"].notna()]
        prof = migstats.load_table("7.5")
        prof = prof[(prof["item"] == "language_lessons") & (prof["dimension"] == "education")]
        pct = dict(zip(prof["group"].astype(str), prof["reported"].astype(str), strict=True))
        size = {g: int(n * s) for g, s in shares.items()}
        assert len(pairs) == 3
        for row in pairs.itertuples():
            a, b = str(row.group1), str(row.group2)
            argv = [
                "compare", pct[a], pct[b], "--n1", str(size[a]), "--n2", str(size[b]),
                "--total", str(n), "--deff", str(d.deff), "--format", "json",
            ]  # fmt: skip
            assert main(argv) == 0
            [cli] = json.loads(capsys.readouterr().out)["results"]
            assert cli["breakeven_n"] == row.breakeven_n
            core = migstats.breakeven_n(
                float(pct[a]) / 100, float(pct[b]) / 100, shares[a], shares[b], deff=d.deff
            )
            assert float(core) == row.breakeven_n

    def test_rounding_aware_compare_groups_is_breakeven_n_with_the_boxes(self):
        # the default (rounding-aware) break-even n: the same total-n definition, with
        # the whole percentages' half-widths of 0.5 points on both groups
        shares = {"bo/vmbo": 0.25, "havo/vwo/mbo": 0.35, "hbo/wo": 0.40}
        d = LISS_2023.replace(shares={**LISS_2023.shares, "education": shares})
        cg = migstats.compare_groups("7.5", "language_lessons", "education", design=d, n=2000)
        pairs = cg[cg["comparison"] == "pair"]
        assert len(pairs) == 3
        for row in pairs.itertuples():
            a, b = str(row.group1), str(row.group2)
            core = migstats.breakeven_n(
                row.percent1 / 100, row.percent2 / 100, shares[a], shares[b], deff=d.deff,
                half_width1=0.005, half_width2=0.005,
            )  # fmt: skip
            assert float(core) == row.breakeven_n
            plain = migstats.breakeven_n(
                row.percent1 / 100, row.percent2 / 100, shares[a], shares[b], deff=d.deff
            )
            assert row.breakeven_n >= plain

    def test_bare_pair_total_is_n1_plus_n2(self, capsys):
        import json

        from migstats.cli.app import main

        assert main(["compare", "40", "30", "--n1", "300", "--n2", "300", "--format", "json"]) == 0
        [cli] = json.loads(capsys.readouterr().out)["results"]
        assert cli["breakeven_n"] == migstats.breakeven_n(0.4, 0.3, 0.5, 0.5)
        assert main(["compare", "40", "30", "--n1", "300", "--n2", "300", "--total", "10"]) == 2


class TestNRangeOptional:
    """n_range is needed only when n is not published."""

    SHARES = {"sex": {"men": 0.5, "women": 0.5}}  # noqa: RUF012

    @given(n=st.integers(1, 10**6))
    def test_published_n_is_its_own_range(self, n):
        d = SampleDesign(n=n, shares=self.SHARES)
        assert d.n_range == (n, n)
        assert d.n_grid(3).tolist() == [n]
        prov = d.provenance().set_index("quantity")
        assert prov.loc["n", "source_kind"] == "published"
        assert prov.loc["n_range", "source_kind"] == "published"

    @pytest.mark.parametrize("kind", ["assumed", "derived"])
    def test_unpublished_n_needs_a_range(self, kind):
        with pytest.raises(ValueError, match=r"^n_range must be given"):
            SampleDesign(n=2900, shares=self.SHARES, sources={"n": (kind, "a guess")})
        d = SampleDesign(
            n=2900, n_range=(1500, 5480), shares=self.SHARES, sources={"n": (kind, "a guess")}
        )
        assert d.provenance().set_index("quantity").loc["n", "source_kind"] == kind

    def test_a_range_makes_n_an_assumption(self):
        d = SampleDesign(n=2900, n_range=(1500, 5480), shares=self.SHARES)
        assert d.provenance().set_index("quantity").loc["n", "source_kind"] == "assumed"


class TestProvenance:
    """Every design value says whether it is published, derived or assumed."""

    def test_columns_and_quantities(self):
        p = LISS_2023.provenance()
        assert list(p.columns) == list(migstats.COLUMNS["SampleDesign.provenance"])
        for q in ("n", "n_range", "shares", "group_n", "deff", "group_deff", "rounding"):
            assert q in set(p["quantity"])
        assert set(p["source_kind"]) <= {"published", "derived", "assumed"}
        assert (p["source"].str.len() > 0).all()

    def test_liss_values_are_sourced(self):
        p = LISS_2023.provenance().set_index("quantity")
        # n is not published in the chapter (docs/data.md): an assumption
        assert p.loc["n", "source_kind"] == "assumed"
        assert p.loc["n", "value"] == "2900"
        assert "1500" in p.loc["n", "source"]
        assert p.loc["deff", "source_kind"] == "assumed"
        assert p.loc["group_n", "source_kind"] == "derived"  # n x shares, not published

    def test_margin_of_error_deff_is_derived(self):
        d = SampleDesign.from_margin_of_error(
            1.6, 6878, shares={"income": {"lower": 0.3, "middle": 0.5, "upper": 0.2}}
        )
        p = d.provenance().set_index("quantity")
        assert p.loc["deff", "source_kind"] == "derived"
        assert "1.6" in p.loc["deff", "source"]
        assert p.loc["n", "source_kind"] == "published"

    def test_published_groups_are_published(self):
        d = SampleDesign(n=1000, shares={"edu": {"low": 0.3, "high": 0.7}})
        d2 = d.with_published_groups("edu", {"low": 200, "high": 750}, {"low": "9.8"})
        p = d2.provenance().set_index("quantity")
        assert p.loc["group_n", "source_kind"] == "published"
        assert p.loc["group_deff", "source_kind"] == "derived"

    @pytest.mark.parametrize(
        "sources",
        [{"size": ("assumed", "x")}, {"n": ("guessed", "x")}, {"n": ("published", "")}, "n"],
    )
    def test_bad_sources_name_the_argument(self, sources):
        with pytest.raises(ValueError, match=r"^sources"):
            SampleDesign(n=10, shares={"a": {"x": 1.0}}, sources=sources)

    def test_all_problems_at_once(self):
        with pytest.raises(ValueError, match=r"'size'.*sources\['n'\]"):
            SampleDesign(
                n=10,
                shares={"a": {"x": 1.0}},
                sources={"size": ("assumed", "x"), "n": ("guessed", "x")},
            )


class TestLissIsData:
    """LISS_2023 is the design of the chapter's package descriptor, nothing more."""

    def test_built_from_the_descriptor(self):
        from migstats._corpus import descriptor

        spec = descriptor()["design"]
        assert (LISS_2023.n, LISS_2023.n_range) == (spec["n"], tuple(spec["n_range"]))
        assert LISS_2023.deff == spec["deff"]
        # CBS's 26/35/38 normalised by their sum 99 (docs/data.md), by hand
        edu = LISS_2023.group_shares("education")
        assert edu.tolist() == pytest.approx([26 / 99, 35 / 99, 38 / 99], abs=1e-15)
        assert LISS_2023.group_shares("income").tolist() == [0.2] * 5
        kinds = dict(
            zip(*LISS_2023.provenance()[["quantity", "source_kind"]].T.values, strict=True)
        )
        assert {k: v[0] for k, v in spec["sources"].items()}.items() <= kinds.items()

    def test_no_identity_checks_on_a_bundled_design_in_the_table_layer(self):
        from pathlib import Path

        tables = Path(migstats.__file__).parent / "_tables"
        for path in tables.glob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert "is LISS_2023" not in text and "is_default" not in text, path.name
            assert "= LISS_2023" not in text, path.name  # never a default argument
