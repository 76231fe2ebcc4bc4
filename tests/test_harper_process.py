"""Harper checks in a process of its own, shared by every thread and forked process of a run.

These tests drive the real engine: the findings are those of a linter in this process, the
socket is private, a forked child shares the Harper process, a killed one is started again,
and the Harper process ends with the process that started it.
"""
from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from commlint.grammar.backend import GrammarIssue
from commlint.grammar.harper_backend import HarperBackend
from commlint.grammar.harper_server import Checker

TEXT = "Please reply to this note2097 and we will help."
SLIPS = ["Thsi sentense has two slips.", "Their going to the store tomorow.", TEXT]


@pytest.fixture()
def backend():
    engine = HarperBackend()
    yield engine
    engine.close()


def _in_process(texts: list[str]) -> list[list[GrammarIssue]]:
    """What a Harper linter in this process finds: the reference the process must match."""
    checker = Checker("american")
    return [[GrammarIssue(s, e, r, m, tuple(rep), k) for s, e, r, m, rep, k in issues]
            for issues in checker.check(texts)]


def _check_in_forked_child(backend: HarperBackend, expected: list[GrammarIssue]) -> tuple[bool, bool]:
    """In a forked child: whether ``backend`` checks TEXT as ``expected``, and whether the
    child had to start a Harper process of its own (which it then closes)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            signal.alarm(120)  # a child stuck on the parent's process dies, and the test fails
            os.close(read)
            [child] = backend.check([TEXT])
            own = backend._server is not None and backend._server.owner == os.getpid()
            if own:
                backend.close()
            os.write(write, json.dumps([child == expected, own]).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        same, own = json.loads(pipe.read() or b"[false, false]")
    os.waitpid(pid, 0)
    return same, own


def test_findings_match_a_linter_in_this_process(backend: HarperBackend) -> None:
    found = backend.check(SLIPS)
    assert found == _in_process(SLIPS)
    assert any(i.rule_id == "SpellCheck" and TEXT[i.start:i.end] == "note2097" for i in found[2])
    assert backend.pid is not None and backend.pid != os.getpid()


def test_the_socket_is_private(backend: HarperBackend) -> None:
    backend.warm()
    server = backend._server
    assert server is not None
    assert stat.S_IMODE(server.folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(server.path.stat().st_mode) & 0o077 == 0
    from multiprocessing.connection import Client

    with pytest.raises(Exception):  # a client without the key is turned away
        Client(str(server.path), family="AF_UNIX", authkey=b"not the key").close()
    assert backend.check([TEXT]) == _in_process([TEXT])  # and the server still serves


def test_threads_share_one_process(backend: HarperBackend) -> None:
    found = [backend.check([TEXT])]
    pids = {backend.pid}

    def ask() -> None:
        found.append(backend.check([TEXT]))
        pids.add(backend.pid)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 5 and all(f == found[0] for f in found)
    assert len(pids) == 1


def test_a_forked_child_uses_the_same_harper_process(backend: HarperBackend) -> None:
    [parent] = backend.check([TEXT])
    same, started_own = _check_in_forked_child(backend, parent)
    assert same and not started_own
    assert backend.check([TEXT]) == [parent]  # the parent's connection is untouched


def test_a_killed_harper_process_is_started_again(backend: HarperBackend) -> None:
    before = backend.check(SLIPS)
    first = backend.pid
    os.kill(first, signal.SIGKILL)
    time.sleep(0.2)
    assert backend.check(SLIPS) == before
    assert backend.pid != first


def test_a_renewed_linter_finds_what_the_first_one_found() -> None:
    """The linter is replaced after a budget of characters (it grows with every word it
    sees); the fresh one reports the same issues."""
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "replies-stripe-staff.jsonl"
    texts = list(SLIPS)
    if corpus.is_file():
        with corpus.open(encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for _, line in zip(range(60), handle)]
    steady = Checker("american", renew_after=10**9)
    renewing = Checker("american", renew_after=200)
    assert [renewing.check([t])[0] for t in texts] == steady.check(texts)
    assert renewing.renewals > 3 and any(steady.check(texts))


def test_the_harper_process_ends_with_its_starter(tmp_path: Path) -> None:
    """A process that opens Harper and dies without closing it leaves no Harper process
    and no socket behind."""
    script = (
        "import os, sys\n"
        "from commlint.grammar.harper_backend import HarperBackend\n"
        "b = HarperBackend(); b.warm()\n"
        "print(b.pid, b._server.folder, flush=True)\n"
        "os._exit(0)\n"  # no close, no atexit
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    pid_text, folder = done.stdout.split()
    pid = int(pid_text)
    for _ in range(100):
        if not Path(f"/proc/{pid}").exists() or "zombie" in _state(pid):
            break
        time.sleep(0.1)
    assert not Path(f"/proc/{pid}").exists() or "zombie" in _state(pid)
    assert not Path(folder).exists()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0].lower()
    except (OSError, IndexError):
        return "gone"


def test_close_stops_the_harper_process() -> None:
    engine = HarperBackend()
    engine.warm()
    process, folder = engine._server.process, engine._server.folder
    engine.close()
    assert process.poll() is not None and not folder.exists()


def test_a_new_linter_opens_the_grammar_engine_in_the_background() -> None:
    """``Linter()`` starts Harper on a thread of its own while the model loads; ``warm``
    (which runs before a run forks its processes) waits for it, so no child inherits an
    engine half opened."""
    from commlint import Config, Linter
    from commlint.ruletypes import grammar

    linter = Linter(Config(grammar="harper"))
    rules = [r for r in linter.ruleset.rules if isinstance(r, grammar.GrammarRule)]
    assert rules
    settings = rules[0].settings.resolved()
    grammar.settle()
    engine = grammar._engines.get(settings)
    assert isinstance(engine, HarperBackend)
    assert engine.pid is not None  # started ahead of the first check
    assert not any(t.is_alive() for t in grammar._warming.values())


def test_a_forked_child_starts_its_own_when_the_shared_one_was_killed(backend: HarperBackend) -> None:
    """A forked child cannot restart its parent's Harper process; when that one was killed
    (the socket file stays behind), the child starts one of its own and still checks."""
    [expected] = backend.check([TEXT])
    os.kill(backend.pid, signal.SIGKILL)
    time.sleep(0.2)
    same, own = _check_in_forked_child(backend, expected)
    assert same and own
    assert backend.check([TEXT]) == [expected]  # and the parent starts a new one too


def test_a_text_the_engine_cannot_check_is_reported_not_retried(backend: HarperBackend) -> None:
    from commlint.grammar.backend import GrammarUnavailable

    backend.warm()
    first = backend.pid
    with pytest.raises(GrammarUnavailable, match="could not check"):
        backend._ask(5)  # not a list of texts: the server's check fails
    assert backend.pid == first and backend.check([TEXT]) == _in_process([TEXT])
