"""Scale: FA-KES replicated with fresh ids to 1k, 10k and 50k articles, each ingested into a fresh store.

    .venv/bin/python bench/scale.py                      # 1000, 10000 and 50000 articles
    .venv/bin/python bench/scale.py --sizes 1000,10000   # fewer, for a quick look

Each size runs in its own process, so its peak RSS is its own. Printed per size: for the document stages
(read, clean, prefilter, extract, store), articles/s after the first batch (which alone pays for loading
the model) and peak RSS; for the whole ingest, which adds `consolidate.rebuild` over every stored mention,
articles/s from start to end and peak RSS. Writes bench/results/scale.txt.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from common import Report, machine, timed_ingest, warm, write_replicas


def measure(size: int, workers: int, folder: Path) -> dict[str, float]:
    source = write_replicas(size, folder / f"fakes-{size}.jsonl")
    figures = timed_ingest(source, folder / f"scale-{size}.db", "--workers", str(workers))
    source.unlink()
    return figures


def line(size: int, f: dict[str, float]) -> str:
    tenths = f"{f['early']:.0f} in the 2nd tenth, {f['late']:.0f} in the last"
    stages = f"stages {f['steady']:6.1f} articles/s ({tenths}), peak RSS {f['stages_rss']:5.0f} MiB"
    whole = f"whole ingest {f['read'] / f['total_s']:6.1f} articles/s, peak RSS {f['total_rss']:5.0f} MiB"
    merge = f["total_s"] - f["stages_s"]
    counts = f"{f['mentions']:.0f} mentions, {f['deals']:.0f} deals, consolidate {merge:.1f} s"
    return f"{size:>6} articles: {stages} | {whole} ({counts})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="comma-separated article counts")
    parser.add_argument("--workers", type=int, default=1, help="ingest --workers")
    args = parser.parse_args()
    report = Report("scale")
    report.say(machine())
    warm()
    report.say(f"ingest --workers {args.workers} into a fresh SQLite store per size")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            results[size] = measure(size, args.workers, Path(tmp))
            report.say(line(size, results[size]))
    small, large = results[min(results)], results[max(results)]
    report.say(
        f"stages: peak RSS at {max(results)} is {large['stages_rss'] / small['stages_rss']:.2f}x that at "
        f"{min(results)} (target <= 1.2x); articles/s {large['steady'] / small['steady']:.2f}x "
        "(target 0.8-1.2x)"
    )
    speed = (large["read"] / large["total_s"]) / (small["read"] / small["total_s"])
    report.say(
        f"whole ingest: peak RSS at {max(results)} is {large['total_rss'] / small['total_rss']:.2f}x that at "
        f"{min(results)}; articles/s {speed:.2f}x"
    )
    report.save()


if __name__ == "__main__":
    main()
