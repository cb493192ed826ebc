#!/usr/bin/env bash
# Set up, then run the main job on the bundled example articles: ingest, list, export.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
rm -f demo.db
.venv/bin/ceasefire ingest --db sqlite:///demo.db examples/articles
.venv/bin/ceasefire deals --db sqlite:///demo.db
.venv/bin/ceasefire export --db sqlite:///demo.db --format jsonl --out demo-deals.jsonl
echo "deals written to demo-deals.jsonl"
