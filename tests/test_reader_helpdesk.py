"""Helpdesk export readers: Zendesk macros, Freshdesk canned responses, CSV and JSON lines."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import assert_verbatim_pieces
from commlint.errors import InputError
from commlint.sources.helpdesk import read_csv, read_json_export, read_jsonl
from helpers import json_report, run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "helpdesk"
_READERS = (read_json_export, read_csv, read_jsonl)


def _read(name: str):
    path = FIXTURES / name
    reader = {".json": read_json_export, ".csv": read_csv, ".jsonl": read_jsonl}[path.suffix]
    return reader(path.read_bytes(), name)


def _error(reader, data: bytes) -> str:
    with pytest.raises(InputError) as caught:
        reader(data, "export")
    line = caught.value.one_line()
    assert "\n" not in str(caught.value)
    return line


# -- shapes -------------------------------------------------------------------------------


def test_zendesk_macros_give_one_document_per_comment_action() -> None:
    raw = json.loads((FIXTURES / "zendesk_macros.json").read_text())
    docs = _read("zendesk_macros.json")
    # the fourth macro only sets fields: no text, no document
    assert [(d.origin.id, d.origin.title, d.origin.field) for d in docs] == [
        ("360001234501", "Billing::Refund issued", "macros[0].actions[2].value"),
        ("360001234502", "Technical::Clear cache", "macros[1].actions[1].value[1]"),
        ("360001234503", "Shipping::Order delayed (HTML)", "macros[2].actions[0].value"),
    ]
    assert docs[0].text == raw["macros"][0]["actions"][2]["value"]
    assert docs[1].text == raw["macros"][1]["actions"][1]["value"][1]  # ["channel:all", text]
    assert docs[2].text == raw["macros"][2]["actions"][0]["value"]  # HTML, as written
    assert {(d.kind, d.channel, d.platform) for d in docs} == {("macro", "ticket", "zendesk")}
    assert docs[0].segments[0].kind == "greeting"
    assert "<p>" not in " ".join(s.text for s in docs[2].segments)  # the HTML body went through the HTML reader


def test_zendesk_single_macro_and_bare_list() -> None:
    macro = {"id": 7, "title": "Thanks", "actions": [{"field": "comment_value", "value": "Thanks for waiting."}]}
    (doc,) = read_json_export(json.dumps({"macro": macro}).encode(), "m.json")
    assert (doc.origin.id, doc.origin.field, doc.text) == ("7", "macro.actions[0].value", "Thanks for waiting.")
    (doc,) = read_json_export(json.dumps([macro]).encode(), "m.json")
    assert doc.origin.field == "[0].actions[0].value"


def test_freshdesk_prefers_html_and_falls_back_to_text() -> None:
    docs = _read("freshdesk_canned_responses.json")
    assert [(d.origin.id, d.origin.title, d.origin.field) for d in docs] == [
        ("43000512301", "Password reset link", "[0].content_html"),
        ("43000512302", "Bug acknowledged", "[1].content"),  # content_html is empty
    ]
    assert {d.platform for d in docs} == {"freshdesk"}


def test_freshdesk_wrapped_folders_and_single_response() -> None:
    response = {"id": 3, "title": "Hello", "content": "Hello {{ticket.requester.name}}, thanks for writing."}
    wrapped = read_json_export(json.dumps({"canned_responses": [response]}).encode(), "f.json")
    assert wrapped[0].origin.field == "canned_responses[0].content"
    folders = read_json_export(json.dumps([{"id": 1, "name": "General", "canned_responses": [response]}]).encode(), "f.json")
    assert folders[0].origin.field == "[0].canned_responses[0].content"
    (single,) = read_json_export(json.dumps(response).encode(), "f.json")
    assert (single.origin.id, single.origin.field) == ("3", "content")


def test_csv_reads_quoted_multiline_bodies_extra_columns_and_a_bom() -> None:
    data = (FIXTURES / "macros.csv").read_bytes()
    for raw in (data, b"\xef\xbb\xbf" + data):
        docs = read_csv(raw, "macros.csv")
        assert [(d.origin.id, d.origin.title, d.origin.field) for d in docs] == [
            ("101", "Welcome", "body"), ("102", "Out of office", "body"),
        ]
        assert docs[0].text.startswith("Hi {{ticket.requester.first_name}},\n\nWelcome aboard!")
        assert 'default: "there"' in docs[1].text  # doubled quotes decoded
        assert docs[0].platform is None and docs[0].kind == "macro"


def test_csv_without_an_id_column_names_the_line() -> None:
    docs = read_csv(b"title,body\nA,First body.\nB,\"Second\nbody.\"\nC,Third body.\n", "x.csv")
    assert [d.origin.id for d in docs] == ["line 2", "line 3", "line 5"]


def test_jsonl_reads_one_item_per_line() -> None:
    docs = _read("macros.jsonl")
    assert [(d.origin.id, d.origin.title, d.origin.field) for d in docs] == [
        ("kb-7", "Refund window", "body"), ("kb-8", "Status link", "body"),
    ]
    data = (FIXTURES / "macros.jsonl").read_bytes()
    for newline in (b"\r\n", b"\r"):
        assert [d.text for d in read_jsonl(data.replace(b"\n", newline), "x.jsonl")] == [d.text for d in docs]


def test_one_huge_body_is_read_whole() -> None:
    body = ("Hi {{ticket.requester.first_name}}, " + "word " * 60_000 + "{{ticket.id") * 2
    for reader, data in (
        (read_csv, ("id,title,body\n1,Huge,\"" + body + "\"\n").encode()),
        (read_jsonl, (json.dumps({"id": 1, "title": "Huge", "body": body}) + "\n").encode()),
        (read_json_export, json.dumps([{"id": 1, "title": "Huge", "content": body}]).encode()),
    ):
        (doc,) = reader(data, "huge")
        assert doc.text == body and sum(1 for p in doc.placeholders if p.problem) == 2


# -- malformed exports: one line each -------------------------------------------------------


@pytest.mark.parametrize(
    ("reader", "data", "expected"),
    [
        (read_json_export, b'{"macros": [{"id": 1,', "is not valid JSON: Expecting property name enclosed in double quotes (line 1, column 22)"),
        (read_json_export, b"Hi there, this is not JSON", "is not valid JSON: Expecting value (line 1, column 1)"),
        (read_json_export, b'{"tickets": []}', "expected a 'macros' or 'canned_responses' list (top-level keys: 'tickets')"),
        (read_json_export, b'"just a string"', "expected a JSON object or list, got a string"),
        (read_json_export, b'{"macros": [{"id": 1, "actions": {"field": "x"}}]}', "macros[0].actions: expected a list of actions"),
        (read_json_export, b'{"macros": [{"id": 1, "actions": [{"field": "comment_value", "value": 5}]}]}',
         "macros[0].actions[0].value: expected text, got a number"),
        (read_json_export, b"[" * 100_000 + b"]" * 100_000, "is JSON nested too deeply to read"),
        (read_json_export, b'[{"id": 1, "subject": "no text here"}]', "[0]: has no 'body', 'actions', 'content_html' or 'content'"),
        (read_csv, b"id,title,text\n1,A,Hello\n", "line 1: the header has no 'body' column (expected id,title,body; found 'id', 'title', 'text')"),
        (read_csv, b"1,Welcome,Hello there\n", "line 1: the header has no 'body' column"),
        (read_csv, b'id,title,body\n1,A,"fine"\n2,"B\nstill B"\n3,C,x\n', "line 3: the row has no body column (2 of 3 columns)"),
        (read_jsonl, b'{"id": 1, "body": "ok"}\n[1, 2]\n', "line 2: is a list, not a JSON object"),
        (read_jsonl, b'{"id": 1, "body": "ok"}\n\n{"id": 2, "body": "x"\n', "line 3: is not valid JSON: Expecting ',' delimiter (column 22)"),
        (read_jsonl, b'{"id": 1, "text": "no body"}\n', "line 1: has no 'body', 'actions', 'content_html' or 'content'"),
    ],
)
def test_malformed_export_is_one_input_error(reader, data: bytes, expected: str) -> None:
    assert expected in _error(reader, data)


def test_malformed_export_exits_2_and_the_other_files_are_still_linted(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"macros": [{"id": 1, "title": "x", "actions": [')
    (tmp_path / "macros.jsonl").write_bytes((FIXTURES / "macros.jsonl").read_bytes())
    result = run_cli(["--no-config", "--format", "json", str(tmp_path)])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if "broken.json" in line]
    assert len(errors) == 1 and "is not valid JSON" in errors[0]
    assert {f["item"]["id"] for f in json_report(result.stdout)["findings"]} == {"kb-7", "kb-8"}


# -- findings name the item and point inside its body ---------------------------------------------


def test_findings_name_the_macro_and_point_into_its_body() -> None:
    result = run_cli(["--no-config", "--format", "json", str(FIXTURES / "zendesk_macros.json")])
    findings = json_report(result.stdout)["findings"]
    raw = json.loads((FIXTURES / "zendesk_macros.json").read_text())
    body = raw["macros"][1]["actions"][1]["value"][1]
    miscased = next(f for f in findings if f["rule_id"] == "PH102")
    assert miscased["item"] == {"id": "360001234502", "title": "Technical::Clear cache", "field": "macros[1].actions[1].value[1]"}
    assert (miscased["line"], miscased["column"]) == (1, 9)
    assert body[miscased["start"]:miscased["end"]] == miscased["match"] == "ticket.Requester.first_name"
    latency = next(f for f in findings if f["match"] == "latency")
    assert (latency["line"], latency["column"]) == (3, body.split("\n")[2].index("latency") + 1)
    greeting = next(f for f in findings if f["rule_id"] == "PH103")
    assert greeting["item"]["id"] == "360001234501" and (greeting["line"], greeting["column"]) == (1, 4)


# -- property tests ---------------------------------------------------------------------------------

_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["macros", "macro", "actions", "field", "value", "id", "title", "body",
                                       "content", "content_html", "canned_responses", "name"]) | st.text(max_size=5),
                      inner, max_size=4),
    max_leaves=12,
)
_BRACES = st.lists(
    st.sampled_from(list("{}%#|\"' .\nabHi,") + ["{{", "}}", "{%", "%}", "ticket.", "if ", "endif", "first_name"]), max_size=40,
).map("".join)
_BODY = st.one_of(st.text(max_size=120), _BRACES, st.just("Hi {{ticket.requester.first_name}},\n\nOur SLA {{dc.SLA}} " + "x" * 300))


@settings(max_examples=80, deadline=None)
@given(data=st.binary(max_size=300))
def test_readers_raise_only_input_errors_on_arbitrary_bytes(data: bytes) -> None:
    for reader in _READERS:
        try:
            reader(data, "input")
        except InputError:
            pass


@settings(max_examples=80, deadline=None)
@given(value=_JSONISH)
def test_json_readers_raise_only_input_errors_on_arbitrary_json(value) -> None:
    encoded = json.dumps(value).encode()
    for reader, data in ((read_json_export, encoded), (read_jsonl, encoded + b"\n" + encoded)):
        try:
            docs = reader(data, "input")
        except InputError:
            continue
        assert all(d.origin is not None and d.text.strip() for d in docs)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_BODY, html=st.booleans(), fmt=st.sampled_from(["zendesk", "freshdesk", "csv", "jsonl"]))
def test_bodies_keep_exact_offsets_through_every_reader_and_the_engine(linter, body: str, html: bool, fmt: str) -> None:
    if fmt == "zendesk":
        field = "comment_value_html" if html else "comment_value"
        data = json.dumps({"macros": [{"id": 1, "title": "t", "actions": [{"field": field, "value": body}]}]}).encode()
        reader = read_json_export
    elif fmt == "freshdesk":
        data = json.dumps([{"id": 1, "title": "t", "content_html" if html else "content": body}]).encode()
        reader = read_json_export
    elif fmt == "csv":
        data = ("id,title,body\r\n1,t,\"" + body.replace('"', '""') + "\"\r\n").encode()
        reader = read_csv
    else:
        data = (json.dumps({"id": 1, "title": "t", "body": body}) + "\n").encode()
        reader = read_jsonl
    try:
        docs = reader(data, "input")
    except InputError:
        return
    for doc in docs:
        assert doc.origin is not None and doc.origin.id == "1"
        assert_verbatim_pieces(doc)
    for doc, findings in zip(docs, linter.lint_many(docs)):
        for finding in findings:
            if not linter.ruleset.get(finding.rule_id).meta.redact:
                assert doc.text[finding.start:finding.end] == finding.match
