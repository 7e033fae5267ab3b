"""Nothing fails silently, and a failing store gives one line saying what to do.

Silent failures of issue 16 (a missing store created empty, ``--db notaurl``
taken as a file, a missing PostgreSQL driver) and the store faults of issue 17
(disk full while storing or merging, damaged pages, a read-only store or folder).
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import event as sa_event

from eventledger.cli import cli
from eventledger.pipeline import ingest
from eventledger.store import Store, StoreFault
from eventledger.store.errors import URL_HELP
from scratch_stores import scratch_url

# Reports written for these tests: one event each, in a dozen towns, with a
# long paragraph of background so that storing any of them needs new pages.
TOWNS = ("Gao", "Kidal", "Mopti", "Timbuktu", "Segou", "Sikasso", "Kayes", "Koulikoro", "Menaka", "Djenne",
         "Bandiagara", "Niono")
BACKGROUND = " ".join(
    f"In the {n}th century the town was a stop on the caravan road, and its old mosque of mud and palm wood "
    "is still repaired every year by the families of the quarter."
    for n in range(11, 41)
)
META = {"published": "2012-06-09", "publisher": "Wire A"}


def report_text(n: int, town: str, background: bool) -> str:
    event = (f"Rebels attacked the town of {town} on Tuesday, killing {n + 2} soldiers, officials said."
             if n % 2 == 0 else f"Police arrested {n + 3} men in {town} on Thursday, a spokesman said.")
    return f"News from {town}\n{event}\n" + (f"\n{BACKGROUND}\n" if background else "")


def write_reports(folder: Path, count: int, background: bool = False) -> tuple[list[Path], Path]:
    import json

    folder.mkdir()
    paths = []
    for n, town in enumerate(TOWNS[:count]):
        path = folder / f"{n:02d}-{town.lower()}.txt"
        path.write_text(report_text(n, town, background))
        paths.append(path)
    meta = folder / "meta.jsonl"
    meta.write_text("".join(json.dumps({"file": p.name, **META}) + "\n" for p in paths))
    return paths, meta


@pytest.fixture()
def reports(tmp_path) -> tuple[list[Path], Path]:
    """Four short reports."""
    return write_reports(tmp_path / "reports", 4)


@pytest.fixture()
def long_reports(tmp_path) -> tuple[list[Path], Path]:
    """Five reports, each longer than a page of the store."""
    return write_reports(tmp_path / "long-reports", 5, background=True)


def compact(path: Path) -> None:
    """Drop the store's free pages (the migrations leave some), so that writing needs new ones."""
    with sqlite3.connect(path) as connection:
        connection.execute("VACUUM")


def run(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "eventledger.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env=env)


def one_line(result: subprocess.CompletedProcess | object) -> str:
    stderr = result.stderr if hasattr(result, "stderr") else result.output
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    assert "Traceback" not in stderr
    assert len(lines) == 1, stderr
    return lines[0]


def events_of(store: Store) -> list[tuple]:
    return sorted((r["event_id"], r["event_type"], r["location"], tuple(s["document"] for s in r["sources"]))
                  for r in store.event_records())


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


# --------------------------------------------------- silent failures (issue 16)


@pytest.mark.parametrize("command", [["summary"], ["export", "--format", "jsonl"], ["export", "--format", "acled-csv"],
                                     ["serve", "--port", "1"]])
def test_reading_a_store_that_does_not_exist_is_an_error_not_a_new_empty_store(tmp_path, command) -> None:
    missing = tmp_path / "typo.sqlite"
    result = run(*command, "--db", f"sqlite:///{missing}")
    assert result.returncode == 2
    line = one_line(result)
    assert str(missing) in line and "no store" in line
    assert not missing.exists() and list(tmp_path.iterdir()) == []


def test_a_bad_db_value_is_rejected_with_what_urls_look_like(tmp_path) -> None:
    for command in (["summary"], ["export", "--format", "jsonl"], ["ingest", "x.txt"]):
        result = run(*command, "--db", "notaurl", cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        line = one_line(result)
        assert "'notaurl' is not a database URL" in line and URL_HELP in line
    assert list(tmp_path.iterdir()) == []  # no file named notaurl


def test_a_missing_postgresql_driver_names_the_extra(monkeypatch) -> None:
    for module in ("psycopg", "psycopg2"):
        monkeypatch.setitem(sys.modules, module, None)  # as if not installed
    result = CliRunner().invoke(cli, ["export", "--format", "jsonl", "--db", "postgresql://me@db.example/events"])
    assert result.exit_code == 2
    line = one_line(result)
    assert "PostgreSQL driver is not installed" in line and "pip install -e '.[postgres]'" in line


# ------------------------------------------------------- disk full (issue 17)


def fill_disk_when(store: Store, when):
    """Make the store's file unable to grow once ``when()`` is true, as a full
    disk would (SQLite's SQLITE_FULL, through max_page_count). Returns the listener."""

    def on_checkout(dbapi_connection, _record, _proxy) -> None:
        cursor = dbapi_connection.cursor()
        try:
            if when():
                pages = cursor.execute("PRAGMA page_count").fetchone()[0]
                cursor.execute(f"PRAGMA max_page_count = {pages}")
            else:
                cursor.execute("PRAGMA max_page_count = 1073741823")
        finally:
            cursor.close()

    sa_event.listen(store.engine, "checkout", on_checkout)
    return on_checkout


@contextmanager
def disk_full_after(store: Store, *, when):
    listener = fill_disk_when(store, when)
    try:
        yield
    finally:
        sa_event.remove(store.engine, "checkout", listener)


def clean_run(paths, meta, tmp_path) -> list[tuple]:
    with Store(f"sqlite:///{tmp_path / 'clean.sqlite'}") as store:
        ingest([str(p) for p in paths], store, meta=str(meta), on_error=lambda m: None)
        return events_of(store)


def test_disk_full_while_storing_stops_the_batch_cleanly_and_a_rerun_completes_it(tmp_path, long_reports) -> None:
    paths, meta = long_reports
    db = tmp_path / "full.sqlite"
    errors: list[str] = []
    with Store(f"sqlite:///{db}") as store:
        assert ingest([str(paths[0])], store, meta=str(meta)).stored == 1
        compact(db)
        with disk_full_after(store, when=lambda: True):
            report = ingest([str(p) for p in paths[1:]], store, meta=str(meta), on_error=errors.append)
        assert isinstance(report.fault, StoreFault) and report.fault.kind == "full"
        assert "\n" not in str(report.fault) and str(db) in str(report.fault) and "disk space" in str(report.fault)
        assert report.stored == 0 and errors == []  # stopped at once, not one error per document
        assert [d.id for d in store.documents()] == [paths[0].name]
    assert integrity(db) == "ok"
    with Store(f"sqlite:///{db}") as store:
        again = ingest([str(p) for p in paths], store, meta=str(meta))
        assert again.fault is None and again.stored == len(paths) - 1
        assert events_of(store) == clean_run(paths, meta, tmp_path)


def test_disk_full_while_merging_keeps_the_documents_and_a_rerun_merges_them(tmp_path) -> None:
    # a dozen events: writing them needs new pages
    paths, meta = write_reports(tmp_path / "reports", len(TOWNS))
    db = tmp_path / "full.sqlite"
    with Store(f"sqlite:///{db}") as store:
        compact(db)
        stored = []
        original = store.add_document

        def add_and_count(doc, mentions):
            result = original(doc, mentions)
            stored.append(result)
            return result

        store.add_document = add_and_count  # the disk fills once every document is in
        with disk_full_after(store, when=lambda: len(stored) == len(paths)):
            report = ingest([str(p) for p in paths], store, meta=str(meta))
        assert report.fault is not None and report.fault.kind == "full"
        assert report.stored == len(paths)
        assert report.mentions == len(store.mentions()) > 0  # counted though merging failed
        del store.add_document
        assert len(store.documents()) == len(paths) and store.unmerged_mentions()
    assert integrity(db) == "ok"
    with Store(f"sqlite:///{db}") as store:
        again = ingest([str(p) for p in paths], store, meta=str(meta))  # all already known: only merging is left
        assert again.fault is None and again.duplicates == len(paths)
        assert not store.unmerged_mentions()
        assert events_of(store) == clean_run(paths, meta, tmp_path)


def test_disk_full_on_the_command_line_is_one_line_and_exit_1(tmp_path, long_reports, monkeypatch) -> None:
    paths, meta = long_reports
    db = tmp_path / "full.sqlite"
    with Store(f"sqlite:///{db}") as store:
        ingest([str(paths[0])], store, meta=str(meta))
    compact(db)

    import eventledger.store as store_module

    class FullStore(store_module.Store):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            fill_disk_when(self, lambda: True)

    monkeypatch.setattr(store_module, "Store", FullStore)
    result = CliRunner().invoke(cli, ["ingest", *map(str, paths[1:]), "--meta", str(meta), "--db", f"sqlite:///{db}"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert "Traceback" not in result.output and len(lines) == 2, result.output
    assert lines[0].startswith(f"eventledger: store {db} ran out of disk space")
    assert lines[1].startswith(f"read {len(paths) - 1} documents: 0 stored") and lines[1].endswith("stopped early")


# ---------------------------------------------------- damaged store (issue 17)


def test_a_damaged_store_gives_one_line_with_the_way_to_recover(tmp_path, reports) -> None:
    paths, meta = reports
    db = tmp_path / "damaged.sqlite"
    with Store(f"sqlite:///{db}") as store:
        ingest([str(p) for p in paths[:3]], store, meta=str(meta))
    size, page = db.stat().st_size, 4096
    with db.open("r+b") as fh:  # every page but the first two is overwritten
        fh.seek(2 * page)
        fh.write(bytes(range(256)) * ((size - 2 * page) // 256))
    for command in (["summary"], ["export", "--format", "jsonl"], ["ingest", str(paths[3]), "--meta", str(meta)]):
        result = run(*command, "--db", f"sqlite:///{db}")
        assert result.returncode == 1, (command, result.stderr)
        line = one_line(result)
        assert line.startswith(f"eventledger: store {db} is damaged"), line
        assert f"sqlite3 {db} .recover" in line


# --------------------------------------------------- read-only store (issue 17)


@contextmanager
def read_only(*paths: Path):
    """Make files and folders unwritable, even for root (chattr +i) when the tests run as root."""
    if os.geteuid() == 0:
        if not shutil.which("chattr") or subprocess.run(["chattr", "+i", *map(str, paths)]).returncode != 0:
            pytest.skip("running as root on a file system without chattr +i: cannot make a read-only store")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", *map(str, paths)], check=True)
        return
    modes = {p: p.stat().st_mode for p in paths}
    for p in paths:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        yield
    finally:
        for p, mode in modes.items():
            p.chmod(mode)


def test_a_read_only_store_fails_ingest_in_one_line_and_can_still_be_exported(tmp_path, reports) -> None:
    paths, meta = reports
    folder = tmp_path / "archive"
    folder.mkdir()
    db = folder / "ledger.sqlite"
    with Store(f"sqlite:///{db}") as store:
        ingest([str(p) for p in paths[:2]], store, meta=str(meta))
        expected = events_of(store)
    before = sorted(p.name for p in folder.iterdir())
    assert before == ["ledger.sqlite"]  # closed cleanly: no -wal or -shm left

    with read_only(db, folder):
        result = run("ingest", str(paths[2]), "--meta", str(meta), "--db", f"sqlite:///{db}")
        assert result.returncode == 1
        line = one_line(result)
        assert line.startswith(f"eventledger: store {db} is read-only") and "writable" in line
        assert "INSERT" not in line and "caravan" not in line  # neither the SQL nor the report

        # reading commands open it read-only: nothing is created beside it
        exported = run("export", "--format", "jsonl", "--db", f"sqlite:///{db}")
        assert exported.returncode == 0, exported.stderr
        assert len(exported.stdout.splitlines()) == len(expected)
        summary = run("summary", "--db", f"sqlite:///{db}")
        assert summary.returncode == 0, summary.stderr
        assert sorted(p.name for p in folder.iterdir()) == before
        with Store(f"sqlite:///{db}", read_only=True) as store:
            assert events_of(store) == expected


def test_reading_commands_never_write_to_the_store(tmp_path, reports) -> None:
    paths, meta = reports
    db = tmp_path / "ledger.sqlite"
    with Store(f"sqlite:///{db}") as store:
        ingest([str(paths[0])], store, meta=str(meta))
    stamp = (db.stat().st_mtime_ns, db.read_bytes())
    assert run("export", "--format", "acled-csv", "--db", f"sqlite:///{db}").returncode == 0
    assert run("summary", "--db", f"sqlite:///{db}").returncode == 0
    assert (db.stat().st_mtime_ns, db.read_bytes()) == stamp
    with Store(f"sqlite:///{db}", read_only=True) as store, pytest.raises(StoreFault) as fault:
        store.add_document(*_a_document())
    assert fault.value.kind == "read-only"


def _a_document():
    from eventledger.records import Document

    return Document("x.txt", "Police arrested 3 men in Gao on Monday."), []


# ------------------------------------------------- on every backend (SQLite, PostgreSQL)

PG_URL = os.environ.get("EVENTLEDGER_TEST_PG")


@pytest.fixture(params=["sqlite", "postgresql"] if PG_URL else ["sqlite"])
def empty_url(request, tmp_path):
    """Where no store is yet: a file not created, or a scratch PostgreSQL database without tables."""
    with scratch_url(request.param, tmp_path, "ledger.sqlite", PG_URL) as url:
        yield url


def test_read_only_opening_refuses_no_store_and_never_writes(empty_url) -> None:
    from eventledger.records import Document
    from eventledger.store import StoreNotFound

    with pytest.raises(StoreNotFound):
        Store(empty_url, read_only=True)
    with pytest.raises(StoreNotFound):
        Store(empty_url, create=False)
    with Store(empty_url) as store:  # created by a writing command
        assert store.add_document(Document("gao.txt", "Rebels attacked Gao on Tuesday."), [])
    with Store(empty_url, read_only=True) as reader:
        assert [d.id for d in reader.documents()] == ["gao.txt"]
        with pytest.raises(StoreFault) as fault:
            reader.add_document(Document("kidal.txt", "Clashes broke out in Kidal on Monday."), [])
        assert fault.value.kind == "read-only" and "\n" not in str(fault.value)
    with Store(empty_url, read_only=True) as reader:
        assert [d.id for d in reader.documents()] == ["gao.txt"]


def test_the_api_answers_a_store_fault_with_503_and_the_same_line(tmp_path, reports) -> None:
    from fastapi.testclient import TestClient

    from eventledger.serve import create_app

    paths, meta = reports
    db = tmp_path / "damaged.sqlite"
    with Store(f"sqlite:///{db}") as store:
        ingest([str(p) for p in paths[:3]], store, meta=str(meta))
        event_id = store.event_records()[0]["event_id"]
    store = Store(f"sqlite:///{db}", read_only=True)
    size, page = db.stat().st_size, 4096
    with db.open("r+b") as fh:  # damaged while the server runs
        fh.seek(2 * page)
        fh.write(bytes(range(256)) * ((size - 2 * page) // 256))
    try:
        with TestClient(create_app(store), base_url="http://127.0.0.1") as client:
            answer = client.get(f"/api/events/{event_id}")
        assert answer.status_code == 503
        assert answer.json()["detail"].startswith(f"store {db} is damaged") and "\n" not in answer.json()["detail"]
    finally:
        store.close()
