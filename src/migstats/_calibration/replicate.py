"""One chunk of replications: simulate the report's tables, audit them, record verdicts.

This module owns :func:`run_chunk`, a pure function of (plan, chunk index,
size, seed-sequence child): for every truth scenario it draws ``size``
simulated reports in the report's own format (the published rows with new,
rounded percentages; :func:`simulate_tables`) and passes the whole stack to
:func:`audit_replications`, which returns which claims each audit supports.
The audits run through :class:`migstats._audit.BatchAudit`: the claims are
validated and prepared once per plan and process (:func:`batch_audit`), and
only each replication's numbers are evaluated -- the one loop over
replications is inside ``BatchAudit.verdicts``.  The executor splits the
replications across workers in chunks (:mod:`.run`).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from .._audit import BatchAudit
from .._base import CLAIM_VERDICTS, invalid_value
from .._core import simulate_surveys
from .plan import CalibrationPlan, Scenario, design_from_state

__all__ = ["ChunkVerdicts", "audit_replications", "batch_audit", "run_chunk", "simulate_tables"]

#: Plans whose prepared audits a process keeps (a worker runs one plan's chunks).
CACHED_PLANS = 2

_BATCHES: dict = {}

#: The verdict a calibration counts as the audit supporting a claim.
SUPPORTED = CLAIM_VERDICTS[0]


@dataclasses.dataclass(frozen=True)
class ChunkVerdicts:
    """Which claims were supported in each replication of one chunk.

    ``supported[s]`` and ``oracle_supported[s]`` are (size, claims) boolean
    arrays for scenario ``s``: the report's audit and the oracle audit.
    """

    index: int
    size: int
    supported: tuple
    oracle_supported: tuple


def simulate_tables(
    plan: CalibrationPlan, scenario: Scenario, size: int, rng: np.random.Generator
) -> np.ndarray:
    """(size, rows) printed percentages of ``size`` simulated reports."""
    out = np.full((size, len(plan.rows)), np.nan)
    sample, weight_by = plan.sample_shares(), plan.weight_by
    for (_, pos, dims), p in zip(plan.blocks, scenario.proportions, strict=True):
        sims = simulate_surveys(
            plan.population(p),
            plan.n,
            replications=size,
            sample_shares=sample,
            weight_by=weight_by,
            dimensions=dims,
            decimals=plan.decimals,
            rounding=plan.rounding,
            rng=rng,
        )
        where = {(d, g): i for i, (d, g) in enumerate(zip(sims.dimension, sims.group, strict=True))}
        rows = plan.rows.iloc[pos]
        cols = [where[(d, g)] for d, g in zip(rows["dimension"], rows["group"], strict=True)]
        out[:, pos] = sims.percent[:, cols, 0]
    if np.isnan(out).any():  # a group without respondents prints no number
        raise invalid_value("n", "a sample size that gives every printed group respondents", plan.n)
    return out


def _report_rows(plan: CalibrationPlan, percent: np.ndarray) -> pd.DataFrame:
    """The published rows with the percentages ``percent`` (as one simulated report prints them)."""
    rows = plan.rows.copy()
    rows["percent"] = percent
    rows["reported"] = [f"{v:.{plan.decimals}f}" for v in percent]
    return rows


def batch_audit(plan: CalibrationPlan, *, oracle: bool) -> BatchAudit:
    """The report's audit (``oracle=False``) or the oracle audit, prepared once for the plan.

    ``oracle=False``: the report's own audit settings (its design and
    ``plan.audit_options``); ``oracle=True``: the oracle design (true n and
    group design effects) at that point only, with the same level and
    correction.  Cached per plan within a process, so a worker prepares the
    claims once however many chunks it runs.
    """
    key = (id(plan), oracle)
    hit = _BATCHES.get(key)
    if hit is not None and hit[0] is plan:
        return hit[1]
    opts = dict(plan.audit_options)
    if oracle:
        design = design_from_state(plan.oracle_design)
        opts.update(headline="central", deffs=(design.deff,), n_points=2)
    else:
        design = design_from_state(plan.design)
    batch = BatchAudit(
        plan.rows,
        plan.claims,
        design,
        quantifiers=plan.quantifiers,
        dimensions=plan.dimensions,
        **opts,
    )
    if len(_BATCHES) >= 2 * CACHED_PLANS:
        _BATCHES.clear()
    _BATCHES[key] = (plan, batch)
    return batch


def audit_replications(plan: CalibrationPlan, percents: np.ndarray, *, oracle: bool) -> np.ndarray:
    """(replications, claims) whether the audit of each simulated report supports each claim.

    The claims are validated and prepared once (:func:`batch_audit`); each
    replication's percentages are then evaluated as :func:`migstats.audit`
    would evaluate the report printed with them (its ``verdict`` column).
    """
    verdicts = batch_audit(plan, oracle=oracle).verdicts(percents)
    return verdicts == SUPPORTED


def run_chunk(plan: CalibrationPlan, index: int, size: int, seed: np.random.SeedSequence):
    """Verdicts of one chunk; a pure function of its arguments (any worker, same result)."""
    rng = np.random.default_rng(seed)
    supported, oracle = [], []
    for sc in plan.scenarios:
        percents = simulate_tables(plan, sc, size, rng)
        supported.append(audit_replications(plan, percents, oracle=False))
        oracle.append(audit_replications(plan, percents, oracle=True))
    return ChunkVerdicts(index, size, tuple(supported), tuple(oracle))
