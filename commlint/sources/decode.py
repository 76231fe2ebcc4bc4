"""Decode raw bytes into text, refusing input that is not text.

UTF-8 is the default (a leading byte-order mark is dropped). A UTF-16 or UTF-32 byte-order
mark says how the rest is encoded (Windows tools write UTF-16 with one); without one, a
NUL byte means the input is binary.
"""
from __future__ import annotations

import codecs

from commlint.errors import InputError

_CONTROL_OK = {"\n", "\r", "\t", "\f", "\v"}
#: byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def decode_text(data: bytes, where: str) -> str:
    """Decode ``data`` (UTF-8, or UTF-16/UTF-32 with a byte-order mark), or raise a
    one-line ``InputError``."""
    text = _decode_marked(data, where)
    if text is None:
        if b"\x00" in data[:8192]:
            raise InputError(where, "looks like a binary file (it contains NUL bytes), not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(where, f"is not valid UTF-8 (bad byte 0x{data[exc.start]:02x} at byte {exc.start})") from None
    head = text[:8192]
    controls = sum(1 for ch in head if ord(ch) < 32 and ch not in _CONTROL_OK)
    if controls > max(8, len(head) // 100):
        raise InputError(where, "looks like a binary file (many control characters), not text")
    return text


def _decode_marked(data: bytes, where: str) -> str | None:
    """The text after a UTF-16 or UTF-32 byte-order mark; None when there is none."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                if name == "UTF-32" and data.startswith(codecs.BOM_UTF16_LE):
                    continue  # UTF-16 LE text whose first character is U+0000
                offset = exc.start + len(bom)
                raise InputError(where, f"is not valid {name} (it has a byte-order mark; bad data at byte {offset})") from None
    return None
