"""The `ceasefire` command: parses options, calls the library, prints. No logic of its own."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from ceasefire import consolidate
from ceasefire.consolidate import LinkOptions, ReportRow
from ceasefire.consolidate.reference import default_dir
from ceasefire.consolidate.reference import load as load_agreements
from ceasefire.export import WRITERS
from ceasefire.models import DEAL_TYPES, STATUSES, Deal, DealDate, Place, Problem
from ceasefire.store import DEFAULT_URL, Correction, DealQuery, Store, StoreError

app = typer.Typer(
    help="Turn conflict reporting into a sourced, geocoded record of negotiated deals.\n\n"
    "Exit status: 0 on success; 1 when there was nothing to work on (no document could be read, no deal has "
    "that id); 2 on bad options or a database that cannot be opened.",
    no_args_is_help=True,
    add_completion=False,
)
# Piped or redirected output is read in files and pagers, not an 80-column terminal: give tables room.
_PIPED_WIDTH = 160
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)
for _console in (out, err):
    if not _console.is_terminal and "COLUMNS" not in os.environ:
        _console.width = _PIPED_WIDTH

Db = Annotated[
    str,
    typer.Option(
        "--db",
        help="SQLAlchemy URL of the database, e.g. sqlite:///ceasefire.db or postgresql://u:p@host/db.",
    ),
]
Day = Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="A date, YYYY-MM-DD.")]


def _choice(names: tuple[str, ...], choices: tuple[str, ...], what: str) -> Any:
    """An option that takes one of a fixed list, which its help names."""

    def check(value: str | None) -> str | None:
        if value is not None and value not in choices:
            raise typer.BadParameter(f"{value!r} is not one of: {', '.join(choices)}.")
        return value

    return typer.Option(*names, callback=check, help=f"{what}: {', '.join(choices)}.")


@contextmanager
def _store(db: str) -> Iterator[Store]:
    """The store, or a readable error and exit status 2 when the database cannot be opened."""
    try:
        store = Store(db)
    except StoreError as error:
        raise _fail(str(error), 2) from error
    with store:
        yield store


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def _fail(message: str, code: int) -> typer.Exit:
    err.print(Text.assemble(("error: ", "red"), message))
    return typer.Exit(code)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of articles to read.")],
    db: Db = DEFAULT_URL,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Processes that clean and extract in parallel (with --engine dask and "
            "no --scheduler: workers of a Dask cluster started here).",
        ),
    ] = 1,
    engine: Annotated[
        str, typer.Option(help="Where the document stages run: local (this machine) or dask.")
    ] = "local",
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address, e.g. tcp://HOST:8786 (with --engine dask).")
    ] = None,
) -> None:
    """Read articles, extract the deals they report and store them.

    Documents already stored (same id) are skipped. Records that cannot be read are
    listed, stored (see `ceasefire failures`) and do not stop the run.

    Exit status: 0 when at least one document was read (duplicates included), 1 when none could be,
    2 on bad options or a database that cannot be opened.
    """
    # Imported here: the pipeline loads spaCy, which the read-only commands should not wait for.
    from ceasefire.engine import EngineError, Options
    from ceasefire.engine import ingest as run_ingest

    try:
        options = Options(workers=workers, engine=engine, scheduler=scheduler)
        with _store(db) as store, _progress() as progress:
            task = progress.add_task("documents", total=None)
            advance = lambda n: progress.update(task, advance=n)  # noqa: E731
            report = run_ingest([str(p) for p in paths], store, options, progress=advance)
    except EngineError as error:
        raise _fail(str(error), 2) from error
    _print_failures(report.problems, err)
    out.print(
        f"Read {report.read} documents ({report.duplicates} duplicates skipped), "
        f"{len(report.problems)} failures; found {report.deals} deals in {report.mentions} mentions.",
        soft_wrap=True,
    )
    raise typer.Exit(0 if report.read + report.duplicates else 1)


def _progress() -> Progress:
    """A bar on stderr, so that stdout stays clean for what a command prints."""
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    return Progress(*columns, TimeElapsedColumn(), console=err, transient=True)


def _table(*headers: str, title: str | None = None, whole: tuple[str, ...] = ()) -> Table:
    """A table that folds long passages instead of cutting them short; `whole` columns never wrap."""
    table = Table(title=title, title_justify="left")
    for header in headers:
        table.add_column(header, overflow="fold", no_wrap=header in whole)
    return table


def _print_failures(problems: list[Problem], console: Console) -> None:
    """One unwrapped line per failure (file, record, why), so that grep and scripts can read them."""
    for problem in problems:
        style = "red" if problem.severity == "error" else "yellow"
        line = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in problem.line())
        console.print(Text(line, style=style), soft_wrap=True)


def _date_text(date: DealDate | None) -> str:
    """The date no finer than the text gave it: 2016-12 for a month, not 2016-12-01."""
    if date is None:
        return ""
    cut = {"day": 10, "month": 7, "year": 4}[date.precision]
    start, end = date.start.isoformat()[:cut], date.end.isoformat()[:cut]
    return start if start == end else f"{start} to {end}"


def _place_text(deal: Deal) -> str:
    if deal.origin and deal.destination:
        return f"{deal.origin.name} -> {deal.destination.name}"
    where = deal.location or deal.origin or deal.destination
    return where.name if where else ""


@app.command()
def deals(
    deal_type: Annotated[str | None, _choice(("--type",), DEAL_TYPES, "Deal type")] = None,
    status: Annotated[str | None, _choice(("--status",), STATUSES, "Latest stage")] = None,
    actor: Annotated[str | None, typer.Option(help="Canonical actor name, any case.")] = None,
    place: Annotated[str | None, typer.Option(help="Part of a place name, any case.")] = None,
    since: Day = None,
    until: Day = None,
    search: Annotated[str | None, typer.Option("--search", "-q", help="Words anywhere in the deal.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many.")] = 50,
    db: Db = DEFAULT_URL,
) -> None:
    """List stored deals, newest first; a deal's dates must overlap --since/--until."""
    query = DealQuery(
        type=deal_type,
        status=status,
        actor=actor,
        place=place,
        since=_day(since),
        until=_day(until),
        q=search,
    )
    with _store(db) as store:
        found = store.deals(dataclasses.replace(query, limit=limit))
        total = store.count_deals(query)
    whole = ("id", "date", "types", "status")
    table = _table(*whole, "place", "actors", whole=whole)
    for deal in found:
        cells = (deal.id, _date_text(deal.date), "\n".join(deal.types), deal.status, _place_text(deal))
        table.add_row(*(Text(c) for c in cells), Text(", ".join(a.name for a in deal.actors)))
    out.print(table)
    out.print(f"Deals shown: {len(found)} of {total}.")


def _place_detail(place: Place | None) -> str:
    if place is None:
        return ""
    return f"{place.name} ({place.lat:.4f}, {place.lon:.4f}; {place.country}, {place.level})"


def _field_values(deal: Deal) -> dict[str, str]:
    return {
        "types": ", ".join(deal.types),
        "status": deal.status,
        "actors": "; ".join(f"{a.name} ({a.role})" for a in deal.actors),
        "location": _place_detail(deal.location),
        "origin": _place_detail(deal.origin),
        "destination": _place_detail(deal.destination),
        "counts": "; ".join(
            f"{c.unit}: {c.min}" + (f"-{c.max}" if c.max != c.min else "") for c in deal.counts
        ),
        "date": f"{_date_text(deal.date)} ({deal.date.precision})" if deal.date else "",
        "terms": "; ".join(deal.terms),
    }


def _read_from(deal: Deal, field: str) -> str:
    """Which passage a field was read from: a number into the evidence list below, or the stage's own note."""
    if field in deal.corrected:
        return "corrected by an analyst"
    where = deal.provenance.get(field, "")
    if where.isdigit() and int(where) < len(deal.evidence):
        return f"[{int(where) + 1}] {deal.evidence[int(where)].doc}"
    return where


def _show_fields(deal: Deal) -> None:
    review = f" - {deal.review} by an analyst" if deal.review else ""
    table = _table("field", "value", "read from", title=f"Deal {deal.id}{review}")
    for field, value in _field_values(deal).items():
        table.add_row(field, Text(value), Text(_read_from(deal, field)))
    out.print(table)


def _show_evidence(deal: Deal) -> None:
    out.print("[bold]Evidence[/bold]")
    for number, evidence in enumerate(deal.evidence, 1):
        credited = f", credited to {evidence.source}" if evidence.source else ", no source credited"
        out.print(Text(f"[{number}] {evidence.doc} {evidence.start}-{evidence.end}{credited}", style="cyan"))
        out.print(Text(evidence.text), style="italic")


def _show_timeline(deal: Deal) -> None:
    table = _table("date", "status", "document", "outlet", "credited", "passage", title="Timeline")
    for entry in deal.timeline:
        cells = (
            _date_text(entry.date),
            entry.status,
            entry.doc,
            entry.outlet or "",
            entry.evidence.source or "",
        )
        table.add_row(*(Text(c) for c in cells), Text(entry.evidence.text))
    out.print(table)


def _show_contradictions(deal: Deal) -> None:
    out.print("[bold]Contradictions[/bold]")
    for contradiction in deal.contradictions:
        out.print(Text(f"{contradiction.field}:", style="yellow"))
        for claim in contradiction.claims:
            by = ", ".join(
                part
                for part in (claim.outlet, claim.doc, claim.source and f"credited to {claim.source}")
                if part
            )
            out.print(Text(f"  {claim.value}  ({by})"))


def _show_links(deal: Deal) -> None:
    table = _table("dataset", "reference", "title", "score", title="Known agreements")
    for link in deal.links:
        table.add_row(Text(link.dataset), Text(link.ref_id), Text(link.title), f"{link.score:.2f}")
    out.print(table)


def _show_corrections(history: list[Correction]) -> None:
    table = _table("at", "author", "action", "field", "value", "comment", title="Corrections")
    for fix in history:
        when = fix.at.strftime("%Y-%m-%d %H:%M") if fix.at else ""
        value = json.dumps(fix.value, ensure_ascii=False) if fix.value is not None else ""
        cells = (when, fix.author or "", fix.action, fix.field or "(deal)", value, fix.comment or "")
        table.add_row(*(Text(c) for c in cells))
    out.print(table)


@app.command()
def show(
    deal_id: Annotated[str, typer.Argument(help="The deal's id, as `ceasefire deals` lists it.")],
    db: Db = DEFAULT_URL,
) -> None:
    """Print one deal field by field, with the passages it rests on and who they credit.

    Exit status: 0 when shown, 1 when no deal has that id, 2 when the database cannot be opened.
    """
    with _store(db) as store:
        deal = store.deal(deal_id)
        history = store.corrections(deal_id)
    if deal is None:
        raise _fail(str(StoreError("no_deal", deal_id=deal_id)), 1)
    _show_fields(deal)
    _show_evidence(deal)
    for present, part in (
        (deal.timeline, _show_timeline),
        (deal.contradictions, _show_contradictions),
        (deal.links, _show_links),
    ):
        if present:
            part(deal)
    if history:
        _show_corrections(history)


def _report_table(rows: list[ReportRow]) -> Table:
    table = _table("dataset", "reference", "date", "title", "linked deals", title="Known agreements")
    for row in rows:
        agreement = row.agreement
        linked = ", ".join(f"{deal_id} ({value:.2f})" for deal_id, value in row.deals) or "not linked"
        cells = (agreement.dataset, agreement.ref_id, _date_text(agreement.date), agreement.title, linked)
        table.add_row(*(Text(c) for c in cells))
    return table


@app.command()
def link(
    reference: Annotated[
        Path | None,
        typer.Option(
            help="Folder of the reference CSVs; default $CEASEFIRE_REFERENCE, else ../shared/reference."
        ),
    ] = None,
    threshold: Annotated[
        float, typer.Option(min=0, max=1, help="Lowest score (0-1) a link needs.")
    ] = LinkOptions.threshold,
    max_km: Annotated[
        float, typer.Option(min=0, help="Farthest a deal may lie from the agreement's place.")
    ] = LinkOptions.max_km,
    window_days: Annotated[
        int, typer.Option(min=0, help="Most days between the deal and the agreement.")
    ] = LinkOptions.window_days,
    report: Annotated[
        bool, typer.Option("--report", help="Then list every agreement dated inside the corpus span.")
    ] = False,
    db: Db = DEFAULT_URL,
) -> None:
    """Link deals to known agreements (PA-X Local AgtId, PA-X AgtId, ETH/PRIO cf_id) and store each score.

    Exit status: 0 when linked, 1 when no reference agreement could be read, 2 on bad options or a
    database that cannot be opened.
    """
    folder = reference or default_dir()
    agreements, problems = load_agreements(folder)
    for problem in problems:
        err.print(Text(problem.line()))
    if not agreements:
        raise _fail(f"no reference agreements read from {folder}; give the folder with --reference.", 1)
    options = LinkOptions(threshold=threshold, max_km=max_km, window_days=window_days)
    with _store(db) as store:
        linked = consolidate.link(store, agreements, options)
        rows = consolidate.link_report(store, agreements) if report else []
    out.print(f"Linked {linked} deals to {len(agreements)} known agreements (threshold {threshold:.2f}).")
    if report:
        out.print(_report_table(rows))
        found = sum(1 for row in rows if row.deals)
        out.print(f"Agreements dated inside the corpus span: {len(rows)}; linked to a deal: {found}.")


@app.command()
def export(
    fmt: Annotated[str, _choice(("--format", "-f"), tuple(WRITERS), "File format")] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write; stdout when left out.")
    ] = None,
    db: Db = DEFAULT_URL,
) -> None:
    """Write every deal (analysts' corrections applied, rejected deals left out) as jsonl, csv or geojson.

    jsonl is the exchange format that ../shared/eval/score.py reads. Nothing but the export goes to stdout.
    """
    with _store(db) as store:
        found = store.deals()
    if output is None:
        written = WRITERS[fmt](found, sys.stdout)
    else:
        with output.open("w", encoding="utf-8", newline="") as stream:
            written = WRITERS[fmt](found, stream)
    err.print(f"Wrote {written} deals" + (f" to {output}." if output else "."))


@app.command()
def failures(
    db: Db = DEFAULT_URL,
    all_: Annotated[
        bool, typer.Option("--all", help="Also list the errors that a later ingest read without one.")
    ] = False,
) -> None:
    """List the records that could not be read, or were read with losses, in every ingest so far. An
    error is settled once a later ingest reads the same record (or a record of the same file) fine."""
    with _store(db) as store:
        problems = store.failures(settled=all_)
    _print_failures(problems, out)
    settled = sum(p.settled_at is not None for p in problems)
    out.print(f"Failures stored: {len(problems) - settled} open" + (f", {settled} settled." if all_ else "."))


def _token(token_file: Path | None) -> str | None:
    """The write token from the file, else from CEASEFIRE_TOKEN; None leaves the server read-only."""
    if token_file is None:
        return os.environ.get("CEASEFIRE_TOKEN", "").strip() or None
    try:
        token = token_file.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise _fail(f"cannot read the token file {token_file} ({error}).", 2) from error
    if not token:
        raise _fail(f"the token file {token_file} is empty; put the token on its first line.", 2)
    return token


@app.command()
def serve(
    db: Db = DEFAULT_URL,
    host: Annotated[
        str, typer.Option(help="Address to listen on; the default keeps the server to this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    token_file: Annotated[
        Path | None,
        typer.Option(help="File holding the bearer token that writes need (or set CEASEFIRE_TOKEN)."),
    ] = None,
    max_body_mb: Annotated[float, typer.Option(min=0.01, help="Largest request body accepted, in MiB.")] = 32,
    workers: Annotated[int, typer.Option(min=1, help="Server processes; one per core serves the most.")] = 1,
) -> None:
    """Serve the web page (map, timeline, deal view, review) and the REST API, documented at /docs.

    Reading is open to whoever can reach the server. Writing (ingesting articles, reviewing deals) needs
    the token; with no token set, the server refuses every write. Exit status 2 on bad options or a
    database that cannot be opened.
    """
    import uvicorn

    from ceasefire.api import Settings
    from ceasefire.api.server import FACTORY, NoDelay, configure
    from ceasefire.web.assets import missing

    token = _token(token_file)
    if missing():
        err.print("warning: the page's map files are missing; run `bash scripts/setup.sh` (it needs npm).")
    with _store(db) as store:
        store.optimize()
    configure(db, Settings(token=token, max_body=int(max_body_mb * 2**20)))
    writes = "writes need the token" if token else "read-only, since no token is set"
    out.print(f"Serving {db} at http://{host}:{port}/ (API documentation at /docs); {writes}.")
    uvicorn.run(
        FACTORY, factory=True, host=host, port=port, workers=workers, http=NoDelay, log_level="warning"
    )
