"""From place names in a report to places, and from a sentence to its event's place.

The resolver works in three steps, each usable alone:

1. ``find_place_names`` finds gazetteer names in running text by a token n-gram
   lookup (spaCy's small model misses or mislabels many Afghan place names:
   "Qala-i-Naw", "Spin Boldak" as a PERSON, "Lashkargah" as an ORG); that part
   of the resolver lives in ``place_names``, the word lists both read in
   ``place_words``.
2. ``document_context`` reads the whole report once: which country it is about
   (country names, demonyms such as "Afghan", places that exist in one country
   only), which provinces its unambiguous places lie in, and the appositive
   definitions it gives ("Fort Nau, the capital of Badghis province").
3. ``resolve`` picks one place for a name using that context, a population
   prior and the match strength, and abstains (returns None) when nothing
   supports a choice; ``event_place`` picks which of a sentence's places is the
   event's place from the words around each name ("in", "from", "into",
   "Kabul said").

Precision follows ACLED's geo_precision: 1 the named place itself, 2 near it /
part of a region / a district-level place, 3 a larger region (province,
country).
"""
from __future__ import annotations

import bisect
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from rapidfuzz import fuzz

from ..geo import km
from ..records import Place, Span
from .gazetteer import (
    Candidate,
    Gazetteer,
    name_key,
    squash_key,
    strip_generic,
)
from .place_names import NameFinding, PlaceMention, _clean_key, _tokenize, _word_key
from .place_words import (
    ACTOR_NOUNS,
    ALTERNATIVE_CAPITALS,
    APPOSITIVES,
    AUXILIARIES,
    CAPITAL_PHRASES,
    DESTINATION,
    Entity,
    FILLER,
    LOCATIVE,
    NEAR,
    NEWS_AGENCIES,
    ORIGIN,
    PLACE_LABELS,
    PLACE_PARTS,
    REPORTING_VERBS,
    ROLE_ORDER,
    TOPIC,
    TRIM_WORDS,
    _APPOSITIVE_TRIGGER,
    _ARABIC_ARTICLE,
    _CURRENCY,
    _FROM_WHOM,
    _NEIGHBOURING,
    _OFFSET,
    _WHOSE,
)

# --------------------------------------------------------------------- records

@dataclass(slots=True)
class Definition:
    """What a report itself says about a place name."""

    name: str
    role: str  # "capital", "in", "district"
    region: Candidate  # a province or a country
    admin2: str | None
    span: Span
    weak: bool = False  # from adjacency ("X in Y", "X, Y"), not an explicit phrase
    within_km: float | None = None  # role "near": how far from the region the name may lie


_NOTHING: dict = {}


@dataclass(slots=True)
class DocContext:
    """What one report tells about where it is: see ``PlaceResolver.document_context``."""

    countries: Counter = field(default_factory=Counter)  # country code -> evidence weight
    admin1s: Counter = field(default_factory=Counter)  # (country code, admin1 code) -> count
    definitions: dict[str, Definition] = field(default_factory=dict)  # name key -> definition
    regions: dict[str, Candidate] = field(default_factory=dict)  # name key -> the region it named
    mentions: list[PlaceMention] = field(default_factory=list)
    named_places: set = field(default_factory=set)  # name keys spaCy itself labelled as places
    # what each name itself added to ``countries``/``admin1s``: a name is not
    # evidence for its own reading ("Sira" alone does not make a report Indian)
    own: dict[str, Counter] = field(default_factory=dict)
    total: float = 0.0  # sum of ``countries``
    # by country, the part of ``total`` that came from peoples ("Russian forces", "US
    # dollar"), which say who acts, often not where the report is, and from
    # faint matches: it supports a reading but is no evidence against one
    faint_countries: Counter = field(default_factory=Counter)
    own_total: Counter = field(default_factory=Counter)  # name key -> its share of ``total``
    own_faint: Counter = field(default_factory=Counter)  # name key -> the faint part of that share
    # resolutions already made in this report: (candidate, precision, definition) by name key
    memo: dict = field(default_factory=dict, repr=False)
    # stretches whose names are never an event's place (datelines: where the reporter filed from)
    excluded: list[tuple[int, int]] = field(default_factory=list)

    def add(self, key: str, cc: str, weight: float, admin1: str | None = None, faint: bool = False) -> None:
        self.countries[cc] += weight
        self.total += weight
        if faint:
            self.faint_countries[cc] += weight
            self.own_faint[key] += weight
        self.own_total[key] += weight
        self.own.setdefault(key, Counter())[cc] += weight
        if admin1:
            self.admin1s[(cc, admin1)] += 1
            self.own[key][(cc, admin1)] += 1

    def support(self, key: str, cc: str | None, admin1: str | None) -> tuple[float, bool]:
        """(country share, same-province evidence) for a reading of ``key``,
        leaving out what ``key`` itself contributed."""
        own = self.own.get(key, _NOTHING)
        total = self.total - self.own_total.get(key, 0.0)
        # faint evidence counts half for a reading, and in full against others
        mine = self.countries.get(cc, 0) - own.get(cc, 0) - 0.5 * self.faint_countries.get(cc, 0)
        share = mine / total if total > 1e-9 and cc else 0.0
        province = bool(admin1) and self.admin1s.get((cc, admin1), 0) - own.get((cc, admin1), 0) > 0
        return share, province

    def has_evidence(self, key: str) -> bool:
        """Whether places other than ``key`` say where the report is."""
        firm_own = self.own_total.get(key, 0.0) - self.own_faint.get(key, 0.0)
        return self.total - sum(self.faint_countries.values()) - firm_own > 1e-9

    @property
    def country(self) -> str | None:
        """The report's likely country (ISO code), if any evidence points to one."""
        if not self.countries:
            return None
        (best, weight), *rest = self.countries.most_common(2)
        if rest and rest[0][1] == weight:
            return None  # a tie says nothing
        return best

    def country_share(self, cc: str | None) -> float:
        total = sum(self.countries.values())
        return self.countries.get(cc, 0) / total if total and cc else 0.0

    def definition(self, key: str) -> Definition | None:
        if not key:
            return None
        found = self.definitions.get(key)
        if found is not None:
            return found
        squashed = squash_key(key)
        for def_key, definition in self.definitions.items():
            # "Ash-Shajara" is the "Ash-Shajara town" the report defined
            if squash_key(def_key) == squashed or strip_generic(def_key)[0] == key:
                return definition
        # the same report may misspell its own place ("Fort Naud", "Fort Nau")
        if len(key) >= 5:
            for def_key, definition in self.definitions.items():
                if def_key[:1] == key[:1] and fuzz.ratio(def_key, key) >= 90:
                    return definition
        return None


# -------------------------------------------------------------------- resolver

class PlaceResolver(NameFinding):
    """Resolves place names against a ``Gazetteer``; cheap to call, so cache one."""

    def __init__(self, gazetteer: Gazetteer | None = None, extra: Iterable[Path | str] | None = None):
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.load(extra=extra)
        self._capitals = {pid for pid in self.gazetteer.country_capital.values() if pid}
        for cc, name in ALTERNATIVE_CAPITALS.items():
            # a seat of government or a former capital ("La Paz", "Lagos") is
            # what the news means by its name, like a capital
            cities = [c for c in self.gazetteer.candidates(name) if c.country_code == cc and c.kind == "city"]
            if cities:
                self._capitals.add(max(cities, key=lambda c: c.population).place_id)
        self._lookup = lru_cache(maxsize=65536)(self._lookup_uncached)
        self._common = lru_cache(maxsize=65536)(self._is_common)
        self._word_level = lru_cache(maxsize=65536)(self.gazetteer.word_level)
        # the names found in the last text: a report's are asked for twice
        # (its entities, then its place context)
        self._last_place_names: tuple[str, list[tuple[int, int, str]]] | None = None

    def country_code(self, name: str | None) -> str | None:
        """The ISO code of a country named as the gazetteer or ACLED names it."""
        if not name:
            return None
        found = [c for c in self._lookup(name_key(name))[0] if c.kind == "country" and c.match != "skeleton"]
        return found[0].country_code if found else None

    # -------------------------------------------------------------- lookup
    def lookup(self, name: str, country: str | None = None) -> list[Candidate]:
        """Places ``name`` may refer to, best first, without any document context.

        ``country`` (ISO code or name) keeps only that country's places. The
        ranking puts stronger matches first, then a population prior (countries
        and provinces count as large); a city ranks above a province of the same
        name that contains it ("Kandahar" is the city unless "province" is said).
        """
        candidates, _ = self._lookup(_clean_key(name))
        if country:
            cc = country.upper() if country.upper() in self.gazetteer.country_names else None
            if cc is None:
                found = [c for c in self._lookup(name_key(country))[0] if c.kind == "country"]
                cc = found[0].country_code if found else None
            candidates = tuple(c for c in candidates if c.country_code == cc)
        return list(candidates)

    def _lookup_uncached(self, key: str) -> tuple[tuple[Candidate, ...], str | None]:
        """(ranked candidates, hint) for a name key; the hint comes from a generic
        word ("province", "city", "district") that was stripped to find it."""
        if not key or key in self.gazetteer.demonyms:
            return (), None  # "Afghan", "Pakistani": a people, not a place
        candidates = self.gazetteer.candidates(key)
        hint = None
        core, said = strip_generic(key)
        core_found: list[Candidate] | None = None  # the stripped name's places, looked up once when needed
        if said == "admin1" and core != key and not any(c.kind == "admin1" for c in candidates):
            # "Federal Territory of Kuala Lumpur" names the territory even where
            # GeoNames also files the phrase under the city
            core_found = self.gazetteer.candidates(core)
            provinces = [c for c in core_found if c.kind == "admin1"]
            if provinces:
                candidates, hint = provinces, "admin1"
        if not any(c.match != "skeleton" for c in candidates):
            if core in self.gazetteer.demonyms:
                return (), None  # "Afghan city"
            if core != key:
                stripped = core_found if core_found is not None else self.gazetteer.candidates(core)
                candidates, hint = (stripped, said) if stripped else (candidates, None)
            else:
                hint = said
        if not any(c.match != "skeleton" for c in candidates):
            # romanisations keep or drop the Arabic article: "Ar-Raqqa", "Raqqa"
            article = _ARABIC_ARTICLE.match(key)
            if article:
                without = [c for c in self.gazetteer.candidates(key[article.end():]) if c.match != "skeleton"]
                candidates = without or candidates
        return tuple(sorted(candidates, key=lambda c: -self._prior(c, candidates, hint))), hint

    def _prior(self, c: Candidate, others: Sequence[Candidate], hint: str | None) -> float:
        score = 4 * c.strength + c.importance
        if c.place_id in self._capitals:
            score += 0.5  # news names national capitals far more than namesakes ("Washington")
        if hint == "admin1" and c.kind == "admin1":
            score += 10
        elif hint in ("city", "district") and c.kind not in ("admin1", "country"):
            score += 10
        if c.kind == "admin1" and hint != "admin1":
            # a city inside the province with the same name is the likelier
            # referent (provinces are compared by name: GeoNames lists some split
            # provinces under their old name twice, as Mali's two "Gao")
            for o in others:
                if (o.kind not in ("admin1", "country") and o.country_code == c.country_code
                        and o.admin1 == c.admin1 and o.strength >= c.strength):
                    score = min(score, 4 * o.strength + o.importance + (0.5 if o.place_id in self._capitals else 0) - 0.01)
        return score

    # ------------------------------------------------------------- context
    def document_context(self, text: str, ents: Iterable[Entity] = ()) -> DocContext:
        """Read a whole report once: its place mentions, likely country,
        provinces of its unambiguous places, and its appositive definitions."""
        ctx = DocContext()
        ents = list(ents)
        tokens = _tokenize(text)
        ctx.mentions = self._merge_mentions(text, ents)
        ctx.named_places = {_clean_key(t) for _, _, t, label in ents if label in ("GPE", "LOC")}
        demonyms = self.gazetteer.demonyms
        for i, (_, _, word) in enumerate(tokens):
            if word[:1].isupper():
                key = _word_key(word)
                if i + 1 < len(tokens) and f"{key} {_word_key(tokens[i + 1][2])}" in demonyms:
                    key = f"{key} {_word_key(tokens[i + 1][2])}"  # "South Sudanese"
                if key in demonyms and not _CURRENCY.match(text, tokens[i][1]):
                    ctx.add(key, demonyms[key], 0.5, faint=True)
        for mention in ctx.mentions:
            key = _clean_key(mention.text)
            candidates, hint = self._lookup(key)
            strong = [c for c in candidates if c.match != "skeleton"]
            if not strong:
                # a respelt province or country ("al-Hasakeh") still says where
                # the report is, if every such reading lies in one country (but
                # "Paletwa Town" is no respelling of Ukraine's Poltava province)
                regions = {c.country_code for c in candidates if c.kind in ("admin1", "country")}
                if len(regions) == 1 and hint not in ("city", "district"):
                    ctx.add(key, regions.pop(), 0.5)
                continue
            top = strong[0]
            if top.kind == "country":
                if _CURRENCY.match(text, mention.end):
                    continue  # "the US dollar", "the Lebanese pound": money, not a place
                if _NEIGHBOURING.search(text, max(0, mention.start - 16), mention.start):
                    continue  # "the leader of neighbouring Colombia": the report is next door
                # "Pakistan's army", "US-backed": the country names who acts
                # or whose thing it is, as a demonym does
                modifier = self._modifies(text, mention.end)
                ctx.add(key, top.country_code, 0.5 if modifier else 1.0, faint=modifier)
                continue
            # a place that exists in one country only, or dwarfs its namesakes
            # abroad (30x; a province counts as large), says which country the
            # report is about
            home_readings = [c for c in strong if c.country_code == top.country_code]
            home = max(c.importance for c in home_readings)
            if {"city", "admin1"} <= {c.kind for c in home_readings if c.match == "name"}:
                home += 0.5  # a city that names its province ("Dar'a", "Gao") is known by it twice
            foreign = [c for c in strong if c.country_code != top.country_code]
            if not foreign or home - max(c.importance for c in foreign) >= 1.5:
                # a hamlet known only by another of its names ("Ilya" for
                # Belarus's Ilja) backs a reading, but does not alone say the
                # report is elsewhere
                faint = top.match != "name" and top.kind == "city" and 0 < top.population < 100_000
                ctx.add(key, top.country_code, 0.75, top.admin1_code, faint=faint)
        not_places = [(s, e) for s, e, _, label in ents if label in ("ORG", "PERSON", "NORP")]
        self._find_definitions(text, ctx, not_places)
        self._find_capital_phrases(text, ctx)
        self._find_containment(text, ctx)
        self._find_offsets(text, ctx)
        return ctx

    def _find_offsets(self, text: str, ctx: DocContext) -> None:
        """Definitions by distance: "Zarqa, about 20 miles north of Mosul". The
        name is the one near the anchor: one of its places within that reach of
        the anchor (half as far again, and 25 km), or, if it has none there, the
        anchor itself (as "near" it), never a namesake abroad."""
        for first, second in zip(ctx.mentions, ctx.mentions[1:]):
            offset = _OFFSET.fullmatch(text[first.end:second.start])
            if not offset:
                continue
            x_key = _clean_key(first.text)
            anchor_key = _clean_key(second.text)
            if x_key in ctx.definitions or x_key == anchor_key:
                continue
            anchor = self._choose(self._lookup(anchor_key)[0], None, ctx, anchor_key)
            if anchor is None or anchor.kind == "country":
                continue  # "40 km south of the Afghan border" says too little
            distance = float(offset.group("n").replace(",", ".")) * (1.609 if offset.group("unit").lower().startswith("mi") else 1.0)
            ctx.definitions[x_key] = Definition(
                name=first.text, role="near", region=anchor, admin2=None,
                span=Span(first.start, first.end, first.text), within_km=1.5 * distance + 25)

    def _find_capital_phrases(self, text: str, ctx: DocContext) -> None:
        """A capital named by its role ("in Burundi's capital") is a mention of
        that city, defined as the capital of the country or province named."""
        if "capital" not in text:
            return
        for pattern in CAPITAL_PHRASES:
            for m in pattern.finditer(text):
                lead = re.match(r"(?:The|In|At|On|From)\s+", m.group("y"))
                y_text = m.group("y")[lead.end():] if lead else m.group("y")
                y_key = name_key(y_text)
                cc = self.gazetteer.demonyms.get(y_key)
                if cc:
                    region = self.gazetteer.country(cc)
                else:
                    named = [c for c in self._lookup(_clean_key(y_text))[0]
                             if c.kind in ("country", "admin1") and c.match == "name"]
                    region = named[0] if named else None
                if region is None or self.gazetteer.capital_of(region) is None:
                    continue
                if pattern is CAPITAL_PHRASES[1] and (region.kind != "country" or re.search(r"[A-Z][\w'’-]*\s+$", text[max(0, m.start() - 30):m.start()])):
                    continue  # "the Libyan capital of Tripoli": Tripoli is the capital
                start, end = m.start() + (lead.end() if lead else 0), m.end()
                phrase = text[start:end]
                ctx.definitions.setdefault(_clean_key(phrase), Definition(
                    name=phrase, role="capital-of", region=region, admin2=None, span=Span(start, end, phrase)))
                ctx.mentions = [x for x in ctx.mentions if not (x.start < end and start < x.end)]
                bisect.insort(ctx.mentions, PlaceMention(start, end, phrase, "CAP"), key=lambda x: x.start)

    def _modifies(self, text: str, end: int) -> bool:
        """Whether the name ending at ``end`` modifies what follows it."""
        after = text[end:end + 30]
        if re.match(r"['’]s\b|-[a-z]", after):
            return True
        word = re.match(r" ([a-z]+)\b", after)
        return word is not None and self._word_level(word.group(1)) != 2

    def _find_definitions(self, text: str, ctx: DocContext, not_places: Sequence[tuple[int, int]] = ()) -> None:
        taken = [(m.start, m.end) for m in ctx.mentions]
        # windows around the trigger words, merged: the patterns are costly to
        # try at every capital letter of a long report
        windows: list[list[int]] = []
        for trigger in _APPOSITIVE_TRIGGER.finditer(text):
            lo, hi = max(0, trigger.start() - 160), min(len(text), trigger.end() + 120)
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = hi
            else:
                windows.append([lo, hi])
        seen: set[tuple[int, int]] = set()
        matches = []
        for role, pattern in APPOSITIVES:
            for lo, hi in windows:
                for m in pattern.finditer(text, lo, hi):
                    if (m.start("x"), m.end("x"), role) not in seen:
                        seen.add((m.start("x"), m.end("x"), role))
                        matches.append((role, m))
        # a district defined by the report places what lies in it: "Ar Rubat
        # area of Tuban district (Lahij)" is in Lahij; so the bracketed
        # definitions go first, and a name's district is looked up among them
        matches.sort(key=lambda rm: rm[1].group(0).endswith(")") is False)
        for role, m in matches:
            x_start, x_end, x_text = self._trim_name(text, m.start("x"), m.end("x"))
            if not x_text:
                continue
            said_place = m.groupdict().get("kind") or m.groupdict().get("z")
            if not said_place and any(s < x_end and x_start < e for s, e in not_places) and not any(
                    m.start < x_end and x_start < m.end for m in ctx.mentions):
                # "the Afghan National Security Council (NSC)" is no place;
                # "Kolofata town (Mayo-Sava, Extreme-Nord)" is, whatever spaCy says
                continue
            if m.group(0).endswith(")") and name_key(m.group("y")) in NEWS_AGENCIES:
                continue  # "BOGOTA, Colombia (AP)": the agency that filed it
            region = self._region(m.group("y"), ctx, province_slot=bool(m.groupdict().get("z")))
            via_district = None
            if region is None:
                district = ctx.definitions.get(_clean_key(m.group("y")))
                if district is None or district.role != "district" or district.region.kind != "admin1":
                    continue
                region, via_district = district.region, district.name
            x_key = _clean_key(x_text)
            kind = m.groupdict().get("kind")
            admin2 = m.groupdict().get("z") or via_district
            definition = Definition(
                name=x_text,
                role="district" if (role == "district" or kind == "district") else role,
                region=region,
                admin2=admin2,
                span=Span(x_start, x_end, x_text),
            )
            ctx.definitions.setdefault(x_key, definition)
            if via_district is None:
                ctx.regions.setdefault(_clean_key(m.group("y")), region)
            if admin2 and via_district is None:
                # "(Fizi, Sud-Kivu)": the district too lies in the province
                z_start = m.start("z")
                ctx.definitions.setdefault(_clean_key(admin2), Definition(
                    name=admin2, role="district", region=region, admin2=admin2,
                    span=Span(z_start, z_start + len(admin2), admin2)))
            ctx.add(x_key, region.country_code, 0.5, region.admin1_code if region.kind in ("admin1", "district") else None)
            if not any(s < x_end and x_start < e for s, e in taken):
                ctx.mentions.append(PlaceMention(x_start, x_end, x_text, "DEF"))
                taken.append((x_start, x_end))
        ctx.mentions.sort(key=lambda mention: mention.start)

    def _find_containment(self, text: str, ctx: DocContext) -> None:
        """Weak definitions from adjacent names: "Saraqab in Idleb", "Guaira, Parana".

        Weak, because "Kabul, Herat and Kandahar" has the same shape as a
        containment: a weak definition only chooses among the name's own
        places, and stands in for it only when the gazetteer has no such name.
        """
        for first, second, third in zip(ctx.mentions, ctx.mentions[1:], [*ctx.mentions[2:], None]):
            between = text[first.end:second.start]
            if not re.fullmatch(r"(?:\s+(?:town|city|village|district|area|camp|neighbou?rhood|subdistrict|locality))?(?:,\s*|\s+in\s+(?:the\s+)?)", between):
                continue
            x_key = _clean_key(first.text)
            if x_key in ctx.definitions or x_key in ctx.regions:
                continue
            region = self._region(second.text, ctx)
            if region is None or _clean_key(second.text) == x_key:
                continue
            readings = self._lookup(x_key)[0]
            if readings and readings[0].kind == "country":
                continue  # "Afghanistan, Pakistan": a list of countries
            # "Saraqab in Idleb" is a containment, and so is "Berezivske,
            # Luhansk." or "Los Caracas, Vargas state, 213 migrants" when no
            # list of places goes on after it; "Kabul, Herat and Kandahar" or
            # "Kabul, Afghanistan" may be a list
            goes_on = third is not None and re.fullmatch(r"\s*(?:,|and\b|or\b|,\s*and\b)\s*(?:the\s+)?", text[second.end:third.start])
            weak = not (region.kind == "admin1" and ("in" in between or not goes_on))
            ctx.definitions[x_key] = Definition(
                name=first.text, role="in", region=region, admin2=None,
                span=Span(first.start, first.end, first.text), weak=weak)

    def _trim_name(self, text: str, start: int, end: int) -> tuple[int, int, str]:
        """Drop leading ordinary words a name pattern swept up ("On Tuesday, ...")."""
        words = list(re.finditer(r"\S+", text[start:end]))
        while len(words) > 1 and words[0].group(0).lower().strip(",") in TRIM_WORDS:
            words.pop(0)
        if not words:
            return start, end, ""
        s, e = start + words[0].start(), start + words[-1].end()
        name = text[s:e]
        if self._word_level(name.lower()) == 2:
            return s, e, ""  # "However (...)", "Fighting in ... province": a word, not a name
        return s, e, name

    def _region(self, text: str, ctx: DocContext, province_slot: bool = False) -> Candidate | None:
        """The province or country a definition places a name in. After a
        district ("(Rafi, Niger)") the slot is a province's: Nigeria's Niger
        state, not the country."""
        key = name_key(text)
        cc = self.gazetteer.demonyms.get(key)
        if cc:
            return self.gazetteer.country(cc)
        candidates, _ = self._lookup(_clean_key(text))
        # the slot says a region is named, so a respelling ("Middle Shabelle"
        # for "Middle Shabele") is trusted here as it is not for a bare name
        # (an acronym is never a respelling: "(NSC)" is not Anasco)
        respelling_ok = not text.isupper() and len(squash_key(key)) >= 5
        # a respelling in a country the report says nothing of is a coincidence
        # of consonants ("Somalian" is not Bulgaria's Smolyan)
        regions = [c for c in candidates if c.kind in ("admin1", "country", "district")
                   and (c.match != "skeleton" or (respelling_ok and (ctx.total == 0 or ctx.country_share(c.country_code) > 0)))]
        if not regions:
            return None
        # a district ("(Logobou, Tapoa)") only where no province or country of
        # the report's has the name
        return max(regions, key=lambda c: (c.match != "skeleton", province_slot and c.kind != "country",
                                           ctx.country_share(c.country_code), c.kind != "district",
                                           c.kind == "admin1", c.importance))

    # ------------------------------------------------------------- resolve
    def resolve(self, name: str, ctx: DocContext | None = None) -> Place | None:
        """The place ``name`` refers to in a report, or None when unsupported."""
        return self._place(*self._resolve_candidate(name, ctx or DocContext()))

    @staticmethod
    def _place(candidate: Candidate | None, precision: int | None, definition: Definition | None) -> Place | None:
        if candidate is None:
            return None
        place = candidate.to_place(precision)
        if definition is not None and not place.admin2:
            if definition.role == "district" and candidate.kind in ("admin1", "country"):
                place.admin2 = definition.name
            elif definition.admin2:
                place.admin2 = definition.admin2
        return place

    def _resolve_candidate(self, name: str, ctx: DocContext) -> tuple[Candidate | None, int | None, Definition | None]:
        key = _clean_key(name)
        if key not in ctx.memo:
            ctx.memo[key] = self._resolve_key(key, ctx)
        return ctx.memo[key]

    def _resolve_key(self, key: str, ctx: DocContext) -> tuple[Candidate | None, int | None, Definition | None]:
        candidates, hint = self._lookup(key)
        # the report's explicit word on a name beats a guess from adjacency
        found = [d for d in (ctx.definition(key), ctx.definition(strip_generic(key)[0])) if d is not None]
        definition = min(found, key=lambda d: d.weak) if found else None
        if definition is not None:
            resolved = self._resolve_defined(definition, candidates, hint, ctx)
            if resolved[0] is not None:
                return resolved
        region = ctx.regions.get(key)
        if region is not None:
            return region, region.precision, None  # "Niger" in "(Rafi, Niger)" is the state
        best = self._choose(candidates, hint, ctx, key)
        if best is None:
            return None, None, None
        precision = best.precision
        if hint == "district" and best.kind not in ("admin1", "country"):
            precision = max(precision, 2)
        return best, precision, None

    def _resolve_defined(self, definition: Definition, candidates: Sequence[Candidate],
                         hint: str | None, ctx: DocContext | None = None) -> tuple[Candidate | None, int | None, Definition]:
        region = definition.region
        if region.kind != "country" and any(c.kind == "country" and c.match == "name" for c in candidates):
            return None, None, definition  # a country lies in no province: the pattern misread a list
        if definition.role == "near":
            # "X, 20 miles north of Y": X's place within that reach of Y, or Y
            near = [c for c in candidates if c.kind not in ("admin1", "country") and c.latitude is not None
                    and region.latitude is not None
                    and km((c.latitude, c.longitude), (region.latitude, region.longitude)) <= (definition.within_km or 0)]
            if near:
                best = max(near, key=lambda c: (c.strength, c.importance))
                return best, best.precision, definition
            return region, 2, definition
        inside = [c for c in candidates
                  if c.kind not in ("admin1", "country") and c.country_code == region.country_code
                  and (region.kind == "country" or c.admin1_code == region.admin1_code)]
        if inside:
            best = max(inside, key=lambda c: (c.strength, c.importance))
            district = definition.role == "district" or hint == "district"
            return best, max(best.precision, 2) if district else best.precision, definition
        if definition.weak and any(c.match != "skeleton" for c in candidates):
            return None, None, definition  # a list of places, not a containment
        if definition.role == "capital-of":
            capital = self.gazetteer.capital_of(region)
            alternative = ALTERNATIVE_CAPITALS.get(region.country_code or "") if region.kind == "country" else None
            if alternative is not None and ctx is not None and any(_clean_key(m.text) == _clean_key(alternative) for m in ctx.mentions):
                named = [c for c in self._lookup(_clean_key(alternative))[0] if c.country_code == region.country_code and c.kind == "city"]
                capital = named[0] if named else capital
            if capital is not None:
                return capital, capital.precision, definition  # the city itself, named by its role
        if definition.role == "capital":
            capital = self.gazetteer.capital_of(region)
            if capital is not None:
                # the report calls the capital by a name we lack ("Fort Nau"):
                # the capital stands in for it, as "part of / near" it
                return capital, 2, definition
        if definition.admin2 and region.kind == "admin1" and _clean_key(definition.admin2) != _clean_key(definition.name):
            # "Wagoora (Budgam district, J&K)": a village we lack, in a district
            # named after its town, is nearer that town than the province's
            # capital; any spelling of the town will do inside that province
            seats = [c for c in self._lookup(_clean_key(definition.admin2))[0]
                     if c.kind == "city" and c.country_code == region.country_code and c.admin1_code == region.admin1_code]
            if seats:
                return max(seats, key=lambda c: (c.strength, c.importance)), 2, definition
        # a place we cannot find, inside a known region: the region, as "part of" it
        return region, 3 if region.kind == "country" else 2, definition

    @staticmethod
    def _known_respelling(best: Candidate, pool: list[Candidate], key: str, ctx: DocContext) -> bool:
        """A name the model read as a place that only respells a city of 100,000
        people, five times any other place it could be, in a report that names
        no other place: "Quamishli" is Qamishli."""
        return (key in ctx.named_places and {_clean_key(m.text) for m in ctx.mentions} <= {key}
                and best.kind == "city" and best.population >= 100_000
                and all(5 * c.population <= best.population for c in pool if c.place_id != best.place_id))

    def _choose(self, candidates: Sequence[Candidate], hint: str | None, ctx: DocContext,
                key: str = "") -> Candidate | None:
        if not candidates:
            return None
        pool = list(candidates)
        if hint == "admin1":
            pool = [c for c in pool if c.kind == "admin1"] or pool
        elif hint in ("city", "district"):
            pool = [c for c in pool if c.kind not in ("admin1", "country")] or pool

        def support(c: Candidate) -> float:
            share, province = ctx.support(key, c.country_code, c.admin1_code)
            bonus = 3.0 * share if share >= 0.1 else 0.0  # a stray mention is no support
            if province:
                bonus += 1.5
            return bonus

        scored = sorted(((self._prior(c, pool, hint) + support(c), c) for c in pool), key=lambda t: -t[0])
        best_score, best = scored[0]
        supported = support(best) > 0
        share, province = ctx.support(key, best.country_code, best.admin1_code)
        if best.match == "skeleton" and not (share >= 0.3 or province) and not self._known_respelling(best, pool, key, ctx):
            return None  # a weak spelling match far from anything the report is about
        # (peoples' names alone, "the Syrian regime", "Iraqi forces", still say
        # the report is not about a country they never name)
        # (a province named outright stands, and a city that names its province: "Suqutra", "Idleb")
        elsewhere = (ctx.country is not None and ctx.country != best.country_code and share <= 0 and best.kind == "city"
                     and not any(c.kind == "admin1" and c.country_code == best.country_code for c in pool))
        if not supported and best.kind != "country" and (ctx.has_evidence(key) or elsewhere):
            # the report is about somewhere else: only a city the world knows
            # by that very name (half a million people, or a capital), or a
            # place just across the border of the report's country, is named
            # without explanation
            across = best.match == "name" and any(
                ctx.support(key, n, None)[0] >= 0.3 for n in self.gazetteer.neighbours.get(best.country_code or "", ()))
            known = best.kind != "admin1" and best.match == "name" and (
                best.population >= 500_000 or best.place_id in self._capitals)
            if not (known or across):
                return None
        elif not supported and best.kind == "city" and 0 < best.population < 5_000 and not (
                len({c.country_code for c in candidates}) == 1 and best.match == "name" and key in ctx.named_places):
            # nothing says where the report is: a village's name is a guess
            # (population 0 marks GeoNames' administrative seats, kept),
            # unless the model read it as a place and no other place in
            # the world has that name ("Halba")
            return None
        # rivals: other places of the name outside the best one's own province
        rivals = [(s, c) for s, c in scored[1:]
                  if c.country_code != best.country_code or (c.admin1 != best.admin1 and c.kind != "country")]
        rivals = [(s, c) for s, c in rivals if c.match != "skeleton" or support(c) > 0]
        if best.place_id in self._capitals:
            # a national capital is what the news means by its name, not a
            # province that shares it ("Sanaa", not Sana'; "Sofia", not
            # Madagascar's Sofia region), unless the report says otherwise
            rivals = [(s, c) for s, c in rivals if c.kind != "admin1"]
        if rivals and not supported:
            # no context either way: only a clear favourite (10x the population,
            # or a country/province against towns) is a choice, not a guess. A
            # city that gives its name to its province ("Gao") is as prominent
            # as the province. A place of that very name needs no lead over
            # one that only has it as another name ("Homs" over Al Khums).
            family = [c for c in pool if c.country_code == best.country_code and c.admin1 == best.admin1
                      and c.kind != "country"]
            prominence = max([best_score, *(4 * c.strength + c.importance for c in family)])
            lead = 0.0 if best.match == "name" and rivals[0][1].match != "name" else 1.0
            if prominence - rivals[0][0] < lead:
                return None
        if rivals and supported and best_score - rivals[0][0] < 0.25 and support(rivals[0][1]) > 0:
            return None  # the context supports two places about equally
        return best

    # -------------------------------------------------------- event place
    def event_place(self, sentence: str, sentence_start: int, ents: Iterable[Entity],
                    ctx: DocContext) -> tuple[Place | None, Span | None]:
        """The event's place in one sentence, and the span that names it.

        A name after a locative preposition ("in", "at", "near") beats an origin
        ("from Chaman"), which beats a bare name ("seized Spin Boldak"), which
        beats a destination ("fled into Tajikistan"), a qualifier ("Badghis" in
        "the capital of Badghis", "Afghanistan" in "Spin Boldak in Afghanistan",
        names in brackets after a name) and a topic ("talks about Kabul"). A
        country after "in" counts as just below a bare name. Names used as actors or adjectives
        ("Pakistan officials", "Kabul said") are never chosen. Ties go to the
        more precise place, then the earlier one.
        """
        end = sentence_start + len(sentence)
        in_sentence = [m for m in ctx.mentions if m.start >= sentence_start and m.end <= end]
        # the gazetteer's names were all found when the report was read
        # (``document_context``); the model's place entities that none of those
        # covers are what the sentence may add (read again here, the whole
        # sentence would also bring back names the report had ruled out: a
        # word of a person's name told in another sentence)
        extra = [e for e in ents if e[0] >= sentence_start and e[1] <= end and e[3] in PLACE_LABELS
                 and not any(m.start < e[1] and e[0] < m.end for m in in_sentence)]
        if extra:
            known = {(m.start, m.end) for m in in_sentence}
            merged = self._merge_mentions(sentence, [(s - sentence_start, e - sentence_start, t, l) for s, e, t, l in extra])
            for m in merged:
                s, e = m.start + sentence_start, m.end + sentence_start
                if any(xs <= s < xe for xs, xe in ctx.excluded):
                    continue
                if (s, e) not in known and not any(o.start < e and s < o.end for o in in_sentence):
                    in_sentence.append(PlaceMention(s, e, m.text, m.label))
        in_sentence.sort(key=lambda m: m.start)

        options = []
        previous: tuple[int, Place] | None = None
        for mention in in_sentence:
            if mention.label == "NORP" or name_key(mention.text) in self.gazetteer.demonyms:
                continue
            candidate, precision, definition = self._resolve_candidate(mention.text, ctx)
            if candidate is None:
                continue
            place = self._place(candidate, precision, definition)
            local_start, local_end = mention.start - sentence_start, mention.end - sentence_start
            role, near = self._role(sentence, local_start, local_end, candidate, previous)
            previous = (local_end, place)
            if role == "actor":
                continue
            if near and place.precision == 1:
                place.precision = 2
            specificity = {1: 3, 2: 2}.get(place.precision or 3, 0) + (1 if place.kind != "country" else 0)
            order = ROLE_ORDER[role]
            if role == "locative" and place.kind == "country":
                # "pulled out of Bagram, the largest base in Afghanistan": a
                # country is where everything in the sentence is, rarely the point
                order = ROLE_ORDER["bare"] + 0.5
            options.append((order, -specificity, mention.start, place,
                            Span(mention.start, mention.end, mention.text)))
        if not options:
            return None, None
        options = [self._as_province(o, options) for o in options]
        _, _, _, place, span = min(options, key=lambda o: o[:3])
        return place, span

    @staticmethod
    def _as_province(option: tuple, options: list[tuple]) -> tuple:
        """A name that is both a town and its province, told with another town
        of that province, names the province ("killed in Kano, near the
        market of Wudil": Wudil is where): it qualifies, it does not place."""
        order, specificity, start, place, span = option
        if (place.kind in ("country", "admin1") or not place.admin1 or name_key(place.location) != name_key(place.admin1)
                or not any(other.admin1 == place.admin1 and other.location != place.location and other.kind not in ("country", "admin1")
                           for *_, other, _ in options)):
            return option
        return (max(order, ROLE_ORDER["qualifier"]), specificity, start, place, span)

    def main_place(self, ctx: DocContext) -> tuple[Place | None, Span | None]:
        """The report's most-mentioned place below country level (first on ties),
        for events whose own sentence names no place ("drove the insurgents out
        of the city")."""
        counts: Counter = Counter()
        first: dict = {}
        for mention in ctx.mentions:
            candidate, precision, definition = self._resolve_candidate(mention.text, ctx)
            if candidate is None or candidate.kind == "country":
                continue
            counts[candidate.place_id] += 1
            first.setdefault(candidate.place_id, (mention, candidate, precision, definition))
        if not counts:
            return None, None
        best = max(counts, key=lambda pid: (counts[pid], -first[pid][0].start))
        mention, candidate, precision, definition = first[best]
        return self._place(candidate, precision, definition), Span(mention.start, mention.end, mention.text)

    def dominant_place(self, ctx: DocContext) -> tuple[Place | None, Span | None]:
        """The report's main place when its province holds most of the places
        the report names below country level: the report is about it, so an
        event the report places only in the country is there ("Police in
        Ecuador arrested 13" in a report about Guayaquil)."""
        provinces: Counter = Counter()
        for mention in ctx.mentions:
            candidate, _, _ = self._resolve_candidate(mention.text, ctx)
            if candidate is not None and candidate.kind != "country":
                provinces[(candidate.country_code, candidate.admin1_code)] += 1
        if not provinces:
            return None, None
        place, span = self.main_place(ctx)
        if place is None:
            return None, None
        (top, count), = provinces.most_common(1)
        main = self._resolve_candidate(span.text, ctx)[0]
        if (main.country_code, main.admin1_code) != top or 2 * count <= sum(provinces.values()):
            return None, None
        return place, span

    def sole_place(self, ctx: DocContext) -> tuple[Place | None, Span | None]:
        """The report's main place when every place it names below country
        level lies in one province; else nothing."""
        provinces = set()
        for mention in ctx.mentions:
            candidate, _, _ = self._resolve_candidate(mention.text, ctx)
            if candidate is not None and candidate.kind != "country":
                provinces.add((candidate.country_code, candidate.admin1_code))
        return self.main_place(ctx) if len(provinces) == 1 else (None, None)

    def _role(self, sentence: str, start: int, end: int, candidate: Candidate,
              previous: tuple[int, Place] | None) -> tuple[str, bool]:
        """How the sentence uses the name at [start, end): (role, near)."""
        if _CURRENCY.match(sentence, end):
            return "actor", False  # "against the US dollar": its money, not the place
        # "Spin Boldak in Afghanistan", "Lashkar Gah, Helmand": a larger unit
        # right after a place only says where that place is
        if previous is not None and candidate.kind in ("admin1", "country"):
            between = sentence[previous[0]:start]
            if re.fullmatch(r"\s*(?:,\s*|\(\s*)?(?:in\s+)?(?:the\s+)?(?:[a-z-]+\s+)?", between):
                prev_place = previous[1]
                if prev_place.country and prev_place.country == candidate.country and prev_place.kind not in ("country",):
                    return "qualifier", False
        # "Lulimba village (Fizi, Sud-Kivu)": names in brackets after a name
        # say where that name lies; alone, they place the event only roughly
        opened = sentence.rfind("(", 0, start)
        if (opened > 0 and sentence.rfind(")", 0, start) < opened
                and re.search(r"(?:\b[A-Z][\w'’-]*|village|town|city|district|area|camp|neighbourhood|neighborhood)\s*$",
                              sentence[:opened])):
            return "qualifier", True
        if _WHOSE.search(sentence, max(0, start - 40), start) or _FROM_WHOM.search(sentence, max(0, start - 40), start):
            # "the leader of neighbouring Colombia", "under pressure from
            # Washington": whose leader, who pressed, not where
            return "actor", False
        words = re.findall(r"[\w'’-]+|[^\w\s]", sentence[:start])[-10:]
        near = False
        saw_capital = False
        for word in reversed(words):
            lower = word.lower()
            if lower in ("near", "outside", "around"):
                return "locative", True
            if lower in LOCATIVE:
                return "locative", near
            if lower in NEAR:
                near = True
                continue
            if lower in ORIGIN:
                return "origin", near
            if lower in DESTINATION:
                return "destination", near
            if lower in TOPIC:
                return "topic", near
            if lower == "capital":
                saw_capital = True
                continue
            if lower in FILLER or word[:1].isupper() or "-" in word or word[:1].isdigit():
                continue
            break
        if saw_capital:
            return "qualifier", near
        after = sentence[end:]
        possessed = re.match(r"['’]s\s+([a-z-]+)(?:\s+([a-z-]+))?", after)
        if possessed:
            part = possessed.group(1)
            if part not in PLACE_PARTS and part in FILLER | NEAR | {"old"}:
                part = possessed.group(2)  # "Kabul's western outskirts"
            if part in PLACE_PARTS:
                return "bare", near or part in NEAR  # "closed Afrin's entrances"
        if re.match(r"['’]s\b", after):
            return "actor", near  # "Afghanistan's best chance", "Kabul's decision"
        if re.match(r"-[a-z]", after):
            return "actor", near  # "US-backed", "Taliban-held", "U.S.-mediated"
        if not words and re.match(r"\s*[,–—-]", after) and sentence[start:end].isupper():
            return "qualifier", near  # the dateline "KABUL, Afghanistan -" is where the reporter is
        # the word that follows in the same phrase: "Kabul police", but not
        # "Manchester parish, police and officers seized ..."
        # "US and Mexican officials": a name coordinated with another before an actor noun
        paired = re.match(r"\s+(?:and|&)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s+([a-z]+)\b", after)
        if paired and paired.group(1) in ACTOR_NOUNS:
            return "actor", near
        following = re.findall(r"[A-Za-z-]+", after[:40]) if not re.match(r"\s*[,;:()]", after) else []
        if following:
            nxt = following[0]
            lower = nxt.lower()
            if lower in ACTOR_NOUNS or lower in REPORTING_VERBS:
                return "actor", near
            metonym = candidate.kind == "country" or candidate.place_id in self._capitals
            if metonym and lower in AUXILIARIES:
                return "actor", near  # "Kabul was to release ..."
            if (candidate.kind == "country" and nxt.islower() and after[:1] == " "
                    and self._word_level(lower) != 2):
                return "actor", near  # a country before a noun modifies it: "US airstrikes"
        return "bare", near

    # ------------------------------------------------------------ baseline
    def baseline_resolve(self, name: str) -> Place | None:
        """The naive baseline: the most populous place with exactly this name."""
        exact = [c for c in self.gazetteer.candidates(name) if c.match in ("name", "alias")]
        if not exact:
            return None
        return max(exact, key=lambda c: c.population).to_place()


# ------------------------------------------------------------------- helpers

_default: PlaceResolver | None = None


def default_resolver() -> PlaceResolver:
    """A process-wide resolver over the default index (and $EVENTLEDGER_PLACES)."""
    global _default
    if _default is None:
        _default = PlaceResolver()
    return _default


def find_place_names(text: str) -> list[tuple[int, int, str]]:
    return default_resolver().find_place_names(text)


def baseline_resolve(name: str) -> Place | None:
    return default_resolver().baseline_resolve(name)


# ----------------------------------------------------------------- benchmark

_BENCH_PARAGRAPH = (
    "Taliban fighters stormed Qala-i-Naw, the capital of Badghis province, on Wednesday and "
    "freed hundreds of prisoners, officials in Kabul said. Afghan forces backed by air strikes "
    "pushed the insurgents out of the city by the afternoon. In the northern province of "
    "Badakhshan, some 1,600 troops fled into Tajikistan. Pakistan security forces used tear gas "
    "to disperse hundreds of people who tried to cross the border from Chaman to Spin Boldak. "
    "Talks between the government and the Taliban in Doha have stalled. Fighting was also reported "
    "near Lashkargah in Helmand and in Kunduz, where the Taliban seized Shir Khan Bandar. "
)


def benchmark(text: str | None = None, repeat: int = 20) -> dict[str, float]:
    """Time loading and resolving the places of a ~700-word report.

    The spaCy entities are left out (the pipeline computes them anyway); this
    measures the resolver's own cost: gazetteer name finding, the document
    context and one event place per sentence.
    """
    started = time.perf_counter()
    resolver = PlaceResolver()
    loaded = time.perf_counter() - started
    text = text or (_BENCH_PARAGRAPH * 6)
    sentences = [(m.start(), m.group(0)) for m in re.finditer(r"[^.!?]+[.!?]?", text)]

    def once() -> None:
        ctx = resolver.document_context(text, [])
        for start, sentence in sentences:
            resolver.event_place(sentence, start, [], ctx)

    started = time.perf_counter()
    once()
    cold = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(repeat):
        once()
    warm = (time.perf_counter() - started) / repeat
    started = time.perf_counter()
    for _ in range(repeat):
        resolver.find_place_names(text)
    finding = (time.perf_counter() - started) / repeat
    return {
        "load_s": round(loaded, 4),
        "words": len(text.split()),
        "article_cold_ms": round(cold * 1000, 2),
        "article_warm_ms": round(warm * 1000, 2),
        "find_place_names_ms": round(finding * 1000, 2),
    }
