"""The rule reference in docs/rules/ is current, complete and well anchored, and
``commlint explain`` says what the reference says, for rules that do not run too."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from commlint.output.rule_docs import (
    DOCS_FOLDER, ENGINE_ANCHOR, REGENERATE, anchor, render, rule_url, shipped_rules, write,
)
from commlint.packs.explain import rule_doc
from commlint.packs.examples import parse_example
from helpers import REPO, run_cli

_ANCHOR = re.compile(r'<a id="([^"]+)"></a>')


@pytest.fixture(scope="module")
def metas():
    return shipped_rules()


@pytest.fixture(scope="module")
def pages(metas):
    return render(metas)


def test_rule_docs_are_current(metas, tmp_path: Path) -> None:
    fresh = tmp_path / "rules"
    write(fresh, render(metas))
    shipped = REPO / DOCS_FOLDER
    made = {p.name for p in fresh.iterdir()}
    present = {p.name for p in shipped.glob("*.md")} if shipped.is_dir() else set()
    stale = sorted(n for n in made & present if (fresh / n).read_bytes() != (shipped / n).read_bytes())
    missing, extra = sorted(made - present), sorted(present - made)
    assert not (stale or missing or extra), (
        f"{DOCS_FOLDER}/ is out of date with rules/*.yaml (stale: {stale}, missing: {missing}, extra: {extra}); "
        f"regenerate it with `{REGENERATE}`"
    )


def test_rule_docs_are_deterministic(metas, pages) -> None:
    assert render(list(reversed(metas))) == pages
    text = "".join(pages.values())
    assert str(REPO) not in text and str(Path.home()) not in text  # no absolute paths (examples may hold dates)


def test_every_rule_has_one_section_where_its_url_points(metas, pages) -> None:
    assert any(not m.enabled for m in metas) and any(m.enabled for m in metas)
    for meta in metas:
        path, _, fragment = rule_url(meta).partition("#")
        page = pages[Path(path).name]
        assert path == f"{DOCS_FOLDER}/{meta.category}.md" and fragment == meta.id.lower()
        assert _ANCHOR.findall(page).count(fragment) == 1, meta.id
        assert f"({meta.category}.md#{fragment})" in pages["index.md"], meta.id


def test_anchors_are_unique(pages) -> None:
    seen: dict[str, str] = {}
    for name, page in pages.items():
        for found in _ANCHOR.findall(page):
            assert found not in seen, f"anchor {found!r} in {name} and {seen[found]}"
            seen[found] = name
        for link in re.findall(r"\]\(#([^)]+)\)", page):  # the page's own table of contents
            assert link in _ANCHOR.findall(page), f"{name}: link to #{link} has no anchor"


def test_section_says_everything_the_metadata_holds(metas, pages) -> None:
    meta = next(m for m in metas if m.id == "S110")
    page = pages["slang.md"]
    section = page[page.index('<a id="s110">'):page.index('<a id="s111">')]
    doc = rule_doc(meta)
    for fact in ("`S110`", "`slang.texting-you`", "`slang`", meta.severity.label, "on by default", doc.scope,
                 "safe: `commlint --fix`", "‹the flagged words›", "--ignore S110", "disable=S110"):
        assert fact in section, fact
    assert " ".join(meta.rationale.split()) in section
    assert "Did <strong>u</strong> get the reset email?" in section  # the flagged span, marked
    assert "Press U to open the user list." in section


def test_disabled_rule_says_how_to_turn_it_on(metas, pages) -> None:
    meta = next(m for m in metas if not m.enabled)
    assert f"disabled by default: it runs only when selected by its id or name (`--select {meta.id}`)" in pages[f"{meta.category}.md"]
    assert f"| [{meta.id}]({meta.category}.md#{anchor(meta.id)}) | `{meta.name}` | {meta.severity.label} | off |" in pages["index.md"]


def test_grammar_engine_findings_have_a_section() -> None:
    pages = render([])  # whatever the packs hold
    assert f'<a id="{ENGINE_ANCHOR}"></a>' in pages["grammar.md"]
    assert "--select GR.languagetool" in pages["grammar.md"] and "--ignore GR.harper.SpellCheck" in pages["grammar.md"]
    assert rule_url("GR.harper.SpellCheck") == f"{DOCS_FOLDER}/grammar.md#{ENGINE_ANCHOR}"
    assert rule_url("T101", "tone") == f"{DOCS_FOLDER}/tone.md#t101"


def test_examples_are_escaped_and_marked(metas) -> None:
    meta = next(m for m in metas if m.id == "S110")
    tricky = parse_example("# Hi *all* <b>[[u]]</b> | a_b\nnext line")
    page = render([type(meta)(**{**meta.__dict__, "bad": (tricky,)})])["slang.md"]
    assert r"- \# Hi \*all\* \<b\><strong>u</strong>\</b\> \| a\_b<br>next line" in page


# ---------------------------------------------------------------- commlint explain


def test_explain_prints_the_doc_section_in_text(metas) -> None:
    meta = next(m for m in metas if m.id == "S110")
    result = run_cli(["explain", "slang.texting-you", "--no-config"])
    assert result.exit_code == 0
    out = " ".join(result.output.split())
    doc = rule_doc(meta)
    for fact in (meta.id, meta.name, "on by default", "selected in this configuration", doc.scope, doc.reports,
                 " ".join(meta.rationale.split()), " ".join(doc.fix.split()), "Did »u« get the reset email?",
                 "Press U to open the user list.", "--ignore S110"):
        assert " ".join(fact.split()) in out, fact


def test_explain_disabled_and_unselected_rules(metas) -> None:
    off = next(m for m in metas if not m.enabled)
    result = run_cli(["explain", off.id.lower(), "--no-config"])  # an id in any case
    assert result.exit_code == 0 and "disabled by default" in result.output
    assert "not selected in this configuration" in result.output
    chosen = run_cli(["explain", off.id, "--no-config", "--select", off.id])
    assert "status: selected in this configuration (disabled by default)" in chosen.output
    ignored = run_cli(["explain", "T101", "--no-config", "--ignore", "tone"])
    assert ignored.exit_code == 0 and "status: not selected in this configuration" in ignored.output


def test_explain_by_alias_and_unknown_rule(tmp_path: Path) -> None:
    (tmp_path / "team.yaml").write_text(
        "pack: team\ndescription: a team rule\nrules:\n"
        "  - id: Z101\n    name: tone.team-word\n    category: tone\n    severity: info\n    type: phrase\n"
        "    message: \"“{match}” is our word.\"\n    rationale: Customers do not know it.\n"
        "    suggestions: [Say it plainly.]\n    aliases: [teamword]\n    enabled: false\n"
        "    matcher: {phrases: [quuxify]}\n"
        "    examples: {bad: [\"We will [[quuxify]] it.\"], good: [\"We will fix it.\"]}\n",
        encoding="utf-8",
    )
    (tmp_path / "cfg.yaml").write_text(f"packs: [{tmp_path / 'team.yaml'}]\n", encoding="utf-8")
    result = run_cli(["explain", "teamword", "--config", str(tmp_path / "cfg.yaml")])
    assert result.exit_code == 0, result.output
    assert "Z101 tone.team-word" in result.output and "Also known as: teamword" in result.output
    assert "disabled by default" in result.output
    missing = run_cli(["explain", "slang.texting-yu", "--no-config"])
    lines = missing.output.strip().splitlines()
    assert missing.exit_code == 2 and len(lines) == 1
    assert "no such rule" in lines[0] and "did you mean slang.texting-you" in lines[0]
