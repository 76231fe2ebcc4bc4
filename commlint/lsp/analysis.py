"""Lint one buffer: read it with the reader its name picks, under the configuration found
for its path, and place every finding in the buffer's text."""
from __future__ import annotations

import dataclasses

from commlint.errors import CommlintError
from commlint.lint.runner import check_size
from commlint.findings import Finding
from commlint.lsp.buffers import Buffer
from commlint.lsp.configs import Configs
from commlint.sources import reader_for

_QUOTING = '"\\\n\r'  #: characters a JSON or CSV field would hold escaped


@dataclasses.dataclass(frozen=True)
class Located:
    """A finding and where its document's text starts in the buffer (None: that document
    is not a verbatim part of the buffer, as an item of a JSON export is not, so its
    findings are shown at the top with the item named)."""

    finding: Finding
    base: int | None
    item: str = ""

    @property
    def start(self) -> int:
        return 0 if self.base is None else self.base + self.finding.start

    @property
    def end(self) -> int:
        return 0 if self.base is None else self.base + self.finding.end

    @property
    def fix_span(self) -> tuple[int, int] | None:
        """Buffer offsets the finding's fix replaces; None: no fix that can be applied here
        (none, approximate offsets, or a replacement an export's quoting would need escaped)."""
        fix = self.finding.fix
        if fix is None or self.base is None or not self.finding.exact:
            return None
        if self.item and any(c in fix.replacement for c in _QUOTING):
            return None
        return self.base + fix.start, self.base + fix.end


@dataclasses.dataclass(frozen=True)
class Analysis:
    """What linting one version of a buffer gave: findings, or the one problem that stopped
    it (a bad config file or rule pack, a buffer its reader cannot read)."""

    buffer: Buffer
    located: tuple[Located, ...] = ()
    problem: CommlintError | None = None
    reader: str = "text"  #: the reader's name: which comment syntax a directive takes
    top: int = 0  #: where a directive for the whole file goes (after any front matter)


def analyse(buffer: Buffer, configs: Configs) -> Analysis:
    """Lint ``buffer`` (slow: run it off the event loop)."""
    reader_name = "text"
    try:
        config = configs.config_for(buffer.path)
        reader = reader_for(buffer.name, config.input_format)
        reader_name = reader.name
        data = buffer.text.encode("utf-8", "surrogatepass")
        check_size(buffer.name, len(data), config.max_file_size)
        documents = reader.read(data, buffer.name)
        if not any(d.text.strip() for d in documents):
            return Analysis(buffer, reader=reader_name)
        results = list(configs.linter_for(config).check_documents(documents))
    except CommlintError as exc:
        return Analysis(buffer, problem=exc, reader=reader_name)
    located: list[Located] = []
    top = 0
    for document, result in zip(documents, results):
        base = _base(buffer.text, document.text)
        item = "" if document.origin is None else document.origin.label()
        located += [Located(f, base, item) for f in result.findings]
        if base == 0:
            top = max([top] + [r.end for r in document.skipped if r.reason == "front matter" and r.start == 0])
    located.sort(key=lambda x: (x.start, x.end, x.finding.rule_id))
    return Analysis(buffer, tuple(located), reader=reader_name, top=top)


def _base(text: str, document_text: str) -> int | None:
    """Where ``document_text`` (what a reader made of the buffer) starts in ``text``."""
    if document_text == text:
        return 0
    at = text.find(document_text) if document_text else -1
    return at if at >= 0 else None
