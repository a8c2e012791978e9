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

from .._base import check_in_unit_interval, check_numeric, check_option

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


def _holm(p: np.ndarray) -> np.ndarray:
    """Holm (1979) step-down adjusted p-values of a 1-d array."""
    m = p.size
    order = np.argsort(p, kind="stable")
    stepped = np.maximum.accumulate(p[order] * np.arange(m, 0, -1))
    out = np.empty(m)
    out[order] = np.minimum(stepped, 1.0)
    return out


def adjust_pvalues(p: Any, *, method: str = "holm") -> Any:
    """Adjust p-values for multiple testing (R ``p.adjust``).

    Parameters
    ----------
    p : array_like
        p-values in [0, 1], any shape (one family); NaN marks a missing
        test.
    method : str, optional
        ``"holm"`` (default), ``"hochberg"``, ``"hommel"``, ``"bonferroni"``,
        ``"fdr_bh"`` (alias ``"BH"``, ``"fdr"``), ``"fdr_by"`` (alias
        ``"BY"``) or ``"none"``.  Names must match exactly.

    Returns
    -------
    ndarray or pandas.Series
        Adjusted p-values of the same shape (a Series with the same index for
        Series input).

    Raises
    ------
    MigstatsValueError
        If a p-value is outside [0, 1] or infinite, or ``method`` is unknown.

    Notes
    -----
    Wraps ``statsmodels.stats.multitest.multipletests`` (statsmodels names
    ``simes-hochberg``, ``hommel``, ``bonferroni``, ``fdr_bh``, ``fdr_by``).
    Holm's step-down adjustment, ``min(1, cummax((m - i + 1) p_(i)))``, is
    written out because statsmodels 0.15 runs a full ``gc.collect()`` on
    every Holm call (tens of milliseconds in a large process), which the
    audit, calling it per claim, cannot afford; the tests check both against
    the definition.  The results equal R ``p.adjust`` with ``"holm"``,
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
    out = arr.copy()
    if method == "holm" and present.any():
        out[present] = _holm(arr[present])
    elif method != "none" and present.any():
        from statsmodels.stats.multitest import multipletests

        out[present] = multipletests(arr[present], method=_STATSMODELS_CORRECTION[method])[1]
    if isinstance(p, pd.Series):
        return pd.Series(out, index=p.index, name=p.name)
    return out
