"""Progress of a long computation on the terminal: one line on stderr, only on a terminal.

:class:`Progress` is the one progress helper of the command line.  Used as a
context manager around a computation, it stays silent for the first
:data:`PROGRESS_DELAY` seconds (a quick command shows nothing), then rewrites
one line on stderr with what is being done, the steps done (when the
computation reports them) and the seconds elapsed, and clears the line when
the computation ends.  It writes nothing when stderr is not a terminal
(piped or redirected output stays clean).

The object is also a callback ``progress(done, total)`` that a long library
computation can accept as a ``progress`` argument, and :meth:`Progress.stage`
names the current stage of a command with several.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import IO, Any

__all__ = ["PROGRESS_DELAY", "PROGRESS_INTERVAL", "Progress"]

#: Seconds of silence before the progress line appears (project convention:
#: output within about two seconds needs no progress).
PROGRESS_DELAY = 2.0

#: Seconds between two updates of the progress line (project convention).
PROGRESS_INTERVAL = 0.5


class Progress:
    """One self-updating progress line on stderr while a computation runs.

    Parameters
    ----------
    label : str
        What is being done ("auditing 60 claims").
    stream : file, optional
        Where to write; default ``sys.stderr``.
    enabled : bool, optional
        Default: only when ``stream`` is a terminal (``isatty()``).

    Examples
    --------
    >>> import io
    >>> with Progress("counting", stream=io.StringIO()) as progress:
    ...     for i in range(3):
    ...         progress(i + 1, 3)
    >>> progress.done, progress.total
    (3, 3)
    """

    def __init__(self, label: str, *, stream: IO[str] | None = None, enabled: bool | None = None):
        self.label = label
        self.stream = sys.stderr if stream is None else stream
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty and isatty()) if enabled is None else bool(enabled)
        self.done: int | None = None
        self.total: int | None = None
        self._start = time.monotonic()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._width = 0

    def __call__(self, done: int, total: int | None = None) -> None:
        """Report ``done`` steps of ``total`` (the callback a computation calls)."""
        self.done, self.total = int(done), (None if total is None else int(total))

    def stage(self, label: str) -> None:
        """Name the stage now running ("writing the page"); resets the step count."""
        self.label, self.done, self.total = label, None, None

    def line(self) -> str:
        """The progress line as shown: label, steps and seconds elapsed."""
        steps = ""
        if self.done is not None:
            steps = f" {self.done}/{self.total}" if self.total else f" {self.done}"
        return f"migstats: {self.label}...{steps} {time.monotonic() - self._start:.0f} s"

    def _run(self) -> None:
        if self._stop.wait(PROGRESS_DELAY):
            return
        while True:
            text = self.line()
            self.stream.write("\r" + text.ljust(self._width))
            self.stream.flush()
            self._width = len(text)
            if self._stop.wait(PROGRESS_INTERVAL):
                return

    def __enter__(self) -> Progress:
        self._start = time.monotonic()
        if self.enabled:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            if self._width:  # clear the line the progress used
                self.stream.write("\r" + " " * self._width + "\r")
                self.stream.flush()
