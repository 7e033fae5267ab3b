"""Streaming an export while it is being written.

``export.write`` pushes text into a file object; a web response pulls bytes.
The writer runs in a thread of its own and hands 64 KiB pieces over a small
queue, so the first bytes leave at once, memory stays bounded whatever the
export's size, and a client that goes away stops the writer.
"""
from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterator
from typing import TextIO

log = logging.getLogger(__name__)

PIECE = 64 * 1024
_DONE = object()


class _Cancelled(Exception):
    """The client stopped reading."""


class _QueueWriter:
    def __init__(self, pieces: queue.Queue, cancelled: threading.Event) -> None:
        self.pieces = pieces
        self.cancelled = cancelled
        self.buffer: list[str] = []
        self.size = 0

    def write(self, text: str) -> int:
        self.buffer.append(text)
        self.size += len(text)
        if self.size >= PIECE:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self.buffer:
            self._put("".join(self.buffer).encode("utf-8"))
            self.buffer, self.size = [], 0

    def _put(self, item: object) -> None:
        while True:
            if self.cancelled.is_set():
                raise _Cancelled
            try:
                self.pieces.put(item, timeout=0.5)
                return
            except queue.Full:
                continue


def stream_writer(write: Callable[[TextIO], object]) -> Iterator[bytes]:
    """The bytes that ``write(out)`` writes to ``out``, as they come."""
    pieces: queue.Queue = queue.Queue(maxsize=16)
    cancelled = threading.Event()

    def produce() -> None:
        writer = _QueueWriter(pieces, cancelled)
        try:
            write(writer)  # type: ignore[arg-type]
            writer.flush()
            writer._put(_DONE)
        except _Cancelled:
            pass
        except Exception as exc:  # the client gets a truncated file; we get the reason
            log.exception("export failed")
            try:
                writer._put(exc)
            except _Cancelled:
                pass

    thread = threading.Thread(target=produce, name="export-writer", daemon=True)
    thread.start()
    try:
        while True:
            item = pieces.get()
            if item is _DONE:
                return
            if isinstance(item, Exception):
                raise item
            yield item
    finally:
        cancelled.set()
