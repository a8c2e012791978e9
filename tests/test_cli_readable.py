"""Tests of the command line speaking about the command at hand.

Help describes each command's own options and defaults; errors name only
flags the command has; text output fits the terminal (``--wide`` shows all);
labels, plurals and rounded numbers; files written are named on stderr;
progress appears only on a terminal.  Expected values come from the inputs
typed here, the published tables or hand arithmetic, never from the output
under test.
"""

from __future__ import annotations

import io
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from user_report import user_report

from migstats.cli import progress as progress_mod
from migstats.cli.app import main
from migstats.cli.options import decimal_comma_hint
from migstats.cli.progress import Progress
from migstats.cli.render import deff_text, fit_width, plural


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def help_text(capsys, command):
    assert main([command, "--help"]) == 0
    return " ".join(capsys.readouterr().out.split())


class TestHelpPerCommand:
    def test_audit_help_names_no_other_command_nor_chapter_7_numbers(self, capsys):
        text = help_text(capsys, "audit")
        assert "ci:" not in text and "2900" not in text and "2,900" not in text
        assert "the report's published" in text and "family-wise" in text

    def test_ci_help_says_n_is_required_and_deff_1(self, capsys):
        text = help_text(capsys, "ci")
        assert "size of the group the percentage is of (required)" in text
        assert "default 1" in text and "the design's" not in text

    def test_compare_help_deff_default_1(self, capsys):
        text = help_text(capsys, "compare")
        assert "default 1" in text and "the design's, 2" not in text
        assert "1 - alpha" in text

    def test_check_help_n_is_the_range(self, capsys):
        assert "plausible range" in help_text(capsys, "check")


class TestErrorsNameTheCommandsFlags:
    def test_show_unknown_table_names_the_positional(self, capsys):
        code, out, err = run(capsys, "show", "7.9")
        assert code == 2 and out == ""
        assert err.startswith("migstats: error: table must be one of") and "--table" not in err

    def test_plot_unknown_table_names_its_flag(self, capsys, tmp_path):
        code, _, err = run(
            capsys, "plot", "distribution", "-o", tmp_path / "d.png", "--table", "7.9"
        )
        assert code == 2 and "--table must be" in err

    def test_validate_missing_directory_names_path(self, capsys, tmp_path):
        code, out, err = run(capsys, "validate", tmp_path / "nonexistent")
        assert code == 2 and out == ""
        assert err.startswith("migstats: error: PATH must be") and "--report" not in err
        assert err.count("\n") == 1

    @pytest.mark.parametrize(
        ("argv", "hint"),
        [(["ci", "56,5", "--n", "100"], "56.5"), (["ci", "56", "--n", "10,5"], "10.5")],
    )
    def test_decimal_comma_hint(self, capsys, argv, hint):
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == "" and f"use a decimal point: {hint}" in err

    @given(whole=st.integers(0, 999), frac=st.integers(0, 999))
    @settings(max_examples=50, deadline=None)
    def test_decimal_comma_hint_property(self, whole, frac):
        assert decimal_comma_hint(f"{whole},{frac}") == f"; use a decimal point: {whole}.{frac}"
        assert decimal_comma_hint(f"{whole}.{frac}") == ""


class TestReadableOutput:
    def test_plural(self):
        assert [plural(k, "problem") for k in (0, 1, 2)] == [
            "0 problems",
            "1 problem",
            "2 problems",
        ]

    @given(st.floats(0.01, 100, allow_nan=False))
    @settings(max_examples=100, deadline=None)
    def test_deff_text_has_at_most_two_decimals(self, deff):
        text = deff_text(deff)
        assert len(text.partition(".")[2]) <= 2
        assert float(text) == pytest.approx(deff, abs=0.005 + 1e-12)

    def test_validate_counts_and_rounds(self, capsys, tmp_path):
        assert run(capsys, "init", tmp_path / "r")[0] == 0
        code, out, _ = run(capsys, "validate", tmp_path / "r")
        # the template: one table Q1 with 8 numbers, one item, four claims;
        # deff from a margin of 3.5 points at n = 1000: (3.5/(100*1.96*sqrt(.25/1000)))^2 = 1.2756
        assert code == 0 and "1 table," in out and "1 item," in out and "4 claims" in out
        assert "deff = 1.28" in out

    def test_check_details_use_response_labels(self, capsys):
        code, out, _ = run(capsys, "check", "7.2", "--n", "10", "--details", "--wide")
        assert code == 0 and "category 'agree'" in out and "category '0'" not in out

    def test_fits_the_terminal_and_wide_shows_all(self, capsys, monkeypatch):
        monkeypatch.setenv("COLUMNS", "80")
        _, out, _ = run(capsys, "tables")
        assert max(len(line) for line in out.splitlines()) <= 80
        assert "--wide" in out
        _, wide, _ = run(capsys, "tables", "--wide")
        assert max(len(line) for line in wide.splitlines()) > 80
        assert "more_refugees_own_municipality; always_shelter_war_refugees" in wide

    def test_piped_output_is_not_cut(self, capsys, monkeypatch):
        monkeypatch.delenv("COLUMNS", raising=False)
        _, out, _ = run(capsys, "tables")
        assert "\u2026" not in out

    @given(
        cells=st.lists(
            st.text(alphabet="abcdefgh ", min_size=0, max_size=90), min_size=1, max_size=6
        ),
        width=st.integers(40, 160),
    )
    @settings(max_examples=60, deadline=None)
    def test_fit_width_property(self, cells, width):
        import pandas as pd

        frame = pd.DataFrame({f"c{i}": [v] for i, v in enumerate(cells)})
        fitted, cut = fit_width(frame, width)
        widths = [max(len(c), len(str(fitted[c][0]))) for c in fitted.columns]
        total = sum(widths) + 2 * (len(widths) - 1)
        floor_total = sum(max(len(c), 12) for c in frame.columns) + 2 * (len(widths) - 1)
        assert total <= max(width, floor_total)
        for c in frame.columns:  # a cut cell is the start of the original plus the mark
            before, after = str(frame[c][0]), str(fitted[c][0])
            assert after == before or (after.endswith("\u2026") and before.startswith(after[:-1]))
        assert cut == any(str(frame[c][0]) != str(fitted[c][0]) for c in frame.columns)


class TestFilesAndProgress:
    def test_output_file_is_named_on_stderr(self, capsys, tmp_path):
        target = tmp_path / "ci.json"
        code, out, err = run(
            capsys, "ci", "56", "--n", "100", "--format", "json", "--output", target
        )
        assert code == 0 and out == "" and err == f"wrote {target}\n" and target.stat().st_size

    def test_init_says_where(self, capsys, tmp_path):
        code, out, err = run(capsys, "init", tmp_path / "pkg")
        assert (
            code == 0
            and out == ""
            and err.startswith(f"wrote a template report package to {tmp_path / 'pkg'}")
        )

    def test_progress_silent_when_not_a_terminal(self):
        stream = io.StringIO()  # isatty() is False
        with Progress("working", stream=stream) as p:
            p(1, 2)
        assert stream.getvalue() == ""

    def test_progress_shows_on_a_terminal_after_the_delay(self, monkeypatch):
        monkeypatch.setattr(progress_mod, "PROGRESS_DELAY", 0.0)
        monkeypatch.setattr(progress_mod, "PROGRESS_INTERVAL", 0.01)
        stream = io.StringIO()
        with Progress("auditing", stream=stream, enabled=True) as p:
            p(3, 7)
            time.sleep(0.1)
        text = stream.getvalue()
        assert "migstats: auditing... 3/7" in text and text.endswith("\r")

    def test_quick_work_shows_nothing_even_on_a_terminal(self):
        stream = io.StringIO()
        with Progress("quick", stream=stream, enabled=True):
            pass
        assert stream.getvalue() == ""


class TestGradientWithoutShares:
    def test_equal_shares_stated(self, capsys, tmp_path):
        user_report().save(tmp_path / "u")
        code, out, err = run(
            capsys,
            "gradient",
            "Q1",
            "trust_government",
            "--response",
            "trust",
            "--dimension",
            "region",
            "--report",
            tmp_path / "u",
        )
        assert code == 0 and err == ""
        # equal shares of n = 1000 in whole respondents (largest remainder): 334, 333, 333
        assert (
            "north 30% (n 334), mid 40% (n 333), south 55% (n 333)" in out
            and "equal shares assumed" in " ".join(out.split())
        )
