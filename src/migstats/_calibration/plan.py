"""The calibration plan: a report's own design, claims and truth scenarios, picklable.

This module owns :class:`CalibrationPlan`, everything one chunk of
replications needs (the report's published rows, its tested claims, the
simulated population's dimensions and shares, the audit settings of the
report's audit and of the oracle audit, and the truth of every scenario),
and :func:`build_plan`, which derives it from a report.  A plan holds only
plain data (frames, tuples, dicts), so it crosses process boundaries; the
sample designs travel as their constructor fields and are rebuilt where they
are used (:func:`design_state`, :func:`design_from_state`).

Truth scenarios (each claim's truth is decided by an oracle: the report's
own audit run on the population's true percentages at a census-sized n,
without rounding and without correction, so only the sign and size of the
true differences decide):

``null``
    Every group of every (item, response) at the item's published total
    (the mean of its groups where no total is published): no group
    differences, so difference and gradient claims are false (at their
    boundary).
``boundary``
    As ``null``, but every (item, response) a level claim is about at the
    claim's quantifier bound (a "majority" at exactly 50%): the level claim
    is false, at its boundary (only where the report has level claims).
``effect``
    Groups along every dimension of an (item, response) differ linearly in
    their rank, by ``effect`` (a proportion) between the extreme groups, in
    the direction the published numbers show.
``mixture``
    Every second (item, response) null, the others as ``effect`` (for the
    false discovery rate).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from .._base import TABLE_COLUMNS, invalid_value
from .._core import SurveyPopulation
from .._corpus import SampleDesign

__all__ = [
    "CENSUS_N",
    "SCENARIOS",
    "STRATUM",
    "CalibrationPlan",
    "Scenario",
    "build_plan",
    "design_from_state",
    "design_state",
    "stratum_share",
]

#: The truth scenarios, in output order.
SCENARIOS = ("null", "boundary", "effect", "mixture")

#: Sample size at which the oracle decides a claim's truth on the population
#: (project convention: large enough that any true difference of 0.01 point
#: is significant, so "supported" means "true in the population").
CENSUS_N = 10**9

#: The weighting stratum added to the population to give the simulated
#: design its design effect (independent of every dimension and answer).
STRATUM = ("stratum", ("stratum_a", "stratum_b"))

#: Claim kinds the calibration leaves out: they are not tested (interval
#: arithmetic on the printed numbers, or registered as untestable).
UNTESTED_KINDS = ("text_table",)

#: Columns of the published rows a simulated report keeps as published: all
#: of a table's (``data/tables.csv``'s columns).
ROW_COLUMNS = TABLE_COLUMNS


@dataclasses.dataclass(frozen=True)
class Scenario:
    """One truth: its name, effect, true percent per row and true claims."""

    name: str
    effect: float
    true_percent: np.ndarray  # (rows,) percent, aligned with the plan's rows
    truth: np.ndarray  # (claims,) bool: the claim holds in the population
    proportions: tuple = ()  # per block: true answer probability of every population cell


@dataclasses.dataclass(frozen=True)
class CalibrationPlan:
    """Everything one chunk of replications needs, as plain picklable data."""

    rows: pd.DataFrame
    blocks: tuple  # ((item, response), row positions, dimensions printed)
    claims: pd.DataFrame
    kinds: tuple[str, ...]
    quantifiers: pd.DataFrame
    dimensions: dict
    groups: tuple  # ((dimension, labels, population shares, sample shares), ...)
    n: int
    deff: float
    decimals: int
    rounding: str
    design: dict
    audit_options: dict
    scenarios: tuple[Scenario, ...] = ()
    oracle_design: dict | None = None

    def population(self, proportions: Any = None) -> SurveyPopulation:
        """The simulated population (answer probabilities ``proportions``, default 0.5)."""
        dims = (*(d for d, *_ in self.groups), STRATUM[0])
        labels = (*(g for _, g, *_ in self.groups), STRATUM[1])
        shares = _outer([s for _, _, s, _ in self.groups] + [np.full(2, 0.5)])
        p = np.full(shares.shape, 0.5) if proportions is None else proportions
        return SurveyPopulation(shares, p, dimensions=dims, groups=labels, item="simulated")

    def sample_shares(self) -> np.ndarray:
        """Cell selection probabilities: the design's sample shares and the stratum's."""
        a = stratum_share(self.deff)
        joint = _outer([q for *_, q in self.groups] + [np.array([a, 1.0 - a])])
        return joint / joint.sum()

    @property
    def weight_by(self) -> tuple[str, ...]:
        """Post-stratification dimensions: the under-represented ones and the stratum."""
        skewed = tuple(d for d, _, s, q in self.groups if not np.allclose(s, q))
        return (*skewed, STRATUM[0]) if self.deff > 1 or skewed else ()


def _outer(margins: list) -> np.ndarray:
    out = np.ones(())
    for m in margins:
        out = np.multiply.outer(out, np.asarray(m, dtype=float))
    return out


def stratum_share(deff: float) -> float:
    """Sample share of the first of two equal strata giving Kish's ``deff``.

    Two strata of population share 1/2 sampled at shares ``a`` and ``1 - a``
    and weighted back have ``deff = 1/(4a) + 1/(4(1 - a))`` (Kish 1992,
    ``1 + cv^2`` of the weights); solved, ``a = (1 + sqrt(1 - 1/deff)) / 2``.

    Examples
    --------
    >>> a = stratum_share(2.0)
    >>> round(0.25 / a + 0.25 / (1 - a), 10)
    2.0
    """
    return float(0.5 * (1.0 + np.sqrt(1.0 - 1.0 / deff)))


def design_state(design: SampleDesign) -> dict:
    """A design's constructor fields as plain dicts (a design holds read-only mappings)."""

    def plain(v: Any) -> Any:
        if isinstance(v, Mapping | MappingProxyType):
            return {k: plain(x) for k, x in v.items()}
        return v

    return {f.name: plain(getattr(design, f.name)) for f in dataclasses.fields(design) if f.init}


def design_from_state(state: dict) -> SampleDesign:
    """The design :func:`design_state` wrote down."""
    return SampleDesign(**state)


def _dimension_groups(report: Any, rows: pd.DataFrame) -> tuple:
    """(dimension, labels, population shares, sample shares) for every printed dimension."""
    design, out = report.design, []
    for dim in dict.fromkeys(rows["dimension"].astype(str)):
        if dim == "total":
            continue
        labels = tuple(report.dimensions[dim])
        if dim in design.dimensions:
            pop = design.group_shares(dim).reindex(labels).to_numpy(dtype=float)
            smp = design.sample_group_shares(dim).reindex(labels).to_numpy(dtype=float)
        else:  # a dimension the design gives no shares for: equal shares (convention)
            pop = smp = np.full(len(labels), 1.0 / len(labels))
        out.append((dim, labels, pop / pop.sum(), smp / smp.sum()))
    return tuple(out)


def _blocks(rows: pd.DataFrame) -> tuple:
    """One block per (item, response): its row positions and printed dimensions."""
    out = []
    keys = rows[["item", "response"]].astype(str).apply(tuple, axis=1)
    for key in dict.fromkeys(keys):
        pos = np.flatnonzero((keys == key).to_numpy())
        dims = tuple(d for d in dict.fromkeys(rows["dimension"].iloc[pos]) if d != "total")
        out.append((key, pos, dims))
    return tuple(out)


def _tested_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims the audit tests, with the quoted numbers removed (they change per draw)."""
    keep = ~claims["kind"].isin(UNTESTED_KINDS) & (claims["untestable_reason"].astype(str) == "")
    out = claims[keep].reset_index(drop=True).copy()
    out["reported"] = ""
    return out


def build_plan(report: Any, *, n: int, deff: float, rounding: str, options: dict) -> Any:
    """The plan of a report (scenarios are added by :func:`with_scenarios`)."""
    rows = report.tables[list(ROW_COLUMNS)].reset_index(drop=True).copy()
    claims = _tested_claims(report.claims)
    if claims.empty:
        raise invalid_value("report", "a report with at least one tested claim", report.name)
    dims = {
        d: {"groups": list(g), "ordered": d in report.ordered}
        for d, g in report.dimensions.items()
        if d != "total"
    }
    return CalibrationPlan(
        rows=rows,
        blocks=_blocks(rows),
        claims=claims,
        kinds=tuple(claims["kind"].astype(str)),
        quantifiers=report.quantifiers,
        dimensions=dims,
        groups=_dimension_groups(report, rows),
        n=int(n),
        deff=float(deff),
        decimals=int(report.design.decimals),
        rounding=rounding,
        design=design_state(report.design),
        audit_options=dict(options),
    )
