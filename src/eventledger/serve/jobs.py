"""Work done off the request path: a bounded queue and one worker thread.

    jobs = JobQueue(run=process, size=16)
    job = jobs.submit(payload)          # at once; QueueFull when the queue is full
    jobs.get(job.id).state              # "queued", "running", "done" or "failed"

An upload only queues its report and answers; extraction runs here, one
report at a time (merging is serial anyway, and one CPU-bound parse at a
time keeps the API's own threads free). A job whose input is refused
(``JobFailed``) or whose processing raises anything at all ends as "failed"
with a one-line reason; the worker goes on with the next one. Finished jobs
are remembered for an hour (at most ``keep`` of them) for clients to poll.
"""
from __future__ import annotations

import itertools
import logging
import math
import queue
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

log = logging.getLogger(__name__)

FIRST_GUESS_SECONDS = 5.0  # a job's duration before any has been measured


class QueueFull(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"the queue is full; retry in {retry_after} s")
        self.retry_after = retry_after


class JobFailed(Exception):
    """The job's input cannot be processed; the message is the client's answer."""


@dataclass
class Job:
    id: str
    seq: int
    submitted: float
    state: str = "queued"
    started: float | None = None
    finished: float | None = None
    result: Any = None
    error: str | None = None

    @property
    def over(self) -> bool:
        return self.state in ("done", "failed")


def one_line(text: str, limit: int = 300) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class JobQueue:
    def __init__(self, run: Callable[[Any], Any], *, size: int = 16, keep: int = 1000,
                 keep_seconds: float = 3600.0, name: str = "eventledger-jobs") -> None:
        if size < 1:
            raise ValueError("the queue must hold at least one job")
        self._run = run
        self._queue: queue.Queue[tuple[Job, Any]] = queue.Queue(maxsize=size)
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._seq = itertools.count(1)
        self._started_seq = 0
        self._over = 0  # finished jobs remembered
        self._mean_seconds = FIRST_GUESS_SECONDS
        self._keep, self._keep_seconds = keep, keep_seconds
        self._name = name
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.size = size
        self.submitted = 0

    def submit(self, payload: Any) -> Job:
        with self._lock:
            job = Job(secrets.token_urlsafe(16), next(self._seq), time.time())
            try:
                self._queue.put_nowait((job, payload))
            except queue.Full:
                raise QueueFull(self._retry_after()) from None
            self._jobs[job.id] = job
            self.submitted += 1
            self._ensure_worker()
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def snapshot(self, job: Job) -> tuple[Job, int | None]:
        """A consistent copy of ``job`` (the worker may be changing it), and how
        many jobs will run before it (0: it is next; None once it started)."""
        with self._lock:
            position = max(0, job.seq - self._started_seq - 1) if job.state == "queued" else None
            return replace(job), position

    @property
    def waiting(self) -> int:
        return self._queue.qsize()

    def close(self, timeout: float = 5.0) -> None:
        """Stop after the job in hand (waiting up to ``timeout`` for it)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _retry_after(self) -> int:
        return int(min(600, max(1, math.ceil(self._mean_seconds * (self._queue.qsize() + 1)))))

    def _ensure_worker(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._work, name=self._name, daemon=True)
            self._thread.start()

    def _work(self) -> None:
        while not self._stop.is_set():
            try:
                job, payload = self._queue.get(timeout=0.2)
            except queue.Empty:
                continue
            with self._lock:
                job.state, job.started = "running", time.time()
                self._started_seq = job.seq
            began = time.monotonic()
            result, error = None, None
            try:
                result = self._run(payload)
            except JobFailed as exc:
                error = one_line(str(exc)) or "the job failed"
            except BaseException as exc:  # noqa: BLE001 - the worker must outlive any job
                log.exception("job %s failed", job.id)
                error = one_line(f"internal error while processing it: {type(exc).__name__}: {exc}")
            with self._lock:
                job.result, job.error = result, error
                job.state = "failed" if error else "done"
                job.finished = time.time()
                self._over += 1
                self._mean_seconds = 0.7 * self._mean_seconds + 0.3 * (time.monotonic() - began)
                self._forget_old()

    def _forget_old(self) -> None:
        # One worker runs jobs in order, so the oldest entries are the finished ones.
        now = time.time()
        while self._jobs:
            oldest = next(iter(self._jobs.values()))
            if not oldest.over or (self._over <= self._keep and now - (oldest.finished or now) < self._keep_seconds):
                break
            self._jobs.popitem(last=False)
            self._over -= 1
