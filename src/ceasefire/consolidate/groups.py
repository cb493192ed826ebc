"""Groups of reports being joined, and the average score over all cross pairs of two of them."""

from __future__ import annotations

from ceasefire.consolidate.kinds import NANO, Kinds

# What an unlinkable pair (no common type, far apart in time) adds to a group's average: -1.0.
APART = -NANO
# Groups with at least this many kinds each remember their average (see `Groups.average`).
REMEMBER = 8


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
        self.known: dict[tuple[str, str], float] = {}
        self.remembered: dict[str, list[tuple[str, str]]] = {}

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
        value = self.kinds.between(self.kinds.kind[g], kind)
        return (0, 0) if value is None else (value, 1)

    def average(self, a: str, b: str) -> float:
        """The mean score over all cross pairs; a pair that could not be scored counts as APART.

        Two groups of many kinds keep their average until either changes: two big groups that cannot
        join are offered again by each pair of their reports that links.
        """
        key = (min(a, b), max(a, b))
        if key not in self.known:
            value = self._average(a, b)
            if min(len(self.count(a)), len(self.count(b))) < REMEMBER:
                return value
            self.known[key] = value
            for g in key:
                self.remembered.setdefault(g, []).append(key)
        return self.known[key]

    def _average(self, a: str, b: str) -> float:
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
                    apart = self.kinds.between(c, d)
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
        for key in (*self.remembered.pop(a, []), *self.remembered.pop(b, [])):
            self.known.pop(key, None)

    def _grow(self, g: str) -> None:
        """Give a single report the tables of a group."""
        if g in self.members:
            return
        kind = self.kinds.kind[g]
        self.members[g], self.of[g] = [g], g
        self.counts[g], self.docs[g] = {kind: 1}, {self.kinds.doc[g]: [kind]}
        self.common[g] = self.kinds.profiles[kind].types
        self.total[g] = dict(self.kinds.row(kind))
        self.scored[g] = dict.fromkeys(self.total[g], 1)

    def _add_row(self, keep: str, gone: str) -> None:
        """Add the gone group's sums to the kept one's, the shorter row into the longer."""
        if gone not in self.total:
            row, pairs = self.total[keep], self.scored[keep]
            for kind, value in self.kinds.row(self.kinds.kind[gone]):
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
