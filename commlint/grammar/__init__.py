"""Grammar engines behind one interface (``backend.GrammarBackend``): LanguageTool over
HTTP (a server on this machine that commlint provisions and starts, or one the user
configured) and Harper, in a process of its own (``harper_backend``). See docs/grammar.md.

Nothing heavy is imported until a backend is opened.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from commlint.grammar.backend import (
    ISSUE_KINDS,
    GrammarBackend,
    GrammarIssue,
    GrammarUnavailable,
)

BACKENDS = ("languagetool", "harper")
AUTO = "auto"  #: LanguageTool where it can run without an install step, else Harper (``choose``)

__all__ = ["AUTO", "BACKENDS", "ISSUE_KINDS", "GrammarBackend", "GrammarIssue", "GrammarUnavailable", "choose",
           "open_backend"]


def choose(name: str, url: str | None = None) -> str:
    """The backend ``name`` stands for. ``auto`` is LanguageTool when a server URL is given,
    or when `commlint grammar install` has installed it and Java is on PATH; else Harper.
    It only looks (a marker file, PATH): nothing is started."""
    if name != AUTO:
        return name
    from commlint.grammar import install

    if url or (install.installed() is not None and shutil.which("java")):
        return "languagetool"
    return "harper"


def open_backend(
    name: str,
    url: str | None = None,
    *,
    idle: float | None = None,
    language: str = "en-US",
    version: str | None = None,
    server_folder: Path | None = None,
    timeout: float | None = None,
) -> GrammarBackend:
    """The backend called ``name`` (``auto``: see ``choose``). For "languagetool": the server
    at ``url`` when given; else the local server, reused when it runs and started (stopping
    after ``idle`` seconds unused) when it does not; GrammarUnavailable when Java or the
    install is missing."""
    name = choose(name, url)
    if name == "harper":
        from commlint.grammar.harper_backend import HarperBackend

        return HarperBackend()
    if name != "languagetool":
        raise GrammarUnavailable("grammar", f"unknown grammar backend {name!r} (one of {', '.join((AUTO, *BACKENDS))})")
    from commlint.grammar import install, server
    from commlint.grammar.languagetool import DEFAULT_TIMEOUT, LanguageToolBackend

    if url:
        return LanguageToolBackend(url, language, timeout=timeout or DEFAULT_TIMEOUT)
    state = server.ensure(version or install.DEFAULT_VERSION, idle, server_folder)
    folder = server.folder(server_folder)
    return LanguageToolBackend(state.url, language, timeout=timeout or DEFAULT_TIMEOUT,
                               on_use=lambda: server.touch(folder))
