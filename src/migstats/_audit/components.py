"""Components of the claims' tests, vectorised over (n, deff) points.

This module owns the building blocks the preparers combine: a share
against a quantifier's range (:func:`level_test`), a difference of two
independent shares (:func:`diff_test`), the slope index of inequality of
a profile (:func:`sii`, :func:`sii_at`) and its range over the rounding box
(:func:`sii_box`, :func:`sii_box_at`), the slope-index form of a profile
(:class:`SlopeForm`),
the two one-sided sides of a range test (:func:`sides`), the worst-case
p-values of a Wald statistic over the box (:func:`box_pvalues`) and the
share of pooled groups (:func:`pooled_share`).  Each
returns :class:`~.decide.Evidence` (or the core's result) with arrays over
the points.

**Components and the rounding box.**  A claim's test is a list of
components that must all hold (intersection-union, Berger 1982).  Every
component is either *monotone* -- one statistic, monotone in each published
number with a sign that does not depend on the others (the one- and
two-sample score tests and Koopman's ratio test; docs/methods.md, section
3.6) -- whose largest p-value over the box the audit finds at its own
corner, or a *Wald ratio* ``L / se`` (slope indices, their differences, two
items of the same respondents) that returns, when given the box, the
proven upper bound of its p-values over it (:func:`box_pvalues`).  A range
("within") test is split into its two one-sided sides, each monotone.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._base import group_extremes, group_sums
from .._corpus import QuantifierRange
from .decide import ZERO_ESTIMATE, Evidence, directional, fmt, ndtr, range_text, within
from .fast import score_diff_z, score_z
from .memo import array_key, memoised, missing_rows
from .profiles import Profile
from .settings import AuditSettings

#: The interval of a difference claim: the inversion of its score test
#: (Miettinen & Nurminen 1985), the pairing of :func:`migstats.compare`.
DIFF_CI_METHOD = "miettinen_nurminen"


def pooled_share(prof: Profile, pct: np.ndarray, n: np.ndarray, ix: list) -> tuple:
    """``(share, size)`` of the groups ``ix`` of ``prof`` pooled, over rows of numbers.

    The group-size-weighted mean of their shares (percent; ``pct`` with the
    group axis last) and the pooled size at the totals ``n``.  A weighted
    mean lies within its values: the clip removes round-off only.
    """
    n_g = n[:, None] * prof.n_frac[None, ix]
    x = pct[..., ix]
    size = group_sums(n_g)  # (np.sum, np.min and np.max over the groups, faster)
    low, high = group_extremes(x), group_extremes(x, low=False)
    return np.clip(group_sums(n_g * x) / size, low, high), size


def level_test(
    pct: float | np.ndarray,
    n_g: np.ndarray,
    deff: np.ndarray,
    q: QuantifierRange,
    name: str,
    label: str,
    s: AuditSettings,
    with_ci: bool,
) -> list[Evidence]:
    """A share against a quantifier's range: one-sample score tests (two sides for a range)."""
    parts = level_pvalues(pct, n_g / deff, q.low, q.high, q.test)
    if q.test == "within":
        (_, _, z_lo), (_, _, z_hi) = parts
        p_s, p_c, z = within(z_lo, z_hi)
        level, goal = 1.0 - 2.0 * s.alpha, f"within {range_text(q)}"
    else:
        p_s, p_c, z = parts[0]
        goal = f"above {q.low:g}" if q.test == "above" else f"below {q.high:g}"
        level = 1.0 - s.alpha
    lo = hi = np.full(np.shape(z), np.nan)
    if with_ci:
        from .._core import wilson_of_arrays  # proportion_ci's, the numbers checked upstream

        k = pct / 100.0 * n_g
        ci = wilson_of_arrays(k, n_g, np.asarray(deff, float), level)
        lo, hi = 100.0 * np.asarray(ci[0], float), 100.0 * np.asarray(ci[1], float)
    detail = f"{label}: {fmt(pct)}% against '{name}' ({goal})"
    t = Evidence(
        f"share of {label} (%)",
        np.broadcast_to(np.asarray(pct, float), np.shape(z)).astype(float),
        lo,
        hi,
        np.full(np.shape(z), level),
        p_s,
        p_c,
        z,
        detail,
    )
    return [t] if q.test != "within" else sides(t, z_lo, z_hi)


def level_pvalues(pct, n_eff, low, high, test: str) -> list[tuple]:
    """``(pvalue_support, pvalue_contradict, z)`` of a share's components against a range.

    One-sample score tests (:func:`~.fast.score_z`) of ``pct`` (percent)
    against ``low`` (``test`` "above") or ``high`` ("below"), three-decision
    p-values; for "within" the range's two one-sided sides (:func:`sides`).
    Elementwise over the rows, bounds included: the test of
    :func:`level_test` and of the ``level`` kind's kernel (claims stacked).
    """
    if test == "above":
        z = score_z(pct, n_eff, low)
        return [(*directional(z), z)]
    if test == "below":
        z = -score_z(pct, n_eff, high)
        return [(*directional(z), z)]
    return [one_sided(z) for z in (score_z(pct, n_eff, low), -score_z(pct, n_eff, high))]


def one_sided(z) -> tuple:
    """``(pvalue_support, pvalue_contradict, z)`` of one side of a range test (:func:`sides`)."""
    return ndtr(-z), ndtr(z), z


def sides(t: Evidence, z_lo: np.ndarray, z_hi: np.ndarray) -> list[Evidence]:
    """A range test's two one-sided sides as components (each monotone in the numbers).

    Their intersection-union is the range test itself: the largest support
    p-value is the TOST p-value and Bonferroni over the two sides gives the
    contradiction p-value of :func:`~.decide.within` (Schuirmann 1987;
    Berger 1982), so the split changes no number; it lets each side reach
    its own least favourable corner of the rounding box.
    """
    out = []
    for z in (z_lo, z_hi):
        p_s, p_c, _ = one_sided(z)
        out.append(t._replace(pvalue_support=p_s, pvalue_contradict=p_c, z=z))
    return out


def box_pvalues(
    low: np.ndarray, high: np.ndarray, se_low: np.ndarray, se_high: np.ndarray, tost: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Upper bounds of ``(pvalue_support, pvalue_contradict)`` of ``z = L / se`` over a box.

    ``L`` (the support statistic's numerator) lies in ``[low, high]`` and
    ``se`` in ``[se_low, se_high]`` over the rounding box; the bounds of
    ``z`` are :func:`migstats._core.quotient_range` (interval arithmetic, a
    proven bound).  Three-decision p-values (:func:`~.decide.directional`),
    or with ``tost`` the one-sided p-values of one side of a range test.
    Where nothing in the box has sampling variance and ``L`` is 0 within
    :data:`~.decide.ZERO_ESTIMATE` (its floating-point remainder), ``z`` is
    0, as :func:`~.decide.safe_z` takes it.
    """
    from .._core import quotient_range

    z_min, z_max = quotient_range(low, high, se_low, se_high)
    flat = (np.asarray(se_high) == 0) & (np.maximum(np.abs(low), np.abs(high)) <= ZERO_ESTIMATE)
    z_min, z_max = np.where(flat, 0.0, z_min), np.where(flat, 0.0, z_max)
    if tost:
        return ndtr(-z_min), ndtr(z_max)
    return directional(z_min)[0], directional(z_max)[1]


def box_ends(pcts: list, box) -> list[tuple]:
    """A boxed kernel's box, ``(low, high)`` per profile; NaN without one (numbers as printed)."""
    if box is None:
        return [(np.full_like(p, np.nan),) * 2 for p in pcts]
    return list(box)


def over_box_rows(p_s, p_c, at_box: np.ndarray, bound) -> tuple[np.ndarray, np.ndarray]:
    """A boxed kernel's p-values: ``bound(rows)`` at the rows ``at_box``, ``(p_s, p_c)`` elsewhere.

    ``bound`` takes the indices of the rows at the published numbers and
    gives their p-values over the rounding box (what the kind's evaluate
    function gives with ``box``).
    """
    i = np.flatnonzero(at_box)
    if not i.size:
        return p_s, p_c
    p_s, p_c = np.array(p_s, float), np.array(p_c, float)
    p_s[i], p_c[i] = bound(i)
    return p_s, p_c


def sii_box(
    prof: Profile, box: tuple, n: np.ndarray, deff: np.ndarray, s: AuditSettings, gap: bool
):
    """:func:`sii_box_at`, computed once per profile, box and points within one audit."""
    key = ("sii_box", id(prof), *array_key(*box, n, deff), float(s.alpha), bool(gap))
    return memoised(key, (prof,), lambda: sii_box_at(prof, box, n, deff, s.alpha, gap))


def sii_box_at(prof, box: tuple, n: np.ndarray, deff: np.ndarray, alpha: float, gap: bool):
    """The slope index's range and extreme variances over the rounding box (percent).

    :func:`migstats._core.slope_index_box` for the profile, at every point.
    With ``gap``, on the scale of :func:`sii` with ``gap``
    (:func:`migstats.gap_slope_index`): the two extreme groups' slope index
    (twice their gap, on a rank span of 1/2) rescaled to the span the two
    groups have in the whole ordering, so that the box's bounds belong to
    the number the claim shows.
    """
    from .._core import gap_per_ridit

    n_g = n[:, None] * np.asarray(prof.n_frac, float)[None, :]
    low, high = (np.asarray(x, float) / 100.0 for x in box)
    if not gap:
        return _box_of_arrays(low, high, n_g, np.asarray(prof.shares, float), deff, alpha)
    two = _box_of_arrays(
        low[..., [0, -1]], high[..., [0, -1]], n_g[:, [0, -1]], np.array([0.5, 0.5]), deff, alpha
    )
    every = prof.shares if prof.dimension_shares is None else prof.dimension_shares
    # 0.5 / the two groups' ridit span
    factor = float(gap_per_ridit(0.5, np.asarray(every, float)))
    return type(two)(
        np.asarray(two.sii_low, float) * factor,
        np.asarray(two.sii_high, float) * factor,
        *(_rescaled(r, factor) for r in (two.least_variance, two.most_variance)),
    )


def _box_of_arrays(low, high, n_g, shares: np.ndarray, deff: np.ndarray, alpha: float):
    """:func:`migstats._core.slope_index_box` (SII alone) of the audit's checked numbers.

    The box's ends lie within [0, 1] (rounding intervals cut at 0 and 100),
    the group sizes are positive and the shares a profile's: the core's
    computation is called without its checks (slope_index_box_of_arrays),
    on the arrays they would give.
    """
    from .._core import slope_index_box_of_arrays

    low, high, n_g, d = np.broadcast_arrays(low, high, n_g, deff[:, None], shares)[:4]
    return slope_index_box_of_arrays(low, high, n_g, shares, d, 1.0 - alpha, False)


def _rescaled(result, factor: float):
    """A slope index result with its SII, interval and standard error times ``factor``."""
    import dataclasses

    ci = result.sii_ci
    return dataclasses.replace(
        result,
        sii=np.asarray(result.sii, float) * factor,
        sii_ci=type(ci)(np.asarray(ci[0], float) * factor, np.asarray(ci[1], float) * factor),
        sii_standard_error=np.asarray(result.sii_standard_error, float) * factor,
    )


def diff_test(
    pa: np.ndarray,
    na: np.ndarray,
    pb: np.ndarray,
    nb: np.ndarray,
    deff: np.ndarray,
    label: str,
    s: AuditSettings,
    with_ci: bool,
) -> Evidence:
    """Share a higher than share b (independent groups): score test and score interval.

    The test is that of :func:`migstats.compare` (``method="score"``),
    computed by :func:`~.fast.score_diff_z`; the interval is its inversion,
    :func:`migstats.diff_ci` (``method="miettinen_nurminen"``), as
    :func:`migstats.compare` pairs them, so that test and interval agree
    (Miettinen & Nurminen 1985).
    """
    p_s, p_c, z = diff_pvalues(pa, na, pb, nb, deff)
    lo = hi = np.full(np.shape(z), np.nan)
    # an effective total (na + nb) / deff of at most 1 has no score interval
    # (nor a p-value: the engine refuses such a deff, naming it)
    if with_ci and np.all((na + nb) / deff > 1.0):
        lo, hi = diff_interval(pa, na, pb, nb, deff, 1 - s.alpha)
    detail = f"{label}: {fmt(pa)}% vs {fmt(pb)}%"
    est = np.broadcast_to(pa - pb, np.shape(z)).astype(float)
    return Evidence(
        f"difference {label} (points)",
        est,
        lo,
        hi,
        np.full(np.shape(z), 1 - s.alpha),
        p_s,
        p_c,
        z,
        detail,
    )


def diff_interval(pa, na, pb, nb, deff, level: float) -> tuple[np.ndarray, np.ndarray]:
    """The score interval of ``pa - pb`` (percent, points), each row computed once per audit.

    :func:`migstats.diff_ci` (``method="miettinen_nurminen"``, the inversion
    of :func:`diff_pvalues`' test) on the counts ``p / 100 * n``.  Inside
    :func:`.memo.audit_memo` each row's limits are kept (keyed by the row's
    numbers, point and level), so that the rows of many claims computed in
    one call beforehand (:func:`migstats._audit.across.warm_intervals`) are
    looked up; the rows not yet known are computed in one call.  Each
    row's limits are those it has alone: the score test's inversion is a
    root search elementwise over the rows (scipy's
    ``elementwise.find_root``), tested.
    """
    from .._core import diff_ci

    pa, na, pb, nb, deff = np.broadcast_arrays(
        *(np.asarray(x, float) for x in (pa, na, pb, nb, deff))
    )
    known: dict = memoised(("diff_interval", float(level)), (), dict)
    keys = list(zip(*(x.ravel().tolist() for x in (pa, na, pb, nb, deff)), strict=True))
    missing = missing_rows(known, keys)
    if missing:
        a, m, b, mb, d = (np.array(x, dtype=float) for x in zip(*missing, strict=True))
        ci = diff_ci(
            a / 100.0 * m, m, b / 100.0 * mb, mb,
            method=DIFF_CI_METHOD, confidence_level=level, deff=d,
        )  # fmt: skip
        low, high = (100.0 * np.asarray(x, float) for x in ci)
        known.update(zip(missing, zip(low.tolist(), high.tolist(), strict=True), strict=True))
    both = np.array([known[k] for k in keys], dtype=float).reshape(*pa.shape, 2)
    return both[..., 0], both[..., 1]


def diff_pvalues(pa, na, pb, nb, deff) -> tuple:
    """``(pvalue_support, pvalue_contradict, z)`` of "share a above share b" (percent).

    The two-sample score test of :func:`diff_test` (:func:`~.fast.score_diff_z`,
    three-decision p-values), elementwise over the rows: also the kernel of
    the comparison kinds (claims stacked).
    """
    z = score_diff_z(pa / 100.0 * na, na, pb / 100.0 * nb, nb, deff)
    return (*directional(z), z)


class SlopeForm(NamedTuple):
    """What a profile's slope index reads besides its numbers (:func:`sii_at`).

    Numbers as tuples, so that equal forms are equal keys: the slope indices
    of claims whose profiles have the same form are one call (a kind's
    :class:`~.claim_context.Kernel`).
    """

    shares: tuple
    n_frac: tuple
    dimension_shares: tuple | None

    @classmethod
    def of(cls, prof: Profile) -> SlopeForm:
        """The form of the profile ``prof`` (its values exactly)."""
        every = prof.dimension_shares
        return cls(
            tuple(np.asarray(prof.shares, float).tolist()),
            tuple(np.asarray(prof.n_frac, float).tolist()),
            None if every is None else tuple(np.asarray(every, float).tolist()),
        )


def sii(
    prof: Profile, pct: np.ndarray, n: np.ndarray, deff: np.ndarray, s: AuditSettings, gap: bool
):
    """:func:`sii_at`, computed once per profile, numbers and points within one audit.

    (:func:`.memo.audit_memo`; the same profile is evaluated at the same
    numbers by several components and readings.)
    """
    key = ("sii", id(prof), *array_key(pct, n, deff), float(s.alpha), bool(gap))
    return memoised(key, (prof,), lambda: sii_at(prof, pct, n, deff, s.alpha, gap))


def sii_at(prof, pct: np.ndarray, n: np.ndarray, deff: np.ndarray, alpha: float, gap: bool):
    """Slope index of inequality of a profile, or the one its extreme groups stand in for.

    ``prof``: a :class:`~.profiles.Profile` or its :class:`SlopeForm` (what
    the slope index reads of it); ``alpha`` sets the interval's level.

    With ``gap`` the slope index is :func:`migstats.gap_slope_index`: the
    extreme-group gap divided by the two groups' ridit span in the whole
    ordering (``prof.dimension_shares``, every group's population share), so
    that gaps of groupings with different shares are on the slope index's
    scale (Mackenbach & Kunst 1997; docs/methods.md, section 4.8).

    A profile with every group at 0% or 100% has a Wald standard error of 0,
    about which :func:`migstats.slope_index` warns; the kinds do not use its
    statistic there but take it as :func:`~.decide.safe_z` does and say so
    in the reason (:func:`zero_variance_note`), so the core is called without
    that warning (:func:`migstats._core.slope_index_without_warning`), not
    inside :func:`warnings.catch_warnings`, which changes the process-wide
    filters and is not safe where threads run audits (a calibration on a
    thread pool or a Dask cluster).
    """
    from .._core import gap_slope_index_of_arrays, slope_index_of_arrays

    n_g = n[:, None] * np.asarray(prof.n_frac, float)[None, :]
    p = pct / 100.0
    d = np.asarray(deff, dtype=float)[:, None]
    # the kinds read the SII alone: its relative index is left out (rii=False); the
    # numbers come from validated tables and corners within them, so the computation
    # is called without its checks (..._of_arrays), on the arrays they give
    if gap:
        every = prof.shares if prof.dimension_shares is None else prof.dimension_shares
        two = [0, -1]  # the extreme groups
        p, n_g, d = np.broadcast_arrays(p[..., two], n_g[:, two], d)
        return gap_slope_index_of_arrays(p, n_g, np.asarray(every, float), d, 1.0 - alpha)
    shares = np.asarray(prof.shares, dtype=float)
    p, n_g, d = np.broadcast_arrays(p, n_g, d, shares)[:3]
    return slope_index_of_arrays(p, n_g, shares, d, 1.0 - alpha, rii=False)


def zero_variance_note(se: np.ndarray) -> str:
    """A clause for the reason when a slope index has no sampling variance (else empty).

    Every group at 0% or 100% leaves the Wald standard error 0: a statistic
    ``L / se`` is then taken as 0 where ``L`` is 0 (no evidence) and as
    +/-inf otherwise (:func:`~.decide.safe_z`, the convention of every Wald
    component of the audit).  Read at the first row, as every number of a
    reason is (:func:`~.decide.fmt`): the numbers the reason is about.
    """
    if np.size(se) and float(np.ravel(se)[0]) == 0:
        return (
            "; every group at 0% or 100%: no sampling variance at these numbers (Wald "
            "standard error 0), so the statistic is 0 where its numerator is 0, else infinite"
        )
    return ""
