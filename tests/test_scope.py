"""Rule scopes: document kinds, channels, block kinds; masks; configured kind and channel."""
from __future__ import annotations

import pytest

from commlint import Config, Linter
from commlint.document.model import Document, Segment
from commlint.options import OptionError
from commlint.ruletypes.scope import Scope, ScopeSpec
from commlint.sources.plain import text_document

_LONG_REPLY = (  # status only: received and passed on, nothing for the customer to do or expect
    "Thanks for the export you sent on Monday. We have passed it on to our reporting team, and "
    "they are looking into why the totals did not add up in the report you ran.\n\n"
    "The numbers themselves are all still there and nothing was lost."
)


def _categories(findings) -> set[str]:
    return {f.category for f in findings}


def test_scope_reply_rules_stay_off_articles(linter) -> None:
    reply = text_document(_LONG_REPLY)
    article = reply.with_settings(kind="article", channel="kb")
    assert {"courtesy", "next-steps"} <= _categories(linter.lint_document(reply))
    assert not {"courtesy", "next-steps"} & _categories(linter.lint_document(article))


def test_scope_thresholds_per_channel(tmp_path) -> None:
    from commlint import Config, Linter

    (tmp_path / "lengths.yaml").write_text("""pack: lengths
description: d
rules:
  - id: R901
    name: readability.test-length
    category: readability
    severity: warning
    type: metric
    message: "{words} words, limit {limit}"
    rationale: r
    suggestions: [s]
    matcher:
      measure: sentence_words
      max: 35
      per_channel:
        chat: {max: 25}
    examples:
      bad: ["[[one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen.]]"]
      good: ["Short."]
""", encoding="utf-8")
    linter = Linter(Config(default_packs=False, packs=(str(tmp_path),)))
    sentence = (  # 27 words: fine in email (35), long in chat (25)
        "We checked the order this morning and the parcel left our warehouse on time, but the courier "
        "scanned it late at the depot near your town yesterday."
    )
    email = linter.lint_document(text_document(sentence))
    chat = linter.lint_document(text_document(sentence).with_settings(channel="chat"))
    assert not email and len(chat) == 1 and "25" in chat[0].message


def test_scope_quoted_text_is_read_by_privacy_rules_only(linter) -> None:
    text = "Thanks, the refund is on its way.\n\n> you idiots, my card 4111 1111 1111 1111 was charged twice ASAP\n"
    findings = linter.lint_document(text_document(text))
    assert _categories(findings) - {"courtesy", "next-steps", "readability"} == {"privacy"}
    (card,) = [f for f in findings if f.category == "privacy"]
    assert card.start == text.index("4111") and card.end == text.index(" was")


def test_scope_headings_and_table_cells_are_not_sentences(linter) -> None:
    long = " ".join(["word"] * 40)
    segments = (Segment.verbatim(long, 0, "heading"), Segment.verbatim(long, len(long) + 2, "table_cell"))
    document = Document(long + "\n\n" + long, segments, kind="article", channel="kb")
    assert not [f for f in linter.lint_document(document) if f.rule_id in ("R101", "R102")]


def test_scope_configured_kind_and_channel_apply() -> None:
    findings = Linter(Config(select=("courtesy", "next-steps"), kind="article")).lint_text(_LONG_REPLY)
    assert findings == []


def test_scope_masks_hide_word_level_findings(linter) -> None:
    text = "Hi {{ticket.requester.first_name}}, see https://example.com/dns-cache-latency or write to dns.admin@example.com."
    findings = linter.lint_document(text_document(text))
    assert not [f for f in findings if f.category in ("jargon", "acronym", "slang")]
    for f in findings:
        assert text[f.start : f.end] == f.match


@pytest.mark.parametrize(
    "spec, field",
    [
        (ScopeSpec(documents=("letter",)), "scope.documents"),
        (ScopeSpec(channels=("fax",)), "scope.channels"),
        (ScopeSpec(blocks=("sidebar",)), "scope.blocks"),
    ],
)
def test_scope_unknown_values_are_errors(spec: ScopeSpec, field: str) -> None:
    with pytest.raises(OptionError) as caught:
        Scope.parse(spec)
    assert caught.value.field == field


def test_scope_an_articles_subject_is_not_jargon(linter) -> None:
    import dataclasses

    body = "Flush the DNS cache, then sign in with SSO again.\n\nIf the webhook still fails, check the TTL."
    reply = text_document(body)
    article = dataclasses.replace(reply, kind="article", channel="kb", meta={"title": "Flush the DNS cache for SSO"})
    assert {"DNS cache", "SSO", "TTL", "webhook"} <= {f.match for f in linter.lint_document(reply)}
    assert {f.match for f in linter.lint_document(article) if f.category in ("jargon", "acronym")} == {"TTL", "webhook"}


def test_scope_a_product_name_is_not_jargon(linter) -> None:
    named = linter.lint_text("Install the Arduino IDE, then sign in to Azure AD.")
    plain = linter.lint_text("Install the IDE, then sign in. The AD sync is slow.")
    assert not [f for f in named if f.category in ("jargon", "acronym")]
    assert {"IDE", "AD"} <= {f.match for f in plain if f.category in ("jargon", "acronym")}


def test_scope_technical_readers_may_meet_the_terms_of_their_trade() -> None:
    text = "Flush the DNS cache and renew the DHCP lease."
    assert Linter(Config(select=("jargon",))).lint_text(text)
    assert Linter(Config(select=("jargon",), audience="technical")).lint_text(text) == []


def test_scope_quoted_text_in_an_article_is_not_the_writers_voice(linter) -> None:
    from commlint.sources.markdown import markdown_document

    quoted = markdown_document("# Sign-in fails\n\nYou see this error:\n\n> We will restore the service shortly.\n")
    own = markdown_document("# Sign-in fails\n\nWe will restore the service shortly.\n")
    assert not [f for f in linter.lint_document(quoted) if f.category == "timeline"]
    assert [f.match for f in linter.lint_document(own) if f.category == "timeline"] == ["shortly"]


@pytest.mark.parametrize("text", ["Use an Arduino UNO R3 here.", "The MKR 1000 has WiFi.", "Get the Arduino MKR Vidor board."])
def test_scope_a_model_name_is_not_an_acronym(linter, text: str) -> None:
    assert not [f for f in linter.lint_text(text) if f.category in ("jargon", "acronym")]
