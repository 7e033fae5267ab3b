"""What can go wrong with a store, as one-line messages that say what to do.

Database drivers report trouble as exceptions that print the SQL, its
parameters (whole report texts) and a link; users need one line naming the
store and the fix. ``classify`` turns the driver's error into a
:class:`StoreFault` when the store itself is at fault (disk full, damaged
pages, read-only, locked); anything else is left to the caller.

    try:
        store.add_document(doc, mentions)
    except StoreFault as fault:   # stop the batch: every next write would fail too
        print(f"eventledger: {fault}")
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

URL_HELP = (
    "give an SQLite file as sqlite:///path/to/ledger.sqlite (or a path ending in .sqlite), "
    "or a server as postgresql://user:password@host:5432/dbname"
)
POSTGRES_EXTRA = "pip install -e '.[postgres]' (or pip install 'eventledger[postgres]')"

# SQLite's primary result codes (https://sqlite.org/rescode.html)
_SQLITE_READONLY, _SQLITE_CORRUPT, _SQLITE_CANTOPEN, _SQLITE_FULL, _SQLITE_NOTADB = 8, 11, 14, 13, 26
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_IOERR, _SQLITE_PERM = 5, 6, 10, 3
# PostgreSQL SQLSTATEs
_PG_DISK_FULL = ("53100",)
_PG_READ_ONLY = ("25006",)
_PG_DAMAGED = ("XX001", "XX002")


class StoreError(Exception):
    """A store that cannot be used as asked; ``str()`` is one line.

    ``exit_code`` is what the command line exits with: 2 when the command was
    pointed at the wrong thing (no such store, a malformed URL, a missing
    driver), 1 for a fault of the store itself.
    """

    exit_code = 1


class BadDatabaseURL(StoreError, ValueError):
    exit_code = 2


class MissingDriver(StoreError):
    exit_code = 2


class StoreNotFound(StoreError):
    exit_code = 2


class StoreFault(StoreError):
    """The store itself failed: ``kind`` is ``full``, ``damaged``, ``read-only``,
    ``locked`` or ``unreadable``."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def store_label(url: str) -> str:
    """How a message names a store: the file of an SQLite store, else its URL without password."""
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - a label must never fail
        return url
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        return str(path) if path is not None else url
    return parsed.render_as_string(hide_password=True)


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL (``file:`` URIs included); None for memory or other backends."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database.startswith("file:"):
        database = database[len("file:"):].split("?", 1)[0]
    if not database or database == ":memory:":
        return None
    return Path(database).expanduser()


def classify(exc: BaseException, url: str, doing: str = "") -> StoreFault | None:
    """The fault behind a driver error, as one line naming the store and the fix;
    None when the error is not a fault of the store (bad data, a bug)."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    label = store_label(url)
    during = f" while {doing}" if doing else ""
    code = _sqlite_code(orig)
    state = _pg_state(orig)
    text = str(orig).splitlines()[0] if str(orig) else type(orig).__name__
    if code == _SQLITE_FULL or state in _PG_DISK_FULL or "disk is full" in text or "No space left" in text:
        return StoreFault(
            "full",
            f"store {label} ran out of disk space{during}: free some space (or give --db on a larger disk) and run "
            "the same command again; what was stored before is kept whole and the rest is picked up then",
        )
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or state in _PG_DAMAGED:
        path = sqlite_path(url)
        fix = (
            f"recover what can be read with `sqlite3 {path} .recover | sqlite3 {path}.recovered` and use "
            f"--db {path}.recovered, or ingest the reports again into a new store"
            if path is not None
            else "restore it from a backup, or ingest the reports again into a new database"
        )
        return StoreFault("damaged", f"store {label} is damaged ({text}): {fix}")
    if code == _SQLITE_READONLY or state in _PG_READ_ONLY or "readonly database" in text or "read-only" in text:
        return StoreFault(
            "read-only",
            f"store {label} is read-only{during}: make the file and its folder writable, or give a writable --db "
            "(summary and export can read it as it is)",
        )
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return StoreFault(
            "locked", f"store {label} stayed locked by another process{during}: run the command again when it has finished"
        )
    if code in (_SQLITE_CANTOPEN, _SQLITE_IOERR, _SQLITE_PERM):
        path = sqlite_path(url)
        if path is not None and path.exists() and not _writable(path):
            # a store in a read-only folder cannot even open for writing: SQLite
            # must create its -wal and -shm files beside it
            return StoreFault(
                "read-only",
                f"store {label} is read-only{during} (its file or folder cannot be written): make both writable, "
                "or give a writable --db (summary and export can read it as it is)",
            )
        return StoreFault("unreadable", f"cannot use store {label}{during}: {text}")
    return None


def _writable(path: Path) -> bool:
    folder = path.resolve().parent
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)


def one_line(exc: BaseException) -> str:
    """A driver error without the SQL, its parameters and the documentation link."""
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    text = str(orig).strip().splitlines()
    return f"{type(orig).__name__}: {text[0] if text else ''}".rstrip(": ")


def _sqlite_code(orig: Any) -> int | None:
    if isinstance(orig, sqlite3.Error):
        code = getattr(orig, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF  # extended codes carry the primary code in their low byte
        text = str(orig)
        if "malformed" in text or "not a database" in text:
            return _SQLITE_CORRUPT
        if "readonly" in text:
            return _SQLITE_READONLY
        if "full" in text:
            return _SQLITE_FULL
    return None


def _pg_state(orig: Any) -> str | None:
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
