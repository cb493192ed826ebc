"""Group mention profiles into deals, the same way whatever order they arrive in.

Pairs that score at least `link` are taken strongest first (ties by id); two groups join when the
average score over all their cross pairs reaches `join`, so a chain of look-alike reports (every week
another Aleppo truce) does not fuse into one deal. A group only grows along linked pairs, so
clustering one connected neighbourhood gives the same groups as clustering the whole store.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from ceasefire.consolidate.profile import Profile
from ceasefire.consolidate.similarity import DEFAULT, Weights, affinity

Pair = tuple[str, str]
# What an unlinkable pair (no common type, far apart in time) adds to a group's average.
APART = -1.0


def _candidates(profiles: list[Profile], max_gap: int) -> Iterator[tuple[Profile, Profile]]:
    """Pairs close enough in time to be compared, found by a sweep over start dates."""
    dated = sorted((p for p in profiles if p.when), key=lambda p: (p.when[0], p.id))  # type: ignore[index]
    for i, a in enumerate(dated):
        for b in dated[i + 1 :]:
            if (b.when[0] - a.when[1]).days > max_gap:  # type: ignore[index]
                break
            yield a, b


def scores(profiles: list[Profile], weights: Weights = DEFAULT) -> dict[Pair, float]:
    """Every comparable pair's score, keyed by the two ids in order."""
    found: dict[Pair, float] = {}
    for a, b in _candidates(profiles, weights.max_gap_days):
        value = affinity(a, b, weights)
        if value is not None:
            found[(min(a.id, b.id), max(a.id, b.id))] = value
    return found


def _average(left: list[str], right: list[str], pairs: dict[Pair, float]) -> float:
    total = math.fsum(pairs.get((min(x, y), max(x, y)), APART) for x in left for y in right)
    return round(total / (len(left) * len(right)), 9)


def cluster(profiles: list[Profile], weights: Weights = DEFAULT) -> list[list[str]]:
    """Groups of mention ids, each sorted, in order of their first id."""
    pairs = scores(profiles, weights)
    group = {p.id: [p.id] for p in profiles}
    edges = sorted(
        (pair for pair, value in pairs.items() if value >= weights.link), key=lambda e: (-pairs[e], e)
    )
    for x, y in edges:
        left, right = group[x], group[y]
        if left is right or _average(left, right, pairs) < weights.join:
            continue
        left.extend(right)
        for member in right:
            group[member] = left
    unique = {id(members): sorted(members) for members in group.values()}
    return sorted(unique.values())
