"""Claims registries (and other tables) already validated in this process, by their content.

This module owns the memory of :func:`migstats._corpus.validate_claims`: a
report's claims are validated when the report is loaded, and every audit of
the report would validate the same registry against the same tables and
quantifiers again (about a second for chapter 7).  After a successful
validation the *validated* registry, the tables and the quantifiers are
remembered by a fingerprint of their content
(:func:`fingerprint`); a registry whose fingerprint matches is
valid as it stands (validation returns a valid registry unchanged), so the
check is skipped.  The key is the content, not the object, so a frame
changed in place is validated again.  A report's claims schema is the
generic one with stricter constraints added (``refined_generic``), so a
registry that passed a report's schema also passes the generic one; a
registry that passed only the generic schema, or a schema of a caller's
that may be looser, is checked again against any other.  Other tables
validated on every audit (a report's quantifiers) are remembered the same
way, each with its kind and the same rule for a report's schema
(:func:`remember_frame`, :func:`is_validated_frame`).
"""

from __future__ import annotations

import collections
import hashlib
import json
from collections.abc import Mapping

import pandas as pd

from .schema import GenericRefinement

__all__ = [
    "GENERIC",
    "MAX_REMEMBERED",
    "fingerprint",
    "is_validated",
    "is_validated_frame",
    "remember_frame",
    "remember_validated",
]

#: Validated (claims, tables, quantifiers) triples kept per process
#: (project convention: a few reports; the oldest is forgotten first).
MAX_REMEMBERED = 16

_REMEMBERED: collections.OrderedDict[str, set] = collections.OrderedDict()

#: The schema key of the generic claims schema (``schema=None``).
GENERIC = "generic"


def fingerprint(*frames: pd.DataFrame | None) -> str:
    """A digest of the frames' content: columns, dtypes, index and values.

    Each column's values are digested as the text of their Python list
    (``repr``), which tells a missing value from the text ``"None"`` or
    ``"nan"``, a number from its text and ``True`` from ``1``.  A string
    column digests alike whether its dtype is ``object``, pandas' ``str``
    or a categorical of text (validation normalises one to the other);
    other dtypes are part of the digest (a table of ints is not the
    validated table of floats).  Equal content gives equal digests; content
    that differs gives different ones (up to the hash's collisions), which
    is what the memory of validated tables needs.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"x": ["1", "2"]})
    >>> fingerprint(a) == fingerprint(a.copy()), fingerprint(a) == fingerprint(a.iloc[::-1])
    (True, False)
    """
    h = hashlib.blake2b(digest_size=16)
    for f in frames:
        if f is None:
            h.update(b"<none>")
            continue
        h.update(repr([str(c) for c in f.columns]).encode())
        h.update(repr([_dtype_tag(t) for t in f.dtypes]).encode())
        h.update(repr(f.index.tolist()).encode())
        # a column's values as the text of their list: a few times faster than
        # pandas' hashing of every value, and exact about the kind of each value
        for _, column in f.items():
            h.update(repr(column.tolist()).encode())
    return h.hexdigest()


def _dtype_tag(dtype) -> str:
    """A column's dtype for the digest: text alike whatever holds it (object, str, category)."""
    if isinstance(dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(dtype):
        return "text"
    return str(dtype)


def _schema_key(schema: Mapping | None) -> str:
    if schema is None:
        return GENERIC
    text = json.dumps(schema, sort_keys=True, default=str)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def remember_validated(
    claims: pd.DataFrame, tables: pd.DataFrame, quantifiers, schema: Mapping | None = None
) -> None:
    """Remember a registry that has just passed validation (against ``schema``, None: generic)."""
    _remember(fingerprint(claims, tables, quantifiers), schema)


def remember_frame(kind: str, frame: pd.DataFrame, schema: Mapping | None = None) -> None:
    """Remember a table of ``kind`` (e.g. ``"quantifiers"``) that has just passed validation."""
    _remember(f"{kind}:{fingerprint(frame)}", schema)


def is_validated_frame(kind: str, frame: pd.DataFrame, schema: Mapping | None = None) -> bool:
    """Whether this table of ``kind`` already passed validation against ``schema``.

    As :func:`is_validated`: the schema it passed must be ``schema``, or
    refine it (a pass against a report's refinement of the generic schema
    counts for the generic one, ``schema=None``).
    """
    schemas = _REMEMBERED.get(f"{kind}:{fingerprint(frame)}")
    return bool(schemas) and _schema_key(schema) in schemas


def _remember(key: str, schema: Mapping | None) -> None:
    """Record ``key`` as validated against ``schema``, forgetting the oldest beyond the limit.

    A pass against a refinement of the generic schema (:class:`GenericRefinement`:
    only stricter constraints added) is a pass against the generic schema too.
    """
    passed = _REMEMBERED.setdefault(key, set())
    passed.add(_schema_key(schema))
    if isinstance(schema, GenericRefinement):
        passed.add(GENERIC)
    _REMEMBERED.move_to_end(key)
    while len(_REMEMBERED) > MAX_REMEMBERED:
        _REMEMBERED.popitem(last=False)


def is_validated(
    claims: pd.DataFrame, tables: pd.DataFrame, quantifiers, schema: Mapping | None = None
) -> bool:
    """Whether this registry already passed validation against these tables and quantifiers.

    Against ``schema`` itself, or a refinement of it: for the generic schema
    (``schema=None``) a pass against a report's refinement of it
    (:class:`GenericRefinement`, stricter) counts; any other schema must be
    the one passed (a schema of the caller's may be looser than the generic).
    """
    schemas = _REMEMBERED.get(fingerprint(claims, tables, quantifiers))
    return bool(schemas) and _schema_key(schema) in schemas
