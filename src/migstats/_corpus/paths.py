"""Files of a report package, confined: paths inside the package, bounded reads, named errors.

This module owns every read of a user's report package: a path that a
descriptor names is resolved inside the package directory or refused
*before* anything is read (no ``..``, no absolute path, no symbolic link of
the file or of any directory on its way that leaves the package, nothing but
regular files: no device files or FIFOs); a file is read only up to
:data:`MAX_FILE_BYTES`, decoded as UTF-8 with an error naming the file; the
descriptor's JSON may nest at most :data:`MAX_DESCRIPTOR_DEPTH` levels.  A
refused path is reported with the resource and the path as written, never
with anything read from it, so no error message can quote a file outside
the package.
"""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import pandas as pd

from .._base import DataValidationError, invalid_value

__all__ = [
    "MAX_DESCRIPTOR_DEPTH",
    "MAX_FILE_BYTES",
    "confined_file",
    "load_json",
    "package_root",
    "read_csv_text",
    "read_text",
]

#: Largest package file read, in bytes (project convention: 50 MiB, far above
#: any table of published percentages; a bound so a hostile package cannot
#: exhaust memory).
MAX_FILE_BYTES = 50 * 2**20

#: Deepest nesting of JSON objects and arrays in a descriptor (project
#: convention: a descriptor needs about 5 levels; 64 leaves room and stays far
#: below Python's recursion limit).
MAX_DESCRIPTOR_DEPTH = 64


def package_root(path: Any, *, name: str = "path") -> Path:
    """The package directory ``path`` as a Path, or an error naming ``name``.

    Examples
    --------
    >>> package_root("my_report").name
    'my_report'
    >>> try:
    ...     package_root(None)
    ... except ValueError as exc:
    ...     print(str(exc)[:40])
    path must be a report package directory
    """
    allowed = "a report package directory (a non-empty str or os.PathLike)"
    if isinstance(path, bytes) or not isinstance(path, str | os.PathLike):
        raise invalid_value(name, allowed, path)
    if str(path).strip() == "" or "\x00" in str(path):
        raise invalid_value(name, allowed, str(path))
    return Path(path)


def _path_problem(raw: Any) -> str | None:
    """Why a path written in a descriptor is refused as written (None: acceptable form)."""
    if not isinstance(raw, str) or raw.strip() == "":
        return "must be a non-empty relative file path (a string)"
    if "\x00" in raw or "\\" in raw:
        return "must be a relative path with '/' separators and no NUL or '\\'"
    posix, windows = PurePosixPath(raw), PureWindowsPath(raw)
    if posix.is_absolute() or windows.is_absolute() or windows.drive:
        return "must be a relative path inside the package, not an absolute one"
    if ".." in posix.parts:
        return "must stay inside the package directory ('..' is not allowed)"
    return None


def confined_file(root: Path, raw: Any, resource: str) -> tuple[Path | None, str | None]:
    """``(file, None)`` for a regular file inside ``root``; ``(None, why)`` otherwise.

    ``why`` names the resource and the path as written.  Missing files give
    ``(None, None)`` (the caller decides whether they are required).  Checked
    before any read: the path's form, then each step from ``root`` (a
    symbolic link must resolve inside ``root``), then the file's type.
    """
    shown = f"resource {resource!r} path {raw!r}"
    why = _path_problem(raw)
    if why is not None:
        return None, f"{shown} {why}"
    base = root.resolve()
    step = base
    for part in PurePosixPath(raw).parts:
        step = step / part
        if step.is_symlink():
            target = step.resolve()
            if target != base and base not in target.parents:
                return None, f"{shown} is a symbolic link that leads outside the package"
            step = target
    if not os.path.lexists(step):
        return None, None
    mode = os.stat(step).st_mode
    if not stat.S_ISREG(mode):
        return None, f"{shown} must be a regular file (not a directory, device or FIFO)"
    return step, None


def read_text(path: Any, label: str) -> str:
    """The UTF-8 text of a file of at most :data:`MAX_FILE_BYTES`, or a DataValidationError."""
    try:
        size = os.stat(path).st_size
        if size > MAX_FILE_BYTES:
            raise DataValidationError(
                label, None, None, f"is {size:,} bytes; at most {MAX_FILE_BYTES:,} are read"
            )
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise DataValidationError(label, None, None, f"cannot be read ({exc.strerror})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataValidationError(
            label,
            line,
            None,
            f"must be UTF-8 text, but byte {data[exc.start]:#04x} at offset {exc.start} is not "
            "(save the file as UTF-8)",
        ) from None


def _depth(value: Any) -> int:
    """Nesting depth of parsed JSON (iterative: no recursion limit)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            children = node.values() if isinstance(node, dict) else node
            stack.extend((c, level + 1) for c in children)
    return deepest


def load_json(text: str, label: str) -> Any:
    """Parse a descriptor's JSON, nesting at most :data:`MAX_DESCRIPTOR_DEPTH` levels."""
    too_deep = f"nests JSON deeper than {MAX_DESCRIPTOR_DEPTH} levels (MAX_DESCRIPTOR_DEPTH)"
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise DataValidationError(
            label, exc.lineno, None, f"is not valid JSON: {exc.msg}"
        ) from None
    except RecursionError:
        raise DataValidationError(label, None, None, too_deep) from None
    except ValueError as exc:  # NaN / Infinity, or an integer too long to convert
        raise DataValidationError(label, None, None, f"is not valid JSON: {exc}") from None
    if _depth(value) > MAX_DESCRIPTOR_DEPTH:
        raise DataValidationError(label, None, None, too_deep)
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _looks_semicolon(header: str) -> bool:
    return "," not in header and header.count(";") >= 1


def read_csv_text(text: str, label: str) -> pd.DataFrame:
    """A CSV file's text as a frame of strings; empty files and ';' delimiters are errors.

    The one rule for delimiters: package files are comma-separated (RFC 4180).
    A header with semicolons and no comma (Excel's CSV in a locale with a
    decimal comma, e.g. Dutch) is answered with a hint, not guessed at.
    """
    if text.strip() == "":
        raise DataValidationError(
            label, None, None, "is empty: a header row (the column names) is required"
        )
    header = text.lstrip("\ufeff").splitlines()[0]
    if _looks_semicolon(header):
        raise DataValidationError(
            label,
            1,
            None,
            "is separated by semicolons (';'), but package files must be comma-separated "
            "with '.' as decimal point; in Excel save as 'CSV UTF-8 (comma delimited)', or "
            "re-save with pandas: df.to_csv(path, index=False)",
        )
    try:
        return pd.read_csv(
            io.StringIO(text.lstrip("\ufeff")), dtype=str, keep_default_na=False, na_filter=False
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise DataValidationError(
            label, None, None, f"is not a readable CSV file ({exc})"
        ) from None
