"""The engine: segments and offsets, batching, lazy model, components by need, library use."""
from __future__ import annotations

from commlint import Config, Linter
from commlint.nlp import pipeline as nlp
from commlint.lint.rules import build_ruleset
from commlint.findings import Applicability
from commlint.sources.plain import text_document


def test_engine_segments_keep_exact_offsets_and_skip_quotes() -> None:
    text = "Hi Ann,\n\n  The export failed.\nIt is fixed now.\n\n> you said it was broken\n> twice\n\nBest,\nSam\n"
    document = text_document(text)
    segments = document.segments
    assert [(s.kind, s.text) for s in segments] == [
        ("greeting", "Hi Ann,"), ("paragraph", "The export failed.\nIt is fixed now."),
        ("quoted_reply", "> you said it was broken\n> twice"), ("sign_off", "Best,"), ("signature", "Sam"),
    ]
    assert all(text[s.start : s.end] == s.text for s in segments)
    assert [r.reason for r in document.skipped] == ["quoted reply", "signature"]


def test_engine_findings_point_into_the_original_text(linter) -> None:
    text = "Hello Bo,\n\n\tOur  latency is high and the DNS cache is stale.\n"
    for finding in linter.lint_text(text):
        assert text[finding.start : finding.end] == finding.match
        line_start = text.rfind("\n", 0, finding.start) + 1
        assert finding.line == text.count("\n", 0, finding.start) + 1
        assert finding.column == finding.start - line_start + 1


def test_engine_inflected_terms_match_and_rewrites_keep_the_inflection() -> None:
    linter = Linter(Config(select=("jargon",)))
    findings = linter.lint_text("We spun up a new server and backported two hotfixes.")
    by_match = {f.match: f for f in findings}
    assert set(by_match) == {"spun up", "backported", "hotfixes"}
    assert by_match["backported"].fix.replacement == "brought a fix to older versions"
    assert by_match["hotfixes"].fix.replacement == "urgent fixes"
    assert by_match["backported"].fix.applicability is Applicability.UNSAFE


def test_engine_phrase_rules_run_the_tokenizer_only() -> None:
    # the lexicon rules (J131, names of internal tools, reads tags and entities where its
    # first words gate it in: test_engine_prepass_runs_costly_components_only_where_needed)
    ruleset = build_ruleset(Config(select=("jargon",), ignore=("J131",)))
    assert ruleset.requires == frozenset()
    model = nlp.load(nlp.DEFAULT_MODEL)
    assert nlp.components_for(ruleset.requires, model.pipe_names) == []
    (doc,) = nlp.pipe(nlp.DEFAULT_MODEL, ["The latency is high today."], ruleset.requires)
    assert not doc.has_annotation("TAG") and not doc.has_annotation("DEP") and not doc.has_annotation("ENT_IOB")


def test_engine_components_follow_rule_needs() -> None:
    names = ["commlint_sentencizer", "tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
    assert nlp.components_for({"sents"}, names) == []  # the sentencizer always runs
    assert nlp.components_for({"ents", "sents"}, names) == ["ner"]
    assert nlp.components_for({"lemma"}, names) == ["tok2vec", "tagger", "attribute_ruler", "lemmatizer"]
    assert nlp.components_for({"dep", "sents"}, names) == ["tok2vec", "parser"]


def test_engine_prepass_runs_costly_components_only_where_needed() -> None:
    model = nlp.load(nlp.DEFAULT_MODEL)
    linter = Linter(Config(select=("timeline",)))
    texts = ["The export works again.", "We will ship the part soon."]
    from commlint.document.lines import LineIndex
    from commlint.lint.engine import _messages

    documents = [text_document(t) for t in texts]
    plans = [linter._plan(d) for d in documents]
    docs = nlp.tokenize(model, [d.segments[i].text for d, (needed, _) in zip(documents, plans) for i in needed])
    index = linter._prepare(model)
    for doc in docs:
        index.annotate(doc)
    lines = [LineIndex(t) for t in texts]
    messages = _messages(documents, plans, lines, docs, model)
    needs = [n for msg, (_, rules) in zip(messages, plans) for n in linter._needs(msg, rules)]
    assert needs[0] == set()  # no vague word: tokenizer only
    assert "sents" in needs[1]  # "soon": does a concrete time stand in the same sentence?


def test_engine_model_is_loaded_once_per_process(linter) -> None:
    first = nlp.load(nlp.DEFAULT_MODEL)
    other = Linter(Config(select=("tone",)))
    other.lint_text("Calm down, we are on it.")
    linter.lint_text("The latency is high.")
    assert nlp.load(nlp.DEFAULT_MODEL) is first


def test_engine_many_texts_in_one_call_match_one_by_one(linter) -> None:
    texts = ["The latency is high.", "", "We guarantee a fix soon!!!", "Thanks, I'll call you at 2 pm today."]
    batched = list(linter.lint_texts(texts))
    assert batched == [linter.lint_text(t) for t in texts]
    assert batched[1] == []


def test_engine_two_linters_with_different_configs_do_not_interact() -> None:
    jargon = Linter(Config(select=("jargon",)))
    tone = Linter(Config(select=("tone",)))
    text = "Calm down, the latency is fine."
    assert {f.category for f in jargon.lint_text(text)} == {"jargon"}
    assert {f.category for f in tone.lint_text(text)} == {"tone"}
    assert {f.category for f in jargon.lint_text(text)} == {"jargon"}


def test_engine_nested_finding_of_same_category_is_dropped() -> None:
    findings = Linter(Config(select=("jargon",))).lint_text("Please clear the DNS cache.")
    assert [f.match for f in findings] == ["DNS cache"]


def test_engine_explained_terms_are_not_jargon() -> None:
    linter = Linter(Config(select=("jargon", "acronym")))
    assert linter.lint_text("Your VPN (the private link to the office network) is down.") == []
    assert linter.lint_text("The Domain Name System (DNS) is the internet's address book; DNS is fine.") == []
