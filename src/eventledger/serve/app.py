"""The FastAPI application: the JSON API, the single page, and the headers around both.

    app = create_app(Store("sqlite:///events.sqlite"))

Everything the page needs is served from ``static/`` (scripts, styles, map
outlines), so it works with no internet connection.
"""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from eventledger import __version__
from eventledger.store import Store

from . import errors
from .cache import AggregateCache
from .api import router
from .security import MAX_UPLOAD_BYTES, BodySizeLimitMiddleware, SecurityHeadersMiddleware

STATIC = Path(__file__).parent / "static"

DESCRIPTION = """\
The event dataset built from news reports, and the way to add reports to it.

Events follow the contract record (ACLED's field names, PLOVER codes, sources
with evidence offsets into each document's cleaned text, disputes where reports
disagree). Lists are paged with `limit`/`offset` and report their `total`.
Errors are JSON: `{"status", "error", "detail"}`, plus `errors` for 422.
"""


def create_app(store: Store, *, max_upload_bytes: int = MAX_UPLOAD_BYTES, cache: bool = True) -> FastAPI:
    """The application over ``store``; ``cache=False`` recomputes every
    aggregate on every request (the benchmark uses it to time the queries)."""
    app = FastAPI(
        title="eventledger",
        version=__version__,
        description=DESCRIPTION,
        # FastAPI's own /docs pulls Swagger UI from a CDN with an inline script:
        # neither works offline nor under our CSP. /docs is our own page instead.
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.cache = AggregateCache(store, enabled=cache)
    errors.install(app)
    app.include_router(router)
    # Added last = outermost: the size limit's own 413 gets the security headers too.
    app.add_middleware(BodySizeLimitMiddleware, limit=max_upload_bytes)
    app.add_middleware(SecurityHeadersMiddleware)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> FileResponse:
        return FileResponse(STATIC / "api.html", media_type="text/html; charset=utf-8")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")

    return app
