"""The JSON API under ``/api``: events, documents, exports and the page's aggregates.

Every list is paged (``limit``/``offset``, with the ``total``), every filter is
the store's own (``eventledger.store.filters``), and every error is the JSON
body of ``errors.py``. The OpenAPI document is at ``/openapi.json``.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Query, Request, Response, UploadFile, status
from fastapi.responses import StreamingResponse

from eventledger import export
from eventledger.ingest.readers import BadInput, decode
from eventledger.store import Store
from eventledger.store.filters import event_conditions

from . import aggregates, queries, schemas
from .cache import AggregateCache, request_key
from .downloads import stream_writer
from .errors import BadRequest, NotFound, TooManyRequests, Unavailable, Unprocessable
from .jobs import Job, JobQueue, QueueFull
from .ratelimit import RateLimiter
from .uploads import Upload

router = APIRouter(prefix="/api")

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": schemas.ErrorBody, "description": "malformed request (bad JSON, a filter value that cannot be read)"},
    422: {"model": schemas.ErrorBody, "description": "invalid parameters"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": schemas.ErrorBody, "description": "no such item"}}

EXPORT_MEDIA_TYPES = {
    "jsonl": ("application/x-ndjson; charset=utf-8", "jsonl"),
    "acled-csv": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
}
ExportFormat = Literal["jsonl", "acled-csv", "geojson"]
assert set(EXPORT_MEDIA_TYPES) == set(export.FORMATS), "an export format has no media type"


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_cache(request: Request) -> AggregateCache:
    return request.app.state.cache


StoreDep = Annotated[Store, Depends(get_store)]
CacheDep = Annotated[AggregateCache, Depends(get_cache)]


def _values(values: list[str] | None) -> list[str] | None:
    # A form's empty select sends "event_type=": that means "any", not "none".
    kept = [v for v in values or [] if v.strip()]
    return kept or None


def event_filters(
    date_from: Annotated[str | None, Query(description="on or after: YYYY, YYYY-MM or YYYY-MM-DD", examples=["2021-07-01"])] = None,
    date_to: Annotated[str | None, Query(description="on or before: YYYY, YYYY-MM or YYYY-MM-DD", examples=["2021-07-31"])] = None,
    event_type: Annotated[list[str] | None, Query(description="ACLED event type; repeat for any of several")] = None,
    sub_event_type: Annotated[list[str] | None, Query(description="ACLED sub-event type; repeatable")] = None,
    plover_type: Annotated[list[str] | None, Query(description="PLOVER type, e.g. ASSAULT; repeatable")] = None,
    status_: Annotated[list[str] | None, Query(alias="status", description="occurred, planned, claimed, ...; repeatable")] = None,
    country: Annotated[list[str] | None, Query(description="country name; repeatable")] = None,
    admin1: Annotated[list[str] | None, Query(description="first-level region; repeatable")] = None,
    actor: Annotated[str | None, Query(description="case-insensitive part of any actor's name")] = None,
    q: Annotated[str | None, Query(description="words that must all occur in the notes or a source sentence", max_length=500)] = None,
    disputed: Annotated[bool | None, Query(description="true: only events whose reports disagree")] = None,
    document: Annotated[str | None, Query(description="only events with a source in this document")] = None,
) -> dict[str, Any]:
    filters = {
        "date_from": date_from,
        "date_to": date_to,
        "event_type": _values(event_type),
        "sub_event_type": _values(sub_event_type),
        "plover_type": _values(plover_type),
        "status": _values(status_),
        "country": _values(country),
        "admin1": _values(admin1),
        "actor": actor,
        "q": q,
        "disputed": disputed,
        "document": document,
    }
    filters = {k: v for k, v in filters.items() if v not in (None, "")}
    try:
        event_conditions(**filters)  # reads every value: a bad date fails here, as a 400
    except ValueError as exc:
        raise BadRequest(str(exc)) from None
    return filters


FiltersDep = Annotated[dict[str, Any], Depends(event_filters)]
Limit = Annotated[int, Query(ge=1, le=500, description="page size")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")]


# -------------------------------------------------------------------- events


@router.get("/events", response_model=schemas.EventPage, responses=ERRORS, tags=["events"])
def list_events(
    store: StoreDep,
    filters: FiltersDep,
    limit: Limit = 50,
    offset: Offset = 0,
    sort: Annotated[Literal[tuple(queries.SORTABLE)], Query(description="column to sort by")] = "event_date",  # type: ignore[valid-type]
    order: Literal["asc", "desc"] = "asc",
) -> dict[str, Any]:
    """Matching events as table rows (no sources), one page at a time, with the total."""
    total, items = queries.event_page(store, filters, limit, offset, sort, order)
    return {"total": total, "limit": limit, "offset": offset, "sort": sort, "order": order, "items": items}


@router.get("/events/{event_id}", response_model=schemas.EventDetail, responses=NOT_FOUND, tags=["events"])
def get_event(store: StoreDep, event_id: str, response: Response) -> dict[str, Any]:
    """One event as the contract's record: its sources (document, publisher,
    sentence, offsets, per-field evidence), its disputes, and the merge log
    entries that explain which reports were joined.

    Ids stay valid: an id whose event was later merged into another answers
    with that event (200), its own ``event_id``, ``absorbed_from`` set to the
    id asked for, and a ``Content-Location`` header with the event's own URL.
    ``absorbed_ids`` lists every id that resolves to the event."""
    resolved = store.resolve_event_id(event_id)
    event = store.event(resolved) if resolved else None
    if event is None:
        raise NotFound(f"no event {event_id!r}")
    record = event.to_record()
    titles = queries.document_titles(store, sorted({s["document"] for s in record["sources"]}))
    for source in record["sources"]:
        source["document_title"] = titles.get(source["document"])
    record["absorbed_ids"] = store.absorbed_ids([event.event_id]).get(event.event_id, [])
    record["absorbed_from"] = event_id if event.event_id != event_id else None
    if record["absorbed_from"]:
        response.headers["Content-Location"] = f"/api/events/{event.event_id}"
    record["merge_log"] = store.merge_log(event.event_id)
    return record


# ----------------------------------------------------------------- documents


@router.get("/documents", response_model=schemas.DocumentPage, responses=ERRORS, tags=["documents"])
def list_documents(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Stored documents, newest first, without their text."""
    total, items = queries.document_page(store, limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/documents/{document_id}", response_model=schemas.DocumentDetail, responses=NOT_FOUND, tags=["documents"])
def get_document(store: StoreDep, document_id: str) -> dict[str, Any]:
    """A document's cleaned text (every offset in the API points into it), its
    extracted mentions, and the merged events that cite it."""
    detail = queries.document_detail(store, document_id)
    if detail is None:
        raise NotFound(f"no document {document_id!r}")
    return detail


UPLOAD_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": schemas.ErrorBody, "description": "the body is not valid JSON"},
    401: {"model": schemas.ErrorBody, "description": "no token, or a wrong one"},
    403: {"model": schemas.ErrorBody, "description": "sent by a page of another origin, or by the cookie without X-Eventledger"},
    413: {"model": schemas.ErrorBody, "description": "the body is over the upload limit (1 MiB by default)"},
    422: {"model": schemas.ErrorBody, "description": "a field is missing or invalid, or the text is empty"},
    429: {"model": schemas.ErrorBody, "description": "this client sent too many uploads; see Retry-After"},
    503: {"model": schemas.ErrorBody, "description": "the upload queue is full; see Retry-After"},
}


def _iso(when: float | None) -> str | None:
    if when is None:
        return None
    return dt.datetime.fromtimestamp(when, dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def job_view(jobs: JobQueue, job: Job) -> dict[str, Any]:
    job, position = jobs.snapshot(job)
    return {
        "job_id": job.id,
        "state": job.state,
        "url": f"/api/jobs/{job.id}",
        "position": position,
        "submitted": _iso(job.submitted),
        "started": _iso(job.started),
        "finished": _iso(job.finished),
        "result": job.result,
        "error": job.error,
    }


def _queue(request: Request, response: Response, upload: Upload) -> dict[str, Any]:
    client = request.client.host if request.client else "unknown"
    limiter: RateLimiter = request.app.state.upload_limiter
    wait = limiter.take(client)
    if wait is not None:
        raise TooManyRequests(f"too many uploads from {client}; try again in {wait} s", retry_after=wait)
    jobs: JobQueue = request.app.state.jobs
    try:
        job = jobs.submit(upload)
    except QueueFull as exc:
        limiter.give_back(client)
        raise Unavailable(f"the upload queue is full ({jobs.size} reports); try again in {exc.retry_after} s",
                          retry_after=exc.retry_after) from None
    response.status_code = status.HTTP_202_ACCEPTED
    response.headers["location"] = f"/api/jobs/{job.id}"
    response.headers["retry-after"] = "1"
    return job_view(jobs, job)


@router.post("/documents", response_model=schemas.JobOut, status_code=202, responses=UPLOAD_RESPONSES, tags=["documents"])
def add_document(request: Request, report: schemas.ReportIn, response: Response) -> dict[str, Any]:
    """Queue a report: it will be cleaned, its events extracted, stored, and
    merged with the stored events. The answer comes at once (202) with the
    job's ``url``; poll it until ``state`` is ``done`` (its ``result`` lists the
    merged events that cite the report) or ``failed`` (its ``error`` says why).
    Posting the same text again stores nothing (``result.stored`` false)."""
    upload = Upload(report.text, report.published.isoformat(), _blank_to_none(report.publisher),
                    _blank_to_none(report.title), _blank_to_none(report.url))
    return _queue(request, response, upload)


@router.post("/documents/upload", response_model=schemas.JobOut, status_code=202, responses=UPLOAD_RESPONSES, tags=["documents"])
async def upload_document(
    request: Request,
    response: Response,
    file: Annotated[UploadFile, File(description="the report: UTF-8 plain text or HTML")],
    published: Annotated[dt.date, Form(description="publication date, YYYY-MM-DD")],
    publisher: Annotated[str | None, Form(max_length=200)] = None,
    title: Annotated[str | None, Form(max_length=500)] = None,
) -> dict[str, Any]:
    """The same as ``POST /api/documents``, for a file sent as multipart/form-data."""
    data = await file.read()
    try:
        text = decode(data)
    except BadInput as exc:
        raise Unprocessable(f"report not added: {exc}") from None
    if not text.strip():
        raise Unprocessable("report not added: the file is empty")
    upload = Upload(text, published.isoformat(), _blank_to_none(publisher), _blank_to_none(title))
    return _queue(request, response, upload)


@router.get("/jobs/{job_id}", response_model=schemas.JobOut, responses=NOT_FOUND, tags=["documents"])
def get_job(request: Request, response: Response, job_id: str) -> dict[str, Any]:
    """An upload's progress and, once processed, its result or its error."""
    jobs: JobQueue = request.app.state.jobs
    job = jobs.get(job_id)
    if job is None:
        raise NotFound(f"no upload job {job_id!r} (finished jobs are kept for an hour)")
    if not job.over:
        response.headers["retry-after"] = "1"
    return job_view(jobs, job)


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() or None if value else None


# -------------------------------------------------------------------- export


@router.get(
    "/export",
    responses={
        200: {
            "description": "the file, as an attachment",
            "content": {media: {} for media, _ in EXPORT_MEDIA_TYPES.values()},
        },
        **ERRORS,
    },
    response_class=StreamingResponse,
    tags=["events"],
)
def export_events(
    store: StoreDep,
    filters: FiltersDep,
    format: Annotated[ExportFormat, Query(description="jsonl (the contract's records), acled-csv or geojson")] = "jsonl",
    include_verbal: Annotated[bool, Query(description="false: only events of ACLED's types")] = True,
    inter: Annotated[Literal["text", "numeric"], Query(
        description="acled-csv: actor types as ACLED's text labels or its numeric codes")] = "text",
    year_only: Annotated[Literal["omit", "keep"], Query(
        description="acled-csv: leave out events known only to the year (ACLED records none), or keep them "
                    "dated at mid-year with time_precision 4")] = "omit",
    csv_guard: Annotated[bool, Query(
        description="acled-csv: prefix text cells starting with = + - @ with ' so spreadsheets do not run them")] = True,
) -> StreamingResponse:
    """The filtered events in one of the export formats, as a download."""
    media_type, extension = EXPORT_MEDIA_TYPES[format]
    records = queries.iter_event_records(store, filters)
    filename = f"eventledger-events-{dt.date.today():%Y%m%d}.{extension}"
    options = export.AcledCsvOptions(inter=inter, year_only=year_only, csv_guard=csv_guard)
    return StreamingResponse(
        stream_writer(lambda out: export.write(records, format, out, include_verbal=include_verbal, acled=options)),
        media_type=media_type,
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


# ---------------------------------------------------------------- aggregates


@router.get("/aggregates/timeline", response_model=schemas.Timeline, responses=ERRORS, tags=["aggregates"])
def get_timeline(store: StoreDep, cache: CacheDep, filters: FiltersDep) -> dict[str, Any]:
    """Events per day per event type (the page's stacked timeline)."""
    return cache.get(request_key("timeline", filters), lambda: aggregates.timeline(store, filters))


@router.get("/aggregates/map", response_model=schemas.MapData, responses=ERRORS, tags=["aggregates"])
def get_map(
    store: StoreDep,
    cache: CacheDep,
    filters: FiltersDep,
    bbox: Annotated[str | None, Query(description="west,south,east,north in degrees: only events in view")] = None,
    zoom: Annotated[float, Query(ge=0, le=22, description="map zoom: sets the cluster grid's cell size")] = 2,
    point_limit: Annotated[int, Query(ge=0, le=10_000, description="most points sent before clustering instead")] = aggregates.POINT_LIMIT,
    fit: Annotated[str | None, Query(
        description="WIDTHxHEIGHT of the map in px, without bbox: when clustering, choose the view that fits "
                    "the events (returned as `view`) and cluster for it", examples=["800x600"])] = None,
    with_extent: Annotated[bool, Query(description="false: skip located/unlocated/extent (saves a scan) when "
                                                   "the client has them for these filters")] = True,
) -> dict[str, Any]:
    """Map points, or server-side grid clusters when more than ``point_limit``
    located events are in view, plus the extent of all matching events."""
    try:
        box = aggregates.parse_bbox(bbox)
        size = _parse_size(fit)
    except ValueError as exc:
        raise BadRequest(str(exc)) from None
    key = request_key("map", filters, bbox=box, zoom=zoom, point_limit=point_limit, fit=size, with_extent=with_extent)
    return cache.get(key, lambda: aggregates.map_data(store, filters, box, zoom, point_limit, fit=size, with_extent=with_extent))


def _parse_size(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    match = re.fullmatch(r"(\d{2,5})x(\d{2,5})", value.strip())
    if not match:
        raise ValueError(f"fit must be WIDTHxHEIGHT in pixels, e.g. 800x600, not {value!r}")
    return int(match.group(1)), int(match.group(2))


@router.get("/facets", response_model=schemas.Facets, tags=["aggregates"])
def get_facets(store: StoreDep, cache: CacheDep) -> dict[str, Any]:
    """Values for the filter menus, with their counts over the whole store."""
    return cache.get(request_key("facets", {}), lambda: queries.facets(store))


@router.get("/stats", response_model=schemas.Stats, tags=["aggregates"])
def get_stats(store: StoreDep) -> dict[str, int]:
    """How many documents, mentions, events and merge-log entries are stored."""
    return store.counts()
