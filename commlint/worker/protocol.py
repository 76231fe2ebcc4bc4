"""Messages between the client and the worker: a 4-byte big-endian length, then a JSON
object. Bytes (output, standard input) travel as base64 text.

Standard library only, and cheap to import: the client loads this on every run.
"""
from __future__ import annotations

import binascii
import json
import socket
from typing import Any

MAX_FRAME = 64 << 20  #: larger lengths are not a message (and a garbage reply is refused fast)


class ProtocolError(Exception):
    """The other side sent something that is not a message of this protocol."""


def send(sock: socket.socket, message: dict[str, Any]) -> None:
    """Write one message."""
    body = json.dumps(message, separators=(",", ":")).encode()
    sock.sendall(len(body).to_bytes(4, "big") + body)


def receive(sock: socket.socket) -> dict[str, Any]:
    """Read one message. Raises ``EOFError`` when the other side closed the connection,
    ``TimeoutError`` when the socket's timeout passed, ``ProtocolError`` for garbage."""
    size = int.from_bytes(_exactly(sock, 4), "big")
    if size > MAX_FRAME:
        raise ProtocolError(f"frame of {size} bytes")
    try:
        message = json.loads(_exactly(sock, size))
    except ValueError as exc:  # also UnicodeDecodeError
        raise ProtocolError(f"not JSON ({exc})") from None
    if not isinstance(message, dict) or not isinstance(message.get("op"), str):
        raise ProtocolError("not a message object")
    return message


def _exactly(sock: socket.socket, size: int) -> bytes:
    buffer = bytearray(size)
    view = memoryview(buffer)
    got = 0
    while got < size:
        count = sock.recv_into(view[got:])
        if count == 0:
            raise EOFError("connection closed")
        got += count
    return bytes(buffer)


def pack(data: bytes) -> str:
    """Bytes as message text."""
    return binascii.b2a_base64(data, newline=False).decode("ascii")


def unpack(text: Any) -> bytes:
    """Message text back to bytes (``ProtocolError`` if it is not base64)."""
    if not isinstance(text, str):
        raise ProtocolError("bytes field is not text")
    try:
        return binascii.a2b_base64(text)
    except (binascii.Error, ValueError):
        raise ProtocolError("bytes field is not base64") from None
