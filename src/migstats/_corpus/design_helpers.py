"""Design effects and group sizes from the facts a report publishes.

This module owns the arithmetic that turns published design facts into the
inputs of :class:`migstats.SampleDesign`: the design effect implied by a
stated margin of error (:func:`deff_from_margin_of_error`, with the range its
rounding allows, :class:`MarginDeff`), the documented default design effect
of weighted designs (:data:`WEIGHTED_DEFAULT_DEFF`) and the settings of the
under-representation scenario of the sensitivity grid
(:data:`UNDERREPRESENTED_SELECTION_FACTOR`, :data:`UNDERREPRESENTED_DEFF_FACTOR`,
:func:`underrepresented_shares`).
"""

from __future__ import annotations

import dataclasses
import decimal
import math
import numbers
from typing import Any, NamedTuple

import numpy as np

from .._base import (
    MigstatsValueError,
    Result,
    check_confidence_level,
    check_n,
    invalid_value,
    z_critical,
)

__all__ = [
    "MIN_MARGIN_DEFF",
    "UNDERREPRESENTED_DEFF_FACTOR",
    "UNDERREPRESENTED_SELECTION_FACTOR",
    "WEIGHTED_DEFAULT_DEFF",
    "GroupDesign",
    "MarginDeff",
    "deff_from_margin_of_error",
    "underrepresented_shares",
]

#: Default Kish design effect of a weighted design (``SampleDesign(weighted=True,
#: deff=None)``).  Conservative and sourced: (a) DERIVED from the Pew American
#: Trends Panel's published margin of error of +/-1.6 points at n = 6,878
#: (p = 50 %; the 95 % level and that the margin includes the weighting are
#: ASSUMED from Pew's standard ATP wording on another wave's methodology page):
#: ``(1.6 / (100 * 1.96 * sqrt(0.25 / 6878)))**2 = 1.83`` (1.72-1.95 within the
#: rounding of 1.6), data/reports/pew_inequality_2020/datapackage.json
#: (``design_facts``); (b)
#: docs/calibration.md: with the lowest education group sampled at half rate
#: and post-stratified, the deff that corrects population-share group sizes
#: is 1.75 for that group (1.32 for the lowest income quintile).  2.0 lies
#: above every one of these values.
WEIGHTED_DEFAULT_DEFF = 2.0

#: Smallest design effect :func:`deff_from_margin_of_error` accepts by
#: default (its ``min_deff``).  Project convention: a design effect below 1
#: comes only from stratification (or negative within-cluster correlation),
#: which removes at most the between-strata share of a proportion's
#: variance; a quarter of the simple-random-sampling variance would need
#: strata whose proportions differ almost completely.  A smaller implied
#: deff means the margin, ``n`` or the confidence level is wrong (a margin
#: of 0.001 points from 1,000 people implies deff 1e-7, an effective n of
#: 9.6e9).  Override ``min_deff`` for a design known to gain more.
MIN_MARGIN_DEFF = 0.25

#: Relative selection rate of the lowest group of an ordered dimension in the
#: under-representation scenario (:meth:`SampleDesign.scenarios`): half the
#: rate of the other groups, the "low education under-represented" design of
#: tools/calibrate.py (``DESIGNS``, factor 0.5), which turned a 25 % population
#: share into a 14.3 % sample share (docs/calibration.md, design table).
UNDERREPRESENTED_SELECTION_FACTOR = 0.5

#: Factor on the lowest group's design effect in the under-representation
#: scenario: 1.125, the realised Kish deff of the lowest income quintile in
#: the under-represented calibration design (docs/calibration.md, design
#: table: Q1 expected deff 1.125, its members being partly up-weighted low
#: educated).  The directly under-represented education group had a Kish deff
#: of 1.0 there, so applying the factor to it too is conservative.
UNDERREPRESENTED_DEFF_FACTOR = 1.125


class GroupDesign(NamedTuple):
    """Group sizes and design effects of one dimension (:meth:`SampleDesign.group_design`).

    ``n`` holds the respondents per group (shape ``(G,)`` for one total
    ``n``, ``(len(n), G)`` for several), ``deff`` the design effect per
    group (``(G,)`` or ``(len(deff), G)``), ``groups`` the group labels.
    """

    n: np.ndarray
    deff: np.ndarray
    groups: tuple[str, ...]


@dataclasses.dataclass(frozen=True, repr=False)
class MarginDeff(Result):
    """Design effect implied by a published margin of error (see :func:`deff_from_margin_of_error`).

    Attributes
    ----------
    deff : float
        Design effect at the published margin.
    low, high : float
        Design effects at the ends of the margin's rounding interval.
    margin_low, margin_high : float
        The rounding interval of the published margin (points).
    n_effective : float
        ``n / deff``.
    """

    deff: float
    low: float
    high: float
    margin_low: float
    margin_high: float
    n_effective: float

    _unpack = ("deff", "low", "high")


def _margin_decimals(moe: Any) -> int:
    """Decimals the margin was published with (from its string, or its shortest repr)."""
    if isinstance(moe, numbers.Integral):
        return 0
    text = moe.strip() if isinstance(moe, str) else repr(float(moe))
    exponent = decimal.Decimal(text).as_tuple().exponent
    return max(0, -int(exponent)) if isinstance(exponent, int) else 0


def _check_margin(moe: Any) -> float:
    if isinstance(moe, bool):
        raise invalid_value("moe_points", "a margin of error in points, > 0 and < 100", moe)
    try:
        value = float(moe.strip()) if isinstance(moe, str) else float(moe)
    except (TypeError, ValueError):
        raise invalid_value(
            "moe_points", "a margin of error in points, > 0 and < 100", moe
        ) from None
    if not math.isfinite(value) or not 0 < value < 100:
        raise invalid_value("moe_points", "a margin of error in points, > 0 and < 100", moe)
    return value


def deff_from_margin_of_error(
    moe_points: float | str,
    n: int,
    *,
    confidence_level: float = 0.95,
    p: float = 0.5,
    moe_decimals: int | None = None,
    min_deff: float = MIN_MARGIN_DEFF,
    population: float | None = None,
) -> MarginDeff:
    """Kish design effect implied by a published margin of error.

    Parameters
    ----------
    moe_points : float or str
        Published margin of error, in percentage points (``1.6`` for
        "plus or minus 1.6 points").  A string keeps its trailing zeros
        (``"2.0"`` has one decimal).
    n : int
        Number of respondents the margin refers to.
    confidence_level : float, default 0.95
        Confidence level of the margin (most reports: 95 %).
    p : float, default 0.5
        Proportion at which the margin is stated (reports state it at the
        most conservative p = 50 %).
    moe_decimals : int, optional
        Decimals the margin was published with; default: those of
        ``moe_points`` (its string, or the shortest repr of the float).
        Fewer decimals than the margin is written with is a contradiction
        (``0.4`` published with 0 decimals) and is refused.
    min_deff : float, default :data:`MIN_MARGIN_DEFF` (0.25)
        Smallest design effect a survey can produce (project convention, see
        :data:`MIN_MARGIN_DEFF`); a margin implying a smaller one is refused.
    population : float, optional
        Size of the population surveyed; if given, ``n`` and the effective
        sample size ``n / deff`` must not exceed it (without a finite
        population correction, no design measures more precisely than a
        census).  Default ``None``: not checked.

    Returns
    -------
    MarginDeff
        ``deff = (moe / (100 z sqrt(p (1 - p) / n)))**2`` and the design
        effects at both ends of the margin's rounding interval
        ``moe +/- 0.5 * 10**-moe_decimals``.

    Raises
    ------
    MigstatsValueError
        If ``moe_points`` is not in (0, 100), ``n`` not an integer >= 1,
        ``confidence_level`` or ``p`` not in (0, 1), or ``moe_decimals`` not
        an integer >= 0 or fewer than the decimals ``moe_points`` is written
        with; if the implied deff is below ``min_deff`` or the effective
        sample size above ``population`` (the message names the bound).

    Notes
    -----
    A margin of error that "takes the effect of weighting into account" is
    the half-width of the normal (Wald) interval at ``p`` with the variance
    inflated by the design effect: ``moe = 100 z sqrt(deff p (1 - p) / n)``
    with ``z`` the normal quantile (Kish 1965, section 8.2; the same
    half-width as statsmodels' ``proportion_confint(method="normal")`` at
    ``n / deff``).  Solving for ``deff`` gives the formula above.  The
    margin is itself rounded, so the design effect is only known to lie in
    ``[low, high]``; use ``high`` for a conservative analysis.

    References
    ----------
    .. [1] Kish, L. (1965). *Survey Sampling*. Wiley, section 8.2.
    .. [2] Pew Research Center (2020), methodology of "Most Americans say
       there is too much economic inequality": "The margin of sampling error
       for the full sample of 6,878 respondents is plus or minus 1.6
       percentage points."

    Examples
    --------
    >>> from migstats import deff_from_margin_of_error
    >>> r = deff_from_margin_of_error(1.6, 6878)
    >>> round(r.deff, 2), round(r.low, 2), round(r.high, 2)
    (1.83, 1.72, 1.95)
    """
    value = _check_margin(moe_points)
    n_v = float(check_n(n, "n")) if np.ndim(n) == 0 else None
    if n_v is None:
        raise invalid_value("n", "a single integer >= 1", n)
    level = check_confidence_level(confidence_level)
    p_v = check_confidence_level(p, "p")  # same rule: a number strictly between 0 and 1
    places = _check_places(moe_points, moe_decimals)
    srs_half_width = 100.0 * z_critical(1.0 - level) * math.sqrt(p_v * (1.0 - p_v) / n_v)
    half_unit = 0.5 * 10.0 ** (-places)
    m_lo, m_hi = max(value - half_unit, 0.0), value + half_unit
    deff = (value / srs_half_width) ** 2
    _check_survey_bounds(moe_points, deff, n_v, min_deff, population)
    return MarginDeff(
        deff=deff,
        low=(m_lo / srs_half_width) ** 2,
        high=(m_hi / srs_half_width) ** 2,
        margin_low=m_lo,
        margin_high=m_hi,
        n_effective=n_v / deff,
    )


def _check_places(moe: Any, moe_decimals: Any) -> int:
    """Decimals of the published margin: given (at least those it is written with) or read."""
    written = _margin_decimals(moe)
    if moe_decimals is None:
        return written
    if (
        isinstance(moe_decimals, bool)
        or not isinstance(moe_decimals, numbers.Integral)
        or moe_decimals < 0
    ):
        raise invalid_value("moe_decimals", "an integer >= 0", moe_decimals)
    if moe_decimals < written:
        raise invalid_value(
            "moe_decimals",
            f"at least the {written} decimal(s) moe_points={moe!r} is written with",
            moe_decimals,
        )
    return int(moe_decimals)


def _check_survey_bounds(moe: Any, deff: float, n: float, min_deff: Any, population: Any) -> None:
    """Refuse a design effect or effective sample size no survey can produce."""
    if isinstance(min_deff, bool) or not (
        isinstance(min_deff, numbers.Real) and math.isfinite(min_deff) and min_deff > 0
    ):
        raise invalid_value("min_deff", "a finite number > 0", min_deff)
    if deff < min_deff:
        n_eff = n / deff if deff else math.inf
        raise invalid_value(
            "moe_points",
            f"a margin implying a design effect >= min_deff = {min_deff:g} at n = {n:g} "
            f"(it implies deff = {deff:.3g}, an effective n of {n_eff:.3g})",
            moe,
        )
    if population is None:
        return
    if isinstance(population, bool) or not (
        isinstance(population, numbers.Real) and math.isfinite(population) and population >= 1
    ):
        raise invalid_value("population", "None or a finite number >= 1", population)
    if n > population:
        raise invalid_value("n", f"at most population = {population:g}", n)
    if n / deff > population:
        raise invalid_value(
            "moe_points",
            f"a margin whose effective sample size n / deff stays <= population = "
            f"{population:g} (it implies deff = {deff:.3g}, n / deff = {n / deff:.4g})",
            moe,
        )


def underrepresented_shares(shares: np.ndarray, factor: float) -> np.ndarray:
    """Sample shares when the first group is selected at ``factor`` times the others' rate.

    ``q_1 = s_1 f / (s_1 f + 1 - s_1)``; the other groups keep their
    proportions among themselves.  Pure arithmetic of unequal selection
    probabilities (Kish 1965, section 11.7).

    Examples
    --------
    >>> underrepresented_shares(np.array([0.25, 0.35, 0.40]), 0.5).round(4).tolist()
    [0.1429, 0.4, 0.4571]
    """
    if not (isinstance(factor, numbers.Real) and math.isfinite(factor) and factor > 0):
        raise MigstatsValueError(f"selection_factor must be a number > 0, but got {factor!r}")
    s = np.asarray(shares, dtype=float)
    weights = np.concatenate([[s[0] * factor], s[1:]])
    return weights / weights.sum()
