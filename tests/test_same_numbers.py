"""Same numbers: the audit equals a one-claim-at-a-time reference; a stack equals its rows.

Random reports are drawn by :func:`migstats.strategies.published_tables`
(true counts, rounded as published).  The reference evaluates each claim
alone with :func:`migstats.evaluate_claim`, adjusts the family's p-values
with :func:`migstats.adjust_pvalues` and applies the three-decision rule
written out here; the audit must give the same estimates, intervals,
p-values and verdicts.  ``audit_replications`` on a stack of tables must give,
row by row, what auditing each table separately gives.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import migstats
from migstats import LISS_2023, Report, SampleDesign
from migstats._calibration.plan import build_plan
from migstats._calibration.replicate import audit_replications
from migstats.strategies import published_tables

ALPHA = 0.05
EDUCATION = ("bo/vmbo", "havo/vwo/mbo", "hbo/wo")

#: Claims about the drawn table (item responsiveness of table 7.7, by education).
CLAIMS = pd.DataFrame(
    {
        "claim_id": ["S1", "S2", "S3", "S4", "S5", "S6"],
        "kind": ["difference", "difference", "gradient", "level", "no_difference", "level"],
        "table": "7.7",
        "item": "responsiveness",
        "response": "agree",
        "dimension": ["education"] * 3 + ["total", "education", "education"],
        "groups": ["hbo/wo>bo/vmbo", "bo/vmbo>havo/vwo/mbo", "increasing", "total", "all", "all"],
        "quantifier": ["", "", "", "majority", "", "minority"],
        "claim": [f"statement {i}" for i in range(1, 7)],
    }
)

SAME = {"rtol": 1e-12, "atol": 0.0, "equal_nan": True}


def three_decision(p_adj: float, p_support: float, p_contradict: float) -> str:
    """The verdict of the three-decision rule (Shaffer 1980), written out."""
    if not np.isfinite(p_adj):
        return "untestable"
    if p_adj >= ALPHA:
        return "not significant"
    return "supported" if p_support <= p_contradict else "contradicted"


def reference(tables: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """One claim at a time, then the Holm adjustment over the tested claims."""
    rows = [
        migstats.evaluate_claim(c, tables=tables, design=LISS_2023, alpha=ALPHA)
        for c in claims.to_dict("records")
    ]
    tested = np.array([r.verdict not in ("untestable", "inconsistent") for r in rows])
    p = np.array([r.pvalue for r in rows])
    adjusted = np.full(len(rows), np.nan)
    adjusted[tested] = migstats.adjust_pvalues(p[tested], method="holm")
    return pd.DataFrame(
        {
            "claim_id": [r.claim_id for r in rows],
            "estimate": [r.estimate for r in rows],
            "ci_low": [r.confidence_interval.low for r in rows],
            "ci_high": [r.confidence_interval.high for r in rows],
            "pvalue_support": [r.pvalue_support for r in rows],
            "pvalue_contradict": [r.pvalue_contradict for r in rows],
            "pvalue_adjusted": adjusted,
            "verdict": [
                three_decision(a, r.pvalue_support, r.pvalue_contradict) if t else r.verdict
                for a, r, t in zip(adjusted, rows, tested, strict=True)
            ],
        }
    )


class TestAuditEqualsReference:
    @settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(published_tables(n=st.integers(150, 1500), rounding="half_up"))
    def test_random_reports(self, tables):
        # a share of 0 or 100 has no Wald variance: the audit refuses such a table
        assume(tables["percent"].between(1, 99).all())
        got = migstats.audit(
            tables=tables,
            claims=CLAIMS,
            design=LISS_2023,
            headline="central",
            alpha=ALPHA,
            correction="holm",
        ).frame
        ref = reference(tables, CLAIMS)
        assert got["claim_id"].tolist() == ref["claim_id"].tolist()
        for col in ("estimate", "ci_low", "ci_high", "pvalue_support", "pvalue_contradict"):
            np.testing.assert_allclose(got[col], ref[col], **SAME, err_msg=col)
        np.testing.assert_allclose(got["pvalue_adjusted"], ref["pvalue_adjusted"], **SAME)
        # "not significant" at the point is "depends on n" or "not supported" in the
        # audit, split by its robustness grid (tested in test_audit.py), not here
        point = got["verdict"].replace(["depends on n", "not supported"], "not significant")
        assert point.tolist() == ref["verdict"].tolist()


def tiny_report() -> Report:
    """One item by education with the claims above (the chapter's design shares)."""
    tables = pd.DataFrame(
        {
            "table": "7.7",
            "item": "responsiveness",
            "response": "agree",
            "dimension": ["total", *(["education"] * 3)],
            "group": ["total", *EDUCATION],
            "percent": [40.0, 30.0, 40.0, 50.0],
        }
    )
    design = SampleDesign(
        n=1200,
        n_range=(800, 1600),
        deff=1.5,
        weighted=True,
        shares={"education": dict(zip(EDUCATION, (0.3, 0.4, 0.3), strict=True))},
    )
    return Report.from_frames(
        tables, design=design, claims=CLAIMS, dimensions={"education": list(EDUCATION)}, name="t"
    )


PLAN = build_plan(
    tiny_report(),
    n=1200,
    deff=1.5,
    rounding="half_up",
    options={"alpha": ALPHA, "correction": "holm"},
)


def audit_each(percents: np.ndarray) -> np.ndarray:
    """The plain way: one audit per simulated report."""
    out = []
    for row in percents:
        tables = PLAN.rows.assign(percent=row, reported=[f"{v:.0f}" for v in row])
        frame = migstats.audit(
            tables=tables,
            claims=PLAN.claims,
            design=migstats.SampleDesign(**PLAN.design),
            quantifiers=PLAN.quantifiers,
            dimensions=PLAN.dimensions,
            **PLAN.audit_options,
        ).frame
        out.append((frame["verdict"] == "supported").to_numpy())
    return np.array(out)


class TestStackEqualsEachReplication:
    @settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.lists(st.integers(1, 99), min_size=4, max_size=4), min_size=1, max_size=4))
    def test_stack(self, rows):
        percents = np.array(rows, dtype=float)
        got = audit_replications(PLAN, percents, oracle=False)
        np.testing.assert_array_equal(got, audit_each(percents))
