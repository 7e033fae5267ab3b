"""The ingest and extract commands on odd input: metadata corrected later, JSON
lines under any name, other languages and encodings, -h everywhere."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

import pytest
from click.testing import CliRunner

from eventledger.cli import cli

REPORT = "Rebels attack town\nRebels attacked the town of Gao on Tuesday, killing 4 soldiers, officials said.\n"
FRENCH = ("Attaque à Gao\nDes hommes armés ont attaqué un poste de police dans le nord du Mali mardi, "
          "tuant trois gendarmes, selon des sources sécuritaires. Les assaillants ont pris la fuite vers la "
          "frontière avant l'arrivée des renforts de l'armée malienne.\n")


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def run(*args, stdin=None):
    """The command, run in this process (the spaCy model loads once for all tests)."""
    result = CliRunner().invoke(cli, list(args), input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Result(result.exit_code, result.stdout, result.stderr)


def export(db):
    out = run("export", "--db", db, "--format", "jsonl")
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


def error_lines(stderr: str) -> list[str]:
    assert "Traceback" not in stderr
    return [line for line in stderr.splitlines() if line.startswith("eventledger:")]


def test_every_command_takes_h_for_help():
    runner = CliRunner()
    commands = [[]] + [[name] for name in cli.commands] + [["gazetteer", "build"]]
    for command in commands:
        result = runner.invoke(cli, [*command, "-h"])
        assert result.exit_code == 0, (command, result.output)
        assert result.output.startswith("Usage:"), command


def test_corrected_metadata_updates_the_document_and_its_events(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    db = f"sqlite:///{tmp_path}/t.sqlite"
    meta = tmp_path / "meta.jsonl"
    meta.write_text(json.dumps({"file": "a.txt", "published": "2012-06-06", "publisher": "Wire A"}) + "\n")
    first = run("ingest", str(tmp_path / "a.txt"), "--meta", str(meta), "--db", db)
    assert first.returncode == 0, first.stderr
    (before,) = [e for e in export(db) if e["sub_event_type"] == "Armed clash" or e["event_type"] == "Battles"]
    assert before["event_date"] == "2012-06-05"  # the Tuesday before 6 June 2012

    meta.write_text(json.dumps({"file": "a.txt", "published": "2013-06-06", "publisher": "Wire B"}) + "\n")
    second = run("ingest", str(tmp_path / "a.txt"), "--meta", str(meta), "--db", db)
    assert second.returncode == 0, second.stderr
    assert "0 stored, 1 updated, 0 already known" in second.stderr
    events = export(db)
    (after,) = [e for e in events if e["event_type"] == "Battles"]
    assert after["event_date"] == "2013-06-04"  # the Tuesday before 6 June 2013
    assert {s["published"] for s in after["sources"]} == {"2013-06-06"}
    assert {s["publisher"] for s in after["sources"]} == {"Wire B"}
    assert len(events) == len(export(db))

    with sqlite3.connect(tmp_path / "t.sqlite") as connection:
        assert connection.execute("select published, publisher from documents").fetchall() == [("2013-06-06", "Wire B")]
        # every mention belongs to exactly one event, and every event cites a stored mention
        assert connection.execute("select count(*) from mentions where id not in (select mention_id from event_mentions)").fetchone() == (0,)
        assert connection.execute("select count(*) from (select mention_id from event_mentions group by mention_id having count(*) > 1)").fetchone() == (0,)
        assert connection.execute("select count(*) from events where event_id not in (select event_id from event_mentions)").fetchone() == (0,)

    third = run("ingest", str(tmp_path / "a.txt"), "--meta", str(meta), "--db", db)
    assert "0 stored, 1 already known" in third.stderr
    # read without metadata, a known document keeps what its metadata said
    fourth = run("ingest", str(tmp_path / "a.txt"), "--db", db)
    assert "0 stored, 1 already known" in fourth.stderr


def test_correcting_the_dates_of_every_report_of_one_event_in_one_run(tmp_path):
    other = "Fighting in Gao\nClashes between rebels and the army broke out in Gao on Tuesday, residents said. At least 4 soldiers died.\n"
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(other, encoding="utf-8")
    db = f"sqlite:///{tmp_path}/t.sqlite"
    meta = tmp_path / "meta.jsonl"
    for day in ("2012-06-06", "2013-06-06"):
        meta.write_text("".join(json.dumps({"file": f, "published": day}) + "\n" for f in ("a.txt", "b.txt")))
        r = run("ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--meta", str(meta), "--db", db)
        assert r.returncode == 0, r.stderr
    assert "2 updated" in r.stderr
    (battle,) = [e for e in export(db) if e["event_type"] == "Battles"]
    assert battle["event_date"] == "2013-06-04" and len(battle["sources"]) == 2


def test_a_malformed_meta_line_is_named_and_nothing_is_stored_without_its_metadata(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(REPORT, encoding="utf-8")
    meta = tmp_path / "meta.jsonl"
    meta.write_text(json.dumps({"file": "a.txt", "published": "2012-06-06"}) + "\n{\"file\": \"b.txt\", \n")
    db = f"sqlite:///{tmp_path}/t.sqlite"
    r = run("ingest", str(tmp_path / "docs"), "--meta", str(meta), "--db", db)
    assert r.returncode == 1
    lines = error_lines(r.stderr)
    assert lines[0].startswith(f"eventledger: {meta}:2: malformed JSON")
    assert "no document was read" in lines[1]
    assert "read 0 documents: 0 stored" in r.stderr


def test_extract_input_is_json_lines_whatever_its_name(tmp_path):
    data = tmp_path / "batch.tmp"
    data.write_text(json.dumps({"id": "x1", "text": "Police arrested 12 protesters in Lahore on Saturday."}) + "\n"
                    + "[1, 2]\n" + json.dumps({"id": "x2", "text": REPORT}) + "\n")
    r = run("extract", "--input", str(data), "--published", "2023-05-14")
    assert r.returncode == 1
    assert [json.loads(line)["id"] for line in r.stdout.splitlines()] == ["x1", "x2"]
    (line,) = error_lines(r.stderr)
    assert line == f"eventledger: {data}:2: expected a JSON object, got an array"

    piped = run("extract", "--input", "-", "--published", "2023-05-14", stdin=data.read_text())
    assert [json.loads(line)["id"] for line in piped.stdout.splitlines()] == ["x1", "x2"]
    assert error_lines(piped.stderr) == ["eventledger: <stdin>:2: expected a JSON object, got an array"]


def test_a_report_in_another_language_is_stored_with_a_warning(tmp_path):
    (tmp_path / "fr.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "en.txt").write_text(REPORT, encoding="utf-8")
    db = f"sqlite:///{tmp_path}/t.sqlite"
    r = run("ingest", str(tmp_path), "--db", db)
    assert r.returncode == 0, r.stderr
    (warning,) = error_lines(r.stderr)
    assert warning.startswith("eventledger: warning: ") and "fr.txt" in warning and "French (fr)" in warning
    assert "2 stored" in r.stderr and "1 warnings" in r.stderr


def test_legacy_encodings_are_read_on_request(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Attaque à Gao\nRebels attacked the café in Gao on Tuesday, killing 4 soldiers, officials said.\n".encode("cp1252"))
    db = f"sqlite:///{tmp_path}/t.sqlite"
    refused = run("ingest", str(tmp_path), "--db", db)
    assert refused.returncode == 1
    (line,) = error_lines(refused.stderr)
    assert "latin.txt" in line and "--encoding auto" in line
    read = run("ingest", str(tmp_path), "--db", db, "--encoding", "auto")
    assert read.returncode == 0, read.stderr
    assert any("café in Gao" in s["sentence"] for e in export(db) for s in e["sources"])
    bad = run("ingest", str(tmp_path), "--db", db, "--encoding", "klingon")
    assert bad.returncode == 1 and len(error_lines(bad.stderr)) == 1


@pytest.mark.parametrize("option", [["--max-size", "lots"], ["--max-size", "0"]])
def test_bad_reading_options_fail_in_one_line(tmp_path, option):
    r = run("ingest", str(tmp_path), "--db", f"sqlite:///{tmp_path}/t.sqlite", *option)
    assert r.returncode == 1 and len(error_lines(r.stderr)) == 1
