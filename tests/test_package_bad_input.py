"""Bad input to report packages, Report and the package commands: each answered precisely.

Every case breaks one thing of a valid package (the template of ``migstats
init``) and checks that the answer is a ValueError naming the file, resource,
argument or path, and, for hostile paths, that nothing of a file outside the
package reaches the message.  Expected answers come from the rule each case
breaks, never from the function's output.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

import migstats
from migstats import DataValidationError, Report, load_report
from migstats._corpus import paths
from migstats.cli.app import main
from migstats.cli.commands.report import template_report

SECRET = "SECRET_OUTSIDE_LINE"
RESOURCES = ("tables", "items", "claims", "quantifiers")
FILES = {r: f"{r}.csv" for r in RESOURCES}


@pytest.fixture
def pkg(tmp_path: Path) -> Path:
    """A valid package with every resource, and a secret file outside it."""
    out = template_report().save(tmp_path / "pkg")
    outside = tmp_path / "outside"
    outside.mkdir()
    for name in ("secret.txt", "tables.csv", "items.csv", "claims.csv", "quantifiers.csv"):
        (outside / name).write_text(f"{SECRET},b\n1,2\n", encoding="utf-8")
    return out


def edit(pkg: Path, change) -> None:
    """Apply ``change`` to the parsed descriptor and write it back."""
    path = pkg / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    change(desc)
    path.write_text(json.dumps(desc), encoding="utf-8")


def set_path(pkg: Path, resource: str, value) -> None:
    def change(desc):
        for r in desc["resources"]:
            if r["name"] == resource:
                r["path"] = value

    edit(pkg, change)


def problems_of(pkg: Path) -> str:
    with pytest.raises(ValueError) as info:
        Report.from_directory(pkg)
    return str(info.value)


def cli(args, capsys) -> tuple[int, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out + out.err


# --------------------------------------------------------------------------
# 1. confined resources
# --------------------------------------------------------------------------
def _hostile(pkg: Path, resource: str, route: str) -> None:
    outside = pkg.parent / "outside"
    if route == "dotdot":
        set_path(pkg, resource, f"../outside/{FILES[resource]}")
    elif route == "absolute":
        set_path(pkg, resource, str(outside / FILES[resource]))
    elif route == "symlink_file":
        (pkg / FILES[resource]).unlink()
        (pkg / FILES[resource]).symlink_to(outside / FILES[resource])
    elif route == "symlink_dir":
        (pkg / "sub").symlink_to(outside, target_is_directory=True)
        set_path(pkg, resource, f"sub/{FILES[resource]}")


ROUTES = ("dotdot", "absolute", "symlink_file", "symlink_dir")


class TestConfinedResources:
    @pytest.mark.parametrize("resource", RESOURCES)
    @pytest.mark.parametrize("route", ROUTES)
    def test_refused_before_reading(self, pkg, resource, route):
        _hostile(pkg, resource, route)
        msg = problems_of(pkg)
        assert SECRET not in msg
        assert repr(resource) in msg and "path" in msg

    @pytest.mark.parametrize("route", ROUTES)
    def test_load_report_route(self, pkg, route):
        _hostile(pkg, "items", route)
        with pytest.raises(DataValidationError) as info:
            load_report(pkg)
        assert SECRET not in str(info.value)
        assert "'items'" in str(info.value)

    @pytest.mark.parametrize("route", ROUTES)
    def test_cli_validate_route(self, pkg, route, capsys):
        _hostile(pkg, "claims", route)
        code, out = cli(["validate", str(pkg)], capsys)
        assert code == 2 and SECRET not in out and "'claims'" in out

    @pytest.mark.parametrize("route", ROUTES)
    def test_cli_audit_route(self, pkg, route, capsys):
        _hostile(pkg, "tables", route)
        code, out = cli(["audit", "--report", str(pkg)], capsys)
        assert code == 2 and SECRET not in out and "'tables'" in out

    def test_symlink_inside_package_is_allowed(self, pkg):
        (pkg / "data").mkdir()
        (pkg / "tables.csv").rename(pkg / "data" / "t.csv")
        (pkg / "tables.csv").symlink_to(pkg / "data" / "t.csv")
        assert len(Report.from_directory(pkg).tables) == 8  # the template's 8 numbers

    def test_symlinked_descriptor_leaving_package(self, pkg):
        outside = pkg.parent / "outside" / "datapackage.json"
        (pkg / "datapackage.json").rename(outside)
        (pkg / "datapackage.json").symlink_to(outside)
        with pytest.raises(DataValidationError, match="outside the package"):
            Report.from_directory(pkg)

    @pytest.mark.parametrize(
        "schema_ref", ["../outside/secret.txt", "/etc/hostname", "a/../../outside/x.json"]
    )
    def test_schema_reference_outside(self, pkg, schema_ref):
        edit(pkg, lambda d: d["resources"][0].update(schema=schema_ref))
        msg = problems_of(pkg)
        assert "schema" in msg and repr(schema_ref) in msg and SECRET not in msg

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
    def test_fifo_refused_without_reading(self, pkg):
        (pkg / "items.csv").unlink()
        os.mkfifo(pkg / "items.csv")  # reading it would block forever
        assert "regular file" in problems_of(pkg)

    def test_directory_as_resource(self, pkg):
        (pkg / "claims.csv").unlink()
        (pkg / "claims.csv").mkdir()
        assert "regular file" in problems_of(pkg)

    def test_file_size_bound(self, pkg, monkeypatch):
        monkeypatch.setattr(paths, "MAX_FILE_BYTES", 100)
        msg = problems_of(pkg)
        assert "at most 100 are read" in msg

    def test_descriptor_depth_bound(self, pkg):
        (pkg / "datapackage.json").write_text("[" * 100_000 + "]" * 100_000)
        with pytest.raises(DataValidationError, match="deeper than 64"):
            Report.from_directory(pkg)

    def test_descriptor_depth_just_over_bound(self, pkg):
        edit(pkg, lambda d: d.update(deep=json.loads("[" * 64 + "]" * 64)))
        with pytest.raises(DataValidationError, match="MAX_DESCRIPTOR_DEPTH"):
            Report.from_directory(pkg)

    def test_descriptor_depth_at_bound_accepted(self, pkg):
        edit(pkg, lambda d: d.update(deep=json.loads("[" * 62 + "]" * 62)))
        assert Report.from_directory(pkg).metadata["deep"]


# --------------------------------------------------------------------------
# 5. every input answered: descriptor and files
# --------------------------------------------------------------------------
class TestDescriptorShapes:
    @pytest.mark.parametrize("value", [5, "tables.csv", {"name": "tables"}, None, True])
    def test_resources_not_a_list(self, pkg, value):
        edit(pkg, lambda d: d.update(resources=value))
        assert "'resources'" in problems_of(pkg)

    @pytest.mark.parametrize("entry", [5, "tables", None, [], {"path": "tables.csv"}])
    def test_resource_entry_malformed(self, pkg, entry):
        edit(pkg, lambda d: d["resources"].append(entry))
        assert "resources[4]" in problems_of(pkg)

    @pytest.mark.parametrize("value", [123, None, "", "   ", ["a.csv", "b.csv"], {"x": 1}, True])
    def test_resource_path_not_a_string(self, pkg, value):
        set_path(pkg, "tables", value)
        msg = problems_of(pkg)
        assert "'tables'" in msg and "relative file path" in msg

    @pytest.mark.parametrize("value", ["C:\\\\data\\\\t.csv", "a\\\\b.csv", "x\x00.csv"])
    def test_resource_path_windows_or_nul(self, pkg, value):
        set_path(pkg, "items", value)
        assert "'items'" in problems_of(pkg)

    @pytest.mark.parametrize("text", ["", "{", "[1, 2]", '"x"', "null", "{NaN}", "5"])
    def test_descriptor_not_an_object(self, pkg, text):
        (pkg / "datapackage.json").write_text(text)
        with pytest.raises(DataValidationError, match=r"datapackage.json"):
            Report.from_directory(pkg)

    def test_descriptor_nan_refused(self, pkg):
        edit(pkg, lambda d: d["design"].update(n=float("nan")))
        with pytest.raises(DataValidationError, match=r"datapackage.json"):
            Report.from_directory(pkg)

    def test_5000_digit_n(self, pkg):
        text = (pkg / "datapackage.json").read_text()
        desc = json.loads(text)
        n = str(desc["design"]["n"])
        (pkg / "datapackage.json").write_text(text.replace(f'"n": {n}', '"n": ' + "9" * 5000, 1))
        with pytest.raises(DataValidationError, match=r"datapackage.json") as info:
            Report.from_directory(pkg)
        assert len(str(info.value)) < 1000

    @pytest.mark.parametrize("moe", [1e-300, 0, -1, "abc", None, [3.5], 1e300])
    def test_margin_of_error_bad(self, pkg, moe):
        edit(pkg, lambda d: (d["design"].pop("deff"), d["design"].update(margin_of_error=moe)))
        msg = problems_of(pkg)
        assert "datapackage.json" in msg and "design" in msg

    @pytest.mark.parametrize("n", [-1, 0, 1.5, "1000", None, True])
    def test_design_n_bad(self, pkg, n):
        edit(pkg, lambda d: d["design"].update(n=n))
        assert "datapackage.json" in problems_of(pkg)

    @pytest.mark.parametrize("value", [5, "x", [1], {"t": 5}])
    def test_table_titles_bad(self, pkg, value):
        edit(pkg, lambda d: d.update(tableTitles=value))
        assert "tableTitles" in problems_of(pkg)

    @pytest.mark.parametrize("value", [5, "x", {"table": 5}, {"nope": {"enum": ["a"]}}])
    def test_report_constraints_bad(self, pkg, value):
        edit(pkg, lambda d: d["resources"][0].update(reportConstraints=value))
        assert "reportConstraints" in problems_of(pkg)

    @pytest.mark.parametrize("value", [5, "x", None, {"age": []}, {"age": "18-34"}])
    def test_design_or_dimensions_bad(self, pkg, value):
        edit(pkg, lambda d: d.update(dimensions=value) if value is not None else d.pop("design"))
        assert "datapackage.json" in problems_of(pkg)


class TestFileContents:
    @pytest.mark.parametrize("file", [*FILES.values(), "datapackage.json"])
    def test_non_utf8_names_file(self, pkg, file):
        path = pkg / file
        path.write_bytes(path.read_bytes() + b"\xff\xfe caf\xe9\n")
        msg = problems_of(pkg)
        assert file in msg and "UTF-8" in msg

    @pytest.mark.parametrize("file", FILES.values())
    def test_zero_byte_file(self, pkg, file):
        (pkg / file).write_bytes(b"")
        msg = problems_of(pkg)
        assert file in msg and "empty" in msg

    def test_header_only_tables(self, pkg):
        path = pkg / "tables.csv"
        path.write_text(path.read_text().splitlines()[0] + "\n")
        msg = problems_of(pkg)
        assert "tables.csv" in msg and "no rows" in msg

    @pytest.mark.parametrize("file", FILES.values())
    def test_semicolon_delimiter_hint(self, pkg, file):
        path = pkg / file
        path.write_text(path.read_text().replace(",", ";"))
        msg = problems_of(pkg)
        assert file in msg and "';'" in msg and "comma" in msg

    def test_decimal_comma_hint(self, pkg):
        path = pkg / "tables.csv"
        lines = path.read_text().splitlines()
        lines[1] = lines[1].replace(",42,", ',"42,0",', 1)
        path.write_text("\n".join(lines) + "\n")
        msg = problems_of(pkg)
        assert "decimal comma" in msg and "'42.0'" in msg

    def test_decimal_comma_in_reported_hint(self, pkg):
        path = pkg / "tables.csv"
        header, first, *rest = path.read_text().splitlines()
        cells = first.split(",")
        cells[header.split(",").index("reported")] = '"42,0"'
        path.write_text("\n".join([header, ",".join(cells), *rest]) + "\n")
        msg = problems_of(pkg)
        assert "column 'reported'" in msg and "write '42.0'" in msg
        assert "\\\\" not in msg  # the pattern as written, not a doubled-backslash repr

    @pytest.mark.parametrize("file", ["tables.csv"])
    def test_missing_required_file(self, pkg, file):
        (pkg / file).unlink()
        assert f"{file}: required file is missing" in problems_of(pkg)

    @pytest.mark.parametrize("file", ["items.csv", "claims.csv", "quantifiers.csv"])
    def test_named_optional_file_missing(self, pkg, file):
        (pkg / file).unlink()
        assert "named in datapackage.json is missing" in problems_of(pkg)

    def test_no_claims_file_validates(self, pkg):
        (pkg / "claims.csv").unlink()
        edit(
            pkg, lambda d: d.update(resources=[r for r in d["resources"] if r["name"] != "claims"])
        )
        assert len(Report.from_directory(pkg).claims) == 0

    def test_header_only_claims_validates(self, pkg):
        path = pkg / "claims.csv"
        path.write_text(path.read_text().splitlines()[0] + "\n")
        assert len(Report.from_directory(pkg).claims) == 0


# --------------------------------------------------------------------------
# 2. complete validation
# --------------------------------------------------------------------------
TABLE_REQUIRED = ("table", "item", "response", "dimension", "group", "percent", "reported")


def _three_faults(pkg: Path, drop: str) -> None:
    t = pd.read_csv(pkg / "tables.csv", dtype=str, keep_default_na=False)
    t.loc[0, ["percent", "reported"]] = "65"  # total: 65 + 55 = 120
    t.drop(columns=[drop]).to_csv(pkg / "tables.csv", index=False)
    c = pd.read_csv(pkg / "claims.csv", dtype=str, keep_default_na=False)
    c.loc[1, "groups"] = "65+>18-34"  # a group the dimension does not have
    c.to_csv(pkg / "claims.csv", index=False)


class TestCompleteValidation:
    @pytest.mark.parametrize("drop", ["source", "approximate", "text_reported"])
    def test_three_faults_at_once(self, pkg, drop):
        _three_faults(pkg, drop)
        with pytest.raises(DataValidationError) as info:
            Report.from_directory(pkg)
        found = {(p.source, p.column) for p in info.value.problems}
        assert ("tables.csv", drop) in found  # the missing column
        assert ("tables.csv", "percent") in found  # 120
        assert ("claims.csv", "groups") in found  # 65+

    @pytest.mark.parametrize("drop", TABLE_REQUIRED)
    def test_missing_column_named_and_claims_still_checked(self, pkg, drop):
        _three_faults(pkg, drop)
        with pytest.raises(DataValidationError) as info:
            Report.from_directory(pkg)
        found = {(p.source, p.column) for p in info.value.problems}
        assert ("tables.csv", drop) in found
        if drop not in ("percent", "group", "table", "item", "response", "dimension"):
            assert ("tables.csv", "percent") in found
            assert ("claims.csv", "groups") in found

    def test_cli_lists_all_three(self, pkg, capsys):
        _three_faults(pkg, "source")
        code, out = cli(["validate", str(pkg)], capsys)
        assert code == 2 and "3 problems" in out

    def test_ordered_kind_on_unordered_dimension_package(self, pkg):
        edit(pkg, lambda d: d["dimensions"]["age"].update(ordered=False))
        msg = problems_of(pkg)
        assert "claims.csv, row 4, column 'dimension'" in msg and "ordered" in msg


# --------------------------------------------------------------------------
# Report: arguments
# --------------------------------------------------------------------------
def _tables() -> pd.DataFrame:
    return (
        template_report()
        .tables[["table", "item", "response", "dimension", "group", "percent"]]
        .astype({"dimension": str, "group": str})
    )


class TestReportArguments:
    @pytest.mark.parametrize("path", [None, "", "   ", 5, b"pkg", 3.5])
    def test_save_bad_path(self, path, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        with pytest.raises(ValueError, match=r"^path must be"):
            template_report().save(path)
        assert list(tmp_path.iterdir()) == []  # nothing written into the cwd

    def test_save_onto_a_file(self, tmp_path):
        f = tmp_path / "f"
        f.write_text("x")
        with pytest.raises(ValueError, match=r"^path must be a directory"):
            template_report().save(f)

    def test_save_below_a_file(self, tmp_path):
        f = tmp_path / "f"
        f.write_text("x")
        with pytest.raises(ValueError, match=r"^path must be a directory that can be created"):
            template_report().save(f / "sub")

    @pytest.mark.parametrize("path", [None, "", 5, b"pkg", ["a"]])
    def test_from_directory_bad_path(self, path):
        with pytest.raises(ValueError, match=r"^path must be"):
            Report.from_directory(path)

    def test_from_directory_missing(self, tmp_path):
        with pytest.raises(ValueError, match=r"^path must be a report package directory"):
            Report.from_directory(tmp_path / "nope")

    def test_from_directory_without_descriptor(self, tmp_path):
        with pytest.raises(ValueError, match=r"datapackage.json"):
            Report.from_directory(tmp_path)

    @pytest.mark.parametrize("value", [None, 5, "x", [1, 2]])
    def test_load_report_bad(self, value):
        with pytest.raises(ValueError, match=r"^report must be"):
            load_report(value)

    def test_from_frames_empty_frame(self):
        with pytest.raises(ValueError, match=r"^tables must be a DataFrame with at least one row"):
            Report.from_frames(pd.DataFrame(), design=template_report().design)

    def test_from_frames_header_only(self):
        with pytest.raises(ValueError, match=r"^tables must be"):
            Report.from_frames(_tables().iloc[:0], design=template_report().design)

    @pytest.mark.parametrize("titles", [["a"], "a", {"Q1": 5}, {1: "x"}])
    def test_from_frames_table_titles(self, titles):
        with pytest.raises(ValueError, match=r"^table_titles must be"):
            Report.from_frames(_tables(), design=template_report().design, table_titles=titles)

    @pytest.mark.parametrize("arg", ["items", "claims", "quantifiers"])
    @pytest.mark.parametrize("value", [5, "x.csv", [1]])
    def test_from_frames_other_frames(self, arg, value):
        with pytest.raises(ValueError, match=f"^{arg} must be a pandas DataFrame"):
            Report.from_frames(_tables(), design=template_report().design, **{arg: value})

    @pytest.mark.parametrize("design", [None, 5, {"n": 1000}])
    def test_from_frames_design(self, design):
        with pytest.raises(ValueError, match=r"^design must be"):
            Report.from_frames(_tables(), design=design)

    @pytest.mark.parametrize("frame", [pd.DataFrame(), pd.DataFrame(index=["total", "a"])])
    def test_from_crosstab_empty(self, frame):
        with pytest.raises(ValueError, match=r"^frame must be a crosstab"):
            Report.from_crosstab(
                frame, table="T", item="q", dimension="d", design=template_report().design
            )

    def test_gradient_on_unordered_dimension_from_frames(self):
        r = template_report()
        with pytest.raises(DataValidationError, match="needs an ordered dimension"):
            Report.from_frames(
                _tables(),
                design=r.design,
                claims=r.claims,
                quantifiers=r.quantifiers,
                dimensions={"age": {"groups": ["18-34", "35-54", "55+"], "ordered": False}},
            )

    def test_untestable_gradient_on_unordered_dimension_allowed(self):
        r = template_report()
        claims = r.claims.copy()
        claims.loc[2, "untestable_reason"] = "not testable here"
        out = Report.from_frames(
            _tables(),
            design=r.design,
            claims=claims,
            quantifiers=r.quantifiers,
            dimensions={"age": {"groups": ["18-34", "35-54", "55+"], "ordered": False}},
        )
        assert len(out.claims) == 4


# --------------------------------------------------------------------------
# package commands
# --------------------------------------------------------------------------
class TestPackageCommands:
    def test_validate_nonexistent_names_path(self, capsys):
        code, out = cli(["validate", "/nonexistent/pkg"], capsys)
        assert code == 2 and "PATH must be" in out and "--report" not in out
        assert len(out.strip().splitlines()) == 1

    def test_init_below_a_file(self, tmp_path, capsys):
        f = tmp_path / "f"
        f.write_text("x")
        code, out = cli(["init", str(f / "pkg")], capsys)
        assert code == 2 and "PATH must be" in out and "Traceback" not in out
        assert len(out.strip().splitlines()) == 1

    def test_init_into_nonempty_directory(self, tmp_path, capsys):
        (tmp_path / "x").write_text("x")
        code, out = cli(["init", str(tmp_path)], capsys)
        assert code == 2 and "new or empty directory" in out

    def test_validate_a_file(self, tmp_path, capsys):
        f = tmp_path / "f.csv"
        f.write_text("a,b\n")
        code, out = cli(["validate", str(f)], capsys)
        assert code == 2 and "PATH must be" in out

    def test_validate_valid(self, pkg, capsys):
        code, out = cli(["validate", str(pkg)], capsys)
        assert code == 0 and "a valid report package" in out

    def test_validate_problem_lines(self, pkg, capsys):
        (pkg / "tables.csv").write_bytes(b"")
        code, out = cli(["validate", str(pkg)], capsys)
        assert code == 2 and "tables.csv" in out and "1 problem in" in out

    def test_public_names(self):
        assert migstats.Report is Report


class TestDesignArguments:
    @pytest.mark.parametrize("notes", [5, None, ["a"], b"x"])
    def test_from_margin_of_error_notes(self, notes):
        with pytest.raises(ValueError, match=r"^notes must be a string"):
            migstats.SampleDesign.from_margin_of_error(
                3, 1000, shares={"total": {"total": 1.0}}, notes=notes
            )


def _required(resource: str) -> list[str]:
    from migstats._corpus import table_schema

    return [
        f["name"]
        for f in table_schema(resource)["fields"]
        if f.get("constraints", {}).get("required")
    ]


EVERY_REQUIRED = [(r, c) for r in ("items", "claims", "quantifiers") for c in _required(r)]


class TestEveryRequiredColumn:
    @pytest.mark.parametrize(("resource", "column"), EVERY_REQUIRED)
    def test_missing_column_hides_nothing(self, pkg, resource, column):
        _three_faults(pkg, "source")
        path = pkg / FILES[resource]
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame.drop(columns=[column]).to_csv(path, index=False)
        with pytest.raises(DataValidationError) as info:
            Report.from_directory(pkg)
        found = {(p.source, p.column) for p in info.value.problems}
        assert (FILES[resource], column) in found
        assert ("tables.csv", "source") in found
        assert ("tables.csv", "percent") in found  # the sum of 120
        if resource != "claims":
            assert ("claims.csv", "groups") in found  # the group 65+
