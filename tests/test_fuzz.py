"""Property tests of clean and extract on arbitrary text, deal-word soup, and mutated FA-KES articles.

For any article: cleaning and extraction never raise; every passage and evidence offset lies inside the
text and `text[start:end]` is the evidence text; and the deals made of the mentions validate against
FORMAT.md (tests/exchange_format.py). The profile `ci` runs 1,200 examples in all; set
CEASEFIRE_FUZZ=deep for ten times as many.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from functools import cache
from importlib import resources
from pathlib import Path

import pytest
from exchange_format import problems
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ceasefire.clean import clean
from ceasefire.consolidate import merge
from ceasefire.export import deal_record, write_jsonl
from ceasefire.extract import Extractor
from ceasefire.ingest import read_paths
from ceasefire.models import Article, CleanDoc, Mention, Problem
from ceasefire.store import Store

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"
# spaCy makes examples slow and uneven; a deadline would only flake. Articles are bounded instead.
settings.register_profile(
    "ci",
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("deep", settings.get_profile("ci"), max_examples=4000)
FUZZ = settings.get_profile(os.environ.get("CEASEFIRE_FUZZ", "ci"))
MAX_CHARS = 3000


@cache
def extractor() -> Extractor:
    return Extractor.load()


@cache
def vocabulary(name: str = "") -> tuple[str, ...]:
    """The first column of one packaged table, or of all: trigger phrases, cues, counts, actors, places."""
    words: set[str] = set()
    for entry in resources.files("ceasefire").joinpath("data").iterdir():
        if entry.name.endswith(".tsv") and entry.name.startswith(name):
            for line in entry.read_text(encoding="utf-8").splitlines()[1:]:
                if line.strip() and not line.startswith("#"):
                    words.add(line.split("\t")[0].strip().rstrip("*"))
    return tuple(sorted(w for w in words if w))


@cache
def articles() -> tuple[str, ...]:
    """FA-KES articles that name a deal: the others only reach the prefilter, which arbitrary text covers."""
    with (CORPUS / "fakes.jsonl").open(encoding="utf-8") as lines:
        texts = [f"{r['title']}\n\n{r['text']}" for r in map(json.loads, lines)]
    return tuple(text for text in texts if extractor().triggered(text))


GLUE = st.sampled_from(
    [
        ". ",
        ", ",
        " ",
        "\n",
        "\n\n",
        '"',
        "“",
        "”",
        " - ",
        "— ",
        "\n1) ",
        "\n• ",
        " said ",
        " he said. ",
        " They ",
        " 400 ",
        " hundreds of ",
        " between six and eight thousand ",
        " on Friday ",
        " last week ",
        " 16 November 2017 ",
        " 2017-11-16 ",
        " in exchange for ",
        " Read more: ",
        "\u200b",
        "\u202e",
        "\ufffd",
        "\x00",
        "\u0301",
        "ﷺ",
        "🕊️",
        "حلب",
    ]
)
PUBLISHED = st.none() | st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))


@st.composite
def soup(draw: st.DrawFn) -> str:
    """Deal words from the packaged tables glued with punctuation, numbers, dates and odd characters."""
    parts = draw(
        st.lists(
            st.sampled_from(vocabulary("triggers"))
            | st.sampled_from(vocabulary())
            | GLUE
            | st.text(max_size=8),
            min_size=1,
            max_size=120,
        )
    )
    return "".join(parts)[:MAX_CHARS]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A FA-KES article cut, spliced, repeated and sprinkled with odd characters."""
    text = draw(st.sampled_from(articles()))
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        end = draw(st.integers(at, min(len(text), at + 400)))
        action = draw(st.sampled_from(["delete", "repeat", "insert", "splice", "upper", "newlines"]))
        if action == "delete":
            text = text[:at] + text[end:]
        elif action == "repeat":
            text = text[:end] + text[at:end] + text[end:]
        elif action == "insert":
            text = text[:at] + draw(GLUE | st.text(max_size=20)) + text[at:]
        elif action == "splice":
            other = draw(st.sampled_from(articles()))
            text = text[:at] + other[: end - at + 200] + text[end:]
        elif action == "upper":
            text = text[:at] + text[at:end].upper() + text[end:]
        else:
            text = text[:at] + text[at:end].replace(" ", "\n") + text[end:]
    start = draw(st.integers(0, max(0, len(text) - MAX_CHARS)))
    return text[start : start + MAX_CHARS]


def check(text: str, published: dt.date | None) -> None:
    """The three properties, for one article."""
    article = Article(id="fuzz-1", text=text, title=text[:80], outlet="Fuzz News", published=published)
    doc = clean(article)
    _check_spans(doc)
    mentions = extractor().extract(doc)
    event(f"mentions: {min(len(mentions), 3)}{'+' if len(mentions) >= 3 else ''}")
    _check_mentions(text, mentions)
    for deal in merge(mentions):
        assert problems(deal_record(deal)) == [], deal_record(deal)


def _check_spans(doc: CleanDoc) -> None:
    size = len(doc.article.text)
    for span in [*doc.passages, *doc.dropped]:
        assert 0 <= span.start <= span.end <= size, span


def _check_mentions(text: str, mentions: list[Mention]) -> None:
    for mention in mentions:
        assert mention.evidence, mention
        for evidence in mention.evidence:
            assert evidence.doc == "fuzz-1"
            assert 0 <= evidence.start < evidence.end <= len(text), evidence
            assert text[evidence.start : evidence.end] == evidence.text, evidence
        for field, index in mention.provenance.items():
            assert 0 <= index < len(mention.evidence), (field, index)


@FUZZ
@given(st.text(max_size=MAX_CHARS), PUBLISHED)
def test_fuzz_arbitrary_text(text: str, published: dt.date | None) -> None:
    check(text, published)


@FUZZ
@given(soup(), PUBLISHED)
@example("Abu al-Duhur\u00b40", None)  # a spacing accent once left a space inside a folded word
@example("aid convoy", dt.date(9999, 11, 1))  # a base date with no room after it once overflowed
@example("aid convoy on 3 March, two days ago", dt.date(1, 1, 2))
def test_fuzz_deal_word_soup(text: str, published: dt.date | None) -> None:
    check(text, published)


@settings(FUZZ, max_examples=FUZZ.max_examples)
@given(mutated(), PUBLISHED)
def test_fuzz_mutated_real_articles(text: str, published: dt.date | None) -> None:
    check(text, published)


@pytest.mark.slow
def test_fuzz_every_exported_fakes_deal_validates_and_quotes_its_document(corpus_db: Path) -> None:
    """Not generated but real: every deal of the seeds and FA-KES, as `ceasefire export` writes it."""
    out = io.StringIO()
    with Store(f"sqlite:///{corpus_db}") as store:
        assert write_jsonl(store.deals(), out) > 0
        for line in out.getvalue().splitlines():
            record = json.loads(line)
            assert problems(record) == [], record
            for evidence in record["evidence"]:
                document = store.document(evidence["doc"])
                assert document is not None, evidence
                assert document.text[evidence["start"] : evidence["end"]] == evidence["text"], evidence


SAMPLES = {
    "txt": b"Truce in Homs\n\nThe sides agreed to a ceasefire on Friday.\n",
    "html": b"<html><head><title>Truce</title><meta charset='utf-8'></head><body><article><p>The sides "
    b"agreed to a ceasefire in Homs on Friday, officials said.</p></article></body></html>",
    "jsonl": b'{"id": "a", "title": "Truce", "text": "The sides agreed.", "published": "2017-11-16"}\n'
    b'{"id": "b", "title": "Talks", "text": "Talks resumed in Geneva."}\n',
    "csv": b'id,title,text,published\nc1,Truce,The sides agreed.,11/18/16\nc2,Talks,"Talks, again",\n',
}


def _warc(compress: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    for url in ("https://example.org/a", "https://example.org/b"):
        payload = io.BytesIO(SAMPLES["html"])
        writer.write_record(writer.create_warc_record(url, "response", payload=payload, http_headers=http))
    return buffer.getvalue()


SAMPLES["warc"], SAMPLES["warc.gz"] = _warc(False), _warc(True)


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, bytes]:
    """A small valid file of some kind with bytes flipped, cut, inserted or encoded otherwise, or noise."""
    kind = draw(st.sampled_from(sorted(SAMPLES)))
    wide = SAMPLES[kind].decode("latin-1").encode("utf-16")
    data = draw(st.sampled_from([SAMPLES[kind], wide]) | st.binary(max_size=300))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=6)) + data[at + draw(st.integers(0, 6)) :]
    return kind, data


@settings(FUZZ, max_examples=FUZZ.max_examples // 2)
@given(damaged())
def test_fuzz_readers_never_raise(
    tmp_path_factory: pytest.TempPathFactory, sample: tuple[str, bytes]
) -> None:
    kind, data = sample
    path = tmp_path_factory.mktemp("fuzz") / f"sample.{kind}"
    path.write_bytes(data)
    for item in read_paths([path]):
        assert isinstance(item, Article | Problem)
        if isinstance(item, Article):
            assert item.id and item.text and item.source == str(path)
        else:
            assert item.reason and "\n" not in item.reason, item
