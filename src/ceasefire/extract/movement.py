"""Where people move from and to: "left Hajar al-Aswad ... to the group's stronghold of Raqqa"."""

from __future__ import annotations

import re

# Read backwards from a place name: the nearest of these words says which end of the trip it is.
_ORIGIN = r"from|out of|left|leave|leaving|leaves|fled|exit|exited|exiting|evacuated|evacuate|evacuating|quit|abandon"
_DESTINATION = (
    r"to|toward|towards|into|for|reach|reached|reaching|arrived in|arrived at|arriving in|headed|heading|"
    r"bound for|destined for|relocated to|transferred to|moved them to|taken to"
)
# Between the direction word and the place: at most a few words and no clause break
# ("to the northern province of Idlib", "out of their last remaining territory in Deraa").
_GAP = re.compile(r"^[\w'’\-\[\] ,]*$")
_MAX_GAP_WORDS = 7
_LOOKBACK = 80
_WORDS = re.compile(rf"\b(?P<origin>{_ORIGIN})\b|\b(?P<destination>{_DESTINATION})\b", re.I)


def direction(text: str, start: int) -> str | None:
    """ "origin", "destination" or None for the place that begins at `start` in `text`."""
    window = text[max(0, start - _LOOKBACK) : start]
    last = None
    for match in _WORDS.finditer(window):
        last = match
    if last is None:
        return None
    gap = window[last.end() :]
    if not _GAP.match(gap) or len(gap.split()) > _MAX_GAP_WORDS:
        return None
    return "origin" if last.group("origin") else "destination"
