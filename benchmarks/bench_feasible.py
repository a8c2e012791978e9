"""Timings and peak memory of the feasible-set computations (migstats._core.feasible).

A plain script, not a test: ``python benchmarks/bench_feasible.py``.  Two
tables (wall-clock seconds, best of ``--repeat`` runs):

1. k in {3, 5, 10} categories, n in {1e3, 1e4, 1e5} respondents, side by side
   with the dynamic programme over partial sums that ``count()`` used before
   (``dp_count``, memory and time ~ k * n / 100):

   * ``count``   -- building the set and its exact size (inclusion-exclusion),
   * ``bounds``  -- exact min/max of the mean scale score (greedy fill),
   * ``sample``  -- building the set and 10,000 uniform draws,
   * ``marginals`` and ``closest`` for reference.

2. k = 10 at n in {1e9, 1e12}: ``count() + bounds() + sample(1000)`` on a
   fresh set, its peak memory measured with :mod:`tracemalloc`, and
   ``closest()``.  The dynamic programme is not run there: its arrays would
   hold about k * n / 100 Python integers (tens of GB).

The percentages are the exact whole-number roundings of a fixed multinomial
draw (seeded), so every case is consistent.  The script exits with status 1
if a target is missed: k = 10, n = 10**9, count + bounds + 1,000 draws under
``TARGET_SECONDS`` and ``TARGET_MB``; the same at n = 10**12 must run.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc

import numpy as np

from migstats import feasible_counts, round_half
from migstats._core.compositions import _forward_layers

#: Targets (issue 12): k = 10, n = 1e9, count + bounds + 1,000 draws.
TARGET_SECONDS = 1.0
TARGET_MB = 100.0
SIZES = (1_000, 10_000, 100_000)
HUGE = (10**9, 10**12)
CATEGORIES = (3, 5, 10)
DRAWS = 10_000
HUGE_DRAWS = 1_000
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


def dp_count(pct: list[str], n: int) -> int:
    """The former count: dynamic programme over partial sums (exact integers)."""
    fc = feasible_counts(pct, n)
    F, _start = _forward_layers((fc.upper - fc.lower).astype(np.int64), n - int(fc.lower.sum()))[-1]
    return int(F[0])


def time_case(pct: list[str], n: int, k: int, repeat: int) -> dict[str, float]:
    """Timings (best of ``repeat``) for one consistent case."""
    weights = np.arange(1, k + 1)
    out = {"count": best_of(repeat, lambda: feasible_counts(pct, n).count())}
    out["dp_count"] = best_of(repeat, lambda: dp_count(pct, n))
    assert dp_count(pct, n) == feasible_counts(pct, n).count()
    out["sample"] = best_of(repeat, lambda: feasible_counts(pct, n).sample(DRAWS, rng=1))
    fc = feasible_counts(pct, n)
    out["log10_count"] = float(np.log10(float(fc.count())))
    out["bounds"] = best_of(repeat, lambda: fc.bounds(weights))
    out["marginals"] = best_of(repeat, lambda: feasible_counts(pct, n).marginals())
    out["closest"] = best_of(repeat, fc.closest)
    return out


def huge_case(pct: list[str], n: int, repeat: int) -> dict[str, float]:
    """count + bounds + 1,000 draws on a fresh set: best time and peak memory (MB)."""
    weights = np.arange(1, len(pct) + 1)

    def run() -> None:
        fc = feasible_counts(pct, n)
        fc.count()
        fc.bounds(weights)
        draws = fc.sample(HUGE_DRAWS, rng=1)
        assert fc.contains(draws).all()

    seconds = best_of(repeat, run)
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    fc = feasible_counts(pct, n)
    return {
        "seconds": seconds,
        "peak_mb": peak,
        "closest": best_of(repeat, fc.closest),
        "log10_count": len(str(fc.count())) - 1,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best is shown)")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(SEED)
    cols = ("count", "dp_count", "bounds", "sample", "marginals", "closest")
    header = f"{'k':>3} {'n':>8} {'log10 count':>12} " + " ".join(f"{c:>10}" for c in cols)
    print(header)
    print("-" * len(header))
    for k in CATEGORIES:
        for n in SIZES:
            t = time_case(case(n, k, rng), n, k, args.repeat)
            print(
                f"{k:>3} {n:>8} {t['log10_count']:>12.1f} "
                + " ".join(f"{t[c]:>10.4f}" for c in cols)
            )
    print(f"\nk = 10, count + bounds + {HUGE_DRAWS:,} draws on a fresh set (dp_count: not run)")
    header = f"{'n':>14} {'log10 count':>12} {'seconds':>10} {'peak MB':>10} {'closest':>10}"
    print(header)
    print("-" * len(header))
    failed = False
    for n in HUGE:
        t = huge_case(case(n, 10, rng), n, args.repeat)
        print(
            f"{n:>14} {t['log10_count']:>12} {t['seconds']:>10.4f} "
            f"{t['peak_mb']:>10.2f} {t['closest']:>10.4f}"
        )
        if n == 10**9:
            failed = t["seconds"] >= TARGET_SECONDS or t["peak_mb"] >= TARGET_MB
    verdict = "MISSED" if failed else "met"
    print(
        f"\ntarget: k = 10, n = 10**9: count + bounds + {HUGE_DRAWS:,} draws < "
        f"{TARGET_SECONDS:g} s and < {TARGET_MB:g} MB; n = 10**12 runs -> {verdict}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
