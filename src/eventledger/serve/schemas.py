"""The JSON shapes of the web API, as pydantic models.

They exist for the OpenAPI document (``/openapi.json``, rendered at ``/docs``)
and to check what the API returns; the event record itself is the contract's
(``shared/SCHEMA.md``), so its model allows extra fields rather than freezing
today's extensions.
"""
from __future__ import annotations

from datetime import date as Date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ErrorBody(BaseModel):
    status: int = Field(description="the HTTP status code, repeated")
    error: str = Field(description="the status phrase, e.g. 'Not Found'")
    detail: str = Field(description="what was wrong, in one sentence")
    errors: list[dict[str, Any]] | None = Field(None, description="per-field problems (422 only)")


class EventSummary(BaseModel):
    """One row of the event table: the event without its sources."""

    event_id: str
    event_date: str | None
    time_precision: int | None
    event_type: str | None
    sub_event_type: str | None
    plover_type: str | None
    status: str
    actor1: str | None
    actor2: str | None
    country: str | None
    admin1: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    fatalities: int | None
    notes: str
    disputed: bool
    sources: int = Field(description="how many reports (mentions) the event was fused from")
    independent_sources: int


class EventPage(BaseModel):
    total: int = Field(description="events matching the filters, over all pages")
    limit: int
    offset: int
    sort: str
    order: Literal["asc", "desc"]
    items: list[EventSummary]


class Span(BaseModel):
    start: int
    end: int
    text: str


class Source(BaseModel):
    model_config = ConfigDict(extra="allow")

    document: str
    publisher: str | None
    published: str | None
    sentence: str
    start: int = Field(description="offset of the sentence in the document's cleaned text")
    end: int
    evidence: dict[str, Span] = Field(
        default_factory=dict, description="field name -> the span of the document it was read from"
    )
    document_title: str | None = None


class DisputeValue(BaseModel):
    model_config = ConfigDict(extra="allow")

    value: Any
    text: str | None = None
    document: str | None = None


class Dispute(BaseModel):
    model_config = ConfigDict(extra="allow")

    field: str
    values: list[DisputeValue]


class MergeLogEntry(BaseModel):
    id: int
    at: str
    action: str
    event_id: str
    other_event_id: str | None
    mention_id: str | None
    reason: str
    details: dict[str, Any]


class EventDetail(BaseModel):
    """The contract's event record, with the merge log that explains it."""

    model_config = ConfigDict(extra="allow")

    event_id: str
    event_date: str | None
    event_type: str | None
    sub_event_type: str | None
    status: str
    notes: str
    sources: list[Source]
    disputes: list[Dispute]
    absorbed_ids: list[str] = Field(default_factory=list, description="ids of events merged into this one; they resolve here")
    absorbed_from: str | None = Field(
        default=None, description="the id asked for, when it named an event since merged into this one")
    merge_log: list[MergeLogEntry]


class DocumentSummary(BaseModel):
    id: str
    title: str | None
    publisher: str | None
    published: str | None
    url: str | None
    language: str | None
    flags: list[str]
    ingested_at: str | None
    mentions: int = Field(description="event mentions extracted from the document")


class DocumentPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[DocumentSummary]


class MentionSummary(BaseModel):
    id: str
    sentence: Span
    event_type: str | None
    sub_event_type: str | None
    plover_type: str | None
    status: str
    event_id: str | None = Field(description="the merged event this mention is a source of")


class DocumentDetail(DocumentSummary):
    text: str = Field(description="the cleaned text; every offset in the API points into it")
    published_source: str | None
    removed: list[str] = Field(description="boilerplate lines the cleaner dropped")
    mention_list: list[MentionSummary]
    events: list[EventSummary]


class TimelineDay(BaseModel):
    date: str
    total: int
    counts: dict[str, int] = Field(description="event type ('' for events outside ACLED's types) -> events")


class Timeline(BaseModel):
    types: list[str] = Field(description="the event types present, '' standing for none")
    days: list[TimelineDay]
    not_by_day: int = Field(description="matching events dated only to a month or year, or undated")


class MapPoint(BaseModel):
    event_id: str
    latitude: float
    longitude: float
    event_type: str | None
    sub_event_type: str | None
    event_date: str | None
    location: str | None
    fatalities: int | None


class MapCluster(BaseModel):
    latitude: float = Field(description="mean position of the cluster's events")
    longitude: float
    count: int
    fatalities: int
    top_type: str | None = Field(description="the most frequent event type in the cluster")
    bounds: tuple[float, float, float, float] = Field(description="south, west, north, east of its events")


class MapView(BaseModel):
    center: tuple[float, float] = Field(description="latitude, longitude")
    zoom: float
    bbox: tuple[float, float, float, float] = Field(description="west, south, east, north")


class MapData(BaseModel):
    mode: Literal["points", "clusters"] = Field(
        description="points when few enough events are in view, else server-side grid clusters"
    )
    total: int = Field(description="located events in view")
    located: int | None = Field(description="matching events with coordinates, in view or not (null with_extent=false)")
    unlocated: int | None = Field(description="matching events without coordinates, not on the map (null with_extent=false)")
    extent: tuple[float, float, float, float] | None = Field(
        description="south, west, north, east of all matching located events (ignores bbox)"
    )
    cell_degrees: float | None = None
    view: MapView | None = Field(None, description="with fit: the view the clusters were computed for")
    points: list[MapPoint] = Field(default_factory=list)
    clusters: list[MapCluster] = Field(default_factory=list)


class FacetValue(BaseModel):
    value: str
    count: int
    event_type: str | None = Field(None, description="for sub-event types: their event type")


class Facets(BaseModel):
    event_type: list[FacetValue]
    sub_event_type: list[FacetValue]
    plover_type: list[FacetValue]
    status: list[FacetValue]
    country: list[FacetValue]


class Stats(BaseModel):
    documents: int
    mentions: int
    events: int
    merge_log: int


class ReportIn(BaseModel):
    """A report to add: its text (plain text or HTML) and publication date."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="the report; HTML is reduced to its main text, never rendered")
    published: Date = Field(description="publication date, YYYY-MM-DD: relative dates in the text resolve against it")
    publisher: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=500)
    url: str | None = Field(None, max_length=2000)


class ReportOut(BaseModel):
    stored: bool = Field(description="false when the same text was already stored")
    document_id: str
    duplicate_of: str | None = None
    renamed_from: str | None = None
    events: list[EventSummary] = Field(description="the merged events that cite this document")
    warnings: list[str] = Field(default_factory=list)


class JobOut(BaseModel):
    """An upload being processed: poll ``url`` until ``state`` is done or failed."""

    job_id: str
    state: Literal["queued", "running", "done", "failed"]
    url: str = Field(description="where to ask again")
    position: int | None = Field(None, description="uploads to be processed before this one (queued only)")
    submitted: str = Field(description="UTC time, ISO 8601")
    started: str | None = None
    finished: str | None = None
    result: ReportOut | None = Field(None, description="when done: the stored document and its events")
    error: str | None = Field(None, description="when failed: why, in one line")
