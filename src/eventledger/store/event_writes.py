"""Writing the merged events: the whole set (``replace_events``) or the ones
that changed (``upsert_events``), each in one transaction, with their links
to the mentions they cite, the ids merged away kept resolving to the event
that absorbed them (``event_aliases``), and the merge log. ``Store`` takes
these methods from ``EventWrites``; the helpers are shared with it."""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.orm import Session

from eventledger.records import Event

from .models import EventAliasRow, EventMentionRow, EventRow, MentionRow, MergeLogRow, utcnow
from .serialize import event_columns, mention_id

log = logging.getLogger("eventledger.store")

# Keep IN (...) lists well under SQLite's bound-parameter limit.
_CHUNK = 500
_LOG_FIELDS = ("action", "event_id", "other_event_id", "mention_id", "reason")

T = TypeVar("T")


class EventWrites:
    """The event-writing half of ``Store`` (which provides ``_writing``)."""

    def replace_events(self, events: Sequence[Event], log: Iterable[dict[str, Any]] | None = None) -> None:
        """Make ``events`` the stored event set, in one transaction.

        Events keep their ``created_at`` across replacements, and their
        ``updated_at`` unless their content or sources changed. ``log``, when
        given, replaces the merge log (it explains the new set); ``None``
        leaves the log as it is.
        """
        _check_unique_ids(events)
        with self._writing() as session:
            _lock_events(session)
            _check_mentions_stored(session, events)
            previous = {
                event_id: (created, updated, digest)
                for event_id, created, updated, digest in session.execute(
                    select(EventRow.event_id, EventRow.created_at, EventRow.updated_at, EventRow.digest)
                )
            }
            new_ids = {event.event_id for event in events}
            gone = _members(session, sorted(set(previous) - new_ids))
            session.execute(delete(EventMentionRow))
            session.execute(delete(EventRow))
            if log is not None:
                session.execute(delete(MergeLogRow))
            now = utcnow()
            rows, links = [], []
            for event in events:
                columns = event_columns(event)
                created, updated, digest = previous.get(event.event_id, (now, now, None))
                changed = digest != columns["digest"]
                rows.append(dict(columns, created_at=created, updated_at=now if changed else updated))
                links.extend(_links(event))
            # bulk INSERTs: the merger may hand over tens of thousands of events
            if rows:
                session.execute(insert(EventRow), rows)
            if links:
                session.execute(insert(EventMentionRow), links)
            _keep_ids_resolving(session, gone, sorted(new_ids), now)
            if log is not None:
                session.add_all(_log_row(entry, now) for entry in log)

    def upsert_events(
        self,
        events: Sequence[Event],
        removed_ids: Iterable[str] = (),
        log: Iterable[dict[str, Any]] | None = None,
    ) -> None:
        """Write only the events that changed, in one transaction.

        ``events`` are inserted or replaced (with their sources), the events in
        ``removed_ids`` are deleted (e.g. merged into another), and ``log`` is
        appended to the merge log.
        """
        _check_unique_ids(events)
        ids = [event.event_id for event in events]
        removed = sorted(set(removed_ids) - set(ids))
        with self._writing() as session:
            _lock_events(session)
            _check_mentions_stored(session, events)
            digests: dict[str, str] = {}  # of the events stored already
            for chunk in _chunks(ids):
                digests.update((event_id, digest) for event_id, digest in session.execute(
                    select(EventRow.event_id, EventRow.digest).where(EventRow.event_id.in_(chunk))))
            gone = _members(session, removed)
            for chunk in _chunks(ids + removed):
                session.execute(
                    delete(EventMentionRow).where(EventMentionRow.event_id.in_(chunk)),
                    execution_options={"synchronize_session": False},
                )
            for chunk in _chunks(removed):
                session.execute(
                    delete(EventRow).where(EventRow.event_id.in_(chunk)),
                    execution_options={"synchronize_session": False},
                )
            now = utcnow()
            added, updated, links = [], [], []
            for event in events:
                columns = event_columns(event)
                digest = digests.get(event.event_id)
                if digest is None:
                    added.append(dict(columns, created_at=now, updated_at=now))
                else:
                    updated.append(dict(columns, updated_at=now) if digest != columns["digest"] else columns)
                links.extend(_links(event))
            # bulk statements (an UPDATE by primary key, INSERTs) rather than an
            # object per row: a merge writes thousands of links
            if added:
                session.execute(insert(EventRow), added)
            if updated:
                session.execute(update(EventRow), updated)
            if links:
                session.execute(insert(EventMentionRow), links)
            _keep_ids_resolving(session, gone, ids, now)
            if log is not None:
                entries = [_log_values(entry, now) for entry in log]
                if entries:
                    session.execute(insert(MergeLogRow), entries)


def _links(event: Event) -> list[dict[str, Any]]:
    """The event's rows of ``event_mentions``, its sources in order."""
    return [{"event_id": event.event_id, "mention_id": mid, "position": position}
            for position, mid in enumerate(_unique_mention_ids(event))]


def _unique_mention_ids(event: Event) -> list[str]:
    ids = list(dict.fromkeys(mention_id(m) for m in event.mentions))
    if len(ids) != len(event.mentions):
        log.warning("event %s cites the same mention more than once; kept once", event.event_id)
    return ids


def _members(session: Session, event_ids: Sequence[str]) -> dict[str, list[str]]:
    """The mention ids of stored events, in source order."""
    members: dict[str, list[str]] = {}
    for chunk in _chunks(list(event_ids)):
        stmt = (
            select(EventMentionRow.event_id, EventMentionRow.mention_id)
            .where(EventMentionRow.event_id.in_(chunk))
            .order_by(EventMentionRow.event_id, EventMentionRow.position)
        )
        for event_id, mid in session.execute(stmt):
            members.setdefault(event_id, []).append(mid)
    return members


def _keep_ids_resolving(session: Session, gone: dict[str, list[str]], live_ids: Sequence[str], now: datetime) -> None:
    """Point each vanished event id at the event that now holds most of its
    reports (ties: the one holding its first report), move aliases that pointed
    at a vanished id along, and drop aliases of ids that name an event again.
    Runs inside the write transaction, after the new links are in place."""
    for chunk in _chunks(list(live_ids)):
        session.execute(delete(EventAliasRow).where(EventAliasRow.alias.in_(chunk)),
                        execution_options={"synchronize_session": False})
    if not gone:
        return
    home: dict[str, str] = {}
    for chunk in _chunks(sorted({mid for mids in gone.values() for mid in mids})):
        stmt = select(EventMentionRow.mention_id, EventMentionRow.event_id).where(EventMentionRow.mention_id.in_(chunk))
        home.update((mid, event_id) for mid, event_id in session.execute(stmt))
    targets: dict[str, str] = {}
    for old_id, mids in gone.items():
        homes = [home[mid] for mid in mids if mid in home]
        if homes:
            counts = Counter(homes)
            best = max(counts.values())
            targets[old_id] = next(h for h in homes if counts[h] == best)
    for old_id, target in sorted(targets.items()):
        session.execute(update(EventAliasRow).where(EventAliasRow.event_id == old_id).values(event_id=target),
                        execution_options={"synchronize_session": False})
    existing: set[str] = set()
    for chunk in _chunks(sorted(targets)):
        existing.update(session.scalars(select(EventAliasRow.alias).where(EventAliasRow.alias.in_(chunk))))
    for old_id, target in sorted(targets.items()):
        if old_id in existing:
            session.execute(update(EventAliasRow).where(EventAliasRow.alias == old_id).values(event_id=target),
                            execution_options={"synchronize_session": False})
        else:
            session.add(EventAliasRow(alias=old_id, event_id=target, created_at=now))


def _lock_events(session: Session) -> None:
    """One event writer at a time on PostgreSQL (SQLite's write lock already does this)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext('eventledger:events'))"))


def _check_unique_ids(events: Sequence[Event]) -> None:
    seen: set[str] = set()
    duplicates = {e.event_id for e in events if e.event_id in seen or seen.add(e.event_id)}
    if duplicates:
        raise ValueError(f"duplicate event ids: {', '.join(sorted(duplicates)[:10])}")


def _check_mentions_stored(session: Session, events: Sequence[Event]) -> None:
    """Fail with a readable message rather than a foreign-key error."""
    wanted = sorted({mention_id(m) for event in events for m in event.mentions})
    stored: set[str] = set()
    for chunk in _chunks(wanted):
        stored.update(session.scalars(select(MentionRow.id).where(MentionRow.id.in_(chunk))))
    missing = [mid for mid in wanted if mid not in stored]
    if missing:
        raise ValueError(
            f"{len(missing)} event source(s) are not stored mentions (add their documents first): "
            + ", ".join(missing[:10])
        )


def _log_row(entry: dict[str, Any], now: datetime) -> MergeLogRow:
    return MergeLogRow(**_log_values(entry, now))


def _log_values(entry: dict[str, Any], now: datetime) -> dict[str, Any]:
    """A merge-log entry as the columns of its row."""
    if not entry.get("action") or not entry.get("event_id"):
        raise ValueError(f"a merge-log entry needs an action and an event_id: {entry!r}")
    details = dict(entry.get("details") or {})
    details.update((k, v) for k, v in entry.items() if k not in (*_LOG_FIELDS, "details", "at"))
    at = entry.get("at") or now
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    return {
        "at": at,
        "action": entry["action"],
        "event_id": entry["event_id"],
        "other_event_id": entry.get("other_event_id"),
        "mention_id": entry.get("mention_id"),
        "reason": entry.get("reason") or "",
        "details": details or None,
    }


def _chunks(items: Sequence[T], size: int = _CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
