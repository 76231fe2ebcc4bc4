"""Inline suppression: every directive form, in text (``# commlint:``), Markdown and HTML
(``<!-- -->``) and Liquid (``{# #}``, ``{% comment %}``), unit-level and through the engine."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commlint.document.lines import LineIndex
from commlint.document.model import Document, Segment
from commlint.findings import Finding, Severity
from commlint.findings.suppress import apply_suppressions, selects
from commlint.sources.directives import directive
from commlint.sources.plain import text_document

_RULES = {"J101": ("jargon.networking", "jargon"), "T101": ("tone.blaming", "tone"), "O101": ("overpromise.guarantee", "overpromise")}


def _finding(text: str, word: str, rule_id: str, nth: int = 0) -> Finding:
    """A finding of ``rule_id`` on the ``nth`` occurrence of ``word`` in ``text``."""
    start = [m.start() for m in re.finditer(re.escape(word), text)][nth]
    end = start + len(word)
    lines = LineIndex(text)
    name, category = _RULES[rule_id]
    (line, column), (end_line, end_column) = lines.line_col(start), lines.line_col(end)
    return Finding(rule_id, name, category, Severity.WARNING, "m", "r", word, start, end, line, column, end_line, end_column)


def _run(document: Document, findings: list[Finding], **kwargs) -> tuple[list[Finding], list[Finding], list[Finding]]:
    """(kept rule findings, suppressed, directive findings X001/X002)."""
    kept, suppressed = apply_suppressions(document, findings, LineIndex(document.text), **kwargs)
    return [f for f in kept if f.category != "suppression"], suppressed, [f for f in kept if f.category == "suppression"]


def _markdown(text: str) -> Document:
    """A Markdown document as the Markdown reader makes it: ``<!-- commlint: -->`` comments
    are directives, every other paragraph is a verbatim segment."""
    lines = LineIndex(text)
    comments = list(re.finditer(r"<!--(.*?)-->", text, re.S))
    directives = tuple(d for m in comments if (d := directive(m.group(1), m.start(), m.end(), lines)))
    prose = re.sub(r"<!--.*?-->", lambda m: re.sub(r"[^\n]", " ", m.group()), text, flags=re.S)
    segments = [
        Segment.verbatim(m.group().strip(), m.start() + len(m.group()) - len(m.group().lstrip()))
        for m in re.finditer(r"(?:[^\n]*\S[^\n]*(?:\n|$))+", prose)
    ]
    return Document(text, tuple(segments), kind="article", channel="kb", directives=directives)


# -- unit level: the forms -------------------------------------------------------------------


def test_suppression_selectors_follow_rule_selection() -> None:
    f = _finding("the latency", "latency", "J101")
    assert all(selects(s, f) for s in ("J101", "J1", "J", "jargon", "jargon.networking", "jargon.net"))
    assert not any(selects(s, f) for s in ("J102", "jargon.x", "jarg", "tone", "networking"))


def test_suppression_disable_enable_block_in_text() -> None:
    text = "Check the latency.\n# commlint: disable\nCheck the latency. We guarantee it.\n# commlint: enable\nCheck the latency.\n"
    doc = text_document(text)
    findings = [_finding(text, "latency", "J101", i) for i in range(3)] + [_finding(text, "guarantee", "O101")]
    kept, suppressed, notes = _run(doc, findings)
    assert [f.line for f in kept] == [1, 5]
    assert sorted(f.rule_id for f in suppressed) == ["J101", "O101"]
    assert notes == []


def test_suppression_disable_runs_to_end_of_file_and_enable_rule_reopens() -> None:
    text = "# commlint: disable\nThe latency. We guarantee it.\n# commlint: enable=overpromise\nThe latency. We guarantee it.\n"
    doc = text_document(text)
    findings = [_finding(text, w, r, i) for i in range(2) for w, r in (("latency", "J101"), ("guarantee", "O101"))]
    kept, suppressed, notes = _run(doc, findings)
    assert [(f.rule_id, f.line) for f in kept] == [("O101", 4)]
    assert len(suppressed) == 3 and notes == []


def test_suppression_disable_rules_by_id_name_and_category() -> None:
    text = ("# commlint: disable=J101, tone.blaming -- product names in this article\n"
            "The latency is your fault. We guarantee it.\n# commlint: enable=J101\nThe latency.\n")
    findings = [_finding(text, "latency", "J101"), _finding(text, "fault", "T101"), _finding(text, "guarantee", "O101"),
                _finding(text, "latency", "J101", 1)]
    kept, suppressed, notes = _run(text_document(text), findings)
    assert [(f.rule_id, f.line) for f in kept] == [("O101", 2), ("J101", 4)]
    assert {f.rule_id for f in suppressed} == {"J101", "T101"} and notes == []
    text = "# commlint: disable=overpromise\nWe guarantee it.\n"
    assert _run(text_document(text), [_finding(text, "guarantee", "O101")])[0] == []


def test_suppression_ignore_next_line_skips_blank_and_directive_lines() -> None:
    text = ("# commlint: ignore-next-line\n\n# commlint: ignore-next-line=O101\nThe latency. We guarantee it.\n"
            "The latency again.\n")
    findings = [_finding(text, "latency", "J101"), _finding(text, "guarantee", "O101"), _finding(text, "latency", "J101", 1)]
    kept, suppressed, notes = _run(text_document(text), findings)
    assert [(f.rule_id, f.line) for f in kept] == [("J101", 5)]
    assert len(suppressed) == 2 and notes == []


def test_suppression_allow_term_covers_one_occurrence() -> None:
    text = '# commlint: allow "Sync Cache"\nClick Clear sync\ncache, then check the cache and the Sync Cache.\n'
    findings = [_finding(text, "cache", "J101", 0), _finding(text, "cache", "J101", 1), _finding(text, "Cache", "J101")]
    kept, suppressed, notes = _run(text_document(text), findings)
    assert [f.start for f in suppressed] == [findings[0].start]  # the first "sync cache", across a line break
    assert len(kept) == 2 and notes == []


def test_suppression_disable_line_in_a_trailing_comment() -> None:
    doc = _markdown("Check the latency. <!-- commlint: disable-line=jargon -->\nCheck the latency.\n")
    findings = [_finding(doc.text, "latency", "J101", i) for i in range(2)]
    kept, suppressed, _ = _run(doc, findings)
    assert [f.line for f in kept] == [2] and [f.line for f in suppressed] == [1]


def test_suppression_unused_directives_are_reported_so_they_do_not_rot() -> None:
    text = ('# commlint: disable=T101\nThe latency.\n# commlint: allow "webhook"\n# commlint: ignore-next-line\n'
            "\n# commlint: enable=O101\n")
    kept, suppressed, notes = _run(text_document(text), [_finding(text, "latency", "J101")])
    assert len(kept) == 1 and suppressed == []
    assert [(n.rule_id, n.rule_name, n.severity, n.line) for n in notes] == [
        ("X001", "suppression.unused", Severity.INFO, line) for line in (1, 3, 4, 6)
    ]
    for note in notes:
        assert text[note.start:note.end] == note.match and note.match.startswith("# commlint:")
        assert "matched nothing" in note.message and "removed" in note.message
        assert (note.end_line, note.end_column) == LineIndex(text).line_col(note.end)


def test_suppression_unused_is_not_reported_for_rules_that_did_not_run() -> None:
    text = "# commlint: disable=tone\nThe latency.\n"
    kept, _, notes = _run(text_document(text), [], ran=lambda selector: selector.startswith("J"))
    assert kept == [] and notes == []
    assert len(_run(text_document(text), [], ran=lambda selector: True)[2]) == 1


@pytest.mark.parametrize(("body", "problem"), [
    ("disabel", "unknown directive 'disabel'"),
    ("disable=", "names no rule"),
    ("allow", "allow needs the term"),
])
def test_suppression_unknown_or_malformed_directive_is_a_warning(body: str, problem: str) -> None:
    text = f"# commlint: {body}\nThe latency.\n"
    kept, suppressed, notes = _run(text_document(text), [_finding(text, "latency", "J101")])
    assert len(kept) == 1 and suppressed == []
    assert [(n.rule_id, n.rule_name, n.severity) for n in notes] == [("X002", "suppression.unknown", Severity.WARNING)]
    assert problem in notes[0].message


# -- each comment syntax, through the real engine ----------------------------------------------


def test_suppression_text_directives_through_the_engine(linter) -> None:
    text = ("Hi Sam,\n\n# commlint: disable=jargon\nPlease clear the DNS cache and check the latency.\n"
            "# commlint: enable=jargon\nPlease clear the DNS cache and check the latency.\n\nThanks,\nAna\n")
    result = next(linter.check_documents([text_document(text)]))
    jargon = [f for f in result.findings if f.category == "jargon"]
    assert jargon and all(f.line == 6 for f in jargon)
    assert {f.line for f in result.suppressed} == {4}
    assert not [f for f in result.findings if f.category == "suppression"]


def test_suppression_liquid_comments_in_a_macro_through_the_engine(linter) -> None:
    text = (
        "Hi {{ticket.requester.first_name}},\n\n"
        "{# commlint: ignore-next-line=overpromise #}\n"
        "We guarantee the refund reaches you today.\n"
        "{% comment %} commlint: allow \"latency\" {% endcomment %}\n"
        "The latency on your dashboard is fine. We guarantee the latency stays low.\n\n"
        "Thanks,\n{{current_user.first_name}}\n"
    )
    document = text_document(text)
    assert document.kind == "macro" and len(document.directives) == 2
    result = next(linter.check_documents([document]))
    kept = {(f.rule_id, f.line, f.match) for f in result.findings}
    gone = {(f.rule_id, f.line, f.match) for f in result.suppressed}
    assert ("O101", 4, "guarantee") in gone and ("O101", 6, "guarantee") in kept
    assert ("J101", 6, "latency") in gone
    assert sum(1 for f in result.findings if f.match == "latency") == 1  # the second one is still reported
    assert all(text[f.start:f.end] == f.match for f in result.findings + result.suppressed)


def test_suppression_markdown_comments_through_the_engine(linter) -> None:
    doc = _markdown(
        "# Slow pages\n\n<!-- commlint: disable=jargon -->\n\nPlease clear the DNS cache and check the latency.\n\n"
        "<!-- commlint: enable -->\n\nPlease clear the DNS cache.\n\n<!--\n  commlint: ignore-next-line\n-->\n"
        "The latency is high.\n\n<!-- commlint: disable=timeline -->\n"
    )
    result = next(linter.check_documents([doc]))
    assert {f.line for f in result.suppressed} == {5, 14}
    assert {f.line for f in result.findings if f.category == "jargon"} == {9}
    assert [(f.rule_id, f.line) for f in result.findings if f.category == "suppression"] == [("X001", 16)]


def test_suppression_markdown_reader_end_to_end(linter) -> None:
    markdown = pytest.importorskip("commlint.sources.markdown")
    text = ("# Slow pages\n\n<!-- commlint: disable=jargon -->\nCheck the latency.\n<!-- commlint: enable -->\n\n"
            "Check the latency.\n\n<!-- commlint: nonsense -->\n")
    (document,) = markdown.read_markdown(text.encode(), "slow.md")
    result = next(linter.check_documents([document]))
    assert {f.line for f in result.suppressed if f.rule_id == "J101"} == {4}
    assert {f.line for f in result.findings if f.rule_id == "J101"} == {7}
    assert [(f.rule_id, f.line) for f in result.findings if f.category == "suppression"] == [("X002", 9)]


def test_suppression_html_reader_end_to_end(linter) -> None:
    html = pytest.importorskip("commlint.sources.html")
    text = "<p>Check the latency.</p>\n<!-- commlint: ignore-next-line -->\n<p>Check the latency.</p>\n"
    (document,) = html.read_html(text.encode(), "slow.html")
    result = next(linter.check_documents([document]))
    assert {f.line for f in result.findings if f.rule_id == "J101"} == {1}
    assert {f.line for f in result.suppressed if f.rule_id == "J101"} == {3}


# -- never raises, and every finding is accounted for ---------------------------------------


_WORDS = st.sampled_from(["disable", "enable", "ignore-next-line", "disable-line", "allow", "disable=J101", "enable=J",
                          "allow \"latency\"", "disable=", "x y", "", "disable=tone, J101 -- why"])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(_WORDS.map(lambda w: f"# commlint: {w}"), st.sampled_from(["The latency.", "", "  "])), max_size=12))
def test_suppression_property_findings_are_kept_or_suppressed_once(lines: list[str]) -> None:
    text = "\n".join(lines)
    findings = [_finding(text, "latency", "J101", i) for i in range(text.count("latency"))]
    kept, suppressed, notes = _run(text_document(text), findings)
    assert sorted(kept + suppressed, key=Finding.sort_key) == sorted(findings, key=Finding.sort_key)
    assert all(text[n.start:n.end] == n.match for n in notes)


def test_suppression_names_a_rule_by_its_alias(tmp_path) -> None:
    from commlint import Config, Linter

    pack = tmp_path / "team.yaml"
    pack.write_text(
        "pack: team\ndescription: A team's words.\nrules:\n"
        "  - id: TT901\n    name: tone.team-fruit\n    category: tone\n    severity: warning\n    type: phrase\n"
        "    aliases: [fruitword]\n    message: \"“{match}”: a fruit.\"\n    rationale: Test rule.\n"
        "    suggestions: [Say something else.]\n    matcher: {phrases: [banana]}\n"
        "    examples: {bad: [\"a [[banana]]\"], good: [\"an apple\"]}\n",
        encoding="utf-8",
    )
    linter = Linter(Config(packs=(str(pack),), default_packs=False))
    findings = linter.lint_text("# commlint: disable=fruitword\nA banana.\n")
    assert findings == []
