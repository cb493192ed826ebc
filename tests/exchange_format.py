"""A checker for the deal records of ../shared/eval/FORMAT.md, written from that document alone.

The allowed values are copied from FORMAT.md rather than imported from `ceasefire.models`, so that the
library drifting away from the format fails a test instead of redefining it.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any

TYPES = {
    "ceasefire",
    "evacuation",
    "reconciliation",
    "surrender",
    "prisoner_exchange",
    "humanitarian_access",
    "political_process",
}
STATUSES = {"proposed", "negotiating", "agreed", "implemented", "rejected", "collapsed"}
ROLES = {"party", "mediator", "guarantor"}
UNITS = {"fighters", "civilians", "people", "families", "hostages", "prisoners", "vehicles", "buses"}
LEVELS = {"locality", "region", "country"}
PRECISIONS = {"day", "month", "year"}
PRONOUNS = {"i", "me", "you", "he", "him", "she", "her", "it", "we", "us", "they", "them", "this", "that"}
COUNTRY = re.compile(r"[A-Z]{2}")
REQUIRED = ("id", "types", "status", "actors", "location", "origin", "destination", "counts", "date", "terms")


def problems(record: Any) -> list[str]:
    """Everything in `record` that FORMAT.md does not allow; empty when the record is valid."""
    if not isinstance(record, dict):
        return ["a record is a JSON object"]
    found = [f"missing field {name!r}" for name in (*REQUIRED, "evidence") if name not in record]
    if found:
        return found
    try:
        json.dumps(record, allow_nan=False)
    except (TypeError, ValueError) as error:
        found.append(f"not plain JSON: {error}")
    if not isinstance(record["id"], str) or not record["id"]:
        found.append("id must be a non-empty string")
    found += _types(record["types"]) + _status(record["status"]) + _actors(record["actors"])
    for name in ("location", "origin", "destination"):
        found += [f"{name}: {p}" for p in _place(record[name])]
    found += _counts(record["counts"]) + _date(record["date"]) + _terms(record["terms"])
    return found + _evidence(record["evidence"])


def _types(types: Any) -> list[str]:
    if not isinstance(types, list) or not types:
        return ["types must be a non-empty list"]
    bad = [t for t in types if t not in TYPES]
    return [f"unknown type {t!r}" for t in bad] + (["types repeat"] if len(set(types)) < len(types) else [])


def _status(status: Any) -> list[str]:
    return [] if status in STATUSES else [f"unknown status {status!r}"]


def _actors(actors: Any) -> list[str]:
    if not isinstance(actors, list):
        return ["actors must be a list"]
    found = []
    for actor in actors:
        if not isinstance(actor, dict) or actor.get("role") not in ROLES:
            found.append(f"actor {actor!r}: role must be one of {sorted(ROLES)}")
        elif not isinstance(actor.get("name"), str) or not actor["name"].strip():
            found.append(f"actor {actor!r}: name must be a non-empty string")
        elif actor["name"].strip().lower() in PRONOUNS:
            found.append(f"actor {actor!r}: a bare pronoun is no actor")
    return found


def _number(value: Any, low: float, high: float) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and low <= value <= high
    )


def _place(place: Any) -> list[str]:
    if place is None:
        return []
    if not isinstance(place, dict):
        return ["a place is an object or null"]
    found = [] if isinstance(place.get("name"), str) and place["name"].strip() else ["name must be non-empty"]
    if not _number(place.get("lat"), -90, 90) or not _number(place.get("lon"), -180, 180):
        found.append(f"lat/lon out of range: {place.get('lat')!r}, {place.get('lon')!r}")
    if not isinstance(place.get("country"), str) or not COUNTRY.fullmatch(place["country"]):
        found.append(f"country must be ISO 3166 alpha-2: {place.get('country')!r}")
    if "level" in place and place["level"] not in LEVELS:
        found.append(f"unknown level {place['level']!r}")
    return found


def _counts(counts: Any) -> list[str]:
    if not isinstance(counts, list):
        return ["counts must be a list"]
    found = []
    for count in counts:
        ok = (
            isinstance(count, dict)
            and count.get("unit") in UNITS
            and all(
                isinstance(count.get(k), int) and not isinstance(count.get(k), bool) for k in ("min", "max")
            )
            and 0 <= count["min"] <= count["max"]
        )
        if not ok:
            found.append(f"bad count {count!r}")
    return found


def _date(date: Any) -> list[str]:
    if date is None:
        return []
    if not isinstance(date, dict) or date.get("precision") not in PRECISIONS:
        return [f"bad date {date!r}"]
    try:
        start, end = dt.date.fromisoformat(date["start"]), dt.date.fromisoformat(date["end"])
    except (KeyError, TypeError, ValueError):
        return [f"date start and end must be ISO dates: {date!r}"]
    return [] if start <= end else [f"date ends before it starts: {date!r}"]


def _terms(terms: Any) -> list[str]:
    ok = isinstance(terms, list) and all(isinstance(t, str) and t.strip() for t in terms)
    return [] if ok else [f"terms must be a list of non-empty strings: {terms!r}"]


def _evidence(evidence: Any) -> list[str]:
    if not isinstance(evidence, list) or not evidence:
        return ["a deal rests on at least one evidence passage"]
    found = []
    for passage in evidence:
        ok = (
            isinstance(passage, dict)
            and isinstance(passage.get("doc"), str)
            and passage["doc"]
            and all(
                isinstance(passage.get(k), int) and not isinstance(passage.get(k), bool)
                for k in ("start", "end")
            )
            and 0 <= passage["start"] < passage["end"]
            and isinstance(passage.get("text"), str)
            and len(passage["text"]) == passage["end"] - passage["start"]
            and (passage.get("source") is None or isinstance(passage["source"], str))
        )
        if not ok:
            found.append(f"bad evidence {passage!r}")
    return found
