"""How stable the coding stays when a report is rewritten (``rewrite.py``).

The events read from a report are matched with those read from its rewrite
sentence by sentence: each event's sentence and trigger are mapped back to the
original's offsets (``Rewrite.to_old``), and within a sentence an event pairs
with the one of the same trigger, else of the same type, else the nearest.
For each pair, each field is compared with what it should be after the swap:

- unchanged: event type, sub-event type, PLOVER type, status, the country and
  the date, and both actors, except that an actor the original coded as a
  swapped group should now be the group swapped in, on the same side;
- following the swap: the place (the swapped-in place where the original was
  at a swapped place, else the same place), fatalities and other counts (the
  new figure where the original read a swapped number, else the same figure).

Events of the original with no partner vanished; events of the rewrite with
none appeared. The headline is the share of events whose coding (type,
sub-type, PLOVER type, status, actors) is as it should be, out of all the
original's events plus those that appeared.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..normalise.gazetteer import name_key
from ..normalise.numbers import find_counts
from ..records import Mention
from .rewrite import Rewrite, names_group

CODING_FIELDS = ("event_type", "sub_event_type", "plover_type", "status", "actor1", "actor2")
OTHER_FIELDS = ("country", "event_date", "place", "fatalities", "quantities")
FIELDS = CODING_FIELDS + OTHER_FIELDS
KINDS = ("place", "person", "group", "number")
FOLLOWS = ("place", "group", "fatalities", "quantities")
PAIR = " and/or "


def match(original: list[Mention], perturbed: list[Mention], rewrite: Rewrite
          ) -> tuple[list[tuple[Mention, Mention]], list[Mention], list[Mention]]:
    """(pairs, vanished, appeared): events of the original and of the rewrite
    paired when their sentences overlap, by trigger, then type, then distance."""
    def trigger(m: Mention) -> int:
        span = m.evidence.get("trigger")
        return span.start if span is not None else m.sentence.start

    candidates = []
    for j, p in enumerate(perturbed):
        start, end = rewrite.to_old(p.sentence.start), rewrite.to_old(p.sentence.end)
        at = rewrite.to_old(trigger(p))
        for i, o in enumerate(original):
            if o.sentence.start < end and start < o.sentence.end:
                candidates.append(((trigger(o) != at, o.event_type != p.event_type or o.plover_type != p.plover_type,
                                    abs(trigger(o) - at), i, j), i, j))
    chosen, used_o, used_p = [], set(), set()
    for _, i, j in sorted(candidates):
        if i not in used_o and j not in used_p:
            used_o.add(i)
            used_p.add(j)
            chosen.append((i, j))
    pairs = [(original[i], perturbed[j]) for i, j in sorted(chosen)]
    return (pairs, [o for i, o in enumerate(original) if i not in used_o],
            [p for j, p in enumerate(perturbed) if j not in used_p])


def _expected_actor(actor: str | None, rewrite: Rewrite) -> tuple[str | None, bool]:
    """What an actor should be after the group swaps, and whether it was
    swapped; each side of an "A and/or B" pair is swapped on its own."""
    swaps = [s for s in rewrite.swaps if s.kind == "group"]
    if not actor or not swaps:
        return actor, False
    parts, swapped = [], False
    for part in actor.split(PAIR):
        hit = next((s for s in swaps if names_group(part, s.source)), None)
        parts.append(hit.target.names[0] if hit else part)
        swapped = swapped or hit is not None
    return PAIR.join(parts), swapped


def _same_actor(actual: str | None, expected: str | None) -> bool:
    """Actors alike; a pair's sides in either order."""
    if actual is None or expected is None:
        return actual == expected
    return set(actual.split(PAIR)) == set(expected.split(PAIR))


def _expected_count(value: int | None, span, rewrite: Rewrite) -> tuple[int | None, bool | None]:
    """What a count should be after the number swaps, and whether it was
    swapped (None: swapped, but in a way that gives no figure to expect). The
    count read from a stretch with a swapped number becomes the stretch's new
    first count, or the new sum when it was the sum ("two men and one woman")."""
    if span is None or not any(s.kind == "number" for s in rewrite.swaps_within(span.start, span.end)):
        return value, False
    before = find_counts(rewrite.original[span.start:span.end])
    after = find_counts(rewrite.rewrite_span(span.start, span.end))
    if not before or len(before) != len(after):
        return value, None
    if value == before[0].value:
        return after[0].value, True
    if value == sum(c.value for c in before):
        return sum(c.value for c in after), True
    return value, None


def _place_key(m: Mention) -> tuple[str, str]:
    return name_key(m.place.location or ""), m.place.country or ""


def compare(o: Mention, p: Mention, rewrite: Rewrite) -> tuple[dict[str, bool], dict[str, bool], dict]:
    """(each field as it should be?, each swap followed?, the counts expected)
    for one pair; the second has an entry only for what a swap touched."""
    ok: dict[str, bool] = {}
    follows: dict[str, bool] = {}
    for name in ("event_type", "sub_event_type", "plover_type", "status", "event_date"):
        ok[name] = getattr(o, name) == getattr(p, name)
    ok["country"] = o.place.country == p.place.country
    for side in ("actor1", "actor2"):
        expected, swapped = _expected_actor(getattr(o, side), rewrite)
        ok[side] = _same_actor(getattr(p, side), expected)
        if swapped:
            follows["group"] = follows.get("group", True) and ok[side]
    place_swaps = [s for s in rewrite.swaps if s.kind == "place"]
    sources = [s for s in place_swaps if s.source.is_location_of(o.place)]
    if not sources and o.place.kind == "admin1":
        # the original placed the event only in the province of a swapped
        # town ("Warangal city (Warangal, TS)" read as Telangana): the
        # swapped-in town is as good as the province
        sources = [s for s in place_swaps if s.source.kind != "admin1"
                   and name_key(s.source.admin1_name or "") == name_key(o.place.admin1 or "")
                   and s.target.is_location_of(p.place)]
    if sources:
        ok["place"] = follows["place"] = any(s.target.is_location_of(p.place) for s in sources)
    else:
        # a town the swaps left as it was, in a province they swapped: the
        # report now puts it in the new province ("Fort Nau, the capital of
        # Uruzgan"), and the coder may follow either
        moved = {name_key(s.target.admin1_name or "") for s in place_swaps if s.source.kind == "admin1"
                 and name_key(s.source.admin1_name or "") == name_key(o.place.admin1 or "")}
        ok["place"] = _place_key(o) == _place_key(p) or name_key(p.place.admin1 or "") in moved
    expected, swapped = _expected_count(o.fatalities, o.evidence.get("fatalities"), rewrite)
    if swapped is not None:  # else: no figure to expect, not compared
        ok["fatalities"] = p.fatalities == expected
        if swapped:
            follows["fatalities"] = ok["fatalities"]
    expected_quantities, touched, known = {}, False, True
    for key, value in o.quantities.items():
        # the dead counted as a quantity were read where the toll was
        span = o.evidence.get(f"quantities.{key}") or (o.evidence.get("fatalities") if key == "killed" else None)
        expected_quantities[key], swapped = _expected_count(value, span, rewrite)
        touched, known = touched or bool(swapped), known and swapped is not None
    if known:
        ok["quantities"] = p.quantities == expected_quantities
        if touched:
            follows["quantities"] = ok["quantities"]
    return ok, follows, {"fatalities": expected, "quantities": expected_quantities}


@dataclass
class Tally:
    """Counts over many rewrites, by kind of swap."""

    reports: Counter = field(default_factory=Counter)  # kind -> reports rewritten
    swaps: Counter = field(default_factory=Counter)  # kind -> names or numbers swapped
    events: Counter = field(default_factory=Counter)  # kind -> events of the originals
    matched: Counter = field(default_factory=Counter)
    vanished: Counter = field(default_factory=Counter)
    appeared: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)  # kind -> pairs whose coding is as it should be
    sides_swapped: Counter = field(default_factory=Counter)  # kind -> pairs whose actors changed sides
    fields: dict = field(default_factory=lambda: defaultdict(Counter))  # (kind, field) -> {"ok", "n"}
    follows: dict = field(default_factory=lambda: defaultdict(Counter))  # (kind, what) -> {"ok", "n"}
    changes: Counter = field(default_factory=Counter)  # (kind, field, before, after) -> pairs
    examples: dict = field(default_factory=dict)  # (kind, field, before, after) -> an original sentence

    def add(self, kind: str, original: list[Mention], perturbed: list[Mention], rewrite: Rewrite) -> None:
        self.reports[kind] += 1
        self.swaps[kind] += len(rewrite.swaps)
        pairs, vanished, appeared = match(original, perturbed, rewrite)
        self.events[kind] += len(original)
        self.matched[kind] += len(pairs)
        self.vanished[kind] += len(vanished)
        self.appeared[kind] += len(appeared)
        for m in vanished:
            self._note(kind, "presence", m.sub_event_type or m.plover_type, "(vanished)", m.sentence.text)
        for m in appeared:
            self._note(kind, "presence", "(appeared)", m.sub_event_type or m.plover_type, m.sentence.text)
        for o, p in pairs:
            ok, follows, expected = compare(o, p, rewrite)
            self.unchanged[kind] += all(ok[f] for f in CODING_FIELDS)
            e1, _ = _expected_actor(o.actor1, rewrite)
            e2, _ = _expected_actor(o.actor2, rewrite)
            self.sides_swapped[kind] += e1 != e2 and _same_actor(p.actor1, e2) and _same_actor(p.actor2, e1)
            for name, good in ok.items():
                self.fields[(kind, name)]["n"] += 1
                self.fields[(kind, name)]["ok"] += good
                if not good:
                    after = _shown(p, name)
                    if name in expected and expected[name] != _shown(o, name):
                        after = f"{after} (expected {expected[name]})"
                    self._note(kind, name, _shown(o, name), after, o.sentence.text)
            for name, good in follows.items():
                self.follows[(kind, name)]["n"] += 1
                self.follows[(kind, name)]["ok"] += good

    def _note(self, kind: str, name: str, before, after, sentence: str) -> None:
        key = (kind, name, str(before), str(after))
        self.changes[key] += 1
        self.examples.setdefault(key, " ".join(sentence.split()))

    # ----------------------------------------------------------- figures
    def headline(self, kinds=KINDS) -> float | None:
        trials = sum(self.events[k] + self.appeared[k] for k in kinds)
        return round(sum(self.unchanged[k] for k in kinds) / trials, 3) if trials else None

    def field_rate(self, name: str, kinds=KINDS) -> float | None:
        n = sum(self.fields[(k, name)]["n"] for k in kinds)
        return round(sum(self.fields[(k, name)]["ok"] for k in kinds) / n, 3) if n else None

    def follow_counts(self, name: str, kinds=KINDS) -> tuple[int, int]:
        return (sum(self.follows[(k, name)]["ok"] for k in kinds), sum(self.follows[(k, name)]["n"] for k in kinds))

    def merge(self, other: "Tally") -> None:
        for name in ("reports", "swaps", "events", "matched", "vanished", "appeared", "unchanged", "sides_swapped", "changes"):
            getattr(self, name).update(getattr(other, name))
        for name in ("fields", "follows"):
            for key, counts in getattr(other, name).items():
                getattr(self, name)[key].update(counts)
        for key, sentence in other.examples.items():
            self.examples.setdefault(key, sentence)

    def as_dict(self) -> dict:
        out = {"coding_unchanged": self.headline(), "by_kind": {}}
        for kind in KINDS:
            if not self.reports[kind]:
                continue
            out["by_kind"][kind] = {
                "reports": self.reports[kind], "swaps": self.swaps[kind], "events": self.events[kind],
                "matched": self.matched[kind], "vanished": self.vanished[kind], "appeared": self.appeared[kind],
                "coding_unchanged": self.headline((kind,)), "sides_swapped": self.sides_swapped[kind],
                "fields": {f: self.field_rate(f, (kind,)) for f in FIELDS},
                "follows": {f: self.follow_counts(f, (kind,)) for f in FOLLOWS if self.follows[(kind, f)]["n"]},
            }
        out["fields"] = {f: self.field_rate(f) for f in FIELDS}
        out["follows"] = {f: self.follow_counts(f) for f in FOLLOWS}
        return out


def _shown(m: Mention, name: str):
    if name == "country":
        return m.place.country
    if name == "place":
        return m.place.location
    return getattr(m, name)
