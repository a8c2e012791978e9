"""Writing figures to files: the format from the suffix, reproducible bytes.

Owns :func:`figure_format` and :func:`save` (PNG, SVG, PDF without dates
and with a fixed SVG hash salt, so regenerated files change only when the
figure does).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._base import check_n, invalid_value
from ._style import _matplotlib

#: File formats :func:`save` writes, chosen by the path's suffix.
FIGURE_FORMATS: tuple[str, ...] = ("png", "svg", "pdf")

#: Resolution of PNG files (dots per inch): sharp on screens and in print.
PNG_DPI = 150

#: Salt of the element ids matplotlib writes into SVG files.  Fixed so that a
#: regenerated SVG is byte-identical when the figure is (matplotlib's
#: ``svg.hashsalt`` rcParam).
SVG_HASH_SALT = "migstats"


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
