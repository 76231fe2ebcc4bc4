"""The Harper process: one Harper linter that checks texts for the processes of one run.

``harper_backend`` starts it (``python -m commlint.grammar.harper_server``) and hands it,
on its standard input, one JSON line: the socket path, the connection key and the dialect.
It listens on that Unix socket (mode 0600, in a folder only its user can enter), prints
``ready`` and serves every connection on a thread of its own; one linter, one check at a
time. It stops when its standard input closes: the process that started it has ended.

Why a process of its own: Harper's memory is large and only grows (about 100 MB for the
linter, 70 MB more for the first long unknown word, about 2 MB per 1,000 characters until
the linter is renewed), and glibc cannot hand much of it back while the rest of commlint
lives in the same heap. Here it is bounded and counted apart, and the processes a large
run forks share one engine instead of building one each.

Frames are ``multiprocessing.connection``'s (length-prefixed, authenticated with the key);
their bodies are JSON: a request is a list of texts, or ``null`` to build the linter now; a
reply is, per text, its issues as ``[start, end, rule_id, message, [replacements], kind]``.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import threading
from multiprocessing.connection import Connection, Listener
from pathlib import Path

from commlint import memory

#: Harper's lint kinds -> commlint's issue kinds; anything unlisted (Grammar, Agreement,
#: WordChoice such as "could of", Miscellaneous such as a/an) is "grammar"
KINDS = {
    "Spelling": "spelling",
    "Typo": "typo",
    "Capitalization": "typo",
    "Repetition": "typo",
    "Punctuation": "punctuation",
    "Formatting": "punctuation",
    "Style": "style",
    "Enhancement": "style",
    "Readability": "style",
    "Redundancy": "style",
    "Regionalism": "style",
}

#: characters one linter checks before a fresh one replaces it: a linter keeps what it
#: worked out for every word it has seen; a new one costs about 10 ms and finds the same
RENEW_AFTER = 10_000

WARM_TEXT = "Thsi first sentence warms the checker."  #: builds what the first real text would


class Checker:
    """One Harper linter, renewed after ``renew_after`` characters; not thread-safe."""

    def __init__(self, dialect: str, renew_after: int = RENEW_AFTER) -> None:
        import harper

        self._harper = harper
        self._dialect = harper.Dialect[dialect.upper()]
        self._renew_after = renew_after
        self._linter = None
        self._checked = 0
        self.renewals = 0

    def check(self, texts: list[str]) -> list[list[list]]:
        linter = self._current()
        found = [self._issues(linter, text) if text.strip() else [] for text in texts]
        self._checked += sum(len(t) for t in texts)
        if self._checked > self._renew_after:
            self._linter, self._checked = None, 0
            self.renewals += 1
            memory.release()
        return found

    def warm(self) -> None:
        self._issues(self._current(), WARM_TEXT)

    def _current(self):
        if self._linter is None:
            self._linter = self._harper.Linter(self._dialect)
            memory.release()  # building it frees a third of what it took
        return self._linter

    def _issues(self, linter, text: str) -> list[list]:
        found = [
            [lint.span.start, lint.span.end, rule, lint.message, self._replacements(lint),
             KINDS.get(lint.lint_kind, "grammar")]
            for rule, lints in linter.organized_lints(text, language="plaintext").items()
            for lint in lints
        ]
        return sorted(found, key=lambda issue: (issue[0], issue[1], issue[2]))

    def _replacements(self, lint) -> list[str]:
        kinds = self._harper.SuggestionKind
        out: list[str] = []
        for suggestion in lint.suggestions:
            if suggestion.kind == kinds.REMOVE:
                text = ""
            elif suggestion.kind == kinds.INSERT_AFTER:
                text = lint.problem_text + suggestion.replacement_text
            else:
                text = suggestion.replacement_text
            if text not in out:
                out.append(text)
        return out


def _serve(connection: Connection, checker: Checker, lock: threading.Lock) -> None:
    """Answer one client until it goes away."""
    with connection:
        while True:
            try:
                request = json.loads(connection.recv_bytes())
            except (EOFError, OSError):
                return
            try:
                with lock:
                    if request is None:
                        checker.warm()
                        reply: object = None
                    else:
                        reply = checker.check([str(t) for t in request])
            except BaseException as exc:  # noqa: BLE001 - a Rust panic too: the client says why, once
                reply = {"error": f"{type(exc).__name__}: {exc}"[:300]}
            try:
                connection.send_bytes(json.dumps(reply).encode("utf-8"))
            except OSError:
                return


def _stop_when_orphaned(path: Path) -> None:
    """Wait for standard input to close (the starting process ended), then stop."""
    try:
        sys.stdin.buffer.read()
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)  # the socket, and the folder made for it
        os._exit(0)


def main() -> int:
    setup = json.loads(sys.stdin.buffer.readline())
    path = Path(setup["path"])
    checker = Checker(setup.get("dialect", "american"), int(setup.get("renew_after", RENEW_AFTER)))
    old = os.umask(0o177)
    try:
        listener = Listener(str(path), family="AF_UNIX", authkey=bytes.fromhex(setup["key"]))
    finally:
        os.umask(old)
    threading.Thread(target=_stop_when_orphaned, args=(path,), daemon=True).start()
    # its life is tied to standard input: a Ctrl-C meant for the run is not for it, and a
    # plain kill still removes the socket's folder
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: (shutil.rmtree(path.parent, ignore_errors=True), os._exit(0)))
    lock = threading.Lock()
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    os.dup2(2, 1)  # nobody reads the pipe after "ready": anything printed later must not fill it
    while True:
        try:
            connection = listener.accept()
        except Exception:  # noqa: BLE001 - a client that failed the key check, or went away at once
            continue
        threading.Thread(target=_serve, args=(connection, checker, lock), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
