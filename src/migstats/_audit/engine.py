"""The audit engine: run prepared claims over the n x deff grid.

This module owns :func:`audit` (one row per claim: estimate, interval,
p-values before and after multiplicity adjustment, break-even n, verdict,
robustness of the verdict across the plausible sample sizes and design
effects, and sensitivity to the rounding of the published numbers) and
:func:`evaluate_claim` (the verdict of one claim as a pure function of the
claim, the tables and the design), with :class:`ClaimResult`.

Which test a claim calls for is decided by its kind (:mod:`.kinds`), how its
outcome reads in :mod:`.decide`; the statistics are those of the core
(:func:`migstats.compare`, :func:`migstats.diff_ci`,
:func:`migstats.proportion_ci`, :func:`migstats.slope_index`,
:func:`migstats.compare_gradient_results`, :func:`migstats.breakeven_n`,
:func:`migstats.adjust_pvalues`, :func:`migstats.rounding_interval`), with
the vectorised speed paths isolated in :mod:`.fast`.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .._base import AUDIT_COLUMNS, ConfidenceInterval, Result, invalid_value
from .._core import MAX_ALPHA
from .._corpus import dimension_orders, parse_reported
from .claim_context import ClaimContext, Prepared
from .decide import (
    INCONSISTENT,
    SUPPORTED,
    UNTESTABLE,
    Evidence,
    pfmt,
    robustness,
    summarise_range,
    verdict_words,
)
from .fast import adjust, adjust_for_verdicts, adjusted_one, cheap_collections
from .kinds import prepare, untestable_unknown_kinds
from .profiles import rounding_deltas
from .result import AuditResult
from .settings import (
    BREAKEVEN_N_MAX,
    DEFAULT_ALPHA,
    DEFAULT_CORRECTION,
    DEFAULT_EQUIVALENCE_MARGIN,
    DEFAULT_HEADLINE,
    DEFF_GRID,
    N_GRID_POINTS,
    AuditSettings,
    audit_settings,
    report_dimensions,
    report_inputs,
    resolve_inputs,
)

__all__ = ["ClaimResult", "audit", "evaluate_claim"]

#: Columns of :func:`audit` that hold floats (float64): ``estimate`` to ``breakeven_n``.
FLOAT_COLUMNS = AUDIT_COLUMNS[AUDIT_COLUMNS.index("estimate") : AUDIT_COLUMNS.index("verdict")]

#: Columns of :func:`audit` copied from the claims registry (those before ``estimand``).
CLAIM_FIELDS = AUDIT_COLUMNS[: AUDIT_COLUMNS.index("estimand")]


@dataclasses.dataclass(frozen=True, repr=False)
class ClaimResult(Result):
    """Outcome of :func:`evaluate_claim` for one claim (no multiplicity adjustment).

    Attributes
    ----------
    claim_id : str
        The claim.
    kind : str
        Its kind (see ``data/claims.schema.json``).
    estimand : str
        What ``estimate`` is, in words.
    estimate : float
        The estimate (percent or percentage points); NaN if untestable.
    confidence_interval : ConfidenceInterval
        Interval for ``estimate`` at ``confidence_level`` (for text_table claims:
        the bounds the rounding allows).
    confidence_level : float
        Confidence level of the interval.
    pvalue_support : float
        p-value of the test whose rejection supports the claim.
    pvalue_contradict : float
        p-value of the test whose rejection contradicts it.
    pvalue : float
        ``min(pvalue_support, pvalue_contradict)``: the claim's p-value in the family.
    verdict : str
        One of ``supported, not significant, contradicted, inconsistent,
        untestable``, at level ``alpha`` without adjustment.
    method : str
        The test used.
    reason : str
        Why the verdict, in words.
    """

    claim_id: str
    kind: str
    estimand: str
    estimate: float
    confidence_interval: ConfidenceInterval
    confidence_level: float
    pvalue_support: float
    pvalue_contradict: float
    pvalue: float
    verdict: str
    method: str
    reason: str

    _unpack = ("verdict", "pvalue")


def _reported_mismatch(prep: Prepared, s: AuditSettings) -> str:
    """Numbers quoted in the text that match none of the numbers the test uses."""
    if not prep.claim["reported"] or prep.evaluate is None:
        return ""
    ivs = [
        (p - pr.d_low[i], p + pr.d_high[i])
        for pr in prep.profiles
        for i, p in enumerate(pr.percent)
    ]
    bad = []
    for lo, hi in parse_reported(prep.claim["reported"]):
        lo2 = lo - rounding_deltas([lo], [False], s)[0]
        hi2 = hi + rounding_deltas([hi], [False], s)[1]
        if not any(a <= hi2 and lo2 <= b for a, b in ivs):
            bad.append(f"{lo:g}" if lo == hi else f"{lo:g}-{hi:g}")
    if not bad:
        return ""
    return (
        "the text's " + ", ".join(bad) + " matches none of the published numbers the claim rests on"
    )


def _base_pcts(prep: Prepared) -> list[np.ndarray]:
    return [p.percent.copy() for p in prep.profiles]


def _at(prep: Prepared, pcts, n, deff, with_ci=False) -> Evidence:
    n = np.atleast_1d(np.asarray(n, dtype=float))
    deff = np.broadcast_to(np.asarray(deff, dtype=float), n.shape)
    return prep.evaluate(pcts, n, deff, with_ci=with_ci)


def _aware(prep: Prepared, corners: list | None, n, deff, with_ci=False) -> Evidence:
    """The claim's evidence, rounding-aware when ``corners`` are given.

    The rounding-aware p-value of each side is its largest value over the
    published numbers, their least favourable and their most favourable
    rounding corner (:func:`_corners`): the supremum over the rounding box
    of a test monotone in each number (docs/methods.md, section 6.5).  The
    interval is the union of the intervals of the points whose binding
    component is the printed numbers' (same ``estimand``): an interval of
    another component (a slope index where a group's share binds) is not an
    interval of the estimate shown.
    """
    base = _at(prep, _base_pcts(prep), n, deff, with_ci=with_ci)
    if not corners:
        return base
    others = [_at(prep, c, n, deff, with_ci=with_ci) for c in corners]
    every = [base, *others]
    same = [base, *(t for t in others if t.estimand == base.estimand)]

    def most(field: str, reduce, among: list) -> np.ndarray:
        return reduce.reduce([np.asarray(getattr(t, field), float) for t in among])

    return base._replace(
        ci_low=most("ci_low", np.fmin, same),
        ci_high=most("ci_high", np.fmax, same),
        pvalue_support=most("pvalue_support", np.fmax, every),
        pvalue_contradict=most("pvalue_contradict", np.fmax, every),
    )


def _signs(prep: Prepared, at: list[np.ndarray], n: float, deff: float, todo=None) -> list:
    """Sign of each number's effect on the support statistic at the numbers ``at``.

    One number at a time moved within its rounding interval; only the
    numbers ``todo[j][i]`` (default all) are probed, the others get 0.
    """
    z0 = float(_at(prep, at, n, deff).z[0])
    signs = []
    for j, pr in enumerate(prep.profiles):
        sj = np.zeros(len(pr.percent))
        for i in range(len(pr.percent)):
            if todo is not None and not todo[j][i]:
                continue
            base = prep.profiles[j].percent[i]
            up = [b.copy() for b in at]
            # from the printed number: towards its upper limit (lower if it has none)
            up[j][i] = base + (max(pr.d_high[i], 1e-6) if pr.d_high[i] > 0 else -pr.d_low[i])
            if up[j][i] == at[j][i]:  # already there: probe the other limit
                up[j][i] = base - pr.d_low[i] if pr.d_low[i] > 0 else base
            step = up[j][i] - at[j][i]
            dz = float(_at(prep, up, n, deff).z[0]) - z0
            sj[i] = np.sign(dz) * np.sign(step) if np.isfinite(dz) and step else 0.0
        signs.append(sj)
    return signs


def _corner(prep: Prepared, signs: list, hurt: bool) -> list[np.ndarray]:
    """The numbers at the rounding limit that hurts (``hurt``) or helps the claim."""
    out = []
    for pr, sj in zip(prep.profiles, signs, strict=True):
        b = pr.percent
        up, down = b + pr.d_high, b - pr.d_low
        if hurt:
            up, down = down, up
        out.append(np.where(sj > 0, up, np.where(sj < 0, down, b)))
    return out


def _corners(prep: Prepared, n: float, deff: float) -> list[list[np.ndarray]]:
    """Published numbers moved to the rounding limits that most hurt / help the claim.

    Whether raising a number helps the claim is read from the sign of its
    effect on the claim's support statistic (one number at a time).  A
    number without effect at the printed numbers (a component of an
    intersection-union test that does not bind there, e.g. a rank claim's
    distant group) is probed again at each corner, where its component may
    bind: each component is monotone in each number, so the corners are
    then the extremes of the binding statistic over the box.
    """
    base = _base_pcts(prep)
    signs = _signs(prep, base, n, deff)
    out = []
    for hurt in (True, False):
        corner = _corner(prep, signs, hurt)
        todo = [sj == 0 for sj in signs]
        if any(t.any() for t in todo):
            again = _signs(prep, corner, n, deff, todo)
            both = [np.where(sj != 0, sj, a) for sj, a in zip(signs, again, strict=True)]
            corner = _corner(prep, both, hurt)
        out.append(corner)
    return out


def _breakeven(prep: Prepared, corners: list | None, deff: float, alpha: float) -> float:
    """Smallest total n at which the claim alone would be supported (no adjustment).

    Rounding-aware when ``corners`` are given: for a pairwise difference,
    :func:`migstats.breakeven_n` with the rounding box of both numbers
    (centre and half-width of ``[p - d_low, p + d_high]``).
    """
    if prep.pairwise is not None and alpha < MAX_ALPHA:
        from .._core import breakeven_n

        a, b = prep.pairwise
        pr = prep.profiles[0]
        if pr.percent[a] <= pr.percent[b]:
            return math.inf
        shift = (pr.d_high - pr.d_low) / 2.0 if corners else np.zeros(len(pr.percent))
        half = (pr.d_high + pr.d_low) / 2.0 if corners else np.zeros(len(pr.percent))
        return float(
            breakeven_n(
                (pr.percent[a] + shift[a]) / 100.0,
                (pr.percent[b] + shift[b]) / 100.0,
                pr.n_frac[a],
                pr.n_frac[b],
                alpha=alpha,
                deff=deff,
                method="score",
                alternative="two-sided",
                half_width1=half[a] / 100.0,
                half_width2=half[b] / 100.0,
            )
        )
    n_min = max(2.0, max(float(np.max(1.0 / p.n_frac)) for p in prep.profiles))

    def ok(ns: np.ndarray) -> np.ndarray:
        return np.asarray(_aware(prep, corners, ns, deff).pvalue_support, float) < alpha

    if not ok(np.array([float(BREAKEVEN_N_MAX)]))[0]:
        return math.inf
    lo, hi = math.ceil(n_min), BREAKEVEN_N_MAX
    if ok(np.array([float(lo)]))[0]:
        return float(lo)
    # bracket the smallest supported n with a few vectorised sweeps
    while hi - lo > 1:
        grid = np.unique(np.round(np.geomspace(lo, hi, 66)).astype(np.int64))
        good = ok(grid.astype(float))
        j = int(np.argmax(good))  # first supported point (good[-1] is True)
        hi = int(grid[j])
        lo = int(grid[j - 1]) if j > 0 else lo
    return float(hi)


def _claim_corners(prep: Prepared, s: AuditSettings) -> list | None:
    """The rounding corners of a tested claim (None if not rounding-aware or not tested)."""
    if not s.rounding_aware or prep.evaluate is None or prep.untestable:
        return None
    return _corners(prep, s.n, s.deff)


def _outcome(
    prep: Prepared, s: AuditSettings, point: tuple | None = None, corners: list | None = None
) -> ClaimResult:
    """Unadjusted verdict of one prepared claim at ``point`` (default the settings' n, deff)."""
    n, deff = (s.n, s.deff) if point is None else point
    c = prep.claim
    if prep.untestable:
        nan_ci = ConfidenceInterval(np.nan, np.nan)
        nan4 = (np.nan,) * 4
        return ClaimResult(
            c["claim_id"], c["kind"], "", np.nan, nan_ci, *nan4, UNTESTABLE, "", prep.untestable
        )
    if prep.text_check is not None:
        ok, msg, est, lo, hi = prep.text_check(_base_pcts(prep))
        return ClaimResult(
            c["claim_id"],
            c["kind"],
            "number from the tables (rounding bounds)",
            float(est),
            ConfidenceInterval(float(lo), float(hi)),
            *(np.nan,) * 4,
            SUPPORTED if ok else INCONSISTENT,
            prep.method,
            msg,
        )
    t = _aware(prep, corners, n, deff, with_ci=True)
    t = Evidence(t.estimand, *(float(np.ravel(x)[0]) for x in t[1:8]), t.detail)
    p = min(t.pvalue_support, t.pvalue_contradict)
    mismatch = _reported_mismatch(prep, s)
    verdict = (
        INCONSISTENT
        if mismatch
        else str(verdict_words(p, t.pvalue_support, t.pvalue_contradict, s.alpha))
    )
    return ClaimResult(
        c["claim_id"],
        c["kind"],
        t.estimand,
        t.estimate,
        ConfidenceInterval(t.ci_low, t.ci_high),
        t.confidence_level,
        t.pvalue_support,
        t.pvalue_contradict,
        p,
        verdict,
        prep.method,
        mismatch or t.detail,
    )


def evaluate_claim(
    claim: pd.Series | dict,
    *,
    tables: pd.DataFrame | None = None,
    design: Any = None,
    n: int | None = None,
    deff: float | None = None,
    alpha: float = DEFAULT_ALPHA,
    margin: float = DEFAULT_EQUIVALENCE_MARGIN,
    quantifiers: pd.DataFrame | None = None,
    gradient_correlation: str = "worst_case",
    dimensions: Any = None,
    rounding_aware: bool = True,
) -> ClaimResult:
    """Test one claim against the published numbers (no multiplicity adjustment).

    A pure function of the claim, the tables and the design: the building
    block of :func:`audit`, which adds the family-wise adjustment, the
    robustness across n and deff, the rounding sensitivity and the
    break-even n.

    Parameters
    ----------
    claim : pandas.Series or dict
        One row of a claims registry (columns of ``data/claims.csv``).
    tables : pandas.DataFrame, optional
        Tidy published tables (``table, item, response, dimension, group,
        percent`` and optionally ``approximate``); default: every table of
        the chapter.
    design : SampleDesign, optional
        Sample design; default :data:`migstats.LISS_2023`.  Gives the group
        shares, the default n and deff and the rounding of the numbers.
    n : int, optional
        Total sample size; default ``design.n``.
    deff : float, optional
        Kish design effect; default ``design.deff``.
    alpha : float
        Significance level, default 0.05.
    margin : float
        Equivalence margin in percentage points on the SII scale for
        ``no_difference`` and ``consensus`` claims, default
        :data:`DEFAULT_EQUIVALENCE_MARGIN` (10).
    quantifiers : pandas.DataFrame or str, optional
        Quantifier table or bundled set name (``"nl"``, ``"en"``); default
        :func:`migstats.load_quantifiers`.
    gradient_correlation : {"worst_case", "independent"}
        Assumed correlation between two estimates from the same respondents
        (gradient comparisons, item comparisons); default the worst case.
    dimensions : mapping, optional
        The report's dimensions (ordered or not, group order), as in
        :func:`audit`.
    rounding_aware : bool
        Default True: the p-values are the largest, and the interval the
        union, over the true values the rounding of the published numbers
        allows (see :func:`audit`); False tests the printed numbers as if
        exact.

    Returns
    -------
    ClaimResult
        Estimate, interval, ``pvalue_support``, ``pvalue_contradict``, ``pvalue``,
        the unadjusted ``verdict``, the ``method`` and the ``reason``.

    Raises
    ------
    MigstatsValueError
        If an argument is invalid (the message names it).
    DataValidationError
        If the claim does not validate against the tables.

    Notes
    -----
    The tests per kind are described in docs/methods.md, section 6, and in
    :func:`audit`.  Weighted percentages give fractional "counts"
    ``k = p * n_g``; all tests accept them.

    References
    ----------
    .. [1] Shaffer, J. P. (1980). Control of directional errors with
       stagewise multiple test procedures. *Annals of Statistics*, 8(6),
       1342--1347.
    .. [2] Schuirmann, D. J. (1987). A comparison of the two one-sided tests
       procedure and the power approach for assessing the equivalence of
       average bioavailability. *Journal of Pharmacokinetics and
       Biopharmaceutics*, 15(6), 657--680.

    Examples
    --------
    >>> import migstats

    Figure 7.1: 82% of those with at most vmbo against 59% of those with
    hbo/wo want fewer refugees (claim C19), at the defaults: the design's
    n = 2900 and deff 2, rounding-aware (the interval is the union over the
    rounding box of 82 and 59):

    >>> claims = migstats.load_claims().set_index("claim_id", drop=False)
    >>> r = migstats.evaluate_claim(claims.loc["C19"])
    >>> r.verdict, round(r.estimate, 1), [round(x, 1) for x in r.confidence_interval]
    ('supported', 23.0, [16.2, 29.4])
    >>> migstats.evaluate_claim(claims.loc["C19"], n=60).verdict
    'not significant'
    """
    s = audit_settings(
        design,
        n,
        deff,
        alpha,
        margin=margin,
        gradient_correlation=gradient_correlation,
        rounding_aware=rounding_aware,
        headline="central",
    )
    row = pd.DataFrame([dict(claim)])
    c, tables, q = resolve_inputs(row, tables, quantifiers)
    c = untestable_unknown_kinds(c)
    ctx = ClaimContext(tables, s.design, q, s, dimension_orders(dimensions))
    prep = prepare(c.iloc[0].to_dict(), ctx)
    return _outcome(prep, s, None, _claim_corners(prep, s))


def audit(
    *,
    design: Any = None,
    n: int | None = None,
    deff: float | None = None,
    alpha: float = DEFAULT_ALPHA,
    correction: str = DEFAULT_CORRECTION,
    claims: pd.DataFrame | None = None,
    tables: pd.DataFrame | None = None,
    quantifiers: pd.DataFrame | None = None,
    margin: float = DEFAULT_EQUIVALENCE_MARGIN,
    gradient_correlation: str = "worst_case",
    deffs: Sequence[float] = DEFF_GRID,
    n_points: int = N_GRID_POINTS,
    dimensions: Any = None,
    report: Any = None,
    rounding_aware: bool = True,
    headline: str = DEFAULT_HEADLINE,
) -> AuditResult:
    """Audit every claim of a registry: one row per claim with its verdict.

    Parameters
    ----------
    report : Report, str or path, optional
        A report (:func:`migstats.load_report`): its design, claims, tables
        and quantifiers are the defaults of the arguments below.  Default:
        the default report (:func:`migstats.load_report` without a name)
        unless ``claims`` or ``tables`` are given.  Claims of a kind the audit cannot test yet are
        ``untestable`` ("kind ... not implemented").
    design : SampleDesign, optional
        Sample design; default :data:`migstats.LISS_2023`.  Supplies the
        group shares, the default ``n`` and ``deff``, the plausible n range
        (``design.n_grid``) and how the numbers were rounded.
    n : int, optional
        Total sample size; ``None`` means ``design.n``.
    deff : float, optional
        Kish design effect; ``None`` means ``design.deff``.
    alpha : float
        Family-wise significance level, in (0, 1); default 0.05.
    correction : str
        Multiplicity correction over the family of tested claims, passed to
        :func:`migstats.adjust_pvalues`; default ``"holm"``.
    claims : pandas.DataFrame, optional
        A claims registry; default :func:`migstats.load_claims`.
    tables : pandas.DataFrame, optional
        Tidy published tables; default: the chapter's tables.
    quantifiers : pandas.DataFrame or str, optional
        Numeric reading of the verbal quantifiers: a table, or the name of a
        bundled set (``"nl"``, ``"en"``); default chapter 7's Dutch set
        (:func:`migstats.load_quantifiers`).
    margin : float
        Equivalence margin (percentage points, SII scale) for
        ``no_difference`` and ``consensus`` claims; default 10
        (:data:`DEFAULT_EQUIVALENCE_MARGIN`).
    gradient_correlation : {"worst_case", "independent"}
        Correlation assumed between two estimates from the same respondents;
        default ``"worst_case"`` (conservative).
    deffs : sequence of float
        Design effects for ``verdict_range``; default (1, 1.5, 2).
    n_points : int
        Number of sample sizes from ``design.n_grid`` for
        ``verdict_range``; default 9.
    dimensions : mapping, optional
        The report's dimensions: which are ordered and their groups' order
        (:func:`migstats._corpus.dimension_orders`, e.g. ``{"age": ["18-34",
        "35-54", "55+"], "party": {"groups": ["rep", "dem"], "ordered":
        False}}``).  Gradient kinds need an ordered dimension; an undeclared
        dimension is taken as ordered in the order of the design's shares,
        else of the tables.
    rounding_aware : bool
        Default True: every p-value (and so the verdicts, adjusted p-values
        and break-even n) is the largest over the true values the rounding
        of the published numbers allows, and every interval the union over
        them; False tests the printed numbers as if exact (the audit before
        issue 10).
    headline : {"conservative", "central", "optimistic"}
        Where the headline ``verdict`` (and the estimate, interval, p-values
        and break-even n shown with it) is taken: default
        ``"conservative"``, the smallest plausible n (``design.n_range[0]``)
        and the largest deff of ``deffs`` (or ``deff`` if larger);
        ``"central"``: ``n`` and ``deff``; ``"optimistic"``: the largest
        plausible n and the smallest deff.

    Returns
    -------
    AuditResult
        The frame (``result.frame`` or ``result.to_frame()``) together with
        the settings, claims, tables, quantifiers and report it was computed
        with; the renderers (:func:`migstats._audit.render_audit`,
        :func:`migstats.audit_summary`, :func:`migstats.audit_html`) take it
        whole.  The frame has one row per claim with the columns :data:`AUDIT_COLUMNS`:
        the claim's fields; ``estimand`` (what ``estimate`` is),
        ``estimate``, ``ci_low``, ``ci_high``, ``confidence_level``; ``pvalue_support``
        and ``pvalue_contradict`` (p-values of the tests whose rejection would
        support or contradict the claim), ``pvalue`` (their minimum) and
        ``pvalue_adjusted``; ``breakeven_n`` (smallest total n at which the claim
        alone would be supported at ``alpha``, inf if none); ``verdict`` (at
        the ``headline`` point); ``verdict_central`` (at ``n`` and ``deff``)
        and ``verdict_optimistic`` (largest plausible n, smallest deff), the
        sensitivity of the headline; ``verdict_range`` (the verdict across
        ``design.n_grid`` and ``deffs``); ``robustness`` (``"supported at
        every plausible n and deff"``, ``"depends on n or deff"`` or ``"not
        supported at any plausible n and deff"``); ``rounding_sensitive``
        (whether the verdict of the printed numbers changes when they move
        within their rounding); ``method`` and
        ``reason``.  Float columns are float64, ``rounding_sensitive`` is a
        nullable boolean (NA for untestable and text_table claims), the rest
        strings.

    Raises
    ------
    MigstatsValueError
        If ``alpha`` is not in (0, 1), ``correction`` is unknown, ``n`` is
        not a positive integer, ``deff`` or ``margin`` is invalid (the
        message names the argument), ``deffs`` is empty, or ``deff`` is so
        large for ``n`` that a tested comparison has an effective size
        ``(n1 + n2) / deff`` of at most 1 (its score test has no p-value:
        rather than let NaN become a verdict, the audit refuses; a NaN
        p-value on the robustness grid gives the verdict "untestable").
    DataValidationError
        If ``claims`` does not validate against ``tables``.

    Notes
    -----
    **Tests per kind.**  Each kind's test lives in its module of
    :mod:`migstats._audit.kinds` (what a kind asserts, its estimand and
    interval are declared in ``migstats._corpus.KIND_REGISTRY``;
    docs/methods.md, section 6, gives the statistics).  Differences of two
    groups use the score test of :func:`migstats.compare` with its
    Miettinen-Nurminen interval; gradients the slope index of inequality
    (:func:`migstats.slope_index`); "no difference" claims an equivalence
    test (two one-sided tests against ``margin``), so "no significant
    gradient" is *not* evidence of no gradient; ratios Koopman's score test
    (:func:`migstats.ratio_test`).  Gradient kinds need an ordered
    dimension (``dimensions``); a claim whose test needs a group the tables
    do not publish is ``untestable``.  Claims that must hold for several
    groups or references are intersection-union tests (Berger 1982).

    **Verdicts.**  A claim's ``pvalue`` is ``min(pvalue_support,
    pvalue_contradict)``; for directional claims this is the two-sided p-value
    and the sign decides (the three-decision rule; Shaffer 1980 shows
    that Holm's procedure controls directional errors).  ``pvalue_adjusted``
    applies ``correction`` over the family of tested claims (text_table
    and untestable claims are not tested), and the verdict uses it:
    ``supported`` / ``contradicted`` if ``pvalue_adjusted < alpha`` in the
    claimed / opposite direction, ``not significant`` otherwise.  The
    confidence intervals are not adjusted.  A claim whose quoted numbers
    match none of the published numbers it rests on is ``inconsistent``;
    registered untestable claims are ``untestable`` with the reason.

    **Headline.**  The sample size is not published, so the headline
    verdict is the one that holds at the least favourable plausible
    assumptions -- the smallest plausible n with the largest design effect
    (docs/methods.md, section 6.5); the central and optimistic verdicts are
    shown beside it.  **Rounding.**  With ``rounding_aware`` each claim's
    p-values are the supremum over its rounding box: the published numbers
    as printed and moved to the corners that most hurt and most help the
    claim (a test monotone in each number takes its extremes there).

    **Robustness.**  ``verdict_range`` repeats the whole audit (including
    the adjustment) at every n of ``design.n_grid(n_points)`` and every
    deff of ``deffs`` (and ``deff``).  ``rounding_sensitive`` re-evaluates the claim with
    every published number it uses moved to the end of its rounding
    interval that most helps, and then the end that most hurts, the claim
    (e.g. a difference at ``(p1 + 0.5, p2 - 0.5)`` and
    ``(p1 - 0.5, p2 + 0.5)``), keeping the other claims' p-values.

    **Counts.**  The percentages are weighted, so ``k = p * n_g`` are
    fractional "counts" of a hypothetical sample; the design effect
    deflates n to ``n / deff``.

    References
    ----------
    .. [1] Holm, S. (1979). A simple sequentially rejective multiple test
       procedure. *Scandinavian Journal of Statistics*, 6(2), 65--70.
    .. [2] Shaffer, J. P. (1980). Control of directional errors with
       stagewise multiple test procedures. *Annals of Statistics*, 8(6),
       1342--1347.
    .. [3] Berger, R. L. (1982). Multiparameter hypothesis testing and
       acceptance sampling. *Technometrics*, 24(4), 295--300.
    .. [4] Schuirmann, D. J. (1987). *Journal of Pharmacokinetics and
       Biopharmaceutics*, 15(6), 657--680.
    .. [5] Lakens, D. (2017). Equivalence tests: a practical primer for t
       tests, correlations, and meta-analyses. *Social Psychological and
       Personality Science*, 8(4), 355--362.

    Examples
    --------
    >>> import migstats

    The first twenty claims of chapter 7:

    >>> claims = migstats.load_claims().head(20)
    >>> res = migstats.audit(claims=claims).to_frame().set_index("claim_id")
    >>> res.loc["C19", ["verdict", "robustness"]].tolist()
    ['supported', 'supported at every plausible n and deff']
    >>> res.loc["C02", ["kind", "verdict"]].tolist()
    ['text_table', 'supported']
    """
    rep, design, claims, tables, quantifiers = report_inputs(
        report, design, claims, tables, quantifiers
    )
    dimensions = report_dimensions(rep, dimensions)
    s = audit_settings(
        design,
        n,
        deff,
        alpha,
        correction=correction,
        margin=margin,
        gradient_correlation=gradient_correlation,
        deffs=deffs,
        n_points=n_points,
        rounding_aware=rounding_aware,
        headline=headline,
    )
    c, tables, q = resolve_inputs(claims, tables, quantifiers)
    c = untestable_unknown_kinds(c)
    with cheap_collections():
        frame = run_audit(c, ClaimContext(tables, s.design, q, s, dimension_orders(dimensions)))
    return AuditResult(frame, s, c, tables, q, rep)


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


def _family(preps: list[Prepared], corners: list, s: AuditSettings, point: tuple) -> _Family:
    """Outcomes, adjusted p-values and verdicts of every claim at ``point``."""
    outcomes = [_outcome(p, s, point, c) for p, c in zip(preps, corners, strict=True)]
    tested = np.array(
        [
            p.evaluate is not None and o.verdict != INCONSISTENT
            for p, o in zip(preps, outcomes, strict=True)
        ]
    )
    pv = np.array([o.pvalue if t else np.nan for o, t in zip(outcomes, tested, strict=True)])
    if np.isnan(pv[tested]).any():
        # A test without a p-value (an effective sample below one respondent
        # per comparison): refuse rather than let NaN become a verdict.
        raise invalid_value(
            "deff",
            f"small enough that every tested comparison keeps an effective size "
            f"(n1 + n2) / deff above 1 at n = {s.n}",
            s.deff,
        )
    padj = adjust(pv, s.correction)
    verdicts = [
        str(verdict_words(pa, o.pvalue_support, o.pvalue_contradict, s.alpha)) if t else o.verdict
        for o, t, pa in zip(outcomes, tested, padj, strict=True)
    ]
    return _Family(preps, corners, outcomes, tested, pv, padj, verdicts, point)


def _verdict_ranges(fam: _Family, s: AuditSettings) -> dict[int, tuple[str, str]]:
    """The whole family at every (n, deff) point of the grid, summarised per tested claim.

    Returns ``{claim: (verdict_range, robustness)}``.
    """
    n_grid = [float(x) for x in np.atleast_1d(s.design.n_grid(s.n_points))]
    deff_grid = list(s.deffs)
    nn, dd = (x.ravel() for x in np.meshgrid(n_grid, deff_grid))  # deff-major order
    idx = np.flatnonzero(fam.tested)
    if not len(idx):  # no tested claim (all untestable or text checks): nothing to summarise
        return {}
    grid_tests = [_aware(fam.preps[i], fam.corners[i], nn, dd) for i in idx]
    P_s = np.array([np.asarray(t.pvalue_support, float) for t in grid_tests]).reshape(len(idx), -1)
    P_c = np.array([np.asarray(t.pvalue_contradict, float) for t in grid_tests]).reshape(
        len(idx), -1
    )
    P_adj = (
        np.column_stack(
            [adjust_for_verdicts(col, s.correction, s.alpha) for col in np.minimum(P_s, P_c).T]
        )
        if len(idx)
        else np.empty((0, nn.size))
    )
    V = verdict_words(P_adj, P_s, P_c, s.alpha).reshape(len(idx), len(deff_grid), len(n_grid))
    return {
        int(i): (summarise_range(V[r], n_grid, deff_grid), robustness(V[r]))
        for r, i in enumerate(idx)
    }


def _rounding_verdicts(fam: _Family, i: int, s: AuditSettings) -> set[str]:
    """Verdicts of claim ``i`` with its numbers at their unfavourable / favourable corners.

    The numbers at a corner are tested as if exact (plain p-values), against
    the other claims' p-values of the family.
    """
    prep, alt = fam.preps[i], set()
    n, deff = fam.point
    for corner in _corners(prep, s.n, s.deff):
        t = _at(prep, corner, n, deff)
        ps, pc = float(t.pvalue_support[0]), float(t.pvalue_contradict[0])
        p_adj = adjusted_one(fam.pvalues, i, min(ps, pc), s.correction, s.alpha)
        alt.add(str(verdict_words(p_adj, ps, pc, s.alpha)))
    return alt


def _tested_fields(fam: _Family, i: int, ranges: tuple, s: AuditSettings) -> tuple:
    """``(verdict_range, robustness, rounding_sensitive, breakeven_n, reason)`` of a claim."""
    o, verdict = fam.outcomes[i], fam.verdicts[i]
    plain = _family_plain_verdict(fam, i, s)
    alt = _rounding_verdicts(fam, i, s) - {plain}
    n, deff = fam.point
    reason = f"{verdict}: {o.reason}; {s.correction}-adjusted {pfmt(fam.adjusted[i])}"
    if s.headline != "central":
        reason += f" at n = {int(n):,}, deff {deff:g}"
    if o.verdict != verdict:
        # the interval shown is unadjusted: say what it alone would give
        p_alone = min(float(o.pvalue_support), float(o.pvalue_contradict))
        reason += f"; unadjusted ({pfmt(p_alone)}) it would be {o.verdict}"
    if alt:
        reason += (
            "; within the rounding of the published numbers the verdict "
            "could also be " + " or ".join(sorted(alt))
        )
    breakeven = _breakeven(fam.preps[i], fam.corners[i], deff, s.alpha)
    return (*ranges, bool(alt), breakeven, reason)


def _family_plain_verdict(fam: _Family, i: int, s: AuditSettings) -> str:
    """The verdict of claim ``i`` with its numbers as printed, taken as exact."""
    if not fam.corners[i]:
        return fam.verdicts[i]
    n, deff = fam.point
    t = _at(fam.preps[i], _base_pcts(fam.preps[i]), n, deff)
    ps, pc = float(t.pvalue_support[0]), float(t.pvalue_contradict[0])
    p_adj = adjusted_one(fam.pvalues, i, min(ps, pc), s.correction, s.alpha)
    return str(verdict_words(p_adj, ps, pc, s.alpha))


def _row(fam: _Family, i: int, fields: tuple, sensitivity: tuple) -> dict:
    """One row of the audit frame."""
    o = fam.outcomes[i]
    verdict_range, robust, sensitive, breakeven, reason = fields
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
        "verdict": fam.verdicts[i],
        "verdict_central": sensitivity[0],
        "verdict_optimistic": sensitivity[1],
        "verdict_range": verdict_range,
        "robustness": robust,
        "rounding_sensitive": sensitive,
        "method": o.method,
        "reason": reason,
    }


def run_audit(claims: pd.DataFrame, ctx: ClaimContext) -> pd.DataFrame:
    """The body of :func:`audit`: validated claims in, the audit frame out."""
    s = ctx.settings
    preps = [prepare(r, ctx) for r in claims.to_dict("records")]
    corners = [_claim_corners(p, s) for p in preps]
    families: dict[tuple, _Family] = {}
    for which in ("conservative", "central", "optimistic"):
        point = s.point(which)
        if point not in families:
            families[point] = _family(preps, corners, s, point)
    fam = families[s.headline_point]
    central = families[s.point("central")].verdicts
    optimistic = families[s.point("optimistic")].verdicts
    ranges = _verdict_ranges(fam, s)
    rows = []
    for i, o in enumerate(fam.outcomes):
        if fam.tested[i]:
            fields = _tested_fields(fam, i, ranges[i], s)
        else:
            untested_range = (
                "does not depend on n or deff"
                if o.verdict in (SUPPORTED, INCONSISTENT)
                else UNTESTABLE
            )
            fields = (untested_range, untested_range, pd.NA, np.nan, o.reason)
        rows.append(_row(fam, i, fields, (central[i], optimistic[i])))
    out = pd.DataFrame(rows, columns=list(AUDIT_COLUMNS))
    for col in FLOAT_COLUMNS:
        out[col] = out[col].astype("float64")
    out["rounding_sensitive"] = out["rounding_sensitive"].astype("boolean")
    for col in set(AUDIT_COLUMNS) - set(FLOAT_COLUMNS) - {"rounding_sensitive"}:
        out[col] = out[col].astype(str)
    return out
