"""Actor roles read from the dependency parse."""

from __future__ import annotations

import pytest
from _shared_text import mentions, parse, sentence

from ceasefire.extract import roles


def _role(doc: str, words: str, name: str, deal: str | None = None) -> str:
    text = sentence(doc, words)
    start = text.index(name)
    spans = [(text.index(deal), text.index(deal) + len(deal))] if deal else []
    return roles.role_of(parse(text), start, start + len(name), spans)


@pytest.mark.parametrize(
    ("doc", "words", "name", "role"),
    [
        ("004_829e68070c908ee5", "Turkey has been brokering", "Turkey", "mediator"),
        ("fakes-1919191772", "brokered by regime ally Iran", "Iran", "mediator"),
        ("000_0b1afb231470981f", "operated as guarantors", "Russians", "guarantor"),
        ("003_a7b96c9b4165c2b6", "as proposed by the UN envoy", "UN envoy", "mediator"),
    ],
)
def test_roles_from_verbs_and_nouns(doc: str, words: str, name: str, role: str) -> None:
    assert _role(doc, words, name) == role


def test_roles_a_prefix_qualifying_the_deal_gives_a_role() -> None:
    assert _role("fakes-1924058065", "due to begin", "UN", deal="peace negotiations") == "mediator"


def test_roles_a_name_qualifying_a_place_is_no_side() -> None:
    assert _role("fakes-1923102898", "rebel-held east Aleppo", "rebel") == roles.NONE


def test_roles_a_far_off_role_noun_does_not_reach_a_name() -> None:
    """The parser hangs "the Russian Federation" on "The Special Envoy" eleven words away."""
    assert _role("002_f27bd7b462f6375f", "formal consultations", "Russian Federation") == "party"


def test_roles_in_a_whole_article() -> None:
    """Turkey brokers the talks in Ankara; Russia and the rebels are the sides."""
    surrender = next(m for m in mentions("004_829e68070c908ee5") if m.types == ["surrender"])
    found = {(a.name, a.role) for a in surrender.actors}
    assert {("Turkey", "mediator"), ("Russia", "party"), ("Syrian opposition", "party")} <= found


def test_roles_a_country_named_as_a_place_is_no_side() -> None:
    """ "peace talks from Tuesday in Astana, Kazakhstan" """
    names = {a.name for m in mentions("002_f27bd7b462f6375f") for a in m.actors}
    assert "Kazakhstan" not in names
