"""Time and peak memory of `ceasefire ingest` on one 50 MB article, as .txt, .jsonl and .html.

Prints one line per format: seconds, peak resident memory of the ingest process, and what it stored.
The text is generated here (sentences we wrote, dense with deal words, the worst case for extraction),
so nothing is downloaded or copied from ../shared. Run: .venv/bin/python bench/huge_article.py
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = str(Path(sys.executable).with_name("ceasefire"))
SIZE = 50 * 1024 * 1024


def paragraphs() -> list[str]:
    found, total, number = [], 0, 0
    while total < SIZE:
        number += 1
        found.append(f"Report {number}. Fighters in Town {number} agreed to a ceasefire on Friday. " * 3)
        total += len(found[-1]) + 2
    return found


def write(folder: Path, kind: str, parts: list[str]) -> Path:
    path = folder / f"huge.{kind}"
    body = "\n\n".join(parts)
    if kind == "txt":
        path.write_text("A dump of many reports\n\n" + body, encoding="utf-8")
    elif kind == "jsonl":
        path.write_text(json.dumps({"id": "huge", "title": "A dump", "text": body}) + "\n", encoding="utf-8")
    else:
        html = "".join(f"<p>{part}</p>\n" for part in parts)
        path.write_text(
            f"<html><head><title>A dump</title></head><body><article>{html}</article></body></html>"
        )
    return path


def measure(path: Path, db: Path) -> str:
    started = time.perf_counter()
    run = subprocess.Popen([CLI, "ingest", str(path), "--db", f"sqlite:///{db}"], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(run.pid, 0)
    seconds = time.perf_counter() - started
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT sum(length(text)) FROM documents").fetchone()[0] or 0
        mentions = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    peak, code = usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)
    return (
        f"{path.suffix[1:]:>5}: {path.stat().st_size / 2**20:.0f} MB file, exit {code}, "
        f"{seconds:.1f} s, peak RSS {peak:.0f} MB, stored {stored:,} characters, {mentions} mentions"
    )


def main() -> None:
    parts = paragraphs()
    with tempfile.TemporaryDirectory() as folder:
        for kind in ("txt", "jsonl", "html"):
            path = write(Path(folder), kind, parts)
            print(measure(path, Path(folder) / f"{kind}.db"), flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
