"""A country's ACLED region and ISO code.

Countries are named as our records name them (ACLED's spelling: "Democratic
Republic of Congo", "Ivory Coast", "Palestine"); names pycountry does not know
that way are mapped here. The region table is ``data/acled_regions.csv``.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

REGIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "acled_regions.csv"

# Country names as ACLED spells them that pycountry does not know by that name.
ISO_ALPHA3_BY_ACLED_NAME = {
    "bolivia": "BOL",
    "brunei": "BRN",
    "cape verde": "CPV",
    "czech republic": "CZE",
    "democratic republic of congo": "COD",
    "east timor": "TLS",
    "eswatini": "SWZ",
    "iran": "IRN",
    "ivory coast": "CIV",
    "laos": "LAO",
    "micronesia": "FSM",
    "moldova": "MDA",
    "north korea": "PRK",
    "palestine": "PSE",
    "republic of congo": "COG",
    "russia": "RUS",
    "south korea": "KOR",
    "syria": "SYR",
    "taiwan": "TWN",
    "tanzania": "TZA",
    "turkey": "TUR",
    "united states": "USA",
    "venezuela": "VEN",
    "vietnam": "VNM",
}
# ISO 3166 has no code for Kosovo; ACLED, like most, uses the user-assigned XK / 0
_KOSOVO = ("XK", 0)


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """(alpha-2 code -> region, lower-cased table name -> alpha-2 code)."""
    regions: dict[str, str] = {}
    names: dict[str, str] = {}
    with REGIONS_FILE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            regions[row["cc"]] = row["region"]
            names[row["country"].strip().lower()] = row["cc"]
    return regions, names


@lru_cache(maxsize=1024)
def country_code(country: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code of a country as our records name it."""
    if not country:
        return None
    key = country.strip().lower()
    if key == "kosovo":
        return _KOSOVO[0]
    _regions, names = _table()
    if key in names:
        return names[key]
    entry = _pycountry(country)
    return entry.alpha_2 if entry is not None else None


def region(country: str | None) -> str | None:
    """ACLED's region of a country ("Western Africa", "Middle East", "South Asia", ...)."""
    code = country_code(country)
    return _table()[0].get(code) if code else None


@lru_cache(maxsize=1024)
def iso_numeric(country: str | None) -> int | None:
    """ISO 3166-1 numeric code (ACLED's ``iso``)."""
    if not country:
        return None
    if country.strip().lower() == "kosovo":
        return _KOSOVO[1]
    code = country_code(country)
    entry = _pycountry(country) if code is None else _pycountry_by_alpha2(code)
    return int(entry.numeric) if entry is not None else None


def _pycountry(country: str):
    try:
        import pycountry
    except ImportError:
        return None
    alpha3 = ISO_ALPHA3_BY_ACLED_NAME.get(country.strip().lower())
    try:
        return pycountry.countries.get(alpha_3=alpha3) if alpha3 else pycountry.countries.lookup(country.strip())
    except LookupError:
        return None


def _pycountry_by_alpha2(code: str):
    try:
        import pycountry
    except ImportError:
        return None
    return pycountry.countries.get(alpha_2=code)
