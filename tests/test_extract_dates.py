"""Dates resolved against the article's own date, at the precision the words allow."""

from __future__ import annotations

import datetime as dt

from _shared_text import article, extractor, mentions, sentence

from ceasefire.clean import clean
from ceasefire.extract import dates
from ceasefire.models import Article, Mention


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


def _found(doc: str, words: str) -> list[dates.DateHit]:
    return dates.find(sentence(doc, words), article(doc).published)


def test_dates_days_ago_count_back_from_the_publication_date() -> None:
    """Published 19 August 2016: "The uneasy peace ... was broken two days ago"."""
    hit = _found("fakes-1923102855", "two days ago")[-1]
    assert (hit.date.start, hit.date.precision) == (dt.date(2016, 8, 17), "day")


def test_dates_a_week_is_no_day() -> None:
    """ "since it came into force last week": the week before, known only to that week."""
    hit = _found("fakes-1926479056", "came into force last week")[0]
    assert (hit.date.start, hit.date.end) == (dt.date(2016, 9, 12), dt.date(2016, 9, 18))
    assert hit.date.precision != "day"


def test_dates_since_a_weekday_on_that_weekday_is_a_week_back() -> None:
    """Published on Monday 19 September 2016: "a fragile ceasefire in place since Monday"."""
    hit = _found("fakes-1923102918", "in place since Monday")[0]
    assert hit.date.start == dt.date(2016, 9, 12) and hit.since


def test_dates_a_numeric_dateline_is_day_first() -> None:
    """ "01-06-2016" heads an article whose FA-KES row says 1 February 2016."""
    doc = "fakes-1965511187"
    assert dates.dateline(article(doc).text) == dt.date(2016, 6, 1)
    ceasefire = mentions(doc)[0]
    assert ceasefire.date and ceasefire.date.start == dt.date(2016, 2, 27)
    assert any("disagrees" in note for note in ceasefire.notes)


def test_dates_the_start_of_the_war_is_no_date_of_a_deal() -> None:
    """ "More than 320000 people have been killed in Syria since the conflict began in March 2011"."""
    assert all(m.date is None or m.date.start.year > 2011 for m in mentions("fakes-1924058036"))


def test_dates_a_siege_since_a_year_is_background() -> None:
    """ "Eastern Ghouta has been under siege ... since 2013 and no food aid convoys have entered ..."."""
    aid = mentions("fakes-1923102975")[0]
    assert aid.date and aid.date.start.year == 2017


def test_dates_a_turn_told_as_news_is_dated_the_day_it_is_told() -> None:
    """ "Syria's army announces the end of the freeze on fighting that began ... on September 12 2016",
    quoted on 19 September: the end is of the 19th, not of the 12th."""
    truce = next(m for m in mentions("fakes-1923102918") if m.evidence[0].text.startswith("The freeze"))
    assert truce.status == "collapsed" and truce.date and truce.date.start == dt.date(2016, 9, 19)


def test_dates_a_deal_named_after_despite_is_the_backdrop_of_the_news() -> None:
    text = "Government shelling killed six people in Kafr Nabl on Tuesday despite a truce in the town."
    assert dates.backdrop(text, [text.index("truce")]) == text.index("despite")
    breach = "Jets struck the town on Friday in breach of the Russian-brokered ceasefire."
    assert dates.backdrop(breach, [breach.index("ceasefire")]) == breach.index("in breach")


def test_dates_a_deal_that_is_itself_the_news_is_no_backdrop() -> None:
    text = "A truce took effect in Kafr Nabl on Tuesday despite heavy shelling."
    assert dates.backdrop(text, [text.index("truce")]) is None
    far = "Despite the shelling, which went on for weeks and killed dozens, the two sides signed a truce."
    assert dates.backdrop(far, [far.index("truce")]) is None


def _ours(text: str) -> Mention:
    """The one deal of an article we wrote, published on Wednesday 14 June 2017."""
    (deal,) = extractor().extract(clean(Article(id="ours", text=text, published=dt.date(2017, 6, 14))))
    return deal


def test_dates_the_day_of_a_violation_does_not_date_the_deal() -> None:
    """The shelling happened on Tuesday; when the truce began, the sentence does not say."""
    deal = _ours("Government shelling killed six people in Kafr Nabl on Tuesday despite a truce in the town.")
    assert "date" not in deal.provenance
    assert deal.date is not None and deal.date.precision == "month"


def test_dates_a_date_written_after_the_backdrop_deal_still_dates_it() -> None:
    deal = _ours("Jets hit Kafr Nabl on Tuesday despite a truce that Russia and Turkey brokered in May.")
    assert deal.date is not None
    assert (deal.date.start, deal.date.precision) == (dt.date(2017, 5, 1), "month")


def test_dates_a_deal_that_is_the_news_keeps_its_day() -> None:
    deal = _ours("A truce took effect in Kafr Nabl on Tuesday despite heavy shelling.")
    assert deal.date is not None
    assert (deal.date.start, deal.date.precision) == (dt.date(2017, 6, 13), "day")
