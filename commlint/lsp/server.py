"""The language server: buffers in, diagnostics, hovers and code actions out (pygls, stdio).

An edit after a quiet spell is linted at once; an edit within the debounce of the last
lint restarts a short timer instead. Either way the buffer's text at that version is linted
on one lint thread, so the event loop keeps answering, and the result is published only if
the buffer is still at that version (an older run never overwrites a newer one). Linters are kept per configuration, so the model and the rules load once.
"""
from __future__ import annotations

import asyncio
import logging
import math
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from commlint.config.model import CONFIG_NAMES, PYPROJECT
from commlint.errors import CommlintError, ConfigError, PackError
from commlint.lsp.actions import code_actions
from commlint.lsp.analysis import Analysis, analyse
from commlint.lsp.buffers import Buffer, Buffers
from commlint.lsp.configs import Configs
from commlint.lsp.diagnostics import diagnostics
from commlint.lsp.hover import hover
from commlint.lsp.positions import UTF16, PositionMap, apply_change
from commlint.lsp.settings import Settings, parse_settings
from commlint.version import __version__

log = logging.getLogger("commlint.lsp")
_CONFIG_GLOBS = [f"**/{name}" for name in (*CONFIG_NAMES, PYPROJECT)]


class CommlintServer(LanguageServer):
    """The server's state: open buffers, their last analysis, configurations and linters."""

    def __init__(self) -> None:
        super().__init__("commlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.buffers = Buffers()
        self.configs = Configs()
        self.settings = Settings()
        self.analyses: dict[str, tuple[Analysis, PositionMap]] = {}
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._started: dict[str, float] = {}  #: when the last lint of each buffer started (loop time)
        self._tasks: set[asyncio.Task] = set()
        self._lint_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="commlint-lint")
        self._shown: set[str] = set()

    @property
    def encoding(self) -> str:
        """The position encoding agreed with the client."""
        encoding = self.workspace.position_encoding
        return str(getattr(encoding, "value", encoding) or UTF16)

    # -- linting --------------------------------------------------------------------------

    def schedule(self, uri: str, delay: float | None = None) -> None:
        """Lint ``uri`` after ``delay`` seconds. By default (an edit), at once when the buffer
        has been quiet for the debounce (no lint started and none waiting), else after the
        debounce without another edit: the first keystroke after a pause gets its
        diagnostics without waiting, and a burst of edits is linted once when it stops."""
        loop = asyncio.get_running_loop()
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        if delay is None:
            quiet = timer is None and loop.time() - self._started.get(uri, -math.inf) >= self.settings.debounce
            delay = 0 if quiet else self.settings.debounce
        self._timers[uri] = loop.call_later(delay, self._start, uri)

    def relint_all(self) -> None:
        for buffer in self.buffers.all():
            self.schedule(buffer.uri, 0)

    def cancel(self, uri: str) -> None:
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()

    def cancel_all(self) -> None:
        for uri in list(self._timers):
            self.cancel(uri)

    def _start(self, uri: str) -> None:
        self._timers.pop(uri, None)
        self._started[uri] = asyncio.get_running_loop().time()
        buffer = self.buffers.get(uri)
        if buffer is not None:
            task = asyncio.ensure_future(self._lint(buffer))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _lint(self, buffer: Buffer) -> None:
        encoding = self.encoding
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(self._lint_thread, self._analyse, buffer, encoding)
        if result is None or not self.buffers.is_current(buffer):
            return  # a newer version is on its way, or the buffer was closed
        analysis, positions = result
        self.analyses[buffer.uri] = (analysis, positions)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=buffer.uri, diagnostics=diagnostics(analysis, positions), version=buffer.version,
        ))
        problem = analysis.problem
        if isinstance(problem, (ConfigError, PackError)) and problem.one_line() not in self._shown:
            self._shown.add(problem.one_line())
            self.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Error, message=f"commlint: {problem.one_line()}",
            ))

    def _analyse(self, buffer: Buffer, encoding: str) -> tuple[Analysis, PositionMap] | None:
        """On the lint thread: the analysis of ``buffer``, or None if it is no longer current."""
        if not self.buffers.is_current(buffer):
            return None
        if buffer.is_config:
            analysis = Analysis(buffer)
        else:
            try:
                analysis = analyse(buffer, self.configs)
            except Exception as exc:  # noqa: BLE001 - an engine bug: one diagnostic and one stderr line, no crash
                problem = f"could not be linted ({type(exc).__name__}: {' '.join(str(exc).split())[:160]})"
                log.error("%s: %s", buffer.uri, problem, exc_info=log.isEnabledFor(logging.DEBUG))
                analysis = Analysis(buffer, problem=CommlintError(buffer.name, problem))
        return analysis, PositionMap(buffer.text, encoding)

    def warm_up(self) -> None:
        """Load the model and the rules of the workspace's configuration before the first
        buffer arrives (on the lint thread)."""

        def load() -> None:
            try:
                self.configs.linter_for(self.configs.config_for(None)).lint_text("Hello.")
            except CommlintError:
                pass  # reported on the buffers it concerns

        self._lint_thread.submit(load)

    def current(self, uri: str) -> tuple[Analysis, PositionMap] | None:
        """The last analysis of ``uri`` if it is of the buffer's current version."""
        found = self.analyses.get(uri)
        buffer = self.buffers.get(uri)
        if found is None or buffer is None or found[0].buffer.version != buffer.version or found[0].buffer.text != buffer.text:
            return None
        return found

    def say(self, level: types.MessageType, message: str) -> None:
        self.window_show_message(types.ShowMessageParams(type=level, message=f"commlint: {message}"))


def _folder_paths(params: types.InitializeParams) -> list[Path]:
    uris = [f.uri for f in params.workspace_folders or []] or ([params.root_uri] if params.root_uri else [])
    paths = [Path(p) for uri in uris if (p := to_fs_path(uri))]
    if not paths and params.root_path:
        paths = [Path(params.root_path)]
    return paths


def create_server() -> CommlintServer:
    """A server with every feature registered."""
    server = CommlintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: CommlintServer, params: types.InitializeParams) -> None:
        ls.settings, problems = parse_settings(params.initialization_options)
        ls.configs.set_folders(_folder_paths(params))
        for problem in problems:
            ls.say(types.MessageType.Warning, problem)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: CommlintServer, params: types.InitializedParams) -> None:
        ls.warm_up()
        watched = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
        if watched and watched.dynamic_registration:
            options = types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in _CONFIG_GLOBS]
            )
            registration = types.Registration(
                id="commlint-config-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options,
            )
            try:
                await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
            except Exception as exc:  # noqa: BLE001 - the client may refuse; saves still reload
                log.warning("the client did not watch the config files: %s", exc)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: CommlintServer, params: types.DidOpenTextDocumentParams) -> None:
        doc = params.text_document
        ls.buffers.open(Buffer(doc.uri, doc.text, doc.version, doc.language_id))
        ls.schedule(doc.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: CommlintServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        buffer = ls.buffers.get(uri)
        if buffer is None:
            return
        text = buffer.text
        for change in params.content_changes:
            text = apply_change(text, change, ls.encoding)
        ls.buffers.update(uri, text, params.text_document.version)
        ls.schedule(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: CommlintServer, params: types.DidSaveTextDocumentParams) -> None:
        buffer = ls.buffers.get(params.text_document.uri)
        path = to_fs_path(params.text_document.uri)
        if path and Path(path).name in (*CONFIG_NAMES, PYPROJECT):
            ls.configs.reload()
            ls.relint_all()
        elif buffer is not None:
            ls.schedule(buffer.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: CommlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.cancel(uri)
        ls.buffers.close(uri)
        ls.analyses.pop(uri, None)
        ls._started.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files(ls: CommlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.configs.reload()
        ls.relint_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def folders_changed(ls: CommlintServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
        ls.configs.set_folders([Path(p) for f in ls.workspace.folders.values() if (p := to_fs_path(f.uri))])
        ls.relint_all()

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: CommlintServer, params: types.HoverParams) -> types.Hover | None:
        found = ls.current(params.text_document.uri)
        return None if found is None else hover(found[0], found[1], params.position)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def on_code_action(ls: CommlintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        found = ls.current(params.text_document.uri)
        if found is None:
            return None
        edit = ls.client_capabilities.workspace and ls.client_capabilities.workspace.workspace_edit
        versioned = bool(edit and edit.document_changes)
        return code_actions(found[0], found[1], params, versioned) or None

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: CommlintServer, params: None) -> None:
        ls.cancel_all()

    return server


def serve() -> None:
    """Run the server over stdin and stdout until the client says exit."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="commlint lsp: %(levelname)s: %(message)s")
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the protocol stream
    create_server().start_io(stdin, stdout)
