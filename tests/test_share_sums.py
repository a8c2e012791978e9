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
from hypothesis import example, given
from hypothesis import strategies as st

import migstats
from migstats._audit.profiles import share_sums

DIMS = {"party": {"groups": ["rep", "dem"], "ordered": False}}


def _audit(dem: tuple[float, float], kind: str = "level", rep: tuple = (30.0, 20.0)):
    """The audit of one claim of ``kind`` on the sum "1-2" of parts ``rep`` and ``dem``."""
    rows = []
    for g, parts in (("rep", rep), ("dem", dem)):
        rows += [("t1", "score", str(k + 1), "party", g, p, f"{p:g}") for k, p in enumerate(parts)]
    tables = pd.DataFrame(
        rows, columns=["table", "item", "response", "dimension", "group", "percent", "reported"]
    )
    claim = dict(table="t1", item="score", response="1-2", dimension="party", claim="x")
    claim.update(
        {
            "level": dict(kind="level", groups="dem", quantifier="majority"),
            "difference": dict(kind="difference", groups="dem>rep", quantifier=""),
            "gradient": dict(kind="gradient", groups="increasing", quantifier=""),
            "text": dict(kind="text_table", groups="rep", check="at_most_100", reported="105"),
        }[kind],
        claim_id="A",
    )
    design = migstats.SampleDesign(
        n=3000, n_range=(1500, 6000), shares={"party": {"rep": 0.5, "dem": 0.5}}
    )
    return migstats.audit(
        claims=pd.DataFrame([claim]), tables=tables, design=design, quantifiers="en",
        dimensions={"party": {**DIMS["party"], "ordered": kind == "gradient"}},
        every_reading=False,
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
    assert (
        "more than 100% only within their rounding (101% for dem): taken as 100%" in (row["reason"])
    )


def test_parts_that_cannot_be_a_share_make_the_claim_untestable():
    row = _audit((80.0, 80.0))
    assert row["verdict"] == "untestable" and np.isnan(row["pvalue"])
    assert "sum to 160% for dem: more than 100% even within their rounding" in row["reason"]


def test_the_text_checks_read_the_sums_as_printed():
    """A text_table claim checks the printed sums itself (here: over 100, inconsistent)."""
    row = _audit((30.0, 20.0), "text", rep=(60.0, 45.0))
    assert row["verdict"] == "inconsistent"
    assert "105" in row["reason"]


def test_a_flat_profile_at_100_is_no_evidence_of_a_gradient():
    """Every group's sum taken as 100: the slope index is 0 (its float remainder is not a sign)."""
    row = _audit((51.0, 50.0), "gradient", rep=(51.0, 50.0))
    assert abs(row["estimate"]) < 1e-9
    assert row["verdict"] == "not supported" and row["pvalue_support"] == 1.0


@pytest.mark.parametrize(("parts", "said"), [((83.9, 15.9, 0.2), False), ((0.4, 99.7), True)])
def test_one_decimal_sums_at_100(parts, said):
    """83.9 + 15.9 + 0.2 is 100 (100.00000000000001 in floats: not moved, nothing said);
    0.4 + 99.7 = 100.1 can be 100 within rounding: taken as 100 and said so."""
    total = sum(parts)  # left to right, as the tables' parts are summed
    k = len(parts)
    p, lo, hi, moved = (np.ravel(x)[0] for x in share_sums([total], [0.05 * k], [0.05 * k]))
    assert moved == said and p == 100.0 and hi == 0.0
    assert p - lo == pytest.approx(max(total - 0.05 * k, 0.0), abs=1e-12)


@pytest.mark.parametrize("bad", [150.0, -3.0, np.nan])
def test_a_percentage_outside_0_100_is_refused_with_its_row(bad):
    with pytest.raises(migstats.MigstatsError) as err:
        _audit((bad, 20.0))
    assert "row 2, column 'percent'" in str(err.value)
    assert len(err.value.problems) == 1


@given(
    tenths=st.lists(st.integers(0, 1000), min_size=1, max_size=6),
    decimals=st.sampled_from([0, 1]),
)
@example(tenths=[839, 159, 2], decimals=1)  # 100.00000000000001 in floats
@example(tenths=[4, 997], decimals=1)  # 100.1: 100 within rounding
@example(tenths=[510, 500], decimals=0)  # 101: 100 within rounding
def test_a_sum_is_a_share_whose_interval_holds_every_possible_true_sum(tenths, decimals):
    """The result is the part of the sum's rounding interval that a share can take.

    The sum's interval is computed here in exact tenths (integers), not as
    the code does it in floats: a float sum that is 100 in exact arithmetic
    (83.9 + 15.9 + 0.2) is neither moved nor refused.
    """
    step = 10 if decimals == 0 else 1  # tenths per published unit
    parts = [t // step * step for t in tenths]  # published with ``decimals`` decimals
    half = step / 2  # in tenths
    exact = sum(parts)
    d_low = sum(min(p, half) for p in parts)  # each part's interval cut at 0
    d_high = sum(min(1000 - p, half) for p in parts)
    s = sum(p / 10 for p in parts)  # the sum as the tables give it (left to right)
    lows, highs = (float(np.sum([x / 10 for x in d])) for d in ([min(p, half) for p in parts],
                   [min(1000 - p, half) for p in parts]))  # fmt: skip
    if exact - d_low > 1000:
        with pytest.raises(ValueError, match="shares"):
            share_sums([s], [lows], [highs])
        return
    p, lo, hi, moved = (np.ravel(x)[0] for x in share_sums([s], [lows], [highs]))
    assert 0 <= p - lo + 1e-12 and p + hi <= 100
    assert p - lo == pytest.approx(max(exact - d_low, 0) / 10, abs=1e-9)
    assert p + hi == pytest.approx(min(exact + d_high, 1000) / 10, abs=1e-9)
    assert moved == (exact > 1000)
    if s + highs <= 100:  # nothing to cut: the numbers as they were, bit for bit
        assert (p, lo, hi) == (s, lows, highs)


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
