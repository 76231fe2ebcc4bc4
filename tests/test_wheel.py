"""The wheel ships the rule packs and lexicons: build it, install it into a fresh virtual
environment, and lint a draft from outside the source tree."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pytest

from helpers import EXAMPLES, REPO


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_lints(tmp_path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)], check=True, capture_output=True, timeout=600)
    (wheel,) = dist.glob("commlint-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "commlint/_data/rules/tone.yaml" in names
    assert "commlint/_data/jargon_lexicon/networking.yaml" in names
    assert "commlint/schemas/report-v1.json" in names
    assert "commlint/py.typed" in names  # the API's annotations reach type checkers (PEP 561)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(pip + [str(wheel)], check=True, capture_output=True, timeout=1200)

    draft = tmp_path / "draft.txt"
    draft.write_text((EXAMPLES / "poor-reply.txt").read_text())
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["COMMLINT_CACHE_DIR"] = str(tmp_path / "cache")
    result = subprocess.run(
        [str(venv / "bin" / "commlint"), "--no-config", "--format", "json", str(draft)],
        cwd=tmp_path, env=env, capture_output=True, timeout=300,
    )
    assert result.returncode == 1, result.stderr.decode()
    report = json.loads(result.stdout)
    assert {"jargon", "tone", "privacy"} <= {f["category"] for f in report["findings"]}
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "from commlint import data; print(data.packs_dir())"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert where.startswith(str(venv)) and where.endswith("commlint/_data/rules")
