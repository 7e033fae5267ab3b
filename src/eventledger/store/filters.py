"""Event filters, shared by ``Store.events``, ``event_records`` and ``count_events``.

Every filter is optional; ``None`` and ``""`` mean "not filtered" so that a web
form's empty fields can be passed straight through. Equality filters also take
a list of values (any of them matches).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_, select

from .models import EventMentionRow, EventRow, MentionRow
from .serialize import date_bounds

EQUALITY_FILTERS = {
    "event_type": EventRow.event_type,
    "sub_event_type": EventRow.sub_event_type,
    "plover_type": EventRow.plover_type,
    "status": EventRow.status,
    "country": EventRow.country,
    "admin1": EventRow.admin1,
}
FILTERS = (
    "date_from",  # events that may have happened on or after this date (YYYY[-MM[-DD]])
    "date_to",  # ... on or before this date
    *EQUALITY_FILTERS,
    "actor",  # case-insensitive substring of actor1, actor2 or their associated actors
    "q",  # every word must occur in the notes or in one of the source sentences
    "disputed",  # True: reports disagree on some field; False: they agree
    "document",  # events with a source in this document
)


def event_conditions(**filters: Any) -> list[ColumnElement[bool]]:
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise TypeError(f"unknown event filter(s) {', '.join(sorted(unknown))}; known: {', '.join(FILTERS)}")

    conditions: list[ColumnElement[bool]] = []
    given = {name: value for name, value in filters.items() if not _is_blank(value)}

    # An event dated "2021-07" spans the whole month: keep it if that span
    # overlaps the requested range, rather than comparing strings.
    if "date_from" in given:
        start, _ = date_bounds(str(given["date_from"]))
        if start is None:
            raise ValueError(f"date_from must be YYYY, YYYY-MM or YYYY-MM-DD, not {given['date_from']!r}")
        conditions.append(EventRow.date_end >= start)
    if "date_to" in given:
        _, end = date_bounds(str(given["date_to"]))
        if end is None:
            raise ValueError(f"date_to must be YYYY, YYYY-MM or YYYY-MM-DD, not {given['date_to']!r}")
        conditions.append(EventRow.date_start <= end)

    for name, column in EQUALITY_FILTERS.items():
        if name in given:
            values = _as_list(given[name])
            conditions.append(column.in_(values) if len(values) > 1 else column == values[0])

    if "actor" in given:
        actor = str(given["actor"]).strip()
        conditions.append(
            or_(
                *(
                    column.icontains(actor, autoescape=True)
                    for column in (EventRow.actor1, EventRow.actor2, EventRow.assoc_actor_1, EventRow.assoc_actor_2)
                )
            )
        )

    if "q" in given:
        for word in str(given["q"]).split():
            in_sources = exists(
                select(EventMentionRow.mention_id)
                .join(MentionRow, MentionRow.id == EventMentionRow.mention_id)
                .where(
                    EventMentionRow.event_id == EventRow.event_id,
                    MentionRow.sentence_text.icontains(word, autoescape=True),
                )
            )
            conditions.append(or_(EventRow.notes.icontains(word, autoescape=True), in_sources))

    if "disputed" in given:
        conditions.append(EventRow.disputed.is_(_as_bool(given["disputed"])))

    if "document" in given:
        conditions.append(
            exists(
                select(EventMentionRow.mention_id)
                .join(MentionRow, MentionRow.id == EventMentionRow.mention_id)
                .where(
                    and_(
                        EventMentionRow.event_id == EventRow.event_id,
                        MentionRow.document_id.in_(_as_list(given["document"])),
                    )
                )
            )
        )
    return conditions


def _is_blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, (list, tuple, set, frozenset)) and not value)


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        return [value]
    return list(value)


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off"}:
            return False
        raise ValueError(f"disputed must be true or false, not {value!r}")
    return bool(value)
