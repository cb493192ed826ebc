"""Group mention profiles into deals, the same way whatever order they arrive in.

Pairs that score at least `link` are taken strongest first (ties by id); two groups join when the
average score over all their cross pairs reaches `join`, so a chain of look-alike reports (every week
another Aleppo truce) does not fuse into one deal. A group only grows along linked pairs, so
clustering one connected neighbourhood gives the same groups as clustering the whole store.
"""

from __future__ import annotations

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


class Groups:
    """Groups being joined, with the sum and number of scored pairs between every two of them.

    Keeping the sums per pair of groups makes each join cost the number of neighbours, not the product
    of the groups' sizes, so a story hundreds of articles tell still clusters in seconds.
    """

    def __init__(self, ids: list[str], pairs: dict[Pair, float]) -> None:
        self.root = {i: i for i in ids}
        self.members = {i: [i] for i in ids}
        self.total: dict[str, dict[str, float]] = {i: {} for i in ids}
        self.scored: dict[str, dict[str, float]] = {i: {} for i in ids}
        for (x, y), value in pairs.items():
            self.total[x][y] = self.total[y][x] = value
            self.scored[x][y] = self.scored[y][x] = 1.0

    def average(self, a: str, b: str) -> float:
        """The mean score over all cross pairs; a pair that could not be scored counts as APART."""
        size = len(self.members[a]) * len(self.members[b])
        unscored = size - self.scored[a].get(b, 0.0)
        return round((self.total[a].get(b, 0.0) + APART * unscored) / size, 9)

    def join(self, a: str, b: str) -> None:
        keep, gone = sorted((a, b))
        self.members[keep] += self.members.pop(gone)
        for member in self.members[keep]:
            self.root[member] = keep
        for table in (self.total, self.scored):
            moved = table.pop(gone)
            moved.pop(keep, None)
            table[keep].pop(gone, None)
            for other, value in moved.items():
                table[other].pop(gone)
                table[keep][other] = table[other][keep] = table[keep].get(other, 0.0) + value


def cluster(profiles: list[Profile], weights: Weights = DEFAULT) -> list[list[str]]:
    """Groups of mention ids, each sorted, in order of their first id."""
    pairs = scores(profiles, weights)
    groups = Groups([p.id for p in profiles], pairs)
    edges = sorted(
        (pair for pair, value in pairs.items() if value >= weights.link), key=lambda e: (-pairs[e], e)
    )
    for x, y in edges:
        a, b = groups.root[x], groups.root[y]
        if a != b and groups.average(a, b) >= weights.join:
            groups.join(a, b)
    return sorted(sorted(members) for members in groups.members.values())
