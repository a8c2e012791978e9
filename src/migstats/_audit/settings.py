"""The audit's assumptions: documented defaults and one validated settings object.

This module owns the constants that fix the audit's assumptions (equivalence
margin, robustness grid, reading of approximate numbers, break-even search
range, correlation scenarios), :class:`AuditSettings` (the validated
arguments of :func:`migstats.audit` in one object, passed to every stage
instead of a long list of positional parameters) and the resolution of the
claims, tables and quantifiers an audit runs on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._base import (
    check_alpha,
    check_deff,
    check_n,
    check_option,
    invalid_value,
)
from .._core import CORRECTIONS
from .._corpus import (
    DEFAULT_GROUP_INFLATION,
    DEFAULT_REPORT,
    SampleDesign,
    chapter_tables,
    check_given_tables,
    check_total_n,
    load_claims,
    plain_tables,
    resolve_quantifiers,
    resolve_report,
    validate_claims,
)
from .headline import DEFAULT_ALPHA as DEFAULT_ALPHA  # re-exported: the default significance level
from .headline import (
    Headline,
    error_rate_phrase,
    published_deff_range,
    resolve_alpha,
    resolve_headline,
)
from .headline import design_origin as _design_origin

#: Equivalence margin for "no / small difference" claims, in percentage
#: points on the scale of the slope index of inequality (SII).  Convention:
#: Cohen's (1988) "small" effect for two proportions, h = 0.2, is the
#: distance between 45% and 55% (h = 2 asin(sqrt(.55)) - 2 asin(sqrt(.45))
#: = 0.2003), i.e. 10 points around the middle of the scale; a gradient
#: whose whole interval lies within +/- 10 points is smaller than a small
#: effect (the "smallest effect size of interest" logic of Lakens 2017).
DEFAULT_EQUIVALENCE_MARGIN = 10.0

#: Design effects over which the verdicts' robustness is shown (the project
#: convention, see docs/methods.md section 5: 1 = simple random sampling
#: (Kish 1965); 1.5 and 2 bracket the weighting design effects of
#: docs/calibration.md's simulated designs and the 1.83 derived from Pew's
#: published margin of error; 2 is the weighted default).
DEFF_GRID = (1.0, 1.5, 2.0)

#: Number of sample sizes in the design's plausible range (``design.n_grid``)
#: at which the verdicts' robustness is shown.
N_GRID_POINTS = 9

#: Half-width (percentage points) of the uncertainty of numbers the text
#: gives only approximately ("around 50%", "between 51 and 54%"): read as
#: rounded to the nearest multiple of 5, so +/- 2.5.  Convention.
APPROXIMATE_HALF_WIDTH = 2.5

#: Largest total sample size searched for the break-even n; a claim not
#: supported at this n is reported with break-even n = inf.
BREAKEVEN_N_MAX = 10_000_000

#: Scenarios for the unknown correlation between two estimates from the same
#: respondents (``audit(gradient_correlation=...)``; docs/methods.md, section
#: 6.3).  ``"positive_quadrant"`` (default): the sharp range the published
#: margins allow, narrowed for two groupings (education x income) by positive
#: quadrant dependence (Lehmann 1966), worst case within it
#: (:func:`migstats.gradient_correlation`); for two items of the same
#: respondents the Fréchet (1951) bounds of each group's 2 x 2 table, which
#: need no assumption.  ``"margins"``: the sharp range over every joint table
#: (no dependence assumption).  ``"independent"``: 0.  ``"worst_case"``: -1,
#: valid whatever the dependence (the widest interval).
CORRELATION_SCENARIOS = ("positive_quadrant", "margins", "independent", "worst_case")

#: Default of ``audit(gradient_correlation=...)`` (see :data:`CORRELATION_SCENARIOS`).
DEFAULT_GRADIENT_CORRELATION = "positive_quadrant"

#: Default multiple-testing correction of :func:`migstats.audit`: the
#: Benjamini-Hochberg false discovery rate over a report's tested claims
#: (docs/methods.md, "The error rate"); ``"holm"`` controls the family-wise
#: error rate, ``"none"`` tests each claim alone.
DEFAULT_CORRECTION = "fdr_bh"

#: Which (n, deff) the audit's headline ``verdict`` is taken at (docs/methods.md,
#: section 6.5): ``"resolved"`` (default) -- value by value, the caller's
#: ``n``/``deff``, else the report's published values, else values derived
#: from published facts (a deff from a margin of error, at the upper end of
#: its rounding range), else the defaults (the lower end of the plausible n
#: range, :data:`WEIGHTED_DEFAULT_DEFF` for weighted data), see
#: :func:`~.headline.resolve_headline`; ``"conservative"`` -- the smallest plausible n
#: (``design.n_range[0]``) and the largest design effect of the grid (or the
#: given ``deff`` if larger), so that the headline never claims more than
#: holds under every plausible assumption; ``"central"`` -- the given (or
#: design's) n and deff; ``"optimistic"`` -- the
#: largest plausible n and the smallest deff of the grid.
#: How the robustness grid's design effects come about (the words of ``design_values``).
GRID_ADDED = "with the central and the headline deff"
GRID_CONVENTION = (
    "project convention: the design effects of the robustness grid (DEFF_GRID) where the "
    f"report publishes neither a deff nor a margin of error, {GRID_ADDED}"
)

HEADLINES = ("resolved", "conservative", "central", "optimistic")
DEFAULT_HEADLINE = "resolved"

#: Each point of :data:`HEADLINES` in words, for every output.
HEADLINE_MEANING = {
    "resolved": "each design value as given, else as published, else derived from "
    "published facts, else the default (see the design values)",
    "conservative": "the smallest plausible n with the largest deff of the grid",
    "central": "the given (or design's) n and deff",
    "optimistic": "the largest plausible n with the smallest deff of the grid",
}


@dataclasses.dataclass(frozen=True)
class AuditSettings:
    """The validated arguments of one audit (built by :func:`audit_settings`).

    Attributes
    ----------
    design : SampleDesign
        The sample design (group shares, plausible n range, rounding).
    n : int
        Total sample size.
    deff : float
        Kish design effect.
    alpha : float
        Family-wise significance level.
    correction : str
        Multiple-testing correction (a name of :data:`migstats.CORRECTIONS`).
    margin : float
        Equivalence margin in percentage points (SII scale).
    scenario : str
        Correlation scenario, one of :data:`CORRELATION_SCENARIOS`.
    deff_grid : tuple of float
        Design effects of the robustness grid.
    n_points : int
        Number of sample sizes of the robustness grid.
    rounding_aware : bool
        Whether p-values (and so verdicts, adjusted p-values, break-even n)
        and intervals hold for every true value the rounding allows.
    headline : str
        Which point of :data:`HEADLINES` the headline verdict is taken at.
    resolved : Headline or None
        The resolved headline values with their origins
        (:func:`~.headline.resolve_headline`); None: ``(n, deff)``.
    alpha_origin : tuple of str
        ``(source_kind, source)`` of ``alpha``.
    grid_origin : tuple of str
        ``(source_kind, source)`` of ``deff_grid``.
    """

    design: Any
    n: int
    deff: float
    alpha: float
    correction: str = DEFAULT_CORRECTION
    margin: float = DEFAULT_EQUIVALENCE_MARGIN
    scenario: str = DEFAULT_GRADIENT_CORRELATION
    deff_grid: tuple[float, ...] = DEFF_GRID
    n_points: int = N_GRID_POINTS
    rounding_aware: bool = True
    headline: str = DEFAULT_HEADLINE
    resolved: Headline | None = None
    alpha_origin: tuple[str, str] = ("assumed", "project convention")
    grid_origin: tuple[str, str] = ("assumed", GRID_CONVENTION)

    @property
    def deffs(self) -> tuple[float, ...]:
        """The design effects of the robustness grid, with ``deff`` and the headline's (sorted)."""
        return tuple(sorted({*self.deff_grid, self.deff, self.point("resolved")[1]}))

    def point(self, which: str) -> tuple[float, float]:
        """``(n, deff)`` of a point of :data:`HEADLINES` (``"resolved"``, ``"central"``, ...)."""
        if which == "resolved":
            if self.resolved is None:
                return float(self.n), float(self.deff)
            return float(self.resolved.n), float(self.resolved.deff)
        if which == "central":
            return float(self.n), float(self.deff)
        ns = np.atleast_1d(self.design.n_grid(self.n_points)).astype(float)
        if which == "conservative":
            return float(ns.min()), max(self.deffs)
        return float(ns.max()), min(self.deffs)

    @property
    def group_inflation(self) -> str:
        """The group inflation rule the headline applied (``"none"`` where none)."""
        return "none" if self.resolved is None else self.resolved.group_inflation

    def error_rate(self, m: int) -> str:
        """The controlled error rate over ``m`` tested claims, in words.

        E.g. ``"FDR 5% (Benjamini-Hochberg) over 83 claims"``, ``"FWER 5%
        (Holm) over 83 claims"``, ``"per-claim 5%"``.
        """
        return error_rate_phrase(self.correction, self.alpha, m)

    def design_values(self) -> pd.DataFrame:
        """Every design value the audit used, with its origin: a tidy frame.

        Columns ``quantity``, ``value``, ``source_kind`` (``published``,
        ``derived`` or ``assumed``) and ``source``; rows for the headline's
        ``n``, ``deff``, ``group_n`` and ``group_deff`` (at the headline
        point), ``alpha``, the plausible ``n_range`` and the ``deff_grid`` of
        the robustness grid.
        """
        from .headline import DESIGN_VALUE_COLUMNS

        n, deff = self.point("resolved")
        head = (
            list(self.resolved.rows)
            if self.resolved is not None
            else [
                ("n", f"{int(n)}", "assumed", "given"),
                ("deff", f"{deff:.4g}", "assumed", "given"),
            ]
        )
        lo, hi = self.design.n_range
        grid = [
            ("alpha", f"{self.alpha:g}", *self.alpha_origin),
            ("n_range", f"{lo}-{hi}", *_design_origin(self.design, "n_range")),
            ("deff_grid", ", ".join(f"{d:.3g}" for d in self.deffs), *self.grid_origin),
        ]
        return pd.DataFrame(head + grid, columns=list(DESIGN_VALUE_COLUMNS))

    @property
    def headline_point(self) -> tuple[float, float]:
        """``(n, deff)`` of the headline verdict."""
        return self.point(self.headline)

    @property
    def decimals(self) -> int:
        """Decimals of the published numbers (from the design)."""
        return int(self.design.decimals)

    @property
    def rounding(self) -> str:
        """Rounding rule of the published numbers (from the design)."""
        return str(self.design.rounding)


def _check_margin(margin: Any) -> float:
    try:
        m = float(margin)
    except (TypeError, ValueError):
        raise invalid_value("margin", "a number in (0, 100]", margin) from None
    if not (0 < m <= 100):
        raise invalid_value("margin", "a number in (0, 100]", margin)
    return m


#: Why the audit's alpha stays below 1/2 (for :func:`migstats._base.check_alpha`).
ALPHA_BELOW_HALF = " (equivalence and range claims show (1 - 2 alpha) intervals)"


def audit_settings(
    design: Any,
    n: Any,
    deff: Any,
    alpha: Any,
    *,
    correction: str = DEFAULT_CORRECTION,
    margin: Any = DEFAULT_EQUIVALENCE_MARGIN,
    gradient_correlation: str = DEFAULT_GRADIENT_CORRELATION,
    deffs: Sequence[float] | None = None,
    n_points: Any = N_GRID_POINTS,
    rounding_aware: Any = True,
    headline: str = DEFAULT_HEADLINE,
    report: Any = None,
    group_inflation: str = DEFAULT_GROUP_INFLATION,
) -> AuditSettings:
    """Validate the arguments of an audit and bundle them.

    Parameters
    ----------
    design : SampleDesign or None
        None means the design of the default report (:data:`migstats.LISS_2023`).
    n, deff : optional
        None means the design's (the headline resolves them from the
        report's published facts, :func:`~.headline.resolve_headline`).
    alpha : float or None
        None means the report's published α (``Report.alpha``), else
        :data:`DEFAULT_ALPHA` (0.05, project convention).
    correction, margin, gradient_correlation, deffs, n_points
        As in :func:`migstats.audit`.
    rounding_aware, headline, report, group_inflation
        As in :func:`migstats.audit`.

    Returns
    -------
    AuditSettings

    Raises
    ------
    MigstatsValueError
        Naming the first invalid argument.

    Examples
    --------
    >>> s = audit_settings(None, 1500, None, 0.05)
    >>> s.n, s.deff, s.correction, s.decimals
    (1500, 2.0, 'fdr_bh', 0)
    >>> s.headline, s.headline_point
    ('resolved', (1500.0, 2.0))
    >>> s.error_rate(83)
    'FDR 5% (Benjamini-Hochberg) over 83 claims'
    """
    design = resolve_report(DEFAULT_REPORT).design if design is None else design
    if not isinstance(design, SampleDesign):
        raise invalid_value("design", "a SampleDesign", type(design).__name__)
    alpha, alpha_origin = resolve_alpha(alpha, report)
    alpha = check_alpha(alpha, "alpha", ALPHA_BELOW_HALF)
    headline = check_option(headline, "headline", HEADLINES)
    # the group inflation rule is part of the resolved headline only
    rule = group_inflation if headline == "resolved" else "none"
    resolved = resolve_headline(design, report, n, deff, rule)
    n = int(check_n(design.n if n is None else n, "n"))
    check_total_n(design, n)
    check_total_n(design, int(resolved.n))
    deff = float(check_deff(design.deff if deff is None else deff, "deff"))
    correction = check_option(correction, "correction", CORRECTIONS)
    m = _check_margin(margin)
    gradient_correlation = check_option(
        gradient_correlation, "gradient_correlation", CORRELATION_SCENARIOS
    )
    if deffs is not None:
        grid_origin = ("assumed", f"given by the caller (deffs={deffs!r}), {GRID_ADDED}")
    elif (published := published_deff_range(design, report)) is None:
        deffs, grid_origin = DEFF_GRID, ("assumed", GRID_CONVENTION)
    else:  # the range a published deff or margin allows
        deffs = tuple(sorted(set(published)))
        grid_origin = (
            "derived",
            "the range of design effects the report's published deff or margin of error "
            f"allows (its rounding at the published n), {GRID_ADDED}",
        )
    deffs_arr = np.atleast_1d(check_deff(deffs, "deffs"))
    if deffs_arr.ndim != 1 or deffs_arr.size == 0:
        raise invalid_value("deffs", "a non-empty 1-d sequence of design effects", deffs)
    n_points = int(check_n(n_points, "n_points", minimum=1))
    if not isinstance(rounding_aware, bool | np.bool_):
        raise invalid_value("rounding_aware", "True or False", rounding_aware)
    return AuditSettings(
        resolved.design,
        n,
        deff,
        float(alpha),
        correction,
        m,
        gradient_correlation,
        tuple(float(d) for d in deffs_arr),
        n_points,
        bool(rounding_aware),
        headline,
        resolved,
        alpha_origin,
        grid_origin,
    )


def resolve_inputs(
    claims: pd.DataFrame | None,
    tables: pd.DataFrame | None,
    quantifiers: pd.DataFrame | str | None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The validated claims, plain tables and quantifiers an audit runs on.

    ``None`` means the chapter's registry, tables and quantifiers; a
    quantifier set may also be named (``"nl"``, ``"en"``, see
    :func:`migstats._corpus.resolve_quantifiers`).
    """
    q = resolve_quantifiers(quantifiers)
    if tables is not None:
        check_given_tables(tables)  # before the claims are read against them
    if claims is None:
        c = load_claims() if quantifiers is None else validate_claims(load_claims(), quantifiers=q)
    else:
        c = validate_claims(claims, tables=tables, quantifiers=q)
    tables = chapter_tables() if tables is None else plain_tables(tables)
    return c, tables, q


def report_inputs(
    report: Any, design: Any, claims: Any, tables: Any, quantifiers: Any
) -> tuple[Any, Any, Any, Any, Any]:
    """``(report, design, claims, tables, quantifiers)``: the report's parts where None.

    ``report`` None means the default report (:data:`migstats._corpus.DEFAULT_REPORT`,
    loaded by name) unless ``claims`` or ``tables`` are given: the returned
    report is then None (the audit ran on a registry of the caller's).
    """
    if report is None and claims is None and tables is None:
        report = DEFAULT_REPORT
    rep = resolve_report(report)
    if rep is None:
        return None, design, claims, tables, quantifiers
    return (
        rep,
        rep.design if design is None else design,
        rep.claims if claims is None else claims,
        rep.tables if tables is None else tables,
        rep.quantifiers if quantifiers is None else quantifiers,
    )


def report_dimensions(rep: Any, dimensions: Any) -> Any:
    """The report's dimension declaration (groups in order, ordered or not) where
    ``dimensions`` is None."""
    if dimensions is not None or rep is None:
        return dimensions
    return {
        d: {"groups": list(g), "ordered": d in rep.ordered}
        for d, g in rep.dimensions.items()
        if d != "total"
    }
