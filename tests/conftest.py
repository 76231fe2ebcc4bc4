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
