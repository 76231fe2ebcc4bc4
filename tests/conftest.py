"""Shared fixtures: the real spaCy model and the shipped rule packs, loaded once per run."""
from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

import pytest

from commlint import Config, Linter
from commlint.grammar import install
from commlint.lint.rules import build_ruleset
from commlint.packs.loader import RuleSet

# No test spawns or uses the user's warm worker: every commlint process started by a test
# inherits this; tests/test_worker.py opts back in with a private runtime folder.
os.environ["COMMLINT_NO_WORKER"] = "1"

#: where the grammar tests install LanguageTool: the user's own LanguageTool home (the user
#: cache, or COMMLINT_LT_HOME), read before the line below hides it
LT_HOME = install.home()
# Every test, and every commlint process a test starts, sees an empty LanguageTool home, so
# `grammar: auto` (the default) picks Harper whatever this machine has installed, and no
# test ever starts the user's own server. Tests that need LanguageTool take the fixtures below.
_NO_LT_HOME = tempfile.mkdtemp(prefix="commlint-tests-no-languagetool-")
atexit.register(shutil.rmtree, _NO_LT_HOME, True)
os.environ["COMMLINT_LT_HOME"] = _NO_LT_HOME


@contextlib.contextmanager
def lt_home(home: Path) -> Iterator[None]:
    """COMMLINT_LT_HOME set to ``home`` inside the block."""
    before = os.environ["COMMLINT_LT_HOME"]
    os.environ["COMMLINT_LT_HOME"] = str(home)
    try:
        yield
    finally:
        os.environ["COMMLINT_LT_HOME"] = before


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return build_ruleset(Config())


@pytest.fixture(scope="session")
def linter(ruleset: RuleSet) -> Linter:
    return Linter(Config(), ruleset)


@pytest.fixture(scope="session")
def languagetool_home(tmp_path_factory) -> Path:
    """A LanguageTool home of this test session: the real install linked in, and the
    session's server in its ``server/`` folder (see ``languagetool_server``).

    LanguageTool is installed with Maven into ``LT_HOME`` (once per machine, about 30 s the
    first time). A test that points COMMLINT_LT_HOME here (``languagetool_installed``) finds
    LanguageTool installed, and a run that wants the local server reaches the session's.
    """
    with lt_home(LT_HOME):
        installed = install.install()
    home = tmp_path_factory.mktemp("languagetool-home")
    (home / installed.name).symlink_to(installed, target_is_directory=True)
    return home


@pytest.fixture(scope="session")
def languagetool_server(languagetool_home: Path):
    """A real LanguageTool server for this test session, as ``(ServerState, folder)``: it
    runs from the session's LanguageTool home (never the user's own server) and stops at
    the end."""
    from commlint.grammar import server

    folder = languagetool_home / "server"
    with lt_home(languagetool_home):
        state = server.ensure(idle=3600, path=folder)
    yield state, folder
    server.stop(folder)


@pytest.fixture(scope="session")
def languagetool_url(languagetool_server) -> str:
    """The URL of the session's real LanguageTool server (``http://127.0.0.1:PORT``)."""
    return languagetool_server[0].url


@pytest.fixture
def languagetool_installed(languagetool_server, languagetool_home: Path, monkeypatch):
    """For one test, LanguageTool is installed (COMMLINT_LT_HOME is the session's home) and
    its local server is the session's; gives ``(ServerState, folder)``."""
    monkeypatch.setenv("COMMLINT_LT_HOME", str(languagetool_home))
    return languagetool_server
