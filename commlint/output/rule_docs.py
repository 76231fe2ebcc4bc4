"""The rule reference in ``docs/rules/``, generated from the rule metadata of the shipped
packs: ``index.md`` (every rule, by category) and a page per category with a section per
rule, anchored at the rule id in lower case. Output is deterministic: sorted, no dates,
no absolute paths. ``scripts/gen_rule_docs.py`` writes it; a test checks it is current."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from commlint import data
from commlint.atomic import write_atomic
from commlint.packs.explain import (
    RuleDoc, flagged_parts, message_words, read_as, rule_doc, summary,
)
from commlint.packs.loader import load_ruleset
from commlint.ruletypes.base import CATEGORIES, Example, Rule, RuleMeta

#: where the reference lives, relative to the repository root
DOCS_FOLDER = "docs/rules"
#: the command that rewrites it
REGENERATE = ".venv/bin/python scripts/gen_rule_docs.py"
#: the anchor, on the grammar page, of the findings the grammar engines report
ENGINE_ANCHOR = "engine-findings"
#: the prefix of grammar engine findings' ids: GR.<backend>.<engine rule id>
ENGINE_PREFIX = "GR."

_FIX_SHORT = {"safe": "safe", "unsafe": "unsafe", "display": "suggestion only"}


def rule_url(rule: Rule | RuleMeta | str, category: str | None = None) -> str:
    """The reference section of a rule, relative to the repository root:
    ``docs/rules/tone.md#t101``. Takes a rule, its metadata, or a finding's rule id and
    category; grammar engine findings (``GR.harper.SpellCheck``) point at the section
    about engine findings."""
    if isinstance(rule, str):
        rule_id, category = rule, category or "grammar"
    else:
        meta = rule if isinstance(rule, RuleMeta) else rule.meta
        rule_id, category = meta.id, meta.category
    if rule_id.startswith(ENGINE_PREFIX):
        return f"{DOCS_FOLDER}/grammar.md#{ENGINE_ANCHOR}"
    return f"{DOCS_FOLDER}/{category}.md#{anchor(rule_id)}"


def anchor(rule_id: str) -> str:
    """A rule's anchor: its id in lower case."""
    return rule_id.lower()


def shipped_rules() -> list[RuleMeta]:
    """The metadata of every rule of the shipped packs, enabled or not, sorted by id."""
    ruleset = load_ruleset([data.packs_dir()], [data.lexicons_dir()])
    return sorted((r.meta for r in ruleset.rules), key=lambda m: m.id)


def render(metas: Iterable[RuleMeta]) -> dict[str, str]:
    """Every page of the reference, by file name."""
    by_category: dict[str, list[RuleMeta]] = {c: [] for c in CATEGORIES}
    for meta in metas:
        by_category.setdefault(meta.category, []).append(meta)
    for rules in by_category.values():
        rules.sort(key=lambda m: m.id)
    if not by_category.get("grammar"):
        by_category["grammar"] = []  # the engines' findings are documented whatever the packs hold
    used = {c: rules for c, rules in by_category.items() if rules or c == "grammar"}
    pages = {"index.md": _index(used)}
    for category, rules in used.items():
        pages[f"{category}.md"] = _category_page(category, rules)
    return dict(sorted(pages.items()))


def write(folder: Path, pages: dict[str, str]) -> list[str]:
    """Write ``pages`` into ``folder`` and remove pages it no longer has; the names changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in pages.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_atomic(path, text, mode=0o644)
            changed.append(name)
    for path in sorted(folder.glob("*.md")):
        if path.name not in pages:
            path.unlink()
            changed.append(path.name)
    return changed


def compare(folder: Path, pages: dict[str, str]) -> dict[str, list[str]]:
    """How ``folder`` differs from ``pages``: stale, missing and extra file names."""
    present = {p.name for p in folder.glob("*.md")} if folder.is_dir() else set()
    return {
        "stale": sorted(n for n in pages if n in present and (folder / n).read_text(encoding="utf-8") != pages[n]),
        "missing": sorted(n for n in pages if n not in present),
        "extra": sorted(present - set(pages)),
    }


# ---------------------------------------------------------------- pages


def _index(by_category: dict[str, list[RuleMeta]]) -> str:
    lines = [
        f"<!-- Generated from the rule packs (rules/*.yaml) by `{REGENERATE}`: do not edit by hand. -->",
        "",
        "# Rule reference",
        "",
        "Every rule commlint ships, by category. Each id links to its section: what it reports, why,",
        "where it applies, whether `--fix` may apply its rewrite, examples, and how to select,",
        "ignore or suppress it. `commlint explain RULE` prints the same in a terminal.",
        "",
        "Fix: *safe* rewrites keep the meaning and are applied by `commlint --fix`; *unsafe* ones",
        "only with `--unsafe-fixes`; *suggestion only* is never applied.",
        "",
    ]
    for category, rules in by_category.items():
        lines += [f"## [{category}]({category}.md)", ""]
        if rules:
            lines += ["| id | name | severity | default | fix | summary |", "|---|---|---|---|---|---|"]
            for m in rules:
                lines.append(
                    f"| [{m.id}]({category}.md#{anchor(m.id)}) | `{m.name}` | {m.severity.label} | "
                    f"{'on' if m.enabled else 'off'} | {_FIX_SHORT[m.fix.value]} | {_cell(summary(m))} |"
                )
            lines.append("")
        if category == "grammar":
            lines += [
                f"Grammar and spelling engines report findings with ids `GR.<backend>.<engine rule id>`:"
                f" see [engine findings](grammar.md#{ENGINE_ANCHOR}).",
                "",
            ]
    return "\n".join(lines)


def _category_page(category: str, rules: list[RuleMeta]) -> str:
    lines = [
        f"<!-- Generated from the rule packs (rules/*.yaml) by `{REGENERATE}`: do not edit by hand. -->",
        "",
        f"# {category} rules",
        "",
        f"[All rules](index.md). Select the whole category with `--select {category}`, skip it with"
        f" `--ignore {category}`.",
        "",
    ]
    for meta in rules:
        lines += [f"- [{meta.id} `{meta.name}`](#{anchor(meta.id)})"]
    if category == "grammar":
        lines += [f"- [Engine findings `GR.<backend>.<rule id>`](#{ENGINE_ANCHOR})"]
    lines.append("")
    if category == "grammar":
        lines += _engine_section()
    for meta in rules:
        lines += _section(rule_doc(meta))
    return "\n".join(lines)


def _engine_section() -> list[str]:
    return [
        f'<a id="{ENGINE_ANCHOR}"></a>',
        "",
        "## Engine findings: `GR.<backend>.<rule id>`",
        "",
        "> The grammar and spelling engines (LanguageTool, Harper) have rules of their own, so these ids",
        "> are not listed here: each finding's id is `GR.`, the backend and the engine's rule id, such as",
        "> `GR.languagetool.MORFOLOGIK_RULE_EN_US` or `GR.harper.SpellCheck`. They are selected, ignored",
        "> and suppressed like any other rule, by id prefix:",
        ">",
        "> - every finding of one engine: `--select GR.languagetool`",
        "> - one engine rule off: `--ignore GR.harper.SpellCheck`, or `ignore: [GR.harper.SpellCheck]` in `.commlint.yaml`",
        "> - inline: `# commlint: disable=GR.harper.SpellCheck` (text),"
        " `<!-- commlint: ignore-next-line=GR.languagetool -->` (Markdown and HTML)",
        ">",
        "> They are never reported inside placeholders, quoted text, code or UI labels; the engine's",
        "> replacements become the finding's suggestions.",
        "",
    ]


def _section(doc: RuleDoc) -> list[str]:
    meta = doc.meta
    lines = [
        f'<a id="{anchor(meta.id)}"></a>',
        "",
        f"## {meta.id} `{meta.name}`",
        "",
        "| | |",
        "|---|---|",
        f"| id | `{meta.id}` |",
        f"| name | `{meta.name}` |",
        f"| category | `{meta.category}` |",
        f"| severity | {meta.severity.label} |",
        f"| default | {_cell(doc.default)} |",
        f"| applies to | {_cell(doc.scope)} |",
        f"| type | `{meta.type}` |",
        f"| pack | `rules/{Path(meta.source).name}` |",
        "",
        f"**Reports:** {_prose(doc.reports)}",
        "",
        f"**Why it matters:** {_prose(meta.rationale)}",
        "",
        "**What to do:**",
        "",
        *(f"- {_prose(message_words(s))}" for s in meta.suggestions),
        "",
        f"**Fix:** {_prose(doc.fix)}",
        "",
        "**Flagged** (the reported words in bold):",
        "",
        *(f"- {_example(e, True)}" for e in meta.bad),
        "",
        "**Fine:**",
        "",
        *(f"- {_example(e, False)}" for e in meta.good),
        "",
        "**Select, ignore, suppress:**",
        "",
        *(f"- {_prose(line)}" for line in doc.selecting),
        "",
    ]
    if meta.aliases:
        lines[-1:-1] = ["", "Also known as: " + ", ".join(f"`{a}`" for a in meta.aliases)]
    return lines


# ---------------------------------------------------------------- Markdown text

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_LINE_START = re.compile(r"^(\s*)([#+=>-]|\d+[.)])")
_CODE = re.compile(r"(`[^`\n]+`)")


def _escape(text: str) -> str:
    """Verbatim text as Markdown shows it: every character that means something escaped."""
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), _SPECIAL.sub(r"\\\1", text))


def _prose(text: str) -> str:
    """A prose field on one line: `code spans` kept, everything else escaped."""
    flat = " ".join(text.split())
    return "".join(part if _CODE.fullmatch(part) else _SPECIAL.sub(r"\\\1", part) for part in _CODE.split(flat))


def _cell(text: str) -> str:
    return _prose(text)


def _example(example: Example, marked: bool) -> str:
    out = []
    for text, hit in flagged_parts(example):
        shown = _escape(text).replace("\n", "<br>")
        out.append(f"<strong>{shown}</strong>" if hit and marked else shown)
    note = read_as(example)
    return "".join(out) + (f" *{note}*" if note else "")
