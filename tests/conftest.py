"""Shared fixtures: the real spaCy model and the shipped rule packs, loaded once per run."""
from __future__ import annotations

import os

import pytest

from commlint import Config, Linter
from commlint.lint.rules import build_ruleset
from commlint.packs.loader import RuleSet

# No test spawns or uses the user's warm worker: every commlint process started by a test
# inherits this; tests/test_worker.py opts back in with a private runtime folder.
os.environ["COMMLINT_NO_WORKER"] = "1"


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return build_ruleset(Config())


@pytest.fixture(scope="session")
def linter(ruleset: RuleSet) -> Linter:
    return Linter(Config(), ruleset)


@pytest.fixture(scope="session")
def languagetool_server(tmp_path_factory):
    """A real LanguageTool server for this test session, as ``(ServerState, folder)``.

    LanguageTool is installed with Maven into the stable LanguageTool home (the user cache,
    or COMMLINT_LT_HOME; once per machine, about 30 s the first time) and the home is pinned
    in COMMLINT_LT_HOME, so tests that move COMMLINT_CACHE_DIR still find it. The server runs
    from a private folder of this session (never the user's own server) and stops at the end.
    """
    from commlint.grammar import install, server

    install.install()
    os.environ["COMMLINT_LT_HOME"] = str(install.home())
    folder = tmp_path_factory.mktemp("languagetool-server")
    state = server.ensure(idle=3600, path=folder)
    yield state, folder
    server.stop(folder)


@pytest.fixture(scope="session")
def languagetool_url(languagetool_server) -> str:
    """The URL of the session's real LanguageTool server (``http://127.0.0.1:PORT``)."""
    return languagetool_server[0].url
