"""Measure the pipeline on data nobody here wrote.

- seeds: the whole pipeline (ingest, extract, merge) on the seed corpus, scored
  against the hand-coded gold (``seeds.score``), as the gold's README says and
  strictly (type AND place AND date; a dispute must list the reports' values).
- world-dev: the same on the 45 world-dev reports, when their rebuilt texts are
  present (``world_dev_folder``).
- acled: ``extract`` on ACLED's own notes, compared with ACLED's coding.
- plover: ``extract`` on the PLOVER gold-standard sentences, PLOVER type accuracy.
- perturb (``--perturb``): how the coding changes when names and numbers are
  swapped for others of their sort; needs no gold (``perturb.py``).
"""
from __future__ import annotations

import json
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Callable

# Older PLOVER types in the gold-standard records and their current names.
PLOVER_RENAMED = {"DEMAND": "REQUEST", "FIGHT": "ASSAULT", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE"}


def corpus_records(folder: Path, meta: Path) -> list[dict]:
    """The whole pipeline (ingest, extract, merge) on a folder of reports, in a
    scratch store: the merged event records."""
    from ..pipeline import ingest
    from ..store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/eval.sqlite")
        ingest([str(folder)], store, meta=str(meta), on_error=lambda m: None)
        records = store.event_records()
        store.close()
    return records


def seed_records(shared: Path) -> list[dict]:
    seeds = shared / "corpus" / "seeds"
    return corpus_records(seeds, seeds / "meta.jsonl")


def world_dev_folder() -> Path:
    """Where the rebuilt world-dev texts live (never in the repository: they
    belong to their publishers): ``$EVENTLEDGER_WORLD_DEV``, else the cache."""
    import os

    from ..normalise.gazetteer import cache_dir

    return Path(os.environ.get("EVENTLEDGER_WORLD_DEV") or cache_dir() / "world-dev")


def _missing_texts(folder: Path, meta: Path) -> list[str]:
    names = [json.loads(line)["file"] for line in meta.read_text("utf-8").splitlines() if line.strip()]
    return [n for n in names if not (folder / n).is_file()]


def _echo_report(title: str, loose: dict, strict: dict, report, verbose: bool, echo: Callable[[str], None]) -> None:
    echo(title)
    echo(f"  {'':28s} {'seed scoring':>14s} {'strict':>10s}")
    echo(f"  {'predicted events':28s} {loose['predicted']:>14} {strict['predicted']:>10}")
    echo(f"  {'precision':28s} {loose['precision']:>14.3f} {strict['precision']:>10.3f}")
    echo(f"  {'recall (required)':28s} {loose['recall_required']:>14.3f} {strict['recall_required']:>10.3f}"
         f"   ({loose['matched_required']} / {strict['matched_required']})")
    echo(f"  {'field accuracy':28s} {loose['field_accuracy']:>14.3f} {strict['field_accuracy']:>10.3f}")
    for name, value in loose["fields"].items():
        other = strict["fields"].get(name)
        echo(f"    {name:26s} {value if value is not None else '-':>14} {other if other is not None else '-':>10}")
    for key, label in (("merged", "multi-report events merged"), ("kept_apart", "look-alike pairs kept apart"),
                       ("disputes", "disputes surfaced"), ("consistent", "agreeing values not disputed")):
        echo(f"  {label:28s} {loose[key]:>14} {strict[key]:>10}")
    if verbose:
        for name, ok in report.merged + report.kept_apart + report.disputes + report.consistent:
            echo(f"    {'ok ' if ok else 'NO '} {name}")
        for miss in report.misses:
            echo(f"    miss: {miss}")
        for fp in report.false_positives:
            echo(f"    extra: {fp}")
        for wrong in report.field_misses:
            echo(f"    field: {wrong}")


def _score_both(records: list[dict], gold: list[dict], clusters: dict) -> tuple[dict, dict, object]:
    from .acled import SameProvince
    from .seeds import score

    same = SameProvince()
    loose = score(records, gold, clusters, same_admin1=same).as_dict()
    strict_report = score(records, gold, clusters, strict=True, same_admin1=same)
    return loose, strict_report.as_dict(), strict_report


def run_seeds(shared: Path, verbose: bool, echo: Callable[[str], None]) -> dict:
    from .seeds import load_gold

    gold, clusters = load_gold(shared / "gold")
    loose, strict, report = _score_both(seed_records(shared), gold, clusters)
    _echo_report("Seed gold (whole pipeline on ../shared/corpus/seeds)", loose, strict, report, verbose, echo)
    return {**loose, "strict": strict}


def run_world_dev(shared: Path, folder: Path | None, verbose: bool, echo: Callable[[str], None]) -> dict | None:
    """world-dev: 45 reports from 27 countries, scored like the seeds and
    strictly; skipped, with the way to rebuild them, when the texts are absent."""
    from .seeds import load_gold

    folder = folder or world_dev_folder()
    meta = shared / "corpus" / "world-dev" / "meta.jsonl"
    if not meta.exists():
        echo(f"world-dev: {meta} not found; skipped")
        return None
    missing = _missing_texts(folder, meta)
    if missing:
        echo(f"world-dev: {len(missing)} of its texts are not in {folder} (first: {missing[0]}); skipped."
             f" Rebuild them as ../shared/corpus/world-dev/README.md says, or point EVENTLEDGER_WORLD_DEV at them.")
        return None
    gold, clusters = load_gold(shared / "gold", "world-dev")
    loose, strict, report = _score_both(corpus_records(folder, meta), gold, clusters)
    _echo_report(f"world-dev (whole pipeline on the 45 reports in {folder})", loose, strict, report, verbose, echo)
    return {**loose, "strict": strict}


def _extract_all(documents, extractor=None, failures: list[str] | None = None) -> dict[str, list[dict]]:
    """Events per document id; a document whose extraction fails is recorded in
    ``failures`` (a broken rule must show, not just lower the scores)."""
    from ..pipeline import events_of_document, extract_documents

    failed = failures if failures is not None else []
    return {doc.id: [e.to_record() for e in events_of_document(ms)]
            for doc, ms in extract_documents(documents, extractor=extractor, on_error=failed.append)}


def _report_failures(failures: list[str], echo: Callable[[str], None]) -> None:
    if failures:
        echo(f"  extraction failed on {len(failures)} documents (scored as finding nothing); first: {failures[0]}")


def run_acled(shared: Path, limit: int | None, verbose: bool, echo: Callable[[str], None]) -> dict:
    from .acled import confusion, documents_for, load_rows, score

    path = shared / "bench" / "acled-dev.csv"
    rows = load_rows(path)[:limit] if limit else load_rows(path)
    # the file is an export made just after its last event: actors are named
    # as that export named them (open periods that later closed, older names)
    from ..extract import Extractor
    from ..normalise.actors import ActorResolver
    from .acled import snapshot_date

    extractor = Extractor(actors=ActorResolver.load(as_of=snapshot_date(rows)))
    t = time.perf_counter()
    failures: list[str] = []
    outputs = _extract_all(list(documents_for(rows)), extractor, failures)
    elapsed = time.perf_counter() - t
    result = score(rows, outputs)
    from .acled import SameProvince, baseline_places, place_scores

    baseline = place_scores(rows, baseline_places(rows), SameProvince())
    result["baseline_admin1"], result["baseline_location_25km"] = baseline["admin1"], baseline["location_25km"]
    echo(f"ACLED-coded notes (../shared/bench/acled-dev.csv, {len(rows)} rows, {elapsed:.1f}s)")
    for name, value in result.items():
        if name != "rows" and not name.startswith("baseline"):
            echo(f"  {name:18s} {value}")
    echo(f"  places by plain largest-population lookup (baseline): admin1 {baseline['admin1']}, location_25km {baseline['location_25km']}")
    _report_failures(failures, echo)
    result["failures"] = len(failures)
    if verbose:
        conf = confusion(rows, outputs, "sub_event_type")
        for (gold, pred), n in sorted(conf.items(), key=lambda kv: -kv[1])[:40]:
            if gold != pred:
                echo(f"    {n:3d}  {gold} -> {pred}")
    return result


def run_plover(shared: Path, limit: int | None, verbose: bool, echo: Callable[[str], None]) -> dict:
    from ..records import Document

    records = [r for r in json.loads((shared / "bench" / "plover-gsr-cameo.json").read_text("utf-8")) if r.get("text") and r.get("event") != "DOCUMENT"]
    if limit:
        records = records[:limit]
    docs = [Document(id=r["id"], text=r["text"], published=r.get("date"), published_source="record") for r in records]
    failures: list[str] = []
    outputs = _extract_all(docs, failures=failures)
    first = any_ = found = 0
    per_type: Counter = Counter()
    per_type_ok: Counter = Counter()
    for r in records:
        gold = PLOVER_RENAMED.get(r["event"], r["event"])
        events = outputs.get(r["id"], [])
        types = [e.get("plover_type") for e in events if e.get("plover_type")]
        per_type[gold] += 1
        if types:
            found += 1
            first += types[0] == gold
            any_ += gold in types
            per_type_ok[gold] += types[0] == gold
    n = len(records)
    result = {"records": n, "plover_type_first": round(first / n, 3), "plover_type_any": round(any_ / n, 3), "found": round(found / n, 3)}
    echo(f"PLOVER gold-standard records (../shared/bench/plover-gsr-cameo.json, {n} sentences; older types mapped: DEMAND->REQUEST, FIGHT->ASSAULT, DISAPPROVE/INVESTIGATE->ACCUSE)")
    echo(f"  plover_type (first event)  {result['plover_type_first']}")
    echo(f"  plover_type (any event)    {result['plover_type_any']}")
    echo(f"  sentences with an event    {result['found']}")
    _report_failures(failures, echo)
    if verbose:
        for t, total in per_type.most_common():
            echo(f"    {t:10s} {per_type_ok[t]}/{total}")
    return result


def run(shared: Path, only: str = "all", limit: int | None = None, verbose: bool = False, echo: Callable[[str], None] = print,
        world_dev: Path | None = None, perturb: bool = False, seed: int = 0, progress: bool = False) -> dict:
    if perturb:  # the robustness check instead of the scores (``perturb.py``)
        from .perturb import run as run_perturb

        return {"perturb": run_perturb(shared, only, limit, verbose, echo, world_dev, seed=seed, progress=progress)}
    out = {}
    if only in ("seeds", "all"):
        out["seeds"] = run_seeds(shared, verbose, echo)
        echo("")
    if only in ("world-dev", "all"):
        result = run_world_dev(shared, world_dev, verbose, echo)
        if result is not None:
            out["world-dev"] = result
        echo("")
    if only in ("acled", "all"):
        out["acled"] = run_acled(shared, limit, verbose, echo)
        echo("")
    if only in ("plover", "all"):
        out["plover"] = run_plover(shared, limit, verbose, echo)
    return out
