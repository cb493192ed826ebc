"""Whether a sentence's deal words name a deal, and which."""

from __future__ import annotations

from _shared_text import mentions


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
