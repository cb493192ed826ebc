"""What every benchmark shares: the corpus, replicas of it, the machine description and the results file."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
from collections.abc import Iterator
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FAKES = SHARED / "corpus" / "fakes.jsonl"
RESULTS = ROOT / "bench" / "results"


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def machine() -> str:
    """Enough to judge the figures: cores, CPU, memory, and how busy the machine was when they were taken."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    return (
        f"machine: {os.cpu_count()} cores ({cpu_model()}), {memory:.0f} GiB RAM, "
        f"Python {platform.python_version()}\n"
        f"run: {dt.datetime.now().isoformat(timespec='seconds')}, commit {commit.stdout.strip() or '?'}, "
        f"load average (1, 5, 15 min) at start: {load}"
    )


def warm() -> None:
    """Build the gazetteer's disk cache now, so that no measured run pays for building it. In a process of
    its own: a child's peak RSS starts from its parent's, so the parent must stay small."""
    code = "from ceasefire.geo import Gazetteer; Gazetteer.load()"
    subprocess.run([sys.executable, "-c", code], check=True)


def replicas(count: int) -> Iterator[str]:
    """FA-KES records cycled to `count` lines; each pass after the first gets fresh ids and a marked title,
    so no replica is skipped as a duplicate text."""
    records = [json.loads(line) for line in FAKES.read_text("utf-8").splitlines() if line.strip()]
    for number, record in enumerate(islice(cycle(records), count)):
        copy = number // len(records)
        if copy:
            record = record | {"id": f"{record['id']}-r{copy}", "title": f"[r{copy}] {record['title']}"}
        yield json.dumps(record, ensure_ascii=False)


def write_replicas(count: int, path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for line in replicas(count):
            out.write(line + "\n")
    return path


def timed_ingest(source: Path, db: Path, *options: str) -> dict[str, float]:
    """The figures of bench/timed_ingest.py, run in a process of its own."""
    command = [sys.executable, str(ROOT / "bench" / "timed_ingest.py"), str(source), str(db), *options]
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    figures: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return figures


class Report:
    """Lines printed as they come and written, whole, to bench/results/NAME.txt at the end."""

    def __init__(self, name: str) -> None:
        self.path = RESULTS / f"{name}.txt"
        self.lines: list[str] = []

    def say(self, text: str) -> None:
        print(text, flush=True)
        self.lines.append(text)

    def save(self) -> None:
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        self.say(f"load average (1, 5, 15 min) at end: {load}")
        RESULTS.mkdir(parents=True, exist_ok=True)
        self.path.write_text("\n".join(self.lines) + "\n", "utf-8")
        print(f"written to {self.path.relative_to(ROOT)}")
