"""Generate a Vale style from commlint's own term lists, so Vale does comparable work.

Vale's style packages cannot be synced here (only package registries are reachable), and
an empty style would make Vale look faster than any real configuration. Instead, at
benchmark time, every *enabled* commlint ``phrase`` rule becomes Vale rules with the same
term lists:

* the jargon lexicons it uses (``jargon_lexicon/*.yaml``: ``term``, ``variants``,
  ``plain``, ``case_sensitive``) become ``substitution`` rules (term -> plain wording);
* its own ``matcher.phrases`` become ``existence`` rules.

Case-sensitive and case-insensitive entries go into separate rules (Vale's ``ignorecase``
is per rule). Straight and curly apostrophes both match, as in commlint. Vale gets the
terms and their listed variants but not commlint's generated inflections ("routers",
"rolled back"), so it does slightly less matching work than commlint; the report says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

STYLE = "CommLint"

# Characters with a meaning in Go's regexp (RE2) syntax; everything else is literal.
_SPECIAL = set("\\.+*?()|[]{}^$")


@dataclass
class TermSet:
    """Terms destined for one Vale rule: one commlint rule, one case mode."""

    name: str
    message: str
    case_sensitive: bool
    swap: dict[str, str] = field(default_factory=dict)
    tokens: list[str] = field(default_factory=list)


def go_literal(text: str) -> str:
    """``text`` as a Go regular expression matching it literally (apostrophes: both kinds)."""
    out: list[str] = []
    for char in text:
        if char in "'’":
            out.append("['’]")
        elif char in _SPECIAL:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return data if isinstance(data, dict) else {}


def _lexicon_terms(lexicon: dict[str, Any]) -> Iterable[tuple[list[str], str, bool]]:
    """``(spellings, plain, case_sensitive)`` for each term of a lexicon."""
    for term in lexicon.get("terms") or []:
        if not isinstance(term, dict) or "term" not in term:
            continue
        spellings = [str(term["term"])] + [str(v) for v in term.get("variants") or []]
        yield spellings, str(term.get("plain", "")), bool(term.get("case_sensitive", False))


def _rule_name(rule: dict[str, Any], suffix: str) -> str:
    base = "".join(part.capitalize() for part in
                   str(rule.get("name", rule.get("id", "rule"))).replace("-", ".").split("."))
    return f"{rule.get('id', '')}{base}{suffix}"


def collect(rules_dir: Path, lexicon_dir: Path) -> list[TermSet]:
    """Vale term sets for every enabled phrase rule in ``rules_dir``."""
    lexicons = {p.stem: _load(p) for p in sorted(lexicon_dir.glob("*.yaml"))}
    sets: list[TermSet] = []
    for pack_path in sorted(rules_dir.glob("*.yaml")):
        for rule in _load(pack_path).get("rules") or []:
            if not isinstance(rule, dict) or rule.get("type") != "phrase":
                continue
            if rule.get("enabled", True) is False:
                continue
            matcher = rule.get("matcher") or {}
            rule_cs = bool(matcher.get("case_sensitive", False))
            message = f"[{rule.get('id')}] '%s' ({rule.get('name')})"
            by_case = {
                cs: TermSet(_rule_name(rule, "Case" if cs else ""), message, cs)
                for cs in (False, True)
            }
            for lexicon_name in matcher.get("lexicons") or []:
                for spellings, plain, cs in _lexicon_terms(lexicons.get(str(lexicon_name), {})):
                    target = by_case[cs or rule_cs]
                    for spelling in spellings:
                        target.swap.setdefault(go_literal(spelling), plain)
            for phrase in matcher.get("phrases") or []:
                text = phrase.get("text") if isinstance(phrase, dict) else phrase
                cs = bool(phrase.get("case_sensitive", rule_cs)) if isinstance(phrase, dict) else rule_cs
                if text:
                    by_case[cs].tokens.append(go_literal(str(text)))
            sets.extend(s for s in by_case.values() if s.swap or s.tokens)
    return sets


def _rule_files(term_set: TermSet) -> dict[str, dict[str, Any]]:
    """One Vale rule per kind of entry: substitution for lexicon terms, existence for phrases."""
    files: dict[str, dict[str, Any]] = {}
    common = {"level": "warning", "ignorecase": not term_set.case_sensitive}
    if term_set.swap:
        files[f"{term_set.name}Terms"] = {
            "extends": "substitution",
            "message": "Use '%s' instead of '%s'.",
            **common,
            "swap": dict(sorted(term_set.swap.items())),
        }
    if term_set.tokens:
        files[f"{term_set.name}Phrases"] = {
            "extends": "existence",
            "message": term_set.message,
            **common,
            "tokens": sorted(set(term_set.tokens)),
        }
    return files


@dataclass(frozen=True)
class ValeSetup:
    """Where the generated configuration is, and how much it holds."""

    config: Path
    rules: int
    terms: int


def write_style(root: Path, rules_dir: Path, lexicon_dir: Path) -> ValeSetup:
    """Write ``root/.vale.ini`` and ``root/styles/CommLint/*.yml``; replace any old style."""
    style_dir = root / "styles" / STYLE
    style_dir.mkdir(parents=True, exist_ok=True)
    for old in style_dir.glob("*.yml"):
        old.unlink()
    rules = terms = 0
    for term_set in collect(rules_dir, lexicon_dir):
        for name, body in _rule_files(term_set).items():
            (style_dir / f"{name}.yml").write_text(
                yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=1000),
                encoding="utf-8")
            rules += 1
            terms += len(body.get("swap") or {}) + len(body.get("tokens") or [])
    config = root / ".vale.ini"
    config.write_text(
        "StylesPath = styles\n"
        "MinAlertLevel = suggestion\n\n"
        "[*.{txt,md}]\n"
        f"BasedOnStyles = {STYLE}\n",
        encoding="utf-8")
    return ValeSetup(config, rules, terms)
