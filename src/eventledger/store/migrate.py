"""Running the Alembic migrations from code.

The configuration is built here rather than read from ``alembic.ini`` so that
it works from an installed package and any working directory.
"""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from .db import WRITE_OPTIONS

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# any fixed 64-bit number, the same in every process that migrates this schema
_PG_MIGRATION_LOCK = 0x6576_6C65_6467_6572  # "evledger"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        # ConfigParser interpolation: a literal % in a password must be doubled
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` in one transaction.

    Processes opening a new database at once migrate it one after the other:
    on SQLite the transaction holds the write lock from its start, on
    PostgreSQL a transaction-scoped advisory lock does the same.
    """
    config = alembic_config()
    with engine.execution_options(**WRITE_OPTIONS).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """What ``alembic current`` would say for this database (None when unmigrated)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def is_known_revision(revision: str) -> bool:
    """Whether this version of eventledger has ``revision`` among its migrations
    (a store migrated by a newer version has one it does not know)."""
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except Exception:  # noqa: BLE001 - alembic raises several kinds for an unknown id
        return False
