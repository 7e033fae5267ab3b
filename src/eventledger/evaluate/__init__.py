"""Measure the pipeline on data nobody here wrote.

- seeds: the whole pipeline (ingest, extract, merge) on the seed corpus, scored
  against the hand-coded gold (``seeds.score``).
- acled: ``extract`` on ACLED's own notes, compared with ACLED's coding.
- plover: ``extract`` on the PLOVER gold-standard sentences, PLOVER type accuracy.
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


def seed_records(shared: Path) -> list[dict]:
    from ..pipeline import ingest
    from ..store import Store

    seeds = shared / "corpus" / "seeds"
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/eval.sqlite")
        ingest([str(seeds)], store, meta=str(seeds / "meta.jsonl"), on_error=lambda m: None)
        records = store.event_records()
        store.close()
    return records


def run_seeds(shared: Path, verbose: bool, echo: Callable[[str], None]) -> dict:
    from .seeds import load_gold, score

    gold, clusters = load_gold(shared / "gold")
    records = seed_records(shared)
    report = score(records, gold, clusters)
    d = report.as_dict()
    echo("Seed gold (whole pipeline on ../shared/corpus/seeds)")
    echo(f"  predicted events   {d['predicted']}")
    echo(f"  precision          {d['precision']:.3f}")
    echo(f"  recall (required)  {d['recall_required']:.3f}  ({d['matched_required']})")
    echo(f"  field accuracy     {d['field_accuracy']:.3f}")
    for name, value in d["fields"].items():
        echo(f"    {name:16s} {value if value is not None else '-'}")
    echo(f"  multi-report events merged   {d['merged']}")
    echo(f"  look-alike pairs kept apart  {d['kept_apart']}")
    echo(f"  disputes surfaced            {d['disputes']}")
    if verbose:
        for name, ok in report.merged + report.kept_apart + report.disputes:
            echo(f"    {'ok ' if ok else 'NO '} {name}")
        for miss in report.misses:
            echo(f"    miss: {miss}")
        for fp in report.false_positives:
            echo(f"    extra: {fp}")
        for wrong in report.field_misses:
            echo(f"    field: {wrong}")
    return d


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


def run(shared: Path, only: str = "all", limit: int | None = None, verbose: bool = False, echo: Callable[[str], None] = print) -> dict:
    out = {}
    if only in ("seeds", "all"):
        out["seeds"] = run_seeds(shared, verbose, echo)
        echo("")
    if only in ("acled", "all"):
        out["acled"] = run_acled(shared, limit, verbose, echo)
        echo("")
    if only in ("plover", "all"):
        out["plover"] = run_plover(shared, limit, verbose, echo)
    return out
