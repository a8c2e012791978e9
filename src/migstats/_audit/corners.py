"""The rounding corners of claims: the sign search and each component's least favourable corners.

This module owns :func:`claims_corners` (the corners of many claims, their
sign searches and support corners evaluated together: the claims whose
kinds have a kernel one call per kernel key, :func:`~.across.components_at_sets`),
:func:`corners_of` (one claim's) and :func:`claim_corners` /
:func:`claims_rounding_corners` (the corners the audit uses: None where it
does not take the rounding into account or the claim is not tested).

A monotone component's statistic moves in each number with a sign that
does not depend on the others (docs/methods.md, section 3.6), so the sign
read by moving one number across its rounding interval (the others
printed) holds everywhere in the box, and the corner with every number at
the end that lowers (raises) the component's statistic is where its
support (contradiction) p-value is largest.  Each component gets its own
corners: a group that does not bind at the printed numbers still reaches
its own worst case.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._base import stack_rows
from .across import components_at_sets
from .claim_context import Prepared
from .outcome import Corners, base_pcts, box_of
from .settings import AuditSettings
from .stacking import effect_signs

__all__ = ["claim_corners", "claims_corners", "claims_rounding_corners", "corners_of"]


class _Search(NamedTuple):
    """One claim's sign search: its printed numbers, rounding box and the numbers that move."""

    base: list
    box: list
    numbers: list  # (profile, group) of every number with a rounding interval

    @classmethod
    def of(cls, prep: Prepared) -> _Search:
        numbers = [
            (j, i)
            for j, pr in enumerate(prep.profiles)
            for i in range(len(pr.percent))
            if pr.d_low[i] + pr.d_high[i] > 0
        ]
        return cls(base_pcts(prep), box_of(prep), numbers)

    def moved(self, pairs) -> list[np.ndarray]:
        """The printed numbers with each ``((profile, group), end)`` of ``pairs`` at that end."""
        out = [b.copy() for b in self.base]
        for (j, i), end in pairs:
            out[j][i] = self.box[j][end][i]
        return out

    def sets(self) -> list:
        """Each number at the low end of its interval, then each at the high end (else printed)."""
        return [self.moved([(ji, end)]) for end in (0, 1) for ji in self.numbers] or [self.base]


def _signs(search: _Search, comps: list[tuple]) -> np.ndarray:
    """Sign of each number's effect on each component (components, numbers)."""
    k = len(search.numbers)
    if not k:
        return np.zeros((len(comps), 0))
    ps, pc, z = (stack_rows([np.asarray(c[f], float) for c in comps]) for f in range(3))
    low, high = slice(0, k), slice(k, 2 * k)
    return effect_signs(z[:, low], z[:, high], ps[:, low], ps[:, high], pc[:, low], pc[:, high])


def claims_corners(preps: list[Prepared], n: float, deff: float) -> list[Corners]:
    """Each claim's rounding box and each component's least favourable corners, at ``(n, deff)``.

    Two evaluations of every claim at number sets, the claims with a kernel
    together (:func:`~.across.components_at_sets`): each number at the ends
    of its interval (the signs, :func:`~.stacking.effects`), then every
    component at its support corner (which of them binds: the corners
    ``hurt`` and ``help`` of :class:`~.outcome.Corners`).
    """
    searches = [_Search.of(p) for p in preps]
    point = (n, deff)
    signs = [
        _signs(sr, comps)
        for sr, comps in zip(
            searches, components_at_sets(preps, [sr.sets() for sr in searches], point), strict=True
        )
    ]
    found = [_listed(sr, sg) for sr, sg in zip(searches, signs, strict=True)]
    # every component at its own support corner: which binds there
    firsts = [list(dict.fromkeys(support)) for _, support, _ in found]
    at = components_at_sets(
        preps,
        [[listed[k] for k in ks] for (listed, _, _), ks in zip(found, firsts, strict=True)],
        point,
    )
    out = []
    for sr, (listed, support, contradict), ks, comps in zip(
        searches, found, firsts, at, strict=True
    ):
        worst = [float(comps[c][0][ks.index(k)]) for c, k in enumerate(support)]
        b = int(np.nanargmax(worst)) if not np.isnan(worst).all() else 0
        out.append(
            Corners(sr.box, listed, support, contradict, listed[support[b]], listed[contradict[b]])
        )
    return out


def _listed(search: _Search, signs: np.ndarray) -> tuple[list, list, list]:
    """``(listed, support, contradict)``: the distinct corners and each component's two."""
    listed: list = []
    keys: dict[tuple, int] = {}

    def index(pts: list[np.ndarray]) -> int:
        key = tuple(np.concatenate(pts).round(12))
        if key not in keys:
            keys[key] = len(listed)
            listed.append(pts)
        return keys[key]

    def corner(row: np.ndarray, hurt: bool) -> int:
        # hurt: each number at the end that lowers the statistic (help: raises it)
        pairs = [
            (ji, int((sg > 0) != hurt)) for ji, sg in zip(search.numbers, row, strict=True) if sg
        ]
        return index(search.moved(pairs))

    support = [corner(row, True) for row in signs]
    contradict = [corner(row, False) for row in signs]
    return listed, support, contradict


def corners_of(prep: Prepared, n: float, deff: float) -> Corners:
    """One claim's rounding box and each component's least favourable corners.

    :func:`claims_corners` for one claim.
    """
    return claims_corners([prep], n, deff)[0]


def claims_rounding_corners(preps: list[Prepared], s: AuditSettings) -> list[Corners | None]:
    """The rounding corners of every claim (None if not rounding-aware or not tested), together."""
    tested = [
        i
        for i, p in enumerate(preps)
        if s.rounding_aware and p.evaluate is not None and not p.untestable
    ]
    found = claims_corners([preps[i] for i in tested], s.n, s.deff) if tested else []
    out: list[Corners | None] = [None] * len(preps)
    for i, c in zip(tested, found, strict=True):
        out[i] = c
    return out


def claim_corners(prep: Prepared, s: AuditSettings) -> Corners | None:
    """The rounding corners of a tested claim (None if not rounding-aware or not tested)."""
    return claims_rounding_corners([prep], s)[0]
