"""The public API: ``__all__`` is literal, complete and documented in docs/api.md."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import migstats

DOCS_API = Path(__file__).resolve().parent.parent / "docs" / "api.md"


def test_all_names_exist():
    missing = [n for n in migstats.__all__ if not hasattr(migstats, n)]
    assert missing == []


def test_all_is_unique():
    assert len(set(migstats.__all__)) == len(migstats.__all__)


def test_all_is_a_literal_list():
    tree = ast.parse(Path(migstats.__file__).read_text())
    assigns = [
        node
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
    ]
    assert len(assigns) == 1
    assert isinstance(ast.literal_eval(assigns[0].value), list)


def test_docs_api_lists_exactly_the_public_names():
    documented = set(re.findall(r"^\| `([A-Za-z_0-9]+)` \|", DOCS_API.read_text(), re.M))
    public = set(migstats.__all__) - {"__version__"}
    assert documented == public, (
        f"undocumented: {sorted(public - documented)}; stale: {sorted(documented - public)} "
        "(run python tools/make_api_doc.py)"
    )


def test_import_is_light():
    # statsmodels and matplotlib are imported inside the functions that need them
    # (scipy.stats too: it alone costs about 0.5 s, scipy.special 0.15 s, scipy.optimize
    # more; benchmarks/bench_import.py)
    heavy = (
        "('statsmodels', 'matplotlib', 'hypothesis', 'scipy.stats', 'scipy.special', "
        "'scipy.optimize')"
    )
    code = f"import sys, migstats; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_lazy_names_are_their_modules_and_the_audit_needs_none():
    # names imported when first used (PEP 562) are the very objects of the modules
    # that define them (never a module); ``import migstats`` and an audit import none
    code = (
        "import sys, types, importlib, migstats\n"
        "deferred = ['migstats._tables', 'migstats._calibration', 'migstats.audit_page',\n"
        "            'migstats._core.simulate', 'migstats._core.power',\n"
        "            'migstats._core.feasible']\n"
        "migstats.audit()\n"
        "print(sorted(m for m in deferred if m in sys.modules))\n"
        "core = importlib.import_module('migstats._core')\n"
        "for name, module in core._LAZY.items():\n"
        "    home = importlib.import_module('migstats._core' + module)\n"
        "    value = getattr(core, name)\n"
        "    assert value is getattr(home, name) and not isinstance(value, types.ModuleType)\n"
        "    assert name in dir(core) and name in core.__all__\n"
        "for name, module in migstats._LAZY.items():\n"
        "    home = importlib.import_module(module, 'migstats')\n"
        "    value = getattr(migstats, name)\n"
        "    if module == '._core':\n"
        "        home = importlib.import_module('migstats._core' + core._LAZY[name])\n"
        "    assert value is getattr(home, name) and not isinstance(value, types.ModuleType)\n"
        "    assert name in dir(migstats)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
