"""The bundled report package: chapter 7's descriptor and resources, read and validated once.

This module owns the one loader of the packaged data: it reads the
Frictionless descriptor ``data/datapackage.json`` with
:func:`importlib.resources.files` (never ``__file__``), builds each
resource's Table Schema (the generic schema the descriptor names, refined by
the resource's ``reportConstraints``: chapter 7's own, stricter facts such as
its table ids and claim-id pattern) and validates each resource once, in
dependency order (items before tables, tables and quantifiers before
claims), with the resource's validator.  The results are cached;
``load_table``, ``list_tables``, ``load_items``, ``load_claims`` and
``load_quantifiers`` serve copies of them.
"""

from __future__ import annotations

import functools
import json

import pandas as pd

from .._base import MigstatsValueError
from .claims import validate_claims, validate_quantifiers
from .schema import data_file, refine_schema
from .tables import validate_items, validate_tables

__all__ = ["DESCRIPTOR_FILE", "bundled", "descriptor", "resource_schema"]

#: The descriptor of the bundled package, inside the package's ``data`` directory.
DESCRIPTOR_FILE = "datapackage.json"


@functools.cache
def _descriptor() -> dict:
    return json.loads(data_file(DESCRIPTOR_FILE).read_text(encoding="utf-8"))


def descriptor() -> dict:
    """The bundled package's descriptor (``data/datapackage.json``), parsed."""
    return json.loads(json.dumps(_descriptor()))


def _resource(name: str) -> dict:
    resources = {r["name"]: r for r in _descriptor()["resources"]}
    if name not in resources:
        raise MigstatsValueError(
            f"name must be a resource of {DESCRIPTOR_FILE} ({', '.join(resources)}), "
            f"but got {name!r}"
        )
    return resources[name]


def resource_schema(name: str) -> dict:
    """Table Schema of the bundled resource ``name``: its generic schema plus ``reportConstraints``.

    Examples
    --------
    >>> resource_schema("claims")["fields"][0]["constraints"]["pattern"]
    'C[0-9]{2,3}'
    """
    res = _resource(name)
    generic = json.loads(data_file(res["schema"]).read_text(encoding="utf-8"))
    return refine_schema(generic, res.get("reportConstraints"))


@functools.cache
def bundled(name: str) -> pd.DataFrame:
    """The validated resource ``name`` of the bundled package (cached: copy before changing it).

    Raises
    ------
    DataValidationError
        If the packaged file breaks its schema or rules (never for a release).
    """
    path = data_file(_resource(name)["path"])
    schema = resource_schema(name)
    if name == "items":
        return validate_items(path, schema=schema)
    if name == "tables":
        return validate_tables(path, items=bundled("items"), schema=schema)
    if name == "quantifiers":
        return validate_quantifiers(path, schema=schema)
    if name == "claims":
        return validate_claims(
            path, tables=bundled("tables"), quantifiers=bundled("quantifiers"), schema=schema
        )
    raise MigstatsValueError(f"name must be a resource migstats can validate, but got {name!r}")
