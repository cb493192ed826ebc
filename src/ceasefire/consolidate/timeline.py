"""A deal's story: the dated stages its reports give, each with the passage and outlet that report it.

A mention reports the stages its passages give (`Mention.stages`), or else one stage: its status, dated
by the passage that gave it. Reports of the same stage on the same day collapse into the earliest one;
a stage known only to the month is dropped when a report dates that stage within the month to the day.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from ceasefire.models import STATUSES, DealDate, Evidence, Mention, TimelineEntry


def passage(mention: Mention, field: str) -> Evidence:
    """The evidence passage a mention read a field from, else its first passage."""
    at = mention.provenance.get(field, 0)
    return mention.evidence[at] if 0 <= at < len(mention.evidence) else mention.evidence[0]


def reports(mention: Mention) -> list[TimelineEntry]:
    """The stages a mention reports: each passage's own where extraction read them, else the article's."""
    found = [
        TimelineEntry(stage.date or mention.date, stage.status, mention.doc, mention.outlet, evidence)
        for stage in mention.stages
        if stage.status in STATUSES and (evidence := _evidence_at(mention, stage.evidence))
    ]
    return found or [
        TimelineEntry(mention.date, mention.status, mention.doc, mention.outlet, passage(mention, "status"))
    ]


def _evidence_at(mention: Mention, index: int) -> Evidence | None:
    return mention.evidence[index] if 0 <= index < len(mention.evidence) else None


def _key(entry: TimelineEntry) -> tuple[dt.date, int, str, int]:
    day = entry.date.start if entry.date else dt.date.max
    return day, STATUSES.index(entry.status), entry.doc, entry.evidence.start


def _finer_known(entry: TimelineEntry, entries: list[TimelineEntry]) -> bool:
    """A month-only stage that a day-precise report of the same stage, in that month, makes redundant."""
    date = entry.date
    if date is None or date.precision == "day":
        return False
    return any(
        other.status == entry.status
        and other.date is not None
        and other.date.precision == "day"
        and _same_span(other.date, date)
        for other in entries
    )


def _same_span(day: DealDate, coarse: DealDate) -> bool:
    cut = 7 if coarse.precision == "month" else 4
    return day.start.isoformat()[:cut] == coarse.start.isoformat()[:cut]


def _slot(entry: TimelineEntry) -> tuple[str, str]:
    when = "" if entry.date is None else f"{entry.date.start.isoformat()}/{entry.date.precision}"
    return when, entry.status


def build(mentions: list[Mention]) -> list[TimelineEntry]:
    """The stages in date order (undated last), one entry per stage and day."""
    entries = sorted((entry for m in mentions for entry in reports(m)), key=_key)
    kept: dict[tuple[str, str], TimelineEntry] = {}
    for entry in entries:
        if not _finer_known(entry, entries):
            kept.setdefault(_slot(entry), entry)
    return list(kept.values())


def latest(entries: list[TimelineEntry], votes: Counter[str]) -> TimelineEntry:
    """The stage reported to have happened last; of stages on one day, the one most articles report.

    One late report that the deal collapsed should not outvote the many that it went ahead the same
    day; `votes` counts the articles that report each status.
    """
    dated = [e for e in entries if e.date is not None] or entries
    return max(
        dated,
        key=lambda e: (e.date.start if e.date else dt.date.min, votes[e.status], -STATUSES.index(e.status)),
    )
