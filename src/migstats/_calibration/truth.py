"""The known truth of a calibration: population answer shares per scenario, and the oracle.

This module owns the construction of each truth scenario (see
:mod:`migstats._calibration.plan` for their meaning): the true answer
probability of every population cell of every (item, response), the true
percentages the report's rows would show in a census, the claims that hold
in that population (decided by the oracle: the report's audit on the true
percentages at :data:`CENSUS_N`, unrounded, without correction), and the
oracle design of the oracle audit (told the true n and every group's true
design effect).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from .._audit import BatchAudit
from .._base import CLAIM_VERDICTS, invalid_value
from .._core import simulate_surveys
from .._corpus import quantifier_range
from .plan import CENSUS_N, CalibrationPlan, Scenario, design_from_state, design_state

#: The verdict that makes a claim true in the population (the oracle supports it).
SUPPORTED = CLAIM_VERDICTS[0]

__all__ = ["block_proportions", "level_bounds", "oracle_design", "scenario", "with_scenarios"]


def _published_base(plan: CalibrationPlan, pos: np.ndarray) -> float:
    """The item's published total as a proportion (the mean of its groups without one)."""
    sub = plan.rows.iloc[pos]
    total = sub.loc[sub["dimension"] == "total", "percent"]
    return float((total if len(total) else sub["percent"]).astype(float).mean()) / 100.0


def _published_sign(plan: CalibrationPlan, pos: np.ndarray, dim: str, labels: tuple) -> float:
    """+1 if the published numbers rise from the first to the last group of ``dim``, else -1."""
    sub = plan.rows.iloc[pos]
    sub = sub[sub["dimension"] == dim].set_index("group")["percent"].astype(float)
    printed = [g for g in labels if g in sub.index]
    return -1.0 if printed and sub[printed[-1]] < sub[printed[0]] else 1.0


def level_bounds(plan: CalibrationPlan) -> dict[int, float]:
    """Block -> the bound (a proportion) of the first level claim on its (item, response).

    The bound a level claim must exceed (``"above"``: the quantifier's
    ``low``; ``"below"``: its ``high``; ``"within"``: its ``low``): a share
    exactly there makes the claim false at its boundary.  Claims on a sum
    of responses ("6-10") or on a ratio scale have no block of their own
    and are left out.
    """
    index = {key: i for i, (key, *_) in enumerate(plan.blocks)}
    out: dict[int, float] = {}
    for claim in plan.claims[plan.claims["kind"] == "level"].itertuples():
        i = index.get((str(claim.item), str(claim.response)))
        if i is None or i in out:
            continue
        q = quantifier_range(claim.quantifier, quantifiers=plan.quantifiers)
        if q.scale == "percent" and q.test in ("above", "below", "within"):
            out[i] = (q.high if q.test == "below" else q.low) / 100.0
    return out


def block_proportions(
    plan: CalibrationPlan, block: tuple, effect: float, base: float | None = None
) -> np.ndarray:
    """True answer probability of every population cell for one (item, response).

    ``p = base + sum_d s_d * effect * (rank_d / (G_d - 1) - 1/2)`` over the
    block's printed dimensions ``d`` (``s_d`` the published direction), so
    the extreme groups of ``d`` differ by ``effect``.  ``base`` is the
    published total, moved the least needed (derived) to keep every cell
    in [0, 1]; ``base`` (a proportion) replaces the published total.
    """
    _, pos, dims = block
    pop = plan.population()
    shape = pop.shares.shape
    lift = np.zeros(shape)
    for axis, (dim, labels, *_) in enumerate(plan.groups):
        if dim not in dims or len(labels) < 2:
            continue
        ranks = np.arange(len(labels)) / (len(labels) - 1) - 0.5
        along = [1] * len(shape)
        along[axis] = len(labels)
        sign = _published_sign(plan, pos, dim, labels)
        lift = lift + sign * effect * ranks.reshape(along)
    half = float(np.abs(lift).max())
    if 2 * half > 1:
        raise invalid_value("effects", "effects the dimensions of every item can show", effect)
    base = _published_base(plan, pos) if base is None else base
    base = min(max(base, half), 1.0 - half)
    return np.clip(base + lift, 0.0, 1.0)  # clip only float noise: |lift| <= base by design


def _true_rows(plan: CalibrationPlan, cells: tuple) -> np.ndarray:
    """True percent of every published row (census values of its block)."""
    out = np.full(len(plan.rows), np.nan)
    for (_, pos, dims), p in zip(plan.blocks, cells, strict=True):
        true = plan.population(p).true_percent(dims).set_index(["dimension", "group"])["percent"]
        keys = list(
            zip(plan.rows["dimension"].iloc[pos], plan.rows["group"].iloc[pos], strict=True)
        )
        out[pos] = true.reindex(keys).to_numpy(dtype=float)
    return out


def census_rows(plan: CalibrationPlan, true_percent: np.ndarray) -> pd.DataFrame:
    """The report's rows with the true percentages, exact (not approximate)."""
    rows = plan.rows.copy()
    rows["percent"] = true_percent
    rows["reported"] = [f"{v:.6f}" for v in true_percent]
    rows["approximate"] = False
    return rows


def truth_audit(plan: CalibrationPlan) -> BatchAudit:
    """The oracle that decides each claim's truth: the report's audit at a census, prepared once.

    Supported at :data:`CENSUS_N` respondents, design effect 1, the true
    percentages taken as exact (not rounding-aware), no correction.
    """
    design = design_from_state(plan.design).replace(
        n=CENSUS_N, n_range=(CENSUS_N, CENSUS_N), deff=1.0
    )
    return BatchAudit(
        census_rows(plan, plan.rows["percent"].to_numpy(dtype=float)),
        plan.claims,
        design,
        quantifiers=plan.quantifiers,
        dimensions=plan.dimensions,
        alpha=plan.audit_options.get("alpha", 0.05),
        correction="none",
        rounding_aware=False,
        headline="central",
        deffs=(1.0,),
        n_points=2,
    )


def _oracle_truth(oracle: BatchAudit, true_percent: np.ndarray) -> np.ndarray:
    """Whether each claim holds in the population (see :func:`truth_audit`)."""
    return oracle.verdicts(true_percent[None, :])[0] == SUPPORTED


def scenario(
    plan: CalibrationPlan, name: str, effect: float, oracle: BatchAudit | None = None
) -> Scenario:
    """One truth scenario: cell probabilities, true rows and the claims that hold.

    ``oracle`` is :func:`truth_audit` of the plan (prepared here if None).
    """
    cells = []
    bounds = level_bounds(plan) if name == "boundary" else {}
    for i, block in enumerate(plan.blocks):
        null = name in ("null", "boundary") or (name == "mixture" and i % 2 == 0)
        cells.append(block_proportions(plan, block, 0.0 if null else effect, bounds.get(i)))
    true_percent = _true_rows(plan, tuple(cells))
    return Scenario(
        name=name,
        effect=0.0 if name in ("null", "boundary") else float(effect),
        true_percent=true_percent,
        truth=_oracle_truth(truth_audit(plan) if oracle is None else oracle, true_percent),
        proportions=tuple(cells),
    )


def oracle_design(plan: CalibrationPlan) -> dict:
    """The design of the oracle audit: the true n, overall and per-group design effects.

    The design effects are the simulated design's expected Kish deffs
    (:func:`migstats.simulate_surveys`, ``expected_deff``): what a report
    that published every group's size and margin would let the audit use.
    """
    pop = plan.population()
    sims = simulate_surveys(
        pop,
        plan.n,
        replications=1,
        sample_shares=plan.sample_shares(),
        weight_by=plan.weight_by,
        dimensions=[d for d, *_ in plan.groups],
        decimals=plan.decimals,
        rounding=plan.rounding,
        seed=0,
    )
    design = design_from_state(plan.design)
    known = set(design.dimensions)
    group_deff = {
        d: {
            g: float(v)
            for dd, g, v in zip(sims.dimension, sims.group, sims.expected_deff, strict=True)
            if dd == d
        }
        for d, *_ in plan.groups
        if d in known
    }
    true = design.replace(
        n=plan.n,
        n_range=(plan.n, plan.n),
        deff=float(sims.expected_deff[0]),
        group_deff=group_deff or None,
    )
    return design_state(true)


def with_scenarios(plan: CalibrationPlan, effects: tuple, mixture: bool) -> CalibrationPlan:
    """The plan with its truth scenarios and oracle design filled in."""
    oracle = truth_audit(plan)
    scenarios = [scenario(plan, "null", 0.0, oracle)]
    if level_bounds(plan):
        scenarios.append(scenario(plan, "boundary", 0.0, oracle))
    scenarios += [scenario(plan, "effect", e, oracle) for e in effects]
    if mixture:
        scenarios += [scenario(plan, "mixture", e, oracle) for e in effects]
    return dataclasses.replace(plan, scenarios=tuple(scenarios), oracle_design=oracle_design(plan))
