"""The FastAPI application: the JSON API, the single page, and the headers around both.

    app = create_app(Store("sqlite:///events.sqlite"))

Everything the page needs is served from ``static/`` (scripts, styles, map
outlines), so it works with no internet connection.
"""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from eventledger import __version__
from eventledger.store import Store

from . import errors, uploads
from .access import AccessMiddleware, AccessPolicy
from .api import router
from .cache import AggregateCache
from .jobs import JobQueue
from .ratelimit import RateLimiter
from .security import MAX_UPLOAD_BYTES, BodySizeLimitMiddleware, SecurityHeadersMiddleware

UPLOAD_QUEUE = 16  # reports waiting to be processed (each up to 1 MiB)
UPLOAD_RATE = 20  # uploads per minute per client, in bursts of as many

STATIC = Path(__file__).parent / "static"

DESCRIPTION = """\
The event dataset built from news reports, and the way to add reports to it.

Events follow the contract record (ACLED's field names, PLOVER codes, sources
with evidence offsets into each document's cleaned text, disputes where reports
disagree). Lists are paged with `limit`/`offset` and report their `total`.
Errors are JSON: `{"status", "error", "detail"}`, plus `errors` for 422.

Writes need the server's token (`Authorization: Bearer TOKEN`); so do reads
when the server is bound beyond loopback. A report posted is queued and
answered at once (202) with a job to poll at `/api/jobs/{job_id}`.
"""


def create_app(store: Store, *, max_upload_bytes: int = MAX_UPLOAD_BYTES, cache: bool = True,
               access: AccessPolicy | None = None, upload_queue: int = UPLOAD_QUEUE,
               upload_rate: float = UPLOAD_RATE) -> FastAPI:
    """The application over ``store``; ``cache=False`` recomputes every
    aggregate on every request (the benchmark uses it to time the queries).
    Without ``access``, the server answers loopback names only and writes need
    a random token (``app.state.access.token``)."""
    jobs = JobQueue(partial(uploads.process, store), size=upload_queue, name="eventledger-uploads")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.close()
        app.state.cache.close()  # its connection back to the store's pool

    app = FastAPI(
        title="eventledger",
        version=__version__,
        description=DESCRIPTION,
        # FastAPI's own /docs pulls Swagger UI from a CDN with an inline script:
        # neither works offline nor under our CSP. /docs is our own page instead.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.access = access or AccessPolicy.local()
    app.state.jobs = jobs
    app.state.upload_limiter = RateLimiter(upload_rate)
    app.state.cache = AggregateCache(store, enabled=cache)
    errors.install(app)
    app.include_router(router)
    # Added last = outermost: every refusal gets the security headers; Host,
    # origin and token are checked before a byte of the body is read.
    app.add_middleware(BodySizeLimitMiddleware, limit=max_upload_bytes)
    app.add_middleware(AccessMiddleware, policy=app.state.access)
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
