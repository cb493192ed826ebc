"""Names a deal's sentence sets outside the deal, read from the parse (sentences we wrote)."""

from __future__ import annotations

import pytest
from _shared_text import parse

from ceasefire.extract import scope


def _outside(text: str, deal: str) -> scope.Outside:
    at = text.index(deal)
    return scope.Outside.read(parse(text), [(at, at + len(deal))], [(at, at + len(deal))])


def _named(text: str, name: str) -> tuple[int, int]:
    return text.index(name), text.index(name) + len(name)


@pytest.mark.parametrize(
    ("text", "name", "deal", "left_out"),
    [
        ("The deal excludes the Islamic State group.", "Islamic State", "deal", True),
        (
            "The Nusra Front was excluded from the ceasefire agreed on Friday.",
            "Nusra Front",
            "ceasefire",
            True,
        ),
        (
            "Jaish al-Islam is not part of the agreement, its spokesman said.",
            "Jaish al-Islam",
            "agreement",
            True,
        ),
        (
            "The army and rebels agreed a truce that covers every group except Jaish al-Islam.",
            "Jaish al-Islam",
            "truce",
            True,
        ),
        (
            "The army and rebels agreed a truce that covers every group except Jaish al-Islam.",
            "rebels",
            "truce",
            False,
        ),
        ("The truce was not applied to the town, rebels said.", "rebels", "truce", False),
    ],
)
def test_scope_a_group_the_sentence_leaves_out(text: str, name: str, deal: str, left_out: bool) -> None:
    sentence = parse(text)
    span = sentence.char_span(*_named(text, name), alignment_mode="expand")
    assert _outside(text, deal).excluded(span) is left_out


@pytest.mark.parametrize(
    ("text", "name", "aside"),
    [
        (
            "The army and rebels kept the truce in Homs while the Islamic State group shelled Palmyra.",
            "Islamic State",
            True,
        ),
        (
            "The army and rebels kept the truce in Homs while the Islamic State group shelled Palmyra.",
            "rebels",
            False,
        ),
        (
            "While the army and rebels kept the truce, the Islamic State group shelled Palmyra.",
            "rebels",
            False,
        ),
    ],
)
def test_scope_a_group_in_a_clause_beside_the_deal(text: str, name: str, aside: bool) -> None:
    sentence = parse(text)
    span = sentence.char_span(*_named(text, name), alignment_mode="expand")
    assert _outside(text, "truce").aside(span) is aside
