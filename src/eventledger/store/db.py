"""Where the database is and how to connect to it.

SQLite is the default (one file, nothing to install); any SQLAlchemy URL works,
PostgreSQL included. Everything SQLite-specific lives here, so the rest of the
store is plain, portable SQLAlchemy.
"""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

DEFAULT_URL = "sqlite:///eventledger.sqlite"
ENV_VAR = "EVENTLEDGER_DB"

# Execution option read by the SQLite "begin" hook below. Writers take the
# write lock when their transaction starts: a deferred transaction that reads
# and then writes fails at once (SQLITE_BUSY) when another process committed in
# between, while an immediate one simply waits its turn.
WRITE_OPTIONS = {"eventledger_sqlite_begin": "BEGIN IMMEDIATE"}


def resolve_url(url: str | None = None) -> str:
    """The URL to use: the argument, else ``$EVENTLEDGER_DB``, else a local SQLite file.

    A bare path (no ``://``) is taken as an SQLite file, and ``postgresql://``
    is pointed at whichever PostgreSQL driver is installed.
    """
    url = url or os.environ.get(ENV_VAR) or DEFAULT_URL
    if "://" not in url:
        url = f"sqlite:///{url}"
    if url.startswith("postgres://"):  # the Heroku spelling
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://") and not _installed("psycopg2") and _installed("psycopg"):
        # SQLAlchemy's default PostgreSQL driver is psycopg2; the package's
        # ``postgres`` extra installs psycopg 3.
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)

    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    # check_same_thread off: pooled connections move between threads (web server).
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
    _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy emit BEGIN itself (see _on_begin): the sqlite3 module's
        # own transaction handling skips BEGIN before DDL and SELECT, which
        # would make migrations non-atomic.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            # WAL: readers (the web server) never block the ingesting writer,
            # and a killed process leaves the database as of its last commit.
            cursor.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL stays consistent after a crash; only a power
            # cut may lose the last commits, which re-ingesting restores.
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        begin = connection.get_execution_options().get("eventledger_sqlite_begin", "BEGIN")
        connection.exec_driver_sql(begin)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None
