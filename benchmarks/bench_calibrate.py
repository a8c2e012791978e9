"""Timings of ``migstats.calibrate`` with 1 and 2 workers, and its memory per chunk.

A plain script, not a test: ``python benchmarks/bench_calibrate.py``.  It
calibrates a bundled report (default the Pew report, the smaller one; pass
``--report scp2024-ch7`` for chapter 7) with a few replications on 1 and 2
worker processes, prints the wall-clock seconds, the seconds per audit
(each replication audits every scenario twice: the report's audit and the
oracle's) and the speed-up, and the peak memory of the parent process
(``tracemalloc``) for two numbers of replications, which must not grow with
them (results are folded chunk by chunk).

Target (issue 22): near-linear scaling with workers, i.e. a speed-up of at
least ``TARGET_SPEEDUP`` from 1 to 2 workers on a two-core machine; the
script exits with status 1 when it is missed.  The absolute time is today
bound by the audit (about 0.1 s for a one-claim report, 1.6 s for chapter 7
per audit); a vectorised audit of many simulated reports replaces
``migstats._calibration.replicate.audit_replications``.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import migstats

#: Least speed-up from 1 to 2 workers counted as near-linear (project convention).
TARGET_SPEEDUP = 1.5

#: Effects of the benchmark's scenarios (one, to keep it short).
EFFECTS = (0.10,)


def run(report: str, replications: int, workers: int) -> float:
    """Seconds of one calibration."""
    start = time.perf_counter()
    migstats.calibrate(
        report,
        replications=replications,
        seed=1,
        effects=EFFECTS,
        mixture=False,
        max_workers=workers,
        chunk_size=1,
    )
    return time.perf_counter() - start


def peak_mib(report: str, replications: int) -> float:
    """Peak traced memory (MiB) of the parent process during a calibration."""
    tracemalloc.start()
    run(report, replications, 2)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", default="pew-inequality-2020")
    parser.add_argument("--replications", type=int, default=8)
    args = parser.parse_args(argv)
    scenarios = 1 + len(EFFECTS)
    audits = 2 * scenarios * args.replications
    one = run(args.report, args.replications, 1)
    two = run(args.report, args.replications, 2)
    print(f"report {args.report}, {args.replications} replications, {audits} audits")
    print(f"{'workers':<10}{'seconds':>10}{'s/audit':>10}")
    for workers, seconds in ((1, one), (2, two)):
        print(f"{workers:<10}{seconds:>10.2f}{seconds / audits:>10.3f}")
    speedup = one / two
    print(f"speed-up 1 -> 2 workers: {speedup:.2f} (target >= {TARGET_SPEEDUP})")
    small, large = peak_mib(args.report, 2), peak_mib(args.report, 2 * args.replications)
    print(f"parent peak memory: {small:.1f} MiB at 2, {large:.1f} MiB at {2 * args.replications}")
    return 0 if speedup >= TARGET_SPEEDUP else 1


if __name__ == "__main__":
    raise SystemExit(main())
