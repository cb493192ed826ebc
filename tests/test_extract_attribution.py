"""Who each passage is credited to."""

from __future__ import annotations

from _shared_text import mentions, parse, sentence

from ceasefire.extract import attribution


def test_attribution_told_an_outlet() -> None:
    who, pronoun = attribution.credit(parse(sentence("002_f27bd7b462f6375f", "told AFP")))
    assert who is not None and who.startswith("Rami Abdel Rahman") and who.endswith("(told AFP)")
    assert not pronoun


def test_attribution_according_to() -> None:
    who, _ = attribution.credit(parse(sentence("000_0b1afb231470981f", "interviewed by Reuters")))
    assert who == "the non-Syrian sources interviewed by Reuters"


def test_attribution_kept_in_the_evidence() -> None:
    sources = {e.source for m in mentions("002_f27bd7b462f6375f") for e in m.evidence}
    assert "local sources" in sources
