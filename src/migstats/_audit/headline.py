"""Which (n, deff, group sizes, group deffs, alpha) the audit's headline uses, and why.

This module owns the resolution of the headline's design values, value by
value: an explicit value of the caller, else what the report publishes, else
what follows from published facts (a design effect from a margin of error,
taken at the upper end of the range the margin's rounding allows), else the
project's default; and the record of each value's origin (``published``,
``derived`` or ``assumed``, with its source), :class:`Headline`.  It also
names the error rate a multiple-testing correction controls
(:func:`error_rate_phrase`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import pandas as pd

from .._base import PROVENANCE_COLUMNS, check_deff, check_n, invalid_value
from .._corpus import (
    DEFAULT_GROUP_INFLATION,
    GROUP_INFLATION_RULES,
    UNDERREPRESENTED_DEFF_FACTOR,
    UNDERREPRESENTED_SELECTION_FACTOR,
    WEIGHTED_DEFAULT_DEFF,
    deff_from_margin_of_error,
    inflated_design,
)

__all__ = [
    "DEFAULT_ALPHA",
    "DESIGN_VALUE_COLUMNS",
    "Headline",
    "error_rate_phrase",
    "resolve_alpha",
    "resolve_headline",
]

#: Default significance level when the report states none (project
#: convention: the conventional 5 %).
DEFAULT_ALPHA = 0.05

#: Columns of :meth:`Headline.frame` (and ``AuditResult.design_values()``):
#: those of :meth:`SampleDesign.provenance`.
DESIGN_VALUE_COLUMNS: tuple[str, ...] = PROVENANCE_COLUMNS

#: The rate each correction controls, and its name in words.
_RATES: Mapping[str, tuple[str, str]] = {
    "holm": ("FWER", "Holm"),
    "hochberg": ("FWER", "Hochberg"),
    "hommel": ("FWER", "Hommel"),
    "bonferroni": ("FWER", "Bonferroni"),
    "fdr_bh": ("FDR", "Benjamini-Hochberg"),
    "BH": ("FDR", "Benjamini-Hochberg"),
    "fdr": ("FDR", "Benjamini-Hochberg"),
    "fdr_by": ("FDR", "Benjamini-Yekutieli"),
    "BY": ("FDR", "Benjamini-Yekutieli"),
}

_CALLER = "given by the caller ({})"
_CONVENTION_N = (
    "project convention: no published n, so the lower end of the plausible range "
    "n_range (the least favourable plausible n)"
)
_INFLATION_SOURCE = {
    "scenario": (
        "project convention: no published group sizes or margins, so the first group of "
        f"each dimension is taken as under-represented (selected at "
        f"{UNDERREPRESENTED_SELECTION_FACTOR:g}x the others' rate, its deff x "
        f"{UNDERREPRESENTED_DEFF_FACTOR:g}; docs/methods.md, section 6.5)"
    ),
    "bound": (
        "derived: no published group sizes or margins, so every group at the largest "
        "variance the overall Kish deff allows (kish_group_bound; Kish 1965, section 11.7)"
    ),
}


def error_rate_phrase(correction: str, alpha: float, m: int) -> str:
    """The controlled error rate in words, e.g. ``"FDR 5% (Benjamini-Hochberg) over 83 claims"``.

    Examples
    --------
    >>> error_rate_phrase("fdr_bh", 0.05, 83)
    'FDR 5% (Benjamini-Hochberg) over 83 claims'
    >>> error_rate_phrase("holm", 0.05, 1)
    'FWER 5% (Holm) over 1 claim'
    >>> error_rate_phrase("none", 0.1, 83)
    'per-claim 10%'
    """
    level = f"{100 * alpha:g}%"
    if correction not in _RATES:
        return f"per-claim {level}"
    rate, name = _RATES[correction]
    return f"{rate} {level} ({name}) over {m} claim{'' if m == 1 else 's'}"


def _fact(report: Any, name: str) -> tuple[Any, str] | None:
    """``(value, source)`` of a published design fact of ``report``, or None."""
    facts = getattr(report, "design_facts", None) or {}
    fact = facts.get(name)
    if isinstance(fact, Mapping) and fact.get("value") is not None:
        return fact["value"], str(fact.get("source", ""))
    return None


def design_origin(design: Any, quantity: str) -> tuple[str, str]:
    """The design's own record of where ``quantity`` comes from (assumed if none)."""
    prov = getattr(design, "provenance", None)
    if callable(prov):
        frame = prov()
        # the quantity's first row (as frame.set_index("quantity").loc[quantity] reads it)
        for name, kind, source in zip(
            frame["quantity"].tolist(),
            frame["source_kind"].tolist(),
            frame["source"].tolist(),
            strict=True,
        ):
            if name == quantity:
                return str(kind), str(source)
    return "assumed", "the design's value (no source recorded)"


def resolve_alpha(alpha: Any, report: Any) -> tuple[Any, tuple[str, str]]:
    """``(alpha, (source_kind, source))``: the caller's, else the publisher's, else 0.05.

    Examples
    --------
    >>> resolve_alpha(None, None)
    (0.05, ('assumed', 'project convention: 5% where the report states no significance level'))
    """
    if alpha is not None:
        return alpha, ("assumed", _CALLER.format(f"alpha={alpha!r}"))
    fact = _fact(report, "alpha")
    if fact is not None:
        return fact[0], ("published", fact[1])
    return DEFAULT_ALPHA, (
        "assumed",
        "project convention: 5% where the report states no significance level",
    )


def _resolve_n(design: Any, report: Any, n: Any) -> tuple[int, str, str]:
    if n is not None:
        return int(check_n(n, "n")), "assumed", _CALLER.format(f"n={n!r}")
    fact = _fact(report, "n")
    if fact is not None:
        return int(fact[0]), "published", fact[1]
    kind, source = design_origin(design, "n")
    lo, hi = design.n_range
    if kind == "published" or lo == hi:
        return int(design.n), "published", source
    return int(lo), "assumed", _CONVENTION_N


def _margin_range(report: Any, design: Any) -> tuple[Any, int, float, tuple] | None:
    """``(deff range, n, level, margin fact)`` of a published margin of error, or None.

    The margin refers to the published n (else the design's n), whatever n
    the headline is taken at.
    """
    moe = _fact(report, "margin_of_error")
    if moe is None:
        return None
    published_n = _fact(report, "n")
    n = int(design.n if published_n is None else published_n[0])
    level = _fact(report, "confidence_level")
    cl = 0.95 if level is None else float(level[0])
    return deff_from_margin_of_error(moe[0], n, confidence_level=cl), n, cl, moe


def _margin_deff(report: Any, design: Any) -> tuple[float, str] | None:
    """The deff a published margin implies, at the upper end of its rounding range."""
    found = _margin_range(report, design)
    if found is None:
        return None
    r, n, cl, moe = found
    source = (
        f"derived from the published margin of error +/-{moe[0]} points at n = {n} "
        f"({cl:g} level, p = 50%; {moe[1]}): the upper end {r.high:.3f} of the range "
        f"{r.low:.3f}-{r.high:.3f} its rounding allows (Kish 1965, section 8.2)"
    )
    return float(r.high), source


def published_deff_range(design: Any, report: Any) -> tuple[float, float] | None:
    """The design effects the report's published facts allow, or None if they allow any.

    A published deff is itself; a published margin of error gives the range
    its rounding allows at the published n (Kish 1965, section 8.2;
    :func:`migstats.deff_from_margin_of_error`).  The audit's robustness
    grid then spans this range instead of the default grid (a published
    fact beats a default).

    Examples
    --------
    >>> from migstats import LISS_2023, load_report
    >>> published_deff_range(LISS_2023, load_report()) is None
    True
    >>> pew = load_report("pew-inequality-2020")
    >>> [round(d, 2) for d in published_deff_range(pew.design, pew)]
    [1.72, 1.95]
    """
    fact = _fact(report, "deff")
    if fact is not None:
        return float(fact[0]), float(fact[0])
    found = _margin_range(report, design)
    return None if found is None else (float(found[0].low), float(found[0].high))


def _resolve_deff(design: Any, report: Any, deff: Any) -> tuple[float, str, str]:
    if deff is not None:
        return float(check_deff(deff, "deff")), "assumed", _CALLER.format(f"deff={deff!r}")
    fact = _fact(report, "deff")
    if fact is not None:
        return float(fact[0]), "published", fact[1]
    derived = _margin_deff(report, design)
    if derived is not None:
        return derived[0], "derived", derived[1]
    kind, source = design_origin(design, "deff")
    default = WEIGHTED_DEFAULT_DEFF if design.weighted else 1.0
    if kind != "assumed" or design.deff >= default:
        return float(design.deff), kind, source
    return (
        default,
        "assumed",
        (
            f"project convention: {default:g} for "
            f"{'weighted' if design.weighted else 'unweighted'} data where no deff is "
            f"published (the design's assumed {design.deff:.3g} is below it)"
        ),
    )


@dataclasses.dataclass(frozen=True)
class Headline:
    """The headline's design values with their origins (built by :func:`resolve_headline`).

    Attributes
    ----------
    n, deff : float
        The total sample size and overall design effect of the headline.
    design : SampleDesign
        The design whose group sizes and group design effects the audit
        uses (the given design with the group inflation rule applied where
        it applies).
    group_inflation : str
        The rule applied (``"none"`` where none was needed).
    rows : tuple of tuple
        ``(quantity, value, source_kind, source)`` per design value.
    """

    n: float
    deff: float
    design: Any
    group_inflation: str
    rows: tuple[tuple[str, str, str, str], ...]

    def frame(self) -> pd.DataFrame:
        """The design values as a tidy frame (:data:`DESIGN_VALUE_COLUMNS`)."""
        return pd.DataFrame(list(self.rows), columns=list(DESIGN_VALUE_COLUMNS))


def _describe(series_by_dim: Mapping[str, pd.Series], digits: int) -> str:
    return "; ".join(
        f"{d}: " + ", ".join(f"{g} {round(float(v), digits):g}" for g, v in s.items())
        for d, s in series_by_dim.items()
    )


def _group_rows(head_design: Any, design: Any, n: float, deff: float, rule: str) -> list:
    """Rows for the groups' sizes and design effects at the headline point."""
    dims = [d for d in design.shares if len(design.shares[d]) > 1]
    if not dims:
        return []
    sizes = {d: head_design.group_sizes(d, int(n)) for d in dims}
    deffs = {d: head_design.group_deffs(d, deff) for d in dims}
    if rule in _INFLATION_SOURCE:
        kinds = ("derived" if rule == "bound" else "assumed", _INFLATION_SOURCE[rule])
        size_origin = kinds if rule == "scenario" else design_origin(design, "group_n")
        return [
            ("group_n", _describe(sizes, 0), *size_origin),
            ("group_deff", _describe(deffs, 3), *kinds),
        ]
    return [
        ("group_n", _describe(sizes, 0), *design_origin(design, "group_n")),
        ("group_deff", _describe(deffs, 3), *design_origin(design, "group_deff")),
    ]


def resolve_headline(
    design: Any,
    report: Any = None,
    n: Any = None,
    deff: Any = None,
    group_inflation: str = DEFAULT_GROUP_INFLATION,
) -> Headline:
    """The headline's n, deff and group design, value by value, with their origins.

    Parameters
    ----------
    design : SampleDesign
        The report's (or the caller's) design.
    report : Report, optional
        Its published design facts (``designFacts``: n, deff, margin of
        error and its confidence level) take precedence over the design's
        assumptions.
    n, deff : optional
        Explicit values of the caller: they win.
    group_inflation : {"scenario", "bound", "none"}
        How a group's variance allows for its possible under-representation
        when the overall deff is published, derived or given but a
        dimension has no published group sizes or group design effects
        (:data:`migstats._corpus.GROUP_INFLATION_RULES`).  Not applied to
        an assumed default deff (2 for weighted data already exceeds the
        group design effects the calibration measured).

    Returns
    -------
    Headline

    Raises
    ------
    MigstatsValueError
        For a bad ``n``, ``deff`` or ``group_inflation``.

    Notes
    -----
    Order per value: explicit > published > derived > default.  A margin
    of error gives ``deff = (moe / (100 z sqrt(0.25 / n)))^2`` (Kish 1965,
    section 8.2), taken at the upper end of the range the margin's rounding
    allows (:func:`migstats.deff_from_margin_of_error`).  The default n is
    the lower end of the plausible range (project convention).

    References
    ----------
    .. [1] Kish, L. (1965). *Survey Sampling*. Wiley, sections 8.2 and 11.7.

    Examples
    --------
    >>> import migstats
    >>> h = resolve_headline(migstats.LISS_2023)
    >>> h.n, h.deff, h.group_inflation
    (1500, 2.0, 'none')
    >>> h = resolve_headline(migstats.LISS_2023, n=2900, deff=1.5)
    >>> h.n, h.deff, h.group_inflation
    (2900, 1.5, 'scenario')
    >>> h.frame().set_index("quantity").loc["deff", "source_kind"]
    'assumed'
    """
    if group_inflation not in GROUP_INFLATION_RULES:
        raise invalid_value("group_inflation", GROUP_INFLATION_RULES, group_inflation)
    n_v, n_kind, n_src = _resolve_n(design, report, n)
    d_v, d_kind, d_src = _resolve_deff(design, report, deff)
    default_deff = deff is None and d_kind == "assumed"
    rule = "none" if default_deff else group_inflation
    head_design = inflated_design(design, rule, d_v)
    if head_design is design:
        rule = "none"
    rows = [
        ("n", f"{n_v}", n_kind, n_src),
        ("deff", f"{d_v:.4g}", d_kind, d_src),
        *_group_rows(head_design, design, n_v, d_v, rule),
    ]
    return Headline(n_v, d_v, head_design, rule, tuple(rows))
