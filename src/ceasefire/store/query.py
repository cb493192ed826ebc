"""Deal filters as SQL expressions with bound parameters: user text never becomes SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, UnaryExpression, or_, select

from ceasefire.store.errors import StoreError
from ceasefire.store.schema import deal_actors, deal_types, deals


@dataclass(frozen=True)
class DealQuery:
    """Which deals to list. Text filters ignore case; `since`/`until` keep deals whose dates overlap them.

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


def fold(text: str) -> str:
    """The form names are compared in: case and runs of spaces do not matter."""
    return " ".join(text.casefold().split())


def conditions(query: DealQuery) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if query.type:
        found.append(deals.c.id.in_(select(deal_types.c.deal_id).where(deal_types.c.type == query.type)))
    if query.status:
        found.append(deals.c.status == query.status)
    if query.actor:
        named = select(deal_actors.c.deal_id).where(deal_actors.c.name_key == fold(query.actor))
        found.append(deals.c.id.in_(named))
    if query.place:
        found.append(deals.c.place_keys.contains(fold(query.place), autoescape=True))
    if query.q:
        found.append(deals.c.search.contains(fold(query.q), autoescape=True))
    if query.since:
        found.append(deals.c.date_end >= query.since)
    if query.until:
        found.append(deals.c.date_start <= query.until)
    if not query.include_rejected:
        found.append(or_(deals.c.review.is_(None), deals.c.review != "rejected"))
    return found


def deals_select(query: DealQuery) -> Select[Any]:
    """The page of deal payloads the query asks for, in its order."""
    if query.sort not in SORTS:
        raise StoreError("sort", sort=query.sort, choices=", ".join(SORTS))
    if (query.limit is not None and query.limit < 0) or query.offset < 0:
        raise StoreError("limit", limit=query.limit, offset=query.offset)
    stmt = select(deals.c.payload).where(*conditions(query)).order_by(*SORTS[query.sort])
    return stmt.limit(query.limit).offset(query.offset or None)
