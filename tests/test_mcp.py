"""`commlint mcp` end to end: the real server (`python -m commlint mcp`) driven over stdio by
the official SDK's own client (``stdio_client`` + ``ClientSession``), with the real spaCy
model; and the raw wire, line by line, for what no SDK client sends."""
from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
import typing
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.types import CallToolResult

from commlint.document.model import CHANNELS

ROOT = Path(__file__).resolve().parent.parent
POOR = (ROOT / "examples" / "poor-reply.txt").read_text(encoding="utf-8")
GOOD = (ROOT / "examples" / "good-reply.txt").read_text(encoding="utf-8")
SERVER = [sys.executable, "-m", "commlint", "mcp"]
TOOLS = {"lint_reply", "lint_file", "explain_rule", "fix_text"}


@asynccontextmanager
async def session(root: Path, *args: str, env: dict[str, str] | None = None) -> AsyncIterator[ClientSession]:
    """A client session with a fresh `commlint mcp` process started in ``root``."""
    params = StdioServerParameters(command=SERVER[0], args=[*SERVER[1:], *args], cwd=str(root),
                                   env={**os.environ, "COMMLINT_NO_WORKER": "1", **(env or {})})
    async with stdio_client(params) as (read, write), ClientSession(read, write, read_timeout_seconds=120) as client:
        await client.initialize()
        yield client


def report(result: CallToolResult) -> dict[str, Any]:
    """The tool's JSON result: the structured content, which its text content repeats."""
    assert not result.is_error, result.content
    content: dict[str, Any] | None = result.structured_content
    assert content is not None
    assert json.loads(result.content[0].text) == content  # type: ignore[union-attr]
    return content


def error_text(result: CallToolResult) -> str:
    assert result.is_error
    return result.content[0].text  # type: ignore[union-attr]


@pytest.mark.asyncio
async def test_tools_are_listed_with_typed_schemas_and_descriptions(tmp_path: Path) -> None:
    async with session(tmp_path) as client:
        assert client.initialize_result is not None
        assert client.initialize_result.server_info.name == "commlint"
        assert "lint_reply" in (client.initialize_result.instructions or "")
        tools = {t.name: t for t in (await client.list_tools()).tools}
    assert set(tools) == TOOLS
    for tool in tools.values():
        assert len(tool.description or "") > 150, tool.name  # when to call it, what comes back
        assert tool.annotations is not None and tool.annotations.read_only_hint
        assert tool.output_schema is not None and tool.output_schema["type"] == "object"
    reply = tools["lint_reply"].input_schema
    assert reply["required"] == ["text"]
    assert reply["properties"]["text"]["type"] == "string"
    assert reply["properties"]["channel"]["anyOf"][0]["enum"] == list(CHANNELS)
    assert tools["lint_file"].input_schema["required"] == ["path"]
    assert tools["explain_rule"].input_schema["required"] == ["id"]
    fix = tools["fix_text"].input_schema
    assert fix["required"] == ["text"] and fix["properties"]["unsafe"]["type"] == "boolean"
    assert set((tools["fix_text"].output_schema or {})["properties"]) == {"text", "changed", "unsafe", "changes"}


def test_the_channel_type_is_the_channels() -> None:
    from commlint.mcp_server.server import Channel

    assert typing.get_args(Channel) == CHANNELS


@pytest.mark.asyncio
async def test_lint_reply_fix_text_and_explain_rule(tmp_path: Path) -> None:
    started = time.monotonic()
    async with session(tmp_path) as client:
        poor = report(await client.call_tool("lint_reply", {"text": POOR, "channel": "email"}))
        first_call = time.monotonic() - started
        good = report(await client.call_tool("lint_reply", {"text": GOOD}))
        chat = report(await client.call_tool("lint_reply", {"text": "hey u, we r gonna fix it asap lol", "channel": "chat"}))
        fixed = report(await client.call_tool("fix_text", {"text": "Hi Sam,\n\nu can log in now!!!\n\nBest,\nAlex\n"}))
        unchanged = report(await client.call_tool("fix_text", {"text": GOOD}))
        explained = report(await client.call_tool("explain_rule", {"id": "T101"}))
        by_name = report(await client.call_tool("explain_rule", {"id": "tone.blaming"}))
    assert first_call < 60  # the model loads once, while the handshake is answered
    assert poor["schema"] == "commlint-report" and poor["files"][0]["path"] == "<reply>"
    categories = {f["category"] for f in poor["findings"]}
    assert {"tone", "privacy", "overpromise", "slang"} <= categories
    assert all(f["path"] == "<reply>" and f["line"] >= 1 and f["match"] for f in poor["findings"])
    assert good["findings"] == [] and good["files"][0]["status"] == "linted"
    assert poor["files"][0]["score"]["score"] < good["files"][0]["score"]["score"] <= 100  # the message score
    assert any(f["rule_id"].startswith("S") for f in chat["findings"])

    assert fixed["text"] == "Hi Sam,\n\nYou can log in now!\n\nBest,\nAlex\n"
    assert fixed["changed"] and not fixed["unsafe"]
    assert {(c["before"], c["after"]) for c in fixed["changes"]} == {("u", "You"), ("!!!", "!")}
    assert all(c["rule_id"] and c["applicability"] == "safe" for c in fixed["changes"])
    assert unchanged == {"text": GOOD, "changed": False, "unsafe": False, "changes": []}

    explain = subprocess.run([*SERVER[:3], "explain", "T101"], capture_output=True, text=True, cwd=tmp_path,
                             env={**os.environ, "COMMLINT_NO_WORKER": "1"}, check=True)
    assert explained["text"] == explain.stdout.rstrip("\n")
    assert explained["id"] == "T101" and explained["category"] == "tone" and explained["rationale"]
    assert by_name["id"] == "T101"


@pytest.mark.asyncio
async def test_lint_reply_is_the_json_report_of_the_command_line(tmp_path: Path) -> None:
    async with session(tmp_path) as client:
        served = report(await client.call_tool("lint_reply", {"text": POOR, "channel": "chat"}))
    cli = subprocess.run([*SERVER[:3], "--format", "json", "--kind", "reply", "--channel", "chat", "--no-cache", "-"],
                         input=POOR, capture_output=True, text=True, cwd=tmp_path,
                         env={**os.environ, "COMMLINT_NO_WORKER": "1"}, check=False)
    assert cli.returncode == 1, cli.stderr
    expected = json.loads(cli.stdout.replace('"<stdin>"', '"<reply>"'))
    assert served == expected


@pytest.mark.asyncio
async def test_lint_file_reads_only_files_under_the_root(tmp_path: Path) -> None:
    root, outside = tmp_path / "kb", tmp_path / "private"
    (root / "drafts").mkdir(parents=True)
    outside.mkdir()
    (root / "drafts" / "reply.txt").write_text(POOR, encoding="utf-8")
    (root / "article.md").write_text("# Sync\n\nThe sync is gonna work after the restart.\n", encoding="utf-8")
    (outside / "secret.txt").write_text(POOR, encoding="utf-8")
    (root / "link-out.txt").symlink_to(outside / "secret.txt")
    (root / "dir-out").symlink_to(outside, target_is_directory=True)
    (root / "link-in.txt").symlink_to(root / "drafts" / "reply.txt")
    async with session(root) as client:
        draft = report(await client.call_tool("lint_file", {"path": "drafts/reply.txt"}))
        article = report(await client.call_tool("lint_file", {"path": str(root / "article.md")}))
        linked = report(await client.call_tool("lint_file", {"path": "link-in.txt"}))
        refused = {path: error_text(await client.call_tool("lint_file", {"path": path})) for path in (
            "../private/secret.txt", str(outside / "secret.txt"), "link-out.txt", "dir-out/secret.txt",
            "drafts/../../private/secret.txt", "/etc/passwd",
        )}
        missing = error_text(await client.call_tool("lint_file", {"path": "drafts/none.txt"}))
        folder = error_text(await client.call_tool("lint_file", {"path": "drafts"}))
    assert draft["files"][0]["path"] == os.path.join("drafts", "reply.txt")
    assert {"tone", "privacy"} <= {f["category"] for f in draft["findings"]}
    assert article["files"][0]["path"] == "article.md" and article["findings"]
    assert linked["findings"] == [dict(f, path="link-in.txt") for f in draft["findings"]]
    for path, text in refused.items():
        assert "the server's root" in text and str(root) in text, (path, text)
        assert "Tr0ub4dor" not in text
    assert "no such file" in missing
    assert "is a folder" in folder


@pytest.mark.asyncio
async def test_malformed_calls_are_errors_and_the_server_keeps_serving(tmp_path: Path) -> None:
    (tmp_path / "commlint.yaml").write_text("max_file_size: 2000\n", encoding="utf-8")
    async with session(tmp_path) as client:
        unknown = await client.call_tool("lint_everything", {"text": "hi"})
        missing = await client.call_tool("lint_reply", {})
        wrong_type = await client.call_tool("lint_reply", {"text": 42})
        wrong_channel = await client.call_tool("lint_reply", {"text": "Hi", "channel": "fax"})
        too_large = await client.call_tool("lint_reply", {"text": "Hello there. " * 200})
        too_large_fix = await client.call_tool("fix_text", {"text": "u " * 1500})
        no_rule = await client.call_tool("explain_rule", {"id": "T1O1"})
        bad_flag = await client.call_tool("fix_text", {"text": "u", "unsafe": "perhaps"})
        after = report(await client.call_tool("lint_reply", {"text": "we r gonna fix it"}))
        empty = report(await client.call_tool("lint_reply", {"text": "  \n"}))
    assert "lint_everything" in error_text(unknown)
    assert "text" in error_text(missing) and "required" in error_text(missing).lower()
    assert "string" in error_text(wrong_type)
    assert "fax" in error_text(wrong_channel)
    assert "max_file_size" in error_text(too_large) and "max_file_size" in error_text(too_large_fix)
    assert "no such rule (did you mean" in error_text(no_rule)
    assert error_text(bad_flag)
    assert after["findings"]
    assert empty["files"][0]["status"] == "skipped" and empty["findings"] == []


#: a stray writer in the server process: once the server holds the wire (descriptor 1 no
#: longer the pipe it started with), it prints to standard output from Python and from C
_NOISE = """\
import os, sys, threading, time
_start = os.fstat(1).st_ino
def _noise():
    while os.fstat(1).st_ino == _start:
        time.sleep(0.01)
    print("noise from print")
    sys.stdout.flush()
    os.write(1, b"noise from a file descriptor\\n")
threading.Thread(target=_noise, daemon=True).start()
"""


def test_the_wire_answers_what_the_sdk_drops_and_carries_only_the_protocol(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitecustomize.py").write_text(_NOISE, encoding="utf-8")
    env = {**os.environ, "COMMLINT_NO_WORKER": "1", "PYTHONPATH": str(tmp_path / "site")}
    process = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               cwd=tmp_path, env=env)
    stdin, stdout, stderr = process.stdin, process.stdout, process.stderr
    assert stdin is not None and stdout is not None and stderr is not None

    def send(line: str) -> None:
        stdin.write(line.encode() + b"\n")
        stdin.flush()

    def answer() -> dict[str, Any]:
        ready, _, _ = select.select([stdout], [], [], 120)
        assert ready, "no answer"
        message: dict[str, Any] = json.loads(stdout.readline())
        return message

    try:
        send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "0"}}}))
        assert answer()["result"]["serverInfo"]["name"] == "commlint"
        send(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}))
        send("this is not JSON")
        assert answer() == {"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "Parse error: the line is not JSON"}}
        send(json.dumps({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": "lint_reply"}))
        bad = answer()
        assert bad["id"] == 2 and bad["error"]["code"] == -32600
        send("[1, 2]")
        assert answer()["error"]["code"] == -32600
        send(json.dumps({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "lint_reply", "arguments": "x"}}))
        assert answer()["error"]["code"] == -32602
        send(json.dumps({"jsonrpc": "2.0", "id": 4, "method": "tools/call",
                         "params": {"name": "lint_reply", "arguments": {"text": "we r gonna fix it asap"}}}))
        result = answer()
        assert result["id"] == 4 and result["result"]["structuredContent"]["findings"]
    finally:
        stdin.close()
        code = process.wait(60)
    rest = stdout.read().decode()
    errors = stderr.read().decode()
    assert code == 0
    assert rest == ""  # every line on standard output was an answer above
    assert "noise from print" in errors and "noise from a file descriptor" in errors


def test_without_the_sdk_it_says_what_to_install(tmp_path: Path) -> None:
    shadow = tmp_path / "no-sdk" / "mcp"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ModuleNotFoundError(\"No module named 'mcp'\", name='mcp')\n")
    run = subprocess.run(SERVER, capture_output=True, text=True, cwd=tmp_path, stdin=subprocess.DEVNULL,
                         env={**os.environ, "COMMLINT_NO_WORKER": "1", "PYTHONPATH": str(tmp_path / "no-sdk")}, check=False)
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.splitlines() == [
        "commlint: error: commlint mcp: the MCP SDK is not installed: pip install 'commlint[mcp]' (or: pip install 'mcp>=2.3,<3')"
    ]


def test_a_root_that_is_not_a_folder_is_one_line(tmp_path: Path) -> None:
    run = subprocess.run([*SERVER, "--root", str(tmp_path / "nowhere")], capture_output=True, text=True,
                         stdin=subprocess.DEVNULL, env={**os.environ, "COMMLINT_NO_WORKER": "1"}, check=False)
    assert run.returncode == 2 and run.stdout == ""
    assert len(run.stderr.splitlines()) == 1 and "--root" in run.stderr
