#!/usr/bin/env bash
# Set up, lint, type-check and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check src tests scripts bench
.venv/bin/ruff format --check src tests scripts bench
.venv/bin/mypy src
.venv/bin/pytest -q "$@"
