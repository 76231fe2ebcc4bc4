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
