"""The same ingest on a Ray cluster (``eventledger ingest --engine ray``; the ``[ray]`` extra).

    eventledger ingest REPORTS/ --engine ray --ray-address ray://head:10001 --db postgresql://...

- **Read** (Ray Data): the driver lists the input files (folders walked as
  ``read_paths`` walks them); a dataset of file names is read in parallel
  tasks, each calling ``ingest.read_paths`` on its files, and documents the
  store already holds are dropped there, before any parsing.
- **Extract** (the map): an actor pool, each actor loading the spaCy
  pipeline and the place index once (``ExtractorSpec.build``) and running
  ``pipeline.extract_documents`` over batches of documents. Results travel as
  the mentions interchange (``interchange.record_of``).
- **Store and merge** (the reduce): the driver stores documents in input order
  (Ray Data keeps it: ``preserve_order``), one transaction each, exactly as
  ``ingest`` does, and each batch of new mentions is merged by country in
  parallel tasks (``merge.by_country``): a country's neighbourhoods (one per
  month) are merged in date order by one task, since a month's window reaches
  into the next, and countries never share a candidate pair. So the store ends
  up the same as one process makes it (tested). On PostgreSQL the tasks run
  anywhere in the cluster and their writes take turns (one advisory lock); on
  an SQLite file they run on the driver's machine and SQLite's write lock
  serialises them.

Every node needs eventledger installed (the same version, with the place index
built: ``eventledger gazetteer build``) and the input files at the same paths
(a shared file system); the store must be reachable from every node
(PostgreSQL), or be an SQLite file on the driver's machine.
"""
from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
from collections.abc import Callable, Iterator
from typing import Any

from ..records import Document, IngestError, Mention
from . import ExtractorSpec, WorkerStats

BATCH = 4  # documents per extraction call, as the local engine's shards
READ_BATCH = 16  # files per read task


class RayUnavailable(RuntimeError):
    """Ray is not installed, or the cluster cannot be reached."""


def _ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise RayUnavailable(f"the Ray engine needs Ray: pip install -e '.[ray]' ({exc})") from None
    return ray


def _say_error(message: str) -> None:
    print(f"eventledger: {message}", file=sys.stderr)


# ---------------------------------------------------------------- reading


def _read_files(batch: dict[str, Any], meta: str | None, db_url: str | None, options=None) -> dict[str, list]:
    """A Ray Data task: read a batch of files into documents (as JSON), errors,
    warnings, and markers for documents the store already holds. A known
    document read with new metadata comes back as an "update" (``pipeline.metadata_update``)."""
    from ..ingest import document_warnings, read_paths
    from ..pipeline import metadata_update

    paths = [str(p) for p in batch["path"]]
    entries = [str(e) for e in batch["meta"]]
    out: dict[str, list] = {"kind": [], "value": []}
    meta_path = meta
    written = None
    if meta and "*" not in entries:
        # only this batch's meta entries, so a large meta file is not re-read per batch
        handle, written = tempfile.mkstemp(suffix=".jsonl")
        with os.fdopen(handle, "w", encoding="utf-8") as fh:
            fh.writelines(entry + "\n" for entry in entries if entry)
        meta_path = written if any(entries) else None
    store = None
    try:
        if db_url:
            from ..store import Store

            store = Store(db_url, read_only=True)
        for item in read_paths(paths, meta=meta_path, options=options):
            if isinstance(item, IngestError):
                out["kind"].append("error")
                out["value"].append(str(item))
                continue
            for warning in document_warnings(item):
                out["kind"].append("warning")
                out["value"].append(warning)
            stored = store.document_by_hash(item.hash) if store is not None else None
            if stored is None:
                kind, doc = "document", item
            else:
                doc = metadata_update(stored, item)
                kind = "known" if doc is None else "update"
            out["kind"].append(kind)
            out["value"].append(item.id if doc is None else json.dumps(doc.to_dict(), ensure_ascii=False))
    finally:
        if store is not None:
            store.close()
        if written:
            os.unlink(written)
    return out


class Extract:
    """A Ray Data actor: the extractor loaded once, then batch after batch."""

    def __init__(self, spec: ExtractorSpec) -> None:
        self.extractor = spec.build()
        self.extractor.nlp("warm up.")
        self.name = f"actor {os.getpid()}"

    def __call__(self, batch: dict[str, Any]) -> dict[str, list]:
        from ..interchange import record_of
        from ..pipeline import extract_documents
        from ..store.serialize import document_from_dict

        out: dict[str, list] = {"kind": [], "value": [], "actor": [], "peak_mb": []}

        def emit(kind: str, value: str) -> None:
            out["kind"].append(kind)
            out["value"].append(value)

        documents: list[Document] = []
        updates: set[str] = set()

        def flush() -> None:
            errors: list[str] = []
            for doc, mentions in extract_documents(documents, extractor=self.extractor, on_error=errors.append):
                kind = "update-record" if doc.id in updates else "record"
                emit(kind, json.dumps(record_of(doc, mentions), ensure_ascii=False))
            for message in errors:
                emit("error", message)
            documents.clear()
            updates.clear()

        for kind, value in zip(batch["kind"], batch["value"]):
            if kind in ("document", "update"):
                doc = document_from_dict(json.loads(value))
                documents.append(doc)
                if kind == "update":
                    updates.add(doc.id)
                continue
            flush()  # keep the input order around errors and known documents
            emit(str(kind), str(value))
        flush()
        peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        out["actor"] = [self.name] * len(out["kind"])
        out["peak_mb"] = [peak] * len(out["kind"])
        return out


def _inputs(paths: list[str], meta: str | None, options, skip: list[str],
            on_error: Callable[[str], None]) -> list[dict[str, str]]:
    """One row per input file, in ``read_paths``' order, with its meta entry.
    A meta file with a bad line stops the run before anything is read, as
    ``read_paths`` does (a document stored without its metadata could not be
    told apart later)."""
    from ..ingest import read_meta
    from ..ingest.files import display, find_files
    from ..ingest.readers import JSON_SUFFIXES, JSONL_SUFFIXES

    table = None
    if meta is not None:
        table, errors = read_meta(meta, options)
        if errors:
            for error in errors:
                on_error(str(error))
            on_error(f"{display(meta)}: not used, and so no document was read (one could be stored without its "
                     "metadata); fix the lines named and run again")
            return []
    rows = []
    found = find_files(paths, skip=[*skip, *([meta] if meta else [])],
                       follow_external_links=options.follow_external_links)
    for item in found:
        if isinstance(item, IngestError):
            on_error(str(item))
            continue
        suffix = os.path.splitext(item)[1].lower()
        if options.as_jsonl or suffix in JSONL_SUFFIXES or suffix in JSON_SUFFIXES:
            entry = "*"  # JSON records are matched by their ids: the task reads the whole meta file
        else:
            found_entry = table.get(display(os.path.basename(item)))[0] if table is not None else None
            entry = json.dumps(found_entry, ensure_ascii=False) if found_entry else ""
        rows.append({"path": str(item), "meta": entry})
    return rows


# ---------------------------------------------------------------- merging


def _merge_country(db_url: str, mentions: list[Mention]) -> int:
    """A Ray task: merge one country's new mentions, month by month, into the store."""
    from ..merge import merge_new
    from ..store import Store

    store = Store(db_url, migrate=False)
    try:
        written, _ = merge_new(store, mentions)
        return written
    finally:
        store.close()


class ParallelMerger:
    """``merge_new`` with each country's mentions merged by a task of its own."""

    def __init__(self, ray, db_url: str) -> None:
        from ..store.errors import sqlite_path

        self.ray = ray
        self.db_url = db_url
        self.task = ray.remote(num_cpus=0, max_retries=0)(_merge_country)
        self.options: dict[str, Any] = {}
        if sqlite_path(db_url) is not None:  # the file is on this machine: merge here
            from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

            node = ray.get_runtime_context().get_node_id()
            self.options["scheduling_strategy"] = NodeAffinitySchedulingStrategy(node_id=node, soft=False)

    def __call__(self, store, mentions: list[Mention]) -> None:
        from ..merge import by_country, merge_new

        groups = by_country(mentions)
        if len(groups) <= 1:
            merge_new(store, mentions)
            return
        pending = [self.task.options(**self.options).remote(self.db_url, group) for group in groups]
        try:
            self.ray.get(pending)
        except self.ray.exceptions.RayTaskError as exc:
            cause = exc.cause if hasattr(exc, "cause") else exc
            raise cause from None


# ---------------------------------------------------------------- the run


def ingest_on_ray(paths: list[str], store, meta: str | None = None, address: str | None = None,
                  workers: int | None = None, progress: bool = False,
                  on_error: Callable[[str], None] = _say_error, spec: ExtractorSpec | None = None,
                  options=None, on_warning: Callable[[str], None] | None = None):
    """``pipeline.ingest`` on Ray: the same report, the same store. Joins the
    cluster at ``address`` (else ``$RAY_ADDRESS``, else starts Ray on this
    machine for the run) unless Ray is already initialised in this process."""
    from ..ingest import ReadOptions
    from ..pipeline import IngestReport, _say_warning, _store_files, finish_report, store_and_merge
    from ..store.errors import StoreFault

    options = options or ReadOptions()
    on_warning = on_warning or _say_warning

    ray = _ray()
    started_here = False
    if not ray.is_initialized():
        try:
            ray.init(address=address or os.environ.get("RAY_ADDRESS") or None, include_dashboard=False,
                     log_to_driver=False, logging_level="ERROR", configure_logging=True)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise RayUnavailable(f"cannot reach the Ray cluster at {address or os.environ.get('RAY_ADDRESS')}: "
                                 f"{exc}") from None
        started_here = True
    report = IngestReport()
    stats = WorkerStats(engine="ray")
    report.workers = stats

    def record_error(message: str) -> None:
        report.errors.append(message)
        on_error(message)

    try:
        cpus = int(ray.cluster_resources().get("CPU", 1))
        stats.workers = workers or max(1, cpus)
        rows = _inputs(paths, meta, options, _store_files(store), record_error)
        results: list = []
        counts = {"mentions": 0, "updated": 0}
        updates: set[tuple[str, str]] = set()

        def record_warning(message: str) -> None:
            report.warnings.append(message)
            on_warning(message)

        if rows:
            stream = _extracted(ray, rows, store, meta, options, stats, spec or ExtractorSpec(), progress, report,
                                record_error, record_warning, updates)
            try:
                store_and_merge(stream, store, record_error, is_update=lambda doc: (doc.id, doc.hash) in updates,
                                results=results, counts=counts, merger=ParallelMerger(ray, store.url))
            except StoreFault as fault:
                report.fault = fault
        finish_report(report, store, results, counts)
    finally:
        if started_here:
            ray.shutdown()
    return report


def _extracted(ray, rows, store, meta, options, stats: WorkerStats, spec: ExtractorSpec, progress: bool, report,
               on_error: Callable[[str], None], on_warning: Callable[[str], None],
               updates: set[tuple[str, str]]) -> Iterator[tuple[Document, list[Mention]]]:
    from ..interchange import from_record

    import logging
    import warnings

    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True  # the store must see the input order
    context.enable_progress_bars = progress
    context.print_on_execution_start = False
    # the actor pool is sized by --workers: no share of the CPUs held back for
    # the (CPU-free) read stage, which on a small cluster left one actor only
    context.op_resource_reservation_enabled = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", category=UserWarning, module=r"ray\.data\..*")
    # blocks small enough for every actor to get work, large enough not to drown in tasks
    per_block = max(1, min(READ_BATCH, len(rows) // (4 * stats.workers)))
    dataset = (
        ray.data.from_items(rows, override_num_blocks=max(1, -(-len(rows) // per_block)))
        .map_batches(_read_files, batch_size=per_block, num_cpus=0, fn_kwargs={"meta": meta, "db_url": store.url, "options": options},
                     batch_format="default")
        .map_batches(Extract, batch_size=BATCH, fn_constructor_kwargs={"spec": spec}, num_cpus=1,
                     compute=ray.data.ActorPoolStrategy(size=stats.workers, max_tasks_in_flight_per_actor=2), batch_format="default")
    )
    for row in dataset.iter_rows():
        kind, value = row["kind"], row["value"]
        stats.peak_mb[row["actor"]] = max(stats.peak_mb.get(row["actor"], 0.0), float(row["peak_mb"]))
        if kind == "error":
            on_error(value)
            continue
        if kind == "warning":
            on_warning(value)
            continue
        report.read += 1
        if kind == "known":
            report.duplicates += 1
            continue
        doc, mentions = from_record(json.loads(value))
        if kind == "update-record":
            updates.add((doc.id, doc.hash))
        yield doc, mentions
