"""The exports, parsed back with the standard readers, and the JSON Lines read by the scorer."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

from ceasefire.export import deal_record, write_csv, write_geojson, write_jsonl
from ceasefire.models import (
    Actor,
    Claim,
    Contradiction,
    Count,
    Deal,
    DealDate,
    Evidence,
    Link,
    Place,
    TimelineEntry,
)

SHARED = Path(__file__).parents[1].parent / "shared"
SEED_DOC = "000_0b1afb231470981f"
DERAA = Place("Deraa", 32.61889, 36.10208, "SY", admin1="Daraa", geonameid=170592)
IDLIB = Place("Idlib", 35.9306, 36.6339, "SY")
DOUMA = Place("Douma", 33.5711, 36.4019, "SY", level="locality")
FORMAT_FIELDS = [
    "id",
    "types",
    "status",
    "actors",
    "location",
    "origin",
    "destination",
    "counts",
    "date",
    "terms",
]


def movement() -> Deal:
    """An evacuation as the seed page reports it: Nusra fighters bussed from Deraa to Idlib."""
    passage = Evidence(
        SEED_DOC, 120, 190, "Buses carried fighters north. More followed later.", "local sources"
    )
    return Deal(
        id="d-0001",
        types=["evacuation"],
        status="implemented",
        actors=[
            Actor("Jabhat al-Nusra"),
            Actor("Syrian government"),
            Actor("Free Syrian Army"),
            Actor("Russia", "mediator"),
        ],
        origin=DERAA,
        destination=IDLIB,
        counts=[Count("vehicles", 24, 99), Count("fighters", 400, 400)],
        date=DealDate(dt.date(2018, 12, 1), dt.date(2018, 12, 31), "month"),
        terms=["safe passage to Idlib"],
        evidence=[passage],
        timeline=[TimelineEntry(None, "implemented", SEED_DOC, "Enab Baladi", passage)],
        contradictions=[Contradiction("counts", (Claim("24", SEED_DOC, "Enab Baladi", None),))],
        links=[Link("pax", "2170", "Deraa settlement", 0.7)],
        corrected=["status"],
    )


def truce() -> Deal:
    return Deal(
        id="d-0002",
        types=["ceasefire"],
        status="agreed",
        actors=[Actor("Jaysh al-Islam"), Actor("Turkey", "guarantor")],
        location=DOUMA,
        date=DealDate(dt.date(2018, 4, 8), dt.date(2018, 4, 8)),
        evidence=[Evidence("other-doc", 0, 30, '=HYPERLINK("x") truce announced.')],
    )


def talks() -> Deal:
    return Deal(id="d-0003", types=["political_process"], status="negotiating")


def test_export_record_has_the_format_fields() -> None:
    record = deal_record(truce())
    assert list(record) == [*FORMAT_FIELDS, "evidence"]
    assert record["location"] == {
        "name": "Douma",
        "lat": 33.5711,
        "lon": 36.4019,
        "country": "SY",
        "level": "locality",
    }
    assert record["origin"] is None and record["date"] == {
        "start": "2018-04-08",
        "end": "2018-04-08",
        "precision": "day",
    }
    assert record["actors"] == [
        {"name": "Jaysh al-Islam", "role": "party"},
        {"name": "Turkey", "role": "guarantor"},
    ]
    assert deal_record(talks())["date"] is None


def test_export_record_adds_the_extra_fields_when_present() -> None:
    record = deal_record(movement())
    assert record["origin"]["lat"] == 32.6189 and "admin1" not in record["origin"]
    assert record["timeline"][0]["evidence"]["source"] == "local sources"
    assert record["contradictions"] == [
        {
            "field": "counts",
            "claims": [{"value": "24", "doc": SEED_DOC, "outlet": "Enab Baladi", "source": None}],
        }
    ]
    assert record["links"] == [
        {"dataset": "pax", "ref_id": "2170", "title": "Deraa settlement", "score": 0.7}
    ]
    assert record["corrected"] == ["status"]


def test_export_jsonl_reads_back_line_by_line() -> None:
    out = io.StringIO()
    assert write_jsonl([movement(), truce(), talks()], out) == 3
    lines = out.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == [deal_record(d) for d in (movement(), truce(), talks())]


def test_export_jsonl_is_what_the_scorer_reads(tmp_path: Path) -> None:
    system = tmp_path / "deals.jsonl"
    with system.open("w", encoding="utf-8") as out:
        write_jsonl([movement(), truce(), talks()], out)
    score = SHARED / "eval" / "score.py"
    gold = SHARED / "eval" / "gold" / "seeds.jsonl"
    done = subprocess.run(
        [sys.executable, str(score), "--gold", str(gold), "--system", str(system), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["scope"]["system_read"] == 3
    assert result["deals"]["tp"] == 1 and result["deals"]["fp"] == 0


def read_csv(deals: list[Deal]) -> list[dict[str, str]]:
    out = io.StringIO(newline="")
    assert write_csv(deals, out) == len(deals)
    return list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))


def test_export_csv_has_acled_like_columns() -> None:
    row = read_csv([movement()])[0]
    assert row["event_id"] == "d-0001" and row["event_date"] == "2018-12-01" and row["time_precision"] == "2"
    assert (row["actor1"], row["actor2"]) == ("Jabhat al-Nusra", "Syrian government")
    assert row["assoc_actors"] == "Free Syrian Army (party); Russia (mediator)"
    assert row["mediators"] == "Russia" and row["guarantors"] == ""
    assert (row["location"], row["latitude"], row["longitude"], row["geo_precision"]) == (
        "Deraa",
        "32.6189",
        "36.1021",
        "1",
    )
    assert (row["origin"], row["destination"]) == ("Deraa", "Idlib")
    assert row["counts"] == "24-99 vehicles; 400 fighters"
    assert row["source"] == f"Enab Baladi ({SEED_DOC})"
    assert row["notes"] == "safe passage to Idlib | Buses carried fighters north."


def test_export_csv_keeps_formulas_and_blanks_harmless() -> None:
    douma, empty = read_csv([truce(), talks()])
    assert douma["notes"].startswith("'=HYPERLINK")
    assert (
        douma["guarantors"] == "Turkey"
        and douma["time_precision"] == "1"
        and douma["event_type"] == "ceasefire"
    )
    assert (
        empty["event_date"] == ""
        and empty["latitude"] == ""
        and empty["actor1"] == ""
        and empty["notes"] == ""
    )


def test_export_geojson_is_a_feature_collection() -> None:
    out = io.StringIO()
    assert write_geojson([movement(), truce(), talks()], out) == 3
    collection = json.loads(out.getvalue())
    assert collection["type"] == "FeatureCollection"
    line, point, nowhere = collection["features"]
    assert line["geometry"] == {"type": "LineString", "coordinates": [[36.1021, 32.6189], [36.6339, 35.9306]]}
    assert point["geometry"] == {"type": "Point", "coordinates": [36.4019, 33.5711]}
    assert nowhere["geometry"] is None and nowhere["id"] == "d-0003"
    assert line["properties"]["evidence"] == [
        {"doc": SEED_DOC, "start": 120, "end": 190, "source": "local sources"}
    ]
    assert "text" not in line["properties"]["timeline"][0]["evidence"]
    assert line["properties"]["links"][0]["ref_id"] == "2170"


def test_export_geojson_of_nothing_is_still_valid() -> None:
    out = io.StringIO()
    assert write_geojson([], out) == 0
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}
