"""A small mutation-testing runner: operator mutants of chosen modules against their tests.

Each mutant changes one operator or number on one line of a module
(``<`` <-> ``<=``, ``>`` <-> ``>=``, ``==`` <-> ``!=``, ``+`` <-> ``-``,
``*`` <-> ``/``, ``and`` <-> ``or``, ``True`` <-> ``False``, a number
``c`` -> ``c + 1``).  Mutants are found with :mod:`ast` (code only, never
docstrings or comments), sampled with a fixed seed, and each one is written
into a private copy of ``src/`` under a temporary directory, so the working
tree is never touched and several runs can go on at once.  The tests that
cover the module (``COVERING_TESTS``, plus the module's doctests and
``tests/test_mutants.py``) run against the copy with ``pytest -x``; a
mutant is *caught* if they fail (or time out) and *survives* if they pass.

Usage (from the repository root)::

    python tools/mutation.py src/migstats/_core --sample 60 --seed 20261207
    python tools/mutation.py src/migstats/_core/rounding.py --list
    python tools/mutation.py src/migstats/_core/feasible.py --only 157:0
    python tools/mutation.py src/migstats/_core --sample 60 --shard 0/2 &   # two processes
    python tools/mutation.py src/migstats/_core --sample 60 --shard 1/2

``--list`` prints the mutants without running them; ``--only LINE:INDEX``
runs the INDEX-th mutant of LINE.  The summary line reads ``caught / total``;
a surviving mutant is printed as ``path:line  old -> new`` for a human to
judge whether it changes behaviour (an equivalent mutant cannot be caught)
or needs a test.  Not part of the test suite: a run of 60 mutants takes
10-30 minutes on two cores.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Test files run against a mutant of each module (besides the module's
#: doctests and tests/test_mutants.py): the files that exercise it.
COVERING_TESTS = {
    "_core/bounds.py": ["tests/test_feasible.py"],
    "_core/exact.py": ["tests/test_feasible.py", "tests/test_rounding.py"],
    "_core/rounding.py": ["tests/test_rounding.py"],
    "_core/grim.py": ["tests/test_rounding.py"],
    "_core/compositions.py": ["tests/test_feasible.py"],
    "_core/composition_sampling.py": ["tests/test_feasible.py"],
    "_core/allocation.py": ["tests/test_feasible.py"],
    "_core/feasible_set.py": ["tests/test_feasible.py"],
    "_core/feasible.py": ["tests/test_feasible.py"],
    "_core/proportions.py": ["tests/test_intervals.py"],
    "_core/differences.py": ["tests/test_intervals.py", "tests/test_compare.py"],
    "_core/multinomial.py": ["tests/test_intervals.py"],
    "_core/compare.py": ["tests/test_compare.py"],
    "_core/homogeneity.py": ["tests/test_compare.py"],
    "_core/multiple_testing.py": ["tests/test_compare.py"],
    "_core/power.py": ["tests/test_power.py"],
    "_core/gradient_inputs.py": ["tests/test_gradients.py"],
    "_core/trend.py": ["tests/test_gradients.py"],
    "_core/inequality.py": ["tests/test_gradients.py"],
    "_core/gradients.py": ["tests/test_gradients.py"],
    "_core/simulate.py": ["tests/test_simulate.py"],
    "_core/copula.py": ["tests/test_simulate.py", "tests/test_gradient_correlation.py"],
    "_tables/check.py": ["tests/test_tables.py"],
    "_tables/compare.py": ["tests/test_tables.py", "tests/test_design.py"],
    "_tables/context.py": ["tests/test_tables_context.py", "tests/test_tables.py"],
    "_tables/counts.py": ["tests/test_tables.py"],
    "_tables/gradients.py": ["tests/test_tables.py"],
    "_tables/intervals.py": ["tests/test_tables.py", "tests/test_tables_context.py"],
    "_tables/shares.py": ["tests/test_tables.py"],
    "_tables/units.py": ["tests/test_tables.py", "tests/test_margins.py"],
    "_tables/widening.py": ["tests/test_tables_context.py", "tests/test_tables.py"],
    "_audit/assumptions.py": ["tests/test_audit_words.py", "tests/test_audit.py"],
    "_audit/batch.py": ["tests/test_batch.py", "tests/test_same_numbers.py"],
    "_audit/breakeven.py": ["tests/test_audit.py", "tests/test_worst_case_kinds.py"],
    "_audit/claim_context.py": ["tests/test_worst_case_kinds.py", "tests/test_audit.py"],
    "_audit/components.py": [
        "tests/test_audit_kinds.py",
        "tests/test_worst_case_kinds.py",
        "tests/test_audit.py",
    ],
    "_audit/decide.py": ["tests/test_audit_words.py", "tests/test_audit.py"],
    "_audit/engine.py": ["tests/test_audit.py", "tests/test_audit_words.py"],
    "_audit/family.py": ["tests/test_audit.py", "tests/test_audit_words.py"],
    "_audit/fast.py": ["tests/test_audit.py", "tests/test_batch.py"],
    "_audit/formats.py": ["tests/test_audit_words.py", "tests/test_audit.py", "tests/test_cli.py"],
    "_audit/headline.py": ["tests/test_headline.py", "tests/test_audit.py"],
    "_audit/outcome.py": ["tests/test_worst_case_kinds.py", "tests/test_audit.py"],
    "_audit/profiles.py": ["tests/test_worst_case_kinds.py", "tests/test_audit.py"],
    "_audit/readings.py": ["tests/test_audit_words.py", "tests/test_audit.py"],
    "_audit/report.py": ["tests/test_audit_words.py", "tests/test_audit.py"],
    "_audit/result.py": ["tests/test_audit.py", "tests/test_audit_words.py"],
    "_audit/settings.py": ["tests/test_headline.py", "tests/test_audit.py"],
    "_audit/kinds/__init__.py": ["tests/test_kinds.py", "tests/test_audit.py"],
    "_audit/kinds/comparison.py": ["tests/test_audit_kinds.py", "tests/test_audit.py"],
    "_audit/kinds/equivalence.py": ["tests/test_audit_wiring.py", "tests/test_audit.py"],
    "_audit/kinds/gradient.py": ["tests/test_audit_kinds.py", "tests/test_audit.py"],
    "_audit/kinds/gradient_comparison.py": ["tests/test_audit_wiring.py", "tests/test_audit.py"],
    "_audit/kinds/item_difference.py": ["tests/test_audit_wiring.py", "tests/test_audit.py"],
    "_audit/kinds/level.py": ["tests/test_audit_kinds.py", "tests/test_audit.py"],
    "_audit/kinds/multi_item.py": ["tests/test_audit_kinds.py", "tests/test_audit.py"],
    "_audit/kinds/rank.py": ["tests/test_audit_kinds.py", "tests/test_audit.py"],
    "_audit/kinds/ratio.py": [
        "tests/test_audit_kinds.py",
        "tests/test_ratios.py",
        "tests/test_audit.py",
    ],
    "_audit/kinds/registry.py": ["tests/test_kinds.py"],
    "_audit/kinds/text_table.py": ["tests/test_audit.py"],
}

#: Seconds one mutant's tests may run; a mutant that makes them hang is caught.
TIMEOUT = 600

_COMPARE_SWAP = {
    ast.Lt: ("<", "<="),
    ast.LtE: ("<=", "<"),
    ast.Gt: (">", ">="),
    ast.GtE: (">=", ">"),
    ast.Eq: ("==", "!="),
    ast.NotEq: ("!=", "=="),
}
_BINOP_SWAP = {
    ast.Add: ("+", "-"),
    ast.Sub: ("-", "+"),
    ast.Mult: ("*", "/"),
    ast.Div: ("/", "*"),
}


@dataclasses.dataclass(frozen=True)
class Mutant:
    path: Path  # relative to ROOT
    line: int  # 1-based
    col: int  # 0-based start of the replaced text on that line
    old: str
    new: str

    def label(self) -> str:
        return f"{self.path}:{self.line}  {self.old} -> {self.new}"


def _docstring_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                lines.update(range(body[0].lineno, body[0].end_lineno + 1))
    return lines


def _operator_between(lines, left: ast.AST, right: ast.AST, token: str):
    """Line and column of ``token`` between two nodes on one line, or None."""
    if left.end_lineno != right.lineno:
        return None
    text = lines[right.lineno - 1][left.end_col_offset : right.col_offset]
    pos = text.find(token)
    if pos < 0 or text.count(token) != 1:
        return None
    return right.lineno, left.end_col_offset + pos


def find_mutants(path: Path) -> list[Mutant]:
    """Every operator and number mutant of the code of one module."""
    source = (ROOT / path).read_text()
    lines = source.splitlines()
    tree = ast.parse(source)
    skip = _docstring_lines(tree)
    out: list[Mutant] = []

    def add(line, col, old, new):
        if line not in skip and lines[line - 1][col : col + len(old)] == old:
            out.append(Mutant(path, line, col, old, new))

    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            left = node.left
            for op, right in zip(node.ops, node.comparators, strict=True):
                if type(op) in _COMPARE_SWAP:
                    old, new = _COMPARE_SWAP[type(op)]
                    where = _operator_between(lines, left, right, old)
                    if where:
                        add(*where, old, new)
                left = right
        elif isinstance(node, ast.BinOp) and type(node.op) in _BINOP_SWAP:
            old, new = _BINOP_SWAP[type(node.op)]
            where = _operator_between(lines, node.left, node.right, old)
            if where:
                add(*where, old, new)
        elif isinstance(node, ast.BoolOp) and len(node.values) == 2:
            old, new = ("and", "or") if isinstance(node.op, ast.And) else ("or", "and")
            where = _operator_between(lines, node.values[0], node.values[1], f" {old} ")
            if where:
                add(where[0], where[1] + 1, old, new)
        elif isinstance(node, ast.Constant) and node.lineno == node.end_lineno:
            text = lines[node.lineno - 1][node.col_offset : node.end_col_offset]
            if node.value is True or node.value is False:
                add(node.lineno, node.col_offset, text, str(not node.value))
            elif type(node.value) in (int, float) and text.replace(".", "").isdigit():
                new = repr(node.value + 1)
                add(node.lineno, node.col_offset, text, new)
    return sorted(set(out), key=lambda m: (str(m.path), m.line, m.col, m.new))


def _module_key(path: Path) -> str:
    """The module's path below the ``migstats`` package (``_core/bounds.py``,
    ``_audit/kinds/gradient.py``); the last two parts outside it."""
    parts = path.parts
    if "migstats" in parts[:-1]:
        below = len(parts) - parts[::-1].index("migstats")
        return "/".join(parts[below:])
    return "/".join(parts[-2:])


def run_mutant(m: Mutant, python: str, profile: str = "ci") -> tuple[bool, str]:
    """Run the covering tests against a copy of src/ with the mutant applied."""
    tests = COVERING_TESTS.get(_module_key(m.path), [])
    with tempfile.TemporaryDirectory(prefix="migstats-mutant-") as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(ROOT / "src", src, symlinks=True, ignore=shutil.ignore_patterns("*.pyc"))
        link = src / "migstats" / "data"
        if link.is_symlink():
            link.unlink()
            link.symlink_to(ROOT / "data")
        target = src / m.path.relative_to("src")
        lines = target.read_text().splitlines(keepends=True)
        text = lines[m.line - 1]
        lines[m.line - 1] = text[: m.col] + m.new + text[m.col + len(m.old) :]
        target.write_text("".join(lines))
        env = {**os.environ, "PYTHONPATH": str(src), "HYPOTHESIS_PROFILE": profile}
        cmd = [python, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", "not slow"]
        cmd += ["tests/test_mutants.py", *tests, "--doctest-modules", str(target)]
        try:
            res = subprocess.run(
                cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT
            )
        except subprocess.TimeoutExpired:
            return True, "timeout"
        last = (res.stdout.strip().splitlines() or [""])[-1]
        return res.returncode != 0, last


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="modules or folders under src/")
    parser.add_argument("--sample", type=int, default=0, help="mutants to draw (0: all)")
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--list", action="store_true", help="print the mutants, run nothing")
    parser.add_argument("--only", help="LINE:INDEX, one mutant of a single module")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--shard", default="0/1", help="K/N: run every N-th mutant from K")
    parser.add_argument(
        "--profile", default="ci", help="hypothesis profile (ci: deterministic; dev: faster)"
    )
    args = parser.parse_args(argv)
    files: list[Path] = []
    for p in args.paths:
        full = (ROOT / p).resolve()
        found = sorted(full.glob("*.py")) if full.is_dir() else [full]
        files += [f.relative_to(ROOT) for f in found if _module_key(f) in COVERING_TESTS]
    mutants = [m for f in files for m in find_mutants(f)]
    if args.only:
        line, index = (int(v) for v in args.only.split(":"))
        mutants = [[m for m in mutants if m.line == line][index]]
    elif args.sample:
        mutants = random.Random(args.seed).sample(mutants, min(args.sample, len(mutants)))
    k, shards = (int(v) for v in args.shard.split("/"))
    mutants = mutants[k::shards]
    if args.list:
        print("\n".join(m.label() for m in mutants))
        return 0
    caught = 0
    for i, m in enumerate(mutants, 1):
        ok, detail = run_mutant(m, args.python, args.profile)
        caught += ok
        print(f"[{i}/{len(mutants)}] {'caught  ' if ok else 'SURVIVED'} {m.label()}  ({detail})")
        sys.stdout.flush()
    print(f"caught {caught} / {len(mutants)} mutants")
    return 0 if caught == len(mutants) else 1


if __name__ == "__main__":
    sys.exit(main())
