"""How strongly two mentions look like reports of one deal: types, time, places and actors together.

Each part is a number; a pair that cannot be one deal (no common type, too far apart in time)
scores None. Actors weigh by how much they tell deals apart: the two sides of the war take part in
almost every deal, a Qatari or American broker in few. Those weights are analysts' data
(`data/cluster_actors.tsv`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from ceasefire.consolidate.data import read_table
from ceasefire.consolidate.profile import Profile
from ceasefire.geo import distance_km
from ceasefire.models import Place


@dataclass(frozen=True)
class Weights:
    """The clustering's settings: how much each part counts, and the score a pair needs to link."""

    types: float = 1.0
    time: float = 1.0
    place: float = 1.5
    actors: float = 1.5
    same_doc: float = 0.5
    apart: float = -1.0
    max_gap_days: int = 15
    near_km: float = 30.0
    link: float = 2.0
    join: float = 1.5


DEFAULT = Weights()


# The place score when one report's place is named, in passing, by the other.
NAMED = 0.6


@cache
def actor_weights() -> dict[str, float]:
    return {row["actor"]: float(row["weight"]) for row in read_table("cluster_actors.tsv")}


def _weight(name: str) -> float:
    return actor_weights().get(name, 1.0)


def _near(a: Place, b: Place, km: float) -> bool:
    return a.name == b.name or (a.country == b.country and distance_km(a, b) <= km)


def _any_near(left: tuple[Place, ...], right: tuple[Place, ...], km: float) -> bool:
    return any(_near(a, b, km) for a in left for b in right)


def place_score(a: Profile, b: Profile, km: float, apart: float = -1.0) -> float:
    """1 for the same place, less for a place only named in passing or the same governorate, `apart` else.

    Only places read from the deal's own sentences can set two reports apart; the article's main place,
    which extraction falls back on, can only bring them together.
    """
    if _any_near(a.anchors, b.anchors, km):
        return 1.0
    if _any_near(a.anchors, b.places, km) or _any_near(b.anchors, a.places, km):
        return NAMED
    if not a.anchors or not b.anchors:
        return 0.0
    if any(p.admin1 and p.admin1 == q.admin1 for p in a.anchors for q in b.anchors):
        return 0.3
    return apart


def actor_score(left: frozenset[str], right: frozenset[str]) -> float:
    """Weighted Jaccard: sharing rare actors counts, sharing the two sides of the war hardly does."""
    union = math.fsum(_weight(n) for n in left | right)
    return math.fsum(_weight(n) for n in left & right) / union if union else 0.0


# How much being close in time counts when a date is known only to the month or the year.
# A date known only to the year links nothing by time: only the same place, type and actors can.
PRECISE = {"day": 1.0, "month": 0.7, "year": 0.0}


def gap_days(a: Profile, b: Profile) -> int | None:
    if a.when is None or b.when is None:
        return None
    return max(0, (max(a.when[0], b.when[0]) - min(a.when[1], b.when[1])).days)


# Stages that start a deal: one reported weeks after another report had the deal agreed or under way
# is a new deal (a renewed truce, a fresh offer), not a later stage of the same one. Likewise a deal
# reported going ahead weeks after it was reported ended is a new one.
OPENING = frozenset({"proposed", "negotiating", "agreed"})
UNDER_WAY = frozenset({"agreed", "implemented", "rejected", "collapsed"})
ENDED = frozenset({"rejected", "collapsed"})


def reopened(a: Profile, b: Profile, max_gap: int) -> bool:
    """Whether the later of two text-dated reports starts a deal again after the earlier one's."""
    if a.started is None or b.started is None:
        return False
    early, late = sorted((a, b), key=lambda p: (p.started, p.id))
    if (late.started - early.started).days <= max_gap:  # type: ignore[operator]
        return False
    return (late.stage in OPENING and early.stage in UNDER_WAY) or (
        early.stage in ENDED and late.stage not in ENDED
    )


def _score(a: Profile, b: Profile, weights: Weights) -> float | None:
    """The pair's score before any penalty for coming from one article; None when they cannot be one deal."""
    shared = a.types & b.types
    gap = gap_days(a, b)
    if not shared or gap is None or gap > weights.max_gap_days or reopened(a, b, weights.max_gap_days):
        return None
    place = place_score(a, b, weights.near_km, weights.apart)
    precise = min(PRECISE[a.precision], PRECISE[b.precision])
    if not precise and place < NAMED:
        return None
    score = weights.types * len(shared) / len(a.types | b.types)
    score += weights.time * precise * (1 - gap / (weights.max_gap_days + 1))
    score += weights.place * place
    return score + weights.actors * actor_score(a.actors, b.actors)


def affinity(a: Profile, b: Profile, weights: Weights = DEFAULT) -> float | None:
    """The pair's score, or None when they cannot be one deal."""
    score = _score(a, b, weights)
    if score is None:
        return None
    # Rounded so that the order sets happen to iterate in (it changes between runs) never tips a tie.
    return round(score - (weights.same_doc if a.doc == b.doc else 0.0), 9)


def pair_scores(a: Profile, b: Profile, weights: Weights = DEFAULT) -> tuple[float, float] | None:
    """The pair's affinity as reports of two articles and as reports of one, whatever their own articles."""
    score = _score(a, b, weights)
    if score is None:
        return None
    return round(score, 9), round(score - weights.same_doc, 9)


def links(a: Profile, b: Profile, weights: Weights = DEFAULT) -> bool:
    """Whether the pair is strong enough for clustering to consider joining them."""
    value = affinity(a, b, weights)
    return value is not None and value >= weights.link
