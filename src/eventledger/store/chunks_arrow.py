"""The Parquet export's reader on SQLite: each chunk's columns read straight into Arrow.

``chunks.py`` reads a chunk as row tuples from SQLite's DB-API cursor: a
Python object for every cell, which ``pyarrow`` then reads back one by one
to build its arrays. On a bulk-loaded store of a million events that was
about half of the export's time, more than SQLite's own work. Here the same
chunks (same events, same order, same values) are read with ADBC's SQLite
driver (``adbc-driver-sqlite``), which fills Arrow arrays in C: the columns
that only pass through to the Parquet file (ids, places, coordinates, notes,
the sources' documents and sentences...) never become Python objects, and
only the columns ``export_columns`` maps value by value (dates, actors,
country, types, JSON text, publishers, evidence) are turned into Python
lists (``PYTHON_COLUMNS``).

The driver types each column from the values of a result's first batch (a
column of NULLs there is read as integers, and text after it is an error).
So the events stream in chunks behind one typing row (``_typed_parts``),
and each chunk's sources and absorbed ids come from queries keyed on the
chunk's ids, each read whole as one batch; the consumer casts to the
Parquet schema's types. All of it in one read transaction, as the row
reader does. Without the package, or on another database, ``chunks.py``
reads rows as before.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Float, Integer, literal_column, select, union_all

from .chunks import EVENT_FIELDS, EventChunk, _absorbed, decode_objects
from .db import read_only_uri
from .errors import sqlite_path
from .filters import event_conditions
from .models import EventRow
from .stream import _EVENT_COLUMNS

# what export_columns reads value by value; the other columns stay Arrow arrays
PYTHON_COLUMNS = frozenset({"event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
                            "country", "quantities", "disputes", "updated_at"})
_WHOLE = str(10**9)  # rows per batch: a keyed query's whole result in one batch (nothing is allocated ahead)

# in no order: sorted by (l.key, em.position) in Arrow, which moves two integer
# columns where SQLite's sorter copied every row (a sixth of the query's time)
_SOURCES = ("SELECT l.key, em.position, m.document_id, m.publisher, m.published, m.sentence_text, "
            "m.sentence_start, m.sentence_end, m.evidence FROM json_each(?) AS l "
            "JOIN event_mentions AS em ON em.event_id = l.value JOIN mentions AS m ON m.id = em.mention_id")
_ABSORBED = "SELECT event_id, alias FROM event_aliases WHERE event_id IN (SELECT value FROM json_each(?))"


def _typed_parts(**filters: Any):
    """The events in export order, in the two parts ``chunks.py`` explains
    (dated events by date and id, undated ones by id), each led by one typing
    row (``_typed`` 0, dropped when read): text, integers and floats where the
    events' columns have them, so that the driver types every column right
    even when a column is NULL throughout the first batch. It sorts first
    (empty text before any date or id), so it is in the first batch."""
    conditions = event_conditions(**filters)
    typing_row = select(*(literal_column(_typing_value(column)).label(column.key) for column in _EVENT_COLUMNS),
                        literal_column("0").label("_typed"))

    def part(*where, order):
        events = select(*_EVENT_COLUMNS, literal_column("1").label("_typed")).where(*conditions, *where)
        return union_all(typing_row, events).order_by(*(literal_column(name) for name in order))

    return (part(EventRow.event_date.is_not(None), order=("event_date", "event_id")),
            part(EventRow.event_date.is_(None), order=("event_id",)))


def _typing_value(column) -> str:
    if isinstance(column.type, Float):
        return "0.5"
    if isinstance(column.type, Integer):
        return "0"
    return "''"


def arrow_readable(store) -> bool:
    """Whether ``store`` is an SQLite file and ADBC's SQLite driver is installed."""
    if sqlite_path(store.url) is None:
        return False
    try:
        import adbc_driver_sqlite.dbapi  # noqa: F401
    except ImportError:
        return False
    return True


def iter_arrow_chunks(store, chunk: int, **filters: Any) -> Iterator[EventChunk]:
    """``chunks.iter_event_chunks`` on an SQLite store, read into Arrow."""
    import adbc_driver_sqlite.dbapi as adbc
    import numpy as np
    import pyarrow.compute as pc

    dialect = store.engine.dialect
    connection = adbc.connect(read_only_uri(sqlite_path(store.url)))  # one read transaction throughout
    cursors = []
    try:
        def cursor(batch_rows: str):
            made = connection.cursor()
            made.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": batch_rows})
            cursors.append(made)
            return made

        stream, sources, absorbed = cursor(str(chunk)), cursor(_WHOLE), cursor(_WHOLE)

        def keyed(cur, sql: str, bound: str):
            cur.execute(sql, (bound,))
            return cur.fetch_arrow_table()

        for stmt in _typed_parts(**filters):
            compiled = stmt.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
            stream.execute(str(compiled), tuple(compiled.params[name] for name in compiled.positiontup or ()))
            for batch in stream.fetch_record_batch():
                typed = batch.column(len(EVENT_FIELDS))
                if pc.any(pc.equal(typed, 0)).as_py():  # the typing row: not an event
                    batch = batch.filter(pc.equal(typed, 1))
                if not batch.num_rows:
                    continue
                columns = {}
                for name, column in zip(EVENT_FIELDS, batch.columns):
                    columns[name] = column.to_pylist() if name in PYTHON_COLUMNS else column
                ids = batch.column(0).to_pylist()
                bound = json.dumps(ids)
                found = keyed(sources, _SOURCES, bound)
                found = found.take(pc.sort_indices(found, [("key", "ascending"), ("position", "ascending")]))
                keys = found.column(0).to_numpy()
                counts = np.bincount(keys, minlength=len(ids)).tolist() if len(keys) else [0] * len(ids)
                source_columns = {
                    "document": found.column(2).combine_chunks(),
                    "publisher": tuple(found.column(3).to_pylist()),  # sliced per event as a map key
                    "published": found.column(4).combine_chunks(),
                    "sentence": found.column(5).combine_chunks(),
                    "start": found.column(6).combine_chunks(),
                    "end": found.column(7).combine_chunks(),
                    "evidence": decode_objects(found.column(8).to_pylist()),
                }
                aliases = keyed(absorbed, _ABSORBED, bound)
                yield EventChunk(columns, source_columns, counts,
                                 _absorbed(list(zip(*(column.to_pylist() for column in aliases.columns))), ids))
    finally:
        for made in cursors:
            made.close()
        connection.close()
