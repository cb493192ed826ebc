"""Publication dates from whatever a feed or page metadata wrote, or None: a missing date is no error."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

import dateparser

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
# Absolute dates only: a publication field saying "yesterday" has lost its reference point.
_SETTINGS: dict[str, Any] = {
    "STRICT_PARSING": True,
    "DATE_ORDER": "MDY",
    "PARSERS": ["custom-formats", "absolute-time"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def parse_date(value: str | None) -> dt.date | None:
    """ISO first (fast), then dateparser; US month/day order for slashed dates, as FA-KES writes them."""
    text = (value or "").strip()
    if not text or not any(ch.isdigit() for ch in text):
        return None
    if _ISO.match(text):
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            return None
    return _dateparser(text[:100])


@lru_cache(maxsize=4096)
def _dateparser(text: str) -> dt.date | None:
    parsed = dateparser.parse(text, languages=["en", "ar"], settings=_SETTINGS)
    return parsed.date() if parsed else None
