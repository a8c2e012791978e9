"""The bundled report package: chapter 7's descriptor and resources, read and validated once.

This module owns the one loader of the packaged data: it reads the
Frictionless descriptor ``data/datapackage.json`` with
:func:`importlib.resources.files` (never ``__file__``), builds each
resource's Table Schema (the generic schema the descriptor names, refined by
the resource's ``reportConstraints``: chapter 7's own, stricter facts such as
its table ids and claim-id pattern) and validates each resource once, in
dependency order (items before tables, tables and quantifiers before
claims), with the resource's validator.  Each validator's module registers
it (:func:`register_validator`), so that this module imports none of them
and no import circle arises.  The results are cached;
``load_table``, ``list_tables``, ``load_items``, ``load_claims`` and
``load_quantifiers`` serve copies of them.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .._base import MigstatsValueError
from .schema import data_file, refine_schema, refined_generic

__all__ = [
    "DESCRIPTOR_FILE",
    "bundled",
    "descriptor",
    "register_validator",
    "resource_schema",
]

#: Resource name -> its validator ``(path, schema) -> DataFrame``, registered by
#: the module that owns the validator (tables, items, quantifiers, claims).
_VALIDATORS: dict[str, Callable[[Path, dict], pd.DataFrame]] = {}

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
    if res["schema"] == f"{name}.schema.json":  # the generic schema, refined
        return refined_generic(name, res.get("reportConstraints"))
    schema = json.loads(data_file(res["schema"]).read_text(encoding="utf-8"))
    return refine_schema(schema, res.get("reportConstraints"))


@functools.cache
def bundled(name: str) -> pd.DataFrame:
    """The validated resource ``name`` of the bundled package (cached: copy before changing it).

    Raises
    ------
    DataValidationError
        If the packaged file breaks its schema or rules (never for a release).
    """
    path = data_file(_resource(name)["path"])
    if name not in _VALIDATORS:
        raise MigstatsValueError(
            f"name must be a resource migstats can validate ({', '.join(_VALIDATORS)}), "
            f"but got {name!r}"
        )
    return _VALIDATORS[name](path, resource_schema(name))


def register_validator(name: str, validator: Callable[[Path, dict], pd.DataFrame]) -> None:
    """Register the validator of the bundled resource ``name`` (called by its module).

    ``validator(path, schema)`` reads and validates the file; it may call
    :func:`bundled` for the resources it depends on (tables need items).
    """
    _VALIDATORS[name] = validator
