"""Where the shipped rule packs and lexicons are: inside the wheel, or in the source tree."""
from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

_PACKAGE = os.path.dirname(os.path.abspath(__file__))
_REPO_ROOT = os.path.dirname(os.path.realpath(_PACKAGE))


def shipped_folder(folder: str) -> str:
    """``folder`` as the wheel ships it (``commlint/_data/``), else in the source tree, as a
    plain string: the worker's client asks for it without importing ``pathlib``. Not
    ``importlib.resources`` either: commlint reads its data as files, and that import
    costs about 15 ms of every start."""
    packaged = os.path.join(_PACKAGE, "_data", folder)
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(_REPO_ROOT, folder)


def _shipped(folder: str) -> Path:
    from pathlib import Path

    return Path(shipped_folder(folder))


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


def docs_dir() -> Path:
    """The folder whose ``rules/`` holds the generated rule reference (``docs/`` in the repository)."""
    return _shipped("docs")


def docs_url() -> str:
    """The base that rule reference paths (``docs/rules/tone.md#t101``) are resolved
    against: ``COMMLINT_DOCS_URL`` when set (where a team publishes commlint's source, e.g.
    ``https://git.example.com/tools/commlint/blob/main/``), else the project's
    ``Documentation`` URL from its package metadata, else the folder holding the shipped
    ``docs/`` on this machine as a ``file:`` URI. Always ends with ``/``."""
    import os
    from importlib import metadata

    url = os.environ.get("COMMLINT_DOCS_URL", "").strip()
    if not url:
        try:
            urls = metadata.metadata("commlint").get_all("Project-URL") or []
        except metadata.PackageNotFoundError:
            urls = []
        url = next((u.split(",", 1)[1].strip() for u in urls if u.lower().startswith("documentation,")), "")
    if not url:
        url = docs_dir().resolve().parent.as_uri()
    return url if url.endswith("/") else url + "/"
