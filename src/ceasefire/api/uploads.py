"""Articles sent to the API become files that `engine.ingest` reads, exactly as the CLI's would be."""

from __future__ import annotations

import json
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import TYPE_CHECKING, BinaryIO

from ceasefire.api.schemas import ArticlesIn, Failure, IngestOut
from ceasefire.models import Problem
from ceasefire.store import Store

if TYPE_CHECKING:
    from ceasefire.extract import Extractor

SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str) -> str:
    """The uploaded file's own name without any folder part, so it can name the file but never escape it."""
    cleaned = SAFE_NAME.sub("_", Path(name.replace("\\", "/")).name).lstrip(".")
    return cleaned or "upload.txt"


class Ingester:
    """Runs the CLI's pipeline for API requests, one at a time, loading the NLP model on first use."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._extractor: Extractor | None = None

    def articles(self, body: ArticlesIn) -> IngestOut:
        records = [article.record() for article in body.articles]
        with _folder() as folder:
            path = folder / "articles.jsonl"
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
            report = self._run(path, folder)
        return report.model_copy(update={"documents": [r["id"] for r in records]})

    def upload(self, name: str, content: BinaryIO) -> IngestOut:
        """A file under its own name, since its extension says how to read it (unknown ones read as text)."""
        with _folder() as folder:
            path = folder / safe_name(name)
            with path.open("wb") as out:
                shutil.copyfileobj(content, out)
            return self._run(path, folder)

    def _run(self, path: Path, folder: Path) -> IngestOut:
        from ceasefire.engine import ingest
        from ceasefire.extract import Extractor

        with self._lock:
            self._extractor = self._extractor or Extractor.load()
            report = ingest([str(path)], self.store, extractor=self._extractor)
        return IngestOut(
            read=report.read,
            duplicates=report.duplicates,
            deals=report.deals,
            mentions=report.mentions,
            documents=[],
            failures=[_failure(p, folder) for p in report.problems],
        )


def _failure(problem: Problem, folder: Path) -> Failure:
    """The problem as the sender knows the file: by its own name, not the temporary folder's."""
    source = problem.source.removeprefix(str(folder) + "/")
    return Failure(source=source, record=problem.record, reason=problem.reason, severity=problem.severity)


@contextmanager
def _folder() -> Iterator[Path]:
    with TemporaryDirectory(prefix="ceasefire-api-") as name:
        yield Path(name)
