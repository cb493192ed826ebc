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
from itertools import combinations

from spacy.tokens import Doc, Token

from ceasefire.extract import attribution, counts, dates, movement, roles, status
from ceasefire.extract.dates import DateHit
from ceasefire.extract.lexicon import Hit, _rows
from ceasefire.models import Count, DealDate, Place, Span

# Actors named in almost every report: they tell two deals apart only when nothing else does.
GENERIC_ACTORS = frozenset({"Syrian government", "Syrian opposition"})
# The kind of a sentence that turned out to name no deal ("several attempts at securing a truce").
NO_DEAL = "none"
_GENERIC_REACH = 4
_MEANS = frozenset({"after", "following", "during", "at", "through", "via"})
_RIGHT_AFTER = re.compile(
    r"^\s*(?:(?:from|on|of|in|since|starting|beginning|that began|that started)\s+)?$", re.I
)
_MANY = frozenset(
    {"several", "many", "numerous", "repeated", "multiple", "previous", "past", "countless", "various"}
)
# A side named further than this from the deal's words in the parse is the story around the deal
# ("Russian jets hit an aid convoy"), not a party to it.
PARTY_LINK = 5
CLOSE_LINK = 2
# A date this close in the parse to a stage word ("agreed in September") dates that stage.
DATE_LINK = 3
# Deal words of two types this far apart in the parse may tell two deals.
APART = 4
# A place further than this from the deal's words in the parse is where something else happened.
PLACE_LINK = 5


@dataclass
class Located:
    """A place named in the text, with where it stands relative to a movement."""

    start: int
    end: int
    place: Place
    direction: str | None = None


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
    index: int = 0
    kind: str = "anchor"
    headline: bool = False
    far: set[str] = field(default_factory=set)
    anchored: DateHit | None = None
    clauses: list[set[str]] = field(default_factory=list)
    actor_about: dict[str, str] = field(default_factory=dict)
    apart: set[frozenset[str]] = field(default_factory=set)

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


@cache
def _generic_lemmas() -> frozenset[str]:
    return frozenset(row["lemma"] for row in _rows(None, "generic_cues.tsv"))


def _anchor_tokens(parsed: Doc, candidate: Candidate, offset: int) -> list[Token]:
    spans = [(h.start - offset, h.end - offset) for h in candidate.triggers if h.kind in ("strong", "weak")]
    found = [parsed.char_span(s, e, alignment_mode="expand") for s, e in spans]
    return [span.root for span in found if span is not None and len(span)]


def _drop_descriptions(parsed: Doc, candidate: Candidate, offset: int) -> None:
    """A deal word that only describes people ("surrendering rebels") or a thing ("a medical supplies
    company") is no deal, nor an evacuation to hospital outside a siege; talks a deal of another
    kind came out of are how it was reached ("after marathon talks in Geneva ... a ceasefire would begin"),
    not a deal of their own."""
    described, means = set(), set()
    for hit in candidate.triggers:
        span = parsed.char_span(hit.start - offset, hit.end - offset, alignment_mode="expand")
        if hit.kind not in ("strong", "weak") or span is None or not len(span):
            continue
        if len(span) == 1 and _describes(span.root) or hit.kind == "weak" and span.root.dep_ == "compound":
            described.add(hit.value)
        if hit.value == "evacuation" and _medical(span.root):
            described.add(hit.value)
        if span.root.head.pos_ == "ADP" and span.root.head.lower_ in _MEANS:
            means.add(hit.value)
    kept = {h.value for h in candidate.triggers if h.kind in ("strong", "weak") and h.value not in described}
    types = (candidate.types & kept) or candidate.types
    if types - {"political_process"} and "political_process" in means:
        types -= {"political_process"}
    candidate.types = types


def _clauses(parsed: Doc, candidate: Candidate, offset: int) -> list[set[str]]:
    """The deal types of a sentence, split when they sit in two coordinate clauses ("peace talks were
    brokered by the UN in February ... but long-lasting ceasefires have not held"): each tells a deal."""
    by_verb: dict[int, set[str]] = {}
    for hit in candidate.triggers:
        span = parsed.char_span(hit.start - offset, hit.end - offset, alignment_mode="expand")
        if hit.value in candidate.types and span is not None and len(span):
            by_verb.setdefault(_clause_of(span.root).i, set()).add(hit.value)
    if len(by_verb) != 2:
        return []
    (i, first), (j, second) = sorted(by_verb.items())
    coordinate = (
        parsed[j].dep_ == "conj"
        and parsed[j].head.i == i
        or parsed[i].dep_ == "conj"
        and parsed[i].head.i == j
    )
    return [first, second] if coordinate and not first & second else []


def _apart(parsed: Doc, candidate: Candidate, offset: int) -> set[frozenset[str]]:
    """Pairs of deal types whose words stand far apart in the parse: maybe two deals in one sentence ("the
    unsuccessful Kerry-Lavrov agreement ... eastern Aleppo, which must be surrendered"), unlike "Daraya,
    which was evacuated and surrendered"."""
    words: dict[str, list[Token]] = {}
    for hit in candidate.triggers:
        span = parsed.char_span(hit.start - offset, hit.end - offset, alignment_mode="expand")
        if hit.value in candidate.types and span is not None and len(span):
            words.setdefault(hit.value, []).append(span.root)
    far = set()
    for a, b in combinations(sorted(words), 2):
        if min(roles.link_tokens(x, y) for x in words[a] for y in words[b]) >= APART:
            far.add(frozenset((a, b)))
    return far


def _clause_of(token: Token) -> Token:
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


@cache
def _medical_cues() -> dict[str, frozenset[str]]:
    rows = _rows(None, "medical_cues.tsv")
    return {kind: frozenset(r["word"] for r in rows if r["kind"] == kind) for kind in ("medical", "siege")}


def _medical(word: Token) -> bool:
    """ "the injured were evacuated to hospitals": care after a strike, unless out of a siege."""
    cues = _medical_cues()
    care = any(t.lower_ in cues["medical"] for t in word.subtree)
    return care and not any(t.lower_ in cues["siege"] for t in word.doc)


def _describes(word: Token) -> bool:
    """ "surrendering rebels": a participle before the people it describes."""
    after = word.doc[word.i + 1] if word.i + 1 < len(word.doc) else None
    return word.tag_ == "VBG" and (word.dep_ == "amod" or after is not None and after.tag_ in ("NNS", "NNPS"))


def _generic(parsed: Doc, candidate: Candidate, offset: int) -> bool:
    """Whether every deal word speaks of deals in general: "several attempts at securing a truce"."""
    tokens = _anchor_tokens(parsed, candidate, offset)
    return bool(tokens) and all(_under_generic(token) for token in tokens)


def _under_generic(token: Token) -> bool:
    for above in list(token.ancestors)[:_GENERIC_REACH]:
        if above.lemma_.lower() in _generic_lemmas():
            counted = any(c.lower_ in _MANY for c in above.children if c.dep_ in ("amod", "det", "nummod"))
            return above.tag_ == "NNS" and counted
    return False


@cache
def _talk_lemmas() -> frozenset[str]:
    return frozenset(row["lemma"] for row in _rows(None, "talk_words.tsv"))


def _talked_about(parsed: Doc, candidate: Candidate, offset: int) -> bool:
    """Whether every deal word of a sentence is only what talks are about ("set to discuss the release of
    prisoners", "negotiations for a truce")."""
    anchors = [h for h in candidate.triggers if h.kind in ("strong", "weak")]
    for hit in anchors:
        span = parsed.char_span(hit.start - offset, hit.end - offset, alignment_mode="expand")
        if span is None or not len(span):
            return False
        word = span.root
        while word.dep_ == "conj" and word.head.i != word.i:
            word = word.head
        head = word.head.head if word.head.pos_ == "ADP" else word.head
        if head.lemma_.lower() not in _talk_lemmas() or head.i == word.i:
            return False
    return bool(anchors)


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
        _drop_descriptions(parsed, candidate, offset)
        candidate.clauses = _clauses(parsed, candidate, offset)
        candidate.apart = _apart(parsed, candidate, offset)
    if candidate.kind == "anchor" and _generic(parsed, candidate, offset):
        candidate.kind = NO_DEAL
    if candidate.kind == "anchor" and _talked_about(parsed, candidate, offset):
        candidate.kind = "talk"
    candidate.actors, candidate.far = _actors(candidate, parsed, actor_hits, deal_spans)
    _check_places(candidate, parsed, actor_hits, deal_spans + status.cue_spans(candidate.text))
    if candidate.kind == "movement" and not (
        any(p.direction for p in candidate.places) and not movement.troops_only(parsed)
    ):
        candidate.kind = NO_DEAL
    candidate.dates = _dates(candidate.text, parsed, base, offset, forward)
    candidate.votes = [
        replace(v, date=_date_of(parsed, v.at, candidate.dates, offset)) for v in candidate.votes
    ]
    candidate.anchored = _anchored(candidate, parsed, offset)
    found = [(hit.count, hit.noun.lower()) for hit in counts.find(candidate.text, offset)]
    candidate.counts = list(dict.fromkeys(found))
    candidate.source, candidate.pronoun_source = attribution.credit(parsed)


def _check_places(
    candidate: Candidate, parsed: Doc, actor_hits: list[tuple[int, int, str]], anchors: list[tuple[int, int]]
) -> None:
    """A place that only says where a speaker is ("a journalist in Sweida") is no place of the deal, nor a
    capital standing for its government ("Damascus forces"), nor a place far from the deal's words in the
    parse, where something else happened (talks keep their venue, however the parser hangs it); a place
    read as where a trip ends must hang on a trip in the parse ("their push towards Raqqa" is none)."""
    kept = []
    for located in candidate.places:
        start, end = located.start - candidate.span.start, located.end - candidate.span.start
        span = parsed.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            kept.append(located)
            continue
        named = any(s <= located.start < e for s, e, _ in actor_hits)
        if _speakers_place(span.root) or named and _government(span.root):
            continue
        venue = candidate.types == {"political_process"}
        if not venue and located.direction is None and roles.link(parsed, start, end, anchors) > PLACE_LINK:
            continue
        if located.direction == "destination" and not movement.on_a_trip(span.root):
            located.direction = None
        kept.append(located)
    candidate.places = kept


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


def _dates(text: str, parsed: Doc, base: dt.date | None, offset: int, forward: bool) -> list[DateHit]:
    """Dates in the sentence; a weekday in a clause about what is to come counts forward from the base."""
    back = dates.find(text, base, offset, forward)
    ahead = dates.find(text, base, offset, True) if not forward else back
    return [
        later if status.looks_ahead(parsed, hit.start - offset, hit.end - offset) else hit
        for hit, later in zip(back, ahead, strict=True)
    ]


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


def _date_of(parsed: Doc, at: int, found: list[DateHit], offset: int) -> DealDate | None:
    hit = _nearest(parsed, at, found, offset)
    return hit.date if hit else None


def _actors(
    candidate: Candidate,
    parsed: Doc,
    actor_hits: list[tuple[int, int, str]],
    deal: list[tuple[int, int]],
) -> tuple[list[tuple[str, str]], set[str]]:
    """The sides, brokers and guarantors a sentence names, each once, and the sides that stand far from the
    deal in the parse: those tell which deal the sentence is about, but are the story around it rather
    than its parties. Where a sentence only refers to the deal ("the deal") a side must be right at it; a
    headline sums up several deals at once, so its sides are left to the body."""
    offset = candidate.span.start
    limit = -1 if candidate.headline else CLOSE_LINK if candidate.kind == "join" else PARTY_LINK
    stages = deal + status.cue_spans(candidate.text)
    typed = [
        (h.value, h.start - offset, h.end - offset) for h in candidate.triggers if h.value in candidate.types
    ]
    found: dict[tuple[str, str], None] = {}
    near: set[str] = set()
    for start, end, name in actor_hits:
        role = roles.role_of(parsed, start - offset, end - offset, deal)
        if role == roles.NONE:
            continue
        found[(name, role)] = None
        if role != "party" or roles.link(parsed, start - offset, end - offset, stages) <= limit:
            near.add(name)
        if typed:
            nearest = min(
                typed, key=lambda t: roles.link(parsed, start - offset, end - offset, [(t[1], t[2])])
            )
            candidate.actor_about.setdefault(name, nearest[0])
    return list(found), {name for name, _ in found} - near
