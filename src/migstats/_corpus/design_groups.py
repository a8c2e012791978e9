"""Resolving a :class:`~.design.SampleDesign` into its groups.

One concept: the per-group fields of a design (sample shares, published
group counts, group design effects, unclassified shares) -- checking them
together, apportioning a total into whole group sizes, and the
under-representation scenario's fields.  :class:`~.design.SampleDesign`
calls these; the class itself is in :mod:`.design`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from .._base import check_option, invalid_value
from .design_checks import _real, check_per_group, check_unclassified
from .design_helpers import underrepresented_shares

__all__ = [
    "QUOTA_DECIMALS",
    "check_group_fields",
    "check_total_n",
    "largest_remainder",
    "underrepresented_fields",
]

#: Quotas ``n * share`` are rounded to this many decimals before taking the
#: floor in the largest-remainder method, so that a quota such as
#: ``2900 * 0.2`` that floating point stores as ``579.9999999999999`` counts
#: as the integer it represents.  Far below any real remainder (1/n).
QUOTA_DECIMALS = 9


def check_group_fields(
    design: Any, shares: Mapping[str, Mapping[str, float]], n: int
) -> dict[str, Any]:
    """Validated per-group fields of ``design`` (``sample_shares``, ``group_n``, ...).

    Called by ``SampleDesign.__post_init__``; returns the frozen values to set.
    """
    sample = check_per_group(
        design.sample_shares, "sample_shares", shares, every_group=True, kind="share"
    )
    counts = check_per_group(design.group_n, "group_n", shares, every_group=True, kind="count")
    deffs = check_per_group(design.group_deff, "group_deff", shares, every_group=False, kind="deff")
    unclassified = check_unclassified(design.unclassified_share, shares)
    for dim in counts:
        if dim in sample or dim in unclassified:
            raise invalid_value(
                "group_n",
                "dimensions not also in sample_shares or unclassified_share "
                "(published counts fix both)",
                dim,
            )
        total = math.fsum(counts[dim].values())
        if total > n:
            raise invalid_value(
                f"group_n[{dim!r}]", f"counts summing to at most n = {n}", f"a sum of {total:g}"
            )
    return {
        "sample_shares": sample,
        "group_n": counts,
        "group_deff": deffs,
        "unclassified_share": unclassified,
    }


def largest_remainder(quotas: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Whole group sizes from quotas (rows) by the largest-remainder method.

    Hamilton's method (Balinski and Young 2001): floors of the quotas, then
    one more to the groups with the largest remainders until each row sums
    to ``round(totals)``.  See :meth:`~.design.SampleDesign.group_sizes`.
    """
    q = np.round(quotas, QUOTA_DECIMALS)
    floors = np.floor(q)
    remainder = q - floors
    missing = np.rint(np.round(totals, QUOTA_DECIMALS)) - floors.sum(axis=1)
    order = np.argsort(-remainder, axis=1, kind="stable")
    rank = np.argsort(order, axis=1, kind="stable")
    return (floors + (rank < missing[:, None])).astype(np.int64)


def underrepresented_fields(
    design: Any, dimensions: Any, selection_factor: float, deff_factor: float
) -> dict[str, Any]:
    """Fields of the "lowest groups under-represented" scenario of ``design``.

    See :meth:`~.design.SampleDesign.scenarios` for the arguments.
    """
    dims = (
        tuple(d for d in design.shares if d not in design.group_n)
        if dimensions is None
        else tuple(dimensions)
    )
    for d in dims:
        check_option(d, "dimensions", tuple(design.shares))
    if not (_real(deff_factor) and deff_factor > 0):
        raise invalid_value("deff_factor", "a number > 0", deff_factor)
    sample = dict(design.sample_shares)
    deffs = {k: dict(v) for k, v in design.group_deff.items()}
    counts = dict(design.group_n)
    unclassified = dict(design.unclassified_share)
    for d in dims:
        groups = list(design.shares[d])
        if d in counts:  # published counts: keep their unclassified share
            unclassified[d] = design.unclassified(d)
            del counts[d]
        q = underrepresented_shares(design.sample_group_shares(d).to_numpy(), selection_factor)
        sample[d] = dict(zip(groups, q.tolist(), strict=True))
        deffs.setdefault(d, {})[groups[0]] = float(design.group_deffs(d).iloc[0]) * deff_factor
    return {
        "sample_shares": sample,
        "group_deff": deffs,
        "group_n": counts,
        "unclassified_share": unclassified,
    }


def check_total_n(design: Any, n: Any, name: str = "n") -> None:
    """Refuse a total ``n`` too small for every group of ``design`` to hold one respondent.

    A total n is split over each dimension's groups by the design's sample
    shares (:meth:`SampleDesign.sample_group_shares`, less the unclassified
    share), so the smallest n that gives every group at least one respondent
    is ``ceil(1 / smallest fraction)`` over the dimensions.  The error names
    ``n`` (the user's argument), not the derived group sizes.

    Examples
    --------
    >>> from migstats import LISS_2023
    >>> check_total_n(LISS_2023, 2900)
    >>> check_total_n(LISS_2023, 1)
    Traceback (most recent call last):
    ...
    migstats._base.errors.MigstatsValueError: n must be at least 5 ...
    """
    smallest = min(
        float(design.sample_group_shares(d).min()) * (1.0 - design.unclassified(d))
        for d in design.dimensions
    )
    need = math.ceil(1.0 / smallest - 1e-9) if smallest > 0 else math.inf
    total = np.atleast_1d(np.asarray(n, dtype=float))
    if (total < need).any():
        raise invalid_value(
            name,
            f"at least {need:,} so that every group of the design has at least one "
            f"respondent (n times the smallest group share, {smallest:.3g}, must be >= 1)",
            n,
        )
