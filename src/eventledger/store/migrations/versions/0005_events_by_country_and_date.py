"""Events are indexed by country and first day instead of country and province.

Revision ID: 0005
Revises: 0004

A batch of new events touched the last leaf of every province's range in the
``(country, admin1)`` index: in a store of a million mentions that was some
370 pages written (and checkpointed) per merge of 1,000 mentions, against 54
in a store of ten thousand. Keyed by country and date, a feed's new events go
to the end of each country's range. The country filter still uses the index,
now with the date range beside it; a province filter reads the country's rows.
"""
from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_events_country_admin1", table_name="events")
    op.create_index("ix_events_country_date_start", "events", ["country", "date_start"])


def downgrade() -> None:
    op.drop_index("ix_events_country_date_start", table_name="events")
    op.create_index("ix_events_country_admin1", "events", ["country", "admin1"])
