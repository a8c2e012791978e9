"""Tests of migstats._core.rounding: rounding rules, rounding intervals, count ranges, GRIM.

Expected values come from (a) Python's ``decimal`` module applied to exact
fractions (an independent implementation of every rounding rule), (b)
brute-force enumeration of all counts ``0..n``, and (c) examples in the test
suite of the R package scrutiny 0.6.1 (GitHub lhdjung/scrutiny, commit a56a945;
file and test named where used).
"""

from __future__ import annotations

import decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from migstats import (
    ROUNDING_RULES,
    MigstatsValueError,
    count_range,
    grim_percent,
    grim_percent_map,
    round_half,
    rounding_interval,
)
from migstats._core.rounding import ROUNDING_FUNCTIONS

# ---------------------------------------------------------------------------
# independent reference: decimal.Decimal.quantize on exact fractions
# ---------------------------------------------------------------------------

_DECIMAL_MODES = {
    "half_even": decimal.ROUND_HALF_EVEN,
    "floor": decimal.ROUND_FLOOR,
    "ceiling": decimal.ROUND_CEILING,
    "truncate": decimal.ROUND_DOWN,
}
# Working precision for x = p / q: a terminating expansion of p / q needs at
# most digits(p) + 3 digits(q) digits (q = 2^a 5^b), and a non-terminating one
# cannot come closer than 1 / (q 10^d) to a rounding boundary, so 40 spare
# digits decide every comparison.
_SPARE_DIGITS = 40


def ref_round(x: Fraction, d: int, rule: str) -> Fraction:
    """Round the exact value ``x`` to ``d`` decimals with the decimal module."""
    if rule == "half_up":  # ties toward +infinity
        mode = decimal.ROUND_HALF_UP if x >= 0 else decimal.ROUND_HALF_DOWN
    elif rule == "half_down":  # ties toward -infinity
        mode = decimal.ROUND_HALF_DOWN if x >= 0 else decimal.ROUND_HALF_UP
    else:
        mode = _DECIMAL_MODES[rule]
    with decimal.localcontext() as ctx:
        ctx.prec = _SPARE_DIGITS + len(str(abs(x.numerator))) + 3 * len(str(x.denominator))
        value = decimal.Decimal(x.numerator) / decimal.Decimal(x.denominator)
        q = value.quantize(decimal.Decimal(1).scaleb(-d), rounding=mode)
    return Fraction(q)


def ref_rounds_to(x: Fraction, d: int, rule: str, v: Fraction) -> bool:
    """Does ``x`` round to ``v`` under ``rule`` (either branch for up_or_down)?"""
    rules = ("half_up", "half_down") if rule == "up_or_down" else (rule,)
    return any(ref_round(x, d, r) == v for r in rules)


def ref_values(n: int, d: int, rule: str) -> set[Fraction]:
    """All percentages (to d decimals) that some count 0..n can be published as."""
    rules = ("half_up", "half_down") if rule == "up_or_down" else (rule,)
    return {ref_round(Fraction(100 * c, n), d, r) for c in range(n + 1) for r in rules}


def as_str(v: Fraction, d: int) -> str:
    """Decimal string of v with exactly d decimals."""
    scaled = v * 10**d
    assert scaled.denominator == 1
    m = int(scaled)
    sign = "-" if m < 0 else ""
    m = abs(m)
    if d == 0:
        return f"{sign}{m}"
    return f"{sign}{m // 10**d}.{m % 10**d:0{d}d}"


rules = st.sampled_from(ROUNDING_RULES)
function_rules = st.sampled_from(ROUNDING_FUNCTIONS)


# ---------------------------------------------------------------------------
# round_half
# ---------------------------------------------------------------------------


class TestRoundHalf:
    @given(
        x=st.fractions(min_value=-1000, max_value=1000, max_denominator=10**6),
        d=st.integers(0, 4),
        rule=function_rules,
    )
    def test_matches_decimal_module_on_fractions(self, x, d, rule):
        assert round_half(x, d, rule) == float(ref_round(x, d, rule))

    @given(
        x=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
        d=st.integers(0, 6),
        rule=function_rules,
    )
    def test_floats_at_their_exact_binary_value(self, x, d, rule):
        assert round_half(x, d, rule) == float(ref_round(Fraction(x), d, rule))

    @given(
        c=st.integers(0, 10**6),
        extra=st.integers(0, 10**6),
        d=st.integers(0, 3),
        rule=function_rules,
    )
    def test_denominator_form(self, c, extra, d, rule):
        n = c + extra if c + extra > 0 else 1
        got = round_half(100 * c, d, rule, denominator=n)
        assert got == float(ref_round(Fraction(100 * c, n), d, rule))

    def test_known_float_cases(self):
        # Python docs (built-in round): round(2.675, 2) gives 2.67 because the
        # double nearest 2.675 is below it; 0.125 is exact in binary.
        assert round_half(2.675, 2, "half_up") == 2.67
        assert round_half(0.125, 2, "half_up") == 0.13
        assert round_half(0.125, 2, "half_even") == 0.12
        assert round_half("2.675", 2, "half_up") == 2.68
        assert round_half(-2.5, 0, "half_up") == -2.0
        assert round_half(-2.5, 0, "half_down") == -3.0
        assert round_half(-2.5, 0, "truncate") == -2.0
        assert round_half(-2.4, 0, "floor") == -3.0
        assert round_half(2.1, 0, "ceiling") == 3.0

    def test_array_in_array_out(self):
        x = np.array([[0.5, 1.5], [2.5, 3.5]])
        out = round_half(x, 0, "half_even")
        assert isinstance(out, np.ndarray) and out.shape == (2, 2)
        assert out.tolist() == [[0.0, 2.0], [2.0, 4.0]]
        assert isinstance(round_half(0.5, 0), float | np.floating)

    def test_rejects_up_or_down(self):
        with pytest.raises(ValueError, match="rounding"):
            round_half(0.5, 0, "up_or_down")

    @pytest.mark.parametrize(
        ("kwargs", "arg"),
        [
            ({"x": np.nan, "decimals": 0}, "x"),
            ({"x": np.inf, "decimals": 0}, "x"),
            ({"x": True, "decimals": 0}, "x"),
            ({"x": 1.5, "decimals": -1}, "decimals"),
            ({"x": 1.5, "decimals": 0.5}, "decimals"),
            ({"x": 1.5, "decimals": 0, "rounding": "bankers"}, "rounding"),
            ({"x": 1.5, "decimals": 0, "denominator": 2}, "x"),
            ({"x": 3, "decimals": 0, "denominator": 0}, "denominator"),
        ],
    )
    def test_bad_input(self, kwargs, arg):
        with pytest.raises(MigstatsValueError, match=arg):
            round_half(**kwargs)


# ---------------------------------------------------------------------------
# rounding_interval
# ---------------------------------------------------------------------------


class TestRoundingInterval:
    @given(m=st.integers(-(10**5), 10**5), d=st.integers(0, 3), rule=rules)
    def test_endpoints_and_points_around_them(self, m, d, rule):
        v = Fraction(m, 10**d)
        iv = rounding_interval(as_str(v, d), rounding=rule)
        h = Fraction(1, 2 * 10**d)
        # exact ends recomputed independently from the documented widths
        lo = Fraction(iv.low).limit_denominator(2 * 10**d)
        hi = Fraction(iv.high).limit_denominator(2 * 10**d)
        assert hi - lo == (2 * h if rule != "truncate" or m != 0 else 4 * h)
        eps = Fraction(1, 10 ** (d + 4))
        for x in (lo + eps, hi - eps, (lo + hi) / 2):
            assert iv.contains(x)
            assert ref_rounds_to(x, d, rule, v)
        for x in (lo - eps, hi + eps):
            assert not iv.contains(x)
            assert not ref_rounds_to(x, d, rule, v)
        assert iv.contains(lo) == iv.low_inclusive == ref_rounds_to(lo, d, rule, v)
        assert iv.contains(hi) == iv.high_inclusive == ref_rounds_to(hi, d, rule, v)

    @given(
        x=st.fractions(min_value=-100, max_value=100, max_denominator=4000),
        d=st.integers(0, 2),
        rule=function_rules,
    )
    def test_rounding_functions_partition_the_line(self, x, d, rule):
        # x lies in the interval of exactly one neighbouring reported value:
        # the one it rounds to
        target = ref_round(x, d, rule)
        step = Fraction(1, 10**d)
        candidates = [target + j * step for j in (-2, -1, 0, 1, 2)]
        hits = [v for v in candidates if rounding_interval(as_str(v, d), rounding=rule).contains(x)]
        assert hits == [target]

    def test_scrutiny_unround_examples(self):
        # R scrutiny 0.6.1 (github.com/lhdjung/scrutiny, commit a56a945,
        # 2025-12-02), tests/testthat/test-unround.R, default rounding
        # "up_or_down": unround("4.50", digits = 1) has lower 4.45 and upper
        # 4.55; unround("4.50", digits = 1:5) has lower 4.45, 4.495, 4.4995,
        # 4.49995, 4.499995 and upper 4.55, 4.505, 4.5005, 4.50005, 4.500005
        # (`digits` overrides the string's decimals: the value 4.5 printed
        # with 1..5 decimals).
        iv = rounding_interval(4.5, decimals=1)
        assert (iv.low, iv.high) == (4.45, 4.55)
        iv = rounding_interval([4.5] * 5, decimals=[1, 2, 3, 4, 5])
        assert iv.low.tolist() == [4.45, 4.495, 4.4995, 4.49995, 4.499995]
        assert iv.high.tolist() == [4.55, 4.505, 4.5005, 4.50005, 4.500005]
        # Same file: rounding_bounds_scalar(rule, 8.2, 0.05, 0.5) -- x = 8.2,
        # half a last digit 0.05 -- gives 8.15 and 8.25 with the signs
        # "<=" "<=" ("up_or_down"), "<=" "<" ("up"), "<" "<=" ("down").
        expected = {
            "up_or_down": (True, True),
            "half_up": (True, False),
            "half_down": (False, True),
        }
        for rule, flags in expected.items():
            iv = rounding_interval("8.2", rounding=rule)
            assert (iv.low, iv.high) == (8.15, 8.25)
            assert (iv.low_inclusive, iv.high_inclusive) == flags

    def test_half_up_sends_negative_ties_up(self):
        # Derived from the definition (ties toward +infinity), the same as
        # scrutiny's round_up(x, digits, symmetric = FALSE), which is
        # floor(x * 10^digits + 0.5) / 10^digits up to a tolerance (R/round.R,
        # scrutiny 0.6.1): -0.535 rounds to -0.53, -0.525 to -0.52.
        for rule in ("up_or_down", "half_up", "half_down"):
            iv = rounding_interval("0.53", rounding=rule)
            assert (iv.low, iv.high) == (0.525, 0.535)
        neg = rounding_interval("-0.53", rounding="half_up")
        assert (neg.low_inclusive, neg.high_inclusive) == (True, False)
        assert float(round_half("-0.535", 2)) == -0.53
        assert float(round_half("-0.525", 2)) == -0.52

    def test_half_even_is_exact_decimal_not_binary(self):
        # half_even decides ties in exact decimal arithmetic: "2.675" is a tie
        # and goes to the even 2.68, while Python's round() sees the double
        # nearest to 2.675 (below it) and gives 2.67; the interval of a value
        # with an even last digit is closed at both ends (scrutiny's "even"
        # leaves both open, since base::round() rounds the binary double).
        assert float(round_half("2.675", 2, "half_even")) == 2.68
        assert round(2.675, 2) == 2.67
        assert float(round_half(2.675, 2, "half_even")) == 2.67  # the double itself
        even = rounding_interval("8.2", rounding="half_even")
        assert (even.low_inclusive, even.high_inclusive) == (True, True)
        assert even.contains("8.15") and even.contains("8.25")

    def test_documented_intervals(self):
        expected = {  # v = 52, h = 0.5, straight from the definitions
            "up_or_down": (51.5, 52.5, True, True),
            "half_up": (51.5, 52.5, True, False),
            "half_down": (51.5, 52.5, False, True),
            "half_even": (51.5, 52.5, True, True),
            "truncate": (52.0, 53.0, True, False),
            "ceiling": (51.0, 52.0, False, True),
            "floor": (52.0, 53.0, True, False),
        }
        for rule, exp in expected.items():
            iv = rounding_interval("52", rounding=rule)
            assert (iv.low, iv.high, iv.low_inclusive, iv.high_inclusive) == exp, rule
        odd = rounding_interval("53", rounding="half_even")
        assert (odd.low_inclusive, odd.high_inclusive) == (False, False)

    def test_trailing_zeros_in_strings_count(self):
        assert rounding_interval("54").decimals == 0
        iv = rounding_interval("54.0")
        assert iv.decimals == 1 and (iv.low, iv.high) == (53.95, 54.05)
        assert iv.reported == "54.0"

    def test_numbers_need_decimals(self):
        with pytest.raises(MigstatsValueError, match="decimals"):
            rounding_interval(54.0)
        iv = rounding_interval(54.0, decimals=1)
        assert iv.reported == "54.0"

    def test_not_clipped_to_percent_range(self):
        iv = rounding_interval("0")
        assert iv.low == -0.5
        assert rounding_interval("100").high == 100.5

    def test_vectorised(self):
        iv = rounding_interval(["1", "2.5", "30.25"])
        assert iv.low.shape == (3,)
        assert iv.decimals.tolist() == [0, 1, 2]
        assert iv.contains([1.4, 2.56, 30.255]).tolist() == [True, False, True]

    @pytest.mark.parametrize(
        ("kwargs", "arg"),
        [
            ({"value": "5,2"}, "value"),
            ({"value": np.nan, "decimals": 0}, "value"),
            ({"value": ["1", 2]}, "value"),
            ({"value": "1.25", "decimals": 1}, "decimals"),
            ({"value": 1.25, "decimals": 1}, "value"),
            ({"value": "1", "rounding": "round"}, "rounding"),
            ({"value": 1.0, "decimals": -1}, "decimals"),
        ],
    )
    def test_bad_input(self, kwargs, arg):
        with pytest.raises(MigstatsValueError, match=arg):
            rounding_interval(**kwargs)


# ---------------------------------------------------------------------------
# count_range and grim_percent
# ---------------------------------------------------------------------------


class TestGrimPercent:
    def test_scrutiny_percent_examples(self):
        # R scrutiny, tests/testthat/test-grim.R ("`percent` argument"):
        # grim(6:16, n = 50, percent = TRUE) is T F T F T F T F T F T.
        got = grim_percent(np.arange(6, 17), 50, decimals=0)
        assert got.tolist() == [True, False] * 5 + [True]

    def test_scrutiny_mean_examples_translated(self):
        # R scrutiny, tests/testthat/test-grim.R ("basic"): grim() of the
        # means 5.19, 5.20, ..., 5.30 with n = 28 is
        # F F T F F F T F F F T F.  A mean S / 28 rounds to 5.ab exactly when
        # the percentage 100 (S - 140) / 28 rounds to ab (shifting by the
        # even integer 500 does not change any rounding), with
        # 0 <= S - 140 <= 28 here, so the same verdicts hold for the
        # percentages 19..30 with n = 28.
        expected = [False, False, True, False, False, False, True, False, False, False, True, False]
        assert grim_percent(np.arange(19, 31), 28, decimals=0).tolist() == expected
        # "`items` argument": grim(0.150..0.159, n = 120, items = 3) is
        # T F F T F F T F T F: proportions of 360 answers, i.e. the
        # percentages 15.0..15.9 (one decimal) of n = 360.
        vals = [f"15.{j}" for j in range(10)]
        expected = [True, False, False, True, False, False, True, False, True, False]
        assert grim_percent(vals, 360).tolist() == expected
        # grim(0.80..0.89, n = 28, items = 2) is T F T F T F T T T T:
        # whole percentages 80..89 of n = 56 (87.5 = 49/56 is a tie).
        expected = [True, False, True, False, True, False, True, True, True, True]
        assert grim_percent(np.arange(80, 90), 56, decimals=0).tolist() == expected

    @pytest.mark.parametrize("rule", ROUNDING_RULES)
    @pytest.mark.parametrize(
        ("d", "sizes"),
        [(0, (*range(1, 41), 57, 99, 101, 150, 333)), (1, (1, 2, 3, 7, 12, 57, 333, 1001))],
    )
    def test_brute_force_every_value(self, rule, d, sizes):
        grid = [Fraction(j, 10**d) for j in range(100 * 10**d + 1)]
        strings = [as_str(v, d) for v in grid]
        for n in sizes:
            ok = ref_values(n, d, rule)
            got = grim_percent(strings, n, rounding=rule)
            assert got.tolist() == [v in ok for v in grid], (n, rule)

    @given(m=st.integers(0, 1000), n=st.integers(1, 10**12), d=st.integers(0, 1), rule=rules)
    def test_count_range_boundaries(self, m, n, d, rule):
        if m > 100 * 10**d:
            m = m % (100 * 10**d + 1)
        v = Fraction(m, 10**d)
        lo, hi = count_range(as_str(v, d), n, rounding=rule)

        def fits(c: int) -> bool:
            return 0 <= c <= n and ref_rounds_to(Fraction(100 * c, n), d, rule, v)

        if lo <= hi:
            assert fits(lo) and fits(hi) and fits((lo + hi) // 2)
            assert not fits(lo - 1) and not fits(hi + 1)
        else:
            # empty: the count nearest to the value does not fit either
            c0 = (n * m) // (100 * 10**d)
            assert not any(fits(c) for c in (c0 - 1, c0, c0 + 1, c0 + 2))

    def test_series_keeps_index(self):
        # 50 respondents: whole percentages must be even (2 points per person)
        s = pd.Series(["50", "7", "8"], index=["x", "y", "z"])
        out = grim_percent(s, 50)
        assert isinstance(out, pd.Series) and list(out.index) == ["x", "y", "z"]
        assert out.tolist() == [True, False, True]

    def test_huge_n_is_exact(self):
        # beyond int64 products the arithmetic switches to Python ints
        n = 3 * 10**17
        lo, hi = count_range("33.3333", n)
        assert lo == n * Fraction(333332500, 10**9) and hi == n * Fraction(333333500, 10**9)

    @given(n=st.integers(1, 5000), rule=rules)
    def test_count_range_monotone_in_percent(self, n, rule):
        r = count_range(np.arange(101), n, decimals=0, rounding=rule)
        assert (np.diff(r.low) >= 0).all() and (np.diff(r.high) >= 0).all()

    def test_zero_only_from_below_half(self):
        lo, hi = count_range("0", 1000)
        assert (lo, hi) == (0, 5)

    def test_scalar_and_array_types(self):
        assert isinstance(grim_percent("52", 100), bool)
        out = grim_percent([[52, 53]], [[100, 7]], decimals=0)
        assert out.shape == (1, 2)

    @pytest.mark.parametrize(
        ("kwargs", "arg"),
        [
            ({"percent": "101", "n": 10}, "percent"),
            ({"percent": -1, "n": 10, "decimals": 0}, "percent"),
            ({"percent": np.nan, "n": 10, "decimals": 0}, "percent"),
            ({"percent": 52.0, "n": 10}, "decimals"),
            ({"percent": "52", "n": 0}, "n"),
            ({"percent": "52", "n": -3}, "n"),
            ({"percent": "52", "n": 2.5}, "n"),
            ({"percent": "52", "n": True}, "n"),
            ({"percent": "52", "n": 10, "rounding": "nearest"}, "rounding"),
            ({"percent": ["50", "20", "30"], "n": [10, 20]}, "n: \\(2,\\)"),
            ({"percent": "52", "n": 2**53 + 1}, "n"),
            ({"percent": "52", "n": 10**20}, "n"),
        ],
    )
    def test_bad_input(self, kwargs, arg):
        with pytest.raises(MigstatsValueError, match=arg):
            grim_percent(**kwargs)


class TestGrimPercentMap:
    def test_keeps_caller_columns_and_index(self):
        df = pd.DataFrame(
            {"percent": ["7", "8", "15.1"], "n": [50, 50, 360], "note": ["a", "b", "c"]},
            index=["x", "y", "z"],
        )
        out = grim_percent_map(df)
        assert list(out.index) == ["x", "y", "z"]
        assert list(out.columns) == ["percent", "n", "note", "consistent", "probability_pass"]
        assert (
            out["consistent"].tolist() == grim_percent(["7", "8", "15.1"], [50, 50, 360]).tolist()
        )
        assert "consistent" not in df.columns  # caller's frame untouched

    @pytest.mark.parametrize("rule", ["up_or_down", "half_even", "floor"])
    @pytest.mark.parametrize(
        ("n", "d"), [(7, 0), (50, 0), (99, 0), (150, 0), (1000, 0), (13, 1), (240, 1)]
    )
    def test_probability_pass_brute_force(self, rule, n, d):
        # share of the 100 * 10**d + 1 reportable values that some count hits;
        # n > 100 * 10**d exercises the grid branch, smaller n the count branch
        expected = len(ref_values(n, d, rule)) / (100 * 10**d + 1)
        df = pd.DataFrame({"p": [as_str(Fraction(0), d)], "size": [n]})
        out = grim_percent_map(df, percent="p", n="size", rounding=rule)
        assert out["probability_pass"].iloc[0] == pytest.approx(expected, rel=1e-12)

    @given(
        d=st.integers(0, 1),
        extra=st.integers(0, 10**6),
        rule=rules,
        values=st.lists(st.integers(0, 1000), min_size=1, max_size=5),
    )
    def test_fine_granularity_always_passes(self, d, extra, rule, values):
        # once a count step 100 / n is no wider than the last printed digit,
        # every rounding interval (width 10**-d, containing its centre or an
        # included end) holds a multiple of it: everything passes
        n = 100 * 10**d + extra
        strings = [as_str(Fraction(v % (100 * 10**d + 1), 10**d), d) for v in values]
        out = grim_percent_map(pd.DataFrame({"percent": strings, "n": n}), rounding=rule)
        assert out["consistent"].all()
        assert (out["probability_pass"] == 1.0).all()

    @given(
        n=st.lists(st.integers(1, 400), min_size=1, max_size=6),
        data=st.data(),
        rule=rules,
    )
    def test_agrees_with_grim_percent(self, n, data, rule):
        pct = data.draw(st.lists(st.integers(0, 100), min_size=len(n), max_size=len(n)))
        out = grim_percent_map(pd.DataFrame({"percent": pct, "n": n}), decimals=0, rounding=rule)
        expected = grim_percent(pct, n, decimals=0, rounding=rule)
        assert out["consistent"].tolist() == expected.tolist()
        assert ((out["probability_pass"] > 0) & (out["probability_pass"] <= 1)).all()

    def test_numeric_column_with_decimals(self):
        df = pd.DataFrame({"percent": [52.0, 21.0], "n": [7, 100]})
        out = grim_percent_map(df, decimals=0)
        assert out["consistent"].tolist() == [False, True]

    def test_bad_input(self):
        df = pd.DataFrame({"percent": ["52"], "n": [10]})
        with pytest.raises(MigstatsValueError, match="percent"):
            grim_percent_map(df, percent="pct")
        with pytest.raises(MigstatsValueError, match="data"):
            grim_percent_map(df.assign(consistent=True))
        with pytest.raises(MigstatsValueError, match="data"):
            grim_percent_map({"percent": ["52"], "n": [10]})
        with pytest.raises(MigstatsValueError, match="n"):
            grim_percent_map(pd.DataFrame({"percent": ["52"], "n": [0]}))


# ---------------------------------------------------------------------------
# threshold rules (scrutiny's up_from / down_from)
# ---------------------------------------------------------------------------


def ref_threshold_round(x: Fraction, d: int, rule: str, t: int) -> Fraction:
    """scrutiny 0.6.1 R/round.R without its tolerance, in exact fractions.

    round_up_from:   floor(x * 10^d + (1 - t/10)) / 10^d
    round_down_from: ceiling(x * 10^d - (1 - t/10)) / 10^d
    """
    y = x * 10**d
    shift = 1 - Fraction(t, 10)
    if rule == "up_from":
        m = (y + shift).__floor__()
    else:
        m = (y - shift).__ceil__()
    return Fraction(m, 10**d)


threshold_rules = st.sampled_from(["up_from", "down_from"])
threshold_cases = {
    "x": st.fractions(min_value=-100, max_value=100, max_denominator=4000),
    "rule": threshold_rules,
    "t": st.integers(1, 9),
}


class TestThresholdRules:
    @given(d=st.integers(0, 3), **threshold_cases)
    def test_round_half_matches_scrutiny_formula(self, x, d, rule, t):
        got = Fraction(float(round_half(x, d, rule, threshold=t))).limit_denominator(10**d)
        assert got == ref_threshold_round(x, d, rule, t)

    @given(d=st.integers(0, 2), **threshold_cases)
    def test_intervals_partition_the_line(self, x, d, rule, t):
        target = ref_threshold_round(x, d, rule, t)
        step = Fraction(1, 10**d)
        hits = [
            v
            for v in (target + j * step for j in (-2, -1, 0, 1, 2))
            if rounding_interval(as_str(v, d), rounding=rule, threshold=t).contains(x)
        ]
        assert hits == [target]

    @given(m=st.integers(-(10**4), 10**4), d=st.integers(0, 3), rule=threshold_rules)
    def test_threshold_five_is_half_up_or_half_down(self, m, d, rule):
        plain = "half_up" if rule == "up_from" else "half_down"
        a = rounding_interval(as_str(Fraction(m, 10**d), d), rounding=rule, threshold=5)
        b = rounding_interval(as_str(Fraction(m, 10**d), d), rounding=plain)
        assert (a.low, a.high, a.low_inclusive, a.high_inclusive) == (
            b.low,
            b.high,
            b.low_inclusive,
            b.high_inclusive,
        )

    def test_up_from_six(self):
        # derived from round_up_from (R/round.R, scrutiny 0.6.1): with t = 6,
        # 0.526 rounds up to 0.53 and 0.5359... down to 0.53, 0.536 up to 0.54
        iv = rounding_interval("0.53", rounding="up_from", threshold=6)
        assert (iv.low, iv.high, iv.low_inclusive, iv.high_inclusive) == (0.526, 0.536, True, False)
        iv = rounding_interval("0.53", rounding="down_from", threshold=6)
        assert (iv.low, iv.high, iv.low_inclusive, iv.high_inclusive) == (0.524, 0.534, False, True)

    @pytest.mark.parametrize("rule", ["up_from", "down_from"])
    @pytest.mark.parametrize("t", [1, 3, 7, 9])
    @pytest.mark.parametrize("n", [7, 28, 360, 1000])
    def test_count_range_brute_force(self, rule, t, n):
        for d in (0, 1):
            reported = {}
            for c in range(n + 1):
                v = ref_threshold_round(Fraction(100 * c, n), d, rule, t)
                reported.setdefault(v, []).append(c)
            for v, cs in reported.items():
                r = count_range(as_str(v, d), n, rounding=rule, threshold=t)
                assert (r.low, r.high) == (min(cs), max(cs))
            df = pd.DataFrame({"percent": [as_str(Fraction(0), d)], "n": [n]})
            out = grim_percent_map(df, rounding=rule, threshold=t)
            expected = len(reported) / (100 * 10**d + 1)
            assert out["probability_pass"].iloc[0] == pytest.approx(expected, rel=1e-12)

    @pytest.mark.parametrize(
        ("kwargs", "arg"),
        [
            ({"rounding": "up_from"}, "threshold"),
            ({"rounding": "up_from", "threshold": 0}, "threshold"),
            ({"rounding": "up_from", "threshold": 10}, "threshold"),
            ({"rounding": "up_from", "threshold": 5.5}, "threshold"),
            ({"rounding": "up_from", "threshold": True}, "threshold"),
            ({"rounding": "down_from", "threshold": "6"}, "threshold"),
            ({"rounding": "half_up", "threshold": 6}, "threshold"),
            ({"rounding": "up_from_or_down_from", "threshold": 6}, "rounding"),
        ],
    )
    def test_bad_threshold(self, kwargs, arg):
        for fn in (
            lambda: rounding_interval("0.53", **kwargs),
            lambda: count_range("53", 100, **kwargs),
            lambda: grim_percent("53", 100, **kwargs),
        ):
            with pytest.raises(MigstatsValueError, match=arg):
                fn()


class TestBadInputKinds:
    @pytest.mark.parametrize(
        ("call", "arg"),
        [
            (lambda: round_half(1.5, 10**6), "decimals"),
            (lambda: round_half(1.5, True), "decimals"),
            (lambda: round_half(1.5, "2"), "decimals"),
            (lambda: round_half(1.5, np.nan), "decimals"),
            (lambda: round_half(3, 0, denominator=True), "denominator"),
            (lambda: round_half(True, 0, denominator=4), "x"),
            (lambda: count_range("52", True), "n"),
            (lambda: count_range("52", [True, 50]), "n"),
            (lambda: count_range("52", "50"), "n"),
            (lambda: count_range("52", np.inf), "n"),
            (lambda: count_range(52.0, 50, decimals=True), "decimals"),
            (lambda: count_range([52.0, np.nan], 50, decimals=0), "percent"),
            (lambda: grim_percent(np.inf, 50, decimals=0), "percent"),
            (lambda: grim_percent("52", 50, rounding=None), "rounding"),
            (lambda: rounding_interval(True, decimals=0), "value"),
            (lambda: rounding_interval("52", decimals=True), "decimals"),
        ],
    )
    def test_rejected_with_the_argument_named(self, call, arg):
        with pytest.raises(MigstatsValueError, match=arg) as err:
            call()
        assert "must be" in str(err.value)

    def test_grim_percent_map_n_column_of_booleans(self):
        df = pd.DataFrame({"percent": ["52", "48"], "n": pd.Series([True, 50], dtype=object)})
        with pytest.raises(MigstatsValueError, match="n"):
            grim_percent_map(df)

    def test_large_decimals_exact(self):
        # round_half once overflowed for decimals > 18; now exact
        assert float(round_half(1.5, 19)) == 1.5
        assert float(round_half("0.1234567890123456789012", 21)) == 0.123456789012345678901
        assert float(round_half(Fraction(1, 3), 40, "floor")) == float(
            Fraction(3333333333333333333333333333333333333333, 10**40)
        )

    @pytest.mark.parametrize("n", [10**9, 10**12, 10**15])
    def test_probability_pass_at_huge_n_is_instant(self, n):
        # closed form: 1 when n >= 100 * 10**d, else (n + 1 + ties) / grid
        df = pd.DataFrame({"percent": ["52.123456", "52.1234567890"], "n": [n, n]})
        out = grim_percent_map(df)
        assert out["probability_pass"].iloc[0] == 1.0
        # second row: d = 10, grid 10**12 + 1 values; below n = 10**12 every
        # count gives its own value and 200 * 10**10 * c / n = 2000 c (for
        # n = 10**9) is never odd, so there are no ties
        expect = (n + 1) / (10**12 + 1) if n < 10**12 else 1.0
        assert out["probability_pass"].iloc[1] == pytest.approx(expect, rel=1e-12)

    @given(n=st.integers(1, 2500), d=st.integers(0, 1), rule=rules)
    def test_probability_pass_closed_form_brute_force(self, n, d, rule):
        expected = len(ref_values(n, d, rule)) / (100 * 10**d + 1)
        df = pd.DataFrame({"p": [as_str(Fraction(0), d)], "size": [n]})
        out = grim_percent_map(df, percent="p", n="size", rounding=rule)
        assert out["probability_pass"].iloc[0] == pytest.approx(expected, rel=1e-12)


def test_threshold_field_only_where_used():
    # results without a threshold rule keep their former fields and columns
    plain = rounding_interval("52")
    assert "threshold" not in plain.to_dict() and "threshold" not in plain.to_frame()
    iv = rounding_interval("52", rounding="up_from", threshold=6)
    assert iv.to_dict()["threshold"] == 6 and iv.to_frame()["threshold"].tolist() == [6]
    assert iv.contains("51.6") and not iv.contains("52.6")
