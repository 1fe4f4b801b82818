#!/usr/bin/env bash
# Installs iro-audit and its test dependencies into .venv (made if missing) and runs the tests.
# This is the README's test command: `bash scripts/test.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh "[test]"
exec .venv/bin/python -m pytest "$@"
