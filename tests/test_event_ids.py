"""Event ids are stable: an id once exported always resolves, to its event or
to the event that absorbed it (store, JSON and CSV exports, web API)."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from fastapi.testclient import TestClient

from eventledger.export import write
from eventledger.pipeline import ingest
from eventledger.records import Document, Event, Mention, Place, Span
from eventledger.serve import create_app
from eventledger.store import Store
from eventledger.store.migrate import alembic_config, current_revision, head_revision
from scratch_stores import scratch_url

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
PG_URL = os.environ.get("EVENTLEDGER_TEST_PG")

KABUL = Place("Kabul", "Afghanistan", "Kabul", None, 34.528, 69.172, 1)
TEXTS = {
    "a.txt": "A roadside bomb exploded in Kabul on Monday, police said.",
    "b.txt": "An explosion hit a police vehicle in Kabul on Monday.",
    "c.txt": "Kabul police said a bomb went off on Monday near the ministry.",
}


@pytest.fixture(params=["sqlite", "postgresql"] if PG_URL else ["sqlite"])
def store(request, tmp_path):
    """A store of three one-sentence reports, on SQLite and (with EVENTLEDGER_TEST_PG) PostgreSQL."""
    with scratch_url(request.param, tmp_path, "ids.sqlite", PG_URL) as url, Store(url) as s:
        for doc_id, text in TEXTS.items():
            assert s.add_document(Document(doc_id, text, published="2021-07-06"), [_mention(doc_id, text)])
        yield s


def _mention(doc_id: str, text: str) -> Mention:
    return Mention(document=doc_id, sentence=Span(0, len(text), text), event_type="Explosions/Remote violence",
                   sub_event_type="Remote explosive/landmine/IED", plover_type="ASSAULT", place=KABUL,
                   event_date="2021-07-05", time_precision=1, published="2021-07-06")


def _event(event_id: str, store: Store, *doc_ids: str) -> Event:
    mentions = [m for doc_id in doc_ids for m in store.mentions(doc_id)]
    return Event(event_id, mentions, event_type="Explosions/Remote violence",
                 sub_event_type="Remote explosive/landmine/IED", plover_type="ASSAULT", place=KABUL,
                 event_date="2021-07-05", time_precision=1)


def test_an_absorbed_id_resolves_to_the_event_that_absorbed_it(store) -> None:
    store.replace_events([_event("E-A", store, "a.txt"), _event("E-B", store, "b.txt"), _event("E-C", store, "c.txt")])
    assert [store.resolve_event_id(i) for i in ("E-A", "E-B", "E-C")] == ["E-A", "E-B", "E-C"]
    assert store.resolve_event_id("E-NEVER") is None

    # a new report shows a and b tell one event: E-B is merged into E-A
    store.upsert_events([_event("E-A", store, "a.txt", "b.txt")], removed_ids=["E-B"])
    assert store.event("E-B") is None
    assert store.resolve_event_id("E-B") == "E-A"
    assert store.absorbed_ids(["E-A"]) == {"E-A": ["E-B"]}
    by_id = {r["event_id"]: r for r in store.event_records()}
    assert by_id["E-A"]["absorbed_ids"] == ["E-B"] and by_id["E-C"]["absorbed_ids"] == []

    # later E-A is itself absorbed: what pointed at it moves along, so no chain grows
    store.upsert_events([_event("E-C", store, "a.txt", "b.txt", "c.txt")], removed_ids=["E-A"])
    assert store.resolve_event_id("E-A") == store.resolve_event_id("E-B") == "E-C"
    assert store.absorbed_ids(["E-C"]) == {"E-C": ["E-A", "E-B"]}

    # a split gives E-A back its own event: its id names it again
    store.upsert_events([_event("E-A", store, "a.txt"), _event("E-C", store, "b.txt", "c.txt")])
    assert store.resolve_event_id("E-A") == "E-A"
    assert store.resolve_event_id("E-B") == "E-C"  # b's report is in E-C now
    assert store.absorbed_ids() == {"E-C": ["E-B"]}


def test_replacing_the_whole_set_keeps_old_ids_resolving(store) -> None:
    store.replace_events([_event("E-A", store, "a.txt"), _event("E-B", store, "b.txt"), _event("E-C", store, "c.txt")])
    store.replace_events([_event("E-X", store, "c.txt", "b.txt"), _event("E-A", store, "a.txt")])
    assert [store.resolve_event_id(i) for i in ("E-A", "E-B", "E-C", "E-X")] == ["E-A", "E-X", "E-X", "E-X"]


def test_the_api_answers_an_absorbed_id_with_the_absorbing_event(store) -> None:
    store.replace_events([_event("E-A", store, "a.txt"), _event("E-B", store, "b.txt")])
    store.upsert_events([_event("E-A", store, "a.txt", "b.txt")], removed_ids=["E-B"])
    with TestClient(create_app(store), base_url="http://127.0.0.1") as client:
        own = client.get("/api/events/E-A")
        assert own.status_code == 200
        assert own.json()["absorbed_from"] is None and own.json()["absorbed_ids"] == ["E-B"]
        old = client.get("/api/events/E-B")
        assert old.status_code == 200, old.text
        body = old.json()
        assert body["event_id"] == "E-A" and body["absorbed_from"] == "E-B"
        assert old.headers["content-location"] == "/api/events/E-A"
        assert {s["document"] for s in body["sources"]} == {"a.txt", "b.txt"}
        assert client.get("/api/events/E-NEVER").status_code == 404


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/corpus/seeds is not there")
def test_ids_exported_after_a_first_batch_resolve_after_the_second(tmp_path) -> None:
    """The issue's case: one report, then the four others, took ids away. The
    report first ingested is the one whose battles and handovers the others
    tell too, so the ids taken away include dated events (an ACLED file lists
    only those)."""
    files = sorted(SEEDS.glob("*.txt"))
    files = files[-1:] + files[:-1]
    meta = str(SEEDS / "meta.jsonl")
    db = f"sqlite:///{tmp_path / 'two-batches.sqlite'}"

    def export(fmt: str) -> str:
        result = subprocess.run([sys.executable, "-m", "eventledger.cli", "export", "--db", db, "--format", fmt],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stdout

    with Store(db) as store:
        ingest([str(files[0])], store, meta=meta, on_error=lambda message: None)
    first = [json.loads(line)["event_id"] for line in export("jsonl").splitlines()]
    assert len(first) >= 5

    with Store(db) as store:
        ingest([str(f) for f in files[1:]], store, meta=meta, on_error=lambda message: None)
        now = {json.loads(line)["event_id"]: json.loads(line) for line in export("jsonl").splitlines()}
        gone = [event_id for event_id in first if event_id not in now]
        assert gone, "the second batch merged nothing away: this test would not test aliases"
        target = {event_id: store.resolve_event_id(event_id) for event_id in first}
        for event_id in first:
            assert target[event_id] in now, event_id
            if event_id in gone:
                assert event_id in now[target[event_id]]["absorbed_ids"]
        with TestClient(create_app(store), base_url="http://127.0.0.1") as client:
            for event_id in first:
                answer = client.get(f"/api/events/{event_id}")
                assert answer.status_code == 200, (event_id, answer.text)
                assert answer.json()["event_id"] == target[event_id]
                assert (answer.json()["absorbed_from"] == event_id) == (event_id in gone)

    # the ACLED CSV lists them too, on the rows of the events that absorbed them
    rows = {row["event_id_cnty"]: row for row in csv.DictReader(io.StringIO(export("acled-csv")))}
    for event_id in gone:
        if target[event_id] in rows:  # (events known only to the year are not in an ACLED file)
            assert event_id in rows[target[event_id]]["absorbed_event_ids"].split("; ")
    assert any(target[event_id] in rows for event_id in gone)


def test_a_store_merged_before_aliases_existed_gets_them_from_the_merge_log(tmp_path) -> None:
    db = f"sqlite:///{tmp_path / 'old.sqlite'}"
    with Store(db) as store:
        for doc_id, text in TEXTS.items():
            store.add_document(Document(doc_id, text, published="2021-07-06"), [_mention(doc_id, text)])
        store.replace_events([_event("E-A", store, "a.txt"), _event("E-B", store, "b.txt")])
        store.upsert_events([_event("E-A", store, "a.txt", "b.txt")], removed_ids=["E-B"],
                            log=[{"action": "merge", "event_id": "E-A", "other_event_id": "E-B",
                                  "reason": "E-B now part of E-A"}])
        config = alembic_config()
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0002")  # as the store was before this version
        assert current_revision(store.engine) == "0002"
    with Store(db) as store:
        assert current_revision(store.engine) == head_revision()
        assert store.resolve_event_id("E-B") == "E-A"


def test_write_lists_absorbed_ids_in_the_csv() -> None:
    record = {"event_id": "E-A", "event_date": "2021-07-05", "time_precision": 1, "absorbed_ids": ["E-B", "E-C"],
              "sources": []}
    out = io.StringIO()
    write([record], "acled-csv", out)
    [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["absorbed_event_ids"] == "E-B; E-C"
