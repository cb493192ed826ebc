"""Where people move from and to, and movements reported without a deal word."""

from __future__ import annotations

from _shared_text import extractor, mentions, sentence

from ceasefire.clean import clean
from ceasefire.extract import movement
from ceasefire.models import Article, Mention

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


def test_movement_a_release_someone_is_blamed_for_is_no_deal() -> None:
    """Sentences we wrote: a charge of freeing prisoners is no release under a deal."""
    assert movement.release("Opposition groups are accusing the regime of freeing 300 prisoners.") is None
    assert movement.release("The government was accused of releasing jihadist prisoners in 2011.") is None
    assert movement.release("The regime released 40 prisoners, accusing rebels of delays.") is not None
    text = "Regime blamed for prisoner releases\n\nThe government was accused of releasing jihadists."
    assert extractor().extract(clean(Article(id="ours", text=text))) == []


RAQQA_EXIT = "fakes-1965495364"


def test_movement_a_deal_that_lets_people_leave_is_an_evacuation() -> None:
    """ "Daesh terrorists made a deal the units of ... SDF operating near Raqqa allowing them to leave the
    embattled city": no trigger phrase, yet a deal of safe exit."""
    deal = sentence(RAQQA_EXIT, "allowing them to leave")
    assert movement.permitted_exit(deal) is not None
    exit_ = next(m for m in mentions(RAQQA_EXIT) if any("made a deal" in e.text for e in m.evidence))
    assert "evacuation" in exit_.types and exit_.status == "agreed"


def test_movement_an_evacuation_lies_where_people_leave_from() -> None:
    """The convoy left Raqqa for Palmyra: the deal lies in Raqqa, however often Palmyra is named."""
    exit_ = next(m for m in mentions(RAQQA_EXIT) if "evacuation" in m.types)
    assert exit_.location and exit_.location.name == "Raqqa"
    assert exit_.origin and exit_.origin.name == "Raqqa"
    assert exit_.destination and exit_.destination.name == "Palmyra"


def test_movement_a_place_that_only_says_where_the_next_lies_is_none() -> None:
    """ "families and fighters from the Damascus suburb of Daraya": they left Daraya."""
    origins = {m.origin.name for m in mentions("fakes-1918398786") if m.origin}
    assert "Daraya" in origins and "Damascus" not in origins


def test_movement_a_truce_that_lets_people_leave_is_also_an_evacuation() -> None:
    """ "a three-day humanitarian truce intended to allow civilians and surrendering rebels to leave the
    east"; "a truce in Homs in 2014 allowed for the withdrawal of fighters from the Old City"."""
    for doc, words in (("fakes-1923848281", "intended to allow"), ("fakes-1923102863", "withdrawal of")):
        assert movement.permitted_exit(sentence(doc, words)) is not None
        truce = next(m for m in mentions(doc) if any(words in e.text for e in m.evidence))
        assert {"ceasefire", "evacuation"} <= set(truce.types) and truce.origin is not None


def test_movement_leaving_words_include_quitting_a_place() -> None:
    assert movement.leaves("Under the terms all fighters must quit the town within a week.")
    assert movement.leaves("The army opened corridors for civilians wishing to leave.")
    assert not movement.leaves("Rebels agreed to hand over their heavy weapons to the army.")


def _ours(text: str) -> Mention:
    """The one deal of an article we wrote."""
    (deal,) = extractor().extract(clean(Article(id="ours", text=text)))
    return deal


def test_movement_a_surrender_that_sends_fighters_away_has_an_origin() -> None:
    """A surrender whose sentence says the fighters leave names where they leave from."""
    deal = _ours("Rebels in Talbiseh agreed to surrender their heavy weapons and quit Talbiseh under a deal.")
    assert deal.types == ["surrender"]
    assert deal.origin and deal.origin.name == "Talbiseh"


def test_movement_a_surrender_that_lets_civilians_leave_starts_from_its_place() -> None:
    deal = _ours(
        "The army urged rebels in Talbiseh to lay down their arms and surrender, and opened safe passages for"
        " civilians wishing to leave."
    )
    assert deal.origin and deal.origin.name == "Talbiseh"


def test_movement_a_surrender_in_place_moves_no_one() -> None:
    """Fighters who stay, or a delegation from the capital, tell of no trip."""
    stay = _ours("Rebels in Talbiseh agreed to surrender their weapons to the army and stay in their homes.")
    assert stay.origin is None
    talks = _ours("A delegation from Damascus negotiated the surrender of rebels in Talbiseh.")
    assert talks.origin is None
