"""Run one command and measure it: wall time, peak resident memory, exit code, output.

Each tool invocation is one child process. Wall time is taken around the whole process
(start-up, model or rule loading, linting, output); CPU time (user + system, the child and
its waited-for descendants) is recorded too, as it is less sensitive to other load on the
machine. Peak RSS is that of the largest *single* process: ``wait4``'s resource usage for
the child is, on Linux, the largest resident set of the child and of every descendant it
waited for (so ``npx``-style launchers and ``--jobs`` worker processes count), and while it
runs the process tree is also sampled every 0.1 s for each process's ``VmHWM`` (its own
peak), which catches descendants nobody waits for. Both in KiB; the larger is kept. The
sampling also counts how many processes the tool used at once.
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
    processes: int = 1  # most processes seen at once in the tool's tree

    @property
    def peak_rss_mib(self) -> float:
        """Peak resident set size in MiB."""
        return self.peak_rss_kib / 1024


class ToolError(RuntimeError):
    """A tool failed in a way that makes its numbers meaningless (crash, exit code 2...)."""


SAMPLE_SECONDS = 0.1


def run(argv: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None,
        timeout: float | None = None) -> Run:
    """Run ``argv`` to completion, measuring wall time and peak RSS.

    Output goes to temporary files rather than pipes, so a tool that prints a lot is never
    slowed down by a reader and the parent does little work while the child runs. A process
    still running after ``timeout`` seconds is killed and :class:`ToolError` is raised.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(argv), cwd=cwd, env=dict(env) if env is not None else None,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        deadline = None if timeout is None else started + timeout
        sampled_rss, most = 0, 1
        next_sample = started + SAMPLE_SECONDS
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            now = time.perf_counter()
            if deadline is not None and now > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                raise ToolError(f"{argv[0]} did not finish within {timeout:.0f} s")
            if now >= next_sample:
                tree = process_tree(proc.pid)
                most = max(most, len(tree))
                sampled_rss = max([sampled_rss, *(peak_rss_kib_of(p) for p in tree)])
                next_sample = now + SAMPLE_SECONDS
            time.sleep(0.005)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(tuple(argv), seconds, usage.ru_utime + usage.ru_stime,
                   max(int(usage.ru_maxrss), sampled_rss), proc.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                   most)


def process_tree(pid: int) -> list[int]:
    """``pid`` and its living descendants (Linux ``/proc``; just ``[pid]`` elsewhere)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as handle:
                    todo.extend(int(child) for child in handle.read().split())
        except (OSError, ValueError):
            continue
    return found


def peak_rss_kib_of(pid: int) -> int:
    """A living process's own peak resident set (``VmHWM``) in KiB; 0 if unknown."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0
