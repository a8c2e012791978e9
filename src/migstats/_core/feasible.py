"""Every integer count vector consistent with a rounded percentage distribution.

This module owns :func:`feasible_counts` and its result
:class:`FeasibleCounts`.  Given the published (rounded) percentages of ``k``
mutually exclusive categories and the number of respondents ``n``, the
feasible set is

    C = { c in Z^k : sum(c) = n,  lo_i <= c_i <= hi_i },

where ``lo_i..hi_i`` are the counts whose percentage rounds to the published
value (:func:`migstats._rounding.count_range`).  With ``remainder=True`` an
unpublished category (the rest of the respondents, ``0..n``) is appended, so
the published percentages need not add up to 100.

The set is never enumerated, and nothing but :meth:`FeasibleCounts.marginals`
(whose output has one row per possible count) builds an array whose size
grows with ``n``.  Everything is computed from the box ``lo <= c <= hi`` and
the one equality:

* exact per-category bounds analytically (each range tightened by the sum);
* exact size (:meth:`FeasibleCounts.count`) by inclusion-exclusion over the
  categories with exact Python integers (at most ``min(2^k, s + 1)`` terms,
  ``s`` the slack above the lower bounds);
* exact extremes of any linear functional (:meth:`FeasibleCounts.bounds`) by
  a greedy fill;
* exact marginal distributions under the uniform distribution on ``C``
  (:meth:`FeasibleCounts.marginals`, dynamic programming over partial sums);
* exactly uniform draws (:meth:`FeasibleCounts.sample`) by rejection from the
  box or, when that would reject too often, sequential sampling with exact
  conditional counts;
* one documented point reconstruction (:meth:`FeasibleCounts.closest`) by
  greedy marginal allocation, found by bisection on the marginal cost.

Weighted percentages are not counts.  The feasible set is exact only for
unweighted data; for weighted data it describes a hypothetical unweighted
sample of size ``n`` (e.g. the effective sample size, rounded) and is
indicative only.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from .._base import (
    InfeasibleError,
    MigstatsError,
    MigstatsValueError,
    Result,
    check_n,
    check_weights,
    invalid_value,
)
from .bounds import Range
from .compositions import (
    _box_polynomial,
    _box_step,
    _compositions,
    _count_box,
    _forward_layers,
    _randbelow,
)
from .exact import _INT64_SAFE, _parse_reported, decimal_strings
from .rounding import (
    PERCENT_SCALE,
    OptionalThreshold,
    _check_percent_range,
    _check_rule,
    _count_range_units,
)

__all__ = [
    "MAX_MARGINAL_ROWS",
    "REJECTION_MIN_ACCEPTANCE",
    "REMAINDER_LABEL",
    "FeasibleCounts",
    "feasible_counts",
]

#: Label of the unpublished rest category added by ``remainder=True``.
REMAINDER_LABEL = "remainder"


#: Use rejection sampling when its exact acceptance rate is at least this
#: (at most ``1 / REJECTION_MIN_ACCEPTANCE`` candidates per accepted draw on
#: average); below it, exact sequential sampling.
REJECTION_MIN_ACCEPTANCE = 1e-3

#: Largest number of candidate rows drawn at once by rejection sampling.
_REJECTION_BATCH = 200_000

#: ``marginals()`` returns one row per possible count; refuse tables longer
#: than this instead of running out of memory.
MAX_MARGINAL_ROWS = 2_000_000


def _plain_numbers(value: Any, name: str, allowed: str) -> Any:
    """Reject booleans and text where numbers are expected (``True`` is not a count).

    A local guard in front of the ``_base`` checks, which convert both silently.
    """
    if isinstance(value, str | bytes):
        raise invalid_value(name, f"{allowed}, not text", value)
    arr = value if isinstance(value, np.ndarray) else np.asarray(value, dtype=object)
    if arr.dtype == bool:
        raise invalid_value(name, f"{allowed}, not booleans", value)
    if arr.dtype.kind in "iuf":  # plain numeric arrays: nothing to scan
        return value
    if any(isinstance(v, bool | np.bool_) for v in arr.ravel()):
        raise invalid_value(name, f"{allowed}, not booleans", value)
    if any(isinstance(v, str | bytes | np.str_) for v in arr.ravel()):
        raise invalid_value(name, f"{allowed}, not text", value)
    return value


# ---------------------------------------------------------------------------
# the result
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, eq=False)
class FeasibleCounts(OptionalThreshold, Result):
    """The set of integer count vectors a rounded distribution allows.

    Attributes
    ----------
    n : int
        Number of respondents.
    labels : tuple of str
        Category labels (the last is :data:`REMAINDER_LABEL` with
        ``remainder=True``).
    reported : tuple of str or None
        Published percentages as printed (None for the remainder).
    rounding : str
        The rounding rule assumed.
    remainder : bool
        Whether an unpublished rest category was added.
    low, high : ndarray of int
        Per-category count bounds.  If the set is non-empty they are exact:
        every value in ``low[i]..high[i]`` is attained by some member of
        the set, and no other.  Otherwise they are the per-category GRIM
        ranges (empty where ``lower > upper``).
    grim_consistent : tuple of bool
        Per category: does any count ``0..n`` round to the published value?
    consistent : bool
        Whether the set is non-empty.
    reason : str or None
        Why the set is empty (None if it is not).
    threshold : int or None
        The threshold digit of the rules ``up_from``/``down_from`` (None
        otherwise; then left out of ``to_dict``).

    Notes
    -----
    An inconsistent distribution is a result, not an error:
    :meth:`count` returns 0, and the methods that need a member
    (:meth:`bounds`, :meth:`sample`, :meth:`closest`, :meth:`marginals`)
    raise :class:`~migstats.InfeasibleError`.
    """

    n: int
    labels: tuple[str, ...]
    reported: tuple[str | None, ...]
    rounding: str
    remainder: bool
    low: np.ndarray
    high: np.ndarray
    grim_consistent: tuple[bool, ...]
    consistent: bool
    reason: str | None
    threshold: int | None = dataclasses.field(default=None, repr=False)

    # -- basics ------------------------------------------------------------

    @property
    def k(self) -> int:
        """Number of categories (including the remainder)."""
        return len(self.labels)

    @property
    def _slack(self) -> int:
        return self.n - int(self.low.sum())

    @property
    def _widths(self) -> np.ndarray:
        return (self.high - self.low).astype(np.int64)

    def _require(self) -> None:
        if not self.consistent:
            raise InfeasibleError(
                f"the rounded percentages admit no count vector with n = {self.n}: {self.reason}"
            )

    @cached_property
    def _layers(self) -> list[tuple[np.ndarray, int]]:
        return _forward_layers(self._widths, self._slack)

    @cached_property
    def _suffix_polys(self) -> list[list[tuple[int, int]]]:
        """Inclusion-exclusion polynomials of the categories ``j..k-1``, ``j = 0..k``."""
        widths = [int(w) for w in self._widths]
        return [_box_polynomial(widths[j:], self._slack) for j in range(self.k + 1)]

    @cached_property
    def _count(self) -> int:
        widths = [int(w) for w in self._widths]
        s = self._slack
        target = min(s, sum(widths) - s)  # x -> w - x maps the set onto sum = W - s
        if target < 0:
            return 0
        return _count_box(_box_polynomial(widths, target), self.k, target)

    # -- size ----------------------------------------------------------------

    def count(self) -> int:
        """Exact number of count vectors in the set.

        Returns
        -------
        int
            A Python int (exact for any size); 0 if the set is empty.

        Notes
        -----
        With ``x_i = c_i - lower_i`` in ``0..w_i`` (``w_i = upper_i -
        lower_i``) and ``sum x = s`` (``s = n - sum(lower)``), the count is
        the coefficient of ``z^s`` in ``prod_i (1 - z^{w_i + 1}) / (1 - z)^k``,
        i.e. inclusion-exclusion over the upper bounds (Stanley 2012, sec.
        1.9):

            count = sum_{S subset of 1..k} (-1)^|S| C(s - sum_{i in S}(w_i + 1) + k - 1, k - 1)

        (terms with a negative first argument are 0).  The numerator product
        is expanded as a sparse polynomial with equal degrees merged and
        degrees above ``s`` dropped, so it has at most ``min(2^k, s + 1)``
        terms; by the symmetry ``x_i -> w_i - x_i`` the target is
        ``min(s, sum(w) - s)``.  Cost ``O(k * min(2^k, s + 1))`` exact
        integer operations and as many binomials of ``k - 1``; memory
        independent of ``n`` (k = 10 at any ``n``: at most 1,024 terms).
        The tests check it against the dynamic programme over partial sums
        and against brute-force enumeration.

        References
        ----------
        .. [1] Stanley, R. P. (2012). *Enumerative Combinatorics*, vol. 1
           (2nd ed.), sec. 1.9. Cambridge University Press.

        Examples
        --------
        >>> feasible_counts(["52", "21"], 100, remainder=True).count()
        1
        >>> feasible_counts(["52", "21"], 1000, remainder=True).count()
        121
        """
        if not self.consistent:
            return 0
        return self._count

    def contains(self, counts: Any) -> Any:
        """Whether count vectors belong to the set.

        Parameters
        ----------
        counts : array_like of int, shape (..., k)
            Count vectors (last axis = categories, in the order of
            :attr:`labels`).

        Returns
        -------
        bool or ndarray of bool, shape (...)

        Raises
        ------
        MigstatsValueError
            If the last axis does not have length ``k`` or a count is not a
            whole number.

        Examples
        --------
        >>> fc = feasible_counts(["52", "21"], 100, remainder=True)
        >>> fc.contains([[52, 21, 27], [51, 21, 28]]).tolist()
        [True, False]
        """
        _plain_numbers(counts, "counts", "whole numbers")
        try:
            arr = np.asarray(counts, dtype=float)
        except (TypeError, ValueError):
            raise invalid_value("counts", "whole numbers", counts) from None
        if arr.ndim == 0 or arr.shape[-1] != self.k:
            raise invalid_value(
                "counts", f"an array whose last axis has length k = {self.k}", counts
            )
        if not np.isfinite(arr).all() or (arr != np.round(arr)).any():
            raise invalid_value("counts", "whole numbers", counts)
        ok = (
            (arr >= self.low).all(axis=-1)
            & (arr <= self.high).all(axis=-1)
            & (arr.sum(axis=-1) == self.n)
        )
        ok = ok & self.consistent
        return bool(ok) if np.ndim(ok) == 0 else np.asarray(ok)

    # -- extremes ------------------------------------------------------------

    def _greedy(self, w: np.ndarray, maximise: bool) -> np.ndarray:
        order = np.argsort(-w if maximise else w, kind="stable")
        widths = self._widths[order]
        before = np.cumsum(widths) - widths
        add = np.clip(self._slack - before, 0, widths)
        c = self.low.astype(np.int64).copy()
        c[order] += add
        return c

    def extreme_counts(self, weights: Any) -> Range:
        """Members of the set that minimise and maximise ``sum(weights * c)``.

        Parameters
        ----------
        weights : array_like of float, length k

        Returns
        -------
        Range
            ``(low, high)``: two count vectors (int arrays of length ``k``).
            Among equal weights the earlier category is filled first.

        Raises
        ------
        MigstatsValueError
            If ``weights`` has the wrong length or is not finite.
        InfeasibleError
            If the set is empty.

        Notes
        -----
        See :meth:`bounds` for why the greedy fill is optimal.

        Examples
        --------
        >>> fc = feasible_counts(["52", "21"], 1000, remainder=True)
        >>> lo, hi = fc.extreme_counts([1, 1, 0])
        >>> lo.tolist(), hi.tolist()
        ([515, 205, 280], [525, 215, 260])
        """
        self._require()
        w = check_weights(_plain_numbers(weights, "weights", "numbers"), self.k)
        return Range(self._greedy(w, False), self._greedy(w, True))

    def bounds(self, weights: Any) -> Range:
        """Exact minimum and maximum of ``sum(weights * c) / n`` over the set.

        Parameters
        ----------
        weights : array_like of float, length k
            One weight per category.  0/1 weights give the share (a
            proportion in [0, 1]) of several categories together, e.g. "1-3
            on a 10-point scale"; the scale points 1..10 give the mean scale
            score.

        Returns
        -------
        Range
            ``(low, high)`` as floats.

        Raises
        ------
        MigstatsValueError
            If ``weights`` has the wrong length or is not finite.
        InfeasibleError
            If the set is empty.

        Notes
        -----
        The set is the integer points of ``{c : sum c = n, lower <= c <=
        upper}``.  Start from ``c = lower`` and hand the ``s = n - sum(lower)``
        remaining units to the categories in order of decreasing weight, each
        up to its upper bound (increasing weight for the minimum).  This is
        optimal: for any member ``c'`` that differs, some unit sits in a
        category with a smaller weight than a category that is not yet full,
        and moving it does not decrease the objective (an exchange argument;
        equivalently, the fractional knapsack with equal item sizes, whose
        LP optimum is the greedy one and is integral because the constraint
        matrix -- one row of ones plus bounds -- is totally unimodular;
        Schrijver 1986, ch. 19).  Exact: integer counts, one final division.

        References
        ----------
        .. [1] Schrijver, A. (1986). *Theory of Linear and Integer
           Programming*. Wiley.

        Examples
        --------
        Share who agree or disagree (the two published categories) when 52%
        agree and 21% disagree, with n = 1000:

        >>> fc = feasible_counts(["52", "21"], 1000, remainder=True)
        >>> tuple(round(v, 3) for v in fc.bounds([1, 1, 0]))
        (0.72, 0.74)
        """
        lo, hi = self.extreme_counts(weights)
        w = check_weights(weights, self.k)
        return Range(
            math.fsum(w * lo) / self.n,
            math.fsum(w * hi) / self.n,
        )

    def percent_bounds(self) -> Range:
        """Exact smallest and largest percentage ``100 c_i / n`` per category.

        Returns
        -------
        Range
            ``(low, high)`` float arrays of length ``k``.

        Raises
        ------
        InfeasibleError
            If the set is empty.

        Examples
        --------
        >>> fc = feasible_counts(["52", "21"], 1000, remainder=True)
        >>> fc.percent_bounds().high.tolist()
        [52.5, 21.5, 28.0]
        """
        self._require()
        return Range(
            self.low * float(PERCENT_SCALE) / self.n,
            self.high * float(PERCENT_SCALE) / self.n,
        )

    # -- distributions -------------------------------------------------------

    def marginals(self) -> pd.DataFrame:
        """Exact distribution of each category's count under the uniform
        distribution on the set.

        Returns
        -------
        pandas.DataFrame
            Tidy, one row per category and possible count, columns
            ``category`` (label), ``count`` (the value of ``c_i``),
            ``percent`` (``100 count / n``), ``n_vectors`` (exact number of
            members with that count, Python int) and ``probability``
            (``n_vectors / count()``, correctly rounded).

        Raises
        ------
        InfeasibleError
            If the set is empty.
        MigstatsValueError
            If the table would have more than :data:`MAX_MARGINAL_ROWS` rows.

        Notes
        -----
        For category ``j`` the number of members with ``c_j = lower_j + x``
        is the number of ways the other categories reach ``s - x``: the
        forward DP layer of the categories before ``j`` continued with those
        after it (exact integers, O(k^2 s) additions).

        Examples
        --------
        >>> fc = feasible_counts(["52", "21"], 1000, remainder=True)
        >>> m = fc.marginals()
        >>> m.groupby("category", sort=False)["probability"].sum().round(12).tolist()
        [1.0, 1.0, 1.0]
        >>> m.loc[m.category == "remainder", "n_vectors"].max()
        11
        """
        self._require()
        rows = int(self._widths.sum()) + self.k
        if rows > MAX_MARGINAL_ROWS:
            raise MigstatsValueError(
                f"marginals() returns one row per category and possible count, {rows:,} rows "
                f"at n = {self.n}; at most {MAX_MARGINAL_ROWS:,} are built (memory grows with "
                "n): use sample() or bounds() instead"
            )
        total = self.count()
        widths = self._widths
        s = self._slack
        k = self.k
        layers = self._layers
        cats, values, n_vectors = [], [], []
        for j in range(k):
            F, start = layers[j]
            for i in range(j + 1, k):
                rest = int(widths[i + 1 :].sum())
                F, start = _box_step(F, start, int(widths[i]), max(0, s - int(widths[j]) - rest), s)
            x = np.arange(int(widths[j]) + 1)
            idx = s - x - start
            valid = (idx >= 0) & (idx < len(F))
            nv = np.zeros(len(x), dtype=object)
            nv[valid] = F[idx[valid]]
            cats.append(np.full(len(x), j))
            values.append(self.low[j] + x)
            n_vectors.append(nv)
        cat_idx = np.concatenate(cats)
        c = np.concatenate(values).astype(np.int64)
        nv = np.concatenate(n_vectors)
        return pd.DataFrame(
            {
                "category": pd.Series(np.asarray(self.labels, dtype=object)[cat_idx], dtype=object),
                "count": c,
                "percent": c * float(PERCENT_SCALE) / self.n,
                "n_vectors": pd.Series(nv, dtype=object),
                "probability": np.array([int(v) / total for v in nv], dtype=float),
            }
        )

    def sample(self, size: int, *, rng: Any = None) -> np.ndarray:
        """Draw count vectors uniformly from the set.

        Parameters
        ----------
        size : int
            Number of draws (>= 1).
        rng : numpy.random.Generator, int or None, optional
            Random generator or seed (passed to
            :func:`numpy.random.default_rng`).

        Returns
        -------
        ndarray of int64, shape (size, k)
            Every row is a member of the set (sums to ``n``).

        Raises
        ------
        MigstatsValueError
            If ``size`` is not a positive integer.
        InfeasibleError
            If the set is empty.

        Notes
        -----
        Exactly uniform, with memory independent of ``n``, by one of two
        methods chosen from the exact acceptance rate
        ``a = count() / prod_{i != L} (w_i + 1)`` (``L`` the widest category,
        ``w_i = upper_i - lower_i``):

        * ``a >= REJECTION_MIN_ACCEPTANCE`` (the usual case): rejection
          sampling.  The other categories are drawn uniformly from their
          ranges (vectorised), ``L`` takes the rest, and draws where the rest
          falls outside ``L``'s range are discarded.  A uniform draw from the
          box conditioned on the event is uniform on the set; on average
          ``1 / a`` candidates per draw.
        * otherwise: sequential sampling (Nijenhuis and Wilf 1978, ch. 13):
          category ``j``'s count is drawn from its exact conditional
          distribution given the counts already drawn, by bisection on the
          exact cumulative number of completions,
          ``sum_{y <= x} N_{>j}(t - y)``, which is itself a bounded
          composition count (:meth:`count`'s formula with category ``j``
          capped at ``x``), all in Python integers.  Cost per draw
          ``O(k * log(max w) * T)`` with ``T <= 2**k`` the number of
          inclusion-exclusion terms.

        Neither method builds an array whose size grows with ``n``.

        References
        ----------
        .. [1] Nijenhuis, A., & Wilf, H. S. (1978). *Combinatorial
           Algorithms* (2nd ed.), ch. 13. Academic Press.
        .. [2] Devroye, L. (1986). *Non-Uniform Random Variate Generation*,
           sec. II.3 (the rejection method). Springer.

        Examples
        --------
        >>> fc = feasible_counts(["52", "21"], 1000, remainder=True)
        >>> draws = fc.sample(5, rng=1)
        >>> draws.shape, bool(fc.contains(draws).all())
        ((5, 3), True)
        """
        size_arr = check_n(_plain_numbers(size, "size", "a positive integer"), "size")
        if size_arr.ndim != 0:
            raise invalid_value("size", "a single positive integer", size)
        size = int(size_arr)
        self._require()
        gen = np.random.default_rng(rng)
        widths = [int(w) for w in self._widths]
        solved = int(np.argmax(widths))
        box = math.prod(w + 1 for i, w in enumerate(widths) if i != solved)
        acceptance = self.count() / box
        if acceptance >= REJECTION_MIN_ACCEPTANCE and sum(widths) < _INT64_SAFE:
            x = self._sample_rejection(size, gen, solved, acceptance)
        else:
            x = self._sample_sequential(size, gen)
        return self.low.astype(np.int64) + x

    def _sample_rejection(
        self, size: int, gen: np.random.Generator, solved: int, acceptance: float
    ) -> np.ndarray:
        """Uniform draws of ``x = c - lower`` by rejection from the box (see :meth:`sample`)."""
        widths = self._widths.astype(np.int64)
        others = [i for i in range(self.k) if i != solved]
        s = self._slack
        out = np.empty((size, self.k), dtype=np.int64)
        filled = 0
        while filled < size:
            need = size - filled
            m = int(min(_REJECTION_BATCH, max(64, 1.2 * need / acceptance + 16)))
            cand = np.empty((m, self.k), dtype=np.int64)
            for i in others:
                cand[:, i] = gen.integers(0, widths[i] + 1, size=m, dtype=np.int64)
            cand[:, solved] = 0
            cand[:, solved] = s - cand.sum(axis=1)
            ok = (cand[:, solved] >= 0) & (cand[:, solved] <= widths[solved])
            got = cand[ok][:need]
            out[filled : filled + len(got)] = got
            filled += len(got)
        return out

    def _sample_sequential(self, size: int, gen: np.random.Generator) -> np.ndarray:
        """Uniform draws of ``x = c - lower`` by exact sequential sampling (see :meth:`sample`)."""
        widths = [int(w) for w in self._widths]
        k = self.k
        polys = self._suffix_polys
        suffix = [sum(widths[j:]) for j in range(k + 1)]
        out = np.empty((size, k), dtype=np.int64)
        for row in range(size):
            t = self._slack
            for j in range(k - 1):
                rest, parts = polys[j + 1], k - j

                def cum(x: int, rest=rest, parts=parts, t=t) -> int:
                    return sum(
                        c * (_compositions(t - e, parts) - _compositions(t - e - x - 1, parts))
                        for e, c in rest
                        if e <= t
                    )

                lo_x, hi_x = max(0, t - suffix[j + 1]), min(widths[j], t)
                u = _randbelow(gen, cum(hi_x))
                while lo_x < hi_x:  # smallest x with cum(x) > u
                    mid = (lo_x + hi_x) // 2
                    if cum(mid) > u:
                        hi_x = mid
                    else:
                        lo_x = mid + 1
                out[row, j] = lo_x
                t -= lo_x
            if not 0 <= t <= widths[k - 1]:  # a wrong count: fail, never return a non-member
                raise MigstatsError(f"internal error: sequential draw left {t} for the last count")
            out[row, k - 1] = t
        return out

    def closest(self) -> np.ndarray:
        """The member closest to the published percentages.

        Returns
        -------
        ndarray of int64, length k
            The count vector ``c`` in the set that minimises
            ``sum_i (c_i - n p_i / 100)^2``, where ``p_i`` is the published
            value (for the remainder: ``100 - sum p``).  Ties are broken in
            favour of earlier categories.

        Raises
        ------
        InfeasibleError
            If the set is empty.

        Notes
        -----
        A separable convex objective under one sum constraint and bounds is
        minimised by greedy marginal allocation (Gross 1956; Ibaraki and
        Katoh 1988, ch. 4): starting from ``lower``, the ``s`` remaining
        units go to the smallest marginal costs
        ``2 (c_i + 1 - n p_i / 100) - 1``, which increase within each
        category.  Where no bound binds this is the largest-remainder
        (Hamilton) apportionment of ``n`` to the published percentages.

        The greedy choice is made without listing the units: the number of
        units of category ``i`` with cost at most ``lam`` is a closed form
        (a clipped floor), so the ``s``-th smallest cost ``lam*`` is found by
        bisection over the integers; every unit cheaper than ``lam*`` is
        taken and the remaining ones (cost exactly ``lam*``, at most one per
        category) go to the earliest categories.  Costs are scaled to exact
        integers; ``O(k log(n))`` Python-integer operations, memory
        independent of ``n``.  The tests check the result against the
        explicit greedy over all units and against brute force.

        References
        ----------
        .. [1] Ibaraki, T., & Katoh, N. (1988). *Resource Allocation
           Problems: Algorithmic Approaches*. MIT Press.

        Examples
        --------
        >>> feasible_counts(["52", "21"], 1000, remainder=True).closest().tolist()
        [520, 210, 270]
        >>> feasible_counts(["33", "33", "33"], 200).closest().tolist()
        [67, 67, 66]
        """
        self._require()
        published = [r for r in self.reported if r is not None]
        m, d, _ = _parse_reported(np.array(published, dtype=object), None, "reported")
        dmax = int(d.max()) if d.size else 0
        q = PERCENT_SCALE * 10**dmax  # common denominator: target_i * q is an integer
        tq = [self.n * int(mi) * 10 ** (dmax - int(di)) for mi, di in zip(m, d, strict=True)]
        if self.remainder:
            tq.append(self.n * q - sum(tq))
        lower = [int(v) for v in self.low]
        widths = [int(v) for v in self._widths]
        take = self._slack

        # the unit raising c_i to v costs (2 v q - 2 tq_i - q) / q; units of i with
        # scaled cost <= lam: v <= (lam + q + 2 tq_i) / (2 q), v in lower_i+1..upper_i
        def taken(lam: int) -> list[int]:
            return [
                min(max((lam + q + 2 * t) // (2 * q) - lo, 0), w)
                for t, lo, w in zip(tq, lower, widths, strict=True)
            ]

        c = list(lower)
        if take:
            big = 2 * max(abs(t) for t in tq) + 2 * q
            low, high = -big, 2 * q * (self.n + 1) + big
            while low < high:  # smallest lam with at least `take` units at cost <= lam
                mid = (low + high) // 2
                if sum(taken(mid)) >= take:
                    high = mid
                else:
                    low = mid + 1
            below = taken(low - 1)
            at = taken(low)
            extra = take - sum(below)
            for i in range(self.k):
                c[i] += below[i]
                if extra and at[i] > below[i]:
                    c[i] += 1
                    extra -= 1
        return np.array(c, dtype=np.int64)

    # -- tables --------------------------------------------------------------

    def to_frame(self) -> pd.DataFrame:
        """One row per category.

        Returns
        -------
        pandas.DataFrame
            Columns ``category, reported, lower, upper, percent_low,
            percent_high, grim_consistent``.

        Examples
        --------
        >>> feasible_counts(["52", "21"], 1000, remainder=True).to_frame()
            category reported  low  high  percent_low  percent_high  grim_consistent
        0          0       52  515   525         51.5          52.5             True
        1          1       21  205   215         20.5          21.5             True
        2  remainder     None  260   280         26.0          28.0             True
        """
        lower = self.low.astype(np.int64)
        upper = self.high.astype(np.int64)
        return pd.DataFrame(
            {
                "category": list(self.labels),
                "reported": pd.Series(list(self.reported), dtype=object),
                "low": lower,
                "high": upper,
                "percent_low": lower * float(PERCENT_SCALE) / self.n,
                "percent_high": upper * float(PERCENT_SCALE) / self.n,
                "grim_consistent": list(self.grim_consistent),
            }
        )


# ---------------------------------------------------------------------------
# constructor
# ---------------------------------------------------------------------------


def feasible_counts(
    percents: Any,
    n: int,
    *,
    decimals: Any = None,
    rounding: str = "up_or_down",
    remainder: bool = False,
    labels: Sequence[Any] | None = None,
    threshold: Any = None,
) -> FeasibleCounts:
    """All integer count vectors consistent with rounded percentages.

    Parameters
    ----------
    percents : sequence of str or float, or pandas.Series
        Published percentages of ``k`` mutually exclusive categories, in
        [0, 100].  Strings keep trailing zeros and give the decimals per
        value; numbers need ``decimals``.  A Series' index gives the labels.
    n : int
        Number of respondents (a positive integer).
    decimals : int or sequence of int, optional
        Decimals printed, for numeric ``percents`` (per category or one for
        all).  For strings it must agree with the digits shown or be None.
    rounding : str, default "up_or_down"
        One of :data:`migstats.ROUNDING_RULES`.  The default allows either
        direction at an exact tie.
    remainder : bool, default False
        Add one unpublished category with the rest of the respondents (count
        ``>= 0``), for tables that publish only some categories (e.g. agree
        and disagree of a 5-point item).  If False the categories are
        exhaustive and their counts sum to ``n``.
    labels : sequence, optional
        Category labels (default: the Series index, else ``"0", "1", ...``).
    threshold : int, optional
        Digit 1..9 for the threshold rules ``rounding="up_from"`` /
        ``"down_from"`` (:data:`migstats._core.rounding.THRESHOLD_RULES`).

    Returns
    -------
    FeasibleCounts
        The set, with ``consistent`` and ``reason``, exact per-category
        bounds and the methods ``count, bounds, extreme_counts,
        percent_bounds, marginals, sample, closest, contains, to_frame``.

    Raises
    ------
    MigstatsValueError
        If a percentage is NaN, outside [0, 100] or not a decimal number;
        ``n`` is not a positive integer; ``decimals`` is missing for numeric
        input or wrong; ``labels`` has the wrong length or repeats; or
        ``rounding`` is unknown.  An *inconsistent* distribution is not an
        error: see ``consistent`` and ``reason``.

    Notes
    -----
    Category ``i`` can hold the counts ``lo_i..hi_i`` whose percentage rounds
    to ``p_i`` (:func:`migstats.count_range`; exact integer arithmetic); the
    remainder ``0..n``.  The set is ``{c : sum c = n, lo <= c <= hi}``; it
    is empty iff a range is empty (GRIM inconsistency) or
    ``sum(lo) > n`` or ``sum(hi) < n``.  Otherwise the bounds are tightened
    to ``lo_i' = max(lo_i, n - sum_{j != i} hi_j)`` and
    ``hi_i' = min(hi_i, n - sum_{j != i} lo_j)``, after which every value in
    each range is attained (the other categories can take any total between
    their bound sums).  This generalises GRIM (Brown and Heathers 2017) from
    one percentage to a whole distribution, in the spirit of the
    "SPRITE"-type reconstructions (Heathers et al. 2018), but exhaustively
    and exactly.

    The reconstruction is exact only for unweighted data.  Published
    percentages from weighted data are not ``100 c / n`` for whole ``c``; for
    them the set describes a hypothetical unweighted sample of size ``n``
    (use the effective sample size, rounded) and is indicative only.

    References
    ----------
    .. [1] Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test.
       *Social Psychological and Personality Science*, 8(4), 363-369.
    .. [2] Heathers, J. A., Anaya, J., van der Zee, T., & Brown, N. J. L.
       (2018). Recovering data from summary statistics: Sample Parameter
       Reconstruction via Iterative TEchniques (SPRITE). *PeerJ Preprints*
       6:e26968v1.

    Examples
    --------
    A 10-point item published as whole percentages, with n = 200:

    >>> p = ["2", "2", "4", "6", "15", "10", "11", "14", "8", "28"]
    >>> fc = feasible_counts(p, 200)
    >>> fc.consistent, fc.count()
    (True, 8953)
    >>> lo, hi = fc.bounds(range(1, 11))
    >>> round(lo, 3), round(hi, 3)
    (7.055, 7.305)

    With n = 7 no count gives 52%:

    >>> fc = feasible_counts(["52", "21"], 7, remainder=True)
    >>> fc.consistent, fc.count()
    (False, 0)
    >>> print(fc.reason)
    GRIM: no count out of n = 7 gives the published percentage of categories '0' (52), '1' (21)

    Three categories of 33% cannot come from 100 respondents (at most 33
    each):

    >>> feasible_counts(["33", "33", "33"], 100).consistent
    False
    """
    rule = _check_rule(rounding, threshold)
    if not isinstance(remainder, bool | np.bool_):
        raise invalid_value("remainder", "True or False", remainder)
    n_arr = check_n(_plain_numbers(n, "n", "a positive integer"), "n")
    if n_arr.ndim != 0:
        raise invalid_value("n", "a single positive integer", n)
    n_int = int(n_arr)
    index_labels = None
    if isinstance(percents, pd.Series):
        index_labels = [str(v) for v in percents.index]
        percents = percents.to_numpy(dtype=object)
    if isinstance(percents, str):
        raise invalid_value("percents", "a 1-d sequence of percentages", percents)
    m, d, shape = _parse_reported(percents, decimals, "percents")
    if len(shape) != 1:
        raise invalid_value("percents", "a 1-d sequence of percentages", percents)
    _check_percent_range(m, d, "percents", percents)
    k_pub = shape[0]
    if labels is None:
        labs = index_labels if index_labels is not None else [str(i) for i in range(k_pub)]
    else:
        labs = [str(v) for v in labels]
        if len(labs) != k_pub:
            raise invalid_value(
                "labels", f"a sequence of length {k_pub} (one per percentage)", labels
            )
    if remainder:
        labs = [*labs, REMAINDER_LABEL]
    if len(set(labs)) != len(labs):
        raise invalid_value("labels", "unique (the remainder is labelled 'remainder')", labs)

    lo, hi = _count_range_units(m, d, np.int64(n_int), rule)
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.asarray(hi, dtype=np.int64)
    reported: list[str | None] = [str(v) for v in decimal_strings(m, d)]
    if remainder:
        lo = np.append(lo, 0)
        hi = np.append(hi, n_int)
        reported.append(None)
    grim_ok = lo <= hi

    reason = None
    if not grim_ok.all():
        bad = [f"{labs[i]!r} ({reported[i]})" for i in np.flatnonzero(~grim_ok)]
        what = "category" if len(bad) == 1 else "categories"
        reason = (
            f"GRIM: no count out of n = {n_int} gives the published percentage of "
            f"{what} {', '.join(bad)}"
        )
    elif lo.sum() > n_int:
        reason = (
            f"the smallest counts the percentages allow sum to {int(lo.sum())} > n = {n_int}: "
            "even at the bottom of their rounding intervals the percentages add up to "
            "more than 100%"
        )
    elif hi.sum() < n_int:
        reason = (
            f"the largest counts the percentages allow sum to {int(hi.sum())} < n = {n_int}: "
            "even at the top of their rounding intervals the percentages add up to less "
            "than 100% (use remainder=True if some categories are not published)"
        )
    consistent = reason is None
    if consistent:
        lo_t = np.maximum(lo, n_int - (hi.sum() - hi))
        hi_t = np.minimum(hi, n_int - (lo.sum() - lo))
        lo, hi = lo_t, hi_t
    lo.flags.writeable = False
    hi.flags.writeable = False
    return FeasibleCounts(
        n=n_int,
        labels=tuple(labs),
        reported=tuple(reported),
        rounding=rounding,
        remainder=bool(remainder),
        low=lo,
        high=hi,
        grim_consistent=tuple(bool(v) for v in grim_ok),
        consistent=consistent,
        reason=reason,
        threshold=None if threshold is None else int(threshold),
    )
