"""The decision rule of the audit: from test statistics to verdict words and reasons.

This module owns :class:`Evidence` (one evaluation of a claim, arrays over
(n, deff) points), the p-values of the three-decision rule (Shaffer 1980) and
of two one-sided tests (Schuirmann 1987), the intersection-union combination
of conditions that must all hold (Berger 1982), the verdict words (those of
:data:`migstats._base.CLAIM_VERDICTS`, never spelled out here), the summary
of a verdict across the robustness grid and the formatting of numbers in
reasons.  Normal tails come from ``scipy.special.ndtr`` (vectorised).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from .._base import CLAIM_VERDICTS, broadcast_as, stack_rows


def ndtr(x: Any) -> Any:
    """``scipy.special.ndtr``, imported at the first call (keeps ``import migstats`` light)."""
    from scipy.special import ndtr as _ndtr

    return _ndtr(x)


#: The verdict words of a claim, named (from :data:`CLAIM_VERDICTS`).
SUPPORTED, DEPENDS_ON_N, NOT_SUPPORTED, CONTRADICTED, INCONSISTENT, UNTESTABLE = CLAIM_VERDICTS


class Evidence(NamedTuple):
    """One evaluation of a claim; fields are arrays over (n, deff) points."""

    estimand: str
    estimate: Any
    ci_low: Any
    ci_high: Any
    confidence_level: Any
    pvalue_support: Any
    pvalue_contradict: Any
    z: Any  # support statistic: larger = more evidence for the claim
    detail: str


def directional(z: Any) -> tuple[np.ndarray, np.ndarray]:
    """Three-decision rule: p-values for 'claimed direction' and 'opposite'.

    Each is twice the one-sided normal tail, i.e. a two-sided test at level
    alpha whose sign decides the direction (Shaffer 1980).
    """
    z = np.asarray(z, dtype=float)
    return np.minimum(1.0, 2.0 * ndtr(-z)), np.minimum(1.0, 2.0 * ndtr(z))


def within(z_lo: Any, z_hi: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two one-sided tests (Schuirmann 1987) from the z statistics of both bounds.

    ``z_lo`` tests "above the lower bound", ``z_hi`` "below the upper
    bound".  Returns ``(pvalue_support, pvalue_contradict, z)``: the TOST p-value (the
    larger one-sided p), the p-value for "outside the range" (the smaller
    opposite one-sided p, doubled: Bonferroni over the two sides) and the
    binding z.
    """
    z_lo, z_hi = np.asarray(z_lo, dtype=float), np.asarray(z_hi, dtype=float)
    pvalue_support = np.maximum(ndtr(-z_lo), ndtr(-z_hi))
    p_contra = np.minimum(1.0, 2.0 * np.minimum(ndtr(z_lo), ndtr(z_hi)))
    return pvalue_support, p_contra, np.minimum(z_lo, z_hi)


#: An estimate without sampling variance (every group at 0% or 100%) this
#: close to 0 is 0: the floating-point remainder of a sum whose exact value is
#: 0, e.g. the slope index of a profile at 100% in every group (-2.2e-14);
#: any other such estimate is a sum of the slope index's coefficients, many
#: orders larger (project convention).
ZERO_ESTIMATE = 1e-9


def safe_z(est: Any, se: Any) -> np.ndarray:
    """est / se, with +/-inf (or 0 for est == 0, within :data:`ZERO_ESTIMATE`) where se == 0."""
    est, se = np.broadcast_arrays(np.asarray(est, float), np.asarray(se, float))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, est / np.where(se > 0, se, 1.0), np.sign(est) * np.inf)
    z = np.where((se == 0) & (np.abs(est) <= ZERO_ESTIMATE), 0.0, z)
    return np.where(np.isnan(z), 0.0, z)


def worst_pvalues(printed: tuple, at_support: tuple, at_contradict: tuple) -> tuple:
    """A monotone component's ``(support, contradict)`` p-values over the rounding box.

    Each is the larger of its value at the printed numbers and at its own
    least favourable corner (``fmax``: a NaN of one side leaves the other).
    The arguments are ``(support, contradict)`` pairs of arrays.
    """
    return np.fmax(printed[0], at_support[0]), np.fmax(printed[1], at_contradict[1])


def union_pvalues(ps: np.ndarray, pc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Intersection-union p-values of components stacked on the first axis.

    Support needs every component: the largest support p-value (Berger
    1982); contradiction needs one: Bonferroni over the smallest (as
    :func:`intersection_union`).
    """
    return ps.max(axis=0), np.minimum(1.0, len(ps) * pc.min(axis=0))


def intersection_union(tests: Sequence[Evidence]) -> Evidence:
    """Combine components that must all hold (intersection-union test).

    Support needs every component: p = the largest pvalue_support (Berger 1982).
    Contradiction needs one component to fail: Bonferroni over the
    components.  Estimate and interval are those of the binding (least
    supported) component.  Components with the same ``detail`` (the two
    sides of one range test) count as one condition in the reason.
    """
    if len(tests) == 1:
        return tests[0]
    ps = stack_rows([broadcast_as(t.pvalue_support, np.shape(tests[0].z)) for t in tests])
    pc = stack_rows([broadcast_as(t.pvalue_contradict, ps.shape[1:]) for t in tests])
    zs = stack_rows([broadcast_as(t.z, ps.shape[1:]) for t in tests])
    i = np.argmax(ps, axis=0)

    def pick(field: str) -> np.ndarray:
        vals = stack_rows([broadcast_as(getattr(t, field), ps.shape[1:], float) for t in tests])
        return np.take_along_axis(vals, i[None], axis=0)[0]

    first = int(i.ravel()[0])
    conditions = len({t.detail for t in tests})
    suffix = (
        f" (the least supported of {conditions} conditions that must all hold)"
        if conditions > 1
        else ""
    )
    return Evidence(
        tests[first].estimand,
        pick("estimate"),
        pick("ci_low"),
        pick("ci_high"),
        pick("confidence_level"),
        *union_pvalues(ps, pc),
        zs.min(axis=0),
        tests[first].detail + suffix,
    )


def fmt(x: Any, digits: int = 1) -> str:
    """The first element of ``x`` with ``digits`` decimals (for reasons)."""
    return f"{float(np.ravel(x)[0]):.{digits}f}"


def range_text(q: Any) -> str:
    """A quantifier's range with its ends' inclusivity, e.g. ``[1.75, 2)`` (for reasons)."""
    left = "[" if q.low_inclusive else "("
    right = "]" if q.high_inclusive else ")"
    return f"{left}{q.low:g}, {q.high:g}{right}"


def pfmt(p: float) -> str:
    """'p = 0.021' or 'p < 0.0001'."""
    if not np.isfinite(p):
        return "p = nan"
    return f"p = {p:.2g}" if p >= 1e-4 else "p < 0.0001"


def verdict_words(
    p_adj: Any, pvalue_support: Any, pvalue_contradict: Any, alpha: float
) -> np.ndarray:
    """The three-decision rule's verdict at one point: significant at ``alpha`` in which direction.

    ``supported`` / ``contradicted`` if ``p_adj < alpha`` and the support /
    contradiction p-value is the smaller, ``not supported`` (at this point)
    otherwise; a NaN p-value gives ``untestable`` (NaN never becomes a
    verdict).  :func:`headline_word` turns a point's ``not supported`` into
    ``depends on n`` when the claim is supported elsewhere in the plausible
    range.
    """
    p_adj, pvalue_support, pvalue_contradict = np.broadcast_arrays(
        np.asarray(p_adj, float),
        np.asarray(pvalue_support, float),
        np.asarray(pvalue_contradict, float),
    )
    sig = np.isfinite(p_adj) & (p_adj < alpha)
    words = np.where(
        sig,
        np.where(pvalue_support <= pvalue_contradict, SUPPORTED, CONTRADICTED),
        NOT_SUPPORTED,
    )
    # a missing p-value is no evidence either way: untestable, never "not supported"
    return np.where(np.isnan(p_adj), UNTESTABLE, words)


def summarise_range(V: np.ndarray, n_grid: Sequence[float], deffs: Sequence[float]) -> str:
    """The verdicts ``V`` (deff x n) across the robustness grid, in words."""
    uniq = set(V.ravel().tolist())
    if uniq == {SUPPORTED}:
        return f"{SUPPORTED} at every plausible n and deff"
    if uniq == {CONTRADICTED}:
        return f"{CONTRADICTED} at every plausible n and deff"
    if uniq == {NOT_SUPPORTED}:
        return f"{NOT_SUPPORTED} at any plausible n and deff"
    parts = []
    for d, row in zip(deffs, V, strict=True):
        row = list(row)
        if len(set(row)) == 1:
            parts.append(f"{row[0]} at every plausible n at deff {d:.3g}")
            continue
        target = SUPPORTED if SUPPORTED in row else CONTRADICTED
        first = row.index(target)
        if all(v == target for v in row[first:]):
            parts.append(f"{target} from n >= {int(n_grid[first]):,} at deff {d:.3g}")
        else:
            ns = ", ".join(f"{int(x):,}" for x, v in zip(n_grid, row, strict=True) if v == target)
            parts.append(f"{target} at n = {ns} at deff {d:.3g}")
    return "depends on n and deff: " + "; ".join(parts)


#: The three readings of a claim's verdicts across the robustness grid
#: (the ``robustness`` column of :func:`migstats.audit`).
ROBUSTNESS = (
    f"{SUPPORTED} at every plausible n and deff",
    "depends on n or deff",
    f"not {SUPPORTED} at any plausible n and deff",
)


def robustness(V: np.ndarray) -> str:
    """Three-way reading of the verdicts ``V`` (deff x n): always, sometimes or never supported."""
    supported = np.asarray(V) == SUPPORTED
    if supported.all():
        return ROBUSTNESS[0]
    return ROBUSTNESS[1] if supported.any() else ROBUSTNESS[2]


def headline_word(point_word: str, robust: str) -> str:
    """A claim's verdict word from its verdict at one point and its ``robustness``.

    A claim significant at the point keeps ``supported`` / ``contradicted``.
    One not supported at the point ``depends on n`` when it is supported
    somewhere on the robustness grid (plausible n x design effects:
    ``robust`` is not ``ROBUSTNESS[2]``), and is ``not supported`` when it is
    supported nowhere on it.  With a published n the grid holds that n alone,
    so ``depends on n`` then means that the verdict turns on the design
    effect (the reason says at which).  The grid's verdicts are adjusted for
    multiplicity like the headline's (docs/methods.md, section 6).

    Examples
    --------
    >>> headline_word("not supported", ROBUSTNESS[1])
    'depends on n'
    >>> headline_word("not supported", ROBUSTNESS[2])
    'not supported'
    >>> headline_word("contradicted", ROBUSTNESS[1])
    'contradicted'
    """
    if point_word == NOT_SUPPORTED and robust != ROBUSTNESS[2]:
        return DEPENDS_ON_N
    return point_word


def breakeven_clause(word: str, breakeven_n: float, n_range: Sequence[int], deff: float) -> str:
    """What a reason says about the break-even n of a claim not supported at its point.

    For ``depends on n`` and ``not supported``: the smallest n at which the
    claim alone (unadjusted for the other claims) would be supported at
    design effect ``deff``, and where it lies against the plausible range
    ``n_range`` (or the published n), or that no n up to the search limit
    suffices.  Empty for the other words.

    Examples
    --------
    >>> print(breakeven_clause("depends on n", 2400.0, (1500, 5480), 2.0))
    alone it would be supported from n = 2,400 at deff 2 (within 1,500-5,480)
    >>> print(breakeven_clause("not supported", float("inf"), (1500, 5480), 2.0))
    alone it would be supported at no n at deff 2
    """
    if word not in (DEPENDS_ON_N, NOT_SUPPORTED) or np.isnan(breakeven_n):
        return ""
    if not np.isfinite(breakeven_n):
        return f"alone it would be supported at no n at deff {deff:.3g}"
    lo, hi = (int(v) for v in n_range)
    if lo == hi:
        where = f"published n {lo:,}"
    else:
        side = "below" if breakeven_n < lo else ("within" if breakeven_n <= hi else "above")
        where = f"{side} {lo:,}-{hi:,}"
    return f"alone it would be supported from n = {int(breakeven_n):,} at deff {deff:.3g} ({where})"


def hedge_clause(hedge: str) -> str:
    """What a reason adds for a claim the text hedges ("lijkt", "mogelijk"); empty if none.

    Examples
    --------
    >>> hedge_clause("lijkt")
    " (the text hedges the claim: 'lijkt')"
    >>> hedge_clause("")
    ''
    """
    return f" (the text hedges the claim: {hedge!r})" if hedge else ""


def assumption_clause(assumptions: Sequence[str]) -> str:
    """What a reason adds for the assumptions a claim's test makes (e.g. equal shares).

    Examples
    --------
    >>> assumption_clause(["age class sizes unknown: equal shares assumed"])
    '; assumed: age class sizes unknown: equal shares assumed'
    >>> assumption_clause([])
    ''
    """
    unique = list(dict.fromkeys(a for a in assumptions if a))
    return "; assumed: " + "; ".join(unique) if unique else ""
