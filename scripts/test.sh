#!/usr/bin/env bash
# Installs iro-audit and its test dependencies into .venv (made if missing) and runs the tests.
# This is the README's test command: `bash scripts/test.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "Making a virtual environment in .venv ..."
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"
.venv/bin/python -m ipykernel install --sys-prefix --name python3 >/dev/null
exec .venv/bin/python -m pytest "$@"
