"""Speed of ``migstats.proportion_ci`` (Wilson) against statsmodels, side by side.

A plain script, not a test: ``python benchmarks/bench_proportion_ci.py``.
Both functions get the same arrays of 10**6 cells (fractional counts ``k``
in ``[0, n]``, sizes ``n`` in ``[1, 5000]``, a few ``k = 0`` and ``k = n``);
the calls alternate, so that a busy machine slows both alike, and the best
of ``--repeat`` runs of each is compared.  migstats does more per call
(argument checks: text, booleans, NaN, ``0 <= k <= n``, ``n > 0``, design
effect; exact limits at ``k = 0`` and ``k = n``).

Target (issue 12): migstats within ``TARGET_RATIO`` (1.2) times
``statsmodels.stats.proportion.proportion_confint(method="wilson")``; the
script exits with status 1 if the ratio is above it.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

TARGET_RATIO = 1.2
CELLS = 10**6


def _data(cells: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(12)
    n = rng.uniform(1.0, 5000.0, cells)
    k = rng.random(cells) * n
    k[:100] = 0.0
    k[100:200] = n[100:200]
    return k, n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="runs of each (best is kept)")
    parser.add_argument("--cells", type=int, default=CELLS)
    args = parser.parse_args(argv)

    from statsmodels.stats.proportion import proportion_confint

    import migstats

    k, n = _data(args.cells)
    low, high = migstats.proportion_ci(k, n)
    ref_low, ref_high = proportion_confint(k, n, alpha=0.05, method="wilson")
    diff = max(np.max(np.abs(low - ref_low)), np.max(np.abs(high - ref_high)))

    best = {"statsmodels": np.inf, "migstats": np.inf}
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        proportion_confint(k, n, alpha=0.05, method="wilson")
        t1 = time.perf_counter()
        migstats.proportion_ci(k, n)
        t2 = time.perf_counter()
        best["statsmodels"] = min(best["statsmodels"], t1 - t0)
        best["migstats"] = min(best["migstats"], t2 - t1)
    ratio = best["migstats"] / best["statsmodels"]
    print(f"Wilson interval on {args.cells:,} cells (best of {args.repeat}, alternating)")
    print(f"  statsmodels proportion_confint   {best['statsmodels'] * 1e3:8.1f} ms")
    print(f"  migstats proportion_ci           {best['migstats'] * 1e3:8.1f} ms")
    print(f"  ratio                            {ratio:8.2f}  (target <= {TARGET_RATIO})")
    print(f"  largest difference in a limit    {diff:8.1e}")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
