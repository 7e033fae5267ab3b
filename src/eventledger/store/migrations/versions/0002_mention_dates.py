"""Mentions get the first and last day their date covers, indexed with the
country, so the merger can fetch only the mentions near a new one.

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from eventledger.store.serialize import date_bounds

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mentions") as batch:
        batch.add_column(sa.Column("date_start", sa.String(10), nullable=True))
        batch.add_column(sa.Column("date_end", sa.String(10), nullable=True))
    mentions = sa.table("mentions", sa.column("id", sa.String), sa.column("event_date", sa.String),
                        sa.column("date_start", sa.String), sa.column("date_end", sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(mentions.c.id, mentions.c.event_date)).all()
    for mention_id, event_date in rows:
        start, end = date_bounds(event_date)
        connection.execute(mentions.update().where(mentions.c.id == mention_id).values(date_start=start, date_end=end))
    op.create_index("ix_mentions_country_date_start", "mentions", ["country", "date_start"])


def downgrade() -> None:
    op.drop_index("ix_mentions_country_date_start", table_name="mentions")
    with op.batch_alter_table("mentions") as batch:
        batch.drop_column("date_end")
        batch.drop_column("date_start")
