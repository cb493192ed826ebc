"""Numbers of people or vehicles a deal moves or exchanges: "400 ISIS fighters", "Dozens of cars".

Vague amounts become ranges ("hundreds" is 200-999). A number next to a casualty word is never a count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from number_parser import parse_number

from ceasefire.extract.lexicon import _rows, alternation
from ceasefire.models import Count

_VAGUE = {
    "dozens": (24, 99),
    "several dozen": (24, 99),
    "a few dozen": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "several hundred": (200, 999),
    "a few hundred": (200, 999),
    "thousands": (2000, 9999),
    "several thousand": (2000, 9999),
    "tens of thousands": (20000, 99999),
}
_WORD_NUMBER = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?(?:\s+(?:hundred|thousand))?"
)
_NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?:\s+(?:thousand|million))?|{_WORD_NUMBER})"
_AMOUNT = re.compile(
    rf"\b(?:(?P<between>between\s+(?P<low>{_NUMBER})\s+(?:and|to)\s+(?P<high>{_NUMBER}))"
    r"|(?P<vague>tens of thousands|several hundred|a few hundred|several thousand|several dozen|a few dozen"
    r"|dozens|scores|hundreds"
    r"|thousands)"
    rf"|(?P<number>{_NUMBER}))\b",
    re.I,
)
# Between the amount and its noun: adjectives, "of", names of groups ("400 ISIS fighters").
_GAP = re.compile(
    r"^(?:\s+(?:of|the|their|its|other|more|[A-Z][\w'-]*|[a-z]+-[a-z]+|\d+-year-old|armed|pro-\w+|\w+ist|"
    r"besieged|trapped|wounded|sick|injured|local|foreign|opposition|rebel|regime|government|army|young|"
    r"little|aid|relief|humanitarian|food|medical)){0,3}\s+"
)
_ONE = re.compile(r"\b(?:a|an|one)\b", re.I)
_WINDOW = 40
_YEARS = (1900, 2100)
_YEAR_BEFORE = re.compile(r"\b(?:in|since|of|by|until|from|during|early|late|mid|year)\s*-?\s*$", re.I)
# "a 48-truck aid convoy": a figure joined to its noun by a hyphen.
_JOINED = re.compile(r"\b(?P<number>\d+)-(?P<noun>[a-z]+)\b")


@dataclass(frozen=True)
class CountHit:
    start: int
    end: int
    count: Count
    noun: str


@cache
def _units(path: Path | None = None, single: bool = False) -> list[tuple[str, str]]:
    """(noun, unit), longest first; with `single`, only the singular nouns that "a" or "one" counts."""
    rows = [r for r in _rows(path, "count_units.tsv") if not single or r.get("single") == "yes"]
    return sorted(((r["word"].lower(), r["unit"]) for r in rows), key=lambda item: -len(item[0]))


def unit_words() -> list[str]:
    """The nouns that name counted groups, for other stages that look for moved people."""
    return [word for word, _ in _units()]


def captive_words() -> list[str]:
    """The nouns that name hostages and prisoners."""
    return [word for word, unit in _units() if unit in ("hostages", "prisoners")]


@cache
def _blockers(side: str, path: Path | None = None) -> re.Pattern[str]:
    words = [r["word"] for r in _rows(path, "casualty_words.tsv") if r.get("side", "both") in (side, "both")]
    return re.compile(rf"\b(?:{alternation(words)})\b", re.I)


def _blocked(text: str, start: int, end: int) -> bool:
    """A casualty or force-size word near the figure: the number counts no moved group."""
    before = text[max(0, start - _WINDOW) : start]
    after = text[end : end + _WINDOW]
    return bool(_blockers("before").search(before) or _blockers("after").search(after))


def _year(text: str, match: re.Match[str], bounds: tuple[int, int]) -> bool:
    """ "in 2016 rebels left" is a year; "In exchange 2000 residents" is a count."""
    if not (_YEARS[0] <= bounds[0] <= _YEARS[1] and bounds[0] == bounds[1]):
        return False
    return bool(_YEAR_BEFORE.search(text[max(0, match.start() - 12) : match.start()]))


def _value(text: str) -> int | None:
    text = text.replace(",", "").strip().lower()
    scale = 1000 if text.endswith("thousand") and text[0].isdigit() else 1
    text = text.removesuffix(" thousand") if scale > 1 else text
    try:
        return int(float(text) * scale)
    except ValueError:
        parsed = parse_number(text)
        return int(parsed) if parsed is not None else None


def _range(match: re.Match[str]) -> tuple[int, int] | None:
    if match.group("vague"):
        return _VAGUE[match.group("vague").lower()]
    if match.group("between"):
        low, high = _value(match.group("low")), _value(match.group("high"))
        if low is None or high is None:
            return None
        if high >= 1000 and low < 100:
            low *= 10 ** (len(str(high)) - len(str(low)))
        return (min(low, high), max(low, high))
    number = _value(match.group("number"))
    return (number, number) if number else None


def _unit_after(text: str, end: int, single: bool = False) -> tuple[str, int] | None:
    """The unit of the noun after an amount, and where the noun ends."""
    for gap in (_GAP.match(text[end:]), re.match(r"^\s+", text[end:])):
        if gap is None:
            continue
        rest = text[end + gap.end() :].lower()
        for word, unit in _units(None, single):
            if rest.startswith(word) and not rest[len(word) : len(word) + 1].isalpha():
                return unit, end + gap.end() + len(word)
    return None


def _joined_unit(match: re.Match[str]) -> tuple[str, int] | None:
    """The unit of "48-truck": the singular noun's plural is a counted noun."""
    noun = match.group("noun").lower()
    units = dict(_units())
    unit = units.get(noun) or units.get(noun + "s") or units.get(noun + "es")
    return (unit, match.end()) if unit else None


def find(text: str, offset: int = 0) -> list[CountHit]:
    """Counted groups in a sentence, skipping casualties, force sizes and years."""
    found: list[tuple[re.Match[str], tuple[int, int] | None, tuple[str, int] | None]] = [
        (m, _range(m), _unit_after(text, m.end())) for m in _AMOUNT.finditer(text)
    ]
    found += [(m, (1, 1), _unit_after(text, m.end(), single=True)) for m in _ONE.finditer(text)]
    found += [(m, (int(m.group("number")),) * 2, _joined_unit(m)) for m in _JOINED.finditer(text)]
    hits: list[CountHit] = []
    for match, bounds, unit in found:
        if (
            bounds is None
            or unit is None
            or _year(text, match, bounds)
            or _blocked(text, match.start(), unit[1])
        ):
            continue
        noun = text[match.start() : unit[1]].split()[-1].split("-")[-1]
        count = Count(unit[0], bounds[0], bounds[1])
        hits.append(CountHit(match.start() + offset, unit[1] + offset, count, noun))
    return sorted(hits, key=lambda h: h.start)
