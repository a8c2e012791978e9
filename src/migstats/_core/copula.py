"""Joint shares of two ordered groupings with given margins: a discretised Gaussian copula.

This module owns :func:`gaussian_copula_shares`, which writes down how two
groupings of a population (education and income quintiles, say) go together
when only their margins and a latent correlation are assumed; the simulator
(:mod:`migstats._core.simulate`) draws surveys from such a table.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._base import invalid_value
from .simulate import _array, _check_distribution

__all__ = ["COPULA_FITTING_ITERATIONS", "gaussian_copula_shares"]

#: Iterations of proportional fitting that restore the exact margins of a
#: copula table (each iteration is exact on one margin; 200 is far more than
#: needed for the 1e-12 level reached after a handful).
COPULA_FITTING_ITERATIONS = 200


def gaussian_copula_shares(shares_a: Any, shares_b: Any, correlation: float) -> np.ndarray:
    """Joint table of two ordered groupings with given margins and association.

    The groups are the intervals of two standard-normal latent variables
    with correlation ``correlation``, cut at the normal quantiles of the
    cumulative margins (a Gaussian copula with discretised margins).

    Parameters
    ----------
    shares_a, shares_b : array_like
        Margins (each summing to 1, entries > 0), bottom to top.
    correlation : float
        Latent correlation in (-1, 1); positive puts low with low.

    Returns
    -------
    ndarray
        Table of shape ``(len(shares_a), len(shares_b))`` whose margins are
        exactly ``shares_a`` and ``shares_b`` (to about 1e-12).

    Raises
    ------
    MigstatsValueError
        For invalid margins or a correlation outside (-1, 1).

    Notes
    -----
    The rectangle probabilities come from ``scipy.stats.multivariate_normal
    .cdf`` (Genz's algorithm), whose error is about 1e-8 here; a few rounds
    of iterative proportional fitting (Deming & Stephan 1940) then restore
    the margins exactly without changing the association's odds ratios.

    References
    ----------
    .. [1] Nelsen, R. B. (2006). *An Introduction to Copulas*, 2nd ed.
       Springer, sec. 2.3 (Sklar) and 4.1.
    .. [2] Deming, W. E., & Stephan, F. F. (1940). On a least squares
       adjustment of a sampled frequency table when the expected marginal
       totals are known. *Annals of Mathematical Statistics* 11, 427-444.

    Examples
    --------
    >>> from migstats import gaussian_copula_shares
    >>> t = gaussian_copula_shares([0.25, 0.35, 0.40], [0.2] * 5, 0.5)
    >>> t.sum(axis=1).round(6).tolist(), t.sum(axis=0).round(6).tolist()
    ([0.25, 0.35, 0.4], [0.2, 0.2, 0.2, 0.2, 0.2])
    >>> bool(t[0, 0] > 0.25 * 0.2)   # the low educated are more often in Q1
    True
    """
    from scipy.stats import multivariate_normal, norm

    a, b = _array(shares_a, "shares_a"), _array(shares_b, "shares_b")
    for arr, name, value in ((a, "shares_a", shares_a), (b, "shares_b", shares_b)):
        if arr.ndim != 1 or arr.size < 1 or (arr <= 0).any():
            raise invalid_value(name, "a 1-d array of positive shares", value)
        _check_distribution(arr, name, value)
    rho = float(correlation)
    if not -1 < rho < 1:
        raise invalid_value("correlation", "a number in (-1, 1)", correlation)
    cut_a = np.concatenate([[-np.inf], norm.ppf(np.cumsum(a)[:-1]), [np.inf]])
    cut_b = np.concatenate([[-np.inf], norm.ppf(np.cumsum(b)[:-1]), [np.inf]])
    xa, xb = np.meshgrid(cut_a, cut_b, indexing="ij")
    finite = np.isfinite(xa) & np.isfinite(xb)
    grid = np.zeros(xa.shape)
    mvn = multivariate_normal(mean=[0.0, 0.0], cov=[[1.0, rho], [rho, 1.0]])
    grid[finite] = mvn.cdf(np.column_stack([xa[finite], xb[finite]]))
    # one infinite coordinate: the other margin's normal cdf
    grid[np.isposinf(xa) & np.isfinite(xb)] = norm.cdf(xb[np.isposinf(xa) & np.isfinite(xb)])
    grid[np.isfinite(xa) & np.isposinf(xb)] = norm.cdf(xa[np.isfinite(xa) & np.isposinf(xb)])
    grid[np.isposinf(xa) & np.isposinf(xb)] = 1.0
    table = np.clip(np.diff(np.diff(grid, axis=0), axis=1), 1e-300, None)
    for _ in range(COPULA_FITTING_ITERATIONS):
        table *= (a / table.sum(axis=1))[:, None]
        table *= (b / table.sum(axis=0))[None, :]
    return table
