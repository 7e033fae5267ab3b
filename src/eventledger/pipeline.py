"""The whole path, stage by stage: ingest -> extract -> store -> merge.

Each stage is a plain function over plain records; this module only strings
them together and keeps a bad document from stopping the batch.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .extract import Extractor, default_extractor
from .ingest import read_paths
from .merge import fuse, merge_new
from .records import Document, Event, IngestError, Mention
from .store.errors import StoreFault, one_line

BATCH = 16
MERGE_EVERY = 200  # mentions stored before the events are brought up to date


@dataclass
class IngestReport:
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    mentions: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)
    # set when the store itself failed (disk full, read-only, damaged): the
    # batch stopped there, with everything stored before it kept whole
    fault: StoreFault | None = None


def _say_error(message: str) -> None:
    print(f"eventledger: {message}", file=sys.stderr)


def extract_documents(
    documents: Iterable[Document],
    extractor: Extractor | None = None,
    on_error: Callable[[str], None] = _say_error,
) -> Iterator[tuple[Document, list[Mention]]]:
    """Mentions per document, streaming in batches; a document whose extraction
    fails is reported and skipped."""
    ex = extractor or default_extractor()
    batch: list[Document] = []

    def flush() -> Iterator[tuple[Document, list[Mention]]]:
        from .extract.document import DocumentExtractor

        for doc, sdoc in zip(batch, ex.nlp.pipe((d.text for d in batch), batch_size=BATCH)):
            try:
                yield doc, DocumentExtractor(ex, doc, sdoc).run()
            except Exception as exc:  # one bad document must not end the batch
                on_error(f"{doc.path or doc.id}: extraction failed: {type(exc).__name__}: {exc}")
        batch.clear()

    for doc in documents:
        batch.append(doc)
        if len(batch) >= BATCH:
            yield from flush()
    if batch:
        yield from flush()


def events_of_document(mentions: list[Mention]) -> list[Event]:
    """The events one document reports on its own (no cross-document merging)."""
    return [fuse([m]) for m in mentions]


def ingest(paths: list[str], store, meta: str | None = None, progress: bool = False,
           on_error: Callable[[str], None] = _say_error) -> IngestReport:
    """Read, extract and store documents, then bring the merged events up to date."""
    report = IngestReport()

    def fresh_documents() -> Iterator[Document]:
        seen: set[str] = set()
        for item in read_paths(paths, meta=meta, progress=progress):
            if isinstance(item, IngestError):
                report.errors.append(str(item))
                on_error(str(item))
                continue
            report.read += 1
            if item.hash in seen or store.has_document(item.hash):
                report.duplicates += 1
                continue
            seen.add(item.hash)
            yield item

    def record_error(message: str) -> None:
        report.errors.append(message)
        on_error(message)

    results: list = []
    counts = {"mentions": 0}
    try:
        store_and_merge(extract_documents(fresh_documents(), on_error=record_error), store, record_error,
                        results=results, counts=counts)
    except StoreFault as fault:
        report.fault = fault
    report.mentions = counts["mentions"]
    report.stored = sum(1 for r in results if r)
    report.duplicates += sum(1 for r in results if not r)
    if report.fault is None:
        report.events = store.count_events()
    else:
        try:
            report.events = store.count_events()
        except StoreFault:
            report.events = 0  # the store cannot even be read: the fault says why
    return report


def store_and_merge(extracted: Iterable[tuple[Document, list[Mention]]], store,
                    on_error: Callable[[str], None] = _say_error, results: list | None = None,
                    counts: dict[str, int] | None = None) -> tuple[list, int]:
    """Store each document with its mentions (one transaction each), then merge
    the new mentions into the events, neighbourhood by neighbourhood.

    Returns one ``AddResult`` per document that reached the store, in input
    order, and the number of mentions stored. Documents are committed one by
    one and events follow in batches, each neighbourhood in one transaction,
    so a crash leaves at worst mentions not yet merged: they are taken up here
    by the next run.

    A fault of the store itself (``StoreFault``: disk full, read-only,
    damaged) ends the batch: it is raised after the transaction in progress
    was rolled back, so the store holds whole documents and whole merges only;
    ``results`` and ``counts["mentions"]``, when given, are filled as
    documents are stored, so the caller still knows what was done.
    """
    results = [] if results is None else results
    stored_mentions = 0
    pending: list[Mention] = store.unmerged_mentions()
    for doc, mentions in extracted:
        try:
            result = store.add_document(doc, mentions)
        except StoreFault:
            raise  # every next document would fail the same way
        except Exception as exc:  # the store rolled the document back; go on
            on_error(f"{doc.path or doc.id}: not stored: {one_line(exc)}")
            continue
        results.append(result)
        if result:
            stored_mentions += len(mentions)
            if counts is not None:
                counts["mentions"] = stored_mentions
            pending.extend(mentions)
        if len(pending) >= MERGE_EVERY:
            merge_new(store, pending)
            pending = []
    merge_new(store, pending)
    return results, stored_mentions


def ingest_documents(documents: Iterable[Document], store, extractor: Extractor | None = None,
                     on_error: Callable[[str], None] = _say_error) -> list:
    """Extract and store documents already read (e.g. a report posted to the web
    API), then bring the merged events up to date, as ``ingest`` does for files.

    Returns one ``AddResult`` per document that reached the store, in input
    order: ``document_id`` is where its text is stored (a new id, or the stored
    document with the same text when ``duplicate_of`` is set). Documents whose
    extraction or storing fails are reported through ``on_error`` and left out.
    Only the new mentions' neighbourhood of events is re-merged, as in ``ingest``.
    """
    results, _ = store_and_merge(extract_documents(documents, extractor=extractor, on_error=on_error), store, on_error)
    return results
