"""Run one command and measure it: wall time, peak resident memory, exit code, output.

Each tool invocation is one child process. Wall time is taken around the whole process
(start-up, model or rule loading, linting, output); CPU time (user + system, the child and
its waited-for descendants) is recorded too, as it is less sensitive to other load on the
machine. Peak RSS comes from ``wait4``'s
resource usage for that child, which on Linux is the largest resident set of the child
and of every descendant it waited for (so ``npx``-style launchers and worker processes
count), in KiB.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence


@dataclass(frozen=True)
class Run:
    """The outcome of one process."""

    argv: tuple[str, ...]
    seconds: float
    cpu_seconds: float
    peak_rss_kib: int
    returncode: int
    stdout: str
    stderr: str

    @property
    def peak_rss_mib(self) -> float:
        """Peak resident set size in MiB."""
        return self.peak_rss_kib / 1024


class ToolError(RuntimeError):
    """A tool failed in a way that makes its numbers meaningless (crash, exit code 2...)."""


def run(argv: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None,
        timeout: float | None = None) -> Run:
    """Run ``argv`` to completion, measuring wall time and peak RSS.

    Output goes to temporary files rather than pipes, so a tool that prints a lot is never
    slowed down by a reader and the parent does no work while the child runs. A process
    still running after ``timeout`` seconds is killed and :class:`ToolError` is raised.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(argv), cwd=cwd, env=dict(env) if env is not None else None,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        deadline = None if timeout is None else started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG if deadline else 0)
            if pid:
                break
            if deadline is not None and time.perf_counter() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                raise ToolError(f"{argv[0]} did not finish within {timeout:.0f} s")
            time.sleep(0.005)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(tuple(argv), seconds, usage.ru_utime + usage.ru_stime, int(usage.ru_maxrss),
                   proc.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))
