"""Where the shipped rule packs and lexicons are: inside the wheel, or in the source tree."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parent.parent


def _shipped(folder: str) -> Path:
    packaged = resources.files("commlint") / "_data" / folder
    if packaged.is_dir():
        return Path(str(packaged))
    return _REPO_ROOT / folder


def packs_dir() -> Path:
    """The folder of default rule packs (``rules/`` in the repository)."""
    return _shipped("rules")


def lexicons_dir() -> Path:
    """The folder of default lexicons (``jargon_lexicon/`` in the repository)."""
    return _shipped("jargon_lexicon")


def placeholder_fields_dir() -> Path:
    """The folder of helpdesk placeholder field lists (``placeholder_fields/`` in the repository)."""
    return _shipped("placeholder_fields")


def models_dir() -> Path:
    """The folder of shipped model weights (``models/`` in the repository)."""
    return _shipped("models")
