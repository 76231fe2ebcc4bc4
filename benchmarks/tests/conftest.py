"""Make the harness modules (benchmarks/*.py) importable by the tests."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import os  # noqa: E402

# As in tests/conftest.py: no test here spawns or uses the user's warm worker; the harness
# tests that drive one give it a private runtime folder.
os.environ["COMMLINT_NO_WORKER"] = "1"
