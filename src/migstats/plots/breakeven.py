"""Figure: every tested claim's break-even sample size against the plausible range of n.

Owns :func:`plot_breakeven`, which draws the ``breakeven_n`` column of an
:class:`~migstats._audit.AuditResult` with the design's plausible range of
n and the design's n (published or assumed).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._base import MigstatsValueError
from ._style import (
    BAND_COLOUR,
    FIGURE_MARGIN_HEIGHT,
    VERDICT_COLOURS,
    _figure_and_axes,
    _matplotlib,
    legend_below,
)

#: Height per claim row (inches).
ROW_HEIGHT_BREAKEVEN = 0.17

#: Font size of the claim ids (many rows).
SMALL_FONT = 7

#: Where claims with an infinite break-even n are drawn, as a multiple of
#: the largest finite break-even n (or of the plausible range's upper end).
INFINITE_POSITION = 3.0


def _breakeven_points(ax: Any, verdicts: np.ndarray, values: np.ndarray, y: np.ndarray, right):
    """One dot per claim at its break-even n (a triangle at ``right`` where none suffices)."""
    finite = np.isfinite(values)
    for verdict in dict.fromkeys(verdicts):
        mask = (verdicts == verdict) & finite
        if mask.any():
            ax.scatter(
                values[mask],
                y[mask],
                s=16,
                color=VERDICT_COLOURS.get(verdict, "black"),
                label=f"verdict: {verdict}",
                zorder=3,
            )
        never = (verdicts == verdict) & ~finite
        if never.any():
            ax.scatter(
                np.full(int(never.sum()), right),
                y[never],
                s=22,
                marker=">",
                color=VERDICT_COLOURS.get(verdict, "black"),
                label=f"verdict: {verdict}, no n suffices",
                zorder=3,
            )


def plot_breakeven(
    result: Any = None,
    *,
    ax: Any = None,
    title: str | None = None,
):
    """Every tested claim's break-even sample size against the plausible range of n.

    Parameters
    ----------
    result : AuditResult, optional
        A result of :func:`migstats.audit`; default: run it (the default
        report).  Its design gives the plausible range ``design.n_range``
        (shaded band) and its settings the assumed ``n`` (vertical line).
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes; default a new Figure.
    title : str, optional
        Figure title; default names the report audited (or the design).

    Returns
    -------
    matplotlib.figure.Figure
        One row per tested claim, sorted by break-even n (log scale),
        coloured by verdict; claims that no sample size would support are
        drawn at the right edge with a triangle.

    Raises
    ------
    ImportError
        If matplotlib is not installed.
    MigstatsValueError
        If ``result`` is not an :class:`~migstats._audit.AuditResult` or
        holds no tested claim.

    Notes
    -----
    The break-even n (column ``breakeven_n`` of :func:`migstats.audit`) is
    the smallest total sample size at which the claim alone, unadjusted for
    multiplicity, would be significant in the claimed direction at the
    audit's design effect.  A claim whose break-even n lies right of the
    band needs a larger survey than the design plausibly had; one inside
    the band depends on the unknown n.  Claims not tested statistically
    (consistency checks, untestable claims) have no break-even n and are
    left out.

    References
    ----------
    .. [1] Miettinen, O., & Nurminen, M. (1985). Comparative analysis of two
       rates. *Statistics in Medicine*, 4, 213-226.

    Examples
    --------
    >>> import migstats
    >>> from migstats.plots import plot_breakeven
    >>> res = migstats.audit(claims=migstats.load_claims().head(20))
    >>> ax = plot_breakeven(res).axes[0]
    >>> ax.get_xscale()
    'log'

    With ``result=None`` it runs :func:`migstats.audit` first (a few seconds).
    """
    from .._audit import audit, check_result

    _matplotlib()  # fail before any computation if matplotlib is missing
    result = check_result(audit() if result is None else result)
    design, n_total, audit_df = result.design, int(result.settings.n), result.frame
    be = pd.to_numeric(audit_df["breakeven_n"], errors="coerce")
    tested = audit_df.assign(breakeven_n=be)[be.notna()]
    if tested.empty:
        raise MigstatsValueError(
            "result must hold at least one tested claim (a breakeven_n that is not NaN), "
            "but got none"
        )
    tested = tested.sort_values("breakeven_n", kind="stable")
    values = tested["breakeven_n"].to_numpy(dtype=float)
    finite = np.isfinite(values)
    lo, hi = design.n_range
    right = INFINITE_POSITION * max(float(values[finite].max()) if finite.any() else hi, hi)
    fig, ax = _figure_and_axes(ax, FIGURE_MARGIN_HEIGHT + ROW_HEIGHT_BREAKEVEN * len(tested))
    y = -np.arange(len(tested), dtype=float)
    if lo < hi:  # a published n has no band of plausible values
        ax.axvspan(lo, hi, color=BAND_COLOUR, alpha=0.25, label=f"plausible n ({lo:,}-{hi:,})")
    known = "published" if lo == hi == n_total else "assumed"
    ax.axvline(
        n_total, color="black", linestyle="--", linewidth=1, label=f"{known} n ({n_total:,})"
    )
    _breakeven_points(ax, tested["verdict"].astype(str).to_numpy(), values, y, right)
    ax.set_xscale("log")
    # whole numbers with thousands separators (1,000, not 10 to the 3rd): the
    # unit readers know, and no mathtext to lay out
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(_whole_n))
    # the minor ticks labelled where the axis spans less than two powers of ten
    # (else it may show no label at all), as matplotlib's own log formatter does
    ax.xaxis.set_minor_formatter(
        FuncFormatter(
            lambda x, pos: _whole_n(x) if _narrow(ax) and _leading(x) in (2, 3, 5) else ""
        )
    )
    ax.set_yticks(y, tested["claim_id"].astype(str).tolist(), fontsize=SMALL_FONT)
    ax.tick_params(axis="y", left=False)  # the rows are labelled: no tick marks to draw
    ax.set_ylim(y.min() - 0.7, 0.7)
    ax.set_xlabel(
        "Break-even total n: smallest n at which the claim alone is significant (log scale)"
    )
    ax.set_ylabel("Claim")
    if title is None:
        rep = result.report
        label = f"report {rep.name}" if rep is not None else f"design {design.name or 'custom'}"
        title = (
            f"Break-even sample size of every tested claim ({label})\n"
            f"(unadjusted; claims right of the {'band' if lo < hi else 'line'} need a "
            "larger survey)"
        )
    ax.set_title(title, fontsize="medium")
    legend_below(fig, ax, ncols=2, fontsize="small")
    ax.grid(axis="x", which="major", alpha=0.3)
    return fig


def _whole_n(x: float, _pos: Any = None) -> str:
    """A tick of the n axis: a whole number with thousands separators (``1,000``)."""
    return f"{x:,.0f}" if x >= 1 else f"{x:g}"


def _narrow(ax: Any) -> bool:
    """Whether the n axis spans less than two powers of ten (its minor ticks then labelled)."""
    lo, hi = ax.get_xlim()
    return lo > 0 and np.log10(hi / lo) < 2


def _leading(x: float) -> int:
    """The leading digit of a positive number (``2`` for 2,000)."""
    return round(float(x / 10 ** np.floor(np.log10(x)))) if x > 0 else 0
