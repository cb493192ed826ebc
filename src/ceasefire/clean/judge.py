"""justext's verdict on plain-text paragraphs: each candidate becomes one <p> of a synthetic page."""

from __future__ import annotations

import html
import re
from functools import cache

import justext

# justext looks only at neighbours, so judging a long document in windows changes little and bounds memory.
WINDOW = 500
# Past justext's "long" threshold only stopword density counts, and a sample shows it as well as the whole.
SAMPLE = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@cache
def _stoplist() -> frozenset[str]:
    return frozenset(justext.get_stoplist("English"))


def boilerplate(texts: list[str]) -> list[bool]:
    """True for each text that justext classes as bad (menus, link lists, widget labels)."""
    verdicts: list[bool] = []
    for first in range(0, len(texts), WINDOW):
        verdicts.extend(_window(texts[first : first + WINDOW]))
    return verdicts


def _window(texts: list[str]) -> list[bool]:
    body = "".join(
        f"<p>{html.escape(_CONTROL.sub(' ', ' '.join(text[:SAMPLE].split())))}</p>" for text in texts
    )
    paragraphs = justext.justext(f"<html><body>{body}</body></html>".encode(), _stoplist(), encoding="utf-8")
    if len(paragraphs) != len(texts):
        # The page did not come back paragraph for paragraph: keeping everything is the safe failure.
        return [False] * len(texts)
    return [paragraph.class_type == "bad" for paragraph in paragraphs]
