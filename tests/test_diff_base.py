"""``--diff-base REF``: findings only on lines changed since a git revision, in real
temporary git repositories (real git, real rules)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from commlint.lint.changed_lines import item_lines, parse_diff
from helpers import run_cli

REPLY = """Hi Sam,

Thanks for writing in. We guarantee this will never happen again.

Please clear the DNS cache and restart the app.

Let me know how it goes.

Best,
Alex
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", *args],
        cwd=repo, check=True, capture_output=True, text=True,
    ).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A git repository holding reply.txt, committed; the current folder."""
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "reply.txt").write_text(REPLY)
    git(tmp_path, "add", "reply.txt")
    git(tmp_path, "commit", "-qm", "first")
    monkeypatch.chdir(tmp_path)
    return tmp_path


RULES = "O101,A101,J101,T101,T104,R101"  # the rules these tests plant problems for


def _shown(*args: str) -> list[tuple[str, str, int]]:
    result = run_cli(["--no-cache", "--select", RULES, "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return [(f["path"], f["rule_id"], f["line"]) for f in json.loads(result.stdout)["findings"]]


def test_only_findings_on_changed_lines_are_reported(repo) -> None:
    edited = REPLY.replace("Hi Sam,\n", "Hi Sam,\n\nI read your note from Monday.\n")  # every line below moves
    edited = edited.replace("Let me know how it goes.", "Obviously this is on your side.\n\nLet me know how it goes.")
    (repo / "reply.txt").write_text(edited)
    everything = {rule for _, rule, _ in _shown("reply.txt")}
    assert {"O101", "J101", "T104"} <= everything
    assert _shown("--diff-base", "HEAD", "reply.txt") == [("reply.txt", "T104", 9)]
    # unchanged since the ref: nothing to report, exit 0
    git(repo, "commit", "-qam", "second")
    result = run_cli(["--no-cache", "--diff-base", "HEAD", "reply.txt"])
    assert result.exit_code == 0 and "No findings" in result.stdout
    # a branch name, and the commit before
    assert ("reply.txt", "T104", 9) in _shown("--diff-base", "main~1", "reply.txt")


def test_untracked_and_newly_added_files_count_as_wholly_changed(repo) -> None:
    (repo / "new.txt").write_text(REPLY)
    (repo / "staged.txt").write_text(REPLY)
    git(repo, "add", "staged.txt")
    shown = _shown("--diff-base", "HEAD", ".")
    by_file = {path: {rule for p, rule, _ in shown if p == path} for path, _, _ in shown}
    assert set(by_file) == {"new.txt", "staged.txt"}  # reply.txt is unchanged
    assert by_file["new.txt"] == by_file["staged.txt"] >= {"O101", "A101", "J101"}


def test_a_finding_spanning_lines_is_kept_when_any_of_its_lines_changed(repo) -> None:
    (repo / "commlint.yaml").write_text("thresholds: {readability.long-sentence: {max: 12}}\n")
    sentence = "We looked at the account and the export and the invoice\nand the DNS settings and the billing page {}."
    wrap = "Hi Sam,\n\n{}\n\nBest,\nAlex\n"
    (repo / "wrap.txt").write_text(wrap.format(sentence.format("this morning")))
    git(repo, "add", "wrap.txt", "commlint.yaml")
    git(repo, "commit", "-qm", "wrap")
    (repo / "wrap.txt").write_text(wrap.format(sentence.format("today")))  # only line 4 changed
    shown = _shown("--diff-base", "HEAD", "wrap.txt")
    assert ("wrap.txt", "R101", 3) in shown  # the long sentence starts on line 3 and ends on line 4
    assert ("wrap.txt", "A101", 4) in shown and ("wrap.txt", "J101", 4) in shown
    git(repo, "commit", "-qam", "today")
    (repo / "wrap.txt").write_text("Hello Sam,\n" + wrap.format(sentence.format("today"))[8:])  # only line 1 changed
    assert _shown("--diff-base", "HEAD", "wrap.txt") == []


def test_files_in_a_subfolder_and_from_another_folder(repo, monkeypatch) -> None:
    (repo / "kb").mkdir()
    (repo / "kb" / "a.txt").write_text("Please clear the DNS cache.\n")
    git(repo, "add", "kb")
    git(repo, "commit", "-qm", "kb")
    (repo / "kb" / "a.txt").write_text("Please clear the DNS cache.\nWe guarantee it works.\n")
    monkeypatch.chdir(repo / "kb")
    assert _shown("--diff-base", "HEAD", "a.txt") == [("a.txt", "O101", 2)]


def _export(path: Path, items: list[tuple[str, str]]) -> None:
    path.write_text("".join(json.dumps({"id": i, "title": f"Macro {i}", "body": b}) + "\n" for i, b in items))


def test_items_of_an_export_are_compared_with_the_item_at_the_ref(repo) -> None:
    """An item's lines are inside its body: the export at REF is read again and each item
    compared with its old body (by id): only its changed lines count, a new item is new
    throughout, an item that moved in the file but did not change has nothing new."""
    first = ("101", "We guarantee a refund.\nPlease clear the DNS cache.")
    second = ("102", "Please clear the DNS cache.")
    _export(repo / "macros.jsonl", [first, second])
    git(repo, "add", "macros.jsonl")
    git(repo, "commit", "-qm", "macros")
    changed = ("101", "We guarantee a refund.\nPlease clear the DNS cache.\nThis is your fault.")
    _export(repo / "macros.jsonl", [("100", "We guarantee the fix works."), second, changed])  # 102 moved, unchanged
    shown = run_cli(["--no-cache", "--select", RULES + ",N101", "--format", "json", "--diff-base", "HEAD", "macros.jsonl"])
    found = {(f["item"]["id"], f["rule_id"], f["line"]) for f in json.loads(shown.stdout)["findings"]}
    assert ("101", "T101", 3) in found
    assert not {(i, r) for i, r, _ in found} & {("101", "O101"), ("101", "J101"), ("102", "J101")}
    assert {i for i, _, _ in found} == {"100", "101"}
    assert any(i == "100" for i, _, _ in found)


def test_bad_ref_is_one_line_exit_2(repo) -> None:
    result = run_cli(["--no-cache", "--diff-base", "no-such-branch", "reply.txt"])
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("commlint: error: --diff-base: 'no-such-branch' is not a commit"), lines


@pytest.mark.parametrize("ref", ["-p", "--output=/tmp/x", ""])
def test_a_ref_that_looks_like_an_option_is_refused(repo, ref) -> None:
    result = run_cli(["--no-cache", f"--diff-base={ref}", "reply.txt"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"commlint: error: --diff-base: {ref!r} is not a git revision"]


def test_a_file_outside_any_repository_is_one_line_exit_2_and_the_others_are_reported(repo, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("plain") / "loose.txt"
    outside.write_text(REPLY)
    (repo / "reply.txt").write_text(REPLY + "\nObviously this is on your side.\n")
    result = run_cli(["--no-cache", "--select", RULES, "--format", "json", "--diff-base", "HEAD", "reply.txt", str(outside)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"commlint: error: {outside}: is not in a git repository (--diff-base HEAD)"
    assert [(f["path"], f["rule_id"]) for f in json.loads(result.stdout)["findings"]] == [("reply.txt", "T104")]


def test_git_missing_is_one_line_exit_2(repo, tmp_path_factory, monkeypatch) -> None:
    empty = tmp_path_factory.mktemp("nogit")
    monkeypatch.setenv("PATH", str(empty))
    assert shutil.which("git") is None
    result = run_cli(["--no-cache", "--diff-base", "HEAD", "reply.txt"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["commlint: error: --diff-base: git is not installed (or not on PATH)"]


def test_standard_input_keeps_its_findings(repo) -> None:
    result = run_cli(["--no-cache", "--format", "json", "--diff-base", "HEAD", "--stdin-filename", "reply.txt", "-"],
                     stdin=REPLY)
    assert {"O101", "J101"} <= {f["rule_id"] for f in json.loads(result.stdout)["findings"]}


def test_diff_base_and_baseline_together(repo) -> None:
    (repo / "reply.txt").write_text(REPLY.replace("Let me know", "Please clear the DNS cache again.\n\nLet me know"))
    run_cli(["--no-cache", "--write-baseline", "b.json", "reply.txt"])
    # the changed line holds J101 and A101; the baseline holds them too: nothing is new
    assert _shown("--diff-base", "HEAD", "reply.txt")
    assert _shown("--diff-base", "HEAD", "--baseline", "b.json", "reply.txt") == []


def test_parse_diff_reads_hunks_renames_and_quoted_names() -> None:
    text = (
        "diff --git a/x.txt b/x.txt\n--- a/x.txt\n+++ b/x.txt\n@@ -1,0 +2,3 @@ ctx\n+a\n+b\n+c\n@@ -5 +8 @@\n-o\n+n\n"
        "@@ -9,2 +11,0 @@\n-x\n-y\n"
        "diff --git a/gone.txt b/gone.txt\ndeleted file mode 100644\n--- a/gone.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-z\n"
        'diff --git "a/caf\\303\\251 \\"q\\".txt" "b/caf\\303\\251 \\"q\\".txt"\n--- "a/caf\\303\\251 \\"q\\".txt"\n'
        '+++ "b/caf\\303\\251 \\"q\\".txt"\n@@ -1 +1 @@\n-a\n+b\n'
        "diff --git a/old name.txt b/new name.txt\nsimilarity index 90%\nrename from old name.txt\nrename to new name.txt\n"
        "--- a/old name.txt\t\n+++ b/new name.txt\t\n@@ -3 +3,2 @@\n-a\n+b\n+c\n"
    )
    assert parse_diff(text) == {"x.txt": {2, 3, 4, 8}, 'café "q".txt': {1}, "new name.txt": {3, 4}}


def test_item_lines_compares_bodies() -> None:
    assert item_lines(None, "a\nb") is None
    assert item_lines("a\nb\nc", "a\nB\nc\nd") == {2, 4}
    assert item_lines("a\nb", "a\nb") == set()


def test_real_git_quotes_names_the_way_parse_diff_reads_them(repo) -> None:
    name = 'café "q" x.txt'
    (repo / name).write_text("Please clear the DNS cache.\n")
    git(repo, "add", name)
    git(repo, "commit", "-qm", "odd name")
    (repo / name).write_text("Please clear the DNS cache.\nWe guarantee it works.\n")
    assert _shown("--diff-base", "HEAD", name) == [(name, "O101", 2)]
    assert os.path.exists(repo / name)
