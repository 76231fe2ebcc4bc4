"""The rules a configuration runs: the shipped and extra packs, selected, with the
configuration's severity and threshold adjustments."""
from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import os
import pickle
import sys
from pathlib import Path

from commlint import data
from commlint.atomic import write_atomic
from commlint.config import Config
from commlint.errors import PackError
from commlint.findings import Severity
from commlint.lint.cache import fingerprint
from commlint.packs.loader import RuleSet, load_ruleset, selects
from commlint.paths import cache_root
from commlint.ruletypes.base import Rule
from commlint.ruletypes.grammar import GrammarRule, GrammarSettings
from commlint.ruletypes.token_patterns import known_valid_patterns


def data_folders(config: Config) -> tuple[list[Path], list[Path]]:
    """The rule-pack and lexicon folders (or files) ``config`` uses."""
    packs = [data.packs_dir()] if config.default_packs else []
    packs += [Path(p) for p in config.packs]
    lexicons = [data.lexicons_dir()] + [Path(p) for p in config.lexicons]
    for folder in packs + lexicons:
        if not folder.exists():
            raise PackError(str(folder), "rule pack or lexicon folder not found")
    return packs, lexicons


def build_ruleset(config: Config) -> RuleSet:
    """The rules ``config`` selects, from the shipped packs and any extra ones, with its
    severity and threshold adjustments applied."""
    packs, lexicons = data_folders(config)
    key = fingerprint([*packs, *lexicons])  # the packs' bytes: an edited pack is read again
    ruleset = _loaded(key, tuple(packs), tuple(lexicons), config.extra_terms).select(config.select, config.ignore)
    return with_grammar(adjust(ruleset, config), config)


def with_grammar(ruleset: RuleSet, config: Config) -> RuleSet:
    """The grammar rules set to the configured engine, or left out with ``grammar: off``."""
    if not any(isinstance(r, GrammarRule) for r in ruleset.rules):
        return ruleset
    if config.grammar == "off":
        return RuleSet(tuple(r for r in ruleset.rules if not isinstance(r, GrammarRule)))
    settings = GrammarSettings(config.grammar, config.grammar_url, config.grammar_idle)
    return RuleSet(tuple(
        r.configured(settings, config.allow_terms, config.grammar_documents) if isinstance(r, GrammarRule) else r
        for r in ruleset.rules
    ))


@functools.lru_cache(maxsize=8)
def _loaded(
    key: str, packs: tuple[Path, ...], lexicons: tuple[Path, ...], extra_terms: tuple[tuple[str, str], ...]
) -> RuleSet:
    """Every rule of the packs, loaded once per process for each set of packs: a run whose
    files have different configurations (per-glob overrides) reads and compiles them once.
    Packs whose exact bytes (``key``) loaded cleanly before skip spaCy's pattern schema."""
    stored = _stored_path(key, extra_terms)
    kept = _read_stored(stored)
    if kept is not None:
        return kept
    marker = _validated_marker(key, extra_terms)
    if marker is not None and marker.exists():
        with known_valid_patterns():
            ruleset = load_ruleset(packs, lexicons, extra_terms=extra_terms)
    else:
        ruleset = load_ruleset(packs, lexicons, extra_terms=extra_terms)
        if marker is not None:
            try:
                write_atomic(marker, b"", durable=False)
            except OSError:
                pass  # only slower next time
    _store(stored, ruleset)
    return ruleset


_STORED_FORMAT = "ruleset-1"  #: bump when what a stored rule set holds changes shape


def _stored_path(key: str, extra_terms: tuple[tuple[str, str], ...]) -> Path | None:
    """Where the compiled rule set of these packs is kept between runs: keyed by the packs'
    bytes and the libraries' versions (``key``), the team terms, and commlint's own code
    (its modules' sizes and times, so a changed checkout never unpickles old classes)."""
    try:
        text = f"{_STORED_FORMAT}\0{key}\0{extra_terms!r}\0{_code_digest()}\0{sys.version}"
        return cache_root() / "rulesets" / f"{hashlib.sha256(text.encode()).hexdigest()}.pickle"
    except Exception:  # noqa: BLE001 - no cache folder: compile every time
        return None


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """A digest of commlint's modules as installed (path, size, modification time)."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        info = path.stat()
        digest.update(f"{path.relative_to(root)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _read_stored(path: Path | None) -> RuleSet | None:
    """The rule set kept at ``path``, or None when there is none, it is not this user's
    own private file, or it cannot be read back (then it is compiled again)."""
    if path is None:
        return None
    try:
        info = path.stat()
        if info.st_uid != os.geteuid() or info.st_mode & 0o077:
            return None  # unpickle only what this user wrote and nobody else could change
        ruleset = pickle.loads(path.read_bytes())  # noqa: S301 - this user's private cache, keyed by content
        return ruleset if isinstance(ruleset, RuleSet) else None
    except Exception:  # noqa: BLE001 - missing, damaged or from other code: compile
        return None


def _store(path: Path | None, ruleset: RuleSet) -> None:
    """Keep ``ruleset`` at ``path`` (mode 0600); a rule set with a part that cannot be kept
    (a rule type from a plug-in holding a closure) is simply compiled each time."""
    if path is None:
        return
    try:
        data = pickle.dumps(ruleset, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(path, data, durable=False)
        kept = sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[_STORED_MOST:]:  # bounded: each edit of a pack or of commlint makes one
            old.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - only slower next time
        pass


_STORED_MOST = 6  #: rule sets kept (per-glob configurations and extra packs make more than one)


def _validated_marker(key: str, extra_terms: tuple[tuple[str, str], ...]) -> Path | None:
    """The empty file in the user cache that says these packs (their bytes, commlint's and
    spaCy's versions: ``key``) passed validation; None when there is no cache folder."""
    try:
        digest = hashlib.sha256(f"{key}\0{extra_terms!r}".encode()).hexdigest()
        return cache_root() / "validated" / digest
    except Exception:  # noqa: BLE001 - no cache folder: validate every time
        return None


def adjust(ruleset: RuleSet, config: Config) -> RuleSet:
    """``ruleset`` with ``config.severity`` and ``config.thresholds`` applied (later entries win)."""
    if not config.severity and not config.thresholds:
        return ruleset
    rules = []
    for rule in ruleset.rules:
        for selector, level in config.severity:
            if selects(selector, rule.meta):
                rule = _with_meta(rule, severity=Severity.parse(level))
        for selector, values in config.thresholds:
            if selects(selector, rule.meta) and hasattr(rule, "with_limits"):
                rule = rule.with_limits(dict(values))
        rules.append(rule)
    return RuleSet(tuple(rules))


def _with_meta(rule: Rule, **changes) -> Rule:
    changed = copy.copy(rule)
    changed.meta = dataclasses.replace(rule.meta, **changes)
    return changed
