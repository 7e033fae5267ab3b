"""When are two mentions the same real event?

A coder asks: is it the same kind of event, at the same place, on the same day
(as precisely as each report allows), by the same actors, with counts that do
not rule it out? ``same_event`` answers with a reason a user can read.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from ..records import Mention

# how many days either side a date of each precision covers
WINDOW_DAYS = {1: 0, 2: 6, 3: 30, 4: 365}
FAMILY = {
    "Battles": "violence", "Violence against civilians": "violence",
    "Explosions/Remote violence": "remote", "Protests": "demo", "Riots": "demo",
}


def family_of(m: Mention) -> str:
    if m.event_type in FAMILY:
        return FAMILY[m.event_type]
    if m.event_type:
        return f"{m.event_type}/{m.sub_event_type}"
    return f"verbal/{m.plover_type}"


def date_range(value: str | None, precision: int | None) -> tuple[int, int] | None:
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    try:
        if len(parts) == 1:
            return date(parts[0], 1, 1).toordinal(), date(parts[0], 12, 31).toordinal()
        if len(parts) == 2:
            start = date(parts[0], parts[1], 1).toordinal()
            end = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1).toordinal() - 1
            return start, end
        day = date(*parts[:3]).toordinal()
    except ValueError:
        return None
    w = WINDOW_DAYS.get(precision or 1, 0)
    return (day - w, day + w) if precision != 2 else (day, day + w)


def dates_overlap(a: Mention, b: Mention) -> bool | None:
    """None when either date is unknown or only inferred from the report."""
    if "event_date" in a.raw or "event_date" in b.raw:
        ra, rb = date_range(a.event_date, 2), date_range(b.event_date, 2)
    else:
        ra, rb = date_range(a.event_date, a.time_precision), date_range(b.event_date, b.time_precision)
    if ra is None or rb is None:
        return None
    return ra[0] <= rb[1] and rb[0] <= ra[1]


def km(a: Mention, b: Mention) -> float | None:
    pa, pb = a.place, b.place
    if None in (pa.latitude, pa.longitude, pb.latitude, pb.longitude):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (pa.latitude, pa.longitude, pb.latitude, pb.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def places_agree(a: Mention, b: Mention) -> bool | None:
    """True same place (or one inside the other), False different, None unknown."""
    pa, pb = a.place, b.place
    if pa.country and pb.country and pa.country != pb.country:
        return False
    if pa.kind == "country" or pb.kind == "country" or pa.precision is None or pb.precision is None:
        return None
    if pa.location and pa.location == pb.location:
        return True
    d = km(a, b)
    if d is not None and d <= 25:
        return True
    if pa.admin1 and pb.admin1:
        if pa.admin1 != pb.admin1:
            return False
        # same province: the same place only if one report is vaguer than a town
        return True if max(pa.precision, pb.precision) >= 2 else False
    return None


@dataclass(frozen=True, slots=True)
class MergeDecision:
    same: bool
    score: float
    reason: str


def blocking_keys(m: Mention) -> list[tuple]:
    """Candidates share a key: same family and country, and a month the date touches."""
    r = date_range(m.event_date, m.time_precision if "event_date" not in m.raw else 2)
    fam = family_of(m)
    country = m.place.country or "?"
    if r is None:
        return [(fam, country, None)]
    months = set()
    for ordinal in (r[0], r[1]):
        d = date.fromordinal(ordinal)
        months.add((d.year, d.month))
    if r[1] - r[0] > 62:  # a year-precision date: block by year
        return [(fam, country, date.fromordinal(r[0]).year)]
    return [(fam, country, ym) for ym in sorted(months)] + [(fam, country, date.fromordinal(r[0]).year)]


def same_event(a: Mention, b: Mention) -> MergeDecision:
    if family_of(a) != family_of(b):
        return MergeDecision(False, 0.0, "different kinds of event")
    if (a.status == "occurred") != (b.status == "occurred"):
        return MergeDecision(False, 0.0, "one happened, the other did not (yet)")
    dates = dates_overlap(a, b)
    if dates is False:
        return MergeDecision(False, 0.0, f"different dates ({a.event_date} vs {b.event_date})")
    places = places_agree(a, b)
    if places is False:
        return MergeDecision(False, 0.0, f"different places ({a.place.location} vs {b.place.location})")
    actors = {x for x in (a.actor1, a.actor2) if x} & {x for x in (b.actor1, b.actor2) if x}
    if a.actor1 and b.actor1 and not actors:
        return MergeDecision(False, 0.1, "no actor in common")
    for key in set(a.quantities) & set(b.quantities):
        if key == "prisoners_released" and a.quantities[key] != b.quantities[key]:
            return MergeDecision(False, 0.2, f"different numbers released ({a.quantities[key]} vs {b.quantities[key]})")
    if dates is None and places is None:
        return MergeDecision(False, 0.3, "neither date nor place pins it down")
    if places is None and a.event_type is not None and a.event_type != "Strategic developments":
        return MergeDecision(False, 0.4, "place too vague for a violent event")
    reason = f"same {family_of(a)}"
    if dates:
        reason += f", overlapping dates ({a.event_date} / {b.event_date})"
    if places:
        reason += f", same place ({a.place.location} / {b.place.location})"
    if actors:
        reason += f", shared actors ({', '.join(sorted(actors))})"
    return MergeDecision(True, 0.5 + 0.2 * bool(dates) + 0.2 * bool(places) + 0.1 * bool(actors), reason)
