"""Speed paths of the audit: the core's vectorised functions, called over the grid.

The audit evaluates every claim at many (n, deff) points and re-adjusts the
family of p-values at each of them.  The functions here call the core's
vectorised computation each names over arrays of sample sizes at once, or
skip work that cannot change a verdict.  Each says
which function it mirrors; ``tests/test_audit.py::TestFastPaths`` checks that
it agrees with that function.  Nothing else in the audit re-implements a
core computation.
"""

from __future__ import annotations

import contextlib
import gc
import math
from collections.abc import Iterable, Iterator

import numpy as np

#: Corrections whose adjusted p-values lie between p and m * p (m tests), so
#: that a verdict can often be decided without recomputing the family.
#: (Names of :data:`migstats.CORRECTIONS` and their statsmodels spellings.)
BOUNDED_CORRECTIONS = frozenset(
    {"holm", "bonferroni", "sidak", "holm-sidak", "simes-hochberg", "hommel", "fdr_bh", "none"}
)


def score_z(pct: float, n_eff: np.ndarray, bound: float) -> np.ndarray:
    """One-sample score statistic of a share (percent) against ``bound`` (percent).

    Mirrors statsmodels ``proportions_ztest(count, nobs, value=p0,
    prop_var=p0)``: ``z = (p - p0) / sqrt(p0 (1 - p0) / n_eff)``, whose
    interval is Wilson's.  Written out because statsmodels reads an array of
    counts as several samples, and here one share is evaluated at many
    sample sizes at once.
    """
    p, p0 = pct / 100.0, bound / 100.0
    return (p - p0) / np.sqrt(p0 * (1.0 - p0) / n_eff)


def score_diff_z(
    ka: np.ndarray, na: np.ndarray, kb: np.ndarray, nb: np.ndarray, deff: np.ndarray
) -> np.ndarray:
    """Two-sample score statistic of ``ka/na - kb/nb`` under a design effect.

    Is :func:`migstats.compare`'s statistic (``method="score"``): the core's
    vectorised Miettinen-Nurminen score statistic
    (``migstats._core.score_statistic``, ``correction=True``) on the effective
    counts ``k / deff`` and sizes ``n / deff`` (Kish 1965), called directly
    because the audit needs only the statistic, at many sample sizes at once.
    NaN where :func:`migstats.compare` refuses the sizes.
    """
    from .._core import score_statistic

    ka, na, kb, nb, deff = np.broadcast_arrays(
        *(np.asarray(x, float) for x in (ka, na, kb, nb, deff))
    )
    zero = np.zeros(ka.shape)
    with np.errstate(divide="ignore", invalid="ignore"):  # effective total <= 1: NaN below
        z = score_statistic(ka / deff, na / deff, kb / deff, nb / deff, zero, correction=True)
    # compare() refuses an effective total (na + nb) / deff of at most 1 (the
    # factor N / (N - 1) is undefined); here it is NaN, which the engine refuses
    return np.where((na + nb) / deff > 1.0, z, np.nan)


def paired_se(
    p1: np.ndarray, p2: np.ndarray, n: np.ndarray, deff: np.ndarray, scenario: str
) -> np.ndarray:
    """Standard error of ``p1 - p2``, two shares of the same ``n`` respondents.

    Mirrors :func:`migstats.paired_difference` (called over the grid at
    once): for the scenarios that take the correlation from the published
    numbers (``"positive_quadrant"``, ``"margins"``) its largest standard
    error the two shares allow (the Fréchet lower bound on the share
    answering yes to both); ``"independent"``: ``hypot(se1, se2)``, the same
    variance with the joint share ``p1 p2``; ``"worst_case"``: ``se1 + se2`` (correlation -1,
    which the margins allow only when ``p1 + p2 = 1``).
    """
    if scenario not in ("independent", "worst_case"):
        from .._core import paired_difference

        return np.asarray(paired_difference(p1, p2, n, deff=deff).standard_error, float)
    se1 = np.sqrt(p1 * (1 - p1) * deff / n)
    se2 = np.sqrt(p2 * (1 - p2) * deff / n)
    return se1 + se2 if scenario == "worst_case" else np.hypot(se1, se2)


#: Rounding intervals of published numbers already computed, by ``(value,
#: decimals, rounding)`` (:func:`cached_rounding_interval`); emptied when it
#: reaches :data:`MAX_CACHED_INTERVALS` entries (project convention: far more
#: than the distinct numbers of a few reports).
_INTERVALS: dict[tuple[float, int, str], tuple[float, float]] = {}
MAX_CACHED_INTERVALS = 65_536


def cached_rounding_interval(value: float, decimals: int, rounding: str) -> tuple[float, float]:
    """Rounding interval of one published number (cached: called often).

    Mirrors :func:`migstats.rounding_interval` (called once per distinct
    argument triple, or filled in advance by :func:`warm_rounding_intervals`).
    """
    found = _INTERVALS.get((value, decimals, rounding))
    if found is None:
        from .._core import rounding_interval

        iv = rounding_interval(round(value, decimals), decimals=decimals, rounding=rounding)
        found = _store_interval(value, decimals, rounding, iv.low, iv.high)
    return found


def warm_rounding_intervals(values: Iterable[float], decimals: int, rounding: str) -> None:
    """Put the rounding intervals of ``values`` into the cache in one vectorised call.

    :func:`migstats.rounding_interval` of an array gives each element the
    interval it has alone (tested), at a fraction of the cost of one call per
    number; values already cached, and those that are not finite numbers
    (left to :func:`cached_rounding_interval`, which raises for them), are
    passed over.
    """
    from .._core import rounding_interval

    todo = [
        v
        for v in dict.fromkeys(map(float, values))
        if math.isfinite(v) and (v, decimals, rounding) not in _INTERVALS
    ]
    if not todo:
        return
    iv = rounding_interval(
        np.array([round(v, decimals) for v in todo]), decimals=decimals, rounding=rounding
    )
    for v, low, high in zip(todo, np.ravel(iv.low), np.ravel(iv.high), strict=True):
        _store_interval(v, decimals, rounding, low, high)


def _store_interval(value: float, decimals: int, rounding: str, low, high) -> tuple[float, float]:
    if len(_INTERVALS) >= MAX_CACHED_INTERVALS:
        _INTERVALS.clear()
    found = _INTERVALS[(value, decimals, rounding)] = (float(low), float(high))
    return found


def adjust(p: np.ndarray, correction: str, axis: int | None = None) -> np.ndarray:
    """:func:`migstats.adjust_pvalues` over the finite entries of ``p`` (NaN stays NaN).

    ``axis``: as in :func:`migstats.adjust_pvalues` (``0``: each column of
    a table (claims x points) a family).
    """
    from .._core import adjust_pvalues

    p = np.asarray(p, dtype=float)
    ok = np.isfinite(p)
    if not ok.any():
        return np.full(p.shape, np.nan)
    return np.asarray(adjust_pvalues(np.where(ok, p, np.nan), method=correction, axis=axis))


def adjust_for_verdicts(p: np.ndarray, correction: str, alpha: float) -> np.ndarray:
    """Adjusted p-values, exact where they matter for the verdict; each column a family.

    ``p``: one family (1-d) or one per column (claims x points).  Mirrors
    :func:`migstats.adjust_pvalues` as far as the verdict at ``alpha``
    goes: for the corrections of :data:`BOUNDED_CORRECTIONS` the adjusted
    value lies in ``[p, m p]``; a family in which that alone places every
    p-value on one side of ``alpha`` is not re-adjusted and the bound is
    returned (``p`` if ``p >= alpha``, ``m p`` if ``m p < alpha``); the
    other families are adjusted together.
    """
    p = np.asarray(p, dtype=float)
    if p.size == 0:
        return p.copy()
    cols = p.reshape(p.shape[0], -1)
    m = np.isfinite(cols).sum(axis=0)
    out = np.full(cols.shape, np.nan)
    todo = np.ones(cols.shape[1], dtype=bool)
    if correction in BOUNDED_CORRECTIONS:
        with np.errstate(invalid="ignore"):
            decided = ~np.isfinite(cols) | (cols >= alpha) | (m * cols < alpha)
        todo = ~decided.all(axis=0)
        out[:, ~todo] = np.where(cols >= alpha, cols, m * cols)[:, ~todo]
    if todo.any():
        out[:, todo] = adjust(cols[:, todo], correction, axis=0)
    return out.reshape(p.shape)


def adjusted_each(
    pv: np.ndarray, idx: np.ndarray, p_new: np.ndarray, correction: str, alpha: float
) -> np.ndarray:
    """Adjusted p-value of claim ``idx[k]`` if its raw p-value were ``p_new[k]``, for every k.

    Each ``k`` is the family ``pv`` with that one p-value replaced; the
    families that need it are adjusted together (one column each).  Mirrors
    :func:`migstats.adjust_pvalues` as far as the verdict at ``alpha`` goes:
    a family is adjusted only when the bounds ``p <= p_adj <= m p`` leave
    the side of ``alpha`` open (``m``: the finite p-values of ``pv``).
    """
    idx = np.asarray(idx, dtype=int)
    p_new = np.asarray(p_new, dtype=float)
    m = int(np.isfinite(pv).sum())
    with np.errstate(invalid="ignore"):
        above = p_new >= alpha
        quick = above | ((m * p_new < alpha) & (correction in BOUNDED_CORRECTIONS))
    out = np.where(above, p_new, m * p_new)
    todo = np.flatnonzero(~quick)
    if todo.size:
        cols = np.repeat(np.asarray(pv, dtype=float)[:, None], todo.size, axis=1)
        k = np.arange(todo.size)
        cols[idx[todo], k] = p_new[todo]
        out[todo] = adjust(cols, correction, axis=0)[idx[todo], k]
    return out


@contextlib.contextmanager
def cheap_collections() -> Iterator[None]:
    """Make explicit ``gc.collect()`` calls cheap for the duration.

    statsmodels' ``multipletests`` (behind :func:`migstats.adjust_pvalues`
    for every correction but Holm, which migstats computes itself) calls
    ``gc.collect()`` on every adjustment, which costs about 0.1 s with numpy,
    scipy and pandas loaded; the audit adjusts the family once per (n, deff)
    point.  ``gc.freeze()`` moves the existing objects to the
    permanent generation so that those collections only scan new objects;
    ``gc.unfreeze()`` puts them back afterwards.  Results are unaffected.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
