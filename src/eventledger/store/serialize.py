"""Converting records to rows and back, and to plain JSON-able dicts.

``records.py`` stays free of storage concerns; whatever needs to rebuild a
``Mention`` or ``Document`` from a dict (the store, a cache, the web API) can
use the functions here.
"""
from __future__ import annotations

import calendar
import hashlib
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from eventledger.records import Document, Event, Mention, Place, Span

from .models import DocumentRow, EventRow, MentionRow

# ---------------------------------------------------------------- plain dicts


def span_from_dict(data: dict[str, Any]) -> Span:
    return Span(start=int(data["start"]), end=int(data["end"]), text=data["text"])


def place_to_dict(place: Place) -> dict[str, Any]:
    return {
        "location": place.location,
        "country": place.country,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "precision": place.precision,
        "geonameid": place.geonameid,
        "kind": place.kind,
    }


def place_from_dict(data: dict[str, Any] | None) -> Place:
    return Place(**(data or {}))


def document_from_dict(data: dict[str, Any]) -> Document:
    """Inverse of ``Document.to_dict`` (the derived ``hash`` is ignored)."""
    fields = {k: v for k, v in data.items() if k != "hash"}
    fields["removed"] = list(fields.get("removed") or [])
    fields["flags"] = list(fields.get("flags") or [])
    return Document(**fields)


def mention_to_dict(mention: Mention) -> dict[str, Any]:
    return {
        "id": mention.id,
        "document": mention.document,
        "sentence": mention.sentence.to_dict(),
        "event_type": mention.event_type,
        "sub_event_type": mention.sub_event_type,
        "plover_type": mention.plover_type,
        "plover_mode": mention.plover_mode,
        "status": mention.status,
        "actor1": mention.actor1,
        "assoc_actor_1": mention.assoc_actor_1,
        "actor2": mention.actor2,
        "assoc_actor_2": mention.assoc_actor_2,
        "place": place_to_dict(mention.place),
        "event_date": mention.event_date,
        "time_precision": mention.time_precision,
        "fatalities": mention.fatalities,
        "quantities": dict(mention.quantities),
        "evidence": {name: span.to_dict() for name, span in mention.evidence.items()},
        "raw": dict(mention.raw),
        "publisher": mention.publisher,
        "published": mention.published,
        "confidence": mention.confidence,
    }


def mention_from_dict(data: dict[str, Any]) -> Mention:
    fields = dict(data)
    fields["sentence"] = span_from_dict(fields["sentence"])
    fields["place"] = place_from_dict(fields.get("place"))
    fields["evidence"] = {name: span_from_dict(span) for name, span in (fields.get("evidence") or {}).items()}
    fields["quantities"] = dict(fields.get("quantities") or {})
    fields["raw"] = dict(fields.get("raw") or {})
    return Mention(**fields)


# ----------------------------------------------------------------- documents


def document_row(doc: Document, document_id: str) -> DocumentRow:
    return DocumentRow(
        id=document_id,
        hash=doc.hash,
        text=doc.text,
        published=doc.published,
        published_source=doc.published_source,
        published_confidence=doc.published_confidence,
        publisher=doc.publisher,
        url=doc.url,
        title=doc.title,
        language=doc.language,
        path=doc.path,
        flags=list(doc.flags),
        removed=list(doc.removed),
    )


def document_from_row(row: DocumentRow) -> Document:
    return Document(
        id=row.id,
        text=row.text,
        published=row.published,
        published_source=row.published_source,
        published_confidence=row.published_confidence,
        publisher=row.publisher,
        url=row.url,
        title=row.title,
        language=row.language,
        path=row.path,
        removed=list(row.removed or []),
        flags=list(row.flags or []),
    )


# ------------------------------------------------------------------ mentions


def _place_columns(place: Place) -> dict[str, Any]:
    return {
        "location": place.location,
        "country": place.country,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geo_precision": place.precision,
        "geonameid": place.geonameid,
        "place_kind": place.kind,
    }


def _place_from_columns(row: MentionRow | EventRow) -> Place:
    return Place(
        location=row.location,
        country=row.country,
        admin1=row.admin1,
        admin2=row.admin2,
        latitude=row.latitude,
        longitude=row.longitude,
        precision=row.geo_precision,
        geonameid=row.geonameid,
        kind=row.place_kind,
    )


def _coded_columns(coded: Mention | Event) -> dict[str, Any]:
    """The coding a mention and an event share, as column values."""
    date_start, date_end = date_bounds(coded.event_date)
    return {
        "event_type": coded.event_type,
        "sub_event_type": coded.sub_event_type,
        "plover_type": coded.plover_type,
        "plover_mode": coded.plover_mode,
        "status": coded.status,
        "actor1": coded.actor1,
        "assoc_actor_1": coded.assoc_actor_1,
        "actor2": coded.actor2,
        "assoc_actor_2": coded.assoc_actor_2,
        **_place_columns(coded.place),
        "event_date": coded.event_date,
        "date_start": date_start,
        "date_end": date_end,
        "time_precision": coded.time_precision,
        "fatalities": coded.fatalities,
        "quantities": dict(coded.quantities),
    }


def _coded_fields(row: MentionRow | EventRow) -> dict[str, Any]:
    """The coding a mention and an event share, read back from a row."""
    return {
        "event_type": row.event_type,
        "sub_event_type": row.sub_event_type,
        "plover_type": row.plover_type,
        "plover_mode": row.plover_mode,
        "status": row.status,
        "actor1": row.actor1,
        "assoc_actor_1": row.assoc_actor_1,
        "actor2": row.actor2,
        "assoc_actor_2": row.assoc_actor_2,
        "place": _place_from_columns(row),
        "event_date": row.event_date,
        "time_precision": row.time_precision,
        "fatalities": row.fatalities,
        "quantities": dict(row.quantities or {}),
    }


def mention_row(mention: Mention, mention_id: str, document_id: str, ordinal: int) -> MentionRow:
    return MentionRow(
        id=mention_id,
        document_id=document_id,
        ordinal=ordinal,
        sentence_start=mention.sentence.start,
        sentence_end=mention.sentence.end,
        sentence_text=mention.sentence.text,
        **_coded_columns(mention),
        evidence={name: span.to_dict() for name, span in mention.evidence.items()},
        raw=dict(mention.raw),
        publisher=mention.publisher,
        published=mention.published,
        confidence=mention.confidence,
    )


def mention_from_row(row: MentionRow) -> Mention:
    return Mention(
        document=row.document_id,
        sentence=Span(row.sentence_start, row.sentence_end, row.sentence_text),
        **_coded_fields(row),
        evidence={name: span_from_dict(span) for name, span in (row.evidence or {}).items()},
        raw=dict(row.raw or {}),
        publisher=row.publisher,
        published=row.published,
        confidence=row.confidence,
        id=row.id,
    )


def mention_id(mention: Mention) -> str:
    """The id a mention is stored under."""
    return mention.id or mention.key()


# -------------------------------------------------------------------- events


def date_bounds(value: str | None) -> tuple[str | None, str | None]:
    """First and last day covered by a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date.

    Anything else (including None) gives ``(None, None)``.
    """
    if not value:
        return None, None
    parts = value.strip().split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 1 and len(parts[0]) == 4:
            year = numbers[0]
            return f"{year:04d}-01-01", f"{year:04d}-12-31"
        if len(numbers) == 2:
            year, month = numbers
            last = calendar.monthrange(year, month)[1]
            return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
        if len(numbers) == 3:
            day = datetime(*numbers).strftime("%Y-%m-%d")
            return day, day
    except (ValueError, calendar.IllegalMonthError):
        pass
    return None, None


def event_columns(event: Event) -> dict[str, Any]:
    """The event's content as column values (no timestamps, no links)."""
    columns = {
        "event_id": event.event_id,
        **_coded_columns(event),
        "notes": event.notes or "",
        "disputes": list(event.disputes),
        "disputed": bool(event.disputes),
        "independent_sources": event.independent_sources,
    }
    columns["digest"] = event_digest(columns, [mention_id(m) for m in event.mentions])
    return columns


def event_digest(columns: dict[str, Any], mention_ids: list[str]) -> str:
    content = {k: v for k, v in columns.items() if k != "digest"}
    blob = json.dumps([content, mention_ids], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()


def event_from_row(row: EventRow, mentions: list[Mention] | None = None) -> Event:
    """The event of a row; its mentions read from the row's links, unless given."""
    return Event(
        event_id=row.event_id,
        mentions=[mention_from_row(link.mention) for link in row.links] if mentions is None else mentions,
        **_coded_fields(row),
        notes=row.notes or "",
        disputes=list(row.disputes or []),
        independent_sources=row.independent_sources,
    )


def event_record(row: EventRow, absorbed_ids: Iterable[str] = ()) -> dict[str, Any]:
    """The contract record, plus when the event last changed (``updated_at``, ISO 8601 UTC)
    and the ids of the events it absorbed (``absorbed_ids``)."""
    record = event_from_row(row).to_record()
    record["updated_at"] = row.updated_at.isoformat() if row.updated_at else None
    record["absorbed_ids"] = sorted(absorbed_ids)
    return record
