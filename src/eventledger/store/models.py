"""The database tables.

Rows mirror the records in ``eventledger.records``, flattened into columns
where a column is worth filtering or indexing on and kept as JSON where the
value is a small nested structure (quantities, evidence, disputes).

The schema is created and changed only by Alembic migrations
(``store/migrations/versions``); a test checks that these models and the
migrated schema agree.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Constraint names fixed by convention so that later migrations can address
# them by name (SQLite's batch mode needs names to drop or alter constraints).
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Timestamps stored in UTC and always read back timezone-aware.

    SQLite keeps no time zone, PostgreSQL does; this makes both behave alike.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        str: String(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
        datetime: UTCDateTime(),
    }


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(primary_key=True)
    # sha256 of the whitespace-normalised cleaned text: the same text is stored once
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(10))
    published_source: Mapped[str | None]
    published_confidence: Mapped[float] = mapped_column(Float, default=0.0)
    publisher: Mapped[str | None]
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    path: Mapped[str | None] = mapped_column(Text)
    flags: Mapped[list[Any]] = mapped_column(default=list)
    removed: Mapped[list[Any]] = mapped_column(default=list)
    ingested_at: Mapped[datetime] = mapped_column(default=utcnow)

    mentions: Mapped[list[MentionRow]] = relationship(
        back_populates="document",
        order_by="MentionRow.ordinal",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class MentionRow(Base):
    __tablename__ = "mentions"
    __table_args__ = (
        UniqueConstraint("document_id", "ordinal"),
        Index("ix_mentions_country_date_start", "country", "date_start"),
    )

    id: Mapped[str] = mapped_column(primary_key=True)  # Mention.id, by default Mention.key()
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    # position in the list given to add_document, so mentions come back in order
    ordinal: Mapped[int]

    sentence_start: Mapped[int]
    sentence_end: Mapped[int]
    sentence_text: Mapped[str] = mapped_column(Text)

    event_type: Mapped[str | None]
    sub_event_type: Mapped[str | None]
    plover_type: Mapped[str | None]
    plover_mode: Mapped[str | None]
    status: Mapped[str]
    actor1: Mapped[str | None]
    assoc_actor_1: Mapped[str | None]
    actor2: Mapped[str | None]
    assoc_actor_2: Mapped[str | None]

    location: Mapped[str | None]
    country: Mapped[str | None]
    admin1: Mapped[str | None]
    admin2: Mapped[str | None]
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None]
    geonameid: Mapped[int | None]
    place_kind: Mapped[str | None]

    event_date: Mapped[str | None] = mapped_column(String(10))
    # the days the date covers, so the merger can ask for mentions near a date
    date_start: Mapped[str | None] = mapped_column(String(10))
    date_end: Mapped[str | None] = mapped_column(String(10))
    time_precision: Mapped[int | None]
    fatalities: Mapped[int | None]
    quantities: Mapped[dict[str, Any]] = mapped_column(default=dict)
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)  # field -> {start, end, text}
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)
    publisher: Mapped[str | None]
    published: Mapped[str | None] = mapped_column(String(10))
    confidence: Mapped[float] = mapped_column(Float, default=0.5)

    document: Mapped[DocumentRow] = relationship(back_populates="mentions")


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (
        # by country, then date: a feed's new events go to the end of each
        # country's range, a page or two a country, where (country, admin1)
        # put them on a leaf of their own in every province a batch touched
        Index("ix_events_country_date_start", "country", "date_start"),
    )

    event_id: Mapped[str] = mapped_column(primary_key=True)
    event_type: Mapped[str | None] = mapped_column(index=True)
    sub_event_type: Mapped[str | None]
    plover_type: Mapped[str | None] = mapped_column(index=True)
    plover_mode: Mapped[str | None]
    status: Mapped[str] = mapped_column(index=True)
    actor1: Mapped[str | None]
    assoc_actor_1: Mapped[str | None]
    actor2: Mapped[str | None]
    assoc_actor_2: Mapped[str | None]

    location: Mapped[str | None]
    country: Mapped[str | None]
    admin1: Mapped[str | None]
    admin2: Mapped[str | None]
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None]
    geonameid: Mapped[int | None]
    place_kind: Mapped[str | None]

    event_date: Mapped[str | None] = mapped_column(String(10), index=True)
    # First and last day of event_date ("2021-07" -> 2021-07-01 .. 2021-07-31),
    # so that date-range filters treat month- and year-precision events fairly.
    date_start: Mapped[str | None] = mapped_column(String(10), index=True)
    date_end: Mapped[str | None] = mapped_column(String(10), index=True)
    time_precision: Mapped[int | None]
    fatalities: Mapped[int | None]
    quantities: Mapped[dict[str, Any]] = mapped_column(default=dict)
    notes: Mapped[str] = mapped_column(Text, default="")
    disputes: Mapped[list[Any]] = mapped_column(default=list)
    # disputes != [] as a plain column: filtering on JSON emptiness is not portable
    disputed: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    independent_sources: Mapped[int] = mapped_column(default=1)

    # Fingerprint of the event's content and sources: updated_at moves only
    # when it changes, as ACLED's timestamp does.
    digest: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    links: Mapped[list[EventMentionRow]] = relationship(
        back_populates="event",
        order_by="EventMentionRow.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class EventMentionRow(Base):
    """Which mentions (reports) an event was fused from, in source order."""

    __tablename__ = "event_mentions"

    event_id: Mapped[str] = mapped_column(ForeignKey("events.event_id", ondelete="CASCADE"), primary_key=True)
    mention_id: Mapped[str] = mapped_column(
        ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int]

    event: Mapped[EventRow] = relationship(back_populates="links")
    mention: Mapped[MentionRow] = relationship()


class MergeLogRow(Base):
    """Why reports were joined: one row per merger decision.

    event ids are plain columns, not foreign keys: the log must outlive the
    events it explains, which are replaced wholesale when the merger reruns.
    """

    __tablename__ = "merge_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(16))  # "create", "join", "merge", "split"
    event_id: Mapped[str] = mapped_column(index=True)
    other_event_id: Mapped[str | None] = mapped_column(index=True)
    mention_id: Mapped[str | None]
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # scores and the like


class EventAliasRow(Base):
    """An event id that no longer names an event, and the event that absorbed it.

    Ids are cited, bookmarked and synced by users, so an id once written keeps
    resolving: when re-merging joins two events, or a split leaves an id
    without its event, the old id points here at the event that now holds
    most of its reports. Chains are kept short: when the absorbing event is
    itself absorbed later, its aliases move on to the new event.
    """

    __tablename__ = "event_aliases"

    alias: Mapped[str] = mapped_column(primary_key=True)
    # not a foreign key: events are replaced wholesale when the merger reruns
    event_id: Mapped[str] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
