"""The engine on real articles: the prefilter loses no deal, and every way of running stores the same."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import CORPUS, SHARED, store_rows

from ceasefire.clean import clean
from ceasefire.engine import EngineError, Options, ingest, run_stages
from ceasefire.engine.runners import Chunk, ordered
from ceasefire.engine.stages import prefilter
from ceasefire.extract import Extractor
from ceasefire.ingest import read_paths
from ceasefire.models import Article, CleanDoc, Problem
from ceasefire.store import Store, schema

GOLD = SHARED / "eval" / "gold"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.load()


def skipped(articles: list[Article], extractor: Extractor) -> list[CleanDoc]:
    """The cleaned articles the prefilter keeps from the parser."""
    docs = [clean(article) for article in articles]
    return [doc for doc, keep in zip(docs, prefilter(docs, extractor), strict=True) if not keep]


def gold_docs() -> dict[str, set[str]]:
    """Every gold deal of the seeds and FA-KES sets, by the documents that report it."""
    wanted: dict[str, set[str]] = {}
    for gold in ("seeds.jsonl", "fakes-dev.jsonl", "fakes-train.jsonl"):
        for line in (GOLD / gold).read_text("utf-8").splitlines():
            deal = json.loads(line)
            for doc in deal["docs"]:
                wanted.setdefault(doc, set()).add(deal["id"])
    return wanted


def test_engine_prefilter_keeps_the_articles_of_gold_deals(extractor: Extractor) -> None:
    """Recall floor of the trigger list on the gold sets; what it drops, extraction could not find anyway."""
    wanted = gold_docs()
    articles = [a for a in read_paths([CORPUS / "seeds", CORPUS / "fakes.jsonl"]) if isinstance(a, Article)]
    chosen = [a for a in articles if a.id in wanted]
    dropped = skipped(chosen, extractor)
    deals = {deal for found in wanted.values() for deal in found}
    lost = {deal for doc in dropped for deal in wanted[doc.article.id]}
    assert len(chosen) == len(wanted) > 60 and len(deals) > 130
    assert 1 - len(lost) / len(deals) >= 0.98
    assert [doc.article.id for doc in dropped if extractor.extract(doc)] == []


@pytest.mark.slow
def test_engine_prefilter_skips_only_articles_extract_finds_nothing_in(extractor: Extractor) -> None:
    articles = [a for a in read_paths([CORPUS / "seeds", CORPUS / "fakes.jsonl"]) if isinstance(a, Article)]
    dropped = skipped(articles, extractor)
    assert len(dropped) > len(articles) / 3
    assert [doc.article.id for doc in dropped if extractor.extract(doc)] == []


def test_engine_drops_only_the_article_that_breaks_a_stage(extractor: Extractor) -> None:
    good = [a for a in read_paths([CORPUS / "seeds"]) if isinstance(a, Article)][:2]
    broken = Article("broken", None, source="feed.jsonl", record="line 2")  # type: ignore[arg-type]
    results = run_stages([good[0], broken, good[1]], extractor)
    assert results[1] == Problem("feed.jsonl", "line 2", results[1].reason)  # type: ignore[union-attr]
    assert results[1].reason.startswith("clean stage failed: ")  # type: ignore[union-attr]
    assert results[0] == extractor.extract(clean(good[0])) and results[0]
    assert results[2] == extractor.extract(clean(good[1]))


def test_engine_keeps_a_bounded_number_of_batches_in_flight() -> None:
    pulled: list[int] = []

    def endless() -> Iterator[Chunk]:
        number = 0
        while True:
            pulled.append(number)
            yield Chunk([Article(f"a{number}", "No trigger here.")])
            number += 1

    with ThreadPoolExecutor(2) as pool:
        results = ordered(pool.submit, endless(), window=4)
        first = [next(results) for _ in range(3)]
    assert [chunk.articles[0].id for chunk, _ in first] == ["a0", "a1", "a2"]
    assert [result for _, result in first] == [[[]], [[]], [[]]]
    assert len(pulled) == 6


def test_engine_workers_store_what_one_process_stores(
    sample_corpus: list[str], sample_db: str, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'workers.db'}"
    with Store(url) as store:
        report = ingest(sample_corpus, store, Options(workers=2, batch=8))
    assert (report.read, report.duplicates, len(report.problems)) == (86, 0, 1)
    assert store_rows(url) == store_rows(sample_db)


def test_engine_skips_what_is_stored(sample_corpus: list[str], sample_db: str, tmp_path: Path) -> None:
    rows = store_rows(sample_db)
    assert len(rows["documents"]) == 86 and rows["mentions"] and rows["deals"]
    assert [row[:2] for row in rows["failures"]] == [(sample_corpus[1], "line 42")]
    copy = tmp_path / "again.db"
    with sqlite3.connect(sample_db.removeprefix("sqlite:///")) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with Store(f"sqlite:///{copy}") as store:
        report = ingest(sample_corpus, store)
    assert (report.read, report.duplicates, report.mentions) == (0, 86, 0)
    again = store_rows(f"sqlite:///{copy}")
    assert {name: again[name] for name in ("documents", "mentions", "deals")} == {
        name: rows[name] for name in ("documents", "mentions", "deals")
    }


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"workers": 0}, "--workers must be 1 or more"),
        ({"engine": "spark"}, "unknown engine 'spark'"),
        ({"scheduler": "tcp://10.0.0.1:8786"}, "needs --engine dask"),
    ],
)
def test_engine_refuses_options_it_cannot_run(options: dict[str, object], message: str) -> None:
    with pytest.raises(EngineError, match=message):
        Options(**options)  # type: ignore[arg-type]


@pytest.mark.postgres
def test_engine_stores_the_same_on_postgresql(sample_corpus: list[str], sample_db: str) -> None:
    url = os.environ.get("CEASEFIRE_TEST_PG", "")
    if not url:
        pytest.skip("set CEASEFIRE_TEST_PG to a PostgreSQL URL to run the PostgreSQL tests")
    with Store(url) as store:
        schema.metadata.drop_all(store.engine)
        schema.metadata.create_all(store.engine)
        try:
            ingest(sample_corpus, store, Options(workers=2))
            assert store_rows(url) == store_rows(sample_db)
        finally:
            schema.metadata.drop_all(store.engine)
