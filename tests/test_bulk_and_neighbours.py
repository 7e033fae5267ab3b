"""The bulk path writes what the one-by-one path writes; the merger's
neighbourhood query finds exactly the mentions whose dates touch the window."""
from __future__ import annotations

import random

from eventledger.records import Document, Mention, Place, Span
from eventledger.store import Store


def _reports(n: int) -> list[tuple[Document, list[Mention]]]:
    from eventledger.bench_merge import synthetic_mentions

    template = Mention(document="t", sentence=Span(0, 40, "Gunmen attacked a checkpoint, killing 3."),
                       event_type="Battles", sub_event_type="Armed clash", plover_type="ASSAULT",
                       actor1="Unidentified Armed Group", fatalities=3, evidence={"trigger": Span(7, 15, "attacked")})
    return synthetic_mentions([template], 0, n, random.Random(3))


def _state(url: str):
    with Store(url, read_only=True) as store:
        records = store.event_records()
        for record in records:
            record.pop("updated_at")
        return records, store.mentions(), [(d.id, d.text) for d in store.documents()]


def test_bulk_load_writes_what_add_document_and_merging_write(tmp_path):
    from eventledger.merge import merge
    from eventledger.store.bulk import assign_ids, bulk_load

    one_by_one = f"sqlite:///{tmp_path}/slow.sqlite"
    with Store(one_by_one) as store:
        for doc, mentions in _reports(120):
            assert store.add_document(doc, mentions)
        events, log = merge(store.mentions())
        store.replace_events(events, log)
    bulk = f"sqlite:///{tmp_path}/bulk.sqlite"
    with Store(bulk) as store:
        batch = _reports(120)
        for doc, mentions in batch:
            assign_ids(doc, mentions)
        events, _ = merge(m for _, mentions in batch for m in mentions)
        assert bulk_load(store, batch, events) == 120
    slow, fast = _state(one_by_one), _state(bulk)
    assert len(slow[0]) < 120  # retellings were merged
    assert fast == slow


def _mention(doc: str, date: str | None, precision: int | None, country: str = "Mali") -> tuple[Document, list]:
    text = f"Fighting was reported ({doc})."
    m = Mention(document=doc, sentence=Span(0, len(text), text), event_type="Battles", event_date=date,
                time_precision=precision, place=Place(country=country))
    return Document(id=doc, text=text), [m]


def test_the_neighbourhood_is_every_mention_whose_dates_touch_the_window(tmp_path):
    cases = {
        "day-inside": ("2021-07-10", 1), "day-40-days-before": ("2021-06-01", 1), "day-after": ("2021-08-05", 1),
        "month-before": ("2021-06", 3), "month-inside": ("2021-07", 3), "year-of-window": ("2021", 4),
        "year-before": ("2020", 4), "undated": (None, None), "year-after": ("2022", 4),
    }
    with Store(f"sqlite:///{tmp_path}/near.sqlite") as store:
        for name, (date, precision) in cases.items():
            store.add_document(*_mention(name, date, precision))
        store.add_document(*_mention("elsewhere", "2021-07-10", 1, country="Niger"))
        found = {m.document for m in store.mentions_near({"Mali"}, "2021-07-08", "2021-07-12")}
    assert found == {"day-inside", "month-inside", "year-of-window", "undated"}


def test_countries_are_merged_apart():
    from eventledger.merge import by_country

    mentions = [_mention(f"d{i}", "2021-07-10", 1, country=c)[1][0] for i, c in enumerate(["Mali", None, "Niger", "Mali"])]
    groups = by_country(mentions)
    assert [[m.document for m in g] for g in groups] == [["d1"], ["d0", "d3"], ["d2"]]
