"""The rule pass: lines of the original text, by offset, into candidate passages and dropped spans."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ceasefire.clean.rules import Rules
from ceasefire.models import Dropped

_LINE = re.compile(r"[^\r\n]+")
_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$|[\"”’)\]]$")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)\]]*\s+\S")
SENTENCE_WORDS = 3
REPEAT_MAX = 300
REPEATED = "repeats an earlier line"


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    paragraph: int


@dataclass
class Candidate:
    """Kept text: `forced` by a keep rule (datelines); a `remnant` of a line a cut rule split is content."""

    start: int
    end: int
    paragraph: int
    forced: bool = False
    remnant: bool = False


def is_sentence(text: str) -> bool:
    """Ends like a sentence and is long enough to be one: such text is never judged boilerplate by justext."""
    return bool(_SENTENCE_END.search(text)) and len(text.split()) >= SENTENCE_WORDS


def is_prose(text: str) -> bool:
    """Holds or ends a sentence: a record squeezes an article into one line, often unpunctuated at its end."""
    return is_sentence(text) or (
        len(text.split()) >= SENTENCE_WORDS and _SENTENCE_BREAK.search(text) is not None
    )


def strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def lines(text: str) -> Iterator[Line]:
    """Non-blank lines, stripped; a blank line between two lines starts a new paragraph."""
    paragraph, last = 0, 0
    for match in _LINE.finditer(text):
        start, end = strip(text, match.start(), match.end())
        if start == end:
            continue
        gap = text[last:start]
        if gap.count("\n") + gap.count("\r") - gap.count("\r\n") > 1:
            paragraph += 1
        last = end
        yield Line(start, end, paragraph)


class RulePass:
    """Applies the rules line by line, merging kept lines of one paragraph into one candidate."""

    def __init__(self, text: str, rules: Rules) -> None:
        self.text = text
        self.rules = rules
        self.candidates: list[Candidate] = []
        self.dropped: list[Dropped] = []
        self._list_reason: str | None = None
        self._joinable = False
        self._seen: set[str] = set()

    def run(self) -> RulePass:
        for line in lines(self.text):
            self._line(line)
        return self

    def _line(self, line: Line) -> None:
        content = self.text[line.start : line.end]
        rule = self.rules.whole_line(content)
        if rule and rule.kind == "keep":
            self._list_reason = None
            self._keep(line.start, line.end, line.paragraph, forced=True)
        elif rule:
            self._drop(line.start, line.end, rule.reason)
            self._list_reason = rule.reason if rule.kind == "list" else self._list_reason
        elif self._list_reason and not is_sentence(content):
            self._drop(line.start, line.end, self._list_reason)
        elif self._repeated(content):
            self._drop(line.start, line.end, REPEATED)
        else:
            self._list_reason = None
            self._cut(line, content)

    def _repeated(self, content: str) -> bool:
        """A short line seen before, like a page title printed again above the body."""
        if len(content) > REPEAT_MAX:
            return False
        key = " ".join(content.split())
        seen = key in self._seen
        self._seen.add(key)
        return seen

    def _cut(self, line: Line, content: str) -> None:
        """Keep what the cut rules leave of the line; text without a letter goes too."""
        position = line.start
        for start, end, reason in self.rules.cuts(content):
            self._piece(position, line.start + start, line)
            self._drop(line.start + start, line.start + end, reason)
            position = line.start + end
        self._piece(position, line.end, line)

    def _piece(self, start: int, end: int, line: Line) -> None:
        start, end = strip(self.text, start, end)
        if start == end:
            return
        if _LETTER.search(self.text, start, end) is None:
            self._drop(start, end, "no letters")
            return
        joins = self._joinable and start == line.start and self.candidates[-1].paragraph == line.paragraph
        if joins:
            self.candidates[-1].end = end
        else:
            self._keep(start, end, line.paragraph)
            self.candidates[-1].remnant = (start, end) != (line.start, line.end)
        self._joinable = end == line.end

    def _keep(self, start: int, end: int, paragraph: int, forced: bool = False) -> None:
        self.candidates.append(Candidate(start, end, paragraph, forced))
        self._joinable = False

    def _drop(self, start: int, end: int, reason: str) -> None:
        start, end = strip(self.text, start, end)
        if start < end:
            self.dropped.append(Dropped(start, end, reason))
        self._joinable = False
