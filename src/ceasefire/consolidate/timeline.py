"""A deal's story: the dated stages its reports give, each with the passage and outlet that report it.

A mention reports the stages its passages give (`Mention.stages`), or else one stage: its status, dated
by the passage that gave it. Reports of the same stage on the same day collapse into the earliest one;
a stage known only to the month is dropped when a report dates that stage within the month to the day.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from ceasefire.models import STATUSES, Evidence, Mention, TimelineEntry


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


def _finer_known(entry: TimelineEntry, days: set[tuple[str, str]]) -> bool:
    """A month-only stage that a day-precise report of the same stage, in that month, makes redundant."""
    date = entry.date
    if date is None or date.precision == "day":
        return False
    return (entry.status, _within(date.start, date.precision)) in days


def _within(day: dt.date, precision: str) -> str:
    """The month, or for a year-only date the year, that a day falls in."""
    return day.isoformat()[: 7 if precision == "month" else 4]


def _days(entries: list[TimelineEntry]) -> set[tuple[str, str]]:
    """Each stage reported to the day, with the month and the year of that day."""
    dated = [e for e in entries if e.date is not None and e.date.precision == "day"]
    return {(e.status, _within(e.date.start, p)) for e in dated for p in ("month", "year")}  # type: ignore[union-attr]


def _slot(entry: TimelineEntry) -> tuple[str, str]:
    when = "" if entry.date is None else f"{entry.date.start.isoformat()}/{entry.date.precision}"
    return when, entry.status


def build(mentions: list[Mention]) -> list[TimelineEntry]:
    """The stages in date order (undated last), one entry per stage and day."""
    entries = sorted((entry for m in mentions for entry in reports(m)), key=_key)
    kept: dict[tuple[str, str], TimelineEntry] = {}
    days = _days(entries)
    for entry in entries:
        if not _finer_known(entry, days):
            kept.setdefault(_slot(entry), entry)
    return list(kept.values())


def support(mentions: list[Mention]) -> Counter[str]:
    """How many articles report each stage, in any of their passages."""
    per_doc = {(m.doc, entry.status) for m in mentions for entry in reports(m)}
    return Counter(status for _, status in per_doc)


def verdicts(mentions: list[Mention]) -> Counter[str]:
    """How many articles give each stage as their own reading of the deal's status, not as a claim they
    report against it ("the regime spread rumours that the areas accepted")."""
    return Counter(status for _, status in {(m.doc, m.status) for m in mentions})


# A stage this many articles report outweighs a later one that a single outlet claims.
CORROBORATED = 2


def latest(entries: list[TimelineEntry], votes: Counter[str], verdict: Counter[str]) -> TimelineEntry:
    """The stage reported to have happened last, among those more than one article reports if any are.

    One outlet's claim that a deal collapsed, or went ahead, is kept in the timeline but does not set
    the deal's status over stages other outlets bear out; of stages on one day, the one most articles
    report wins, then the one most articles give as their verdict. A stage known only to its year cannot
    be placed among stages dated to the month or day, so it counts only when no stage is. `votes` counts
    the articles that report each stage, `verdict` those that conclude it.
    """
    dated = (
        [e for e in entries if e.date is not None and e.date.precision != "year"]
        or [e for e in entries if e.date is not None]
        or entries
    )
    borne_out = [e for e in dated if votes[e.status] >= CORROBORATED] or dated
    return max(
        borne_out,
        key=lambda e: (
            e.date.start if e.date else dt.date.min,
            votes[e.status],
            verdict[e.status],
            -STATUSES.index(e.status),
        ),
    )
