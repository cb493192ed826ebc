"""Bytes to text for every reader: byte-order marks, stray Windows-1252 bytes, binaries under text names."""

from __future__ import annotations

import codecs
import io
import re
import threading
from typing import BinaryIO

ERRORS = "ceasefire-cp1252"
HEAD = 8192

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "zip archive"),
    (b"PK\x05\x06", "zip archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x7fELF", "executable"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_count = threading.local()


class ReadError(Exception):
    """A file or record that cannot be read; the reader loop turns it into a `Problem`."""

    def __init__(self, reason: str, record: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.record = record


def _fallback(error: UnicodeError) -> tuple[str, int]:
    """Read stray bytes as Windows-1252, the usual culprit in scraped English news, and count them."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    _count.bytes = _bad_so_far() + len(bad)
    return bad.decode("cp1252", errors="replace"), error.end


def _bad_so_far() -> int:
    return int(getattr(_count, "bytes", 0))


codecs.register_error(ERRORS, _fallback)


def bom_encoding(head: bytes, default: str = "utf-8") -> str:
    """A byte-order mark decides the codec; without one, UTF-8 is the only safe guess."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    return default


def binary_kind(head: bytes, encoding: str) -> str | None:
    """Name the binary format of a file that only pretends to be text, or None for text."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if not encoding.startswith(("utf-16", "utf-32")) and b"\x00" in head:
        return "contains NUL bytes"
    return None


def check_text(head: bytes, encoding: str) -> None:
    kind = binary_kind(head, encoding)
    if kind:
        raise ReadError(f"binary file ({kind})")


def html_encoding(head: bytes, declared: str | None = None) -> str:
    """BOM first, then the HTTP header, then the page's own <meta charset>, else UTF-8."""
    encoding = bom_encoding(head, "")
    if encoding:
        return encoding
    match = _META_CHARSET.search(head[:HEAD])
    for name in (declared, match.group(1).decode("ascii") if match else None):
        if name and _known(name):
            return name
    return "utf-8"


def _known(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def decode(data: bytes, encoding: str) -> tuple[str, int]:
    """Decode without ever failing; also return how many bytes were not valid in `encoding`."""
    before = _bad_so_far()
    text = data.decode(encoding, errors=ERRORS)
    return text, _bad_so_far() - before


def bad_bytes_reason(count: int, encoding: str) -> str:
    codec = codecs.lookup(encoding).name
    return f"{count} bytes not valid {codec}: read as Windows-1252 characters (U+FFFD where none fits)"


class DecodedLines:
    """Lines of a large file, decoded one at a time, counting the bytes that needed the fallback."""

    def __init__(self, stream: BinaryIO, encoding: str) -> None:
        self.bad = 0
        self._reader = io.TextIOWrapper(stream, encoding=encoding, errors=ERRORS, newline="")

    def __iter__(self) -> DecodedLines:
        return self

    def __next__(self) -> str:
        before = _bad_so_far()
        line = self._reader.readline()
        self.bad += _bad_so_far() - before
        if not line:
            raise StopIteration
        return line
