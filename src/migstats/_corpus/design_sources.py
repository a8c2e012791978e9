"""Provenance of a design's values: published, derived or assumed, each with its source.

This module owns the vocabulary of a design value's origin
(:data:`SOURCE_KINDS`), the values whose origin a
:class:`~migstats.SampleDesign` records (:data:`DESIGN_QUANTITIES`), the
check of a user's ``sources`` argument (:func:`check_sources`, every problem at
once) and the origin a value has when the user states none
(:func:`default_sources`).  It imports nothing of the design itself, so
``design.py`` can import it without a cycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from .._base import MigstatsValueError

__all__ = [
    "DESIGN_QUANTITIES",
    "GIVEN_PER_GROUP",
    "SOURCE_KINDS",
    "check_sources",
    "default_sources",
    "describe_value",
]

#: How a design value came about: printed in the report or its documentation
#: (``published``), computed from published numbers by a stated rule
#: (``derived``), or chosen by the analyst (``assumed``).
SOURCE_KINDS: tuple[str, ...] = ("published", "derived", "assumed")

#: The design values whose origin a :class:`~migstats.SampleDesign` records,
#: in the order of :meth:`~migstats.SampleDesign.provenance`.
DESIGN_QUANTITIES: tuple[str, ...] = (
    "n",
    "n_range",
    "shares",
    "sample_shares",
    "group_n",
    "unclassified_share",
    "deff",
    "group_deff",
    "decimals",
    "rounding",
    "weighted",
)

#: The per-group fields that the design fills in when they are not given.
GIVEN_PER_GROUP: tuple[str, ...] = ("sample_shares", "group_n", "unclassified_share", "group_deff")

#: Source text of a value given without a stated source.
NOT_STATED = "given without a stated source"


def check_sources(sources: Any) -> Mapping[str, tuple[str, str]]:
    """Validate ``sources``: quantity -> ``(kind, source text)``; every problem at once.

    Parameters
    ----------
    sources : mapping or None
        Keys from :data:`DESIGN_QUANTITIES`; values pairs ``(kind, text)``
        with ``kind`` in :data:`SOURCE_KINDS` and ``text`` a non-empty string.

    Returns
    -------
    Mapping
        A read-only copy (empty for None).

    Raises
    ------
    MigstatsValueError
        Naming every bad key and value.

    Examples
    --------
    >>> dict(check_sources({"n": ("published", "methods appendix, p. 3")}))
    {'n': ('published', 'methods appendix, p. 3')}
    >>> check_sources({"size": ("guessed", "")})
    Traceback (most recent call last):
    ...
    migstats._base.errors.MigstatsValueError: sources must have keys ...
    """
    if sources is None:
        return MappingProxyType({})
    if not isinstance(sources, Mapping):
        raise MigstatsValueError(
            "sources must be a mapping quantity -> (kind, source text), "
            f"but got {type(sources).__name__}"
        )
    problems = []
    clean: dict[str, tuple[str, str]] = {}
    for key, value in sources.items():
        if key not in DESIGN_QUANTITIES:
            problems.append(
                f"sources must have keys in {', '.join(DESIGN_QUANTITIES)}, but got {key!r}"
            )
            continue
        ok = (
            isinstance(value, tuple | list)
            and len(value) == 2
            and value[0] in SOURCE_KINDS
            and isinstance(value[1], str)
            and value[1].strip() != ""
        )
        if not ok:
            problems.append(
                f"sources[{key!r}] must be a pair (kind, source text) with kind in "
                f"{', '.join(SOURCE_KINDS)} and a non-empty text, but got {value!r}"
            )
            continue
        clean[key] = (str(value[0]), str(value[1]))
    if problems:
        raise MigstatsValueError("; ".join(problems))
    return MappingProxyType(clean)


def default_sources(
    *, n_is_point: bool, deff_given: bool, weighted: bool, given: Mapping[str, Any]
) -> dict[str, tuple[str, str]]:
    """The origin of every design value the user gave no source for.

    Project conventions: a sample size given without a plausible range is the
    published one; every other value is an assumption unless stated
    otherwise; values the design fills in itself say how.

    Parameters
    ----------
    n_is_point : bool
        Whether ``n_range`` is the single point ``(n, n)``.
    deff_given : bool
        Whether ``deff`` was given (not filled in from ``weighted``).
    weighted : bool
        The design's ``weighted``.
    given : mapping
        Per-group fields (``sample_shares``, ``group_n``, ``group_deff``,
        ``unclassified_share``) as given: empty means filled in.

    Returns
    -------
    dict
        Quantity -> ``(kind, source text)`` for every quantity of
        :data:`DESIGN_QUANTITIES`.

    Examples
    --------
    >>> d = default_sources(n_is_point=True, deff_given=False, weighted=True, given={})
    >>> d["n"][0], d["deff"][0], d["group_n"][0]
    ('published', 'assumed', 'derived')
    """
    if n_is_point:
        n = ("published", "a single n without a range: taken as the published sample size")
        n_range = ("published", "the published n (no range)")
    else:
        n = ("assumed", "the central value of the plausible range n_range; " + NOT_STATED)
        n_range = ("assumed", NOT_STATED)
    if deff_given:
        deff = ("assumed", NOT_STATED)
    elif weighted:
        deff = ("assumed", "project convention: WEIGHTED_DEFAULT_DEFF (2.0) for weighted data")
    else:
        deff = ("assumed", "project convention: 1 (simple random sampling) for unweighted data")
    filled = {
        "sample_shares": ("assumed", "project convention: equal to the population shares"),
        "group_n": ("derived", "n times the sample shares, whole by largest remainder"),
        "unclassified_share": ("assumed", "project convention: 0 (every respondent classified)"),
        "group_deff": ("assumed", "project convention: every group's deff equals deff"),
    }
    per_group = {
        key: (("published" if key == "group_n" else "assumed"), NOT_STATED)
        if given.get(key)
        else filled[key]
        for key in filled
    }
    return {
        "n": n,
        "n_range": n_range,
        "shares": ("assumed", NOT_STATED),
        **per_group,
        "deff": deff,
        "decimals": ("assumed", NOT_STATED),
        "rounding": ("assumed", NOT_STATED),
        "weighted": ("assumed", NOT_STATED),
    }


def describe_value(value: Any) -> str:
    """A design value as short readable text (mappings as ``key: value`` lists).

    Examples
    --------
    >>> describe_value({"education": {"low": 0.25, "high": 0.75}})
    'education: low 0.25, high 0.75'
    >>> describe_value((1500, 5480)), describe_value(2.0), describe_value({})
    ('1500-5480', '2', '')
    """
    if isinstance(value, Mapping):
        parts = []
        for key, v in value.items():
            inner = (
                ", ".join(f"{g} {describe_value(x)}" for g, x in v.items())
                if isinstance(v, Mapping)
                else describe_value(v)
            )
            parts.append(f"{key}: {inner}")
        return "; ".join(parts)
    if isinstance(value, tuple) and len(value) == 2:
        return f"{value[0]}-{value[1]}"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)
