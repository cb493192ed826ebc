#!/usr/bin/env bash
# Set up ceasefire from nothing: a virtual environment with the pinned stack, and the web page's assets
# from the npm registry. Safe to run again; it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
  .venv/bin/pip install -q --upgrade pip
fi
.venv/bin/pip install -q -e '.[test]'
if [ -f package.json ] && command -v npm >/dev/null 2>&1; then
  npm ci --silent --no-audit --no-fund
  .venv/bin/python -m ceasefire.web.assets
fi
