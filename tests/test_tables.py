"""Tests of migstats._tables: table-level checks, implied shares, reconstruction,
intervals, group comparisons and gradients.

Expected values come from hand arithmetic written out in the comments (on the
published numbers of chapter 7 or on tiny synthetic tables), from brute force
(a grid over the simplex for the share ranges, enumeration of count vectors),
from tables generated from known true counts (``migstats.strategies``), or
from identities between migstats functions (a table-level result must equal
the core function applied to the same numbers).  No expected value is
pasted from the function under test.
"""

from __future__ import annotations

import itertools
from typing import ClassVar

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import migstats
from migstats import (
    LISS_2023,
    SampleDesign,
    check_table,
    implied_group_shares,
    load_table,
    reconstruct_counts,
)
from migstats.strategies import published_tables

EDU = ("bo/vmbo", "havo/vwo/mbo", "hbo/wo")
INC = ("Q1", "Q2", "Q3", "Q4", "Q5")

#: Items of the chapter catalogue that may carry an "agree" response in a
#: user DataFrame (every 5-point item).
AGREE_ITEMS = (
    ("7.2", "always_shelter_war_refugees"),
    ("7.2", "family_reunification"),
    ("7.2", "return_safe_country"),
    ("7.3", "no_labour_migrants"),
    ("7.3", "labour_migrant_cap"),
    ("7.3", "temporary_labour_migrants_only"),
    ("7.3", "easier_shortage_occupations"),
    ("7.5", "paid_work"),
    ("7.5", "language_lessons"),
    ("7.6", "close_borders"),
)


def user_table(rows: list[tuple]) -> pd.DataFrame:
    """A tidy user frame from (table, item, response, dimension, group, percent)."""
    return pd.DataFrame(
        rows, columns=["table", "item", "response", "dimension", "group", "percent"]
    )


def edu_rows(table: str, item: str, total: float, groups: tuple, response: str = "agree"):
    rows = [(table, item, response, "total", "total", total)]
    rows += [(table, item, response, "education", g, p) for g, p in zip(EDU, groups, strict=True)]
    return rows


def design_with(shares: dict, n: int = 1000, **kw) -> SampleDesign:
    kw.setdefault("deff", 1.0)  # the expected values below assume simple random sampling
    return SampleDesign(n=n, n_range=(n, n), shares={"education": shares}, **kw)


THIRDS = {g: 1 / 3 for g in EDU}


def truth_design(df: pd.DataFrame, dimension: str = "education") -> SampleDesign:
    """Design whose shares and n are the true group sizes of a generated table."""
    sizes = df[df.dimension == dimension].drop_duplicates("group").set_index("group")["n"]
    total = int(sizes.sum())
    decimals = max(len(r.split(".")[1]) if "." in r else 0 for r in df["reported"])
    return SampleDesign(
        n=total,
        n_range=(total, total),
        shares={dimension: {g: int(v) / total for g, v in sizes.items()}},
        decimals=decimals,
        deff=1.0,
    )


def one(frame: pd.DataFrame, **where) -> pd.Series:
    sel = np.ones(len(frame), dtype=bool)
    for k, v in where.items():
        sel &= (frame[k] == v).to_numpy()
    assert sel.sum() == 1, f"{sel.sum()} rows match {where}"
    return frame[sel].iloc[0]


# ---------------------------------------------------------------------------
# check_table
# ---------------------------------------------------------------------------


class TestCheckTable:
    def test_columns_and_verdicts(self):
        chk = check_table("7.6", n_range_points=0)
        assert tuple(chk.columns) == migstats.COLUMNS["check_table"]
        assert set(chk["verdict"]) <= set(migstats.CHECK_VERDICTS)

    def test_table_7_1_sums_to_100(self):
        # 2+2+4+6+15+10+11+14+8+28 = 100; ten whole percentages, each within
        # +-0.5 of its true value, so the published sum of a complete
        # distribution may lie anywhere in [100 - 5, 100 + 5].
        chk = check_table("7.1", n_range_points=0)
        row = one(chk, check="sum", dimension="total")
        assert row.observed == 100
        assert (row.expected_low, row.expected_high) == (95, 105)
        assert row.verdict == "consistent"

    def test_71_percent_is_scores_6_to_10(self):
        # Codes 6..10 are 10+11+14+8+28 = 71, each +-0.5: true sum in
        # [68.5, 73.5] (the complement 1..5 = 29 +- 2.5 gives the same).  The
        # text's 71 stands for [70.5, 71.5], so a printed value in [68, 74]
        # would pass.
        chk = check_table("7.1", n_range_points=0)
        row = one(chk, check="combined_response", response="6-10")
        assert row.observed == 71
        assert row.expected_low == pytest.approx(68.0)
        assert row.expected_high == pytest.approx(74.0)
        assert row.verdict == "consistent"
        counts = one(chk, check="combined_response_counts", response="6-10")
        assert counts.verdict == "consistent"
        # whole counts can only be tighter than the continuous bound
        assert counts.expected_low >= row.expected_low - 1e-9
        assert counts.expected_high <= row.expected_high + 1e-9

    def test_figure_7_1_education_vs_total(self):
        # Shares 26/99, 35/99, 38/99 (CBS) and 82, 75, 59 give
        # (26*82 + 35*75 + 38*59) / 99 = 6999 / 99 = 70.697; groups +-0.5 ->
        # true total in [70.197, 71.197]; the printed 71 ([70.5, 71.5]) may
        # lie in [69.697, 71.697].
        chk = check_table("7.1", n_range_points=0)
        row = one(chk, check="total_vs_groups", dimension="education")
        assert row.expected_low == pytest.approx(6999 / 99 - 1.0)
        assert row.expected_high == pytest.approx(6999 / 99 + 1.0)
        assert row.verdict == "consistent"
        assert "70.70" in row.detail

    def test_figure_7_1_income_not_testable(self):
        # the text gives only Q1 (72) and Q5 (68) for 6-10
        complete = migstats.LISS_2023.replace(partial_dimensions=())
        chk = check_table("7.1", design=complete, n_range_points=0)
        rows = chk[(chk.dimension == "income") & chk.check.str.startswith("total")]
        assert len(rows) == 2
        assert (rows.verdict == "untestable").all()
        assert rows.detail.str.contains("Q2, Q3, Q4").all()

    def test_57_disagree_next_to_12_agree(self):
        # 12 (table 7.2) + 57 (text) = 69 <= 100 + 2 * 0.5; with n = 2900:
        # 348 agree (12.0%), 1653 disagree (57.0%), 899 neither -> feasible.
        chk = check_table("7.2", n_range_points=0)
        s = one(chk, check="sum", item="more_refugees_own_municipality", dimension="total")
        assert s.observed == 69 and s.expected_high == 101 and s.verdict == "consistent"
        c = one(chk, check="counts", item="more_refugees_own_municipality", dimension="total")
        assert c.verdict == "consistent" and c.n == 2900

    def test_income_shares_contradict_a_total(self):
        # always_shelter_war_refugees: equal quintile shares give
        # (56+60+59+60+62)/5 = 59.4, true value in [58.9, 59.9]; the printed
        # total 58 stands for [57.5, 58.5]: no overlap, so the table is
        # inconsistent with 0.2 per quintile (the printed total would have to
        # lie in [58.4, 60.4]).  Share-free, 58 is inside [55.5, 62.5].
        # (LISS_2023 declares income partial; here it is declared complete.)
        complete = migstats.LISS_2023.replace(partial_dimensions=())
        chk = check_table("7.2", design=complete, n_range_points=0)
        b = one(
            chk, check="total_vs_groups", item="always_shelter_war_refugees", dimension="income"
        )
        assert b.verdict == "inconsistent"
        assert (b.expected_low, b.expected_high) == pytest.approx((58.4, 60.4))
        c = one(
            chk, check="total_within_groups", item="always_shelter_war_refugees", dimension="income"
        )
        assert c.verdict == "consistent"
        assert (c.expected_low, c.expected_high) == pytest.approx((55.0, 63.0))

    def test_synthetic_inconsistent_total_is_flagged(self):
        # groups 10, 20, 30 with equal shares: implied total 20, true value in
        # [19.5, 20.5]; a printed 25 ([24.5, 25.5]) cannot be their mean.  It
        # is inside the groups' range [9.5, 30.5] though.
        df = user_table(edu_rows("7.6", "close_borders", 25, (10, 20, 30)))
        chk = check_table(df, design=design_with(THIRDS), n_range_points=0)
        b = one(chk, check="total_vs_groups")
        assert b.verdict == "inconsistent"
        assert (b.expected_low, b.expected_high) == pytest.approx((19.0, 21.0))
        assert one(chk, check="total_within_groups").verdict == "consistent"
        # 20 would be consistent, 21 on the edge, 22 not
        for total, verdict in ((20, "consistent"), (21, "consistent"), (22, "inconsistent")):
            df = user_table(edu_rows("7.6", "close_borders", total, (10, 20, 30)))
            chk = check_table(df, design=design_with(THIRDS), n_range_points=0)
            assert one(chk, check="total_vs_groups").verdict == verdict

    def test_synthetic_sum_over_100_under_floor_rounding(self):
        # agree 60 + disagree 41 = 101.  Rounded to nearest (+-0.5 each) the
        # true values may sum to 100 (as_table's fixed half-width accepts it);
        # printed with the "floor" rule the true values are >= 60 and >= 41,
        # so they sum to >= 101 > 100: impossible.
        df = user_table(
            [
                ("7.7", "responsiveness", "agree", "total", "total", 60),
                ("7.7", "responsiveness", "disagree", "total", "total", 41),
            ]
        )
        near = check_table(df, design=design_with(THIRDS), n_range_points=0)
        row = one(near, check="sum")
        assert row.expected_high == pytest.approx(101.0)
        assert row.verdict == "consistent"
        floor = check_table(df, design=design_with(THIRDS, rounding="floor"), n_range_points=0)
        row = one(floor, check="sum")
        assert row.expected_high == pytest.approx(100.0)
        assert row.verdict == "inconsistent"
        # the count check agrees: with n = 1000 floor-rounded 60% and 41% need
        # at least 600 + 410 = 1010 > 1000 respondents
        assert one(floor, check="counts").verdict == "inconsistent"

    def test_design_rounding_names_are_mapped(self):
        # SampleDesign speaks scrutiny's "even"; rounding_interval "half_even":
        # 33 (odd) under half-even is the open interval (32.5, 33.5), treated
        # as closed, so the check equals the up_or_down one here.
        even = check_table("7.6", design=LISS_2023.replace(rounding="even"), n_range_points=0)
        both = check_table("7.6", n_range_points=0)
        cols = ["check", "expected_low", "expected_high", "verdict"]
        keep = even.check != "counts"
        pd.testing.assert_frame_equal(even.loc[keep, cols], both.loc[keep, cols])

    @settings(max_examples=15, deadline=None)
    @given(
        published_tables(  # defaults: a chapter item, so no catalogue is needed
            n=st.integers(20, 400),
            decimals=st.sampled_from([0, 1]),
            include_truth=True,
        )
    )
    def test_tables_from_true_counts_are_never_flagged(self, df):
        design = truth_design(df)
        chk = check_table(df.drop(columns=["count", "n"]), design=design, n_range_points=0)
        assert not (chk.verdict == "inconsistent").any(), chk[chk.verdict == "inconsistent"]
        assert (chk.check == "total_vs_groups").any()

    def test_user_frame_equals_chapter_id(self):
        by_id = check_table("7.6", n_range_points=0)
        by_frame = check_table(load_table("7.6"), design=LISS_2023, n_range_points=0)
        pd.testing.assert_frame_equal(by_id, by_frame)

    def test_n_array_gives_rows_per_n(self):
        chk = check_table("7.6", n=[1000, 2000], n_range_points=0)
        counts = chk[chk.check == "counts"]
        assert sorted(set(counts["n"])) == [1000, 2000]
        assert len(counts) == 2 * 9  # total + 3 education + 5 income groups, two n

    def test_n_range_summary_rows(self):
        chk = check_table("7.6", n_range_points=3)
        summary = chk[(chk.check == "counts") & chk["n"].isna()]
        assert len(summary) == 9
        assert summary.detail.str.contains("1500 to 5480").all()

    @pytest.mark.parametrize(
        ("kwargs", "name"),
        [
            ({"table": "9.9"}, "table"),
            ({"table": 7.2}, "table"),
            ({"table": "7.2", "n": 0}, "n"),
            ({"table": "7.2", "n": 100.5}, "n"),
            ({"table": "7.2", "n_range_points": 1}, "n_range_points"),
            ({"table": "7.2", "design": "LISS"}, "design"),
        ],
    )
    def test_bad_input(self, kwargs, name):
        table = kwargs.pop("table")
        with pytest.raises(ValueError, match=name):
            check_table(table, **kwargs)

    def test_bad_frame(self):
        df = user_table(edu_rows("7.6", "close_borders", 25, (10, 20, 130)))
        with pytest.raises(ValueError, match="percent"):
            check_table(df, design=LISS_2023)


# ---------------------------------------------------------------------------
# implied_group_shares
# ---------------------------------------------------------------------------


def simplex_grid(groups: int, step: float) -> np.ndarray:
    m = round(1 / step)
    pts = [c for c in itertools.product(range(m + 1), repeat=groups - 1) if sum(c) <= m]
    arr = np.array([[*c, m - sum(c)] for c in pts], dtype=float) / m
    return arr


def brute_force_ranges(eq: pd.DataFrame, groups: tuple, step: float, half: float = 0.5):
    """Share ranges by checking every point of a simplex grid against every
    equation directly: is there t_g in [p_g - h, p_g + h] with sum s_g t_g in
    [T - h, T + h]?  (The attainable weighted means form the interval
    [sum s (p - h), sum s (p + h)], clipped to [0, 100].)"""
    S = simplex_grid(len(groups), step)
    P = eq[list(groups)].to_numpy(float)
    T = eq["total"].to_numpy(float)
    lo = np.clip(P - half, 0, 100)
    hi = np.clip(P + half, 0, 100)
    ok = np.ones(len(S), dtype=bool)
    for j in range(len(T)):
        ok &= (S @ lo[j] <= T[j] + half + 1e-12) & (S @ hi[j] >= T[j] - half - 1e-12)
    return S[ok]


class TestImpliedGroupShares:
    def test_recovers_exact_shares(self):
        # shares 1/4, 1/4, 1/2; group percentages chosen so that every total
        # a/4 + b/4 + c/2 is a whole number: the equations hold exactly, the
        # least-squares point is the truth and the residual is 0.
        groups = [(10, 30, 50), (20, 40, 60), (8, 16, 30), (40, 20, 30), (70, 50, 10)]
        rows = []
        for (table, item), g in zip(AGREE_ITEMS, groups, strict=False):
            total = g[0] / 4 + g[1] / 4 + g[2] / 2
            assert total == int(total)
            rows += edu_rows(table, item, total, g)
        res = implied_group_shares("education", tables=user_table(rows), design=LISS_2023)
        np.testing.assert_allclose(res.point, [0.25, 0.25, 0.5], atol=1e-6)
        assert res.residual_rms == pytest.approx(0.0, abs=1e-6)
        assert res.feasible and res.identified
        assert np.all(res.ranges.low <= [0.25, 0.25, 0.5])
        assert np.all(res.ranges.high >= [0.25, 0.25, 0.5])

    @settings(max_examples=15, deadline=None)
    @given(
        shares=st.lists(st.integers(1, 20), min_size=3, max_size=3),
        profiles=st.lists(
            st.lists(st.floats(0.0, 100.0), min_size=3, max_size=3), min_size=2, max_size=8
        ),
    )
    def test_true_shares_inside_ranges(self, shares, profiles):
        s = np.array(shares, float) / sum(shares)
        rows = []
        for (table, item), p in zip(AGREE_ITEMS, profiles, strict=False):
            p = np.array(p)
            total = float(s @ p)
            # publish everything rounded half up to whole percentages
            rnd = np.floor(np.append(p, total) + 0.5)
            assume(rnd[:3].min() - 0.5 <= rnd[3] <= rnd[:3].max() + 0.5)
            rows += edu_rows(table, item, rnd[3], tuple(rnd[:3]))
        res = implied_group_shares("education", tables=user_table(rows), design=LISS_2023)
        assert res.feasible
        assert np.all(res.ranges.low <= s + 1e-9)
        assert np.all(s <= res.ranges.high + 1e-9)
        assert res.point.sum() == pytest.approx(1.0)
        assert np.all(res.point >= 0)

    def test_contradictory_table_is_infeasible(self):
        # Same groups 10, 20, 30 but totals 12 and 28: the weighted mean mu of
        # the groups must satisfy mu - 0.5 <= 12.5 and mu + 0.5 >= 27.5, i.e.
        # mu <= 13 and mu >= 27: impossible.  Widening both totals by e gives
        # mu <= 13 + e and mu >= 27 - e, feasible from e = 7.
        rows = edu_rows("7.6", "close_borders", 12, (10, 20, 30))
        rows += edu_rows("7.5", "paid_work", 28, (10, 20, 30))
        res = implied_group_shares("education", tables=user_table(rows), design=LISS_2023)
        assert not res.feasible
        assert res.min_widening == pytest.approx(7.0)
        assert np.isnan(res.ranges.low).all()
        assert "NO education shares" in res.message

    def test_education_ranges_match_brute_force(self):
        # (The income polytope is too thin for a grid: a 0.025 grid over the
        # 5-simplex hits it twice.  test_ranges_equal_lifted_lp covers it.)
        step = 0.01
        res = implied_group_shares("education")
        ok = brute_force_ranges(res.equations, EDU, step)
        assert res.feasible and len(ok) > 0
        # every consistent grid point lies inside the LP ranges ...
        assert np.all(ok.min(axis=0) >= res.ranges.low - 1e-9)
        assert np.all(ok.max(axis=0) <= res.ranges.high + 1e-9)
        # ... and the polytope's extremes are within about a grid step of one
        np.testing.assert_allclose(ok.min(axis=0), res.ranges.low, atol=2 * step)
        np.testing.assert_allclose(ok.max(axis=0), res.ranges.high, atol=2 * step)

    @pytest.mark.parametrize("dimension", ["education", "income"])
    def test_ranges_equal_lifted_lp(self, dimension):
        # Independent formulation of the bilinear condition "some t_g in
        # [lo_g, hi_g] give sum s_g t_g in [lo_T, hi_T]": substitute
        # u_g = s_g t_g, so s_g lo_g <= u_g <= s_g hi_g and
        # lo_T <= sum u_g <= hi_T -- linear in (s, u) without aggregating.
        from scipy.optimize import linprog

        groups = EDU if dimension == "education" else INC
        res = implied_group_shares(dimension)
        P = res.equations[list(groups)].to_numpy(float)
        T = res.equations["total"].to_numpy(float)
        m, G = P.shape
        nv = G + m * G  # s, then u (row-major by equation)
        A_ub, b_ub = [], []
        for j in range(m):
            for g in range(G):
                u = G + j * G + g
                r = np.zeros(nv)
                r[g], r[u] = P[j, g] - 0.5, -1.0  # s lo - u <= 0
                A_ub.append(r), b_ub.append(0.0)
                r = np.zeros(nv)
                r[g], r[u] = -(P[j, g] + 0.5), 1.0  # u - s hi <= 0
                A_ub.append(r), b_ub.append(0.0)
            r = np.zeros(nv)
            r[G + j * G : G + (j + 1) * G] = 1.0
            A_ub.append(r), b_ub.append(T[j] + 0.5)
            A_ub.append(-r), b_ub.append(-(T[j] - 0.5))
        A_eq = np.zeros((1, nv))
        A_eq[0, :G] = 1.0
        bounds = [(0, 1)] * G + [(None, None)] * (m * G)
        for g in range(G):
            c = np.zeros(nv)
            c[g] = 1.0
            lo = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=[1], bounds=bounds)
            hi = linprog(-c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=[1], bounds=bounds)
            assert res.ranges.low[g] == pytest.approx(lo.fun, abs=1e-7)
            assert res.ranges.high[g] == pytest.approx(-hi.fun, abs=1e-7)

    def test_equal_income_shares_rejected(self):
        # see TestCheckTable.test_income_shares_contradict_a_total: 0.2 each
        # violates the always_shelter_war_refugees equation, so the vector
        # (0.2, ..., 0.2) is not in the consistent set.
        res = implied_group_shares("income")
        eq = res.equations.set_index("item").loc["always_shelter_war_refugees"]
        mean_hi = np.mean(eq[list(INC)].to_numpy(float) + 0.5)
        mean_lo = np.mean(eq[list(INC)].to_numpy(float) - 0.5)
        assert not (mean_lo <= eq["total"] + 0.5 and mean_hi >= eq["total"] - 0.5)
        assert not res.comparison["design_share_in_range"].all()

    def test_point_in_range_flag(self):
        # exact synthetic totals (no rounding error): the least-squares point
        # solves every equation, so it lies inside every range
        # (shares 0.25, 0.35, 0.40: 40/20/20 -> 25 and 60/40/50 -> 49, whole
        # numbers; with the sum constraint the system has a unique solution)
        rows = edu_rows("7.6", "close_borders", 25, (40, 20, 20))
        rows += edu_rows("7.5", "paid_work", 49, (60, 40, 50))
        exact = implied_group_shares("education", tables=user_table(rows), design=LISS_2023)
        np.testing.assert_allclose(exact.point, [0.25, 0.35, 0.40], atol=1e-9)
        assert exact.comparison.point_in_range.all()
        assert "lies outside the range" not in exact.message
        # the flag is the plain comparison of the point with the ranges
        res = implied_group_shares("income")
        f = res.comparison
        expected = (f.point >= f.range_low - 1e-11) & (f.point <= f.range_high + 1e-11)
        assert (f.point_in_range == expected).all()
        assert ("lies outside the range" in res.message) == (not f.point_in_range.all())

    def test_comparison_frame(self):
        res = implied_group_shares("education", tables="7.2")
        f = res.to_frame()
        assert list(f.columns) == [
            "group",
            "design_share",
            "point",
            "range_low",
            "range_high",
            "design_share_in_range",
            "point_in_range",
        ]
        assert f["group"].tolist() == list(EDU)
        np.testing.assert_allclose(f["design_share"], np.array([26, 35, 38]) / 99)
        assert res.n_equations == 4

    def test_tables_list(self):
        a = implied_group_shares("education", tables=["7.2", "7.3"])
        assert a.n_equations == 8

    @pytest.mark.parametrize(
        ("args", "kwargs", "name"),
        [
            (("sex",), {}, "dimension"),
            ((None,), {}, "dimension"),
            (("education",), {"tables": "7.9"}, "table"),
            (("education",), {"tables": 3}, "tables"),
            (("urbanisation",), {"tables": "7.4"}, "dimension"),  # approximate in the text
            (("income",), {"tables": "7.1"}, "dimension"),  # only Q1 and Q5 for 6-10
        ],
    )
    def test_bad_input(self, args, kwargs, name):
        with pytest.raises(ValueError, match=name):
            implied_group_shares(*args, **kwargs)


# ---------------------------------------------------------------------------
# reconstruct_counts
# ---------------------------------------------------------------------------


class TestReconstructCounts:
    def test_columns(self):
        rc = reconstruct_counts("7.6")
        assert tuple(rc.columns) == migstats.COLUMNS["reconstruct_counts"]

    def test_hand_computed_total(self):
        # 33% of n = 1000: 100 c / 1000 rounds to 33 for c in 325..335 (32.5
        # and 33.5 may round either way); closest to 330 is 330; the rest
        # category holds 1000 - 335 .. 1000 - 325 = 665..675.
        rc = reconstruct_counts("7.6", n=1000)
        agree = one(rc, dimension="total", response="agree")
        assert (agree["count"], agree.count_low, agree.count_high) == (330, 325, 335)
        rest = one(rc, dimension="total", response="remainder")
        assert (rest.count_low, rest.count_high) == (665, 675)
        assert agree.n_feasible == 11  # c = 325..335, rest determined

    def test_group_sizes_from_design(self):
        # largest remainder of 1000 * (26, 35, 38) / 99 = 262.63, 353.54,
        # 383.84 -> floors 262, 353, 383 (998); the two largest remainders
        # (0.84 of hbo/wo, 0.63 of bo/vmbo) get one each: 263, 353, 384.
        rc = reconstruct_counts("7.6", n=1000)
        sizes = rc[(rc.dimension == "education") & (rc.response == "agree")]["n_group"]
        assert sizes.tolist() == [263, 353, 384]

    def test_grim_inconsistent_group(self):
        # 52% of 7 people: 3/7 = 42.9%, 4/7 = 57.1% -> no count rounds to 52.
        df = user_table(
            [
                ("7.7", "responsiveness", "agree", "total", "total", 52),
                ("7.7", "responsiveness", "disagree", "total", "total", 21),
            ]
        )
        rc = reconstruct_counts(df, design=design_with(THIRDS, n=7))
        assert not rc["consistent"].any()
        assert rc["count"].isna().all()
        assert (rc["n_feasible"] == 0).all()

    def test_n_array(self):
        rc = reconstruct_counts("7.6", n=[1000, 2000])
        assert sorted(set(rc["n"])) == [1000, 2000]
        assert len(rc) == 2 * 9 * 2

    def test_complete_distribution_has_no_remainder(self):
        rc = reconstruct_counts("7.1", n=200)
        total = rc[rc.dimension == "total"]
        assert total["response"].tolist() == [str(i) for i in range(1, 11)]
        assert total["count"].sum() == 200

    @settings(max_examples=15, deadline=None)
    @given(
        published_tables(
            table="7.7",
            item="responsiveness",
            responses=("agree", "disagree"),
            n=st.integers(1, 300),
            include_truth=True,
        )
    )
    def test_ranges_contain_true_counts(self, df):
        design = truth_design(df)
        rc = reconstruct_counts(df.drop(columns=["count", "n"]), design=design)
        merged = rc.merge(df, on=["dimension", "group", "response"], suffixes=("", "_true"))
        assert len(merged) == len(df)
        assert merged["consistent"].all()
        assert (merged["n_group"] == merged["n_true"]).all()
        assert (merged["count_low"] <= merged["count_true"]).all()
        assert (merged["count_true"] <= merged["count_high"]).all()

    @pytest.mark.parametrize(
        ("kwargs", "name"),
        [({"n": -5}, "n"), ({"n": [[1000]]}, "n"), ({"design": "LISS"}, "design")],
    )
    def test_bad_input(self, kwargs, name):
        with pytest.raises(ValueError, match=name):
            reconstruct_counts("7.6", **kwargs)


# ---------------------------------------------------------------------------
# table_intervals
# ---------------------------------------------------------------------------


class TestTableIntervals:
    def test_columns(self):
        ti = migstats.table_intervals("7.6", rounding_aware=False)
        assert tuple(ti.columns) == migstats.COLUMNS["table_intervals"]
        extra = migstats.table_intervals("7.6").columns
        assert tuple(extra[len(migstats.COLUMNS["table_intervals"]) :]) == (
            "percent_low",
            "percent_high",
            "plain_ci_low",
            "plain_ci_high",
            "rounding_added",
        )

    @pytest.mark.parametrize(
        ("method", "scipy_method"), [("wilson", "wilson"), ("clopper_pearson", "exact")]
    )
    def test_against_scipy_binomtest(self, method, scipy_method):
        # 33% of n = 2000 is k = 660; the rounding interval [32.5, 33.5] gives
        # k = 650 and 670.  scipy.stats.binomtest is an independent
        # implementation of both methods.
        from scipy.stats import binomtest

        ti = migstats.table_intervals("7.6", n=2000, deff=1.0, method=method, rounding_aware=True)
        row = one(ti, dimension="total")
        plain = binomtest(660, 2000).proportion_ci(method=scipy_method)
        lo = binomtest(650, 2000).proportion_ci(method=scipy_method)
        hi = binomtest(670, 2000).proportion_ci(method=scipy_method)
        # table-level frames are in percent: the proportions times 100
        assert row.plain_ci_low == pytest.approx(100 * plain.low, abs=1e-7)
        assert row.plain_ci_high == pytest.approx(100 * plain.high, abs=1e-7)
        assert row.ci_low == pytest.approx(100 * lo.low, abs=1e-7)
        assert row.ci_high == pytest.approx(100 * hi.high, abs=1e-7)
        assert (row.percent_low, row.percent_high) == (32.5, 33.5)

    def test_wilson_formula_for_a_group(self):
        # hbo/wo in table 7.6 (21%) with the design's group size at n = 2900
        # (1113, see the design's docstring) and deff 2: Wilson's formula on
        # n_eff = 556.5, written out here.
        ti = migstats.table_intervals("7.6", deff=2.0, rounding_aware=False)
        row = one(ti, group="hbo/wo")
        assert row.n_group == 1113
        n_eff, p, z = 1113 / 2, 0.21, 1.959963984540054
        centre = (p + z**2 / (2 * n_eff)) / (1 + z**2 / n_eff)
        half = z / (1 + z**2 / n_eff) * np.sqrt(p * (1 - p) / n_eff + z**2 / (4 * n_eff**2))
        assert row.ci_low == pytest.approx(100 * (centre - half), rel=1e-10)  # in percent
        assert row.ci_high == pytest.approx(100 * (centre + half), rel=1e-10)

    @pytest.mark.parametrize(
        "method", ["wilson", "wilson_cc", "clopper_pearson", "jeffreys", "agresti_coull", "wald"]
    )
    def test_rounding_aware_is_the_union_over_true_values(self, method):
        # brute force: the intervals at 2001 true values across [lo, hi]
        from migstats import proportion_ci

        df = user_table(
            [
                ("7.7", "responsiveness", "agree", "total", "total", 1),
                ("7.7", "responsiveness", "disagree", "total", "total", 64),
            ]
        )
        d = design_with(THIRDS, n=60)
        ti = migstats.table_intervals(df, design=d, method=method, rounding_aware=True)
        for _, row in ti.iterrows():
            x = np.linspace(row.percent_low, row.percent_high, 2001) / 100
            lo, hi = proportion_ci(x * 60, 60, method=method)
            lo, hi = 100 * np.asarray(lo), 100 * np.asarray(hi)  # the frame is in percent
            tol = 1e-9 if method in migstats._tables.MONOTONE_PROPORTION_METHODS else 2e-4
            assert row.ci_low <= np.min(lo) + 1e-12
            assert row.ci_high >= np.max(hi) - 1e-12
            assert row.ci_low == pytest.approx(np.min(lo), abs=tol)
            assert row.ci_high == pytest.approx(np.max(hi), abs=tol)

    @settings(max_examples=12, deadline=None)
    @given(
        n=st.integers(50, 6000),
        deff=st.floats(1.0, 3.0),
        level=st.floats(0.5, 0.995),
        method=st.sampled_from(
            ["wilson", "wilson_cc", "clopper_pearson", "jeffreys", "agresti_coull", "wald"]
        ),
    )
    def test_properties(self, n, deff, level, method):
        kw = dict(n=n, deff=deff, method=method)
        ti = migstats.table_intervals("7.7", rounding_aware=True, confidence_level=level, **kw)
        # rounding-aware interval contains the plain one
        assert (ti.ci_low <= ti.plain_ci_low + 1e-12).all()
        assert (ti.ci_high >= ti.plain_ci_high - 1e-12).all()
        assert (ti.rounding_added >= -1e-12).all()
        # higher confidence level -> wider; larger n -> narrower; larger deff -> wider
        wider = migstats.table_intervals("7.7", confidence_level=min(level + 0.004, 0.999), **kw)
        plain = migstats.table_intervals("7.7", confidence_level=level, **kw)
        assert ((wider.ci_high - wider.ci_low) >= (plain.ci_high - plain.ci_low) - 1e-12).all()
        bigger = migstats.table_intervals("7.7", confidence_level=level, **{**kw, "n": 4 * n})
        assert ((bigger.ci_high - bigger.ci_low) <= (plain.ci_high - plain.ci_low) + 1e-12).all()

    def test_n_array_and_dimensions_without_shares(self):
        ti = migstats.table_intervals("7.4", n=[1000, 3000])
        assert sorted(set(ti["n"])) == [1000, 3000]
        assert "urbanisation" not in set(ti["dimension"])  # no shares in LISS_2023

    @pytest.mark.parametrize(
        ("kwargs", "name"),
        [
            ({"method": "exact"}, "method"),
            ({"confidence_level": 95}, "confidence_level"),
            ({"deff": 0}, "deff"),
            ({"deff": [[1, 2]]}, "deff"),
            ({"rounding_aware": "yes"}, "rounding_aware"),
            ({"n": 0}, "n"),
        ],
    )
    def test_bad_input(self, kwargs, name):
        with pytest.raises(ValueError, match=name):
            migstats.table_intervals("7.6", **kwargs)


# ---------------------------------------------------------------------------
# scale_mean
# ---------------------------------------------------------------------------


class TestScaleMean:
    def test_hand_computed_mean_and_rounding_range(self):
        # mean = (1*2 + 2*2 + 3*4 + 4*6 + 5*15 + 6*10 + 7*11 + 8*14 + 9*8 +
        # 10*28) / 100 = 718 / 100 = 7.18.  Lowest mean within the rounding
        # with sum 100: move 0.5 from each of codes 6..10 to each of 1..5:
        # 0.5 * (15 - 40) / 100 = -0.125 -> 7.055; highest 7.305.
        m = one(migstats.scale_mean("7.1"), dimension="total")
        assert m.estimate == pytest.approx(7.18)
        assert (m.rounding_low, m.rounding_high) == pytest.approx((7.055, 7.305))
        assert m.rounding_low <= m.counts_low <= m.estimate <= m.counts_high <= m.rounding_high

    def test_n_100_has_one_count_vector(self):
        # with n = 100 a count c rounds to p% only for c = p, so the counts
        # are the published percentages and the count range is one point;
        # the normal-method SE is the population SD of the 100 scores / 10.
        m = one(migstats.scale_mean("7.1", n=100, deff=1.0), dimension="total")
        assert m.counts_low == pytest.approx(7.18) and m.counts_high == pytest.approx(7.18)
        scores = np.repeat(np.arange(1, 11), [2, 2, 4, 6, 15, 10, 11, 14, 8, 28])
        assert m.standard_error == pytest.approx(scores.std(ddof=0) / 10)

    def test_t_method_matches_ttest(self):
        from scipy import stats

        m = one(migstats.scale_mean("7.1", n=100, deff=1.0, method="t"), dimension="total")
        scores = np.repeat(np.arange(1, 11), [2, 2, 4, 6, 15, 10, 11, 14, 8, 28])
        ci = stats.ttest_1samp(scores, 0).confidence_interval(0.95)
        assert (m.ci_low, m.ci_high) == pytest.approx((ci.low, ci.high))

    @settings(max_examples=10, deadline=None)
    @given(n=st.integers(100, 6000))
    @example(n=101)  # no count vector of 101 fits table 7.1's total: both branches always run
    @example(n=2900)
    def test_count_range_inside_rounding_range(self, n):
        m = one(migstats.scale_mean("7.1", n=n), dimension="total")
        if np.isnan(m.counts_low):  # no count vector of this n rounds to every number
            reported = [
                str(v) for v in migstats.load_table("7.1").query("dimension == 'total'")["reported"]
            ]
            assert not migstats.feasible_counts(reported, n).consistent
            assert np.isnan(m.counts_high)
        else:
            assert m.rounding_low - 1e-9 <= m.counts_low <= m.counts_high <= m.rounding_high + 1e-9
        assert m.ci_low < m.estimate < m.ci_high

    def test_reversed_scores(self):
        # scores 10..1 give 11 - mean
        m = one(migstats.scale_mean("7.1", scores=np.arange(10, 0, -1)), dimension="total")
        assert m.estimate == pytest.approx(11 - 7.18)
        assert (m.rounding_low, m.rounding_high) == pytest.approx((11 - 7.305, 11 - 7.055))

    @pytest.mark.parametrize(
        ("args", "kwargs", "name"),
        [
            (("7.6",), {}, "table"),
            (("7.1",), {"scores": [1, 2, 3]}, "scores"),
            (("7.1",), {"method": "bootstrap"}, "method"),
        ],
    )
    def test_bad_input(self, args, kwargs, name):
        with pytest.raises(ValueError, match=name):
            migstats.scale_mean(*args, **kwargs)


# ---------------------------------------------------------------------------
# gradient, compare_gradients, gradient_table
# ---------------------------------------------------------------------------


class TestGradient:
    def test_hand_values(self):
        # close_borders by education: 47, 37, 21 -> gap 21 - 47 = -26 points;
        # group sizes at n = 2900: 762, 1025, 1113 (design docstring).
        g = migstats.gradient("7.6", "close_borders", "education")
        assert g.gap == pytest.approx(-0.26)
        assert g.n.tolist() == [762, 1025, 1113]
        np.testing.assert_allclose(g.shares, np.array([26, 35, 38]) / 99)
        assert g.groups == EDU

    def test_user_frame_equals_chapter_id(self):
        a = migstats.gradient("7.3", "no_labour_migrants", "income")
        b = migstats.gradient(load_table("7.3"), "no_labour_migrants", "income", design=LISS_2023)
        pd.testing.assert_frame_equal(a.to_frame(), b.to_frame())

    @settings(max_examples=5, deadline=None)
    @given(st.randoms(use_true_random=False))
    def test_invariant_to_row_order(self, rnd):
        frame = load_table("7.5")
        idx = list(frame.index)
        rnd.shuffle(idx)
        a = migstats.gradient("7.5", "paid_work", "education")
        b = migstats.gradient(frame.loc[idx], "paid_work", "education", design=LISS_2023)
        pd.testing.assert_frame_equal(a.to_frame(), b.to_frame())

    def test_equals_core_with_design_sizes(self):
        g = migstats.gradient("7.5", "paid_work", "income", n=1500, deff=1.5, rounding_aware=False)
        core = migstats.gradient_from_proportions(
            [0.51, 0.54, 0.59, 0.58, 0.63], [300] * 5, [0.2] * 5, deff=1.5
        )
        assert g.sii == pytest.approx(core.sii)
        assert g.trend.pvalue == pytest.approx(core.trend.pvalue)

    def test_text_response(self):
        g = migstats.gradient("7.1", "refugee_intake", "education", response="6-10")
        assert g.gap == pytest.approx(0.59 - 0.82)

    @pytest.mark.parametrize(
        ("args", "kwargs", "match"),
        [
            (("7.6", "paid_work", "education"), {}, "item.*close_borders"),
            (("7.6", "close_borders", "age"), {}, "dimension.*education"),
            (("7.6", "close_borders", "education"), {"response": "disagree"}, "response"),
            (("7.1", "refugee_intake", "income"), {"response": "6-10"}, "Q2"),
            (("7.6", "close_borders", "education"), {"n": [1000, 2000]}, "n"),
            (("7.6", "close_borders", "education"), {"confidence_level": 0}, "confidence_level"),
        ],
    )
    def test_bad_input(self, args, kwargs, match):
        with pytest.raises(ValueError, match=match):
            migstats.gradient(*args, **kwargs)


class TestCompareGradients:
    @settings(max_examples=6, deadline=None)
    @given(n=st.integers(500, 6000), deff=st.floats(1.0, 2.5))
    def test_properties(self, n, deff):
        cmp = migstats.compare_gradients("7.5", "paid_work", n=n, deff=deff)
        ind, worst = cmp.confidence_interval("independent"), cmp.confidence_interval("worst_case")
        assert worst.low <= ind.low <= cmp.estimate <= ind.high <= worst.high
        # a larger sample gives narrower gradient intervals
        small = migstats.gradient("7.5", "paid_work", "income", n=n, deff=deff)
        large = migstats.gradient("7.5", "paid_work", "income", n=4 * n, deff=deff)
        assert np.diff(large.sii_ci) < np.diff(small.sii_ci)
        assert large.sii == pytest.approx(small.sii, abs=1e-3)  # sizes rounded to integers

    def test_estimate_is_difference_of_siis(self):
        edu = migstats.gradient("7.6", "close_borders", "education")
        inc = migstats.gradient("7.6", "close_borders", "income")
        cmp = migstats.compare_gradients("7.6", "close_borders")
        assert cmp.estimate == pytest.approx(edu.sii - inc.sii)
        assert cmp.abs_estimate == pytest.approx(abs(edu.sii) - abs(inc.sii))
        # worst-case se = se_a + se_b >= independent sqrt(se_a^2 + se_b^2)
        assert cmp.standard_error["worst_case"] == pytest.approx(
            edu.inequality.sii_standard_error + inc.inequality.sii_standard_error
        )
        assert cmp.standard_error["worst_case"] >= cmp.standard_error["independent"]
        frame = cmp.to_frame()
        assert {"independent", "worst_case"} <= set(frame["scenario"])

    def test_dimensions_argument(self):
        cmp = migstats.compare_gradients("7.6", "close_borders", dimensions=("income", "education"))
        ref = migstats.compare_gradients("7.6", "close_borders")
        assert cmp.estimate == pytest.approx(-ref.estimate)

    @pytest.mark.parametrize("dims", [("education",), ("education", "education"), "ei"])
    def test_bad_dimensions(self, dims):
        with pytest.raises(ValueError, match="dimensions"):
            migstats.compare_gradients("7.6", "close_borders", dimensions=dims)

    def test_missing_income_groups(self):
        with pytest.raises(ValueError, match="Q2"):
            migstats.compare_gradients("7.1", "refugee_intake", response="6-10")


class TestGradientTable:
    def test_rows(self):
        # items with education and income in tables 7.2-7.7: 4 + 4 + 1 + 2 +
        # 1 + 3 = 15, two rows each, plus figure 7.1 (6-10) by education only.
        gt = migstats.gradient_table()
        assert tuple(gt.columns) == migstats.COLUMNS["gradient_table"]
        assert len(gt) == 31
        fig = one(gt, item="refugee_intake")
        assert fig.dimension == "education" and np.isnan(fig.sii_difference)

    def test_equals_single_calls(self):
        gt = migstats.gradient_table(n=2000, deff=1.5, rounding_aware=False)
        row = one(gt, item="paid_work", dimension="income")
        g = migstats.gradient("7.5", "paid_work", "income", n=2000, deff=1.5, rounding_aware=False)
        # the frame is in points, the core result objects in proportions
        assert row.sii == pytest.approx(100 * g.sii)
        assert row.rii == pytest.approx(g.rii)  # a ratio: no unit
        assert row.trend_pvalue == pytest.approx(g.trend.pvalue)
        cmp = migstats.compare_gradients("7.5", "paid_work", n=2000, deff=1.5)
        assert row.sii_difference == pytest.approx(100 * cmp.estimate)
        assert row.sii_difference_worst_ci_low == pytest.approx(
            100 * cmp.confidence_interval("worst_case").low
        )
        assert row.steeper == pytest.approx(100 * cmp.abs_estimate)

    def test_n_array_and_all_responses(self):
        gt = migstats.gradient_table(tables="7.6", n=[1500, 5480])
        assert gt["n"].tolist() == [1500, 1500, 5480, 5480]
        # table 7.7: three items with agree and disagree, two dimensions each
        assert len(migstats.gradient_table(tables="7.7", every_response=True)) == 12
        # table 7.1 has only the text's 6-10 by education
        assert len(migstats.gradient_table(tables="7.1", response="6-10")) == 1
        # ... which is also the default there: the table's only response, as no
        # item publishes the report's default response ("agree")
        assert len(migstats.gradient_table(tables="7.1")) == 1
        with pytest.raises(ValueError, match="response must be one of '6-10'"):
            migstats.gradient_table(tables="7.1", response="agree")
        with pytest.raises(ValueError, match="response must be None when every_response"):
            migstats.gradient_table(tables="7.7", response="agree", every_response=True)

    def test_one_table(self):
        gt = migstats.gradient_table(tables="7.6")
        assert len(gt) == 2

    @pytest.mark.parametrize(
        ("kwargs", "name"),
        [({"response": "maybe"}, "response"), ({"deff": -1}, "deff"), ({"tables": 7}, "tables")],
    )
    def test_bad_input(self, kwargs, name):
        with pytest.raises(ValueError, match=name):
            migstats.gradient_table(**kwargs)


# ---------------------------------------------------------------------------
# compare_groups
# ---------------------------------------------------------------------------


def hundred_each(percents: tuple, total: float | None = None) -> tuple[pd.DataFrame, SampleDesign]:
    """Education groups of exactly 100 respondents each (n = 300, shares 1/3)."""
    if total is None:
        total = round(sum(percents) / 3)
    df = user_table(edu_rows("7.6", "close_borders", total, percents))
    return df, design_with(THIRDS, n=300)


class TestCompareGroups:
    def test_columns(self):
        cg = migstats.compare_groups("7.6", "close_borders", "education", rounding_aware=False)
        assert tuple(cg.columns) == migstats.COLUMNS["compare_groups"]
        aware = migstats.compare_groups("7.6", "close_borders", "education")
        assert tuple(aware.columns) == (
            *migstats.COLUMNS["compare_groups"],
            "plain_ci_low",
            "plain_ci_high",
            "rounding_added",
        )
        assert cg["comparison"].tolist() == ["all groups", "pair", "pair", "pair"]
        assert list(zip(cg.group1[1:], cg.group2[1:], strict=True)) == list(
            itertools.combinations(EDU, 2)
        )

    def test_hand_computed_chi_square(self):
        # 10, 20, 30 of 100 each: pooled 0.2, X2 = 100 (0.01 + 0 + 0.01) / 0.16
        # = 12.5 on 2 df, p = exp(-12.5 / 2) (chi-square with 2 df).  With
        # deff 2 the statistic halves (first-order Rao-Scott).
        df, d = hundred_each((10, 20, 30))
        cg = migstats.compare_groups(df, "close_borders", "education", design=d)
        omni = cg.iloc[0]
        assert omni.statistic == pytest.approx(12.5)
        assert omni.df == 2
        assert omni.pvalue == pytest.approx(np.exp(-6.25))
        cg2 = migstats.compare_groups(df, "close_borders", "education", design=d, deff=2)
        assert cg2.iloc[0].statistic == pytest.approx(6.25)

    def test_against_scipy_and_statsmodels(self):
        from scipy.stats import chi2_contingency
        from statsmodels.stats.proportion import test_proportions_2indep

        df, d = hundred_each((47, 37, 21))
        cg = migstats.compare_groups(
            df, "close_borders", "education", design=d, rounding_aware=False
        )
        table = np.array([[47, 53], [37, 63], [21, 79]])
        chi2, pval, df, _expected = chi2_contingency(table, correction=False)
        assert cg.iloc[0].statistic == pytest.approx(chi2)
        assert cg.iloc[0].pvalue == pytest.approx(pval)
        assert cg.iloc[0].df == df
        for _, row in cg.iloc[1:].iterrows():
            k1 = {"bo/vmbo": 47, "havo/vwo/mbo": 37, "hbo/wo": 21}[row.group1]
            k2 = {"bo/vmbo": 47, "havo/vwo/mbo": 37, "hbo/wo": 21}[row.group2]
            ref = test_proportions_2indep(k1, 100, k2, 100, method="score", compare="diff")
            assert row.pvalue == pytest.approx(ref.pvalue, rel=1e-6)
            assert row.estimate == pytest.approx(k1 - k2)  # percentage points
            assert row.ci_low < row.estimate < row.ci_high

    def test_holm_by_hand(self):
        # Holm: sort the m = 3 p-values, multiply by 3, 2, 1, take the running
        # maximum, cap at 1, and put them back in place.
        df, d = hundred_each((10, 20, 30))
        cg = migstats.compare_groups(df, "close_borders", "education", design=d)
        p = cg.pvalue.to_numpy()[1:]
        order = np.argsort(p)
        adj = np.minimum(np.maximum.accumulate(p[order] * np.array([3, 2, 1])), 1)
        expected = np.empty(3)
        expected[order] = adj
        np.testing.assert_allclose(cg.pvalue_adjusted.to_numpy()[1:], expected)

    @pytest.mark.parametrize("correction", ["holm", "bonferroni", "BH", "hommel", "none"])
    def test_adjusted_matches_adjust_pvalues(self, correction):
        cg = migstats.compare_groups("7.2", "family_reunification", "income", correction=correction)
        pairs = cg[cg.comparison == "pair"]
        assert len(pairs) == 10
        assert (pairs.pvalue_adjusted >= pairs.pvalue - 1e-15).all()
        expected = migstats.adjust_pvalues(pairs.pvalue.to_numpy(), method=correction)
        np.testing.assert_allclose(pairs.pvalue_adjusted, expected)

    def test_breakeven_n_brackets_significance(self):
        # a pair is significant at the design's n iff its break-even n is at
        # most n (up to the rounding of group sizes, which breakeven_n leaves
        # unrounded)
        for n in (1500, 2900, 5480):
            cg = migstats.compare_groups("7.3", "labour_migrant_cap", "income", n=n)
            pairs = cg[cg.comparison == "pair"]
            sig = pairs.pvalue < 0.05
            assert (pairs.breakeven_n[sig] <= n * 1.01).all()
            assert (pairs.breakeven_n[~sig] >= n * 0.99).all()
        equal = one(
            migstats.compare_groups("7.6", "close_borders", "income"), group1="Q4", group2="Q5"
        )
        assert np.isinf(equal.breakeven_n)  # 29% vs 29%

    @settings(max_examples=6, deadline=None)
    @given(n=st.integers(300, 6000), deff=st.floats(1.0, 2.5), order=st.permutations(range(9)))
    def test_properties(self, n, deff, order):
        # (BH rather than the default Holm: statsmodels' Holm calls
        # gc.collect(), which is slow inside a long test session.)
        frame = load_table("7.6")
        a = migstats.compare_groups(
            "7.6", "close_borders", "income", n=n, deff=deff, correction="BH"
        )
        b = migstats.compare_groups(
            frame.iloc[list(order)],
            "close_borders",
            "income",
            design=LISS_2023,
            n=n,
            deff=deff,
            correction="BH",
        )
        pd.testing.assert_frame_equal(a, b)  # invariant to the order of the rows
        pairs = a[a.comparison == "pair"]
        assert (pairs.pvalue_adjusted >= pairs.pvalue - 1e-15).all()
        assert ((pairs.ci_low <= pairs.estimate) & (pairs.estimate <= pairs.ci_high)).all()
        # p-values fall (weakly) with a larger n
        c = migstats.compare_groups(
            "7.6", "close_borders", "income", n=2 * n, deff=deff, correction="BH"
        )
        assert (c.pvalue.to_numpy() <= a.pvalue.to_numpy() + 1e-12).all()

    def test_n_array(self):
        cg = migstats.compare_groups("7.6", "close_borders", "education", n=[1000, 2000])
        assert cg.groupby("n").size().tolist() == [4, 4]

    @pytest.mark.parametrize(
        ("args", "kwargs", "match"),
        [
            (("7.6", "paid_work", "education"), {}, "item"),
            (("7.6", "close_borders", "urbanisation"), {}, "dimension"),
            (("7.6", "close_borders", "education"), {"response": "6-10"}, "response"),
            (("7.6", "close_borders", "education"), {"correction": "Holm"}, "correction"),
            (("7.6", "close_borders", "education"), {"method": "fisher"}, "method"),
            (("7.6", "close_borders", "education"), {"deff": "2"}, "deff"),
        ],
    )
    def test_bad_input(self, args, kwargs, match):
        with pytest.raises(ValueError, match=match):
            migstats.compare_groups(*args, **kwargs)


# ---------------------------------------------------------------------------
# a user's own table: own items, own dimension
# ---------------------------------------------------------------------------


class TestUserTable:
    ITEMS = pd.DataFrame(
        {
            "item": ["q1"],
            "table": ["T1"],
            "wording_nl": ["-"],
            "wording_en": ["-"],
            "scale": ["5-point agree-disagree"],
            "scale_low": ["strongly agree"],
            "scale_high": ["strongly disagree"],
            "responses_reported": ["agree"],
            "label_nl": ["-"],
            "label_en": ["-"],
            "external": [False],
            "notes": [""],
        }
    )
    GROUPS: ClassVar[dict] = {"total": ["total"], "sex": ["men", "women"]}
    DESIGN = SampleDesign(
        n=1000, n_range=(500, 2000), shares={"sex": {"men": 0.49, "women": 0.51}}, deff=1.0
    )

    def frame(self, total=50):
        return pd.DataFrame(
            {
                "table": "T1",
                "item": "q1",
                "response": "agree",
                "dimension": ["total", "sex", "sex"],
                "group": ["total", "men", "women"],
                "percent": [total, 40, 61],
            }
        )

    def test_checks_and_shares(self):
        kw = dict(design=self.DESIGN, items=self.ITEMS, groups=self.GROUPS)
        # 0.49 * 40 + 0.51 * 61 = 50.71, true value in [50.21, 51.21]; the
        # printed total may be 49.71..51.71: 50 passes, 52 does not.
        ok = migstats.check_table(self.frame(50), n_range_points=0, **kw)
        assert one(ok, check="total_vs_groups").verdict == "consistent"
        bad = migstats.check_table(self.frame(52), n_range_points=0, **kw)
        assert one(bad, check="total_vs_groups").verdict == "inconsistent"
        # one equation, two shares summing to 1: s (40 +- .5) + (1 - s)(61 +- .5)
        # must meet [49.5, 50.5]: s in [10/21, 12/21]
        res = migstats.implied_group_shares("sex", tables=self.frame(50), **kw)
        assert res.ranges.low[0] == pytest.approx(10 / 21)
        assert res.ranges.high[0] == pytest.approx(12 / 21)
        assert res.point[0] == pytest.approx(11 / 21)  # exact fit of 50

    def test_comparison(self):
        cg = migstats.compare_groups(
            self.frame(),
            "q1",
            "sex",
            design=self.DESIGN,
            items=self.ITEMS,
            groups=self.GROUPS,
            rounding_aware=False,
        )
        # 490 men and 510 women
        pair = one(cg, comparison="pair")
        assert pair.estimate == pytest.approx(-21.0)  # 40 - 61 percentage points
        from statsmodels.stats.proportion import test_proportions_2indep

        ref = test_proportions_2indep(0.4 * 490, 490, 0.61 * 510, 510, method="score")
        assert pair.pvalue == pytest.approx(ref.pvalue, rel=1e-6)


class TestCandidateGrids:
    """Identity: a call with several n and deff equals the separate calls."""

    CALLS: ClassVar = [
        (migstats.table_intervals, ("7.6",), {}),
        (migstats.scale_mean, ("7.1",), {}),
        (migstats.compare_groups, ("7.5", "language_lessons", "income"), {}),
        (migstats.gradient_table, (), {"tables": ["7.6"]}),
    ]

    @pytest.mark.parametrize(("func", "args", "kwargs"), CALLS)
    def test_grid_equals_separate_calls(self, func, args, kwargs):
        ns, deffs = [1500, 5480], [1.0, 2.0]
        grid = func(*args, n=ns, deff=deffs, **kwargs)
        assert sorted(set(zip(grid["n"], grid["deff"], strict=True))) == list(
            itertools.product(ns, deffs)
        )
        for n, d in itertools.product(ns, deffs):
            one = func(*args, n=n, deff=d, **kwargs)
            part = grid[(grid["n"] == n) & (grid["deff"] == d)].reset_index(drop=True)
            pd.testing.assert_frame_equal(part, one.reset_index(drop=True), check_dtype=False)

    def test_two_dimensional_deff_is_rejected(self):
        with pytest.raises(ValueError, match="deff"):
            migstats.compare_groups("7.6", "close_borders", "education", deff=[[1, 2]])

    def test_exact_test_needs_whole_counts(self):
        with pytest.raises(ValueError, match="method"):
            migstats.compare_groups("7.6", "close_borders", "education", method="exact")


class TestPartialDimensions:
    """A dimension whose groups miss some respondents is not a partition."""

    def test_income_totals_not_checked_under_liss(self):
        chk = migstats.check_table("7.2")
        inc = chk[chk.check.isin(["total_vs_groups", "total_within_groups"])]
        inc = inc[inc.dimension == "income"]
        assert len(inc) > 0 and (inc.verdict == "untestable").all()

    def test_checked_when_declared_complete(self):
        design = migstats.LISS_2023.replace(partial_dimensions=())
        chk = migstats.check_table("7.2", design=design)
        inc = chk[(chk.check == "total_vs_groups") & (chk.dimension == "income")]
        assert len(inc) > 0 and inc.verdict.isin(["consistent", "inconsistent"]).all()

    @pytest.mark.parametrize("bad", ["income", ("region",), 3])
    def test_bad_partial_dimensions(self, bad):
        with pytest.raises(ValueError, match="partial_dimensions"):
            migstats.LISS_2023.replace(partial_dimensions=bad)


class TestRoundingAwareComparisons:
    """compare_groups(rounding_aware=True) covers every true value's interval."""

    @settings(max_examples=15, deadline=None)
    @given(t1=st.floats(0, 1), t2=st.floats(0, 1))
    def test_covers_intervals_at_true_values_inside_the_rounding(self, t1, t2):
        # printed 77 and 87 (7.5 language_lessons, Q1 and Q5) stand for any
        # true value in [76.5, 77.5] and [86.5, 87.5]; the interval computed
        # directly at any such pair must lie inside the widened one
        cg = migstats.compare_groups(
            "7.5", "language_lessons", "income", rounding_aware=True
        ).set_index(["group1", "group2"])
        row = cg.loc[("Q1", "Q5")]
        n1, n5 = migstats.LISS_2023.group_sizes("income").loc[["Q1", "Q5"]]
        x1, x5 = (76.5 + t1) / 100, (86.5 + t2) / 100
        low, high = migstats.compare(x1 * n1, n1, x5 * n5, n5).confidence_interval
        low, high = 100 * low, 100 * high  # the frame is in percentage points
        assert row.ci_low <= low + 1e-7 and high <= row.ci_high + 1e-7
        assert row.ci_low <= row.plain_ci_low and row.plain_ci_high <= row.ci_high

    def test_whole_counts_narrow_the_widening(self):
        weighted = migstats.compare_groups("7.6", "close_borders", "income", rounding_aware=True)
        design = migstats.LISS_2023.replace(weighted=False)
        counts = migstats.compare_groups(
            "7.6", "close_borders", "income", rounding_aware=True, design=design
        )
        pairs = weighted.comparison == "pair"
        assert (counts.rounding_added[pairs] <= weighted.rounding_added[pairs] + 1e-12).all()
        assert (counts.rounding_added[pairs] >= 0).all()

    def test_unweighted_table_intervals_use_whole_counts(self):
        design = migstats.LISS_2023.replace(weighted=False)
        ti = migstats.table_intervals("7.6", design=design, rounding_aware=True)
        for bound in ("percent_low", "percent_high"):
            counts = ti[bound] * ti["n_group"] / 100
            np.testing.assert_allclose(counts, np.round(counts), atol=1e-9)

    def test_flag_must_be_boolean(self):
        with pytest.raises(ValueError, match="rounding_aware"):
            migstats.compare_groups("7.6", "close_borders", "income", rounding_aware="yes")


class TestRoundingAwareSlope:
    """rounding_aware_slope_index against brute force over the rounding box."""

    SHARES = np.array([0.25, 0.35, 0.40])
    SIZES = np.array([375.0, 525.0, 600.0])

    def test_union_covers_every_vertex(self):
        from itertools import product

        from migstats._tables import rounding_aware_slope_index

        p, h = np.array([0.45, 0.36, 0.29]), 0.005
        r = rounding_aware_slope_index(p, h, self.SIZES, self.SHARES)
        # brute force: every vertex of the 3-d box (the SII is linear in p)
        lows, highs, pvs = [], [], []
        for signs in product((-1, 1), repeat=3):
            s = migstats.slope_index(p + h * np.array(signs), self.SIZES, self.SHARES)
            lows.append(s.sii_ci.low)
            highs.append(s.sii_ci.high)
            pvs.append(s.pvalue)
        assert float(r.ci_low) == pytest.approx(min(lows), rel=1e-12)
        assert float(r.ci_high) == pytest.approx(max(highs), rel=1e-12)
        assert float(r.pvalue) == pytest.approx(max(pvs), rel=1e-9)

    @settings(deadline=None, max_examples=50)
    @given(
        st.lists(st.floats(0.02, 0.98), min_size=3, max_size=3),
        st.floats(0.0, 0.01),
    )
    def test_never_below_plain_and_plain_at_zero(self, p, h):
        from migstats._tables import rounding_aware_slope_index

        p = np.array(p)
        plain = migstats.slope_index(p, self.SIZES, self.SHARES)
        r = rounding_aware_slope_index(p, h, self.SIZES, self.SHARES)
        assert r.pvalue >= plain.pvalue - 1e-12
        assert r.ci_low <= plain.sii_ci.low + 1e-12 and r.ci_high >= plain.sii_ci.high - 1e-12
        if h == 0:
            assert r.pvalue == pytest.approx(plain.pvalue, rel=1e-12)

    def test_gradient_switch(self):
        aware = migstats.gradient("7.6", "close_borders", "education")
        plain = migstats.gradient("7.6", "close_borders", "education", rounding_aware=False)
        assert aware.sii == plain.sii
        assert aware.sii_ci.low < plain.sii_ci.low and aware.sii_ci.high > plain.sii_ci.high
        assert aware.trend.pvalue >= plain.trend.pvalue
        with pytest.raises(ValueError, match="rounding_aware"):
            migstats.gradient("7.6", "close_borders", "education", rounding_aware=1)


class TestCompareGroupsRounding:
    """compare_groups: rounding-aware p-values, Holm and break-even n by default."""

    @pytest.mark.parametrize(
        ("table", "item", "dimension"),
        [("7.5", "language_lessons", "education"), ("7.6", "close_borders", "income")],
    )
    def test_never_below_plain(self, table, item, dimension):
        aware = migstats.compare_groups(table, item, dimension, n=[1500, 5480], deff=[1.0, 2.0])
        plain = migstats.compare_groups(
            table, item, dimension, n=[1500, 5480], deff=[1.0, 2.0], rounding_aware=False
        )
        pairs = aware.comparison == "pair"
        assert (aware.pvalue[pairs] >= plain.pvalue[pairs] - 1e-12).all()
        assert (aware.pvalue_adjusted[pairs] >= plain.pvalue_adjusted[pairs] - 1e-12).all()
        assert (aware.breakeven_n[pairs] >= plain.breakeven_n[pairs]).all()
        assert (aware.ci_low <= plain.ci_low + 1e-12)[pairs].all()

    def test_pvalue_is_compare_at_the_box(self):
        # 7.5 language_lessons: bo/vmbo 80 vs hbo/wo 85 (whole percentages, weighted)
        cg = migstats.compare_groups("7.5", "language_lessons", "education", n=2000)
        row = cg[(cg.group1 == "bo/vmbo") & (cg.group2 == "hbo/wo")].iloc[0]
        n1, n2 = migstats.LISS_2023.group_sizes("education", 2000)[["bo/vmbo", "hbo/wo"]]
        p1, p2 = row.percent1 / 100, row.percent2 / 100
        # least favourable corner by hand: the two shares 0.5 points closer
        step = 0.005 * np.sign(p2 - p1)
        deff = migstats.LISS_2023.deff  # compare_groups' default: the design's (2)
        assert (cg["deff"] == deff).all()
        near = migstats.compare((p1 + step) * n1, n1, (p2 - step) * n2, n2, deff=deff)
        assert row.pvalue == pytest.approx(float(near.pvalue), rel=1e-9)


# ---------------------------------------------------------------------------
# reports are data: the default report by name, no borrowed design
# ---------------------------------------------------------------------------


class TestReportsAreData:
    """A user table is refused rather than given another report's n and deff."""

    AGE_ROWS: ClassVar[list[tuple]] = [
        ("7.6", "close_borders", "agree", "total", "total", 40),
        ("7.6", "close_borders", "agree", "age", "young", 30),
        ("7.6", "close_borders", "agree", "age", "old", 50),
    ]
    AGE_GROUPS: ClassVar[dict] = {"total": ["total"], "age": ["young", "old"]}

    def test_user_table_without_design_names_design(self):
        df = user_table(self.AGE_ROWS)
        for fn in (migstats.table_intervals, migstats.reconstruct_counts):
            with pytest.raises(ValueError, match=r"^design must be"):
                fn(df, groups=self.AGE_GROUPS)

    def test_undescribed_dimension_is_refused_not_dropped(self):
        df = user_table(self.AGE_ROWS)
        for fn in (migstats.table_intervals, migstats.reconstruct_counts):
            with pytest.raises(ValueError, match=r"^table must be .*'age'.*'young', 'old'"):
                fn(df, design=LISS_2023, groups=self.AGE_GROUPS)

    def test_undescribed_group_is_named(self):
        rows = edu_rows("7.6", "close_borders", 30, (20, 30, 40))
        df = user_table(rows)
        design = design_with({"bo/vmbo": 0.5, "havo/vwo/mbo": 0.5})
        with pytest.raises(ValueError, match=r"groups 'hbo/wo' of dimension 'education'"):
            migstats.table_intervals(df, design=design)

    def test_described_user_table_keeps_every_row(self):
        df = user_table(self.AGE_ROWS)
        design = SampleDesign(n=1000, shares={"age": {"young": 0.5, "old": 0.5}}, deff=1.0)
        ti = migstats.table_intervals(df, design=design, groups=self.AGE_GROUPS)
        assert len(ti) == len(df)
        assert ti.loc[ti.group == "young", "n_group"].item() == 500  # 1000 x 0.5, by hand

    def test_default_is_the_default_report_by_name(self):
        by_default = migstats.table_intervals("7.6")
        by_name = migstats.table_intervals("7.6", report="scp2024-ch7")
        pd.testing.assert_frame_equal(by_default, by_name)

    def test_explicit_design_wins_over_the_reports(self):
        pew = migstats.load_report("pew-inequality-2020")
        table = pew.table_ids[0]
        own = pew.design.replace(n=1000, n_range=(1000, 1000), deff=1.0)
        ti = migstats.table_intervals(table, report=pew, design=own)
        assert (ti.loc[ti.dimension == "total", "n_group"] == 1000).all()
        assert (ti["deff"] == 1.0).all()
        # an explicitly passed LISS_2023 is used too (and refused here, since
        # it does not describe Pew's income groups), never silently replaced
        with pytest.raises(ValueError, match="design"):
            migstats.table_intervals(table, report=pew, design=LISS_2023)


# ---------------------------------------------------------------------------
# one convention for the table layer: percent, rounding-aware by default
# ---------------------------------------------------------------------------


class TestOneConvention:
    """Table-level frames are in percent; every table-level function is rounding-aware."""

    def test_every_table_level_function_defaults_to_rounding_aware(self):
        import inspect

        found = []
        for name in migstats._tables.__all__:
            fn = getattr(migstats._tables, name)
            if not callable(fn):
                continue
            params = inspect.signature(fn).parameters
            if "rounding_aware" in params:
                found.append(name)
                assert params["rounding_aware"].default is True, name
        assert {"table_intervals", "compare_groups", "gradient", "gradient_table"} <= set(found)

    def test_interval_frames_are_in_percent(self):
        # identity: the estimate of a published percentage is that percentage
        ti = migstats.table_intervals("7.6")
        assert ti.attrs["units"] == "percent"
        np.testing.assert_array_equal(ti["estimate"], ti["percent"])
        assert ((ti.ci_low <= ti.percent) & (ti.percent <= ti.ci_high)).all()
        assert ((ti.ci_low >= 0) & (ti.ci_high <= 100)).all()
        assert (ti.ci_high - ti.ci_low > 1).all()  # at n <= 2900, wider than one point

    def test_difference_frames_are_in_points(self):
        cg = migstats.compare_groups("7.6", "close_borders", "education")
        assert cg.attrs["units"] == "percent"
        pairs = cg[cg.comparison == "pair"]
        # identity: the difference of the published percentages, in points
        np.testing.assert_allclose(pairs.estimate, pairs.percent1 - pairs.percent2)
        assert ((pairs.ci_low <= pairs.estimate) & (pairs.estimate <= pairs.ci_high)).all()

    def test_gradient_frames_are_in_points(self):
        gt = migstats.gradient_table(tables="7.6")
        assert gt.attrs["units"] == "percent"
        row = one(gt, item="close_borders", dimension="education")
        # close_borders by education 47, 37, 21 (table 7.6): gap 21 - 47 = -26 points
        assert row.gap == pytest.approx(-26.0)
        assert row.gap_ci_low < row.gap < row.gap_ci_high
        assert row.sii_ci_low < row.sii < row.sii_ci_high
        assert 0 < row.rii_ci_low < row.rii < row.rii_ci_high < 1  # a ratio: no unit

    @settings(max_examples=8, deadline=None)
    @given(n=st.integers(300, 6000), deff=st.floats(1.0, 2.5))
    def test_percent_is_a_hundred_times_the_core(self, n, deff):
        # table_intervals(rounding_aware=False) is proportion_ci times 100
        ti = migstats.table_intervals("7.6", n=n, deff=deff, rounding_aware=False)
        total = one(ti, dimension="total")
        ci = migstats.proportion_ci(0.33 * n, n, deff=deff)
        assert total.ci_low == pytest.approx(100 * ci.low)
        assert total.ci_high == pytest.approx(100 * ci.high)


class TestImpliedSharesOfAnUndescribedDimension:
    """implied_group_shares estimates what a design lacks: no design groups needed."""

    def test_age_shares_without_design_shares(self):
        # one equation, total = s young + (1 - s) old, so s = (old - total) /
        # (old - young), increasing in old and young and decreasing in total;
        # over young in [29.5, 30.5], old in [49.5, 50.5], total in [39.5, 40.5]
        # by hand: s in [(49.5 - 40.5) / (49.5 - 29.5), (50.5 - 39.5) / (50.5 - 30.5)]
        df = user_table(TestReportsAreData.AGE_ROWS)
        design = SampleDesign(n=1000, shares={"education": THIRDS}, deff=1.0)
        res = migstats.implied_group_shares(
            "age", tables=df, design=design, groups=TestReportsAreData.AGE_GROUPS
        )
        assert res.feasible
        assert res.ranges.low[0] == pytest.approx(9 / 20)
        assert res.ranges.high[0] == pytest.approx(11 / 20)
        assert np.isnan(res.comparison.design_share).all()


class TestGradientSiiWorstCase:
    """gradient()'s rounding-aware SII p-value is never below any p-value in the rounding box."""

    @settings(max_examples=15, deadline=None)
    @given(
        item=st.sampled_from(["language_lessons", "paid_work", "close_borders"]),
        dimension=st.sampled_from(["education", "income"]),
        n=st.integers(150, 3000),
        seed=st.integers(0, 2**32 - 1),
    )
    def test_bound_over_the_box(self, item, dimension, n, seed):
        from migstats._tables.context import TableContext

        table = migstats.load_items().set_index("item").loc[item, "table"]
        g = migstats.gradient(table, item, dimension, n=n, deff=1.0)
        ctx = TableContext.build(table, n=n, deff=1.0)
        prof = ctx.profile(item, dimension, "agree")
        order = prof["group"].tolist()
        sizes = ctx.variance_sizes(dimension, order, n)
        shares = ctx.require_shares(dimension, order)
        lo, hi = ctx.true_intervals(prof, ctx.group_sizes(dimension, order, n))
        rng = np.random.default_rng(seed)
        corners = rng.integers(0, 2, size=(64, len(order)))
        inside = rng.uniform(size=(64, len(order)))
        points = np.vstack([corners, inside]) * (hi - lo) + lo
        brute = migstats.slope_index(points / 100.0, sizes, shares).pvalue
        assert g.inequality.pvalue >= np.max(brute) * (1 - 1e-9)

    def test_extreme_profile_of_issue_example(self):
        """Printed 1/53/1% at N = 200, deff 2: the corner nearer zero is not the worst case.

        (At that corner p = 0.0012; the grid over the box finds larger ones.)
        """
        groups = ["low", "mid", "high"]
        df = pd.DataFrame(
            {
                "table": "T",
                "item": "q",
                "response": "yes",
                "dimension": "edu",
                "group": groups,
                "percent": [1.0, 53.0, 1.0],
            }
        )
        design = migstats.SampleDesign(
            n=200,
            n_range=(200, 200),
            deff=2.0,
            shares={"edu": dict(zip(groups, [0.26, 0.35, 0.39], strict=True))},
        )
        rep = migstats.Report.from_frames(
            df,
            design=design,
            dimensions={"edu": {"groups": groups, "ordered": True, "partition": True}},
        )
        g = migstats.gradient("T", "q", "edu", report=rep)
        from migstats._tables.context import TableContext

        ctx = TableContext.build("T", report=rep, n=200, deff=2.0)
        prof = ctx.profile("q", "edu", "yes")
        sizes = ctx.variance_sizes("edu", groups, 200)
        lo, hi = ctx.true_intervals(prof, ctx.group_sizes("edu", groups, 200))
        grid = np.stack(
            np.meshgrid(*[np.linspace(a, b, 21) for a, b in zip(lo, hi, strict=True)]), -1
        )
        shares = [0.26, 0.35, 0.39]
        brute = migstats.slope_index(grid.reshape(-1, 3) / 100.0, sizes, shares, deff=2.0)
        assert g.inequality.pvalue >= np.nanmax(brute.pvalue) * (1 - 1e-9)
