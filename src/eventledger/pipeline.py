"""The whole path, stage by stage: ingest -> extract -> store -> merge.

Each stage is a plain function over plain records; this module only strings
them together and keeps a bad document from stopping the batch: a document
that fails anywhere (reading, parsing, extraction, storing) is named in one
line and the others go on.
"""
from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from .extract import Extractor, default_extractor
from .ingest import ReadOptions, document_warnings, read_paths
from .merge import fuse, merge_new
from .pieces import LONG_DOCUMENT_CHARS, extract_in_pieces
from .records import Document, Event, IngestError, Mention
from .store.errors import StoreFault

BATCH = 16
MERGE_EVERY = 200  # mentions stored before the events are brought up to date
MESSAGE_CHARS = 300  # an error's reason is cut to this (a database error can quote a whole report)


@dataclass
class IngestReport:
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    mentions: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)
    updated: int = 0  # known documents whose metadata changed
    warnings: list[str] = field(default_factory=list)
    # set when the store itself failed (disk full, read-only, damaged): the
    # batch stopped there, with everything stored before it kept whole
    fault: StoreFault | None = None
    # with workers: each worker's peak memory and start-up (engine.WorkerStats)
    workers: object | None = None


def _say_error(message: str) -> None:
    print(f"eventledger: {message}", file=sys.stderr)


def _say_warning(message: str) -> None:
    print(f"eventledger: warning: {message}", file=sys.stderr)


def _one_line(message: str) -> str:
    """A message as one line of reasonable length."""
    text = " ".join(str(message).split())
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 3] + "..."


def _failure(doc: Document, what: str, exc: BaseException) -> str:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{doc.path or doc.id}: {what}: " + _one_line(f"{type(exc).__name__}: {first}" if first else type(exc).__name__)


def extract_documents(
    documents: Iterable[Document],
    extractor: Extractor | None = None,
    on_error: Callable[[str], None] = _say_error,
) -> Iterator[tuple[Document, list[Mention]]]:
    """Mentions per document, streaming in batches, in input order.

    A document whose extraction fails is reported and skipped. When spaCy
    fails inside a batch, the documents of that batch not yet returned are
    parsed again one by one, so only the bad one is lost. A document longer
    than ``pieces.LONG_DOCUMENT_CHARS`` is extracted in pieces.
    """
    ex = extractor or default_extractor()
    batch: list[Document] = []
    for doc in documents:
        if len(doc.text) > LONG_DOCUMENT_CHARS:
            yield from _extract_batch(ex, batch, on_error)
            batch = []
            mentions = _guarded(doc, on_error, lambda d=doc: extract_in_pieces(ex, d))
            if mentions is not None:
                yield doc, mentions
            continue
        batch.append(doc)
        if len(batch) >= BATCH:
            yield from _extract_batch(ex, batch, on_error)
            batch = []
    yield from _extract_batch(ex, batch, on_error)


def _extract_batch(ex: Extractor, batch: list[Document], on_error) -> Iterator[tuple[Document, list[Mention]]]:
    if not batch:
        return
    parsed = iter(ex.nlp.pipe((d.text for d in batch), batch_size=BATCH))
    for position, doc in enumerate(batch):
        try:
            sdoc = next(parsed)
        except Exception:  # noqa: BLE001 - spaCy failed on some document of this batch
            for rest in batch[position:]:
                mentions = _guarded(rest, on_error, lambda d=rest: ex.mentions_of(d, ex.nlp(d.text)))
                if mentions is not None:
                    yield rest, mentions
            return
        mentions = _guarded(doc, on_error, lambda d=doc, s=sdoc: ex.mentions_of(d, s))
        if mentions is not None:
            yield doc, mentions


def _guarded(doc: Document, on_error, work: Callable[[], list[Mention]]) -> list[Mention] | None:
    try:
        return work()
    except Exception as exc:  # noqa: BLE001 - one bad document must not end the batch
        on_error(_failure(doc, "extraction failed", exc))
        return None


def events_of_document(mentions: list[Mention]) -> list[Event]:
    """The events one document reports on its own (no cross-document merging)."""
    return [fuse([m]) for m in mentions]


def metadata_update(stored: Document, read: Document) -> Document | None:
    """The stored document with the metadata a new reading of it states, or
    None when that changes nothing. Only what a meta file or JSON record
    states counts (``Document.stated``): a reading without metadata does not
    undo what an earlier one gave."""
    changes: dict = {}
    for name in read.stated:
        if name == "published":
            if read.published != stored.published or read.published_confidence > stored.published_confidence:
                changes.update(published=read.published, published_source=read.published_source,
                               published_confidence=read.published_confidence)
        elif getattr(read, name) != getattr(stored, name):
            changes[name] = getattr(read, name)
    if not changes:
        return None
    flags = [f for f in stored.flags if not (f == "no-date" and changes.get("published"))]
    return replace(stored, **changes, flags=flags, path=read.path or stored.path)


def ingest(paths: list[str], store, meta: str | None = None, progress: bool = False,
           on_error: Callable[[str], None] = _say_error, *, options: ReadOptions | None = None,
           on_warning: Callable[[str], None] = _say_warning, workers: int = 1) -> IngestReport:
    """Read, extract and store documents, then bring the merged events up to date.

    ``workers`` > 1 extracts in that many worker processes
    (``engine.local``) while this process stores and merges; the store ends up
    the same as with one.

    A document already stored (the same cleaned text) is skipped, unless the
    metadata read with it now differs from what is stored: then its metadata
    is updated, its mentions extracted again (its publication date anchors
    its relative dates) and their neighbourhood merged again.
    """
    report = IngestReport()
    # the documents that update a stored one, by id and text (not by object: workers send copies back)
    updates: set[tuple[str, str]] = set()

    def record_error(message: str) -> None:
        report.errors.append(message)
        on_error(message)

    def fresh_documents() -> Iterator[Document]:
        seen: set[str] = set()
        for item in read_paths(paths, meta=meta, progress=progress, options=options, skip=_store_files(store)):
            if isinstance(item, IngestError):
                record_error(str(item))
                continue
            report.read += 1
            for warning in document_warnings(item):
                report.warnings.append(warning)
                on_warning(warning)
            try:
                if item.hash in seen:
                    report.duplicates += 1
                    continue
                seen.add(item.hash)
                stored = store.document_by_hash(item.hash)
            except StoreFault:
                raise  # the store itself failed: every next document would too
            except Exception as exc:  # noqa: BLE001
                record_error(_failure(item, "not stored", exc))
                continue
            if stored is None:
                yield item
                continue
            updated = metadata_update(stored, item)
            if updated is None:
                report.duplicates += 1
                continue
            updates.add((updated.id, updated.hash))
            yield updated

    results: list = []
    counts = {"mentions": 0, "updated": 0}
    try:
        store_and_merge(
            extract_with_workers(fresh_documents(), workers, record_error, report), store, record_error,
            is_update=lambda doc: (doc.id, doc.hash) in updates, progress=progress, results=results, counts=counts,
        )
    except StoreFault as fault:
        report.fault = fault
    return finish_report(report, store, results, counts)


def finish_report(report: IngestReport, store, results: list, counts: dict[str, int]) -> IngestReport:
    """Fill in what ``store_and_merge`` did (its ``results`` and ``counts``)
    and the events the store now holds."""
    report.mentions, report.updated = counts["mentions"], counts["updated"]
    report.stored = sum(1 for r in results if r)
    report.duplicates += sum(1 for r in results if not r)
    try:
        report.events = store.count_events()
    except StoreFault:
        if report.fault is None:
            raise
        report.events = 0  # the store cannot even be read: the fault says why
    return report


def extract_with_workers(documents: Iterable[Document], workers: int, on_error: Callable[[str], None],
                         report: IngestReport | None = None, spec=None) -> Iterator[tuple[Document, list[Mention]]]:
    """``extract_documents`` in this process (``workers`` 1, or an input of
    one shard) or in worker processes (``engine.local``): the same pairs in the
    same order. With workers, ``report.workers`` gets their memory and start-up."""
    from .engine import WorkerStats
    from .engine.local import SHARD, extract_in_workers

    if workers > 1:  # an input of one shard is not worth starting a process for
        documents = iter(documents)
        head = list(itertools.islice(documents, SHARD + 1))
        documents = itertools.chain(head, documents)
        if len(head) <= SHARD:
            workers = 1
    if workers <= 1:
        return extract_documents(documents, extractor=spec.build() if spec else None, on_error=on_error)
    stats = WorkerStats()
    if report is not None:
        report.workers = stats
    return extract_in_workers(documents, workers, spec=spec, on_error=on_error, stats=stats)


def _store_files(store) -> list[str]:
    """An SQLite store's own files, which a folder being ingested may hold."""
    try:
        from sqlalchemy.engine import make_url

        url = make_url(store.url)
    except Exception:  # noqa: BLE001 - a stand-in store without a URL
        return []
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return []
    return [url.database + suffix for suffix in ("", "-wal", "-shm", "-journal")]


def store_and_merge(extracted: Iterable[tuple[Document, list[Mention]]], store,
                    on_error: Callable[[str], None] = _say_error,
                    is_update: Callable[[Document], bool] | None = None,
                    progress: bool = False, results: list | None = None,
                    counts: dict[str, int] | None = None, merger: Callable | None = None) -> tuple[list, int, int]:
    """Store each document with its mentions (one transaction each), then merge
    the new mentions into the events, neighbourhood by neighbourhood.

    Returns one ``AddResult`` per new document that reached the store, in
    input order, the number of mentions stored, and how many stored documents
    were updated (those ``is_update`` picks: ``Store.update_document``).
    Documents are committed one by one and events follow in batches, each
    neighbourhood in one transaction, so a crash leaves at worst mentions not
    yet merged: they are taken up here by the next run.

    A fault of the store itself (``StoreFault``: disk full, read-only,
    damaged) ends the batch: it is raised after the transaction in progress
    was rolled back, so the store holds whole documents and whole merges only;
    ``results`` and ``counts`` ("mentions", "updated"), when given, are
    filled as documents are stored, so the caller still knows what was done.
    ``merger(store, mentions)`` merges each batch (default ``merge_new``; the
    Ray engine passes one that merges countries in parallel).
    """
    results = [] if results is None else results
    counts = {} if counts is None else counts
    stored_mentions = updated = 0
    pending: list[Mention] = store.unmerged_mentions()
    if len(pending) >= MERGE_EVERY:
        _merge(store, pending, progress, merger)  # left by a crash: merged before anything new
        pending = []
    for doc, mentions in extracted:
        try:
            if is_update is not None and is_update(doc):
                reopened = store.update_document(doc, mentions)
                # its old mentions are gone, though an earlier update may have queued them
                pending = [m for m in pending if m.document != doc.id]
                pending.extend(reopened)
                updated += 1
                stored_mentions += len(mentions)
            else:
                result = store.add_document(doc, mentions)
                results.append(result)
                if result:
                    stored_mentions += len(mentions)
                    pending.extend(mentions)
        except StoreFault:
            raise  # every next document would fail the same way
        except Exception as exc:  # noqa: BLE001 - the store rolled the document back; go on
            on_error(_failure(doc, "not stored", exc))
            continue
        counts["mentions"], counts["updated"] = stored_mentions, updated
        if len(pending) >= MERGE_EVERY:
            _merge(store, pending, progress, merger)
            pending = []
    _merge(store, pending, progress, merger)
    return results, stored_mentions, updated


def _merge(store, mentions: list[Mention], progress: bool, merger: Callable | None = None) -> None:
    if merger is not None:
        merger(store, mentions)
    elif progress:
        merge_new(store, mentions, progress=True)
    else:
        merge_new(store, mentions)


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
    results, _, _ = store_and_merge(extract_documents(documents, extractor=extractor, on_error=on_error), store, on_error)
    return results
