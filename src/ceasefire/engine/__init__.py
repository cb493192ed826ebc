"""The engine: runs the stages in order over batches of articles and names the stage that failed.

read -> clean -> extract -> store (one transaction per batch) -> consolidate. Batches stream: no stage
ever holds the whole corpus, so memory stays flat however large the input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from ceasefire import consolidate
from ceasefire.clean import clean
from ceasefire.extract import Extractor
from ceasefire.ingest import read_paths, searchable
from ceasefire.models import Article, CleanDoc, Mention, Problem
from ceasefire.store import Store

BATCH = 32

Progress = Callable[[int], None]


@dataclass
class IngestReport:
    read: int = 0
    duplicates: int = 0
    problems: list[Problem] = field(default_factory=list)
    deals: int = 0
    mentions: int = 0


@dataclass
class Batch:
    """Articles moving through the stages together, and the problems met on the way."""

    articles: list[Article]
    docs: list[CleanDoc] = field(default_factory=list)
    mentions: list[list[Mention]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _clean(batch: Batch, extractor: Extractor) -> None:
    batch.docs = [clean(searchable(article)) for article in batch.articles]


def _extract(batch: Batch, extractor: Extractor) -> None:
    batch.mentions = extractor.extract_many(batch.docs)


# The document stages, in order; each fills its part of the batch.
STAGES: list[tuple[str, Callable[[Batch, Extractor], None]]] = [("clean", _clean), ("extract", _extract)]


def run_stages(batch: Batch, extractor: Extractor) -> Batch:
    """Run the document stages; when one fails, rerun article by article so only the culprit drops out."""
    for name, stage in STAGES:
        try:
            stage(batch, extractor)
        except Exception as err:  # noqa: BLE001 - one bad article must not sink its batch; it is named
            if len(batch.articles) > 1:
                return _join([run_stages(Batch([a]), extractor) for a in batch.articles])
            article = batch.articles[0]
            reason = f"{name} stage failed: {type(err).__name__}: {err}"
            return Batch([], problems=[Problem(article.source or article.id, article.record or article.id, reason)])
    return batch


def _join(batches: list[Batch]) -> Batch:
    joined = Batch([])
    for batch in batches:
        joined.articles += batch.articles
        joined.docs += batch.docs
        joined.mentions += batch.mentions
        joined.problems += batch.problems
    return joined


def _batches(items: Iterable[Article | Problem], size: int) -> Iterator[list[Article | Problem]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _fresh(chunk: list[Article | Problem], store: Store, report: IngestReport) -> tuple[list[Article], list[Problem]]:
    """The new articles of a chunk and its reading problems; duplicates are counted and skipped."""
    articles: list[Article] = []
    problems: list[Problem] = []
    for item in chunk:
        if isinstance(item, Problem):
            problems.append(item)
        elif store.has_document(item.id) or not store.add_document(item):
            report.duplicates += 1
        else:
            articles.append(item)
    return articles, problems


def _save(batch: Batch, store: Store, report: IngestReport) -> None:
    for problem in batch.problems:
        store.add_problem(problem)
    for article, mentions in zip(batch.articles, batch.mentions, strict=True):
        store.save_mentions(article.id, mentions)
        report.mentions += len(mentions)
    report.problems += batch.problems
    report.read += len(batch.articles)


def ingest(
    paths: Iterable[str],
    store: Store,
    workers: int = 1,
    progress: Progress | None = None,
    extractor: Extractor | None = None,
) -> IngestReport:
    """Read, clean and extract every article under `paths`, store them, then merge mentions into deals."""
    extractor = extractor or Extractor.load()
    report = IngestReport()
    for chunk in _batches(read_paths(paths), BATCH):
        with store.transaction():
            articles, problems = _fresh(chunk, store, report)
            batch = run_stages(Batch(articles), extractor) if articles else Batch([])
            batch.problems += problems
            _save(batch, store, report)
        if progress:
            progress(len(chunk))
    report.deals = consolidate.rebuild(store)
    return report
