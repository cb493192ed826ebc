"""Dates resolved against the article's own date, at the precision the words allow."""

from __future__ import annotations

import datetime as dt

from _shared_text import article, mentions

from ceasefire.extract import dates


def test_dates_a_weekday_in_a_clause_about_the_future_counts_forward() -> None:
    """Published on a Monday: "On Tuesday the eighth round of UN-brokered talks will kick off"."""
    talks = next(m for m in mentions("fakes-1923102976") if m.types == ["political_process"])
    assert talks.date is not None
    assert (talks.date.start, talks.date.precision) == (dt.date(2017, 11, 28), "day")


def test_dates_the_article_dateline_wins_over_a_wrong_publication_date() -> None:
    """This FA-KES row says 2012; the article itself is dated 2016."""
    found = mentions("fakes-1962495675")
    assert article("fakes-1962495675").published == dt.date(2012, 8, 16)
    assert all(m.date and m.date.start.year == 2016 for m in found)
    assert any("disagrees" in note for m in found for note in m.notes)


def test_dates_a_month_is_only_a_month() -> None:
    """ "a March ceasefire" dates the ceasefire to March, at month precision."""
    ceasefire = mentions("fakes-1962495675")[0]
    assert ceasefire.date is not None
    assert (ceasefire.date.start, ceasefire.date.precision) == (dt.date(2016, 3, 1), "month")


def test_dates_a_stage_is_dated_by_its_own_day() -> None:
    """Fighters were given safe passage out of Deraa "on Tuesday", not "last week"."""
    evacuation = next(m for m in mentions("002_f27bd7b462f6375f") if "evacuation" in m.types)
    assert evacuation.date and evacuation.date.start == dt.date(2018, 7, 31)


def test_dates_relative_words_need_a_base() -> None:
    assert dates.find("on Tuesday", None) == []
    found = dates.find("on Tuesday", dt.date(2017, 11, 27), forward=True)
    assert found[0].date.start == dt.date(2017, 11, 28)
