"""Deals as files analysts open elsewhere: FORMAT.md JSON Lines, an ACLED-like CSV, and GeoJSON.

Pure functions over deals and a text stream, so the CLI, the API and tests share them.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from typing import Any, TextIO

from ceasefire.models import Deal, Evidence, Place, TimelineEntry

Record = dict[str, Any]

# ACLED codes precision with small numbers: 1 is the finest.
TIME_PRECISION = {"day": 1, "month": 2, "year": 3}
GEO_PRECISION = {"locality": 1, "region": 2, "country": 3}
CSV_COLUMNS = (
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "status",
    "actor1",
    "actor2",
    "assoc_actors",
    "mediators",
    "guarantors",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "origin",
    "destination",
    "counts",
    "source",
    "notes",
)
# A spreadsheet runs a cell that starts like a formula; news text can start that way.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _place(place: Place | None) -> Record | None:
    return place.record() if place else None


def _timeline(entry: TimelineEntry) -> Record:
    return {
        "date": entry.date.record() if entry.date else None,
        "status": entry.status,
        "doc": entry.doc,
        "outlet": entry.outlet,
        "evidence": entry.evidence.record(),
    }


def _extras(deal: Deal) -> Record:
    """The fields beyond FORMAT.md, which readers of the format ignore; only those with something in them."""
    extras: Record = {
        "timeline": [_timeline(entry) for entry in deal.timeline],
        "contradictions": [
            {"field": c.field, "claims": [vars(claim).copy() for claim in c.claims]}
            for c in deal.contradictions
        ],
        "links": [vars(link).copy() for link in deal.links],
        "corrected": list(deal.corrected),
        "review": deal.review,
    }
    return {key: value for key, value in extras.items() if value}


def deal_record(deal: Deal) -> Record:
    """The FORMAT.md record of a deal, which score.py and other tools read."""
    return {
        "id": deal.id,
        "types": list(deal.types),
        "status": deal.status,
        "actors": [{"name": a.name, "role": a.role} for a in deal.actors],
        "location": _place(deal.location),
        "origin": _place(deal.origin),
        "destination": _place(deal.destination),
        "counts": [{"unit": c.unit, "min": c.min, "max": c.max} for c in deal.counts],
        "date": deal.date.record() if deal.date else None,
        "terms": list(deal.terms),
        "evidence": [e.record() for e in deal.evidence],
        **_extras(deal),
    }


def write_jsonl(deals: Iterable[Deal], out: TextIO) -> int:
    """One FORMAT.md record per line; returns how many were written."""
    written = 0
    for deal in deals:
        out.write(json.dumps(deal_record(deal), ensure_ascii=False) + "\n")
        written += 1
    return written


def _cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def _first_sentence(evidence: list[Evidence]) -> str:
    return SENTENCE_END.split(evidence[0].text.strip(), maxsplit=1)[0] if evidence else ""


def _count_text(deal: Deal) -> str:
    return "; ".join(
        f"{c.min} {c.unit}" if c.min == c.max else f"{c.min}-{c.max} {c.unit}" for c in deal.counts
    )


def _sources(deal: Deal) -> str:
    """Each cited document, with its outlet where the timeline knows it, so readers can weigh the sources."""
    outlets = {entry.doc: entry.outlet for entry in deal.timeline if entry.outlet}
    docs = dict.fromkeys(e.doc for e in deal.evidence)
    return "; ".join(f"{outlets[doc]} ({doc})" if doc in outlets else doc for doc in docs)


def _actor_columns(deal: Deal) -> Record:
    parties = [a for a in deal.actors if a.role == "party"][:2]
    others = [a for a in deal.actors if a not in parties]
    return {
        "actor1": parties[0].name if parties else "",
        "actor2": parties[1].name if len(parties) > 1 else "",
        "assoc_actors": "; ".join(f"{a.name} ({a.role})" for a in others),
        "mediators": "; ".join(a.name for a in deal.actors if a.role == "mediator"),
        "guarantors": "; ".join(a.name for a in deal.actors if a.role == "guarantor"),
    }


def csv_row(deal: Deal) -> Record:
    """One ACLED-like row; the map point is the deal's location, else where people left from."""
    where = deal.location or deal.origin or deal.destination
    row: Record = {
        "event_id": deal.id,
        "event_date": deal.date.start.isoformat() if deal.date else "",
        "time_precision": TIME_PRECISION[deal.date.precision] if deal.date else "",
        "event_type": ";".join(deal.types),
        "status": deal.status,
        **_actor_columns(deal),
        "location": where.name if where else "",
        "latitude": round(where.lat, 4) if where else "",
        "longitude": round(where.lon, 4) if where else "",
        "geo_precision": GEO_PRECISION.get(where.level, "") if where else "",
        "origin": deal.origin.name if deal.origin else "",
        "destination": deal.destination.name if deal.destination else "",
        "counts": _count_text(deal),
        "source": _sources(deal),
        "notes": " | ".join(part for part in ("; ".join(deal.terms), _first_sentence(deal.evidence)) if part),
    }
    return {key: _cell(value) if isinstance(value, str) else value for key, value in row.items()}


def write_csv(deals: Iterable[Deal], out: TextIO) -> int:
    """One row per deal under a header; returns how many rows were written."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    written = 0
    for deal in deals:
        writer.writerow(csv_row(deal))
        written += 1
    return written


def geometry(deal: Deal) -> Record | None:
    """A line for a movement from origin to destination, else a point, else null (valid GeoJSON)."""
    if deal.origin and deal.destination:
        ends = (deal.origin.record(), deal.destination.record())
        return {"type": "LineString", "coordinates": [[p["lon"], p["lat"]] for p in ends]}
    where = deal.location or deal.origin or deal.destination
    return {"type": "Point", "coordinates": [where.record()["lon"], where.record()["lat"]]} if where else None


def _without_text(evidence: Record) -> Record:
    return {key: value for key, value in evidence.items() if key != "text"}


def feature(deal: Deal) -> Record:
    """The deal as a GeoJSON Feature; evidence keeps its document ids and offsets but not its text."""
    properties = deal_record(deal)
    properties["evidence"] = [_without_text(e) for e in properties["evidence"]]
    for entry in properties.get("timeline", []):
        entry["evidence"] = _without_text(entry["evidence"])
    return {"type": "Feature", "id": deal.id, "geometry": geometry(deal), "properties": properties}


def write_geojson(deals: Iterable[Deal], out: TextIO) -> int:
    """A FeatureCollection written a feature at a time, so a large export never sits in memory."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    written = 0
    for deal in deals:
        out.write(("," if written else "") + json.dumps(feature(deal), ensure_ascii=False) + "\n")
        written += 1
    out.write("]}\n")
    return written


WRITERS = {"jsonl": write_jsonl, "csv": write_csv, "geojson": write_geojson}
