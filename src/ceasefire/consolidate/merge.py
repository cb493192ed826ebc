"""Mentions to deals: cluster them, split what one record cannot stand for, derive each deal's fields.

Fields are voted by article (one vote per article): the types a quarter of the articles give; the actors
in the roles a third give them (and every role several give an actor most articles name); origin and
destination as most give them when a quarter tell of a movement at all, the location where the reports
those two miss are, else as most give it; every count another article bears out beside the best attested
per unit; the status of the latest stage more than one article reports; the date most articles give.
`provenance` records, for each field, which evidence passage of the deal the value was read from.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Hashable, Iterator
from typing import TypeVar

from ceasefire.consolidate import contradictions, ids, timeline
from ceasefire.consolidate.cluster import cluster
from ceasefire.consolidate.fit import fits, reaches
from ceasefire.consolidate.profile import profile
from ceasefire.consolidate.similarity import DEFAULT, Weights
from ceasefire.models import DEAL_TYPES, Actor, Count, Deal, Evidence, Mention, Place

T = TypeVar("T", bound=Hashable)
# An actor or a type stays on the deal when at least this share of its articles name it.
SUPPORT = 0.34
TYPE_SUPPORT = 0.25
# An actor this share of articles name keeps each role at least SEVERAL of them give it.
NAMED_BY_MOST = 0.6
SEVERAL = 3
# A figure this many articles give is kept beside the one most give.
CORROBORATED = 2


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


def _supported(votes: Counter[T], docs: int, share: float = SUPPORT) -> list[T]:
    """The values at least this share of the articles give, and the one most give."""
    top = max(votes.values(), default=0)
    return [value for value, n in votes.items() if n == top or n >= share * docs]


def _types(sources: Sources) -> list[str]:
    kept = set(_supported(sources.votes(lambda m: m.types), sources.docs, TYPE_SUPPORT))
    return [t for t in DEAL_TYPES if t in kept]


def _actors(sources: Sources) -> list[Actor]:
    """Actors in the roles enough articles give them, and the other roles of an actor most articles name.

    Outlets call the same broker a mediator in one report and a guarantor in the next: when most
    articles name an actor, each role several of them give it stays, though no single role reaches
    the share.
    """
    pairs = sources.votes(lambda m: list(dict.fromkeys(m.actors)))
    names = sources.votes(lambda m: list({a.name for a in m.actors}))
    kept = set(_supported(pairs, sources.docs))
    kept |= {a for a, n in pairs.items() if n >= SEVERAL and names[a.name] >= NAMED_BY_MOST * sources.docs}
    return [a for a in dict.fromkeys(a for m in sources.mentions for a in m.actors) if a in kept]


def _place(
    sources: Sources, field: str, prov: dict[str, str], among: Callable[[Mention], bool] = lambda m: True
) -> Place | None:
    votes = sources.votes(lambda m: [p.name] if (p := getattr(m, field)) and among(m) else [])
    if not votes:
        return None
    named = Counter(p.name for m in sources.mentions for p in m.places)
    name = min(
        votes, key=lambda n: (-votes[n], -named[n], sources.first_with(lambda m: _named(m, field, n)).id)
    )
    mention = sources.first_with(lambda m: _named(m, field, name))
    if field in mention.provenance:
        prov[field] = sources.at(mention, field)
    place: Place | None = getattr(mention, field)
    return place


def _moving(sources: Sources, field: str, prov: dict[str, str]) -> Place | None:
    """Where people leave from or go to, when enough of the deal's articles tell of a movement at all."""
    telling = sources.votes(lambda m: [True] if getattr(m, field) else [])
    if telling[True] < TYPE_SUPPORT * sources.docs:
        return None
    return _place(sources, field, prov)


def _named(mention: Mention, field: str, name: str) -> bool:
    place = getattr(mention, field)
    return place is not None and place.name == name


def _counts(sources: Sources) -> list[Count]:
    """Per unit the figure most articles give, and every figure another article bears out.

    Articles count different groups of one deal ("5,000 from al-Fuaa", "2,200 from Madaya"), so one
    figure per unit would lose some; a figure only one outlet gives is kept only when it is the best
    attested for its unit (an exact figure before a range as often given). Figures that do not agree are
    listed among the contradictions.
    """
    votes = sources.votes(lambda m: m.counts)
    order = list(dict.fromkeys(c for m in sources.mentions for c in m.counts))
    top: dict[str, Count] = {}
    for count in sorted(order, key=lambda c: (-votes[c], c.min != c.max)):
        top.setdefault(count.unit, count)
    return [c for c in order if top[c.unit] == c or votes[c] >= CORROBORATED]


def _month(mention: Mention) -> str | None:
    """The month the text itself dates the mention to, if it does to the month or the day."""
    date = mention.date
    if date is None or "date" not in mention.provenance or date.precision == "year":
        return None
    return date.start.isoformat()[:7]


def _dated(sources: Sources) -> Mention | None:
    """The mention that dates the deal: in the month most articles name, the day most of them name.

    Each article is scored on the stage it reports, and most report the same few days; the timeline
    keeps every other date. Ties go to the later month and day.
    """
    month = _most(sources.votes(lambda m: [month] if (month := _month(m)) else []))
    if month is None:
        return None
    chosen = [m for m in sources.mentions if _month(m) == month]
    day = _most(sources.votes(lambda m: [d] if (d := _day(m)) and _month(m) == month else []))
    if day is None:
        return max(chosen, key=lambda m: (m.date.start if m.date else dt.date.min, m.id))
    return max((m for m in chosen if _day(m) == day), key=lambda m: m.id)


def _most(votes: Counter[T]) -> T | None:
    """The value most articles give; ties to the greatest."""
    if not votes:
        return None
    top = max(votes.values())
    return max(value for value, n in votes.items() if n == top)  # type: ignore[type-var]


def _day(mention: Mention) -> dt.date | None:
    date = mention.date
    return date.start if date is not None and date.precision == "day" else None


def _terms(sources: Sources) -> list[str]:
    return list(dict.fromkeys(t for m in sources.mentions for t in m.terms))


def to_deal(deal_id: str, mentions: list[Mention]) -> Deal:
    sources = Sources(mentions)
    stages = timeline.build(sources.mentions)
    latest = timeline.latest(stages, timeline.support(sources.mentions), timeline.verdicts(sources.mentions))
    prov = {
        "types": "0",
        "status": str(sources.evidence.index(latest.evidence)),
        "actors": "0",
        "counts": "0",
    }
    dated = _dated(sources)
    if dated is not None:
        prov["date"] = sources.at(dated, "date")
    location, origin, destination = _places(sources, prov)
    return Deal(
        id=deal_id,
        types=_types(sources),
        status=latest.status,
        actors=_actors(sources),
        location=location,
        origin=origin,
        destination=destination,
        counts=_counts(sources),
        date=dated.date if dated else latest.date,
        terms=_terms(sources),
        evidence=sources.evidence,
        timeline=stages,
        contradictions=contradictions.find(sources.mentions),
        mention_ids=[m.id for m in sources.mentions],
        provenance=prov,
        places=_named_places(sources.mentions),
    )


def _places(sources: Sources, prov: dict[str, str]) -> tuple[Place | None, Place | None, Place | None]:
    """Location, origin and destination.

    Origin and destination are those most articles give. The location is where the reports that those
    two miss place the deal (the other side of a two-way evacuation), else the one most articles give.
    """
    origin = _moving(sources, "origin", prov)
    destination = _moving(sources, "destination", prov)
    moving = [p for p in (origin, destination) if p]
    missed = _place(sources, "location", prov, lambda m: not reaches(moving, m)) if moving else None
    return missed or _place(sources, "location", prov), origin, destination


def _named_places(mentions: list[Mention]) -> list[Place]:
    named = (p for m in mentions for p in (m.location, m.origin, m.destination) if p is not None)
    return list(dict.fromkeys(named))


def merge(
    mentions: list[Mention], previous: dict[str, str] | None = None, weights: Weights = DEFAULT
) -> list[Deal]:
    """Deals from mentions; `previous` (mention id -> stored deal id) lets deals keep their ids."""
    by_id = {m.id: m for m in mentions}

    def load(wanted: list[str]) -> list[Mention]:
        return [by_id[i] for i in wanted]

    groups = split(cluster([profile(m) for m in by_id.values()], weights), load, weights)
    return [deal for batch in deals(groups, ids.assign(groups, previous or {}), load) for deal in batch]


# Mentions read at once while deals are built: a few groups together, or one group however large.
BATCH = 500
Load = Callable[[list[str]], list[Mention]]


def split(groups: list[list[str]], load: Load, weights: Weights = DEFAULT) -> list[list[str]]:
    """The groups, each cut where its record cannot stand for some of its reports, sorted."""
    parts = [
        [m.id for m in part] for mentions in _loaded(groups, load) for part in _coherent(mentions, weights)
    ]
    return sorted(sorted(part) for part in parts)


def deals(groups: list[list[str]], deal_ids: list[str], load: Load) -> Iterator[list[Deal]]:
    """The deal of each group under its id, a batch of groups at a time."""
    named = iter(deal_ids)
    batch: list[Deal] = []
    size = 0
    for mentions in _loaded(groups, load):
        batch.append(to_deal(next(named), mentions))
        size += len(mentions)
        if size >= BATCH:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _loaded(groups: list[list[str]], load: Load) -> Iterator[list[Mention]]:
    """Each group's mentions in the group's order, read a batch of mentions at a time."""
    start = 0
    while start < len(groups):
        end, size = start + 1, len(groups[start])
        while end < len(groups) and size + len(groups[end]) <= BATCH:
            size, end = size + len(groups[end]), end + 1
        by_id = {m.id: m for m in load([i for group in groups[start:end] for i in group])}
        yield from ([by_id[i] for i in group] for group in groups[start:end])
        start = end


def _coherent(group: list[Mention], weights: Weights) -> list[list[Mention]]:
    """The group, or its parts when its record cannot stand for some of its reports.

    The reports the record does not fit are clustered again among themselves; the rest are checked
    again against the record they make without them. Each round takes reports away, so it ends.
    """
    if len(group) < 2:
        return [group]
    sources = Sources(group)
    types, places = _types(sources), [p for p in _places(sources, {}) if p]
    keep = [m for m in group if fits(types, places, m)]
    if len(keep) == len(group):
        return [group]
    if not keep:
        return [[m] for m in group]
    kept = {m.id for m in keep}
    rest = {m.id: m for m in group if m.id not in kept}
    parts = _coherent(keep, weights)
    for sub in cluster([profile(m) for m in rest.values()], weights):
        parts += _coherent([rest[i] for i in sub], weights)
    return parts
