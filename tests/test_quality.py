"""Extraction quality on the gold sets, measured as the README reports it: the real pipeline (ingest into a
SQLite file, extract, consolidate, export jsonl) scored by ../shared/eval/score.py. Each set must stay at or
above the floors of issue 3, so no change can quietly lower them.

FA-KES dev is scored on its own documents, copied out of fakes.jsonl, which keeps the test to seconds.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ceasefire.engine import ingest
from ceasefire.export import write_jsonl
from ceasefire.store import DealQuery, Store

SHARED = Path(__file__).parents[1].parent / "shared"
SCORER = SHARED / "eval" / "score.py"
DEV_IDS = SHARED / "eval" / "fakes-dev-ids.json"
# (metric, statistic) -> floor, per set (issue 3).
FLOORS = {
    "seeds": {
        ("deals", "f1"): 0.85,
        ("actors", "f1"): 0.75,
        ("status", "accuracy"): 0.80,
        ("destination", "accuracy"): 0.80,
        ("date_month", "accuracy"): 0.75,
        ("counts", "recall"): 0.70,
    },
    "FA-KES dev": {
        ("deals", "f1"): 0.75,
        ("actors", "f1"): 0.75,
        ("status", "accuracy"): 0.75,
        ("destination", "accuracy"): 0.75,
        ("date_month", "accuracy"): 0.80,
        ("counts", "recall"): 0.60,
    },
}


def _export(paths: list[Path], workdir: Path) -> Path:
    store = Store(f"sqlite:///{workdir / 'quality.db'}")
    ingest([str(p) for p in paths], store)
    out = workdir / "deals.jsonl"
    with out.open("w", encoding="utf-8") as handle:
        write_jsonl(store.deals(DealQuery(include_rejected=True)), handle)
    store.close()
    return out


def _score(system: Path, gold: Path, docs: Path | None = None) -> dict:
    command = [sys.executable, str(SCORER), "--gold", str(gold), "--system", str(system), "--json"]
    command += ["--docs-file", str(docs)] if docs else []
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def _dev_records(target: Path) -> Path:
    """The FA-KES dev documents, copied record for record out of the corpus."""
    wanted = set(json.loads(DEV_IDS.read_text("utf-8")))
    lines = (SHARED / "corpus" / "fakes.jsonl").read_text("utf-8").splitlines()
    kept = [line for line in lines if line.strip() and json.loads(line)["id"] in wanted]
    target.write_text("\n".join(kept) + "\n", "utf-8")
    return target


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    seeds = tmp_path_factory.mktemp("seeds")
    dev = tmp_path_factory.mktemp("dev")
    return {
        "seeds": _score(
            _export([SHARED / "corpus" / "seeds"], seeds), SHARED / "eval" / "gold" / "seeds.jsonl"
        ),
        "FA-KES dev": _score(
            _export([_dev_records(dev / "fakes-dev.jsonl")], dev),
            SHARED / "eval" / "gold" / "fakes-dev.jsonl",
            DEV_IDS,
        ),
    }


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_quality_meets_the_floors(scores: dict[str, dict], name: str) -> None:
    result = scores[name]
    below = [
        f"{metric} {stat} {result[metric][stat]} < {floor}"
        for (metric, stat), floor in FLOORS[name].items()
        if result[metric][stat] is None or result[metric][stat] < floor
    ]
    assert not below, f"{name}: " + "; ".join(below)
