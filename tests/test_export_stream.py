"""`export` at scale: records streamed (the same as `event_records`), the web
API's filters on the command line, and Parquet with the evidence nested."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from eventledger.store import Store


def run(*args):
    return subprocess.run([sys.executable, "-m", "eventledger.cli", *args], capture_output=True, text=True)


@pytest.mark.parametrize("filters", [
    {},
    {"country": "Afghanistan"},
    {"date_from": "2021-07", "date_to": "2021-07-31", "event_type": ["Battles", "Protests"]},
    {"actor": "taliban", "status": "occurred"},
    {"q": "attack", "disputed": False},
    {"disputed": True},
])
def test_streamed_records_are_the_stored_records(seed_db, filters):
    with Store(seed_db, read_only=True) as store:
        paged = store.event_records(**filters)
        streamed = list(store.iter_event_records(chunk=3, **filters))  # several chunks
    assert paged, filters
    assert json.dumps(streamed) == json.dumps(paged)  # same records, same key order, same event order


def test_cli_export_takes_the_web_apis_filters(seed_db):
    r = run("export", "--db", seed_db, "--format", "jsonl", "--country", "Afghanistan", "--country", "Mali",
            "--date-from", "2021-01", "--event-type", "Battles")
    assert r.returncode == 0, r.stderr
    got = [json.loads(line) for line in r.stdout.splitlines()]
    with Store(seed_db, read_only=True) as store:
        expected = store.event_records(country=["Afghanistan", "Mali"], date_from="2021-01", event_type="Battles")
        everything = store.count_events()
    assert got and [g["event_id"] for g in got] == [e["event_id"] for e in expected]
    assert len(got) < everything
    only_acled = run("export", "--db", seed_db, "--format", "jsonl", "--acled-types-only")
    assert only_acled.stdout and all(json.loads(line)["event_type"] for line in only_acled.stdout.splitlines())
    bad = run("export", "--db", seed_db, "--format", "jsonl", "--date-from", "last week")
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "date_from must be" in bad.stderr


def test_parquet_has_acleds_columns_typed_and_the_evidence_nested(seed_db, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from eventledger.export import ACLED_COLUMNS, EXTRA_COLUMNS

    out = tmp_path / "events.parquet"
    r = run("export", "--db", seed_db, "--format", "parquet", "--out", str(out), "--year-only", "keep")
    assert r.returncode == 0, r.stderr
    table = pq.read_table(out)
    names = table.schema.names
    assert tuple(names[:31]) == ACLED_COLUMNS and tuple(names[31:36]) == EXTRA_COLUMNS
    assert table.schema.field("event_date").type == pa.date32()
    assert table.schema.field("fatalities").type == pa.int32()
    assert table.schema.field("latitude").type == pa.float64()
    with Store(seed_db, read_only=True) as store:
        assert table.num_rows == store.count_events()
        texts = {d.id: d.text for d in store.documents()}
    # the same cells as the ACLED CSV
    csv_out = run("export", "--db", seed_db, "--format", "acled-csv", "--year-only", "keep")
    rows = list(csv.DictReader(io.StringIO(csv_out.stdout)))
    frame = table.to_pylist()
    assert [row["event_id_cnty"] for row in rows] == [row["event_id_cnty"] for row in frame]
    for cells, row in zip(rows, frame):
        for column in ("event_date", "actor1", "inter1", "interaction", "region", "country", "admin1", "source",
                       "source_scale", "notes", "fatalities", "tags"):
            value = row[column]
            assert cells[column] == ("" if value is None else str(value)), column
    # every source carries its evidence, each span pointing into its document's text
    spans = 0
    for row in frame:
        assert row["sources"]
        for source in row["sources"]:
            text = texts[source["document"]]
            assert text[source["start"]:source["end"]] == source["sentence"]
            for _field, span in source["evidence"]:
                assert text[span["start"]:span["end"]] == span["text"]
                spans += 1
    assert spans > 50
    # ids, notes, documents and sentences are written plain (nearly every value
    # distinct), the rest dictionary-encoded
    from eventledger.export_parquet import _DISTINCT

    group = pq.ParquetFile(out).metadata.row_group(0)
    dictionary = {group.column(i).path_in_schema: any("DICTIONARY" in e for e in group.column(i).encodings)
                  for i in range(group.num_columns)}
    assert {"event_id_cnty", "notes", "sources.list.element.sentence"} <= _DISTINCT <= set(dictionary)
    assert not any(dictionary[path] for path in _DISTINCT)
    assert dictionary["actor1"] and dictionary["sources.list.element.publisher"]


def test_parquet_needs_a_file_and_keeps_the_filters(seed_db, tmp_path):
    assert "needs --out" in run("export", "--db", seed_db, "--format", "parquet").stderr
    import pyarrow.parquet as pq

    out = tmp_path / "mali.parquet"
    assert run("export", "--db", seed_db, "--format", "parquet", "--out", str(out), "--country", "Afghanistan").returncode == 0
    countries = set(pq.read_table(out, columns=["country"]).column("country").to_pylist())
    assert countries == {"Afghanistan"}


PG_URL = __import__("os").environ.get("EVENTLEDGER_TEST_PG")


@pytest.mark.skipif(not PG_URL, reason="set EVENTLEDGER_TEST_PG to a scratch PostgreSQL URL")
def test_merge_and_streamed_export_on_postgresql(seed_db, tmp_path):
    """The seed store's documents and mentions, through the interchange into
    PostgreSQL: the same events; streamed through a server-side cursor, the same records."""
    from eventledger.interchange import MentionsWriter, merge_files
    from scratch_stores import drop_everything  # (tests/ is on the path)

    path = tmp_path / "seeds.jsonl"
    with Store(seed_db, read_only=True) as sqlite, MentionsWriter(str(path)) as writer:
        for document in sqlite.documents():
            writer.write(document, sqlite.mentions(document.id))
        expected = sqlite.event_records()
    drop_everything(PG_URL)
    try:
        with Store(PG_URL) as pg:
            report = merge_files([str(path)], pg, on_error=pytest.fail)
            assert report.stored == 5
        with Store(PG_URL, read_only=True) as pg:
            paged = pg.event_records()
            streamed = list(pg.iter_event_records(chunk=4))
            filtered = list(pg.iter_event_records(country="Afghanistan"))
            assert filtered == pg.event_records(country="Afghanistan") and filtered
    finally:
        drop_everything(PG_URL)
    assert json.dumps(streamed) == json.dumps(paged)
    for record in streamed + expected:
        record.pop("updated_at")
    assert streamed == expected
