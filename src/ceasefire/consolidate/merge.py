"""Mentions to deals."""

from __future__ import annotations

import hashlib

from ceasefire.models import Deal, Mention, TimelineEntry


def deal_id(mentions: list[Mention]) -> str:
    """Stable across runs: derived from the earliest member mention, not from insertion order."""
    first = min(m.id for m in mentions)
    return "d-" + hashlib.sha1(first.encode()).hexdigest()[:10]


def _timeline(mentions: list[Mention]) -> list[TimelineEntry]:
    entries = []
    for m in mentions:
        at = m.provenance.get("status", 0)
        evidence = m.evidence[at] if 0 <= at < len(m.evidence) else m.evidence[0]
        entries.append(TimelineEntry(m.date, m.status, m.doc, m.outlet, evidence))
    return sorted(entries, key=lambda e: (e.date.start.isoformat() if e.date else "", e.doc))


def to_deal(mentions: list[Mention]) -> Deal:
    head = mentions[0]
    return Deal(
        id=deal_id(mentions),
        types=list(head.types),
        status=head.status,
        actors=list(head.actors),
        location=head.location,
        origin=head.origin,
        destination=head.destination,
        counts=list(head.counts),
        date=head.date,
        terms=list(head.terms),
        evidence=[e for m in mentions for e in m.evidence],
        timeline=_timeline(mentions),
        mention_ids=[m.id for m in mentions],
    )


def merge(mentions: list[Mention]) -> list[Deal]:
    return [to_deal([m]) for m in mentions]
