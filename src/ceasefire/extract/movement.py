"""Where people move from and to: "left Hajar al-Aswad ... to the group's stronghold of Raqqa".

The cue words live in data/movement_cues.tsv; a place takes its direction from the nearest cue before it.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Token

from ceasefire.extract.counts import captive_words, unit_words
from ceasefire.extract.lexicon import _rows, alternation

# Between the cue and the place: at most a few words and no clause break
# ("to the northern province of Idlib", "out of their last remaining territory in Deraa").
_GAP = re.compile(r"^[\w'’\-\[\] ,]*$")
_MAX_GAP_WORDS = 7
_LOOKBACK = 80
_TRIP_REACH = 4
_PERMIT_GAP = 4
# Words between a word of blame and its "of" ("accusing the Assad regime of releasing").
_BLAME_GAP = 4


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The direction cues, the motion cues, and the names of moved groups."""
    rows = _rows(None, "movement_cues.tsv")
    cues = {
        kind: alternation([r["cue"] for r in rows if r["kind"] == kind]) for kind in ("origin", "destination")
    }
    ends = re.compile(rf"\b(?P<origin>{cues['origin']})\b|\b(?P<destination>{cues['destination']})\b", re.I)
    motion = alternation([r["cue"] for r in rows if r["kind"] == "motion"])
    movers = alternation([r["cue"] for r in rows if r["kind"] == "mover"] + list(unit_words()))
    return ends, re.compile(rf"\b(?:{motion})\b", re.I), re.compile(rf"\b(?:{movers})\b", re.I)


def direction(text: str, start: int) -> str | None:
    """ "origin", "destination" or None for the place that begins at `start` in `text`."""
    window = text[max(0, start - _LOOKBACK) : start]
    last = None
    for match in _patterns()[0].finditer(window):
        last = match
    if last is None:
        return None
    gap = window[last.end() :]
    if not _GAP.match(gap) or len(gap.split()) > _MAX_GAP_WORDS:
        return None
    return "origin" if last.group("origin") else "destination"


@cache
def _trip_words() -> frozenset[str]:
    """Words a place of a trip hangs on: motion verbs in any form, and nouns of paths and convoys."""
    kinds = ("origin", "destination", "motion", "path", "trip")
    return frozenset(r["cue"].lower() for r in _rows(None, "movement_cues.tsv") if r["kind"] in kinds)


def on_a_trip(place: Token) -> bool:
    """Whether a place hangs on a verb of motion or a path in the parse ("left Hajar al-Aswad", "safe
    passage out of Deraa", "moved them to Badiya"), unlike "their push towards Raqqa"."""
    head = place
    for _ in range(_TRIP_REACH):
        head = head.head
        if head.lower_ in _trip_words() or head.lemma_.lower() in _trip_words():
            return True
        if head.pos_ not in ("ADP", "PROPN", "NOUN") or head.head.i == head.i:
            return False
    return False


@cache
def _words(kind: str) -> frozenset[str]:
    return frozenset(r["cue"].lower() for r in _rows(None, "movement_cues.tsv") if r["kind"] == kind)


def troops_only(sentence: Doc) -> bool:
    """Whether every move a sentence tells is made by armed forces ("before government forces left Idlib they
    executed 15 detainees"): troop movements, not people moved under a deal."""
    verbs = [t for t in sentence if t.lower_ in _words("motion")]
    doers = [[c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")] for v in verbs]
    return bool(verbs) and all(any(d.lower_ in _words("military") for d in found) for found in doers)


def moves(text: str) -> bool:
    """Whether a sentence says that someone moves ("left", "bussed", "arrived")."""
    return bool(_patterns()[1].search(text))


@cache
def _release() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    rows = _rows(None, "movement_cues.tsv")
    verbs = alternation([r["cue"] for r in rows if r["kind"] == "release"])
    captives = alternation(captive_words())
    blame = alternation([r["cue"] for r in rows if r["kind"] == "blame"])
    word = r"[\w'’-]+\s+"
    blamed = rf"\b(?:{blame})\s+(?:{word}){{0,{_BLAME_GAP}}}?(?:of|for|with)\s+(?:{word}){{0,2}}$"
    return (
        re.compile(rf"\b(?:{verbs})\b", re.I),
        re.compile(rf"\b(?:{captives})\b", re.I),
        re.compile(blamed, re.I),
    )


def release(text: str) -> tuple[int, int] | None:
    """Where a sentence says captives are released ("ISIS would release 30 hostages"): the verb's span. A
    release someone is blamed for ("accused of releasing extremist prisoners") is a charge, not a deal."""
    verbs, captives, blamed = _release()
    verb = verbs.search(text)
    if verb is None or not captives.search(text) or blamed.search(text[: verb.start()]):
        return None
    return verb.span()


@cache
def _permitted_exit() -> re.Pattern[str]:
    rows = _rows(None, "movement_cues.tsv")
    permit = alternation([r["cue"] for r in rows if r["kind"] == "permit"])
    leave = alternation([r["cue"] for r in rows if r["kind"] == "exit"])
    departure = alternation([r["cue"] for r in rows if r["kind"] == "departure"])
    return re.compile(
        rf"\b(?:{permit})\s+(?:(?:[\w'’-]+\s+){{0,{_PERMIT_GAP}}}?to\s+(?:{leave})"
        rf"|for\s+(?:the\s+)?(?:{departure})\s+of)\b",
        re.I,
    )


def permitted_exit(text: str) -> tuple[int, int] | None:
    """Where a sentence lets people leave ("allowing them to leave the embattled city"): the phrase's span."""
    found = _permitted_exit().search(text)
    return found.span() if found else None


@cache
def _leaving() -> re.Pattern[str]:
    words = [r["cue"] for r in _rows(None, "movement_cues.tsv") if r["kind"] in ("motion", "exit")]
    return re.compile(rf"\b(?:{alternation(words)})\b", re.I)


def leaves(text: str) -> bool:
    """Whether a sentence says that people leave or move ("fighters must quit the town", "civilians wishing
    to leave"): a deal other than an evacuation moves people only where such a sentence says so."""
    return bool(_leaving().search(text))


def names_movers(text: str) -> bool:
    """Whether a sentence names a group that deals move ("fighters", "families", "a convoy", "buses")."""
    return bool(_patterns()[2].search(text))
