"""``.eml`` reader: one email message (MIME) as a reply document.

The document's text is the whole file (UTF-8, or latin-1 as a last resort so every byte is
one character). Headers are parsed with the standard library ``email`` package; the parts
are located in the file by their boundary lines, so every part has exact offsets. The
text/plain part is read (else the text/html part), decoded with its offset map to the file:
quoted-printable piece by piece (an ``=XX`` run stands for its decoded characters, a soft
line break is dropped, the rest is verbatim), charsets run by run, base64 as a whole (its
findings point at the part's start, and a notice says so). The decoded body goes through
the same thread detection as plain text, and each segment's map is composed with the
body's. Headers, MIME boundaries, the other rendering of the body and attachments are
skipped regions.
"""
from __future__ import annotations

import codecs
import dataclasses
import email.policy
import importlib.util
import re
from email.message import EmailMessage
from email.parser import HeaderParser

from commlint.document.lines import LineIndex
from commlint.document.model import DISCLAIMER, GREETING, PARAGRAPH, SIGN_OFF, Document, Region, Segment
from commlint.document.offsets import OffsetMap, TextBuilder
from commlint.errors import InputError
from commlint.sources.plain import GREETING_LINE, text_document
from commlint.sources.thread import SIGN_OFF_LINE, is_disclaimer

_HEADER_LINE = re.compile(r"(?:[!-9;-~]+[ \t]*:|[ \t]|From )[^\n]*(?:\n|$)")
_BLANK_LINE = re.compile(r"\r?(?:\n|$)")
_QP_RUN = re.compile(r"(?:=[0-9A-Fa-f]{2}|=[ \t]*\r?\n)+")
_QP_BYTE = re.compile(r"=([0-9A-Fa-f]{2})")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_MAX_DEPTH = 20
#: charsets where a byte below 0x80 is always that ASCII character, so text decodes run by run
_ASCII_SAFE = re.compile(r"ascii|utf[-_]?8|latin[-_]?\d*|iso8859[-_]\d+|cp125\d|cp437|cp8[56]\d|koi8[-_]\w+|mac[-_]\w+|euc[-_]\w+")
_HTML_READER = "commlint.sources.html"


@dataclasses.dataclass
class _Part:
    """A MIME entity located in the file: its header and body spans, parsed headers, parts."""

    start: int
    header_end: int
    body_start: int
    end: int
    headers: EmailMessage
    parts: list["_Part"] = dataclasses.field(default_factory=list)
    markup: list[tuple[int, int]] = dataclasses.field(default_factory=list)  #: boundaries, preamble, epilogue

    def leaves(self) -> list["_Part"]:
        return [leaf for part in self.parts for leaf in part.leaves()] if self.parts else [self]

    @property
    def attachment(self) -> bool:
        return self.headers.get_content_disposition() == "attachment"


def read_eml(data: bytes, name: str) -> list[Document]:
    """The one document of an ``.eml`` file."""
    try:
        text, latin1 = data.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        text, latin1 = data.decode("latin-1"), True
    if not _HEADER_LINE.match(text):
        raise InputError(name, "is not an email message (it does not start with header lines)")
    try:
        return [_document(text, _locate(text, 0, len(text), 0), latin1)]
    except InputError:
        raise
    except Exception as exc:  # the email package raises many kinds on broken headers
        raise InputError(name, f"malformed MIME message ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})") from None


# -- locating the parts ---------------------------------------------------------------------


def _locate(text: str, start: int, end: int, depth: int) -> _Part:
    """The MIME entity in ``text[start:end]``, with its parts when it is a multipart."""
    pos = start
    while pos < end:
        m = _HEADER_LINE.match(text, pos, end)
        if not m or not m.group().strip() or (pos > start and m.group().startswith("From ")):
            break
        pos = m.end()
    header_end = pos
    blank = _BLANK_LINE.match(text, pos, end)
    body_start = blank.end() if blank and pos < end else pos
    headers = HeaderParser(policy=email.policy.default).parsestr(text[start:header_end])
    part = _Part(start, header_end, body_start, end, headers)  # type: ignore[arg-type]
    boundary = headers.get_boundary() if headers.get_content_maintype() == "multipart" else None
    if boundary and depth < _MAX_DEPTH:
        _split(text, part, boundary, depth)
    return part


def _split(text: str, part: _Part, boundary: str, depth: int) -> None:
    """Fill ``part.parts`` from the body between the boundary lines."""
    delimiter = re.compile(r"^--" + re.escape(boundary) + r"(--)?[ \t]*\r?$", re.M)
    pos, open_at = part.body_start, None
    for m in delimiter.finditer(text, part.body_start, part.end):
        line_end = m.end() + (1 if text.startswith("\n", m.end()) else 0)
        before = _before_line_break(text, m.start(), pos)
        if open_at is None:
            part.markup.append((pos, line_end))  # preamble and first boundary
        else:
            part.parts.append(_locate(text, open_at, before, depth + 1))
            part.markup.append((before, line_end))
        pos, open_at = line_end, line_end
        if m.group(1):
            open_at = None
            break
    if open_at is not None:
        part.parts.append(_locate(text, open_at, part.end, depth + 1))
    elif pos < part.end:
        part.markup.append((pos, part.end))  # epilogue, or a body with no boundary line
    if not part.parts:
        part.markup = [(part.body_start, part.end)]


def _before_line_break(text: str, at: int, floor: int) -> int:
    """The line break before a boundary line belongs to the boundary."""
    if at > floor and text[at - 1] == "\n":
        at -= 1
        if at > floor and text[at - 1] == "\r":
            at -= 1
    return at


# -- the document ---------------------------------------------------------------------------


def _document(text: str, root: _Part, latin1: bool) -> Document:
    leaves = root.leaves()
    readable = [p for p in leaves if not p.attachment and p.headers.get_content_maintype() == "text"]
    body = next((p for p in readable if p.headers.get_content_subtype() == "plain"), None)
    body = body or next((p for p in readable if p.headers.get_content_subtype() == "html"), None)
    skipped = _structure(root, body)
    notices: list[str] = []
    if body is None:
        notices.append("no text/plain or text/html part: nothing to lint")
        return Document(text, (), kind="reply", channel="email", skipped=tuple(skipped), notices=tuple(notices))
    decoded, offsets = _decode(text, body, latin1, notices)
    if body.headers.get_content_subtype() == "html":
        inner = _html_document(decoded, offsets, text, notices)
    else:
        inner = _composed(text_document(decoded, kind="reply", channel="email"), offsets)
    if inner is None:
        return Document(text, (), kind="reply", channel="email", skipped=tuple(skipped), notices=tuple(notices))
    lines = LineIndex(text)
    directives = tuple(
        dataclasses.replace(d, line=lines.line_col(d.start)[0], end_line=lines.line_col(max(d.start, d.end - 1))[0])
        for d in inner.directives
    )
    return Document(
        text=text, segments=inner.segments, kind="reply", channel="email",
        skipped=tuple(sorted(skipped + list(inner.skipped), key=lambda r: (r.start, r.end))),
        placeholders=inner.placeholders, directives=directives, notices=tuple(notices),
    )


def _structure(root: _Part, body: _Part | None) -> list[Region]:
    """Headers and boundaries of every entity, and every leaf but the body."""
    out: list[Region] = []
    stack = [root]
    while stack:
        part = stack.pop()
        if part.header_end > part.start:
            out.append(Region(part.start, part.body_start, "header"))
        out += [Region(a, b, "markup") for a, b in part.markup if b > a]
        stack.extend(part.parts)
        if not part.parts and part is not body and part.end > part.body_start and not part.markup:
            alternative = body is not None and not part.attachment and part.headers.get_content_maintype() == "text"
            out.append(Region(part.body_start, part.end, "alternative" if alternative else "attachment"))
    return out


def _composed(inner: Document, offsets: OffsetMap) -> Document:
    """``inner`` (a document over the decoded body) with every offset taken to the file."""
    segments = tuple(Segment(s.text, s.offsets.compose(offsets), s.kind, s.masks) for s in inner.segments)
    return dataclasses.replace(
        inner, segments=segments,
        skipped=tuple(Region(offsets.start(r.start), offsets.end(r.end), r.reason) for r in inner.skipped),
        placeholders=tuple(
            dataclasses.replace(p, start=offsets.start(p.start), end=offsets.end(p.end)) for p in inner.placeholders
        ),
        directives=tuple(
            dataclasses.replace(d, start=offsets.start(d.start), end=offsets.end(d.end)) for d in inner.directives
        ),
    )


def _html_document(html: str, offsets: OffsetMap, original: str, notices: list[str]) -> Document | None:
    """The HTML body through the HTML reader, its offsets taken to the file (None, with a
    notice, when that reader is not available)."""
    module = importlib.import_module(_HTML_READER) if importlib.util.find_spec(_HTML_READER) else None
    html_document = getattr(module, "html_document", None)
    if html_document is None:
        notices.append("the HTML body was not read: the HTML reader is not available")
        return None
    document = html_document(html, "reply", "email", base=offsets, original=original)
    notices.extend(document.notices)
    return _email_blocks(document)


def _email_blocks(document: Document) -> Document:
    """An HTML email's greeting, sign-off and disclaimer, which the HTML reader reads as
    paragraphs: the first paragraph when it greets, a last paragraph that is a sign-off
    line, and paragraphs that read as a legal disclaimer (then skipped too)."""
    segments = list(document.segments)
    writer = [i for i, s in enumerate(segments) if s.kind == PARAGRAPH]
    disclaimers = [i for i in writer if is_disclaimer(segments[i].text)]
    kinds = {i: DISCLAIMER for i in disclaimers}
    writer = [i for i in writer if i not in kinds]
    if writer and GREETING_LINE.match(segments[writer[0]].text):
        kinds[writer[0]] = GREETING
    if len(writer) > 1 and SIGN_OFF_LINE.fullmatch(segments[writer[-1]].text):
        kinds[writer[-1]] = SIGN_OFF
    for i, kind in kinds.items():
        segments[i] = dataclasses.replace(segments[i], kind=kind)
    skipped = [*document.skipped, *(Region(segments[i].start, segments[i].end, "disclaimer") for i in disclaimers)]
    return dataclasses.replace(document, segments=tuple(segments), skipped=tuple(skipped))


# -- decoding a part ------------------------------------------------------------------------


def _decode(text: str, part: _Part, latin1: bool, notices: list[str]) -> tuple[str, OffsetMap]:
    """The decoded text of ``part`` and its offset map to the file."""
    start, end = part.body_start, part.end
    encoding = str(part.headers.get("content-transfer-encoding", "7bit")).strip().lower()
    charset = _charset(part.headers.get_content_charset() or "us-ascii", notices)
    out = TextBuilder()
    exact = _ASCII_SAFE.fullmatch(charset) is not None
    if encoding == "quoted-printable" and exact:
        _quoted_printable(text, start, end, charset, latin1, out)
    elif encoding in ("7bit", "8bit", "binary", "") and exact:
        _raw(text, start, end, charset, latin1, out)
    else:
        part.headers.set_payload(text[start:end])
        payload = part.headers.get_payload(decode=True)
        raw = payload if isinstance(payload, bytes) else text[start:end].encode("latin-1", "replace")
        out.replace(raw.decode(charset, "replace"), start, end, exact=False)
        line = LineIndex(text).line_col(start)[0]
        what = encoding if exact else charset
        notices.append(f"offsets in the {what} text part (line {line}) point at the part's start: it cannot be mapped exactly")
    return out.build()


def _charset(name: str, notices: list[str]) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        notices.append(f"unknown charset {name!r}: read as UTF-8")
        return "utf-8"


def _raw(text: str, start: int, end: int, charset: str, latin1: bool, out: TextBuilder) -> None:
    """Unencoded text: verbatim, except that in a file read as latin-1 each run of non-ASCII
    bytes is decoded with the part's charset (and stands for its bytes as a whole)."""
    if not latin1 or charset in ("latin-1", "iso8859-1"):
        out.copy(text[start:end], start)
        return
    pos = start
    for m in _NON_ASCII.finditer(text, start, end):
        out.copy(text[pos:m.start()], pos)
        out.replace(m.group().encode("latin-1").decode(charset, "replace"), m.start(), m.end())
        pos = m.end()
    out.copy(text[pos:end], pos)


def _quoted_printable(text: str, start: int, end: int, charset: str, latin1: bool, out: TextBuilder) -> None:
    """Quoted-printable: each run of ``=XX`` codes stands for the characters it decodes to,
    soft line breaks are dropped, everything else is copied."""
    pos = start
    for m in _QP_RUN.finditer(text, start, end):
        _raw(text, pos, m.start(), charset, latin1, out)
        data = bytes(int(h, 16) for h in _QP_BYTE.findall(m.group()))
        out.replace(data.decode(charset, "replace"), m.start(), m.end())
        pos = m.end()
    _raw(text, pos, end, charset, latin1, out)
