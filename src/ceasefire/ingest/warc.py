"""Web archives: each HTML response record is one article, extracted exactly as an .html file is."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import zlib
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from ceasefire.ingest.dates import parse_date
from ceasefire.ingest.decode import HEAD, ReadError, bad_bytes_reason, decode, html_encoding
from ceasefire.ingest.pages import extract_page, page_article
from ceasefire.models import Article, Problem

HTML_TYPES = ("text/html", "application/xhtml+xml")
MISPLACED = (
    "the record does not end where its Content-Length says (cut short or padded); read as far as it says"
)
# warcio reports a file cut inside a header as AttributeError or ValueError rather than a load failure.
_BROKEN = (ArchiveLoadFailed, AttributeError, ValueError, EOFError, zlib.error)


def warc_id(url: str) -> str:
    """Stable across runs and machines, so re-reading an archive updates rather than duplicates."""
    return "warc-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def read_warc(source: str) -> Iterator[Article | Problem]:
    size = os.path.getsize(source)
    if not size:
        raise ReadError("empty file")
    with open(source, "rb") as stream:
        records = ArchiveIterator(stream, check_digests=False)
        bad, offset = 0, 0
        try:
            for record in records:
                body = _payload(record)
                offset = _end_of(records)
                _check_complete(record, offset)
                if records.err_count:
                    records.err_count = 0
                    yield Problem(source, f"offset {offset}", MISPLACED, "warning")
                if body is not None:
                    items, lost = _article(record, body, source, offset)
                    bad += lost
                    yield from items
        except _BROKEN as error:
            where = f"offset {records.offset}"
            raise ReadError(f"truncated or corrupt WARC: {_why(error)}", where) from error
        if records.offset < size:
            raise ReadError("truncated WARC: the file ends inside a record", f"offset {records.offset}")
    if bad:
        yield Problem(source, "", bad_bytes_reason(bad, "utf-8"), "warning")


def _end_of(records: ArchiveIterator) -> int:
    """The offset of the record just read, once read to its end.

    warcio prints a multi-line warning to stderr when a record does not end where its length says;
    read_warc reports it as one `Problem` line instead.
    """
    with contextlib.redirect_stderr(io.StringIO()):
        return int(records.get_record_offset())


def _why(error: Exception) -> str:
    """warcio's own words where it has them; its internal errors mean nothing to a reader."""
    if isinstance(error, ArchiveLoadFailed | zlib.error):
        return str(error)
    return "a record header is cut off or malformed"


def _payload(record: ArcWarcRecord) -> bytes | None:
    """The HTML body of a 2xx response, None for records that are no article; reads the record to its end."""
    is_html = bool(record.http_headers) and any(kind in _content_type(record) for kind in HTML_TYPES)
    body = record.content_stream().read() if is_html else b""
    record.raw_stream.read()
    if record.rec_type != "response" or not is_html:
        return None
    return body if str(record.http_headers.get_statuscode()).startswith("2") else None


def _check_complete(record: ArcWarcRecord, offset: int) -> None:
    """warcio hands out a record cut short by the end of the file as if it were whole."""
    if (
        record.rec_headers.get_header("Content-Length") is None
        or getattr(record.raw_stream, "limit", None) != 0
    ):
        raise ReadError("truncated WARC: the last record is incomplete", f"offset {offset}")


def _content_type(record: ArcWarcRecord) -> str:
    return (record.http_headers.get_header("Content-Type") or "").lower()


def _article(
    record: ArcWarcRecord, body: bytes, source: str, offset: int
) -> tuple[list[Article | Problem], int]:
    """The article with any warning (or why there is none), and how many bytes needed decoding's fallback."""
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    where = f"offset {offset}"
    charset = _content_type(record).partition("charset=")[2].strip("\"' ;") or None
    html, bad = decode(body, html_encoding(body[:HEAD], charset))
    try:
        page = extract_page(html, url or None)
    except ReadError as error:
        return [Problem(source, where, f"{url}: {error.reason}")], bad
    crawled = parse_date(record.rec_headers.get_header("WARC-Date"))
    article = page_article(page, warc_id(url or f"{source} {where}"), source, where, url or None, crawled)
    warning = [Problem(source, where, f"{url}: {page.warning}", "warning")] if page.warning else []
    return [*warning, article], bad
