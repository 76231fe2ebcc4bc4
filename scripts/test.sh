#!/usr/bin/env bash
# Set up .venv with everything commlint and its tests need (from PyPI only), then run the
# whole test suite. Extra arguments go to pytest. Used as-is by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
# LanguageTool (the grammar tests provision it with Maven into the user cache) needs Java 17
# and Maven: install them from Debian when they are missing and we may
# and the report test renders in Debian's headless chromium
need=()
command -v java >/dev/null || need+=(openjdk-17-jre-headless)
command -v mvn >/dev/null || need+=(maven)
command -v chromium >/dev/null || need+=(chromium)
if [ ${#need[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test,train]"
exec .venv/bin/python -m pytest -p no:cacheprovider "$@"
