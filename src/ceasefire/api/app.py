"""The web application: the REST API, its documentation and the page, over one store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from ceasefire import web
from ceasefire.api.cache import Answers
from ceasefire.api.limits import PAGE_HEADERS, BodyLimit
from ceasefire.api.routes import router
from ceasefire.api.schemas import ArticlesIn
from ceasefire.api.uploads import Ingester
from ceasefire.store import Store

TITLE = "ceasefire"
DESCRIPTION = (
    "Negotiated deals read from conflict reporting, each field traced to its passage. Reads are open; "
    "writes (POST /api/documents, PATCH /api/deals/{id}) need the operator's bearer token."
)
MB = 2**20
# Deals rendered as JSON, kept per worker: some 30,000 deals of the synthetic kind (1.1 kB each).
RENDERED_BUDGET = 32 * MB


@dataclass(frozen=True)
class Settings:
    """What the operator chooses; with no token, the API refuses every write."""

    token: str | None = None
    max_body: int = 32 * MB


def create_app(store: Store, settings: Settings | None = None) -> FastAPI:
    app = FastAPI(title=TITLE, description=DESCRIPTION, docs_url=None, redoc_url=None)
    app.state.store = store
    app.state.settings = settings or Settings()
    app.state.ingester = Ingester(store)
    app.state.answers = Answers()
    app.state.rendered = Answers(budget=RENDERED_BUDGET)
    app.include_router(router)
    # Level 5: nearly the size of level 9 (the default) at a third of the CPU for a whole map layer.
    app.add_middleware(GZipMiddleware, minimum_size=4096, compresslevel=5)
    app.add_middleware(BodyLimit, limit=app.state.settings.max_body)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    _page(app)
    return app


def _page(app: FastAPI) -> None:
    """The page and its files, and /docs with Swagger UI from the same local files (no CDN)."""
    app.mount("/static", StaticFiles(directory=web.STATIC), name="static")

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(web.STATIC / "index.html", headers=PAGE_HEADERS)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=f"{TITLE} API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema plus the JSON body of POST /api/documents, which reads its body by content type."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    body = ArticlesIn.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(body.pop("$defs", {}))
    components["ArticlesIn"] = body
    app.openapi_schema = schema
    return schema
