"""Which files to read, in a fixed order, and which reader each one needs."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ceasefire.models import Problem

KINDS = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".csv": "csv", ".warc": "warc"}


def kind_of(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(".warc.gz"):
        return "warc"
    return KINDS.get(os.path.splitext(lower)[1])


def expand(paths: Iterable[str | Path]) -> Iterator[tuple[str, str] | Problem]:
    """(path as given, kind) per file; a file named outright is read as text when its kind is unknown."""
    for given in paths:
        source = str(given)
        if os.path.isdir(source):
            yield from _walk(source)
        elif os.path.lexists(source):
            yield source, kind_of(source) or "txt"
        else:
            yield Problem(source, "", "no such file or directory")


def _walk(top: str) -> Iterator[tuple[str, str] | Problem]:
    """Sorted, depth-first; files of unknown kind inside a directory are skipped without a word."""
    errors: list[OSError] = []
    for folder, subfolders, names in os.walk(top, onerror=errors.append):
        subfolders.sort()
        yield from _problems(errors)
        for name in sorted(names):
            kind = kind_of(name)
            if kind:
                yield _regular(os.path.join(folder, name), kind)
    yield from _problems(errors)


def _regular(path: str, kind: str) -> tuple[str, str] | Problem:
    """Inside a folder only regular files are read: opening a named pipe would wait for a writer forever."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        return Problem(path, "", os_reason(error))
    if stat.S_ISREG(mode):
        return path, kind
    return Problem(path, "", f"not a regular file ({_special(mode)}): skipped")


def _special(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a device"


def _problems(errors: list[OSError]) -> Iterator[Problem]:
    for error in errors:
        yield Problem(str(error.filename or ""), "", os_reason(error))
    errors.clear()


def os_reason(error: OSError) -> str:
    """One short reason a user can act on."""
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, FileNotFoundError):
        return "file not found (a broken link?)"
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    return f"cannot read: {error.strerror or error}"
