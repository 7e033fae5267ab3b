"""When are two mentions the same real event?

A coder asks: is it the same kind of event, at the same place, on the same day
(as precisely as each report allows), between the same actors, with counts
that do not rule it out, told in words about the same thing? ``same_event``
answers with a score and a reason a user can read; a score of 0 is a veto that
no chain of other reports can override (see ``cluster``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Callable

from ..normalise.numbers import compatible
from ..geo import km as great_circle_km
from ..records import Mention
from .wording import similarity

# how many days either side a date of each precision covers
WINDOW_DAYS = {1: 0, 2: 6, 3: 30, 4: 365}
FAMILY = {
    "Battles": "violence", "Violence against civilians": "violence",
    "Explosions/Remote violence": "remote", "Protests": "demo", "Riots": "demo",
}
# counts that single out one incident: two reports a day apart that both count
# prisoners freed are telling the same prison break (and disagree on its
# date). Releases by a government are left out: they recur day after day.
DISTINCTIVE = {"prisoners_freed", "prisoners_released", "fled", "displaced", "abducted", "arrested", "captured"}
ONE_OFF = DISTINCTIVE - {"prisoners_released", "arrested"}
THRESHOLD = 0.5


def family_of(m: Mention) -> str:
    if m.sub_event_type == "Sexual violence":
        return "sexual"  # no outlet tells a rape as a battle: a kind of its own
    if m.event_type in FAMILY:
        return FAMILY[m.event_type]
    if m.sub_event_type == "Non-violent transfer of territory":
        # one outlet's handover is another's capture: ground changing hands is
        # told as either, and the two reports are one event
        return "violence"
    if m.sub_event_type == "Agreement":
        # a release of prisoners and the deal that provided for it are two events
        return f"{m.event_type}/{m.sub_event_type}/{'release' if m.plover_type in ('RETREAT', 'CONCEDE') else 'deal'}"
    if m.event_type:
        return f"{m.event_type}/{m.sub_event_type}"
    return f"verbal/{m.plover_type}"


def _status_group(status: str) -> str:
    return "happened" if status in ("occurred", "claimed") else status


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
    return (day, day + w) if precision == 2 else (day - w, day + w)


def mention_range(m: Mention) -> tuple[int, int] | None:
    # a date taken from the publication, not the text, is only a bound: the
    # event happened within the week before the report
    return _range(m.event_date, m.time_precision, "event_date" in m.raw)


@lru_cache(maxsize=65536)
def _range(value: str | None, precision: int | None, inferred: bool) -> tuple[int, int] | None:
    # (asked for every pair of mentions a neighbourhood holds: remembered)
    if inferred and value and len(value) == 10:
        day = date.fromisoformat(value).toordinal()
        return day - 7, day
    return date_range(value, precision)


def day_gap(a: Mention, b: Mention) -> int | None:
    """Days between two ranges (0 when they overlap); None when either is unknown."""
    ra, rb = mention_range(a), mention_range(b)
    if ra is None or rb is None:
        return None
    if ra[0] <= rb[1] and rb[0] <= ra[1]:
        return 0
    return min(abs(ra[0] - rb[1]), abs(rb[0] - ra[1]))


def km(a: Mention, b: Mention) -> float | None:
    pa, pb = a.place, b.place
    if None in (pa.latitude, pa.longitude, pb.latitude, pb.longitude):
        return None
    return great_circle_km((pa.latitude, pa.longitude), (pb.latitude, pb.longitude))


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
        # same province: the same place only if one report names just the province
        return True if max(pa.precision, pb.precision) >= 3 else False
    return None


@dataclass(frozen=True, slots=True)
class MergeDecision:
    same: bool
    score: float
    reason: str

    @property
    def veto(self) -> bool:
        return self.score <= 0.0


def blocking_keys(m: Mention) -> list[tuple]:
    """Candidates share a key: same family and country, and a month the date
    touches. A date known only to the year gets a year key; narrower dates
    reach it through ``year_key`` (see ``cluster``), so that day-precise
    mentions are not all compared with each other across a whole year."""
    r = mention_range(m)
    fam = family_of(m)
    country = m.place.country or "?"
    if r is None:
        return [(fam, country, None)]
    if r[1] - r[0] > 62:
        return [(fam, country, date.fromordinal(r[0]).year)]
    months = sorted({(date.fromordinal(o).year, date.fromordinal(o).month) for o in (r[0] - 1, r[1] + 1)})
    return [(fam, country, ym) for ym in months]


def year_keys(m: Mention) -> list[tuple]:
    """The year keys a narrow date can meet a year-only date under."""
    r = mention_range(m)
    if r is None or r[1] - r[0] > 62:
        return []
    fam, country = family_of(m), m.place.country or "?"
    return sorted({(fam, country, date.fromordinal(o).year) for o in (r[0], r[1])})


# families whose events a day apart may be one event dated differently by two
# reports (a battle, a bombing, a riot, a deal); releases recur day after day
DAY_TOLERANT = {"violence", "remote", "demo"}


_STATE_FORCES = re.compile(r"^(?:Military|Police) Forces of ")


def _side(actor: str) -> str:
    """Who an actor stands for when two reports are compared: one outlet's
    police is another's army or "security forces" (the state's forces alike)."""
    return _STATE_FORCES.sub("State forces of ", actor)


def same_event(a: Mention, b: Mention, day_apart_ok: bool | Callable[[], bool] = False) -> MergeDecision:
    """``day_apart_ok``: neither report tells another such event on the other's
    day, so a day between them may be two reports dating one event differently
    (a callable is asked only when the reports are a day apart)."""
    if family_of(a) != family_of(b):
        return MergeDecision(False, 0.0, "different kinds of event")
    if _status_group(a.status) != _status_group(b.status):
        return MergeDecision(False, 0.0, "one happened, the other did not (yet)")
    if a.place.country and b.place.country and a.place.country != b.place.country:
        return MergeDecision(False, 0.0, f"different countries ({a.place.country} vs {b.place.country})")
    if (a.raw.get("casualty") == "bodies") != (b.raw.get("casualty") == "bodies") and a.event_type != b.event_type:
        # bodies found in the street are not the battle another report tells
        return MergeDecision(False, 0.0, "bodies found, and a fight of another kind")
    gap = day_gap(a, b)
    if gap is not None and gap > 1:
        return MergeDecision(False, 0.0, f"different dates ({a.event_date} vs {b.event_date})")
    places = places_agree(a, b)
    if places is False:
        return MergeDecision(False, 0.0, f"different places ({a.place.location} vs {b.place.location})")
    for key in set(a.quantities) & set(b.quantities):
        if key == "prisoners_released" and not compatible(a.stated(key), b.stated(key)):
            return MergeDecision(False, 0.0, f"different numbers released ({a.quantities[key]} vs {b.quantities[key]})")
    sides_a = {_side(x) for x in (a.actor1, a.actor2) if x and not x.startswith("Unidentified")}
    sides_b = {_side(x) for x in (b.actor1, b.actor2) if x and not x.startswith("Unidentified")}
    shared_actors = sides_a & sides_b
    # two named doers that differ are two events; who was hit ("a checkpoint",
    # "civilians") is what reports most often tell differently of one event
    # (a name only the report gives is no proof: outlets name a militia differently)
    doer_a = a.actor1 if a.actor1 and not a.actor1.startswith("Unidentified") and "actor1.name" not in a.raw else None
    doer_b = b.actor1 if b.actor1 and not b.actor1.startswith("Unidentified") and "actor1.name" not in b.raw else None
    if sides_a and sides_b and not shared_actors and doer_a and doer_b:
        return MergeDecision(False, 0.0, "no actor in common")
    violent = family_of(a) in ("violence", "remote", "demo")
    if violent and places is None:
        return MergeDecision(False, 0.2, "place too vague to join violent events")
    if gap is None and places is None:
        return MergeDecision(False, 0.2, "neither date nor place pins it down")

    wording = similarity(a.sentence.text, b.sentence.text)
    shared_detail = sorted(DISTINCTIVE & a.details() & b.details())
    if gap == 1:
        # reports a day apart: the same event if they tell the same one-off
        # detail (a dispute on the date); or, where neither report tells such an
        # event on the other's day, if they agree on the place and sides and
        # count the same kind of toll or tell it in like words; else two events
        # on consecutive days
        tolerant = places and (family_of(a) in DAY_TOLERANT or family_of(a).endswith("/deal")) and (
            shared_actors or not (sides_a or sides_b)) and (
            bool({"killed", "injured"} & a.details() & b.details()) or wording >= 0.5 or bool(shared_actors)) and (
            day_apart_ok() if callable(day_apart_ok) else day_apart_ok)
        if not (ONE_OFF & set(shared_detail)) and not tolerant:
            return MergeDecision(False, 0.0, f"a day apart ({a.event_date} vs {b.event_date}) with nothing distinctive in common")
    # the very town named beats a town near it: a report that tells two
    # incidents a few kilometres apart has each joined to its own (with places
    # agreeing the score is already past the threshold, so this only orders)
    same_town = bool(places) and a.place.location == b.place.location and a.place.is_town
    score = min(1.0, 0.3 + 0.2 * (gap == 0) + 0.2 * bool(places) + 0.05 * same_town + 0.1 * bool(shared_actors)
                + 0.1 * bool(shared_detail) + 0.1 * wording)
    parts = [f"same {family_of(a)}"]
    if gap == 0:
        parts.append(f"dates agree ({a.event_date} / {b.event_date})")
    elif gap == 1:
        parts.append(f"dates a day apart ({a.event_date} / {b.event_date})")
    if places:
        parts.append(f"same place ({a.place.location} / {b.place.location})")
    if shared_actors:
        parts.append(f"shared actors ({', '.join(sorted(shared_actors))})")
    if shared_detail:
        parts.append(f"both count {', '.join(shared_detail)}")
    parts.append(f"wording similarity {wording:.2f}")
    return MergeDecision(score >= THRESHOLD, round(score, 3), ", ".join(parts))
