"""The MCP server: the ``Service`` published as four tools with the official SDK's
``MCPServer`` over stdio. Input schemas come from the type hints; a result is structured
content (the dict) and the same JSON as text. An expected problem (a path outside the root,
an unknown rule, a text over the size limit) is a tool error with commlint's one line; the
SDK answers a malformed call (unknown tool, missing or mistyped argument) with a tool or
protocol error. The server keeps serving after every one of them.

The model loads in a thread started as the session opens (the handshake is answered at
once); a call that comes before it is ready waits for it (a few seconds), well inside any
client's request timeout.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import anyio
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.stdio import stdio_server
from mcp.types import ToolAnnotations
from pydantic import Field
from typing_extensions import TypedDict  # pydantic reads typing.TypedDict only from Python 3.12

from commlint.errors import CommlintError
from commlint.mcp_server.service import Service
from commlint.mcp_server.wire import Wire, claimed_stdio
from commlint.version import __version__

#: the channels a reply is read for (commlint.document.model.CHANNELS; a test keeps them equal)
Channel = Literal["email", "chat", "ticket", "kb"]
_T = TypeVar("_T")

INSTRUCTIONS = """\
commlint checks customer-support writing the way a support lead would: jargon and undefined \
acronyms, slang, hostile or blaming tone, overpromises, vague timelines, no clear next step, \
confidential data, hard-to-read prose, grammar. Before you send a reply you drafted for a \
customer, call lint_reply; fix what it reports (fix_text applies the mechanical fixes), \
call explain_rule when you need to know why a rule matters, and lint again until the reply \
has no warnings or errors. Everything runs locally: the text never leaves this machine."""

_READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)

_TextArg = Annotated[str, Field(description="The whole draft as plain text: greeting, body and sign-off.")]
_ChannelArg = Annotated[Channel | None, Field(
    description="Where the customer reads it: email, chat, ticket or kb. Omit for the configured channel (else email).",
)]


class Change(TypedDict):
    """One fix ``fix_text`` applied."""

    rule_id: str | None
    rule_name: str | None
    before: str
    after: str
    applicability: str


class Fixed(TypedDict):
    """What ``fix_text`` returns."""

    text: str
    changed: bool
    unsafe: bool
    changes: list[Change]


class Explanation(TypedDict):
    """What ``explain_rule`` returns."""

    id: str
    name: str
    category: str
    severity: str
    type: str
    fix: str
    enabled: bool
    aliases: list[str]
    status: str
    summary: str
    rationale: str
    suggestions: list[str]
    text: str


def build(service: Service) -> MCPServer[None]:
    """The server with its tools; ``service`` warms up when a session opens."""

    @asynccontextmanager
    async def warm_up(_: MCPServer[None]) -> AsyncIterator[None]:
        threading.Thread(target=service.warm, name="commlint-warm-up", daemon=True).start()
        yield None

    server: MCPServer[None] = MCPServer(
        "commlint", title="commlint", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING",
        lifespan=warm_up,
    )

    @server.tool(title="Lint a drafted reply", annotations=_READ_ONLY)
    def lint_reply(text: _TextArg, channel: _ChannelArg = None) -> dict[str, Any]:
        """Check a customer-support reply you drafted, before sending it. Returns commlint's
        JSON report: `findings` (each with rule_id, severity, message, the exact `match`, its
        line and column, `suggestions` and an optional safe or unsafe `fix`) and, under
        `files[0].score`, the message's score from 0 to 100 by area. Send the reply only when
        no finding is a warning or error; an empty `findings` list means nothing was found."""
        return _tool(service.lint_reply, text, channel)

    @server.tool(title="Lint a file", annotations=_READ_ONLY)
    def lint_file(
        path: Annotated[str, Field(description="A file under the server's root folder, relative to it (or absolute).")],
    ) -> dict[str, Any]:
        """Check a file of support writing under this server's root folder: a reply (.txt,
        .eml), a help-centre article (.md, .html) or a helpdesk macro export (.json, .csv,
        .jsonl), read as `commlint FILE` reads it, under that file's configuration. Returns the
        same JSON report as lint_reply, one `files` entry per message (an export's items each
        have their own). Files outside the root are refused."""
        return _tool(service.lint_file, path)

    @server.tool(title="Explain a rule", annotations=_READ_ONLY)
    def explain_rule(
        id: Annotated[str, Field(description="A rule id from a finding's rule_id (T101, GR.harper.SpellCheck) or a rule name.")],
    ) -> Explanation:
        """Why a commlint rule reports what it reports, and what to write instead: the text
        of `commlint explain RULE` (`text`: what it flags, why it matters, its fix, flagged and
        fine examples) and its fields (category, severity, summary, rationale, suggestions,
        whether this configuration runs it). Call it when a finding's message is not enough."""
        return _tool(service.explain_rule, id)  # type: ignore[return-value]

    @server.tool(title="Apply the fixes", annotations=_READ_ONLY)
    def fix_text(
        text: _TextArg,
        unsafe: Annotated[bool, Field(description="Also apply the rewrites that may change the meaning (jargon, tone); read them.")] = False,
        channel: _ChannelArg = None,
    ) -> Fixed:
        """Apply commlint's mechanical fixes to a drafted reply and return the new `text`
        (nothing is written anywhere), with each change made (`before`, `after`, rule). Safe
        fixes keep the meaning ("u" -> "you", "!!!" -> "!", a doubled word, a plain typo); with
        `unsafe` the rewrites that may change it are applied too. Findings that need a person's
        choice stay: call lint_reply on the result and rewrite those yourself."""
        return _tool(service.fix_text, text, unsafe, channel)  # type: ignore[return-value]

    return server


def _tool(work: Callable[..., _T], *args: Any) -> _T:
    """Run a tool's work; a problem the caller can act on becomes a tool error (one line)."""
    try:
        return work(*args)
    except CommlintError as exc:
        raise ToolError(exc.one_line()) from None
    except (TypeError, ValueError) as exc:  # the library's misuse errors: say them as they are
        raise ToolError(" ".join(str(exc).split())) from None


def run(root: Path) -> None:
    """Serve over standard input and output until the client closes them: standard output
    carries the protocol only (anything else printed goes to stderr, as logs do)."""
    logging.getLogger("commlint").setLevel(logging.WARNING)
    server = build(Service(root))
    lowlevel = getattr(server, "_lowlevel_server", None)  # MCPServer runs stdio only on its own streams
    if lowlevel is None:  # pragma: no cover - another SDK layout: serve unguarded
        server.run("stdio")
        return
    anyio.run(_serve, lowlevel)


async def _serve(lowlevel: Any) -> None:
    """The low-level server over the guarded wire (``commlint.mcp_server.wire``)."""
    with claimed_stdio() as (reader, writer):
        wire = Wire(reader, writer)
        async with stdio_server(stdin=wire, stdout=wire) as (read, write):  # type: ignore[arg-type]
            await lowlevel.run(read, write, lowlevel.create_initialization_options())
