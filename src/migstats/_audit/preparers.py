"""Claim kinds -> preparers: which published numbers a claim rests on and which test it calls for.

A preparer reads one claim (a row of the registry), gathers its profiles
(:mod:`.profiles`) and returns a :class:`Prepared` claim: a function that
evaluates the claim's test at any (n, deff) points and any published numbers
(for the robustness grid and the rounding corners), the method in words and,
for ``text_table`` claims, a rounding-interval check instead of a test.
:data:`PREPARERS` is the dispatch table from a claim's ``kind`` to its
preparer; :func:`prepare` looks a claim up in it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._base import MigstatsValueError, invalid_value, z_critical
from .._corpus import (
    COMPARISON_KINDS,
    DimensionOrder,
    QuantifierRange,
    dimension_groups,
    parse_comparison,
    parse_reported,
    quantifier_range,
    split_list,
)
from .components import diff_test, level_test, sii
from .decide import Evidence, directional, fmt, intersection_union, safe_z, within
from .fast import paired_se
from .kinds_ratio import prepare_ratio
from .profiles import Profile, design_shares, profile, rounding_deltas
from .settings import AuditSettings


@dataclasses.dataclass
class Prepared:
    """A claim ready to be evaluated (see the module docstring)."""

    claim: dict
    profiles: list
    evaluate: Callable[..., Evidence] | None
    method: str
    untestable: str = ""
    text_check: Callable[[list], tuple] | None = None
    pairwise: tuple | None = None  # (group a, group b) indices for breakeven_n


class Untestable(Exception):
    """Raised by a preparer when the published numbers cannot test the claim (the reason)."""


@dataclasses.dataclass(frozen=True)
class ClaimContext:
    """What every preparer may need besides the claim itself.

    ``dimensions`` is the report's declaration of its dimensions
    (:func:`migstats._corpus.dimension_orders`): which are ordered and their
    groups' order.  A dimension it does not declare is taken as ordered, its
    groups in the order of the design's shares, else in the order the tables
    list them (chapter 7 declares nothing: its tables list education and
    income in their natural order).
    """

    tables: pd.DataFrame
    design: Any
    quantifiers: pd.DataFrame
    settings: AuditSettings
    dimensions: Mapping[str, DimensionOrder] = dataclasses.field(default_factory=dict)

    def order(self, dimension: str) -> DimensionOrder:
        """The groups of ``dimension`` in order and whether it is ordered (see the class)."""
        declared = self.dimensions.get(dimension)
        if declared is not None and declared.groups is not None:
            return declared
        shares = design_shares(self.design, dimension)
        groups = tuple(shares) if shares else tuple(dimension_groups(self.tables, dimension))
        return DimensionOrder(groups, True if declared is None else declared.ordered)

    def groups_of(self, dimension: str, P: Profile) -> list[str]:
        """Every group of ``dimension`` (published or not), in order."""
        order = list(self.order(dimension).groups or ())
        return order + [g for g in P.groups if g not in order]

    def require_published(self, claim: dict, P: Profile, names) -> None:
        """Raise :class:`Untestable` if a group in ``names`` is not published for the claim."""
        missing = [g for g in dict.fromkeys(names) if g not in P.groups]
        if missing:
            raise Untestable(
                f"the test needs the share of {', '.join(missing)}, which the tables do not "
                f"publish for {claim['item']} ({claim['response']}) by {claim['dimension']} "
                f"(published: {', '.join(P.groups)})"
            )

    def ordered_profile(self, claim: dict, P: Profile, dimension: str | None = None) -> Profile:
        """``P`` with its groups in the dimension's order; raises for an unordered dimension.

        A gradient across an incomplete profile uses the extreme-group gap,
        which needs the first and the last group of the order published
        (otherwise :class:`Untestable`).
        """
        dim = claim["dimension"] if dimension is None else dimension
        order = self.order(dim)
        if not order.ordered:
            raise invalid_value(
                "dimension",
                f"an ordered dimension for kind {claim['kind']!r} (declared unordered: "
                f"{dim!r}; pairwise kinds such as difference, ratio and rank work on it)",
                dim,
            )
        groups = list(order.groups or ())
        ix = [P.groups.index(g) for g in groups if g in P.groups]
        ix += [i for i, g in enumerate(P.groups) if g not in groups]
        if ix != list(range(len(P.groups))):
            P = dataclasses.replace(
                P,
                groups=tuple(P.groups[i] for i in ix),
                percent=P.percent[ix],
                d_low=P.d_low[ix],
                d_high=P.d_high[ix],
                n_frac=P.n_frac[ix],
                shares=P.shares[ix],
            )
        if not P.complete and groups and len(groups) > 2:
            self.require_published(claim, P, [groups[0], groups[-1]])
        return P

    def profile(self, claim: dict, item: str | None = None, dimension: str | None = None):
        """The profile of the claim's item (or ``item``) across its dimension (or ``dimension``).

        The claim's own item is looked up in the claim's tables, another
        item in every table.
        """
        item = claim["item"] if item is None else item
        dimension = claim["dimension"] if dimension is None else dimension
        ids = (
            split_list(claim["table"])
            if item == claim["item"]
            else sorted(set(self.tables["table"]))
        )
        return profile(
            self.tables, ids, item, claim["response"], dimension, self.design, self.settings
        )


def _gradient_measure(complete: bool) -> tuple[bool, float, str]:
    """``(gap, scale, name)`` of the gradient measure a profile allows.

    With every group published: the SII in points (scale 100).  With only
    the extreme groups: their gap, i.e. SII / 2 of two groups (scale 50).
    """
    gap = not complete
    return gap, (50.0 if gap else 100.0), ("extreme-group gap" if gap else "SII")


def prepare_level(claim: dict, ctx: ClaimContext) -> Prepared:
    """``level``: every named group's share against the quantifier's range."""
    P, s = ctx.profile(claim), ctx.settings
    q = quantifier_range(claim["quantifier"], quantifiers=ctx.quantifiers)
    groups = claim["groups"]
    names = list(P.groups) if groups == "all" else split_list(groups, ",")
    ctx.require_published(claim, P, names)
    ix = P.idx(names)

    def ev(pcts, n, deff, with_ci=True):
        return intersection_union(
            [
                level_test(
                    pcts[0][i],
                    n * P.n_frac[i],
                    deff,
                    q,
                    claim["quantifier"],
                    P.groups[i],
                    s,
                    with_ci,
                )
                for i in ix
            ]
        )

    m = "one-sample score test"
    m += " (two one-sided tests)" if q.test == "within" else " (three-decision rule)"
    m += ", Wilson interval"
    if len(ix) > 1:
        m += "; every group must qualify (intersection-union)"
    return Prepared(claim, [P], ev, m)


def prepare_comparison(claim: dict, ctx: ClaimContext) -> Prepared:
    """Comparison kinds: (pooled) group a higher than each (pooled) group b."""
    P, s = ctx.profile(claim), ctx.settings
    every = ctx.groups_of(claim["dimension"], P)
    comp = parse_comparison(claim["groups"], every)
    # "rest" pools every group of the dimension, so an unpublished one makes it untestable
    ctx.require_published(claim, P, [*comp.left, *(x for r in comp.right for x in r)])
    left = P.idx(comp.left)
    rights = [P.idx(r) for r in comp.right]

    def pooled(pct, n, ix):
        n_g = n[:, None] * P.n_frac[None, ix]
        return (n_g * pct[ix]).sum(axis=1) / n_g.sum(axis=1), n_g.sum(axis=1)

    def ev(pcts, n, deff, with_ci=True):
        pa, na = pooled(pcts[0], n, left)
        tests = []
        for r, names in zip(rights, comp.right, strict=True):
            pb, nb = pooled(pcts[0], n, r)
            label = "+".join(comp.left) + " minus " + "+".join(names)
            tests.append(diff_test(pa, na, pb, nb, deff, label, s, with_ci))
        return intersection_union(tests)

    m = "two-sample score test (three-decision rule), Miettinen-Nurminen score interval"
    if any(len(x) > 1 for x in [left, *rights]):
        m += "; pooled groups weighted by group size"
    if len(rights) > 1:
        m += "; higher than each (intersection-union)"
    if P.assumption:
        m += f"; assumption: {P.assumption}"
    pair = None
    if len(left) == 1 and len(rights) == 1 and len(rights[0]) == 1 and not P.assumption:
        pair = (left[0], rights[0][0])
    return Prepared(claim, [P], ev, m, pairwise=pair)


def prepare_gradient(claim: dict, ctx: ClaimContext) -> Prepared:
    """``gradient``: the sign of the slope index of inequality (or extreme-group gap)."""
    P, s = ctx.ordered_profile(claim, ctx.profile(claim)), ctx.settings
    sign = 1.0 if claim["groups"] == "increasing" else -1.0
    gap, scale, name = _gradient_measure(P.complete)

    def ev(pcts, n, deff, with_ci=True):
        r = sii(P, pcts[0], n, deff, s, gap)
        z = sign * np.asarray(r.statistic, float)
        p_s, p_c = directional(z)
        est = scale * np.asarray(r.sii, float)
        return Evidence(
            f"{name} of {P.label} (points)",
            est,
            scale * np.asarray(r.sii_ci[0], float),
            scale * np.asarray(r.sii_ci[1], float),
            np.full(np.shape(z), 1 - s.alpha),
            p_s,
            p_c,
            z,
            f"{name} {fmt(est)} points across {claim['dimension']} ({claim['groups']} claimed)",
        )

    m = "slope index of inequality (Wald), three-decision rule"
    if gap:
        m += "; only the extreme groups are published: extreme-group gap used"
    if P.assumption:
        m += f"; assumption: {P.assumption}"
    return Prepared(claim, [P], ev, m)


def prepare_equivalence(claim: dict, ctx: ClaimContext) -> Prepared:
    """``no_difference`` / ``consensus``: |SII| within the margin (and every group above)."""
    P, s = ctx.ordered_profile(claim, ctx.profile(claim)), ctx.settings
    gap, scale, name = _gradient_measure(P.complete)
    consensus = claim["kind"] == "consensus"
    if consensus:
        q = quantifier_range(claim["quantifier"], quantifiers=ctx.quantifiers)
        floor = QuantifierRange(q.low, 100.0, "above", q.low_inclusive, True)
    zq = z_critical(s.alpha, "greater")

    def ev(pcts, n, deff, with_ci=True):
        r = sii(P, pcts[0], n, deff, s, gap)
        est = scale * np.asarray(r.sii, float)
        se = scale * np.asarray(r.sii_standard_error, float)
        p_s, p_c, z = within(safe_z(est + s.margin, se), safe_z(s.margin - est, se))
        t = Evidence(
            f"{name} of {P.label} (points)",
            est,
            est - zq * se,
            est + zq * se,
            np.full(np.shape(z), 1 - 2 * s.alpha),
            p_s,
            p_c,
            z,
            f"{name} {fmt(est)} points against the equivalence margin +/-{s.margin:g}",
        )
        if not consensus:
            return t
        levels = [
            level_test(
                pcts[0][i],
                n * P.n_frac[i],
                deff,
                floor,
                claim["quantifier"],
                P.groups[i],
                s,
                with_ci,
            )
            for i in range(len(P.groups))
        ]
        return intersection_union([*levels, t])

    m = f"equivalence test (two one-sided tests) of the {name} against +/- margin"
    if consensus:
        m = (
            "every group above the quantifier's lower bound (score tests) and "
            + m
            + " (intersection-union)"
        )
    if gap:
        m += "; only the extreme groups are published"
    if P.assumption:
        m += f"; assumption: {P.assumption}"
    return Prepared(claim, [P], ev, m)


def prepare_gradient_comparison(claim: dict, ctx: ClaimContext) -> Prepared:
    """``larger_gradient`` / ``small_difference``: |SII| against each reference's |SII|."""
    from .._core import compare_gradient_results

    P, s = ctx.ordered_profile(claim, ctx.profile(claim)), ctx.settings
    refs = split_list(claim["reference"])
    dimensions = set(ctx.tables["dimension"])
    R = [
        ctx.ordered_profile(claim, ctx.profile(claim, dimension=r), r)
        if r in dimensions
        else ctx.ordered_profile(claim, ctx.profile(claim, item=r))
        for r in refs
    ]

    gap, scale, name = _gradient_measure(P.complete and all(x.complete for x in R))
    sign = 1.0 if claim["kind"] == "larger_gradient" else -1.0

    def ev(pcts, n, deff, with_ci=True):
        a = sii(P, pcts[0], n, deff, s, gap)
        tests = []
        for ref, pr, pct in zip(refs, R, pcts[1:], strict=True):
            b = sii(pr, pct, n, deff, s, gap)
            c = compare_gradient_results(a, b, confidence_level=1 - s.alpha)
            est = np.asarray(c.abs_estimate, float)
            z = sign * safe_z(est, c.abs_standard_error[s.scenario])
            p_s, p_c = directional(z)
            ci = c.confidence_interval(s.scenario, scale="absolute")
            tests.append(
                Evidence(
                    f"|{name}| of {P.label} minus |{name}| of {pr.label} (points)",
                    scale * est,
                    scale * np.asarray(ci[0], float),
                    scale * np.asarray(ci[1], float),
                    np.full(np.shape(z), 1 - s.alpha),
                    p_s,
                    p_c,
                    z,
                    f"|{name}| {fmt(scale * np.abs(a.sii))} vs {fmt(scale * np.abs(b.sii))} "
                    f"points (reference: {ref})",
                )
            )
        return intersection_union(tests)

    m = (
        f"difference of absolute {name}s (compare_gradient_results, {s.scenario} correlation), "
        "three-decision rule"
    )
    if len(refs) > 1:
        m += "; against each reference (intersection-union)"
    if gap:
        m += "; some groups unpublished: extreme-group gaps compared"
    return Prepared(claim, [P, *R], ev, m)


def prepare_item_difference(claim: dict, ctx: ClaimContext) -> Prepared:
    """``item_difference``: items answered by the same respondents (higher than each reference)."""
    P, s = ctx.profile(claim), ctx.settings
    refs = split_list(claim["reference"])
    R = [ctx.profile(claim, item=r) for r in refs]
    if len(P.groups) != 1 or any(len(x.groups) != 1 for x in R):
        raise invalid_value("groups", "a single group for item_difference", claim["groups"])
    zc = z_critical(s.alpha)

    def one(p1, pct, ref, n_eff):
        p2 = pct[0] / 100.0
        se = paired_se(p1, p2, n_eff, s.scenario)
        est = np.full(np.shape(n_eff), p1 - p2)
        z = safe_z(est, se)
        p_s, p_c = directional(z)
        return Evidence(
            f"{claim['item']} minus {ref} (points)",
            100 * est,
            100 * (est - zc * se),
            100 * (est + zc * se),
            np.full(np.shape(z), 1 - s.alpha),
            p_s,
            p_c,
            z,
            f"{claim['item']} {100 * p1:.1f}% vs {ref} {100 * p2:.1f}%",
        )

    def ev(pcts, n, deff, with_ci=True):
        p1, n_eff = pcts[0][0] / 100.0, n * P.n_frac[0] / deff
        return intersection_union(
            [one(p1, pct, ref, n_eff) for ref, pct in zip(refs, pcts[1:], strict=True)]
        )

    m = (
        f"z test for two items answered by the same respondents ({s.scenario} "
        "correlation), three-decision rule"
    )
    if len(refs) > 1:
        m += "; against each reference (intersection-union)"
    return Prepared(claim, [P, *R], ev, m)


#: How each ``check`` of a text_table claim is decided, in words.
TEXT_CHECK_METHODS = {
    "equal": "rounding intervals of text and table must overlap",
    "sum": "rounding interval of the text's number must overlap the sum of the "
    "table's rounding intervals",
    "at_most_100": "lower rounding bounds of the responses must add up to at most 100",
    "weighted_mean": "design-share-weighted mean of the groups' rounding intervals must "
    "overlap the total's rounding interval",
}


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _check_equal(claim: dict, P: Profile, rep_iv: list, pcts: list) -> tuple:
    """``equal`` / ``sum``: each quoted number against its group's rounding interval."""
    names = list(P.groups) if claim["groups"] in ("all", "") else split_list(claim["groups"], ",")
    ix = P.idx(names)
    if len(ix) != len(rep_iv):
        raise invalid_value("reported", f"{len(ix)} number(s), one per group", claim["reported"])
    bad = []
    for i, iv in zip(ix, rep_iv, strict=True):
        tiv = (pcts[0][i] - P.d_low[i], pcts[0][i] + P.d_high[i])
        if not _overlap(tiv, iv):
            bad.append(
                f"{P.groups[i]}: text {iv[0]:g} to {iv[1]:g} vs tables {tiv[0]:g} to {tiv[1]:g}"
            )
    i0 = ix[0]
    what = "sum of the published shares" if claim["check"] == "sum" else "published numbers"
    msg = (
        f"the text's number(s) agree with the {what} within rounding"
        if not bad
        else "the text's number(s) differ from the tables beyond rounding: " + "; ".join(bad)
    )
    return not bad, msg, pcts[0][i0], pcts[0][i0] - P.d_low[i0], pcts[0][i0] + P.d_high[i0]


def _check_at_most_100(profiles: list, pcts: list) -> tuple:
    """``at_most_100``: the responses' lower rounding bounds add up to at most 100."""
    total = sum(float(p[0]) for p in pcts)
    low = sum(float(p[0] - pr.d_low[0]) for p, pr in zip(pcts, profiles, strict=True))
    high = sum(float(p[0] + pr.d_high[0]) for p, pr in zip(pcts, profiles, strict=True))
    ok = low <= 100.0
    msg = f"the responses add up to {total:g}% (at least {low:g} within rounding), " + (
        "leaving room for the other categories" if ok else "more than 100%"
    )
    return ok, msg, total, low, high


def _check_weighted_mean(P: Profile, rep_iv: list, pcts: list) -> tuple:
    """``weighted_mean``: group numbers with design shares against the total."""
    w = P.shares
    low = float(np.sum(w * (pcts[0] - P.d_low)))
    high = float(np.sum(w * (pcts[0] + P.d_high)))
    iv = rep_iv[0]
    ok = _overlap((low, high), iv)
    msg = (
        f"the share-weighted mean of the groups lies in [{low:.1f}, {high:.1f}], which "
        f"{'overlaps' if ok else 'misses'} the total's {iv[0]:g} to {iv[1]:g}"
    )
    if P.assumption:
        msg += f"; assumption: {P.assumption}"
    return ok, msg, float(np.sum(w * pcts[0])), low, high


def _text_profiles(claim: dict, ctx: ClaimContext) -> list[Profile]:
    """One profile per response, each from the first of the claim's tables that has it."""
    profiles = []
    for resp in split_list(claim["response"]):
        for t in split_list(claim["table"]):
            try:
                profiles.append(
                    profile(
                        ctx.tables,
                        [t],
                        claim["item"],
                        resp,
                        claim["dimension"],
                        ctx.design,
                        ctx.settings,
                    )
                )
                break
            except MigstatsValueError:
                continue
        else:
            raise invalid_value("response", f"published in table(s) {claim['table']}", resp)
    return profiles


def prepare_text(claim: dict, ctx: ClaimContext) -> Prepared:
    """``text_table``: rounding-interval arithmetic, no test."""
    s = ctx.settings
    check = claim["check"]
    rep_iv = [
        (lo - rounding_deltas([lo], [False], s)[0], hi + rounding_deltas([hi], [False], s)[1])
        for lo, hi in parse_reported(claim["reported"])
    ]
    profiles = _text_profiles(claim, ctx)

    def check_fn(pcts: list) -> tuple:
        if check in ("equal", "sum"):
            return _check_equal(claim, profiles[0], rep_iv, pcts)
        if check == "at_most_100":
            return _check_at_most_100(profiles, pcts)
        return _check_weighted_mean(profiles[0], rep_iv, pcts)

    return Prepared(claim, profiles, None, TEXT_CHECK_METHODS[check], text_check=check_fn)


def prepare_rank(claim: dict, ctx: ClaimContext) -> Prepared:
    """``rank``: the group's share is the highest (or lowest) of the dimension's groups.

    An intersection-union test (Berger 1982) over the pairwise differences,
    as for "higher than each" comparisons: supported when the group is
    significantly above (below) every other group, contradicted when some
    other group is significantly above (below) it.  The groups compared are
    those of ``reference`` or, if empty, every group of the dimension; an
    unpublished one makes the claim untestable.
    """
    P, s = ctx.profile(claim), ctx.settings
    q = quantifier_range(claim["quantifier"], quantifiers=ctx.quantifiers)
    me = claim["groups"]
    others = split_list(claim["reference"]) or [
        g for g in ctx.groups_of(claim["dimension"], P) if g != me
    ]
    ctx.require_published(claim, P, [me, *others])
    i, js = P.idx([me])[0], P.idx(others)
    highest = q.test == "highest"

    def ev(pcts, n, deff, with_ci=True):
        n_g = n[:, None] * P.n_frac[None, :]
        pct = np.broadcast_to(pcts[0], n_g.shape)
        tests = []
        for j in js:
            a, b = (i, j) if highest else (j, i)
            label = f"{P.groups[a]} minus {P.groups[b]}"
            tests.append(
                diff_test(pct[:, a], n_g[:, a], pct[:, b], n_g[:, b], deff, label, s, with_ci)
            )
        return intersection_union(tests)

    m = (
        f"two-sample score tests of {me} against each other group "
        f"({q.test}: intersection-union), Miettinen-Nurminen score intervals"
    )
    if P.assumption:
        m += f"; assumption: {P.assumption}"
    pair = (i, js[0]) if len(js) == 1 and highest and not P.assumption else None
    return Prepared(claim, [P], ev, m, pairwise=pair)


#: The dispatch table: a claim's ``kind`` -> its preparer.
PREPARERS: dict[str, Callable[[dict, ClaimContext], Prepared]] = {
    "text_table": prepare_text,
    "level": prepare_level,
    **dict.fromkeys(COMPARISON_KINDS, prepare_comparison),
    "gradient": prepare_gradient,
    "no_difference": prepare_equivalence,
    "consensus": prepare_equivalence,
    "small_difference": prepare_gradient_comparison,
    "larger_gradient": prepare_gradient_comparison,
    "item_difference": prepare_item_difference,
    "ratio": prepare_ratio,
    "rank": prepare_rank,
}


def prepare(claim: dict, ctx: ClaimContext) -> Prepared:
    """Prepare one claim: untestable as registered, or by the preparer of its kind."""
    if claim["untestable_reason"]:
        return Prepared(claim, [], None, "", untestable=claim["untestable_reason"])
    preparer = PREPARERS.get(claim["kind"])
    if preparer is None:  # pragma: no cover - the claims schema lists the kinds
        raise invalid_value("kind", "a kind the audit can test", claim["kind"])
    try:
        return preparer(claim, ctx)
    except Untestable as why:
        return Prepared(claim, [], None, "", untestable=str(why))
    except MigstatsValueError as err:
        if type(err) is not MigstatsValueError:
            raise
        raise MigstatsValueError(f"claim {claim['claim_id']}: {err}") from err
