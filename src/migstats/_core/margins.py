"""Margins that mean the same at every level: Cohen's h and gaps per unit of rank.

* :func:`cohen_h` -- the arcsine effect size of two proportions;
* :func:`margin_to_h`, :func:`h_to_margin` -- a margin in percentage points
  at a given level as h, and back (a 10-point gap is h = 0.20 at 55 vs 45 %
  but 0.34 at 15 vs 5 %);
* :func:`gap_per_ridit` -- an extreme-group gap divided by the ridit span of
  the two groups, so that gaps of groupings with different shares can stand
  in for slope indices;
* :func:`gap_slope_index` -- the slope index an extreme-group gap stands in
  for when the middle groups are not published (the gap per ridit span,
  with its standard error), as an :class:`~migstats.InequalityResult`;
* :func:`equivalence_h` -- the two one-sided tests that two proportions
  differ by less than a margin on Cohen's h (:class:`EquivalenceResult`),
  with the margin's translation into points at the observed level.

:data:`DEFAULT_H_MARGIN` is the default "small difference" margin on the h
scale.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from .._base import (
    Result,
    check_broadcast,
    check_deff,
    check_in_unit_interval,
    check_n,
    check_numeric,
    invalid_value,
)
from .gradient_inputs import _check_shares, _out
from .inequality import (
    InequalityResult,
    checked_slope_inputs,
    slope_index_of_arrays,
    warn_zero_standard_error,
)

__all__ = [
    "DEFAULT_H_MARGIN",
    "EquivalenceResult",
    "cohen_h",
    "equivalence_h",
    "gap_per_ridit",
    "gap_slope_index",
    "gap_slope_index_of_arrays",
    "gap_slope_index_without_warning",
    "h_to_margin",
    "margin_to_h",
]

#: Default margin for "small difference" / equivalence claims on Cohen's h:
#: h = 0.2 is Cohen's (1988, sec. 6.2) operational definition of a *small*
#: difference between two proportions.
DEFAULT_H_MARGIN = 0.2


def cohen_h(p1: Any, p2: Any) -> Any:
    r"""Cohen's h: the difference of two proportions on the arcsine scale.

    Parameters
    ----------
    p1, p2 : float or array_like
        Proportions in [0, 1] (broadcast).

    Returns
    -------
    float or ndarray
        :math:`h = 2 \arcsin\sqrt{p_1} - 2 \arcsin\sqrt{p_2}`, in [-π, π].

    Raises
    ------
    MigstatsValueError
        If a proportion is NaN or outside [0, 1].

    Notes
    -----
    Wraps :func:`statsmodels.stats.proportion.proportion_effectsize` (R:
    ``pwr::ES.h``).  The arcsine transformation stabilises the variance of a
    proportion (:math:`\operatorname{var}(2\arcsin\sqrt{\hat p}) \approx 1/n`
    whatever p), so a margin in h means the same detectability at every
    level; Cohen (1988) calls h = 0.2, 0.5, 0.8 small, medium and large.

    References
    ----------
    .. [1] Cohen, J. (1988). *Statistical Power Analysis for the Behavioral
       Sciences*, 2nd ed., ch. 6 (sec. 6.2). Lawrence Erlbaum.

    Examples
    --------
    >>> from migstats import cohen_h
    >>> round(float(cohen_h(0.55, 0.45)), 4), round(float(cohen_h(0.15, 0.05)), 4)
    (0.2003, 0.3444)
    """
    from statsmodels.stats.proportion import proportion_effectsize

    a = check_in_unit_interval(p1, "p1")
    b = check_in_unit_interval(p2, "p2")
    a, b = check_broadcast(p1=a, p2=b)
    return _out(np.asarray(proportion_effectsize(a, b), dtype=float))


def margin_to_h(level: Any, margin: Any) -> Any:
    r"""Cohen's h of a gap of ``margin`` centred on ``level``.

    Parameters
    ----------
    level : float or array_like
        The mean of the two proportions (for example of two observed groups),
        in [0, 1].
    margin : float or array_like
        The gap in proportion units (0.10 for 10 percentage points); the two
        proportions ``level ± margin / 2`` must lie in [0, 1].

    Returns
    -------
    float or ndarray
        ``cohen_h(level + margin / 2, level - margin / 2)``.

    Raises
    ------
    MigstatsValueError
        If ``level`` is outside [0, 1] or ``level ± margin / 2`` leaves it.

    See Also
    --------
    h_to_margin : the inverse.

    Examples
    --------
    A 10-point margin is a small effect in the middle and nearly twice that
    near the ends:

    >>> from migstats import margin_to_h
    >>> [round(float(margin_to_h(x, 0.10)), 2) for x in (0.50, 0.10, 0.92)]
    [0.2, 0.34, 0.39]
    """
    lev = check_in_unit_interval(level, "level")
    m = check_numeric(margin, "margin")
    lev, m = check_broadcast(level=lev, margin=m)
    if not (np.isfinite(m).all() and (np.abs(m) / 2 <= np.minimum(lev, 1 - lev)).all()):
        raise invalid_value("margin", "a gap with level ± margin / 2 inside [0, 1]", margin)
    return cohen_h(lev + m / 2, lev - m / 2)


def h_to_margin(level: Any, h: Any) -> Any:
    r"""The gap in proportion units, centred on ``level``, whose Cohen's h is ``h``.

    Parameters
    ----------
    level : float or array_like
        Mean of the two proportions, in [0, 1].
    h : float or array_like
        Cohen's h; at most :math:`2 \arccos\sqrt{|1 - 2\,\mathrm{level}|}`
        in absolute value (the largest h two proportions with this mean
        have: one of them at 0 or 1).

    Returns
    -------
    float or ndarray
        :math:`d = \sin S \,\sin(h/2)` with :math:`\cos S = (1 - 2\,
        \mathrm{level}) / \cos(h/2)`.

    Raises
    ------
    MigstatsValueError
        If ``level`` is outside [0, 1] or ``|h|`` is larger than the level
        allows.

    Notes
    -----
    With :math:`\theta_j = \arcsin\sqrt{p_j}`, :math:`h = 2(\theta_1 -
    \theta_2)`, the mean is :math:`\tfrac12 - \tfrac12 \cos(\theta_1 +
    \theta_2)\cos(\theta_1 - \theta_2)` and the gap :math:`p_1 - p_2 =
    \sin(\theta_1 + \theta_2) \sin(\theta_1 - \theta_2)` (product-to-sum
    identities), which gives the closed form above.  Both proportions lie
    in [0, 1] iff :math:`|h|/2 \le S \le \pi - |h|/2`, i.e. iff
    :math:`|1 - 2\,\mathrm{level}| \le \cos^2(h/2)`.

    Examples
    --------
    >>> from migstats import h_to_margin
    >>> round(float(h_to_margin(0.5, 0.2)), 4), round(float(h_to_margin(0.1, 0.2)), 4)
    (0.0998, 0.0594)
    """
    lev = check_in_unit_interval(level, "level")
    hh = check_numeric(h, "h")
    lev, hh = check_broadcast(level=lev, h=hh)
    half = hh / 2
    ok = np.isfinite(hh) & (np.abs(half) < np.pi / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        cos_s = np.where(ok, (1 - 2 * lev) / np.cos(np.where(ok, half, 0.0)), np.nan)
    reachable = np.abs(1 - 2 * lev) <= np.cos(half) ** 2 + 1e-12
    if not (ok.all() and reachable.all()):
        raise invalid_value("h", "|h| <= 2 arccos(sqrt|1 - 2 level|), reachable at this level", h)
    sin_s = np.sqrt(np.clip(1 - cos_s**2, 0.0, None))  # clip: float round-off only
    return _out(sin_s * np.sin(half))


def gap_per_ridit(gap: Any, shares: Any) -> Any:
    r"""An extreme-group gap per unit of population rank (the slope it implies).

    Parameters
    ----------
    gap : float or array_like
        Last group minus first group, in proportion (or percentage-point)
        units.
    shares : array_like
        Population shares of the ordered groups (bottom to top), summing to
        1.

    Returns
    -------
    float or ndarray
        ``gap / (r_last - r_first)``, with ``r`` the ridits
        (:func:`migstats.ridits`): the slope index of inequality of a profile
        that is linear in the ridit and has this gap.

    Raises
    ------
    MigstatsValueError
        If ``gap`` is not finite or the shares are invalid.

    Notes
    -----
    Two groupings with the same slope index have extreme-group gaps in the
    ratio of their ridit spans: with the chapter's education shares (26, 35,
    38 %) the extreme groups are 0.68 rank units apart, income quintiles
    0.8, so a slope of 20 points gives gaps of 13.5 and 16.0.  Dividing by
    the span puts both back on the slope-index scale (exactly for linear
    profiles; the Mackenbach & Kunst 1997 regression otherwise).

    References
    ----------
    .. [1] Mackenbach, J. P., & Kunst, A. E. (1997). Measuring the magnitude
       of socio-economic inequalities in health. *Social Science &
       Medicine*, 44(6), 757--771.

    Examples
    --------
    >>> from migstats import gap_per_ridit
    >>> edu = [26 / 99, 35 / 99, 38 / 99]
    >>> float(gap_per_ridit(13.5354, edu)).__round__(2), float(gap_per_ridit(16.0, [0.2] * 5))
    (20.0, 20.0)
    """
    w = _check_shares(shares)
    g = check_numeric(gap, "gap")
    if not np.isfinite(g).all():
        raise invalid_value("gap", "a finite number", gap)
    r = np.cumsum(w, axis=-1) - w / 2.0
    return _out(g / (r[..., -1] - r[..., 0]))


@dataclasses.dataclass(frozen=True, repr=False)
class EquivalenceResult(Result):
    """Result of :func:`equivalence_h`.

    Attributes
    ----------
    estimate : float or ndarray
        Cohen's h of the two observed proportions.
    standard_error : float or ndarray
        ``sqrt(deff / n1 + deff / n2)``, the standard error of h.
    statistic : float or ndarray
        The smaller of the two one-sided z statistics.
    pvalue : float or ndarray
        The larger of the two one-sided p-values (equivalence if below alpha).
    margin : float or ndarray
        The margin on the h scale.
    margin_points : float or ndarray
        The same margin as a gap in proportion units centred on the observed
        mean of the two proportions (:func:`h_to_margin`); NaN where no gap
        with that mean reaches it.
    """

    estimate: Any
    standard_error: Any
    statistic: Any
    pvalue: Any
    margin: Any
    margin_points: Any

    _unpack = ("statistic", "pvalue")


def equivalence_h(
    p1: Any, n1: Any, p2: Any, n2: Any, *, margin: Any = DEFAULT_H_MARGIN, deff: Any = 1.0
) -> EquivalenceResult:
    r"""Two one-sided tests that two independent proportions differ by less than a margin in h.

    Parameters
    ----------
    p1, p2 : float or array_like
        Observed proportions of the two groups, in [0, 1] (broadcast).
    n1, n2 : float or array_like
        Group sample sizes (fractional allowed).
    margin : float or array_like, default :data:`DEFAULT_H_MARGIN`
        Equivalence margin on Cohen's h, > 0 (0.2: Cohen's "small").
    deff : float or array_like, default 1
        Kish design effect (effective sizes ``n / deff``).

    Returns
    -------
    EquivalenceResult
        ``estimate`` (h), ``standard_error``, ``statistic``, ``pvalue``,
        ``margin`` and ``margin_points`` (the margin's translation).

    Raises
    ------
    MigstatsValueError
        If a proportion is outside [0, 1], a size below 1, ``deff <= 0`` or
        ``margin`` not a positive finite number.

    Notes
    -----
    :math:`\hat h = 2\arcsin\sqrt{\hat p_1} - 2\arcsin\sqrt{\hat p_2}` has
    variance :math:`1/n_1 + 1/n_2` to first order whatever the level (the
    variance-stabilising arcsine transformation, Cohen 1988, sec. 6.2), so a
    margin on h means the same detectability at every level.  Schuirmann's
    (1987) two one-sided tests reject :math:`|h| \ge \delta` when both
    :math:`(\hat h + \delta)/\mathrm{se}` and :math:`(\delta - \hat h) /
    \mathrm{se}` exceed the normal quantile; the p-value is the larger of
    the two one-sided ones (an intersection-union test, Berger & Hsu 1996,
    so its size at the margin is at most alpha).  The size at the margin is
    checked against exact binomial enumeration in ``tests/test_margins.py``.
    R: ``TOSTER::twoprop_test`` tests on the difference scale; this is the
    same construction on the h scale.

    References
    ----------
    .. [1] Schuirmann, D. J. (1987). A comparison of the two one-sided tests
       procedure and the power approach for assessing the equivalence of
       average bioavailability. *Journal of Pharmacokinetics and
       Biopharmaceutics*, 15(6), 657--680.
    .. [2] Berger, R. L., & Hsu, J. C. (1996). Bioequivalence trials,
       intersection-union tests and equivalence confidence sets.
       *Statistical Science*, 11(4), 283--319.
    .. [3] Cohen, J. (1988). *Statistical Power Analysis for the Behavioral
       Sciences*, 2nd ed., ch. 6. Lawrence Erlbaum.

    Examples
    --------
    52 % vs 49 % in two groups of 1,500: equivalent within h = 0.2, which at
    this level is a gap of about 10 points.

    >>> from migstats import equivalence_h
    >>> res = equivalence_h(0.52, 1500, 0.49, 1500)
    >>> round(float(res.estimate), 3), bool(res.pvalue < 0.05)
    (0.06, True)
    >>> round(float(res.margin_points), 3)
    0.1
    """
    from scipy.special import ndtr

    a = check_in_unit_interval(p1, "p1")
    b = check_in_unit_interval(p2, "p2")
    na = check_n(n1, "n1", integer=False)
    nb = check_n(n2, "n2", integer=False)
    d = check_deff(deff)
    m = check_numeric(margin, "margin")
    if not (np.isfinite(m).all() and (m > 0).all()):
        raise invalid_value("margin", "a positive finite h", margin)
    a, na, b, nb, d, m = check_broadcast(p1=a, n1=na, p2=b, n2=nb, deff=d, margin=m)
    h = np.asarray(cohen_h(a, b), dtype=float)
    se = np.sqrt(d / na + d / nb)
    z = np.minimum((h + m) / se, (m - h) / se)
    level = (a + b) / 2
    reachable = np.abs(1 - 2 * level) <= np.cos(m / 2) ** 2
    points = np.full(level.shape, np.nan)
    if reachable.any():
        points[reachable] = h_to_margin(level[reachable], m[reachable])
    return EquivalenceResult(
        estimate=_out(h),
        standard_error=_out(se),
        statistic=_out(z),
        pvalue=_out(ndtr(-z)),
        margin=_out(m),
        margin_points=_out(points),
    )


def gap_slope_index(
    p_first: Any,
    p_last: Any,
    n_first: Any,
    n_last: Any,
    shares: Any,
    *,
    confidence_level: float = 0.95,
    deff: Any = 1.0,
) -> InequalityResult:
    r"""The slope index an extreme-group gap stands in for, when middle groups are unpublished.

    Parameters
    ----------
    p_first, p_last : float or array_like
        Proportions of the bottom and the top group, in [0, 1] (broadcast).
    n_first, n_last : float or array_like
        Their sample sizes.
    shares : array_like
        Population shares of **every** group of the ordering (bottom to top),
        summing to 1: they place the two groups on the rank scale.
    confidence_level : float, default 0.95
        Confidence level of ``sii_ci``.
    deff : float or array_like, default 1
        Kish design effect.

    Returns
    -------
    InequalityResult
        ``sii = (p_last - p_first) / (r_last - r_first)`` (:func:`gap_per_ridit`)
        with its Wald standard error, interval, statistic and p-value;
        ``intercept`` is the line through the two groups at ridit 0; the RII
        fields are NaN (a two-point line says nothing about the profile's
        curvature).

    Raises
    ------
    MigstatsValueError
        As :func:`migstats.slope_index` for the two groups, or for invalid
        ``shares``.

    Notes
    -----
    Computed as :func:`migstats.slope_index` of the two groups alone (whose
    SII is twice the gap, on a rank span of 1/2) and rescaled to the span
    the two groups really have in the whole ordering, so the statistic and
    p-value are the gap's Wald test.  For a profile that is linear in the
    ridit the result equals the slope index of the full profile; with the
    chapter's education shares a slope of 20 points gives a gap of 13.5,
    and income quintiles a gap of 16.0 -- both back to 20 here.

    References
    ----------
    .. [1] Mackenbach, J. P., & Kunst, A. E. (1997). Measuring the magnitude
       of socio-economic inequalities in health. *Social Science &
       Medicine*, 44(6), 757--771.

    Examples
    --------
    >>> from migstats import gap_slope_index
    >>> edu = [0.26, 0.35, 0.39]
    >>> res = gap_slope_index(0.40, 0.535, 1000, 1000, edu)
    >>> round(float(res.sii), 3)
    0.2
    """
    result = gap_slope_index_without_warning(
        p_first, p_last, n_first, n_last, shares, confidence_level=confidence_level, deff=deff
    )
    warn_zero_standard_error(result, stacklevel=3)
    return result


#: The shares of the two extreme groups' own slope index (each half the rank span).
_HALVES = np.array([0.5, 0.5])
_HALVES.setflags(write=False)


def gap_slope_index_without_warning(
    p_first: Any,
    p_last: Any,
    n_first: Any,
    n_last: Any,
    shares: Any,
    *,
    confidence_level: float = 0.95,
    deff: Any = 1.0,
) -> InequalityResult:
    """:func:`gap_slope_index` without the zero standard error warning.

    As :func:`slope_index_without_warning` (for the audit's engine).
    """
    w = _check_shares(shares)
    if w.ndim != 1:
        raise invalid_value("shares", "a 1-d sequence of every group's share", shares)
    p = np.stack(np.broadcast_arrays(np.asarray(p_first, float), np.asarray(p_last, float)), -1)
    n = np.stack(np.broadcast_arrays(np.asarray(n_first, float), np.asarray(n_last, float)), -1)
    p_arr, n_arr, _, d, level = checked_slope_inputs(p, n, [0.5, 0.5], confidence_level, deff)
    return gap_slope_index_of_arrays(p_arr, n_arr, w, d, level)


def gap_slope_index_of_arrays(
    p: np.ndarray, n: np.ndarray, shares: np.ndarray, deff: np.ndarray, level: float
) -> InequalityResult:
    """:func:`gap_slope_index_without_warning` of arrays already checked: its computation alone.

    ``p``, ``n`` (group sizes) and ``deff``: float arrays of one shape whose
    last axis is the two extreme groups; ``shares`` every group's population
    share (1-d), ``level`` a confidence level.  As
    :func:`~.inequality.slope_index_of_arrays`, for the audit's engine;
    tested bit for bit against :func:`gap_slope_index_without_warning`.
    """
    w = shares
    # its relative index is not that of the gap: left out (NaN below)
    two = slope_index_of_arrays(p, n, _HALVES, deff, level, rii=False)
    r = np.cumsum(w) - w / 2.0
    factor = 0.5 / (r[-1] - r[0])
    sii = np.asarray(two.sii, float) * factor
    nan = _out(np.full(np.shape(sii), np.nan))
    return dataclasses.replace(
        two,
        sii=_out(sii),
        sii_ci=type(two.sii_ci)(_out(two.sii_ci.low * factor), _out(two.sii_ci.high * factor)),
        sii_standard_error=_out(np.asarray(two.sii_standard_error, float) * factor),
        rii=nan,
        rii_ci=type(two.rii_ci)(nan, nan),
        log_rii_standard_error=nan,
        intercept=_out(p[..., 0] - sii * r[0]),
    )
