"""Fixtures shared across test modules: the whole FA-KES corpus is ingested once per session, not per test."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from ceasefire.engine import ingest
from ceasefire.store import Store, schema

SHARED = Path(__file__).parents[1].parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the seed pages and all of fakes.jsonl, ingested once; never write to it."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.db"
    with Store(f"sqlite:///{path}") as store:
        ingest([str(CORPUS / "seeds"), str(CORPUS / "fakes.jsonl")], store)
    return path


@pytest.fixture
def corpus_copy(corpus_db: Path, tmp_path: Path) -> Iterator[Path]:
    """A private copy of the corpus store, for tests that write to it."""
    path = tmp_path / "corpus.db"
    with sqlite3.connect(corpus_db) as source, sqlite3.connect(path) as target:
        source.backup(target)
    yield path


@pytest.fixture(scope="session")
def sample_corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The seed pages, 80 FA-KES records, one of their texts again under a new id, and a broken line.

    The repeated text is a record of its own (it has its own id), so 86 documents are stored.
    """
    folder = tmp_path_factory.mktemp("sample")
    lines = (CORPUS / "fakes.jsonl").read_text("utf-8").splitlines()[:80]
    repeat = json.loads(lines[3]) | {"id": "repeat-of-record-4"}
    path = folder / "sample.jsonl"
    path.write_text("\n".join([*lines[:40], json.dumps(repeat), "{not json", *lines[40:]]) + "\n", "utf-8")
    return [str(CORPUS / "seeds"), str(path)]


@pytest.fixture(scope="session")
def sample_db(sample_corpus: list[str], tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample corpus ingested by one local process: what every other way of running must equal."""
    url = f"sqlite:///{tmp_path_factory.mktemp('sample-db') / 'serial.db'}"
    with Store(url) as store:
        ingest(sample_corpus, store)
    return url


def store_rows(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Everything an ingest writes, in an order that does not depend on the database's own."""
    docs, mentions, deals, failures = schema.documents, schema.mentions, schema.deals, schema.failures
    queries = {
        "documents": select(docs.c.id, docs.c.content_hash, docs.c.title, docs.c.source, docs.c.record),
        "mentions": select(
            mentions.c.doc_id, mentions.c.seq, mentions.c.mention_id, mentions.c.deal_id, mentions.c.payload
        ),
        "deals": select(deals.c.id, deals.c.status, deals.c.types, deals.c.payload),
        "failures": select(
            failures.c.source, failures.c.record, failures.c.reason, failures.c.severity
        ).order_by(failures.c.id),
    }
    with Store(url) as store, store.engine.connect() as conn:
        rows = {name: [tuple(row) for row in conn.execute(query)] for name, query in queries.items()}
    return {
        name: found if name == "failures" else sorted(found, key=lambda row: repr(row[:2]))
        for name, found in rows.items()
    }


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store on a SQLite file, and on the PostgreSQL server of CEASEFIRE_TEST_PG when set."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'ceasefire.db'}"
    else:
        url = os.environ.get("CEASEFIRE_TEST_PG", "")
        if not url:
            pytest.skip("set CEASEFIRE_TEST_PG to a PostgreSQL URL to run the PostgreSQL tests")
    opened = Store(url)
    schema.metadata.drop_all(opened.engine)
    schema.metadata.create_all(opened.engine)
    yield opened
    if request.param == "postgres":
        schema.metadata.drop_all(opened.engine)
    opened.close()
