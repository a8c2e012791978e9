"""The family of claims: multiplicity adjustment, robustness and the audit frame.

This module owns :func:`run_audit` -- every prepared claim's outcome at the
headline, central and optimistic points, adjusted together; the verdicts
over the robustness grid and within the rounding; one row per claim of the
audit frame (:data:`FLOAT_COLUMNS` float64, the rest strings).  Every point
a tested claim's verdict is read at (the headline, central and optimistic
points, the grid, the break-even search's first grid) is evaluated in one
array pass per claim, the claims of a kind together
(:func:`_evaluate_points`); the family's adjustments at many points are one
call (each point a family).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from .._base import AUDIT_COLUMNS, frame_records, stack_rows
from .across import (
    claims_components_at,
    claims_pvalues_at,
    components_at_sets,
    warm_intervals,
)
from .breakeven import family_breakeven, first_grid, first_points
from .claim_context import ClaimContext, Prepared
from .corners import claims_corners, claims_rounding_corners
from .decide import (
    DEPENDS_ON_N,
    INCONSISTENT,
    SUPPORTED,
    UNTESTABLE,
    assumption_clause,
    breakeven_clause,
    headline_word,
    hedge_clause,
    pfmt,
    robustness,
    summarise_range,
    union_pvalues,
    verdict_words,
)
from .fast import adjust, adjust_for_verdicts, adjusted_each, warm_rounding_intervals
from .kinds import prepare
from .memo import memoised, recalled
from .outcome import (
    ClaimResult,
    base_pcts,
    outcome,
    refuse_missing_pvalues,
    reported_mismatch,
)
from .settings import (
    AuditSettings,
)

#: Columns of :func:`audit` that hold floats (float64): ``estimate`` to ``breakeven_n_adjusted``.
FLOAT_COLUMNS = AUDIT_COLUMNS[AUDIT_COLUMNS.index("estimate") : AUDIT_COLUMNS.index("verdict")]

#: Columns of :func:`audit` copied from the claims registry (those before ``estimand``).
CLAIM_FIELDS = AUDIT_COLUMNS[: AUDIT_COLUMNS.index("estimand")]


class _Family(NamedTuple):
    """The family of claims after the multiplicity adjustment at one (n, deff) point."""

    preps: list[Prepared]
    corners: list  # rounding corners per claim (None: not rounding-aware / not tested)
    outcomes: list[ClaimResult]
    tested: np.ndarray  # bool per claim: part of the family
    pvalues: np.ndarray  # raw p-value per claim (NaN if not tested)
    adjusted: np.ndarray  # adjusted p-value per claim
    verdicts: list[str]
    point: tuple  # (n, deff)


def _family(
    preps: list[Prepared], corners: list, s: AuditSettings, point: tuple, with_ci: bool = True
) -> _Family:
    """Outcomes, adjusted p-values and verdicts of every claim at ``point``.

    The components' p-values over the rounding box come first, for the
    claims of a kind together (:func:`~.across.claims_components_at`);
    each claim's outcome then evaluates its corners for its interval only.
    With ``with_ci=False`` (a family read for its verdicts only) the
    claims' p-values are all there is (:func:`~.across.claims_pvalues_at`),
    and a claim takes the outcome it already has at ``point`` in a family
    with intervals (another reading's, in the audit's memo) where that
    outcome has exactly these p-values (:func:`_reusable`).
    """
    keys = [("outcome", id(p), id(c), id(s), point) for p, c in zip(preps, corners, strict=True)]
    if with_ci:
        worst = claims_components_at(preps, corners, point)
        outcomes = [
            outcome(p, s, point, c, with_ci, w)
            for p, c, w in zip(preps, corners, worst, strict=True)
        ]
        for k, p, c, o in zip(keys, preps, corners, outcomes, strict=True):
            memoised(k, (p, c, s), lambda o=o: o)  # for the families of other readings
    else:
        worst = [None] * len(preps)
        idx = [i for i, p in enumerate(preps) if _evaluable(p)]
        found = claims_pvalues_at(
            [preps[i] for i in idx], [corners[i] for i in idx], [point] * len(idx)
        )
        for i, (ps, pc) in zip(idx, found, strict=True):
            worst[i] = (ps[None], pc[None])  # the claim as one component
        outcomes = [
            _reusable(recalled(k), w) or outcome(p, s, point, c, with_ci, w)
            for k, p, c, w in zip(keys, preps, corners, worst, strict=True)
        ]
    tested = np.array(
        [
            p.evaluate is not None and o.verdict != INCONSISTENT
            for p, o in zip(preps, outcomes, strict=True)
        ]
    )
    pv = np.array([o.pvalue if t else np.nan for o, t in zip(outcomes, tested, strict=True)])
    refuse_missing_pvalues(preps, pv, tested, s, point)  # rather than let NaN become a verdict
    padj = adjust(pv, s.correction)
    ps, pc = (
        np.array([getattr(o, f) for o in outcomes]) for f in ("pvalue_support", "pvalue_contradict")
    )
    words = verdict_words(padj, ps, pc, s.alpha).tolist()
    verdicts = [w if t else o.verdict for w, o, t in zip(words, outcomes, tested, strict=True)]
    return _Family(preps, corners, outcomes, tested, pv, padj, verdicts, point)


def _reusable(known: ClaimResult | None, worst: tuple | None) -> ClaimResult | None:
    """A claim's outcome already in a family with intervals, where it has these p-values.

    A family read for its verdicts takes that outcome (the same p-values
    give the same verdict) where its p-values are exactly ``worst`` (the
    points' pass; None: the claim has no test, and its outcome no p-value).
    With intervals, a bounded component that binds is also evaluated at its
    corners, whose p-value can differ from its bound in the last bits
    (evaluated in another order); that claim's outcome is computed anew.
    """
    if known is None or worst is None:
        return known
    pairs = ((known.pvalue_support, worst[0]), (known.pvalue_contradict, worst[1]))
    same = all(a == float(np.ravel(b)[0]) or (np.isnan(a) and np.isnan(b).all()) for a, b in pairs)
    return known if same else None


def _evaluable(prep: Prepared) -> bool:
    """Whether the claim has a test (not untestable, not a check of the tables' numbers)."""
    return prep.evaluate is not None and not prep.untestable and prep.text_check is None


def _grid(s: AuditSettings) -> tuple[list[float], list[float], tuple[np.ndarray, np.ndarray]]:
    """The robustness grid: its n, its deffs and every point ``(n, deff)`` (deff-major order)."""
    n_grid = [float(x) for x in np.atleast_1d(s.design.n_grid(s.n_points))]
    deff_grid = [float(x) for x in s.deffs]
    nn, dd = (x.ravel() for x in np.meshgrid(n_grid, deff_grid))
    return n_grid, deff_grid, (nn, dd)


def _verdicts_at(fam: _Family, s: AuditSettings, point: tuple) -> list[str]:
    """The family's verdicts at another ``point``: its tested claims' p-values there, adjusted.

    What :func:`_family` gives at ``point`` for the verdicts: whether a claim
    is tested (and an untested claim's verdict) does not depend on the point.
    """
    if point == fam.point:
        return fam.verdicts
    ps, pc = np.full(len(fam.preps), np.nan), np.full(len(fam.preps), np.nan)
    idx = np.flatnonzero(fam.tested)
    tests = claims_pvalues_at(
        [fam.preps[i] for i in idx], [fam.corners[i] for i in idx], [point] * idx.size
    )
    for i, (a, b) in zip(idx, tests, strict=True):
        ps[i], pc[i] = a[0], b[0]
    pv = np.array([min(a, b) if t else np.nan for a, b, t in zip(ps, pc, fam.tested, strict=True)])
    refuse_missing_pvalues(fam.preps, pv, fam.tested, s, point)
    padj = adjust(pv, s.correction)
    words = verdict_words(padj, ps, pc, s.alpha).tolist()
    return [w if t else v for w, t, v in zip(words, fam.tested, fam.verdicts, strict=True)]


def _evaluate_points(preps: list[Prepared], corners: list, s: AuditSettings) -> tuple:
    """Evaluate every tested claim once at every point the audit reads its verdict at.

    The headline, central and optimistic points, the robustness grid and
    the first grid of the break-even search (at the headline deff), in one
    array pass per claim, the claims of a kind with a kernel together
    (:func:`~.across.claims_pvalues_at`, which keeps each component's
    p-values at the headline point for the claim's interval); what follows
    reads them back.  The tested claims are those with a test whose text
    quotes no number the tables contradict (:func:`~.outcome.reported_mismatch`).
    Returns the break-even search's first grid and, per tested claim, its
    p-values there (:func:`~.breakeven.family_breakeven`'s ``first``).
    """
    _, _, (nn, dd) = _grid(s)
    head = s.headline_point
    others = [head] + [s.point(w) for w in ("central", "optimistic") if s.point(w) != head]
    idx = [i for i, p in enumerate(preps) if _evaluable(p) and not reported_mismatch(p, s)]
    grid = first_grid([preps[i] for i in idx])
    points = []
    for i in idx:
        first = first_points(preps[i], grid)
        n = np.concatenate([[p[0] for p in others], nn, first])
        deff = np.concatenate([[p[1] for p in others], dd, np.full(first.size, head[1])])
        points.append((n, deff))
    keep = tuple(float(x) for x in head)
    found = claims_pvalues_at([preps[i] for i in idx], [corners[i] for i in idx], points, keep)
    return grid, {i: tuple(x[-grid.size :] for x in t) for i, t in zip(idx, found, strict=True)}


def _verdict_ranges(
    fam: _Family, s: AuditSettings, summary: bool = True
) -> dict[int, tuple[str, str]]:
    """The whole family at every (n, deff) point of the grid, summarised per tested claim.

    Returns ``{claim: (verdict_range, robustness)}`` (``summary=False``: the
    verdict range left empty, for a caller that reads the robustness alone).
    """
    n_grid, deff_grid, (nn, dd) = _grid(s)
    idx = np.flatnonzero(fam.tested)
    if not len(idx):  # no tested claim (all untestable or text checks): nothing to summarise
        return {}
    grid_tests = claims_pvalues_at(
        [fam.preps[i] for i in idx], [fam.corners[i] for i in idx], [(nn, dd)] * idx.size
    )
    P_s = np.array([t[0] for t in grid_tests]).reshape(len(idx), -1)
    P_c = np.array([t[1] for t in grid_tests]).reshape(len(idx), -1)
    P_adj = adjust_for_verdicts(np.minimum(P_s, P_c), s.correction, s.alpha)  # each point a family
    V = verdict_words(P_adj, P_s, P_c, s.alpha).reshape(len(idx), len(deff_grid), len(n_grid))
    return {
        int(i): (summarise_range(V[r], n_grid, deff_grid) if summary else "", robustness(V[r]))
        for r, i in enumerate(idx)
    }


def _corner_verdicts(fam: _Family, idx: np.ndarray, s: AuditSettings) -> dict:
    """``{i: (plain, corners)}``: each claim's verdict, numbers as printed and at its corners.

    The numbers are taken as exact (plain p-values) -- as printed, and at the
    unfavourable and favourable corners of their rounding box -- against the
    other claims' p-values of the family; every claim's number sets in one
    call of its test, the claims with a kernel together
    (:func:`~.across.components_at_sets`).  Without rounding-aware p-values
    the printed verdict is the family's own.
    """
    if not len(idx):
        return {}
    missing = [int(i) for i in idx if fam.corners[i] is None]
    found = claims_corners([fam.preps[i] for i in missing], s.n, s.deff)
    found = dict(zip(missing, found, strict=True))
    sets = []
    for i in idx:
        c = fam.corners[i] or found[int(i)]
        sets.append([c.hurt, c.help] + ([base_pcts(fam.preps[i])] if fam.corners[i] else []))
    every = components_at_sets([fam.preps[i] for i in idx], sets, fam.point)
    ps, pc = [], []
    for comps in every:
        a, b = (stack_rows([comp[k] for comp in comps]) for k in (0, 1))
        if len(comps) > 1:  # as intersection_union combines them
            a, b = (x[None] for x in union_pvalues(a, b))
        ps.append(a[0])
        pc.append(b[0])
    sizes = [len(x) for x in ps]
    claim = np.repeat(np.asarray(idx, dtype=int), sizes)
    ps, pc = np.concatenate(ps), np.concatenate(pc)
    # each number set against the other claims' p-values of the family, all at once
    p_min = np.where(pc < ps, pc, ps)  # min(ps, pc), the first where one is NaN
    p_adj = adjusted_each(fam.pvalues, claim, p_min, s.correction, s.alpha)
    words = np.split(np.asarray(verdict_words(p_adj, ps, pc, s.alpha)), np.cumsum(sizes)[:-1])
    return {
        int(i): ((str(w[2]) if fam.corners[i] else fam.verdicts[i]), {str(x) for x in w[:2]})
        for i, w in zip(idx, words, strict=True)
    }


def _tested_fields(
    fam: _Family, i: int, ranges: tuple, breakevens: tuple, corner: tuple, s: AuditSettings
) -> tuple:
    """``(verdict_range, robustness, rounding_sensitive, breakevens, reason)`` of a claim.

    ``corner``: its verdicts as printed and at its corners (:func:`_corner_verdicts`).
    """
    o, verdict = fam.outcomes[i], fam.verdicts[i]
    word = headline_word(verdict, ranges[1])
    plain, at_corners = corner
    alt = at_corners - {plain}
    n, deff = fam.point
    reason = f"{word}: {o.reason}; {s.correction}-adjusted {pfmt(fam.adjusted[i])}"
    if s.headline != "central":
        reason += f" at n = {int(n):,}, deff {deff:.3g}"
    if o.verdict != verdict:
        # the interval shown is unadjusted: say what it alone would give
        p_alone = min(float(o.pvalue_support), float(o.pvalue_contradict))
        reason += f"; unadjusted ({pfmt(p_alone)}) it would be {o.verdict}"
    reason += _rounding_clause(verdict, plain, alt)
    be_n = breakevens[0]
    if word == DEPENDS_ON_N:
        reason += "; across the plausible n and deff " + ranges[0].split(": ", 1)[-1]
    clause = breakeven_clause(word, be_n, s.design.n_range, deff)
    reason += f"; {clause}" if clause else ""
    return (*ranges, bool(alt), breakevens, reason)


def _rounding_clause(verdict: str, plain: str, alt: set[str]) -> str:
    """What the rounding of the published numbers could change, as a clause of a reason."""
    other = sorted(alt - {verdict})
    if other:
        return "; within the rounding of the published numbers it could also be " + " or ".join(
            other
        )
    if alt and plain != verdict:
        return f"; with the numbers as printed (not rounding-aware) it would be {plain}"
    return ""


def _row(fam: _Family, i: int, fields: tuple, sensitivity: tuple) -> dict:
    """One row of the audit frame."""
    o = fam.outcomes[i]
    verdict_range, robust, sensitive, (breakeven, breakeven_adjusted), reason = fields
    return {
        **{k: fam.preps[i].claim[k] for k in CLAIM_FIELDS},
        "estimand": o.estimand,
        "estimate": o.estimate,
        "ci_low": o.confidence_interval.low,
        "ci_high": o.confidence_interval.high,
        "confidence_level": o.confidence_level,
        "pvalue": o.pvalue if fam.tested[i] else np.nan,
        "pvalue_adjusted": fam.adjusted[i],
        "pvalue_support": o.pvalue_support,
        "pvalue_contradict": o.pvalue_contradict,
        "breakeven_n": breakeven,
        "breakeven_n_adjusted": breakeven_adjusted,
        "verdict": headline_word(fam.verdicts[i], robust),
        "verdict_central": headline_word(sensitivity[0], robust),
        "verdict_optimistic": headline_word(sensitivity[1], robust),
        "verdict_range": verdict_range,
        "robustness": robust,
        "rounding_sensitive": sensitive,
        "method": o.method,
        "reason": reason
        + assumption_clause([p.assumption for p in fam.preps[i].profiles])
        + hedge_clause(str(fam.preps[i].claim.get("hedge", "") or "")),
    }


def prepared(
    claims: pd.DataFrame, ctx: ClaimContext, records: list[dict] | None = None
) -> tuple[list[Prepared], list]:
    """Every claim prepared, with its rounding corners (``records``: the claims as dicts)."""
    records = frame_records(claims) if records is None else records
    s = ctx.settings
    # the published numbers' rounding intervals in one call (the profiles read them one by one)
    warm_rounding_intervals(ctx.tables["percent"], s.decimals, s.rounding)
    preps = [prepare(r, ctx) for r in records]
    return preps, claims_rounding_corners(preps, ctx.settings)


def headline_verdicts(preps: list[Prepared], corners: list, s: AuditSettings) -> list[str]:
    """The headline verdict words alone (the ``verdict`` column of :func:`run_audit`)."""
    fam = _family(preps, corners, s, s.headline_point, with_ci=False)
    ranges = _verdict_ranges(fam, s, summary=False)
    return [
        headline_word(v, ranges[i][1]) if i in ranges else v for i, v in enumerate(fam.verdicts)
    ]


def run_audit(
    claims: pd.DataFrame, ctx: ClaimContext, prep: tuple[list, list] | None = None
) -> pd.DataFrame:
    """The body of :func:`audit`: validated claims in, the audit frame out.

    ``prep``: the claims already :func:`prepared` under ``ctx``.
    """
    s = ctx.settings
    preps, corners = prepared(claims, ctx) if prep is None else prep
    # the headline intervals of the claims of a kind in one call each
    warm_intervals(preps, corners, s.headline_point, 1 - s.alpha)
    grid, first = _evaluate_points(preps, corners, s)
    fam = _family(preps, corners, s, s.headline_point)
    central = _verdicts_at(fam, s, s.point("central"))
    optimistic = _verdicts_at(fam, s, s.point("optimistic"))
    ranges = _verdict_ranges(fam, s)
    idx = np.flatnonzero(fam.tested)
    known = (grid, [first[i] for i in idx]) if all(i in first for i in idx) else None
    alone, adjusted = family_breakeven(
        [preps[i] for i in idx], [corners[i] for i in idx], fam.point[1], s, known
    )
    breakevens = {int(i): (a, b) for i, a, b in zip(idx, alone, adjusted, strict=True)}
    corner = _corner_verdicts(fam, idx, s)
    rows = []
    for i, o in enumerate(fam.outcomes):
        if fam.tested[i]:
            fields = _tested_fields(fam, i, ranges[i], breakevens[i], corner[i], s)
        else:
            untested_range = (
                "does not depend on n or deff"
                if o.verdict in (SUPPORTED, INCONSISTENT)
                else UNTESTABLE
            )
            fields = (untested_range, untested_range, pd.NA, (np.nan, np.nan), o.reason)
        rows.append(_row(fam, i, fields, (central[i], optimistic[i])))
    out = pd.DataFrame(rows, columns=list(AUDIT_COLUMNS))
    for col in FLOAT_COLUMNS:
        out[col] = out[col].astype("float64")
    out["rounding_sensitive"] = out["rounding_sensitive"].astype("boolean")
    for col in set(AUDIT_COLUMNS) - set(FLOAT_COLUMNS) - {"rounding_sensitive"}:
        out[col] = out[col].astype(str)
    return out
