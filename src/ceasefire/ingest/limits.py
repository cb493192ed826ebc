"""How much of one article the pipeline searches for deals; the stored text is never cut.

A real news article is rarely over 50,000 characters (FA-KES's longest is under 9,000). A text of
megabytes is a dump of many pages or a log. Extraction time grows with the square of an article's
trigger sentences (each joins one of the deals found before it): measured here, 200,000 characters dense
with deal words take about 14 s and 1,000,000 about 6 minutes. So only the first `SEARCH_LIMIT`
characters are cleaned and extracted, cut at a paragraph break, and a warning says so. Offsets into that
prefix are offsets into the stored text, so evidence stays valid.
"""

from __future__ import annotations

import dataclasses

from ceasefire.models import Article, Problem

SEARCH_LIMIT = 200_000
_BREAKS = ("\n\n", "\n", " ")


def search_end(text: str) -> int:
    """Where searching stops: the last paragraph, line or word break before the limit, else the limit."""
    if len(text) <= SEARCH_LIMIT:
        return len(text)
    for mark in _BREAKS:
        at = text.rfind(mark, SEARCH_LIMIT // 2, SEARCH_LIMIT)
        if at > 0:
            return at
    return SEARCH_LIMIT


def searchable(article: Article) -> Article:
    """The article as `clean` and `extract` should see it: whole, or its first `SEARCH_LIMIT` characters."""
    end = search_end(article.text)
    return article if end == len(article.text) else dataclasses.replace(article, text=article.text[:end])


def oversize_warning(article: Article) -> Problem | None:
    end = search_end(article.text)
    if end == len(article.text):
        return None
    reason = (
        f"article of {len(article.text):,} characters: stored whole, but only its first {end:,} are searched "
        f"for deals (limit {SEARCH_LIMIT:,}; a text this long is rarely one article: split it into one file "
        "per article to search it all)"
    )
    return Problem(article.source or article.id, article.record, reason, "warning")
