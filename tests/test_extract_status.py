"""Status read through the parse: modality, negation, attachment to the deal, and the story's order."""

from __future__ import annotations

from _shared_text import mentions, parse, sentence

from ceasefire.extract import status

EVACUATION_SEED = "002_f27bd7b462f6375f"
OFFER_SEED = "001_0ee55f5e9b0ac4c9"
NUSRA_SEED = "003_a7b96c9b4165c2b6"
ANKARA_SEED = "004_829e68070c908ee5"


def _stages(doc: str, words: str) -> set[str]:
    return {vote.status for vote in status.votes(parse(sentence(doc, words)))}


def test_status_under_intent_a_done_deed_is_only_proposed() -> None:
    """ "ready to urge the Syrian government to let Al-Nusra Front militants exit Aleppo" """
    assert _stages(NUSRA_SEED, "ready to urge") == {"proposed"}


def test_status_a_condition_holds_in_its_own_clause() -> None:
    """ "If you [Al-Nusra] did decide to leave ...": the parser hangs "If" on a bracket, not on the verb."""
    assert _stages(NUSRA_SEED, "did decide to leave") == {"proposed"}


def test_status_a_raising_verb_is_no_proposal() -> None:
    assert _stages("fakes-1926479296", "largely to be holding") == {"implemented"}


def test_status_an_adjective_on_the_deal_says_its_state_now() -> None:
    votes = status.votes(parse(sentence(ANKARA_SEED, "unsuccessful Kerry-Lavrov")))
    collapsed = [v for v in votes if v.status == "collapsed"]
    assert collapsed and collapsed[0].time == status.NOW


def test_status_past_perfect_is_background() -> None:
    votes = status.votes(parse(sentence(EVACUATION_SEED, "had faltered")))
    assert {v.time for v in votes if v.status == "collapsed"} == {status.EARLIER}


def test_status_background_collapse_gives_way_to_the_deal_carried_out() -> None:
    """Talks between Druze leaders and ISIS had faltered; then the fighters were given safe passage."""
    evacuation = next(m for m in mentions(EVACUATION_SEED) if "evacuation" in m.types)
    assert evacuation.status == "implemented"


def test_status_an_offer_refused_again_and_again_is_rejected() -> None:
    offer = next(m for m in mentions(OFFER_SEED) if "reconciliation" in m.types)
    assert offer.status == "rejected"


def test_status_talks_due_to_begin_are_proposed() -> None:
    """Previous rounds that failed are background to talks due to begin in Geneva."""
    talks = next(m for m in mentions("fakes-1924058065") if m.types == ["political_process"])
    assert talks.status == "proposed"


def test_status_talks_under_way_about_a_surrender_are_negotiating() -> None:
    surrender = next(m for m in mentions(ANKARA_SEED) if m.types == ["surrender"])
    assert surrender.status == "negotiating"


def test_status_decide_prefers_the_latest_stage_in_force() -> None:
    earlier = [status.Vote("implemented", 3.0, status.PAST)]
    later = [status.Vote("collapsed", 2.0, status.NOW)]
    assert status.decide([earlier, later]) == "collapsed"
    resumed = [status.Vote("implemented", 3.0, status.AFTER)]
    assert status.decide([earlier, later, resumed]) == "implemented"


def test_status_without_a_word_about_it_takes_the_default_of_its_type() -> None:
    assert status.decide([[]], status.defaults()["ceasefire"]) == "implemented"
    assert status.defaults()["political_process"] == "negotiating"
