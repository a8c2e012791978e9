"""Reports are data: no branch in src/ on which report it is; any report's data shows.

The command line and the figures read titles (in every language a report
gives), table sources, item labels, dimensions and design from the
:class:`~migstats.Report`; the bundled chapter 7 is only the report loaded by
default.  These tests fail if code in ``src/`` branches on a report's
identity, and check that a user's package gets chapter 7's richness from its
data alone.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from migstats import list_tables, load_report
from migstats._corpus.presentation import check_presentation
from migstats.cli.app import main

matplotlib.use("Agg")

SRC = Path(__file__).resolve().parents[1] / "src" / "migstats"
PEW = "pew-inequality-2020"

#: A branch on the identity of a bundled report or design.
_IDENTITY = re.compile(
    r"is_default"
    r"|\bis\s+(not\s+)?LISS_2023\b"
    r"|[!=]=\s*(DEFAULT_REPORT|[\"']scp2024-ch7[\"'])"
    r"|(DEFAULT_REPORT|[\"']scp2024-ch7[\"'])\s*[!=]="
    r"|\bin\s*\(?\s*(DEFAULT_REPORT|[\"']scp2024-ch7[\"'])"
)
#: The loader is where a name becomes a report.  The one other comparison:
#: the audit document's command line leaves out ``--report`` when it names
#: the default of that option (a default of a command-line option, not a
#: branch on what the report holds).
_ALLOWED = {
    "_corpus/report_package.py": None,
    "_audit/report.py": "if report is not None and report.name != DEFAULT_REPORT:",
}


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_no_branch_on_a_report_identity():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel in _ALLOWED and _ALLOWED[rel] is None:
            continue
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _IDENTITY.search(line) and line.strip() != _ALLOWED.get(rel):
                found.append(f"{rel}:{no}: {line.strip()}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        "if rep.is_default:",
        "if design is LISS_2023:",
        "x = d if d is not LISS_2023 else e",
        "if report.name == DEFAULT_REPORT:",
        "if 'scp2024-ch7' != name:",
        "if name in ('scp2024-ch7',):",
    ],
)
def test_the_scan_finds_identity_branches(line):
    assert _IDENTITY.search(line)


def test_the_scan_allows_loading_by_name():
    assert not _IDENTITY.search("report = load_report(DEFAULT_REPORT)")


def test_chapter7_catalogue_is_the_corpus_listing():
    # independent source: the chapter's own table listing (migstats.list_tables)
    assert load_report().catalogue().equals(list_tables())


@pytest.fixture()
def user_package(tmp_path):
    """The Pew report saved as a user's package, with Dutch titles and labels."""
    rep = load_report(PEW)
    path = rep.save(tmp_path / "pkg")
    desc = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
    desc["name"] = "user-report"
    desc["tableTitlesByLanguage"] = {"nl": {"inequality_amount": "Hoeveelheid ongelijkheid"}}
    desc["tableSources"] = {"top_priority": "Pew, topline p. 7"}
    desc["figureTag"] = "Pew 2020"
    (path / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    return path


class TestAnyReportGetsTheRichness:
    def test_titles_in_every_language(self, capsys, user_package):
        code, out, err = run(capsys, "tables", "--lang", "nl", "--report", str(user_package))
        assert code == 0 and err == ""
        assert "Hoeveelheid ongelijkheid" in out

    def test_csv_lists_every_language_and_source(self, capsys, user_package):
        code, out, _ = run(capsys, "tables", "--format", "csv", "--report", str(user_package))
        header = out.splitlines()[0].split(",")
        assert code == 0 and header == [
            "table",
            "title_en",
            "title_nl",
            "items",
            "dimensions",
            "source",
        ]
        assert "Pew, topline p. 7" in out

    def test_unknown_language_is_a_usage_error(self, capsys, user_package):
        code, _, err = run(capsys, "tables", "--lang", "de", "--report", str(user_package))
        assert code == 2 and "--lang" in err and "en, nl" in err and "'de'" in err

    def test_show_footer_is_the_table_source(self, capsys, user_package):
        code, out, _ = run(capsys, "show", "top_priority", "--report", str(user_package))
        assert code == 0 and out.splitlines()[-1] == "Source: Pew, topline p. 7"

    def test_figure_title_carries_the_tag(self, user_package):
        from migstats import plots

        fig = plots.plot_distribution("inequality_amount", report=str(user_package))
        try:
            assert "(Pew 2020)" in fig.axes[0].get_title()
        finally:
            plt.close(fig)

    def test_chapter7_dutch_titles_are_data(self):
        rep = load_report()
        assert rep.languages == ("en", "nl")
        assert rep.titles("nl")["7.3"].startswith("Opvattingen over arbeidsmigratie")


class TestBadPresentationKeys:
    def test_every_problem_at_once(self, capsys, user_package):
        desc_path = user_package / "datapackage.json"
        desc = json.loads(desc_path.read_text(encoding="utf-8"))
        desc["tableSources"] = {"no_such_table": "p. 1"}
        desc["figureTag"] = 5
        desc["tableTitlesByLanguage"] = {"nl": "Hoeveelheid"}
        desc_path.write_text(json.dumps(desc), encoding="utf-8")
        code, _, err = run(capsys, "tables", "--report", str(user_package))
        assert code == 2
        for key in ("tableSources", "figureTag", "tableTitlesByLanguage"):
            assert key in err


_TEXT = st.text(max_size=5)
_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=8,
)


@given(
    st.dictionaries(
        st.sampled_from(
            ["titleLanguage", "tableTitlesByLanguage", "tableSources", "figureTag", "other"]
        ),
        _JSONISH,
    )
)
def test_check_presentation_lists_problems_never_raises(meta):
    problems = check_presentation(meta, {"T1", "T2"})
    assert all(isinstance(k, str) and isinstance(m, str) for k, m in problems)
    assert {k.split(".")[0] for k, _ in problems} <= set(meta)


@given(
    st.dictionaries(st.sampled_from(["T1", "T2"]), _TEXT),
    st.dictionaries(st.sampled_from(["nl", "de"]), st.dictionaries(st.sampled_from(["T1"]), _TEXT)),
    _TEXT,
)
def test_well_formed_presentation_has_no_problem(sources, translations, tag):
    meta = {"tableSources": sources, "tableTitlesByLanguage": translations, "figureTag": tag}
    assert check_presentation(meta, {"T1", "T2"}) == []
