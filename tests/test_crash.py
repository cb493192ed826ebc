"""Crash safety: an ingest killed with SIGKILL and run again leaves the store one clean run leaves.

The engine writes each batch (documents, failures, mentions) in one transaction, a rerun skips what is
stored, and consolidation regroups every stored mention at the end; so the killed run may lose only the
batch it was writing, and the rerun must fill it in.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

CLI = str(Path(sys.executable).with_name("ceasefire"))
CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"
# Kill once this many documents are committed (several batches in, far from the end of FA-KES), then
# kill the rerun again further on, so that a resumed run is itself resumed.
KILLS = (200, 500)
# Columns that record when a row was written, which two runs cannot share; `failures.id` counts rows.
CLOCKS = {"ingested_at", "updated_at", "at"}
# Not a timing check: guards against a run that never ends.
HANG = 1800


def _ingest_args(db: Path) -> list[str]:
    """The same paths, in the same order, as the session store `corpus_db` is built from."""
    return [CLI, "ingest", str(CORPUS / "seeds"), str(CORPUS / "fakes.jsonl"), "--db", f"sqlite:///{db}"]


def _committed(db: Path) -> int:
    """Documents committed so far; WAL lets this read while the ingest writes."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _kill_partway(db: Path, after: int) -> int:
    """Start the ingest, SIGKILL it once `after` documents are committed; returns how many were."""
    run = subprocess.Popen(_ingest_args(db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + HANG
    while _committed(db) < after and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert run.returncode == -signal.SIGKILL, "the ingest ended before it could be killed"
    return _committed(db)


def _tables(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, sorted, without the clock columns."""
    with sqlite3.connect(db) as conn:
        names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        found = {}
        for name in names:
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({name})")]
            kept = [c for c in columns if c not in CLOCKS and not (name == "failures" and c == "id")]
            rows = conn.execute(f"SELECT {', '.join(kept)} FROM {name}").fetchall()
            found[name] = sorted(rows, key=repr)
    return found


def _sound(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.mark.slow
def test_crash_killed_ingest_then_rerun_equals_one_clean_run(corpus_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "crashed.db"
    total = len(_tables(corpus_db)["documents"])
    for after in KILLS:
        committed = _kill_partway(db, after)
        assert after <= committed < total
        _sound(db)
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT count(*) FROM deals").fetchone() == (0,), (
                "killed before consolidating"
            )
            with_mentions = conn.execute("SELECT count(DISTINCT doc_id) FROM mentions").fetchone()[0]
        assert with_mentions > 0, "the committed batches carry their mentions"

    rerun = subprocess.run(_ingest_args(db), capture_output=True, text=True, timeout=HANG, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.startswith(f"Read {total - committed} documents"), (
        "the rerun reads only what is missing"
    )

    _sound(db)
    clean, resumed = _tables(corpus_db), _tables(db)
    assert resumed.keys() == clean.keys()
    for table in clean:
        assert resumed[table] == clean[table], f"table {table} differs from one clean run"
    assert len(clean["deals"]) > 0 and len(clean["mentions"]) > 0
