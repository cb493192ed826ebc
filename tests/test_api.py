"""The REST API through FastAPI's TestClient, on a real SQLite store holding the seeds and all of FA-KES."""

from __future__ import annotations

import io
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ceasefire import consolidate
from ceasefire.api import Settings, create_app, records
from ceasefire.api.cache import Answers
from ceasefire.cli import app as cli
from ceasefire.engine import ingest
from ceasefire.export import write_jsonl
from ceasefire.models import DEAL_TYPES
from ceasefire.store import DealQuery, Store, schema
from ceasefire.store.query import words

SHARED = Path(__file__).parents[1].parent / "shared"
EXAMPLES = Path(__file__).parents[1] / "examples" / "articles"
SEED_002 = "002_f27bd7b462f6375f"
TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
INJECTIONS = (
    "' OR 1=1 --",
    "'; DROP TABLE deals; --",
    '" OR ""="',
    "Russia' UNION SELECT payload FROM deals --",
    "%' OR '%'='",
    "1; DELETE FROM corrections",
    "\\' OR 1=1 /*",
)


@pytest.fixture(scope="module")
def reader(corpus_db: Path) -> Iterator[tuple[TestClient, Store]]:
    """A client over the shared corpus store; writes are refused since no token is set."""
    with Store(f"sqlite:///{corpus_db}") as store, TestClient(create_app(store)) as client:
        yield client, store


@pytest.fixture
def writer(corpus_copy: Path) -> Iterator[tuple[TestClient, Store]]:
    """A client with a token over a private copy of the corpus store."""
    with (
        Store(f"sqlite:///{corpus_copy}") as store,
        TestClient(create_app(store, Settings(token=TOKEN))) as client,
    ):
        yield client, store


def ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [deal["id"] for deal in response.json()["deals"]]


def seed_deal(client: TestClient) -> dict[str, Any]:
    """The seed-002 evacuation out of Deraa (towards the Badiya), found by its filters and its source."""
    found = client.get("/api/deals", params={"type": "evacuation", "place": "deraa", "limit": 1000}).json()
    cited = [d for d in found["deals"] if any(e["doc"] == SEED_002 for e in d["evidence"])]
    assert cited, "the Deraa evacuation of seed 002 should be extracted"
    return cited[0]


def snapshot(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return "\n".join(conn.iterdump())


def test_api_lists_a_page_of_deals_with_the_total(reader: tuple[TestClient, Store]) -> None:
    client, store = reader
    body = client.get("/api/deals", params={"limit": 7}).json()
    assert body["total"] == store.count_deals() > 100
    assert len(body["deals"]) == 7
    dates = [d["date"]["start"] for d in body["deals"] if d["date"]]
    assert dates == sorted(dates, reverse=True)
    first = body["deals"][0]
    assert {"id", "types", "status", "actors", "location", "evidence", "timeline", "corrected"} <= set(first)


@pytest.mark.parametrize(
    "params",
    [
        {"type": "evacuation"},
        {"status": "agreed"},
        {"actor": "russia"},
        {"place": "ALEPPO"},
        {"since": "2017-01-01", "until": "2017-06-30"},
        {"q": "safe passage"},
        {"type": "ceasefire", "actor": "Russia", "since": "2016-01-01"},
    ],
)
def test_api_filters_select_what_the_store_selects(
    reader: tuple[TestClient, Store], params: dict[str, str]
) -> None:
    client, store = reader
    query = DealQuery(**{k: v for k, v in params.items() if k not in ("since", "until")})
    body = client.get("/api/deals", params={**params, "limit": 1000}).json()
    listed = {d["id"] for d in body["deals"]}
    assert body["total"] == len(listed) > 0
    if "since" not in params:
        assert listed == {deal.id for deal in store.deals(query)}
    for deal in body["deals"]:
        assert "type" not in params or params["type"] in deal["types"]
        assert "status" not in params or deal["status"] == params["status"]
        assert "since" not in params or deal["date"]["end"] >= params["since"]
        assert "until" not in params or deal["date"]["start"] <= params["until"]
    assert set(client.get("/api/deal-ids", params=params).json()["ids"]) == listed


def test_api_pages_and_sorts(reader: tuple[TestClient, Store]) -> None:
    client, _ = reader
    everything = ids(client.get("/api/deals", params={"sort": "id", "limit": 1000}))
    assert everything == sorted(everything)
    pages = [
        ids(client.get("/api/deals", params={"sort": "id", "limit": 50, "offset": n})) for n in (0, 50, 100)
    ]
    assert sum(pages, []) == everything[:150]
    assert ids(client.get("/api/deals", params={"sort": "-id", "limit": 3})) == everything[::-1][:3]


@pytest.mark.parametrize(
    "params", [{"type": "truce"}, {"status": "done"}, {"sort": "name"}, {"limit": 0}, {"offset": -1}]
)
def test_api_refuses_unknown_filter_values(reader: tuple[TestClient, Store], params: dict[str, Any]) -> None:
    client, _ = reader
    response = client.get("/api/deals", params=params)
    assert response.status_code == 422
    assert next(iter(params)) in json.dumps(response.json()["detail"])


def test_api_gives_one_deal_with_its_passages(reader: tuple[TestClient, Store]) -> None:
    client, store = reader
    deal = seed_deal(client)
    detail = client.get(f"/api/deals/{deal['id']}").json()
    assert detail["id"] == deal["id"] and "evacuation" in detail["types"]
    assert detail["location"]["name"] == "Deraa" or detail["origin"]["name"] == "Deraa"
    article = store.document(SEED_002)
    assert article is not None
    for evidence in detail["evidence"]:
        if evidence["doc"] == SEED_002:
            assert article.text[evidence["start"] : evidence["end"]] == evidence["text"]
    assert {"provenance", "timeline", "contradictions", "links", "corrections", "review"} <= set(detail)
    assert client.get("/api/deals/d-nothere").status_code == 404


def test_api_document_marks_the_evidence_spans(reader: tuple[TestClient, Store]) -> None:
    client, _ = reader
    deal = seed_deal(client)
    doc = client.get(f"/api/documents/{SEED_002}").json()
    assert doc["id"] == SEED_002
    assert doc["text"] == (SHARED / "corpus" / "seeds" / f"{SEED_002}.txt").read_text(encoding="utf-8")
    ours = [span for span in doc["spans"] if span["deal"] == deal["id"]]
    cited = [e for e in deal["evidence"] if e["doc"] == SEED_002]
    assert len(ours) == len(cited) > 0
    for span in ours:
        evidence = deal["evidence"][span["evidence"]]
        assert doc["text"][span["start"] : span["end"]] == evidence["text"]
    assert client.get("/api/documents/no-such-doc").status_code == 404


def test_api_geojson_has_a_feature_per_deal(reader: tuple[TestClient, Store]) -> None:
    client, store = reader
    full = client.get("/api/deals.geojson", params={"type": "evacuation"}).json()
    assert full["type"] == "FeatureCollection"
    assert len(full["features"]) == store.count_deals(DealQuery(type="evacuation"))
    for feature in full["features"]:
        props = feature["properties"]
        assert "evacuation" in props["types"]
        if props["origin"] and props["destination"]:
            assert feature["geometry"]["type"] == "LineString"
        assert all("text" not in e for e in props["evidence"])
    summary = client.get("/api/deals.geojson", params={"summary": True, "limit": 5}).json()["features"]
    assert len(summary) == 5 and "evidence" not in summary[0]["properties"]


def test_api_stats_count_by_type_status_and_month(reader: tuple[TestClient, Store]) -> None:
    client, store = reader
    stats = client.get("/api/stats").json()
    assert stats == json.loads(json.dumps(store.stats()))
    assert stats["documents"] > 790 and set(stats["by_type"]) <= set(DEAL_TYPES)
    assert sum(stats["by_status"].values()) == stats["deals"]
    narrowed = client.get("/api/stats", params={"type": "evacuation"}).json()
    assert narrowed["deals"] == stats["by_type"]["evacuation"]


def test_api_filters_are_bound_parameters(writer: tuple[TestClient, Store], corpus_copy: Path) -> None:
    client, store = writer
    before = snapshot(corpus_copy)
    total = store.count_deals()
    for text in INJECTIONS:
        # The free-text search reads words, so the text finds what its bare words find, never every deal.
        plain = client.get("/api/deals", params={"q": " ".join(words(text))}).json()["total"]
        for name, found in (("actor", 0), ("place", 0), ("q", plain)):
            response = client.get("/api/deals", params={name: text})
            assert response.status_code == 200, (name, text)
            assert response.json()["total"] == found < total, (name, text)
            assert client.get("/api/stats", params={name: text}).json()["deals"] == found
            assert len(client.get("/api/deals.geojson", params={name: text}).json()["features"]) == found
        assert client.get(f"/api/deals/{text}").status_code == 404
        assert client.get(f"/api/documents/{text}").status_code == 404
        assert client.get("/api/deals", params={"type": text}).status_code == 422
    assert store.count_deals() == total
    assert snapshot(corpus_copy) == before


def test_api_refuses_writes_when_no_token_is_set(reader: tuple[TestClient, Store]) -> None:
    client, _ = reader
    deal = seed_deal(client)
    for headers in ({}, AUTH):
        patched = client.patch(f"/api/deals/{deal['id']}", json={"action": "reject"}, headers=headers)
        posted = client.post("/api/documents", json={"articles": [{"text": "A truce."}]}, headers=headers)
        assert patched.status_code == posted.status_code == 403
        assert "token" in patched.json()["detail"]
    assert client.get(f"/api/deals/{deal['id']}").json()["review"] is None


def test_api_writes_need_the_right_token(writer: tuple[TestClient, Store]) -> None:
    client, store = writer
    deal = seed_deal(client)
    for headers in (
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": TOKEN},
        {"Authorization": "Basic x"},
    ):
        patched = client.patch(f"/api/deals/{deal['id']}", json={"action": "reject"}, headers=headers)
        assert patched.status_code == 401, headers
        assert patched.headers["www-authenticate"] == "Bearer"
        posted = client.post("/api/documents", json={"articles": [{"text": "A truce."}]}, headers=headers)
        assert posted.status_code == 401
    assert store.corrections(deal["id"]) == []


def test_api_limits_the_body_size(corpus_copy: Path) -> None:
    with Store(f"sqlite:///{corpus_copy}") as store:
        client = TestClient(create_app(store, Settings(token=TOKEN, max_body=2048)))
        documents = store.stats()["documents"]
        article = {"articles": [{"title": "Long", "text": "A ceasefire was agreed. " * 200}]}
        declared = client.post("/api/documents", json=article, headers=AUTH)
        assert declared.status_code == 413 and "2048 bytes" in declared.json()["detail"]
        chunks = (b"x" * 1024 for _ in range(4))
        streamed = client.post(
            "/api/documents", content=chunks, headers={**AUTH, "Content-Type": "application/json"}
        )
        assert streamed.status_code == 413
        assert store.stats()["documents"] == documents


def test_api_ingests_articles_sent_as_json(writer: tuple[TestClient, Store]) -> None:
    client, store = writer
    text = (EXAMPLES / "01-qudsaya-evacuation.txt").read_text(encoding="utf-8")
    title, body = text.split("\n", 1)
    article = {"title": title, "text": body, "outlet": "our newsletter", "published": "2016-10-14"}
    report = client.post("/api/documents", json={"articles": [article]}, headers=AUTH)
    assert report.status_code == 200, report.text
    sent = report.json()
    assert sent["read"] == 1 and sent["failures"] == [] and sent["mentions"] >= 1
    doc_id = sent["documents"][0]
    assert store.document(doc_id) is not None
    found = client.get("/api/deals", params={"place": "qudsaya", "limit": 100}).json()["deals"]
    assert any(e["doc"] == doc_id for deal in found for e in deal["evidence"])
    again = client.post("/api/documents", json={"articles": [article]}, headers=AUTH).json()
    assert again["read"] == 0 and again["duplicates"] == 1


def test_api_ingests_an_uploaded_file_and_reports_bad_records(writer: tuple[TestClient, Store]) -> None:
    client, store = writer
    page = (EXAMPLES / "03-prisoner-swap.html").read_bytes()
    uploaded = client.post("/api/documents", files={"file": ("../../03-swap.html", page)}, headers=AUTH)
    assert uploaded.status_code == 200, uploaded.text
    assert uploaded.json()["read"] == 1
    lines = b'{"id": "ok-1", "text": "Rebels agreed a truce in Douma."}\n{"id": "bad", "text": \n'
    mixed = client.post(
        "/api/documents", files={"file": ("batch.jsonl", io.BytesIO(lines))}, headers=AUTH
    ).json()
    assert mixed["read"] == 1
    assert [(f["source"], f["record"]) for f in mixed["failures"]] == [("batch.jsonl", "line 2")]
    assert store.has_document("ok-1")


@pytest.mark.parametrize(
    ("content", "kind", "status"),
    [
        (b"{not json", "application/json", 422),
        (b'{"articles": []}', "application/json", 422),
        (b'{"articles": [{"title": "no text"}]}', "application/json", 422),
        (b"text", "text/plain", 415),
    ],
)
def test_api_refuses_malformed_ingest_bodies(
    writer: tuple[TestClient, Store], content: bytes, kind: str, status: int
) -> None:
    client, _ = writer
    response = client.post("/api/documents", content=content, headers={**AUTH, "Content-Type": kind})
    assert response.status_code == status


def test_api_records_reviews(writer: tuple[TestClient, Store]) -> None:
    client, _ = writer
    deal = seed_deal(client)
    url = f"/api/deals/{deal['id']}"
    confirmed = client.patch(url, json={"action": "confirm", "author": "analyst"}, headers=AUTH).json()
    assert confirmed["review"] == "confirmed"
    fixed = {"action": "correct", "field": "status", "value": "implemented", "comment": "buses seen leaving"}
    corrected = client.patch(url, json=fixed, headers=AUTH).json()
    assert corrected["status"] == "implemented" and corrected["corrected"] == ["status"]
    assert corrected["corrections"][-1]["comment"] == "buses seen leaving"
    for bad, status in (
        ({"action": "correct", "field": "status", "value": "done"}, 422),
        ({"action": "correct", "field": "colour", "value": "red"}, 422),
        ({"action": "approve"}, 422),
    ):
        assert client.patch(url, json=bad, headers=AUTH).status_code == status
    assert client.patch("/api/deals/d-nothere", json={"action": "confirm"}, headers=AUTH).status_code == 404
    assert client.patch(url, json={"action": "reject"}, headers=AUTH).json()["review"] == "rejected"
    assert deal["id"] not in ids(client.get("/api/deals", params={"type": "evacuation", "limit": 1000}))
    kept = client.get("/api/deals", params={"type": "evacuation", "include_rejected": True, "limit": 1000})
    assert deal["id"] in ids(kept)


def test_api_kept_answers_follow_writes_from_any_process(
    writer: tuple[TestClient, Store], corpus_copy: Path
) -> None:
    client, _ = writer
    evacuations = {"type": "evacuation"}
    stats = client.get("/api/stats", params=evacuations).json()
    total = client.get("/api/deals", params=evacuations).json()["total"]
    features = client.get("/api/deals.geojson", params={**evacuations, "summary": True}).json()["features"]
    assert stats["deals"] == total == len(features) > 0
    with Store(f"sqlite:///{corpus_copy}") as other:
        other.add_correction(features[0]["id"], "reject", author="another process")
    assert client.get("/api/stats", params=evacuations).json()["deals"] == total - 1
    assert client.get("/api/deals", params=evacuations).json()["total"] == total - 1
    shown = client.get("/api/deals.geojson", params={**evacuations, "summary": True}).json()["features"]
    assert [f["id"] for f in shown] == [f["id"] for f in features[1:]]
    listed = {"sort": "id", "limit": 5, "include_rejected": True}
    first = client.get("/api/deals", params=listed).json()["deals"][0]
    assert client.get(f"/api/deals/{first['id']}").json()["status"] == first["status"]
    status = "collapsed" if first["status"] != "collapsed" else "agreed"
    with Store(f"sqlite:///{corpus_copy}") as other:
        other.add_correction(first["id"], "correct", "status", status, author="another process")
    assert client.get("/api/deals", params=listed).json()["deals"][0]["status"] == status
    detail = client.get(f"/api/deals/{first['id']}").json()
    assert detail["status"] == status and detail["corrections"][-1]["author"] == "another process"


def test_api_answers_keep_to_their_budget() -> None:
    answers = Answers(budget=100, largest=60)
    answers.put(1, "a", b"a" * 50, 50)
    answers.put(1, "b", b"b" * 50, 50)
    assert answers.get(1, "a") == b"a" * 50
    answers.put(1, "c", b"c" * 50, 50)
    assert answers.get(1, "b") is None and answers.get(1, "a") is not None
    answers.put(1, "big", b"x" * 61, 61)
    assert answers.get(1, "big") is None
    assert b"".join(answers.keep(2, "d", iter([b"d" * 30, b"d" * 30]))) == b"d" * 60
    assert answers.get(2, "d") == b"d" * 60 and answers.get(1, "a") is None and answers.get(2, "a") is None
    answers.put(1, "late", b"l", 1)
    assert answers.get(1, "late") is None


def test_api_correction_survives_reingest(writer: tuple[TestClient, Store]) -> None:
    client, store = writer
    deal = seed_deal(client)
    badiya = {"name": "Badiya", "lat": 34.5, "lon": 38.5, "country": "SY", "level": "region"}
    for field, value in (("status", "implemented"), ("destination", badiya)):
        review = {"action": "correct", "field": field, "value": value, "comment": "per SOHR"}
        assert client.patch(f"/api/deals/{deal['id']}", json=review, headers=AUTH).status_code == 200
    ingest([str(SHARED / "corpus" / "seeds")], store)
    store.delete_deals([deal["id"]])
    consolidate.rebuild(store)
    again = client.get(f"/api/deals/{deal['id']}").json()
    assert again["status"] == "implemented" and again["destination"]["name"] == "Badiya"
    assert sorted(again["corrected"]) == ["destination", "status"]
    exported = io.StringIO()
    write_jsonl(store.deals(DealQuery(type="evacuation")), exported)
    records = {r["id"]: r for r in map(json.loads, exported.getvalue().splitlines())}
    assert sorted(records[deal["id"]]["corrected"]) == ["destination", "status"]


def test_api_documents_itself_without_a_cdn(reader: tuple[TestClient, Store]) -> None:
    client, _ = reader
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs and "cdn" not in docs
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/deals",
        "/api/deals/{deal_id}",
        "/api/documents/{doc_id}",
        "/api/deals.geojson",
        "/api/stats",
    ):
        assert "get" in paths[path]
    assert set(paths["/api/documents"]["post"]["requestBody"]["content"]) == {
        "application/json",
        "multipart/form-data",
    }
    assert "ArticleIn" in schema["components"]["schemas"]
    assert "patch" in paths["/api/deals/{deal_id}"]


def test_api_page_runs_only_its_own_scripts(reader: tuple[TestClient, Store]) -> None:
    client, _ = reader
    page = client.get("/")
    assert page.status_code == 200 and '<div id="map"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "http" not in "".join(line for line in page.text.splitlines() if "src=" in line or "href=" in line)
    assert client.get("/static/js/main.js").status_code == 200


def test_serve_listens_on_loopback_unless_told(tmp_path: Path) -> None:
    helped = CliRunner().invoke(cli, ["serve", "--help"], terminal_width=200)
    assert helped.exit_code == 0 and "127.0.0.1" in helped.output
    empty = tmp_path / "token"
    empty.write_text("\n")
    refused = CliRunner().invoke(
        cli, ["serve", "--token-file", str(empty), "--db", f"sqlite:///{tmp_path}/x.db"]
    )
    assert refused.exit_code == 2 and "empty" in refused.output


def test_serve_answers_from_several_worker_processes(tmp_path: Path) -> None:
    """Each worker builds the app from what `serve` put in the environment; none waits on Nagle."""
    db = f"sqlite:///{tmp_path / 'x.db'}"
    Store(db).close()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(Path(sys.executable).parent / "ceasefire"), "serve", "--db", db, "--port", str(port)]
    process = subprocess.Popen([*command, "--workers", "2"], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=5) as answer:
                    assert json.load(answer)["deals"] == 0
                break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.3)
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_api_geojson_streams_page_by_page(
    reader: tuple[TestClient, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, store = reader
    monkeypatch.setattr(records, "PAGE", 7)
    everything = [deal.id for deal in store.deals(DealQuery(sort="id"))]
    window = [d.id for page in records.pages(store, DealQuery(sort="id"), 10, 25) for d in page]
    assert window == everything[10:35]
    streamed = client.get("/api/deals.geojson", params={"sort": "id", "offset": 3, "limit": 30}).json()
    assert [f["id"] for f in streamed["features"]] == everything[3:33]
    assert len(client.get("/api/deals.geojson").json()["features"]) == len(everything)


@pytest.mark.postgres
def test_api_reads_a_postgresql_store_as_it_reads_sqlite(reader: tuple[TestClient, Store]) -> None:
    """A database server's reads go through the thread pool, SQLite's run in the event loop: same answers."""
    url = os.environ.get("CEASEFIRE_TEST_PG", "")
    if not url:
        pytest.skip("set CEASEFIRE_TEST_PG to a PostgreSQL URL to run the PostgreSQL tests")
    client, source = reader
    with Store(url) as server:
        schema.metadata.drop_all(server.engine)
        schema.metadata.create_all(server.engine)
        try:
            server.save_deals(source.deals())
            assert not server.in_process and source.in_process
            with TestClient(create_app(server)) as other:
                for path, params in (
                    ("/api/deals", {"type": "evacuation", "limit": 20, "sort": "id"}),
                    ("/api/deals", {"since": "2016-01-01", "until": "2016-12-31", "sort": "id"}),
                    ("/api/deals.geojson", {"summary": True, "sort": "id"}),
                ):
                    assert other.get(path, params=params).json() == client.get(path, params=params).json()
                deal = seed_deal(client)["id"]
                assert other.get(f"/api/deals/{deal}").json() == client.get(f"/api/deals/{deal}").json()
                assert other.get("/api/stats").json()["by_type"] == client.get("/api/stats").json()["by_type"]
        finally:
            schema.metadata.drop_all(server.engine)
