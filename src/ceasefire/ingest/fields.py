"""Turning a record's columns into an `Article`: the column map, titles, and what counts as text at all."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ceasefire.ingest.dates import parse_date
from ceasefire.models import Article, Problem

TITLE_MAX = 300
_LETTER = re.compile(r"[^\W\d_]")
_LINE = re.compile(r"[^\r\n]*\S[^\r\n]*")


@dataclass(frozen=True)
class Column:
    name: str
    field: str
    id_prefix: str


@cache
def columns() -> tuple[Column, ...]:
    """The editable column map, in priority order."""
    text = resources.files("ceasefire").joinpath("data/ingest_columns.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return tuple(Column(row[0].strip().lower(), row[1].strip(), (row + [""])[2].strip()) for row in rows)


def has_letters(text: str) -> bool:
    return _LETTER.search(text) is not None


def first_line(text: str) -> str:
    """The first non-empty line, cut short: a scraped page can open with a kilobyte of menu."""
    match = _LINE.search(text)
    line = match.group().strip() if match else ""
    return line if len(line) <= TITLE_MAX else line[:TITLE_MAX].rsplit(" ", 1)[0] + "…"


def pick(values: Mapping[str, str], field: str) -> tuple[str, Column | None]:
    """The value of the first column mapped to `field` that the record fills."""
    for column in columns():
        if column.field == field and values.get(column.name, "").strip():
            return values[column.name].strip(), column
    return "", None


def record_article(values: Mapping[str, str], source: str, record: str, stem: str) -> Article | Problem:
    """Article.text is title + blank line + text (text alone without a title): what evidence offsets index."""
    body, _ = pick(values, "text")
    if not has_letters(body):
        return Problem(source, record, "no text")
    title, _ = pick(values, "title")
    raw_id, id_column = pick(values, "id")
    doc_id = id_column.id_prefix + raw_id if id_column else f"{stem}-{record.replace(' ', '-')}"
    outlet, _ = pick(values, "outlet")
    url, _ = pick(values, "url")
    return Article(
        id=doc_id,
        text=f"{title}\n\n{body}" if title else body,
        title=title,
        outlet=outlet or None,
        published=parse_date(pick(values, "published")[0]),
        url=url or None,
        source=source,
        record=record,
    )


def has_text_column(names: list[str]) -> bool:
    return any(column.field == "text" and column.name in names for column in columns())


def text_columns() -> str:
    return ", ".join(column.name for column in columns() if column.field == "text")
