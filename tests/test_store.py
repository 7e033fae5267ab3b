"""The event store: schema, round trips, idempotence, filters and crash safety."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlalchemy import event as sa_event
from sqlalchemy.exc import IntegrityError

from eventledger.records import Document, Event, Mention, Place, Span
from eventledger.store import AddResult, Store
from eventledger.store.db import DEFAULT_URL, ENV_VAR, resolve_url
from eventledger.store.migrate import current_revision, head_revision
from eventledger.store.models import Base, MentionRow
from eventledger.store.serialize import date_bounds, mention_from_dict, mention_to_dict
from scratch_stores import drop_everything, scratch_url

TABLES = {"documents", "mentions", "events", "event_mentions", "merge_log"}

# Two short reports of the same attack, written for these tests.
TEXT_A = (
    "Kandahar, 12 March 2022. Militants attacked a police checkpoint in Spin Boldak district "
    "on Friday, killing four officers, officials said. The provincial governor promised an inquiry."
)
TEXT_B = (
    "Residents of Spin Boldak say at least five police officers died when gunmen stormed a "
    "checkpoint late on Friday. Dozens of families fled toward the border crossing afterwards."
)
# An unrelated report: a protest in another province.
TEXT_C = (
    "Herat, 3 July 2021. About two hundred shopkeepers marched to the governor's office on Saturday "
    "to demand lower taxes; the march ended peacefully."
)


def span(text: str, piece: str) -> Span:
    start = text.index(piece)
    return Span(start, start + len(piece), piece)


def sentence_of(text: str, piece: str) -> Span:
    """The sentence of ``text`` that contains ``piece``."""
    at = text.index(piece)
    start = text.rfind(". ", 0, at)
    start = 0 if start < 0 else start + 2
    end = text.find(". ", at)
    end = len(text) if end < 0 else end + 1
    return Span(start, end, text[start:end])


def make_document(doc_id: str, text: str, **fields) -> Document:
    defaults = dict(
        published="2022-03-13",
        published_source="meta",
        published_confidence=1.0,
        publisher="Kabul Daily",
        url=f"https://news.example/{doc_id}",
        title="Checkpoint attacked",
        language="en",
        path=f"/corpus/{doc_id}",
        removed=["Subscribe to our newsletter"],
        flags=["test"],
    )
    defaults.update(fields)
    return Document(id=doc_id, text=text, **defaults)


def attack_mention(doc: Document, trigger: str = "attacked", killed_phrase: str = "killing four officers",
                   fatalities: int = 4, **fields) -> Mention:
    text = doc.text
    values = dict(
        document=doc.id,
        sentence=sentence_of(text, trigger),
        event_type="Battles",
        sub_event_type="Armed clash",
        plover_type="ASSAULT",
        plover_mode="firearms",
        status="occurred",
        actor1="Unidentified Armed Group (Afghanistan)",
        assoc_actor_1=None,
        actor2="Police Forces of Afghanistan (2004-2021)",
        assoc_actor_2="Government of Afghanistan (2004-2021)",
        place=Place(
            location="Spin Boldak",
            country="Afghanistan",
            admin1="Kandahar",
            admin2="Spin Boldak",
            latitude=31.0051,
            longitude=66.3996,
            precision=1,
            geonameid=1127110,
            kind="city",
        ),
        event_date="2022-03-11",
        time_precision=1,
        fatalities=fatalities,
        quantities={"killed": fatalities},
        evidence={
            "trigger": span(text, trigger),
            "location": span(text, "Spin Boldak"),
            "fatalities": span(text, killed_phrase),
        },
        raw={"fatalities": killed_phrase},
        publisher=doc.publisher,
        published=doc.published,
        confidence=0.8,
    )
    values.update(fields)
    return Mention(**values)


def protest_mention(doc: Document) -> Mention:
    text = doc.text
    return Mention(
        document=doc.id,
        sentence=sentence_of(text, "marched"),
        event_type="Protests",
        sub_event_type="Peaceful protest",
        plover_type="PROTEST",
        plover_mode="demonstrate",
        actor1="Protesters (Afghanistan)",
        assoc_actor_1="Traders (Afghanistan)",
        place=Place(location="Herat", country="Afghanistan", admin1="Herat", latitude=34.348, longitude=62.199,
                    precision=1, kind="city"),
        event_date="2021-07-03",
        time_precision=1,
        quantities={"participants": 200},
        evidence={"trigger": span(text, "marched")},
        raw={"participants": "About two hundred"},
        publisher="Herat Times",
        published="2021-07-04",
        confidence=0.7,
    )


PG_URL = os.environ.get("EVENTLEDGER_TEST_PG")


@pytest.fixture(params=["sqlite", "postgresql"] if PG_URL else ["sqlite"])
def db_url(request, tmp_path: Path):
    """Each store test runs on SQLite, and on PostgreSQL too when EVENTLEDGER_TEST_PG is set.

    EVENTLEDGER_TEST_PG must name a scratch database: its tables are dropped after each test.
    """
    with scratch_url(request.param, tmp_path, "ledger.sqlite", PG_URL) as url:
        yield url


@pytest.fixture
def store(db_url: str):
    with Store(db_url) as s:
        yield s


@pytest.fixture
def corpus(store: Store):
    """Three stored documents and their mentions."""
    doc_a, doc_b = make_document("a.txt", TEXT_A), make_document("b.txt", TEXT_B, publisher="Frontier Post")
    doc_c = make_document("c.txt", TEXT_C, publisher="Herat Times", published="2021-07-04")
    mention_a = attack_mention(doc_a)
    mention_b = attack_mention(doc_b, trigger="stormed", killed_phrase="at least five police officers died",
                               fatalities=5, actor1="Taliban", assoc_actor_1=None)
    mention_c = protest_mention(doc_c)
    assert store.add_document(doc_a, [mention_a])
    assert store.add_document(doc_b, [mention_b])
    assert store.add_document(doc_c, [mention_c])
    return {"docs": (doc_a, doc_b, doc_c), "mentions": (mention_a, mention_b, mention_c)}


def checkpoint_event(stored, **fields) -> Event:
    """The checkpoint attack, told by reports A and B; ``stored`` are the corpus mentions."""
    mention_a, mention_b = stored[0], stored[1]
    values = dict(
        event_id="AFG-2022-0001",
        mentions=[mention_a, mention_b],
        event_type="Battles",
        sub_event_type="Armed clash",
        plover_type="ASSAULT",
        plover_mode="firearms",
        status="occurred",
        actor1="Taliban",
        assoc_actor_1=None,
        actor2="Police Forces of Afghanistan (2004-2021)",
        assoc_actor_2="Government of Afghanistan (2004-2021)",
        place=mention_a.place,
        event_date="2022-03-11",
        time_precision=1,
        fatalities=4,
        quantities={"killed": 4},
        notes="On 11 March 2022, militants attacked a police checkpoint in Spin Boldak (Kandahar); 4 fatalities.",
        disputes=[
            {
                "field": "fatalities",
                "values": [
                    {"value": 4, "text": "killing four officers", "document": "a.txt"},
                    {"value": 5, "text": "at least five police officers died", "document": "b.txt"},
                ],
            }
        ],
        independent_sources=2,
    )
    values.update(fields)
    return Event(**values)


def protest_event(stored, **fields) -> Event:
    mention_c = stored[2]
    values = dict(
        event_id="AFG-2021-0001",
        mentions=[mention_c],
        event_type="Protests",
        sub_event_type="Peaceful protest",
        plover_type="PROTEST",
        plover_mode="demonstrate",
        actor1="Protesters (Afghanistan)",
        assoc_actor_1="Traders (Afghanistan)",
        place=mention_c.place,
        event_date="2021-07-03",
        time_precision=1,
        quantities={"participants": 200},
        notes="On 3 July 2021, around 200 shopkeepers protested in Herat city (Herat) against taxes.",
    )
    values.update(fields)
    return Event(**values)


# ------------------------------------------------------------------ schema


def test_opening_migrates_to_head(store: Store) -> None:
    assert head_revision() is not None
    assert current_revision(store.engine) == head_revision()
    assert TABLES <= set(inspect(store.engine).get_table_names())


def test_models_match_the_migrated_schema(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(store: Store) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_reopening_keeps_data_and_revision(db_url: str) -> None:
    doc = make_document("a.txt", TEXT_A)
    with Store(db_url) as first:
        first.add_document(doc, [attack_mention(doc)])
    with Store(db_url) as second:
        assert current_revision(second.engine) == head_revision()
        assert second.counts()["documents"] == 1
        assert second.document("a.txt") == doc


def test_url_comes_from_argument_then_environment_then_default(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert resolve_url() == DEFAULT_URL
    monkeypatch.setenv(ENV_VAR, "sqlite:///from-env.sqlite")
    assert resolve_url() == "sqlite:///from-env.sqlite"
    assert resolve_url("sqlite:///given.sqlite") == "sqlite:///given.sqlite"
    assert resolve_url("plain/path.sqlite") == "sqlite:///plain/path.sqlite"

    monkeypatch.delenv(ENV_VAR)
    monkeypatch.chdir(tmp_path)
    with Store() as default_store:
        assert default_store.counts()["documents"] == 0
    assert (tmp_path / "eventledger.sqlite").exists()


def test_migrations_work_from_any_directory(tmp_path: Path, monkeypatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with Store(f"sqlite:///{tmp_path / 'x' / 'nested.sqlite'}") as s:
        assert current_revision(s.engine) == head_revision()


# ------------------------------------------------------- documents, mentions


def test_document_and_mentions_round_trip(store: Store) -> None:
    doc = make_document("a.txt", TEXT_A, title="Checkpoint attacked — Spin Boldak")
    first = attack_mention(doc)
    second = attack_mention(doc, trigger="promised", event_type=None, sub_event_type=None, plover_type="CONSULT",
                            plover_mode="discuss", status="planned", actor1="Government of Afghanistan (2004-2021)",
                            actor2=None, assoc_actor_2=None, place=Place(), event_date=None, time_precision=None,
                            fatalities=None, quantities={}, evidence={}, raw={}, confidence=0.3)
    result = store.add_document(doc, [first, second])

    assert result == AddResult(True, "a.txt")
    assert first.id == first.key() and second.id == second.key()

    assert store.document("a.txt") == doc
    assert store.documents() == [doc]
    assert store.document("missing.txt") is None
    assert store.has_document(doc.hash)
    assert store.mentions("a.txt") == [first, second]
    assert store.mentions() == [first, second]
    assert store.mentions("b.txt") == []
    # offsets point into the stored text
    stored = store.mentions("a.txt")[0]
    assert TEXT_A[stored.sentence.start:stored.sentence.end] == stored.sentence.text


def test_mention_dicts_round_trip(store: Store) -> None:
    doc = make_document("a.txt", TEXT_A)
    mention = attack_mention(doc)
    assert mention_from_dict(mention_to_dict(mention)) == mention


def test_same_text_is_stored_once(store: Store) -> None:
    doc = make_document("a.txt", TEXT_A)
    assert store.add_document(doc, [attack_mention(doc)])

    again = store.add_document(make_document("a.txt", TEXT_A), [attack_mention(doc)])
    assert not again and again.duplicate_of == "a.txt"

    # same cleaned text (up to whitespace) under another name: still one document
    copy = make_document("copy-of-a.txt", "  " + TEXT_A.replace(". ", ".\n\n") + "\n")
    other_name = store.add_document(copy, [attack_mention(copy)])
    assert not other_name and other_name.document_id == "a.txt"
    assert copy.id == "copy-of-a.txt"  # untouched when nothing was stored
    assert store.counts() == {"documents": 1, "mentions": 1, "events": 0, "merge_log": 0}


def test_taken_id_with_different_text_gets_a_suffix(store: Store) -> None:
    original = make_document("report.txt", TEXT_A)
    store.add_document(original, [attack_mention(original)])

    newer = make_document("report.txt", TEXT_B)
    mention = attack_mention(newer, trigger="stormed", killed_phrase="at least five police officers died")
    key_under_old_name = mention.key()
    result = store.add_document(newer, [mention])

    assert result and result.document_id == "report.txt#2" and result.renamed_from == "report.txt"
    assert newer.id == "report.txt#2" and mention.document == "report.txt#2"
    assert mention.id == mention.key() != key_under_old_name
    assert store.document("report.txt#2").text == TEXT_B
    assert store.mentions("report.txt#2") == [mention]

    third = make_document("report.txt", TEXT_C)
    assert store.add_document(third, []).document_id == "report.txt#3"


def test_coinciding_mention_keys_are_suffixed(store: Store) -> None:
    doc = make_document("a.txt", TEXT_A)
    twin_a, twin_b = attack_mention(doc), attack_mention(doc, actor1="Taliban")
    assert twin_a.key() == twin_b.key()
    store.add_document(doc, [twin_a, twin_b])
    assert [m.id for m in store.mentions("a.txt")] == [twin_a.key(), f"{twin_a.key()}-2"]


# ------------------------------------------------------------------ events


def test_events_round_trip(store: Store, corpus) -> None:
    events = [checkpoint_event(corpus["mentions"]), protest_event(corpus["mentions"])]
    store.replace_events(events)

    assert store.event("AFG-2022-0001") == events[0]
    assert store.event("AFG-2021-0001") == events[1]
    assert store.event("nope") is None
    # ordered by event_date, then event_id
    assert store.events() == [events[1], events[0]]

    records = store.event_records()
    assert [r["event_id"] for r in records] == ["AFG-2021-0001", "AFG-2022-0001"]
    for record, event in zip(records, [events[1], events[0]], strict=True):
        updated_at = record.pop("updated_at")
        assert updated_at and updated_at.endswith("+00:00")
        assert record.pop("absorbed_ids") == []  # nothing was merged away
        assert record == event.to_record()
    sources = store.event_records(event_type="Battles")[0]["sources"]
    assert [s["document"] for s in sources] == ["a.txt", "b.txt"]


def test_sources_keep_their_given_order(store: Store, corpus) -> None:
    mentions = corpus["mentions"]
    store.replace_events([checkpoint_event(mentions, mentions=[mentions[1], mentions[0]])])
    assert [m.document for m in store.event("AFG-2022-0001").mentions] == ["b.txt", "a.txt"]


def test_replace_events_replaces_the_whole_set(store: Store, corpus) -> None:
    mentions = corpus["mentions"]
    store.replace_events([checkpoint_event(mentions), protest_event(mentions)])
    before = {r["event_id"]: datetime.fromisoformat(r["updated_at"]) for r in store.event_records()}
    time.sleep(0.01)

    changed = checkpoint_event(mentions, fatalities=5, quantities={"killed": 5})
    store.replace_events([changed, protest_event(mentions)])
    after = {r["event_id"]: datetime.fromisoformat(r["updated_at"]) for r in store.event_records()}
    assert after["AFG-2021-0001"] == before["AFG-2021-0001"]  # unchanged event keeps its timestamp
    assert after["AFG-2022-0001"] > before["AFG-2022-0001"]
    assert store.event("AFG-2022-0001").fatalities == 5

    store.replace_events([protest_event(mentions)])
    assert [e.event_id for e in store.events()] == ["AFG-2021-0001"]
    store.replace_events([])
    assert store.counts()["events"] == 0


def test_upsert_events_touches_only_the_affected_events(store: Store, corpus) -> None:
    mentions = corpus["mentions"]
    store.replace_events([
        checkpoint_event(mentions, mentions=[mentions[0]], fatalities=4),
        checkpoint_event(mentions, event_id="AFG-2022-0002", mentions=[mentions[1]]),
    ])
    merged = checkpoint_event(mentions)  # both reports, one event
    store.upsert_events(
        [merged, protest_event(mentions)],
        removed_ids=["AFG-2022-0002"],
        log=[{"action": "merge", "event_id": "AFG-2022-0001", "other_event_id": "AFG-2022-0002",
              "reason": "same place and day, same target"}],
    )
    assert store.event("AFG-2022-0001") == merged
    assert store.event("AFG-2022-0002") is None
    assert store.event("AFG-2021-0001") == protest_event(mentions)
    assert store.counts()["events"] == 2
    assert [entry["action"] for entry in store.merge_log("AFG-2022-0002")] == ["merge"]


def test_events_must_cite_stored_mentions(store: Store, corpus) -> None:
    store.replace_events([protest_event(corpus["mentions"])])
    stranger = attack_mention(make_document("never-stored.txt", TEXT_A))
    with pytest.raises(ValueError, match="not stored mentions"):
        store.replace_events([checkpoint_event(corpus["mentions"], mentions=[stranger])])
    assert [e.event_id for e in store.events()] == ["AFG-2021-0001"]


def test_duplicate_event_ids_are_rejected(store: Store, corpus) -> None:
    event = protest_event(corpus["mentions"])
    with pytest.raises(ValueError, match="duplicate event ids"):
        store.replace_events([event, event])


def test_merge_log_explains_the_events(store: Store, corpus) -> None:
    mentions = corpus["mentions"]
    log = [
        {"action": "create", "event_id": "AFG-2022-0001", "mention_id": mentions[0].id, "reason": "first report"},
        {"action": "join", "event_id": "AFG-2022-0001", "mention_id": mentions[1].id,
         "reason": "same location, date and sub-event type", "score": 0.91},
        {"action": "create", "event_id": "AFG-2021-0001", "mention_id": mentions[2].id, "reason": "first report"},
    ]
    store.replace_events([checkpoint_event(mentions), protest_event(mentions)], log=log)

    entries = store.merge_log("AFG-2022-0001")
    assert [(e["action"], e["mention_id"]) for e in entries] == [("create", mentions[0].id), ("join", mentions[1].id)]
    assert entries[1]["details"] == {"score": 0.91}
    assert entries[1]["reason"] == "same location, date and sub-event type"
    assert len(store.merge_log()) == 3

    store.replace_events([checkpoint_event(mentions), protest_event(mentions)])  # log=None keeps it
    assert len(store.merge_log()) == 3
    store.replace_events([checkpoint_event(mentions)], log=[])  # a new (empty) explanation replaces it
    assert store.merge_log() == []

    with pytest.raises(ValueError, match="action and an event_id"):
        store.upsert_events([], log=[{"reason": "no action"}])


# ----------------------------------------------------------------- filters


@pytest.fixture
def filtered(store: Store, corpus):
    mentions = corpus["mentions"]
    verbal_doc = make_document("d.txt", "The Taliban said on Monday they would free 300 prisoners next month.",
                               published="2021-07-13")
    verbal = Mention(document="d.txt", sentence=Span(0, len(verbal_doc.text), verbal_doc.text),
                     plover_type="RETREAT", plover_mode="release", status="planned", actor1="Taliban",
                     event_date="2021-07", time_precision=3, quantities={"prisoners_released": 300},
                     publisher="Kabul Daily", published="2021-07-13")
    store.add_document(verbal_doc, [verbal])
    events = [
        checkpoint_event(mentions),
        protest_event(mentions),
        Event(event_id="AFG-2021-0002", mentions=[verbal], plover_type="RETREAT", plover_mode="release",
              status="planned", actor1="Taliban", place=Place(country="Afghanistan", precision=3),
              event_date="2021-07", time_precision=3, quantities={"prisoners_released": 300},
              notes="In July 2021, the Taliban announced they would release 300 prisoners."),
        Event(event_id="AFG-UNDATED", mentions=[mentions[0]], event_type="Battles", sub_event_type="Armed clash",
              plover_type="ASSAULT", actor1="Militia (Unknown 100% gang)", place=Place(country="Pakistan")),
    ]
    store.replace_events(events)
    return events


def ids(events) -> list[str]:
    return [e.event_id for e in events]


def test_filters(store: Store, filtered) -> None:
    assert ids(store.events()) == ["AFG-2021-0002", "AFG-2021-0001", "AFG-2022-0001", "AFG-UNDATED"]
    # a month-precision date overlaps any range that touches the month
    assert ids(store.events(date_from="2021-07-10", date_to="2021-07-31")) == ["AFG-2021-0002"]
    assert ids(store.events(date_from="2021-07-03", date_to="2021-07-03")) == ["AFG-2021-0002", "AFG-2021-0001"]
    assert ids(store.events(date_from="2022")) == ["AFG-2022-0001"]
    assert ids(store.events(date_to="2021-12")) == ["AFG-2021-0002", "AFG-2021-0001"]
    assert ids(store.events(event_type="Battles")) == ["AFG-2022-0001", "AFG-UNDATED"]
    assert ids(store.events(event_type=["Protests", "Battles"], country="Afghanistan")) == [
        "AFG-2021-0001", "AFG-2022-0001"]
    assert ids(store.events(sub_event_type="Peaceful protest")) == ["AFG-2021-0001"]
    assert ids(store.events(plover_type="RETREAT")) == ["AFG-2021-0002"]
    assert ids(store.events(status="planned")) == ["AFG-2021-0002"]
    assert ids(store.events(country="Pakistan")) == ["AFG-UNDATED"]
    assert ids(store.events(admin1="Kandahar")) == ["AFG-2022-0001"]
    # actor: case-insensitive, any actor column, LIKE wildcards taken literally
    assert ids(store.events(actor="taliban")) == ["AFG-2021-0002", "AFG-2022-0001"]
    assert ids(store.events(actor="traders")) == ["AFG-2021-0001"]
    assert ids(store.events(actor="Government of Afghanistan")) == ["AFG-2022-0001"]
    assert ids(store.events(actor="100%")) == ["AFG-UNDATED"]
    assert ids(store.events(actor="0%_")) == []
    # q: every word, in the notes or in a source sentence
    assert ids(store.events(q="prisoners")) == ["AFG-2021-0002"]
    assert ids(store.events(q="gunmen checkpoint")) == ["AFG-2022-0001"]
    assert ids(store.events(q="CHECKPOINT")) == ["AFG-2022-0001", "AFG-UNDATED"]
    assert ids(store.events(q="shopkeepers Herat")) == ["AFG-2021-0001"]
    assert ids(store.events(q="shopkeepers Kandahar")) == []
    assert ids(store.events(disputed=True)) == ["AFG-2022-0001"]
    assert len(store.events(disputed=False)) == 3
    assert ids(store.events(document="b.txt")) == ["AFG-2022-0001"]
    assert ids(store.events(document="a.txt")) == ["AFG-2022-0001", "AFG-UNDATED"]
    # empty values mean "not filtered", as a web form sends them
    assert len(store.events(event_type="", country=None, actor="", disputed=None)) == 4


def test_paging_and_counting(store: Store, filtered) -> None:
    assert store.count_events() == 4
    assert store.count_events(country="Afghanistan") == 3
    assert store.count_events(q="Taliban", status="planned") == 1
    page = store.event_records(limit=2, offset=1)
    assert [r["event_id"] for r in page] == ["AFG-2021-0001", "AFG-2022-0001"]
    assert [r["event_id"] for r in store.event_records(limit=2, offset=1, event_type="Battles")] == ["AFG-UNDATED"]


def test_bad_filters_are_refused(store: Store) -> None:
    with pytest.raises(TypeError, match="evnt_type"):
        store.events(evnt_type="Battles")
    with pytest.raises(ValueError, match="date_from"):
        store.count_events(date_from="last week")


def test_date_bounds() -> None:
    assert date_bounds("2021") == ("2021-01-01", "2021-12-31")
    assert date_bounds("2024-02") == ("2024-02-01", "2024-02-29")
    assert date_bounds("2021-07-06") == ("2021-07-06", "2021-07-06")
    assert date_bounds("2021-13") == (None, None)
    assert date_bounds(None) == (None, None)


# ------------------------------------------------------------ crash safety


def _counts_seen_by_another_connection(url: str) -> tuple[int, int]:
    """Document and mention counts through a separate engine, not the store's pool."""
    engine = create_engine(resolve_url(url))
    try:
        with engine.connect() as connection:
            return (connection.exec_driver_sql("SELECT count(*) FROM documents").scalar(),
                    connection.exec_driver_sql("SELECT count(*) FROM mentions").scalar())
    finally:
        engine.dispose()


def test_a_failing_mention_leaves_nothing_of_its_document(store: Store) -> None:
    good = make_document("a.txt", TEXT_A)
    store.add_document(good, [attack_mention(good)])

    bad = make_document("b.txt", TEXT_B)
    ok_mention = attack_mention(bad, trigger="stormed", killed_phrase="at least five police officers died")
    # status is NOT NULL: the insert fails after the document row was written
    broken = attack_mention(bad, trigger="fled", killed_phrase="at least five police officers died", status=None)
    with pytest.raises(IntegrityError):
        store.add_document(bad, [ok_mention, broken])

    assert _counts_seen_by_another_connection(store.url) == (1, 1)
    assert not store.has_document(bad.hash)
    assert bad.id == "b.txt" and ok_mention.id is None  # caller's objects untouched
    assert store.documents() == [good] and len(store.mentions("a.txt")) == 1

    assert store.add_document(bad, [ok_mention])  # nothing left behind blocks a retry
    assert _counts_seen_by_another_connection(store.url) == (2, 2)


def test_a_crash_after_the_document_row_is_written_rolls_it_back(store: Store) -> None:
    good = make_document("a.txt", TEXT_A)
    store.add_document(good, [attack_mention(good)])

    def explode(mapper, connection, target) -> None:
        raise RuntimeError("simulated crash after the mentions were inserted")

    sa_event.listen(MentionRow, "after_insert", explode)
    try:
        doomed = make_document("b.txt", TEXT_B)
        with pytest.raises(RuntimeError, match="simulated crash"):
            store.add_document(doomed, [attack_mention(doomed, trigger="stormed",
                                                       killed_phrase="at least five police officers died")])
    finally:
        sa_event.remove(MentionRow, "after_insert", explode)

    assert _counts_seen_by_another_connection(store.url) == (1, 1)
    assert store.document("b.txt") is None and store.document("a.txt") == good


def test_a_failing_event_replacement_keeps_the_previous_set(store: Store, corpus, monkeypatch) -> None:
    mentions = corpus["mentions"]
    store.replace_events([checkpoint_event(mentions), protest_event(mentions)], log=[
        {"action": "create", "event_id": "AFG-2022-0001", "reason": "first report"}])
    before = store.event_records()

    from eventledger.store import event_writes

    real_event_columns = event_writes.event_columns
    seen = []

    def fail_on_second(event):
        seen.append(event.event_id)
        if len(seen) == 2:
            raise RuntimeError("simulated crash halfway through the events")
        return real_event_columns(event)

    monkeypatch.setattr(event_writes, "event_columns", fail_on_second)
    with pytest.raises(RuntimeError, match="halfway"):
        store.replace_events([checkpoint_event(mentions, fatalities=9), protest_event(mentions)], log=[])
    monkeypatch.undo()

    assert seen == ["AFG-2022-0001", "AFG-2021-0001"]  # the old rows were already deleted by then
    assert store.event_records() == before
    assert len(store.merge_log()) == 1


INGEST_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from sqlalchemy import event
    from eventledger.records import Document, Mention, Span
    from eventledger.store import Store
    from eventledger.store.models import MentionRow

    url, count, mentions_each, pause_at = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])

    if pause_at >= 0:
        # Stop inside the transaction of document `pause_at`, after its rows were
        # written but before the commit, so the parent can kill us right there.
        @event.listens_for(MentionRow, "after_insert")
        def pause(mapper, connection, target):
            if target.document_id == f"report-{pause_at}.txt" and target.ordinal == mentions_each - 1:
                print("PAUSED", flush=True)
                time.sleep(120)

    store = Store(url)
    for i in range(count):
        sentences = [f"Report {i}, sentence {j}: gunmen fired on a convoy near the pass." for j in range(mentions_each)]
        text = " ".join(sentences)
        mentions, at = [], 0
        for sentence in sentences:
            start = text.index(sentence, at)
            at = start + len(sentence)
            mentions.append(Mention(document=f"report-{i}.txt", sentence=Span(start, at, sentence),
                                    event_type="Battles", sub_event_type="Armed clash", plover_type="ASSAULT",
                                    quantities={"killed": i}, raw={"killed": str(i)}))
        store.add_document(Document(id=f"report-{i}.txt", text=text, title=str(mentions_each)), mentions)
        print(f"COMMITTED {i}", flush=True)
    print("DONE", flush=True)
    """
)


def _run_and_kill(tmp_path: Path, url: str, *, count: int, mentions_each: int, pause_at: int,
                  kill_after: int) -> list[str]:
    """Run the ingest script, SIGKILL it at the chosen moment, return the lines it printed."""
    script = tmp_path / "ingest_loop.py"
    script.write_text(INGEST_SCRIPT)
    process = subprocess.Popen(
        [sys.executable, str(script), url, str(count), str(mentions_each), str(pause_at)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    lines: list[str] = []
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                pytest.fail(f"ingest script ended early: {process.wait()} {process.stderr.read()}")
            lines.append(line.strip())
            if line.startswith("PAUSED") or (pause_at < 0 and len(lines) >= kill_after):
                break
        else:
            pytest.fail("ingest script was too slow")
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()
    return lines


def _assert_only_whole_documents(db_path: Path, url: str, mentions_each: int) -> list[str]:
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()
    with Store(url) as reopened:
        documents = reopened.documents()
        for doc in documents:
            assert len(reopened.mentions(doc.id)) == mentions_each, doc.id
        assert reopened.counts()["mentions"] == mentions_each * len(documents)
        return [doc.id for doc in documents]


def test_sigkill_inside_a_document_transaction_leaves_whole_documents(tmp_path: Path) -> None:
    db_path = tmp_path / "killed.sqlite"
    url = f"sqlite:///{db_path}"
    lines = _run_and_kill(tmp_path, url, count=10, mentions_each=40, pause_at=3, kill_after=0)
    assert lines == ["COMMITTED 0", "COMMITTED 1", "COMMITTED 2", "PAUSED"]

    stored = _assert_only_whole_documents(db_path, url, mentions_each=40)
    assert stored == ["report-0.txt", "report-1.txt", "report-2.txt"]


def test_sigkill_in_the_middle_of_a_batch_leaves_whole_documents(tmp_path: Path) -> None:
    db_path = tmp_path / "killed.sqlite"
    url = f"sqlite:///{db_path}"
    lines = _run_and_kill(tmp_path, url, count=5000, mentions_each=25, pause_at=-1, kill_after=30)
    committed = [line for line in lines if line.startswith("COMMITTED")]

    stored = _assert_only_whole_documents(db_path, url, mentions_each=25)
    # everything reported committed is there; at most the one in flight beyond that
    assert stored[: len(committed)] == [f"report-{i}.txt" for i in range(len(committed))]
    assert len(stored) <= len(committed) + 1


WRITER_SCRIPT = textwrap.dedent(
    """
    import sys
    from eventledger.records import Document, Mention, Span
    from eventledger.store import Store

    url, writer = sys.argv[1], sys.argv[2]
    store = Store(url)
    stored = 0
    for i in range(24):
        # odd texts are the same for every writer, even ones are the writer's own
        text = f"Shared report {i}: shelling hit the market." if i % 2 else f"Writer {writer}, report {i}: a clash."
        doc = Document(id=f"r{i}.txt", text=text)
        stored += bool(store.add_document(doc, [Mention(document=doc.id, sentence=Span(0, len(text), text))]))
    print(stored)
    """
)


def test_concurrent_writers_store_each_text_once(db_url: str, tmp_path: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(WRITER_SCRIPT)
    writers = [subprocess.Popen([sys.executable, str(script), db_url, name], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for name in "abcd"]
    results = [writer.communicate(timeout=120) for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0, 0, 0], [err for _, err in results]
    assert sum(int(out) for out, _ in results) == 4 * 12 + 12

    with Store(db_url) as store:
        documents = store.documents()
        assert len(documents) == 60 == len({doc.hash for doc in documents})
        assert store.counts()["mentions"] == 60
        assert {doc.id for doc in documents if doc.id.startswith("r0.txt")} == {"r0.txt", "r0.txt#2", "r0.txt#3",
                                                                                 "r0.txt#4"}


# -------------------------------------------------------------- PostgreSQL


@pytest.mark.skipif(not PG_URL, reason="set EVENTLEDGER_TEST_PG to a scratch PostgreSQL URL")
def test_postgresql_url_opens_a_migrated_store() -> None:
    """A plain postgresql:// URL works with whichever driver is installed (the suite above covers the rest)."""
    drop_everything(PG_URL)
    try:
        with Store(PG_URL) as pg:
            assert pg.engine.dialect.name == "postgresql"
            assert current_revision(pg.engine) == head_revision()
            assert TABLES <= set(inspect(pg.engine).get_table_names())
            doc = make_document("a.txt", TEXT_A)
            assert pg.add_document(doc, [attack_mention(doc)])
            assert not pg.add_document(replace(doc, id="other.txt"), [])
            assert pg.document("a.txt") == doc
    finally:
        drop_everything(PG_URL)
