"""The `ceasefire` command against a real SQLite file, with deals saved through the store."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from ceasefire.cli import app
from ceasefire.models import Actor, Count, Deal, DealDate, Evidence, Link, Place, Problem, TimelineEntry
from ceasefire.store import Store, schema

SHARED = Path(__file__).parents[1].parent / "shared"
runner = CliRunner()


def deals() -> list[Deal]:
    passage = Evidence("doc-a", 10, 48, "Buses carried 400 fighters to Idlib.", "the Syrian Observatory")
    return [
        Deal(
            id="evac-1",
            types=["evacuation"],
            status="implemented",
            actors=[Actor("Jabhat al-Nusra"), Actor("Russia", "mediator")],
            origin=Place("Deraa", 32.6189, 36.1021, "SY"),
            destination=Place("Idlib", 35.9306, 36.6339, "SY"),
            counts=[Count("fighters", 400, 400)],
            date=DealDate(dt.date(2018, 7, 31), dt.date(2018, 7, 31)),
            evidence=[passage],
            timeline=[TimelineEntry(None, "agreed", "doc-a", "Enab Baladi", passage)],
            links=[Link("pax", "2170", "Deraa settlement", 0.7)],
            provenance={"counts": "0"},
        ),
        Deal(
            id="truce-2",
            types=["ceasefire"],
            status="agreed",
            actors=[Actor("Jaysh al-Islam")],
            location=Place("Douma", 33.5711, 36.4019, "SY"),
            date=DealDate(dt.date(2018, 4, 1), dt.date(2018, 4, 30), "month"),
        ),
    ]


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'ceasefire.db'}"
    with Store(url) as store:
        store.save_deals(deals())
        store.add_problem(Problem("broken.csv", "line 7", "undecodable bytes [0xff]"))
    return url


def test_cli_lists_deals_by_filter(db: str) -> None:
    listed = runner.invoke(app, ["deals", "--db", db])
    assert listed.exit_code == 0 and "evac-1" in listed.stdout and "truce-2" in listed.stdout
    assert "Deals shown: 2 of 2." in listed.stdout
    only = runner.invoke(app, ["deals", "--db", db, "--type", "ceasefire", "--since", "2018-04-15"])
    assert "truce-2" in only.stdout and "evac-1" not in only.stdout and "2018-04" in only.stdout
    none = runner.invoke(app, ["deals", "--db", db, "--place", "x' OR '1'='1"])
    assert "Deals shown: 0 of 0." in none.stdout
    assert (
        runner.invoke(app, ["deals", "--db", db, "--actor", "russia", "--limit", "1"]).stdout.count("evac-1")
        == 1
    )


def test_cli_refuses_bad_options(db: str) -> None:
    assert runner.invoke(app, ["deals", "--db", db, "--type", "truce"]).exit_code == 2
    assert runner.invoke(app, ["deals", "--db", db, "--since", "April"]).exit_code == 2
    unsupported = runner.invoke(app, ["deals", "--db", "mysql://u@host/db"])
    assert unsupported.exit_code == 2 and "SQLite or PostgreSQL" in unsupported.stderr


def test_cli_shows_a_deal_with_its_evidence(db: str) -> None:
    shown = runner.invoke(app, ["show", "evac-1", "--db", db])
    assert shown.exit_code == 0
    for expected in (
        "Deraa",
        "Idlib",
        "fighters: 400",
        "[1] doc-a",
        "Syrian Observatory",
        "Timeline",
        "Enab Baladi",
    ):
        assert expected in shown.stdout
    assert "Buses carried 400" in shown.stdout and "Deraa settlement" in shown.stdout
    missing = runner.invoke(app, ["show", "nope", "--db", db])
    assert missing.exit_code == 1 and "no deal with id 'nope'" in missing.stderr


def test_cli_shows_corrections(db: str) -> None:
    with Store(db) as store:
        store.add_correction("truce-2", "correct", "status", "collapsed", comment="broke down", author="ana")
    shown = runner.invoke(app, ["show", "truce-2", "--db", db])
    assert (
        "collapsed" in shown.stdout
        and "corrected by an analyst" in shown.stdout
        and "broke down" in shown.stdout
    )


def test_cli_exports_to_stdout_only_the_export(db: str) -> None:
    jsonl = runner.invoke(app, ["export", "--db", db])
    assert jsonl.exit_code == 0
    assert [json.loads(line)["id"] for line in jsonl.stdout.splitlines()] == ["evac-1", "truce-2"]
    assert "Wrote 2 deals" in jsonl.stderr
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["export", "-f", "csv", "--db", db]).stdout)))
    assert [row["event_id"] for row in rows] == ["evac-1", "truce-2"]
    geojson = json.loads(runner.invoke(app, ["export", "--format", "geojson", "--db", db]).stdout)
    assert [f["geometry"]["type"] for f in geojson["features"]] == ["LineString", "Point"]


def test_cli_exports_to_a_file(db: str, tmp_path: Path) -> None:
    target = tmp_path / "deals.csv"
    done = runner.invoke(app, ["export", "--format", "csv", "--out", str(target), "--db", db])
    assert done.exit_code == 0 and done.stdout == ""
    with target.open(encoding="utf-8", newline="") as stream:
        assert len(list(csv.DictReader(stream))) == 2


def test_cli_lists_failures(db: str) -> None:
    listed = runner.invoke(app, ["failures", "--db", db])
    assert listed.exit_code == 0
    assert "broken.csv" in listed.stdout and "undecodable bytes [0xff]" in listed.stdout


def test_cli_ingests_the_seed_pages_once(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'ingest.db'}"
    seeds = str(SHARED / "corpus" / "seeds")
    first = runner.invoke(app, ["ingest", seeds, "--db", db])
    assert first.exit_code == 0, first.output
    assert "Read 5 documents (0 duplicates skipped)" in first.stdout
    again = runner.invoke(app, ["ingest", seeds, "--db", db])
    assert again.exit_code == 0 and "Read 0 documents (5 duplicates skipped)" in again.stdout
    nothing = runner.invoke(app, ["ingest", str(tmp_path / "no-such-folder"), "--db", db])
    assert nothing.exit_code == 1 and "no-such-folder" in nothing.stderr


@pytest.mark.postgres
def test_cli_runs_every_command_on_postgresql(tmp_path: Path) -> None:
    url = os.environ.get("CEASEFIRE_TEST_PG", "")
    if not url:
        pytest.skip("set CEASEFIRE_TEST_PG to a PostgreSQL URL to run the PostgreSQL tests")
    db = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with Store(db) as store:
        schema.metadata.drop_all(store.engine)
    try:
        ingested = runner.invoke(
            app, ["ingest", str(SHARED / "corpus" / "seeds"), "--db", db, "--workers", "2"]
        )
        assert ingested.exit_code == 0 and "Read 5 documents" in ingested.stdout, ingested.output
        exported = runner.invoke(app, ["export", "--db", db])
        first = json.loads(exported.stdout.splitlines()[0])
        assert exported.exit_code == 0 and first["evidence"]
        shown = runner.invoke(app, ["show", first["id"], "--db", db])
        assert shown.exit_code == 0 and first["evidence"][0]["doc"] in shown.stdout
        listed = runner.invoke(app, ["deals", "--db", db])
        total = len(exported.stdout.splitlines())
        assert listed.exit_code == 0 and f"Deals shown: {total} of {total}." in listed.stdout
        assert runner.invoke(app, ["failures", "--db", db]).exit_code == 0
    finally:
        with Store(db) as store:
            schema.metadata.drop_all(store.engine)
