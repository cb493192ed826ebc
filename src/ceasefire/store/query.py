"""Deal filters as SQL expressions with bound parameters: user text never becomes SQL."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    UnaryExpression,
    and_,
    exists,
    false,
    func,
    literal_column,
    or_,
    select,
)

from ceasefire.store.errors import StoreError
from ceasefire.store.schema import deal_actors, deal_types, deal_words, deals


@dataclass(frozen=True)
class DealQuery:
    """Which deals to list. Text filters ignore case; `since`/`until` keep deals whose dates overlap them.

    `q` keeps deals holding each of its words (in any order, anywhere in the deal's names, places, terms
    and passages); its last word may be the start of a longer one, as when someone is still typing.
    `include_rejected` also lists deals an analyst rejected, which are otherwise left out.
    """

    type: str | None = None
    status: str | None = None
    actor: str | None = None
    place: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    q: str | None = None
    limit: int | None = None
    offset: int = 0
    sort: str = "-date"
    include_rejected: bool = False


SORTS: dict[str, tuple[UnaryExpression[object], ...]] = {
    "date": (deals.c.date_start.asc().nulls_last(), deals.c.id.asc()),
    "-date": (deals.c.date_start.desc().nulls_last(), deals.c.id.asc()),
    "id": (deals.c.id.asc(),),
    "-id": (deals.c.id.desc(),),
    "updated": (deals.c.updated_at.asc(), deals.c.id.asc()),
    "-updated": (deals.c.updated_at.desc(), deals.c.id.asc()),
}


# Letters and digits of any script; underscores part words too ("humanitarian_access", "window.__x").
WORD = re.compile(r"[^\W_]+")
# Longer words are cut, alike where they are stored and where they are asked for: an index entry is bounded.
WORD_MAX = 64
# Sorts after every character, so that [prefix, prefix + PAST) holds every word that starts with prefix.
PAST = "\U0010ffff"
# A filter's deals are counted up to this many to plan a query: which search word leads, and which
# filters hold so many deals that a page is found sooner by checking deals in its order.
PROBE = 5000


@dataclass(frozen=True)
class Term:
    """A word the free-text filter asks for: whole, or (`prefix`) as the start of a longer word."""

    word: str
    prefix: bool = False


@dataclass(frozen=True)
class Plan:
    """How to read a query: its search terms rarest first, which of its sets of deals (`type`, `actor`,
    `q`) are common enough to check deal by deal in the page's order rather than read first, and the
    longest span of days of any stored deal (None: no deal is dated), which bounds where `since` starts."""

    terms: tuple[Term, ...] = ()
    common: frozenset[str] = frozenset()
    span: int | None = None


def fold(text: str) -> str:
    """The form names are compared in: case and runs of spaces do not matter."""
    return " ".join(text.casefold().split())


def words(text: str) -> list[str]:
    """The words a text is searched by: runs of letters or digits, in any case."""
    return [word[:WORD_MAX] for word in WORD.findall(text.casefold())]


def search_terms(text: str) -> list[Term]:
    """Every word of the search, whole except the last, which may still be being typed."""
    found = words(text)
    terms = [Term(word) for word in found[:-1]] + [Term(word, prefix=True) for word in found[-1:]]
    return list(dict.fromkeys(terms))


def _matches(table: Any, term: Term) -> ColumnElement[bool]:
    if term.prefix:
        return and_(table.c.word >= term.word, table.c.word < term.word + PAST)
    return table.c.word == term.word  # type: ignore[no-any-return]


def _capped(table: Any, condition: ColumnElement[bool]) -> Select[Any]:
    """Counted in the index the condition reads (a constant needs no column of the row)."""
    held = select(literal_column("1")).select_from(table).where(condition).limit(PROBE).subquery()
    return select(func.count()).select_from(held)


def postings(term: Term) -> Select[Any]:
    """How many deals hold the term, counted no further than PROBE."""
    return _capped(deal_words, _matches(deal_words, term))


def probes(query: DealQuery) -> dict[str, Select[Any]]:
    """How many deals each set filter of the query (but the search) holds, counted no further than PROBE."""
    found = {}
    if query.type:
        found["type"] = _capped(deal_types, deal_types.c.type == query.type)
    if query.actor:
        found["actor"] = _capped(deal_actors, deal_actors.c.name_key == fold(query.actor))
    return found


def common_filters(sizes: dict[str, int]) -> frozenset[str]:
    """The filters whose probes reached PROBE: a page checks their deals one by one in its order."""
    return frozenset(name for name, size in sizes.items() if size >= PROBE)


def _member(common: bool, column: Any, condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """Deals in a set: read the set first when it is small, or check each deal when it is common."""
    if common:
        return exists().where(column == deals.c.id, condition)
    return deals.c.id.in_(select(column).where(condition))


def search(terms: Sequence[Term], common: bool = False) -> ColumnElement[bool]:
    """Deals holding every term: the first term's index range is read, the others looked up per deal
    (or, when even the first is common, every term is looked up per deal)."""
    if not terms:
        return false()
    tables = [deal_words.alias(f"w{number}") for number in range(len(terms))]
    if common:
        return and_(
            *(_member(True, t.c.deal_id, _matches(t, term)) for t, term in zip(tables, terms, strict=True))
        )
    lead = tables[0]
    held = select(lead.c.deal_id).where(_matches(lead, terms[0]))
    for table, term in zip(tables[1:], terms[1:], strict=True):
        held = held.where(exists().where(table.c.deal_id == lead.c.deal_id, _matches(table, term)))
    return deals.c.id.in_(held)


def conditions(query: DealQuery, plan: Plan | None = None) -> list[ColumnElement[bool]]:
    """The query as SQL conditions, read as `plan` says (by default: every set read first)."""
    plan = plan or Plan(tuple(search_terms(query.q or "")))
    found: list[ColumnElement[bool]] = []
    if query.type:
        found.append(_member("type" in plan.common, deal_types.c.deal_id, deal_types.c.type == query.type))
    if query.status:
        found.append(deals.c.status == query.status)
    if query.actor:
        named = deal_actors.c.name_key == fold(query.actor)
        found.append(_member("actor" in plan.common, deal_actors.c.deal_id, named))
    if query.place:
        found.append(deals.c.place_keys.contains(fold(query.place), autoescape=True))
    if query.q:
        found.append(search(plan.terms, "q" in plan.common))
    if query.since:
        found.append(deals.c.date_end >= query.since)
        found += _starts_after(query.since, plan.span)
    if query.until:
        found.append(deals.c.date_start <= query.until)
    if not query.include_rejected:
        found.append(or_(deals.c.review.is_(None), deals.c.review != "rejected"))
    return found


def _starts_after(since: dt.date, span: int | None) -> list[ColumnElement[bool]]:
    """A deal that ends on or after `since` and spans at most `span` days starts no earlier than this."""
    if span is None or span >= (since - dt.date.min).days:
        return []
    return [deals.c.date_start >= since - dt.timedelta(days=span)]


def deals_select(query: DealQuery, plan: Plan | None = None) -> Select[Any]:
    """The page of deal payloads the query asks for, in its order."""
    if query.sort not in SORTS:
        raise StoreError("sort", sort=query.sort, choices=", ".join(SORTS))
    if (query.limit is not None and query.limit < 0) or query.offset < 0:
        raise StoreError("limit", limit=query.limit, offset=query.offset)
    stmt = select(deals.c.payload).where(*conditions(query, plan)).order_by(*SORTS[query.sort])
    return stmt.limit(query.limit).offset(query.offset or None)
