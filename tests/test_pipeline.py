"""The command line end to end on small inputs written here, including bad ones."""
import json
import subprocess
import sys

import pytest

REPORT_A = "Rebels attack town\nRebels attacked the town of Gao on Tuesday, killing 4 soldiers, officials said.\n"
REPORT_B = "Fighting in Gao\nClashes between rebels and the army broke out in Gao on Tuesday, residents said. At least 4 soldiers died.\n"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "eventledger.cli", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT_A)
    (folder / "b.txt").write_text(REPORT_B)
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (folder / "latin1.txt").write_bytes("caf\xe9 au lait, the army said".encode("latin-1"))
    (folder / "bad.jsonl").write_text('{"id": "ok1", "text": "Police arrested 3 men in Gao on Monday.", "published": "2012-06-04"}\n{not json\n')
    meta = tmp_path / "meta.jsonl"
    meta.write_text(json.dumps({"file": "a.txt", "published": "2012-06-06", "publisher": "Wire A"}) + "\n"
                    + json.dumps({"file": "b.txt", "published": "2012-06-06", "publisher": "Wire B"}) + "\n")
    return folder, meta


def test_ingest_keeps_the_good_documents_and_names_each_bad_one(tmp_path, corpus):
    folder, meta = corpus
    db = f"sqlite:///{tmp_path}/t.sqlite"
    r = run("ingest", str(folder), str(tmp_path / "missing.txt"), "--meta", str(meta), "--db", db)
    assert r.returncode == 1
    errors = [line for line in r.stderr.splitlines() if line.startswith("eventledger:")]
    for name in ("empty.txt", "binary.txt", "latin1.txt", "bad.jsonl:2", "missing.txt"):
        assert any(name in line for line in errors), (name, r.stderr)
    out = run("export", "--db", db, "--format", "jsonl")
    assert out.returncode == 0, out.stderr
    records = [json.loads(line) for line in out.stdout.splitlines()]
    docs = {s["document"] for rec in records for s in rec["sources"]}
    assert {"a.txt", "b.txt", "ok1"} <= docs
    battle = [r for r in records if r["event_type"] == "Battles"]
    assert len(battle) == 1 and len(battle[0]["sources"]) == 2  # two reports, one event
    assert battle[0]["fatalities"] == 4


def test_ingesting_twice_changes_nothing(tmp_path, corpus):
    folder, meta = corpus
    db = f"sqlite:///{tmp_path}/t.sqlite"
    run("ingest", str(folder / "a.txt"), str(folder / "b.txt"), "--meta", str(meta), "--db", db)
    first = run("export", "--db", db, "--format", "jsonl").stdout
    again = run("ingest", str(folder / "a.txt"), "--meta", str(meta), "--db", db)
    assert again.returncode == 0
    assert "1 already known" in again.stderr
    assert run("export", "--db", db, "--format", "jsonl").stdout == first


def test_extract_is_stateless_per_document(tmp_path):
    data = tmp_path / "in.jsonl"
    data.write_text(json.dumps({"id": "x1", "text": "Police arrested 12 protesters in Lahore on Saturday."}) + "\n")
    r = run("extract", "--input", str(data), "--published", "2023-05-14", "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    (line,) = r.stdout.splitlines()
    rec = json.loads(line)
    assert rec["id"] == "x1"
    (event,) = [e for e in rec["events"] if e["sub_event_type"] == "Arrests"]
    assert event["event_date"] == "2023-05-13"
    assert event["sources"][0]["document"] == "x1"
    assert set(event) >= {"event_id", "event_date", "time_precision", "event_type", "sub_event_type", "plover_type", "plover_mode", "status", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "fatalities", "quantities", "notes", "sources", "disputes"}


def test_extract_names_actors_as_of_an_export_date(tmp_path):
    data = tmp_path / "in.jsonl"
    data.write_text(json.dumps({"id": "m1", "text": "Myanmar soldiers clashed with Arakan Army fighters in Paletwa on Monday."}) + "\n")
    actors = lambda *extra: {e["actor1"] for e in json.loads(run("extract", "--input", str(data), "--published", "2020-05-05", *extra).stdout)["events"]}  # noqa: E731
    assert "Military Forces of Myanmar (2016-2021)" in actors()
    assert "Military Forces of Myanmar (2016-)" in actors("--names-as-of", "2020-06-01")
    bad = run("extract", "--input", str(data), "--names-as-of", "soon")
    assert bad.returncode != 0 and len(bad.stderr.strip().splitlines()) == 1


def test_extract_rejects_a_bad_date_in_one_line(tmp_path):
    r = run("extract", "--input", str(tmp_path / "x.jsonl"), "--published", "yesterday")
    assert r.returncode != 0
    assert len(r.stderr.strip().splitlines()) == 1


def test_export_formats(tmp_path, corpus):
    folder, meta = corpus
    db = f"sqlite:///{tmp_path}/t.sqlite"
    run("ingest", str(folder / "a.txt"), "--meta", str(meta), "--db", db)
    csv_out = run("export", "--db", db, "--format", "acled-csv").stdout
    assert csv_out.splitlines()[0].startswith("event_id_cnty,event_date,year,time_precision,disorder_type,event_type")
    geo = json.loads(run("export", "--db", db, "--format", "geojson").stdout)
    assert geo["type"] == "FeatureCollection"


def test_unwritable_output_and_bad_user_files_fail_in_one_line(tmp_path):
    from eventledger.store import Store

    Store(f"sqlite:///{tmp_path}/t.sqlite").close()  # an empty store: export reads only existing ones
    r = run("export", "--db", f"sqlite:///{tmp_path}/t.sqlite", "--format", "jsonl", "--out", str(tmp_path / "no" / "such" / "dir" / "x.jsonl"))
    assert r.returncode == 1
    assert len(r.stderr.strip().splitlines()) == 1 and "x.jsonl" in r.stderr
    bad = tmp_path / "actors.json"
    bad.write_text("{not json")
    import os

    env = dict(os.environ, EVENTLEDGER_ACTORS=str(bad))
    data = tmp_path / "in.jsonl"
    data.write_text(json.dumps({"id": "x1", "text": "Police arrested 12 protesters in Lahore on Saturday."}) + "\n")
    r = subprocess.run([sys.executable, "-m", "eventledger.cli", "extract", "--input", str(data), "--published", "2023-05-14"],
                       capture_output=True, text=True, env=env)
    assert r.returncode != 0
    assert "actors.json" in r.stderr and "Traceback" not in r.stderr


def test_a_dateline_is_a_sentence_of_its_own():
    from eventledger.annotate import load_nlp

    nlp = load_nlp()
    assert [s.text for s in nlp("HEBRON, West Bank (AP) Troops shot four people.").sents] == [
        "HEBRON, West Bank (AP)", "Troops shot four people."]
    assert len(list(nlp("Juliaca (Peru) – Thousands of people marched.").sents)) == 2
    # a name with a letter in brackets mid-sentence is no dateline
    assert len(list(nlp("President Biden (D) said the war is over.").sents)) == 1
