"""Which places a sentence names are places of its deal, read through the parse.

Not the place a speaker is in ("a journalist in Sweida", data/source_nouns.tsv), nor a capital standing for
its government ("Damascus forces", data/government_nouns.tsv), nor a place far from the deal's words, where
something else happened; and a place read as where a trip ends must hang on a trip.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from ceasefire.extract import movement, roles
from ceasefire.extract.lexicon import _rows
from ceasefire.models import Place

# A place further than this from the deal's words in the parse is where something else happened.
PLACE_LINK = 5


@dataclass
class Located:
    """A place named in the text, with where it stands relative to a movement."""

    start: int
    end: int
    place: Place
    direction: str | None = None


def check(
    found: list[Located],
    parsed: Doc,
    offset: int,
    venue: bool,
    actor_hits: list[tuple[int, int, str]],
    anchors: list[tuple[int, int]],
) -> list[Located]:
    """A place that only says where a speaker is ("a journalist in Sweida") is no place of the deal, nor a
    capital standing for its government ("Damascus forces"), nor a place far from the deal's words in the
    parse, where something else happened (talks keep their venue, however the parser hangs it); a place
    read as where a trip ends must hang on a trip in the parse ("their push towards Raqqa" is none)."""
    kept = []
    for located in found:
        start, end = located.start - offset, located.end - offset
        span = parsed.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            kept.append(located)
            continue
        named = any(s <= located.start < e for s, e, _ in actor_hits)
        if _speakers_place(span.root) or named and _government(span.root):
            continue
        if not venue and located.direction is None and roles.link(parsed, start, end, anchors) > PLACE_LINK:
            continue
        if located.direction == "destination" and not movement.on_a_trip(span.root):
            located.direction = None
        kept.append(located)
    return kept


@cache
def _source_nouns() -> frozenset[str]:
    return frozenset(row["noun"] for row in _rows(None, "source_nouns.tsv"))


@cache
def _government_nouns() -> frozenset[str]:
    return frozenset(row["noun"] for row in _rows(None, "government_nouns.tsv"))


def _government(place: Token) -> bool:
    """ "Damascus said", "Damascus forces": a capital standing for its government."""
    if place.dep_ in ("nsubj", "nsubjpass"):
        return True
    return place.dep_ in ("compound", "amod", "poss") and place.head.lower_ in _government_nouns()


def _speakers_place(place: Token) -> bool:
    return place.head.pos_ == "ADP" and place.head.head.lower_ in _source_nouns()
