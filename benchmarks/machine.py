"""Describe the machine and the software a benchmark ran on (for the report's header)."""

from __future__ import annotations

import hashlib
import os
import platform
import subprocess
from pathlib import Path
from typing import Sequence


def _first_line(argv: Sequence[str], cwd: Path | None = None) -> str:
    try:
        done = subprocess.run(list(argv), capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL, cwd=cwd)
    except (OSError, subprocess.TimeoutExpired):
        return "not found"
    text = (done.stdout or done.stderr).strip()
    return text.splitlines()[0].strip() if text and done.returncode == 0 else "not found"


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (or the platform's processor string)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_gib() -> float:
    """Total RAM in GiB, from /proc/meminfo."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def os_name() -> str:
    """Distribution name and kernel release."""
    pretty = platform.system()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                pretty = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return f"{pretty}, kernel {platform.release()} ({platform.machine()})"


def python_of(script: Path) -> Path | None:
    """The interpreter a console script runs with (its ``#!`` line), if it has one."""
    try:
        first = script.read_text(errors="replace").splitlines()[0]
    except (OSError, IndexError):
        return None
    if first.startswith("#!") and "python" in first:
        return Path(first[2:].strip().split()[0])
    return None


def source_fingerprint(repo: Path) -> str:
    """A hash of commlint's engine, packs and lexicons as they are on disk now."""
    digest = hashlib.sha256()
    for folder in ("commlint", "rules", "jargon_lexicon"):
        for path in sorted((repo / folder).rglob("*")):
            if path.suffix in (".py", ".yaml", ".yml", ".json") and path.is_file():
                digest.update(str(path.relative_to(repo)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages (other work competing for the cores)."""
    try:
        return " / ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def describe(commlint: Path, repo: Path) -> dict[str, str]:
    """Machine and toolchain facts, as label -> value, in report order."""
    cores = os.cpu_count() or 0
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        usable = cores
    facts = {
        "CPU": cpu_model(),
        "Cores": f"{usable} usable ({cores} online)",
        "RAM": f"{memory_gib():.1f} GiB",
        "OS": os_name(),
    }
    interpreter = python_of(commlint)
    if interpreter is not None:
        facts["Python (commlint)"] = _first_line(
            [str(interpreter), "-c",
             "import sys, spacy; print(sys.version.split()[0], '/ spaCy', spacy.__version__)"])
    facts["Python (harness)"] = platform.python_version()
    facts["Node.js"] = _first_line(["node", "--version"])
    facts["npm"] = _first_line(["npm", "--version"])
    facts["Go"] = _first_line(["go", "version"])
    commit = _first_line(["git", "rev-parse", "--short", "HEAD"], cwd=repo)
    dirty = _first_line(["git", "status", "--porcelain", "--", "commlint", "rules",
                         "jargon_lexicon"], cwd=repo)
    facts["commlint source"] = commit + (" + uncommitted changes to the engine or packs"
                                         if dirty not in ("", "not found") else "")
    return facts
