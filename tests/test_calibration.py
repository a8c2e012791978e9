"""Calibration of migstats' tests on simulated surveys (tools/calibrate.py).

The fast tests run one design at a few hundred replications against targets
widened to three Monte Carlo standard errors (so a calibrated method fails a
single check with probability about 0.1 %); the ``slow`` tests run the full
replications against the targets (single-claim type I error <= 5 % + 2 MC SE,
report false discovery rate <= 5 % + 2 MC SE, coverage >= 95 % - 2 MC SE, and
at n = 2,900 the defaults' power for a 10-point gap >= 0.8 x the oracle's) and
show that the checker catches a deliberately anti-conservative setting.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import migstats

TOOLS = Path(__file__).resolve().parent.parent / "tools" / "calibrate.py"


def _load():
    spec = importlib.util.spec_from_file_location("migstats_calibrate", TOOLS)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


cal = _load()

TRUE_DESIGN = cal.Setting("true design", sizes="sample", deff="kish")
FAST_REPS = 300
SLOW_REPS = cal.DEFAULT_REPLICATIONS


def _loose_failures(frame, reps, multiplier=3.0):
    """Rows that miss the target widened to ``multiplier`` MC SE at the nominal rate."""
    return frame[cal.beyond(frame, reps, multiplier)]


class TestFast:
    def test_true_design_weighted(self):
        res = cal.calibrate(
            [TRUE_DESIGN], FAST_REPS, 7, designs=["weighted, deff 1.5"], n_values=(1500,)
        )
        assert len(res) == 20  # 18 single measures, the report FDR, the gap's power
        assert tuple(res.columns) == cal.RESULT_COLUMNS
        assert _loose_failures(res, FAST_REPS).empty, res.to_string()

    def test_checker_detects_overstated_n(self):
        # telling migstats n = 3,000 when 1,500 answered: effective sizes
        # doubled, standard errors / sqrt(2): type I ~17 %, coverage ~83 %
        # (rounding-unaware: the rounding-aware tests' margin hides part of the error)
        wrong = cal.Setting(
            "n doubled", sizes="sample", deff="kish", n_assumed=3000, rounding_aware=False
        )
        res = cal.calibrate([wrong], FAST_REPS, 7, designs=["unweighted"], n_values=(1500,))
        judged = res[res.verdict != ""]
        # the 12 single checks and the report FDR of one design and n (power has no target)
        assert len(judged) == 13
        assert len(_loose_failures(judged, FAST_REPS)) == len(judged)

    def test_settings_table_and_targets(self):
        res = cal.calibrate([TRUE_DESIGN], 50, 1, designs=["unweighted"], n_values=(1500,))
        targets = set(res.target[res.target != ""])
        se = 100 * np.sqrt(0.05 * 0.95 / 50)
        assert targets == {f"<= {5 + 2 * se:.1f}", f">= {95 - 2 * se:.1f}"}
        assert set(res.verdict) <= {"PASS", "FAIL", ""}

    def test_same_seed_same_table(self):
        kw = {"designs": ["low education under-represented"], "n_values": (1500,)}
        a = cal.calibrate([TRUE_DESIGN], 40, 3, **kw)
        b = cal.calibrate([TRUE_DESIGN], 40, 3, **kw)
        assert a.equals(b)

    @given(arrays(np.float64, (4, 6), elements=st.floats(0, 1)), st.sampled_from([0.05, 0.2]))
    def test_bh_reject_matches_adjust_pvalues(self, p, alpha):
        # the vectorised BH of the tool = the library's adjusted p-values row by row
        expected = np.array([migstats.adjust_pvalues(r, method="fdr_bh") <= alpha for r in p])
        assert (cal.bh_reject(p, alpha) == expected).all()

    def test_defaults_follow_the_library(self):
        from migstats._audit import DEFAULT_CORRECTION
        from migstats._corpus import DEFAULT_GROUP_INFLATION

        default = cal.SETTINGS[0]
        assert default.deff == "margin" and default.inflation == DEFAULT_GROUP_INFLATION
        assert default.correction == DEFAULT_CORRECTION == "fdr_bh"

    def test_published_margin_inputs(self):
        # a report of the simulated design publishes n and its margin: the headline deff
        # is the upper end of the margin's rounding range, by the formula written out
        facts = cal._PublishedFacts(2900, 1.5)
        moe = facts.design_facts["margin_of_error"]["value"]
        assert moe == round(100 * 1.959964 * np.sqrt(0.25 * 1.5 / 2900), 1)
        design = migstats.SampleDesign(2900, (2900, 2900), {"x": {"a": 0.5, "b": 0.5}})
        head = cal.resolve_headline(design, facts)
        assert head.deff == pytest.approx(
            ((moe + 0.05) / (100 * 1.959964 * np.sqrt(0.25 / 2900))) ** 2, rel=1e-5
        )

    def test_write_keeps_handwritten_text(self, tmp_path):
        path = tmp_path / "calibration.md"
        path.write_text(f"intro\n{cal.MARKER_START} -->\nold\n{cal.MARKER_END}\nreading\n")
        cal.write(path, f"{cal.MARKER_START} -->\nnew\n{cal.MARKER_END}")
        text = path.read_text()
        assert text.startswith("intro\n") and text.endswith("reading\n")
        assert "new" in text and "old" not in text


def _slow_table(settings, designs=None, n_values=cal.N_VALUES):
    return cal.calibrate(settings, SLOW_REPS, cal.DEFAULT_SEED, designs=designs, n_values=n_values)


@pytest.mark.slow
class TestSlow:
    def test_defaults_meet_targets(self):
        # the defaults for a report with a published n and margin (SETTINGS[0]), and for
        # one that publishes neither (deff 2 for weighted data): type I, report FDR and
        # coverage targets; power for the 10-point gap >= 0.8 x the oracle's at n = 2,900
        no_margin = next(s for s in cal.SETTINGS if s.weighted_deff == cal.WEIGHTED_DEFF)
        oracle = next(s for s in cal.SETTINGS if s.name == cal.ORACLE)
        res = _slow_table([cal.SETTINGS[0], no_margin, oracle])
        judged = res[res.setting != cal.ORACLE]
        assert (judged.verdict != "FAIL").all(), judged[judged.verdict == "FAIL"].to_string()
        ratios = res[res.measure.str.startswith("power / power of") & (res.n == cal.POWER_N)]
        assert len(ratios) == 2 * len(cal.DESIGNS)

    def test_true_design_unrounded_meets_targets(self):
        # the tests are calibrated once n, deff and the unrounded estimate are right
        setting = cal.Setting("unrounded", sizes="sample", deff="kish", percentages="unrounded")
        res = _slow_table([setting])
        judged = res[res.verdict != ""]
        # no check misses by more than 3 MC SE (chance: about 0.1 % per check) ...
        assert _loose_failures(judged, SLOW_REPS).empty, judged.to_string()
        # ... and the 2-SE misses are no more than chance allows: each check of a
        # calibrated method misses with probability <= 2.3 %; with 108 checks the
        # 99.9th percentile of Binomial(108, 0.023) is 8, plus one for the positive
        # correlation between checks made on the same simulated surveys
        assert (judged.verdict == "FAIL").sum() <= 9, judged[judged.verdict == "FAIL"].to_string()

    @pytest.mark.parametrize(
        ("setting", "design"),
        [
            (cal.Setting("n doubled", sizes="sample", deff="kish", n_assumed=3000), "unweighted"),
            (
                cal.Setting(
                    "deff 1 on weighted data, rounding-unaware",
                    sizes="sample",
                    deff=1.0,
                    rounding_aware=False,
                ),
                "weighted, deff 1.5",
            ),
        ],
    )
    def test_checker_detects_anti_conservative(self, setting, design):
        res = _slow_table([setting], designs=[design], n_values=(1500,))
        assert (res.verdict == "FAIL").sum() >= 8, res.to_string()
