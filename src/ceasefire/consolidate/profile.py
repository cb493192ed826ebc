"""What clustering compares of a mention: its types, when it happened, where, and who took part.

A profile is computed from the mention alone, never from the other mentions loaded with it, so a
mention compares the same way in a full re-cluster and when one new article joins.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ceasefire.models import Mention, Place

# A report is about what happened before it was published; a date read from the text that lies
# further back than this is more likely background ("since March 2011") than the deal's stage.
LOOKBACK = dt.timedelta(days=366)
LOOKAHEAD = dt.timedelta(days=31)
# A ceasefire reported as made weeks before publication ("the truce agreed in December") is still the
# same ceasefire when the article appears: its span runs from that date to publication, a day the
# article knows for sure.
LASTING = frozenset({"ceasefire"})
STILL_IN_FORCE = dt.timedelta(days=15)
# Without a date in the text, the deal happened in the days before publication.
RECENT = dt.timedelta(days=7)


@dataclass(frozen=True)
class Profile:
    """One mention as clustering sees it; `when` is None when neither text nor publication dates it."""

    id: str
    doc: str
    types: frozenset[str]
    when: tuple[dt.date, dt.date] | None
    precision: str
    anchors: tuple[Place, ...]
    places: tuple[Place, ...]
    actors: frozenset[str]


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


Span = tuple[dt.date, dt.date]


def _text_span(mention: Mention) -> tuple[Span, str] | None:
    """The span the text's own date gives, and its precision; None when the text gave no date."""
    date = mention.date
    if date is None or "date" not in mention.provenance:
        return None
    if date.precision == "year":
        return (date.start.replace(month=1, day=1), date.start.replace(month=12, day=31)), "year"
    end = _month_end(date.start) if date.precision == "month" else date.end
    return (date.start, max(end, date.start)), date.precision


def _plausible(span: Span, precision: str, published: dt.date) -> bool:
    """Whether a date read from the text can be the deal's own, given when the article appeared.

    A year is only the deal's when it is not the year of publication (then "this year" says nothing);
    a month far back is more often background ("since March 2011") than the deal's.
    """
    if span[0] > published + LOOKAHEAD:
        return False
    if precision == "year":
        return span[1] < published
    return precision == "day" or span[0] >= published - LOOKBACK


def timing(mention: Mention) -> tuple[Span, str] | None:
    """When the mention's stage happened, as a span with its precision; None when nothing dates it."""
    read = _text_span(mention)
    published = mention.published
    if published is None:
        return read
    if read and _plausible(*read, published):
        (start, end), precision = read
        if LASTING & set(mention.types) and precision != "year" and start < published - STILL_IN_FORCE:
            return (start, published), "day"
        return (start, min(end, published) if start <= published else end), precision
    return (published - RECENT, published), "day"


def when(mention: Mention) -> Span | None:
    found = timing(mention)
    return found[0] if found else None


def _specific(place: Place | None) -> bool:
    return place is not None and place.level != "country"


def _read(mention: Mention, field: str) -> Place | None:
    """The place if the deal's own sentences gave it, not the article's main place as a fallback."""
    place: Place | None = getattr(mention, field)
    return place if field in mention.provenance and _specific(place) else None


def profile(mention: Mention) -> Profile:
    anchors = tuple(
        dict.fromkeys(p for f in ("location", "origin", "destination") if (p := _read(mention, f)))
    )
    named = (mention.location, mention.origin, mention.destination, *mention.places)
    found = timing(mention)
    return Profile(
        id=mention.id,
        doc=mention.doc,
        types=frozenset(mention.types),
        when=found[0] if found else None,
        precision=found[1] if found else "year",
        anchors=anchors,
        places=tuple(dict.fromkeys(p for p in named if p is not None and _specific(p))),
        actors=frozenset(a.name for a in mention.actors),
    )
