"""The library API for other tools: ``Linter.lint_text``, ``lint_many`` (lazy, over a stream),
``lint_file`` (any format), ``fix_text``, ``commlint.report_json`` (the CLI's JSON), clear
errors on misuse, and name-prefix selection (``tone.obv``)."""
from __future__ import annotations

import itertools
import json
import resource
import shutil
from importlib import resources
from typing import Iterator

import jsonschema
import pytest
from helpers import EXAMPLES, REPO, run_cli

import commlint
from commlint import Config, ConfigError, Document, FileResult, InputError, Linter, report_json
from commlint.findings.model import picks
from commlint.sources import read_documents

SCHEMA = json.loads((resources.files("commlint") / "schemas" / "report-v1.json").read_text())
ZENDESK = REPO / "tests" / "fixtures" / "helpdesk" / "zendesk_macros.json"
NO_GRAMMAR = Config(ignore=("grammar",))


@pytest.fixture(scope="module")
def slang() -> Linter:
    """A small, fast configuration for the long streams."""
    return Linter(Config(select="slang", grammar="off"))


@pytest.fixture(scope="module")
def quiet_linter() -> Linter:
    return Linter(NO_GRAMMAR)


# -- lint_text ----------------------------------------------------------------------------

def test_lint_text_with_kind_and_channel(linter: Linter) -> None:
    findings = linter.lint_text("We guarantee a fix ASAP!!!")
    assert {"overpromise", "tone"} <= {f.category for f in findings}
    assert all(isinstance(f.start, int) and f.match for f in findings)
    # an article is not a reply: no greeting or next-step findings
    article = linter.lint_text("Clear the cache.\n\nOpen Settings and select Clear.", kind="article", channel="kb")
    assert not {f.category for f in article} & {"courtesy", "next-steps"}


@pytest.mark.parametrize("value, given", [(b"hello", "got bytes"), (bytearray(b"hi"), "got bytearray"), (None, "got None"), (42, "got int")])
def test_lint_text_refuses_what_is_not_str(linter: Linter, value: object, given: str) -> None:
    with pytest.raises(TypeError) as caught:
        linter.lint_text(value)  # type: ignore[arg-type]
    message = str(caught.value)
    assert message.startswith("Linter.lint_text expects the text as str, " + given)
    if "bytes" in given:
        assert "lint_file" in message and "commlint.sources.read_documents" in message


@pytest.mark.parametrize("argument, value, choices", [
    ("kind", "memo", "reply, article, macro"), ("channel", "fax", "email, chat, ticket, kb"),
])
def test_unknown_kind_or_channel_names_the_choices(linter: Linter, argument: str, value: str, choices: str) -> None:
    with pytest.raises(ValueError, match=f"^{argument}: '{value}' is not one of {choices}$"):
        linter.lint_text("Hello.", **{argument: value})
    with pytest.raises(ValueError, match=choices):
        linter.lint_many(["Hello."], **{argument: value})
    with pytest.raises(ValueError, match=f"Config\\({argument}=...\\): '{value}' is not one of {choices}"):
        Config(**{argument: value})


def test_top_level_functions_still_work() -> None:
    assert any(f.category == "overpromise" for f in commlint.lint_text("I guarantee it will never happen again."))
    assert commlint.fix_text("Thanks, u can log in now.", NO_GRAMMAR) == "Thanks, you can log in now."
    assert set(commlint.__all__) <= set(dir(commlint))


# -- Config misuse --------------------------------------------------------------------------

def test_config_reads_a_string_as_one_selector_or_a_comma_list() -> None:
    assert Config(select="tone").select == ("tone",)
    assert Config(select="tone, overpromise", ignore="T101").select == ("tone", "overpromise")
    assert Config(select=["tone"]) == Config(select=("tone",))  # a list is a tuple: the Config stays hashable
    assert hash(Config(severity={"T101": "error"})) == hash(Config(severity=(("T101", "error"),)))
    assert Config(allow_terms="Acme, Inc.").allow_terms == ("Acme, Inc.",)  # only selectors are comma lists
    rules = Linter(Config(select="tone")).ruleset.rules
    assert rules and {r.meta.category for r in rules} == {"tone"}


@pytest.mark.parametrize("kwargs, error, message", [
    ({"select": b"tone"}, TypeError, "Config(select=...) expects a string or a sequence of strings (rule ids, name prefixes or categories), got bytes"),
    ({"select": ("tone", 3)}, TypeError, "Config(select=...) expects a sequence of strings (rule ids, name prefixes or categories), got an item of type int"),
    ({"ignore": 7}, TypeError, "Config(ignore=...) expects a string or a sequence of strings"),
    ({"select": ("tone", " ")}, ValueError, "Config(select=...): an empty rule selector"),
    ({"severity": {"T101": "loud"}}, ValueError, "Config(severity=...) for 'T101': 'loud' is not one of error, warning, info"),
    ({"fail_on": "sometimes"}, ValueError, "Config(fail_on=...): 'sometimes' is not one of error, warning, info, never"),
    ({"max_file_size": "10MB"}, TypeError, "Config(max_file_size=...) expects a positive whole number"),
])
def test_config_misuse_is_a_clear_error(kwargs: dict, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as caught:
        Config(**kwargs)
    assert str(caught.value).startswith(message)


def test_no_matching_rule_names_the_setting_not_a_cli_flag() -> None:
    with pytest.raises(ConfigError) as caught:
        Linter(Config(select="tine"))
    assert str(caught.value) == "select: no rule matches 'tine' (give an id, a name prefix or a category)"
    with pytest.raises(ConfigError, match="^ignore: no rule matches 'nonsense'"):
        Linter(Config(ignore=("nonsense",)))
    with pytest.raises(TypeError, match=r"^Linter\(config=...\) expects a commlint.Config, got dict"):
        Linter({"select": "tone"})  # type: ignore[arg-type]


# -- name prefixes -------------------------------------------------------------------------

def test_picks_a_name_prefix_inside_a_segment() -> None:
    rule = ("T104", "tone.obviously", "tone")
    assert picks("tone.obv", *rule) and picks("tone.", *rule) and picks("tone", *rule) and picks("T1", *rule)
    assert not picks("ton", *rule)  # without a dot only whole segments count: "t" is no selector
    assert not picks("tone.blam", *rule)
    assert not picks("", *rule)


def test_select_and_ignore_by_name_prefix(tmp_path) -> None:
    assert [r.meta.name for r in Linter(Config(select="tone.obv")).ruleset.rules] == ["tone.obviously"]
    blaming = {r.meta.name for r in Linter(Config(select="tone.blam")).ruleset.rules}
    assert blaming == {"tone.blaming", "tone.blame-by-cause", "tone.blame-by-implication", "tone.blame-by-comparison"}
    draft = tmp_path / "d.txt"
    draft.write_text("Obviously the cache is stale. I guarantee it works now.\n")
    selected = json.loads(run_cli(["--no-config", "--no-cache", "--format", "json", "--select", "tone.obv", str(draft)]).stdout)
    assert {f["rule_name"] for f in selected["findings"]} == {"tone.obviously"}
    ignored = json.loads(run_cli(["--no-config", "--no-cache", "--format", "json", "--ignore", "tone.obv", str(draft)]).stdout)
    assert "tone.obviously" not in {f["rule_name"] for f in ignored["findings"]} and ignored["findings"]


# -- lint_many: a stream, lazily -------------------------------------------------------------

def test_lint_many_is_lazy_over_a_stream_of_10000_texts(slang: Linter) -> None:
    consumed = 0

    def texts(n: int) -> Iterator[str]:
        nonlocal consumed
        for i in range(n):
            consumed += 1
            yield f"Hi, ticket {i} is fixed, u can log in again. Thanks!"

    results = slang.lint_many(texts(10_000))
    assert consumed == 0  # nothing is read before the first result is asked for
    first = next(results)
    assert [f.rule_id for f in first] and consumed <= 32  # one batch, not the stream
    peak = 0
    count = 1
    for count, findings in enumerate(results, start=2):
        assert consumed <= count + 32  # never more than one batch ahead
        assert findings and findings[0].match == "u"
        if count == 2_000:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert count == 10_000 == consumed
    growth_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak
    assert growth_kib < 30_000, f"memory grew by {growth_kib} KiB over 8,000 more texts"


def test_lint_many_takes_an_endless_stream_and_documents(slang: Linter) -> None:
    endless = (f"Reply {i}: gonna check." for i in itertools.count())
    assert len(list(itertools.islice(slang.lint_many(endless), 40))) == 40
    documents = read_documents(ZENDESK.read_bytes(), ZENDESK.name)
    mixed: list[str | Document] = ["u can go now", *documents]
    assert len(list(slang.lint_many(mixed))) == 1 + len(documents)


def test_lint_many_refuses_bytes_items_and_a_lone_text(slang: Linter) -> None:
    with pytest.raises(TypeError, match=r"^Linter.lint_many expects str or Document items, got bytes \(item 1\): decode it first"):
        list(slang.lint_many(["fine", b"not decoded"]))  # type: ignore[list-item]
    with pytest.raises(TypeError, match="use lint_text or lint_document for one"):
        slang.lint_many("one text")


# -- lint_file and the JSON report --------------------------------------------------------------

def test_lint_file_reads_an_export_item_by_item(linter: Linter) -> None:
    results = linter.lint_file(ZENDESK)
    assert len(results) > 1 and all(isinstance(r, FileResult) for r in results)
    assert all(r.origin is not None and r.path == str(ZENDESK) for r in results)
    assert any(r.findings for r in results)
    for result in results:  # offsets point into each item's own text
        for finding in result.findings:
            assert finding.exact is False or result.text[finding.start : finding.end] == finding.match or finding.category == "privacy"


def test_lint_file_errors_are_raised(linter: Linter, tmp_path) -> None:
    with pytest.raises(InputError, match="missing.txt: cannot read"):
        linter.lint_file(tmp_path / "missing.txt")
    with pytest.raises(TypeError, match="expects a path"):
        linter.lint_file(b"x.txt")  # type: ignore[arg-type]
    (tmp_path / "empty.txt").write_text("")
    (empty,) = linter.lint_file(tmp_path / "empty.txt")
    assert empty.notice and not empty.findings


@pytest.mark.parametrize("source", [EXAMPLES / "poor-reply.txt", ZENDESK], ids=["text", "zendesk-export"])
def test_report_json_is_the_cli_json(linter: Linter, source, tmp_path) -> None:
    path = tmp_path / source.name
    shutil.copy(source, path)
    cli = run_cli(["--no-config", "--no-cache", "--format", "json", str(path)])
    assert cli.exit_code == 1, cli.output
    library = report_json(linter.lint_file(path))
    jsonschema.validate(json.loads(library), SCHEMA)
    assert json.loads(library) == json.loads(cli.stdout)
    # one finding's JSON is the report's finding without where it is
    finding = json.loads(library)["findings"][0]
    first = linter.lint_file(path)[0].findings[0]
    assert {k: v for k, v in finding.items() if k not in ("path", "item")} == first.to_dict()


# -- fix_text ----------------------------------------------------------------------------------

def test_fix_text_applies_the_safe_fixes_as_the_cli_does() -> None:
    draft = (EXAMPLES / "poor-reply.txt").read_text()
    expected = (REPO / "tests" / "fixtures" / "fix" / "poor-reply" / "expected.txt").read_text()  # the --fix golden
    pinned = Linter(Config(grammar="harper"))  # as the goldens run (tests/test_fix.py)
    assert pinned.fix_text(draft) == expected
    assert pinned.fix_text(expected) == expected  # a second run changes nothing


def test_fix_text_unsafe_matches_cli_unsafe_fixes(quiet_linter: Linter, tmp_path) -> None:
    draft = "hey,\n\nPlease clear the DNS cache and u will be fine. Thanks for your patience.\n"
    path = tmp_path / "draft.txt"
    path.write_text(draft)
    result = run_cli(["--no-config", "--no-cache", "--ignore", "grammar", "--fix", "--unsafe-fixes", str(path)])
    assert result.exit_code in (0, 1), result.output
    unsafe = quiet_linter.fix_text(draft, unsafe=True)
    assert unsafe == path.read_text() and unsafe != quiet_linter.fix_text(draft)
    assert " u " not in unsafe and "DNS cache" not in unsafe


def test_fix_text_keeps_placeholders_and_quoted_replies(quiet_linter: Linter) -> None:
    draft = "Hi {{ticket.requester.first_name}},\n\nu can log in now!!!\n\nOn Mon, Ana wrote:\n> u said it was fixed!!!\n"
    fixed = quiet_linter.fix_text(draft)
    assert fixed.startswith("Hi {{ticket.requester.first_name}},\n\nYou can log in now!")
    assert fixed.endswith("> u said it was fixed!!!\n")
    with pytest.raises(TypeError, match="^Linter.fix_text expects the text as str, got bytes"):
        quiet_linter.fix_text(b"u")  # type: ignore[arg-type]


def test_the_readme_library_examples_run(tmp_path, monkeypatch, capsys) -> None:
    import sqlite3

    section = (REPO / "README.md").read_text(encoding="utf-8").split("### As a library", 1)[1].split("\n### ", 1)[0]
    blocks = section.split("```python\n")[1:]
    assert len(blocks) == 2
    shutil.copy(ZENDESK, tmp_path / "macros.json")
    with sqlite3.connect(tmp_path / "tickets.db") as db:
        db.execute("CREATE TABLE replies (body TEXT)")
        db.executemany("INSERT INTO replies VALUES (?)", [("u can log in now",), ("I guarantee it works.",)])
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        exec(compile(block.split("```", 1)[0], "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert '"schema": "commlint-report"' in out and "('slang', 1)" in out


def test_a_calls_kind_wins_over_the_configured_one() -> None:
    linter = Linter(Config(kind="article"))
    status_only = "Hi,\n\nWe got your ticket and passed it on to the team.\n\nThanks"
    assert "N101" not in {f.rule_id for f in linter.lint_text(status_only)}  # articles need no next step
    assert "N101" in {f.rule_id for f in linter.lint_text(status_only, kind="reply")}
    assert "N101" in {f.rule_id for f in next(linter.lint_many([status_only], kind="reply"))}
