"""Loading many documents, mentions and events at once: the bulk path.

``Store.add_document`` spends a transaction and a duplicate check on every
document, which is right for a live feed and slow for building a store of a
million mentions (the merge benchmark). ``bulk_load`` writes a batch of new
documents with their mentions, and the events already merged from them, as
multi-row INSERTs in one transaction:

    events, log = merge(mention for _, mentions in batch for mention in mentions)
    bulk_load(store, batch, events)

It checks nothing that the database does not: the documents must be new (a
duplicate id or text fails the whole batch, which is rolled back), and each
mention's ``id`` is set here as ``add_document`` would set it.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from sqlalchemy import insert

from ..records import Document, Event, Mention
from .models import DocumentRow, EventMentionRow, EventRow, MentionRow, utcnow
from .serialize import _coded_columns, event_columns, mention_id


def assign_ids(document: Document, mentions: Sequence[Mention]) -> None:
    """Mention ids as ``add_document`` gives them (the key; ``-2``, ``-3`` when two coincide)."""
    seen: set[str] = set()
    for mention in mentions:
        mention.document = document.id
        base = mention.id or replace(mention, id=None).key()
        mid, n = base, 2
        while mid in seen:
            mid, n = f"{base}-{n}", n + 1
        seen.add(mid)
        mention.id = mid


def bulk_load(store, batch: Sequence[tuple[Document, Sequence[Mention]]], events: Iterable[Event] = ()) -> int:
    """Insert ``batch`` (new documents and their mentions) and ``events`` in one
    transaction; returns the number of mentions written."""
    now = utcnow()
    documents, mentions = [], []
    for document, found in batch:
        assign_ids(document, found)
        documents.append({
            "id": document.id, "hash": document.hash, "text": document.text, "published": document.published,
            "published_source": document.published_source, "published_confidence": document.published_confidence,
            "publisher": document.publisher, "url": document.url, "title": document.title,
            "language": document.language, "path": document.path, "flags": list(document.flags),
            "removed": list(document.removed), "ingested_at": now,
        })
        for ordinal, m in enumerate(found):
            mentions.append({
                "id": m.id, "document_id": document.id, "ordinal": ordinal,
                "sentence_start": m.sentence.start, "sentence_end": m.sentence.end, "sentence_text": m.sentence.text,
                **_coded_columns(m),
                "evidence": {name: span.to_dict() for name, span in m.evidence.items()},
                "raw": dict(m.raw), "publisher": m.publisher, "published": m.published, "confidence": m.confidence,
            })
    event_rows, links = [], []
    for event in events:
        event_rows.append(dict(event_columns(event), created_at=now, updated_at=now))
        ids = list(dict.fromkeys(mention_id(m) for m in event.mentions))
        links.extend({"event_id": event.event_id, "mention_id": mid, "position": i} for i, mid in enumerate(ids))
    with store._writing() as session:
        connection = session.connection()  # Core executemany: no ORM bookkeeping per row
        for model, rows in ((DocumentRow, documents), (MentionRow, mentions), (EventRow, event_rows),
                            (EventMentionRow, links)):
            if rows:
                connection.execute(insert(model.__table__), rows)
    return len(mentions)
