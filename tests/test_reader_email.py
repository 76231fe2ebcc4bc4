"""Email threads in plain text and .eml: quoted replies, signatures, disclaimers, greeting and
sign-off; MIME parts located, decoded and mapped back; findings only in the agent's new words
(privacy still reads the rest)."""
from __future__ import annotations

import base64
import quopri
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import assert_verbatim_pieces
from commlint.document.model import Document
from commlint.errors import InputError
from commlint.sources.eml import read_eml
from commlint.sources.plain import read_text, text_document
from commlint.sources.thread import thread_regions

FIXTURES = Path(__file__).parent / "fixtures" / "email"
THREAD_KINDS = ("greeting", "paragraph", "sign_off", "signature", "disclaimer", "quoted_reply")
OTHERS = {"signature", "disclaimer", "quoted_reply"}


def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _eml(name: str) -> Document:
    (document,) = read_eml(_fixture(name), name)
    return document


def _segment_at(document: Document, offset: int):
    return next(s for s in document.segments if s.start <= offset < max(s.end, s.start + 1))


def _regions(text: str) -> list[tuple[str, str]]:
    return [(r.reason, text[r.start:r.end]) for r in thread_regions(text)]


# -- thread structure in plain text ---------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            "Done.\n\nOn Tue, Dec 1, 2026 at 8:00 AM Bo Lind <bo@example.com>\nwrote:\n\n> Is it done?\n",
            [("quoted reply", "On Tue, Dec 1, 2026 at 8:00 AM Bo Lind <bo@example.com>\nwrote:\n\n> Is it done?")],
            id="gmail-attribution-wrapped",
        ),
        pytest.param(
            "Erledigt.\n\nAm 30.11.2026 um 09:14 schrieb Bo Lind <bo@example.com>:\n> Bitte schnell.\n",
            [("quoted reply", "Am 30.11.2026 um 09:14 schrieb Bo Lind <bo@example.com>:\n> Bitte schnell.")],
            id="german-attribution",
        ),
        pytest.param(
            "C'est fait.\n\nLe lun. 30 nov. 2026 à 09:14, Bo <bo@example.com> a écrit :\n> Vite.\n",
            [("quoted reply", "Le lun. 30 nov. 2026 à 09:14, Bo <bo@example.com> a écrit :\n> Vite.")],
            id="french-attribution",
        ),
        pytest.param(
            "Refunded.\n\n-----Original Message-----\nFrom: Bo\nSent: Monday\nTo: Support\n\nWhere is it?\n",
            [("quoted reply", "-----Original Message-----\nFrom: Bo\nSent: Monday\nTo: Support\n\nWhere is it?")],
            id="outlook-original-message",
        ),
        pytest.param(
            "Refunded.\n\nFrom: Bo Lind <bo@example.com>\nSent: Monday, November 30, 2026 4:52 PM\nTo: Support\n"
            "Subject: Refund\n\nWhere is it?\n",
            [("quoted reply", "From: Bo Lind <bo@example.com>\nSent: Monday, November 30, 2026 4:52 PM\nTo: Support\n"
              "Subject: Refund\n\nWhere is it?")],
            id="outlook-header-block-alone",
        ),
        pytest.param(
            "Refunded.\n\n________________________________\nFrom: Bo\nSent: Monday\nTo: Support\n\nWhere is it?\n",
            [("quoted reply", "________________________________\nFrom: Bo\nSent: Monday\nTo: Support\n\nWhere is it?")],
            id="outlook-underscore-rule",
        ),
        pytest.param(
            "Looping in billing.\n\n---------- Forwarded message ---------\nFrom: Bo <bo@example.com>\n"
            "Date: Tue, Dec 1, 2026\nSubject: Refund\n\nWhere is it?\n",
            [("quoted reply", "---------- Forwarded message ---------\nFrom: Bo <bo@example.com>\n"
              "Date: Tue, Dec 1, 2026\nSubject: Refund\n\nWhere is it?")],
            id="gmail-forward",
        ),
        pytest.param(
            "See below.\n\nBegin forwarded message:\n\nFrom: Bo\nSubject: Refund\n\nWhere is it?\n",
            [("quoted reply", "Begin forwarded message:\n\nFrom: Bo\nSubject: Refund\n\nWhere is it?")],
            id="apple-forward",
        ),
        pytest.param(
            "Yes.\n\n> Is it broken?\n>> It was yesterday\n> > > and before\n\nIt is fixed now.\n",
            [("quoted reply", "> Is it broken?\n>> It was yesterday\n> > > and before")],
            id="quote-depths-and-answer-below",
        ),
        pytest.param(
            "On Mon, Bo <bo@example.com> wrote:\n> Is it broken?\n\nIt was, and it is fixed now.\n",
            [("quoted reply", "On Mon, Bo <bo@example.com> wrote:\n> Is it broken?")],
            id="bottom-posted-answer-is-the-writers",
        ),
        pytest.param(
            "It is fixed.\n\n-- \nAna Lopez\nSupport lead\n",
            [("signature", "-- \nAna Lopez\nSupport lead")],
            id="signature-delimiter",
        ),
        pytest.param("It is fixed.\n\nSent from my iPhone\n", [("signature", "Sent from my iPhone")], id="iphone"),
        pytest.param("It is fixed.\n\nGet Outlook for Android\n", [("signature", "Get Outlook for Android")], id="outlook-app"),
        pytest.param(
            "It is fixed.\n\nSent from Mail for Windows\n", [("signature", "Sent from Mail for Windows")], id="windows-mail"
        ),
        pytest.param(
            "It is fixed.\n\nKind regards,\nAna Lopez\nSupport Lead | Acme Ltd\n+1 555 0100\nhttps://acme.example\n",
            [("signature", "Ana Lopez\nSupport Lead | Acme Ltd\n+1 555 0100\nhttps://acme.example")],
            id="block-after-sign-off",
        ),
        pytest.param(
            "It is fixed.\n\nCONFIDENTIALITY NOTICE: The contents of this email are for the addressee only.\n",
            [("disclaimer", "CONFIDENTIALITY NOTICE: The contents of this email are for the addressee only.")],
            id="confidentiality-notice",
        ),
        pytest.param(
            "It is fixed.\n\nThis email and any attachments are confidential. If you are not the intended\n"
            "recipient, delete it.\n",
            [("disclaimer", "This email and any attachments are confidential. If you are not the intended\n"
              "recipient, delete it.")],
            id="attachments-confidential",
        ),
        pytest.param(
            "Hi Bo,\n\nThanks, will do. I restarted the export and it finishes within the hour.\n\nAna\n", [],
            id="thanks-will-do-is-not-a-signature",
        ),
        pytest.param("Hi Bo,\n\nThanks,\n\nThe export works now. Please try again.\n", [], id="thanks-then-prose"),
        pytest.param(
            "Hi Bo,\n\nHere is what to do:\n- Open Settings\n- Choose Export\n\nAna\n", [], id="hyphen-list-stays"
        ),
    ],
)
def test_thread_regions(text: str, expected: list[tuple[str, str]]) -> None:
    assert _regions(text) == expected


def test_thread_crlf_and_everything_after_the_quote_start() -> None:
    text = "Done.\r\n\r\nOn Mon, Bo <bo@example.com> wrote:\r\n> first\r\n\r\n-----Original Message-----\r\nFrom: Cy\r\n"
    regions = thread_regions(text)
    assert [(r.reason, text[r.start:r.end]) for r in regions] == [
        ("quoted reply", text[text.index("On Mon"):].rstrip("\r\n"))
    ]


def test_thread_sign_off_is_the_writers_and_the_greeting_too() -> None:
    text = "Hi Sam,\n\nThe refund is on its way.\nBest regards,\nAna Lopez\nAcme Support\n"
    document = text_document(text)
    assert [(s.kind, s.text) for s in document.segments] == [
        ("greeting", "Hi Sam,"), ("paragraph", "The refund is on its way."), ("sign_off", "Best regards,"),
        ("signature", "Ana Lopez\nAcme Support"),
    ]


# -- the two threads as plain text ----------------------------------------------------------

_GMAIL_SEGMENTS = [
    ("greeting", "Hi Priya,"),
    ("paragraph", "Thanks for sending the screenshots."),
    ("sign_off", "Best regards,"),
    ("signature", "Sam Okafor\nCustomer Support Specialist | Brightline Hosting\n"),
    ("disclaimer", "CONFIDENTIALITY NOTICE: This email and any attachments"),
    ("quoted_reply", "On Mon, Nov 30, 2026 at 9:14 AM Priya Raman <priya.raman@example.com>\nwrote:\n\n> This is"),
]
_OUTLOOK_SEGMENTS = [
    ("greeting", "Hello Marcus,"),
    ("paragraph", "I understand this is frustrating"),
    ("paragraph", "I have asked our team"),
    ("sign_off", "Thanks,"),
    ("signature", "Dana Whitfield\nSenior Support Engineer\nNorthwind Cloud Services\nTel: +44 20 7946 0958\n"),
    ("disclaimer", "This email and any attachments are confidential and may be privileged."),
    ("quoted_reply", "-----Original Message-----\nFrom: Marcus Bell"),
]


def _kinds_and_starts(document: Document, newline: str = "\n") -> list[tuple[str, str]]:
    return [(s.kind, s.text.replace(newline, "\n")) for s in document.segments]


@pytest.mark.parametrize("name, expected", [("gmail-thread.txt", _GMAIL_SEGMENTS), ("outlook-thread.txt", _OUTLOOK_SEGMENTS)])
def test_text_thread_segments(name: str, expected: list[tuple[str, str]]) -> None:
    (document,) = read_text(_fixture(name), name)
    got = _kinds_and_starts(document)
    assert [k for k, _ in got] == [k for k, _ in expected]
    for (_, text), (_, start) in zip(got, expected):
        assert text.startswith(start)
    for segment in document.segments:
        assert document.text[segment.start:segment.end] == segment.text
    reasons = [r.reason for r in document.skipped]
    assert reasons == ["signature", "disclaimer", "quoted reply"]
    tail = document.text[document.skipped[-1].start:]
    assert document.skipped[-1].end == len(document.text.rstrip("\n")) and "4111 1111 1111 1111" in tail


# an acronym that is also jargon gets a finding of each category ("DNS", "SSO")
_GMAIL_FINDINGS = {("J101", "DNS propagation"), ("A101", "DNS"), ("A101", "RMA"), ("M108", "ASAP")}
_OUTLOOK_FINDINGS = {("T114", "calm down"), ("J104", "OAuth token"), ("J104", "SSO"), ("A101", "SSO")}


@pytest.mark.parametrize(
    "name, expected", [("gmail-thread.txt", _GMAIL_FINDINGS), ("outlook-thread.txt", _OUTLOOK_FINDINGS)]
)
def test_text_thread_findings_only_in_new_prose(linter, name: str, expected: set[tuple[str, str]]) -> None:
    (document,) = read_text(_fixture(name), name)
    findings = linter.lint_document(document)
    quoted = document.skipped[-1]
    card = document.text.index("4111 1111 1111 1111", quoted.start)
    privacy = [f for f in findings if f.category == "privacy"]
    assert [(f.rule_id, f.start, f.end) for f in privacy] == [("P101", card, card + 19)]
    others = [f for f in findings if f.category != "privacy"]
    assert {(f.rule_id, f.match) for f in others} == expected
    for f in others:
        assert document.text[f.start:f.end] == f.match
        assert _segment_at(document, f.start).kind in ("greeting", "paragraph", "sign_off")


# -- the two threads as .eml ----------------------------------------------------------------


def test_eml_gmail_quoted_printable_maps_piece_by_piece(linter) -> None:
    document = _eml("gmail-thread.eml")
    assert (document.kind, document.channel, document.notices) == ("reply", "email", ())
    assert document.text == _fixture("gmail-thread.eml").decode("utf-8")
    got = _kinds_and_starts(document, "\r\n")
    assert [k for k, _ in got] == [k for k, _ in _GMAIL_SEGMENTS]
    plain = read_text(_fixture("gmail-thread.txt"), "gmail-thread.txt")[0]
    assert [s.text.replace("\r\n", "\n") for s in document.segments] == [s.text for s in plain.segments]
    assert_verbatim_pieces(document)
    reasons = {r.reason for r in document.skipped}
    assert {"header", "markup", "alternative", "signature", "disclaimer", "quoted reply"} <= reasons
    html = next(r for r in document.skipped if r.reason == "alternative")
    assert document.text[html.start:].startswith("<div dir=3D\"ltr\">")

    findings = linter.lint_document(document)
    found = {(f.rule_id, quopri.decodestring(f.match.encode()).decode()) for f in findings if f.category != "privacy"}
    assert found == _GMAIL_FINDINGS
    dns = next(f for f in findings if f.rule_id == "J101")
    assert document.text[dns.start:dns.end] == "DNS =\r\npropagation"  # the span crosses a soft line break
    (card,) = [f for f in findings if f.category == "privacy"]
    assert document.text[card.start:card.end] == "4111 1111 1111 1111"
    assert _segment_at(document, card.start).kind == "quoted_reply"
    for f in findings:
        if f.category != "privacy":
            assert _segment_at(document, f.start).kind in ("greeting", "paragraph", "sign_off")
            assert document.text[f.start:f.end] == f.match


def test_eml_decoded_character_stands_for_its_codes() -> None:
    document = _eml("gmail-thread.eml")
    paragraph = document.segments[1]
    at = paragraph.text.index("\u2019")  # I’ve, sent as =E2=80=99
    assert document.text[paragraph.to_source(at):paragraph.end_to_source(at + 1)] == "=E2=80=99"


def test_eml_outlook_base64_reports_at_the_part_start(linter) -> None:
    document = _eml("outlook-thread.eml")
    part_start = document.text.index("\r\n\r\n", document.text.index("Content-Type: text/plain")) + 4
    assert len(document.notices) == 1 and "base64" in document.notices[0] and "line 25" in document.notices[0]
    assert [k for k, _ in _kinds_and_starts(document, "\r\n")] == [k for k, _ in _OUTLOOK_SEGMENTS]
    assert {(s.start, s.end) for s in document.segments} == {(part_start, part_start)}
    assert "attachment" in {r.reason for r in document.skipped}
    attachment = next(r for r in document.skipped if r.reason == "attachment")
    assert document.text[attachment.start:attachment.end].startswith("JVBERi0")
    findings = linter.lint_document(document)
    rules = {f.rule_id for f in findings}
    assert {"T114", "J104", "P101"} <= rules
    assert not rules & {"S101", "S103", "S104"}  # the customer's slang stays unflagged
    assert all(f.start == f.end == part_start for f in findings)


def test_eml_html_only_part_goes_through_the_html_reader(linter) -> None:
    document = _eml("gmail-html-only.eml")
    if "HTML reader is not available" in " ".join(document.notices):
        pytest.skip("commlint.sources.html.html_document is not there yet")
    kinds = [s.kind for s in document.segments]
    assert kinds[:3] == ["greeting", "paragraph", "sign_off"] and "signature" in kinds and "disclaimer" in kinds
    assert kinds[-1] == "quoted_reply"
    assert_verbatim_pieces(document)
    findings = linter.lint_document(document)
    assert {(f.rule_id, f.match) for f in findings if f.category != "privacy"} == _GMAIL_FINDINGS
    (card,) = [f for f in findings if f.category == "privacy"]
    assert quopri.decodestring(document.text[card.start:card.end].encode()).decode() == "4111 1111 1111 1111"
    assert _segment_at(document, card.start).kind == "quoted_reply"


# -- MIME details and malformed messages ----------------------------------------------------


def test_eml_latin1_file_and_8bit_charset() -> None:
    data = b"Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nCaf\xc3\xa9 d\xe9j\xe0 vu, the refund is sent.\r\n"
    (document,) = read_eml(data, "x.eml")
    assert document.text == data.decode("latin-1")
    (segment,) = document.segments
    assert segment.text == "Café d\ufffdj\ufffd vu, the refund is sent."
    assert_verbatim_pieces(document)


def test_eml_unknown_charset_is_a_notice() -> None:
    data = b"Subject: x\nContent-Type: text/plain; charset=x-klingon\n\nThe refund is sent.\n"
    (document,) = read_eml(data, "x.eml")
    assert document.segments[0].text == "The refund is sent." and "x-klingon" in document.notices[0]


def test_eml_without_a_text_part_has_nothing_to_lint() -> None:
    data = b"Subject: x\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n"
    (document,) = read_eml(data, "x.eml")
    assert document.segments == () and document.notices and [r.reason for r in document.skipped] == ["header", "attachment"]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b'Content-Type: multipart/alternative; boundary="b1"\n\n--b1\nContent-Type: text/plain\n\nHello there.\n',
                     id="no-closing-boundary"),
        pytest.param(b"Content-Type: multipart/mixed\n\n--b1\nContent-Type: text/plain\n\nHello there.\n--b1--\n",
                     id="no-boundary-parameter"),
        pytest.param(b'Content-Type: multipart/mixed; boundary="zz"\n\nHello there, no parts at all.\n', id="boundary-never-used"),
        pytest.param(b'Content-Type: multipart/mixed; boundary="a"\n\n' + b"--a\nContent-Type: multipart/mixed; boundary=\"a\"\n\n" * 60,
                     id="nested-same-boundary"),
        pytest.param(b"Subject: x\nContent-Transfer-Encoding: base64\n\n!!!! not base64 ====\n", id="bad-base64"),
        pytest.param(b"Subject: =?utf-8?q?broken\nContent-Type: text/plain; charset=\"\n\nHello.\n", id="bad-header-values"),
        pytest.param(b"Subject: x\nContent-Transfer-Encoding: quoted-printable\n\nHello =ZZ and =\n=E2=80 broken=\n", id="bad-qp"),
    ],
)
def test_eml_malformed_mime_reads_or_is_one_input_error(data: bytes) -> None:
    try:
        documents = read_eml(data, "bad.eml")
    except InputError as error:
        assert "\n" not in error.one_line()
        return
    assert_verbatim_pieces(documents[0])


def test_eml_not_an_email_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not an email message"):
        read_eml(b"\x89PNG\r\n\x1a\n\x00\x00binary", "picture.eml")


# -- properties -----------------------------------------------------------------------------

_LINE = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
    st.sampled_from([
        "> quoted", ">>> deep", "On Mon, Bo <bo@example.com> wrote:", "-----Original Message-----", "From: Bo",
        "Sent: Monday", "To: Support", "Subject: Refund", "-- ", "Best regards,", "Thanks,", "Sam Okafor",
        "Sent from my iPhone", "CONFIDENTIALITY NOTICE: private.", "Hi Sam,", "", "{{ticket.id}", "4111 1111 1111 1111",
        "Begin forwarded message:", "wrote:", "=E2=80=99", "=", "--b1", "--b1--",
    ]),
)
_BODY = st.lists(_LINE, max_size=30).map("\n".join)
_HEADERS = st.sampled_from([
    "Subject: x\n", 'Content-Type: multipart/alternative; boundary="b1"\n', "Content-Type: text/plain; charset=utf-8\n",
    "Content-Type: text/html\n", "Content-Transfer-Encoding: quoted-printable\n", "Content-Transfer-Encoding: base64\n",
    "Content-Disposition: attachment\n", "Content-Type: text/plain; charset=iso-8859-1\n", "X-Broken: =?q?\n",
])
_EML = st.builds(lambda heads, body, crlf: ("".join(heads) + "\n" + body).replace("\n", "\r\n" if crlf else "\n"),
                 st.lists(_HEADERS, min_size=1, max_size=4), _BODY, st.booleans())
_PROPERTY = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read(reader, data: bytes) -> list[Document]:
    try:
        return reader(data, "input")
    except InputError as error:
        assert "\n" not in error.one_line()
        return []


@_PROPERTY
@given(st.one_of(st.binary(max_size=400), _EML.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_property_read_eml_raises_only_input_error(data: bytes) -> None:
    for document in _read(read_eml, data):
        assert_verbatim_pieces(document)
        for region in document.skipped:
            assert 0 <= region.start <= region.end <= len(document.text)


@_PROPERTY
@given(st.one_of(
    _BODY,
    st.integers(1, 3000).map(lambda n: ">" * n + " deep\n" + "> " * n + "x"),
    st.integers(1, 200).map(lambda n: "On Mon, Bo wrote:\n> q\n\nanswer\n\n" * n),
    st.just("word " * 40000),
).map(lambda t: t.encode("utf-8", "surrogatepass")) | st.binary(max_size=300))
def test_property_read_text_raises_only_input_error(data: bytes) -> None:
    for document in _read(read_text, data):
        assert_verbatim_pieces(document)
        regions = thread_regions(document.text)
        assert all(a.end <= b.start for a, b in zip(regions, regions[1:]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.one_of(_EML.map(lambda t: ("eml", t)), _BODY.map(lambda t: ("txt", t))))
def test_property_findings_point_at_their_match(linter, case: tuple[str, str]) -> None:
    kind, text = case
    reader = read_eml if kind == "eml" else read_text
    for document in _read(reader, text.encode("utf-8", "surrogatepass")):
        redacted = {r.meta.id for r in linter.ruleset.rules if r.meta.redact}
        for f in linter.lint_document(document):
            if not f.exact:  # an encoded part: the finding points at its start, with the decoded words
                assert f.start == f.end and f.match and f.fix is None
            elif f.rule_id not in redacted:
                assert document.text[f.start:f.end] == f.match


def test_huge_one_line_and_big_eml_stay_fast() -> None:
    import time

    body = base64.encodebytes(("The refund is on its way. " * 40000).encode()).decode()
    data = ("Subject: x\nContent-Transfer-Encoding: base64\n\n" + body).encode()
    started = time.perf_counter()
    (document,) = read_eml(data, "big.eml")
    (line,) = read_text(("word " * 200000).encode(), "line.txt")
    deep = text_document(">" * 100000 + " x\n")
    assert time.perf_counter() - started < 10
    assert document.segments and line.segments and deep.segments[0].kind == "quoted_reply"


def test_cr_only_line_ends_keep_the_thread_structure() -> None:
    text = "Hi Sam,\r\rThe refund is on its way.\r\rBest,\rAlex\r\rOn Mon, Bo wrote:\r> you idiots\r> fix it\r"
    document = read_text(text.encode(), "reply.txt")[0]
    kinds = [(s.kind, s.text) for s in document.segments]
    assert ("greeting", "Hi Sam,") in kinds and ("sign_off", "Best,") in kinds
    assert any(kind == "quoted_reply" and "idiots" in words for kind, words in kinds)
    assert all(document.text[s.start : s.end] == s.text for s in document.segments)
