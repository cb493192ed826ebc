"""What any store can hold and any terminal show in one line: each change made is said in a warning.

Lone surrogates (a JSON "\\ud800" escape, a file name's bytes that are not UTF-8) become U+FFFD, since no
database encodes them; ids over `ID_MAX` characters are shortened stably, since PostgreSQL cannot index
keys over 2,704 bytes; failure reasons lose their line breaks and are cut to `REASON_MAX` characters.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterator
from typing import Any, TypeVar

from ceasefire.ingest.limits import oversize_warning
from ceasefire.models import Article, Problem

REASON_MAX = 300
ID_MAX = 200
NOT_UNICODE = (
    "characters that are not Unicode (lone surrogates: a JSON \\ud800 escape, or bytes of a file name that "
    "are not UTF-8) replaced by U+FFFD"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
T = TypeVar("T", Article, Problem)


def storable(read: Article) -> Iterator[Article | Problem]:
    """The article as it will be stored, then a warning for each change and for a part not searched."""
    article = _short_id(_unicode(read))
    yield article
    yield from _warnings(read, article)


def storable_problem(problem: Problem) -> Problem:
    return _one_line(_unicode(problem))


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
