"""Every public name of a result field or column is a word of docs/glossary.md.

The glossary is the one vocabulary of migstats.  This test walks

* the fields of every public result type (frozen dataclasses and NamedTuples
  in ``migstats.__all__``),
* the column lists of :data:`migstats.COLUMNS`,
* the ``to_frame()`` columns of a small instance of each result type whose
  instance is cheap to build,

and fails on a name the glossary does not define.  A name is defined if the
glossary lists it, if it is a listed word followed by ``1`` or ``2`` (the two
groups of a comparison: ``n1``, ``percent2``), or if it joins defined names
with ``_`` (``gap_ci_low`` = ``gap`` + ``ci`` + ``low``).  Words are read
from the first column of every table in the glossary.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import sys
from pathlib import Path

import pytest

import migstats

GLOSSARY = Path(__file__).resolve().parent.parent / "docs" / "glossary.md"


def glossary_words(text: str) -> set[str]:
    """Backticked names in the first cell of each table row of the glossary."""
    words: set[str] = set()
    for line in text.splitlines():
        if not line.startswith("|") or line.startswith("|---"):
            continue
        first = line.split("|")[1]
        words.update(re.findall(r"`([^`]+)`", first))
    return words


WORDS = frozenset(glossary_words(GLOSSARY.read_text(encoding="utf-8")))


@functools.cache
def defined(name: str) -> bool:
    """True if ``name`` is a glossary word, a word + 1/2, or words joined by ``_``."""
    if name in WORDS:
        return True
    if name[-1:] in ("1", "2") and name[:-1] in WORDS:
        return True
    parts = name.split("_")
    return any(
        defined("_".join(parts[:i])) and defined("_".join(parts[i:])) for i in range(1, len(parts))
    )


def result_types() -> dict[str, type]:
    out = {}
    for name in migstats.__all__:
        obj = getattr(migstats, name)
        if isinstance(obj, type) and (dataclasses.is_dataclass(obj) or hasattr(obj, "_fields")):
            out[name] = obj
    return out


def field_names(cls: type) -> list[str]:
    if dataclasses.is_dataclass(cls):
        return [f.name for f in dataclasses.fields(cls)]
    return list(cls._fields)


def small_instances() -> dict[str, migstats.Result]:
    """One cheap instance of each result type that has a ``to_frame``."""
    shares = [1 / 3, 1 / 3, 1 / 3]
    a = migstats.gradient_from_proportions([0.3, 0.5, 0.7], [500, 500, 500], shares)
    b = migstats.gradient_from_proportions([0.45, 0.5, 0.55], [500, 500, 500], shares)
    population = migstats.SurveyPopulation(
        [0.4, 0.6], [0.3, 0.5], dimensions=["education"], groups=[["low", "high"]]
    )
    return {
        "CompareResult": migstats.compare(30, 100, 40, 100),
        "Chi2Result": migstats.chi2_homogeneity([30, 40, 50], [100, 100, 100]),
        "MeanResult": migstats.mean_score_ci([10, 20, 30]),
        "TrendResult": migstats.trend_test([30, 40, 50], [100, 100, 100]),
        "SlopeResult": migstats.logistic_slope([30, 40, 50], [100, 100, 100]),
        "InequalityResult": migstats.slope_index([0.3, 0.4, 0.5], [100, 100, 100], shares),
        "GradientResult": a,
        "GradientComparison": migstats.compare_gradient_results(a, b),
        "RoundingInterval": migstats.rounding_interval("54.0"),
        "FeasibleCounts": migstats.feasible_counts(["20", "30", "50"], 10),
        "SurveyPopulation": population,
        "SimulatedSurveys": migstats.simulate_surveys(population, 100, replications=2, seed=1),
        "MarginDeff": migstats.deff_from_margin_of_error(1.6, 6878),
        "SlopeCovariance": migstats.slope_index_covariance(
            [[0.3, 0.2], [0.2, 0.3]], [[0.4, 0.5], [0.5, 0.6]], 1000
        ),
        "PairedDifference": migstats.paired_difference(0.7, 0.5, 1000),
        "EquivalenceResult": migstats.equivalence_h(0.52, 1500, 0.49, 1500),
        "SlopeCorrelation": migstats.gradient_correlation(
            [0.5, 0.5], [0.5, 0.5], [0.4, 0.6], [0.45, 0.55]
        ),
        "WorstCasePvalue": migstats.slope_index_worst_pvalue(
            [0.3, 0.4], [0.31, 0.41], 1000, [0.5, 0.5]
        ),
        "RatioResult": migstats.ratio_test(36, 40, 16, 80),
    }


def test_glossary_is_parsed():
    # guards the parser: a handful of words every version of the glossary has
    assert {"pvalue", "confidence_level", "standard_error", "df", "low", "high"} <= WORDS


@pytest.mark.parametrize(
    ("words", "name", "ok"),
    [
        ({"gap", "ci", "low"}, "gap_ci_low", True),
        ({"n"}, "n1", True),
        ({"pvalue"}, "p_value", False),
        ({"n", "effective"}, "effective_n", True),
        ({"standard_error"}, "se", False),
    ],
)
def test_composition_rule(monkeypatch, words, name, ok):
    # the rule on a toy vocabulary, independent of the real glossary
    monkeypatch.setattr(sys.modules[__name__], "WORDS", frozenset(words))
    defined.cache_clear()
    try:
        assert defined(name) is ok
    finally:
        defined.cache_clear()


@pytest.mark.parametrize("type_name", sorted(result_types()))
def test_result_fields_are_glossary_words(type_name):
    cls = result_types()[type_name]
    bad = [f for f in field_names(cls) if not defined(f)]
    assert bad == [], f"{type_name} fields not in docs/glossary.md: {bad}"


@pytest.mark.parametrize("key", sorted(migstats.COLUMNS))
def test_column_names_are_glossary_words(key):
    bad = [c for c in migstats.COLUMNS[key] if not defined(c)]
    assert bad == [], f"columns of {key} not in docs/glossary.md: {bad}"


@pytest.mark.parametrize(
    ("type_name", "result"),
    sorted((k, v) for k, v in small_instances().items() if hasattr(v, "to_frame")),
)
def test_to_frame_columns_are_glossary_words(type_name, result):
    bad = [c for c in result.to_frame().columns if not defined(c)]
    assert bad == [], f"{type_name}.to_frame() columns not in docs/glossary.md: {bad}"


def test_every_public_result_type_has_an_instance_or_is_a_namedtuple():
    # a new result type must be added to small_instances() (or be a plain
    # NamedTuple / built only from files, listed here with the reason)
    built_from_data = {
        "ClaimResult",
        "ImpliedShares",
        "SampleDesign",
        "QuantifierRange",
        "Report",  # a report's data, built in tests/test_report.py
        "CalibrationResult",  # a simulation with audits, built in tests/test_calibrate.py
        "AuditResult",  # an audit of a registry, built in tests/test_audit.py; its
        # to_frame() is the audit frame, whose columns are COLUMNS["audit"]
    }
    covered = set(small_instances()) | built_from_data | {"Result"}
    missing = [
        n for n, cls in result_types().items() if dataclasses.is_dataclass(cls) and n not in covered
    ]
    assert missing == []


def test_columns_keys_name_public_functions_or_types():
    # COLUMNS is keyed by what gives the frame: a public function, a result
    # type's to_frame, or a loader ("as_table (required)": the required subset)
    heads = {key.split()[0].split(".")[0] for key in migstats.COLUMNS}
    assert [h for h in sorted(heads) if h not in migstats.__all__] == []
    with pytest.raises(TypeError, match="does not support item assignment"):
        migstats.COLUMNS["audit"] = ()  # read-only
