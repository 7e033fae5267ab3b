"""Aggregates remembered until the data changes.

The timeline, the map and the filter menus each scan the events table; a page
load, a filter toggled on and off, or a second analyst would scan it again for
the same answer. Answers are kept per request and per *data version*: on
SQLite, ``PRAGMA data_version`` on a connection of our own changes whenever any
other connection or process commits (an upload here, an ``eventledger ingest``
elsewhere), so a cached answer is never stale. Other databases have no such
cheap probe: there nothing is cached.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from eventledger.store import Store

T = TypeVar("T")


class AggregateCache:
    def __init__(self, store: Store, max_entries: int = 256, enabled: bool = True) -> None:
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._max = max_entries
        self._probe = None
        if enabled and store.engine.dialect.name == "sqlite":
            # A connection of our own that never writes: its data_version moves
            # with every commit made anywhere else.
            self._probe = store.engine.raw_connection()

    @property
    def enabled(self) -> bool:
        return self._probe is not None

    def _version(self) -> int:
        cursor = self._probe.cursor()
        try:
            return cursor.execute("PRAGMA data_version").fetchone()[0]
        finally:
            cursor.close()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        if self._probe is None:
            return compute()
        with self._lock:
            versioned = (key, self._version())
            if versioned in self._entries:
                self._entries.move_to_end(versioned)
                return self._entries[versioned]
        value = compute()  # outside the lock: other requests go on meanwhile
        with self._lock:
            self._entries[versioned] = value
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
        return value

    def close(self) -> None:
        with self._lock:
            self._entries.clear()
            if self._probe is not None:
                self._probe.close()
                self._probe = None


def request_key(name: str, filters: dict[str, Any], **params: Any) -> Hashable:
    """A hashable key for an endpoint and its parameters (lists as tuples)."""

    def freeze(value: Any) -> Hashable:
        return tuple(value) if isinstance(value, (list, tuple)) else value

    return (name, tuple(sorted((k, freeze(v)) for k, v in filters.items())), tuple(sorted((k, freeze(v)) for k, v in params.items())))
