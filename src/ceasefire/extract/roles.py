"""Actor roles read from the dependency parse: who brokers, who guarantees, who gives or gets.

Word distance confuses "Russia, which backs the regime, brokered..." with its neighbours; the parse does not.
The cue words live in data/role_cues.tsv:
- a verb gives a role to its doer: the subject of "brokered", the agent of "brokered by", or the doer of a
  verb whose purpose is one ("worked to facilitate the deals");
- a word right after a name gives it a role when it qualifies the deal ("UN-backed negotiations"); when it
  qualifies another side ("Turkey-backed rebels") the name is that side's patron, not a side of the deal;
- a noun gives a role to the names it governs ("UN envoy", "Russia's mediation", "under Russian
  protection", "operated as guarantors", "guarantor states Russia, Turkey and Iran");
- a name that only qualifies a place or another party ("rebel-held", "regime ally Iran") is no side at all;
- those who make a deal between others ("Russia and Turkey agreed a truce between the regime and the
  rebels") broker it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from ceasefire.extract.lexicon import _rows

_MAX_CLIMB = 5
# A role noun governs a name only from close by; the parser hangs far-off names on it by mistake.
_NEAR_NOUN = 3
# The role of a name that is not a side of the deal; its mention is dropped.
NONE = "none"
_KINDS = ("verb", "prefix", "noun", "qualifier")


@dataclass(frozen=True)
class RoleCues:
    verbs: dict[str, str]
    prefixes: dict[str, str]
    nouns: dict[str, str]
    qualifiers: frozenset[str]


@cache
def cues() -> RoleCues:
    table: dict[str, dict[str, str]] = {kind: {} for kind in _KINDS}
    for row in _rows(None, "role_cues.tsv"):
        table[row["kind"]][row["cue"].lower()] = row["role"]
    return RoleCues(table["verb"], table["prefix"], table["noun"], frozenset(table["qualifier"]))


def _phrase_head(token: Token) -> Token:
    """The head of the noun phrase a name sits in: "Russia fellow regime ally Iran and rebel-backer Turkey
    have hosted" reads, without its commas, as names hung on "ally"."""
    for _ in range(_MAX_CLIMB):
        if token.dep_ not in ("compound", "appos", "conj", "flat") or token.head.i == token.i:
            break
        token = token.head
    return token


def _governed(verb: Token) -> str | None:
    """The role a verb gives its doer, or the verb of its purpose gives ("worked to facilitate the deals",
    "established by Turkey, Russia and Iran to monitor the ceasefire"); a condition ("if all sides
    guaranteed its safety") gives none."""
    verbs = cues().verbs
    lemma = verb.lemma_.lower()
    phrasal = [f"{lemma} {c.lower_}" for c in verb.children if c.dep_ in ("prep", "prt")]
    for form in (*phrasal, lemma):
        if form in verbs:
            return verbs[form]
    purposes = [c for c in verb.children if c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in verbs]
    purposes = [c for c in purposes if c.dep_ == "xcomp" or any(a.tag_ == "TO" for a in c.children)]
    return verbs[purposes[0].lemma_.lower()] if purposes else None


def _verb_role(head: Token) -> str | None:
    """The role a governing verb gives: subject of "brokered", or agent in "brokered by"."""
    if head.dep_ == "nsubj":
        return _governed(head.head)
    if head.dep_ == "pobj" and head.head.lower_ == "by":
        return _governed(head.head.head) or cues().prefixes.get(head.head.head.lower_)
    return None


def _for_others(head: Token, deal: list[Span]) -> str | None:
    """ "Russia, Iran and Turkey agreed a ceasefire between the regime and the rebels": those who make a deal
    between others broker it, whatever their verb."""
    if head.dep_ == "nsubj":
        verb = head.head
    elif head.dep_ == "pobj" and head.head.lower_ == "by":
        verb = head.head.head
    else:
        return None
    for word in (w.root for w in deal):
        tied = word.head == verb or word.head.dep_ == "prep" and word.head.head == verb
        if tied and any(
            c.lower_ == "between" and any(g.dep_ == "pobj" for g in c.children) for c in word.children
        ):
            return "mediator"
    return None


def _noun_role(root: Token, head: Token) -> str | None:
    """A role noun governing the name: "UN envoy", "Russia's mediation", "auspices of the UN", "acted as
    guarantors", "guarantor states Russia, Turkey and Iran"."""
    nouns = cues().nouns
    candidates = [root]
    if root.dep_ in ("compound", "poss", "amod", "nmod", "appos") and abs(root.i - root.head.i) <= _NEAR_NOUN:
        candidates.append(root.head)
    if head.dep_ == "pobj" and head.head.lower_ == "of":
        candidates.append(head.head.head)
    if head.dep_ == "nsubj":
        candidates += [
            g for p in head.head.children if p.lower_ == "as" for g in p.children if g.dep_ == "pobj"
        ]
    for word in candidates:
        for form in (word.lower_, word.lemma_.lower()):
            if form in nouns:
                return nouns[form]
        compounds = " ".join([*(c.lower_ for c in word.children if c.dep_ == "compound"), word.lower_])
        if compounds in nouns:
            return nouns[compounds]
    return None


def _prefix_role(sentence: Doc, span: Span, deal: list[Span]) -> str | None:
    """ "Russian-brokered truce", "UN-backed talks", "US-Russian brokered truce": a role when the word
    qualifies the deal; "Turkey-backed
    rebels": the name is a patron, no side; "rebel-held areas": a place, no side."""
    after = sentence[span.end : span.end + 4]
    words = [t for t in after if t.text not in ("-", "–")]
    if len(words) > 1 and words[0].text[:1].isupper() and words[1].lower_ in cues().prefixes:
        words = words[1:]
    if not words:
        return None
    word = words[0]
    if word.lower_ in cues().qualifiers:
        return NONE
    role = cues().prefixes.get(word.lower_)
    if role is None:
        return None
    target = word.head
    return role if any(w.start <= target.i < w.end for w in deal) or not deal else NONE


def role_of(sentence: Doc, start: int, end: int, deal: list[tuple[int, int]] | None = None) -> str:
    """The role of the actor named at sentence-relative offsets [start, end); NONE when it is no side."""
    span = sentence.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return "party"
    deal_words = [w for s, e in deal or [] if (w := sentence.char_span(s, e, alignment_mode="expand"))]
    root, head = span.root, _phrase_head(span.root)
    if root.dep_ in ("compound", "amod") and root.head.lower_ in cues().qualifiers:
        return NONE
    return (
        _verb_role(head)
        or _prefix_role(sentence, span, deal_words)
        or _noun_role(root, head)
        or _for_others(head, deal_words)
        or "party"
    )


def link(sentence: Doc, start: int, end: int, deal: list[tuple[int, int]]) -> int:
    """Edges in the parse between a name and the nearest deal word: how closely it takes part in the deal."""
    span = sentence.char_span(start, end, alignment_mode="expand")
    words = [w for s, e in deal if (w := sentence.char_span(s, e, alignment_mode="expand")) is not None]
    if span is None or not len(span) or not words:
        return 0
    return min(_path(span.root, w.root) for w in words if len(w))


def link_tokens(a: Token, b: Token) -> int:
    """Edges in the parse between two words."""
    return _path(a, b)


def _path(a: Token, b: Token) -> int:
    up = {t.i: n for n, t in enumerate([a, *a.ancestors])}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in up:
            return n + up[t.i]
    return len(up) + _MAX_CLIMB
