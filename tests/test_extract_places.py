"""Which places a sentence names are places of its deal, read through the parse."""

from __future__ import annotations

from _shared_text import extractor, mentions, parse, sentence

from ceasefire.extract import dealwords
from ceasefire.models import Mention


def test_places_a_speakers_place_is_no_place_of_the_deal() -> None:
    """ "A journalist in Sweida later told The National that a convoy had arrived in Badiya" """
    evacuation = next(m for m in mentions("002_f27bd7b462f6375f") if "evacuation" in m.types)
    assert evacuation.location is not None and evacuation.location.name != "Sweida"


def test_places_a_capital_standing_for_its_government_is_no_place() -> None:
    """ "Damascus forces and Kurdish fighters have enjoyed a truce": the truce is in Hasakah."""
    truce = next(m for m in mentions("fakes-1923102855") if "ceasefire" in m.types)
    assert truce.location is not None and truce.location.name == "Hasakah"


def test_places_a_military_push_towards_a_town_is_no_destination() -> None:
    """ "... as US-backed fighters advanced in their push towards ... Raqqa" """
    assert all(m.destination is None or m.destination.name != "Raqqa" for m in mentions("fakes-1924058032"))


def _with(doc: str, words: str) -> Mention:
    return next(m for m in mentions(doc) if any(words in e.text for e in m.evidence))


def test_places_a_nationwide_ceasefire_lies_in_the_whole_country() -> None:
    """ "announced a deal Saturday that would establish a nationwide cease-fire": Syria, not Aleppo."""
    truce = _with("fakes-1924058092", "nationwide cease-fire")
    assert truce.location is not None and (truce.location.name, truce.location.level) == ("Syria", "country")


def test_places_a_de_escalation_zone_keeps_its_own_place() -> None:
    """ "Idlib is one of four so-called de-escalation zones": the zone is Idlib, not the whole country."""
    zone = _with("fakes-1923102968", "de-escalation")
    assert zone.location is not None and zone.location.level != "country"


def test_places_a_word_of_scope_must_qualify_the_deal() -> None:
    parsed = parse(sentence("fakes-1924058092", "nationwide cease-fire"))
    hits = extractor().triggers.find(parsed.text)
    assert dealwords.nationwide(parsed, hits, 0)
    parsed = parse(sentence("fakes-1923102968", "de-escalation"))
    assert not dealwords.nationwide(parsed, extractor().triggers.find(parsed.text), 0)
