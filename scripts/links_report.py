"""Write docs/links.md: how many known agreements inside the corpus span got a deal, and the hand check.

Runs the real pipeline (seeds and FA-KES into a fresh SQLite store, unless --db names one), links with
the default options, and merges in the verdicts a person recorded in docs/links-checked.tsv, so every
figure in docs/links.md is regenerated, never typed:

    python scripts/links_report.py            # print the report
    python scripts/links_report.py --write    # also rewrite docs/links.md and README's link figures
"""

from __future__ import annotations

import argparse
import csv
import tempfile
from collections import Counter
from pathlib import Path

from readme import replace_block

from ceasefire import consolidate
from ceasefire.consolidate import LinkOptions, ReportRow
from ceasefire.consolidate.reference import FILES
from ceasefire.consolidate.reference import load as load_agreements
from ceasefire.engine import ingest
from ceasefire.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CHECKED = ROOT / "docs" / "links-checked.tsv"
OUT = ROOT / "docs" / "links.md"


def linked_rows(db: str, reference: Path) -> tuple[list[ReportRow], tuple[str, str]]:
    agreements, problems = load_agreements(reference)
    for problem in problems:
        print(problem.line())
    with Store(db) as store:
        consolidate.link(store, agreements, LinkOptions())
        span = store.published_span()
        rows = consolidate.link_report(store, agreements)
    assert span is not None, "the store holds no dated documents"
    return rows, (span[0].isoformat(), span[1].isoformat())


def verdicts() -> dict[tuple[str, str, str], tuple[str, str]]:
    lines = [line for line in CHECKED.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    return {
        (row["dataset"], row["ref_id"], row["deal_id"]): (row["verdict"], row["note"])
        for row in csv.DictReader(lines, delimiter="\t")
    }


def summary(rows: list[ReportRow], span: tuple[str, str]) -> list[str]:
    inside = Counter(row.agreement.dataset for row in rows)
    linked = Counter(row.agreement.dataset for row in rows if row.deals)
    lines = [
        f"Articles published from {span[0]} to {span[1]}. Of the {len(rows)} reference agreements dated "
        f"inside that span, **{sum(linked.values())} were linked** to a deal (threshold "
        f"{LinkOptions().threshold}, {LinkOptions().max_km:.0f} km, {LinkOptions().window_days} days).",
        "",
        "| dataset | agreements in span | linked |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {name} | {inside[name]} | {linked[name]} |" for name in FILES if inside[name]]
    return lines


def checked(rows: list[ReportRow]) -> list[str]:
    judged = verdicts()
    present = {(r.agreement.dataset, r.agreement.ref_id, deal_id): r for r in rows for deal_id, _ in r.deals}
    found = [(key, judged[key]) for key in present if key in judged]
    right = sum(verdict == "right" for _, (verdict, _) in found)
    lines = [
        f"We checked {len(found)} of these links one by one, reading each deal's passages against the "
        f"agreement's record: **{right} of {len(found)} were right**.",
        "",
        "| dataset | agreement | date | deal | score | verdict | why |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for key, (verdict, note) in found:
        row = present[key]
        value = dict(row.deals)[key[2]]
        lines.append(
            f"| {key[0]} | {key[1]} {row.agreement.title[:70]} | {row.agreement.date.start} | {key[2]} | "
            f"{value:.2f} | {verdict} | {note} |"
        )
    unchecked = [key for key in present if key not in judged]
    if unchecked:
        lines += ["", f"Links not checked yet ({len(unchecked)}):", ""]
        lines += [
            f"- {key[0]} {key[1]} {present[key].agreement.title[:70]} "
            f"({present[key].agreement.date.start}) -> {key[2]}, score {dict(present[key].deals)[key[2]]:.2f}"
            for key in unchecked
        ]
    stale = sorted(set(judged) - set(present))
    if stale:
        lines += [
            "",
            "Checked links the pipeline no longer makes: " + ", ".join(" ".join(k) for k in stale) + ".",
        ]
    return lines


def summary_lines(text: str) -> list[str]:
    """What the README says of the links: the figures of docs/links.md and the checked links, folded."""
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("Articles published"))
    checked_at = next(i for i, line in enumerate(lines) if line.startswith("We checked"))
    table_end = next(i for i in range(checked_at + 2, len(lines) + 1) if i == len(lines) or not lines[i])
    listed = ["<details><summary>The checked links</summary>", "", *lines[checked_at + 2 : table_end]]
    return [*lines[first : checked_at + 1], "", *listed, "", "</details>"]


def render(rows: list[ReportRow], span: tuple[str, str]) -> str:
    header = [
        "# Links to known agreements",
        "",
        "Generated by `python scripts/links_report.py --write` (seeds and all of FA-KES, "
        "`ceasefire link` with its default options); do not edit by hand. The verdicts come from "
        "`docs/links-checked.tsv`.",
        "",
    ]
    return "\n".join(header + summary(rows, span) + [""] + checked(rows)) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a store that already holds the corpus; default: ingest it afresh")
    parser.add_argument("--reference", type=Path, default=SHARED / "reference")
    parser.add_argument("--write", action="store_true", help="rewrite docs/links.md and README's figures")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or f"sqlite:///{Path(tmp) / 'corpus.db'}"
        if not args.db:
            with Store(db) as store:
                ingest([str(SHARED / "corpus" / "seeds"), str(SHARED / "corpus" / "fakes.jsonl")], store)
        text = render(*linked_rows(db, args.reference))
    print(text)
    if args.write:
        OUT.write_text(text, "utf-8")
        replace_block("links", "\n".join(summary_lines(text)))


if __name__ == "__main__":
    main()
