"""What the MCP tools do, without the SDK: lint a draft reply or a file under the root,
explain a rule, apply the fixes. Every result is a JSON-ready dict; every problem the
caller can act on is a ``CommlintError`` (the server turns it into a tool error).

One ``Service`` lives as long as the server process. Linters are kept by configuration, so
the spaCy model and the rules load once; the configuration is read again on every call
(as ``commlint`` reads it: the config files from the repository root down to the root
folder, or to the linted file's folder), so an edited ``commlint.yaml`` applies at once.
Calls are served one at a time: the engine is not shared between threads.
"""
from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any

from commlint.config import Config
from commlint.config.resolve import ConfigResolver
from commlint.document.model import Document
from commlint.errors import CommlintError
from commlint.findings import Finding
from commlint.findings.fixes import fix_until_stable
from commlint.findings.results import DocumentFindings, FileResult
from commlint.lint.cache import fingerprint
from commlint.lint.engine import Linter
from commlint.lint.files import Input
from commlint.lint.pool import LinterPool
from commlint.lint.rules import build_ruleset, data_folders
from commlint.lint.runner import check_size, file_result, lint_inputs
from commlint.mcp_server.sandbox import Root
from commlint.nlp.doc_cache import DocCache
from commlint.nlp.doc_store import MemoryStore
from commlint.output.formatters.json import format_json
from commlint.packs.explain import configured_state, explain_rule, find_rule, message_words, summary
from commlint.packs.loader import load_ruleset
from commlint.sources.plain import text_document

log = logging.getLogger("commlint.mcp")

REPLY = "<reply>"  #: how the report names a draft given as text
_WARM_TEXT = "Hi Sam,\n\nSorry about the latency. We guarantee a fix ASAP and will call you today.\n\nBest,\nAlex\n"


class Service:
    """The tools' work for one server process, rooted at ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = Root(root)
        self._pool = LinterPool(doc_cache=DocCache(MemoryStore()))
        self._lock = threading.Lock()

    # -- the tools ------------------------------------------------------------------------

    def lint_reply(self, text: str, channel: str | None = None) -> dict[str, Any]:
        """The JSON report (``commlint --format json``) of ``text`` read as a plain-text reply
        on ``channel`` (None: the configured channel, else email), with its score."""
        config = self._config(kind="reply", channel=channel)
        _check_text(text, config)
        if not text.strip():
            return _report([FileResult(REPLY, notice="empty text, nothing to lint")])
        document = text_document(text)
        found = self._check(config, document)
        return _report([file_result(REPLY, document, found, config)])

    def lint_file(self, path: str) -> dict[str, Any]:
        """The JSON report of the file at ``path`` under the root (any format commlint reads;
        an export gives one entry per item), linted under that file's configuration."""
        real, display = self.root.resolve(path)
        resolver = self._resolver()
        with self._lock:
            results = lint_inputs(resolver.resolve(real), [Input(display, real)], jobs=1,
                                  config_for=lambda item: resolver.resolve(item.path), linter_for=self._linter)
        for result in results:
            if result.error is not None:
                raise result.error
        return _report(results)

    def explain_rule(self, rule: str) -> dict[str, Any]:
        """What ``commlint explain RULE`` prints (``text``), and the rule's fields."""
        config = self._config()
        with self._lock:
            packs, lexicons = data_folders(config)
            found = find_rule(load_ruleset(packs, lexicons, extra_terms=config.extra_terms), rule.strip())
            active = build_ruleset(config).get(found.meta.id)
        meta = found.meta if active is None else active.meta
        state = configured_state(found.meta, None if active is None else active.meta)
        return {
            "id": meta.id, "name": meta.name, "category": meta.category, "severity": meta.severity.label,
            "type": meta.type, "fix": meta.fix.value, "enabled": meta.enabled, "aliases": list(meta.aliases),
            "status": state,
            "summary": summary(meta), "rationale": " ".join(meta.rationale.split()),
            "suggestions": [" ".join(message_words(s).split()) for s in meta.suggestions],
            "text": explain_rule(meta, configured=state),
        }

    def fix_text(self, text: str, unsafe: bool = False, channel: str | None = None) -> dict[str, Any]:
        """``text`` with the fixes ``commlint --fix`` (``unsafe``: ``--unsafe-fixes`` too)
        applies to a plain-text reply, again until nothing changes, and each change made."""
        config = self._config(kind="reply", channel=channel)
        _check_text(text, config)

        def check(current: str) -> tuple[Document, tuple[Finding, ...]]:
            document = text_document(current)
            return document, self._check(config, document).findings
        fixed, changes = fix_until_stable(text, check, unsafe)
        return {"text": fixed, "changed": fixed != text, "unsafe": unsafe, "changes": [
            {"rule_id": c.rule_id, "rule_name": c.rule_name, "before": c.before, "after": c.after,
             "applicability": c.applicability.value} for c in changes
        ]}

    def warm(self) -> None:
        """Load the model and build the default configuration's rules and matchers now, so
        the first call does not wait for them (errors are left for the calls to report)."""
        try:
            config = self._config(kind="reply")
            self._check(config, text_document(_WARM_TEXT))
        except CommlintError as exc:
            log.warning("commlint mcp: not warmed up: %s", exc.one_line())
        except Exception:  # noqa: BLE001 - a warm-up must never stop the server; the calls will show it
            log.exception("commlint mcp: warm-up failed")

    # -- the work -------------------------------------------------------------------------

    def _resolver(self, **cli: Any) -> ConfigResolver:
        return ConfigResolver(cwd=self.root.folder, cli=cli)

    def _config(self, **cli: Any) -> Config:
        """The configuration that applies at the root, with ``cli`` on top (as options)."""
        return self._resolver(**cli).resolve(None)

    def _linter(self, config: Config, digest: str | None = None) -> Linter:
        """The kept Linter of ``config`` and its packs' content."""
        if digest is None:
            packs, lexicons = data_folders(config)
            digest = fingerprint([*packs, *lexicons])
        return self._pool.get(config, digest)

    def _check(self, config: Config, document: Document) -> DocumentFindings:
        with self._lock:
            return next(self._linter(config).check_documents([document]))


def _check_text(text: str, config: Config) -> None:
    """Refuse a text over the configured ``max_file_size`` (as the command line refuses a file)."""
    check_size("text", len(text.encode("utf-8", "surrogatepass")), config.max_file_size)


def _report(results: list[FileResult]) -> dict[str, Any]:
    """The ``--format json`` report of ``results``, as a dict."""
    report: dict[str, Any] = json.loads(format_json(results))
    return report
