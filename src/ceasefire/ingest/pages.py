"""One-document files: plain text kept exactly as decoded, HTML reduced to its main text by trafilatura."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import trafilatura
from lxml import etree

from ceasefire.ingest.dates import parse_date
from ceasefire.ingest.decode import (
    HEAD,
    ReadError,
    bad_bytes_reason,
    bom_encoding,
    check_text,
    decode,
    html_encoding,
)
from ceasefire.ingest.fields import first_line, has_letters
from ceasefire.ingest.flat import PARSER_DEPTH, visible
from ceasefire.models import Article, Problem

DEEP_HTML = (
    f"HTML nested deeper than {PARSER_DEPTH} levels, past what the parser reads: kept all its visible text "
    "(menus included) instead of its main text"
)
# Real article pages are well under this; trafilatura's time and memory grow faster than a page's size.
HTML_MAIN_TEXT_LIMIT = 10_000_000
LARGE_HTML = (
    "HTML of {size:,} characters, over the {limit:,} main-text extraction handles in reasonable time and "
    "memory: kept all its visible text (menus included) instead of its main text"
)
# htmldate's extensive search turns a footer's "Copyright 2018" into 2018-01-01; markup dates only.
DATE_SEARCH = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True)
class Page:
    """What trafilatura found in one HTML page."""

    title: str
    body: str
    published: dt.date | None
    sitename: str | None
    warning: str | None = None


def _read_bytes(source: str) -> bytes:
    data = Path(source).read_bytes()
    if not data:
        raise ReadError("empty file")
    return data


def read_txt(source: str) -> Iterator[Article | Problem]:
    data = _read_bytes(source)
    encoding = bom_encoding(data[:4])
    check_text(data[:HEAD], encoding)
    text, bad = decode(data, encoding)
    del data
    if bad:
        yield Problem(source, "", bad_bytes_reason(bad, encoding), "warning")
    if not has_letters(text):
        raise ReadError("no text (not a single letter)")
    yield Article(id=Path(source).stem, text=text, title=first_line(text), source=source)


def read_html(source: str) -> Iterator[Article | Problem]:
    data = _read_bytes(source)
    encoding = html_encoding(data[:HEAD])
    check_text(data[:HEAD], encoding)
    html, bad = decode(data, encoding)
    del data
    if bad:
        yield Problem(source, "", bad_bytes_reason(bad, encoding), "warning")
    page = extract_page(html)
    if page.warning:
        yield Problem(source, "", page.warning, "warning")
    yield page_article(page, Path(source).stem, source, "")


def extract_page(html: str, url: str | None = None) -> Page:
    """Main text and metadata; paragraphs are joined by blank lines so that `clean` sees them apart.

    A page too deep or too large for the tree parser keeps all its visible text instead, with a warning.
    """
    sitename = urlsplit(url).hostname if url else None
    if len(html) > HTML_MAIN_TEXT_LIMIT:
        found = visible(html)
        warning = LARGE_HTML.format(size=len(html), limit=HTML_MAIN_TEXT_LIMIT)
        return _page(found.title, found.paragraphs, Page("", "", None, sitename, warning))
    try:
        main = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, date_extraction_params=DATE_SEARCH
        )
    except (ValueError, RecursionError, etree.LxmlError) as error:
        raise ReadError(f"HTML could not be parsed: {error}") from error
    meta = Page("", "", parse_date(getattr(main, "date", None)), getattr(main, "sitename", None) or sitename)
    title = (getattr(main, "title", None) or "").strip()
    found = visible(html)
    if found.depth > PARSER_DEPTH:
        return _page(title or found.title, found.paragraphs, dataclasses.replace(meta, warning=DEEP_HTML))
    text = getattr(main, "text", None) or ""
    return _page(title, [line.strip() for line in text.split("\n") if line.strip()], meta)


def _page(title: str, paragraphs: list[str], meta: Page) -> Page:
    """The page with its title (the first paragraph if it has none) once, and its metadata from `meta`."""
    if not has_letters(" ".join(paragraphs)):
        raise ReadError("no main text found in the HTML")
    title = title or paragraphs[0]
    if paragraphs[0] == title and len(paragraphs) > 1:
        paragraphs = paragraphs[1:]
    return dataclasses.replace(meta, title=title, body="\n\n".join(paragraphs))


def page_article(
    page: Page, doc_id: str, source: str, record: str, url: str | None = None, date: dt.date | None = None
) -> Article:
    """The page's own date wins; `date` (a crawl date) only fills in when the page has none."""
    return Article(
        id=doc_id,
        text=f"{page.title}\n\n{page.body}",
        title=page.title,
        outlet=page.sitename,
        published=page.published or date,
        url=url,
        source=source,
        record=record,
    )
