"""Dates in article text, resolved against a base date, at the precision the words allow.

"in December" is a month, "on Tuesday" a day, "last year" a year. The base is the article's own
dateline when it has one, else the publication date, else the latest full date written in the text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ceasefire.models import DealDate

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

# Order matters: the fuller forms are tried first and their text is not read again.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("dmy", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b")),
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,\s*|\s+){_YEAR}\b")),
    ("mdy_glued", re.compile(rf"\b{_MONTH}\s+(?P<day>[0-3]\d)(?P<year>20\d\d)\b")),
    ("dm", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b")),
    ("md", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:,\s*)?(?:19|20)\d\d)")),
    ("my", re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b")),
    (
        "m",
        re.compile(
            rf"\b(?:in|since|until|by|of|last|early|late|mid|mid-|this|next|from|during|on|a|the)\s+(?:early\s+|late\s+)?"
            rf"{_MONTH}\b(?!\s+\d)"
        ),
    ),
    ("weekday", re.compile(rf"\b(?P<last>last\s+|next\s+)?{_WEEKDAY}\b")),
    ("rel_day", re.compile(r"\b(?P<word>yesterday|today|tonight|last night)\b", re.I)),
    (
        "rel_week",
        re.compile(r"\b(?P<word>last week|this week|earlier this week|next week|past week)\b", re.I),
    ),
    (
        "rel_month",
        re.compile(r"\b(?P<word>last month|this month|earlier this month|next month|past month)\b", re.I),
    ),
    ("rel_year", re.compile(r"\b(?P<word>last year|this year|earlier this year|next year)\b", re.I)),
    ("y", re.compile(rf"\b(?:in|since|of|by|during|until|from|early|late|mid-?)\s+{_YEAR}\b")),
]

_DATELINE_ZONE = 250


@dataclass(frozen=True)
class DateHit:
    start: int
    end: int
    date: DealDate


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_of(match: re.Match[str]) -> int:
    return _MONTHS[match.group("month").lower().rstrip(".")]


def _nearest_year(base: dt.date, month: int, day: int, forward: bool) -> dt.date | None:
    """The year that puts month/day nearest the base; on a tie, or when not told, the past."""
    options = [d for y in (base.year - 1, base.year, base.year + 1) if (d := _safe(y, month, day))]
    if not options:
        return None
    past = [d for d in options if d <= base + dt.timedelta(days=1)]
    future = [d for d in options if d > base]
    if forward and future and (min(future) - base).days <= 62:
        return min(future)
    return max(past) if past else min(options)


def _month_span(year: int, month: int) -> DealDate:
    last = calendar.monthrange(year, month)[1]
    return DealDate(dt.date(year, month, 1), dt.date(year, month, last), "month")


def _day(d: dt.date) -> DealDate:
    return DealDate(d, d, "day")


def _full(kind: str, match: re.Match[str]) -> DealDate | None:
    """Dates that need no base."""
    if kind in ("dmy", "mdy", "mdy_glued"):
        d = _safe(int(match.group("year")), _month_of(match), int(match.group("day")))
        return _day(d) if d else None
    if kind == "my":
        return _month_span(int(match.group("year")), _month_of(match))
    if kind == "y":
        year = int(match.group("year"))
        return DealDate(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    return None


def _relative(kind: str, match: re.Match[str], base: dt.date, forward: bool) -> DealDate | None:
    """Dates that need the base: a day and month without a year, a weekday, "last week"."""
    if kind in ("dm", "md"):
        d = _nearest_year(base, _month_of(match), int(match.group("day")), forward)
        return _day(d) if d else None
    if kind == "m":
        month = _month_of(match)
        d = _nearest_year(base, month, 1, forward)
        return _month_span(d.year, month) if d else None
    if kind == "weekday":
        return _weekday(match, base, forward)
    return _relative_word(kind, match.group("word").lower(), base)


def _weekday(match: re.Match[str], base: dt.date, forward: bool) -> DealDate:
    target = _DAYS[match.group("weekday").lower()]
    back = (base.weekday() - target) % 7
    last = (match.group("last") or "").strip().lower()
    if last == "last" and back == 0:
        back = 7
    if last == "next" or (forward and last != "last"):
        return _day(base + dt.timedelta(days=(target - base.weekday()) % 7))
    return _day(base - dt.timedelta(days=back))


def _relative_word(kind: str, word: str, base: dt.date) -> DealDate | None:
    if kind == "rel_day":
        return _day(base - dt.timedelta(days=1) if word in ("yesterday", "last night") else base)
    shift = -1 if word.startswith(("last", "past")) else 1 if word.startswith("next") else 0
    if kind == "rel_week":
        start = base + dt.timedelta(days=7 * shift - base.weekday())
        return DealDate(start, start + dt.timedelta(days=6), "day")
    if kind == "rel_month":
        month_index = base.year * 12 + base.month - 1 + shift
        return _month_span(month_index // 12, month_index % 12 + 1)
    year = base.year + shift
    return DealDate(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def find(text: str, base: dt.date | None, offset: int = 0, forward: bool = False) -> list[DateHit]:
    """Every date expression in `text`; relative ones only when there is a base to resolve them."""
    taken: list[tuple[int, int]] = []
    hits: list[DateHit] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            date = _full(kind, match)
            if date is None and base is not None and kind not in ("dmy", "mdy", "mdy_glued", "my", "y"):
                date = _relative(kind, match, base, forward)
            if date is not None:
                taken.append((match.start(), match.end()))
                hits.append(DateHit(match.start() + offset, match.end() + offset, date))
    return sorted(hits, key=lambda h: h.start)


def dateline(text: str) -> dt.date | None:
    """A full date at the head of the article ("12 Jul 2016", "Last updated at Nov 272017")."""
    head = text[:_DATELINE_ZONE]
    days = [h.date.start for h in find(head, None) if h.date.precision == "day"]
    return days[0] if days else None


def latest_full_date(text: str) -> dt.date | None:
    """The latest day-precise date written out in full anywhere in the text."""
    days = [h.date.start for h in find(text, None) if h.date.precision == "day"]
    return max(days) if days else None
