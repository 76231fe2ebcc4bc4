"""Messages between the client and the worker: a 4-byte big-endian length, then a JSON
object. A message that carries bytes (output, standard input) says how many in its
``payload`` field, and they follow it as they are: a report of megabytes is not turned
into base64 and JSON text on one side and back on the other.

Standard library only, and cheap to import: the client loads this on every run.
"""
from __future__ import annotations

import json
import socket

MAX_FRAME = 64 << 20  #: larger lengths are not a message (and a garbage reply is refused fast)


class ProtocolError(Exception):
    """The other side sent something that is not a message of this protocol."""


def send(sock: socket.socket, message: dict, payload: bytes | None = None) -> None:
    """Write one message, with ``payload`` after it when given."""
    if payload is not None:
        message = {**message, "payload": len(payload)}
    body = json.dumps(message, separators=(",", ":")).encode()
    head = len(body).to_bytes(4, "big") + body
    if payload and len(payload) > 1 << 16:  # not copied into one buffer with the head
        sock.sendall(head)
        sock.sendall(payload)
    else:
        sock.sendall(head + payload if payload else head)


def receive(sock: socket.socket) -> dict:
    """Read one message; its payload, if any, is the bytes in its ``payload`` field.
    Raises ``EOFError`` when the other side closed the connection, ``TimeoutError`` when
    the socket's timeout passed, ``ProtocolError`` for garbage."""
    size = int.from_bytes(_exactly(sock, 4), "big")
    if size > MAX_FRAME:
        raise ProtocolError(f"frame of {size} bytes")
    try:
        message = json.loads(_exactly(sock, size))
    except ValueError as exc:  # also UnicodeDecodeError
        raise ProtocolError(f"not JSON ({exc})") from None
    if not isinstance(message, dict) or not isinstance(message.get("op"), str):
        raise ProtocolError("not a message object")
    if "payload" in message:
        length = message["payload"]
        if not isinstance(length, int) or isinstance(length, bool) or not 0 <= length <= MAX_FRAME:
            raise ProtocolError("payload length is not a size")
        message["payload"] = _exactly(sock, length)
    return message


def payload(message: dict) -> bytes:
    """The bytes a received message carries (``ProtocolError`` if it carries none)."""
    data = message.get("payload")
    if not isinstance(data, bytes):
        raise ProtocolError("message carries no bytes")
    return data


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
