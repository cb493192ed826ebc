"""Workers: ingest with --workers 1 and 2, and on Dask with 1 and 2 workers, on the same input.

    .venv/bin/python bench/workers.py                              # FA-KES replicated to 5000 articles
    .venv/bin/python bench/workers.py --articles 1000 --repeat 3   # on a busy machine: fastest of 3

Each run ingests into a fresh SQLite store in a process of its own (Dask runs start a local cluster of
that many worker processes). Printed: the document stages' articles/s after the first batch (what the
workers share out), and the whole ingest's time from the call to its end, which adds starting the
workers and `consolidate.rebuild` (one process, whatever the workers). The stores' counts are compared,
since every way of running must store the same. Writes bench/results/workers.txt.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from common import Report, machine, timed_ingest, warm, write_replicas

from ceasefire.store import Store

RUNS = (("local", 1), ("local", 2), ("dask", 1), ("dask", 2))


def spin(count: int) -> float:
    total = 0
    for number in range(count):
        total += number * number
    return float(total)


def ceiling() -> float:
    """How much faster two processes of plain arithmetic finish than one: no worker count can beat it."""
    start = time.perf_counter()
    spin(10_000_000)
    one = time.perf_counter() - start
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(spin, [1, 1]))
        start = time.perf_counter()
        list(pool.map(spin, [10_000_000, 10_000_000]))
        two = time.perf_counter() - start
    return 2 * one / two


def run(source: Path, db: Path, engine: str, workers: int) -> tuple[dict[str, float], tuple[int, ...]]:
    figures = timed_ingest(source, db, "--engine", engine, "--workers", str(workers))
    with Store(f"sqlite:///{db}") as store:
        stats = store.stats()
    return figures, tuple(stats[name] for name in ("documents", "mentions", "deals", "failures"))


def best(runs: list[dict[str, float]]) -> dict[str, float]:
    return {"steady": max(r["steady"] for r in runs), "total_s": min(r["total_s"] for r in runs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000, help="FA-KES replicated to this many articles")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each, in turn; the fastest counts")
    args = parser.parse_args()
    report = Report("workers")
    report.say(machine())
    warm()
    report.say(f"ceiling: two processes of plain arithmetic run {ceiling():.2f}x one on this machine now")
    report.say(f"input: FA-KES replicated to {args.articles} articles; fastest of {args.repeat} run(s) each")
    runs: dict[tuple[str, int], list[dict[str, float]]] = {key: [] for key in RUNS}
    stored = set()
    with tempfile.TemporaryDirectory() as tmp:
        source = write_replicas(args.articles, Path(tmp) / "input.jsonl")
        for attempt in range(args.repeat):
            for engine, workers in RUNS:
                figures, counts = run(source, Path(tmp) / f"{engine}-{workers}-{attempt}.db", engine, workers)
                runs[engine, workers].append(figures)
                stored.add(counts)
    results = {key: best(found) for key, found in runs.items()}
    for (engine, workers), f in results.items():
        report.say(
            f"{engine:>5}, {workers} worker(s): stages {f['steady']:6.1f} articles/s; "
            f"whole ingest {f['total_s']:6.1f} s, {args.articles / f['total_s']:6.1f} articles/s"
        )
    for engine in ("local", "dask"):
        one, two = results[engine, 1], results[engine, 2]
        report.say(
            f"{engine}: 2 workers are {two['steady'] / one['steady']:.2f}x one in the document stages "
            f"(target >= 1.6x), {one['total_s'] / two['total_s']:.2f}x for the whole ingest"
        )
    counts = "; ".join(f"{d} documents, {m} mentions, {n} deals, {f} failures" for d, m, n, f in stored)
    report.say(f"stores alike: {'yes' if len(stored) == 1 else 'NO'} ({counts})")
    report.save()


if __name__ == "__main__":
    main()
