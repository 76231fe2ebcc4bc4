"""Results of recent inputs kept by the warm worker (commlint.lint.recent): a hit gives
exactly what linting again gives, a changed file or configuration is linted again, and the
memory held stays bounded."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from commlint.config import Config
from commlint.findings.results import FileResult
from commlint.lint.cache import ResultCache, fingerprint
from commlint.lint.files import discover
from commlint.lint import recent as recent_module
from commlint.lint import runner
from commlint.lint.recent import RecentResults
from commlint.lint.rules import data_folders
from commlint.lint.runner import lint_inputs
from test_worker import _env, _ready, _run, _served, runtimes  # noqa: F401 - fixtures

REPLY = "Hi Sam,\n\nWe guarantee the latency issue is fixed ASAP, obviously.\n\nCheers,\nAlex\n"
OTHER = "Hi Jo,\n\nThanks for writing. I have refunded the order today.\n\nBest,\nAlex\n"


def _result(path: str, text: str) -> FileResult:
    return FileResult(path, text)


def test_recent_results_are_bounded_and_least_recently_used_go_first() -> None:
    recent = RecentResults(most_chars=10)
    recent.put("a", [_result("a", "xxxx")])
    recent.put("b", [_result("b", "yyyy")])
    assert recent.get("a") is not None  # a is now the most recent
    recent.put("c", [_result("c", "zzzz")])  # 12 chars: b goes
    assert recent.get("b") is None and recent.get("a") is not None and recent.get("c") is not None
    recent.put("huge", [_result("h", "x" * 11)])  # larger than the bound: never held
    assert recent.get("huge") is None and len(recent) == 2
    recent.put("a", [_result("a", "xxxxxxxx")])  # replaced, not counted twice: c goes
    assert recent.get("c") is None and [r.text for r in recent.get("a")] == ["xxxxxxxx"]


def _lint(folder: Path, config: Config, cache: ResultCache, recent: RecentResults | None) -> list[FileResult]:
    inputs, problems = discover([str(folder)], config.include, config.exclude, "-")
    assert not problems
    return lint_inputs(config, inputs, cache=cache, recent=recent)


def test_a_hit_gives_what_linting_gives_and_a_change_is_linted_again(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(recent_module, "SETTLED_NS", 10**18)  # by content only (the status: the test below)
    folder = tmp_path / "macros"
    folder.mkdir()
    (folder / "a.txt").write_text(REPLY)
    (folder / "b.txt").write_text(OTHER)
    config = Config()
    packs, lexicons = data_folders(config)
    cache = ResultCache(tmp_path / "cache", fingerprint([*packs, *lexicons]))
    recent = RecentResults()
    first = _lint(folder, config, cache, recent)
    assert len(recent) == 2
    again = _lint(folder, config, cache, recent)
    assert again == first == _lint(folder, config, cache, None)
    (folder / "b.txt").write_text(REPLY)  # same bytes as a.txt, another name: its own entry
    changed = _lint(folder, config, cache, recent)
    assert len(recent) == 3
    assert [r.path for r in changed] == [r.path for r in first]
    assert [f.rule_id for f in changed[1].findings] == [f.rule_id for f in changed[0].findings]
    narrowed = Config(select=("overpromise",))
    other = _lint(folder, narrowed, cache, recent)
    assert {f.category for r in other for f in r.findings} == {"overpromise"}
    assert other == _lint(folder, narrowed, cache, None)


def test_an_unchanged_file_is_known_by_its_status_and_not_read_again(tmp_path, monkeypatch) -> None:
    """A file whose size, times and inode are those of a recent run is answered without
    reading it; any write changes its change time, so a rewrite of the same size with its
    old modification time put back is read again, and so is a file written too recently
    for its status to stand for its bytes."""
    monkeypatch.setattr(recent_module, "SETTLED_NS", 0)
    folder = tmp_path / "macros"
    folder.mkdir()
    for i in range(6):
        (folder / f"m{i}.txt").write_text(REPLY if i % 2 else OTHER)
    config = Config()
    packs, lexicons = data_folders(config)
    cache = ResultCache(tmp_path / "cache", fingerprint([*packs, *lexicons]))
    recent = RecentResults()
    first = _lint(folder, config, cache, recent)
    read: list[str] = []
    real_read = runner.read_input

    def counting(item, limit=None):
        read.append(item.display)
        return real_read(item, limit)
    monkeypatch.setattr(runner, "read_input", counting)
    assert _lint(folder, config, cache, recent) == first and read == []
    target = folder / "m3.txt"
    before = target.stat()
    same_size = REPLY.replace("Sam", "Kim")
    assert len(same_size) == len(REPLY)
    target.write_text(same_size)
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))  # the old modification time put back
    assert target.stat().st_size == before.st_size and target.stat().st_mtime_ns == before.st_mtime_ns
    changed = _lint(folder, config, cache, recent)
    assert read == [str(target)]
    assert changed == _lint(folder, config, cache, None) and changed[3].text == same_size
    monkeypatch.setattr(recent_module, "SETTLED_NS", 10**18)  # every file too recent: all read
    read.clear()
    assert _lint(folder, config, cache, recent) == changed and len(read) == 6


def test_the_worker_answers_a_repeated_run_as_a_fresh_one(runtimes, tmp_path) -> None:  # noqa: F811
    folder = tmp_path / "macros"
    folder.mkdir()
    for i in range(12):
        (folder / f"m{i:02d}.txt").write_text(REPLY if i % 2 else OTHER)
    env = _env(runtimes(), COMMLINT_CACHE_DIR=str(tmp_path / "cache"))
    in_process = {**env, "COMMLINT_NO_WORKER": "1", "COMMLINT_CACHE_DIR": str(tmp_path / "cache-alone")}
    _ready(env)
    args = ["--format", "json", str(folder)]
    runs = [_run(args, env) for _ in range(3)]
    assert _served(env) >= 3
    assert all((r.returncode, r.stdout) == (runs[0].returncode, runs[0].stdout) for r in runs)
    assert (runs[0].returncode, runs[0].stdout) == (_run(args, in_process).returncode, _run(args, in_process).stdout)
    (folder / "m03.txt").write_text(OTHER + "Our devs will push a hotfix.\n")
    warm, alone = _run(args, env), _run(args, in_process)
    assert (warm.returncode, warm.stdout) == (alone.returncode, alone.stdout)
    assert b"hotfix" in warm.stdout
