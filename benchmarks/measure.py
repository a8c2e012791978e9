"""Measuring commands in fresh interpreters: wall time, CPU time, peak memory, machine load.

Shared by the benchmark scripts (run as scripts from ``benchmarks/``, so they
import it as ``measure``).  A child is started with ``subprocess.Popen`` and
reaped with ``os.wait4``, whose resource usage is that child's own: CPU
time (user + system) and peak resident set size (``ru_maxrss``, KiB on
Linux).  The machine the benchmarks run on is shared, so every table also
states the load average (``os.getloadavg``) when it was measured: wall
times grow with the load, CPU times much less.
"""

from __future__ import annotations

import dataclasses
import os
import platform
import subprocess
import sys
import time


@dataclasses.dataclass(frozen=True)
class Child:
    """One run of a command: wall and CPU seconds, peak memory (MiB), load average after."""

    wall: float
    cpu: float
    peak_mib: float
    load: float


def run_child(args: list[str], env: dict | None = None) -> Child:
    """Run ``args`` (output discarded) in ``env`` and measure it; raises if it fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {proc.returncode}: {err[-500:]}")
    return Child(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.getloadavg()[0])


def compiled_env(cache: str) -> dict:
    """This environment with Python's bytecode cache on, in the folder ``cache``.

    As an installed package runs: ``pip install`` compiles the modules, and
    an interpreter otherwise writes its bytecode on first import.  A machine
    that sets ``PYTHONDONTWRITEBYTECODE`` (as this one may) makes every fresh
    interpreter compile every module of migstats again, which is not what a
    user's does; the children get their own cache folder instead.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = cache
    return env


def python(*args: str) -> list[str]:
    """A command of this interpreter."""
    return [sys.executable, *args]


def best(runs: list[Child]) -> Child:
    """The fastest run (by CPU time), with the largest peak memory of all runs."""
    fastest = min(runs, key=lambda c: c.cpu)
    return dataclasses.replace(
        fastest, wall=min(c.wall for c in runs), peak_mib=max(c.peak_mib for c in runs)
    )


def machine() -> str:
    """The machine in one line: CPUs, processor, Python, load average now."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs ({platform.machine()} {platform.processor() or ''}), "
        f"Python {platform.python_version()}, load average {load}"
    )
