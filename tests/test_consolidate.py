"""Consolidation: mentions from many articles into one deal each, on records we write and on FA-KES.

The corpus tests read the shared gold files at run time only to know which articles report the April
2017 four-towns evacuation and the September 2016 US-Russia ceasefire.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ceasefire import consolidate
from ceasefire.cli import app
from ceasefire.consolidate import contradictions, ids, timeline
from ceasefire.consolidate.profile import profile, when
from ceasefire.engine import ingest
from ceasefire.export import deal_record
from ceasefire.geo import Gazetteer
from ceasefire.models import (
    Actor,
    Article,
    Count,
    Deal,
    DealDate,
    Evidence,
    Link,
    Mention,
    Place,
    Stage,
)
from ceasefire.store import DealQuery, Store
from ceasefire.store.codec import deal_to_json

SHARED = Path(__file__).parents[1].parent / "shared"
runner = CliRunner()


def place(name: str) -> Place:
    found = Gazetteer.default().lookup(name)
    assert found is not None, name
    return found


def day(text: str) -> DealDate:
    value = dt.date.fromisoformat(text)
    return DealDate(value, value, "day")


def mention(doc: str, number: int = 1, **fields: object) -> Mention:
    """A mention as extraction would store it; its passages are sentences we wrote for the test."""
    passages = fields.pop("passages", ["Buses left Madaya under the deal."])
    evidence = [Evidence(doc, i * 100, i * 100 + len(t), t, None) for i, t in enumerate(passages)]  # type: ignore[attr-defined]
    base: dict[str, object] = {
        "types": ["evacuation"],
        "status": "implemented",
        "actors": [Actor("Syrian government"), Actor("Syrian opposition"), Actor("Qatar", "mediator")],
        "location": place("Madaya"),
        "origin": place("Madaya"),
        "date": day("2017-04-14"),
        "evidence": evidence,
        "provenance": {"types": 0, "status": 0, "location": 0, "origin": 0, "date": 0},
        "outlet": "outlet-" + doc,
        "published": dt.date(2017, 4, 15),
        "id": f"{doc}#m{number}",
    }
    return Mention(doc=doc, **{**base, **fields})  # type: ignore[arg-type]


def snapshot(store: Store) -> dict[str, str]:
    deals = store.deals(DealQuery(include_rejected=True))
    return {d.id: json.dumps(deal_to_json(d), sort_keys=True) for d in deals}


# clustering and fields, on records


def test_reports_of_one_deal_merge_and_others_stay_apart() -> None:
    madaya = [mention("a"), mention("b", date=day("2017-04-16")), mention("c", date=day("2017-04-13"))]
    daraya = mention("d", location=place("Daraya"), origin=place("Daraya"), date=day("2016-08-26"))
    deals = consolidate.merge([*madaya, daraya])
    assert sorted(len({e.doc for e in d.evidence}) for d in deals) == [1, 3]
    four = next(d for d in deals if len(d.mention_ids) == 3)
    assert four.origin is not None and four.origin.name == "Madaya"
    assert four.evidence[int(four.provenance["origin"])].doc == "a"


def test_merge_is_the_same_whatever_the_order() -> None:
    mentions = [mention(doc, date=day(f"2017-04-{12 + n}")) for n, doc in enumerate("abcdef")]
    first = [deal_to_json(d) for d in consolidate.merge(mentions)]
    random.Random(7).shuffle(mentions)
    assert [deal_to_json(d) for d in consolidate.merge(mentions)] == first


def test_a_deal_keeps_its_id_when_an_earlier_article_joins() -> None:
    later = [mention("m"), mention("n")]
    (deal,) = consolidate.merge(later)
    previous = {m: deal.id for m in deal.mention_ids}
    (grown,) = consolidate.merge([*later, mention("a")], previous)
    assert grown.id == deal.id and len(grown.mention_ids) == 3
    assert consolidate.merge([*later, mention("a")])[0].id == ids.fresh_id("a#m1")


def test_dates_far_from_publication_count_only_when_plausible() -> None:
    background = mention("a", date=DealDate(dt.date(2011, 3, 1), dt.date(2011, 3, 31), "month"))
    assert when(background) == (dt.date(2017, 4, 8), dt.date(2017, 4, 15))
    recalled = mention("b", date=day("2016-12-30"), published=dt.date(2017, 5, 21))
    assert when(recalled) == (dt.date(2016, 12, 30), dt.date(2016, 12, 30))
    assert profile(recalled).precision == "day"


def test_the_article_main_place_never_keeps_reports_apart() -> None:
    fallback = mention("a", location=place("Aleppo"), origin=None, provenance={"status": 0})
    assert profile(fallback).anchors == ()
    assert len(consolidate.merge([fallback, mention("b")])) == 1


def test_status_is_the_latest_stage_most_articles_report() -> None:
    reports = [
        mention("a", status="agreed", date=day("2017-03-30")),
        mention("b", status="implemented", date=day("2017-04-14")),
        mention("c", status="implemented", date=day("2017-04-14")),
        mention("d", status="collapsed", date=day("2017-04-14")),
    ]
    (deal,) = consolidate.merge(reports)
    assert deal.status == "implemented" and deal.date == day("2017-04-14")
    assert [(e.status, e.date.start.isoformat()) for e in deal.timeline if e.date] == [
        ("agreed", "2017-03-30"),
        ("implemented", "2017-04-14"),
        ("collapsed", "2017-04-14"),
    ]


def test_timeline_keeps_each_passage_stage_with_its_outlet() -> None:
    passages = ["The two sides agreed the swap on Tuesday.", "The first buses left on Friday."]
    stages = [Stage("agreed", 0, day("2017-03-28")), Stage("implemented", 1, day("2017-04-14"))]
    (deal,) = consolidate.merge([mention("a", passages=passages, stages=stages)])
    assert [(e.status, e.evidence.text, e.outlet) for e in deal.timeline] == [
        ("agreed", passages[0], "outlet-a"),
        ("implemented", passages[1], "outlet-a"),
    ]


def test_counts_contradict_only_when_their_ranges_do_not_meet() -> None:
    hundreds = [
        mention("a", counts=[Count("fighters", 400, 400)]),
        mention("b", counts=[Count("fighters", 200, 999)]),
    ]
    assert contradictions.find(hundreds) == []
    tenfold = [
        mention("a", counts=[Count("fighters", 400, 400)]),
        mention("b", counts=[Count("fighters", 4000, 4000)]),
    ]
    (found,) = contradictions.find(tenfold)
    assert found.field == "counts"
    assert [(c.value, c.outlet) for c in found.claims] == [
        ("400 fighters", "outlet-a"),
        ("4000 fighters", "outlet-b"),
    ]


def test_one_article_quoting_a_refusal_and_a_rumoured_acceptance_is_a_contradiction() -> None:
    passages = [
        "The factions told the paper they had refused the Russian offer.",
        "They said the regime spread rumours that the areas had accepted it.",
    ]
    evidence = [
        Evidence("s", 0, 60, passages[0], "the factions"),
        Evidence("s", 100, 170, passages[1], "opposition sources"),
    ]
    offer = mention(
        "s",
        types=["reconciliation"],
        status="rejected",
        evidence=evidence,
        stages=[Stage("rejected", 0), Stage("agreed", 1)],
    )
    (deal,) = consolidate.merge([offer])
    (status,) = [c for c in deal.contradictions if c.field == "status"]
    assert {(c.value, c.source) for c in status.claims} == {
        ("rejected", "the factions"),
        ("agreed", "opposition sources"),
    }
    # The article's own reading stands: the claim it reports against it is no later stage.
    assert deal.status == "rejected"


def test_accepted_then_broken_is_a_timeline_not_a_contradiction() -> None:
    reports = [
        mention("a", status="agreed", date=day("2017-03-01")),
        mention("b", status="rejected", date=day("2017-03-20")),
    ]
    assert [c.field for c in contradictions.find(reports) if c.field == "status"] == []
    same_week = [mention("a", status="agreed"), mention("b", status="rejected", date=day("2017-04-16"))]
    assert [c.field for c in contradictions.find(same_week)] == ["status"]


def test_destinations_far_apart_contradict() -> None:
    reports = [mention("a", destination=place("Idlib")), mention("b", destination=place("Jarablus"))]
    (found,) = contradictions.find(reports)
    assert found.field == "destination" and {c.value for c in found.claims} == {"Idlib", "Jarablus"}
    legs = [
        mention("c", destination=place("Idlib")),
        mention("d", origin=place("al-Fuaa"), destination=place("Aleppo")),
    ]
    assert contradictions.find(legs) == []


def test_timeline_drops_a_month_a_dated_day_already_covers() -> None:
    month = DealDate(dt.date(2017, 4, 1), dt.date(2017, 4, 30), "month")
    entries = timeline.build([mention("a", date=month), mention("b")])
    assert [e.date for e in entries] == [day("2017-04-14")]


def test_export_carries_timeline_and_corrected_fields_next_to_the_format() -> None:
    (deal,) = consolidate.merge([mention("a"), mention("b", counts=[Count("people", 5000, 5000)])])
    record = deal_record(dataclasses.replace(deal, corrected=["status"], links=[Link("PA-X", "1", "t", 0.8)]))
    assert record["timeline"][0]["outlet"] == "outlet-a" and record["corrected"] == ["status"]
    assert record["links"][0]["score"] == 0.8 and set(record) >= {"id", "types", "status", "evidence"}


# a record that stands for every report it rests on


def ceasefire(doc: str, **fields: object) -> Mention:
    """A report of a ceasefire somewhere in Syria, brokered by Russia and the United States."""
    base: dict[str, object] = {
        "types": ["ceasefire"],
        "status": "agreed",
        "actors": [
            Actor("Syrian government"),
            Actor("Russia", "mediator"),
            Actor("United States", "mediator"),
        ],
        "location": place("Aleppo"),
        "origin": None,
        "date": day("2016-09-10"),
        "published": dt.date(2016, 9, 11),
        "provenance": {"types": 0, "status": 0, "location": 0, "date": 0},
    }
    return mention(doc, **{**base, **fields})


def test_a_report_the_record_cannot_stand_for_is_split_off_not_forced_in() -> None:
    far = ceasefire("c", location=place("Hasakah"), provenance={"status": 0, "date": 0})
    nationwide = ceasefire("d", location=place("Idlib"), provenance={"status": 0}, places=[place("Syria")])
    deals = consolidate.merge([ceasefire("a"), ceasefire("b"), far, nationwide])
    assert sorted(sorted(d.mention_ids) for d in deals) == [["a#m1", "b#m1", "d#m1"], ["c#m1"]]


def test_a_two_way_evacuation_is_located_on_the_side_its_origin_and_destination_miss() -> None:
    sides = [place("al-Fuaa"), place("Madaya")]
    fuaa = {"location": place("al-Fuaa"), "origin": place("al-Fuaa"), "destination": place("Aleppo")}
    provenance = {"status": 0, "location": 0, "origin": 0, "destination": 0, "date": 0}
    reports = [
        *(mention(doc, **fuaa, places=sides, provenance=provenance) for doc in "abc"),
        *(mention(doc, destination=None, places=[place("Madaya")]) for doc in "de"),
    ]
    (deal,) = consolidate.merge(reports)
    assert [p.name for p in (deal.location, deal.origin, deal.destination) if p] == [
        "Madaya",
        "al-Fuaa",
        "Aleppo",
    ]


def test_a_deal_has_a_route_only_when_enough_of_its_reports_tell_of_one() -> None:
    aside = ceasefire("e", origin=place("Aleppo"), destination=place("Idlib"))
    (deal,) = consolidate.merge([*(ceasefire(doc) for doc in "abcd"), aside])
    assert deal.origin is None and deal.destination is None and deal.location == place("Aleppo")


def test_talks_abroad_do_not_keep_an_unplaced_report_from_its_deal() -> None:
    geneva = ceasefire("c", location=place("Aleppo"), provenance={"status": 0}, places=[place("Switzerland")])
    (deal,) = consolidate.merge([ceasefire("a"), ceasefire("b"), geneva])
    assert len(deal.mention_ids) == 3


def test_a_deal_started_again_weeks_after_it_was_settled_is_a_new_deal() -> None:
    ended = ceasefire("a", status="collapsed", date=day("2016-09-19"), published=dt.date(2016, 9, 20))
    pause = ceasefire("b", status="implemented", date=day("2016-10-17"), published=dt.date(2016, 10, 18))
    assert len(consolidate.merge([ended, pause])) == 2
    held = ceasefire("c", status="implemented", date=day("2016-02-27"), published=dt.date(2016, 6, 15))
    truce = ceasefire("d", status="agreed", date=day("2016-06-16"), published=dt.date(2016, 6, 17))
    assert len(consolidate.merge([held, truce])) == 2
    broken = ceasefire("e", status="collapsed", date=day("2016-09-19"), published=dt.date(2016, 9, 20))
    assert len(consolidate.merge([ceasefire("f"), broken])) == 1


def test_reports_join_only_while_they_share_a_kind_of_deal() -> None:
    aid = {"types": ["humanitarian_access"], "status": "implemented", "date": day("2016-09-19")}
    both = {"types": ["ceasefire", "humanitarian_access"], "status": "collapsed", "date": day("2016-09-19")}
    reports = [ceasefire("a"), *(ceasefire(doc, **both) for doc in "bcde"), ceasefire("f", **aid)]
    for deal in consolidate.merge(reports):
        assert {"a", "f"} - {e.doc for e in deal.evidence}


def test_status_is_the_latest_stage_more_than_one_article_reports() -> None:
    reports = [
        ceasefire("a", status="collapsed", date=day("2016-09-19")),
        ceasefire("b", status="collapsed", date=day("2016-09-19")),
        ceasefire("c", status="implemented", date=day("2016-09-22")),
    ]
    (deal,) = consolidate.merge(reports)
    assert deal.status == "collapsed" and deal.date == day("2016-09-19")
    assert ("implemented", day("2016-09-22")) in {(e.status, e.date) for e in deal.timeline}


def test_counts_another_article_bears_out_stay_beside_the_best_attested() -> None:
    reports = [
        mention("a", counts=[Count("people", 5000, 5000)]),
        mention("b", counts=[Count("people", 5000, 5000), Count("people", 2200, 2200)]),
        mention("c", counts=[Count("people", 2200, 2200), Count("buses", 75, 75)]),
        mention("d", counts=[Count("people", 300, 300)]),
    ]
    (deal,) = consolidate.merge(reports)
    assert [(c.unit, c.min) for c in deal.counts] == [("people", 5000), ("people", 2200), ("buses", 75)]


def test_an_actor_most_articles_name_keeps_each_role_several_give_it() -> None:
    sides = [Actor("Syrian government"), Actor("Syrian opposition")]
    roles = ["guarantor"] * 3 + ["mediator"] * 3 + [None] * 4
    reports = [
        mention(f"d{n}", actors=[*sides, *([Actor("Turkey", role)] if role else [])])
        for n, role in enumerate(roles)
    ]
    reports[0].actors.append(Actor("Iran", "guarantor"))
    (deal,) = consolidate.merge(reports)
    assert set(deal.actors) == {*sides, Actor("Turkey", "guarantor"), Actor("Turkey", "mediator")}


# the store's lookups for incremental clustering, on SQLite and PostgreSQL


def stored(store: Store, *mentions: Mention) -> None:
    for m in mentions:
        store.add_document(Article(m.doc, f"text of {m.doc}", published=m.published))
        store.save_mentions(m.doc, [m])


def test_store_finds_mentions_near_a_date_and_those_without_a_deal(store: Store) -> None:
    stored(store, mention("a"), mention("b", date=day("2016-08-26"), published=dt.date(2016, 8, 27)))
    assert [m.id for m in store.mentions_near(dt.date(2017, 4, 10), dt.date(2017, 4, 20))] == ["a#m1"]
    assert [m.id for m in store.mentions_near(dt.date(2016, 8, 27), dt.date(2016, 8, 27))] == ["b#m1"]
    assert len(store.unassigned_mentions()) == 2
    assert consolidate.rebuild(store) == 2
    assert store.unassigned_mentions() == [] and len(store.mention_deals()) == 2
    assert store.published_span() == (dt.date(2016, 8, 27), dt.date(2017, 4, 15))


def test_store_saves_links_without_touching_the_rest(store: Store) -> None:
    stored(store, mention("a"))
    consolidate.rebuild(store)
    (deal,) = store.deals()
    store.save_links({deal.id: [Link("PA-X", "2091", "Syrian Ceasefire Agreement", 0.81)]})
    (linked,) = store.deals()
    assert linked.links == [Link("PA-X", "2091", "Syrian Ceasefire Agreement", 0.81)]
    assert dataclasses.replace(linked, links=[]) == deal


def test_a_new_article_joins_its_deal_without_reclustering_the_rest(store: Store) -> None:
    elsewhere = mention(
        "z", location=place("Rastan"), origin=place("Rastan"), actors=[Actor("Russia", "mediator")]
    )
    stored(store, mention("a"), mention("b"), elsewhere)
    consolidate.rebuild(store)
    before = snapshot(store)
    store.add_correction(next(iter(store.mention_deals({"a#m1"}).values())), "correct", "status", "agreed")
    stored(store, mention("c", date=day("2017-04-15")))
    assert [m.id for m in consolidate.neighbourhood(store, store.unassigned_mentions())] == [
        "a#m1",
        "b#m1",
        "c#m1",
    ]
    consolidate.rebuild(store)
    deal_id = store.mention_deals({"c#m1"})["c#m1"]
    assert deal_id in before and store.mention_deals({"a#m1"})["a#m1"] == deal_id
    grown = store.deal(deal_id)
    assert grown is not None and grown.status == "agreed" and grown.corrected == ["status"]


def test_an_article_extracted_again_keeps_its_deal_and_leaves_no_copy(store: Store) -> None:
    stored(store, mention("b"))
    consolidate.rebuild(store)
    stored(store, mention("a"))
    consolidate.rebuild(store)
    before = snapshot(store)
    assert list(before) == [ids.fresh_id("b#m1")]
    for doc in ("a", "b"):
        store.save_mentions(doc, list(store.mentions([doc])))
    assert len(store.unassigned_mentions()) == 2
    consolidate.rebuild(store)
    assert snapshot(store) == before


# the whole FA-KES corpus


def gold_docs(key: str) -> set[str]:
    docs: set[str] = set()
    for name in ("fakes-train.jsonl", "fakes-dev.jsonl"):
        for line in (SHARED / "eval" / "gold" / name).read_text("utf-8").splitlines():
            record = json.loads(line)
            if record.get("key") == key:
                docs.update(record["docs"])
    return docs


def deal_of_most(store: Store, docs: set[str]) -> tuple[Deal, set[str]]:
    """The deal holding evidence from most of these articles, and which of them it holds."""
    deals = store.deals(DealQuery(include_rejected=True))
    best = max(deals, key=lambda d: (len(docs & {e.doc for e in d.evidence}), d.id))
    return best, docs & {e.doc for e in best.evidence}


@pytest.mark.slow
def test_four_towns_evacuation_is_one_deal_with_its_story(corpus_db: Path) -> None:
    docs = gold_docs("2017-04 four towns evacuation")
    with Store(f"sqlite:///{corpus_db}") as store:
        deal, held = deal_of_most(store, docs)
    assert len(held) >= 2 * len(docs) / 3
    assert len({e.doc for e in deal.evidence}) >= 8 and "evacuation" in deal.types
    dated = {(e.date.start, e.status) for e in deal.timeline if e.date}
    assert len(dated) >= 3 and all(dt.date(2017, 3, 1) <= d <= dt.date(2017, 5, 1) for d, _ in dated)
    places = {p.name for p in (deal.location, deal.origin, deal.destination) if p}
    assert places & {"Madaya", "Zabadani", "al-Fuaa", "Kefraya", "Aleppo"}


@pytest.mark.slow
def test_september_2016_us_russia_ceasefire_is_one_deal(corpus_db: Path) -> None:
    docs = gold_docs("2016-09 US-Russia nationwide ceasefire")
    with Store(f"sqlite:///{corpus_db}") as store:
        deal, held = deal_of_most(store, docs)
    assert len(held) >= 2 * len(docs) / 3 and "ceasefire" in deal.types
    assert {"United States", "Russia"} <= {a.name for a in deal.actors}
    assert deal.date is not None and dt.date(2016, 9, 1) <= deal.date.start <= dt.date(2016, 10, 31)


@pytest.mark.slow
def test_reingest_and_recluster_leave_ids_and_contents_unchanged(corpus_copy: Path) -> None:
    with Store(f"sqlite:///{corpus_copy}") as store:
        before = snapshot(store)
        report = ingest([str(SHARED / "corpus" / "seeds"), str(SHARED / "corpus" / "fakes.jsonl")], store)
        assert report.read == 0 and snapshot(store) == before
        consolidate.rebuild(store, full=True)
        assert snapshot(store) == before


@pytest.mark.slow
def test_show_prints_the_timeline_of_a_corpus_deal(corpus_db: Path) -> None:
    with Store(f"sqlite:///{corpus_db}") as store:
        deal, _ = deal_of_most(store, gold_docs("2017-04 four towns evacuation"))
    shown = runner.invoke(app, ["show", deal.id, "--db", f"sqlite:///{corpus_db}"], env={"COLUMNS": "200"})
    assert shown.exit_code == 0
    assert "Timeline" in shown.stdout and "2017-04-1" in shown.stdout
