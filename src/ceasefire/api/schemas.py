"""The bodies the write endpoints take and give, which /docs describes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from ceasefire.store import content_hash
from ceasefire.store.corrections import DECODERS, EXAMPLES


class ArticleIn(BaseModel):
    """One article; without an id it gets one from its text, so sending it twice stores it once."""

    id: Annotated[str | None, Field(max_length=200)] = None
    title: str = ""
    text: Annotated[str, Field(min_length=1)]
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None

    def record(self) -> dict[str, str]:
        """The JSONL record `ingest` reads, with the id the article will be stored under."""
        values = self.model_dump(mode="json", exclude_none=True)
        values.setdefault("id", "api-" + content_hash(f"{self.title}\n\n{self.text}")[:16])
        return values


class ArticlesIn(BaseModel):
    articles: Annotated[list[ArticleIn], Field(min_length=1)]


class Failure(BaseModel):
    source: str
    record: str
    reason: str
    severity: str


class IngestOut(BaseModel):
    """What one ingest did, as `ceasefire ingest` reports it."""

    read: int
    duplicates: int
    deals: int
    mentions: int
    documents: list[str] = Field(description="Ids of the articles sent as JSON, new or already stored.")
    failures: list[Failure]


class Review(BaseModel):
    """A person's verdict: on the whole deal (no field), or a field's new value, as an export writes it."""

    action: Literal["confirm", "reject", "correct"]
    field: Annotated[
        str | None, Field(json_schema_extra={"enum": list(DECODERS)}, description="The field to correct.")
    ] = None
    value: Annotated[Any, Field(description="The field's new value as JSON, e.g. " + EXAMPLES["status"])] = (
        None
    )
    comment: Annotated[str | None, Field(max_length=4000)] = None
    author: Annotated[str | None, Field(max_length=200)] = None
