"""Incremental merging in a store: order of arrival, merge log, syndicated copies."""
import json
from pathlib import Path

import pytest

from eventledger.pipeline import ingest
from eventledger.store import Store

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"

REPORT = (
    "Rebels storm town of Gao\n"
    "Rebels stormed the town of Gao in northern Mali on Tuesday and freed some 40 prisoners from its jail, officials said.\n"
)
COPY = REPORT + "\nSource link\n\nRead Full Article\n"
OTHER_OUTLET = (
    "Jail attacked in Gao\n"
    "Armed rebels attacked Gao on Tuesday, freeing dozens of inmates, a local official told reporters on Wednesday.\n"
)


def events_of(store):
    """What a user sees, minus store timestamps and the ids merged events absorbed
    (which depend on the order reports arrived in, by design)."""
    out = []
    for rec in store.event_records():
        rec.pop("updated_at", None)
        rec.pop("absorbed_ids", None)
        rec["sources"] = sorted((s["document"], s["start"]) for s in rec["sources"])
        out.append(rec)
    return sorted(out, key=lambda r: r["event_id"])


def ingest_one_by_one(db, files, meta):
    store = Store(db)
    for f in files:
        ingest([str(f)], store, meta=str(meta), on_error=lambda m: None)
    return store


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/corpus/seeds is not there")
def test_arrival_order_does_not_change_the_events(tmp_path):
    files = sorted(SEEDS.glob("*.txt"))
    meta = SEEDS / "meta.jsonl"
    forward = ingest_one_by_one(f"sqlite:///{tmp_path}/a.sqlite", files, meta)
    backward = ingest_one_by_one(f"sqlite:///{tmp_path}/b.sqlite", list(reversed(files)), meta)
    a, b = events_of(forward), events_of(backward)
    assert len(a) > 20
    assert [json.dumps(r, sort_keys=True) for r in a] == [json.dumps(r, sort_keys=True) for r in b]
    # merges across reports are explained in the log
    log = forward.merge_log()
    assert any(entry["action"] == "join" and "same" in entry["reason"] for entry in log)


def test_a_new_report_joins_a_stored_event_and_the_log_says_why(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/t.sqlite")
    tmp_path = tmp_path / "in"
    tmp_path.mkdir()
    (tmp_path / "a.txt").write_text(REPORT)
    (tmp_path / "b.txt").write_text(OTHER_OUTLET)
    meta = tmp_path / "meta.jsonl"
    meta.write_text(json.dumps({"file": "a.txt", "published": "2012-06-06", "publisher": "Wire A"}) + "\n"
                    + json.dumps({"file": "b.txt", "published": "2012-06-07", "publisher": "Paper B"}) + "\n")
    ingest([str(tmp_path / "a.txt")], store, meta=str(meta))
    (first,) = [e for e in store.events() if e.event_type == "Battles"]
    ingest([str(tmp_path / "b.txt")], store, meta=str(meta))
    (battle,) = [e for e in store.events() if e.event_type == "Battles"]
    assert battle.event_id == first.event_id  # the earliest report names the event
    assert {m.document for m in battle.mentions} == {"a.txt", "b.txt"}
    assert battle.independent_sources == 2
    joins = [e for e in store.merge_log(battle.event_id) if e["action"] == "join"]
    assert joins and "Gao" in joins[0]["reason"]


def test_a_syndicated_copy_is_not_independent_corroboration(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/t.sqlite")
    tmp_path = tmp_path / "in"
    tmp_path.mkdir()
    (tmp_path / "a.txt").write_text(REPORT)
    (tmp_path / "copy.txt").write_text(COPY.replace("officials said", "officials told reporters"))
    meta = tmp_path / "meta.jsonl"
    meta.write_text(json.dumps({"file": "a.txt", "published": "2012-06-06", "publisher": "Wire A"}) + "\n"
                    + json.dumps({"file": "copy.txt", "published": "2012-06-06", "publisher": "Aggregator"}) + "\n")
    ingest([str(tmp_path)], store, meta=str(meta))
    (battle,) = [e for e in store.events() if e.event_type == "Battles"]
    assert {m.document for m in battle.mentions} == {"a.txt", "copy.txt"}
    assert battle.independent_sources == 1


def test_mentions_left_unmerged_by_a_crash_are_merged_by_the_next_ingest(tmp_path, monkeypatch):
    import eventledger.pipeline as pipeline

    store = Store(f"sqlite:///{tmp_path}/t.sqlite")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT)
    (folder / "b.txt").write_text(OTHER_OUTLET)

    def crash(*_):
        raise RuntimeError("killed while merging")

    monkeypatch.setattr(pipeline, "merge_new", crash)
    with pytest.raises(RuntimeError):
        ingest([str(folder / "a.txt")], store, on_error=lambda m: None)
    assert store.unmerged_mentions() and store.count_events() == 0
    monkeypatch.undo()
    ingest([str(folder / "b.txt")], store, on_error=lambda m: None)
    assert store.unmerged_mentions() == []
    docs = {m.document for e in store.events() for m in e.mentions}
    assert docs == {"a.txt", "b.txt"}
