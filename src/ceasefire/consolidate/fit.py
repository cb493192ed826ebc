"""Whether a merged record can still stand for each report it rests on.

The record of a deal has one location, origin and destination, and its types. A report whose own
places lie beyond reach of all three, or which shares no type with the record, describes something
the record does not: its deal is another one, so clustering splits it off rather than forcing it in.
"""

from __future__ import annotations

from ceasefire.geo import distance_km
from ceasefire.models import Mention, Place

# The distance at which two places count as the same place (the scorer's and the analysts' measure).
REACH_KM = 50.0
FIELDS = ("location", "origin", "destination")


def own_places(mention: Mention) -> list[Place]:
    """The places a report gives for its deal.

    Those its deal sentences name; else the countries it names (a deal for the whole country) and
    the article's main place, which extraction falls back on.
    """
    read = [p for f in FIELDS if f in mention.provenance and (p := getattr(mention, f))]
    if read:
        return [*read, *(p for p in mention.places if p.level != "country")]
    countries = [p for p in mention.places if p.level == "country"]
    return [*countries, *(p for f in FIELDS if (p := getattr(mention, f)))]


def _near(ours: Place, theirs: Place) -> bool:
    """Within reach; a country the report names is reached by any place in it."""
    if theirs.level == "country":
        return ours.country == theirs.country
    if ours.level == "country":
        return False
    return ours.name == theirs.name or distance_km(ours, theirs) <= REACH_KM


def reaches(places: list[Place], mention: Mention) -> bool:
    """Whether one of these places lies within reach of a place the report gives for its deal; a report
    or a record without places is reached by anything."""
    own = own_places(mention)
    return not own or not places or any(_near(a, b) for a in places for b in own)


def fits(types: list[str], places: list[Place], mention: Mention) -> bool:
    """Whether a record of these types and places can still stand for this report."""
    return bool(set(types) & set(mention.types)) and reaches(places, mention)
