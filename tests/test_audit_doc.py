"""docs/audit.md is current: its generated block is what the code produces now.

The block between the markers must equal the output of ``migstats audit
--format markdown`` (run here end to end, with the full audit); the figures it
shows must exist; and the hand-written reading below the block must still
quote the audit's counts and verdicts.  When a test here fails after a change
to the library or the data, run ``python docs/regenerate.py`` and revise the
reading.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pandas as pd
import pytest

import migstats._audit as _audit
from migstats import load_claims, load_report
from migstats._audit import GENERATED_BEGIN, GENERATED_END
from migstats.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
AUDIT_MD = ROOT / "docs" / "audit.md"
FIGURES = ROOT / "docs" / "figures"
STALE = "docs/audit.md is stale: run python docs/regenerate.py"

#: Claims the reading says hold under every assumption.
QUOTED_ROBUST = "C09 C15 C17 C19 C20 C31 C65 C72 C94"

#: Claims the reading says change with rounding alone (at the design's n, deff 1,
#: under the strict reading, with Holm's correction).
QUOTED_ROUNDING_CHANGED = "C01 C05 C13"


@pytest.fixture(scope="module")
def cached_audit():
    """Run the real audit once for this module, however often the CLI asks for it."""
    real = _audit.audit
    cache: dict[str, _audit.AuditResult] = {}

    def once(**kwargs):
        key = repr(sorted(kwargs.items()))
        if key not in cache:
            cache[key] = real(**kwargs)
        return cache[key]  # an AuditResult: frozen, shared safely

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_audit, "audit", once)
        yield cache


@pytest.fixture(scope="module")
def generated(cached_audit, tmp_path_factory) -> str:
    """``migstats audit --format markdown``, written through --output."""
    target = tmp_path_factory.mktemp("audit") / "audit.md"
    assert main(["audit", "--format", "markdown", "--output", str(target)]) == 0
    return target.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def audit_frame(cached_audit, tmp_path_factory) -> pd.DataFrame:
    """The same audit as CSV, read back (the command line's full result)."""
    target = tmp_path_factory.mktemp("audit") / "audit.csv"
    assert main(["audit", "--format", "csv", "--output", str(target)]) == 0
    return pd.read_csv(target, keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def document() -> str:
    return AUDIT_MD.read_text(encoding="utf-8")


def reading(document: str) -> str:
    return " ".join(document.split("## Reading", 1)[1].split())


def test_markers_appear_once_in_order(document):
    assert document.count(GENERATED_BEGIN) == 1 and document.count(GENERATED_END) == 1
    assert document.index(GENERATED_BEGIN) < document.index(GENERATED_END)


def test_generated_block_is_current(document, generated):
    block = document.split(GENERATED_BEGIN, 1)[1].split(GENERATED_END, 1)[0]
    assert block == "\n" + generated, STALE


def test_generated_document_is_complete(generated, audit_frame):
    assert generated.startswith("# Audit of " + load_report().title)
    for heading in ("## Assumptions", "## Summary", "## Claims"):
        assert f"\n{heading}\n" in generated
    ids = re.findall(r"^\| (C\d+) \|", generated, flags=re.M)
    assert sorted(ids) == sorted(audit_frame["claim_id"])


def test_preamble_and_reading_surround_the_block(document):
    before, rest = document.split(GENERATED_BEGIN, 1)
    after = rest.split(GENERATED_END, 1)[1]
    assert "python docs/regenerate.py" in before
    assert "## Figures" in after and "## Reading: what holds and what does not" in after
    assert ">>>" not in document  # the docs' doctests run this file too


@pytest.mark.parametrize("name", ["gaps", "distribution", "breakeven"])
def test_figures_exist_and_are_shown(document, name):
    path = FIGURES / f"{name}.svg"
    assert path.exists() and path.stat().st_size > 0, "run python docs/regenerate.py"
    assert path.read_bytes().lstrip().startswith(b"<?xml")
    assert f"](figures/{name}.svg)" in document


def _regenerate_module():
    spec = importlib.util.spec_from_file_location("regenerate", ROOT / "docs" / "regenerate.py")
    regenerate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(regenerate)
    return regenerate


def test_reading_quotes_current_counts(document, cached_audit):
    # the counts paragraph is written by docs/regenerate.py from the audit
    (df,) = cached_audit.values()
    counts = _regenerate_module().reading_counts(df)
    assert " ".join(counts.split()) in reading(document), STALE
    assert "Of the" in counts and "supported under every plausible n and deff" in counts


def test_reading_quotes_current_verdicts(document, audit_frame):
    by_id = audit_frame.set_index("claim_id")
    for claim in QUOTED_ROBUST.split():
        assert by_id.loc[claim, "robustness"] == "supported at every plausible n and deff"
        assert by_id.loc[claim, "verdict"] == "supported"


def test_reading_rounding_changes_are_current():
    import migstats

    kw = {"deff": 1.0, "headline": "central", "reading": "strict", "correction": "holm"}
    plain = migstats.audit(rounding_aware=False, **kw).set_index("claim_id").verdict
    aware = migstats.audit(**kw).set_index("claim_id").verdict
    changed = set(aware.index[aware != plain])
    assert set(QUOTED_ROUNDING_CHANGED.split()) <= changed
    assert plain["C13"] == "contradicted" and aware["C13"] == "not supported"


def test_regenerate_script_splices_the_block(document, generated):
    regenerate = _regenerate_module()
    assert regenerate.splice(document, generated) == document, STALE
    toy = f"pre\n{GENERATED_BEGIN}\nold\n{GENERATED_END}\npost\n"
    assert (
        regenerate.splice(toy, "new\n") == f"pre\n{GENERATED_BEGIN}\nnew\n{GENERATED_END}\npost\n"
    )


def test_readme_names_the_generator():
    assert "docs/regenerate.py" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_csv_output_of_the_full_audit(audit_frame, cached_audit):
    assert list(audit_frame.columns) == list(_audit.AUDIT_COLUMNS)
    assert len(audit_frame) == len(load_claims())
    assert len(cached_audit) == 1  # markdown and csv came from one audit
