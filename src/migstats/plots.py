"""Figures of the chapter 7 reanalysis (needs the optional ``plot`` extra).

This module owns three figures and :func:`save`:

* :func:`plot_gaps` -- forest plot of the education and income gradient of
  every item (slope index of inequality or extreme-group gap, with intervals),
  from :func:`migstats.gradient_table`;
* :func:`plot_distribution` -- a complete response distribution (table 7.1)
  with simultaneous Sison-Glaz intervals (:func:`migstats.multinomial_ci`)
  and the range each printed percentage allows
  (:func:`migstats.rounding_interval`);
* :func:`plot_breakeven` -- every claim's break-even sample size
  (:func:`migstats.audit`) against the plausible range of n.

matplotlib is imported inside the functions, so ``import migstats.plots``
works without it; calling a plot function without matplotlib raises an
:class:`ImportError` that says how to install it.  Figures are built with
:class:`matplotlib.figure.Figure` (no pyplot, no GUI backend, nothing shown),
so the functions are safe in scripts, servers and tests.  Every function
returns the Figure (the one of ``ax`` if an Axes is given).  The statistics
are computed by the library; this module only draws them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._base import MigstatsValueError, check_deff, check_n, check_option, invalid_value
from ._core import PERCENT_SCALE
from ._corpus import LISS_2023, SampleDesign

__all__ = [
    "FIGURE_FORMATS",
    "GAP_MEASURES",
    "MATPLOTLIB_MISSING",
    "figure_format",
    "plot_breakeven",
    "plot_distribution",
    "plot_gaps",
    "save",
]

#: Message of the ImportError raised when matplotlib is not installed.
MATPLOTLIB_MISSING = "migstats plots need matplotlib: pip install 'migstats[plot]'"

#: File formats :func:`save` writes, chosen by the path's suffix.
FIGURE_FORMATS: tuple[str, ...] = ("png", "svg", "pdf")

#: What :func:`plot_gaps` can show: the slope index of inequality or the
#: extreme-group gap (both from :func:`migstats.gradient_table`).
GAP_MEASURES: tuple[str, ...] = ("sii", "gap")

#: Resolution of PNG files (dots per inch): sharp on screens and in print.
PNG_DPI = 150

#: Salt of the element ids matplotlib writes into SVG files.  Fixed so that a
#: regenerated SVG is byte-identical when the figure is (matplotlib's
#: ``svg.hashsalt`` rcParam).
SVG_HASH_SALT = "migstats"

#: Colours of the two gradient dimensions and of the verdicts: the
#: colour-blind-safe palette of Okabe and Ito (2008), "Color Universal Design".
DIMENSION_COLOURS = {"education": "#0072B2", "income": "#D55E00"}
VERDICT_COLOURS = {
    "supported": "#009E73",
    "not significant": "#E69F00",
    "contradicted": "#D55E00",
    "inconsistent": "#CC79A7",
}

#: Neutral colours: published values, rounding ranges, the plausible-n band.
BAR_COLOUR = "#BBBBBB"
ROUNDING_COLOUR = "#555555"
BAND_COLOUR = "#56B4E9"

#: Vertical offset (in rows) of the education and income marks of one item.
DIMENSION_OFFSET = 0.17

#: Figure width and the height per row of the forest-type plots (inches),
#: plus the room for title and axis.
FIGURE_WIDTH = 8.0
ROW_HEIGHT_GAPS = 0.42
ROW_HEIGHT_BREAKEVEN = 0.17
FIGURE_MARGIN_HEIGHT = 1.6
DISTRIBUTION_HEIGHT = 4.5

#: Distance (inches) from the bottom of the axes to the top of a legend placed
#: under them: room for the tick labels and a two-line axis label.
LEGEND_GAP_INCHES = 0.75

#: Font size of the claim ids in :func:`plot_breakeven` (many rows).
SMALL_FONT = 7

#: Where claims with an infinite break-even n are drawn, as a multiple of
#: the largest finite break-even n (or of the plausible range's upper end).
INFINITE_POSITION = 3.0


def _matplotlib():
    """Import matplotlib's Figure class, or explain how to install matplotlib."""
    try:
        import matplotlib  # noqa: F401
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise ImportError(MATPLOTLIB_MISSING) from exc
    return Figure


def _figure_and_axes(ax: Any, height: float):
    Figure = _matplotlib()
    if ax is None:
        fig = Figure(figsize=(FIGURE_WIDTH, height), layout="constrained")
        return fig, fig.add_subplot()
    if not hasattr(ax, "figure") or not hasattr(ax, "errorbar"):
        raise invalid_value("ax", "a matplotlib Axes or None", type(ax).__name__)
    return ax.figure, ax


def _axes_height(fig: Any, ax: Any) -> float:
    """Height of ``ax`` in inches (before layout), to place a legend below it."""
    return max(ax.get_position().height * fig.get_figheight(), 1.0)


def _single_n(n: Any, design: SampleDesign) -> int:
    if n is None:
        return int(design.n)
    if np.ndim(n) != 0:
        raise invalid_value("n", "a single integer >= 1", n)
    return int(check_n(n, "n"))


def _single_deff(deff: Any, design: SampleDesign) -> float:
    if deff is None:
        return float(design.deff)
    if np.ndim(deff) != 0:
        raise invalid_value("deff", "a single number > 0", deff)
    return float(check_deff(deff))


def _check_design(design: Any) -> SampleDesign:
    if not isinstance(design, SampleDesign):
        raise invalid_value("design", "a SampleDesign", type(design).__name__)
    return design


def _assumption_note(n: int, deff: float, design: SampleDesign) -> str:
    lo, hi = design.n_range
    return f"n = {n:,} (assumed; plausible {lo:,}-{hi:,}), deff = {deff:g}"


def plot_gaps(
    *,
    design: SampleDesign = LISS_2023,
    measure: str = "sii",
    response: str = "agree",
    n: int | None = None,
    deff: float | None = None,
    confidence_level: float = 0.95,
    ax: Any = None,
):
    """Forest plot of the education and income gradient of every item.

    Parameters
    ----------
    design : SampleDesign, default LISS_2023
        Group sizes and shares (and the default ``n`` and ``deff``).
    measure : {"sii", "gap"}, default "sii"
        ``"sii"``: slope index of inequality (fitted top minus bottom of the
        ordering on the ridit scale); ``"gap"``: highest minus lowest group.
    response : str, default "agree"
        Response analysed, as in :func:`migstats.gradient_table` (items
        without it use their only published response, e.g. ``"6-10"``).
    n : int, optional
        Total sample size; default ``design.n``.
    deff : float, optional
        Kish design effect; default ``design.deff``.
    confidence_level : float, default 0.95
        Level of the intervals (pointwise, not adjusted for the number of
        items).
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes; default a new Figure.

    Returns
    -------
    matplotlib.figure.Figure
        One row per item (top to bottom in the chapter's order), an
        education and an income mark with its interval, in percentage points.

    Raises
    ------
    ImportError
        If matplotlib is not installed (the message says how to install it).
    MigstatsValueError
        If ``measure`` is unknown, ``n``/``deff`` are invalid or not single
        numbers, ``design`` is not a SampleDesign or ``ax`` is not an Axes
        (and as :func:`migstats.gradient_table`).

    Notes
    -----
    Draws the columns ``sii, sii_ci_low, sii_ci_high`` (or ``gap,
    gap_ci_low, gap_ci_high``) of :func:`migstats.gradient_table` (in points):
    the SII interval is a Wald interval (:func:`migstats.slope_index`), the
    gap interval Newcombe's hybrid score interval (:func:`migstats.diff_ci`).
    Positive values mean the share is higher in the upper education or
    income groups.  The group sizes follow from the assumed ``n`` and the
    design's shares, so the widths of the intervals are assumptions too.

    References
    ----------
    .. [1] Mackenbach, J. P., & Kunst, A. E. (1997). Measuring the magnitude
       of socio-economic inequalities in health. *Social Science & Medicine*,
       44(6), 757-771.
    .. [2] Okabe, M., & Ito, K. (2008). Color Universal Design (CUD): how to
       make figures and presentations that are friendly to colorblind people.

    Examples
    --------
    >>> from migstats.plots import plot_gaps
    >>> fig = plot_gaps()
    >>> fig.axes[0].get_xlabel()[:28]
    'Slope index of inequality (p'
    """
    from ._corpus import load_items
    from ._tables import gradient_table

    _matplotlib()  # fail before any computation if matplotlib is missing
    design = _check_design(design)
    measure = check_option(measure, "measure", GAP_MEASURES)
    n_total = _single_n(n, design)
    d = _single_deff(deff, design)
    gt = gradient_table(
        design=design, n=n_total, deff=d, response=response, confidence_level=confidence_level
    )
    fig, ax = _figure_and_axes(ax, FIGURE_MARGIN_HEIGHT + ROW_HEIGHT_GAPS * _n_items(gt))
    catalogue = load_items().set_index("item")
    labels, tables = catalogue["label_en"], catalogue["table"]
    keys = list(dict.fromkeys(zip(gt["table"], gt["item"], gt["response"], strict=True)))
    ypos = {key: -i for i, key in enumerate(keys)}
    for j, dim in enumerate(("education", "income")):
        sub = gt[gt["dimension"] == dim]
        if sub.empty:
            continue
        est = sub[measure].to_numpy(dtype=float)  # gradient_table: in points
        low = sub[f"{measure}_ci_low"].to_numpy(dtype=float)
        high = sub[f"{measure}_ci_high"].to_numpy(dtype=float)
        y = np.array(
            [ypos[k] for k in zip(sub["table"], sub["item"], sub["response"], strict=True)],
            dtype=float,
        ) + (DIMENSION_OFFSET if j == 0 else -DIMENSION_OFFSET)
        ax.errorbar(
            est,
            y,
            xerr=np.vstack([est - low, high - est]),
            fmt="o",
            color=DIMENSION_COLOURS[dim],
            markersize=4,
            capsize=2,
            label=dim,
        )
    ax.axvline(0.0, color="black", linewidth=0.8)
    ticks = [
        f"{tables.get(item, str(t).split('+')[0])} {labels.get(item, item)}"
        + ("" if r == response else f" ({r})")
        for t, item, r in keys
    ]
    ax.set_yticks([ypos[k] for k in keys], ticks)
    ax.set_ylim(-len(keys) + 0.5, 0.5)
    if measure == "sii":
        xlabel = "Slope index of inequality (percentage points)\ntop minus bottom of the ordering"
        what = "slope index of inequality"
    else:
        xlabel = "Gap (percentage points)\nhighest minus lowest group"
        what = "extreme-group gap"
    ax.set_xlabel(xlabel)
    ax.set_title(
        f"Education and income gradients: {what}\n"
        f"share '{response}' unless stated, {100 * confidence_level:g}% intervals\n"
        f"{_assumption_note(n_total, d, design)}",
        fontsize="medium",
    )
    ax.legend(
        title="gradient by",
        loc="upper center",
        bbox_to_anchor=(0.5, -LEGEND_GAP_INCHES / _axes_height(fig, ax)),
        ncols=2,
        fontsize="small",
    )
    ax.grid(axis="x", alpha=0.3)
    return fig


def _n_items(gt: pd.DataFrame) -> int:
    return int(gt[["table", "item", "response"]].drop_duplicates().shape[0])


def _distribution_rows(table: Any, item: str | None) -> tuple[pd.DataFrame, pd.Series]:
    """The total-sample rows of one complete K-point distribution, in scale order."""
    from ._corpus import TABLE_IDS, load_items, load_table

    if not isinstance(table, str) or table not in TABLE_IDS:
        raise invalid_value("table", "one of " + ", ".join(repr(t) for t in TABLE_IDS), table)
    rows = load_table(table)
    items = load_items().set_index("item")
    complete = {}
    for it, sub in rows[rows["dimension"] == "total"].groupby("item", sort=False):
        scale = str(items.loc[it, "scale"]) if it in items.index else ""
        head = scale.split("-point")[0]
        if not head.isdigit():
            continue
        codes = [str(c) for c in range(1, int(head) + 1)]
        if set(codes) <= set(sub["response"]):
            complete[it] = sub.set_index("response").loc[codes].reset_index()
    if not complete:
        raise invalid_value(
            "table", "a table with a complete response distribution (e.g. '7.1')", table
        )
    if item is None:
        if len(complete) > 1:
            raise invalid_value("item", "one of " + ", ".join(repr(i) for i in complete), item)
        item = next(iter(complete))
    if item not in complete:
        raise invalid_value("item", "one of " + ", ".join(repr(i) for i in complete), item)
    return complete[item], items.loc[item]


def plot_distribution(
    table: str = "7.1",
    *,
    item: str | None = None,
    design: SampleDesign = LISS_2023,
    n: int | None = None,
    deff: float | None = None,
    method: str = "sison_glaz",
    confidence_level: float = 0.95,
    ax: Any = None,
):
    """A published response distribution with simultaneous intervals and its rounding range.

    Parameters
    ----------
    table : str, default "7.1"
        A chapter table with a complete distribution of the total sample
        (every point of a K-point scale); in chapter 7 that is table 7.1.
    item : str, optional
        The item, if the table has several complete distributions.
    design : SampleDesign, default LISS_2023
        Default ``n`` and ``deff`` and the rounding rule of the published
        numbers (``design.rounding``, ``design.decimals``).
    n : int, optional
        Total sample size; default ``design.n``.
    deff : float, optional
        Kish design effect; default ``design.deff``.
    method : {"sison_glaz", "goodman"}, default "sison_glaz"
        Simultaneous interval method of :func:`migstats.multinomial_ci`.
    confidence_level : float, default 0.95
        Simultaneous (family) level: all categories are covered together.
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes; default a new Figure.

    Returns
    -------
    matplotlib.figure.Figure
        Bars at the published percentages, the range of true values each
        printed percentage allows (dark band) and the simultaneous intervals
        (error bars).

    Raises
    ------
    ImportError
        If matplotlib is not installed.
    MigstatsValueError
        If ``table`` is unknown or has no complete distribution, ``item`` is
        ambiguous or unknown, or ``n``, ``deff``, ``method``,
        ``confidence_level``, ``design`` or ``ax`` are invalid.

    Notes
    -----
    The counts are ``k_j = p_j / 100 * n`` (fractional: the percentages are
    weighted).  Sison-Glaz needs whole counts, so the effective counts
    ``k_j / deff`` are rounded to integers (``multinomial_ci(...,
    round_counts=True)``); the change is below one respondent per category.
    Goodman's intervals take fractional counts as they are.  The rounding
    range of a printed ``p`` is :func:`migstats.rounding_interval` under the
    design's rule, intersected with [0, 100].

    References
    ----------
    .. [1] Sison, C. P., & Glaz, J. (1995). Simultaneous confidence intervals
       and sample size determination for multinomial proportions. *Journal
       of the American Statistical Association*, 90, 366-369.
    .. [2] Goodman, L. A. (1965). On simultaneous confidence intervals for
       multinomial proportions. *Technometrics*, 7, 247-254.

    Examples
    --------
    >>> from migstats.plots import plot_distribution
    >>> fig = plot_distribution("7.1", n=100)
    >>> len(fig.axes[0].patches)     # 10 bars and 10 rounding ranges
    20
    >>> fig.axes[0].get_ylabel()
    'Percent of respondents'
    """
    from ._core import multinomial_ci, rounding_interval

    _matplotlib()  # fail before any computation if matplotlib is missing
    design = _check_design(design)
    n_total = _single_n(n, design)
    d = _single_deff(deff, design)
    rows, meta = _distribution_rows(table, item)
    pct = rows["percent"].to_numpy(dtype=float)
    ci = multinomial_ci(
        pct / PERCENT_SCALE * n_total,
        method=method,
        confidence_level=confidence_level,
        deff=d,
        round_counts=True,
    )
    iv = rounding_interval(rows["reported"].astype(str).to_numpy(), rounding=design.rounding)
    r_lo = np.clip(np.asarray(iv.low, dtype=float), 0.0, PERCENT_SCALE)
    r_hi = np.clip(np.asarray(iv.high, dtype=float), 0.0, PERCENT_SCALE)
    low = PERCENT_SCALE * np.asarray(ci.low, dtype=float)
    high = PERCENT_SCALE * np.asarray(ci.high, dtype=float)
    fig, ax = _figure_and_axes(ax, DISTRIBUTION_HEIGHT)
    x = np.arange(len(rows))
    ax.bar(x, pct, width=0.7, color=BAR_COLOUR, label="published percentage")
    ax.bar(
        x,
        r_hi - r_lo,
        bottom=r_lo,
        width=0.7,
        color=ROUNDING_COLOUR,
        label="true values the rounding allows",
    )
    names = {"sison_glaz": "Sison-Glaz", "goodman": "Goodman"}
    ax.errorbar(
        x,
        pct,
        yerr=np.vstack([np.maximum(pct - low, 0.0), np.maximum(high - pct, 0.0)]),
        fmt="none",
        ecolor="black",
        capsize=4,
        label=f"{100 * confidence_level:g}% simultaneous interval ({names.get(method, method)})",
    )
    ax.set_xticks(x, rows["response"].astype(str).tolist())
    ax.set_xlabel(f"Scale point\n{meta['scale_low']}; {meta['scale_high']}")
    ax.set_ylabel("Percent of respondents")
    ax.set_title(
        f"Table {table}: {meta['label_en']}, whole sample\n"
        f"({_assumption_note(n_total, d, design)})",
        fontsize="medium",
    )
    ax.legend(loc="upper left", fontsize="small")
    ax.grid(axis="y", alpha=0.3)
    return fig


def plot_breakeven(
    audit_df: pd.DataFrame | None = None,
    *,
    design: SampleDesign = LISS_2023,
    n: int | None = None,
    deff: float | None = None,
    alpha: float = 0.05,
    correction: str = "holm",
    ax: Any = None,
    title: str | None = None,
):
    """Every tested claim's break-even sample size against the plausible range of n.

    Parameters
    ----------
    audit_df : pandas.DataFrame, optional
        A result of :func:`migstats.audit`; default: run it with ``design``,
        ``n``, ``deff``, ``alpha`` and ``correction``.
    design : SampleDesign, default LISS_2023
        The plausible range ``design.n_range`` (shaded band) and assumed
        ``design.n`` (or ``n``; vertical line).
    n : int, optional
        Total sample size marked and passed to the audit; default
        ``design.n``.
    deff : float, optional
        Kish design effect of the audit; default ``design.deff``.  Ignored
        when ``audit_df`` is given.
    alpha : float, default 0.05
        Significance level of the audit (ignored with ``audit_df``).
    correction : str, default "holm"
        Multiple-testing correction of the audit (ignored with ``audit_df``).
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes; default a new Figure.
    title : str, optional
        Figure title; default names chapter 7 for its design (LISS_2023) and no
        report otherwise.

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
        If ``audit_df`` is not an audit DataFrame, or as
        :func:`migstats.audit` for the other arguments.

    Notes
    -----
    The break-even n (column ``breakeven_n`` of :func:`migstats.audit`) is
    the smallest total sample size at which the claim alone, unadjusted for
    multiplicity, would be significant in the claimed direction at the
    audit's design effect.  A claim whose break-even n lies right of the
    band needs a larger survey than the LISS panel plausibly had; one inside
    the band depends on the unknown n.  Claims not tested statistically
    (consistency checks, untestable claims) have no break-even n and are
    left out.

    References
    ----------
    .. [1] Miettinen, O., & Nurminen, M. (1985). Comparative analysis of two
       rates. *Statistics in Medicine*, 4, 213-226.

    Examples
    --------
    >>> import pandas as pd
    >>> from migstats.plots import plot_breakeven
    >>> df = pd.DataFrame({"claim_id": ["C1", "C2", "C3"],
    ...                    "breakeven_n": [462.0, 4661.0, float("inf")],
    ...                    "verdict": ["supported", "not significant", "contradicted"]})
    >>> ax = plot_breakeven(df).axes[0]
    >>> ax.get_xscale(), [t.get_text() for t in ax.get_yticklabels()]
    ('log', ['C1', 'C2', 'C3'])

    With ``audit_df=None`` it runs :func:`migstats.audit` first (a few seconds).
    """
    from ._audit import audit

    _matplotlib()  # fail before any computation if matplotlib is missing
    design = _check_design(design)
    n_total = _single_n(n, design)
    if audit_df is None:
        audit_df = audit(design=design, n=n_total, deff=deff, alpha=alpha, correction=correction)
    needed = {"claim_id", "breakeven_n", "verdict"}
    if not isinstance(audit_df, pd.DataFrame) or not needed <= set(audit_df.columns):
        raise invalid_value(
            "audit_df",
            "a DataFrame from migstats.audit (columns claim_id, breakeven_n, verdict)",
            type(audit_df).__name__,
        )
    be = pd.to_numeric(audit_df["breakeven_n"], errors="coerce")
    tested = audit_df.assign(breakeven_n=be)[be.notna()]
    if tested.empty:
        raise MigstatsValueError(
            "audit_df must hold at least one tested claim (a breakeven_n that is not NaN), "
            "but got none"
        )
    tested = tested.sort_values("breakeven_n", kind="stable")
    values = tested["breakeven_n"].to_numpy(dtype=float)
    finite = np.isfinite(values)
    lo, hi = design.n_range
    right = INFINITE_POSITION * max(float(values[finite].max()) if finite.any() else hi, hi)
    fig, ax = _figure_and_axes(ax, FIGURE_MARGIN_HEIGHT + ROW_HEIGHT_BREAKEVEN * len(tested))
    y = -np.arange(len(tested), dtype=float)
    ax.axvspan(lo, hi, color=BAND_COLOUR, alpha=0.25, label=f"plausible n ({lo:,}-{hi:,})")
    ax.axvline(
        n_total, color="black", linestyle="--", linewidth=1, label=f"assumed n ({n_total:,})"
    )
    verdicts = tested["verdict"].astype(str).to_numpy()
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
    ax.set_xscale("log")
    ax.set_yticks(y, tested["claim_id"].astype(str).tolist(), fontsize=SMALL_FONT)
    ax.set_ylim(y.min() - 0.7, 0.7)
    ax.set_xlabel(
        "Break-even total n: smallest n at which the claim alone is significant (log scale)"
    )
    ax.set_ylabel("Claim")
    if title is None:  # chapter 7's wording only for chapter 7's design
        title = (
            "Break-even sample size of every tested claim of chapter 7\n"
            "(unadjusted; claims right of the band need a larger survey than the panel had)"
            if design is LISS_2023
            else "Break-even sample size of every tested claim\n"
            "(unadjusted; claims right of the band need a larger survey)"
        )
    ax.set_title(title, fontsize="medium")
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -LEGEND_GAP_INCHES / _axes_height(fig, ax)),
        ncols=2,
        fontsize="small",
    )
    ax.grid(axis="x", which="major", alpha=0.3)
    return fig


def figure_format(path: str | Path) -> str:
    """The figure format that :func:`save` writes for ``path`` (from its suffix).

    Parameters
    ----------
    path : str or pathlib.Path
        A file name ending in ``.png``, ``.svg`` or ``.pdf`` (any case).

    Returns
    -------
    str
        ``"png"``, ``"svg"`` or ``"pdf"``.

    Raises
    ------
    MigstatsValueError
        If the suffix is not one of :data:`FIGURE_FORMATS`.

    Notes
    -----
    Checked before any figure is drawn by ``migstats plot``, so that a
    wrong file name fails fast.  Does not need matplotlib.

    References
    ----------
    .. [1] matplotlib documentation, ``Figure.savefig``.

    Examples
    --------
    >>> from migstats.plots import figure_format
    >>> figure_format("docs/figures/gaps.SVG")
    'svg'
    """
    if not isinstance(path, str | Path):
        raise invalid_value("path", "a file name ending in .png, .svg or .pdf", path)
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in FIGURE_FORMATS:
        raise invalid_value("path", "a file name ending in .png, .svg or .pdf", str(path))
    return fmt


def save(fig: Any, path: str | Path, *, dpi: int = PNG_DPI) -> Path:
    """Write a figure to ``path`` in the format its suffix names.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (as returned by the plot functions).
    path : str or pathlib.Path
        Target file ending in ``.png``, ``.svg`` or ``.pdf``.
    dpi : int, default 150
        Resolution of PNG files (:data:`PNG_DPI`).

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    ImportError
        If matplotlib is not installed.
    MigstatsValueError
        If the suffix is not png, svg or pdf, ``fig`` is not a Figure or
        ``dpi`` is not a positive integer.
    OSError
        If the file cannot be written.

    Notes
    -----
    Written reproducibly: no creation date in SVG and PDF metadata, and a
    fixed ``svg.hashsalt`` (:data:`SVG_HASH_SALT`), so the same figure gives
    the same file and regenerated documentation changes only when the
    results do.

    References
    ----------
    .. [1] matplotlib documentation, ``Figure.savefig`` and the
       ``svg.hashsalt`` rcParam.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from matplotlib.figure import Figure
    >>> from migstats.plots import save
    >>> fig = Figure()
    >>> _ = fig.add_subplot().plot([0, 1], [0, 1])
    >>> out = save(fig, pathlib.Path(tempfile.mkdtemp()) / "line.svg")
    >>> out.suffix, out.stat().st_size > 0
    ('.svg', True)
    """
    fmt = figure_format(path)
    _matplotlib()
    import matplotlib

    if not isinstance(fig, matplotlib.figure.Figure):
        raise invalid_value("fig", "a matplotlib Figure", type(fig).__name__)
    dpi = int(check_n(dpi, "dpi"))
    metadata = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}
    out = Path(path)
    with matplotlib.rc_context({"svg.hashsalt": SVG_HASH_SALT}):
        fig.savefig(out, format=fmt, dpi=dpi, metadata=metadata[fmt])
    return out
