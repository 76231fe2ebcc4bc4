"""A rule's documentation from its metadata, in words: shared by ``commlint explain``
(text, here) and the generated reference in ``docs/rules/`` (Markdown, in
``commlint.output.rule_docs``). Prose fields may hold `code spans`; examples are verbatim."""
from __future__ import annotations

import dataclasses
import difflib
import string
import textwrap

from commlint.errors import CommlintError
from commlint.document.model import BLOCK_KINDS, WRITER_BLOCKS
from commlint.findings import Applicability
from commlint.packs.loader import RuleSet
from commlint.ruletypes.base import Example, Rule, RuleMeta
from commlint.ruletypes.scope import Scope

#: how a message template's placeholders read in the documentation
_PLACEHOLDERS = {
    "match": "the flagged words", "replacement": "the rewrite", "explain": "what it means",
    "acronym": "the acronym", "expansion": "its expansion", "words": "the word count",
    "limit": "the limit", "value": "the value", "field": "the field", "platform": "the platform",
    "score": "the score",
}

_FIX = {
    Applicability.SAFE: "safe: `commlint --fix` applies the rewrite a finding carries, because the meaning is kept.",
    Applicability.UNSAFE: (
        "unsafe: the rewrite may change the meaning, so it is applied only with "
        "`commlint --fix --unsafe-fixes`; read it first."
    ),
    Applicability.DISPLAY: "display: the suggestions are for a person to choose from; `--fix` never applies them.",
}

_KINDS = {"reply": "replies", "article": "articles", "macro": "macros"}


@dataclasses.dataclass(frozen=True)
class RuleDoc:
    """Everything the documentation says about one rule, as plain sentences."""

    meta: RuleMeta
    default: str  #: "on by default" / "disabled by default ..."
    scope: str  #: where it applies, in words
    reports: str  #: the message template, readable
    fix: str  #: the fix applicability, explained
    selecting: tuple[str, ...]  #: how to select, ignore and suppress it


def rule_doc(meta: RuleMeta) -> RuleDoc:
    """The documentation of ``meta``."""
    return RuleDoc(
        meta=meta, default=default_state(meta), scope=scope_words(meta.scope), reports=message_words(meta.message),
        fix=_FIX[meta.fix] + _superseding(meta), selecting=selection_lines(meta),
    )


def _superseding(meta: RuleMeta) -> str:
    """What ``supersedes`` does for this rule, as a sentence ("" when it names none)."""
    if not meta.supersedes:
        return ""
    names = ", ".join(meta.supersedes)
    return f" Where {names} reports the same words, only this finding is kept, with that rule's fix when it has none of its own."


def default_state(meta: RuleMeta) -> str:
    """Whether the rule runs when nothing selects it."""
    if meta.enabled:
        return "on by default"
    return f"disabled by default: it runs only when selected by its id or name (`--select {meta.id}`)"


def message_words(template: str) -> str:
    """A message template as a reader sees it: ``{match}`` -> ``‹the flagged words›``."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        return template
    out = []
    for literal, name, _, _ in parts:
        out.append(literal)
        if name is not None:
            out.append("\u2039" + _PLACEHOLDERS.get(name, name.replace("_", " ")) + "\u203a")
    return "".join(out)


def scope_words(scope: Scope) -> str:
    """Where a rule applies: document kinds, channels, audiences and blocks, in words."""
    kinds = ", ".join(_KINDS[k] for k in sorted(scope.documents)) if scope.documents else "every kind of document"
    parts = [kinds]
    if scope.channels:
        parts.append("on " + ", ".join(sorted(scope.channels)))
    if scope.audiences:
        parts.append("for " + ", ".join(sorted(scope.audiences)) + " readers")
    parts.append("in " + _blocks(scope.blocks))
    if scope.in_masks:
        parts.append("also inside " + ", ".join(m.replace("_", " ") + "s" for m in sorted(scope.in_masks)))
    if scope.any_language:
        parts.append("in any language")
    return "; ".join(parts)


def _blocks(blocks: frozenset[str]) -> str:
    def named(kinds) -> str:
        return ", ".join(k.replace("_", " ") + "s" for k in BLOCK_KINDS if k in kinds)

    if blocks == frozenset(BLOCK_KINDS):
        return "every block, signatures and quoted replies too"
    if blocks == WRITER_BLOCKS:
        return "the writer's own words"
    if blocks < WRITER_BLOCKS:
        missing = WRITER_BLOCKS - blocks
        if len(missing) < len(blocks):
            return f"the writer's own words except {named(missing)}"
        return named(blocks)
    if blocks > WRITER_BLOCKS:
        return f"the writer's own words and {named(blocks - WRITER_BLOCKS)}"
    return named(blocks)


def selection_lines(meta: RuleMeta) -> tuple[str, ...]:
    """How to turn the rule on or off on the command line, in a config file and inline."""
    keys = [f"`{meta.id}`", f"`{meta.name}`"] + [f"`{a}`" for a in meta.aliases]
    lines = [
        "Named by " + ", ".join(keys) + (f"; its category is `{meta.category}`." if meta.enabled else "."),
        f"Run only this rule: `commlint --select {meta.id} FILE`; skip it: `--ignore {meta.id}`, "
        f"or `ignore: [{meta.id}]` in `.commlint.yaml`.",
        f"Suppress it inline: `# commlint: disable={meta.id}` on a line of its own (text), "
        f"`<!-- commlint: ignore-next-line={meta.id} -->` (Markdown and HTML).",
    ]
    if not meta.enabled:
        lines.insert(1, "A category or an id prefix does not turn it on; its exact id or name does.")
    return tuple(lines)


def flagged_parts(example: Example) -> list[tuple[str, bool]]:
    """The example's text cut into (text, is it a reported span) pieces, in order."""
    parts, pos = [], 0
    for start, end in sorted(example.spans):
        if start < pos:
            continue
        if start > pos:
            parts.append((example.text[pos:start], False))
        parts.append((example.text[start:end], True))
        pos = end
    if pos < len(example.text):
        parts.append((example.text[pos:], False))
    return parts


def read_as(example: Example) -> str:
    """"(read as a macro on ticket)" for an example read as another kind of document, else ""."""
    if not example.kind and not example.channel:
        return ""
    what = f"{'an' if example.kind[0] in 'aeiou' else 'a'} {example.kind}" if example.kind else "a document"
    return f"(read as {what}{' on ' + example.channel if example.channel else ''})"


def summary(meta: RuleMeta) -> str:
    """The rule in one line: its message, with "…" for the flagged words."""
    return " ".join(message_words(meta.message.replace("{match}", "\u2026")).split())


def explain_rule(meta: RuleMeta, configured: str = "") -> str:
    """``commlint explain``: what the reference page says about the rule, as text;
    ``configured`` says how the current configuration treats it."""
    doc = rule_doc(meta)
    width = 88

    def wrap(text: str, indent: str = "  ", first: str | None = None) -> str:
        return textwrap.fill(" ".join(text.split()), width=width, initial_indent=first or indent, subsequent_indent=indent)

    def example(e: Example, marked: bool) -> str:
        text = "".join(f"\u00bb{t}\u00ab" if hit and marked else t for t, hit in flagged_parts(e))
        lines = [line for line in text.split("\n")]
        note = read_as(e)
        out = [wrap(lines[0], "    ", "  - ")] + [wrap(line, "    ") if line.strip() else "" for line in lines[1:]]
        return "\n".join(out) + (f"\n    {note}" if note else "")

    parts = [
        f"{meta.id} {meta.name}",
        f"category: {meta.category}   severity: {meta.severity.label}   type: {meta.type}   fix: {meta.fix.value}",
        wrap("default: " + doc.default, "  ", ""),
    ]
    if configured:
        parts.append(wrap("status: " + configured, "  ", ""))
    parts += [
        wrap("applies to: " + doc.scope, "  ", ""),
        "",
        "Reports:",
        wrap(doc.reports),
        "",
        "Why it matters:",
        wrap(meta.rationale),
        "",
        "What to do:",
        *(wrap(message_words(s), "    ", "  - ") for s in meta.suggestions),
        "",
        "Fix:",
        wrap(doc.fix),
        "",
        "Flagged (the reported words are between \u00bb \u00ab):",
        *(example(e, True) for e in meta.bad),
        "",
        "Fine:",
        *(example(e, False) for e in meta.good),
        "",
        "Select, ignore, suppress:",
        *(wrap(line, "    ", "  - ") for line in doc.selecting),
    ]
    if meta.aliases:
        parts += ["", "Also known as: " + ", ".join(meta.aliases)]
    return "\n".join(parts)


def configured_state(shipped: RuleMeta, active: RuleMeta | None) -> str:
    """How a configuration treats a rule: ``active`` is its metadata in the configured
    rule set (severity adjusted), None when the configuration does not run it."""
    off = "" if shipped.enabled else " (disabled by default)"
    if active is None:
        return "not selected in this configuration" + off
    state = "selected in this configuration" + off
    if active.severity != shipped.severity:
        state += f"; severity {active.severity.label} (default {shipped.severity.label})"
    return state


def find_rule(ruleset: RuleSet, key: str) -> Rule:
    """A rule by id, name or alias (an id in any case); else a ``CommlintError`` with the
    closest names as a hint."""
    found = ruleset.get(key) or ruleset.get(key.upper())
    if found is not None:
        return found
    keys = [k for r in ruleset.rules for k in (r.meta.id, r.meta.name, *r.meta.aliases)]
    folded = {k.lower(): k for k in keys}
    close = [folded[k] for k in difflib.get_close_matches(key.lower(), list(folded), n=3, cutoff=0.6)]
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    raise CommlintError(key, f"no such rule ({hint}see `commlint rules`)")
