"""Read-only queries the web API needs beyond ``Store``'s own methods.

The table wants light rows (no sources, no evidence) sorted by any column, and
the document list wants no document text; loading full ``Event`` objects for
that would cost far more than the page shows. Filters are always the store's
own (``event_conditions``), so the API and the CLI agree on what matches.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from eventledger.store import Store
from eventledger.store.filters import event_conditions
from eventledger.store.models import DocumentRow, EventMentionRow, EventRow, MentionRow

# Sortable table columns: API name -> column.
SORTABLE = {
    "event_date": EventRow.event_date,
    "event_type": EventRow.event_type,
    "sub_event_type": EventRow.sub_event_type,
    "plover_type": EventRow.plover_type,
    "status": EventRow.status,
    "actor1": EventRow.actor1,
    "actor2": EventRow.actor2,
    "country": EventRow.country,
    "admin1": EventRow.admin1,
    "location": EventRow.location,
    "fatalities": EventRow.fatalities,
    "sources": EventRow.independent_sources,
    "updated_at": EventRow.updated_at,
}

_SUMMARY_COLUMNS = (
    EventRow.event_id,
    EventRow.event_date,
    EventRow.time_precision,
    EventRow.event_type,
    EventRow.sub_event_type,
    EventRow.plover_type,
    EventRow.status,
    EventRow.actor1,
    EventRow.actor2,
    EventRow.country,
    EventRow.admin1,
    EventRow.location,
    EventRow.latitude,
    EventRow.longitude,
    EventRow.fatalities,
    EventRow.notes,
    EventRow.disputed,
    EventRow.independent_sources,
)


def session(store: Store) -> Session:
    return Session(store.engine)


def _source_count():
    return (
        select(func.count())
        .select_from(EventMentionRow)
        .where(EventMentionRow.event_id == EventRow.event_id)
        .correlate(EventRow)
        .scalar_subquery()
    )


def _summary_select() -> Select:
    return select(*_SUMMARY_COLUMNS, _source_count().label("sources"))


def _summary(row: Any) -> dict[str, Any]:
    item = dict(row._mapping)
    item["disputed"] = bool(item["disputed"])
    item["notes"] = item["notes"] or ""
    return item


def event_page(
    store: Store, filters: dict[str, Any], limit: int, offset: int, sort: str = "event_date", order: str = "asc"
) -> tuple[int, list[dict[str, Any]]]:
    """(total matching, one page of table rows)."""
    conditions = event_conditions(**filters)
    column = SORTABLE[sort]
    # Rows without a value go last either way: an analyst sorting by fatalities
    # wants the largest known numbers first, not the unknowns.
    ordering = [column.is_(None), column.desc() if order == "desc" else column.asc()]
    if sort != "event_date":
        ordering.append(EventRow.event_date.is_(None))
        ordering.append(EventRow.event_date)
    ordering.append(EventRow.event_id)
    stmt = _summary_select().where(*conditions).order_by(*ordering).limit(limit).offset(offset)
    with session(store) as s:
        total = s.scalar(select(func.count()).select_from(EventRow).where(*conditions)) or 0
        return total, [_summary(row) for row in s.execute(stmt)]


def event_summaries(store: Store, **filters: Any) -> list[dict[str, Any]]:
    """All matching table rows, in date order (for a document's events: a handful)."""
    stmt = (
        _summary_select()
        .where(*event_conditions(**filters))
        .order_by(EventRow.event_date.is_(None), EventRow.event_date, EventRow.event_id)
    )
    with session(store) as s:
        return [_summary(row) for row in s.execute(stmt)]


def iter_event_records(store: Store, filters: dict[str, Any], chunk: int = 2000) -> Iterator[dict[str, Any]]:
    """Full contract records of the filtered set, a chunk at a time, so an
    export of a large store never holds every event in memory at once."""
    offset = 0
    while True:
        records = store.event_records(limit=chunk, offset=offset, **filters)
        yield from records
        if len(records) < chunk:
            return
        offset += chunk


# ----------------------------------------------------------------- documents


def _mention_count():
    return (
        select(func.count())
        .select_from(MentionRow)
        .where(MentionRow.document_id == DocumentRow.id)
        .correlate(DocumentRow)
        .scalar_subquery()
    )


_DOCUMENT_COLUMNS = (
    DocumentRow.id,
    DocumentRow.title,
    DocumentRow.publisher,
    DocumentRow.published,
    DocumentRow.url,
    DocumentRow.language,
    DocumentRow.flags,
    DocumentRow.ingested_at,
)


def _document_summary(row: Any) -> dict[str, Any]:
    item = dict(row._mapping)
    item["flags"] = list(item["flags"] or [])
    item["ingested_at"] = item["ingested_at"].isoformat() if item["ingested_at"] else None
    return item


def document_page(store: Store, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    """Documents without their text, newest ingested first."""
    stmt = (
        select(*_DOCUMENT_COLUMNS, _mention_count().label("mentions"))
        .order_by(DocumentRow.ingested_at.desc(), DocumentRow.id)
        .limit(limit)
        .offset(offset)
    )
    with session(store) as s:
        total = s.scalar(select(func.count()).select_from(DocumentRow)) or 0
        return total, [_document_summary(row) for row in s.execute(stmt)]


def document_detail(store: Store, document_id: str) -> dict[str, Any] | None:
    """A document with its cleaned text, its mentions and the events citing it."""
    with session(store) as s:
        row = s.execute(
            select(
                *_DOCUMENT_COLUMNS,
                _mention_count().label("mentions"),
                DocumentRow.text,
                DocumentRow.published_source,
                DocumentRow.removed,
            ).where(DocumentRow.id == document_id)
        ).first()
        if row is None:
            return None
        detail = _document_summary(row)
        detail["removed"] = list(detail["removed"] or [])
        mentions = s.execute(
            select(
                MentionRow.id,
                MentionRow.sentence_start,
                MentionRow.sentence_end,
                MentionRow.sentence_text,
                MentionRow.event_type,
                MentionRow.sub_event_type,
                MentionRow.plover_type,
                MentionRow.status,
                EventMentionRow.event_id,
            )
            .outerjoin(EventMentionRow, EventMentionRow.mention_id == MentionRow.id)
            .where(MentionRow.document_id == document_id)
            .order_by(MentionRow.ordinal)
        )
        detail["mention_list"] = [
            {
                "id": m.id,
                "sentence": {"start": m.sentence_start, "end": m.sentence_end, "text": m.sentence_text},
                "event_type": m.event_type,
                "sub_event_type": m.sub_event_type,
                "plover_type": m.plover_type,
                "status": m.status,
                "event_id": m.event_id,
            }
            for m in mentions
        ]
    detail["events"] = event_summaries(store, document=document_id)
    return detail


def document_titles(store: Store, ids: list[str]) -> dict[str, str | None]:
    if not ids:
        return {}
    with session(store) as s:
        return dict(s.execute(select(DocumentRow.id, DocumentRow.title).where(DocumentRow.id.in_(ids))).all())


# -------------------------------------------------------------------- facets


def facets(store: Store) -> dict[str, list[dict[str, Any]]]:
    """The values the filter menus offer, with how many events have each.

    Counted over the whole store, not the filtered set, so that choosing one
    value never makes the others disappear from the menus.
    """
    result: dict[str, list[dict[str, Any]]] = {}
    with session(store) as s:
        for name in ("event_type", "plover_type", "status", "country"):
            column = getattr(EventRow, name)
            rows = s.execute(
                select(column, func.count()).where(column.is_not(None)).group_by(column).order_by(func.count().desc(), column)
            )
            result[name] = [{"value": value, "count": count} for value, count in rows]
        rows = s.execute(
            select(EventRow.sub_event_type, EventRow.event_type, func.count())
            .where(EventRow.sub_event_type.is_not(None))
            .group_by(EventRow.sub_event_type, EventRow.event_type)
            .order_by(EventRow.event_type, EventRow.sub_event_type)
        )
        result["sub_event_type"] = [
            {"value": sub, "event_type": parent, "count": count} for sub, parent, count in rows
        ]
    return result
