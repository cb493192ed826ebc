"""Name folding and word-boundary matching, shared by the gazetteer and the actor lexicon.

Both look for many thousands of names in running text. The text is cut into words, each word folded
(case, diacritics, apostrophes, Arabic articles), and the folded words joined by single spaces; every
name is folded the same way and wrapped in spaces, so one Aho-Corasick pass finds only matches that start
and end on a word, and each match maps back to exact offsets in the original text.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from importlib import resources
from typing import Generic, TypeVar

import ahocorasick

T = TypeVar("T")

# Dotted acronyms ("U.N.", "U.S.") stay one word so they fold like "UN" and "US"; a word may carry
# apostrophes inside it ("Dara'a", "Hay'at"), which folding drops.
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:['’ʼʻ`´][^\W_]+)*")
_DROPPED = str.maketrans("", "", "'’‘ʼʻʿʾ`´.")
_ATTACHING = frozenset("-‐‑–'’ʼ`")
_BREAKS = frozenset('.,;:!?()[]{}"“”|/\n')
# Transliterations of the Arabic article al-; folded to "al" so "Deir ez-Zor" meets "Deir al-Zor".
ARTICLES = frozenset(
    {
        "al",
        "el",
        "ar",
        "as",
        "ash",
        "ad",
        "adh",
        "at",
        "ath",
        "az",
        "an",
        "ez",
        "es",
        "ed",
        "en",
        "er",
        "et",
        "ul",
    }
)
# In running text only these are always articles; the others are English words ("at", "an", "as")
# unless a hyphen or apostrophe ties them to the next word ("as-Suwayda").
_ALWAYS_ARTICLES = frozenset({"al", "el"})
_LEADING = ("al ", "the ")
SHORT_ACRONYM = 3
# "Iss" is not "I's": a possessive written without its apostrophe is read only on longer words.
MIN_POSSESSIVE = 4


class Case(IntEnum):
    """How a name must be written in the text to count, judged from how the data file writes it."""

    ANY = 0  # written in lower case ("rebels", "the south"): any case matches
    ACRONYM = 1  # a long acronym ("ISIS"): needs a capital ("Isis" is a house style)
    CAPITALISED = 2  # a name ("Aleppo"): needs a capital, and a short word in capitals is an acronym instead
    UPPER = 3  # a short acronym ("IS", "US", "UN"): the text must write it in capitals


def fold_word(word: str) -> str:
    """Case, diacritics and apostrophes folded away, so spellings differ only where letters do."""
    word = word.casefold()
    if not word.isascii():
        # NFKD turns a spacing accent ("´") into a space and a mark; a space inside a word breaks matching.
        decomposed = unicodedata.normalize("NFKD", word)
        word = "".join(c for c in decomposed if not unicodedata.combining(c) and not c.isspace())
    return word.translate(_DROPPED)


def words(text: str) -> Iterable[tuple[int, int]]:
    """The offsets of each word, with a trailing possessive "'s" left outside it."""
    for match in _WORD.finditer(text):
        start, end = match.span()
        if end - start > 2 and text[end - 2] in "'’" and text[end - 1] in "sS":
            end -= 2
        yield start, end


def fold(name: str) -> str:
    """A name's folded form: folded words joined by spaces, every article written "al"."""
    folded = (fold_word(name[s:e]) for s, e in words(name))
    return " ".join("al" if w in ARTICLES else w for w in folded if w)


def key(name: str) -> str:
    """The folded form without a leading article or "the", the form names are indexed under."""
    return unlead(fold(name))


def unlead(folded: str) -> str:
    """A folded name without its leading article or "the"."""
    for lead in _LEADING:
        if folded.startswith(lead):
            return folded[len(lead) :]
    return folded


def case_of(name: str) -> Case:
    """The case rule a written name asks for."""
    letters = [c for c in name if c.isalpha()]
    if not any(c.isupper() for c in letters):
        return Case.ANY
    if not all(c.isupper() for c in letters):
        return Case.CAPITALISED
    return Case.UPPER if len(letters) <= SHORT_ACRONYM else Case.ACRONYM


def _written_as(surface: str, case: Case) -> bool:
    letters = [c for c in surface if c.isalpha()]
    if case is Case.ANY:
        return True
    if case is Case.UPPER:
        return all(c.isupper() for c in letters)
    if not any(c.isupper() for c in letters):
        return False
    # "SANA" (the agency) is not "Sana" (the town)
    return case is Case.ACRONYM or len(letters) > SHORT_ACRONYM + 1 or not all(c.isupper() for c in letters)


def _one_phrase(surface: str) -> bool:
    """No sentence or list break inside a match: "Syria. East" is not "Syria's east"."""
    return _BREAKS.isdisjoint(_WORD.sub("", surface))


def read_tsv(text: str) -> list[dict[str, str]]:
    """Rows of an analyst-edited table: tab-separated, a header line, "#" lines are comments."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [
        {k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(lines, delimiter="\t")
    ]


def packaged_text(name: str) -> str:
    """A data file shipped in ceasefire/data."""
    return resources.files("ceasefire").joinpath("data", name).read_text("utf-8")


@dataclass(frozen=True)
class _Folded:
    """A text as a stream of folded words, and where each word sits in the original."""

    stream: str
    spans: list[tuple[int, int]]
    starts: dict[int, int]
    ends: dict[int, int]


def _fold_text(text: str, possessive: Callable[[str, str], str] | None = None) -> _Folded:
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    position = 1
    for start, end in words(text):
        word = fold_word(text[start:end])
        if not word:
            continue
        if word in ARTICLES and (word in _ALWAYS_ARTICLES or text[end : end + 1] in _ATTACHING):
            word = "al"
        elif possessive is not None:
            word = possessive(word, text[start:end])
        starts[position - 1] = len(spans)
        ends[position + len(word)] = len(spans)
        spans.append((start, end))
        parts.append(word)
        position += len(word) + 1
    return _Folded(" " + " ".join(parts) + " ", spans, starts, ends)


@dataclass(frozen=True)
class Match(Generic[T]):
    start: int
    end: int
    value: T


class NameMatcher(Generic[T]):
    """Finds folded names in text on word boundaries, longest match first, with exact offsets.

    Some sources drop apostrophes ("Assads government", "Aleppos outskirts"): a capitalised word that is no
    name's word but, without its final "s", begins one is read as that possessive. `keep` lists words that
    only look like such possessives ("Hamas" is not "Hama's").
    """

    def __init__(self, names: Mapping[str, tuple[T, Case]], keep: Iterable[str] = ()) -> None:
        self._automaton = ahocorasick.Automaton()
        self._words: set[str] = set(keep)
        self._stems: set[str] = set()
        for name, (value, case) in names.items():
            if name:
                self._automaton.add_word(f" {name} ", (len(name) + 2, value, case))
                self._words.update(name.split())
                if case is not Case.ANY:
                    self._stems.add(name.split()[0])
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Match[T]]:
        """Non-overlapping matches in text order; where matches overlap the longest wins."""
        if self._empty:
            return []
        folded = _fold_text(text, self._possessive)
        candidates: list[tuple[int, int, int, T]] = []
        for last, (length, value, case) in self._automaton.iter(folded.stream):
            first_word = folded.starts[last - length + 1]
            last_word = folded.ends[last]
            start, end = folded.spans[first_word][0], folded.spans[last_word][1]
            surface = text[start:end]
            if _written_as(surface, case) and _one_phrase(surface):
                candidates.append((first_word, last_word, length, value))
        return [Match(folded.spans[a][0], folded.spans[b][1], v) for a, b, v in _longest(candidates)]

    def read(self, name: str) -> str:
        """A name folded as `find` reads it in running text, possessives without apostrophes included."""
        return _fold_text(name, self._possessive).stream.strip()

    def _possessive(self, word: str, written: str) -> str:
        if (
            len(word) > MIN_POSSESSIVE
            and word.endswith("s")
            and written[:1].isupper()
            and word not in self._words
        ):
            return word[:-1] if word[:-1] in self._stems else word
        return word


def _longest(candidates: list[tuple[int, int, int, T]]) -> list[tuple[int, int, T]]:
    taken: set[int] = set()
    chosen: list[tuple[int, int, T]] = []
    for first, last, _, value in sorted(candidates, key=lambda c: (-c[2], c[0])):
        covered = range(first, last + 1)
        if not taken.intersection(covered):
            taken.update(covered)
            chosen.append((first, last, value))
    return sorted(chosen, key=lambda c: c[0])
