"""The store on a real SQLite file (and PostgreSQL when CEASEFIRE_TEST_PG names one)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect

from ceasefire.models import (
    Actor,
    Article,
    Claim,
    Contradiction,
    Count,
    Deal,
    DealDate,
    Evidence,
    Link,
    Mention,
    Place,
    Problem,
    Stage,
    TimelineEntry,
)
from ceasefire.store import DealQuery, Store, StoreError, database_url, schema
from ceasefire.store import query as store_query

SHARED = Path(__file__).parents[1].parent / "shared"
DERAA = Place("Deraa", 32.6189, 36.1021, "SY", admin1="Daraa", geonameid=170592)
IDLIB = Place("Idlib", 35.9306, 36.6339, "SY")
DOUMA = Place("Douma", 33.5711, 36.4019, "SY")
SYRIA = Place("Syria", 35.0, 38.0, "SY", level="country")


def evidence(
    doc: str = "d1", text: str = "Buses left Deraa for Idlib.", source: str | None = None
) -> Evidence:
    return Evidence(doc=doc, start=0, end=len(text), text=text, source=source)


def make_deal(deal_id: str, **fields: object) -> Deal:
    base: dict[str, object] = {
        "types": ["evacuation"],
        "status": "implemented",
        "actors": [Actor("Jabhat al-Nusra"), Actor("Russia", "mediator")],
        "location": DERAA,
        "date": DealDate(dt.date(2018, 7, 31), dt.date(2018, 7, 31)),
        "evidence": [evidence()],
    }
    return Deal(id=deal_id, **{**base, **fields})  # type: ignore[arg-type]


def full_deal() -> Deal:
    """A deal with every field set, to check nothing is lost on the way through the database."""
    passage = evidence("doc-a", "The truce began on Friday.", source="local sources")
    return make_deal(
        "full",
        types=["ceasefire", "evacuation"],
        origin=DERAA,
        destination=IDLIB,
        counts=[Count("fighters", 400, 400), Count("buses", 200, 999)],
        date=DealDate(dt.date(2016, 12, 1), dt.date(2016, 12, 31), "month"),
        terms=["safe passage to Idlib"],
        evidence=[passage, evidence("doc-b")],
        timeline=[
            TimelineEntry(
                DealDate(dt.date(2016, 12, 2), dt.date(2016, 12, 2)), "agreed", "doc-a", "SANA", passage
            )
        ],
        contradictions=[
            Contradiction(
                "counts", (Claim("400", "doc-a", "SANA", None), Claim("500", "doc-b", None, "SOHR"))
            )
        ],
        links=[Link("pax", "1234", "Deraa agreement", 0.75)],
        mention_ids=["doc-a#0", "doc-b#0"],
        provenance={"origin": "0"},
    )


def seed_deals(store: Store) -> None:
    store.save_deals(
        [
            make_deal("evac-deraa"),
            make_deal(
                "truce-douma",
                types=["ceasefire"],
                status="agreed",
                actors=[Actor("Jaysh al-Islam"), Actor("Syrian government"), Actor("Russia", "guarantor")],
                location=DOUMA,
                date=DealDate(dt.date(2018, 4, 1), dt.date(2018, 4, 8)),
            ),
            make_deal(
                "talks",
                types=["political_process"],
                status="negotiating",
                actors=[Actor("Syrian government"), Actor("Syrian opposition")],
                location=SYRIA,
                date=None,
            ),
        ]
    )


def ids(deals: list[Deal]) -> list[str]:
    return sorted(deal.id for deal in deals)


def fakes_articles(count: int) -> list[Article]:
    """The first FA-KES records as ingest would read them: title, blank line, text."""
    articles = []
    with (SHARED / "corpus" / "fakes.jsonl").open(encoding="utf-8") as lines:
        for line, _ in zip(lines, range(count), strict=False):
            record = json.loads(line)
            text = f"{record['title']}\n\n{record['text']}"
            published = dt.date.fromisoformat(record["published"][:10]) if record.get("published") else None
            articles.append(
                Article(
                    record["id"],
                    text,
                    record["title"],
                    record.get("outlet"),
                    published,
                    None,
                    "fakes.jsonl",
                    record["id"],
                )
            )
    return articles


def test_store_adds_each_id_once_even_when_texts_repeat(store: Store) -> None:
    first, second = fakes_articles(2)
    assert store.add_document(first)
    assert not store.add_document(first)
    assert not store.add_document(dataclasses.replace(second, id=first.id))
    assert store.add_document(second)
    assert store.add_document(dataclasses.replace(first, id="republished-first"))
    assert store.document(first.id) == first
    assert store.has_document(second.id) and store.has_document("republished-first")
    assert store.document("missing") is None
    assert store.stats()["documents"] == 3


def test_store_keeps_real_articles_byte_for_byte(store: Store) -> None:
    articles = fakes_articles(20)
    with store.transaction():
        added = [store.add_document(article) for article in articles]
    assert all(added)
    assert [store.document(article.id) for article in articles] == articles


def test_store_keeps_nul_characters_as_replacement_characters(store: Store) -> None:
    article = Article("nul", "Truce\x00 agreed in Douma.")
    passage = Evidence("nul", 0, 6, "Truce\x00")
    assert store.add_document(article)
    assert not store.add_document(article)
    stored = store.document("nul")
    assert (
        stored is not None
        and stored.text == "Truce\ufffd agreed in Douma."
        and len(stored.text) == len(article.text)
    )
    store.save_mentions("nul", [Mention("nul", ["ceasefire"], "agreed", evidence=[passage])])
    assert next(store.mentions()).evidence[0].text == "Truce\ufffd"
    store.add_problem(Problem("bad\x00.csv", "", "NUL"))
    assert store.failures()[0].source == "bad\ufffd.csv"


def test_store_round_trips_a_deal_with_every_field(store: Store) -> None:
    deal = full_deal()
    store.save_deals([deal])
    assert store.deal("full") == deal
    assert store.deals() == [deal]


def test_store_replaces_a_documents_mentions(store: Store) -> None:
    store.add_document(Article("d1", "one"))
    store.add_document(Article("d2", "two"))
    first = Mention(
        "d1",
        ["evacuation"],
        "agreed",
        actors=[Actor("Russia", "mediator")],
        origin=DERAA,
        counts=[Count("buses", 20, 20)],
        date=DealDate(dt.date(2018, 7, 1), dt.date(2018, 7, 31), "month"),
        evidence=[evidence()],
        provenance={"origin": 0},
        outlet="SANA",
        published=dt.date(2018, 8, 1),
        notes=["ambiguous count"],
        places=[DERAA, IDLIB],
        id="d1#0",
    )
    store.save_mentions("d1", [first, dataclasses.replace(first, id="d1#1")])
    store.save_mentions("d2", [dataclasses.replace(first, doc="d2", id="d2#0")])
    store.save_mentions("d1", [first])
    assert list(store.mentions(["d1"])) == [first]
    assert [m.id for m in store.mentions()] == ["d1#0", "d2#0"]
    assert list(store.mentions([])) == []


def test_store_pages_through_many_mentions(store: Store) -> None:
    for doc in ("a", "b"):
        store.add_document(Article(doc, f"text {doc}"))
        store.save_mentions(doc, [Mention(doc, ["ceasefire"], "agreed", id=f"{doc}#{n}") for n in range(600)])
    found = [m.id for m in store.mentions()]
    assert len(found) == 1200 and len(set(found)) == 1200
    assert found[:2] == ["a#0", "a#1"] and found[-1] == "b#599"
    assert sum(1 for _ in store.mentions(["b", "b"])) == 600
    assert [m.id for m in store.mentions_by_id(reversed(found))] == sorted(found)


def test_store_reads_mentions_by_id_and_without_their_passages(store: Store) -> None:
    """Clustering reads every mention without its passages; a deal is then built from its own, by id."""
    store.add_document(Article("d1", "Buses left Deraa for Idlib.", published=dt.date(2018, 8, 1)))
    stage = Stage("agreed", 0, DealDate(dt.date(2018, 7, 30), dt.date(2018, 7, 30)))
    told = Mention("d1", ["evacuation"], "agreed", origin=DERAA, evidence=[evidence()], stages=[stage])
    told = dataclasses.replace(told, date=stage.date, provenance={"origin": 0}, published=dt.date(2018, 8, 1))
    store.save_mentions("d1", [dataclasses.replace(told, id="d1#1"), dataclasses.replace(told, id="d1#0")])
    bare = [dataclasses.replace(told, id=i, evidence=[], stages=[]) for i in ("d1#1", "d1#0")]
    assert store.mentions_by_id(["d1#1", "nowhere", "d1#0", "d1#1"]) == [
        dataclasses.replace(told, id="d1#0"),
        dataclasses.replace(told, id="d1#1"),
    ]
    assert list(store.mentions(passages=False)) == bare == list(store.mentions(["d1"], passages=False))
    assert store.unassigned_mentions(passages=False) == bare
    assert store.mentions_near(dt.date(2018, 7, 29), dt.date(2018, 7, 31), passages=False) == bare
    assert store.mentions_by_id([]) == []


def test_store_reads_the_links_of_stored_deals_alone(store: Store) -> None:
    store.save_deals([full_deal(), make_deal("unlinked")])
    assert store.deal_links(["unlinked", "full", "gone", "full"]) == {
        "full": [Link("pax", "1234", "Deraa agreement", 0.75)],
        "unlinked": [],
    }
    assert store.deal_links([]) == {}


def test_store_filters_deals(store: Store) -> None:
    seed_deals(store)
    assert ids(store.deals(DealQuery(type="ceasefire"))) == ["truce-douma"]
    assert ids(store.deals(DealQuery(status="negotiating"))) == ["talks"]
    assert ids(store.deals(DealQuery(actor="syrian GOVERNMENT"))) == ["talks", "truce-douma"]
    assert ids(store.deals(DealQuery(actor="Syrian"))) == []
    assert ids(store.deals(DealQuery(place="der"))) == ["evac-deraa"]
    assert ids(store.deals(DealQuery(place="DOUMA", type="ceasefire", status="agreed"))) == ["truce-douma"]
    assert ids(store.deals(DealQuery(since=dt.date(2018, 4, 5)))) == ["evac-deraa", "truce-douma"]
    assert ids(store.deals(DealQuery(since=dt.date(2018, 4, 9), until=dt.date(2018, 7, 31)))) == [
        "evac-deraa"
    ]
    assert ids(store.deals(DealQuery(until=dt.date(2018, 3, 31)))) == []
    assert ids(store.deals(DealQuery(q="buses LEFT"))) == ["evac-deraa", "talks", "truce-douma"]
    assert ids(store.deals(DealQuery(q="jaysh"))) == ["truce-douma"]
    assert store.count_deals(DealQuery(actor="Russia")) == 2


def test_store_date_filters_reach_deals_that_began_long_before(store: Store) -> None:
    """Dates are read from a range of starts bounded by the longest span: it must follow every write."""
    Store(store.url).close()  # opening marks the spans as kept, as for any store the fixture did not clear
    year = DealDate(dt.date(2016, 1, 1), dt.date(2016, 12, 31), "year")
    day = DealDate(dt.date(2016, 12, 5), dt.date(2016, 12, 5))
    store.save_deals([make_deal("siege-year", date=year), make_deal("day", date=day)])
    december = DealQuery(since=dt.date(2016, 12, 1), until=dt.date(2016, 12, 31))
    assert ids(store.deals(december)) == ["day", "siege-year"] and store.count_deals(december) == 2
    assert store.stats(december)["deals"] == 2
    decade = {"start": "2010-01-01", "end": "2019-12-31", "precision": "year"}
    store.add_correction("day", "correct", "date", decade)
    assert ids(store.deals(DealQuery(since=dt.date(2019, 6, 1)))) == ["day"]
    with store.engine.begin() as conn:
        conn.execute(schema.deal_spans.delete())
    with Store(store.url) as reopened:
        assert ids(reopened.deals(DealQuery(since=dt.date(2019, 6, 1), until=dt.date(2019, 7, 1)))) == ["day"]
    assert store.deals(DealQuery(since=dt.date.min + dt.timedelta(days=3))) != []


def test_store_searches_every_word_in_any_order(store: Store) -> None:
    seed_deals(store)
    assert ids(store.deals(DealQuery(q="Islam JAYSH"))) == ["truce-douma"]
    assert ids(store.deals(DealQuery(q="jaysh isl"))) == ["truce-douma"]
    assert ids(store.deals(DealQuery(q="jay islam"))) == []
    assert ids(store.deals(DealQuery(q="idlib, talks!"))) == ["talks"]
    assert ids(store.deals(DealQuery(q="douma russia agreed"))) == ["truce-douma"]
    assert ids(store.deals(DealQuery(q="government"))) == ["talks", "truce-douma"]
    assert ids(store.deals(DealQuery(q="process political"))) == ["talks"]
    assert store.count_deals(DealQuery(q="buses deraa")) == 3
    assert store.deals(DealQuery(q="?!")) == [] and store.count_deals(DealQuery(q="?!")) == 0


def test_store_pages_read_common_filters_deal_by_deal_alike(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_deals(store)
    queries = [
        DealQuery(actor="Syrian government", limit=5),
        DealQuery(type="ceasefire", status="agreed", limit=5),
        DealQuery(q="deraa idlib", sort="id", limit=2, offset=1),
        DealQuery(q="buses", actor="russia", type="evacuation", limit=5),
    ]
    read_first = [[d.id for d in store.deals(q)] for q in queries]
    monkeypatch.setattr(store_query, "PROBE", 1)
    assert [[d.id for d in store.deals(q)] for q in queries] == read_first
    assert read_first[0] == ["truce-douma", "talks"] and read_first[2] == ["talks", "truce-douma"]


def test_store_brings_an_older_store_up_to_date(store: Store) -> None:
    seed_deals(store)
    with store.engine.begin() as conn:
        conn.execute(schema.deal_words.delete())
        conn.exec_driver_sql("CREATE INDEX ix_deals_by_status ON deals (status, review, date_start, id)")
    assert store.deals(DealQuery(q="jaysh")) == []
    with Store(store.url) as reopened:
        assert ids(reopened.deals(DealQuery(q="jaysh"))) == ["truce-douma"]
        kept = {index["name"] for index in inspect(reopened.engine).get_indexes("deals")}
    assert "ix_deals_by_status_date" in kept and not kept & set(schema.RETIRED_INDEXES)


def test_store_version_changes_with_every_write(store: Store) -> None:
    seen = [store.version()]
    for write in (
        lambda: seed_deals(store),
        lambda: store.add_correction("talks", "reject"),
        lambda: store.add_document(Article("doc-v", "Text.")),
        lambda: store.save_mentions("doc-v", []),
        lambda: store.add_problem(Problem("f.txt", "1", "unreadable")),
        lambda: store.delete_deals(["talks"]),
    ):
        write()
        store.deals(DealQuery(q="deraa")) and store.stats()
        seen.append(store.version())
    assert seen == sorted(set(seen))


def test_store_sorts_and_pages_deals(store: Store) -> None:
    seed_deals(store)
    assert [d.id for d in store.deals()] == ["evac-deraa", "truce-douma", "talks"]
    assert [d.id for d in store.deals(DealQuery(sort="date"))] == ["truce-douma", "evac-deraa", "talks"]
    assert [d.id for d in store.deals(DealQuery(sort="id", limit=2, offset=1))] == ["talks", "truce-douma"]
    assert store.count_deals(DealQuery(limit=1)) == 3
    with pytest.raises(StoreError, match="unknown sort"):
        store.deals(DealQuery(sort="date; DROP TABLE deals"))
    with pytest.raises(StoreError, match="zero or more"):
        store.deals(DealQuery(limit=-1))


@pytest.mark.parametrize("hostile", ["x' OR '1'='1", "%", "do_ma", "'; DROP TABLE deals; --", '" OR 1=1 --'])
def test_store_treats_filter_text_as_text(store: Store, hostile: str) -> None:
    seed_deals(store)
    for query in (
        DealQuery(type=hostile),
        DealQuery(status=hostile),
        DealQuery(actor=hostile),
        DealQuery(place=hostile),
        DealQuery(q=hostile),
    ):
        assert store.deals(query) == [] and store.count_deals(query) == 0
    assert store.deal(hostile) is None
    assert store.count_deals() == 3
    assert store.add_document(Article(hostile, hostile)) and store.document(hostile) == Article(
        hostile, hostile
    )


def test_store_applies_corrections_over_extracted_values(store: Store) -> None:
    seed_deals(store)
    store.add_correction(
        "evac-deraa", "correct", "status", "agreed", comment="buses never left", author="ana"
    )
    store.add_correction("evac-deraa", "correct", "destination", IDLIB.record())
    store.add_correction("evac-deraa", "reject", "actors")
    deal = store.deal("evac-deraa")
    assert deal is not None
    assert deal.status == "agreed" and deal.actors == [] and deal.destination == IDLIB
    assert deal.corrected == ["status", "destination", "actors"]
    assert ids(store.deals(DealQuery(status="agreed"))) == ["evac-deraa", "truce-douma"]
    assert ids(store.deals(DealQuery(place="idlib"))) == ["evac-deraa"]
    assert store.count_deals(DealQuery(actor="Jabhat al-Nusra")) == 0
    history = store.corrections("evac-deraa")
    assert [(c.action, c.field, c.author) for c in history][0] == ("correct", "status", "ana")


def test_store_corrections_survive_reextraction(store: Store) -> None:
    seed_deals(store)
    store.add_correction("truce-douma", "correct", "status", "collapsed")
    store.save_deals([make_deal("truce-douma", types=["ceasefire"], status="implemented", location=DOUMA)])
    assert store.deal("truce-douma").status == "collapsed"  # type: ignore[union-attr]
    store.delete_deals(["truce-douma"])
    assert store.deal("truce-douma") is None and store.count_deals() == 2
    store.save_deals([make_deal("truce-douma", types=["ceasefire"], status="agreed", location=DOUMA)])
    assert store.deal("truce-douma").status == "collapsed"  # type: ignore[union-attr]
    assert ids(store.deals(DealQuery(status="collapsed"))) == ["truce-douma"]


def test_store_leaves_rejected_deals_out_of_lists(store: Store) -> None:
    seed_deals(store)
    store.add_correction("talks", "reject", comment="not a deal")
    store.add_correction("evac-deraa", "confirm")
    assert ids(store.deals()) == ["evac-deraa", "truce-douma"]
    assert ids(store.deals(DealQuery(include_rejected=True))) == ["evac-deraa", "talks", "truce-douma"]
    assert store.deal("talks").review == "rejected"  # type: ignore[union-attr]
    assert store.deal("evac-deraa").review == "confirmed"  # type: ignore[union-attr]
    store.add_correction("talks", "confirm", comment="on second thought")
    assert store.count_deals() == 3


@pytest.mark.parametrize(
    ("action", "field", "value", "message"),
    [
        ("approve", None, None, "unknown correction action"),
        ("correct", "evidence", [], "cannot be corrected"),
        ("correct", "status", None, "needs a field and a value"),
        ("correct", "status", "done", "bad value for 'status'"),
        ("correct", "location", {"name": "Deraa"}, "bad value for 'location'"),
        ("correct", "types", [], "bad value for 'types'"),
        ("reject", "types", None, "cannot be rejected"),
    ],
)
def test_store_refuses_corrections_it_could_not_apply(
    store: Store, action: str, field: str | None, value: object, message: str
) -> None:
    seed_deals(store)
    with pytest.raises(StoreError, match=message):
        store.add_correction("talks", action, field, value)
    assert store.corrections("talks") == []


def test_store_refuses_corrections_to_unknown_deals(store: Store) -> None:
    with pytest.raises(StoreError, match="no deal with id"):
        store.add_correction("nope", "confirm")


def test_store_keeps_failures(store: Store) -> None:
    problems = [
        Problem("a.csv", "line 3", "undecodable bytes"),
        Problem("b.html", "", "empty page", "warning"),
    ]
    for problem in problems:
        store.add_problem(problem)
    assert store.failures() == problems
    reopened = Store(store.url)
    assert reopened.failures() == problems
    reopened.close()


def test_store_settles_errors_read_fine_later(store: Store) -> None:
    problems = [
        Problem("a.jsonl", "line 3", "invalid JSON"),
        Problem("a.jsonl", "", "truncated"),
        Problem("a.jsonl", "line 4", "invalid JSON"),
        Problem("b.txt", "", "empty file"),
        Problem("c.html", "", "bytes not UTF-8", "warning"),
    ]
    for problem in problems:
        store.add_problem(problem)
    store.settle_failures([("a.jsonl", "line 3"), ("c.html", "")], before=dt.datetime.now(dt.UTC))
    assert store.failures() == problems[2:]  # a warning describes what was stored: it stays
    settled = [p for p in store.failures(settled=True) if p.settled_at is not None]
    assert [(p.source, p.record) for p in settled] == [("a.jsonl", "line 3"), ("a.jsonl", "")]
    store.add_problem(problems[0])
    assert store.failures() == [problems[0], *problems[2:]]
    store.settle_failures([("a.jsonl", "line 3")], before=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    assert len(store.failures()) == 4  # reported after the run began: this run's reads settle nothing


def test_store_of_an_older_version_gets_the_new_columns(store: Store) -> None:
    with store.engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE failures DROP COLUMN settled_at")
    reopened = Store(store.url)
    reopened.add_problem(Problem("gone.txt", "", "no such file or directory"))
    reopened.settle_failures([("gone.txt", "")], before=dt.datetime.now(dt.UTC))
    assert reopened.failures() == [] and len(reopened.failures(settled=True)) == 1
    reopened.close()


def test_store_rolls_a_failed_batch_back(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.add_document(Article("d1", "one"))
        store.save_mentions("d1", [Mention("d1", ["ceasefire"], "agreed")])
        store.save_deals([make_deal("lost")])
        with store.transaction():
            store.add_problem(Problem("x", "", "nested"))
        raise RuntimeError("the batch broke")
    assert not store.has_document("d1") and store.count_deals() == 0
    assert list(store.mentions()) == [] and store.failures() == []
    with store.transaction():
        store.add_document(Article("d1", "one"))
        store.save_deals([make_deal("kept")])
    assert store.has_document("d1") and ids(store.deals()) == ["kept"]


def test_store_counts_deals_by_type_status_and_month(store: Store) -> None:
    seed_deals(store)
    stats = store.stats()
    assert stats["deals"] == 3
    assert stats["by_type"] == {"ceasefire": 1, "evacuation": 1, "political_process": 1}
    assert stats["by_status"] == {"agreed": 1, "implemented": 1, "negotiating": 1}
    assert stats["by_month"] == {"2018-04": 1, "2018-07": 1}
    assert store.stats(DealQuery(place="douma"))["by_type"] == {"ceasefire": 1}


def test_store_url_names_a_driver_that_is_installed() -> None:
    assert database_url("postgresql://u:p@db:5432/deals") == "postgresql+psycopg://u:p@db:5432/deals"
    assert database_url("sqlite:///ceasefire.db") == "sqlite:///ceasefire.db"
    with pytest.raises(StoreError, match="does not support"):
        Store("mysql://u@db/deals")
    with pytest.raises(StoreError, match="cannot open database"):
        Store("not a url")


def test_store_reports_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="folder exists"):
        Store(f"sqlite:///{tmp_path / 'missing' / 'ceasefire.db'}")


def test_store_opens_from_many_processes_at_once(store: Store) -> None:
    """`ceasefire serve` and several ingests may start together on a fresh database."""
    schema.metadata.drop_all(store.engine)
    code = "import sys; from ceasefire.store import Store; Store(sys.argv[1]).close()"
    started = [subprocess.Popen([sys.executable, "-c", code, store.url]) for _ in range(4)]
    assert [process.wait() for process in started] == [0, 0, 0, 0]
    assert store.stats()["documents"] == 0
