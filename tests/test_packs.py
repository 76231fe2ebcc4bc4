"""Rule packs and lexicons: metadata rules about rules, and malformed packs as clear errors."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from commlint import data
from commlint.errors import PackError
from commlint.packs.loader import load_ruleset
from commlint.ruletypes.base import CATEGORIES

from helpers import run_process

GOOD_RULE = """
  - id: T901
    name: tone.test-rule
    category: tone
    severity: warning
    type: phrase
    message: "“{match}” is a test."
    rationale: Because.
    suggestions: ["Say something else."]
    matcher:
      phrases: [frobnicate]
    examples:
      bad: ["We [[frobnicate]] it."]
      good: ["We fix it."]
"""


def _pack(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "testpack.yaml"
    path.write_text("pack: testpack\ndescription: test\nrules:" + textwrap.dedent(body).replace("\n", "\n  ", 0))
    return path


def _load(path: Path):
    return load_ruleset([path], [data.lexicons_dir()])


def test_packs_every_rule_has_complete_metadata(ruleset) -> None:
    for rule in ruleset.rules:
        meta = rule.meta
        assert meta.category in CATEGORIES
        assert meta.name.startswith(meta.category + ".")
        assert len(meta.rationale.split()) >= 15, f"{meta.id}: rationale too thin"
        assert meta.suggestions and meta.bad and meta.good


def test_packs_ids_and_names_are_unique(ruleset) -> None:
    keys = [k for r in ruleset.rules for k in (r.meta.id, r.meta.name, *r.meta.aliases)]
    assert len(keys) == len(set(keys))


def test_packs_jargon_lexicons_cover_1500_terms_in_12_domains() -> None:
    from commlint.packs.loader import load_lexicons

    lexicons = load_lexicons([data.lexicons_dir()])
    jargon = [l for name, l in lexicons.items() if name not in ("acronym_expansions", "plain_words")]
    assert sum(len(l.terms) for l in jargon) >= 1500
    assert sum(1 for l in jargon if len(l.terms) >= 40) >= 12
    assert all(t.plain for l in jargon for t in l.terms)


def test_packs_a_valid_test_pack_loads(tmp_path) -> None:
    rules = _load(_pack(tmp_path, GOOD_RULE)).rules
    assert [r.meta.id for r in rules] == ["T901"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("    type: phrase", "    type: phrase\n    colour: red"), "rule T901: field 'colour': unknown key"),
        (("    rationale: Because.\n", ""), "rule T901: field 'rationale': is required"),
        (("phrases: [frobnicate]", "phrasez: [frobnicate]"), "rule T901: field 'matcher.phrasez': unknown key"),
        (("type: phrase", "type: fuzzy"), "rule T901: field 'type': unknown rule type 'fuzzy'"),
        (("severity: warning", "severity: fatal"), "rule T901: field 'severity': unknown severity 'fatal'"),
        (("category: tone", "category: vibes"), "rule T901: field 'category': 'vibes' is not one of"),
        (("“{match}” is a test.", "{matched} is a test."), "rule T901: field 'message': unknown placeholder {matched}"),
        (("bad: [\"We [[frobnicate]] it.\"]", "bad: [\"We frobnicate it.\"]"), "field 'examples.bad[0]': mark the expected span"),
        (("phrases: [frobnicate]", "lexicons: [nope]"), "field 'matcher.lexicons': no lexicon named 'nope'"),
        (("phrases: [frobnicate]", "phrases: 12"), "field 'matcher.phrases': expected a list, got int"),
    ],
)
def test_packs_malformed_rule_is_one_line_error(tmp_path, change, expected) -> None:
    path = _pack(tmp_path, GOOD_RULE.replace(*change))
    with pytest.raises(PackError) as err:
        _load(path)
    assert expected in err.value.one_line()
    assert str(path.name) in err.value.one_line()


@pytest.mark.parametrize(
    ("matcher", "expected"),
    [
        ("type: pattern\n    matcher:\n      patterns: [[{LOWERX: a}]]", "field 'matcher.patterns[0]': bad token pattern"),
        ("type: regex\n    matcher:\n      regex: '(unclosed'", "field 'matcher.regex': bad regular expression"),
        ("type: metric\n    matcher:\n      measure: vibes\n      max: 3", "field 'matcher.measure': unknown measure 'vibes'"),
        ("type: require\n    matcher:\n      signals: [{}]", "field 'matcher.signals[0]': a signal needs"),
        ("type: regex\n    matcher:\n      regex: x\n      validate: crc", "field 'matcher.validate': unknown validator 'crc'"),
    ],
)
def test_packs_bad_matchers_are_caught_at_load(tmp_path, matcher, expected) -> None:
    body = GOOD_RULE.replace("type: phrase\n    message", matcher.replace("\n    matcher:", "\n    _m:") + "\n    message")
    body = body.replace("    matcher:\n      phrases: [frobnicate]\n", "").replace("_m:", "matcher:")
    with pytest.raises(PackError) as err:
        _load(_pack(tmp_path, body))
    assert expected in err.value.one_line()


def test_packs_invalid_yaml_and_duplicate_keys(tmp_path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("pack: broken\nrules: [\n")
    with pytest.raises(PackError, match=r"broken.yaml: invalid YAML at line 3"):
        _load(path)
    path.write_text("pack: broken\npack: again\n")
    with pytest.raises(PackError, match="duplicate key 'pack'"):
        _load(path)


def test_packs_duplicate_rule_id_is_an_error(tmp_path) -> None:
    path = _pack(tmp_path, GOOD_RULE + GOOD_RULE.replace("tone.test-rule", "tone.other"))
    with pytest.raises(PackError, match="'T901' is already used"):
        _load(path)


def test_packs_malformed_pack_via_cli_is_exit_2_without_traceback(tmp_path) -> None:
    path = _pack(tmp_path, GOOD_RULE.replace("severity: warning", "severity: loud"))
    (tmp_path / ".commlint.yaml").write_text(f"packs: [{path.name}]\n")
    (tmp_path / "d.txt").write_text("hello")
    result = run_process(["d.txt"], cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "rule T901: field 'severity'" in lines[0] and "testpack.yaml" in lines[0]


def test_packs_validated_once_are_trusted_by_their_bytes_only(tmp_path, monkeypatch) -> None:
    """The validated-packs marker skips spaCy's schema only for the very bytes that passed
    it: an edited pack is validated again, and a bad pattern is still an error."""
    from commlint.config import Config
    from commlint.lint import rules as lint_rules

    monkeypatch.setenv("COMMLINT_CACHE_DIR", str(tmp_path / "cache"))
    pattern = GOOD_RULE.replace("type: phrase\n    message", "type: pattern\n    _m:\n      patterns: [[{LOWER: frobnicate}]]\n    message")
    pattern = pattern.replace("    matcher:\n      phrases: [frobnicate]\n", "").replace("_m:", "matcher:")
    folder = tmp_path / "packs"
    folder.mkdir()
    path = folder / "testpack.yaml"
    path.write_text(_pack(tmp_path, pattern).read_text())
    config = Config(default_packs=False, packs=(str(folder),))
    lint_rules._loaded.cache_clear()
    assert [r.meta.id for r in lint_rules.build_ruleset(config).rules] == ["T901"]
    markers = list((tmp_path / "cache" / "validated").iterdir())
    assert len(markers) == 1 and markers[0].stat().st_mode & 0o077 == 0
    lint_rules._loaded.cache_clear()
    assert [r.meta.id for r in lint_rules.build_ruleset(config).rules] == ["T901"]  # trusted: same bytes
    path.write_text(path.read_text().replace("{LOWER: frobnicate}", "{LOWERX: frobnicate}"))
    lint_rules._loaded.cache_clear()
    with pytest.raises(PackError, match="bad token pattern"):
        lint_rules.build_ruleset(config)
