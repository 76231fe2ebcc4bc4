"""Load and validate rule packs (``rules/*.yaml``) into a frozen ``RuleSet``."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any, Iterable

from commlint.errors import ConfigError, PackError
from commlint.packs.examples import parse_example
from commlint.findings import Applicability, Severity
from commlint.findings.model import picks
from commlint.ruletypes.lexicon import Lexicon, Term, load_lexicon
from commlint.options import OptionError, parse_options
from commlint.ruletypes.base import CATEGORIES, Rule, RuleMeta
from commlint.ruletypes.registry import RULE_TYPES, SUB_ID_TYPES
from commlint.ruletypes.resources import Resources
from commlint.ruletypes.token_patterns import check_fragments
from commlint.ruletypes.scope import Scope, ScopeSpec
from commlint.yamlio import read_yaml

_ID = re.compile(r"^[A-Z]{1,3}[0-9]{3}$")
#: a rule whose findings carry their own ids under its id (GR -> GR.harper.SpellCheck)
_SUB_ID = re.compile(r"^[A-Z]{2,3}$")
_NAME = re.compile(r"^[a-z][a-z-]*(\.[a-z0-9][a-z0-9-]*)+$")


@dataclasses.dataclass(frozen=True)
class _Examples:
    bad: tuple[Any, ...]  #: strings, or {text, kind, channel}
    good: tuple[Any, ...]


@dataclasses.dataclass(frozen=True)
class _RuleYaml:
    id: str
    name: str
    category: str
    severity: str
    type: str
    message: str
    rationale: str
    suggestions: tuple[str, ...]
    matcher: dict
    examples: _Examples
    fix: str = "display"
    aliases: tuple[str, ...] = ()
    enabled: bool = True
    redact: bool | str = False  #: true, false or "last4"
    scope: ScopeSpec | None = None
    supersedes: tuple[str, ...] = ()  #: rule ids whose finding on the same words this one replaces


@dataclasses.dataclass(frozen=True)
class _PackYaml:
    pack: str
    description: str
    rules: tuple[dict, ...]
    scope: ScopeSpec | None = None  #: the scope of every rule of the pack that gives none
    fragments: dict | None = None  #: token-pattern fragments of this pack only


@dataclasses.dataclass(frozen=True)
class _FragmentsYaml:
    description: str
    fragments: dict


#: the folder, inside a pack folder, of the token-pattern fragments all its packs share
FRAGMENTS_FOLDER = "fragments"


#: selectors of the findings the engine itself reports (unused or unknown suppressions)
ENGINE_SELECTORS = ("suppression", "X00")


@dataclasses.dataclass(frozen=True)
class RuleSet:
    """The rules of a run, in pack order; immutable and passed explicitly."""

    rules: tuple[Rule, ...]

    @property
    def requires(self) -> frozenset[str]:
        return frozenset().union(*(r.requires for r in self.rules)) if self.rules else frozenset()

    def get(self, key: str) -> Rule | None:
        """A rule by id, name or alias, or the rule a finding's own id sits under."""
        for rule in self.rules:
            if key in (rule.meta.id, rule.meta.name) or key in rule.meta.aliases:
                return rule
        for rule in self.rules:  # a finding's own id under its rule's (GR.harper.SpellCheck)
            if is_sub_selector(key, rule.meta):
                return rule
        return None

    def select(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> "RuleSet":
        """Keep rules matching ``select`` (all enabled ones when empty) and not ``ignore``.
        A rule with ``enabled: false`` runs only when selected by its exact id or name."""
        select, ignore = tuple(select), tuple(ignore)
        for selector in select + ignore:
            if selector.startswith(ENGINE_SELECTORS):
                continue  # findings the engine makes about directives, not rules of a pack
            if not any(selects(selector, r.meta) for r in self.rules):
                key = "select" if selector in select else "ignore"  # the setting: a CLI flag, a config key or a Config field
                raise ConfigError(key, f"no rule matches {selector!r} (give an id, a name prefix or a category)")
        kept = []
        for rule in self.rules:
            meta = rule.meta
            if not (any(selects(s, meta) for s in select) if select else meta.enabled):
                continue
            if not (meta.enabled or any(names(s, meta) or is_sub_selector(s, meta) for s in select)):
                continue
            if any(selects(s, meta) and not is_sub_selector(s, meta) for s in ignore):
                continue
            only = tuple(s for s in select if is_sub_selector(s, meta))
            if any(selects(s, meta) and not is_sub_selector(s, meta) for s in select):
                only = ()  # the whole rule is selected too
            skip = tuple(s for s in ignore if is_sub_selector(s, meta))
            kept.append(rule.narrowed(only, skip) if only or skip else rule)
        kept = tuple(kept)
        return RuleSet(kept)


def names(selector: str, meta: RuleMeta) -> bool:
    """Does ``selector`` name ``meta`` exactly (id, name or alias)? Needed for disabled rules."""
    return selector in (meta.id, meta.name) or selector in meta.aliases


def selects(selector: str, meta: RuleMeta) -> bool:
    """Does ``selector`` (id or id prefix, name or dotted-name prefix, category, alias) pick
    ``meta``, or name one of the engine rules a rule with sub-ids reports (``GR.harper.X``)?"""
    return picks(selector, meta.id, meta.name, meta.category, meta.aliases) or is_sub_selector(selector, meta)


def is_sub_selector(selector: str, meta: RuleMeta) -> bool:
    """Does ``selector`` name some of the findings of a rule whose findings carry their own
    ids under the rule's (``GR.languagetool`` or ``grammar.harper.SpellCheck`` under ``GR``)?"""
    return meta.type in SUB_ID_TYPES and (selector.startswith(meta.id + ".") or selector.startswith(meta.name + "."))


def load_lexicons(folders: Iterable[Path]) -> dict[str, Lexicon]:
    """Every ``*.yaml`` lexicon in ``folders``; a name defined twice is an error."""
    lexicons: dict[str, Lexicon] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.yaml")):
            label = _label(path)
            lexicon = load_lexicon(path, label)
            if lexicon.name in lexicons:
                raise PackError.at(label, f"lexicon {lexicon.name!r} is already defined in {lexicons[lexicon.name].path}")
            lexicons[lexicon.name] = lexicon
    return lexicons


#: the lexicon a configuration's ``extra_terms`` fill (the team's own jargon)
TEAM_LEXICON = "team_terms"


def load_ruleset(
    pack_folders: Iterable[Path], lexicon_folders: Iterable[Path], extra_terms: Iterable[tuple[str, str]] = ()
) -> RuleSet:
    """Load every pack in ``pack_folders``; ids, names and aliases must be unique.
    ``extra_terms`` (term, plain alternative) are the configured team lexicon."""
    lexicons = load_lexicons(lexicon_folders)
    team = tuple(Term(term=t, plain=p) for t, p in extra_terms)
    lexicons[TEAM_LEXICON] = Lexicon(TEAM_LEXICON, "terms from the configuration's extra_terms", team, "configuration")
    rules: list[Rule] = []
    owner: dict[str, str] = {}
    pack_folders = list(pack_folders)
    fragments = load_fragments(pack_folders)
    for folder in pack_folders:
        paths = [folder] if folder.is_file() else sorted(folder.glob("*.yaml"))
        for path in paths:
            for rule in load_pack(path, lexicons, fragments):
                for key in (rule.meta.id, rule.meta.name, *rule.meta.aliases):
                    if key in owner:
                        raise PackError.at(rule.meta.source, f"{key!r} is already used by a rule in {owner[key]}", rule.meta.id)
                    owner[key] = rule.meta.source
                rules.append(rule)
    _bind(rules)
    _check_supersedes(rules)
    return RuleSet(tuple(rules))


def _check_supersedes(rules: list[Rule]) -> None:
    """Every id a rule ``supersedes`` names another rule."""
    ids = {rule.meta.id for rule in rules}
    for rule in rules:
        for key in rule.meta.supersedes:
            if key == rule.meta.id or key not in ids:
                problem = "a rule cannot supersede itself" if key == rule.meta.id else f"no rule has the id {key!r}"
                raise PackError.at(rule.meta.source, problem, rule.meta.id, "supersedes")


def _bind(rules: list[Rule]) -> None:
    """Resolve the rules' references to each other; a cycle is an error."""
    by_key = {key: rule for rule in rules for key in (rule.meta.id, rule.meta.name, *rule.meta.aliases)}
    by_category: dict[str, list[Rule]] = {}
    for rule in rules:
        by_category.setdefault(rule.meta.category, []).append(rule)

    def lookup(key: str) -> list[Rule]:
        return [by_key[key]] if key in by_key else list(by_category.get(key, ()))

    for rule in rules:
        try:
            rule.bind(lambda key, me=rule: [r for r in lookup(key) if r is not me])  # a category's other rules
        except OptionError as exc:
            raise PackError.at(rule.meta.source, exc.problem, rule.meta.id, exc.field) from None
    state: dict[str, int] = {}  # 1: being visited, 2: done

    def visit(rule: Rule, path: tuple[str, ...]) -> None:
        if state.get(rule.meta.id) == 2:
            return
        if state.get(rule.meta.id) == 1:
            raise PackError.at(rule.meta.source, "rules refer to each other in a cycle: " + " -> ".join(path + (rule.meta.id,)), rule.meta.id, "matcher.unless.finding_of")
        state[rule.meta.id] = 1
        for other in rule.references():
            visit(other, path + (rule.meta.id,))
        state[rule.meta.id] = 2

    for rule in rules:
        visit(rule, ())


def load_fragments(pack_folders: Iterable[Path]) -> dict[str, Any]:
    """The shared token-pattern fragments: ``fragments/*.yaml`` in each pack folder; a
    name is defined once."""
    fragments: dict[str, Any] = {}
    where: dict[str, str] = {}
    for folder in pack_folders:
        for path in sorted((folder / FRAGMENTS_FOLDER).glob("*.yaml")) if folder.is_dir() else ():
            label = _label(path)
            try:
                parsed = parse_options(_FragmentsYaml, read_yaml(path, label))
            except OptionError as exc:
                raise PackError.at(label, exc.problem, field=exc.field) from None
            for name, raw in parsed.fragments.items():
                if name in where:
                    raise PackError.at(label, f"fragment {name!r} is already defined in {where[name]}", field="fragments")
                fragments[name], where[name] = raw, label
    try:
        check_fragments(fragments, "fragments")
    except OptionError as exc:
        raise PackError.at(", ".join(sorted(set(where.values()))), exc.problem, field=exc.field) from None
    return fragments


def load_pack(path: Path, lexicons: dict[str, Lexicon], fragments: dict[str, Any] | None = None) -> list[Rule]:
    """Read, validate and compile one pack file; ``fragments`` are the shared ones."""
    label = _label(path)
    try:
        head = parse_options(_PackYaml, read_yaml(path, label))
    except OptionError as exc:
        raise PackError.at(label, exc.problem, field=exc.field) from None
    if head.pack != path.stem:
        raise PackError.at(label, f"pack name {head.pack!r} must equal the file name {path.stem!r}", field="pack")
    shared = fragments or {}
    local = head.fragments or {}
    clash = sorted(set(local) & set(shared))
    if clash:
        raise PackError.at(label, f"fragment {clash[0]!r} is already a shared fragment", field="fragments")
    try:
        pack_scope = Scope.parse(head.scope) if head.scope is not None else None
        check_fragments({**shared, **local}, "fragments", local)  # the shared ones were checked in load_fragments
    except OptionError as exc:
        raise PackError.at(label, exc.problem, field=exc.field) from None
    resources = Resources(lexicons, {**shared, **local})
    return [_compile_rule(raw, index, label, resources, pack_scope) for index, raw in enumerate(head.rules)]


def _compile_rule(raw: Any, index: int, label: str, resources: Resources, pack_scope: Scope | None) -> Rule:
    rule_label = str(raw.get("id", f"#{index + 1}")) if isinstance(raw, dict) else f"#{index + 1}"
    try:
        spec = parse_options(_RuleYaml, raw)
        meta = _meta(spec, label)
        if spec.scope is None and pack_scope is not None:
            meta = dataclasses.replace(meta, scope=pack_scope)
        rule_type = RULE_TYPES[spec.type]
        options = parse_options(rule_type.options_class, spec.matcher, "matcher.")
        return rule_type(meta, options, resources)
    except OptionError as exc:
        raise PackError.at(label, exc.problem, rule_label, exc.field) from None


def _meta(spec: _RuleYaml, label: str) -> RuleMeta:
    if not (_ID.match(spec.id) or (spec.type in SUB_ID_TYPES and _SUB_ID.match(spec.id))):
        raise OptionError("id", f"{spec.id!r} is not a short code like T101" + (" or GR" if spec.type in SUB_ID_TYPES else ""))
    if not _NAME.match(spec.name):
        raise OptionError("name", f"{spec.name!r} is not a dotted name like tone.blaming")
    if spec.category not in CATEGORIES:
        raise OptionError("category", f"{spec.category!r} is not one of {', '.join(CATEGORIES)}")
    if not spec.name.startswith(spec.category + "."):
        raise OptionError("name", f"must start with the category, as in {spec.category}.something")
    if spec.type not in RULE_TYPES:
        raise OptionError("type", f"unknown rule type {spec.type!r} (known: {', '.join(RULE_TYPES)})")
    try:
        severity = Severity.parse(spec.severity)
        fix = Applicability(spec.fix)
    except ValueError as exc:
        raise OptionError("severity" if "severity" in str(exc) else "fix", str(exc)) from None
    for field in ("message", "rationale"):
        if not getattr(spec, field).strip():
            raise OptionError(field, "is empty")
    if not spec.suggestions:
        raise OptionError("suggestions", "give at least one suggestion")
    bad = tuple(_example(e, f"examples.bad[{i}]") for i, e in enumerate(spec.examples.bad))
    good = tuple(_example(e, f"examples.good[{i}]") for i, e in enumerate(spec.examples.good))
    if not bad or not good:
        raise OptionError("examples", "give at least one bad and one good example")
    for i, example in enumerate(bad):
        if not example.spans:
            raise OptionError(f"examples.bad[{i}]", "mark the expected span with [[...]]")
    return RuleMeta(
        id=spec.id, name=spec.name, category=spec.category, severity=severity, type=spec.type,
        message=spec.message, rationale=spec.rationale, suggestions=spec.suggestions,
        bad=bad, good=good, fix=fix, aliases=spec.aliases, enabled=spec.enabled, source=label,
        redact=_redact(spec.redact), scope=Scope.parse(spec.scope), supersedes=spec.supersedes,
    )



def _redact(value: bool | str) -> str:
    """``redact`` as RuleMeta keeps it: "" (show the match), "all" or "last4"."""
    if value is True or value == "all":
        return "all"
    if value is False:
        return ""
    if value != "last4":
        raise OptionError("redact", f"{value!r} is not true, false or last4")
    return value


def _example(raw: Any, field: str):
    try:
        return parse_example(raw)
    except OptionError as exc:
        raise OptionError(f"{field}.{exc.field}", exc.problem) from None


def _label(path: Path) -> str:
    """How errors name a file: relative to the current folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
