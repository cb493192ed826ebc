"""JSONL and CSV corpora, streamed one record at a time; a bad record costs only itself."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ceasefire.ingest.decode import HEAD, DecodedLines, ReadError, bad_bytes_reason, bom_encoding, check_text
from ceasefire.ingest.fields import has_text_column, record_article, text_columns
from ceasefire.models import Article, Problem

CSV_FIELD_LIMIT = 2**31 - 1


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
        reader = csv.reader(lines)
        header = [name.strip().lstrip("\ufeff").lower() for name in next(reader, [])]
        if not has_text_column(header):
            raise ReadError(f"no text column in the header (expected one of: {text_columns()})")
        yield from _csv_rows(reader, header, source)
        if lines.bad:
            yield Problem(source, "", bad_bytes_reason(lines.bad, encoding), "warning")


def _csv_rows(reader: Iterator[list[str]], header: list[str], source: str) -> Iterator[Article | Problem]:
    """Rows are numbered from 1 after the header, so "row 12" is the twelfth record."""
    stem, ids, number = Path(source).stem, _Ids(source), 0
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            yield Problem(source, f"row {number}", f"malformed CSV: {error}")
            continue
        if not row:
            number -= 1
        elif len(row) != len(header):
            yield Problem(source, f"row {number}", f"expected {len(header)} fields, found {len(row)}")
        else:
            yield from ids.check(
                record_article(dict(zip(header, row, strict=True)), source, f"row {number}", stem)
            )
    if number == 1:
        yield Problem(source, "", "no records")
