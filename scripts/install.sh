#!/usr/bin/env bash
# Installs iro-audit into .venv (made if missing) with the extras named in $1 (e.g. "[test]"),
# and registers the venv's Jupyter kernel as "python3" for the report notebooks.
# Used by scripts/demo.sh and scripts/test.sh; PYTHON picks the interpreter (default python3).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "Making a virtual environment in .venv ..."
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".${1:-}"
.venv/bin/python -m ipykernel install --sys-prefix --name python3 >/dev/null
