"""The indexed columns and rows derived from a deal, which filters and stats query instead of JSON."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from ceasefire.models import Deal, Place
from ceasefire.store import codec
from ceasefire.store.query import fold, words

Row = dict[str, Any]


def _where(deal: Deal) -> Place | None:
    """The one place a map pin goes: where the deal applies, else where people leave from or go to."""
    return deal.location or deal.origin or deal.destination


def _places(deal: Deal) -> list[Place]:
    """The deal's own places first, then every other place its reports name."""
    return [p for p in (deal.location, deal.origin, deal.destination, *deal.places) if p]


def _search_parts(deal: Deal) -> Iterator[str]:
    """The deal's searchable texts, each folded; no word runs from one into the next."""
    parts = [deal.id, *deal.types, deal.status, *(a.name for a in deal.actors), *deal.terms]
    parts += [p.name for p in _places(deal)]
    parts += [e.text for e in deal.evidence] + [link.title for link in deal.links]
    return (folded for part in parts if (folded := fold(part)))


def _search_text(deal: Deal) -> str:
    """The parts folded one by one, which folding them joined gives too, without the peak in memory
    that folding the passages of a deal thousands of articles report at once would cost."""
    return " ".join(_search_parts(deal))


def deal_row(extracted: Deal, effective: Deal, now: dt.datetime) -> Row:
    """The `deals` row: the payload keeps what extraction found, the columns what analysts see."""
    where = _where(effective)
    date = effective.date
    return {
        "id": effective.id,
        "status": effective.status,
        "types": " ".join(effective.types),
        "date_start": date.start if date else None,
        "date_end": date.end if date else None,
        "month": date.start.isoformat()[:7] if date and date.precision != "year" else None,
        "location_name": where.name if where else None,
        "lat": where.lat if where else None,
        "lon": where.lon if where else None,
        "place_keys": "\n".join(dict.fromkeys(fold(p.name) for p in _places(effective))),
        "actors": "; ".join(a.name for a in effective.actors),
        "search": _search_text(effective),
        "review": effective.review,
        "updated_at": now,
        "payload": codec.deal_to_json(extracted),
    }


def type_rows(deal: Deal) -> list[Row]:
    return [{"deal_id": deal.id, "type": t} for t in dict.fromkeys(deal.types)]


def actor_rows(deal: Deal) -> list[Row]:
    rows = {
        (fold(a.name), a.role): {"deal_id": deal.id, "name_key": fold(a.name), "role": a.role, "name": a.name}
        for a in deal.actors
    }
    return list(rows.values())


def link_rows(deal: Deal) -> list[Row]:
    rows = {(link.dataset, link.ref_id): {"deal_id": deal.id, **codec.encode(link)} for link in deal.links}
    return list(rows.values())


def mention_rows(deal: Deal) -> list[Row]:
    """The mentions the deal was built from, apart from the mention rows that re-extraction replaces."""
    return [{"deal_id": deal.id, "mention_id": mid} for mid in dict.fromkeys(deal.mention_ids) if mid]


def word_rows(deal: Deal) -> list[Row]:
    found = dict.fromkeys(word for part in _search_parts(deal) for word in words(part))
    return [{"deal_id": deal.id, "word": word} for word in found]
