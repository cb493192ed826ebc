"""Where the reports of one deal disagree: status, counts, parties and destination.

A disagreement is listed with every value and who says it (article, outlet, credited source), so an
analyst can weigh the outlets. Changes over time are not disagreements: an offer accepted and later
broken is a timeline, while "accepted" and "refused" reported within days of each other is a
contradiction. A count agrees with another when their ranges overlap ("400" and "hundreds").
"""

from __future__ import annotations

from collections.abc import Iterable

from ceasefire.consolidate.profile import when
from ceasefire.consolidate.timeline import passage
from ceasefire.geo import distance_km
from ceasefire.models import Claim, Contradiction, Count, Mention

ACCEPTED = {"agreed", "implemented"}
REFUSED = {"rejected"}
# "Accepted" and "refused" further apart than this are read as a change of mind, not a disagreement.
SAME_TIME_DAYS = 7
# Counts within this share of each other are one figure rounded differently.
COUNT_SLACK = 0.1
DESTINATION_KM = 50.0


def _claim(mention: Mention, value: str, field: str) -> Claim:
    return Claim(value, mention.doc, mention.outlet, passage(mention, field).source)


def _claims(pairs: Iterable[tuple[Mention, str]], field: str) -> tuple[Claim, ...]:
    """One claim per value and article, in a fixed order."""
    seen = {(value, m.doc): _claim(m, value, field) for m, value in pairs}
    return tuple(seen[key] for key in sorted(seen))


def _close(a: Mention, b: Mention) -> bool:
    if a.doc == b.doc:
        return True
    left, right = when(a), when(b)
    if left is None or right is None:
        return False
    return (max(left[0], right[0]) - min(left[1], right[1])).days <= SAME_TIME_DAYS


def _status(mentions: list[Mention]) -> Contradiction | None:
    accepted = [m for m in mentions if m.status in ACCEPTED]
    refused = [m for m in mentions if m.status in REFUSED]
    pairs = [(a, r) for a in accepted for r in refused if _close(a, r)]
    if not pairs:
        return None
    involved = {m.id: m for pair in pairs for m in pair}.values()
    return Contradiction("status", _claims(((m, m.status) for m in involved), "status"))


def _count_text(count: Count) -> str:
    figure = str(count.min) if count.min == count.max else f"{count.min}-{count.max}"
    return f"{figure} {count.unit}"


def _agree(a: Count, b: Count) -> bool:
    return a.min <= b.max * (1 + COUNT_SLACK) and b.min <= a.max * (1 + COUNT_SLACK)


def _counts(mentions: list[Mention]) -> list[Contradiction]:
    found = []
    units = dict.fromkeys(c.unit for m in mentions for c in m.counts)
    for unit in units:
        given = [(m, c) for m in mentions for c in m.counts if c.unit == unit]
        clashing = [(m, c) for m, c in given if any(not _agree(c, other) for _, other in given)]
        if clashing:
            found.append(
                Contradiction("counts", _claims(((m, _count_text(c)) for m, c in clashing), "counts"))
            )
    return found


def _parties(mentions: list[Mention]) -> Contradiction | None:
    """Articles that name wholly different sides, leaving out anyone another article calls a broker."""
    brokers = {a.name for m in mentions for a in m.actors if a.role != "party"}
    sides: dict[str, tuple[Mention, frozenset[str]]] = {}
    for m in mentions:
        named = frozenset(a.name for a in m.actors if a.role == "party" and a.name not in brokers)
        if named and m.doc not in sides:
            sides[m.doc] = (m, named)
    apart = [
        (m, names)
        for m, names in sides.values()
        if any(names.isdisjoint(other) for _, other in sides.values() if other != names)
    ]
    if not apart:
        return None
    return Contradiction("parties", _claims(((m, "; ".join(sorted(names))) for m, names in apart), "actors"))


def _destination(mentions: list[Mention]) -> Contradiction | None:
    going = [(m, m.destination) for m in mentions if m.destination and m.destination.level != "country"]
    apart = [
        (m, place)
        for m, place in going
        if any(distance_km(place, other) > DESTINATION_KM for _, other in going if other is not None)
    ]
    if not apart:
        return None
    return Contradiction("destination", _claims(((m, p.name) for m, p in apart if p), "destination"))


def find(mentions: list[Mention]) -> list[Contradiction]:
    """Every disagreement among one deal's mentions, status first."""
    found = [_status(mentions), *_counts(mentions), _parties(mentions), _destination(mentions)]
    return [c for c in found if c is not None]
