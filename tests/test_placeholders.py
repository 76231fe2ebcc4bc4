"""Placeholders: finding and typing them, and the placeholder rules (PH101-PH104) beyond their
examples."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commlint import Config, Linter
from commlint.sources.helpdesk import read_json_export
from commlint.sources.placeholders import field_type, find_placeholders, unbalanced_blocks
from commlint.sources.plain import text_document
from commlint.ruletypes.placeholder import field_lists

FIXTURES = Path(__file__).parent / "fixtures" / "helpdesk"


def _ids(findings, prefix: str = "PH") -> list[tuple[str, str]]:
    return [(f.rule_id, f.match) for f in findings if f.rule_id.startswith(prefix)]


# -- finding and typing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("ticket.requester.first_name", "name"), ("current_user.first_name", "name"), ("ticket.requester.name", "name"),
        ("ticket.agent.name", "name"), ("ticket.requester.firstname", "name"), ("ticket.assignee.last_name", "name"),
        ("ticket.group.name", "organization"), ("ticket.brand.name", "organization"), ("ticket.account", "organization"),
        ("ticket.requester.company_name", "organization"), ("ticket.requester.organization.name", "organization"),
        ("helpdesk_name", "organization"), ("ticket.current_holiday_name", "other"), ("ticket.cc_names", "other"),
        ("ticket.id", "number"), ("ticket.requester.phone", "number"), ("ticket.requester.email", "email"),
        ("ticket.url", "url"), ("ticket.link", "url"), ("ticket.portal_url", "url"), ("satisfaction.rating_url", "url"),
        ("ticket.due_date", "date"), ("ticket.created_at_with_timestamp", "date"), ("ticket.due_by_time", "date"),
        ("ticket.requester.time_zone", "other"), ("ticket.total_time_spent", "other"), ("ticket.title", "other"),
        ("ticket.latest_comment_formatted", "other"), ("dc.some_dynamic_content", "other"), ("ticket.ticket_field_360011", "other"),
    ],
)
def test_field_types_on_real_field_names(field: str, expected: str) -> None:
    assert field_type(field) == expected


def test_fallbacks_in_both_spellings_and_fields_of_both_platforms() -> None:
    text = '{{contact.first_name || "there"}} {{ name | default: "there" }} {{ticket.agent.name}} {{dc.some_dynamic_content}}'
    found = find_placeholders(text)
    assert [(p.field, p.fallback, p.type) for p in found] == [
        ("contact.first_name", "there", "name"), ("name", "there", "name"), ("ticket.agent.name", None, "name"),
        ("dc.some_dynamic_content", None, "other"),
    ]


def test_where_a_placeholder_sits_in_a_text_body() -> None:
    text = "See https://x.com/?id={{ticket.id}} or www.x.com/{{ticket.id}}, ref {{ticket.id}}; link https://x.com/?t=%7B%7Bticket.id%7D%7D."
    assert [(p.where, p.field) for p in find_placeholders(text)] == [
        ("url", "ticket.id"), ("url", "ticket.id"), ("prose", "ticket.id"), ("encoded", "ticket.id"),
    ]


def test_unbalanced_braces_are_problems_and_a_lone_hash_brace_is_text() -> None:
    found = find_placeholders("Ticket {#123} and {{ticket.id and done here {{ok}}")
    assert [(p.expression[:2], p.problem) for p in found if p.problem] == [("{{", "“{{” is never closed")]
    assert [p.field for p in found if not p.problem] == ["ok"]
    stray = find_placeholders("Closed ticket.id}} and {{ticket.id}}")
    assert [(p.start, p.problem) for p in stray if p.problem] == [(16, "“}}” closes nothing")]


def test_unbalanced_blocks_with_a_stack() -> None:
    text = "{% if a %}x{% for i in b %}y{% endif %}{% endunless %}{% unless c %}"
    problems = [(ph.expression, problem) for ph, problem in unbalanced_blocks(find_placeholders(text))]
    assert problems == [
        ("{% for i in b %}", "“{% for %}” is never ended with “{% endfor %}”"),
        ("{% endunless %}", "“{% endunless %}” ends a “{% unless %}” block that was never opened"),
        ("{% unless c %}", "“{% unless %}” is never ended with “{% endunless %}”"),
    ]


def test_finding_placeholders_is_linear() -> None:
    def cost(text: str) -> float:  # the best of three runs, to keep a busy machine out of it
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            unbalanced_blocks(find_placeholders(text))
            runs.append(time.perf_counter() - t0)
        return min(runs)

    for unit in ("{{ticket.id}} ", "{{" + "a" * 500, "}}", "{% if x %}"):
        small, big = cost(unit * 4_000), cost(unit * 40_000)
        assert big < 40 * small + 0.05, unit  # 10x the input: about 10x the time, never 100x


def test_a_greeting_with_a_placeholder_is_a_greeting() -> None:
    doc = text_document("Hi {{ticket.requester.first_name}},\n\nYour refund is on its way.\n\nThanks,\nSam")
    assert (doc.segments[0].kind, doc.segments[0].text) == ("greeting", "Hi Alex,")
    assert doc.kind == "macro"


@settings(max_examples=100, deadline=None)
@given(text=st.lists(st.sampled_from(["{{", "}}", "{%", "%}", "{#", "#}", "x", " ", "\n", "if ", "endif ", "a.b", "|", '"']),
                     max_size=60).map("".join))
def test_placeholders_never_raise_and_stay_inside_the_text(text: str) -> None:
    found = find_placeholders(text)
    for ph in found:
        assert 0 <= ph.start < ph.end <= len(text) and text[ph.start:ph.end] == ph.expression[: ph.end - ph.start]
    unbalanced_blocks(found)


# -- field lists -------------------------------------------------------------------------------


def test_field_lists_ship_for_both_platforms() -> None:
    lists = field_lists()
    assert {"zendesk", "freshdesk"} <= set(lists)
    zendesk, freshdesk = lists["zendesk"], lists["freshdesk"]
    for field in ("ticket.requester.first_name", "current_user.first_name", "ticket.id", "dc.some_dynamic_content",
                  "ticket.ticket_field_360011", "ticket.requester.custom_fields.plan"):
        assert zendesk.knows(field), field
    for field in ("ticket.requester.name", "ticket.agent.name", "ticket.requester.firstname", "ticket.cf_order_number"):
        assert freshdesk.knows(field), field
    assert not zendesk.knows("ticket.Requester.first_name") and not freshdesk.knows("ticket.requester.first_name")
    assert zendesk.correction("ticket.Requester.first_name", 0.75) == (True, "ticket.requester.first_name")
    assert zendesk.correction("DC.welcome", 0.75) == (True, "dc.welcome")
    assert freshdesk.correction("ticket.requester.first_name", 0.75) == (False, "ticket.requester.firstname")


# -- the rules ---------------------------------------------------------------------------------


def test_ph101_reports_unbalanced_braces_inside_an_export(linter) -> None:
    docs = read_json_export((FIXTURES / "freshdesk_canned_responses.json").read_bytes(), "fd.json")
    findings = list(linter.lint_many(docs))
    broken = [(f.rule_id, f.match, f.line, f.column) for f in findings[1] if f.rule_id == "PH101"]
    assert broken == [("PH101", "{{", 7, 1)]
    assert not _ids(findings[0], "PH101")


def test_ph102_judges_the_configured_platform(ruleset) -> None:
    text = "Hi {{ticket.requester.first_name | default: \"there\"}}, ticket {{ticket.id}} is solved."
    freshdesk = Linter(Config(platform="freshdesk"), ruleset)
    found = [f for f in freshdesk.lint_text(text) if f.rule_id == "PH102"]
    assert [(f.match, f.suggestions[0]) for f in found] == [("ticket.requester.first_name", "Write “ticket.requester.firstname”.")]
    assert found[0].fix is None  # a different field is a suggestion, not a fix
    zendesk = Linter(Config(platform="zendesk"), ruleset)
    assert not [f for f in zendesk.lint_text(text) if f.rule_id == "PH102"]


def test_ph102_leaves_loop_variables_and_unrecognised_platforms_alone(linter) -> None:
    loop = "{% for comment in ticket.public_comments %}{{comment.author.name}}: {{comment.value}}{% endfor %} {{ticket.requester.first_name}}"
    assert not _ids(linter.lint_text(loop), "PH102")
    mixed = "Hi {{ticket.requester.first_name}} and {{ticket.requester.firstname}}: {{ticket.Id}}"  # both platforms: not judged
    assert not _ids(linter.lint_text(mixed), "PH102")


def test_ph102_fix_corrects_the_case(linter) -> None:
    text = "Hi {{ticket.requester.first_name}}, ticket {{ticket.Id}} is solved."
    (finding,) = [f for f in linter.lint_text(text) if f.rule_id == "PH102"]
    fixed = text[: finding.fix.start] + finding.fix.replacement + text[finding.fix.end :]
    assert fixed == "Hi {{ticket.requester.first_name}}, ticket {{ticket.id}} is solved."


def test_ph103_only_in_the_greeting_and_not_when_guarded(linter) -> None:
    body = "Hello,\n\n{{ticket.requester.first_name}}, your refund is on its way.\n\nThanks,\nSam"
    assert not _ids(linter.lint_text(body), "PH103")
    guarded = "Hi {{ticket.requester.first_name}},{% if ticket.requester.first_name %}{% endif %}\n\nYour refund is on its way."
    assert not _ids(linter.lint_text(guarded), "PH103")
    (finding,) = [f for f in linter.lint_text("Dear {{ticket.requester.name}},\n\nThanks for waiting.") if f.rule_id == "PH103"]
    assert "reads “Dear ,”" in finding.message


def test_ph104_reports_placeholders_in_html_code(linter) -> None:
    docs = read_json_export((FIXTURES / "zendesk_macros.json").read_bytes(), "zd.json")
    html = next(d for d in docs if d.origin.id == "360001234503")
    found = [(f.rule_id, f.match) for f in linter.lint_document(html) if f.rule_id.startswith("PH")]
    assert found == [("PH104", "{{ticket.id}}")]  # the tracking link's placeholder renders; the <code> one does not
    assert html.text[html.text.index("<code>") + 6:].startswith("{{ticket.id}}")


def test_placeholder_rules_skip_quoted_replies(linter) -> None:
    mine = "Hi {{ticket.requester.first_name | default: \"there\"}}, done. My {{ticket.id is broken\n"
    assert _ids(linter.lint_document(text_document(mine)), "PH101") == [("PH101", "{{")]
    quoted = text_document(mine.replace("My {{", "") + "\nOn Mon, Sam wrote:\n> my {{ticket.id is broken")
    assert any(r.reason == "quoted reply" for r in quoted.skipped)
    assert not _ids(linter.lint_document(quoted), "PH101")


def test_placeholder_rules_judge_macros_only(linter) -> None:
    doc = text_document("Hi {{ticket.requester.first_name}},\n\nUse {{ticket.Id}} and {{ticket.id in your template.")
    assert {f.rule_id for f in linter.lint_document(doc) if f.rule_id.startswith("PH")} == {"PH101", "PH102", "PH103"}
    for kind in ("reply", "article"):
        assert not _ids(linter.lint_document(doc.with_settings(kind=kind)))


def test_placeholders_never_give_word_level_findings(linter) -> None:
    text = (
        "Hi {{ticket.requester.first_name}},\n\n"
        "Ticket {{ticket.id}}: {{dc.SLA_TEXT}} {{dc.API_KEY_ROTATION}} {{ticket.ticket_field_360011}} "
        "{{ticket.latest_public_comment_html}} {{ticket.requester.custom_fields.CRM_ID}} {% if ticket.priority %}now{% endif %}\n\n"
        # the same words written out would be flagged (J101 "DNS cache", A101 "SLA"):
        '{{ dc.note | default: "clear the DNS cache" }} {{ticket.requester.organization.name | default: "our SLA team"}}\n\n'
        "Thanks,\n{{current_user.first_name}}"
    )
    doc = text_document(text, kind="macro", channel="ticket")
    spans = [(p.start, p.end) for p in doc.placeholders]
    findings = linter.lint_document(doc)
    word_level = {r.meta.id for r in linter.ruleset.rules if r.meta.type in {"phrase", "pattern", "regex", "acronym"}}
    inside = [f for f in findings if f.rule_id in word_level and any(a < f.end and f.start < b for a, b in spans)]
    assert inside == []
    assert {f.rule_id for f in findings} <= {"PH103"} | {r.meta.id for r in linter.ruleset.rules if r.meta.type in {"metric", "require"}}
