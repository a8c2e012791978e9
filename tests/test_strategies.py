"""Tests of migstats.strategies: the generators must produce what they promise.

Rounding is checked against Python's ``decimal`` module (an implementation
independent of migstats' integer arithmetic).
"""

from __future__ import annotations

import ast
import decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import migstats
from migstats import ROUNDING_RULES, MigstatsValueError
from migstats.strategies import (
    TABLE_COLUMNS,
    RoundedDistribution,
    count_vectors,
    published_tables,
    rounded_distributions,
)

_MODES = {
    "half_up": decimal.ROUND_HALF_UP,
    "half_down": decimal.ROUND_HALF_DOWN,
    "half_even": decimal.ROUND_HALF_EVEN,
    "floor": decimal.ROUND_FLOOR,
    "ceiling": decimal.ROUND_CEILING,
    "truncate": decimal.ROUND_DOWN,
}


def allowed(c: int, n: int, d: int, rule: str) -> set[str]:
    """How 100 c / n may be printed with d decimals (values >= 0)."""
    rules = ("half_up", "half_down") if rule == "up_or_down" else (rule,)
    with decimal.localcontext() as ctx:
        ctx.prec = 80
        x = decimal.Decimal(100 * c) / decimal.Decimal(n)
        q = decimal.Decimal(1).scaleb(-d)
        return {str(x.quantize(q, rounding=_MODES[r])) for r in rules}


class TestCountVectors:
    @given(data=st.data(), n=st.integers(1, 10_000), k=st.integers(1, 12))
    def test_sum_length_sign(self, data, n, k):
        c = data.draw(count_vectors(n=n, k=k))
        assert c.dtype == np.int64 and c.shape == (k,)
        assert c.sum() == n and (c >= 0).all()

    @given(c=count_vectors(n=st.integers(1, 50), k=st.just(4)))
    def test_accepts_strategies(self, c):
        assert len(c) == 4 and 1 <= c.sum() <= 50

    @pytest.mark.parametrize(
        ("n", "k", "arg"), [(0, 3, "n"), (10, 0, "k"), (2.5, 3, "n"), (10, [2, 3], "k")]
    )
    def test_bad_arguments(self, n, k, arg):
        with pytest.raises(MigstatsValueError, match=f"^{arg} "):
            count_vectors(n=n, k=k)


class TestRoundedDistributions:
    @given(
        dist=st.sampled_from(ROUNDING_RULES).flatmap(
            lambda rule: rounded_distributions(
                n=st.integers(1, 3000),
                k=st.integers(1, 6),
                decimals=st.integers(0, 2),
                rounding=rule,
                remainder=rule != "floor",
            )
        )
    )
    def test_reported_values_are_roundings_of_the_truth(self, dist):
        assert isinstance(dist, RoundedDistribution)
        k = len(dist.reported)
        assert len(dist.counts) == k + int(dist.remainder)
        assert dist.counts.sum() == dist.n and (dist.counts >= 0).all()
        for c, r, p in zip(dist.counts[:k], dist.reported, dist.percents, strict=True):
            assert r in allowed(int(c), dist.n, dist.decimals, dist.rounding)
            assert (len(r.split(".")[1]) if "." in r else 0) == dist.decimals
            assert p == float(r)

    def test_up_or_down_ties_go_both_ways(self):
        # every odd count of 8 is a tie (12.5%, 37.5%, ...): printed rounded
        # down or up, and hypothesis explores both
        seen = set()

        @settings(max_examples=100)
        @given(rounded_distributions(n=8, k=1, remainder=True))
        def collect(dist):
            c = int(dist.counts[0])
            if c % 2 == 1:
                exact = 100 * c / 8
                seen.add("up" if float(dist.reported[0]) > exact else "down")

        collect()
        assert seen == {"up", "down"}

    @pytest.mark.parametrize(
        ("kwargs", "arg"),
        [
            ({"rounding": "round"}, "rounding"),
            ({"k": 0}, "k"),
            ({"decimals": -1}, "decimals"),
            ({"remainder": 1}, "remainder"),
        ],
    )
    def test_bad_arguments(self, kwargs, arg):
        with pytest.raises(MigstatsValueError, match=arg):
            rounded_distributions(**kwargs)


class TestPublishedTables:
    @given(
        df=published_tables(
            responses=("1", "2", "3"),
            groups=("Q1", "Q2", "Q3", "Q4", "Q5"),
            dimension="income",
            decimals=st.integers(0, 1),
            remainder=False,
            include_truth=True,
        )
    )
    def test_schema_and_totals(self, df):
        assert list(df.columns) == [*TABLE_COLUMNS, "count", "n"]
        assert len(df) == 3 * 6
        assert df.loc[df.group == "total", "dimension"].unique().tolist() == ["total"]
        tot = df[df.group == "total"].set_index("response")["count"]
        grp = df[df.group != "total"].groupby("response")["count"].sum()
        assert tot.to_dict() == grp.to_dict()
        # exhaustive responses: counts add up to n in every group
        sums = df.groupby("group")["count"].sum()
        sizes = df.groupby("group")["n"].first()
        assert (sums == sizes).all()
        for row in df.itertuples():
            decimals = len(row.reported.split(".")[1]) if "." in row.reported else 0
            assert row.reported in allowed(row.count, row.n, decimals, "up_or_down")
            assert row.percent == float(row.reported)

    @given(df=published_tables())
    def test_default_schema(self, df):
        assert tuple(df.columns) == TABLE_COLUMNS
        assert df["group"].tolist()[:2] == ["total", "total"]
        assert set(df["response"]) == {"agree", "disagree"}
        # with an unpublished remainder the published percentages may fall short of 100
        assert (df.groupby("group")["percent"].sum() <= 100 + 1).all()

    @pytest.mark.parametrize(
        ("kwargs", "arg"),
        [
            ({"responses": ()}, "responses"),
            ({"groups": ("a", "a")}, "groups"),
            ({"rounding": "nope"}, "rounding"),
            ({"n": 0}, "n"),
            ({"include_truth": "yes"}, "include_truth"),
        ],
    )
    def test_bad_arguments(self, kwargs, arg):
        with pytest.raises(MigstatsValueError, match=arg):
            published_tables(**kwargs)


def test_not_imported_by_migstats():
    # static check of the contract "import migstats does not import
    # hypothesis or migstats.strategies": no other module imports them at
    # module level (a subprocess check would cost seconds of import time)
    package = Path(migstats.__file__).parent
    offenders = []
    for path in sorted(package.glob("*.py")):
        if path.name == "strategies.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module level only; imports inside functions are fine
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [a.name for a in node.names]
            if any(nm.split(".")[0] == "hypothesis" or nm.endswith("strategies") for nm in names):
                offenders.append(path.name)
    assert offenders == []
