"""Adding a report posted to the web API: the same path as ``eventledger ingest``.

``process`` is what the upload worker (``jobs.py``) runs for each queued
report; the request that posted it has long been answered.

The report is handed to the ingest reader as a one-record JSON-lines file, so
a pasted report is cleaned, HTML-stripped and dated exactly as a file would be;
then ``pipeline.ingest_documents`` extracts, stores and re-merges.

The posted text is only ever data: it is parsed (never executed), stored, and
returned inside JSON, which the page puts into the DOM as text.
"""
from __future__ import annotations

import hashlib
import json
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from eventledger.ingest import read_paths
from eventledger.pipeline import ingest_documents
from eventledger.records import Document, IngestError
from eventledger.store import Store

from . import queries
from .jobs import JobFailed

# Merging reads the events around the new mentions, then rewrites them; two
# uploads merging at once could each write over the other's result.
_MERGE_LOCK = threading.Lock()


class ReportRejected(ValueError):
    """The report cannot become a document (empty after cleaning, nothing extracted...)."""


@dataclass
class AddedReport:
    stored: bool
    document_id: str
    duplicate_of: str | None = None
    renamed_from: str | None = None
    warnings: list[str] = field(default_factory=list)


def upload_id(text: str, published: str) -> str:
    """A readable, stable id: the same report posted twice gets the same one."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    return f"upload-{published}-{digest}"


def read_report(text: str, published: str, publisher: str | None, title: str | None, url: str | None) -> Document:
    record = {"id": upload_id(text, published), "text": text, "published": published}
    record.update((k, v) for k, v in (("publisher", publisher), ("title", title), ("url", url)) if v)
    with tempfile.TemporaryDirectory(prefix="eventledger-upload-") as folder:
        path = Path(folder) / "report.jsonl"
        path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        items = list(read_paths([str(path)]))
    if len(items) != 1:
        raise ReportRejected("the report could not be read")
    item = items[0]
    if isinstance(item, IngestError):
        # The reader names the temp file; the user only needs the reason.
        raise ReportRejected(item.message)
    item.path = "web upload"
    return item


def add_report(
    store: Store,
    text: str,
    published: str,
    publisher: str | None = None,
    title: str | None = None,
    url: str | None = None,
) -> AddedReport:
    document = read_report(text, published, publisher, title, url)
    problems: list[str] = []
    with _MERGE_LOCK:
        results = ingest_documents([document], store, on_error=problems.append)
    if not results:
        raise ReportRejected("; ".join(problems) or "the report could not be processed")
    result = results[0]
    return AddedReport(
        stored=result.stored,
        document_id=result.document_id,
        duplicate_of=result.duplicate_of,
        renamed_from=result.renamed_from,
        warnings=problems,
    )


@dataclass(frozen=True)
class Upload:
    """A report as posted, checked and waiting in the queue."""

    text: str
    published: str
    publisher: str | None = None
    title: str | None = None
    url: str | None = None


def process(store: Store, upload: Upload) -> dict:
    """Extract and store one queued report; the job's result (``schemas.ReportOut``)."""
    try:
        added = add_report(store, upload.text, upload.published, upload.publisher, upload.title, upload.url)
    except ReportRejected as exc:
        raise JobFailed(f"report not added: {exc}") from None
    return {
        "stored": added.stored,
        "document_id": added.document_id,
        "duplicate_of": added.duplicate_of,
        "renamed_from": added.renamed_from,
        "events": queries.event_summaries(store, document=added.document_id),
        "warnings": added.warnings,
    }

