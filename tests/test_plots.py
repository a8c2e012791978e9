"""Tests of migstats.plots (the optional ``plot`` extra).

Every figure is rendered to PNG and SVG with the Agg backend.  What is drawn
is checked against the numbers it shows: the marks of the forest plot against
:func:`migstats.gradient_table`, the bars of table 7.1 against the published
numbers (typed from the table), its intervals against statsmodels' Sison-Glaz
implementation called directly, and the break-even plot against a small
hand-made audit frame.  ``gradient_table`` and ``audit`` are slow (seconds),
so they are computed once and served to the plot functions by spies that
also record the arguments the functions pass.
"""

from __future__ import annotations

import ast
import dataclasses
import doctest
import importlib
import re
import sys
from pathlib import Path

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.container import BarContainer, ErrorbarContainer  # noqa: E402
from statsmodels.stats.proportion import multinomial_proportions_confint  # noqa: E402
from user_report import user_report as _user_report  # noqa: E402

import migstats  # noqa: E402
import migstats._audit as _audit  # noqa: E402
import migstats._tables as _tables  # noqa: E402
from migstats import plots  # noqa: E402

PLOT_FILES = sorted(Path(plots.__file__).parent.glob("*.py"))
PLOT_MODULES = [
    "migstats.plots" + ("" if p.stem == "__init__" else f".{p.stem}") for p in PLOT_FILES
]

#: A low PNG resolution keeps the tests fast.
PNG_DPI_TEST = 40

#: Table 7.1 as printed (scale points 1..10).
TABLE_7_1 = [2, 2, 4, 6, 15, 10, 11, 14, 8, 28]

#: A small audit frame with known break-even n (inf: no n suffices; NaN: not tested).
FRAME = pd.DataFrame(
    {
        "claim_id": ["C1", "C2", "C3", "C4", "C5", "C6"],
        "breakeven_n": [2000.0, 100.0, 8000.0, np.inf, np.nan, 450.0],
        "verdict": [
            "not significant",
            "supported",
            "not significant",
            "contradicted",
            "untestable",
            "supported",
        ],
    }
)


def as_result(frame: pd.DataFrame) -> migstats.AuditResult:
    """``frame`` as the frame of an audit result computed with the default settings."""
    return dataclasses.replace(_BASE, frame=frame)


_BASE = migstats.audit(claims=migstats.load_claims().head(2))
AUDIT = as_result(FRAME)


@pytest.fixture(scope="module")
def gt() -> pd.DataFrame:
    return migstats.gradient_table()


@pytest.fixture
def gt_calls(monkeypatch, gt):
    """gradient_table answered from the module's result; keyword arguments recorded."""
    calls = []

    def spy(**kwargs):
        calls.append(kwargs)
        return gt.copy()

    monkeypatch.setattr(_tables, "gradient_table", spy)
    return calls


@pytest.fixture
def audit_calls(monkeypatch):
    calls = []

    def spy(**kwargs):
        calls.append(kwargs)
        return AUDIT

    monkeypatch.setattr(_audit, "audit", spy)
    return calls


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def errorbar_segments(ax) -> np.ndarray:
    """(k, 2, 2) array of the error-bar segments of the first ErrorbarContainer."""
    eb = next(c for c in ax.containers if isinstance(c, ErrorbarContainer))
    return np.array(eb.lines[2][0].get_segments())


def check_files(fig, tmp_path, name):
    for suffix, magic in (("png", b"\x89PNG"), ("svg", b"<?xml")):
        path = plots.save(fig, tmp_path / f"{name}.{suffix}", dpi=PNG_DPI_TEST)
        assert path.exists() and path.stat().st_size > 0
        assert path.read_bytes().lstrip()[: len(magic)] == magic


# --------------------------------------------------------------------------
class TestPlotGaps:
    def test_renders(self, tmp_path, gt_calls):
        check_files(plots.plot_gaps(), tmp_path, "gaps")

    @pytest.mark.parametrize("measure", ["sii", "gap"])
    def test_marks_are_the_gradient_table(self, gt_calls, gt, measure):
        ax = plots.plot_gaps(measure=measure).axes[0]
        bars = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
        assert [b.get_label() for b in bars] == ["education", "income"]
        for dim, eb in zip(("education", "income"), bars, strict=True):
            rows = gt[gt.dimension == dim]
            x = eb.lines[0].get_xdata()
            np.testing.assert_allclose(x, rows[measure].to_numpy(float))  # in points
            seg = np.array(eb.lines[2][0].get_segments())
            np.testing.assert_allclose(seg[:, 0, 0], rows[f"{measure}_ci_low"])
            np.testing.assert_allclose(seg[:, 1, 0], rows[f"{measure}_ci_high"])
            # education above income within each item's row
            y = eb.lines[0].get_ydata()
            assert np.all(np.diff(y) < 0)
        assert "percentage points" in ax.get_xlabel()
        assert (ax.get_legend() or ax.figure.legends) and ax.get_title()

    def test_labels(self, gt_calls, gt):
        ax = plots.plot_gaps().axes[0]
        labels = [t.get_text() for t in ax.get_yticklabels()]
        n_items = len(gt[["item", "response"]].drop_duplicates())
        assert len(labels) == n_items == 16
        assert labels[0] == "7.2 more refugees in my municipality"
        assert labels[-1] == "7.1 admitting refugees (6-10)"  # figure 7.1, by education

    def test_arguments_reach_gradient_table(self, gt_calls):
        d = migstats.LISS_2023
        plots.plot_gaps(n=1500, deff=1.5, response="agree", confidence_level=0.9)
        (call,) = gt_calls
        assert call["report"].name == "scp2024-ch7"
        assert {k: call[k] for k in ("design", "n", "deff", "response", "confidence_level")} == {
            "design": d,
            "n": 1500,
            "deff": 1.5,
            "response": "agree",
            "confidence_level": 0.9,
        }
        # chapter 7's ordered dimensions with shares, in the chapter's group order
        assert call["dimensions"] == {
            "education": {"groups": ["bo/vmbo", "havo/vwo/mbo", "hbo/wo"], "ordered": True},
            "income": {"groups": ["Q1", "Q2", "Q3", "Q4", "Q5"], "ordered": True},
        }
        plots.plot_gaps()
        assert (gt_calls[-1]["n"], gt_calls[-1]["deff"]) == (d.n, d.deff)

    def test_draws_into_given_axes(self, gt_calls):
        fig, ax = plt.subplots()
        assert plots.plot_gaps(ax=ax) is fig
        assert len([c for c in ax.containers if isinstance(c, ErrorbarContainer)]) == 2

    @pytest.mark.parametrize(
        ("kwargs", "name"),
        [
            ({"measure": "rii"}, "measure"),
            ({"n": [1500, 2900]}, "n"),
            ({"n": 0}, "n"),
            ({"deff": 0}, "deff"),
            ({"design": "LISS"}, "design"),
            ({"ax": "axes"}, "ax"),
        ],
    )
    def test_bad_input(self, gt_calls, kwargs, name):
        with pytest.raises(ValueError, match=name):
            plots.plot_gaps(**kwargs)


# --------------------------------------------------------------------------
class TestPlotDistribution:
    N = 100  # Sison-Glaz (statsmodels) takes seconds at n = 2900

    @pytest.fixture(scope="class")
    @classmethod
    def fig(cls):
        return plots.plot_distribution(n=cls.N, deff=1.0)

    def test_renders(self, tmp_path, fig):
        check_files(fig, tmp_path, "distribution")

    def test_bars_and_rounding_ranges(self, fig):
        ax = fig.axes[0]
        published, rounding = [c for c in ax.containers if isinstance(c, BarContainer)]
        np.testing.assert_allclose([b.get_height() for b in published], TABLE_7_1)
        # whole percentages printed: each stands for [p - 0.5, p + 0.5]
        np.testing.assert_allclose([b.get_y() for b in rounding], np.array(TABLE_7_1) - 0.5)
        np.testing.assert_allclose([b.get_height() for b in rounding], 1.0)
        assert [t.get_text() for t in ax.get_xticklabels()] == [str(i) for i in range(1, 11)]

    def test_sison_glaz_intervals(self, fig):
        # independent: statsmodels' Sison-Glaz on the rounded counts p/100 * n
        seg = errorbar_segments(fig.axes[0])
        counts = np.round(np.array(TABLE_7_1) / 100 * self.N)
        ref = 100 * multinomial_proportions_confint(counts, alpha=0.05, method="sison-glaz")
        np.testing.assert_allclose(seg[:, 0, 1], ref[:, 0], atol=1e-9)
        np.testing.assert_allclose(seg[:, 1, 1], ref[:, 1], atol=1e-9)

    def test_goodman_intervals(self):
        seg = errorbar_segments(
            plots.plot_distribution(n=2900, deff=1.0, method="goodman", confidence_level=0.9).axes[
                0
            ]
        )
        counts = np.array(TABLE_7_1) / 100 * 2900
        ref = 100 * multinomial_proportions_confint(counts, alpha=0.1, method="goodman")
        np.testing.assert_allclose(seg[:, 0, 1], ref[:, 0])
        np.testing.assert_allclose(seg[:, 1, 1], ref[:, 1])

    def test_design_effect_is_effective_n(self):
        # identity: n = 5800 with deff 2 has the effective counts of n = 2900
        a = errorbar_segments(plots.plot_distribution(n=5800, deff=2.0, method="goodman").axes[0])
        b = errorbar_segments(plots.plot_distribution(n=2900, deff=1.0, method="goodman").axes[0])
        np.testing.assert_allclose(a, b)

    def test_labels(self, fig):
        ax = fig.axes[0]
        assert ax.get_title().startswith("Table 7.1")
        assert "more refugees" in ax.get_xlabel() and "fewer refugees" in ax.get_xlabel()
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert any("simultaneous" in t and "Sison-Glaz" in t for t in legend)

    @pytest.mark.parametrize(
        ("args", "kwargs", "name"),
        [
            (("7.2",), {}, "table"),
            (("7.9",), {}, "table"),
            ((7.1,), {}, "table"),
            (("7.1",), {"item": "close_borders"}, "item"),
            (("7.1",), {"method": "wilson"}, "method"),
            (("7.1",), {"confidence_level": 1.5}, "confidence_level"),
            (("7.1",), {"n": -1}, "n"),
        ],
    )
    def test_bad_input(self, args, kwargs, name):
        with pytest.raises(ValueError, match=name):
            plots.plot_distribution(*args, **kwargs)


# --------------------------------------------------------------------------
class TestPlotBreakeven:
    def test_renders(self, tmp_path):
        check_files(plots.plot_breakeven(AUDIT), tmp_path, "breakeven")

    def test_rows_sorted_by_breakeven(self):
        ax = plots.plot_breakeven(AUDIT).axes[0]
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels == ["C2", "C6", "C1", "C3", "C4"]  # C5 (untested) left out
        assert ax.get_xscale() == "log"
        xs = np.concatenate([c.get_offsets()[:, 0] for c in ax.collections if len(c.get_offsets())])
        finite = np.sort(xs[xs < 10_000])
        np.testing.assert_allclose(finite, [100, 450, 2000, 8000])
        # the claim no n supports sits at the right edge
        assert xs.max() == plots.INFINITE_POSITION * 8000

    def test_band_and_assumed_n(self):
        ax = plots.plot_breakeven(AUDIT).axes[0]
        lo, hi = migstats.LISS_2023.n_range
        [band] = ax.patches
        box = band.get_bbox()  # data coordinates along x (axvspan)
        assert (box.x0, box.x1) == (lo, hi)
        vlines = [line.get_xdata()[0] for line in ax.get_lines()]
        assert migstats.LISS_2023.n in vlines

    def test_runs_the_audit_when_no_result(self, audit_calls):
        ax = plots.plot_breakeven().axes[0]
        assert audit_calls == [{}]
        # the assumed n drawn is that of the result's settings
        assert AUDIT.settings.n in [line.get_xdata()[0] for line in ax.get_lines()]

    @settings(max_examples=10)
    @given(
        st.lists(
            st.one_of(st.integers(2, 10**7).map(float), st.just(np.inf), st.just(np.nan)),
            min_size=1,
            max_size=12,
        ).filter(lambda v: not all(np.isnan(x) for x in v))
    )
    def test_property_one_row_per_tested_claim(self, values):
        df = pd.DataFrame(
            {
                "claim_id": [f"C{i}" for i in range(len(values))],
                "breakeven_n": values,
                "verdict": "supported",
            }
        )
        ax = plots.plot_breakeven(as_result(df)).axes[0]
        labels = [t.get_text() for t in ax.get_yticklabels()]
        tested = df.dropna(subset=["breakeven_n"]).sort_values("breakeven_n", kind="stable")
        assert labels == tested["claim_id"].tolist()
        plt.close(ax.figure)

    @pytest.mark.parametrize(
        "frame",
        [FRAME, as_result(FRAME.assign(breakeven_n=np.nan)), "audit"],
    )
    def test_bad_result(self, frame):
        with pytest.raises(ValueError, match="result"):
            plots.plot_breakeven(frame)


# --------------------------------------------------------------------------
class TestSave:
    @pytest.fixture(scope="class")
    @classmethod
    def fig(cls):
        fig = matplotlib.figure.Figure(figsize=(2, 2))
        fig.add_subplot().plot([0, 1], [1, 0])
        return fig

    @pytest.mark.parametrize(
        ("name", "fmt"), [("a.png", "png"), ("b.SVG", "svg"), ("c.pdf", "pdf")]
    )
    def test_format_by_suffix(self, tmp_path, fig, name, fmt):
        assert plots.figure_format(name) == fmt
        path = plots.save(fig, tmp_path / name)
        assert path.stat().st_size > 0

    def test_svg_is_reproducible(self, tmp_path, fig):
        a = plots.save(fig, tmp_path / "a.svg").read_bytes()
        b = plots.save(fig, tmp_path / "b.svg").read_bytes()
        assert a == b and b"<dc:date>" not in a

    @pytest.mark.parametrize("name", ["x.jpg", "x", "x.png.txt"])
    def test_bad_suffix(self, tmp_path, fig, name):
        with pytest.raises(ValueError, match="path"):
            plots.save(fig, tmp_path / name)
        assert list(tmp_path.iterdir()) == []

    def test_bad_figure_and_dpi(self, tmp_path, fig):
        with pytest.raises(ValueError, match="fig"):
            plots.save("figure", tmp_path / "a.png")
        with pytest.raises(ValueError, match="dpi"):
            plots.save(fig, tmp_path / "a.png", dpi=0)


# --------------------------------------------------------------------------
class TestWithoutMatplotlib:
    @pytest.mark.parametrize(
        "call",
        [
            lambda: plots.plot_gaps(),
            lambda: plots.plot_distribution(),
            lambda: plots.plot_breakeven(),
            lambda: plots.save(object(), "a.png"),
        ],
        ids=["gaps", "distribution", "breakeven", "save"],
    )
    def test_clear_import_error(self, monkeypatch, gt_calls, audit_calls, call):
        monkeypatch.setitem(sys.modules, "matplotlib", None)
        with pytest.raises(ImportError, match=re.escape(plots.MATPLOTLIB_MISSING)):
            call()
        assert gt_calls == [] and audit_calls == []  # fails before any computation

    @pytest.mark.parametrize("path", PLOT_FILES, ids=lambda p: p.name)
    def test_module_imports_without_matplotlib(self, path):
        tree = ast.parse(path.read_text())
        top = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
        names = {a.name for n in top for a in n.names} | {
            n.module for n in top if isinstance(n, ast.ImportFrom) and n.module
        }
        assert not any(str(name).startswith("matplotlib") for name in names)


@pytest.mark.parametrize("name", PLOT_MODULES)
def test_doctests(gt_calls, name):
    # tests/test_doctests.py leaves out migstats.plots (optional extra); run them here
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


FIGURE_MODULES = [m for m in PLOT_MODULES if m.count(".") == 2 and "._" not in m]


@pytest.mark.parametrize("name", FIGURE_MODULES)
def test_every_public_module_has_examples(name):
    tests = doctest.DocTestFinder().find(importlib.import_module(name))
    assert sum(len(t.examples) for t in tests) > 0


# --------------------------------------------------------------------------
# figures for any report: the bundled Pew report and a user report
# --------------------------------------------------------------------------
def _errorbars(fig):
    return [c for c in fig.axes[0].containers if isinstance(c, ErrorbarContainer)]


class TestFiguresForAnyReport:
    def test_gaps_pew(self):
        pew = migstats.load_report("pew-inequality-2020")
        fig = plots.plot_gaps(report=pew, response="right_amount")
        title = fig.axes[0].get_title()
        assert "pew-inequality-2020" in title and "n = 6,878 (published)" in title
        # Pew's one ordered dimension with shares is income (age has none)
        assert [c.get_label() for c in _errorbars(fig)] == ["income"]
        assert not any("7.1" in t.get_text() for t in fig.axes[0].get_yticklabels())

    def test_gaps_user_report_states_equal_shares(self):
        rep = _user_report()
        fig = plots.plot_gaps(report=rep, response="trust", dimensions=["age", "region"])
        assert [c.get_label() for c in _errorbars(fig)] == ["age", "region"]
        assert "equal shares assumed for region" in fig.axes[0].get_title()
        # default: only the dimension with published shares
        fig = plots.plot_gaps(report=rep, response="trust")
        assert [c.get_label() for c in _errorbars(fig)] == ["age"]

    def test_gaps_default_response_of_a_report_without_one(self):
        # no defaultResponse and no 'agree': each item's first published response
        rep = _user_report()
        assert rep.default_response is None
        fig = plots.plot_gaps(report=rep)
        assert [c.get_label() for c in _errorbars(fig)] == ["age"]
        [tick] = [t.get_text() for t in fig.axes[0].get_yticklabels()]
        assert tick.endswith("(trust)")  # the response is named: the title names none
        g = migstats.gradient("Q1", "trust_government", "age", report=rep)
        same = migstats.gradient("Q1", "trust_government", "age", report=rep, response="trust")
        assert g.sii == same.sii

    def test_gaps_equal_shares_agree_with_gradient(self):
        # the region gap with equal shares: the gradient of a design whose
        # region shares are 1/3 each, given by hand (an independent route)
        rep = _user_report()
        fig = plots.plot_gaps(report=rep, response="trust", dimensions="region", measure="gap")
        by_hand = migstats.SampleDesign(
            n=1000,
            n_range=(1000, 1000),
            shares={"region": {"north": 1 / 3, "mid": 1 / 3, "south": 1 / 3}},
            deff=1.2,
        )
        g = migstats.gradient(
            "Q1", "trust_government", "region", report=rep, design=by_hand, response="trust"
        )
        x = _errorbars(fig)[0].lines[0].get_xdata()[0]
        assert x == pytest.approx(100 * g.gap)

    def test_distribution_pew_adds_the_derived_rest(self):
        fig = plots.plot_distribution(report="pew-inequality-2020")
        ax = fig.axes[0]
        labels = [t.get_text() for t in ax.get_xticklabels()]
        assert labels == ["too_much", "right_amount", "too_little", plots.REST_LABEL]
        heights = [b.get_height() for b in ax.containers[0]] + [
            b.get_height() for b in ax.containers[1]
        ]
        # published 61, 23, 13 (Pew's text) and the rest 100 - 97 = 3
        assert heights == pytest.approx([61, 23, 13, 3])
        assert "pew-inequality-2020" in ax.get_title()

    def test_distribution_user_report(self):
        fig = plots.plot_distribution(report=_user_report(), n=200)
        ax = fig.axes[0]
        assert [t.get_text() for t in ax.get_xticklabels()] == ["trust", "neutral", "distrust"]
        assert [b.get_height() for b in ax.containers[0]] == pytest.approx([42, 18, 40])
        assert ax.get_xlabel() == "Response"

    def test_distribution_refuses_a_table_without_one(self):
        with pytest.raises(ValueError, match="table"):
            plots.plot_distribution("top_priority", report="pew-inequality-2020")

    @pytest.mark.parametrize("which", ["pew", "user"])
    def test_breakeven(self, which):
        rep = migstats.load_report("pew-inequality-2020") if which == "pew" else _user_report()
        df = migstats.audit(report=rep)
        fig = plots.plot_breakeven(df, title=f"break-even: {rep.name}")
        ticks = {t.get_text() for t in fig.axes[0].get_yticklabels()}
        tested = set(df.loc[df["breakeven_n"].notna(), "claim_id"])
        assert ticks == tested and ticks
        assert rep.name in fig.axes[0].get_title()
        # the report's own n, not chapter 7's: both publish n, so a line and no band
        lo, hi = rep.design.n_range
        assert lo == hi == rep.design.n and len(fig.axes[0].patches) == 0
        lines = {line.get_label(): line.get_xdata()[0] for line in fig.axes[0].get_lines()}
        assert lines == {f"published n ({lo:,})": lo}
        # the n axis in whole numbers with separators (no powers of ten)
        fig.canvas.draw()
        labels = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
        assert labels and all(x.replace(",", "").isdigit() for x in labels)
        assert "1,000" in labels
        # an axis within one power of ten keeps labels: its minor ticks
        c = rep.claims
        few = migstats.audit(report=rep, claims=c[c["claim_id"].isin(tested)].head(2))
        fig = plots.plot_breakeven(few)
        fig.canvas.draw()
        ax = fig.axes[0]
        lo, hi = ax.get_xlim()
        shown = [t.get_text() for t in ax.get_xticklabels(which="both") if t.get_text()]
        assert shown and all(x.replace(",", "").isdigit() for x in shown)


class TestAssumeEqualShares:
    def test_adds_only_missing_dimensions(self):
        d = migstats.LISS_2023
        same, assumed = plots.assume_equal_shares(d, {"education": ["bo/vmbo", "hbo/wo"]})
        assert same is d and assumed == ()
        new, assumed = plots.assume_equal_shares(d, {"urbanisation": ["a", "b", "c", "d"]})
        assert assumed == ("urbanisation",)
        assert dict(new.shares["urbanisation"]) == dict.fromkeys("abcd", 0.25)
        assert dict(new.shares["education"]) == dict(d.shares["education"])

    @given(k=st.integers(2, 12))
    @settings(max_examples=20, deadline=None)
    def test_shares_are_equal_and_sum_to_one(self, k):
        groups = [f"g{i}" for i in range(k)]
        new, _ = plots.assume_equal_shares(migstats.LISS_2023, {"x": groups})
        values = np.array(list(new.shares["x"].values()))
        assert values.sum() == pytest.approx(1.0) and np.ptp(values) == 0
