"""Event aliases: an event id that was absorbed by another event keeps
resolving to it (``Store.resolve_event_id``, ``GET /api/events/{id}``).

Revision ID: 0003
Revises: 0002

Stores merged before this revision have no aliases for the ids they already
lost; the merge log's "merge" entries name them, so they are recovered here.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

Timestamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "event_aliases",
        sa.Column("alias", sa.String(), nullable=False),
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("alias", name="pk_event_aliases"),
    )
    op.create_index("ix_event_aliases_event_id", "event_aliases", ["event_id"])

    # "merge" entries say "<other_event_id> now part of <event_id>", oldest first
    merge_log = sa.table("merge_log", sa.column("id", sa.Integer), sa.column("at", Timestamp),
                         sa.column("action", sa.String), sa.column("event_id", sa.String),
                         sa.column("other_event_id", sa.String))
    events = sa.table("events", sa.column("event_id", sa.String))
    connection = op.get_bind()
    live = set(connection.execute(sa.select(events.c.event_id)).scalars())
    target: dict[str, tuple[str, object]] = {}
    rows = connection.execute(
        sa.select(merge_log.c.event_id, merge_log.c.other_event_id, merge_log.c.at)
        .where(merge_log.c.action == "merge").order_by(merge_log.c.id)
    ).all()
    for absorber, absorbed, at in rows:
        if absorbed and absorbed != absorber:
            target[absorbed] = (absorber, at)
    aliases = []
    for absorbed, (absorber, at) in target.items():
        if absorbed in live:
            continue
        seen = {absorbed}
        while absorber not in live and absorber in target and absorber not in seen:
            seen.add(absorber)
            absorber = target[absorber][0]
        if absorber in live:
            aliases.append({"alias": absorbed, "event_id": absorber, "created_at": at})
    if aliases:
        op.bulk_insert(sa.table("event_aliases", sa.column("alias", sa.String), sa.column("event_id", sa.String),
                                sa.column("created_at", Timestamp)), aliases)


def downgrade() -> None:
    op.drop_index("ix_event_aliases_event_id", table_name="event_aliases")
    op.drop_table("event_aliases")
