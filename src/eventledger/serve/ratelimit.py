"""A per-client limit on uploads: a token bucket per client address.

    limiter = RateLimiter(per_minute=20)
    wait = limiter.take("192.0.2.7")   # None: go ahead; else seconds to wait

Each client may send up to ``per_minute`` uploads at once, and one more every
``60 / per_minute`` seconds after that: a burst of pasted reports passes, a
script hammering the endpoint is slowed to the sustained rate. Clients are
told by address, so clients behind one proxy share a bucket.
"""
from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

MAX_CLIENTS = 10_000  # buckets remembered; full ones are forgotten first


class RateLimiter:
    def __init__(self, per_minute: float, clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute <= 0:
            raise ValueError("the upload rate must be above 0 per minute")
        self.capacity = float(per_minute)
        self.refill_per_second = per_minute / 60.0
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, when)

    def _level(self, client: str, now: float) -> float:
        tokens, when = self._buckets.get(client, (self.capacity, now))
        return min(self.capacity, tokens + (now - when) * self.refill_per_second)

    def take(self, client: str) -> int | None:
        """Spend one upload of ``client``'s allowance: None when allowed,
        otherwise the whole seconds until the next one is."""
        with self._lock:
            now = self._clock()
            tokens = self._level(client, now)
            if tokens < 1.0:
                self._buckets[client] = (tokens, now)
                return max(1, math.ceil((1.0 - tokens) / self.refill_per_second))
            self._buckets[client] = (tokens - 1.0, now)
            if len(self._buckets) > MAX_CLIENTS:
                self._forget_full(now)
            return None

    def give_back(self, client: str) -> None:
        """Undo a ``take`` whose upload was not accepted after all (the queue was full)."""
        with self._lock:
            now = self._clock()
            self._buckets[client] = (min(self.capacity, self._level(client, now) + 1.0), now)

    def _forget_full(self, now: float) -> None:
        for client in [c for c in self._buckets if self._level(c, now) >= self.capacity]:
            del self._buckets[client]
        while len(self._buckets) > MAX_CLIENTS:  # memory stays bounded under any load
            del self._buckets[next(iter(self._buckets))]
