import json
from pathlib import Path

import pytest

from ceasefire.actors import ActorLexicon

SHARED = Path(__file__).parents[1].parent / "shared"


@pytest.fixture(scope="module")
def lexicon() -> ActorLexicon:
    return ActorLexicon.default()


def _article(doc_id: str) -> str:
    for line in (SHARED / "corpus" / "fakes.jsonl").read_text("utf-8").splitlines():
        article = json.loads(line)
        if article["id"] == doc_id:
            return f"{article['title']}\n\n{article['text']}"
    raise LookupError(doc_id)


def test_actors_every_scorer_alias_resolves(lexicon: ActorLexicon) -> None:
    table = json.loads((SHARED / "eval" / "actors.json").read_text("utf-8"))
    resolved = {
        alias: lexicon.canonical(alias) for name, aliases in table.items() for alias in [name, *aliases]
    }
    expected = {alias: name for name, aliases in table.items() for alias in [name, *aliases]}
    assert resolved == expected


def test_actors_gold_names_are_canonical(lexicon: ActorLexicon) -> None:
    names = set()
    for path in (SHARED / "eval" / "gold").glob("*.jsonl"):
        for line in path.read_text("utf-8").splitlines():
            names.update(actor["name"] for actor in json.loads(line)["actors"])
    unknown = {name for name in names if lexicon.canonical(name) is None}
    assert {name: lexicon.canonical(name) for name in names - unknown} == {
        name: name for name in names - unknown
    }
    # Local committees are named after their town; no lexicon can list them all.
    assert unknown == {"Jayrud notables", "al-Waer local leaders"}


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Russian", "Russia"),
        ("the Russians", "Russia"),
        ("Turkish", "Turkey"),
        ("Iranian", "Iran"),
        ("American", "United States"),
        ("Syrian government's", "Syrian government"),
        ("The Regime", "Syrian government"),
        ("Assad forces", "Syrian government"),
        ("ISIS", "Islamic State"),
        ("Isis", "Islamic State"),
        ("Daesh", "Islamic State"),
        ("Jaish al-Islam", "Jaysh al-Islam"),
        ("Hay'at Tahrir al-Sham", "Hayat Tahrir al-Sham"),
        ("Jabhat an-Nusra", "Jabhat al-Nusra"),
        ("Ahrar ash-Sham", "Ahrar al-Sham"),
        ("rebel", "Syrian opposition"),
        ("Faylaq al-Rahman", "Syrian opposition"),
        ("Staffan de Mistura", "United Nations"),
        ("SARC", "Syrian Arab Red Crescent"),
        ("Red Cross", "International Committee of the Red Cross"),
        ("ISSG", "International Syria Support Group"),
        ("Britain", "United Kingdom"),
    ],
)
def test_actors_alternate_names_resolve(lexicon: ActorLexicon, name: str, canonical: str) -> None:
    assert lexicon.canonical(name) == canonical


def test_actors_short_acronyms_need_capitals(lexicon: ActorLexicon) -> None:
    text = "It is what it is, us and them: IS and US envoys met the UN, not the un-named."
    found = [(text[s:e], name) for s, e, name in lexicon.find(text)]
    assert found == [("IS", "Islamic State"), ("US", "United States"), ("UN", "United Nations")]
    assert lexicon.canonical("is") is None and lexicon.canonical("us") is None
    assert lexicon.canonical("IS") == "Islamic State" and lexicon.canonical("U.S.") == "United States"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A US-Russia brokered truce", [("US", "United States"), ("Russia", "Russia")]),
        ("the Turkish-Russian deal", [("Turkish", "Turkey"), ("Russian", "Russia")]),
        ("a Russian-brokered evacuation", [("Russian", "Russia")]),
        ("U.S.-backed SDF fighters", [("U.S.", "United States"), ("SDF", "Syrian Democratic Forces")]),
    ],
)
def test_actors_adjectives_yield_each_actor(lexicon: ActorLexicon, text: str, expected: list) -> None:
    assert [(text[s:e], name) for s, e, name in lexicon.find(text)] == expected


def test_actors_longest_name_wins(lexicon: ActorLexicon) -> None:
    text = "Jabhat Fateh al-Sham and the Free Syrian Army left; the Islamic State group stayed."
    found = [(text[s:e], name) for s, e, name in lexicon.find(text)]
    assert found == [
        ("Jabhat Fateh al-Sham", "Jabhat al-Nusra"),
        ("Free Syrian Army", "Syrian opposition"),
        ("Islamic State group", "Islamic State"),
    ]


def test_actors_people_and_capitals_have_their_own_kind(lexicon: ActorLexicon) -> None:
    assert lexicon.canonical("Lavrov") == "Russia" and lexicon.kind("Lavrov") == "person"
    assert lexicon.canonical("Bashar al-Assad") == "Syrian government" and lexicon.kind("Assad") == "person"
    assert lexicon.canonical("Nazarbayev") == "Kazakhstan" and lexicon.kind("Nazarbayev") == "person"
    assert lexicon.kind("Moscow") == "capital" and lexicon.canonical("Moscow") == "Russia"
    assert lexicon.kind("Russia") == "state" and lexicon.kind("Islamic State") == "armed_group"
    assert lexicon.kind("Syrian Arab Red Crescent") == "organisation"
    assert lexicon.kind("Druze leaders") == "community"


def test_actors_find_in_a_fakes_article(lexicon: ActorLexicon) -> None:
    text = _article("fakes-1923102941")
    found = lexicon.find(text)
    assert all(lexicon.canonical(text[s:e]) == name for s, e, name in found)
    assert {name for _, _, name in found} >= {
        "Russia",
        "United States",
        "Syrian government",
        "Syrian opposition",
        "United Nations",
        "Syrian Arab Red Crescent",
        "International Syria Support Group",
    }


def test_actors_user_file_adds_rows_and_reports_bad_ones(tmp_path: Path) -> None:
    user = tmp_path / "actors.tsv"
    user.write_text(
        "canonical\tkind\taliases\nSyrian opposition\tarmed_group\tJaish al-Thuwar\nNobody\tghost\tSpooks\n",
        "utf-8",
    )
    lexicon = ActorLexicon.load(user)
    assert lexicon.canonical("Jaish al-Thuwar") == "Syrian opposition"
    assert lexicon.canonical("Spooks") is None
    assert [p.record for p in lexicon.problems] == ["row 2"]
