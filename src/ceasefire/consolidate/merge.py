"""Mentions to deals: cluster them, then derive each deal's fields from its mentions.

A field takes the value most articles give (one vote per article, ties to the earliest report); the
status is that of the latest stage, the date the one most articles give. `provenance` records, for each
field, which evidence passage of the deal the value was read from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable
from typing import TypeVar

from ceasefire.consolidate import contradictions, ids, timeline
from ceasefire.consolidate.cluster import cluster
from ceasefire.consolidate.profile import profile
from ceasefire.consolidate.similarity import DEFAULT, Weights
from ceasefire.models import DEAL_TYPES, Actor, Count, Deal, Evidence, Mention, Place

T = TypeVar("T", bound=Hashable)
# An actor or a type stays on the deal when at least this share of its articles name it.
SUPPORT = 0.34


class Sources:
    """The deal's mentions in a fixed order, and where each one's passages start in the deal's evidence."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.id)
        self.offsets: dict[str, int] = {}
        self.evidence: list[Evidence] = []
        for mention in self.mentions:
            self.offsets[mention.id] = len(self.evidence)
            self.evidence += mention.evidence
        self.docs = len({m.doc for m in self.mentions})

    def at(self, mention: Mention, field: str) -> str:
        """The deal's evidence index of the passage a mention read a field from."""
        local = mention.provenance.get(field, 0)
        return str(self.offsets[mention.id] + (local if 0 <= local < len(mention.evidence) else 0))

    def votes(self, read: Callable[[Mention], list[T]]) -> Counter[T]:
        """How many articles give each value, in the order the values first appear (never a set's order,
        which changes with the hash seed and would make ties fall differently from run to run)."""
        per_doc: dict[str, dict[T, None]] = {}
        for mention in self.mentions:
            per_doc.setdefault(mention.doc, {}).update(dict.fromkeys(read(mention)))
        return Counter(value for values in per_doc.values() for value in values)

    def first_with(self, test: Callable[[Mention], bool]) -> Mention:
        return next(m for m in self.mentions if test(m))


def _supported(votes: Counter[T], docs: int) -> list[T]:
    top = max(votes.values(), default=0)
    return [value for value, n in votes.items() if n == top or n >= SUPPORT * docs]


def _types(sources: Sources) -> list[str]:
    kept = set(_supported(sources.votes(lambda m: m.types), sources.docs))
    return [t for t in DEAL_TYPES if t in kept]


def _actors(sources: Sources) -> list[Actor]:
    votes = sources.votes(lambda m: list(dict.fromkeys(m.actors)))
    kept = set(_supported(votes, sources.docs))
    return [a for a in dict.fromkeys(a for m in sources.mentions for a in m.actors) if a in kept]


def _place(sources: Sources, field: str, prov: dict[str, str]) -> Place | None:
    votes = sources.votes(lambda m: [p.name] if (p := getattr(m, field)) else [])
    if not votes:
        return None
    name = min(votes, key=lambda n: (-votes[n], sources.first_with(lambda m: _named(m, field, n)).id))
    mention = sources.first_with(lambda m: _named(m, field, name))
    if field in mention.provenance:
        prov[field] = sources.at(mention, field)
    place: Place | None = getattr(mention, field)
    return place


def _named(mention: Mention, field: str, name: str) -> bool:
    place = getattr(mention, field)
    return place is not None and place.name == name


def _counts(sources: Sources) -> list[Count]:
    """Per unit, the figure most articles give; an exact figure before a range as often given."""
    votes = sources.votes(lambda m: m.counts)
    chosen: dict[str, Count] = {}
    for count in sorted(votes, key=lambda c: (-votes[c], c.min != c.max)):
        chosen.setdefault(count.unit, count)
    order = [c.unit for m in sources.mentions for c in m.counts]
    return sorted(chosen.values(), key=lambda c: order.index(c.unit))


def _month(mention: Mention) -> str | None:
    """The month the text itself dates the mention to, if it does to the month or the day."""
    date = mention.date
    if date is None or "date" not in mention.provenance or date.precision == "year":
        return None
    return date.start.isoformat()[:7]


def _dated(sources: Sources) -> Mention | None:
    """The mention that dates the deal: in the month most articles name, the latest day-precise one.

    Each article is scored on the stage it reports, and most report the same few days; the timeline
    keeps every other date.
    """
    votes = sources.votes(lambda m: [month] if (month := _month(m)) else [])
    if not votes:
        return None
    top = max(votes.values())
    month = max(name for name, n in votes.items() if n == top)
    chosen = [m for m in sources.mentions if _month(m) == month]
    return max(chosen, key=lambda m: (m.date.precision == "day", m.date.start, m.id))  # type: ignore[union-attr]


def _terms(sources: Sources) -> list[str]:
    return list(dict.fromkeys(t for m in sources.mentions for t in m.terms))


def to_deal(deal_id: str, mentions: list[Mention]) -> Deal:
    sources = Sources(mentions)
    stages = timeline.build(sources.mentions)
    latest = timeline.latest(stages, sources.votes(lambda m: [m.status]))
    head = sources.first_with(lambda m: m.doc == latest.doc and m.status == latest.status)
    prov = {"types": "0", "status": sources.at(head, "status"), "actors": "0", "counts": "0"}
    dated = _dated(sources) or head
    if dated.date is not None and "date" in dated.provenance:
        prov["date"] = sources.at(dated, "date")
    return Deal(
        id=deal_id,
        types=_types(sources),
        status=latest.status,
        actors=_actors(sources),
        location=_place(sources, "location", prov),
        origin=_place(sources, "origin", prov),
        destination=_place(sources, "destination", prov),
        counts=_counts(sources),
        date=dated.date if dated is not head else latest.date,
        terms=_terms(sources),
        evidence=sources.evidence,
        timeline=stages,
        contradictions=contradictions.find(sources.mentions),
        mention_ids=[m.id for m in sources.mentions],
        provenance=prov,
        places=_named_places(sources.mentions),
    )


def _named_places(mentions: list[Mention]) -> list[Place]:
    named = (p for m in mentions for p in (m.location, m.origin, m.destination) if p is not None)
    return list(dict.fromkeys(named))


def merge(
    mentions: list[Mention], previous: dict[str, str] | None = None, weights: Weights = DEFAULT
) -> list[Deal]:
    """Deals from mentions; `previous` (mention id -> stored deal id) lets deals keep their ids."""
    by_id = {m.id: m for m in mentions}
    groups = cluster([profile(m) for m in by_id.values()], weights)
    deal_ids = ids.assign(groups, previous or {})
    return [
        to_deal(deal_id, [by_id[i] for i in group]) for deal_id, group in zip(deal_ids, groups, strict=True)
    ]
