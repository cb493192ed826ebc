"""Where people move from and to, and movements reported without a deal word."""

from __future__ import annotations

from _shared_text import mentions, sentence

from ceasefire.extract import movement

SOUTH_SEED = "000_0b1afb231470981f"


def test_movement_direction_of_each_place() -> None:
    cars = sentence(SOUTH_SEED, "Dozens of cars")
    assert movement.direction(cars, cars.index("southern towns")) == "origin"
    assert movement.direction(cars, cars.index("Idlib")) == "destination"
    convoy = sentence(SOUTH_SEED, "Weeks later a convoy")
    assert movement.direction(convoy, convoy.index("Hajar")) == "origin"
    assert movement.direction(convoy, convoy.index("Raqqa")) == "destination"


def test_movement_without_a_deal_word_is_an_evacuation() -> None:
    convoy = sentence(SOUTH_SEED, "Weeks later a convoy")
    assert movement.moves(convoy) and movement.names_movers(convoy)


def test_movement_each_convoy_is_its_own_deal_with_its_destination() -> None:
    """Nusra fighters went from the south to Idlib; IS fighters from Hajar al-Aswad to Raqqa."""
    trips = {(m.origin.name, m.destination.name) for m in mentions(SOUTH_SEED) if m.origin and m.destination}
    assert ("southern Syria", "Idlib province") in trips
    assert ("Hajar al-Aswad", "Raqqa") in trips


def test_movement_destination_named_later_in_the_article() -> None:
    """ "a convoy had arrived in Badiya": the evacuation out of Deraa ends there."""
    evacuation = next(m for m in mentions("002_f27bd7b462f6375f") if "evacuation" in m.types)
    assert evacuation.origin and evacuation.origin.name == "Deraa"
    assert evacuation.destination and evacuation.destination.name == "Badiya"


def test_movement_release_of_captives_is_an_exchange() -> None:
    assert movement.release(sentence("002_f27bd7b462f6375f", "would release 30 hostages")) is not None
