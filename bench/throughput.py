"""Throughput on the 792 FA-KES articles: bare spaCy against `ceasefire ingest`, and what the prefilter keeps.

    .venv/bin/python bench/throughput.py        # prints the figures and writes bench/results/throughput.txt

(a) is `nlp.pipe` of the full default pipeline of the same spaCy model over every article's full text,
timed without loading the model. (b) is the whole `ceasefire ingest` command into an empty SQLite store,
timed from start to exit: loading, reading, cleaning, prefilter, parsing, storing and consolidating.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy
from common import FAKES, ROOT, SHARED, Report, machine, warm

from ceasefire.clean import clean
from ceasefire.engine.stages import prefilter
from ceasefire.extract import MODEL, Extractor
from ceasefire.ingest import read_paths
from ceasefire.models import Article

GOLD = SHARED / "eval" / "gold"


def articles() -> list[Article]:
    return [item for item in read_paths([FAKES]) if isinstance(item, Article)]


def sparing(corpus: list[Article], report: Report) -> None:
    """How much of the corpus the parser is spared, and whether any gold deal's article is among it."""
    docs = [clean(article) for article in corpus]
    extractor = Extractor.load()
    kept = {doc.article.id for doc, keep in zip(docs, prefilter(docs, extractor), strict=True) if keep}
    passages = [text for doc in docs for _, text in doc.passage_texts()]
    with_trigger = sum(1 for text in passages if extractor.triggered(text))
    report.say(
        f"prefilter: {len(kept)} of {len(corpus)} articles need the parser; "
        f"{with_trigger} of {len(passages)} passages hold a trigger phrase"
    )
    ids = {article.id for article in corpus}
    for name in ("fakes-dev.jsonl", "fakes-train.jsonl"):
        deals = [json.loads(line) for line in (GOLD / name).read_text("utf-8").splitlines()]
        pairs = [(d["id"], doc) for d in deals for doc in d["docs"] if doc in ids]
        optional = {d["id"] for d in deals if d.get("optional")}
        lost = sorted(
            {deal + (" (optional)" if deal in optional else "") for deal, doc in pairs if doc not in kept}
        )
        report.say(
            f"prefilter recall on {name}: {len({d for d, _ in pairs}) - len(lost)} of "
            f"{len({d for d, _ in pairs})} gold deals keep every article; lost: {', '.join(lost) or 'none'}"
        )


def bare_spacy(corpus: list[Article]) -> float:
    nlp = spacy.load(MODEL)
    start = time.perf_counter()
    for _ in nlp.pipe(article.text for article in corpus):
        pass
    return time.perf_counter() - start


def ceasefire_ingest() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        command = [
            str(Path(sys.executable).with_name("ceasefire")),
            "ingest",
            str(FAKES),
            "--db",
            f"sqlite:///{tmp}/throughput.db",
        ]
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        return time.perf_counter() - start


def main() -> None:
    report = Report("throughput")
    report.say(machine())
    warm()
    corpus = articles()
    words = sum(len(article.text.split()) for article in corpus)
    report.say(f"corpus: {len(corpus)} FA-KES articles, {words} words")
    sparing(corpus, report)
    ours = ceasefire_ingest()
    report.say(f"(b) ceasefire ingest, empty store: {ours:.1f} s, {len(corpus) / ours:.1f} articles/s")
    bare = bare_spacy(corpus)
    report.say(
        f"(a) bare nlp.pipe ({MODEL}, full pipeline): {bare:.1f} s, {len(corpus) / bare:.1f} articles/s"
    )
    report.say(f"ratio b/a: {bare / ours:.1f}x (target >= 3x)")
    report.save()


if __name__ == "__main__":
    main()
