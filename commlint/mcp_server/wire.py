"""Standard input and output as the protocol's wire, guarded.

While the server runs, file descriptors 0 and 1 belong to the protocol alone: the wire
reads and writes private duplicates, descriptor 0 reads the null device and descriptor 1
goes to stderr, so nothing a library prints (or a child process writes) reaches the
client as a broken message.

The SDK silently drops a line that is not a JSON-RPC message, so a client that sent a
request it cannot parse would wait for an answer forever. The wire answers such lines
itself, as JSON-RPC says: ``-32700`` for text that is not JSON, ``-32600`` for JSON that
is not a valid request (with the request's id when it has one), and passes every valid
line on. Writes are whole lines under one lock, so its answers never split the SDK's.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
from collections.abc import AsyncIterator, Iterator
from typing import BinaryIO

import anyio
import anyio.to_thread
from mcp_types import jsonrpc_message_adapter
from pydantic import ValidationError

PARSE_ERROR = -32700
INVALID_REQUEST = -32600


@contextlib.contextmanager
def claimed_stdio() -> Iterator[tuple[BinaryIO, BinaryIO]]:
    """The protocol's input and output (private duplicates of descriptors 0 and 1), with
    descriptor 0 pointed at the null device and 1 at stderr until the block ends."""
    wire_in, wire_out = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDONLY)
    try:
        os.dup2(null, 0)
        os.dup2(2, 1)
        yield open(wire_in, "rb", closefd=False), open(wire_out, "wb", closefd=False)
    finally:  # the duplicates stay open: a reading thread may still hold one
        os.dup2(wire_in, 0)
        os.dup2(wire_out, 1)
        os.close(null)


class Wire:
    """The stdin and stdout the SDK's ``stdio_server`` reads and writes (it iterates over
    lines and calls ``write`` and ``flush``)."""

    def __init__(self, reader: BinaryIO, writer: BinaryIO) -> None:
        self._lines_in = anyio.wrap_file(io.TextIOWrapper(reader, encoding="utf-8", errors="replace"))
        self._out = io.TextIOWrapper(writer, encoding="utf-8", newline="\n")
        self._lock = anyio.Lock()

    def __aiter__(self) -> AsyncIterator[str]:
        return self._lines()

    async def _lines(self) -> AsyncIterator[str]:
        async for line in self._lines_in:
            if not line.strip():
                continue
            answer = rejection(line)
            if answer is None:
                yield line
            else:
                await self.write(answer + "\n")

    async def write(self, text: str) -> None:
        """Write ``text`` (whole lines) and flush it, one writer at a time."""
        async with self._lock:
            await anyio.to_thread.run_sync(self._write, text)

    async def flush(self) -> None:
        """Nothing to do: every ``write`` is flushed."""

    def _write(self, text: str) -> None:
        self._out.write(text)
        self._out.flush()


def rejection(line: str) -> str | None:
    """The JSON-RPC error answering ``line``, or None when it is a valid message (or a
    malformed notification or response, which get no answer)."""
    try:
        jsonrpc_message_adapter.validate_json(line, by_name=False)
        return None
    except ValidationError:
        pass
    try:
        raw = json.loads(line)
    except ValueError:
        return _error(None, PARSE_ERROR, "Parse error: the line is not JSON")
    if not isinstance(raw, dict):
        return _error(None, INVALID_REQUEST, "Invalid request: expected one JSON-RPC object per line")
    request_id = raw.get("id")
    if "method" not in raw and request_id is None:
        return _error(None, INVALID_REQUEST, "Invalid request: no method")
    if "method" not in raw or request_id is None:
        return None  # a response or a notification: JSON-RPC answers neither
    if isinstance(request_id, bool) or not isinstance(request_id, (str, int)):
        return _error(None, INVALID_REQUEST, "Invalid request: the id must be a string or a number")
    return _error(request_id, INVALID_REQUEST, "Invalid request: not a valid JSON-RPC request "
                                               "(check jsonrpc, method and that params is an object)")


def _error(request_id: str | int | None, code: int, message: str) -> str:
    return json.dumps({"jsonrpc": "2.0", "id": request_id, "error": {"code": code, "message": message}})
