"""Merging at scale: the time to merge 1,000 new mentions into stores of 10k,
100k and 1M mentions.

The synthetic mentions are built from the seed corpus's own extracted mentions
(their types, actors, counts and sentences), each retold by one to three
"outlets" with varied wording, and moved to varied places (synthetic towns in a
dozen countries) and dates. Dates advance with the store, as in a live feed:
a store ten times larger covers ten times as many days, so each new mention has
about as many neighbours whatever the size; what the benchmark checks is that
the merger only reads those neighbours (blocking by country and month, an
index on mention dates) rather than the whole store.

The stores are built by the bulk path (``store.bulk``): synthetic reports are
generated a chunk at a time in date order, clustered in memory (``merge``) and
written with multi-row INSERTs, a chunk per transaction (a million mentions
in minutes, where one transaction per report took ten minutes for 100k).
Events are not merged across chunk edges, which a few neighbours at the edges
would have been: immaterial to what is measured. The 1,000 new mentions of
each probe go the live way: ``add_document`` one by one, then ``merge_new``,
which alone is timed.

Run: ``eventledger bench --merge`` or ``python -m eventledger.bench_merge``.
"""
from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from .records import Document, Mention, Place, Span

COUNTRIES = ["Afghanistan", "Pakistan", "Mali", "Nigeria", "Yemen", "Syria", "Somalia", "Iraq", "Myanmar",
             "Sudan", "Burkina Faso", "Mexico"]
MENTIONS_PER_DAY = 40
WORDS = ["reportedly", "on the outskirts", "officials said", "according to residents", "late at night",
         "in the morning", "witnesses said", "sources said", "a spokesman said", "local media reported"]


def seed_templates(shared: Path) -> list[Mention]:
    """The seed corpus's own mentions, extracted now (nothing copied from the gold)."""
    from .extract import default_extractor
    from .ingest import read_paths
    from .records import IngestError

    seeds = shared / "corpus" / "seeds"
    ex = default_extractor()
    out: list[Mention] = []
    for doc in read_paths([str(seeds)], meta=str(seeds / "meta.jsonl")):
        if not isinstance(doc, IngestError):
            out.extend(m for m in ex.extract(doc) if m.event_type)
    return out


def synthetic_mentions(templates: list[Mention], start: int, count: int, rng: random.Random) -> list[tuple[Document, list[Mention]]]:
    """``count`` mentions from number ``start`` on, grouped into one-mention documents."""
    out = []
    i = start
    base = date(2019, 1, 1)
    while i < start + count:
        t = rng.choice(templates)
        country = rng.choice(COUNTRIES)
        town = rng.randrange(400)
        lat = 5 + COUNTRIES.index(country) * 3 + (town % 20) * 0.1
        lon = 10 + COUNTRIES.index(country) * 5 + (town // 20) * 0.1
        place = Place(location=f"{country} town {town}", country=country, admin1=f"{country} region {town % 20}",
                      latitude=lat, longitude=lon, precision=1, kind="city")
        day = base + timedelta(days=i // MENTIONS_PER_DAY)
        tellings = min(rng.choice((1, 1, 2, 3)), start + count - i)
        for k in range(tellings):
            words = t.sentence.text.split()
            extra = rng.choice(WORDS)
            text = " ".join(words[: len(words) // 2] + [extra] + words[len(words) // 2 :])
            doc_id = f"syn-{i:07d}"
            published = (day + timedelta(days=1)).isoformat()
            m = replace(
                t, document=doc_id, sentence=Span(0, len(text), text), place=place,
                event_date=day.isoformat(), time_precision=1, evidence={}, raw=dict(t.raw),
                quantities=dict(t.quantities), publisher=f"Outlet {k}", published=published, id=None,
            )
            m.raw.pop("event_date", None)
            # each report's text is its own (the store keeps one copy of a text)
            body = f"{text}\nReport {doc_id} of the scale benchmark."
            out.append((Document(id=doc_id, text=body, published=published, publisher=f"Outlet {k}"), [m]))
            i += 1
    return out


def _add(store, batch) -> list[Mention]:
    added = []
    for doc, mentions in batch:
        if store.add_document(doc, mentions):
            added.extend(mentions)
    return added


LOAD_CHUNK = 20_000


def _settle(store) -> None:
    """Write the bulk load out before anything is timed: the pages of a store
    just built are still to be written (its write-ahead log, the system's
    dirty pages), and the first commits after the build would pay for that,
    which a store in use does not."""
    import os

    if store.engine.dialect.name == "sqlite":
        _checkpoint(store)
    if hasattr(os, "sync"):
        os.sync()


def _checkpoint(store) -> None:
    raw = store.engine.raw_connection()  # outside any transaction: a checkpoint cannot run in one
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


def wal_pages(wal: Path) -> set[int]:
    """The database pages an SQLite write-ahead log holds (its frames' page numbers)."""
    data = wal.read_bytes() if wal.exists() else b""
    if len(data) < 32:
        return set()
    page_size = int.from_bytes(data[8:12], "big")
    return {int.from_bytes(data[at:at + 4], "big") for at in range(32, len(data) - 23 - page_size, 24 + page_size)}


def pages_of_a_merge(store, batch) -> int | None:
    """Distinct pages of the store that merging ``batch`` writes (SQLite only;
    untimed): its documents are stored and checkpointed first, then the merge
    runs with automatic checkpoints off, so its write-ahead log holds every
    page it changed, each once. Those pages are what its commits' checkpoints
    write out and sync: the one cost of merging that grew with the store while
    new ids landed one to a page across its indexes."""
    from sqlalchemy import event

    from .merge import merge_new
    from .store import Store
    from .store.errors import sqlite_path

    path = sqlite_path(store.url)
    if path is None:
        return None
    probe = Store(store.url)
    event.listen(probe.engine, "connect",
                 lambda dbapi_connection, _: dbapi_connection.execute("PRAGMA wal_autocheckpoint=0"))
    probe.engine.dispose()  # connections from here on have no automatic checkpoint
    try:
        added = _add(probe, batch)
        _checkpoint(probe)
        merge_new(probe, added)
        return len(wal_pages(path.with_name(path.name + "-wal")))
    finally:
        _checkpoint(probe)
        probe.close()


def bulk_build(store, templates: list[Mention], start: int, count: int, rng: random.Random) -> None:
    """``count`` synthetic mentions from number ``start`` on, clustered and bulk-loaded a chunk at a time."""
    from .merge import merge
    from .store.bulk import assign_ids, bulk_load

    done = 0
    while done < count:
        size = min(LOAD_CHUNK, count - done)
        batch = synthetic_mentions(templates, start + done, size, rng)
        for doc, mentions in batch:
            assign_ids(doc, mentions)
        events, _ = merge(m for _, mentions in batch for m in mentions)
        bulk_load(store, batch, events)
        done += size


def run(shared: Path, sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000), probes: int = 3,
        echo: Callable[[str], None] = print) -> dict:
    from .merge import merge_new
    from .store import Store

    rng = random.Random(20211)
    templates = seed_templates(shared)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/scale.sqlite")
        loaded = 0
        for size in sizes:
            t = time.perf_counter()
            bulk_build(store, templates, loaded, size - loaded, rng)
            loaded = size
            load_s = time.perf_counter() - t
            _settle(store)
            timings, storing = [], []
            for _ in range(probes):
                batch = synthetic_mentions(templates, loaded, 1000, rng)
                t = time.perf_counter()
                added = _add(store, batch)
                storing.append(time.perf_counter() - t)
                t = time.perf_counter()
                merge_new(store, added)
                timings.append(time.perf_counter() - t)
                loaded += 1000
            per_1000 = sorted(timings)[len(timings) // 2]
            pages = pages_of_a_merge(store, synthetic_mentions(templates, loaded, 1000, rng))
            loaded += 1000
            results[size] = {"events": store.count_events(), "load_seconds": round(load_s, 1),
                             "merge_seconds_per_1000": round(per_1000, 2),
                             "merge_seconds_min": round(min(timings), 2),
                             "store_seconds_per_1000": round(sorted(storing)[len(storing) // 2], 2),
                             "merge_pages_written": pages}
            echo(f"store of {size:>9,} mentions ({results[size]['events']:,} events, bulk-loaded in {load_s:.0f}s): "
                 f"merging 1,000 new mentions takes {per_1000:.2f}s (median of {probes}; min {min(timings):.2f}s)"
                 f"{f' and writes {pages:,} pages' if pages is not None else ''}; "
                 f"storing their 1,000 documents before it {results[size]['store_seconds_per_1000']:.2f}s")
        store.close()
    base = results[sizes[0]]["merge_seconds_per_1000"]
    for size in sizes[1:]:
        ratio = results[size]["merge_seconds_per_1000"] / base if base else float("nan")
        results[size]["ratio_to_smallest"] = round(ratio, 2)
        echo(f"{size:,} vs {sizes[0]:,}: {ratio:.2f}x the cost")
    return results


if __name__ == "__main__":
    import sys

    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd().parent / "shared"
    run(shared)
