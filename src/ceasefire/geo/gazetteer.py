"""The gazetteer: every place name the pipeline can recognise, ranked for Syrian-war reporting."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from ceasefire.geo.cache import cached
from ceasefire.geo.names import ARTICLES, Case, NameMatcher, case_of, fold, key, packaged_text, unlead
from ceasefire.geo.sources import PACKAGED, USER, Entry, Rows, cities, countries, read_rows
from ceasefire.models import Place, Problem

EARTH_RADIUS_KM = 6371.0088
MIN_NAME_LENGTH = 3
# Words that make a phrase of a place name without moving it: "Hama city", "the town of Rastan".
_GENERIC_HEADS = frozenset(
    {
        "city",
        "town",
        "village",
        "district",
        "neighbourhood",
        "neighborhood",
        "area",
        "province",
        "governorate",
    }
)


class Gazetteer:
    """Place names -> places, built once from GeoNames and the editable gazetteer files.

    Where several places share a name the best ranked wins: the user's file, the packaged file, Syria,
    its neighbours, then the largest town. Names in the stop list are never places.
    """

    _default: ClassVar[Gazetteer | None] = None

    def __init__(
        self, entries: Iterable[Entry], stop: Iterable[str] = (), problems: Iterable[Problem] = ()
    ) -> None:
        self.stop = frozenset(fold(s) for s in stop)
        self.problems = list(problems)
        ranked: dict[str, tuple[tuple[int, int, int], Place]] = {}
        cases: dict[str, tuple[str, Case]] = {}
        for order, entry in enumerate(entries):
            rank = (entry.tier, -entry.population, order)
            for name in entry.names:
                folded = fold(name)
                named = unlead(folded)
                if not _meaningful(named):
                    continue
                if named not in ranked or rank < ranked[named][0]:
                    ranked[named] = (rank, entry.place)
                self._add_patterns(cases, folded, named, case_of(name))
        self._places = {k: place for k, (_, place) in ranked.items()}
        self._matcher = NameMatcher(
            {p: (self._places[k], case) for p, (k, case) in cases.items()}, keep=self.stop
        )

    def _add_patterns(self, cases: dict[str, tuple[str, Case]], folded: str, named: str, case: Case) -> None:
        """Indexes a name as written and without its article, the most lenient case rule winning."""
        for pattern in (folded, named):
            if pattern and pattern not in self.stop:
                known = cases.get(pattern)
                cases[pattern] = (named, min(case, known[1]) if known else case)

    @classmethod
    def load(cls, extra: Path | None = None) -> Gazetteer:
        """The gazetteer with a user's file, whose rows win over the packaged ones; built once and cached."""
        if extra is None:
            return cached("gazetteer", b"", cls.build)
        name = "gazetteer_" + hashlib.sha256(str(extra.resolve()).encode()).hexdigest()[:12]
        return cached(name, extra.read_bytes(), lambda: cls.build(extra))

    @classmethod
    def build(cls, extra: Path | None = None) -> Gazetteer:
        """Builds the index from a user's file, the packaged files and GeoNames (slow: `load` caches it)."""
        rows = Rows()
        if extra is not None:
            read_rows(extra.read_text("utf-8"), str(extra), USER, rows)
        read_rows(packaged_text("gazetteer.tsv"), "gazetteer.tsv", PACKAGED, rows)
        towns = list(cities(rows))
        capitals = {
            (e.place.country, key(e.names[0])): e.place for e in sorted(towns, key=lambda e: e.population)
        }
        entries = [*rows.entries, *towns, *countries(capitals)]
        return cls(entries, _stop_names(), rows.problems)

    @classmethod
    def default(cls) -> Gazetteer:
        """The packaged gazetteer, built on first use and shared by the whole process."""
        if cls._default is None:
            cls._default = cls.load()
        return cls._default

    def lookup(self, name: str) -> Place | None:
        """The best-ranked place for a name, whatever its spelling, case or article; None if unknown.

        "Hama city" or "the town of Rastan" is the town itself unless the gazetteer knows the phrase.
        """
        folded = fold(name)
        if folded in self.stop:
            return None
        for named in dict.fromkeys((unlead(folded), unlead(self._matcher.read(name)))):
            place = self._places.get(named) or self._places.get(unlead(_without_generic_word(named)))
            if place is not None:
                return place
        return None

    def find(self, text: str) -> list[tuple[int, int, Place]]:
        """Every place named in the text, as (start, end, place); the longest name wins an overlap."""
        return [(m.start, m.end, m.value) for m in self._matcher.find(text)]


def _without_generic_word(named: str) -> str:
    first, _, rest = named.partition(" ")
    if first in _GENERIC_HEADS and rest.startswith("of "):
        return rest[3:]
    head, _, last = named.rpartition(" ")
    return head if last in _GENERIC_HEADS and head else named


def _meaningful(named: str) -> bool:
    """Not a bare article or a fragment ("El Ad" folds to "al al"), nor a name ending on an article."""
    return len(named) >= MIN_NAME_LENGTH and named.rsplit(" ", 1)[-1] not in ARTICLES


def _stop_names() -> list[str]:
    text = packaged_text("gazetteer_stop.txt")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance, the measure the scorer uses to accept a place (within 50 km)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def same_admin(a: Place, b: Place) -> bool:
    """Whether two places lie in one country and, where both are known, one governorate."""
    if a.country != b.country:
        return False
    return a.admin1 is None or b.admin1 is None or a.admin1 == b.admin1
