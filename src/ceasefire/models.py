"""The typed records that flow between the stages.

Every stage takes and returns these, never bare dicts, so a stage can be swapped or tested alone.
`to_record` turns a `Deal` into the exchange format of FORMAT.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

DEAL_TYPES = (
    "ceasefire",
    "evacuation",
    "reconciliation",
    "surrender",
    "prisoner_exchange",
    "humanitarian_access",
    "political_process",
)
# Ordered by how far a deal has gone; `consolidate` uses the order to pick the latest stage.
STATUSES = ("proposed", "negotiating", "agreed", "implemented", "rejected", "collapsed")
ROLES = ("party", "mediator", "guarantor")
COUNT_UNITS = ("fighters", "civilians", "people", "families", "hostages", "prisoners", "vehicles", "buses")
PLACE_LEVELS = ("locality", "region", "country")
PRECISIONS = ("day", "month", "year")

Precision = Literal["day", "month", "year"]
Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Article:
    """One document as read. `text` is exactly what evidence offsets point into."""

    id: str
    text: str
    title: str = ""
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str = ""
    record: str = ""


@dataclass(frozen=True)
class Problem:
    """A record that could not be read (error) or was read with losses (warning)."""

    source: str
    record: str
    reason: str
    severity: Severity = "error"
    # Set by the store when a later run read the same place without an error.
    settled_at: dt.datetime | None = None

    def line(self) -> str:
        where = f"{self.source} [{self.record}]" if self.record else self.source
        settled = f" (settled {self.settled_at:%Y-%m-%d %H:%M}: read fine since)" if self.settled_at else ""
        return f"{self.severity}: {where}: {self.reason}{settled}"


@dataclass(frozen=True)
class Span:
    """A stretch of a document's text, by character offsets."""

    start: int
    end: int


@dataclass(frozen=True)
class Dropped:
    """A stretch that `clean` judged boilerplate, and why."""

    start: int
    end: int
    reason: str


@dataclass
class CleanDoc:
    """An article with the passages worth reading; offsets still point into `article.text`."""

    article: Article
    passages: list[Span]
    dropped: list[Dropped] = field(default_factory=list)

    def passage_texts(self) -> list[tuple[Span, str]]:
        return [(p, self.article.text[p.start : p.end]) for p in self.passages]


@dataclass(frozen=True)
class Place:
    name: str
    lat: float
    lon: float
    country: str
    level: str = "locality"
    admin1: str | None = None
    geonameid: int | None = None

    def record(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "lat": round(self.lat, 4),
            "lon": round(self.lon, 4),
            "country": self.country,
            "level": self.level,
        }


@dataclass(frozen=True)
class Actor:
    name: str
    role: str = "party"


@dataclass(frozen=True)
class Count:
    unit: str
    min: int
    max: int


@dataclass(frozen=True)
class DealDate:
    start: dt.date
    end: dt.date
    precision: Precision = "day"

    def record(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "precision": self.precision}


@dataclass(frozen=True)
class Evidence:
    """A passage a deal rests on, and who the article credits for it."""

    doc: str
    start: int
    end: int
    text: str
    source: str | None = None

    def record(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "source": self.source,
        }


@dataclass(frozen=True)
class Stage:
    """How far one passage says a deal has gone: `evidence` indexes the mention's evidence passages.

    A mention's `status` is the article's verdict; its stages are what each passage, and whoever that
    passage credits, says on its own, which is where outlets and sources disagree.
    """

    status: str
    evidence: int
    date: DealDate | None = None


@dataclass
class Mention:
    """One deal as one article reports it.

    `provenance` maps a field name to the index of the evidence passage it was read from.
    """

    doc: str
    types: list[str]
    status: str
    actors: list[Actor] = field(default_factory=list)
    location: Place | None = None
    origin: Place | None = None
    destination: Place | None = None
    counts: list[Count] = field(default_factory=list)
    date: DealDate | None = None
    terms: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    provenance: dict[str, int] = field(default_factory=dict)
    outlet: str | None = None
    published: dt.date | None = None
    notes: list[str] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    id: str = ""
    stages: list[Stage] = field(default_factory=list)


@dataclass(frozen=True)
class TimelineEntry:
    """A dated stage of a deal and the passage that reports it."""

    date: DealDate | None
    status: str
    doc: str
    outlet: str | None
    evidence: Evidence


@dataclass(frozen=True)
class Claim:
    """One value of a disputed field and who asserts it."""

    value: str
    doc: str
    outlet: str | None
    source: str | None


@dataclass(frozen=True)
class Contradiction:
    field: str
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Link:
    """A match to a record of a reference dataset of known agreements."""

    dataset: str
    ref_id: str
    title: str
    score: float


@dataclass
class Deal:
    """One real-world deal, merged from the mentions that report it."""

    id: str
    types: list[str]
    status: str
    actors: list[Actor] = field(default_factory=list)
    location: Place | None = None
    origin: Place | None = None
    destination: Place | None = None
    counts: list[Count] = field(default_factory=list)
    date: DealDate | None = None
    terms: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    mention_ids: list[str] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)
    corrected: list[str] = field(default_factory=list)
    review: str | None = None
    # Every place its reports name: a deal is found by any of them, not only by the ones that won the vote.
    places: list[Place] = field(default_factory=list)
