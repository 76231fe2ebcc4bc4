"""HTML reader: the visible text of an HTML article or email body, one segment per block.

The tree comes from selectolax (lexbor, an HTML5 parser), which does not give source
offsets. So the raw HTML is also scanned here for its character data, outside tags,
comments and raw-text elements (``script``, ``style``, ...), entities decoded with an exact
map back; the tree's text nodes are then matched against that stream in order. A text node
that cannot be placed (the parser moved it) is left out, with a notice: never a guess.

Not linted: ``script``, ``style``, ``template``, ``noscript``, ``head``, ``svg``, hidden
elements (``hidden``, ``aria-hidden="true"``, ``display:none``), ``pre``. Inline ``code``
reads as one neutral masked word; ``kbd``, ``button``, UI-label classes and (in articles)
short ``b``/``strong`` runs are kept but masked as ``ui_label``. Email quote blocks (Gmail,
Outlook, Thunderbird) are quoted-reply segments, signatures signature segments.
"""
from __future__ import annotations

import bisect
import dataclasses
import html as html_lib
import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from commlint.document.lines import LineIndex
from commlint.document.model import (
    BLOCK_QUOTE, CAPTION, GREETING, HEADING, LIST_ITEM, PARAGRAPH, QUOTED_REPLY, SIGN_OFF, SIGNATURE, TABLE_CELL,
    WRITER_BLOCKS, Directive, Document, Mask, Placeholder, Region, Segment,
)
from commlint.document.offsets import OffsetMap, Piece, TextBuilder
from commlint.errors import InputError
from commlint.sources.decode import decode_text
from commlint.sources.directives import directive
from commlint.sources.markup_align import Emitter, Override, Overrides, SpanIndex
from commlint.sources.placeholders import find_placeholders
from commlint.sources.plain import GREETING_LINE
from commlint.sources.prose import ProseBuilder
from commlint.sources.thread import SIGN_OFF_LINE

#: elements whose content the HTML tokenizer reads as raw text (no tags, no character data)
RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"})
#: elements whose text is not linted, and why
_SKIP = {
    "script": "code", "style": "markup", "template": "markup", "noscript": "markup", "head": "markup",
    "svg": "image", "math": "markup", "canvas": "image", "object": "markup", "embed": "markup", "audio": "markup",
    "video": "markup", "select": "markup", "datalist": "markup", "textarea": "markup", "title": "markup",
    "iframe": "markup", "noembed": "markup", "noframes": "markup", "xmp": "code", "pre": "code", "map": "markup",
}
_INLINE_CODE = frozenset({"code", "samp", "tt"})
_LABEL_TAGS = frozenset({"kbd", "button"})
_LABEL_CLASSES = frozenset({"uicontrol", "ui", "guilabel", "menuselection", "ui-label", "ui-control", "uilabel", "wintitle"})
_BOLD = frozenset({"b", "strong"})
_BLOCK_KINDS = {
    **{f"h{i}": HEADING for i in range(1, 7)}, "summary": HEADING, "li": LIST_ITEM, "dt": LIST_ITEM, "dd": LIST_ITEM,
    "td": TABLE_CELL, "th": TABLE_CELL, "blockquote": BLOCK_QUOTE, "figcaption": CAPTION, "caption": CAPTION,
}
_BLOCKS = frozenset(_BLOCK_KINDS) | frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "form", "fieldset", "legend",
    "details", "table", "tr", "thead", "tbody", "tfoot", "ul", "ol", "dl", "hr", "address", "figure", "center",
    "hgroup", "body", "html", "menu", "option", "optgroup",
})
#: words in a bold run that still reads as an on-screen label ("Select **Clear Sync Cache**")
LABEL_WORDS = 6

_MARKUP = re.compile(
    r"<!--->|<!-->|<!--(?P<body>.*?)(?:-->|--!>|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<[!?][^>]*(?:>|\Z)"
    r"|</[A-Za-z][^>]*(?:>|\Z)"
    r"|<(?P<open>[A-Za-z][^\t\n\f\r />]*)(?:\"[^\"]*(?:\"|\Z)|'[^']*(?:'|\Z)|[^>\"'])*(?:>|\Z)",
    re.S,
)
_SPECIAL = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)|\r\n?|\x00")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_URL_ATTRIBUTE = re.compile(r"""\b(?:href|src|action|srcset|cite|background)\s*=\s*["']?[^"'\s>]*$""", re.I)
#: bounded inside one tag, so a text full of "<" stays linear
_REST_QUOTED = re.compile(r"""<[^<>]{0,500}?\bid\s*=\s*["']?(?:appendonsend|divRplyFwdMsg)\b""", re.I)
_ATTRIBUTE_LOOKBACK = 512  #: how far before a placeholder its attribute's name is looked for
_QUOTE_IDS = frozenset({"appendonsend", "divrplyfwdmsg"})
_QUOTE_CLASSES = frozenset({"gmail_quote", "gmail_quote_container", "moz-cite-prefix", "yahoo_quoted", "protonmail_quote"})
_SIGNATURE_CLASSES = frozenset({"gmail_signature", "moz-signature"})
_WINDOW = 65536  #: how far ahead a text node is looked for once the stream and the tree disagree
_WHITE = re.compile(r"[ \t\n\f]*")
_THREAD_KINDS = {"quoted reply": QUOTED_REPLY, "signature": SIGNATURE}


@dataclasses.dataclass
class RawScan:
    """The character data of ``source[lo:hi]`` in order (``text``, mapped by ``offsets``),
    and where the tags, comments and raw-text element contents are."""

    text: str
    offsets: OffsetMap
    tags: list[tuple[int, int]]
    comments: list[tuple[int, int, int, int]]  #: comment start, end, body start, body end
    raw: list[tuple[int, int, str]]  #: raw-text content spans and their element


def scan(source: str, lo: int, hi: int) -> RawScan:
    """Tokenize ``source[lo:hi]`` as far as telling character data from markup goes."""
    builder = TextBuilder()
    tags: list[tuple[int, int]] = []
    comments: list[tuple[int, int, int, int]] = []
    raw: list[tuple[int, int, str]] = []
    pos = lo
    while pos < hi:
        m = _MARKUP.search(source, pos, hi)
        if m is None:
            _decode(source, pos, hi, builder)
            break
        _decode(source, pos, m.start(), builder)
        pos = m.end()
        if m.group().startswith("<!--"):
            body = m.span("body") if m.group("body") is not None else (m.start() + 4, m.start() + 4)
            comments.append((m.start(), m.end(), *body))
            continue
        tags.append((m.start(), m.end()))
        name = (m.group("open") or "").lower()
        if name in RAW_TEXT:
            close = re.compile(rf"</{name}[\t\n\f\r />]", re.I).search(source, pos, hi)
            end = close.start() if close else hi
            raw.append((pos, end, name))
            pos = end
    text, offsets = builder.build()
    return RawScan(text, offsets, tags, comments, raw)


def _decode(source: str, start: int, end: int, builder: TextBuilder) -> None:
    pos = start
    for m in _SPECIAL.finditer(source, start, end):
        builder.copy(source[pos:m.start()], pos)
        piece = m.group()
        decoded = "\n" if piece[0] == "\r" else "" if piece == "\x00" else html_lib.unescape(piece)
        if decoded == piece:
            builder.copy(piece, m.start())
        else:
            builder.replace(decoded, m.start(), m.end())
        pos = m.end()
    builder.copy(source[pos:end], pos)


@dataclasses.dataclass
class HtmlParts:
    """What an HTML span holds, in offsets of the text it was read from."""

    segments: list[Segment]
    skipped: list[Region]
    placeholders: list[Placeholder]
    directives: list[Directive]
    notices: list[str]
    meta: dict[str, Any]


@dataclasses.dataclass(frozen=True)
class _Context:
    kind: str = PARAGRAPH
    skip: str | None = None  #: why text here is not linted
    raw: bool = False  #: inside a raw-text element: its text is not in the character stream
    mask: str | None = None  #: code or ui_label
    thread: str | None = None  #: quoted reply or signature
    bold: bool = False  #: inside b or strong (a bold run's words are counted once, at the outermost)


class _Walker:
    """Walks the tree in document order, matching text nodes to the character stream."""

    def __init__(self, source: str, raw: RawScan, overrides: Overrides, article: bool) -> None:
        self.source = source
        self.raw = raw
        self.overrides = overrides
        self.article = article
        self.cursor = 0
        self.last = raw.offsets.start(0) if raw.text else 0  #: source offset after the last text placed
        self.segments: list[Segment] = []
        self.skipped: list[Region] = []
        self.code_spans: list[tuple[int, int]] = []
        self.unplaced = 0
        self.rest_quoted: str | None = None
        self._spans: list[list[int]] = []  #: source spans of the open elements whose extent is recorded
        self._seg_starts = [p.seg for p in raw.offsets.pieces]
        self._new_block()

    def _new_block(self) -> None:
        self.builder = ProseBuilder(self.source)
        self.emitter = Emitter(self.builder, self.overrides, collapse=True)
        self.kind: str | None = None

    def flush(self) -> None:
        if self.kind is not None:
            segment = self.builder.build(self.kind)
            if segment is not None:
                self.segments.append(segment)
        self._new_block()

    def walk(self, root: LexborNode) -> None:
        stack: list[tuple[LexborNode | None, _Context, Any]] = [(root, _Context(), None)]
        while stack:
            node, ctx, done = stack.pop()
            if node is None:
                self._leave(*done)
                continue
            tag = node.tag or ""
            if tag == "-text":
                self._text(node.text_content or "", ctx)
                continue
            if tag.startswith("-") and tag != "-document":
                continue
            inner, span = self._enter(node, tag.lower(), ctx)
            if span is not None:
                self._spans.append(span)
            stack.append((None, ctx, (tag.lower(), inner, ctx, span)))
            children = []
            child = node.first_child
            while child is not None:
                children.append(child)
                child = child.next
            stack.extend((c, inner, None) for c in reversed(children))

    def _enter(self, node: LexborNode, tag: str, ctx: _Context) -> tuple[_Context, list[int] | None]:
        attrs = node.attributes
        classes = set((attrs.get("class") or "").split())
        element_id = (attrs.get("id") or "").lower()
        if element_id in _QUOTE_IDS and self.rest_quoted is None:
            self.flush()
            self.rest_quoted = "quoted reply"
        thread = ctx.thread or self.rest_quoted
        if thread is None:
            if classes & _QUOTE_CLASSES or (tag == "blockquote" and (attrs.get("type") or "").lower() == "cite"):
                thread = "quoted reply"
            elif classes & _SIGNATURE_CLASSES or element_id == "signature":
                thread = "signature"
        skip = ctx.skip
        if skip is None:
            if tag in _SKIP:
                skip = _SKIP[tag]
            elif "hidden" in attrs or (attrs.get("aria-hidden") or "").lower() == "true" or \
                    _HIDDEN_STYLE.search(attrs.get("style") or ""):
                skip = "hidden"
        mask = ctx.mask
        if mask is None and skip is None:
            if tag in _INLINE_CODE:
                mask = "code"
            elif tag in _LABEL_TAGS or classes & _LABEL_CLASSES or (
                self.article and tag in _BOLD and not ctx.bold and _label_like(node.text(deep=True))
            ):
                mask = "ui_label"
        kind = _BLOCK_KINDS.get(tag, ctx.kind)
        if tag == "br":
            if skip is None:
                self.emitter.insert("\n", self.last)
        elif tag in _BLOCKS or thread != ctx.thread:
            self.flush()
        inner = _Context(kind, skip, ctx.raw or tag in RAW_TEXT, mask, thread, ctx.bold or tag in _BOLD)
        tracked = skip != ctx.skip or thread != ctx.thread or (mask == "code" and ctx.mask != "code")
        return inner, ([-1, -1] if tracked else None)

    def _leave(self, tag: str, inner: _Context, outer: _Context, span: list[int] | None) -> None:
        if span is not None and span[0] >= 0:
            if inner.mask == "code" and outer.mask != "code" and inner.skip is None:
                self.emitter.code(span[0], span[1])
                self.kind = self.kind or (_THREAD_KINDS.get(inner.thread or "") or inner.kind)
                self.code_spans.append((span[0], span[1]))
                self.skipped.append(Region(span[0], span[1], "code"))
            if inner.skip is not None and inner.skip != outer.skip:
                self.skipped.append(Region(span[0], span[1], inner.skip))
                if inner.skip == "code":
                    self.code_spans.append((span[0], span[1]))
            if inner.thread is not None and inner.thread != outer.thread and inner.thread != self.rest_quoted:
                self.skipped.append(Region(span[0], span[1], inner.thread))
        if tag in _BLOCKS or inner.thread != outer.thread:
            self.flush()
        if span is not None:
            self._spans.pop()

    def _text(self, text: str, ctx: _Context) -> None:
        if ctx.raw or not text:
            return
        at = self._locate(text)
        if at < 0:
            if not text.isspace():
                self.unplaced += 1
            elif ctx.skip is None and ctx.mask is None:
                self.emitter.insert(" ", self.last)
            return
        pieces = self._pieces(at, at + len(text))
        if not pieces:
            return
        start, end = pieces[0].src, pieces[-1].src_end
        self.last = end
        if not text.isspace():
            for span in self._spans:
                span[0] = start if span[0] < 0 else span[0]
                span[1] = end
        if ctx.skip is not None or ctx.mask == "code":
            return
        if self.kind is None:
            self.kind = _THREAD_KINDS.get(ctx.thread or "") or ctx.kind
        label = ctx.mask == "ui_label"
        for piece in pieces:
            if piece.verbatim:
                self.emitter.prose(piece.src, piece.src_end, label)
            else:
                chunk = self.raw.text[piece.seg:piece.seg + piece.length]
                self.emitter.replaced(chunk, piece.src, piece.src_end, "ui_label" if label else None)

    def _pieces(self, lo: int, hi: int) -> list[Piece]:
        """The stream's pieces over ``lo:hi`` (stream offsets), verbatim ones clipped."""
        pieces = self.raw.offsets.pieces
        out = []
        i = max(0, bisect.bisect_right(self._seg_starts, lo) - 1)
        while i < len(pieces) and pieces[i].seg < hi:
            p = pieces[i]
            a, b = max(p.seg, lo), min(p.seg + p.length, hi)
            if b > a:
                out.append(Piece(a, b - a, p.src + a - p.seg, p.src + b - p.seg, verbatim=True) if p.verbatim else p)
            i += 1
        return out

    def _locate(self, text: str) -> int:
        """Where ``text`` sits in the character stream, from the cursor on; -1 if nowhere."""
        stream, cur = self.raw.text, self.cursor
        if not stream.startswith(text, cur):
            after = _WHITE.match(stream, cur).end()
            if stream.startswith(text, after):
                cur = after
            elif text.isspace():
                return -1
            else:
                cur = stream.find(text, cur, cur + len(text) + _WINDOW)
                if cur < 0:
                    return -1
        self.cursor = cur + len(text)
        return cur


def _label_like(text: str) -> bool:
    """A bold run that reads as an on-screen label: at most ``LABEL_WORDS`` words, starting
    with a capital or a digit (a bold lowercase word is emphasis)."""
    first = next((ch for ch in text if ch.isalnum()), "")
    return 0 < len(text.split()) <= LABEL_WORDS and (first.isupper() or first.isdigit())


def html_parts(source: str, lo: int = 0, hi: int | None = None, kind: str = "article",
               lines: LineIndex | None = None) -> HtmlParts:
    """Segments, skipped regions, placeholders and directives of the HTML in
    ``source[lo:hi]``, in offsets of ``source`` (the Markdown reader passes an HTML block)."""
    hi = len(source) if hi is None else hi
    lines = lines or LineIndex(source)
    raw = scan(source, lo, hi)
    found = find_placeholders(source, lo, hi)
    in_text = [p for p in found if not p.problem and _where(p, source, raw) == "prose"]
    overrides = Overrides([Override(p.start, p.end, "placeholder", p) for p in in_text])
    tree = LexborHTMLParser(source[lo:hi])
    walker = _Walker(source, raw, overrides, article=kind == "article")
    walker.walk(tree.root)
    walker.flush()
    skipped = walker.skipped
    skipped += [Region(a, b, "html comment") for a, b, _, _ in raw.comments]
    skipped += [Region(a, b, "code" if name == "script" else "markup") for a, b, name in raw.raw if b > a]
    skipped += [Region(a, b, "image") for a, b in raw.tags if source[a:a + 5].lower() in ("<img ", "<img>", "<img/")]
    rest = _REST_QUOTED.search(source, lo, hi)
    if rest is not None:
        skipped.append(Region(rest.start(), hi, "quoted reply"))
    directives = [
        d for a, b, ba, bb in raw.comments if (d := directive(source[ba:bb], a, b, lines)) is not None
    ]
    placeholders = []
    code = SpanIndex(walker.code_spans)
    for p in found:
        where = _where(p, source, raw)
        if where == "prose" and code.touches(p.start, p.end):
            where = "code"
        if where is not None:
            placeholders.append(p if p.where == where or p.where != "prose" else dataclasses.replace(p, where=where))
    skipped += [
        Region(p.start, p.end, "liquid tag" if p.tag else "placeholder") for p in placeholders
        if p.where == "prose" and not p.problem
    ]
    notices = [f"{walker.unplaced} HTML text node(s) could not be placed in the source and were not linted"] \
        if walker.unplaced else []
    return HtmlParts(walker.segments, skipped, placeholders, directives, notices, _meta(tree))


def _where(ph: Placeholder, source: str, raw: RawScan) -> str | None:
    """``prose`` (character data), ``url`` (a URL attribute), ``code`` (other markup, script,
    style) or None (inside a comment: not part of the page)."""
    if ph.where != "prose":
        return ph.where
    if _inside(raw.comments, ph.start) is not None:
        return None
    tag = _inside(raw.tags, ph.start)
    if tag is not None:
        return "url" if _URL_ATTRIBUTE.search(source, max(tag[0], ph.start - _ATTRIBUTE_LOOKBACK), ph.start) else "code"
    return "code" if _inside(raw.raw, ph.start) is not None else "prose"


def _inside(spans: list, offset: int) -> tuple | None:
    """The span of sorted, non-overlapping ``spans`` that holds ``offset``."""
    i = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return spans[i] if i >= 0 and spans[i][0] <= offset < spans[i][1] else None


def _meta(tree: LexborHTMLParser) -> dict[str, Any]:
    """The page's title and declared audience, from ``<title>``/``<h1>`` and ``<meta>``."""
    meta: dict[str, Any] = {}
    title = tree.css_first("title") or tree.css_first("h1")
    if title is not None and title.text(deep=True).strip():
        meta["title"] = " ".join(title.text(deep=True).split())
    for node in tree.css("meta[name]"):
        if (node.attributes.get("name") or "").lower() in ("audience", "ms.audience"):
            meta["audience"] = node.attributes.get("content") or ""
    return meta


def html_document(text: str, kind: str = "article", channel: str = "kb", base: OffsetMap | None = None,
                  original: str | None = None) -> Document:
    """The document of an HTML text. With ``base`` (a map from ``text`` to ``original``, as
    for a decoded MIME part), every offset is composed through it, and the document's text
    is ``original``."""
    parts = html_parts(text, 0, len(text), kind)
    if kind != "article":
        parts.segments = courtesy_blocks(parts.segments)
    audience = audience_of(parts.meta.get("audience"))
    if base is None or original is None:
        return _document(text, parts, kind, channel, audience)
    lines = LineIndex(original)
    segments = [Segment(s.text, s.offsets.compose(base), s.kind, s.masks) for s in parts.segments]

    def span(start: int, end: int) -> tuple[int, int]:
        return base.start(start), max(base.start(start), base.end(end))

    rebased = HtmlParts(
        segments,
        [Region(*span(r.start, r.end), r.reason) for r in parts.skipped],
        [dataclasses.replace(p, start=span(p.start, p.end)[0], end=span(p.start, p.end)[1]) for p in parts.placeholders],
        [
            Directive(a, b, d.text, lines.line_col(a)[0], lines.line_col(max(a, b - 1))[0])
            for d in parts.directives for a, b in [span(d.start, d.end)]
        ],
        parts.notices,
        parts.meta,
    )
    return _document(original, rebased, kind, channel, audience)


def courtesy_blocks(segments: list[Segment]) -> list[Segment]:
    """A reply's first block as its greeting ("Hi Dana,") and its closing line as its
    sign-off, joined with a name on the next block ("Best," / "Sam") as a plain-text
    sign-off block is."""
    writer = [i for i, s in enumerate(segments) if s.kind in WRITER_BLOCKS]
    if not writer:
        return segments
    out = list(segments)
    first = out[writer[0]]
    if GREETING_LINE.match(first.text) and "\n" not in first.text.strip():
        out[writer[0]] = dataclasses.replace(first, kind=GREETING)
    last = out[writer[-1]]
    if len(writer) > 1 and SIGN_OFF_LINE.fullmatch(out[writer[-2]].text) and len(last.text.split()) <= 4 \
            and not last.text.rstrip().endswith((".", "?", "!")):
        out[writer[-2]] = _joined(out[writer[-2]], last, SIGN_OFF)
        del out[writer[-1]]
    elif len(writer) > 1 and SIGN_OFF_LINE.fullmatch(last.text):
        out[writer[-1]] = dataclasses.replace(last, kind=SIGN_OFF)
    return out


def _joined(a: Segment, b: Segment, kind: str) -> Segment:
    """One segment of two blocks, a line break between them."""
    shift = len(a.text) + 1
    pieces = [*a.offsets.pieces, Piece(len(a.text), 1, a.end, a.end)]
    pieces += [dataclasses.replace(p, seg=p.seg + shift) for p in b.offsets.pieces]
    masks = a.masks + tuple(Mask(m.start + shift, m.end + shift, m.kind) for m in b.masks)
    return Segment(a.text + "\n" + b.text, OffsetMap(pieces, shift + len(b.text)), kind, masks)


def _document(text: str, parts: HtmlParts, kind: str, channel: str, audience: str | None) -> Document:
    return Document(
        text=text,
        segments=tuple(sorted(parts.segments, key=lambda s: s.start)),
        kind=kind,
        channel=channel,
        audience=audience,
        skipped=tuple(sorted(parts.skipped, key=lambda r: (r.start, r.end))),
        placeholders=tuple(sorted(parts.placeholders, key=lambda p: p.start)),
        directives=tuple(parts.directives),
        notices=tuple(parts.notices),
        meta=dict(parts.meta),
    )


_TECHNICAL = re.compile(r"it\s*-?\s*pro|admin|developer|dev\b|technical|engineer|professional", re.I)
_CUSTOMER = re.compile(r"end[\s-]*user|consumer|customer|home|student", re.I)


def audience_of(declared: Any) -> str | None:
    """``technical`` or ``customer`` from a declared audience (``ITPro``, ``Admin``,
    ``[Developer]``, ``end-user``); None when it says neither."""
    if declared is None:
        return None
    words = " ".join(map(str, declared)) if isinstance(declared, (list, tuple)) else str(declared)
    if _TECHNICAL.search(words):
        return "technical"
    return "customer" if _CUSTOMER.search(words) else None


def read_html(data: bytes, name: str) -> list[Document]:
    """The one document of an HTML article."""
    text = decode_text(data, name)
    try:
        return [html_document(text, "article", "kb")]
    except RecursionError:
        raise InputError(name, "HTML nested too deeply to read") from None
