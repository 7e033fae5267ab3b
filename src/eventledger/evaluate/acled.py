"""Compare ``extract`` output on ACLED notes with ACLED's own coding.

Each row's ``notes`` goes in as a document published the day after the event
(as a crawler would see it); the extracted event that best fits the row (type
first, then the first event) is compared field by field. Nothing here is fitted
to the rows: they are only measured.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from datetime import timedelta
from pathlib import Path
from typing import Any

from ..geo import km
from .seeds import to_date

ACLED_FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "fatalities_exact", "fatalities_deaths", "admin1", "location_25km", "event_date", "found")


def load_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def documents_for(rows: list[dict[str, str]]):
    from ..records import Document

    for row in rows:
        d = to_date(row["event_date"])
        published = (d + timedelta(days=1)).isoformat() if d else None
        yield Document(id=row["event_id_cnty"], text=row["notes"], published=published, published_source="record", published_confidence=1.0)


def snapshot_date(rows: list[dict[str, str]]) -> str | None:
    """The day after the file's last event: when the export it comes from was made, at the earliest."""
    days = [d for d in (to_date(r.get("event_date", "")) for r in rows) if d]
    return (max(days) + timedelta(days=1)).isoformat() if days else None


def _norm(value: Any) -> str:
    return " ".join(str(value or "").lower().split())


def pick(events: list[dict], row: dict[str, str]) -> dict | None:
    """The extracted event that the row codes: ACLED types only, the first one,
    preferring one with ACLED's event type (ties go to the order of the text)."""
    coded = [e for e in events if e.get("event_type")]
    if not coded:
        return None
    same = [e for e in coded if e["event_type"] == row["event_type"]]
    return (same or coded)[0]


class SameProvince:
    """Province names compared through the gazetteer: "Idleb" is ACLED's "Idlib",
    "Misratah" its "Misrata" (the same admin1 code within the same country)."""

    def __init__(self):
        from ..normalise import gazetteer as gz
        from ..normalise.places import default_resolver

        self.gz = gz
        self.resolver = default_resolver()

    def codes(self, name: str, country: str | None) -> set[tuple[str, str]]:
        return {(c.country_code, c.admin1_code) for c in self.resolver.lookup(name) if c.kind == "admin1" and (country is None or c.country == country)}

    def __call__(self, predicted: str | None, predicted_country: str | None, gold: str, gold_country: str) -> bool:
        if not predicted or not gold:
            return False
        if self.gz.name_key(predicted) == self.gz.name_key(gold):
            return True
        return bool(self.codes(predicted, predicted_country) & self.codes(gold, gold_country))


def baseline_places(rows: list[dict[str, str]]) -> dict[str, dict]:
    """The place a plain lookup gives: the first place entity spaCy finds in the
    note, read as the most populous place of that name."""
    from ..annotate import load_nlp
    from ..normalise.places import default_resolver

    resolver = default_resolver()
    out = {}
    for row, doc in zip(rows, load_nlp().pipe(r["notes"] for r in rows)):
        first = next((e for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")), None)
        place = resolver.baseline_resolve(first.text) if first is not None else None
        out[row["event_id_cnty"]] = {"admin1": place.admin1, "country": place.country, "latitude": place.latitude, "longitude": place.longitude} if place else {}
    return out


def place_scores(rows: list[dict[str, str]], places: dict[str, dict], same_province: SameProvince) -> dict[str, float]:
    admin1 = near = 0
    for row in rows:
        p = places.get(row["event_id_cnty"]) or {}
        admin1 += same_province(p.get("admin1"), p.get("country"), row["admin1"], row["country"])
        if p.get("latitude") is not None and row.get("latitude"):
            near += km((float(row["latitude"]), float(row["longitude"])), (p["latitude"], p["longitude"])) <= 25
    n = len(rows) or 1
    return {"admin1": round(admin1 / n, 3), "location_25km": round(near / n, 3)}


def score(rows: list[dict[str, str]], outputs: dict[str, list[dict]]) -> dict[str, Any]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    same_province = SameProvince()
    for row in rows:
        events = outputs.get(row["event_id_cnty"], [])
        pred = pick(events, row)
        totals["found"][1] += 1
        totals["found"][0] += pred is not None
        pred = pred or {}
        for name in ("event_type", "sub_event_type", "actor1", "actor2"):
            totals[name][1] += 1
            totals[name][0] += _norm(pred.get(name)) == _norm(row.get(name))
        totals["admin1"][1] += 1
        totals["admin1"][0] += same_province(pred.get("admin1"), pred.get("country"), row["admin1"], row["country"])
        totals["fatalities_exact"][1] += 1
        try:
            right = int(pred.get("fatalities") or 0) == int(row.get("fatalities") or 0)
            totals["fatalities_exact"][0] += right
            if int(row.get("fatalities") or 0) > 0:  # the rows where a toll had to be read
                totals["fatalities_deaths"][1] += 1
                totals["fatalities_deaths"][0] += right
        except ValueError:
            pass
        totals["location_25km"][1] += 1
        if pred.get("latitude") is not None and row.get("latitude"):
            d = km((float(row["latitude"]), float(row["longitude"])), (pred["latitude"], pred["longitude"]))
            totals["location_25km"][0] += d <= 25
        totals["event_date"][1] += 1
        totals["event_date"][0] += pred.get("event_date") == row["event_date"]
    return {k: round(v[0] / v[1], 3) if v[1] else None for k, v in ((k, totals[k]) for k in ACLED_FIELDS)} | {"rows": len(rows)}


def confusion(rows: list[dict[str, str]], outputs: dict[str, list[dict]], field: str = "event_type") -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = defaultdict(int)
    for row in rows:
        pred = pick(outputs.get(row["event_id_cnty"], []), row) or {}
        out[(row[field], str(pred.get(field)))] += 1
    return dict(out)
