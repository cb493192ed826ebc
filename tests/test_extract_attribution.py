"""Who each passage is credited to."""

from __future__ import annotations

from _shared_text import mentions, parse, sentence

from ceasefire.extract import attribution

OFFER_SEED = "001_0ee55f5e9b0ac4c9"


def test_attribution_told_an_outlet() -> None:
    who, pronoun, _ = attribution.credit(parse(sentence("002_f27bd7b462f6375f", "told AFP")))
    assert who is not None and who.startswith("Rami Abdel Rahman") and who.endswith("(told AFP)")
    assert not pronoun


def test_attribution_an_outlet_with_a_hyphen_is_named_whole() -> None:
    who = attribution.credit(parse(sentence(OFFER_SEED, "had refused the offer"))).who
    assert who is not None and who.endswith("(told Al-Souria Net)")


def test_attribution_a_relative_pronoun_stands_for_its_noun() -> None:
    """ "The sources that spoke with Al-Souria Net expressed fear ...": the sources, not "that"."""
    credit = attribution.credit(parse(sentence(OFFER_SEED, "expressed fear")))
    assert credit.who == "The sources that spoke with Al-Souria Net"


def test_attribution_a_claim_at_second_hand_names_its_claimant() -> None:
    """ "They said that the Assad regime has spread rumors that ...": the regime's claim, via them."""
    credit = attribution.credit(parse(sentence(OFFER_SEED, "spread rumors")))
    assert credit.pronoun and credit.claimant == "the Assad regime"


def test_attribution_the_claimant_is_credited_via_the_resolved_speaker() -> None:
    offer = next(m for m in mentions(OFFER_SEED) if "reconciliation" in m.types)
    rumor = next(e for e in offer.evidence if "spread rumors" in e.text)
    assert rumor.source == "the Assad regime (via The sources that spoke with Al-Souria Net)"


def test_attribution_according_to() -> None:
    who = attribution.credit(parse(sentence("000_0b1afb231470981f", "interviewed by Reuters"))).who
    assert who == "the non-Syrian sources interviewed by Reuters"


def test_attribution_kept_in_the_evidence() -> None:
    sources = {e.source for m in mentions("002_f27bd7b462f6375f") for e in m.evidence}
    assert "local sources" in sources
