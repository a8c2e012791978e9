"""Regenerate the generated documents: docs/audit.md's block, the HTML audits, the figures.

Run from anywhere with migstats installed (and the ``plot`` extra for the
figures)::

    python docs/regenerate.py            # rewrite the documents and the figures
    python docs/regenerate.py --check    # exit 1 if a generated document is stale

Chapter 7: the block between ``<!-- BEGIN GENERATED -->`` and ``<!-- END
GENERATED -->`` in docs/audit.md is replaced by the output of ``migstats
audit --format markdown`` (the default assumptions of ``LISS_2023``);
everything outside the markers -- the preamble and the hand-written reading
-- is kept.  docs/audit.html is ``migstats audit --format html``.  The
figures are ``gaps.svg``, ``distribution.svg`` and ``breakeven.svg``, drawn by
:mod:`migstats.plots` from the same audit.

The second example report (``pew-inequality-2020``): the same block in
docs/audit-pew-inequality-2020.md (``migstats audit --report
pew-inequality-2020 --format markdown``) and docs/audit-pew-inequality-2020.html.

``--check`` compares the Markdown blocks and the HTML pages (deterministic)
with what the current code produces; the figures are not compared byte for
byte (matplotlib's SVG output varies between versions).
``tests/test_audit_doc.py`` and ``tests/test_report.py`` fail while they differ.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import migstats
from migstats._audit import GENERATED_BEGIN, GENERATED_END, render_audit

DOCS = Path(__file__).resolve().parent
AUDIT_MD = DOCS / "audit.md"
AUDIT_HTML = DOCS / "audit.html"
FIGURES = DOCS / "figures"

#: The second example report and its generated documents.
SECOND_REPORT = "pew-inequality-2020"
SECOND_MD = DOCS / f"audit-{SECOND_REPORT}.md"
SECOND_HTML = DOCS / f"audit-{SECOND_REPORT}.html"

#: The hand-written frame of the second report's Markdown, kept around the block.
SECOND_FRAME = f"""\
# Audit of the second example report: Pew Research Center (2020), economic inequality

The claims of Pew Research Center's report *Most Americans Say There Is Too Much
Economic Inequality in the U.S., but Fewer Than Half Call It a Top Priority*
(9 January 2020; American Trends Panel, n = 6,878, margin of error +-1.6
points), audited with the package in `data/reports/pew_inequality_2020/`
(`migstats.load_report("{SECOND_REPORT}")`). See docs/another-report.md for how
the package was made and `data/reports/pew_inequality_2020/README.md` for the
sources of every number.

{GENERATED_BEGIN}
{GENERATED_END}

## Reading

The block above is generated; it is what `migstats audit --report {SECOND_REPORT}
--format markdown` prints. The design effect (1.83) is derived from the
published margin of error; as everywhere, the headline verdict is taken with
the largest design effect of the robustness grid (2), at the published n, and
with rounding-aware p-values, and the verdict at deff 1.83 is shown as the
central one. The income-tier shares are an assumption (Pew's shares of US
adults in 2016, as CNBC reported them), and the party shares are unknown, so
the party comparisons assume equal shares (said in each reason). The `ratio`
and `rank` claims are tested like the others. A claim whose numbers are not
in the stored text (they stand only in a chart, or were read only in a blog
summary) is registered as untestable, and its reason says which numbers are
missing.
"""


def generated_markdown(audit_df=None, report=None) -> str:
    """The Markdown that ``migstats audit [--report NAME] --format markdown`` prints."""
    result = migstats.audit(report=report) if audit_df is None else audit_df
    return render_audit(result, "markdown")


#: The counts of the hand-written reading lie between these markers (written
#: by :func:`reading_counts`, so that the reading quotes current counts after
#: any change of defaults without being rewritten by hand).
COUNTS_BEGIN = "<!-- BEGIN COUNTS -->"
COUNTS_END = "<!-- END COUNTS -->"


def _ids(df, mask) -> str:
    ids = df.loc[mask, "claim_id"].tolist()
    return " ".join(ids) if ids else "none"


def reading_counts(df) -> str:
    """The paragraphs of docs/audit.md's reading that quote the audit's counts."""
    tested = df[(df.kind != "text_table") & (df.verdict != "untestable")]
    count = tested["verdict"].value_counts()
    checked = int((df.kind == "text_table").sum())
    untestable = int((df.verdict == "untestable").sum())
    robust = tested["robustness"].str.startswith("supported at every")
    rounding = int(tested["rounding_sensitive"].astype(str).eq("True").sum())
    words = ("supported", "depends on n", "not supported", "contradicted")
    lists = ". ".join(f"{w[0].upper()}{w[1:]}: {_ids(tested, tested.verdict == w)}" for w in words)
    return (
        f"**In numbers.** Of the {len(df)} claims, {len(tested)} were tested statistically: "
        f"{count.get('supported', 0)} are supported, {count.get('depends on n', 0)} depend "
        f"on n, {count.get('not supported', 0)} are not supported at any plausible n and "
        f"{count.get('contradicted', 0)} are contradicted. The {checked} numbers the text "
        "quotes from the tables are all consistent with them within rounding, and "
        f"{untestable} claims cannot be tested with the published numbers. "
        f"{int(robust.sum())} of the tested claims are supported under every plausible n and "
        f"deff, and {rounding} verdicts change within the rounding of the published "
        f"numbers.\n\n{lists}. Untestable: {_ids(df, df.verdict == 'untestable')}.\n\n"
        + reading_sentence(df)
    )


def reading_sentence(df) -> str:
    """The paragraph of the reading on the quantifier readings (counts and claims)."""
    quantified = df[df["verdict_by_reading"].astype(str) != ""]
    sensitive = quantified["reading_sensitive"].astype(str).eq("True")
    by = [dict(p.split(": ", 1) for p in t.split("; ")) for t in quantified.verdict_by_reading]
    supported = {r: sum(v.get(r) == "supported" for v in by) for r in ("strict", "usage", "plain")}
    return (
        f"**Readings.** {len(quantified)} tested claims rest on a verbal quantifier; "
        f"{int(sensitive.sum())} of their verdicts depend on its reading "
        f"({_ids(quantified, sensitive)}). Of these {len(quantified)} claims, "
        f"{supported['strict']} are supported under the strict reading, "
        f"{supported['usage']} under the report's own usage (the audit's reading) and "
        f"{supported['plain']} under the plain one.\n"
    )


def splice(document: str, generated: str, counts: str | None = None) -> str:
    """Replace the text between the markers of ``document`` by ``generated`` (and ``counts``)."""
    start = document.index(GENERATED_BEGIN) + len(GENERATED_BEGIN)
    end = document.index(GENERATED_END)
    out = document[:start] + "\n" + generated + document[end:]
    if counts is not None and COUNTS_BEGIN in out:
        start = out.index(COUNTS_BEGIN) + len(COUNTS_BEGIN)
        out = out[:start] + "\n" + counts + out[out.index(COUNTS_END) :]
    return out


def write_figures(audit_df) -> list[Path]:
    """Draw the three figures of docs/audit.md into docs/figures/."""
    from migstats import plots

    FIGURES.mkdir(exist_ok=True)
    figures = {
        "gaps.svg": plots.plot_gaps(),
        "distribution.svg": plots.plot_distribution("7.1"),
        "breakeven.svg": plots.plot_breakeven(audit_df),
    }
    return [plots.save(fig, FIGURES / name) for name, fig in figures.items()]


def documents() -> tuple[dict[Path, str], object]:
    """Every generated document (path -> text) and chapter 7's audit (for the figures)."""
    second = migstats.load_report(SECOND_REPORT)
    df = migstats.audit()
    df2 = migstats.audit(report=second)
    current = AUDIT_MD.read_text(encoding="utf-8")
    frame2 = SECOND_MD.read_text(encoding="utf-8") if SECOND_MD.exists() else SECOND_FRAME
    docs = {
        AUDIT_MD: splice(current, generated_markdown(df), reading_counts(df)),
        AUDIT_HTML: migstats.audit_html(df),
        SECOND_MD: splice(frame2, generated_markdown(df2)),
        SECOND_HTML: migstats.audit_html(df2),
    }
    return docs, df


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only check that the generated documents are current"
    )
    args = parser.parse_args(argv)
    docs, df = documents()
    if args.check:
        stale = [
            p.name
            for p, text in docs.items()
            if not p.exists() or p.read_text(encoding="utf-8") != text
        ]
        for name in stale:
            print(f"docs/{name} is stale: run python docs/regenerate.py", file=sys.stderr)
        if stale:
            return 1
        print("docs/audit.md, docs/audit.html and the second report's audit are current")
        return 0
    for path, text in docs.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(DOCS.parent)}")
    for path in write_figures(df):
        print(f"wrote {path.relative_to(DOCS.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
