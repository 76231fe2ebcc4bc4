"""Reports: skipped regions, suppressed findings, end positions, items of exports."""
from __future__ import annotations

import json
from importlib import resources

import jsonschema

from helpers import run_cli

SCHEMA = json.loads((resources.files("commlint") / "schemas" / "report-v1.json").read_text())

THREAD = (
    "Hi Sam,\n\nYour refund went out today and should reach your card within 5 business days.\n"
    "# commlint: allow \"webhook\"\nI will check the webhook and write again on Friday.\n\nBest,\nAlex\n\n"
    "On Mon, 3 Nov 2025 at 09:12, Sam Lee <sam@example.com> wrote:\n> you people are useless, fix this ASAP\n"
)


def test_report_json_lists_skipped_regions_and_suppressed_findings(tmp_path) -> None:
    path = tmp_path / "reply.txt"
    path.write_text(THREAD, encoding="utf-8")
    report = json.loads(run_cli(["--no-config", "--no-cache", "--format", "json", str(path)]).stdout)
    jsonschema.validate(report, SCHEMA)
    (linted,) = report["files"]
    reasons = {r["reason"] for r in linted["skipped"]}
    assert {"quoted reply", "directive"} <= reasons
    quoted = next(r for r in linted["skipped"] if r["reason"] == "quoted reply")
    assert "useless" in THREAD[quoted["start"] : quoted["end"]]
    assert not [f for f in report["findings"] if f["start"] >= quoted["start"] and f["category"] != "privacy"]
    (allowed,) = report["suppressed"]
    assert allowed["match"] == "webhook" and THREAD[allowed["start"] : allowed["end"]] == "webhook"


def test_report_text_shows_skipped_and_suppressed_on_request(tmp_path) -> None:
    path = tmp_path / "reply.txt"
    path.write_text(THREAD, encoding="utf-8")
    plain = run_cli(["--no-config", "--no-cache", str(path)]).output
    shown = run_cli(["--no-config", "--no-cache", "--show-skipped", "--show-suppressed", str(path)]).output
    assert "skipped quoted reply" not in plain and "suppressed [" not in plain
    quoted_line = THREAD[: THREAD.index("On Mon")].count("\n") + 1
    assert f"{path}:{quoted_line}:1-" in shown and "skipped quoted reply" in shown
    assert "suppressed [J107 jargon.general-it]" in shown
    assert shown.rstrip().endswith("(1 suppressed) in 1 file.") or "1 suppressed" in shown.splitlines()[-1]


def test_report_findings_carry_their_end_position(tmp_path) -> None:
    first = "when you open the settings page on your phone or laptop you will see a long list of options on the left side and then"
    second = "you need to scroll down to the bottom where the account section is and click the reset button there"
    text = "Hello,\n\n" + first + "\n" + second + ".\n"
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    report = json.loads(run_cli(["--no-config", "--no-cache", "--select", "R101", "--format", "json", str(path)]).stdout)
    (long,) = report["findings"]
    assert (long["line"], long["column"]) == (3, 1)
    assert (long["end_line"], long["end_column"]) == (4, len(second + ".") + 1)
    assert text[long["start"] : long["end"]] == long["match"].replace("…", "") or long["end"] - long["start"] > 100


def test_report_json_writes_one_record_per_line_and_reencodes_a_changed_result(tmp_path) -> None:
    from commlint import Config, Linter
    from commlint.findings.results import FileResult
    from commlint.output.formatters.json import format_json

    linter = Linter(Config(grammar="off"))
    results = [FileResult(path=f"r{i}.txt", text=t, findings=tuple(linter.lint_text(t)))
               for i, t in enumerate(["We will fix it ASAP lol.", "Thanks, the refund went out today."])]
    first = format_json(results)
    report = json.loads(first)
    lines = first.splitlines()
    # every record is one line of its own, so the report greps and diffs by record
    for record in report["findings"] + report["files"]:
        assert "    " + json.dumps(record, ensure_ascii=False) in {line.rstrip(",") for line in lines}
    assert format_json(results) == first  # the same objects again: the remembered records
    changed = FileResult(path="r0.txt", text=results[0].text, findings=results[0].findings[:1])
    again = json.loads(format_json([changed, results[1]]))
    assert len(again["findings"]) == 1 + len(results[1].findings)
    assert again["files"] == report["files"]


def test_a_file_reached_twice_is_linted_once(tmp_path) -> None:
    from commlint.lint.files import discover

    (tmp_path / "a.txt").write_text("Hello.\n", encoding="utf-8")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    inputs, problems = discover([str(tmp_path), str(tmp_path / "a.txt")], (), ())
    assert problems == [] and [i.display for i in inputs] == [str(tmp_path / "a.txt")]
