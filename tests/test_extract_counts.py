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
        ("fakes-1924058047", "48-truck", Count("vehicles", 48, 48)),
        ("fakes-1924058066", "several dozen trucks", Count("vehicles", 24, 99)),
        ("fakes-1918150027", "In exchange 2000", Count("people", 2000, 2000)),
        ("fakes-1919191772", "More than 5000 people", Count("people", 5000, 5000)),
    ],
)
def test_counts_found_in_real_sentences(doc: str, words: str, expected: Count) -> None:
    assert expected in [hit.count for hit in counts.find(sentence(doc, words))]


def test_counts_casualties_are_never_counted() -> None:
    assert counts.find(sentence("002_f27bd7b462f6375f", "More than 250 people were killed")) == []


def test_counts_people_an_aid_convoy_feeds_are_not_moved() -> None:
    """ "a convoy of 20 aid trucks carrying enough supplies to feed 185000 people" moves 20 trucks."""
    found = [hit.count for hit in counts.find(sentence("fakes-1923102941", "20 aid trucks"))]
    assert found == [Count("vehicles", 20, 20)]


def test_counts_a_deal_keeps_each_moved_group_once() -> None:
    evacuation = next(m for m in mentions("002_f27bd7b462f6375f") if "evacuation" in m.types)
    assert Count("fighters", 400, 400) in evacuation.counts
    assert Count("hostages", 30, 30) in evacuation.counts
    assert len(evacuation.counts) == len(set(evacuation.counts))


def test_counts_talks_and_sources_give_none() -> None:
    """ "Four opposition members ... told the Financial Times" counts no fighters."""
    assert all(not m.counts for m in mentions("004_829e68070c908ee5"))
