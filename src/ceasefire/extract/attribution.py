"""Who a passage is credited to: "told AFP", "according to local sources", "Lavrov said".

Outlets contradict each other, so the analyst needs the voice behind every field, not just the outlet. A
claim reported at second hand ("they said the regime has spread rumors that the areas accepted it") is
credited to the one who makes it, via the one who reports it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from ceasefire.extract.lexicon import _rows

_ACCORDING = re.compile(r"\baccording to (?P<who>[^,.;:\"“”]{2,80})", re.I)
_TOLD = re.compile(r"\btold (?P<outlet>[A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,3})")
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "this", "that", "who", "which"}
_RELATIVE = {"that", "who", "which", "whom"}
_MAX_SOURCE = 90


class Credit(NamedTuple):
    """The voice of a sentence: who says it (None with `pronoun` when only a pronoun names them), and who
    makes the claim they report, when that is someone else."""

    who: str | None
    pronoun: bool = False
    claimant: str | None = None


@cache
def speech_lemmas() -> frozenset[str]:
    return frozenset(row["lemma"] for row in _rows(None, "speech_verbs.tsv"))


@cache
def _claim_nouns() -> frozenset[str]:
    return frozenset(row["noun"] for row in _rows(None, "claim_nouns.tsv"))


def _subject(verb: Token) -> Span | None:
    """The subject phrase of a verb; a relative pronoun stands for the noun it follows ("the sources that
    spoke with Al-Souria Net")."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                head = verb.head
                return verb.doc[head.left_edge.i : head.i + 1]
            return verb.doc[child.left_edge.i : child.right_edge.i + 1]
    return None


def _trim(text: str) -> str:
    """The speaker's words, without the tail of a quote the parser ran into the subject."""
    text = " ".join(text.split()).strip(" ,\"“”'")
    for quote in ('"', "”"):
        if quote in text and (after := text.rsplit(quote, 1)[1].strip(" ,")):
            text = after
    return text if len(text) <= _MAX_SOURCE else text[:_MAX_SOURCE].rsplit(" ", 1)[0] + "…"


def _named(phrase: Span | None) -> str | None:
    if phrase is None:
        return None
    who = _trim(phrase.text)
    return None if who.lower() in _PRONOUNS else who


def _claimant(verb: Token) -> str | None:
    """Someone else whose claim a speaker reports: the subject of a speech verb, or of spreading a claim
    ("has spread rumors that"), inside what the speaker says; "the end was announced" names no one."""
    said = [t for c in verb.children if c.dep_ == "ccomp" for t in c.subtree]
    for token in said:
        if token.pos_ == "VERB" and token.lemma_ in speech_lemmas():
            return _named(_active_subject(token))
        if token.pos_ == "NOUN" and token.lemma_.lower() in _claim_nouns() and token.dep_ == "dobj":
            return _named(_active_subject(token.head))
    return None


def _active_subject(verb: Token) -> Span | None:
    if any(c.dep_ == "nsubj" for c in verb.children):
        return _subject(verb)
    return None


def credit(sentence: Doc) -> Credit:
    """The credited voice of a parsed sentence."""
    text = sentence.text
    if match := _ACCORDING.search(text):
        return Credit(_trim(match.group("who")))
    for token in sentence:
        if token.pos_ == "VERB" and token.lemma_ in speech_lemmas():
            subject = _subject(token)
            if subject is None:
                continue
            claimant = _claimant(token)
            who = _named(subject)
            if who is None:
                return Credit(None, True, claimant)
            told = _TOLD.search(text, token.idx)
            outlet = told.group("outlet").rstrip(".") if told else ""
            return Credit(
                f"{who} (told {outlet})" if told and token.lemma_ == "tell" else who, False, claimant
            )
    return Credit(None)


def voiced(who: str | None, claimant: str | None) -> str | None:
    """The credit line of a passage: the claimant, via the one who reports the claim."""
    if claimant and who:
        return f"{claimant} (via {who})"
    return claimant or who
