"""`adjust_pvalues`: multiple-testing adjustment of a family of p-values (R ``p.adjust``).

This module owns :func:`adjust_pvalues` and its method names
(:data:`CORRECTIONS`): Holm, Hochberg, Hommel, Bonferroni,
Benjamini-Hochberg and Benjamini-Yekutieli, as statsmodels'
``multipletests`` and R ``p.adjust`` compute them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._base import check_in_unit_interval, check_numeric, check_option, invalid_value

__all__ = ["CORRECTIONS", "adjust_pvalues"]

#: Methods of :func:`adjust_pvalues`: statsmodels names, plus R ``p.adjust``
#: aliases ``"BH"`` and ``"fdr"`` (= ``"fdr_bh"``) and ``"BY"`` (= ``"fdr_by"``).
CORRECTIONS = (
    "holm",
    "hochberg",
    "hommel",
    "bonferroni",
    "fdr_bh",
    "fdr_by",
    "BH",
    "BY",
    "fdr",
    "none",
)
_STATSMODELS_CORRECTION = {
    "holm": "holm",
    "hochberg": "simes-hochberg",
    "hommel": "hommel",
    "bonferroni": "bonferroni",
    "fdr_bh": "fdr_bh",
    "BH": "fdr_bh",
    "fdr": "fdr_bh",
    "fdr_by": "fdr_by",
    "BY": "fdr_by",
}


#: Methods :func:`adjust_pvalues` computes itself, column by column at once
#: (the others through statsmodels, one family at a time).
_WRITTEN_OUT = ("holm", "bonferroni", "fdr_bh", "BH", "fdr", "fdr_by", "BY")


def _sorted_columns(p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each column of ``p`` (tests x families) sorted, NaN last: ``(sorted, order, m, rank)``.

    ``m``: the family size of each column (its non-NaN count); ``rank``:
    1, 2, ... down the rows, as floats.
    """
    order = np.argsort(p, axis=0, kind="stable")
    ps = np.take_along_axis(p, order, axis=0)
    m = (~np.isnan(p)).sum(axis=0)
    rank = np.arange(1, p.shape[0] + 1, dtype=float)[:, None]
    return ps, order, m, rank


def _unsorted(values: np.ndarray, order: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Sorted columns put back in their tests' places (NaN where ``present`` is False)."""
    out = np.empty_like(values)
    np.put_along_axis(out, order, values, axis=0)
    return np.where(present, out, np.nan)


def _columns(p: np.ndarray, method: str) -> np.ndarray:
    """Adjusted p-values of each column of ``p`` (tests x families, NaN: no test).

    Holm (1979) as ``min(1, cummax((m - i + 1) p_(i)))``; Bonferroni,
    Benjamini-Hochberg and Benjamini-Yekutieli with statsmodels'
    ``multipletests`` operations (``p * m``; ``p_(i) / (i / m)``, for BY
    also divided by ``sum(1 / k)``, then the running minimum from the top,
    capped at 1), so that each column's numbers are statsmodels' bit for
    bit (tested); every column at once.
    """
    present = ~np.isnan(p)
    ps, order, m, rank = _sorted_columns(p)
    inside = rank <= m[None, :]  # the sorted rows that hold a p-value
    if method == "bonferroni":
        adj = ps * m.astype(float)
        return _unsorted(np.where(adj > 1, 1.0, adj), order, present)
    if method == "holm":
        stepped = np.fmax.accumulate(np.where(inside, ps * (m - rank + 1), -np.inf), axis=0)
        return _unsorted(np.minimum(stepped, 1.0), order, present)
    ecdf = rank / np.maximum(m, 1).astype(float)
    if method in ("fdr_by", "BY"):
        ecdf = ecdf / np.array([np.sum(1.0 / np.arange(1, max(k, 1) + 1)) for k in m.tolist()])
    raw = np.where(inside, ps / ecdf, np.inf)
    adj = np.minimum.accumulate(raw[::-1], axis=0)[::-1]
    return _unsorted(np.where(adj > 1, 1.0, adj), order, present)


def adjust_pvalues(p: Any, *, method: str = "holm", axis: int | None = None) -> Any:
    """Adjust p-values for multiple testing (R ``p.adjust``).

    Parameters
    ----------
    p : array_like
        p-values in [0, 1], any shape; NaN marks a missing test.
    method : str, optional
        ``"holm"`` (default), ``"hochberg"``, ``"hommel"``, ``"bonferroni"``,
        ``"fdr_bh"`` (alias ``"BH"``, ``"fdr"``), ``"fdr_by"`` (alias
        ``"BY"``) or ``"none"``.  Names must match exactly.
    axis : int, optional
        None (default): all p-values are one family.  An integer: each
        1-d slice along that axis is a family of its own (as in
        :func:`scipy.stats.false_discovery_control`), e.g. ``axis=0`` for
        the columns of a table with one test per row.

    Returns
    -------
    ndarray or pandas.Series
        Adjusted p-values of the same shape (a Series with the same index for
        Series input).

    Raises
    ------
    MigstatsValueError
        If a p-value is outside [0, 1] or infinite, ``method`` is unknown or
        ``axis`` is not an axis of ``p``.

    Notes
    -----
    Hochberg and Hommel wrap ``statsmodels.stats.multitest.multipletests``
    (statsmodels names ``simes-hochberg``, ``hommel``), one family at a
    time.  Holm's step-down adjustment, ``min(1, cummax((m - i + 1)
    p_(i)))``, Bonferroni, Benjamini-Hochberg and Benjamini-Yekutieli are
    written out, every family of ``axis`` at once: statsmodels takes one
    family per call (the audit adjusts hundreds, one per n of its searches)
    and 0.15 runs a full ``gc.collect()`` on every Holm call; they follow
    ``multipletests``' operations, and the tests check them against it bit
    for bit and against the definitions.  The results equal R ``p.adjust`` with ``"holm"``,
    ``"hochberg"``, ``"hommel"``, ``"bonferroni"``, ``"BH"``, ``"BY"``.
    Holm, Hochberg and Hommel control the family-wise error rate (Hochberg
    and Hommel under positive dependence), Benjamini-Hochberg the false
    discovery rate under positive dependence, Benjamini-Yekutieli under any
    dependence.  NaN p-values are left NaN and excluded from the family
    (the family size is the number of non-NaN values), as R ``p.adjust``
    does with its default ``n = length(p[!is.na(p)])``.

    References
    ----------
    .. [1] Holm, S. (1979). A simple sequentially rejective multiple test
       procedure. Scandinavian Journal of Statistics 6, 65-70.
    .. [2] Hochberg, Y. (1988). A sharper Bonferroni procedure for multiple
       tests of significance. Biometrika 75, 800-802.
    .. [3] Hommel, G. (1988). A stagewise rejective multiple test procedure
       based on a modified Bonferroni test. Biometrika 75, 383-386.
    .. [4] Benjamini, Y. & Hochberg, Y. (1995). Controlling the false
       discovery rate. Journal of the Royal Statistical Society B 57,
       289-300.
    .. [5] Benjamini, Y. & Yekutieli, D. (2001). The control of the false
       discovery rate in multiple testing under dependency. Annals of
       Statistics 29, 1165-1188.

    Examples
    --------
    >>> from migstats import adjust_pvalues
    >>> adjust_pvalues([0.01, 0.02, 0.03, 0.04, 0.05]).round(4)
    array([0.05, 0.08, 0.09, 0.09, 0.09])
    >>> adjust_pvalues([0.01, 0.02, float("nan"), 0.04], method="BH").round(4)
    array([0.03, 0.03,  nan, 0.04])
    """
    method = check_option(method, "method", CORRECTIONS)
    arr = check_numeric(p, "p")
    present = ~np.isnan(arr)
    check_in_unit_interval(arr[present], "p")
    is_int = isinstance(axis, int | np.integer) and not isinstance(axis, bool | np.bool_)
    if axis is not None and not (is_int and -arr.ndim <= axis < arr.ndim):
        raise invalid_value("axis", f"None or an axis of p (p has {arr.ndim})", axis)
    if arr.size == 0:  # no test: nothing to adjust
        out = arr.copy()
        return pd.Series(out, index=p.index, name=p.name) if isinstance(p, pd.Series) else out
    # families as the columns of a 2-d array (tests x families)
    moved = arr.reshape(-1, 1) if axis is None else np.moveaxis(arr, axis, 0)
    cols = moved.reshape(moved.shape[0], -1)
    if method == "none" or not present.any():
        adj = cols.copy()
    elif method in _WRITTEN_OUT:
        adj = _columns(cols, method)
    else:
        adj = np.column_stack([_statsmodels(col, method) for col in cols.T])
    out = adj.reshape(arr.shape) if axis is None else np.moveaxis(adj.reshape(moved.shape), 0, axis)
    if isinstance(p, pd.Series):
        return pd.Series(out, index=p.index, name=p.name)
    return out


def _statsmodels(p: np.ndarray, method: str) -> np.ndarray:
    """One family (a 1-d array, NaN: no test) adjusted by statsmodels' ``multipletests``."""
    from statsmodels.stats.multitest import multipletests

    out = p.copy()
    present = ~np.isnan(p)
    if present.any():
        out[present] = multipletests(p[present], method=_STATSMODELS_CORRECTION[method])[1]
    return out
