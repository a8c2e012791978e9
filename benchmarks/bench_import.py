"""Import time of ``migstats`` against ``statsmodels.api``, in fresh interpreters.

A plain script, not a test: ``python benchmarks/bench_import.py``.  Each
measurement starts a new interpreter (``sys.executable -c ...``) and times it
from the outside, minus the best time of an interpreter that imports
nothing (``-c pass``): the net cost of the import.  The three commands
alternate, ``--repeat`` times, and the best of each is kept, so that a busy
machine slows all alike.  It also reports whether ``scipy.stats`` (about
0.5 s on its own) was imported by ``import migstats``.

Target (issue 12): ``import migstats`` in at most ``TARGET_FRACTION`` (one
half) of the time of ``import statsmodels.api``; the script exits with
status 1 if it takes longer or if ``scipy.stats`` is imported.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

TARGET_FRACTION = 0.5

COMMANDS = {
    "python (no import)": "pass",
    "import statsmodels.api": "import statsmodels.api",
    "import migstats": "import migstats",
}


def _run(code: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each (best is kept)")
    args = parser.parse_args(argv)

    best = dict.fromkeys(COMMANDS, float("inf"))
    for _ in range(args.repeat):
        for label, code in COMMANDS.items():
            best[label] = min(best[label], _run(code))
    base = best["python (no import)"]
    net = {label: best[label] - base for label in COMMANDS}
    probe = subprocess.run(
        [sys.executable, "-c", "import sys, migstats; print('scipy.stats' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    heavy = probe.stdout.strip() == "True"
    fraction = net["import migstats"] / net["import statsmodels.api"]
    print(f"fresh interpreters, best of {args.repeat}, net of the interpreter's start")
    print(f"  interpreter start                {base:6.3f} s")
    print(f"  import statsmodels.api           {net['import statsmodels.api']:6.3f} s")
    print(f"  import migstats                  {net['import migstats']:6.3f} s")
    print(f"  fraction                         {fraction:6.2f}  (target <= {TARGET_FRACTION})")
    print(f"  scipy.stats imported by migstats {heavy}")
    return 0 if fraction <= TARGET_FRACTION and not heavy else 1


if __name__ == "__main__":
    sys.exit(main())
