"""Sums of a score range's rounded parts are shares: within [0, 100], said so when cut.

A response such as ``"1-2"`` that the tables publish only as its parts is
their sum; rounded parts can add up to more than 100 (51 + 50) or reach
above it within their rounding (60 + 40).  The audit takes such a sum as the
share it is (``profiles.share_sums``), says so in the reason when it moves
a printed sum, and refuses a sum that cannot be a share even within its
rounding.  A percentage outside [0, 100] in tables given as a DataFrame is
refused with its row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import migstats
from migstats._audit.profiles import share_sums

DIMS = {"party": {"groups": ["rep", "dem"], "ordered": False}}


def _audit(dem: tuple[float, float], kind: str = "level", **tables_kw):
    rows = []
    for g, parts in (("rep", (30.0, 20.0)), ("dem", dem)):
        rows += [("t1", "score", str(k + 1), "party", g, p, f"{p:g}") for k, p in enumerate(parts)]
    tables = pd.DataFrame(
        rows, columns=["table", "item", "response", "dimension", "group", "percent", "reported"]
    )
    claim = dict(table="t1", item="score", response="1-2", dimension="party", claim="x")
    claim.update(
        dict(claim_id="A", kind="level", groups="dem", quantifier="majority")
        if kind == "level"
        else dict(claim_id="A", kind="difference", groups="dem>rep", quantifier="")
    )
    design = migstats.SampleDesign(
        n=3000, n_range=(1500, 6000), shares={"party": {"rep": 0.5, "dem": 0.5}}
    )
    return migstats.audit(
        claims=pd.DataFrame([claim]), tables=tables, design=design, quantifiers="en",
        dimensions=DIMS, every_reading=False,
    ).to_frame().iloc[0]  # fmt: skip


@pytest.mark.parametrize("kind", ["level", "difference"])
def test_parts_reaching_above_100_within_rounding(kind):
    """60 + 40: the sum is 100, its rounding interval [99, 101] is cut at 100."""
    row = _audit((60.0, 40.0), kind)
    assert row["verdict"] == "supported"
    if kind == "level":
        assert row["estimate"] == 100.0 and row["ci_high"] <= 100.0
    assert "taken as 100%" not in row["reason"]  # the printed sum is a share: not moved


def test_parts_summing_above_100_are_taken_as_100_and_the_reason_says_so():
    row = _audit((51.0, 50.0))
    assert row["estimate"] == 100.0
    assert "sum to 101%, over 100% only through rounding: taken as 100%" in row["reason"]


def test_parts_that_cannot_be_a_share_are_refused():
    with pytest.raises(ValueError, match=r"1-2 of dem in table\(s\) t1 sum to 160%"):
        _audit((80.0, 80.0))


@pytest.mark.parametrize("bad", [150.0, -3.0, np.nan])
def test_a_percentage_outside_0_100_is_refused_with_its_row(bad):
    with pytest.raises(migstats.MigstatsError) as err:
        _audit((bad, 20.0))
    assert "row 2, column 'percent'" in str(err.value)
    assert len(err.value.problems) == 1


_PARTS = st.lists(st.integers(0, 100), min_size=1, max_size=6)


@given(parts=_PARTS, half=st.sampled_from([0.5, 0.05]))
def test_a_sum_is_a_share_whose_interval_holds_every_possible_true_sum(parts, half):
    """The result is the part of the sum's rounding interval that a share can take."""
    s = float(sum(parts))
    d_low = sum(min(p, half) for p in parts)  # each part's interval cut at 0
    d_high = sum(min(100 - p, half) for p in parts)
    low, high = s - d_low, s + d_high
    if low > 100:
        with pytest.raises(ValueError, match="shares"):
            share_sums([s], [d_low], [d_high])
        return
    p, lo, hi, moved = (np.ravel(x)[0] for x in share_sums([s], [d_low], [d_high]))
    assert 0 <= p - lo and p + hi <= 100
    assert p - lo == pytest.approx(max(low, 0.0)) and p + hi == pytest.approx(min(high, 100.0))
    assert moved == (s > 100)
    if high <= 100:  # nothing to cut: the numbers as they were, bit for bit
        assert (p, lo, hi) == (s, d_low, d_high)


def test_simulated_parts_above_100_in_a_calibration_stack():
    """The batch audit (calibration) takes a replication's sums as the audit does."""
    from migstats._audit import BatchAudit

    stack = np.array([[30.0, 20.0, 60.0, 40.0], [30.0, 20.0, 51.0, 50.0], [30.0, 20.0, 20.0, 10.0]])
    claim = dict(table="t1", item="score", response="1-2", dimension="party", claim="x")
    claims = pd.DataFrame(
        [dict(claim, claim_id="A", kind="level", groups="dem", quantifier="majority")]
    )
    rows = [("t1", "score", str(k + 1), "party", g, 10.0, "10") for g in DIMS["party"]["groups"]
            for k in range(2)]  # fmt: skip
    columns = ["table", "item", "response", "dimension", "group", "percent", "reported"]
    design = migstats.SampleDesign(
        n=3000, n_range=(1500, 6000), shares={"party": {"rep": 0.5, "dem": 0.5}}
    )
    kw = dict(design=design, quantifiers="en", dimensions=DIMS)
    batch = BatchAudit(pd.DataFrame(rows, columns=columns), claims, **kw)
    for pct, low, high in batch._profile_stacks(stack):  # each replication's sums are shares
        assert (pct - low >= 0).all() and (pct + high <= 100).all() and (pct <= 100).all()
    got = batch.verdicts(stack)[:, 0].tolist()
    want = []
    for percents in stack:
        t = pd.DataFrame(rows, columns=columns).assign(
            percent=percents, reported=[f"{p:g}" for p in percents]
        )
        word = migstats.audit(claims=claims, tables=t, every_reading=False, **kw).frame["verdict"][
            0
        ]
        want.append(word.replace("depends on n", "not supported"))
    assert got == want == ["supported", "supported", "contradicted"]
