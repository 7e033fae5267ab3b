"""``eventledger bench --scaling`` and ``--export``: using every core, and
writing a large store out.

Scaling: the seed reports repeated (as ``bench``), ingested into a fresh
SQLite store with 1 worker, 2 workers and the Ray engine on this machine, each
run in its own process, in turn, ``rounds`` times. The rate is measured in the
steady state the same way for every engine: documents stored after the first
fifth of the corpus, over the time from that point to the end of the run
(merging included), so that start-up (spawning workers, loading the spaCy
pipeline and the place index in each, starting Ray's actors) is left out;
start-up is given apart. Scaling efficiency is the 2-worker rate over twice
the 1-worker rate. Ray itself is started (``ray.init``) before the clock.

Export: a store of ``events`` synthetic events (one to three sources each,
with evidence) is bulk-loaded, then ``export --format parquet`` runs as a
command in a child process: events per second and the child's peak memory.
"""
from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

WARM_FRACTION = 0.2
SPIN_STEPS = 15_000_000  # about 1.5 s of one core


def _child(engine: str, workers: int, folder: str, meta: str) -> dict:
    """Runs inside the child process: one ingest, timed document by document."""
    from .store import Store

    stamps: list[float] = []

    class TimedStore(Store):
        def add_document(self, doc, mentions):
            result = super().add_document(doc, mentions)
            stamps.append(time.perf_counter())
            return result

    if engine == "ray":
        import ray

        ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    elif workers == 1:
        from .annotate import load_nlp
        from .extract import default_extractor

        default_extractor()  # loaded before the clock, as the workers load theirs before their first shard
        load_nlp()
    with tempfile.TemporaryDirectory() as tmp:
        store = TimedStore(f"sqlite:///{tmp}/bench.sqlite")
        started = time.perf_counter()
        if engine == "ray":
            from .engine.ray import ingest_on_ray

            report = ingest_on_ray([folder], store, meta=meta, workers=workers, on_error=lambda m: None)
        else:
            from .pipeline import ingest

            report = ingest([folder], store, meta=meta, on_error=lambda m: None, workers=workers)
        ended = time.perf_counter()
        store.close()
    n = len(stamps)
    k = int(n * WARM_FRACTION)
    peaks = dict(report.workers.peak_mb) if report.workers is not None else {}
    return {
        "engine": engine, "workers": workers, "documents": report.stored,
        "steady_rate": (n - k) / (ended - stamps[k]) if n > k else 0.0,
        "total_seconds": round(ended - started, 2),
        "startup_seconds": round(stamps[0] - started, 2) if stamps else None,
        "parent_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        # what the single writer spends (reading, storing, merging; with workers, not extracting)
        "parent_cpu_seconds": round(sum(resource.getrusage(resource.RUSAGE_SELF)[:2]), 2),
        "worker_peak_mb": peaks,
    }


def _measure(engine: str, workers: int, folder: Path, meta: Path) -> dict:
    proc = subprocess.run([sys.executable, "-m", "eventledger.bench_scale", engine, str(workers), str(folder),
                           str(meta)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode
        raise RuntimeError(f"bench {engine} x{workers} failed: {tail}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _spin(_: int) -> float:
    """Pure-Python CPU work of a fixed size: its wall time, from inside the process."""
    started = time.perf_counter()
    total = 0
    for i in range(SPIN_STEPS):
        total += i * i
    return time.perf_counter() - started


def machine_ceiling() -> float:
    """What two processes get out of this machine: the rate of two copies of a
    fixed pure-Python loop run at once, over twice the rate of one alone. 1.0
    on two free cores; lower when the cores are shared (a virtual machine's
    cores on a busy host, or the other engineers' jobs). No workers can scale
    better than this, so the workers' efficiency is read against it."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_spin, [0, 0])  # both processes started before anything is timed
        alone = pool.apply(_spin, (0,))
        together = max(pool.map(_spin, [0, 1], chunksize=1))
    return alone / together


def _ray_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("ray") is not None


def run_scaling(shared: Path, copies: int = 40, rounds: int = 3, echo: Callable[[str], None] = print,
                engines: tuple[str, ...] = ("1", "2", "ray")) -> dict:
    from .bench import build_corpus

    if "ray" in engines and not _ray_installed():
        echo("Ray is not installed (pip install -e '.[ray]'): the Ray engine is left out")
        engines = tuple(e for e in engines if e != "ray")
    runs: dict[str, list[dict]] = {e: [] for e in engines}
    ceilings: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        build_corpus(shared, copies, folder)
        meta = Path(tmp) / "bench-meta.jsonl"
        for _ in range(rounds):  # in turn, so that a change in the machine's load touches every engine
            ceilings.append(machine_ceiling())
            for e in engines:
                runs[e].append(_measure("ray" if e == "ray" else "local", 2 if e == "ray" else int(e), folder, meta))
    echo(f"corpus: the seed reports x {copies} copies; {rounds} rounds; rate in the steady state "
         f"(after the first {WARM_FRACTION:.0%} of documents)")
    echo(f"{'':12s} {'reports/s min':>13s} {'median':>7s} {'start-up s':>10s} {'parent MB':>9s} {'per worker MB':>13s}")
    summary: dict[str, dict] = {}
    for e, figures in runs.items():
        rates = sorted(f["steady_rate"] for f in figures)
        median = rates[len(rates) // 2]
        workers = [mb for f in figures for mb in f["worker_peak_mb"].values()]
        label = "ray, 2 actors" if e == "ray" else f"{e} worker{'s' if e != '1' else ''}"
        summary[e] = {"rates": rates, "median": median, "runs": figures}
        startup = sorted(f["startup_seconds"] or 0 for f in figures)[len(figures) // 2]
        parent = max(f["parent_peak_mb"] for f in figures)
        echo(f"{label:12s} {rates[0]:13.2f} {median:7.2f} {startup:10.1f} {parent:9.0f} "
             f"{(max(workers) if workers else 0):13.0f}")
    if "2" in summary:
        per_doc = sorted(f["parent_cpu_seconds"] / max(1, f["documents"]) for f in runs["2"])[len(runs["2"]) // 2]
        summary["parent_cpu_per_document"] = per_doc
        echo(f"with 2 workers the parent (reading, storing, merging) spent {per_doc * 1000:.0f} ms of CPU "
             f"per document: one writer keeps up with about {1 / per_doc:.0f} reports/s")
    if "1" in summary and "2" in summary:
        efficiency = summary["2"]["median"] / (2 * summary["1"]["median"])
        paired = sorted(b["steady_rate"] / (2 * a["steady_rate"]) for a, b in zip(runs["1"], runs["2"]))
        summary["efficiency"] = efficiency
        echo(f"scaling efficiency (2-worker rate / twice the 1-worker rate): {efficiency:.2f} "
             f"(round by round: {', '.join(f'{p:.2f}' for p in paired)})")
        ceiling = sorted(ceilings)[len(ceilings) // 2]
        summary["machine_ceiling"] = ceiling
        echo(f"the machine's own ceiling (two copies of a pure-Python loop at once, over twice one alone): "
             f"{ceiling:.2f} (round by round: {', '.join(f'{c:.2f}' for c in ceilings)}); "
             f"the workers reach {efficiency / ceiling:.2f} of it")
    if "ray" in summary and "2" in summary:
        ratio = summary["ray"]["median"] / summary["2"]["median"]
        summary["ray_vs_2"] = ratio
        echo(f"Ray engine / --workers 2: {ratio:.2f}")
    return summary


# ------------------------------------------------------------------ export


def build_event_store(url: str, events: int, seed: int = 7, chunk: int = 20_000) -> None:
    """``events`` synthetic events with one to three sources each (with evidence), bulk-loaded."""
    from datetime import date, timedelta

    from .bench_merge import COUNTRIES
    from .records import Document, Event, Mention, Place, Span
    from .store import Store
    from .store.bulk import assign_ids, bulk_load

    rng = random.Random(seed)
    store = Store(url)
    base = date(2015, 1, 1)
    made = 0
    while made < events:
        batch, fused = [], []
        for i in range(made, min(events, made + chunk)):
            country = COUNTRIES[i % len(COUNTRIES)]
            day = (base + timedelta(days=i // 200)).isoformat()
            place = Place(location=f"{country} town {i % 97}", country=country, admin1=f"{country} region {i % 13}",
                          latitude=5 + i % 30 * 0.5, longitude=10 + i % 40 * 0.5, precision=1, kind="city")
            mentions = []
            for k in range(rng.choice((1, 1, 2, 3))):
                text = (f"Gunmen attacked a checkpoint in {place.location} on {day}, killing {2 + i % 9} soldiers, "
                        f"outlet {k} reported.")
                doc = Document(id=f"ev-{i:07d}-{k}", text=f"{text}\nReport {i}-{k}.", published=day,
                               publisher=f"Outlet {k}")
                m = Mention(document=doc.id, sentence=Span(0, len(text), text), event_type="Battles",
                            sub_event_type="Armed clash", plover_type="ASSAULT", actor1="Unidentified Armed Group",
                            actor2=f"Military Forces of {country}", place=place, event_date=day, time_precision=1,
                            fatalities=2 + i % 9, publisher=f"Outlet {k}", published=day,
                            evidence={"trigger": Span(7, 15, "attacked"),
                                      "location": Span(33, 33 + len(place.location), place.location)})
                assign_ids(doc, [m])
                batch.append((doc, [m]))
                mentions.append(m)
            # built directly, not fused: the export is measured, not the merger
            first = mentions[0]
            fused.append(Event(
                event_id=f"EV{i:010d}", mentions=mentions, event_type=first.event_type,
                sub_event_type=first.sub_event_type, plover_type=first.plover_type, actor1=first.actor1,
                actor2=first.actor2, place=place, event_date=day, time_precision=1, fatalities=first.fatalities,
                notes=f"On {day}, gunmen attacked a checkpoint in {place.location} ({country}), killing "
                      f"{first.fatalities} soldiers.", independent_sources=len(mentions)))
        bulk_load(store, batch, fused)
        made += len(fused)
    store.close()


def run_export(events: int = 1_000_000, runs: int = 3, echo: Callable[[str], None] = print) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/events.sqlite"
        t = time.perf_counter()
        # Built in a child, so that this process stays small: Linux counts the
        # memory a process had when it started a child (fork, then exec) as
        # that child's peak too, so exports started from a process holding the
        # build's 300 MB all reported 300 MB, whatever they used themselves.
        subprocess.run([sys.executable, "-m", "eventledger.bench_scale", "build-events", url, str(events)], check=True)
        echo(f"store of {events:,} events bulk-loaded in {time.perf_counter() - t:.0f}s")
        figures = []
        for run in range(runs):
            t = time.perf_counter()
            with open(f"{tmp}/stderr-{run}", "w+") as stderr:
                proc = subprocess.Popen([sys.executable, "-m", "eventledger.cli", "export", "--db", url, "--format",
                                         "parquet", "--out", f"{tmp}/events.parquet"],
                                        stdout=subprocess.DEVNULL, stderr=stderr, env={**os.environ, "CI": "1"})
                _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak, not the largest child's so far
                proc.returncode = os.waitstatus_to_exitcode(status)
                seconds = time.perf_counter() - t
                if proc.returncode != 0:
                    stderr.seek(0)
                    raise RuntimeError(f"export failed: {stderr.read().strip()}")
            figures.append({"seconds": seconds, "events_per_second": events / seconds,
                            "peak_mb": round(usage.ru_maxrss / 1024, 1)})
        size_mb = Path(f"{tmp}/events.parquet").stat().st_size / 2**20
    rates = sorted(f["events_per_second"] for f in figures)
    median = rates[len(rates) // 2]
    peak = max(f["peak_mb"] for f in figures)
    echo(f"export --format parquet of {events:,} events (the whole command, start-up included): "
         f"{median:,.0f} events/s median (min {rates[0]:,.0f}), peak memory {peak:.0f} MB, file {size_mb:.0f} MB")
    return {"rates": rates, "median": median, "peak_mb": peak, "file_mb": size_mb}


if __name__ == "__main__":
    os.environ.setdefault("CI", "1")  # no progress bars in the child
    if sys.argv[1] == "build-events":
        build_event_store(sys.argv[2], int(sys.argv[3]))
    else:
        print(json.dumps(_child(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4])))
