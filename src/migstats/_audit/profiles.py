"""The published numbers a claim rests on: one profile per item x response x dimension.

This module owns :class:`Profile` (the percentages of one breakdown, how far
their rounding lets the true values move, the groups' sizes and population
shares) and its construction from the tidy tables and the sample design.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._base import invalid_value
from .._corpus import published_parts, table_columns
from .fast import cached_rounding_interval
from .memo import memoised
from .settings import APPROXIMATE_HALF_WIDTH, AuditSettings

#: Dimensions whose groups are separate surveys, each of the full n.
DIMENSIONS_INDEPENDENT = ("period",)


@dataclasses.dataclass
class Profile:
    """The published numbers of one item x response x dimension."""

    label: str
    groups: tuple
    percent: np.ndarray
    d_low: np.ndarray  # percent - lowest true value the rounding allows
    d_high: np.ndarray  # highest true value - percent
    n_frac: np.ndarray  # group n / (deff_g / deff) = total n * n_frac (variance sizes)
    shares: np.ndarray  # population shares of the published groups (sum 1)
    complete: bool  # every group of the dimension is published
    assumption: str = ""
    # population shares of every group of the dimension, in its order (set by
    # ClaimContext.ordered_profile; the ridit span of an extreme-group gap)
    dimension_shares: np.ndarray | None = None

    def idx(self, names: Sequence[str]) -> list[int]:
        """Positions of the groups ``names``."""
        return [self.groups.index(g) for g in names]


def design_shares(design: Any, dimension: str) -> dict | None:
    """Population shares {group: share} of a dimension, or None if unknown."""
    if dimension == "total":
        return {"total": 1.0}
    try:
        shares = design.group_shares(dimension)
    except (KeyError, ValueError):
        return None
    return {str(k): float(v) for k, v in dict(shares).items()}


def rounding_deltas(
    parts: Sequence[float], approx: Sequence[bool], s: AuditSettings
) -> tuple[float, float]:
    """How far the true (sum of) value(s) may lie below / above the published one.

    Approximate numbers ("around 50%") get +/- APPROXIMATE_HALF_WIDTH.  The
    true values cannot leave [0, 100].
    """
    lo_total = hi_total = 0.0
    for v, a in zip(parts, approx, strict=True):
        if a:
            lo, hi = v - APPROXIMATE_HALF_WIDTH, v + APPROXIMATE_HALF_WIDTH
        else:
            lo, hi = cached_rounding_interval(float(v), s.decimals, s.rounding)
        lo_total += v - max(lo, 0.0)
        hi_total += min(hi, 100.0) - v
    return lo_total, hi_total


def profile(
    tables: pd.DataFrame,
    table_ids: Sequence[str],
    item: str,
    response: str,
    dimension: str,
    design: Any,
    s: AuditSettings,
    as_shares: bool = True,
) -> Profile:
    """The profile of ``item`` (``response``) across ``dimension`` in ``table_ids``.

    Group sizes and design effects come from
    :meth:`SampleDesign.group_design` (the one lookup, shared with the table
    functions): ``n_frac = (n_g / n) / (deff_g / deff)``, so that
    ``n * n_frac`` with the overall deff gives each group's own variance.
    Population shares (ridits, pooling) come from the design; a dimension whose class
    sizes the design does not know gets equal shares, and a dimension of
    :data:`DIMENSIONS_INDEPENDENT` treats each group as a sample of n (both
    stated in ``Profile.assumption``).  With ``as_shares`` (the tests) a sum
    of a score range's parts is taken as the share it is
    (:func:`share_sums`); without it (the checks of the text against the
    tables) the sums stay as printed.

    Inside :func:`.memo.audit_memo` each profile is built once per tables,
    design and settings (claims on the same numbers share it; nothing in
    the audit changes a profile).
    """
    key = ("profile", id(tables), id(design), id(s), tuple(table_ids), item, response, dimension)
    return memoised(
        (*key, bool(as_shares)),
        (tables, design, s),
        lambda: _profile(tables, table_ids, item, response, dimension, design, s, as_shares),
    )


class NotAShare(Exception):
    """A sum of published parts that no share can take, even within their rounding (the reason)."""


def _profile(
    tables: pd.DataFrame,
    table_ids: Sequence[str],
    item: str,
    response: str,
    dimension: str,
    design: Any,
    s: AuditSettings,
    as_shares: bool,
) -> Profile:
    """:func:`profile`, built."""
    # the tables' columns converted once per tables (inside the audit's cache)
    columns = memoised(("columns", id(tables)), (tables,), lambda: table_columns(tables))
    found = published_parts(columns, table_ids, item, response, dimension)
    groups = tuple(found)
    percent = np.array([sum(p for p, _ in v) for v in found.values()], dtype=float)
    deltas = [
        rounding_deltas(tuple(p for p, _ in v), tuple(a for _, a in v), s) for v in found.values()
    ]
    d_low = np.array([d[0] for d in deltas])
    d_high = np.array([d[1] for d in deltas])
    label = f"{item} ({response}), {dimension}"
    note = ""
    if as_shares:
        printed = percent
        impossible = printed - d_low > 100.0 + SUM_TOLERANCE
        if impossible.any():
            raise NotAShare(
                f"the parts of {response} in table(s) {', '.join(table_ids)} sum to "
                + _per_group(groups, printed, impossible)
                + ": more than 100% even within their rounding, so the table's numbers are "
                "not shares of one distribution"
            )
        percent, d_low, d_high, moved = share_sums(percent, d_low, d_high)
        if moved.any():
            note = (
                f"the parts of {response} sum to more than 100% only within their rounding ("
                + _per_group(groups, printed, moved)
                + "): taken as 100%"
            )
    key = ("group_sizes", id(design), dimension, groups)
    sizes = memoised(key, (design,), lambda: _group_sizes(design, dimension, groups))
    n_frac, shares, complete, assumption = sizes
    n_frac, shares = n_frac.copy(), shares.copy()  # each profile its own arrays
    assumption = "; ".join(x for x in (assumption, note) if x)
    return Profile(
        label, groups, percent, d_low, d_high, n_frac, shares, complete, assumption=assumption
    )


def _per_group(groups: tuple, values: np.ndarray, which: np.ndarray) -> str:
    """``"101% for dem, 102% for rep"``: the values of the groups ``which`` selects."""
    return ", ".join(f"{v:g}% for {g}" for g, v, w in zip(groups, values, which, strict=True) if w)


#: How far a sum of published numbers may exceed 100 through floating-point
#: addition alone (project convention: far above the error of adding a few
#: numbers of at most a few decimals, e.g. 83.9 + 15.9 + 0.2 =
#: 100.00000000000001, far below any published digit).
SUM_TOLERANCE = 1e-9


def share_sums(percent, d_low, d_high) -> tuple:
    """Published numbers and sums of parts as shares: ``(percent, d_low, d_high, moved)``.

    The true value lies in ``[percent - d_low, percent + d_high]`` and, a
    share of one distribution (a sum of a score range's parts, whose
    categories are disjoint), in [0, 100].  A single number's interval
    already lies there (:func:`rounding_deltas`); a sum of rounded parts may
    print above 100 (51 + 50) or reach above it (60 + 40 and their
    rounding).  Where the interval reaches above 100 it is cut there, and a
    sum above 100 is taken at 100: ``moved`` where it was above by more than
    :data:`SUM_TOLERANCE` (the audit says so), silently where by
    floating-point addition only.  The caller refuses an interval wholly
    above 100 (no share).  Elementwise; unchanged numbers keep their values
    bit for bit.
    """
    percent, d_low, d_high = (np.asarray(x, dtype=float) for x in (percent, d_low, d_high))
    if (percent - d_low > 100.0 + SUM_TOLERANCE).any():
        raise invalid_value(
            "percent",
            "sums of parts that can be shares (at most 100% within their rounding)",
            percent[percent - d_low > 100.0 + SUM_TOLERANCE].tolist(),
        )
    above = percent > 100.0
    kept = np.where(above, 100.0, percent)
    return (
        kept,
        np.where(above, np.maximum(kept - (percent - d_low), 0.0), d_low),
        np.where(percent + d_high > 100.0, 100.0 - kept, d_high),
        percent > 100.0 + SUM_TOLERANCE,
    )


def _group_sizes(design: Any, dimension: str, groups: tuple) -> tuple:
    """``(n_frac, shares, complete, assumption)`` of the published groups of ``dimension``."""
    g = len(groups)
    if dimension in DIMENSIONS_INDEPENDENT:
        return (
            np.ones(g),
            np.full(g, 1.0 / g),
            True,
            f"each {dimension} is an independent sample of n",
        )
    shares = design_shares(design, dimension)
    if shares is None:
        w = np.full(g, 1.0 / g)
        return w, w, True, f"{dimension} class sizes unknown: equal shares assumed"
    missing = [x for x in groups if x not in shares]
    if missing:
        raise invalid_value("groups", f"groups of the design's {dimension!r} breakdown", missing)
    w = np.array([shares[x] for x in groups])
    if dimension == "total":
        return w, w / w.sum(), True, ""
    sizes = design.group_design(dimension, 1, 1.0)  # n_g per unit n, deff_g per unit deff
    frac = dict(zip(sizes.groups, sizes.n / sizes.deff, strict=True))
    n_frac = np.array([frac[x] for x in groups])
    return n_frac, w / w.sum(), set(groups) == set(shares), ""
