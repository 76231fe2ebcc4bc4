"""``--fix``, ``--unsafe-fixes`` and ``--diff``: golden files for every source format, idempotence,
atomic writes that survive an interrupt, and what a fix never touches.

The goldens in tests/fixtures/fix/<case>/ were made by running the fixer once and then read
change by change. The grammar rules run with the engine pinned (``--grammar harper``, in
process), so an engine's safe typo fix ("teh" -> "the" in crlf-bom-reply) is part of them."""
from __future__ import annotations

import codecs
import dataclasses
import difflib
import json
import os
import stat
from pathlib import Path

import pytest
from helpers import EXAMPLES, REPO, run_cli
from test_worker import _env, _ready, _run, _served, runtimes  # noqa: F401  (runtimes: the fixture)

from commlint import Config, Linter
from commlint.findings.model import Applicability, Finding, Fix, Severity
from commlint.findings.results import DocumentFindings
from commlint.output.fix import fix_source, fix_text
from commlint.output.fix.formats import edited, plan_fixes
from commlint.output.fix.run import write_back
from commlint.output.fix.source import MAX_PASSES
from commlint.sources import read_documents

FIXTURES = REPO / "tests" / "fixtures" / "fix"
BASE = ["--no-cache", "--grammar", "harper"]
#: case -> its input (the example draft is read where it lives)
CASES = {
    "poor-reply": EXAMPLES / "poor-reply.txt",
    "crlf-bom-reply": FIXTURES / "crlf-bom-reply" / "input.txt",
    "kb-markdown": FIXTURES / "kb-markdown" / "input.md",
    "kb-html": FIXTURES / "kb-html" / "input.html",
    "zendesk-macros": FIXTURES / "zendesk-macros" / "input.json",
    "csv-macros": FIXTURES / "csv-macros" / "input.csv",
    "eml-7bit": FIXTURES / "eml-7bit" / "input.eml",
}
GOLDEN = [
    pytest.param(case, unsafe, id=f"{case}-{'unsafe' if unsafe else 'safe'}") for case in CASES for unsafe in (False, True)
]


def _expected(case: str, unsafe: bool) -> Path:
    return FIXTURES / case / f"expected{'-unsafe' if unsafe else ''}{CASES[case].suffix}"


def _copy(source: Path, folder: Path, mode: int = 0o640) -> Path:
    target = folder / f"draft{source.suffix}"
    target.write_bytes(source.read_bytes())
    target.chmod(mode)
    return target


def _flags(unsafe: bool) -> list[str]:
    return ["--unsafe-fixes"] if unsafe else []


def _diff(path: Path, before: bytes, after: bytes) -> str:
    old = before.decode("utf-8-sig").splitlines(keepends=True)
    new = after.decode("utf-8-sig").splitlines(keepends=True)
    return "".join(difflib.unified_diff(old, new, fromfile=str(path), tofile=str(path)))


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("case, unsafe", GOLDEN)
def test_fix_gives_the_golden_file_and_a_second_run_changes_nothing(case: str, unsafe: bool, tmp_path: Path) -> None:
    path = _copy(CASES[case], tmp_path)
    result = run_cli([*BASE, "--fix", *_flags(unsafe), str(path)])
    assert result.exit_code in (0, 1), result.output
    assert path.read_bytes() == _expected(case, unsafe).read_bytes(), result.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert "fixes applied in 1 file" in result.stderr or "fix applied in 1 file" in result.stderr
    assert not _leftovers(tmp_path)
    again = run_cli([*BASE, "--fix", *_flags(unsafe), str(path)])
    assert path.read_bytes() == _expected(case, unsafe).read_bytes()
    assert "0 fixes applied in 0 files" in again.stderr


@pytest.mark.parametrize("case, unsafe", GOLDEN)
def test_diff_prints_the_golden_change_and_writes_nothing(case: str, unsafe: bool, tmp_path: Path) -> None:
    path = _copy(CASES[case], tmp_path)
    before = path.read_bytes()
    result = run_cli([*BASE, "--diff", *_flags(unsafe), str(path)])
    assert result.exit_code == 1, result.stderr
    assert result.stdout_bytes == _diff(path, before, _expected(case, unsafe).read_bytes()).encode()
    assert path.read_bytes() == before
    done = _copy(_expected(case, unsafe), tmp_path)
    clean = run_cli([*BASE, "--diff", *_flags(unsafe), str(done)])
    assert (clean.exit_code, clean.stdout) == (0, "")


@pytest.mark.parametrize("case", ["poor-reply", "kb-markdown"])
def test_fix_through_the_warm_worker_writes_what_in_process_writes(case: str, runtimes, tmp_path: Path) -> None:
    """``--fix`` served by a real warm worker (a private runtime folder) leaves the file
    byte for byte as an in-process run does, with its mode, and prints the same."""
    env = _env(runtimes())
    for unsafe in (False, True):
        runs = []
        for how in ("worker", "alone"):
            folder = tmp_path / f"{how}-{unsafe}"
            folder.mkdir()
            path = _copy(CASES[case], folder)
            before = int(_ready(env)["requests served"]) if how == "worker" else 0
            extra = ["--no-worker"] if how == "alone" else []
            result = _run([*extra, *BASE, "--fix", *_flags(unsafe), path.name], env, cwd=folder)
            if how == "worker":
                assert _served(env) == before + 1, result.stderr  # served by the worker, not in-process
            runs.append((result.returncode, result.stdout, result.stderr, path.read_bytes(), stat.S_IMODE(path.stat().st_mode)))
            assert not _leftovers(folder)
        assert runs[0] == runs[1]
        assert runs[0][3] == _expected(case, unsafe).read_bytes() and runs[0][4] == 0o640


def test_fix_with_diff_writes_nothing(tmp_path: Path) -> None:
    path = _copy(CASES["kb-markdown"], tmp_path)
    result = run_cli([*BASE, "--fix", "--diff", str(path)])
    assert result.exit_code == 1 and result.stdout.startswith(f"--- {path}")
    assert path.read_bytes() == CASES["kb-markdown"].read_bytes()


def test_after_fix_the_report_lists_only_what_remains(tmp_path: Path) -> None:
    path = _copy(CASES["kb-markdown"], tmp_path)
    report = json.loads(run_cli([*BASE, "--fix", "--format", "json", str(path)]).stdout)
    remaining = {f["rule_id"] for f in report["findings"]}
    assert not remaining & {"S101", "S102", "S104", "L101"}  # the fixed rules
    assert "J101" in remaining  # the unsafe jargon fix was not applied: its finding is still reported
    # S110 reports "u" of "[the guide for u](https://...).", not the "." after the link: fixed, the target kept
    assert "S110" not in remaining and "[the guide for you](https://example.com/u?gonna=1)." in path.read_text()
    text = path.read_text()
    assert all(text[f["start"]:f["end"]] == f["match"] for f in report["findings"])  # offsets into the fixed file


def test_the_good_example_is_left_alone(tmp_path: Path) -> None:
    path = _copy(EXAMPLES / "good-reply.txt", tmp_path)
    result = run_cli([*BASE, "--fix", "--unsafe-fixes", str(path)])
    assert result.exit_code == 0 and path.read_bytes() == (EXAMPLES / "good-reply.txt").read_bytes()


def test_zendesk_export_keeps_every_other_byte(tmp_path: Path) -> None:
    source = CASES["zendesk-macros"].read_bytes()
    fixed = _expected("zendesk-macros", False).read_bytes()
    assert b"\\u00e9" in fixed and b"https:\\/\\/example.com" in fixed  # the file's own escapes stay
    matcher = difflib.SequenceMatcher(None, source, fixed, autojunk=False)
    changed = [source[a:b] for tag, a, b, _, _ in matcher.get_opcodes() if tag != "equal"]
    assert all(b"\n" not in chunk and b'"' not in chunk for chunk in changed)  # only words inside strings
    old, new = json.loads(source), json.loads(fixed)
    old_actions = [a for m in old["macros"] for a in m["actions"]]
    new_actions = [a for m in new["macros"] for a in m["actions"]]
    assert [a["field"] for a in old_actions] == [a["field"] for a in new_actions]
    assert [a for a in old_actions if not a["field"].startswith("comment")] == [
        a for a in new_actions if not a["field"].startswith("comment")]
    assert old["macros"][0]["description"] == new["macros"][0]["description"] == "u gonna btw"


def test_quoted_printable_email_is_left_alone_with_a_notice(tmp_path: Path) -> None:
    path = _copy(FIXTURES / "eml-qp" / "input.eml", tmp_path)
    result = run_cli([*BASE, "--fix", str(path)])
    assert path.read_bytes() == (FIXTURES / "eml-qp" / "input.eml").read_bytes()
    assert "fixes not applied: the quoted-printable body is left as it is" in result.stderr
    assert "S104" in result.stdout  # the finding is still reported


def test_stdin_fix_prints_the_fixed_text_and_reports_on_stderr() -> None:
    draft = b"Hi Sam,\r\n\r\nDid u get the invoice? We are gonna resend it today.\r\n\r\nBest,\r\nAlex\r\n"
    result = run_cli([*BASE, "--fix", "--stdin-filename", "reply.txt", "-"], stdin=draft)
    assert result.stdout_bytes == draft.replace(b" u ", b" you ").replace(b"gonna", b"going to")
    assert "2 fixes applied in 1 file" in result.stderr


def test_stdin_diff() -> None:
    result = run_cli([*BASE, "--diff", "--stdin-filename", "reply.txt", "-"], stdin=b"Did u get it?\n")
    assert result.exit_code == 1
    assert result.stdout == "--- reply.txt\n+++ reply.txt\n@@ -1 +1 @@\n-Did u get it?\n+Did you get it?\n"


def test_unsafe_fixes_alone_is_a_usage_error(tmp_path: Path) -> None:
    path = _copy(CASES["kb-markdown"], tmp_path)
    result = run_cli([*BASE, "--unsafe-fixes", str(path)])
    assert result.exit_code == 2 and "--unsafe-fixes: needs --fix or --diff" in result.stderr
    assert path.read_bytes() == CASES["kb-markdown"].read_bytes()


def test_utf16_file_stays_utf16_with_its_mark(tmp_path: Path) -> None:
    path = tmp_path / "reply.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Hi Sam,\r\n\r\nDid u get the reset email?\r\n".encode("utf-16-le"))
    run_cli([*BASE, "--fix", str(path)])
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF16_LE)
    assert data[2:].decode("utf-16-le") == "Hi Sam,\r\n\r\nDid you get the reset email?\r\n"


def test_jsonl_items_are_fixed_in_their_own_line(tmp_path: Path) -> None:
    path = tmp_path / "macros.jsonl"
    lines = ['{"id": 1, "title": "A", "body": "Did u get it?"}', '{"id": 2, "title": "B", "body": "Did u get it?"}']
    path.write_text("\n".join(lines) + "\n")
    run_cli([*BASE, "--fix", str(path)])
    assert path.read_text() == "\n".join(line.replace(" u ", " you ") for line in lines) + "\n"


# -- writes that fail or are interrupted --------------------------------------------------


@pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError])
def test_an_interrupted_rename_leaves_the_original_and_no_temporary_file(failure, tmp_path, monkeypatch) -> None:
    path = _copy(CASES["kb-markdown"], tmp_path)

    def stop(*_args, **_kwargs):
        raise failure("stopped mid-write")

    monkeypatch.setattr("commlint.atomic.os.replace", stop)
    with pytest.raises(failure):
        write_back(path, b"half of it")
    assert path.read_bytes() == CASES["kb-markdown"].read_bytes()
    assert not _leftovers(tmp_path)


def test_a_write_that_fails_midway_is_one_error_line(tmp_path, monkeypatch) -> None:
    path = _copy(CASES["kb-markdown"], tmp_path)

    def full(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("commlint.atomic.os.fsync", full)  # after the data is written, before the rename
    result = run_cli([*BASE, "--fix", str(path)])
    assert result.exit_code == 2
    assert f"{path}: cannot write the fixes: No space left on device; the file is unchanged" in result.stderr
    assert path.read_bytes() == CASES["kb-markdown"].read_bytes()
    assert not _leftovers(tmp_path)


def test_a_keyboard_interrupt_while_writing_the_data_cleans_up(tmp_path, monkeypatch) -> None:
    path = _copy(CASES["kb-html"], tmp_path)
    real_fdopen = os.fdopen

    class Breaking:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            raise KeyboardInterrupt

    monkeypatch.setattr("commlint.atomic.os.fdopen", lambda fd, mode: Breaking(real_fdopen(fd, mode)))
    with pytest.raises(KeyboardInterrupt):
        write_back(path, b"x" * 1000)
    assert path.read_bytes() == CASES["kb-html"].read_bytes()
    assert not _leftovers(tmp_path)


# -- choosing and placing fixes ------------------------------------------------------------


def _finding(start: int, end: int, replacement: str, applicability=Applicability.SAFE, rule: str = "S101") -> Finding:
    return Finding(
        rule_id=rule, rule_name="test.rule", category="test", severity=Severity.WARNING, message="m", rationale="r",
        match="", start=start, end=end, line=1, column=start + 1, fix=Fix(start, end, replacement, applicability),
    )


def test_fix_text_applies_safe_ones_and_keeps_the_earlier_of_two_that_overlap() -> None:
    text = "we are gonna call u"
    findings = [
        _finding(7, 12, "going to"), _finding(10, 15, "XX"), _finding(18, 19, "you", Applicability.UNSAFE),
        _finding(0, 2, "We", Applicability.DISPLAY), _finding(7, 12, "going to", rule="S104"),
    ]
    assert fix_text(text, findings) == "we are going to call u"
    assert fix_text(text, findings, unsafe=True) == "we are going to call you"
    assert fix_text(text, findings, unsafe=True, protected=[(16, 19)]) == "we are going to call u"


def test_html_replacement_is_escaped() -> None:
    text = "<p>Tom and Jerry</p>"
    documents = read_documents(text.encode(), "a.html")
    plan = plan_fixes("html", text, documents, [[_finding(7, 10, "& <more>")]], False)
    assert edited(text, plan.edits) == "<p>Tom &amp; &lt;more&gt; Jerry</p>"


def test_json_replacement_is_escaped_as_the_file_escapes() -> None:
    text = '{"macros": [{"id": 1, "actions": [{"field": "comment_value", "value": "Caf\\u00e9 \\"u\\" ok"}]}]}'
    documents = read_documents(text.encode(), "m.json")
    assert documents[0].text == 'Café "u" ok'
    plan = plan_fixes("helpdesk-json", text, documents, [[_finding(5, 8, 'say "hi" \u2014 you')]], False)
    out = edited(text, plan.edits)
    assert out == text.replace('\\"u\\"', 'say \\"hi\\" \\u2014 you')
    assert json.loads(out)["macros"][0]["actions"][0]["value"] == 'Café say "hi" \u2014 you ok'


def test_csv_field_is_quoted_when_its_new_text_needs_it() -> None:
    text = "id,title,body\n1,A,Did u get it?\n"
    documents = read_documents(text.encode(), "m.csv")
    plan = plan_fixes("csv", text, documents, [[_finding(4, 5, "you, Sam")]], False)
    assert edited(text, plan.edits) == 'id,title,body\n1,A,"Did you, Sam get it?"\n'


def test_a_fix_inside_a_placeholder_is_never_applied() -> None:
    text = json.dumps({"macros": [{"id": 7, "title": "T", "actions": [
        {"field": "comment_value", "value": "Hi {{ticket.requester.first_name}}, ticket {{ticket.Id}} is open. Did u see it?"},
    ]}]})
    linter = Linter(Config(ignore=("grammar",)))
    fixed = fix_source(text.encode(), "m.json", lambda docs: list(linter.check_documents(docs)))
    first = fix_source(text.encode(), "m.json", lambda docs: list(linter.check_documents(docs)), max_passes=0)
    offered = [f.fix for r in first.found for f in r.findings if f.fix and f.rule_id == "PH102"]
    assert offered and offered[0].applicability is Applicability.SAFE  # the rule offers one ...
    value = json.loads(fixed.fixed)["macros"][0]["actions"][0]["value"]
    assert value == "Hi {{ticket.requester.first_name}}, ticket {{ticket.Id}} is open. Did you see it?"  # ... not applied


def test_fixes_that_never_settle_stop_after_the_bound() -> None:
    def always(documents) -> list[DocumentFindings]:  # a rule whose fix always finds more to do
        end = len(documents[0].text.rstrip("\n"))
        return [DocumentFindings((dataclasses.replace(_finding(end, end, "!"), match=""),))]

    result = fix_source(b"Thanks for waiting\n", "a.txt", always)
    assert result.applied == MAX_PASSES and result.fixed == b"Thanks for waiting" + b"!" * MAX_PASSES + b"\n"
    assert result.notices == [f"fixes did not settle after {MAX_PASSES} passes; the last pass is kept"]
