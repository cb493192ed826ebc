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
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import Report, machine, warm, write_replicas


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(source: str, db: str, workers: int) -> None:
    """One ingest; prints its figures as JSON for the parent."""
    from ceasefire.engine import Options, ingest  # here: the parent stays small (see common.warm)
    from ceasefire.store import Store

    marks: dict[str, float] = {}
    done: list[tuple[int, float]] = []
    start = time.perf_counter()

    def progress(count: int) -> None:
        """After each stored batch: the last call marks the end of the document stages."""
        done.append(((done[-1][0] if done else 0) + count, time.perf_counter() - start))
        marks.update(stages_rss=peak_rss_mib())

    with Store(f"sqlite:///{db}") as store:
        report = ingest([source], store, Options(workers=workers), progress=progress)
    marks.update(total_s=time.perf_counter() - start, total_rss=peak_rss_mib(), read=report.read)
    marks.update(mentions=report.mentions, deals=report.deals)
    marks.update(first_n=done[0][0], first_s=done[0][1], stages_n=done[-1][0], stages_s=done[-1][1])
    marks.update(early=_rate(done, 0.1, 0.2), late=_rate(done, 0.9, 1.0))
    print(json.dumps(marks))


def _rate(done: list[tuple[int, float]], start: float, end: float) -> float:
    """Articles/s between two fractions of the run: does a bigger store slow the writes down?"""
    first, last = done[int(start * (len(done) - 1))], done[int(end * (len(done) - 1))]
    return (last[0] - first[0]) / (last[1] - first[1])


def measure(size: int, workers: int, folder: Path) -> dict[str, float]:
    source = write_replicas(size, folder / f"fakes-{size}.jsonl")
    command = [sys.executable, __file__, "--child", str(source), str(folder / f"scale-{size}.db")]
    done = subprocess.run([*command, "--workers", str(workers)], check=True, capture_output=True, text=True)
    source.unlink()
    figures: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return figures


def steady(f: dict[str, float]) -> float:
    """Articles/s after the first batch, which alone pays for loading the model and the gazetteer."""
    return (f["stages_n"] - f["first_n"]) / (f["stages_s"] - f["first_s"])


def line(size: int, f: dict[str, float]) -> str:
    tenths = f"{f['early']:.0f} in the 2nd tenth, {f['late']:.0f} in the last"
    stages = f"stages {steady(f):6.1f} articles/s ({tenths}), peak RSS {f['stages_rss']:5.0f} MiB"
    whole = f"whole ingest {f['read'] / f['total_s']:6.1f} articles/s, peak RSS {f['total_rss']:5.0f} MiB"
    merge = f["total_s"] - f["stages_s"]
    counts = f"{f['mentions']:.0f} mentions, {f['deals']:.0f} deals, consolidate {merge:.1f} s"
    return f"{size:>6} articles: {stages} | {whole} ({counts})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="comma-separated article counts")
    parser.add_argument("--workers", type=int, default=1, help="ingest --workers")
    parser.add_argument("--child", nargs=2, metavar=("SOURCE", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child, workers=args.workers)
        return
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
        f"{min(results)} (target <= 1.2x); articles/s {steady(large) / steady(small):.2f}x (target 0.8-1.2x)"
    )
    speed = (large["read"] / large["total_s"]) / (small["read"] / small["total_s"])
    report.say(
        f"whole ingest: peak RSS at {max(results)} is {large['total_rss'] / small['total_rss']:.2f}x that at "
        f"{min(results)}; articles/s {speed:.2f}x"
    )
    report.save()


if __name__ == "__main__":
    main()
