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

from .._base import CLAIM_VERDICTS


def ndtr(x: Any) -> Any:
    """``scipy.special.ndtr``, imported at the first call (keeps ``import migstats`` light)."""
    from scipy.special import ndtr as _ndtr

    return _ndtr(x)


#: The verdict words of a claim, named (from :data:`CLAIM_VERDICTS`).
SUPPORTED, NOT_SIGNIFICANT, CONTRADICTED, INCONSISTENT, UNTESTABLE = CLAIM_VERDICTS


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


def safe_z(est: Any, se: Any) -> np.ndarray:
    """est / se, with +/-inf (or 0 for est == 0) where se == 0."""
    est, se = np.broadcast_arrays(np.asarray(est, float), np.asarray(se, float))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, est / np.where(se > 0, se, 1.0), np.sign(est) * np.inf)
    return np.where(np.isnan(z), 0.0, z)


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
    m = len(tests)
    ps = np.stack([np.broadcast_to(t.pvalue_support, np.shape(tests[0].z)) for t in tests])
    pc = np.stack([np.broadcast_to(t.pvalue_contradict, ps.shape[1:]) for t in tests])
    zs = np.stack([np.broadcast_to(t.z, ps.shape[1:]) for t in tests])
    i = np.argmax(ps, axis=0)

    def pick(field: str) -> np.ndarray:
        vals = np.stack(
            [np.broadcast_to(np.asarray(getattr(t, field), float), ps.shape[1:]) for t in tests]
        )
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
        ps.max(axis=0),
        np.minimum(1.0, m * pc.min(axis=0)),
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
    """The three-decision rule's verdict: significant at ``alpha`` in which direction.

    ``supported`` / ``contradicted`` if ``p_adj < alpha`` and the support /
    contradiction p-value is the smaller, ``not significant`` otherwise; a
    NaN p-value gives ``untestable`` (NaN never becomes a verdict).
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
        NOT_SIGNIFICANT,
    )
    # a missing p-value is no evidence either way: untestable, never "not significant"
    return np.where(np.isnan(p_adj), UNTESTABLE, words)


def summarise_range(V: np.ndarray, n_grid: Sequence[float], deffs: Sequence[float]) -> str:
    """The verdicts ``V`` (deff x n) across the robustness grid, in words."""
    uniq = set(V.ravel().tolist())
    if uniq == {SUPPORTED}:
        return f"{SUPPORTED} at every plausible n and deff"
    if uniq == {CONTRADICTED}:
        return f"{CONTRADICTED} at every plausible n and deff"
    if uniq == {NOT_SIGNIFICANT}:
        return f"{NOT_SIGNIFICANT} at any plausible n and deff"
    parts = []
    for d, row in zip(deffs, V, strict=True):
        row = list(row)
        if len(set(row)) == 1:
            parts.append(f"{row[0]} at every plausible n at deff {d:g}")
            continue
        target = SUPPORTED if SUPPORTED in row else CONTRADICTED
        first = row.index(target)
        if all(v == target for v in row[first:]):
            parts.append(f"{target} from n >= {int(n_grid[first]):,} at deff {d:g}")
        else:
            ns = ", ".join(f"{int(x):,}" for x, v in zip(n_grid, row, strict=True) if v == target)
            parts.append(f"{target} at n = {ns} at deff {d:g}")
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
