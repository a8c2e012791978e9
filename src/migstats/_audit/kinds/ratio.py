"""The ``ratio`` claim kind: "nearly twice as likely", "half as often".

This module owns the test of a ratio of two independent shares against a
quantifier's range on the ratio scale (:func:`ratio_test`, vectorised over
(n, deff) points) and the claim kind's preparer (:func:`prepare_ratio`).

The statistic is Koopman's (1984) score statistic for the ratio of two
independent binomial proportions, ``z(r0) = (p_A - r0 p_B) / sqrt(~p_A (1 -
~p_A) / n_A + r0^2 ~p_B (1 - ~p_B) / n_B)`` with ``~p`` the maximum-likelihood
estimates under ``p_A = r0 p_B``, and its inversion, the score interval:
the core's :func:`migstats.ratio_test` (statsmodels
``test_proportions_2indep`` with ``compare="ratio", method="score"``) and
:func:`migstats.ratio_ci` (its inversion; R ``PropCIs::riskscoreci``).
The design effect enters through the effective counts ``k / deff`` and sizes
``n / deff`` (Kish 1965), as in every other test of the audit.
"""

from __future__ import annotations

import functools

import numpy as np

from ..._corpus import QuantifierRange, parse_ratio
from ..claim_context import Kernel, Prepared
from ..components import one_sided, pooled_share, sides
from ..decide import Evidence, directional, fmt, range_text, within
from ..settings import AuditSettings
from .registry import registers

__all__ = ["prepare_ratio", "ratio_confint", "ratio_test"]


def ratio_z(ka, na, kb, nb, deff, value: float) -> np.ndarray:
    """Koopman score statistic of ``H0: p_A / p_B = value`` at every point.

    :func:`migstats.ratio_test`'s statistic (``migstats._core.ratio_statistic``)
    on the effective counts ``k / deff`` and sizes ``n / deff``.
    """
    from ..._core import ratio_statistic

    ka, na, kb, nb, deff = np.broadcast_arrays(
        *(np.asarray(x, float) for x in (ka, na, kb, nb, deff))
    )
    return ratio_statistic(ka / deff, na / deff, kb / deff, nb / deff, value)


def ratio_confint(ka, na, kb, nb, deff, confidence_level: float) -> tuple[np.ndarray, np.ndarray]:
    """:func:`migstats.ratio_ci` at every point (``migstats._core.ratio_limits``)."""
    from ..._core import ratio_limits

    ka, na, kb, nb, deff = np.broadcast_arrays(
        *(np.asarray(x, float) for x in (ka, na, kb, nb, deff))
    )
    return ratio_limits(ka / deff, na / deff, kb / deff, nb / deff, confidence_level)


def ratio_test(
    pa: np.ndarray,
    na: np.ndarray,
    pb: np.ndarray,
    nb: np.ndarray,
    deff: np.ndarray,
    q: QuantifierRange,
    label: str,
    s: AuditSettings,
    with_ci: bool,
) -> list[Evidence]:
    """The ratio of share A (percent, group size ``na``) to share B against a ratio range.

    "above r": one score test that the ratio exceeds ``r`` (three-decision
    rule); "below r": that it is under ``r``; "within [a, b]": two one-sided
    score tests (TOST, Schuirmann 1987), with the (1 - 2 alpha) interval, as
    the ``level`` kind does for shares, returned as its two sides
    (:func:`~..components.sides`).  Each is monotone in both shares (Koopman's
    statistic rises with ``p_A`` and falls with ``p_B``), so the engine finds
    each one's largest p-value over the rounding box at a corner.

    References
    ----------
    .. [1] Koopman, P. A. R. (1984). Confidence intervals for the ratio of
       two binomial proportions. *Biometrics*, 40(2), 513--517.
    .. [2] Schuirmann, D. J. (1987). *Journal of Pharmacokinetics and
       Biopharmaceutics*, 15(6), 657--680.
    """
    ka, kb = pa / 100.0 * na, pb / 100.0 * nb
    parts = ratio_pvalues(pa, na, pb, nb, deff, q.low, q.high, q.test)
    if q.test == "within":
        (_, _, z_lo), (_, _, z_hi) = parts
        p_s, p_c, z = within(z_lo, z_hi)
        level, goal = 1.0 - 2.0 * s.alpha, f"within {range_text(q)}"
    else:
        p_s, p_c, z = parts[0]
        goal = f"above {q.low:g}" if q.test == "above" else f"below {q.high:g}"
        level = 1.0 - s.alpha
    shape = np.shape(z)
    lo = hi = np.full(shape, np.nan)
    if with_ci:
        lo, hi = ratio_confint(ka, na, kb, nb, deff, level)
    with np.errstate(divide="ignore", invalid="ignore"):
        est = np.broadcast_to(np.asarray(pa, float) / np.asarray(pb, float), shape).astype(float)
    t = Evidence(
        f"ratio of shares {label}",
        est,
        lo,
        hi,
        np.full(shape, level),
        p_s,
        p_c,
        z,
        f"{label}: {fmt(pa)}% / {fmt(pb)}% = {_ratio_text(est)} ({goal})",
    )
    return [t] if q.test != "within" else sides(t, z_lo, z_hi)


def ratio_pvalues(pa, na, pb, nb, deff, low, high, test: str) -> list[tuple]:
    """``(pvalue_support, pvalue_contradict, z)`` of a ratio's components against a range.

    Koopman score tests (:func:`ratio_z`) of share ``pa`` over share ``pb``
    (percent) against ``low`` (``test`` "above") or ``high`` ("below"),
    three-decision p-values; for "within" the range's two one-sided sides
    (:func:`~..components.sides`).  Elementwise over the rows: the test of
    :func:`ratio_test` and, the bounds fixed, the kind's kernel.
    """
    ka, kb = pa / 100.0 * na, pb / 100.0 * nb
    if test == "above":
        z = ratio_z(ka, na, kb, nb, deff, low)
        return [(*directional(z), z)]
    if test == "below":
        z = -ratio_z(ka, na, kb, nb, deff, high)
        return [(*directional(z), z)]
    z_lo, z_hi = ratio_z(ka, na, kb, nb, deff, low), -ratio_z(ka, na, kb, nb, deff, high)
    return [one_sided(z_lo), one_sided(z_hi)]


def prepare_ratio(claim: dict, ctx):
    """``ratio``: share of group(s) A over share of group(s) B in a ratio-scale range.

    ``groups`` is ``"A;B"`` (a side may pool groups with ``+``, weighted by
    group size).  A group the test needs but the tables do not publish makes
    the claim untestable.  The detail states the range of the ratio over the
    rounding box of the two published numbers, ``(p_A - d, p_B + d)`` to
    ``(p_A + d, p_B - d)``; the audit's rounding corners test the same box.
    """
    P, s = ctx.profile(claim), ctx.settings
    q = ctx.quantifier(claim["quantifier"])
    left_names, right_names = parse_ratio(claim["groups"], ctx.groups_of(claim["dimension"], P))
    ctx.require_published(claim, P, left_names + right_names)
    left, right = P.idx(left_names), P.idx(right_names)
    label = "+".join(left_names) + " / " + "+".join(right_names)

    def ratio_box(pct):
        """Range of the ratio while every published number moves within its rounding."""
        w = P.n_frac
        a_lo = np.sum(w[left] * (pct[left] - P.d_low[left])) / w[left].sum()
        a_hi = np.sum(w[left] * (pct[left] + P.d_high[left])) / w[left].sum()
        b_lo = np.sum(w[right] * (pct[right] - P.d_low[right])) / w[right].sum()
        b_hi = np.sum(w[right] * (pct[right] + P.d_high[right])) / w[right].sum()
        high = a_hi / b_lo if b_lo > 0 else np.inf
        return a_lo / b_hi, high

    def ev(pcts, n, deff, with_ci=True, box=None):
        pa, na = pooled_share(P, pcts[0], n, left)
        pb, nb = pooled_share(P, pcts[0], n, right)
        lo, hi = ratio_box(np.atleast_2d(pcts[0])[0])  # (the first point's, if stacked)
        note = f"; within the rounding the ratio lies in [{lo:.2f}, {hi:.2f}]"
        return [
            t._replace(detail=t.detail + note)
            for t in ratio_test(pa, na, pb, nb, deff, q, label, s, with_ci)
        ]

    ev.stacks = True  # numbers stacked by point (group axis last)

    def inputs(pcts, n, deff):
        pa, na = pooled_share(P, pcts[0], n, left)
        pb, nb = pooled_share(P, pcts[0], n, right)
        return pa, na, pb, nb, deff

    # the bounds are numbers of the key: the core's Koopman statistic takes one null ratio
    rows = functools.partial(ratio_pvalues, low=q.low, high=q.high, test=q.test)
    count = 2 if q.test == "within" else 1  # a range's two sides
    ev.kernel = Kernel(("ratio", q.test, q.low, q.high), inputs, rows, count=count)
    m = "Koopman score test of the ratio of two independent shares"
    m += " (two one-sided tests)" if q.test == "within" else " (three-decision rule)"
    m += ", score interval (the test's inversion, ratio_ci)"
    if len(left) > 1 or len(right) > 1:
        m += "; pooled groups weighted by group size"
    if P.assumption:
        m += f"; assumption: {P.assumption}"
    return Prepared(claim, [P], ev, m)


registers("ratio")(prepare_ratio)


def _ratio_text(est: np.ndarray) -> str:
    """The printed ratio for a reason; 0 / 0 has none ("undefined")."""
    value = float(np.ravel(est)[0])
    return "undefined (0 / 0)" if np.isnan(value) else fmt(value, 2)
