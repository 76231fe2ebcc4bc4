"""Per-file configuration: discovery upwards, pyproject, merging, --config, overrides,
validation, provenance, and the engine effects of severity, thresholds and terms."""
from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest

from commlint import Config, Linter
from commlint.config import ConfigResolver, explain_config, find_config, load_config, resolve_config
from commlint.config import resolve as resolve_module
from commlint.config.schema import KEYS
from commlint.errors import ConfigError
from commlint.findings import Severity
from helpers import run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "config"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository: a config above it (never read), one at its root and one in kb/."""
    _write(tmp_path / ".commlint.yaml", "fail_on: never\n")  # above the repository root
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    _write(root / ".commlint.yaml", (
        "select: [jargon, tone]\n"
        "severity: {tone: info, jargon.networking: error}\n"
        "thresholds: {readability.long-sentence: {max: 30, min_words: 3}}\n"
        "allow_terms: [Sync Cache]\n"
    ))
    _write(root / "kb" / "commlint.yaml", (
        "channel: kb\n"
        "kind: article\n"
        "severity: {tone: warning}\n"
        "thresholds: {readability.long-sentence: {max: 25}}\n"
        "allow_terms: [Admin Console]\n"
        "overrides:\n"
        "  - files: ['admin/**']\n"
        "    audience: technical\n"
        "    ignore: [jargon.networking]\n"
        "  - files: ['*.html']\n"
        "    channel: email\n"
        "    select: [tone]\n"
    ))
    for name in ("kb/admin/sso.md", "kb/admin/deep/more.md", "kb/start.md", "kb/page.html", "replies/a.txt"):
        _write(root / name, "Hello.\n")
    return root


def test_config_every_field_has_a_check() -> None:
    assert set(KEYS) == {f.name for f in dataclasses.fields(Config)}


def test_config_discovery_goes_up_to_the_repository_root(repo: Path) -> None:
    reply = resolve_config(repo / "replies" / "a.txt")
    assert reply.select == ("jargon", "tone")
    assert reply.fail_on == "warning"  # the file above the repository root is not read
    assert reply.channel is None
    article = resolve_config(repo / "kb" / "start.md")
    assert (article.channel, article.kind, article.select) == ("kb", "article", ("jargon", "tone"))
    assert find_config(repo / "kb" / "admin") == repo / "kb" / "commlint.yaml"
    assert find_config(repo / "replies") == repo / ".commlint.yaml"


def test_config_merges_key_by_key_nearer_wins(repo: Path) -> None:
    config = resolve_config(repo / "kb" / "start.md")
    assert config.allow_terms == ("Admin Console",)  # lists replace
    # mappings merge; a re-set entry moves last, so it wins over broader selectors
    assert config.severity == (("jargon.networking", "error"), ("tone", "warning"))
    assert config.thresholds == (("readability.long-sentence", (("max", 25), ("min_words", 3))),)
    hash(config)  # frozen and hashable: the runner groups files by configuration


def test_config_overrides_match_globs_relative_to_the_declaring_file(repo: Path) -> None:
    admin = resolve_config(repo / "kb" / "admin" / "sso.md")
    assert admin.audience == "technical" and admin.ignore == ("jargon.networking",)
    assert resolve_config(repo / "kb" / "admin" / "deep" / "more.md").audience == "technical"
    assert resolve_config(repo / "kb" / "start.md").audience is None
    page = resolve_config(repo / "kb" / "page.html")  # a glob with no '/' matches the name anywhere
    assert (page.channel, page.select) == ("email", ("tone",))
    # globs are relative to kb/, the folder of the file that declares them
    _write(repo / "admin" / "x.md", "Hi.\n")
    assert resolve_config(repo / "admin" / "x.md").audience is None


def test_config_pyproject_tool_table(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _write(tmp_path / "pyproject.toml", (
        '[project]\nname = "kb"\n\n[tool.commlint]\nselect = ["tone"]\nfail-on = "error"\n'
        '[tool.commlint.extra_terms]\nfrobnicator = "widget"\n'
    ))
    _write(tmp_path / "docs" / "pyproject.toml", '[project]\nname = "docs"\n')  # no table: not a config
    _write(tmp_path / "other" / "pyproject.toml", "this is [ not toml\n")  # not ours: ignored
    config = resolve_config(tmp_path / "docs" / "a.md")
    assert (config.select, config.fail_on, config.extra_terms) == (("tone",), "error", (("frobnicator", "widget"),))
    assert resolve_config(tmp_path / "other" / "a.md").select == ("tone",)
    assert find_config(tmp_path / "docs") == tmp_path / "pyproject.toml"
    assert load_config(tmp_path / "pyproject.toml").fail_on == "error"
    _write(tmp_path / "pyproject.toml", "[tool.commlint]\nselekt = 1\n")
    with pytest.raises(ConfigError, match=r"pyproject\.toml \[tool\.commlint\]: selekt: unknown key"):
        resolve_config(tmp_path / "a.md")


def test_config_explicit_file_replaces_discovery_and_cli_wins(repo: Path, tmp_path: Path) -> None:
    explicit = _write(tmp_path / "elsewhere" / "ci.yaml", (
        "select: [overpromise]\npacks: [team-packs]\nfail_on: info\n"
        "overrides:\n  - files: ['*.md']\n    channel: chat\n"
    ))
    config = resolve_config(repo / "kb" / "start.md", explicit=explicit, cli={"fail_on": "error", "select": ()})
    assert config.select == ("overpromise",)  # empty command-line values are "not given"
    assert config.fail_on == "error"  # the command line wins over files
    assert config.channel == "chat" and config.kind is None  # kb/commlint.yaml is not read
    assert config.packs == (str((tmp_path / "elsewhere" / "team-packs").resolve()),)  # relative to the file
    assert resolve_config(repo / "kb" / "start.md", no_config=True, cli={"channel": "chat"}) == Config(channel="chat")
    with pytest.raises(ConfigError, match="config file not found"):
        resolve_config(None, explicit=tmp_path / "missing.yaml")


def test_config_standard_input_resolves_from_the_current_folder(repo: Path, monkeypatch) -> None:
    monkeypatch.chdir(repo / "kb" / "admin")
    config = resolve_config(None)
    assert config.channel == "kb"
    assert config.audience is None  # no path: no override glob matches


@pytest.mark.parametrize(("text", "where", "problem"), [
    ("selekt: [jargon]\n", "selekt", "unknown key"),
    ("select: jargon\n", "select", "expected a list of strings"),
    ("kind: letter\n", "kind", "'letter' is not one of reply, article, macro"),
    ("channel: fax\n", "channel", "is not one of email, chat, ticket, kb"),
    ("audience: kids\n", "audience", "is not one of customer, technical"),
    ("platform: intercom\n", "platform", "is not one of zendesk, freshdesk"),
    ("fail_on: sometimes\n", "fail_on", "is not one of"),
    ("severity: {T101: loud}\n", "severity.T101", "'loud' is not one of error, warning, info"),
    ("severity: [T101]\n", "severity", "expected a mapping"),
    ("thresholds: {readability: {mx: 3}}\n", "thresholds.readability.mx", "unknown threshold"),
    ("thresholds: {readability: {max: lots}}\n", "thresholds.readability.max", "expected a number"),
    ("extra_terms: [{term: x, plane: y}]\n", "extra_terms[0]", "unknown key 'plane'"),
    ("max_file_size: -1\n", "max_file_size", "positive number of bytes"),
    ("default_packs: yes please\n", "default_packs", "expected true or false"),
    ("overrides: [{audience: technical}]\n", "overrides[0].files", "is required"),
    ("overrides: [{files: ['*.md'], fail_on: error}]\n", "overrides[0].fail_on", "an override may set"),
    ("overrides: [{files: ['*.md'], channel: fax}]\n", "overrides[0].channel", "is not one of"),
    ("select: [jargon\n", "", "invalid YAML at line"),
])
def test_config_bad_value_is_one_line_naming_file_and_key(tmp_path: Path, text: str, where: str, problem: str) -> None:
    path = _write(tmp_path / ".commlint.yaml", text)
    with pytest.raises(ConfigError) as caught:
        resolve_config(tmp_path / "a.txt")
    line = caught.value.one_line()
    assert line.startswith(f"{path}: {where}: " if where else f"{path}: ")
    assert problem in line and "\n" not in str(caught.value)


def test_config_bad_command_line_value_names_the_option() -> None:
    with pytest.raises(ConfigError, match="command line: channel: 'fax' is not one of"):
        resolve_config(None, no_config=True, cli={"channel": "fax"})


def test_config_bad_file_exits_2_with_one_line(tmp_path: Path) -> None:
    bad = _write(tmp_path / "ci.yaml", "severity: {tone: loud}\n")
    _write(tmp_path / "d.txt", "Hello.\n")
    result = run_cli(["--config", str(bad), str(tmp_path / "d.txt")])
    assert result.exit_code == 2
    assert f"{bad}: severity.tone: 'loud' is not one of error, warning, info" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_config_a_thousand_files_read_each_config_file_once(repo: Path, monkeypatch) -> None:
    reads: list[Path] = []
    real = resolve_module.read_config
    monkeypatch.setattr(resolve_module, "read_config", lambda path: reads.append(path) or real(path))
    resolver = ConfigResolver()
    folders = [repo / "kb" / "admin", repo / "kb", repo / "replies", repo / "kb" / "admin" / "deep"]
    started = time.perf_counter()
    configs = {resolver.resolve(folders[i % 4] / f"f{i}.md") for i in range(1000)}
    elapsed = time.perf_counter() - started
    assert sorted(reads) == sorted([repo / ".commlint.yaml", repo / "kb" / "commlint.yaml"])
    assert len(configs) == 3  # admin (with its override), the rest of kb, replies
    assert elapsed < 2.0


def test_config_explain_names_the_source_of_every_value(repo: Path) -> None:
    text = explain_config(repo / "kb" / "admin" / "sso.md", cli={"fail_on": "error"})
    lines = {line.split(":", 1)[0].strip(): line for line in text.splitlines() if not line.startswith("#")}
    assert all(f.name in lines for f in dataclasses.fields(Config))
    assert lines["model"].endswith("# default")
    assert lines["fail_on"].endswith("# command line")
    assert lines["select"].endswith(f"# {repo / '.commlint.yaml'}")
    assert lines["audience"].startswith('audience: "technical"')
    assert lines["audience"].endswith(f"# {repo / 'kb' / 'commlint.yaml'} overrides[0] (files: admin/**)")
    assert lines['"jargon.networking"'].endswith(f"# {repo / '.commlint.yaml'}")
    assert lines['"readability.long-sentence"'].endswith(f"# {repo / '.commlint.yaml'}; {repo / 'kb' / 'commlint.yaml'}")
    assert text.splitlines()[1] == f"# files, farthest first: {repo / '.commlint.yaml'}, {repo / 'kb' / 'commlint.yaml'}"


def test_config_fixture_file_is_valid() -> None:
    config = load_config(FIXTURES / "team.commlint.yaml")
    assert config.platform == "zendesk" and ("Sync Cache" in config.allow_terms)
    assert dict(config.extra_terms) == {"frobnicator": "", "quux stack": "our order system", "deploy train": "release"}


# -- engine effects: the lead's engine applies these Config fields ---------------------------


def test_config_allow_terms_and_extra_terms_reach_the_engine() -> None:
    text = "Please clear the DNS cache, then open the frobnicator settings."
    plain = Linter(Config(select=("jargon",)))
    assert "DNS cache" in {f.match for f in plain.lint_text(text)}
    assert "frobnicator" not in {f.match for f in plain.lint_text(text)}
    tuned = Linter(Config(select=("jargon",), allow_terms=("DNS cache",), extra_terms=(("frobnicator", "widget"),)))
    matches = {f.match: f for f in tuned.lint_text(text)}
    assert "DNS cache" not in matches
    assert "frobnicator" in matches and matches["frobnicator"].rule_name == "jargon.general-it"


def test_config_severity_per_selector_reaches_the_engine(tmp_path: Path) -> None:
    _write(tmp_path / ".commlint.yaml", "select: [jargon, overpromise]\nseverity: {jargon: error, O101: info}\n")
    config = resolve_config(tmp_path / "a.txt")
    found = {f.rule_id: f.severity for f in Linter(config).lint_text("We guarantee the latency is fixed.")}
    assert found == {"J101": Severity.ERROR, "O101": Severity.INFO}


def test_config_thresholds_reach_metric_rules(tmp_path: Path) -> None:
    sentence = "We looked at your account today and the order went out this morning by post."
    _write(tmp_path / ".commlint.yaml", "select: [readability.long-sentence]\nthresholds: {readability.long-sentence: {max: 8}}\n")
    assert not Linter(Config(select=("readability.long-sentence",))).lint_text(sentence)
    assert [f.rule_name for f in Linter(resolve_config(tmp_path / "a.txt")).lint_text(sentence)] == ["readability.long-sentence"]
