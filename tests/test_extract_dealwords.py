"""Whether a sentence's deal words name a deal, and which."""

from __future__ import annotations

from _shared_text import mentions

from ceasefire.extract import dealwords


def test_dealwords_a_ceasefire_line_is_geography() -> None:
    """The Golan Heights ceasefire line of 1974 is no deal reported by an article about an air strike."""
    assert mentions("fakes-1915433693") == ()


def test_dealwords_attempts_in_general_name_no_deal() -> None:
    """ "several attempts at securing a long-lasting truce have faltered" """
    told = [e.text for m in mentions("fakes-1923848276") for e in m.evidence]
    assert not any("several attempts" in text for text in told)


def test_dealwords_a_deal_only_talked_about_joins_the_talks() -> None:
    """Officials "set to discuss refugee returns and the release of prisoners" at the Astana talks."""
    astana = next(m for m in mentions("002_f27bd7b462f6375f") if m.location and m.location.name == "Astana")
    assert any("release of prisoners" in e.text for e in astana.evidence)
    assert astana.types == ["political_process"]


def test_dealwords_terms_run_from_their_phrase_to_the_end_of_the_clause() -> None:
    """The phrases of data/term_cues.tsv; a sentence we wrote."""
    said = "Fighters will leave the town In exchange for an end to the shelling; the talks go on."
    assert dealwords.stated_terms(said) == ["In exchange for an end to the shelling"]
    assert dealwords.stated_terms("The truce held in Homs.") == []


def test_dealwords_a_passage_can_speak_of_the_whole_country() -> None:
    """The phrases of data/scope_cues.tsv, read anywhere in the passage."""
    assert dealwords.names_whole_country("The truce is holding throughout Syria, monitors said.")
    assert not dealwords.names_whole_country("The truce is holding in Homs, monitors said.")
