"""Tests of the shared pieces of the table layer: the TableContext and the one
rounding-aware widening (``rounding_aware_ci``, ``widen``) that table_intervals
and the ``ci`` command share.

Expected values come from brute force (intervals at 2001 true values across the
rounding interval) and identities (group sizes sum to n; a widened interval
contains the plain one and every interval over the true values).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migstats import LISS_2023, MigstatsValueError, proportion_ci, rounding_interval
from migstats._tables import MONOTONE_PROPORTION_METHODS, rounding_aware_ci, widen
from migstats._tables.context import TableContext

METHODS = ["wilson", "wilson_cc", "clopper_pearson", "jeffreys", "agresti_coull", "wald"]


class TestRoundingAwareCi:
    @pytest.mark.parametrize("method", METHODS)
    @pytest.mark.parametrize("printed", ["0", "1", "21", "50", "99", "100"])
    def test_is_the_union_over_true_values(self, method, printed):
        # brute force over 2001 true values in the rounding interval
        n, deff = 60, 1.3
        iv = rounding_interval(printed)
        lo, hi = max(float(iv.low), 0.0), min(float(iv.high), 100.0)
        w = rounding_aware_ci(float(printed), lo, hi, n, method=method, deff=deff)
        x = np.linspace(lo, hi, 2001) / 100
        b_lo, b_hi = proportion_ci(x * n, n, method=method, deff=deff)
        tol = 1e-9 if method in MONOTONE_PROPORTION_METHODS else 2e-4
        assert float(w.ci_low) <= np.min(b_lo) + 1e-12
        assert float(w.ci_high) >= np.max(b_hi) - 1e-12
        assert float(w.ci_low) == pytest.approx(min(np.min(b_lo), float(w.plain_ci_low)), abs=tol)
        assert float(w.ci_high) == pytest.approx(max(np.max(b_hi), float(w.plain_ci_high)), abs=tol)

    def test_plain_is_the_interval_at_the_printed_value(self):
        w = rounding_aware_ci([21, 47], [20.5, 46.5], [21.5, 47.5], [768, 263])
        low, high = proportion_ci(np.array([0.21 * 768, 0.47 * 263]), np.array([768, 263]))
        np.testing.assert_array_equal(w.plain_ci_low, low)
        np.testing.assert_array_equal(w.plain_ci_high, high)

    @settings(deadline=None)
    @given(
        percent=st.floats(0.0, 100.0),
        half=st.floats(0.0, 0.5),
        n=st.integers(1, 5000),
        deff=st.floats(1.0, 3.0),
        level=st.floats(0.5, 0.995),
        method=st.sampled_from(METHODS),
    )
    def test_properties(self, percent, half, n, deff, level, method):
        lo, hi = max(percent - half, 0.0), min(percent + half, 100.0)
        kw = dict(method=method, confidence_level=level, deff=deff)
        w = rounding_aware_ci(percent, lo, hi, n, **kw)
        # contains the plain interval; the added width is the identity of the widths
        assert w.ci_low <= w.plain_ci_low and w.ci_high >= w.plain_ci_high
        assert w.rounding_added == pytest.approx(
            (w.ci_high - w.ci_low) - (w.plain_ci_high - w.plain_ci_low), abs=1e-15
        )
        # no rounding: nothing added
        none = rounding_aware_ci(percent, percent, percent, n, **kw)
        assert float(none.rounding_added) == pytest.approx(0.0, abs=1e-12)
        # the intervals at both ends of the rounding lie inside
        e_lo, e_hi = proportion_ci(np.array([lo, hi]) / 100 * n, n, **kw)
        assert w.ci_low <= np.min(e_lo) + 1e-12 and w.ci_high >= np.max(e_hi) - 1e-12


class TestWiden:
    def test_identity(self):
        w = widen([0.2, 0.1], [0.3, 0.4], [0.25, 0.05], [0.35, 0.3])
        np.testing.assert_array_equal(w.ci_low, [0.2, 0.05])
        np.testing.assert_array_equal(w.ci_high, [0.35, 0.4])
        np.testing.assert_allclose(w.rounding_added, [0.05, 0.05], rtol=1e-12)


SHARES = {"education": [26 / 99, 35 / 99, 38 / 99], "income": [0.2] * 5}


class TestTableContext:
    @settings(deadline=None)
    # n >= 5: below it a quintile (share 0.2) has no respondent and n is refused
    @given(n=st.integers(5, 100_000))
    def test_group_sizes_sum_to_n(self, n):
        ctx = TableContext.build("7.6", n=n)
        for dim in ("education", "income"):
            sizes = ctx.group_sizes(dim, ctx.groups[dim], n)
            assert sizes.dtype == np.int64 and int(sizes.sum()) == n
            assert [ctx.group_size(dim, g, n) for g in ctx.groups[dim]] == sizes.tolist()
            # independent of the code: LISS_2023's shares (CBS 26/35/38 of 99, equal
            # quintiles), so every whole size is within one respondent of n * share
            shares = SHARES[dim]
            assert (np.abs(sizes - n * np.asarray(shares)) < 1).all()
        assert ctx.group_size("total", "total", n) == n

    def test_group_sizes_by_hand(self):
        # n = 2,900: 2900 * (26, 35, 38) / 99 = 761.6, 1025.3, 1113.1 -> 762, 1025, 1113
        ctx = TableContext.build("7.6", n=2900)
        assert ctx.group_sizes("education", ctx.groups["education"], 2900).tolist() == [
            762,
            1025,
            1113,
        ]
        assert ctx.group_sizes("income", ctx.groups["income"], 2900).tolist() == [580] * 5

    def test_too_small_n_is_refused_naming_n(self):
        # income quintiles have share 0.2 under LISS_2023: n = 4 leaves a group empty
        with pytest.raises(ValueError, match=r"^n must be at least 5 .* but got 4$"):
            TableContext.build("7.6", n=4)

    def test_resolves_the_design_defaults(self):
        ctx = TableContext.build("7.1")
        assert ctx.ns.tolist() == [LISS_2023.n]
        assert ctx.deffs.tolist() == [float(LISS_2023.deff)]
        assert ctx.confidence_level is None
        assert ctx.decimals == LISS_2023.decimals
        assert set(ctx.rows["table"].astype(str)) == {"7.1", "text"}

    def test_scenarios_vary_n_slowest(self):
        ctx = TableContext.build("7.1", n=[10, 20], deff=[1.0, 2.0])
        assert list(ctx.scenarios()) == [(10, 1.0), (10, 2.0), (20, 1.0), (20, 2.0)]

    def test_single_rejects_several(self):
        with pytest.raises(MigstatsValueError, match="single integer in gradient"):
            TableContext.build("7.6", n=[10, 20], single="gradient")
        with pytest.raises(MigstatsValueError, match="single number"):
            TableContext.build("7.6", deff=[1.0, 2.0], single="gradient")


@pytest.mark.parametrize("report", ["scp2024-ch7", "pew-inequality-2020"])
def test_in_group_order_is_the_pandas_chain(report):
    """Each group's first row in the order asked, the group column first: what
    ``drop_duplicates("group").set_index("group").loc[order].reset_index()`` gives,
    on every published profile, shuffled, with a repeated row."""
    import pandas as pd

    import migstats
    from migstats._tables.context import in_group_order

    tables = migstats.load_report(report).tables
    keys = ["item", "response", "dimension"]
    for k, ((item, resp, dim), sub) in enumerate(tables.groupby(keys, sort=False)):
        order = list(dict.fromkeys(sub["group"]))[::-1]
        for rows in (sub, sub.sample(frac=1, random_state=k), pd.concat([sub, sub.head(1)])):
            want = rows.drop_duplicates("group").set_index("group").loc[order].reset_index()
            pd.testing.assert_frame_equal(in_group_order(rows, order, item, resp, dim), want)
    with pytest.raises(MigstatsValueError, match="lacks"):
        in_group_order(sub, [*order, "nobody"], item, resp, dim)
