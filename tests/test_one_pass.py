"""The audit's array pass over points: same numbers as one point, one component, whole n.

The audit evaluates each claim once over every point it reads a verdict at
(``outcome.pvalues_at``), a rounding corner's single component alone where
the kind can (``stacking.component_at``), several number sets in one call
stacked by point (``stacking.at_sets``), and refines the break-even search
around the predicted crossing (``breakeven``).  Each is checked against the
plain computation it replaces: every point alone, every component computed
with the others, every number set alone, and the verdict on either side of
each break-even n.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import migstats
from migstats._audit import breakeven, outcome, stacking
from migstats._audit.memo import audit_memo

FIELDS = ("estimate", "ci_low", "ci_high", "pvalue_support", "pvalue_contradict", "z")


@pytest.fixture(scope="module")
def chapter_family(audit_family):
    """The tested claims of chapter 7's default audit, prepared as the audit prepares them."""
    return audit_family()


def test_a_point_does_not_depend_on_the_points_evaluated_with_it(chapter_family):
    fam, _ = chapter_family
    n = np.array([150.0, 900.0, 2900.0, 41_000.0])
    deff = np.array([1.0, 1.5, 2.0, 1.7])
    for prep, corners in zip(fam["preps"], fam["corners"], strict=True):
        with audit_memo():
            outcome.pvalues_at(prep, corners, n[:2], deff[:2])  # part known beforehand
            ps, pc = outcome.pvalues_at(prep, corners, n, deff)
        for k in range(n.size):
            alone = outcome.aware(prep, corners, n[k : k + 1], deff[k : k + 1])
            assert ps[k] == pytest.approx(float(alone.pvalue_support[0]), rel=1e-12, abs=0)
            assert pc[k] == pytest.approx(float(alone.pvalue_contradict[0]), rel=1e-12, abs=0)


def test_a_component_alone_is_that_component_among_all(chapter_family):
    fam, _ = chapter_family
    apart = [
        (p, c)
        for p, c in zip(fam["preps"], fam["corners"], strict=True)
        if getattr(p.evaluate, "apart", False) and c is not None
    ]
    assert len(apart) >= 10  # the gradient comparisons and the statements over several items
    n, deff = np.array([700.0, 2900.0]), np.array([1.5, 2.0])
    for prep, corners in apart:
        for k, pts in enumerate(corners.points):
            every = stacking.components_at(prep, pts, n, deff, with_ci=True)
            for c, want in enumerate(every):
                got = stacking.component_at(prep, pts, n, deff, c, with_ci=True)
                assert got.detail == want.detail and got.estimand == want.estimand, (k, c)
                for field in FIELDS:
                    np.testing.assert_allclose(
                        getattr(got, field), getattr(want, field), rtol=1e-12, atol=0
                    )


@pytest.mark.parametrize("with_ci", [False, True])
def test_number_sets_stacked_by_point_are_each_set_alone(chapter_family, with_ci):
    """A kind that stacks number sets by point gives each set what it gives alone."""
    fam, _ = chapter_family
    stacks = [
        (p, c)
        for p, c in zip(fam["preps"], fam["corners"], strict=True)
        if getattr(p.evaluate, "stacks", False) and c is not None and len(c.points) > 1
    ]
    kinds = {p.claim["kind"] for p, _ in stacks}
    assert {"level", "difference", "larger_gradient", "small_difference"} <= kinds
    n, deff = np.array([700.0, 2900.0]), np.array([1.5, 2.0])
    for prep, corners in stacks:
        stacked = stacking.at_sets(prep, corners.points, n, deff, with_ci)
        for pts, got in zip(corners.points, stacked, strict=True):
            want = stacking.components_at(prep, pts, n, deff, with_ci)
            assert len(got) == len(want)
            for a, b in zip(got, want, strict=True):
                for field in FIELDS:
                    np.testing.assert_allclose(
                        getattr(a, field), getattr(b, field), rtol=1e-12, atol=0, equal_nan=True
                    )


def test_breakeven_n_is_where_the_verdict_turns(chapter_family):
    """Supported at each break-even n, not one respondent below it (whole family recomputed)."""
    fam, frame = chapter_family
    preps, corners, deff, s = fam["preps"], fam["corners"], fam["deff"], fam["s"]
    ids = [p.claim["claim_id"] for p in preps]
    found = frame.loc[ids, ["breakeven_n", "breakeven_n_adjusted"]].to_numpy(float)
    floors = np.array([breakeven._smallest_n(p) for p in preps], dtype=float)
    finite = found[np.isfinite(found)]
    ns = np.unique(np.concatenate([finite, finite - 1.0, [breakeven.BREAKEVEN_N_MAX]]))
    searches = breakeven._supported(preps, corners, floors, ns, deff, s)
    checked = 0
    for col, (_, good) in enumerate(searches):
        for i, be in enumerate(found[:, col]):
            if not np.isfinite(be):
                assert not good[i, -1], ids[i]  # never: not supported at the largest n
                continue
            assert good[i, np.searchsorted(ns, be)], (ids[i], be)
            if be - 1 >= floors[i]:
                assert not good[i, np.searchsorted(ns, be - 1)], (ids[i], be)
                checked += 1
    assert checked >= 40


@given(
    low=st.floats(2, 1e6),
    ratio=st.floats(1.001, 3),
    p_low=st.floats(0.05, 0.999),
    p_high=st.floats(1e-12, 0.0499),
)
def test_predicted_crossing_lies_inside_the_bracket(low, ratio, p_low, p_high):
    guess = breakeven._crossing(low, low * ratio, p_low, p_high, 0.05)
    assert low - 1e-6 * low <= guess <= low * ratio * (1 + 1e-9)


@given(
    low=st.integers(1, 10**7),
    width=st.integers(2, 10**6),
    where=st.one_of(st.just(np.nan), st.floats(0, 1)),
)
def test_next_points_are_whole_n_inside_and_narrow_the_bracket(low, width, where):
    high = low + width
    guess = low + where * width if np.isfinite(where) else np.nan
    pts = breakeven._inside(float(low), float(high), guess)
    assert pts.size and np.all(pts == np.round(pts))
    assert np.all((pts > low) & (pts < high))
    # whichever point the verdict turns at, what is left is at most three quarters
    # wide (or one n, when every whole n inside was evaluated), whatever the guess
    edges = np.concatenate([[low], pts, [high]])
    assert np.diff(edges).max() <= max(1, np.ceil(3 * width / 4))
    # and the whole n either side of a guess are looked at: a good guess ends the search
    if np.isfinite(guess):
        c = np.ceil(guess)
        assert all(x in pts for x in (c - 1, c) if low < x < high)


_P = st.floats(0, 1)
_Z = st.one_of(st.floats(-50, 50), st.sampled_from([np.inf, -np.inf, np.nan]))


def _evidence(z, ps, pc):
    from migstats._audit.decide import Evidence

    arrays = (np.array(x, dtype=float) for x in (z, z, z, z, ps, pc, z))
    return Evidence("e", *arrays, "")


@given(st.lists(st.tuples(_Z, _P, _P, _Z, _P, _P), min_size=1, max_size=6))
def test_effect_signs_are_antisymmetric_and_read_z_first(rows):
    """Swapping the ends flips every sign; a finite rise of z reads +1 whatever the p-values."""
    za, psa, pca, zb, psb, pcb = (np.array(c, dtype=float) for c in zip(*rows, strict=True))
    low, high = _evidence(za, psa, pca), _evidence(zb, psb, pcb)
    up = stacking.effects([low], [high])[0]
    down = stacking.effects([high], [low])[0]
    np.testing.assert_array_equal(up, -down)
    assert np.all(stacking.effects([low], [low]) == 0)
    rising = np.isfinite(za) & np.isfinite(zb) & (zb > za)
    assert np.all(up[rising] == 1)


def _joining_family(floor: int):
    """Claim A (a difference) and claim B, whose group is so small that it joins at ``floor``."""
    import pandas as pd

    c = 1.0 / floor
    shares = {"party": {"a": 0.3, "b": 0.7}, "age": {"y": 1 - c, "o": c}}
    rows = [("party", "a", 55.0), ("party", "b", 45.0), ("age", "y", 50.0), ("age", "o", 50.0)]
    tables = pd.DataFrame(
        [("t1", "worry", "yes", d, g, p, f"{p:g}") for d, g, p in rows],
        columns=["table", "item", "response", "dimension", "group", "percent", "reported"],
    )
    base = dict(table="t1", item="worry", response="yes", claim="x")
    claims = pd.DataFrame(
        [
            dict(base, claim_id="A", kind="difference", dimension="party", groups="a>b"),
            dict(
                base, claim_id="B", kind="level", dimension="age", groups="o", quantifier="majority"
            ),
        ]
    )
    design = migstats.SampleDesign(n=9000, n_range=(2 * floor, 20000), shares=shares)
    dims = {d: {"groups": list(g), "ordered": False} for d, g in shares.items()}
    return dict(
        claims=claims, tables=tables, design=design, quantifiers="en", correction="holm",
        dimensions=dims, every_reading=False,
    )  # fmt: skip


@pytest.mark.parametrize("grid_points", [32, 64, 128])
def test_breakeven_sees_a_claim_joining_the_family(audit_family, monkeypatch, grid_points):
    """When a claim joins the family at its floor, the correction can undo a support for a while.

    Claim A is supported after Holm's correction while it is alone in the
    family, loses it at B's floor (1206: two tests), and regains it later.
    The break-even n is where it regains it for good, whatever the grid's
    density (B's floor lies between the points of the geometric grids);
    checked by recomputing the whole family at the n around it.
    """
    monkeypatch.setattr(breakeven, "GRID_POINTS", grid_points)
    seen, frame = audit_family(**_joining_family(1206))
    be = float(frame.loc["A", "breakeven_n_adjusted"])
    preps, corners, deff, s = seen["preps"], seen["corners"], seen["deff"], seen["s"]
    floors = np.array([breakeven._smallest_n(p) for p in preps], dtype=float)
    assert floors.tolist() == [4.0, 1206.0]
    assert be > 1206  # supported for good only after B has joined
    ns = np.array([1205.0, 1206.0, be - 1.0, be])
    _, (_, good) = breakeven._supported(preps, corners, floors, ns, deff, s)
    assert good[0].tolist() == [True, False, False, True]


@pytest.mark.parametrize("correction", ["fdr_bh", "holm", "bonferroni", "fdr_by", "hochberg"])
def test_bounded_family_search_is_the_full_search(chapter_family, monkeypatch, correction):
    """The search after the correction evaluates at a new n only the claims whose bracket
    holds it, the others bounded by their neighbours; every claim at every n gives the same
    break-even n (the search as it was: no correction taken as monotone)."""
    import dataclasses

    fam, _ = chapter_family
    s = dataclasses.replace(fam["s"], correction=correction)
    args = (fam["preps"], fam["corners"], fam["deff"], s)
    with audit_memo():
        bounded = breakeven.family_breakeven(*args)
    monkeypatch.setattr(breakeven, "MONOTONE_CORRECTIONS", frozenset())
    with audit_memo():
        full = breakeven.family_breakeven(*args)
    for got, want in zip(bounded, full, strict=True):
        np.testing.assert_array_equal(got, want)
    assert np.isfinite(bounded[1]).sum() >= 40


def test_bounded_family_search_sees_a_claim_joining(audit_family, monkeypatch):
    """Bounds never cross a floor: the claim joining the family at 1206 still undoes A's
    support for a while, with or without them."""
    seen, frame = audit_family(**_joining_family(1206))
    args = (seen["preps"], seen["corners"], seen["deff"], seen["s"])
    with audit_memo():
        bounded = breakeven.family_breakeven(*args)
    monkeypatch.setattr(breakeven, "MONOTONE_CORRECTIONS", frozenset())
    with audit_memo():
        full = breakeven.family_breakeven(*args)
    np.testing.assert_array_equal(bounded[1], full[1])
    assert bounded[1][0] == float(frame.loc["A", "breakeven_n_adjusted"]) > 1206


@given(
    st.lists(st.tuples(st.floats(1, 1e4), st.floats(1, 3)), min_size=1, max_size=40),
    st.lists(st.tuples(st.floats(1, 1e4), st.floats(1, 3)), min_size=1, max_size=40),
)
def test_point_cache_is_a_dict_of_points(first, second):
    """PointCache against a dict keyed by (n, deff): missing points, storing, reading."""
    from migstats._audit import points

    known, ref = points.PointCache(), {}
    for batch in (first, second, first + second):
        n, deff = (np.array(x, dtype=float) for x in zip(*batch, strict=True))
        mn, md = points.missing_points(known, n, deff)
        want = sorted({k for k in zip(n.tolist(), deff.tolist(), strict=True)} - set(ref))
        assert sorted(zip(mn.tolist(), md.tolist(), strict=True)) == want
        ps, pc = mn * 1e-4 + md, -mn  # any values, one per point
        points.store_points(known, (mn, md), ps, pc)
        keys = zip(mn.tolist(), md.tolist(), strict=True)
        ref.update(zip(keys, zip(ps, pc, strict=True), strict=True))
        got = points.read_points(known, n, deff)
        expected = np.array([ref[k] for k in zip(n.tolist(), deff.tolist(), strict=True)])
        np.testing.assert_array_equal(np.column_stack(got), expected)
    with pytest.raises(KeyError):
        points.read_points(known, np.array([1e5]), np.array([5.0]))


def _synthetic_search(monkeypatch, z, floors):
    """Claims whose support p-value is ``2 Phi(-z sqrt(n))`` (NaN below their floor)."""
    from types import SimpleNamespace

    from scipy.special import ndtr

    def evaluated(preps, corners, fl, points, deff):
        out = []
        for zj, f, n in zip(z, fl, points, strict=True):
            n = np.asarray(n, dtype=float)
            ps = np.where(n >= f, np.minimum(1.0, 2 * ndtr(-zj * np.sqrt(n))), np.nan)
            pc = np.where(n >= f, np.minimum(1.0, 2 * ndtr(zj * np.sqrt(n))), np.nan)
            out.append((ps, pc))
        return out

    monkeypatch.setattr(breakeven, "_evaluated", evaluated)
    return [SimpleNamespace(profiles=[SimpleNamespace(n_frac=np.array([1.0 / f]))]) for f in floors]


def _brute_force(z, floors, s, top):
    """Break-even n after the correction by evaluating the whole family at every n up to
    ``top``: the n after the last one at which the claim is not supported."""
    from scipy.special import ndtr

    from migstats._audit.decide import SUPPORTED, verdict_words
    from migstats._core import adjust_pvalues

    n = np.arange(2.0, top + 1)
    zs, fs = np.array(z)[:, None], np.array(floors, dtype=float)[:, None]
    ps = np.where(n >= fs, np.minimum(1.0, 2 * ndtr(-zs * np.sqrt(n))), np.nan)
    pc = np.where(n >= fs, np.minimum(1.0, 2 * ndtr(zs * np.sqrt(n))), np.nan)
    adj = adjust_pvalues(np.minimum(ps, pc), method=s.correction, axis=0)
    good = np.isfinite(adj) & (verdict_words(adj, ps, pc, s.alpha) == SUPPORTED)
    out = []
    for row in good:
        last = np.flatnonzero(~row)
        out.append(n[last[-1] + 1] if last.size and last[-1] + 1 < n.size else np.inf)
    return np.array(out)


@settings(max_examples=20, deadline=None)
@given(
    st.lists(
        st.tuples(st.one_of(st.floats(0.08, 0.4), st.floats(-0.4, -0.08)), st.integers(2, 400)),
        min_size=2,
        max_size=8,
    ),
    st.sampled_from(["fdr_bh", "holm", "bonferroni", "fdr_by", "hochberg"]),
)
def test_bounded_family_search_against_brute_force(chapter_family, family, correction):
    """Synthetic families whose p-values follow sqrt(n) exactly, close together so that the
    correction couples them, some in the opposite direction (never supported, so never
    evaluated at a new n by the bounded search, yet in the family): the bounded search, the
    full search (every claim at every n) and the whole family at every n up to 8,000 give
    the same break-even n."""
    import dataclasses

    z, floors = (list(x) for x in zip(*family, strict=True))
    s = dataclasses.replace(chapter_family[0]["s"], correction=correction, alpha=0.05)
    with pytest.MonkeyPatch.context() as mp:
        preps = _synthetic_search(mp, z, floors)
        corners = [None] * len(preps)
        bounded = breakeven.family_breakeven(preps, corners, 1.0, s)
        mp.setattr(breakeven, "MONOTONE_CORRECTIONS", frozenset())
        full = breakeven.family_breakeven(preps, corners, 1.0, s)
    np.testing.assert_array_equal(bounded[1], full[1])
    np.testing.assert_array_equal(bounded[0], full[0])
    floors = [breakeven._smallest_n(p) for p in preps]  # as the search reads them
    np.testing.assert_array_equal(bounded[1], _brute_force(z, floors, s, 8_000))
