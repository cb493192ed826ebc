"""What the parse says about a sentence's deal words: whether they name a deal at all, which kinds, and
whether one sentence tells two deals.

A deal word that only describes ("surrendering rebels", "a medical supplies company"), speaks of deals in
general ("several attempts at securing a truce") or is only what talks are about ("set to discuss the
release of prisoners") names no deal of its own. Word lists live in data/generic_cues.tsv,
data/talk_words.tsv and data/medical_cues.tsv; words of reach in data/scope_cues.tsv, words that
introduce terms in data/term_cues.tsv.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import combinations

from spacy.tokens import Doc, Token

from ceasefire.extract import roles
from ceasefire.extract.lexicon import Hit, PhraseTable, _rows, alternation

_GENERIC_REACH = 4
_MEANS = frozenset({"after", "following", "during", "at", "through", "via"})
_MANY = frozenset(
    {"several", "many", "numerous", "repeated", "multiple", "previous", "past", "countless", "various"}
)
_FRESH = frozenset({"a", "an", "another", "new", "second", "separate", "fresh"})
# Deal words of two types this far apart in the parse may tell two deals.
APART = 4
# A word of scope this close in the parse to a deal word sets the deal's reach ("a nationwide cease-fire").
SCOPE_LINK = 3


@cache
def _generic_lemmas() -> frozenset[str]:
    return frozenset(row["lemma"] for row in _rows(None, "generic_cues.tsv"))


def _anchor_tokens(parsed: Doc, hits: list[Hit], offset: int) -> list[Token]:
    spans = [(h.start - offset, h.end - offset) for h in hits if h.kind in ("strong", "weak")]
    found = [parsed.char_span(s, e, alignment_mode="expand") for s, e in spans]
    return [span.root for span in found if span is not None and len(span)]


def kept_types(parsed: Doc, hits: list[Hit], types: set[str], offset: int) -> set[str]:
    """A deal word that only describes people ("surrendering rebels") or a thing ("a medical supplies
    company") is no deal, nor an evacuation to hospital outside a siege; talks a deal of another
    kind came out of are how it was reached ("after marathon talks in Geneva ... a ceasefire would begin"),
    not a deal of their own."""
    described, means = set(), set()
    for hit in hits:
        span = parsed.char_span(hit.start - offset, hit.end - offset, alignment_mode="expand")
        if hit.kind not in ("strong", "weak") or span is None or not len(span):
            continue
        if len(span) == 1 and _describes(span.root) or hit.kind == "weak" and span.root.dep_ == "compound":
            described.add(hit.value)
        if hit.value == "evacuation" and _medical(span.root):
            described.add(hit.value)
        if span.root.head.pos_ == "ADP" and span.root.head.lower_ in _MEANS:
            means.add(hit.value)
    kept = {h.value for h in hits if h.kind in ("strong", "weak") and h.value not in described}
    found = (types & kept) or types
    if found - {"political_process"} and "political_process" in means:
        found -= {"political_process"}
    return found


def clauses(parsed: Doc, hits: list[Hit], types: set[str], offset: int) -> list[set[str]]:
    """The deal types of a sentence, split when they sit in two coordinate clauses each with its own subject
    ("peace talks were brokered by the UN in February ... but long-lasting ceasefires have not held"): each
    tells a deal; "Daraya, which was evacuated ... and surrendered" tells one."""
    by_verb: dict[int, set[str]] = {}
    for hit in hits:
        span = parsed.char_span(hit.start - offset, hit.end - offset, alignment_mode="expand")
        if hit.value in types and span is not None and len(span):
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
    own_subjects = all(any(c.dep_ in ("nsubj", "nsubjpass") for c in parsed[k].children) for k in (i, j))
    return [first, second] if coordinate and own_subjects and not first & second else []


def apart(parsed: Doc, hits: list[Hit], types: set[str], offset: int) -> set[frozenset[str]]:
    """Pairs of deal types whose words stand far apart in the parse: maybe two deals in one sentence ("the
    unsuccessful Kerry-Lavrov agreement ... eastern Aleppo, which must be surrendered"), unlike "Daraya,
    which was evacuated and surrendered"."""
    words: dict[str, list[Token]] = {}
    for hit in hits:
        span = parsed.char_span(hit.start - offset, hit.end - offset, alignment_mode="expand")
        if hit.value in types and span is not None and len(span):
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


def generic(parsed: Doc, hits: list[Hit], offset: int) -> bool:
    """Whether every deal word speaks of deals in general: "several attempts at securing a truce"."""
    tokens = _anchor_tokens(parsed, hits, offset)
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


def talked_about(parsed: Doc, hits: list[Hit], offset: int) -> bool:
    """Whether every deal word of a sentence is only what talks are about ("set to discuss the release of
    prisoners", "negotiations for a truce")."""
    anchors = [h for h in hits if h.kind in ("strong", "weak")]
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


def fresh(parsed: Doc, hits: list[Hit], offset: int) -> bool:
    """Whether a deal word introduces a deal not told before ("a deal is being negotiated for a truce in
    Waer", "a second deal"): it starts its own deal rather than joining one of another kind."""
    for token in _anchor_tokens(parsed, hits, offset):
        marks = {c.lower_ for c in token.children if c.dep_ in ("det", "amod")}
        if marks & _FRESH:
            return True
    return False


@cache
def _scope_table() -> PhraseTable:
    return PhraseTable(_rows(None, "scope_cues.tsv"), "phrase", "phrase")


def names_whole_country(text: str) -> bool:
    """Whether a passage speaks of the whole country anywhere, tied to its deal words or not."""
    return bool(_scope_table().find(text))


@cache
def _terms_pattern() -> re.Pattern[str]:
    cues = [row["phrase"] for row in _rows(None, "term_cues.tsv")]
    return re.compile(rf"\b(?:{alternation(cues)})\b[^.;]*", re.I)


def stated_terms(text: str) -> list[str]:
    """Terms stated in a passage: from a phrase that introduces them to the end of the clause ("in
    exchange for a halt to the shelling")."""
    return [m.group(0).strip() for m in _terms_pattern().finditer(text)]


def nationwide(parsed: Doc, hits: list[Hit], offset: int) -> bool:
    """Whether a deal word is said to cover the whole country ("announced a deal that would establish a
    nationwide cease-fire", "a truce across Syria"); talks are not deals with a reach."""
    deal = [h for h in hits if h.value != "political_process"]
    anchors = _anchor_tokens(parsed, deal, offset)
    for hit in _scope_table().find(parsed.text):
        span = parsed.char_span(hit.start, hit.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        if any(roles.link_tokens(span.root, a) <= SCOPE_LINK for a in anchors):
            return True
    return False
