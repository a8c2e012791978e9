"""Rendering a command's result, apart from parsing its arguments.

This module owns how a command's result reaches the user: the machine frame
as CSV or JSON, a display frame as text or Markdown (:func:`render_result`),
written to standard output or ``--output`` (:func:`emit`).  The formats
themselves are those of :mod:`migstats._audit` (:func:`format_frame`), which
the audit report shares.
"""

from __future__ import annotations

import sys
from typing import Any

import pandas as pd

from .._audit import format_frame, records, to_json
from .options import UsageError


def emit(text: str, output: str | None) -> None:
    """Write ``text`` to standard output or to the file ``output``."""
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


def render_result(
    machine: pd.DataFrame,
    display: pd.DataFrame,
    fmt: str,
    *,
    title: str,
    footer: str,
    settings: dict[str, Any],
) -> str:
    """Text/Markdown from the display frame; CSV/JSON from the full-precision frame."""
    if fmt == "csv":
        return format_frame(machine, "csv")
    if fmt == "json":
        return to_json({"settings": settings, "results": records(machine)})
    return format_frame(display, fmt, title=title, footer=footer)


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
        machine, display, args.format, title=title, footer=footer, settings=settings
    )
    emit(text, args.output)
    return 0


def version_settings(**extra: Any) -> dict[str, Any]:
    """The ``settings`` of a command's JSON output: the migstats version and ``extra``."""
    from .. import __version__

    return {"migstats_version": __version__, **extra}
