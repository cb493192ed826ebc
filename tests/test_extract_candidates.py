"""What one sentence says about a deal, read through its parse: which places and sides are the deal's own."""

from __future__ import annotations

from _shared_text import mentions


def _places(doc: str) -> set[str]:
    return {p.name for m in mentions(doc) for p in m.places}


def test_candidates_a_speakers_place_is_no_place_of_the_deal() -> None:
    """ "A journalist in Sweida later told The National that a convoy had arrived in Badiya" """
    evacuation = next(m for m in mentions("002_f27bd7b462f6375f") if "evacuation" in m.types)
    assert evacuation.location is not None and evacuation.location.name != "Sweida"


def test_candidates_a_capital_standing_for_its_government_is_no_place() -> None:
    """ "Damascus forces and Kurdish fighters have enjoyed a truce": the truce is in Hasakah."""
    truce = next(m for m in mentions("fakes-1923102855") if "ceasefire" in m.types)
    assert truce.location is not None and truce.location.name == "Hasakah"


def test_candidates_a_military_push_towards_a_town_is_no_destination() -> None:
    """ "... as US-backed fighters advanced in their push towards ... Raqqa" """
    assert all(m.destination is None or m.destination.name != "Raqqa" for m in mentions("fakes-1924058032"))


def test_candidates_a_ceasefire_line_is_geography() -> None:
    """The Golan Heights ceasefire line of 1974 is no deal reported by an article about an air strike."""
    assert mentions("fakes-1915433693") == ()


def test_candidates_attempts_in_general_name_no_deal() -> None:
    """ "several attempts at securing a long-lasting truce have faltered" """
    told = [e.text for m in mentions("fakes-1923848276") for e in m.evidence]
    assert not any("several attempts" in text for text in told)


def test_candidates_a_deal_only_talked_about_joins_the_talks() -> None:
    """Officials "set to discuss refugee returns and the release of prisoners" at the Astana talks."""
    astana = next(m for m in mentions("002_f27bd7b462f6375f") if m.location and m.location.name == "Astana")
    assert any("release of prisoners" in e.text for e in astana.evidence)
    assert astana.types == ["political_process"]
