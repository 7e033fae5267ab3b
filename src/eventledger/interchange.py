"""The mentions interchange: extraction (the map) written to files that merging
(the reduce) reads, on this machine or another, now or later.

    eventledger extract REPORTS/ --mentions part-01.parquet   # or .jsonl
    eventledger merge part-*.parquet --db postgresql://...

One record per document, in input order, holding the document itself (its
cleaned text, which every offset points into and which the store keeps for
showing evidence) and the mentions extracted from it, each with every coded
field and the evidence span of each field. A document with no mention is
written too: ``ingest`` stores it, so ``merge`` must. The record is the same in
both formats (``docs/interchange.md`` lists every field):

    {"version": 1,
     "document": {"id", "text", "published", "published_source", "published_confidence",
                  "publisher", "url", "title", "language", "path", "removed", "flags", "hash"},
     "mentions": [{"id", "document", "sentence": {"start", "end", "text"}, "event_type", ...,
                   "place": {...}, "quantities": {...}, "evidence": {field: {"start", "end", "text"}},
                   "raw": {...}, "publisher", "published", "confidence"}, ...]}

JSON lines: one such object per line. Parquet: one row per document with
the same nested columns (``document`` a struct, ``mentions`` a list of
structs, ``quantities``/``evidence``/``raw`` maps), written a row group at a
time, with ``eventledger.interchange = 1`` in the file's metadata.

``merge_files`` stores the documents in file order and merges their mentions
exactly as ``ingest`` does (``pipeline.store_and_merge``), so extracting then
merging gives the store that ingesting the same inputs gives (tested).
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .records import Document, Mention
from .store.serialize import document_from_dict, mention_from_dict, mention_to_dict

VERSION = 1
FORMATS = ("jsonl", "parquet")
SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
ROW_GROUP = 512  # documents per Parquet row group: bounded memory on both sides
METADATA_KEY = b"eventledger.interchange"


class BadMentionsFile(ValueError):
    """A mentions file that cannot be read at all (one line, naming it)."""


def format_of(path: str, given: str | None = None) -> str:
    """The format named by ``given``, else by the file's suffix."""
    if given:
        if given not in FORMATS:
            raise BadMentionsFile(f"unknown mentions format {given!r}: choose one of {', '.join(FORMATS)}")
        return given
    if path == "-":
        return "jsonl"
    found = SUFFIXES.get(Path(path).suffix.lower())
    if found is None:
        raise BadMentionsFile(f"{path}: cannot tell the mentions format from the suffix "
                              f"(use {', '.join(sorted(SUFFIXES))} or --mentions-format)")
    return found


# ------------------------------------------------------------------ records


def record_of(document: Document, mentions: Iterable[Mention]) -> dict[str, Any]:
    return {"version": VERSION, "document": document.to_dict(), "mentions": [mention_to_dict(m) for m in mentions]}


def from_record(record: Any) -> tuple[Document, list[Mention]]:
    """The document and its mentions; ``ValueError`` saying what is wrong."""
    if not isinstance(record, dict) or "document" not in record or "mentions" not in record:
        raise ValueError("not a mentions record (an object with \"document\" and \"mentions\")")
    version = record.get("version", VERSION)
    if version != VERSION:
        raise ValueError(f"interchange version {version!r}; this eventledger reads version {VERSION}")
    data = record["document"]
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not isinstance(data.get("text"), str):
        raise ValueError("the document needs an \"id\" and a \"text\"")
    try:
        document = document_from_dict(data)
        mentions = [mention_from_dict(m) for m in record["mentions"] or []]
    except (TypeError, KeyError, ValueError) as exc:
        raise ValueError(f"a field is missing or of the wrong kind: {exc}") from None
    for m in mentions:
        if m.document != document.id:
            raise ValueError(f"a mention names document {m.document!r}, not {document.id!r}")
        if document.text[m.sentence.start:m.sentence.end] != m.sentence.text:
            raise ValueError("a mention's sentence offsets do not point at its text in the document")
    return document, mentions


# ------------------------------------------------------------------ writing


def _parquet_schema():
    import pyarrow as pa

    span = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])
    place = pa.struct([
        ("location", pa.string()), ("country", pa.string()), ("admin1", pa.string()), ("admin2", pa.string()),
        ("latitude", pa.float64()), ("longitude", pa.float64()), ("precision", pa.int64()),
        ("geonameid", pa.int64()), ("kind", pa.string()),
    ])
    text = pa.string()
    mention = pa.struct([
        ("id", text), ("document", text), ("sentence", span),
        ("event_type", text), ("sub_event_type", text), ("plover_type", text), ("plover_mode", text),
        ("status", text), ("actor1", text), ("assoc_actor_1", text), ("actor2", text), ("assoc_actor_2", text),
        ("place", place), ("event_date", text), ("time_precision", pa.int64()), ("fatalities", pa.int64()),
        ("quantities", pa.map_(pa.string(), pa.int64())),
        ("evidence", pa.map_(pa.string(), span)),
        ("raw", pa.map_(pa.string(), pa.string())),
        ("publisher", text), ("published", text), ("confidence", pa.float64()),
    ])
    document = pa.struct([
        ("id", text), ("text", text), ("published", text), ("published_source", text),
        ("published_confidence", pa.float64()), ("publisher", text), ("url", text), ("title", text),
        ("language", text), ("path", text), ("removed", pa.list_(text)), ("flags", pa.list_(text)), ("hash", text),
    ])
    return pa.schema([("version", pa.int32()), ("document", document), ("mentions", pa.list_(mention))],
                     metadata={METADATA_KEY: str(VERSION).encode()})


def _parquet_ready(record: dict[str, Any]) -> dict[str, Any]:
    """Maps as lists of pairs, so their order is kept."""
    mentions = []
    for m in record["mentions"]:
        m = dict(m)
        m["quantities"] = list(m["quantities"].items())
        m["evidence"] = list(m["evidence"].items())
        m["raw"] = list(m["raw"].items())
        mentions.append(m)
    return {**record, "mentions": mentions}


def _from_parquet(row: dict[str, Any]) -> dict[str, Any]:
    mentions = []
    for m in row.get("mentions") or []:
        m = dict(m)
        for name in ("quantities", "evidence", "raw"):
            m[name] = dict(m.get(name) or [])
        mentions.append(m)
    return {**row, "mentions": mentions}


class MentionsWriter:
    """Writes records as they come (``write(document, mentions)``); ``path``
    ``-`` is standard output (JSON lines). Use as a context manager."""

    def __init__(self, path: str, fmt: str | None = None, stdout: IO[str] | None = None) -> None:
        self.path = path
        self.format = format_of(path, fmt)
        self.documents = self.mentions = 0
        self._rows: list[dict[str, Any]] = []
        self._writer = None
        self._out: IO[str] | None = None
        if self.format == "jsonl":
            if path == "-":
                self._out, self._close_out = stdout or sys.stdout, False
            else:
                self._out, self._close_out = open(path, "w", encoding="utf-8"), True
        else:
            if path == "-":
                raise BadMentionsFile("Parquet cannot be written to standard output: name a file")
            import pyarrow.parquet as pq

            self._schema = _parquet_schema()
            self._writer = pq.ParquetWriter(path, self._schema, compression="zstd")

    def write(self, document: Document, mentions: list[Mention]) -> None:
        record = record_of(document, mentions)
        self.documents += 1
        self.mentions += len(mentions)
        if self._out is not None:
            self._out.write(json.dumps(record, ensure_ascii=False) + "\n")
            return
        self._rows.append(_parquet_ready(record))
        if len(self._rows) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self._schema))
            self._rows = []

    def close(self) -> None:
        if self._writer is not None:
            self._flush()
            self._writer.close()
            self._writer = None
        if self._out is not None:
            self._out.flush()
            if self._close_out:
                self._out.close()
            self._out = None

    def __enter__(self) -> MentionsWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# ------------------------------------------------------------------ reading


def mentions_files(paths: Iterable[str]) -> Iterator[str]:
    """The files named, and the mentions files in the folders named (sorted by name)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            yield from (str(p) for p in found)
        else:
            yield str(path)


def read_mentions(path: str, on_error: Callable[[str], None]) -> Iterator[tuple[Document, list[Mention]]]:
    """The records of one file in order; a bad record is reported (``file:line``,
    or ``file:row N`` for Parquet) and skipped; a file that cannot be read at all
    raises ``BadMentionsFile``."""
    fmt = format_of(path)
    if not os.path.isfile(path):
        raise BadMentionsFile(f"{path}: no such file")
    if fmt == "jsonl":
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    yield from_record(json.loads(line))
                except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                    on_error(f"{path}:{number}: malformed JSON ({exc})")
                except ValueError as exc:
                    on_error(f"{path}:{number}: {exc}")
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise BadMentionsFile(f"{path}: not a Parquet file ({exc})") from None
    if {"document", "mentions"} - set(parquet.schema_arrow.names):
        raise BadMentionsFile(f"{path}: not a mentions file (no \"document\" and \"mentions\" columns)")
    number = 0
    for batch in parquet.iter_batches(batch_size=ROW_GROUP):
        for row in batch.to_pylist():
            number += 1
            try:
                yield from_record(_from_parquet(row))
            except ValueError as exc:
                on_error(f"{path}:row {number}: {exc}")


def read_all(paths: Iterable[str], on_error: Callable[[str], None]) -> Iterator[tuple[Document, list[Mention]]]:
    """Every record of every file, in the order given; an unreadable file is reported and skipped."""
    for path in mentions_files(paths):
        try:
            yield from read_mentions(path, on_error)
        except BadMentionsFile as exc:
            on_error(str(exc))
        except OSError as exc:
            on_error(f"{path}: cannot read: {exc.strerror or exc}")


def merge_files(paths: Iterable[str], store, on_error: Callable[[str], None] | None = None, merger=None):
    """Store the documents of mentions files and merge their mentions, as
    ``ingest`` does with the documents it extracts. Returns an ``IngestReport``
    (``read``: records read)."""
    from .pipeline import IngestReport, _say_error, store_and_merge
    from .store.errors import StoreFault

    say = on_error or _say_error
    report = IngestReport()

    def record_error(message: str) -> None:
        report.errors.append(message)
        say(message)

    def counted() -> Iterator[tuple[Document, list[Mention]]]:
        for item in read_all(paths, record_error):
            report.read += 1
            yield item

    results: list = []
    counts = {"mentions": 0}
    try:
        store_and_merge(counted(), store, record_error, results=results, counts=counts, merger=merger)
    except StoreFault as fault:
        report.fault = fault
    report.mentions = counts["mentions"]
    report.stored = sum(1 for r in results if r)
    report.duplicates = sum(1 for r in results if not r)
    try:
        report.events = store.count_events()
    except StoreFault:
        report.events = 0
    return report
