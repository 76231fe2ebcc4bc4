"""`commlint lsp` end to end: a real server process driven over stdio by pytest-lsp, with
the real spaCy model. Two servers: one with the defaults (UTF-16), one offered UTF-8 first
and started with a long debounce."""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
import yaml
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from commlint.lsp.positions import UTF8, UTF16, UTF32, PositionMap, apply_change

_async = pytest.mark.asyncio(loop_scope="module")  #: every test shares its module's servers

ROOT = Path(__file__).resolve().parent.parent
SERVER = [sys.executable, "-m", "commlint", "lsp"]
REPLY = "Hi Sam,\n\nWe are gonna push the update today, lol.\n\nI will email you by 3 pm today to confirm.\n\nBest regards,\nAlex\n"
EMOJI = "Hi Sam,\n\n\U0001F600\U0001F600 We are gonna send the refund by 3 pm today.\n\nBest regards,\nAlex\n"
ARTICLE = (
    "---\ntitle: Resetting your router\n---\n# Resetting your router\n\nType `gonna` in the box.\n\n"
    "The latency is gonna drop after the restart.\n"
)


def _client() -> LanguageClient:
    """pytest-lsp's client, also keeping every publishDiagnostics (with its version) and
    accepting the server's registration of file watchers."""
    client = LanguageClient(converter_factory=default_converter)
    client.published = {}  # type: ignore[attr-defined]

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.setdefault(params.uri, []).append(params)  # type: ignore[attr-defined]

    def register(client: LanguageClient, params: types.RegistrationParams) -> None:
        client.registrations = params.registrations  # type: ignore[attr-defined]

    register_lsp_features(client, {
        **DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish,
        types.CLIENT_REGISTER_CAPABILITY: register,
    })
    return client


def _capabilities(encodings: list[str] | None = None) -> types.ClientCapabilities:
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        workspace=types.WorkspaceClientCapabilities(
            workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True),
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True),
        ),
        text_document=types.TextDocumentClientCapabilities(
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
        ),
    )


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A repository with a folder whose config ignores slang and one whose config is bad."""
    root = tmp_path_factory.mktemp("ws")
    (root / ".git").mkdir()
    (root / "quiet").mkdir()
    (root / "quiet" / ".commlint.yaml").write_text("ignore: [slang]\n")
    (root / "broken").mkdir()
    (root / "broken" / ".commlint.yaml").write_text("severity:\n  S104: loud\n")
    return root


async def _start(client: LanguageClient, root: Path, encodings: list[str] | None, options: dict) -> None:
    client.init_result = await client.initialize_session(types.InitializeParams(  # type: ignore[attr-defined]
        capabilities=_capabilities(encodings), initialization_options=options,
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="ws")],
    ))


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=SERVER, client_factory=_client))
async def client(lsp_client: LanguageClient, workspace: Path):
    await _start(lsp_client, workspace, None, {"debounce": 0.05})
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=SERVER, client_factory=_client))
async def utf8_client(lsp_client: LanguageClient, workspace: Path):
    await _start(lsp_client, workspace, [UTF8, UTF16], {"debounce": 0.6})
    yield
    await lsp_client.shutdown_session()


# -- helpers ------------------------------------------------------------------------------


def _position(text: str, offset: int, encoding: str = UTF16) -> tuple[int, int]:
    """(line, character) of ``offset``, counted independently of the server's code."""
    before = text[:offset]
    line = before.count("\n")
    column = before[before.rfind("\n") + 1 :]
    codec = {UTF8: "utf-8", UTF16: "utf-16-le", UTF32: "utf-32-le"}[encoding]
    width = {UTF8: 1, UTF16: 2, UTF32: 4}[encoding]
    return line, len(column.encode(codec)) // width


def _range(text: str, word: str, encoding: str = UTF16, nth: int = 0) -> types.Range:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    (a, b), (c, d) = _position(text, start, encoding), _position(text, start + len(word), encoding)
    return types.Range(start=types.Position(line=a, character=b), end=types.Position(line=c, character=d))


def _apply(text: str, edit: types.TextEdit, encoding: str = UTF16) -> str:
    return apply_change(text, types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text), encoding)


def _open(client: LanguageClient, uri: str, text: str, language: str = "plaintext", version: int = 1) -> None:
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text),
    ))


def _change(client: LanguageClient, uri: str, version: int, text: str, at: types.Range | None = None) -> None:
    change = (types.TextDocumentContentChangeWholeDocument(text=text) if at is None
              else types.TextDocumentContentChangePartial(range=at, text=text))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[change],
    ))


async def _diagnostics(client: LanguageClient, uri: str, version: int | None, timeout: float = 30) -> list[types.Diagnostic]:
    """The diagnostics published for ``uri`` at ``version``, waiting for them if need be."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        for params in reversed(client.published.get(uri, [])):  # type: ignore[attr-defined]
            if params.version == version:
                return list(params.diagnostics)
        if loop.time() > deadline:
            raise AssertionError(f"no diagnostics for {uri} at version {version}")
        try:
            await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 0.5)
        except asyncio.TimeoutError:
            pass


def _only(found: list[types.Diagnostic], code: str) -> types.Diagnostic:
    matching = [d for d in found if d.code == code]
    assert len(matching) == 1, [(d.code, d.message) for d in found]
    return matching[0]


def _rationale(rule_id: str, pack: str) -> str:
    rules = yaml.safe_load((ROOT / "rules" / pack).read_text(encoding="utf-8"))["rules"]
    return " ".join(next(r for r in rules if r["id"] == rule_id)["rationale"].split())


# -- the default server (UTF-16) ----------------------------------------------------------


@_async
async def test_reply_diagnostics_on_open(client: LanguageClient, workspace: Path):
    uri = (workspace / "reply.txt").as_uri()
    _open(client, uri, REPLY)
    found = await _diagnostics(client, uri, 1)
    gonna, lol = _only(found, "S104"), _only(found, "S103")
    assert gonna.range == _range(REPLY, "gonna") and lol.range == _range(REPLY, "lol")
    assert gonna.severity == types.DiagnosticSeverity.Information and lol.severity == types.DiagnosticSeverity.Warning
    assert gonna.source == "commlint" and gonna.message and gonna.code_description is None
    assert gonna.data["fix"] == {
        "range": {"start": {"line": 2, "character": 7}, "end": {"line": 2, "character": 12}},
        "newText": "going to", "applicability": "safe",
    }


@_async
async def test_markdown_buffer_is_read_as_markdown(client: LanguageClient, workspace: Path):
    uri = (workspace / "kb" / "router.md").as_uri()
    _open(client, uri, ARTICLE, "markdown")
    found = await _diagnostics(client, uri, 1)
    assert _only(found, "J101").range == _range(ARTICLE, "latency")
    assert _only(found, "S104").range == _range(ARTICLE, "gonna", nth=1)  # not the one in `code`
    assert _only(found, "J101").severity == types.DiagnosticSeverity.Warning


@_async
async def test_untitled_markdown_buffer(client: LanguageClient):
    uri = "untitled:Untitled-1"
    _open(client, uri, ARTICLE, "markdown")
    assert _only(await _diagnostics(client, uri, 1), "S104").range == _range(ARTICLE, "gonna", nth=1)


@_async
async def test_utf16_ranges_after_emoji_and_an_incremental_edit(client: LanguageClient, workspace: Path):
    uri = (workspace / "emoji.txt").as_uri()
    _open(client, uri, EMOJI)
    gonna = _only(await _diagnostics(client, uri, 1), "S104")
    assert gonna.range == _range(EMOJI, "gonna")
    assert gonna.range.start.character == EMOJI.splitlines()[2].index("gonna") + 2  # each emoji is 2 UTF-16 units
    # an incremental edit, its range in UTF-16 units after the emoji: "gonna" -> "going to"
    _change(client, uri, 2, "going to", at=gonna.range)
    fixed = EMOJI.replace("gonna", "going to")
    found = await _diagnostics(client, uri, 2)
    assert "S104" not in {d.code for d in found}
    # the server's text is the client's: a finding after the edit is where the client has it
    _change(client, uri, 3, " lol", at=_range(fixed, "today."))
    final = fixed.replace("today.", " lol", 1)
    assert _only(await _diagnostics(client, uri, 3), "S103").range == _range(final, "lol")


@_async
async def test_code_action_applies_the_fix(client: LanguageClient, workspace: Path):
    uri = (workspace / "fix.txt").as_uri()
    _open(client, uri, REPLY)
    found = await _diagnostics(client, uri, 1)
    gonna = _only(found, "S104")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=gonna.range,
        context=types.CodeActionContext(diagnostics=[gonna]),
    ))
    replace = [a for a in actions if a.title.startswith("Replace with")]
    assert [a.title for a in replace] == ["Replace with “going to” (S104)"] and replace[0].is_preferred
    (change,) = replace[0].edit.document_changes
    assert change.text_document.version == 1 and change.text_document.uri == uri
    text = _apply(REPLY, change.edits[0])
    assert "We are going to push" in text
    _change(client, uri, 2, text)
    assert "S104" not in {d.code for d in await _diagnostics(client, uri, 2)}


@_async
async def test_code_action_disables_the_rule_for_a_line(client: LanguageClient, workspace: Path):
    uri = (workspace / "disable.txt").as_uri()
    _open(client, uri, REPLY)
    lol = _only(await _diagnostics(client, uri, 1), "S103")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=lol.range, context=types.CodeActionContext(diagnostics=[]),
    ))  # no diagnostics sent: the server finds its own under the range
    titles = [a.title for a in actions]
    assert "Disable S103 for this line" in titles and "Disable S103 for this file" in titles
    action = next(a for a in actions if a.title == "Disable S103 for this line")
    text = _apply(REPLY, action.edit.document_changes[0].edits[0])
    assert "# commlint: ignore-next-line=S103\nWe are gonna push" in text
    _change(client, uri, 2, text)
    codes = {d.code for d in await _diagnostics(client, uri, 2)}
    assert "S103" not in codes and "X001" not in codes and "S104" in codes


@_async
async def test_hover_shows_the_rationale(client: LanguageClient, workspace: Path):
    uri = (workspace / "hover.txt").as_uri()
    _open(client, uri, REPLY)
    gonna = _only(await _diagnostics(client, uri, 1), "S104")
    inside = types.Position(line=gonna.range.start.line, character=gonna.range.start.character + 2)
    shown = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=inside,
    ))
    assert shown is not None and shown.contents.kind == types.MarkupKind.Markdown and shown.range == gonna.range
    plain = shown.contents.value.replace("\\", "")
    assert "S104" in plain and "slang.casual-contraction" in plain and gonna.message in plain
    assert _rationale("S104", "slang.yaml") in plain and "going to" in plain
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=1),
    ))
    assert nothing is None


@_async
async def test_workspace_config_ignoring_a_rule_is_respected(client: LanguageClient, workspace: Path):
    uri = (workspace / "quiet" / "reply.txt").as_uri()
    text = "Hi Sam,\n\nWe are gonna push the update asap.\n\nBest regards,\nAlex\n"
    _open(client, uri, text)
    codes = {d.code for d in await _diagnostics(client, uri, 1)}
    assert "M108" in codes and not any(str(c).startswith("S") for c in codes)


@_async
async def test_bad_config_is_one_clear_message_and_no_crash(client: LanguageClient, workspace: Path):
    uri = (workspace / "broken" / "reply.txt").as_uri()
    _open(client, uri, REPLY)
    (problem,) = await _diagnostics(client, uri, 1)
    config = workspace / "broken" / ".commlint.yaml"
    assert problem.message == f"{config}: severity.S104: 'loud' is not one of error, warning, info"
    assert problem.severity == types.DiagnosticSeverity.Error and problem.range.start.line == 0
    for _ in range(50):
        if client.messages:
            break
        await asyncio.sleep(0.05)
    assert [m.message for m in client.messages] == [f"commlint: {problem.message}"]
    # still serving; once the file is fixed (the client reports the change), real findings
    config.write_text("severity:\n  S104: error\n")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)],
    ))
    for _ in range(200):
        found = client.diagnostics[uri]
        if any(d.code == "S104" for d in found):
            break
        await asyncio.sleep(0.05)
    assert _only(found, "S104").severity == types.DiagnosticSeverity.Error


@_async
async def test_rapid_edits_publish_only_the_newest_version(client: LanguageClient, workspace: Path):
    uri = (workspace / "rapid.txt").as_uri()
    _open(client, uri, REPLY)
    await _diagnostics(client, uri, 1)
    texts = [REPLY.replace("today", "today" + " ok" * n) for n in range(1, 6)] + [REPLY.replace("gonna", "going to")]
    for version, text in enumerate(texts, start=2):
        _change(client, uri, version, text)
    found = await _diagnostics(client, uri, 7)
    assert "S104" not in {d.code for d in found}
    await asyncio.sleep(0.5)  # a stale run would publish by now
    versions = [p.version for p in client.published[uri]]
    assert versions == sorted(versions) and versions[0] == 1 and versions[-1] == 7
    assert len(versions) < 1 + len(texts)  # edits within the debounce are linted once


@_async
async def test_close_clears_the_diagnostics(client: LanguageClient, workspace: Path):
    uri = (workspace / "close.txt").as_uri()
    _open(client, uri, REPLY)
    assert await _diagnostics(client, uri, 1)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    assert await _diagnostics(client, uri, None) == []


@_async
async def test_config_files_are_watched(client: LanguageClient):
    for _ in range(100):
        if getattr(client, "registrations", None):
            break
        await asyncio.sleep(0.05)
    (registration,) = client.registrations
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    assert "**/.commlint.yaml" in [w["globPattern"] for w in registration.register_options["watchers"]]


# -- the second server: UTF-8 offered first, debounce 0.6 s -------------------------------


@_async
async def test_utf8_is_negotiated_and_used(utf8_client: LanguageClient, workspace: Path):
    assert utf8_client.init_result.capabilities.position_encoding == UTF8
    uri = (workspace / "utf8.txt").as_uri()
    _open(utf8_client, uri, EMOJI)
    gonna = _only(await _diagnostics(utf8_client, uri, 1), "S104")
    assert gonna.range == _range(EMOJI, "gonna", UTF8)
    assert gonna.range.start.character == EMOJI.splitlines()[2].index("gonna") + 6  # each emoji is 4 bytes


@_async
async def test_a_run_for_an_older_version_is_not_published(utf8_client: LanguageClient, workspace: Path):
    uri = (workspace / "stale.txt").as_uri()
    long = REPLY + "\n".join(["The update goes out today and we will check it with you by 3 pm."] * 60)
    _open(utf8_client, uri, long)  # linted at once (for a while: 900 words), so it ends after the edit below
    _change(utf8_client, uri, 2, REPLY.replace("gonna", "going to"))
    found = await _diagnostics(utf8_client, uri, 2)
    assert "S104" not in {d.code for d in found} and "S103" in {d.code for d in found}
    assert [p.version for p in utf8_client.published[uri]] == [2]


@_async
async def test_an_edit_after_a_pause_is_linted_at_once_and_a_burst_is_debounced(utf8_client: LanguageClient, workspace: Path):
    uri = (workspace / "debounce.txt").as_uri()
    _open(utf8_client, uri, REPLY)
    await _diagnostics(utf8_client, uri, 1)
    loop = asyncio.get_running_loop()
    await asyncio.sleep(0.7)  # longer than the 0.6 s debounce: the buffer is quiet
    started = loop.time()
    _change(utf8_client, uri, 2, REPLY.replace("gonna", "going to"))
    assert "S104" not in {d.code for d in await _diagnostics(utf8_client, uri, 2)}
    assert loop.time() - started < 0.6  # no waiting for the debounce
    started = loop.time()
    _change(utf8_client, uri, 3, REPLY.replace("gonna", "going to").replace("today", "tomorrow"))
    await asyncio.sleep(0.3)
    assert [p.version for p in utf8_client.published[uri]] == [1, 2]  # inside the debounce of the last lint
    await _diagnostics(utf8_client, uri, 3)
    assert loop.time() - started >= 0.6


# -- the position arithmetic on its own ---------------------------------------------------


@pytest.mark.parametrize("encoding, expected", [(UTF16, 5), (UTF8, 10), (UTF32, 4)])
def test_positions_count_code_units(encoding: str, expected: int):
    text = "a\r\nx\u2028\U0001F600é!\rlast"  # U+2028 is not a line break in LSP; CR alone is
    positions = PositionMap(text, encoding)
    bang = text.index("!")
    assert positions.position(bang) == types.Position(line=1, character=expected)
    assert positions.offset(types.Position(line=1, character=expected)) == bang
    assert positions.position(len(text)) == types.Position(line=2, character=4)
    assert positions.offset(types.Position(line=1, character=999)) == text.index("\r", bang)
    assert positions.offset(types.Position(line=9, character=0)) == len(text)
