"""What a figure assumes: the report, its design, n and deff, and equal shares where unknown.

The figures of :mod:`migstats.plots` resolve their report and design here
and state their assumptions in the figure (:func:`assumption_note`); a
dimension without published group shares gets equal shares, as the audit
assumes (:func:`assume_equal_shares`).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from .._base import check_deff, check_n, invalid_value
from .._corpus import Report, SampleDesign, load_report


def _single_n(n: Any, design: SampleDesign) -> int:
    if n is None:
        return int(design.n)
    if np.ndim(n) != 0:
        raise invalid_value("n", "a single integer >= 1", n)
    return int(check_n(n, "n"))


def _single_deff(deff: Any, design: SampleDesign) -> float:
    if deff is None:
        return float(design.deff)
    if np.ndim(deff) != 0:
        raise invalid_value("deff", "a single number > 0", deff)
    return float(check_deff(deff))


def _check_design(design: Any) -> SampleDesign:
    if not isinstance(design, SampleDesign):
        raise invalid_value("design", "a SampleDesign", type(design).__name__)
    return design


def _assumption_note(n: int, deff: float, design: SampleDesign) -> str:
    lo, hi = design.n_range
    known = "published" if lo == hi == n else f"assumed; plausible {lo:,}-{hi:,}"
    return f"n = {n:,} ({known}), deff = {deff:.3g}"


def _report_and_design(report: Any, design: Any) -> tuple[Report, SampleDesign]:
    """The report (default chapter 7) and the design (default the report's)."""
    rep = load_report() if report is None else load_report(report)
    return rep, rep.design if design is None else _check_design(design)


def assume_equal_shares(
    design: SampleDesign, dimensions: dict[str, Any]
) -> tuple[SampleDesign, tuple[str, ...]]:
    """``design`` with equal group shares for each dimension it has no shares for.

    Parameters
    ----------
    design : SampleDesign
        The report's design.
    dimensions : mapping of str to sequence of str
        The dimensions to analyse, each with its groups in order.

    Returns
    -------
    (SampleDesign, tuple of str)
        The design with ``1/k`` for each of the ``k`` groups of a dimension
        without shares, and the names of those dimensions (empty: ``design``
        itself).

    Notes
    -----
    The audit's assumption for a dimension whose class sizes the design does
    not know (:mod:`migstats._audit`, "equal shares assumed"), so a figure or
    a command that analyses such a dimension agrees with the audit.  The
    shares are an assumption, not data; callers state it.

    Examples
    --------
    >>> from migstats import load_report
    >>> pew = load_report("pew-inequality-2020")
    >>> d, assumed = assume_equal_shares(pew.design, {"age": ["18-29", "30-49"]})
    >>> assumed, dict(d.shares["age"])
    (('age',), {'18-29': 0.5, '30-49': 0.5})
    """
    missing = {
        dim: tuple(groups)
        for dim, groups in dimensions.items()
        if dim not in design.shares and len(groups) >= 2
    }
    if not missing:
        return design, ()
    shares = dict(design.shares)
    for dim, groups in missing.items():
        shares[dim] = dict.fromkeys(groups, 1.0 / len(groups))
    return dataclasses.replace(design, shares=shares), tuple(missing)
