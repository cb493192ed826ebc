"""clean: the seed pages lose their boilerplate and keep their content; FA-KES articles pass through whole."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from ceasefire.clean import clean
from ceasefire.clean.judge import boilerplate
from ceasefire.clean.rules import load_rules, parse_rules
from ceasefire.ingest import read_paths
from ceasefire.models import Article, CleanDoc, Span

SHARED = Path(__file__).parents[1].parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
FAKES = SHARED / "corpus" / "fakes.jsonl"
# What FA-KES texts may lose: page furniture that the cut rules remove, never whole lines.
FAKES_JUNK = {
    "site footer",
    "publisher blurb",
    "agency standards footer",
    "comment widget",
    "link list",
    "share buttons",
    "photo caption",
}
SENTENCE = re.compile(r"[^.!?]+[.!?]+[\"”]?")


@cache
def seed(name: str) -> CleanDoc:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return clean(Article(id=path.stem, text=path.read_text(encoding="utf-8"), source=str(path)))


@cache
def fakes() -> list[Article]:
    return [item for item in read_paths([FAKES]) if isinstance(item, Article)]


def texts(doc: CleanDoc) -> list[str]:
    return [text for _, text in doc.passage_texts()]


def dropped(doc: CleanDoc) -> list[tuple[str, str]]:
    return [(doc.article.text[d.start : d.end], d.reason) for d in doc.dropped]


def assert_partition(doc: CleanDoc) -> None:
    """Passages and dropped spans are stripped, apart, in order, and hold every non-blank character."""
    text = doc.article.text
    spans = sorted([(p.start, p.end) for p in doc.passages] + [(d.start, d.end) for d in doc.dropped])
    position = 0
    for start, end in spans:
        assert position <= start < end
        assert text[position:start].strip() == ""
        assert text[start:end] == text[start:end].strip()
        position = end
    assert text[position:].strip() == ""
    assert doc.passages == sorted(doc.passages, key=lambda span: span.start)


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_clean_offsets_point_into_the_original_text(name: str) -> None:
    doc = seed(name)
    assert_partition(doc)
    for span, passage in doc.passage_texts():
        assert passage == doc.article.text[span.start : span.end] and passage


@pytest.mark.parametrize(
    ("name", "begins", "reason"),
    [
        ("003", "icon bookmark-bicon bookmarkicon cameraicon", "menu icons"),
        ("001", "Logo Wide", "site logo"),
        ("004", "in ,", "empty byline"),
        ("004", "Subscribe", "comment widget"),
        ("004", "Notify of", "comment widget"),
        ("004", "guest", "comment widget"),
        ("004", "0 Comments", "comment widget"),
        ("004", "Inline Feedbacks", "comment widget"),
        ("004", "View all comments", "comment widget"),
        ("004", "What do you think?", "comment widget"),
        ("004", "Report", "comment widget"),
        ("002", "epa06912336 A handout photo", "photo caption"),
        ("002", "Beta V.1.0 - Powered by automated translation", "machine translation notice"),
        ("002", "Read more:", "link list"),
        ("002", "The tragedy that befell", "link list"),
        ("002", "White Helmets", "link list"),
        ("002", "Syrian army advances against", "link list"),
        ("004", "The statements, views and opinions expressed in this column", "site disclaimer"),
        ("001", "This article was translated and edited by The Syrian Observer", "translation credit"),
        ("000", "[Continue reading…]", "link to the full story"),
        ("001", "Helpful keywords", "keyword list"),
        ("001", "Russia Wages Hidden War in Syria", "repeats an earlier line"),
        ("004", "Desperate Liberals show", "justext: boilerplate"),
        ("004", "2017 – year of rapprochement", "justext: boilerplate"),
    ],
)
def test_clean_drops_seed_boilerplate(name: str, begins: str, reason: str) -> None:
    doc = seed(name)
    assert any(text.startswith(begins) and why == reason for text, why in dropped(doc)), dropped(doc)
    if reason != "repeats an earlier line":
        assert not any(passage.startswith(begins) for passage in texts(doc))


def test_clean_drops_both_copies_of_a_disclaimer() -> None:
    reasons = [why for text, why in dropped(seed("004")) if text.startswith("The statements, views")]
    assert reasons == ["site disclaimer", "site disclaimer"]


@pytest.mark.parametrize(
    ("name", "begins"),
    [
        ("000", "Russia facilitates ceasefire deals with safe passage"),
        ("000", "Dozens of cars left southern towns of Syria in December"),
        ("001", "Russia Wages Hidden War in Syria"),
        ("001", "Rebel military sources claim Moscow"),
        ("001", "Items of the Agreement"),
        ("001", "— Regime forces would be compelled to stop"),
        ("001", "— All medical supplies and other necessities"),
        ("001", "— If approved, negotiations and communications"),
        ("001", "— Anyone from the regime side would be forbidden"),
        ("001", "They said that the Assad regime has spread rumors"),
        ("002", "ISIS fighters offered safe passage out of Deraa"),
        ("002", "Evacuation agreement believed to be part of a deal"),
        ("002", "Hundreds of ISIS fighters were given safe passage"),
        ("002", "Negotiations between"),
        ("002", "“In exchange, ISIS would release 30 hostages"),
        ("002", "“They took 400 ISIS fighters"),
        ("003", "Russia ready to support UN envoy"),
        ("003", "Lavrov noted that according to the UN estimations"),
        ("003", "Moscow: US did not provide proper data"),
        ("004", "CONFIRMED: Russia negotiates with Turkey"),
        ("004", "This is what I said:"),
        ("004", "“Washington isolated itself."),
        ("004", "My opinion however remains"),
    ],
)
def test_clean_keeps_seed_content(name: str, begins: str) -> None:
    assert any(passage.startswith(begins) for passage in texts(seed(name)))


def test_clean_keeps_datelines() -> None:
    assert "7 Oct, 2016 12:29" in texts(seed("003"))


def test_clean_cuts_only_the_trailing_marker() -> None:
    last = texts(seed("000"))[-1]
    assert last.startswith("“The Russians want all the battles") and last.endswith("said the source.")


def test_clean_title_comes_first() -> None:
    firsts = [texts(seed(name))[0] for name in ("001", "003", "004")]
    assert firsts[0].startswith("Russia Wages Hidden War") and firsts[2].startswith("CONFIRMED:")
    assert firsts[1] == "7 Oct, 2016 12:29" and texts(seed("003"))[1].startswith("Russia ready to support")


def test_clean_fakes_articles_keep_every_sentence() -> None:
    articles = fakes()
    assert len(articles) == 792
    for article in articles:
        doc = clean(article)
        assert_partition(doc)
        assert doc.passages[0] == Span(0, len(article.title))
        assert {d.reason for d in doc.dropped} <= FAKES_JUNK, (article.id, dropped(doc))
        trailing = min(
            (d.start for d in doc.dropped if d.end == len(article.text)), default=len(article.text)
        )
        for match in SENTENCE.finditer(article.text, len(article.title), trailing):
            if len(match.group().split()) >= 6:
                assert _kept_share(doc, match.start(), match.end()) > 0.9, (article.id, match.group())


def _kept_share(doc: CleanDoc, start: int, end: int) -> float:
    """The share of a sentence kept; a photo caption the naive splitter ran into it is no part of it."""
    kept = sum(max(0, min(end, p.end) - max(start, p.start)) for p in doc.passages)
    captions = [d for d in doc.dropped if d.reason == "photo caption"]
    caption = sum(max(0, min(end, d.end) - max(start, d.start)) for d in captions)
    return kept / max(1, len(doc.article.text[start:end].strip()) - caption)


def test_clean_fakes_trailing_junk_goes() -> None:
    by_reason = {d.reason for article in fakes() for d in clean(article).dropped}
    assert by_reason == FAKES_JUNK
    reuters = next(a for a in fakes() if a.text.endswith("The Thomson Reuters Trust Principles."))
    doc = clean(reuters)
    assert dropped(doc)[-1] == (
        "Our Standards:The Thomson Reuters Trust Principles.",
        "agency standards footer",
    )
    assert "Trust Principles" not in texts(doc)[-1]


def test_clean_raw_fakes_row_with_inline_share_buttons() -> None:
    rows = read_paths([SHARED / "corpus" / "fakes-raw.csv"])
    article = next(a for a in rows if isinstance(a, Article) and "Twitter font size" in a.text)
    doc = clean(article)
    assert ("Twitter font size", "share buttons") in dropped(doc)
    assert len(doc.passages) == 3 and texts(doc)[2].startswith("Activists said regime forces")


def test_clean_splits_a_record_around_inline_junk() -> None:
    body = (
        "Activists reported strikes on Saraqib Idlib Twitter font size Activists said regime forces used gas."
    )
    doc = clean(Article(id="x", text=f"Coalition demands action\n\n{body}", title="Coalition demands action"))
    assert texts(doc) == [
        "Coalition demands action",
        "Activists reported strikes on Saraqib Idlib",
        "Activists said regime forces used gas.",
    ]
    assert dropped(doc) == [("Twitter font size", "share buttons")]


def test_clean_protects_what_justext_alone_would_drop() -> None:
    title = "51 martyrs escorted from hospital"
    body = "25 April 2017 51 martyrs from Kefraya escorted from Military Hospital in Aleppo"
    assert boilerplate([title, body]) == [True, True]
    assert texts(clean(Article(id="x", text=f"{title}\n\n{body}", title=title))) == [title, body]


def test_clean_joins_the_lines_of_a_wrapped_paragraph() -> None:
    wrapped = "The truce began at noon and the\nfirst buses left at dusk, officials said."
    text = f"Truce in Homs\n\n{wrapped}\n\nNobody was hurt."
    doc = clean(Article(id="x", text=text))
    assert texts(doc) == [
        "Truce in Homs",
        wrapped,
        "Nobody was hurt.",
    ]


def test_clean_lets_justext_drop_short_labels_that_are_no_sentence() -> None:
    text = (
        "Truce in Homs\n\nThe truce began at noon; the first buses left at dusk, officials said.\n\nMore news"
    )
    assert dropped(clean(Article(id="x", text=text))) == [("More news", "justext: boilerplate")]


def test_clean_judges_long_documents_in_windows() -> None:
    paragraph = (
        "Negotiators in Astana agreed that the de-escalation zones would be monitored by the guarantors."
    )
    text = "Talks in Astana\n\n" + "\n\n".join(f"{paragraph} Round {n}." for n in range(1500))
    doc = clean(Article(id="x", text=text))
    assert len(doc.passages) == 1501 and not doc.dropped


def test_clean_empty_and_letterless_text() -> None:
    assert clean(Article(id="x", text="")).passages == []
    doc = clean(Article(id="x", text="Truce\n\n***\n\n12,000"))
    assert texts(doc) == ["Truce"] and [why for _, why in dropped(doc)] == ["no letters", "no letters"]


def test_clean_rules_file_loads_and_bad_rows_are_named() -> None:
    rules = load_rules()
    assert rules.keep_rules and rules.line_rules and rules.list_rules and rules.cut_rules
    with pytest.raises(ValueError, match="line 2"):
        parse_rules("# comment\nline\tno pattern column")
    with pytest.raises(ValueError, match="bad pattern"):
        parse_rules("cut\tbroken\t(unclosed")


def test_clean_a_photo_caption_inside_a_line_goes() -> None:
    """ "... refugees. Syria's Deir az-Zour [click to enlarge] On Tuesday the eighth round ...": the caption
    goes, the sentences on both sides stay."""
    article = next(a for a in fakes() if a.id == "fakes-1923102976")
    doc = clean(article)
    captions = [article.text[d.start : d.end] for d in doc.dropped if d.reason == "photo caption"]
    assert len(captions) == 1 and captions[0].endswith("[click to enlarge]") and "Deir" in captions[0]
    kept = " ".join(article.text[p.start : p.end] for p in doc.passages)
    assert "On Tuesday the eighth round" in kept and "[click" not in kept
