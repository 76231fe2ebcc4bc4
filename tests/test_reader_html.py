"""The HTML reader: visible text only, one segment per block, exact offsets through entities
and collapsed white space, email quote blocks and signatures kept apart."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import assert_verbatim_pieces, skipped_texts
from commlint.document.model import Document
from commlint.document.offsets import TextBuilder
from commlint.errors import InputError
from commlint.sources import reader_for
from commlint.sources.html import html_document, read_html

FIXTURES = Path(__file__).parent / "fixtures" / "kb"
WORD_RULES = ("jargon", "acronym")


def read(text: str) -> Document:
    [doc] = read_html(text.encode("utf-8"), "article.html")
    return doc


@pytest.fixture(scope="module")
def article() -> Document:
    return read((FIXTURES / "fix-slow-sync.html").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def email() -> Document:
    return html_document((FIXTURES / "gmail-reply.html").read_text(encoding="utf-8"), "reply", "email")


def test_registered_for_html_files():
    assert reader_for("kb/a.htm").name == reader_for("kb/a.html").name == "html"


def test_visible_blocks_are_segments(article):
    assert [(s.kind, s.text) for s in article.segments] == [
        ("heading", "Fix slow sync on the Acme desktop app"),
        ("paragraph", "If your files take a long time to appear on your other devices, the app may be waiting on "
                      "a stale DNS cache. This article shows you how to clear it."),
        ("paragraph", "You need version 4.2 or later. To check, select Help > About Acme."),
        ("heading", "Clear the cache"),
        ("list_item", "Open the app and select Flush DNS Cache on the item tab."),
        ("list_item", "If that does not help, run item and press Enter."),
        ("list_item", "See how to restart the app for the details."),
        ("table_cell", "Setting"), ("table_cell", "Default"), ("table_cell", "Sync Mode"),
        ("table_cell", "Automatic & fast"),
        ("caption", "The Advanced tab in the settings window."),
        ("paragraph", "Your sync should now be fast again. The latency you saw came from the old cache."),
    ]
    assert_verbatim_pieces(article)


def test_hidden_and_non_visible_elements_are_skipped(article):
    assert skipped_texts(article, "hidden") == [
        "Home &rsaquo; Sync &rsaquo; DNS", "Internal: escalate DNS issues to tier 2.", "Tracking pixel text about latency",
    ]
    assert any(s.startswith("window.dataLayer") for s in skipped_texts(article, "code"))
    assert "ipconfig /flushdns\nnetsh int ip reset" in skipped_texts(article, "code")
    assert "Enable JavaScript for DNS tips." in skipped_texts(article, "markup")
    assert skipped_texts(article, "html comment") == ["<!-- commlint: disable=R201 -->"]
    assert skipped_texts(article, "image")[0].startswith('<img src="media/advanced-tab.png"')
    assert not any("Latency template" in s.text for s in article.segments)


def test_labels_code_entities_and_meta(article):
    masks = {(m.kind, s.text[m.start:m.end]) for s in article.segments for m in s.masks}
    assert {("ui_label", "Help"), ("ui_label", "About Acme"), ("ui_label", "Flush DNS Cache"), ("ui_label", "Enter"),
            ("ui_label", "Sync Mode"), ("code", "item")} <= masks
    cell = next(s for s in article.segments if s.text == "Automatic & fast")
    assert article.text[cell.to_source(10):cell.end_to_source(11)] == "&amp;"
    para = article.segments[1]
    gap = para.text.index("be waiting")
    assert article.text[para.to_source(gap + 2):para.end_to_source(gap + 3)] == "\n     "  # collapsed white space
    assert article.meta["title"] == "Fix slow sync on the Acme desktop app"
    assert article.audience == "customer"
    [directive] = article.directives
    assert (directive.text, directive.line) == ("disable=R201", 33)


def test_email_quote_and_signature(email):
    assert [(s.kind, s.text) for s in email.segments] == [
        ("greeting", "Hi Dana,"),
        ("paragraph", "Thanks for the screenshots. I reset the sync token on your account, so the app will download a "
                      "fresh copy of your files the next time it starts. It can take up to an hour for large folders."),
        ("paragraph", "Let me know if anything still looks out of date."),
        ("sign_off", "Best,\nSam"),
        ("signature", "Sam Ortiz | Acme Support\n+1 555 0100 | acme.example.com/help"),
        ("quoted_reply", "On Mon, Nov 30, 2026 at 9:12 AM Dana Lee <dana.lee@example.org> wrote:"),
        ("quoted_reply", "Your stupid app is broken AGAIN. The sync has been stuck for two days, fix it ASAP."),
        ("quoted_reply", "Dana"),
    ]
    assert [r.reason for r in email.skipped if r.reason in ("signature", "quoted reply")] == ["signature", "quoted reply"]
    assert_verbatim_pieces(email)


def test_outlook_reply_header_and_everything_after_is_quoted():
    doc = html_document(
        '<div>Your refund is on its way.</div><div id="appendonsend"></div><hr>'
        '<div id="divRplyFwdMsg"><b>From:</b> Dana</div><div>This is ridiculous, where is my money?</div>',
        "reply", "email",
    )
    assert [(s.kind, s.text) for s in doc.segments] == [
        ("paragraph", "Your refund is on its way."), ("quoted_reply", "From: Dana"),
        ("quoted_reply", "This is ridiculous, where is my money?"),
    ]
    assert skipped_texts(doc, "quoted reply")[0].startswith('<div id="appendonsend">')


def test_engine_reports_only_in_writer_prose(linter, article, email):
    findings = linter.lint_document(article)
    assert {f.match for f in findings if f.category == "jargon"} >= {"DNS cache", "latency"}
    protected = [(r.start, r.end) for r in article.skipped]
    protected += [(s.to_source(m.start), s.end_to_source(m.end)) for s in article.segments for m in s.masks
                  if m.kind in ("ui_label", "code", "url")]
    for f in findings:
        assert article.text[f.start:f.end] == f.match
        if f.category in WORD_RULES:
            assert not any(a < f.end and f.start < b for a, b in protected), f
    quoted = [(r.start, r.end) for r in email.skipped if r.reason == "quoted reply"]
    for f in linter.lint_document(email):
        if f.category != "privacy":
            assert not any(a <= f.start < b for a, b in quoted), f


def test_placeholders_in_html_macros():
    doc = html_document('<p>Hi {{ticket.requester.first_name}}, see <a href="https://x.example.com/{{ticket.id}}">'
                        "your ticket</a> or run <code>{{ticket.id}}</code>.</p>", "macro", "ticket")
    assert [s.text for s in doc.segments] == ["Hi Alex, see your ticket or run item."]
    assert [p.where for p in doc.placeholders] == ["prose", "url", "code"]


def test_base_map_composes_to_the_original():
    original = "Content-Type: text/html\n\n<p>Caf=C3=A9 &amp; bar is open</p>"
    # a decoded part: "<p>Café &amp; bar is open</p>", its "é" standing for "=C3=A9"
    start = original.index("<p>")
    builder = TextBuilder()
    builder.copy("<p>Caf", start)
    builder.replace("é", start + 6, start + 12)
    builder.copy(original[start + 12:], start + 12)
    decoded, base = builder.build()
    doc = html_document(decoded, "reply", "email", base=base, original=original)
    [seg] = doc.segments
    assert seg.text == "Café & bar is open"
    assert doc.text is original
    assert original[seg.to_source(0):seg.end_to_source(4)] == "Caf=C3=A9"
    assert original[seg.to_source(7):seg.end_to_source(10)] == "bar"
    assert_verbatim_pieces(doc)


def test_foster_parented_text_is_left_out_not_guessed():
    doc = read("<table><tr><td>Cell one</td></tr>stray words<tr><td>Cell two</td></tr></table>")
    assert_verbatim_pieces(doc)
    assert all(s.text in ("Cell one", "Cell two", "stray words") for s in doc.segments)


_TOKENS = [
    "<p>", "</p>", "<div>", "</div>", "<b>", "</b>", "<code>", "</code>", "<pre>", "</pre>", "<br>", "<li>", "<td>",
    "<script>", "</script>", "<style>", "<!--", "-->", "<!-- commlint: disable -->", "&amp;", "&lt;", "&#x41;", "&nbsp",
    "&bogus;", "<a href='x'>", "</a>", "<p hidden>", "<span style=\"display:none\">", "{{ a.name }}", "{%", "}}",
    "<table>", "<tr>", "word", " ", "\n", "\r\n", "<", ">", "\"", "'", "<blockquote type=cite>", "<kbd>",
    '<div class="gmail_quote">', "<svg><text>", "<![CDATA[x]]>", "<title>", "\x00", "é", "<textarea>",
]
_HTMLISH = st.lists(st.sampled_from(_TOKENS), max_size=120).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_HTMLISH, st.text(max_size=200), st.binary(max_size=200).map(lambda b: b.decode("latin-1"))))
def test_any_text_reads_with_exact_offsets(text):
    try:
        [doc] = read_html(text.encode("utf-8"), "random.html")
    except InputError:
        return
    assert_verbatim_pieces(doc)
    for region in doc.skipped:
        assert 0 <= region.start <= region.end <= len(doc.text)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(_HTMLISH)
def test_any_text_lints_with_exact_matches(linter, text):
    try:
        [doc] = read_html((text + "<p>The latency of the DNS cache, utilize <b>Flush DNS</b>.</p>").encode(), "r.html")
    except InputError:
        return
    for f in linter.lint_document(doc):
        if f.category != "privacy":
            assert doc.text[f.start:f.end] == f.match


def test_deep_nesting_and_huge_line():
    doc = read("<div>" * 3000 + "deep words" + "</div>" * 3000 + "<p>" + "word " * 40000 + "</p>" + "<b>" * 2000 + "x")
    assert_verbatim_pieces(doc)
    assert any(s.text == "deep words" for s in doc.segments)
