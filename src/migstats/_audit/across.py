"""Claims of a kind evaluated together: a family's p-values, one call per kernel and pass.

This module owns :func:`claims_pvalues_at`: every claim's p-values
``(support, contradict)`` at its points, as :func:`~.outcome.pvalues_at`
gives them, with the claims whose kinds have a :class:`~.claim_context.Kernel`
stacked.  For one claim, the points not yet known and its number sets -- the
published numbers and the rounding corners its components need -- become
rows (set by set, point by point, as :func:`~.stacking.at_sets` stacks
them), the kernel turns them into its row arrays (a ``boxed`` kernel with
the claim's rounding box and the rows at the published numbers marked),
and the rows of every claim whose kernel has the same key and functions
are one call of the kernel.  Each
claim's components are then taken at their own least favourable corners
and combined as :func:`~.outcome.aware` does (the larger p-value of the
printed numbers and the corner, then the intersection-union of
:func:`~.decide.intersection_union`), and stored where
:func:`~.outcome.pvalues_at` finds them.  Every statistic is elementwise
over the rows, so a claim's p-values are those it has alone (tested).

A claim whose kind has no kernel, or has a component bounded over the
rounding box, is evaluated claim by claim (:func:`~.outcome.evaluate_points`,
its points in one array pass); each kind module says why it has no kernel.
Also here: :func:`warm_intervals`, the headline intervals of the claims
with a kernel in one call per kernel.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import NamedTuple

import numpy as np

from .claim_context import Kernel, Prepared
from .decide import union_pvalues, worst_pvalues
from .outcome import (
    Corners,
    as_points,
    base_pcts,
    evaluate_points,
    missing_points,
    point_cache,
    read_points,
    store_points,
)
from .stacking import sets_by_point

__all__ = ["claims_pvalues_at", "warm_intervals"]


class _Job(NamedTuple):
    """One claim's rows in a kernel call: its points and number sets (see the module)."""

    known: dict  # the claim's point cache
    missing: list  # the points (n, deff) to evaluate
    blocks: dict  # index of a corner in corners.points -> its block of rows (block 0: printed)
    corners: Corners | None
    kernel: Kernel
    rows: tuple  # the kernel's row arrays


def claims_pvalues_at(
    preps: list[Prepared], corners: list, points: list[tuple]
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each claim's ``(pvalue_support, pvalue_contradict)`` at its points ``(n, deff)``.

    ``points[i]`` are claim ``i``'s points (arrays, or numbers).  The same
    as :func:`~.outcome.pvalues_at` claim by claim; the claims whose kinds
    have a kernel are evaluated one call per kernel key (see the module).
    """
    pts = [as_points(n, deff) for n, deff in points]
    caches = [point_cache(p, c) for p, c in zip(preps, corners, strict=True)]
    jobs: dict[tuple, list[_Job]] = defaultdict(list)
    for prep, c, known, (n, deff) in zip(preps, corners, caches, pts, strict=True):
        missing = missing_points(known, n, deff)
        if not missing:
            continue
        kernel = getattr(prep.evaluate, "kernel", None)
        if kernel is None or getattr(prep.evaluate, "bounded", None) is not None:
            evaluate_points(prep, c, known, missing)  # claim by claim
            continue
        jobs[_group(kernel)].append(_job(prep, c, known, missing))
    for group in jobs.values():
        _run(group)
    return [read_points(known, n, deff) for known, (n, deff) in zip(caches, pts, strict=True)]


def _group(kernel: Kernel) -> tuple:
    """Which claims are evaluated in one call: equal key and the same functions.

    Partials are compared by function and arguments, so that no claim is
    evaluated by another kind's code whatever the keys say.
    """

    def same(f) -> object:
        if isinstance(f, functools.partial):
            return (f.func, f.args, tuple(sorted(f.keywords.items())))
        return f

    return (kernel.key, same(kernel.run), same(kernel.intervals))


def _job(prep: Prepared, corners: Corners | None, known: dict, missing: list) -> _Job:
    """A claim's rows: its number sets (printed, then each corner needed) x its missing points."""
    mn, md = (np.array(x, dtype=float) for x in zip(*missing, strict=True))
    sets = [base_pcts(prep)]
    blocks: dict[int, int] = {}
    if corners is not None:
        for k in dict.fromkeys([*corners.support, *corners.contradict]):
            blocks[k] = len(sets)
            sets.append(corners.points[k])
    pcts, nn, dd = sets_by_point(sets, mn, md)
    kernel = prep.evaluate.kernel  # type: ignore[union-attr]
    if not kernel.boxed:
        return _Job(known, missing, blocks, corners, kernel, kernel.inputs(pcts, nn, dd))
    # the rows at the published numbers (block 0) take the p-values over the box
    box, at_box = None, np.zeros(nn.size, dtype=bool)
    if corners is not None:
        box = [
            tuple(np.broadcast_to(x, p.shape) for x in b)
            for b, p in zip(corners.box, pcts, strict=True)
        ]
        at_box[: mn.size] = True
    rows = kernel.inputs(pcts, nn, dd, box, at_box)
    return _Job(known, missing, blocks, corners, kernel, rows)


def _stacked(group: list[_Job]) -> list[np.ndarray]:
    """The row arrays of every claim of ``group``, concatenated (claim after claim)."""
    return [
        np.concatenate([np.asarray(j.rows[a]) for j in group]) for a in range(len(group[0].rows))
    ]


def _run(group: list[_Job]) -> None:
    """One kernel call over the rows of every claim of ``group``; each claim's p-values stored."""
    comps = group[0].kernel.run(*_stacked(group))
    start = 0
    for j in group:
        size = len(j.missing) * (1 + len(j.blocks))
        mine = [(ps[start : start + size], pc[start : start + size]) for ps, pc, _ in comps]
        store_points(j.known, j.missing, *_combined(j, mine))
        start += size


def _combined(job: _Job, comps: list[tuple]) -> tuple[np.ndarray, np.ndarray]:
    """A claim's p-values from its components over its blocks of rows (as :func:`~.outcome.aware`).

    Each component's p-values at its own corners of the rounding box
    (:func:`~.decide.worst_pvalues`), then the components combined
    (:func:`~.decide.union_pvalues`, as :func:`~.decide.intersection_union`).
    """
    m = len(job.missing)

    def block(x: np.ndarray, k: int | None) -> np.ndarray:
        b = 0 if k is None else job.blocks[k]
        return x[b * m : (b + 1) * m]

    ps, pc = [], []
    for c, (s, t) in enumerate(comps):
        printed = (block(s, None), block(t, None))
        if job.corners is not None:
            at_s, at_c = (job.corners.support[c], job.corners.contradict[c])
            printed = worst_pvalues(printed, (block(s, at_s), None), (None, block(t, at_c)))
        ps.append(printed[0])
        pc.append(printed[1])
    if len(comps) == 1:
        return ps[0], pc[0]
    return union_pvalues(np.stack(ps), np.stack(pc))


def warm_intervals(preps: list[Prepared], corners: list, point: tuple, level: float) -> None:
    """Compute the intervals the claims will show at ``point`` together, one call per kernel.

    For each claim whose kernel has ``intervals``: every component at the
    published numbers and at each corner its components use, at ``point``;
    the rows of every claim with the same key are one call, whose results
    the kind's evaluate function then looks up (inside the audit's cache,
    :func:`~.components.diff_interval`).  Values are unchanged: each row's
    interval is the one it has alone.
    """
    jobs: dict[tuple, list[_Job]] = defaultdict(list)
    n, deff = as_points(*point)
    missing = list(zip(n.tolist(), deff.tolist(), strict=True))
    for prep, c in zip(preps, corners, strict=True):
        kernel = getattr(prep.evaluate, "kernel", None)
        if kernel is not None and kernel.intervals is not None:
            jobs[_group(kernel)].append(_job(prep, c, {}, missing))
    for group in jobs.values():
        group[0].kernel.intervals(level, *_stacked(group))
