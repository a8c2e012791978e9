"""Figures of a report's reanalysis (needs the optional ``plot`` extra).

This module owns three figures of any report (``report=``: the bundled
chapter 7 by default, another bundled report, a package directory or a
:class:`migstats.Report`) and :func:`save`:

* :func:`plot_gaps` -- forest plot of the gradients of every item across the
  report's ordered dimensions (slope index of inequality or extreme-group
  gap, with intervals), from :func:`migstats.gradient_table`;
* :func:`plot_distribution` -- a complete response distribution (chapter 7:
  table 7.1) with simultaneous Sison-Glaz intervals
  (:func:`migstats.multinomial_ci`) and the range each printed percentage
  allows (:func:`migstats.rounding_interval`);
* :func:`plot_breakeven` -- every claim's break-even sample size
  (:func:`migstats.audit`) against the plausible range of n.

A dimension without published group shares is drawn, as the audit tests it,
under the assumption of equal shares (:func:`assume_equal_shares`), and the
figure says so.

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
from ._corpus import Report, SampleDesign, load_report

__all__ = [
    "FIGURE_FORMATS",
    "GAP_MEASURES",
    "MATPLOTLIB_MISSING",
    "assume_equal_shares",
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
#: Colours of any other report's dimensions, in turn (Okabe and Ito, 2008).
OTHER_DIMENSION_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
VERDICT_COLOURS = {
    "supported": "#009E73",
    "depends on n": "#0072B2",
    "not supported": "#E69F00",
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

#: Fewest rows the gaps figure is sized for, so that a report with one or two
#: items leaves room for the axis label and the legend below it.
MIN_GAP_ROWS = 4

#: Distance (inches) from the bottom of the axes to the top of a legend placed
#: under them: room for the tick labels and a two-line axis label.
LEGEND_GAP_INCHES = 0.75

#: Font size of the claim ids in :func:`plot_breakeven` (many rows).
SMALL_FONT = 7

#: Largest rounding error per published whole percentage (0.5 points): a
#: distribution summing to within this of 100 is complete; derived from
#: rounding to whole numbers.
DISTRIBUTION_ROUNDING_SLACK = 0.5

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
    known = "published" if lo == hi == n else f"assumed; plausible {lo:,}-{hi:,}"
    return f"n = {n:,} ({known}), deff = {deff:g}"


def _report_and_design(report: Any, design: Any) -> tuple[Report, SampleDesign]:
    """The report (default chapter 7) and the design (default the report's)."""
    rep = load_report() if report is None else load_report(report)
    return rep, rep.design if design is None else _check_design(design)


def assume_equal_shares(
    design: SampleDesign, dimensions: dict[str, Any]
) -> tuple[SampleDesign, tuple[str, ...]]:
    """``design`` with equal group shares for each dimension it has no shares for.

    Parameters
    ----------
    design : SampleDesign
        The report's design.
    dimensions : mapping of str to sequence of str
        The dimensions to analyse, each with its groups in order.

    Returns
    -------
    (SampleDesign, tuple of str)
        The design with ``1/k`` for each of the ``k`` groups of a dimension
        without shares, and the names of those dimensions (empty: ``design``
        itself).

    Notes
    -----
    The audit's assumption for a dimension whose class sizes the design does
    not know (:mod:`migstats._audit`, "equal shares assumed"), so a figure or
    a command that analyses such a dimension agrees with the audit.  The
    shares are an assumption, not data; callers state it.

    Examples
    --------
    >>> from migstats import load_report
    >>> pew = load_report("pew-inequality-2020")
    >>> d, assumed = assume_equal_shares(pew.design, {"age": ["18-29", "30-49"]})
    >>> assumed, dict(d.shares["age"])
    (('age',), {'18-29': 0.5, '30-49': 0.5})
    """
    import dataclasses

    missing = {
        dim: tuple(groups)
        for dim, groups in dimensions.items()
        if dim not in design.shares and len(groups) >= 2
    }
    if not missing:
        return design, ()
    shares = dict(design.shares)
    for dim, groups in missing.items():
        shares[dim] = dict.fromkeys(groups, 1.0 / len(groups))
    return dataclasses.replace(design, shares=shares), tuple(missing)


def _gap_dimensions(rep: Report, design: SampleDesign, dimensions: Any) -> dict[str, tuple]:
    """The ordered dimensions a gaps figure draws (default: those with design shares)."""
    if dimensions is None:
        dims = [d for d in rep.ordered if d in design.shares]
    else:
        dims = [dimensions] if isinstance(dimensions, str) else list(dimensions)
        bad = [d for d in dims if d not in rep.ordered]
        if bad or not dims:
            raise invalid_value(
                "dimensions", f"ordered dimensions of report {rep.name!r} ({rep.ordered})", bad
            )
    if not dims:
        raise invalid_value(
            "dimensions",
            f"named: report {rep.name!r} has no ordered dimension with design shares "
            f"(ordered: {', '.join(rep.ordered) or 'none'})",
            dimensions,
        )
    return {d: tuple(rep.dimensions[d]) for d in dims}


def _item_labels(rep: Report) -> tuple[pd.Series, pd.Series]:
    """Each item's English label (its id where none) and table, by item id."""
    catalogue = rep.items.drop_duplicates("item").set_index("item")
    label = catalogue["label_en"] if "label_en" in catalogue else catalogue.index.to_series()
    return label.fillna(catalogue.index.to_series()), catalogue["table"].astype(str)


def _dimension_colour(rep: Report, dim: str, j: int) -> str:
    """A dimension's colour by its place in the report's ordering (the same in every figure)."""
    k = rep.ordered.index(dim) if dim in rep.ordered else j
    return OTHER_DIMENSION_COLOURS[k % len(OTHER_DIMENSION_COLOURS)]


def plot_gaps(
    *,
    report: Any = None,
    design: SampleDesign | None = None,
    dimensions: Any = None,
    measure: str = "sii",
    response: str = "agree",
    n: int | None = None,
    deff: float | None = None,
    confidence_level: float = 0.95,
    ax: Any = None,
):
    """Forest plot of the gradient of every item across the report's ordered dimensions.

    Parameters
    ----------
    report : Report, str or path, optional
        The report whose tables are drawn (see :func:`migstats.load_report`);
        default chapter 7.
    design : SampleDesign, optional
        Group sizes and shares (and the default ``n`` and ``deff``); default
        the report's design (chapter 7: ``LISS_2023``).
    dimensions : str or sequence of str, optional
        Ordered dimensions to draw; default every ordered dimension of the
        report with design shares (chapter 7: education and income).  A
        named dimension without shares gets equal shares
        (:func:`assume_equal_shares`), stated in the title.
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
        One row per item (top to bottom in the report's order), a mark with
        its interval per dimension, in percentage points.

    Raises
    ------
    ImportError
        If matplotlib is not installed (the message says how to install it).
    MigstatsValueError
        If ``measure`` or ``dimensions`` are unknown, ``n``/``deff`` are
        invalid or not single numbers, ``design`` is not a SampleDesign or
        ``ax`` is not an Axes (and as :func:`migstats.gradient_table`).

    Notes
    -----
    Draws the columns ``sii, sii_ci_low, sii_ci_high`` (or ``gap,
    gap_ci_low, gap_ci_high``) of :func:`migstats.gradient_table` in points:
    the SII interval is a Wald interval (:func:`migstats.slope_index`), the
    gap interval Newcombe's hybrid score interval (:func:`migstats.diff_ci`).
    Positive values mean the share is higher in the upper groups.  The group
    sizes follow from the assumed ``n`` and the design's shares, so the
    widths of the intervals are assumptions too.

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
    >>> fig = plot_gaps(report="pew-inequality-2020", response="right_amount")
    >>> fig.axes[0].get_legend().get_title().get_text()
    'gradient by'
    """
    from ._tables import gradient_table

    _matplotlib()  # fail before any computation if matplotlib is missing
    rep, design = _report_and_design(report, design)
    measure = check_option(measure, "measure", GAP_MEASURES)
    dims = _gap_dimensions(rep, design, dimensions)
    design, assumed = assume_equal_shares(design, dims)
    n_total = _single_n(n, design)
    d = _single_deff(deff, design)
    gt = gradient_table(
        report=rep,
        design=design,
        n=n_total,
        deff=d,
        response=response,
        confidence_level=confidence_level,
        dimensions={dim: {"groups": list(g), "ordered": True} for dim, g in dims.items()},
    )
    rows = max(_n_items(gt), MIN_GAP_ROWS)
    fig, ax = _figure_and_axes(ax, FIGURE_MARGIN_HEIGHT + ROW_HEIGHT_GAPS * rows)
    labels, tables = _item_labels(rep)
    keys = list(dict.fromkeys(zip(gt["table"], gt["item"], gt["response"], strict=True)))
    ypos = {key: -i for i, key in enumerate(keys)}
    offsets = np.linspace(DIMENSION_OFFSET, -DIMENSION_OFFSET, len(dims)) if len(dims) > 1 else [0]
    for j, dim in enumerate(dims):
        _draw_gap_marks(
            ax,
            gt[gt["dimension"] == dim],
            measure,
            ypos,
            offsets[j],
            dim,
            _dimension_colour(rep, dim, j),
        )
    ax.axvline(0.0, color="black", linewidth=0.8)
    ticks = [
        f"{tables.get(item, str(t).split('+')[0])} {labels.get(item, item)}"
        + ("" if r == response else f" ({r})")
        for t, item, r in keys
    ]
    ax.set_yticks([ypos[k] for k in keys], ticks)
    ax.set_ylim(-len(keys) + 0.5, 0.5)
    _gaps_labels(
        ax,
        fig,
        rep,
        dims,
        assumed,
        measure,
        response,
        confidence_level,
        _assumption_note(n_total, d, design),
    )
    return fig


def _draw_gap_marks(ax, sub, measure, ypos, offset, dim, colour) -> None:
    """One dimension's marks and intervals of the gaps figure."""
    if sub.empty:
        return
    # gradient_table's unit: points when its frame says "percent", else proportions
    scale = 1.0 if sub.attrs.get("units") == "percent" else PERCENT_SCALE
    est = scale * sub[measure].to_numpy(dtype=float)
    low = scale * sub[f"{measure}_ci_low"].to_numpy(dtype=float)
    high = scale * sub[f"{measure}_ci_high"].to_numpy(dtype=float)
    keys = zip(sub["table"], sub["item"], sub["response"], strict=True)
    y = np.array([ypos[k] for k in keys], dtype=float) + offset
    ax.errorbar(
        est,
        y,
        xerr=np.vstack([est - low, high - est]),
        fmt="o",
        color=colour,
        markersize=4,
        capsize=2,
        label=dim,
    )


def _gaps_labels(ax, fig, rep, dims, assumed, measure, response, level, note) -> None:
    """Axis label, title (with the assumptions) and legend of the gaps figure."""
    if measure == "sii":
        xlabel = "Slope index of inequality (percentage points)\ntop minus bottom of the ordering"
        what = "slope index of inequality"
    else:
        xlabel = "Gap (percentage points)\nhighest minus lowest group"
        what = "extreme-group gap"
    names = " and ".join(dims)
    title = names[:1].upper() + names[1:] + f" gradients: {what}"
    if rep.figure_tag:
        title += f" ({rep.figure_tag})"
    equal = f"; equal shares assumed for {', '.join(assumed)}" if assumed else ""
    ax.set_xlabel(xlabel)
    ax.set_title(
        f"{title}\nshare '{response}' unless stated, {100 * level:g}% intervals\n{note}{equal}",
        fontsize="medium",
    )
    ax.legend(
        title="gradient by",
        loc="upper center",
        bbox_to_anchor=(0.5, -LEGEND_GAP_INCHES / _axes_height(fig, ax)),
        ncols=min(len(dims), 3),
        fontsize="small",
    )
    ax.grid(axis="x", alpha=0.3)


def _n_items(gt: pd.DataFrame) -> int:
    return int(gt[["table", "item", "response"]].drop_duplicates().shape[0])


#: Label of the category added when a distribution's published shares sum to
#: less than 100 (derived: 100 minus their sum; no answer and the like).
REST_LABEL = "rest"


def _complete_responses(meta: pd.Series | None, published: set[str]) -> list[str] | None:
    """The responses of a complete distribution of one item, in scale order, or None.

    Complete: every point of a K-point scale (chapter 7's ``scale`` "10-point
    ...") or every response of the catalogue's ``responses_reported`` (at
    least two) is published for the total sample.
    """
    if meta is None:
        return None
    head = str(meta.get("scale", "")).split("-point")[0]
    if head.isdigit():
        codes = [str(c) for c in range(1, int(head) + 1)]
        return codes if set(codes) <= published else None
    listed = [r for r in str(meta.get("responses_reported", "")).split(";") if r]
    return listed if len(listed) >= 2 and set(listed) <= published else None


def _distribution_rows(rep: Report, table: Any, item: str | None) -> tuple[pd.DataFrame, Any]:
    """The total-sample rows of one complete distribution, in scale order."""
    if table is None:  # the first table with a complete distribution
        for t in rep.table_ids:
            try:
                return _distribution_rows(rep, t, item)
            except MigstatsValueError:
                continue
        raise invalid_value(
            "table", f"named: report {rep.name!r} has no complete response distribution", None
        )
    rows = rep.table(table)
    items = rep.items.drop_duplicates("item").set_index("item")
    complete = {}
    for it, sub in rows[rows["dimension"].astype(str) == "total"].groupby("item", sort=False):
        meta = items.loc[it] if it in items.index else None
        sub = sub.assign(response=sub["response"].astype(str))
        codes = _complete_responses(meta, set(sub["response"]))
        if codes is not None:
            complete[it] = (sub.set_index("response").loc[codes].reset_index(), meta)
    if not complete:
        raise invalid_value(
            "table", "a table with a complete response distribution (chapter 7: '7.1')", table
        )
    if item is None and len(complete) == 1:
        item = next(iter(complete))
    if item not in complete:
        raise invalid_value("item", "one of " + ", ".join(repr(i) for i in complete), item)
    return complete[item]


def _with_rest(pct: np.ndarray, labels: list[str]) -> tuple[np.ndarray, list[str], bool]:
    """Add the derived rest category when the published shares sum to less than 100."""
    rest = PERCENT_SCALE - float(pct.sum())
    if rest <= len(pct) * DISTRIBUTION_ROUNDING_SLACK:
        return pct, labels, False
    return np.append(pct, rest), [*labels, REST_LABEL], True


def plot_distribution(
    table: str | None = None,
    *,
    item: str | None = None,
    report: Any = None,
    design: SampleDesign | None = None,
    n: int | None = None,
    deff: float | None = None,
    method: str = "sison_glaz",
    confidence_level: float = 0.95,
    ax: Any = None,
):
    """A published response distribution with simultaneous intervals and its rounding range.

    Parameters
    ----------
    table : str, optional
        A table of the report with a complete distribution of the total
        sample (every point of a K-point scale, or every response the item
        catalogue lists in ``responses_reported``); default the report's
        first such table (chapter 7: table 7.1).
    item : str, optional
        The item, if the table has several complete distributions.
    report : Report, str or path, optional
        The report (see :func:`migstats.load_report`); default chapter 7.
    design : SampleDesign, optional
        Default ``n`` and ``deff`` and the rounding rule of the published
        numbers (``design.rounding``); default the report's design.
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
    design's rule, intersected with [0, 100].  When the published shares sum
    to less than 100 by more than their rounding allows (Pew's 61/23/13), the
    rest (100 minus the sum: no answer and the like) is drawn as a category
    of its own, hatched, so that the counts cover the sample.

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
    >>> fig = plot_distribution(report="pew-inequality-2020")   # 3 answers + the rest
    >>> len(fig.axes[0].patches)     # 4 bars and 3 rounding ranges
    7
    """
    from ._core import multinomial_ci, rounding_interval

    _matplotlib()  # fail before any computation if matplotlib is missing
    rep, design = _report_and_design(report, design)
    n_total = _single_n(n, design)
    d = _single_deff(deff, design)
    rows, meta = _distribution_rows(rep, table, item)
    table = str(rows["table"].iloc[0])
    published = rows["percent"].to_numpy(dtype=float)
    pct, responses, _ = _with_rest(published, rows["response"].astype(str).tolist())
    ci = multinomial_ci(
        pct / PERCENT_SCALE * n_total,
        method=method,
        confidence_level=confidence_level,
        deff=d,
        round_counts=True,
    )
    iv = rounding_interval(rows["reported"].astype(str).to_numpy(), rounding=design.rounding)
    fig, ax = _figure_and_axes(ax, DISTRIBUTION_HEIGHT)
    x = np.arange(len(pct))
    _draw_bars(ax, x, pct, len(published), iv)
    names = {"sison_glaz": "Sison-Glaz", "goodman": "Goodman"}
    low = PERCENT_SCALE * np.asarray(ci.low, dtype=float)
    high = PERCENT_SCALE * np.asarray(ci.high, dtype=float)
    ax.errorbar(
        x,
        pct,
        yerr=np.vstack([np.maximum(pct - low, 0.0), np.maximum(high - pct, 0.0)]),
        fmt="none",
        ecolor="black",
        capsize=4,
        label=f"{100 * confidence_level:g}% simultaneous interval ({names.get(method, method)})",
    )
    ax.set_xticks(x, responses)
    ax.set_xlabel(_scale_label(meta))
    ax.set_ylabel("Percent of respondents")
    label = meta.get("label_en", None) if meta is not None else None
    label = label if isinstance(label, str) and label else str(rows["item"].iloc[0])
    ax.set_title(
        f"Table {table}: {label}, whole sample"
        + (f" ({rep.figure_tag})" if rep.figure_tag else "")
        + f"\n({_assumption_note(n_total, d, design)})",
        fontsize="medium",
    )
    ax.legend(loc="best", fontsize="small")  # wherever it hides the fewest bars
    ax.grid(axis="y", alpha=0.3)
    return fig


def _draw_bars(ax: Any, x: np.ndarray, pct: np.ndarray, k: int, iv: Any) -> None:
    """The published bars, the derived rest (after the first ``k``) and the rounding ranges."""
    ax.bar(x[:k], pct[:k], width=0.7, color=BAR_COLOUR, label="published percentage")
    if len(pct) > k:
        ax.bar(
            x[k:],
            pct[k:],
            width=0.7,
            color="white",
            edgecolor=BAR_COLOUR,
            hatch="//",
            label="rest: 100 minus the published sum (derived)",
        )
    r_lo = np.clip(np.asarray(iv.low, dtype=float), 0.0, PERCENT_SCALE)
    r_hi = np.clip(np.asarray(iv.high, dtype=float), 0.0, PERCENT_SCALE)
    ax.bar(
        x[:k],
        r_hi - r_lo,
        bottom=r_lo,
        width=0.7,
        color=ROUNDING_COLOUR,
        label="true values the rounding allows",
    )


def _scale_label(meta: Any) -> str:
    """The x-axis label: the scale's ends where the catalogue gives them."""
    low, high = (
        meta.get(k, None) if meta is not None else None for k in ("scale_low", "scale_high")
    )
    if isinstance(low, str) and isinstance(high, str):
        return f"Scale point\n{low}; {high}"
    return "Response"


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
    from ._audit import audit, check_result

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
    ax.axvspan(lo, hi, color=BAND_COLOUR, alpha=0.25, label=f"plausible n ({lo:,}-{hi:,})")
    ax.axvline(
        n_total, color="black", linestyle="--", linewidth=1, label=f"assumed n ({n_total:,})"
    )
    _breakeven_points(ax, tested["verdict"].astype(str).to_numpy(), values, y, right)
    ax.set_xscale("log")
    ax.set_yticks(y, tested["claim_id"].astype(str).tolist(), fontsize=SMALL_FONT)
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
