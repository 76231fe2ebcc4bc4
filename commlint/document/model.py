"""The document model: what every reader makes of a source, and all that rules read.

A ``Document`` keeps the original text, says what it is (``kind``: reply, article, macro;
``channel``: email, chat, ticket, kb) and splits it into prose ``Segment``s, one per block
(paragraph, heading, list item, table cell, ...). A segment's text may differ from its
source; its ``OffsetMap`` takes every offset back to the original characters. What was not
linted is listed in ``skipped`` with the reason. Sentences never run across segments.
"""
from __future__ import annotations

import dataclasses
from typing import Any

from commlint.document.offsets import OffsetMap

#: what a document is, and where it is read
DOCUMENT_KINDS = ("reply", "article", "macro")
CHANNELS = ("email", "chat", "ticket", "kb")
AUDIENCES = ("customer", "technical")

#: block kinds of segments
PARAGRAPH, HEADING, LIST_ITEM, TABLE_CELL, BLOCK_QUOTE = "paragraph", "heading", "list_item", "table_cell", "block_quote"
GREETING, SIGN_OFF, SIGNATURE, QUOTED_REPLY, DISCLAIMER = "greeting", "sign_off", "signature", "quoted_reply", "disclaimer"
UI_LABEL, CAPTION = "ui_label", "caption"
BLOCK_KINDS = (
    PARAGRAPH, HEADING, LIST_ITEM, TABLE_CELL, BLOCK_QUOTE, GREETING, SIGN_OFF, SIGNATURE, QUOTED_REPLY,
    DISCLAIMER, UI_LABEL, CAPTION,
)
#: block kinds that are the writer's own words; the rest are someone else's or boilerplate
WRITER_BLOCKS = frozenset({PARAGRAPH, HEADING, LIST_ITEM, TABLE_CELL, BLOCK_QUOTE, GREETING, SIGN_OFF, CAPTION})
#: names a rule's ``scope.blocks`` may use for several kinds at once
BLOCK_GROUPS: dict[str, frozenset[str]] = {
    "prose": WRITER_BLOCKS,
    "any": frozenset(BLOCK_KINDS),
    "others": frozenset({SIGNATURE, QUOTED_REPLY, DISCLAIMER}),
}

#: reasons a region of the source is not linted (shown by --show-skipped)
SKIP_REASONS = (
    "quoted reply", "signature", "disclaimer", "code", "url", "placeholder", "front matter", "html comment",
    "image", "markup", "liquid tag", "directive", "hidden", "header", "attachment", "table markup", "ui label",
    "alternative",  # another rendering of the same message (the HTML of an email read from its text part)
    "not english",  # a segment in another language: only the privacy rules read it
)

#: kinds of protected span inside a segment: rules that point at words do not report there
MASK_KINDS = ("placeholder", "code", "url", "ui_label", "email_address", "markup")


@dataclasses.dataclass(frozen=True)
class Region:
    """A span of the original text that was not linted, and why."""

    start: int
    end: int
    reason: str


@dataclasses.dataclass(frozen=True)
class Mask:
    """A protected span of a segment's text (segment offsets): a placeholder, code, a URL or
    an on-screen label. It keeps the sentence readable for parsing, but word-level rules
    never report inside it."""

    start: int
    end: int
    kind: str


@dataclasses.dataclass(frozen=True)
class Placeholder:
    """A helpdesk template expression (``{{ticket.requester.first_name}}``, ``{% if %}``).

    ``start``/``end`` are original-text offsets; ``field`` is the variable path
    (``ticket.requester.first_name``); ``type`` is what it renders as (``name``, ``date``,
    ``number``, ``other``); ``fallback`` is the default it shows when empty; ``where`` is
    ``prose``, ``url`` or ``code``; ``problem`` names a syntax problem (unbalanced braces).
    """

    start: int
    end: int
    expression: str
    field: str = ""
    type: str = "other"
    fallback: str | None = None
    tag: bool = False  #: a ``{% %}`` tag rather than an ``{{ }}`` output
    where: str = "prose"
    problem: str | None = None


@dataclasses.dataclass(frozen=True)
class Directive:
    """An inline ``commlint: ...`` comment: ``text`` is what follows ``commlint:``; ``line``
    is the 1-based line of the comment's start, ``end_line`` of its end."""

    start: int
    end: int
    text: str
    line: int
    end_line: int


@dataclasses.dataclass(frozen=True)
class Segment:
    """One block of prose. ``text`` is what rules read; ``offsets`` maps it to the source."""

    text: str
    offsets: OffsetMap
    kind: str = PARAGRAPH
    masks: tuple[Mask, ...] = ()

    @classmethod
    def verbatim(cls, text: str, start: int, kind: str = PARAGRAPH, masks: tuple[Mask, ...] = ()) -> "Segment":
        """A segment whose text is ``source[start:start+len(text)]`` unchanged."""
        return cls(text, OffsetMap.identity(start, len(text)), kind, masks)

    @property
    def start(self) -> int:
        return self.offsets.start(0)

    @property
    def end(self) -> int:
        return self.offsets.end(len(self.text))

    def to_source(self, offset: int) -> int:
        """The source offset of a span starting at segment offset ``offset``."""
        return self.offsets.start(offset)

    def end_to_source(self, offset: int) -> int:
        """The source offset (exclusive) of a span ending at segment offset ``offset``."""
        return self.offsets.end(offset)

    def masked(self, start: int, end: int) -> Mask | None:
        """The first mask that segment span ``start:end`` touches, if any."""
        for mask in self.masks:
            if mask.start < end and start < mask.end:
                return mask
        return None


@dataclasses.dataclass(frozen=True)
class Origin:
    """Where a document sits inside a file that holds many (a helpdesk export): the item's
    id and title, and the field path of the text (``macros[3].actions[1].value``)."""

    id: str
    title: str = ""
    field: str = ""

    def label(self) -> str:
        title = f' "{self.title}"' if self.title else ""
        field = f" {self.field}" if self.field else ""
        return f"{self.id}{title}{field}"


@dataclasses.dataclass(frozen=True)
class Document:
    """A source as rules see it. ``text`` is the original text all offsets point into
    (for an item of a helpdesk export: that item's body)."""

    text: str
    segments: tuple[Segment, ...]
    kind: str = "reply"
    channel: str = "email"
    audience: str | None = None  #: set by the reader when the source says (front matter)
    platform: str | None = None  #: helpdesk whose placeholder fields apply (zendesk, freshdesk)
    skipped: tuple[Region, ...] = ()
    placeholders: tuple[Placeholder, ...] = ()
    directives: tuple[Directive, ...] = ()
    origin: Origin | None = None
    notices: tuple[str, ...] = ()  #: things the reader wants the user to know (approximate offsets)
    meta: dict[str, Any] = dataclasses.field(default_factory=dict, hash=False, compare=False)

    def with_settings(
        self, kind: str | None = None, channel: str | None = None, audience: str | None = None, platform: str | None = None
    ) -> "Document":
        """This document with kind, channel, audience or platform set by configuration."""
        return dataclasses.replace(
            self, kind=kind or self.kind, channel=channel or self.channel, audience=audience or self.audience,
            platform=platform or self.platform,
        )
