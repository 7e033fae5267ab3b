"""Helpers the store tests share: a scratch PostgreSQL database emptied between tests."""
from __future__ import annotations


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
