"""Input that is not lintable text gets one clear line, exit code 2, and the rest still runs."""
from __future__ import annotations

import json

import pytest

from helpers import run_cli, run_process


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a binary file (it contains NUL bytes), not text"),
        ("latin1.txt", "Caf\u00e9 cr\u00e8me".encode("latin-1"), "is not valid UTF-8 (bad byte 0xe9 at byte 3)"),
    ],
)
def test_inputs_unreadable_file_is_one_line_error_and_others_still_linted(tmp_path, name, content, problem) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "ok.txt"
    good.write_text("Check the latency again, please.")
    result = run_process(["--no-config", "--select", "jargon", str(bad), str(good)])
    errors = result.stderr.decode().strip().splitlines()
    assert errors == [f"commlint: error: {bad}: {problem}"]
    assert f"{good}:1:11: warning [J101".encode() in result.stdout
    assert result.returncode == 2


def test_inputs_missing_path(tmp_path) -> None:
    result = run_process(["--no-config", str(tmp_path / "nope.txt")])
    assert result.stderr.decode().strip() == f"commlint: error: {tmp_path / 'nope.txt'}: no such file or folder"
    assert result.returncode == 2


def test_inputs_empty_file_is_a_notice_not_an_error(tmp_path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n")
    result = run_cli(["--no-config", str(empty)])
    assert result.exit_code == 0
    assert f"commlint: notice: {empty}: empty file, nothing to lint" in result.output


def test_inputs_folder_without_matching_files(tmp_path) -> None:
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    result = run_process(["--no-config", str(tmp_path)])
    assert result.stderr.decode().strip() == f"commlint: error: {tmp_path}: no files matching a format commlint reads (text, email, Markdown, HTML, helpdesk exports) in this folder"
    assert result.returncode == 2


def test_inputs_no_traceback_for_a_bad_model(tmp_path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text("hello there")
    result = run_process(["--no-config", "--model", "xx_no_such_model", str(draft)])
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    assert result.stderr.decode().startswith("commlint: error: model: cannot load spaCy pipeline 'xx_no_such_model'")
    assert len(result.stderr.decode().strip().splitlines()) == 1


def test_inputs_crlf_and_bom_offsets(linter) -> None:
    text = "\ufeffHi Jo,\r\n\r\nThe latency is high.\r\n"
    findings = [f for f in linter.lint_text(text) if f.rule_id == "J101"]
    assert [(text[f.start : f.end], f.line, f.column) for f in findings] == [("latency", 3, 5)]


def test_inputs_a_bad_export_and_a_bad_config_fail_alone(tmp_path) -> None:
    (tmp_path / "good.txt").write_text("Please clear the DNS cache.", encoding="utf-8")
    (tmp_path / "macros.json").write_text('{"macros": [{"id": 1, "title": "x", "actions": 3}]}', encoding="utf-8")
    (tmp_path / "broken.json").write_text('{"macros": [', encoding="utf-8")
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "commlint.yaml").write_text("chanel: chat\n", encoding="utf-8")
    (tmp_path / "team" / "reply.txt").write_text("Please clear the DNS cache.", encoding="utf-8")
    (tmp_path / ".git").mkdir()  # the repository root: configs above it do not apply
    result = run_process(["--format", "json", "--no-cache", str(tmp_path)], cwd=tmp_path)
    *errors, summary = result.stderr.decode().strip().splitlines()
    assert result.returncode == 2
    assert len(errors) == 3 and all(line.startswith("commlint: error: ") for line in errors)
    assert summary.startswith("commlint: 4 findings") and " in 1 file in " in summary  # machine formats: on stderr
    assert any("macros.json" in line and "actions" in line for line in errors)
    assert any("broken.json" in line and "JSON" in line for line in errors)
    assert any("commlint.yaml" in line and "chanel" in line for line in errors)
    report = json.loads(result.stdout)
    assert {f["path"] for f in report["findings"]} == {str(tmp_path / "good.txt")}


def test_inputs_other_json_in_a_folder_is_skipped_but_named_is_an_error(tmp_path) -> None:
    (tmp_path / "article.md").write_text("# Reset\n\nPlease clear the DNS cache.\n", encoding="utf-8")
    (tmp_path / "_category_.json").write_text('{"label": "Guides", "position": 2}', encoding="utf-8")
    (tmp_path / "prices.csv").write_text("sku,price\nA1,3\n", encoding="utf-8")
    folder = run_process(["--no-config", "--no-cache", str(tmp_path)], cwd=tmp_path)
    notices = folder.stderr.decode().strip().splitlines()
    assert folder.returncode == 1 and len(notices) == 2  # findings in the article; the others only noted
    assert all(line.startswith("commlint: notice: ") and "not linted" in line for line in notices)
    named = run_process(["--no-config", "--no-cache", str(tmp_path / "_category_.json")], cwd=tmp_path)
    assert named.returncode == 2 and "is not a Zendesk macros or Freshdesk canned-responses export" in named.stderr.decode()


def test_inputs_each_file_fails_on_its_own_threshold_and_a_bad_config_is_one_line(tmp_path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "commlint.yaml").write_text("fail_on: never\n", encoding="utf-8")
    (tmp_path / "drafts" / "a.txt").write_text("Please clear the DNS cache.", encoding="utf-8")
    lenient = run_process(["--no-cache", str(tmp_path / "drafts")], cwd=tmp_path)
    assert lenient.returncode == 0 and b"DNS cache" in lenient.stdout
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "commlint.yaml").write_text("chanel: chat\n", encoding="utf-8")
    for name in ("b.txt", "c.txt"):
        (tmp_path / "team" / name).write_text("Thanks, done.", encoding="utf-8")
    broken = run_process(["--no-cache", str(tmp_path / "team")], cwd=tmp_path)
    assert broken.returncode == 2 and len(broken.stderr.decode().strip().splitlines()) == 1
