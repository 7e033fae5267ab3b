"""Alembic environment for the event store.

Store() passes an open connection in ``config.attributes["connection"]`` so
the migration runs inside its transaction; the ``alembic`` command line
(see ``store/alembic.ini``) connects by itself using $EVENTLEDGER_DB.
"""
from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from eventledger.store.db import WRITE_OPTIONS, make_engine, resolve_url
from eventledger.store.models import Base

config = context.config
target_metadata = Base.metadata

# Only the alembic command line configures logging; Store() leaves the
# application's logging alone.
if config.config_file_name is not None and "connection" not in config.attributes:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def run_with(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        # SQLite DDL is transactional here: db.py has SQLAlchemy emit BEGIN.
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or resolve_url())
    try:
        with engine.execution_options(**WRITE_OPTIONS).connect() as connection:
            run_with(connection)
    finally:
        engine.dispose()


def run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or resolve_url(),
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
