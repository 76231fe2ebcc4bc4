"""Small helpers shared by test modules."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result

from commlint.cli import main

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


def run_cli(args: list[str], stdin: str | bytes | None = None) -> Result:
    """Run ``commlint`` in-process (the model stays loaded between calls)."""
    return CliRunner().invoke(main, args, input=stdin)


def run_process(args: list[str], cwd: Path | None = None, env: dict | None = None, stdin: bytes | None = None,
                command: list[str] | None = None) -> subprocess.CompletedProcess:
    """Run ``commlint`` as a real process."""
    command = command or [sys.executable, "-m", "commlint"]
    return subprocess.run(
        command + args, cwd=cwd or REPO, env={**os.environ, **(env or {})}, input=stdin,
        capture_output=True, timeout=300,
    )


def json_report(output: str) -> dict:
    return json.loads(output)


def assert_verbatim_pieces(document) -> None:
    """Every verbatim piece of every segment is exactly the source text it claims to be."""
    for segment in document.segments:
        for piece in segment.offsets.pieces:
            if piece.verbatim:
                assert document.text[piece.src : piece.src_end] == segment.text[piece.seg : piece.seg + piece.length]


def skipped_texts(document, reason: str) -> list[str]:
    """The source text of each region skipped for ``reason``."""
    return [document.text[r.start : r.end] for r in document.skipped if r.reason == reason]
