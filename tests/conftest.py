"""Fixtures shared across test modules: the whole FA-KES corpus is ingested once per session, not per test."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from ceasefire.engine import ingest
from ceasefire.store import Store

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
