"""Rendering a command's result, apart from parsing its arguments.

This module owns how a command's result reaches the user: the machine frame
as CSV or JSON, a display frame as text or Markdown (:func:`render_result`),
written to standard output or ``--output`` (:func:`emit`).  The formats
themselves are those of :mod:`migstats._audit` (:func:`format_frame`), which
the audit report shares.  Text output fits the terminal (:func:`fit_width`,
:func:`fit_text`): long cells are cut and long lines wrapped, unless
``--wide`` asks for everything; a file written says where on stderr.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from typing import Any

import pandas as pd

from .._audit import format_frame, records, to_json
from .options import UsageError

#: Narrowest a cut column gets (characters), so that a cell stays readable.
MIN_COLUMN_WIDTH = 12

#: The mark that ends a cut cell.
ELLIPSIS = "\u2026"

#: Gap between two columns of aligned text (that of :func:`migstats._audit.format_frame`).
COLUMN_GAP = 2


#: Decimals of a design effect shown for reading (project convention).
DEFF_DECIMALS = 2


def deff_text(deff: float) -> str:
    """A design effect rounded for reading: ``1.20079 -> "1.2"``, ``2 -> "2"``.

    Examples
    --------
    >>> deff_text(1.20079), deff_text(2), deff_text(1.8326)
    ('1.2', '2', '1.83')
    """
    return f"{round(float(deff), DEFF_DECIMALS):g}"


def plural(count: int, word: str, words: str | None = None) -> str:
    """``"1 problem"``, ``"2 problems"``: a count with its noun in the right number.

    Examples
    --------
    >>> plural(1, "table"), plural(3, "table"), plural(2, "category", "categories")
    ('1 table', '3 tables', '2 categories')
    """
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def terminal_width() -> int | None:
    """Width to fit text output to: the terminal's, or ``$COLUMNS``; None when piped.

    Output to a pipe or file is not cut (nothing to fit), unless ``COLUMNS``
    is set (:func:`shutil.get_terminal_size` reads it first).
    """
    if "COLUMNS" not in os.environ and not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def wrote(path: Any) -> None:
    """Say on stderr where a command wrote a file (``wrote PATH``)."""
    print(f"wrote {path}", file=sys.stderr)


def emit(text: str, output: str | None) -> None:
    """Write ``text`` to standard output or to the file ``output`` (then say so on stderr)."""
    if output is None:
        sys.stdout.write(text)
        return
    try:
        with open(output, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except OSError as exc:
        raise UsageError(
            f"--output must be a writable file, but got {output!r} ({exc.strerror})"
        ) from None
    wrote(output)


def _cut(value: object, width: int) -> str:
    text = str(value)
    return text if len(text) <= width else text[: max(width - 1, 0)] + ELLIPSIS


def fit_width(frame: pd.DataFrame, width: int | None) -> tuple[pd.DataFrame, bool]:
    """``frame`` with its widest text columns cut to fit ``width``; and whether any was cut.

    The widest column is narrowed first, none below :data:`MIN_COLUMN_WIDTH`
    (or its header), so a very narrow terminal still gets readable cells
    (and a line wider than it).  ``width=None`` returns ``frame`` as it is.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"item": ["a"], "detail": ["x" * 40]})
    >>> cut, changed = fit_width(df, 30)
    >>> cut["detail"][0], changed
    ('xxxxxxxxxxxxxxxxxxxxxxx…', True)
    """
    if width is None or frame.empty:
        return frame, False
    widths = {c: max([len(str(c))] + [len(str(v)) for v in frame[c]]) for c in frame.columns}
    floor = {c: max(len(str(c)), MIN_COLUMN_WIDTH) for c in frame.columns}
    excess = sum(widths.values()) + COLUMN_GAP * (len(widths) - 1) - width
    while excess > 0:
        shrinkable = [c for c in widths if widths[c] > floor[c]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda c: widths[c])
        # narrow the widest down to the next widest (or its floor), so wide columns share the cut
        runner_up = max([widths[c] for c in shrinkable if c != widest], default=0)
        target = max(floor[widest], runner_up)
        step = min(excess, max(widths[widest] - target, 1))
        widths[widest] -= step
        excess -= step
    cut = {c: frame[c].map(lambda v, w=widths[c]: _cut(v, w)) for c in frame.columns}
    changed = any((cut[c].astype(str) != frame[c].astype(str)).any() for c in frame.columns)
    return frame.assign(**cut) if changed else frame, changed


def fit_text(text: str, width: int | None) -> str:
    """Title and footer lines wrapped at ``width`` (None: as they are)."""
    if width is None or not text:
        return text
    lines = [textwrap.fill(line, width, subsequent_indent="  ") for line in text.splitlines()]
    return "\n".join(lines)


def text_table(
    display: pd.DataFrame, fmt: str, *, title: str = "", footer: str = "", wide: bool = False
) -> str:
    """:func:`format_frame` of ``display``; in text, fitted to the terminal unless ``wide``."""
    if fmt != "text" or wide:
        return format_frame(display, fmt, title=title, footer=footer)
    width = terminal_width()
    display, cut = fit_width(display, width)
    if cut:
        note = "Long cells are cut (\u2026) to fit the terminal; --wide shows them in full."
        footer = f"{footer}\n{note}" if footer else note
    return format_frame(display, fmt, title=fit_text(title, width), footer=fit_text(footer, width))


def render_result(
    machine: pd.DataFrame,
    display: pd.DataFrame,
    fmt: str,
    *,
    title: str,
    footer: str,
    settings: dict[str, Any],
    wide: bool = False,
) -> str:
    """Text/Markdown from the display frame; CSV/JSON from the full-precision frame."""
    if fmt == "csv":
        return format_frame(machine, "csv")
    if fmt == "json":
        return to_json({"settings": settings, "results": records(machine)})
    return text_table(display, fmt, title=title, footer=footer, wide=wide)


def write_result(
    args: Any,
    machine: pd.DataFrame,
    display: pd.DataFrame,
    *,
    title: str,
    footer: str,
    settings: dict[str, Any],
) -> int:
    """Render a result in ``args.format``, write it to ``args.output``; exit code 0."""
    text = render_result(
        machine,
        display,
        args.format,
        title=title,
        footer=footer,
        settings=settings,
        wide=getattr(args, "wide", False) or args.output is not None,
    )
    emit(text, args.output)
    return 0


def version_settings(**extra: Any) -> dict[str, Any]:
    """The ``settings`` of a command's JSON output: the migstats version and ``extra``."""
    from .. import __version__

    return {"migstats_version": __version__, **extra}
