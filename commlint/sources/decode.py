"""Decode raw bytes into text, refusing input that is not text."""
from __future__ import annotations

from commlint.errors import InputError

_CONTROL_OK = {"\n", "\r", "\t", "\f", "\v"}


def decode_text(data: bytes, where: str) -> str:
    """Decode UTF-8 input (a leading BOM is dropped), or raise a one-line ``InputError``."""
    if b"\x00" in data[:8192]:
        raise InputError(where, "looks like a binary file (it contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(where, f"is not valid UTF-8 (bad byte 0x{data[exc.start]:02x} at byte {exc.start})") from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in _CONTROL_OK)
    if controls > max(8, len(text[:8192]) // 100):
        raise InputError(where, "looks like a binary file (many control characters), not text")
    return text
