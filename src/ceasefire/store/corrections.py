"""Analysts' corrections, applied over extracted deals at read time so that they survive re-extraction."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from ceasefire.models import DEAL_TYPES, STATUSES, Deal
from ceasefire.store import codec
from ceasefire.store.errors import StoreError

ACTIONS = ("confirm", "reject", "correct")
REVIEWS = {"confirm": "confirmed", "reject": "rejected"}
REQUIRED = ("types", "status")
EMPTY: dict[str, Any] = {"actors": [], "counts": [], "terms": []}


@dataclasses.dataclass(frozen=True)
class Correction:
    """One analyst's verdict on a deal (field None) or on one of its fields."""

    deal_id: str
    action: str
    field: str | None = None
    value: Any = None
    comment: str | None = None
    author: str | None = None
    at: dt.datetime | None = None
    id: int | None = None


def _types(value: Any) -> list[str]:
    types = [str(t) for t in value]
    if not types or any(t not in DEAL_TYPES for t in types):
        raise ValueError(f"types must be a non-empty list of {', '.join(DEAL_TYPES)}")
    return types


def _status(value: Any) -> str:
    if value not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")
    return str(value)


def _terms(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ValueError("terms must be a list of strings")
    return [str(term) for term in value]


DECODERS: dict[str, Callable[[Any], Any]] = {
    "types": _types,
    "status": _status,
    "actors": codec.actors_from_json,
    "location": codec.place_from_json,
    "origin": codec.place_from_json,
    "destination": codec.place_from_json,
    "counts": codec.counts_from_json,
    "date": codec.date_from_json,
    "terms": _terms,
}
EXAMPLES = {
    "types": '["evacuation"]',
    "status": '"implemented"',
    "actors": '[{"name": "Russia", "role": "mediator"}]',
    "location": '{"name": "Deraa", "lat": 32.62, "lon": 36.1, "country": "SY", "level": "locality"}',
    "origin": '{"name": "Deraa", "lat": 32.62, "lon": 36.1, "country": "SY"}',
    "destination": '{"name": "Idlib", "lat": 35.93, "lon": 36.63, "country": "SY"}',
    "counts": '[{"unit": "fighters", "min": 400, "max": 400}]',
    "date": '{"start": "2018-07-31", "end": "2018-07-31", "precision": "day"}',
    "terms": '["safe passage to Idlib"]',
}


def check(action: str, field: str | None, value: Any) -> None:
    """Refuse a correction that could not be applied later, when nobody is there to fix it."""
    if action not in ACTIONS:
        raise StoreError("action", action=action, choices=", ".join(ACTIONS))
    if field is not None and field not in DECODERS:
        raise StoreError("field", field=field, choices=", ".join(DECODERS))
    if action == "correct" and (field is None or value is None):
        raise StoreError("needs_value")
    if action == "reject" and field in REQUIRED:
        raise StoreError("required", field=field)
    if action == "correct" and field is not None:
        decode(field, value)


def decode(field: str, value: Any) -> Any:
    try:
        return DECODERS[field](value)
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise StoreError(
            "value", field=field, why=str(err) or type(err).__name__, example=EXAMPLES[field]
        ) from err


def apply(deal: Deal, corrections: Iterable[Correction]) -> Deal:
    """The deal as the analysts left it: later corrections win over earlier ones and over extraction."""
    corrections = list(corrections)
    if not corrections:
        return deal
    changes: dict[str, Any] = {}
    review = deal.review
    for fix in corrections:
        if fix.field is None:
            review = REVIEWS.get(fix.action, review)
        elif fix.action == "correct":
            changes[fix.field] = decode(fix.field, fix.value)
        elif fix.action == "reject":
            changes[fix.field] = EMPTY.get(fix.field)
    corrected = list(deal.corrected) + [name for name in changes if name not in deal.corrected]
    return dataclasses.replace(deal, **changes, corrected=corrected, review=review)
