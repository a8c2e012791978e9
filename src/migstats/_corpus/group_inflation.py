"""A group's variance when only an overall design effect is known: the inflation rules.

This module owns how the audit's headline allows for a group's possible
under-representation when a report publishes an overall margin of error (so
an overall design effect) but no group sizes or group margins:
:data:`GROUP_INFLATION_RULES`, :func:`kish_group_bound` (the largest group
variance multiplier an overall Kish design effect allows) and
:func:`inflated_design` (the design with the rule applied to every dimension
without published group sizes or group design effects).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._base import check_deff, check_option, invalid_value
from .design_groups import underrepresented_fields
from .design_helpers import UNDERREPRESENTED_DEFF_FACTOR, UNDERREPRESENTED_SELECTION_FACTOR

__all__ = [
    "DEFAULT_GROUP_INFLATION",
    "GROUP_INFLATION_RULES",
    "inflated_design",
    "kish_group_bound",
]

#: How a group's variance allows for its possible under-representation when
#: only an overall design effect is known: ``"scenario"`` -- the
#: under-representation scenario of :meth:`SampleDesign.scenarios` (the
#: first group of each dimension selected at half rate, its deff x 1.125;
#: project convention from docs/calibration.md); ``"bound"`` -- every group
#: at the largest variance the overall Kish deff allows
#: (:func:`kish_group_bound`); ``"none"`` -- population-share group sizes at
#: the overall deff.
GROUP_INFLATION_RULES: tuple[str, ...] = ("scenario", "bound", "none")

#: The audit's default rule, chosen by calibration (docs/calibration.md,
#: "group inflation"; docs/methods.md, section 6.5).
DEFAULT_GROUP_INFLATION = "scenario"


def kish_group_bound(deff: Any, share: Any) -> np.ndarray:
    """The largest variance multiplier of a group that an overall Kish deff allows.

    Parameters
    ----------
    deff : float or array_like
        Overall Kish design effect of weighting, ``D = 1 + CV(w)^2 >= 1``.
    share : float or array_like
        The group's population (weighted) share ``pi`` in (0, 1).

    Returns
    -------
    numpy.ndarray
        ``m_max``: the group's estimate has variance at most
        ``m_max p (1 - p) / (n pi)``, i.e. ``m_max`` is its design effect
        with population-share group size ``n pi``.

    Raises
    ------
    MigstatsValueError
        If ``deff < 1`` or ``share`` is not in (0, 1).

    Notes
    -----
    Kish's (1965, section 11.7; 1992) design effect of weighting decomposes
    over groups: with sample shares ``s_g``, population shares ``pi_g`` and
    within-group weight variation ``CV_g``,
    ``D = sum_g (pi_g^2 / s_g) (1 + CV_g^2) = sum_g pi_g m_g`` with
    ``m_g = (pi_g / s_g)(1 + CV_g^2)`` the group's variance multiplier.
    Given ``m_g``, the other groups contribute at least
    ``(1 - pi_g)^2 / (1 - s_g)`` (Cauchy-Schwarz, equality with equal
    weights), and ``s_g >= pi_g / m_g``, so
    ``D >= pi m + (1 - pi)^2 m / (m - pi)``, increasing in ``m >= 1``.  The
    bound is the larger root of ``pi m^2 + (1 - 2 pi - D) m + D pi = 0``;
    it is sharp (reached with equal weights within each group), equals 1
    at ``D = 1``, and lies below the simpler bound
    ``(D - (1 - pi)^2) / pi`` that drops the factor ``1 / (1 - s_g)``.

    References
    ----------
    .. [1] Kish, L. (1965). *Survey Sampling*. Wiley, section 11.7.
    .. [2] Kish, L. (1992). Weighting for unequal P_i. *Journal of Official
       Statistics*, 8(2), 183--200.

    Examples
    --------
    >>> kish_group_bound(1.0, 0.25).round(6).tolist()
    1.0
    >>> kish_group_bound(1.65, [0.25, 0.4]).round(3).tolist()
    [4.208, 3.091]
    """
    d = np.asarray(check_deff(deff, "deff"), dtype=float)
    if np.any(d < 1):
        raise invalid_value("deff", "a Kish design effect >= 1", deff)
    pi = np.asarray(share, dtype=float)
    if pi.size == 0 or np.any(~np.isfinite(pi) | (pi <= 0) | (pi >= 1)):
        raise invalid_value("share", "population shares in (0, 1)", share)
    b = d + 2 * pi - 1
    return (b + np.sqrt(np.maximum(b * b - 4 * pi * pi * d, 0.0))) / (2 * pi)


def _bound_fields(design: Any, dims: tuple[str, ...], deff: float) -> dict[str, Any]:
    """``group_deff`` with every group of ``dims`` at :func:`kish_group_bound`."""
    deffs = {k: dict(v) for k, v in design.group_deff.items()}
    for d in dims:
        shares = design.group_shares(d)
        inner = shares[(shares > 0) & (shares < 1)]
        m = kish_group_bound(max(deff, 1.0), inner.to_numpy()) if len(inner) else []
        # group_deff is stated at the design's deff (group_deffs rescales it to deff)
        scale = float(design.deff) / deff
        deffs[d] = {g: float(v) * scale for g, v in zip(inner.index, m, strict=True)}
    return {"group_deff": deffs}


def inflated_design(design: Any, rule: str = DEFAULT_GROUP_INFLATION, deff: Any = None) -> Any:
    """``design`` with a group inflation rule applied where group facts are missing.

    Parameters
    ----------
    design : SampleDesign
        The design; dimensions with published ``group_n`` or ``group_deff``
        are left as they are.
    rule : {"scenario", "bound", "none"}
        One of :data:`GROUP_INFLATION_RULES`; default
        :data:`DEFAULT_GROUP_INFLATION`.
    deff : float, optional
        The overall design effect the headline is taken at (for
        ``"bound"``); default ``design.deff``.

    Returns
    -------
    SampleDesign
        A design of the same name whose :meth:`~SampleDesign.group_design`
        gives the inflated group sizes and design effects.

    Raises
    ------
    MigstatsValueError
        For an unknown rule or a bad ``deff``.

    Notes
    -----
    ``"scenario"`` uses :data:`UNDERREPRESENTED_SELECTION_FACTOR` and
    :data:`UNDERREPRESENTED_DEFF_FACTOR` (project convention, from the
    calibration's "low education under-represented" design);
    ``"bound"`` :func:`kish_group_bound` (Kish 1965, section 11.7).

    References
    ----------
    .. [1] Kish, L. (1965). *Survey Sampling*. Wiley, section 11.7.

    Examples
    --------
    >>> from migstats import SampleDesign
    >>> d = SampleDesign(2900, (2900, 2900), {"edu": {"low": 0.25, "high": 0.75}}, deff=1.5)
    >>> inflated_design(d, "scenario").group_sizes("edu").tolist()
    [414, 2486]
    >>> inflated_design(d, "bound").group_deffs("edu").round(3).tolist()
    [3.581, 1.86]
    >>> inflated_design(d, "none") is d
    True
    """
    rule = check_option(rule, "group_inflation", GROUP_INFLATION_RULES)
    dims = tuple(d for d in design.shares if d not in design.group_n and d not in design.group_deff)
    if rule == "none" or not dims:
        return design
    if rule == "scenario":
        fields = underrepresented_fields(
            design, dims, UNDERREPRESENTED_SELECTION_FACTOR, UNDERREPRESENTED_DEFF_FACTOR
        )
        return design.replace(**fields)
    d = float(design.deff if deff is None else check_deff(deff, "deff"))
    return design.replace(**_bound_fields(design, dims, d))
