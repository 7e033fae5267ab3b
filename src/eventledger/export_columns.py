"""ACLED's columns for a chunk of events at once: ``export.acled_row``, column-wise.

``acled_row`` derives ACLED's columns one record at a time, which is right
for the CSV and was most of the Parquet export's time. A column of a million
events holds few distinct values (actors, countries, type pairs, publisher
lists, dates), so here each distinct value, or tuple of values, is mapped once
by the very functions ``acled_row`` calls, and the column is read off the
map. What depends on the evidence (a weekend date, a crowd's size in words)
concerns few events and is asked of ``acled_row``'s own helpers, event by
event, with the parts of the record they read. The Parquet tests check that
the two paths give equal tables.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Sequence
from datetime import datetime, timezone
from typing import Any

from .acled import ActorTypes, SourceScales, acled_date, crowd_size_tag, interaction_code, interaction_label
from .acled import region as acled_region
from .acled import year_only_date
from .acled.inter import LABELS
from .acled.tags import DEMONSTRATIONS
from .export import _said_weekend, civilian_targeting, disorder_type, iso_numeric
from .store.chunks import EventChunk
from .store.stream import _EMPTY


class ValueMaps:
    """Per export: what each distinct value of a column maps to, kept between
    chunks for the columns with few distinct values."""

    def __init__(self, types: ActorTypes, scales: SourceScales) -> None:
        self.types, self.scales = types, scales
        self._tables: dict[str, dict[Hashable, Any]] = {}

    def map(self, name: str, func: Callable[..., Any], *columns: Sequence[Any], keep: bool = True) -> list[Any]:
        """``[func(*values) for values in zip(*columns)]``, calling ``func``
        once per distinct ``values``; ``keep=False`` for columns whose values
        are nearly all distinct (the map then lives for this chunk only)."""
        keys = list(zip(*columns)) if len(columns) > 1 else columns[0]
        table = self._tables.setdefault(name, {}) if keep else {}
        for key in set(keys).difference(table):
            table[key] = func(*key) if len(columns) > 1 else func(key)
        return list(map(table.__getitem__, keys))

    def map_columns(self, name: str, func: Callable[..., tuple], *columns: Sequence[Any], width: int) -> list[Any]:
        """``zip(*self.map(name, func, *columns))`` as ``width`` Arrow arrays:
        each distinct tuple's values converted to Arrow once and spread over
        the rows by index (``take``, in C), where converting the transposed
        columns read every row's value again. An all-None column comes out of
        type null and integers as int64: the writer casts to the schema's types."""
        import pyarrow as pa

        places: dict[Hashable, int] = {}  # each distinct tuple's index, in order of first sight
        rows = pa.array([places.setdefault(key, len(places)) for key in zip(*columns)], pa.int32())
        results = self.map(name, func, *zip(*places)) if places else []
        return [pa.array([result[i] for result in results]).take(rows) for i in range(width)]

    def kind(self, actor1: str | None, actor2: str | None, country: str | None, event_type: str | None,
             sub_event_type: str | None) -> tuple:
        """What ``acled_row`` derives from an event's actors, country and
        types (``inter="text"``): disorder_type, inter1, inter2, interaction,
        civilian_targeting, iso, region, inter1_code, inter2_code, interaction_code."""
        code1, code2 = self.types.code(actor1, country), self.types.code(actor2, country)
        disorder = disorder_type(event_type, sub_event_type)
        return (disorder, LABELS.get(code1), LABELS.get(code2), interaction_label(code1, code2),
                civilian_targeting(disorder, actor2), iso_numeric(country), acled_region(country), code1, code2,
                interaction_code(code1, code2))

    def source(self, publishers: tuple[str | None, ...], country: str | None) -> tuple[str, str | None]:
        """``source`` and ``source_scale`` from the publishers of an event's
        sources in order: each named once, blanks left out, as ``acled_row``."""
        named = tuple(dict.fromkeys(publisher for publisher in publishers if publisher))
        return "; ".join(named), self.scales.combined(named, country)


def acled_columns(chunk: EventChunk, maps: ValueMaps, *, exported_at: int, year_only: str) -> dict[str, Sequence]:
    """The chunk's columns as ``ParquetEventWriter.write`` fills them from
    ``acled_row`` and the record (the nested ``sources`` apart), plus
    ``_kept``: False for events ``acled_row`` leaves out (known only to the
    year, with ``year_only="omit"``)."""
    events = chunk.events
    count = len(chunk)
    offsets = chunk.offsets()
    evidence = chunk.sources["evidence"]
    country = events["country"]
    event_type = events["event_type"]

    def record_of(i: int, **fields: Any) -> dict[str, Any]:
        # the parts of event i's record that the evidence helpers read
        return {**fields, "sources": [{"evidence": spans} for spans in evidence[offsets[i]:offsets[i + 1]]]}

    weekend = [False] * count
    if 2 in events["time_precision"]:  # a week's date: "last weekend" is dated on its Saturday
        for i, precision in enumerate(events["time_precision"]):
            if precision == 2:
                weekend[i] = _said_weekend(record_of(i, time_precision=2))
    dated = maps.map("date", lambda reported, precision, weekend: _dated(reported, precision, weekend, year_only),
                     events["event_date"], events["time_precision"], weekend)
    dates, years, precisions, kept = zip(*dated) if count else ((), (), (), ())

    quantities = _json_column(events["quantities"], lambda value: dict(value or {}))
    tags: list[str | None] = [None] * count
    for i, kind in enumerate(event_type):
        if kind in DEMONSTRATIONS:
            tags[i] = crowd_size_tag(record_of(i, event_type=kind, quantities=quantities[i]))

    # what follows from the actors, the place and the type: few distinct
    # tuples, so one map and one transposition for ten columns
    (disorder, inter1, inter2, interaction, civilian, iso, region, code1, code2, interaction_codes) = maps.map_columns(
        "kind", maps.kind, events["actor1"], events["actor2"], country, event_type, events["sub_event_type"],
        width=10) if count else ((),) * 10
    publishers = chunk.sources["publisher"]
    source, scale = maps.map_columns("publishers", maps.source,
                                     [publishers[a:b] for a, b in zip(offsets, offsets[1:])], country,
                                     width=2) if count else ((), ())
    return {
        "_kept": kept,
        "quantities": quantities,
        "event_id_cnty": events["event_id"],
        "event_date": dates,
        "year": years,
        "time_precision": precisions,
        "disorder_type": disorder,
        "event_type": event_type,
        "sub_event_type": events["sub_event_type"],
        "actor1": events["actor1"],
        "assoc_actor_1": events["assoc_actor_1"],
        "inter1": inter1,
        "actor2": events["actor2"],
        "assoc_actor_2": events["assoc_actor_2"],
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": civilian,
        "iso": iso,
        "region": region,
        "country": country,
        "admin1": events["admin1"],
        "admin2": events["admin2"],
        "admin3": [None] * count,
        "location": events["location"],
        "latitude": events["latitude"],
        "longitude": events["longitude"],
        "geo_precision": events["geo_precision"],
        "source": source,
        "source_scale": scale,
        "notes": _or_default(events["notes"], ""),
        # ACLED writes 0 when no fatalities are reported; it has no "unknown"
        "fatalities": _or_default(events["fatalities"], 0),
        "tags": tags,
        "timestamp": maps.map("timestamp", lambda value: _unix_time(value) or exported_at, events["updated_at"],
                              keep=False),
        "event_date_reported": events["event_date"],
        "inter1_code": code1,
        "inter2_code": code2,
        "interaction_code": interaction_codes,
        "absorbed_event_ids": chunk.absorbed,
        "plover_type": events["plover_type"],
        "plover_mode": events["plover_mode"],
        "status": events["status"],
        "independent_sources": events["independent_sources"],
        "disputes": _json_column(events["disputes"],
                                 lambda value: json.dumps(list(value), ensure_ascii=False) if value else None),
    }


def _dated(reported: str | None, precision: int | None, weekend: bool, year_only: str) -> tuple:
    """``(event_date, year, time_precision, kept)`` as ``acled_row`` dates an
    event; ``kept`` False (and no date) when it leaves the event out."""
    dated = acled_date(reported, precision, weekend=weekend)
    if dated is None:
        if year_only == "omit":
            return None, None, None, False
        date = year_only_date(reported) or ""
    else:
        date, precision = dated
    return date or None, int(date[:4]) if date[:4] else None, precision, True


def _or_default(values: Any, default: Any) -> Any:
    """``[value or default ...]``: on an Arrow array (``store/chunks_arrow.py``)
    its nulls filled, since its empty values are the default already ("" or 0)."""
    if isinstance(values, (list, tuple)):
        return [value or default for value in values]
    import pyarrow.compute as pc

    return pc.fill_null(values, default)


def _json_column(values: Sequence[Any], convert: Callable[[Any], Any]) -> list[Any]:
    """``convert`` of each JSON value (as ``stream._json`` decodes it), each
    distinct text decoded once: most are the same empty ``{}`` or ``[]``."""
    try:
        distinct = set(values)
    except TypeError:  # a driver that decodes JSON itself hands over dicts and lists
        return [convert(value) for value in values]
    table = {value: convert(_json_value(value)) for value in distinct}
    return list(map(table.__getitem__, values))


def _json_value(value: Any) -> Any:
    if isinstance(value, str):
        return None if value in _EMPTY else json.loads(value)
    return value


def _unix_time(value: Any) -> int | None:
    """``export._unix_time`` of the record's ``updated_at``, from the value as
    the driver gives it: text on SQLite (stored in UTC, without its zone),
    a datetime elsewhere; the store reads both back as UTC."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp())
