"""Two items answered by the same respondents: the difference of their shares.

* :func:`paired_difference` -- ``p1 - p2`` for two yes/no items from one
  sample, with the largest standard error the two published shares allow
  (the Fréchet lower bound on the share answering yes to both), its z test
  and the Fréchet range of that joint share.

Published tables give each item's share but not the share answering yes to
both, so the covariance of the two estimates is unknown; it is bounded by
the Fréchet bounds of a 2 x 2 table with known margins, which is sharper
than adding the two standard errors (the bound for correlation -1, which the
margins rarely allow).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from .._base import (
    Result,
    check_alternative,
    check_broadcast,
    check_deff,
    check_in_unit_interval,
    check_n,
    check_numeric,
    group_sums,
    invalid_value,
)
from .bounds import Range
from .gradient_inputs import _out

__all__ = ["PairedDifference", "paired_contrast_correlation", "paired_difference"]


@dataclasses.dataclass(frozen=True, repr=False)
class PairedDifference(Result):
    """Result of :func:`paired_difference`.

    Attributes
    ----------
    estimate : float or ndarray
        ``p1 - p2``.
    standard_error : float or ndarray
        Largest standard error of ``estimate`` the margins allow (``both`` at
        its Fréchet lower bound).
    statistic : float or ndarray
        ``estimate / standard_error``.
    pvalue : float or ndarray
        p-value of the z test for ``p1 == p2`` (largest over the joint shares
        the margins allow).
    both : Range
        Fréchet range of the share answering yes to both items.
    alternative : str
        The alternative hypothesis.
    """

    estimate: Any
    standard_error: Any
    statistic: Any
    pvalue: Any
    both: Range
    alternative: str = "two-sided"

    _unpack = ("statistic", "pvalue")


def paired_difference(
    p1: Any, p2: Any, n: Any, *, deff: Any = 1.0, alternative: str = "two-sided"
) -> PairedDifference:
    r"""Difference of two items' shares in one sample, with the sharpest safe SE.

    Parameters
    ----------
    p1, p2 : float or array_like
        Shares answering yes to item 1 and item 2, in [0, 1] (broadcast).
    n : float or array_like
        Number of respondents who answered both items.
    deff : float or array_like
        Kish design effect (effective sample size ``n / deff``).
    alternative : {"two-sided", "greater", "less"}
        ``"greater"``: item 1 has the larger share.

    Returns
    -------
    PairedDifference
        ``estimate``, the worst-case ``standard_error``, Wald ``statistic``
        and ``pvalue``, and the Fréchet range ``both``.

    Raises
    ------
    MigstatsValueError
        If a share is NaN or outside [0, 1], ``n < 1``, ``deff <= 0`` or
        ``alternative`` is unknown.

    Notes
    -----
    With :math:`p_{11}` the share answering yes to both,
    :math:`\operatorname{var}(\hat p_1 - \hat p_2) = [p_1 q_1 + p_2 q_2 -
    2 (p_{11} - p_1 p_2)]\,\mathrm{deff}/n` (the multinomial covariance of a
    2 x 2 table, Agresti 2013, sec. 11.1 -- the variance behind McNemar's
    test).  The margins allow exactly :math:`\max(0, p_1 + p_2 - 1) \le
    p_{11} \le \min(p_1, p_2)` (Fréchet 1951), and the variance decreases in
    :math:`p_{11}`, so its maximum is at the lower bound.  Adding the two
    standard errors instead assumes correlation -1, which a 2 x 2 table with
    these margins reaches only when :math:`p_1 + p_2 = 1`; it is never
    smaller than this bound.  The Wald z test with the largest variance is
    the largest p-value over every joint table the margins allow, so it is
    valid whatever the correlation.

    References
    ----------
    .. [1] Fréchet, M. (1951). Sur les tableaux de corrélation dont les marges
       sont données. *Annales de l'Université de Lyon*, A 14, 53--77.
    .. [2] Agresti, A. (2013). *Categorical Data Analysis*, 3rd ed., Wiley,
       sec. 11.1.

    Examples
    --------
    70 % vs 50 %: the worst-case variance is 0.76 of the (se1 + se2)^2 one.

    >>> from migstats import paired_difference
    >>> res = paired_difference(0.70, 0.50, 1000)
    >>> round(float(res.standard_error) ** 2 * 1000, 4)
    0.76
    >>> round(float(res.both.low), 2), round(float(res.both.high), 2)
    (0.2, 0.5)
    """
    from scipy import special

    alt = check_alternative(alternative)
    a = check_in_unit_interval(p1, "p1")
    b = check_in_unit_interval(p2, "p2")
    n_arr = check_n(n, "n", integer=False)
    d = check_deff(deff)
    a, b, n_arr, d = check_broadcast(p1=a, p2=b, n=n_arr, deff=d)
    low, high = frechet_range(a, b)
    var = (a * (1 - a) + b * (1 - b) - 2.0 * (low - a * b)) * d / n_arr
    se = np.sqrt(var)
    est = a - b
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, est / np.where(se > 0, se, 1.0), np.nan)
    # the standard normal's tails: scipy.stats.norm.sf(z) is ndtr(-z), without
    # the distribution machinery's per-call checks
    if alt == "greater":
        pvalue = special.ndtr(-z)
    elif alt == "less":
        pvalue = special.ndtr(z)
    else:
        pvalue = 2.0 * special.ndtr(-np.abs(z))
    return PairedDifference(
        estimate=_out(est),
        standard_error=_out(se),
        statistic=_out(z),
        pvalue=_out(pvalue),
        both=Range(_out(low), _out(high)),
        alternative=alt,
    )


def frechet_range(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(low, high)``: the share answering yes to both of two items with shares ``a``, ``b``.

    ``max(0, a + b - 1) <= p11 <= min(a, b)`` (Fréchet 1951), elementwise
    over checked shares; the outer minimum removes the round-off of ``a + b
    - 1`` (``a = 1``, ``b`` tiny), nothing else.  :func:`paired_difference`'s
    ``both``.
    """
    high = np.minimum(a, b)
    return np.minimum(np.maximum(0.0, a + b - 1.0), high), high


def paired_contrast_correlation(p1: Any, p2: Any, weights: Any) -> Range:
    r"""Sharp range of the correlation of one contrast of two items from the same respondents.

    Parameters
    ----------
    p1, p2 : array_like, shape (..., G)
        Shares answering yes to item 1 and item 2 in each of ``G``
        independent groups (the last axis), in [0, 1] (broadcast).
    weights : array_like, shape (..., G)
        :math:`\omega_g = c_g^2 / n_g`: the squared coefficient of group
        ``g``'s share in the contrast, over its (effective) sample size; only
        their ratios matter.  For :func:`migstats.slope_index` with
        population shares :math:`W_g`, centred ridits :math:`a_g` and group
        sizes :math:`n_g`: :math:`W_g^2 a_g^2 / n_g`; for an extreme-group
        gap: :math:`1 / n_g` for the two groups, 0 for the others.

    Returns
    -------
    Range
        ``Range(low, high)`` of the correlation of :math:`\sum_g c_g \hat
        p_{1g}` and :math:`\sum_g c_g \hat p_{2g}` over every joint answer
        the margins allow; 0 where a contrast has variance 0 (the
        covariance is then 0 whatever the correlation).

    Raises
    ------
    MigstatsValueError
        If a share is outside [0, 1], a weight is negative or not finite,
        or the shapes do not broadcast.

    Notes
    -----
    In group ``g``, :math:`\operatorname{cov}(\hat p_{1g}, \hat p_{2g}) =
    (p_{11,g} - p_{1g} p_{2g}) / n_g` (Agresti 2013, sec. 11.1), and
    groups are independent, so the correlation of the two contrasts is

    .. math::

        \rho = \frac{\sum_g \omega_g (p_{11,g} - p_{1g} p_{2g})}
        {\sqrt{\sum_g \omega_g p_{1g} q_{1g} \sum_g \omega_g p_{2g} q_{2g}}},

    increasing in every :math:`p_{11,g}`.  Each :math:`p_{11,g}` ranges
    over its own Fréchet (1951) interval (:func:`paired_difference`'s
    ``both``) independently of the others, so both ends are attained, each
    with every group at the same end: the range is sharp.  A Kish design
    effect scales both contrasts' variances and their covariance alike.

    References
    ----------
    .. [1] Fréchet, M. (1951). Sur les tableaux de corrélation dont les marges
       sont données. *Annales de l'Université de Lyon*, A 14, 53--77.
    .. [2] Agresti, A. (2013). *Categorical Data Analysis*, 3rd ed., Wiley,
       sec. 11.1.

    Examples
    --------
    One group: the correlation of two shares, 70 % and 50 %, lies in
    [-0.65, 0.65] (rho = -1 would need 70 % + 50 % = 100 %).

    >>> from migstats._core import paired_contrast_correlation
    >>> r = paired_contrast_correlation([0.7], [0.5], [1.0])
    >>> round(float(r.low), 4), round(float(r.high), 4)
    (-0.6547, 0.6547)
    """
    a = check_in_unit_interval(p1, "p1")
    b = check_in_unit_interval(p2, "p2")
    w = check_numeric(weights, "weights")
    if not (np.isfinite(w).all() and (w >= 0).all()):
        raise invalid_value("weights", "finite numbers >= 0", weights)
    a, b, w = check_broadcast(p1=a, p2=b, weights=w)
    low, high = (x - a * b for x in frechet_range(a, b))
    # (the sums over the groups as np.sum gives them, a vector addition per group)
    scale = np.sqrt(group_sums(w * a * (1 - a)) * group_sums(w * b * (1 - b)))
    ok = scale > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        ends = [
            np.where(ok, group_sums(w * x) / np.where(ok, scale, 1.0), 0.0) for x in (low, high)
        ]
    # a correlation lies in [-1, 1]; the clip removes round-off only
    return Range(_out(np.clip(ends[0], -1.0, 1.0)), _out(np.clip(ends[1], -1.0, 1.0)))
