"""The linked pairs of reports (a score of at least `link`), strongest first and then by ids.

Each kind keeps, in the order of their first pairs, the kinds it links with: a heap holds the next kind
pair of each kind and the kind pairs being walked through, never every pair at once. A kind pair yields
the pairs of its reports from two articles, by id; pairs from one article are scored apart, one by one.
Clustering tells the edges how each pair fared: a kind pair whose reports all sit in one group is
dropped, and one whose reports all sit in two groups that cannot join waits until either group changes,
since until then each of its pairs would fail alike.
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator

from ceasefire.consolidate.kinds import Kinds, score

Pair = tuple[str, str]
# Minus the score, the pair's two ids in order, and where it comes from: a kind pair being walked (its
# number), a pair that has no other (ONE), or the queue of kind c (QUEUE - c).
Entry = tuple[float, str, str, int]
ONE = -1
QUEUE = -2
Counts = Callable[[str], dict[int, int]]


def walk(kinds: Kinds, c: int, d: int, after: Pair | None = None) -> Iterator[Pair]:
    """The pairs of a report of kind c and one of kind d from different articles, by id, after `after`."""
    first, second = kinds.members[c], kinds.members[d] if c != d else []
    lows = [bisect_left(ids, after[0]) if after else 0 for ids in (first, second)]
    for x in heapq.merge(first[lows[0] :], second[lows[1] :]):
        partners = kinds.members[d] if kinds.kind[x] == c else kinds.members[c]
        start = bisect_right(partners, after[1] if after and x == after[0] else x)
        for at in range(start, len(partners)):
            if kinds.doc[x] != kinds.doc[partners[at]]:
                yield x, partners[at]


class Edges:
    """The pairs still to take, and the kind pairs waiting for a group to change."""

    def __init__(self, kinds: Kinds, link: float) -> None:
        self.kinds = kinds
        self.heap: list[Entry] = []
        self.queues: list[array[int]] = []
        self.taken: list[int] = []
        self.blocks: list[tuple[int, int]] = []
        self.walks: dict[int, Iterator[Pair]] = {}
        self.waiting: dict[str, list[int]] = {}
        self.parked: set[int] = set()
        for c in range(len(kinds.profiles)):
            linked = [(-score(v), d) for d, v in kinds.row(c) if d >= c and score(v) >= link]
            heads = sorted((key, pair, d) for key, d in linked if (pair := self._first(c, d)))
            self.queues.append(array("i", (d for _, _, d in heads)))
            self.taken.append(0)
            self._queue(c)
        self._one_article(link)
        heapq.heapify(self.heap)

    def _queue(self, c: int) -> None:
        """Put the next kind pair of kind c on the heap, by its first pair."""
        if self.taken[c] < len(self.queues[c]):
            d = self.queues[c][self.taken[c]]
            pair = self._first(c, d)
            heapq.heappush(self.heap, (self._minus(c, d), *pair, QUEUE - c))  # type: ignore[misc]

    def _first(self, c: int, d: int) -> Pair | None:
        """The first pair of a kind pair; for two kinds of one report each, without walking."""
        if c != d and len(self.kinds.members[c]) == len(self.kinds.members[d]) == 1:
            x, y = sorted((self.kinds.members[c][0], self.kinds.members[d][0]))
            return (x, y) if self.kinds.doc[x] != self.kinds.doc[y] else None
        return next(walk(self.kinds, c, d), None)

    def _minus(self, c: int, d: int) -> float:
        """Minus the score of a kind pair that links."""
        return -score(self.kinds.between(c, d) or 0)

    def _one_article(self, link: float) -> None:
        by_doc: dict[str, list[str]] = {}
        for x, doc in self.kinds.doc.items():
            by_doc.setdefault(doc, []).append(x)
        for ids in by_doc.values():
            ids.sort()
            for i, x in enumerate(ids):
                for y in ids[i + 1 :]:
                    value = self.kinds.score(x, y)
                    if value is not None and score(value) >= link:
                        self.heap.append((-score(value), x, y, ONE))

    def pop(self) -> Entry | None:
        """The next pair; a kind pair taken from its kind's queue starts its walk."""
        if not self.heap:
            return None
        entry = heapq.heappop(self.heap)
        if entry[3] > QUEUE:
            return entry
        c = QUEUE - entry[3]
        d = self.queues[c][self.taken[c]]
        self.taken[c] += 1
        self._queue(c)
        if c != d and len(self.kinds.members[c]) == len(self.kinds.members[d]) == 1:
            return entry[0], entry[1], entry[2], ONE
        pairs = walk(self.kinds, c, d, (entry[1], entry[2]))
        self.blocks.append((c, d))
        self.walks[len(self.blocks) - 1] = pairs
        return entry[0], entry[1], entry[2], len(self.blocks) - 1

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

    def within(self, entry: Entry, count: Counts, g: str) -> None:
        """The pair sits in one group: drop its kind pair if all its reports do."""
        block = entry[3]
        if block >= 0 and self.kinds.whole(count(g), *self.blocks[block]):
            del self.walks[block]
        else:
            self.next(entry)

    def apart(self, entry: Entry, count: Counts, a: str, b: str) -> None:
        """The pair's groups cannot join: its kind pair waits for them if all its reports are in them."""
        block = entry[3]
        if block >= 0:
            c, d = self.blocks[block]
            whole = self.kinds.whole
            if (whole(count(a), c) and whole(count(b), d)) or (whole(count(a), d) and whole(count(b), c)):
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
                if self._minus(c, d) != entry[0]:
                    del self.walks[block]
                    continue
                self.walks[block] = walk(self.kinds, c, d, (entry[1], entry[2]))
                self.next((entry[0], "", "", block))
