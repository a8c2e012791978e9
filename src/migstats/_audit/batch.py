"""The audit of a stack of simulated tables: claims prepared once, every replication evaluated.

This module owns :class:`BatchAudit`.  A calibration audits thousands of
simulated reports that differ from the published one only in their
percentages: the same rows, claims, design and settings.  ``BatchAudit``
validates the claims and resolves the inputs once, prepares every claim
once (its profiles, group sizes, tests and method) and records, for every
profile, which table rows each of its published numbers sums.  A stack of
replications is then evaluated claim by claim, every replication at once:
the numbers of each profile and their rounding intervals as arrays
(replications, groups), through the kind's own test with the replications
as rows (:func:`.replicated.aware_rows`, the rounding-aware p-values of
:func:`.outcome.aware`) at the headline point, adjusted per replication
(:func:`.fast.adjust`, :func:`.decide.verdict_words`) -- the verdict
:func:`.engine.audit` returns in its ``verdict`` column, without the columns
a calibration does not read (intervals, robustness grid, rounding
sensitivity, break-even n).  What needs no test (text checks, untestable
claims, the numbers a claim quotes) is read replication by replication with
the profiles holding that replication's numbers.  No statistic is computed
here.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from .._base import frame_records, invalid_value
from .._corpus import dimension_orders, select_rows, split_list
from .claim_context import ClaimContext, Prepared
from .decide import INCONSISTENT, verdict_words
from .fast import adjust, cheap_collections
from .kinds import prepare, untestable_unknown_kinds
from .outcome import outcome, refuse_missing_pvalues, reported_mismatch
from .profiles import Profile, rounding_deltas, share_sums
from .replicated import aware_rows, plain_rows
from .settings import DEFAULT_ALPHA, audit_settings, resolve_inputs

__all__ = ["SHORTCUT_CORRECTIONS", "BatchAudit"]

#: Corrections under which a claim whose raw p-value is at least ``alpha``
#: cannot change another claim's verdict: Bonferroni and none (each claim
#: alone); Holm and Hochberg (step-down / step-up over the ordered p-values:
#: such a claim sorts after every significant one and its terms are at
#: least ``alpha``); Benjamini-Hochberg and -Yekutieli (every term it
#: contributes, ``m p / k`` times a constant >= 1, is at least ``alpha``).
#: Hommel's procedure mixes the p-values and is left out.
SHORTCUT_CORRECTIONS = frozenset(
    {"bonferroni", "none", "holm", "hochberg", "fdr_bh", "BH", "fdr", "fdr_by", "BY"}
)


@dataclasses.dataclass
class _RowProfile(Profile):
    """A profile that knows which table rows each published number sums (group -> rows)."""

    group_rows: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class _RowContext(ClaimContext):
    """A claim context whose profiles record their table rows (:class:`_RowProfile`)."""

    indexed: pd.DataFrame | None = None  # the tables with ``percent`` = row position

    def profile(self, claim: dict, item: str | None = None, dimension: str | None = None):
        P = super().profile(claim, item, dimension)
        item = claim["item"] if item is None else item
        dimension = claim["dimension"] if dimension is None else dimension
        ids = (
            split_list(claim["table"])
            if item == claim["item"]
            else sorted(set(self.tables["table"]))
        )
        rows = select_rows(self.indexed, ids, item, claim["response"], dimension)
        group_rows = {
            str(g): np.asarray(parts, dtype=np.intp)
            for g, parts in zip(rows["group"], rows["parts"], strict=True)
        }
        fields = {f.name: getattr(P, f.name) for f in dataclasses.fields(Profile)}
        for name in ("percent", "d_low", "d_high"):  # written per replication
            fields[name] = np.array(fields[name], dtype=float)
        return _RowProfile(**fields, group_rows=group_rows)


class BatchAudit:
    """A report's audit prepared once, evaluated on stacks of simulated tables.

    Parameters
    ----------
    tables : pandas.DataFrame
        The published rows (tidy tables, as :func:`migstats.audit` takes
        them); every replication has these rows with other percentages.
    claims : pandas.DataFrame
        The claims registry, validated once against ``tables``.
    design : SampleDesign
        The sample design of the audit.
    quantifiers : pandas.DataFrame or str, optional
        As :func:`migstats.audit`.
    dimensions : mapping, optional
        As :func:`migstats.audit`.
    **options
        The other keyword arguments of :func:`migstats.audit` (``n``,
        ``deff``, ``alpha``, ``correction``, ``margin``,
        ``gradient_correlation``, ``deffs``, ``n_points``,
        ``rounding_aware``, ``headline``).

    Notes
    -----
    :meth:`verdicts` of a stack equals, replication by replication, the
    ``verdict`` column of :func:`migstats.audit` on the tables with that
    replication's percentages, with one difference: a claim that is not
    significant at the headline point reads ``not supported`` here, where
    the audit says ``depends on n`` or ``not supported`` after searching its
    robustness grid, which a calibration does not read (it counts
    ``supported`` only).  ``tests/test_batch.py`` checks it; the
    quoted numbers of the claims, ``reported``, are checked against each
    replication's numbers as the audit does).  The statistics are those of
    :func:`migstats.audit` (see its References).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from migstats import SampleDesign
    >>> from migstats._audit.batch import BatchAudit
    >>> t = pd.DataFrame({"table": "T", "item": "q", "response": "yes",
    ...                   "dimension": ["total", "age", "age"],
    ...                   "group": ["total", "young", "old"], "percent": [40.0, 35.0, 45.0]})
    >>> c = pd.DataFrame({"claim_id": ["A1"], "kind": ["difference"], "table": ["T"],
    ...                   "item": ["q"], "response": ["yes"], "dimension": ["age"],
    ...                   "groups": ["old>young"], "claim": ["The old say yes more often."]})
    >>> d = SampleDesign(n=2000, n_range=(2000, 2000), deff=1.0, weighted=False,
    ...                  shares={"age": {"young": 0.5, "old": 0.5}})
    >>> b = BatchAudit(t, c, d, dimensions={"age": ["young", "old"]})
    >>> b.verdicts(np.array([[40.0, 35.0, 45.0], [40.0, 45.0, 35.0], [40.0, 40.0, 41.0]]))
    array([['supported'],
           ['contradicted'],
           ['not supported']], dtype='<U15')
    """

    def __init__(
        self,
        tables: pd.DataFrame,
        claims: pd.DataFrame,
        design: Any,
        *,
        quantifiers: Any = None,
        dimensions: Any = None,
        **options: Any,
    ) -> None:
        n, deff = options.pop("n", None), options.pop("deff", None)
        alpha = options.pop("alpha", DEFAULT_ALPHA)
        self.settings = s = audit_settings(design, n, deff, alpha, **options)
        c, plain, q = resolve_inputs(claims, tables, quantifiers)
        self.claims = untestable_unknown_kinds(c)
        indexed = plain.assign(percent=np.arange(len(plain), dtype=float))
        ctx = _RowContext(plain, s.design, q, s, dimension_orders(dimensions), indexed=indexed)
        self.approximate = plain["approximate"].to_numpy(dtype=bool)
        self.preps: list[Prepared] = [prepare(r, ctx) for r in frame_records(self.claims)]
        self.profiles = _unique_profiles(self.preps)

    def verdicts(self, percents: np.ndarray) -> np.ndarray:
        """(replications, claims) verdicts at the headline point, as :func:`audit` gives them.

        ``percents`` is (replications, rows): each replication's percentages
        of the published rows, in the rows' order.
        """
        X = np.asarray(percents, dtype=float)
        if X.ndim != 2 or X.shape[1] != len(self.approximate):
            raise invalid_value(
                "percents", f"an array of shape (replications, {len(self.approximate)})", X.shape
            )
        stacks = dict(zip(map(id, self.profiles), self._profile_stacks(X), strict=True))
        with cheap_collections():
            words, tested = self._untested(stacks, X.shape[0])
            ps, pc = np.full(words.shape, np.nan), np.full(words.shape, np.nan)
            for i, prep in enumerate(self.preps):
                rows = np.flatnonzero(tested[:, i])
                if rows.size:
                    ps[rows, i], pc[rows, i] = self._pvalues(prep, stacks, rows)
            return self._adjusted(words, tested, ps, pc)

    def _untested(self, stacks: dict, replications: int) -> tuple[np.ndarray, np.ndarray]:
        """Per replication and claim: the verdict of a claim without a test, and which are tested.

        A claim without a statistical test (a text check, an untestable
        claim) and one whose quoted numbers match none of the replication's
        (``inconsistent``) is read replication by replication, with the
        profiles holding that replication's numbers, as :func:`audit` reads it.
        """
        s = self.settings
        m = len(self.preps)
        words = np.full((replications, m), "", dtype="<U15")
        tested = np.zeros((replications, m), dtype=bool)
        for r in range(replications):
            for P in self.profiles:
                pct, lo, hi = stacks[id(P)]
                P.percent[:], P.d_low[:], P.d_high[:] = pct[r], lo[r], hi[r]
            for i, prep in enumerate(self.preps):
                if prep.evaluate is None or prep.untestable:
                    words[r, i] = outcome(prep, s, s.headline_point).verdict
                elif reported_mismatch(prep, s):
                    words[r, i] = INCONSISTENT
                else:
                    tested[r, i] = True
        return words, tested

    def _adjusted(self, words, tested, ps, pc) -> np.ndarray:
        """Each replication's family adjusted and its verdicts (the untested claims' words kept)."""
        s = self.settings
        out = np.empty(words.shape, dtype="<U15")
        for r in range(words.shape[0]):
            pv = np.where(tested[r], np.minimum(ps[r], pc[r]), np.nan)
            refuse_missing_pvalues(self.preps, pv, tested[r], s, s.headline_point)
            fam = verdict_words(adjust(pv, s.correction), ps[r], pc[r], s.alpha)
            out[r] = np.where(tested[r], fam, words[r])
        return out

    def _profile_stacks(self, X: np.ndarray) -> list[tuple]:
        """Per profile: (replications, groups) percent, d_low and d_high."""
        low, high = _row_deltas(X, self.approximate, self.settings)
        out = []
        for P in self.profiles:
            rows = [P.group_rows[g] for g in P.groups]
            # simulated parts of a score range may sum above 100 through rounding
            out.append(share_sums(*(_sum_parts(M, rows) for M in (X, low, high)))[:3])
        return out

    def _pvalues(self, prep: Prepared, stacks: dict, rows: np.ndarray) -> tuple:
        """The claim's (support, contradiction) p-values at the headline point, for ``rows``.

        Every replication of ``rows`` at once (:mod:`.replicated`).
        Rounding-aware p-values are at least those of the printed numbers, so
        when both of those are already at least ``alpha`` the claim is not
        significant whatever the rounding allows, and under a correction of
        :data:`SHORTCUT_CORRECTIONS` a p-value at or above ``alpha`` cannot
        change another claim's verdict: the rounding corners are then not
        searched (the printed numbers' p-values stand in; only the verdicts
        are returned).
        """
        s = self.settings
        n, deff = s.headline_point
        parts = [stacks[id(P)] for P in prep.profiles]
        pcts = [pct[rows] for pct, _, _ in parts]
        base = plain_rows(prep, pcts, n, deff)
        bs = np.array(np.broadcast_to(base.pvalue_support, rows.shape), dtype=float)
        bc = np.array(np.broadcast_to(base.pvalue_contradict, rows.shape), dtype=float)
        if not s.rounding_aware:
            return bs, bc
        # NaN is not decided: searched as usual
        decided = (s.correction in SHORTCUT_CORRECTIONS) & (np.minimum(bs, bc) >= s.alpha)
        todo = ~decided
        if todo.any():
            box = [(pct[rows][todo] - lo[rows][todo], pct[rows][todo] + hi[rows][todo])
                   for pct, lo, hi in parts]  # fmt: skip
            sub = [p[todo] for p in pcts]
            bs[todo], bc[todo] = aware_rows(prep, sub, box, (n, deff), (s.n, s.deff))
        return bs, bc


def _unique_profiles(preps: list[Prepared]) -> list[_RowProfile]:
    """Every profile of the prepared claims once (a profile may be shared)."""
    seen: dict[int, _RowProfile] = {}
    for prep in preps:
        for P in prep.profiles:
            seen.setdefault(id(P), P)
    return list(seen.values())


def _row_deltas(X: np.ndarray, approx: np.ndarray, s: Any) -> tuple[np.ndarray, np.ndarray]:
    """How far each row's true value may lie below / above its percentage (every replication).

    :func:`.profiles.rounding_deltas` of each distinct (value, approximate)
    pair once; a group's deltas are the sums over its rows, as there.
    """
    A = np.broadcast_to(approx, X.shape)
    low, high = np.empty(X.shape), np.empty(X.shape)
    for flag in (False, True):
        values, inverse = np.unique(X[A == flag], return_inverse=True)
        d = np.array([rounding_deltas([v], [flag], s) for v in values]).reshape(-1, 2)
        low[A == flag], high[A == flag] = d[inverse, 0], d[inverse, 1]
    return low, high


def _sum_parts(M: np.ndarray, rows: list[np.ndarray]) -> np.ndarray:
    """(replications, groups): each group's sum of its rows of ``M``, in the rows' order."""
    out = np.zeros((M.shape[0], len(rows)))
    for j, ix in enumerate(rows):
        for i in ix:  # summed left to right, as the published parts are
            out[:, j] = out[:, j] + M[:, i]
    return out
