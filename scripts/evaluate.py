"""Score ceasefire against the shared gold sets and write the figures into README.md.

Runs the real pipeline (ingest into a fresh SQLite store, export jsonl) and the shared scorer, so the
README's numbers are regenerated, never typed:

    python scripts/evaluate.py            # print the table
    python scripts/evaluate.py --readme   # also rewrite the block between the markers in README.md
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from readme import replace_block

from ceasefire.engine import ingest
from ceasefire.export import write_jsonl
from ceasefire.store import DealQuery, Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"
SETS = {
    "seeds": (SHARED / "corpus" / "seeds", SHARED / "eval" / "gold" / "seeds.jsonl", None),
    "FA-KES dev": (
        SHARED / "corpus" / "fakes.jsonl",
        SHARED / "eval" / "gold" / "fakes-dev.jsonl",
        SHARED / "eval" / "fakes-dev-ids.json",
    ),
    "FA-KES train": (
        SHARED / "corpus" / "fakes.jsonl",
        SHARED / "eval" / "gold" / "fakes-train.jsonl",
        SHARED / "eval" / "fakes-train-ids.json",
    ),
}
COLUMNS = [
    ("deal F1", "deals", "f1"),
    ("deal P", "deals", "precision"),
    ("deal R", "deals", "recall"),
    ("merge F1", "merge", "f1"),
    ("actors F1", "actors", "f1"),
    ("status acc.", "status", "accuracy"),
    ("origin acc.", "origin", "accuracy"),
    ("destination acc.", "destination", "accuracy"),
    ("date@month acc.", "date_month", "accuracy"),
    ("counts recall", "counts", "recall"),
]


def export(corpus: Path, workdir: Path) -> Path:
    """Ingest a corpus into a fresh store and export its deals as FORMAT.md jsonl."""
    out = workdir / f"{corpus.stem}.jsonl"
    if out.exists():
        return out
    store = Store(f"sqlite:///{workdir / (corpus.stem + '.db')}")
    ingest([str(corpus)], store)
    with out.open("w", encoding="utf-8") as handle:
        write_jsonl(store.deals(DealQuery(include_rejected=True)), handle)
    store.close()
    return out


def score(system: Path, gold: Path, docs: Path | None) -> dict:
    command = [sys.executable, str(SCORER), "--gold", str(gold), "--system", str(system), "--json"]
    if docs:
        command += ["--docs-file", str(docs)]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def run(names: list[str]) -> dict[str, dict]:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            corpus, gold, docs = SETS[name]
            results[name] = score(export(corpus, Path(tmp)), gold, docs)
    return results


def table(results: dict[str, dict]) -> str:
    head = "| set | " + " | ".join(c[0] for c in COLUMNS) + " |"
    rows = [head, "|" + " --- |" * (len(COLUMNS) + 1)]
    for name, result in results.items():
        cells = [result[key][stat] for _, key, stat in COLUMNS]
        rows.append(f"| {name} | " + " | ".join("n/a" if v is None else f"{v:.2f}" for v in cells) + " |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readme", action="store_true", help="rewrite the scores block of README.md")
    parser.add_argument("--set", action="append", choices=sorted(SETS), help="score only these sets")
    args = parser.parse_args()
    results = run(args.set or list(SETS))
    text = table(results)
    print(text)
    if args.readme:
        replace_block("scores", text)


if __name__ == "__main__":
    main()
