"""Dates in article text, resolved against a base date, at the precision the words allow.

"in December" is a month, "on Tuesday" a day, "last year" a year. The base is the article's own
dateline when it has one, else the publication date, else the latest full date written in the text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from number_parser import parse_number

from ceasefire.extract.lexicon import _rows, alternation
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
    # Agencies' numeric datelines are day first: "27.05.2017", "01-06-2016".
    (
        "numeric",
        re.compile(r"\b(?P<day>[0-3]?\d)(?P<sep>[./-])(?P<month>[01]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)\b"),
    ),
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
    ("weekday", re.compile(rf"\b(?P<last>last\s+|next\s+|since\s+)?{_WEEKDAY}\b", re.I)),
    (
        "ago",
        re.compile(
            r"\b(?P<count>\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
            r"(?P<unit>day|week|month|year)s?\s+ago\b",
            re.I,
        ),
    ),
    (
        "rel_day",
        re.compile(
            r"\b(?P<word>yesterday|today|tonight|last night|earlier today|this morning|this afternoon"
            r"|this evening)\b",
            re.I,
        ),
    ),
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
_SINCE = re.compile(r"\bsince\s+(?:(?:the|late|early|mid|on|in|evening|morning|night|of)\s+){0,4}$", re.I)
_SINCE_REACH = 40
_MONTHS_IN_YEAR = 12
_FULL = ("numeric", "dmy", "mdy", "mdy_glued", "my", "y")
# Between a backdrop word and the deal word: a few words and no clause break ("despite a Russian-brokered").
_BACKDROP_GAP = re.compile(r"^[\w'’\"\- ]*$")
_BACKDROP_WORDS = 5


@dataclass(frozen=True)
class DateHit:
    """A date in the text; `since` when it starts a span of time ("in place since Monday")."""

    start: int
    end: int
    date: DealDate
    since: bool = False


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
    if kind == "numeric":
        day, month = int(match.group("day")), int(match.group("month"))
        day, month = (month, day) if month > _MONTHS_IN_YEAR >= day else (day, month)
        d = _safe(int(match.group("year")), month, day)
        return _day(d) if d else None
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
    if kind == "ago":
        return _ago(match.group("count").lower(), match.group("unit").lower(), base)
    return _relative_word(kind, match.group("word").lower(), base)


def _ago(count: str, unit: str, base: dt.date) -> DealDate:
    """ "two days ago" is a day, "three weeks ago" only its week, "two months ago" a month."""
    n = 1 if count in ("a", "an") else int(parse_number(count) or 1)
    if unit == "day":
        return _day(base - dt.timedelta(days=n))
    if unit == "week":
        start = base - dt.timedelta(days=7 * n + base.weekday())
        return DealDate(start, start + dt.timedelta(days=6), "month")
    if unit == "month":
        index = base.year * 12 + base.month - 1 - n
        return _month_span(index // 12, index % 12 + 1)
    return DealDate(dt.date(base.year - n, 1, 1), dt.date(base.year - n, 12, 31), "year")


def _weekday(match: re.Match[str], base: dt.date, forward: bool) -> DealDate:
    target = _DAYS[match.group("weekday").lower()]
    back = (base.weekday() - target) % 7
    last = (match.group("last") or "").strip().lower()
    if last in ("last", "since") and back == 0:
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
        return DealDate(start, start + dt.timedelta(days=6), "month")
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
            if date is None and base is not None and kind not in _FULL:
                date = _relative(kind, match, base, forward)
            if date is not None:
                taken.append((match.start(), match.end()))
                before = text[max(0, match.start() - _SINCE_REACH) : match.start()]
                since = bool(_SINCE.search(before)) or match.group(0).lower().startswith("since")
                hits.append(DateHit(match.start() + offset, match.end() + offset, date, since))
    return sorted(hits, key=lambda h: h.start)


def dateline(text: str) -> dt.date | None:
    """A full date at the head of the article ("12 Jul 2016", "Last updated at Nov 272017")."""
    head = text[:_DATELINE_ZONE]
    days = [h.date.start for h in find(head, None) if h.date.precision == "day"]
    return days[0] if days else None


def is_dateline(text: str, hit: DateHit) -> bool:
    """Whether a date found in `text` is the article's own dateline, not a date of what it reports."""
    return hit.start < _DATELINE_ZONE and hit.date.precision == "day" and hit.date.start == dateline(text)


def latest_full_date(text: str) -> dt.date | None:
    """The latest day-precise date written out in full anywhere in the text."""
    days = [h.date.start for h in find(text, None) if h.date.precision == "day"]
    return max(days) if days else None


@cache
def _backdrop_cues() -> re.Pattern[str]:
    words = [r["cue"] for r in _rows(None, "backdrop_cues.tsv")]
    return re.compile(rf"\b(?:{alternation(words)})\b", re.I)


def backdrop(text: str, deal_starts: list[int]) -> int | None:
    """Where a sentence names its deal only as the backdrop of what it reports ("shells hit Douma on Monday
    despite a truce"): the start of the backdrop word that stands a few words before every deal word
    (offsets into `text`); None when some deal word is the sentence's own news."""
    found = []
    for start in deal_starts:
        cues = [m for m in _backdrop_cues().finditer(text[:start]) if _close(text[m.end() : start])]
        if not cues:
            return None
        found.append(cues[-1].start())
    return min(found) if found else None


def _close(gap: str) -> bool:
    return bool(_BACKDROP_GAP.match(gap)) and len(gap.split()) <= _BACKDROP_WORDS
