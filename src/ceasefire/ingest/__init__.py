"""ingest: files and folders in, `Article`s and `Problem`s out, one at a time.

Needs: paths to .txt, .html/.htm, .jsonl, .csv or .warc/.warc.gz files, or folders holding them (read
recursively in sorted order; other files in folders are skipped; a file named outright with another
extension is read as text).
Adds: for each document an `Article` whose `text` is exactly what later evidence offsets point into
(a .txt file's content; a record's title + blank line + text; a page's title + blank line + main text),
with id, title, outlet, publication date, URL, the file as given (`source`) and where in it (`record`:
"line 12", "row 12", "offset 1234", or "" for one-document files). Whatever cannot be read becomes a
`Problem` naming file, record and reason, and the batch goes on. Bytes that are not valid UTF-8 are read
as Windows-1252 (U+FFFD where none fits), with one warning per file giving how many. A document without a
single letter is a `Problem` ("no text"); one letter is enough to be an article. Inside folders, named
pipes, sockets and devices are reported and skipped (opening a pipe would wait forever). An article over
`SEARCH_LIMIT` characters is kept whole, with a warning that only `searchable(article)`, its first part,
is cleaned and extracted (see `ingest.limits`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from ceasefire.ingest.decode import ReadError
from ceasefire.ingest.limits import SEARCH_LIMIT, oversize_warning, searchable
from ceasefire.ingest.pages import read_html, read_txt
from ceasefire.ingest.records import read_csv, read_jsonl
from ceasefire.ingest.walk import expand, os_reason
from ceasefire.ingest.warc import read_warc
from ceasefire.models import Article, Problem

Reader = Callable[[str], Iterator[Article | Problem]]
READERS: dict[str, Reader] = {
    "txt": read_txt,
    "html": read_html,
    "jsonl": read_jsonl,
    "csv": read_csv,
    "warc": read_warc,
}

REASON_MAX = 300
ID_MAX = 200
NOT_UNICODE = (
    "characters that are not Unicode (lone surrogates: a JSON \\ud800 escape, or bytes of a file name that "
    "are not UTF-8) replaced by U+FFFD"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
T = TypeVar("T", Article, Problem)

__all__ = ["NOT_UNICODE", "READERS", "SEARCH_LIMIT", "read_paths", "searchable"]


def read_paths(paths: Iterable[str | Path]) -> Iterator[Article | Problem]:
    """Stream every document under `paths`; never raises for bad input."""
    for item in expand(paths):
        if isinstance(item, Problem):
            yield _one_line(_unicode(item))
            continue
        source, kind = item
        for read in _guarded(READERS[kind], source):
            if isinstance(read, Problem):
                yield _one_line(_unicode(read))
                continue
            article = _short_id(_unicode(read))
            yield article
            yield from _warnings(read, article)


def _warnings(read: Article, article: Article) -> Iterator[Problem]:
    """What changed between the article as read and as it is stored, and what will not be searched."""
    if any(isinstance(value, str) and _SURROGATE.search(value) for value in vars(read).values()):
        yield Problem(article.source, article.record, NOT_UNICODE, "warning")
    if len(read.id) > ID_MAX:
        why = f"id of {len(read.id):,} characters, over {ID_MAX}: stored as {article.id}"
        yield Problem(article.source, article.record, why, "warning")
    oversize = oversize_warning(article)
    if oversize:
        yield oversize


def _short_id(article: Article) -> Article:
    """An id short enough for any database index (PostgreSQL refuses index entries over 2,704 bytes)."""
    if len(article.id) <= ID_MAX:
        return article
    digest = hashlib.sha1(article.id.encode("utf-8")).hexdigest()[:12]
    return dataclasses.replace(article, id=f"{article.id[: ID_MAX - 13]}~{digest}")


def _one_line(problem: Problem) -> Problem:
    """A reason fits on its line: libraries' messages may quote whole lines of the bad input."""
    reason = " ".join(problem.reason.split())
    if len(reason) > REASON_MAX:
        reason = reason[: REASON_MAX - 1] + "…"
    return dataclasses.replace(problem, reason=reason)


def _unicode(item: T) -> T:
    """The same record (the same object when nothing changes) without lone surrogates, which no database
    can store: JSON may escape them ("\\ud800"), and a file name's undecodable bytes become them."""
    changed: dict[str, Any] = {
        name: _SURROGATE.sub("\ufffd", value)
        for name, value in vars(item).items()
        if isinstance(value, str) and _SURROGATE.search(value)
    }
    return dataclasses.replace(item, **changed) if changed else item


def _guarded(reader: Reader, source: str) -> Iterator[Article | Problem]:
    """Articles read before a file breaks are kept; the break becomes one Problem."""
    try:
        yield from reader(source)
    except ReadError as error:
        yield Problem(source, error.record, error.reason)
    except OSError as error:
        yield Problem(source, "", os_reason(error))
