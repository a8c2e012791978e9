"""The README's command-line examples run and exit 0 (its Python examples run in test_doctests).

Each line of the ``## Command line`` block that starts with ``migstats`` is
run through :func:`migstats.cli.main` in a temporary directory (so ``plot
... -o gaps.png`` writes there); comments after ``#`` are dropped.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from migstats.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"


def cli_examples() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Command line") :]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    return [
        line.split("#")[0].strip() for line in block.splitlines() if line.startswith("migstats ")
    ]


def test_readme_has_cli_examples() -> None:
    assert len(cli_examples()) >= 5


@pytest.mark.parametrize("line", cli_examples())
def test_readme_cli_example_runs(line: str, tmp_path, monkeypatch, capsys) -> None:
    argv = shlex.split(line)[1:]
    if argv[0] == "plot":
        pytest.importorskip("matplotlib")
    monkeypatch.chdir(tmp_path)
    if argv[0] == "validate":  # the README validates the package its init line wrote
        assert main(["init", argv[1]]) == 0
        capsys.readouterr()
    assert main(argv) == 0, line
    out, err = capsys.readouterr()
    flag = next((f for f in ("--output", "-o") if f in argv), None)
    if flag is not None:  # writes a file instead of printing, and says where on stderr
        target = argv[argv.index(flag) + 1]
        assert (tmp_path / target).stat().st_size > 0
        assert err.startswith("wrote ") and target in err
    elif argv[0] == "init":
        assert err.startswith("wrote ")
    else:
        assert out.strip()
