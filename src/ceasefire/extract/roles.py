"""Actor roles read from the dependency parse: who brokers, who guarantees, who gives or gets.

Word distance confuses "Russia, which backs the regime, brokered..." with its neighbours; the parse does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from ceasefire.extract.lexicon import _rows


_MAX_CLIMB = 5


@dataclass(frozen=True)
class RoleCues:
    verbs: dict[str, str]
    prefixes: dict[str, str]
    nouns: dict[str, str]


@cache
def cues() -> RoleCues:
    rows = _rows(None, "role_cues.tsv")
    table: dict[str, dict[str, str]] = {"verb": {}, "prefix": {}, "noun": {}}
    for row in rows:
        table[row["kind"]][row["cue"].lower()] = row["role"]
    return RoleCues(table["verb"], table["prefix"], table["noun"])


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
    "established by Turkey, Russia and Iran to monitor the ceasefire")."""
    verbs = cues().verbs
    if verb.lemma_.lower() in verbs:
        return verbs[verb.lemma_.lower()]
    purposes = [c for c in verb.children if c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in verbs]
    return verbs[purposes[0].lemma_.lower()] if purposes else None


def _verb_role(token: Token) -> str | None:
    """The role a governing verb gives: subject of "brokered", or agent in "brokered by"."""
    head = _phrase_head(token)
    if head.dep_ == "nsubj":
        return _governed(head.head)
    if head.dep_ == "pobj" and head.head.lower_ == "by":
        verb = head.head.head
        return _governed(verb) or cues().prefixes.get(verb.lower_)
    if head.dep_ == "poss" and head.head.lower_ in cues().nouns:
        return cues().nouns[head.head.lower_]
    return None


def link(sentence: Doc, start: int, end: int, deal: list[tuple[int, int]]) -> int:
    """Edges in the parse between a name and the nearest deal word: how closely it takes part in the deal."""
    span = sentence.char_span(start, end, alignment_mode="expand")
    words = [w for s, e in deal if (w := sentence.char_span(s, e, alignment_mode="expand")) is not None]
    if span is None or not len(span) or not words:
        return 0
    return min(_path(span.root, w.root) for w in words if len(w))


def _path(a: Token, b: Token) -> int:
    up = {t.i: n for n, t in enumerate([a, *a.ancestors])}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in up:
            return n + up[t.i]
    return len(up) + _MAX_CLIMB


def _prefix_role(text: str, end: int) -> str | None:
    """ "Russian-brokered", "US-Russia brokered", "UN-backed": the word right after the name."""
    match = re.match(r"^(?:[\s-]+(?:and\s+)?[A-Z][\w.]*)?[\s-]+(\w+)", text[end : end + 40])
    return cues().prefixes.get(match.group(1).lower()) if match else None


def _noun_role(sentence: Doc, start: int, end: int) -> str | None:
    """ "guarantor states Russia, Turkey and Iran", "under Russian protection", "UN envoy"."""
    window = sentence.text[max(0, start - 30) : end + 25].lower()
    for noun, role in cues().nouns.items():
        if re.search(rf"\b{re.escape(noun)}\b", window):
            return role
    return None


def role_of(sentence: Doc, start: int, end: int) -> str:
    """The role of the actor named at sentence-relative offsets [start, end)."""
    span = sentence.char_span(start, end, alignment_mode="expand")
    if span is not None:
        role = _verb_role(span.root)
        if role:
            return role
    return _prefix_role(sentence.text, end) or _noun_role(sentence, start, end) or "party"
