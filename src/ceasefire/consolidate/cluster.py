"""Group mention profiles into deals, the same way whatever order they arrive in.

Pairs that score at least `link` are taken strongest first (ties by id); two groups join when the
average score over all their cross pairs reaches `join`, so a chain of look-alike reports (every week
another Aleppo truce) does not fuse into one deal. A group only grows along linked pairs, so
clustering one connected neighbourhood gives the same groups as clustering the whole store.

Reports that clustering cannot tell apart are one kind (`kinds`): memory and time grow with the pairs of
kinds, not of reports, so a story hundreds of outlets copy costs what one telling of it costs.
"""

from __future__ import annotations

from collections.abc import Iterable

from ceasefire.consolidate.edges import Edges
from ceasefire.consolidate.groups import Groups
from ceasefire.consolidate.kinds import Kinds
from ceasefire.consolidate.profile import Profile
from ceasefire.consolidate.similarity import DEFAULT, Weights


def cluster(profiles: Iterable[Profile], weights: Weights = DEFAULT) -> list[list[str]]:
    """Groups of mention ids, each sorted, in order of their first id."""
    kinds = Kinds(profiles, weights)
    groups, edges = Groups(kinds), Edges(kinds, weights.link)
    while (entry := edges.pop()) is not None:
        a, b = groups.root(entry[1]), groups.root(entry[2])
        if a == b:
            edges.within(entry, groups.count, a)
        elif groups.types(a) & groups.types(b) and groups.average(a, b) >= weights.join:
            edges.next(entry)
            groups.join(a, b)
            edges.wake(entry, a, b)
        else:
            edges.apart(entry, groups.count, a, b)
    return groups.groups()
