"""One `engine.ingest` into a fresh store, timed batch by batch; prints its figures as one JSON line.

    .venv/bin/python bench/timed_ingest.py SOURCE DB [--workers N] [--engine dask]

Run by bench/scale.py and bench/workers.py in a process of its own, so that its peak RSS is its own.
Times count from the call to `ingest`, after Python has started and imported ceasefire.
"""

from __future__ import annotations

import argparse
import json
import resource
import time

from ceasefire.engine import Options, ingest
from ceasefire.store import Store


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rate(done: list[tuple[int, float]], start: float, end: float) -> float:
    """Articles/s between two fractions of the batches."""
    first, last = done[int(start * (len(done) - 1))], done[int(end * (len(done) - 1))]
    return (last[0] - first[0]) / (last[1] - first[1]) if last[1] > first[1] else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("db")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--engine", default="local")
    args = parser.parse_args()
    marks: dict[str, float] = {}
    done: list[tuple[int, float]] = []
    start = time.perf_counter()

    def progress(count: int) -> None:
        """After each stored batch: the last call marks the end of the document stages."""
        done.append(((done[-1][0] if done else 0) + count, time.perf_counter() - start))
        marks.update(stages_rss=peak_rss_mib())

    with Store(f"sqlite:///{args.db}") as store:
        options = Options(workers=args.workers, engine=args.engine)
        report = ingest([args.source], store, options, progress=progress)
    marks.update(total_s=time.perf_counter() - start, total_rss=peak_rss_mib(), read=report.read)
    marks.update(mentions=report.mentions, deals=report.deals)
    marks.update(first_n=done[0][0], first_s=done[0][1], stages_n=done[-1][0], stages_s=done[-1][1])
    marks.update(steady=rate(done, 0.0, 1.0), early=rate(done, 0.1, 0.2), late=rate(done, 0.9, 1.0))
    print(json.dumps(marks))


if __name__ == "__main__":
    main()
