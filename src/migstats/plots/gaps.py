"""Figure: the gradient of every item across the report's ordered dimensions (forest plot).

Owns :func:`plot_gaps`, which draws the slope index of inequality or the
extreme-group gap of :func:`migstats.gradient_table`, with intervals, one
row per item and one mark per dimension.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._base import check_option, invalid_value
from .._core import PERCENT_SCALE
from .._corpus import Report, SampleDesign
from ._design import (
    _assumption_note,
    _report_and_design,
    _single_deff,
    _single_n,
    assume_equal_shares,
)
from ._style import (
    DIMENSION_COLOURS,
    FIGURE_MARGIN_HEIGHT,
    _figure_and_axes,
    _matplotlib,
    legend_below,
)

#: What :func:`plot_gaps` can show: the slope index of inequality or the
#: extreme-group gap (both from :func:`migstats.gradient_table`).
GAP_MEASURES: tuple[str, ...] = ("sii", "gap")

#: Vertical offset (in rows) of the outermost dimensions' marks of one item.
DIMENSION_OFFSET = 0.17

#: Height per item row (inches).
ROW_HEIGHT_GAPS = 0.42

#: Fewest rows the gaps figure is sized for, so that a report with one or two
#: items leaves room for the axis label and the legend below it.
MIN_GAP_ROWS = 4


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
    return DIMENSION_COLOURS[k % len(DIMENSION_COLOURS)]


def plot_gaps(
    *,
    report: Any = None,
    design: SampleDesign | None = None,
    dimensions: Any = None,
    measure: str = "sii",
    response: str | None = None,
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
    response : str, optional
        Response analysed, as in :func:`migstats.gradient_table` (items
        without it use their only published response, e.g. ``"6-10"``);
        default the report's ``defaultResponse`` where an item publishes it,
        else each item's first published response.  The label of each item
        names its response where it is not the one in the title.
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
    >>> fig.legends[0].get_title().get_text()
    'gradient by'
    """
    from .._tables import gradient_table

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
        logistic=False,  # the figure draws the slope index or the gap only
    )
    rows = max(_n_items(gt), MIN_GAP_ROWS)
    fig, ax = _figure_and_axes(ax, FIGURE_MARGIN_HEIGHT + ROW_HEIGHT_GAPS * rows)
    labels, tables = _item_labels(rep)
    keys = list(dict.fromkeys(zip(gt["table"], gt["item"], gt["response"], strict=True)))
    # the response named in the title: the one asked for, else the report's default
    shown = response if response is not None else rep.default_response
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
        + ("" if r == shown else f" ({r})")
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
        shown,
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
    share = f"share '{response}' unless stated" if response else "share of the response stated"
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
        f"{title}\n{share}, {100 * level:g}% intervals\n{note}{equal}",
        fontsize="medium",
    )
    legend_below(fig, ax, title="gradient by", ncols=min(len(dims), 3), fontsize="small")
    ax.grid(axis="x", alpha=0.3)


def _n_items(gt: pd.DataFrame) -> int:
    return int(gt[["table", "item", "response"]].drop_duplicates().shape[0])
