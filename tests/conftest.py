"""Shared fixtures: the real spaCy model and the shipped rule packs, loaded once per run."""
from __future__ import annotations

import pytest

from commlint import Config, Linter
from commlint.lint.rules import build_ruleset
from commlint.packs.loader import RuleSet


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return build_ruleset(Config())


@pytest.fixture(scope="session")
def linter(ruleset: RuleSet) -> Linter:
    return Linter(Config(), ruleset)
