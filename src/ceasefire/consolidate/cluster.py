"""Group mention profiles into deals, the same way whatever order they arrive in.

Pairs that score at least `link` are taken strongest first (ties by id); two groups join when the
average score over all their cross pairs reaches `join`, so a chain of look-alike reports (every week
another Aleppo truce) does not fuse into one deal. A group only grows along linked pairs, so
clustering one connected neighbourhood gives the same groups as clustering the whole store.

Reports that clustering cannot tell apart (the same types, time, places, actors and stage: outlets
running one wire story) are one kind, scored once against every other kind. Memory and time then grow
with pairs of kinds, not pairs of reports, which is what keeps a story thousands of outlets retell
from growing quadratically (`Kinds`, `Groups`, `Edges`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator

from ceasefire.consolidate.profile import Profile
from ceasefire.consolidate.similarity import DEFAULT, Weights, pair_scores

Pair = tuple[str, str]
# Scores are summed in billionths, which they are rounded to, so that sums are exact in any order.
NANO = 1_000_000_000
# What an unlinkable pair (no common type, far apart in time) adds to a group's average: -1.0.
APART = -NANO


def kind_of(p: Profile) -> Profile:
    """What clustering sees of a report: everything but which report and which article it is."""
    return dataclasses.replace(p, id="", doc="")


class Kinds:
    """The distinct profiles, who reports each, and their scores: kind to kind in billionths, for reports
    of two articles, and for the pairs of kinds that also meet within one article."""

    def __init__(self, profiles: Iterable[Profile], weights: Weights) -> None:
        index: dict[Profile, int] = {}
        self.profiles: list[Profile] = []
        self.members: list[list[str]] = []
        self.kind: dict[str, int] = {}
        self.doc: dict[str, str] = {}
        for p in profiles:
            key = kind_of(p)
            k = index.setdefault(key, len(self.profiles))
            if k == len(self.profiles):
                self.profiles.append(key)
                self.members.append([])
            self.members[k].append(p.id)
            self.kind[p.id], self.doc[p.id] = k, p.doc
        for ids in self.members:
            ids.sort()
        self.weights = weights
        self.scores: list[dict[int, int]] = [{} for _ in self.profiles]
        self._same: dict[tuple[int, int], int | None] = {}
        self._score_all()

    def _score_all(self) -> None:
        """Every comparable pair of kinds, found by a sweep over start dates; a kind with two or more
        reports is compared with itself too."""
        dated = sorted((k for k, p in enumerate(self.profiles) if p.when), key=self._start)
        for i, c in enumerate(dated):
            a = self.profiles[c]
            for d in dated[i:]:
                b = self.profiles[d]
                if (b.when[0] - a.when[1]).days > self.weights.max_gap_days:  # type: ignore[index]
                    break
                found = pair_scores(a, b, self.weights)
                if found is not None:
                    self.scores[c][d] = self.scores[d][c] = nanos(found[0])

    def _start(self, k: int) -> dt.date:
        return self.profiles[k].when[0]  # type: ignore[index]

    def same(self, c: int, d: int) -> int | None:
        """The score of two reports of these kinds in one article, in billionths."""
        key = (min(c, d), max(c, d))
        if key not in self._same:
            found = pair_scores(self.profiles[c], self.profiles[d], self.weights)
            self._same[key] = None if found is None else nanos(found[1])
        return self._same[key]

    def score(self, x: str, y: str) -> int | None:
        """The pair's score in billionths, None when it cannot be one deal."""
        c, d = self.kind[x], self.kind[y]
        return self.same(c, d) if self.doc[x] == self.doc[y] else self.scores[c].get(d)

    def whole(self, count: dict[int, int], *kinds: int) -> bool:
        """Whether a group holding these counts of each kind holds every report of these kinds."""
        return all(count.get(k) == len(self.members[k]) for k in kinds)


def nanos(score: float) -> int:
    return round(score * NANO)


def score(value: int) -> float:
    """Back to the rounded score (the closest float to value / NANO, as `round(..., 9)` gives)."""
    return value / NANO


class Groups:
    """Groups being joined, keyed by a member. A group of two or more keeps, per kind, how many of its
    reports are of that kind, and the sum and number of scored pairs between its reports and that kind:
    the average over all cross pairs of two groups then costs the kinds of one of them, never the
    product of their sizes. A single report is read from its kind alone."""

    def __init__(self, kinds: Kinds) -> None:
        self.kinds = kinds
        self.of: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}
        self.counts: dict[str, dict[int, int]] = {}
        self.docs: dict[str, dict[str, list[int]]] = {}
        self.common: dict[str, frozenset[str]] = {}
        self.total: dict[str, dict[int, int]] = {}
        self.scored: dict[str, dict[int, int]] = {}

    def root(self, x: str) -> str:
        return self.of.get(x, x)

    def size(self, g: str) -> int:
        return len(self.members[g]) if g in self.members else 1

    def count(self, g: str) -> dict[int, int]:
        return self.counts[g] if g in self.counts else {self.kinds.kind[g]: 1}

    def types(self, g: str) -> frozenset[str]:
        return self.common[g] if g in self.common else self.kinds.profiles[self.kinds.kind[g]].types

    def _docs(self, g: str) -> dict[str, list[int]]:
        return self.docs[g] if g in self.docs else {self.kinds.doc[g]: [self.kinds.kind[g]]}

    def _against(self, g: str, kind: int) -> tuple[int, int]:
        """The summed score and the number of scored pairs between the group's reports and one report of
        a kind, as if all came from different articles."""
        if g in self.total:
            return self.total[g].get(kind, 0), self.scored[g].get(kind, 0)
        value = self.kinds.scores[self.kinds.kind[g]].get(kind)
        return (0, 0) if value is None else (value, 1)

    def average(self, a: str, b: str) -> float:
        """The mean score over all cross pairs; a pair that could not be scored counts as APART."""
        small, large = sorted((a, b), key=lambda g: len(self.count(g)))
        total = scored = 0
        for kind, n in self.count(small).items():
            value, pairs = self._against(large, kind)
            total, scored = total + n * value, scored + n * pairs
        size = self.size(a) * self.size(b)
        total += APART * (size - scored) + self._one_article(a, b)
        return round(total / (size * NANO), 9)

    def _one_article(self, a: str, b: str) -> int:
        """What pairs from one article lose against the same pairs from two."""
        fewer, more = sorted((self._docs(a), self._docs(b)), key=len)
        change = 0
        for doc, kinds in fewer.items():
            for c in kinds:
                for d in more.get(doc, ()):
                    apart = self.kinds.scores[c].get(d)
                    if apart is not None:
                        change += self.kinds.same(c, d) - apart  # type: ignore[operator]
        return change

    def join(self, a: str, b: str) -> None:
        keep, gone = sorted((a, b), key=lambda g: (-self.size(g), g))
        self._grow(keep)
        moved = self.members.pop(gone, [gone])
        self.members[keep] += moved
        self.of.update(dict.fromkeys(moved, keep))
        self.common[keep] = self.common[keep] & self.types(gone)
        for kind, n in self.count(gone).items():
            self.counts[keep][kind] = self.counts[keep].get(kind, 0) + n
        for doc, kinds in self._docs(gone).items():
            self.docs[keep].setdefault(doc, []).extend(kinds)
        self._add_row(keep, gone)
        for table in (self.counts, self.docs, self.common, self.total, self.scored):
            table.pop(gone, None)

    def _grow(self, g: str) -> None:
        """Give a single report the tables of a group."""
        if g in self.members:
            return
        kind = self.kinds.kind[g]
        self.members[g], self.of[g] = [g], g
        self.counts[g], self.docs[g] = {kind: 1}, {self.kinds.doc[g]: [kind]}
        self.common[g] = self.kinds.profiles[kind].types
        self.total[g] = dict(self.kinds.scores[kind])
        self.scored[g] = dict.fromkeys(self.kinds.scores[kind], 1)

    def _add_row(self, keep: str, gone: str) -> None:
        """Add the gone group's sums to the kept one's, the shorter row into the longer."""
        if gone not in self.total:
            row, pairs = self.total[keep], self.scored[keep]
            for kind, value in self.kinds.scores[self.kinds.kind[gone]].items():
                row[kind] = row.get(kind, 0) + value
                pairs[kind] = pairs.get(kind, 0) + 1
            return
        total, scored = self.total[gone], self.scored[gone]
        if len(total) > len(self.total[keep]):
            total, self.total[keep] = self.total[keep], total
            scored, self.scored[keep] = self.scored[keep], scored
        row, pairs = self.total[keep], self.scored[keep]
        for kind, value in total.items():
            row[kind] = row.get(kind, 0) + value
            pairs[kind] = pairs.get(kind, 0) + scored[kind]

    def groups(self) -> list[list[str]]:
        """Groups of mention ids, each sorted, in order of their first id."""
        single = [[i] for i in self.kinds.kind if i not in self.of]
        return sorted([*single, *(sorted(m) for m in self.members.values())])


def _walk(kinds: Kinds, c: int, d: int, after: Pair | None = None) -> Iterator[Pair]:
    """The pairs of a report of kind c and one of kind d from different articles, by id, after `after`."""
    first, second = kinds.members[c], kinds.members[d] if c != d else []
    lows = [bisect_left(ids, after[0]) if after else 0 for ids in (first, second)]
    for x in heapq.merge(first[lows[0] :], second[lows[1] :]):
        partners = kinds.members[d] if kinds.kind[x] == c else kinds.members[c]
        start = bisect_right(partners, after[1] if after and x == after[0] else x)
        for at in range(start, len(partners)):
            if kinds.doc[x] != kinds.doc[partners[at]]:
                yield x, partners[at]


Entry = tuple[float, str, str, int]


class Edges:
    """The linked pairs, strongest first and then by ids, each kind pair yielding its own in turn.

    A kind pair whose reports all sit in one group is dropped; one whose reports all sit in two groups
    that cannot join waits until either group changes, since until then each of its pairs would fail
    the same way. A single pair (all pairs of one article, and of kinds with one report each) needs none
    of this.
    """

    def __init__(self, kinds: Kinds, link: float) -> None:
        self.kinds = kinds
        self.heap: list[Entry] = []
        self.blocks: list[tuple[int, int]] = []
        self.walks: dict[int, Iterator[Pair]] = {}
        self.waiting: dict[str, list[int]] = {}
        self.parked: set[int] = set()
        for c, row in enumerate(kinds.scores):
            for d, value in row.items():
                if d >= c and score(value) >= link:
                    self._start(c, d, -score(value))
        self._one_article(link)
        heapq.heapify(self.heap)

    def _start(self, c: int, d: int, key: float) -> None:
        first, second = self.kinds.members[c], self.kinds.members[d]
        if c != d and len(first) == len(second) == 1:
            if self.kinds.doc[first[0]] != self.kinds.doc[second[0]]:
                self.heap.append((key, *sorted((first[0], second[0])), -1))  # type: ignore[arg-type]
            return
        walk = _walk(self.kinds, c, d)
        pair = next(walk, None)
        if pair is not None:
            self.blocks.append((c, d))
            self.walks[len(self.blocks) - 1] = walk
            self.heap.append((key, *pair, len(self.blocks) - 1))

    def _one_article(self, link: float) -> None:
        """Pairs of reports of one article, scored apart from the pairs of their kinds."""
        by_doc: dict[str, list[str]] = {}
        for x, doc in self.kinds.doc.items():
            by_doc.setdefault(doc, []).append(x)
        for ids in by_doc.values():
            ids.sort()
            for i, x in enumerate(ids):
                for y in ids[i + 1 :]:
                    value = self.kinds.score(x, y)
                    if value is not None and score(value) >= link:
                        self.heap.append((-score(value), x, y, -1))

    def pop(self) -> Entry | None:
        return heapq.heappop(self.heap) if self.heap else None

    def next(self, entry: Entry) -> None:
        """Queue the next pair of the entry's kind pair."""
        block = entry[3]
        if block < 0:
            return
        pair = next(self.walks[block], None)
        if pair is None:
            del self.walks[block]
        else:
            heapq.heappush(self.heap, (entry[0], *pair, block))

    def within(self, entry: Entry, groups: Groups, g: str) -> None:
        """The pair sits in one group: drop its kind pair if all its reports do."""
        block = entry[3]
        if block >= 0 and self.kinds.whole(groups.count(g), *self.blocks[block]):
            del self.walks[block]
        else:
            self.next(entry)

    def apart(self, entry: Entry, groups: Groups, a: str, b: str) -> None:
        """The pair's groups cannot join: its kind pair waits for them if all its reports are in them."""
        block = entry[3]
        if block >= 0:
            c, d = self.blocks[block]
            whole = self.kinds.whole
            if (whole(groups.count(a), c) and whole(groups.count(b), d)) or (
                whole(groups.count(a), d) and whole(groups.count(b), c)
            ):
                self.parked.add(block)
                for g in (a, b):
                    self.waiting.setdefault(g, []).append(block)
                return
        self.next(entry)

    def wake(self, entry: Entry, *changed: str) -> None:
        """Groups changed at this entry: each kind pair waiting on them goes on after it."""
        for g in changed:
            for block in self.waiting.pop(g, []):
                if block not in self.parked:
                    continue
                self.parked.discard(block)
                c, d = self.blocks[block]
                if score(self.kinds.scores[c][d]) != -entry[0]:
                    del self.walks[block]
                    continue
                self.walks[block] = _walk(self.kinds, c, d, (entry[1], entry[2]))
                self.next((entry[0], "", "", block))


def cluster(profiles: Iterable[Profile], weights: Weights = DEFAULT) -> list[list[str]]:
    """Groups of mention ids, each sorted, in order of their first id."""
    kinds = Kinds(profiles, weights)
    groups, edges = Groups(kinds), Edges(kinds, weights.link)
    while (entry := edges.pop()) is not None:
        a, b = groups.root(entry[1]), groups.root(entry[2])
        if a == b:
            edges.within(entry, groups, a)
        elif groups.types(a) & groups.types(b) and groups.average(a, b) >= weights.join:
            edges.next(entry)
            groups.join(a, b)
            edges.wake(entry, a, b)
        else:
            edges.apart(entry, groups, a, b)
    return groups.groups()


def linked(frontier: list[Profile], candidates: list[Profile], weights: Weights = DEFAULT) -> list[Profile]:
    """The candidates some profile of the frontier links to, each pair of kinds scored once."""
    held: dict[Profile, set[str]] = {}
    for p in frontier:
        held.setdefault(kind_of(p), set()).add(p.doc)
    kinds = list(held.items())
    index: dict[Profile, int] = {}
    scored: dict[tuple[int, int], tuple[float, float] | None] = {}
    found = []
    for q in candidates:
        key = kind_of(q)
        k = index.setdefault(key, len(index))
        for f, (kind, docs) in enumerate(kinds):
            if (f, k) not in scored:
                scored[f, k] = pair_scores(kind, key, weights)
            pair = scored[f, k]
            if pair and (
                (pair[0] >= weights.link and docs != {q.doc}) or (pair[1] >= weights.link and q.doc in docs)
            ):
                found.append(q)
                break
    return found
