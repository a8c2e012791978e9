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

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._base import invalid_value
from .._corpus import dimension_orders
from .claim_context import ClaimContext
from .corners import claim_corners
from .fast import cheap_collections
from .kinds import prepare, untestable_unknown_kinds
from .outcome import ClaimResult, outcome
from .readings import DEFAULT_READING, audit_readings, reading_table
from .result import AuditResult
from .settings import (
    DEFAULT_ALPHA,
    DEFAULT_CORRECTION,
    DEFAULT_EQUIVALENCE_MARGIN,
    DEFAULT_GRADIENT_CORRELATION,
    DEFAULT_GROUP_INFLATION,
    DEFAULT_HEADLINE,
    N_GRID_POINTS,
    audit_settings,
    report_dimensions,
    report_inputs,
    resolve_inputs,
)

__all__ = ["ClaimResult", "audit", "evaluate_claim"]


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
    gradient_correlation: str = DEFAULT_GRADIENT_CORRELATION,
    dimensions: Any = None,
    rounding_aware: bool = True,
    reading: str = DEFAULT_READING,
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
        Significance level, in (0, 0.5), default 0.05.
    margin : float
        Equivalence margin in percentage points on the SII scale for
        ``no_difference`` and ``consensus`` claims, default
        :data:`DEFAULT_EQUIVALENCE_MARGIN` (10).
    quantifiers : pandas.DataFrame or str, optional
        Quantifier table or bundled set name (``"nl"``, ``"en"``); default
        :func:`migstats.load_quantifiers`.
    gradient_correlation : {"positive_quadrant", "margins", "independent", "worst_case"}
        Correlation between two estimates from the same respondents
        (gradient comparisons, item comparisons), see
        ``migstats._audit.CORRELATION_SCENARIOS``; default the worst case within
        the range the published margins allow (``"positive_quadrant"``);
        ``"worst_case"`` is rho = -1.
    dimensions : mapping, optional
        The report's dimensions (ordered or not, group order), as in
        :func:`audit`.
    rounding_aware : bool
        Default True: the p-values are the largest, and the interval the
        union, over the true values the rounding of the published numbers
        allows (see :func:`audit`); False tests the printed numbers as if
        exact.
    reading : {"usage", "strict", "plain"}
        The reading of the claim's quantifier, as in :func:`audit`; default
        ``"usage"``.

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
    ('supported', 23.0, [16.2, 29.5])
    >>> migstats.evaluate_claim(claims.loc["C19"], n=60).verdict
    'not supported'
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
    q = reading_table(q, reading)
    ctx = ClaimContext(tables, s.design, q, s, dimension_orders(dimensions))
    prep = prepare(c.iloc[0].to_dict(), ctx)
    return outcome(prep, s, None, claim_corners(prep, s))


def audit(
    *,
    design: Any = None,
    n: int | None = None,
    deff: float | None = None,
    alpha: float | None = None,
    correction: str = DEFAULT_CORRECTION,
    claims: pd.DataFrame | None = None,
    tables: pd.DataFrame | None = None,
    quantifiers: pd.DataFrame | None = None,
    margin: float = DEFAULT_EQUIVALENCE_MARGIN,
    gradient_correlation: str = DEFAULT_GRADIENT_CORRELATION,
    deffs: Sequence[float] | None = None,
    n_points: int = N_GRID_POINTS,
    dimensions: Any = None,
    report: Any = None,
    rounding_aware: bool = True,
    headline: str = DEFAULT_HEADLINE,
    group_inflation: str = DEFAULT_GROUP_INFLATION,
    reading: str = DEFAULT_READING,
    every_reading: bool = True,
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
        Total sample size.  Given, it sets the headline (and the central
        verdict); ``None``: the report's published n, else (headline) the
        lower end of ``design.n_range`` and (central) ``design.n``.
    deff : float, optional
        Kish design effect.  Given, it sets the headline; ``None``: the
        report's published deff, else the one its published margin of error
        implies (upper end of the margin's rounding range), else
        ``design.deff`` (2 for weighted data).
    alpha : float, optional
        Significance level, in (0, 0.5) (equivalence and range claims show
        (1 - 2 alpha) intervals); default: the publisher's
        (``report.alpha``), else 0.05 (project convention).
    correction : str
        Multiplicity correction over the family of tested claims, passed to
        :func:`migstats.adjust_pvalues`; default ``"fdr_bh"`` (the
        Benjamini-Hochberg false discovery rate); ``"holm"`` for the
        family-wise error rate, ``"none"`` for per-claim tests.
    claims : pandas.DataFrame, optional
        A claims registry; default :func:`migstats.load_claims`.
    tables : pandas.DataFrame, optional
        Tidy published tables; default: the chapter's tables.  Every
        ``percent`` must be a number in [0, 100].  A response published only
        as its parts (a score range such as ``"6-10"``) is their sum, taken
        as a share: its rounding interval is cut at 100, a sum above 100
        (rounded parts adding up to 101) is taken as 100 and the reason says
        so, and a claim on parts that cannot sum to a share even within
        their rounding is untestable, saying why (the text_table checks read
        the sums as printed).
    quantifiers : pandas.DataFrame or str, optional
        Numeric reading of the verbal quantifiers: a table, or the name of a
        bundled set (``"nl"``, ``"en"``); default chapter 7's Dutch set
        (:func:`migstats.load_quantifiers`).
    margin : float
        Equivalence margin (percentage points, SII scale) for
        ``no_difference`` and ``consensus`` claims; default 10
        (:data:`DEFAULT_EQUIVALENCE_MARGIN`).
    gradient_correlation : {"positive_quadrant", "margins", "independent", "worst_case"}
        Correlation between two estimates from the same respondents
        (``migstats._audit.CORRELATION_SCENARIOS``): default
        ``"positive_quadrant"``, the least favourable correlation in the sharp
        range the published margins allow (for two groupings under positive
        quadrant dependence; for two items the Fréchet bounds);
        ``"margins"`` without the dependence assumption; ``"independent"``
        (0); ``"worst_case"`` (rho = -1, valid whatever the dependence).
    deffs : sequence of float, optional
        Design effects for ``verdict_range`` (the robustness grid); default
        the range the report's published deff or margin of error allows
        (:func:`~.headline.published_deff_range`; Pew: 1.72 to 1.95), else
        :data:`DEFF_GRID` (1, 1.5, 2; project convention).  The central and
        headline deffs are always added.
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
        them; False tests the printed numbers as if exact.
    headline : {"resolved", "conservative", "central", "optimistic"}
        Where the headline ``verdict`` (and the estimate, interval, p-values
        and break-even n shown with it) is taken: default ``"resolved"``,
        value by value the explicit ``n``/``deff``, else the report's
        published facts, else values derived from them, else the defaults
        (:func:`migstats._audit.resolve_headline`; docs/methods.md, section
        6.5); ``"conservative"``: the smallest plausible n
        (``design.n_range[0]``) and the largest deff of ``deffs`` (or
        ``deff`` if larger); ``"central"``: ``n`` and ``deff``;
        ``"optimistic"``: the largest plausible n and the smallest deff.
    group_inflation : {"scenario", "bound", "none"}
        With the resolved headline, how a group's variance allows for its
        possible under-representation when the deff is published, derived
        or given but a dimension has no published group sizes or group
        margins (:data:`migstats._corpus.GROUP_INFLATION_RULES`); default
        ``"scenario"``, chosen by calibration (docs/calibration.md).
    reading : {"usage", "strict", "plain"}
        The reading of the verbal quantifiers the headline verdict is taken
        at (:func:`migstats.quantifier_readings`); default ``"usage"``, the
        report's own use of the word where it records one, else the strict
        reading (:data:`migstats._audit.DEFAULT_READING`).  The audit is
        repeated under every reading that changes a quantifier the claims
        use: columns ``reading``, ``verdict_by_reading``,
        ``reading_sensitive``.
    every_reading : bool
        Default True.  False audits at ``reading`` only (``verdict_by_reading``
        empty, ``reading_sensitive`` NA): for repeated audits that read the
        verdicts alone, such as :func:`migstats.calibrate`'s replications.

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
        alone would be supported at ``alpha``, inf if none) and
        ``breakeven_n_adjusted`` (the same after the correction, the whole
        family recomputed at that n), both with the p-values' rounding box
        and test; ``verdict`` (at
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
        If ``alpha`` is not in (0, 0.5), ``correction`` is unknown, ``n`` is
        not a positive integer, ``deff`` or ``margin`` is invalid (the
        message names the argument), ``deffs`` is empty, or the deff of the
        headline, central or optimistic point is so large for its n that a
        tested comparison of two groups has an effective size ``(n1 + n2) /
        deff`` of at most 1 (its score test has no p-value: rather than let
        NaN become a verdict, the audit refuses, naming ``deff`` -- or
        ``deffs`` when the ``headline`` rule took that deff from the grid --
        and the claims without a p-value; the batch audit of a calibration
        applies the same rule; a NaN p-value on the robustness grid gives the
        verdict "untestable").  Other tests have no minimum size.
    DataValidationError
        If ``claims`` does not validate against ``tables``, or a ``percent``
        of ``tables`` is missing or outside [0, 100] (every such row named).

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
    Groups at 0% or 100% have no sampling variance: a Wald statistic
    ``L / se`` with ``se = 0`` is taken as 0 where ``L = 0`` (no evidence:
    two groups both at 0% do not support a gradient) and as +/-inf
    otherwise, as the score tests do, and the claim's reason says so; the
    slope index's own warning about its undefined Wald test
    (:func:`migstats.slope_index`) is therefore not passed on, and the
    audit emits no warning.

    **Verdicts.**  A claim's ``pvalue`` is ``min(pvalue_support,
    pvalue_contradict)``; for directional claims this is the two-sided p-value
    and the sign decides (the three-decision rule; Benjamini and Yekutieli
    2005 for BH's directional errors, Shaffer 1980 for Holm's, both for
    independent tests).  ``pvalue_adjusted``
    applies ``correction`` over the family of tested claims (text_table
    and untestable claims are not tested), and the verdict uses it:
    ``supported`` / ``contradicted`` if ``pvalue_adjusted < alpha`` in the
    claimed / opposite direction; otherwise ``depends on n`` if the claim is
    supported somewhere on the robustness grid and ``not supported`` if
    nowhere (docs/methods.md, section 6.4).  The
    confidence intervals are not adjusted.  A claim whose quoted numbers
    match none of the published numbers it rests on is ``inconsistent``;
    registered untestable claims are ``untestable`` with the reason.

    **Headline.**  Published facts decide: the headline is taken at the
    caller's ``n``/``deff``, else the report's published n and deff (or the
    deff its margin of error implies, at the upper end of the margin's
    rounding), else the lower end of the plausible n range and the default
    deff; ``result.design_values()`` lists each value as published, derived
    or assumed with its source, and ``result.error_rate`` names the
    controlled error rate and the family's size (docs/methods.md, sections
    6.4 and 6.5); the central and optimistic verdicts are shown beside it.
    **Rounding.**  With ``rounding_aware`` each claim's p-values are the
    supremum over its rounding box: the published numbers as printed and
    moved to the corners that most hurt and most help the claim (a test
    monotone in each number takes its extremes there).

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
    .. [1] Benjamini, Y. and Hochberg, Y. (1995). Controlling the false
       discovery rate. *Journal of the Royal Statistical Society B*, 57(1),
       289--300.  Holm, S. (1979). *Scandinavian Journal of Statistics*,
       6(2), 65--70.
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
        report=rep,
        group_inflation=group_inflation,
    )
    if not isinstance(every_reading, bool | np.bool_):
        raise invalid_value("every_reading", "True or False", every_reading)
    c, tables, q = resolve_inputs(claims, tables, quantifiers)
    c = untestable_unknown_kinds(c)
    with cheap_collections():
        ctx = ClaimContext(tables, s.design, q, s, dimension_orders(dimensions))
        frame = audit_readings(c, ctx, reading, every_reading)
    return AuditResult(frame, s, c, tables, q, rep, reading)
