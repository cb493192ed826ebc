"""Counts of people and vehicles a deal moves or exchanges, never casualties."""

from __future__ import annotations

import pytest
from _shared_text import mentions, sentence

from ceasefire.extract import counts
from ceasefire.models import Count


@pytest.mark.parametrize(
    ("doc", "words", "expected"),
    [
        ("000_0b1afb231470981f", "Dozens of cars", Count("vehicles", 24, 99)),
        ("002_f27bd7b462f6375f", "400 ISIS fighters", Count("fighters", 400, 400)),
        ("002_f27bd7b462f6375f", "Thirty women and children", Count("hostages", 30, 30)),
        ("003_a7b96c9b4165c2b6", "between six and eight thousand", Count("fighters", 6000, 8000)),
        ("fakes-1924058039", "10-year-old girl", Count("civilians", 1, 1)),
    ],
)
def test_counts_found_in_real_sentences(doc: str, words: str, expected: Count) -> None:
    assert expected in [hit.count for hit in counts.find(sentence(doc, words))]


def test_counts_casualties_are_never_counted() -> None:
    assert counts.find(sentence("002_f27bd7b462f6375f", "More than 250 people were killed")) == []


def test_counts_a_deal_keeps_each_moved_group_once() -> None:
    evacuation = next(m for m in mentions("002_f27bd7b462f6375f") if "evacuation" in m.types)
    assert Count("fighters", 400, 400) in evacuation.counts
    assert Count("hostages", 30, 30) in evacuation.counts
    assert len(evacuation.counts) == len(set(evacuation.counts))


def test_counts_talks_and_sources_give_none() -> None:
    """ "Four opposition members ... told the Financial Times" counts no fighters."""
    assert all(not m.counts for m in mentions("004_829e68070c908ee5"))
