"""Extraction in worker processes (``--workers N``): the same store whatever N,
memory per worker reported, and a worker that dies loses only what it held."""
from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys

import pytest

from eventledger.engine import ExtractorSpec, WorkerStats
from eventledger.records import Document

from conftest import SEEDS  # noqa: E402 (tests/ is on the path)

KILL = "KILL-THIS-WORKER"


def records(url: str) -> list[dict]:
    from eventledger.store import Store

    with Store(url, read_only=True) as store:
        out = store.event_records()
    for record in out:
        record.pop("updated_at")
    return out


@pytest.mark.parametrize("workers", [2, 3])
def test_ingest_gives_the_same_events_ids_and_order_whatever_the_workers(tmp_path, seed_db, workers):
    from eventledger.pipeline import ingest
    from eventledger.store import Store

    url = f"sqlite:///{tmp_path}/w{workers}.sqlite"
    with Store(url) as store:
        report = ingest([str(SEEDS)], store, meta=str(SEEDS / "meta.jsonl"), on_error=lambda m: None, workers=workers)
        assert report.stored == 5 and not report.errors
        assert [d.id for d in store.documents()] == [d.id for d in Store(seed_db, read_only=True).documents()]
    single = records(seed_db)
    assert len(single) > 20
    assert records(url) == single  # same events, same ids, same order, same sources and evidence
    stats = report.workers
    assert isinstance(stats, WorkerStats) and stats.workers == workers
    # five documents make two shards: two workers started, each reporting its peak memory
    assert len(stats.peak_mb) == 2 and all(100 < mb < 4000 for mb in stats.peak_mb.values())


def test_cli_ingest_with_workers_reports_memory_per_worker(tmp_path, seed_db):
    db = f"sqlite:///{tmp_path}/cli.sqlite"
    r = subprocess.run([sys.executable, "-m", "eventledger.cli", "ingest", str(SEEDS), "--meta",
                        str(SEEDS / "meta.jsonl"), "--db", db, "--workers", "2"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    last = r.stderr.strip().splitlines()[-1]
    assert "read 5 documents: 5 stored" in last
    assert "2 workers" in last and "peak memory" in last and "MB per worker" in last
    assert records(db) == records(seed_db)


class _KillingPipe:
    """The spaCy pipeline, except that a text holding KILL kills its process."""

    def __init__(self, nlp):
        self._nlp = nlp

    def __getattr__(self, name):
        return getattr(self._nlp, name)

    def __call__(self, text):
        return self._nlp(text)

    def pipe(self, texts, **options):
        for text in texts:
            if KILL in text:
                os.kill(os.getpid(), signal.SIGKILL)
            yield from self._nlp.pipe([text], **options)


class KillingSpec(ExtractorSpec):
    def build(self):
        extractor = copy.copy(super().build())
        extractor.nlp = _KillingPipe(extractor.nlp)
        return extractor


def _reports(n: int, killer: int | None = None) -> list[Document]:
    docs = []
    for i in range(n):
        text = f"Rebels attacked the town of Gao on Tuesday, killing {i + 2} soldiers, officials said. Report {i}."
        if i == killer:
            text += f" {KILL}"
        docs.append(Document(id=f"r{i}.txt", text=text, published="2012-06-06", path=f"in/r{i}.txt"))
    return docs


def test_a_worker_killed_mid_shard_loses_only_the_document_that_killed_it():
    from eventledger.engine.local import extract_in_workers
    from eventledger.pipeline import extract_documents

    errors: list[str] = []
    stats = WorkerStats()
    got = list(extract_in_workers(_reports(10, killer=5), workers=2, spec=KillingSpec(), on_error=errors.append,
                                  stats=stats))
    assert [doc.id for doc, _ in got] == [f"r{i}.txt" for i in range(10) if i != 5]
    # the one error names the document, and how its worker died
    assert len(errors) == 1 and "in/r5.txt" in errors[0] and "SIGKILL" in errors[0], errors
    assert stats.crashes == 2  # its shard, then the document retried alone
    # what survived is what one process extracts
    alone = {doc.id: mentions for doc, mentions in extract_documents(_reports(10)[:5] + _reports(10)[6:],
                                                                       on_error=errors.append)}
    assert {doc.id: mentions for doc, mentions in got} == alone


def test_workers_keep_input_order_with_more_workers_than_shards():
    from eventledger.engine.local import extract_in_workers

    stats = WorkerStats()
    got = list(extract_in_workers(_reports(3), workers=4, on_error=pytest.fail, stats=stats))
    assert [doc.id for doc, _ in got] == ["r0.txt", "r1.txt", "r2.txt"]
    assert len(stats.peak_mb) == 1  # one shard of work started one worker, not four


def test_extract_cli_output_is_the_same_with_workers(tmp_path):
    args = [sys.executable, "-m", "eventledger.cli", "extract", str(SEEDS), "--meta", str(SEEDS / "meta.jsonl")]
    one = subprocess.run([*args, "--workers", "1"], capture_output=True, text=True)
    two = subprocess.run([*args, "--workers", "2"], capture_output=True, text=True)
    assert one.returncode == two.returncode == 0, two.stderr
    assert one.stdout == two.stdout
    assert len([json.loads(line) for line in two.stdout.splitlines()]) == 5


def test_an_input_of_one_shard_is_extracted_without_starting_workers():
    from eventledger.pipeline import IngestReport, extract_with_workers

    report = IngestReport()
    got = list(extract_with_workers(iter(_reports(3)), 2, pytest.fail, report))
    assert [doc.id for doc, _ in got] == ["r0.txt", "r1.txt", "r2.txt"] and report.workers is None
    got = list(extract_with_workers(iter(_reports(6)), 2, pytest.fail, report))
    assert [doc.id for doc, _ in got] == [f"r{i}.txt" for i in range(6)] and report.workers.peak_mb


def _shifted_meta(tmp_path):
    """The seeds' meta file with every publication a year later: each known
    document then has new metadata, so a second ingest updates all five."""
    lines = []
    for line in (SEEDS / "meta.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry.get("published"):
            entry["published"] = str(int(entry["published"][:4]) + 1) + entry["published"][4:]
        lines.append(json.dumps(entry))
    path = tmp_path / "later.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _seed_files() -> list[str]:
    """The seed reports named one by one (their folder's meta file is not the one given)."""
    return sorted(str(p) for p in SEEDS.glob("*.txt"))


def test_metadata_updates_reach_the_store_the_same_whatever_the_workers(tmp_path):
    # workers hand back copies of the documents, so an update must be known by
    # the document's id and text, not by the object
    from eventledger.pipeline import ingest
    from eventledger.store import Store

    later, files = _shifted_meta(tmp_path), _seed_files()
    urls = {}
    for workers in (1, 2):
        urls[workers] = url = f"sqlite:///{tmp_path}/u{workers}.sqlite"
        with Store(url) as store:
            ingest(files, store, meta=str(SEEDS / "meta.jsonl"), on_error=pytest.fail, workers=workers)
            report = ingest(files, store, meta=str(later), on_error=pytest.fail, workers=workers)
        assert (report.stored, report.updated, report.duplicates) == (0, 5, 0)
    assert records(urls[2]) == records(urls[1])
    assert all(s["published"] >= "2021" for r in records(urls[2]) for s in r["sources"])
