"""The per-segment findings cache (commlint.lint.segment_cache): the same findings with it as
without, cold, warm and after edits, on real text read at run time from the shared corpus;
an edit re-runs the segment-local rules on the edited paragraph only; a finding whose
conditions read the rest of the message is never kept; the store stays bounded and a
damaged entry is a miss; the language server and the warm worker keep one per Linter."""
from __future__ import annotations

import json
import random

import pytest

from commlint import Config, Linter
from commlint.lint.pool import LinterPool
from commlint.lint.segment_cache import SegmentFindings
from commlint.lsp.analysis import analyse
from commlint.lsp.buffers import Buffer
from commlint.lsp.configs import Configs
from commlint.nlp.doc_store import MemoryStore
from commlint.sources import reader_for
from commlint.sources.plain import text_document

from helpers import REPO
from test_doc_cache import PARAGRAPHS

CORPUS = REPO.parent / "shared" / "corpus"
SUITE = REPO / "benchmarks" / "judgement" / "open"


def _documents(name: str, text: str) -> list:
    return reader_for(name).read(text.encode("utf-8"), name)


def _corpus_texts() -> list[tuple[str, str, str | None]]:
    """(reader name, text, channel): KB articles as Markdown, staff replies as chat and as email."""
    items: list[tuple[str, str, str | None]] = []
    for name, count in (("kb-arduino.jsonl", 12), ("kb-microsoft-support.jsonl", 12)):
        with (CORPUS / name).open(encoding="utf-8") as handle:
            items += [("a.md", json.loads(line)["body"], None) for _, line in zip(range(count), handle)]
    with (CORPUS / "replies-stripe-staff.jsonl").open(encoding="utf-8") as handle:
        replies = [json.loads(line)["text"] for _, line in zip(range(120), handle)]
    items += [("r.txt", text, "chat") for text in replies[:60]] + [("r.txt", text, None) for text in replies[60:]]
    return items


def _drafts(rng: random.Random | None = None) -> list:
    """The first files of the open half of the judgement suite, each draft as its kind,
    channel and audience say (with ``rng``, one word of each changed)."""
    import yaml

    documents = []
    for path in sorted(SUITE.glob("*.yaml"))[:3]:
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            text = case["text"] if rng is None else _edited(case["text"], rng)
            documents.append(text_document(text).with_settings(
                kind=case["kind"], channel=case["channel"], audience=case.get("audience", "customer")))
    return documents


def _edited(text: str, rng: random.Random) -> str:
    """``text`` with one word changed, somewhere."""
    words = text.split(" ")
    at = rng.randrange(len(words))
    words[at] = words[at] + "ly"
    return " ".join(words)


def _sample(rng: random.Random, edit: bool = False) -> list:
    documents = []
    for name, text, channel in _corpus_texts():
        for document in _documents(name, _edited(text, rng) if edit else text):
            documents.append(document.with_settings(channel=channel) if channel else document)
    return documents + _drafts(rng if edit else None)


def _findings(linter: Linter, documents: list) -> list:
    return [(r.findings, r.suppressed, r.scores) for r in linter.check_documents(documents)]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the repository")
def test_segment_cache_gives_the_same_findings_cold_warm_and_after_edits(ruleset) -> None:
    cache = SegmentFindings()
    cached = Linter(Config(), ruleset, segment_cache=cache)
    plain = Linter(Config(), ruleset)
    documents = _sample(random.Random(7))
    expected = _findings(plain, documents)
    assert sum(len(f) for f, _, _ in expected) > 300  # the sample exercises the rules
    assert _findings(cached, documents) == expected  # cold: filled
    stored = cache.stats.stored
    assert stored > 500
    misses, hits = cache.stats.misses, cache.stats.hits
    assert _findings(cached, documents) == expected  # warm: served
    new_misses = cache.stats.misses - misses
    assert new_misses < (cache.stats.hits - hits) / 10  # what was not kept (it read the whole message)
    edited = _sample(random.Random(7), edit=True)
    assert _findings(cached, edited) == _findings(plain, edited)  # each text with one word changed


def test_segment_cache_drafts_of_every_kind_and_channel_give_the_same_findings(ruleset) -> None:
    documents = _drafts()
    assert {d.channel for d in documents} >= {"email", "chat"}
    cached = Linter(Config(), ruleset, segment_cache=SegmentFindings())
    expected = _findings(Linter(Config(), ruleset), documents)
    assert _findings(cached, documents) == expected
    assert _findings(cached, documents) == expected


def _reply(paragraphs: list[str]) -> list:
    return _documents("reply.txt", "\n\n".join(["Hi Dana,", *paragraphs, "Best,\nSam"]) + "\n")


def test_segment_cache_an_edit_reruns_local_rules_on_the_edited_paragraph_only(ruleset) -> None:
    cache = SegmentFindings()
    linter = Linter(Config(), ruleset, segment_cache=cache)
    _findings(linter, _reply(PARAGRAPHS))
    first = cache.stats.misses
    assert first >= len(PARAGRAPHS) and cache.stats.hits == 0
    edited = PARAGRAPHS[:3] + [PARAGRAPHS[3].replace("dashboard", "account page")] + PARAGRAPHS[4:]
    found = _findings(linter, _reply(edited))
    assert cache.stats.misses == first + 1
    assert cache.stats.hits == first - 1
    assert found == _findings(Linter(Config(), ruleset), _reply(edited))


def test_segment_cache_a_finding_that_read_the_rest_of_the_message_is_not_kept(ruleset) -> None:
    """"AWS" is explained in another paragraph: whether it is reported depends on that
    paragraph, so its paragraph's findings are not kept; when the explanation is edited
    away, the term is reported, as a plain run reports it."""
    spelled = "We host the service on Amazon Web Services (AWS), in two regions."
    bare = "We host the service with one cloud provider, in two regions."
    uses = "The outage started when AWS had a network problem in one region."
    cache = SegmentFindings()
    linter = Linter(Config(), ruleset, segment_cache=cache)
    plain = Linter(Config(), ruleset)

    def aws(documents: list, by: Linter = linter) -> list:
        return [f.rule_id for r in by.check_documents(documents) for f in r.findings if f.match == "AWS"]

    explained = _reply([spelled, uses, PARAGRAPHS[8]])
    assert aws(explained) == []
    unexplained = _reply([bare, uses, PARAGRAPHS[8]])
    assert "J103" in aws(unexplained) == aws(unexplained, plain)  # jargon.cloud (and the acronym rule)
    assert _findings(linter, unexplained) == _findings(plain, unexplained)
    assert _findings(linter, explained) == _findings(plain, explained)
    # The explanation in a kept paragraph still counts for a paragraph checked anew.
    glossed = "We host the service on AWS (Amazon Web Services), in two regions."  # explained where it stands
    later = "Last night AWS had a network problem in one region, and the outage began."
    assert aws(_reply([glossed, PARAGRAPHS[8]])) == []
    hits = cache.stats.hits
    assert aws(_reply([glossed, PARAGRAPHS[8], later])) == [] == aws(_reply([glossed, PARAGRAPHS[8], later]), plain)
    assert cache.stats.hits >= hits + 2  # the glossed paragraph was kept


def test_segment_cache_stays_bounded_and_a_damaged_entry_is_a_miss(ruleset) -> None:
    store = MemoryStore(limit=20_000)
    cache = SegmentFindings(store)
    linter = Linter(Config(), ruleset, segment_cache=cache)
    documents = [d for i in range(40) for d in _reply([p + f" (case {i})" for p in PARAGRAPHS[:5]])]
    expected = _findings(Linter(Config(), ruleset), documents)
    assert _findings(linter, documents) == expected
    assert cache.stats.stored > len(store) and store.size <= store.limit
    for key in list(store._entries):
        store.put(key, b"not a pickle")
    assert _findings(linter, documents) == expected
    assert cache.get(next(iter(store._entries))) is not None  # written again, whole


def test_segment_cache_shared_by_two_linters_serves_each_its_own_findings(ruleset) -> None:
    """Entries name the configuration and rules they come from: a cache handed to a
    Linter with other rules (or other severities) is a miss there, not a wrong answer."""
    cache = SegmentFindings()
    documents = _reply(PARAGRAPHS[:4] + ["We guarantee it will never happen again, per our SLA."])
    everything = Linter(Config(), ruleset, segment_cache=cache)
    narrowed = Linter(Config(select=("overpromise",)), segment_cache=cache)
    first = _findings(everything, documents)
    hits = cache.stats.hits
    only = _findings(narrowed, documents)
    assert cache.stats.hits == hits
    assert only == _findings(Linter(Config(select=("overpromise",))), documents)
    assert {f.category for f in only[0][0]} == {"overpromise"} != {f.category for f in first[0][0]}


def test_segment_cache_is_kept_by_the_language_server_and_the_worker_pool() -> None:
    assert LinterPool(segment_caches=True).get(Config()).segment_cache is not None
    assert Linter(Config()).segment_cache is None  # the library and the CLI run every rule everywhere
    configs = Configs()
    text = "\n\n".join(["Hi Dana,", *PARAGRAPHS, "Best,\nSam"]) + "\n"
    first = analyse(Buffer("untitled:reply", text, 1), configs)
    cache = configs.linter_for(configs.config_for(None)).segment_cache
    assert cache is not None and first.problem is None
    misses = cache.stats.misses
    edited = text.replace("ninety days", "sixty days")
    second = analyse(Buffer("untitled:reply", edited, 2), configs)
    assert cache.stats.misses == misses + 1
    assert second.located == analyse(Buffer("untitled:reply", edited, 2), Configs()).located


def test_detector_hits_are_remembered_by_text_in_a_long_lived_linter(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long-lived Linter works out a detector's hits on a paragraph once: linting the same
    text again (as after an edit elsewhere) finds them remembered, with the same findings;
    a batch Linter remembers nothing."""
    from commlint.ruletypes import detectors

    calls = []
    real = detectors.Detector._find

    def spied(self, doc, nlp):
        calls.append(self.uid)
        return real(self, doc, nlp)

    monkeypatch.setattr(detectors.Detector, "_find", spied)
    text = "\n\n".join(PARAGRAPHS)
    warm = LinterPool(segment_caches=True).get(Config())
    first = warm.lint_text(text)
    worked_out = len(calls)
    again = warm.lint_text(text)
    assert worked_out > 0 and len(calls) == worked_out and again == first
    plain = Linter(Config())
    calls.clear()
    assert plain.lint_text(text) == first
    once = len(calls)
    plain.lint_text(text)
    assert once > 0 and len(calls) == 2 * once
