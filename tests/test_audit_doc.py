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
from migstats import load_claims
from migstats._audit import GENERATED_BEGIN, GENERATED_END
from migstats.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
AUDIT_MD = ROOT / "docs" / "audit.md"
FIGURES = ROOT / "docs" / "figures"
STALE = "docs/audit.md is stale: run python docs/regenerate.py"

#: Verdicts the hand-written reading quotes, by claim.
QUOTED_VERDICTS = {
    "supported": "C01 C05 C09 C15 C17 C19 C20 C31 C65 C72 C90 C94",
    "contradicted": "C13",
    "not significant": (
        "C03 C07 C18 C23 C24 C29 C34 C38 C43 C44 C45 C46 C54 C59 C63 C64 C73 C77 C81 C82 "
        "C83 C87 C88 C89 C91 C92 C93 C97 C98 C99 C100"
    ),
    "untestable": "C04 C52 C53 C95 C96",
}

#: Claims the reading says hold under every assumption.
QUOTED_ROBUST = "C09 C15 C17 C19 C20 C31 C65 C72 C94"

#: Claims the reading says change within the rounding of the published numbers.
QUOTED_ROUNDING_SENSITIVE = "C01 C07 C13"


@pytest.fixture(scope="module")
def cached_audit():
    """Run the real audit once for this module, however often the CLI asks for it."""
    real = _audit.audit
    cache: dict[str, pd.DataFrame] = {}

    def once(**kwargs):
        key = repr(sorted(kwargs.items()))
        if key not in cache:
            cache[key] = real(**kwargs)
        return cache[key].copy()

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
    assert generated.startswith("# Audit of chapter 7")
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


def test_reading_quotes_current_counts(document, audit_frame):
    df = audit_frame
    untestable = int((df.verdict == "untestable").sum())
    checked = int((df.kind == "text_table").sum())
    tested = df[(df.kind != "text_table") & (df.verdict != "untestable")]
    counts = tested["verdict"].value_counts()
    depends = int(tested["verdict_range"].str.startswith("depends").sum())
    rounding = int(tested["rounding_sensitive"].astype(str).eq("True").sum())
    text = reading(document)
    assert (
        f"Of the {len(df)} claims, {len(tested)} were tested statistically: "
        f"{counts.get('supported', 0)} are supported, {counts.get('not significant', 0)} not "
        f"significant and {counts.get('contradicted', 0)} contradicted."
    ) in text
    assert f"The {checked} numbers the text quotes from the tables are all consistent" in text
    assert int((df[df.kind == "text_table"].verdict == "supported").sum()) == checked
    assert f"{untestable} claims cannot be tested" in text
    assert f"{depends} of the tested verdicts change" in text
    assert f"and {rounding} within the rounding" in text


def test_reading_quotes_current_verdicts(document, audit_frame):
    by_id = audit_frame.set_index("claim_id")
    for verdict, ids in QUOTED_VERDICTS.items():
        for claim in ids.split():
            assert by_id.loc[claim, "verdict"] == verdict, (claim, STALE)
    for claim in QUOTED_ROBUST.split():
        assert by_id.loc[claim, "verdict_range"] == "supported at every plausible n and deff"
    for claim in QUOTED_ROUNDING_SENSITIVE.split():
        assert str(by_id.loc[claim, "rounding_sensitive"]) == "True", claim


def test_regenerate_script_splices_the_block(document, generated):
    spec = importlib.util.spec_from_file_location("regenerate", ROOT / "docs" / "regenerate.py")
    regenerate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(regenerate)
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
