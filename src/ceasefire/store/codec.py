"""Records to JSON payloads and back, losslessly, so a stored deal reads back equal to the one saved.

Dates travel as ISO strings. NUL characters become U+FFFD, one character for one so offsets hold,
because PostgreSQL can store NUL neither in text nor in JSON. Decoders accept the FORMAT.md shapes
too (a place without admin1 or geonameid), which is what an analyst types into a correction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from ceasefire.models import (
    Actor,
    Claim,
    Contradiction,
    Count,
    Deal,
    DealDate,
    Evidence,
    Link,
    Mention,
    Place,
    Stage,
    TimelineEntry,
)

JsonDict = dict[str, Any]


def no_nul(text: str) -> str:
    return text.replace("\x00", "\ufffd")


def encode(value: Any) -> Any:
    """Any record, nested, as plain JSON values; generic so that a field added to models.py is kept."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return no_nul(value)
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {no_nul(str(key)): encode(item) for key, item in value.items()}
    return value


def iso_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def place_from_json(data: JsonDict | None) -> Place | None:
    if not data:
        return None
    return Place(
        name=data["name"],
        lat=float(data["lat"]),
        lon=float(data["lon"]),
        country=data.get("country") or "",
        level=data.get("level") or "locality",
        admin1=data.get("admin1"),
        geonameid=data.get("geonameid"),
    )


def places_from_json(items: list[JsonDict] | None) -> list[Place]:
    return [p for p in (place_from_json(item) for item in items or []) if p is not None]


def date_from_json(data: JsonDict | None) -> DealDate | None:
    if not data:
        return None
    start = dt.date.fromisoformat(data["start"])
    end = dt.date.fromisoformat(data["end"]) if data.get("end") else start
    return DealDate(start=start, end=end, precision=data.get("precision", "day"))


def actors_from_json(items: list[JsonDict] | None) -> list[Actor]:
    return [Actor(name=a["name"], role=a.get("role", "party")) for a in items or []]


def counts_from_json(items: list[JsonDict] | None) -> list[Count]:
    return [Count(unit=c["unit"], min=int(c["min"]), max=int(c["max"])) for c in items or []]


def evidence_from_json(data: JsonDict) -> Evidence:
    return Evidence(
        doc=data["doc"],
        start=int(data["start"]),
        end=int(data["end"]),
        text=data["text"],
        source=data.get("source"),
    )


def stage_from_json(data: JsonDict) -> Stage:
    return Stage(status=data["status"], evidence=int(data["evidence"]), date=date_from_json(data.get("date")))


def timeline_from_json(data: JsonDict) -> TimelineEntry:
    return TimelineEntry(
        date=date_from_json(data.get("date")),
        status=data["status"],
        doc=data["doc"],
        outlet=data.get("outlet"),
        evidence=evidence_from_json(data["evidence"]),
    )


def contradiction_from_json(data: JsonDict) -> Contradiction:
    claims = tuple(
        Claim(value=c["value"], doc=c["doc"], outlet=c.get("outlet"), source=c.get("source"))
        for c in data["claims"]
    )
    return Contradiction(field=data["field"], claims=claims)


def link_from_json(data: JsonDict) -> Link:
    return Link(
        dataset=data["dataset"],
        ref_id=data["ref_id"],
        title=data.get("title", ""),
        score=float(data["score"]),
    )


def deal_to_json(deal: Deal) -> JsonDict:
    return encode(deal)  # type: ignore[no-any-return]


def deal_from_json(data: JsonDict) -> Deal:
    return Deal(
        id=data["id"],
        types=list(data["types"]),
        status=data["status"],
        **_shared_fields(data),
        timeline=[timeline_from_json(t) for t in data.get("timeline") or []],
        contradictions=[contradiction_from_json(c) for c in data.get("contradictions") or []],
        links=[link_from_json(link) for link in data.get("links") or []],
        mention_ids=list(data.get("mention_ids") or []),
        provenance=dict(data.get("provenance") or {}),
        corrected=list(data.get("corrected") or []),
        review=data.get("review"),
        places=places_from_json(data.get("places")),
    )


def mention_to_json(mention: Mention) -> JsonDict:
    return encode(mention)  # type: ignore[no-any-return]


def mention_from_json(data: JsonDict, passages: bool = True) -> Mention:
    """The mention; without its passages (evidence and the stages that point into them) when clustering
    needs only what the passages said, so that a whole store's mentions stay small."""
    if not passages:
        data = {key: value for key, value in data.items() if key not in ("evidence", "stages")}
    return Mention(
        doc=data["doc"],
        types=list(data["types"]),
        status=data["status"],
        **_shared_fields(data),
        provenance={key: int(index) for key, index in (data.get("provenance") or {}).items()},
        outlet=data.get("outlet"),
        published=iso_date(data.get("published")),
        notes=list(data.get("notes") or []),
        places=places_from_json(data.get("places")),
        id=data.get("id") or "",
        stages=[stage_from_json(s) for s in data.get("stages") or []],
    )


def _shared_fields(data: JsonDict) -> dict[str, Any]:
    """The fields a deal and a mention have in common, decoded once for both."""
    return {
        "actors": actors_from_json(data.get("actors")),
        "location": place_from_json(data.get("location")),
        "origin": place_from_json(data.get("origin")),
        "destination": place_from_json(data.get("destination")),
        "counts": counts_from_json(data.get("counts")),
        "date": date_from_json(data.get("date")),
        "terms": list(data.get("terms") or []),
        "evidence": [evidence_from_json(e) for e in data.get("evidence") or []],
    }
