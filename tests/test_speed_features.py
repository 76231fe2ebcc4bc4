"""Each speed feature gives the same findings as a plain run, on a sample of real text
read at run time from the shared corpus (never copied into the repository)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from commlint import Config, Linter
from commlint.lint.cache import ResultCache, fingerprint
from commlint.lint.rules import data_folders
from commlint.lint.files import Input
from commlint.lint.runner import lint_inputs

from helpers import REPO

CORPUS = REPO.parent / "shared" / "corpus"


def _sample() -> list[str]:
    texts: list[str] = []
    with (CORPUS / "kb-arduino.jsonl").open(encoding="utf-8") as handle:
        texts += [json.loads(line)["body"] for _, line in zip(range(25), handle)]
    with (CORPUS / "kb-microsoft-support.jsonl").open(encoding="utf-8") as handle:
        texts += [json.loads(line)["body"] for _, line in zip(range(25), handle)]
    with (CORPUS / "replies-stripe-staff.jsonl").open(encoding="utf-8") as handle:
        texts += [json.loads(line)["text"] for _, line in zip(range(150), handle)]
    return texts


pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the repository")


@pytest.fixture(scope="module")
def sample() -> list[str]:
    return _sample()


@pytest.fixture(scope="module")
def plain(sample, ruleset) -> list:
    """Findings with every speed feature off: full components on every segment, one text at a time."""
    linter = Linter(Config(), ruleset, prepass=False)
    return [linter.lint_text(text) for text in sample]


def test_speed_prepass_gives_the_same_findings(sample, plain, ruleset) -> None:
    fast = list(Linter(Config(), ruleset, prepass=True).lint_texts(sample))
    assert sum(len(f) for f in plain) > 100  # the sample exercises the rules
    assert fast == plain


def _inputs(tmp_path: Path, texts: list[str]) -> list[Input]:
    items = []
    for index, text in enumerate(texts):
        path = tmp_path / f"t{index:03d}.txt"
        path.write_text(text, encoding="utf-8")
        items.append(Input(str(path), path))
    return items


def test_speed_jobs_give_the_same_findings(tmp_path, sample, plain) -> None:
    results = lint_inputs(Config(), _inputs(tmp_path, sample), jobs=2)
    assert [list(r.findings) for r in results] == [p for text, p in zip(sample, plain) if text.strip()]


def test_speed_cache_gives_the_same_findings_and_is_used(tmp_path, sample, plain, ruleset) -> None:
    config = Config()
    packs, lexicons = data_folders(config)
    cache = ResultCache(tmp_path / "cache", fingerprint([*packs, *lexicons]))
    inputs = _inputs(tmp_path, sample)
    first = lint_inputs(config, inputs, cache=cache, linter=Linter(config, ruleset))
    expected = [p for text, p in zip(sample, plain) if text.strip()]
    assert [list(r.findings) for r in first] == expected

    class Refuses(Linter):
        def check_documents(self, documents):  # a warm cache must not lint anything again
            assert not list(documents), "cache miss on unchanged text"
            return iter(())

    second = lint_inputs(config, inputs, cache=cache, linter=Refuses(config, ruleset))
    assert [list(r.findings) for r in second] == expected


def test_speed_cache_key_changes_with_config_and_packs(tmp_path) -> None:
    config = Config()
    packs, lexicons = data_folders(config)
    base = fingerprint([*packs, *lexicons])
    cache = ResultCache(tmp_path, base)
    assert cache._path("input", Config(select=("tone",))) != cache._path("input", config)
    extra = tmp_path / "extra.yaml"
    extra.write_text("pack: extra\n")
    with_extra = fingerprint([*packs, *lexicons, extra])
    assert with_extra != base
    extra.write_text("pack: extra-edited\n")
    assert fingerprint([*packs, *lexicons, extra]) != with_extra


def test_speed_cache_survives_a_damaged_entry(tmp_path) -> None:
    cache = ResultCache(tmp_path, "f" * 64)
    cache.put("hello", Config(), [])
    path = next(tmp_path.rglob("*.json"))
    path.write_text("{not json")
    assert cache.get("hello", Config()) is None


def test_speed_term_and_gate_ids_match_spacy_symbols() -> None:
    """A few words are spaCy symbols with fixed ids ("number", "root", "mark"): the term
    index and the pattern gates must use the ids a Doc holds, or those words never match."""
    import spacy

    from commlint.nlp.analyzed import lower_ids, string_id
    from commlint.ruletypes.detectors import _literal_gate

    doc = spacy.blank("en")("Send the account number and the root mark")
    words = lower_ids(doc)
    for word in ("number", "root", "mark", "account"):
        assert string_id(word) in words
    assert all(options & words for options in _literal_gate([{"LOWER": "account"}, {"LOWER": "number"}]))


def test_speed_term_index_finds_what_the_phrase_matcher_finds(ruleset) -> None:
    """The shared term index against spaCy's own PhraseMatcher, on every term of the shipped
    packs, in a text that holds each term's first spelling."""
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    from commlint.nlp import pipeline
    from commlint.ruletypes.detectors import PHRASE_HITS, PhraseIndex

    nlp = pipeline.load()
    detectors = [d for r in ruleset.rules for d in r.detectors()]
    index = PhraseIndex(detectors, nlp)
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    sentences = []
    seen = set()
    for detector in detectors:
        if not detector.terms or detector.uid in seen:
            continue
        seen.add(detector.uid)
        for term_index, variants, sensitive in detector.term_patterns(nlp):
            if sensitive:
                continue
            words = sorted(variants)[0]
            matcher.add(f"{detector.uid}:{term_index}", [Doc(nlp.vocab, words=list(words))])
            sentences.append(" ".join(words))
    doc = pipeline.tokenize(nlp, [" . ".join(sentences[:3000])])[0]
    index.annotate(doc)
    ours = {(uid, s, e, t) for uid, hits in doc.user_data[PHRASE_HITS][1].items() for s, e, t in hits}
    theirs = set()
    for key, start, end in matcher(doc):
        uid, term = nlp.vocab.strings[key].split(":")
        theirs.add((int(uid), start, end, int(term)))
    assert theirs and theirs <= ours


def _stored_ruleset(tmp_path: Path, monkeypatch) -> tuple[Path, object]:
    """Compile the shipped packs once with an empty cache folder (which stores them) and
    once more (which reads them back): the stored file and the rule set read from it."""
    from commlint.lint import rules

    monkeypatch.setenv("COMMLINT_CACHE_DIR", str(tmp_path))
    rules._loaded.cache_clear()
    try:
        first = rules.build_ruleset(Config())
        stored = list((tmp_path / "rulesets").glob("*.pickle"))
        assert len(stored) == 1
        rules._loaded.cache_clear()
        again = rules.build_ruleset(Config())
    finally:
        rules._loaded.cache_clear()
    assert again is not first
    return stored[0], again


def test_speed_stored_ruleset_gives_the_same_findings(tmp_path, monkeypatch, sample, plain, ruleset) -> None:
    path, stored = _stored_ruleset(tmp_path, monkeypatch)
    assert path.stat().st_mode & 0o777 == 0o600
    assert [r.meta.id for r in stored.rules] == [r.meta.id for r in ruleset.rules]
    assert list(Linter(Config(), stored).lint_texts(sample)) == plain


def test_speed_stored_ruleset_is_not_read_when_others_could_write_it_or_it_is_damaged(tmp_path, monkeypatch) -> None:
    from commlint.lint import rules

    path, _ = _stored_ruleset(tmp_path, monkeypatch)
    path.chmod(0o666)  # open to others: never unpickled
    assert rules._read_stored(path) is None
    path.chmod(0o600)
    assert rules._read_stored(path) is not None
    path.write_bytes(b"not a pickle")
    assert rules._read_stored(path) is None
    monkeypatch.setenv("COMMLINT_CACHE_DIR", str(tmp_path))
    rules._loaded.cache_clear()
    try:
        assert len(rules.build_ruleset(Config()).rules) > 100  # compiled again, and stored again
    finally:
        rules._loaded.cache_clear()
    assert rules._read_stored(path) is not None
