"""Events streamed out of the store a chunk at a time, as columns: the Parquet export's input.

``iter_event_records`` (``stream.py``) gives one dict per event, with a dict
per source, which is what JSON lines and the CSV want; a columnar file wants
the opposite, and building a million dicts only to take them apart again was
most of the Parquet export's time. Here the same query (same filters, same
order) is read a chunk at a time as plain row tuples and turned into columns:

- ``events``: each event column (``stream._EVENT_COLUMNS``), in export order;
- ``sources``: the reports behind the chunk's events, one query per chunk
  ordered as the events are and then by position, as columns; ``evidence``
  decoded, the other fields as stored;
- ``counts``: how many sources each event has (so event ``i``'s sources are
  a slice of the source columns);
- ``absorbed``: the sorted ids merged into each event.

The values are those ``iter_event_records`` puts in its records (tested
through the Parquet tables both make), except that JSON columns other than
the evidence stay as the database gives them (text on SQLite) and
``updated_at`` is as the driver gives it (text on SQLite): the consumer maps
each distinct value once.

On SQLite with ADBC's driver installed, ``chunks_arrow.py`` reads the
chunks into Arrow instead. Otherwise, on SQLite the rows are read from the
DB-API cursor itself: SQLite's cursor is incremental already, and this skips
a Row object per row and the parsing of every ``updated_at`` (the consumer
parses each distinct one). Elsewhere (PostgreSQL) the rows come through
SQLAlchemy with a server-side cursor, so memory stays flat there too.
"""
from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from queue import Empty, Full, Queue
from typing import Any

from sqlalchemy import bindparam, func, select

from .filters import event_conditions
from .models import EventAliasRow, EventMentionRow, EventRow, MentionRow
from .stream import _EMPTY, _EVENT_COLUMNS, _SOURCE_COLUMNS, CHUNK

try:
    from orjson import loads as _loads
except ImportError:  # pragma: no cover - orjson is a dependency; json reads the same, slower
    from json import loads as _loads

EVENT_FIELDS = tuple(column.key for column in _EVENT_COLUMNS)
SOURCE_FIELDS = ("event_id", "document", "publisher", "published", "sentence", "start", "end", "evidence")
_ORDER = (EventRow.event_date.is_(None), EventRow.event_date, EventRow.event_id)


@dataclass
class EventChunk:
    events: dict[str, Sequence[Any]]
    sources: dict[str, Sequence[Any]]
    counts: list[int]
    absorbed: list[list[str]]

    def __len__(self) -> int:
        return len(self.counts)

    def offsets(self) -> list[int]:
        """Where each event's sources start in the source columns, and the end."""
        return [0, *accumulate(self.counts)]


def iter_event_chunks(store, chunk: int = CHUNK, *, arrow: bool = True, **filters: Any) -> Iterator[EventChunk]:
    """The events of ``store.iter_event_records(**filters)``, in the same order, ``chunk`` at a time.

    On an SQLite file with ``adbc-driver-sqlite`` installed the chunks are
    read into Arrow (``chunks_arrow.py``: the columns that only pass through
    are Arrow arrays, the others Python lists); ``arrow=False``, or without
    it, as row tuples."""
    from .chunks_arrow import arrow_readable, iter_arrow_chunks

    if arrow and arrow_readable(store):
        yield from iter_arrow_chunks(store, chunk, **filters)
        return
    conditions = event_conditions(**filters)
    # Export order is dated events by (event_date, event_id), then undated ones
    # by event_id. Asked as one ORDER BY (event_date IS NULL, ...), SQLite
    # sorted every event before giving the first; asked in these two parts, it
    # walks the date index and sorts only each date's events by id.
    parts = (
        select(*_EVENT_COLUMNS).where(*conditions, EventRow.event_date.is_not(None))
        .order_by(EventRow.event_date, EventRow.event_id),
        select(*_EVENT_COLUMNS).where(*conditions, EventRow.event_date.is_(None)).order_by(EventRow.event_id),
    )
    with store._reading() as session:
        connection = session.connection()
        sqlite = connection.dialect.name == "sqlite"
        # The statements are built once and each chunk's ids bound as one
        # parameter: SQLAlchemy took longer to build and expand an IN list of
        # 2,000 values than SQLite took to answer it. SQLite reads them from a
        # JSON array; elsewhere they stay an (expanding) IN list.
        if sqlite:
            # the ids' places in the array give the chunk's order: no join to
            # the events (two more index lookups per source) to sort them
            listed = func.json_each(bindparam("ids")).table_valued("key", "value")
            chunk_ids = select(listed.c.value)
            sources_stmt = (
                select(*_SOURCE_COLUMNS)
                .select_from(listed)
                .join(EventMentionRow, EventMentionRow.event_id == listed.c.value)
                .join(MentionRow, MentionRow.id == EventMentionRow.mention_id)
                .order_by(listed.c.key, EventMentionRow.position)
            )
        else:
            chunk_ids = bindparam("ids", expanding=True)
            sources_stmt = (
                select(*_SOURCE_COLUMNS)
                .join(MentionRow, MentionRow.id == EventMentionRow.mention_id)
                .join(EventRow, EventRow.event_id == EventMentionRow.event_id)
                .where(EventMentionRow.event_id.in_(chunk_ids))
                .order_by(*_ORDER, EventMentionRow.position)
            )
        absorbed_stmt = select(EventAliasRow.event_id, EventAliasRow.alias).where(
            EventAliasRow.event_id.in_(chunk_ids))
        for rows in _batches(connection, parts, chunk):
            columns = dict(zip(EVENT_FIELDS, zip(*rows)))
            ids = list(columns["event_id"])
            bound = {"ids": json.dumps(ids) if sqlite else ids}
            sources, counts = _sources(_fetch_all(connection, sources_stmt, bound), ids)
            yield EventChunk(columns, sources, counts, _absorbed(_fetch_all(connection, absorbed_stmt, bound), ids))


def _batches(connection, statements, size: int) -> Iterator[Sequence[Sequence[Any]]]:
    """The rows of ``statements``, one after the other, in batches of ``size``
    (a batch never spans two statements)."""
    for stmt in statements:
        if connection.dialect.name == "sqlite":
            # The plain DB-API cursor: SQLAlchemy's default fetch strategy on
            # SQLite buffers nothing ahead, so every row is still on it.
            cursor = connection.execute(stmt).cursor
            while rows := cursor.fetchmany(size):
                yield rows
        else:
            yield from connection.execute(stmt.execution_options(yield_per=size)).partitions(size)


def _fetch_all(connection, stmt, bound: dict[str, Any]) -> Sequence[Sequence[Any]]:
    result = connection.execute(stmt, bound)
    return result.cursor.fetchall() if connection.dialect.name == "sqlite" else result.all()


def _sources(rows: Sequence[Sequence[Any]], ids: list[str]) -> tuple[dict[str, Sequence[Any]], list[int]]:
    """The source columns of the chunk's events (``ids``, in export order), in that order and then by position."""
    if not rows:
        return {name: () for name in SOURCE_FIELDS} | {"evidence": []}, [0] * len(ids)
    columns: dict[str, Sequence[Any]] = dict(zip(SOURCE_FIELDS, zip(*rows)))
    columns["evidence"] = decode_objects(columns["evidence"])
    per_event = Counter(columns["event_id"])
    return columns, list(map(per_event.__getitem__, ids))  # a Counter: 0 for an event without sources


def _absorbed(rows: Sequence[Sequence[Any]], ids: list[str]) -> list[list[str]]:
    if not rows:
        return [[] for _ in ids]
    found: dict[str, list[str]] = {}
    for event_id, alias in rows:
        found.setdefault(event_id, []).append(alias)
    return [sorted(found[event_id]) if event_id in found else [] for event_id in ids]


def decode_objects(values: Sequence[Any]) -> list[dict[str, Any]]:
    """JSON objects from their stored text, as ``stream._spans`` reads each (an
    empty text or value is ``{}``; a driver may hand them over decoded).

    orjson parses them at about twice the standard library's speed. What it
    refuses (an empty text, a decoded value, NaN, integers past 64 bits) sends
    the chunk to ``json``, value by value, which reads them as the record path
    does; ``null``, ``[]`` and ``{}`` are ``{}`` both ways."""
    try:
        decoded = list(map(_loads, values))
    except (TypeError, ValueError):
        return [_decoded(value) for value in values]
    return decoded if all(decoded) else [value or {} for value in decoded]


def _decoded(value: Any) -> Any:
    if isinstance(value, str):
        return {} if value in _EMPTY else json.loads(value)
    return value or {}


def read_ahead(chunks: Iterable[EventChunk], depth: int = 2) -> Iterator[EventChunk]:
    """``chunks``, read by a thread of their own up to ``depth`` chunks ahead.

    SQLite answers with the GIL released, and pyarrow writes and compresses
    with it released, so while the consumer builds and writes one chunk the
    store reads the next on the other core. The reading thread owns the whole
    iteration (its session and cursors); an error there is raised here, and
    stopping early (an error while writing) stops it at its next chunk."""
    queue: Queue = Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def produce() -> None:
        try:
            for chunk in chunks:
                while not stop.is_set():
                    try:
                        queue.put(chunk, timeout=0.1)
                        break
                    except Full:
                        continue
                if stop.is_set():
                    return
            queue.put(done)
        except BaseException as exc:  # handed to the consumer, raised there
            queue.put(exc)

    thread = threading.Thread(target=produce, name="eventledger-read-ahead", daemon=True)
    thread.start()
    try:
        while (item := queue.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while thread.is_alive():  # let a producer blocked on a full queue see the stop
            try:
                queue.get(timeout=0.1)
            except Empty:
                pass
        thread.join()
