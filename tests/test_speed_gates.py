"""The cheap pass that decides where token patterns can match, and which components a
segment needs, never rules out a match: checked against the real model and packs."""
from __future__ import annotations

import json

import pytest

from commlint.nlp import pipeline
from commlint.ruletypes.detectors import Detector, DetectorSpec, LemmaWords, PhraseIndex, _RegexSet

from helpers import REPO

CORPUS = REPO.parent / "shared" / "corpus"
SENTENCES = [
    "As I told you twice, the e-mails were sent on Monday and we've been telling them since.",
    "She's gone to the shops; they'd already left when I was going out. Feet, mice and geese.",
    "It is all in the FAQs, the docs and our previous emails: I'm sure you'll find it there.",
    "We have refunded the charges and you should see them in a few days, as I mentioned.",
]


@pytest.fixture(scope="module")
def nlp():
    return pipeline.load()


def _texts() -> list[str]:
    texts = list(SENTENCES)
    path = CORPUS / "replies-stripe-staff.jsonl"
    if path.is_file():
        with path.open(encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for _, line in zip(range(300), handle)]
    return texts


def test_speed_every_lemma_the_pipeline_gives_is_among_its_words(nlp) -> None:
    """The words LemmaWords gives a lemma hold every word the tagger, attribute ruler and
    lemmatizer actually gave that lemma, on real replies."""
    words = LemmaWords(nlp)
    assert words.usable
    checked = 0
    for doc in nlp.pipe(_texts()):
        for token in doc:
            known = words.words(token.lemma_)
            if known is not None:
                assert token.lower_ in known, (token.text, token.lemma_, token.pos_)
                checked += 1
    assert checked > 100


def test_speed_lemma_gate_of_an_unlisted_lemma(nlp) -> None:
    """A lemma the inflection tables do not know ("e-mail") still gates its pattern."""
    words = LemmaWords(nlp)
    assert {"e-mail", "e-mails"} <= words.words("e-mail")
    assert {"told", "telling", "tells"} <= words.words("tell")


def _detector(*patterns: list) -> Detector:
    return Detector(DetectorSpec(patterns=tuple(patterns)), "test", lambda name: None)


def test_speed_components_only_for_the_patterns_that_can_match(nlp) -> None:
    """A segment where only a pattern reading words alone can match needs no tagger; the
    match found there without one is the match found with every component."""
    detector = _detector(
        [{"LOWER": "for"}, {"LOWER": "the"}, {"LOWER": {"REGEX": "^(third|fourth)$"}}, {"LOWER": "time"}],
        [{"LEMMA": "tell"}, {"LOWER": "you"}],
    )
    PhraseIndex([detector], nlp)
    plain = pipeline.tokenize(nlp, ["Hi, for the third time today."])[0]
    told = pipeline.tokenize(nlp, ["I told you so."])[0]
    neither = pipeline.tokenize(nlp, ["For the first time, we can."])[0]
    assert detector.requires == {"lemma"}
    assert detector.requires_at(plain) == frozenset()
    assert detector.requires_at(told) == {"lemma"}
    assert not detector.could_match(neither)
    full = nlp("Hi, for the third time today.")
    assert [(h.start, h.end) for h in detector.find(plain, nlp)] == [(h.start, h.end) for h in detector.find(full, nlp)] == [(4, 22)]
    assert [(h.start, h.end) for h in detector.find(nlp("I told you so."), nlp)] == [(2, 10)]


def test_speed_small_regex_sets_find_what_each_pattern_finds(ruleset) -> None:
    """The shared scan (RE2 sets of a few patterns each) names every detector whose own
    RE2 pattern finds something in the text."""
    import re2

    from commlint.ruletypes.safe_regex import RE2_OPTIONS

    detectors = [d for r in ruleset.rules for d in r.detectors() if d.regex is not None and d.regex.re2_source]
    scan = _RegexSet(detectors)
    own = {d.uid: re2.compile(d.regex.re2_source, RE2_OPTIONS) for d in detectors}
    for text in [t for t in _texts() if t.isascii() and not t.endswith("\n")]:
        found = scan.candidates(text)
        assert {uid for uid, pattern in own.items() if pattern.search(text)} <= found
