"""The Parquet export's column path (store/chunks.py, export_columns.py) writes
the very table the record path (iter_event_records + ParquetEventWriter.write)
writes: on the seed store, and on a bulk-loaded store with what the seeds lack."""
from __future__ import annotations

import os
import random

import pyarrow.parquet as pq
import pytest

from eventledger.export_parquet import ParquetEventWriter
from eventledger.records import Document, Event, Mention, Place, Span
from eventledger.store import Store
from eventledger.store.bulk import assign_ids, bulk_load
from eventledger.store.chunks import read_ahead
from eventledger.store.models import EventAliasRow


def _both(store: Store, tmp_path, chunk: int, year_only: str = "omit", include_verbal: bool = True,
          arrow: bool = True, **filters):
    """The record path's file and the column path's, read back, with the writers
    (``arrow=False``: the column path reading row tuples on SQLite too)."""
    slow, fast = tmp_path / "records.parquet", tmp_path / "columns.parquet"
    with ParquetEventWriter(str(slow), year_only=year_only, row_group=5) as by_record:
        records = store.iter_event_records(chunk=chunk, **filters)
        by_record.write_all(r for r in records if include_verbal or r.get("event_type"))
    with ParquetEventWriter(str(fast), year_only=year_only, row_group=5) as by_column:
        by_column.write_chunks(read_ahead(store.iter_event_chunks(chunk=chunk, arrow=arrow, **filters)),
                               include_verbal=include_verbal)
    assert (by_column.count, by_column.omitted) == (by_record.count, by_record.omitted)
    groups = [[pq.ParquetFile(path).metadata.row_group(i).num_rows
               for i in range(pq.ParquetFile(path).metadata.num_row_groups)] for path in (slow, fast)]
    assert groups[0] == groups[1]  # the same row groups too
    return pq.read_table(slow), pq.read_table(fast)


def _assert_same(expected, got):
    assert got.schema.equals(expected.schema, check_metadata=True)
    for name in expected.schema.names:  # one column at a time, so a failure names it
        assert got.column(name).to_pylist() == expected.column(name).to_pylist(), name
    assert got.equals(expected)


@pytest.mark.parametrize("arrow", [True, False], ids=["arrow", "rows"])
@pytest.mark.parametrize("year_only", ["omit", "keep"])
@pytest.mark.parametrize("filters", [{}, {"country": "Afghanistan"}, {"disputed": True}, {"actor": "forces"},
                                     {"date_from": "2021-07", "q": "taliban kabul"}])
def test_column_path_writes_the_record_paths_table_on_the_seed_store(seed_db, tmp_path, year_only, filters, arrow):
    with Store(seed_db, read_only=True) as store:
        expected, got = _both(store, tmp_path, chunk=3, year_only=year_only, arrow=arrow, **filters)  # several chunks
    assert expected.num_rows > (3 if not filters else 0)
    _assert_same(expected, got)


def _store_with_everything(url: str) -> None:
    """Events with what the seeds may lack: disputes (in French), quantities and a
    crowd's size in words, absorbed ids, dates known to the year, month or
    week (a weekend), no date, several sources per event with a publisher
    repeated and one blank, verbal events, no coordinates, and ids whose
    order is not the dates' (so a chunk's sources must be put in its order)."""
    rng = random.Random(3)
    batch, events = [], []
    kinds = [("Battles", "Armed clash", "Military Forces of Mali", 1), ("Protests", "Peaceful protest", None, 1),
             ("Violence against civilians", "Attack", "Civilians (Mali)", 2), (None, None, "Government of Mali", 3),
             ("Riots", "Mob violence", "Rioters (Mali)", 1)]
    dates = ["2021-07-03", "2021-07", "2021", "2021-07-10", None, "2020-12-31", "2021-07-03"]
    publishers = ["Reuters", "AFP", None, "Reuters", "Le Monde", "Mali Web"]
    for i in range(40):
        event_type, sub_event_type, actor2, precision = kinds[i % len(kinds)]
        date = dates[i % len(dates)]
        if date is None:
            precision = None
        elif len(date) < 10:  # a month (3) or a year (4)
            precision = 3 if len(date) == 7 else 4
        place = Place(location=f"Town {i % 4}", country=("Mali", "Afghanistan", "France")[i % 3],
                      admin1=f"Region {i % 2}", latitude=None if i % 6 == 0 else 12.5 + i,
                      longitude=None if i % 6 == 0 else -8.0 - i, precision=1, kind="city")
        mentions = []
        for k in range(1 + i % 4):
            crowd = "about 300 people" if event_type in ("Protests", "Riots") else "gunmen"
            weekend = "last weekend" if precision == 2 and i % 2 == 0 else "on Saturday"
            text = f"{crowd.capitalize()} gathered in {place.location} {weekend}, report {i}-{k} said — été."
            doc = Document(id=f"d-{i}-{k}", text=text, published="2021-07-12",
                           publisher=publishers[(i + k) % len(publishers)])
            evidence = {"location": Span(text.index(place.location), text.index(place.location) + len(place.location),
                                         place.location)}
            if rng.random() < 0.5:  # key order varies from mention to mention
                evidence = {"trigger": Span(0, len(crowd), crowd), **evidence}
            else:
                evidence["trigger"] = Span(0, len(crowd), crowd)
            evidence["event_date"] = Span(text.index(weekend), text.index(weekend) + len(weekend), weekend)
            if event_type in ("Protests", "Riots"):
                evidence["quantities.participants"] = Span(0, len("about 300"), "About 300")
            m = Mention(document=doc.id, sentence=Span(0, len(text), text), event_type=event_type,
                        sub_event_type=sub_event_type, actor1="Protesters (Mali)" if event_type == "Protests" else
                        "Unidentified Armed Group", actor2=actor2, place=place, event_date=date,
                        time_precision=precision, publisher=doc.publisher, published=doc.published,
                        evidence=evidence)
            assign_ids(doc, [m])
            batch.append((doc, [m]))
            mentions.append(m)
        quantities = {"participants": 300} if event_type in ("Protests", "Riots") else {}
        if i % 5 == 2:
            quantities["killed"] = 4
        disputes = [{"field": "fatalities", "values": [2, 5], "note": "sources disagree — écart"}] if i % 3 == 0 else []
        events.append(Event(
            event_id=f"EV{rng.randrange(10**6):06d}-{i}", mentions=mentions, event_type=event_type,
            sub_event_type=sub_event_type, plover_type="PROTEST" if event_type == "Protests" else "ASSAULT",
            plover_mode="demo" if i % 7 == 0 else None, status=("occurred", "claimed", "threatened")[i % 3],
            actor1=mentions[0].actor1, actor2=actor2, assoc_actor_1="Students (Mali)" if i % 8 == 0 else None,
            place=place, event_date=date, time_precision=precision, fatalities=None if i % 4 == 0 else i % 6,
            quantities=quantities, notes="" if i % 9 == 0 else f"Event {i}: notes with “quotes”.",
            disputes=disputes, independent_sources=len(mentions)))
    store = Store(url)
    bulk_load(store, batch, events)
    with store._writing() as session:  # ids merged into others, as re-merging leaves them
        for n, event in enumerate(events[::4]):
            session.add(EventAliasRow(alias=f"OLD{n:03d}-b", event_id=event.event_id))
            session.add(EventAliasRow(alias=f"OLD{n:03d}-a", event_id=event.event_id))
    store.close()


PG_URL = os.environ.get("EVENTLEDGER_TEST_PG")


@pytest.fixture(params=["sqlite", "postgresql"] if PG_URL else ["sqlite"])
def everything_url(request, tmp_path):
    """The store above, on SQLite and (EVENTLEDGER_TEST_PG set) on PostgreSQL,
    where the rows come through SQLAlchemy and a server-side cursor."""
    from scratch_stores import scratch_url  # tests/ is on the path

    with scratch_url(request.param, tmp_path, "everything.sqlite", PG_URL) as url:
        _store_with_everything(url)
        yield url


@pytest.mark.parametrize("arrow", [True, False], ids=["arrow", "rows"])
@pytest.mark.parametrize("year_only", ["omit", "keep"])
@pytest.mark.parametrize("include_verbal", [True, False])
def test_column_path_writes_the_record_paths_table_on_a_bulk_loaded_store(everything_url, tmp_path, year_only,
                                                                          include_verbal, arrow):
    url = everything_url
    with Store(url, read_only=True) as store:
        expected, got = _both(store, tmp_path, chunk=3, year_only=year_only, include_verbal=include_verbal,
                              arrow=arrow)
        assert store.count_events() == 40
    _assert_same(expected, got)
    rows = got.to_pylist()
    # what the store was built to have is there, so the comparison covered it
    assert any(row["disputes"] and "écart" in row["disputes"] for row in rows)
    assert any(row["absorbed_event_ids"] for row in rows)
    assert any(row["tags"] and row["tags"].startswith("crowd size=around") for row in rows)
    assert any(len(row["sources"]) > 2 for row in rows)
    assert any(dict(row["quantities"]).get("killed") == 4 for row in rows)
    assert (year_only == "keep") == any(row["time_precision"] == 4 for row in rows)
    assert include_verbal == any(row["event_type"] is None for row in rows)


def test_sqlite_chunks_are_read_into_arrow_with_the_same_values_as_rows(tmp_path):
    """On SQLite the chunks come from ADBC's driver (chunks_arrow.py): columns
    that only pass through stay Arrow arrays, and every column holds the values
    the row reader gives, in the same order, sources and absorbed ids included."""
    import pyarrow as pa

    from eventledger.store.chunks_arrow import PYTHON_COLUMNS, arrow_readable

    url = f"sqlite:///{tmp_path / 'everything.sqlite'}"
    _store_with_everything(url)
    with Store(url, read_only=True) as store:
        assert arrow_readable(store)
        by_arrow = list(store.iter_event_chunks(chunk=7))
        by_rows = list(store.iter_event_chunks(chunk=7, arrow=False))
    assert sum(map(len, by_arrow)) == sum(map(len, by_rows)) == 40
    assert len(by_arrow) > 5  # several chunks (a typing row leads each part, so their first holds one less)
    assert isinstance(by_arrow[0].events["event_id"], pa.Array)
    assert not isinstance(by_arrow[0].events["event_date"], pa.Array)
    assert PYTHON_COLUMNS <= set(by_arrow[0].events)

    def column(chunks, part, name):  # one column over every chunk, as Python values
        values = []
        for chunk in chunks:
            got = getattr(chunk, part)[name]
            values += got.to_pylist() if isinstance(got, pa.Array) else list(got)
        return values

    for name in by_rows[0].events:
        assert column(by_arrow, "events", name) == column(by_rows, "events", name), name
    for name in ("document", "publisher", "published", "sentence", "start", "end", "evidence"):
        assert column(by_arrow, "sources", name) == column(by_rows, "sources", name), name
    for part in ("counts", "absorbed"):
        assert sum((getattr(c, part) for c in by_arrow), []) == sum((getattr(c, part) for c in by_rows), []), part


def test_read_ahead_keeps_the_order_raises_the_readers_error_and_stops_when_left():
    import threading

    def chunks(fail_at=None):
        for n in range(10):
            if n == fail_at:
                raise RuntimeError(f"store unreadable at chunk {n}")
            yield [n]

    assert list(read_ahead(chunks(), depth=2)) == [[n] for n in range(10)]
    got = []
    with pytest.raises(RuntimeError, match="chunk 4"):
        for chunk in read_ahead(chunks(fail_at=4)):
            got.append(chunk)
    assert got == [[0], [1], [2], [3]]
    reader = read_ahead(chunks(), depth=1)
    assert next(reader) == [0]
    reader.close()  # the consumer stops early (a failed write): the reading thread ends too
    assert not [t for t in threading.enumerate() if t.name == "eventledger-read-ahead"]
