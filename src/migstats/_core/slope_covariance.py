"""Covariance of two slope indices estimated on the same respondents.

* :func:`slope_index_covariance` -- covariance and correlation of the
  education and the income SII of one binary answer from one sample, given
  the population's joint table of the two groupings and the answer share in
  every cross cell;
* :func:`slope_correlation_range` -- the sharp range of that correlation
  over every joint table (and cross-cell answer share) the published margins
  allow, optionally narrowed by positive quadrant dependence of the two
  groupings (a linear programme, solved by HiGHS through :func:`scipy.optimize.milp`);
* :func:`gradient_correlation` -- the correlation a comparison of the two
  slope indices uses (:class:`SlopeCorrelation`: a range, its provenance
  and assumption), by default that range under positive quadrant
  dependence.

Derivation (influence functions of the two least-squares slopes).  With
population shares :math:`W_e` and centred ridits :math:`a_e = r_e - 1/2`,
:func:`migstats.slope_index` is :math:`\\mathrm{SII}_E = \\sum_e W_e a_e
\\hat\\pi_e / s_E` with :math:`s_E = \\sum_e W_e a_e^2`.  For a simple random
sample of :math:`n` respondents with group sizes :math:`n W_e` to first order,
:math:`\\mathrm{SII}_E - \\mathrm{SII}_E^0 \\approx n^{-1} \\sum_j a_{E_j} (Y_j
- \\pi_{E_j}) / s_E`, and likewise for the income grouping with :math:`b_i,
s_I`.  The two sums run over the same respondents, so

.. math::

    \\operatorname{cov}(\\mathrm{SII}_E, \\mathrm{SII}_I) =
    \\frac{1}{n\\, s_E s_I} \\sum_{e,i} w_{ei}\\, a_e b_i\\,
    \\left[\\pi_{ei}(1-\\pi_e)(1-\\pi_i) + (1-\\pi_{ei})\\pi_e \\pi_i\\right],

the bracket being :math:`E[(Y - \\pi_e)(Y - \\pi_i) \\mid e, i]`.  The same
argument with :math:`E = I` gives :math:`\\sum_e W_e a_e^2 \\pi_e (1-\\pi_e) /
(n s_E^2)`, the variance :func:`migstats.slope_index` uses; a Kish design
effect multiplies variances and covariance alike, so the correlation does
not depend on ``n`` or ``deff``.  The bracket equals :math:`\\pi_{ei}(1 -
\\pi_e - \\pi_i) + \\pi_e \\pi_i`, so with :math:`m_{ei} = w_{ei}\\pi_{ei}` (the
share of the population in cell :math:`(e, i)` answering yes) the
covariance is *linear* in :math:`(w, m)`: over the polytope of joint tables
and yes-masses with the published margins its extremes are a linear
programme.  The cross-cell answer shares :math:`\\pi_{ei}` are never
published; the range functions take the worst case over them.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

import numpy as np

from .._base import (
    InfeasibleError,
    MigstatsValueError,
    Result,
    check_in_unit_interval,
    check_n,
    check_numeric,
    check_option,
    invalid_value,
)
from .bounds import Range
from .gradient_inputs import _check_shares, _out

__all__ = [
    "CORRELATION_OPTIONS",
    "DEFAULT_CORRELATION",
    "DEPENDENCE_ASSUMPTIONS",
    "PROVENANCES",
    "SlopeCorrelation",
    "SlopeCovariance",
    "gradient_correlation",
    "slope_correlation_range",
    "slope_index_covariance",
]

#: Assumptions about the dependence of the two groupings:
#: ``"none"`` (any joint table with the given margins, Fréchet class) and
#: ``"positive_quadrant"`` (positive quadrant dependence, Lehmann 1966).
DEPENDENCE_ASSUMPTIONS = ("none", "positive_quadrant")

#: Absolute tolerance on a joint table's margins (project convention: float
#: round-off of shares given to 4--6 decimals).
JOINT_MARGIN_ATOL = 1e-6


@dataclasses.dataclass(frozen=True, repr=False)
class SlopeCovariance(Result):
    """Result of :func:`slope_index_covariance`.

    Attributes
    ----------
    covariance : float
        Covariance of the two SII estimates (proportion units squared).
    correlation : float
        Their correlation (does not depend on ``n`` or ``deff``).
    sii_standard_error1, sii_standard_error2 : float
        Standard errors of the first (row) and second (column) SII, as
        :func:`migstats.slope_index` gives them.
    """

    covariance: float
    correlation: float
    sii_standard_error1: float
    sii_standard_error2: float

    _unpack = ("covariance", "correlation")


def _centred_ridits(shares: np.ndarray) -> tuple[np.ndarray, float]:
    """Centred ridits a_g = r_g - 1/2 and their weighted variance s."""
    a = np.cumsum(shares) - shares / 2.0 - 0.5
    return a, float((shares * a**2).sum())


def _check_joint(joint: Any) -> np.ndarray:
    """A joint table: 2-D, at least 2 x 2, entries in [0, 1], summing to 1."""
    arr = check_numeric(joint, "joint")
    if arr.ndim != 2 or min(arr.shape) < 2:
        raise invalid_value("joint", "a 2-D table with at least 2 rows and 2 columns", joint)
    check_in_unit_interval(arr, "joint")
    if abs(arr.sum() - 1.0) > JOINT_MARGIN_ATOL:
        raise invalid_value("joint", f"shares summing to 1 (within {JOINT_MARGIN_ATOL})", arr.sum())
    if (arr.sum(axis=1) <= 0).any() or (arr.sum(axis=0) <= 0).any():
        raise invalid_value(
            "joint", "a table whose every row and column has a positive share", joint
        )
    return arr


def _joint_with_margins(joint: Any, w1: np.ndarray, w2: np.ndarray) -> np.ndarray:
    """A joint table whose margins are the two groupings' shares."""
    known = _check_joint(joint)
    if known.shape != (len(w1), len(w2)) or not (
        np.allclose(known.sum(axis=1), w1, atol=JOINT_MARGIN_ATOL)
        and np.allclose(known.sum(axis=0), w2, atol=JOINT_MARGIN_ATOL)
    ):
        raise invalid_value("joint", "a table whose margins are shares1 and shares2", joint)
    return known


def _unit_moments(joint: np.ndarray, cell_p: np.ndarray) -> tuple[float, float, float]:
    """n x (covariance, variance 1, variance 2) for n = 1, deff = 1."""
    w1, w2 = joint.sum(axis=1), joint.sum(axis=0)
    pi1 = (joint * cell_p).sum(axis=1) / w1
    pi2 = (joint * cell_p).sum(axis=0) / w2
    a, s1 = _centred_ridits(w1)
    b, s2 = _centred_ridits(w2)
    bracket = cell_p * (1 - pi1[:, None]) * (1 - pi2[None, :]) + (1 - cell_p) * np.outer(pi1, pi2)
    cov = float((joint * np.outer(a, b) * bracket).sum() / (s1 * s2))
    var1 = float((w1 * a**2 * pi1 * (1 - pi1)).sum() / s1**2)
    var2 = float((w2 * b**2 * pi2 * (1 - pi2)).sum() / s2**2)
    return cov, var1, var2


def slope_index_covariance(
    joint: Any, cell_p: Any, n: float, *, deff: float = 1.0
) -> SlopeCovariance:
    r"""Covariance of two slope indices of one answer from the same respondents.

    Parameters
    ----------
    joint : array_like, shape (G1, G2)
        Population shares of the cross cells of the two groupings (rows: the
        first grouping, e.g. education, bottom to top; columns: the second,
        e.g. income), summing to 1.  Its margins are the ``shares`` each
        slope index is computed with.
    cell_p : array_like, shape (G1, G2)
        Proportion answering yes in each cross cell, in [0, 1].  Rarely
        published; see :func:`slope_correlation_range` for the range over
        every value the margins allow.
    n : float
        Total sample size (simple random sample; group sizes ``n`` times the
        population shares to first order).
    deff : float
        Kish design effect, multiplying both variances and the covariance.

    Returns
    -------
    SlopeCovariance
        ``covariance``, ``correlation`` and the two SII standard errors.

    Raises
    ------
    MigstatsValueError
        If ``joint`` is not a 2-D table of shares summing to 1 with positive
        margins, ``cell_p`` is outside [0, 1] or of another shape, ``n < 1``
        or ``deff <= 0``.

    Notes
    -----
    The formula (derived in the module docstring from the influence
    functions of the two weighted least-squares slopes, i.e. the delta
    method) is

    .. math::

        \operatorname{cov} = \frac{\mathrm{deff}}{n\, s_1 s_2} \sum_{e,i}
        w_{ei}\, a_e b_i \left[\pi_{ei}(1-\pi_e)(1-\pi_i) +
        (1-\pi_{ei})\pi_e\pi_i\right]

    with :math:`a, b` the centred ridits of the two groupings, :math:`s_1,
    s_2` their share-weighted variances and :math:`\pi_e, \pi_i` the
    margins' answer shares.  It is first-order (like the Wald standard error
    of :func:`migstats.slope_index`) and is checked against Monte Carlo in
    ``tests/test_slope_covariance.py``.

    References
    ----------
    .. [1] van der Vaart, A. W. (1998). *Asymptotic Statistics*, ch. 3 (delta
       method) and 20 (influence functions). Cambridge University Press.
    .. [2] Mackenbach, J. P., & Kunst, A. E. (1997). Measuring the magnitude
       of socio-economic inequalities in health. *Social Science &
       Medicine*, 44(6), 757--771.

    Examples
    --------
    Independent groupings and an answer that depends on the first only:
    the income SII estimates noise, uncorrelated with the education SII.

    >>> import numpy as np
    >>> from migstats import slope_index_covariance
    >>> joint = np.outer([0.3, 0.3, 0.4], [0.2] * 5)
    >>> cell_p = np.repeat([[0.4], [0.5], [0.6]], 5, axis=1)
    >>> res = slope_index_covariance(joint, cell_p, 2000)
    >>> round(res.correlation, 6) == 0.0
    True
    >>> from migstats import slope_index
    >>> ref = slope_index([0.4, 0.5, 0.6], 2000, [0.3, 0.3, 0.4])
    >>> round(res.sii_standard_error1, 6) == round(float(ref.sii_standard_error), 6)
    True
    """
    w = _check_joint(joint)
    p = check_in_unit_interval(check_numeric(cell_p, "cell_p"), "cell_p")
    if p.shape != w.shape:
        raise invalid_value("cell_p", f"an array of the shape of joint {w.shape}", p.shape)
    n_val = float(check_n(n, "n", integer=False))
    d = float(check_numeric(deff, "deff"))
    if not d > 0:
        raise invalid_value("deff", "a number > 0", deff)
    cov, var1, var2 = _unit_moments(w, p)
    scale = d / n_val
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = cov / np.sqrt(var1 * var2)
    return SlopeCovariance(
        covariance=cov * scale,
        correlation=float(rho),
        sii_standard_error1=float(np.sqrt(var1 * scale)),
        sii_standard_error2=float(np.sqrt(var2 * scale)),
    )


def _margin_p(value: Any, name: str, size: int) -> np.ndarray:
    arr = check_in_unit_interval(check_numeric(value, name), name)
    if arr.shape != (size,):
        raise invalid_value(name, f"{size} group proportions (one per share)", value)
    return arr


def _lp_constraints(w1, w2, p1, p2, tol, dependence, joint):
    """Equality/inequality rows of the LP over x = (w_ei, m_ei), flattened row-major."""
    a_eq, b_eq, a_ub, tail = _lp_matrices(tuple(w1.tolist()), tuple(w2.tolist()), dependence)
    m_target = np.concatenate([w1 * p1, w2 * p2])
    slack = np.concatenate([w1, w2]) * tol
    b_ub = np.concatenate([m_target + slack, -(m_target - slack), tail])
    cells = len(w1) * len(w2)
    bounds = [(0.0, 1.0)] * (2 * cells)
    if joint is not None:
        bounds[:cells] = [(float(v), float(v)) for v in joint.ravel()]
    return a_eq, b_eq, a_ub, b_ub, bounds


@functools.lru_cache(maxsize=256)
def _lp_matrices(w1: tuple, w2: tuple, dependence: str) -> tuple:
    """The LP's matrices for the margins ``w1``, ``w2`` (their values; read-only, cached).

    ``(a_eq, b_eq, a_ub, b_ub_tail)``: every row but the answer shares'
    right-hand sides, which :func:`_lp_constraints` puts before the tail.
    """
    w1, w2 = np.array(w1), np.array(w2)
    g1, g2 = len(w1), len(w2)
    cells = g1 * g2
    row_sum = np.kron(np.eye(g1), np.ones(g2))  # sum over columns of each row
    col_sum = np.kron(np.ones(g1), np.eye(g2))
    zero = np.zeros((1, cells))
    a_eq = [np.hstack([row_sum, zero.repeat(g1, 0)]), np.hstack([col_sum, zero.repeat(g2, 0)])]
    m_rows = np.vstack([row_sum, col_sum])
    a_ub = [
        np.hstack([np.zeros_like(m_rows), m_rows]),
        np.hstack([np.zeros_like(m_rows), -m_rows]),
        np.hstack([-np.eye(cells), np.eye(cells)]),  # m <= w
    ]
    tail = [np.zeros(cells)]
    if dependence == "positive_quadrant":
        lower = np.tril(np.ones((g1, g1)))[:-1]
        left = np.tril(np.ones((g2, g2)))[:-1]
        cum = np.kron(lower, left)  # P(E <= e, I <= i) for e < G1, i < G2
        a_ub.append(np.hstack([-cum, np.zeros_like(cum)]))
        tail.append(-np.outer(np.cumsum(w1)[:-1], np.cumsum(w2)[:-1]).ravel())
    out = (np.vstack(a_eq), np.concatenate([w1, w2]), np.vstack(a_ub), np.concatenate(tail))
    for a in out:
        a.setflags(write=False)
    return out


@functools.lru_cache(maxsize=256)
def _lp_rows(w1: tuple, w2: tuple, dependence: str) -> Any:
    """The rows ``A_ub`` then ``A_eq`` of :func:`_lp_matrices` as one sparse matrix (cached).

    What :func:`_solve_lp` gives HiGHS, converted once per pair of margins
    (``scipy.sparse.csc_array``, as ``milp`` converts a dense matrix).
    """
    from scipy import sparse

    a_eq, _, a_ub, _ = _lp_matrices(w1, w2, dependence)
    return sparse.csc_array(np.vstack([a_ub, a_eq]))


def slope_correlation_range(
    shares1: Any,
    shares2: Any,
    p1: Any,
    p2: Any,
    *,
    dependence: str = "none",
    joint: Any = None,
    tolerance: float = 0.0,
) -> Range:
    r"""Sharp range of the correlation of two slope indices from the same respondents.

    The smallest and largest correlation of :func:`slope_index_covariance`
    over every population joint table of the two groupings with the given
    margins and every cross-cell answer share consistent with the two
    profiles' answer shares.

    Parameters
    ----------
    shares1, shares2 : array_like
        Population shares of the groups of each grouping (bottom to top),
        each summing to 1.
    p1, p2 : array_like
        Answer shares of the groups of each grouping, in [0, 1].
    dependence : {"none", "positive_quadrant"}, default "none"
        ``"none"``: any joint table with these margins.
        ``"positive_quadrant"``: only tables with positive quadrant dependence
        (Lehmann 1966), :math:`P(E \le e, I \le i) \ge P(E \le e) P(I \le
        i)` for every pair of cut points -- the documented assumption that a
        higher education does not make a lower income more likely.
    joint : array_like, optional
        A known joint table (for example a published cross table); then only
        the cross-cell answer shares are unknown and ``dependence`` must be
        ``"none"``.
    tolerance : float, default 0
        How far each group's answer share may lie from ``p1``/``p2`` (for
        printed percentages, their rounding half-width, e.g. 0.005).  The
        two profiles' overall answer shares must agree within it.

    Returns
    -------
    Range
        ``Range(low, high)`` of the correlation; both ends are attained (to
        first order; the covariance's coefficients use ``p1``, ``p2``).  The
        range is intersected with [-1, 1]: with ``tolerance > 0`` the
        first-order coefficients at ``p1``, ``p2`` can otherwise put an end
        beyond it (flat profiles, whose SII variance is small).

    Raises
    ------
    MigstatsValueError
        If the shares or proportions are invalid, ``dependence`` is unknown,
        ``tolerance`` is negative, or ``joint`` is combined with
        ``dependence="positive_quadrant"``.
    InfeasibleError
        If no joint table fits (for example the two profiles' overall answer
        shares differ by more than ``tolerance`` allows).

    Notes
    -----
    With :math:`m_{ei} = w_{ei}\pi_{ei}` the covariance is linear in
    :math:`(w, m)` (module docstring), the margins are linear equalities,
    :math:`0 \le m_{ei} \le w_{ei}` and positive quadrant dependence are
    linear inequalities, and the two variances depend on the margins only;
    so both ends are linear programmes, solved with
    HiGHS (:func:`_solve_lp`).  Total positivity of order 2
    would narrow the range further but is not linear; it is not offered.

    References
    ----------
    .. [1] Lehmann, E. L. (1966). Some concepts of dependence. *Annals of
       Mathematical Statistics*, 37(5), 1137--1153.
    .. [2] Fréchet, M. (1951). Sur les tableaux de corrélation dont les
       marges sont données. *Annales de l'Université de Lyon*, A 14, 53--77.

    Examples
    --------
    >>> from migstats import slope_correlation_range
    >>> edu, inc = [0.3, 0.35, 0.35], [0.2] * 5
    >>> p_edu, p_inc = [0.7, 0.55, 0.4], [0.65, 0.6, 0.55, 0.5, 0.45]
    >>> any_table = slope_correlation_range(edu, inc, p_edu, p_inc, tolerance=0.005)
    >>> pqd = slope_correlation_range(
    ...     edu, inc, p_edu, p_inc, tolerance=0.005, dependence="positive_quadrant")
    >>> any_table.low < pqd.low < pqd.high <= any_table.high
    True
    """
    w1, w2 = _check_shares(shares1), _check_shares(shares2)
    pi1, pi2 = _margin_p(p1, "p1", len(w1)), _margin_p(p2, "p2", len(w2))
    dep = check_option(dependence, "dependence", DEPENDENCE_ASSUMPTIONS)
    tol = float(check_numeric(tolerance, "tolerance"))
    if not tol >= 0:
        raise invalid_value("tolerance", "a number >= 0", tolerance)
    known = None
    if joint is not None:
        if dep != "none":
            raise invalid_value("dependence", '"none" when joint is given', dependence)
        known = _joint_with_margins(joint, w1, w2)
    a, s1 = _centred_ridits(w1)
    b, s2 = _centred_ridits(w2)
    ab = np.outer(a, b) / (s1 * s2)
    cost = np.concatenate(
        [(ab * np.outer(pi1, pi2)).ravel(), (ab * (1 - pi1[:, None] - pi2)).ravel()]
    )
    var1 = (w1 * a**2 * pi1 * (1 - pi1)).sum() / s1**2
    var2 = (w2 * b**2 * pi2 * (1 - pi2)).sum() / s2**2
    if not var1 * var2 > 0:
        raise MigstatsValueError(
            "p1, p2: a profile with every answer share 0 or 1 has no correlation"
        )
    a_eq, b_eq, a_ub, b_ub, bounds = _lp_constraints(w1, w2, pi1, pi2, tol, dep, known)
    rows = _lp_rows(tuple(w1.tolist()), tuple(w2.tolist()), dep)
    ends = []
    for sign in (1.0, -1.0):
        res = _solve_lp(sign * cost, a_ub, b_ub, a_eq, b_eq, bounds, rows)
        if res.status != 0:
            raise InfeasibleError(
                "p1, p2: no joint table has these margins and answer shares "
                f"(the overall shares {float(w1 @ pi1):.4f} and {float(w2 @ pi2):.4f} "
                f"must agree within tolerance {tol})"
            )
        ends.append(sign * res.fun / np.sqrt(var1 * var2))
    # a correlation lies in [-1, 1]; with tolerance > 0 the first-order
    # coefficients (taken at p1, p2) can put an end just beyond it
    return Range(float(max(ends[0], -1.0)), float(min(ends[1], 1.0)))


# --------------------------------------------------------------------------
# the correlation a comparison of two slope indices uses
# --------------------------------------------------------------------------

#: What :func:`gradient_correlation` can base the correlation of two slope
#: indices on: the sharp range the margins allow (``"margins"``), narrowed by
#: positive quadrant dependence (``"positive_quadrant"``, the default), or the
#: fixed values 0 (``"independent"``) and -1 (``"worst_case"``, valid for any
#: dependence).  A known joint table (``joint=``) replaces the first two.
CORRELATION_OPTIONS = ("positive_quadrant", "margins", "independent", "worst_case")

#: Default of :func:`gradient_correlation` and
#: :func:`migstats.compare_gradient_results`: the sharp range from the
#: published margins under positive quadrant dependence, worst case within
#: it (justified in docs/methods.md, section 4.9).
DEFAULT_CORRELATION = "positive_quadrant"

#: Where a correlation comes from: a published joint table, derived from
#: the published margins (under the named assumption), or assumed.
PROVENANCES = ("published", "derived", "assumed")

#: Relative and absolute slack added to the smallest feasible tolerance, so
#: that the linear programme at it is not infeasible by the solver's
#: feasibility tolerance (HiGHS: 1e-7); multiplied by 10 on each retry
#: (project convention: far below a printed digit).
_TOLERANCE_SLACK = (1e-6, 1e-6)

#: Retries with a ten times larger slack.
_SLACK_RETRIES = 4


@dataclasses.dataclass(frozen=True, repr=False)
class SlopeCorrelation(Result):
    """Result of :func:`gradient_correlation`: the range of the correlation of two SIIs.

    Attributes
    ----------
    low, high : float
        Ends of the range of the correlation (equal for a single value).
    provenance : str
        ``"published"`` (from a given joint table), ``"derived"`` (from the
        published margins, under ``assumption``) or ``"assumed"``.
    assumption : str
        ``"joint"``, ``"margins"``, ``"positive_quadrant"``,
        ``"independent"``, ``"worst_case"``, ``"given"`` (a number or
        range given by the caller) or ``"frechet"`` (two items of the same
        respondents, :func:`migstats._core.paired_contrast_correlation`).
    tolerance : float
        The tolerance the linear programme used (NaN when there was none):
        the given one, widened where the two profiles' overall answer shares
        differ by more (see :func:`gradient_correlation`).
    """

    low: float
    high: float
    provenance: str
    assumption: str
    tolerance: float = float("nan")

    def least_favourable(self, sign: Any = 1.0) -> Any:
        """The correlation in the range that gives the largest variance.

        Parameters
        ----------
        sign : float or array_like
            ``sign(sii_a) * sign(sii_b)`` for the difference of absolute
            values (the correlation enters as ``sign * rho``); 1 for the
            signed difference.

        Returns
        -------
        float or ndarray
            ``low`` where ``sign >= 0``, else ``high``.

        Examples
        --------
        >>> from migstats import SlopeCorrelation
        >>> r = SlopeCorrelation(-0.3, 0.9, "derived", "positive_quadrant")
        >>> r.least_favourable(), r.least_favourable(-1.0)
        (-0.3, 0.9)
        """
        return _out(np.where(np.asarray(sign, dtype=float) >= 0, self.low, self.high))


def _solve_lp(cost, a_ub, b_ub, a_eq, b_eq, bounds, rows=None):
    """Minimise ``cost @ x`` s.t. ``a_ub @ x <= b_ub``, ``a_eq @ x == b_eq``, ``bounds``.

    ``scipy.optimize.linprog(method="highs")``'s programme, given to HiGHS as
    :func:`scipy.optimize.milp` gives it (no integer variables: a linear
    programme): the rows ``A_ub`` then ``A_eq`` with the row bounds
    ``(-inf, b_ub]`` and ``[b_eq, b_eq]``, as ``linprog`` builds them, with
    less work per call than ``linprog`` (a third less for these small
    programmes; tested to give ``linprog``'s optimum).  ``rows``: those
    rows already stacked (:func:`_lp_rows`).  ``res.status`` is 0 at an
    optimum.

    References
    ----------
    .. [1] Huangfu, Q., & Hall, J. A. J. (2018). Parallelizing the dual
       revised simplex method. *Mathematical Programming Computation*,
       10(1), 119--142 (HiGHS).
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    rows = np.vstack([a_ub, a_eq]) if rows is None else rows
    low = np.concatenate([np.full(len(b_ub), -np.inf), b_eq])
    high = np.concatenate([b_ub, b_eq])
    ends = np.array(bounds, dtype=float)
    return milp(cost, constraints=LinearConstraint(rows, low, high), bounds=Bounds(*ends.T))


def _smallest_tolerance(w1, w2, pi1, pi2, dependence, joint) -> float:
    """Smallest tolerance at which one population fits both profiles (a linear programme).

    The variables of :func:`slope_correlation_range`'s programme plus ``t``;
    the margins of ``m`` may move by ``t`` times the group share; minimise
    ``t`` (always feasible: ``t = 1`` with ``m = 0``).
    """
    a_eq, b_eq, a_ub, b_ub, bounds = _lp_constraints(w1, w2, pi1, pi2, 0.0, dependence, joint)
    groups = len(w1) + len(w2)
    t_col = np.zeros((a_ub.shape[0], 1))
    t_col[: 2 * groups, 0] = -np.tile(np.concatenate([w1, w2]), 2)
    cost = np.zeros(a_ub.shape[1] + 1)
    cost[-1] = 1.0
    res = _solve_lp(
        cost,
        np.hstack([a_ub, t_col]),
        b_ub,
        np.hstack([a_eq, np.zeros((a_eq.shape[0], 1))]),
        b_eq,
        [*bounds, (0.0, 1.0)],
    )
    if res.status != 0:  # pragma: no cover - t = 1, m = 0 is always feasible
        raise InfeasibleError("p1, p2: no joint table fits the two profiles")
    return float(res.x[-1])


#: How far below the tolerance :func:`_fits_within`'s table must fit, so that
#: the linear programme's smallest tolerance (solved to HiGHS's feasibility
#: tolerance, 1e-7) is below it too (project convention).
_FIT_MARGIN = 1e-6


def _fits_within(w1, w2, pi1, pi2, tolerance: float) -> bool:
    r"""Whether one population is known to fit both profiles within ``tolerance``.

    Derived here: in any fitting table the answer share of the whole
    population is within ``t`` of both overall shares :math:`P_1 = \sum
    w_{1e} p_{1e}` and :math:`P_2`, so :math:`t \ge |P_1 - P_2| / 2`; the
    independence table :math:`w_{ei} = w_{1e} w_{2i}` (positive quadrant
    dependent, with equality) with :math:`\pi_{ei} = p_{1e} + p_{2i} -
    (P_1 + P_2) / 2` attains it whenever every :math:`\pi_{ei}` is a share.
    True when that table exists and fits :data:`_FIT_MARGIN` below
    ``tolerance``.
    """
    p1_all, p2_all = float(w1 @ pi1), float(w2 @ pi2)
    cell = pi1[:, None] + pi2[None, :] - (p1_all + p2_all) / 2.0
    fits = abs(p1_all - p2_all) / 2.0 <= tolerance - _FIT_MARGIN
    return bool(fits and (cell >= 0).all() and (cell <= 1).all())


def _given_correlation(value: Any) -> SlopeCorrelation | None:
    """A correlation that needs no profiles, or None (it needs the margins)."""
    allowed = (
        f"one of {', '.join(CORRELATION_OPTIONS)}, a number in [-1, 1], a pair "
        "(low, high) with -1 <= low <= high <= 1, or a SlopeCorrelation"
    )
    if isinstance(value, SlopeCorrelation):
        return value
    if isinstance(value, str):
        option = check_option(value, "correlation", CORRELATION_OPTIONS)
        fixed = {"independent": 0.0, "worst_case": -1.0}
        if option in fixed:
            return SlopeCorrelation(fixed[option], fixed[option], "assumed", option)
        return None
    if isinstance(value, bool) or np.ndim(value) > 1 or np.size(value) not in (1, 2):
        raise invalid_value("correlation", allowed, value)
    try:
        ends = np.asarray(value, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise invalid_value("correlation", allowed, value) from None
    low, high = float(ends[0]), float(ends[-1])
    if not -1.0 <= low <= high <= 1.0:  # also rejects NaN
        raise invalid_value("correlation", allowed, value)
    return SlopeCorrelation(low, high, "assumed", "given")


def gradient_correlation(
    shares1: Any,
    shares2: Any,
    p1: Any,
    p2: Any,
    *,
    correlation: Any = DEFAULT_CORRELATION,
    joint: Any = None,
    tolerance: float = 0.0,
) -> SlopeCorrelation:
    r"""The range of the correlation of two SIIs that a comparison takes its worst case in.

    Parameters
    ----------
    shares1, shares2 : array_like
        Population shares of the groups of each grouping (bottom to top).
    p1, p2 : array_like
        Answer shares of the groups of each grouping, in [0, 1].
    correlation : str, float, (low, high) or SlopeCorrelation
        ``"positive_quadrant"`` (default): the sharp range the margins allow
        under positive quadrant dependence of the two groupings;
        ``"margins"``: the sharp range over every joint table;
        ``"independent"``: 0; ``"worst_case"``: -1 (valid for any
        dependence); a number or a pair: that value or range (``"assumed"``).
    joint : array_like, optional
        A known (published) joint table of the two groupings; then the range
        is over the unknown cross-cell answer shares only (``"published"``),
        and ``correlation`` must be ``"positive_quadrant"`` or ``"margins"``.
    tolerance : float, default 0
        How far each group's answer share may lie from ``p1``/``p2``: the
        rounding half-width of printed percentages (0.005 for whole
        percents).  Where the two profiles' overall answer shares differ by
        more than the margins' rounding allows (weights or item nonresponse
        that differ between the breakdowns), it is widened to the smallest
        value at which one population fits both -- at least half their
        difference -- and the value used is the result's ``tolerance``.

    Returns
    -------
    SlopeCorrelation
        ``low``, ``high``, ``provenance``, ``assumption`` and ``tolerance``.

    Raises
    ------
    MigstatsValueError
        If ``correlation`` is not an option, a number in [-1, 1] or an
        ordered pair in it, ``joint`` comes with ``"independent"`` or
        ``"worst_case"``, or the shares, proportions or ``tolerance`` are
        invalid for :func:`slope_correlation_range`.

    Notes
    -----
    The range is :func:`slope_correlation_range` (two linear programmes);
    a comparison then uses its least favourable end
    (:meth:`SlopeCorrelation.least_favourable`).  The correlation of the
    two estimates does not depend on ``n`` or ``deff`` (first order, group
    sizes proportional to the population shares).

    References
    ----------
    .. [1] Lehmann, E. L. (1966). Some concepts of dependence. *Annals of
       Mathematical Statistics*, 37(5), 1137--1153.

    Examples
    --------
    Table 7.6 (``close_borders``), whole percents:

    >>> from migstats import LISS_2023, gradient_correlation
    >>> edu = list(LISS_2023.shares["education"].values())
    >>> inc = list(LISS_2023.shares["income"].values())
    >>> r = gradient_correlation(edu, inc, [0.47, 0.37, 0.21],
    ...                          [0.36, 0.38, 0.33, 0.29, 0.29], tolerance=0.005)
    >>> round(r.low, 2), round(r.high, 2), r.provenance, r.assumption
    (-0.4, 0.91, 'derived', 'positive_quadrant')
    """
    given = _given_correlation(correlation)
    if given is not None:
        if joint is not None:
            raise invalid_value(
                "joint", 'None unless correlation is "positive_quadrant" or "margins"', "a table"
            )
        return given
    w1, w2 = _check_shares(shares1, "shares1"), _check_shares(shares2, "shares2")
    pi1, pi2 = _margin_p(p1, "p1", len(w1)), _margin_p(p2, "p2", len(w2))
    tol = float(check_numeric(tolerance, "tolerance"))
    if not tol >= 0:
        raise invalid_value("tolerance", "a number >= 0", tolerance)
    dep = "none" if correlation == "margins" or joint is not None else "positive_quadrant"
    known = None if joint is None else _joint_with_margins(joint, w1, w2)
    rel, absolute = _TOLERANCE_SLACK
    # the linear programme for the smallest tolerance is not needed where a
    # table is known to fit within the tolerance given (it would give ``tol``)
    fits = known is None and _fits_within(w1, w2, pi1, pi2, (tol - absolute) / (1.0 + rel))
    smallest = None if fits else _smallest_tolerance(w1, w2, pi1, pi2, dep, known)
    for retry in range(_SLACK_RETRIES + 1):
        scale = 10.0**retry
        if smallest is None and retry:
            smallest = _smallest_tolerance(w1, w2, pi1, pi2, dep, known)
        used = (
            tol if smallest is None else max(tol, smallest * (1.0 + rel * scale) + absolute * scale)
        )
        try:
            rng = slope_correlation_range(
                w1, w2, pi1, pi2, dependence=dep, joint=joint, tolerance=used
            )
            break
        except InfeasibleError:
            if retry == _SLACK_RETRIES:
                raise
    if joint is not None:
        return SlopeCorrelation(rng.low, rng.high, "published", "joint", used)
    return SlopeCorrelation(rng.low, rng.high, "derived", str(correlation), used)
