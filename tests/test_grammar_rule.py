"""Grammar findings as commlint findings: exact offsets, what is skipped, selection and
suppression, the spelling that is accepted. Harper runs in process (the real engine)."""
from __future__ import annotations

import pytest

from commlint.config import Config
from commlint.findings import Applicability
from commlint.lint.engine import Linter
from commlint.sources import read_documents

pytest.importorskip("harper")


def _grammar(text: str, **settings) -> list:
    config = Config(**{"grammar": "harper", **settings})
    return [f for f in Linter(config).lint_text(text) if f.category == "grammar"]


def _ids(findings) -> list[tuple[str, str]]:
    return [(f.rule_id, f.match) for f in findings]


DRAFT = (
    "Hi {{ticket.requester.first_name}},\n\n"
    "Their is a problem with the export, so we are looking into it. Please restart teh router "
    "and run `kubectl get podz` again.\n\n"
    "Best,\nAlex\n"
)


def test_grammar_real_slips_in_a_draft_with_placeholders_point_at_the_original_characters() -> None:
    found = _grammar(DRAFT)
    assert ("GR.harper.TheirToThere", "Their") in _ids(found)
    assert ("GR.harper.The", "teh") in _ids(found)
    for finding in found:
        assert DRAFT[finding.start : finding.end] == finding.match
        assert "{{" not in finding.match and "podz" not in finding.match
    teh = next(f for f in found if f.match == "teh")
    assert teh.fix is not None and teh.fix.replacement == "the" and teh.fix.applicability is Applicability.SAFE
    their = next(f for f in found if f.match == "Their")
    assert any("There" in s for s in their.suggestions)
    assert their.line == 3 and their.column == 1


def test_grammar_skips_quoted_replies_code_and_urls() -> None:
    text = (
        "Thanks for the details, we have fixed the export.\n\n"
        "Run `their is teh command` or open https://example.com/teh-page to check.\n\n"
        "On Mon, 2 Jun 2025, Sam <sam@example.com> wrote:\n> Their is a problem with teh export.\n"
    )
    assert _grammar(text) == []


def test_grammar_reads_markdown_articles_when_configured_with_offsets_into_the_file() -> None:
    source = "# Exporting\n\nTo export a report, open **Reports** and choose *Export*. Their is a limit of ten exports a day.\n"
    (document,) = read_documents(source.encode(), "kb/article.md")
    assert [f for f in Linter(Config(grammar="harper")).lint_document(document) if f.category == "grammar"] == []
    found = [
        f for f in Linter(Config(grammar="harper", grammar_documents=("article",))).lint_document(document)
        if f.category == "grammar"
    ]
    assert [(f.rule_id, source[f.start : f.end]) for f in found] == [("GR.harper.TheirToThere", "Their")]


def test_grammar_engine_rules_are_selected_ignored_and_suppressed_by_their_own_ids() -> None:
    text = "Their is a problem with the export, and it will be fixed tomorow.\n"
    assert {r for r, _ in _ids(_grammar(text))} == {"GR.harper.TheirToThere", "GR.harper.SpellCheck"}
    assert _ids(_grammar(text, select=("GR.harper.SpellCheck",))) == [("GR.harper.SpellCheck", "tomorow")]
    assert _ids(_grammar(text, ignore=("GR.harper.SpellCheck",))) == [("GR.harper.TheirToThere", "Their")]
    assert _grammar(text, ignore=("GR",)) == [] and _grammar(text, ignore=("grammar",)) == []
    assert _grammar(text, grammar="off") == []
    suppressed = "# commlint: disable=GR.harper.SpellCheck\n" + text
    assert _ids(_grammar(suppressed)) == [("GR.harper.TheirToThere", "Their")]


def test_grammar_spelling_accepts_allowed_terms_names_handles_and_code_like_words() -> None:
    text = "I asked Priyanka about it, and the Zorblex fix is on the way, so set paymnt_intent_id and retry.\n"
    assert _grammar(text) == []
    assert _ids(_grammar("Zorblex ships the fix on Monday.\n")) == [("GR.harper.SpellCheck", "Zorblex")]
    assert _grammar("Zorblex ships the fix on Monday.\n", allow_terms=("Zorblex",)) == []
    assert _grammar("Niraj: the webhook is in the dashboard now.\n", channel="chat") == []
    # a misspelt everyday word is still found
    assert _ids(_grammar("We will recieve the parts on Monday.\n")) == [("GR.harper.SpellCheck", "recieve")]


def test_grammar_chat_turns_may_start_in_lower_case() -> None:
    text = "glad to hear it works now.\n"
    assert _grammar(text, channel="chat") == []
    assert [r for r, _ in _ids(_grammar(text))] == ["GR.harper.SentenceCapitalization"]


def test_grammar_through_a_real_languagetool_server_with_and_without_placeholders(languagetool_url) -> None:
    config = Config(grammar="languagetool", grammar_url=languagetool_url)
    linter = Linter(config)
    plain = "Hi Dana,\n\nI will sent the corrected invoice today, and their is nothing else to pay.\n\nBest,\nSam\n"
    templated = plain.replace("Dana", "{{ticket.requester.first_name}}").replace("Sam\n", "{{current_user.first_name}}\n")
    for text in (plain, templated):
        found = [f for f in linter.lint_text(text) if f.category == "grammar"]
        got = {(f.rule_id.split(".")[1], text[f.start : f.end]) for f in found}
        assert ("languagetool", "sent") in got, found
        assert any(match.lower() == "their" for _, match in got), found
        assert all("{{" not in text[f.start : f.end] for f in found)
    sent = next(f for f in linter.lint_text(plain) if f.match == "sent")
    assert "send" in " ".join(sent.suggestions)


def _cli(*args: str, stdin: str, env_extra: dict | None = None):
    import os
    import subprocess
    import sys

    env = {**os.environ, "COMMLINT_NO_WORKER": "1", **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "commlint", "--no-cache", *args, "-"], input=stdin, capture_output=True, text=True,
        env=env, timeout=300,
    )


def test_grammar_engine_unavailable_is_one_line_and_the_other_rules_still_run(tmp_path) -> None:
    draft = "Hi Dana,\n\nTheir is a problem, we guarantee it will be fixed ASAP.\n\nBest,\nSam\n"
    url = "http://127.0.0.1:9"  # the discard port: nothing answers there
    ran = _cli("--grammar", "languagetool", "--config", _config(tmp_path, url), stdin=draft)
    notes = [line for line in ran.stderr.splitlines() if "languagetool" in line.lower()]
    assert len(notes) == 1 and "the other rules ran" in notes[0], ran.stderr
    assert "Traceback" not in ran.stderr
    assert ran.returncode == 1 and "O10" in ran.stdout and "GR." not in ran.stdout  # overpromise still found
    required = _cli("--grammar", "languagetool", "--require-grammar", "--config", _config(tmp_path, url), stdin=draft)
    assert required.returncode == 2 and "Traceback" not in required.stderr
    # no Java on PATH and no server: the same one line, not a crash
    no_java = _cli("--grammar", "languagetool", stdin=draft,
                   env_extra={"PATH": str(tmp_path), "COMMLINT_LT_HOME": str(tmp_path / "lt")})
    assert no_java.returncode == 1 and "Traceback" not in no_java.stderr
    assert len([line for line in no_java.stderr.splitlines() if "notice" in line]) == 1, no_java.stderr


def _config(tmp_path, url: str) -> str:
    path = tmp_path / "commlint.yaml"
    path.write_text(f"grammar_url: {url}\n")
    return str(path)


def test_grammar_checks_each_paragraph_on_its_own_and_an_edit_rechecks_that_paragraph_only() -> None:
    from commlint.ruletypes import grammar

    first = "Their is a problem with the export, so we are looking into it."
    second = "Please restart teh router and try the export again tomorrow morning."
    alone = _ids(_grammar(f"{second}\n"))
    together = _grammar(f"{first}\n\n{second}\n")
    offset = len(first) + 2
    assert [(f.rule_id, f.match) for f in together if f.start >= offset] == alone  # neighbours change nothing
    assert ("GR.harper.TheirToThere", "Their") in _ids(together)
    before = set(grammar._results)
    edited = _grammar(f"{first}\n\n{second.replace('tomorrow', 'today')}\n")
    new = [text for (_, text) in set(grammar._results) - before]
    assert new == [second.replace("tomorrow", "today")]  # the unchanged paragraph came from the cache
    assert _ids(edited) == _ids(together)


def test_grammar_chat_register_handles_dialects_and_stretched_words_are_not_slips() -> None:
    chat = "leo-unglaub: i think the dashbaord shows it, we localise the colours there.\n"
    found = _ids(_grammar(chat, channel="chat"))
    assert found == [("GR.harper.SpellCheck", "dashbaord")]  # the one real slip
    email = "Hi Sam,\n\nWe localise the colours in the dashbaord. Sooooo sorry, hmmm.\n\nBest,\nAl\n"
    assert [m for _, m in _ids(_grammar(email))] == ["dashbaord"]  # British spellings are right, stretched words are tone
    assert ("GR.harper.CapitalizePersonalPronouns", "i") in _ids(_grammar("Hi Sam, i think it works now.\n"))


def test_grammar_addressee_is_only_a_handle_that_opens_the_turn() -> None:
    from commlint.ruletypes.grammar import _in_addressee

    text = "leo-unglaub: the export is ready. note: it is big"
    assert _in_addressee(text, 0) and _in_addressee(text, 4)
    assert not _in_addressee(text, text.index("the")) and not _in_addressee(text, text.index("note"))
    assert not _in_addressee("two words: here", 0)
