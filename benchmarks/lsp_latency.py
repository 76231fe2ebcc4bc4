"""Language-server latency: how long after a one-word edit do the new diagnostics arrive?

Drives ``commlint lsp`` over stdio with raw JSON-RPC (standard library only): initialize,
open a reply (a ``.txt`` file, linted as a reply), wait for its first diagnostics, then make
one-word edits (``textDocument/didChange``, incremental when the server offers it, else the
full text) at places spread over the text, one at a time, and time each from sending the
change to receiving the ``publishDiagnostics`` of that document version. ``speed.py`` uses
:func:`measure`; standalone::

    .venv/bin/python benchmarks/lsp_latency.py --commlint .venv/bin/commlint reply.txt

prints the result as JSON. Exit status 2 for a missing file, 1 when the server failed.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from measure import ToolError, peak_rss_kib_of, process_tree  # noqa: E402

Message = dict[str, Any]


# --- framing --------------------------------------------------------------------------------

def encode(message: Message) -> bytes:
    """One JSON-RPC message with its ``Content-Length`` header (the length in bytes)."""
    body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Framer:
    """Splits a byte stream into JSON-RPC messages, whatever the chunks it arrives in."""

    def __init__(self) -> None:
        self._buffer = b""

    def feed(self, chunk: bytes) -> list[Message]:
        """The messages completed by ``chunk`` (a partial one waits for the next chunk)."""
        self._buffer += chunk
        out: list[Message] = []
        while True:
            head_end = self._buffer.find(b"\r\n\r\n")
            if head_end < 0:
                return out
            length = None
            for line in self._buffer[:head_end].split(b"\r\n"):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            if length is None:
                raise ValueError(f"message header without Content-Length: "
                                 f"{self._buffer[:head_end]!r}")
            start = head_end + 4
            if len(self._buffer) < start + length:
                return out
            out.append(json.loads(self._buffer[start:start + length].decode("utf-8")))
            self._buffer = self._buffer[start + length:]


# --- positions and edits --------------------------------------------------------------------

def utf16_position(text: str, offset: int) -> dict[str, int]:
    """The LSP position (line, UTF-16 code units) of Python string index ``offset``."""
    line = text.count("\n", 0, offset)
    line_start = text.rfind("\n", 0, offset) + 1
    units = sum(2 if ord(ch) > 0xFFFF else 1 for ch in text[line_start:offset])
    return {"line": line, "character": units}


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` (Python string indices) with ``new``."""

    start: int
    end: int
    new: str

    def apply(self, text: str) -> str:
        return text[:self.start] + self.new + text[self.end:]

    def change(self, text: str) -> dict[str, Any]:
        """This edit of ``text`` as an incremental ``contentChanges`` entry."""
        return {"range": {"start": utf16_position(text, self.start),
                          "end": utf16_position(text, self.end)},
                "text": self.new}


# One-word edits a writer makes: each word swapped for a close one (capitals kept).
SWAPS = {"the": "this", "this": "the", "and": "or", "or": "and", "is": "was", "was": "is",
         "can": "may", "may": "can"}
_SWAPPABLE = re.compile(r"\b(" + "|".join(SWAPS) + r")\b", re.I)


def pick_edits(text: str, count: int) -> list[Edit]:
    """``count`` one-word edits spread evenly over ``text``, in text order, each offset
    valid once the edits before it are applied (they are applied one after the other)."""
    found = list(_SWAPPABLE.finditer(text))
    if len(found) < count:
        raise ValueError(f"the text has {len(found)} swappable words, fewer than {count} edits")
    step = len(found) / count
    edits: list[Edit] = []
    shift = 0
    for index in range(count):
        match = found[int(index * step + step / 2)]
        word = match.group(1)
        new = SWAPS[word.lower()]
        new = new.capitalize() if word[0].isupper() else new
        edits.append(Edit(match.start() + shift, match.end() + shift, new))
        shift += len(new) - len(word)
    return edits


# --- the client -----------------------------------------------------------------------------

class Client:
    """A language server process spoken to over its stdin and stdout.

    A reader thread parses what the server sends, answers its requests (``null``, or one
    ``null`` per item for ``workspace/configuration``), and queues every notification
    with the moment it arrived.
    """

    def __init__(self, argv: Sequence[str], cwd: Path | None = None,
                 env: Mapping[str, str] | None = None) -> None:
        self._stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(list(argv), cwd=cwd, env=dict(env) if env else None,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self._stderr)
        self._write_lock = threading.Lock()
        self._next_id = 0
        self.inbox: queue.Queue[tuple[float, Message | None]] = queue.Queue()
        self._responses: dict[int, Message] = {}
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _send(self, message: Message) -> float:
        data = encode({"jsonrpc": "2.0", **message})
        with self._write_lock:
            assert self.proc.stdin is not None
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
            return time.perf_counter()

    def _read(self) -> None:
        framer = Framer()
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        try:
            while True:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                for message in framer.feed(chunk):
                    arrived = time.perf_counter()
                    if "method" in message and "id" in message:
                        self._answer(message)
                    else:
                        self.inbox.put((arrived, message))
        except (OSError, ValueError) as exc:
            self.inbox.put((time.perf_counter(), {"error": {"message": str(exc)}}))
        self.inbox.put((time.perf_counter(), None))

    def _answer(self, request: Message) -> None:
        result: Any = None
        if request["method"] == "workspace/configuration":
            result = [None] * len(request.get("params", {}).get("items", []))
        try:
            self._send({"id": request["id"], "result": result})
        except OSError:
            pass

    def notify(self, method: str, params: Any) -> float:
        """Send a notification; the moment it was written."""
        return self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float) -> Any:
        """Send a request and wait for its result (notifications meanwhile are kept)."""
        self._next_id += 1
        ident = self._next_id
        self._send({"id": ident, "method": method, "params": params})
        kept: list[tuple[float, Message | None]] = []
        try:
            _, reply = self.wait(lambda m: m.get("id") == ident and "method" not in m,
                                 timeout, kept)
        finally:
            for item in kept:
                self.inbox.put(item)
        if "error" in reply:
            raise ToolError(f"{method} failed: {reply['error'].get('message')}")
        return reply.get("result")

    def wait(self, wanted: Callable[[Message], bool], timeout: float,
             kept: list[tuple[float, Message | None]] | None = None) -> tuple[float, Message]:
        """The first message ``wanted`` accepts, with its arrival time; others are dropped
        (or appended to ``kept``). Raises ToolError on timeout or when the server exits."""
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            try:
                arrived, message = self.inbox.get(timeout=max(left, 0.001))
            except queue.Empty:
                raise ToolError(f"no answer from the language server within {timeout:.0f} s"
                                f"{self.stderr_tail()}") from None
            if message is None:
                self.inbox.put((arrived, None))
                raise ToolError(f"the language server exited (code {self.proc.poll()})"
                                f"{self.stderr_tail()}")
            if wanted(message):
                return arrived, message
            if kept is not None:
                kept.append((arrived, message))

    def stderr_tail(self) -> str:
        """The last lines the server wrote to stderr, as ': ...' (empty when none)."""
        self._stderr.seek(0)
        lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        return (": " + " | ".join(lines[-6:])) if lines else ""

    def peak_rss_kib(self) -> int:
        """The largest peak resident set of the server's processes (``VmHWM``)."""
        return max([0, *(peak_rss_kib_of(p) for p in process_tree(self.proc.pid))])

    def close(self, timeout: float = 10) -> None:
        """``shutdown`` then ``exit``; kill the server if it does not leave in time."""
        try:
            if self.proc.poll() is None:
                self.request("shutdown", None, timeout)
                self.notify("exit", None)
        except (ToolError, OSError):
            pass
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._stderr.close()


# --- the measurement ------------------------------------------------------------------------

@dataclass
class LspResult:
    """What one session measured (seconds)."""

    words: int
    open_seconds: float = 0.0  # didOpen to its first diagnostics (start-up excluded)
    start_seconds: float = 0.0  # process start to the initialize result
    edit_seconds: list[float] = field(default_factory=list)
    sync: str = ""  # "incremental" or "full"
    versioned: bool = True  # the server's diagnostics carry the document version
    diagnostics: int = 0  # on the last version
    peak_rss_kib: int = 0

    @property
    def median_seconds(self) -> float:
        return statistics.median(self.edit_seconds) if self.edit_seconds else 0.0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["median_seconds"] = self.median_seconds
        return data


def _sync_kind(capabilities: Mapping[str, Any]) -> int:
    sync = capabilities.get("textDocumentSync", 0)
    if isinstance(sync, Mapping):
        return int(sync.get("change", 0) or 0)
    return int(sync or 0)


def measure(argv: Sequence[str], path: Path, words: int, edits: int = 10,
            env: Mapping[str, str] | None = None, timeout: float = 120,
            debounce: float | None = None) -> LspResult:
    """Open ``path`` in the server ``argv``, make ``edits`` one-word edits, time each."""
    text = path.read_text(encoding="utf-8")
    planned = pick_edits(text, edits)
    uri = path.resolve().as_uri()
    folder = path.resolve().parent
    result = LspResult(words)
    started = time.perf_counter()
    client = Client(argv, cwd=folder, env=env)
    try:
        init = client.request("initialize", {
            "processId": os.getpid(),
            "clientInfo": {"name": "commlint-benchmark"},
            "rootUri": folder.as_uri(),
            "workspaceFolders": [{"uri": folder.as_uri(), "name": folder.name}],
            "capabilities": {
                "general": {"positionEncodings": ["utf-16"]},
                "textDocument": {"synchronization": {"didSave": True},
                                 "publishDiagnostics": {"versionSupport": True}},
            },
            **({"initializationOptions": {"debounce": debounce}} if debounce is not None else {}),
        }, timeout)
        result.start_seconds = time.perf_counter() - started
        capabilities = (init or {}).get("capabilities", {})
        incremental = _sync_kind(capabilities) == 2
        if _sync_kind(capabilities) not in (1, 2):
            raise ToolError(f"the server accepts no document changes (textDocumentSync "
                            f"{capabilities.get('textDocumentSync')!r})")
        result.sync = "incremental" if incremental else "full"
        client.notify("initialized", {})

        def published(version: int) -> Callable[[Message], bool]:
            def wanted(m: Message) -> bool:
                if m.get("method") != "textDocument/publishDiagnostics":
                    return False
                params = m.get("params", {})
                if params.get("uri") != uri:
                    return False
                if "version" not in params or params["version"] is None:
                    result.versioned = False
                    return True
                return bool(params["version"] == version)
            return wanted

        sent = client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "plaintext", "version": 1, "text": text}})
        arrived, _ = client.wait(published(1), timeout)
        result.open_seconds = arrived - sent
        for version, edit in enumerate(planned, start=2):
            change = edit.change(text) if incremental else None
            text = edit.apply(text)
            sent = client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [change if change is not None else {"text": text}]})
            arrived, message = client.wait(published(version), timeout)
            result.edit_seconds.append(arrived - sent)
            result.diagnostics = len(message["params"].get("diagnostics", []))
        result.peak_rss_kib = client.peak_rss_kib()
    finally:
        client.close()
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, help="the reply to open (.txt)")
    parser.add_argument("--commlint", default=str(HERE.parent / ".venv" / "bin" / "commlint"),
                        help="commlint executable (default: the repository's .venv)")
    parser.add_argument("--edits", type=int, default=10, help="one-word edits to time (10)")
    parser.add_argument("--debounce", type=float, default=None,
                        help="initializationOptions.debounce (default: the server's own)")
    args = parser.parse_args(argv)
    if not args.file.is_file():
        print(f"lsp_latency.py: no such file: {args.file}", file=sys.stderr)
        return 2
    from corpus import count_words

    text = args.file.read_text(encoding="utf-8")
    try:
        result = measure([args.commlint, "lsp"], args.file, count_words(text), args.edits,
                         debounce=args.debounce)
    except (ToolError, OSError, ValueError) as exc:
        print(f"lsp_latency.py: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result.to_json(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
