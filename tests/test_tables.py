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

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import migstats
from migstats import (
    LISS_2023,
    MigstatsValueError,
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
        assert tuple(chk.columns) == migstats.CHECK_COLUMNS
        assert set(chk["verdict"]) <= set(migstats.VERDICTS)

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
        chk = check_table("7.1", n_range_points=0)
        rows = chk[(chk.dimension == "income") & chk.check.str.startswith("total")]
        assert len(rows) == 2
        assert (rows.verdict == "not testable").all()
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
        chk = check_table("7.2", n_range_points=0)
        b = one(chk, check="total_vs_groups", item="always_shelter_war_refugees",
                dimension="income")
        assert b.verdict == "inconsistent"
        assert (b.expected_low, b.expected_high) == pytest.approx((58.4, 60.4))
        c = one(chk, check="total_within_groups", item="always_shelter_war_refugees",
                dimension="income")
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
        df = user_table([
            ("7.7", "responsiveness", "agree", "total", "total", 60),
            ("7.7", "responsiveness", "disagree", "total", "total", 41),
        ])
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

    @settings(max_examples=25, deadline=None)
    @given(
        published_tables(
            table="7.7",
            item="responsiveness",
            responses=("agree", "disagree"),
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
        by_frame = check_table(load_table("7.6"), n_range_points=0)
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
            check_table(df)


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
        res = implied_group_shares("education", tables=user_table(rows))
        np.testing.assert_allclose(res.point, [0.25, 0.25, 0.5], atol=1e-6)
        assert res.residual_rms == pytest.approx(0.0, abs=1e-6)
        assert res.feasible and res.identified
        assert np.all(res.ranges.low <= [0.25, 0.25, 0.5])
        assert np.all(res.ranges.high >= [0.25, 0.25, 0.5])

    @settings(max_examples=20, deadline=None)
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
        res = implied_group_shares("education", tables=user_table(rows))
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
        res = implied_group_shares("education", tables=user_table(rows))
        assert not res.feasible
        assert res.min_widening == pytest.approx(7.0)
        assert np.isnan(res.ranges.low).all()
        assert "NO education shares" in res.message

    @pytest.mark.parametrize(("dimension", "step"), [("education", 0.01), ("income", 0.04)])
    def test_chapter_ranges_contain_brute_force(self, dimension, step):
        groups = EDU if dimension == "education" else INC
        res = implied_group_shares(dimension)
        ok = brute_force_ranges(res.equations, groups, step)
        assert res.feasible and len(ok) > 0
        # every consistent grid point lies inside the LP ranges
        assert np.all(ok.min(axis=0) >= res.ranges.low - 1e-9)
        assert np.all(ok.max(axis=0) <= res.ranges.high + 1e-9)
        if dimension == "education":
            # a 2-d polytope with room in it: its extremes are within about
            # one grid step of a grid point
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

    def test_comparison_frame(self):
        res = implied_group_shares("education", tables="7.2")
        f = res.to_frame()
        assert list(f.columns) == [
            "group", "design_share", "point", "range_low", "range_high", "design_share_in_range"
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
        assert tuple(rc.columns) == migstats.RECONSTRUCT_COLUMNS

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
        df = user_table([
            ("7.7", "responsiveness", "agree", "total", "total", 52),
            ("7.7", "responsiveness", "disagree", "total", "total", 21),
        ])
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

    @settings(max_examples=25, deadline=None)
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
        [({"n": -5}, "n"), ({"n": [[1000]]}, "n"), ({"design": None}, "design")],
    )
    def test_bad_input(self, kwargs, name):
        with pytest.raises(ValueError, match=name):
            reconstruct_counts("7.6", **kwargs)
