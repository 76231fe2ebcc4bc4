"""Code actions: apply a finding's fix, or silence its rule with an inline ``commlint:``
directive (on this line or for the whole file) in the comment syntax of the buffer's format."""
from __future__ import annotations

from typing import Any

from lsprotocol import types

from commlint.lsp.analysis import Analysis
from commlint.lsp.diagnostics import SOURCE, diagnostic, range_from_json
from commlint.lsp.positions import PositionMap

_QUICKFIX = types.CodeActionKind.QuickFix.value
_SUPPRESSION = "suppression"  #: the category of commlint's own directive findings (X001, X002)


def code_actions(
    analysis: Analysis, positions: PositionMap, params: types.CodeActionParams, versioned: bool,
) -> list[types.CodeAction]:
    """Actions for the commlint diagnostics of the request (those the client sent, else those
    the server published that overlap the range). Diagnostics of another version of the
    buffer get none: their ranges may no longer point at the words. ``versioned``: the client
    takes ``documentChanges``, so an edit names the version it was made for."""
    version = analysis.buffer.version
    sent = [d for d in params.context.diagnostics if d.source == SOURCE and isinstance(d.data, dict)]
    if not sent:
        sent = [
            diagnostic(x, positions, version) for x in analysis.located
            if x.base is not None and _overlaps(positions, x.start, x.end, params.range)
        ]
    only = [str(getattr(k, "value", k)) for k in params.context.only or ()]
    if only and not any(k in ("", _QUICKFIX) or _QUICKFIX.startswith(k + ".") for k in only):
        return []  # the client asked for other kinds of action only
    actions: list[types.CodeAction] = []
    seen: set[tuple[str, str]] = set()
    for diag in sent:
        data: dict[str, Any] = diag.data
        if data.get("version") != version:
            continue
        rule = str(data.get("rule", ""))
        fix = data.get("fix")
        fix_range = range_from_json(fix.get("range")) if isinstance(fix, dict) else None
        if fix_range is not None and isinstance(fix.get("newText"), str):
            actions.append(types.CodeAction(
                title=f"Replace with “{fix['newText']}” ({rule})", kind=types.CodeActionKind.QuickFix,
                diagnostics=[diag], is_preferred=fix.get("applicability") == "safe",
                edit=_edit(analysis, [types.TextEdit(range=fix_range, new_text=fix["newText"])], versioned),
            ))
        if not rule or data.get("category") == _SUPPRESSION:
            continue
        for title, edit in _suppressions(analysis, positions, rule, positions.offset(diag.range.start)):
            if (title, rule) in seen:
                continue
            seen.add((title, rule))
            actions.append(types.CodeAction(
                title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diag],
                edit=_edit(analysis, [edit], versioned),
            ))
    return actions


def _overlaps(positions: PositionMap, start: int, end: int, r: types.Range) -> bool:
    a, b = positions.offset(r.start), positions.offset(r.end)
    return start <= b and a <= end


def _edit(analysis: Analysis, edits: list[types.TextEdit], versioned: bool) -> types.WorkspaceEdit:
    uri = analysis.buffer.uri
    if versioned:
        document = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=analysis.buffer.version)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=document, edits=edits)])
    return types.WorkspaceEdit(changes={uri: edits})


def _suppressions(analysis: Analysis, positions: PositionMap, rule: str, offset: int) -> list[tuple[str, types.TextEdit]]:
    """"Disable RULE for this line" and "... for this file", as the buffer's format writes
    directives: a ``# commlint:`` line in text, an HTML comment in Markdown and HTML. Other
    formats (an email's MIME source, exports) get none."""
    text = positions.text
    eol = "\r\n" if "\r\n" in text else "\n"
    line = positions.line_of(offset)
    start = positions.line_start(line)
    if analysis.reader == "text":
        indent = text[start : len(text) - len(text[start:].lstrip(" \t"))]
        on_line = _insert(positions, start, f"{indent}# commlint: ignore-next-line={rule}{eol}")
        whole = f"# commlint: disable={rule}{eol}"
    elif analysis.reader in ("markdown", "html"):
        line_end = positions.offset(types.Position(line=line, character=1 << 30))
        on_line = _insert(positions, line_end, f" <!-- commlint: disable-line={rule} -->")
        whole = f"<!-- commlint: disable={rule} -->{eol}"
    else:
        return []
    top = 0 if analysis.top == 0 else positions.line_start(positions.line_of(analysis.top) + 1)
    if top and top == len(text) and not text.endswith(("\n", "\r")):
        whole = eol + whole
    return [
        (f"Disable {rule} for this line", on_line),
        (f"Disable {rule} for this file", _insert(positions, top, whole)),
    ]


def _insert(positions: PositionMap, offset: int, new_text: str) -> types.TextEdit:
    at = positions.position(offset)
    return types.TextEdit(range=types.Range(start=at, end=at), new_text=new_text)
