"""``eventledger bench``: throughput and peak memory, measured in child processes.

The corpus is the seed reports repeated ``copies`` times (each copy made unique
by a closing sentence, so deduplication does not skip it). Each measurement
runs in its own Python process so that peak memory (ru_maxrss) belongs to that
measurement alone:

- ``spacy``: the spaCy pipeline over the cleaned texts (``nlp.pipe``);
- ``pipeline``: the whole ingest (read, clean, parse, extract, normalise,
  store in a fresh SQLite file, merge);
- ``long``: the whole ingest of one long report (600,000 characters after
  cleaning by default), made of the seed reports' paragraphs joined two by two
  in ever other pairs so that the cleaner's repeat rule leaves them in. It is
  extracted in pieces (``pieces.py``); its cost per word is compared with the
  seed reports' in ``pipeline``.
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
            (folder / name).write_text(unique_copy(text, f"This is copy number {k} of the benchmark corpus."), "utf-8")
            meta_out.append({**item, "file": name})
    meta = folder.parent / "bench-meta.jsonl"
    meta.write_text("".join(json.dumps(m) + "\n" for m in meta_out), "utf-8")
    return folder, meta


def unique_copy(text: str, marker: str) -> str:
    """A copy of a report made unique by a sentence between its middle
    paragraphs, where the cleaner keeps it: at the end, a report's trailing
    junk took it away (and the copies were then one text, stored once)."""
    parts = text.split("\n\n")
    middle = len(parts) // 2 or 1
    return "\n\n".join([*parts[:middle], marker, *parts[middle:]])


def build_long_report(shared: Path, chars: int, path: Path) -> int:
    """Write one report of at least ``chars`` characters after cleaning; returns its cleaned length."""
    from .ingest import clean_text

    paragraphs: list[str] = []
    for seed in sorted((shared / "corpus" / "seeds").glob("*.txt")):
        cleaned, _ = clean_text(seed.read_text("utf-8"))
        paragraphs += [line for line in cleaned.split("\n") if len(line.split()) >= 8]
    n, lines, size, shift = len(paragraphs), ["A long report made of the seed reports"], 0, 1
    target = int(chars * 1.08)  # the repeat rule drops a few percent of the pairs
    while True:
        while size < target:
            for i in range(n):
                line = paragraphs[i] + " " + paragraphs[(i + shift) % n]
                lines.append(line)
                size += len(line) + 2
            shift += 1
        text = "\n\n".join(lines) + "\n"
        cleaned_length = len(clean_text(text)[0])
        if cleaned_length >= chars:
            path.write_text(text, "utf-8")
            return cleaned_length
        target = int(target * 1.05)


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
    elif mode in ("pipeline", "long"):
        from .annotate import load_nlp
        from .extract import default_extractor
        from .pipeline import ingest
        from .store import Store

        from .merge import wording

        default_extractor()  # resources load once, outside the timed part, like spaCy's model above
        load_nlp()
        wording.load()
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(f"sqlite:///{tmp}/bench.sqlite")
            t1 = time.perf_counter()
            report = ingest([folder], store, meta=meta, on_error=lambda m: None)
            elapsed = time.perf_counter() - t1
            # the words of the documents stored, the ones the pipeline worked on
            words = sum(len(d.text.split()) for d in store.documents())
            store.close()
        n = report.stored
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


def _parts_bench(shared: Path, repeat: int = 5) -> dict:
    """What single steps cost, in milliseconds: reading and cleaning a seed
    report, building the actor index, resolving one actor phrase. (Measured
    here rather than asserted in timed tests, which a loaded machine fails.)"""
    from .ingest import read_paths
    from .ingest.clean import clean_text
    from .normalise.actors import ActorResolver

    seed = max(sorted((shared / "corpus" / "seeds").glob("*.txt")), key=lambda f: f.stat().st_size)
    raw = seed.read_text("utf-8")
    started = time.perf_counter()
    for _ in range(repeat):
        clean_text(raw)
    clean_ms = (time.perf_counter() - started) * 1000 / repeat
    started = time.perf_counter()
    for _ in range(repeat):
        list(read_paths([str(seed)]))
    read_ms = (time.perf_counter() - started) * 1000 / repeat
    data = json.loads((Path(__file__).parent / "data" / "actors.json").read_text("utf-8"))
    started = time.perf_counter()
    resolver = ActorResolver(data)
    build_ms = (time.perf_counter() - started) * 1000
    ctx = resolver.document_context(raw)
    started = time.perf_counter()
    for i in range(2000):
        resolver.resolve(f"{i} Afghan soldiers and insurgents", "2021-07-06", ctx)
    resolve_ms = (time.perf_counter() - started) * 1000 / 2000
    return {"clean_ms": round(clean_ms, 2), "read_ms": round(read_ms, 2),
            "actor_index_ms": round(build_ms, 2), "actor_resolve_ms": round(resolve_ms, 4)}


def _measure(mode: str, folder: Path, meta: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "eventledger.bench", mode, str(folder), str(meta)],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"bench {mode} failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(shared: Path, copies: int = 20, echo: Callable[[str], None] = print, long_chars: int = 600_000) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        build_corpus(shared, copies, folder)
        spacy_fig = _measure("spacy", folder, Path(tmp) / "bench-meta.jsonl")
        pipe_fig = _measure("pipeline", folder, Path(tmp) / "bench-meta.jsonl")
        long_fig = None
        if long_chars:
            long_folder = Path(tmp) / "long"
            long_folder.mkdir()
            cleaned_length = build_long_report(shared, long_chars, long_folder / "long.txt")
            long_meta = Path(tmp) / "long-meta.jsonl"
            long_meta.write_text(json.dumps({"file": "long.txt", "published": "2021-07-07"}) + "\n", "utf-8")
            long_fig = _measure("long", long_folder, long_meta)
            long_fig["characters"] = cleaned_length
    echo(f"corpus: the {len(list((shared / 'corpus' / 'seeds').glob('*.txt')))} seed reports x {copies} copies")
    echo(f"{'':10s} {'articles/s':>11s} {'words/s':>9s} {'seconds':>8s} {'peak MB':>8s}")
    for fig in (spacy_fig, pipe_fig, long_fig):
        if fig is None:
            continue
        s = fig["seconds"] or 1e-9
        echo(f"{fig['mode']:10s} {fig['documents'] / s:11.1f} {fig['words'] / s:9.0f} {fig['seconds']:8.2f} {fig['peak_rss_mb']:8.1f}")
    ratio = pipe_fig["seconds"] / spacy_fig["seconds"] if spacy_fig["seconds"] else float("nan")
    echo(f"whole pipeline / spaCy pass: {ratio:.2f}x time")
    long_ratio = None
    if long_fig is not None and long_fig["words"] and pipe_fig["words"]:
        long_ratio = (long_fig["seconds"] / long_fig["words"]) / (pipe_fig["seconds"] / pipe_fig["words"])
        echo(f"one long report ({long_fig['characters']:,} characters, {long_fig['words']:,} words): "
             f"{long_ratio:.2f}x the seed reports' time per word, peak {long_fig['peak_rss_mb']:.0f} MB")
    from .normalise.gazetteer import benchmark as gazetteer_bench
    from .normalise.places import benchmark as places_bench

    gaz = gazetteer_bench()
    echo(f"place index: {gaz['index_mb']} MB, opens in {gaz['load_s'] * 1000:.0f} ms (built in {gaz['build_s']} s at setup), "
         f"{gaz['lookup_ms']:.2f} ms per name lookup")
    places = places_bench()
    echo("places of a ~600-word report: " + ", ".join(f"{k} {v}" for k, v in places.items()))
    dates_ms = _dates_bench(shared)
    echo(f"dates of a seed report (every sentence searched and resolved): {dates_ms:.2f} ms")
    parts = _parts_bench(shared)
    echo(f"the largest seed report: cleaned in {parts['clean_ms']:.1f} ms, read (with cleaning) in {parts['read_ms']:.1f} ms; "
         f"actor index built in {parts['actor_index_ms']:.0f} ms, {parts['actor_resolve_ms']:.3f} ms per actor phrase")
    return {"dates_ms": dates_ms, "parts": parts, "spacy": spacy_fig, "pipeline": pipe_fig, "ratio": ratio, "gazetteer": gaz, "places": places,
            "long": long_fig, "long_ratio": long_ratio}


if __name__ == "__main__":
    os.environ.setdefault("CI", "1")  # no progress bars in the child
    print(json.dumps(_child(sys.argv[1], sys.argv[2], sys.argv[3])))
