"""The event store: documents, their mentions, the merged events and why.

    store = Store()                       # $EVENTLEDGER_DB, else ./eventledger.sqlite
    if store.add_document(doc, mentions): # one transaction per document
        ...
    store.replace_events(events, log)     # one transaction for the whole set
    store.event_records(country="Afghanistan", date_from="2021-07")

Opening a store brings its schema up to date (``alembic upgrade head``).
Every write is a single transaction, so a crash or a killed process leaves
whole documents and a whole event set, never a part of one.

    Store(url, read_only=True)            # what summary and export use: nothing is
                                          # created or written; a missing store is an error
    store.resolve_event_id("EL20210705-3F82F03E31")  # itself, or the event that absorbed it

A fault of the store itself (disk full, damaged pages, read-only file,
a lock held too long) is raised as ``errors.StoreFault``, whose message is one
line naming the store and what to do.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, selectinload

from eventledger.records import Document, Event, Mention

from .db import WRITE_OPTIONS, make_engine, resolve_url
from .errors import StoreError, StoreFault, StoreNotFound, classify, one_line, sqlite_path, store_label
from .event_writes import EventWrites, _chunks, _log_row
from .filters import FILTERS, event_conditions
from .migrate import current_revision, head_revision, is_known_revision, upgrade
from .models import DocumentRow, EventAliasRow, EventMentionRow, EventRow, MentionRow, MergeLogRow, utcnow
from .serialize import (
    document_from_row,
    document_row,
    event_from_row,
    event_record,
    mention_from_row,
    mention_row,
)

__all__ = ["AddResult", "FILTERS", "Store", "StoreError", "StoreFault", "StoreNotFound", "resolve_url"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AddResult:
    """What ``Store.add_document`` did. Truthy when the document was stored.

    ``document_id`` is the id the text is stored under: the new id when stored
    (``renamed_from`` is set when the wanted id was taken by another text), or
    the id of the stored document with the same text when ``duplicate_of`` is set.
    """

    stored: bool
    document_id: str
    renamed_from: str | None = None
    duplicate_of: str | None = None

    def __bool__(self) -> bool:
        return self.stored


class Store(EventWrites):
    """The event store at ``url`` (default ``$EVENTLEDGER_DB``, else ./eventledger.sqlite).

    ``create=False`` refuses a store that does not exist yet (``StoreNotFound``)
    instead of creating an empty one; ``read_only=True`` implies it and opens
    the store so that nothing is written (SQLite ``mode=ro``; a PostgreSQL
    session that cannot write), which is what reading commands use.
    """

    def __init__(self, url: str | None = None, *, migrate: bool = True, create: bool = True,
                 read_only: bool = False) -> None:
        self.url = resolve_url(url)
        self.read_only = read_only
        if read_only or not create:
            self._check_file_exists()
        self.engine = make_engine(self.url, read_only=read_only)
        # Same connection pool; only the way write transactions begin differs.
        self._write_engine = self.engine.execution_options(**WRITE_OPTIONS)
        try:
            if read_only or not create:
                self._check_schema(migrate)
            elif migrate:
                upgrade(self.engine)
        except DBAPIError as exc:
            self.engine.dispose()
            raise self._fault(exc, "opening it") or StoreError(
                f"cannot open store {store_label(self.url)}: {one_line(exc)}"
            ) from exc
        except StoreError:
            self.engine.dispose()
            raise

    def _check_file_exists(self) -> None:
        path = sqlite_path(self.url)
        if path is not None and not path.is_file():
            raise StoreNotFound(
                f"no store at {path}: nothing has been ingested there (eventledger ingest REPORTS --db {self.url}); "
                "check --db or $EVENTLEDGER_DB"
            )

    def _check_schema(self, migrate: bool) -> None:
        """An existing store's schema: missing is an error, older is upgraded (which needs write access)."""
        revision = current_revision(self.engine)
        head = head_revision()
        if revision == head:
            return
        label = store_label(self.url)
        if revision is None:
            raise StoreNotFound(f"{label} holds no eventledger store: ingest reports into it first, or check --db")
        if not is_known_revision(revision):
            raise StoreError(f"store {label} was written by a newer eventledger (schema {revision}): upgrade eventledger")
        if not migrate:
            return
        if not self.read_only:
            upgrade(self.engine)
            return
        writer = make_engine(self.url)
        try:
            upgrade(writer)
        except DBAPIError as exc:
            fault = self._fault(exc)
            if fault is not None and fault.kind == "read-only":
                raise StoreFault("read-only", f"store {label} was written by an older eventledger and must be "
                                 "upgraded once, which needs write access: run any command that writes "
                                 "(eventledger ingest) with write access, then read it read-only") from exc
            raise
        finally:
            writer.dispose()

    def _fault(self, exc: BaseException, doing: str = "") -> StoreFault | None:
        return classify(exc, self.url, doing)

    def __repr__(self) -> str:
        return f"Store({make_url(self.url).render_as_string(hide_password=True)!r})"

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                yield session
        except DBAPIError as exc:
            fault = self._fault(exc, "reading it")
            if fault is None:
                raise
            raise fault from exc

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        try:
            with Session(self._write_engine, expire_on_commit=False) as session, session.begin():
                yield session
        except DBAPIError as exc:
            fault = self._fault(exc, "writing to it")
            if fault is None:
                raise
            raise fault from exc

    # ------------------------------------------------------------- documents

    def has_document(self, hash: str) -> bool:
        """Whether a document with this cleaned-text hash (``Document.hash``) is stored."""
        return self._document_id_of(hash) is not None

    def _document_id_of(self, text_hash: str) -> str | None:
        with self._reading() as session:
            return session.scalar(select(DocumentRow.id).where(DocumentRow.hash == text_hash))

    def document_by_hash(self, text_hash: str) -> Document | None:
        """The stored document with this cleaned-text hash (``Document.hash``), if any."""
        with self._reading() as session:
            row = session.scalar(select(DocumentRow).where(DocumentRow.hash == text_hash))
            return document_from_row(row) if row is not None else None

    def update_document(self, doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
        """Give a stored document new metadata and new mentions, in one transaction.

        ``doc.id`` names the stored document; its text stays as stored. Its old
        mentions go, and so do the events that cited them: their other
        mentions are unmerged again, like the new ones. Returns all those
        mentions, for ``merge.merge_new`` to rebuild that neighbourhood; a
        crash before it leaves them to ``unmerged_mentions`` in the next run.
        A "reopen" entry in the merge log names each event taken apart.
        """
        with self._writing() as session:
            row = session.get(DocumentRow, doc.id)
            if row is None:
                raise KeyError(f"no stored document {doc.id!r}")
            old_ids = list(session.scalars(select(MentionRow.id).where(MentionRow.document_id == doc.id)))
            reopened: set[str] = set()
            for chunk in _chunks(old_ids):
                reopened.update(session.scalars(
                    select(EventMentionRow.event_id).where(EventMentionRow.mention_id.in_(chunk))
                ))
            others: dict[str, Mention] = {}
            for chunk in _chunks(sorted(reopened)):
                stmt = (
                    select(MentionRow)
                    .join(EventMentionRow, EventMentionRow.mention_id == MentionRow.id)
                    .where(EventMentionRow.event_id.in_(chunk), MentionRow.document_id != doc.id)
                )
                others.update((r.id, mention_from_row(r)) for r in session.scalars(stmt))
                for model in (EventMentionRow, EventRow):
                    session.execute(delete(model).where(model.event_id.in_(chunk)),
                                    execution_options={"synchronize_session": False})
            session.execute(delete(MentionRow).where(MentionRow.document_id == doc.id),
                            execution_options={"synchronize_session": False})
            for name in ("published", "published_source", "published_confidence", "publisher", "url", "title",
                         "language", "path"):
                setattr(row, name, getattr(doc, name))
            row.flags = list(doc.flags)
            ids = _mention_ids(mentions, doc.id, renamed=False)
            session.add_all(mention_row(m, mid, doc.id, ordinal)
                            for ordinal, (m, mid) in enumerate(zip(mentions, ids, strict=True)))
            now = utcnow()
            session.add_all(_log_row({"action": "reopen", "event_id": event_id,
                                      "reason": f"document {doc.id}'s metadata changed; its events are merged again"}, now)
                            for event_id in sorted(reopened))
        for m, mid in zip(mentions, ids, strict=True):
            m.document = doc.id
            m.id = mid
        return [*mentions, *(others[k] for k in sorted(others))]

    def add_document(self, doc: Document, mentions: Sequence[Mention]) -> AddResult:
        """Store a document and its mentions in one transaction.

        Nothing is written when a document with the same cleaned text is stored
        already (under any id); the result is then falsy. When the id is taken
        by a different text, the document is stored as ``id#2`` (``#3``, ...).

        Mentions are stored under ``mention.id`` if set, else ``mention.key()``
        (suffixed ``-2``, ``-3`` if two coincide). After a successful commit
        ``doc.id``, ``mention.document`` and ``mention.id`` are updated in place
        to what was stored, so the caller's objects can go straight to the merger.
        Any database error propagates after the transaction is rolled back.
        """
        text_hash = doc.hash
        for attempt in range(3):
            try:
                with self._writing() as session:
                    self._lock_document_id(session, doc.id)
                    same_text = session.scalar(select(DocumentRow.id).where(DocumentRow.hash == text_hash))
                    if same_text is not None:
                        log.info("document %s: same text as stored document %s; skipped", doc.id, same_text)
                        return AddResult(False, same_text, duplicate_of=same_text)
                    document_id = self._free_document_id(session, doc.id)
                    renamed = document_id != doc.id
                    ids = _mention_ids(mentions, document_id, renamed)
                    row = document_row(doc, document_id)
                    row.mentions = [
                        mention_row(m, mid, document_id, ordinal)
                        for ordinal, (m, mid) in enumerate(zip(mentions, ids, strict=True))
                    ]
                    session.add(row)
            except IntegrityError:
                # Another writer may have stored the same text, or taken the id,
                # in between (possible on PostgreSQL). Otherwise the data itself
                # is at fault.
                same_text = self._document_id_of(text_hash)
                if same_text is not None:
                    return AddResult(False, same_text, duplicate_of=same_text)
                if attempt < 2 and self._id_taken(doc.id):
                    continue
                raise
            break
        else:  # pragma: no cover - three lost races in a row
            raise RuntimeError(f"could not store document {doc.id}: concurrent writers kept conflicting")

        if renamed:
            log.warning("document id %s is taken by a different text; stored as %s", doc.id, document_id)
        wanted_id = doc.id
        doc.id = document_id
        for m, mid in zip(mentions, ids, strict=True):
            m.document = document_id
            m.id = mid
        return AddResult(True, document_id, renamed_from=wanted_id if renamed else None)

    @staticmethod
    def _lock_document_id(session: Session, wanted: str) -> None:
        """Make writers of the same document id wait for each other on PostgreSQL.

        Otherwise two of them pick the same free ``id#n`` and one fails. (SQLite
        writers already queue: each write transaction takes the database lock.)
        """
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"eventledger:{wanted}"})

    def _free_document_id(self, session: Session, wanted: str) -> str:
        """``wanted``, or the first of ``wanted#2``, ``wanted#3``, ... not taken.
        Each is looked up by primary key: a prefix search (``LIKE 'id#%'``)
        used no index, so every new document scanned the whole table (90 ms a
        document in a store of a million)."""
        def taken(candidate: str) -> bool:
            return session.scalar(select(DocumentRow.id).where(DocumentRow.id == candidate)) is not None

        if not taken(wanted):
            return wanted
        n = 2
        while taken(f"{wanted}#{n}"):
            n += 1
        return f"{wanted}#{n}"

    def _id_taken(self, document_id: str) -> bool:
        with self._reading() as session:
            return session.get(DocumentRow, document_id) is not None

    def document(self, id: str) -> Document | None:
        with self._reading() as session:
            row = session.get(DocumentRow, id)
            return document_from_row(row) if row is not None else None

    def documents(self) -> list[Document]:
        """All documents, in the order they were ingested."""
        with self._reading() as session:
            rows = session.scalars(select(DocumentRow).order_by(DocumentRow.ingested_at, DocumentRow.id))
            return [document_from_row(row) for row in rows]

    def mentions(self, document_id: str | None = None) -> list[Mention]:
        """Mentions of one document, or of all; by document id, then in extraction order."""
        stmt = select(MentionRow).order_by(MentionRow.document_id, MentionRow.ordinal)
        if document_id is not None:
            stmt = stmt.where(MentionRow.document_id == document_id)
        with self._reading() as session:
            return [mention_from_row(row) for row in session.scalars(stmt)]

    def mentions_near(self, countries: Iterable[str | None], date_from: str, date_to: str) -> list[Mention]:
        """Mentions in these countries whose dates touch [date_from, date_to], and
        undated ones: the only mentions a new one could be merged with."""
        named = sorted({c for c in countries if c})
        where_country = MentionRow.country.in_(named) if named else MentionRow.country.is_(None)
        if None in set(countries):
            where_country = where_country | MentionRow.country.is_(None)
        # A stored date covers a day, a month or a whole year (date_bounds), so a
        # mention touching the window starts at most 31 days before it, or on the
        # 1st of January of a year the window touches: a short index range and a
        # few index lookups on (country, date_start). Scanning the whole year
        # before the window instead made merging cost grow with the store.
        start = datetime.fromisoformat(date_from)
        narrow = (start - timedelta(days=31)).date().isoformat() if start.year > 1 else date_from
        new_years = [f"{year:04d}-01-01" for year in range(start.year, int(date_to[:4]) + 1)]
        # (the year starts are equality lookups on the index: with a range on
        # date_start beside them, SQLite would scan every earlier mention instead;
        # 1 January of a year up to date_to's is never after date_to)
        parts = (
            (MentionRow.date_start >= narrow) & (MentionRow.date_start <= date_to) & (MentionRow.date_end >= date_from),
            MentionRow.date_start.in_(new_years) & (MentionRow.date_end >= date_from),
            MentionRow.date_start.is_(None),
        )
        # (plain rows, not ORM objects: the merger reads thousands of them and
        # keeps only the records built from them)
        rows: dict[str, Any] = {}
        with self._reading() as session:
            for part in parts:
                rows.update((row.id, row) for row in session.execute(select(MentionRow.__table__).where(where_country, part)))
        ordered = sorted(rows.values(), key=lambda row: (row.document_id, row.ordinal))
        return [mention_from_row(row) for row in ordered]

    def unmerged_mentions(self) -> list[Mention]:
        """Mentions that belong to no event: stored just before a crash, say."""
        linked = select(EventMentionRow.mention_id)
        stmt = select(MentionRow).where(MentionRow.id.not_in(linked)).order_by(MentionRow.document_id, MentionRow.ordinal)
        with self._reading() as session:
            return [mention_from_row(row) for row in session.scalars(stmt)]

    def events_of_mentions(self, mention_ids: Iterable[str], known: Mapping[str, Mention] | None = None) -> list[Event]:
        """The stored events that cite any of these mentions, with all their sources.

        ``known``: stored mentions the caller has read already (``mentions_near``),
        by id; the events cite these records instead of reading them again.
        """
        ids = sorted(set(mention_ids))
        known = known or {}
        event_ids: set[str] = set()
        with self._reading() as session:
            for chunk in _chunks(ids):
                event_ids.update(session.scalars(
                    select(EventMentionRow.event_id).where(EventMentionRow.mention_id.in_(chunk))
                ))
        events: list[Event] = []
        for chunk in _chunks(sorted(event_ids)):
            with self._reading() as session:
                rows = list(session.execute(select(EventRow.__table__).where(EventRow.event_id.in_(chunk))))
                members: dict[str, list[str]] = {}
                for event_id, mid in session.execute(
                    select(EventMentionRow.event_id, EventMentionRow.mention_id)
                    .where(EventMentionRow.event_id.in_(chunk))
                    .order_by(EventMentionRow.event_id, EventMentionRow.position)
                ):
                    members.setdefault(event_id, []).append(mid)
                unread = sorted({mid for mids in members.values() for mid in mids if mid not in known})
                read: dict[str, Mention] = {}
                for part in _chunks(unread):
                    read.update((row.id, mention_from_row(row))
                                for row in session.execute(select(MentionRow.__table__).where(MentionRow.id.in_(part))))
            events.extend(event_from_row(row, [known[mid] if mid in known else read[mid] for mid in members.get(row.event_id, [])])
                          for row in rows)
        return events

    # ------------------------------------------------ events (written by EventWrites)

    def _event_rows(self, session: Session, limit: int | None, offset: int, filters: dict[str, Any]):
        stmt = (
            select(EventRow)
            .where(*event_conditions(**filters))
            # dated events first (NULLs sort differently in SQLite and PostgreSQL)
            .order_by(EventRow.event_date.is_(None), EventRow.event_date, EventRow.event_id)
            .options(selectinload(EventRow.links).joinedload(EventMentionRow.mention))
            .offset(offset or None)
            .limit(limit)
        )
        return session.scalars(stmt)

    def events(self, limit: int | None = None, offset: int = 0, **filters: Any) -> list[Event]:
        """Events with their sources, ordered by event_date then event_id.

        Filters (see ``eventledger.store.filters``): date_from, date_to,
        event_type, sub_event_type, plover_type, status, country, admin1,
        actor, q, disputed, document.
        """
        with self._reading() as session:
            return [event_from_row(row) for row in self._event_rows(session, limit, offset, filters)]

    def event_records(self, limit: int | None = None, offset: int = 0, **filters: Any) -> list[dict[str, Any]]:
        """Contract records (``Event.to_record``) plus ``updated_at`` and ``absorbed_ids`` (the ids of
        events merged into this one, which resolve to it); same filters and order as ``events``."""
        with self._reading() as session:
            rows = list(self._event_rows(session, limit, offset, filters))
            absorbed = _absorbed_of(session, [row.event_id for row in rows])
            return [event_record(row, absorbed.get(row.event_id, ())) for row in rows]

    def iter_event_records(self, chunk: int = 2000, **filters: Any) -> Iterator[dict[str, Any]]:
        """The records of ``event_records(**filters)``, in the same order, streamed
        with constant memory whatever the store's size (``store/stream.py``)."""
        from .stream import iter_event_records

        return iter_event_records(self, chunk=chunk, **filters)

    def iter_event_chunks(self, chunk: int = 2000, **filters: Any) -> Iterator[Any]:
        """The same events as ``iter_event_records``, ``chunk`` at a time as columns
        (``store/chunks.py``: ``EventChunk``), for columnar exports."""
        from .chunks import iter_event_chunks

        return iter_event_chunks(self, chunk=chunk, **filters)

    def count_events(self, **filters: Any) -> int:
        stmt = select(func.count()).select_from(EventRow).where(*event_conditions(**filters))
        with self._reading() as session:
            return session.scalar(stmt) or 0

    def event(self, event_id: str) -> Event | None:
        with self._reading() as session:
            row = session.scalar(
                select(EventRow)
                .where(EventRow.event_id == event_id)
                .options(selectinload(EventRow.links).joinedload(EventMentionRow.mention))
            )
            return event_from_row(row) if row is not None else None

    def resolve_event_id(self, event_id: str) -> str | None:
        """The id of the event ``event_id`` names now: itself while it exists, the
        event that absorbed it after a merge, or None for an id never stored."""
        with self._reading() as session:
            seen: set[str] = set()
            current = event_id
            while current not in seen:  # aliases are kept one hop long; a loop guard all the same
                seen.add(current)
                if session.get(EventRow, current) is not None:
                    return current
                target = session.scalar(select(EventAliasRow.event_id).where(EventAliasRow.alias == current))
                if target is None:
                    return None
                current = target
            return None

    def absorbed_ids(self, event_ids: Iterable[str] | None = None) -> dict[str, list[str]]:
        """For each event (of ``event_ids``, or all), the ids it has absorbed, sorted."""
        stmt = select(EventAliasRow.event_id, EventAliasRow.alias).order_by(EventAliasRow.alias)
        found: dict[str, list[str]] = {}
        with self._reading() as session:
            if event_ids is None:
                rows = list(session.execute(stmt))
            else:
                rows = []
                for chunk in _chunks(sorted(set(event_ids))):
                    rows.extend(session.execute(stmt.where(EventAliasRow.event_id.in_(chunk))))
        for event_id, alias in rows:
            found.setdefault(event_id, []).append(alias)
        return found

    def merge_log(self, event_id: str | None = None) -> list[dict[str, Any]]:
        """The merger's decisions, oldest first; for one event, those naming it on either side."""
        stmt = select(MergeLogRow).order_by(MergeLogRow.id)
        if event_id is not None:
            stmt = stmt.where((MergeLogRow.event_id == event_id) | (MergeLogRow.other_event_id == event_id))
        with self._reading() as session:
            return [
                {
                    "id": row.id,
                    "at": row.at.isoformat(),
                    "action": row.action,
                    "event_id": row.event_id,
                    "other_event_id": row.other_event_id,
                    "mention_id": row.mention_id,
                    "reason": row.reason,
                    "details": dict(row.details or {}),
                }
                for row in session.scalars(stmt)
            ]

    def counts(self) -> dict[str, int]:
        """How many documents, mentions, events and merge-log entries are stored."""
        with self._reading() as session:
            return {
                name: session.scalar(select(func.count()).select_from(model)) or 0
                for name, model in (
                    ("documents", DocumentRow),
                    ("mentions", MentionRow),
                    ("events", EventRow),
                    ("merge_log", MergeLogRow),
                )
            }


# ------------------------------------------------------------------- helpers


def _mention_ids(mentions: Sequence[Mention], document_id: str, renamed: bool) -> list[str]:
    ids: list[str] = []
    seen: set[str] = set()
    for mention in mentions:
        if renamed or not mention.id:
            # the key hashes the document id, so it must be the stored one
            base = replace(mention, document=document_id, id=None).key()
        else:
            base = mention.id
        mid, n = base, 2
        while mid in seen:
            mid, n = f"{base}-{n}", n + 1
        seen.add(mid)
        ids.append(mid)
    return ids


def _absorbed_of(session: Session, event_ids: Sequence[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for chunk in _chunks(sorted(set(event_ids))):
        stmt = select(EventAliasRow.event_id, EventAliasRow.alias).where(EventAliasRow.event_id.in_(chunk))
        for event_id, alias in session.execute(stmt):
            found.setdefault(event_id, []).append(alias)
    return {k: sorted(v) for k, v in found.items()}
