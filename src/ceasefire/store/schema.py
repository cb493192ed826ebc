"""The tables. Each deal's full record lives in `payload`; the other deal tables are indexes over it.

Corrections have no foreign key to `deals` on purpose: re-extraction deletes and rewrites deals,
and an analyst's corrections must outlive that.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()
Json = JSON().with_variant(JSONB(), "postgresql")

documents = Table(
    "documents",
    metadata,
    Column("id", String, primary_key=True),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("title", Text, nullable=False, default=""),
    Column("outlet", String),
    Column("published", Date),
    Column("url", Text),
    Column("source", Text, nullable=False, default=""),
    Column("record", String, nullable=False, default=""),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

mentions = Table(
    "mentions",
    metadata,
    Column("doc_id", String, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("mention_id", String, nullable=False, index=True),
    Column("deal_id", String, index=True),
    Column("types", Text, nullable=False),
    Column("date_start", Date, index=True),
    Column("payload", Json, nullable=False),
)

deals = Table(
    "deals",
    metadata,
    Column("id", String, primary_key=True),
    Column("status", String, nullable=False, index=True),
    Column("types", Text, nullable=False),
    Column("date_start", Date, index=True),
    Column("date_end", Date, index=True),
    Column("month", String(7), index=True),
    Column("location_name", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("place_keys", Text, nullable=False, default=""),
    Column("actors", Text, nullable=False, default=""),
    Column("search", Text, nullable=False, default=""),
    Column("review", String, index=True),
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
    Column("payload", Json, nullable=False),
    # Covering indexes: filters, counts and sorts read only these narrow entries, never the wide rows
    # that carry the payload, which a page of results then fetches by id (measured by bench/load).
    Index("ix_deals_by_date_place", "date_start", "id", "review", "place_keys"),
    # By status in date order, so that a page of one status stops once it is full.
    Index("ix_deals_by_status_date", "status", "date_start", "id", "review"),
    # Dates overlapping [since, until]: one range of starts, since the longest span bounds how early a
    # deal that still reaches `since` can start (see deal_spans).
    Index("ix_deals_by_start_end", "date_start", "date_end", "review", "id"),
    Index("ix_deals_by_id", "id", "review", "status", "date_start", "date_end", "place_keys"),
)

deal_types = Table(
    "deal_types",
    metadata,
    Column("deal_id", String, ForeignKey("deals.id", ondelete="CASCADE"), primary_key=True),
    Column("type", String, primary_key=True),
    # With the deal id, so that a filter's deals are read from the index alone (a third faster to count).
    Index("ix_deal_types_by_type", "type", "deal_id"),
)

deal_actors = Table(
    "deal_actors",
    metadata,
    Column("deal_id", String, ForeignKey("deals.id", ondelete="CASCADE"), primary_key=True),
    Column("name_key", String, primary_key=True),
    Column("role", String, primary_key=True),
    Column("name", String, nullable=False),
    Index("ix_deal_actors_by_name", "name_key", "deal_id"),
)

deal_mentions = Table(
    "deal_mentions",
    metadata,
    Column("deal_id", String, ForeignKey("deals.id", ondelete="CASCADE"), primary_key=True),
    Column("mention_id", String, primary_key=True),
    Index("ix_deal_mentions_mention_id", "mention_id"),
)

links = Table(
    "links",
    metadata,
    Column("deal_id", String, ForeignKey("deals.id", ondelete="CASCADE"), primary_key=True),
    Column("dataset", String, primary_key=True),
    Column("ref_id", String, primary_key=True),
    Column("title", Text, nullable=False, default=""),
    Column("score", Float, nullable=False),
    Index("ix_links_ref", "dataset", "ref_id"),
)

failures = Table(
    "failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("record", String, nullable=False, default=""),
    Column("reason", Text, nullable=False),
    Column("severity", String, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    # When a later run read the same record (or a record of the same file) without an error.
    Column("settled_at", DateTime(timezone=True)),
    Index("ix_failures_where", "source", "record"),
)

corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("deal_id", String, nullable=False, index=True),
    Column("field", String),
    Column("value", Json),
    Column("action", String, nullable=False),
    Column("comment", Text),
    Column("author", String),
    Column("at", DateTime(timezone=True), nullable=False),
)

# Byte order on PostgreSQL too (SQLite compares bytes already), so that the words starting with a prefix
# are one index range on both.
Word = String().with_variant(String(collation="C"), "postgresql")

# Each word of a deal's searchable text, once: the free-text filter reads an index range per word it is
# given, where a LIKE over the text read every deal. Clustered by word on SQLite (no rowid table).
deal_words = Table(
    "deal_words",
    metadata,
    Column("word", Word, primary_key=True),
    Column("deal_id", String, ForeignKey("deals.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_deal_words_deal", "deal_id", "word"),
    sqlite_with_rowid=False,
)

# How many days each stored deal's dates span, once per length, added as deals are written and never taken
# away: the largest is a bound (perhaps loose, never too small) on any deal's span, which lets a date filter
# read deals starting between since - span and until instead of every deal ending after since.
deal_spans = Table("deal_spans", metadata, Column("days", Integer, primary_key=True, autoincrement=False))

# One row whose number every write transaction raises: answers cached under an older number are stale.
store_version = Table(
    "store_version",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False),
)

# Indexes of older stores that the ones above replaced: dropped on open, so writes stop keeping them.
RETIRED_INDEXES = (
    "ix_deals_by_date",
    "ix_deals_by_status",
    "ix_deals_by_end",
    "ix_deal_types_type",
    "ix_deal_actors_name_key",
)
