"""The engine: runs the stages in order over batches of articles and names the stage that failed.

read -> clean -> prefilter -> extract -> store -> consolidate. Reading and writing happen here, in one
process: the store has one writer, and each batch (documents, failures, mentions) is one transaction, so
a killed run leaves whole batches only. The document stages (`stages.process`) run here, in a pool of
worker processes, or on a Dask cluster; results are written in input order, so every way of running
stores the same. Batches stream with a bounded number in flight: no stage holds the whole corpus.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from itertools import islice

from ceasefire import consolidate
from ceasefire.engine import runners
from ceasefire.engine.options import BATCH, ENGINES, EngineError, Options
from ceasefire.engine.runners import Chunk, Runner
from ceasefire.engine.stages import STAGES, Result, process, run_stages
from ceasefire.extract import Extractor
from ceasefire.ingest import read_paths
from ceasefire.models import Problem
from ceasefire.store import Store

__all__ = [
    "BATCH",
    "ENGINES",
    "STAGES",
    "EngineError",
    "IngestReport",
    "Options",
    "ingest",
    "process",
    "run_stages",
]

Progress = Callable[[int], None]


@dataclass
class IngestReport:
    read: int = 0
    duplicates: int = 0
    problems: list[Problem] = field(default_factory=list)
    deals: int = 0
    mentions: int = 0


def ingest(
    paths: Iterable[str],
    store: Store,
    options: Options | None = None,
    progress: Progress | None = None,
    extractor: Extractor | None = None,
) -> IngestReport:
    """Read, clean and extract every article under `paths`, store them, then merge mentions into deals."""
    options = options or Options()
    report = IngestReport()
    started = dt.datetime.now(dt.UTC)
    with _runner(options, extractor) as run:
        for chunk, results in run(_chunks(paths, store, options.batch)):
            with store.transaction():
                store.settle_failures(chunk.read_at, before=started)
                _write(chunk, results, store, report)
            if progress:
                progress(chunk.size)
    report.deals = consolidate.rebuild(store)
    return report


def _runner(options: Options, extractor: Extractor | None) -> AbstractContextManager[Runner]:
    if extractor is not None and (options.engine != "local" or options.workers > 1):
        raise EngineError("extractor")
    if options.engine == "dask":
        from ceasefire.engine.cluster import dask

        return dask(options.scheduler, options.workers)
    if options.workers > 1:
        return runners.pool(options.workers)
    return nullcontext(runners.serial(extractor or Extractor.load()))


def _chunks(paths: Iterable[str], store: Store, size: int) -> Iterator[Chunk]:
    """The input a slice at a time; articles already stored are counted and never reach the stages."""
    items = iter(read_paths(paths))
    while part := list(islice(items, size)):
        chunk = Chunk([], size=len(part))
        for item in part:
            if isinstance(item, Problem):
                chunk.problems.append(item)
                continue
            chunk.read_at.append((item.source, item.record))
            if store.has_document(item.id):
                chunk.known += 1
            else:
                chunk.articles.append(item)
        yield chunk


def _write(chunk: Chunk, results: list[Result], store: Store, report: IngestReport) -> None:
    """Store a batch; an article whose id or text arrived earlier in this run counts as a duplicate."""
    report.duplicates += chunk.known
    for article, result in zip(chunk.articles, results, strict=True):
        if not store.add_document(article):
            report.duplicates += 1
        elif isinstance(result, Problem):
            _problem(result, store, report)
        else:
            store.save_mentions(article.id, result)
            report.mentions += len(result)
            report.read += 1
    for problem in chunk.problems:
        _problem(problem, store, report)


def _problem(problem: Problem, store: Store, report: IngestReport) -> None:
    store.add_problem(problem)
    report.problems.append(problem)
