"""Group the candidates of one article into deals: one deal, one mention, however often it is named.

Two sentences speak of the same deal when they share a type and nothing they say conflicts: no two
different places, no dates months apart, no different brokers, no different talks venues.
"""

from __future__ import annotations

import math

from ceasefire.extract.candidates import Candidate
from ceasefire.models import Place

SAME_PLACE_KM = 50.0
SAME_TIME_DAYS = 45


def distance_km(a: Place, b: Place) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _places_agree(ours: list[Place], theirs: list[Place]) -> bool:
    if not ours or not theirs:
        return True
    return any(distance_km(a, b) <= SAME_PLACE_KM for a in ours for b in theirs)


def _dates_agree(candidate: Candidate, group: list[Candidate]) -> bool:
    mine = [h.date.start for h in candidate.dates if h.date.precision != "year"]
    theirs = [h.date.start for c in group for h in c.dates if h.date.precision != "year"]
    if not mine or not theirs:
        return True
    return any(abs((a - b).days) <= SAME_TIME_DAYS for a in mine for b in theirs)


def _brokers_agree(candidate: Candidate, group: list[Candidate]) -> bool:
    mine = candidate.mediators
    theirs = set().union(*(c.mediators for c in group))
    return not mine or not theirs or bool(mine & theirs)


def compatible(candidate: Candidate, group: list[Candidate]) -> bool:
    types = set().union(*(c.types for c in group))
    if not candidate.types & types:
        return False
    places = [p for c in group for p in c.specific_places]
    return (
        _places_agree(candidate.specific_places, places)
        and _dates_agree(candidate, group)
        and _brokers_agree(candidate, group)
    )


def group(candidates: list[Candidate]) -> list[list[Candidate]]:
    """Each candidate joins the latest compatible group, else starts its own."""
    groups: list[list[Candidate]] = []
    for candidate in candidates:
        home = next((g for g in reversed(groups) if compatible(candidate, g)), None)
        if home is None:
            groups.append([candidate])
        else:
            home.append(candidate)
    return groups
