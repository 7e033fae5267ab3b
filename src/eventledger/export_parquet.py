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

Records come one at a time (``write``, ``write_all``) or, much faster, as
the store's column chunks (``write_chunks(store.iter_event_chunks())``: the
columns derived a chunk at a time by ``export_columns``, the nested ones
assembled from flat lists); both give the same table (tested).
"""
from __future__ import annotations

import gc
import json
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import accumulate, chain
from typing import Any

from .acled import ActorTypes, SourceScales
from .export import ACLED_COLUMNS, EXTRA_COLUMNS, acled_row
from .export_columns import ValueMaps, acled_columns

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


# Columns whose values are nearly all distinct: Parquet's dictionary encoding
# (tried first on every column) would be abandoned for them page after page.
# Written plain they take less time (a sixth of the writing on the benchmark's
# store) and less room; the table read back is the same.
_DISTINCT = frozenset({"event_id_cnty", "notes", "sources.list.element.document", "sources.list.element.sentence"})


def _leaf_paths(schema) -> list[str]:
    """The Parquet column paths of an Arrow schema's leaves (``sources.list.element.document``)."""
    import pyarrow as pa

    def walk(prefix: str, kind) -> Iterator[str]:
        if pa.types.is_map(kind):
            yield from walk(f"{prefix}.key_value.key", kind.key_type)
            yield from walk(f"{prefix}.key_value.value", kind.item_type)
        elif pa.types.is_list(kind):
            yield from walk(f"{prefix}.list.element", kind.value_type)
        elif pa.types.is_struct(kind):
            for field in kind:
                yield from walk(f"{prefix}.{field.name}", field.type)
        else:
            yield prefix

    return [path for field in schema for path in walk(field.name, field.type)]


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


_SOURCE_FIELDS = ("document", "publisher", "published", "sentence", "start", "end")
_PLAIN = tuple(name for name in ACLED_COLUMNS + EXTRA_COLUMNS if name not in _INT32
               and name not in ("event_date", "absorbed_event_ids"))


def _empty_nested() -> dict[str, list]:
    return {"q_offsets": [0], "q_keys": [], "q_values": [], "s_offsets": [0], "e_offsets": [0], "e_keys": [],
            "e_start": [], "e_end": [], "e_text": [], **{name: [] for name in _SOURCE_FIELDS}}


@contextmanager
def _rare_collections(young: int = 100_000) -> Iterator[None]:
    """Python's cycle collector runs after every 700 new containers, and a
    chunk makes hundreds of thousands (row tuples, the evidence's dicts), all
    freed by reference counting and none in a cycle; with the default
    thresholds it took a third of the export's time. Here it runs after every
    ``young`` instead, and the thresholds are restored after."""
    previous = gc.get_threshold()
    gc.set_threshold(young, 50, 1000)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _map_array(dicts, kind):
    """A map column from one dict per row: keys and values flattened in C
    (``itertools``), offsets accumulated; pyarrow converts the values (ints,
    or the evidence's span dicts as structs)."""
    import pyarrow as pa

    keys = pa.array(list(chain.from_iterable(dicts)), pa.string())
    values = pa.array(list(chain.from_iterable(map(dict.values, dicts))), kind.item_type)
    offsets = pa.array([0, *accumulate(map(len, dicts))], pa.int32())
    return pa.MapArray.from_arrays(offsets, keys, values, type=kind)


def _as_array(values, kind):
    """A column as an Arrow array of ``kind``: Python values converted, an Arrow
    array (read so by ``store/chunks_arrow.py``) cast when its type differs (a
    column of NULLs is read as integers; integers are read as 64-bit)."""
    import pyarrow as pa

    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        return values if values.type == kind else values.cast(kind)
    return pa.array(values, type=kind)


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
        self._nested = _empty_nested()
        self._rows = 0
        types, scales = ActorTypes.load(), SourceScales.load()
        memo = _Memo(types, scales)
        self._types, self._scales = memo, memo
        self._maps = ValueMaps(types, scales)
        self._pending: list = []  # the chunks' tables not written yet
        self._pending_rows = 0
        self._exported_at = int(time.time())
        self._writer = pq.ParquetWriter(path, self._schema, compression="zstd",
                                        use_dictionary=[p for p in _leaf_paths(self._schema) if p not in _DISTINCT])

    def write(self, record: dict[str, Any]) -> None:
        row = acled_row(record, self._exported_at, inter="text", year_only=self.year_only, types=self._types,
                        scales=self._scales)
        if row is None:
            self.omitted += 1
            return
        columns = self._columns
        for name in _PLAIN:
            columns[name].append(row[name])
        for name in _INT32:
            value = row[name]
            columns[name].append(None if value is None or value == "" else int(value))
        columns["event_date"].append(row["event_date"] or None)
        columns["absorbed_event_ids"].append(list(row["absorbed_event_ids"] or []))
        get = record.get
        columns["plover_type"].append(get("plover_type"))
        columns["plover_mode"].append(get("plover_mode"))
        columns["status"].append(get("status"))
        columns["independent_sources"].append(get("independent_sources"))
        disputes = get("disputes")
        columns["disputes"].append(json.dumps(disputes, ensure_ascii=False) if disputes else None)
        # the nested columns as flat lists and offsets: Arrow assembles them in C
        nested = self._nested
        for key, value in (get("quantities") or {}).items():
            nested["q_keys"].append(key)
            nested["q_values"].append(value)
        nested["q_offsets"].append(len(nested["q_keys"]))
        for source in get("sources") or ():
            for name in _SOURCE_FIELDS:
                nested[name].append(source.get(name))
            for key, span in (source.get("evidence") or {}).items():
                nested["e_keys"].append(key)
                nested["e_start"].append(span["start"])
                nested["e_end"].append(span["end"])
                nested["e_text"].append(span["text"])
            nested["e_offsets"].append(len(nested["e_keys"]))
        nested["s_offsets"].append(len(nested["document"]))
        self._rows += 1
        self.count += 1
        if self._rows >= self.row_group:
            self._flush()

    def write_all(self, records: Iterable[dict[str, Any]]) -> int:
        for record in records:
            self.write(record)
        return self.count

    def write_chunks(self, chunks: Iterable, include_verbal: bool = True) -> int:
        """Write ``store.iter_event_chunks()``'s chunks (``EventChunk``);
        ``include_verbal=False`` leaves out events without an event type, as
        the CLI's ``--acled-types-only`` does with records."""
        with _rare_collections():
            for chunk in chunks:
                self._write_chunk(chunk, include_verbal)
        return self.count

    def _write_chunk(self, chunk, include_verbal: bool) -> None:
        import pyarrow as pa

        columns = acled_columns(chunk, self._maps, exported_at=self._exported_at, year_only=self.year_only)
        kept = columns["_kept"]
        if not include_verbal:
            verbal = [not kind for kind in chunk.events["event_type"]]
            self.omitted += sum(1 for keep, drop in zip(kept, verbal) if not keep and not drop)
            kept = [keep and not drop for keep, drop in zip(kept, verbal)]
        else:
            self.omitted += kept.count(False)
        table = self._chunk_table(chunk, columns)
        if not all(kept):
            table = table.filter(pa.array(kept, pa.bool_()))
        self.count += table.num_rows
        self._pending.append(table)
        self._pending_rows += table.num_rows
        if self._pending_rows >= self.row_group:
            self._write_pending(whole_groups_only=True)

    def _chunk_table(self, chunk, columns: dict[str, Any]):
        import pyarrow as pa

        arrays = []
        for field in self._schema:
            name = field.name
            if name == "event_date":
                arrays.append(pa.array(columns[name], type=pa.string()).cast(pa.date32()))
            elif name == "quantities":
                arrays.append(_map_array(columns[name], field.type))
            elif name == "sources":
                arrays.append(self._sources_array(chunk, field.type))
            else:
                arrays.append(_as_array(columns[name], field.type))
        return pa.Table.from_arrays(arrays, schema=self._schema)

    @staticmethod
    def _sources_array(chunk, kind):
        import pyarrow as pa

        source_type = kind.value_type
        evidence_type = source_type.field("evidence").type
        sources = chunk.sources
        evidence = _map_array(sources["evidence"], evidence_type)
        members = [_as_array(sources[name], source_type.field(name).type) for name in _SOURCE_FIELDS]
        structs = pa.StructArray.from_arrays(members + [evidence], fields=list(source_type))
        return pa.ListArray.from_arrays(pa.array(chunk.offsets(), pa.int32()), structs, type=kind)

    def _write_pending(self, whole_groups_only: bool = False) -> None:
        """Write the pending tables in row groups of ``row_group`` rows (the
        record path's groups); the rest waits for more unless this is the end."""
        import pyarrow as pa

        if not self._pending_rows:
            return
        table = pa.concat_tables(self._pending)
        written = 0
        while table.num_rows - written >= self.row_group or (not whole_groups_only and written < table.num_rows):
            group = table.slice(written, self.row_group)
            self._writer.write_table(group, row_group_size=self.row_group)
            written += group.num_rows
        rest = table.slice(written)
        self._pending = [rest] if rest.num_rows else []
        self._pending_rows = rest.num_rows

    def _flush(self) -> None:
        import pyarrow as pa

        if not self._rows:
            return
        nested = self._nested
        arrays = []
        for field in self._schema:
            if field.name == "event_date":  # "YYYY-MM-DD" text to a date, in one cast
                arrays.append(pa.array(self._columns[field.name], type=pa.string()).cast(pa.date32()))
            elif field.name == "quantities":
                arrays.append(pa.MapArray.from_arrays(
                    pa.array(nested["q_offsets"], pa.int32()), pa.array(nested["q_keys"], pa.string()),
                    pa.array(nested["q_values"], pa.int64()), type=field.type))
            elif field.name == "sources":
                source_type = field.type.value_type
                evidence_type = source_type.field("evidence").type
                spans = pa.StructArray.from_arrays(
                    [pa.array(nested["e_start"], pa.int64()), pa.array(nested["e_end"], pa.int64()),
                     pa.array(nested["e_text"], pa.string())], fields=list(evidence_type.item_type))
                evidence = pa.MapArray.from_arrays(pa.array(nested["e_offsets"], pa.int32()),
                                                   pa.array(nested["e_keys"], pa.string()), spans, type=evidence_type)
                members = [pa.array(nested[name], source_type.field(name).type) for name in _SOURCE_FIELDS]
                sources = pa.StructArray.from_arrays(members + [evidence], fields=list(source_type))
                arrays.append(pa.ListArray.from_arrays(pa.array(nested["s_offsets"], pa.int32()), sources,
                                                       type=field.type))
            else:
                arrays.append(pa.array(self._columns[field.name], type=field.type))
        self._writer.write_table(pa.Table.from_arrays(arrays, schema=self._schema))
        for values in self._columns.values():
            values.clear()
        self._nested = _empty_nested()
        self._rows = 0

    def close(self) -> None:
        if self._writer is not None:
            self._flush()
            self._write_pending()
            self._writer.close()
            self._writer = None

    def __enter__(self) -> ParquetEventWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
