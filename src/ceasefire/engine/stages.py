"""The document stages (clean, prefilter, extract) over one batch: the unit every runner ships to a worker.

`process` is what a worker process or a Dask worker runs. It needs only the installed package: the
extractor is loaded once per worker thread from the packaged model and data files.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from ceasefire.clean import clean
from ceasefire.extract import Extractor
from ceasefire.ingest import searchable
from ceasefire.models import Article, CleanDoc, Mention, Problem

# Per article: its mentions, or the problem that stopped it.
Result = list[Mention] | Problem


@dataclass
class Batch:
    """Articles moving through the stages together."""

    articles: list[Article]
    docs: list[CleanDoc] = field(default_factory=list)
    triggered: list[bool] = field(default_factory=list)
    mentions: list[list[Mention]] = field(default_factory=list)


def _clean(batch: Batch, extractor: Extractor) -> None:
    batch.docs = [clean(searchable(article)) for article in batch.articles]


def prefilter(docs: list[CleanDoc], extractor: Extractor) -> list[bool]:
    """Which articles need the parser: those with a trigger phrase in a cleaned passage.

    `Extractor.select` makes candidates only of sentences with a trigger phrase, so an article without
    one in any passage can hold no mention; skipping it changes no result (tests/test_engine.py checks).
    """
    return [any(extractor.triggered(text) for _, text in doc.passage_texts()) for doc in docs]


def _prefilter(batch: Batch, extractor: Extractor) -> None:
    """An article with no trigger phrase costs only reading and cleaning."""
    batch.triggered = prefilter(batch.docs, extractor)


def _extract(batch: Batch, extractor: Extractor) -> None:
    """One `nlp.pipe` call for the trigger sentences of every article the prefilter kept."""
    chosen = [doc for doc, keep in zip(batch.docs, batch.triggered, strict=True) if keep]
    found = iter(extractor.extract_many(chosen))
    batch.mentions = [next(found) if keep else [] for keep in batch.triggered]


# The document stages, in order; each fills its part of the batch.
STAGES: list[tuple[str, Callable[[Batch, Extractor], None]]] = [
    ("clean", _clean),
    ("prefilter", _prefilter),
    ("extract", _extract),
]


def run_stages(articles: list[Article], extractor: Extractor) -> list[Result]:
    """Each article's mentions; when a stage fails, rerun article by article so only the culprit drops out."""
    batch = Batch(articles)
    for name, stage in STAGES:
        try:
            stage(batch, extractor)
        except Exception as err:  # noqa: BLE001 - one bad article must not sink its batch; it is named
            if len(articles) > 1:
                return [result for article in articles for result in run_stages([article], extractor)]
            article = articles[0]
            reason = f"{name} stage failed: {type(err).__name__}: {err}"
            return [Problem(article.source or article.id, article.record or article.id, reason)]
    return list(batch.mentions)


_worker = threading.local()


def worker_extractor() -> Extractor:
    """This worker thread's extractor, loaded on first use: threads do not share a spaCy pipeline."""
    extractor: Extractor | None = getattr(_worker, "extractor", None)
    if extractor is None:
        extractor = _worker.extractor = Extractor.load()
    return extractor


def process(articles: list[Article]) -> list[Result]:
    """The document stages for one batch, in a worker process: what the pool and Dask run."""
    return run_stages(articles, worker_extractor())
