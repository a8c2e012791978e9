"""Whole count vectors the rounded percentages of a table allow (:func:`reconstruct_counts`).

For every group of every distribution the feasible set of
:func:`migstats.feasible_counts` at the group size ``n_g`` the design
implies: the closest vector, the exact per-cell range and the number of
vectors (GRIM / SPRITE style reconstruction).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._base import RECONSTRUCT_COLUMNS
from .._core import REMAINDER_LABEL, feasible_counts
from .._corpus import SampleDesign
from .context import RANGE_REPORTED, TableContext, tables_label

__all__ = ["reconstruct_counts"]


def _block_rows(
    ctx: TableContext, key: tuple[str, str, str], block: pd.DataFrame, complete: bool, n_total: int
) -> list[dict[str, Any]]:
    """Rows of one distribution at total ``n_total`` (none for a range or approximate number)."""
    item, dim, grp = key
    reported = list(block["reported"].astype(str))
    if any(RANGE_REPORTED.match(r) for r in reported) or block["approximate"].any():
        return []  # a range or an approximate number has no count reconstruction
    n_g = ctx.group_size(dim, grp, n_total)
    remainder = not complete
    fc = feasible_counts(reported, n_g, rounding=ctx.rule, remainder=remainder)
    responses = list(block["response"]) + ([REMAINDER_LABEL] if remainder else [])
    percents = list(block["percent"].astype(float)) + ([np.nan] if remainder else [])
    tables = list(block["table"]) + ([tables_label(block["table"])] if remainder else [])
    if fc.consistent:
        point = fc.closest()
        c_lo, c_hi = fc.low, fc.high
    else:
        point = c_lo = c_hi = [pd.NA] * len(responses)
    n_feasible = fc.count()
    return [
        {
            "table": tables[j],
            "item": item,
            "response": resp,
            "dimension": dim,
            "group": grp,
            "n": int(n_total),
            "n_group": n_g,
            "percent": percents[j],
            "count": point[j],
            "count_low": c_lo[j],
            "count_high": c_hi[j],
            "n_feasible": n_feasible,
            "consistent": bool(fc.consistent),
        }
        for j, resp in enumerate(responses)
    ]


def reconstruct_counts(
    table: str | pd.DataFrame,
    *,
    design: SampleDesign | None = None,
    report: Any = None,
    n: Any = None,
    items: Any = None,
    groups: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Whole counts that the rounded percentages of a table allow, per group.

    Parameters
    ----------
    table : str or pandas.DataFrame
        A chapter table id (with the text figures about its items) or a tidy
        DataFrame (:func:`migstats.as_table`).
    report : Report, str or path, optional
        The report whose tables, items, dimensions and design to use: a
        :class:`migstats.Report`, a bundled name or a package directory (see
        :func:`migstats.load_report`).  Default: chapter 7, as before.  Table
        ids are the report's, and the report's design is the default ``design``.
    design : SampleDesign, optional
        Default: the report's design (``report.design``; the default report
        is ``"scp2024-ch7"``, whose design is :data:`migstats.LISS_2023`); an
        explicit design wins over the report's, and a user DataFrame needs one
        unless ``report`` is given.
        Group sizes ``design.group_sizes(dimension, n)`` (largest remainder
        from the design's shares) and the rounding rule.
    n : int or 1-d array of int, optional
        Total sample size(s); default ``design.n``.  An array gives one block
        of rows per candidate ``n``.
    items, groups : optional
        Item catalogue and dimension groups for a user DataFrame.

    Returns
    -------
    pandas.DataFrame
        One row per published number (plus one ``"remainder"`` row per
        partial distribution: the unpublished rest of the group) and ``n``,
        with the columns :data:`RECONSTRUCT_COLUMNS`: ``n_group`` (assumed
        group size), ``percent`` (published; NaN for the remainder),
        ``count`` (the feasible vector closest to the published percentages,
        :meth:`FeasibleCounts.closest`), ``count_low``/``count_high`` (exact
        smallest and largest count over all feasible vectors),
        ``n_feasible`` (exact number of feasible count vectors of the
        distribution, a Python int) and ``consistent``.  Dimensions for
        which the design has no shares (no group sizes) are left out.

    Raises
    ------
    MigstatsValueError
        For an unknown table id, a bad DataFrame, a bad ``n`` or a design
        whose shares do not match the table's groups.

    Notes
    -----
    The feasible set of a group is ``{c : sum c = n_g, c_i rounds to p_i}``
    (:func:`migstats.feasible_counts`), with an unpublished rest category
    when the published responses do not form the item's complete scale (e.g.
    "agree" of a 5-point item).  A combined response ("6-10") is left out of
    a group whose single codes are published (it overlaps them).  For an
    inconsistent distribution ``count``, ``count_low`` and ``count_high``
    are missing (``<NA>``) and ``n_feasible`` is 0.

    **Weighted percentages are not counts.**  The chapter's percentages are
    weighted, so no whole count produced them; the counts here are those of
    a *hypothetical unweighted* sample of the assumed size with the assumed
    group sizes -- a device for intervals and tests, not a reconstruction of
    the raw data.  The group sizes are themselves assumptions (design
    shares).

    References
    ----------
    .. [1] Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test.
       *Social Psychological and Personality Science*, 8(4), 363-369.
    .. [2] Heathers, J. A., Anaya, J., van der Zee, T., & Brown, N. J. L.
       (2018). Recovering data from summary statistics: SPRITE. *PeerJ
       Preprints* 6:e26968v1.

    Examples
    --------
    Table 7.6 with an assumed total of 1000 respondents (47%, 37% and 21%
    agree by education):

    >>> from migstats import reconstruct_counts
    >>> rc = reconstruct_counts("7.6", n=1000)
    >>> edu = rc[rc.dimension == "education"]
    >>> print(edu[["group", "response", "n_group", "count", "count_low", "count_high"]]
    ...       .to_string(index=False))
           group  response  n_group  count  count_low  count_high
         bo/vmbo     agree      263    124        123         124
         bo/vmbo remainder      263    139        139         140
    havo/vwo/mbo     agree      353    131        129         132
    havo/vwo/mbo remainder      353    222        221         224
          hbo/wo     agree      384     81         79          82
          hbo/wo remainder      384    303        302         305
    >>> row = rc[(rc.dimension == "total") & (rc.response == "agree")].iloc[0]
    >>> int(row["count"]), int(row.count_low), int(row.count_high)
    (330, 325, 335)
    """
    ctx = TableContext.build(table, design=design, report=report, n=n, items=items, groups=groups)
    blocks = [b for b in ctx.blocks() if ctx.has_sizes(b[0][1])]
    ctx.check_groups(dict.fromkeys(key[1] for key, _, _ in blocks))
    out = []
    for n_total in ctx.ns:
        for key, block, complete in blocks:
            out += _block_rows(ctx, key, block, complete, int(n_total))
    result = pd.DataFrame(out, columns=list(RECONSTRUCT_COLUMNS))
    for c in ("count", "count_low", "count_high"):
        result[c] = pd.array([pd.NA if v is pd.NA else int(v) for v in result[c]], dtype="Int64")
    result["n_feasible"] = result["n_feasible"].astype(object)
    return result
