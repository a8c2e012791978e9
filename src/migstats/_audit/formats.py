"""Rendering a tidy frame for people and programs: aligned text, Markdown, CSV, strict JSON.

This module owns the output formats shared by the audit report
(:mod:`.report`) and the command line (:mod:`migstats.cli`):
:func:`format_frame` and the small number formatters they both use.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._base import check_option
from .._core import PERCENT_SCALE

__all__ = ["FORMATS", "OUTPUT_FORMATS", "format_frame"]

#: Output formats every subcommand that prints a table should offer.
FORMATS: tuple[str, ...] = ("text", "markdown", "csv")

#: Output formats of the analysis results (``audit``, ``ci``, ``compare``,
#: ``gradient``, ``check``): the table formats plus JSON.  Text and Markdown
#: are for reading (percent and percentage points, rounded); CSV and JSON
#: carry the library's full-precision result in the library's units.
OUTPUT_FORMATS: tuple[str, ...] = (*FORMATS, "json")

#: Marker put before an approximate number ("about", "rond de") in text and
#: Markdown output.
APPROX_MARK = "~"

#: p-values below this are printed as ``<0.0001`` (four decimals are shown).
P_FLOOR = 1e-4

#: Decimals of percentages and points in the text and Markdown output of
#: ``ci``, ``compare``, ``gradient`` and ``check``.
RESULT_DECIMALS = 2


def format_frame(frame: pd.DataFrame, fmt: str, *, title: str = "", footer: str = "") -> str:
    """Render a DataFrame as aligned text, a Markdown table or CSV.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table to render (its index is not printed).
    fmt : {"text", "markdown", "csv"}
        Output format.
    title, footer : str, default ""
        Printed above and below the table in text and Markdown output;
        omitted from CSV so that CSV stays machine-readable.

    Returns
    -------
    str
        The rendered table, ending in a newline.

    Raises
    ------
    MigstatsValueError
        If ``fmt`` is not one of :data:`FORMATS`.

    Notes
    -----
    In text and Markdown, columns whose cells all read as numbers (optionally
    prefixed by the approximate marker ``~`` or written as a range ``a-b``)
    are right-aligned, all others left-aligned.

    References
    ----------
    .. [1] GitHub Flavored Markdown Spec, section "Tables (extension)".

    Examples
    --------
    >>> import pandas as pd
    >>> from migstats._audit import format_frame
    >>> df = pd.DataFrame({"group": ["bo/vmbo", "hbo/wo"], "percent": [47, 21]})
    >>> print(format_frame(df, "markdown"), end="")
    | group | percent |
    |---|---:|
    | bo/vmbo | 47 |
    | hbo/wo | 21 |
    >>> print(format_frame(df, "text"), end="")
    group    percent
    bo/vmbo       47
    hbo/wo        21
    """
    check_option(fmt, "fmt", FORMATS)
    if fmt == "csv":
        return frame.to_csv(index=False, lineterminator="\n")
    if fmt == "markdown":
        cols = [str(c) for c in frame.columns]
        numeric = [_is_numeric_column(frame[c]) for c in frame.columns]
        lines = ["| " + " | ".join(cols) + " |"]
        lines.append("|" + "|".join("---:" if num else "---" for num in numeric) + "|")
        for row in frame.itertuples(index=False):
            lines.append("| " + " | ".join(_md_cell(v) for v in row) + " |")
        body = "\n".join(lines)
        parts = [f"**{title}**\n" if title else "", body, f"\n{footer}" if footer else ""]
        return "\n".join(p for p in parts if p) + "\n"
    text = aligned_text(frame)
    parts = [title, text, footer]
    return "\n".join(p for p in parts if p) + "\n"


def aligned_text(frame: pd.DataFrame) -> str:
    """Plain-text table: labels left-aligned, numbers right-aligned, two-space gaps."""
    cols = [str(c) for c in frame.columns]
    cells = [[str(v) for v in frame[c]] for c in frame.columns]
    numeric = [_is_numeric_column(frame[c]) for c in frame.columns]
    widths = [max([len(h)] + [len(v) for v in col]) for h, col in zip(cols, cells, strict=True)]

    def line(values: Sequence[str]) -> str:
        out = [
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(out).rstrip()

    rows = [line(cols)] + [line(r) for r in zip(*cells, strict=True)] if cols else []
    return "\n".join(rows)


def _md_cell(value: object) -> str:
    return str(value).replace("|", "\\|")


def _is_numeric_column(col: pd.Series) -> bool:
    if pd.api.types.is_numeric_dtype(col.dtype):
        return True
    vals = [str(v).lstrip(APPROX_MARK) for v in col if str(v) != ""]
    return bool(vals) and all(_looks_numeric(v) for v in vals)


def _looks_numeric(text: str) -> bool:
    try:
        float(text.split("-")[0])
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------


def json_value(value: Any) -> Any:
    """Strict-JSON value: NaN/NA -> null, +-inf -> "inf"/"-inf", NumPy -> Python."""
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
    return value


def to_json(payload: Any) -> str:
    """``payload`` as strict, indented JSON (see :func:`json_value`), ending in a newline."""
    return json.dumps(json_value(payload), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts with string keys (Python objects as values)."""
    cols = [str(c) for c in frame.columns]
    return [
        dict(zip(cols, row, strict=True))
        for row in frame.astype(object).itertuples(index=False, name=None)
    ]


def pct(x: Any, decimals: int = RESULT_DECIMALS) -> str:
    """A proportion as a percentage (a difference as points), rounded; NaN -> ''."""
    x = float(x)
    return "" if math.isnan(x) else f"{PERCENT_SCALE * x:.{decimals}f}"


def num(x: Any, decimals: int = RESULT_DECIMALS) -> str:
    """A number rounded to ``decimals``; NaN -> ''."""
    x = float(x)
    return "" if math.isnan(x) else f"{x:.{decimals}f}"


def pvalue_text(p: Any) -> str:
    """A p-value with four decimals, ``<0.0001`` below :data:`P_FLOOR`; NaN -> ''."""
    p = float(p)
    if math.isnan(p):
        return ""
    return f"<{P_FLOOR:g}" if p < P_FLOOR else f"{p:.4f}"


def count_text(n: Any) -> str:
    """A sample size: thousands separators; inf -> 'none'; NaN -> ''."""
    n = float(n)
    if math.isnan(n):
        return ""
    if math.isinf(n):
        return "none"
    return f"{int(n):,}" if n == int(n) else f"{n:,.1f}"


def level_label(level: float) -> str:
    """A confidence level as a percentage label, e.g. 0.95 -> '95%'."""
    return f"{100 * level:g}%"


def md(text: Any) -> str:
    """One Markdown table cell: whitespace collapsed, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")
