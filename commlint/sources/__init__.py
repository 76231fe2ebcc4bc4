"""Stage 1, sources: readers turn the bytes of an input into documents.

A reader is chosen by file extension or ``--input-format``; each returns one document per
message it holds (a helpdesk export holds many). Readers raise ``InputError`` for input they
cannot read, with a one-line reason, and never anything else.
"""
from __future__ import annotations

import dataclasses
import importlib
from pathlib import PurePath
from typing import Callable

from commlint.document.model import Document
from commlint.errors import InputError
from commlint.sources.decode import decode_text


@dataclasses.dataclass(frozen=True)
class Reader:
    """One input format: its name, the file extensions it claims and where its code is."""

    name: str
    extensions: tuple[str, ...]
    target: str  #: ``module:function``; the function takes (bytes, display name) -> list[Document]
    description: str

    def read(self, data: bytes, name: str) -> list[Document]:
        module, function = self.target.split(":")
        reader: Callable[[bytes, str], list[Document]] = getattr(importlib.import_module(module), function)
        return reader(data, name)


READERS: dict[str, Reader] = {
    r.name: r
    for r in (
        Reader("text", (".txt", ".text"), "commlint.sources.plain:read_text", "plain text: a reply, a thread or a macro"),
        Reader("eml", (".eml",), "commlint.sources.eml:read_eml", "an email message (MIME)"),
        Reader("markdown", (".md", ".markdown", ".mdown", ".mkd"), "commlint.sources.markdown:read_markdown", "a Markdown article"),
        Reader("html", (".html", ".htm", ".xhtml"), "commlint.sources.html:read_html", "an HTML article or email body"),
        Reader("helpdesk-json", (".json",), "commlint.sources.helpdesk:read_json_export", "a Zendesk macros or Freshdesk canned-responses export"),
        Reader("csv", (".csv",), "commlint.sources.helpdesk:read_csv", "a CSV of id,title,body"),
        Reader("jsonl", (".jsonl", ".ndjson"), "commlint.sources.helpdesk:read_jsonl", "JSON lines of id,title,body"),
    )
}


def default_include() -> tuple[str, ...]:
    """Globs for every file extension some reader claims."""
    return tuple(f"*{ext}" for reader in READERS.values() for ext in reader.extensions)


def reader_for(name: str, input_format: str | None = None) -> Reader:
    """The reader for a file called ``name``; ``input_format`` overrides the extension."""
    if input_format:
        try:
            return READERS[input_format]
        except KeyError:
            raise InputError(name, f"unknown input format {input_format!r} (known: {', '.join(READERS)})") from None
    suffix = PurePath(name).suffix.lower()
    for reader in READERS.values():
        if suffix in reader.extensions:
            return reader
    return READERS["text"]


def read_documents(data: bytes, name: str, input_format: str | None = None) -> list[Document]:
    """The documents in ``data`` (the bytes of the input called ``name``)."""
    return reader_for(name, input_format).read(data, name)


__all__ = ["READERS", "Reader", "decode_text", "default_include", "read_documents", "reader_for"]
