"""Where the database is and how to connect to it.

SQLite is the default (one file, nothing to install); any SQLAlchemy URL works,
PostgreSQL included. Everything SQLite-specific lives here, so the rest of the
store is plain, portable SQLAlchemy.
"""
from __future__ import annotations

import importlib.util
import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from .errors import POSTGRES_EXTRA, URL_HELP, BadDatabaseURL, MissingDriver, sqlite_path

DEFAULT_URL = "sqlite:///eventledger.sqlite"
ENV_VAR = "EVENTLEDGER_DB"

# Execution option read by the SQLite "begin" hook below. Writers take the
# write lock when their transaction starts: a deferred transaction that reads
# and then writes fails at once (SQLITE_BUSY) when another process committed in
# between, while an immediate one simply waits its turn.
WRITE_OPTIONS = {"eventledger_sqlite_begin": "BEGIN IMMEDIATE"}

# A bare value without "://" is read as an SQLite file when it looks like one;
# anything else ("notaurl") is a mistake, not a file to create.
SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db", ".db3")


def resolve_url(url: str | None = None) -> str:
    """The URL to use: the argument, else ``$EVENTLEDGER_DB``, else a local SQLite file.

    A bare path (no ``://``) is taken as an SQLite file, and ``postgresql://``
    is pointed at whichever PostgreSQL driver is installed.
    """
    url = (url or os.environ.get(ENV_VAR) or DEFAULT_URL).strip()
    if "://" not in url:
        if not _looks_like_a_file(url):
            raise BadDatabaseURL(f"{url!r} is not a database URL: {URL_HELP}")
        url = f"sqlite:///{url}"
    if url.startswith("postgres://"):  # the Heroku spelling
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://") and not _installed("psycopg2") and _installed("psycopg"):
        # SQLAlchemy's default PostgreSQL driver is psycopg2; the package's
        # ``postgres`` extra installs psycopg 3.
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    try:
        make_url(url)
    except ArgumentError:
        raise BadDatabaseURL(f"{url!r} is not a database URL: {URL_HELP}") from None
    return url


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for ``url``. ``read_only`` opens an SQLite file with
    ``mode=ro`` (nothing is created or written, so a store in a read-only folder
    can be read) and a PostgreSQL session as ``default_transaction_read_only``."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        connect_args = {"options": "-c default_transaction_read_only=on"} if read_only and _is_postgres(url) else {}
        try:
            return create_engine(url, pool_pre_ping=True, connect_args=connect_args)
        except (ModuleNotFoundError, NoSuchModuleError) as exc:
            raise _missing_driver(url, exc) from None

    path = sqlite_path(url)
    if read_only and path is not None:
        engine = create_engine("sqlite://", creator=lambda: _connect_read_only(path))
        _configure_sqlite(engine, read_only=True)
        return engine
    if path is not None and not (parsed.database or "").startswith("file:"):
        path.parent.mkdir(parents=True, exist_ok=True)
    # check_same_thread off: pooled connections move between threads (web server).
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
    _configure_sqlite(engine)
    return engine


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection that writes nothing beside the file.

    A WAL database normally needs its ``-shm`` file, which cannot be created in
    a read-only folder; there, when no ``-wal`` file holds uncommitted pages,
    the file is opened ``immutable`` (read as it is on disk, no locks taken).
    """
    return sqlite3.connect(read_only_uri(path), uri=True, timeout=30, check_same_thread=False)


def read_only_uri(path: Path) -> str:
    """The ``file:`` URI that ``_connect_read_only`` opens (also used by the
    Parquet export's Arrow reader, ``chunks_arrow.py``)."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    wal = Path(f"{path}-wal")
    folder_writable = os.access(path.resolve().parent, os.W_OK)
    if not folder_writable and not Path(f"{path}-shm").exists() and not (wal.exists() and wal.stat().st_size):
        uri += "&immutable=1"
    return uri


def _is_postgres(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def _missing_driver(url: str, exc: Exception) -> MissingDriver:
    if _is_postgres(url):
        return MissingDriver(f"the PostgreSQL driver is not installed ({exc}): {POSTGRES_EXTRA}")
    return MissingDriver(f"no driver for {make_url(url).drivername} URLs ({exc}): {URL_HELP}")


def _looks_like_a_file(value: str) -> bool:
    path = Path(value).expanduser()
    return path.suffix.lower() in SQLITE_SUFFIXES or os.sep in value or path.is_file()


def _configure_sqlite(engine: Engine, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy emit BEGIN itself (see _on_begin): the sqlite3 module's
        # own transaction handling skips BEGIN before DDL and SELECT, which
        # would make migrations non-atomic.
        dbapi_connection.isolation_level = None
        if read_only:
            return  # journal settings are writes; a reader takes the file as it is
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
