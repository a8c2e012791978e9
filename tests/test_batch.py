"""Tests of the audit of a stack of simulated tables (``_audit/batch.py``) and validation memory."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import migstats
from migstats._audit import BatchAudit
from migstats._calibration.plan import build_plan, design_from_state
from migstats._calibration.replicate import _report_rows, audit_replications, simulate_tables
from migstats._calibration.truth import with_scenarios
from migstats._corpus import validate_claims
from migstats._corpus.validated import fingerprint, is_validated


def chapter_plan(claims: int = 15):
    """Chapter 7's plan with its first ``claims`` tested claims and one effect scenario."""
    rep = migstats.load_report()
    plan = build_plan(
        rep,
        n=rep.design.n,
        deff=rep.design.deff,
        rounding="half_up",
        options={"alpha": 0.05, "correction": "holm"},
    )
    plan = with_scenarios(plan, (0.10,), False)
    return type(plan)(**{**plan.__dict__, "claims": plan.claims.head(claims)})


def _unstacked(evaluate):
    """``evaluate`` without the attribute ``stacks`` (its other attributes kept)."""

    def plain(*args, **kwargs):
        return evaluate(*args, **kwargs)

    for name in ("bounded", "apart"):
        if hasattr(evaluate, name):
            setattr(plain, name, getattr(evaluate, name))
    return plain


class TestBatchAudit:
    def test_chapter_stack_equals_each_audit(self):
        """Every verdict of the stack is the audit's verdict of that simulated report."""
        plan = chapter_plan()
        percents = simulate_tables(plan, plan.scenarios[-1], 2, np.random.default_rng(7))
        design = design_from_state(plan.design)
        batch = BatchAudit(
            plan.rows,
            plan.claims,
            design,
            quantifiers=plan.quantifiers,
            dimensions=plan.dimensions,
            **plan.audit_options,
        )
        got = batch.verdicts(percents)
        for r, percent in enumerate(percents):
            frame = migstats.audit(
                tables=_report_rows(plan, percent),
                claims=plan.claims,
                design=design,
                quantifiers=plan.quantifiers,
                dimensions=plan.dimensions,
                **plan.audit_options,
            ).frame
            # the stack reads "not supported" for every claim not significant at
            # the headline point: the audit's robustness grid, which splits those
            # into "depends on n" and "not supported", is not searched
            expected = frame["verdict"].replace("depends on n", "not supported")
            assert got[r].tolist() == expected.tolist()
        # the stack is not all one verdict (the test can fail)
        assert len(set(got.ravel())) > 1

    def test_replications_as_rows_equal_each_replication_alone(self):
        """Each claim's p-values over a stack (one array pass) are those of each replication.

        The reference writes each replication's numbers into the profiles and
        evaluates it alone: printed numbers (``evaluate_at``) and
        rounding-aware (``aware`` at the corners ``claim_corners`` finds).
        """
        from migstats._audit.corners import claim_corners
        from migstats._audit.outcome import aware, base_pcts, evaluate_at
        from migstats._audit.replicated import aware_rows, plain_rows

        plan = chapter_plan(claims=200)
        reps = 4
        percents = simulate_tables(plan, plan.scenarios[-1], reps, np.random.default_rng(11))
        batch = BatchAudit(
            plan.rows,
            plan.claims,
            design_from_state(plan.design),
            quantifiers=plan.quantifiers,
            dimensions=plan.dimensions,
            **plan.audit_options,
        )
        s, point = batch.settings, batch.settings.headline_point
        stacks = dict(zip(map(id, batch.profiles), batch._profile_stacks(percents), strict=True))
        kinds, checked_alone = set(), set()
        for prep in batch.preps:
            if prep.evaluate is None or prep.untestable:
                continue
            parts = [stacks[id(P)] for P in prep.profiles]
            pcts = [p for p, _, _ in parts]
            box = [(p - lo, p + hi) for p, lo, hi in parts]
            ps, pc = aware_rows(prep, pcts, box, point, (s.n, s.deff))
            plain = plain_rows(prep, pcts, *point)
            for r in range(reps):
                for P in batch.profiles:
                    pct, lo, hi = stacks[id(P)]
                    P.percent[:], P.d_low[:], P.d_high[:] = pct[r], lo[r], hi[r]
                want = aware(prep, claim_corners(prep, s), *point)
                alone = evaluate_at(prep, base_pcts(prep), *point)
                for got, ref in (
                    (ps[r], want.pvalue_support),
                    (pc[r], want.pvalue_contradict),
                    (plain.pvalue_support[r], alone.pvalue_support),
                    (plain.pvalue_contradict[r], alone.pvalue_contradict),
                ):
                    assert got == pytest.approx(float(np.ravel(ref)[0]), rel=1e-12, abs=1e-300)
            kinds.add(prep.claim["kind"])
            if prep.claim["kind"] not in checked_alone:
                # a kind that does not stack is evaluated row by row: the same numbers
                alone = dataclasses.replace(prep, evaluate=_unstacked(prep.evaluate))
                ps2, pc2 = aware_rows(alone, pcts, box, point, (s.n, s.deff))
                np.testing.assert_allclose(ps2, ps, rtol=1e-12, atol=0)
                np.testing.assert_allclose(pc2, pc, rtol=1e-12, atol=0)
                checked_alone.add(prep.claim["kind"])
        assert {"level", "difference", "gradient", "larger_gradient", "no_difference"} <= kinds

    def test_replications_are_independent_of_order(self):
        """A replication's verdicts do not depend on what was evaluated before it."""
        plan = chapter_plan(12)
        percents = simulate_tables(plan, plan.scenarios[0], 3, np.random.default_rng(3))
        forward = audit_replications(plan, percents, oracle=True)
        backward = audit_replications(plan, percents[::-1], oracle=True)[::-1]
        np.testing.assert_array_equal(forward, backward)

    def test_bad_shape(self):
        plan = chapter_plan(3)
        with pytest.raises(ValueError, match="percents"):
            audit_replications(plan, np.zeros((2, 3)), oracle=False)


class TestValidatedMemory:
    def test_revalidated_after_change(self):
        """A registry changed in place is validated again (the memory is by content)."""
        claims = validate_claims(migstats.load_claims().head(5))
        claims.loc[claims.index[0], "kind"] = "opinion"
        with pytest.raises(ValueError, match="kind"):
            validate_claims(claims)

    def test_same_content_is_remembered(self):
        claims = validate_claims(migstats.load_claims().head(5))
        again = validate_claims(claims.copy())
        assert again.equals(claims)
        assert fingerprint(again) == fingerprint(claims)

    def test_report_schema_not_satisfied_by_generic(self):
        """A pass against the generic schema does not count for a stricter report schema;
        a pass against a report's refinement of it counts for the generic schema, a pass
        against any other schema (perhaps looser) does not."""
        from migstats._corpus.schema import refined_generic
        from migstats._corpus.validated import remember_validated

        claims = migstats.load_claims().head(2)
        tables = migstats._corpus.chapter_tables()
        remember_validated(claims, tables, None)
        assert is_validated(claims, tables, None)
        stricter = refined_generic("claims", {"claim_id": {"maxLength": 9}})
        assert not is_validated(claims, tables, None, stricter)
        other = claims.assign(claim="another registry")
        remember_validated(other, tables, None, stricter)
        assert is_validated(other, tables, None, stricter) and is_validated(other, tables, None)
        third = claims.assign(claim="a third registry")
        remember_validated(third, tables, None, {"fields": [], "x": 1})
        assert not is_validated(third, tables, None)

    def test_a_report_schema_pass_counts_for_the_generic_schema_of_a_table(self):
        """A table (e.g. a report's quantifiers) that passed its report's refinement of the
        generic schema is not validated again against the generic one; a pass against the
        generic schema does not count for the refinement."""
        from migstats._corpus.schema import refined_generic
        from migstats._corpus.validated import is_validated_frame, remember_frame

        q = migstats.load_quantifiers().head(3).assign(rationale="remembered once")
        report_schema = refined_generic("quantifiers", {"quantifier": {"maxLength": 40}})
        assert not is_validated_frame("quantifiers", q)
        remember_frame("quantifiers", q, report_schema)
        assert is_validated_frame("quantifiers", q)
        assert is_validated_frame("quantifiers", q, report_schema)
        other = q.assign(rationale="not remembered")
        remember_frame("quantifiers", other)
        assert not is_validated_frame("quantifiers", other, report_schema)

    def test_a_looser_schema_of_a_caller_does_not_count_for_the_generic_one(self):
        """A table that passed a schema of the caller's, which may be looser than the
        generic one, is validated again against the generic schema (and refused)."""
        import copy

        from migstats._corpus import validate_quantifiers
        from migstats._corpus.schema import generic_schema

        loose = copy.deepcopy(generic_schema("quantifiers"))
        for field in loose["fields"]:
            if field["name"] == "quantifier":
                field.get("constraints", {}).pop("pattern", None)
        q = migstats.load_quantifiers().head(3).assign(nested_in="")
        q.loc[q.index[2], "quantifier"] = "Not A Name"
        typed = validate_quantifiers(q, schema=loose)  # passes the looser schema
        with pytest.raises(ValueError, match="quantifier"):
            validate_quantifiers(typed)  # not remembered for the generic schema


class TestTruthOracle:
    def test_truths_equal_plain_audits(self):
        """The prepared oracle decides every scenario's truths as a plain census audit does."""
        from migstats._calibration.plan import CENSUS_N
        from migstats._calibration.truth import census_rows

        rep = migstats.load_report("pew-inequality-2020")
        plan = build_plan(rep, n=rep.design.n, deff=rep.design.deff, rounding="half_up", options={})
        plan = with_scenarios(plan, (0.05, 0.10), True)
        census = design_from_state(plan.design).replace(
            n=CENSUS_N, n_range=(CENSUS_N, CENSUS_N), deff=1.0
        )
        for sc in plan.scenarios:
            frame = migstats.audit(
                tables=census_rows(plan, sc.true_percent),
                claims=plan.claims,
                design=census,
                quantifiers=plan.quantifiers,
                dimensions=plan.dimensions,
                correction="none",
                rounding_aware=False,
                headline="central",
                deffs=(1.0,),
                n_points=2,
            ).frame
            np.testing.assert_array_equal(sc.truth, (frame["verdict"] == "supported").to_numpy())
