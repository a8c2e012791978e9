"""The figures' common style: matplotlib on demand, palette, sizes, Figure and Axes.

Every figure of :mod:`migstats.plots` draws with these colours and sizes
and gets its Figure and Axes here; matplotlib is imported only when a
figure is drawn, so that ``import migstats.plots`` works without it.
"""

from __future__ import annotations

from typing import Any

from .._base import invalid_value

#: Message of the ImportError raised when matplotlib is not installed.
MATPLOTLIB_MISSING = "migstats plots need matplotlib: pip install 'migstats[plot]'"

#: Colours of the report's dimensions, in turn, and of the verdicts: the
#: colour-blind-safe palette of Okabe and Ito (2008), "Color Universal Design".
DIMENSION_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
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

#: Figure width and the height per row of the forest-type plots (inches),
#: plus the room for title and axis.
FIGURE_WIDTH = 8.0
FIGURE_MARGIN_HEIGHT = 1.6

#: Distance (inches) from the bottom of the axes to the top of a legend placed
#: under them: room for the tick labels and a two-line axis label.
LEGEND_GAP_INCHES = 0.75


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


def legend_below(fig: Any, ax: Any, **kwargs: Any) -> Any:
    """The legend of ``ax`` under the plot, inside the figure whatever its size.

    A figure the function made (one Axes, constrained layout) gets a figure
    legend at ``"outside lower center"``, for which the layout makes room; an
    Axes the caller gave keeps its legend on the Axes, placed below it.
    """
    if len(fig.axes) == 1 and fig.get_layout_engine() is not None:
        handles, labels = ax.get_legend_handles_labels()
        return fig.legend(handles, labels, loc="outside lower center", **kwargs)
    anchor = (0.5, -LEGEND_GAP_INCHES / _axes_height(fig, ax))
    return ax.legend(loc="upper center", bbox_to_anchor=anchor, **kwargs)


def _axes_height(fig: Any, ax: Any) -> float:
    """Height of ``ax`` in inches (before layout), to place a legend below it."""
    return max(ax.get_position().height * fig.get_figheight(), 1.0)
