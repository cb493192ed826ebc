"""Sentence spans found without the parser, so the prefilter can skip most of the text cheaply."""

from __future__ import annotations

import re

from ceasefire.models import Span

# A sentence ends at . ! ? (or a closing quote after one) followed by space and a capital, a quote or
# a digit; abbreviations such as "U.S." and "Gen." are not ends.
_END = re.compile(r"""(?<=[.!?])["'”’)]*\s+(?=["“'‘(]?[A-Z0-9])""")
_ABBREV = re.compile(
    r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|St|No|Jan|Feb|Aug|Sept|Sep|Oct|Nov|Dec|vs)\.)$"
)
_MAX_SENTENCE = 1500


def split(text: str, span: Span) -> list[Span]:
    """Sentence spans inside `span` of `text`, stripped of surrounding white space."""
    out: list[Span] = []
    start = span.start
    for match in _END.finditer(text, span.start, span.end):
        if _ABBREV.search(text, max(start, match.start() - 6), match.start()):
            continue
        _add(out, text, start, match.start())
        start = match.end()
    _add(out, text, start, span.end)
    return out


def _add(out: list[Span], text: str, start: int, end: int) -> None:
    """Append a stripped span, cutting run-on text (no full stops at all) into bounded pieces."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > _MAX_SENTENCE:
        cut = text.rfind(" ", start, start + _MAX_SENTENCE)
        cut = cut if cut > start else start + _MAX_SENTENCE
        out.append(Span(start, cut))
        start = cut + 1
    if end > start:
        out.append(Span(start, end))
