"""How a source's bytes became the text its reader read, so that fixed text is written back
the same way: the same encoding, the same byte-order mark (line ends stay in the text)."""
from __future__ import annotations

import codecs
import dataclasses

#: byte-order marks, longest first, as commlint.sources.decode reads them (and UTF-8's)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF8, "utf-8"),
)


@dataclasses.dataclass(frozen=True)
class Codec:
    """An encoding and the byte-order mark before the text (empty: none)."""

    encoding: str = "utf-8"
    bom: bytes = b""

    def decode(self, data: bytes) -> str:
        return data[len(self.bom):].decode(self.encoding)

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.encoding)

    def can_encode(self, text: str) -> bool:
        try:
            text.encode(self.encoding)
        except UnicodeEncodeError:
            return False
        return True


def codec_of(data: bytes, reader: str) -> Codec:
    """The codec that turns ``data`` into the text the ``reader`` read (an ``.eml`` file
    that is not UTF-8 was read as latin-1: one character per byte)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                continue  # UTF-16 LE text whose first character is U+0000, say
            return Codec(encoding, bom)
    if reader == "eml":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return Codec("latin-1")
    return Codec()


def line_ends(replacement: str, text: str) -> str:
    """``replacement`` with its line breaks written as ``text`` writes them (CRLF stays CRLF)."""
    if "\n" not in replacement or "\r\n" not in text:
        return replacement
    return replacement.replace("\r\n", "\n").replace("\n", "\r\n")
