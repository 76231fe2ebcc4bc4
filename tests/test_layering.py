"""The package layout draws the pipeline, and import-linter checks it."""
from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from helpers import REPO


def _contracts() -> list[dict]:
    return tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def test_layering_every_stage_is_in_the_contract() -> None:
    (layers,) = [c["layers"] for c in _contracts() if c["type"] == "layers"]
    (foundation,) = [c["source_modules"] for c in _contracts() if c["type"] == "forbidden"]
    packages = {f"commlint.{p.name}" for p in (REPO / "commlint").iterdir() if (p / "__init__.py").is_file()}
    modules = {f"commlint.{p.stem}" for p in (REPO / "commlint").glob("*.py") if p.stem not in ("__init__", "__main__")}
    stages = {name.strip() for layer in layers for name in layer.split("|")}  # "a | b": independent siblings
    assert packages == stages - {"commlint.cli"}
    assert modules - set(foundation) == {"commlint.cli"}


def test_layering_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "broken" not in result.stdout.split("Contracts:")[-1].replace("0 broken", "")
