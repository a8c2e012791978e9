"""Error rates of a calibration, accumulated chunk by chunk, and its result type.

This module owns :class:`RateAccumulator` (streaming sums per scenario,
claim kind and rate: memory does not grow with replications) and
:class:`CalibrationResult`.  Each rate is the mean over replications of a
per-replication value ``v_r``; its Monte Carlo standard error is the
standard deviation of ``v_r`` over the replications divided by their square
root (Koehler, Brown & Haneuse 2009, The American Statistician 63,
155-162; NaN for a single replication):

``type I``
    share of the claims false in the population that the audit supports;
``power``
    share of the claims true in the population that the audit supports;
``oracle type I``, ``oracle power``
    the same for the oracle audit (true n and group design effects);
``FDR``, ``oracle FDR``
    false discoveries over discoveries (0 without discoveries; Benjamini &
    Hochberg 1995), over all tested claims of the report (kind ``all``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from .._base import CALIBRATION_COLUMNS, Result
from .plan import SCENARIOS

__all__ = ["CALIBRATION_COLUMNS", "RATES", "CalibrationResult", "RateAccumulator"]

#: The rates a calibration reports, in output order.
RATES = ("type I", "power", "FDR", "oracle type I", "oracle power", "oracle FDR")

ALL_KINDS = "all"


def _per_replication(supported: np.ndarray, truth: np.ndarray, kinds: np.ndarray) -> dict:
    """{(kind, rate): ((R,) values, claims)} for one audit's verdicts of one scenario."""
    out = {}
    for kind in (*dict.fromkeys(kinds), ALL_KINDS):
        sel = np.ones(kinds.size, bool) if kind == ALL_KINDS else kinds == kind
        for rate, which in (("type I", ~truth), ("power", truth)):
            m = int((sel & which).sum())
            if m:
                out[(kind, rate)] = (supported[:, sel & which].sum(axis=1) / m, m)
    found = supported.sum(axis=1)
    false = supported[:, ~truth].sum(axis=1)
    out[(ALL_KINDS, "FDR")] = (false / np.maximum(found, 1), kinds.size)
    return out


class RateAccumulator:
    """Sums of every rate's per-replication values, updated one chunk at a time."""

    def __init__(self, scenarios: tuple, kinds: tuple[str, ...]) -> None:
        self.scenarios = scenarios
        self.kinds = np.asarray(kinds, dtype=object)
        self.sums: dict[tuple, list] = {}

    def update(self, chunk: Any) -> None:
        """Add one chunk's verdicts (a :class:`ChunkVerdicts`)."""
        for s, sc in enumerate(self.scenarios):
            for prefix, verdicts in (
                ("", chunk.supported[s]),
                ("oracle ", chunk.oracle_supported[s]),
            ):
                for (kind, rate), (v, m) in _per_replication(
                    verdicts, sc.truth, self.kinds
                ).items():
                    acc = self.sums.setdefault((s, kind, prefix + rate), [0, 0.0, 0.0, m])
                    acc[0] += v.size
                    acc[1] += float(v.sum())
                    acc[2] += float((v**2).sum())

    def frame(self, n: int) -> pd.DataFrame:
        """The tidy rates: one row per scenario, kind and rate."""
        rows = []
        for (s, kind, rate), (r, total, squares, m) in self.sums.items():
            sc = self.scenarios[s]
            mean = total / r
            # one replication has no spread to estimate: its MC SE is unknown (NaN)
            var = max(squares / r - mean**2, 0.0) * r / (r - 1) if r > 1 else np.nan
            rows.append((sc.name, kind, sc.effect, n, rate, mean, float(np.sqrt(var / r)), m, r))
        out = pd.DataFrame(rows, columns=list(CALIBRATION_COLUMNS))
        order = {name: i for i, name in enumerate(RATES)}
        out["_s"] = out["rate"].map(order)
        out["_c"] = out["scenario"].map({name: i for i, name in enumerate(SCENARIOS)})
        out["_k"] = out["kind"].eq(ALL_KINDS)
        out = out.sort_values(["effect", "_c", "_k", "kind", "_s"], kind="stable")
        return out.drop(columns=["_s", "_c", "_k"]).reset_index(drop=True)


@dataclasses.dataclass(frozen=True, repr=False)
class CalibrationResult(Result):
    """Error rates of a report's audit on simulations of its own design.

    Attributes
    ----------
    rates : pandas.DataFrame
        One row per scenario, claim kind and rate (:data:`CALIBRATION_COLUMNS`).
    report : str
        The report's name.
    replications, seed : int
        Replications per scenario and the root seed (``numpy.random.SeedSequence``).
    effects : tuple of float
        Effects of the effect scenarios (gap in proportion between extreme groups).
    n : int
        Simulated respondents (the report's n unless given).
    deff : float
        Kish design effect the simulated weighting stratum gives.
    deff_true : float
        Expected overall Kish design effect of the simulated design (told to the oracle).
    decimals : int
        Decimals of the simulated printed percentages.
    rounding : str
        Printing rule of the simulated percentages.
    alpha : float
        Significance level of the audits.
    correction : str
        Multiplicity correction of the audits.
    chunk_size : int
        Replications per chunk (fixes the seeds: results do not depend on workers).
    """

    rates: pd.DataFrame
    report: str
    replications: int
    seed: int
    effects: tuple
    n: int
    deff: float
    deff_true: float
    decimals: int
    rounding: str
    alpha: float
    correction: str
    chunk_size: int

    def to_frame(self) -> pd.DataFrame:
        """The tidy rates (a copy)."""
        return self.rates.copy()

    def settings(self) -> dict:
        """Every setting of the run (the fields other than ``rates``)."""
        return {k: v for k, v in self.to_dict().items() if k != "rates"}
