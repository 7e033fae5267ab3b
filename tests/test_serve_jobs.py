"""The upload worker's queue and the per-client rate limit, on their own."""
from __future__ import annotations

import threading
import time

import pytest

from eventledger.serve.jobs import JobFailed, JobQueue, QueueFull
from eventledger.serve.ratelimit import RateLimiter


def wait_over(queue: JobQueue, job, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while not job.over:
        assert time.monotonic() < deadline, job
        time.sleep(0.01)
    return queue.snapshot(job)[0]


def deep(n: int):
    return deep(n + 1)


def work(payload):
    """Real failures of the kinds a report can cause, by payload."""
    if payload == "refuse":
        raise JobFailed("report not added: no text found in HTML")
    if payload == "recurse":
        return deep(0)  # RecursionError, as a deeply nested input gives
    if payload == "memory":
        raise MemoryError()
    return payload.upper()


def test_jobs_run_in_order_and_keep_their_results():
    queue = JobQueue(work, size=4)
    jobs = [queue.submit(word) for word in ("a", "b", "c")]
    assert [wait_over(queue, j).result for j in jobs] == ["A", "B", "C"]
    assert len({j.id for j in jobs}) == 3 and queue.submitted == 3
    queue.close()


def test_a_failing_job_fails_alone_with_one_line_and_the_worker_goes_on():
    queue = JobQueue(work, size=8)
    refused, recursed, starved, fine = (queue.submit(p) for p in ("refuse", "recurse", "memory", "fine"))
    assert wait_over(queue, refused).error == "report not added: no text found in HTML"
    recursion = wait_over(queue, recursed)
    assert recursion.state == "failed" and recursion.error.startswith("internal error while processing it: RecursionError")
    assert "\n" not in recursion.error and len(recursion.error) <= 300
    assert wait_over(queue, starved).error.startswith("internal error while processing it: MemoryError")
    assert wait_over(queue, fine).result == "FINE"
    queue.close()


def test_a_full_queue_refuses_with_a_retry_time_and_positions_count_down():
    gate = threading.Event()
    queue = JobQueue(lambda p: gate.wait(10) and p, size=2)
    running = queue.submit("first")
    deadline = time.monotonic() + 5
    while running.state != "running":
        assert time.monotonic() < deadline
        time.sleep(0.01)
    waiting = [queue.submit("second"), queue.submit("third")]
    assert [queue.snapshot(j)[1] for j in waiting] == [0, 1]
    assert queue.snapshot(running)[1] is None
    with pytest.raises(QueueFull) as caught:
        queue.submit("fourth")
    assert 1 <= caught.value.retry_after <= 600
    gate.set()
    assert [wait_over(queue, j).result for j in [running, *waiting]] == ["first", "second", "third"]
    queue.submit("room again")
    queue.close()


def test_finished_jobs_are_forgotten_beyond_the_limit():
    queue = JobQueue(work, size=8, keep=2)
    jobs = [queue.submit(w) for w in ("a", "b", "c", "d")]
    for job in jobs:
        wait_over(queue, job)
    assert [queue.get(j.id) is not None for j in jobs] == [False, False, True, True]
    queue.close()


def test_finished_jobs_are_forgotten_after_their_time():
    queue = JobQueue(work, size=8, keep_seconds=0.0)
    old = queue.submit("old")
    wait_over(queue, old)
    wait_over(queue, queue.submit("new"))
    assert queue.get(old.id) is None
    queue.close()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limit_allows_a_burst_then_the_sustained_rate():
    clock = Clock()
    limiter = RateLimiter(per_minute=3, clock=clock)
    assert [limiter.take("a") for _ in range(3)] == [None, None, None]
    assert limiter.take("a") == 20  # one every 20 s at 3 a minute
    clock.now += 15
    assert limiter.take("a") == 5
    clock.now += 5
    assert limiter.take("a") is None
    assert limiter.take("b") is None  # clients are counted apart


def test_rate_limit_gives_back_an_upload_that_was_not_accepted():
    limiter = RateLimiter(per_minute=1, clock=Clock())
    assert limiter.take("a") is None
    assert limiter.take("a") == 60
    limiter.give_back("a")
    assert limiter.take("a") is None


def test_rate_limit_memory_is_bounded(monkeypatch):
    from eventledger.serve import ratelimit

    monkeypatch.setattr(ratelimit, "MAX_CLIENTS", 100)
    clock = Clock()
    limiter = RateLimiter(per_minute=1, clock=clock)
    for n in range(1000):
        limiter.take(f"client-{n}")
    assert len(limiter._buckets) <= 101
