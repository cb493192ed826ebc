"""The REST endpoints: thin calls into the store and the engine, returning their records as JSON."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response, StreamingResponse
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from ceasefire.api import records
from ceasefire.api.auth import require_token
from ceasefire.api.cache import Answers
from ceasefire.api.errors import api_error, store_error
from ceasefire.api.params import Offset, Sort, deal_query
from ceasefire.api.records import Json
from ceasefire.api.schemas import ArticlesIn, IngestOut, Review
from ceasefire.api.uploads import Ingester
from ceasefire.store import DealQuery, Store, StoreError

# Handlers return Json themselves: the records are plain JSON already, and FastAPI's generic
# encoding of them cost more than the database queries (measured by bench/load).
router = APIRouter(prefix="/api", default_response_class=Json)
T = TypeVar("T")
GEOJSON = "application/geo+json"
JSON = "application/json"


# Dependencies are coroutines: FastAPI runs a plain function in its thread pool, one hop each.
async def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def _answers(request: Request) -> Answers:
    answers: Answers = request.app.state.answers
    return answers


async def _rendered(request: Request) -> Answers:
    rendered: Answers = request.app.state.rendered
    return rendered


async def _read(store: Store, read: Callable[[], T]) -> T:
    """A read of bounded size (a store version, a page, one deal): in the event loop when the database is
    in this process, where handing it to a thread cost 0.15-0.3 ms of a 0.5-1 ms request (bench/load);
    in the thread pool when it waits on a database server, which could keep it waiting long."""
    return read() if store.in_process else await run_in_threadpool(read)


StoreDep = Annotated[Store, Depends(_store)]
AnswersDep = Annotated[Answers, Depends(_answers)]
RenderedDep = Annotated[Answers, Depends(_rendered)]
Filters = Annotated[DealQuery, Depends(deal_query)]
DealId = Annotated[str, Path(max_length=200, description="A deal id, as the list gives it.")]
DocId = Annotated[str, Path(max_length=500, description="A document id, as a deal's evidence gives it.")]
Limit = Annotated[int, Query(ge=1, le=1000, description="At most this many deals.")]
AllOrLimit = Annotated[int | None, Query(ge=1, description="At most this many; all when left out.")]
Summary = Annotated[bool, Query(description="Only what a map needs: no evidence, timeline or terms.")]
UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/ArticlesIn"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
        },
    }
}


@router.get("/deals", tags=["deals"], response_class=Json)
async def list_deals(
    store: StoreDep,
    answers: AnswersDep,
    rendered: RenderedDep,
    query: Filters,
    limit: Limit = 50,
    offset: Offset = 0,
    sort: Sort = "-date",
) -> Response:
    """A page of deals with every field, newest first unless `sort` says otherwise, and the total."""
    version = await _read(store, store.version)
    total: int | None = answers.get(version, ("total", query))
    if total is None:
        # Counting every deal a filter selects can take tens of milliseconds: never in the event loop.
        total = await run_in_threadpool(store.count_deals, query)
        answers.put(version, ("total", query), total, 64)
    page = dataclasses.replace(query, limit=limit, offset=offset, sort=sort)
    deals = await _read(store, lambda: records.rendered_deals(store, rendered, version, store.deal_ids(page)))
    return Response(records.page_json(total, limit, offset, deals), media_type=JSON)


@router.get("/deals.geojson", tags=["deals"], response_class=StreamingResponse)
async def deals_geojson(
    store: StoreDep,
    answers: AnswersDep,
    query: Filters,
    limit: AllOrLimit = None,
    offset: Offset = 0,
    sort: Sort = "-date",
    summary: Summary = False,
) -> Response:
    """The deals as a GeoJSON FeatureCollection: movements as origin->destination lines, others as points.

    Written a page at a time, so that a whole store never sits in memory, and kept until the store
    changes when it is not too large.
    """
    version, key = await _read(store, store.version), ("geojson", query, limit, offset, sort, summary)
    kept = answers.get(version, key)
    if kept is not None:
        return Response(kept, media_type=GEOJSON)
    shape = records.map_feature if summary else records.full_feature
    pages = records.pages(store, dataclasses.replace(query, sort=sort), offset, limit)
    # A sync iterator: the response reads each page in the thread pool, however large the layer.
    chunks = answers.keep(version, key, records.feature_collection(pages, shape))
    return StreamingResponse(chunks, media_type=GEOJSON)


@router.get("/deal-ids", tags=["deals"])
def deal_ids(store: StoreDep, query: Filters) -> Json:
    """Only the ids of the deals the filters select, for a page that filters what it already holds."""
    return Json({"ids": store.deal_ids(query)})


@router.get("/deals/{deal_id}", tags=["deals"], response_class=Json)
async def get_deal(store: StoreDep, rendered: RenderedDep, deal_id: DealId) -> Response:
    """One deal with every field, the passage each came from, its timeline, contradictions and reviews."""
    return Response(await _read(store, lambda: _deal(store, rendered, deal_id)), media_type=JSON)


def _deal(store: Store, rendered: Answers, deal_id: str) -> bytes:
    version, history = store.version(), store.corrections(deal_id)
    found = records.rendered_deals(store, rendered, version, [deal_id])
    if not found:
        raise store_error(StoreError("no_deal", deal_id=deal_id))
    return records.detail_json(found[0], history)


@router.get("/documents/{doc_id}", tags=["documents"])
def get_document(store: StoreDep, doc_id: DocId) -> Json:
    """The stored text, and each deal's evidence spans in it as character offsets into that text."""
    article = store.document(doc_id)
    if article is None:
        raise api_error(404, "no_document", doc_id=doc_id)
    return Json(records.document_json(article, store.deals_citing(doc_id)))


@router.get("/stats", tags=["deals"])
async def stats(store: StoreDep, answers: AnswersDep, query: Filters) -> Response:
    """Counts of the deals the filters select, by type, status and month, and of the store's contents."""
    version = await _read(store, store.version)
    body = answers.get(version, ("stats", query))
    if body is None:
        body = Json(await run_in_threadpool(store.stats, query)).body
        answers.put(version, ("stats", query), body, len(body))
    return Response(body, media_type=JSON)


@router.patch("/deals/{deal_id}", tags=["review"], dependencies=[Depends(require_token)])
def review_deal(store: StoreDep, rendered: RenderedDep, deal_id: DealId, review: Review) -> Response:
    """Record a person's review: confirm or reject the deal, or correct (or reject) one of its fields.

    The review is kept apart from what was extracted, wins over it, and outlives re-ingesting.
    """
    try:
        store.add_correction(
            deal_id, review.action, review.field, review.value, review.comment, review.author
        )
    except StoreError as error:
        raise store_error(error) from error
    return Response(_deal(store, rendered, deal_id), media_type=JSON)


@router.post(
    "/documents",
    tags=["documents"],
    dependencies=[Depends(require_token)],
    openapi_extra=UPLOAD_BODY,
    response_model=IngestOut,
)
async def post_documents(request: Request) -> IngestOut:
    """Ingest articles sent as JSON, or one file of any kind the CLI reads, through the CLI's pipeline."""
    ingester: Ingester = request.app.state.ingester
    kind = request.headers.get("content-type", "")
    if kind.startswith("multipart/form-data"):
        async with request.form(max_files=1, max_fields=10) as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise api_error(422, "body")
            return await run_in_threadpool(ingester.upload, upload.filename or "", upload.file)
    if kind.startswith("application/json"):
        try:
            body = ArticlesIn.model_validate_json(await request.body())
        except ValidationError as error:
            raise RequestValidationError(error.errors(include_url=False, include_context=False)) from error
        return await run_in_threadpool(ingester.articles, body)
    raise api_error(415, "body")
