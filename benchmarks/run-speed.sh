#!/usr/bin/env bash
# Run the speed benchmark with the project's own Python (it has commlint and PyYAML).
# Options are passed on: bash benchmarks/run-speed.sh --quick --tools commlint,vale
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${repo}/.venv/bin/python"
if [[ ! -x "${python}" ]]; then
  echo "run-speed.sh: ${python} not found; set up the project first (see README.md)" >&2
  exit 2
fi
export PATH="${repo}/.venv/bin:${PATH}"
exec "${python}" "${repo}/benchmarks/speed.py" "$@"
