"""``eventledger bench``: throughput and peak memory, measured in child processes.

The corpus is the seed reports repeated ``copies`` times (each copy made unique
by a closing sentence, so deduplication does not skip it). Each measurement
runs in its own Python process so that peak memory (ru_maxrss) belongs to that
measurement alone:

- ``spacy``: the spaCy pipeline over the cleaned texts (``nlp.pipe``);
- ``pipeline``: the whole ingest (read, clean, parse, extract, normalise,
  store in a fresh SQLite file, merge).
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable


def build_corpus(shared: Path, copies: int, folder: Path) -> tuple[Path, Path]:
    seeds = shared / "corpus" / "seeds"
    meta_in = [json.loads(line) for line in (seeds / "meta.jsonl").read_text("utf-8").splitlines() if line.strip()]
    meta_out = []
    for k in range(copies):
        for item in meta_in:
            text = (seeds / item["file"]).read_text("utf-8")
            name = f"{k:04d}_{item['file']}"
            (folder / name).write_text(text + f"\n\nThis is copy number {k} of the benchmark corpus.\n", "utf-8")
            meta_out.append({**item, "file": name})
    meta = folder.parent / "bench-meta.jsonl"
    meta.write_text("".join(json.dumps(m) + "\n" for m in meta_out), "utf-8")
    return folder, meta


def _child(mode: str, folder: str, meta: str) -> dict:
    """Runs inside the child process."""
    from .ingest import read_paths
    from .records import IngestError

    t0 = time.perf_counter()
    if mode == "spacy":
        from .annotate import load_nlp

        docs = [d for d in read_paths([folder], meta=meta) if not isinstance(d, IngestError)]
        nlp = load_nlp()
        t1 = time.perf_counter()
        words = 0
        for sdoc in nlp.pipe((d.text for d in docs), batch_size=16):
            words += sum(1 for t in sdoc if not t.is_punct and not t.is_space)
        elapsed = time.perf_counter() - t1
        n = len(docs)
    elif mode == "pipeline":
        from .annotate import load_nlp
        from .extract import default_extractor
        from .pipeline import ingest
        from .store import Store

        default_extractor()  # resources load once, outside the timed part, like spaCy's model above
        load_nlp()
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(f"sqlite:///{tmp}/bench.sqlite")
            t1 = time.perf_counter()
            report = ingest([folder], store, meta=meta, on_error=lambda m: None)
            elapsed = time.perf_counter() - t1
            store.close()
        docs = [d for d in read_paths([folder], meta=meta) if not isinstance(d, IngestError)]
        n = report.stored
        nlp = load_nlp()
        words = sum(len(d.text.split()) for d in docs)
    else:  # pragma: no cover
        raise SystemExit(f"unknown mode {mode}")
    return {
        "mode": mode,
        "documents": n,
        "words": words,
        "seconds": round(elapsed, 3),
        "startup_seconds": round(t1 - t0, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _dates_bench(shared: Path, repeat: int = 20) -> float:
    import re

    from .normalise.dates import find_date_expressions, resolve

    text = sorted((shared / "corpus" / "seeds").glob("*.txt"))[-1].read_text("utf-8")
    sentences = re.findall(r"[^.!?\n]+[.!?]?", text)
    started = time.perf_counter()
    for _ in range(repeat):
        for sentence in sentences:
            for expr in find_date_expressions(sentence):
                resolve(expr, "2021-07-07")
    return (time.perf_counter() - started) * 1000 / repeat


def _measure(mode: str, folder: Path, meta: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "eventledger.bench", mode, str(folder), str(meta)],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"bench {mode} failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(shared: Path, copies: int = 20, echo: Callable[[str], None] = print) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        build_corpus(shared, copies, folder)
        spacy_fig = _measure("spacy", folder, Path(tmp) / "bench-meta.jsonl")
        pipe_fig = _measure("pipeline", folder, Path(tmp) / "bench-meta.jsonl")
    echo(f"corpus: the {len(list((shared / 'corpus' / 'seeds').glob('*.txt')))} seed reports x {copies} copies")
    echo(f"{'':10s} {'articles/s':>11s} {'words/s':>9s} {'seconds':>8s} {'peak MB':>8s}")
    for fig in (spacy_fig, pipe_fig):
        s = fig["seconds"] or 1e-9
        echo(f"{fig['mode']:10s} {fig['documents'] / s:11.1f} {fig['words'] / s:9.0f} {fig['seconds']:8.2f} {fig['peak_rss_mb']:8.1f}")
    ratio = pipe_fig["seconds"] / spacy_fig["seconds"] if spacy_fig["seconds"] else float("nan")
    echo(f"whole pipeline / spaCy pass: {ratio:.2f}x time")
    from .normalise.gazetteer import benchmark as gazetteer_bench
    from .normalise.places import benchmark as places_bench

    gaz = gazetteer_bench()
    echo(f"place index: {gaz['index_mb']} MB, opens in {gaz['load_s'] * 1000:.0f} ms (built in {gaz['build_s']} s at setup), "
         f"{gaz['lookup_ms']:.2f} ms per name lookup")
    places = places_bench()
    echo("places of a ~600-word report: " + ", ".join(f"{k} {v}" for k, v in places.items()))
    dates_ms = _dates_bench(shared)
    echo(f"dates of a seed report (every sentence searched and resolved): {dates_ms:.2f} ms")
    return {"dates_ms": dates_ms, "spacy": spacy_fig, "pipeline": pipe_fig, "ratio": ratio, "gazetteer": gaz, "places": places}


if __name__ == "__main__":
    os.environ.setdefault("CI", "1")  # no progress bars in the child
    print(json.dumps(_child(sys.argv[1], sys.argv[2], sys.argv[3])))
