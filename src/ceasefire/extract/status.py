"""How far a deal has gone, from the words of the sentences that report it.

Cue words (data/status_cues.tsv) vote for a stage, read through the parse as an analyst reads them:
- a cue tied to the deal's own words ("the truce collapsed") counts fully, one elsewhere in the sentence
  less ("Russia failed to pressure the regime to ensure the ceasefire holds");
- modality turns a deed into a proposal ("would be allowed to leave", "ready to urge ... to let them exit",
  "if approved"), and a threat of collapse into nothing ("could derail the talks");
- negation turns a cue around ("denied reaching a deal" is no agreement, "not dead" is in force);
- each vote is placed in time: the past perfect and "previous rounds" come first, then the simple past, then
  the present; a resumption comes last. The deal's status is the latest stage with enough support.
A deal word that names its own stage ("talks", "proposal") speaks only where no other cue does.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from ceasefire.extract.attribution import speech_lemmas
from ceasefire.extract.lexicon import Hit, PhraseTable, _rows
from ceasefire.models import DealDate

# Later stages win when the evidence for them is as strong; collapse ends a deal that was in force.
RANK = {"proposed": 0, "negotiating": 1, "rejected": 2, "agreed": 3, "implemented": 4, "collapsed": 5}
EARLIER, PAST, NOW, AFTER = range(4)
THRESHOLD = 1.0
_MODALS = {"would", "could", "will", "may", "might", "should", "shall", "'ll", "wo", "ca", "must"}
_NEGATIONS = {"not", "n't", "never", "no", "without"}
# Verbs and adjectives whose complement is not (yet) done: "ready to urge", "urged Nusra to leave".
_CONDITIONS = {"if", "unless", "once", "whether"}
_MODIFIERS = ("amod", "compound", "nmod", "poss")
_CLAUSAL = ("xcomp", "ccomp", "advcl", "acomp", "conj", "pcomp", "prep", "pobj")
_VERBAL = ("VERB", "AUX", "ADJ", "ADP")
_EARLIER_WORDS = {"previous", "earlier", "former", "past", "last", "prior", "first", "similar", "other"}
_BACKGROUND = re.compile(r"\b(?:in the past|previously|years ago|in previous)\b", re.I)
_GAP = " ... "
_NEAR, _CLAUSE = 2, 3
_FACTORS = (1.0, 0.6, 0.3)
_IN_FORCE = ("implemented", "collapsed")
# Under "would", "if" or "ready to", a deed is only proposed, and a threat to reject or end a deal is none.
_UNDER_MODALITY = {
    "agreed": "proposed",
    "implemented": "proposed",
    "negotiating": "proposed",
    "proposed": "proposed",
}
# Before a deal is in force, a stage needs a third of the support of the best-supported one to count.
_DOMINANCE = 3.0


@dataclass(frozen=True)
class Vote:
    """One cue's say: a stage, how strongly, and when in the story it happened."""

    status: str
    weight: float
    time: int
    own: bool = False
    at: int = 0
    date: DealDate | None = None
    about: str | None = None


@cache
def cue_table() -> PhraseTable:
    rows = [r for r in _rows(None, "status_cues.tsv") if _GAP not in r["cue"]]
    return PhraseTable(rows, "cue", "status", "weight", kind="when", glue="-")


@cache
def _gapped() -> list[tuple[re.Pattern[str], str, float]]:
    """Cues with a gap ("declared ... over"): up to five words may stand between their parts."""
    found = []
    for row in _rows(None, "status_cues.tsv"):
        if _GAP in row["cue"]:
            parts = [re.escape(p.strip()) for p in row["cue"].split(_GAP)]
            pattern = re.compile(r"\b" + r"(?:\W+\w+){0,5}?\W+".join(parts) + r"\b", re.I)
            found.append((pattern, row["status"], float(row["weight"])))
    return found


@cache
def defaults() -> dict[str, str]:
    return {row["type"]: row["status"] for row in _rows(None, "status_defaults.tsv")}


def _hits(text: str) -> list[Hit]:
    """Cue hits; a gapped cue ("declared ... over") takes the place of the plain ones inside it."""
    gapped = [Hit(m.start(), m.end(), m.group(0), s, w) for p, s, w in _gapped() for m in p.finditer(text)]
    plain = [h for h in cue_table().find(text) if not any(g.start <= h.start < g.end for g in gapped)]
    return plain + gapped


def _token(sentence: Doc, start: int, end: int) -> Token | None:
    span = sentence.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _path(a: Token, b: Token) -> int:
    """Edges between two tokens in the parse tree."""
    up_a = [a, *a.ancestors]
    depth = {t.i: n for n, t in enumerate(up_a)}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in depth:
            return n + depth[t.i]
    return len(up_a) + 10


def _clause(token: Token) -> Token:
    """The verb (or predicate adjective) that heads the cue's clause."""
    steps = 0
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i and steps < 3:
        token, steps = token.head, steps + 1
    return token


def _mood(cue: Token) -> tuple[bool, bool, Token]:
    """(modal, negated, the verb whose tense dates the cue) for a cue's clause.

    A word describing the deal ("the unsuccessful agreement") is read alone. Otherwise modals, conditions
    and verbs of intent above the cue's clause make it a proposal ("ready to urge ... to let them exit");
    negation words make it negated.
    """
    if cue.dep_ in _MODIFIERS:
        return False, any(c.dep_ == "neg" for c in cue.children), cue
    verb = _clause(cue)
    around = [*verb.children, *(c for c in cue.children if c is not verb)]
    words = {c.lower_ for c in around if c.dep_ in ("aux", "auxpass", "neg", "mark", "advmod", "det")}
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    no_one = any(d.lower_ in ("no", "none") for s in subjects for d in [s, *s.children])
    negated = bool(words & _NEGATIONS) or no_one or any(c.dep_ == "neg" for c in around)
    infinitive = verb.dep_ in ("acl", "relcl", "advcl") and any(c.tag_ == "TO" for c in verb.children)
    modal = bool(words & _MODALS) or _conditional(verb) or infinitive or verb is not cue and _intent(verb)
    dated, head = verb, verb
    for _ in range(4):
        if head.dep_ not in _CLAUSAL or head.head.i == head.i or head.head.pos_ not in _VERBAL:
            break
        head = head.head
        if _intent(head):
            modal, dated = True, head
        if any(c.lower_ in _MODALS for c in head.children if c.dep_ == "aux") or _conditional(head):
            modal = True
    return modal, negated, dated


def _conditional(verb: Token) -> bool:
    """Whether "if" or "unless" opens this verb's own clause (the parser may hang it on a nearby word)."""
    for word in verb.subtree:
        if word.lower_ in _CONDITIONS and word.dep_ == "mark":
            between = word.head
            while between.i != verb.i and between.pos_ not in ("VERB", "AUX") and between.head.i != between.i:
                between = between.head
            if between.i == verb.i:
                return True
    return False


def looks_ahead(sentence: Doc, start: int, end: int) -> bool:
    """Whether a phrase (a date) sits in a clause about what is to come ("a truce that would start on
    Monday", "talks will kick off on Tuesday"): its weekdays then count forward."""
    span = sentence.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    verb = _clause(span.root)
    ahead = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")} & _MODALS
    return bool(ahead) or any(_intent(t) for t in [verb, *list(verb.ancestors)[:2]])


@cache
def _intent_words() -> frozenset[str]:
    return frozenset(row["word"] for row in _rows(None, "intent_words.tsv"))


def _intent(token: Token) -> bool:
    words = _intent_words()
    return token.pos_ in ("VERB", "ADJ", "AUX") and (token.lemma_.lower() in words or token.lower_ in words)


def _time(cue: Token, verb: Token, deal: list[Token], when: str) -> int:
    """When a cue's stage happened relative to the others: a participle describing the deal ("a US-brokered
    truce") or "previous rounds" came first; so did the past perfect, unless it is reported speech ("announced
    the truce had expired")."""
    if when == "after":
        return AFTER
    if any(c.lower_ in _EARLIER_WORDS for t in deal for c in t.children if c.dep_ == "amod"):
        return EARLIER
    if _BACKGROUND.search(cue.doc.text):
        return EARLIER
    if cue.dep_ in _MODIFIERS:
        return NOW if cue.tag_ == "JJ" else EARLIER
    if verb.dep_ in ("amod", "acl", "compound"):
        return EARLIER
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if verb.tag_ == "VBN" and "had" in aux:
        return PAST if _reported(verb) else EARLIER
    if verb.tag_ == "VBD" or verb.tag_ == "VBN" and not aux & {"has", "have", "'s", "'ve"}:
        return PAST
    return NOW


def _reported(verb: Token) -> bool:
    return verb.dep_ == "ccomp" and verb.head.lemma_.lower() in speech_lemmas()


def _turned(status: str, modal: bool, negated: bool, phrase: str) -> str | None:
    """The stage a cue speaks for once its grammar is read; None when it says nothing."""
    if negated and not _NEGATIONS & set(phrase.lower().split()):
        return {"agreed": "negotiating", "implemented": "agreed", "collapsed": "implemented"}.get(status)
    if modal:
        return _UNDER_MODALITY.get(status)
    return status


def votes(
    sentence: Doc, deal_spans: list[tuple[int, int]] | None = None, kinds: list[str] | None = None
) -> list[Vote]:
    """Each cue's vote in one parsed sentence; `deal_spans` are the deal words, sentence-relative, and
    `kinds` the deal type of each: a vote is about the type of the deal word nearest it."""
    deal_spans = deal_spans or []
    deal = [t for s, e in deal_spans if (t := _token(sentence, s, e)) is not None]
    typed = [
        (t, k)
        for (s, e), k in zip(deal_spans, kinds or [], strict=False)
        if k and (t := _token(sentence, s, e))
    ]
    found = []
    for hit in _hits(sentence.text):
        cue = _token(sentence, hit.start, hit.end)
        if (
            cue is None
            or cue.lemma_.lower() in speech_lemmas()
            and any(c.dep_ == "ccomp" for c in cue.children)
        ):
            continue
        own = cue.pos_ in ("NOUN", "PROPN") and any(s < hit.end and hit.start < e for s, e in deal_spans)
        distance = min((_path(cue, t) for t in deal), default=_CLAUSE)
        factor = (
            _FACTORS[0] if own or distance <= _NEAR else _FACTORS[1] if distance <= _CLAUSE else _FACTORS[2]
        )
        modal, negated, dated = _mood(cue)
        status = _turned(hit.value, modal, negated, hit.phrase)
        if status is not None:
            time = EARLIER if own else _time(cue, dated, deal, hit.kind)
            about = min(typed, key=lambda item: _path(cue, item[0]))[1] if typed else None
            found.append(Vote(status, hit.weight * factor, time, own, hit.start, about=about))
    return found


def decide(sentences: list[list[Vote]], default: str = "agreed") -> str:
    """The stage a mention's sentences support, read as a story.

    Stages told only as background (past perfect, "previous rounds") give way to the story's own. Once a
    deal is in force, whether it still holds or has collapsed is a matter of time: the latest wins. Before
    that, the furthest stage reached wins, unless it is a passing word against a stage the article dwells
    on (an offer refused again and again is rejected); a call to keep a truce is no new proposal.
    """
    total: dict[str, float] = defaultdict(float)
    latest: dict[str, int] = defaultdict(int)
    for found in sentences:
        said = [v for v in found if not v.own] or found
        for vote in said:
            total[vote.status] += vote.weight
            latest[vote.status] = max(latest[vote.status], vote.time)
    if not total:
        return default
    strong = [s for s in total if total[s] >= THRESHOLD]
    if not strong:
        return max(total, key=lambda s: (total[s], latest[s], RANK[s]))
    story = [s for s in strong if latest[s] > EARLIER] or strong
    ended = [s for s in story if s in _IN_FORCE]
    if ended:
        return max(ended, key=lambda s: (latest[s], RANK[s]))
    most = max(total[s] for s in story)
    return max((s for s in story if total[s] * _DOMINANCE >= most), key=lambda s: RANK[s])


def cue_spans(text: str) -> list[tuple[int, int]]:
    """Where a sentence's stage words stand ("agreed", "evacuated", "discuss"): sides hang on them too."""
    return [(hit.start, hit.end) for hit in _hits(text)]


def negotiates(text: str) -> bool:
    """Whether a sentence speaks of negotiating, whatever its grammar ("trying to negotiate a surrender")."""
    return any(hit.value == "negotiating" for hit in _hits(text))


def tally(found: list[Vote]) -> dict[str, float]:
    """Weight per stage, for a quick look at what a sentence says."""
    sums: dict[str, float] = defaultdict(float)
    for vote in found:
        sums[vote.status] += vote.weight
    return dict(sums)
