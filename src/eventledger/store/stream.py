"""Event records streamed out of the store with constant memory, whatever its size.

``Store.event_records`` builds ORM objects and pages with LIMIT/OFFSET, which
is right for a page of the web table but reads a large store in quadratic
time. Here one query streams the filtered events in export order (a
server-side cursor on PostgreSQL; SQLite's cursor is incremental already),
a chunk at a time; each chunk's sources and absorbed ids are fetched with two
queries keyed on its event ids, and the chunk is turned into the same records
as ``event_records`` gives (tested), then dropped.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Text, select, type_coerce

from .filters import event_conditions
from .models import EventAliasRow, EventMentionRow, EventRow, MentionRow

CHUNK = 2000
_IN = 500  # ids per IN (...) list

_EVENT_COLUMNS = (
    EventRow.event_id, EventRow.event_date, EventRow.time_precision, EventRow.event_type, EventRow.sub_event_type,
    EventRow.plover_type, EventRow.plover_mode, EventRow.status, EventRow.actor1, EventRow.assoc_actor_1,
    EventRow.actor2, EventRow.assoc_actor_2, EventRow.country, EventRow.admin1, EventRow.admin2, EventRow.location,
    EventRow.latitude, EventRow.longitude, EventRow.geo_precision, EventRow.fatalities,
    # JSON columns as their text: decoded here, with a shortcut for the empty ones
    type_coerce(EventRow.quantities, Text).label("quantities"),
    EventRow.notes, type_coerce(EventRow.disputes, Text).label("disputes"), EventRow.independent_sources,
    EventRow.updated_at,
)
_SOURCE_COLUMNS = (
    EventMentionRow.event_id, MentionRow.document_id, MentionRow.publisher, MentionRow.published,
    MentionRow.sentence_text, MentionRow.sentence_start, MentionRow.sentence_end,
    type_coerce(MentionRow.evidence, Text).label("evidence"),
)
_EMPTY = {"", "{}", "[]", "null"}


def _json(value: Any) -> Any:
    """A JSON column's value from its text (PostgreSQL's driver may hand it over decoded)."""
    if isinstance(value, str):
        return None if value in _EMPTY else json.loads(value)
    return value


def _spans(evidence: Any) -> dict[str, dict[str, Any]]:
    # stored as Span.to_dict() wrote them: {"start", "end", "text"}, in that order
    return _json(evidence) or {}


def iter_event_records(store, chunk: int = CHUNK, **filters: Any) -> Iterator[dict[str, Any]]:
    """The records of ``store.event_records(**filters)``, in the same order, streamed."""
    stmt = (
        select(*_EVENT_COLUMNS)
        .where(*event_conditions(**filters))
        .order_by(EventRow.event_date.is_(None), EventRow.event_date, EventRow.event_id)
        .execution_options(yield_per=chunk)
    )
    with store._reading() as session:
        connection = session.connection()  # Core rows: no ORM bookkeeping per row
        for rows in connection.execute(stmt).partitions(chunk):
            ids = [row.event_id for row in rows]
            sources: dict[str, list[dict[str, Any]]] = {}
            absorbed: dict[str, list[str]] = {}
            for start in range(0, len(ids), _IN):
                part = ids[start:start + _IN]
                links = (
                    select(*_SOURCE_COLUMNS)
                    .join(MentionRow, MentionRow.id == EventMentionRow.mention_id)
                    .where(EventMentionRow.event_id.in_(part))
                    .order_by(EventMentionRow.event_id, EventMentionRow.position)
                )
                for link in connection.execute(links):
                    sources.setdefault(link.event_id, []).append({
                        "document": link.document_id,
                        "publisher": link.publisher,
                        "published": link.published,
                        "sentence": link.sentence_text,
                        "start": link.sentence_start,
                        "end": link.sentence_end,
                        "evidence": _spans(link.evidence),
                    })
                aliases = select(EventAliasRow.event_id, EventAliasRow.alias).where(EventAliasRow.event_id.in_(part))
                for event_id, alias in connection.execute(aliases):
                    absorbed.setdefault(event_id, []).append(alias)
            for row in rows:
                yield _record(row, sources.get(row.event_id, []), sorted(absorbed.get(row.event_id, ())))


def _record(row, sources: list[dict[str, Any]], absorbed: list[str]) -> dict[str, Any]:
    """``event_record``'s dict (``Event.to_record`` plus ``updated_at`` and
    ``absorbed_ids``), built from plain columns, keys in the same order."""
    return {
        "event_id": row.event_id,
        "event_date": row.event_date,
        "time_precision": row.time_precision,
        "event_type": row.event_type,
        "sub_event_type": row.sub_event_type,
        "plover_type": row.plover_type,
        "plover_mode": row.plover_mode,
        "status": row.status,
        "actor1": row.actor1,
        "assoc_actor_1": row.assoc_actor_1,
        "actor2": row.actor2,
        "assoc_actor_2": row.assoc_actor_2,
        "country": row.country,
        "admin1": row.admin1,
        "admin2": row.admin2,
        "location": row.location,
        "latitude": row.latitude,
        "longitude": row.longitude,
        "geo_precision": row.geo_precision,
        "fatalities": row.fatalities,
        "quantities": dict(_json(row.quantities) or {}),
        "notes": row.notes or "",
        "sources": sources,
        "disputes": list(_json(row.disputes) or []),
        "independent_sources": row.independent_sources,
        "updated_at": row.updated_at.isoformat() if row.updated_at else None,
        "absorbed_ids": absorbed,
    }
