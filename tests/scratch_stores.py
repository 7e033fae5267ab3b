"""Helpers the store tests share: a scratch PostgreSQL database emptied between tests."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def drop_everything(url: str) -> None:
    """Drop every table of the store at ``url`` and its migration stamp."""
    from sqlalchemy import create_engine

    from eventledger.store.db import resolve_url
    from eventledger.store.models import Base

    engine = create_engine(resolve_url(url))
    try:
        with engine.begin() as connection:
            Base.metadata.drop_all(connection)
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    finally:
        engine.dispose()


@contextmanager
def scratch_url(backend: str, folder: Path, name: str, pg_url: str | None) -> Iterator[str]:
    """Where a test's store goes: the SQLite file ``name`` in ``folder``, or
    (``backend`` "postgresql") the scratch database ``pg_url``, emptied before
    the test and after it."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / name}"
        return
    drop_everything(pg_url)
    try:
        yield pg_url
    finally:
        drop_everything(pg_url)
