"""Every package migstats writes or ships passes the ``frictionless`` library's validation.

The independent source is the Frictionless reference implementation
(``frictionless`` v5, Data Package / Table Schema v1 specs): its validation of
the descriptor, the schemas shipped beside the data, the header and every
cell.  migstats' own cross-file rules are tested in test_report.py and
test_package_bad_input.py.
"""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import frictionless
import pytest

from migstats.cli.commands.report import template_report, write_template

ROOT = Path(__file__).resolve().parent.parent
PEW = ROOT / "data" / "reports" / "pew_inequality_2020"


def _errors(descriptor: Path) -> list[str]:
    report = frictionless.validate(str(descriptor))
    found = [e.message for e in report.errors]
    found += [f"{t.name}: {e.message}" for t in report.tasks for e in t.errors]
    return found


@pytest.mark.parametrize(
    "descriptor",
    [ROOT / "data" / "datapackage.json", PEW / "datapackage.json"],
    ids=["scp2024-ch7", "pew-inequality-2020"],
)
def test_bundled_packages_valid(descriptor):
    assert _errors(descriptor) == []


def test_saved_package_valid(tmp_path):
    out = template_report().save(tmp_path / "pkg")
    assert _errors(out / "datapackage.json") == []


def test_init_package_valid(tmp_path):
    out = write_template(tmp_path / "pkg")
    assert _errors(out / "datapackage.json") == []


def test_frictionless_sees_a_bad_cell(tmp_path):
    """The check can fail: a percent of 120 breaks the shipped schema's maximum."""
    out = template_report().save(tmp_path / "pkg")
    path = out / "tables.csv"
    lines = path.read_text().splitlines()
    lines[1] = lines[1].replace(",42,42,", ",120,120,")
    path.write_text("\n".join(lines) + "\n")
    assert any("120" in e for e in _errors(out / "datapackage.json"))


@pytest.mark.parametrize("resource", ["tables", "items", "claims", "quantifiers"])
def test_pew_schemas_are_the_generic_ones(resource):
    """The schemas shipped beside Pew's data are copies of ``data/<resource>.schema.json``."""
    assert filecmp.cmp(
        PEW / f"{resource}.schema.json", ROOT / "data" / f"{resource}.schema.json", shallow=False
    ), f"copy data/{resource}.schema.json to {PEW.name}/"


def test_saved_schemas_are_the_generic_ones(tmp_path):
    out = template_report().save(tmp_path / "pkg")
    for resource in ("tables", "items", "claims", "quantifiers"):
        shipped = json.loads((out / f"{resource}.schema.json").read_text())
        generic = json.loads((ROOT / "data" / f"{resource}.schema.json").read_text())
        assert shipped == generic
