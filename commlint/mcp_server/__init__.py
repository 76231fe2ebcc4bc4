"""``commlint mcp``: a Model Context Protocol server over stdio, so an AI assistant can lint,
explain and repair a drafted reply before it is sent (docs/mcp.md).

``service`` does the work without the SDK (plain values in, JSON-ready dicts out);
``server`` publishes it as MCP tools with the official ``mcp`` SDK; ``sandbox`` keeps file
reads under the server's root. The SDK is an optional extra: ``serve`` says what to install.
"""
from __future__ import annotations

from pathlib import Path

from commlint.errors import CommlintError

INSTALL_HINT = "the MCP SDK is not installed: pip install 'commlint[mcp]' (or: pip install 'mcp>=2.3,<3')"


def serve(root: Path) -> None:
    """Serve the tools over standard input and output until the client closes them; a
    ``CommlintError`` when the SDK is missing."""
    try:
        import mcp.server.mcpserver  # noqa: F401 - the SDK, checked before anything starts
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in ("mcp", "mcp_types"):
            raise
        raise CommlintError("commlint mcp", INSTALL_HINT) from None
    from commlint.mcp_server.server import run

    run(root)
