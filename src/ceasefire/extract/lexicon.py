"""Editable phrase tables (TSV files in ceasefire/data) matched fast with Aho-Corasick.

Analysts extend the tables without touching Python; a trailing `*` in a phrase matches any word ending.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import ahocorasick


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    phrase: str
    value: str
    weight: float
    kind: str = ""


def _rows(path: Path | None, name: str) -> list[dict[str, str]]:
    """The rows of a packaged table, or of a user's file that replaces it."""
    text = (
        path.read_text("utf-8")
        if path
        else resources.files("ceasefire.data").joinpath(name).read_text("utf-8")
    )
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def alternation(words: list[str]) -> str:
    """A regex alternative of cue words read from a data file: longest first, so that "in exchange for"
    wins over "in", and any run of spaces where the file has one."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _weight(cell: str) -> float:
    return float(cell.strip())


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


class PhraseTable:
    """Case-insensitive phrase matcher that respects word boundaries.

    Each phrase carries a value, a numeric weight and a kind (a free word, such as a trigger's strength).
    Characters in `glue` join words: with "-", "held" is not found in "rebel-held".
    """

    def __init__(
        self,
        rows: list[dict[str, str]],
        key: str,
        value: str,
        weight: str | None = None,
        kind: str | None = None,
        glue: str = "",
    ) -> None:
        self._glue = glue
        self._automaton = ahocorasick.Automaton()
        for row in rows:
            phrase = row[key].strip().lower()
            prefix = phrase.endswith("*")
            phrase = phrase.rstrip("*")
            cell = row.get(weight, "") if weight else ""
            label = row.get(kind, "").strip().lower() if kind else ""
            entry = (phrase, row[value].strip(), _weight(cell) if cell else 1.0, prefix, label)
            self._automaton.add_word(phrase, entry)
        self._automaton.make_automaton()

    @classmethod
    def load(
        cls,
        name: str,
        key: str,
        value: str,
        weight: str | None = None,
        path: Path | None = None,
        kind: str | None = None,
    ) -> PhraseTable:
        return cls(_rows(path, name), key, value, weight, kind)

    def find(self, text: str, offset: int = 0) -> list[Hit]:
        """Longest non-overlapping matches, left to right, with offsets shifted by `offset`."""
        lowered = text.lower()
        hits: list[Hit] = []
        for end_index, (phrase, value, weight, prefix, label) in self._automaton.iter(lowered):
            start = end_index - len(phrase) + 1
            end = end_index + 1
            if start > 0 and (_is_word_char(lowered[start - 1]) or lowered[start - 1] in self._glue):
                continue
            if prefix:
                while end < len(lowered) and (_is_word_char(lowered[end]) or lowered[end] == "-"):
                    end += 1
            elif end < len(lowered) and _is_word_char(lowered[end]):
                continue
            hits.append(Hit(start + offset, end + offset, text[start:end], value, weight, label))
        return _longest(hits)


def _longest(hits: list[Hit]) -> list[Hit]:
    """Drop hits inside a longer one, so "aid convoy" wins over "convoy"."""
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept
