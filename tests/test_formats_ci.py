"""The CI formats: ``--format sarif|github|junit|checkstyle`` (docs/formats.md).

Every case runs the real command line (spaCy model, rule packs, Harper where grammar is
selected) on a small run copied from ``tests/fixtures/formats/input/``: a reply with
findings (its name has a space and a comma, which ``github`` must escape), a clean reply,
an unreadable (binary) file and a helpdesk export with an item with findings and a clean
one. ``github``, ``junit`` and ``checkstyle`` are compared with the golden files in
``tests/fixtures/formats/``; SARIF is validated against the official SARIF 2.1.0 schema
in ``../shared/schemas/`` (beside the repository, never copied into it) and checked for
levels, regions, fingerprints and fixes.

When a rule's wording changes on purpose, regenerate the golden files and review the diff:

    COMMLINT_UPDATE_GOLDENS=1 .venv/bin/pytest -q tests/test_formats_ci.py
"""
from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from commlint.cli import main
from commlint.document.lines import LineIndex
from commlint.output.formatters.ci import xml_text
from commlint.output.formatters.github import command
from commlint import data
from commlint.output.formatters.sarif import FINGERPRINT_KEY, ITEM_KEY
from commlint.output.rule_docs import shipped_rules
from helpers import REPO

FIXTURES = REPO / "tests" / "fixtures" / "formats"
SARIF_SCHEMA = REPO.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
REPLY = "draft 1, v2.txt"
INPUTS = [REPLY, "clean.txt", "broken.txt", "macros.csv"]
#: a stable selection for the golden files: no grammar engine, no tone model (their
#: wording and thresholds move with their versions), the rest of the behaviour intact
GOLDEN_SELECTION = ["--select", "tone,slang,timeline,placeholders,GM", "--ignore", "T301"]
UPDATE = os.environ.get("COMMLINT_UPDATE_GOLDENS") == "1"


@pytest.fixture
def run_dir(tmp_path, monkeypatch) -> Path:
    """A copy of the fixture inputs, as the current folder (reports name files relative to it)."""
    for name in INPUTS:
        shutil.copyfile(FIXTURES / "input" / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def commlint(*args: str, color: bool = False):
    """``commlint --no-config --no-cache ARGS`` in this process (COMMLINT_NO_WORKER is set by conftest)."""
    return CliRunner().invoke(main, ["--no-config", "--no-cache", *args], color=color)


def sarif(*args: str) -> dict:
    result = commlint("--format", "sarif", *args)
    assert result.exit_code in (0, 1, 2), result.output
    return json.loads(result.stdout)


def test_sarif_schema_is_beside_the_repository() -> None:
    assert SARIF_SCHEMA.is_file(), f"the official SARIF schema must be at {SARIF_SCHEMA} (CI has ../shared beside the repo)"


# ------------------------------------------------------------------------ golden files


@pytest.mark.parametrize("fmt, golden", [("github", "github.txt"), ("junit", "junit.xml"), ("checkstyle", "checkstyle.xml")])
def test_golden(run_dir, fmt, golden) -> None:
    result = commlint("--format", fmt, *GOLDEN_SELECTION, *INPUTS, color=True)
    assert result.exit_code == 2  # the unreadable file
    out = result.stdout
    assert "\x1b[" not in out  # no colour, even when colour is forced
    path = FIXTURES / golden
    if UPDATE:
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8"), f"{golden} is stale: COMMLINT_UPDATE_GOLDENS=1 regenerates it"


def test_github_commands(run_dir) -> None:
    lines = commlint("--format", "github", *GOLDEN_SELECTION, *INPUTS).stdout.splitlines()
    assert lines[0].startswith("::notice file=draft 1%2C v2.txt,line=3,col=25,endLine=3,endColumn=28,title=GM102 ")
    assert any(line.startswith("::warning file=draft 1%2C v2.txt,line=3,col=51,") for line in lines)
    assert "::error file=broken.txt,title=commlint::broken.txt: looks like a binary file" in "\n".join(lines)
    item = [line for line in lines if "macros.csv" in line]
    assert item and all(",line=" not in line for line in item)  # an item's lines are not the file's
    assert all(line.startswith("::") for line in lines)  # one command a line: newlines are escaped
    assert not any("clean.txt" in line for line in lines)


def test_github_escaping() -> None:
    assert command("warning", "50% done\r\nnext", file="a,b:c%.txt", line=3, title="T1 x: y") == (
        "::warning file=a%2Cb%3Ac%25.txt,line=3,title=T1 x%3A y::50%25 done%0D%0Anext"
    )
    assert command("error", "plain") == "::error::plain"


def test_junit_outcomes(run_dir) -> None:
    root = ET.fromstring(commlint("--format", "junit", *GOLDEN_SELECTION, *INPUTS).stdout)
    suites = root.findall("testsuite")
    assert root.tag == "testsuites" and len(suites) == 1
    suite = suites[0]
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert list(cases) == [REPLY, "clean.txt", "broken.txt", 'macros.csv[201 "Refund sent" body]', 'macros.csv[202 "Thanks" body]']
    assert suite.get("tests") == "5" and suite.get("failures") == "2" and suite.get("errors") == "1"
    failure = cases[REPLY].find("failure")
    assert failure is not None and failure.get("message") == "2 findings at warning or above"
    assert f"{REPLY}:3:51: warning [M101 timeline.soon]" in failure.text
    assert "GM102" in cases[REPLY].find("system-out").text  # below the fail level: not a failure
    assert list(cases["clean.txt"]) == []
    assert cases["broken.txt"].find("error").get("type") == "E300"
    # --fail-on error: nothing in this run fails
    strict = ET.fromstring(commlint("--format", "junit", "--fail-on", "error", *GOLDEN_SELECTION, *INPUTS).stdout)
    assert strict.find("testsuite").get("failures") == "0"


def test_xml_never_holds_characters_xml_cannot() -> None:
    element = ET.Element("failure", message=xml_text("a\x0cb\x00<&"))
    element.text = xml_text("bell\x07 \ud800 ok")
    parsed = ET.fromstring(ET.tostring(element, encoding="unicode"))
    assert parsed.get("message") == "a\ufffdb\ufffd<&" and parsed.text == "bell\ufffd \ufffd ok"


def test_checkstyle_files_and_errors(run_dir) -> None:
    root = ET.fromstring(commlint("--format", "checkstyle", *GOLDEN_SELECTION, *INPUTS).stdout)
    assert root.tag == "checkstyle" and root.get("version") == "4.3"
    files = {f.get("name"): f.findall("error") for f in root.findall("file")}
    assert list(files) == [REPLY, "clean.txt", "broken.txt", "macros.csv"]
    assert {e.get("severity") for e in files[REPLY]} == {"warning", "info"}
    assert files[REPLY][0].attrib == {"line": "3", "column": "25", "severity": "info",
                                      "message": "“!!!”: one mark is enough.", "source": "commlint.GM102"}
    assert files["clean.txt"] == []
    assert files["broken.txt"][0].get("severity") == "error" and "line" not in files["broken.txt"][0].attrib
    assert files["macros.csv"][0].get("message").startswith('201 "Refund sent" body:1:4: ')


# ------------------------------------------------------------------------------- SARIF


def _validate(log: dict) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def _results(log: dict, uri: str) -> list[dict]:
    return [r for r in log["runs"][0]["results"]
            if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri]


def test_sarif_validates_and_describes_the_run(run_dir) -> None:
    (run_dir / "card.txt").write_text(
        "Hi Ana,\n\n\U0001F600 The card 4111 1111 1111 1111 was charged twice, so we will refund it soon.\n"
        "Please restart teh router and try again.\n\nBest,\nJo\n",
        encoding="utf-8",
    )
    log = sarif(*INPUTS, "card.txt")
    _validate(log)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "commlint" and driver["informationUri"] == data.docs_url()
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    shipped = {m.id: m for m in shipped_rules()}
    assert {i for i, m in shipped.items() if m.enabled} <= set(ids)  # every rule of the run
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for rule in rules:
        meta = shipped.get(rule["id"]) or shipped[rule["id"].split(".")[0]]  # GR.harper.X: its parent GR
        assert rule["fullDescription"]["text"] == " ".join(meta.rationale.split())
        assert rule["help"]["text"].startswith(rule["fullDescription"]["text"])
        if rule["id"] in shipped:
            assert rule["defaultConfiguration"]["level"] == levels[meta.severity.label]
        page, anchor = rule["helpUri"].removeprefix(data.docs_url()).split("#")
        assert f'<a id="{anchor}"></a>' in (REPO / page).read_text(encoding="utf-8"), rule["helpUri"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert any(i.startswith("GR.harper.") for i in ids)  # an engine rule that reported has its entry

    reply = _results(log, "draft%201%2C%20v2.txt")
    assert {r["level"] for r in reply} >= {"warning", "note"}
    card = _results(log, "card.txt")
    (p101,) = [r for r in card if r["ruleId"] == "P101"]
    assert p101["level"] == "error"
    text = (run_dir / "card.txt").read_text(encoding="utf-8")
    region = p101["locations"][0]["physicalLocation"]["region"]
    assert text[region["charOffset"]:region["charOffset"] + region["charLength"]] == "4111 1111 1111 1111"
    assert (region["startLine"], region["startColumn"]) == (3, 12)  # code points: the emoji is one column
    assert "4111 1111" not in json.dumps(log)  # the card number is redacted everywhere
    # every region of a whole file points at its characters
    for result in reply + card:
        source = (run_dir / ("card.txt" if result in card else REPLY)).read_text(encoding="utf-8")
        region = result["locations"][0]["physicalLocation"]["region"]
        lines = LineIndex(source)
        assert lines.line_col(region["charOffset"]) == (region["startLine"], region["startColumn"])
        assert lines.line_col(region["charOffset"] + region["charLength"]) == (region["endLine"], region["endColumn"])

    notifications = run["invocations"][0]["toolExecutionNotifications"]
    assert run["invocations"][0]["executionSuccessful"] is False  # broken.txt: exit 2
    (broken,) = [n for n in notifications if n["level"] == "error"]
    assert broken["message"]["text"].startswith("broken.txt: looks like a binary file")
    artifacts = {a["location"]["uri"]: a["properties"] for a in run["artifacts"]}
    assert artifacts["broken.txt"]["status"] == "error"
    assert "score" in artifacts["clean.txt"] and "score" in artifacts["card.txt"]
    score = artifacts["card.txt"]["score"]
    assert score is None or 0 <= score["score"] <= 100
    assert [i["id"] for i in artifacts["macros.csv"]["items"]] == ["201", "202"]


def test_sarif_export_items_have_no_file_offsets(run_dir) -> None:
    log = sarif("macros.csv")
    _validate(log)
    items = _results(log, "macros.csv")
    assert items and log["runs"][0]["invocations"][0]["executionSuccessful"] is True
    for result in items:
        location = result["locations"][0]
        assert "region" not in location["physicalLocation"] and "fixes" not in result
        assert location["logicalLocations"][0]["fullyQualifiedName"] == '201 "Refund sent" body'
        assert result["properties"]["item"]["id"] == "201" and result["properties"]["item"]["startLine"] >= 1
        assert result["partialFingerprints"][ITEM_KEY] == "201"
        assert result["message"]["text"].startswith('201 "Refund sent" body:')


def _line(result: dict) -> int:
    return result["locations"][0]["physicalLocation"]["region"]["startLine"]


def test_sarif_fingerprints_survive_a_line_inserted_above(run_dir) -> None:
    before = {(r["ruleId"], r["partialFingerprints"][FINGERPRINT_KEY]): r for r in _results(sarif(REPLY), "draft%201%2C%20v2.txt")}
    path = run_dir / REPLY
    path.write_text(path.read_text(encoding="utf-8").replace("Hi Sam,\n", "Hi Sam,\n\nI hope your week is going well.\n"), encoding="utf-8")
    after = {(r["ruleId"], r["partialFingerprints"][FINGERPRINT_KEY]): r for r in _results(sarif(REPLY), "draft%201%2C%20v2.txt")}
    moved = [k for k in before if k[0] in ("M101", "S103", "GM102")]
    assert len(moved) == 3
    for key in moved:  # same fingerprint, two lines lower
        assert key in after
        assert _line(after[key]) == _line(before[key]) + 2


def test_sarif_fix_is_the_replacement(run_dir) -> None:
    results = _results(sarif("--select", "GM,S110", REPLY), "draft%201%2C%20v2.txt")
    text = (run_dir / REPLY).read_text(encoding="utf-8")
    fixed = {}
    for result in results:
        (fix,) = result["fixes"]
        (change,) = fix["artifactChanges"]
        assert change["artifactLocation"]["uri"] == "draft%201%2C%20v2.txt"
        (replacement,) = change["replacements"]
        region = replacement["deletedRegion"]
        fixed[text[region["charOffset"]:region["charOffset"] + region["charLength"]]] = replacement["insertedContent"]["text"]
        assert "safe" in fix["description"]["text"]
    assert fixed == {"!!!": "!", "u": "you"}
    suggestions = {r["ruleId"]: r["properties"]["suggestions"] for r in results}
    assert suggestions["S110"] == ["Write “you”."]


def test_sarif_suppressed_findings_are_marked(run_dir) -> None:
    (run_dir / "quiet.txt").write_text(
        "Hi Sam,\n\n# commlint: ignore-next-line=M101\nWe will reply soon.\n\nBest,\nAlex\n",
        encoding="utf-8",
    )
    log = sarif("--select", "M101", "quiet.txt")
    _validate(log)
    suppressed = [r for r in _results(log, "quiet.txt") if r.get("suppressions")]
    assert [r["ruleId"] for r in suppressed] == ["M101"] and suppressed[0]["suppressions"] == [{"kind": "inSource"}]


# --------------------------------------------------------------------------- bad input


def test_unknown_format_is_one_line_naming_the_choices(run_dir) -> None:
    result = commlint("--format", "nope", REPLY)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "'nope'" in line
    for name in ("checkstyle", "github", "json", "junit", "sarif", "text"):
        assert f"'{name}'" in line


def test_readme_workflow_uploads_sarif() -> None:
    import re

    import yaml

    section = (REPO / "README.md").read_text(encoding="utf-8").split("### In CI", 1)[1].split("\n## ", 1)[0]
    workflow = yaml.safe_load(re.search(r"```yaml\n(.*?)```", section, re.S).group(1))
    steps = workflow["jobs"]["kb"]["steps"]
    runs = [s["run"] for s in steps if "run" in s]
    assert any(r.startswith("commlint --format sarif") and r.endswith("> commlint.sarif") for r in runs)
    (upload,) = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert upload["with"]["sarif_file"] == "commlint.sarif"
    assert workflow["permissions"]["security-events"] == "write"
    assert "--format github" in section


def test_the_json_report_is_written_in_pieces_that_make_the_whole(run_dir) -> None:
    """The CLI streams the JSON report (never holding it whole); what it writes is the
    report ``format_json`` gives for the same inputs, in pieces of a file's records at most
    past the size asked for."""
    from commlint import Config
    from commlint.lint.files import Input
    from commlint.lint.runner import lint_inputs
    from commlint.output.formatters.json import format_json, json_chunks

    names = [REPLY, "clean.txt", "macros.csv"]
    for n in range(30):
        (run_dir / f"more-{n:02}.txt").write_text(f"Hi,\n\nASAP we will circle back on ticket {n}. Your bad.\n", encoding="utf-8")
        names.append(f"more-{n:02}.txt")
    result = commlint("--format", "json", "--fail-on", "never", *names)
    assert result.exit_code == 0, result.output
    results = lint_inputs(Config(), [Input(name, run_dir / name) for name in names], jobs=1)
    whole = format_json(results)
    assert result.stdout == whole + "\n"
    pieces = list(json_chunks(results, size=200))
    assert len(pieces) > 5 and "".join(pieces) == whole
    assert max(len(p) for p in pieces) < len(whole) / 2
