"""The command line: formats, exit codes, selection, rules listing and explain."""
from __future__ import annotations

import json
import re
from importlib import resources

import jsonschema
import pytest

from helpers import EXAMPLES, run_cli, run_process

SCHEMA = json.loads((resources.files("commlint") / "schemas" / "report-v1.json").read_text())


def test_cli_poor_draft_reports_every_category_but_grammar() -> None:
    result = run_cli(["--no-config", "--format", "json", str(EXAMPLES / "poor-reply.txt")])
    report = json.loads(result.stdout)
    jsonschema.validate(report, SCHEMA)
    categories = {f["category"] for f in report["findings"]}
    expected = {"jargon", "acronym", "slang", "tone", "overpromise", "timeline", "next-steps", "readability", "privacy", "courtesy"}
    assert expected <= categories, expected - categories
    assert result.exit_code == 1


def test_cli_good_draft_is_clean() -> None:
    result = run_cli(["--no-config", str(EXAMPLES / "good-reply.txt")])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"No findings in 1 file in \d+\.\d\d s(, mean score \d+)?\.", result.output.strip()), result.output


def test_cli_text_format_points_at_line_and_column(tmp_path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Hi Jo,\n\nWe will fix the latency issue today at 3 pm and call you.\n")
    result = run_cli(["--no-config", "--select", "jargon", str(draft)])
    first = result.output.splitlines()[0]
    assert first.startswith(f"{draft}:3:17: warning [J101 jargon.networking]")
    assert "“latency”" in first
    assert "suggestion: Say “delay” instead." in result.output
    assert "\x1b[" not in result.output  # no colour when not on a terminal


@pytest.mark.parametrize(
    ("fail_on", "code"), [("error", 0), ("warning", 1), ("info", 1), ("never", 0)]
)
def test_cli_fail_on_sets_exit_code(tmp_path, fail_on: str, code: int) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text("We will fix the latency issue today at 3 pm and call you back.\n")
    result = run_cli(["--no-config", "--select", "jargon", "--fail-on", fail_on, str(draft)])
    assert result.exit_code == code


def test_cli_select_and_ignore_by_id_prefix_and_category(tmp_path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text("We will reduce the latency soon. I guarantee it.\n")
    by_category = json.loads(run_cli(["--no-config", "--format", "json", "--select", "jargon", str(draft)]).stdout)
    assert {f["category"] for f in by_category["findings"]} == {"jargon"}
    by_prefix = json.loads(run_cli(["--no-config", "--format", "json", "--select", "J1,overpromise", "--ignore", "J101", str(draft)]).stdout)
    assert {f["category"] for f in by_prefix["findings"]} == {"overpromise"}


def test_cli_unknown_selector_is_usage_error(tmp_path) -> None:
    result = run_cli(["--no-config", "--select", "nonsense", "-"], stdin="hello")
    assert result.exit_code == 2
    assert "no rule matches 'nonsense'" in result.output


def test_cli_reads_stdin_with_a_display_name() -> None:
    result = run_cli(["--no-config", "--select", "jargon", "--stdin-filename", "ticket-42.txt", "-"], stdin="Check the latency again please.")
    assert result.output.startswith("ticket-42.txt:1:11: warning [J101")


def test_cli_folder_recursion_with_include_and_exclude(tmp_path) -> None:
    (tmp_path / "macros" / "old").mkdir(parents=True)
    (tmp_path / "macros" / "a.txt").write_text("Check the latency, please.")
    (tmp_path / "macros" / "b.md").write_text("Check the latency, please.")
    (tmp_path / "macros" / "old" / "c.txt").write_text("Check the latency, please.")
    result = run_cli(["--no-config", "--select", "jargon", "--format", "json", "--exclude", "old/*", str(tmp_path / "macros")])
    paths = {f["path"] for f in json.loads(result.stdout)["findings"]}
    assert paths == {str(tmp_path / "macros" / "a.txt"), str(tmp_path / "macros" / "b.md")}  # every format by default
    result = run_cli(["--no-config", "--select", "jargon", "--format", "json", "--include", "*.md", str(tmp_path / "macros")])
    assert {f["path"] for f in json.loads(result.stdout)["findings"]} == {str(tmp_path / "macros" / "b.md")}


def test_cli_rules_lists_every_rule(ruleset) -> None:
    result = run_cli(["rules", "--no-config", "--format", "json"])
    listed = json.loads(result.stdout)
    assert {r["id"] for r in listed if r["enabled"]} == {r.meta.id for r in ruleset.rules}
    # off by default, still listed: explained jargon, two helper conditions, the length floor, everyday words
    assert {r["id"] for r in listed if not r["enabled"]} == {"J109", "J119", "M190", "R105", "L107", "T190", "T191", "T192"}
    assert result.exit_code == 0
    tone = json.loads(run_cli(["rules", "--no-config", "--format", "json", "--select", "tone"]).stdout)
    assert tone and {r["category"] for r in tone} == {"tone"}


def test_cli_explain_prints_rationale_and_examples(ruleset) -> None:
    rule = ruleset.get("jargon.networking")
    result = run_cli(["explain", "J101"])
    assert result.exit_code == 0
    assert "J101 jargon.networking" in result.output
    assert "Why it matters:" in result.output and "Flagged" in result.output
    assert rule.meta.bad[0].text.split()[0] in result.output
    missing = run_cli(["explain", "X999"])
    assert missing.exit_code == 2 and "no such rule" in missing.output


def test_cli_config_file_is_found_and_validated(tmp_path, monkeypatch) -> None:
    (tmp_path / ".commlint.yaml").write_text("select: [jargon]\nfail_on: error\n")
    (tmp_path / "d.txt").write_text("I guarantee the latency is fixed.")
    monkeypatch.chdir(tmp_path)
    result = run_cli(["--format", "json", "d.txt"])
    report = json.loads(result.stdout)
    assert {f["category"] for f in report["findings"]} == {"jargon"}
    assert result.exit_code == 0  # only warnings, and fail_on is error
    (tmp_path / ".commlint.yaml").write_text("selekt: [jargon]\n")
    bad = run_cli(["d.txt"])
    assert bad.exit_code == 2
    assert "selekt: unknown key" in bad.output


def test_cli_as_a_real_process_exit_codes(tmp_path) -> None:
    poor = run_process(["--no-config", str(EXAMPLES / "poor-reply.txt")])
    assert poor.returncode == 1 and b"Traceback" not in poor.stderr
    good = run_process(["--no-config", "-"], stdin=(EXAMPLES / "good-reply.txt").read_bytes())
    assert good.returncode == 0, good.stdout


def test_cli_expands_quoted_glob_patterns(tmp_path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("Check the latency, please.")
    (tmp_path / "two.txt").write_text("Check the latency, please.")
    result = run_cli(["--no-config", "--select", "jargon", "--format", "json", str(tmp_path / "**" / "*.txt")])
    assert {f["path"] for f in json.loads(result.stdout)["findings"]} == {str(tmp_path / "a" / "one.txt"), str(tmp_path / "two.txt")}
    missing = run_cli(["--no-config", str(tmp_path / "*.nothing")])
    assert missing.exit_code == 2 and "no files match this pattern" in missing.output
