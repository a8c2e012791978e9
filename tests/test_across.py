"""Claims of a kind in one call (``across.claims_pvalues_at``): each claim's numbers alone.

The audit evaluates the claims whose kinds have kernel parts (every tested
kind but an equivalence on two groups) together, one kernel call per key
over the rows of every claim's part.  Checked against the claim-by-claim computation it replaces
(``outcome.pvalues_at`` on a fresh cache): the same p-values, bit for bit,
whatever other claims share the call and in whatever order; and each
kernel against its kind's evaluate function.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import migstats
from migstats._audit import across, outcome
from migstats._audit.claim_context import kernel_parts
from migstats._audit.memo import audit_memo
from migstats._audit.stacking import components_at


def _family_of(audit_family, **kwargs):
    """A report's tested claims, prepared as its audit prepares them, and the audit's settings."""
    seen, _ = audit_family(**kwargs)
    return seen["preps"], seen["corners"], seen["s"]


@pytest.fixture(scope="module")
def chapter_family(audit_family):
    """Chapter 7's default audit (``level`` and comparison kinds, many claims of each)."""
    return _family_of(audit_family)


@pytest.fixture(scope="module")
def pew_family(audit_family):
    """The Pew report's audit (a ``ratio`` claim besides)."""
    return _family_of(audit_family, report="pew-inequality-2020")


@pytest.fixture(scope="module")
def rank_family(audit_family):
    """Claims of the ``rank`` kind (highest and lowest: either order of the comparison)."""
    shares = {"rep": 0.4, "dem": 0.4, "ind": 0.2}
    tables = pd.DataFrame(
        [
            ("t1", item, "yes", "party", g, p, f"{p:g}")
            for item, ps in (("worry", (41, 78, 60)), ("hope", (52, 47, 35)))
            for g, p in zip(shares, ps, strict=True)
        ],
        columns=["table", "item", "response", "dimension", "group", "percent", "reported"],
    )
    base = dict(table="t1", response="yes", dimension="party", claim="a claim")
    rows = [
        ("A01", "worry", "rank", "dem", "highest"),
        ("A02", "worry", "rank", "rep", "lowest"),
        ("A03", "hope", "rank", "rep", "highest"),
        ("A04", "hope", "rank", "ind", "lowest"),
        ("A05", "worry", "difference", "dem>rep", ""),
        ("A06", "hope", "ratio", "rep;ind", "about_twice"),
    ]
    keys = ("claim_id", "item", "kind", "groups", "quantifier")
    claims = pd.DataFrame([dict(base, **dict(zip(keys, r, strict=True))) for r in rows])
    design = migstats.SampleDesign(n=3000, n_range=(1500, 6000), shares={"party": shares})
    return _family_of(
        audit_family,
        claims=claims,
        tables=tables,
        design=design,
        quantifiers="en",
        dimensions={"party": {"groups": list(shares), "ordered": False}},
    )


def _alone(prep, corners, n, deff):
    """The claim's p-values computed by itself (a fresh cache: no other claim involved)."""
    with audit_memo():
        return outcome.pvalues_at(prep, corners, n, deff)


def _has_kernel(prep) -> bool:
    return kernel_parts(prep.evaluate) is not None


def test_the_kinds_with_a_kernel_are_stacked(chapter_family):
    preps, _, _ = chapter_family
    parts = [part for p in preps if _has_kernel(p) for part in kernel_parts(p.evaluate)]
    kinds = {p.claim["kind"] for p in preps if _has_kernel(p)}
    assert {"level", "difference", "time_trend", "larger_gradient", "small_difference"} <= kinds
    # every tested claim of the chapter is (text checks have no test)
    tested = [p for p in preps if p.evaluate is not None and not p.untestable]
    assert all(_has_kernel(p) for p in tested)
    assert {"gradient", "no_difference", "consensus", "item_difference"} <= kinds
    # statements over several items of a kind with a kernel are stacked too
    assert any(";" in p.claim["item"] for p in preps if _has_kernel(p))
    # several claims share a key, so that a call carries more than one claim
    assert len({part.kernel.key for part in parts}) < len(parts)


@pytest.mark.parametrize("report", ["chapter_family", "pew_family", "rank_family"])
@pytest.mark.parametrize("aware", [True, False], ids=["rounding-aware", "printed"])
def test_every_claim_gets_what_it_gets_alone(request, report, aware):
    preps, corners, _ = request.getfixturevalue(report)
    corners = corners if aware else [None] * len(preps)
    rng = np.random.default_rng(7)
    points = [
        (rng.integers(50, 60_000, size=5).astype(float), rng.uniform(1.0, 2.6, size=5))
        for _ in preps
    ]
    with audit_memo():
        got = across.claims_pvalues_at(preps, corners, points)
    for prep, c, (n, deff), (ps, pc) in zip(preps, corners, points, got, strict=True):
        want_s, want_c = _alone(prep, c, n, deff)
        np.testing.assert_array_equal(ps, want_s, err_msg=prep.claim["claim_id"])
        np.testing.assert_array_equal(pc, want_c, err_msg=prep.claim["claim_id"])


@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_the_claims_sharing_a_call_do_not_matter(chapter_family, data):
    """Any subset of the claims, in any order, at shared or own points: the same numbers."""
    preps, corners, _ = chapter_family
    stacked = [i for i, p in enumerate(preps) if _has_kernel(p)]
    chosen = data.draw(st.lists(st.sampled_from(stacked), min_size=1, max_size=12, unique=True))
    n = data.draw(st.lists(st.integers(30, 100_000), min_size=1, max_size=4))
    deff = data.draw(st.floats(1.0, 3.0))
    points = [(np.array(n, float), deff)] * len(chosen)
    with audit_memo():
        got = across.claims_pvalues_at(
            [preps[i] for i in chosen], [corners[i] for i in chosen], points
        )
    for i, (ps, pc) in zip(chosen, got, strict=True):
        want_s, want_c = _alone(preps[i], corners[i], np.array(n, float), deff)
        np.testing.assert_array_equal(ps, want_s)
        np.testing.assert_array_equal(pc, want_c)


def test_known_points_are_read_back_not_evaluated_again(chapter_family, monkeypatch):
    preps, corners, _ = chapter_family
    n, deff = np.array([400.0, 2900.0]), 1.6
    with audit_memo():
        first = across.claims_pvalues_at(preps, corners, [(n, deff)] * len(preps))
        monkeypatch.setattr(across, "_run", lambda group: pytest.fail("evaluated again"))
        monkeypatch.setattr(across, "evaluate_points", lambda p, c, k, m: pytest.fail("again"))
        again = across.claims_pvalues_at(preps, corners, [(n[::-1], deff)] * len(preps))
    for (a, b), (c, d) in zip(first, again, strict=True):
        np.testing.assert_array_equal(a[::-1], c)
        np.testing.assert_array_equal(b[::-1], d)


@pytest.mark.parametrize("report", ["chapter_family", "pew_family", "rank_family"])
def test_a_kernel_gives_its_kinds_p_values(request, report):
    """Each kernel part's components are those of the kind's evaluate function, row by row."""
    preps, corners, _ = request.getfixturevalue(report)
    n, deff = np.array([120.0, 900.0, 7000.0]), np.array([1.0, 1.8, 2.4])
    checked = boxed = 0
    for prep, c in zip(preps, corners, strict=True):
        if not _has_kernel(prep) or c is None:
            continue
        sets = c.points[:3]
        every = [
            np.repeat(np.stack([s[j] for s in sets]), n.size, axis=0) for j in range(len(sets[0]))
        ]
        nn, dd = np.tile(n, len(sets)), np.tile(deff, len(sets))
        plain = components_at(prep, every, nn, dd)
        on_box = components_at(prep, every, nn, dd, False, c.box)
        first = 0
        for part in kernel_parts(prep.evaluate):
            cols = range(len(every)) if part.profiles is None else part.profiles
            count = len(plain) - first if part.components is None else part.components
            own = slice(first, first + count)
            pcts, kernel = [every[j] for j in cols], part.kernel
            if not kernel.boxed:
                comps = kernel.run(*kernel.inputs(pcts, nn, dd))
                _same_components(comps, plain[own], np.ones(nn.size, dtype=bool))
            else:
                # the rows at the published numbers take the p-values over the box,
                # the others those at their numbers
                at_box = np.arange(nn.size) < n.size
                box = [
                    tuple(np.broadcast_to(x, p.shape) for x in c.box[j])
                    for j, p in zip(cols, pcts, strict=True)
                ]
                comps = kernel.run(*kernel.inputs(pcts, nn, dd, box, at_box))
                _same_components(comps, on_box[own], at_box)
                _same_components(comps, plain[own], ~at_box)
                comps = kernel.run(*kernel.inputs(pcts, nn, dd, None, np.zeros(nn.size, bool)))
                _same_components(comps, plain[own], np.ones(nn.size, bool))
                boxed += 1
            first += count
        assert first == len(plain)  # the parts give every component, in order
        checked += 1
    assert checked >= {"chapter_family": 30, "pew_family": 5, "rank_family": 6}[report]
    assert boxed >= {"chapter_family": 20, "pew_family": 0, "rank_family": 0}[report]


def _same_components(comps: list, want: list, rows: np.ndarray) -> None:
    """A kernel's components equal the evaluate function's at the rows ``rows``, bit for bit."""
    assert len(comps) == len(want)
    for (ps, pc, z), t in zip(comps, want, strict=True):
        np.testing.assert_array_equal(ps[rows], np.broadcast_to(t.pvalue_support, ps.shape)[rows])
        np.testing.assert_array_equal(
            pc[rows], np.broadcast_to(t.pvalue_contradict, ps.shape)[rows]
        )
        np.testing.assert_array_equal(z, np.broadcast_to(t.z, z.shape))


@settings(max_examples=25, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.floats(0.0, 100.0),
            st.floats(20.0, 5000.0),
            st.floats(0.0, 100.0),
            st.floats(20.0, 5000.0),
            st.floats(1.0, 3.0),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_an_interval_computed_with_others_is_the_one_it_has_alone(rows):
    """The score intervals of many rows in one call are each row's interval alone."""
    from migstats import diff_ci
    from migstats._audit.components import DIFF_CI_METHOD, diff_interval

    pa, na, pb, nb, deff = (np.array(x) for x in zip(*rows, strict=True))
    with audit_memo():
        low, high = diff_interval(pa, na, pb, nb, deff, 0.95)
    for k in range(len(rows)):
        ci = diff_ci(
            pa[k] / 100 * na[k], na[k], pb[k] / 100 * nb[k], nb[k],
            method=DIFF_CI_METHOD, confidence_level=0.95, deff=deff[k],
        )  # fmt: skip
        assert (low[k], high[k]) == (100 * float(ci.low), 100 * float(ci.high))


def test_warmed_intervals_are_looked_up_and_unchanged(chapter_family, monkeypatch):
    """After ``warm_intervals`` the headline outcomes compute no interval and show the same."""
    import migstats._core as core

    preps, corners, s = chapter_family
    point = s.headline_point
    compared = [
        (p, c)
        for p, c in zip(preps, corners, strict=True)
        if _has_kernel(p) and any(x.kernel.intervals for x in kernel_parts(p.evaluate))
    ]
    assert len(compared) >= 10
    with audit_memo():
        cold = [outcome.outcome(p, s, point, c) for p, c in compared]
    calls = []
    real = core.diff_ci
    monkeypatch.setattr(core, "diff_ci", lambda *a, **k: calls.append(1) or real(*a, **k))
    with audit_memo():
        across.warm_intervals(preps, corners, point, 1 - s.alpha)
        assert len(calls) == 1  # every claim's intervals in one call, whatever its kernel's key
        warm = [outcome.outcome(p, s, point, c) for p, c in compared]
    assert len(calls) == 1
    for a, b in zip(cold, warm, strict=True):
        assert a.confidence_interval == b.confidence_interval and a.pvalue == b.pvalue


def test_outside_an_audit_the_same_numbers(chapter_family):
    """Without the audit's cache (every call computes afresh), the same p-values."""
    preps, corners, _ = chapter_family
    points = [(np.array([300.0, 5000.0]), np.array([1.2, 2.1]))] * len(preps)
    bare = across.claims_pvalues_at(preps, corners, points)
    with audit_memo():
        cached = across.claims_pvalues_at(preps, corners, points)
    for (a, b), (c, d) in zip(bare, cached, strict=True):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(b, d)


def test_claims_share_a_call_only_with_the_same_functions():
    """A key alone does not group claims: the kernel's functions must be the same too."""
    import functools

    from migstats._audit.claim_context import Kernel
    from migstats._audit.kinds.comparison import comparison_intervals, comparison_rows
    from migstats._audit.kinds.level import level_rows

    def inputs(pcts, n, deff):
        return ()

    def group(run, intervals=None):
        return across._group(Kernel(("k", 1), inputs, run, intervals))

    assert group(functools.partial(level_rows, "above")) == group(
        functools.partial(level_rows, "above")
    )
    assert group(functools.partial(level_rows, "above")) != group(
        functools.partial(level_rows, "below")
    )
    assert group(comparison_rows) != group(functools.partial(level_rows, "above"))
    assert group(comparison_rows, comparison_intervals) != group(comparison_rows)


@pytest.mark.parametrize("report", ["chapter_family", "pew_family", "rank_family"])
def test_components_at_number_sets_are_each_claims_own(request, report):
    """``components_at_sets`` gives what the claim's test gives at those numbers, bit for bit."""
    from migstats._audit.stacking import stacked_components

    preps, corners, s = request.getfixturevalue(report)
    keep = [i for i, c in enumerate(corners) if c is not None]
    sets = [corners[i].points[:4] for i in keep]
    got = across.components_at_sets([preps[i] for i in keep], sets, (s.n, s.deff))
    for i, own, comps in zip(keep, sets, got, strict=True):
        rows = [np.stack([x[j] for x in own]) for j in range(len(own[0]))]
        nn, dd = np.full(len(own), float(s.n)), np.full(len(own), float(s.deff))
        want = stacked_components(preps[i], rows, nn, dd)
        assert len(comps) == len(want), preps[i].claim["claim_id"]
        for (ps, pc, z), t in zip(comps, want, strict=True):
            np.testing.assert_array_equal(ps, np.broadcast_to(t.pvalue_support, ps.shape))
            np.testing.assert_array_equal(pc, np.broadcast_to(t.pvalue_contradict, ps.shape))
            np.testing.assert_array_equal(z, np.broadcast_to(t.z, ps.shape))


@pytest.mark.parametrize("report", ["chapter_family", "pew_family", "rank_family"])
def test_corners_found_together_are_each_claims_own(request, report):
    """The corners of many claims found together are those each finds alone."""
    from migstats._audit.corners import claims_corners, corners_of

    preps, corners, s = request.getfixturevalue(report)
    keep = [p for p, c in zip(preps, corners, strict=True) if c is not None]
    together = claims_corners(keep, s.n, s.deff)
    for prep, c in zip(keep, together, strict=True):
        alone = corners_of(prep, s.n, s.deff)
        assert (c.support, c.contradict) == (alone.support, alone.contradict)
        mine, own = [*c.points, c.hurt, c.help], [*alone.points, alone.hurt, alone.help]
        for a, b in zip(mine, own, strict=True):
            for x, y in zip(a, b, strict=True):
                np.testing.assert_array_equal(x, y)


@pytest.mark.parametrize("report", ["chapter_family", "pew_family", "rank_family"])
def test_outcomes_from_the_kernels_are_each_claims_own(request, report):
    """A headline outcome taking its components' p-values from the kernels (``worst``,
    :func:`~migstats._audit.across.claims_components_at`) and evaluating only its binding
    corners is the outcome each claim reaches alone, evaluating every corner (same estimate,
    interval, p-values, verdict and words)."""
    preps, corners, s = request.getfixturevalue(report)
    point = s.headline_point
    with audit_memo():
        worst = across.claims_components_at(preps, corners, point)
        got = [
            outcome.outcome(p, s, point, c, True, w)
            for p, c, w in zip(preps, corners, worst, strict=True)
        ]
    assert sum(w is not None for w in worst) >= len(preps) // 2
    for prep, c, g in zip(preps, corners, got, strict=True):
        with audit_memo():
            want = outcome.outcome(prep, s, point, c, True)  # every corner evaluated
        assert g.to_frame().equals(want.to_frame()), prep.claim["claim_id"]
    # kept by the points' pass, the components' p-values are looked up, not evaluated again
    with audit_memo():
        keep = tuple(float(x) for x in point)
        across.claims_pvalues_at(preps, corners, [point] * len(preps), keep)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(across, "_run", lambda group: pytest.fail("evaluated again"))
            again = across.claims_components_at(preps, corners, point)
    for a, b in zip(again, worst, strict=True):
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_array_equal(np.stack(a), np.stack(b))


def test_a_claim_asked_for_twice_in_one_call(chapter_family):
    """Two requests of one claim in one call (the second adding points to its cache) each get
    the claim's own p-values at their points."""
    preps, corners, _ = chapter_family
    prep, c = preps[0], corners[0]
    a = (np.array([900.0, 2900.0]), np.array([1.0, 1.0]))
    b = (np.array([150.0, 40_000.0, 7_000.0]), np.array([1.5, 1.5, 2.0]))
    with audit_memo():
        across.claims_pvalues_at([prep], [c], [a])  # a known, b not yet
        got = across.claims_pvalues_at([prep, prep], [c, c], [a, b])
    for (ps, pc), (n, deff) in zip(got, (a, b), strict=True):
        want_s, want_c = _alone(prep, c, n, deff)
        np.testing.assert_array_equal(ps, want_s)
        np.testing.assert_array_equal(pc, want_c)


@pytest.mark.parametrize("report", ["chapter_family", "pew_family", "rank_family"])
def test_a_family_read_for_its_verdicts_reuses_the_outcomes_with_intervals(request, report):
    """The family of another quantifier reading (``with_ci=False``) takes the outcome a claim
    already has in a family with intervals at the same point where its p-values are the
    points' pass's exactly: the same p-values, adjusted p-values and verdicts, bit for bit,
    as the family computed alone.  (With intervals a bounded component that binds is also
    evaluated at its corners, a few units in the last place from its bound: chapter 7's
    C15; that claim's outcome is computed anew.)"""
    from migstats._audit import family

    preps, corners, s = request.getfixturevalue(report)
    point = s.headline_point
    with audit_memo():
        alone = family._family(preps, corners, s, point, with_ci=False)
    calls = []
    real = family.outcome
    with audit_memo():
        full = family._family(preps, corners, s, point, with_ci=True)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(family, "outcome", lambda *a, **k: calls.append(1) or real(*a, **k))
            reused = family._family(preps, corners, s, point, with_ci=False)
    assert reused.verdicts == alone.verdicts
    np.testing.assert_array_equal(reused.pvalues, alone.pvalues)
    np.testing.assert_array_equal(reused.adjusted, alone.adjusted)
    kept = sum(a is b for a, b in zip(reused.outcomes, full.outcomes, strict=True))
    assert kept + len(calls) == len(preps) and len(calls) <= max(1, len(preps) // 10)
