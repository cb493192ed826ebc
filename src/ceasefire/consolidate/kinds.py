"""Reports as clustering sees them: kinds of reports, and the scores between kinds.

Reports that clustering cannot tell apart (the same types, time, places, actors and stage: outlets
running one wire story) are one kind, scored once against every other kind. Scores are kept in
billionths, which `affinity` rounds them to, so that sums over many pairs are exact in any order; each
kind keeps its comparable kinds and their scores in two flat arrays, a dozen bytes a pair.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator

from ceasefire.consolidate.profile import Profile
from ceasefire.consolidate.similarity import DEFAULT, Weights, pair_scores

NANO = 1_000_000_000


def kind_of(p: Profile) -> Profile:
    """What clustering sees of a report: everything but which report and which article it is."""
    return dataclasses.replace(p, id="", doc="")


def nanos(score: float) -> int:
    return round(score * NANO)


def score(value: int) -> float:
    """Back to the rounded score: the float closest to value / NANO, which is what `round(..., 9)` gave."""
    return value / NANO


class Kinds:
    """The distinct profiles in order of their start (undated last), who reports each, and the scores of
    every comparable pair of kinds (a kind with two or more reports is compared with itself too)."""

    def __init__(self, profiles: Iterable[Profile], weights: Weights = DEFAULT) -> None:
        reporting: dict[Profile, list[str]] = {}
        self.doc: dict[str, str] = {}
        for p in profiles:
            reporting.setdefault(kind_of(p), []).append(p.id)
            self.doc[p.id] = p.doc
        order = sorted(reporting.items(), key=lambda item: (_start(item[0]), min(item[1])))
        self.profiles = [key for key, _ in order]
        self.members = [sorted(ids) for _, ids in order]
        self.kind = {i: k for k, ids in enumerate(self.members) for i in ids}
        self.weights = weights
        self.near = [array("i") for _ in order]
        self.values = [array("q") for _ in order]
        self._same: dict[tuple[int, int], int | None] = {}
        self._score_all()

    def _score_all(self) -> None:
        """A sweep over start dates; since kinds are numbered in that order, each kind's comparable kinds
        come out in ascending order, ready for `between` to search."""
        dated = sum(1 for p in self.profiles if p.when)
        for c in range(dated):
            a = self.profiles[c]
            for d in range(c, dated):
                b = self.profiles[d]
                if (b.when[0] - a.when[1]).days > self.weights.max_gap_days:  # type: ignore[index]
                    break
                found = pair_scores(a, b, self.weights)
                if found is not None:
                    self._add(c, d, nanos(found[0]))

    def _add(self, c: int, d: int, value: int) -> None:
        for one, other in {(c, d), (d, c)}:
            self.near[one].append(other)
            self.values[one].append(value)

    def row(self, c: int) -> Iterator[tuple[int, int]]:
        """Each kind comparable with this one, with the score of a pair of their reports from two articles."""
        return zip(self.near[c], self.values[c], strict=True)

    def between(self, c: int, d: int) -> int | None:
        """The score of two reports of these kinds from two articles; None when they cannot be one deal."""
        near = self.near[c]
        at = bisect_left(near, d)
        return self.values[c][at] if at < len(near) and near[at] == d else None

    def same(self, c: int, d: int) -> int | None:
        """The score of two reports of these kinds in one article."""
        key = (min(c, d), max(c, d))
        if key not in self._same:
            found = pair_scores(self.profiles[c], self.profiles[d], self.weights)
            self._same[key] = None if found is None else nanos(found[1])
        return self._same[key]

    def score(self, x: str, y: str) -> int | None:
        """The score of two reports."""
        c, d = self.kind[x], self.kind[y]
        return self.same(c, d) if self.doc[x] == self.doc[y] else self.between(c, d)

    def whole(self, count: dict[int, int], *kinds: int) -> bool:
        """Whether a group holding these counts of each kind holds every report of these kinds."""
        return all(count.get(k) == len(self.members[k]) for k in kinds)


def _start(p: Profile) -> tuple[bool, dt.date]:
    return (False, p.when[0]) if p.when else (True, dt.date.min)


def linked(frontier: list[Profile], candidates: list[Profile], weights: Weights = DEFAULT) -> list[Profile]:
    """The candidates that some profile of the frontier `links` to, each kind of candidate compared once
    with each kind of the frontier, and nothing kept of the pairs."""
    docs: dict[Profile, set[str]] = {}
    in_doc: dict[str, list[Profile]] = {}
    for p in frontier:
        docs.setdefault(kind_of(p), set()).add(p.doc)
        in_doc.setdefault(p.doc, []).append(kind_of(p))
    reached: dict[Profile, set[str]] = {}
    found = []
    for q in candidates:
        kind = kind_of(q)
        if kind not in reached:
            reached[kind] = _articles_linking(kind, docs, weights)
        same = (pair_scores(other, kind, weights) for other in in_doc.get(q.doc, ()))
        if reached[kind] - {q.doc} or any(pair and pair[1] >= weights.link for pair in same):
            found.append(q)
    return found


def _articles_linking(kind: Profile, docs: dict[Profile, set[str]], weights: Weights) -> set[str]:
    """Articles of the frontier with a report that links to this kind from another article: two are
    enough to tell that any report of the kind links, and the search stops there."""
    found: set[str] = set()
    for other, held in docs.items():
        pair = pair_scores(other, kind, weights)
        if pair and pair[0] >= weights.link:
            found |= set(list(held)[:2])
            if len(found) > 1:
                break
    return found
