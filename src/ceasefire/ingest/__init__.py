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
is cleaned and extracted (see `ingest.limits`); what else is changed to be stored is in `ingest.storable`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ceasefire.ingest.decode import ReadError
from ceasefire.ingest.limits import SEARCH_LIMIT, searchable
from ceasefire.ingest.pages import read_html, read_txt
from ceasefire.ingest.records import read_csv, read_jsonl
from ceasefire.ingest.storable import NOT_UNICODE, storable, storable_problem
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

__all__ = ["NOT_UNICODE", "READERS", "SEARCH_LIMIT", "read_paths", "searchable"]


def read_paths(paths: Iterable[str | Path]) -> Iterator[Article | Problem]:
    """Stream every document under `paths`; never raises for bad input."""
    for item in expand(paths):
        if isinstance(item, Problem):
            yield storable_problem(item)
            continue
        source, kind = item
        for read in _guarded(READERS[kind], source):
            if isinstance(read, Problem):
                yield storable_problem(read)
            else:
                yield from storable(read)


def _guarded(reader: Reader, source: str) -> Iterator[Article | Problem]:
    """Articles read before a file breaks are kept; the break becomes one Problem."""
    try:
        yield from reader(source)
    except ReadError as error:
        yield Problem(source, error.record, error.reason)
    except OSError as error:
        yield Problem(source, "", os_reason(error))
