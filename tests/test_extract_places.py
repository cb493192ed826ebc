"""Which places a sentence names are places of its deal, read through the parse."""

from __future__ import annotations

from _shared_text import mentions


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
