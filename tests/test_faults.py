"""The fast part of the fault suite (the long part is ``make fuzz``): one
command over a folder of bad files of every kind mixed with good reports, and
a SIGKILL in the middle of a batch (as tests/test_store.py does to the store
alone, here to the whole ``eventledger ingest``)."""
from __future__ import annotations

from pathlib import Path

from eventledger import fuzz
from eventledger.pieces import LONG_DOCUMENT_CHARS


def good_reports() -> list[tuple[str, str]]:
    reports = [(f"good-{k}.txt", text) for k, text in enumerate(fuzz.GOOD_REPORTS)]
    # long enough, after cleaning, to be extracted in pieces
    reports.append(("good-long.txt", fuzz.distinct_paragraphs(LONG_DOCUMENT_CHARS + 5_000)))
    return reports


def test_one_command_over_bad_files_of_every_kind_keeps_every_good_report(tmp_path: Path):
    corpus = fuzz.make_corpus(tmp_path, good_reports(), random_bad=40)
    server = fuzz.open_socket(corpus)
    try:
        db = tmp_path / "store.sqlite"
        result = fuzz.run_ingest(corpus, db)
    finally:
        server.close()
    assert fuzz.check_run(corpus, result, db) == [], result.stderr
    assert len(corpus.bad) > 60 and len(corpus.good) == 12
    assert fuzz.unmerged(db) == 0
    assert max(len(text) for text in _texts(db)) > LONG_DOCUMENT_CHARS  # the long one was stored whole
    # the file outside the folder was not read
    assert not any("root:x:0:0" in text for text in _texts(db))


def test_sigkill_mid_batch_leaves_a_consistent_store_and_the_next_run_finishes_it(tmp_path: Path):
    corpus = fuzz.make_corpus(tmp_path / "a", good_reports(), special=False)
    clean = tmp_path / "clean.sqlite"
    fuzz.run_ingest(corpus, clean)
    killed = tmp_path / "killed.sqlite"
    assert fuzz.kill_mid_batch(fuzz.ingest_command(corpus, killed), killed, at_least_documents=3)
    assert fuzz.store_problems(killed) == []
    stored = fuzz.stored_documents(killed)
    assert 3 <= len(stored) < len(corpus.good)

    again = fuzz.run_ingest(corpus, killed)
    assert "Traceback" not in again.stderr
    assert fuzz.store_problems(killed) == [] and fuzz.unmerged(killed) == 0
    assert fuzz.stored_documents(killed) == fuzz.stored_documents(clean)
    assert fuzz.event_digest(killed) == fuzz.event_digest(clean)


def _texts(db: Path) -> list[str]:
    import sqlite3

    with sqlite3.connect(db) as connection:
        return [row[0] for row in connection.execute("select text from documents")]
