"""Components of the claims' tests, vectorised over (n, deff) points.

This module owns the three building blocks the preparers combine: a share
against a quantifier's range (:func:`level_test`), a difference of two
independent shares (:func:`diff_test`) and the slope index of inequality of
a profile (:func:`sii`).  Each returns :class:`~.decide.Evidence` (or the
core's result) with arrays over the points.
"""

from __future__ import annotations

import numpy as np

from .._corpus import QuantifierRange
from .decide import Evidence, directional, fmt, range_text, within
from .fast import score_diff_z, score_z
from .profiles import Profile
from .settings import AuditSettings

#: The interval of a difference claim: the inversion of its score test
#: (Miettinen & Nurminen 1985), the pairing of :func:`migstats.compare`.
DIFF_CI_METHOD = "miettinen_nurminen"


def level_test(
    pct: float,
    n_g: np.ndarray,
    deff: np.ndarray,
    q: QuantifierRange,
    name: str,
    label: str,
    s: AuditSettings,
    with_ci: bool,
) -> Evidence:
    """A share against a quantifier's range: one-sample score tests."""
    n_eff = n_g / deff
    if q.test == "above":
        z = score_z(pct, n_eff, q.low)
        p_s, p_c = directional(z)
        level, goal = 1.0 - s.alpha, f"above {q.low:g}"
    elif q.test == "below":
        z = -score_z(pct, n_eff, q.high)
        p_s, p_c = directional(z)
        level, goal = 1.0 - s.alpha, f"below {q.high:g}"
    else:
        p_s, p_c, z = within(score_z(pct, n_eff, q.low), -score_z(pct, n_eff, q.high))
        level, goal = 1.0 - 2.0 * s.alpha, f"within {range_text(q)}"
    lo = hi = np.full(np.shape(z), np.nan)
    if with_ci:
        from .._core import proportion_ci

        k = pct / 100.0 * n_g
        ci = proportion_ci(k, n_g, method="wilson", confidence_level=level, deff=deff)
        lo, hi = 100.0 * np.asarray(ci[0], float), 100.0 * np.asarray(ci[1], float)
    detail = f"{label}: {pct:.1f}% against '{name}' ({goal})"
    return Evidence(
        f"share of {label} (%)",
        np.full(np.shape(z), pct),
        lo,
        hi,
        np.full(np.shape(z), level),
        p_s,
        p_c,
        z,
        detail,
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
    ka, kb = pa / 100.0 * na, pb / 100.0 * nb
    z = score_diff_z(ka, na, kb, nb, deff)
    p_s, p_c = directional(z)
    lo = hi = np.full(np.shape(z), np.nan)
    # an effective total (na + nb) / deff of at most 1 has no score interval
    # (nor a p-value: the engine refuses such a deff, naming it)
    if with_ci and np.all((na + nb) / deff > 1.0):
        from .._core import diff_ci

        ci = diff_ci(ka, na, kb, nb, method=DIFF_CI_METHOD, confidence_level=1 - s.alpha, deff=deff)
        lo, hi = 100.0 * np.asarray(ci[0], float), 100.0 * np.asarray(ci[1], float)
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


def sii(
    prof: Profile, pct: np.ndarray, n: np.ndarray, deff: np.ndarray, s: AuditSettings, gap: bool
):
    """Slope index of inequality of a profile, or the one its extreme groups stand in for.

    With ``gap`` the slope index is :func:`migstats.gap_slope_index`: the
    extreme-group gap divided by the two groups' ridit span in the whole
    ordering (``prof.dimension_shares``, every group's population share), so
    that gaps of groupings with different shares are on the slope index's
    scale (Mackenbach & Kunst 1997; docs/methods.md, section 4.8).
    """
    n_g = n[:, None] * prof.n_frac[None, :]
    p = pct / 100.0
    if gap:
        from .._core import gap_slope_index

        every = prof.shares if prof.dimension_shares is None else prof.dimension_shares
        return gap_slope_index(
            p[0],
            p[-1],
            n_g[:, 0],
            n_g[:, -1],
            every,
            confidence_level=1 - s.alpha,
            deff=deff[:, None],
        )
    from .._core import slope_index

    return slope_index(p, n_g, prof.shares, confidence_level=1 - s.alpha, deff=deff[:, None])
