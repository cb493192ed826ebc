"""Runners: they take batches of articles, run the document stages on them somewhere, and give back each
batch's results in input order. Only the caller writes to the store, so storage has one writer."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import Any

from ceasefire.engine.stages import Result, process, run_stages
from ceasefire.extract import Extractor
from ceasefire.models import Article, Problem


@dataclass
class Chunk:
    """A slice of the input as read: the new articles for the stages, and what reading itself found."""

    articles: list[Article]
    problems: list[Problem] = field(default_factory=list)
    known: int = 0
    size: int = 0
    # (source, record) of every article read, new or known: where earlier errors are now settled.
    read_at: list[tuple[str, str]] = field(default_factory=list)


Runner = Callable[[Iterable[Chunk]], Iterator[tuple[Chunk, list[Result]]]]
# Submits `process` with a batch and returns a future: a concurrent.futures or a Dask one.
Submit = Callable[[Callable[[list[Article]], list[Result]], list[Article]], Any]


def serial(extractor: Extractor) -> Runner:
    """Everything in this process, batch after batch."""

    def run(chunks: Iterable[Chunk]) -> Iterator[tuple[Chunk, list[Result]]]:
        for chunk in chunks:
            yield chunk, run_stages(chunk.articles, extractor) if chunk.articles else []

    return run


def ordered(submit: Submit, chunks: Iterable[Chunk], window: int) -> Iterator[tuple[Chunk, list[Result]]]:
    """Results in input order, with at most `window` batches in flight, so memory does not grow with input."""
    pending: deque[tuple[Chunk, Any]] = deque()
    for chunk in chunks:
        pending.append((chunk, submit(process, chunk.articles) if chunk.articles else None))
        if len(pending) >= window:
            yield _done(*pending.popleft())
    while pending:
        yield _done(*pending.popleft())


def _done(chunk: Chunk, future: Any) -> tuple[Chunk, list[Result]]:
    return chunk, future.result() if future is not None else []


@contextmanager
def pool(workers: int) -> Iterator[Runner]:
    """`workers` processes on this machine, spawned rather than forked so none inherits the store's
    connections or the progress bar's thread; each loads the extractor once. Once every result is in,
    the workers wind down while the caller goes on (consolidating); Python joins them at exit."""
    executor = ProcessPoolExecutor(workers, mp_context=get_context("spawn"))
    try:
        yield lambda chunks: ordered(executor.submit, chunks, 2 * workers)
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
