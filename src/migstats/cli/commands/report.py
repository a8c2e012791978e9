"""Commands ``init`` and ``validate``: start a report package and check it.

``init PATH`` writes a small, commented template package (a made-up survey
with an age breakdown) that validates as it is, for a user to overwrite with
their own report's numbers; ``validate PATH`` reads a package with
:func:`migstats.load_report` and lists every problem, one per line.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from ..._base import DataValidationError
from ..._corpus import (
    KIND_REGISTRY,
    Report,
    SampleDesign,
    deff_from_margin_of_error,
    pooled_shares_text,
)
from ..options import Command, UsageError
from ..render import deff_text, plural, wrote

#: Exit code of ``validate`` for an invalid package (as for every input error).
EXIT_INVALID = 2

INIT_EPILOG = """\
examples:
  migstats init my_report            write the template package into my_report/
  migstats validate my_report        list every problem (exit 2) or say it is valid
  migstats audit --report my_report  audit its claims

Read docs/another-report.md for a walk-through: from a table in a PDF to an
audit in a quarter of an hour.
"""

_README = """\
# A migstats report package (template written by `migstats init`)

Replace the example numbers with your report's, then run
`migstats validate {path}` until it says the package is valid, and
`migstats audit --report {path}`.  The how-to is docs/another-report.md.

Files and the columns you must fill:

- `datapackage.json`: name, title, source; the **design** (n, deff or
  margin_of_error, group shares); the **dimensions** (groups in order,
  ordered or not); the **designFacts** (what the report states, each with
  its source; alpha = the report's significance level).
- `tables.csv`: one row per published percentage (tidy): table, item,
  response, dimension, group, percent, reported, approximate, text_reported,
  source.
- `items.csv`: one row per survey item: item, table, scale,
  responses_reported (optional file: inferred from the tables when absent).
- `claims.csv`: one row per claim of the report's text: claim_id, kind,
  claim; and table, item, response, dimension, groups (+ reported,
  quantifier, reference where the kind needs them); an untestable claim
  needs only its text and untestable_reason.
- `quantifiers.csv`: the reading of verbal quantities ("a majority" = above
  50%): quantifier, min_percent, max_percent, low_inclusive, high_inclusive,
  test, rationale.

Rules worth knowing: keep the columns in the order shown (optional ones may be
left out); `reported` is the number as printed ("54", "54.0"); `percent` is the
same number; within a table, item and response, list the groups in the order
of the dimension in datapackage.json; the design's `margin_of_error` (points,
at `confidence_level`) gives the design effect when `deff` is left out.
Claim kinds (see data/claims.schema.json in migstats):
{kinds}
"""


def kinds_text() -> str:
    """Every claim kind with what it asserts, one line each (from the registry)."""
    return "\n".join(f"- `{k.name}`: {k.description}." for k in KIND_REGISTRY.values())


_COMMENTS = {
    "_comment": "Template written by `migstats init`: a made-up survey. Replace every value.",
    "_comment_design": (
        "n: respondents. n_range: plausible range of n (equal to n when published). "
        "deff: Kish design effect; leave it out and give margin_of_error (points) and "
        "confidence_level to derive it. shares: each dimension's share of respondents "
        "(sum 1); partial_dimensions: dimensions that leave some respondents out."
    ),
    "_comment_dimensions": (
        "groups in their order; ordered: true for ordered groups (age, income, education: "
        "gradients are tested over them); partition: true when every respondent is in "
        "exactly one group."
    ),
}


#: The template's published design facts, each with where it stands (made up).
_TEMPLATE_FACTS = {
    "n": {"value": 1000, "source": "Made up: replace with where your report states n."},
    "margin_of_error": {"value": 3.5, "source": "Made up: the report's methods section."},
    "confidence_level": {"value": 0.95, "source": "Made up: the report's methods section."},
    "alpha": {
        "value": 0.05,
        "source": "Made up: where the report states its significance level (null if it does not).",
    },
}


#: The age groups of the template report, youngest first.
TEMPLATE_AGES = ["18-34", "35-54", "55+"]


def _template_tables() -> pd.DataFrame:
    """The template report's one published table (made-up numbers)."""
    ages = TEMPLATE_AGES
    return pd.DataFrame(
        {
            "table": "Q1",
            "item": "trust_government",
            "response": ["trust"] * 4 + ["distrust"] * 4,
            "dimension": ["total", "age", "age", "age"] * 2,
            "group": ["total", *ages] * 2,
            "percent": [42, 33, 41, 50, 55, 64, 56, 47],
            "source": "Example survey 2025, table 1 (made up)",
        }
    )


def _template_claims() -> pd.DataFrame:
    """The template report's four claims, one of each common kind and an untestable one."""
    return pd.DataFrame(
        {
            "claim_id": ["E01", "E02", "E03", "E04"],
            "kind": ["level", "difference", "gradient", "level"],
            "table": ["Q1", "Q1", "Q1", ""],
            "item": ["trust_government", "trust_government", "trust_government", ""],
            "response": ["trust", "trust", "trust", ""],
            "dimension": ["total", "age", "age", ""],
            "groups": ["total", "55+>18-34", "increasing", ""],
            "quantifier": ["about_four_in_ten", "", "", ""],
            "reported": ["42", "50;33", "", ""],
            "claim": [
                "About four in ten adults trust the government (42%).",
                "Older adults trust the government more than the young (50% vs 33%).",
                "Trust in the government rises with age.",
                "Trust has fallen since the last survey.",
            ],
            "untestable_reason": ["", "", "", "The earlier survey's numbers are not published."],
        }
    )


def _template_quantifiers() -> pd.DataFrame:
    """The template report's quantifiers, each with its reading's rationale."""
    return pd.DataFrame(
        {
            "quantifier": ["about_four_in_ten", "majority"],
            "phrase_en": ["about four in ten", "a majority"],
            "min_percent": [35.0, 50.0],
            "max_percent": [45.0, 100.0],
            "low_inclusive": [True, False],
            "high_inclusive": [True, True],
            "test": ["within", "above"],
            "rationale": [
                "Convention: 'about N in ten' = N tenths +/- 5 points.",
                "Definition: more than half.",
            ],
        }
    )


def template_report() -> Report:
    """The example report that ``migstats init`` writes (valid as it is)."""
    ages = TEMPLATE_AGES
    tables, claims, quantifiers = _template_tables(), _template_claims(), _template_quantifiers()
    design = SampleDesign(
        n=1000,
        n_range=(1000, 1000),
        shares={"age": {"18-34": 0.28, "35-54": 0.33, "55+": 0.39}},
        deff=round(deff_from_margin_of_error(3.5, 1000).deff, 2),
        name="example_design",
        notes="Made up: n = 1,000 and a margin of error of +/-3.5 points at 95% (deff derived).",
    )
    return Report.from_frames(
        tables,
        design=design,
        claims=claims,
        quantifiers=quantifiers,
        dimensions={"age": {"groups": ages, "ordered": True, "partition": True}},
        name="example-survey-2025",
        title="Example survey 2025 (template)",
        source="Example survey 2025 (made up); replace with your report's reference.",
        table_titles={"Q1": "Trust in the government, by age (percent)"},
    )


def write_template(path: str | Path) -> Path:
    """Write the commented template package into ``path`` (a new or empty directory)."""
    out = Path(path)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(f"PATH must be a new or empty directory, but got {str(path)!r}")
    try:
        template_report().save(out)
    except ValueError as exc:  # not creatable or writable: one line naming PATH
        raise UsageError("PATH" + str(exc).removeprefix("path")) from None
    desc_path = out / "datapackage.json"
    desc = json.loads(desc_path.read_text(encoding="utf-8"))
    design = desc["design"]
    design.pop("deff")
    design.update(margin_of_error=3.5, confidence_level=0.95)
    desc = {**{"_comment": _COMMENTS["_comment"]}, **desc}
    desc["design"] = {"_comment": _COMMENTS["_comment_design"], **design}
    desc["dimensions"] = {"_comment": _COMMENTS["_comment_dimensions"], **desc["dimensions"]}
    desc["designFacts"] = _TEMPLATE_FACTS
    try:
        desc_path.write_text(json.dumps(desc, indent=2) + "\n", encoding="utf-8")
        (out / "README.md").write_text(
            _README.format(path=path, kinds=kinds_text()), encoding="utf-8"
        )
    except OSError as exc:
        raise UsageError(
            f"PATH must be a directory that can be written ({exc.strerror}), but got {str(path)!r}"
        ) from None
    return out


def _run_init(args: argparse.Namespace) -> int:
    out = write_template(args.path)
    wrote(f"a template report package to {out}/ (edit it, then: migstats validate {out})")
    return 0


def _run_validate(args: argparse.Namespace) -> int:
    root = Path(args.path)
    if not (root / "datapackage.json").is_file():
        raise UsageError(
            "PATH must be a report package directory holding datapackage.json (create one "
            f"with: migstats init PATH), but got {args.path!r}"
        )
    try:
        report = Report.from_directory(root)
    except DataValidationError as exc:
        problems = getattr(exc, "problems", None) or [exc]
        for p in problems:
            print(str(p), file=sys.stderr)
        print(f"{plural(len(problems), 'problem')} in {args.path}", file=sys.stderr)
        return EXIT_INVALID
    print(
        f"{args.path}: a valid report package ({report.name}): "
        f"{plural(len(report.table_ids), 'table')}, {plural(len(report.tables), 'number')}, "
        f"{plural(len(report.items), 'item')}, {plural(len(report.claims), 'claim')}, "
        f"n = {report.design.n:,}, deff = {deff_text(report.design.deff)}"
    )
    if report.alpha is not None:
        print(f"publisher's significance level: alpha = {report.alpha:g}")
    for line in pooled_shares_text(report.design_facts):
        print(f"pooled share: {line}")
    return 0


def _path_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", help="the report package directory")


COMMANDS = (
    Command(
        "init",
        "write a template report package to fill in",
        "Write a small, commented report package (datapackage.json with the design and "
        "dimensions, tables.csv, items.csv, claims.csv, quantifiers.csv, README.md) that "
        "validates as it is; replace its numbers with your report's.",
        INIT_EPILOG,
        (),
        _path_argument,
        _run_init,
    ),
    Command(
        "validate",
        "check a report package, listing every problem",
        "Read a report package and check every file against its schema and the rules "
        "across files; list every problem (file, row, column, what is allowed), one per "
        "line, and exit 2, or say it is valid.",
        INIT_EPILOG,
        (),
        _path_argument,
        _run_validate,
    ),
)
