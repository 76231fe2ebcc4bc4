"""The commlint version (foundation: imports nothing of commlint).

A literal, not ``importlib.metadata``: importing that costs about 35 ms on every start, the
worker client's included. The package metadata is built from this line (pyproject.toml,
``[tool.hatch.version]``).
"""
from __future__ import annotations

__version__ = "0.1.0"
