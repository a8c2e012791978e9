"""Validation of a sample design's shares and per-group inputs.

This module owns :func:`normalize_shares` (explicit normalisation of
percentages), :data:`SHARE_SUM_TOLERANCE` and the checks that
:class:`migstats.SampleDesign` runs on its population shares and on its
per-group fields (``sample_shares``, ``group_n``, ``group_deff``,
``unclassified_share``), each error naming the field, the dimension and the
group.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import numpy as np

from .._base import MigstatsValueError, check_n, invalid_value

__all__ = [
    "SHARE_SUM_TOLERANCE",
    "check_per_group",
    "check_shares",
    "check_unclassified",
    "normalize_shares",
]

#: Shares of one dimension must sum to 1 within this absolute tolerance
#: (room for floating-point representation only; inputs in percent must be
#: normalised explicitly with :func:`normalize_shares`).
SHARE_SUM_TOLERANCE = 1e-9


def normalize_shares(values: Mapping[str, float]) -> dict[str, float]:
    """Turn non-negative weights or percentages into shares that sum to 1.

    Parameters
    ----------
    values : mapping of str to float
        Group label -> non-negative number (for example rounded published
        percentages such as CBS's 26/35/38, which sum to 99).

    Returns
    -------
    dict of str to float
        Group label -> ``value / sum(values)``, in the input's order.

    Raises
    ------
    MigstatsValueError
        If ``values`` is empty, holds a negative, NaN, infinite or non-numeric
        value, or sums to 0.

    Notes
    -----
    This is the *explicit* normalisation :class:`SampleDesign` requires:
    rounded percentages rarely sum to exactly 100, and dividing by their sum
    spreads the discrepancy proportionally over the groups (the maximum
    likelihood reading of rounded shares when nothing else is known).  It is
    never applied silently.

    References
    ----------
    .. [1] CBS (2023), educational attainment of the population aged 25 and
       over (low 26 %, middle 35 %, high 38 %).

    Examples
    --------
    >>> from migstats import normalize_shares
    >>> s = normalize_shares({"low": 26, "middle": 35, "high": 38})
    >>> {k: round(v, 4) for k, v in s.items()}
    {'low': 0.2626, 'middle': 0.3535, 'high': 0.3838}
    """
    if not isinstance(values, Mapping) or not values:
        raise MigstatsValueError(
            f"values must be a non-empty mapping group -> number, but got {values!r}"
        )
    out: dict[str, float] = {}
    for key, v in values.items():
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(v) or v < 0:
            raise MigstatsValueError(f"values[{key!r}] must be a finite number >= 0, but got {v!r}")
        out[str(key)] = float(v)
    total = math.fsum(out.values())
    if total <= 0:
        raise MigstatsValueError(f"values must have a positive sum, but got {values!r}")
    return {k: v / total for k, v in out.items()}


def check_shares(shares: Any) -> Mapping[str, Mapping[str, float]]:
    if not isinstance(shares, Mapping) or not shares:
        raise MigstatsValueError(
            f"shares must be a non-empty mapping dimension -> {{group: share}}, but got {shares!r}"
        )
    frozen: dict[str, Mapping[str, float]] = {}
    seen: dict[str, str] = {}
    for dim, groups in shares.items():
        if not isinstance(dim, str) or not dim:
            raise MigstatsValueError(f"shares must have dimension names as keys, but got {dim!r}")
        if not isinstance(groups, Mapping) or not groups:
            raise MigstatsValueError(
                f"shares[{dim!r}] must be a non-empty mapping group -> share, but got {groups!r}"
            )
        clean: dict[str, float] = {}
        for g, v in groups.items():
            if not isinstance(g, str) or not g:
                raise MigstatsValueError(f"shares[{dim!r}] must have group labels, but got {g!r}")
            if g in seen:
                raise MigstatsValueError(
                    f"shares must use each group label in one dimension only, but got {g!r} "
                    f"in {seen[g]!r} and {dim!r}"
                )
            seen[g] = dim
            if (
                isinstance(v, bool)
                or not isinstance(v, numbers.Real)
                or not math.isfinite(v)
                or not 0 <= v <= 1
            ):
                raise MigstatsValueError(
                    f"shares[{dim!r}][{g!r}] must be a number in [0, 1], but got {v!r}"
                )
            clean[g] = float(v)
        total = math.fsum(clean.values())
        if abs(total - 1.0) > SHARE_SUM_TOLERANCE:
            raise MigstatsValueError(
                f"shares[{dim!r}] must sum to 1 (within {SHARE_SUM_TOLERANCE:g}), but got "
                f"a sum of {total!r}; normalise percentages explicitly with "
                "normalize_shares() or SampleDesign.from_percentages()"
            )
        frozen[dim] = MappingProxyType(clean)
    return MappingProxyType(frozen)


def _real(v: Any) -> bool:
    return not isinstance(v, bool) and isinstance(v, numbers.Real) and math.isfinite(v)


def check_per_group(
    value: Any,
    name: str,
    shares: Mapping[str, Mapping[str, float]],
    *,
    every_group: bool,
    kind: str,
) -> Mapping[str, Mapping[str, float]]:
    """Validate ``{dimension: {group: number}}`` against the design's dimensions and groups."""
    if value is None:
        return MappingProxyType({})
    if not isinstance(value, Mapping):
        raise invalid_value(name, "a mapping dimension -> {group: number} or None", value)
    out: dict[str, Mapping[str, float]] = {}
    for dim, groups in value.items():
        if dim not in shares:
            raise invalid_value(
                name, f"keyed by dimensions of shares ({', '.join(map(repr, shares))})", dim
            )
        if not isinstance(groups, Mapping) or not groups:
            raise invalid_value(f"{name}[{dim!r}]", "a non-empty mapping group -> number", groups)
        allowed = tuple(shares[dim])
        unknown = [g for g in groups if g not in allowed]
        if unknown:
            raise invalid_value(f"{name}[{dim!r}]", f"keyed by the groups {allowed}", unknown)
        missing = [g for g in allowed if g not in groups]
        if every_group and missing:
            raise invalid_value(
                f"{name}[{dim!r}]", f"a value for every group of {allowed}", missing
            )
        clean = {}
        for g in allowed:
            if g not in groups:
                continue
            v = groups[g]
            if kind == "count":
                ok = _real(v) and float(v) >= 0 and float(v) == int(v)
                what = "a whole number >= 0"
            elif kind == "share":
                ok = _real(v) and 0 <= v <= 1
                what = "a number in [0, 1]"
            else:
                ok = _real(v) and v > 0
                what = "a finite number > 0 (1 = simple random sampling)"
            if not ok:
                raise invalid_value(f"{name}[{dim!r}][{g!r}]", what, v)
            clean[g] = float(v)
        if kind == "share" and abs(math.fsum(clean.values()) - 1.0) > SHARE_SUM_TOLERANCE:
            raise invalid_value(
                f"{name}[{dim!r}]",
                f"shares summing to 1 (within {SHARE_SUM_TOLERANCE:g}; normalise with "
                "normalize_shares())",
                f"a sum of {math.fsum(clean.values())!r}",
            )
        if kind == "count" and math.fsum(clean.values()) <= 0:
            raise invalid_value(f"{name}[{dim!r}]", "counts with a positive sum", dict(groups))
        out[str(dim)] = MappingProxyType(clean)
    return MappingProxyType(out)


def check_unclassified(value: Any, shares: Mapping[str, Any]) -> Mapping[str, float]:
    if value is None:
        return MappingProxyType({})
    if not isinstance(value, Mapping):
        raise invalid_value("unclassified_share", "a mapping dimension -> share in [0, 1)", value)
    out = {}
    for dim, v in value.items():
        if dim not in shares:
            raise invalid_value(
                "unclassified_share",
                f"keyed by dimensions of shares ({', '.join(map(repr, shares))})",
                dim,
            )
        if not (_real(v) and 0 <= v < 1):
            raise invalid_value(f"unclassified_share[{dim!r}]", "a number in [0, 1)", v)
        out[str(dim)] = float(v)
    return MappingProxyType(out)


def check_n_and_range(n: Any, n_range: Any, n_source: Any) -> tuple[int, tuple[int, int]]:
    """Validate ``n`` and ``n_range``; ``n_range`` may be omitted only for a published n.

    ``n_range`` None stands for the single point ``(n, n)``: the published
    sample size.  When ``n_source`` (the user's ``sources["n"]``) says n was
    derived or assumed, the plausible range must be given.

    Examples
    --------
    >>> check_n_and_range(1000, None, None)
    (1000, (1000, 1000))
    >>> check_n_and_range(2900, None, ("assumed", "a guess"))
    Traceback (most recent call last):
    ...
    migstats._base.errors.MigstatsValueError: n_range must be given ...
    """
    if np.ndim(n) != 0:
        raise MigstatsValueError(f"n must be a single integer >= 1, but got {n!r}")
    n = int(check_n(n, "n"))
    if n_range is None:
        if n_source is not None and n_source[0] != "published":
            raise MigstatsValueError(
                "n_range must be given (a pair low, high) when n is not published "
                f"(sources['n'] says {n_source[0]!r}), but got None"
            )
        return n, (n, n)
    if (
        isinstance(n_range, str)
        or not isinstance(n_range, tuple | list)
        or len(n_range) != 2
        or any(np.ndim(v) != 0 for v in n_range)
    ):
        raise MigstatsValueError(f"n_range must be a pair (low, high), but got {n_range!r}")
    lo, hi = (int(check_n(v, "n_range")) for v in n_range)
    if not lo <= n <= hi:
        raise MigstatsValueError(
            f"n_range must satisfy low <= n <= high (n = {n}), but got {tuple(n_range)!r}"
        )
    return n, (lo, hi)
