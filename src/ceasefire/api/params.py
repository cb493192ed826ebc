"""The query parameters the read endpoints share: the CLI's filters, pagination and sorting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Query
from pydantic import AfterValidator

from ceasefire.models import DEAL_TYPES, STATUSES
from ceasefire.store import DealQuery
from ceasefire.store.query import SORTS

TEXT_MAX = 200
TYPES: dict[str, Any] = {"enum": list(DEAL_TYPES)}


def _one_of(choices: tuple[str, ...]) -> Callable[[str | None], str | None]:
    def check(value: str | None) -> str | None:
        if value is not None and value not in choices:
            raise ValueError(f"use one of: {', '.join(choices)}")
        return value

    return check


TypeFilter = Annotated[
    str | None,
    Query(alias="type", description="Deals of this type (a deal may have several).", json_schema_extra=TYPES),
    AfterValidator(_one_of(DEAL_TYPES)),
]
StatusFilter = Annotated[
    str | None,
    Query(description="Deals whose latest stage is this.", json_schema_extra={"enum": list(STATUSES)}),
    AfterValidator(_one_of(STATUSES)),
]
ActorFilter = Annotated[
    str | None, Query(description="A canonical actor name, any case.", max_length=TEXT_MAX)
]
PlaceFilter = Annotated[
    str | None,
    Query(description="Part of a place name (location, origin or destination).", max_length=TEXT_MAX),
]
SearchFilter = Annotated[
    str | None,
    Query(
        description="Words anywhere in the deal (names, places, terms, passages), each of them, in any "
        "order and any case; the last may be the start of a word.",
        max_length=TEXT_MAX,
    ),
]
DayFilter = Annotated[dt.date | None, Query(description="YYYY-MM-DD; a deal's dates must overlap it.")]
Rejected = Annotated[bool, Query(description="Also list deals an analyst rejected.")]
Sort = Annotated[str, Query(json_schema_extra={"enum": list(SORTS)}), AfterValidator(_one_of(tuple(SORTS)))]
Offset = Annotated[int, Query(ge=0, description="Skip this many deals.")]


async def deal_query(
    deal_type: TypeFilter = None,
    status: StatusFilter = None,
    actor: ActorFilter = None,
    place: PlaceFilter = None,
    since: DayFilter = None,
    until: DayFilter = None,
    q: SearchFilter = None,
    include_rejected: Rejected = False,
) -> DealQuery:
    """The filters as the store's query; each value reaches SQL only as a bound parameter. A coroutine, so
    that FastAPI calls it in place rather than in its thread pool."""
    return DealQuery(
        type=deal_type,
        status=status,
        actor=actor,
        place=place,
        since=since,
        until=until,
        q=q,
        include_rejected=include_rejected,
    )
