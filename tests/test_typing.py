"""The public API is typed: mypy (configured in pyproject.toml, [tool.mypy]) passes on the
public modules and on a typed consumer, and reports each misuse in tests/typing/misuse.py."""
from __future__ import annotations

import re
import subprocess
import sys

from helpers import REPO

MISUSE = REPO / "tests" / "typing" / "misuse.py"


def _mypy(tmp_path, *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy-cache"), *files],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )


def test_mypy_passes_on_the_public_api_and_a_consumer(tmp_path) -> None:
    result = _mypy(tmp_path)  # the files of [tool.mypy]
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found")


def test_mypy_reports_each_misuse(tmp_path) -> None:
    result = _mypy(tmp_path, str(MISUSE.relative_to(REPO)))
    flagged = {int(n) for n in re.findall(r"^tests/typing/misuse\.py:(\d+): error:", result.stdout, re.M)}
    marked = {n for n, line in enumerate(MISUSE.read_text().splitlines(), start=1) if "# E:" in line}
    assert marked and flagged == marked, result.stdout
