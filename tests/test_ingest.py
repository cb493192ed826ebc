"""ingest: every input kind, every kind of bad input, and the two FA-KES files agreeing."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import re
import tracemalloc
from collections.abc import Iterable
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ceasefire.ingest import NOT_UNICODE, SEARCH_LIMIT, read_paths, searchable
from ceasefire.ingest.dates import parse_date
from ceasefire.ingest.pages import HTML_MAIN_TEXT_LIMIT
from ceasefire.models import Article, Problem

SHARED = Path(__file__).parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
MB = 1024 * 1024

PAGE = """<html><head><title>Truce agreed in Daraa</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2018-07-06T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/about">About us</a></nav>
<article><h1>Truce agreed in Daraa</h1>
<p>Rebel groups in Daraa agreed on Friday to a ceasefire brokered by Russia, under which they would
hand over their heavy weapons in stages over the coming weeks.</p>
<p>Thousands of civilians who fled the fighting were expected to return to their villages once the
agreement took effect, local officials said.</p></article>
<footer>Copyright 2018 Example News</footer></body></html>"""


def read(*paths: str | Path) -> list[Article | Problem]:
    return list(read_paths(paths))


def articles(items: Iterable[Article | Problem]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def problems(items: Iterable[Article | Problem]) -> list[Problem]:
    return [item for item in items if isinstance(item, Problem)]


def only_problem(items: list[Article | Problem]) -> Problem:
    assert len(items) == 1 and isinstance(items[0], Problem), items
    return items[0]


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# --- plain text -------------------------------------------------------------------------------------


def test_ingest_txt_keeps_content_exactly(tmp_path: Path) -> None:
    text = "\n  Truce holds in Rastan\n\nThe truce held overnight, residents said.\r\n"
    path = write(tmp_path / "rastan-01.txt", text.encode("utf-8"))
    [article] = read(path)
    assert isinstance(article, Article)
    assert (article.id, article.text, article.title) == ("rastan-01", text, "Truce holds in Rastan")
    assert (article.source, article.record, article.published) == (str(path), "", None)


def test_ingest_reads_the_seed_pages() -> None:
    items = read(CORPUS / "seeds")
    assert not problems(items)
    ids = [article.id for article in articles(items)]
    assert ids == sorted(path.stem for path in (CORPUS / "seeds").glob("*.txt"))
    first = articles(items)[0]
    assert first.text == (CORPUS / "seeds" / f"{first.id}.txt").read_text(encoding="utf-8")


def test_ingest_decodes_utf16_with_bom(tmp_path: Path) -> None:
    text = "Évacuation de Daraya\n\nLes combattants quittent Daraya vers Idlib."
    path = write(tmp_path / "daraya.txt", text.encode("utf-16"))
    [article] = read(path)
    assert isinstance(article, Article) and article.text == text and article.title == "Évacuation de Daraya"


def test_ingest_replaces_invalid_utf8_and_warns_once(tmp_path: Path) -> None:
    data = b"Truce in Homs\n\nThe \x95 first and \x95 second \x81 bullets \xff."
    path = write(tmp_path / "homs.txt", data)
    items = read(path)
    [warning] = problems(items)
    [article] = articles(items)
    assert warning.severity == "warning" and warning.reason.startswith("4 bytes not valid utf-8")
    assert article.text.endswith("The • first and • second \ufffd bullets ÿ.")


def test_ingest_rejects_an_empty_file(tmp_path: Path) -> None:
    problem = only_problem(read(write(tmp_path / "empty.txt", b"")))
    assert (problem.reason, problem.severity) == ("empty file", "error")


def test_ingest_one_letter_is_an_article_no_letter_is_a_problem(tmp_path: Path) -> None:
    [article] = read(write(tmp_path / "a.txt", "a"))
    assert isinstance(article, Article) and article.text == "a"
    assert only_problem(read(write(tmp_path / "dot.txt", "."))).reason.startswith("no text")
    assert only_problem(read(write(tmp_path / "blank.txt", " \n\t\n"))).reason.startswith("no text")


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "zip archive"),
        (b"some text\x00\x00\x01\x02 more", "contains NUL bytes"),
    ],
)
def test_ingest_names_binary_files_under_text_names(tmp_path: Path, head: bytes, kind: str) -> None:
    for name in ("picture.txt", "picture.html", "picture.jsonl", "picture.csv"):
        problem = only_problem(read(write(tmp_path / name, head + bytes(range(256)))))
        assert problem.reason == f"binary file ({kind})"


def test_ingest_reads_a_50_mb_article_without_copies_to_spare(tmp_path: Path) -> None:
    paragraph = "Negotiators met again in Astana to discuss the de-escalation zones. " * 15 + "\n\n"
    path = tmp_path / "huge.txt"
    with path.open("w", encoding="utf-8") as out:
        out.write("A very long report\n\n")
        while out.tell() < 50 * MB:
            out.write(paragraph)
    tracemalloc.start()
    try:
        article, warning = read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(article, Article) and len(article.text) == path.stat().st_size
    assert article.title == "A very long report"
    assert peak < 3 * path.stat().st_size
    assert isinstance(warning, Problem) and warning.severity == "warning" and warning.source == str(path)
    assert warning.reason.startswith(f"article of {len(article.text):,} characters: stored whole, but only")


def test_ingest_searchable_part_of_a_huge_article_ends_at_a_paragraph(tmp_path: Path) -> None:
    paragraph = "The truce held. " * 60 + "\n\n"
    text = paragraph * (2 * SEARCH_LIMIT // len(paragraph))
    part = searchable(Article(id="big", text=text))
    assert SEARCH_LIMIT - len(paragraph) < len(part.text) <= SEARCH_LIMIT
    assert text.startswith(part.text) and part.text.endswith("The truce held. ")
    assert searchable(small := Article(id="small", text=paragraph)) is small
    unbroken = Article(id="unbroken", text="x" * (SEARCH_LIMIT + 5))
    assert len(searchable(unbroken).text) == SEARCH_LIMIT


# --- HTML -------------------------------------------------------------------------------------------


def test_ingest_html_main_text_title_date_and_site(tmp_path: Path) -> None:
    [article] = read(write(tmp_path / "daraa.html", PAGE))
    assert isinstance(article, Article)
    assert article.id == "daraa" and article.title == "Truce agreed in Daraa"
    assert article.text.startswith("Truce agreed in Daraa\n\nRebel groups in Daraa agreed on Friday")
    assert "local officials said." in article.text and "About us" not in article.text
    assert article.text.count("Truce agreed in Daraa") == 1
    assert (article.published, article.outlet) == (dt.date(2018, 7, 6), "Example News")


def test_ingest_html_honours_its_declared_charset(tmp_path: Path) -> None:
    page = PAGE.replace("<head>", '<head><meta charset="windows-1252">').replace(
        "Daraa agreed", "Dar’a agreed"
    )
    [article] = read(write(tmp_path / "daraa.htm", page.encode("cp1252")))
    assert isinstance(article, Article) and "Dar’a agreed" in article.text


@pytest.mark.parametrize(
    "html",
    [
        "<html><body>" + "<div>" * 100_000 + "<p>Deep text about a truce.</p>" + "</div>" * 100_000,
        "<html><body>" + "<div><p>An unclosed paragraph about the evacuation of fighters" * 20_000,
        "<html><body><table><tr><td><b><i><p>broken <<>> <script>never closed",
    ],
)
def test_ingest_survives_deep_or_unclosed_html(tmp_path: Path, html: str) -> None:
    items = read(write(tmp_path / "bad.html", html))
    assert isinstance(items[-1], Article) or items[-1].reason.startswith(("no main text", "HTML could not"))
    assert len(items) == 1 or items[0].reason.startswith("HTML nested deeper than 256 levels")


@pytest.mark.parametrize("depth", [300, 100_000])
def test_ingest_keeps_the_text_of_html_nested_past_the_parser(tmp_path: Path, depth: int) -> None:
    """lxml stops at 256 levels: 300 unclosed <font> tags used to lose the article without a word."""
    body = "<p>Rebel groups in Daraa agreed to a ceasefire.</p><p>Thousands returned home.</p>"
    page = PAGE.replace("<article>", "<script>var hidden = 1;</script><article>" + "<font>" * depth).replace(
        "<h1>Truce agreed in Daraa</h1>", body
    )
    warning, article = read(write(tmp_path / "deep.html", page))
    assert isinstance(warning, Problem) and warning.severity == "warning"
    assert warning.reason.startswith("HTML nested deeper than 256 levels, past what the parser reads")
    assert isinstance(article, Article) and article.title == "Truce agreed in Daraa"
    assert "agreed to a ceasefire.\n\nThousands returned home." in article.text
    assert "local officials said." in article.text and "var " not in article.text
    assert article.published == dt.date(2018, 7, 6)


def test_ingest_html_too_large_for_main_text_keeps_its_visible_text(tmp_path: Path) -> None:
    """trafilatura takes minutes and gigabytes on tens of megabytes; the flat scan does not."""
    paragraph = "<p>Negotiators met again in Astana to discuss the de-escalation zones.</p>\n"
    body = paragraph * (HTML_MAIN_TEXT_LIMIT // len(paragraph) + 1)
    page = PAGE.replace("<footer>", body + "<footer>")
    warning, article, searched = read(write(tmp_path / "huge.html", page))
    assert isinstance(warning, Problem) and warning.severity == "warning"
    assert warning.reason.startswith(f"HTML of {len(page):,} characters, over the 10,000,000 main-text")
    assert isinstance(searched, Problem) and searched.reason.startswith("article of ")
    assert isinstance(article, Article) and article.title == "Truce agreed in Daraa"
    assert article.text.count("de-escalation zones.") == body.count("<p>")
    assert "local officials said.\n\n" in article.text


def test_ingest_html_with_many_unclosed_inline_tags_is_not_deep(tmp_path: Path) -> None:
    page = PAGE.replace("<p>", "<p><b><i>").replace(
        "</article>", "<p><b>Unclosed bold in a paragraph.</p>" * 400 + "</article>"
    )
    items = read(write(tmp_path / "inline.html", page))
    assert not problems(items)


# --- JSONL and CSV ----------------------------------------------------------------------------------


def test_ingest_jsonl_skips_only_the_broken_line(tmp_path: Path) -> None:
    good = {"id": "a1", "title": "Truce in Zabadani", "text": "Fighters agreed to leave.", "outlet": "x"}
    lines = [json.dumps(good), '{"id": "a2", "title": "Cut off', json.dumps(good | {"id": "a3"}), "[1, 2]"]
    items = read(write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n"))
    assert [article.id for article in articles(items)] == ["a1", "a3"]
    assert [article.record for article in articles(items)] == ["line 1", "line 3"]
    broken, not_object = problems(items)
    assert broken.record == "line 2" and broken.reason.startswith("invalid JSON: ")
    assert (not_object.record, not_object.reason) == ("line 4", "not a JSON object")
    assert articles(items)[0].text == "Truce in Zabadani\n\nFighters agreed to leave."


def test_ingest_records_without_id_or_text(tmp_path: Path) -> None:
    lines = [{"title": "Untitled truce", "text": "The sides agreed."}, {"id": "b2", "title": "No body"}]
    items = read(write(tmp_path / "feed.jsonl", "\n".join(json.dumps(line) for line in lines)))
    [article] = articles(items)
    [problem] = problems(items)
    assert article.id == "feed-line-1"
    assert (problem.record, problem.reason) == ("line 2", "no text")


def test_ingest_jsonl_streams_line_by_line(tmp_path: Path) -> None:
    record = {"title": "Convoy leaves Yarmouk", "text": "Buses carried fighters north. " * 100, "outlet": "x"}
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for number in range(17_500):
            out.write(json.dumps(record | {"id": f"r{number}"}) + "\n")
    assert path.stat().st_size > 50 * MB
    tracemalloc.start()
    try:
        count = sum(1 for item in read_paths([path]) if isinstance(item, Article))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 17_500
    assert peak < 5 * MB


def test_ingest_csv_rows_with_missing_or_extra_columns(tmp_path: Path) -> None:
    big = "The ceasefire terms were read out in full. " * 10_000
    rows = [
        ["id", "title", "text", "outlet", "published"],
        ["c1", "Truce", "Both sides agreed.", "x", "2017-11-16"],
        ["c2", "Too few", "Only three"],
        ["c3", "Too many", "text", "x", "2017-11-16", "surplus"],
        ["c4", "Big field", big, "x", "11/18/16"],
    ]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    items = read(write(tmp_path / "table.csv", "\ufeff" + buffer.getvalue()))
    assert [(a.id, a.record, a.published) for a in articles(items)] == [
        ("c1", "row 1", dt.date(2017, 11, 16)),
        ("c4", "row 4", dt.date(2016, 11, 18)),
    ]
    assert articles(items)[1].text == f"Big field\n\n{big.strip()}"
    assert [(p.record, p.reason[:26]) for p in problems(items)] == [
        ("row 2", "expected 5 fields, found 3"),
        ("row 3", "expected 5 fields, found 6"),
        ("row 4", "article of 430,010 charact"),
    ]


def test_ingest_csv_quote_left_open_costs_only_its_row(tmp_path: Path) -> None:
    """Without strict parsing the open quote would swallow every row after it into one field, silently."""
    content = (
        'id,title,text\nc1,Truce,Both sides agreed.\nc2,Cut,"The line was cut\nc3,Talks,Talks resumed.\n'
    )
    items = read(write(tmp_path / "table.csv", content + 'c4,Deal,"Terms: ""all"", in writing"\n'))
    assert [(a.id, a.record) for a in articles(items)] == [("c1", "row 1"), ("c3", "row 3"), ("c4", "row 4")]
    [problem] = problems(items)
    assert (problem.record, problem.reason) == (
        "row 2",
        "malformed CSV: ',' expected after '\"'; a quote opened here ran over the 2 lines after it, "
        "read again as rows",
    )
    cut = read(write(tmp_path / "cut.csv", content))
    assert [a.id for a in articles(cut)] == ["c1", "c3"]
    assert [p.reason for p in problems(cut)] == [
        "a quote is never closed; a quote opened here ran over the line after it, read again as rows"
    ]
    assert articles(items)[2].text == 'Deal\n\nTerms: "all", in writing'


def test_ingest_lone_surrogates_become_replacement_characters(tmp_path: Path) -> None:
    """No database stores a lone surrogate: one used to end the whole ingest with UnicodeEncodeError."""
    line = '{"id": "s1", "title": "Truce \\udc00", "text": "Held \\ud800 in Homs; \\ud83d\\ude00 stays."}\n'
    article, warning = read(write(tmp_path / "feed.jsonl", line))
    assert (
        isinstance(article, Article)
        and article.text == "Truce \ufffd\n\nHeld \ufffd in Homs; \U0001f600 stays."
    )
    assert isinstance(warning, Problem) and (warning.record, warning.reason) == ("line 1", NOT_UNICODE)
    named = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(named, "wb") as out:
        out.write(b"A truce in Homs")
    article, warning = read(os.fsdecode(named))
    assert isinstance(article, Article) and (article.id, article.source) == (
        "caf\ufffd",
        f"{tmp_path}/caf\ufffd.txt",
    )
    assert isinstance(warning, Problem) and warning.source == article.source


def test_ingest_overlong_id_is_shortened_stably(tmp_path: Path) -> None:
    """PostgreSQL cannot index a key over 2,704 bytes; a feed's id can be anything."""
    long_id = "x" * 5000
    line = json.dumps({"id": long_id, "title": "Truce", "text": "The sides agreed."}) + "\n"
    article, warning = read(write(tmp_path / "feed.jsonl", line))
    again, _ = read(tmp_path / "feed.jsonl")
    assert isinstance(article, Article) and isinstance(again, Article)
    assert len(article.id) == 200 and article.id.startswith("x" * 187 + "~") and again.id == article.id
    assert (
        isinstance(warning, Problem)
        and warning.reason == f"id of 5,000 characters, over 200: stored as {article.id}"
    )


def test_ingest_utf16_jsonl_streams_too(tmp_path: Path) -> None:
    line = json.dumps({"id": "u1", "title": "Hama truce", "text": "Both sides agreed."}, ensure_ascii=False)
    [article] = read(write(tmp_path / "wide.jsonl", (line + "\r\n").encode("utf-16")))
    assert isinstance(article, Article) and article.text == "Hama truce\n\nBoth sides agreed."


@pytest.mark.parametrize(("name", "content"), [("head.csv", "id,title,text\n"), ("blank.jsonl", "\n \n")])
def test_ingest_record_files_without_records(tmp_path: Path, name: str, content: str) -> None:
    assert only_problem(read(write(tmp_path / name, content))).reason == "no records"


def test_ingest_csv_without_text_column(tmp_path: Path) -> None:
    problem = only_problem(read(write(tmp_path / "table.csv", "id,name\n1,x\n")))
    assert problem.reason.startswith("no text column in the header")


def test_ingest_fakes_jsonl_reads_every_record() -> None:
    items = read(CORPUS / "fakes.jsonl")
    assert not problems(items)
    first = json.loads((CORPUS / "fakes.jsonl").open(encoding="utf-8").readline())
    assert len(items) == 792
    assert items[0] == Article(
        id=first["id"],
        text=first["title"] + "\n\n" + first["text"],
        title=first["title"],
        outlet=first["outlet"],
        published=dt.date.fromisoformat(first["published"]),
        source=str(CORPUS / "fakes.jsonl"),
        record="line 1",
    )


def test_ingest_fakes_raw_csv_yields_every_row_with_fakes_jsonl_ids() -> None:
    with (CORPUS / "fakes-raw.csv").open(encoding="utf-8", errors="replace", newline="") as table:
        rows = list(csv.DictReader(table))
    items = read(CORPUS / "fakes-raw.csv")
    raw = articles(items)
    assert len(raw) == len(rows) == 804
    assert [a.id for a in raw] == [f"fakes-{row['unit_id']}" for row in rows]
    clean = {a.id: a for a in articles(read(CORPUS / "fakes.jsonl"))}
    assert {a.id for a in raw} == set(clean)
    differing = {a.id for a in raw if (a.text, a.title, a.outlet, a.published) != _fields(clean[a.id])}
    # The only difference: one of the two rows sharing unit id 1926479112 has another version of the text.
    assert differing == {"fakes-1926479112"}
    warnings = [p.reason for p in problems(items)]
    assert warnings[-1].startswith("123 bytes not valid utf-8")
    assert sum(reason.startswith("duplicate id") for reason in warnings) == 804 - 792


def _fields(article: Article) -> tuple[object, ...]:
    return (article.text, article.title, article.outlet, article.published)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-11-16", dt.date(2017, 11, 16)),
        ("2018-07-06T10:00:00Z", dt.date(2018, 7, 6)),
        ("11/18/16", dt.date(2016, 11, 18)),
        ("16 November 2017", dt.date(2017, 11, 16)),
        ("Wed 05 Apr 2017", dt.date(2017, 4, 5)),
        ("Nov 16, 2017 10:32", dt.date(2017, 11, 16)),
        ("yesterday", None),
        ("3 days ago", None),
        ("not a date 42", None),
        ("", None),
        (None, None),
    ],
)
def test_ingest_parses_publication_dates(value: str | None, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


# --- WARC -------------------------------------------------------------------------------------------


def _warc(pages: list[tuple[str, str]], compress: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for url, html in pages:
        body = html.encode("utf-8")
        headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2019-03-02T08:00:00Z"},
            )
        )
    return buffer.getvalue()


def _pages() -> list[tuple[str, str]]:
    undated = PAGE.replace('<meta property="article:published_time" content="2018-07-06T10:00:00Z">', "")
    return [("https://example.com/daraa", PAGE), ("https://example.com/undated", undated)] + [
        (f"https://example.com/{n}", PAGE.replace("Daraa", f"Town {n}")) for n in range(3)
    ]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_ingest_warc_html_responses(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, _warc(_pages(), name.endswith(".gz")))
    items = read(path)
    assert not problems(items)
    first, undated = articles(items)[:2]
    assert first.id == "warc-" + hashlib.sha1(b"https://example.com/daraa").hexdigest()[:16]
    assert (first.url, first.published, first.outlet) == (
        "https://example.com/daraa",
        dt.date(2018, 7, 6),
        "Example News",
    )
    assert first.text.startswith("Truce agreed in Daraa\n\nRebel groups in Daraa")
    assert first.record == "offset 0" and undated.record.startswith("offset ")
    assert undated.published == dt.date(2019, 3, 2)
    assert len(articles(items)) == 5


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
def test_ingest_truncated_warc_keeps_records_before_the_break(tmp_path: Path, name: str) -> None:
    data = _warc(_pages(), name.endswith(".gz"))
    for cut in (len(data) - 40, int(len(data) * 0.7), int(len(data) * 0.5)):
        items = read(write(tmp_path / name, data[:cut]))
        problem = items[-1]
        assert isinstance(problem, Problem) and "truncated" in problem.reason, items
        assert problem.record.startswith("offset ")
        assert len(articles(items)) >= 1 and len(items) == len(articles(items)) + 1


def test_ingest_warc_record_longer_than_its_length_says_is_one_warning(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    data = _warc(_pages(), False)
    length = re.search(rb"Content-Length: (\d+)\r\n\r\nHTTP", data)
    assert length is not None
    data = data[: length.start(1)] + str(int(length.group(1)) - 3).encode() + data[length.end(1) :]
    warning, *rest = read(write(tmp_path / "crawl.warc", data))
    assert isinstance(warning, Problem) and (warning.record, warning.severity) == ("offset 0", "warning")
    assert warning.reason.startswith("the record does not end where its Content-Length says")
    assert len(articles(rest)) == 5 and not problems(rest)
    assert capfd.readouterr().err == "", "warcio's own multi-line warning must not reach the terminal"


def test_ingest_gzip_is_not_a_text_file(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.txt", gzip.compress(b"Truce in Homs"))
    assert only_problem(read(path)).reason == "binary file (gzip archive)"


# --- paths and folders ------------------------------------------------------------------------------


def test_ingest_reports_a_path_that_does_not_exist(tmp_path: Path) -> None:
    problem = only_problem(read(tmp_path / "nowhere.txt"))
    assert (problem.source, problem.reason) == (str(tmp_path / "nowhere.txt"), "no such file or directory")


def test_ingest_walks_folders_sorted_and_skips_unknown_kinds(tmp_path: Path) -> None:
    write(tmp_path / "b" / "two.txt", "Second truce")
    write(tmp_path / "a" / "deep" / "one.txt", "First truce")
    write(tmp_path / "a" / "zero.txt", "Zeroth truce")
    write(tmp_path / "a" / "notes.md", "Not read")
    write(tmp_path / "a" / "photo.jpg", b"\xff\xd8\xff\xe0")
    write(tmp_path / "c.txt" / "inside.txt", "A folder named like a file is walked")
    items = read(tmp_path)
    assert [a.id for a in articles(items)] == ["zero", "one", "two", "inside"]
    assert articles(items)[0].source == os.path.join(str(tmp_path), "a", "zero.txt")
    assert not problems(items)


def test_ingest_reads_an_unknown_extension_named_outright_as_text(tmp_path: Path) -> None:
    [article] = read(write(tmp_path / "notes.md", "# Truce notes\n\nThe truce began at noon."))
    assert isinstance(article, Article) and article.id == "notes" and article.title == "# Truce notes"


def test_ingest_broken_link_inside_a_folder_is_a_problem(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", "A readable article")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing-target.txt")
    items = read(tmp_path)
    [problem] = problems(items)
    assert problem.source.endswith("gone.txt") and problem.reason == "file not found (a broken link?)"
    assert [a.id for a in articles(items)] == ["good"]


def test_ingest_named_pipe_inside_a_folder_is_skipped_not_waited_on(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", "A readable article")
    os.mkfifo(tmp_path / "pipe.txt")
    items = read(tmp_path)
    assert [(p.source, p.reason) for p in problems(items)] == [
        (str(tmp_path / "pipe.txt"), "not a regular file (a named pipe): skipped")
    ]
    assert [a.id for a in articles(items)] == ["good"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_ingest_unreadable_file_inside_a_folder_is_a_problem(tmp_path: Path) -> None:
    locked = write(tmp_path / "locked.txt", "Secret truce")
    write(tmp_path / "open.txt", "Public truce")
    locked.chmod(0)
    try:
        items = read(tmp_path)
    finally:
        locked.chmod(0o644)
    assert [(p.source, p.reason) for p in problems(items)] == [(str(locked), "permission denied")]
    assert [a.id for a in articles(items)] == ["open"]


def test_ingest_problem_line_names_file_record_and_reason(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.jsonl", "{oops\n")
    problem = only_problem(read(path))
    assert problem.line().startswith(f"error: {path} [line 1]: invalid JSON: ")
