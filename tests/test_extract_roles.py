"""Actor roles read from the dependency parse."""

from __future__ import annotations

import pytest
from _shared_text import extractor, mentions, parse, sentence

from ceasefire.clean import clean
from ceasefire.extract import roles
from ceasefire.models import Article


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


def test_roles_a_side_near_only_a_preposition_is_no_party() -> None:
    """ "killed in Syrian regime and Russian bombing ... despite Damascus promises of a truce": Russia
    bombs; it is no side of the Eid truce."""
    truce = next(m for m in mentions("fakes-1923102823") if "ceasefire" in m.types)
    assert "Russia" not in {a.name for a in truce.actors}


def _actors(text: str) -> set[tuple[str, str]]:
    """The actors of the one deal in an article we wrote."""
    (deal,) = extractor().extract(clean(Article(id="ours", text=text)))
    return {(a.name, a.role) for a in deal.actors}


@pytest.mark.parametrize(
    ("text", "left_out"),
    [
        (
            "A truce between government forces and rebels took effect in Idlib on Monday. The truce does not"
            " apply to Islamic State fighters, who kept attacking army posts near the city.",
            "Islamic State",
        ),
        (
            "Government troops and rebels agreed a ceasefire in Daraa on Sunday, excluding Hayat Tahrir"
            " al-Sham.",
            "Hayat Tahrir al-Sham",
        ),
    ],
)
def test_roles_a_group_the_deal_leaves_out_is_no_actor(text: str, left_out: str) -> None:
    found = _actors(text)
    assert left_out not in {name for name, _ in found}
    assert {("Syrian government", "party"), ("Syrian opposition", "party")} <= found


def test_roles_a_group_in_a_clause_beside_the_deal_is_no_party() -> None:
    """ "while ...": the Islamic State group does something else while the two sides keep the truce."""
    found = _actors(
        "Government forces and Kurdish fighters have kept a truce in Qamishli for a month while the Islamic"
        " State group attacks villages to the south."
    )
    assert ("Islamic State", "party") not in found
    assert {("Syrian government", "party"), ("Syrian Democratic Forces", "party")} <= found


def test_roles_who_agrees_a_deal_between_others_brokers_it() -> None:
    found = _actors(
        "Russia, Iran and Turkey agreed to a ceasefire between the government and rebels across Syria on"
        " Thursday."
    )
    assert {("Russia", "mediator"), ("Iran", "mediator"), ("Turkey", "mediator")} <= found
    assert {("Syrian government", "party"), ("Syrian opposition", "party")} <= found
    assert ("Russia", "party") not in found
