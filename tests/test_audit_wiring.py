"""The audit's same-respondent comparisons and margins, against independent references.

* gradient comparisons of one item across two groupings: the correlation is
  :func:`migstats.gradient_correlation` called directly on the published
  profiles, the p-value the Wald formula written out by hand;
* two items across one grouping: the correlation range of
  :func:`migstats._core.paired_contrast_correlation` against Monte Carlo and
  against random joint answers within the Fréchet bounds;
* extreme-group gaps standing in for slope indices: the issue's example (same
  true SII on both dimensions, gaps 13.5 and 16.0) is not supported at any n;
* ``item_difference``: the largest variance over a grid of the joint share;
* the equivalence margin's Cohen's h written out with ``math.asin``, and the
  two-group equivalence on h by hand;
* (slow) the two-item comparison's type I error at the Fréchet worst case,
  by simulation.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import migstats
from migstats._audit.kinds.equivalence import margin_in_h
from migstats._base import CLAIM_COLUMNS
from migstats._core import paired_contrast_correlation

EDU = ["bo/vmbo", "havo/vwo/mbo", "hbo/wo"]
INC = ["Q1", "Q2", "Q3", "Q4", "Q5"]


def table(item: str, *, total=None, education=None, income=None) -> pd.DataFrame:
    """A tidy table for one item; a profile given as a dict publishes only its groups."""
    rows = []
    if total is not None:
        rows.append(("7.5", item, "agree", "total", "total", float(total)))
    for dim, groups, values in (("education", EDU, education), ("income", INC, income)):
        if values is None:
            continue
        pairs = values.items() if isinstance(values, dict) else zip(groups, values, strict=True)
        rows += [("7.5", item, "agree", dim, g, float(v)) for g, v in pairs]
    return pd.DataFrame(
        rows, columns=["table", "item", "response", "dimension", "group", "percent"]
    )


def claim(**kw) -> dict:
    row = dict.fromkeys(CLAIM_COLUMNS, "")
    row.update(
        claim_id="W01",
        section="7.1.1",
        table="7.5",
        item="item_a",
        response="agree",
        kind="larger_gradient",
        dimension="education",
        groups="all",
        claim="synthetic claim",
    )
    row.update(kw)
    return row


def plain(c, t, **kw):
    """evaluate_claim on the printed numbers as exact, deff 1 unless given."""
    kw.setdefault("deff", 1.0)
    return migstats.evaluate_claim(c, tables=t, rounding_aware=False, **kw)


def shares(dim: str) -> np.ndarray:
    s = migstats.LISS_2023.group_shares(dim)
    return np.array([s[g] for g in (EDU if dim == "education" else INC)])


def group_sizes(dim: str, n: float) -> np.ndarray:
    return np.asarray(migstats.LISS_2023.group_design(dim, n, 1.0).n, float)


def sii_by_hand(p, w, n_g):
    """Least-squares slope on the ridits (weights w) and its Wald SE, written out."""
    r = np.cumsum(w) - w / 2
    a = r - 0.5
    s = float((w * a**2).sum())
    return float((w * a * p).sum() / s), math.sqrt(
        float((w**2 * a**2 * p * (1 - p) / n_g).sum()) / s**2
    )


# --------------------------------------------------------------------------
# one item, two groupings: the correlation from the published margins
# --------------------------------------------------------------------------

PE = np.array([0.47, 0.37, 0.21])  # table 7.6, close_borders
PI = np.array([0.36, 0.38, 0.33, 0.29, 0.29])


def test_two_groupings_use_the_margins_range_under_pqd():
    t = pd.concat([table("item_a", education=100 * PE), table("item_a", income=100 * PI)])
    n = 2900
    res = plain(claim(reference="income"), t, n=n)
    rng = migstats.gradient_correlation(
        shares("education"), shares("income"), PE, PI, tolerance=0.005
    )
    xa, sa = sii_by_hand(PE, shares("education"), group_sizes("education", n))
    xb, sb = sii_by_hand(PI, shares("income"), group_sizes("income", n))
    rho = rng.low  # both gradients fall: the least favourable end is the lower one
    est = abs(xa) - abs(xb)
    z = est / math.sqrt(sa**2 + sb**2 - 2 * rho * sa * sb)
    assert res.estimate == pytest.approx(100 * est, rel=1e-9)
    assert res.pvalue_support == pytest.approx(2 * stats.norm.sf(z), rel=1e-6)
    assert f"[{rng.low:.2f}, {rng.high:.2f}]" in res.method
    assert "positive quadrant dependence" in res.method


def test_worst_case_option_is_rho_minus_one():
    t = pd.concat([table("item_a", education=100 * PE), table("item_a", income=100 * PI)])
    n = 2900
    res = plain(claim(reference="income"), t, n=n, gradient_correlation="worst_case")
    xa, sa = sii_by_hand(PE, shares("education"), group_sizes("education", n))
    xb, sb = sii_by_hand(PI, shares("income"), group_sizes("income", n))
    z = (abs(xa) - abs(xb)) / (sa + sb)
    assert res.pvalue_support == pytest.approx(2 * stats.norm.sf(z), rel=1e-6)
    assert "rho = -1" in res.method
    default = plain(claim(reference="income"), t, n=n)
    assert default.pvalue_support < res.pvalue_support


def test_margins_option_is_at_least_as_wide_as_pqd():
    t = pd.concat([table("item_a", education=100 * PE), table("item_a", income=100 * PI)])
    pqd = plain(claim(reference="income"), t, n=2900)
    any_table = plain(claim(reference="income"), t, n=2900, gradient_correlation="margins")
    assert any_table.pvalue_support >= pqd.pvalue_support
    assert "any table" in any_table.method


def test_unknown_correlation_scenario_is_refused():
    t = pd.concat([table("item_a", education=100 * PE), table("item_a", income=100 * PI)])
    with pytest.raises(migstats.MigstatsValueError, match="gradient_correlation"):
        plain(claim(reference="income"), t, gradient_correlation="perfect")


# --------------------------------------------------------------------------
# two items, one grouping: Fréchet bounds in every group
# --------------------------------------------------------------------------


def test_two_items_use_the_frechet_range():
    pa, pb = np.array([0.56, 0.45, 0.30]), np.array([0.80, 0.83, 0.85])
    t = pd.concat([table("item_a", education=100 * pa), table("item_b", education=100 * pb)])
    n = 2900
    res = plain(claim(reference="item_b"), t, n=n)
    w, n_g = shares("education"), group_sizes("education", n)
    xa, sa = sii_by_hand(pa, w, n_g)
    xb, sb = sii_by_hand(pb, w, n_g)
    # the covariance of the two SIIs at every group's Fréchet lower bound, by hand
    r = np.cumsum(w) - w / 2 - 0.5
    p11 = np.maximum(0.0, pa + pb - 1)
    cov = float((w**2 * r**2 * (p11 - pa * pb) / n_g).sum()) / float((w * r**2).sum()) ** 2
    # |a| - |b| with a falling, b rising: rho enters with sign -1, the least
    # favourable end is the upper one (the Fréchet upper bound min(pa, pb))
    p11_hi = np.minimum(pa, pb)
    cov_hi = float((w**2 * r**2 * (p11_hi - pa * pb) / n_g).sum()) / float((w * r**2).sum()) ** 2
    assert cov < 0 < cov_hi
    var = sa**2 + sb**2 + 2 * cov_hi  # var(|a| - |b|) = var(-a - b)
    z = (abs(xa) - abs(xb)) / math.sqrt(var)
    assert res.pvalue_support == pytest.approx(2 * stats.norm.sf(z), rel=1e-6)
    assert "Fréchet" in res.method


def test_contrast_correlation_matches_monte_carlo():
    # three groups, two items answered jointly at each group's Fréchet lower bound
    rng = np.random.default_rng(20261207)
    w = np.array([0.26, 0.35, 0.39])
    n_g = np.array([700, 1000, 1100])
    pa, pb = np.array([0.70, 0.55, 0.40]), np.array([0.45, 0.50, 0.62])
    p11 = np.maximum(0.0, pa + pb - 1)
    cells = np.clip(np.stack([p11, pa - p11, pb - p11, 1 - pa - pb + p11], -1), 0.0, None)
    cells /= cells.sum(-1, keepdims=True)  # round-off only (a cell at 0 within 1e-16)
    reps = 4000
    counts = np.stack([rng.multinomial(n_g[g], cells[g], size=reps) for g in range(3)], 1)
    ha = (counts[..., 0] + counts[..., 1]) / n_g
    hb = (counts[..., 0] + counts[..., 2]) / n_g
    a = np.cumsum(w) - w / 2 - 0.5
    sii_a, sii_b = ha @ (w * a), hb @ (w * a)
    mc = np.corrcoef(sii_a, sii_b)[0, 1]
    low = float(paired_contrast_correlation(pa, pb, w**2 * a**2 / n_g).low)
    # Monte Carlo SE of a correlation: (1 - rho^2) / sqrt(reps) ~ 0.015
    assert mc == pytest.approx(low, abs=4 * (1 - low**2) / math.sqrt(reps))


unit = st.floats(0.0, 1.0)


@settings(max_examples=60, deadline=None)
@given(
    pa=st.lists(unit, min_size=3, max_size=3),
    pb=st.lists(unit, min_size=3, max_size=3),
    w=st.lists(st.floats(0.01, 10.0), min_size=3, max_size=3),
    u=st.lists(unit, min_size=3, max_size=3),
)
def test_contrast_correlation_bounds_every_joint_answer(pa, pb, w, u):
    pa, pb, w, u = map(np.asarray, (pa, pb, w, u))
    rng = paired_contrast_correlation(pa, pb, w)
    assert -1.0 <= rng.low <= rng.high <= 1.0
    swapped = paired_contrast_correlation(pb, pa, w)
    assert (swapped.low, swapped.high) == pytest.approx((rng.low, rng.high), abs=1e-12)
    # any joint share in each group's Fréchet interval gives a correlation in the range
    lo, hi = np.maximum(0.0, pa + pb - 1), np.minimum(pa, pb)
    p11 = lo + u * (hi - lo)
    den = math.sqrt((w * pa * (1 - pa)).sum() * (w * pb * (1 - pb)).sum())
    if den > 0:
        rho = float((w * (p11 - pa * pb)).sum() / den)
        assert rng.low - 1e-9 <= rho <= rng.high + 1e-9


def test_contrast_correlation_refuses_negative_weights():
    with pytest.raises(migstats.MigstatsValueError, match="weights"):
        paired_contrast_correlation([0.5, 0.4], [0.3, 0.2], [1.0, -1.0])


# --------------------------------------------------------------------------
# extreme-group gaps stand in for slope indices per unit of ridit span
# --------------------------------------------------------------------------


def test_same_sii_from_gaps_is_not_a_larger_gradient_at_any_n():
    # issue example: true SII 20 on both dimensions, middle groups unpublished;
    # the education gap is 20 x its ridit span (13.5), the income gap 16.0
    we = shares("education")
    span_e = 1 - we[-1] / 2 - we[0] / 2
    gap_e = 20 * span_e
    assert gap_e == pytest.approx(13.5, abs=0.05)
    t = pd.concat(
        [
            table("item_a", education={"bo/vmbo": 40.0, "hbo/wo": 40.0 + gap_e}),
            table("item_a", income={"Q1": 40.0, "Q5": 56.0}),
        ]
    )
    c = claim(dimension="income", reference="education")  # "income differences are larger"
    res = plain(c, t, n=2_000_000)
    assert res.estimate == pytest.approx(0.0, abs=1e-9)
    assert res.verdict != "supported"
    assert "gap_slope_index" in res.method


# --------------------------------------------------------------------------
# item_difference: the largest variance the two shares allow
# --------------------------------------------------------------------------


@pytest.mark.parametrize(("p1", "p2"), [(0.82, 0.56), (0.70, 0.50), (0.58, 0.42)])
def test_item_difference_is_the_largest_variance_over_the_joint_share(p1, p2):
    t = pd.concat([table("item_a", total=100 * p1), table("item_b", total=100 * p2)])
    c = claim(kind="item_difference", dimension="total", groups="total", reference="item_b")
    res = plain(c, t, n=2000, deff=1.5)
    ne = 2000 / 1.5
    grid = np.linspace(max(0.0, p1 + p2 - 1), min(p1, p2), 10_001)
    var = (p1 * (1 - p1) + p2 * (1 - p2) - 2 * (grid - p1 * p2)) / ne
    z = (p1 - p2) / math.sqrt(var.max())
    assert res.pvalue_support == pytest.approx(2 * stats.norm.sf(z), rel=1e-6)
    worst = plain(c, t, n=2000, deff=1.5, gradient_correlation="worst_case")
    assert res.pvalue_support <= worst.pvalue_support
    assert "Fréchet" in res.method


# --------------------------------------------------------------------------
# the equivalence margin on Cohen's h
# --------------------------------------------------------------------------


@pytest.mark.parametrize(("level", "margin"), [(50.0, 10.0), (75.0, 10.0), (12.0, 10.0)])
def test_margin_in_h_by_hand(level, margin):
    hi, lo = (level + margin / 2) / 100, (level - margin / 2) / 100
    h = 2 * math.asin(math.sqrt(hi)) - 2 * math.asin(math.sqrt(lo))
    assert f"Cohen's h {h:.2f}" in margin_in_h(level, margin)


def test_margin_in_h_names_an_unreachable_level():
    assert "no gap of 10 points" in margin_in_h(3.0, 10.0)


def test_no_difference_reason_gives_the_margin_in_h():
    t = table("item_a", education=[50, 51, 50])
    res = plain(claim(kind="no_difference", reference=""), t, n=20000)
    assert "Cohen's h 0.20" in res.reason
    assert "Cohen's h 0.2, 'small'" in res.method


# --------------------------------------------------------------------------
# chapter 7
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chapter(chapter_result):
    return chapter_result.to_frame().set_index("claim_id")


def test_chapter_gradient_comparisons_name_their_correlation(chapter):
    cmp = chapter[chapter.kind.isin(["larger_gradient", "small_difference"])]
    assert len(cmp) >= 10
    for cid, row in cmp.iterrows():
        m = row["method"]
        assert (
            ("gradient_correlation" in m)
            or ("paired_contrast_correlation" in m)
            or ("rho = -1" in m)
        ), cid
    claims = migstats.load_claims().set_index("claim_id")
    across = [c for c in cmp.index if claims.loc[c, "reference"] in ("income", "education")]
    assert len(across) >= 7
    for cid in across:
        m = chapter.loc[cid, "method"]
        assert "rho = -1" in m or (
            "positive quadrant dependence" in m and "range at the published numbers [" in m
        ), cid


def test_two_group_equivalence_is_on_cohens_h_by_hand():
    # two periods (independent samples of n each): |h| against the 10-point margin's h at 50%
    t = pd.DataFrame(
        [("7.1", "item_a", "agree", "period", g, v) for g, v in (("2021", 48.0), ("2023", 52.0))],
        columns=["table", "item", "response", "dimension", "group", "percent"],
    )
    c = claim(kind="no_difference", table="7.1", dimension="period", reference="")
    n = 3000
    res = plain(c, t, n=n)
    h = 2 * math.asin(math.sqrt(0.52)) - 2 * math.asin(math.sqrt(0.48))
    delta = 2 * math.asin(math.sqrt(0.55)) - 2 * math.asin(math.sqrt(0.45))
    se = math.sqrt(2 / n)
    p = max(stats.norm.sf((h + delta) / se), stats.norm.sf((delta - h) / se))
    assert res.estimate == pytest.approx(h, rel=1e-9)
    assert res.pvalue_support == pytest.approx(p, rel=1e-6)
    assert "equivalence_h" in res.method
    # the same 4-point gap near the floor is a larger h: not equivalent at this n
    low = t.assign(percent=[2.0, 6.0])
    assert plain(c, low, n=n).pvalue_support > res.pvalue_support


@pytest.mark.slow
def test_two_item_comparison_keeps_its_error_rate_at_the_frechet_worst_case():
    # null: equal |SII| (one item rising, one falling); the joint answers at each
    # group's Fréchet upper bound, the least favourable truth for |a| - |b| with
    # opposite signs; the audit's statistic (compare_gradient_results with the
    # Fréchet range of each replication) rejects "a is steeper" at level alpha / 2
    from migstats._core import SlopeCorrelation

    rng = np.random.default_rng(20261207)
    w, n = np.array([0.26, 0.35, 0.39]), 1500
    pa, pb = np.array([0.30, 0.40, 0.50]), np.array([0.70, 0.60, 0.50])
    p11 = np.minimum(pa, pb)
    cells = np.clip(np.stack([p11, pa - p11, pb - p11, 1 - pa - pb + p11], -1), 0.0, None)
    cells /= cells.sum(-1, keepdims=True)
    a = np.cumsum(w) - w / 2 - 0.5
    reps, rejected = 2000, 0
    for _ in range(reps):
        c = np.stack([rng.multinomial(round(n * w[g]), cells[g]) for g in range(3)])
        ng = c.sum(1)
        ha, hb = (c[:, 0] + c[:, 1]) / ng, (c[:, 0] + c[:, 2]) / ng
        r = paired_contrast_correlation(ha, hb, w**2 * a**2 / ng)
        cmp = migstats.compare_gradient_results(
            migstats.slope_index(ha, ng, w),
            migstats.slope_index(hb, ng, w),
            correlation=SlopeCorrelation(float(r.low), float(r.high), "derived", "frechet"),
        )
        z = float(cmp.abs_estimate) / float(cmp.abs_standard_error["selected"])
        rejected += 2 * stats.norm.sf(z) < 0.05
    rate, se = rejected / reps, math.sqrt(0.025 * 0.975 / reps)
    assert rate <= 0.025 + 3 * se
