"""Initial schema: documents, mentions, events, their links and the merge log.

Revision ID: 0001
Revises:

Written out in full rather than imported from models.py: a migration must keep
describing the schema as it was, whatever the models become later.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# the same type as models.UTCDateTime stores
Timestamp = sa.DateTime(timezone=True)


def _place_columns() -> list[sa.Column]:
    return [
        sa.Column("location", sa.String(), nullable=True),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("admin1", sa.String(), nullable=True),
        sa.Column("admin2", sa.String(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("geo_precision", sa.Integer(), nullable=True),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.Column("place_kind", sa.String(), nullable=True),
    ]


def _type_and_actor_columns() -> list[sa.Column]:
    return [
        sa.Column("event_type", sa.String(), nullable=True),
        sa.Column("sub_event_type", sa.String(), nullable=True),
        sa.Column("plover_type", sa.String(), nullable=True),
        sa.Column("plover_mode", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("actor1", sa.String(), nullable=True),
        sa.Column("assoc_actor_1", sa.String(), nullable=True),
        sa.Column("actor2", sa.String(), nullable=True),
        sa.Column("assoc_actor_2", sa.String(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("published", sa.String(10), nullable=True),
        sa.Column("published_source", sa.String(), nullable=True),
        sa.Column("published_confidence", sa.Float(), nullable=False),
        sa.Column("publisher", sa.String(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("language", sa.String(16), nullable=True),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("removed", sa.JSON(), nullable=False),
        sa.Column("ingested_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("hash", name="uq_documents_hash"),
    )

    op.create_table(
        "mentions",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("document_id", sa.String(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.Column("sentence_end", sa.Integer(), nullable=False),
        sa.Column("sentence_text", sa.Text(), nullable=False),
        *_type_and_actor_columns(),
        *_place_columns(),
        sa.Column("event_date", sa.String(10), nullable=True),
        sa.Column("time_precision", sa.Integer(), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("quantities", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("raw", sa.JSON(), nullable=False),
        sa.Column("publisher", sa.String(), nullable=True),
        sa.Column("published", sa.String(10), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_mentions"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_mentions_document_id_documents", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("document_id", "ordinal", name="uq_mentions_document_id_ordinal"),
    )
    op.create_index("ix_mentions_document_id", "mentions", ["document_id"])

    op.create_table(
        "events",
        sa.Column("event_id", sa.String(), nullable=False),
        *_type_and_actor_columns(),
        *_place_columns(),
        sa.Column("event_date", sa.String(10), nullable=True),
        sa.Column("date_start", sa.String(10), nullable=True),
        sa.Column("date_end", sa.String(10), nullable=True),
        sa.Column("time_precision", sa.Integer(), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("quantities", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("disputes", sa.JSON(), nullable=False),
        sa.Column("disputed", sa.Boolean(), nullable=False),
        sa.Column("independent_sources", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(40), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("event_id", name="pk_events"),
    )
    for columns in (["event_type"], ["plover_type"], ["status"], ["event_date"], ["date_start"],
                    ["date_end"], ["disputed"], ["country", "admin1"]):
        op.create_index(f"ix_events_{'_'.join(columns)}", "events", columns)

    op.create_table(
        "event_mentions",
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("mention_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "mention_id", name="pk_event_mentions"),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.event_id"], name="fk_event_mentions_event_id_events", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["mention_id"], ["mentions.id"], name="fk_event_mentions_mention_id_mentions", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_event_mentions_mention_id", "event_mentions", ["mention_id"])

    op.create_table(
        "merge_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", Timestamp, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("other_event_id", sa.String(), nullable=True),
        sa.Column("mention_id", sa.String(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_merge_log"),
    )
    op.create_index("ix_merge_log_event_id", "merge_log", ["event_id"])
    op.create_index("ix_merge_log_other_event_id", "merge_log", ["other_event_id"])


def downgrade() -> None:
    op.drop_table("merge_log")
    op.drop_table("event_mentions")
    op.drop_table("events")
    op.drop_table("mentions")
    op.drop_table("documents")
