"""Harper, in process: a Rust grammar checker (``harper-py``) that needs no Java and no server.

Texts are checked as plain text (commlint hands it prose segments, not markup). Rule ids
are Harper's rule names ("TheirToThere", "SpellCheck"); spans are already code points.
A Harper ``Linter`` is not thread-safe and costs about 0.6 s to build, so one is built
on first use. Every check runs on one thread of the backend's own, kept for the life of
the process: Harper builds some of its state lazily for the thread that needs it (the
first unknown word on a thread costs about 1.2 s), and the worker and the language server
answer each request on a new thread, so checked there each request paid for it again.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from commlint import memory
from commlint.grammar.backend import GrammarIssue, GrammarUnavailable

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

#: characters one Harper linter checks before it is replaced by a fresh one (``_renew``)
_RENEW_AFTER = 40_000

_DIALECTS = ("american", "british", "australian", "canadian", "indian")


class HarperBackend:
    """Harper behind the ``GrammarBackend`` interface."""

    name = "harper"

    def __init__(self, dialect: str = "american") -> None:
        if dialect.lower() not in _DIALECTS:
            raise GrammarUnavailable("harper", f"unknown dialect {dialect!r} (one of {', '.join(_DIALECTS)})")
        try:
            import harper
        except ImportError:
            raise GrammarUnavailable("harper", "harper-py is not installed: pip install 'harper-py>=0.2,<0.3'") from None
        self._harper = harper
        self._dialect = harper.Dialect[dialect.upper()]
        self._linter_instance = None
        self._checked = 0  #: characters the current linter has checked
        self._thread: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        # a forked child has neither the parent's Harper thread nor a free lock
        os.register_at_fork(after_in_child=self._after_fork)

    def _after_fork(self) -> None:
        self._lock = threading.Lock()
        self._thread = None

    def check(self, texts: Sequence[str]) -> list[list[GrammarIssue]]:
        """The issues of each text, sorted by position. Every check runs on the backend's
        own thread, whichever thread asks (see the module docstring)."""
        return self._on_thread(self._check, list(texts))

    def warm(self) -> None:
        """Build Harper's linter on the backend's thread now and wait for it (call it from
        a thread of your own: it takes most of a second the first time in a process)."""
        self._on_thread(self._warm_up)

    def _warm_up(self) -> None:
        self._issues(self._linter(), "Thsi first sentence warms the checker.")  # what the first text would build

    def _on_thread(self, work, *args):
        with self._lock:
            if self._thread is None:
                self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="commlint-harper")
            thread = self._thread
        return thread.submit(work, *args).result()

    def _check(self, texts: list[str]) -> list[list[GrammarIssue]]:
        linter = self._linter()
        found = [self._issues(linter, text) if text.strip() else [] for text in texts]
        self._checked += sum(len(t) for t in texts)
        if self._checked > _RENEW_AFTER:
            self._renew()
        return found

    def _renew(self) -> None:
        """Drop the linter for a fresh one: a Harper linter keeps what it worked out for the
        words it has seen, and grows by about 150 MB over 1,000 chat replies full of code
        names. A new one costs about 10 ms once the first is built (its dictionary is
        shared), and its findings are the same."""
        self._linter_instance = None
        self._checked = 0
        memory.release()

    def close(self) -> None:
        """Nothing to release: the linter and its thread go with the backend."""

    def _linter(self):
        if self._linter_instance is None:
            self._linter_instance = self._harper.Linter(self._dialect)
            memory.release()  # building it frees a third of what it took
        return self._linter_instance

    def _issues(self, linter, text: str) -> list[GrammarIssue]:
        found = [
            GrammarIssue(
                start=lint.span.start,
                end=lint.span.end,
                rule_id=rule,
                message=lint.message,
                replacements=self._replacements(lint),
                kind=KINDS.get(lint.lint_kind, "grammar"),
            )
            for rule, lints in linter.organized_lints(text, language="plaintext").items()
            for lint in lints
        ]
        return sorted(found, key=lambda issue: (issue.start, issue.end, issue.rule_id))

    def _replacements(self, lint) -> tuple[str, ...]:
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
        return tuple(out)
