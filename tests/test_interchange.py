"""Map and reduce apart: `extract --mentions` writes the interchange, `merge`
reads it into a store exactly as `ingest` would have."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import SEEDS  # noqa: E402 (tests/ is on the path)


def run(*args):
    return subprocess.run([sys.executable, "-m", "eventledger.cli", *args], capture_output=True, text=True)


def records(url: str) -> list[dict]:
    from eventledger.store import Store

    with Store(url, read_only=True) as store:
        out = store.event_records()
        documents = [(d.id, d.text, d.published, d.publisher, d.title) for d in store.documents()]
        mentions = store.mentions()
    for record in out:
        record.pop("updated_at")
    return out, documents, mentions


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The seed corpus extracted once into each format (two workers for the Parquet file)."""
    folder = tmp_path_factory.mktemp("mentions")
    out = {}
    for fmt, workers in (("jsonl", "1"), ("parquet", "2")):
        path = folder / f"seeds.{fmt}"
        r = run("extract", str(SEEDS), "--meta", str(SEEDS / "meta.jsonl"), "--mentions", str(path),
                "--workers", workers)
        assert r.returncode == 0, r.stderr
        assert "wrote 5 documents and" in r.stderr
        out[fmt] = path
    return out


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_extract_then_merge_gives_the_store_ingest_gives(tmp_path, seed_db, extracted, fmt):
    db = f"sqlite:///{tmp_path}/merged.sqlite"
    r = run("merge", str(extracted[fmt]), "--db", db)
    assert r.returncode == 0, r.stderr
    assert "read 5 documents: 5 stored" in r.stderr
    merged, ingested = records(db), records(seed_db)
    assert len(ingested[0]) > 20
    assert merged == ingested  # events, ids, order, sources, evidence; documents' texts; every mention


def test_every_field_travels_with_its_evidence_and_document(extracted):
    from eventledger.interchange import read_mentions

    errors: list[str] = []
    by_format = {fmt: list(read_mentions(str(path), errors.append)) for fmt, path in extracted.items()}
    assert not errors
    assert by_format["jsonl"] == by_format["parquet"]  # the two formats carry the same records
    pairs = by_format["jsonl"]
    assert [doc.id for doc, _ in pairs] == sorted(p.name for p in SEEDS.glob("*.txt"))
    lines = [json.loads(line) for line in extracted["jsonl"].read_text().splitlines()]
    for record in lines:
        assert record["version"] == 1 and set(record) == {"version", "document", "mentions"}
        assert record["document"]["text"] and record["document"]["published"]
    record, mention = next((r, m) for r in lines for m in r["mentions"] if m["fatalities"])
    for field in ("event_type", "actor1", "place", "event_date", "evidence", "sentence", "raw", "quantities"):
        assert field in mention
    assert "fatalities" in mention["evidence"]
    text = record["document"]["text"]
    for name, span in mention["evidence"].items():  # every span points into the document's text
        assert text[span["start"]:span["end"]] == span["text"], name


def test_merging_in_pieces_and_twice(tmp_path, seed_db, extracted):
    """Shards merged one after another give the same events; ids that named an
    event between the two merges resolve to it (aliases); merging again adds nothing."""
    from eventledger.interchange import MentionsWriter, read_mentions

    pairs = list(read_mentions(str(extracted["jsonl"]), pytest.fail))
    parts = tmp_path / "parts"
    parts.mkdir()
    for i, chunk in enumerate((pairs[:2], pairs[2:])):
        with MentionsWriter(str(parts / f"part-{i}.parquet")) as writer:
            for doc, mentions in chunk:
                writer.write(doc, mentions)
    db = f"sqlite:///{tmp_path}/pieces.sqlite"
    assert run("merge", str(parts / "part-0.parquet"), "--db", db).returncode == 0
    assert run("merge", str(parts), "--db", db).returncode == 0  # a folder: its files by name
    pieces, whole = records(db), records(seed_db)
    assert pieces[1:] == whole[1:]  # the same documents and mentions
    absorbed = [(r["event_id"], a) for r in pieces[0] for a in r.pop("absorbed_ids")]
    for record in whole[0]:
        record.pop("absorbed_ids")
    assert pieces[0] == whole[0]  # the same events
    from eventledger.store import Store

    with Store(db, read_only=True) as store:
        assert all(store.resolve_event_id(alias) == event_id for event_id, alias in absorbed)
    again = run("merge", str(extracted["parquet"]), "--db", db)
    assert again.returncode == 0 and "0 stored, 5 already known" in again.stderr


def test_bad_records_are_named_and_the_rest_kept(tmp_path, extracted):
    lines = extracted["jsonl"].read_text().splitlines()
    bad = tmp_path / "bad.jsonl"
    broken = json.loads(lines[1])
    broken["mentions"][0]["sentence"]["start"] += 3  # offsets no longer point at the text
    bad.write_text("\n".join([lines[0], json.dumps(broken), "{not json", json.dumps({"events": []}), lines[2]]) + "\n")
    db = f"sqlite:///{tmp_path}/bad.sqlite"
    r = run("merge", str(bad), str(tmp_path / "missing.parquet"), "--db", db)
    assert r.returncode == 1
    errors = [line for line in r.stderr.splitlines() if line.startswith("eventledger:")]
    assert any(f"{bad}:2: a mention's sentence offsets" in e for e in errors), errors
    assert any(f"{bad}:3: malformed JSON" in e for e in errors)
    assert any(f"{bad}:4: not a mentions record" in e for e in errors)
    assert any("missing.parquet: no such file" in e for e in errors)
    assert "2 stored" in r.stderr


def test_the_format_comes_from_the_suffix_or_the_option(tmp_path):
    r = run("extract", str(SEEDS / "000_e5dec9681e61014b.txt"), "--mentions", str(tmp_path / "out.txt"), "--workers", "1")
    assert r.returncode == 1 and "cannot tell the mentions format" in r.stderr
    out = tmp_path / "out.data"
    r = run("extract", str(SEEDS / "000_e5dec9681e61014b.txt"), "--mentions", str(out), "--mentions-format", "parquet",
            "--workers", "1")
    assert r.returncode == 0, r.stderr
    import pyarrow.parquet as pq

    table = pq.read_table(out)
    assert table.num_rows == 1 and table.schema.metadata[b"eventledger.interchange"] == b"1"
    r = run("extract", str(SEEDS / "000_e5dec9681e61014b.txt"), "--mentions", "-", "--workers", "1")
    assert r.returncode == 0 and json.loads(r.stdout.splitlines()[0])["document"]["id"] == "000_e5dec9681e61014b.txt"
