"""Workers: `ceasefire ingest` with --workers 1 and 2, and on Dask with 1 and 2 workers, on the same input.

    .venv/bin/python bench/workers.py                  # FA-KES replicated to 5000 articles
    .venv/bin/python bench/workers.py --articles 1000 --repeat 3   # on a busy machine: fastest of 3

Each run is the whole command into a fresh SQLite store, timed from start to exit (Dask runs start a
local cluster of that many worker processes). The stores' counts are compared, since every way of running
must store the same. Writes bench/results/workers.txt.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, Report, machine, warm, write_replicas

from ceasefire.store import Store

RUNS = (
    ("local", 1, ["--workers", "1"]),
    ("local", 2, ["--workers", "2"]),
    ("dask", 1, ["--engine", "dask", "--workers", "1"]),
    ("dask", 2, ["--engine", "dask", "--workers", "2"]),
)


def run(source: Path, db: Path, options: list[str]) -> tuple[float, dict[str, int]]:
    command = [
        str(Path(sys.executable).with_name("ceasefire")),
        "ingest",
        str(source),
        "--db",
        f"sqlite:///{db}",
    ]
    start = time.perf_counter()
    subprocess.run([*command, *options], check=True, capture_output=True, cwd=ROOT)
    seconds = time.perf_counter() - start
    with Store(f"sqlite:///{db}") as store:
        stats = store.stats()
    return seconds, {name: stats[name] for name in ("documents", "mentions", "deals", "failures")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000, help="FA-KES replicated to this many articles")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each, in turn; the fastest counts")
    args = parser.parse_args()
    report = Report("workers")
    report.say(machine())
    warm()
    report.say(
        f"input: FA-KES replicated to {args.articles} articles; whole `ceasefire ingest` command per run; "
        f"fastest of {args.repeat}"
    )
    seconds: dict[tuple[str, int], float] = {}
    counts = set()
    with tempfile.TemporaryDirectory() as tmp:
        source = write_replicas(args.articles, Path(tmp) / "input.jsonl")
        for attempt in range(args.repeat):
            for engine, workers, options in RUNS:
                took, stored = run(source, Path(tmp) / f"{engine}-{workers}-{attempt}.db", options)
                seconds[engine, workers] = min(took, seconds.get((engine, workers), took))
                counts.add(tuple(sorted(stored.items())))
    for (engine, workers), took in seconds.items():
        report.say(f"{engine:>5}, {workers} worker(s): {took:6.1f} s, {args.articles / took:6.1f} articles/s")
    for engine in ("local", "dask"):
        report.say(
            f"{engine}: 2 workers are {seconds[engine, 1] / seconds[engine, 2]:.2f}x one (target >= 1.6x)"
        )
    report.say(f"stores alike: {'yes' if len(counts) == 1 else 'NO'} ({'; '.join(map(str, counts))})")
    report.save()


if __name__ == "__main__":
    main()
