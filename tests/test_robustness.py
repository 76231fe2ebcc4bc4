"""Bad and huge input never stalls or crashes a run: unreadable folders, symbolic link
loops, UTF-16/32, CR-only line endings, huge files and runs of punctuation, a team pack's
catastrophic regular expression, and the size limit."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commlint import Config, Linter
from commlint.errors import InputError
from commlint.findings.filters import drop_nested
from commlint.findings.model import Finding, Severity
from commlint.lint.files import discover
from commlint.nlp import pipeline
from commlint.ruletypes import conditions, definitions
from commlint.ruletypes.safe_regex import SafePattern, timeouts_of
from commlint.sources.decode import decode_text

from helpers import run_cli

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
SETPRIV = shutil.which("setpriv")


def commlint(args: list[str], cwd: Path, as_user: bool = False, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run the real ``commlint`` command; ``as_user``: without root's power to read any
    folder (tests run as root, who would read a mode-000 folder)."""
    command = [sys.executable, "-m", "commlint", "--no-cache", *args]
    if as_user and os.geteuid() == 0:
        command = [SETPRIV, "--bounding-set=-dac_override,-dac_read_search", *command]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def errors(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("commlint: error:")]


def linted(result: subprocess.CompletedProcess) -> dict[str, str]:
    return {f["path"]: f["status"] for f in json.loads(result.stdout)["files"]}


# -- unreadable folders and symbolic links -------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    (root / "ok" / "deep").mkdir(parents=True)
    (root / "ok" / "reply.txt").write_text("Please clear the DNS cache and try again.\n")
    (root / "ok" / "deep" / "other.txt").write_text("Thanks for waiting, the export works again.\n")
    (root / "locked").mkdir()
    (root / "locked" / "hidden.txt").write_text("You cannot read me.\n")
    (root / "ok" / "deep" / "up").symlink_to("../..")  # back to kb/
    (root / "self").symlink_to("self")  # a link to itself
    (root / "twice").symlink_to("ok")  # the same folder by another way: walked once
    os.chmod(root / "locked", 0)
    yield root
    os.chmod(root / "locked", 0o755)


@pytest.mark.skipif(os.geteuid() == 0 and SETPRIV is None, reason="needs setpriv to run without root's read-anything power")
def test_unreadable_folder_and_link_loops_are_one_line_each_and_the_rest_is_linted(tree: Path):
    result = commlint(["--format", "json", "kb"], cwd=tree.parent, as_user=True)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(errors(result)) == [
        "commlint: error: kb/locked: cannot read this folder: Permission denied",
        "commlint: error: kb/ok/deep/up: symbolic link loop: it leads back to kb",
        "commlint: error: kb/self: symbolic link loop",
    ]
    files = linted(result)
    assert {p for p, status in files.items() if status == "linted"} == {"kb/ok/deep/other.txt", "kb/ok/reply.txt"}
    assert {p for p, status in files.items() if status == "error"} == {"kb/locked", "kb/ok/deep/up", "kb/self"}


def test_discover_returns_problems_and_never_raises(tree: Path):
    inputs, problems = discover([str(tree), str(tree / "missing.txt")], (), ())
    assert {Path(i.display).name for i in inputs} >= {"reply.txt", "other.txt"}
    assert len({i.path.resolve() for i in inputs}) == len(inputs)
    assert all(isinstance(p, InputError) for p in problems)
    assert any(p.problem == "symbolic link loop" for p in problems)
    assert any(p.problem == "no such file or folder" for p in problems)


# -- decoding and line numbers ---------------------------------------------------------------

REPLY = "Hi Sam,\nPlease clear the DNS cache.\nThanks,\nAlex\n"


@pytest.mark.parametrize("codec,bom", [
    ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-32-le", b"\xff\xfe\x00\x00"),
    ("utf-32-be", b"\x00\x00\xfe\xff"), ("utf-8", b"\xef\xbb\xbf"),
])
def test_byte_order_marks_are_decoded(codec: str, bom: bytes):
    assert decode_text(bom + REPLY.encode(codec), "x.txt") == REPLY


@pytest.mark.parametrize("data,problem", [
    (b"\xff\xfe\x00\xd8", "is not valid UTF-16"),
    (b"PK\x03\x04\x00\x00binary", "looks like a binary file"),
    (b"caf\xe9", "is not valid UTF-8"),
])
def test_undecodable_input_is_one_line(data: bytes, problem: str):
    with pytest.raises(InputError) as error:
        decode_text(data, "x.txt")
    assert problem in error.value.one_line() and "\n" not in error.value.one_line()


@pytest.mark.parametrize("newline", ["\r", "\r\n"])
def test_line_and_column_are_right_for_cr_only_and_crlf_files(tmp_path: Path, newline: str):
    (tmp_path / "reply.txt").write_bytes(REPLY.replace("\n", newline).encode())
    (tmp_path / "utf16.txt").write_bytes(b"\xff\xfe" + REPLY.replace("\n", newline).encode("utf-16-le"))
    result = commlint(["--format", "json", "--select", "J101", "reply.txt", "utf16.txt"], cwd=tmp_path)
    found = json.loads(result.stdout)["findings"]
    assert {f["path"] for f in found} == {"reply.txt", "utf16.txt"}, result.stderr
    for f in found:
        assert (f["line"], f["column"], f["match"]) == (2, 18, "DNS cache")


# -- huge input -------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_300_kb_run_of_exclamation_marks_finishes(tmp_path: Path):
    (tmp_path / "shout.txt").write_text("We fixed it" + "!" * 300_000 + "\n")
    result = commlint(["--format", "json", "shout.txt"], cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    found = json.loads(result.stdout)["findings"]
    text = (tmp_path / "shout.txt").read_text()
    assert any(f["rule_id"] == "T116" for f in found)
    for f in found:
        assert text[f["start"]:f["end"]] == f["match"]


@pytest.mark.slow
@pytest.mark.skipif(not (CORPUS / "kb-arduino.jsonl").exists(), reason="shared corpus not available")
def test_one_megabyte_of_prose_in_one_file_finishes(tmp_path: Path):
    bodies, size = [], 0
    for line in (CORPUS / "kb-arduino.jsonl").open(encoding="utf-8"):
        bodies.append(json.loads(line)["body"])
        size += len(bodies[-1])
        if size > 1_000_000:
            break
    text = "\n\n".join(bodies)[:1_000_000]
    (tmp_path / "big.txt").write_text(text)
    # the timeout guards against a hang or a blow-up, not a speed goal (benchmarks/ measure
    # speed): with Harper a megabyte takes about two minutes on two loaded cores
    result = commlint(["--format", "json", "big.txt"], cwd=tmp_path, timeout=420)
    assert result.returncode in (0, 1), result.stderr
    found = json.loads(result.stdout)["findings"]
    assert len(found) > 100
    assert any(f["rule_id"].startswith("GR.") for f in found)  # the grammar engine read it too
    original = (tmp_path / "big.txt").read_text()
    assert all(original[f["start"]:f["end"]] == f["match"] for f in found if f["category"] != "privacy")


def test_size_limit_refuses_a_file_with_one_line_and_lints_the_rest(tmp_path: Path):
    (tmp_path / "commlint.yaml").write_text("max_file_size: 2000\n")
    (tmp_path / "big.txt").write_text("Please clear the DNS cache. " * 200)
    (tmp_path / "small.txt").write_text("Please clear the DNS cache.\n")
    result = commlint(["--format", "json", "--config", "commlint.yaml", "big.txt", "small.txt"], cwd=tmp_path)
    assert result.returncode == 2
    assert errors(result) == ["commlint: error: big.txt: is larger than the 0.002 MB limit (max_file_size)"]
    assert linted(result)["small.txt"] == "linted"


@pytest.mark.parametrize("text", [
    "Thanks" + "!" * 5000 + " more words here.",
    "x" * 20_000 + "?!" * 2000,
    "see  " + "a:" * 8000 + "  then\nthis (" * 50,
    "ok " * 100 + "\u00e9\u2019" * 3000 + " done",
])
def test_tokenizing_long_chunks_keeps_the_text(text: str):
    nlp = pipeline.load()
    doc = pipeline.tokenize(nlp, [text])[0]
    assert doc.text == text
    assert all(len(t.text) <= 200 or t.is_alpha or not t.is_punct for t in doc)


def test_ordinary_text_is_tokenized_exactly_as_spacy_does():
    nlp = pipeline.load()
    text = "Hi  there!!! Please (really) restart the router, then e-mail us at help@example.com.\n\nThanks."
    assert [t.text_with_ws for t in pipeline.tokenize(nlp, [text])[0]] == [t.text_with_ws for t in nlp.tokenizer(text)]


# -- regular expressions of team packs ----------------------------------------------------------

PACK = """\
pack: team
description: A team's own rules.
rules:
  - id: X901
    name: tone.team-nested-plus
    category: tone
    severity: warning
    type: regex
    message: "“{match}”: a run of a."
    rationale: "Test rule."
    suggestions: ["Write less a."]
    examples: {bad: ["[[aaaa]]"], good: ["b"]}
    matcher:
      regex: "(a+)+$"
  - id: X902
    name: tone.team-backtracking
    category: tone
    severity: warning
    type: regex
    message: "“{match}”: a run of a."
    rationale: "Test rule."
    suggestions: ["Write less a."]
    examples: {bad: ["[[aaaa]]"], good: ["b"]}
    matcher:
      regex: "(?:(?=a)a|a)+$"
"""


def test_a_catastrophic_team_regex_finishes_and_is_reported(tmp_path: Path):
    (tmp_path / "team.yaml").write_text(PACK)
    linter = Linter(Config(packs=(str(tmp_path / "team.yaml"),), default_packs=False))
    rules = {r.meta.id: r for r in linter.ruleset.rules}
    assert rules["X901"].detector.regex.uses_re2  # no lookaround: RE2, linear time
    assert not rules["X902"].detector.regex.uses_re2  # a lookahead: time-limited
    text = "a" * 40 + "b"
    found = linter.lint_text(text)  # would take hours on Python's re
    assert [f.rule_id for f in found] == []
    nlp = pipeline.load()
    doc = pipeline.tokenize(nlp, [text])[0]
    pattern = rules["X902"].detector.regex
    pattern.resume()
    assert pattern.spans(text, "match", doc) == []
    assert pattern.stopped
    assert "stopped: the regular expression" in timeouts_of(doc)[0]
    pattern.spans("aaa", "match", doc)  # stopped for the rest of the file: skipped, and said so
    assert timeouts_of(doc)[1].startswith("skipped:")
    pattern.resume()
    assert pattern.spans("aaa", "match", doc) == [(0, 3)]


def test_a_stopped_team_regex_is_named_to_the_user_and_the_next_file_still_runs(tmp_path: Path):
    (tmp_path / "team.yaml").write_text(PACK)
    # ends in a match, so the one RE2 scan of every pattern (lookarounds left out) cannot
    # rule the pattern out: Python's engine runs, and backtracks on the first run of "a"
    (tmp_path / "slow.txt").write_text("a" * 40 + "b aaa")
    (tmp_path / "fine.txt").write_text("aaa")
    config = tmp_path / "commlint.yaml"
    config.write_text(f"packs: [{tmp_path / 'team.yaml'}]\ndefault_packs: false\n")
    result = run_cli(["--config", str(config), "--no-cache", "--format", "json", str(tmp_path / "slow.txt"), str(tmp_path / "fine.txt")])
    report = json.loads(result.stdout)
    slow, fine = report["files"]
    assert any("rule X902" in n and "stopped" in n for n in slow["notices"])
    assert not fine["notices"]
    assert [f["match"] for f in report["findings"] if f["path"].endswith("fine.txt")] == ["aaa"]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="aAb \n\u00e9!?_-", max_size=40), st.sampled_from([
    r"\b\w+\b", r"(?P<match>a+)b?", r"(?m)^\s*A", r"[ab]{2,}$", r"(?i)ab", r"\d|\s+", r"a|(?P<match>b)",
]))
def test_re2_gives_the_spans_python_gives(text: str, pattern: str):
    expected = []
    for m in re.finditer(pattern, text):
        named = "match" in m.re.groupindex and m.group("match") is not None
        expected.append(m.span("match") if named else m.span())
    assert SafePattern(pattern).spans(text, "match") == expected


# -- the linear versions give what the quadratic ones gave ---------------------------------------


def _old_drop_nested(findings, span_rules):
    def covers(o, f):
        if o is f or o.rule_id not in span_rules or o.category != f.category:
            return False
        if (o.start, o.end) == (f.start, f.end):
            return (-o.severity, o.rule_id) < (-f.severity, f.rule_id)
        return o.start <= f.start and f.end <= o.end
    return [f for f in findings if f.rule_id not in span_rules or not any(covers(o, f) for o in findings)]


_FINDING = st.builds(
    lambda rule, category, severity, start, length: Finding(
        rule, rule, category, Severity(severity), "", "", "", start, start + length, 1, 1),
    st.sampled_from(["A1", "A2", "B1", "M1"]), st.sampled_from(["jargon", "tone"]), st.integers(1, 3),
    st.integers(0, 30), st.integers(0, 8),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(_FINDING, max_size=25))
def test_drop_nested_is_the_pairwise_rule(findings):
    unique = list({(f.rule_id, f.start, f.end): f for f in findings}.values())
    unique.sort(key=Finding.sort_key)
    span_rules = frozenset({"A1", "A2", "B1"})
    assert drop_nested(unique, span_rules) == _old_drop_nested(unique, span_rules)


def _old_defined(acronym, text):
    letters = [ch.lower() for ch in acronym if ch.isalpha()]
    escaped = re.escape(acronym)
    for m in re.finditer(rf"\(\s*{escaped}s?\s*\)", text):
        words = definitions._WORD.findall(text[max(0, m.start() - 120): m.start()])
        if any(definitions._spells(letters, words[i:]) for i in range(max(0, len(words) - len(letters) - 4), len(words))):
            return True
    for m in re.finditer(rf"\b{escaped}s?\s*\(([^)]{{3,120}})\)", text):
        if definitions._spells(letters, definitions._WORD.findall(m.group(1))):
            return True
    for m in re.finditer(rf"\b{escaped}s?\b,?\s+(?:stands for|means|is short for)\s+([^.;:\n]{{3,120}})", text):
        words = definitions._WORD.findall(m.group(1))
        if any(definitions._initials(words[:n]) == letters for n in range(1, len(words) + 1)):
            return True
    return False


_WORDS = st.sampled_from([
    "SLA", "SLAs", "(SLA)", "( SLA )", "service", "level", "agreement", "(service level agreement)", "stands for",
    "means", ",", ".", "(", ")", "\n", "  ", "xSLA", "SLA(", "of", "the", "Service", "Level", "Agreement",
])


@settings(max_examples=100, deadline=None)
@given(st.lists(_WORDS, max_size=30).map(" ".join), st.sampled_from(["SLA", "S", "AG"]))
def test_defined_is_the_whole_text_search(text: str, acronym: str):
    definitions._memo = ("", {})
    assert definitions.defined(acronym, text) == _old_defined(acronym, text)


def _old_in_name(text, start, end):
    if not text[start:start + 1].isupper():
        return False
    before = text[:start].rstrip(" ")
    word = re.search(r"([A-Za-z][\w-]*)$", before)
    if word is None or len(before) != start - 1 or not word.group(1)[0].isupper():
        return False
    earlier = before[: word.start()].rstrip()
    return bool(earlier) and earlier[-1] not in ".!?:;\n\"“(" and word.group(1).lower() not in conditions._NOT_NAMES


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="aAzZ_-é1 \n.(\"", max_size=20), st.integers(0, 20))
def test_in_name_is_the_whole_text_search(text: str, start: int):
    """The capitalised word before the term, found by walking back from it, is the one the
    old search of the whole text before it found (``in_name`` has more cases since: a model
    number after, a capitalised word after, a line of its own; tested in test_acronyms)."""
    start = min(start, len(text))
    found = text[start:start + 1].isupper() and conditions._named_before(text, start) is not None
    assert found == _old_in_name(text, start, len(text))


@settings(max_examples=100, deadline=None)
@given(st.one_of(
    st.binary(max_size=200),
    st.sampled_from([b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xef\xbb\xbf"]).flatmap(
        lambda bom: st.binary(max_size=100).map(lambda rest: bom + rest)),
))
def test_decoding_arbitrary_bytes_raises_only_input_error(data: bytes):
    try:
        assert isinstance(decode_text(data, "x.txt"), str)
    except InputError as error:
        assert "\n" not in error.one_line()
