"""Event records as Parquet: ACLED's columns, ours, and the evidence nested.

    with ParquetEventWriter("events.parquet") as writer:
        writer.write_all(store.iter_event_records(country="Mali"))

The columns are the ACLED CSV's (``export.ACLED_COLUMNS`` then
``export.EXTRA_COLUMNS``, filled by the same ``export.acled_row``, so the two
files agree cell for cell), typed: ``event_date`` a date, numbers as
integers and floats, ``inter1``/``inter2``/``interaction`` ACLED's labels (the
numeric codes are in ``*_code``), ``absorbed_event_ids`` a list. After them
come the record's own fields: ``plover_type``, ``plover_mode``, ``status``,
``independent_sources``, ``quantities`` (a map), ``disputes`` (JSON text: its
shape varies by field) and ``sources``, a list of the reports behind the event
with their evidence:

    sources: list<struct<document, publisher, published, sentence, start, end,
                         evidence: map<field, struct<start, end, text>>>>

Rows are written a row group at a time (``ROW_GROUP`` events), so memory
stays flat whatever the number of events. ACLED records no event known only
to the year: such events are left out unless ``year_only="keep"``, as in the
CSV.
"""
from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Any

from .acled import ActorTypes, SourceScales
from .export import ACLED_COLUMNS, EXTRA_COLUMNS, acled_row

ROW_GROUP = 20_000

_INT32 = ("year", "time_precision", "iso", "geo_precision", "fatalities", "inter1_code", "inter2_code",
          "interaction_code")
_FLOAT = ("latitude", "longitude")
RECORD_COLUMNS = ("plover_type", "plover_mode", "status", "independent_sources", "quantities", "disputes", "sources")


def schema():
    import pyarrow as pa

    span = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])
    source = pa.struct([
        ("document", pa.string()), ("publisher", pa.string()), ("published", pa.string()), ("sentence", pa.string()),
        ("start", pa.int64()), ("end", pa.int64()), ("evidence", pa.map_(pa.string(), span)),
    ])
    fields = []
    for name in ACLED_COLUMNS + EXTRA_COLUMNS:
        if name == "event_date":
            kind = pa.date32()
        elif name in _INT32:
            kind = pa.int32()
        elif name in _FLOAT:
            kind = pa.float64()
        elif name == "timestamp":
            kind = pa.int64()
        elif name == "absorbed_event_ids":
            kind = pa.list_(pa.string())
        else:
            kind = pa.string()
        fields.append((name, kind))
    fields += [
        ("plover_type", pa.string()), ("plover_mode", pa.string()), ("status", pa.string()),
        ("independent_sources", pa.int32()), ("quantities", pa.map_(pa.string(), pa.int64())),
        ("disputes", pa.string()), ("sources", pa.list_(source)),
    ]
    return pa.schema(fields, metadata={b"eventledger.export": b"events 1"})


class _Memo:
    """An export names few actors and publishers many times over: what
    ``acled_row`` asks of the actor types and the source scales is worked out
    once per export (the CSV's answers, only sooner)."""

    def __init__(self, types: ActorTypes, scales: SourceScales) -> None:
        self._types, self._scales = types, scales
        self._codes: dict[tuple, int | None] = {}
        self._combined: dict[tuple, str | None] = {}

    def code(self, actor: str | None, event_country: str | None = None) -> int | None:
        key = (actor, event_country)
        if key not in self._codes:
            self._codes[key] = self._types.code(actor, event_country)
        return self._codes[key]

    def combined(self, publishers, event_country: str | None = None) -> str | None:
        key = (tuple(publishers), event_country)
        if key not in self._combined:
            self._combined[key] = self._scales.combined(key[0], event_country)
        return self._combined[key]


def _int(value: Any) -> int | None:
    if value in (None, ""):
        return None
    return int(value)


class ParquetEventWriter:
    """Streams records into a Parquet file (``year_only``: "omit" or "keep", as
    ``AcledCsvOptions``). ``count`` events written, ``omitted`` left out."""

    def __init__(self, path: str, year_only: str = "omit", row_group: int = ROW_GROUP) -> None:
        import pyarrow.parquet as pq

        self.path = path
        self.year_only = year_only
        self.row_group = row_group
        self.count = self.omitted = 0
        self._schema = schema()
        self._columns: dict[str, list] = {name: [] for name in self._schema.names}
        self._rows = 0
        memo = _Memo(ActorTypes.load(), SourceScales.load())
        self._types, self._scales = memo, memo
        self._exported_at = int(time.time())
        self._writer = pq.ParquetWriter(path, self._schema, compression="zstd")

    def write(self, record: dict[str, Any]) -> None:
        row = acled_row(record, self._exported_at, inter="text", year_only=self.year_only, types=self._types,
                        scales=self._scales)
        if row is None:
            self.omitted += 1
            return
        columns = self._columns
        for name in ACLED_COLUMNS + EXTRA_COLUMNS:
            value = row[name]
            if name in _INT32:
                value = _int(value)
            elif name == "event_date":
                value = value or None
            elif name == "absorbed_event_ids":
                value = list(value or [])
            columns[name].append(value)
        columns["plover_type"].append(record.get("plover_type"))
        columns["plover_mode"].append(record.get("plover_mode"))
        columns["status"].append(record.get("status"))
        columns["independent_sources"].append(record.get("independent_sources"))
        columns["quantities"].append(list((record.get("quantities") or {}).items()))
        disputes = record.get("disputes")
        columns["disputes"].append(json.dumps(disputes, ensure_ascii=False) if disputes else None)
        columns["sources"].append([
            {**source, "evidence": list((source.get("evidence") or {}).items())}
            for source in record.get("sources") or []
        ])
        self._rows += 1
        self.count += 1
        if self._rows >= self.row_group:
            self._flush()

    def write_all(self, records: Iterable[dict[str, Any]]) -> int:
        for record in records:
            self.write(record)
        return self.count

    def _flush(self) -> None:
        import pyarrow as pa

        if not self._rows:
            return
        arrays = []
        for field in self._schema:
            values = self._columns[field.name]
            if field.name == "event_date":  # "YYYY-MM-DD" text to a date, in one cast
                arrays.append(pa.array(values, type=pa.string()).cast(pa.date32()))
            else:
                arrays.append(pa.array(values, type=field.type))
            values.clear()
        self._writer.write_table(pa.Table.from_arrays(arrays, schema=self._schema))
        self._rows = 0

    def close(self) -> None:
        if self._writer is not None:
            self._flush()
            self._writer.close()
            self._writer = None

    def __enter__(self) -> ParquetEventWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
