"""The grammar engine checks a batch's paragraphs from a background thread while spaCy
analyses them (``GrammarRule.prefetch``): the findings are those of checking in the
foreground, the work really happens on that thread, a failure there is left to the
foreground, and a forked process never inherits a lock a prefetch holds. The real engines
(LanguageTool's session server, Harper in process)."""
from __future__ import annotations

import os
import threading

import pytest

from commlint.config import Config
from commlint.grammar.backend import GrammarBackend
from commlint.lint.engine import Linter
from commlint.ruletypes import grammar

pytest.importorskip("harper")

PARAGRAPHS = [
    "Their is a problem with the export, so we are looking into it.",
    "Please restart teh router and try the export again tomorrow morning.",
    "We has updated the settings on your account; you dont need to do anything else.",
    "If the report is still empty, send us a screenshot of the the page you see.",
]
DRAFT = "Hi Dana,\n\n" + "\n\n".join(PARAGRAPHS) + "\n\nBest,\nSam\n"


class _Watched:
    """The real engine, with a record of the thread each text was checked on."""

    def __init__(self, backend: GrammarBackend) -> None:
        self.backend, self.name = backend, backend.name
        self.threads: dict[str, str] = {}

    def check(self, texts):
        for text in texts:
            self.threads[text] = threading.current_thread().name
        return self.backend.check(texts)

    def close(self) -> None:
        self.backend.close()


@pytest.fixture
def watched(monkeypatch):
    """Run the grammar rule on a watched engine (opened as usual), with empty caches."""
    monkeypatch.setattr(grammar, "_results", type(grammar._results)())
    opened: list[_Watched] = []
    real = grammar._backend

    def backend(settings):
        if not opened:
            opened.append(_Watched(real(settings)))
        return opened[0]

    monkeypatch.setattr(grammar, "_backend", backend)
    return opened


def _grammar_findings(config: Config, text: str) -> list[tuple[str, int, int, str]]:
    return [(f.rule_id, f.start, f.end, f.message) for f in Linter(config).lint_text(text) if f.category == "grammar"]


@pytest.mark.parametrize("engine", ["languagetool", "harper"])
def test_prefetched_findings_are_those_of_the_foreground_and_came_from_the_thread(
    engine: str, watched, monkeypatch, request: pytest.FixtureRequest,
) -> None:
    url = request.getfixturevalue("languagetool_url") if engine == "languagetool" else None
    config = Config(grammar=engine, grammar_url=url)
    found = _grammar_findings(config, DRAFT)
    assert {DRAFT[s:e] for _, s, e, _ in found} >= {"Their", "teh"}
    checked_on = watched[0].threads
    assert {checked_on[p] for p in PARAGRAPHS} == {"commlint-grammar"}  # none waited for the foreground
    assert not grammar._in_flight

    monkeypatch.setattr(grammar, "_results", type(grammar._results)())
    monkeypatch.setattr(grammar.GrammarRule, "prefetches", False)
    checked_on.clear()
    assert _grammar_findings(config, DRAFT) == found
    assert {checked_on[p] for p in PARAGRAPHS} == {threading.main_thread().name}


def _languagetool_rule(url: str):
    rule = Linter(Config(grammar="languagetool", grammar_url=url)).ruleset.get("GR")
    assert rule.settings.resolved().engine == "languagetool"
    return rule


def test_a_prefetch_that_fails_leaves_the_texts_to_the_foreground(watched, monkeypatch) -> None:
    rule = _languagetool_rule("http://127.0.0.1:9")
    failing = threading.Event()

    def broken(settings):
        failing.set()
        raise RuntimeError("the engine fell over")

    monkeypatch.setattr(grammar, "_backend", broken)
    rule.prefetch(PARAGRAPHS)
    assert failing.wait(10)
    with grammar._filled:
        assert grammar._filled.wait_for(lambda: not grammar._in_flight, timeout=10)
    assert not grammar._results  # nothing half-kept: check asks the engine itself


def test_check_waits_for_texts_in_flight_instead_of_asking_twice(watched, languagetool_url: str) -> None:
    rule = _languagetool_rule(languagetool_url)
    settings = rule.settings.resolved()
    rule.prefetch(PARAGRAPHS)
    found = rule._issues(settings, PARAGRAPHS)
    assert found is not None and all(isinstance(issues, list) for issues in found)
    assert set(watched[0].threads.values()) == {"commlint-grammar"}
    assert [issue.rule_id for issue in found[1]] and not grammar._in_flight


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_process_does_not_inherit_a_held_lock_or_texts_in_flight() -> None:
    held, release = threading.Event(), threading.Event()
    key = (grammar.GrammarSettings(engine="languagetool"), "a paragraph in flight")

    def holder() -> None:
        with grammar._lock:
            grammar._in_flight.add(key)
            held.set()
            release.wait(10)
            grammar._in_flight.discard(key)

    thread = threading.Thread(target=holder)
    thread.start()
    assert held.wait(10)
    pid = os.fork()
    if pid == 0:  # the child: the lock is free and nothing is in flight
        ok = grammar._lock.acquire(timeout=5) and not grammar._in_flight
        os._exit(0 if ok else 1)
    release.set()
    thread.join()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
