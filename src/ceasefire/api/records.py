"""Records as the API sends them: the export's FORMAT.md record plus what a reviewer needs to see."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import orjson
from fastapi.responses import JSONResponse

from ceasefire.api.cache import Answers
from ceasefire.export import deal_record, feature, geometry
from ceasefire.models import Article, Deal, Place
from ceasefire.store import Correction, DealQuery, Store

Record = dict[str, Any]
PAGE = 1000


class Json(JSONResponse):
    """JSON written by orjson, which encodes a page of deals ten times faster than the json module."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def deal_json(deal: Deal) -> Record:
    """The export's record with every key present, and which evidence passage each field was read from."""
    record = deal_record(deal)
    for key in ("timeline", "contradictions", "links", "corrected"):
        record.setdefault(key, [])
    record["review"] = deal.review
    record["provenance"] = dict(deal.provenance)
    return record


def rendered_deals(store: Store, kept: Answers, version: int, ids: list[str]) -> list[bytes]:
    """Each deal's JSON as `deal_json` gives it, rendered once per store version and kept: a page of deals
    is then joined from bytes, where decoding each payload and encoding it again cost most of a request.
    Deals no longer stored are left out."""
    found = {deal_id: kept.get(version, deal_id) for deal_id in ids}
    for deal in store.deals_by_id([deal_id for deal_id, body in found.items() if body is None]):
        body = orjson.dumps(deal_json(deal))
        kept.put(version, deal.id, body, len(body))
        found[deal.id] = body
    return [body for body in found.values() if body is not None]


def page_json(total: int, limit: int, offset: int, deals: list[bytes]) -> bytes:
    listed = orjson.Fragment(b"[" + b",".join(deals) + b"]")
    return orjson.dumps({"total": total, "limit": limit, "offset": offset, "deals": listed})


def detail_json(deal: bytes, history: list[Correction]) -> bytes:
    """A deal's rendered JSON with its corrections, oldest first, as one more key."""
    return deal[:-1] + b',"corrections":' + orjson.dumps([correction_json(fix) for fix in history]) + b"}"


def correction_json(fix: Correction) -> Record:
    return {
        "at": fix.at.isoformat() if fix.at else None,
        "action": fix.action,
        "field": fix.field,
        "value": fix.value,
        "comment": fix.comment,
        "author": fix.author,
    }


def map_feature(deal: Deal) -> Record:
    """A small Feature with just what a map and its filters need; the deal view fetches the rest."""
    names = {key: place.name if place else None for key, place in _places(deal)}
    properties = {
        "id": deal.id,
        "types": list(deal.types),
        "status": deal.status,
        "date": deal.date.record() if deal.date else None,
        **names,
        "actors": [{"name": a.name, "role": a.role} for a in deal.actors],
        "review": deal.review,
    }
    return {"type": "Feature", "id": deal.id, "geometry": geometry(deal), "properties": properties}


def _places(deal: Deal) -> list[tuple[str, Place | None]]:
    return [("location", deal.location), ("origin", deal.origin), ("destination", deal.destination)]


def pages(store: Store, query: DealQuery, offset: int, limit: int | None) -> Iterator[list[Deal]]:
    """The deals a query selects, `PAGE` at a time from `offset`, `limit` in all (None: every one)."""
    while limit is None or limit > 0:
        size = PAGE if limit is None else min(PAGE, limit)
        page = store.deals(dataclasses.replace(query, limit=size, offset=offset))
        if page:
            yield page
        if len(page) < size:
            return
        offset += size
        limit = None if limit is None else limit - size


def feature_collection(pages: Iterable[list[Deal]], shape: Callable[[Deal], Record]) -> Iterator[bytes]:
    """A FeatureCollection as JSON text, one chunk per page of deals."""
    yield b'{"type":"FeatureCollection","features":['
    separator = b""
    for page in pages:
        yield separator + orjson.dumps([shape(deal) for deal in page])[1:-1]
        separator = b","
    yield b"]}"


def document_json(article: Article, deals: list[Deal]) -> Record:
    """The stored text as is, and where each deal's evidence lies in it, for a page to mark."""
    spans = [
        {
            "start": evidence.start,
            "end": evidence.end,
            "deal": deal.id,
            "evidence": number,
            "fields": sorted(f for f, where in deal.provenance.items() if where == str(number)),
            "source": evidence.source,
        }
        for deal in deals
        for number, evidence in enumerate(deal.evidence)
        if evidence.doc == article.id
    ]
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "text": article.text,
        "spans": sorted(spans, key=lambda span: (span["start"], span["end"], span["deal"])),
    }


def full_feature(deal: Deal) -> Record:
    """The export's Feature: every field, with evidence as document offsets."""
    return feature(deal)
