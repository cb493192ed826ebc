"""Known agreements from the reference datasets, read into one shape so deals can be linked to them.

PA-X Local (`pax-local-syria.csv`: coordinates, ISO dates), PA-X (`pax-syria.csv`: dd/mm/yyyy dates,
no coordinates) and ETH/PRIO (`eth-prio-ceasefires-syria.csv`: one row per ceasefire and actor, -1 for
an unknown date part). Types come from the words of each title (`data/reference_types.tsv`); places
from the coordinates, else from the gazetteer over the title or description; none means the whole
country. A row that cannot be read is reported and skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ceasefire.actors import ActorLexicon
from ceasefire.consolidate.data import read_table
from ceasefire.geo import Gazetteer
from ceasefire.models import DEAL_TYPES, DealDate, Place, Problem

ENV = "CEASEFIRE_REFERENCE"
DEFAULT_DIR = Path("..") / "shared" / "reference"
PAX_LOCAL, PAX, ETH_PRIO = "PA-X Local", "PA-X", "ETH/PRIO"
FILES = {
    PAX_LOCAL: "pax-local-syria.csv",
    PAX: "pax-syria.csv",
    ETH_PRIO: "eth-prio-ceasefires-syria.csv",
}
Row = dict[str, str]


@dataclass(frozen=True)
class Agreement:
    """One known agreement; `places` empty means it covers the whole country."""

    dataset: str
    ref_id: str
    title: str
    date: DealDate
    types: frozenset[str]
    places: tuple[Place, ...]
    actors: frozenset[str]


def default_dir() -> Path:
    """Where the reference files are: $CEASEFIRE_REFERENCE, else ../shared/reference from here."""
    return Path(os.environ.get(ENV) or DEFAULT_DIR)


@cache
def _type_words() -> tuple[tuple[re.Pattern[str], str], ...]:
    rows = read_table("reference_types.tsv")
    return tuple(
        (re.compile(r"\b" + re.escape(row["word"]), re.IGNORECASE), row["type"])
        for row in rows
        if row["type"] in DEAL_TYPES
    )


def types_in(text: str) -> frozenset[str]:
    return frozenset(kind for pattern, kind in _type_words() if pattern.search(text))


def _places(text: str) -> tuple[Place, ...]:
    found = (place for _, _, place in Gazetteer.default().find(text))
    return tuple(dict.fromkeys(p for p in found if p.level != "country"))


def _actors(text: str) -> frozenset[str]:
    return frozenset(name for _, _, name in ActorLexicon.default().find(text))


def _day(year: int, month: int, day: int) -> DealDate:
    """A date with only the parts known: -1 (or 0) for an unknown month or day."""
    if month < 1:
        return DealDate(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    if day < 1:
        start = dt.date(year, month, 1)
        end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return DealDate(start, end, "month")
    return DealDate(dt.date(year, month, day), dt.date(year, month, day), "day")


def _pax_local(row: Row) -> Agreement:
    title = row["Agt"].strip()
    day = dt.date.fromisoformat(row["Dat"].strip())
    name = row["LocaleName"].strip() or title
    place = Place(name, float(row["LatDec"]), float(row["LongDec"]), "SY")
    return Agreement(
        dataset=PAX_LOCAL,
        ref_id=row["AgtId"].strip(),
        title=title,
        date=DealDate(day, day, "day"),
        types=types_in(f"{title} {row.get('description', '')}"),
        places=(place,),
        actors=_actors(f"{row.get('Part', '')} {row.get('ThrdPart', '')}"),
    )


def _pax(row: Row) -> Agreement:
    title = row["Agt"].strip()
    day = dt.datetime.strptime(row["Dat"].strip(), "%d/%m/%Y").date()
    return Agreement(
        dataset=PAX,
        ref_id=row["AgtId"].strip(),
        title=title,
        date=DealDate(day, day, "day"),
        types=types_in(title) | _stage_type(row.get("stage_label", "")),
        places=_places(title),
        actors=_actors(f"{title} {row.get('Part', '')} {row.get('ThrdPart', '')}"),
    )


def _stage_type(label: str) -> frozenset[str]:
    """PA-X files ceasefires as a stage of their own; its other stages say how far talks went, not what."""
    return frozenset({"ceasefire"}) if "ceasefire" in label.casefold() else frozenset()


def _eth_prio(rows: list[Row]) -> Agreement:
    """One ceasefire from its rows (one per actor): declared on cf_dec_*, else in effect on cf_effect_*."""
    first = rows[0]
    parts = [int(first[f"cf_dec_{part}"]) for part in ("yr", "month", "day")]
    if parts[0] < 1:
        parts = [int(first[f"cf_effect_{part}"]) for part in ("yr", "month", "day")]
    about = f"{first.get('cf_pp', '')} {first.get('comment', '')}"
    names = sorted({r["actor_name"].strip() for r in rows if r.get("actor_name")})
    mediators = first.get("mediator_send", "").strip()
    return Agreement(
        dataset=ETH_PRIO,
        ref_id=first["cf_id"].strip(),
        title=f"Ceasefire between {' and '.join(names)}"
        + (f" (mediators: {mediators})" if mediators not in ("", "0") else ""),
        date=_day(*parts),
        types=frozenset({"ceasefire"}),
        places=tuple(p for p in _places(about) if p.country == "SY"),
        actors=_actors(f"{' ; '.join(names)} ; {mediators}"),
    )


def _rows(path: Path) -> Iterator[tuple[int, Row]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from enumerate(csv.DictReader(handle), start=2)


def _read(path: Path, build: Callable[[Row], Agreement], problems: list[Problem]) -> list[Agreement]:
    found = []
    for line, row in _rows(path):
        try:
            found.append(build(row))
        except (KeyError, ValueError, TypeError) as err:
            problems.append(Problem(str(path), f"line {line}", f"cannot read this agreement: {err}"))
    return found


def _read_eth_prio(path: Path, problems: list[Problem]) -> list[Agreement]:
    ceasefires: dict[str, list[Row]] = {}
    for _, row in _rows(path):
        ceasefires.setdefault(row.get("cf_id", "").strip(), []).append(row)
    found = []
    for cf_id, rows in ceasefires.items():
        try:
            found.append(_eth_prio(rows))
        except (KeyError, ValueError, TypeError) as err:
            problems.append(Problem(str(path), f"cf_id {cf_id}", f"cannot read this ceasefire: {err}"))
    return found


def load(directory: Path) -> tuple[list[Agreement], list[Problem]]:
    """Every agreement of the three datasets found in `directory`, and what could not be read."""
    problems: list[Problem] = []
    agreements: list[Agreement] = []
    for dataset, name in FILES.items():
        path = directory / name
        if not path.is_file():
            problems.append(Problem(str(path), "", f"no {dataset} file here; its agreements are left out"))
        elif dataset == ETH_PRIO:
            agreements += _read_eth_prio(path, problems)
        else:
            agreements += _read(path, _pax_local if dataset == PAX_LOCAL else _pax, problems)
    return agreements, problems
