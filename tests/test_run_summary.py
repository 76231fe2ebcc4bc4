"""The end of every run: the one-line summary (files, findings by severity, time, mean
score), ``--quiet``, the score line of each message, and the progress bar, which shows on
a terminal's stderr only: real commlint processes in a real pseudo-terminal."""
from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import click
import pytest

from commlint import Config
from commlint.findings.results import FileResult
from commlint.lint.files import Input
from commlint.lint.runner import lint_inputs
from commlint.findings.score import MessageScore
from commlint.output.formatters import OutputOptions
from commlint.output.formatters.text import duration, format_score, format_text, summary_line
from helpers import EXAMPLES, REPO, run_cli

SUMMARY = re.compile(
    r"^(?P<total>\d+) findings? \((?P<detail>[^)]*)\) in (?P<files>\d+) files? in (?P<time>\d+\.\d+ s|\d+ min \d+ s)"
    r"(?:, mean score (?P<mean>\d+))?\.$"
)
CLEAN = re.compile(r"^No findings in (?P<files>\d+) files? in \d+\.\d+ s(?:, mean score (?P<mean>\d+))?\.$")
BAR = "Linting"  #: the bar's label (the bar itself is drawn with box characters and colours)


@pytest.fixture(scope="module")
def drafts(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("drafts")
    shutil.copy(EXAMPLES / "poor-reply.txt", folder / "poor.txt")
    shutil.copy(EXAMPLES / "good-reply.txt", folder / "good.txt")
    (folder / "empty.txt").write_text("\n")
    return folder


def _counts(report: dict) -> dict[str, int]:
    counts: dict[str, int] = {}
    for finding in report["findings"]:
        counts[finding["severity"]] = counts.get(finding["severity"], 0) + 1
    return counts


# -- the summary line ----------------------------------------------------------------------


def test_text_ends_with_files_findings_by_severity_time_and_mean_score(drafts) -> None:
    args = ["--no-config", "--no-cache", str(drafts / "poor.txt"), str(drafts / "good.txt")]
    text = run_cli(args)
    report = json.loads(run_cli([*args, "--format", "json"]).stdout)
    last = text.stdout.rstrip("\n").splitlines()[-1]
    match = SUMMARY.match(last)
    assert match, last
    counts = _counts(report)
    assert int(match["total"]) == sum(counts.values()) and int(match["files"]) == 2
    assert match["detail"] == ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info") if s in counts)
    scores = [f["score"]["score"] for f in report["files"] if f.get("score")]
    assert scores and int(match["mean"]) == round(sum(scores) / len(scores))
    assert "finding" not in text.stderr  # the summary is not repeated on stderr


def test_clean_run_says_no_findings_with_time() -> None:
    result = run_cli(["--no-config", str(EXAMPLES / "good-reply.txt")])
    assert result.exit_code == 0
    assert CLEAN.match(result.stdout.strip()), result.stdout


def test_machine_format_keeps_stdout_a_report_and_puts_the_summary_on_stderr(drafts) -> None:
    result = run_cli(["--no-config", "--no-cache", "--format", "json", str(drafts / "poor.txt"), str(drafts / "good.txt")])
    report = json.loads(result.stdout)  # nothing else on standard output
    lines = [line for line in result.stderr.splitlines() if not line.startswith("commlint: notice:")]
    assert len(lines) == 1 and lines[0].startswith("commlint: "), result.stderr
    match = SUMMARY.match(lines[0].removeprefix("commlint: "))
    assert match and int(match["total"]) == len(report["findings"]), lines


def test_a_run_where_every_input_fails_is_one_error_line_and_no_summary(tmp_path) -> None:
    result = run_cli(["--no-config", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("commlint: error: ")


# -- --quiet -------------------------------------------------------------------------------


def test_quiet_prints_the_findings_only(drafts, tmp_path) -> None:
    args = ["--no-config", "--no-cache", str(drafts / "poor.txt"), str(drafts / "good.txt"), str(drafts / "empty.txt")]
    loud, quiet = run_cli(args), run_cli(["--quiet", *args])
    assert quiet.exit_code == loud.exit_code == 1
    assert "empty file, nothing to lint" in loud.stderr and quiet.stderr == ""
    loud_lines = loud.stdout.splitlines()
    assert SUMMARY.match(loud_lines[-1]) and any(": score " in line for line in loud_lines)
    assert quiet.stdout.splitlines() == [line for line in loud_lines[:-1] if ": score " not in line]
    assert all(re.match(r"^\S+:\d+:\d+: |^    suggestion: ", line) for line in quiet.stdout.splitlines())
    clean = run_cli(["-q", "--no-config", str(drafts / "good.txt")])
    assert clean.exit_code == 0 and clean.stdout == "" and clean.stderr == ""
    failing = run_cli(["-q", "--no-config", str(drafts / "good.txt"), str(tmp_path / "missing.txt")])
    assert failing.exit_code == 2 and failing.stderr.startswith("commlint: error: ") and failing.stdout == ""


def test_quiet_machine_format_has_no_summary_either(drafts) -> None:
    result = run_cli(["--quiet", "--no-config", "--format", "json", str(drafts / "poor.txt")])
    assert json.loads(result.stdout)["findings"] and result.stderr == ""


# -- the score line of a message -----------------------------------------------------------


def _score(value: int, lost: dict[str, float]) -> MessageScore:
    budgets = {"clarity": 25.0, "tone": 30.0, "commitment": 20.0, "courtesy": 10.0, "safety": 15.0}
    return MessageScore(value, tuple((a, b - lost.get(a, 0.0)) for a, b in budgets.items()), tuple(budgets.items()))


def test_score_line_names_only_the_areas_that_lost_points() -> None:
    def line(score: MessageScore) -> str:
        return click.unstyle(format_score("m.txt", score))

    assert line(_score(62, {"clarity": 12, "tone": 26})) == "m.txt: score 62/100 (clarity -12, tone -26)"
    assert line(_score(100, {})) == "m.txt: score 100/100"
    assert line(_score(97, {"tone": 2.54})) == "m.txt: score 97/100 (tone -2.5)"


def test_text_shows_a_score_only_when_there_is_one_and_points_were_lost() -> None:
    results = [FileResult("a.txt", "x", score=_score(74, {"commitment": 26})), FileResult("b.txt", "x", score=_score(100, {})),
               FileResult("c.txt", "x")]
    assert click.unstyle(format_text(results, OutputOptions())) == "a.txt: score 74/100 (commitment -26)"
    assert format_text(results, OutputOptions(quiet=True)) == ""
    assert summary_line(results, 1.5) == "No findings in 3 files in 1.50 s, mean score 87."
    assert summary_line(results[2:]) == "No findings in 1 file."  # no score: no mean


def test_duration_reads_at_any_length() -> None:
    assert [duration(s) for s in (0.042, 9.994, 12.34, 125.0)] == ["0.04 s", "9.99 s", "12.3 s", "2 min 5 s"]


# -- the progress bar ----------------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_lint_inputs_reports_progress_in_one_process_and_in_several(tmp_path, jobs) -> None:
    for n in range(40):  # more than one chunk of 16, so two processes share the work
        (tmp_path / f"reply-{n:02d}.txt").write_text((EXAMPLES / "poor-reply.txt").read_text().replace("hey", f"hey {n}"))
    inputs = [Input(str(path), path) for path in sorted(tmp_path.iterdir())]
    seen: list[tuple[int, int]] = []
    results = lint_inputs(Config(), inputs, jobs=jobs, progress=lambda done, total: seen.append((done, total)))
    assert len(results) == 40 and seen[0] == (0, 40) and seen[-1] == (40, 40)
    assert all(total == 40 for _, total in seen) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    nothing: list[tuple[int, int]] = []
    assert lint_inputs(Config(), [], progress=lambda done, total: nothing.append((done, total))) == [] and nothing == []


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "COMMLINT_WORKER")}
    env.update(COMMLINT_NO_WORKER="1", TERM="xterm-256color", COLUMNS="100", PYTHONPATH=str(REPO))
    env.update(extra)
    return {k: v for k, v in env.items() if v != ""}


def _in_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """Run ``commlint args`` with stderr a pseudo-terminal: (exit code, stdout, what the
    terminal received)."""
    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "commlint", *args], cwd=REPO, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    received = bytearray()
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 1 << 16)
                except OSError:  # EIO: the process closed its end
                    break
                if not chunk:
                    break
                received += chunk
            elif process.poll() is not None:
                break
        stdout = process.stdout.read() if process.stdout else b""
        code = process.wait(timeout=60)
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    return code, stdout.decode(), received.decode(errors="replace")


def test_progress_bar_shows_on_a_terminal_and_is_erased(drafts) -> None:
    code, stdout, terminal = _in_terminal(["--no-cache", "--no-config", str(drafts / "poor.txt"), str(drafts / "good.txt")],
                                          _env())
    assert code == 1
    assert BAR in terminal and "━" in terminal and "documents" in terminal, terminal
    assert "\x1b[?25l" in terminal and "\x1b[?25h" in terminal  # cursor hidden while drawing, shown again
    assert SUMMARY.match(stdout.splitlines()[-1]), stdout  # the report is untouched


@pytest.mark.parametrize("extra,args", [
    ({"CI": "true"}, []),
    ({}, ["--format", "json"]),
    ({}, ["--quiet"]),
], ids=["CI", "json", "quiet"])
def test_no_progress_bar_in_ci_machine_formats_or_quiet(drafts, extra, args) -> None:
    code, stdout, terminal = _in_terminal([*args, "--no-cache", "--no-config", str(drafts / "poor.txt")], _env(**extra))
    assert code == 1 and stdout
    assert BAR not in terminal and "\x1b[?25l" not in terminal, terminal


def test_no_progress_bar_when_stderr_is_not_a_terminal(drafts) -> None:
    result = subprocess.run([sys.executable, "-m", "commlint", "--no-cache", "--no-config", str(drafts / "poor.txt")],
                            cwd=REPO, env=_env(), capture_output=True, timeout=240, check=False)
    assert result.returncode == 1 and result.stderr == b""
    assert SUMMARY.match(result.stdout.decode().splitlines()[-1])


def test_the_progress_bar_through_the_warm_worker(drafts) -> None:
    """The worker's client writes the run's output once the run has ended, so the worker
    sends the progress instead and the client draws the bar on its own terminal, erasing it
    before the report; with a machine format there is none."""
    runtime = Path(tempfile.mkdtemp(prefix="cw", dir="/tmp"))  # short: the socket path must fit in 108 bytes
    env = _env(COMMLINT_NO_WORKER="", COMMLINT_RUNTIME_DIR=str(runtime), COMMLINT_WORKER_TIMEOUT="120")
    command = [sys.executable, "-m", "commlint", "worker"]
    try:
        started = subprocess.run([*command, "start"], cwd=REPO, env=env, capture_output=True, timeout=240, check=False)
        assert started.returncode == 0, started.stderr
        code, stdout, terminal = _in_terminal(["--no-cache", "--no-config", str(drafts / "poor.txt"), str(drafts / "good.txt")], env)
        status = subprocess.run([*command, "status"], cwd=REPO, env=env, capture_output=True, text=True, timeout=60, check=False)
        assert "requests served: 1" in status.stdout, status.stdout  # the worker ran it
        assert code == 1 and SUMMARY.match(stdout.splitlines()[-1]), stdout
        assert BAR in terminal and "documents" in terminal and "\x1b[?25h" in terminal, terminal
        code, stdout, terminal = _in_terminal(["--no-cache", "--no-config", "--format", "json", str(drafts / "poor.txt")], env)
        assert code == 1 and stdout.lstrip().startswith("{")
        assert BAR not in terminal and "\x1b[?25l" not in terminal, terminal
    finally:
        subprocess.run([*command, "stop"], cwd=REPO, env=env, capture_output=True, timeout=60, check=False)
        shutil.rmtree(runtime, ignore_errors=True)
