"""Break-even n of a family of claims, alone and after the correction, on one refined n grid.

This module owns :func:`family_breakeven`: for every tested claim the
smallest total n from which it is supported for good -- alone (its own
support p-value below alpha) and after the report's multiplicity correction
(the whole family's p-values recomputed at that n and adjusted together).
Both use the very p-values of the audit (:func:`~.outcome.aware`: the same
rounding box, the same test), evaluated for all claims at once on one
geometric grid of n, refined inside every claim's bracket down to whole n.
"""

from __future__ import annotations

import math

import numpy as np

from .decide import SUPPORTED, verdict_words
from .fast import adjust_for_verdicts
from .outcome import aware
from .settings import BREAKEVEN_N_MAX, AuditSettings

#: Points of the first geometric grid of n (project convention: brackets of
#: about 25% of n, refined below).
GRID_POINTS = 64

#: Points added inside each bracket per refinement (project convention: each
#: refinement narrows a bracket ninefold; about five reach whole n).
REFINE_POINTS = 8

#: Smallest total n searched (a survey of one respondent has no test).
N_FLOOR = 2


def _smallest_n(prep) -> int:
    """Smallest whole n with at least one respondent in each of the claim's groups."""
    return math.ceil(max(float(N_FLOOR), *(float(np.max(1.0 / p.n_frac)) for p in prep.profiles)))


def _supported(preps, corners, floors, ns: np.ndarray, deff: float, s: AuditSettings):
    """``(alone, adjusted)``: bool arrays (claims x ns), supported at each n."""
    # below its floor a claim is not evaluated (its test needs a respondent per group)
    tests = [
        aware(p, c, np.maximum(ns, f), deff) for p, c, f in zip(preps, corners, floors, strict=True)
    ]
    ps = np.array([np.asarray(t.pvalue_support, float) for t in tests]).reshape(len(preps), -1)
    pc = np.array([np.asarray(t.pvalue_contradict, float) for t in tests]).reshape(len(preps), -1)
    valid = ns[None, :] >= floors[:, None]
    alone = valid & (ps < s.alpha)
    p = np.where(valid, np.minimum(ps, pc), np.nan)
    p_adj = np.column_stack([adjust_for_verdicts(col, s.correction, s.alpha) for col in p.T])
    adjusted = valid & (verdict_words(p_adj, ps, pc, s.alpha) == SUPPORTED)
    return alone, adjusted


def _brackets(ns: np.ndarray, good: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per claim: the last n where it is not supported and the next evaluated n.

    ``ns`` is sorted; a claim supported everywhere gets ``(ns[0] - 1, ns[0])``;
    one not supported at the largest n gets ``(inf, inf)``.
    """
    bad = ~good
    last = np.where(bad.any(axis=1), ns.size - 1 - np.argmax(bad[:, ::-1], axis=1), -1)
    low = np.where(last >= 0, ns[np.maximum(last, 0)], ns[0] - 1.0)
    high = np.where(last < ns.size - 1, ns[np.minimum(last + 1, ns.size - 1)], np.inf)
    return np.where(np.isfinite(high), low, np.inf), high


def family_breakeven(
    preps: list, corners: list, deff: float, s: AuditSettings
) -> tuple[np.ndarray, np.ndarray]:
    """Break-even n of every claim of ``preps``: ``(alone, adjusted)``, ``inf`` if none.

    The smallest whole total n from which, on the grid, the claim is
    supported at every larger n: alone (support p-value below alpha) and
    after the correction of the family of ``preps`` at the same n and deff
    (the verdict rule of the audit on the adjusted p-values).  Every test of
    the audit loses p-value as n grows (its statistics grow as sqrt(n) at
    fixed shares), so the unadjusted break-even n is the smallest n at
    which the claim is supported; Holm's, Hochberg's and the
    Benjamini-Hochberg adjusted p-values grow with every raw p-value, so the
    same holds after the correction.  "From which for good" guards the rest.
    """
    if not preps:
        return np.empty(0), np.empty(0)
    floors = np.array([_smallest_n(p) for p in preps], dtype=float)
    ns = np.unique(np.round(np.geomspace(N_FLOOR, BREAKEVEN_N_MAX, GRID_POINTS)))
    alone, adjusted = _supported(preps, corners, floors, ns, deff, s)
    while True:
        brackets = [_brackets(ns, g) for g in (alone, adjusted)]
        lows = np.concatenate([b[0] for b in brackets])
        highs = np.concatenate([b[1] for b in brackets])
        open_ = np.isfinite(highs)
        open_[open_] = highs[open_] - lows[open_] > 1
        if not open_.any():
            break
        new = np.unique(
            np.concatenate(
                [
                    np.round(np.linspace(lo, hi, REFINE_POINTS + 2)[1:-1])
                    for lo, hi in zip(lows[open_], highs[open_], strict=True)
                ]
            )
        )
        new = np.setdiff1d(new, ns)
        more_alone, more_adjusted = _supported(preps, corners, floors, new, deff, s)
        order = np.argsort(np.concatenate([ns, new]), kind="stable")
        ns = np.concatenate([ns, new])[order]
        alone = np.concatenate([alone, more_alone], axis=1)[:, order]
        adjusted = np.concatenate([adjusted, more_adjusted], axis=1)[:, order]
    return tuple(np.maximum(b[1], floors) for b in brackets)  # type: ignore[return-value]
