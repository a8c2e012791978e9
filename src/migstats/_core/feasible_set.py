"""`FeasibleCounts`: the set of count vectors a rounded distribution allows, and its queries.

This module owns :class:`FeasibleCounts`, the result of
:func:`migstats.feasible_counts` (:mod:`migstats._core.feasible`).  Given
the published (rounded) percentages of ``k`` mutually exclusive categories
and the number of respondents ``n``, the feasible set is

    C = { c in Z^k : sum(c) = n,  lo_i <= c_i <= hi_i },

where ``lo_i..hi_i`` are the counts whose percentage rounds to the published
value (:func:`migstats.count_range`).  With ``remainder=True`` an
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
  (:meth:`FeasibleCounts.marginals`, dynamic programming over partial sums;
  :mod:`migstats._core.compositions`);
* exactly uniform draws (:meth:`FeasibleCounts.sample`) by rejection from the
  box or, when that would reject too often, sequential sampling with exact
  conditional counts (:mod:`migstats._core.composition_sampling`);
* one documented point reconstruction (:meth:`FeasibleCounts.closest`) by
  greedy marginal allocation, found by bisection on the marginal cost
  (:mod:`migstats._core.allocation`).

Weighted percentages are not counts.  The feasible set is exact only for
unweighted data; for weighted data it describes a hypothetical unweighted
sample of size ``n`` (e.g. the effective sample size, rounded) and is
indicative only.
"""

from __future__ import annotations

import dataclasses
import math
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from .._base import (
    InfeasibleError,
    MigstatsValueError,
    Result,
    check_n,
    check_weights,
    invalid_value,
)
from .allocation import _closest_allocation
from .bounds import Range
from .composition_sampling import _sample_compositions
from .compositions import _box_polynomial, _count_box, _marginal_counts
from .exact import _parse_reported
from .rounding import PERCENT_SCALE, OptionalThreshold

__all__ = ["MAX_MARGINAL_ROWS", "REMAINDER_LABEL", "FeasibleCounts"]

#: Label of the unpublished rest category added by ``remainder=True``.
REMAINDER_LABEL = "remainder"

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
        >>> from migstats import feasible_counts
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
        >>> from migstats import feasible_counts
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
        >>> from migstats import feasible_counts
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

        >>> from migstats import feasible_counts
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
        >>> from migstats import feasible_counts
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
        >>> from migstats import feasible_counts
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
        n_vectors = _marginal_counts(self._widths, self._slack)
        cat_idx = np.concatenate([np.full(len(nv), j) for j, nv in enumerate(n_vectors)])
        c = np.concatenate(
            [self.low[j] + np.arange(len(nv)) for j, nv in enumerate(n_vectors)]
        ).astype(np.int64)
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
        >>> from migstats import feasible_counts
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
        x = _sample_compositions(widths, self._slack, self.count(), size, gen)
        return self.low.astype(np.int64) + x

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
        >>> from migstats import feasible_counts
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
        c = _closest_allocation(tq, q, lower, widths, self._slack)
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
        >>> from migstats import feasible_counts
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
