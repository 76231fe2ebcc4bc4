"""``grammar: auto``, the default: LanguageTool when `commlint grammar install` put it in the
cache and Java is on PATH, else Harper; decided by looking only, so nothing starts until a
grammar rule runs. Both ways with the real engines: "not installed" is an empty LanguageTool
home (what every test sees, tests/conftest.py), "installed" the session's home, whose local
server is the session's own."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from commlint.config import Config
from commlint.grammar import choose, install, server
from commlint.lint.engine import Linter
from commlint.sources import read_documents

REPLY = "Hi Dana,\n\nI will sent the corrected invoice today, and their is nothing else to pay.\n\nBest,\nSam\n"


def _engines(config: Config, text: str = REPLY) -> set[str]:
    """The engines named by the grammar findings of ``text`` (a reply)."""
    return {f.rule_id.split(".")[1] for f in Linter(config).lint_text(text) if f.category == "grammar"}


def test_auto_is_the_default_and_is_harper_without_languagetool() -> None:
    assert Config().grammar == "auto"
    assert install.installed() is None  # what every test sees
    assert choose("auto") == "harper"
    assert _engines(Config()) == {"harper"}


def test_auto_is_languagetool_when_installed_and_reuses_its_local_server(languagetool_installed) -> None:
    state, folder = languagetool_installed
    assert choose("auto") == "languagetool"
    assert _engines(Config()) == {"languagetool"}
    assert server.running(folder) == state  # the running server answered: none was started
    assert choose("harper") == "harper" and choose("off") == "off"
    assert _engines(Config(grammar="harper")) == {"harper"}  # a pinned engine stays pinned


def test_auto_is_harper_when_java_is_missing(languagetool_installed, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing there: no java
    assert install.installed() is not None
    assert choose("auto") == "harper"
    assert _engines(Config()) == {"harper"}


def test_auto_with_a_server_url_is_languagetool(languagetool_url: str) -> None:
    assert install.installed() is None and choose("auto", languagetool_url) == "languagetool"
    assert _engines(Config(grammar_url=languagetool_url)) == {"languagetool"}


def test_auto_starts_nothing_until_a_grammar_rule_runs(languagetool_home: Path, tmp_path: Path, monkeypatch) -> None:
    """Installed, no server: loading the rules and linting what grammar does not read (a KB
    article, by default) start no server; the choice is only a look."""
    home = tmp_path / "lt"
    home.mkdir()
    (home / install.DEFAULT_VERSION).symlink_to((languagetool_home / install.DEFAULT_VERSION).resolve())
    monkeypatch.setenv("COMMLINT_LT_HOME", str(home))
    assert choose("auto") == "languagetool"
    try:
        linter = Linter(Config())
        (article,) = read_documents(b"# Refunds\n\nI will sent the refund today.\n", "refunds.md")
        assert [f for f in linter.lint_document(article) if f.category == "grammar"] == []
        assert not (home / "server").exists()
    finally:
        server.stop(home / "server")


def _run(path: Path, cache: Path, lt_home: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COMMLINT_NO_WORKER": "1", "COMMLINT_CACHE_DIR": str(cache), "COMMLINT_LT_HOME": lt_home}
    return subprocess.run([sys.executable, "-m", "commlint", "--no-config", "--select", "GR", str(path)],
                          capture_output=True, text=True, env=env, timeout=300)


def test_cached_results_follow_the_engine_auto_picks(languagetool_installed, tmp_path: Path) -> None:
    """A file linted with Harper, then LanguageTool installed: the next run is not served
    Harper's findings from the result cache."""
    draft = tmp_path / "reply.txt"
    draft.write_text(REPLY)
    cache = tmp_path / "cache"
    before = _run(draft, cache, str(tmp_path / "empty-home"))
    assert "GR.harper." in before.stdout and "GR.languagetool." not in before.stdout, before.stdout + before.stderr
    after = _run(draft, cache, os.environ["COMMLINT_LT_HOME"])
    assert "GR.languagetool." in after.stdout and "GR.harper." not in after.stdout, after.stdout + after.stderr
    assert server.running(languagetool_installed[1]) == languagetool_installed[0]
