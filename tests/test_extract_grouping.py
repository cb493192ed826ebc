"""One mention, one deal: sentences join the deal they tell, headlines join the body's deal."""

from __future__ import annotations

from _shared_text import mentions

SOUTH_SEED = "000_0b1afb231470981f"
EVACUATION_SEED = "002_f27bd7b462f6375f"
ANKARA_SEED = "004_829e68070c908ee5"


def test_grouping_two_evacuations_and_the_ceasefires_around_damascus() -> None:
    found = mentions(SOUTH_SEED)
    assert sorted(tuple(m.types) for m in found) == [("ceasefire",), ("evacuation",), ("evacuation",)]


def test_grouping_a_ministry_named_for_reconciliation_is_no_deal() -> None:
    assert all("reconciliation" not in m.types for m in mentions(SOUTH_SEED))


def test_grouping_the_headline_joins_the_body_deal() -> None:
    found = mentions(EVACUATION_SEED)
    evacuation = next(m for m in found if "evacuation" in m.types)
    assert evacuation.evidence[0].start == 0
    assert sum(1 for m in found if "evacuation" in m.types) == 1


def test_grouping_talks_and_the_surrender_they_negotiate_are_one_deal() -> None:
    surrender = next(
        m for m in mentions(ANKARA_SEED) if "surrender" in m.types and "ceasefire" not in m.types
    )
    told = " ".join(e.text for e in surrender.evidence)
    assert "talks in Ankara" in told and "brokering talks" in told


def test_grouping_a_background_agreement_in_the_same_sentence_is_its_own_deal() -> None:
    """The unsuccessful Kerry-Lavrov agreement of September is a ceasefire of its own."""
    ceasefire = next(m for m in mentions(ANKARA_SEED) if "ceasefire" in m.types)
    assert ceasefire.status == "collapsed"
    assert ceasefire.date and (ceasefire.date.start.year, ceasefire.date.start.month) == (2016, 9)


def test_grouping_the_other_half_of_an_exchange_joins_its_deal() -> None:
    """People left al-Foua; "In exchange" residents of Madaya were bussed to Idlib: one deal."""
    evacuations = [m for m in mentions("fakes-1918150027") if "evacuation" in m.types]
    assert len(evacuations) == 1
    named = {p.name for p in evacuations[0].places}
    assert "Madaya" in named and any("Fu" in name for name in named)


def test_grouping_talks_in_geneva_and_in_astana_stay_apart() -> None:
    venues = {
        m.location.name for m in mentions(EVACUATION_SEED) if m.types == ["political_process"] and m.location
    }
    assert {"Astana", "Geneva"} <= venues


def test_grouping_two_deals_in_coordinate_clauses_are_two_deals() -> None:
    """ "A series of peace talks were brokered by the UN in February ... but long-lasting ceasefires have not
    held": the talks and the truces are told apart."""
    found = mentions("fakes-1919191745")
    opening = [m for m in found if any("series of peace talks" in e.text for e in m.evidence)]
    assert {tuple(m.types) for m in opening} == {("political_process",), ("ceasefire",)}


def test_grouping_talks_about_a_new_deal_are_a_deal_of_their_own() -> None:
    """Fighters were evacuated from the Old City of Homs; "a deal is being negotiated for a truce in Waer"."""
    found = mentions("fakes-1923848300")
    waer = [m for m in found if any("negotiated for a truce" in e.text for e in m.evidence)]
    assert len(waer) == 1 and waer[0].types == ["ceasefire"] and waer[0].status == "negotiating"
    assert any("evacuation" in m.types for m in found if m is not waer[0])
