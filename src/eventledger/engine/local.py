"""Extraction in worker processes on this machine (``--workers N``).

    for doc, mentions in extract_in_workers(documents, workers=2):
        store.add_document(doc, mentions)     # the parent alone writes

The parent cuts the documents into shards of a few documents; each worker
process loads the spaCy pipeline and the place index once, then runs
``pipeline.extract_documents`` over one shard after another. Results come back
in input order, whatever order the workers finish in, so the caller sees
exactly the stream that ``extract_documents`` would have given in one process:
the store ends up the same whatever N is. Only the parent touches the store,
so workers never fight over SQLite's write lock.

A worker that dies (killed, out of memory, a crash in native code) loses only
the shard it held: its documents are retried one by one in a fresh worker, and
a document that kills a worker again is reported (``on_error``, naming it) and
skipped. Everything else goes on.

Workers are started as work arrives (an input of one shard starts one worker),
with the ``spawn`` start method: a fresh interpreter, no locks or threads
inherited from the parent.
"""
from __future__ import annotations

import itertools
import multiprocessing
import queue
import resource
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ..records import Document, Mention
from . import ExtractorSpec, WorkerStats

SHARD = 4  # documents per task: small, so the last shards spread over the workers
_STOP = object()


def _say_error(message: str) -> None:
    print(f"eventledger: {message}", file=sys.stderr)


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _serve(conn, spec: ExtractorSpec) -> None:
    """A worker process: load the extractor once, then extract shard after shard."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from ..pipeline import extract_documents

    started = time.perf_counter()
    try:
        extractor = spec.build()
        extractor.nlp("warm up.")
    except Exception as exc:  # noqa: BLE001 - told to the parent in one line
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", time.perf_counter() - started, _peak_mb()))
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        key, documents = task
        errors: list[str] = []
        results = list(extract_documents(documents, extractor=extractor, on_error=errors.append))
        conn.send(("done", key, results, errors, _peak_mb()))


@dataclass
class _Task:
    key: tuple[int, int]  # (shard, -1) for a whole shard, (shard, i) for its i-th document retried alone
    documents: list[Document]


@dataclass
class _Shard:
    documents: list[Document]
    results: list[tuple[Document, list[Mention]]] | None = None
    errors: list[str] = field(default_factory=list)
    retried: dict[int, tuple[list, list[str]]] | None = None  # document index -> (results, errors)

    @property
    def complete(self) -> bool:
        if self.results is not None:
            return True
        return self.retried is not None and len(self.retried) == len(self.documents)

    def output(self) -> tuple[list[tuple[Document, list[Mention]]], list[str]]:
        if self.results is not None:
            return self.results, self.errors
        results, errors = [], list(self.errors)
        for i in range(len(self.documents)):
            r, e = self.retried[i]
            results.extend(r)
            errors.extend(e)
        return results, errors


class WorkerPool:
    """``workers`` processes, each fed by a thread of the parent that sends it a
    task, waits for the answer and passes it on, so workers keep working while
    the parent stores. Answers arrive on ``results`` as
    ``("done", key, results, errors, peak_mb)`` or ``("crashed", key, how)``."""

    def __init__(self, workers: int, spec: ExtractorSpec | None = None, stats: WorkerStats | None = None) -> None:
        self.workers = max(1, workers)
        self.spec = spec or ExtractorSpec()
        self.stats = stats if stats is not None else WorkerStats()
        self.stats.workers, self.stats.engine = self.workers, "local processes"
        self.tasks: queue.PriorityQueue = queue.PriorityQueue()
        self.results: queue.Queue = queue.Queue()
        self._context = multiprocessing.get_context("spawn")
        self._threads: list[threading.Thread] = []
        self._processes: dict[int, multiprocessing.Process] = {}
        self._numbers = itertools.count(1)
        self._order = itertools.count()
        self._closing = threading.Event()
        self._lock = threading.Lock()

    def submit(self, task: _Task) -> None:
        if len(self._threads) < self.workers:  # start workers as work arrives
            thread = threading.Thread(target=self._drive, name=f"eventledger-worker-{len(self._threads) + 1}",
                                      daemon=True)
            self._threads.append(thread)
            thread.start()
        # earliest shard first, retries of a shard before the shards after it
        self.tasks.put((task.key, next(self._order), task))

    def _start(self):
        number = next(self._numbers)
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, self.spec), name=f"eventledger-worker-{number}",
                                        daemon=True)
        process.start()
        child.close()
        with self._lock:
            self._processes[number] = process
        reply = parent.recv()  # EOFError if it died loading
        if reply[0] == "failed":
            raise RuntimeError(f"an extraction worker could not start: {reply[1]}")
        self.stats.startup_seconds.append(round(reply[1], 2))
        self.stats.peak_mb[f"worker {number}"] = reply[2]
        return number, process, parent

    def _stop(self, number: int, process, conn) -> None:
        try:
            conn.send(None)
        except OSError:
            pass
        process.join(timeout=5)
        if process.is_alive():
            process.terminate()
            process.join()
        conn.close()
        with self._lock:
            self._processes.pop(number, None)

    def _drive(self) -> None:
        worker = None
        while True:
            _, _, task = self.tasks.get()
            if task is _STOP or self._closing.is_set():
                if worker is not None:
                    self._stop(*worker)
                return
            try:
                if worker is None:
                    worker = self._start()
                number, process, conn = worker
                conn.send((task.key, task.documents))
                reply = conn.recv()
            except (EOFError, OSError) as exc:
                if self._closing.is_set():
                    return
                how = self._death(worker, exc)
                if worker is not None:
                    self._stop(*worker)
                worker = None
                self.stats.crashes += 1
                self.results.put(("crashed", task.key, how))
                continue
            except RuntimeError as exc:  # could not start at all: nothing can be extracted
                self.results.put(("failed", task.key, str(exc)))
                worker = None
                continue
            self.stats.peak_mb[f"worker {number}"] = reply[4]
            self.results.put(reply)

    @staticmethod
    def _death(worker, exc: BaseException) -> str:
        if worker is None:
            return f"the worker died while starting ({type(exc).__name__})"
        number, process, _ = worker
        process.join(timeout=5)
        code = process.exitcode
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)
            return f"worker {number} was killed by {name}"
        return f"worker {number} died (exit code {code})"

    def close(self) -> None:
        self._closing.set()
        for _ in self._threads:
            self.tasks.put(((sys.maxsize, 0), next(self._order), _STOP))
        with self._lock:
            processes = list(self._processes.values())
        for process in processes:  # a worker still busy has nothing left to deliver
            if process.is_alive():
                process.terminate()
        for thread in self._threads:
            thread.join(timeout=10)
        for process in processes:
            process.join(timeout=5)


def extract_in_workers(
    documents: Iterable[Document],
    workers: int,
    spec: ExtractorSpec | None = None,
    on_error: Callable[[str], None] = _say_error,
    stats: WorkerStats | None = None,
    shard_size: int = SHARD,
) -> Iterator[tuple[Document, list[Mention]]]:
    """``pipeline.extract_documents`` over ``documents``, run in ``workers``
    processes: the same (document, mentions) pairs in the same order, and the
    same errors through ``on_error``. ``stats``, when given, is filled with each
    worker's peak memory and start-up time."""
    pool = WorkerPool(workers, spec, stats)
    look_ahead = 2 * pool.workers + 2  # shards read ahead of the one being stored
    source = iter(documents)
    shards: dict[int, _Shard] = {}
    submitted = delivered = 0
    exhausted = False
    try:
        while True:
            while not exhausted and submitted - delivered < look_ahead:
                batch = list(itertools.islice(source, shard_size))
                if not batch:
                    exhausted = True
                    break
                shards[submitted] = _Shard(batch)
                pool.submit(_Task((submitted, -1), batch))
                submitted += 1
            if delivered == submitted:
                return
            while not shards[delivered].complete:
                _take(pool, shards, pool.results.get(), on_error)
            results, errors = shards.pop(delivered).output()
            delivered += 1
            for message in errors:
                on_error(message)
            yield from results
    finally:
        pool.close()


def _take(pool: WorkerPool, shards: dict[int, _Shard], reply: tuple, on_error: Callable[[str], None]) -> None:
    kind, (index, part) = reply[0], reply[1]
    shard = shards[index]
    if kind == "done":
        _, _, results, errors, _ = reply
        if part < 0:
            shard.results, shard.errors = results, errors
        else:
            shard.retried[part] = (results, errors)
        return
    names = [d.path or d.id for d in (shard.documents if part < 0 else [shard.documents[part]])]
    if kind == "failed":
        message = f"{reply[2]}; not extracted: {', '.join(names)}"
        if part < 0:
            shard.results, shard.errors = [], [message]
        else:
            shard.retried[part] = ([], [message])
        return
    how = reply[2]
    if part < 0 and len(shard.documents) > 1:
        # nothing is lost yet: a warning, not an error
        _say_error(f"{how} while extracting {', '.join(names)}; retrying them one by one")
        shard.retried = {}
        for i, doc in enumerate(shard.documents):
            pool.submit(_Task((index, i), [doc]))
        return
    message = f"{names[0]}: extraction failed: {how} while extracting it; not stored"
    if part < 0:
        shard.results, shard.errors = [], [message]
    else:
        shard.retried[part] = ([], [message])
