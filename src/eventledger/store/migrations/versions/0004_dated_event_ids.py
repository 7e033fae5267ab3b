"""Event ids start with the event's date (``EL3F82F03E31`` becomes
``EL20210705-3F82F03E31``), so that a live feed's new events sit side by side
in the store's indexes instead of one to a page.

Revision ID: 0004
Revises: 0003

No table changes shape: the ids the merger made (``EL`` and ten hexadecimal
digits) are renamed to what the merger now makes for the same reports (the
event's date, then the same hash), so merging again leaves them as they are.
Every old id stays an alias of its event (``Store.resolve_event_id``, the API,
``absorbed_ids``), aliases that pointed at an old id point at the new one, and
the merge log names the new ids. Ids given by other means (not of the merger's
old form) are left alone. Mention ids already stored keep their form (new
mentions get their report's day in front); event ids hash them, which is why
the hash does not change.

Downgrading takes the date out again: the older merger computes the same hash
for the same reports, and the dated ids stay aliases.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

Timestamp = sa.DateTime(timezone=True)
# written out here rather than imported: a migration keeps meaning what it meant
_OLD_ID = re.compile(r"\bEL[0-9A-F]{10}\b")
_DATED_ID = re.compile(r"\bEL(\d{8})-([0-9A-F]{10})\b")
_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")

events = sa.table("events", sa.column("event_id", sa.String), sa.column("event_date", sa.String))
merge_log = sa.table("merge_log", sa.column("id", sa.Integer), sa.column("event_id", sa.String),
                     sa.column("other_event_id", sa.String), sa.column("reason", sa.Text))


def _stamp(value: str | None) -> str:
    found = _DATE.match(value or "")
    if not found:
        return "00000000"
    year, month, day = found.groups()
    return f"{year}{month or '00'}{day or '00'}"


def upgrade() -> None:
    connection = op.get_bind()
    renames = {
        old: f"EL{_stamp(event_date)}-{old[2:]}"
        for old, event_date in connection.execute(sa.select(events.c.event_id, events.c.event_date))
        if _OLD_ID.fullmatch(old)
    }
    _rename(connection, renames, _OLD_ID)


def downgrade() -> None:
    connection = op.get_bind()
    renames = {}
    for new in connection.execute(sa.select(events.c.event_id)).scalars():
        dated = _DATED_ID.fullmatch(new)
        if dated:
            renames[new] = f"EL{dated.group(2)}"
    _rename(connection, renames, _DATED_ID)


def _rename(connection, renames: dict[str, str], pattern: re.Pattern) -> None:
    """Rename events (``old -> new``) with their links, keep each old id as an
    alias of its event, re-point aliases, and rewrite the ids in the merge log."""
    if not renames:
        return
    columns = [c.name for c in sa.Table("events", sa.MetaData(), autoload_with=connection).columns]
    id_map = sa.Table("eventledger_id_map", sa.MetaData(), sa.Column("old_id", sa.String, primary_key=True),
                      sa.Column("new_id", sa.String, nullable=False))
    id_map.create(connection)
    rows = [{"old_id": old, "new_id": new} for old, new in renames.items()]
    for start in range(0, len(rows), 10_000):
        connection.execute(id_map.insert(), rows[start:start + 10_000])
    others = ", ".join(f"e.{name}" for name in columns if name != "event_id")
    names = ", ".join(name for name in columns if name != "event_id")
    # a copy under the new id, the links moved to it, then the old row gone (no
    # foreign key is ever left dangling, and no database needs deferred checks)
    connection.execute(sa.text(
        f"INSERT INTO events (event_id, {names}) SELECT m.new_id, {others} "
        "FROM events e JOIN eventledger_id_map m ON m.old_id = e.event_id"
    ))
    connection.execute(sa.text(
        "UPDATE event_mentions SET event_id = (SELECT m.new_id FROM eventledger_id_map m "
        "WHERE m.old_id = event_mentions.event_id) WHERE event_id IN (SELECT old_id FROM eventledger_id_map)"
    ))
    connection.execute(sa.text("DELETE FROM events WHERE event_id IN (SELECT old_id FROM eventledger_id_map)"))
    connection.execute(sa.text(
        "UPDATE event_aliases SET event_id = (SELECT m.new_id FROM eventledger_id_map m "
        "WHERE m.old_id = event_aliases.event_id) WHERE event_id IN (SELECT old_id FROM eventledger_id_map)"
    ))
    # a new id that was itself an alias names its event again
    connection.execute(sa.text("DELETE FROM event_aliases WHERE alias IN (SELECT new_id FROM eventledger_id_map)"))
    connection.execute(sa.text("DELETE FROM event_aliases WHERE alias IN (SELECT old_id FROM eventledger_id_map)"))
    now = datetime.now(timezone.utc)
    if connection.dialect.name == "sqlite":
        now = now.replace(tzinfo=None)  # as models.UTCDateTime stores it
    connection.execute(sa.text(
        "INSERT INTO event_aliases (alias, event_id, created_at) SELECT old_id, new_id, :now FROM eventledger_id_map"
    ).bindparams(sa.bindparam("now", type_=Timestamp)), {"now": now})
    _rename_in_log(connection, lambda found: renames.get(found, found), pattern)
    id_map.drop(connection)


def _rename_in_log(connection, rename: Callable[[str], str], pattern: re.Pattern) -> None:
    """The merge log's ids (columns, the lists of split entries and the reasons)
    renamed, so that an event's history is found under its id."""
    rows = connection.execute(sa.select(merge_log.c.id, merge_log.c.event_id, merge_log.c.other_event_id,
                                        merge_log.c.reason)).all()
    changed = []
    for row_id, event_id, other, reason in rows:
        new = {
            "event_id": rename(event_id),
            "other_event_id": pattern.sub(lambda m: rename(m.group(0)), other) if other else other,
            "reason": pattern.sub(lambda m: rename(m.group(0)), reason) if reason else reason,
        }
        if (new["event_id"], new["other_event_id"], new["reason"]) != (event_id, other, reason):
            changed.append({"row_id": row_id, **{f"new_{k}": v for k, v in new.items()}})
    if changed:
        connection.execute(
            merge_log.update().where(merge_log.c.id == sa.bindparam("row_id"))
            .values(event_id=sa.bindparam("new_event_id"), other_event_id=sa.bindparam("new_other_event_id"),
                    reason=sa.bindparam("new_reason")),
            changed,
        )
