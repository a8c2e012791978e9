"""The claim kinds: one registry, one home per kind, and each kind's interval fits its estimand.

* The declared kinds (``migstats._corpus.KIND_REGISTRY``), the schema's enum
  (``data/claims.schema.json``) and the audit's preparers
  (``migstats._audit.kinds.PREPARERS``) name the same kinds.
* No other list of kinds exists in ``src/``: a literal tuple, list, set or
  dict naming two or more kinds, or a string listing three or more, is found
  by walking every module's syntax tree.
* For every kind, on both bundled audits and on synthetic claims of the
  kinds they lack: ``ci_low <= estimate <= ci_high``, and the interval's
  method (named in ``method``) is the one of the estimand shown (read from
  the estimand's words here, independently of the registry).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import migstats
from migstats._audit.kinds import PREPARERS
from migstats._corpus import KIND_REGISTRY, kinds_where

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "migstats"
KINDS = set(KIND_REGISTRY)
#: The one home of the list of kinds.
REGISTRY_FILE = SRC / "_corpus" / "claim_kinds.py"
#: Literals that name kinds but are not lists of kinds (file, reason).
NOT_LISTS = {
    SRC / "cli" / "commands" / "report.py": "the template's example claims (a kind column)",
}


class TestOneRegistry:
    def test_schema_enum_is_the_registry(self):
        schema = json.loads((ROOT / "data" / "claims.schema.json").read_text(encoding="utf-8"))
        (kind,) = [f for f in schema["fields"] if f["name"] == "kind"]
        assert tuple(kind["constraints"]["enum"]) == tuple(KIND_REGISTRY)
        for k in KIND_REGISTRY.values():
            assert f"{k.name}: {k.description}" in kind["description"], k.name

    def test_every_declared_kind_has_a_preparer(self):
        assert set(PREPARERS) == KINDS

    def test_derived_lists(self):
        assert migstats._corpus.CLAIM_KINDS == tuple(KIND_REGISTRY)
        assert kinds_where(groups="profile") == migstats._corpus.PROFILE_KINDS
        assert set(migstats._corpus.KIND_QUANTIFIERS) == {
            k.name for k in KIND_REGISTRY.values() if k.quantifier
        }

    def test_registering_an_undeclared_kind_is_refused(self):
        from migstats._audit.kinds import registers

        with pytest.raises(ValueError, match="kind"):
            registers("opinion")(lambda claim, ctx: None)
        with pytest.raises(ValueError, match="kind"):
            registers("level")(lambda claim, ctx: None)  # registered once


def _kind_literals(path: Path) -> list[tuple[int, list[str]]]:
    """(line, kinds) of every literal in ``path`` that lists kinds."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            elts = node.elts
        elif isinstance(node, ast.Dict):
            elts = [k for k in node.keys if k is not None]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            words = set(re.findall(r"[a-z_]+", node.value)) & KINDS
            # "level" and "difference" are ordinary words; three kinds named with
            # underscores or a comma-separated run is a list
            listed = [w for w in words if "_" in w]
            if len(listed) >= 3:
                found.append((node.lineno, sorted(listed)))
            continue
        else:
            continue
        names = [e.value for e in elts if isinstance(e, ast.Constant) and e.value in KINDS]
        if len(set(names)) >= 2:
            found.append((node.lineno, names))
    return found


def test_no_other_list_of_kinds_in_src():
    problems = []
    for path in sorted(SRC.rglob("*.py")):
        if path == REGISTRY_FILE or path in NOT_LISTS:
            continue
        problems += [
            f"{path.relative_to(ROOT)}:{line}: {names}" for line, names in _kind_literals(path)
        ]
    assert not problems, "lists of kinds outside the registry:\n" + "\n".join(problems)


def test_the_scan_finds_a_list():
    # the scan itself can fail: the registry file and the template are found
    assert _kind_literals(NOT_LISTS.__iter__().__next__())
    text = 'KINDS = ("level", "ratio")\nHELP = "no_difference, small_difference, text_table"\n'
    tmp = ROOT / "tests" / "data" / "_kinds_scan_probe.py"
    tmp.write_text(text, encoding="utf-8")
    try:
        assert len(_kind_literals(tmp)) == 2
    finally:
        tmp.unlink()


# --------------------------------------------------------------------------
# the interval of the estimand shown
# --------------------------------------------------------------------------

#: estimand words -> the interval its method must name (the statistics of docs/methods.md)
INTERVAL_OF_ESTIMAND = [
    (r"^share of ", "Wilson"),
    (r"^difference ", "Miettinen-Nurminen"),
    (r"^ratio of shares ", "Koopman"),
    (r"^(SII|extreme-group gap) of ", "Wald"),
    (r"^\|(SII|extreme-group gap)\| of ", "Wald"),
    (r"^number from the tables", "rounding"),
    (r" minus .*\(points\)$", "Wald"),  # two items of the same respondents
]

PARTY = {"rep": 0.4, "dem": 0.4, "ind": 0.2}


def _synthetic() -> pd.DataFrame:
    """Audit rows of the kinds the bundled reports do not test (rank, and ratio again)."""
    design = migstats.SampleDesign(n=3000, n_range=(1500, 6000), shares={"party": PARTY}, deff=1.0)
    tables = pd.DataFrame(
        [
            ("t1", "worry", "yes", "party", g, p, f"{p:g}")
            for g, p in (("rep", 41), ("dem", 78), ("ind", 60))
        ],
        columns=["table", "item", "response", "dimension", "group", "percent", "reported"],
    )
    base = dict(table="t1", item="worry", response="yes", dimension="party", claim="a claim")
    claims = pd.DataFrame(
        [
            dict(base, claim_id="A01", kind="rank", groups="dem", quantifier="highest"),
            dict(base, claim_id="A02", kind="rank", groups="rep", quantifier="lowest"),
            dict(base, claim_id="A03", kind="ratio", groups="dem;rep", quantifier="about_twice"),
            dict(base, claim_id="A04", kind="difference", groups="dem>rep"),
        ]
    )
    return migstats.audit(
        claims=claims,
        tables=tables,
        design=design,
        quantifiers="en",
        dimensions={"party": {"groups": list(PARTY), "ordered": False}},
    ).to_frame()


@pytest.fixture(scope="module")
def rows(chapter_result) -> pd.DataFrame:
    frames = [chapter_result.to_frame(), migstats.audit(report="pew-inequality-2020").to_frame()]
    out = pd.concat([*frames, _synthetic()], ignore_index=True)
    return out[np.isfinite(out["estimate"])]


def test_every_kind_is_covered(rows):
    assert set(rows["kind"]) == KINDS


def test_interval_holds_its_estimate(rows):
    bad = rows[~((rows["ci_low"] <= rows["estimate"]) & (rows["estimate"] <= rows["ci_high"]))]
    assert bad.empty, bad[["claim_id", "kind", "estimand", "estimate", "ci_low", "ci_high"]]


def test_interval_method_matches_the_estimand(rows):
    problems = []
    for r in rows.itertuples():
        wanted = next((w for pat, w in INTERVAL_OF_ESTIMAND if re.search(pat, r.estimand)), None)
        if wanted is None or wanted not in r.method:
            problems.append(f"{r.claim_id} ({r.kind}): {r.estimand!r} with {r.method!r}")
    assert not problems, "\n".join(problems)


def test_declared_interval_is_named_in_the_method(rows):
    # the registry's interval words for kinds with one estimand appear in the method
    for r in rows.itertuples():
        spec = KIND_REGISTRY[r.kind]
        first = spec.interval.split(" for ")[0].split(",")[0].split(" interval")[0]
        assert first.split()[0] in r.method, (r.claim_id, spec.interval, r.method)
