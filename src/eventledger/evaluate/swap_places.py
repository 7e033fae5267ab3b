"""Place swaps for the perturbation check: each place a report names for
another place of the same kind and country, from the gazetteer.

- a province for another province of the same country, none the report's
  places lie in;
- a city for a city of similar population in the same country: inside the
  province it was swapped into when the report names its province too (a
  provincial capital becomes the new province's capital, so "Qala i Naw, the
  capital of Badghis" stays true), else inside its own province, which the
  report may name in a form no swap finds ("Mardan city (KP)"), else
  anywhere in the country away from the report's places;
- a district likewise.

The report's words decide what a name is where the coder's reading and the
report disagree: a city named after its province is the province when the
report says "province", "state" or "countryside of", or writes it after a
place inside it ("Kot Addu, Punjab"); a place called by a generic word of
another kind ("Charsadda district" read as the town of Charsadda) or found
inside a longer name ("Kunduz" of "Kunduz Polytechnic") is
left as it is, everywhere in the report.

National capitals are left alone: reports name them for their governments
("Kabul said"), and a swap would change who acts. A place only becomes a
replacement when its name, alone, reads as that place (the gazetteer's first
reading of the name, found in running text, not a common English word): the
check measures whether the coder follows the swap, not whether a name is
ambiguous. How the original report's places are read (kind, country) is the
coder's own reading (``PlaceResolver.resolve`` with the report's context).
"""
from __future__ import annotations

import math
import random
import re
import sqlite3
from dataclasses import dataclass, replace
from typing import Iterable

from ..normalise.gazetteer import GENERIC_SUFFIXES, name_key
from .rewrite import Swap

SWAPPED_KINDS = ("admin1", "district", "city")
_NAME_SHAPE = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z]?[a-z]+)*")
_PROBE = "Fighting was reported in {} on Monday."
_COLUMNS = "id, name, admin1_code, population, geonameid, lat, lon"
_ADJACENT = re.compile(r"\s*(?:[a-z]+\s*)?[,(]\s*")  # "Paithan tehsil (Aurangabad"
# words before a name that make it a province: "the province of X", "the countryside of X"
_PROVINCE_BEFORE = re.compile(r"\b(?:province|state|governorate|region|countryside|oblast) of\s+(?:the\s+)?$", re.I)
# a capitalised word right after a name, which makes it part of a longer name
_LONGER_NAME = re.compile(r"(?:[ -]|\s?-\s?)[A-Z][a-z]")
# a place written just before the province containing it: "X, Y", "X (Y",
# "X (District, Y"; searched for ending where Y starts
_CONTAINED = re.compile(r"(?P<name>[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3})\s*[,(]\s*(?:[A-Z][^(),.;]{0,40},\s*)?$")


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A place of the index, as a swap needs it."""

    kind: str  # "city", "admin1", "district"
    cc: str
    admin1_code: str | None
    name: str
    place_id: int
    geonameid: int | None
    population: int = 0
    admin1_name: str | None = None  # the province as an event's place names it
    lat: float | None = None
    lon: float | None = None

    def is_location_of(self, place) -> bool:
        """Whether an event's ``Place`` is this place: the same city; for a
        province, the province itself or the town of its name in it ("Herat");
        for a district, the district or a place the report puts in it."""
        key = name_key(self.name)
        same_province = name_key(place.admin1 or "") == name_key(self.admin1_name or "")
        if self.kind == "city":
            # the same town, or one of its name in its province (GeoNames lists some twice)
            return (place.geonameid is not None and place.geonameid == self.geonameid) or (
                same_province and name_key(place.location or "") == key)
        if self.kind == "admin1":
            return same_province and (place.kind == "admin1" or name_key(place.location or "") == key)
        return key in (name_key(place.location or ""), name_key(place.admin2 or ""))


class PlaceSwapper:
    """Chooses the swaps; holds a resolver and a read-only view of its index."""

    def __init__(self, resolver):
        self.resolver = resolver
        self.gazetteer = resolver.gazetteer
        self._db = sqlite3.connect(f"file:{self.gazetteer.path}?mode=ro", uri=True, check_same_thread=False)
        self._cc_of_country = {name: cc for cc, name in self.gazetteer.country_names.items()}
        self._admin1_code = {(cc, name): code for (cc, code), name in self.gazetteer.admin1_names.items()}
        self._national_capitals = {pid for pid in self.gazetteer.country_capital.values() if pid}
        self._usable: dict[tuple, bool] = {}

    def close(self) -> None:
        self._db.close()

    # ------------------------------------------------------------- reading
    def ref_of(self, place) -> PlaceRef | None:
        """The index place behind a resolved ``Place``, if it is of a swapped kind."""
        if place is None or place.kind not in SWAPPED_KINDS:
            return None
        cc = self._cc_of_country.get(place.country or "")
        if cc is None:
            return None
        if place.kind == "city":
            row = self._select("kind = 'city' AND geonameid = ?", (place.geonameid,))
        elif place.kind == "admin1":
            code = self._admin1_code.get((cc, place.admin1 or ""))
            row = self._select("kind = 'admin1' AND cc = ? AND admin1_code = ?", (cc, code)) if code else None
        else:
            row = self._select("kind = 'district' AND cc = ? AND name = ?", (cc, place.location))
        if row is None:
            return None
        return self._ref(PlaceRef(place.kind, cc, None, "", 0, None), row)

    def _select(self, where: str, params: tuple) -> tuple | None:
        return self._db.execute(f"SELECT {_COLUMNS} FROM place WHERE {where}", params).fetchone()

    def places_in(self, text: str, ents: Iterable[tuple[int, int, str, str]], blocked: Iterable[tuple[int, int]] = (),
                  ctx=None) -> list[tuple[int, int, PlaceRef]]:
        """The report's places of swapped kinds, as the coder reads them
        (``ctx``: the report's ``DocContext``, made here when not given):
        (start, end, place), the span without generic words ("province").

        A place the report calls by a generic word of another kind ("Poonch
        district" read as the town of Punch) is left out, with all its
        mentions: no replacement of the coder's kind fits the word."""
        ents = list(ents)
        blocked = list(blocked)
        persons = [(s, e) for s, e, _, label in ents if label == "PERSON"]
        ctx = ctx if ctx is not None else self.resolver.document_context(text, ents)
        found, misfits = [], set()
        for start, end, name in self.resolver.find_place_names(text):
            # a place inside a person's name ("Ali Aden Farah") is his name; a
            # "person" no longer than a place name is the small model's mistake
            inside_person = any(s < end and start < e and not (start <= s and e <= end) for s, e in persons)
            word = _generic_word(text, start, end)
            start, end = _core(text, start, end)
            inside_name = bool(_LONGER_NAME.match(text, end)) and not word and not _title_case_line(text, start)
            if end <= start or inside_person or any(s < end and start < e for s, e in blocked):
                continue
            ref = self.ref_of(self.resolver.resolve(text[start:end], ctx))
            if ref is None or ref.place_id in self._national_capitals:
                continue
            said = GENERIC_SUFFIXES.get(word or "") or ("admin1" if _PROVINCE_BEFORE.search(text, max(0, start - 40), start) else None)
            if said == "admin1" or self._names_province(text, start, ref, ctx):
                ref = self._province_of(ref)
            if (said and said != ref.kind) or inside_name:
                misfits.add(ref.place_id)
            found.append((start, end, ref))
        return [f for f in found if f[2].place_id not in misfits]

    def _names_province(self, text: str, start: int, ref: PlaceRef, ctx) -> bool:
        """Whether a city named after its province is written as the province
        of the place just before ("Kot Addu, Punjab", "a village (Charsadda,
        Peshawar)"): swapped as a city, the
        report would put a town inside a city of another province."""
        if ref.kind != "city" or name_key(ref.name) != name_key(ref.admin1_name or ""):
            return False
        inner = _CONTAINED.search(text, max(0, start - 120), start)
        if inner is None:
            return False
        if GENERIC_SUFFIXES.get(inner.group("name").split()[-1].lower()) in ("district", "city"):
            return True  # "Zaria LGA (Kaduna)", "Sittwe District, Rakhine"
        place = self.resolver.resolve(inner.group("name"), ctx)
        return (place is not None and place.country == self.gazetteer.country_names.get(ref.cc)
                and name_key(place.admin1 or "") == name_key(ref.admin1_name or "") and place.kind != "admin1")

    def _province_of(self, ref: PlaceRef) -> PlaceRef:
        """The province a city is named after, as a place to swap."""
        if ref.kind != "city" or name_key(ref.name) != name_key(ref.admin1_name or ""):
            return ref
        pid = self.gazetteer.admin1_place.get((ref.cc, ref.admin1_code or ""))
        row = self._select("id = ?", (pid,)) if pid else None
        return self._ref(replace(ref, kind="admin1"), row) if row else ref

    # ------------------------------------------------------------ choosing
    def swaps(self, text: str, ents: Iterable[tuple[int, int, str, str]], rng: random.Random,
              blocked: Iterable[tuple[int, int]] = (), ctx=None) -> list[Swap]:
        """Each of the report's places for another of its kind and country."""
        found = self.places_in(text, ents, blocked, ctx)
        refs = {ref.place_id: ref for _, _, ref in found}
        named_keys = {name_key(text[s:e]) for s, e, _ in found} | {name_key(r.name) for r in refs.values()}
        # the provinces the report's places lie in
        touched = {(r.cc, r.admin1_code) for r in refs.values() if r.admin1_code}
        # "a village of Khurda tehsil (Cuttack, Odisha)", "Baidoa, Bay": a
        # town written just before another place of the report lies in it
        containers: dict[int, int] = {}
        for (_, end, inner), (start, _, outer) in zip(found, found[1:]):
            if inner.kind != "admin1" and outer.kind != "admin1" and inner.place_id != outer.place_id \
                    and _ADJACENT.fullmatch(text, end, start):
                containers.setdefault(inner.place_id, outer.place_id)
        mapping: dict[int, PlaceRef] = {}
        taken: set[int] = set(refs)
        outers = set(containers.values())
        for kind in SWAPPED_KINDS:  # provinces first, then what lies in them, containers first
            for ref in sorted((r for r in refs.values() if r.kind == kind), key=lambda r: (r.place_id not in outers, r.place_id)):
                near = mapping.get(containers.get(ref.place_id, 0))
                target = self._choose(ref, mapping, touched, named_keys, taken, rng, near)
                if target is not None:
                    mapping[ref.place_id] = target
                    taken.add(target.place_id)
                    named_keys.add(name_key(target.name))
        return [Swap("place", s, e, text[s:e], mapping[ref.place_id].name, ref, mapping[ref.place_id])
                for s, e, ref in found if ref.place_id in mapping]

    def _choose(self, ref: PlaceRef, mapping: dict[int, PlaceRef], touched: set, named_keys: set,
                taken: set[int], rng: random.Random, container: PlaceRef | None = None) -> PlaceRef | None:
        """A replacement for ``ref``; ``container`` is the replacement of the
        place the report puts it in, near which it is chosen."""
        if ref.kind == "admin1":
            rows = [r for r in self._rows("admin1", ref.cc) if (ref.cc, r[2]) not in touched]
            rng.shuffle(rows)
            return next((self._ref(ref, row) for row in rows if self._ok(row, ref, named_keys, taken)), None)
        province = self._province_ref(ref)
        province_swap = mapping.get(province) if province is not None else None
        if province_swap is not None and ref.kind == "city" and \
                self.gazetteer.admin1_capital.get((ref.cc, ref.admin1_code or "")) == ref.place_id:
            # a provincial capital becomes the new province's capital ("Lashkar
            # Gah, the capital of Helmand" becomes "Khost, the capital of Khost")
            capital = self.gazetteer.admin1_capital.get((ref.cc, province_swap.admin1_code or ""))
            row = self._select("id = ?", (capital,)) if capital else None
            if row and self._ok(row, ref, named_keys - {name_key(province_swap.name)}, taken):
                return self._ref(ref, row)
        if container is not None and container.lat is not None:
            # one of the six usable places nearest the container's replacement
            rows = sorted(self._rows(ref.kind, ref.cc, container.admin1_code),
                          key=lambda r: (_distance(r[5], r[6], container.lat, container.lon), r[0]))
            near = []
            for row in rows:
                if row[0] != container.place_id and self._ok(row, ref, named_keys, taken):
                    near.append(row)
                    if len(near) == 6:
                        break
            if near:
                return self._ref(ref, rng.choice(near))
        # inside the province it was swapped into, else inside its own (which
        # the report may name in a form the swaps do not find: "(J&K)",
        # "(KPK)"), else anywhere in the country away from the report's places
        pools = ([province_swap.admin1_code] if province_swap is not None else [ref.admin1_code, None])
        for code in pools:
            rows = self._rows(ref.kind, ref.cc, code)
            if code is None:
                rows = [r for r in rows if (ref.cc, r[2]) not in touched]
            if ref.kind == "city":
                # of similar size: one of the six usable towns nearest in population
                size = math.log10(max(ref.population, 1000))
                rows = sorted(rows, key=lambda r: (abs(math.log10(max(r[3] or 0, 1000)) - size), r[0]))
                near = []
                for row in rows:
                    if self._ok(row, ref, named_keys, taken):
                        near.append(row)
                        if len(near) == 6:
                            break
                if near:
                    return self._ref(ref, rng.choice(near))
                continue
            rng.shuffle(rows)
            for row in rows:
                if self._ok(row, ref, named_keys, taken):
                    return self._ref(ref, row)
        return None

    def _province_ref(self, ref: PlaceRef) -> int | None:
        """The index id of the province a city or district lies in."""
        if ref.kind == "admin1" or not ref.admin1_code:
            return None
        return self.gazetteer.admin1_place.get((ref.cc, ref.admin1_code))

    def _rows(self, kind: str, cc: str, admin1_code: str | None = None) -> list[tuple]:
        sql = f"SELECT {_COLUMNS} FROM place WHERE kind = ? AND cc = ?"
        params: tuple = (kind, cc)
        if admin1_code is not None:
            sql += " AND admin1_code = ?"
            params += (admin1_code,)
        if kind == "city":
            sql += " AND population >= 1000"
        return self._db.execute(sql + " ORDER BY id", params).fetchall()

    def _ref(self, like: PlaceRef, row: tuple) -> PlaceRef:
        pid, name, code, population, geonameid, lat, lon = row
        return PlaceRef(like.kind, like.cc, code, name, pid, geonameid if like.kind == "city" else None,
                        population or 0, self.gazetteer.admin1_names.get((like.cc, code or "")), lat, lon)

    def _ok(self, row: tuple, ref: PlaceRef, named_keys: set, taken: set[int]) -> bool:
        pid, name = row[0], row[1]
        if pid in taken or pid in self._national_capitals or name_key(name) in named_keys:
            return False
        return self.usable(name, ref.kind, ref.cc, row[2], pid)

    def usable(self, name: str, kind: str, cc: str, admin1_code: str | None, pid: int) -> bool:
        """Whether ``name`` alone reads as this place: a plain name, no word of
        it an English word or first name, found in running text, and the
        gazetteer's first reading of it this place (for a province or a
        district, a town of its name inside it will do)."""
        key = (name, pid)
        if key not in self._usable:
            self._usable[key] = self._usable_uncached(name, kind, cc, admin1_code, pid)
        return self._usable[key]

    def _usable_uncached(self, name: str, kind: str, cc: str, admin1_code: str | None, pid: int) -> bool:
        if not _NAME_SHAPE.fullmatch(name) or len(name) < 4:
            return False
        words = [w.lower() for w in re.split(r"[ -]", name)]
        if self.gazetteer.common_words(words):
            return False
        probe = _PROBE.format(name)
        start = probe.index(name)
        if (start, start + len(name), name) not in self.resolver.find_place_names(probe):
            return False
        readings = self.resolver.lookup(name)
        if not readings:
            return False
        top = readings[0]
        if top.place_id == pid:
            return True
        return kind != "city" and top.kind == "city" and top.country_code == cc and top.admin1_code == admin1_code


def _distance(lat: float | None, lon: float | None, lat0: float, lon0: float) -> float:
    """A distance good enough to rank places near one point (degrees, scaled)."""
    if lat is None or lon is None:
        return float("inf")
    return math.hypot(lat - lat0, (lon - lon0) * math.cos(math.radians(lat0)))


def _title_case_line(text: str, pos: int) -> bool:
    """Whether the line around ``pos`` is a headline in title case, where a
    capital after a name starts the next word, not a longer name."""
    start, end = text.rfind("\n", 0, pos) + 1, text.find("\n", pos)
    words = re.findall(r"[A-Za-z]+", text[start:end if end >= 0 else len(text)])
    long_words = [w for w in words if len(w) > 3]
    return len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)


def _generic_word(text: str, start: int, end: int) -> str | None:
    """The generic word a report puts after a place name, in its span or
    just after it ("Badghis province", "Poonch district")."""
    words = text[start:end].split()
    if len(words) > 1 and words[-1].lower() in GENERIC_SUFFIXES:
        return words[-1].lower()
    after = re.match(r"\s+([A-Za-z]+)", text[end:end + 20])
    word = after.group(1).lower() if after else None
    return word if word in GENERIC_SUFFIXES else None


def _core(text: str, start: int, end: int) -> tuple[int, int]:
    """The name without generic words around it: "Badghis" of "Badghis
    province", of "the province of Badghis"."""
    words = list(re.finditer(r"\S+", text[start:end]))
    while len(words) > 1 and words[-1].group(0).lower().strip(".,") in GENERIC_SUFFIXES:
        words.pop()
    while len(words) > 1 and words[0].group(0).lower() in ("the", "province", "city", "district", "of", "town"):
        words.pop(0)
    if not words:
        return start, start
    return start + words[0].start(), start + words[-1].end()
