"""Timings of the feasible-set computations (migstats._core.feasible).

A plain script, not a test: ``python benchmarks/bench_feasible.py``.  It
prints a table of wall-clock timings (best of ``--repeat`` runs, seconds) for
k in {3, 5, 10} categories and n in {1e3, 1e4, 1e5} respondents:

* ``count``   -- building the set and its exact size (exact-integer DP),
* ``bounds``  -- exact min/max of the mean scale score (greedy fill),
* ``sample_cold`` -- building the set and 10,000 uniform draws,
* ``sample``  -- 10,000 more draws from a set whose tables are built,
* ``marginals`` and ``closest`` for reference.

The percentages are the exact whole-number roundings of a fixed multinomial
draw (seeded), so every case is consistent.  The script exits with status 1
if the target is missed: for k = 10 and n = 100,000, ``count``, ``bounds``
and ``sample`` must each take less than ``TARGET_SECONDS``.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from migstats import feasible_counts, round_half

#: Performance target (seconds) for k = 10, n = 100,000 (from the design brief).
TARGET_SECONDS = 1.0
SIZES = (1_000, 10_000, 100_000)
CATEGORIES = (3, 5, 10)
DRAWS = 10_000
SEED = 20240917


def case(n: int, k: int, rng: np.random.Generator) -> list[str]:
    """Whole-number percentages of a multinomial draw (rounded half up, exactly)."""
    counts = rng.multinomial(n, rng.dirichlet(np.full(k, 3.0)))
    return [f"{v:.0f}" for v in round_half(100 * counts, 0, "half_up", denominator=n)]


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def time_case(pct: list[str], n: int, k: int, repeat: int) -> dict[str, float]:
    """Timings (best of ``repeat``) for one consistent case."""
    weights = np.arange(1, k + 1)
    out = {"count": best_of(repeat, lambda: feasible_counts(pct, n).count())}
    out["sample_cold"] = best_of(repeat, lambda: feasible_counts(pct, n).sample(DRAWS, rng=1))
    fc = feasible_counts(pct, n)
    out["log10_count"] = float(np.log10(float(fc.count())))
    fc.sample(1, rng=0)  # tables built once, as when a user draws repeatedly
    out["bounds"] = best_of(repeat, lambda: fc.bounds(weights))
    out["sample"] = best_of(repeat, lambda: fc.sample(DRAWS, rng=1))
    out["marginals"] = best_of(repeat, lambda: feasible_counts(pct, n).marginals())
    out["closest"] = best_of(repeat, fc.closest)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best is shown)")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(SEED)
    cols = ("count", "bounds", "sample_cold", "sample", "marginals", "closest")
    header = f"{'k':>3} {'n':>8} {'log10 count':>12} " + " ".join(f"{c:>11}" for c in cols)
    print(header)
    print("-" * len(header))
    failed = False
    for k in CATEGORIES:
        for n in SIZES:
            t = time_case(case(n, k, rng), n, k, args.repeat)
            print(
                f"{k:>3} {n:>8} {t['log10_count']:>12.1f} "
                + " ".join(f"{t[c]:>11.4f}" for c in cols)
            )
            if k == max(CATEGORIES) and n == max(SIZES):
                worst = max(t["count"], t["bounds"], t["sample_cold"])
                failed = worst >= TARGET_SECONDS
    verdict = "MISSED" if failed else "met"
    print(
        f"\ntarget: k = 10, n = 100,000: count, bounds and {DRAWS:,} draws (sample_cold: "
        f"including building the tables) each < {TARGET_SECONDS:g} s -> {verdict}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
