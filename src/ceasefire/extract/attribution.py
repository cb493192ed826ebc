"""Who a passage is credited to: "told AFP", "according to local sources", "Lavrov said".

Outlets contradict each other, so the analyst needs the voice behind every field, not just the outlet.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Span, Token

from ceasefire.extract.lexicon import _rows

_ACCORDING = re.compile(r"\baccording to (?P<who>[^,.;:\"“”]{2,80})", re.I)
_TOLD = re.compile(r"\btold (?P<outlet>[A-Z][\w.]*(?: [A-Z][\w.]*){0,3})")
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "this", "that"}
_MAX_SOURCE = 90


@cache
def speech_lemmas() -> frozenset[str]:
    return frozenset(row["lemma"] for row in _rows(None, "speech_verbs.tsv"))


def _subject(verb: Token) -> Span | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return verb.doc[child.left_edge.i : child.right_edge.i + 1]
    return None


def _trim(text: str) -> str:
    text = " ".join(text.split()).strip(" ,\"“”'")
    return text if len(text) <= _MAX_SOURCE else text[:_MAX_SOURCE].rsplit(" ", 1)[0] + "…"


def credit(sentence: Doc) -> tuple[str | None, bool]:
    """The credited voice of a parsed sentence, and whether it is only a pronoun to resolve."""
    text = sentence.text
    if match := _ACCORDING.search(text):
        return _trim(match.group("who")), False
    for token in sentence:
        if token.pos_ == "VERB" and token.lemma_ in speech_lemmas():
            subject = _subject(token)
            if subject is None:
                continue
            who = _trim(subject.text)
            if who.lower() in _PRONOUNS:
                return None, True
            told = _TOLD.search(text, token.idx)
            outlet = told.group("outlet").rstrip(".") if told else ""
            return (f"{who} (told {outlet})" if told and token.lemma_ == "tell" else who), False
    return None, False
