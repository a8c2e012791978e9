"""Run the Examples sections of every migstats module and the docs' code blocks.

Doc examples are part of the test suite so that they stay true.  Modules are
imported from the installed package (not from ``src/``), so this also proves
that a real install works.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import migstats

DOCS = Path(__file__).resolve().parent.parent / "docs"
README = Path(__file__).resolve().parent.parent / "README.md"
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(migstats.__path__, "migstats.")
    if m.name.split(".")[:2] != ["migstats", "plots"]  # the optional extra: see test_plots.py
)


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=FLAGS, verbose=False)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"


DOC_FILES = sorted(DOCS.glob("*.md")) + ([README] if README.exists() else [])


@pytest.mark.parametrize("path", DOC_FILES, ids=lambda p: p.name)
def test_markdown_doctests(path: Path) -> None:
    result = doctest.testfile(str(path), module_relative=False, optionflags=FLAGS)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {path.name}"
