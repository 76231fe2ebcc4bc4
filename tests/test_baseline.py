"""``--write-baseline`` and ``--baseline``: the real command, the real rules, real files."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from helpers import REPO, run_cli

REPLY = """Hi Sam,

Thanks for writing in. We guarantee this will never happen again.

Please clear the DNS cache and restart the app.

Let me know how it goes.

Best,
Alex
"""
OLD_RULES = {"O101", "A101", "J101"}  # guarantee; DNS; DNS cache


def _findings(output: str) -> list[dict]:
    return json.loads(output)["findings"]


def _baseline(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_baseline_hides_old_findings_after_lines_move_and_shows_the_new_one(folder) -> None:
    (folder / "reply.txt").write_text(REPLY)
    written = run_cli(["--no-cache", "--write-baseline", ".commlint-baseline.json", "reply.txt"])
    assert written.exit_code == 0, written.output
    assert written.stdout == ""  # the baseline is the output
    assert "commlint: wrote .commlint-baseline.json: 3 findings in 1 input recorded" in written.stderr.splitlines()
    recorded = _baseline(folder / ".commlint-baseline.json")
    assert (recorded["schema"], recorded["version"]) == ("commlint-baseline", 1)
    assert {e["rule_id"] for e in recorded["findings"]} == OLD_RULES
    assert all(e["path"] == "reply.txt" and "item" not in e for e in recorded["findings"])

    # every line moves (unrelated lines above, a paragraph re-wrapped) and one problem is new
    edited = REPLY.replace("Hi Sam,\n", "Hi Sam,\n\nI read your note about the export on Monday.\nI also checked the invoice.\n")
    edited = edited.replace("Let me know how it goes.", "This is your fault.\n\nLet me know how it goes.")
    (folder / "reply.txt").write_text(edited)
    assert {f["rule_id"] for f in _findings(run_cli(["--no-cache", "--format", "json", "reply.txt"]).stdout)} >= OLD_RULES | {"T101"}
    checked = run_cli(["--no-cache", "--format", "json", "--baseline", ".commlint-baseline.json", "reply.txt"])
    assert checked.exit_code == 1, checked.output
    new = _findings(checked.stdout)
    assert [(f["rule_id"], f["match"], f["line"]) for f in new] == [("T101", "your fault", 10)]

    # the exit code counts only new findings: without the new one the run passes
    (folder / "reply.txt").write_text(edited.replace("This is your fault.\n\n", ""))
    assert run_cli(["--no-cache", "--baseline", ".commlint-baseline.json", "reply.txt"]).exit_code == 0

    # a fixed finding leaves the baseline on the next --write-baseline
    (folder / "reply.txt").write_text(edited.replace("We guarantee this will never happen again.", "Sorry for the trouble.").replace("This is your fault.\n\n", ""))
    rewritten = run_cli(["--no-cache", "--write-baseline", ".commlint-baseline.json", "reply.txt"])
    assert rewritten.exit_code == 0 and "2 findings" in rewritten.stderr
    assert {e["rule_id"] for e in _baseline(folder / ".commlint-baseline.json")["findings"]} == {"A101", "J101"}


def test_baseline_is_a_multiset_two_recorded_hide_two_not_three(folder) -> None:
    line = "Please clear the DNS cache now."
    (folder / "x.txt").write_text(f"{line}\n\n{line}\n")
    assert run_cli(["--no-cache", "--select", "J101", "--write-baseline", "b.json", "x.txt"]).exit_code == 0
    assert [e["rule_id"] for e in _baseline(folder / "b.json")["findings"]] == ["J101", "J101"]
    (folder / "x.txt").write_text(f"{line}\n\n{line}\n\n{line}\n")
    shown = _findings(run_cli(["--no-cache", "--select", "J101", "--format", "json", "--baseline", "b.json", "x.txt"]).stdout)
    assert len(shown) == 1


def test_baseline_paths_are_relative_to_its_folder_and_work_from_any_folder(folder, monkeypatch) -> None:
    (folder / "kb" / "sub").mkdir(parents=True)
    (folder / "kb" / "sub" / "a.txt").write_text(REPLY)
    assert run_cli(["--no-cache", "--write-baseline", "kb/base.json", "kb"]).exit_code == 0
    assert {e["path"] for e in _baseline(folder / "kb" / "base.json")["findings"]} == {"sub/a.txt"}
    monkeypatch.chdir(folder / "kb" / "sub")  # another folder, another spelling of the path
    assert run_cli(["--no-cache", "--baseline", "../base.json", "a.txt"]).exit_code == 0
    assert run_cli(["--no-cache", "--baseline", str(folder / "kb" / "base.json"), str(folder / "kb" / "sub")]).exit_code == 0
    # the same text in another file is not covered
    (folder / "kb" / "sub" / "b.txt").write_text(REPLY)
    other = run_cli(["--no-cache", "--format", "json", "--baseline", "../base.json", "a.txt", "b.txt"])
    assert {f["path"] for f in _findings(other.stdout)} == {"b.txt"}


def test_a_baseline_inside_the_linted_folder_is_not_an_input(folder) -> None:
    (folder / "kb").mkdir()
    (folder / "kb" / "a.txt").write_text(REPLY)
    run_cli(["--no-cache", "--write-baseline", "kb/.commlint-baseline.json", "kb"])
    again = run_cli(["--no-cache", "--write-baseline", "kb/.commlint-baseline.json", "kb"])
    assert again.stderr.splitlines() == ["commlint: wrote kb/.commlint-baseline.json: 3 findings in 1 input recorded"]
    checked = run_cli(["--no-cache", "--baseline", "kb/.commlint-baseline.json", "kb"])
    assert checked.exit_code == 0 and ".commlint-baseline.json" not in checked.output


def test_baseline_file_is_sorted_and_deterministic(folder) -> None:
    (folder / "a.txt").write_text(REPLY)
    (folder / "b.txt").write_text("We will fix it ASAP.\n")
    run_cli(["--no-cache", "--write-baseline", "one.json", "b.txt", "a.txt"])
    run_cli(["--no-cache", "--write-baseline", "two.json", "a.txt", "b.txt"])
    text = (folder / "one.json").read_text()
    assert text == (folder / "two.json").read_text()
    assert text.endswith("}\n") and '\n  "findings": [\n    {\n      "path": "a.txt",' in text
    keys = [(e["path"], e["line"]) for e in json.loads(text)["findings"]]
    assert keys == sorted(keys)


def test_baseline_items_of_an_export_are_keyed_by_id_and_survive_reordering(folder) -> None:
    rows = [("101", "Refund", "We guarantee a refund today."), ("102", "Cache", "Please clear the DNS cache.")]

    def export(items) -> None:
        (folder / "macros.jsonl").write_text("".join(json.dumps({"id": i, "title": t, "body": b}) + "\n" for i, t, b in items))

    export(rows)
    assert run_cli(["--no-cache", "--write-baseline", "b.json", "macros.jsonl"]).exit_code == 0
    assert {e["item"] for e in _baseline(folder / "b.json")["findings"]} == {"101", "102"}
    export([("100", "New", "Please clear the DNS cache."), *reversed(rows)])  # reordered, and a new item
    shown = _findings(run_cli(["--no-cache", "--format", "json", "--baseline", "b.json", "macros.jsonl"]).stdout)
    assert shown and {f["path"] for f in shown} == {"macros.jsonl"}
    assert {f["item"]["id"] for f in shown} == {"100"}


def test_baseline_and_write_baseline_together_report_against_the_old_and_write_the_new(folder) -> None:
    (folder / "reply.txt").write_text(REPLY)
    run_cli(["--no-cache", "--write-baseline", "b.json", "reply.txt"])
    (folder / "reply.txt").write_text(REPLY.replace("Let me know", "This is your fault. Let me know"))
    both = run_cli(["--no-cache", "--format", "json", "--baseline", "b.json", "--write-baseline", "b.json", "reply.txt"])
    assert both.exit_code == 1  # the new finding still gates the run
    assert [f["rule_id"] for f in _findings(both.stdout)] == ["T101"]
    assert "wrote b.json: 4 findings" in both.stderr
    assert run_cli(["--no-cache", "--baseline", "b.json", "reply.txt"]).exit_code == 0


def test_write_baseline_is_not_written_when_an_input_fails(folder) -> None:
    (folder / "reply.txt").write_text(REPLY)
    (folder / "b.json").write_text("kept\n")
    result = run_cli(["--no-cache", "--write-baseline", "b.json", "reply.txt", "missing.txt"])
    assert result.exit_code == 2
    assert "b.json: baseline not written: 1 input could not be linted" in result.stderr
    assert (folder / "b.json").read_text() == "kept\n"


def _good_baseline(**changes) -> str:
    document = {"schema": "commlint-baseline", "version": 1, "fingerprint": "1", "findings": []}
    document.update(changes)
    return json.dumps(document)


@pytest.mark.parametrize("content, problem", [
    (None, "no such baseline file (write one with --write-baseline)"),
    ("folder", "cannot read the baseline"),
    (b"\xff\xfe not text", "the baseline is not UTF-8 text"),
    ("{not json", "the baseline is not JSON (line 1, column 2"),
    ('{"schema": "commlint-report", "version": 1}', 'not a commlint baseline (expected "schema": "commlint-baseline")'),
    ("[]", "not a commlint baseline"),
    (_good_baseline(version=2), "baseline version 2 is not supported (this commlint reads version 1)"),
    (_good_baseline(fingerprint="0"), "the baseline's fingerprints are of version '0', not '1'"),
    (_good_baseline(findings={}), '"findings" must be a list'),
    (_good_baseline(findings=[{"path": "a.txt", "rule_id": "T101", "fingerprint": "ab", "match": "x"}]),
     "findings[0].line must be a number"),
    (_good_baseline(findings=[{"path": "a.txt", "item": 3, "rule_id": "T101", "fingerprint": "ab", "match": "x", "line": 1}]),
     "findings[0].item must be a string"),
    (_good_baseline(findings=["x"]), "findings[0] must be an object"),
])
def test_bad_baseline_is_one_line_exit_2(folder, content, problem) -> None:
    (folder / "reply.txt").write_text(REPLY)
    if content == "folder":
        (folder / "b.json").mkdir()
    elif isinstance(content, bytes):
        (folder / "b.json").write_bytes(content)
    elif content is not None:
        (folder / "b.json").write_text(content)
    result = run_cli(["--no-cache", "--baseline", "b.json", "reply.txt"])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("commlint: error: b.json: ") and problem in lines[0], lines


def test_write_baseline_where_it_cannot_be_written_is_one_line_exit_2(folder) -> None:
    (folder / "reply.txt").write_text(REPLY)
    (folder / "afile").write_text("")
    result = run_cli(["--no-cache", "--write-baseline", "afile/b.json", "reply.txt"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("commlint: error: afile/b.json: cannot write the baseline"), lines


def _served(status: str) -> int:
    return int(dict(line.split(": ", 1) for line in status.splitlines())["requests served"])


def test_baseline_and_diff_base_through_the_warm_worker_resolve_paths_from_the_client_folder(tmp_path) -> None:
    """The worker runs `check` in the client's folder: relative baseline paths and git
    repositories are found from there."""
    runtime = Path(tempfile.mkdtemp(prefix="cw", dir="/tmp"))
    env = {k: v for k, v in os.environ.items() if k not in ("COMMLINT_NO_WORKER", "COMMLINT_WORKER", "CI")}
    env.update(COMMLINT_RUNTIME_DIR=str(runtime), COMMLINT_WORKER_TIMEOUT="60", PYTHONPATH=str(REPO))

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "commlint", *args], cwd=tmp_path, env=env, capture_output=True,
                              timeout=180, check=False, text=True)

    try:
        started = run("worker", "start")
        assert started.returncode == 0, started.stderr
        (tmp_path / "reply.txt").write_text(REPLY)
        for argv in (["init", "-q"], ["add", "reply.txt"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one"]):
            subprocess.run(["git", *argv], cwd=tmp_path, check=True, capture_output=True)
        deadline = time.monotonic() + 120
        while not run("worker", "status").stdout.count("state: ready") and time.monotonic() < deadline:
            time.sleep(0.2)  # warming up: a run now would lint in-process
        served = _served(run("worker", "status").stdout)
        assert run("--no-cache", "--write-baseline", "base.json", "reply.txt").returncode == 0
        assert (tmp_path / "base.json").is_file()
        (tmp_path / "reply.txt").write_text(REPLY.replace("Let me know", "This is your fault.\n\nLet me know"))
        new = run("--no-cache", "--format", "json", "--baseline", "base.json", "reply.txt")
        assert [f["rule_id"] for f in json.loads(new.stdout)["findings"]] == ["T101"], new.stderr
        changed = run("--no-cache", "--format", "json", "--diff-base", "HEAD", "reply.txt")
        assert [f["rule_id"] for f in json.loads(changed.stdout)["findings"]] == ["T101"], changed.stderr
        assert _served(run("worker", "status").stdout) == served + 3  # every check run was served by the worker
    finally:
        run("worker", "stop")
        shutil.rmtree(runtime, ignore_errors=True)
