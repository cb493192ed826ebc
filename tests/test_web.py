"""The page in Debian's chromium (Playwright), against `ceasefire serve` on loopback over the corpus store."""

from __future__ import annotations

import re
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from ceasefire.web import STATIC
from ceasefire.web.assets import copy, missing

ROOT = Path(__file__).parents[1]
SHARED = ROOT.parent / "shared"
SCREENSHOT = Path(__file__).parents[1] / "docs" / "screenshot.png"
SEEDS = sorted(p.stem for p in (SHARED / "corpus" / "seeds").glob("*.txt"))
SEED_002 = "002_f27bd7b462f6375f"
TOKEN = "browser-test-token-42"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
HOSTILE_TITLE = (
    '<script>window.__pwned = "title"</script><img src=x onerror="window.__pwned = \'title-img\'">'
)
HOSTILE_TEXT = (
    "Rebel factions and the Syrian army agreed a ceasefire in Homs on Monday, local officials said "
    '<img src=x onerror="window.__pwned = \'text-img\'">. <script>window.__pwned = "text"</script>\n\n'
    "The truce was brokered by Russia <svg onload=\"window.__pwned = 'svg'\"></svg> and holds so far."
)


@dataclass
class Server:
    url: str
    port: int

    def api(self, path: str, **params: Any) -> Any:
        response = httpx.get(self.url + path, params=params, timeout=30)
        response.raise_for_status()
        return response.json()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`ceasefire serve` as a user starts it (no --host), on a private copy of the corpus store."""
    if missing():
        pytest.fail(
            f"the page's third-party files are missing ({', '.join(missing())}): run bash scripts/setup.sh"
        )
    folder = tmp_path_factory.mktemp("serve")
    db, token = folder / "corpus.db", folder / "token"
    with sqlite3.connect(corpus_db) as source, sqlite3.connect(db) as target:
        source.backup(target)
    token.write_text(TOKEN + "\n")
    port = free_port()
    command = [str(Path(sys.executable).parent / "ceasefire"), "serve", "--db", f"sqlite:///{db}"]
    process = subprocess.Popen([*command, "--port", str(port), "--token-file", str(token)])
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(url, process)
        yield Server(url, port)
    finally:
        process.terminate()
        process.wait(timeout=20)


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"ceasefire serve exited with {process.returncode}")
        try:
            if httpx.get(url + "api/stats", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.3)
    raise RuntimeError("ceasefire serve did not answer within 60 s")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    """A fresh tab. CSP is bypassed on purpose: escaping alone must keep hostile text inert."""
    context = browser.new_context(viewport={"width": 1400, "height": 860}, bypass_csp=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == []


def load(page: Any, server: Server, hash_: str = "") -> None:
    page.goto(server.url + hash_)
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=30000)


def seed_deal(server: Server) -> dict[str, Any]:
    found = server.api("api/deals", type="evacuation", place="deraa", limit=1000)["deals"]
    return next(d for d in found if any(e["doc"] == SEED_002 for e in d["evidence"]))


def located(deal: dict[str, Any]) -> bool:
    return any(deal[key] for key in ("location", "origin", "destination"))


@pytest.mark.browser
def test_page_shows_the_seed_deals_on_the_map(page: Any, server: Server) -> None:
    from playwright.sync_api import expect

    total = server.api("api/stats")["deals"]
    load(page, server)
    expect(page.locator("#count")).to_have_text(re.compile(rf"^{total} of {total} deals"))
    assert page.locator(".deal-marker, .marker-cluster").count() > 0
    page.wait_for_timeout(500)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    seed_ids = {span["deal"] for doc in SEEDS for span in server.api(f"api/documents/{doc}")["spans"]}
    shown = [i for i in sorted(seed_ids) if located(server.api(f"api/deals/{i}"))]
    assert shown
    for deal_id in shown:
        page.goto(f"{server.url}#deal={deal_id}")
        expect(page.locator(f".deal-marker.picked[data-deal='{deal_id}']")).to_be_visible(timeout=15000)


@pytest.mark.browser
def test_filtering_to_evacuation_shows_only_evacuations(page: Any, server: Server) -> None:
    from playwright.sync_api import expect

    total = server.api("api/stats")["deals"]
    evacuations = set(server.api("api/deal-ids", type="evacuation")["ids"])
    load(page, server)
    page.select_option("#f-type", "evacuation")
    expect(page.locator("#count")).to_have_text(re.compile(rf"^{len(evacuations)} of {total} deals"))
    listed = page.locator(".deal-list button[data-deal]").evaluate_all(
        "(rows) => rows.map(r => r.dataset.deal)"
    )
    assert listed and set(listed) <= evacuations
    assert len(listed) == min(len(evacuations), 200)
    markers = page.locator(".deal-marker").evaluate_all("(ms) => ms.map(m => m.className)")
    assert markers and all("t-evacuation" in classes for classes in markers)
    expect(page).to_have_url(re.compile("type=evacuation"))


@pytest.mark.browser
def test_deal_evidence_is_highlighted_in_its_article(page: Any, server: Server) -> None:
    from playwright.sync_api import expect

    deal = seed_deal(server)
    evidence = next(e for e in deal["evidence"] if e["doc"] == SEED_002)
    load(page, server, "#type=evacuation&place=deraa")
    page.click(f".deal-list button[data-deal='{deal['id']}']")
    expect(page.locator("#deal-title")).to_contain_text("evacuation")
    page.locator(f"section .passage[data-doc='{SEED_002}']").first.click()
    expect(page.locator("mark.current").first).to_be_visible()
    marked = "".join(page.locator("mark.current").all_text_contents())
    assert marked == evidence["text"]
    assert (
        page.locator("mark.same-deal").count()
        >= len([e for e in deal["evidence"] if e["doc"] == SEED_002]) - 1
    )


@pytest.mark.browser
def test_status_correction_shows_after_reload(page: Any, server: Server) -> None:
    from playwright.sync_api import expect

    deal = seed_deal(server)
    status = "agreed" if deal["status"] == "implemented" else "implemented"
    load(page, server, f"#deal={deal['id']}")
    page.fill("#review-token", "not-the-token")
    page.select_option("#correct-field", "status")
    page.select_option("#correct-status", status)
    page.click("#correct-save")
    expect(page.locator("#review-message")).to_contain_text("401")
    page.fill("#review-token", TOKEN)
    page.fill("#review-comment", "seen leaving on video")
    page.click("#correct-save")
    expect(page.locator("#review-message.ok")).to_be_visible()
    page.reload()
    page.wait_for_selector("body[data-ready=true]", state="attached")
    expect(page.locator("#deal-status")).to_have_text(status)
    expect(page.locator("tr[data-field=status]")).to_contain_text("corrected by a person")
    expect(page.locator("#panel")).to_contain_text("seen leaving on video")
    assert server.api(f"api/deals/{deal['id']}")["status"] == status


@pytest.mark.browser
def test_hostile_article_runs_nothing(page: Any, server: Server) -> None:
    from playwright.sync_api import expect

    article = {
        "id": "hostile-1",
        "title": HOSTILE_TITLE,
        "text": HOSTILE_TEXT,
        "outlet": "<b>bold</b>",
        "url": "javascript:window.__pwned = 'link'",
    }
    sent = httpx.post(
        server.url + "api/documents",
        json={"articles": [article]},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=120,
    )
    assert sent.status_code == 200 and sent.json()["read"] == 1, sent.text
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    load(page, server, "#doc=hostile-1")
    expect(page.locator("#article-title")).to_have_text(HOSTILE_TITLE)
    expect(page.locator("#article-text")).to_contain_text("<script>window.__pwned")
    expect(page.locator("#panel")).to_contain_text("<b>bold</b>")
    assert page.locator("#panel a").count() == 0
    deals = {span["deal"] for span in server.api("api/documents/hostile-1")["spans"]}
    for deal_id in deals:
        page.goto(f"{server.url}#deal={deal_id}")
        expect(page.locator("#deal-title")).to_be_visible()
        expect(page.locator("#panel")).to_contain_text("onerror=")
    page.goto(f"{server.url}#q=pwned")
    page.wait_for_timeout(500)
    assert page.locator("#panel script, #panel img, #panel svg, #panel b").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert dialogs == []


def own_addresses() -> set[str]:
    """This machine's IPv4 addresses: by name, and the one routes out use (a UDP connect sends nothing)."""
    found = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            found.add(probe.getsockname()[0])
        except OSError:
            pass
    return found


def test_server_is_not_reachable_beyond_loopback(server: Server) -> None:
    outside = sorted(a for a in own_addresses() if not a.startswith("127.") and a != "0.0.0.0")
    if not outside:
        pytest.skip("this machine has no address beyond loopback to try")
    for address in outside:
        with pytest.raises(OSError):
            socket.create_connection((address, server.port), timeout=3).close()


def test_assets_bring_every_file_the_page_loads(tmp_path: Path) -> None:
    node_modules = ROOT / "node_modules"
    if not node_modules.is_dir():
        pytest.skip("npm ci has not run here")
    copy(node_modules, tmp_path / "vendor")
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    wanted = re.findall(r'"/static/vendor/([^"]+)"', page)
    wanted += re.findall(r'"/static/vendor/([^"]+)"', (STATIC / "js" / "main.js").read_text(encoding="utf-8"))
    assert len(wanted) >= 4
    for name in wanted:
        assert (tmp_path / "vendor" / name).is_file(), name
    assert not re.search(r"(src|href)=\"https?:", page)
