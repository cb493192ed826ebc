"""One candidate per sentence that names a deal: what the sentence alone says about it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ceasefire.extract import attribution, counts, dates, roles, status
from ceasefire.extract.lexicon import Hit
from ceasefire.models import Count, Place, Span


@dataclass
class Located:
    """A place named in the text, with where it stands relative to a movement."""

    start: int
    end: int
    place: Place
    direction: str | None = None


@dataclass
class Candidate:
    span: Span
    text: str
    triggers: list[Hit]
    types: set[str]
    places: list[Located] = field(default_factory=list)
    actors: list[tuple[str, str]] = field(default_factory=list)
    dates: list[dates.DateHit] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    votes: dict[str, float] = field(default_factory=dict)
    source: str | None = None
    pronoun_source: bool = False

    @property
    def specific_places(self) -> list[Place]:
        return [p.place for p in self.places if p.place.level != "country"]

    @property
    def mediators(self) -> set[str]:
        return {name for name, role in self.actors if role == "mediator"}

    def explicit_date(self) -> dates.DateHit | None:
        return self.dates[-1] if self.dates else None


def read(
    candidate: Candidate,
    parsed: Doc,
    actor_hits: list[tuple[int, int, str]],
    base: dt.date | None,
    forward: bool,
) -> None:
    """Fill a candidate's actors, dates, counts, status votes and credit from its parsed sentence."""
    offset = candidate.span.start
    seen: set[tuple[str, str]] = set()
    for start, end, name in actor_hits:
        role = roles.role_of(parsed, start - offset, end - offset)
        if (name, role) not in seen:
            seen.add((name, role))
            candidate.actors.append((name, role))
    candidate.dates = dates.find(candidate.text, base, offset, forward)
    candidate.counts = [hit.count for hit in counts.find(candidate.text, offset)]
    candidate.votes = status.votes(parsed)
    candidate.source, candidate.pronoun_source = attribution.credit(parsed)
