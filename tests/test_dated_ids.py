"""Ids start with the day their report was published, so they sort by time; a
store whose event ids predate that is migrated to what the merger now makes,
and every old id keeps resolving."""
from __future__ import annotations

import hashlib
import os

import pytest
from alembic import command

from eventledger.merge import event_id_for, merge
from eventledger.records import Document, Event, Mention, Place, Span, date_stamp, id_digest
from eventledger.store import Store
from eventledger.store.migrate import alembic_config, current_revision, head_revision
from scratch_stores import scratch_url

PG_URL = os.environ.get("EVENTLEDGER_TEST_PG")
KABUL = Place("Kabul", "Afghanistan", "Kabul", None, 34.528, 69.172, 1)
HERAT = Place("Herat", "Afghanistan", "Herat", None, 34.348, 62.199, 1)


def _mention(doc_id: str, text: str, published: str | None, place: Place = KABUL, day: str = "2021-07-05") -> Mention:
    return Mention(document=doc_id, sentence=Span(0, len(text), text), event_type="Explosions/Remote violence",
                   sub_event_type="Remote explosive/landmine/IED", plover_type="ASSAULT", place=place,
                   event_date=day, time_precision=1, published=published)


def test_mention_ids_begin_with_the_publication_day_and_sort_by_it() -> None:
    july = _mention("a.txt", "A bomb exploded in Kabul.", "2021-07-06")
    august = _mention("a.txt", "A bomb exploded in Kabul.", "2021-08-01")
    undated = _mention("a.txt", "A bomb exploded in Kabul.", None)
    assert july.key().startswith("20210706-") and august.key().startswith("20210801-")
    assert undated.key().startswith("00000000-")
    # the day is all that differs: the hash is of the document, sentence, coding and trigger
    assert id_digest(july.key()) == id_digest(august.key()) == id_digest(undated.key())
    assert len(id_digest(july.key())) == 16
    assert sorted([august.key(), undated.key(), july.key()]) == [undated.key(), july.key(), august.key()]


def test_event_ids_begin_with_the_event_date_and_hash_the_earliest_report() -> None:
    early = _mention("a.txt", "A bomb exploded in Kabul.", "2021-07-06")
    late = _mention("b.txt", "Another bomb went off in Kabul.", "2021-08-02")
    for m in (early, late):
        m.id = m.key()
    event_id = event_id_for([late, early], "2021-07-05")  # the earliest report names it, whatever the order
    assert event_id == event_id_for([early, late], "2021-07-05")
    assert event_id.startswith("EL20210705-") and len(event_id) == len("EL20210705-") + 10
    assert event_id[11:] == event_id_for([early], None)[11:] != event_id_for([late], "2021-07-05")[11:]
    # the hash is of the mention id without its day: the hash an id had before ids carried dates
    assert event_id[11:] == hashlib.sha1(id_digest(early.id).encode()).hexdigest()[:10].upper()
    assert event_id_for([early], "2021-07").startswith("EL20210700-")
    assert event_id_for([early], None).startswith("EL00000000-")
    # later events sort after earlier ones
    assert event_id_for([early], "2021-07-04") < event_id < event_id_for([early], "2021-07-06")


def test_date_stamp() -> None:
    assert date_stamp("2021-07-06") == "20210706"
    assert date_stamp("2021-07-06T10:00:00") == "20210706"
    assert date_stamp("2021-07") == "20210700" and date_stamp("2021") == "20210000"
    for no_date in (None, "", "yesterday"):
        assert date_stamp(no_date) == "00000000"
    assert id_digest("3f8a0c1d2e3f4a5b-2") == "3f8a0c1d2e3f4a5b-2"  # an id from before: as it is
    assert id_digest("20210706-3f8a0c1d2e3f4a5b-2") == "3f8a0c1d2e3f4a5b-2"


def _old_key(m: Mention) -> str:
    """A mention id as eventledger made them before ids carried the day."""
    basis = f"{m.document}|{m.sentence.start}|{m.event_type}|{m.sub_event_type}|{m.plover_type}|{m.sentence.start}"
    return hashlib.sha1(basis.encode()).hexdigest()[:16]


def _old_event_id(mentions: list[Mention]) -> str:
    first = min(mentions, key=lambda m: (m.published or "9999", m.document, m.sentence.start))
    return "EL" + hashlib.sha1(first.id.encode()).hexdigest()[:10].upper()


def _to_revision(url: str, revision: str, how) -> None:
    from sqlalchemy import create_engine

    from eventledger.store.db import resolve_url

    engine = create_engine(resolve_url(url))
    try:
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            how(config, revision)
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"] if PG_URL else ["sqlite"])
def old_store_url(request, tmp_path):
    """A store at revision 0003 (before dated ids), on SQLite and PostgreSQL."""
    with scratch_url(request.param, tmp_path, "old.sqlite", PG_URL) as url:
        Store(url).close()
        _to_revision(url, "0003", command.downgrade)
        yield url


def test_a_store_with_undated_event_ids_is_migrated_and_old_ids_resolve(old_store_url) -> None:
    url = old_store_url
    reports = {
        "a.txt": ("A roadside bomb exploded in Kabul on Monday, police said.", "2021-07-06", KABUL, "2021-07-05"),
        "b.txt": ("An explosion hit a police vehicle in Kabul on Monday.", "2021-07-07", KABUL, "2021-07-05"),
        "c.txt": ("A bomb went off in Herat on Thursday.", "2021-07-09", HERAT, "2021-07-08"),
        "d.txt": ("A mine exploded in Herat.", None, HERAT, "2021-07-08"),
    }
    with Store(url, migrate=False) as store:  # written as the older eventledger wrote
        assert current_revision(store.engine) == "0003"
        of: dict[str, Mention] = {}
        for doc_id, (text, published, place, day) in reports.items():
            m = _mention(doc_id, text, published, place, day)
            m.id = _old_key(m)
            assert store.add_document(Document(doc_id, text, published=published), [m])
            of[doc_id] = store.mentions(doc_id)[0]
        a, b, ab, c, d = ([of["a.txt"]], [of["b.txt"]], [of["a.txt"], of["b.txt"]], [of["c.txt"]], [of["d.txt"]])

        def event(ms, place=KABUL, event_id=None):
            return Event(event_id or _old_event_id(ms), ms, event_type="Explosions/Remote violence",
                         sub_event_type="Remote explosive/landmine/IED", plover_type="ASSAULT", place=place,
                         event_date=ms[0].event_date, time_precision=1)

        store.replace_events([event(a), event(b), event(c, HERAT), event(d, HERAT, "MY-OWN-ID")])
        # b's report turned out to tell a's event: b's id is absorbed, and the log says so
        store.upsert_events([event(ab)], removed_ids=[_old_event_id(b)],
                            log=[{"action": "merge", "event_id": _old_event_id(ab), "other_event_id": _old_event_id(b),
                                  "reason": f"{_old_event_id(b)} now part of {_old_event_id(ab)}"}])
        old_ids = {"ab": _old_event_id(ab), "b": _old_event_id(b), "c": _old_event_id(c)}
        assert {e.event_id for e in store.events()} == {old_ids["ab"], old_ids["c"], "MY-OWN-ID"}

    with Store(url) as store:  # opening it migrates it
        assert current_revision(store.engine) == head_revision()
        events = {e.event_id: e for e in store.events()}
        new_ab = "EL20210705-" + old_ids["ab"][2:]  # the event's date, then the same hash
        new_c = "EL20210708-" + old_ids["c"][2:]
        assert set(events) == {new_ab, new_c, "MY-OWN-ID"}
        # what the merger now makes for the same reports, so merging again renames nothing
        for event_id, e in events.items():
            if event_id != "MY-OWN-ID":
                assert event_id_for(e.mentions, e.event_date) == event_id
        assert [m.document for m in events[new_ab].mentions] == ["a.txt", "b.txt"]
        # every id once exported still resolves; absorbed ids follow their event
        assert store.resolve_event_id(old_ids["ab"]) == new_ab
        assert store.resolve_event_id(old_ids["b"]) == new_ab
        assert store.resolve_event_id(old_ids["c"]) == new_c
        assert store.absorbed_ids([new_ab]) == {new_ab: sorted([old_ids["ab"], old_ids["b"]])}
        # the event's history is found under its new id
        [entry] = [e for e in store.merge_log(new_ab) if e["action"] == "merge"]
        assert entry["other_event_id"] == old_ids["b"]  # gone before: it stays as it was named
        assert entry["reason"] == f"{old_ids['b']} now part of {new_ab}"

    _to_revision(url, "0003", command.downgrade)
    with Store(url, migrate=False) as store:
        assert {e.event_id for e in store.events()} == {old_ids["ab"], old_ids["c"], "MY-OWN-ID"}
        assert store.resolve_event_id(new_ab) == old_ids["ab"]
        assert store.resolve_event_id(old_ids["b"]) == old_ids["ab"]
    with Store(url) as store:  # and up again
        assert {e.event_id for e in store.events()} == {new_ab, new_c, "MY-OWN-ID"}
        assert [store.resolve_event_id(i) for i in (old_ids["ab"], old_ids["b"], new_ab)] == [new_ab] * 3


def test_merged_events_of_a_new_store_carry_the_day() -> None:
    ms = [_mention("a.txt", "A roadside bomb exploded in Kabul on Monday.", "2021-07-06"),
          _mention("c.txt", "A bomb went off in Herat on Thursday.", "2021-07-09", HERAT, "2021-07-08")]
    for m in ms:
        m.id = m.key()
    events, _ = merge(ms)
    assert sorted(e.event_id[:11] for e in events) == ["EL20210705-", "EL20210708-"]
