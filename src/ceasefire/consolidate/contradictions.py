"""Where the reports of one deal disagree: status, counts, parties and destination.

A disagreement is listed with every value and who says it (article, outlet, credited source), so an
analyst can weigh the outlets. Changes over time are not disagreements: an offer accepted and later
broken is a timeline, while "accepted" and "refused" reported within days of each other is a
contradiction, and so is one article quoting one side as accepting and another as refusing. A count
agrees with another when their ranges overlap ("400" and "hundreds").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ceasefire.consolidate.profile import Span, when
from ceasefire.consolidate.timeline import passage, reports
from ceasefire.geo import distance_km
from ceasefire.models import Claim, Contradiction, Count, Mention, TimelineEntry

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


def _span(mention: Mention, entry: TimelineEntry) -> Span | None:
    if entry.date is None or entry.date == mention.date:
        return when(mention)
    return entry.date.start, entry.date.end


def _close(a: tuple[Mention, TimelineEntry], b: tuple[Mention, TimelineEntry]) -> bool:
    """Two reports that speak of the same moment: one article's different sources, or days apart."""
    (m, x), (n, y) = a, b
    if m.doc == n.doc:
        return x.evidence.source != y.evidence.source
    left, right = _span(m, x), _span(n, y)
    if left is None or right is None:
        return False
    return (max(left[0], right[0]) - min(left[1], right[1])).days <= SAME_TIME_DAYS


def _status(mentions: list[Mention]) -> Contradiction | None:
    said = [(m, entry) for m in mentions for entry in reports(m)]
    accepted = [r for r in said if r[1].status in ACCEPTED]
    refused = [r for r in said if r[1].status in REFUSED]
    clashing = [r for a in accepted for b in refused if _close(a, b) for r in (a, b)]
    if not clashing:
        return None
    claims = {
        (entry.status, entry.doc, entry.evidence.start): Claim(
            entry.status, entry.doc, entry.outlet, entry.evidence.source
        )
        for _, entry in clashing
    }
    return Contradiction("status", tuple(claims[key] for key in sorted(claims)))


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
    """Articles naming wholly different sides, among sides that at least two articles name.

    Sides named once are more often a misread role than a disagreement; anyone an article calls a
    broker is left out.
    """
    brokers = {a.name for m in mentions for a in m.actors if a.role != "party"}
    named = {m.doc: {a.name for a in m.actors if a.role == "party"} - brokers for m in mentions}
    support = Counter(name for names in named.values() for name in names)
    sides = {m.doc: (m, frozenset(n for n in named[m.doc] if support[n] > 1)) for m in reversed(mentions)}
    kept = [(m, names) for m, names in sides.values() if names]
    apart = [(m, names) for m, names in kept if any(names.isdisjoint(other) for _, other in kept)]
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
