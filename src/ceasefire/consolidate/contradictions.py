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
from ceasefire.models import Claim, Contradiction, Count, Mention, Place, TimelineEntry

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


Report = tuple[str, str | None, Span | None]


def _report(mention: Mention, entry: TimelineEntry) -> Report:
    """What tells whether two reports speak of the same moment: article, credited source and time."""
    return mention.doc, entry.evidence.source, _span(mention, entry)


def _same_time(left: Span, right: Span) -> bool:
    return (max(left[0], right[0]) - min(left[1], right[1])).days <= SAME_TIME_DAYS


def _clashing(side: list[Report], other: list[Report]) -> list[bool]:
    """For each report of one side, whether a report of the other speaks of the same moment: one
    article's different sources, or days apart. The other side is read as the sources each article
    credits and the articles each time span holds, so a deal thousands of outlets retell costs its
    reports and its distinct time spans, never pairs of reports."""
    sources: dict[str, set[str | None]] = {}
    times: dict[Span, set[str]] = {}
    for doc, source, span in other:
        sources.setdefault(doc, set()).add(source)
        if span is not None:
            times.setdefault(span, set()).add(doc)
    near: dict[Span, list[set[str]]] = {}
    found = []
    for doc, source, span in side:
        if span is not None and span not in near:
            near[span] = [docs for time, docs in times.items() if _same_time(span, time)]
        elsewhere = span is not None and any(len(docs) > 1 or doc not in docs for docs in near[span])
        found.append(elsewhere or bool(sources.get(doc, set()) - {source}))
    return found


def _status(mentions: list[Mention]) -> Contradiction | None:
    said = [(m, entry) for m in mentions for entry in reports(m)]
    accepted = [(_report(m, e), e) for m, e in said if e.status in ACCEPTED]
    refused = [(_report(m, e), e) for m, e in said if e.status in REFUSED]
    ours, theirs = [r for r, _ in accepted], [r for r, _ in refused]
    clashing = [e for (_, e), hit in zip(accepted, _clashing(ours, theirs), strict=True) if hit]
    clashing += [e for (_, e), hit in zip(refused, _clashing(theirs, ours), strict=True) if hit]
    if not clashing:
        return None
    claims = {
        (entry.status, entry.doc, entry.evidence.start): Claim(
            entry.status, entry.doc, entry.outlet, entry.evidence.source
        )
        for entry in clashing
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
        # A figure fails to agree with another exactly when it fails with the lowest top or highest floor.
        top, floor = min(c.max for _, c in given), max(c.min for _, c in given)
        clashing = [(m, c) for m, c in given if not _agree(c, Count(unit, floor, top))]
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
    distinct = set(names for _, names in kept)
    alone = {names for names in distinct if any(names.isdisjoint(other) for other in distinct)}
    apart = [(m, names) for m, names in kept if names in alone]
    if not apart:
        return None
    return Contradiction("parties", _claims(((m, "; ".join(sorted(names))) for m, names in apart), "actors"))


def _destination(mentions: list[Mention]) -> Contradiction | None:
    """Reports sending people from one place to places far apart.

    Reports of people leaving different places are two legs of one exchange (al-Fuaa to Aleppo,
    Madaya to Idlib), not a disagreement.
    """
    going = [(m, m.destination) for m in mentions if m.destination and m.destination.level != "country"]
    routes = set((m.origin, place) for m, place in going)
    far = {route for route in routes if any(_far_apart(route, other) for other in routes)}
    apart = [(m, place) for m, place in going if (m.origin, place) in far]
    if not apart:
        return None
    return Contradiction("destination", _claims(((m, p.name) for m, p in apart), "destination"))


Route = tuple[Place | None, Place]


def _far_apart(route: Route, other: Route) -> bool:
    """Going from one place (or from anywhere) to places far apart."""
    (origin, place), (their_origin, theirs) = route, other
    same_origin = (
        origin is None or their_origin is None or distance_km(origin, their_origin) <= DESTINATION_KM
    )
    return same_origin and distance_km(place, theirs) > DESTINATION_KM


def find(mentions: list[Mention]) -> list[Contradiction]:
    """Every disagreement among one deal's mentions, status first."""
    found = [_status(mentions), *_counts(mentions), _parties(mentions), _destination(mentions)]
    return [c for c in found if c is not None]
