"""Store.update_document: new metadata and mentions for a stored document, in one transaction."""
from __future__ import annotations

from dataclasses import replace

import pytest

from eventledger.merge import merge_new
from eventledger.pipeline import extract_documents, store_and_merge
from eventledger.records import Document
from eventledger.store import Store

A = "Rebels attack town\nRebels attacked the town of Gao on Tuesday, killing 4 soldiers, officials said.\n"
B = "Fighting in Gao\nClashes between rebels and the army broke out in Gao on Tuesday, residents said. At least 4 soldiers died.\n"


def document(doc_id: str, text: str, published: str) -> Document:
    return Document(id=doc_id, text=text.strip(), published=published, published_source="meta",
                    published_confidence=1.0, path=doc_id)


@pytest.fixture()
def store(tmp_path):
    with Store(f"sqlite:///{tmp_path}/u.sqlite") as s:
        store_and_merge(extract_documents([document("a.txt", A, "2012-06-06"), document("b.txt", B, "2012-06-06")]), s)
        yield s


def snapshot(store: Store):
    return (store.documents(), [(m.id, m.published) for m in store.mentions()],
            sorted((r["event_id"], r["event_date"], len(r["sources"])) for r in store.event_records()))


def test_two_reports_of_one_event_are_one_event_before_any_update(store):
    (battle,) = [r for r in store.event_records() if r["event_type"] == "Battles"]
    assert len(battle["sources"]) == 2 and battle["event_date"] == "2012-06-05"


def test_a_failed_update_leaves_the_store_as_it_was(store, monkeypatch):
    before = snapshot(store)
    stored = store.document("a.txt")
    updated = replace(stored, published="2013-06-06")
    ((doc, mentions),) = list(extract_documents([updated]))

    import eventledger.store as store_module

    def broken(*args, **kwargs):
        raise RuntimeError("disk trouble")

    monkeypatch.setattr(store_module, "mention_row", broken)
    with pytest.raises(RuntimeError):
        store.update_document(doc, mentions)
    assert snapshot(store) == before


def test_an_update_takes_the_events_apart_and_merging_rebuilds_them(store):
    stored = store.document("a.txt")
    ((doc, mentions),) = list(extract_documents([replace(stored, published="2013-06-06", publisher="Wire B")]))
    unmerged = store.update_document(doc, mentions)
    # the new mentions, and the other report's mention of the event taken apart
    assert {m.document for m in unmerged} == {"a.txt", "b.txt"}
    assert store.document("a.txt").published == "2013-06-06" and store.document("a.txt").text == stored.text
    assert {m.id for m in store.unmerged_mentions()} == {m.id for m in unmerged}
    assert any(entry["action"] == "reopen" for entry in store.merge_log())

    merge_new(store, unmerged)
    assert store.unmerged_mentions() == []
    battles = sorted((r["event_date"], len(r["sources"])) for r in store.event_records() if r["event_type"] == "Battles")
    # a year apart now: two events, each with its own report
    assert battles == [("2012-06-05", 1), ("2013-06-04", 1)]


def test_updating_a_document_that_is_not_stored_is_an_error(store):
    with pytest.raises(KeyError):
        store.update_document(document("nope.txt", A, "2012-06-06"), [])


def test_updating_every_report_of_one_event_in_one_run_merges_only_stored_mentions(store):
    updated = [replace(store.document(name), published="2013-06-06") for name in ("a.txt", "b.txt")]
    extracted = list(extract_documents(updated))
    for doc, mentions in extracted:
        for n, m in enumerate(mentions):
            m.id = f"{doc.id}-new-{n}"  # re-extraction may give other mentions than before
    results, _, count = store_and_merge(extracted, store, is_update=lambda doc: True)
    assert count == 2 and results == []
    assert store.unmerged_mentions() == []
    links = [s["document"] for r in store.event_records() for s in r["sources"]]
    assert sorted(links) == sorted(m.document for m in store.mentions())  # each mention in exactly one event
    battles = [r for r in store.event_records() if r["event_type"] == "Battles"]
    assert [(r["event_date"], len(r["sources"])) for r in battles] == [("2013-06-04", 2)]
