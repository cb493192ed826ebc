"""One candidate per sentence that names a deal: what the sentence alone says about it.

A candidate's `kind` says how it may take part in a deal:
- "anchor": a deal word ("truce", "evacuated") that makes a deal mention of its own or joins one;
- "talk": talks or negotiations without a named process, the negotiation of a deal nearby or a political
  process of its own;
- "movement": people or vehicles moving between named places ("a convoy left Hajar al-Aswad for Raqqa"), an
  evacuation even without a deal word;
- "join": a sentence that refers to a deal without saying which ("the deal", "moved to Idlib"): it only adds
  to a deal reported nearby.
A `headline` (title, subtitle, or the title repeated in the body) sums up deals the body reports, so it adds
its passage to one of them rather than making one of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import cache

from spacy.tokens import Doc, Token

from ceasefire.extract import attribution, counts, dates, dealwords, movement, places, roles, scope, status
from ceasefire.extract.dates import DateHit
from ceasefire.extract.lexicon import Hit, _rows
from ceasefire.extract.places import Located
from ceasefire.models import Count, DealDate, Place, Span

# Actors named in almost every report: they tell two deals apart only when nothing else does.
GENERIC_ACTORS = frozenset({"Syrian government", "Syrian opposition"})
# The kind of a sentence that turned out to name no deal ("several attempts at securing a truce").
NO_DEAL = "none"
_RIGHT_AFTER = re.compile(
    r"^\s*(?:(?:from|on|of|in|since|starting|beginning|that began|that started)\s+)?$", re.I
)
# A side named further than this from the deal's words in the parse is the story around the deal
# ("Russian jets hit an aid convoy"), not a party to it.
PARTY_LINK = 5
CLOSE_LINK = 2
# A date this close in the parse to a stage word ("agreed in September") dates that stage.
DATE_LINK = 3


@dataclass
class Candidate:
    span: Span
    text: str
    triggers: list[Hit]
    types: set[str]
    places: list[Located] = field(default_factory=list)
    actors: list[tuple[str, str]] = field(default_factory=list)
    dates: list[DateHit] = field(default_factory=list)
    counts: list[tuple[Count, str]] = field(default_factory=list)
    votes: list[status.Vote] = field(default_factory=list)
    source: str | None = None
    pronoun_source: bool = False
    claimant: str | None = None
    index: int = 0
    kind: str = "anchor"
    headline: bool = False
    far: set[str] = field(default_factory=set)
    anchored: DateHit | None = None
    clauses: list[set[str]] = field(default_factory=list)
    actor_about: dict[str, str] = field(default_factory=dict)
    apart: set[frozenset[str]] = field(default_factory=set)
    fresh: bool = False
    nationwide: bool = False

    @property
    def specific_places(self) -> list[Place]:
        return [p.place for p in self.places if p.place.level != "country"]

    @property
    def mediators(self) -> set[str]:
        return {name for name, role in self.actors if role == "mediator"}

    @property
    def specific_actors(self) -> set[str]:
        return {name for name, _ in self.actors} - GENERIC_ACTORS

    def explicit_date(self) -> DateHit | None:
        """The date of the deal itself where the parse ties one to its words ("a March ceasefire"), else
        the sentence's last."""
        return self.anchored or (self.dates[-1] if self.dates else None)


@cache
def camps() -> dict[str, str]:
    """The war's camps and the actor that stands for each (data/war_sides.tsv)."""
    return {row["camp"]: row["actor"] for row in _rows(None, "war_sides.tsv")}


def read(
    candidate: Candidate,
    parsed: Doc,
    actor_hits: list[tuple[int, int, str]],
    base: dt.date | None,
    forward: bool,
) -> None:
    """Fill a candidate's actors, dates, counts, status votes and credit from its parsed sentence."""
    offset = candidate.span.start
    deal_spans = [(h.start - offset, h.end - offset) for h in candidate.triggers]
    kinds = [h.value if h.kind in ("strong", "weak", "movement") else "" for h in candidate.triggers]
    candidate.votes = status.votes(parsed, deal_spans, kinds)
    if candidate.kind == "anchor":
        _judge_deal_words(candidate, parsed, offset)
    candidate.actors, candidate.far = _actors(candidate, parsed, actor_hits, deal_spans)
    venue = candidate.types == {"political_process"}
    anchors = deal_spans + status.cue_spans(candidate.text)
    candidate.places = places.check(candidate.places, parsed, offset, venue, actor_hits, anchors)
    if candidate.kind == "movement" and not (
        any(p.direction for p in candidate.places) and not movement.troops_only(parsed)
    ):
        candidate.kind = NO_DEAL
    candidate.dates = _dates(candidate, parsed, base, anchors, forward)
    candidate.votes = [replace(v, date=_date_of(parsed, v, candidate.dates, offset)) for v in candidate.votes]
    candidate.anchored = _anchored(candidate, parsed, offset)
    found = [(hit.count, hit.noun.lower()) for hit in counts.find(candidate.text, offset)]
    candidate.counts = list(dict.fromkeys(found))
    candidate.source, candidate.pronoun_source, candidate.claimant = attribution.credit(parsed)


def _judge_deal_words(candidate: Candidate, parsed: Doc, offset: int) -> None:
    """Set aside deal words that name no deal, and note where one sentence tells two deals."""
    hits = candidate.triggers
    candidate.types = dealwords.kept_types(parsed, hits, candidate.types, offset)
    candidate.clauses = dealwords.clauses(parsed, hits, candidate.types, offset)
    candidate.apart = dealwords.apart(parsed, hits, candidate.types, offset)
    candidate.fresh = dealwords.fresh(parsed, hits, offset)
    candidate.nationwide = dealwords.nationwide(parsed, hits, offset)
    if dealwords.generic(parsed, hits, offset):
        candidate.kind = NO_DEAL
    elif dealwords.talked_about(parsed, hits, offset):
        candidate.kind = "talk"


def _dates(
    candidate: Candidate, parsed: Doc, base: dt.date | None, anchors: list[tuple[int, int]], forward: bool
) -> list[DateHit]:
    """Dates in the sentence, minus those of the war around the deal ("since the conflict began in March
    2011"); a weekday in a clause about what is to come counts forward from the base."""
    text, offset = candidate.text, candidate.span.start
    back = dates.find(text, base, offset, forward)
    ahead = dates.find(text, base, offset, True) if not forward else back
    return [
        later if status.looks_ahead(parsed, hit.start - offset, hit.end - offset) else hit
        for hit, later in zip(back, ahead, strict=True)
        if not _background(parsed, hit.start - offset, hit.end - offset, anchors)
    ]


@cache
def _war_nouns() -> frozenset[str]:
    return frozenset(row["lemma"] for row in _rows(None, "war_nouns.tsv"))


def _background(parsed: Doc, start: int, end: int, anchors: list[tuple[int, int]]) -> bool:
    """A date of the war, not of the deal: one that dates the war's own deeds ("since the conflict began in
    March 2011", "the siege began in 2013"), or starts a span of time away from the deal's words ("rebels
    have fought for control since 2012", "besieged since 2013")."""
    span = parsed.char_span(start, end, alignment_mode="expand")
    words = [t for t in span or [] if t.pos_ not in ("ADP", "SCONJ")]
    if span is None or not words:
        return False
    since, verb = any(t.lower_ == "since" for t in span), words[-1]
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
        since = since or verb.lower_ == "since"
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if any(s.lemma_.lower() in _war_nouns() for s in subjects):
        return True
    return since and not _on_the_deal(verb, anchors)


def _on_the_deal(verb: Token, anchors: list[tuple[int, int]]) -> bool:
    """Whether a verb is a deal or stage word, or takes one as its own complement ("has been in place")."""
    near = [verb, *(c for c in verb.children if c.dep_ not in ("conj", "cc"))]
    return any(s <= t.idx < e for t in near for s, e in anchors)


def _nearest(parsed: Doc, at: int, found: list[DateHit], offset: int) -> DateHit | None:
    """The date of a word: the nearest in the parse, if close ("announced a deal Saturday")."""
    near = [(roles.link(parsed, at, at + 1, [(h.start - offset, h.end - offset)]), h) for h in found]
    near = [(n, h) for n, h in near if n <= DATE_LINK]
    return min(near, key=lambda item: item[0])[1] if near else None


def _anchored(candidate: Candidate, parsed: Doc, offset: int) -> DateHit | None:
    """The date of the deal itself: one written right after its word ("talks from Tuesday", "the truce of
    September 12"), else one the parse ties to it ("a ceasefire brokered in February")."""
    for hit in candidate.triggers:
        for found in candidate.dates:
            if found.start >= hit.end and _RIGHT_AFTER.match(
                candidate.text[hit.end - offset : found.start - offset]
            ):
                return found
    tied = [_nearest(parsed, h.start - offset, candidate.dates, offset) for h in candidate.triggers]
    return next((d for d in tied if d is not None), None)


def _date_of(parsed: Doc, vote: status.Vote, found: list[DateHit], offset: int) -> DealDate | None:
    """The date of a stage word; a span of time from a date ("in place since Monday") dates only the deal
    being in force, not its collapse told beside it."""
    usable = [h for h in found if not h.since or vote.status == "implemented"]
    hit = _nearest(parsed, vote.at, usable, offset)
    return hit.date if hit else None


def _preposition(parsed: Doc, span: tuple[int, int]) -> bool:
    """ "despite the truce": a stage word that is a preposition ties no side to the deal."""
    words = parsed.char_span(*span, alignment_mode="expand")
    return words is not None and len(words) > 0 and words.root.pos_ in ("ADP", "SCONJ")


def _actors(
    candidate: Candidate,
    parsed: Doc,
    actor_hits: list[tuple[int, int, str]],
    deal: list[tuple[int, int]],
) -> tuple[list[tuple[str, str]], set[str]]:
    """The sides, brokers and guarantors a sentence names, each once, and the sides that stand far from the
    deal in the parse: those tell which deal the sentence is about, but are the story around it rather
    than its parties. Where a sentence only refers to the deal ("the deal") a side must be right at it; a
    headline sums up several deals at once, so its sides are left to the body. A group the sentence leaves
    out of the deal is no actor of it; one in a clause beside the deal is story, not a side."""
    offset = candidate.span.start
    limit = -1 if candidate.headline else CLOSE_LINK if candidate.kind == "join" else PARTY_LINK
    stages = deal + [c for c in status.cue_spans(candidate.text) if not _preposition(parsed, c)]
    typed = [
        (h.value, h.start - offset, h.end - offset) for h in candidate.triggers if h.value in candidate.types
    ]
    found: dict[tuple[str, str], None] = {}
    near: set[str] = set()
    outside = scope.Outside.read(parsed, deal, stages)
    for start, end, name in actor_hits:
        role = roles.role_of(parsed, start - offset, end - offset, deal)
        named = parsed.char_span(start - offset, end - offset, alignment_mode="expand")
        if role == roles.NONE or outside.excluded(named):
            continue
        found[(name, role)] = None
        if role == "party" and outside.aside(named):
            continue
        if role != "party" or roles.link(parsed, start - offset, end - offset, stages) <= limit:
            near.add(name)
        if typed:
            nearest = min(
                typed, key=lambda t: roles.link(parsed, start - offset, end - offset, [(t[1], t[2])])
            )
            candidate.actor_about.setdefault(name, nearest[0])
    return list(found), {name for name, _ in found} - near
