"""Bad input, one class at a time, end to end through the `ceasefire` command in a subprocess.

One folder holds a file of every bad class next to good ones; one `ceasefire ingest` reads it. Each bad
class must get exactly one line naming file, record and why, the rest of the batch must be stored, and
`ceasefire failures` must list the same lines from the store.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ceasefire.ingest import NOT_UNICODE, SEARCH_LIMIT
from ceasefire.store import Store

CLI = str(Path(sys.executable).with_name("ceasefire"))
# Not a timing check: a guard so that a reader that blocks (as a named pipe once did) fails the test.
HANG = 600
MB = 1024 * 1024
# A file name that is not UTF-8 (Latin-1 "café"): Python hands it over with lone surrogates, which no
# database stores; it used to end the whole run with a traceback, as did a JSON "\ud800" escape.
BYTES_NAME = b"caf\xe9.txt"
SHOWN_NAME = BYTES_NAME.decode("utf-8", "replace")
# A file name with a line break is shown escaped, so that its failure still takes one line.
ODD_NAME = "new\nline.txt"
TRUCE = "Truce agreed in Daraa\n\nRebel groups in Daraa agreed on Friday to a ceasefire brokered by Russia.\n"


def ceasefire(*args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*prefix, CLI, *args], capture_output=True, text=True, timeout=HANG, check=False)


def lines(stream: str) -> list[str]:
    return [line for line in stream.splitlines() if line.startswith(("error: ", "warning: "))]


def stored(db: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(query).fetchall()


def png() -> bytes:
    """A real 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def zipped() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", TRUCE)
    return buffer.getvalue()


def warc(count: int) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for number in range(count):
        body = (
            f"<html><head><title>Truce {number}</title></head><body><article><p>Town {number} agreed to a "
            "ceasefire on Friday, local officials said, and buses were sent to carry the wounded out.</p>"
            "</article></body></html>"
        ).encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        url = f"https://example.org/truce-{number}"
        writer.write_record(
            writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
        )
    return buffer.getvalue()


def table(*rows: str) -> str:
    return "\n".join(rows) + "\n"


# Every bad class, as (file name, content); None marks files the fixture makes another way.
FILES: dict[str, bytes | str | None] = {
    "good.txt": TRUCE,
    "empty.txt": b"",
    "one-byte.txt": b"a",
    "png.txt": png(),
    "pdf.txt": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    "zip.txt": zipped(),
    "latin1.txt": "Truce in Homs\n\nThe \u201cceasefire\u201d held, the \u2022 governor said.".encode(
        "cp1252"
    ),
    "utf16.txt": "Tr\u00eave \u00e0 Hama\n\nA ceasefire was agreed by both sides.".encode("utf-16"),
    "deep.html": "<html><head><title>Deep truce</title></head><body><nav>Home</nav>"
    + "<font>" * 300
    + "<p>A ceasefire was agreed in Rastan after talks.</p>",
    "unclosed.html": "<html><head><title>Open tags</title><body><table><tr><td><div><p>The truce in Talbiseh "
    "held through the night, residents said, and the sides agreed to meet again on Sunday.<p><b>unclosed",
    "feed.jsonl": table(
        json.dumps({"id": "j1", "title": "Truce", "text": "A ceasefire was agreed in Idlib."}),
        '{"id": "j2", "title": "Cut off',
        json.dumps({"id": "j3", "title": "Evacuation", "text": "Buses left Madaya under the deal."}),
    ),
    "table.csv": table(
        "id,title,text",
        "c1,Truce,A ceasefire held in Douma.",
        "c2,Too few",
        "c3,Too many,A ceasefire held in Harasta.,surplus",
        "c4,Talks,Talks on a truce resumed in Geneva.",
    ),
    ODD_NAME: b"",
    "quote.csv": table(
        "id,title,text",
        "q1,Truce,A ceasefire held in Qaboun.",
        'q2,Cut,"The line was cut off before its quote clos',
        "q3,Talks,Talks on a truce resumed in Astana.",
    ),
    "escaped.jsonl": '{"id": "e1", "title": "Truce", "text": "A ceasefire held \\ud800 in Homs."}\n',
    "crawl.warc.gz": None,
    SHOWN_NAME: None,
    "gone.txt": None,
    "pipe.txt": None,
}


@dataclass(frozen=True)
class Batch:
    folder: Path
    missing: Path
    db: Path
    run: subprocess.CompletedProcess[str]

    @property
    def url(self) -> str:
        return f"sqlite:///{self.db}"


def make_folder(folder: Path) -> None:
    folder.mkdir()
    for name, content in FILES.items():
        if isinstance(content, str):
            (folder / name).write_text(content, encoding="utf-8")
        elif isinstance(content, bytes):
            (folder / name).write_bytes(content)
    data = warc(3)
    (folder / "crawl.warc.gz").write_bytes(data[: len(data) - 60])
    (folder / "gone.txt").symlink_to(folder / "deleted-long-ago.txt")
    os.mkfifo(folder / "pipe.txt")
    with open(os.path.join(os.fsencode(folder), BYTES_NAME), "wb") as named:
        named.write(b"Truce in Homs\n\nThe sides agreed to a ceasefire in Homs, the governor said.\n")


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    root = tmp_path_factory.mktemp("robust")
    make_folder(root / "inbox")
    db, missing = root / "store.db", root / "no-such-file.txt"
    return Batch(
        root / "inbox",
        missing,
        db,
        ceasefire("ingest", str(root / "inbox"), str(missing), "--db", f"sqlite:///{db}"),
    )


def expected_lines(batch: Batch) -> dict[str, list[str]]:
    """The one line (two for the CSV's two bad rows) that each bad class must get, by file name."""
    at = {name: os.path.join(str(batch.folder), name) for name in FILES}
    warc_lines = [
        line for line in lines(batch.run.stderr) if line.startswith(f"error: {at['crawl.warc.gz']} [offset ")
    ]
    return {
        "empty.txt": [f"error: {at['empty.txt']}: empty file"],
        ODD_NAME: [f"error: {at[ODD_NAME]}: empty file".replace("\n", "\\n")],
        "png.txt": [f"error: {at['png.txt']}: binary file (PNG image)"],
        "pdf.txt": [f"error: {at['pdf.txt']}: binary file (PDF document)"],
        "zip.txt": [f"error: {at['zip.txt']}: binary file (zip archive)"],
        "latin1.txt": [
            f"warning: {at['latin1.txt']}: 3 bytes not valid utf-8: read as Windows-1252 characters "
            "(U+FFFD where none fits)"
        ],
        "deep.html": [
            f"warning: {at['deep.html']}: HTML nested deeper than 256 levels, past what the parser reads: "
            "kept all its visible text (menus included) instead of its main text"
        ],
        "feed.jsonl": [
            f"error: {at['feed.jsonl']} [line 2]: invalid JSON: Unterminated string starting at column 23"
        ],
        "table.csv": [
            f"error: {at['table.csv']} [row 2]: expected 3 fields, found 2",
            f"error: {at['table.csv']} [row 3]: expected 3 fields, found 4",
        ],
        "quote.csv": [
            f"error: {at['quote.csv']} [row 2]: a quote is never closed; a quote opened here ran over the "
            "line after it, read again as rows"
        ],
        "escaped.jsonl": [f"warning: {at['escaped.jsonl']} [line 1]: {NOT_UNICODE}"],
        SHOWN_NAME: [f"warning: {at[SHOWN_NAME]}: {NOT_UNICODE}"],
        "crawl.warc.gz": warc_lines,
        "gone.txt": [f"error: {at['gone.txt']}: file not found (a broken link?)"],
        "pipe.txt": [f"error: {at['pipe.txt']}: not a regular file (a named pipe): skipped"],
        "missing": [f"error: {batch.missing}: no such file or directory"],
    }


# --- the mixed batch --------------------------------------------------------------------------------


def test_robust_batch_goes_on_past_every_bad_file(batch: Batch) -> None:
    assert batch.run.returncode == 0, batch.run.stderr
    ids = {row[0] for row in stored(batch.db, "SELECT id FROM documents")}
    warc_ids = {doc for doc in ids if doc.startswith("warc-")}
    assert ids - warc_ids == {
        "good",
        "one-byte",
        "latin1",
        "utf16",
        "deep",
        "unclosed",
        "j1",
        "j3",
        "c1",
        "c4",
        "q1",
        "q3",
        "e1",
        "caf\ufffd",
    }
    assert len(warc_ids) == 2, "the two whole records before the cut in the WARC are read"
    assert "Read 16 documents (0 duplicates skipped), 17 failures" in batch.run.stdout


@pytest.mark.parametrize(
    "name",
    [
        "empty.txt",
        ODD_NAME,
        "png.txt",
        "pdf.txt",
        "zip.txt",
        "latin1.txt",
        "deep.html",
        "feed.jsonl",
        "table.csv",
        "quote.csv",
        "escaped.jsonl",
        SHOWN_NAME,
        "crawl.warc.gz",
        "gone.txt",
        "pipe.txt",
        "missing",
    ],
)
def test_robust_each_bad_class_gets_its_line(batch: Batch, name: str) -> None:
    expected = expected_lines(batch)[name]
    assert expected, f"no line for {name}:\n{batch.run.stderr}"
    shown = lines(batch.run.stderr)
    for line in expected:
        assert shown.count(line) == 1, f"{line!r} not shown once in:\n{batch.run.stderr}"


def test_robust_no_other_lines_and_none_wrapped(batch: Batch) -> None:
    expected = [line for group in expected_lines(batch).values() for line in group]
    assert sorted(lines(batch.run.stderr)) == sorted(expected)
    [warc_line] = expected_lines(batch)["crawl.warc.gz"]
    assert "truncated" in warc_line


def test_robust_failures_are_stored_and_listed(batch: Batch) -> None:
    listed = ceasefire("failures", "--db", batch.url)
    assert listed.returncode == 0
    assert lines(listed.stdout) == lines(batch.run.stderr)
    assert f"Failures stored: {len(lines(batch.run.stderr))} open." in listed.stdout
    assert len(stored(batch.db, "SELECT * FROM failures")) == 17


def test_robust_tiny_and_reencoded_articles_are_kept_exactly(batch: Batch) -> None:
    texts = dict(stored(batch.db, "SELECT id, text FROM documents"))
    assert texts["one-byte"] == "a"
    assert texts["utf16"] == "Tr\u00eave \u00e0 Hama\n\nA ceasefire was agreed by both sides."
    assert texts["latin1"] == "Truce in Homs\n\nThe \u201cceasefire\u201d held, the \u2022 governor said."
    assert "A ceasefire was agreed in Rastan after talks." in texts["deep"]
    assert "The truce in Talbiseh held through the night" in texts["unclosed"]


def test_robust_rerun_adds_nothing(batch: Batch, tmp_path: Path) -> None:
    db = tmp_path / "again.db"
    shutil.copy(batch.db, db)
    again = ceasefire("ingest", str(batch.folder), str(batch.missing), "--db", f"sqlite:///{db}")
    assert again.returncode == 0
    assert "Read 0 documents (16 duplicates skipped)" in again.stdout
    assert stored(db, "SELECT count(*) FROM failures") == [(17,)]
    assert stored(db, "SELECT count(*) FROM documents") == [(16,)]
    # The same bad input read again settles nothing: every failure is still open.
    assert lines(ceasefire("failures", "--db", f"sqlite:///{db}").stdout) == lines(batch.run.stderr)


def test_robust_fixed_input_settles_its_failures(tmp_path: Path) -> None:
    """Failures fixed at the source stop being listed, stay in the store, and open again if they return."""
    folder, db = tmp_path / "in", tmp_path / "s.db"
    folder.mkdir()
    good, bad = json.dumps({"id": "a", "text": TRUCE}), '{"id": "b", "text": '
    feed, late = folder / "feed.jsonl", folder / "late.txt"
    feed.write_text(f"{good}\n{bad}\n", encoding="utf-8")
    url = f"sqlite:///{db}"
    first = ceasefire("ingest", str(folder), str(late), "--db", url)
    assert [line.split(":")[0] for line in lines(first.stderr)] == ["error", "error"]

    feed.write_text(f"{good}\n{json.dumps({'id': 'b', 'text': TRUCE})}\n", encoding="utf-8")
    late.write_text(TRUCE, encoding="utf-8")
    assert ceasefire("ingest", str(folder), "--db", url).returncode == 0
    listed = ceasefire("failures", "--db", url)
    assert lines(listed.stdout) == [] and "Failures stored: 0 open." in listed.stdout
    history = ceasefire("failures", "--all", "--db", url)
    assert sorted(line.split("(settled")[0] for line in lines(history.stdout)) == sorted(
        f"{line} " for line in lines(first.stderr)
    )
    assert "0 open, 2 settled." in history.stdout

    feed.write_text(f"{good}\n{bad}\n", encoding="utf-8")
    assert ceasefire("ingest", str(folder), "--db", url).returncode == 0
    assert lines(ceasefire("failures", "--db", url).stdout) == lines(first.stderr)[:1]
    assert stored(db, "SELECT count(*) FROM failures") == [(2,)]


# --- exit statuses ----------------------------------------------------------------------------------


def test_robust_exit_1_when_nothing_could_be_read(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "png.txt").write_bytes(png())
    run = ceasefire(
        "ingest", str(folder), str(tmp_path / "nowhere"), "--db", f"sqlite:///{tmp_path / 's.db'}"
    )
    assert run.returncode == 1
    assert len(lines(run.stderr)) == 3
    assert "Read 0 documents (0 duplicates skipped), 3 failures" in run.stdout


def test_robust_exit_2_when_the_database_cannot_be_opened(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    run = ceasefire("ingest", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'a-file' / 'store.db'}")
    assert run.returncode == 2 and run.stderr.startswith("error: ")


# --- unreadable file ----------------------------------------------------------------------------------


def _barred(locked: Path) -> tuple[str, ...]:
    """A command prefix under which `locked` (mode 000) cannot be read.

    Root reads any file through the capabilities CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH; setpriv drops
    them (uid stays 0, so the interpreter under /root still runs), and the kernel then answers EACCES for
    real, as it does for any other user.
    """
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    caps = "-dac_override,-dac_read_search"
    prefix = (setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}") if setpriv else ()
    probe = (
        subprocess.run([*prefix, "cat", str(locked)], capture_output=True, check=False) if prefix else None
    )
    if probe is None or probe.returncode == 0:
        pytest.skip("cannot drop root's right to read any file here (no setpriv, or no capabilities to drop)")
    return prefix  # type: ignore[return-value]


def test_robust_unreadable_file_and_folder_inside_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    (folder / "locked-folder").mkdir(parents=True)
    (folder / "locked-folder" / "inside.txt").write_text(TRUCE)
    (folder / "open.txt").write_text(TRUCE)
    (folder / "locked.txt").write_text("Secret truce")
    (folder / "locked.txt").chmod(0)
    (folder / "locked-folder").chmod(0)
    try:
        run = ceasefire(
            "ingest",
            str(folder),
            "--db",
            f"sqlite:///{tmp_path / 's.db'}",
            prefix=_barred(folder / "locked.txt"),
        )
    finally:
        (folder / "locked-folder").chmod(0o755)
    assert run.returncode == 0, run.stderr
    assert lines(run.stderr) == [
        f"error: {folder / 'locked.txt'}: permission denied",
        f"error: {folder / 'locked-folder'}: permission denied",
    ]
    assert stored(tmp_path / "s.db", "SELECT id FROM documents") == [("open",)]


# --- a 50 MB article --------------------------------------------------------------------------------


def test_robust_50_mb_article_is_stored_whole_and_searched_in_part(tmp_path: Path) -> None:
    folder, db = tmp_path / "huge", tmp_path / "s.db"
    folder.mkdir()
    path = folder / "dump.txt"
    with path.open("w", encoding="utf-8") as out:
        out.write("A dump of many reports\n\n")
        number = 0
        while out.tell() < 50 * MB:
            number += 1
            out.write(
                f"Report {number}. Fighters in Town {number} agreed to a ceasefire on Friday. " * 3 + "\n\n"
            )
    (folder / "small.txt").write_text(TRUCE)
    run = ceasefire("ingest", str(folder), "--db", f"sqlite:///{db}")
    assert run.returncode == 0, run.stderr
    size = path.stat().st_size
    [line] = lines(run.stderr)
    assert line.startswith(
        f"warning: {path}: article of {size:,} characters: stored whole, but only its first "
    )
    assert stored(db, "SELECT id, length(text) FROM documents ORDER BY id") == [
        ("dump", size),
        ("small", len(TRUCE)),
    ]
    with Store(f"sqlite:///{db}") as store:
        text = store.document("dump").text  # type: ignore[union-attr]
        evidence = [e for m in store.mentions(["dump"]) for e in m.evidence]
    assert evidence and all(e.end <= SEARCH_LIMIT and text[e.start : e.end] == e.text for e in evidence)
