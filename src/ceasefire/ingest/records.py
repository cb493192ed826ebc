"""JSONL and CSV corpora, streamed one record at a time; a bad record costs only itself."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import chain
from pathlib import Path

from ceasefire.ingest.decode import HEAD, DecodedLines, ReadError, bad_bytes_reason, bom_encoding, check_text
from ceasefire.ingest.fields import has_text_column, record_article, text_columns
from ceasefire.models import Article, Problem

CSV_FIELD_LIMIT = 2**31 - 1
_EOF = "unexpected end of data"


@contextmanager
def _lines(source: str) -> Iterator[tuple[DecodedLines, str]]:
    with open(source, "rb") as stream:
        head = stream.read(HEAD)
        if not head:
            raise ReadError("empty file")
        encoding = bom_encoding(head)
        check_text(head, encoding)
        stream.seek(0)
        yield DecodedLines(stream, encoding), encoding


class _Ids:
    """Remembers where each id was first seen, to warn when a corpus repeats one."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.first: dict[str, str] = {}

    def check(self, item: Article | Problem) -> Iterator[Article | Problem]:
        if isinstance(item, Article):
            earlier = self.first.setdefault(item.id, item.record)
            if earlier != item.record:
                yield Problem(
                    self.source, item.record, f"duplicate id {item.id} (first at {earlier})", "warning"
                )
        yield item


def read_jsonl(source: str) -> Iterator[Article | Problem]:
    stem, ids, found = Path(source).stem, _Ids(source), False
    with _lines(source) as (lines, encoding):
        for number, line in enumerate(lines, 1):
            if line.strip():
                found = True
                yield from ids.check(_json_record(line, source, f"line {number}", stem))
        if lines.bad:
            yield Problem(source, "", bad_bytes_reason(lines.bad, encoding), "warning")
    if not found:
        yield Problem(source, "", "no records")


def _json_record(line: str, source: str, record: str, stem: str) -> Article | Problem:
    try:
        value = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as error:
        why = error.msg.removesuffix(" at")
        return Problem(source, record, f"invalid JSON: {why} at column {error.colno}")
    if not isinstance(value, dict):
        return Problem(source, record, "not a JSON object")
    fields = {str(key).strip().lower(): _scalar(item) for key, item in value.items()}
    return record_article(fields, source, record, stem)


def _scalar(value: object) -> str:
    """Numbers count as text (ids often are numbers); nested values and null count as missing."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def read_csv(source: str) -> Iterator[Article | Problem]:
    csv.field_size_limit(CSV_FIELD_LIMIT)
    with _lines(source) as (lines, encoding):
        records = _records(lines, 0)
        first = next(records, ([], [], 0))[0]
        header = [name.strip().lstrip("\ufeff").lower() for name in first] if isinstance(first, list) else []
        if not has_text_column(header):
            raise ReadError(f"no text column in the header (expected one of: {text_columns()})")
        yield from _csv_rows(records, header, source)
        if lines.bad:
            yield Problem(source, "", bad_bytes_reason(lines.bad, encoding), "warning")


class _Taken:
    """Lines handed to the CSV reader, remembered until `take()`, so that a broken record can be re-read."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self.pending: list[str] = []

    def __iter__(self) -> _Taken:
        return self

    def __next__(self) -> str:
        self.pending.append(next(self._lines))
        return self.pending[-1]

    def take(self) -> list[str]:
        taken, self.pending = self.pending, []
        return taken


# (the fields, or why the record is malformed; the lines it took; how often those lines were read before)
Record = tuple[list[str] | str, list[str], int]


def _records(lines: Iterable[str], rereads: int) -> Iterator[Record]:
    """Strict parsing: a quote left open up to the end of the file is an error, not one giant field."""
    taken = _Taken(lines)
    reader = csv.reader(taken, strict=True)
    while True:
        try:
            fields: list[str] | str = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            fields = "a quote is never closed" if str(error) == _EOF else f"malformed CSV: {error}"
        yield fields, taken.take(), rereads


def _again(lines: list[str], rereads: int) -> Iterator[Record]:
    """Lines a broken record ran over, read again: as records once, then line by line (so in linear time)."""
    if rereads == 0:
        return _records(lines, 1)
    return (record for line in lines for record in _records([line], 2))


def _csv_rows(records: Iterator[Record], header: list[str], source: str) -> Iterator[Article | Problem]:
    """Rows are numbered from 1 after the header, so "row 12" is the twelfth record."""
    stem, ids, number = Path(source).stem, _Ids(source), 0
    while (record := next(records, None)) is not None:
        fields, taken, rereads = record
        if fields == []:
            continue
        number += 1
        if isinstance(fields, list) and len(fields) == len(header):
            row = dict(zip(header, fields, strict=True))
            yield from ids.check(record_article(row, source, f"row {number}", stem))
            continue
        why = fields if isinstance(fields, str) else f"expected {len(header)} fields, found {len(fields)}"
        if len(taken) > 1 and rereads < 2:
            over = "the line" if len(taken) == 2 else f"the {len(taken) - 1} lines"
            why += f"; a quote opened here ran over {over} after it, read again as rows"
            records = chain(_again(taken[1:], rereads), records)
        yield Problem(source, f"row {number}", why)
    if number == 0:
        yield Problem(source, "", "no records")
