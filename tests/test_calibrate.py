"""Tests of migstats.calibrate: error rates of a report's audit on simulations of its design."""

from __future__ import annotations

import concurrent.futures
import importlib.util
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import migstats
from migstats import COLUMNS, Report, SampleDesign, calibrate
from migstats._calibration.plan import build_plan, stratum_share
from migstats._calibration.rates import RateAccumulator
from migstats._calibration.replicate import ChunkVerdicts
from migstats._calibration.truth import with_scenarios
from migstats.cli.app import main

ALPHA = 0.05


def two_group_report(n: int = 2000, deff: float = 1.0) -> Report:
    """One item, two age groups; claims: old > young, and a majority says yes."""
    tables = pd.DataFrame(
        {
            "table": "T",
            "item": "q",
            "response": "yes",
            "dimension": ["total", "age", "age"],
            "group": ["total", "young", "old"],
            "percent": [60, 55, 65],
        }
    )
    claims = pd.DataFrame(
        {
            "claim_id": ["A1", "A2"],
            "kind": ["difference", "level"],
            "table": ["T", "T"],
            "item": ["q", "q"],
            "response": ["yes", "yes"],
            "dimension": ["age", "total"],
            "groups": ["old>young", "total"],
            "quantifier": ["", "majority"],
            "claim": ["The old say yes more often than the young.", "A majority says yes."],
        }
    )
    design = SampleDesign(
        n=n,
        n_range=(n, n),
        deff=deff,
        weighted=deff > 1,
        shares={"age": {"young": 0.5, "old": 0.5}},
    )
    return Report.from_frames(
        tables, design=design, claims=claims, dimensions={"age": ["young", "old"]}, name="tiny"
    )


@pytest.fixture(scope="module")
def tiny() -> Report:
    return two_group_report()


def threads(workers: int = 1) -> concurrent.futures.ThreadPoolExecutor:
    return concurrent.futures.ThreadPoolExecutor(workers)


class TestCalibrate:
    def test_null_type_one_and_huge_effect_power(self, tiny):
        # independent expectations: a level-alpha test without correction has
        # type I <= alpha (+ 3 MC SE at the nominal rate, binomial) -- the
        # difference claim with no group difference, the level claim at its
        # bound -- and a gap of 50 points at n = 2000 is detected with certainty
        reps = 20
        with threads() as pool:
            res = calibrate(
                tiny,
                replications=reps,
                seed=11,
                effects=[0.5],
                mixture=False,
                correction="none",
                executor=pool,
                chunk_size=10,
            )
        f = res.to_frame().set_index(["scenario", "kind", "rate"])
        bound = ALPHA + 3 * math.sqrt(ALPHA * (1 - ALPHA) / reps)
        assert f.loc[("null", "difference", "type I"), "estimate"] <= bound
        assert f.loc[("boundary", "level", "type I"), "estimate"] <= bound
        assert f.loc[("effect", "difference", "power"), "estimate"] == 1.0
        assert f.loc[("effect", "difference", "oracle power"), "estimate"] == 1.0
        assert (f["replications"] == reps).all()

    def test_frame_columns_and_settings(self, tiny):
        with threads() as pool:
            res = calibrate(tiny, replications=2, seed=3, effects=[0.2], executor=pool)
        frame = res.to_frame()
        assert tuple(frame.columns) == COLUMNS["CalibrationResult.to_frame"]
        assert set(frame["scenario"]) == {"null", "boundary", "effect", "mixture"}
        assert set(frame["rate"]) <= set(migstats._calibration.RATES)
        assert (frame["mc_se"] >= 0).all() and frame["estimate"].between(0, 1).all()
        assert res.settings()["seed"] == 3 and res.effects == (0.2,)
        assert res.n == 2000 and res.deff == 1.0 and res.report == "tiny"

    def test_same_result_with_one_and_two_workers(self, tiny):
        kwargs = dict(replications=4, seed=5, effects=[0.1], mixture=False, chunk_size=2)
        one = calibrate(tiny, max_workers=1, **kwargs).to_frame()
        two = calibrate(tiny, max_workers=2, **kwargs).to_frame()
        pd.testing.assert_frame_equal(one, two)

    def test_any_executor_and_progress(self, tiny):
        seen = []
        with threads(2) as pool:
            calibrate(
                tiny,
                replications=3,
                seed=1,
                effects=[0.1],
                mixture=False,
                chunk_size=1,
                executor=pool,
                progress=lambda done, total: seen.append((done, total)),
            )
        assert seen == [(1, 3), (2, 3), (3, 3)]

    def test_weighted_design_gives_its_deff_to_the_oracle(self):
        rep = two_group_report(deff=1.5)
        plan = build_plan(rep, n=2000, deff=1.5, rounding="half_up", options={})
        plan = with_scenarios(plan, (0.1,), False)
        oracle = migstats._calibration.plan.design_from_state(plan.oracle_design)
        assert oracle.deff == pytest.approx(1.5)  # the stratum's Kish deff, by construction
        assert oracle.n_range == (2000, 2000)

    def test_oracle_truth_follows_the_scenario(self, tiny):
        plan = build_plan(tiny, n=2000, deff=1.0, rounding="half_up", options={})
        plan = with_scenarios(plan, (0.1,), True)
        truth = {s.name: s.truth.tolist() for s in plan.scenarios}
        # no group differences at the published 60%: "old > young" false, "a
        # majority" true; everyone at the majority's bound 50%: both false; a
        # 10-point gap in the published direction around 60%: both true; the
        # mixture's only item is its null one
        assert truth == {
            "null": [False, True],
            "boundary": [False, False],
            "effect": [True, True],
            "mixture": [False, True],
        }
        assert np.allclose(plan.scenarios[0].true_percent, 60.0)
        assert np.allclose(plan.scenarios[1].true_percent, 50.0)


class TestCalibrateBadInput:
    @pytest.mark.parametrize(
        ("kwargs", "name"),
        [
            ({"replications": 0}, "replications"),
            ({"replications": 2.5}, "replications"),
            ({"executor": "pool"}, "executor"),
            ({"max_workers": 0}, "max_workers"),
            ({"chunk_size": -1}, "chunk_size"),
            ({"seed": -3}, "seed"),
            ({"progress": 3}, "progress"),
            ({"effects": [1.5]}, "effects"),
            ({"effects": []}, "effects"),
            ({"rounding": "up_or_down"}, "rounding"),
            ({"correction": "bonf"}, "correction"),
        ],
    )
    def test_argument_named(self, tiny, kwargs, name):
        with pytest.raises(ValueError, match=name):
            calibrate(tiny, **kwargs)

    def test_every_problem_at_once(self, tiny):
        with pytest.raises(ValueError, match="replications") as exc:
            calibrate(tiny, replications=0, executor=object())
        assert "executor" in str(exc.value)

    def test_unknown_report(self):
        with pytest.raises(ValueError, match="report"):
            calibrate("no-such-report", replications=1)


class TestStratumShare:
    @given(st.floats(1.0, 100.0))
    def test_gives_the_kish_deff(self, deff):
        # identity: Kish's 1 + cv^2 of the weights of two equal strata
        a = stratum_share(deff)
        weights = np.array([0.5 / a, 0.5 / (1 - a)])
        shares = np.array([a, 1 - a])
        kish = (shares * weights**2).sum() / (shares * weights).sum() ** 2
        assert kish == pytest.approx(deff, rel=1e-9)


class TestRateAccumulator:
    @given(
        st.lists(st.lists(st.booleans(), min_size=4, max_size=4), min_size=2, max_size=12),
        st.integers(1, 5),
    )
    def test_streamed_rates_equal_brute_force(self, rows, chunk):
        # brute force: per-replication shares, their mean and SE, one pass
        supported = np.array(rows, dtype=bool)
        truth = np.array([True, False, True, False])
        kinds = ("a", "a", "b", "b")
        scenario = type("S", (), {"name": "null", "effect": 0.0, "truth": truth})()
        acc = RateAccumulator((scenario,), kinds)
        for i in range(0, len(rows), chunk):
            part = supported[i : i + chunk]
            acc.update(ChunkVerdicts(i, len(part), (part,), (part,)))
        frame = acc.frame(100).set_index(["kind", "rate"])
        v = supported[:, [1, 3]].mean(axis=1)  # false claims supported, per replication
        assert frame.loc[("all", "type I"), "estimate"] == pytest.approx(v.mean())
        se = v.std(ddof=1) / math.sqrt(v.size)
        assert frame.loc[("all", "type I"), "mc_se"] == pytest.approx(se, abs=1e-12)
        found = supported.sum(axis=1)
        fdr = supported[:, [1, 3]].sum(axis=1) / np.maximum(found, 1)
        assert frame.loc[("all", "FDR"), "estimate"] == pytest.approx(fdr.mean())


@pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None,
    reason="dask[distributed] is not installed (optional extra: pip install migstats[dask])",
)
def test_dask_distributed_executor(tiny):
    from distributed import Client

    with Client(processes=False, n_workers=1, threads_per_worker=1) as client:
        res = calibrate(
            tiny,
            replications=2,
            seed=2,
            effects=[0.5],
            mixture=False,
            executor=client.get_executor(),
        )
    f = res.to_frame().set_index(["scenario", "kind", "rate"])
    assert f.loc[("effect", "difference", "power"), "estimate"] == 1.0


class TestCalibrateCli:
    def test_csv(self, tiny, tmp_path, capsys):
        path = tiny.save(tmp_path / "tiny")
        argv = ["calibrate", "--report", str(path), "--replications", "2", "--seed", "4"]
        code = main([*argv, "--workers", "1", "--effects", "0.5", "--format", "csv"])
        assert code == 0
        out = capsys.readouterr()
        frame = pd.read_csv(__import__("io").StringIO(out.out))
        assert tuple(frame.columns) == COLUMNS["CalibrationResult.to_frame"]
        assert out.err == ""  # no progress when stderr is not a terminal

    def test_bad_replications_exit_2(self, tiny, tmp_path, capsys):
        path = tiny.save(tmp_path / "tiny")
        code = main(["calibrate", "--report", str(path), "--replications", "0"])
        err = capsys.readouterr().err
        assert code == 2 and "--replications" in err and len(err.strip().splitlines()) == 1


@pytest.mark.slow
def test_type_one_holds_over_many_replications(tiny):
    reps = 400
    res = calibrate(
        tiny, replications=reps, seed=20261207, effects=[0.1], mixture=False, correction="none"
    )
    f = res.to_frame().set_index(["scenario", "kind", "rate"])
    bound = ALPHA + 3 * math.sqrt(ALPHA * (1 - ALPHA) / reps)
    assert f.loc[("null", "difference", "type I"), "estimate"] <= bound
    assert f.loc[("null", "difference", "oracle type I"), "estimate"] <= bound


def test_too_small_n_is_named():
    # two respondents over two groups: some replication leaves a group empty
    rep = two_group_report(n=2)
    with pytest.raises(ValueError, match="n must be a sample size"):
        calibrate(rep, replications=20, seed=1, effects=[0.1], mixture=False, max_workers=1)
