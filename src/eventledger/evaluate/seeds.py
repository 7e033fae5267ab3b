"""Score exported events against the hand-coded seed gold.

The rules are those of ``shared/gold/README.md``: per document, a predicted
event matches a gold event when its type agrees (ACLED event_type, or PLOVER
type for events outside ACLED) and its place or its date agrees (same admin1 or
within 50 km; date within 1 day, 7 days, a month or a year by the gold's time
precision). Matching is one-to-one, best pairs first. Precision counts matched
predictions among all predictions for the seed documents; recall counts matched
required gold events; field accuracy is measured on matched pairs. Cluster
checks (merged multi-report events, look-alikes kept apart, disputes) read the
event ids of the matched predictions.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from ..geo import km

PRECISION_DAYS = {1: 1, 2: 7, 3: 31, 4: 366}
FIELDS = ("event_type", "sub_event_type", "plover_type", "status", "actor1", "actor2", "place", "admin1", "location", "event_date", "fatalities", "quantities")


def to_date(value: str | None) -> date | None:
    if not value:
        return None
    parts = [int(p) for p in str(value).split("-")]
    while len(parts) < 3:
        parts.append(1 if len(parts) else 1)
    try:
        return date(parts[0], parts[1], parts[2])
    except ValueError:
        return None


def _norm(value: Any) -> str:
    return " ".join(str(value or "").lower().replace("-", " ").split())


def type_agrees(pred: dict, gold: dict) -> bool:
    if gold.get("event_type"):
        return pred.get("event_type") == gold["event_type"]
    return pred.get("event_type") is None and pred.get("plover_type") in (gold.get("plover") or [])


# compares two province names within their countries; the default is the
# names themselves, ``eval`` passes the gazetteer's (``acled.SameProvince``),
# for which "Ninawa" is the gold's "Ninewa"
SameAdmin1 = Callable[[str | None, str | None, str, str | None], bool]


def _plain_same_admin1(predicted: str | None, predicted_country: str | None, gold: str, gold_country: str | None) -> bool:
    return bool(predicted) and _norm(predicted) == _norm(gold)


def admin1_agrees(pred: dict, gold: dict, same: SameAdmin1 | None = None) -> bool:
    if not gold.get("admin1") or not pred.get("admin1"):
        return False
    return (same or _plain_same_admin1)(pred["admin1"], pred.get("country"), gold["admin1"], gold.get("country"))


def place_agrees(pred: dict, gold: dict, same: SameAdmin1 | None = None) -> bool:
    if admin1_agrees(pred, gold, same):
        return True
    if None not in (gold.get("latitude"), gold.get("longitude"), pred.get("latitude"), pred.get("longitude")):
        return km((gold["latitude"], gold["longitude"]), (pred["latitude"], pred["longitude"])) <= 50
    return False


def gives_place(gold: dict) -> bool:
    return any(gold.get(k) is not None for k in ("admin1", "latitude", "country"))


def strict_place_agrees(pred: dict, gold: dict, same: SameAdmin1 | None = None) -> bool:
    """Strict scoring: the place agrees where the gold gives one (its province
    or point; its country for a country-wide event)."""
    if gold.get("admin1") is not None or gold.get("latitude") is not None:
        return place_agrees(pred, gold, same)
    if gold.get("country") is not None:
        return _norm(pred.get("country")) == _norm(gold["country"])
    return True


def date_agrees(pred: dict, gold: dict) -> bool:
    g, p = to_date(gold.get("event_date")), to_date(pred.get("event_date"))
    if g is None or p is None:
        return False
    window = PRECISION_DAYS.get(gold.get("time_precision") or 1, 1)
    if gold.get("time_precision") == 3:
        return (g.year, g.month) == (p.year, p.month) or abs((g - p).days) <= window
    if gold.get("time_precision") == 4:
        return g.year == p.year
    return abs((g - p).days) <= window


def field_agrees(name: str, pred: dict, gold: dict, same: SameAdmin1 | None = None) -> bool | None:
    """None when the gold leaves the field open."""
    if name == "event_type":
        return pred.get("event_type") == gold.get("event_type")
    if name == "sub_event_type":
        if not gold.get("sub_event_type"):
            return pred.get("sub_event_type") is None
        return pred.get("sub_event_type") in gold["sub_event_type"]
    if name == "plover_type":
        return pred.get("plover_type") in (gold.get("plover") or [])
    if name == "status":
        return pred.get("status") == gold.get("status")
    if name in ("actor1", "actor2"):
        if gold.get(name) is None:
            return None
        return _norm(pred.get(name)) == _norm(gold.get(name))
    if name == "place":
        # the place agrees as the matching rule reads it: same province or within
        # 50 km; a country-wide event agrees on its country
        if gold.get("location") is None:
            return None
        if gold.get("admin1") is None and gold.get("latitude") is None:
            return _norm(pred.get("country")) == _norm(gold.get("country"))
        return place_agrees(pred, gold, same)
    if name == "admin1":
        if gold.get("admin1") is None:
            return None
        return admin1_agrees(pred, gold, same)
    if name == "location":
        if gold.get("location") is None:
            return None
        if _norm(pred.get("location")) == _norm(gold["location"]):
            return True
        return place_agrees(pred, gold, same) and gold.get("latitude") is not None
    if name == "event_date":
        if gold.get("event_date") is None:
            return None
        return date_agrees(pred, gold)
    if name == "fatalities":
        # ACLED writes 0 where no death is reported; the gold leaves it null
        return (pred.get("fatalities") or 0) == (gold.get("fatalities") or 0)
    if name == "quantities":
        gq = gold.get("quantities") or {}
        if not gq:
            return None
        pq = pred.get("quantities") or {}
        return all(pq.get(k) == v for k, v in gq.items())
    raise KeyError(name)


@dataclass
class SeedReport:
    predicted: int = 0
    matched_predicted: int = 0
    required: int = 0
    matched_required: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    merged: list[tuple[str, bool]] = field(default_factory=list)
    kept_apart: list[tuple[str, bool]] = field(default_factory=list)
    disputes: list[tuple[str, bool]] = field(default_factory=list)
    consistent: list[tuple[str, bool]] = field(default_factory=list)  # values that only look different: no dispute
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    field_misses: list[str] = field(default_factory=list)  # "gid field: predicted (gold ...)"

    @property
    def precision(self) -> float:
        return self.matched_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched_required / self.required if self.required else 0.0

    @property
    def field_accuracy(self) -> float:
        ok = sum(v[0] for v in self.fields.values())
        n = sum(v[1] for v in self.fields.values())
        return ok / n if n else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "predicted": self.predicted,
            "precision": round(self.precision, 3),
            "recall_required": round(self.recall, 3),
            "matched_required": f"{self.matched_required}/{self.required}",
            "field_accuracy": round(self.field_accuracy, 3),
            "fields": {k: round(v[0] / v[1], 3) if v[1] else None for k, v in sorted(self.fields.items())},
            "merged": f"{sum(ok for _, ok in self.merged)}/{len(self.merged)}",
            "kept_apart": f"{sum(ok for _, ok in self.kept_apart)}/{len(self.kept_apart)}",
            "disputes": f"{sum(ok for _, ok in self.disputes)}/{len(self.disputes)}",
            "consistent": f"{sum(ok for _, ok in self.consistent)}/{len(self.consistent)}",
        }


def _assign(pairs: list[tuple[tuple, int, int]], n_pred: int, n_gold: int) -> list[tuple[int, int]]:
    """One-to-one matching that finds as many required gold events as possible,
    then as many matches as possible, then the best-agreeing pairs."""
    if not pairs:
        return []
    from scipy.optimize import linear_sum_assignment
    import numpy as np

    weight = np.zeros((n_pred, n_gold))
    for (not_required, neg_agree, sub_mismatch, neg_exact), i, j in pairs:
        weight[i, j] = 1000 * (not not_required) + 100 + 10 * (-neg_agree) + (not sub_mismatch) + 0.1 * (-neg_exact)
    rows, cols = linear_sum_assignment(-weight)
    return [(i, j) for i, j in zip(rows, cols) if weight[i, j] > 0]


def load_gold(gold_dir: Path, name: str = "seeds") -> tuple[list[dict], dict]:
    gold = [json.loads(line) for line in (gold_dir / f"{name}.gold.jsonl").read_text("utf-8").splitlines() if line.strip()]
    clusters = json.loads((gold_dir / f"{name}.clusters.json").read_text("utf-8"))
    return gold, clusters


def _shown(record: dict, name: str) -> Any:
    value = record.get(name)
    return value if value is not None or name != "place" else record.get("location")


def score(records: list[dict], gold: list[dict], clusters: dict, strict: bool = False,
          same_admin1: SameAdmin1 | None = None) -> SeedReport:
    """Score merged event records (the contract's jsonl) against the gold.

    ``strict``: a prediction matches only when its type agrees and its place
    AND its date agree where the gold gives them, and a dispute counts only
    when the merged record lists at least two of the reports' different values.
    """
    docs = {g["doc"] for g in gold}
    # one predicted event per (event, source document)
    preds: dict[str, list[dict]] = defaultdict(list)
    for rec in records:
        for src in rec.get("sources") or []:
            if src.get("document") in docs:
                preds[src["document"]].append(rec)
    for doc in preds:  # an event cited twice by one document counts once
        seen, unique = set(), []
        for rec in preds[doc]:
            if rec["event_id"] not in seen:
                seen.add(rec["event_id"])
                unique.append(rec)
        preds[doc] = unique

    report = SeedReport()
    gold_by_doc: dict[str, list[dict]] = defaultdict(list)
    for g in gold:
        gold_by_doc[g["doc"]].append(g)
    match_of: dict[str, dict] = {}  # gid -> prediction
    for doc in sorted(docs):
        ps, gs = preds.get(doc, []), gold_by_doc[doc]
        report.predicted += len(ps)
        report.required += sum(1 for g in gs if g.get("required"))
        pairs = []
        for i, p in enumerate(ps):
            for j, g in enumerate(gs):
                if not type_agrees(p, g):
                    continue
                pa, da = place_agrees(p, g, same_admin1), date_agrees(p, g)
                if strict:
                    pa = strict_place_agrees(p, g, same_admin1)
                    da = da or g.get("event_date") is None
                    ok = pa and da
                else:
                    ok = pa or da
                if ok:
                    # prefer required gold, both agreeing, then sub-type agreement, then
                    # the nearer pair (the very day, the very place) among equals
                    exact = (p.get("event_date") == g.get("event_date")) + (_norm(p.get("location")) == _norm(g.get("location")) and g.get("location") is not None)
                    rank = (not g.get("required"), -(pa + da), p.get("sub_event_type") not in (g.get("sub_event_type") or [None]), -exact)
                    pairs.append((rank, i, j))
        _assigned = _assign(pairs, len(ps), len(gs))
        for i, j in _assigned:
            p, g = ps[i], gs[j]
            match_of[g["gid"]] = p
            report.matched_predicted += 1
            if g.get("required"):
                report.matched_required += 1
            for name in FIELDS:
                ok = field_agrees(name, p, g, same_admin1)
                if ok is not None:
                    report.fields[name][0] += int(ok)
                    report.fields[name][1] += 1
                    if not ok:
                        report.field_misses.append(f"{g['gid']} {name}: {_shown(p, name)!r} (gold {_shown(g, name)!r})")
        used_p = {i for i, j in _assigned}
        used_g = {j for i, j in _assigned}
        for j, g in enumerate(gs):
            if j not in used_g and g.get("required"):
                report.misses.append(f"{g['gid']} {g.get('event_type') or g.get('plover')} {g['evidence'][:70]}")
        for i, p in enumerate(ps):
            if i not in used_p:
                src = next(s for s in p["sources"] if s["document"] == doc)
                report.false_positives.append(f"{doc[:3]} {p.get('event_type') or p.get('plover_type')}/{p.get('sub_event_type')} {p.get('event_date')} {p.get('location')}: {src['sentence'][:70]}")

    # clusters: multi-report events must share an id; look-alikes must not
    by_cluster: dict[str, list[dict]] = defaultdict(list)
    for g in gold:
        by_cluster[g["cluster"]].append(g)
    for name, members in sorted(by_cluster.items()):
        # a multi-report event: required lines in two or more reports
        required_docs = {g["doc"] for g in members if g.get("required")}
        if len(required_docs) < 2:
            continue
        ids_by_doc = defaultdict(set)
        for g in members:
            if g["gid"] in match_of:
                ids_by_doc[g["doc"]].add(match_of[g["gid"]]["event_id"])
        ok = required_docs <= set(ids_by_doc) and bool(set.intersection(*ids_by_doc.values()))
        report.merged.append((name, ok))
    for a, b in clusters.get("keep_apart", []):
        ids_a = {match_of[g["gid"]]["event_id"] for g in by_cluster[a] if g["gid"] in match_of}
        ids_b = {match_of[g["gid"]]["event_id"] for g in by_cluster[b] if g["gid"] in match_of}
        report.kept_apart.append((f"{a} / {b}", bool(ids_a) and bool(ids_b) and not (ids_a & ids_b)))
    for dispute in clusters.get("disputes", []):
        recs = _records_of_cluster(records, by_cluster[dispute["cluster"]], match_of)
        wanted = {_dispute_value(v["value"]) for v in dispute.get("values") or []}
        ok = any(
            _lists_dispute(d, dispute["field"], wanted if strict else None)
            for r in recs for d in r.get("disputes") or []
        )
        report.disputes.append((f"{dispute['cluster']} {dispute['field']}", ok))
    for agreed in clusters.get("consistent", []):
        recs = _records_of_cluster(records, by_cluster[agreed["cluster"]], match_of)
        ok = bool(recs) and not any(
            _lists_dispute(d, agreed["field"], None) for r in recs for d in r.get("disputes") or []
        )
        report.consistent.append((f"{agreed['cluster']} {agreed['field']}", ok))
    return report


def _records_of_cluster(records: list[dict], members: list[dict], match_of: dict[str, dict]) -> list[dict]:
    ids = {match_of[g["gid"]]["event_id"] for g in members if g["gid"] in match_of}
    return [r for r in records if r["event_id"] in ids]


def _dispute_value(value: Any) -> Any:
    try:
        return int(value)
    except (TypeError, ValueError):
        return _norm(value)


def _lists_value(wanted: Any, entry: dict) -> bool:
    """Whether a dispute's entry gives the gold's value: the number, or for a
    worded value ("dozens") the wording."""
    if isinstance(wanted, int):
        return _dispute_value(entry.get("value")) == wanted
    return wanted in _norm(entry.get("text") or entry.get("value"))


def _lists_dispute(dispute: dict, field_name: str, wanted: set | None) -> bool:
    """Whether a record's dispute is on ``field_name``; with ``wanted`` (strict
    scoring), also whether it lists at least two of those different values."""
    if dispute.get("field") not in (field_name, f"quantities.{field_name}"):
        return False
    if wanted is None:
        return True
    entries = dispute.get("values") or []
    return sum(any(_lists_value(w, e) for e in entries) for w in wanted) >= 2
