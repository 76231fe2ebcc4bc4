"""Markdown reader: a KB article as headings, paragraphs, list items, table cells and block
quotes, parsed by markdown-it-py (CommonMark, GFM tables and strikethrough, front matter).

markdown-it gives each block its lines but no character offsets inside them, so each
inline token's content is located line by line in the source (``ContentMap``), and its
children are aligned against that content from a cursor: text is copied verbatim, escapes
and entities are replaced pieces, code spans are one masked word, link targets, images and
HTML tags are cut out. When a child cannot be aligned, the rest of the block becomes one
exact-but-opaque piece over the smallest span known to hold it.

Not linted, listed in ``Document.skipped``: code blocks and spans, front matter, HTML
comments (``<!-- commlint: ... -->`` ones are directives), images, link targets and URLs,
Liquid/Jekyll tags and kramdown attribute lists, HTML, and the Microsoft Learn dialect
(``[!NOTE]`` alert markers, ``[!INCLUDE ...]``, ``:::image ...:::`` and other ``:::`` lines).
Bold runs of at most six words are on-screen labels ("Select **Clear Sync Cache**"): kept
verbatim but masked, like ``<kbd>``.
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline, image, link
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from commlint.document.lines import LineIndex
from commlint.document.model import (
    BLOCK_QUOTE, HEADING, LIST_ITEM, PARAGRAPH, TABLE_CELL, Directive, Document, Placeholder, Region, Segment,
)
from commlint.errors import InputError
from commlint.sources.decode import decode_text
from commlint.sources.directives import directive
from commlint.sources.html import LABEL_WORDS, audience_of, html_parts
from commlint.sources.markup_align import ContentMap, Emitter, Override, Overrides, SpanIndex
from commlint.sources.placeholders import find_placeholders
from commlint.sources.prose import URL, ProseBuilder

_BREAK = re.compile(r"\r\n|\r|\n")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
#: kramdown attribute lists and extensions (``{: .note}``, ``{::options ... /}``) and heading
#: attributes (``{#why-buy}``, ``{.lead}``)
_IAL = re.compile(r"\{:[^{}\n]*\}|\{[#.][A-Za-z][\w.:-]*(?:\s[^{}\n]*)?\}")
#: the Microsoft Learn dialect, matched on an inline's content
_DOCS = re.compile(
    r"(?im)^[ \t]*\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*"
    r"|\[!INCLUDE\s*\[[^\]\n]*\]\([^)\n]*\)\s*\]"
    r"|\[!(?:div|VIDEO|INCLUDE|row|column)\b[^\]\n]*\]"
    r"|^[ \t]*:::image\b[^\n]*?type\s*=\s*\"complex\"(?s:.*?):::image-end:::"
    r"|^[ \t]*:::.*$"
)
_REFERENCE = re.compile(r"[ \t]{0,3}\[[^\]]+\]:")
_INLINE_HTML_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9]*)")
_URL_ATTRIBUTE = re.compile(r"""\b(?:href|src)\s*=\s*["']?[^"'\s>]*$""", re.I)
_EMPHASIS = frozenset({"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"})


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).use(front_matter_plugin)
    # keep escapes, entities and delimiter runs as separate children: each is aligned alone
    md.core.ruler.disable("text_join")
    md.inline.ruler2.disable("fragments_join")
    return md


_MD = _parser()


def read_markdown(data: bytes, name: str) -> list[Document]:
    """The one document of a Markdown article."""
    text = decode_text(data, name)
    try:
        return [markdown_document(text)]
    except RecursionError:
        raise InputError(name, "Markdown nested too deeply to read") from None


def markdown_document(text: str, kind: str = "article", channel: str = "kb") -> Document:
    """The document of a Markdown text."""
    return _Reader(text).read(kind, channel)


@dataclasses.dataclass
class _Atom:
    """One aligned child of an inline token, in content offsets."""

    kind: str  #: text, special, break, code, skip, url, html, opaque
    start: int
    end: int
    text: str = ""  #: decoded text (special), the tag (html), rendered text (opaque)
    reason: str = ""  #: why a skip atom is not linted
    label: bool = False  #: inside a short bold run: an on-screen label


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = LineIndex(text)
        starts = [0] + [m.end() for m in _BREAK.finditer(text)]
        ends = [m.start() for m in _BREAK.finditer(text)] + [len(text)]
        self.spans = list(zip(starts, ends))
        self.segments: list[Segment] = []
        self.skipped: list[Region] = []
        self.directives: list[Directive] = []
        self.notices: list[str] = []
        self.meta: dict[str, Any] = {}
        self.audience: str | None = None
        self.found = find_placeholders(text)
        self._found_starts = [p.start for p in self.found]
        self.where: dict[int, str | None] = {}  #: placeholder start -> where it sits (None: not listed)
        self.env: dict[str, Any] = {}
        self._row: tuple[int, int] = (-1, 0)  #: the table row line and how far its cells are read

    # -- blocks ---------------------------------------------------------------------------

    def read(self, kind: str, channel: str) -> Document:
        tokens = _MD.parse(self.text, self.env)
        containers: list[str] = []
        cell = heading = False
        covered: list[tuple[int, int]] = []
        for tok in tokens:
            if tok.level == 0 and tok.map:
                covered.append((tok.map[0], tok.map[1]))
            t = tok.type
            if t == "front_matter":
                self._front_matter(tok)
            elif t in ("blockquote_open", "list_item_open"):
                containers.append(BLOCK_QUOTE if t == "blockquote_open" else LIST_ITEM)
            elif t in ("blockquote_close", "list_item_close"):
                containers.pop() if containers else None
            elif t in ("th_open", "td_open", "th_close", "td_close"):
                cell = t.endswith("open")
            elif t in ("heading_open", "heading_close"):
                heading = t == "heading_open"
            elif t == "inline" and tok.map:
                block = HEADING if heading else TABLE_CELL if cell else containers[-1] if containers else PARAGRAPH
                self._inline(tok, block, cell)
            elif t in ("fence", "code_block") and tok.map:
                self._region(tok.map, "code")
            elif t == "html_block" and tok.map:
                self._html_block(tok, nested=bool(containers))
            elif t == "table_open" and tok.map:
                self._region((tok.map[0] + 1, tok.map[0] + 2), "table markup")
        self._gaps(covered)
        placeholders = self._placeholders()
        return Document(
            text=self.text,
            segments=tuple(sorted(self.segments, key=lambda s: s.start)),
            kind=kind,
            channel=channel,
            audience=self.audience,
            skipped=tuple(sorted(set(self.skipped), key=lambda r: (r.start, r.end, r.reason))),
            placeholders=placeholders,
            directives=tuple(sorted(self.directives, key=lambda d: d.start)),
            notices=tuple(self.notices),
            meta=self.meta,
        )

    def _line_span(self, first: int, last: int) -> tuple[int, int]:
        """Source span of lines ``first`` to ``last - 1`` (0-based, clamped)."""
        n = len(self.spans)
        a = self.spans[min(max(first, 0), n - 1)][0]
        b = self.spans[min(max(last - 1, first, 0), n - 1)][1]
        return a, max(a, b)

    def _region(self, line_map, reason: str) -> None:
        a, b = self._line_span(line_map[0], line_map[1])
        if b > a:
            self.skipped.append(Region(a, b, reason))

    def _front_matter(self, tok: Token) -> None:
        self._region(tok.map, "front matter")
        a, b = self._line_span(tok.map[0], tok.map[1])
        for p in self._placeholders_in(a, b):
            self.where[p.start] = None
        try:
            data = yaml.safe_load(tok.content)
        except yaml.YAMLError:
            self.notices.append("the front matter is not valid YAML; it was skipped unread")
            return
        if not isinstance(data, dict):
            return
        if data.get("title") is not None:
            self.meta["title"] = str(data["title"])
        declared = [data[k] for k in ("audience", "ms.audience", "target_audience") if data.get(k) is not None]
        self.audience = audience_of(declared) if declared else None

    def _html_block(self, tok: Token, nested: bool) -> None:
        a, b = self._line_span(tok.map[0], tok.map[1])
        if nested or not self.text[a:b].strip().startswith("<"):
            self.skipped.append(Region(a, b, "markup"))
            for m in _COMMENT.finditer(self.text, a, b):
                self._comment(m.start(), m.end(), m.group(1))
            for p in self._placeholders_in(a, b):
                self.where[p.start] = "code"
            return
        parts = html_parts(self.text, a, b, "article", self.lines)
        self.segments += parts.segments
        self.skipped += parts.skipped
        self.directives += parts.directives
        self.notices += [n for n in parts.notices if n not in self.notices]
        listed = {p.start: p.where for p in parts.placeholders}
        for p in self._placeholders_in(a, b):
            self.where[p.start] = listed.get(p.start)
        if not parts.segments and not any(r.reason == "html comment" for r in parts.skipped):
            self.skipped.append(Region(a, b, "markup"))

    def _comment(self, start: int, end: int, body: str) -> None:
        self.skipped.append(Region(start, end, "html comment"))
        found = directive(body, start, end, self.lines)
        if found is not None:
            self.directives.append(found)

    def _gaps(self, covered: list[tuple[int, int]]) -> None:
        """Lines no block holds: link reference definitions (``[id]: https://...``)."""
        line = 0
        for first, last in sorted(covered) + [(len(self.spans), len(self.spans))]:
            for i in range(line, first):
                a, b = self.spans[i]
                if self.text[a:b].strip():
                    self.skipped.append(Region(a, b, "url" if _REFERENCE.match(self.text, a, b) else "markup"))
                    for p in self._placeholders_in(a, b):
                        self.where.setdefault(p.start, "url")
            line = max(line, last)

    def _placeholders_in(self, start: int, end: int) -> list[Placeholder]:
        i = bisect.bisect_left(self._found_starts, start)
        out = []
        while i < len(self.found) and self.found[i].start < end:
            out.append(self.found[i])
            i += 1
        return out

    def _placeholders(self) -> tuple[Placeholder, ...]:
        code = SpanIndex([(r.start, r.end) for r in self.skipped if r.reason == "code"])
        out = []
        for p in self.found:
            where = self.where.get(p.start, "code" if code.touches(p.start, p.start + 1) else "prose")
            if where is None:
                continue
            out.append(p if p.where != "prose" or where == "prose" else dataclasses.replace(p, where=where))
        return tuple(out)

    # -- inline ---------------------------------------------------------------------------

    def _content_map(self, tok: Token, table: bool) -> ContentMap:
        content, first = tok.content, tok.map[0]
        runs: list[tuple[int, int, int, int, bool]] = []
        c = 0
        parts = content.split("\n")
        for i, line in enumerate(parts):
            ls, le = self.spans[min(first + i, len(self.spans) - 1)]
            stripped = line.lstrip(" \t")
            lead = len(line) - len(stripped)
            if table:
                if self._row[0] != first + i:
                    self._row = (first + i, ls)
                runs += self._cell_runs(c, stripped, max(ls, self._row[1]), le)
            else:
                pos = self.text.rfind(stripped, ls, le) if stripped else le
                if pos < 0:
                    runs.append((c, len(line), ls, le, False))
                else:
                    if lead:
                        runs.append((c, lead, pos, pos, False))
                    if stripped:
                        runs.append((c + lead, len(stripped), pos, pos + len(stripped), True))
            c += len(line)
            if i < len(parts) - 1:
                nxt = self.spans[min(first + i + 1, len(self.spans) - 1)][0]
                runs.append((c, 1, le, max(le, nxt), False))
                c += 1
        return ContentMap(runs)

    def _cell_runs(self, c: int, cell: str, lo: int, hi: int) -> list[tuple[int, int, int, int, bool]]:
        """A table cell's content in its row: ``\\|`` in the source is ``|`` in the content."""
        escaped = cell.replace("|", "\\|")
        pos = self.text.find(escaped, lo, hi) if cell else lo
        if pos < 0:
            return [(c, len(cell), lo, hi, False)] if cell else []
        self._row = (self._row[0], pos + len(escaped))
        runs = []
        src = pos
        for k, part in enumerate(cell.split("|")):
            if k:
                runs.append((c, 1, src, src + 2, False))
                c, src = c + 1, src + 2
            if part:
                runs.append((c, len(part), src, src + len(part), True))
                c, src = c + len(part), src + len(part)
        return runs

    def _inline(self, tok: Token, block: str, table: bool) -> None:
        content = tok.content
        cmap = self._content_map(tok, table)
        atoms = _align(tok.children or [], content, self.env)
        lo, hi = cmap.source_span(0, len(content)) or (0, 0)
        hard, soft = self._overrides(content, cmap, lo, hi)
        spans = []  # source spans of the atoms that are not prose, in order
        for atom in atoms:
            if atom.kind in ("code", "skip", "url", "html"):
                span = cmap.source_span(atom.start, atom.end)
                if span is not None:
                    spans.append((span, atom))
        starts = [a for (a, _), _ in spans]
        soft = [o for o in soft if not self._covered(o, spans, starts)]
        builder = ProseBuilder(self.text)
        emitter = Emitter(builder, Overrides(hard + soft))
        self._emit(atoms, content, cmap, emitter)
        segment = builder.build(block)
        if segment is not None:
            self.segments.append(segment)
            for mask in segment.masks:
                if mask.kind == "url":
                    self.skipped.append(Region(segment.to_source(mask.start), segment.end_to_source(mask.end), "url"))
        for o in hard:
            if o.start in emitter.fired:
                self.skipped.append(Region(o.start, o.end, "directive"))
        for o in soft:
            if o.start not in emitter.fired:
                continue
            reason = "url" if o.action == "url" else "placeholder" if o.placeholder and not o.placeholder.tag else "liquid tag"
            self.skipped.append(Region(o.start, o.end, reason))
            if o.placeholder is not None:
                self.where[o.start] = "prose"

    def _overrides(self, content: str, cmap: ContentMap, lo: int, hi: int) -> tuple[list[Override], list[Override]]:
        hard = []
        for m in _DOCS.finditer(content):
            span = cmap.source_span(m.start(), m.end())
            if span is not None and m.end() > m.start():
                hard.append(Override(span[0], span[1], "drop"))
        soft = [Override(p.start, p.end, "placeholder", p) for p in self._placeholders_in(lo, hi) if not p.problem]
        for m in _IAL.finditer(self.text, lo, hi):
            soft.append(Override(m.start(), m.end(), "drop"))
            for p in self._placeholders_in(m.start(), m.end()):
                if p.problem:
                    self.where[p.start] = None  # ``{#id}`` opens no Liquid comment
        soft += [Override(m.start(), m.end(), "url") for m in URL.finditer(self.text, lo, hi)]
        return hard, soft

    def _covered(self, override: Override, spans: list[tuple[tuple[int, int], _Atom]], starts: list[int]) -> bool:
        """Does a soft override touch markup? Then the markup wins (and a placeholder there
        is code or a URL, not prose)."""
        for i in range(max(0, bisect.bisect_right(starts, override.start) - 1), len(spans)):
            (a, b), atom = spans[i]
            if a >= override.end:
                break
            if a < override.end and override.start < b:
                if override.placeholder is not None:
                    if atom.kind == "code":
                        where = "code"
                    elif atom.kind == "html":
                        where = "url" if _URL_ATTRIBUTE.search(self.text, max(a, override.start - 512), override.start) else "code"
                    else:
                        where = "url"
                    self.where[override.start] = where
                return True
        return False

    def _emit(self, atoms: list[_Atom], content: str, cmap: ContentMap, emitter: Emitter) -> None:
        code_from: int | None = None  # inside <code>...</code>: where it started
        kbd = 0
        for atom in atoms:
            span = cmap.source_span(atom.start, atom.end)
            if atom.kind == "html":
                code_from, kbd = self._html_inline(atom, span, emitter, code_from, kbd)
                continue
            if code_from is not None:
                continue
            label = atom.label or kbd > 0
            if atom.kind == "text":
                for ca, cb, s, e, verbatim in cmap.pieces(atom.start, atom.end):
                    if verbatim:
                        emitter.prose(s, e, label)
                    else:
                        emitter.replaced(content[ca:cb], s, e, "ui_label" if label else None)
            elif span is None:
                continue
            elif atom.kind in ("special", "opaque"):
                emitter.replaced(atom.text, span[0], span[1], "ui_label" if label and atom.kind == "special" else None)
            elif atom.kind == "break":
                emitter.replaced("\n", span[0], span[1])
            elif atom.kind == "code":
                emitter.code(*span)
                self.skipped.append(Region(span[0], span[1], "code"))
            elif atom.kind == "url":
                emitter.keep(span[0], span[1], "url")
                self.skipped.append(Region(span[0], span[1], "url"))
            elif atom.kind == "skip":
                self.skipped.append(Region(span[0], span[1], atom.reason))

    def _html_inline(self, atom: _Atom, span, emitter: Emitter, code_from: int | None, kbd: int):
        """An inline tag: ``<br>`` breaks the line, ``<kbd>`` opens a label, ``<code>`` code;
        a comment may be a directive. Returns the new code and kbd state."""
        if span is None:
            return code_from, kbd
        if atom.text.startswith("<!--"):
            self._comment(span[0], span[1], atom.text[4:-3] if atom.text.endswith("-->") else atom.text[4:])
            return code_from, kbd
        m = _INLINE_HTML_TAG.match(atom.text)
        name, closing = (m.group(2).lower(), bool(m.group(1))) if m else ("", False)
        self.skipped.append(Region(span[0], span[1], "markup"))
        if name == "code":
            if not closing and code_from is None:
                return span[0], kbd
            if closing and code_from is not None:
                emitter.code(code_from, span[1])
                self.skipped.append(Region(code_from, span[1], "code"))
                return None, kbd
        elif name == "kbd":
            return code_from, max(0, kbd + (-1 if closing else 1))
        elif name == "br" and code_from is None:
            emitter.insert("\n", span[0])
        return code_from, kbd


def _align(children: list[Token], content: str, env: dict) -> list[_Atom]:
    """The children of an inline token located in its content, in order. Where one cannot
    be located, the rest is one opaque atom over what is left of the content."""
    atoms: list[_Atom] = []
    state = StateInline(content, _MD, env, [])
    cur = 0
    tails: list[int] = []  # where the target of each open link ends
    labels = _label_runs(children)
    i = 0
    while i < len(children):
        tok = children[i]
        t = tok.type
        label = labels[i]
        if t == "text" or t == "text_special":
            piece = tok.content if t == "text" else tok.markup
            if piece:
                at = _at(content, cur, piece)
                if at < 0:
                    break
                if t == "text":
                    atoms.append(_Atom("text", at, at + len(piece), label=label))
                else:
                    atoms.append(_Atom("special", at, at + len(piece), tok.content, label=label))
                cur = at + len(piece)
        elif t in ("softbreak", "hardbreak"):
            at = content.find("\n", cur)
            if at < 0 or content[cur:at].strip(" \t\\"):
                break
            atoms.append(_Atom("break", at, at + 1))
            cur = at + 1
        elif t == "code_inline":
            at = _at(content, cur, tok.markup)
            close = re.compile(rf"(?<!`){re.escape(tok.markup)}(?!`)").search(content, at + len(tok.markup)) if at >= 0 else None
            if close is None:
                break
            atoms.append(_Atom("code", at, close.end()))
            cur = close.end()
        elif t in _EMPHASIS:
            at = _at(content, cur, tok.markup)
            if at < 0:
                break
            cur = at + len(tok.markup)
        elif t == "link_open" and tok.markup == "autolink":
            at = _at(content, cur, "<")
            close = content.find(">", at) if at >= 0 else -1
            if close < 0:
                break
            atoms.append(_Atom("url", at + 1, close))
            cur = close + 1
            while i + 1 < len(children) and children[i].type != "link_close":
                i += 1
        elif t == "link_open":
            at = _at(content, cur, "[")
            end = _extent(state, link, at) if at >= 0 else -1
            label_end = _MD.helpers.parseLinkLabel(state, at, True) if end >= 0 else -1
            if label_end < 0:
                break
            tails.append(end)
            atoms.append(_Atom("skip", label_end, end, reason="url"))
            cur = at + 1
        elif t == "link_close":
            if not tails:
                break
            cur = tails.pop()
        elif t == "image":
            at = _at(content, cur, "![")
            end = _extent(state, image, at) if at >= 0 else -1
            if end < 0:
                break
            atoms.append(_Atom("skip", at, end, reason="image"))
            cur = end
        elif t == "html_inline":
            at = _at(content, cur, tok.content)
            if at < 0:
                break
            atoms.append(_Atom("html", at, at + len(tok.content), tok.content))
            cur = at + len(tok.content)
        else:
            break
        i += 1
    if i < len(children):
        rest = "".join(c.content if c.type in ("text", "text_special", "code_inline") else " " if c.type.endswith("break") else ""
                       for c in children[i:])
        if rest.strip() and cur < len(content):
            atoms.append(_Atom("opaque", cur, len(content), " ".join(rest.split())))
    atoms.sort(key=lambda a: a.start)
    return atoms


def _at(content: str, cur: int, piece: str) -> int:
    """``piece`` at the cursor, after spaces or tabs at most; -1 otherwise."""
    pos = cur
    while pos < len(content) and content[pos] in " \t":
        pos += 1
    if content.startswith(piece, cur):
        return cur
    return pos if content.startswith(piece, pos) else -1


def _extent(state: StateInline, rule, at: int) -> int:
    """Where the link or image starting at ``at`` ends, by markdown-it's own rule."""
    state.pos, state.posMax = at, len(state.src)
    try:
        return state.pos if rule(state, True) else -1
    except IndexError:
        return -1


def _label_runs(children: list[Token]) -> list[bool]:
    """Per child: is it inside a bold run of at most ``LABEL_WORDS`` words that starts with a
    capital or a digit and holds no link or image (an on-screen label in KB style)? A bold
    lowercase word ("**only**") is emphasis, not a label."""
    labels = [False] * len(children)
    i = 0
    while i < len(children):
        if children[i].type != "strong_open":
            i += 1
            continue
        depth, j = 0, i
        while j < len(children):
            depth += {"strong_open": 1, "strong_close": -1}.get(children[j].type, 0)
            if depth == 0:
                break
            j += 1
        inner = children[i + 1:j]
        words = " ".join(c.content for c in inner if c.type in ("text", "text_special", "code_inline")).split()
        first = next((ch for ch in "".join(words) if ch.isalnum()), "")
        if 0 < len(words) <= LABEL_WORDS and (first.isupper() or first.isdigit()) and not any(c.type in ("link_open", "image") for c in inner):
            for k in range(i, min(j + 1, len(children))):
                labels[k] = True
        i = j + 1
    return labels
