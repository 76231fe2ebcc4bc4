"""The Markdown reader: blocks as segments with exact offsets, markup skipped with reasons,
and findings of the real engine only in the article's prose."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import assert_verbatim_pieces, skipped_texts
from commlint.document.model import Document
from commlint.errors import InputError
from commlint.sources import reader_for
from commlint.sources.markdown import read_markdown

FIXTURE = Path(__file__).parent / "fixtures" / "kb" / "fix-slow-sync.md"
WORD_RULES = ("jargon", "acronym")


def read(text: str) -> Document:
    [doc] = read_markdown(text.encode("utf-8"), "article.md")
    return doc


@pytest.fixture(scope="module")
def article() -> Document:
    return read(FIXTURE.read_text(encoding="utf-8"))


def test_registered_for_md_files():
    assert reader_for("kb/fix-slow-sync.md").name == "markdown"


def test_blocks_are_segments_of_their_kind(article):
    assert [(s.kind, s.text) for s in article.segments] == [
        ("heading", "Fix slow sync on the Acme desktop app"),
        ("paragraph", "If your files take a long time to appear on your other devices, the app may be waiting on\n"
                      "a stale DNS cache. This article shows you how to clear it."),
        ("block_quote", "You need version 4.2 or later. To check, select Help > About Acme."),
        ("heading", "Before you start"),
        ("paragraph", "Make sure you are signed in at https://app.example.com/account_settings before you go on."),
        ("table_cell", "Setting"), ("table_cell", "Where to find it"), ("table_cell", "Default"),
        ("table_cell", "Sync Mode"), ("table_cell", "Settings > Sync"), ("table_cell", "Automatic"),
        ("table_cell", "Bandwidth limit"), ("table_cell", "Settings > Network"), ("table_cell", "None"),
        ("heading", "Clear the cache"),
        ("list_item", "Open the app and select Flush DNS Cache on the item tab."),
        ("list_item", "If that does not help, open a terminal and run item, then restart."),
        ("list_item", "See how to restart the app\nfor the details, or visit https://status.example.com for known problems."),
        ("paragraph", "Your sync should now be fast again, Alex. The latency you saw came\nfrom the old cache."),
    ]
    assert_verbatim_pieces(article)


def test_masks_protect_labels_code_urls_and_placeholders(article):
    masks = {(m.kind, s.text[m.start:m.end]) for s in article.segments for m in s.masks}
    assert {("ui_label", "Help"), ("ui_label", "About Acme"), ("ui_label", "Sync Mode"),
            ("ui_label", "Flush DNS Cache"), ("code", "item"), ("placeholder", "Alex"),
            ("url", "https://app.example.com/account_settings"), ("url", "https://status.example.com")} <= masks
    label = next(s for s in article.segments if "Flush" in s.text)
    lo = label.text.index("Flush DNS Cache")
    start = label.to_source(lo)
    assert article.text[start:label.end_to_source(lo + len("Flush DNS Cache"))] == "Flush DNS Cache"
    assert article.text[start - 2:start] == "**"


def test_skipped_regions_say_why(article):
    assert skipped_texts(article, "front matter")[0].startswith("---\ntitle: Fix slow sync")
    assert any(s.startswith("```powershell\n# Only if the app still hangs") for s in skipped_texts(article, "code"))
    assert "`ipconfig /flushdns`" in skipped_texts(article, "code")
    assert skipped_texts(article, "image") == ["![The Advanced tab with the Flush DNS Cache button](media/advanced-tab.png)"]
    assert '](https://help.example.com/restart?from=kb&id=42 "Restart")' in skipped_texts(article, "url")
    assert "https://status.example.com" in skipped_texts(article, "url")
    assert set(skipped_texts(article, "liquid tag")) == {"{: .note}", "{% include feedback.html %}"}
    assert skipped_texts(article, "placeholder") == ["{{ page.customer_name }}"]
    assert skipped_texts(article, "html comment") == ["<!-- commlint: disable=R201 -->"]
    assert skipped_texts(article, "directive") == ["[!NOTE]"]
    assert skipped_texts(article, "table markup") == ["|---|---|---|"]


def test_front_matter_directives_and_placeholders(article):
    assert article.kind == "article" and article.channel == "kb"
    assert article.meta["title"] == "Fix slow sync on the Acme desktop app"
    assert article.audience is None
    [directive] = article.directives
    assert (directive.text, directive.line) == ("disable=R201", 40)
    assert [(p.expression, p.where) for p in article.placeholders] == [
        ("{{ page.customer_name }}", "prose"), ("{% include feedback.html %}", "prose"),
    ]


@pytest.mark.parametrize("declared, audience", [
    ("audience: ITPro", "technical"), ("audience: Admin", "technical"), ("ms.audience: Developer", "technical"),
    ("audience: [end-user]", "customer"), ("author: sam", None),
])
def test_front_matter_audience(declared, audience):
    assert read(f"---\n{declared}\n---\n\nSome text.\n").audience == audience


def test_broken_front_matter_is_skipped_not_raised():
    doc = read("---\ntitle: [unclosed\n---\n\nSome text here.\n")
    assert [s.text for s in doc.segments] == ["Some text here."]
    assert doc.notices


def test_placeholders_in_code_and_urls_are_not_prose():
    doc = read("Open [your page](https://x.example.com/{{user.id}}) and run `echo {{ user.name }}`.\n\n"
               "```\n{{ site.title }}\n```\n")
    assert [(p.expression, p.where) for p in doc.placeholders] == [
        ("{{user.id}}", "url"), ("{{ user.name }}", "code"), ("{{ site.title }}", "code"),
    ]
    assert [s.text for s in doc.segments] == ["Open your page and run item."]


def test_microsoft_learn_dialect_is_not_prose():
    doc = read(
        "> [!IMPORTANT]\n> Back up the mailbox first.\n\n"
        "[!INCLUDE [Applies to](../includes/applies-to.md)]\n\n"
        ':::image type="content" source="media/wizard.png" alt-text="Screenshot of the wizard.":::\n\n'
        ":::zone pivot=\"outlook\"\nUse the Outlook app.\n:::zone-end\n"
    )
    assert [s.text for s in doc.segments] == ["Back up the mailbox first.", "Use the Outlook app."]
    assert len(skipped_texts(doc, "directive")) == 5
    assert_verbatim_pieces(doc)


def test_escapes_entities_and_table_pipes_map_exactly():
    doc = read("| Key | Meaning |\n|---|---|\n| a \\| b | Fish &amp; chips, \\*not\\* crisps |\n")
    cells = [s for s in doc.segments if s.kind == "table_cell"]
    assert [c.text for c in cells] == ["Key", "Meaning", "a | b", "Fish & chips, *not* crisps"]
    fish = cells[3]
    assert doc.text[fish.to_source(5):fish.end_to_source(6)] == "&amp;"
    assert doc.text[fish.to_source(14):fish.end_to_source(18)] == "\\*not"
    assert_verbatim_pieces(doc)


def test_crlf_lists_and_nested_quotes_map_exactly():
    doc = read("Intro line one\r\nline two.\r\n\r\n- First item\r\n  continues here.\r\n> > Deep **Save** quote\r\n")
    assert [(s.kind, s.text) for s in doc.segments] == [
        ("paragraph", "Intro line one\nline two."), ("list_item", "First item\ncontinues here."),
        ("block_quote", "Deep Save quote"),
    ]
    assert_verbatim_pieces(doc)


def test_html_blocks_are_read_as_html():
    doc = read('<table class="img-captions"><tr><td>Original board</td></tr></table>\n\n'
               '<p style="display:none;">Tags: hidden words</p>\n\n<details>\n<summary><b>Update Windows</b></summary>\n\n'
               "Run the update.\n\n</details>\n")
    assert [(s.kind, s.text) for s in doc.segments] == [
        ("table_cell", "Original board"), ("heading", "Update Windows"), ("paragraph", "Run the update."),
    ]
    assert skipped_texts(doc, "hidden") == ["Tags: hidden words"]


def test_bold_emphasis_is_not_a_label():
    doc = read("Support is given **only** for boards you bought, so **Select Board** first.\n")
    [seg] = doc.segments
    assert [(m.kind, seg.text[m.start:m.end]) for m in seg.masks] == [("ui_label", "Select Board")]


def _regions(text: str) -> list[tuple[int, int]]:
    """Code, URLs, front matter and Liquid tags of a Markdown text, found independently."""
    spans = [m.span() for m in re.finditer(r"^---\n.*?\n---\n", text, re.S)]
    spans += [m.span() for m in re.finditer(r"^```.*?^```", text, re.S | re.M)]
    spans += [m.span() for m in re.finditer(r"`[^`\n]+`", text)]
    spans += [m.span() for m in re.finditer(r"\]\([^)]*\)|<https?://[^>]*>|https?://[^\s)>\]]+", text)]
    spans += [m.span() for m in re.finditer(r"\{\{.*?\}\}|\{%.*?%\}|\{:[^}]*\}", text)]
    return spans


def test_engine_reports_only_in_prose(linter, article):
    findings = linter.lint_document(article)
    assert {f.match for f in findings if f.category == "jargon"} >= {"DNS cache", "latency"}  # prose is read
    labels = [(s.to_source(m.start), s.end_to_source(m.end)) for s in article.segments for m in s.masks
              if m.kind == "ui_label"]
    for f in findings:
        assert article.text[f.start:f.end] == f.match
        assert not any(a < f.end and f.start < b for a, b in _regions(article.text)), f
        if f.category in WORD_RULES:
            assert not any(a < f.end and f.start < b for a, b in labels), f


_TOKENS = list("ab *_`[]()!<>#|-:{}%\\&;\n\t>=\"'/.1") + [
    "{{", "}}", "{%", "%}", "**", "```", "&amp;", "http://x.io/", "<!--", "-->", "[!NOTE]", "\r\n", "---\n", "<b>",
    "</b>", "<kbd>", "| a |", "|---|", "    ", "1. ", "> ", "{: .x}", ":::image x:::", "\u00a0", "\x00",
]
_MARKDOWNISH = st.lists(st.sampled_from(_TOKENS), max_size=120).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_MARKDOWNISH, st.text(max_size=200), st.binary(max_size=200).map(lambda b: b.decode("latin-1"))))
def test_any_text_reads_with_exact_offsets(text):
    try:
        [doc] = read_markdown(text.encode("utf-8"), "random.md")
    except InputError:
        return
    assert_verbatim_pieces(doc)
    for region in doc.skipped:
        assert 0 <= region.start <= region.end <= len(doc.text)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(_MARKDOWNISH)
def test_any_text_lints_with_exact_matches(linter, text):
    try:
        doc = read(text + "\n\nThe latency of the DNS cache is **Flush DNS Cache** utilize.\n")
    except InputError:
        return
    for f in linter.lint_document(doc):
        if f.category != "privacy":  # privacy findings mask their match
            assert doc.text[f.start:f.end] == f.match


def test_bytes_that_are_not_text_raise_input_error():
    with pytest.raises(InputError):
        read_markdown(b"\x00\x01\x02binary", "bad.md")


def test_huge_line_and_deep_nesting():
    doc = read("word " * 40000 + "\n\n" + "> " * 300 + "deep\n\n" + "- " * 200 + "x\n" + "[" * 5000 + "\n")
    assert_verbatim_pieces(doc)
