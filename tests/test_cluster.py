"""Clustering by kinds of reports gives exactly the groups of average linkage over every pair of reports.

`reference` is that definition written out plainly (every comparable pair scored, every cross pair of
two groups summed); `cluster` must equal it on reports we write, copied into many articles and into the
same article, and on FA-KES copied the same way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire.consolidate.cluster import cluster
from ceasefire.consolidate.kinds import linked
from ceasefire.consolidate.profile import Profile, profile
from ceasefire.consolidate.similarity import DEFAULT, Weights, affinity, links
from ceasefire.geo import Gazetteer
from ceasefire.models import Actor, DealDate, Evidence, Mention, Place
from ceasefire.store import Store


def reference(profiles: list[Profile], weights: Weights = DEFAULT) -> list[list[str]]:
    """Pairs of at least `link`, strongest first and then by ids, join their groups when the mean over
    all cross pairs (-1 for a pair that cannot be one deal) reaches `join` and a type is common to all."""
    scored = {}
    for i, a in enumerate(profiles):
        for b in profiles[i + 1 :]:
            value = affinity(a, b, weights)
            if value is not None:
                scored[min(a.id, b.id), max(a.id, b.id)] = value
    group = {p.id: frozenset([p.id]) for p in profiles}
    types = {p.id: p.types for p in profiles}

    def mean(left: frozenset[str], right: frozenset[str]) -> float:
        pairs = [scored.get((min(x, y), max(x, y)), -1.0) for x in left for y in right]
        return round(sum(pairs) / len(pairs), 9)

    for x, y in sorted((e for e, v in scored.items() if v >= weights.link), key=lambda e: (-scored[e], e)):
        a, b = group[x], group[y]
        common = frozenset.intersection(*(types[i] for i in a | b))
        if a != b and common and mean(a, b) >= weights.join:
            for member in a | b:
                group[member] = a | b
    return sorted(sorted(g) for g in set(group.values()))


def place(name: str) -> Place:
    found = Gazetteer.default().lookup(name)
    assert found is not None, name
    return found


def written(
    n: int, kind: str, town: str, when: str, status: str, *actors: str, dated: bool = True
) -> Mention:
    """A report we write: `dated` says whether its own text gives the date."""
    day = dt.date.fromisoformat(when)
    where = place(town)
    return Mention(
        doc=f"w{n}",
        types=kind.split("+"),
        status=status,
        actors=[Actor(a) for a in actors],
        location=where,
        date=DealDate(day, day),
        evidence=[Evidence(f"w{n}", 0, 10, "A passage.")],
        provenance={"location": 0, **({"date": 0} if dated else {})},
        published=day + dt.timedelta(days=1),
        id=f"w{n}#m1",
    )


# Reports of a few deals that are close in time and place, so that groups meet and some cannot join.
POOL = [
    profile(m)
    for m in (
        written(1, "evacuation", "Madaya", "2017-04-14", "implemented", "Qatar", "Iran"),
        written(2, "evacuation", "Madaya", "2017-04-12", "agreed", "Qatar"),
        written(3, "evacuation", "Zabadani", "2017-04-14", "implemented", "Iran"),
        written(4, "evacuation+ceasefire", "Madaya", "2017-04-16", "implemented", "Qatar", dated=False),
        written(5, "ceasefire", "Aleppo", "2017-04-13", "agreed", "Russia", "Turkey"),
        written(6, "ceasefire", "Aleppo", "2017-04-20", "collapsed", "Russia"),
        written(7, "evacuation", "Aleppo", "2017-04-15", "implemented", "Russia"),
        written(8, "ceasefire", "Idlib", "2017-04-14", "proposed", "Turkey"),
        written(9, "evacuation", "Homs", "2017-04-10", "agreed"),
        written(10, "ceasefire", "Madaya", "2017-04-15", "agreed", "Qatar", "Iran"),
        written(11, "evacuation", "Madaya", "2017-04-27", "agreed", "Qatar"),
        written(12, "evacuation", "Zabadani", "2017-04-24", "proposed", "Hezbollah"),
    )
]


def copies(draws: list[tuple[int, int, int]]) -> list[Profile]:
    """Each drawn report copied into its own article, into a shared one, or into the original's."""
    found = []
    for n, (pick, count, where) in enumerate(draws):
        base = POOL[pick]
        for copy in range(count):
            doc = (f"c{n}-{copy}", "shared", base.doc)[(where + copy) % 3]
            found.append(dataclasses.replace(base, id=f"{base.id}-{n}-{copy}", doc=doc))
    return found


DRAWS = st.lists(
    st.tuples(st.integers(0, len(POOL) - 1), st.integers(1, 6), st.integers(0, 2)), min_size=1, max_size=12
)


@settings(max_examples=150, deadline=None)
@given(DRAWS, st.randoms(use_true_random=False))
def test_clustering_by_kinds_is_average_linkage_over_every_pair(draws: list, rng: random.Random) -> None:
    profiles = copies(draws)
    expected = reference(profiles)
    rng.shuffle(profiles)
    assert cluster(profiles) == expected


@settings(max_examples=100, deadline=None)
@given(DRAWS, DRAWS)
def test_the_neighbourhood_search_finds_what_some_report_links_to(frontier: list, candidates: list) -> None:
    ours, theirs = copies(frontier), [dataclasses.replace(p, id=f"x-{p.id}") for p in copies(candidates)]
    assert linked(ours, theirs) == [q for q in theirs if any(links(p, q) for p in ours)]


@pytest.mark.slow
def test_fakes_copied_many_times_clusters_as_average_linkage(corpus_db: Path) -> None:
    """Every FA-KES report, with copies in other articles and in its own, as outlets reprint stories."""
    with Store(f"sqlite:///{corpus_db}") as store:
        originals = [profile(m) for m in store.mentions(passages=False)]
    rng = random.Random(7)
    profiles = [
        dataclasses.replace(p, id=f"{p.id}-{n}", doc=rng.choice([p.doc, f"{p.doc}-{n}"]))
        for p in originals
        for n in range(rng.choice([1, 1, 2, 4]))
    ]
    assert cluster(profiles) == reference(profiles)
