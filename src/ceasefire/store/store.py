"""The one place that holds database connections and speaks SQL, for SQLite and PostgreSQL alike."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import orjson
from sqlalchemy import (
    Connection,
    Engine,
    and_,
    bindparam,
    create_engine,
    delete,
    event,
    exists,
    func,
    inspect,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from ceasefire.models import Article, Deal, Link, Mention, Problem
from ceasefire.store import codec, corrections, index, schema
from ceasefire.store.corrections import Correction
from ceasefire.store.errors import StoreError
from ceasefire.store.query import (
    DealQuery,
    Plan,
    common_filters,
    conditions,
    deals_select,
    postings,
    probes,
    search_terms,
    words,
)

DEFAULT_URL = "sqlite:///ceasefire.db"
CHUNK = 500
# Any fixed number: the PostgreSQL advisory lock that serialises creating the tables.
SCHEMA_LOCK = 7_212_018
T = TypeVar("T")


def database_url(url: str) -> str:
    """The URL with a driver SQLAlchemy can load: plain postgresql:// means psycopg 3 here, not psycopg2."""
    try:
        parsed = make_url(url)
    except ArgumentError as err:
        raise StoreError("bad_url", url=url, why=str(err)) from err
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """WAL lets readers (the API) run while a batch writes; SQLite leaves foreign keys off unless asked."""
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _open(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError("dialect", url=parsed, dialect=parsed.get_backend_name())
    try:
        options = {"connect_args": {"timeout": 30}} if url.startswith("sqlite") else {}
        # orjson reads a page of payloads in a quarter of the time the json module takes (bench/load).
        engine = create_engine(url, json_deserializer=orjson.loads, **options)
    except (ArgumentError, NoSuchModuleError) as err:
        raise StoreError("bad_url", url=parsed, why=str(err)) from err
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """Slices small enough for any driver's limit on bound parameters."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _add_missing_columns(conn: Connection) -> None:
    """Stores made by older versions get the nullable columns added since (create_all skips tables that
    exist)."""
    inspector = inspect(conn)
    for table in schema.metadata.sorted_tables:
        have = {column["name"] for column in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in have and column.nullable:
                kind = column.type.compile(dialect=conn.dialect)
                conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {column.name} {kind}")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Store:
    """Documents, mentions, deals, failures and corrections in one database.

    Each call runs in its own transaction unless it runs inside `transaction()`, which the engine uses
    to write a batch of documents, mentions and deals all or nothing.
    """

    def __init__(self, url: str = DEFAULT_URL) -> None:
        self.url = database_url(url)
        self.engine = _open(self.url)
        self._local = threading.local()
        try:
            self._create_tables()
        except OperationalError as err:
            self.engine.dispose()
            why = " ".join(str(err.orig or err).split())
            raise StoreError("unreachable", url=make_url(self.url), why=why) from err
        self._index_words()
        self._index_spans()

    def _create_tables(self) -> None:
        """Create what is missing under a lock: processes starting at once would each create the tables."""
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(select(func.pg_advisory_xact_lock(SCHEMA_LOCK)))
            else:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            schema.metadata.create_all(conn)
            # create_all skips the indexes of tables that exist: stores made by older versions get them too.
            for table in schema.metadata.sorted_tables:
                for index in table.indexes:
                    index.create(conn, checkfirst=True)
            for name in schema.RETIRED_INDEXES:
                conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
            _add_missing_columns(conn)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def optimize(self) -> None:
        """Refresh the planner's statistics: without them SQLite may pick a wide index over a narrow one."""
        with self._connect() as conn:
            conn.exec_driver_sql("ANALYZE")

    @property
    def in_process(self) -> bool:
        """Whether the database runs inside this process (SQLite): a read then costs CPU time and no wait,
        since WAL never makes a reader wait for a writer; a server's reads wait on the network."""
        return self.engine.dialect.name == "sqlite"

    def version(self) -> int:
        """A number that every write changes, from any process: what was computed under another is stale."""
        with self._connect() as conn:
            return int(conn.execute(select(schema.store_version.c.version)).scalar() or 0)

    def _changed(self, conn: Connection) -> None:
        """Raise the version inside the writing transaction, so that it changes when the write shows."""
        t = schema.store_version
        stmt = self._insert(t).values(id=1, version=1)
        conn.execute(stmt.on_conflict_do_update(index_elements=[t.c.id], set_={"version": t.c.version + 1}))

    def _index_words(self) -> None:
        """Fill the word index of a store written before there was one, from the deals' search text."""
        t = schema.deals
        with self._connect() as conn:
            if conn.execute(select(schema.deal_words.c.word).limit(1)).first() is not None:
                return
            after = None
            while rows := conn.execute(
                select(t.c.id, t.c.search).where(t.c.id > (after or "")).order_by(t.c.id).limit(CHUNK)
            ).all():
                found = [
                    {"deal_id": row.id, "word": w} for row in rows for w in dict.fromkeys(words(row.search))
                ]
                if found:
                    conn.execute(self._insert(schema.deal_words).on_conflict_do_nothing(), found)
                after = rows[-1].id
            if after is not None:
                self._changed(conn)

    def _index_spans(self) -> None:
        """Fill the spans of a store written before they were kept (0 marks a store that has them)."""
        with self._connect() as conn:
            if conn.execute(select(schema.deal_spans.c.days).limit(1)).first() is not None:
                return
            dates = select(schema.deals.c.date_start, schema.deals.c.date_end).distinct()
            spans = {0} | {(end - start).days for start, end in conn.execute(dates) if start and end}
            self._add_spans(conn, spans)

    def _add_spans(self, conn: Connection, spans: set[int]) -> None:
        rows = [{"days": days} for days in sorted(spans)]
        if rows:
            conn.execute(self._insert(schema.deal_spans).on_conflict_do_nothing(), rows)

    def _plan(self, conn: Connection, query: DealQuery, page: bool = False) -> Plan:
        """The search terms held by the fewest deals first, since the first leads the search; and for a
        page, the filters that hold so many deals that checking deals in the page's order fills it sooner."""
        terms = search_terms(query.q) if query.q else []
        span = conn.execute(select(func.max(schema.deal_spans.c.days))).scalar() if query.since else None
        if len(terms) < 2 and not page:
            return Plan(tuple(terms), span=span)
        held = {term: int(conn.execute(postings(term)).scalar_one()) for term in terms}
        terms.sort(key=held.__getitem__)
        if not page:
            return Plan(tuple(terms), span=span)
        sizes = {name: int(conn.execute(stmt).scalar_one()) for name, stmt in probes(query).items()}
        sizes.update({"q": held[terms[0]]} if terms else {})
        return Plan(tuple(terms), common_filters(sizes), span)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything written inside commits together or, on an exception, not at all; nesting joins."""
        if getattr(self._local, "conn", None) is not None:
            yield
            return
        with self.engine.begin() as conn:
            self._local.conn = conn
            try:
                yield
            finally:
                self._local.conn = None

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            yield conn
            return
        with self.engine.begin() as conn:
            yield conn

    def _insert(self, table: Any) -> Any:
        """The dialect's own INSERT, which knows ON CONFLICT."""
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        return dialect.insert(table)

    # documents and failures

    def add_document(self, article: Article) -> bool:
        """False when the id is already stored, so re-ingesting changes nothing.

        The same text under another id is a record of its own (outlets republish; gold and users cite
        each id), so it is stored and read again.
        """
        texts = {
            name: getattr(article, name)
            for name in ("id", "text", "title", "outlet", "url", "source", "record")
        }
        row = {name: codec.no_nul(value) if value else value for name, value in texts.items()}
        row.update(published=article.published, content_hash=content_hash(article.text), ingested_at=_now())
        # RETURNING, not rowcount: SQLAlchemy does not keep an INSERT's rowcount on PostgreSQL (it says -1).
        stmt = (
            self._insert(schema.documents)
            .values(row)
            .on_conflict_do_nothing()
            .returning(schema.documents.c.id)
        )
        with self._connect() as conn:
            added = conn.execute(stmt).first() is not None
            if added:
                self._changed(conn)
            return added

    def has_document(self, doc_id: str) -> bool:
        with self._connect() as conn:
            return (
                conn.execute(select(schema.documents.c.id).where(schema.documents.c.id == doc_id)).first()
                is not None
            )

    def document(self, doc_id: str) -> Article | None:
        t = schema.documents
        columns = (t.c.id, t.c.text, t.c.title, t.c.outlet, t.c.published, t.c.url, t.c.source, t.c.record)
        with self._connect() as conn:
            row = conn.execute(select(*columns).where(t.c.id == doc_id)).mappings().first()
        return Article(**row) if row else None

    def add_problem(self, problem: Problem) -> None:
        """Kept once: reading the same input again (or after a crash) must not list its failures twice.
        Reported again, it is open again and dated now, so that this run's reads do not settle it."""
        t = schema.failures
        row = {name: codec.no_nul(getattr(problem, name)) for name in ("source", "record", "reason")}
        row["severity"] = problem.severity
        same = [t.c[name] == value for name, value in row.items()]
        with self._connect() as conn:
            seen = conn.execute(select(t.c.id, t.c.settled_at).where(*same).limit(1)).first()
            if seen is None:
                conn.execute(t.insert().values(**row, at=_now()))
            else:
                conn.execute(update(t).where(t.c.id == seen.id).values(at=_now(), settled_at=None))
            if seen is None or seen.settled_at is not None:
                self._changed(conn)

    def settle_failures(self, places: Iterable[tuple[str, str]], before: dt.datetime) -> None:
        """Errors reported before `before` at a place now read without one are settled: the input was
        fixed. An error about a whole file (no record) is settled by any record read from that file."""
        wanted = set(places)
        wanted |= {(source, "") for source, _ in wanted}
        if not wanted:
            return
        t = schema.failures
        stmt = (
            update(t)
            .where(
                t.c.settled_at.is_(None),
                t.c.severity == "error",
                t.c.at < before,
                tuple_(t.c.source, t.c.record).in_(sorted(wanted)),
            )
            .values(settled_at=_now())
        )
        with self._connect() as conn:
            if conn.execute(stmt).rowcount:
                self._changed(conn)

    def failures(self, settled: bool = False) -> list[Problem]:
        """The open failures, oldest first; with `settled`, those a later run read fine as well."""
        t = schema.failures
        columns = select(t.c.source, t.c.record, t.c.reason, t.c.severity, t.c.settled_at).order_by(t.c.id)
        with self._connect() as conn:
            rows = conn.execute(columns if settled else columns.where(t.c.settled_at.is_(None)))
            return [Problem(**row) for row in rows.mappings()]

    # mentions

    def save_mentions(self, doc_id: str, mentions: list[Mention]) -> None:
        """Replace the document's mentions, so extracting a document again leaves no stale ones."""
        t = schema.mentions
        rows = [
            {
                "doc_id": doc_id,
                "seq": seq,
                "mention_id": m.id,
                "types": " ".join(m.types),
                "date_start": m.date.start if m.date else None,
                "payload": codec.mention_to_json(m),
            }
            for seq, m in enumerate(mentions)
        ]
        with self._connect() as conn:
            conn.execute(delete(t).where(t.c.doc_id == doc_id))
            if rows:
                conn.execute(t.insert(), rows)
            self._changed(conn)

    def mentions(self, doc_ids: Iterable[str] | None = None, passages: bool = True) -> Iterator[Mention]:
        """Mentions in document order, read a page at a time so that a whole corpus never sits in memory;
        without their passages if `passages` is False."""
        if doc_ids is None:
            yield from self._all_mentions(passages)
            return
        t = schema.mentions
        for chunk in _chunks(list(dict.fromkeys(doc_ids))):
            stmt = select(t.c.payload).where(t.c.doc_id.in_(chunk)).order_by(t.c.doc_id, t.c.seq)
            with self._connect() as conn:
                payloads = conn.execute(stmt).scalars().all()
            yield from (codec.mention_from_json(p, passages) for p in payloads)

    def mentions_by_id(self, mention_ids: Iterable[str]) -> list[Mention]:
        """The stored mentions with these ids, in id order; ids not stored are left out."""
        t = schema.mentions
        found: list[Mention] = []
        with self._connect() as conn:
            for chunk in _chunks(sorted(set(mention_ids))):
                stmt = select(t.c.payload).where(t.c.mention_id.in_(chunk))
                found += (codec.mention_from_json(p) for p in conn.execute(stmt).scalars())
        return sorted(found, key=lambda m: m.id)

    def mentions_near(self, since: dt.date, until: dt.date, passages: bool = True) -> list[Mention]:
        """Mentions whose time, from their own date to their article's publication, meets [since, until]."""
        t, d = schema.mentions, schema.documents
        inside = or_(t.c.date_start.between(since, until), d.c.published.between(since, until))
        across = and_(t.c.date_start <= since, d.c.published >= until)
        stmt = (
            select(t.c.payload)
            .select_from(t.join(d, d.c.id == t.c.doc_id))
            .where(or_(inside, across))
            .order_by(t.c.doc_id, t.c.seq)
        )
        with self._connect() as conn:
            return [codec.mention_from_json(p, passages) for p in conn.execute(stmt).scalars()]

    def unassigned_mentions(self, passages: bool = True) -> list[Mention]:
        """Mentions that belong to no deal yet: those stored since deals were last built."""
        t = schema.mentions
        stmt = select(t.c.payload).where(t.c.deal_id.is_(None)).order_by(t.c.doc_id, t.c.seq)
        with self._connect() as conn:
            return [codec.mention_from_json(p, passages) for p in conn.execute(stmt).scalars()]

    def mention_deals(self, mention_ids: Iterable[str] | None = None) -> dict[str, str]:
        """The stored deal each mention was last built into, even if its document was extracted again since.

        Of every mention when no ids are given. Stores written before deals recorded their mentions
        answer from the mentions' own deal column.
        """
        built, column = schema.deal_mentions, schema.mentions
        queries = (
            select(column.c.mention_id, column.c.deal_id).where(column.c.deal_id.is_not(None)),
            select(built.c.mention_id, built.c.deal_id).order_by(built.c.deal_id.desc()),
        )
        wanted = None if mention_ids is None else list(dict.fromkeys(mention_ids))
        found: dict[str, str] = {}
        with self._connect() as conn:
            for stmt in queries:
                for chunk in [None] if wanted is None else _chunks(wanted):
                    where = stmt if chunk is None else stmt.where(stmt.selected_columns[0].in_(chunk))
                    found.update((row.mention_id, row.deal_id) for row in conn.execute(where))
        return found

    def _all_mentions(self, passages: bool) -> Iterator[Mention]:
        t = schema.mentions
        after: tuple[str, int] | None = None
        while True:
            stmt = select(t.c.doc_id, t.c.seq, t.c.payload).order_by(t.c.doc_id, t.c.seq).limit(CHUNK)
            if after is not None:
                stmt = stmt.where(tuple_(t.c.doc_id, t.c.seq) > tuple_(*after))
            with self._connect() as conn:
                rows = conn.execute(stmt).all()
            if not rows:
                return
            yield from (codec.mention_from_json(row.payload, passages) for row in rows)
            after = (rows[-1].doc_id, rows[-1].seq)

    # deals

    def save_deals(self, deals: list[Deal]) -> None:
        """Insert or replace deals by id; analysts' corrections for those ids stay and apply again."""
        latest = list({deal.id: deal for deal in deals}.values())
        if not latest:
            return
        with self._connect() as conn:
            self._write_deals(conn, latest)
            self._link_mentions(conn, latest)

    def _write_deals(self, conn: Connection, deals: list[Deal]) -> None:
        ids = [deal.id for deal in deals]
        fixes = self._corrections(conn, ids)
        now = _now()
        effective = [corrections.apply(deal, fixes.get(deal.id, [])) for deal in deals]
        self._delete_index(conn, ids)
        conn.execute(
            self._upsert_deals(), [index.deal_row(x, e, now) for x, e in zip(deals, effective, strict=True)]
        )
        self._add_spans(conn, {(d.date.end - d.date.start).days for d in effective if d.date})
        for table, rows_of in (
            (schema.deal_words, index.word_rows),
            (schema.deal_types, index.type_rows),
            (schema.deal_actors, index.actor_rows),
            (schema.links, index.link_rows),
            (schema.deal_mentions, index.mention_rows),
        ):
            rows = [row for deal in effective for row in rows_of(deal)]
            if rows:
                conn.execute(table.insert(), rows)
        self._changed(conn)

    def _upsert_deals(self) -> Any:
        stmt = self._insert(schema.deals)
        changed = {c.name: stmt.excluded[c.name] for c in schema.deals.c if c.name != "id"}
        return stmt.on_conflict_do_update(index_elements=[schema.deals.c.id], set_=changed)

    def _delete_index(self, conn: Connection, ids: Sequence[str]) -> None:
        """Drop the rows derived from these deals; explicit, so it holds even where cascades are off."""
        for chunk in _chunks(ids):
            for table in (schema.deal_types, schema.deal_actors, schema.links, schema.deal_mentions):
                conn.execute(delete(table).where(table.c.deal_id.in_(chunk)))
            conn.execute(delete(schema.deal_words).where(schema.deal_words.c.deal_id.in_(chunk)))

    def _link_mentions(self, conn: Connection, deals: list[Deal]) -> None:
        t = schema.mentions
        for chunk in _chunks([deal.id for deal in deals]):
            conn.execute(update(t).where(t.c.deal_id.in_(chunk)).values(deal_id=None))
        pairs = [{"mid": mid, "did": deal.id} for deal in deals for mid in deal.mention_ids if mid]
        if pairs:
            stmt = update(t).where(t.c.mention_id == bindparam("mid")).values(deal_id=bindparam("did"))
            conn.execute(stmt, pairs)

    def save_links(self, found: dict[str, list[Link]]) -> None:
        """Replace the links of these deals, leaving the rest of each deal as extraction left it."""
        t = schema.deals
        with self._connect() as conn:
            for chunk in _chunks(sorted(found)):
                payloads = conn.execute(select(t.c.payload).where(t.c.id.in_(chunk))).scalars().all()
                deals = [codec.deal_from_json(p) for p in payloads]
                linked = [dataclasses.replace(d, links=found[d.id]) for d in deals]
                if linked:
                    self._write_deals(conn, linked)

    def deal_links(self, deal_ids: Iterable[str]) -> dict[str, list[Link]]:
        """The links of those of these deals that are stored, read without the rest of their records."""
        t = schema.deals
        found: dict[str, list[Link]] = {}
        with self._connect() as conn:
            for chunk in _chunks(sorted(set(deal_ids))):
                rows = conn.execute(select(t.c.id, t.c.payload["links"]).where(t.c.id.in_(chunk)))
                found.update((row[0], [codec.link_from_json(x) for x in row[1] or []]) for row in rows)
        return found

    def delete_deals(self, ids: Iterable[str]) -> None:
        """Forget these deals but keep their corrections: a deal rebuilt under its id gets them back."""
        wanted = list(dict.fromkeys(ids))
        t = schema.mentions
        with self._connect() as conn:
            self._delete_index(conn, wanted)
            for chunk in _chunks(wanted):
                conn.execute(update(t).where(t.c.deal_id.in_(chunk)).values(deal_id=None))
                conn.execute(delete(schema.deals).where(schema.deals.c.id.in_(chunk)))
            self._changed(conn)

    def deals(self, query: DealQuery | None = None) -> list[Deal]:
        """The deals a query selects, with analysts' corrections applied.

        Ids are selected and ordered first, through the narrow indexes; only the page's payloads are read.
        """
        return self.deals_by_id(self.deal_ids(query))

    def deals_by_id(self, ids: Sequence[str]) -> list[Deal]:
        """These deals in this order, rejected or not, with analysts' corrections applied; ids not stored
        are left out. A server that keeps deals it already rendered asks for the others only.

        Corrections are read only for deals that have some, which the payload's row says: one query less
        for almost every page (0.1 ms, as much as the payloads of a deal view)."""
        t = schema.deals
        corrected = exists().where(schema.corrections.c.deal_id == t.c.id).label("corrected")
        with self._connect() as conn:
            rows: dict[str, Any] = {}
            for chunk in _chunks(ids):
                found = conn.execute(select(t.c.id, t.c.payload, corrected).where(t.c.id.in_(chunk)))
                rows.update((row.id, row) for row in found)
            kept = [rows[deal_id] for deal_id in ids if deal_id in rows]
            fixes = self._corrections(conn, [row.id for row in kept if row.corrected])
        deals = (codec.deal_from_json(row.payload) for row in kept)
        return [corrections.apply(deal, fixes.get(deal.id, [])) for deal in deals]

    def deal_ids(self, query: DealQuery | None = None) -> list[str]:
        """Only the ids a query selects: cheap enough for a page that filters on every keystroke."""
        query = query or DealQuery()
        with self._connect() as conn:
            plan = self._plan(conn, query, page=query.limit is not None)
            stmt = deals_select(query, plan).with_only_columns(schema.deals.c.id)
            return list(conn.execute(stmt).scalars())

    def deals_citing(self, doc_id: str) -> list[Deal]:
        """Every deal, rejected or not, that rests on a passage of this document, to mark them in it."""
        cited = select(schema.mentions.c.deal_id).where(schema.mentions.c.doc_id == doc_id)
        stmt = select(schema.deals.c.payload).where(schema.deals.c.id.in_(cited)).order_by(schema.deals.c.id)
        with self._connect() as conn:
            found = [codec.deal_from_json(p) for p in conn.execute(stmt).scalars()]
            fixes = self._corrections(conn, [deal.id for deal in found])
        return [corrections.apply(deal, fixes.get(deal.id, [])) for deal in found]

    def count_deals(self, query: DealQuery | None = None) -> int:
        query = query or DealQuery()
        with self._connect() as conn:
            found = conditions(query, self._plan(conn, query))
            return int(
                conn.execute(select(func.count()).select_from(schema.deals).where(*found)).scalar_one()
            )

    def deal(self, deal_id: str) -> Deal | None:
        """One deal by id, rejected or not, with analysts' corrections applied."""
        t = schema.deals
        with self._connect() as conn:
            payload = conn.execute(select(t.c.payload).where(t.c.id == deal_id)).scalar_one_or_none()
            if payload is None:
                return None
            fixes = self._corrections(conn, [deal_id])
        return corrections.apply(codec.deal_from_json(payload), fixes.get(deal_id, []))

    # corrections

    def add_correction(
        self,
        deal_id: str,
        action: str,
        field: str | None = None,
        value: Any = None,
        comment: str | None = None,
        author: str | None = None,
    ) -> None:
        """Keep an analyst's verdict apart from the extracted deal, and refresh the deal's filter columns."""
        corrections.check(action, field, value)
        row = {"deal_id": deal_id, "action": action, "field": field, "value": value}
        with self._connect() as conn:
            payload = conn.execute(
                select(schema.deals.c.payload).where(schema.deals.c.id == deal_id)
            ).scalar()
            if payload is None:
                raise StoreError("no_deal", deal_id=deal_id)
            conn.execute(schema.corrections.insert().values(**row, comment=comment, author=author, at=_now()))
            self._write_deals(conn, [codec.deal_from_json(payload)])

    def corrections(self, deal_id: str) -> list[Correction]:
        """The corrections of one deal, oldest first, to show who changed what."""
        with self._connect() as conn:
            return self._corrections(conn, [deal_id]).get(deal_id, [])

    def _corrections(self, conn: Connection, ids: Sequence[str]) -> dict[str, list[Correction]]:
        t = schema.corrections
        found: dict[str, list[Correction]] = {}
        for chunk in _chunks(ids):
            rows = conn.execute(select(t).where(t.c.deal_id.in_(chunk)).order_by(t.c.at, t.c.id)).mappings()
            for row in rows:
                found.setdefault(row["deal_id"], []).append(Correction(**row))
        return found

    # overview

    def published_span(self) -> tuple[dt.date, dt.date] | None:
        """The first and last publication dates of the stored documents."""
        published = schema.documents.c.published
        with self._connect() as conn:
            first, last = conn.execute(select(func.min(published), func.max(published))).one()
        return (first, last) if first and last else None

    def stats(self, query: DealQuery | None = None) -> dict[str, Any]:
        """Counts for an overview: deals by type, status and month (of the deals the query selects)."""
        query = query or DealQuery()
        with self._connect() as conn:
            chosen = select(schema.deals.c.id).where(*conditions(query, self._plan(conn, query)))
            by_type = select(schema.deal_types.c.type, func.count()).where(
                schema.deal_types.c.deal_id.in_(chosen)
            )
            totals = {
                name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                for name, table in (
                    ("documents", schema.documents),
                    ("mentions", schema.mentions),
                    ("failures", schema.failures),
                )
            }
            return {
                "deals": self.count_deals(query),
                **totals,
                "by_type": {t: n for t, n in conn.execute(by_type.group_by(schema.deal_types.c.type))},
                "by_status": self._group(conn, schema.deals.c.status, chosen),
                "by_month": self._group(conn, schema.deals.c.month, chosen),
            }

    @staticmethod
    def _group(conn: Connection, column: Any, chosen: Any) -> dict[str, int]:
        stmt = select(column, func.count()).where(schema.deals.c.id.in_(chosen), column.is_not(None))
        return dict(sorted((value, count) for value, count in conn.execute(stmt.group_by(column))))
