"""Where commlint keeps generated data on this machine."""
from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    """The user cache folder (``COMMLINT_CACHE_DIR`` overrides it)."""
    override = os.environ.get("COMMLINT_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("commlint"))
