"""Actor roles read from the dependency parse: who brokers, who guarantees, who gives or gets.

Word distance confuses "Russia, which backs the regime, brokered..." with its neighbours; the parse does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from ceasefire.extract.lexicon import _rows


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


def _first_conjunct(token: Token) -> Token:
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _verb_role(token: Token) -> str | None:
    """The role a governing verb gives: subject of "brokered", or agent in "brokered by"."""
    verbs = cues().verbs
    head = _first_conjunct(token)
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_.lower() in verbs:
        return verbs[head.head.lemma_.lower()] if head.dep_ == "nsubj" else None
    if head.dep_ == "pobj" and head.head.lower_ == "by":
        verb = head.head.head
        return verbs.get(verb.lemma_.lower()) or cues().prefixes.get(verb.lower_)
    if head.dep_ == "poss" and head.head.lower_ in cues().nouns:
        return cues().nouns[head.head.lower_]
    return None


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
