"""Figure: a published response distribution with simultaneous intervals and its rounding range.

Owns :func:`plot_distribution` (Sison-Glaz or Goodman intervals of
:func:`migstats.multinomial_ci`, and the range each printed percentage
allows, :func:`migstats.rounding_interval`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._base import MigstatsValueError, invalid_value
from .._core import PERCENT_SCALE
from .._corpus import Report, SampleDesign
from ._design import _assumption_note, _report_and_design, _single_deff, _single_n
from ._style import BAR_COLOUR, ROUNDING_COLOUR, _figure_and_axes, _matplotlib

#: Height of the figure (inches).
DISTRIBUTION_HEIGHT = 4.5

#: Largest rounding error per published whole percentage (0.5 points): a
#: distribution summing to within this of 100 is complete; derived from
#: rounding to whole numbers.
DISTRIBUTION_ROUNDING_SLACK = 0.5

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
    from .._core import multinomial_ci, rounding_interval

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
    if isinstance(low, str) and isinstance(high, str) and low.strip() and high.strip():
        return f"Scale point\n{low}; {high}"
    return "Response"
