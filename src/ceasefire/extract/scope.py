"""Which names a deal's sentence sets outside the deal, read from the dependency parse.

Reports name groups a deal leaves out ("the truce does not apply to ISIS", "the deal excludes al-Nusra
Front", data/exclusion_cues.tsv) and groups doing something else beside it ("the two sides have kept a truce
while the Islamic State group threatens the province", data/aside_marks.tsv). Neither is a side of the deal,
however close to its words they stand.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from ceasefire.extract.lexicon import _rows

EXCLUDE, NEGATED, EXCEPT = "exclude", "negated", "except"
# The branches of an excluding verb that hold what it leaves out: "excludes X", "X was excluded",
# "does not apply to X", "does not cover X".
_LEFT_OUT = ("dobj", "nsubjpass", "dative")
_LEFT_OUT_PREPS = ("to",)
# Words that say of their subject what the copula says of it: "X is not part of", "X is exempt from".
_PREDICATES = ("attr", "acomp")
_SUBJECTS = ("nsubj", "nsubjpass")


@cache
def _cues() -> dict[str, str]:
    return {row["cue"].lower(): row["kind"] for row in _rows(None, "exclusion_cues.tsv")}


@cache
def _marks() -> frozenset[str]:
    return frozenset(row["mark"].lower() for row in _rows(None, "aside_marks.tsv"))


@dataclass(frozen=True)
class Outside:
    """What one sentence sets outside its deal: the words it leaves out, and the deal's words (with its
    stage words) that a clause beside the deal lacks."""

    left_out: frozenset[int]
    words: list[Token]

    @classmethod
    def read(cls, sentence: Doc, deal: list[tuple[int, int]], stages: list[tuple[int, int]]) -> Outside:
        return cls(frozenset(excluded(sentence, _tokens(sentence, deal))), _tokens(sentence, stages))

    def excluded(self, name: Span | None) -> bool:
        return name is not None and len(name) > 0 and name.root.i in self.left_out

    def aside(self, name: Span | None) -> bool:
        return name is not None and len(name) > 0 and aside(name.root, self.words)


def _tokens(sentence: Doc, spans: list[tuple[int, int]]) -> list[Token]:
    """The words of a sentence at sentence-relative character offsets."""
    found = [sentence.char_span(s, e, alignment_mode="expand") for s, e in spans]
    return [t for span in found if span is not None for t in span]


def excluded(sentence: Doc, deal: list[Token]) -> set[int]:
    """The indices of the words a sentence sets outside a deal; a branch holding a deal word is never left
    out ("the truce was not applied to Daraya" leaves out Daraya, not the truce)."""
    found: set[int] = set()
    for token in sentence:
        kind = _cues().get(token.lower_) or _cues().get(token.lemma_.lower())
        if kind is None:
            continue
        for branch in _branches(token, kind):
            words = {t.i for t in branch.subtree}
            if not any(d.i in words for d in deal):
                found |= words
    return found


def _branches(cue: Token, kind: str) -> list[Token]:
    """The parts of a clause an exclusion cue leaves out: the object of "except", the object of an
    excluding verb ("excludes X", "does not apply to X"), or the subject of an excluding predicate ("X was
    excluded", "X is not part of the deal")."""
    if kind == EXCEPT:
        return list(cue.children)
    predicate = cue.dep_ in _PREDICATES
    verb = cue.head if predicate else cue
    if kind == NEGATED and not any(c.dep_ == "neg" for t in (cue, verb) for c in t.children):
        return []
    if predicate:
        return [c for c in verb.children if c.dep_ in _SUBJECTS]
    return [
        c for c in verb.children if c.dep_ in _LEFT_OUT or c.dep_ == "prep" and c.lower_ in _LEFT_OUT_PREPS
    ]


def aside(name: Token, deal: list[Token]) -> bool:
    """Whether a name sits in a clause beside the deal ("while ...", "as ...") that holds none of its
    words: the story around the deal, not a side of it."""
    for clause in name.ancestors:
        if clause.dep_ != "advcl" or not any(
            c.dep_ == "mark" and c.lower_ in _marks() for c in clause.children
        ):
            continue
        words = {t.i for t in clause.subtree}
        if not any(d.i in words for d in deal):
            return True
    return False
