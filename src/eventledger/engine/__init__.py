"""Engines: where extraction (the map) and merging (the reduce) run.

- one process (``pipeline.extract_documents``): ``--workers 1``;
- ``local``: worker processes on this machine, each running
  ``pipeline.extract_documents`` over shards of documents while the parent
  stores and merges (``--workers N``);
- ``ray``: a Ray cluster (``--engine ray``, the ``[ray]`` extra): Ray Data
  reads the inputs, actors extract, merging runs country by country in
  parallel tasks.

Every engine hands the parent the same stream of ``(document, mentions)`` in
input order, so the store ends up the same whatever the engine and the number
of workers (same events, same ids, same order: tested).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

__all__ = ["ExtractorSpec", "WorkerStats", "default_workers"]


def default_workers() -> int:
    """The processors this process may run on (the machine's cores, less any affinity limit)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class ExtractorSpec:
    """What a worker needs to build the same ``Extractor`` as the parent would
    (it is sent to other processes, so it holds settings, never loaded models)."""

    names_as_of: str | None = None

    def build(self):
        from ..extract import Extractor, default_extractor

        if self.names_as_of:
            from ..normalise.actors import ActorResolver

            return Extractor(actors=ActorResolver.load(as_of=self.names_as_of))
        return default_extractor()


@dataclass
class WorkerStats:
    """What the workers of one run did: peak memory of each (MB, the process's
    own maximum resident set), start-up time (spawn and loading the spaCy
    pipeline and the place index), crashes."""

    workers: int = 1
    engine: str = "process"
    peak_mb: dict[str, float] = field(default_factory=dict)
    startup_seconds: list[float] = field(default_factory=list)
    crashes: int = 0

    def summary(self) -> str:
        """One line for the command's summary, e.g. ``2 workers, peak memory 612-640 MB each``."""
        if not self.peak_mb:
            return f"{self.workers} worker{'s' if self.workers != 1 else ''} ({self.engine})"
        lo, hi = min(self.peak_mb.values()), max(self.peak_mb.values())
        spread = f"{lo:.0f} MB" if round(lo) == round(hi) else f"{lo:.0f}-{hi:.0f} MB"
        started = len(self.peak_mb)
        crashed = f", {self.crashes} crashed" if self.crashes else ""
        return (f"{self.workers} workers ({self.engine}, {started} started{crashed}), "
                f"peak memory {spread} per worker")
