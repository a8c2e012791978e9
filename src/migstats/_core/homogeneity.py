"""`chi2_homogeneity`: the chi-square test that the proportions of g groups are equal.

This module owns :func:`chi2_homogeneity` and its result :class:`Chi2Result`:
Pearson's statistic for the g x 2 table with a first-order Rao-Scott
design-effect correction, vectorised over leading axes (one table per
candidate n).  Pairs of groups are compared by :func:`migstats.compare`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from .._base import Result, check_counts, check_deff, finish_array, invalid_value

__all__ = ["Chi2Result", "chi2_homogeneity"]


@dataclasses.dataclass(frozen=True, repr=False)
class Chi2Result(Result):
    """Result of :func:`chi2_homogeneity`.

    Attributes
    ----------
    statistic : float or ndarray
        Pearson chi-square divided by ``deff``.
    pvalue : float or ndarray
        Upper tail of chi-square with ``df`` degrees of freedom.
    df : int
        Number of groups minus one.
    deff : float or ndarray
        Design effect used.

    Notes
    -----
    No ``confidence_interval``: the omnibus hypothesis "all g proportions
    are equal" has no single estimand to put an interval on (as in scipy's
    ``chi2_contingency``).  Intervals for pairs of groups come from
    :func:`compare` or :func:`diff_ci`.
    """

    _unpack = ("statistic", "pvalue")

    statistic: Any
    pvalue: Any
    df: int
    deff: Any


def chi2_homogeneity(k: Any, n: Any, *, deff: Any = 1.0) -> Chi2Result:
    """Chi-square test that the proportions of g groups are equal.

    Parameters
    ----------
    k : array_like
        Successes per group, groups on the last axis (shape ``(..., g)``,
        ``g >= 2``); may be fractional.  Leading axes are separate tables
        (e.g. one row per candidate n).
    n : array_like
        Group sizes, broadcast against ``k``.
    deff : array_like, optional
        Design effect (default 1), a number or an array broadcastable to the
        leading shape ``k.shape[:-1]``; the statistic is divided by it.

    Returns
    -------
    Chi2Result
        ``statistic``, ``pvalue``, ``df = g - 1`` and ``deff``; unpacks as
        ``statistic, pvalue``.

    Raises
    ------
    MigstatsValueError
        On invalid counts or sizes, fewer than 2 groups, a ``deff`` that is
        not > 0, or shapes that do not broadcast.

    Notes
    -----
    Pearson's statistic for the g x 2 table, ``X2 = sum_i n_i (p_i -
    pbar)**2 / (pbar (1 - pbar))`` with ``pbar = sum k / sum n``, referred
    to chi-square with g - 1 degrees of freedom: R ``prop.test(k, n,
    correct = FALSE)`` and ``chisq.test(cbind(k, n - k), correct = FALSE)``,
    and ``scipy.stats.chi2_contingency(..., correction=False)``.  It is
    written out (rather than calling scipy) so that it vectorises over
    leading axes; the tests check it against scipy.  With a design effect
    the statistic is ``X2 / deff``, the first-order Rao-Scott correction
    with a common design effect (Rao & Scott 1981, 1984), which equals the
    Pearson statistic on the effective counts ``k / deff`` of
    ``n / deff``.  When every group has proportion 0 (or every group 1) the
    statistic is 0/0; migstats returns statistic 0 and p-value 1 (all
    observed proportions are equal), where R returns NaN.

    References
    ----------
    .. [1] Rao, J. N. K. & Scott, A. J. (1981). The analysis of categorical
       data from complex sample surveys: chi-squared tests for goodness of
       fit and independence in two-way tables. Journal of the American
       Statistical Association 76, 221-230.
    .. [2] Rao, J. N. K. & Scott, A. J. (1984). On chi-squared tests for
       multiway contingency tables with cell proportions estimated from
       survey data. Annals of Statistics 12, 46-60.
    .. [3] Fleiss, J. L., Levin, B. & Paik, M. C. (2003). Statistical Methods
       for Rates and Proportions, 3rd ed. Wiley, sec. 9.1.

    Examples
    --------
    R: ``prop.test(c(15, 25), c(50, 50), correct = FALSE)``: X-squared =
    4.1667, df = 1, p-value = 0.04123.

    >>> from migstats import chi2_homogeneity
    >>> res = chi2_homogeneity([15, 25], [50, 50])
    >>> print(f"{res.statistic:.4f} {res.df} {res.pvalue:.5f}")
    4.1667 1 0.04123
    >>> res = chi2_homogeneity([15, 25], [50, 50], deff=1.5)
    >>> print(f"{res.statistic:.4f} {res.pvalue:.4f}")
    2.7778 0.0956
    """
    from scipy import stats

    k_a, n_a, _ = check_counts(k, n, "k", "n")
    if k_a.ndim < 1 or k_a.shape[-1] < 2:
        raise invalid_value("k", "counts of at least 2 groups (groups on the last axis)", k)
    d = check_deff(deff)
    try:
        d_b = np.broadcast_to(d, k_a.shape[:-1])
    except ValueError:
        raise invalid_value(
            "deff", f"a number or an array broadcastable to shape {k_a.shape[:-1]}", deff
        ) from None
    pooled = k_a.sum(axis=-1) / n_a.sum(axis=-1)
    num = np.sum(n_a * (k_a / n_a - pooled[..., None]) ** 2, axis=-1)
    den = pooled * (1.0 - pooled)
    with np.errstate(divide="ignore", invalid="ignore"):
        x2 = np.where(den > 0, num / den, 0.0) / d_b
    df = int(k_a.shape[-1] - 1)
    pval = stats.chi2.sf(x2, df)
    return Chi2Result(
        statistic=finish_array(x2), pvalue=finish_array(pval), df=df, deff=finish_array(d_b)
    )
