"""Links from deals to the known agreements of ../shared/reference, read at run time."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ceasefire import consolidate
from ceasefire.cli import app
from ceasefire.consolidate.link import LinkOptions, links_for, score
from ceasefire.consolidate.reference import ETH_PRIO, PAX, PAX_LOCAL, Agreement, load, types_in
from ceasefire.geo import Gazetteer
from ceasefire.models import Actor, Deal, DealDate, Evidence, Place, TimelineEntry
from ceasefire.store import DealQuery, Store

SHARED = Path(__file__).parents[1].parent / "shared"
REFERENCE = SHARED / "reference"
runner = CliRunner()


@pytest.fixture(scope="module")
def agreements() -> dict[tuple[str, str], Agreement]:
    found, problems = load(REFERENCE)
    assert problems == []
    return {(a.dataset, a.ref_id): a for a in found}


def place(name: str) -> Place:
    found = Gazetteer.default().lookup(name)
    assert found is not None, name
    return found


def deal(**fields: object) -> Deal:
    passage = Evidence("doc", 0, 30, "The factions agreed to leave.", None)
    when = fields.pop("when", DealDate(dt.date(2017, 3, 13), dt.date(2017, 3, 13)))
    base: dict[str, object] = {
        "types": ["evacuation", "ceasefire"],
        "status": "agreed",
        "actors": [Actor("Syrian government"), Actor("Syrian opposition"), Actor("Russia", "mediator")],
        "location": place("al-Waer"),
        "date": when,
        "evidence": [passage],
        "timeline": [TimelineEntry(when, "agreed", "doc", None, passage)],  # type: ignore[arg-type]
    }
    return Deal(id="d-test", **{**base, **fields})  # type: ignore[arg-type]


def test_reference_files_read_whole(agreements: dict[tuple[str, str], Agreement]) -> None:
    datasets = [dataset for dataset, _ in agreements]
    assert (datasets.count(PAX_LOCAL), datasets.count(PAX), datasets.count(ETH_PRIO)) == (85, 111, 140)
    us_russia = agreements[(PAX, "2091")]
    assert us_russia.date.start == dt.date(2016, 9, 9) and "ceasefire" in us_russia.types
    assert {"United States", "Russia"} <= us_russia.actors and us_russia.places == ()
    four_towns = agreements[(ETH_PRIO, "106")]
    assert four_towns.date.start == dt.date(2017, 3, 28) and {"Iran", "Qatar"} <= four_towns.actors


def test_types_come_from_the_words_of_a_title() -> None:
    assert types_in("Terms on the Departure of Armed Factions from Eastern Aleppo") == {"evacuation"}
    assert types_in("Cessation of Hostilities and release of detainees") == {"ceasefire", "prisoner_exchange"}


def test_a_bad_row_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    for name in ("pax-syria.csv", "eth-prio-ceasefires-syria.csv"):
        shutil.copy(REFERENCE / name, tmp_path / name)
    lines = (REFERENCE / "pax-local-syria.csv").read_text("utf-8").splitlines(keepends=True)
    header, rows = lines[0], "".join(lines[1:])
    broken = re.sub(r",2012-09-01,", ",someday,", rows, count=1)
    (tmp_path / "pax-local-syria.csv").write_text(header + broken, "utf-8")
    found, problems = load(tmp_path)
    assert len(problems) == 1 and "someday" in problems[0].reason
    assert sum(a.dataset == PAX_LOCAL for a in found) == 84
    assert load(tmp_path / "nowhere")[1][0].reason.startswith("no PA-X Local file")


def test_a_deal_links_to_the_agreement_at_its_place_and_time(
    agreements: dict[tuple[str, str], Agreement],
) -> None:
    waer = agreements[(PAX, "2437")]
    options = LinkOptions()
    value = score(deal(), waer, options)
    assert value is not None and value >= options.threshold
    assert score(deal(location=place("Deraa")), waer, options) is None
    later = DealDate(dt.date(2017, 6, 1), dt.date(2017, 6, 1))
    assert score(deal(when=later), waer, options) is None
    assert score(deal(types=["political_process"]), waer, options) is None


def test_each_dataset_gives_a_deal_its_best_agreement(agreements: dict[tuple[str, str], Agreement]) -> None:
    found = links_for(deal(), agreements.values(), LinkOptions())
    assert [(link.dataset, link.ref_id) for link in found if link.dataset == PAX] == [(PAX, "2437")]
    assert links_for(deal(), agreements.values(), LinkOptions(threshold=1.0)) == []


def test_an_agreement_for_the_whole_country_needs_someone_in_common(
    agreements: dict[tuple[str, str], Agreement],
) -> None:
    september = DealDate(dt.date(2016, 9, 12), dt.date(2016, 9, 19))
    brokered = deal(types=["ceasefire"], location=place("Aleppo"), when=september)
    us_russia = agreements[(PAX, "2091")]
    assert score(brokered, us_russia, LinkOptions()) is None
    both = [Actor("United States", "mediator"), Actor("Russia", "mediator")]
    assert score(dataclasses.replace(brokered, actors=both), us_russia, LinkOptions()) is not None


@pytest.mark.slow
def test_link_command_links_corpus_deals_and_reports(corpus_copy: Path) -> None:
    db = f"sqlite:///{corpus_copy}"
    linked = runner.invoke(app, ["link", "--db", db, "--reference", str(REFERENCE), "--report"])
    assert linked.exit_code == 0, linked.output
    figures = re.search(r"corpus span: (\d+); linked to a deal: (\d+)", linked.stdout)
    assert figures and int(figures[1]) > 100 and 0 < int(figures[2]) < int(figures[1])
    with Store(db) as store:
        deals = store.deals(DealQuery(include_rejected=True))
        assert all(0.5 <= link.score <= 1 for d in deals for link in d.links)
        assert any((link.dataset, link.ref_id) == (PAX, "2091") for d in deals for link in d.links)
        assert (
            consolidate.rebuild(store, full=True) and store.deals(DealQuery(include_rejected=True)) == deals
        )
    exported = runner.invoke(app, ["export", "--db", db])
    assert any(json.loads(line).get("links") for line in exported.stdout.splitlines())
    strict = runner.invoke(app, ["link", "--db", db, "--reference", str(REFERENCE), "--threshold", "0.95"])
    counts = [int(re.match(r"Linked (\d+) deals", r.stdout)[1]) for r in (linked, strict)]  # type: ignore[index]
    assert strict.exit_code == 0 and counts[1] < counts[0]
    with Store(db) as store:
        assert all(
            link.score >= 0.95 for d in store.deals(DealQuery(include_rejected=True)) for link in d.links
        )


def test_link_command_without_reference_files_says_where_to_look(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'ceasefire.db'}"
    failed = runner.invoke(app, ["link", "--db", db, "--reference", str(tmp_path)])
    assert failed.exit_code == 1 and "--reference" in failed.output
