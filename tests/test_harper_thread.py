"""Harper runs every check on one thread of its own, whichever thread asks.

Harper builds part of its state lazily for the thread that needs it (the first unknown
word on a thread costs it about a second), and the worker and the language server answer
each request on a new thread. These tests check the mechanism with the real engine: the
thread the checks run on, the findings, and a forked child that gets a thread of its own.
"""
from __future__ import annotations

import os
import signal
import threading

import pytest

from commlint.grammar.harper_backend import HarperBackend

TEXT = "Please reply to this note2097 and we will help."


@pytest.fixture()
def recorded(monkeypatch: pytest.MonkeyPatch) -> tuple[HarperBackend, list[int]]:
    """A real backend whose checks record the thread they ran on (and still run)."""
    backend = HarperBackend()
    threads: list[int] = []
    real = backend._issues

    def issues(linter, text):
        threads.append(threading.get_ident())
        return real(linter, text)

    monkeypatch.setattr(backend, "_issues", issues)
    return backend, threads


def test_checks_from_many_threads_run_on_one_thread(recorded) -> None:
    backend, threads = recorded
    found = [backend.check([TEXT])]
    callers = [threading.get_ident()]

    def ask() -> None:
        callers.append(threading.get_ident())
        found.append(backend.check([TEXT]))

    for _ in range(3):  # a new thread per request, as the worker has
        thread = threading.Thread(target=ask)
        thread.start()
        thread.join()
    assert len(threads) == 4 and len(set(threads)) == 1
    assert threads[0] not in callers
    assert all(f == found[0] for f in found)
    assert any(issue.rule_id == "SpellCheck" and TEXT[issue.start:issue.end] == "note2097" for issue in found[0][0])


def test_a_forked_child_checks_on_a_thread_of_its_own(recorded) -> None:
    backend, _ = recorded
    [parent] = backend.check([TEXT])  # the parent's Harper thread now exists
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            signal.alarm(120)  # a child stuck on the parent's thread dies, and the test fails
            os.close(read)
            [child] = backend.check([TEXT])
            os.write(write, b"same" if child == parent else b"different")
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        answer = pipe.read()
    os.waitpid(pid, 0)
    assert answer == b"same"


def test_a_renewed_linter_finds_what_the_first_one_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """The linter is replaced after a budget of characters (it grows with every word it
    sees); the fresh one reports the same issues, and warming it up first changes nothing."""
    import json
    from pathlib import Path

    from commlint.grammar import harper_backend

    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "replies-stripe-staff.jsonl"
    texts = [TEXT, "Thsi sentense has two slips.", "Their going to the store tomorow."]
    if corpus.is_file():
        with corpus.open(encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for _, line in zip(range(60), handle)]
    steady = HarperBackend().check(texts)
    monkeypatch.setattr(harper_backend, "_RENEW_AFTER", 200)
    renewing = HarperBackend()
    renewing.warm()
    built: list[object] = []
    real = renewing._linter

    def linter():
        instance = real()
        if not built or built[-1] is not instance:
            built.append(instance)
        return instance

    monkeypatch.setattr(renewing, "_linter", linter)
    assert [renewing.check([t])[0] for t in texts] == steady
    assert len(built) > 3  # the linter really was replaced along the way
    assert any(steady)


def test_a_new_linter_opens_the_grammar_engine_in_the_background() -> None:
    """``Linter()`` starts Harper on a thread of its own while the model loads; ``warm``
    (which runs before a run forks its processes) waits for it, so no child inherits an
    engine half built."""
    from commlint import Config, Linter
    from commlint.ruletypes import grammar

    linter = Linter(Config(grammar="harper"))
    rules = [r for r in linter.ruleset.rules if isinstance(r, grammar.GrammarRule)]
    assert rules
    settings = rules[0].settings.resolved()
    grammar.settle()
    engine = grammar._engines.get(settings)
    assert isinstance(engine, HarperBackend)
    assert engine._linter_instance is not None  # built ahead of the first check
    assert not any(t.is_alive() for t in grammar._warming.values())
