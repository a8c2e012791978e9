"""Tests of the command line (migstats.cli): ``tables`` and ``show``.

Expected numbers are typed from the chapter's printed tables.
"""

from __future__ import annotations

import io
import runpy
import sys

import pandas as pd
import pytest

from migstats import TABLE_IDS, list_tables
from migstats._audit import format_frame
from migstats.cli.app import build_parser, main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class TestTables:
    def test_lists_every_table(self, capsys):
        code, out, err = run(capsys, "tables")
        assert code == 0 and err == ""
        for t in TABLE_IDS:
            assert f"\n{t} " in out
        assert "Views on labour migration" in out

    def test_dutch_titles(self, capsys):
        code, out, _ = run(capsys, "tables", "--lang", "nl")
        assert code == 0 and "Opvattingen over arbeidsmigratie" in out

    def test_csv(self, capsys):
        code, out, _ = run(capsys, "tables", "--format", "csv")
        df = pd.read_csv(io.StringIO(out), dtype=str)
        assert code == 0
        assert df["table"].tolist() == list(TABLE_IDS)
        assert {"title_en", "title_nl", "items", "dimensions", "source"} <= set(df.columns)

    def test_language_the_report_does_not_give(self, capsys):
        code, out, err = run(capsys, "tables", "--lang", "de")
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and "--lang" in err and "en, nl" in err and "'de'" in err

    def test_csv_is_the_chapter_listing(self, capsys):
        # independent source: migstats.list_tables, the chapter's own listing
        code, out, _ = run(capsys, "tables", "--format", "csv")
        df = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
        assert code == 0 and df.equals(list_tables().astype(str))


class TestShow:
    @pytest.mark.parametrize("table", ["7.2", "text"])
    def test_footer_names_the_table_source(self, capsys, table):
        code, out, _ = run(capsys, "show", table)
        source = list_tables().set_index("table").loc[table, "source"]
        assert code == 0 and out.splitlines()[-1] == f"Source: {source}"

    def test_table_7_2_layout(self, capsys):
        code, out, _ = run(capsys, "show", "7.2")
        assert code == 0
        lines = out.splitlines()
        assert lines[0].startswith("Table 7.2.")
        header = lines[1].split()
        assert header == [
            "item",
            "response",
            "total",
            "bo/vmbo",
            "havo/vwo/mbo",
            "hbo/wo",
            "Q1",
            "Q2",
            "Q3",
            "Q4",
            "Q5",
        ]
        # "veiligelanders terugsturen (helemaal) eens 75 79 76 72 71 77 80 75 76"
        row = next(line for line in lines if line.startswith("return_safe_country"))
        assert row.split()[2:] == ["75", "79", "76", "72", "71", "77", "80", "75", "76"]
        assert (
            sum(
                line.split()[0]
                in {
                    "more_refugees_own_municipality",
                    "always_shelter_war_refugees",
                    "family_reunification",
                    "return_safe_country",
                }
                for line in lines
            )
            == 4
        )

    def test_table_7_7_has_agree_and_disagree_rows(self, capsys):
        code, out, _ = run(capsys, "show", "7.7")
        assert code == 0
        rows = [line.split() for line in out.splitlines() if line.startswith("results")]
        # "behaalde resultaten (helemaal) mee eens 6 5 4 9 10 6 4 7 5" / "... oneens 70 76 ..."
        assert rows[0][1:] == ["agree", "6", "5", "4", "9", "10", "6", "4", "7", "5"]
        assert rows[1][1:] == ["disagree", "70", "76", "70", "68", "65", "70", "76", "72", "69"]

    def test_table_7_1_csv_is_one_row_of_ten(self, capsys):
        code, out, err = run(capsys, "show", "7.1", "--format", "csv")
        assert code == 0 and err == ""
        df = pd.read_csv(io.StringIO(out), dtype=str)
        assert list(df.columns) == ["item"] + [str(i) for i in range(1, 11)]
        assert len(df) == 1
        # table 7.1: "2 2 4 6 15 10 11 14 8 28"
        assert df.iloc[0, 1:].astype(int).tolist() == [2, 2, 4, 6, 15, 10, 11, 14, 8, 28]

    def test_markdown(self, capsys):
        code, out, _ = run(capsys, "show", "7.6", "--format", "markdown")
        table_lines = [line for line in out.splitlines() if line.startswith("|")]
        assert code == 0 and len(table_lines) == 3  # header, rule, one row
        assert table_lines[1].startswith("|---|---|---:")
        assert (
            table_lines[2]
            == "| close_borders | agree | 33 | 47 | 37 | 21 | 36 | 38 | 33 | 29 | 29 |"
        )

    def test_labels(self, capsys):
        _, out_en, _ = run(capsys, "show", "7.5", "--labels", "en")
        _, out_nl, _ = run(capsys, "show", "7.5", "--labels", "nl")
        assert "language lessons" in out_en and "(strongly) agree" in out_en
        assert "taalles" in out_nl and "(helemaal) eens" in out_nl

    def test_text_table_marks_approximate_numbers(self, capsys):
        code, out, _ = run(capsys, "show", "text")
        assert code == 0
        assert "~50" in out and "~51-54" in out and "approximate" in out
        _, csv_out, _ = run(capsys, "show", "text", "--format", "csv")
        assert "~" not in csv_out and "51-54" in csv_out

    @pytest.mark.parametrize("bad", ["7.9", "7", "tekst"])
    def test_unknown_table(self, capsys, bad):
        code, out, err = run(capsys, "show", bad)
        assert code != 0 and out == ""
        assert bad in err
        for t in TABLE_IDS:
            assert t in err

    def test_bad_format(self, capsys):
        code, _, err = run(capsys, "show", "7.2", "--format", "html")
        assert code == 2 and "invalid choice" in err

    def test_missing_table_argument(self, capsys):
        code, _, err = run(capsys, "show")
        assert code == 2 and "table" in err


class TestParser:
    def test_no_command(self, capsys):
        code, out, err = run(capsys)
        assert code == 2 and "usage" in err and out == ""

    def test_unknown_command(self, capsys):
        code, _, err = run(capsys, "frobnicate")
        assert code == 2 and "invalid choice" in err

    def test_help_has_examples(self, capsys):
        code, out, _ = run(capsys, "--help")
        assert code == 0 and "examples:" in out and "migstats show 7.2" in out
        code, out, _ = run(capsys, "show", "--help")
        assert code == 0 and "--format" in out and "examples:" in out

    def test_version(self, capsys):
        code, out, _ = run(capsys, "--version")
        assert code == 0 and out.startswith("migstats ")

    def test_subcommands_registered(self):
        parser = build_parser()
        args = parser.parse_args(["show", "7.3"])
        assert args.command == "show" and args.format == "text" and callable(args.func)

    @pytest.mark.parametrize(
        "argv",
        [
            ["show", "7.3", "--format", "csv"],
            ["audit", "--n", "2000", "--deff", "1.5", "--alpha", "0.01"],
            ["ci", "56", "--n", "300"],
            ["calibrate", "--replications", "3", "--seed", "1"],
            ["--version"],
        ],
    )
    def test_parser_of_the_command_run_parses_as_the_whole(self, argv):
        # main builds the command it runs in full and the others as names only
        from migstats.cli.app import _command_named

        def parsed(parser):
            try:
                return vars(parser.parse_args(argv))
            except SystemExit as exc:
                return exc.code

        assert parsed(build_parser(_command_named(argv))) == parsed(build_parser())

    def test_format_frame_rejects_unknown_format(self):
        with pytest.raises(ValueError, match="fmt"):
            format_frame(pd.DataFrame({"a": [1]}), "html")


def test_python_dash_m(capsys, monkeypatch):
    # ``python -m migstats`` runs migstats/__main__.py; run it in-process (a
    # subprocess would re-import numpy and pandas, which is slow).
    monkeypatch.setattr(sys, "argv", ["migstats", "show", "7.6", "--format", "csv"])
    with pytest.raises(SystemExit) as exc:
        runpy.run_module("migstats", run_name="__main__")
    assert exc.value.code == 0
    assert capsys.readouterr().out.splitlines()[1] == (
        "close_borders,agree,33,47,37,21,36,38,33,29,29"
    )
    monkeypatch.setattr(sys, "argv", ["migstats", "show", "9.9"])
    with pytest.raises(SystemExit) as exc:
        runpy.run_module("migstats", run_name="__main__")
    assert exc.value.code == 2 and "9.9" in capsys.readouterr().err


class TestGradientDimensionsFromTheReport:
    """Default dimensions: the report's ordered ones that the item has (the table's or text's)."""

    def test_table_item_gets_education_and_income(self, capsys):
        code, out, _ = run(capsys, "gradient", "7.2", "more_refugees_own_municipality")
        dims = {line.split()[0] for line in out.splitlines()[2:] if line[:1].isalpha()}
        assert code == 0 and {"education", "income"} <= dims and "urbanisation" not in dims

    def test_text_urbanisation_numbers_join_with_equal_shares(self, capsys):
        # the running text reports spread_by_population by urbanisation (data/tables.csv)
        code, out, _ = run(capsys, "gradient", "7.4", "spread_by_population")
        assert code == 0 and "\nurbanisation " in out
        assert "urbanisation: group shares not published, equal shares assumed" in out
