"""``calibrate``: a report's audit measured on simulations of its own design.

This module owns :func:`calibrate`: it checks the arguments, builds the
plan and its truth scenarios, splits the replications into chunks of fixed
size with one ``numpy.random.SeedSequence`` child each, runs the chunks on
a ``concurrent.futures.Executor`` (a local process pool by default) with a
bounded number in flight, and folds each chunk's verdicts into the running
rates in chunk order, so the result is the same for any number of workers
and memory does not grow with the replications.
"""

from __future__ import annotations

import collections
import concurrent.futures
import math
import os
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .._audit import DEFAULT_ALPHA, DEFAULT_CORRECTION
from .._base import MigstatsValueError, check_deff, check_option, invalid_value
from .._core import CORRECTIONS, SIMULATION_ROUNDING
from .._corpus import load_report
from .plan import build_plan, design_from_state
from .rates import CalibrationResult, RateAccumulator
from .replicate import run_chunk
from .truth import with_scenarios

__all__ = ["DEFAULT_CHUNK_SIZE", "DEFAULT_EFFECTS", "DEFAULT_PRINT_ROUNDING", "calibrate"]

#: Effects of the effect scenarios: gaps in proportion between the extreme
#: groups (5 and 10 points; docs/calibration.md's power target is a 10-point gap).
DEFAULT_EFFECTS = (0.05, 0.10)

#: Replications per chunk (project convention: a chunk's replications are
#: audited together, as the rows of one array pass, so the CPU time per
#: replication falls with the chunk -- chapter 7, every default scenario: about
#: 0.36 s at 4, 0.11 s at 20, 0.06 s at 50, 0.04 s at 200 (benchmarks/README.md)
#: -- while progress is shown and memory bounded per chunk).
DEFAULT_CHUNK_SIZE = 50

#: Printing rule of the simulated tables (project convention: the rule of
#: most statistical software; a report's "up_or_down" is a reader's doubt,
#: not a printer).
DEFAULT_PRINT_ROUNDING = "half_up"

#: Chunks in flight per worker (bounds memory).
IN_FLIGHT_PER_WORKER = 2


def _whole(value: Any, name: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise invalid_value(name, f"a whole number >= {minimum}", value)
    return int(value)


def _effects(effects: Any) -> tuple[float, ...]:
    try:
        out = tuple(float(e) for e in effects)
    except (TypeError, ValueError):
        raise invalid_value("effects", "a sequence of numbers in (0, 1)", effects) from None
    if not out or not all(0 < e < 1 for e in out):
        raise invalid_value("effects", "a non-empty sequence of numbers in (0, 1)", effects)
    return out


def _check(replications, executor, max_workers, chunk_size, progress, seed) -> list[str]:
    """Every problem of the run arguments (raised together)."""
    problems = []
    for name, value, low in (
        ("replications", replications, 1),
        ("chunk_size", chunk_size, 1),
        ("seed", seed, 0),
    ):
        if value is None and name == "seed":
            continue
        try:
            _whole(value, name, low)
        except ValueError as exc:
            problems.append(str(exc))
    if executor is not None and not isinstance(executor, concurrent.futures.Executor):
        problems.append(
            str(invalid_value("executor", "a concurrent.futures.Executor or None", executor))
        )
    if max_workers is not None:
        try:
            _whole(max_workers, "max_workers")
        except ValueError as exc:
            problems.append(str(exc))
    if progress is not None and not callable(progress):
        problems.append(str(invalid_value("progress", "a callable(done, total) or None", progress)))
    return problems


def _chunks(replications: int, chunk_size: int, seed: int):
    """(index, size, seed-sequence child) of every chunk."""
    count = math.ceil(replications / chunk_size)
    children = np.random.SeedSequence(seed).spawn(count)
    for i, child in enumerate(children):
        yield i, min(chunk_size, replications - i * chunk_size), child


def _run(plan, chunks, executor, workers: int, acc: RateAccumulator, progress, total: int) -> None:
    """Submit chunks with at most ``IN_FLIGHT_PER_WORKER * workers`` pending; fold in order."""
    pending: collections.deque = collections.deque()
    done = 0
    for index, size, child in chunks:
        pending.append(executor.submit(run_chunk, plan, index, size, child))
        while len(pending) >= IN_FLIGHT_PER_WORKER * workers:
            acc.update(pending.popleft().result())
            done += 1
            if progress:
                progress(done, total)
    while pending:
        acc.update(pending.popleft().result())
        done += 1
        if progress:
            progress(done, total)


def calibrate(
    report: Any = None,
    *,
    replications: int = 100,
    seed: int | None = None,
    effects: Sequence[float] = DEFAULT_EFFECTS,
    mixture: bool = True,
    n: int | None = None,
    deff: float | None = None,
    rounding: str = DEFAULT_PRINT_ROUNDING,
    alpha: float = DEFAULT_ALPHA,
    correction: str = DEFAULT_CORRECTION,
    executor: concurrent.futures.Executor | None = None,
    max_workers: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: Callable[[int, int], Any] | None = None,
) -> CalibrationResult:
    """Type I error, false discovery rate and power of a report's audit, by simulation.

    Simulates the report's own design -- its n, dimensions and group
    shares (population and sample), design effect, rounding and claims --
    under known truths, audits every simulated report with the report's
    audit settings and with an oracle audit (told the true n and every
    group's true design effect, same level and correction), and counts how
    often each claim is supported when it is false or true in the
    population.

    Parameters
    ----------
    report : Report, str or path, optional
        The report (:func:`migstats.load_report`); default chapter 7.
    replications : int, default 100
        Simulated reports per scenario.
    seed : int, optional
        Root seed (``numpy.random.SeedSequence``); default: fresh entropy,
        recorded in the result.
    effects : sequence of float, default (0.05, 0.10)
        Gaps in proportion between the extreme groups of every dimension in
        the effect (and mixture) scenarios.
    mixture : bool, default True
        Also run a mixture scenario per effect (every second item null).
    n : int, optional
        Simulated respondents; default the report's ``design.n``.
    deff : float, optional
        Kish design effect of the simulated weighting; default the report's
        ``design.deff``.
    rounding : str, default "half_up"
        Printing rule of the simulated percentages (:data:`SIMULATION_ROUNDING`).
    alpha : float, default 0.05
        Level of the audits.
    correction : str, default: the audit's
        Multiplicity correction of both audits.
    executor : concurrent.futures.Executor, optional
        Where the chunks run (e.g. ``distributed.Client().get_executor()``);
        default a local ``ProcessPoolExecutor(max_workers)``.
    max_workers : int, optional
        Workers of the default pool (default: the machine's CPUs); also
        bounds the chunks in flight on a given executor.
    chunk_size : int, default 50
        Replications per chunk (audited together, as rows of one array
        pass); with ``seed`` it fixes the result: each chunk draws its own
        random numbers, so another chunk size (earlier releases used 5)
        gives another, equally valid, sample of replications.
    progress : callable, optional
        Called as ``progress(done, total)`` after each chunk.

    Returns
    -------
    CalibrationResult
        ``to_frame()``: ``scenario, kind, effect, n, rate, estimate, mc_se,
        claims, replications``; the settings as fields.

    Raises
    ------
    MigstatsValueError
        For an unknown report, ``replications``, ``chunk_size``, ``seed``
        or ``max_workers`` not a whole number >= 1 (seed >= 0), an
        ``executor`` that is not a ``concurrent.futures.Executor``, a
        ``progress`` that is not callable, invalid ``effects``, ``rounding``
        or ``correction`` (every run-argument problem at once).

    Notes
    -----
    The population is the product of the design's group shares of every
    printed dimension and a weighting stratum that gives the design effect
    (:func:`migstats.simulate_surveys`, post-stratified on the stratum and
    the under-represented dimensions).  Each (item, response) is simulated
    as a binary answer, independently of the others.  The scenarios and the
    oracle are described in :mod:`migstats._calibration.plan`; the rates and
    their Monte Carlo standard errors in :mod:`migstats._calibration.rates`
    (Morris, White & Crowther 2019, table 6).

    References
    ----------
    .. [1] Morris, T. P., White, I. R., & Crowther, M. J. (2019). Using
       simulation studies to evaluate statistical methods. *Statistics in
       Medicine* 38, 2074-2102.
    .. [2] Benjamini, Y., & Hochberg, Y. (1995). Controlling the false
       discovery rate. *JRSS B* 57, 289-300.

    Examples
    --------
    >>> import pandas as pd
    >>> from concurrent.futures import ThreadPoolExecutor
    >>> from migstats import Report, SampleDesign, calibrate
    >>> t = pd.DataFrame({"table": "T", "item": "q", "response": "yes",
    ...                   "dimension": ["total", "age", "age"],
    ...                   "group": ["total", "young", "old"], "percent": [40, 35, 45]})
    >>> c = pd.DataFrame({"claim_id": ["A1"], "kind": ["difference"], "table": ["T"],
    ...                   "item": ["q"], "response": ["yes"], "dimension": ["age"],
    ...                   "groups": ["old>young"], "claim": ["The old say yes more often."]})
    >>> d = SampleDesign(n=2000, n_range=(2000, 2000), deff=1.0, weighted=False,
    ...                  shares={"age": {"young": 0.5, "old": 0.5}})
    >>> r = Report.from_frames(t, design=d, claims=c, dimensions={"age": ["young", "old"]})
    >>> with ThreadPoolExecutor(1) as pool:
    ...     res = calibrate(r, replications=4, seed=1, effects=[0.5], mixture=False,
    ...                     executor=pool)
    >>> f = res.to_frame().set_index(["scenario", "kind", "rate"])
    >>> float(f.loc[("effect", "difference", "power"), "estimate"])
    1.0
    """
    problems = _check(replications, executor, max_workers, chunk_size, progress, seed)
    if problems:
        raise MigstatsValueError("; ".join(problems))
    eff = _effects(effects)
    rounding = check_option(rounding, "rounding", SIMULATION_ROUNDING)
    correction = check_option(correction, "correction", CORRECTIONS)
    rep = load_report(report) if report is not None else load_report()
    design = rep.design
    n_sim = design.n if n is None else _whole(n, "n")
    deff_sim = float(design.deff if deff is None else check_deff(deff)[()])
    seed = int(np.random.SeedSequence().entropy) if seed is None else int(seed)
    options = {"alpha": alpha, "correction": correction}
    plan = build_plan(rep, n=n_sim, deff=deff_sim, rounding=rounding, options=options)
    plan = with_scenarios(plan, eff, bool(mixture))
    acc = RateAccumulator(plan.scenarios, plan.kinds)
    total = math.ceil(replications / chunk_size)
    chunks = _chunks(replications, chunk_size, seed)
    if executor is None:
        workers = max_workers or os.cpu_count() or 1
        with concurrent.futures.ProcessPoolExecutor(workers) as pool:
            _run(plan, chunks, pool, workers, acc, progress, total)
    else:
        _run(plan, chunks, executor, max_workers or os.cpu_count() or 1, acc, progress, total)
    return CalibrationResult(
        rates=acc.frame(n_sim),
        report=rep.name,
        replications=int(replications),
        seed=seed,
        effects=eff,
        n=n_sim,
        deff=deff_sim,
        deff_true=float(design_from_state(plan.oracle_design).deff),
        decimals=plan.decimals,
        rounding=rounding,
        alpha=float(alpha),
        correction=correction,
        chunk_size=int(chunk_size),
    )
