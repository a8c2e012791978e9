"""Sison & Glaz's simultaneous intervals for multinomial proportions, many ``c`` at once.

This module owns :func:`sison_glaz_region`, the computation of statsmodels'
``multinomial_proportions_confint(method="sison-glaz")`` (statsmodels 0.15,
``statsmodels/stats/proportion.py``, whose search takes the coverage of
the degenerate box ``c = 0`` as 0, following R ``MultinomialCI``, and of a
box holding every count as 1, citing statsmodels issue 9587; statsmodels
0.14 starts at ``c = 1`` and raises for some tiny samples, e.g. ``[1, 1]``)
with its coverage function
``nu(c)`` evaluated for a block of candidate ``c`` in one array pass instead
of one ``c`` at a time with scalar Poisson probabilities.  statsmodels'
search evaluates ``nu`` at ``c = 1, 2, ...`` until the level falls between
two neighbours, each evaluation some 16 scalar ``scipy.stats.poisson.cdf``
calls per category, so its cost grows with the square root of the counts
(about 0.3 s for eight categories of 1,600 counts; this module takes a
hundredth of that).  Same formulas, same order of operations (scalar powers
as ``np.float_power``, which is what a numpy scalar's ``**`` computes), the
same search rule: the regions are the same numbers (tests/test_sison_glaz.py
compares them with statsmodels').
"""

from __future__ import annotations

import numpy as np

from .._base import invalid_value

__all__ = ["SEARCH_BLOCK", "sison_glaz_region"]

#: How many candidate ``c`` are evaluated together (project convention: one
#: block covers counts up to a few thousand; larger counts take more blocks).
SEARCH_BLOCK = 64


def sison_glaz_region(counts: np.ndarray, alpha: float) -> np.ndarray:
    """Sison-Glaz simultaneous intervals ``(k, 2)`` of whole ``counts`` at level ``1 - alpha``.

    Intervals ``[p_i - c/n, p_i + (c + 2 gamma)/n]`` cut to [0, 1], with
    ``c`` the whole number for which the Edgeworth-approximated coverage
    ``nu`` of the box ``[n_i - c, n_i + c]`` satisfies ``nu(c) <= 1 - alpha <
    nu(c + 1)`` (``nu(0) = 0``; ``nu(c) = 1`` once ``c >= n``) and ``gamma``
    interpolating between them: Sison & Glaz (1995), formulas (1) and (7),
    as statsmodels computes them.  Where the Edgeworth factor is negative
    (large counts, small ``c``) the coverage is NaN and the search passes
    over it, as statsmodels' does.  Arguments are not checked here
    (:func:`migstats.multinomial_ci` checks them): whole counts >= 0 with a
    positive total, ``alpha`` in (0, 1).

    References
    ----------
    .. [1] Sison, C. P. & Glaz, J. (1995). Simultaneous confidence intervals
       and sample size determination for multinomial proportions. *Journal
       of the American Statistical Association*, 90(429), 366--369.

    Examples
    --------
    The first example of Sison & Glaz (1995), as statsmodels computes it:

    >>> import numpy as np
    >>> from statsmodels.stats.proportion import multinomial_proportions_confint
    >>> counts = np.array([56.0, 72, 73, 59, 62, 87, 58])
    >>> region = sison_glaz_region(counts, 0.05)
    >>> region[:2].round(4)
    array([[0.0792, 0.1644],
           [0.1135, 0.1986]])
    >>> bool((region == multinomial_proportions_confint(counts, 0.05, "sison-glaz")).all())
    True
    """
    counts = np.asarray(counts, dtype=float)
    n = counts.sum()
    target = 1.0 - alpha
    start = 0
    while True:
        j = np.arange(start, start + SEARCH_BLOCK + 1, dtype=float)
        with np.errstate(all="ignore"):
            # nu(j) where j < n; 1 beyond (evaluated at n - 1 there, then replaced)
            cover = np.where(j < n, _coverage(counts, n, np.minimum(j, n - 1.0)), 1.0)
        cover[j == 0] = 0.0
        found = (cover[:-1] <= target) & (target < cover[1:])
        if found.any():
            k = int(np.argmax(found))
            c, below, above = float(j[k]), cover[k], cover[k + 1]
            break
        if start + SEARCH_BLOCK > n + 1:
            raise invalid_value(
                "counts", "counts for which Sison-Glaz's search finds a c", counts.tolist()
            )
        start += SEARCH_BLOCK
    gamma = (target - below) / (above - below)
    proportions = counts / n
    lower = np.maximum(proportions - c / n, 0)
    upper = np.minimum(proportions + (c + 2 * gamma) / n, 1)
    return np.array([lower, upper]).T


def _coverage(counts: np.ndarray, n: float, cs: np.ndarray) -> np.ndarray:
    """``nu(c)`` for every ``c`` of ``cs``: Sison & Glaz's formula (1) on the box ``n_i -+ c``."""
    from scipy import stats

    b = np.maximum(counts[None, :] - cs[:, None], 0)
    a = np.minimum(counts[None, :] + cs[:, None], n)
    p = np.broadcast_to(counts, b.shape)

    def window(lo, hi):
        # P(lo <= Z <= hi), Z ~ Poisson(p)
        return stats.poisson.cdf(hi, p) - stats.poisson.cdf(lo - 1, p)

    inside = window(b, a)
    # the factorial moments of the truncated Poisson variables, r = 1..4
    mu_r1, mu_r2, mu_r3, mu_r4 = (
        np.float_power(p, r) * (1 - ((window(a - r + 1, a) - window(b - r, b - 1)) / inside))
        for r in range(1, 5)
    )
    mu = mu_r1
    mu2 = mu_r2 + mu - mu**2
    mu3 = mu_r3 + mu_r2 * (3 - 3 * mu) + mu - 3 * mu**2 + 2 * mu**3
    mu4 = (
        mu_r4
        + mu_r3 * (6 - 4 * mu)
        + mu_r2 * (7 - 12 * mu + 6 * mu**2)
        + mu
        - 4 * mu**2
        + 6 * mu**3
        - 3 * mu**4
    )
    pw = np.float_power
    s2 = mu2.sum(axis=1)
    g1 = mu3.sum(axis=1) / pw(s2, 1.5)
    g2 = (mu4.sum(axis=1) - 3 * (mu2**2).sum(axis=1)) / pw(s2, 2)
    x = (n - mu.sum(axis=1)) / np.sqrt(s2)
    phi = np.exp(-pw(x, 2) / 2) / np.sqrt(2 * np.pi)
    h3 = pw(x, 3) - 3 * x
    h4 = pw(x, 4) - 6 * pw(x, 2) + 3
    h6 = pw(x, 6) - 15 * pw(x, 4) + 45 * pw(x, 2) - 15
    edgeworth = phi * (1 + g1 * h3 / 6 + g2 * h4 / 24 + pw(g1, 2) * h6 / 72) / np.sqrt(s2)
    return np.exp(
        np.sum(np.log(inside), axis=1)
        + np.log(edgeworth)
        - np.log(stats.poisson._pmf(n, n))  # statsmodels' normaliser, P(Z = n) for Z ~ Poisson(n)
    )
