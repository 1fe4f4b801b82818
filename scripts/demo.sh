#!/usr/bin/env bash
# Installs iro-audit into .venv (made if missing) and runs the demo pack on a synthetic authority.
# This is the README's demo command: `bash scripts/demo.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
# The demo folder holds only demonstration reports: running the demo again replaces them.
exec .venv/bin/iro-audit demo --overwrite "$@"
