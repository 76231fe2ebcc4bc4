#!/usr/bin/env bash
# Set up .venv with everything commlint and its tests need (from PyPI only), then run the
# whole test suite. Extra arguments go to pytest. Used as-is by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
exec .venv/bin/python -m pytest -p no:cacheprovider "$@"
