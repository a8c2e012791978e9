"""The package's shape, as rules a test can check (issue 9; CONTRIBUTING.md "Layers").

* no module in ``src/migstats`` over :data:`MAX_MODULE_LINES` lines, docstrings
  included (except the commented :data:`MODULE_SIZE_ALLOWLIST`);
* no function over :data:`MAX_FUNCTION_LINES` lines of code (non-blank,
  non-comment lines of its body, its docstring left out) unless its docstring
  has a line starting ``Long because`` that gives the reason (or it is on the
  commented :data:`FUNCTION_SIZE_ALLOWLIST`);
* layers import only downward: ``_base`` imports nothing of migstats, ``_core``
  only ``_base``, ``_corpus`` only ``_base``/``_core``, ``_tables`` only the
  layers below it, ``_audit`` only the layers below it; the faces (``cli``,
  ``plots``, ``strategies``, ``audit_page``, the top-level ``__init__``) anything;
* across layer packages, imports go through the package (``from .._core import
  x``), never a file inside it, and never bring a ``_private`` name along;
* every module has a docstring;
* no import cycles among the modules of one package (module-level and
  function-level imports both count);
* CONTRIBUTING.md's file table names every module under ``src/migstats``.

Imports are read with :mod:`ast`, so imports inside functions count too.
"""

from __future__ import annotations

import ast
import importlib
import types
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "migstats"

MAX_MODULE_LINES = 800
MAX_FUNCTION_LINES = 60
LONG_REASON = "Long because"

# Modules allowed over MAX_MODULE_LINES for now.  Each entry says why and who
# removes it; the lead deletes an entry once the file is split after the merge.
MODULE_SIZE_ALLOWLIST: set[str] = set()

# Functions allowed over MAX_FUNCTION_LINES for now, as "<module>::<name>".
# Each entry says why and who removes it; the lead deletes an entry once the
# function is split after the merge.
FUNCTION_SIZE_ALLOWLIST: set[str] = set()

# Layer of each top-level name under migstats; a module may import from its
# own layer and from layers with a smaller rank.
LAYER_RANK = {
    "_base": 0,
    "_core": 1,
    "_corpus": 2,
    "_tables": 3,
    "_audit": 4,
    "_calibration": 5,
    # faces: may import anything
    "cli": 6,
    "plots": 6,
    "strategies": 6,
    "__init__": 6,
    "__main__": 6,
    "audit_page": 6,
}
LAYER_PACKAGES = {
    "_base",
    "_core",
    "_corpus",
    "_tables",
    "_audit",
    "_calibration",
    "cli",
    "audit_page",
    "plots",
}

MODULES = sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    """Dotted name of a source file (``migstats._core.rounding``)."""
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(dotted: str) -> str:
    """Top-level name under ``migstats`` (``_core``), ``__init__`` for the package itself."""
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def rel(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """``(line, absolute module, imported names)`` of every migstats import in ``path``."""
    tree = parse(path)
    here = module_name(path)
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "migstats":
                    found.append((node.lineno, alias.name, []))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")
                if not is_package:
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] == "migstats":
                found.append((node.lineno, target, [a.name for a in node.names]))
    return found


def function_lengths(path: Path) -> list[tuple[str, int, int, str]]:
    """``(qualified name, line, lines of code, docstring)`` of every function in ``path``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                doc = ast.get_docstring(child) or ""
                body = child.body
                if body and ast.get_docstring(child) is not None:
                    body = body[1:]
                count = 0
                if body:
                    for line in lines[body[0].lineno - 1 : child.end_lineno]:
                        stripped = line.strip()
                        if stripped and not stripped.startswith("#"):
                            count += 1
                out.append((name, child.lineno, count, doc))
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")

    visit(parse(path), "")
    return out


@pytest.mark.parametrize("path", MODULES, ids=rel)
def test_module_has_docstring(path: Path) -> None:
    assert ast.get_docstring(parse(path)), f"{rel(path)} has no module docstring"


@pytest.mark.parametrize("path", MODULES, ids=rel)
def test_module_size(path: Path) -> None:
    n = len(path.read_text(encoding="utf-8").splitlines())
    if rel(path) in MODULE_SIZE_ALLOWLIST:
        pytest.skip(f"{rel(path)} ({n} lines) is on the module-size allowlist")
    assert n <= MAX_MODULE_LINES, f"{rel(path)} has {n} lines (at most {MAX_MODULE_LINES})"


def test_allowlist_is_current() -> None:
    """An allowlisted module that has shrunk must leave the allowlist."""
    for name in MODULE_SIZE_ALLOWLIST:
        path = PACKAGE / name
        assert path.exists(), f"allowlisted {name} does not exist"
        n = len(path.read_text(encoding="utf-8").splitlines())
        assert n > MAX_MODULE_LINES, f"{name} has {n} lines: remove it from the allowlist"


@pytest.mark.parametrize("path", MODULES, ids=rel)
def test_function_size(path: Path) -> None:
    long = [
        f"{name} (line {line}): {count} lines of code"
        for name, line, count, doc in function_lengths(path)
        if count > MAX_FUNCTION_LINES
        and not any(d.strip().startswith(LONG_REASON) for d in doc.splitlines())
        and f"{rel(path)}::{name}" not in FUNCTION_SIZE_ALLOWLIST
    ]
    assert not long, (
        f"functions over {MAX_FUNCTION_LINES} lines in {rel(path)} without a "
        f"'{LONG_REASON} ...' line in their docstring: {long}"
    )


def test_function_allowlist_is_current() -> None:
    """An allowlisted function that has shrunk (or gone) must leave the allowlist."""
    for entry in FUNCTION_SIZE_ALLOWLIST:
        module, _, name = entry.partition("::")
        path = PACKAGE / module
        assert path.exists(), f"allowlisted {entry}: no module {module}"
        counts = {f: count for f, _line, count, _doc in function_lengths(path)}
        assert name in counts, f"allowlisted {entry}: no function {name}"
        assert counts[name] > MAX_FUNCTION_LINES, (
            f"{entry} has {counts[name]} lines of code: remove it from the allowlist"
        )


@pytest.mark.parametrize("path", MODULES, ids=rel)
def test_layers_import_downward(path: Path) -> None:
    here = layer_of(module_name(path))
    rank = LAYER_RANK[here]
    wrong = [
        f"line {line}: {target}"
        for line, target, _ in imports(path)
        if layer_of(target) != here and LAYER_RANK[layer_of(target)] >= rank and rank < 6
    ]
    assert not wrong, f"{rel(path)} ({here}) imports from its own or a higher layer: {wrong}"


@pytest.mark.parametrize("path", MODULES, ids=rel)
def test_imports_through_packages(path: Path) -> None:
    here = layer_of(module_name(path))
    wrong = []
    for line, target, names in imports(path):
        there = layer_of(target)
        if there == here or there not in LAYER_PACKAGES:
            continue
        if target.count(".") > 1:
            wrong.append(f"line {line}: {target} is a file of {there}; import from its package")
        package = importlib.import_module(target) if target.count(".") == 1 else None
        for name in names:
            if name.startswith("_") and not name.startswith("__"):
                wrong.append(f"line {line}: private {name} from {target}")
            elif isinstance(getattr(package, name, None), types.ModuleType):
                wrong.append(f"line {line}: {name} is a file of {there}; import its names")
    assert not wrong, f"{rel(path)}: {wrong}"


def test_rules_see_every_layer() -> None:
    """Every top-level module or package of migstats has a layer."""
    tops = {p.stem for p in PACKAGE.glob("*.py")} | {
        p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()
    }
    assert tops <= set(LAYER_RANK), f"no layer for {sorted(tops - set(LAYER_RANK))}"


def test_docs_index_links_every_page() -> None:
    """docs/index.md links to every page of docs/."""
    docs = SRC.parent / "docs"
    index = (docs / "index.md").read_text(encoding="utf-8")
    missing = [
        p.name
        for p in sorted(docs.glob("*.md"))
        if p.name != "index.md" and f"]({p.name})" not in index
    ]
    assert not missing, f"docs/index.md does not link {missing}"


# Import cycles inside a package that another branch removes; each entry says
# who removes it.  The lead deletes an entry once that branch is merged.
CYCLE_ALLOWLIST: set[frozenset[str]] = set()


def package_graphs() -> dict[str, dict[str, set[str]]]:
    """Per package, module -> the modules of the same package it imports (``__init__`` left out)."""
    names = {module_name(p): p for p in MODULES if p.name != "__init__.py"}
    graphs: dict[str, dict[str, set[str]]] = {}
    for name, path in names.items():
        package = name.rsplit(".", 1)[0]
        edges = graphs.setdefault(package, {}).setdefault(name, set())
        for _line, target, imported in imports(path):
            candidates = [target] + [f"{target}.{n}" for n in imported]
            edges.update(
                c for c in candidates if c in names and c != name and c.rsplit(".", 1)[0] == package
            )
    return graphs


def strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components with more than one module (Tarjan 1972)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_cycle_finder_finds_a_cycle() -> None:
    """The finder itself: a known three-cycle and a known acyclic graph."""
    cyclic = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert strongly_connected(cyclic) == [{"a", "b", "c"}]
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": set()}) == []


@pytest.mark.parametrize("package", sorted(package_graphs()))
def test_no_import_cycles_inside_a_package(package: str) -> None:
    """No module of a package imports, directly or through others, itself."""
    cycles = [
        sorted(c)
        for c in strongly_connected(package_graphs()[package])
        if frozenset(c) not in CYCLE_ALLOWLIST
    ]
    assert not cycles, f"import cycles in {package}: {cycles}"


def test_cycle_allowlist_is_current() -> None:
    """Every allowlisted cycle still exists (delete the entry once it is gone)."""
    present = {
        frozenset(c) for graph in package_graphs().values() for c in strongly_connected(graph)
    }
    stale = [sorted(c) for c in CYCLE_ALLOWLIST if c not in present]
    assert not stale, f"CYCLE_ALLOWLIST names cycles that are gone: {stale}"


def contributing_files() -> set[str]:
    """Paths (relative to src/migstats) that CONTRIBUTING.md's file table names.

    A row ``| `x.py`, `y.py` | ... |`` under a ``| **`_corpus/`** |`` row
    names ``_corpus/x.py`` and ``_corpus/y.py``; the faces row ``cli/`` names
    its files in the concept column (``app.py``, ``commands/``).
    """
    import re

    text = (SRC.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    named: set[str] = set()
    folder = ""
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("|")[1:-1]]
        if len(cells) != 2:
            continue
        heading = re.fullmatch(r"\*\*`([\w/]+/)`\*\*", cells[0])
        if heading:
            folder = heading.group(1)
            continue
        if cells[0] == "**faces**":
            folder = ""
            continue
        for name in re.findall(r"`([\w./]+)`", cells[0]):
            if name.endswith("/"):  # a folder of the faces: its files are in the concept
                named.add(name)
                named.update(name + f for f in re.findall(r"`([\w]+\.py|[\w]+/)`", cells[1]))
            elif name.endswith(".py"):
                named.add(folder + name)
    return named


def test_contributing_names_every_module() -> None:
    """CONTRIBUTING.md's file table names every module (``__init__.py`` aside)."""
    named = contributing_files()
    missing = []
    for path in MODULES:
        r = rel(path)
        if path.name == "__init__.py" or path.name == "__main__.py":
            continue
        folders = [r.rsplit("/", k)[0] + "/" for k in range(1, r.count("/") + 1)]
        if r not in named and not any(f in named and f.startswith("cli/commands") for f in folders):
            missing.append(r)
    assert not missing, f"CONTRIBUTING.md's file table does not name {missing}"
