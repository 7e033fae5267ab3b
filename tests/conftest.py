"""Shared fixtures, and a line in the test summary saying what ran on PostgreSQL.

Store and API tests run on SQLite, and on PostgreSQL as well when
EVENTLEDGER_TEST_PG names a scratch database (``scripts/with-postgres.sh``,
which ``make test`` and CI use, starts a private server and sets it); their
PostgreSQL runs carry ``postgresql`` in their test ids.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
PG_URL = os.environ.get("EVENTLEDGER_TEST_PG")


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> str:
    """An SQLite store of the five seed reports, ingested once per session (read it, do not write)."""
    if not SEEDS.exists():
        pytest.skip("../shared/corpus/seeds is not there")
    from eventledger.pipeline import ingest
    from eventledger.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('seeds') / 'seeds.sqlite'}"
    with Store(url) as store:
        report = ingest([str(SEEDS)], store, meta=str(SEEDS / "meta.jsonl"), on_error=lambda message: None)
    assert report.stored == 5 and not report.errors
    return url


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not PG_URL:
        terminalreporter.write_line("PostgreSQL: not tested (EVENTLEDGER_TEST_PG is not set; scripts/with-postgres.sh sets it)")
        return
    counts = {
        outcome: sum(1 for report in terminalreporter.stats.get(outcome, [])
                     if "postgresql" in getattr(report, "nodeid", "") and getattr(report, "when", "call") == "call")
        for outcome in ("passed", "failed", "error", "skipped")
    }
    terminalreporter.write_line(
        f"PostgreSQL: {counts['passed']} store and API tests passed on {_pg_version()}, "
        f"{counts['failed'] + counts['error']} failed, {counts['skipped']} skipped"
    )


def _pg_version() -> str:
    try:
        from sqlalchemy import create_engine, text

        from eventledger.store.db import resolve_url

        engine = create_engine(resolve_url(PG_URL))
        try:
            with engine.connect() as connection:
                return "PostgreSQL " + str(connection.execute(text("SHOW server_version")).scalar())
        finally:
            engine.dispose()
    except Exception as exc:  # noqa: BLE001 - a summary line must not fail the run
        return f"PostgreSQL (version unknown: {type(exc).__name__})"
