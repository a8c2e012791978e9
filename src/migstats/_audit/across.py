"""Claims of a kind evaluated together: a family's p-values, one call per kernel and pass.

This module owns :func:`claims_pvalues_at`: every claim's p-values
``(support, contradict)`` at its points, as :func:`~.outcome.pvalues_at`
gives them, with the claims whose kinds have a :class:`~.claim_context.Kernel`
stacked.  A claim is one or more parts (:func:`~.claim_context.kernel_parts`:
e.g. one per reference of a gradient comparison, one per item of a
statement over several items), each giving some of its components.  For
one part, the points not yet known and its number sets -- the published
numbers and the rounding corners its own components need -- become rows
(set by set, point by point, as :func:`~.stacking.at_sets` stacks them),
its kernel turns them into its row arrays (a ``boxed`` kernel with the
claim's rounding box and the rows at the published numbers marked), and
the rows of every part whose kernel has the same key and functions are
one call of the kernel.  Each
claim's components are then taken at their own least favourable corners
and combined as :func:`~.outcome.aware` does (the larger p-value of the
printed numbers and the corner, then the intersection-union of
:func:`~.decide.intersection_union`), and stored where
:func:`~.outcome.pvalues_at` finds them.  Every statistic is elementwise
over the rows, so a claim's p-values are those it has alone (tested).

A component bounded over the rounding box (a Wald ratio, ``bounded``)
takes its p-values at the published numbers alone: its kernel is
``boxed`` and gives its bound there.  A claim whose kind has no kernel
is evaluated claim by claim (:func:`~.outcome.evaluate_points`,
its points in one array pass); each kind module says why it has no kernel.
Also here: :func:`warm_intervals`, the headline intervals of the claims
with a kernel in one call per kernel.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import NamedTuple

import numpy as np

from .._base import broadcast_as, stack_rows
from .claim_context import Kernel, Prepared, kernel_parts
from .decide import union_pvalues, worst_pvalues
from .memo import memoised
from .outcome import Corners, base_pcts, evaluate_points
from .points import as_points, plan, point_cache, point_keys, read_keys, store_points
from .stacking import bounded_components, sets_by_point, stacked_components

__all__ = ["claims_components_at", "claims_pvalues_at", "components_at_sets", "warm_intervals"]


class _Job(NamedTuple):
    """One part of one claim's rows in a kernel call: its number sets by point (see the module)."""

    m: int  # the number of points: rows per block
    blocks: dict  # index of a corner in corners.points -> its block of rows (block 0: printed)
    first: int  # index among the claim's components of the part's first one
    kernel: Kernel
    rows: tuple  # the kernel's row arrays
    out: list  # filled by the call: the part's components' (support, contradict, z) over its rows


class _Claim(NamedTuple):
    """One claim's jobs: where its p-values go once its parts are evaluated."""

    known: dict  # the claim's point cache
    missing: tuple  # the points to evaluate: (n, deff) arrays
    corners: Corners | None
    bounded: list  # per component: its p-values are its own bound over the box
    jobs: list[_Job]


def claims_pvalues_at(
    preps: list[Prepared], corners: list, points: list[tuple], keep: tuple | None = None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each claim's ``(pvalue_support, pvalue_contradict)`` at its points ``(n, deff)``.

    ``points[i]`` are claim ``i``'s points (arrays, or numbers).  The same
    as :func:`~.outcome.pvalues_at` claim by claim; the claims whose kinds
    have a kernel are evaluated one call per kernel key (see the module).
    ``keep``: a point ``(n, deff)`` at which the claims evaluated also keep
    each component's p-values, for :func:`claims_components_at`.
    """
    keys = _keys_of(points)
    caches = [point_cache(p, c) for p, c in zip(preps, corners, strict=True)]
    plans = [plan(known, k) for known, k in zip(caches, keys, strict=True)]
    sizes = [known.keys.size for known in caches]
    _evaluate(preps, corners, [m for m, _ in plans], caches, keep)
    # a position found before is still good unless its cache grew meanwhile (a claim
    # asked for twice in one call)
    return [
        read_keys(known, k, at if known.keys.size == size else None)
        for known, k, (_, at), size in zip(caches, keys, plans, sizes, strict=True)
    ]


def _keys_of(points: list[tuple]) -> list[np.ndarray]:
    """Each claim's points as keys (:func:`~.points.point_keys`), once per points object.

    The claims of one request often share their points (the same grid):
    their keys are computed once.
    """
    asked: dict[tuple, np.ndarray] = {}
    out = []
    for n, deff in points:
        k = (id(n), id(deff))
        if k not in asked:
            asked[k] = point_keys(n, deff)
        out.append(asked[k])
    return out


def claims_components_at(
    preps: list[Prepared], corners: list, point: tuple
) -> list[tuple[np.ndarray, np.ndarray] | None]:
    """Each claim's components' p-values over its rounding box at one point ``(n, deff)``.

    Per claim ``(support, contradict)``, arrays (components, 1): each
    component at its own least favourable corners, as
    :func:`~.outcome.aware` takes them before combining them; the claims
    with a kernel one call per kernel key, or looked up where
    :func:`claims_pvalues_at` kept them (its ``keep``).  None for a claim
    without kernel or without corners (it is evaluated claim by claim).
    """
    key = tuple(float(np.ravel(x)[0]) for x in point)
    kept = [_components_cache(p, c) for p, c in zip(preps, corners, strict=True)]
    one, none = (np.array([key[0]]), np.array([key[1]])), (np.empty(0), np.empty(0))
    todo = [
        one if c is not None and kernel_parts(p.evaluate) is not None and key not in k else none
        for p, c, k in zip(preps, corners, kept, strict=True)
    ]
    caches = [point_cache(p, c) for p, c in zip(preps, corners, strict=True)]
    _evaluate(preps, corners, todo, caches, key, kept)
    return [k.get(key) for k in kept]


def _components_cache(prep: Prepared, corners: Corners | None) -> dict:
    """A claim's components' p-values kept per point (see :func:`claims_components_at`)."""
    return memoised(("components", id(prep), id(corners)), (prep, corners), dict)


def _evaluate(
    preps: list[Prepared],
    corners: list,
    todo: list,
    caches: list,
    keep: tuple | None,
    kept: list | None = None,
) -> None:
    """Evaluate each claim at its points ``todo[i]`` into its point cache ``caches[i]``.

    The claims with a kernel together (see the module); at the point
    ``keep`` each component's p-values also go to the claim's components
    cache (``kept``, else :func:`_components_cache`).
    """
    jobs: dict[tuple, list[_Job]] = defaultdict(list)
    stacked: list[tuple[int, _Claim]] = []
    for i, (prep, c, missing, known) in enumerate(zip(preps, corners, todo, caches, strict=True)):
        if not missing[0].size:
            continue
        parts = kernel_parts(prep.evaluate)
        if parts is None:
            evaluate_points(prep, c, known, missing)  # claim by claim
            continue
        bounded = bounded_components(prep, len(c.support)) if c is not None else []
        claim = _Claim(known, missing, c, bounded, _jobs(prep, c, missing, parts, bounded))
        for job in claim.jobs:
            jobs[_group(job.kernel)].append(job)
        stacked.append((i, claim))
    for group in jobs.values():
        _run(group)
    for i, claim in stacked:
        ps, pc = _over_box(claim)
        store_points(claim.known, claim.missing, *_union(ps, pc))
        mn, md = claim.missing
        at = np.flatnonzero((mn == keep[0]) & (md == keep[1])) if keep is not None else []
        if len(at) and claim.corners is not None:
            j = int(at[0])
            own = _components_cache(preps[i], corners[i]) if kept is None else kept[i]
            own[keep] = tuple(stack_rows([x[j : j + 1] for x in xs]) for xs in (ps, pc))


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


def _jobs(
    prep: Prepared, corners: Corners | None, missing: tuple, parts: tuple, bounded: list = ()
) -> list[_Job]:
    """A claim's jobs: per part, its number sets (printed, then each corner its components
    need) x the points ``missing``, as the part's kernel's rows.

    A component bounded over the box (``bounded``) needs no corner: its
    p-values at the published numbers are its bound.
    """
    mn, md = missing
    base, out, first = base_pcts(prep), [], 0
    for part in parts:
        cols = range(len(base)) if part.profiles is None else part.profiles
        count = part.components
        if count is None:  # the rest of the claim's components (known with its corners)
            count = 0 if corners is None else len(corners.support) - first
        sets, blocks = [[base[j] for j in cols]], {}
        if corners is not None:
            own = [c for c in range(first, first + count) if not bounded or not bounded[c]]
            for k in dict.fromkeys([*(corners.support[c] for c in own),
                                    *(corners.contradict[c] for c in own)]):  # fmt: skip
                blocks[k] = len(sets)
                sets.append([corners.points[k][j] for j in cols])
        pcts, nn, dd = sets_by_point(sets, mn, md)
        kernel = part.kernel
        if kernel.boxed:
            rows = kernel.inputs(pcts, nn, dd, *_box_rows(corners, cols, pcts, mn.size))
        else:
            rows = kernel.inputs(pcts, nn, dd)
        out.append(_Job(mn.size, blocks, first, kernel, rows, []))
        first += count
    return out


def _box_rows(corners: Corners | None, cols, pcts: list, m: int) -> tuple:
    """A boxed kernel's box (one row per row) and its rows at the published numbers (block 0)."""
    at_box = np.zeros(len(pcts[0]), dtype=bool)
    if corners is None:
        return None, at_box
    at_box[:m] = True
    box = [
        tuple(broadcast_as(x, p.shape) for x in corners.box[j])
        for j, p in zip(cols, pcts, strict=True)
    ]
    return box, at_box


def _stacked(group: list[_Job]) -> list[np.ndarray]:
    """The row arrays of every job of ``group``, concatenated (job after job)."""
    return [
        np.concatenate([np.asarray(j.rows[a]) for j in group]) for a in range(len(group[0].rows))
    ]


def _run(group: list[_Job]) -> None:
    """One kernel call over the rows of every job of ``group``; each job's components kept."""
    comps = group[0].kernel.run(*_stacked(group))
    start = 0
    for j in group:
        size = len(j.rows[0])
        j.out.extend(tuple(x[start : start + size] for x in comp) for comp in comps)
        start += size


def _union(ps: list, pc: list) -> tuple[np.ndarray, np.ndarray]:
    """A claim's p-values from its components' (:func:`_over_box`), as
    :func:`~.outcome.aware` combines them (:func:`~.decide.union_pvalues`,
    as :func:`~.decide.intersection_union`)."""
    if len(ps) == 1:
        return ps[0], pc[0]
    return union_pvalues(stack_rows(ps), stack_rows(pc))


def _over_box(claim: _Claim) -> tuple[list, list]:
    """Each component's ``(support, contradict)`` p-values over the rounding box, by point.

    A monotone component's at its own corners (:func:`~.decide.worst_pvalues`
    of the printed numbers and the corner); a bounded one's at the printed
    numbers (its bound); without corners, at the printed numbers.
    """
    ps, pc = [], []
    for job in claim.jobs:
        m = job.m

        def block(x: np.ndarray, k: int | None, job: _Job = job, m: int = m) -> np.ndarray:
            b = 0 if k is None else job.blocks[k]
            return x[b * m : (b + 1) * m]

        for c, (s, t, _) in enumerate(job.out, start=job.first):
            printed = (block(s, None), block(t, None))
            if claim.corners is not None and not claim.bounded[c]:
                at_s, at_c = (claim.corners.support[c], claim.corners.contradict[c])
                printed = worst_pvalues(printed, (block(s, at_s), None), (None, block(t, at_c)))
            ps.append(printed[0])
            pc.append(printed[1])
    return ps, pc


def warm_intervals(preps: list[Prepared], corners: list, point: tuple, level: float) -> None:
    """Compute the intervals the claims will show at ``point`` together, one call in all.

    For each claim part whose kernel has ``intervals``: every component at
    the published numbers and at each corner its components use, at
    ``point``; the rows of every part, whatever its key, go to one call of
    their interval function, whose results the kind's evaluate function
    then looks up (inside the audit's cache,
    :func:`~.components.diff_interval`).  Values are unchanged: each row's
    interval is the one it has alone (a root search elementwise over the rows).
    """
    jobs: dict[tuple, list[_Job]] = defaultdict(list)
    n, deff = as_points(*point)
    missing = (np.asarray(n, dtype=float), np.asarray(deff, dtype=float))
    for prep, c in zip(preps, corners, strict=True):
        parts = kernel_parts(prep.evaluate)
        if parts is None or not any(p.kernel.intervals is not None for p in parts):
            continue
        for job in _jobs(prep, c, missing, parts):
            if job.kernel.intervals is not None:
                jobs[_group(job.kernel)].append(job)
    rows: dict = defaultdict(list)  # per interval function, the rows of every group
    for group in jobs.values():
        interval, own = group[0].kernel.intervals(*_stacked(group))
        rows[interval].append(own)
    for interval, parts in rows.items():
        interval(*(np.concatenate(x) for x in zip(*parts, strict=True)), level)


def components_at_sets(preps: list[Prepared], sets: list[list], point: tuple) -> list[list[tuple]]:
    """Each claim's components at each of its number sets, at one point, the numbers as exact.

    ``sets[i]``: claim ``i``'s number sets (one array per profile each).
    Returns per claim, per component, ``(pvalue_support,
    pvalue_contradict, z)`` arrays over its sets: what
    :func:`~.stacking.stacked_components` gives (tested), with the claims
    whose kinds have a kernel evaluated one call per kernel key (the sign
    searches and corners of many claims at once).
    """
    n, deff = (float(np.ravel(x)[0]) for x in point)
    out: list = [None] * len(preps)
    groups: dict[tuple, list[_Job]] = defaultdict(list)
    stacked = []
    for i, (prep, own) in enumerate(zip(preps, sets, strict=True)):
        rows = [stack_rows([x[j] for x in own]) for j in range(len(own[0]))]
        nn, dd = np.full(len(own), n), np.full(len(own), deff)
        parts = kernel_parts(prep.evaluate)
        if parts is None:
            shape = (len(own),)
            out[i] = [
                tuple(
                    broadcast_as(x, shape, float)
                    for x in (t.pvalue_support, t.pvalue_contradict, t.z)
                )
                for t in stacked_components(prep, rows, nn, dd)
            ]
            continue
        jobs = []
        for part in parts:
            cols = range(len(rows)) if part.profiles is None else part.profiles
            pcts, kernel = [rows[j] for j in cols], part.kernel
            if kernel.boxed:
                args = kernel.inputs(pcts, nn, dd, None, np.zeros(len(own), dtype=bool))
            else:
                args = kernel.inputs(pcts, nn, dd)
            jobs.append(_Job(len(own), {}, 0, kernel, args, []))
            groups[_group(kernel)].append(jobs[-1])
        stacked.append((i, jobs))
    for group in groups.values():
        _run(group)
    for i, jobs in stacked:
        out[i] = [comp for job in jobs for comp in job.out]
    return out
